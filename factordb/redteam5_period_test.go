package factordb_test

import (
	"context"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a study is stored only for a reference period that has ended. A
// study of next year was stored and could be applied for: its green-power
// instruments need only overlap the period, so a 绿电 contract for
// deliveries still to come counted as green power used, and the figure,
// certified now for two years, rested on production not made yet. A
// stored study's data are measured: its period ends before the day it is
// stored. A preview (CalculateStudy) may still be of a period to come.
func TestRedteam5_FutureReferencePeriod(t *testing.T) {
	ctx := context.Background()
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name string
		now  time.Time
		ok   bool
	}{
		{"period to come", day(2025, 6, 1), false},
		{"on its last day", day(2025, 12, 31).Add(23 * time.Hour), false},
		{"the day after", day(2026, 1, 1), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := MustOpenServices(t)
			s.db.Now = func() time.Time { return tt.now }
			st := demoStudy(t, "org-demo", demoSerial) // reference period 2025
			if _, err := s.studies.CalculateStudy(ctx, st); err != nil {
				t.Fatalf("preview: %v", err)
			}
			_, err := s.studies.CreateStudy(ctx, st)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "reference_period" {
				t.Fatalf("stored on %s with period %s: %v, want EINVALID naming reference_period", tt.now.Format(time.DateOnly), st.ReferencePeriod, err)
			}
			if _, n, _ := s.studies.FindStudies(ctx, footprint.StudyFilter{}); n != 0 {
				t.Fatalf("%d studies stored", n)
			}
		})
	}
}

// Ensure an application is refused for a study whose reference period has
// not ended, as a study stored before the rule may have (here: stored by a
// clock set ahead).
func TestRedteam5_FutureReferencePeriodApplication(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	now := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	s.db.Now = func() time.Time { return now }
	st := demoStudy(t, orgMaker, demoSerial) // reference period 2025
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "reference_period" {
		t.Fatalf("applied on %s for period %s: %v, want EINVALID naming reference_period", now.Format(time.DateOnly), st.ReferencePeriod, err)
	}
}

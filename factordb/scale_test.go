package factordb_test

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// pendingByScan returns study ID → pending application ID, read from every
// application (what the pending-application index must equal).
func (s *services) pendingByScan(tb testing.TB) map[string]uuid.UUID {
	tb.Helper()
	pending := footprint.ApplicationPending
	apps, err := s.certs.FindApplications(context.Background(), footprint.ApplicationFilter{Status: &pending})
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]uuid.UUID{}
	for _, a := range apps {
		out[a.StudyID] = a.ID
	}
	return out
}

func (s *services) assertPendingIndex(tb testing.TB) {
	tb.Helper()
	got, err := factordb.PendingApplicationIndex(s.db)
	if err != nil {
		tb.Fatal(err)
	}
	if want := s.pendingByScan(tb); !maps.Equal(got, want) {
		tb.Fatalf("pending-application index %v, scan %v", got, want)
	}
}

// The pending-application index equals what a scan of the applications
// gives after creates, rejections and issues, and a database written before
// it existed gets it at Open.
func TestCertificationService_PendingApplicationIndex(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	var apps []*footprint.Application
	for i := range 6 {
		apps = append(apps, s.MustApply(t, fmt.Sprintf("PCF-IDX-%03d", i)))
	}
	s.assertPendingIndex(t)
	if got := len(s.pendingByScan(t)); got != 6 {
		t.Fatalf("%d pending, want 6", got)
	}

	// Decided applications leave the index; the study can apply again.
	if _, err := s.certs.RejectApplication(ctx, apps[0].ID, []string{"incomplete"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.IssueCertificate(ctx, apps[1].ID, issueReq); err != nil {
		t.Fatal(err)
	}
	s.assertPendingIndex(t)
	again := &footprint.Application{StudyID: apps[0].StudyID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, again); err != nil {
		t.Fatal(err)
	}
	// A second pending application of a study is refused by the index.
	dup := &footprint.Application{StudyID: apps[2].StudyID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, dup); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("second pending application: %v, want ECONFLICT", err)
	}
	s.assertPendingIndex(t)

	// An existing database without the index gets it at Open.
	if err := factordb.DropPendingApplications(s.db); err != nil {
		t.Fatal(err)
	}
	if got, _ := factordb.PendingApplicationIndex(s.db); len(got) != 0 {
		t.Fatalf("index not dropped: %v", got)
	}
	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
	s.assertPendingIndex(t)
	if err := s.certs.CreateApplication(ctx, dup); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("second pending application after rebuild: %v, want ECONFLICT", err)
	}
}

// BenchmarkCreateApplication creates a pending application and rejects it
// (so that the study can apply again), in a database holding n decided
// applications written by the fast loader. Issue 14 item 3: the cost must
// not grow with n.
func BenchmarkCreateApplication(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("applications=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s := MustOpenServices(b)
			s.MustCreateOrgs(b)
			st := s.MustCreateStudy(b, orgMaker, "PCF-BENCH-001")
			if err := factordb.LoadDecidedApplications(s.db, n, orgMaker, orgCertifier); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				app := &footprint.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
				if err := s.certs.CreateApplication(ctx, app); err != nil {
					b.Fatal(err)
				}
				if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"benchmark"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

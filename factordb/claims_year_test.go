package factordb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a batch of green certificates claimed again with its year written
// together with the number is refused, either way round: the demo maker's
// GEC-DEMO-2025-000001 to -001000 (1,000 MWh, its certificate applied for)
// was stored for another company as GEC-DEMO-2025000001 to
// GEC-DEMO-2025001000, another prefix and other numbers to the register,
// so two certificates could count the same green power.
func TestStudyService_GreenBatchYearWrittenWithTheNumber(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct{ held, heldLast, first, last string }{
		{demoSerial, "GEC-DEMO-2025-001000", "GEC-DEMO-2025000001", "GEC-DEMO-2025001000"},
		{demoSerial, "GEC-DEMO-2025-001000", "GECDEMO2025000500", ""},
		{"GEC-DEMO-2025000001", "GEC-DEMO-2025001000", "GEC-DEMO-2025-000001", "GEC-DEMO-2025-001000"},
	} {
		s := MustOpenWithOrgs(t)
		s.mustApplyFor(t, s.MustCreateStudy(t, orgMaker, demoSerial, func(st *footprint.Study) {
			in := st.Electricity[0].Instruments[0]
			in.Serial, in.SerialLast, in.MWh = tt.held, tt.heldLast, 1000
		}))
		mwh := 1000.0
		if tt.last == "" {
			mwh = 1
		}
		_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, tt.first, tt.last, mwh))
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "electricity[0].instruments[0].serial" || !strings.Contains(err.Error(), footprint.NormalizeSerial(tt.first)) {
			t.Errorf("%s to %s beside the batch %s to %s: %v, want a conflict naming the serial", tt.first, tt.last, tt.held, tt.heldLast, err)
		}
	}
}

// Ensure a claim stored before the register read a year written with the
// number after it is held under today's key once the file is opened: the
// batch GEC-DEMO-2025000001 to GEC-DEMO-2025001000, keyed then under the
// prefix GECDEM with the numbers 2025000001 to 2025001000, refuses another
// company's GEC-DEMO-2025-000001 to -001000.
func TestStudyService_GreenBatchKeyedBeforeYearsReadApart(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := factordb.PutGreenClaimKeyedBeforeYears(s.db, "GEC-DEMO-2025000001", "GEC-DEMO-2025001000", "GECDEM", "2025000001", "2025001000", "legacy-study", y, 1000); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, "GEC-DEMO-2025-000001", "GEC-DEMO-2025-001000", 1000))
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "electricity[0].instruments[0].serial" {
		t.Errorf("the batch stored before the re-key, claimed again with the year apart: %v, want a conflict naming the serial", err)
	}
	claims, err := s.studies.FindGreenClaims(ctx, "GEC-DEMO-2025-000999")
	if err != nil || len(claims) != 1 || claims[0].StudyID != "legacy-study" {
		t.Fatalf("claims of GEC-DEMO-2025-000999 after Open: %+v %v, want the legacy batch", claims, err)
	}
}

package factordb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a claim stored before the register dropped the punctuation
// between letters, and between letters and numbers (red team 18), is held
// under today's key once the file is opened: the demo maker's batch
// GEC-DEMO-2025-000001 to -001000 (1,000 MWh), keyed then under the prefix
// GEC-DEM0-2025- with its span, refuses another company's study claiming
// it written GECDEMO2025-… (or with other punctuation), with a conflict
// naming the serial and nothing written. A look-up deep in the batch finds
// it after a later claim under today's prefix: the re-key builds the
// prefix's span, so the look-up starts far enough back.
func TestRedteam18_SerialClaimKeyedBeforeFoldingRefusesTheBatchWithoutHyphens(t *testing.T) {
	ctx, s := mustStart(t)
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := factordb.PutGreenClaimBeforeHyphensFolded(s.db, "GEC-DEMO-2025-000001", "GEC-DEMO-2025-001000", "legacy-study", y, 1000); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	later := []footprint.GreenClaim{{Serial: "GEC-DEMO-2025-002000", Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: 1}}
	if err := s.studies.ClaimInstruments(ctx, "later-study", later); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ first, last string }{
		{"GECDEMO2025-000001", "GECDEMO2025-001000"},
		{"GECDEMO-2025-000001", "GECDEMO-2025-001000"},
		{"GEC-DEMO2025-000001", "GEC-DEMO2025-001000"},
		{"GEC_DEM0.2025:000001", "GEC_DEM0.2025:001000"},
		{"GECDEMO2025-000900", ""}, // one certificate deep in the batch
	} {
		mwh := 1000.0
		if tt.last == "" {
			mwh = 1
		}
		_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, tt.first, tt.last, mwh))
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "electricity[0].instruments[0].serial" || !strings.Contains(err.Error(), footprint.NormalizeSerial(tt.first)) {
			t.Errorf("%s to %s beside the batch stored before the re-key: %v, want a conflict naming the serial", tt.first, tt.last, err)
		}
	}
	claims, err := s.studies.FindGreenClaims(ctx, "GEC-DEMO2025-000999")
	if err != nil || len(claims) != 1 || claims[0].StudyID != "legacy-study" || claims[0].MWh != 1000 {
		t.Fatalf("claims of GEC-DEMO2025-000999 after Open: %+v %v, want the legacy batch only", claims, err)
	}
}

package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed"
)

// Ensure a study is not certified on a factor that a newer published set
// replaced under a new code. A correction under the same code is refused
// (TestRedteam_CorrectedFactorInNewerSet), but a curator who publishes the
// corrected value as a new factor and marks the old one superseded by it
// (the PV cell factor doubled, as PV-CELL-MONO182-R1, in set 2026.2 based
// on the seed set) leaves the old code with its old value: the comparison
// by code found nothing changed, and a study pinning the seed set was
// certified on the replaced value, with an empty review. The same holds
// for a factor the pinned set itself marks superseded (the engine warns;
// the issue went ahead).
func TestRedteam3_FactorSupersededUnderNewCode(t *testing.T) {
	ctx := context.Background()
	const code, successor = "PV-CELL-MONO182", "PV-CELL-MONO182-R1"
	for _, tt := range []struct {
		name, pins string // the set the study pins
	}{
		{"in-a-newer-set", seed.SetVersion},
		{"in-the-pinned-set", correctedSet}, // the study uses the superseded code: a warning
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := MustOpenWithOrgs(t)
			old, err := s.factors.FindFactorByCode(ctx, seed.SetVersion, code)
			if err != nil {
				t.Fatal(err)
			}
			// Set 2026.2, based on the seed set, corrects the factor under
			// a new code and marks the old one superseded by it.
			MustCreateFactorSet(t, s.factors, correctedSet, seed.SetVersion)
			replaced, fixed := *old, *old
			replaced.Set, replaced.Status, replaced.SupersededBy = correctedSet, footprint.StatusSuperseded, successor
			fixed.Set, fixed.Code, fixed.Value = correctedSet, successor, old.Value*2
			MustImportFactors(t, s.factors, correctedSet, &replaced, &fixed)
			MustPublishFactorSet(t, s.factors, correctedSet)

			st := demoStudy(t, orgMaker, "GEC-RT3-FS-1")
			st.FactorSet = tt.pins
			if _, err := s.studies.CreateStudy(ctx, st); err != nil {
				t.Fatal(err)
			}
			app, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
			if err == nil {
				_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
			}
			if err == nil || footprint.ErrorField(err) != "factor_set" || !strings.Contains(footprint.ErrorMessage(err), successor) {
				t.Fatalf("certified on set %s, %s = %v, although published set %s superseded it by %s = %v: %v", tt.pins, code, old.Value, correctedSet, successor, fixed.Value, err)
			}
		})
	}
}

package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a set based on another flags a factor whose class it changes,
// its value unchanged (red team 14: compared on value, unit and superseded
// marking only, factorlib.CompareWithBase). One curator relabels the seed's PV
// generation factor ELEC-CN-GEN-PV-CF-2024 (0.052 kgCO2e/kWh) as a grid
// mix in set 2026.2 based on the seed set, value unchanged, and publishes
// it: no change flag, so no second curator, and a study's grid or use
// electricity may take it. The demo laptop's use stage goes 95.8 → 8.6
// kgCO2e (total 185.4 → 98.3, as live, where it was certified with
// an empty review). The flag names what changed, and a review of another
// class does not hold for it.
func TestRedteam14_ClassChangeIsAChange(t *testing.T) {
	ctx := context.Background()
	alice := curator(ctx, "k-alice")
	const code = "ELEC-CN-GEN-PV-CF-2024"
	s := MustOpenWithOrgs(t)
	old, relabelled := s.mustChangeInNewSet(t, alice, "2026.2", code, func(f *footprint.Factor) {
		f.ElectricityRole = footprint.ElectricityRoleGridMix
		f.NameEN = "China national average electricity carbon footprint factor (2024, revised)"
	})
	if _, err := s.factors.PublishFactorSet(alice, "2026.2"); err != nil {
		t.Fatal(err)
	}
	flags, err := s.factors.FindFactorFlags(ctx, "2026.2")
	if err != nil {
		t.Fatal(err)
	}

	// What a study on 2026.2 certifies with it.
	factors := seedtest.Factors(t)
	honest := seedtest.Calculated(t, "laptop", footprinttest.CountExemptedInFull)
	factors[code] = relabelled
	flat := seedtest.Study(t, "laptop")
	footprinttest.CountExemptedInFull(flat)
	flat.Product.Use.Factor = code
	res, err := footprint.Calculate(flat, factors, nil)
	if err != nil {
		t.Fatalf("the relabelled factor as the use stage's grid: %v", err)
	}
	t.Logf("laptop: %.1f kgCO2e on the seed's grid mix, %.1f on the relabelled PV generation factor", honest.Result.KgCO2e, res.KgCO2e)
	for _, fl := range flags {
		if fl.Code == code && !fl.Reviewed() {
			if !strings.Contains(fl.Explanation, `electricity_role changed from "generation:pv" to "grid-mix"`) {
				t.Errorf("flag %q does not say what changed", fl.Explanation)
			}
			return
		}
	}
	t.Errorf("set 2026.2 relabels %s from %s to %s and was published by one curator with no flag on it (flags: %d): its class is not compared with the base",
		code, old.ElectricityRole, relabelled.ElectricityRole, len(flags))
}

// Ensure a study stored before a warning rule existed is not certified on
// the warnings stored with it (red team 14: the application and the issue
// recalculated it with today's engine but compared its figures only, and
// the review lists the stored result's warnings). Live: the demo module with its
// cells as a PACT footprint at 5 kgCO2e/kg, stored by the program before
// commit 9d12c00, was certified at 74.7 kgCO2e (157.3 with the set's
// cells) after the upgrade with only the generic "taken to be in a
// supplier footprint" warning; stored today the same study carries "no
// factor of set 2026.1 of its product is per kg to compare it with". Here
// the demo study's stored warnings are removed, as an older engine stored
// none of them: the application is refused, naming result and the
// warning, until the study is stored again.
func TestRedteam14_StoredWarningsAreTheReviewsWarnings(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-RT14-1")
	if st.Result == nil || len(st.Result.Warnings) == 0 {
		t.Fatal("the demo study has no warning to lose")
	}
	n := len(st.Result.Warnings)
	if err := factordb.StripStoredWarnings(s.db, st.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.studies.FindStudyByID(asOrg(orgMaker), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	err = s.certs.CreateApplication(ctx, app)
	if footprint.ErrorField(err) == "result" && strings.Contains(err.Error(), "a warning its stored result lacks") {
		return
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err != nil {
		t.Fatalf("refused at issue only: %v", err)
	}
	t.Errorf("study stored with %d warnings today, read back with %d, applied for and issued as %s at %.1f kgCO2e: today's warnings are not recomputed",
		n, len(got.Result.Warnings), rec.Certificate().Number, got.Result.KgCO2e)
}

package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a change of a set based on another waits for a second curator
// however it travels (docs/integrity.md §11a, change flags): Alice lowers
// PV-CELL-MONO182 in set 2026.2, based on the seed set, and publishes it;
// Bob copies 2026.2, unchanged, into 2026.3 and publishes that. The change
// is flagged in both, unreviewed: a study on the seed set is still applied
// for, neither set corrects it. Once Dave reviews the change in 2026.2,
// it corrects the seed set; 2026.3 keeps its own flag until reviewed
// there. The holder of the database file (no API key) reviews its own
// change by making it (mustPublishCorrection; four eyes bind the
// service's curators).
func TestChangeFlags_SecondCuratorBeforeCorrection(t *testing.T) {
	ctx := context.Background()
	alice, bob, dave := curator(ctx, "k-alice"), curator(ctx, "k-bob"), curator(ctx, "k-dave")
	const code = "PV-CELL-MONO182"
	s := MustOpenWithOrgs(t)
	old, _ := s.mustChangeInNewSet(t, alice, "2026.2", code, func(f *footprint.Factor) { f.Value /= 10 })
	if _, err := s.factors.PublishFactorSet(alice, "2026.2"); err != nil {
		t.Fatalf("publish with an unreviewed change flag: %v", err)
	}
	if err := s.factors.CreateFactorSet(bob, &footprint.FactorSet{Version: "2026.3", BasedOn: "2026.2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.factors.PublishFactorSet(bob, "2026.3"); err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"2026.2", "2026.3"} {
		flags, err := s.factors.FindFactorFlags(ctx, set)
		if err != nil {
			t.Fatal(err)
		}
		if len(flags) != 1 || flags[0].Code != code || flags[0].FlagKind() != factorlib.FlagChanged || flags[0].Reviewed() ||
			flags[0].Change.Set != "2026.2" || flags[0].Change.BaseValue != old.Value {
			t.Fatalf("flags of %s: %+v, want %s changed in 2026.2 from %g, unreviewed", set, flags, code, old.Value)
		}
	}
	apply := func(serial string) error {
		st := s.MustCreateStudy(t, orgMaker, serial)
		return s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	}
	if err := apply("GEC-CF-1"); err != nil {
		t.Fatalf("an unreviewed change corrected the seed set: %v", err)
	}
	// Alice is no author of 2026.3, but the change it copied is hers.
	_, err := s.factors.AcknowledgeFactorFlags(alice, "2026.3", []string{code}, "my change, copied")
	assertFourEyes(t, err, "created factor set 2026.2")
	if _, err := s.factors.AcknowledgeFactorFlags(dave, "2026.2", []string{code}, "checked against the supplier's EPD"); err != nil {
		t.Fatal(err)
	}
	if err := apply("GEC-CF-2"); footprint.ErrorField(err) != "factor_set" || !strings.Contains(footprint.ErrorMessage(err), "corrected in published set 2026.2") {
		t.Fatalf("application after the review: %v, want the correction by 2026.2", err)
	}
	assertUnreviewed(t, s.factors, "2026.3", code)

	// The file's holder: its change is reviewed by its import.
	h := MustOpenWithOrgs(t)
	h.mustPublishCorrection(t, code, 2)
	flags, err := h.factors.FindFactorFlags(ctx, "2026.2")
	if err != nil || len(flags) != 1 || !flags[0].Reviewed() || !strings.Contains(flags[0].Acknowledgement.Note, "holder") {
		t.Fatalf("flags of the holder's change: %+v, %v", flags, err)
	}
}

// mustChangeInNewSet has curator create set version based on the seed set
// and import factor code of the seed set changed by change; it returns the
// seed's factor and the changed one.
func (s *services) mustChangeInNewSet(tb testing.TB, curator context.Context, version, code string, change func(f *footprint.Factor)) (old, changed *footprint.Factor) {
	tb.Helper()
	old, err := s.factors.FindFactorByCode(context.Background(), seed.SetVersion, code)
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.factors.CreateFactorSet(curator, &footprint.FactorSet{Version: version, BasedOn: seed.SetVersion}); err != nil {
		tb.Fatal(err)
	}
	c := *old
	change(&c)
	if _, err := s.factors.ImportFactors(curator, version, []*footprint.Factor{&c}); err != nil {
		tb.Fatal(err)
	}
	return old, &c
}

// Red team 16: one curator created a set based on the seed set, imported a
// new code PV-AL-PROFILE-CN25, the seed's aluminium profile (same product
// code and source) at 1.1 instead of 9.8 kgCO2e/kg, and published it
// alone: inside the wide range of its 23 material peers it carried no flag,
// and the demo module on it with its frame on the new code was certified
// at 131.4 instead of 158.5. Every factor a set adds to its base is now
// flagged as added, unreviewed until a second curator reviews it.
func TestRedteam16_AddedCodeWithinItsPeersIsFlagged(t *testing.T) {
	ctx := context.Background()
	alice := curator(ctx, "k-alice")
	s := MustOpenWithOrgs(t)
	_, added := s.mustChangeInNewSet(t, alice, "2026.9", "PV-AL-PROFILE", func(f *footprint.Factor) { f.Code, f.Value = "PV-AL-PROFILE-CN25", 1.1 })
	if _, err := s.factors.PublishFactorSet(alice, "2026.9"); err != nil {
		t.Fatal(err)
	}
	flags, err := s.factors.FindFactorFlags(ctx, "2026.9")
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range flags {
		if fl.Code == added.Code && fl.FlagKind() == factorlib.FlagAdded && !fl.Reviewed() && fl.Change.Unchecked == "" &&
			strings.Contains(fl.Explanation, "every factor a set adds is reviewed") {
			return
		}
	}
	t.Errorf("%s, new in 2026.9 at %g kgCO2e/kg, published by one curator; flags: %+v", added.Code, added.Value, flags)
}

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

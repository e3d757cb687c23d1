package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/seed"
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

// Ensure a set based on no other that a curator filled is reviewed whole
// (docs/integrity.md §11a; red team, live): Alice creates "Sichuan regional
// copy of 2026.1" without based_on, imports the seed set's factors with
// PV-CELL-MONO182 lowered (per piece: never an outlier; the red team's was
// at a tenth) and publishes it alone. Every factor is flagged added, unreviewed, so the demo study
// on the set is refused until Bob, no author, reviews the flags; then it
// is applied for. The database file's holder importing the same factors
// into a set of its own (seed.LoadSet, `pcf factors import --db`) is not
// held, and its import into Alice's set reviews what it imported.
func TestChangeFlags_BaselessSetReviewedWhole(t *testing.T) {
	ctx := context.Background()
	alice, bob := curator(ctx, "k-alice"), curator(ctx, "k-bob")
	const code, set, held = "PV-CELL-MONO182", "2026.SC", "2026.SH"
	s := MustOpenWithOrgs(t)
	fill := func(who context.Context, version string) []string {
		t.Helper()
		if err := s.factors.CreateFactorSet(who, &footprint.FactorSet{Version: version, Description: "Sichuan regional copy of 2026.1"}); err != nil {
			t.Fatal(err)
		}
		factors, err := s.factors.ExportFactorSet(ctx, seed.SetVersion)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, f := range factors {
			if f.Set = version; f.Code == code {
				f.Value *= 0.9 // at a tenth the demo study's exempted lines exceed its cut-off
			}
			codes = append(codes, f.Code)
		}
		if _, err := s.factors.ImportFactors(who, version, factors); err != nil {
			t.Fatal(err)
		}
		if _, err := s.factors.PublishFactorSet(who, version); err != nil {
			t.Fatalf("publish %s with unreviewed added flags: %v", version, err)
		}
		return codes
	}
	codes := fill(alice, set)
	flags, err := s.factors.FindFactorFlags(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	var added *factorlib.FactorFlag
	for _, fl := range flags {
		if fl.FlagKind() == factorlib.FlagAdded && fl.Change.BaseSet == "" && !fl.Reviewed() && fl.Code == code {
			added = fl
		}
	}
	if len(flags) != len(codes) || added == nil || !strings.Contains(added.Explanation, "based on no other set") || !strings.Contains(added.ExplanationZH, "不基于其他因子集") {
		t.Fatalf("%d flags of %d factors, flag of %s %+v: want every factor added, unreviewed", len(flags), len(codes), code, added)
	}
	onSet := func(version string) func(*footprint.Study) {
		return func(st *footprint.Study) { st.FactorSet = version }
	}
	st := demoStudy(t, orgMaker, "GEC-SC-1")
	onSet(set)(st)
	_, err = s.studies.CreateStudy(ctx, st)
	assertCode(t, err, footprint.EINVALID)
	if msg := footprint.ErrorMessage(err); !strings.Contains(footprint.ErrorField(err), ".factor") || !strings.Contains(msg, "a curator must review the flag first") {
		t.Fatalf("study on %s before a review: %v", set, err)
	}
	_, err = s.factors.AcknowledgeFactorFlags(alice, set, codes, "my own copy")
	assertFourEyes(t, err, "created factor set "+set)
	if _, err := s.factors.AcknowledgeFactorFlags(bob, set, codes, "checked against 2026.1 and the supplier's EPD"); err != nil {
		t.Fatal(err)
	}
	apply := func(serial, version string) error {
		st := s.MustCreateStudy(t, orgMaker, serial, onSet(version))
		return s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	}
	if err := apply("GEC-SC-2", set); err != nil {
		t.Fatalf("application after a second curator's review: %v", err)
	}

	// The holder: a set of its own is not held; its import into a
	// curator's set reviews what it imported.
	fill(ctx, held)
	if flags, err := s.factors.FindFactorFlags(ctx, held); err != nil || len(factorlib.Unreviewed(flags)) != 0 {
		t.Fatalf("flags of the holder's set: %d unreviewed, %v", len(factorlib.Unreviewed(flags)), err)
	}
	if err := apply("GEC-SH-1", held); err != nil {
		t.Fatalf("application on the holder's set: %v", err)
	}
	if err := s.factors.CreateFactorSet(alice, &footprint.FactorSet{Version: "2026.SD"}); err != nil {
		t.Fatal(err)
	}
	f, err := s.factors.FindFactorByCode(ctx, seed.SetVersion, code)
	if err != nil {
		t.Fatal(err)
	}
	f.Set, f.Value = "2026.SD", f.Value*0.9
	MustImportFactors(t, s.factors, "2026.SD", f)
	flags, err = s.factors.FindFactorFlags(ctx, "2026.SD")
	if err != nil || len(flags) != 1 || flags[0].FlagKind() != factorlib.FlagAdded || !flags[0].Reviewed() || !strings.Contains(flags[0].Acknowledgement.Note, "holder") {
		t.Fatalf("flags of the holder's import into a curator's set: %+v, %v", flags, err)
	}
}

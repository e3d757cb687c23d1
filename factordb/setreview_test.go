package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed"
)

// fillBaseless has who create set version based on no other and import
// the seed set's factors into it, PV-CELL-MONO182 times scale (per
// piece: never an outlier, and in no group a peer check reads).
func (s *services) fillBaseless(tb testing.TB, who context.Context, version string, scale float64) {
	tb.Helper()
	if err := s.factors.CreateFactorSet(who, &footprint.FactorSet{Version: version, Description: "Sichuan regional copy of 2026.1"}); err != nil {
		tb.Fatal(err)
	}
	factors, err := s.factors.ExportFactorSet(context.Background(), seed.SetVersion)
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range factors {
		if f.Set = version; f.Code == "PV-CELL-MONO182" {
			f.Value *= scale
		}
	}
	if _, err := s.factors.ImportFactors(who, version, factors); err != nil {
		tb.Fatal(err)
	}
}

// onSet pins a study to set version.
func onSet(version string) func(*footprint.Study) {
	return func(st *footprint.Study) { st.FactorSet = version }
}

// assertSetUnreviewed checks that err refuses a study for a factor of set
// version waiting for its review as a set, naming the line's factor field.
func assertSetUnreviewed(tb testing.TB, err error, version string) {
	tb.Helper()
	assertCode(tb, err, footprint.EINVALID)
	msg := footprint.ErrorMessage(err)
	if !strings.HasSuffix(footprint.ErrorField(err), ".factor") || !strings.Contains(msg, "of set "+version+" is for previews only") ||
		!strings.Contains(msg, "no second curator has reviewed it as a set") {
		tb.Fatalf("study on %s: field %q, %q: want the line's factor field and the set's missing review", version, footprint.ErrorField(err), msg)
	}
}

// Red team 17 (docs/integrity.md §11a, "Sets not based on another"): Alice
// creates "a Sichuan regional copy of 2026.1" based on no other set,
// imports the seed set's factors with PV-CELL-MONO182 lowered, and
// publishes it alone; a set without a base has no change flags, so the
// demo module on it was certified low with an empty review. Now the set
// is not reviewed as a set: a study on it is refused naming the line's
// factor field, Alice may not review it, and once Bob (no author) has
// reviewed it with a note the study is stored and applied for. The seed
// set and a set the database file's holder filled need no such review.
func TestRedteam17_BaselessSetWaitsForASecondCurator(t *testing.T) {
	ctx := context.Background()
	alice, bob := curator(ctx, "k-alice"), curator(ctx, "k-bob")
	const set = "2026.SC"
	s := MustOpenWithOrgs(t)
	s.fillBaseless(t, alice, set, 0.9) // at a tenth the demo study's exempted lines exceed its cut-off before any check
	if _, err := s.factors.PublishFactorSet(alice, set); err != nil {
		t.Fatalf("publish: %v", err)
	}
	r, err := s.factors.FindSetReview(ctx, set)
	if err != nil || !r.Required || !r.Pending() || !strings.Contains(r.Why, "API key k-alice created factor set "+set) {
		t.Fatalf("review of %s: %+v, %v: want required, pending, naming Alice's key", set, r, err)
	}
	flags, err := s.factors.FindFactorFlags(ctx, set)
	if err != nil || len(flags) != 0 {
		t.Fatalf("flags of %s: %d, %v: want none stored (the mark is one record per set)", set, len(flags), err)
	}

	// A preview warns; a stored study is refused.
	st := demoStudy(t, orgMaker, "GEC-SC-1")
	onSet(set)(st)
	res, err := s.studies.CalculateStudy(ctx, st)
	if err != nil {
		t.Fatalf("preview on %s: %v", set, err)
	}
	warned := false
	for _, w := range res.Warnings {
		warned = warned || strings.Contains(w.Message, "no second curator has reviewed it as a set")
	}
	if !warned {
		t.Errorf("preview on %s: no warning of the set's missing review in %+v", set, res.Warnings)
	}
	_, err = s.studies.CreateStudy(ctx, st)
	assertSetUnreviewed(t, err, set)

	// Four eyes: the author may not review; a blank note is refused.
	_, _, err = s.factors.ReviewFactorSet(alice, set, nil, "my own copy")
	assertFourEyes(t, err, "created factor set "+set)
	_, _, err = s.factors.ReviewFactorSet(bob, set, nil, "  ")
	assertCode(t, err, footprint.EINVALID)
	if footprint.ErrorField(err) != "note" {
		t.Fatalf("blank note: field %q", footprint.ErrorField(err))
	}
	if r, _ := s.factors.FindSetReview(ctx, set); !r.Pending() {
		t.Fatalf("a refused review marked the set: %+v", r)
	}

	// A copy made while the set waits waits too, and its original's
	// authors may not review it.
	carol := curator(ctx, "k-carol")
	if err := s.factors.CreateFactorSet(carol, &footprint.FactorSet{Version: "2026.SD", BasedOn: set}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.factors.PublishFactorSet(carol, "2026.SD"); err != nil {
		t.Fatal(err)
	}
	st = demoStudy(t, orgMaker, "GEC-SD-1")
	onSet("2026.SD")(st)
	_, err = s.studies.CreateStudy(ctx, st)
	assertSetUnreviewed(t, err, "2026.SD")
	_, _, err = s.factors.ReviewFactorSet(alice, "2026.SD", nil, "copied from my set")
	assertFourEyes(t, err, "created factor set "+set)

	r, _, err = s.factors.ReviewFactorSet(bob, set, nil, "checked against 2026.1 and the cell supplier's EPD")
	if err != nil {
		t.Fatalf("Bob's review: %v", err)
	}
	if r.Pending() || r.Review == nil || r.Review.Note != "checked against 2026.1 and the cell supplier's EPD" || r.Review.By != "Operator" {
		t.Fatalf("review after Bob's: %+v", r)
	}
	st = s.MustCreateStudy(t, orgMaker, "GEC-SC-2", onSet(set))
	if err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}); err != nil {
		t.Fatalf("application after a second curator's review: %v", err)
	}
	// The copy keeps waiting for its own review.
	st = demoStudy(t, orgMaker, "GEC-SD-2")
	onSet("2026.SD")(st)
	_, err = s.studies.CreateStudy(ctx, st)
	assertSetUnreviewed(t, err, "2026.SD")

	// The file's holder (no API key): its set needs no review as a set.
	s.fillBaseless(t, ctx, "2026.SH", 0.9)
	MustPublishFactorSet(t, s.factors, "2026.SH")
	if r, err := s.factors.FindSetReview(ctx, "2026.SH"); err != nil || r.Required {
		t.Fatalf("review of the holder's set: %+v, %v", r, err)
	}
	s.MustCreateStudy(t, orgMaker, "GEC-SH-1", onSet("2026.SH"))
	_, _, err = s.factors.ReviewFactorSet(bob, "2026.SH", nil, "nothing to review")
	assertCode(t, err, footprint.EINVALID)
	if footprint.ErrorField(err) != "set" {
		t.Fatalf("review of a set that needs none: field %q", footprint.ErrorField(err))
	}
	// Nor do the seed set and a set based on another.
	for _, v := range []string{seed.SetVersion} {
		if r, err := s.factors.FindSetReview(ctx, v); err != nil || r.Required {
			t.Fatalf("review of %s: %+v, %v", v, r, err)
		}
	}
	s.mustChangeInNewSet(t, alice, "2026.2", "PV-CELL-MONO182", func(f *footprint.Factor) { f.Value /= 10 })
	if r, err := s.factors.FindSetReview(ctx, "2026.2"); err != nil || r.Required {
		t.Fatalf("review of a set based on the seed set: %+v, %v", r, err)
	}
}

// Ensure a curator's change after the review of a set as a whole needs a
// review again: Alice fills a draft based on no other, Bob reviews it,
// Alice imports again; the set waits again, saying so.
func TestReviewFactorSet_ChangeAfterTheReview(t *testing.T) {
	ctx := context.Background()
	alice, bob := curator(ctx, "k-alice"), curator(ctx, "k-bob")
	s := MustOpenWithOrgs(t)
	s.fillBaseless(t, alice, "2026.SX", 1)
	if _, _, err := s.factors.ReviewFactorSet(bob, "2026.SX", nil, "checked against 2026.1"); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.factors.FindSetReview(ctx, "2026.SX"); r.Pending() {
		t.Fatalf("after Bob's review: %+v", r)
	}
	f, err := s.factors.FindFactorByCode(ctx, "2026.SX", "PV-CELL-MONO182")
	if err != nil {
		t.Fatal(err)
	}
	f.Value /= 10
	if _, err := s.factors.ImportFactors(alice, "2026.SX", []*footprint.Factor{f}); err != nil {
		t.Fatal(err)
	}
	r, err := s.factors.FindSetReview(ctx, "2026.SX")
	if err != nil || !r.Pending() || r.Review != nil || !strings.Contains(r.Why, "API key k-alice imported factors into factor set 2026.SX after its review") {
		t.Fatalf("after Alice's import following the review: %+v, %v", r, err)
	}
}

// Ensure four eyes on the review of a set as a whole follow keys as for
// flags: the key that created the author's key, and a key the author's
// key created, are refused; an unrelated key reviews.
func TestReviewFactorSet_KeysOfTheAuthor(t *testing.T) {
	ctx, s := mustStart(t)
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: "Operator", Role: access.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	key := func(by context.Context) string {
		t.Helper()
		_, k, err := s.auth.CreateAPIKey(by, "Operator")
		if err != nil {
			t.Fatal(err)
		}
		return k.ID
	}
	root := key(ctx)                   // the command line's
	alice := key(curator(ctx, root))   // root has seen Alice's token
	minted := key(curator(ctx, alice)) // Alice has seen this one's
	bob := key(ctx)
	s.fillBaseless(t, curator(ctx, alice), "2026.SK", 1)
	_, _, err := s.factors.ReviewFactorSet(curator(ctx, root), "2026.SK", nil, "reviewed by the key that made Alice's")
	assertFourEyes(t, err, "API key "+alice)
	_, _, err = s.factors.ReviewFactorSet(curator(ctx, minted), "2026.SK", nil, "reviewed by a key Alice made")
	assertFourEyes(t, err, "was created with API key "+alice)
	if r, _, err := s.factors.ReviewFactorSet(curator(ctx, bob), "2026.SK", nil, "checked against 2026.1"); err != nil || r.Pending() {
		t.Fatalf("Bob's review: %+v, %v", r, err)
	}
}

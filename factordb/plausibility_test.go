package factordb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// pvFactor returns a PV generation electricity factor of value v kgCO2e/kWh.
func pvFactor(code string, v float64) *footprint.Factor {
	return with(newFactor(code), func(f *footprint.Factor) {
		f.Category, f.Value, f.Unit = footprint.CategoryElectricity, v, mustFactorUnit("kgCO2e/kWh")
		f.ElectricityRole, f.Boundary = footprint.GenerationRole("pv"), footprint.BoundaryLifeCycle
	})
}

// pvPeers returns six honest PV generation factors (0.02 to 0.05).
func pvPeers() []*footprint.Factor {
	var out []*footprint.Factor
	for i, v := range []float64{0.02, 0.03, 0.035, 0.04, 0.045, 0.05} {
		out = append(out, pvFactor(fmt.Sprintf("PV-%d", i), v))
	}
	return out
}

func flagCodes(flags []*factorlib.FactorFlag) []string {
	var out []string
	for _, fl := range flags {
		out = append(out, fl.Code)
	}
	return out
}

// Ensure an import stores the plausibility flags of the set with the
// peers, publishing is refused (ECONFLICT naming the factor) until the
// flag is acknowledged, and an acknowledgement holds for the value it
// acknowledged only.
func TestFactorService_PlausibilityFlags(t *testing.T) {
	ctx := context.Background()

	t.Run("FlaggedAtImportPublishRefused", func(t *testing.T) {
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", append(pvPeers(), pvFactor("PV-BAD", 2223.29))...)
		flags, err := svc.FindFactorFlags(ctx, "2026.1")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := flagCodes(flags), []string{"PV-BAD"}; !slices.Equal(got, want) {
			t.Fatalf("flags %v, want %v", got, want)
		}
		fl := flags[0]
		if fl.Acknowledgement != nil || fl.PeerCount != 6 || len(fl.Peers) != 6 || fl.Value != 2223.29 {
			t.Fatalf("flag %+v", fl)
		}
		for _, p := range fl.Peers {
			if !strings.HasPrefix(p.Code, "PV-") || p.Code == "PV-BAD" {
				t.Errorf("peer %s", p.Code)
			}
		}

		_, err = svc.PublishFactorSet(ctx, "2026.1")
		assertCode(t, err, footprint.ECONFLICT)
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "PV-BAD") || !strings.Contains(msg, "unacknowledged") {
			t.Fatalf("message %q names no flagged factor", msg)
		}
		if got := footprint.ErrorField(err); got != "plausibility_flags" {
			t.Errorf("field %q", got)
		}
		if set, err := svc.FindFactorSetByVersion(ctx, "2026.1"); err != nil || set.Status != footprint.SetDraft {
			t.Fatalf("set after refused publish: %+v, %v", set, err)
		}

		// Refused acknowledgements change nothing.
		_, err = svc.AcknowledgeFactorFlags(ctx, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "  ")
		assertCode(t, err, footprint.EINVALID)
		_, err = svc.AcknowledgeFactorFlags(ctx, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD", "PV-1"), "checked")
		assertCode(t, err, footprint.EINVALID)
		if got := footprint.ErrorField(err); got != "codes[1]" {
			t.Errorf("field %q, want codes[1]", got)
		}
		_, err = svc.AcknowledgeFactorFlags(ctx, "2026.9", []factorlib.SeenFlag{{Code: "PV-BAD"}}, "checked")
		assertCode(t, err, footprint.ENOTFOUND)
		_, err = svc.PublishFactorSet(ctx, "2026.1")
		assertCode(t, err, footprint.ECONFLICT)

		flags, err = svc.AcknowledgeFactorFlags(ctx, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "kept for the test: the source says per kWh")
		if err != nil {
			t.Fatal(err)
		}
		if len(flags) != 1 || flags[0].Acknowledgement == nil || flags[0].Acknowledgement.Note != "kept for the test: the source says per kWh" {
			t.Fatalf("after acknowledgement: %+v", flags)
		}
		set := MustPublishFactorSet(t, svc, "2026.1")
		if set.FactorCount != 7 {
			t.Fatalf("published %d factors", set.FactorCount)
		}
		// The flags stay readable, acknowledged, with the published set.
		flags, err = svc.FindFactorFlags(ctx, "2026.1")
		if err != nil || len(flags) != 1 || flags[0].Acknowledgement == nil {
			t.Fatalf("flags of the published set: %+v, %v", flags, err)
		}
		// The loader acknowledges drafts only; a curator reviews a
		// published set too (issue 15: it changes no value).
		_, err = svc.AcknowledgeSourceFlags(ctx, "2026.1", []string{"PV-BAD"}, "again")
		assertCode(t, err, footprint.ECONFLICT)
		if _, err = svc.AcknowledgeFactorFlags(ctx, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "again"); err != nil {
			t.Fatal(err)
		}

		// A draft made from the published set keeps the acknowledgement.
		MustCreateFactorSet(t, svc, "2026.2", "2026.1")
		MustPublishFactorSet(t, svc, "2026.2")
	})

	t.Run("AcknowledgementHoldsForItsValue", func(t *testing.T) {
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", append(pvPeers(), pvFactor("PV-BAD", 2223.29))...)
		if _, err := svc.AcknowledgeFactorFlags(ctx, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "checked"); err != nil {
			t.Fatal(err)
		}
		// Imported again with another wrong value: flagged afresh.
		MustImportFactors(t, svc, "2026.1", pvFactor("PV-BAD", 40))
		flags, err := svc.FindFactorFlags(ctx, "2026.1")
		if err != nil || len(flags) != 1 || flags[0].Acknowledgement != nil || flags[0].Value != 40 {
			t.Fatalf("flags %+v, %v", flags, err)
		}
		_, err = svc.PublishFactorSet(ctx, "2026.1")
		assertCode(t, err, footprint.ECONFLICT)
		// Corrected: no flag, published.
		MustImportFactors(t, svc, "2026.1", pvFactor("PV-BAD", 0.04))
		if flags, err := svc.FindFactorFlags(ctx, "2026.1"); err != nil || len(flags) != 0 {
			t.Fatalf("flags after correction %+v, %v", flags, err)
		}
		MustPublishFactorSet(t, svc, "2026.1")
	})

	t.Run("BatchedImport", func(t *testing.T) {
		// Ensure the staged path of a large import stores the flags too.
		defer factordb.SetImportBatch(3, 2)()
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", pvPeers()[:2]...)
		MustImportFactors(t, svc, "2026.1", append(pvPeers()[2:], pvFactor("PV-BAD", 2223.29))...)
		flags, err := svc.FindFactorFlags(ctx, "2026.1")
		if err != nil || !slices.Equal(flagCodes(flags), []string{"PV-BAD"}) || flags[0].PeerCount != 6 {
			t.Fatalf("flags %v, %v", flagCodes(flags), err)
		}
	})

	t.Run("CleanSetPublishes", func(t *testing.T) {
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", pvPeers()...)
		if flags, err := svc.FindFactorFlags(ctx, "2026.1"); err != nil || len(flags) != 0 {
			t.Fatalf("flags %v, %v", flagCodes(flags), err)
		}
		MustPublishFactorSet(t, svc, "2026.1")
	})
}

// seenNow returns the flags of codes in set as a reviewer reads them now
// (factorlib.Seen): what a review sends back.
func seenNow(tb testing.TB, svc *factordb.FactorService, set string, codes ...string) []factorlib.SeenFlag {
	tb.Helper()
	flags, err := svc.FindFactorFlags(context.Background(), set)
	if err != nil {
		tb.Fatal(err)
	}
	return factorlib.Seen(flags, codes)
}

// setDigestNow returns the digest of set as a reviewer of the set as a
// whole reads it now (factorlib.SetReview.Digest).
func setDigestNow(tb testing.TB, svc *factordb.FactorService, set string) string {
	tb.Helper()
	r, err := svc.FindSetReview(context.Background(), set)
	if err != nil {
		tb.Fatal(err)
	}
	return r.Digest
}

// curator returns ctx acting as a curator of the operator with API key
// keyID.
func curator(ctx context.Context, keyID string) context.Context {
	return access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: keyID})
}

// assertFourEyes checks that err is the four-eyes refusal, naming what.
func assertFourEyes(tb testing.TB, err error, what string) {
	tb.Helper()
	assertCode(tb, err, footprint.EFORBIDDEN)
	if got := footprint.ErrorField(err); got != "reviewer" {
		tb.Errorf("field %q, want reviewer", got)
	}
	if msg := footprint.ErrorMessage(err); !strings.Contains(msg, what) || !strings.Contains(msg, "another curator") {
		tb.Errorf("message %q does not say %q and who may review", msg, what)
	}
	// Chinese, then English, each half in its own language: the
	// refusal's format was joined to a prefix and a suffix, so no table
	// gave it its Chinese, and who acted and what they did were English.
	mustEachHalfInItsLanguage(tb, footprint.ErrorMessage(err), "four eyes", "API key", "organisation", "factor set", "created", "imported", "classified", "curator")
}

// mustEachHalfInItsLanguage fails tb unless msg says it in Chinese, then
// in English, its English half without Chinese and its Chinese half
// without any of words (English that belongs in the English half only).
func mustEachHalfInItsLanguage(tb testing.TB, msg string, words ...string) {
	tb.Helper()
	en := footprinttest.English(tb, msg)
	if hasHan(en) {
		tb.Errorf("the English half of %q holds Chinese", msg)
	}
	zh, ok := strings.CutSuffix(msg, "。"+en)
	if !ok {
		return // English failed tb
	}
	for _, w := range words {
		if strings.Contains(zh, w) {
			tb.Errorf("the Chinese half of %q holds %q", msg, w)
		}
	}
}

// mustOperatorKeys opens a database with the organisation Operator and
// returns its factor service and a function that creates a key of
// Operator with key by ("": the command line) and returns its ID.
func mustOperatorKeys(tb testing.TB) (*factordb.FactorService, func(by string) string) {
	tb.Helper()
	db := MustOpenDB(tb)
	auth := factordb.NewAuthService(db)
	ctx := context.Background()
	if err := auth.CreateOrganization(ctx, &access.Organization{Name: "Operator", Role: access.RoleAdmin}); err != nil {
		tb.Fatal(err)
	}
	return factordb.NewFactorService(db), func(by string) string {
		tb.Helper()
		kctx := ctx
		if by != "" {
			kctx = curator(ctx, by)
		}
		_, key, err := auth.CreateAPIKey(kctx, "Operator")
		if err != nil {
			tb.Fatal(err)
		}
		return key.ID
	}
}

// mustFillDraft has creator create draft 2026.1 and importer import into
// it PV-BAD, flagged among its peers.
func mustFillDraft(tb testing.TB, svc *factordb.FactorService, creator, importer context.Context) {
	tb.Helper()
	if err := svc.CreateFactorSet(creator, &footprint.FactorSet{Version: "2026.1"}); err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.ImportFactors(importer, "2026.1", append(pvPeers(), pvFactor("PV-BAD", 2223.29))); err != nil {
		tb.Fatal(err)
	}
}

// assertUnreviewed checks that the flag of code in set has no review.
func assertUnreviewed(tb testing.TB, svc *factordb.FactorService, set, code string) {
	tb.Helper()
	flags, err := svc.FindFactorFlags(context.Background(), set)
	if err != nil {
		tb.Fatal(err)
	}
	for _, fl := range flags {
		if fl.Code == code && fl.Reviewed() {
			tb.Fatalf("flag of %s reviewed: %+v", code, fl.Acknowledgement)
		}
	}
}

// Ensure a curator cannot review the plausibility flags of a set they
// filled: one person alone would make an implausible value certifiable.
func TestAcknowledgeFactorFlags_FourEyes(t *testing.T) {
	ctx := context.Background()
	alice, bob, carol := curator(ctx, "k-alice"), curator(ctx, "k-bob"), curator(ctx, "k-carol")

	t.Run("ImporterRefused", func(t *testing.T) {
		svc := factordb.NewFactorService(MustOpenDB(t))
		mustFillDraft(t, svc, carol, alice)
		_, err := svc.AcknowledgeFactorFlags(alice, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "I checked it myself")
		assertFourEyes(t, err, "imported factors into factor set 2026.1")
		assertUnreviewed(t, svc, "2026.1", "PV-BAD")
		_, err = svc.PublishFactorSet(alice, "2026.1")
		assertCode(t, err, footprint.ECONFLICT)

		// The draft's creator did not import, but chose what it holds.
		_, err = svc.AcknowledgeFactorFlags(carol, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "checked")
		assertFourEyes(t, err, "created factor set 2026.1")

		// A second curator reviews; then the set publishes.
		if _, err := svc.AcknowledgeFactorFlags(bob, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "checked against the source"); err != nil {
			t.Fatal(err)
		}
		MustPublishFactorSet(t, svc, "2026.1")
	})

	t.Run("FileHolderAudited", func(t *testing.T) {
		// Without a principal the caller holds the database file (the
		// command line): outside access control, it may review, and the
		// trail says so.
		db := MustOpenDB(t)
		svc := factordb.NewFactorService(db)
		MustCreateFactorSet(t, svc, "2026.1", "")
		MustImportFactors(t, svc, "2026.1", append(pvPeers(), pvFactor("PV-BAD", 2223.29))...)
		if _, err := svc.AcknowledgeFactorFlags(ctx, "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "checked"); err != nil {
			t.Fatal(err)
		}
		action := factorlib.AuditFactorSetAcknowledge
		evs, _, err := factordb.NewCertificationService(db).FindAuditEvents(ctx, access.AuditFilter{Action: &action})
		if err != nil || len(evs) != 1 || !strings.Contains(evs[0].Detail, "four eyes not enforced") {
			t.Fatalf("audit of the file holder's review: %+v, %v", evs, err)
		}
	})

	t.Run("CopyOfDraftKeepsItsAuthors", func(t *testing.T) {
		// Alice fills a draft; Bob starts another from it: the values
		// are still Alice's, unreviewed.
		svc := factordb.NewFactorService(MustOpenDB(t))
		mustFillDraft(t, svc, carol, alice)
		if err := svc.CreateFactorSet(bob, &footprint.FactorSet{Version: "2026.2", BasedOn: "2026.1"}); err != nil {
			t.Fatal(err)
		}
		_, err := svc.AcknowledgeFactorFlags(alice, "2026.2", seenNow(t, svc, "2026.2", "PV-BAD"), "checked")
		assertFourEyes(t, err, "imported factors into factor set 2026.1")
		assertUnreviewed(t, svc, "2026.2", "PV-BAD")
		if _, err := svc.AcknowledgeFactorFlags(curator(ctx, "k-dave"), "2026.2", seenNow(t, svc, "2026.2", "PV-BAD"), "checked"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("KeyMintedByImporterRefused", func(t *testing.T) {
		// Alice creates a second key with her own and reviews with it.
		svc, mint := mustOperatorKeys(t)
		aliceKey := mint("")
		alice := curator(ctx, aliceKey)
		second := mint(aliceKey)
		third := mint(second)
		mustFillDraft(t, svc, carol, alice)
		for _, k := range []string{second, third} {
			_, err := svc.AcknowledgeFactorFlags(curator(ctx, k), "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "checked")
			assertFourEyes(t, err, "which imported factors into factor set 2026.1")
		}
		assertUnreviewed(t, svc, "2026.1", "PV-BAD")
		// A key the command line created is nobody's but its holder's.
		if _, err := svc.AcknowledgeFactorFlags(curator(ctx, mint("")), "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "checked"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("CreatorOfImportersKeyRefused", func(t *testing.T) {
		// The operator creates Paul's key, so has seen its token: it
		// could have imported with it and may not review the import.
		svc, mint := mustOperatorKeys(t)
		operator := mint("")
		paulsOwn := mint(mint(operator))
		mustFillDraft(t, svc, carol, curator(ctx, paulsOwn))
		_, err := svc.AcknowledgeFactorFlags(curator(ctx, operator), "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "checked")
		assertFourEyes(t, err, "created, directly or through other keys, API key "+paulsOwn)
		assertUnreviewed(t, svc, "2026.1", "PV-BAD")
		// Another key the operator created is not Paul's: its holder
		// reviews.
		if _, err := svc.AcknowledgeFactorFlags(curator(ctx, mint(operator)), "2026.1", seenNow(t, svc, "2026.1", "PV-BAD"), "checked"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("LoaderAcknowledgementUnaffected", func(t *testing.T) {
		// The loader's acknowledgement is no review: it stays the loader's.
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", append(pvPeers(), pvFactor("PV-BAD", 2223.29))...)
		flags, err := svc.AcknowledgeSourceFlags(ctx, "2026.1", []string{"PV-BAD"}, "as published")
		if err != nil {
			t.Fatal(err)
		}
		if len(factorlib.Unacknowledged(flags)) != 0 || len(factorlib.Unreviewed(flags)) != 1 {
			t.Fatalf("flags after the loader's acknowledgement: %+v", flags)
		}
	})
}

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
	_, err := s.factors.AcknowledgeFactorFlags(alice, "2026.3", seenNow(t, s.factors, "2026.3", code), "my change, copied")
	assertFourEyes(t, err, "created factor set 2026.2")
	if _, err := s.factors.AcknowledgeFactorFlags(dave, "2026.2", seenNow(t, s.factors, "2026.2", code), "checked against the supplier's EPD"); err != nil {
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
	_, _, err = s.factors.ReviewFactorSet(alice, set, setDigestNow(t, s.factors, set), nil, "my own copy")
	assertFourEyes(t, err, "created factor set "+set)
	_, _, err = s.factors.ReviewFactorSet(bob, set, setDigestNow(t, s.factors, set), nil, "  ")
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
	_, _, err = s.factors.ReviewFactorSet(alice, "2026.SD", setDigestNow(t, s.factors, "2026.SD"), nil, "copied from my set")
	assertFourEyes(t, err, "created factor set "+set)

	r, _, err = s.factors.ReviewFactorSet(bob, set, setDigestNow(t, s.factors, set), nil, "checked against 2026.1 and the cell supplier's EPD")
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
	_, _, err = s.factors.ReviewFactorSet(bob, "2026.SH", setDigestNow(t, s.factors, "2026.SH"), nil, "nothing to review")
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
	if _, _, err := s.factors.ReviewFactorSet(bob, "2026.SX", setDigestNow(t, s.factors, "2026.SX"), nil, "checked against 2026.1"); err != nil {
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
	_, _, err := s.factors.ReviewFactorSet(curator(ctx, root), "2026.SK", setDigestNow(t, s.factors, "2026.SK"), nil, "reviewed by the key that made Alice's")
	assertFourEyes(t, err, "API key "+alice)
	_, _, err = s.factors.ReviewFactorSet(curator(ctx, minted), "2026.SK", setDigestNow(t, s.factors, "2026.SK"), nil, "reviewed by a key Alice made")
	assertFourEyes(t, err, "was created with API key "+alice)
	if r, _, err := s.factors.ReviewFactorSet(curator(ctx, bob), "2026.SK", setDigestNow(t, s.factors, "2026.SK"), nil, "checked against 2026.1"); err != nil || r.Pending() {
		t.Fatalf("Bob's review: %+v, %v", r, err)
	}
}

// lowerIn imports, as who, factor code of the seed set scaled by scale
// into draft set version.
func (s *services) lowerIn(tb testing.TB, who context.Context, version, code string, scale float64) {
	tb.Helper()
	f, err := s.factors.FindFactorByCode(context.Background(), seed.SetVersion, code)
	if err != nil {
		tb.Fatal(err)
	}
	f.Value *= scale
	f.Set = version
	if _, err := s.factors.ImportFactors(who, version, []*footprint.Factor{f}); err != nil {
		tb.Fatal(err)
	}
}

// mustOpenWithLoweredSet opens the services with the test organisations
// (MustOpenWithOrgs) in which curator Alice has created set version based
// on the seed set, imported factor code scaled by scale into it (lowerIn)
// and published it, alone: a change within its peers, flagged but not
// reviewed.
func mustOpenWithLoweredSet(tb testing.TB, version, code string, scale float64) *services {
	tb.Helper()
	alice := curator(context.Background(), "k-alice")
	s := MustOpenWithOrgs(tb)
	if err := s.factors.CreateFactorSet(alice, &footprint.FactorSet{Version: version, BasedOn: seed.SetVersion}); err != nil {
		tb.Fatal(err)
	}
	s.lowerIn(tb, alice, version, code, scale)
	if _, err := s.factors.PublishFactorSet(alice, version); err != nil {
		tb.Fatal(err)
	}
	return s
}

// publishBasedOn has who create set version based on set basedOn, import
// factors into it and publish it.
func (s *services) publishBasedOn(tb testing.TB, who context.Context, version, basedOn string, factors ...*footprint.Factor) {
	tb.Helper()
	if err := s.factors.CreateFactorSet(who, &footprint.FactorSet{Version: version, BasedOn: basedOn}); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.factors.ImportFactors(who, version, factors); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.factors.PublishFactorSet(who, version); err != nil {
		tb.Fatal(err)
	}
}

// copyReviewedBase has alice fill set base based on no other with the
// seed set's values (fillBaseless), bob review it as a set, and alice
// create draft set version based on it.
func (s *services) copyReviewedBase(tb testing.TB, alice, bob context.Context, base, version string) {
	tb.Helper()
	s.fillBaseless(tb, alice, base, 1) // honest values
	if _, _, err := s.factors.ReviewFactorSet(bob, base, setDigestNow(tb, s.factors, base), nil, "checked against 2026.1: same values"); err != nil {
		tb.Fatalf("Bob's review of the honest base: %v", err)
	}
	if err := s.factors.CreateFactorSet(alice, &footprint.FactorSet{Version: version, BasedOn: base}); err != nil {
		tb.Fatal(err)
	}
}

// storeAndApply stores a demo study with serial on set version and, if it
// is stored, applies for its certificate: the result is nil where the
// study was refused, and the error is the refusal of either step.
func (s *services) storeAndApply(tb testing.TB, version, serial string) (*footprint.Result, error) {
	tb.Helper()
	ctx := context.Background()
	st := demoStudy(tb, orgMaker, serial)
	onSet(version)(st)
	res, err := s.studies.CreateStudy(ctx, st)
	if err != nil {
		return nil, err
	}
	return res, s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
}

// Red team 32: a set based on a DRAFT is compared with the draft as it is
// when the set is checked, not as it was when the copy was made or when a
// second curator reviewed it. Alice fills a baseless "Sichuan copy of
// 2026.1" honestly and Bob reviews it as a set. Alice then bases 2026.SD
// on that draft, lowers PV-CELL-MONO182 in the draft base too (the base
// waits again, but nobody will use it) and imports the same lowered value
// into 2026.SD: compared with its base as it now is, the factor is
// unchanged, so 2026.SD carries no change flag, needs no set review (it is
// based on another set) and Alice publishes it alone. No second curator
// ever saw the lowered value, yet the demo module on 2026.SD is stored,
// applied for and certified.
//
// Safe behaviour: a factor of a set whose base (or the value it was
// compared with) was never reviewed is for previews only.
func TestRedteam32_ChangeHiddenByEditingADraftBase(t *testing.T) {
	ctx := context.Background()
	alice, bob := curator(ctx, "k-alice"), curator(ctx, "k-bob")
	s := MustOpenWithOrgs(t)

	honest := s.MustCreateStudy(t, orgMaker, "GEC-RT32-0")

	const base, set = "2026.SC", "2026.SD"
	s.copyReviewedBase(t, alice, bob, base, set)
	// The draft base is edited after the copy was made, then the copy
	// takes the same value: no difference to flag.
	for _, code := range []string{"PV-CELL-MONO182", "MAT-PLASTIC-AVG-DESNZ"} {
		s.lowerIn(t, alice, base, code, 0.5)
		s.lowerIn(t, alice, set, code, 0.5)
	}
	if _, err := s.factors.PublishFactorSet(alice, set); err != nil {
		t.Fatalf("publish %s: %v", set, err)
	}
	flags, err := s.factors.FindFactorFlags(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("flags of %s: %d", set, len(flags))

	res, err := s.storeAndApply(t, set, "GEC-RT32-1")
	if res != nil {
		t.Logf("demo module: %.2f kgCO2e on %s → %.2f on %s", honest.Result.KgCO2e, seed.SetVersion, res.KgCO2e, set)
	}
	if err == nil {
		t.Fatalf("a value no second curator reviewed (PV-CELL-MONO182 and the plastics screening factor at half, hidden by editing the draft base %s) was stored and applied for on %s", base, set)
	}
	assertSetUnreviewed(t, err, set)

	// The copy waits like its base: its author may not review it, a
	// second curator may, seeing its values.
	_, _, err = s.factors.ReviewFactorSet(alice, set, setDigestNow(t, s.factors, set), nil, "same as my base")
	assertFourEyes(t, err, "factor set "+set)
	if _, _, err := s.factors.ReviewFactorSet(bob, set, setDigestNow(t, s.factors, set), nil, "cells and plastics at half: checked against the supplier's EPD"); err != nil {
		t.Fatalf("Bob's review of %s: %v", set, err)
	}
	s.MustCreateStudy(t, orgMaker, "GEC-RT32-4", onSet(set))
}

// Red team 32, the same with the base published: Alice edits the reviewed
// base after the copy was made, publishes the base (it waits for a new
// review as a set, so its own factors are for previews only) and then the
// copy, which takes the base's value and so changes nothing the check
// sees. The copy's factors are certifiable though the base's are not.
func TestRedteam32_ChangeHiddenInAPublishedBaseThatWaits(t *testing.T) {
	ctx := context.Background()
	alice, bob := curator(ctx, "k-alice"), curator(ctx, "k-bob")
	s := MustOpenWithOrgs(t)

	const base, set = "2026.SC", "2026.SD"
	s.copyReviewedBase(t, alice, bob, base, set)
	for _, code := range []string{"PV-CELL-MONO182", "MAT-PLASTIC-AVG-DESNZ"} {
		s.lowerIn(t, alice, base, code, 0.5)
	}
	if _, err := s.factors.PublishFactorSet(alice, base); err != nil {
		t.Fatalf("publish %s: %v", base, err)
	}
	st := demoStudy(t, orgMaker, "GEC-RT32-2")
	onSet(base)(st)
	_, err := s.studies.CreateStudy(ctx, st)
	assertSetUnreviewed(t, err, base) // the base itself waits

	for _, code := range []string{"PV-CELL-MONO182", "MAT-PLASTIC-AVG-DESNZ"} {
		s.lowerIn(t, alice, set, code, 0.5)
	}
	if _, err := s.factors.PublishFactorSet(alice, set); err != nil {
		t.Fatalf("publish %s: %v", set, err)
	}
	res, err := s.storeAndApply(t, set, "GEC-RT32-3")
	if res != nil {
		t.Logf("demo module on %s: %.2f kgCO2e", set, res.KgCO2e)
	}
	if err == nil {
		t.Fatalf("%s's factors are for previews only, but the same values in %s, based on it, were stored and applied for", base, set)
	}
	assertSetUnreviewed(t, err, set)
}

// Red team 32: a set based on another that takes a factor's deprecation
// back. The operator deprecates the cell factor in 2026.D1 (based on
// 2026.1): a study on it is warned at the cells' factor, "deprecated in
// set 2026.D1", and the certifier sees why. Alice bases 2026.D2 on it and
// imports the same factor marked active again: its value and unit are the
// base's, and CompareWithBase compared every attribute but the status
// (other than superseded), so no change flag, no review, and the warning
// is gone from the study the certifier reviews.
func TestRedteam32_DeprecationTakenBackWithoutAFlag(t *testing.T) {
	ctx := context.Background()
	alice := curator(ctx, "k-alice")
	s := MustOpenWithOrgs(t)

	const d1, d2 = "2026.D1", "2026.D2"
	// The file's holder deprecates (outside four eyes: its change is
	// reviewed as it makes it).
	f, err := s.factors.FindFactorByCode(ctx, seed.SetVersion, "PV-CELL-MONO182")
	if err != nil {
		t.Fatal(err)
	}
	f.Status = footprint.StatusDeprecated
	s.publishBasedOn(t, ctx, d1, seed.SetVersion, f)
	deprecated := func(res *footprint.Result) bool {
		for _, w := range res.Warnings {
			if strings.Contains(w.Message, "PV-CELL-MONO182 is deprecated") {
				return true
			}
		}
		return false
	}
	st := demoStudy(t, orgMaker, "GEC-RT32-D1")
	onSet(d1)(st)
	res, err := s.studies.CalculateStudy(ctx, st)
	if err != nil || !deprecated(res) {
		t.Fatalf("study on %s: %v; want the deprecation warned", d1, err)
	}

	f.Status = footprint.StatusActive
	s.publishBasedOn(t, alice, d2, d1, f)
	flags, err := s.factors.FindFactorFlagsByCodes(ctx, d2, []string{"PV-CELL-MONO182"})
	if err != nil {
		t.Fatal(err)
	}
	if flags["PV-CELL-MONO182"] == nil {
		st := demoStudy(t, orgMaker, "GEC-RT32-D2")
		onSet(d2)(st)
		res, err := s.studies.CreateStudy(ctx, st)
		t.Fatalf("PV-CELL-MONO182 taken from deprecated (%s) back to active in %s by one curator: no change flag; study stored: %v, deprecation warned: %v",
			d1, d2, err == nil, err == nil && deprecated(res))
	}
}

// Red team 32: the screening factor of an exempted line decides the
// cut-off (a study whose screened exemptions pass the rule's limit is
// stored, one over it refused), but the flag check read only the factors
// of counted lines. Alice lowers MAT-PLASTIC-AVG-DESNZ, the screening
// factor of the demo module's encapsulant and backsheet, to 0.3 of its
// value in a set based on 2026.1 (within its peers: a change flag only)
// and publishes it alone. Unreviewed, the factor is for previews only,
// yet the demo module on it is stored; with its aluminium frame exempted
// too, screened the same way, it passes the cut-off and is stored at
// about 120 instead of 150 kgCO2e, where 2026.1 refuses it.
func TestRedteam32_UnreviewedScreeningFactor(t *testing.T) {
	ctx := context.Background()
	const set = "2026.X"
	s := mustOpenWithLoweredSet(t, set, "MAT-PLASTIC-AVG-DESNZ", 0.3)
	frameExempt := func(st *footprint.Study) {
		frame := st.BOM[0].Children[1]
		frame.Exempt = &footprint.Exemption{Reason: "frame bought in; screened", ScreeningFactor: "MAT-PLASTIC-AVG-DESNZ"}
		frame.Factor = ""
	}
	st := demoStudy(t, orgMaker, "GEC-RT32-X0")
	frameExempt(st)
	_, err := s.studies.CreateStudy(ctx, st)
	t.Logf("frame exempted on %s: %v", seed.SetVersion, err)

	for i, change := range []func(*footprint.Study){func(*footprint.Study) {}, frameExempt} {
		st := demoStudy(t, orgMaker, "GEC-RT32-X"+string(rune('1'+i)))
		change(st)
		onSet(set)(st)
		res, err := s.studies.CreateStudy(ctx, st)
		if err == nil {
			t.Errorf("study %d on %s stored at %.2f kgCO2e (exempted %.2f %%), its screening factor's change unreviewed", i, set, res.KgCO2e, res.ExemptedPct)
			continue
		}
		assertCode(t, err, footprint.EINVALID)
		if f := footprint.ErrorField(err); !strings.HasSuffix(f, ".exempt.screening_factor") {
			t.Errorf("study %d on %s: field %q, %v: want the exempted line's screening factor", i, set, f, err)
		}
	}
}

// Red team 32: the set's factors of the product itself, which the engine
// compares a study's total with (red team 18's "below every factor of its
// product" warning), are read from the pinned set whatever their flags.
// Alice lowers PV-CELL-MONO182 to a tenth (per piece: a change flag only)
// in a set based on 2026.1 and publishes it alone. A PV cell study that
// does not use the factor in a line (red team 18's cell made of
// metallurgical silicon, 0.17 kgCO2e per cell) is warned on 2026.1 as 89 %
// below the set's 1.59; on Alice's set the unreviewed 0.159 is below the
// study, so the warning is gone and the study is stored with an empty
// review. Safe: the comparison keeps the reviewed value (or the study is
// refused naming product.product_codes).
func TestRedteam32_ProductFloorOnAnUnreviewedFactor(t *testing.T) {
	ctx := context.Background()
	const set = "2026.F"
	s := mustOpenWithLoweredSet(t, set, "PV-CELL-MONO182", 0.1)

	cell := func(version string) *footprint.Study {
		st := mgSiCellStudy(t, orgMaker)
		st.FactorSet = version
		st.Product.Model += " " + version
		return st
	}
	warned := func(res *footprint.Result) bool {
		return slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
			return w.Path == "product.product_codes" && strings.Contains(w.Message, "PV-CELL-MONO182")
		})
	}
	honest := cell(seed.SetVersion)
	if _, err := s.studies.CreateStudy(ctx, honest); err != nil || !warned(honest.Result) {
		t.Fatalf("on %s: %v, warned %v: want stored with the warning", seed.SetVersion, err, err == nil && warned(honest.Result))
	}
	st := cell(set)
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		if footprint.ErrorField(err) != "product.product_codes" {
			t.Fatalf("on %s: %v: want the product's codes named", set, err)
		}
		return
	}
	if warned(st.Result) {
		return
	}
	err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	if err == nil {
		t.Fatalf("on %s: applied for at %.3f kgCO2e per cell with no warning: the comparison used PV-CELL-MONO182 as one curator lowered it, unreviewed (%.3f on %s was warned)",
			set, st.Result.KgCO2e, honest.Result.KgCO2e, seed.SetVersion)
	}
	assertCode(t, err, footprint.EINVALID)
	if f, msg := footprint.ErrorField(err), footprint.ErrorMessage(err); f != "product.product_codes" || !strings.Contains(msg, "PV-CELL-MONO182") {
		t.Fatalf("application on %s: field %q, %q: want the product's codes and the factor named", set, f, msg)
	}
}

// Red team 32, the same by taking the product's code away: PV-CELL-MONO182
// keeps its value but loses HS 854142 in Alice's set, so no factor of
// the set meets the cell and the floor is gone.
func TestRedteam32_ProductFloorCodeTakenAway(t *testing.T) {
	ctx := context.Background()
	alice := curator(ctx, "k-alice")
	s := MustOpenWithOrgs(t)
	const set = "2026.G"
	if err := s.factors.CreateFactorSet(alice, &footprint.FactorSet{Version: set, BasedOn: seed.SetVersion}); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"PV-CELL-MONO182", "PV-CELL-PERC", "PV-WAFER-MONO182"} {
		f, err := s.factors.FindFactorByCode(ctx, seed.SetVersion, code)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		f.ProductCodes = nil
		if _, err := s.factors.ImportFactors(alice, set, []*footprint.Factor{f}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.factors.PublishFactorSet(alice, set); err != nil {
		t.Fatal(err)
	}
	st := mgSiCellStudy(t, orgMaker)
	st.FactorSet = set
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	for _, w := range st.Result.Warnings {
		if w.Path == "product.product_codes" {
			return // still compared
		}
	}
	err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	if err == nil {
		t.Fatalf("on %s: applied for at %.3f kgCO2e per cell with no warning: the cells' factors lost their HS code, unreviewed", set, st.Result.KgCO2e)
	}
	if f := footprint.ErrorField(err); f != "product.product_codes" {
		t.Fatalf("application on %s: field %q, %v: want the product's codes", set, f, err)
	}
}

// Red team 32: a review names codes, not what the reviewer saw. Alice
// asks Bob to review two small changes in her draft (the cells 1.59 →
// 1.55 kgCO2e a piece and average plastics, the encapsulant's screening
// factor, 3.17 → 3.0 kgCO2e/kg: "the supplier's 2025 EPD"); Bob reads the
// flags; before he submits, Alice imports half the seed's values over
// them. Bob's review named codes and a note, and recorded 0.795 as
// reviewed: the demo module on Alice's set was applied for at 107.17
// kgCO2e instead of 150.10. Safe: the review carries the digest of each
// flag as Bob read it, and is refused (409, naming digests[i]) when the
// flag changed since; nothing is recorded, not even the flags that did
// not change.
func TestRedteam32_ReviewCoversAValueSwappedAfterItWasRead(t *testing.T) {
	ctx := context.Background()
	alice, bob := curator(ctx, "k-alice"), curator(ctx, "k-bob")
	s := MustOpenWithOrgs(t)
	honest := s.MustCreateStudy(t, orgMaker, "GEC-RT32-R0")

	const set, code, plastics = "2026.R", "PV-CELL-MONO182", "MAT-PLASTIC-AVG-DESNZ"
	if err := s.factors.CreateFactorSet(alice, &footprint.FactorSet{Version: set, BasedOn: seed.SetVersion}); err != nil {
		t.Fatal(err)
	}
	s.lowerIn(t, alice, set, code, 1.55/1.59)
	s.lowerIn(t, alice, set, plastics, 0.95)
	shown := seenNow(t, s.factors, set, code, plastics) // what Bob reads
	flags, err := s.factors.FindFactorFlagsByCodes(ctx, set, []string{code})
	if err != nil || flags[code] == nil {
		t.Fatalf("flag of %s: %v, %v", code, flags, err)
	}
	seen := flags[code].Value // 1.55
	s.lowerIn(t, alice, set, code, 0.5)
	s.lowerIn(t, alice, set, plastics, 0.5)
	_, err = s.factors.AcknowledgeFactorFlags(bob, set, shown, "1.55 and 3.0: the supplier's 2025 EPD, checked")
	assertCode(t, err, footprint.ECONFLICT)
	if got, want := footprint.ErrorField(err), "digests[0]"; got != want {
		t.Errorf("field %q, want %q", got, want)
	}
	if msg := footprint.ErrorMessage(err); !strings.Contains(msg, code) || !strings.Contains(msg, "changed since you read it") {
		t.Errorf("message %q names neither the factor nor the change", msg)
	}
	// A review without what was shown (an older client) is refused too.
	_, err = s.factors.AcknowledgeFactorFlags(bob, set, []factorlib.SeenFlag{{Code: code}}, "checked")
	assertCode(t, err, footprint.EINVALID)
	if got, want := footprint.ErrorField(err), "digests[0]"; got != want {
		t.Errorf("field %q, want %q", got, want)
	}
	if _, err := s.factors.PublishFactorSet(alice, set); err != nil {
		t.Fatal(err)
	}
	all, err := s.factors.FindFactorFlags(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range all {
		if fl.Reviewed() {
			t.Errorf("refused review recorded %s at %g as reviewed (%s)", fl.Code, fl.Value, fl.Acknowledgement.Note)
		}
	}
	flags, err = s.factors.FindFactorFlagsByCodes(ctx, set, []string{code})
	if err != nil {
		t.Fatal(err)
	}
	if fl := flags[code]; fl != nil && fl.Reviewed() && fl.Value != seen {
		st := demoStudy(t, orgMaker, "GEC-RT32-R1")
		onSet(set)(st)
		res, err := s.studies.CreateStudy(ctx, st)
		if err == nil {
			err = s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
		}
		total := 0.0
		if res != nil {
			total = res.KgCO2e
		}
		t.Fatalf("Bob read %s at %g and his review covers %g (%s); the demo module on %s: %.2f kgCO2e instead of %.2f, applied for: %v",
			code, seen, fl.Value, fl.Acknowledgement.Note, set, total, honest.Result.KgCO2e, err == nil)
	}
	// Read again, the values Bob now sees are those he reviews.
	if _, err := s.factors.AcknowledgeFactorFlags(bob, set, seenNow(t, s.factors, set, code), "0.795: checked against the supplier's 2025 EPD"); err != nil {
		t.Fatalf("review of the flag as it now is: %v", err)
	}
	if flags, err = s.factors.FindFactorFlagsByCodes(ctx, set, []string{code}); err != nil || !flags[code].Reviewed() || flags[code].Value == seen {
		t.Fatalf("after the review of what is there now: %+v, %v", flags[code], err)
	}
}

// Red team 32, the review of a set as a whole: Bob reads Alice's set
// based on no other (filled with the seed's values), Alice then imports
// the cells at half, and Bob's review of the set, with the digest of the
// set as he read it, is refused (409, naming set_digest), the set still
// waiting; with the digest of the set as it now is, it is recorded.
func TestRedteam32_SetReviewCoversAValueSwappedAfterItWasRead(t *testing.T) {
	ctx := context.Background()
	alice, bob := curator(ctx, "k-alice"), curator(ctx, "k-bob")
	s := MustOpenWithOrgs(t)
	const set = "2026.SR"
	s.fillBaseless(t, alice, set, 1)
	shown := setDigestNow(t, s.factors, set)
	if shown == "" {
		t.Fatalf("set %s requires a review and has no digest", set)
	}
	s.lowerIn(t, alice, set, "PV-CELL-MONO182", 0.5)
	_, _, err := s.factors.ReviewFactorSet(bob, set, shown, nil, "checked against 2026.1: same values")
	assertCode(t, err, footprint.ECONFLICT)
	if got, want := footprint.ErrorField(err), "set_digest"; got != want {
		t.Errorf("field %q, want %q", got, want)
	}
	if r, err := s.factors.FindSetReview(ctx, set); err != nil || !r.Pending() {
		t.Fatalf("after the refused review: %+v, %v", r, err)
	}
	_, _, err = s.factors.ReviewFactorSet(bob, set, "", nil, "checked")
	assertCode(t, err, footprint.EINVALID)
	if got, want := footprint.ErrorField(err), "set_digest"; got != want {
		t.Errorf("field %q, want %q", got, want)
	}
	now := setDigestNow(t, s.factors, set)
	if now == shown {
		t.Fatalf("the digest of %s did not change with an import", set)
	}
	if r, _, err := s.factors.ReviewFactorSet(bob, set, now, nil, "cells at half: checked against the supplier's EPD"); err != nil || r.Pending() {
		t.Fatalf("review of the set as it now is: %+v, %v", r, err)
	}
}

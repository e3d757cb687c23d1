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
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
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
		_, err = svc.AcknowledgeFactorFlags(ctx, "2026.1", []string{"PV-BAD"}, "  ")
		assertCode(t, err, footprint.EINVALID)
		_, err = svc.AcknowledgeFactorFlags(ctx, "2026.1", []string{"PV-BAD", "PV-1"}, "checked")
		assertCode(t, err, footprint.EINVALID)
		if got := footprint.ErrorField(err); got != "codes[1]" {
			t.Errorf("field %q, want codes[1]", got)
		}
		_, err = svc.AcknowledgeFactorFlags(ctx, "2026.9", []string{"PV-BAD"}, "checked")
		assertCode(t, err, footprint.ENOTFOUND)
		_, err = svc.PublishFactorSet(ctx, "2026.1")
		assertCode(t, err, footprint.ECONFLICT)

		flags, err = svc.AcknowledgeFactorFlags(ctx, "2026.1", []string{"PV-BAD"}, "kept for the test: the source says per kWh")
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
		if _, err = svc.AcknowledgeFactorFlags(ctx, "2026.1", []string{"PV-BAD"}, "again"); err != nil {
			t.Fatal(err)
		}

		// A draft made from the published set keeps the acknowledgement.
		MustCreateFactorSet(t, svc, "2026.2", "2026.1")
		MustPublishFactorSet(t, svc, "2026.2")
	})

	t.Run("AcknowledgementHoldsForItsValue", func(t *testing.T) {
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", append(pvPeers(), pvFactor("PV-BAD", 2223.29))...)
		if _, err := svc.AcknowledgeFactorFlags(ctx, "2026.1", []string{"PV-BAD"}, "checked"); err != nil {
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
		_, err := svc.AcknowledgeFactorFlags(alice, "2026.1", []string{"PV-BAD"}, "I checked it myself")
		assertFourEyes(t, err, "imported factors into factor set 2026.1")
		assertUnreviewed(t, svc, "2026.1", "PV-BAD")
		_, err = svc.PublishFactorSet(alice, "2026.1")
		assertCode(t, err, footprint.ECONFLICT)

		// The draft's creator did not import, but chose what it holds.
		_, err = svc.AcknowledgeFactorFlags(carol, "2026.1", []string{"PV-BAD"}, "checked")
		assertFourEyes(t, err, "created factor set 2026.1")

		// A second curator reviews; then the set publishes.
		if _, err := svc.AcknowledgeFactorFlags(bob, "2026.1", []string{"PV-BAD"}, "checked against the source"); err != nil {
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
		if _, err := svc.AcknowledgeFactorFlags(ctx, "2026.1", []string{"PV-BAD"}, "checked"); err != nil {
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
		_, err := svc.AcknowledgeFactorFlags(alice, "2026.2", []string{"PV-BAD"}, "checked")
		assertFourEyes(t, err, "imported factors into factor set 2026.1")
		assertUnreviewed(t, svc, "2026.2", "PV-BAD")
		if _, err := svc.AcknowledgeFactorFlags(curator(ctx, "k-dave"), "2026.2", []string{"PV-BAD"}, "checked"); err != nil {
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
			_, err := svc.AcknowledgeFactorFlags(curator(ctx, k), "2026.1", []string{"PV-BAD"}, "checked")
			assertFourEyes(t, err, "which imported factors into factor set 2026.1")
		}
		assertUnreviewed(t, svc, "2026.1", "PV-BAD")
		// A key the command line created is nobody's but its holder's.
		if _, err := svc.AcknowledgeFactorFlags(curator(ctx, mint("")), "2026.1", []string{"PV-BAD"}, "checked"); err != nil {
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
		_, err := svc.AcknowledgeFactorFlags(curator(ctx, operator), "2026.1", []string{"PV-BAD"}, "checked")
		assertFourEyes(t, err, "created, directly or through other keys, API key "+paulsOwn)
		assertUnreviewed(t, svc, "2026.1", "PV-BAD")
		// Another key the operator created is not Paul's: its holder
		// reviews.
		if _, err := svc.AcknowledgeFactorFlags(curator(ctx, mint(operator)), "2026.1", []string{"PV-BAD"}, "checked"); err != nil {
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

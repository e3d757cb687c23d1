package factordb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
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

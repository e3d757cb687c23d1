package footprint_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 20: figures a certificate prints beside the headline, from a
// supplier's PACT footprint (the two supplier tests of h-rt20's
// redteam20_test.go).

// frameFootprintPACT is a PACT v2 footprint of the demo module's aluminium
// frame at the figure of the set's PV-AL-PROFILE (9.8 kgCO2e/kg), as a
// manufacturer uploads it, stating that none of it is primary data: test
// data for a fictitious supplier.
var frameFootprintPACT = []byte(`{"id":"5b0e7c1d-2a3f-4e6b-8c9d-0a1b2c3d4e5f","specVersion":"2.3.0","version":1,"created":"2026-01-15T00:00:00Z","status":"Active",
 "companyName":"Frame Co.","productNameCompany":"Aluminium frame profile","productCategoryCpc":"41532",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"9.8","fossilGhgEmissions":"9.8","primaryDataShare":0,
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z"}}`)

// Ensure a supplier's PACT footprint counts in the primary-data share no
// more than the supplier says is primary. The engine counts every supplier
// line as primary data ("a certified supplier footprint is primary data"),
// and ParseSupplier drops the footprint's own primaryDataShare. The demo
// module's aluminium frame as an uploaded PACT v2 footprint at the set's
// own PV-AL-PROFILE figure (9.8 kgCO2e/kg, so the headline does not move)
// whose document states "primaryDataShare": 0, every figure in it from
// secondary data: the module's primary-data share, printed on its
// certificate and passed on in its own PACT export, goes from 0 % to
// 20.3 % (the frame's whole share; the total stays 150.1 kgCO2e), with no
// warning on the primary share. A correct engine
// weights a supplier line by the supplier's primaryDataShare (0 here), or
// warns naming the line's supplier when the share is not stated.
// reference/standards.md §5 gives only that primaryDataShare "must rest on
// both activity data and emission-factor specificity"; the weighting by an
// upstream footprint's own share is in the PACT Methodology (v3, §4.2.3,
// and Pathfinder Framework v2 Appendix B), which ../shared/reference does
// not hold.
func TestRedteam20_SupplierFootprintOfSecondaryDataCountedPrimary(t *testing.T) {
	honest, r := frameAsPACT(t)
	t.Logf("honest: %.1f kgCO2e, primary %.1f %%; frame as a PACT footprint of primaryDataShare 0: %.1f kgCO2e, primary %.1f %%",
		honest.KgCO2e, honest.PrimaryDataSharePct, r.KgCO2e, r.PrimaryDataSharePct)
	if r.PrimaryDataSharePct <= honest.PrimaryDataSharePct+0.01 {
		return // counted at the supplier's own share
	}
	for _, w := range r.Warnings {
		if strings.HasPrefix(w.Path, "bom[0].children[1]") && strings.Contains(w.Message, "primary") {
			return // warned
		}
	}
	t.Errorf("a supplier footprint stating primaryDataShare 0 counted as primary data: primary-data share %.1f %% → %.1f %% (total %.1f → %.1f kgCO2e), no warning naming bom[0].children[1] (warnings %v)",
		honest.PrimaryDataSharePct, r.PrimaryDataSharePct, honest.KgCO2e, r.KgCO2e, r.Warnings)
}

// Ensure the uncertainty range a label prints is not narrowed by restating
// a set's factor as a supplier footprint. The Monte Carlo range takes a
// supplier footprint at SupplierUncertaintyPct (±10 %, the project's
// convention for a certified supplier, grade B's width), whatever it is:
// a PACT document the manufacturer uploads itself, with no verification,
// gets it as a supplier's certificate does. The demo module's frame
// restated as frameFootprintPACT at exactly the set's PV-AL-PROFILE figure
// (grade D, ±50 %): the total stays 150.1 kgCO2e and the range printed on
// the label and the certificate narrows from 128.9–177.0 to 131.8–171.8
// kgCO2e (P2.5–P97.5; −17 % of its width), with no warning. A correct
// engine gives an uploaded document, which adds no evidence, no narrower
// width than the set's factor of what it replaces or the ungraded 50 %, or
// the review warns naming the line. No cited figure: the table of widths
// is a project convention (footprint/montecarlo.go); the choice is which
// row of it an unverified upload takes.
//
// Checked by the width the footprint is given (the result's suppliers)
// against the factor's it replaces, and by the range within the noise of
// its sample: 1000 runs give a P2.5–P97.5 width that moves with the seed,
// which the sources' keys change; the same study reseeded (the frame's
// quantity moved by 1e-12) gives on average 0.96 of the width above, and
// the frame as a ±50 % footprint under 16 ids 0.92 to 1.02 of it (0.975
// with this one), where the ±10 % footprint gives 0.83. So the red team's
// bound of 0.99 of one sample's width is within the noise, and 0.9 is used.
func TestRedteam20_UploadedFootprintNarrowsTheRange(t *testing.T) {
	honest, r := frameAsPACT(t)
	hw := honest.Uncertainty.HighKgCO2e - honest.Uncertainty.LowKgCO2e
	rw := r.Uncertainty.HighKgCO2e - r.Uncertainty.LowKgCO2e
	t.Logf("honest %.1f [%.1f–%.1f]; frame as an uploaded PACT footprint %.1f [%.1f–%.1f]",
		honest.KgCO2e, honest.Uncertainty.LowKgCO2e, honest.Uncertainty.HighKgCO2e, r.KgCO2e, r.Uncertainty.LowKgCO2e, r.Uncertainty.HighKgCO2e)
	var used, replaced float64
	for _, u := range r.Suppliers {
		if strings.HasPrefix(u.ID, "pact:") { // the frame, the one supplier
			used = u.UncertaintyPct
		}
	}
	for _, f := range honest.Factors {
		if f.Code == "PV-AL-PROFILE" {
			replaced = f.UncertaintyPct
		}
	}
	t.Logf("the frame's width: ±%v %% as PV-AL-PROFILE, ±%v %% as the uploaded footprint", replaced, used)
	if replaced == 0 {
		t.Fatal("the honest result uses no PV-AL-PROFILE")
	}
	if used >= replaced && rw >= hw*0.9 {
		return
	}
	for _, w := range r.Warnings {
		if strings.HasPrefix(w.Path, "bom[0].children[1]") && strings.Contains(w.Message, "uncertain") {
			return // warned
		}
	}
	t.Errorf("the frame restated as an uploaded PACT footprint at the set's own figure (±%v %% → ±%v %%) narrows the printed range from %.1f–%.1f to %.1f–%.1f kgCO2e (total %.1f → %.1f), no warning",
		replaced, used, honest.Uncertainty.LowKgCO2e, honest.Uncertainty.HighKgCO2e, r.Uncertainty.LowKgCO2e, r.Uncertainty.HighKgCO2e, honest.KgCO2e, r.KgCO2e)
}

// frameAsSupplier calculates the demo module with its frame on supplier
// footprint sp instead of PV-AL-PROFILE.
func frameAsSupplier(t *testing.T, sp *footprint.SupplierFootprint) *footprint.Result {
	t.Helper()
	s := seedtest.Study(t, "pv-module")
	s.BOM[0].Children[1].Factor, s.BOM[0].Children[1].Supplier = "", sp.ID
	return MustCalculate(t, s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{sp.ID: sp})
}

// certificateOf is sp as a supplier certificate of this service gives it
// (certification.CertificateSupplierFootprint: no primary share, no
// uncertainty of its own).
func certificateOf(sp *footprint.SupplierFootprint) *footprint.SupplierFootprint {
	c := *sp
	c.ID, c.Source, c.PrimarySharePct = "CDPCF-2026-000001", "certificate CDPCF-2026-000001", nil
	return &c
}

// Ensure a supplier line counts toward the primary-data share as much as
// its footprint is primary data: a PACT footprint by the primaryDataShare
// it states (kg × share/100), none when it states none (an unverified
// document: nothing says any of it is primary); a certificate of this
// service as all primary data, as before (its supplier list, which a
// verifier recomputes with, records no share). The frame is 20.3 % of the
// demo module's total (TestRedteam20_SupplierFootprintOfSecondaryDataCountedPrimary).
func TestSupplierLine_PrimaryShareAsStated(t *testing.T) {
	frame := func(share string) *footprint.SupplierFootprint {
		doc := frameFootprintPACT
		if share != "" {
			doc = bytes.Replace(doc, []byte(`"primaryDataShare":0`), []byte(`"primaryDataShare":`+share), 1)
		} else {
			doc = bytes.Replace(doc, []byte(`,"primaryDataShare":0`), nil, 1)
		}
		sup, err := pact.ParseSupplier(doc)
		if err != nil {
			t.Fatal(err)
		}
		return sup.Footprint
	}
	whole := frameAsSupplier(t, frame("100"))
	if whole.PrimaryDataSharePct < 20 || whole.PrimaryDataSharePct > 21 {
		t.Fatalf("the frame all primary: %.2f %% of the total, want about 20.3 %%", whole.PrimaryDataSharePct)
	}
	for _, tt := range []struct {
		name  string
		sp    *footprint.SupplierFootprint
		share float64 // of the frame's kgCO2e
	}{
		{"PACT 0", frame("0"), 0},
		{"PACT 25", frame("25"), 0.25},
		{"PACT not stated", frame(""), 0},
		{"certificate", certificateOf(frame("")), 1},
	} {
		r := frameAsSupplier(t, tt.sp)
		if want := whole.PrimaryDataSharePct * tt.share; math.Abs(r.PrimaryDataSharePct-want) > 1e-9 {
			t.Errorf("%s: primary-data share %.4f %%, want %.4f %%", tt.name, r.PrimaryDataSharePct, want)
		}
	}
}

// Ensure the width a supplier footprint without its own uncertainty takes
// in the Monte Carlo range is its kind's (montecarlo.go): a certificate of
// this service SupplierUncertaintyPct, a PACT document, verified by no
// one here, UngradedUncertaintyPct; one the footprint states is kept.
func TestSupplierLine_UncertaintyByKind(t *testing.T) {
	sup, err := pact.ParseSupplier(frameFootprintPACT)
	if err != nil {
		t.Fatal(err)
	}
	pactFrame, stated := sup.Footprint, *sup.Footprint
	stated.UncertaintyPct = 15
	cert := certificateOf(pactFrame)
	for _, tt := range []struct {
		name string
		sp   *footprint.SupplierFootprint
		want float64
	}{
		{"PACT", pactFrame, footprint.UngradedUncertaintyPct},
		{"PACT stating 15 %", &stated, 15},
		{"certificate", cert, footprint.SupplierUncertaintyPct},
	} {
		r := frameAsSupplier(t, tt.sp)
		if len(r.Suppliers) != 1 || r.Suppliers[0].UncertaintyPct != tt.want {
			t.Errorf("%s: suppliers %+v, want one at ±%v %%", tt.name, r.Suppliers, tt.want)
		}
	}
}

// frameAsPACT calculates the demo module as it is (honest) and with its
// frame as the supplier footprint frameFootprintPACT (r).
func frameAsPACT(t *testing.T) (honest, r *footprint.Result) {
	t.Helper()
	sup, err := pact.ParseSupplier(frameFootprintPACT)
	if err != nil {
		t.Fatal(err)
	}
	sp := sup.Footprint
	factors := seedtest.Factors(t)
	honest = MustCalculate(t, seedtest.Study(t, "pv-module"), factors, nil)
	s := seedtest.Study(t, "pv-module")
	s.BOM[0].Children[1].Factor, s.BOM[0].Children[1].Supplier = "", sp.ID
	if r, err = footprint.Calculate(s, factors, map[string]*footprint.SupplierFootprint{sp.ID: sp}); err != nil {
		t.Fatal(err)
	}
	return honest, r
}

package footprint_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Session 53: every supplier footprint took Any and Supplier (red team 90),
// moving with every material family of the study, because a verifier
// recomputing a certificate with its signed supplier list did not know a
// supplier certificate's product codes. The demo module with its 54 cells
// from a supplier certificate (1.59 kgCO2e a cell, ±50.3 % by its signed
// range) printed 101.84–222.26 kgCO2e (width 120.41) under footprint/6,
// where the same cells on a factor of that value and uncertainty gave a
// range about as wide as red team 90's footprint/5 figure (81.96). A
// supplier certificate of this service now takes the families of its HS
// codes, which pcf-certificate/9 signs in the supplier list.

// width is the width of a result's printed range, in kgCO2e.
func width(r *footprint.Result) float64 { return r.Uncertainty.HighKgCO2e - r.Uncertainty.LowKgCO2e }

// cellsOnFactorOf returns the seed set with the cell factor given the value
// and uncertainty of supplier footprint sf: the cells on it are the cells
// from sf, but on a factor.
func cellsOnFactorOf(t *testing.T, sf *footprint.SupplierFootprint) map[string]*footprint.Factor {
	t.Helper()
	factors := seedtest.Factors(t)
	cell := *factors["PV-CELL-MONO182"]
	if cell.Unit.Per.Symbol != sf.DeclaredUnit.Symbol {
		t.Fatalf("the cell factor is per %s, the certificate per %s: not the fixture this test needs", cell.Unit.Per.Symbol, sf.DeclaredUnit.Symbol)
	}
	cell.Value, cell.UncertaintyPct = sf.KgCO2e, sf.UncertaintyPct
	factors[cell.Code] = &cell
	return factors
}

func TestSession53_CellsFromCertificateAsOnAFactor(t *testing.T) {
	// Ensure the demo module with all its cells from a supplier
	// certificate of HS 854142 prints the range of the same cells on a
	// factor of HS 854142 of the certificate's value and uncertainty, not
	// the wider range of a footprint moving with every family (the
	// certificate read from a supplier list that signs no product codes,
	// as pcf-certificate/8 and earlier: those keep it).
	sf, err := certification.CertificateSupplierFootprint("CDPCF-2026-000123", cellCertificate(), "test-key")
	if err != nil {
		t.Fatal(err)
	}
	factors := cellsOnFactorOf(t, sf)
	onFactor := MustCalculate(t, seedtest.Study(t, "pv-module"), factors, nil)
	fromCert := MustCalculate(t, pvModuleCellsFrom(t, sf.ID), factors, map[string]*footprint.SupplierFootprint{sf.ID: sf})
	old := *sf
	old.ProductCodes = nil
	fromOldList := MustCalculate(t, pvModuleCellsFrom(t, sf.ID), factors, map[string]*footprint.SupplierFootprint{sf.ID: &old})
	if math.Abs(fromCert.KgCO2e-onFactor.KgCO2e) > 1e-9*onFactor.KgCO2e || fromOldList.KgCO2e != fromCert.KgCO2e {
		t.Fatalf("headlines %.9f (certificate), %.9f (old list), %.9f (factor): not one study", fromCert.KgCO2e, fromOldList.KgCO2e, onFactor.KgCO2e)
	}
	t.Logf("cells on the factor %.2f–%.2f (%.2f); from the certificate %.2f–%.2f (%.2f); from a list of no codes %.2f–%.2f (%.2f)",
		onFactor.Uncertainty.LowKgCO2e, onFactor.Uncertainty.HighKgCO2e, width(onFactor), fromCert.Uncertainty.LowKgCO2e, fromCert.Uncertainty.HighKgCO2e, width(fromCert),
		fromOldList.Uncertainty.LowKgCO2e, fromOldList.Uncertainty.HighKgCO2e, width(fromOldList))
	if d := rt88Rel(onFactor.Uncertainty, fromCert.Uncertainty); !(d < 1e-9) {
		t.Errorf("cells from the certificate: range %.4f–%.4f, %.3g relative from the cells on a factor of its value and uncertainty, %.4f–%.4f",
			fromCert.Uncertainty.LowKgCO2e, fromCert.Uncertainty.HighKgCO2e, d, onFactor.Uncertainty.LowKgCO2e, onFactor.Uncertainty.HighKgCO2e)
	}
	if !(width(fromOldList) > 1.2*width(fromCert)) {
		t.Errorf("cells from a list of no codes: width %.4f, not wider than from the certificate's codes (%.4f): the old labels are not kept", width(fromOldList), width(fromCert))
	}
}

func TestSession53_SupplierCertificateSplits(t *testing.T) {
	// Ensure the splits a manufacturer could try with supplier
	// certificates, now that one takes the families of its codes, give no
	// narrower a range than the part unsplit, on the demo module, with the
	// certificate given the value and uncertainty of the factor it
	// replaces: half the cells from a cell certificate (HS 854142, the
	// family of the cell factor's code); the cells in halves from two cell
	// certificates of two makers; half the cells from a certificate of no HS
	// code (CPC only: Any and Supplier).
	factors := seedtest.Factors(t)
	cell := factors["PV-CELL-MONO182"]
	one := MustCalculate(t, seedtest.Study(t, "pv-module"), factors, nil)
	certOf := func(ref, maker string, codes ...footprint.ProductCode) *footprint.SupplierFootprint {
		sf, err := certification.CertificateSupplierFootprint(ref, cellCertificate(), "test-key")
		if err != nil {
			t.Fatal(err)
		}
		sf.Supplier, sf.ProductCodes = maker, codes
		sf.KgCO2e, sf.UncertaintyPct = cell.Value, footprint.GradeUncertaintyPct(cell.Quality.Grade)
		return sf
	}
	hs := footprint.ProductCode{Scheme: "HS", Code: "854142"}
	for _, tc := range []struct {
		name     string
		onFactor bool // half the cells stay on the factor
		sups     []*footprint.SupplierFootprint
	}{
		{"half from a cell certificate", true, []*footprint.SupplierFootprint{certOf("CDPCF-2026-000123", "Cell Co.", hs)}},
		{"halves from two cell certificates", false, []*footprint.SupplierFootprint{certOf("CDPCF-2026-000123", "Cell Co.", hs), certOf("CDPCF-2026-000124", "Other Cell Co.", hs)}},
		{"half from a certificate of CPC only", true, []*footprint.SupplierFootprint{certOf("CDPCF-2026-000123", "Cell Co.", footprint.ProductCode{Scheme: "CPC", Code: "46410"})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refs := make([]string, 0, 2)
			sups := map[string]*footprint.SupplierFootprint{}
			for _, sf := range tc.sups {
				refs, sups[sf.ID] = append(refs, sf.ID), sf
			}
			s := pvModuleCellsFrom(t, refs...)
			if tc.onFactor {
				l := s.BOM[len(s.BOM)-1]
				l.Quantity /= 2
				half := *l
				half.Supplier, half.Factor = "", cell.Code
				s.BOM = append(s.BOM, &half)
			}
			split := MustCalculate(t, s, factors, sups)
			if math.Abs(split.KgCO2e-one.KgCO2e) > 1e-9*one.KgCO2e {
				t.Fatalf("split: %.9f kgCO2e, one line %.9f", split.KgCO2e, one.KgCO2e)
			}
			t.Logf("range %.4f–%.4f (%.4f), the cells on the factor %.4f–%.4f (%.4f)", split.Uncertainty.LowKgCO2e, split.Uncertainty.HighKgCO2e, width(split),
				one.Uncertainty.LowKgCO2e, one.Uncertainty.HighKgCO2e, width(one))
			if !(width(split) >= width(one)*(1-1e-9)) {
				t.Errorf("narrower than the cells on the factor")
			}
		})
	}
}

// servedFactors returns the factors of all the service passes Calculate
// for study st with suppliers sups, as factordb's calculate and pcf
// verify's recomputation do: those the study names, and those of the
// comparison codes (footprint.ComparisonCodes, footprint.ComparedWith).
func servedFactors(all map[string]*footprint.Factor, st *footprint.Study, sups map[string]*footprint.SupplierFootprint) map[string]*footprint.Factor {
	out := map[string]*footprint.Factor{}
	codes, named := footprint.ComparisonCodes(st, sups), st.FactorCodes()
	for c, f := range all {
		if slices.Contains(named, c) || footprint.ComparedWith(f, codes) {
			out[c] = f
		}
	}
	return out
}

// halfFrameFrom returns the demo module with half its aluminium frame
// (PV-AL-PROFILE, 9.8 kgCO2e/kg) edited by edit, of the profile's value
// per kg times stretch when edit is given stretch times its mass.
func halfFrameFrom(t *testing.T, prof *footprint.Factor, stretch float64, edit func(half *footprint.BOMLine)) *footprint.Study {
	t.Helper()
	s := seedtest.Study(t, "pv-module")
	frame := s.BOM[0].Children[1]
	if frame.Factor != prof.Code || prof.Unit.Per.Symbol != "kg" {
		t.Fatalf("the module's frame on %s per %s: not the fixture this test needs", frame.Factor, prof.Unit.Per.Symbol)
	}
	half := *frame
	frame.Quantity, half.Quantity = frame.Quantity/2, frame.Quantity/2*stretch
	edit(&half)
	s.BOM[0].Children = append(s.BOM[0].Children, &half)
	return s
}

func TestSession53_CertificateOfAnotherChapter(t *testing.T) {
	// Ensure a supplier certificate standing for half the demo module's
	// aluminium frame at the profile's 9.8 kgCO2e/kg, of another chapter,
	// moves with the profile's family, as the study's aluminium does, with
	// the factors the service passes (servedFactors). Before session 54
	// each printed the range of the same half on a factor of its codes,
	// copper 10.1 % narrower than the frame unsplit. Now (reviewer 54) a
	// certificate whose figure lies within the 95 % range of any factor
	// passed takes its codes' families and those of every factor whose
	// range holds it: it prints the range of the same half on a factor of
	// its codes and the profile's, HS 7604. Of glass, HS 7007 (the set's
	// tempered glass 1.475 ±50 %), it moves with the glass too, wider; of
	// copper, 7403 (5.795 ±50 %, 3.86 to 8.69), its group named HS:74, its
	// sample's order is another, so its width is the unsplit frame's only
	// to the sample's variation (4.0 % narrower under footprint/9); of
	// furniture, 9403 (no factor in the set), the unsplit frame's; of
	// metallurgical silicon, 280469 (11.3 ±50 %), 1.3 % narrower for the
	// same reason. Of the profile's own heading, 7604, it prints the range
	// of the same half on a factor of its codes: a line is what its source
	// says it is, a certificate's signed codes as a factor's.
	all := seedtest.Factors(t)
	prof := all["PV-AL-PROFILE"]
	one := MustCalculate(t, seedtest.Study(t, "pv-module"), all, nil)
	kg, err := footprint.ParseUnit("kg")
	if err != nil {
		t.Fatal(err)
	}
	fromCertOf := func(codes ...footprint.ProductCode) *footprint.Result {
		sf, err := certification.CertificateSupplierFootprint("CDPCF-2026-000123", cellCertificate(), "test-key")
		if err != nil {
			t.Fatal(err)
		}
		sf.DeclaredUnit, sf.KgCO2e, sf.UncertaintyPct, sf.ProductCodes = kg, prof.Value, footprint.GradeUncertaintyPct(prof.Quality.Grade), codes
		sups := map[string]*footprint.SupplierFootprint{sf.ID: sf}
		s := halfFrameFrom(t, prof, 1, func(h *footprint.BOMLine) { h.Factor, h.Supplier = "", sf.ID })
		r := MustCalculate(t, s, servedFactors(all, s, sups), sups)
		if math.Abs(r.KgCO2e-one.KgCO2e) > 1e-9*one.KgCO2e {
			t.Fatalf("headline %.9f (certificate of %v), %.9f (unsplit): not one study", r.KgCO2e, codes, one.KgCO2e)
		}
		return r
	}
	ofNoHS := fromCertOf(footprint.ProductCode{Scheme: "CPC", Code: "41532"})
	profile := footprint.ProductCode{Scheme: "HS", Code: "7604"}
	for _, tc := range []struct {
		code string
		as   []footprint.ProductCode // the codes of the factor it moves as; none: every family
	}{
		{"7007", []footprint.ProductCode{{Scheme: "HS", Code: "7007"}, profile}}, {"7403", []footprint.ProductCode{{Scheme: "HS", Code: "7403"}, profile}},
		{"9403", []footprint.ProductCode{{Scheme: "HS", Code: "9403"}, profile}},
		{"280469", []footprint.ProductCode{{Scheme: "HS", Code: "280469"}, profile}}, {"7604", []footprint.ProductCode{profile}},
	} {
		t.Run(tc.code, func(t *testing.T) {
			codes := []footprint.ProductCode{{Scheme: "HS", Code: tc.code}}
			fromCert := fromCertOf(codes...)
			t.Logf("half the frame from a certificate of HS %s: %.2f–%.2f (%.2f, %+.1f %% from the unsplit %.2f)", tc.code,
				fromCert.Uncertainty.LowKgCO2e, fromCert.Uncertainty.HighKgCO2e, width(fromCert), 100*(width(fromCert)/width(one)-1), width(one))
			if d := rt88Rel(ofNoHS.Uncertainty, fromCert.Uncertainty); !(d > 1e-6) {
				t.Errorf("range %.4f–%.4f, that of a certificate of no HS code (every family)", fromCert.Uncertainty.LowKgCO2e, fromCert.Uncertainty.HighKgCO2e)
			}
			part := *prof
			part.Code, part.ProductCodes = "TEST-PART-"+tc.code, tc.as
			withFactor := map[string]*footprint.Factor{part.Code: &part}
			for c, f := range all {
				withFactor[c] = f
			}
			s := halfFrameFrom(t, prof, 1, func(h *footprint.BOMLine) { h.Factor = part.Code })
			same, want := MustCalculate(t, s, servedFactors(withFactor, s, nil), nil), fmt.Sprintf("on a factor of %v", tc.as)
			if d := rt88Rel(same.Uncertainty, fromCert.Uncertainty); !(d < 1e-9) {
				t.Errorf("range %.4f–%.4f, %.3g relative from the same half %s, %.4f–%.4f",
					fromCert.Uncertainty.LowKgCO2e, fromCert.Uncertainty.HighKgCO2e, d, want, same.Uncertainty.LowKgCO2e, same.Uncertainty.HighKgCO2e)
			}
		})
	}
}

func TestSession54_FigureStretchedIntoItsCodesRange(t *testing.T) {
	// Ensure a certificate standing for half the demo module's frame at a
	// figure per kg brought into its codes' range by a line stating another
	// mass than the half's (its kgCO2e unchanged) moves as a factor of the
	// same codes and of every factor of the study whose range holds its
	// figure would. Copper (HS 7403) at 1.2 times the mass (8.17
	// kgCO2e/kg, within the profile's 6.53 to 14.7 too) moves with the
	// profile's family, as on a factor of HS 7403 and 7604; at twice the
	// mass (4.9, below the profile's range) with copper's alone, as on a
	// factor of HS 7403, narrower than the frame unsplit, the bill of
	// materials outweighing the product (balance.Lighter); silicon (HS
	// 280461, 34.275 ±50 %: 22.85 to 51.4) at 0.4 times the mass (24.5,
	// above the profile's range) with silicon's alone, as on a factor of HS
	// 280461, narrower, and the product outweighing its bill of materials by
	// less than the cut-off warns of nothing more: what docs/integrity.md
	// (session 54) leaves open.
	all := seedtest.Factors(t)
	prof := all["PV-AL-PROFILE"]
	kg, err := footprint.ParseUnit("kg")
	if err != nil {
		t.Fatal(err)
	}
	copper, profile, silicon := footprint.ProductCode{Scheme: "HS", Code: "7403"}, footprint.ProductCode{Scheme: "HS", Code: "7604"}, footprint.ProductCode{Scheme: "HS", Code: "280461"}
	for _, tc := range []struct {
		name    string
		code    footprint.ProductCode
		stretch float64
		as      []footprint.ProductCode // the codes of the factor it moves as
		lighter bool                    // warned: the product weighs less than its bill of materials
	}{
		{"copper, 1.2 times the mass", copper, 1.2, []footprint.ProductCode{copper, profile}, true},
		{"copper, twice the mass", copper, 2, []footprint.ProductCode{copper}, true},
		{"silicon, 0.4 times the mass", silicon, 0.4, []footprint.ProductCode{silicon}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sf, err := certification.CertificateSupplierFootprint("CDPCF-2026-000123", cellCertificate(), "test-key")
			if err != nil {
				t.Fatal(err)
			}
			sf.DeclaredUnit, sf.KgCO2e, sf.UncertaintyPct, sf.ProductCodes = kg, prof.Value/tc.stretch, footprint.GradeUncertaintyPct(prof.Quality.Grade), []footprint.ProductCode{tc.code}
			sups := map[string]*footprint.SupplierFootprint{sf.ID: sf}
			s := halfFrameFrom(t, prof, tc.stretch, func(h *footprint.BOMLine) { h.Factor, h.Supplier = "", sf.ID })
			fromCert := MustCalculate(t, s, servedFactors(all, s, sups), sups)
			part := *prof
			part.Code, part.ProductCodes, part.Value = "TEST-PART", tc.as, sf.KgCO2e
			withFactor := map[string]*footprint.Factor{part.Code: &part}
			for c, f := range all {
				withFactor[c] = f
			}
			s = halfFrameFrom(t, prof, tc.stretch, func(h *footprint.BOMLine) { h.Factor = part.Code })
			onFactor := MustCalculate(t, s, servedFactors(withFactor, s, nil), nil)
			t.Logf("certificate at %.3f kgCO2e/kg: %.2f–%.2f (%.2f); on a factor of %v: %.2f–%.2f", sf.KgCO2e, fromCert.Uncertainty.LowKgCO2e, fromCert.Uncertainty.HighKgCO2e,
				width(fromCert), tc.as, onFactor.Uncertainty.LowKgCO2e, onFactor.Uncertainty.HighKgCO2e)
			if d := rt88Rel(onFactor.Uncertainty, fromCert.Uncertainty); !(d < 1e-9) || math.Abs(fromCert.KgCO2e-onFactor.KgCO2e) > 1e-9*onFactor.KgCO2e {
				t.Errorf("%.9f kgCO2e, range %.4f–%.4f, %.3g relative from the same on a factor of %v, %.9f, %.4f–%.4f", fromCert.KgCO2e,
					fromCert.Uncertainty.LowKgCO2e, fromCert.Uncertainty.HighKgCO2e, d, tc.as, onFactor.KgCO2e, onFactor.Uncertainty.LowKgCO2e, onFactor.Uncertainty.HighKgCO2e)
			}
			if got := slices.ContainsFunc(fromCert.Warnings, func(w footprint.Warning) bool { return w.Path == "product.mass_kg" }); got != tc.lighter {
				t.Errorf("a warning on product.mass_kg: %v, want %v", got, tc.lighter)
			}
		})
	}
}

func TestSession54_FigureBelowItsOwnCodesRange(t *testing.T) {
	// Ensure half the demo module's frame from a certificate at 5.0
	// kgCO2e/kg, below the set's aluminium profile's 95 % range (9.8 ±50 %:
	// 6.53 to 14.7) and inside copper's (5.795 ±50 %: 3.86 to 8.69), coded
	// as what it is, HS 7604, moves with its codes' family and copper's, as
	// the same half on a factor of HS 7604 and 7403 would, and not with
	// every family (reviewer 54: 74.24 wide, against 43.13 now and 43.73 on
	// a factor of 7604 at 5.0). Pin what docs/integrity.md (session 54)
	// leaves open: coded as copper, HS 7403, it moves with copper's alone,
	// as on a factor of 7403, narrower than coded as what it is: a related
	// company's code still chooses a narrower range, by 4 %.
	all := seedtest.Factors(t)
	prof := all["PV-AL-PROFILE"]
	kg, err := footprint.ParseUnit("kg")
	if err != nil {
		t.Fatal(err)
	}
	const fig = 5.0
	onFactorOf := func(codes ...footprint.ProductCode) *footprint.Result {
		part := *prof
		part.Code, part.ProductCodes, part.Value = "TEST-PART", codes, fig
		withFactor := map[string]*footprint.Factor{part.Code: &part}
		for c, f := range all {
			withFactor[c] = f
		}
		s := halfFrameFrom(t, prof, 1, func(h *footprint.BOMLine) { h.Factor = part.Code })
		return MustCalculate(t, s, servedFactors(withFactor, s, nil), nil)
	}
	fromCertOf := func(codes ...footprint.ProductCode) *footprint.Result {
		sf, err := certification.CertificateSupplierFootprint("CDPCF-2026-000123", cellCertificate(), "test-key")
		if err != nil {
			t.Fatal(err)
		}
		sf.DeclaredUnit, sf.KgCO2e, sf.UncertaintyPct, sf.ProductCodes = kg, fig, footprint.GradeUncertaintyPct(prof.Quality.Grade), codes
		sups := map[string]*footprint.SupplierFootprint{sf.ID: sf}
		s := halfFrameFrom(t, prof, 1, func(h *footprint.BOMLine) { h.Factor, h.Supplier = "", sf.ID })
		return MustCalculate(t, s, servedFactors(all, s, sups), sups)
	}
	copper, profile := footprint.ProductCode{Scheme: "HS", Code: "7403"}, footprint.ProductCode{Scheme: "HS", Code: "7604"}
	asAluminium, honest, false7403, noHS := onFactorOf(profile), fromCertOf(profile), fromCertOf(copper), fromCertOf(footprint.ProductCode{Scheme: "CPC", Code: "41532"})
	t.Logf("at %.1f kgCO2e/kg: on a factor of 7604 %.2f; certificate of 7604 %.2f, of 7403 %.2f, of no HS code %.2f", fig, width(asAluminium), width(honest), width(false7403), width(noHS))
	if d := rt88Rel(honest.Uncertainty, onFactorOf(profile, copper).Uncertainty); !(d < 1e-9) || !(width(honest) < width(noHS)) {
		t.Errorf("coded 7604: range %.4f–%.4f, %.3g relative from a factor of 7604 and 7403's; want that, narrower than a certificate of no HS code (every family, %.4f)", honest.Uncertainty.LowKgCO2e, honest.Uncertainty.HighKgCO2e, d, width(noHS))
	}
	if d := rt88Rel(false7403.Uncertainty, onFactorOf(copper).Uncertainty); !(d < 1e-9) || !(width(false7403) < width(honest)) {
		t.Errorf("coded 7403: width %.4f, %.3g relative from a factor of 7403's; want that, narrower than coded 7604 (%.4f)", width(false7403), d, width(honest))
	}
}

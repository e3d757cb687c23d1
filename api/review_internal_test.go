package api

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure an error page says in both languages what every error code means
// and what to do: an internal error's page showed its title alone (its
// message is withheld), and a too-large upload, a rate limit, a wrong
// method or content type no hint; the Chinese hints use Chinese
// punctuation.
func TestReview_EveryErrorCodeHasAHint(t *testing.T) {
	for _, code := range []string{footprint.EINVALID, footprint.ECONFLICT, footprint.ENOTFOUND, footprint.EFORBIDDEN, footprint.EUNAUTHORIZED,
		footprint.ENOTIMPLEMENTED, footprint.EINTERNAL, codeMethodNotAllowed, codeTooLarge, codeUnsupportedMediaType, codeRateLimited, codeUnavailable} {
		h := pageErrorHints[code]
		if h[0] == "" || h[1] == "" {
			t.Errorf("%s: no hint in both languages: %q", code, h)
		}
		if strings.ContainsAny(h[0], ",:;()") {
			t.Errorf("%s: Chinese hint with ASCII punctuation: %s", code, h[0])
		}
	}
}

// Ensure the review names what a successor changes against the
// certificate it supersedes: its rule, its declared unit (then no figures
// are compared), and a figure 10 % or more below; and nothing for a study
// of the same rule and unit within 10 %.
func TestSuccessorWarnings(t *testing.T) {
	piece, err := footprint.ParseUnit("piece")
	if err != nil {
		t.Fatal(err)
	}
	old := &certification.Certificate{Number: "CDPCF-2026-000001", Rule: certification.CertificateRule{Code: "pv-module"}, KgCO2e: 150,
		DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块", LabelEN: "module"}}
	study := func(rule string, amount, kg float64) *footprint.Study {
		return &footprint.Study{Rule: rule, Result: &footprint.Result{KgCO2e: kg, DeclaredUnit: footprint.DeclaredUnit{Amount: amount, Unit: piece}}}
	}
	for _, tt := range []struct {
		name  string
		st    *footprint.Study
		paths string
	}{
		{"Same", study("pv-module", 1, 136), ""},
		{"Lower", study("pv-module", 1, 135), "supersedes"},
		{"OtherRule", study("electronics", 1, 150), "rule"},
		{"OtherUnit", study("pv-module", 2, 100), "declared_unit"},
		{"OtherRuleAndLower", study("electronics", 1, 75), "rule supersedes"},
	} {
		var paths []string
		for _, w := range successorWarnings(tt.st, []*certification.Certificate{old}) {
			paths = append(paths, w.Path)
			if !strings.Contains(w.Message, old.Number) {
				t.Errorf("%s: %q does not name %s", tt.name, w.Message, old.Number)
			}
		}
		if got := strings.Join(paths, " "); got != tt.paths {
			t.Errorf("%s: warnings at %q, want %q", tt.name, got, tt.paths)
		}
	}
}

// Ensure a lineage lowered in steps under 10 % each is named against its
// highest figure (red team 11: 150 → 135.2 → 121.8 → 109.8 raised nothing).
func TestSuccessorWarnings_LineageInSteps(t *testing.T) {
	piece, err := footprint.ParseUnit("piece")
	if err != nil {
		t.Fatal(err)
	}
	cert := func(number string, kg float64) *certification.Certificate {
		return &certification.Certificate{Number: number, Rule: certification.CertificateRule{Code: "pv-module"}, KgCO2e: kg,
			DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块", LabelEN: "module"}}
	}
	st := &footprint.Study{Rule: "pv-module", Result: &footprint.Result{KgCO2e: 109.8, DeclaredUnit: footprint.DeclaredUnit{Amount: 1, Unit: piece}}}
	lineage := []*certification.Certificate{cert("CDPCF-2026-000003", 121.8), cert("CDPCF-2026-000002", 135.2), cert("CDPCF-2026-000001", 150)}
	if w := successorWarnings(st, lineage[:1]); len(w) != 0 {
		t.Fatalf("9.9 %% below the one superseded: %+v", w)
	}
	w := successorWarnings(st, lineage)
	if len(w) != 1 || w[0].Path != "supersedes" || !strings.Contains(w[0].Message, "certificate CDPCF-2026-000001 of its lineage") {
		t.Fatalf("26.8 %% below the lineage's first: %+v", w)
	}
}

// Ensure a successor declared in another unit is compared with the
// certificate it supersedes in a reporting unit both state (red team 13:
// figureDrop compared the declared units only): a study per kWp whose per
// piece figure is a third below the certificate's per piece is named, in
// kgCO2e per module; one that states no unit the certificate states is
// said not comparable, as before.
func TestSuccessorWarnings_OtherDeclaredUnitComparedPerUnit(t *testing.T) {
	kWp, err := footprint.ParseUnit("kWp")
	if err != nil {
		t.Fatal(err)
	}
	old := &certification.Certificate{Number: "CDPCF-2026-000001", Rule: certification.CertificateRule{Code: "pv-module"}, KgCO2e: 150,
		DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块", LabelEN: "module"},
		PerUnit:      []certification.CertificatePerUnit{{Unit: "kWp", LabelZH: "每千瓦峰值功率", LabelEN: "per kWp of rated power", KgCO2e: 370}}}
	for _, tt := range []struct {
		name     string
		perUnit  []footprint.UnitTotal
		paths    string
		contains string
	}{
		{"PerPiece", []footprint.UnitTotal{{Unit: "piece", Basis: footprint.PerPiece, KgCO2e: 100}, {Unit: "kWp", Basis: footprint.PerRatedPower, KgCO2e: 247}}, "declared_unit supersedes", "gives 100 kgCO2e per module, 33.3 % below the 150"},
		{"PerKWp", []footprint.UnitTotal{{Unit: "kWp", Basis: footprint.PerRatedPower, KgCO2e: 247}}, "declared_unit supersedes", "gives 247 kgCO2e per kWp of rated power, 33.2 % below the 370"},
		{"Within10Pct", []footprint.UnitTotal{{Unit: "kWp", Basis: footprint.PerRatedPower, KgCO2e: 360}}, "declared_unit", "compared in a unit both state"},
		{"NoneShared", []footprint.UnitTotal{{Unit: "m²", Basis: footprint.PerArea, KgCO2e: 60}}, "declared_unit", "not comparable"},
	} {
		st := &footprint.Study{Rule: "pv-module", Result: &footprint.Result{KgCO2e: 247, DeclaredUnit: footprint.DeclaredUnit{Amount: 1, Unit: kWp}, PerUnit: tt.perUnit}}
		var paths, messages []string
		for _, w := range successorWarnings(st, []*certification.Certificate{old}) {
			paths, messages = append(paths, w.Path), append(messages, w.Message)
		}
		if got := strings.Join(paths, " "); got != tt.paths || !strings.Contains(strings.Join(messages, "\n"), tt.contains) {
			t.Errorf("%s: warnings at %q, want %q with %q: %q", tt.name, got, tt.paths, tt.contains, messages)
		}
	}
}

// Ensure the workbench review words a supplier certificate whose status is
// still a restored copy's as the verification page does, not "有效 Valid"
// (red team 36).
func TestReview_RestoredSupplierRowWording(t *testing.T) {
	rows := newReviewCertViews([]reviewCertificate{
		{Number: "CDPCF-2026-000001", Status: "valid", RestoredAsOf: "2026-03-01T00:00:00Z"},
		{Number: "CDPCF-2026-000002", Status: "valid"},
	})
	if got := rows[0].StatusText; !strings.Contains(got, "状态待确认") || !strings.Contains(got, "restored copy") {
		t.Errorf("restored supplier row: %q, want the restored wording", got)
	}
	if got, want := rows[1].StatusText, statusWords("valid"); got != want {
		t.Errorf("plain supplier row: %q, want %q", got, want)
	}
}

// Ensure the workbench's certificate lists and page word a certificate
// whose status is still a restored copy's as the verification page does,
// not "有效 Valid" (red team 36).
func TestWorkCertificate_RestoredWording(t *testing.T) {
	restored := workCertificate{Status: certification.CertificateValid, Rec: &certification.CertificateRecord{
		SupplierFlags: []certification.SupplierFlag{{Restored: true}}}}
	if got := restored.StatusZH() + " " + restored.StatusEN(); !strings.Contains(got, "状态待确认") || !strings.Contains(got, "restored copy") || restored.StatusClass() != "warn" {
		t.Errorf("restored certificate: %q (%s), want the restored wording", got, restored.StatusClass())
	}
	plain := workCertificate{Status: certification.CertificateValid, Rec: &certification.CertificateRecord{}}
	if got, want := plain.StatusZH()+" "+plain.StatusEN(), statusWords("valid"); got != want {
		t.Errorf("plain certificate: %q, want %q", got, want)
	}
}

// Ensure two results are the same data by their figures alone: a renamed
// product, lines renamed, split in two or moved into a shared
// sub-assembly, and the declared amount doubled with every figure are the
// same data, and so are figures nudged within 1 % (a transport distance
// 100 → 100.0001 km escaped a comparison to 1e-9, red team); a quantity
// changed by more than 1 % in one source, though the total and stages stay
// within 1 %, a source added, a factor swapped, a stage moved or another
// unit are not.
func TestInventory_SameData(t *testing.T) {
	units := map[string]footprint.Unit{}
	for _, symbol := range []string{"piece", "kWp"} {
		u, err := footprint.ParseUnit(symbol)
		if err != nil {
			t.Fatal(err)
		}
		units[symbol] = u
	}
	piece, kwp := units["piece"], units["kWp"]
	leaf := func(name, factor string, kg float64) *footprint.Contribution {
		return &footprint.Contribution{Name: name, FactorCode: factor, KgCO2e: kg}
	}
	result := func(model string, amount float64, unit footprint.Unit, a1, a3 float64, lines ...*footprint.Contribution) *footprint.Result {
		return &footprint.Result{ProductModel: model, DeclaredUnit: footprint.DeclaredUnit{Amount: amount, Unit: unit}, KgCO2e: a1 + a3,
			Stages: []footprint.StageTotal{{Code: "A1", KgCO2e: a1}, {Code: "A3", KgCO2e: a3}}, Lines: lines}
	}
	base := result("M1", 1, piece, 30, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10))
	for _, tt := range []struct {
		name string
		r    *footprint.Result
		same bool
	}{
		{"Renamed", result("M1 PLUS", 1, piece, 30, 10, leaf("cover glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("grid", "ELEC", 10)), true},
		{"LineSplit", result("M2", 1, piece, 30, 10, leaf("glass a", "GLASS", 12), leaf("glass b", "GLASS", 8), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), true},
		{"SubAssembly", func() *footprint.Result {
			r := result("M3", 1, piece, 30, 10, &footprint.Contribution{Name: "laminate", Assembly: "lam", KgCO2e: 30}, leaf("power", "ELEC", 10))
			r.Assemblies = []*footprint.AssemblyBreakdown{{ID: "lam", Multiplier: 2, Lines: []*footprint.Contribution{leaf("glass", "GLASS", 10), leaf("frame", "AL", 5)}}}
			return r
		}(), true},
		{"TwoPieces", result("M4", 2, piece, 60, 20, leaf("glass", "GLASS", 40), leaf("frame", "AL", 20), leaf("power", "ELEC", 20)), true},
		{"QuantityChanged", result("M1", 1, piece, 30.5, 10, leaf("glass", "GLASS", 20.5), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
		// A transport distance 100 → 100.0001 km: the certificate prints the same figure (red team).
		{"Nudged", result("M1", 1, piece, 30.000002, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10.000002), leaf("power", "ELEC", 10)), true},
		{"WithinOnePercent", result("M1", 1, piece, 30.25, 10, leaf("glass", "GLASS", 20.15), leaf("frame", "AL", 10.1), leaf("power", "ELEC", 10)), true},
		// One source +5 %, and +2 % with the total (+0.5 %) and stages within 1 %: other data.
		{"OneSourcePlus5Percent", result("M1", 1, piece, 30.5, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10.5), leaf("power", "ELEC", 10)), false},
		{"OneSourcePlus2PercentTotalWithin", result("M1", 1, piece, 30.2, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10.2), leaf("power", "ELEC", 10)), false},
		{"SourceAdded", result("M1", 1, piece, 30.001, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10), leaf("label", "PAPER", 0.001)), false},
		{"FactorSwapped", result("M1", 1, piece, 30, 10, leaf("glass", "GLASS-2", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
		{"StageMoved", result("M1", 1, piece, 20, 20, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
		{"OtherUnit", result("M1", 1, kwp, 30, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
	} {
		if got := newInventory(base).sameData(newInventory(tt.r)); got != tt.same {
			t.Errorf("%s: same data %v, want %v", tt.name, got, tt.same)
		}
	}
}

func TestWorkPage_WarningChineseThenEnglish(t *testing.T) {
	// Ensure the workbench shows a result's warning in Chinese, its
	// English beneath, once each, and a warning of a result calculated
	// before warnings had their Chinese as it was stored, split into its
	// Chinese and English when it held both.
	for _, tt := range []struct {
		name string
		w    footprint.Warning
		want string
	}{
		{"both", footprint.Warning{Path: "bom[0].factor", Message: "factor X is deprecated in set S", MessageZH: "因子 X 在因子集 S 中已弃用"},
			`<li><span class="mono">bom[0].factor</span> 因子 X 在因子集 S 中已弃用<span class="en" lang="en">factor X is deprecated in set S</span></li>`},
		{"stored before warnings had Chinese", footprint.Warning{Path: "bom[0].factor", Message: "factor X is deprecated in set S"},
			`<li><span class="mono">bom[0].factor</span> factor X is deprecated in set S</li>`},
		{"both in the message, stored before", footprint.Warning{Path: "bom", Message: "物料清单中没有计入电路板。The bill of materials counts no circuit boards"},
			`<li><span class="mono">bom</span> 物料清单中没有计入电路板。<span class="en" lang="en">The bill of materials counts no circuit boards</span></li>`},
		{"English naming Chinese, stored before", footprint.Warning{Path: "not_applicable[0]", Message: "stage D (beyond) is declared not applicable: 不适用。see the study"},
			`<li><span class="mono">not_applicable[0]</span> stage D (beyond) is declared not applicable: 不适用。see the study</li>`},
		{"both in the message, and its Chinese", footprint.Warning{Path: "bom", Message: "物料清单中没有计入电路板。The bill of materials counts no circuit boards", MessageZH: "物料清单中没有计入电路板。"},
			`<li><span class="mono">bom</span> 物料清单中没有计入电路板。<span class="en" lang="en">The bill of materials counts no circuit boards</span></li>`},
	} {
		var b bytes.Buffer
		if err := workTemplates["application"].ExecuteTemplate(&b, "warning", newReviewWarning(tt.w)); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

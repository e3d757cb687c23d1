package footprint_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 20: figures a certificate prints beside the headline. The
// headline may be honest; these are the figures around it.

// markAllPrimary flags every BOM line of s (assemblies and children
// included) as primary data rated 1 on every PEF criterion, the best the
// scale allows, without changing a factor or a quantity.
func markAllPrimary(s *footprint.Study) {
	best := &footprint.DataQuality{TeR: 1, GR: 1, TiR: 1, P: 1}
	var walk func([]*footprint.BOMLine)
	walk = func(ls []*footprint.BOMLine) {
		for _, l := range ls {
			if l == nil {
				continue
			}
			if l.Factor != "" {
				l.Primary, l.Quality = true, best
			}
			walk(l.Children)
		}
	}
	walk(s.BOM)
	walk(s.Packaging)
	for _, a := range s.Assemblies {
		walk(a.Lines)
	}
}

// primaryWarnings counts r's warnings on a line that speak of its primary
// flag.
func primaryWarnings(r *footprint.Result) int {
	n := 0
	for _, w := range r.Warnings {
		if strings.Contains(w.Message, "primary") && (strings.HasPrefix(w.Path, "bom") || strings.HasPrefix(w.Path, "assemblies") || strings.HasPrefix(w.Path, "packaging")) {
			n++
		}
	}
	return n
}

// Ensure a line cannot call a dataset of the factor set primary data
// without a word to the certifier. The certificate prints the primary-data
// share and the DQR with its verbal level; both are the study's own
// flags. The demo laptop with every BOM line flagged "primary": true and
// rated dq 1/1/1/1, every factor and quantity unchanged (national and
// CPCD averages: primary electrolytic aluminium CN, the set's display and
// board factors), stays at 179.0 kgCO2e but goes from a primary-data share
// of 0 % and a DQR of 2.18 ("good") to a share of 46.2 % and a DQR of 1.27
// ("excellent" in the result, 1.3 on the certificate), with no warning: rate() skips its check for a primary line,
// and nothing asks whether the factor of a primary line is specific to the
// maker. reference/standards.md §5 (PACT, quoting the framework,
// scope3data/methodology#124): primaryDataShare "must rest on both activity
// data and emission-factor specificity"; a factor of the pinned set is
// secondary (the set is a database), so its line is primary in its
// activity data at most, and the share a certificate prints should count
// it as secondary or the review should say so, naming the line.
func TestRedteam20_PrimaryFlagOnASetFactor(t *testing.T) {
	base := MustCalculate(t, seedtest.Study(t, "laptop"), seedtest.Factors(t), nil)
	s := seedtest.Study(t, "laptop")
	markAllPrimary(s)
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		return // refused: fine
	}
	t.Logf("honest: primary %.1f %%, DQR %.2f; flagged: primary %.1f %%, DQR %.2f, total %.1f → %.1f kgCO2e",
		base.PrimaryDataSharePct, base.DQR, res.PrimaryDataSharePct, res.DQR, base.KgCO2e, res.KgCO2e)
	if res.PrimaryDataSharePct > base.PrimaryDataSharePct && primaryWarnings(res) <= primaryWarnings(base) {
		t.Errorf("every BOM line on a set factor flagged primary and rated 1: primary-data share %.1f %% → %.1f %%, DQR %.2f → %.2f, printed on the certificate, no warning naming a line's primary flag: %+v",
			base.PrimaryDataSharePct, res.PrimaryDataSharePct, base.DQR, res.DQR, res.Warnings)
	}
}

// Ensure "packaging: included", which a certificate prints (labels: the
// fossil/biogenic/packaging field) and a PACT export states as
// packagingEmissionsIncluded, is said only of packaging that is counted.
// The engine sets Result.PackagingIncluded when the study lists any
// packaging line (len(s.Packaging) > 0), even one it cuts off: the demo
// laptop (no packaging: the certificate says "not included") with its
// 0.6 kg corrugated carton listed as an exempted line (screened at
// PKG-BOARD-CN, 0.418 kgCO2e/kg; the cut-off share 3.46 → 3.59 % of
// emissions, under the 5 % limit) stays at 179.0 kgCO2e and prints
// "packaging included" on a total that counts 0 kgCO2e of packaging. A
// reader and a PACT partner read an inventory that holds the packaging.
// A correct result says "included" only when a packaging line is counted
// (not exempted, positive quantity), or the review warns at packaging.
// The carton's mass is test data, not a figure of any product; no bound
// is needed.
func TestRedteam20_PackagingIncludedWhenAllCutOff(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	s.Packaging = []*footprint.BOMLine{{Name: "corrugated carton", Quantity: 0.6, Unit: footprint.MustParseUnit("kg"),
		Exempt: &footprint.Exemption{Reason: "below the cut-off", ScreeningFactor: "PKG-BOARD-CN"}}}
	r, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		return // refused
	}
	t.Logf("total %.1f kgCO2e, packaging included %v, packaging %.3f kgCO2e, exempted %.2f %% (%s)", r.KgCO2e, r.PackagingIncluded, r.PackagingKgCO2e, r.ExemptedPct, r.ExemptedBasis)
	if !r.PackagingIncluded || r.PackagingKgCO2e > 0 || anyWarningUnder(r, "packaging") {
		return
	}
	t.Errorf("packaging wholly cut off (%.3f kgCO2e counted) stated as included, no warning at packaging: %+v", r.PackagingKgCO2e, r.Warnings)
}

package certification

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// unitFigure is a footprint per a unit: the declared unit (key "declared"
// and its amount and symbol), or one of a rule's reporting units (key its
// symbol and basis, footprint.PerUnit: per piece, per kWp of rated power,
// per m² of module area).
type unitFigure struct {
	key          string
	kg           float64
	perZH, perEN string // the unit as a message writes it: "kgCO2e/块", "per module"
}

func declaredKey(amount float64, symbol string) string {
	return "declared " + strconv.FormatFloat(amount, 'g', -1, 64) + " " + symbol
}

func perUnitKey(symbol, basis string) string { return symbol + " per " + basis }

// studyFigures returns the figures of result r: per its declared unit,
// then per each of its reporting units.
func studyFigures(r *footprint.Result) []unitFigure {
	out := []unitFigure{{key: declaredKey(r.DeclaredUnit.Amount, r.DeclaredUnit.Unit.Symbol), kg: r.KgCO2e}}
	for _, u := range r.PerUnit {
		out = append(out, unitFigure{key: perUnitKey(u.Unit, u.Basis), kg: u.KgCO2e})
	}
	return out
}

// certificateFigures returns the figures certificate c states: per its
// declared unit (and, for one of a reporting unit of its rule, per that
// unit: the certificate leaves it out of its per-unit figures), then per
// each of its per-unit figures, whose basis its rule tells by unit and
// label (else the label stands for it).
func certificateFigures(c *Certificate) []unitFigure {
	du := c.DeclaredUnit
	out := []unitFigure{{key: declaredKey(du.Amount, du.Unit), kg: c.KgCO2e, perZH: du.PerZH(), perEN: du.PerEN()}}
	var perUnits []footprint.PerUnit
	if rule, err := footprint.FindRule(c.Rule.Code); err == nil {
		perUnits = rule.PerUnits
	}
	for _, pu := range perUnits {
		if du.Amount == 1 && pu.Unit == du.Unit {
			out = append(out, unitFigure{key: perUnitKey(pu.Unit, pu.Basis), kg: c.KgCO2e, perZH: du.PerZH(), perEN: du.PerEN()})
		}
	}
	for _, u := range c.PerUnit {
		basis := "label " + u.LabelEN
		for _, pu := range perUnits {
			if pu.Unit == u.Unit && pu.LabelEN == u.LabelEN {
				basis = pu.Basis
			}
		}
		out = append(out, unitFigure{key: perUnitKey(u.Unit, basis), kg: u.KgCO2e, perZH: "kgCO2e/" + u.Unit + "(" + u.LabelZH + ")", perEN: u.LabelEN})
	}
	return out
}

// FigureComparison is a study's figure against a certificate's in a unit
// both state.
type FigureComparison struct {
	Study, Cert  float64 // kgCO2e per the unit
	PerZH, PerEN string  // the unit, as the certificate writes it
	Drop         float64 // how far the study's figure is below the certificate's, in percent
}

// Pct writes the drop for a message, to three significant digits.
func (f FigureComparison) Pct() string {
	return strconv.FormatFloat(footprint.RoundSig(f.Drop, 3), 'g', -1, 64)
}

// FigureDropPct is the fall of a study's figure against a certificate of
// the holder's for the same product from which the certifier's review
// names it: a new study of the same product that halves its figure is
// what a certifier asks the reasons of (new factors, a new process, or
// parts left out).
const FigureDropPct = 10

// CompareFigures returns the study's figure against certificate c's in
// the unit both state where the study's falls furthest below c's: of the
// same declared unit and the study's reporting units in its rule's order
// (red team 13: a module declared per kWp against a certificate per piece,
// both stating per piece and per kWp), the first unless another falls
// further (red team 62: the same module restated at a higher rated power,
// 150.1 kgCO2e a module as before and 12.4 % less per kWp, the figure the
// certificate and the label print and PV buyers compare, was compared per
// piece only); false when they share none, or c's figure is not above
// zero in any they share.
func CompareFigures(st *footprint.Study, c *Certificate) (FigureComparison, bool) {
	if st.Result == nil {
		return FigureComparison{}, false
	}
	certs := certificateFigures(c)
	var out FigureComparison
	found := false
	for _, s := range studyFigures(st.Result) {
		i := slices.IndexFunc(certs, func(cf unitFigure) bool { return cf.key == s.key && cf.kg > 0 })
		if i < 0 {
			continue
		}
		cf := certs[i]
		f := FigureComparison{Study: s.kg, Cert: cf.kg, PerZH: cf.perZH, PerEN: cf.perEN, Drop: (cf.kg - s.kg) / cf.kg * 100}
		// Rounding aside: the same fall in two units (a module's figure
		// per piece and per kWp) stays named in the first.
		if !found || f.Drop > out.Drop+1e-9 {
			out, found = f, true
		}
	}
	return out, found
}

// FigureDrop returns the study's figure against certificate c's
// (CompareFigures), and whether it is FigureDropPct or more below; false
// when they share no unit. The certifier's review names such a fall, and
// the issue transaction reads which certificates it names
// (factordb reviewState).
func FigureDrop(st *footprint.Study, c *Certificate) (FigureComparison, bool) {
	f, ok := CompareFigures(st, c)
	return f, ok && f.Drop >= FigureDropPct
}

// LineageDrop returns the certificate of lineage (a certificate, then the
// ones before it) whose figure the study's falls furthest below, by
// FigureDropPct or more, with that comparison; false when none.
func LineageDrop(st *footprint.Study, lineage []*Certificate) (*Certificate, FigureComparison, bool) {
	var peak *Certificate
	var f FigureComparison
	for _, c := range lineage {
		if cf, ok := FigureDrop(st, c); ok && (peak == nil || cf.Drop > f.Drop) {
			peak, f = c, cf
		}
	}
	return peak, f, peak != nil
}

// LineagePeaks returns the certificates of lineage (a lineage's
// certificates, the latest first) that LineageDrop can name for some
// study, in lineage order: of the certificates stating the same units,
// the first (for a study of figure 0, which every one falls below
// equally) and, in each unit, the first of the highest figure (what a
// study of a positive figure falls furthest below) and of the lowest (a
// negative figure). So for any certificate c and study st,
// LineageDrop(st, c followed by LineagePeaks(l)) is LineageDrop(st, c
// followed by l), and LineagePeaks(c followed by LineagePeaks(l)) is
// LineagePeaks(c followed by l): a store keeps a lineage's peaks with its
// latest certificate, each new one's from its predecessor's, and a review
// reads them instead of the whole lineage (factordb, session 35). Bounded
// by the kinds of units stated, not by the lineage's length.
func LineagePeaks(lineage []*Certificate) []*Certificate {
	keep := make([]bool, len(lineage))
	first := map[string]bool{}
	type at struct {
		i  int
		kg float64
	}
	high, low := map[string]at{}, map[string]at{}
	for i, c := range lineage {
		// CompareFigures takes, in a unit, the first figure above zero
		// the certificate states; which unit it compares in depends on
		// the units stated, so certificates are grouped by them.
		var units []string
		kgs := map[string]float64{}
		for _, f := range certificateFigures(c) {
			if _, ok := kgs[f.key]; !ok && f.kg > 0 {
				kgs[f.key] = f.kg
				units = append(units, f.key)
			}
		}
		slices.Sort(units)
		group := strings.Join(units, "\n")
		if !first[group] {
			first[group], keep[i] = true, true
		}
		for _, u := range units {
			k, kg := group+"\x00"+u, kgs[u]
			if h, ok := high[k]; !ok || kg > h.kg {
				high[k] = at{i, kg}
			}
			if l, ok := low[k]; !ok || kg < l.kg {
				low[k] = at{i, kg}
			}
		}
	}
	for _, m := range []map[string]at{high, low} {
		for _, a := range m {
			keep[a.i] = true
		}
	}
	var out []*Certificate
	for i, c := range lineage {
		if keep[i] {
			out = append(out, c)
		}
	}
	return out
}

// FormatKgOutward formats x as footprint.FormatKgCO2e does, but rounded down (up
// false) or up (up true) at the precision it prints x to, never
// to nearest: the ends of a range printed so hold the signed range
// (156.57–212.02 prints 156–213, where rounding to nearest printed
// 157–212, narrower than the range signed): the certificate of document
// layout 6 and the label print a range so, and the verification page.
func FormatKgOutward(x float64, up bool) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return footprint.FormatKgCO2e(x)
	}
	decimals := 0 // as FormatKgCO2e: three significant figures below 100, else whole numbers
	if a := math.Abs(x); a < 100 {
		decimals = 2 - int(math.Floor(math.Log10(a)))
	}
	scale := math.Pow(10, float64(decimals))
	v := x * scale
	if r := math.Round(v); math.Abs(v-r) <= 1e-9*math.Max(1, math.Abs(v)) {
		v = r // 4.34 × 100 is 433.99999999999994: already at the precision
	}
	if up {
		v = math.Ceil(v)
	} else {
		v = math.Floor(v)
	}
	// footprint.FormatKgCO2e of the value rounded outward prints it as it is (its
	// precision is at least the one it was rounded at: 99.96 up is 100.0,
	// printed "100").
	return footprint.FormatKgCO2e(v / scale)
}

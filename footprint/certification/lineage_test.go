package certification_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"math"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a certificate followed by LineagePeaks of the ones before it names
// what the whole lineage names (LineageDrop) for every study, and that the
// peaks of a lineage are those of its latest certificate followed by the
// peaks of the rest: what a store keeps instead of the lineage (session 35).
func TestLineagePeaks_LineageDropUnchanged(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 1))
	kg := func() float64 {
		return []float64{0, 50, 90, 100, 100, 120, 150, 151.5}[r.IntN(8)]
	}
	units := []struct {
		amount float64
		symbol string
	}{{1, "piece"}, {10, "piece"}, {1, "kWp"}}
	perUnits := []footprint.UnitTotal{{Unit: "kWp", Basis: "rated_power", LabelEN: "per kWp of rated power"}, {Unit: "m²", Basis: "label per m2", LabelEN: "per m2"}}
	newCert := func(i int) *certification.Certificate {
		u := units[r.IntN(len(units))]
		c := &certification.Certificate{Number: fmt.Sprint("C", i), KgCO2e: kg(), DeclaredUnit: certification.CertificateDeclaredUnit{Amount: u.amount, Unit: u.symbol}}
		c.Rule.Code = []string{"pv-module", "electronics"}[r.IntN(2)]
		for _, pu := range perUnits {
			if r.IntN(2) == 0 {
				c.PerUnit = append(c.PerUnit, certification.CertificatePerUnit{Unit: pu.Unit, LabelEN: pu.LabelEN, KgCO2e: kg()})
			}
		}
		return c
	}
	newStudy := func() *footprint.Study {
		u := units[r.IntN(len(units))]
		res := &footprint.Result{KgCO2e: []float64{-20, 0, 40, 85, 100, 135}[r.IntN(6)], DeclaredUnit: footprint.DeclaredUnit{Amount: u.amount, Unit: footprint.Unit{Symbol: u.symbol}}}
		for _, pu := range perUnits {
			if r.IntN(2) == 0 {
				res.PerUnit = append(res.PerUnit, footprint.UnitTotal{Unit: pu.Unit, Basis: pu.Basis, KgCO2e: kg()})
			}
		}
		return &footprint.Study{Result: res}
	}
	named := 0
	for round := range 400 {
		lineage := make([]*certification.Certificate, 1+r.IntN(12))
		for i := range lineage {
			lineage[i] = newCert(i)
		}
		head, rest := lineage[0], lineage[1:]
		peaks := certification.LineagePeaks(rest)
		if len(rest) > 0 {
			stepwise := certification.LineagePeaks(append([]*certification.Certificate{rest[0]}, certification.LineagePeaks(rest[1:])...))
			if got, want := fmt.Sprint(numbers(stepwise)), fmt.Sprint(numbers(peaks)); got != want {
				t.Fatalf("round %d: peaks from the predecessor's = %s, want %s", round, got, want)
			}
		}
		for range 20 {
			st := newStudy()
			wantC, wantF, wantOK := certification.LineageDrop(st, lineage)
			gotC, gotF, gotOK := certification.LineageDrop(st, append([]*certification.Certificate{head}, peaks...))
			if gotC != wantC || gotF != wantF || gotOK != wantOK {
				t.Fatalf("round %d: LineageDrop on the peaks = %v %+v %v, on the lineage %v %+v %v", round, number(gotC), gotF, gotOK, number(wantC), wantF, wantOK)
			}
			if wantOK {
				named++
			}
		}
	}
	if named < 1000 {
		t.Fatalf("only %d of the studies fell below a lineage: the test compares too little", named)
	}
}

func number(c *certification.Certificate) string {
	if c == nil {
		return "none"
	}
	return c.Number
}

func numbers(cs []*certification.Certificate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Number
	}
	return out
}

// A product's figure per kWp lowered while its figure per piece stays.
// Red team 62: the demo module certified at 150.1 kgCO2e a module, 346.2
// per kWp of its 433.6 Wp (CDPCF-2026-000003), then superseded by the same
// study with its rated power stated as 495 Wp (25.3 %, under the record
// efficiency the engine warns above): 150.1 a module, 303.2 per kWp
// (−12.4 %), issued (CDPCF-2026-000004) on a review that said nothing of
// it, since figures were compared in the first unit both state only, per
// piece. The certificate and the label print the figure per kWp, the one
// PV buyers compare. A fall of FigureDropPct or more in any unit both state
// is now named, in the unit it falls furthest in (ties to the earlier).
func TestRedteam62_FigurePerKWpLoweredUnderTheSameFigurePerPiece(t *testing.T) {
	perKWp := func(kg float64) footprint.UnitTotal {
		return footprint.UnitTotal{Unit: "kWp", Basis: "rated_power", LabelEN: "per kWp of rated power", LabelZH: "每千瓦峰值功率", KgCO2e: kg}
	}
	st := &footprint.Study{Result: &footprint.Result{KgCO2e: 150.1, DeclaredUnit: footprint.DeclaredUnit{Amount: 1, Unit: footprint.MustParseUnit("piece")},
		PerUnit: []footprint.UnitTotal{{Unit: "piece", Basis: "piece", LabelEN: "per module", KgCO2e: 150.1}, perKWp(150.1 / 0.495)}}}
	c := &certification.Certificate{Number: "CDPCF-2026-000003", KgCO2e: 150.1,
		DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块", LabelEN: "module"},
		PerUnit:      []certification.CertificatePerUnit{{Unit: "kWp", LabelZH: "每千瓦峰值功率", LabelEN: "per kWp of rated power", KgCO2e: 150.1 / 0.4336}}}
	c.Rule.Code = "pv-module"
	f, ok := certification.FigureDrop(st, c)
	if !ok {
		t.Fatalf("150.1 a module and 303.2 per kWp against 150.1 and 346.2: no fall named (%+v)", f)
	}
	if f.PerEN != "per kWp of rated power" || math.Abs(f.Drop-12.4) > 0.05 || f.Pct() != "12.4" {
		t.Fatalf("named %+v, want 12.4 %% per kWp", f)
	}
	if _, _, ok := certification.LineageDrop(st, []*certification.Certificate{c}); !ok {
		t.Fatal("LineageDrop names nothing")
	}

	// The same fall in both units is named in the declared unit, as before.
	st.Result.KgCO2e, st.Result.PerUnit[0].KgCO2e, st.Result.PerUnit[1] = 120, 120, perKWp(120/0.4336)
	if f, ok := certification.FigureDrop(st, c); !ok || f.PerEN != "per module" || f.Pct() != "20.1" {
		t.Fatalf("120 a module against 150.1: %+v %v, want 20.1 %% per module", f, ok)
	}
	// No fall in any unit: nothing.
	st.Result.KgCO2e, st.Result.PerUnit[0].KgCO2e, st.Result.PerUnit[1] = 150.1, 150.1, perKWp(150.1/0.44)
	if f, ok := certification.FigureDrop(st, c); ok {
		t.Fatalf("440 Wp (−1.5 %% per kWp): named %+v", f)
	}
}

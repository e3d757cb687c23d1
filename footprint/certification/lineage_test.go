package certification_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

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

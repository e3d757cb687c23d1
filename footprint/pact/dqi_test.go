package pact_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// seedQuality rates factors as the seed factor set does.
func seedQuality(tb testing.TB) pact.FactorQuality {
	factors := seedtest.Factors(tb)
	return func(_, code string) (footprint.DataQuality, bool) {
		f, ok := factors[code]
		if !ok {
			return footprint.DataQuality{}, false
		}
		return f.Quality, f.Quality.DQR() > 0
	}
}

// Ensure the v3 data-quality indicators: with the same PEF scores on every
// rated input they are those scores; with the seed factors' own scores they
// are the contribution-weighted averages, each between 1 and 5 and
// consistent with the result's DQR; an input whose scores cannot be found,
// or are not the ones the engine used, leaves the indicators out; v3 writes
// them as decimals, v2 not at all.
func TestDQIFromStudy(t *testing.T) {
	q := footprint.DataQuality{TeR: 1, GR: 2, TiR: 4, P: 3}
	rated := MustDemoStudy(t, "pv-module", func(s *footprint.Study) {
		var set func(lines []*footprint.BOMLine)
		set = func(lines []*footprint.BOMLine) {
			for _, l := range lines {
				l.Quality = &q
				set(l.Children)
			}
		}
		set(s.BOM)
		set(s.Packaging)
		for _, l := range s.Electricity {
			l.Quality = &q
		}
		for _, l := range s.Fuels {
			l.Quality = &q
		}
		for _, l := range s.Transport {
			l.Quality = &q
		}
		for _, l := range s.EndOfLife {
			l.Quality = &q
		}
	})
	seedQ := seedQuality(t)
	// The inputs of lines without scores of their own (use phase) are
	// rated by their factors: give those the same scores too.
	same := func(set, code string) (footprint.DataQuality, bool) {
		if _, ok := seedQ(set, code); !ok {
			return footprint.DataQuality{}, false
		}
		return q, true
	}
	if rated.Result.DQR != q.DQR() {
		t.Fatalf("result DQR %v, want every input rated %v", rated.Result.DQR, q.DQR())
	}
	if d, ok := pact.DQIFromStudy(rated, same); !ok || d.TechnologicalDQR != 1 || d.GeographicalDQR != 2 || d.TemporalDQR != 4 {
		t.Fatalf("uniform scores: %+v %v, want 1, 2, 4", d, ok)
	}

	for _, name := range []string{"pv-module", "laptop"} {
		s := MustDemoStudy(t, name, withCPC)
		d, ok := pact.DQIFromStudy(s, seedQ)
		if !ok {
			t.Fatalf("%s: no indicators with the seed factors' scores", name)
		}
		for _, v := range []float64{d.TechnologicalDQR, d.GeographicalDQR, d.TemporalDQR} {
			if v < 1 || v > 5 || math.IsNaN(v) {
				t.Fatalf("%s: %+v, want ratings in 1..5", name, d)
			}
		}
		if d.CoveragePct != s.Result.DQRCoveragePct {
			t.Fatalf("%s: coverage %v, want the result's %v", name, d.CoveragePct, s.Result.DQRCoveragePct)
		}
		// Unknown factors, or scores other than the engine used: none.
		if _, ok := pact.DQIFromStudy(s, func(string, string) (footprint.DataQuality, bool) { return footprint.DataQuality{}, false }); ok {
			t.Fatalf("%s: indicators without the factors' scores", name)
		}
		if _, ok := pact.DQIFromStudy(s, func(string, string) (footprint.DataQuality, bool) {
			return footprint.DataQuality{TeR: 5, GR: 5, TiR: 5, P: 5}, true
		}); ok {
			t.Fatalf("%s: indicators from scores the engine did not use", name)
		}

		rec := MustRecord(t, s, [16]byte{}, certification.CertificateValid)
		facts, err := pact.FactsFromStudy(rec.Certificate(), s)
		if err != nil {
			t.Fatal(err)
		}
		facts.DQI = d
		f, err := pact.New(rec, facts, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(f.V3())
		var w struct {
			PCF struct {
				DQI map[string]string `json:"dqi"`
			} `json:"pcf"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
		if w.PCF.DQI["technologicalDQR"] != pact.Decimal(d.TechnologicalDQR) || w.PCF.DQI["temporalDQR"] != pact.Decimal(d.TemporalDQR) || w.PCF.DQI["geographicalDQR"] != pact.Decimal(d.GeographicalDQR) {
			t.Fatalf("%s: v3 dqi %v, want %+v", name, w.PCF.DQI, d)
		}
		v2, _ := MustEncode(t, f, nil)
		if b, _ := json.Marshal(v2); json.Valid(b) && containsKey(b, "dqi") {
			t.Fatalf("%s: v2 writes a dqi", name)
		}
	}
}

func containsKey(b []byte, key string) bool {
	var m struct {
		PCF map[string]json.RawMessage `json:"pcf"`
	}
	_ = json.Unmarshal(b, &m)
	_, ok := m.PCF[key]
	return ok
}

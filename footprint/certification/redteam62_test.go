package certification_test

import (
	"math"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

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

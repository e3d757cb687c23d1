package footprint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 87 (docs/integrity.md): a transport leg's distance in metres
// where the route is in kilometres. The demo PV module's front glass,
// "Fengyang (Anhui) to Chengdu by heavy truck", 1500 m instead of 1500 km,
// was 147.115708937 kgCO2e instead of 150.099534125 (−2.0 %), and the demo
// laptop's rail leg to Shanghai 2000 米 instead of 2000 km 179.002085404
// instead of 179.028600027, each with no word: a metre is a length unit
// and the leg counted a thousandth of itself. Ensure each is warned at the
// leg's distance unit, bilingual, with the figure it gives and the one it
// would give in kilometres; that the demo studies keep their figures and
// warnings; and that a leg in km is not warned.
func TestRedteam87_TransportLegInMetres(t *testing.T) {
	metre, err := footprint.ParseUnit("m")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, study string
		demoKg, kg  float64
		demoWarns   int
		en, zh      []string
	}{
		{"the PV module's front glass", "pv-module", 150.099534125, 147.115708937, 2,
			[]string{"the leg's distance is stated in m: 1500 m is 1.5 km", "were it 1500 km, the leg would give 2.987 kgCO2e instead of 0.002987"},
			[]string{"该运输段的距离以 m 计:1500 m 即 1.5 km", "若为 1500 km,该运输段为 2.987 kgCO2e,而非 0.002987"}},
		{"the laptop's rail leg", "laptop", 179.028600027, 179.002085404, 2,
			[]string{"2000 m is 2 km", "were it 2000 km, the leg would give 0.02654 kgCO2e instead of 0.00002654"},
			[]string{"2000 m 即 2 km"}},
	} {
		demo, err := footprint.Calculate(seedtest.Study(t, c.study), seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !near(demo.KgCO2e, c.demoKg) || len(demo.Warnings) != c.demoWarns {
			t.Errorf("%s in km: %.9f kgCO2e with %d warnings %+v, want %.9f with %d", c.name, demo.KgCO2e, len(demo.Warnings), demo.Warnings, c.demoKg, c.demoWarns)
		}
		s := seedtest.Study(t, c.study)
		s.Transport[0].Distance.Unit = metre
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s in m: %v", c.name, err)
		}
		if !near(res.KgCO2e, c.kg) {
			t.Errorf("%s in m: %.9f kgCO2e, want %.9f", c.name, res.KgCO2e, c.kg)
		}
		if !hasWarning(res, "transport[0].distance.unit", c.en...) {
			t.Errorf("%s in m: no warning at transport[0].distance.unit with %q: %+v", c.name, c.en, res.Warnings)
		}
		for _, w := range res.Warnings {
			if w.Path != "transport[0].distance.unit" {
				continue
			}
			for _, zh := range c.zh {
				if !strings.Contains(w.MessageZH, zh) {
					t.Errorf("%s in m: Chinese %q lacks %q", c.name, w.MessageZH, zh)
				}
			}
		}
		if len(res.Warnings) != c.demoWarns+1 {
			t.Errorf("%s in m: %d warnings, want the demo's %d and the leg's: %+v", c.name, len(res.Warnings), c.demoWarns, res.Warnings)
		}
	}
}

// Red team 87: natural gas in litres where the meter reads cubic metres.
// The demo PV module burning 10 Nm³ of natural gas a module (FUEL-CN-NG,
// with its upstream FUEL-CN-NG-UPSTREAM) is 177.801534125 kgCO2e; the same
// line written as 10 L was 150.127236125 (−15.6 %), warned only that the
// combustion factor counts CO2 alone, which the honest line carries too.
// Ensure the line in litres (or millilitres) is warned at fuels[0].unit,
// bilingual, with what it would give in the factor's unit; and that the
// line in Nm³, and diesel in grams on its per-kg factor, are not.
func TestRedteam87_GasInLitres(t *testing.T) {
	gas := func(t *testing.T, qty float64, unit string) *footprint.Result {
		t.Helper()
		u, err := footprint.ParseUnit(unit)
		if err != nil {
			t.Fatal(err)
		}
		s := seedtest.Study(t, "pv-module")
		comb, up := "FUEL-CN-NG", "FUEL-CN-NG-UPSTREAM"
		if u.Dim == footprint.DimMass {
			comb, up = "FUEL-CN-DIESEL", "FUEL-CN-DIESEL-UPSTREAM"
		}
		s.Fuels = []*footprint.FuelLine{{Name: "fuel for the laminator", Quantity: qty, Unit: u, CombustionFactor: comb, UpstreamFactor: up}}
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%g %s: %v", qty, unit, err)
		}
		return res
	}
	honest := gas(t, 10, "Nm³")
	if !near(honest.KgCO2e, 177.801534125) || slices.ContainsFunc(honest.Warnings, func(w footprint.Warning) bool { return w.Path == "fuels[0].unit" }) {
		t.Errorf("10 Nm³: %.9f kgCO2e, warnings %+v; want 177.801534125 and none at fuels[0].unit", honest.KgCO2e, honest.Warnings)
	}
	for _, c := range []struct {
		qty      float64
		unit, en string
		zh       string
	}{
		{10, "L", "the fuel is stated in L and its factor FUEL-CN-NG is per Nm³: 10 L is 0.01 Nm³, a gas is metered in cubic metres, and were it 10 Nm³ the line would give 27.7 kgCO2e instead of 0.0277",
			"该燃料以 L 计,而其因子 FUEL-CN-NG 以 Nm³ 计:10 L 即 0.01 Nm³;气体按立方米计量,若为 10 Nm³,该行为 27.7 kgCO2e,而非 0.0277"},
		{10000, "mL", "10000 mL is 0.01 Nm³", "10000 mL 即 0.01 Nm³"},
	} {
		res := gas(t, c.qty, c.unit)
		if !near(res.KgCO2e, 150.127236125) {
			t.Errorf("%g %s: %.9f kgCO2e, want 150.127236125", c.qty, c.unit, res.KgCO2e)
		}
		if !hasWarning(res, "fuels[0].unit", c.en) {
			t.Errorf("%g %s: no warning at fuels[0].unit with %q: %+v", c.qty, c.unit, c.en, res.Warnings)
		} else if i := slices.IndexFunc(res.Warnings, func(w footprint.Warning) bool { return w.Path == "fuels[0].unit" }); !strings.Contains(res.Warnings[i].MessageZH, c.zh) {
			t.Errorf("%g %s: Chinese %q lacks %q", c.qty, c.unit, res.Warnings[i].MessageZH, c.zh)
		}
	}
	if res := gas(t, 10, "g"); slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool { return w.Path == "fuels[0].unit" }) {
		t.Errorf("10 g of diesel: warned at fuels[0].unit: %+v", res.Warnings)
	}
}

// Red team 87: the electronics rule asks for the factory's own electricity
// (red team 25) and warns a study without it; a line of it in name only
// silenced the warning. The demo laptop (179.028600027 kgCO2e, warned at
// electricity) with 0.001 kWh of assembly electricity was 179.029177727,
// or with 10 Wh where 10 kWh were meant 179.034377027, each without the
// warning, where 10 kWh give 184.805600027. Ensure such a line, whose
// emissions are less than the rule's cut-off ÷ TokenStageShareDivisor of
// the total (the bound a required stage is held to), is warned at
// electricity, bilingual, quoting the rule's request; and that 10 kWh is
// not.
func TestRedteam87_AskedForElectricityInNameOnly(t *testing.T) {
	for _, c := range []struct {
		qty  float64
		unit string
		kg   float64
		en   []string
		zh   string
	}{
		{0.001, "kWh", 179.029177727, []string{"the rule asks for electricity, and its lines (electricity[0]) give 0.0005777 kgCO2e, 0.0003227 % of the total, less than 0.005 % (the cut-off limit ÷ 1000)", "(the study has no electricity line: the factory's own energy"}, "规则要求提供 electricity,其各行(electricity[0])为 0.0005777 kgCO2e,仅占总量的 0.0003227 %,低于 0.005 %(截断限值 ÷ 1000)"},
		{10, "Wh", 179.034377027, []string{"give 0.005777 kgCO2e, 0.003227 % of the total"}, "(研究没有电力行"},
		{10, "kWh", 184.805600027, nil, ""},
	} {
		u, err := footprint.ParseUnit(c.unit)
		if err != nil {
			t.Fatal(err)
		}
		s := seedtest.Study(t, "laptop")
		s.Electricity = []*footprint.ElectricityLine{{Name: "assembly, soldering and test", Quantity: c.qty, Unit: u, Factor: "ELEC-CN-NAT-CF-2024"}}
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%g %s: %v", c.qty, c.unit, err)
		}
		if !near(res.KgCO2e, c.kg) {
			t.Errorf("%g %s: %.9f kgCO2e, want %.9f", c.qty, c.unit, res.KgCO2e, c.kg)
		}
		i := slices.IndexFunc(res.Warnings, func(w footprint.Warning) bool { return w.Path == "electricity" })
		switch {
		case c.en == nil && i >= 0:
			t.Errorf("%g %s: warned at electricity: %+v", c.qty, c.unit, res.Warnings[i])
		case c.en != nil && !hasWarning(res, "electricity", c.en...):
			t.Errorf("%g %s: no warning at electricity with %q: %+v", c.qty, c.unit, c.en, res.Warnings)
		case c.en != nil && !strings.Contains(res.Warnings[i].MessageZH, c.zh):
			t.Errorf("%g %s: Chinese %q lacks %q", c.qty, c.unit, res.Warnings[i].MessageZH, c.zh)
		}
	}
}

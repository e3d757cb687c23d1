package footprint_test

import (
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

package footprint_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 50 (session 39): the flatterer, numbers a certifier should not
// certify without seeing them.

// Ensure one line without a mass does not turn off red team 24's check that
// a sub-assembly's lines weigh what it does. The check skipped every
// sub-assembly holding a line it could not weigh (not in a mass unit, no
// mass_kg), so the demo module's frame line, 1.57996 kg per m², made of
// 0.6 kg of PV-AL-PROFILE and 0.000001 of a wafer (PV-WAFER-MONO182, per
// piece), inline or as a named sub-assembly, counted 0.6 kg of aluminium:
// 150.10 → 137.88 kgCO2e (−8.1 %), with only the warnings the demo study
// carries anyway (its product floor, its screened cut-off), the bill of
// materials still above 90 % of the module's mass. The line without a mass
// is named by its mass_kg; given one, the lines are weighed again.
func TestRedteam50_SubAssemblyLighterBesideALineWithoutAMass(t *testing.T) {
	kg, piece := footprint.MustParseUnit("kg"), footprint.MustParseUnit("piece")
	light := func() []*footprint.BOMLine {
		return []*footprint.BOMLine{
			{Name: "aluminium profile", Quantity: 0.6, Unit: kg, Factor: "PV-AL-PROFILE"},
			{Name: "corner key", Quantity: 0.000001, Unit: piece, Factor: "PV-WAFER-MONO182"},
		}
	}
	frame := func(s *footprint.Study) *footprint.BOMLine { return s.BOM[0].Children[1] }
	honest, err := footprint.Calculate(seedtest.Study(t, "pv-module"), seedtest.Factors(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(s *footprint.Study, lines []*footprint.BOMLine)
		field  string
	}{
		{"inline children", func(s *footprint.Study, lines []*footprint.BOMLine) {
			l := frame(s)
			l.Factor, l.Children = "", lines
		}, "bom[0].children[1].children[1].mass_kg"},
		{"named sub-assembly", func(s *footprint.Study, lines []*footprint.BOMLine) {
			s.Assemblies = []*footprint.Assembly{{ID: "frame", Name: "Aluminium frame", Amount: 1, Unit: kg, Lines: lines}}
			l := frame(s)
			l.Factor, l.Assembly = "", "frame"
		}, "assemblies[0].lines[1].mass_kg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := seedtest.Study(t, "pv-module")
			tc.change(s, light())
			res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
			if err == nil {
				t.Fatalf("the frame line says 1.57996 kg a m² and its lines weigh 0.6 kg beside a line without a mass: %.2f kgCO2e accepted (honest %.2f), warnings %v; want a refusal naming %s",
					res.KgCO2e, honest.KgCO2e, res.Warnings, tc.field)
			}
			if got := footprint.ErrorField(err); got != tc.field || !strings.Contains(footprint.ErrorMessage(err), "weigh 0.6 kg") || !strings.Contains(footprint.ErrorMessage(err), "仅重 0.6 kg") {
				t.Fatalf("refused at %s: %v; want %s, bilingual, saying what the lines with a mass weigh", got, err, tc.field)
			}

			// The key weighed: the lines weigh 0.6 kg and 1 g, the frame
			// 1 kg, refused as red team 24's lines are.
			lines := light()
			lines[1].MassKg = 1000 // 1 g for its 0.000001 piece
			s = seedtest.Study(t, "pv-module")
			tc.change(s, lines)
			if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err == nil || !strings.Contains(footprint.ErrorMessage(err), "weigh 0.601 kg") {
				t.Fatalf("lines weighing 0.601 kg of a 1 kg sub-assembly: %v; want a refusal", err)
			}

			// Lines that weigh it, beside a line without a mass, pass.
			lines = light()
			lines[0].Quantity = 1
			s = seedtest.Study(t, "pv-module")
			tc.change(s, lines)
			if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil {
				t.Fatalf("1 kg of profile in a 1 kg frame beside a line without a mass: %v", err)
			}
		})
	}
}

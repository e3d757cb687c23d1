package footprint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 56 of session 56 (helper rt56): the flatterer.

// Ensure a module whose names state more cells than its bill of materials
// holds is warned at the cells' quantity. Before, the demo module, its
// names kept ("54 M10 cells (108 half-cells)", "54片M10电池,108半片"),
// passed with only the demo's two warnings (the product floor and the
// screened cut-off) as
//   - 47 cells at the wafer's weight (23.1 g), the 0.43 kg they add taken
//     off the frame (1.57996 → 1.363841 kg a m²), the encapsulant screened
//     with MAT-PP-CN: 134.79 kgCO2e (−10.2 %), rt55's open item; and
//   - 41 cells with the rated power lowered to 300 Wp: 129.43 (−13.8 %),
//     the floor's warning gone (its floor falls with the power).
//
// The certificate prints the name: the figure was certified for a module
// of 54 cells counted with 47 or 41.
func TestRT56_FewerCellsThanTheNameStates(t *testing.T) {
	for _, c := range []struct {
		what   string
		edit   func(s *footprint.Study)
		kg     float64
		warned bool
	}{
		{"the honest demo", func(*footprint.Study) {}, 150.099534125, false},
		{"47 cells at the wafer's weight, the frame cut", func(s *footprint.Study) {
			s.BOM[1].Quantity, s.BOM[1].MassKg = 47, 0.0231
			s.BOM[0].Children[1].Quantity = 1.363841
			s.BOM[0].Children[2].Exempt.ScreeningFactor = "MAT-PP-CN"
		}, 134.791903558, true},
		{"41 cells at 300 Wp", func(s *footprint.Study) {
			s.Product.RatedPowerWp = 300
			s.BOM[1].Quantity = 41
			s.BOM[0].Children[2].Exempt.ScreeningFactor = "MAT-PP-CN"
		}, 129.429534125, true},
		{"53.9 cells", func(s *footprint.Study) { s.BOM[1].Quantity = 53.9 }, 149.940534125, true},
		{"60 cells", func(s *footprint.Study) { s.BOM[1].Quantity = 60 }, 159.639534125, false},
		{"47 cells under a name stating none (open)", func(s *footprint.Study) {
			s.Product.Name, s.Product.NameZH = "Demo mono-Si PV module", "示例单晶硅光伏组件"
			s.BOM[1].Quantity, s.BOM[1].MassKg = 47, 0.0231
			s.BOM[0].Children[1].Quantity = 1.363841
			s.BOM[0].Children[2].Exempt.ScreeningFactor = "MAT-PP-CN"
		}, 134.791903558, false},
	} {
		s := seedtest.Study(t, "pv-module")
		c.edit(s)
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if !near(res.KgCO2e, c.kg) {
			t.Errorf("%s: %.9f kgCO2e, want %.9f", c.what, res.KgCO2e, c.kg)
		}
		warned := hasWarning(res, "bom[1].quantity", `the product's name states 54 cells ("108 half-cells")`, "PV-CELL-MONO182", "printed on the certificate")
		if warned != c.warned {
			t.Errorf("%s: warned %v at bom[1].quantity, want %v: %q", c.what, warned, c.warned, warningPaths(res))
		}
		if !c.warned && slices.Contains(warningPaths(res), "bom[1].quantity") {
			t.Errorf("%s: warned at bom[1].quantity: %+v", c.what, res.Warnings)
		}
		if c.warned {
			for _, w := range res.Warnings {
				if w.Path == "bom[1].quantity" && !strings.Contains(w.MessageZH, "产品名称写明 54 片电池(“108半片”)") {
					t.Errorf("%s: the Chinese half %q", c.what, w.MessageZH)
				}
			}
			checkWarningsZH(t, res)
		}
	}
}

// Ensure the count is read per module when the study is declared per kWp
// (2.30627 modules of 433.6 Wp): the demo's 54 cells are not warned, 47
// are.
func TestRT56_NamedCellsPerKWp(t *testing.T) {
	for _, cells := range []float64{54, 47} {
		s := seedtest.Study(t, "pv-module")
		pieces := 1000 / s.Product.RatedPowerWp
		s.DeclaredUnit.Amount, s.DeclaredUnit.Unit = 1, unit("kWp")
		for _, l := range s.BOM {
			l.Quantity *= pieces
		}
		s.BOM[1].Quantity = cells * pieces
		for _, l := range s.Transport {
			l.Mass.Value *= pieces
		}
		s.Electricity[0].Quantity *= pieces
		s.ReferenceOutput /= pieces
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%v cells per kWp: %v", cells, err)
		}
		if warned := hasWarning(res, "bom[1].quantity", "states 54 cells", ", 47 cells of 0.033124 m²"); warned != (cells < 54) {
			t.Errorf("%v cells a module per kWp: warned %v, want %v: %+v", cells, warned, cells < 54, res.Warnings)
		}
	}
}

package certification_test

import (
	"strconv"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red-team findings, second round, on what a certificate states.

// Ensure a certificate's declared unit is the product itself, not a
// container or a group of it. A rule's "piece" takes the product's measure
// word, so that a computer is declared per 台; the engine took 1 箱 (a
// case), 1 双 (a pair) or 1 套 (a set) for one piece too: the demo module
// studied per 1 箱, with the bill of materials of one module, was
// certified at "150 kgCO2e/箱", and its label printed the figure per case
// (a case of modules holds some thirty), while every figure of the result
// is per module. The engine refuses it, naming declared_unit.unit, so no
// such result is stored, applied for (the application and the issue
// recalculate the study) or certified.
func TestRedteam2_DeclaredUnitIsOneItem(t *testing.T) {
	factors := seedtest.Factors(t)
	for _, u := range []string{"箱", "双", "套", "包", "盒"} {
		t.Run(u, func(t *testing.T) {
			s := seedtest.Study(t, "pv-module")
			s.DeclaredUnit.Unit = footprint.MustParseUnit(u)
			res, err := footprint.Calculate(s, factors, nil)
			if err == nil {
				t.Fatalf("calculated at %g kgCO2e per %s for a study of one module", res.KgCO2e, u)
			}
			if footprint.ErrorField(err) != "declared_unit.unit" {
				t.Fatalf("refused, but not naming declared_unit.unit: %v", err)
			}
		})
	}
	// The product's own measure words stay certifiable.
	for _, u := range []string{"piece", "台", "片", "件"} {
		st := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", func(s *footprint.Study) {
			s.DeclaredUnit.Unit = footprint.MustParseUnit(u)
		})
		if _, err := certification.NewCertificate(testInput(st, "CDPCF-2026-000009")); err != nil {
			t.Errorf("declared unit %s refused: %v", u, err)
		}
	}
}

// Ensure a certificate does not state a figure per a fraction of the
// product. The engine scales the inventory to any declared amount, so the
// demo module studied per 0.001 piece (every quantity a thousandth) was
// certified at "0.150 kgCO2e/0.001 块组件 (per 0.001 module)": the label
// prints it, and a reader takes 0.15 for the figure per module.
func TestRedteam2_DeclaredUnitNotAFraction(t *testing.T) {
	for _, k := range []float64{0.001, 0.5, 1.5} {
		t.Run(strconv.FormatFloat(k, 'g', -1, 64), func(t *testing.T) {
			st := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", func(s *footprint.Study) {
				s.DeclaredUnit.Amount = k
				for _, l := range s.BOM {
					l.Quantity *= k
				}
				for _, l := range s.Electricity {
					l.Quantity *= k
				}
				for _, l := range s.Transport {
					l.Mass.Value *= k
				}
				s.ReferenceOutput /= k
			})
			c, err := certification.NewCertificate(testInput(st, "CDPCF-2026-000009"))
			if err == nil {
				t.Fatalf("certified at %.3g %s (%s)", c.KgCO2e, c.DeclaredUnit.PerZH(), c.DeclaredUnit.PerEN())
			}
			if footprint.ErrorField(err) != "declared_unit.amount" {
				t.Fatalf("refused, but not naming declared_unit.amount: %v", err)
			}
		})
	}
}

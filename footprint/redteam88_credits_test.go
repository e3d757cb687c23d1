package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 88 found a recycling credit resting on mass the study cut off:
// credit.Ledger.Hold was fed the exempted lines' mass by their screening
// factor's material, so a study could leave a plastic part's production out
// of the total and still claim its recycling credit. Only counted lines
// hold a material a credit may claim now.

func TestRedteam88_NoCreditOnCutOffMass(t *testing.T) {
	// Ensure a recycling credit may not rest on mass that was cut off: the
	// demo laptop's keyboard and "other materials" (0.331 kg) are exempted
	// and screened as average plastics, their production not counted, so
	// a plastics credit of 0.331 kg (what it recycles sent to recycling) is
	// refused naming the credit's quantity, bilingual; before, the
	// screening factor's material held it and the credit was accepted. The
	// same through a parent line with scrap (the walk at net quantities).
	for _, tc := range []struct {
		name  string
		scrap bool
	}{{"leaves", false}, {"under a parent with scrap", true}} {
		t.Run(tc.name, func(t *testing.T) {
			s := rt88LaptopPlasticsCredit(t, 0.331)
			if tc.scrap {
				rest := append([]*footprint.BOMLine(nil), s.BOM[5:]...)
				s.BOM = append(s.BOM[:5], &footprint.BOMLine{Name: "keyboard and the rest", Quantity: 1, Unit: unit("piece"), ScrapPct: 1, Children: rest})
			}
			res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
			checkRefused(t, "a plastics credit on the cut-off keyboard and other materials", res, err, "end_of_life[3].quantity", "plastics (HS chapter 39) claim 0.331 kg per declared unit, more than the 0 kg of it")
			if msg := footprint.ErrorMessage(err); !hasHan(msg) || !contains(msg, "塑料") {
				t.Errorf("the refusal is not bilingual or does not name the material: %s", msg)
			}
		})
	}
}

// rt88LaptopPlasticsCredit returns the demo laptop with a plastics credit
// of kg kilograms (end_of_life[3], EOL-CREDIT-PLASTIC-DESNZ) and kg more
// sent to recycling instead of incineration (red team 80).
func rt88LaptopPlasticsCredit(t *testing.T, kg float64) *footprint.Study {
	t.Helper()
	s := seedtest.Study(t, "laptop")
	if s.BOM[5].Exempt == nil || s.BOM[6].Exempt == nil || s.BOM[5].Exempt.ScreeningFactor != "MAT-PLASTIC-AVG-DESNZ" {
		t.Fatal("the demo laptop's bom[5] and bom[6] are not exempted and screened as average plastics")
	}
	s.EndOfLife[0].Quantity, s.EndOfLife[2].Quantity = 0.534+kg, 1.507-kg
	s.EndOfLife = append(s.EndOfLife, &footprint.EndOfLifeLine{Name: "plastics credit", Quantity: kg, Unit: unit("kg"), Treatment: footprint.TreatmentRecycling, Factor: "EOL-CREDIT-PLASTIC-DESNZ"})
	return s
}

// countPlastics makes the demo laptop's exempted keyboard and other
// materials (bom[5], bom[6]) counted lines on their screening factor.
func countPlastics(s *footprint.Study) *footprint.Study {
	for _, l := range s.BOM[5:7] {
		l.Factor, l.Exempt = l.Exempt.ScreeningFactor, nil
	}
	return s
}

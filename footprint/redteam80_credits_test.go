package footprint_test

import (
	"math"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 80, the flatterer, against the recycling credits: the credit's
// own treatment line (red team 78, found and not closed). The demo laptop's
// end-of-life lines counted in the total send 0.534 kg of aluminium to
// recycling (end_of_life[0], EOL-RECYCLE-DESNZ, 4.7 gCO2e/kg); its
// aluminium credit (end_of_life[1], EOL-CREDIT-AL-DESNZ) claims 0.534 kg;
// the rest, 1.507 kg, is incinerated (end_of_life[2], EOL-MSW-INCIN-CN).

// rt80Laptop returns the demo laptop with its recycling line sending
// recycled kilograms and its incineration line the rest of its 2.041 kg.
func rt80Laptop(t *testing.T, recycled float64) *footprint.Study {
	t.Helper()
	s := seedtest.Study(t, "laptop")
	if s.EndOfLife[0].Factor != "EOL-RECYCLE-DESNZ" || s.EndOfLife[1].Factor != "EOL-CREDIT-AL-DESNZ" || s.EndOfLife[2].Factor != "EOL-MSW-INCIN-CN" {
		t.Fatalf("the laptop's end of life is not recycling, credit, incineration: %+v", s.EndOfLife)
	}
	s.EndOfLife[0].Quantity, s.EndOfLife[2].Quantity = recycled, math.Round((2.041-recycled)*1e6)/1e6
	return s
}

// Ensure a recycling credit claims at most the mass the end-of-life lines
// counted in the total send to recycling (within MassCoverageTolerancePct):
// before, the laptop's aluminium credit of 0.534 kg was accepted with its
// recycling line at 0.3 kg (the rest incinerated), with none (the whole
// laptop incinerated, the credit printed beside it), or beside a plastics
// credit of 0.331 kg counted on the same 0.534 kg; each refused now naming
// the credit line's quantity, in Chinese first and English. The honest
// laptop is unchanged, and a study that sends what it credits is accepted
// in any mass unit.
func TestRedteam80_CreditWithoutItsTreatmentLine(t *testing.T) {
	calc := func(s *footprint.Study) (*footprint.Result, error) {
		return footprint.Calculate(s, seedtest.Factors(t), nil)
	}
	res, err := calc(seedtest.Study(t, "laptop"))
	if err != nil || math.Abs(res.KgCO2e-179.028600027) > 1e-6 || math.Abs(res.CreditsKgCO2e+4.3365072) > 1e-9 {
		t.Fatalf("the demo laptop: %v kgCO2e, credits %v, %v; want 179.028600027, −4.3365072", res.KgCO2e, res.CreditsKgCO2e, err)
	}
	refused := func(t *testing.T, s *footprint.Study, field, en, zh string) {
		t.Helper()
		res, err := calc(s)
		if err == nil {
			t.Fatalf("accepted: %v kgCO2e, credits %v kgCO2e; want a refusal naming %s", res.KgCO2e, res.CreditsKgCO2e, field)
		}
		msg := footprint.ErrorMessage(err)
		zhHalf, enHalf, ok := strings.Cut(msg, "。")
		if footprint.ErrorField(err) != field || !ok || !strings.Contains(enHalf, en) || !strings.Contains(zhHalf, zh) || !hasHan(zhHalf) {
			t.Errorf("refused at %s: %s; want %s, Chinese first (%q) and English (%q)", footprint.ErrorField(err), msg, field, zh, en)
		}
	}
	t.Run("recycling line below the credit", func(t *testing.T) {
		refused(t, rt80Laptop(t, 0.3), "end_of_life[1].quantity",
			"aluminium (HS chapter 76) claim 0.534 kg per declared unit, more than the 0.3 kg the end-of-life lines counted in the total send to recycling", "送去回收的 0.3 kg")
	})
	t.Run("no recycling line", func(t *testing.T) {
		s := rt80Laptop(t, 0)
		s.EndOfLife = s.EndOfLife[1:] // the credit, and the whole laptop incinerated
		refused(t, s, "end_of_life[0].quantity", "more than the 0 kg the end-of-life lines counted in the total send to recycling", "铝(HS 第 76 章)的回收抵扣")
	})
	t.Run("recycling line in a production stage", func(t *testing.T) {
		s := rt80Laptop(t, 0) // the whole laptop incinerated
		s.EndOfLife[0].Quantity, s.EndOfLife[0].Stage = 0.534, "production"
		refused(t, s, "end_of_life[1].quantity", "more than the 0 kg", "送去回收的 0 kg")
	})
	plastics := func(t *testing.T, recycled float64) *footprint.Study {
		s := countPlastics(rt80Laptop(t, recycled)) // plastics a credit may claim: counted, not cut off (red team 88)
		s.EndOfLife = append(s.EndOfLife, &footprint.EndOfLifeLine{Name: "Plastics recycling credit", Quantity: 0.331, Unit: unit("kg"), Treatment: footprint.TreatmentRecycling, Factor: "EOL-CREDIT-PLASTIC-DESNZ"})
		return s
	}
	t.Run("two credits on one recycling line", func(t *testing.T) {
		refused(t, plastics(t, 0.534), "end_of_life[3].quantity",
			"the recycling credits for aluminium (HS chapter 76) and plastics (HS chapter 39) claim 0.865 kg per declared unit, more than the 0.534 kg", "铝(HS 第 76 章)、塑料(HS 第 39 章)的回收抵扣声明每声明单位 0.865 kg")
	})
	t.Run("grams against kilograms", func(t *testing.T) {
		s := rt80Laptop(t, 0.3)
		s.EndOfLife[1].Quantity, s.EndOfLife[1].Unit = 534, unit("g")
		refused(t, s, "end_of_life[1].quantity", "claim 0.534 kg per declared unit, more than the 0.3 kg", "0.534 kg")
	})

	// Sending what is credited: accepted, the credits as claimed.
	for _, c := range []struct {
		name    string
		s       *footprint.Study
		credits float64
	}{
		{"within the tolerance", rt80Laptop(t, 0.53), -4.3365072}, // 0.75 % short
		{"two credits, both sent", plastics(t, 0.865), -4.3365072 - 0.331*1.5971},
		{"tonnes and grams", func() *footprint.Study {
			s := rt80Laptop(t, 0.534)
			s.EndOfLife[0].Quantity, s.EndOfLife[0].Unit = 0.000534, unit("t")
			s.EndOfLife[1].Quantity, s.EndOfLife[1].Unit = 534, unit("g")
			return s
		}(), -4.3365072},
	} {
		res, err := calc(c.s)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
		} else if math.Abs(res.CreditsKgCO2e-c.credits) > 1e-9 {
			t.Errorf("%s: credits %v kgCO2e, want %v", c.name, res.CreditsKgCO2e, c.credits)
		}
	}
}

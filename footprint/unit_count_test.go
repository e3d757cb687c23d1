package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a product counted in its own measure word (1 台 of a laptop) is
// declared per piece of product, as before 台 became a unit of its own: a
// rule's "piece" takes any count unit as declared unit, with the same
// result per piece.
func TestCalculate_DeclaredUnitInCountWord(t *testing.T) {
	piece := seedtest.Calculated(t, "laptop", nil)
	tai := seedtest.Calculated(t, "laptop", func(s *footprint.Study) {
		s.DeclaredUnit = footprint.DeclaredUnit{Amount: 1, Unit: footprint.MustParseUnit("台")}
	})
	if tai.Result.KgCO2e != piece.Result.KgCO2e || len(tai.Result.PerUnit) != len(piece.Result.PerUnit) {
		t.Fatalf("per 台: %v (%d per-unit figures); per piece: %v (%d)", tai.Result.KgCO2e, len(tai.Result.PerUnit), piece.Result.KgCO2e, len(piece.Result.PerUnit))
	}
	for i, u := range tai.Result.PerUnit {
		if u.KgCO2e != piece.Result.PerUnit[i].KgCO2e {
			t.Errorf("per-unit %s: %v, per piece %v", u.Unit, u.KgCO2e, piece.Result.PerUnit[i].KgCO2e)
		}
	}
	// A non-count unit the rule does not list is still refused.
	s := seedtest.Study(t, "laptop")
	s.DeclaredUnit = footprint.DeclaredUnit{Amount: 1, Unit: footprint.MustParseUnit("kg")}
	if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("declared unit kg: err=%v, want invalid", err)
	}
}

package footprint_test

import (
	"math"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure conversions within each dimension give the textbook factors.
func TestConvert(t *testing.T) {
	for _, tt := range []convertCase{
		{"GramsToKilograms", 1500, "g", "kg", 1.5},
		{"TonnesToKilograms", 2.5, "t", "kg", 2500},
		{"KilogramsToTonnes", 250, "kg", "t", 0.25},
		{"WhToKWh", 500, "Wh", "kWh", 0.5},
		{"MWhToKWh", 1.2, "MWh", "kWh", 1200},
		{"KWhToMJ", 1, "kWh", "MJ", 3.6},
		{"GJToKWh", 1, "GJ", "kWh", 1000 / 3.6},
		{"MJToGJ", 1500, "MJ", "GJ", 1.5},
		{"SquareCentimetresToSquareMetres", 20000, "cm²", "m²", 2},
		{"Cm2SpellingToM2", 1, "m2", "cm2", 10000},
		{"LitresToCubicMetres", 250, "L", "m³", 0.25},
		{"NormalCubicMetresToCubicMetres", 3, "Nm3", "m3", 3},
		{"MetresToKilometres", 1500, "m", "km", 1.5},
		{"TonneKilometreSpellings", 7, "t-km", "t·km", 7},
		{"KgKmToTkm", 5000, "kg·km", "tkm", 5},
		{"WpToKWp", 410, "Wp", "kWp", 0.41},
		{"KWcIsKWp", 2, "kWc", "kWp", 2},
		{"MWpToKWp", 0.5, "MWp", "kWp", 500},
		{"PiecesAreUnits", 3, "pcs", "piece", 3},
		{"ChineseCountWord", 2, "块", "piece", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkConvert(t, tt.value, tt.from, tt.to, tt.want)
		})
	}
}

// Ensure converting across dimensions is refused with EINVALID naming both
// units, never a silent wrong number.
func TestConvert_ErrCrossDimension(t *testing.T) {
	for _, pair := range [][2]string{
		{"kg", "kWh"}, {"kWh", "kWp"}, {"m²", "m³"}, {"km", "t·km"}, {"piece", "kg"}, {"L", "kg"}, {"MJ", "t"},
	} {
		checkCrossDimension(t, footprint.MustParseUnit(pair[0]), footprint.MustParseUnit(pair[1]))
	}
}

// convertCase is value in unit from, which converts into want in unit to.
type convertCase struct {
	name     string // the subtest's name
	value    float64
	from, to string
	want     float64
}

// checkConvert checks that value from (ParseUnit) converts into want to,
// to nine significant digits.
func checkConvert(t *testing.T, value float64, from, to string, want float64) {
	t.Helper()
	fu, err := footprint.ParseUnit(from)
	if err != nil {
		t.Fatal(err)
	}
	tu, err := footprint.ParseUnit(to)
	if err != nil {
		t.Fatal(err)
	}
	got, err := footprint.Convert(value, fu, tu)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("%v %s = %v %s, want %v", value, from, got, to, want)
	}
}

// checkCrossDimension checks that converting from into to is refused with
// EINVALID and a message naming both units.
func checkCrossDimension(t *testing.T, from, to footprint.Unit) {
	t.Helper()
	_, err := footprint.Convert(1, from, to)
	if got := footprint.ErrorCode(err); got != footprint.EINVALID {
		t.Errorf("%s→%s: code=%q (%v), want invalid", from.Symbol, to.Symbol, got, err)
	} else if msg := footprint.ErrorMessage(err); !strings.Contains(msg, from.Symbol) || !strings.Contains(msg, to.Symbol) {
		t.Errorf("%s→%s: message %q does not name both units", from.Symbol, to.Symbol, msg)
	}
}

// Ensure unknown units are refused, and case matters where it carries
// meaning (MWh is not mWh).
func TestParseUnit_ErrUnknown(t *testing.T) {
	for _, s := range []string{"", "furlong", "mWh", "kgs of stuff", "KG·KM·H"} {
		if _, err := footprint.ParseUnit(s); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("ParseUnit(%q): err=%v, want invalid", s, err)
		}
	}
	if u, err := footprint.ParseUnit("Kilogram"); err != nil || u.Symbol != "kg" {
		t.Errorf("ParseUnit(Kilogram) = %v, %v", u, err)
	}
}

// Ensure factor units parse into basis, numerator scale, activity unit and
// qualifier, and that KgPer converts the activity side.
func TestParseFactorUnit(t *testing.T) {
	for _, tt := range []struct {
		in        string
		canonical string
		basis     footprint.GHGBasis
		kg        float64
		per       string
		qualifier string
	}{
		{"kgCO2e/kWh", "kgCO2e/kWh", footprint.BasisCO2e, 1, "kWh", ""},
		{"kgCO2/kWh", "kgCO2/kWh", footprint.BasisCO2, 1, "kWh", ""},
		{"gCO2e/kWh", "gCO2e/kWh", footprint.BasisCO2e, 1e-3, "kWh", ""},
		{"kgCO2e/t-km", "kgCO2e/t·km", footprint.BasisCO2e, 1, "t·km", ""},
		{"kgCO2/GJ (NCV)", "kgCO2/GJ (NCV)", footprint.BasisCO2, 1, "GJ", "NCV"},
		{"kgCO2e/cm2 die", "kgCO2e/cm² (die)", footprint.BasisCO2e, 1, "cm²", "die"},
		{"kgCO2e/kW", "kgCO2e/kWp", footprint.BasisCO2e, 1, "kWp", ""},
		{"tCO2e/t", "tCO2e/t", footprint.BasisCO2e, 1000, "t", ""},
		{"kgCO2/Nm3", "kgCO2/Nm³", footprint.BasisCO2, 1, "Nm³", ""},
	} {
		t.Run(tt.in, func(t *testing.T) {
			u, err := footprint.ParseFactorUnit(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if u.String() != tt.canonical || u.Basis != tt.basis || u.EmittedKg != tt.kg || u.Per.Symbol != tt.per || u.Qualifier != tt.qualifier {
				t.Fatalf("got %+v (%s)", u, u.String())
			}
		})
	}
	for _, bad := range []string{"kWh", "kgCH4/kWh", "kgCO2e/parsec", "/kWh"} {
		if _, err := footprint.ParseFactorUnit(bad); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("ParseFactorUnit(%q): err=%v, want invalid", bad, err)
		}
	}

	// 0.5777 kgCO2e/kWh applied to 1 MWh is 577.7 kg; to 3.6 MJ (= 1 kWh)
	// it is 0.5777 kg; to 1 kg it is an error.
	u, _ := footprint.ParseFactorUnit("kgCO2e/kWh")
	if kg, err := u.KgPer(0.5777, footprint.MustParseUnit("MWh")); err != nil || math.Abs(kg-577.7) > 1e-9 {
		t.Errorf("per MWh = %v, %v", kg, err)
	}
	if kg, err := u.KgPer(0.5777, footprint.MustParseUnit("MJ")); err != nil || math.Abs(kg*3.6-0.5777) > 1e-12 {
		t.Errorf("per MJ = %v, %v", kg, err)
	}
	if _, err := u.KgPer(0.5777, footprint.MustParseUnit("kg")); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("per kg: err=%v, want invalid", err)
	}
	// 42.5 gCO2e/kWh is 0.0425 kg per kWh.
	g, _ := footprint.ParseFactorUnit("gCO2e/kWh")
	if kg, _ := g.KgPer(42.5, footprint.MustParseUnit("kWh")); math.Abs(kg-0.0425) > 1e-12 {
		t.Errorf("gCO2e: %v", kg)
	}
}

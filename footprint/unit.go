package footprint

import (
	"math"
	"strconv"
	"strings"
)

// Dimension is the physical dimension of a unit. Quantities convert only
// within one dimension; PRODUCT.md principle 3: a mismatch is an error, never
// a silent wrong number.
type Dimension string

// Dimensions known to the engine.
const (
	DimMass          Dimension = "mass"           // base kg
	DimEnergy        Dimension = "energy"         // base kWh
	DimArea          Dimension = "area"           // base m²
	DimVolume        Dimension = "volume"         // base m³
	DimLength        Dimension = "length"         // base km
	DimTransportWork Dimension = "transport_work" // base t·km
	DimPower         Dimension = "power"          // base kWp (rated power)
	DimCount         Dimension = "count"          // base piece
)

// Unit is a unit of measure: a canonical symbol, its dimension and its size
// in the dimension's base unit.
type Unit struct {
	Symbol string    // canonical symbol, e.g. "kWh", "t·km"
	Dim    Dimension // physical dimension
	ToBase float64   // size of one unit in the base unit of Dim
}

// String returns the canonical symbol.
func (u Unit) String() string { return u.Symbol }

// IsZero reports whether u is the zero Unit (no unit parsed).
func (u Unit) IsZero() bool { return u.Symbol == "" }

// units holds every accepted spelling, keyed by its normalised form (see
// normUnit), and every canonical symbol as written. It is built by a
// function, not init, so that package variables can use MustParseUnit.
var units = buildUnits()

func buildUnits() map[string]Unit {
	units := map[string]Unit{}
	defUnit := func(symbol string, dim Dimension, toBase float64, aliases ...string) {
		u := Unit{Symbol: symbol, Dim: dim, ToBase: toBase}
		units[symbol] = u
		units[normUnit(symbol)] = u
		for _, a := range aliases {
			units[normUnit(a)] = u
		}
	}

	defUnit("g", DimMass, 1e-3, "gram", "grams")
	defUnit("kg", DimMass, 1, "kilogram", "kilograms")
	defUnit("t", DimMass, 1e3, "tonne", "tonnes", "ton", "metric ton")

	defUnit("Wh", DimEnergy, 1e-3)
	defUnit("kWh", DimEnergy, 1, "kilowatt hour", "kilowatt-hour")
	defUnit("MWh", DimEnergy, 1e3)
	defUnit("GWh", DimEnergy, 1e6)
	defUnit("MJ", DimEnergy, 1/3.6, "megajoule")
	defUnit("GJ", DimEnergy, 1e3/3.6, "gigajoule")
	defUnit("TJ", DimEnergy, 1e6/3.6, "terajoule")

	defUnit("mm²", DimArea, 1e-6, "mm2")
	defUnit("cm²", DimArea, 1e-4, "cm2")
	defUnit("m²", DimArea, 1, "m2", "sqm", "square meter", "square metre")

	defUnit("L", DimVolume, 1e-3, "l", "liter", "litre")
	defUnit("m³", DimVolume, 1, "m3", "cubic meter", "cubic metre")
	// Nm³ (a cubic metre of gas at normal conditions) is how Chinese fuel
	// statistics and factors state gas volumes. It is accepted as a volume
	// equal to m³ because the factors quoting "m3" for natural gas mean Nm³.
	defUnit("Nm³", DimVolume, 1, "Nm3")

	defUnit("m", DimLength, 1e-3, "metre", "meter")
	defUnit("km", DimLength, 1, "kilometre", "kilometer")

	defUnit("t·km", DimTransportWork, 1, "t-km", "tkm", "t*km", "t.km", "tonne-km", "tonne km", "ton kilometer", "tonne-kilometre")
	defUnit("kg·km", DimTransportWork, 1e-3, "kg-km", "kgkm")

	defUnit("Wp", DimPower, 1e-3, "W")
	// kWc (kilowatt-crête) is the French spelling of kWp; CPCD quotes module
	// factors "per kW", meaning rated (peak) power.
	defUnit("kWp", DimPower, 1, "kW", "kWc")
	defUnit("MWp", DimPower, 1e3, "MW", "MWc")

	defUnit("piece", DimCount, 1, "pieces", "pc", "pcs", "unit", "units", "item", "块", "台", "个", "片")
	return units
}

// normUnit folds the spellings of a unit symbol: surrounding space, the
// superscripts ²/³ versus 2/3, and the multiplication dot.
func normUnit(s string) string {
	return unitSpellings.Replace(strings.TrimSpace(s))
}

// unitSpellings is built once: a Replacer is safe for concurrent use, and
// building one per call cost a tenth of a study upload's CPU time.
var unitSpellings = strings.NewReplacer("²", "2", "³", "3", "⋅", "·")

// ParseUnit parses a unit symbol such as "kg", "kWh", "t·km" or "m²".
// It returns EINVALID for an unknown unit.
func ParseUnit(s string) (Unit, error) {
	if u, ok := units[s]; ok { // most input is already canonical: no normalising
		return u, nil
	}
	if u, ok := units[normUnit(s)]; ok {
		return u, nil
	}
	// Case-insensitive second chance for spelled-out names ("Kilogram"), but
	// never for symbols where case carries meaning (MWh vs mWh, Mt vs mt).
	if u, ok := units[strings.ToLower(normUnit(s))]; ok && len(s) > 3 {
		return u, nil
	}
	return Unit{}, Errorf(EINVALID, "unknown unit %q", s)
}

// MustParseUnit is ParseUnit for constants known to be valid; it panics on
// error.
func MustParseUnit(s string) Unit {
	u, err := ParseUnit(s)
	if err != nil {
		panic(err)
	}
	return u
}

// Convert converts value from one unit to another of the same dimension.
// Converting across dimensions returns EINVALID.
func Convert(value float64, from, to Unit) (float64, error) {
	if from.Dim != to.Dim {
		return 0, Errorf(EINVALID, "cannot convert %s (%s) to %s (%s)", from.Symbol, from.Dim, to.Symbol, to.Dim)
	}
	if from.Symbol == to.Symbol || from.ToBase == to.ToBase {
		return value, nil // exact: no rounding through the base unit
	}
	return value * from.ToBase / to.ToBase, nil
}

// Quantity is an amount with its unit.
type Quantity struct {
	Value float64
	Unit  Unit
}

// In returns q expressed in unit to, or EINVALID across dimensions.
func (q Quantity) In(to Unit) (float64, error) { return Convert(q.Value, q.Unit, to) }

// GHGBasis says what the numerator of an emission factor counts. The two
// electricity factor families of PRODUCT.md principle 4 differ here: MEE's
// grid emission factors count CO2 only, carbon-footprint factors count all
// greenhouse gases over the life cycle as CO2e.
type GHGBasis string

// GHG bases.
const (
	BasisCO2e GHGBasis = "CO2e" // all GHGs, GWP-weighted (life-cycle CO2e)
	BasisCO2  GHGBasis = "CO2"  // carbon dioxide only
)

// FactorUnit is the unit of an emission factor: an emitted mass of CO2e (or
// CO2) per unit of activity, e.g. "kgCO2e/kWh", "kgCO2/GJ (NCV)",
// "kgCO2e/cm² die".
type FactorUnit struct {
	Emitted   string   // numerator as written canonically, e.g. "kgCO2e"
	Basis     GHGBasis // CO2e or CO2
	EmittedKg float64  // size of the numerator in kg (g = 0.001, t = 1000)
	Per       Unit     // denominator (activity) unit
	Qualifier string   // annotation of the denominator, e.g. "NCV", "die"
}

// String returns the canonical text of the unit, e.g. "kgCO2e/t·km",
// "kgCO2/GJ (NCV)".
func (u FactorUnit) String() string {
	if u.Emitted == "" {
		return ""
	}
	s := u.Emitted + "/" + u.Per.Symbol
	if u.Qualifier != "" {
		s += " (" + u.Qualifier + ")"
	}
	return s
}

// IsZero reports whether u is unset.
func (u FactorUnit) IsZero() bool { return u.Emitted == "" }

var emittedMass = []struct {
	prefix string
	kg     float64
}{{"kg", 1}, {"g", 1e-3}, {"t", 1e3}}

// ParseFactorUnit parses an emission-factor unit: a GHG mass ("kgCO2e",
// "gCO2e", "tCO2e", "kgCO2", …), a slash, an activity unit, and an optional
// qualifier either in parentheses ("kgCO2/GJ (NCV)") or as a trailing word
// ("kgCO2e/cm2 die"). It returns EINVALID if any part is unknown.
func ParseFactorUnit(s string) (FactorUnit, error) {
	num, den, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return FactorUnit{}, Errorf(EINVALID, "factor unit %q: want emitted mass per activity unit, e.g. kgCO2e/kWh", s)
	}
	var fu FactorUnit
	num = strings.TrimSpace(num)
	for _, m := range emittedMass {
		gas, found := strings.CutPrefix(num, m.prefix)
		if !found {
			continue
		}
		switch strings.ReplaceAll(gas, "₂", "2") {
		case "CO2e", "CO2eq", "CO2-eq":
			fu.Basis = BasisCO2e
		case "CO2":
			fu.Basis = BasisCO2
		default:
			continue
		}
		fu.Emitted = m.prefix + string(fu.Basis)
		fu.EmittedKg = m.kg
		break
	}
	if fu.Emitted == "" {
		return FactorUnit{}, Errorf(EINVALID, "factor unit %q: unknown emitted quantity %q (want kgCO2e, gCO2e, tCO2e, kgCO2, …)", s, num)
	}

	den = strings.TrimSpace(den)
	if i := strings.IndexByte(den, '('); i >= 0 && strings.HasSuffix(den, ")") {
		fu.Qualifier = strings.TrimSpace(den[i+1 : len(den)-1])
		den = strings.TrimSpace(den[:i])
	}
	u, err := ParseUnit(den)
	if err != nil && fu.Qualifier == "" {
		// A trailing word is a qualifier: "cm2 die".
		if i := strings.LastIndexByte(den, ' '); i > 0 {
			if u2, err2 := ParseUnit(den[:i]); err2 == nil {
				u, err, fu.Qualifier = u2, nil, strings.TrimSpace(den[i+1:])
			}
		}
	}
	if err != nil {
		return FactorUnit{}, Errorf(EINVALID, "factor unit %q: unknown activity unit %q", s, den)
	}
	fu.Per = u
	return fu, nil
}

// KgPer returns how many kg of the factor's basis gas one unit of activity in
// unit `activity` emits, given the factor value in its own unit. It returns
// EINVALID if activity is not of the factor's denominator dimension.
func (u FactorUnit) KgPer(value float64, activity Unit) (float64, error) {
	// value [Emitted / Per] → kg per activity unit
	perActivity, err := Convert(1, activity, u.Per) // how many Per in one activity unit
	if err != nil {
		return 0, err
	}
	return value * u.EmittedKg * perActivity, nil
}

// RoundSig rounds x to n significant figures, the rounding rule used where a
// footprint is shown to a person (labels, tables); stored results keep full
// precision.
func RoundSig(x float64, n int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

// FormatKgCO2e formats a footprint for print, the rounding rule of the
// certificate, the label and the verification page alike: at least three
// significant figures, never fewer than all integer digits (512.4 → "512",
// 1234.5 → "1235", 21.54 → "21.5", 0.04567 → "0.0457"). The signed content
// keeps full precision; verification compares what is printed with this
// function applied to the signed value.
func FormatKgCO2e(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "—"
	}
	if x == 0 {
		return "0"
	}
	// Round first, then count decimals on the rounded value: 99.95 is
	// "100", not "100.0", and 9.996 is "10.0".
	r := math.Round(x)
	if math.Abs(x) < 100 {
		r = RoundSig(x, 3)
	}
	decimals := 0
	if a := math.Abs(r); a < 100 {
		decimals = 2 - int(math.Floor(math.Log10(a)))
	}
	s := strconv.FormatFloat(r, 'f', decimals, 64)
	if s == "-0" || strings.Trim(s, "-0.") == "" {
		return "0"
	}
	return s
}

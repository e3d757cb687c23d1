package footprint

import (
	"bytes"
	_ "embed"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/fold"
	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
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

	// Dimensions of the units of the CPCD library (docs/cpcd.md), added
	// where one of its activity units measures something none of the above
	// does.
	DimPersonDistance Dimension = "person_distance" // base p·km (passenger transport, 人·千米)
	DimAreaTime       Dimension = "area_time"       // base m²·year (land occupation, 公顷·年)
	DimVolumeDistance Dimension = "volume_distance" // base m³·km (pipeline transport, 立方米·千米)
	DimEnergyDistance Dimension = "energy_distance" // base GJ·km (pipeline transport, 吉焦·千米)
	DimMassTime       Dimension = "mass_time"       // base t·h (plant throughput, 公吨·时)
	DimTime           Dimension = "time"            // base h (小时, 天); months and years are DimCalendar
	DimCalendar       Dimension = "calendar"        // base month (月, 年 = 12 months); not converted to hours
	DimReactivePower  Dimension = "reactive_power"  // base kvar (千乏)
	DimData           Dimension = "data"            // base GB (吉字节, data transferred)
	DimMoney          Dimension = "money_cny"       // base CNY (万元人民币); spend-based factors
)

// dimCountPrefix starts the dimension of every count unit other than the
// generic piece: "count:台", "count:件", "count:房·晚". Each count unit is a
// dimension of its own, so that a factor per 台 (a machine) never applies to
// a quantity in 件 (articles) or 辆 (vehicles): counting things of different
// kinds gives numbers that do not convert.
const dimCountPrefix = "count:"

// IsCount reports whether d counts things: the generic piece (DimCount) or
// one of the count units of a kind (台, 件, 辆, …). A declared unit of any
// count dimension counts pieces of the product.
func (d Dimension) IsCount() bool {
	return d == DimCount || strings.HasPrefix(string(d), dimCountPrefix)
}

// CountsOneItem reports whether u counts single items of a product: the
// generic piece or a measure word of one item (台 a machine, 片 a sheet, 件
// an article, 部, 只, 支, 颗, 张, 条, 辆, 册). Count units of a container or
// a group (箱 a case, 双 a pair, 套 a set, 包, 盒, 袋, 桶, 罐, 瓶, 卷, 盘,
// 份, 杯) and counts of people, nights or trips are not: a declared unit in
// them is not one product (certification.NewCertificate).
func (u Unit) CountsOneItem() bool {
	return u.Dim == DimCount || u.Dim.IsCount() && slices.Contains(oneItemWords, u.Symbol)
}

// oneItemWords are the count units other than piece that count one item.
var oneItemWords = []string{"台", "片", "件", "部", "只", "支", "颗", "张", "条", "辆", "册"}

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

// MarshalText writes the canonical symbol, a unit's form in every document.
func (u Unit) MarshalText() ([]byte, error) { return []byte(u.Symbol), nil }

// UnmarshalText parses a unit (ParseUnit). It returns EINVALID "unit is
// required" for a blank one.
func (u *Unit) UnmarshalText(b []byte) error {
	if v, ok := units[string(b)]; ok { // the common case: no allocation
		*u = v
		return nil
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return Errorf(EINVALID, "unit is required")
	}
	v, err := ParseUnit(string(b))
	*u = v
	return err
}

// units holds every accepted spelling, keyed by its normalised form (see
// normUnit), and every canonical symbol as written. It is built by a
// function, not init, so that package variables can use MustParseUnit.
var units = buildUnits()

func buildUnits() map[string]Unit {
	units := map[string]Unit{}
	defUnit := func(symbol string, dim Dimension, toBase float64, aliases ...string) {
		u := Unit{Symbol: symbol, Dim: dim, ToBase: toBase}
		put := func(key string) {
			if prev, ok := units[key]; ok && prev != u {
				panic("footprint: unit spelling " + key + " names both " + prev.Symbol + " and " + symbol)
			}
			units[key] = u
		}
		put(symbol)
		put(normUnit(symbol))
		for _, a := range aliases {
			put(normUnit(a))
		}
	}
	for line := range strings.Lines(unitTable) {
		if f := strings.Split(strings.TrimRight(line, "\n"), "\t"); f[0] != "" && !strings.HasPrefix(f[0], "#") {
			toBase, err := strconv.ParseFloat(f[min(2, len(f)-1)], 64)
			if err != nil || len(f) < 3 {
				panic("footprint: units.txt: " + line) // a malformed line is a build error, not a unit dropped
			}
			defUnit(f[0], Dimension(f[1]), toBase, f[3:]...)
		}
	}

	return units
}

// unitTable lists every unit (units.txt).
//
//go:embed units.txt
var unitTable string

// normUnit folds the spellings of a unit symbol: surrounding space, the
// superscripts ²/³ versus 2/3, the multiplication dot, and full-width forms
// of letters, digits and signs (ｋｇ, （）, ・) as Chinese text writes them.
func normUnit(s string) string {
	return unitSpellings.Replace(strings.TrimSpace(FoldWidth(s)))
}

// FoldWidth maps the full-width forms U+FF01–U+FF5E to their ASCII
// counterparts and the ideographic space to a space; other text is returned
// as it is, without allocating.
func FoldWidth(s string) string { return fold.Width(s) }

// unitSpellings is built once: a Replacer is safe for concurrent use, and
// building one per call cost a tenth of a study upload's CPU time.
var unitSpellings = strings.NewReplacer("²", "2", "³", "3", "⋅", "·", "・", "·", "•", "·")

// ParseUnit parses a unit symbol such as "kg", "kWh", "t·km" or "m²".
// It returns EINVALID for an unknown unit.
func ParseUnit(s string) (Unit, error) {
	if u, ok := units[s]; ok { // most input is already canonical: no normalising
		return u, nil
	}
	n := normUnit(s)
	if u, ok := units[n]; ok {
		return u, nil
	}
	// Case-insensitive second chance for spelled-out names ("Kilogram"), but
	// never for symbols where case carries meaning (MWh vs mWh, Mt vs mt,
	// ML vs mL), however much space surrounds them: the length is the
	// normalised text's.
	if lower := strings.ToLower(n); len(n) > 3 || caseFreeSymbols[lower] {
		if u, ok := units[lower]; ok {
			return u, nil
		}
	}
	return Unit{}, Errorf(EINVALID, "unknown unit %q", s)
}

// caseFreeSymbols are the short symbols whose case carries no meaning, as
// bills of materials from ERP systems write them ("KG", "PCS", "KM", "M3").
var caseFreeSymbols = map[string]bool{"kg": true, "pcs": true, "pc": true, "km": true, "m2": true, "m3": true}

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
	Value float64 `json:"value"`
	Unit  Unit    `json:"unit"`
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

// emittedGases are the spellings of the gas of an emitted mass.
var emittedGases = map[string]GHGBasis{"CO2e": BasisCO2e, "CO2eq": BasisCO2e, "CO2-eq": BasisCO2e, "CO2": BasisCO2}

// ParseFactorUnit parses an emission-factor unit: a GHG mass ("kgCO2e",
// "gCO2e", "tCO2e", "kgCO2", …), a slash, an activity unit, and an optional
// qualifier either in parentheses ("kgCO2/GJ (NCV)") or as a trailing word
// ("kgCO2e/cm2 die"). It returns EINVALID if any part is unknown.
func ParseFactorUnit(s string) (FactorUnit, error) {
	num, den, ok := strings.Cut(strings.TrimSpace(FoldWidth(s)), "/")
	if !ok {
		return FactorUnit{}, Errorf(EINVALID, "factor unit %q: want emitted mass per activity unit, e.g. kgCO2e/kWh", s)
	}
	var fu FactorUnit
	num = strings.TrimSpace(num)
	for _, m := range emittedMass {
		gas, found := strings.CutPrefix(num, m.prefix)
		if basis, ok := emittedGases[strings.ReplaceAll(gas, "₂", "2")]; found && ok {
			fu.Basis, fu.Emitted, fu.EmittedKg = basis, m.prefix+string(basis), m.kg
			break
		}
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
func RoundSig(x float64, n int) float64 { return numfmt.RoundSig(x, n) }

// FormatSharePct formats a share for print, as the documents and the
// workbench show it: three significant figures ("4.57 %", "12.3 %").
func FormatSharePct(x float64) string { return strconv.FormatFloat(RoundSig(x, 3), 'f', -1, 64) + " %" }

// FormatKgCO2e formats a footprint for print, the rounding rule of the
// certificate, the label and the verification page alike: at least three
// significant figures, never fewer than all integer digits (512.4 → "512",
// 1234.5 → "1235", 21.54 → "21.5", 0.04567 → "0.0457"). The signed content
// keeps full precision; verification compares what is printed with this
// function applied to the signed value.
func FormatKgCO2e(x float64) string { return numfmt.KgCO2e(x) }

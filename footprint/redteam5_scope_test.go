package footprint_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red-team findings, fifth round, on a study's scope and its scenario.

// Ensure a reference period is at most a year. A study of 2019 to 2026
// passed: a certificate states its figure for a period of production, and
// eight years let a study count eight years of green-power instruments
// (each counts the share of its period inside the reference period) and
// supplier certificates that expired years before. A period ends within a
// year of its first day; a calendar year, leap or not, passes.
func TestRedteam5_ReferencePeriodLength(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name       string
		start, end time.Time
		ok         bool
	}{
		{"eight years", day(2019, 1, 1), day(2026, 12, 31), false},
		{"a year and a day", day(2025, 1, 1), day(2026, 1, 1), false},
		{"calendar year", day(2025, 1, 1), day(2025, 12, 31), true},
		{"leap year", day(2024, 1, 1), day(2024, 12, 31), true},
		{"twelve months", day(2024, 7, 1), day(2025, 6, 30), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := seedtest.Study(t, "pv-module")
			s.ReferencePeriod = footprint.Period{Start: tt.start, End: tt.end}
			for _, l := range s.Electricity {
				l.Instruments = nil // of 2025
			}
			_, err := footprint.Calculate(s, seedtest.Factors(t), nil)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if got := footprint.ErrorField(err); got != "reference_period" {
				t.Fatalf("period %s: error %v naming %q, want one naming reference_period", s.ReferencePeriod, err, got)
			}
		})
	}
}

// Ensure a study references no more supplier footprints than a certificate
// lists. A study with 51 was calculated and stored, and applied for; only
// the certifier's issue was refused ("at most 50 supplier certificates"),
// after the review. It is now refused when calculated, naming bom.
func TestRedteam5_TooManySuppliers(t *testing.T) {
	for _, tt := range []struct {
		n  int
		ok bool
	}{{footprint.MaxSuppliers, true}, {footprint.MaxSuppliers + 1, false}} {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			s := seedtest.Study(t, "pv-module")
			sups := map[string]*footprint.SupplierFootprint{}
			for i := range tt.n {
				id := fmt.Sprintf("cert:CDPCF-2026-%06d", i+1)
				sups[id] = &footprint.SupplierFootprint{
					ID: id, Supplier: "Part Co", Product: "fastener", KgCO2e: 0.01, DeclaredUnit: footprint.MustParseUnit("piece"),
					Boundary: footprint.BoundaryCradleToGate, IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
				}
				s.BOM = append(s.BOM, &footprint.BOMLine{Name: "fastener", Quantity: 1, Unit: footprint.MustParseUnit("piece"), Supplier: id})
			}
			_, err := footprint.Calculate(s, seedtest.Factors(t), sups)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if footprint.ErrorField(err) != "bom" || !strings.Contains(footprint.ErrorMessage(err), "at most 50") {
				t.Fatalf("%d supplier footprints: %v, want a refusal naming bom", tt.n, err)
			}
		})
	}
}

// Ensure a PV per-kWh scenario's specific yield above the IEA PVPS
// reference scenario's is warned. It was accepted up to 8,760 kWh/kWp
// (the module at its rated power every hour of the year) with no
// warning, while a longer lifetime or a lower degradation than the
// reference's were warned: the yield divides the per-kWh figure, which
// 8,760 kWh/kWp made 9 times smaller than the reference's 975.
func TestRedteam5_PVYieldAboveReference(t *testing.T) {
	for _, tt := range []struct {
		yield float64
		warn  bool
	}{{footprint.ReferencePVYieldKWhPerKWp, false}, {8760, true}} {
		s := seedtest.Study(t, "pv-module")
		if s.PVScenario == nil {
			t.Fatal("the demo module has no per-kWh scenario")
		}
		s.PVScenario.SpecificYieldKWhPerKWp = tt.yield
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
			return w.Path == "pv_scenario.specific_yield_kwh_per_kwp"
		})
		if got != tt.warn {
			t.Errorf("yield %v kWh/kWp: warned %v, want %v: %+v", tt.yield, got, tt.warn, res.Warnings)
		}
	}
}

// Ensure a rule's product codes are in the form the engine compares. A
// board requirement written "for_products": ["hs:8471"] (or "8471")
// parsed, and matched no product: every computer was studied without
// its boards. Product codes, cradle-to-gate codes and a part's codes are
// now each a product code prefix "SCHEME:digits" (HS for a product), a
// part's products and the cradle-to-gate codes within the rule's.
func TestRedteam5_RuleProductCodes(t *testing.T) {
	b, err := os.ReadFile("rules/electronics.json")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if _, err := footprint.ParseRuleJSON(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ old, new, field string }{
		{`"for_products": ["HS:8471"`, `"for_products": ["hs:8471"`, "required_parts[0].for_products[0]"},
		{`"for_products": ["HS:8471"`, `"for_products": ["8471"`, "required_parts[0].for_products[0]"},
		{`"for_products": ["HS:8471"`, `"for_products": ["HS:9471"`, "required_parts[0].for_products[0]"},
		{`"for_products": ["HS:8471"`, `"for_products": ["CPC:4521"`, "required_parts[0].for_products[0]"},
		{`"product_codes": ["HS:847330"`, `"product_codes": ["HS:8473.30 "`, "required_parts[0].product_codes[0]"},
		{`"product_codes": ["HS:84", "HS:85"]`, `"product_codes": ["HS:84", "HS 85"]`, "product_codes[1]"},
		{`"product_codes": ["HS:84", "HS:85"]`, `"product_codes": ["HS:84", "HS:85"], "cradle_to_gate_codes": ["HS:90"]`, "cradle_to_gate_codes[0]"},
	} {
		t.Run(tt.new, func(t *testing.T) {
			if !strings.Contains(doc, tt.old) {
				t.Fatalf("rule has no %s", tt.old)
			}
			_, err := footprint.ParseRuleJSON(strings.NewReader(strings.Replace(doc, tt.old, tt.new, 1)))
			if got := footprint.ErrorField(err); footprint.ErrorCode(err) != footprint.EINVALID || got != tt.field {
				t.Fatalf("error %v naming %q, want EINVALID naming %s", err, got, tt.field)
			}
		})
	}
}

// Ensure an instrument that names no technology is warned. The generation
// factor of an instrument is checked against its technology, but only when
// it names one: the demo module's PV green certificates without their
// technology took the hydro generation factor (14.1 against 52 gCO2e/kWh)
// with no error and no warning. Technology stays optional (a study names
// what the instrument states), and the certifier is told to check it.
func TestRedteam5_InstrumentWithoutTechnology(t *testing.T) {
	for _, tt := range []struct {
		tech, factor string
		warn         bool
	}{{"pv", "ELEC-CN-GEN-PV-CF-2024", false}, {"", "ELEC-CN-GEN-HYDRO-CF-2024", true}} {
		s := seedtest.Study(t, "pv-module")
		in := s.Electricity[0].Instruments[0]
		in.Technology, in.Factor = tt.tech, tt.factor
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
			return w.Path == "electricity[0].instruments[0].technology"
		})
		if got != tt.warn {
			t.Errorf("technology %q, factor %s: warned %v, want %v: %+v", tt.tech, tt.factor, got, tt.warn, res.Warnings)
		}
	}
}

package footprint_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 56b of session 56 (helper rt56b): the flatterer, on electronics
// and displays.

// rt56bWarned calculates s, checks its total is kg (what names the case),
// and returns the result's warnings at path and all of them.
func rt56bWarned(t *testing.T, what string, s *footprint.Study, kg float64, path string) (at, all []footprint.Warning) {
	t.Helper()
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if kg != 0 && !near(res.KgCO2e, kg) {
		t.Errorf("%s: %.9f kgCO2e, want %.9f", what, res.KgCO2e, kg)
	}
	for _, w := range res.Warnings {
		if w.Path == path {
			at = append(at, w)
		}
	}
	return at, res.Warnings
}

// Ensure a use stage whose annual energy names no measurement is warned at
// product.use.energy_source, in both languages, naming the annual energy,
// its average power and the kinds of measurement the study may name, and
// that one naming a measurement (its kind and reference) is not. Before,
// the demo laptop at 20 kWh a year instead of 41.464 (129.43 kgCO2e,
// −27.7 %, red team 56's open item) or over 3 years instead of 4 (155.07,
// −13.4 %) passed with the demo's two warnings (no electricity line, the
// screened cut-off) and no word of the use stage: reference/ holds no
// floor of a laptop's energy or service life, and no rule states a default
// use scenario. The honest demo's energy is itself an estimate (hours a day
// at powers one review measured), so it is warned too; the figure does not
// change.
func TestRT56b_UseEnergyNamesNoMeasurement(t *testing.T) {
	tec := &footprint.UseEnergySource{Kind: "energy-star-tec", Reference: "ENERGY STAR record 2412345"}
	for _, c := range []struct {
		what   string
		edit   func(s *footprint.Study)
		kg     float64
		warned string // a text of the English warning; "" = not warned
	}{
		{"the honest demo (an estimate)", func(*footprint.Study) {}, 179.028600027, "from 41.464 kWh a year (4.733 W on average"},
		{"20 kWh a year", func(s *footprint.Study) { s.Product.Use.AnnualKWh = 20 }, 129.429588827, "from 20 kWh a year (2.283 W on average over the 8760 hours of a year) over 4 years, and product.use names no measurement"},
		{"3 years", func(s *footprint.Study) { s.Product.Use.LifetimeYears = 3 }, 155.074847227, "over 3 years"},
		{"a kind that is no measurement", func(s *footprint.Study) {
			s.Product.Use.AnnualKWh = 20
			s.Product.Use.EnergySource = &footprint.UseEnergySource{Kind: "estimate", Reference: "8 h a day at 5 W"}
		}, 129.429588827, `names energy_source kind "estimate", which is no measurement`},
		{"a measurement without its reference", func(s *footprint.Study) {
			s.Product.Use.AnnualKWh = 20
			s.Product.Use.EnergySource = &footprint.UseEnergySource{Kind: "test-report", Reference: " "}
		}, 129.429588827, "names a measurement of kind test-report without its reference"},
		{"an ENERGY STAR TEC named", func(s *footprint.Study) { s.Product.Use.EnergySource = tec }, 179.028600027, ""},
		{"20 kWh with a TEC named (the certifier reads the record)", func(s *footprint.Study) {
			s.Product.Use.AnnualKWh, s.Product.Use.EnergySource = 20, tec
		}, 129.429588827, ""},
	} {
		s := seedtest.Study(t, "laptop")
		c.edit(s)
		ws, all := rt56bWarned(t, c.what, s, c.kg, "product.use.energy_source")
		if c.warned == "" {
			if len(ws) != 0 {
				t.Errorf("%s: warned %+v, want none", c.what, ws)
			}
			continue
		}
		if len(ws) != 1 {
			t.Errorf("%s: warnings at product.use.energy_source %+v, want one: %v", c.what, ws, all)
			continue
		}
		w := ws[0]
		for _, s := range []string{c.warned, "energy-star-tec, eu-energy-label, test-report", "rule electronics states no default use scenario"} {
			if !strings.Contains(w.Message, s) {
				t.Errorf("%s: %q, want %q", c.what, w.Message, s)
			}
		}
		if !strings.ContainsFunc(w.MessageZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(w.MessageZH, "energy_source") {
			t.Errorf("%s: Chinese %q", c.what, w.MessageZH)
		}
	}
}

// Ensure a display's use stage is held to the same: a monitor (rule
// display, cradle-to-grave, HS 852852) of the demo laptop's inventory at
// 20 kWh a year is warned, and with an EU energy label named is not.
func TestRT56b_DisplayUseEnergyNamesNoMeasurement(t *testing.T) {
	for _, src := range []*footprint.UseEnergySource{nil, {Kind: "eu-energy-label", Reference: "EPREL 1234567"}} {
		s := seedtest.Study(t, "laptop")
		s.Rule, s.Product.Name, s.Product.NameZH = "display", "Demo LCD monitor", "示例液晶显示器"
		s.Product.ProductCodes = footprint.ProductCodes{{Scheme: "HS", Code: "852852"}}
		s.Product.ActiveAreaM2 = 0.0491
		s.Electricity = []*footprint.ElectricityLine{{Name: "Assembly", Quantity: 5, Unit: footprint.MustParseUnit("kWh"), Factor: "ELEC-CN-NAT-CF-2024"}}
		s.Product.Use.AnnualKWh, s.Product.Use.EnergySource = 20, src
		ws, _ := rt56bWarned(t, "a monitor", s, 0, "product.use.energy_source")
		if got, want := len(ws), map[bool]int{true: 1, false: 0}[src == nil]; got != want {
			t.Errorf("source %+v: %d warnings at product.use.energy_source (%+v), want %d", src, got, ws, want)
		}
		if src == nil && len(ws) == 1 && !strings.Contains(ws[0].Message, "rule display states no default use scenario") {
			t.Errorf("%q, want the display rule named", ws[0].Message)
		}
	}
}

// Ensure the study format reads and writes product.use.energy_source, and
// refuses a member it does not know inside it (the study format is strict).
func TestRT56b_EnergySourceInTheStudyFormat(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	s.Product.Use.EnergySource = &footprint.UseEnergySource{Kind: "test-report", Reference: "CQC report 2025-0001"}
	b, err := footprint.MarshalStudyJSON(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"energy_source":{"kind":"test-report","reference":"CQC report 2025-0001"}`)) {
		t.Fatalf("%s: want the energy source written", b)
	}
	got, err := footprint.ParseStudyJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if u := got.Product.Use; u.EnergySource == nil || *u.EnergySource != *s.Product.Use.EnergySource {
		t.Errorf("read back %+v, want %+v", u.EnergySource, s.Product.Use.EnergySource)
	}
	bad := bytes.Replace(b, []byte(`"reference":"CQC`), []byte(`"watts":5,"reference":"CQC`), 1)
	if _, err := footprint.ParseStudyJSON(bytes.NewReader(bad)); err == nil {
		t.Errorf("an unknown member of energy_source read without error")
	}
}

// Ensure a monitor studied cradle-to-gate under a panel's code is warned at
// product.product_codes. Before, the demo laptop's inventory as a monitor
// ("Demo LCD monitor", "示例液晶显示器") coded HS 852491 (a flat panel
// module, which rule display takes cradle-to-gate), its use, distribution
// and end of life dropped and its exempted lines counted, was 91.96 kgCO2e
// against 188.34 cradle-to-grave under HS 852852 (−51 %), with only the
// area's warning (no diagonal named); the certificate prints the monitor's
// name beside it. A name stating a panel or module is not warned, nor the
// monitor cradle-to-grave.
func TestRT56b_MonitorCodedAsAPanel(t *testing.T) {
	for _, c := range []struct {
		what         string
		code         string
		gate         bool
		name, nameZH string
		kg           float64
		want         string // in the English warning; "" = not warned
	}{
		{"the monitor as a panel", "852491", true, "Demo LCD monitor", "示例液晶显示器", 91.9564055, `finished display ("monitor")`},
		{"the monitor as a panel, Chinese name only", "852491", true, "", "示例液晶显示器", 91.9564055, `finished display ("显示器")`},
		{"a panel module", "852491", true, "Demo LCD panel module", "示例液晶显示模组", 91.9564055, ""},
		{"the monitor cradle to grave", "852852", false, "Demo LCD monitor", "示例液晶显示器", 188.337497527, ""},
	} {
		s := seedtest.Study(t, "laptop")
		s.Rule, s.Product.Name, s.Product.NameZH = "display", c.name, c.nameZH
		s.Product.ProductCodes = footprint.ProductCodes{{Scheme: "HS", Code: c.code}}
		s.Product.ActiveAreaM2 = 0.0491
		s.Electricity = []*footprint.ElectricityLine{{Name: "Assembly", Quantity: 5, Unit: footprint.MustParseUnit("kWh"), Factor: "ELEC-CN-NAT-CF-2024"}}
		s.Product.Use.EnergySource = &footprint.UseEnergySource{Kind: "eu-energy-label", Reference: "EPREL 1234567"}
		for _, l := range s.BOM {
			if l.Exempt != nil {
				l.Factor, l.Exempt = l.Exempt.ScreeningFactor, nil
			}
		}
		if c.gate {
			s.Boundary, s.Product.Use, s.EndOfLife, s.Transport = footprint.BoundaryCradleToGate, nil, nil, nil
		}
		ws, all := rt56bWarned(t, c.what, s, c.kg, "product.product_codes")
		if c.want == "" {
			if len(ws) != 0 {
				t.Errorf("%s: warned %+v, want none", c.what, ws)
			}
			continue
		}
		if len(ws) != 1 || !strings.Contains(ws[0].Message, c.want) || !strings.Contains(ws[0].Message, "code HS:852491 is of an intermediate product that rule display takes cradle-to-gate") ||
			!strings.Contains(ws[0].MessageZH, "按摇篮到大门研究的中间产品") {
			t.Errorf("%s: warnings at product.product_codes %+v, want one with %q: %v", c.what, ws, c.want, all)
		}
	}
}

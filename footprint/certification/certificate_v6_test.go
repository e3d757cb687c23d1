package certification_test

import (
	"bytes"
	"math"
	"reflect"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// newTestCertificateV6 is newTestCertificateV5 in format 6, signing a use
// scenario of 20 kWh a year over 4 years on China's grid.
func newTestCertificateV6(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificateV5(tb)
	c.Format = 6
	c.UseScenario = &certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}
	return c
}

const testUseScenarioJSON = `,"use_scenario":{"annual_kwh":20,"country":"CN","factor":"ELEC-CN-NAT-CF-2024","lifetime_years":4}`

// Ensure format 6 is format 5 with the key "use_scenario" after
// "uncertainty" when the certificate has one, and format 5 relabelled when
// it has none; that both read back to the same bytes, and that the strict
// decoder refuses the key in format 5.
func TestCertificate_MarshalCanonical_Format6(t *testing.T) {
	c := newTestCertificateV6(t)
	b := mustCanonical(t, c)
	if !bytes.Contains(b, []byte(testUseScenarioJSON+`,"verify_base"`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/6"`)) {
		t.Fatalf("format 6 encoding:\n%s", b)
	}
	checkRoundTrip(t, b, c)
	as5 := bytes.Replace(bytes.Replace(b, []byte(testUseScenarioJSON), nil, 1), []byte("pcf-certificate/6"), []byte("pcf-certificate/5"), 1)
	if v5 := mustCanonical(t, newTestCertificateV5(t)); !bytes.Equal(as5, v5) {
		t.Errorf("format 6 is not format 5 plus use_scenario:\n%s\n%s", as5, v5)
	}

	none := newTestCertificateV6(t)
	none.UseScenario = nil
	nb := mustCanonical(t, none)
	checkRoundTrip(t, nb, none)
	if bytes.Contains(nb, []byte("use_scenario")) {
		t.Errorf("a certificate without a use stage signs a scenario:\n%s", nb)
	}

	for name, edit := range map[string][]byte{
		"format 5 with use_scenario":  bytes.Replace(b, []byte("pcf-certificate/6"), []byte("pcf-certificate/5"), 1),
		"use_scenario null":           bytes.Replace(b, []byte(testUseScenarioJSON), []byte(`,"use_scenario":null`), 1),
		"use_scenario, lifetime 4.0":  bytes.Replace(b, []byte(`"lifetime_years":4}`), []byte(`"lifetime_years":4.0}`), 1),
		"use_scenario, unknown key":   bytes.Replace(b, []byte(`"lifetime_years":4}`), []byte(`"lifetime_years":4,"x":1}`), 1),
		"use_scenario, country cn":    bytes.Replace(b, []byte(`"country":"CN"`), []byte(`"country":"cn"`), 1),
		"use_scenario, lifetime of 0": bytes.Replace(b, []byte(`"lifetime_years":4}`), []byte(`"lifetime_years":0}`), 1),
	} {
		if _, err := certification.UnmarshalCanonicalCertificate(edit); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
}

// Ensure Validate holds a format-6 use scenario to the figures the engine
// accepts, and refuses one in an earlier format, whose encoding would drop
// it.
func TestCertificate_ValidateFormat6(t *testing.T) {
	checkValidateRefuses(t, newTestCertificateV6, []certEdit{
		{"ErrFormat5WithScenario", func(c *certification.Certificate) { c.Format = 5 }, "use_scenario"},
		{"ErrNegativeKWh", func(c *certification.Certificate) { c.UseScenario.AnnualKWh = -1 }, "use_scenario.annual_kwh"},
		{"ErrNaNKWh", func(c *certification.Certificate) { c.UseScenario.AnnualKWh = math.NaN() }, "use_scenario.annual_kwh"},
		{"ErrZeroLifetime", func(c *certification.Certificate) { c.UseScenario.LifetimeYears = 0 }, "use_scenario.lifetime_years"},
		{"ErrLongLifetime", func(c *certification.Certificate) { c.UseScenario.LifetimeYears = 101 }, "use_scenario.lifetime_years"},
		{"ErrCountry", func(c *certification.Certificate) { c.UseScenario.Country = "cn" }, "use_scenario.country"},
		{"ErrSubdivision", func(c *certification.Certificate) { c.UseScenario.Country = "CN-51" }, "use_scenario.country"},
		{"ErrFactor", func(c *certification.Certificate) { c.UseScenario.Factor = "" }, "use_scenario.factor"},
		{"ErrRatedCoveringNothing", func(c *certification.Certificate) { c.DQRCoveragePct = 0 }, "dqr_coverage_pct"},
	})
	c := newTestCertificateV6(t)
	c.UseScenario = nil // no use stage
	if err := c.Validate(); err != nil {
		t.Errorf("no use stage: %v", err)
	}
}

// Ensure the signature covers the scenario: a format-6 certificate whose
// lifetime or annual energy is changed in the signed bytes, or which is
// relabelled format 5, does not verify; and DiffCertificates names it.
func TestVerifyCertificate_Format6(t *testing.T) {
	mustSignEdited(t, newTestCertificateV6(t), [][2]string{
		{`"lifetime_years":4}`, `"lifetime_years":40}`},
		{`"annual_kwh":20,`, `"annual_kwh":2,`},
		{`"pcf-certificate/6"`, `"pcf-certificate/5"`},
	})
	a, b := newTestCertificateV6(t), newTestCertificateV6(t)
	b.UseScenario.LifetimeYears = 0.1
	if got, want := certification.DiffCertificates(a, b), []string{"use_scenario"}; !reflect.DeepEqual(got, want) {
		t.Errorf("diff = %v, want %v", got, want)
	}
	b.UseScenario = nil
	if got, want := certification.DiffCertificates(a, b), []string{"use_scenario"}; !reflect.DeepEqual(got, want) {
		t.Errorf("diff without a scenario = %v, want %v", got, want)
	}
}

// Red team 42: the demo laptop's lifetime of 0.1 years instead of 4 halved
// its certified figure (185.45 → 92.03 kgCO2e) with nothing on the
// certificate saying what use it assumed. Ensure NewCertificate issues
// format 6 signing the scenario the result's use stage was computed with
// (the country of use CN when the study names none), and none for a study
// without a use stage.
func TestNewCertificate_Format6UseScenario(t *testing.T) {
	for _, tt := range []struct {
		name   string
		study  string
		mutate func(*footprint.Study)
		want   *certification.CertificateUseScenario
	}{
		{"Laptop", "laptop", nil, &certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}},
		{"ShortLifetime", "laptop", func(s *footprint.Study) { s.Product.Use.LifetimeYears = 2.5 },
			&certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 2.5, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}},
		{"DefaultCountry", "laptop", func(s *footprint.Study) { s.Product.Use.Country = "" },
			&certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}},
		{"NoUseStage", "pv-module", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := seedtest.Stored(t, tt.study, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", tt.mutate)
			c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
			if c.Format != 7 || !reflect.DeepEqual(c.UseScenario, tt.want) {
				t.Fatalf("format %d, use scenario %+v, want 7 and %+v", c.Format, c.UseScenario, tt.want)
			}
			if has := bytes.Contains(mustCanonical(t, c), []byte(`"use_scenario":`)); has != (tt.want != nil) {
				t.Errorf("use_scenario signed: %v", has)
			}
		})
	}
}

// Ensure the scenario prints in both languages with the figures as
// signed, and not at all when none is signed.
func TestCertificate_PrintedUseScenario(t *testing.T) {
	c := newTestCertificateV6(t)
	zh, en := c.PrintedUseScenario()
	if want := "每年 20 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024）"; zh != want {
		t.Errorf("zh = %q, want %q", zh, want)
	}
	if want := "20 kWh a year × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)"; en != want {
		t.Errorf("en = %q, want %q", en, want)
	}
	c.UseScenario.AnnualKWh, c.UseScenario.LifetimeYears = 41.464, 0.1
	if _, en := c.PrintedUseScenario(); en != "41.464 kWh a year × 0.1 years, grid of CN (factor ELEC-CN-NAT-CF-2024)" {
		t.Errorf("en = %q", en)
	}
	c.UseScenario = nil
	if zh, en := c.PrintedUseScenario(); zh != "" || en != "" {
		t.Errorf("no scenario printed %q %q", zh, en)
	}
}

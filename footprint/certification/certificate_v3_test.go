package certification_test

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// newTestCertificateV3 is newTestCertificateV2 in format 3, naming a CPCD
// cell factor (grade C) and its grid factor (grade A). Its figures are test
// data, not results of a study.
func newTestCertificateV3(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificateV2(tb)
	c.Format = 3
	c.Factors = []certification.CertificateFactor{
		{Code: "CPCD-46410X0212023C", NameZH: "PERC太阳电池", NameEN: "PERC solar cell", Set: "2026.1", KgCO2e: 203.5, SharePct: 39.75,
			Grade: "C", Source: "CPCD 46410X0212023C"},
		{Code: "ELEC-CN-NAT-CF-2024", NameZH: "全国电力平均碳足迹因子", NameEN: "National grid electricity", Set: "2026.1", Grid: true,
			KgCO2e: 3.75, SharePct: 0.732421875, Grade: "A", Source: "MEE 2024 annex"},
	}
	return c
}

// Ensure format 3 encodes the factors under "factors", with sorted keys,
// between factor_set_digest and format, and reads back to the same bytes.
func TestCertificate_MarshalCanonical_Format3(t *testing.T) {
	c := newTestCertificateV3(t)
	b := mustCanonical(t, c)
	want := `"factor_set_digest":"` + strings.Repeat("34", 32) + `","factors":[` +
		`{"code":"CPCD-46410X0212023C","grade":"C","grid":false,"kg_co2e":203.5,"name_en":"PERC solar cell","name_zh":"PERC太阳电池","set":"2026.1","share_pct":39.75,"source":"CPCD 46410X0212023C"},` +
		`{"code":"ELEC-CN-NAT-CF-2024","grade":"A","grid":true,"kg_co2e":3.75,"name_en":"National grid electricity","name_zh":"全国电力平均碳足迹因子","set":"2026.1","share_pct":0.732421875,"source":"MEE 2024 annex"}],` +
		`"format":"pcf-certificate/3"`
	if !bytes.Contains(b, []byte(want)) {
		t.Fatalf("encoding lacks %s:\n%s", want, b)
	}
	checkRoundTrip(t, b, c)
	// The same certificate in format 2 has neither the tag nor the key,
	// and is otherwise the same bytes.
	v2 := newTestCertificateV2(t)
	b2 := mustCanonical(t, v2)
	strip := bytes.Replace(b, []byte(want), []byte(`"factor_set_digest":"`+strings.Repeat("34", 32)+`","format":"pcf-certificate/2"`), 1)
	if !bytes.Equal(strip, b2) {
		t.Errorf("format 3 is not format 2 plus factors:\n%s\n%s", strip, b2)
	}
	// A format-3 encoding without the key is not canonical.
	missing := bytes.Replace(b, []byte(want), []byte(`"factor_set_digest":"`+strings.Repeat("34", 32)+`","format":"pcf-certificate/3"`), 1)
	if _, err := certification.UnmarshalCanonicalCertificate(missing); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("format 3 without factors: err = %v, want EINVALID", err)
	}
}

// Ensure Validate checks the factors of format 3, and refuses them in
// formats 1 and 2, whose encodings would drop them.
func TestCertificate_ValidateFormat3(t *testing.T) {
	if err := newTestCertificateV3(t).Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(c *certification.Certificate)
		field string
	}{
		{"ErrFormat2WithFactors", func(c *certification.Certificate) { c.Format = 2 }, "factors"},
		{"ErrFormat1WithFactors", func(c *certification.Certificate) {
			c.Format, c.SupersedesNumber, c.StudyDigest, c.FactorSetDigest, c.SuppliersDigest = 0, "", "", "", ""
			c.Uncertainty, c.CutOff, c.NotApplicable = nil, certification.CertificateCutOff{}, nil
		}, "factors"},
		{"ErrGrade", func(c *certification.Certificate) { c.Factors[0].Grade = "F" }, "factors[0].grade"},
		{"ErrGradeCase", func(c *certification.Certificate) { c.Factors[0].Grade = "c" }, "factors[0].grade"},
		{"ErrCode", func(c *certification.Certificate) { c.Factors[0].Code = "cpcd x" }, "factors[0].code"},
		{"ErrSet", func(c *certification.Certificate) { c.Factors[1].Set = "" }, "factors[1].set"},
		{"ErrTwice", func(c *certification.Certificate) { c.Factors = append(c.Factors, c.Factors[0]) }, "factors[2].code"},
		{"ErrNoName", func(c *certification.Certificate) { c.Factors[0].NameZH, c.Factors[0].NameEN = "", "" }, "factors[0].name.name_en"},
		{"ErrSourceControl", func(c *certification.Certificate) { c.Factors[0].Source = "CPCD\n1" }, "factors[0].source"},
		{"ErrShareNaN", func(c *certification.Certificate) { c.Factors[0].SharePct = math.NaN() }, "factors[0].share_pct"},
		{"ErrGridNotStated", func(c *certification.Certificate) { c.Factors[0].Grid = true }, "factors[0].grid"},
		{"ErrGridFactorMissing", func(c *certification.Certificate) { c.Factors = c.Factors[:1] }, "electricity.grid_factors[0]"},
		{"ErrGridNotFlagged", func(c *certification.Certificate) { c.Factors[1].Grid = false }, "electricity.grid_factors[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCertificateV3(t)
			tt.edit(c)
			checkInvalid(t, c.Validate(), tt.field, "")
		})
	}
}

// Ensure a changed grade, share, source or factor in the signed content of
// a format-3 certificate fails verification, and DiffCertificates names
// the factors.
func TestVerifyCertificate_Format3(t *testing.T) {
	sc, keys := mustSignEdited(t, newTestCertificateV3(t), [][2]string{
		{`"grade":"C"`, `"grade":"A"`},
		{`"grade":"A"`, `"grade":"B"`},
		{`"share_pct":39.75`, `"share_pct":59.75`},
		{`"share_pct":0.732421875`, `"share_pct":0.032421875`},
		{`"kg_co2e":203.5,`, `"kg_co2e":103.5,`},
		{`"source":"CPCD 46410X0212023C"`, `"source":"CPCD 46410X0212024C"`},
		{`"set":"2026.1","share_pct":39.75`, `"set":"2026.2","share_pct":39.75`},
	})
	shown := newTestCertificateV3(t)
	shown.Factors[0].Grade = "B"
	if got, want := certification.DiffCertificates(shown, sc.Certificate), []string{"factors"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("diff=%v, want %v", got, want)
	}
	forged := *sc
	forged.Certificate = shown
	var ve *certification.VerifyError
	if err := certification.VerifyCertificate(&forged, keys); !errors.As(err, &ve) || ve.Reason != certification.VerifyFieldMismatch || !slices.Contains(ve.Fields, "factors") {
		t.Errorf("shown grade differs from signed: err = %v, want field_mismatch naming factors", err)
	}
}

// Ensure NewCertificate writes format 3 naming the factors that carry the
// footprint: the largest first until they cover 80 % of the total (at most
// MaxCertificateMainFactors), plus every grid factor, each with the
// grade, set and source of the factor the result used, and its share.
func TestNewCertificate_Format3Factors(t *testing.T) {
	s := mustDemoStudy(t)
	r := s.Result
	c, err := certification.NewCertificate(testInput(s, "CDPCF-2026-000009"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Format != 3 || len(c.Factors) == 0 {
		t.Fatalf("format %d, %d factors", c.Format, len(c.Factors))
	}
	uses := map[string]*footprint.FactorUse{}
	for _, u := range r.Factors {
		uses[u.Code] = u
	}
	main, covered := 0, 0.0
	for i, f := range c.Factors {
		u := uses[f.Code]
		if u == nil {
			t.Fatalf("factors[%d] %s is not a factor of the result", i, f.Code)
		}
		if f.Grade != u.Grade || f.Set != u.Set || f.NameEN != u.NameEN || f.NameZH != u.NameZH || f.KgCO2e != u.KgCO2e ||
			!strings.HasPrefix(u.Source.Locator, f.Source) || f.Source == "" {
			t.Errorf("factors[%d] = %+v, result uses %+v", i, f, u)
		}
		if want := u.KgCO2e / r.KgCO2e * 100; math.Abs(f.SharePct-want) > 1e-12 {
			t.Errorf("factors[%d] share %v, want %v", i, f.SharePct, want)
		}
		if f.Grid != slices.Contains(r.Electricity.GridFactors, f.Code) {
			t.Errorf("factors[%d] %s grid = %v", i, f.Code, f.Grid)
		}
		if i > 0 && c.Factors[i-1].KgCO2e < f.KgCO2e {
			t.Errorf("factors[%d] %s (%v kg) after a smaller one", i, f.Code, f.KgCO2e)
		}
		if !f.Grid || covered < 0.8*r.KgCO2e {
			main++
			covered += f.KgCO2e
		}
	}
	if covered < 0.8*r.KgCO2e && main < certification.MaxCertificateMainFactors {
		t.Errorf("the factors named cover %v of %v kgCO2e with %d main factors", covered, r.KgCO2e, main)
	}
	for _, g := range r.Electricity.GridFactors {
		if !slices.ContainsFunc(c.Factors, func(f certification.CertificateFactor) bool { return f.Code == g && f.Grid }) {
			t.Errorf("grid factor %s is not named", g)
		}
	}
	// No factor outside the cover is named unless it is a grid factor:
	// dropping the smallest main one leaves less than 80 %.
	if main > 1 {
		last := 0.0
		for _, f := range c.Factors {
			if !f.Grid {
				last = f.KgCO2e
			}
		}
		if covered-last >= 0.8*r.KgCO2e {
			t.Errorf("more factors named than needed to cover 80 %%: %v without the last", covered-last)
		}
	}
	if len(r.Electricity.GridFactors) == 0 {
		t.Fatal("the demo result uses no grid factor")
	}
}

// Ensure CertificateFactorsFromResult stops at MaxCertificateMainFactors
// when many small factors make up the total, and names a grid factor
// whose contribution is zero.
func TestCertificateFactorsFromResult_Cap(t *testing.T) {
	r := &footprint.Result{KgCO2e: 100, Electricity: footprint.ElectricitySummary{GridFactors: []string{"ELEC-Z"}}}
	for i := range 20 {
		r.Factors = append(r.Factors, &footprint.FactorUse{Code: "F-" + string(rune('A'+i)), Set: "1", NameEN: "f", KgCO2e: 5, Grade: "D",
			Source: footprint.Source{Locator: "CPCD 123; snapshot x"}})
	}
	r.Factors = append(r.Factors, &footprint.FactorUse{Code: "ELEC-Z", Set: "1", NameEN: "grid", Grade: " b-uk ", Source: footprint.Source{Document: "annex"}})
	r.Factors[0].Grade = "unrated"
	got := certification.CertificateFactorsFromResult(r)
	if len(got) != certification.MaxCertificateMainFactors+1 {
		t.Fatalf("%d factors, want %d", len(got), certification.MaxCertificateMainFactors+1)
	}
	if g := got[len(got)-1]; g.Code != "ELEC-Z" || !g.Grid || g.SharePct != 0 || g.Source != "annex" || g.Grade != "B-UK" {
		t.Errorf("grid factor %+v", g)
	}
	// A grade outside the legend is stated as not graded.
	if f := got[0]; f.Code != "F-A" || f.SharePct != 5 || f.Source != "CPCD 123" || f.Grade != "" {
		t.Errorf("first factor %+v", f)
	}
}

// Ensure the names and source a certificate takes from a published factor
// are made printable rather than stop the issue: white space collapsed,
// control characters dropped, overlong text cut with "…".
func TestCertificateFactorsFromResult_Text(t *testing.T) {
	long := strings.Repeat("铝", 250)
	r := &footprint.Result{KgCO2e: 10, Factors: []*footprint.FactorUse{{Code: "F-A", Set: "1", KgCO2e: 10, Grade: "C",
		NameZH: long, NameEN: " Alu\tminium\n profile\x07 ", Source: footprint.Source{Locator: strings.Repeat("x ", 100) + "; rest"}}}}
	got := certification.CertificateFactorsFromResult(r)
	if len(got) != 1 {
		t.Fatalf("%d factors", len(got))
	}
	f := got[0]
	if f.NameEN != "Alu minium profile" || f.NameZH != strings.Repeat("铝", 199)+"…" || len([]rune(f.Source)) != 120 || !strings.HasSuffix(f.Source, "…") {
		t.Errorf("name_en %q, name_zh %d characters, source %q", f.NameEN, len([]rune(f.NameZH)), f.Source)
	}
	c := newTestCertificateV3(t)
	c.Factors[0] = f
	c.Factors[0].Set = c.FactorSet
	if err := c.Validate(); err != nil {
		t.Errorf("certificate with the factor: %v", err)
	}
}

package factordb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// mustLoadCPCD publishes the embedded CPCD snapshot as set cpcd.SetVersion
// in the services' database.
func (s *services) mustLoadCPCD(tb testing.TB) {
	tb.Helper()
	im, err := cpcd.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := seed.LoadSet(context.Background(), s.factors, cpcd.SetVersion, cpcd.SetDescription, im.Factors); err != nil {
		tb.Fatal(err)
	}
}

// mustOpenWithCPCD is MustOpenWithOrgs with the CPCD snapshot published
// (mustLoadCPCD) before the organisations are made.
func mustOpenWithCPCD(tb testing.TB) *services {
	tb.Helper()
	s := MustOpenServices(tb)
	s.mustLoadCPCD(tb)
	s.MustCreateOrgs(tb)
	return s
}

// cpcdStudy is the demo PV module study made by a supplier site in
// province geo, pinned to the CPCD set: CPCD cells (core database, grade
// C), glass and aluminium (literature, grade D), the glass by a CPCD road
// freight factor (core, grade C), and the site's electricity from grid
// factor grid.
func cpcdStudy(tb testing.TB, geo, grid string) *footprint.Study {
	tb.Helper()
	b, err := os.ReadFile("../seed/studies/pv-module.json")
	if err != nil {
		tb.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		tb.Fatal(err)
	}
	doc["factor_set"] = cpcd.SetVersion
	doc["product"].(map[string]any)["site"] = "supplier site, " + geo
	if strings.Contains(geo, "-") { // a provincial grid needs the site's region (red team 51)
		doc["product"].(map[string]any)["site_region"] = geo
	}
	doc["bom"] = []any{
		map[string]any{"name": "PERC cells", "quantity": 0.4336, "unit": "kWp", "stage": "A1", "factor": "CPCD-46410X0212023C"},
		map[string]any{"name": "Front glass", "quantity": 20.36, "unit": "kg", "stage": "A1", "factor": "CPCD-37112X0012018C"},
		map[string]any{"name": "Aluminium frame", "quantity": 3.12, "unit": "kg", "stage": "A1", "factor": "CPCD-41532X0012012A"},
	}
	doc["electricity"] = []any{
		map[string]any{"name": "Module production electricity", "quantity": 6.483, "unit": "kWh", "stage": "B2", "factor": grid, "geography": geo},
	}
	doc["transport"] = []any{
		map[string]any{"name": "Glass by heavy diesel truck", "mass": map[string]any{"value": 20.36, "unit": "kg"}, "distance": map[string]any{"value": 1500, "unit": "km"},
			"mode": "road", "factor": "CPCD-65119X0142019C", "stage": "A3"},
	}
	b, err = json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := footprint.ParseStudyJSON(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	st.Owner = orgMaker
	return st
}

// Ensure a study can use CPCD factors and a provincial life-cycle grid
// factor (issue 15): a Yunnan site calculates with Yunnan's CPCD 碳足迹 grid
// factor, the result traces each CPCD factor with its grade, source locator
// and province, and the issued certificate names the CPCD set (with its
// digest) and the provincial grid factor. The CO2-only provincial factor
// stays out of the product study, and a province's factor does not serve
// another province.
func TestCPCD_StudyAndCertificate(t *testing.T) {
	ctx := context.Background()
	s := mustOpenWithCPCD(t)

	st := cpcdStudy(t, "CN-YN", "CPCD-17100H1562020A")
	res, err := s.studies.CreateStudy(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	// Every number from the snapshot: 469.25 kgCO2e/kWp, 1130 kgCO2e/t,
	// 15.8 tCO2e/t, 0.1764 tCO2e/MWh, 0.129 kgCO2e/t·km.
	want := 0.4336*469.25 + 20.36*1130/1000 + 3.12*15.8 + 6.483*0.1764 + 20.36/1000*1500*0.129
	if math.Abs(res.KgCO2e-want) > 1e-9*want {
		t.Errorf("total %v, want %v", res.KgCO2e, want)
	}
	uses := map[string]*footprint.FactorUse{}
	for _, u := range res.Factors {
		uses[u.Code] = u
	}
	for code, w := range map[string]struct{ grade, geo, id string }{
		"CPCD-46410X0212023C": {"C", "CN", "46410X0212023C"},
		"CPCD-37112X0012018C": {"D", "CN", "37112X0012018C"},
		"CPCD-41532X0012012A": {"D", "CN", "41532X0012012A"},
		"CPCD-17100H1562020A": {"D", "CN-YN", "17100H1562020A"},
		"CPCD-65119X0142019C": {"C", "CN", "65119X0142019C"},
	} {
		u := uses[code]
		if u == nil {
			t.Errorf("result does not trace %s", code)
			continue
		}
		if u.Grade != w.grade || u.Geography != w.geo || u.Set != cpcd.SetVersion || !strings.HasPrefix(u.Source.Locator, "CPCD "+w.id) {
			t.Errorf("%s: grade %q, geography %s, set %s, locator %q", code, u.Grade, u.Geography, u.Set, u.Source.Locator)
		}
	}

	rec := s.mustIssueStudy(t, st.ID, orgMaker)
	c := rec.Certificate()
	set, err := s.factors.FindFactorSetByVersion(ctx, cpcd.SetVersion)
	if err != nil {
		t.Fatal(err)
	}
	if c.FactorSet != cpcd.SetVersion || c.FactorSetDigest != set.Digest || !slices.Equal(c.Electricity.GridFactors, []string{"CPCD-17100H1562020A"}) {
		t.Errorf("certificate: set %s (digest %s), grid factors %v", c.FactorSet, c.FactorSetDigest, c.Electricity.GridFactors)
	}
	// The certificate signs the result (ResultDigest), whose canonical form
	// names every factor with its grade and CPCD locator.
	canonical, err := res.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if digest, err := res.Digest(); err != nil || c.ResultDigest != digest {
		t.Errorf("certificate signs result %s, result digest %s (%v)", c.ResultDigest, digest, err)
	}
	for _, s := range []string{`"code":"CPCD-17100H1562020A"`, `"code":"CPCD-46410X0212023C"`, `"grade":"C"`, `"grade":"D"`, `CPCD 17100H1562020A;`} {
		if !bytes.Contains(canonical, []byte(s)) {
			t.Errorf("signed result lacks %s", s)
		}
	}

	// Inner Mongolia's life-cycle factor for an Inner Mongolia site.
	nm := cpcdStudy(t, "CN-NM", "CPCD-17100H1852020A")
	if res, err := s.studies.CreateStudy(ctx, nm); err != nil {
		t.Errorf("Inner Mongolia study: %v", err)
	} else if u := res.Factors[slices.IndexFunc(res.Factors, func(u *footprint.FactorUse) bool { return u.Code == "CPCD-17100H1852020A" })]; u.KgCO2e <= 0 {
		t.Errorf("Inner Mongolia grid line: %v kgCO2e", u.KgCO2e)
	}

	for _, tt := range []struct {
		name, geo, grid, msg string
	}{
		{"CO2OnlyProvincial", "CN-YN", "CPCD-17100H3012021C", "CO2-only"},
		{"CO2OnlyMEE2023Sichuan", "CN-SC", "CPCD-17100H4152023C", "CO2-only"},
		{"OtherProvince", "CN-YN", "CPCD-17100H1852020A", "is for CN-NM"},
		{"FamilyNotStated", "CN-YN", "CPCD-17100G0522019A", "role none"},
		{"GenerationNotGrid", "CN", "CPCD-17100H3562023C", "generation:pv"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.studies.CreateStudy(ctx, cpcdStudy(t, tt.geo, tt.grid))
			if footprint.ErrorCode(err) != footprint.EINVALID || !strings.Contains(footprint.ErrorMessage(err), tt.msg) ||
				!strings.Contains(err.Error(), "electricity[0].factor") {
				t.Errorf("err = %v, want invalid naming electricity[0].factor and %q", err, tt.msg)
			}
		})
	}
}

// Ensure CPCD factors are found by their CPC code like HS codes: a prefix
// (division, group, class) finds every subclass under it, the scheme may be
// given or not, exact finds the subclass only, and a scheme that is not the
// factor's finds nothing.
func TestCPCD_ClassificationQueries(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	s.mustLoadCPCD(t)
	im, err := cpcd.Factors()
	if err != nil {
		t.Fatal(err)
	}
	count := func(prefix string) int {
		n := 0
		for _, f := range im.Factors {
			if strings.HasPrefix(f.ProductCodes[0].Code, prefix) {
				n++
			}
		}
		return n
	}
	all := func(filter footprint.FactorFilter) []*footprint.Factor {
		t.Helper()
		var out []*footprint.Factor
		filter.Set, filter.Limit = cpcd.SetVersion, footprint.MaxLimit
		for {
			page, err := s.factors.FindFactors(ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, page.Factors...)
			if page.NextCursor == "" {
				return out
			}
			filter.Cursor = page.NextCursor
		}
	}
	str := func(s string) *string { return &s }
	for _, tt := range []struct {
		query string
		exact bool
		want  int
	}{
		{"CPC:65", false, count("65")},       // freight transport services
		{"CPC:6511", false, count("6511")},   // road freight
		{"651", false, count("651")},         // no scheme: any
		{"CPC:17100", true, count("17100")},  // electrical energy, exact
		{"CPC:1710", true, 0},                // exact: no subclass 1710
		{"HS:17100", false, 0},               // not an HS code
		{"CPC:4641", false, count("4641")},   // PV cells
		{"CPC:01131", false, count("01131")}, // rice
	} {
		got := all(footprint.FactorFilter{ProductCode: str(tt.query), ProductCodeExact: tt.exact})
		if len(got) != tt.want || (tt.want == 0 && strings.HasPrefix(tt.query, "CPC:") && !tt.exact) {
			t.Errorf("%s (exact %v): %d factors, want %d", tt.query, tt.exact, len(got), tt.want)
		}
		q, _ := footprint.NewProductCodeQuery(str(tt.query), tt.exact)
		for _, f := range got {
			if !q.MatchAny(f.ProductCodes) {
				t.Errorf("%s: %s has codes %v", tt.query, f.Code, f.ProductCodes)
			}
		}
	}
	// Classification combines with the other filters: Yunnan's electricity
	// factors of CPC 171 (the CO2-only factors of 2021-2023, the 2020
	// life-cycle factor and the 2019 literature factor).
	yn, elec := "CN-YN", footprint.CategoryElectricity
	got := all(footprint.FactorFilter{ProductCode: str("CPC:171"), Geography: &yn, Category: &elec})
	if len(got) != 5 {
		t.Errorf("CPC:171 in CN-YN: %d factors, want 5", len(got))
	}
}

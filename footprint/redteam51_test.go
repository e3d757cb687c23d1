package footprint_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 51 (session 41): the flatterer, numbers a certifier should not
// certify without seeing them.

// provincialGrids returns the seed set with two of CPCD's provincial grid
// life-cycle factors (literature data, 2020: 四川省电网碳足迹排放因子 0.1533
// and 内蒙古电网碳足迹排放因子 1.1621 tCO2e/MWh, reference/cpcd/cpcd_catalog.csv
// 17100H1682020A and 17100H1852020A) made from the national grid mix, as a
// CPCD-pinned study has them.
func provincialGrids(t *testing.T) map[string]*footprint.Factor {
	fs := seedtest.Factors(t)
	nat := fs["ELEC-CN-NAT-CF-2024"]
	for _, p := range []struct {
		code, geo string
		v         float64
	}{{"CPCD-17100H1682020A", "CN-SC", 0.1533}, {"CPCD-17100H1852020A", "CN-NM", 1.1621}} {
		f := *nat
		f.Code, f.Geography, f.Year, f.Value = p.code, p.geo, 2020, p.v
		fs[p.code] = &f
	}
	return fs
}

// Ensure a plant cannot take another province's grid mix by naming that
// province as its line's geography. A factor set may hold provincial grid
// mixes (CPCD's); the line's geography was the study's word and the site
// only free text, so the demo module made in Baotou, Inner Mongolia, took
// Sichuan's hydro grid (0.1533 kgCO2e/kWh) for its production electricity
// instead of Inner Mongolia's (1.1621), with no warning. A factor finer than
// a country now needs product.site_region (ISO 3166-2), and the site's own
// electricity must be of that region.
func TestRedteam51_PlantTakesAnotherProvincesGrid(t *testing.T) {
	fs := provincialGrids(t)
	study := func(site, region, geo, factor string) *footprint.Study {
		s := seedtest.Study(t, "pv-module")
		s.Product.Site, s.Product.SiteRegion = site, region
		l := s.Electricity[0]
		l.Instruments, l.Geography, l.Factor = nil, geo, factor
		return s
	}
	honest, err := footprint.Calculate(study("Baotou, Inner Mongolia", "CN-NM", "CN-NM", "CPCD-17100H1852020A"), fs, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := footprint.Calculate(study("Baotou, Inner Mongolia", "", "CN-SC", "CPCD-17100H1682020A"), fs, nil)
	if err == nil {
		t.Fatalf("a plant in Baotou, Inner Mongolia, using Sichuan's grid: %.3f kgCO2e accepted (with its own grid %.3f), warnings %v; want a refusal naming product.site_region", res.KgCO2e, honest.KgCO2e, res.Warnings)
	}
	if footprint.ErrorField(err) != "product.site_region" || !strings.Contains(footprint.ErrorMessage(err), "CN-SC") || !strings.Contains(footprint.ErrorMessage(err), "场地") {
		t.Fatalf("refused %v; want product.site_region, bilingual, naming the factor's CN-SC", err)
	}

	// The site's region stated, the line of another province is refused at
	// its geography; a region that is no ISO 3166-2:CN province, or a code
	// of another form, is refused at the region.
	for _, tc := range []struct{ region, geo, factor, field string }{
		{"CN-NM", "CN-SC", "CPCD-17100H1682020A", "electricity[0].geography"},
		{"CN-SW", "CN-SC", "CPCD-17100H1682020A", "product.site_region"},
		{"Sichuan", "CN-SC", "CPCD-17100H1682020A", "product.site_region"},
		{"CN-NM", "CN-YN", "ELEC-CN-NAT-CF-2024", "electricity[0].geography"}, // the national mix too: the site's electricity is the site's
	} {
		if _, err := footprint.Calculate(study("Baotou, Inner Mongolia", tc.region, tc.geo, tc.factor), fs, nil); footprint.ErrorField(err) != tc.field {
			t.Errorf("site region %s, line %s of %s: %v; want a refusal naming %s", tc.region, tc.geo, tc.factor, err, tc.field)
		}
	}

	// The region stated and the site's text naming it: accepted without a
	// word on the site; the national mix in the site's country, too.
	for _, site := range []string{"Chengdu, Sichuan, China", "四川省成都市高新区", "Chengdu, SICHUAN"} {
		r, err := footprint.Calculate(study(site, "CN-SC", "CN-SC", "CPCD-17100H1682020A"), fs, nil)
		if err != nil {
			t.Fatalf("%s in CN-SC with Sichuan's grid: %v", site, err)
		}
		if w := warningAt(r, "product.site"); w != nil {
			t.Errorf("%s names Sichuan, warned %q", site, w.Message)
		}
	}
	if _, err := footprint.Calculate(study("Chengdu, Sichuan", "CN-SC", "CN", "ELEC-CN-NAT-CF-2024"), fs, nil); err != nil {
		t.Fatalf("the national mix at a site in CN-SC: %v", err)
	}

	// The region stated and the site's text naming another province: the
	// review is warned, in both languages.
	r, err := footprint.Calculate(study("Baotou, Inner Mongolia (内蒙古包头)", "CN-SC", "CN-SC", "CPCD-17100H1682020A"), fs, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := warningAt(r, "product.site")
	if w == nil || !strings.Contains(w.Message, "CN-SC (Sichuan, 四川)") || !strings.Contains(w.MessageZH, "四川") {
		t.Fatalf("site text in Inner Mongolia, region CN-SC: warning %+v; want one at product.site naming Sichuan in both languages", w)
	}
	t.Logf("Baotou on Sichuan's grid: %.3f kgCO2e; on its own: %.3f", r.KgCO2e, honest.KgCO2e)
}

// Ensure a supplier's electricity (the raw-material stage) may be of
// another province than the site, with a warning the certifier reads.
func TestRedteam51_SuppliersElectricityElsewhereWarned(t *testing.T) {
	fs := provincialGrids(t)
	s := seedtest.Study(t, "pv-module")
	s.Product.SiteRegion = "CN-NM"
	s.Product.Site = "Baotou, Inner Mongolia"
	kwh := footprint.MustParseUnit("kWh")
	s.Electricity = append(s.Electricity, &footprint.ElectricityLine{Name: "cell maker's electricity", Quantity: 1, Unit: kwh, Stage: "A2", Factor: "CPCD-17100H1682020A", Geography: "CN-SC"})
	r, err := footprint.Calculate(s, fs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := warningAt(r, "electricity[1].geography"); w == nil || !strings.Contains(w.Message, "CN-SC") || w.MessageZH == "" {
		t.Fatalf("a raw-material line in CN-SC beside a site in CN-NM: warning %+v; want one naming CN-SC, bilingual", w)
	}
}

func warningAt(r *footprint.Result, path string) *footprint.Warning {
	for i := range r.Warnings {
		if r.Warnings[i].Path == path {
			return &r.Warnings[i]
		}
	}
	return nil
}

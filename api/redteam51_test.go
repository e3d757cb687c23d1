package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 51 (session 41): the flatterer, through the API.

// Ensure a plant cannot store, and so cannot have certified, a study whose
// site's electricity is another province's grid mix: the demo module pinned
// to CPCD, made in Baotou, Inner Mongolia, its production electricity on
// Sichuan's hydro grid (CPCD-17100H1682020A, 0.1533 kgCO2e/kWh, instead of
// Inner Mongolia's CPCD-17100H1852020A, 1.1621). The study is refused 400
// naming product.site_region; with the site's region, the line of another
// province is refused naming its geography, and the site's own grid is
// stored with its region, the site's text naming it.
func TestRedteam51_PlantOnAnotherProvincesGridThroughTheAPI(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	post := func(region, geo, grid string) []byte {
		doc := mustDoc(t, pvStudy(t, "GEC-RT51-"+geo))
		seedtest.PinToCPCDYunnan(doc)
		p := doc["product"].(map[string]any)
		p["site"] = "Baotou, Inner Mongolia (内蒙古包头)"
		if p["site_region"] = region; region == "" {
			delete(p, "site_region")
		}
		e := doc["electricity"].([]any)[0].(map[string]any)
		e["geography"], e["factor"] = geo, grid
		return seedtest.MustMarshal(t, doc)
	}
	for _, tc := range []struct{ region, geo, field string }{
		{"", "CN-SC", "product.site_region"},
		{"CN-NM", "CN-SC", "electricity[0].geography"},
	} {
		rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: post(tc.region, tc.geo, "CPCD-17100H1682020A")})
		if rec.Code == 201 {
			t.Fatalf("site region %q, line in %s on Sichuan's grid: stored (%s); want 400 naming %s", tc.region, tc.geo, rec.Body, tc.field)
		}
		e := MustError(t, rec, 400, "invalid")
		if e.Error.Field != tc.field || !strings.Contains(e.Error.Message, "CN-") {
			t.Errorf("refused at %s: %s; want %s", e.Error.Field, e.Error.Message, tc.field)
		}
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: post("CN-NM", "CN-NM", "CPCD-17100H1852020A")}), 201)
	if v := st.review(t, st.apply(t, sd.ID)); len(reviewWarningsWith(v, "product.site", "")) != 0 {
		t.Errorf("the site's text names Inner Mongolia, the review warns at product.site: %+v", v.Review.Warnings)
	}

	// The region claimed Sichuan's, the site's text Inner Mongolia's: the
	// certifier's review says so, in Chinese and in English.
	sd = MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: post("CN-SC", "CN-SC", "CPCD-17100H1682020A")}), 201)
	if v := st.review(t, st.apply(t, sd.ID)); len(reviewWarningsWith(v, "product.site", "CN-SC (Sichuan, 四川)", "CN-SC(四川)")) != 1 {
		t.Errorf("a Baotou site claiming CN-SC: the review does not warn at product.site, bilingual: %+v", v.Review.Warnings)
	}
}

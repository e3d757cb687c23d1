package api_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// Ensure the upload form says where the production site's province
// (product.site_region, ISO 3166-2) goes, and the example study header it
// offers has it: the form named it nowhere, so a manufacturer on a
// provincial grid factor learnt of the field from a refusal only.
func TestWebStudyUpload_SiteRegion(t *testing.T) {
	st := newSeededStack(t)
	u := st.signedIn(t, asMaker)
	page := u.get("/work/studies").Body.String()
	hint := regexp.MustCompile(`(?s)<p class="hint" id="site-region-hint">.*?</p>`).FindString(page)
	for _, w := range []string{"product.site_region", "ISO 3166-2", "CN-SC", "省"} {
		if !strings.Contains(hint, w) {
			t.Errorf("the upload form's hint on the site's region %q lacks %q", hint, w)
		}
	}
	link := regexp.MustCompile(`<a href="(/assets/study-header-example\.[0-9a-f]+\.json)"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatal("the upload form has no example study header")
	}
	var header struct {
		Product struct {
			Site       string `json:"site"`
			SiteRegion string `json:"site_region"`
		} `json:"product"`
	}
	if err := json.Unmarshal(u.get(link[1]).Body.Bytes(), &header); err != nil {
		t.Fatal(err)
	}
	if header.Product.SiteRegion != "CN-SC" || !strings.Contains(header.Product.Site, "Sichuan") {
		t.Errorf("example header's product: %+v, want its Sichuan site with site_region CN-SC", header.Product)
	}
}

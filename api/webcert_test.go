package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
)

// Ensure the public registry lists certificates by their public facts,
// finds them by number (its detail page is the verification page),
// product code and holder, filters by live status, answers bad input with
// a 400 page naming the parameter, and shows nothing private: no
// certificate ID, no study, no supplier.
func TestWebCertificates_Registry(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")

	body := mustPage(t, st, "/certificates", 200)
	for _, want := range []string{
		`href="/certificates/` + fx.number + `"`, `data-status="valid"`, "示例组件厂", "kgCO2e/块组件", "HS:854143", "DEMO-M10-54",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("registry lacks %q", want)
		}
	}
	for _, private := range []string{fx.cert, fx.issuedStudy, fx.issuedApp, fx.study, "supplier", "GEC-FX"} {
		if strings.Contains(body, private) {
			t.Errorf("registry shows %q", private)
		}
	}

	// By number, from the home page's box: the verification page.
	rec := getHTML(t, st.srv, "/certificates?q="+strings.ToLower(fx.number))
	if rec.Code != 303 || rec.Header().Get("Location") != "/certificates/"+fx.number {
		t.Fatalf("search by number: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	body = mustPage(t, st, "/certificates/"+fx.number, 200)
	for _, want := range []string{`data-status="valid"`, "有效 · Valid", fx.number, "已验证 Verified", `aria-current="page">证书查询`} {
		if !strings.Contains(body, want) {
			t.Errorf("certificate page lacks %q", want)
		}
	}

	for _, tt := range []struct {
		target string
		found  bool
	}{
		{"/certificates?q=8541", true},
		{"/certificates?q=HS:854143", true},
		{"/certificates?product_code=9403", false},
		{"/certificates?q=示例组件", true},
		{"/certificates?holder=no+such+company", false},
		{"/certificates?status=valid", true},
		{"/certificates?status=suspended", false},
	} {
		body := mustPage(t, st, tt.target, 200)
		if got := strings.Contains(body, `href="/certificates/`+fx.number+`"`); got != tt.found {
			t.Errorf("%s: listed %v, want %v", tt.target, got, tt.found)
		}
		if !tt.found && !strings.Contains(body, "No certificate matches this search") {
			t.Errorf("%s: no word of an empty result", tt.target)
		}
	}

	// The status is live.
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["surveillance audit overdue"]}`)}); rec.Code != 200 {
		t.Fatalf("suspend: %d %s", rec.Code, rec.Body)
	}
	body = mustPage(t, st, "/certificates?status=suspended", 200)
	if !strings.Contains(body, `data-status="suspended"`) || !strings.Contains(body, fx.number) {
		t.Error("suspended certificate not listed as suspended")
	}
	if strings.Contains(mustPage(t, st, "/certificates?status=valid", 200), `href="/certificates/`+fx.number+`"`) {
		t.Error("suspended certificate listed as valid")
	}
	if body := mustPage(t, st, "/certificates/"+fx.number, 200); !strings.Contains(body, "surveillance audit overdue") {
		t.Error("the verification page does not give the reason")
	}

	// Bad input.
	for _, tt := range []struct{ target, field string }{
		{"/certificates?status=lost", "status"},
		{"/certificates?number=CDPCF-12", "number"},
		{"/certificates?product_code=XX:1", ""},
		{"/certificates?cursor=%ZZ", "cursor"},
	} {
		body := mustPage(t, st, tt.target, 400)
		if tt.field != "" && !strings.Contains(body, "["+tt.field+"]") {
			t.Errorf("%s: error page does not name %q", tt.target, tt.field)
		}
	}
	body = mustPage(t, st, "/certificates/CDPCF-2026-999999", 404)
	if !strings.Contains(body, "未找到该编号的证书") {
		t.Error("unknown number: no word that the label may not be genuine")
	}
	mustPage(t, st, "/certificates/not-a-number", 400)
}

// Ensure the registry spends the public-lookup budget, so that it cannot
// be walked faster than the verification endpoints.
func TestWebCertificates_RateLimited(t *testing.T) {
	st := newStack(t, nil)
	api.StopLookupClock(st.srv, time.Now())
	limited := false
	for range 40 {
		rec := getHTML(t, st.srv, "/certificates")
		if rec.Code == 429 {
			limited = true
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || rec.Header().Get("Retry-After") == "" {
				t.Fatalf("429: %v", rec.Header())
			}
			break
		}
	}
	if !limited {
		t.Fatal("40 registry searches in a row were not limited")
	}
}

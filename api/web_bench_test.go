package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkWebFactorSearch measures the factor search page, GET /factors,
// through ServeHTTP for a page of 50 rows (the default) from a published
// set of the seed's 137 factors plus 5,000 synthetic copies of them
// (about the size of the seed with the CPCD library): the query, the
// factor-set lookups for the form and the rendering in the layout. The
// API/… sub-benchmarks are the same queries as JSON (GET /v1/factors,
// limit=50), for what the page adds.
func BenchmarkWebFactorSearch(b *testing.B) {
	st := newSeededStack(b)
	for _, req := range []request{
		{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.9","based_on":"2026.1"}`)},
		{method: "POST", target: "/v1/factor-sets/2026.9/import", as: asAdmin, contentType: "text/csv", body: syntheticFactorsCSV(b, 5000, nil)},
		{method: "POST", target: "/v1/factor-sets/2026.9/publish", as: asAdmin},
	} {
		if rec := st.do(b, req); rec.Code/100 != 2 {
			b.Fatalf("%s: %d %s", req.target, rec.Code, rec.Body)
		}
	}
	for _, bm := range []struct{ name, target string }{
		{"FirstPage", "/factors?set=2026.9"},
		{"Text", "/factors?set=2026.9&q=aluminium"},
		{"CategoryGeography", "/factors?set=2026.9&category=electricity&geography=CN"},
		{"ProductCode", "/factors?set=2026.9&product_code=HS:7601"},
		{"API/FirstPage", "/v1/factors?set=2026.9&limit=50"},
		{"API/Text", "/v1/factors?set=2026.9&q=aluminium&limit=50"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", bm.target, nil)
			req.Header.Set("Accept", "text/html")
			rec := httptest.NewRecorder()
			st.srv.ServeHTTP(rec, req)
			rows := strings.Count(rec.Body.String(), `<td class="first"`)
			if strings.HasPrefix(bm.target, "/v1/") {
				rows = strings.Count(rec.Body.String(), `"code":`)
			}
			if rec.Code != 200 || rows != 50 {
				b.Fatalf("%s: %d, %d rows", bm.target, rec.Code, rows)
			}
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				st.srv.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}

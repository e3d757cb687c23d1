package api_test

import (
	"fmt"
	"testing"
)

// BenchmarkServer_StudyIndex measures GET /v1/studies through ServeHTTP: a
// full page (50) of the manufacturer's studies of n BOM lines each, the
// list a workbench or client reads.
func BenchmarkServer_StudyIndex(b *testing.B) {
	_, fs := MustOpenSeededFactors(b)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			st := newStack(b, fs)
			body := studyLines(b, n)
			for range 50 {
				st.do(b, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body})
			}
			if got := len(MustData[[]studyData](b, st.do(b, request{method: "GET", target: "/v1/studies?limit=50", as: asMaker}), 200)); got != 50 {
				b.Fatalf("%d studies listed, want 50", got)
			}
			benchRequest(b, st, request{method: "GET", target: "/v1/studies?limit=50", as: asMaker}, 200)
		})
	}
}

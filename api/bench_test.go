package api_test

import (
	"encoding/json"
	"fmt"
	"testing"
)

// study100 returns the demo PV module study with a flat BOM of n lines
// cycling through the demo's material factors, and no green-power
// instrument (so that any number of copies can be stored).
func studyLines(tb testing.TB, n int) []byte {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(pvStudy(tb, "unused"), &doc); err != nil {
		tb.Fatal(err)
	}
	materials := []string{"PV-GLASS-FLOAT", "PV-AL-PROFILE", "MAT-CU-CN"}
	bom := make([]any, n)
	for i := range bom {
		bom[i] = map[string]any{"name": fmt.Sprintf("part %d", i), "quantity": 0.01 * float64(i%7+1), "unit": "kg", "factor": materials[i%len(materials)], "stage": "A1"}
	}
	doc["bom"] = bom
	delete(doc["electricity"].([]any)[0].(map[string]any), "instruments")
	b, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkServer_IssueCertificate measures POST /v1/applications/{id}/issue
// through ServeHTTP: reading the study, assembling and signing the
// certificate, and storing it with its audit record. Each iteration issues
// one pending application prepared before the timer.
func BenchmarkServer_IssueCertificate(b *testing.B) {
	_, fs := MustOpenSeededFactors(b)
	st := newStack(b, fs)
	studyID := MustData[studyData](b, st.do(b, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: studyLines(b, 100)}), 201).ID
	cert := "" // each certificate supersedes the one before
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		app := st.applySuperseding(b, studyID, cert)
		b.StartTimer()
		rec := st.do(b, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert})
		if rec.Code != 201 {
			b.Fatalf("status=%d: %s", rec.Code, rec.Body)
		}
		b.StopTimer()
		var out struct{ Data issueData }
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			b.Fatal(err)
		}
		cert = out.Data.CertificateID
		b.StartTimer()
	}
}

// BenchmarkServer_StudyCreate measures POST /v1/studies with a study of n
// BOM lines through ServeHTTP.
func BenchmarkServer_StudyCreate(b *testing.B) {
	_, fs := MustOpenSeededFactors(b)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			st := newStack(b, fs)
			body := studyLines(b, n)
			b.ReportAllocs()
			start := processCPU()
			for b.Loop() {
				rec := st.do(b, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body})
				if rec.Code != 201 {
					b.Fatalf("status=%d: %s", rec.Code, rec.Body)
				}
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkServer_FactorByProductCode measures GET /v1/factors?product_code=
// through ServeHTTP.
func BenchmarkServer_FactorByProductCode(b *testing.B) {
	_, fs := MustOpenSeededFactors(b)
	st := newStack(b, fs)
	b.ReportAllocs()
	for b.Loop() {
		rec := st.do(b, request{method: "GET", target: "/v1/factors?product_code=8541"})
		if rec.Code != 200 {
			b.Fatalf("status=%d", rec.Code)
		}
	}
}

// BenchmarkServer_Calculation measures POST /v1/calculations with a study
// of n BOM lines through ServeHTTP: read the study, calculate, encode the
// result; nothing is stored.
func BenchmarkServer_Calculation(b *testing.B) {
	_, fs := MustOpenSeededFactors(b)
	st := newStack(b, fs)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			body := studyLines(b, n)
			b.ReportAllocs()
			start := processCPU()
			for b.Loop() {
				rec := st.do(b, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: body})
				if rec.Code != 200 {
					b.Fatalf("status=%d: %s", rec.Code, rec.Body)
				}
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkServer_StudyView measures GET /v1/studies/{id} of a stored study
// of n BOM lines through ServeHTTP: the summary, the study document and
// the result.
func BenchmarkServer_StudyView(b *testing.B) {
	_, fs := MustOpenSeededFactors(b)
	st := newStack(b, fs)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			id := MustData[studyData](b, st.do(b, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: studyLines(b, n)}), 201).ID
			b.ReportAllocs()
			start := processCPU()
			for b.Loop() {
				rec := st.do(b, request{method: "GET", target: "/v1/studies/" + id, as: asMaker})
				if rec.Code != 200 {
					b.Fatalf("status=%d: %s", rec.Code, rec.Body)
				}
			}
			reportCPU(b, start)
		})
	}
}

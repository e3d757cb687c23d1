package api_test

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Ensure POST /v1/calculations and POST /v1/studies answer the same study
// with the same summary and result, byte for byte, apart from what a
// preview by definition lacks: the stored study's id and created_at, which
// the preview leaves out rather than printing an empty ID and a zero time
// (issue 9 item 10). Before, the preview's kg_co2e had a floating-point
// tail (…00000000002) where the stored one was rounded as the result is.
func TestServer_PreviewSummaryEqualsStored(t *testing.T) {
	st := newSeededStack(t)
	body := pvStudy(t, "GEC-SUMMARY-1")
	preview := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: body})
	MustData[studyData](t, preview, 200)
	stored := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body})
	sd := MustData[studyData](t, stored, 201)

	var head struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(preview.Body.Bytes(), &head); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "created_at"} {
		if v, ok := head.Data[k]; ok {
			t.Errorf("preview has %s = %s, want it left out", k, v)
		}
	}
	if err := json.Unmarshal(stored.Body.Bytes(), &head); err != nil {
		t.Fatal(err)
	}
	// The stored answer without its id and created_at members is the
	// preview.
	want := stored.Body.Bytes()
	for _, k := range []string{"id", "created_at"} {
		member := append(append([]byte(`"`+k+`":`), head.Data[k]...), ',')
		if !bytes.Contains(want, member) {
			t.Fatalf("stored answer without %s", member)
		}
		want = bytes.Replace(want, member, nil, 1)
	}
	if !bytes.Equal(preview.Body.Bytes(), want) {
		t.Fatalf("preview and stored study differ:\npreview %.400s\nstored  %.400s", preview.Body, want)
	}
	if sd.ID == "" {
		t.Fatal("stored study without an id")
	}
}

package api_test

import (
	"bytes"
	"strings"
	"testing"
)

// Ensure the certifier's review of a study calculated on a supplier's
// PACT footprint, when its owner has since stored the footprint that
// replaces it (naming it in precedingPfIds), warns on the BOM line's
// supplier, naming the replacement, and does not warn before (red team
// 21: a new calculation refuses the replaced footprint; a stored study
// keeps its result).
func TestPACT_ReviewWarnsOfReplacedFootprint(t *testing.T) {
	st := newSeededStack(t)
	const oldID, newID = "3f0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "4f0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	up := func(doc []byte) {
		t.Helper()
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 201)
	}
	up(supplierDoc(oldID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RPL-REVIEW", "pact:"+oldID, "kg")}), 201)
	app := st.apply(t, sd.ID)
	replacedWarnings := func() []reviewWarning {
		t.Helper()
		var out []reviewWarning
		for _, w := range st.review(t, app).Review.Warnings {
			if strings.Contains(w.Message, "precedingPfIds") {
				out = append(out, w)
			}
		}
		return out
	}
	if w := replacedWarnings(); len(w) != 0 {
		t.Fatalf("a warning before any replacement: %+v", w)
	}

	replacing := bytes.Replace(supplierDoc(newID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"), []byte(`"status":"Active",`),
		[]byte(`"status":"Active","precedingPfIds":["`+oldID+`"],`), 1)
	up(replacing)
	w := replacedWarnings()
	if len(w) != 1 || !strings.HasSuffix(w[0].Path, ".supplier") ||
		!strings.Contains(w[0].Message, "Supplier's PACT footprint pact:"+oldID+" is replaced by pact:"+newID) || !strings.Contains(w[0].Message, "已被") {
		t.Errorf("review warnings %+v, want one on the line's supplier naming pact:%s", w, newID)
	}
}

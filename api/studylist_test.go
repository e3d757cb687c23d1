package api_test

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Ensure GET /v1/studies shows each study's headline figure and result
// digest, as GET /v1/studies/{id} gives them, and the rest of the single
// read's summary, field for field; not the study document, the result or
// the supplier warnings, which the single read has.
func TestStudyIndex_ShowsTheFigure(t *testing.T) {
	st := newSeededStack(t)
	ids := []string{st.submit(t, "GEC-IDX-1"), st.submit(t, "GEC-IDX-2")}
	list := MustData[[]map[string]json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asMaker}), 200)
	if len(list) != len(ids) {
		t.Fatalf("%d studies listed, want %d", len(list), len(ids))
	}
	for i, row := range list {
		one := MustData[map[string]json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/studies/" + ids[i], as: asMaker}), 200)
		for _, k := range []string{"id", "owner", "created_at", "title", "rule", "boundary", "declared_unit", "reference_period", "factor_set", "product", "kg_co2e", "result_digest"} {
			if len(one[k]) == 0 || !bytes.Equal(row[k], one[k]) {
				t.Errorf("study %d: %s listed %s, read alone %s", i, k, row[k], one[k])
			}
		}
		for _, k := range []string{"study", "result", "supplier_warnings"} {
			if row[k] != nil {
				t.Errorf("study %d: the list gives %s", i, k)
			}
		}
	}
}

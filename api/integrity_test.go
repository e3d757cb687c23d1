package api_test

import (
	"bytes"
	"strings"
	"testing"
)

// Ensure a study whose numbers overflow (issue 9 item 5) is refused with 400
// naming the line on both POST /v1/calculations and POST /v1/studies, and
// that nothing is stored: before, the preview answered 500 and the
// submission was stored with 201 and a total of 0. The same holds for a
// generation factor in the grid slot (item 2) and a zero quantity in a
// required stage (item 4): the engine refuses them for every caller.
func TestServer_IntegrityRefusedAndNothingStored(t *testing.T) {
	st := newSeededStack(t)
	body := pvStudy(t, "GEC-INTEGRITY-1")
	for _, tt := range []struct {
		name, old, new, field, message string
	}{
		{"HugeQuantity", `"quantity": 54,`, `"quantity": 1e308,`, "bom[1].quantity", "out of range"},
		{"ScrapAlmostAll", `"scrap_pct": 2.4,`, `"scrap_pct": 99.99999999,`, "bom[0].children[0].scrap_pct", "scrap rate"},
		{"TinyDeclaredUnit", `"declared_unit": {"amount": 1,`, `"declared_unit": {"amount": 5e-324,`, "declared_unit.amount", "out of range"},
		{"GenerationAsGrid", `"factor": "ELEC-CN-NAT-CF-2024"`, `"factor": "ELEC-CN-GEN-HYDRO-CF-2024"`, "electricity[0].factor", "generation"},
		{"ZeroModuleLineElectricity", `"quantity": 6.483,`, `"quantity": 0,`, "", "stage B2"},
		// A one-module BOM under a declared unit of 1000 modules: 0.150
		// kgCO2e per piece was certifiable.
		{"InflatedDeclaredUnit", `"declared_unit": {"amount": 1,`, `"declared_unit": {"amount": 1000,`, "declared_unit", "the bill of materials weighs 25.1978 kg per declared unit"},
		{"PerKWpWithPerModuleBOM", `"declared_unit": {"amount": 1, "unit": "piece"}`, `"declared_unit": {"amount": 1, "unit": "kWp"}`, "declared_unit", "less than 90 %"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(body, []byte(tt.old)) {
				t.Fatalf("demo study has no %s", tt.old)
			}
			bad := bytes.Replace(body, []byte(tt.old), []byte(tt.new), 1)
			before := st.certs.auditCount()
			for _, target := range []string{"/v1/calculations", "/v1/studies"} {
				e := MustError(t, st.do(t, request{method: "POST", target: target, as: asMaker, contentType: "application/json", body: bad}), 400, "invalid")
				if e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.message) {
					t.Errorf("%s: error %+v, want field %q and a message with %q", target, e.Error, tt.field, tt.message)
				}
			}
			if n := len(MustData[[]struct{}](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asReg}), 200)); n != 0 {
				t.Fatalf("a refused study was stored (%d studies)", n)
			}
			if got := st.certs.auditCount(); got != before {
				t.Fatalf("a refused study wrote %d audit events", got-before)
			}
		})
	}
	// The unchanged study is stored, with the serial the refusals never
	// claimed.
	MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body}), 201)
}

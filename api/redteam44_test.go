package api_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 44 (session 37): flattering numbers on a valid certificate.

// classifiedSupplierDoc is a supplier's PACT 3 footprint id per kilogram at
// figure, of product name, classified under the HS codes hs.
func classifiedSupplierDoc(id, name, figure string, hs ...string) []byte {
	cls := ""
	for i, c := range hs {
		if i > 0 {
			cls += ","
		}
		cls += `"urn:pact:wcoomd.org:hs-code:` + c + `"`
	}
	doc := footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", figure)
	for _, r := range [][2]string{
		{`"companyName":"Supplier AG"`, `"companyName":"Parts Co."`},
		{`"productDescription":"Junction box"`, `"productDescription":"` + name + `","productClassifications":[` + cls + `]`},
		{`"productNameCompany":"JB-1 junction box"`, `"productNameCompany":"` + name + `"`},
		{`company-id:1`, `company-id:parts`},
		{`product-id:JB-1`, `product-id:` + id[:8]},
	} {
		doc = bytes.Replace(doc, []byte(r[0]), []byte(r[1]), 1)
	}
	return doc
}

// Attack: a supplier's PACT footprint classified under a second code of a
// cheaper product. The engine compared a footprint with the lowest factor
// of the set meeting any of its codes; the demo module's cells as 0.66 kg
// of a cell maker's footprint at 2 kgCO2e/kg classified HS 854142 and HS
// 700510 (float glass) was compared with the glass (1.13 kgCO2e/kg), and
// the warning that no factor of the cells is per kg to compare it with,
// given under HS 854142 alone, was dropped: stored, applied for and issued
// (live: CDPCF-2026-000002) at 72.75 kgCO2e instead of 157.29 with the
// set's cells, on a review saying only that the cells are taken to be in a
// supplier footprint. The frame as a footprint at 1.4 kgCO2e/kg classified
// HS 760410 and HS 700510: 131.11 instead of 157.29 on an empty review.
//
// A correct service compares the footprint with the set's factors of what
// it stands for (the cells' codes on the cells' line; the highest floor of
// its codes otherwise) and warns at its line.
func TestRedteam44_SupplierClassifiedAsAnotherProductToo(t *testing.T) {
	st := newSeededStack(t)
	for i, tt := range []struct {
		id, name, figure string
		hs               []string
		line             func(kids []any, bom []any) map[string]any
		quantity         float64
		path, want       string
	}{
		{"44a0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "Mono PERC cells M10", "2.0", []string{"854142", "700510"},
			func(_, bom []any) map[string]any { return bom[1].(map[string]any) }, 0.66, "bom[1].supplier", "stands for a part rule pv-module requires"},
		{"44b0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "Aluminium frame profile", "1.4", []string{"760410", "700510"},
			func(kids, _ []any) map[string]any { return kids[1].(map[string]any) }, 1.57996, "bom[0].children[1].supplier", "below every factor of set 2026.1 of its product"},
	} {
		st.storeSupplierDoc(t, classifiedSupplierDoc(tt.id, tt.name, tt.figure, tt.hs...))
		doc := mustDoc(t, pvStudy(t, fmt.Sprintf("GEC-RT44-%d", i)))
		countPVExempted(doc)
		p := doc["product"].(map[string]any)
		p["model"] = fmt.Sprintf("%v-RT44-%d", p["model"], i)
		l := tt.line(doc["bom"].([]any)[0].(map[string]any)["children"].([]any), doc["bom"].([]any))
		delete(l, "factor")
		l["supplier"], l["quantity"], l["unit"] = "pact:"+tt.id, tt.quantity, "kg"
		sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
		app := st.apply(t, sd.ID)
		v := st.review(t, app)
		if len(reviewWarningsWith(v, tt.path, tt.want)) != 1 {
			issued := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
			t.Errorf("the demo module with its %s as a PACT footprint at %s kgCO2e/kg classified HS %v: certificate %s issued at %.2f kgCO2e (157.29 with the set's factors), no warning at %s containing %q (review warnings %+v)",
				tt.name, tt.figure, tt.hs, issued.Number, issued.KgCO2e, tt.path, tt.want, v.Review.Warnings)
		}
	}
}

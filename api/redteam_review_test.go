package api_test

import (
	"strings"
	"testing"
)

// Ensure the certifier sees it when an organisation applies for a product
// that another organisation already holds a valid certificate for, under
// that organisation's name as manufacturer. The study's
// product.manufacturer is free text: Other Maker Ltd. stored the demo
// study (manufacturer "Demo Module Co. (示例组件厂)", model DEMO-M10-54)
// and the running service certified it (CDPCF-2026-000003, holder Other
// Module Co., manufacturer Demo Module Co.) beside Demo Module Co.'s own
// valid certificate for the model, with an empty review: a competitor's
// product certified under its name, or the same product twice with two
// figures.
func TestRedteam_ReviewShowsAnotherHoldersModel(t *testing.T) {
	t.Skip("redteam: another organisation certifies a product under a manufacturer name and model that a valid certificate of another holder already covers; the review shows nothing")
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	study := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json",
		body: pvStudy(t, "GEC-RT-IMP-1")}), 201).ID
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
		body: []byte(`{"study_id":"` + study + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	v := MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
	if v.Review == nil {
		t.Fatal("no review")
	}
	for _, w := range v.Review.Warnings {
		if strings.Contains(w.Message, "DEMO-M10-54") || strings.Contains(w.Message, "manufacturer") {
			return
		}
	}
	t.Fatalf("review of %s's application for model DEMO-M10-54 (certificate %s of %s is valid) has no warning: %+v", orgMaker2, fx.cert, orgMaker, v.Review.Warnings)
}

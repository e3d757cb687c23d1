package api_test

import (
	"encoding/json"
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
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	study := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json",
		body: setModel(pvStudy(t, "GEC-RT-IMP-1"), demoModel("GEC-FX-2"))}), 201).ID // the model of fx.cert
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

// Ensure the certifier's review says what each supplier certificate is a
// certificate of. A study line takes its figure from any valid
// certificate whose declared unit has the line's dimension, and the review
// listed only the supplier's number, holder and status. On the running
// service, Other Module Co. certified a "mini module" of 0.148 kgCO2e per
// piece (a demo module scaled down 1000 times, CDPCF-2026-000006) and used
// it for the line "Solar cells, mono-Si M10" (54 pieces) of its full-size
// module: the cells fell from 86 to 8 kgCO2e and the study from 150 to 79
// kgCO2e, and the review showed {"number":"CDPCF-2026-000006","holder":
// "Other Module Co.","status":"valid"}, nothing telling a module from a
// cell, nor that the applicant is its own supplier.
func TestRedteam_ReviewShowsSupplierProduct(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	supplier := MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asMaker}), 200)
	_, app := st.applyAsOther(t, withBOMLines(t, pvStudy(t, "GEC-RT-SUP-1"), suppliedLine("Solar cells (supplier)", supplier.Number)))
	v := MustData[struct {
		Review struct {
			Suppliers []map[string]any `json:"suppliers"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
	if len(v.Review.Suppliers) != 1 {
		t.Fatalf("suppliers %+v", v.Review.Suppliers)
	}
	b, err := json.Marshal(v.Review.Suppliers[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DEMO-M10-54", "bom["} {
		if !strings.Contains(string(b), want) {
			t.Errorf("review's supplier entry lacks %q (the certified product's model, the lines that use it): %s", want, b)
		}
	}
}

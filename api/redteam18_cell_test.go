package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 18: a PV cell (HS 854142) certified under the electronics rule
// from metallurgical-grade silicon, through the API (the engine-level case
// is footprint's TestRedteam18_PVCellUnderElectronicsWithoutItsSilicon).
// The demo laptop study made a study of one cell: 12.2 g of PV-MGSI-CN
// (11.3 kgCO2e/kg, silicon before purification, ingot, wafer and cell
// processing), 0.05 kWh of cell-line electricity, a use stage of 0.001 kWh.
// It is stored, applied for and issued at 0.17 kgCO2e per cell, the review
// holding no warning, where the set's own factor of the product
// (PV-CELL-MONO182, HS 854142) is 1.59 per cell. A correct service refuses
// the study (400 naming rule or bom) or warns in the review naming the
// set's factor of the product's own code.
func TestRedteam18_PVCellCertifiedUnderElectronics(t *testing.T) {
	st := newSeededStack(t)
	doc := seedtest.CellStudyDoc(t, "Demo Cell Co.")
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)})
	if rec.Code == 400 {
		return // refused
	}
	id := MustData[studyData](t, rec, 201).ID
	app := st.apply(t, id)
	warnings := st.review(t, app).Review.Warnings
	for _, w := range warnings {
		if strings.Contains(w.Message, "PV-CELL-MONO182") || strings.Contains(w.Message, "854142") {
			return // warned
		}
	}
	issued := st.do(t, st.issueReq(t, app, ""))
	t.Fatalf("a PV cell from metallurgical silicon under electronics: review without a word of the set's 1.59 kgCO2e cell factor (warnings: %v), issue %d %.200s", warnings, issued.Code, issued.Body)
}

package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 40 (session 35): flattering numbers on a valid certificate.

// glassFootprintID is the PACT footprint of a module's front glass.
const glassFootprintID = "6e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"

// glassSupplierDoc is a glass maker's PACT 3 footprint of tempered solar
// glass, classified HS 700719, at the set's own PV-GLASS-TEMPERED figure
// (1.475 kgCO2e/kg): honest primary data, no flattering figure of its own.
func glassSupplierDoc() []byte {
	doc := footprinttest.SupplierPACT3(glassFootprintID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "1.475")
	for _, r := range [][2]string{
		{`"companyName":"Supplier AG"`, `"companyName":"Solar Glass Co."`},
		{`"productDescription":"Junction box"`, `"productDescription":"Tempered solar glass, 3.2 mm","productClassifications":["urn:pact:wcoomd.org:hs-code:700719"]`},
		{`"productNameCompany":"JB-1 junction box"`, `"productNameCompany":"SG-32 tempered solar glass"`},
		{`product-id:JB-1`, `product-id:SG-32`},
		{`company-id:1`, `company-id:glass`},
	} {
		doc = bytes.Replace(doc, []byte(r[0]), []byte(r[1]), 1)
	}
	return doc
}

// glassModuleStudy is the demo PV module (its own serial and model) with
// its area declared areaM2, its encapsulant and backsheet counted at the
// average-plastics factor they were screened with, 5 g of recycled
// aluminium fasteners added and its front glass as glassRef: a supplier's
// footprint ("pact:…") or a factor code.
func glassModuleStudy(t *testing.T, serial, glassRef string, areaM2 float64) []byte {
	t.Helper()
	doc := mustDoc(t, pvStudy(t, serial))
	doc["product"].(map[string]any)["area_m2"] = areaM2
	kids := doc["bom"].([]any)[0].(map[string]any)["children"].([]any)
	glass := kids[0].(map[string]any)
	delete(glass, "factor")
	if strings.HasPrefix(glassRef, "pact:") {
		glass["supplier"] = glassRef
	} else {
		glass["factor"] = glassRef
	}
	countPVExempted(doc)
	doc["bom"] = append(doc["bom"].([]any), map[string]any{"name": "Junction box fasteners (recycled aluminium)", "quantity": 0.005, "unit": "kg", "stage": "A1", "factor": "PV-AL-RECYCLED"})
	return seedtest.MustMarshal(t, doc)
}

// countPVExempted counts the demo PV module's encapsulant and backsheet
// (in doc, its JSON) at the average-plastics factor they are screened with.
func countPVExempted(doc map[string]any) {
	for _, k := range doc["bom"].([]any)[0].(map[string]any)["children"].([]any)[2:4] {
		l := k.(map[string]any)
		l["factor"] = l["exempt"].(map[string]any)["screening_factor"]
		delete(l, "exempt")
	}
}

// perUnit returns a stored study's result figure per unit u (e.g. "m²").
func perUnit(t *testing.T, sd studyData, u string) float64 {
	t.Helper()
	var res struct {
		PerUnit []struct {
			Unit   string  `json:"unit"`
			KgCO2e float64 `json:"kgco2e"`
		} `json:"per_unit"`
	}
	if err := json.Unmarshal(sd.Result, &res); err != nil {
		t.Fatal(err)
	}
	for _, p := range res.PerUnit {
		if p.Unit == u {
			return p.KgCO2e
		}
	}
	t.Fatalf("no figure per %s in %s", u, sd.Result)
	return 0
}

// Attack: a PV module's area inflated beyond what its glass allows, the
// glass bought with its maker's PACT footprint. A module whose bill of
// materials holds glass weighs at least 10 kg/m² (Martins et al., 2019):
// the demo module (25.857 kg) declared on 4.3 m² (6.01 kg/m², just above
// the lightest glass-free module's 6) has its per-m² figure, signed and
// printed on its certificate, fall from 80.55 to 36.6 kgCO2e, and with the
// set's glass factor the review warns at product.area_m2. With the glass
// as a PACT footprint of tempered solar glass (HS 700719) at the set's own
// 1.475 kgCO2e/kg, the engine counted only factor lines as glass: the
// module was reviewed without the warning and certified at 37.1 kgCO2e per
// m² of a 1.95 m² module.
//
// A correct service warns the certifier whichever way the glass enters the
// bill of materials.
func TestRedteam40_GlassFromASupplierHidesAnInflatedArea(t *testing.T) {
	st := newSeededStack(t)
	st.storeSupplierDoc(t, glassSupplierDoc())
	areaWarned := func(app string) bool {
		for _, w := range st.review(t, app).Review.Warnings {
			if w.Path == "product.area_m2" && strings.Contains(w.Message, "holds glass") {
				return true
			}
		}
		return false
	}
	// The same module with the set's glass factor: warned.
	honest := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: glassModuleStudy(t, "GEC-RT40-A", "PV-GLASS-TEMPERED", 4.3)}), 201)
	if !areaWarned(st.apply(t, honest.ID)) {
		t.Fatal("the demo module on 4.3 m² with glass at PV-GLASS-TEMPERED: no warning at product.area_m2 in the review")
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: glassModuleStudy(t, "GEC-RT40-B", "pact:"+glassFootprintID, 4.3)}), 201)
	app := st.apply(t, sd.ID)
	if areaWarned(app) {
		return
	}
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	t.Errorf("the demo module declared on 4.3 m² (6.01 kg/m²) with its front glass as a PACT footprint of tempered glass (HS 700719): certificate %s issued at %.2f kgCO2e, %.2f per m² (80.55 on its 1.95 m²), no warning at product.area_m2 in the review",
		issued.Number, issued.KgCO2e, perUnit(t, sd, "m²"))
}

// radioStudy is the demo laptop's inventory, its exempted lines counted at
// their screening factors, as a product of HS code code, with or without
// its circuit boards (bom[3]).
func radioStudy(t *testing.T, code string, boards bool) []byte {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "laptop"))
	p := doc["product"].(map[string]any)
	p["product_codes"], p["model"], p["name"], p["name_zh"] = []any{"HS:" + code}, "RC-"+code, "Demo radio remote controller", "示例无线电遥控器"
	bom := doc["bom"].([]any)
	for _, l := range bom {
		if x, ok := l.(map[string]any)["exempt"].(map[string]any); ok {
			l.(map[string]any)["factor"] = x["screening_factor"]
			delete(l.(map[string]any), "exempt")
		}
	}
	if !boards {
		doc["bom"] = append(bom[:3:3], bom[4:]...)
	}
	return seedtest.MustMarshal(t, doc)
}

// Attack: radio apparatus without its electronics. The electronics rule
// asks the circuit boards of the product classes that always carry them
// (red team 9: computers, telephones, monitors, cameras and transmitters,
// printers, video recorders, radio receivers), so the demo laptop without
// its logic board is refused under any of them. Radar, radio navigation
// and radio remote control apparatus (HS 8526, the heading between
// transmitters, 8525, and receivers, 8527), electronic calculators (HS
// 847010, 847021, 847029) and solid-state storage devices (HS 852351)
// were not among them: the same inventory as a radio remote controller
// (HS 852692) was stored, applied for and certified at 119.35 kgCO2e, the
// 66.1 kgCO2e of its board gone, with no warning but the rule's request
// for site electricity.
//
// A correct service refuses these products without their boards, as the
// other classes that always carry them.
func TestRedteam40_RadioApparatusWithoutItsBoards(t *testing.T) {
	st := newSeededStack(t)
	for _, code := range []string{"852692", "852691", "852610", "847010", "847021", "847029", "852351"} {
		rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: radioStudy(t, code, false)})
		if rec.Code == 400 {
			var e errorJSON
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code != "invalid" || e.Error.Field != "bom" || !strings.Contains(e.Error.Message, "circuit boards") {
				t.Errorf("HS %s without boards: refused, but not naming bom's circuit boards: %s", code, rec.Body)
			}
			continue
		}
		sd := MustData[studyData](t, rec, 201)
		issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, sd.ID), "")), 201)
		t.Errorf("HS %s, the demo laptop's inventory without its circuit boards: stored, applied for and certified as %s at %.2f kgCO2e; want 400 naming bom",
			code, issued.Number, issued.KgCO2e)
	}
	// With its board, the remote controller is stored as before.
	MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: radioStudy(t, "852692", true)}), 201)
}

// Attack: a PV module's cells counted as the polysilicon (or the wafers)
// they are made of. The pv-module rule's required part is the cells "or
// the wafers or polysilicon they are made of", as the PV module guideline's
// stage A1 lists them, for a maker that makes its own cells: then the
// ingot, wafer and cell lines are its own processes, in its electricity.
// The demo module (its cells 54 × PV-CELL-MONO182, 1.59 kgCO2e each) with
// its encapsulant and backsheet counted, and its cells as the 0.66 kg of
// silicon they hold, at PV-GRANSI-CN (34.3 kgCO2e/kg, before ingot, wafer
// and cell), and nothing but its 6.48 kWh of module-line electricity, was
// stored, applied for and certified at 94.05 kgCO2e instead of 157.29
// (−40 %), and as 54 wafers (PV-WAFER-MONO182) at 142.71, with no word in
// the review that the cells' making is missing.
//
// A correct service tells the certifier that the part is counted only as
// what it is made from, naming the factor and the study's electricity.
func TestRedteam40_CellsCountedAsTheirSilicon(t *testing.T) {
	st := newSeededStack(t)
	for i, tt := range []struct {
		factor, unit string
		q            float64
	}{
		{"PV-GRANSI-CN", "kg", 0.66},
		{"PV-WAFER-MONO182", "piece", 54},
	} {
		doc := mustDoc(t, pvStudy(t, fmt.Sprintf("GEC-RT40-C%d", i)))
		countPVExempted(doc)
		cells := doc["bom"].([]any)[1].(map[string]any)
		cells["factor"], cells["unit"], cells["quantity"] = tt.factor, tt.unit, tt.q
		sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
		app := st.apply(t, sd.ID)
		v := st.review(t, app)
		if len(reviewWarningsWith(v, "bom", "counted only as what they are made from", tt.factor, "6.483 kWh per declared unit")) == 1 {
			continue
		}
		issued := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
		t.Errorf("the demo module's cells as %v %s of %s: certificate %s issued at %.2f kgCO2e (157.29 with its cells), no warning that the cells' making is the study's own (review warnings %+v)",
			tt.q, tt.unit, tt.factor, issued.Number, issued.KgCO2e, v.Review.Warnings)
	}
}

// Attack: the same inflated area on the CPCD factor set. CPCD files its
// sheet glass (平板玻璃, 浮法玻璃, 夹层玻璃, 钢化玻璃) under UN CPC subclasses
// 37112-37117 and carries no HS code, so no line of a study pinned to
// CPCD-2026.03 was glass to the engine: the demo module on that set (its
// front glass CPCD-37112X0012018C, 平板玻璃) declared on 4.3 m² was
// certified at 65.3 kgCO2e per m² instead of 143.8 on its 1.95 m², the
// review empty of any word on its area.
func TestRedteam40_CPCDGlassHidesAnInflatedArea(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	doc := mustDoc(t, pvStudy(t, "GEC-RT40-D"))
	seedtest.PinToCPCDYunnan(doc)
	doc["product"].(map[string]any)["area_m2"] = 4.3
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
	app := st.apply(t, sd.ID)
	v := st.review(t, app)
	if len(reviewWarningsWith(v, "product.area_m2", "holds glass")) == 1 {
		return
	}
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	t.Errorf("the demo module pinned to %s, its glass CPCD-37112X0012018C, declared on 4.3 m² (6.01 kg/m²): certificate %s issued at %.2f kgCO2e, %.2f per m², no warning at product.area_m2 (review warnings %+v)",
		"CPCD-2026.03", issued.Number, issued.KgCO2e, perUnit(t, sd, "m²"), v.Review.Warnings)
}

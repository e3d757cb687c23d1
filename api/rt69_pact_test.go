package api_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Red team 69 (session 45): the PACT exchange both ways.

const rt69Credit, rt69Piece, rt69Twice = "69000001-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "69000002-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "69000003-1d2f-4a3b-9c8d-7e6f5a4b3c2d"

// rt69Credit3 is the junction box's PACT 3 footprint id at figure, stated
// by the CCU credit approach with a credit certification.
func rt69Credit3(id, figure string) []byte {
	return bytes.Replace(footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", figure),
		[]byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","ccuCarbonContent":"0.3","ccuCalculationApproach":"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), 1)
}

// Ensure a supplier's PACT 3 footprint by the CCU credit approach
// (ccuCalculationApproach "Credit": its figure nets a credit for captured
// carbon from an external bookkeeping scheme, by an amount the document
// does not state) is refused on upload and on fetch, naming
// pact_footprint.pcf.ccuCalculationApproach in Chinese and English,
// nothing stored; and that one stored before (the store takes it as it
// did) carries a warning, in both languages, on its BOM line in the
// certifier's review of a study calculated before, and is not used by a
// new calculation (400 naming the line: TestPACT2_NewCalculationOnStoredCCUCredit).
// Before, it was uploaded (201), fetched (201) and the review said nothing
// of it (red teams 58 and 64 left it).
func TestRedteam69_CCUCreditFootprint(t *testing.T) {
	st := newSeededStack(t)
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: rt69Credit3(rt69Credit, "0.5")}), 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.ccuCalculationApproach" || !strings.Contains(e.Error.Message, "CCU 抵扣法") || !strings.Contains(e.Error.Message, "cut-off approach") {
		t.Fatalf("upload: %+v, want pact_footprint.pcf.ccuCalculationApproach, in Chinese and English", e.Error)
	}
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("audit events %d → %d: something was stored", before, n)
	}
	// Fetched from the supplier's host: refused likewise.
	ts := newSupplierHost(t, rt69Credit3(rt69Credit, "0.5"))
	st.registerSupplier(t, ts, "ccu-supplier", ts.URL)
	if e := MustError(t, st.fetchPACT(t, asMaker, "ccu-supplier", rt69Credit), 400, "invalid"); e.Error.Field != "pact_footprint.pcf.ccuCalculationApproach" {
		t.Fatalf("fetch: %+v, want pact_footprint.pcf.ccuCalculationApproach", e.Error)
	}
	if n := st.certs.auditCount(); n != before+1 { // the endpoint's registration
		t.Fatalf("audit events %d → %d: want the registration only", before, n)
	}

	// One stored before the check, under a study calculated and applied
	// for before it: the review warns on its line. A new calculation on
	// it is refused (pact2).
	maker := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: orgMaker, Role: access.RoleManufacturer})
	credit := rt69Credit3(rt69Credit, "0.5")
	if _, _, err := st.certs.SaveSupplierFootprint(maker, bytes.Replace(credit, []byte(`"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), []byte(`"Cut-off"`), 1), ""); err != nil {
		t.Fatal(err)
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-1", "pact:"+rt69Credit, "kg")}), 201)
	app := st.apply(t, sd.ID)
	pact2StoreBefore(t, st, rt69Credit, credit)
	line := fmt.Sprintf("bom[%d].supplier", len(mustDoc(t, pvStudy(t, "GEC-RT69-1"))["bom"].([]any)))
	if e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-1B", "pact:"+rt69Credit, "kg")}), 400, "invalid"); e.Error.Field != line || !strings.Contains(e.Error.Message, `ccuCalculationApproach "Credit"`) {
		t.Fatalf("a new study on it: %+v, want 400 on %s naming the credit approach", e.Error, line)
	}
	v := st.review(t, app)
	got := reviewWarningsWith(v, line, "pact:"+rt69Credit, `ccuCalculationApproach "Credit"`, "https://registry.example/ccu/77", "GB/T 24067", "cut-off approach")
	if len(got) != 1 || !strings.Contains(got[0].MessageZH, "CCU 抵扣法") || !strings.Contains(got[0].MessageZH, "https://registry.example/ccu/77") {
		t.Fatalf("review warnings %+v: want one on %s naming the credit approach, in Chinese and English", v.Review.Warnings, line)
	}
	// A footprint by the cut-off approach is read and warned of as before.
	cut := bytes.Replace(rt69Credit3(rt69Piece, "0.5"), []byte(`"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), []byte(`"Cut-off"`), 1)
	// A credit certification is a credit, whatever the approach beside it.
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json",
		body: bytes.Replace(rt69Credit3(rt69Piece, "0.5"), []byte(`"Credit"`), []byte(`"Cut-off"`), 1)}), 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.ccuCalculationApproach" {
		t.Fatalf("cut-off with a credit certification: %+v", e.Error)
	}
	st.storeSupplierDoc(t, cut)
	sd = MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-2", "pact:"+rt69Piece, "kg")}), 201)
	v = st.review(t, st.apply(t, sd.ID))
	if got := reviewWarningsWith(v, line, "ccuCalculationApproach"); len(got) != 0 {
		t.Fatalf("cut-off approach warned: %+v", got)
	}
}

// Ensure the upload refuses a PACT 2 document "per piece" (PACT 2's
// declaredUnit has no piece), naming pact_footprint.pcf.declaredUnit;
// before, it was stored and read as PACT 3 reads "piece". The same
// footprint as PACT 3 is stored.
func TestRedteam69_V2PieceUploadRefused(t *testing.T) {
	st := newSeededStack(t)
	v2 := bytes.Replace(footprinttest.SupplierPACT2(rt69Piece, 1, "1.2"), []byte(`"kilogram"`), []byte(`"piece"`), 1)
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: v2}), 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.declaredUnit" || !strings.Contains(e.Error.Message, "PACT 2 has no declaredUnit \"piece\"") || !strings.Contains(e.Error.Message, "PACT 2 的 declaredUnit 没有") {
		t.Fatalf("%+v, want pact_footprint.pcf.declaredUnit, in Chinese and English", e.Error)
	}
	v3 := bytes.Replace(footprinttest.SupplierPACT3(rt69Piece, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "1.2"), []byte(`"kilogram"`), []byte(`"piece"`), 1)
	st.storeSupplierDoc(t, v3)
}

// Ensure the upload refuses a document giving the figure's member twice
// in two cases ("pcfExcludingBiogenicUptake" 0.42, then
// "PcfExcludingBiogenicUptake" 42.0, which encoding/json reads), naming
// the member, in Chinese and English, nothing stored. Before, it was
// stored at 0.42 (red team 58 refused it in pcf verify --pact only).
func TestRedteam69_FigureInAnotherCaseRefusedOnUpload(t *testing.T) {
	st := newSeededStack(t)
	doc := bytes.Replace(footprinttest.SupplierPACT3(rt69Twice, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42"),
		[]byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","PcfExcludingBiogenicUptake":"42.0"`), 1)
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.PcfExcludingBiogenicUptake" || !strings.Contains(e.Error.Message, "仅大小写不同") || !strings.Contains(e.Error.Message, "encoding/json reads them as one") {
		t.Fatalf("%+v, want the member named, in Chinese and English", e.Error)
	}
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("audit events %d → %d: something was stored", before, n)
	}
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-3", "pact:"+rt69Twice, "kg")}), 400, "invalid")
	if !strings.Contains(e.Error.Message, "not found") {
		t.Fatalf("a study naming the refused footprint: %+v", e.Error)
	}
	// Fetched: the same document is refused.
	ts := newSupplierHost(t, doc)
	st.registerSupplier(t, ts, "twice", ts.URL)
	if rec := st.fetchPACT(t, asMaker, "twice", rt69Twice); rec.Code != 400 {
		t.Fatalf("fetch: %d %s, want 400", rec.Code, rec.Body)
	}
}

// Ensure the review warns, in both languages and on the BOM line, of a
// supplier's PACT 2 footprint whose figure including biogenic emissions
// (pCfIncludingBiogenic) is above the figure the study uses
// (pCfExcludingBiogenic, which leaves biogenic CO2 emissions out, where
// GB/T 24067 and ISO 14067 count them). Before, the review showed both
// figures (red team 16) and warned of nothing: a junction box of 2.0
// stating 20.0 including biogenic emissions. One stating less including
// them (a biogenic carbon withdrawal) is not warned of.
func TestRedteam69_V2BiogenicLeftOutWarned(t *testing.T) {
	st := newSeededStack(t)
	const more, less = "69000004-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "69000005-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	v2 := func(id, inc string) []byte {
		return bytes.Replace(footprinttest.SupplierPACT2(id, 1, "2.0"), []byte(`"pCfExcludingBiogenic":"2.0",`), []byte(`"pCfExcludingBiogenic":"2.0","pCfIncludingBiogenic":"`+inc+`",`), 1)
	}
	st.storeSupplierDoc(t, v2(more, "20.0"))
	st.storeSupplierDoc(t, v2(less, "1.5"))
	line := func(ref string) map[string]any {
		return map[string]any{"name": "Frame (supplier's PACT footprint)", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": ref}
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: withBOMLines(t, pvStudy(t, "GEC-RT69-5"), line("pact:"+more), line("pact:"+less))}), 201)
	v := st.review(t, st.apply(t, sd.ID))
	n := len(mustDoc(t, pvStudy(t, "GEC-RT69-5"))["bom"].([]any))
	got := reviewWarningsWith(v, fmt.Sprintf("bom[%d].supplier", n), "pact:"+more, "pCfIncludingBiogenic", "20", "900.0 %", "GB/T 24067", "生物源排放")
	if len(got) != 1 {
		t.Fatalf("review warnings %+v: want one on bom[%d].supplier of the biogenic emissions left out", v.Review.Warnings, n)
	}
	if got := reviewWarningsWith(v, fmt.Sprintf("bom[%d].supplier", n+1), "pCfIncludingBiogenic"); len(got) != 0 {
		t.Fatalf("a figure including biogenic below the one used warned: %+v", got)
	}
}

// Ensure a supplier's PACT footprint by the CCU credit approach that the
// service fetched before the check is not applied for: asked again at the
// application (red team 55's re-read), the host's document fails the
// checks, 409 naming the line, in both languages. Before, the host serving
// the same document was "as stored" and the application was made. (The
// study is calculated before the document is stored as the host serves
// it: a new calculation on it is refused since pact2.)
func TestRedteam69_FetchedCCUCreditNotAppliedFor(t *testing.T) {
	st := newSeededStack(t)
	doc := rt69Credit3(rt69Credit, "0.5")
	ts := newSupplierHost(t, doc)
	st.registerSupplier(t, ts, "ccu-supplier", ts.URL)
	maker := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: orgMaker, Role: access.RoleManufacturer})
	cut := bytes.Replace(doc, []byte(`"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), []byte(`"Cut-off"`), 1)
	if _, _, err := st.certs.SaveFetchedFootprint(maker, cut, ts.URL+"/3/footprints/"+rt69Credit, "maker"); err != nil {
		t.Fatal(err)
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-6", "pact:"+rt69Credit, "kg")}), 201)
	pact2StoreBefore(t, st, rt69Credit, doc)
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + sd.ID + `","certifier":"` + orgCertifier + `"}`)}), 409, "conflict")
	line := fmt.Sprintf("bom[%d].supplier", len(mustDoc(t, pvStudy(t, "GEC-RT69-6"))["bom"].([]any)))
	if e.Error.Field != line || !strings.Contains(e.Error.Message, "fails the checks") || !strings.Contains(e.Error.Message, "CCU") || !strings.Contains(e.Error.Message, "不能通过检查") {
		t.Fatalf("%+v, want 409 on %s: the host's document fails the checks (CCU credit), in both languages", e.Error, line)
	}
}

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
)

type reviewCert struct {
	Ref          string `json:"ref"`
	ID           string `json:"id"`
	Number       string `json:"number"`
	Status       string `json:"status"`
	StatusReason string `json:"status_reason"`
}

type reviewWarning struct {
	Path      string `json:"path"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh"`
}

// reviewPACT is a supplier's PACT footprint in the certifier's review.
type reviewPACT struct {
	Ref         string  `json:"ref"`
	ID          string  `json:"id"`
	SpecVersion string  `json:"spec_version"`
	Version     *int    `json:"version"`
	Supplier    string  `json:"supplier"`
	Product     string  `json:"product"`
	KgCO2e      float64 `json:"kg_co2e"`
	Unit        string  `json:"unit"`
	Status      string  `json:"status"`
	FetchedFrom string  `json:"fetched_from"`
	UploadedBy  string  `json:"uploaded_by"`

	FossilKgCO2e            *float64 `json:"fossil_kg_co2e"`
	IncludingBiogenicKgCO2e *float64 `json:"including_biogenic_kg_co2e"`
	RemovalsKgCO2e          *float64 `json:"removals_kg_co2e"`
	ExemptedEmissionsPct    *float64 `json:"exempted_emissions_pct"`
	BoundaryProcesses       string   `json:"boundary_processes"`
}

type appReview struct {
	ID     string `json:"id"`
	Review *struct {
		Warnings   []reviewWarning `json:"warnings"`
		Suppliers  []reviewCert    `json:"suppliers"`
		Supersedes *reviewCert     `json:"supersedes"`
		PACT       []reviewPACT    `json:"pact_footprints"`
	} `json:"review"`
	Study *studyData `json:"study"`
}

// review reads an application as its certifier.
func (st *stack) review(tb testing.TB, app string) appReview {
	tb.Helper()
	return MustData[appReview](tb, st.do(tb, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
}

// resultSupplier is a supplier's footprint in a study result.
type resultSupplier struct {
	ID              string  `json:"id"`
	Supplier        string  `json:"supplier"`
	KgCO2e          float64 `json:"kgco2e"`
	Contribution    float64 `json:"contribution_kgco2e"`
	PACTSpecVersion string  `json:"pact_spec_version"`
}

// mustResultSuppliers returns the suppliers of a study's result.
func mustResultSuppliers(tb testing.TB, sd studyData) []resultSupplier {
	tb.Helper()
	var res struct {
		Suppliers []resultSupplier `json:"suppliers"`
	}
	if err := json.Unmarshal(sd.Result, &res); err != nil {
		tb.Fatal(err)
	}
	return res.Suppliers
}

// Ensure the certifier's view of an application (GET /v1/applications/{id})
// shows every warning of the result, every supplier certificate the study
// uses with its live status, and the lineage: the certificate a new one
// would supersede with its live status (issue 9: "the certifier's view of
// an application shows every warning, every supplier status and the
// lineage"). Both statuses are read when the view is, so a withdrawal after
// the application shows.
func TestServer_ApplicationReview(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	supplier := MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asMaker}), 200)

	// orgMaker2's study uses fx.cert as a supplier certificate, by number.
	// Its instrument's period starts a month before the reference period:
	// a warning (only the share inside counts).
	// It names its own maker (the demo's, "Demo Module Co. (示例组件厂)", is
	// another registered organisation, which the review would name).
	b := bytes.Replace(pvStudy(t, "GEC-REVIEW-1"), []byte(`"period": {"start": "2025-01-01"`), []byte(`"period": {"start": "2024-12-01"`), 1)
	b = bytes.Replace(b, []byte(`"Demo Module Co. (示例组件厂)"`), []byte(`"`+orgMaker2+`"`), 1)
	_, buyerApp := st.applyAsOther(t, withBOMLines(t, b, suppliedLine("supplied junction box", supplier.Number)))
	// orgMaker applies for a new certificate of the certified study: it
	// supersedes fx.cert.
	lineageApp := st.applySuperseding(t, fx.issuedStudy, fx.cert)

	view := func(app string) appReview {
		t.Helper()
		v := st.review(t, app)
		if v.Review == nil || v.Study == nil {
			t.Fatalf("view of %s without review or study", app)
		}
		return v
	}

	v := view(buyerApp)
	var result struct {
		Warnings []reviewWarning `json:"warnings"`
	}
	if err := json.Unmarshal(v.Study.Result, &result); err != nil {
		t.Fatal(err)
	}
	if len(result.Warnings) == 0 || !reflect.DeepEqual(v.Review.Warnings, result.Warnings) {
		t.Fatalf("review warnings %+v, want the result's %+v", v.Review.Warnings, result.Warnings)
	}
	if len(v.Review.Suppliers) != 1 {
		t.Fatalf("suppliers %+v", v.Review.Suppliers)
	}
	if s := v.Review.Suppliers[0]; s.Ref != supplier.Number || s.ID != fx.cert || s.Number != supplier.Number || s.Status != "valid" {
		t.Fatalf("supplier %+v", s)
	}
	if v.Review.Supersedes != nil {
		t.Fatalf("a first certificate supersedes %+v", v.Review.Supersedes)
	}
	l := view(lineageApp)
	if l.Review.Supersedes == nil || l.Review.Supersedes.ID != fx.cert || l.Review.Supersedes.Number != supplier.Number || l.Review.Supersedes.Status != "valid" {
		t.Fatalf("lineage %+v", l.Review.Supersedes)
	}
	if len(l.Review.Suppliers) != 0 {
		t.Fatalf("suppliers of a study without any: %+v", l.Review.Suppliers)
	}

	// The supplier certificate is withdrawn: both views show it live.
	rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["data falsified"]}`)})
	if rec.Code != 200 {
		t.Fatalf("withdraw: %d %s", rec.Code, rec.Body)
	}
	if s := view(buyerApp).Review.Suppliers[0]; s.Status != "withdrawn" || s.StatusReason == "" {
		t.Fatalf("supplier after withdrawal %+v", s)
	}
	if s := view(lineageApp).Review.Supersedes; s.Status != "withdrawn" {
		t.Fatalf("lineage after withdrawal %+v", s)
	}
	// The manufacturer sees the same review of its own application.
	if v := MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + buyerApp, as: asOther}), 200); v.Review == nil || v.Review.Suppliers[0].Status != "withdrawn" {
		t.Fatalf("manufacturer's view %+v", v.Review)
	}
}

// Ensure a certificate withdrawn for cause is not reissued from its study:
// the application naming it answers 409 conflict, field study_id, with the
// reason of the withdrawal, and writes nothing; a new study of the model
// continues the lineage, naming the withdrawn certificate.
func TestServer_WithdrawnStudyNotReissued(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert,
		contentType: "application/json", body: []byte(`{"reasons":["Data falsified"]}`)}), 200)
	n := st.certs.auditCount()
	rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + fx.issuedStudy + `","certifier":"` + orgCertifier + `","supersedes":"` + fx.cert + `"}`)})
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "study_id" || !strings.Contains(e.Error.Message, "Data falsified") || !strings.Contains(e.Error.Message, fx.number) {
		t.Fatalf("error %+v: want study_id, the reason and the certificate named", e.Error)
	}
	if got := st.certs.auditCount(); got != n {
		t.Fatalf("audit events %d → %d after a refused application", n, got)
	}
	next := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: setModel(pvStudy(t, "GEC-WD-2"), demoModel("GEC-FX-2"))}), 201) // the model of fx.issuedStudy
	st.applySuperseding(t, next.ID, fx.cert)
}

// Ensure the certifier's review of an application shows, beside the
// supplier certificates, every supplier PACT footprint the study uses
// (issue 11 "In": "the certifier sees them"): its id, PACT spec version and
// version, the supplier, product and figure per declared unit; a pact:
// reference is not listed as a supplier certificate that was not found.
func TestServer_ApplicationReview_PACTFootprint(t *testing.T) {
	st := newSeededStack(t)
	const id = "9c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	// A PACT 2 footprint in its version 2, 4.2 kgCO2e per kilogram (test
	// data for a fictitious supplier).
	doc := footprinttest.SupplierPACT2(id, 2, "4.2")
	st.storeSupplierDoc(t, doc)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-REVIEW-PACT", "pact:"+id, "kg")}), 201)
	app := st.apply(t, sd.ID)

	v := st.review(t, app)
	if v.Review == nil || len(v.Review.PACT) != 1 {
		t.Fatalf("review %+v", v.Review)
	}
	if len(v.Review.Suppliers) != 0 {
		t.Fatalf("a PACT footprint listed as a supplier certificate: %+v", v.Review.Suppliers)
	}
	p := v.Review.PACT[0]
	if p.Ref != "pact:"+id || p.ID != id || p.SpecVersion != "2.3.0" || p.Version == nil || *p.Version != 2 ||
		p.Supplier != "Supplier AG" || p.Product != "JB-1 junction box" || p.KgCO2e != 4.2 || p.Unit != "kg" || p.Status != "active" {
		t.Fatalf("PACT footprint in the review %+v", p)
	}
	// An uploaded document is the manufacturer's copy: the review says who
	// uploaded it and that no supplier host was asked.
	if p.UploadedBy != orgMaker || p.FetchedFrom != "" {
		t.Fatalf("provenance of an uploaded footprint: uploaded_by %q, fetched_from %q", p.UploadedBy, p.FetchedFrom)
	}

	// The certifier's page shows it too, with the warning that an upload
	// is the manufacturer's copy.
	u := st.signedIn(t, asCert)
	rec := u.get("/work/applications/" + app)
	if rec.Code != 200 {
		t.Fatalf("review page: %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{"pact:" + id, "Supplier AG", "PACT 2.3.0 v2", "A copy uploaded by " + orgMaker + ", not fetched from the supplier's host"} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
}

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

// Ensure the review of an application does not name another holder's
// suppliers (red team 7): a certificate's supplier list is private
// (PRODUCT.md principle 7; the verify page shows a flag "without naming
// the supplier"), but the review showed, for each supplier certificate the
// study names, that certificate's own supplier_flags with the number and
// ID of the supplier certificate that changed status. Any manufacturer
// could name any certificate (by its sequential number) in a BOM line,
// apply, and read the answer: here orgMaker2 learnt that orgMaker's
// certificate M is built on certificate U. It now reads that one of M's
// suppliers changed; M's certifier, who handles the application too,
// still reads which.
func TestRedteam7_ReviewHidesAnotherHoldersSuppliers(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	upstream := MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asMaker}), 200)

	// orgMaker's certificate M uses U as a supplier; U is then suspended,
	// so M is flagged.
	mid := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: withBOMLines(t, pvStudy(t, "GEC-RT7-MID"), suppliedLine("Bought-in part", upstream.Number))}), 201).ID
	m := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, mid), "")), 201)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert,
		contentType: "application/json", body: []byte(`{"reasons":["audit pending"]}`)}), 200)

	// orgMaker2 names M in a BOM line and reads its own application.
	_, app := st.applyAsOther(t, withBOMLines(t, pvStudy(t, "GEC-RT7-DOWN"), suppliedLine("Probe", m.Number)))
	v := MustData[struct {
		Review struct {
			Suppliers []json.RawMessage `json:"suppliers"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asOther}), 200)
	for _, s := range v.Review.Suppliers {
		for _, private := range []string{upstream.Number, upstream.ID} {
			if strings.Contains(string(s), private) {
				t.Errorf("orgMaker2's review of its own application names %s, a supplier of orgMaker's certificate %s: %s", private, m.Number, s)
			}
		}
		if !strings.Contains(string(s), `"suppliers_changed":1`) {
			t.Errorf("orgMaker2's review does not say that one supplier of %s changed: %s", m.Number, s)
		}
	}
	body := st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}).Body.String()
	if !strings.Contains(body, upstream.Number) {
		t.Errorf("the certifier of %s reads the review without its supplier %s: %s", m.Number, upstream.Number, body)
	}

	// A reinstatement's reasons may name a supplier too: the verification
	// page shows only a suspension's or withdrawal's, and so does the
	// review to others.
	reason := "supplier " + upstream.Number + " replaced"
	for _, to := range []string{"suspend", "reinstate"} {
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + m.CertificateID + "/" + to, as: asCert,
			contentType: "application/json", body: []byte(`{"reasons":["` + reason + `"]}`)}), 200)
	}
	if body := st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asOther}).Body.String(); strings.Contains(body, reason) {
		t.Errorf("orgMaker2's review shows the reinstatement reason of %s: %s", m.Number, body)
	}
	if body := st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}).Body.String(); !strings.Contains(body, reason) {
		t.Errorf("the certifier's review lacks the reinstatement reason of %s: %s", m.Number, body)
	}
}

// Ensure the review warns the certifier of data older than a
// certificate's validity (red team 7): a study of 2025 could be certified
// in any later year, and again and again by superseding, each certificate
// stating the 2025 data for two years from its issue. The demo study's
// period ends on 2025-12-31: in 2026 no warning; in 2028, past
// 2027-12-31, a warning on reference_period.
func TestRedteam7_ReviewWarnsOfOldData(t *testing.T) {
	st := newSeededStack(t)
	_, app := st.applyAsOther(t, pvStudy(t, "GEC-RT7-OLD"))
	old := func() []reviewWarning {
		t.Helper()
		var out []reviewWarning
		for _, w := range st.review(t, app).Review.Warnings {
			if w.Path == "reference_period" {
				out = append(out, w)
			}
		}
		return out
	}
	if w := old(); len(w) != 0 {
		t.Fatalf("in %s the review warns of old data: %+v", st.clock.Now().Format(time.DateOnly), w)
	}
	st.clock.t.Store(time.Date(2028, 1, 2, 8, 0, 0, 0, time.UTC).UnixNano())
	w := old()
	if len(w) != 1 || !strings.Contains(w[0].Message, "ended on 2025-12-31, more than a certificate's validity under rule pv-module ago (2 years)") {
		t.Fatalf("in 2028 the review's warnings on reference_period are %+v, want one saying the data are older than a certificate's validity", w)
	}
}

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

// Ensure a certificate is issued only on the review the certifier read
// (red team 13: the issue took {"signatory":…} alone, and a certificate was
// issued at 75.7 kgCO2e whose review, fetched afterwards, held three
// warnings). An issue without the review's digest is refused naming
// review_digest, one after the review changed is a conflict, and neither
// writes anything; an issue naming the current review succeeds and the
// audit trail records which review it was. The signed-in page's form
// carries the digest.
func TestServer_IssueNamesTheReviewRead(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications/" + fx.app + "/issue", as: asCert,
		contentType: "application/json", body: []byte(`{"signatory":"Zhang San"}`)}), 400, "invalid")
	if e.Error.Field != "review_digest" {
		t.Fatalf("issue without the review's digest: %+v", e)
	}
	digestOf := func() string {
		return MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200).Review.Digest
	}
	read := st.issueReq(t, fx.app, `{"signatory":"Zhang San"}`)
	digest := digestOf()
	if len(digest) != 32 {
		t.Fatalf("review digest %q", digest)
	}
	page := st.signedIn(t, asCert).get("/work/applications/" + fx.app)
	mustWorkPage(t, page, 200, `name="review_digest" value="`+digest+`"`)

	// The review changes: three years on, the study's reference period
	// is older than a certificate's validity (a new warning).
	now := st.srv.Now
	st.srv.Now = func() time.Time { return now().AddDate(3, 0, 0) }
	if digestOf() == digest {
		t.Fatal("the review's digest did not change with its warnings")
	}
	e = MustError(t, st.do(t, read), 409, "conflict")
	if e.Error.Field != "review_digest" || !strings.Contains(e.Error.Message, "read the review again") || strings.Contains(e.Error.Message, digestOf()) {
		t.Fatalf("issue on a changed review: %+v (the answer must not give the current digest)", e)
	}
	st.srv.Now = now
	if got := st.certs.auditCount(); got != before {
		t.Fatalf("audit events %d → %d after refused issues", before, got)
	}
	if a := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200); a.Status != "pending" {
		t.Fatalf("application %s after refused issues", a.Status)
	}

	issued := MustData[issueData](t, st.do(t, read), 201)
	events := MustData[[]struct {
		Action string `json:"action"`
		Detail string `json:"detail"`
	}](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=certificate/" + issued.CertificateID, as: asReg}), 200)
	if len(events) != 1 || !strings.Contains(events[0].Detail, "after review "+digest) {
		t.Fatalf("audit of the issue: %+v", events)
	}
	// Another application of the same study's kind reads alike, but its
	// digest is its own (user check: a review read for one application
	// issued another); a value not of a digest's form is bad input.
	other := st.apply(t, st.submit(t, "GEC-DIGEST-OTHER"))
	if MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + other, as: asCert}), 200).Review.Digest == digest {
		t.Fatal("two applications share a review digest")
	}
	for _, tt := range []struct {
		digest string
		status int
	}{{digest, 409}, {"zz", 400}} {
		rec := st.do(t, request{method: "POST", target: "/v1/applications/" + other + "/issue", as: asCert, contentType: "application/json",
			body: []byte(`{"review_digest":"` + tt.digest + `"}`)})
		if e := MustError(t, rec, tt.status, map[int]string{400: "invalid", 409: "conflict"}[tt.status]); e.Error.Field != "review_digest" {
			t.Errorf("%q: %+v", tt.digest, e)
		}
	}
}

// racingCerts is the store with a request of someone else's landing when
// an issue reaches it, after the API has checked the review's digest
// (between checkReviewDigest and IssueCertificate): between runs once.
type racingCerts struct {
	realCerts
	between *func()
}

func (c racingCerts) IssueCertificate(ctx context.Context, id uuid.UUID, req certification.IssueRequest) (*certification.CertificateRecord, error) {
	if f := *c.between; f != nil {
		*c.between = nil
		f()
	}
	return c.realCerts.IssueCertificate(ctx, id, req)
}

// Ensure an issue is refused when the review changes between the API's
// check of its digest and the store's issue transaction (red team 38,
// left open in session 29): the holder's study of model DEMO-M10-54 is
// applied for to two certifiers; the second reads the review of its
// application as "demo m1O 54" (no rejection in it) and issues, and the
// first's rejection of the other application ("cells left out") lands
// after the API checked the digest. Before, the certificate was issued on
// a review that no longer held: the store read the review's records
// nowhere.
func TestRedteam38_ReviewChangedBetweenCheckAndIssue(t *testing.T) {
	st := newSeededStack(t)
	const reason = "cells left out of the bill of materials"
	first := st.apply(t, st.submit(t, demoSerial))
	renamed := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: setModel(pvStudy(t, "GEC-RT38-1"), "demo m1O 54")}), 201)
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + renamed.ID + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	issueAsRead := func() request {
		v := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert2}), 200)
		return request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert2, contentType: "application/json",
			body: []byte(`{"signatory":"Li Si","review_digest":"` + v.Review.Digest + `"}`)}
	}
	read := issueAsRead()
	between := func() {
		st.mustDo(t, request{method: "POST", target: "/v1/applications/" + first + "/reject", as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["` + reason + `"]}`)})
	}
	st.srv.CertificationService = racingCerts{st.certs, &between}
	before := st.certs.auditCount()
	rec := st.do(t, read)
	st.srv.CertificationService = st.certs
	if between != nil {
		t.Fatal("the store was not reached")
	}
	if rec.Code != 409 {
		t.Fatalf("issue on a review read before a rejection of the holder's same model: %d %s", rec.Code, rec.Body)
	}
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "review_digest" || !strings.Contains(e.Error.Message, "read the review again") {
		t.Fatalf("issue on a review changed after its check: %+v", e)
	}
	if got := st.certs.auditCount(); got != before+1 { // the rejection's
		t.Fatalf("audit events %d → %d", before, got)
	}
	v := MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert2}), 200)
	if len(reviewWarningsWith(v, "product.model", reason)) != 1 {
		t.Fatalf("review after the rejection: %+v", v.Review.Warnings)
	}
	MustData[issueData](t, st.do(t, issueAsRead()), 201)
}

// Ensure the review names another holder's suspended or withdrawn
// certificate of the model applied for, as it names a valid one (red team
// 38): Demo Module Co.'s module certified at 258.7 kgCO2e and suspended
// (or withdrawn) because its figure was questioned; the same model applied
// for by Other Maker Ltd. (a company its people registered) at 150.1.
// Before, the product.model warning took valid certificates only, and the
// data differ, so no same-data warning named it: the review was silent.
func TestRedteam38_AnotherHoldersStoppedCertificateOfTheModel(t *testing.T) {
	for _, action := range []string{"suspend", "withdraw"} {
		t.Run(action, func(t *testing.T) {
			st := newSeededStack(t)
			model := demoModel("GEC-RT38-M1")
			old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT38-M1", 30, nil)), "")), 201)
			st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + old.CertificateID + "/" + action, as: asCert, contentType: "application/json",
				body: []byte(`{"reasons":["figure questioned"]}`)})
			doc := mustDoc(t, setModel(pvStudy(t, "GEC-RT38-M2"), model))
			doc["product"].(map[string]any)["manufacturer"] = orgMaker2
			_, app := st.applyAsOther(t, seedtest.MustMarshal(t, doc))
			v := st.review(t, app)
			if got := reviewWarningsWith(v, "product.model", old.Number, "figure questioned", footprint.FormatKgCO2e(old.KgCO2e)); len(got) != 1 {
				t.Fatalf("another holder's %s certificate %s of model %q: %+v", action, old.Number, model, v.Review.Warnings)
			}
		})
	}
}

// Ensure a product model written in traditional Chinese characters is, end
// to end, the model of its simplified form (session 37): Demo Module Co.'s
// module certified as "示例组件A1"; a new study of "示例組件A1" applied for
// by Other Maker Ltd. is reviewed with the warning that names Demo Module
// Co.'s certificate of the model; Demo Module Co.'s new study of
// "示例組件A1", applied for without naming that certificate, is refused
// (409, supersedes, naming it), and applied for naming it supersedes it.
// Before, the traditional form was another model: nothing in the other
// holder's review, and a second current certificate of the module beside
// the first.
func TestTraditionalModelIsTheSimplifiedModel(t *testing.T) {
	st := newSeededStack(t)
	const simplified, traditional = "示例组件A1", "示例組件A1"
	study := func(serial string) []byte { return setModel(pvStudy(t, serial), traditional) }
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker,
		contentType: "application/json", body: setModel(pvStudy(t, "GEC-TRAD-1"), simplified)}), 201).ID), "")), 201)

	doc := mustDoc(t, study("GEC-TRAD-3"))
	doc["product"].(map[string]any)["manufacturer"] = orgMaker2
	_, app := st.applyAsOther(t, seedtest.MustMarshal(t, doc))
	if v := st.review(t, app); len(reviewWarningsWith(v, "product.model", old.Number)) != 1 {
		t.Fatalf("another holder's %q: no warning naming %s of %q: %+v", traditional, old.Number, simplified, v.Review.Warnings)
	}

	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: study("GEC-TRAD-2")}), 201).ID
	rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)})
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "supersedes" || !strings.Contains(e.Error.Message, old.Number) {
		t.Fatalf("%q beside certificate %s of %q: %+v, want a conflict naming supersedes and %s", traditional, old.Number, simplified, e, old.Number)
	}
	next := MustData[issueData](t, st.do(t, st.issueReq(t, st.applySuperseding(t, id, old.CertificateID), "")), 201)
	c := MustData[struct {
		Status string `json:"status"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + old.CertificateID, as: asMaker}), 200)
	if c.Status != "superseded" {
		t.Fatalf("certificate %s of %q after %s of %q: %s, want superseded", old.Number, simplified, next.Number, traditional, c.Status)
	}
}

// shopGTIN is a GTIN-14 with a valid check digit.
const shopGTIN = "06901234567892"

// shopApply stores, as the manufacturer as (asMaker or asOther), the demo
// PV study of serial with its model set to model and then edited by edit
// (nil: not edited), applies for it to certifier, and returns the
// application's ID.
func (st *stack) shopApply(t *testing.T, as, serial, model, certifier string, edit func(product map[string]any)) string {
	t.Helper()
	doc := mustDoc(t, setModel(pvStudy(t, serial), model))
	if edit != nil {
		edit(doc["product"].(map[string]any))
	}
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: as, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201).ID
	return MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: as, contentType: "application/json",
		body: []byte(`{"study_id":"` + id + `","certifier":"` + certifier + `"}`)}), 201).ID
}

// reviewAs reads application app as the certifier as.
func (st *stack) reviewAs(t *testing.T, as, app string) appReview {
	t.Helper()
	return MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: as}), 200)
}

// shoppedWarnings returns the review's pending_same_product warnings at
// path ("": any) whose message holds every one of words.
func shoppedWarnings(v appReview, path string, words ...string) []reviewWarning {
	var out []reviewWarning
	for _, w := range v.Review.Warnings {
		ok := w.Code == "pending_same_product" && (path == "" || w.Path == path)
		for _, word := range words {
			ok = ok && strings.Contains(w.Message, word)
		}
		if ok {
			out = append(out, w)
		}
	}
	return out
}

// heavier returns an edit of a study's product that states its mass 3 %
// higher (the bill of materials still weighs over 90 % of it), so that the
// product's specification is not the demo module's.
func heavier(product map[string]any) {
	product["mass_kg"] = product["mass_kg"].(float64) * 1.03
}

// Ensure the review names the holder's pending application of the same
// product at another certification body under another model name (session
// 34, certifier shopping): the demo module applied for as "JM-550" to one
// body and as "JM550 Pro" to another (its mass restated, so that only the
// model number ties them), or as "KX-900" with the demo module's
// specification. Before, the review named pending applications of the
// very model only (as ModelKey compares it): the holder took one product
// to two bodies at once with two figures and kept the lower.
func TestCertifierShopping_RenamedModelAtAnotherBody(t *testing.T) {
	st := newSeededStack(t)
	first := st.shopApply(t, asMaker, "GEC-SHOP-1", "JM-550", orgCertifier, nil)
	pro := st.shopApply(t, asMaker, "GEC-SHOP-2", "JM550 Pro", orgCert2, heavier)
	v := st.reviewAs(t, asCert2, pro)
	// With the figure the holder may keep the lower of.
	figure := footprint.FormatKgCO2e(*st.reviewAs(t, asCert, first).Study.KgCO2e) + " kgCO2e for 1 piece"
	if got := shoppedWarnings(v, "product.model", first, orgCertifier, `"JM-550"`, "model number", figure); len(got) != 1 {
		t.Fatalf("review of %s (JM550 Pro): the holder's pending application %s of JM-550 at %s not named: %+v", pro, first, orgCertifier, v.Review.Warnings)
	}
	if got := shoppedWarnings(st.reviewAs(t, asCert, first), "product.model", pro, orgCert2, `"JM550 Pro"`); len(got) != 1 {
		t.Fatalf("review of %s (JM-550): the holder's pending application %s of JM550 Pro at %s not named: %+v", first, pro, orgCert2, got)
	}
	renamed := st.shopApply(t, asMaker, "GEC-SHOP-3", "KX-900", orgCert2, nil)
	if got := shoppedWarnings(st.reviewAs(t, asCert2, renamed), "product", first, orgCertifier, "specification"); len(got) != 1 {
		t.Fatalf("review of %s (KX-900, the demo module's specification): %s at %s not named: %+v", renamed, first, orgCertifier, got)
	}
	// An application at the same body is in its own queue: not named.
	if got := shoppedWarnings(st.reviewAs(t, asCert2, renamed), "", pro); len(got) != 0 {
		t.Fatalf("an application at the same body named: %+v", got)
	}
	// Once decided, it is no longer named as pending.
	st.mustDo(t, request{method: "POST", target: "/v1/applications/" + first + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["cells not evidenced"]}`)})
	for _, app := range []string{pro, renamed} {
		if got := shoppedWarnings(st.reviewAs(t, asCert2, app), "", first); len(got) != 0 {
			t.Fatalf("a rejected application named as pending: %+v", got)
		}
	}
}

// Ensure the review names a pending application at another body of the
// study's GTIN under another model and specification, and another
// holder's of its GTIN or of its very model (session 34): a company of the
// same group applying for the product at once. Another applicant's
// application is named by ID and body only.
func TestCertifierShopping_SameGTINOrModelByAnotherCompany(t *testing.T) {
	st := newSeededStack(t)
	gtin := func(p map[string]any) { p["gtin"] = shopGTIN }
	first := st.shopApply(t, asMaker, "GEC-SHOP-G1", "JM-550", orgCertifier, gtin)
	same := st.shopApply(t, asMaker, "GEC-SHOP-G2", "ZX-7", orgCert2, func(p map[string]any) { gtin(p); heavier(p) })
	if got := shoppedWarnings(st.reviewAs(t, asCert2, same), "product.gtin", first, orgCertifier, "GTIN"); len(got) != 1 {
		t.Fatalf("the holder's pending application %s of GTIN %s at %s not named: %+v", first, shopGTIN, orgCertifier, st.reviewAs(t, asCert2, same).Review.Warnings)
	}
	model := st.shopApply(t, asOther, "GEC-SHOP-G3", "jm 55O", orgCert2, heavier)
	v := st.reviewAs(t, asCert2, model)
	got := shoppedWarnings(v, "product.model", first, orgCertifier, "another applicant")
	if len(got) != 1 {
		t.Fatalf("another holder's pending application %s of model JM-550 at %s not named: %+v", first, orgCertifier, v.Review.Warnings)
	}
	if strings.Contains(got[0].Message, orgMaker) {
		t.Fatalf("another applicant's name in the review: %s", got[0].Message)
	}
	other := st.shopApply(t, asOther, "GEC-SHOP-G4", "QQ-1", orgCert2, func(p map[string]any) { gtin(p); heavier(p) })
	if got := shoppedWarnings(st.reviewAs(t, asCert2, other), "product.gtin", first, orgCertifier, "another applicant"); len(got) != 1 {
		t.Fatalf("another holder's pending application %s of GTIN %s not named: %+v", first, shopGTIN, got)
	}
	// At the holder's own body too: the company of its group is no more
	// visible there.
	at := st.shopApply(t, asOther, "GEC-SHOP-G6", "QQ-2", orgCertifier, func(p map[string]any) { gtin(p); heavier(p) })
	if got := shoppedWarnings(st.reviewAs(t, asCert, at), "product.gtin", first, orgCertifier, "another applicant"); len(got) != 1 {
		t.Fatalf("another holder's pending application %s of GTIN %s at the same body not named: %+v", first, shopGTIN, got)
	}
	// Another holder's product of the holder's model number with other
	// words after it, or of its specification, is not the same product.
	for _, app := range []string{st.shopApply(t, asOther, "GEC-SHOP-G5", "JM550 Pro", orgCert2, nil)} {
		if got := shoppedWarnings(st.reviewAs(t, asCert2, app), "", first); len(got) != 0 {
			t.Fatalf("another holder's other model named: %+v", got)
		}
	}
}

// Ensure the review names the holder's withdrawn certificate of the study's
// GTIN, or of its model number with other words after it, under another
// product code (session 34): the demo laptop certified as "DEMO-NB13"
// (HS 847130) and withdrawn because its figure was questioned, then
// applied for again as HS 847141 under another model name with its GTIN,
// or as "DEMO-NB13 Pro" without one. Before, the review compared the
// holder's stopped certificates by product code and model only, and a
// computer rule's codes (chapters 84 and 85) tie no two headings: the
// review said nothing.
func TestCertifierShopping_StoppedCertificateUnderAnotherCodeAndModel(t *testing.T) {
	st := newSeededStack(t)
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitLaptopGTIN(t, "DEMO-NB13", shopGTIN, 1)), "")), 201)
	st.setStatus(t, old.CertificateID, "withdraw", "figure questioned")
	st.eachRenamedLaptop(t, func(t *testing.T, v appReview) {
		if got := reviewWarningsWith(v, "product", old.Number, "withdrawn", "figure questioned"); len(got) != 1 {
			t.Fatalf("the holder's withdrawn certificate %s of the product not named: %+v", old.Number, v.Review.Warnings)
		}
	})
}

// Ensure the review compares the study's figure with the holder's valid
// certificate of its model number with other words after it under another
// product code, as with one of its GTIN (session 35): the demo laptop
// certified as "DEMO-NB13" (HS 847130), then applied for at half its
// use-stage energy as "DEMO-NB13 Pro" under HS 847141 without a GTIN.
// Before, a valid certificate under another code was a peer only by the
// study's GTIN: the review named nothing, where a withdrawn certificate or
// a rejection of the model number was named.
func TestCertifierShopping_ValidCertificateUnderAnotherCodeByModelNumber(t *testing.T) {
	st := newSeededStack(t)
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitLaptopGTIN(t, "DEMO-NB13", shopGTIN, 1)), "")), 201)
	st.eachRenamedLaptop(t, func(t *testing.T, v appReview) {
		if got := reviewWarningsWith(v, "product.model", old.Number, "% less"); len(got) != 1 {
			t.Fatalf("the holder's valid certificate %s of the product not compared: %+v", old.Number, v.Review.Warnings)
		}
	})
}

// eachRenamedLaptop applies, in a subtest each, for the demo laptop at
// half its use-stage energy to orgCert2 as HS 847141 under model "NX-1"
// with the GTIN shopGTIN, and as "DEMO-NB13 Pro" without a GTIN, and calls
// check with the review.
func (st *stack) eachRenamedLaptop(t *testing.T, check func(t *testing.T, v appReview)) {
	for _, tt := range []struct{ name, model, gtin string }{
		{"GTIN", "NX-1", shopGTIN},
		{"model number", "DEMO-NB13 Pro", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
				body: []byte(`{"study_id":"` + st.submitLaptopGTIN(t, tt.model, tt.gtin, 0.5) + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
			check(t, st.reviewAs(t, asCert2, app))
		})
	}
}

// submitLaptopGTIN stores the demo laptop study as orgMaker with model, GTIN
// gtin ("": none) and its use stage's energy times electricity, under HS
// 847141 for any model but the demo's (HS 847130), and returns its ID.
func (st *stack) submitLaptopGTIN(t *testing.T, model, gtin string, electricity float64) string {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "laptop"))
	p := doc["product"].(map[string]any)
	p["model"], p["gtin"] = model, gtin
	if gtin == "" {
		delete(p, "gtin")
	}
	if model != "DEMO-NB13" {
		p["product_codes"] = []any{"HS:847141"}
	}
	if use, ok := p["use"].(map[string]any); ok {
		use["annual_kwh"] = use["annual_kwh"].(float64) * electricity
	}
	return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201).ID
}

// Ensure the review names the holder's rejected application of the study's
// GTIN, or of its model number with other words after it, under another
// product code (session 34): the demo laptop rejected as "DEMO-NB13" (HS
// 847130), then applied for to another body as HS 847141 under another
// model name with its GTIN, or as "DEMO-NB13 Pro" without one. Before, a
// rejection was named by its study's product code and model only.
func TestCertifierShopping_RejectionUnderAnotherCodeAndModel(t *testing.T) {
	st := newSeededStack(t)
	rejected := st.apply(t, st.submitLaptopGTIN(t, "DEMO-NB13", shopGTIN, 1))
	st.mustDo(t, request{method: "POST", target: "/v1/applications/" + rejected + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["use stage not evidenced"]}`)})
	st.eachRenamedLaptop(t, func(t *testing.T, v appReview) {
		if got := reviewWarningsWith(v, "product.model", rejected, "use stage not evidenced"); len(got) != 1 {
			t.Fatalf("the holder's rejected application %s of the product not named: %+v", rejected, v.Review.Warnings)
		}
	})
}

// Ensure the review names a new model of the holder's product whose figure
// per kWp falls 10 % or more below the holder's certificate while its
// figure per piece does not (red team 62): the demo module certified at
// 150.1 kgCO2e a module, 346.2 per kWp of its 433.6 Wp, then the same
// module as a new model stating 495 Wp (303.2 per kWp, 12.4 % less; 25.35
// %, under the record efficiency the engine warns above) was reviewed
// without a word, since figures were compared per piece, the first unit
// both state, only. The same holds for the certificate an application
// supersedes (certification.FigureDrop and LineageDrop, which the lineage
// uses too).
func TestRedteam62_NewModelAtAHigherRatedPowerThroughTheAPI(t *testing.T) {
	st := newSeededStack(t)
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT62-1", 1, nil)), "")), 201)
	rated := func(doc map[string]any) { doc["product"].(map[string]any)["rated_power_wp"] = 495.0 }
	v := st.review(t, st.apply(t, st.submitPV(t, "GEC-RT62-2", 1, rated)))
	if got := reviewWarningsWith(v, "product.model", old.Number, "per kWp of rated power", "12.4 % less", "under a new model"); len(got) != 1 {
		t.Fatalf("a new model at 495 Wp, 12.4 %% less per kWp than %s: %d warnings naming it (%+v)", old.Number, len(got), v.Review.Warnings)
	}
	// Control: at 440 Wp (1.5 % less per kWp) nothing is named.
	rated440 := func(doc map[string]any) { doc["product"].(map[string]any)["rated_power_wp"] = 440.0 }
	v = st.review(t, st.apply(t, st.submitPV(t, "GEC-RT62-3", 1, rated440)))
	if got := reviewWarningsWith(v, "product.model", old.Number); len(got) != 0 {
		t.Fatalf("a new model at 440 Wp is named: %+v", got)
	}
}

// auditHead is the audit trail's head, read as the regulator.
func (st *stack) auditHead(t *testing.T) access.AuditHead {
	t.Helper()
	return MustData[access.AuditHead](t, st.do(t, request{method: "GET", target: "/v1/audit/head", as: asReg}), 200)
}

// Ensure the holder's product taken to two bodies at once under two model
// names with one GTIN is not certified twice (red team 67, reproduced on
// pcf serve): the demo laptop as "DEMO-NB13" with GTIN 06901234567892 to
// orgCertifier and as "NX-1" with the GTIN and 5 % less use-stage energy
// to orgCert2; orgCertifier issued, and orgCert2's review then said
// nothing of the standing certificate (a peer is compared from 10 % down)
// and orgCert2 issued beside it: two valid certificates of one trade item
// at two figures. Now the review warns at supersedes (code
// gtin_certificate_stands, both languages, naming the certificate), and
// the issue is refused 409 naming supersedes, nothing written.
func TestRedteam67_OneGTINTwoBodiesTwoFigures(t *testing.T) {
	st := newSeededStack(t)
	first := st.apply(t, st.submitLaptopGTIN(t, "DEMO-NB13", shopGTIN, 1))
	second := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submitLaptopGTIN(t, "NX-1", shopGTIN, 0.95) + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	old := MustData[issueData](t, st.do(t, st.issueReq(t, first, "")), 201)

	v := st.reviewAs(t, asCert2, second)
	var stands []reviewWarning
	for _, w := range v.Review.Warnings {
		if w.Code == "gtin_certificate_stands" && w.Path == "supersedes" && strings.Contains(w.Message, old.Number) && strings.Contains(w.MessageZH, old.Number) &&
			strings.Contains(w.Message, "the issue is refused") && strings.Contains(w.MessageZH, "签发将被拒绝") {
			stands = append(stands, w)
		}
	}
	if len(stands) != 1 {
		t.Fatalf("review of %s beside %s of the same GTIN: %+v", second, old.Number, v.Review.Warnings)
	}
	digest := MustData[struct {
		Review struct{ Digest string } `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + second, as: asCert2}), 200).Review.Digest
	before := st.auditHead(t)
	rec := st.do(t, request{method: "POST", target: "/v1/applications/" + second + "/issue", as: asCert2, contentType: "application/json",
		body: footprinttest.JSONWith(t, `{"signatory":"Zhang San"}`, "review_digest", digest)})
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "supersedes" || !strings.Contains(e.Error.Message, old.Number) {
		t.Fatalf("issued beside %s: %+v", old.Number, e)
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("refused, and the trail moved from %+v to %+v", before, after)
	}
}

// Ensure the review says when an application supersedes a certificate of
// its very study (red team 67): the demo module certified, then the same
// study applied for again superseding it, to be issued just before the
// first expires; the review said nothing, and the new certificate states
// the same data for two years from its own issue. Now a warning at
// supersedes (code same_study_reissue, both languages) names the
// certificate and its validity, which the new one keeps (red team 68);
// a successor of another study gets none.
func TestRedteam67_SameStudyReissueExtendsValidity(t *testing.T) {
	st := newSeededStack(t)
	study := st.postPV(t, "GEC-RT67-R", demoModel("GEC-RT67-R"), 1, nil).ID
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, study), "")), 201)
	until := MustData[struct {
		ExpiresAt time.Time `json:"expires_at"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + old.CertificateID, as: asCert}), 200).ExpiresAt.UTC().Format(time.DateOnly)
	reissues := func(v appReview) []reviewWarning {
		var out []reviewWarning
		for _, w := range v.Review.Warnings {
			if w.Code == "same_study_reissue" && w.Path == "supersedes" && strings.Contains(w.Message, old.Number) && strings.Contains(w.MessageZH, old.Number) &&
				strings.Contains(w.Message, "keeps the validity of "+old.Number+", until "+until) && strings.Contains(w.MessageZH, "沿用 "+old.Number+" 的有效期,至 "+until) {
				out = append(out, w)
			}
		}
		return out
	}
	same := st.applySuperseding(t, study, old.CertificateID)
	if got := reissues(st.review(t, same)); len(got) != 1 {
		t.Fatalf("the same study superseding %s: %+v", old.Number, st.review(t, same).Review.Warnings)
	}
	MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + same + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["no new data"]}`)}), 200)
	next := st.applySuperseding(t, st.postPV(t, "GEC-RT67-S", demoModel("GEC-RT67-R"), 1.1, nil).ID, old.CertificateID)
	if got := reissues(st.review(t, next)); len(got) != 0 {
		t.Fatalf("another study superseding %s: %+v", old.Number, got)
	}
}

// Ensure the review names the holder's product certified at another body
// meanwhile under another model name (red team 67, reproduced on pcf
// serve): the demo module applied for as "JM-550" to orgCertifier and as
// "KX-900" (the same mass, power, area and cells, less production
// electricity: 147.9 against 151.1 kgCO2e) to orgCert2; while both were
// pending each review named the other (pending_same_product), but once
// orgCertifier issued, orgCert2's review named nothing (a peer is
// compared from 10 % down) and orgCert2 issued beside it. Now it names
// the certificate (code certified_same_product, both languages), and an
// issue on a review read before that certificate was issued is refused
// 409 naming review_digest.
func TestRedteam67_SameProductCertifiedAtAnotherBodyMeanwhile(t *testing.T) {
	st := newSeededStack(t)
	noGreen := func(doc map[string]any) { delete(doc["electricity"].([]any)[0].(map[string]any), "instruments") }
	first := st.apply(t, st.postPV(t, "GEC-RT67-J", "JM-550", 1, noGreen).ID)
	second := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.postPV(t, "GEC-RT67-K", "KX-900", 0.2, noGreen).ID + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	stale := MustData[struct {
		Review struct{ Digest string } `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + second, as: asCert2}), 200).Review.Digest
	if got := shoppedWarnings(st.reviewAs(t, asCert2, second), "product"); len(got) != 1 {
		t.Fatalf("both pending: %+v", got)
	}
	old := MustData[issueData](t, st.do(t, st.issueReq(t, first, "")), 201)
	v := st.reviewAs(t, asCert2, second)
	var named []reviewWarning
	for _, w := range v.Review.Warnings {
		if w.Code == "certified_same_product" && w.Path == "product" && strings.Contains(w.Message, old.CertificateID) && strings.Contains(w.MessageZH, old.CertificateID) &&
			strings.Contains(w.Message, orgCertifier) && strings.Contains(w.Message, "JM-550") {
			named = append(named, w)
		}
	}
	if len(named) != 1 {
		t.Fatalf("review of KX-900 after %s (JM-550) was issued by %s: %+v", old.Number, orgCertifier, v.Review.Warnings)
	}
	rec := st.do(t, request{method: "POST", target: "/v1/applications/" + second + "/issue", as: asCert2, contentType: "application/json",
		body: footprinttest.JSONWith(t, `{"signatory":"Zhang San"}`, "review_digest", stale)})
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "review_digest" {
		t.Fatalf("issued on the review read before %s: %+v", old.Number, e)
	}
}

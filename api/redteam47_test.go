package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Attack (a certificate on an outdated version of a supplier's PACT
// footprint, red team 47): a manufacturer's study uses the supplier's PACT
// v2 footprint in version 1 (4.2 kgCO2e/kg for the frame); the supplier
// corrects it, as PACT v2 updates a footprint, under the same id in
// version 2 (8.4), and the manufacturer stores the update. A replacement
// naming the old footprint in precedingPfIds stopped the certificate (red
// team 21), but the update did not: the application was accepted and the
// certificate issued on 4.2, and the review did not say that version 2
// was stored.
//
// A correct service refuses the application and the issue (409 naming
// the BOM line's supplier, the version used and the later one); nothing
// is written; the review warns; a study calculated now takes version 2
// and is applied for.
func TestRedteam47_CertificateOnAnOutdatedPACTVersion(t *testing.T) {
	st := newSeededStack(t)
	const id = "47a0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st.storeSupplierDoc(t, supplierDocV2(id, 1, "4.2"))
	early, late := st.supplierStudy(t, "GEC-RT47-ISSUE", "pact:"+id), st.supplierStudy(t, "GEC-RT47-APPLY", "pact:"+id)
	app := st.apply(t, early) // before the update
	st.storeSupplierDoc(t, supplierDocV2(id, 2, "8.4"))

	refused := func(what string, req request) {
		t.Helper()
		st.mustRefuseSupplierLine(t, what, req, "version 1 of pact:"+id+" (4.2) although the manufacturer stored version 2 (8.4)",
			"pact:"+id, "used in version 1 has a later version 2", "更新的版本 2")
	}
	refused("application", request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + late + `","certifier":"` + orgCertifier + `"}`)})
	refused("issue", st.issueReq(t, app, ""))

	warned := false
	for _, w := range st.review(t, app).Review.Warnings {
		warned = warned || strings.Contains(w.Message, "has a later version 2") && strings.Contains(w.Message, "calculated on version 1")
	}
	if !warned {
		t.Error("the review does not warn that a later version of the supplier's footprint is stored")
	}
	// Calculated now, a study takes version 2 and is applied for.
	st.apply(t, st.supplierStudy(t, "GEC-RT47-NEW", "pact:"+id))
}

// Attack (a certificate hidden from the regulator's list by company, red
// team 47): a manufacturer names itself on its product in full-width
// letters and traditional characters ("ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子"),
// which print as "SUNRISE Solar 日昇電子". GET /v1/certificates?company=
// compared lower-cased text, so the regulator's list for "Sunrise Solar",
// "sunrise-solar" or "日昇电子" was empty (200, no certificate) although
// the certificate prints that name.
//
// A correct service lists it for any spelling of the same letters, and
// answers 400 naming company for a query with no letter or digit, which
// would otherwise list every certificate.
func TestRedteam47_RegulatorListByCompanyWrittenOtherwise(t *testing.T) {
	st := newSeededStack(t)
	doc := mustDoc(t, pvStudy(t, "GEC-RT47-CO"))
	doc["product"].(map[string]any)["manufacturer"] = "ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子"
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201).ID
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201).Number
	for _, q := range []string{"Sunrise Solar", "sunrise-solar", "SUNRISESOLAR", "日昇电子", "日昇電子"} {
		got := MustData[[]struct {
			Number string `json:"number"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates?company=" + url.QueryEscape(q), as: asReg}), 200)
		if !slices.ContainsFunc(got, func(c struct {
			Number string `json:"number"`
		}) bool {
			return c.Number == cert
		}) {
			t.Errorf("company=%s: %v, want %s, whose product names its manufacturer %q", q, got, cert, "ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子")
		}
	}
	e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates?company=" + url.QueryEscape("（-）"), as: asReg}), 400, "invalid")
	if e.Error.Field != "company" || !strings.Contains(e.Error.Message, "公司名称") {
		t.Errorf("company=（-）: %+v, want 400 naming company", e.Error)
	}
}

// Attack (a withdrawn footprint missed by the GTIN a buyer writes, red
// team 47): a certificate names its product's GTIN in 14 digits
// (06901234567892); the certifier withdraws it. A buyer's system asks the
// PACT API for the footprints of the product in its hands by the GTIN
// under the barcode (13 digits) or by its HS code with the tariff's dot
// (8541.43), to learn whether the footprint it holds still stands. v3
// ListFootprints (?productId=, ?classification=) and v2 $filter
// productIds/any answered no footprint at all (200, empty), so the buyer
// kept the withdrawn figure as if nothing had changed.
//
// A correct service finds the footprint, Deprecated, for the same
// numbers written either way.
func TestRedteam47_PACTFootprintByTheGTINWrittenOtherwise(t *testing.T) {
	h := newPACTHost(t)
	doc := mustDoc(t, pactStudy(t, "GEC-P-G", "MOD-G", true))
	doc["product"].(map[string]any)["gtin"] = "06901234567892"
	_, h.certs["G"] = h.issue(t, seedtest.MustMarshal(t, doc), "")
	h.setStatus(t, h.certs["G"], "withdraw")
	tok := h.token(t)
	for _, target := range []string{
		"/3/footprints?productId=urn:gtin:6901234567892",
		"/3/footprints?productId=urn:gtin:06901234567892&status=Deprecated",
		"/3/footprints?classification=" + url.QueryEscape("urn:pact:wcoomd.org:hs-code:8541.43") + "&status=Deprecated&productId=urn:gtin:6901234567892",
		"/2/footprints?$filter=" + url.QueryEscape("productIds/any(p:(p eq 'urn:gtin:6901234567892'))"),
	} {
		status, _, body := h.get(t, tok, target)
		if status != 200 {
			t.Fatalf("%s: %d %s", target, status, body)
		}
		got := ids(t, body)
		sort.Strings(got)
		if !slices.Equal(got, h.want("G")) {
			t.Errorf("%s: %v, want the withdrawn footprint %s", target, got, h.certs["G"])
		}
		if !strings.Contains(string(body), `"status":"Deprecated"`) {
			t.Errorf("%s: %.300s, want it Deprecated", target, body)
		}
	}
}

// Attack (a supplier's footprint updated by the manufacturer's upload,
// red team 47): the service fetched Supplier AG's PACT v2 footprint from
// Supplier AG's host (version 1, 4.2 kgCO2e/kg). Red team 30 made a later
// version from another host no update of it; the manufacturer then
// uploaded, with Supplier AG's name and identifiers copied, a version 2
// at 1.4 (201), or another footprint at 1.4 naming it in precedingPfIds
// (201): every new calculation on pact:<id> read 1.4 as Supplier AG's
// update, or refused the fetched 4.2 as replaced.
//
// A correct service takes an update or a replacement of a fetched
// footprint from the host it was fetched from only: the upload is 409
// (update, naming pact_footprint.id) or 400 (replacement, naming
// precedingPfIds[0]), and the calculation reads 4.2.
func TestRedteam47_FetchedFootprintUpdatedByAnUpload(t *testing.T) {
	const id, other = "47c1c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "47d1c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st := newSeededStack(t)
	own := pactHostAnswering(t, redteam30DocV2(id, 1, "Supplier AG", "urn:pact:supplier.example:company-id:1", "4.2"), id)
	st.registerSupplier(t, own, "supplier-ag", own.URL)
	MustData[any](t, st.fetchPACT(t, asMaker, "supplier-ag", id), 201)
	upload := func(doc []byte) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc})
	}
	before := st.certs.auditCount()
	e := MustError(t, upload(redteam30DocV2(id, 2, "Supplier AG", "urn:pact:supplier.example:company-id:1", "1.4")), 409, "conflict")
	if e.Error.Field != "pact_footprint.id" || !strings.Contains(e.Error.Message, "as fetched from "+own.URL) || !strings.Contains(e.Error.Message, "取自") {
		t.Errorf("update uploaded: %+v, want pact_footprint.id and the host named", e.Error)
	}
	replacing := bytes.Replace(redteam30DocV2(other, 1, "Supplier AG", "urn:pact:supplier.example:company-id:1", "1.4"), []byte(`"status":"Active",`), []byte(`"status":"Active","precedingPfIds":["`+id+`"],`), 1)
	if !bytes.Contains(replacing, []byte("precedingPfIds")) {
		t.Fatal("the replacing document names no preceding footprint")
	}
	e = MustError(t, upload(replacing), 400, "invalid")
	if e.Error.Field != "pact_footprint.precedingPfIds[0]" || !strings.Contains(e.Error.Message, "as fetched from "+own.URL) {
		t.Errorf("replacement uploaded: %+v, want precedingPfIds[0] and the host named", e.Error)
	}
	if n := st.certs.auditCount(); n != before {
		t.Errorf("audit events %d → %d: something was stored", before, n)
	}
	if sup := st.calculatedSuppliers(t, "GEC-RT47-UP", "pact:"+id); len(sup) != 1 || sup[0].KgCO2e != 4.2 {
		t.Errorf("pact:%s computed as %+v, want Supplier AG's 4.2", id, sup)
	}
}

// Attack (a supplier's footprint deprecated upstream, red team 47): the
// service fetched Supplier AG's PACT v2 footprint (version 1, Active, 4.2
// kgCO2e/kg) and a study used it. Supplier AG then deprecated it (version
// 2, status Deprecated): the fetch of that document, or its upload, was
// refused (400 naming pact_footprint.status, "ask for the current one"),
// so the service kept only the Active copy, and the study on it was
// applied for and certified (201, 150.94 kgCO2e per module), the review
// saying nothing.
//
// A correct service records the deprecation of a footprint its
// organisation holds (201, deprecated_at), refuses the application and
// the issue (409 naming the line's supplier), warns in the review, and
// refuses a new calculation on it (400 naming the line); a Deprecated
// document of a footprint it does not hold is refused as before, and
// another data owner's or an upload over a fetched footprint does not
// deprecate it.
func TestRedteam47_SupplierFootprintDeprecatedUpstream(t *testing.T) {
	const id = "47f1c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := func(version int, status string) []byte {
		return bytes.Replace(redteam30DocV2(id, version, "Supplier AG", "urn:pact:supplier.example:company-id:1", "4.2"), []byte(`"status":"Active"`), []byte(`"status":"`+status+`"`), 1)
	}
	var answer atomic.Pointer[[]byte]
	set := func(b []byte) { b = []byte(`{"data":` + string(b) + `}`); answer.Store(&b) }
	set(doc(1, "Active"))
	host := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth/token":
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		case "/3/footprints/" + id:
			w.Header().Set("Content-Type", "application/json")
			w.Write(*answer.Load())
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(host.Close)
	st := newSeededStack(t)
	st.registerSupplier(t, host, "supplier-ag", host.URL)
	MustData[any](t, st.fetchPACT(t, asMaker, "supplier-ag", id), 201)
	early, late := st.supplierStudy(t, "GEC-RT47-DEP-I", "pact:"+id), st.supplierStudy(t, "GEC-RT47-DEP-A", "pact:"+id)
	app := st.apply(t, early)

	// Not its data owner's word: an upload over the fetched footprint,
	// another company's document; nor a footprint not held.
	upload := func(as string, b []byte) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: as, contentType: "application/json", body: b})
	}
	MustError(t, upload(asMaker, doc(2, "Deprecated")), 409, "conflict")
	other := bytes.Replace(doc(2, "Deprecated"), []byte("Supplier AG"), []byte("Other Supplier Ltd"), 1)
	other = bytes.Replace(other, []byte("company-id:1"), []byte("company-id:7"), 1)
	set(other)
	MustError(t, st.fetchPACT(t, asMaker, "supplier-ag", id), 409, "conflict")
	if e := MustError(t, upload(asOther, doc(2, "Deprecated")), 400, "invalid"); e.Error.Field != "pact_footprint.status" {
		t.Errorf("a Deprecated footprint not held: %+v, want 400 naming pact_footprint.status", e.Error)
	}

	set(doc(2, "Deprecated"))
	got := MustData[struct {
		Version      int     `json:"version"`
		KgCO2e       float64 `json:"kg_co2e"`
		DeprecatedAt string  `json:"deprecated_at"`
	}](t, st.fetchPACT(t, asMaker, "supplier-ag", id), 201)
	if got.DeprecatedAt == "" || got.Version != 1 {
		t.Errorf("fetch of the Deprecated version: %+v, want version 1 held and deprecated_at", got)
	}
	refused := func(what string, req request) {
		t.Helper()
		st.mustRefuseSupplierLine(t, what, req, "pact:"+id+", which Supplier AG deprecated", "pact:"+id, "is Deprecated by its data owner", "弃用")
	}
	refused("application", request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + late + `","certifier":"` + orgCertifier + `"}`)})
	refused("issue", st.issueReq(t, app, ""))
	warned := false
	for _, w := range st.review(t, app).Review.Warnings {
		warned = warned || strings.Contains(w.Message, "is Deprecated by its data owner")
	}
	if !warned {
		t.Error("the review does not warn that the supplier's footprint is Deprecated")
	}
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT47-DEP-N", "pact:"+id, "kg")}), 400, "invalid")
	if !strings.HasSuffix(e.Error.Field, ".supplier") || !strings.Contains(e.Error.Message, "Deprecated") {
		t.Errorf("a new calculation: %+v, want the line's supplier named", e.Error)
	}
}

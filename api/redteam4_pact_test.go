package api_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Red team round 4: the PACT exchange.

// Ensure an asynchronous answer carries the private details a holder
// shared with the requester only to a callback host the operator bound to
// that requester's organisation. Before, any organisation could name any
// allow-listed host as the source of a RequestCreated event, and the
// answer, written with the requester's entitlement, carried the details
// shared with it (the holder's shared figures) to a host the operator had
// configured for somebody else, or for nobody in particular. Now an
// unbound callback receives the public facts only, a bound one the
// details shared with its organisation, and a request of another
// organisation naming a bound host is refused (400, source), sending
// nothing.
func TestRedteam4_PACTAnswerGoesOnlyToTheRequestersHost(t *testing.T) {
	h := newPACTHost(t)
	st := h.st
	otherKey := st.MustAddOrganization(t, access.Organization{Name: "Other Buyer", Role: access.RolePartner})
	a := h.certs["A"]
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + a + "/pact/shares", as: asMaker,
		contentType: "application/json", body: []byte(`{"partner":"Buyer GmbH"}`)}), 201)
	buyer, other := h.token(t), h.tokenFor(t, otherKey)

	// The buyer itself sees the shared details of A.
	if _, _, body := h.get(t, buyer, "/3/footprints/"+a); !bytes.Contains(body, []byte(pact.SharedSchemaPath)) {
		t.Fatalf("the buyer does not see the details shared with it: %s", truncateBody(body))
	}
	request := func(token, id string) (int, []byte) {
		status, _, body := h.post(t, token, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", id, h.peer.ts.URL,
			`{"productId":`+mustJSONString(t, h.productIDs(t, buyer, a))+`,"status":"Active"}`))
		return status, body
	}
	answered := func(what string) []byte {
		t.Helper()
		got := h.peer.next(t)
		var ev struct {
			Data struct {
				Pfs []json.RawMessage `json:"pfs"`
			} `json:"data"`
		}
		if err := json.Unmarshal(got.body, &ev); err != nil || len(ev.Data.Pfs) != 1 || !bytes.Contains(ev.Data.Pfs[0], []byte(a)) {
			t.Fatalf("%s: answer %s (%v), want footprint A", what, truncateBody(got.body), err)
		}
		return ev.Data.Pfs[0]
	}

	// A host configured for nobody in particular gets the public facts.
	if status, body := request(buyer, "req-unbound"); status != 200 {
		t.Fatalf("unbound host: %d %s", status, body)
	}
	if pf := answered("unbound host"); bytes.Contains(pf, []byte(pact.SharedSchemaPath)) {
		t.Fatalf("an answer to a host not bound to the buyer carries the details shared with the buyer: %s", truncateBody(pf))
	}

	// The same host bound to the other buyer: the buyer's request is
	// refused, naming the source; the other buyer's is answered with the
	// public facts (nothing was shared with it).
	st.srv.PACT.Callbacks[0].Organization = "Other Buyer"
	status, hdr, body := h.post(t, buyer, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "req-foreign", h.peer.ts.URL,
		`{"productId":`+mustJSONString(t, h.productIDs(t, buyer, a))+`,"status":"Active"}`))
	mustPACTError(t, status, hdr, body, 400, "BadRequest")
	if !bytes.Contains(body, []byte("source")) {
		t.Errorf("refusal %s does not name the source", body)
	}
	h.peer.mustReceiveNothing(t, "answer to another organisation's host")
	if status, body := request(other, "req-other"); status != 200 {
		t.Fatalf("the other buyer's own host: %d %s", status, body)
	}
	if pf := answered("other buyer's host"); bytes.Contains(pf, []byte(pact.SharedSchemaPath)) {
		t.Fatalf("the other buyer's host receives details shared with the buyer: %s", truncateBody(pf))
	}

	// Bound to the buyer: its answer carries what was shared with it.
	st.srv.PACT.Callbacks[0].Organization = "Buyer GmbH"
	if status, body := request(buyer, "req-bound"); status != 200 {
		t.Fatalf("the buyer's own host: %d %s", status, body)
	}
	if pf := answered("buyer's host"); !bytes.Contains(pf, []byte(pact.SharedSchemaPath)) {
		t.Fatalf("the buyer's own host does not receive the details shared with the buyer: %s", truncateBody(pf))
	}
	h.peer.mustReceiveNothing(t, "unexpected answer")
}

// productIDs reads the productIds of footprint id as token sees it.
func (h *pactHost) productIDs(t *testing.T, token, id string) []string {
	t.Helper()
	var a struct {
		Data struct {
			ProductIDs []string `json:"productIds"`
		} `json:"data"`
	}
	_, _, body := h.get(t, token, "/3/footprints/"+id)
	if err := json.Unmarshal(body, &a); err != nil || len(a.Data.ProductIDs) == 0 {
		t.Fatalf("footprint %s: %s (%v)", id, truncateBody(body), err)
	}
	return a.Data.ProductIDs
}

func mustJSONString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Ensure a supplier's PACT footprint whose validity period has ended is
// not used in a new calculation, as an expired supplier certificate is
// not: PACT declares a footprint valid for use until validityPeriodEnd.
// Before, a manufacturer kept using a supplier's old, lower footprint
// long after it ended (valid 2024-07-01 to 2025-09-30, used in March 2026
// because the 2025 reference period overlaps it): the study was stored
// and certified with 4.2 kgCO2e/kg of supplier data nobody vouched for any
// more. Now the calculation and the stored study are refused, naming the
// BOM line, and nothing is stored.
func TestRedteam4_ExpiredPACTFootprintNotUsed(t *testing.T) {
	st := newSeededStack(t)
	const id = "9b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json",
		body: supplierDoc(id, "Active", "2024-07-01T00:00:00Z", "2025-09-30T00:00:00Z")}), 201)
	study := studyWithSupplierLine(t, "GEC-EXP-1", "pact:"+id, "kg")
	before := st.certs.auditCount()
	for _, target := range []string{"/v1/calculations", "/v1/studies"} {
		e := MustError(t, st.do(t, request{method: "POST", target: target, as: asMaker, contentType: "application/json", body: study}), 400, "invalid")
		if !strings.HasSuffix(e.Error.Field, ".supplier") || !strings.HasPrefix(e.Error.Field, "bom[") || !strings.Contains(e.Error.Message, "2025-09-30") {
			t.Fatalf("%s: %+v, want the BOM line's supplier named and the end of the validity", target, e.Error)
		}
	}
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("audit events %d → %d: something was stored", before, n)
	}
	// Still valid for use: accepted.
	const current = "ab0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json",
		body: supplierDoc(current, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")}), 201)
	MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-EXP-2", "pact:"+current, "kg")}), 201)
}

// Ensure the certifier's review says when a supplier's PACT footprint a
// study used has passed its validity period by the time of the review:
// status "expired" and a warning naming the BOM line, in the API and on the
// workbench page. Before, a study stored while the footprint was valid
// showed it as "active" months after it ended, and the certifier issued
// on it without a word (a supplier certificate expired meanwhile is
// refused at issue).
func TestRedteam4_ReviewShowsExpiredPACTFootprint(t *testing.T) {
	st := newSeededStack(t)
	const id = "cb0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json",
		body: supplierDoc(id, "Active", "2025-01-01T00:00:00Z", "2026-04-01T00:00:00Z")}), 201)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-EXP-R", "pact:"+id, "kg")}), 201)
	app := st.apply(t, sd.ID)
	type review struct {
		Review struct {
			Warnings []struct{ Path, Message string } `json:"warnings"`
			PACT     []struct {
				Ref, Status string
				ValidUntil  string `json:"valid_until"`
			} `json:"pact_footprints"`
		} `json:"review"`
	}
	got := MustData[review](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
	if len(got.Review.PACT) != 1 || got.Review.PACT[0].Status != "active" {
		t.Fatalf("while valid: %+v", got.Review.PACT)
	}
	st.clock.t.Store(time.Date(2026, 4, 2, 8, 0, 0, 0, time.UTC).UnixNano())
	got = MustData[review](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
	if len(got.Review.PACT) != 1 || got.Review.PACT[0].Status != "expired" {
		t.Fatalf("after its validity: %+v, want status expired", got.Review.PACT)
	}
	warned := false
	for _, w := range got.Review.Warnings {
		warned = warned || (w.Path == "bom[2].supplier" && strings.Contains(w.Message, "pact:"+id) && strings.Contains(w.Message, "2026-04-01"))
	}
	if !warned {
		t.Fatalf("no warning naming the line and the end of the validity: %+v", got.Review.Warnings)
	}
	page := st.signedIn(t, asCert).get("/work/applications/" + app)
	mustWorkPage(t, page, 200, "已过有效期", "expired")
	// Nor is a certificate issued on it, as on an expired supplier
	// certificate: the issue is refused naming the suppliers and changes
	// nothing.
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert, contentType: "application/json",
		body: []byte(`{"signatory":"Zhang San"}`)}), 409, "conflict")
	if e.Error.Field != "suppliers" || !strings.Contains(e.Error.Message, "pact:"+id) || !strings.Contains(e.Error.Message, "2026-04-01") {
		t.Fatalf("issue on an expired PACT footprint: %+v", e)
	}
	got = MustData[review](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
	if len(got.Review.PACT) != 1 {
		t.Fatalf("after the refused issue: %+v", got.Review.PACT)
	}
	if list := st.do(t, request{method: "GET", target: "/v1/certificates", as: asCert}); strings.Contains(list.Body.String(), `"number"`) {
		t.Fatalf("a certificate was issued: %s", list.Body)
	}
}

// Ensure a RequestCreated event sent again (the same id from the same
// requester, as a client retrying after a lost acknowledgement sends it)
// is answered once. Before, every copy queued and delivered another
// answer: one organisation could make the service compute its whole
// footprint list and post it to a callback host as often as it liked.
func TestRedteam4_RepeatedPACTRequestAnsweredOnce(t *testing.T) {
	h := newPACTHost(t)
	buyer := h.token(t)
	ids := mustJSONString(t, h.productIDs(t, buyer, h.certs["A"]))
	for range 3 {
		status, _, body := h.post(t, buyer, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "req-again", h.peer.ts.URL,
			`{"productId":`+ids+`,"status":"Active"}`))
		if status != 200 || len(body) != 0 {
			t.Fatalf("%d %s, want 200 with an empty body", status, body)
		}
	}
	h.peer.next(t)
	h.peer.mustReceiveNothing(t, "a second answer to the same request")
}

// Ensure a RequestCreated event whose id is longer than the request
// register can key is refused naming the id, not answered with a 500: the
// register keys each answer by the request id (one answer per request),
// and an id of 40,000 characters, well within the 1 MiB event limit,
// passed bbolt's key limit.
func TestReview_PACTRequestIDTooLong(t *testing.T) {
	h := newPACTHost(t)
	buyer := h.token(t)
	ids := mustJSONString(t, h.productIDs(t, buyer, h.certs["A"]))
	status, _, body := h.post(t, buyer, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", strings.Repeat("r", 40000), h.peer.ts.URL,
		`{"productId":`+ids+`,"status":"Active"}`))
	if status != 400 || !strings.Contains(string(body), "id") {
		t.Fatalf("%d %.300s, want 400 naming the id", status, body)
	}
}

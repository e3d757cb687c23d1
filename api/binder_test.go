package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
)

// Red team 35's findings of the rule-4 sweep (redteam35_sweep_test.go,
// redteam35_pages_test.go), each as the smallest request that shows it.

// rt35CertStatus is the live status of the fixture's certificate.
func rt35CertStatus(t *testing.T, st *stack, cert string) string {
	t.Helper()
	return MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + cert, as: asCert}), 200).Status
}

// Ensure a product model too long for the registry's index is a 400
// naming "model", not a 500: a model of 32,767 characters or more
// answered {"code":"internal"} (the store's key limit), one of 10,000 was
// registered. A certificate prints a model of at most 200 characters
// (certification.Certificate's check of product.model), so a product
// holds no longer one.
func TestRedteam35_LongProductModelIs500(t *testing.T) {
	st := newSeededStack(t)
	for _, n := range []int{201, 40000} {
		before := st.certs.auditCount()
		rec := st.do(t, request{method: "POST", target: "/v1/products", as: asMaker, contentType: "application/json",
			body: []byte(`{"name":"Module","model":"` + strings.Repeat("M", n) + `","product_codes":["HS:854143"]}`)})
		e := MustError(t, rec, http.StatusBadRequest, "invalid")
		if e.Error.Field != "model" {
			t.Errorf("model of %d characters: field %q, want model: %s", n, e.Error.Field, rec.Body)
		}
		if got := st.certs.auditCount(); got != before {
			t.Errorf("audit %d → %d after a refused product", before, got)
		}
	}
	list := MustData[[]any](t, st.do(t, request{method: "GET", target: "/v1/products", as: asMaker}), 200)
	if len(list) != 0 {
		t.Fatalf("%d products registered by refused requests", len(list))
	}
}

// Ensure a body in a content coding the server does not decode is
// refused (415, naming Content-Encoding) and changes nothing. The server
// read every body as identity whatever Content-Encoding said: a withdrawal
// sent "Content-Encoding: br" with a plain JSON body was carried out, while
// a proxy or audit log that honours the header reads other bytes; a gzip
// body was refused as "malformed JSON", which names the wrong problem.
func TestRedteam35_ContentEncodingIgnored(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	body := []byte(`{"reasons":["product discontinued"]}`)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(body)
	w.Close()
	for _, c := range []struct {
		encoding string
		body     []byte
	}{{"br", body}, {"gzip", gz.Bytes()}, {"x-unknown", body}, {"gzip, br", gz.Bytes()}} {
		before := st.certs.auditCount()
		req := request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json", body: c.body}
		r := req.httpRequest()
		r.Header.Set("Content-Encoding", c.encoding)
		r.Header.Set("Authorization", "Bearer "+st.tokens[asCert])
		rec := rt35Serve(st, r)
		e := MustError(t, rec, http.StatusUnsupportedMediaType, "unsupported_media_type")
		if !strings.Contains(e.Error.Field+e.Error.Message, "Content-Encoding") {
			t.Errorf("%s: the error names no Content-Encoding: %s", c.encoding, rec.Body)
		}
		if got := rt35CertStatus(t, st, fx.cert); got != "valid" {
			t.Fatalf("Content-Encoding %s: certificate %s after a refused withdrawal", c.encoding, got)
		}
		if got := st.certs.auditCount(); got != before {
			t.Fatalf("audit %d → %d", before, got)
		}
	}
	// Identity is the absence of a coding, and stays accepted.
	req := request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["audit pending"]}`)}
	r := req.httpRequest()
	r.Header.Set("Content-Encoding", "identity")
	r.Header.Set("Authorization", "Bearer "+st.tokens[asCert])
	if rec := rt35Serve(st, r); rec.Code != http.StatusOK {
		t.Fatalf("Content-Encoding identity: %d %s", rec.Code, rec.Body)
	}
}

// Ensure a JSON body with a member given twice is refused naming it, on
// every route the strict binder reads. encoding/json keeps the last value
// silently, so {"name":"A","role":"manufacturer","name":"B"} created
// organisation "B" where another reader (a proxy, an audit log, a
// reviewer's tool) reads "A"; the study reader already refuses this
// (docs/study-format.md).
func TestRedteam35_DuplicateJSONKeys(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	checkBodiesRefused(t, st, []badBody{
		{asAdmin, "POST", "/v1/admin/organizations", `{"name":"Shown Org","role":"manufacturer","name":"Created Org"}`, "name"},
		{asMaker, "POST", "/v1/products", `{"name":"Module","model":"A-1","product_codes":["HS:854143"],"model":"B-2"}`, "model"},
		{asCert, "POST", "/v1/certificates/" + fx.cert + "/suspend", `{"reasons":["audit pending"],"reasons":["another"]}`, "reasons"},
		{asAdmin, "POST", "/v1/factor-sets", `{"version":"2031.1","based_on":"2026.1","version":"2031.2"}`, "version"},
		{asMaker, "POST", "/v1/products", `{"name":"Module","model":"C-1","product_codes":["HS:854143"],"extra":{"a":1,"a":2}}`, ""}, // unknown anyway
	})
	// Nested objects too: a duplicate inside a member.
	rec := st.do(t, request{method: "POST", target: "/v1/applications/" + fx.app + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["primary data missing"]}`)})
	MustData[any](t, rec, 200) // the control: a clean body passes
}

// Ensure a JSON member spelled in another case is refused as unknown.
// encoding/json matches names case-insensitively, so {"MODEL":…} or
// {"Partner":…} passed the "unknown fields are refused" rule; the study
// reader refuses them (docs/study-format.md).
func TestRedteam35_JSONKeysInAnotherCase(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	checkBodiesRefused(t, st, []badBody{
		{asMaker, "POST", "/v1/products", `{"name":"Module","MODEL":"A-1","product_codes":["HS:854143"]}`, "MODEL"},
		{asMaker, "POST", "/v1/certificates/" + fx.cert + "/pact/shares", `{"Partner":"` + orgMaker2 + `"}`, "Partner"},
		{asAdmin, "POST", "/v1/admin/keys", `{"ORG":"` + orgMaker + `"}`, "ORG"},
		{asMaker, "PUT", "/v1/certificates/" + fx.cert + "/pact/cpc", `{"CPC":"46"}`, "CPC"},
	})
}

// badBody is a request with a JSON body that must be refused with 400
// invalid naming field ("" when any field will do).
type badBody struct{ as, method, target, body, field string }

// checkBodiesRefused sends each body and checks it is refused with 400
// invalid naming its field, leaving the audit trail as it was.
func checkBodiesRefused(t *testing.T, st *stack, bodies []badBody) {
	t.Helper()
	for _, c := range bodies {
		before := st.certs.auditCount()
		rec := st.do(t, request{method: c.method, target: c.target, as: c.as, contentType: "application/json", body: []byte(c.body)})
		e := MustError(t, rec, http.StatusBadRequest, "invalid")
		if c.field != "" && e.Error.Field != c.field {
			t.Errorf("%s %s: field %q, want %q: %s", c.target, c.body, e.Error.Field, c.field, rec.Body)
		}
		if got := st.certs.auditCount(); got != before {
			t.Errorf("%s: audit %d → %d after a refused request", c.target, before, got)
		}
	}
}

// Ensure a query parameter given twice is refused naming it. The API took
// the first value silently: GET /v1/certificates?status=withdrawn&status=valid
// listed the withdrawn certificates only, while a cache, proxy or log
// that reads the last value believes the list shows the valid ones; a
// curator's ?subject=factor-set/x&subject=… passed the scope check on the
// first.
func TestRedteam35_RepeatedQueryParameters(t *testing.T) {
	checkQueriesRefused(t, []badQuery{
		{asReg, "/v1/certificates?status=valid&status=withdrawn", "status"},
		{asReg, "/v1/certificates?limit=1&limit=100", "limit"},
		{asReg, "/v1/products?product_code=HS:8541&product_code=HS:8471", "product_code"},
		{asAnon, "/v1/factors?product_code=8541&product_code=8471", "product_code"},
		{asReg, "/v1/audit?subject=factor-set/2026.1&subject=", "subject"},
		{asCurator, "/v1/audit?subject=factor-set/2026.1&subject=key/x", "subject"},
		{asAnon, "/v1/factor-sets/2026.1/flags?flagged=true&flagged=false", "flagged"},
	})
}

// badQuery is a GET of target that must be refused with 400 invalid naming
// field.
type badQuery struct{ as, target, field string }

// checkQueriesRefused GETs each target from a seeded stack with the
// fixture's records and checks it is refused with 400 invalid naming its
// field; a 200 is reported and the next target tried.
func checkQueriesRefused(t *testing.T, queries []badQuery) {
	t.Helper()
	st := newSeededStack(t)
	st.seedFixture(t, "")
	for _, c := range queries {
		rec := st.do(t, request{method: "GET", target: c.target, as: c.as})
		if rec.Code == http.StatusOK {
			t.Errorf("%s: 200 (%d bytes), want a 400 naming %s", c.target, rec.Body.Len(), c.field)
			continue
		}
		if e := MustError(t, rec, http.StatusBadRequest, "invalid"); e.Error.Field != c.field {
			t.Errorf("%s: field %q, want %q: %s", c.target, e.Error.Field, c.field, rec.Body)
		}
	}
}

// Ensure a route that takes no request body refuses one, rather than
// acting on a request whose body it never read: POST
// /v1/admin/signing-keys/rotate with the body "{" rotated the signing key
// (201), publish with "{" published the set, and DELETE
// /v1/admin/keys/{id} with "{" revoked the key.
func TestRedteam35_BodyOnRouteWithoutOne(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "rt35b")
	for _, c := range []struct{ as, method, target string }{
		{asAdmin, "POST", "/v1/admin/signing-keys/rotate"},
		{asAdmin, "POST", "/v1/factor-sets/" + fx.draftSet + "/publish"},
		{asAdmin, "DELETE", "/v1/admin/keys/" + strings.Split(st.tokens[asOther], "_")[1]},
	} {
		for _, body := range []string{`{`, `{"reason":"compromised"}`, `<xml/>`} {
			before := st.certs.auditCount()
			rec := st.do(t, request{method: c.method, target: c.target, as: c.as, contentType: "application/json", body: []byte(body)})
			if rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnsupportedMediaType {
				t.Errorf("%s %s with body %s: %d, want a 400 or 415: %.200s", c.method, c.target, body, rec.Code, rec.Body)
				continue
			}
			if got := st.certs.auditCount(); got != before {
				t.Errorf("%s %s: audit %d → %d after a refused request", c.method, c.target, before, got)
			}
		}
	}
	// Without a body they still work.
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin}), 201)
}

// Ensure a form field given twice on a workbench form is refused: the
// pages read the first value (url.Values.Get), so a withdrawal posted
// with reasons=a&reasons=b was carried out with reason "a" and "b"
// dropped, and an application with study_id twice went ahead on the first.
// (api/webwork*.go, outside red team 35's area: left failing.)
func TestRedteam35_RepeatedFormFields(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	u := st.signedIn(t, asCert)
	u.get("/work/certificates/" + fx.cert)
	rec := u.post("/work/certificates/"+fx.cert+"/withdraw", url.Values{"csrf_token": {u.csrf}, "reasons": {"a reason", "another reason"}})
	if rec.Code < 400 {
		t.Errorf("withdraw with reasons twice: %d (Location %q), want a 400 naming reasons", rec.Code, rec.Header().Get("Location"))
	}
	if got := rt35CertStatus(t, st, fx.cert); got != "valid" {
		t.Errorf("certificate %s after a form with a field twice", got)
	}
	fresh := st.submit(t, "GEC-RT35-F")
	m := st.signedIn(t, asMaker)
	rec = m.post("/work/applications", url.Values{"csrf_token": {m.csrf}, "study_id": {fresh, fx.study}, "certifier": {orgCertifier}})
	if rec.Code < 400 {
		t.Errorf("apply with study_id twice: %d (Location %q), want a 400 naming study_id", rec.Code, rec.Header().Get("Location"))
	}
}

// Ensure a supplier's PACT footprint without a company name is refused
// naming companyName: PACT requires it (a non-empty string), and the
// stored footprint, named by a BOM line, showed supplier "".
// (api/pact*.go, outside red team 35's area: left failing.)
func TestRedteam35_PACTFootprintWithoutCompanyName(t *testing.T) {
	st := newSeededStack(t)
	for i, v := range []string{`null`, `""`} {
		id := supplierID[:len(supplierID)-1] + string(rune('a'+i)) // one footprint each
		good := string(supplierDoc(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
		doc := strings.Replace(good, `"companyName":"Supplier AG"`, `"companyName":`+v, 1)
		rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: []byte(doc)})
		if rec.Code != http.StatusBadRequest {
			t.Errorf("companyName %s: %d, want 400 naming companyName: %.300s", v, rec.Code, rec.Body)
			continue
		}
		e := MustError(t, rec, http.StatusBadRequest, "invalid")
		if !strings.Contains(e.Error.Field, "companyName") {
			t.Errorf("companyName %s: field %q: %s", v, e.Error.Field, rec.Body)
		}
	}
}

// rt35Serve sends a prepared request through the full handler.
func rt35Serve(st *stack, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	st.srv.ServeHTTP(rec, r)
	return rec
}

// Ensure an invalid validityPeriodStart of a supplier's PACT footprint is
// refused naming validityPeriodStart: the error named
// pact_footprint.validityPeriodEnd, the member that was right.
// (api/pact*.go and footprint/pact, outside red team 35's area: left failing.)
func TestRedteam35_PACTValidityStartNamedAsEnd(t *testing.T) {
	st := newSeededStack(t)
	good := string(supplierDoc(supplierID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
	for _, v := range []string{`null`, `""`, `"yesterday"`} {
		doc := strings.Replace(good, `"validityPeriodStart":"2025-01-01T00:00:00Z"`, `"validityPeriodStart":`+v, 1)
		rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: []byte(doc)})
		e := MustError(t, rec, http.StatusBadRequest, "invalid")
		if !strings.HasSuffix(e.Error.Field, "validityPeriodStart") {
			t.Errorf("validityPeriodStart %s: field %q, want …validityPeriodStart: %s", v, e.Error.Field, rec.Body)
		}
	}
}

// Ensure a study whose bill of materials is empty (or null) is refused
// naming the field: the error said "study does not meet rule pv-module:
// missing a line in stage A1" with no field, where the field is bom.
// (footprint's rule check, outside red team 35's area: left failing.)
func TestRedteam35_EmptyBOMNamesNoField(t *testing.T) {
	st := newSeededStack(t)
	for _, v := range []string{`[]`, `null`} {
		doc := mustDoc(t, pvStudy(t, "GEC-RT35-BOM"))
		doc["bom"] = json.RawMessage(v)
		b, _ := json.Marshal(doc)
		for _, target := range []string{"/v1/studies", "/v1/calculations"} {
			rec := st.do(t, request{method: "POST", target: target, as: asMaker, contentType: "application/json", body: b})
			e := MustError(t, rec, http.StatusBadRequest, "invalid")
			if !strings.HasPrefix(e.Error.Field, "bom") {
				t.Errorf("%s with bom %s: field %q, want bom: %s", target, v, e.Error.Field, rec.Body)
			}
		}
	}
}

// Ensure a query parameter given without a value is refused naming it,
// as the OpenAPI document says (no parameter allows an empty value): the
// API read ?limit= , ?since= or ?cursor= as left out, so a client whose
// filter variable was empty (?since=${from}) got the whole list, the
// whole audit trail, as if it had asked for it.
func TestRedteam35_EmptyQueryValues(t *testing.T) {
	checkQueriesRefused(t, []badQuery{
		{asReg, "/v1/audit?since=", "since"},
		{asReg, "/v1/certificates?limit=", "limit"},
		{asReg, "/v1/certificates?status=", "status"},
		{asReg, "/v1/products?offset=", "offset"},
		{asAnon, "/v1/factors?cursor=", "cursor"},
		{asAnon, "/v1/factors?product_code=", "product_code"},
	})
}

// Ensure /v1/factors?year=0 (or -0) is refused naming year rather than
// read as "no year": it answered the whole unfiltered list, so a client
// asking for factors of year 0 (an unset variable) got every year's.
// (Closed in the query check, api/ops.go, beside ?limit=0.)
func TestRedteam35_FactorYearZeroIsNoFilter(t *testing.T) {
	checkQueriesRefused(t, []badQuery{
		{asAnon, "/v1/factors?year=0", "year"},
		{asAnon, "/v1/factors?year=-0", "year"},
	})
}

// Ensure ?limit=0 (or -0) is refused naming limit, as ?limit=-1 is ("limit
// must be between 1 and 1000"): every list read 0 as "no limit given" and
// answered the default page.
func TestRedteam35_LimitZeroIsDefault(t *testing.T) {
	checkQueriesRefused(t, []badQuery{
		{asReg, "/v1/audit?limit=0", "limit"},
		{asReg, "/v1/certificates?limit=-0", "limit"},
		{asReg, "/v1/products?limit=0", "limit"},
		{asReg, "/v1/studies?limit=00", "limit"},
		{asAnon, "/v1/factors?limit=0", "limit"},
	})
}

// Red team 35: rule 4 of the product ("bad input gets a clear error and
// changes nothing") swept over every route of the API, as every role that
// may call it, with malformed paths, queries, headers and bodies. Each
// answer must be a 4xx (or a documented 2xx) in the error envelope with a
// machine-readable code, never a 5xx, and a refused request must leave the
// store as it was (its backup bytes and the audit trail).

// rt35Addr numbers the client addresses of the sweep, so that the
// verification rate limit (per client) does not answer 429 for every
// request after the first few.
var rt35Addr atomic.Int64

// rt35Req is one malformed request of the sweep.
type rt35Req struct {
	name        string
	method      string
	target      string
	contentType string
	body        []byte
	header      map[string]string
	// field, when set, is the name the error must give in its field or
	// message (the query parameter, the JSON member, the path parameter).
	field string
	// mustRefuse marks input that no reading makes good: a 2xx is a
	// finding. (A member set to null or "" may be an optional one left
	// out, and a method-override header is ignored: those may pass.)
	mustRefuse bool
}

// rt35Do sends r as role through the full handler (without the OpenAPI
// checker: undocumented statuses are another red team's matter; this one
// looks at the envelope and the store).
func rt35Do(st *stack, as string, r rt35Req) *httptest.ResponseRecorder {
	var body *bytes.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	} else {
		body = bytes.NewReader(nil)
	}
	req := httptest.NewRequest(r.method, r.target, body)
	if r.body == nil {
		req.Body = http.NoBody
		req.ContentLength = 0
	}
	n := rt35Addr.Add(1)
	req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4000", (n>>16)&255, (n>>8)&255, n&255)
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if tok := st.tokens[as]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	st.srv.ServeHTTP(rec, req)
	return rec
}

// rt35State is what a refused request must leave as it was: the store's
// last committed write transaction (any write advances it: stricter than
// comparing a backup's bytes, and a read, not a copy of the whole file, per
// request) and the number of audit events.
func rt35State(t *testing.T, st *stack) (int, int) {
	t.Helper()
	n, err := st.db.Commits()
	if err != nil {
		t.Fatal(err)
	}
	return n, st.certs.auditCount()
}

// rt35Envelope checks an error answer: JSON, the envelope, a code and a
// message, and the field when one is known. It returns "" when it holds.
func rt35Envelope(rec *httptest.ResponseRecorder, method, field string) string {
	if method == http.MethodHead {
		return ""
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Sprintf("error %d with content type %q, not the JSON envelope: %.200s", rec.Code, ct, rec.Body)
	}
	var e struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Field   string `json:"field"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == nil {
		return fmt.Sprintf("error %d is not the envelope: %.200s", rec.Code, rec.Body)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		return fmt.Sprintf("error %d without a code or message: %.200s", rec.Code, rec.Body)
	}
	named := func(s string) bool {
		s, f := strings.ToLower(s), strings.ToLower(field)
		// "validityPeriod" names validityPeriodStart and its end together.
		return strings.Contains(s, f) || len(s) > 0 && strings.Contains(f, s[strings.LastIndexByte(s, '.')+1:])
	}
	if field != "" && rec.Code == http.StatusBadRequest && !named(e.Error.Field) && !strings.Contains(strings.ToLower(e.Error.Message), strings.ToLower(field)) {
		return fmt.Sprintf("error %d names no field %q: %.300s", rec.Code, field, rec.Body)
	}
	return ""
}

// rt35Targets builds, from a matrix row, the route's target with its
// path parameters, so that each can be replaced by a bad value.
type rt35Param struct{ good string }

var rt35BadPathValues = []string{
	"not-a-uuid",
	"00000000-0000-0000-0000-000000000000",
	"%00",
	"%ff%fe",
	"-0",
	"1e309",
	"..%2f..%2fadmin",
	"%2e%2e",
	strings.Repeat("a", 4000),
	"%E2%80%AEevil",
	"a%20b",
	"x%0d%0aSet-Cookie:%20a=b",
}

// rt35Queries are malformed query strings; each names the parameter the
// error must name.
var rt35Queries = []struct{ query, field string }{
	{"cursor=not-a-cursor", "cursor"},
	{"cursor=" + strings.Repeat("A", 3000), "cursor"},
	{"cursor=%ZZ", "cursor"},
	{"limit=-1", "limit"},
	{"limit=0", "limit"},
	{"limit=-0", "limit"},
	{"limit=1e309", "limit"},
	{"limit=1e-400", "limit"},
	{"limit=1.5", "limit"},
	{"limit=99999999999999999999999", "limit"},
	{"limit=abc", "limit"},
	{"limit=%20%201", "limit"},
	{"limit=1&limit=2", "limit"},
	{"product_code=", "product_code"},
	{"product_code=HS:", "product_code"},
	{"product_code=%00", "product_code"},
	{"product_code=" + strings.Repeat("9", 3000), "product_code"},
	{"product_code=HS:8541&product_code=HS:8471", "product_code"},
	{"flagged=maybe", "flagged"},
	{"flagged=true&flagged=false", "flagged"},
	{"status=bogus", "status"},
	{"status=valid&status=withdrawn", "status"},
	{"since=2026-13-45", "since"},
	{"since=yesterday", "since"},
	{"until=2026-02-30", "until"},
	{"from=2026-13-45", "from"},
	{"year=-0", "year"},
	{"year=1e309", "year"},
	{"version=%ff", "version"},
	{"subject=" + strings.Repeat("x", 5000), "subject"},
	{"a=1;b=2", ""},
}

func rt35Gzip(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// rt35Bomb is a gzip stream of 64 MiB of zeros: some hundred KiB sent.
var rt35Bomb = func() []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for range 64 {
		w.Write(zero)
	}
	w.Close()
	return buf.Bytes()
}()

// rt35Bodies are the malformed bodies of a write whose good body is good
// (a JSON object, or nil for a route without a body).
func rt35Bodies(good []byte, goodType string) []rt35Req {
	ct := goodType
	if ct == "" {
		ct = "application/json"
	}
	out := []rt35Req{
		{name: "invalid JSON", contentType: ct, body: []byte(`{`)},
		{name: "invalid JSON 2", contentType: ct, body: []byte(`{"a":}`)},
		{name: "array", contentType: ct, body: []byte(`[]`)},
		{name: "null", contentType: ct, body: []byte(`null`)},
		{name: "string", contentType: ct, body: []byte(`"x"`)},
		{name: "number", contentType: ct, body: []byte(`1e309`)},
		{name: "unknown field", contentType: ct, body: []byte(`{"zzz_unknown":1}`), field: "zzz_unknown"},
		{name: "deep array", contentType: ct, body: []byte(strings.Repeat("[", 200000) + strings.Repeat("]", 200000))},
		{name: "deep object", contentType: ct, body: []byte(strings.Repeat(`{"a":`, 50000) + "1" + strings.Repeat("}", 50000))},
		{name: "invalid UTF-8", contentType: ct, body: []byte("{\"a\":\"\xff\xfe\"}")},
		{name: "BOM", contentType: ct, body: append([]byte("\xef\xbb\xbf"), good...)},
		{name: "trailing data", contentType: ct, body: append(append([]byte{}, good...), []byte(`{}`)...)},
		{name: "huge body", contentType: ct, body: []byte(`{"a":"` + strings.Repeat("x", 12<<20) + `"}`)},
		{name: "text/plain", contentType: "text/plain", body: good},
		{name: "no content type", body: good},
		{name: "bad content type", contentType: "application/json; charset=", body: good},
		{name: "xml", contentType: "application/xml", body: []byte(`<a/>`)},
		{name: "gzip encoded", contentType: ct, body: rt35Gzip(good), header: map[string]string{"Content-Encoding": "gzip"}},
		{name: "gzip bomb", contentType: ct, body: rt35Bomb, header: map[string]string{"Content-Encoding": "gzip"}},
		{name: "unknown encoding", contentType: ct, body: good, header: map[string]string{"Content-Encoding": "br"}},
		{name: "method override", contentType: ct, body: good, header: map[string]string{"X-HTTP-Method-Override": "DELETE"}},
	}
	// On a JSON route, or one that takes no body, none of the above is
	// good input (but the override header, which is ignored).
	jsonRoute := ct == "application/json" || good == nil
	for i := range out {
		// (A route without a body gets none in most variants: only those
		// that send bytes must be refused.)
		out[i].mustRefuse = jsonRoute && out[i].name != "method override" && len(out[i].body) > 0
	}
	if good == nil {
		out = append(out, rt35Req{name: "empty json", contentType: ct, body: []byte{}})
	} else {
		out = append(out, rt35Req{name: "empty body", contentType: ct, body: []byte{}, mustRefuse: jsonRoute})
	}
	// Multipart: the good body as a part, twice, or without it.
	for _, parts := range [][]string{{}, {"file"}, {"file", "file"}} {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, p := range parts {
			fw, _ := mw.CreateFormFile(p, "x.json")
			fw.Write(good)
		}
		mw.Close()
		out = append(out, rt35Req{name: fmt.Sprintf("multipart %d parts", len(parts)), contentType: mw.FormDataContentType(), body: buf.Bytes(), mustRefuse: ct == "application/json" || good == nil})
	}
	var doc map[string]any
	if json.Unmarshal(good, &doc) != nil {
		return out
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range doc {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		for _, v := range []string{`null`, `1e309`, `-0`, `1e-400`, `-1`, `true`, `[]`, `{}`, `""`, `"` + strings.Repeat("x", 100000) + `"`, `[` + strings.Repeat(`"a",`, 20000) + `"a"]`, `"\u0000"`, `99999999999999999999999`} {
			m := map[string]json.RawMessage{}
			json.Unmarshal(good, &m)
			m[k] = json.RawMessage(v)
			b, _ := json.Marshal(m)
			out = append(out, rt35Req{name: fmt.Sprintf("%s=%.20s", k, v), contentType: ct, body: b, field: k})
		}
		// A duplicate key: the good value then another one.
		dup := bytes.Clone(bytes.TrimSuffix(bytes.TrimSpace(good), []byte("}"))) // good's array is not ours to append to
		dup = append(dup, []byte(fmt.Sprintf(`,%q:"zzz-dup"}`, k))...)
		out = append(out, rt35Req{name: "duplicate " + k, contentType: ct, body: dup, field: k, mustRefuse: true})
		// The key in another case.
		m := map[string]json.RawMessage{}
		json.Unmarshal(good, &m)
		v := m[k]
		delete(m, k)
		m[strings.ToUpper(k)] = v
		b, _ := json.Marshal(m)
		out = append(out, rt35Req{name: "upper " + k, contentType: ct, body: b, field: k, mustRefuse: strings.ToUpper(k) != k})
	}
	return out
}

// rt35Finding is one answer that breaks rule 4.
type rt35Finding struct{ route, as, variant, what string }

// rt35Sweep sends every malformed variant of every matrix row as each
// role that may call it, and returns what broke rule 4. only, when
// set, keeps the routes it names.
func rt35Sweep(t *testing.T, only func(route string) bool) []rt35Finding {
	var findings []rt35Finding
	for _, row := range matrix {
		if only != nil && !only(row.route) {
			continue
		}
		method, _, _ := strings.Cut(row.route, " ")
		if row.pact {
			continue // errors in the PACT format: TestRedteam35_PACTSweep
		}
		st, fx := fixtureStack(t, "rt35d")
		var good []byte
		if row.body != nil {
			good = row.body(t, st, fx)
		}
		var roles []string
		for _, r := range matrixRoles {
			if w, ok := row.want[r]; ok && w != 401 && w != 403 {
				roles = append(roles, r)
			}
		}
		target := row.url(st, fx)
		var reqs []rt35Req
		// Path parameters.
		for _, id := range []string{fx.product, fx.study, fx.app, fx.cert, fx.number, fx.draftSet, "2026.1", "ELEC-CN-NAT-CF-2024", "/supplier/", url.PathEscape(orgMaker2), strings.Split(st.tokens[asOther], "_")[1]} {
			if id == "" || !strings.Contains(target, id) {
				continue
			}
			for _, bad := range rt35BadPathValues {
				b := bad
				if id == "/supplier/" {
					b = "/" + bad + "/"
				}
				reqs = append(reqs, rt35Req{name: "path " + bad, method: method, target: strings.Replace(target, id, b, 1), contentType: row.contentType, body: good})
			}
		}
		// Trailing slash, a very long URL.
		reqs = append(reqs, rt35Req{name: "trailing slash", method: method, target: strings.Replace(target+"/", "?/", "/?", 1), contentType: row.contentType, body: good})
		if method == http.MethodGet {
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			for _, q := range rt35Queries {
				// Each is malformed, or a parameter the route does not take:
				// either way a 4xx (a long subject is a filter that matches
				// nothing).
				reqs = append(reqs, rt35Req{name: "query " + q.query, method: method, target: target + sep + q.query, field: q.field, mustRefuse: !strings.HasPrefix(q.query, "subject=")})
			}
			reqs = append(reqs,
				rt35Req{name: "HEAD", method: http.MethodHead, target: target},
				rt35Req{name: "long URL", method: method, target: target + sep + "q=" + strings.Repeat("x", 60000)},
				rt35Req{name: "Accept xml", method: method, target: target, header: map[string]string{"Accept": "application/xml"}},
				rt35Req{name: "Accept garbage", method: method, target: target, header: map[string]string{"Accept": ";;;,,/"}},
				rt35Req{name: "If-None-Match garbage", method: method, target: target, header: map[string]string{"If-None-Match": `"` + strings.Repeat("x", 5000)}},
				rt35Req{name: "If-None-Match *", method: method, target: target, header: map[string]string{"If-None-Match": `*`}},
				rt35Req{name: "Range past end", method: method, target: target, header: map[string]string{"Range": "bytes=99999999-"}},
				rt35Req{name: "Range garbage", method: method, target: target, header: map[string]string{"Range": "bytes=z-y"}},
				rt35Req{name: "Range many", method: method, target: target, header: map[string]string{"Range": "bytes=" + strings.Repeat("0-1,", 2000) + "0-1"}},
				rt35Req{name: "GET with body", method: method, target: target, contentType: "application/json", body: []byte(`{`)},
				rt35Req{name: "override to DELETE", method: method, target: target, header: map[string]string{"X-HTTP-Method-Override": "DELETE"}},
			)
		} else {
			for _, b := range rt35Bodies(good, row.contentType) {
				b.method, b.target = method, target
				reqs = append(reqs, b)
			}
			reqs = append(reqs, rt35Req{name: "query on write", method: method, target: target + "?_method=GET&limit=-1", contentType: row.contentType, body: good, mustRefuse: true})
		}
		for _, as := range roles {
			for _, r := range reqs {
				before, events := rt35State(t, st)
				rec := rt35Do(st, as, r)
				label := rt35Finding{route: row.route, as: as, variant: r.name}
				switch {
				case rec.Code >= 500:
					label.what = fmt.Sprintf("%d: %.200s", rec.Code, rec.Body)
				case rec.Code >= 400 && strings.HasSuffix(row.route, "/auth/token"):
					// The OAuth2 token endpoint answers in the OAuth2 error
					// format (RFC 6749 §5.2, api/auth.go).
					label.what = rt35OAuthError(rec)
				case rec.Code >= 400:
					field := r.field
					if row.contentType != "application/json" || row.route == "POST /v1/pact/supplier-footprints" && r.name == "unknown field" {
						// A CSV file names its line; a PACT document may
						// carry members of its own (extensions).
						field = ""
					}
					label.what = rt35Envelope(rec, r.method, field)
				case r.mustRefuse && rec.Code < 300:
					label.what = fmt.Sprintf("accepted with %d: %.200s", rec.Code, rec.Body)
				}
				after, events2 := rt35State(t, st)
				if rec.Code >= 400 && (after != before || events2 != events) {
					label.what += fmt.Sprintf(" [store changed by a refused request: audit %d → %d]", events, events2)
				}
				if label.what != "" {
					findings = append(findings, label)
				}
			}
		}
	}
	return findings
}

// rt35OAuthError checks an error of the token endpoint: JSON with an
// "error" code of RFC 6749 §5.2.
func rt35OAuthError(rec *httptest.ResponseRecorder) string {
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
		if msg := rt35Envelope(rec, http.MethodPost, ""); msg != "" { // a body-limit or content-coding error before the handler
			return "neither the OAuth2 error nor the envelope: " + msg
		}
	}
	return ""
}

func rt35Report(t *testing.T, findings []rt35Finding) {
	t.Helper()
	sort.Slice(findings, func(i, j int) bool {
		return findings[i].route+findings[i].variant < findings[j].route+findings[j].variant
	})
	if os.Getenv("RT35_VERBOSE") != "" {
		for _, f := range findings {
			t.Logf("%s as %s, %s: %s", f.route, f.as, f.variant, f.what)
		}
	}
	seen := map[string]bool{}
	for _, f := range findings {
		key := f.route + " " + f.variant
		if seen[key] {
			continue
		}
		seen[key] = true
		t.Errorf("%s as %s, %s: %s", f.route, f.as, f.variant, f.what)
	}
}

// TestRedteam35_SweepRule4 is the whole sweep.
func TestRedteam35_SweepRule4(t *testing.T) {
	if testing.Short() {
		t.Skip("the sweep sends some tens of thousands of requests")
	}
	n := rt35Addr.Load()
	findings := rt35Sweep(t, nil)
	t.Logf("%d requests", rt35Addr.Load()-n)
	rt35Report(t, findings)
}

// TestRedteam35_PACTSweep sends the PACT routes (/2 and /3, errors in the
// PACT format {"code","message"}) malformed paths, queries and event
// bodies, as every organisation that may call them: never a 5xx, every
// error in the PACT format, and nothing written by a refused request.
func TestRedteam35_PACTSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("a sweep")
	}
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	for _, row := range matrix {
		if !row.pact {
			continue
		}
		method, _, _ := strings.Cut(row.route, " ")
		target := row.url(st, fx)
		var reqs []rt35Req
		if strings.Contains(target, fx.cert) {
			for _, bad := range rt35BadPathValues {
				reqs = append(reqs, rt35Req{name: "path " + bad, method: method, target: strings.Replace(target, fx.cert, bad, 1)})
			}
		}
		if method == http.MethodGet {
			for _, q := range append(rt35Queries, struct{ query, field string }{"$filter=" + url.QueryEscape("productIds/any(x: x eq 'a')"), ""},
				struct{ query, field string }{"$filter=%ZZ", ""}, struct{ query, field string }{"$filter=" + strings.Repeat("(", 5000), ""},
				struct{ query, field string }{"productId=a&productId=b", ""}, struct{ query, field string }{"geography=" + strings.Repeat("x", 5000), ""}) {
				reqs = append(reqs, rt35Req{name: "query " + q.query, method: method, target: target + "?" + q.query})
			}
		} else {
			var good []byte
			if row.body != nil {
				good = row.body(t, st, fx)
			}
			for _, b := range rt35Bodies(good, row.contentType) {
				b.method, b.target, b.field = method, target, ""
				reqs = append(reqs, b)
			}
		}
		for _, as := range []string{asMaker, asCert, asReg} {
			for _, r := range reqs {
				before, events := rt35State(t, st)
				rec := rt35Do(st, as, r)
				after, events2 := rt35State(t, st)
				switch {
				case rec.Code == http.StatusNotImplemented && strings.HasPrefix(row.route, "POST /3/"):
					// An event type the host does not take: PACT v3's
					// NotImplemented is a 501 (reference/pact.md).
				case rec.Code >= 500:
					t.Errorf("%s as %s, %s: %d: %.200s", row.route, as, r.name, rec.Code, rec.Body)
				case rec.Code >= 400:
					var e struct{ Code, Message string }
					if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Code == "" || e.Message == "" {
						t.Errorf("%s as %s, %s: error %d not in the PACT format: %.200s", row.route, as, r.name, rec.Code, rec.Body)
					}
					if after != before || events2 != events {
						t.Errorf("%s as %s, %s: refused with %d but the store changed (audit %d → %d)", row.route, as, r.name, rec.Code, events, events2)
					}
				}
			}
		}
	}
}

// Ensure a wrongly typed element of an array in a request body is named
// by its index, as every other check of an element names it, and a
// wrongly typed array or member by its path (jsonerr.Locate): the binder
// named the array only ("product_codes").
func TestBinder_TypeErrorNamesElement(t *testing.T) {
	st := newSeededStack(t)
	for _, tt := range []struct{ body, field string }{
		{`{"name":"Module","model":"M1","product_codes":["HS:854143",5]}`, "product_codes[1]"},
		{`{"name":"Module","model":"M1","product_codes":[{}]}`, "product_codes[0]"},
		{`{"name":"Module","model":"M1","product_codes":"HS:854143"}`, "product_codes"},
		{`{"name":["Module"],"model":"M1","product_codes":["HS:854143"]}`, "name"},
	} {
		rec := st.do(t, request{method: "POST", target: "/v1/products", as: asMaker, contentType: "application/json", body: []byte(tt.body)})
		e := MustError(t, rec, http.StatusBadRequest, "invalid")
		if e.Error.Field != tt.field || !strings.Contains(e.Error.Message, "want") {
			t.Errorf("%s: field %q (%s), want %q", tt.body, e.Error.Field, e.Error.Message, tt.field)
		}
	}
}

// Ensure a body that does not decode is refused in Chinese and in English,
// one message with the Chinese first as the service's bilingual errors
// are, the Chinese naming the member at fault (field) and what it wants:
// a number for a string, a string for a number, an array for an object, a
// member the route does not take, a member given twice, JSON cut short,
// null, data after the object; in a request body and in a study document
// (POST /v1/studies, the study reader). The English stays what it was.
func TestDecodeErrors_InChineseAndEnglish(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	products, reject, studies := "/v1/products", "/v1/applications/"+fx.app+"/reject", "/v1/studies"
	for _, tt := range []struct {
		name, target, as, body string
		field                  string
		zh, en                 string
	}{
		{"NumberForString", products, asMaker, `{"name":5}`, "name", "字段 name 须为字符串,收到的是数字", "want a string, got number"},
		{"NumberInArray", reject, asCert, `{"reasons":["ok",7]}`, "reasons[1]", "字段 reasons[1] 须为字符串,收到的是数字", "want a string, got number"},
		{"StringForNumber", products, asMaker, `{"name":"A","mass_kg":"1.5"}`, "mass_kg", "字段 mass_kg 须为数字,收到的是字符串", "want a number, got string"},
		{"ArrayForObject", products, asMaker, `[{"name":"A"}]`, "", "JSON 格式错误:须为对象,收到的是数组", "want an object, got array"},
		{"ObjectForArray", reject, asCert, `{"reasons":{"a":"b"}}`, "reasons", "字段 reasons 须为数组,收到的是对象", "want an array, got object"},
		{"UnknownField", products, asMaker, `{"name":"A","colour":"red"}`, "colour", "未知字段 \"colour\"", "unknown field \"colour\""},
		{"CaseOfAName", products, asMaker, `{"NAME":"A"}`, "NAME", "未知字段 \"NAME\"(字段名区分大小写)", "unknown field \"NAME\" (member names are case-sensitive)"},
		{"GivenTwice", products, asMaker, `{"name":"A","name":"B"}`, "name", "字段 \"name\" 出现了两次", "member \"name\" is given twice"},
		{"CutShort", products, asMaker, `{"name":"A"`, "", "JSON 格式错误:请求体不完整", "the body ends early"},
		{"Syntax", products, asMaker, `{"name":"A",}`, "", "JSON 格式错误(第 13 字节处)", "malformed JSON at offset 13"},
		{"Null", products, asMaker, `null`, "", "请求体须为 JSON 对象,不能是 null", "must be a JSON object, not null"},
		{"AfterTheObject", products, asMaker, `{"name":"A"} {}`, "", "JSON 格式错误:对象结束后还有数据", "data after the end of the object"},
		// A study document, read by the study reader (jsondoc).
		{"StudyNumberForString", studies, asMaker, `{"format":"pcf-study/1","rule":5}`, "rule", "字段 rule 须为字符串,收到的是 JSON 数字", "want a string, got JSON number (line 1, column 32)"},
		{"StudyStringForNumber", studies, asMaker, `{"format":"pcf-study/1","reference_output":"5"}`, "reference_output", "字段 reference_output 须为数字,收到的是 JSON 字符串", "want a number, got JSON string"},
		{"StudyArrayForObject", studies, asMaker, `{"format":"pcf-study/1","product":[]}`, "product", "字段 product 须为 JSON 对象,收到的是 JSON 数组", "want a JSON object, got JSON array"},
		{"StudyUnknownField", studies, asMaker, `{"format":"pcf-study/1","colour":"x"}`, "colour", "未知字段 colour(第 1 行第 25 列附近)", "unknown field (near line 1, column 25)"},
		{"StudyCutShort", studies, asMaker, "{\"format\":\"pcf-study/1\",\n\"rule\":", "line 2, column 8", "文档在第 2 行第 8 列提前结束", "document ends early"},
		{"StudyNull", studies, asMaker, `null`, "", "研究文档须为 JSON 对象,不能是 null", "study document must be a JSON object, not null"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := MustError(t, st.do(t, request{method: "POST", target: tt.target, as: tt.as, contentType: "application/json", body: []byte(tt.body)}), 400, "invalid")
			zh, en, ok := strings.Cut(e.Error.Message, "。")
			if e.Error.Field != tt.field || !ok || !strings.Contains(zh, tt.zh) || !strings.Contains(en, tt.en) {
				t.Errorf("%s: field %q, message %q; want field %q, Chinese with %q, then English with %q", tt.body, e.Error.Field, e.Error.Message, tt.field, tt.zh, tt.en)
			}
		})
	}
}

// Ensure every refusal of a query parameter says why in Chinese and
// English, naming the parameter, as the body's errors do: an unknown,
// repeated or empty parameter, a limit of 0 or out of range, a negative
// offset, a value of the wrong type and a year of 0 were worded in
// English only.
func TestQueryErrors_InChineseAndEnglish(t *testing.T) {
	st := newSeededStack(t)
	for _, tt := range []struct {
		target, field, zh, en string
	}{
		{"/v1/certificates?colour=red", "colour", "未知的查询参数", `unknown query parameter "colour"`},
		{"/v1/certificates?status=valid&status=withdrawn", "status", "给出了 2 次", `query parameter "status" is given 2 times`},
		{"/v1/certificates?status=", "status", "没有值", `query parameter "status" has no value`},
		{"/v1/certificates?limit=0", "limit", "至少为 1", "limit must be at least 1"},
		{"/v1/certificates?limit=1001", "limit", "须在 1 到 1000 之间", "limit must be between 1 and 1000"},
		{"/v1/products?offset=-1", "offset", "不得为负数", "offset must not be negative"},
		{"/v1/products?limit=two", "limit", "的值 \"two\" 无效", `invalid value "two"`},
		{"/v1/factors?year=0", "year", "须为年份", "year must be a year"},
	} {
		e := MustError(t, st.do(t, request{method: "GET", target: tt.target, as: asReg}), http.StatusBadRequest, "invalid")
		if e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.zh) || !strings.Contains(e.Error.Message, tt.en) ||
			strings.Index(e.Error.Message, tt.zh) > strings.Index(e.Error.Message, tt.en) {
			t.Errorf("%s: field %q, message %q; want field %q, %q then %q", tt.target, e.Error.Field, e.Error.Message, tt.field, tt.zh, tt.en)
		}
	}
}

// Ensure a study the engine refuses is refused in Chinese and in English,
// Chinese first, naming the line's field (footprint/internal/errzh): a
// scrap rate out of range, an unknown factor code, a negative quantity.
// Before, the engine's refusals were in English only. The English stays
// what it was.
func TestStudyErrors_InChineseAndEnglish(t *testing.T) {
	st := newSeededStack(t)
	for _, tt := range []struct {
		name   string
		line   int // of the BOM
		edit   func(line map[string]any)
		field  string
		zh, en string
	}{
		{"Scrap", 0, func(l map[string]any) { l["scrap_pct"] = 150 }, "bom[0].scrap_pct", "损耗率", "scrap rate must be at least 0 and below 100 percent"},
		{"UnknownFactor", 1, func(l map[string]any) { l["factor"] = "NO-SUCH-FACTOR" }, "bom[1]", "未知的因子代码", `unknown factor code "NO-SUCH-FACTOR"`},
		{"NegativeQuantity", 0, func(l map[string]any) { l["quantity"] = -1 }, "bom[0].quantity", "负数", "quantity -1 is negative"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(pvStudy(t, demoSerial), &doc); err != nil {
				t.Fatal(err)
			}
			tt.edit(doc["bom"].([]any)[tt.line].(map[string]any))
			body, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body}), 400, "invalid")
			zh, en, ok := strings.Cut(e.Error.Message, "。")
			if e.Error.Field != tt.field || !ok || !strings.Contains(zh, tt.zh) || !strings.HasPrefix(en, tt.en) {
				t.Errorf("field %q, message %q; want field %q, Chinese with %q, then English starting %q", e.Error.Field, e.Error.Message, tt.field, tt.zh, tt.en)
			}
		})
	}
}

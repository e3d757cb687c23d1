package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"unicode"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/footprint/pact/pacttest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// --- The official schemas ---------------------------------------------------

// pactSpecDir holds the official PACT OpenAPI documents beside the
// repository (../shared/reference/pact-spec; CI has them).
var pactSpecDir = filepath.Join("..", "..", "shared", "reference", "pact-spec")

// pactSpec is one version's compiled schemas: the ListFootprints and
// GetFootprint 200 bodies, the events we send, and Error.
type pactSpec struct {
	list, get, fulfilled, rejected, errorBody *jsonschema.Schema
}

// MustPACTSpec compiles the response and event schemas of the official
// v2.3.3 and v3.0.3 OpenAPI documents (pacttest.Must: it skips when the
// documents are not beside the repository).
func MustPACTSpec(tb testing.TB) map[int]*pactSpec {
	tb.Helper()
	out := map[int]*pactSpec{}
	for v, spec := range pacttest.Must(tb, pactSpecDir) {
		p := strconv.Itoa(v)
		s := &pactSpec{}
		for _, x := range []struct {
			dst *(*jsonschema.Schema)
			ref string
		}{
			{&s.list, "#/paths/~1" + p + "~1footprints/get/responses/200/content/application~1json/schema"},
			{&s.get, "#/paths/~1" + p + "~1footprints~1{id}/get/responses/200/content/application~1json/schema"},
			{&s.fulfilled, "#/components/schemas/RequestFulfilledEvent"},
			{&s.rejected, "#/components/schemas/RequestRejectedEvent"},
			{&s.errorBody, "#/components/schemas/Error"},
		} {
			var err error
			if *x.dst, err = spec.Schema(x.ref); err != nil {
				tb.Fatal(err)
			}
		}
		out[v] = s
	}
	return out
}

// MustValidateJSON validates a JSON document against a schema.
func MustValidateJSON(tb testing.TB, s *jsonschema.Schema, b []byte) {
	tb.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("%s: %v", b, err)
	}
	if err := s.Validate(inst); err != nil {
		tb.Fatalf("%s\ndoes not validate against the official schema: %v", truncateBody(b), err)
	}
}

func truncateBody(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// MustPACTError checks a PACT error response: status, JSON {"code",
// "message"} with the code wanted.
func MustPACTError(tb testing.TB, rec *httptest.ResponseRecorder, status int, code string) {
	tb.Helper()
	mustPACTError(tb, rec.Code, rec.Header(), rec.Body.Bytes(), status, code)
}

// pactRoot is the root of PACT version v's routes: "/2" or "/3".
func pactRoot(v int) string { return "/" + string(rune('0'+v)) }

func mustPACTError(tb testing.TB, gotStatus int, h http.Header, body []byte, status int, code string) {
	tb.Helper()
	if gotStatus != status {
		tb.Fatalf("status=%d, want %d: %s", gotStatus, status, body)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Fatalf("error content type %q, want JSON", ct)
	}
	var e struct{ Code, Message string }
	if err := json.Unmarshal(body, &e); err != nil {
		tb.Fatalf("decode error %s: %v", body, err)
	}
	if e.Code != code || e.Message == "" {
		tb.Fatalf("code=%q message=%q, want code %q and a message: %s", e.Code, e.Message, code, body)
	}
}

// --- A PACT host and a peer -------------------------------------------------

// pactHost is a server behind a TLS test server, with certificates in every
// lifecycle state, a partner's credentials, and a test peer that receives
// asynchronous answers.
type pactHost struct {
	st      *stack
	ts      *httptest.Server // the PACT host, over TLS
	partner string           // the partner's API key
	peer    *pactPeer
	certs   map[string]string // name → certificate ID
}

// pactStudy is the demo PV study with its own serial and model, and a CPC
// code (test data, not a claimed classification) unless cpc is false.
func pactStudy(tb testing.TB, serial, model string, cpc bool) []byte {
	tb.Helper()
	b := pvStudy(tb, serial)
	b = setModel(b, model)
	if cpc {
		b = bytes.Replace(b, []byte(`"product_codes": ["HS:854143"]`), []byte(`"product_codes": ["HS:854143", "CPC:46"]`), 1)
	}
	if !bytes.Contains(b, []byte(model)) {
		tb.Fatal("demo study: model not replaced")
	}
	return b
}

// issue submits a study, has it certified (superseding cert if set) and
// returns the study and certificate IDs.
func (h *pactHost) issue(tb testing.TB, study []byte, supersedes string) (string, string) {
	tb.Helper()
	st := h.st
	sid := MustData[studyData](tb, st.do(tb, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: study}), 201).ID
	return sid, h.certify(tb, sid, supersedes)
}

func (h *pactHost) certify(tb testing.TB, studyID, supersedes string) string {
	tb.Helper()
	app := h.st.applySuperseding(tb, studyID, supersedes)
	return MustData[issueData](tb, h.st.do(tb, h.st.issueReq(tb, app, "")), 201).CertificateID
}

func (h *pactHost) setStatus(tb testing.TB, cert, action string) {
	tb.Helper()
	MustData[any](tb, h.st.do(tb, request{method: "POST", target: "/v1/certificates/" + cert + "/" + action, as: asCert,
		contentType: "application/json", body: []byte(`{"reasons":["test"]}`)}), 200)
}

// newPACTHost certifies: A (CPC, valid), B (CPC, superseded by C), C (CPC,
// valid, precedingPfIds [B]), D (no CPC: v3 only), E (CPC, suspended: not
// shared) and F (CPC, withdrawn).
func newPACTHost(t *testing.T) *pactHost {
	t.Helper()
	st := newSeededStack(t)
	h := &pactHost{st: st, certs: map[string]string{}}
	h.partner = st.MustAddOrganization(t, access.Organization{Name: "Buyer GmbH", Role: access.RolePartner})
	_, h.certs["A"] = h.issue(t, pactStudy(t, "GEC-P-A", "MOD-A", true), "")
	sB, b := h.issue(t, pactStudy(t, "GEC-P-B", "MOD-B", true), "")
	h.certs["B"] = b
	h.certs["C"] = h.certify(t, sB, b)
	_, h.certs["D"] = h.issue(t, pactStudy(t, "GEC-P-D", "MOD-D", false), "")
	_, h.certs["E"] = h.issue(t, pactStudy(t, "GEC-P-E", "MOD-E", true), "")
	h.setStatus(t, h.certs["E"], "suspend")
	_, h.certs["F"] = h.issue(t, pactStudy(t, "GEC-P-F", "MOD-F", true), "")
	h.setStatus(t, h.certs["F"], "withdraw")

	h.peer = newPACTPeer(t)
	st.srv.PACT = api.PACTConfig{
		Callbacks: []api.PACTCallback{{URL: h.peer.ts.URL, ClientID: "pcf-host", ClientSecret: "s3cret"}},
		Client:    h.peer.ts.Client(),
		RetryBase: 10 * time.Millisecond, RetryMax: 20 * time.Millisecond, RetryFor: 10 * time.Second,
	}
	h.ts = httptest.NewTLSServer(st.srv)
	t.Cleanup(h.ts.Close)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		st.srv.Close(ctx)
	})
	return h
}

// pactPeer is a requester's PACT host: it issues tokens for HTTP Basic
// credentials and collects the events posted to it.
type pactPeer struct {
	ts     *httptest.Server
	events chan peerEvent
	mu     sync.Mutex
	fail   int // answer the next fail event posts with 503
}

type peerEvent struct {
	path string
	body []byte
	ct   string
}

func newPACTPeer(t *testing.T) *pactPeer {
	p := &pactPeer{events: make(chan peerEvent, 10)}
	p.ts = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/auth/token":
			id, secret, ok := r.BasicAuth()
			if !ok || id != "pcf-host" || secret != "s3cret" || r.PostFormValue("grant_type") != "client_credentials" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"peer-token","token_type":"Bearer","expires_in":3600}`)
		case r.Method == "POST" && (r.URL.Path == "/2/events" || r.URL.Path == "/3/events"):
			if r.Header.Get("Authorization") != "Bearer peer-token" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			p.mu.Lock()
			fail := p.fail > 0
			if fail {
				p.fail--
			}
			p.mu.Unlock()
			if fail {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			b, _ := io.ReadAll(r.Body)
			p.events <- peerEvent{path: r.URL.Path, body: b, ct: r.Header.Get("Content-Type")}
			w.WriteHeader(http.StatusOK)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(p.ts.Close)
	return p
}

// failNext makes the peer answer the next n event posts with 503.
func (p *pactPeer) failNext(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fail = n
}

// mustReceiveNothing fails if the peer receives an event within 100 ms.
func (p *pactPeer) mustReceiveNothing(t *testing.T, what string) {
	t.Helper()
	select {
	case e := <-p.events:
		t.Fatalf("%s: %s", what, e.body)
	case <-time.After(100 * time.Millisecond):
	}
}

// next waits for the next event the peer receives.
func (p *pactPeer) next(t *testing.T) peerEvent {
	t.Helper()
	select {
	case e := <-p.events:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("the peer received no answer")
	}
	return peerEvent{}
}

// token gets an access token at /auth/token with the partner's key as
// client credentials by HTTP Basic, as PACT clients do.
func (h *pactHost) token(t *testing.T) string {
	t.Helper()
	status, _, body := h.send(t, tokenRequest(h.ts.URL+"/auth/token", h.partner))
	if status != 200 {
		t.Fatalf("token: %d %s", status, body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" || !strings.EqualFold(tok.TokenType, "bearer") || tok.ExpiresIn <= 0 {
		t.Fatalf("token answer %s (%v)", body, err)
	}
	return tok.AccessToken
}

// tokenRequest asks target for an access token with the API key as client
// credentials by HTTP Basic (its client ID is the key's middle part).
func tokenRequest(target, key string) *http.Request {
	req, _ := http.NewRequest("POST", target, strings.NewReader("grant_type=client_credentials"))
	req.SetBasicAuth(strings.Split(key, "_")[1], key)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func (h *pactHost) send(t *testing.T, req *http.Request) (int, http.Header, []byte) {
	t.Helper()
	return footprinttest.Do(t, h.ts.Client(), req)
}

// get calls a PACT route with a bearer token ("" for none); target is a
// path or an absolute URL.
func (h *pactHost) get(t *testing.T, token, target string) (int, http.Header, []byte) {
	t.Helper()
	if !strings.HasPrefix(target, "https://") {
		target = h.ts.URL + target
	}
	req, _ := http.NewRequest("GET", target, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return h.send(t, req)
}

// getError calls a PACT route like get and checks that it answers with
// status and the PACT error code (mustPACTError); it returns the body.
func (h *pactHost) getError(t *testing.T, token, target string, status int, code string) []byte {
	t.Helper()
	gotStatus, hdr, body := h.get(t, token, target)
	mustPACTError(t, gotStatus, hdr, body, status, code)
	return body
}

func (h *pactHost) post(t *testing.T, token, path, contentType string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", h.ts.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", contentType)
	return h.send(t, req)
}

// ids returns the footprint IDs of a {"data": [...]} body, sorted.
func ids(t *testing.T, body []byte) []string {
	t.Helper()
	out := idsInOrder(t, body)
	slices.Sort(out)
	return out
}

// idsInOrder returns the footprint IDs of a {"data": [...]} body in the
// order it lists them.
func idsInOrder(t *testing.T, body []byte) []string {
	t.Helper()
	var d struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &d); err != nil || d.Data == nil {
		t.Fatalf("list body %s: %v", body, err)
	}
	var out []string
	for _, f := range d.Data {
		out = append(out, f.ID)
	}
	return out
}

func (h *pactHost) want(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, h.certs[n])
	}
	slices.Sort(out)
	return out
}

// --- Tests ----------------------------------------------------------------

// Ensure PACT Action Authenticate: client credentials by HTTP Basic give a
// bearer token (also on /v1/auth/token, which the global bearer check used
// to refuse), bad ones are 401 invalid_client (RFC 6749 §5.2), and over
// plain HTTP no token is given.
func TestPACT_Authenticate(t *testing.T) {
	h := newPACTHost(t)
	if h.token(t) == "" {
		t.Fatal("no token")
	}
	for _, path := range []string{"/auth/token", "/v1/auth/token"} {
		if status, _, body := h.send(t, tokenRequest(h.ts.URL+path, h.partner)); status != 200 || !bytes.Contains(body, []byte("access_token")) {
			t.Errorf("%s with Basic: %d %s", path, status, body)
		}
		status, _, body := h.send(t, tokenRequest(h.ts.URL+path, h.partner+"x"))
		var e struct{ Error string }
		if json.Unmarshal(body, &e); status != 401 || e.Error != "invalid_client" {
			t.Errorf("%s with a wrong secret: %d %s, want 401 invalid_client", path, status, body)
		}
	}
	// A Host header without a port is fine (pact.md §4.4).
	req := tokenRequest(h.ts.URL+"/auth/token", h.partner)
	req.Host = "pcf.test"
	if status, _, body := h.send(t, req); status != 200 {
		t.Errorf("Host without port: %d %s", status, body)
	}

	plain := httptest.NewServer(h.st.srv)
	defer plain.Close()
	status, _, body := footprinttest.Do(t, plain.Client(), tokenRequest(plain.URL+"/auth/token", h.partner))
	if status != 400 || bytes.Contains(body, []byte("access_token")) || !bytes.Contains(body, []byte("HTTPS")) {
		t.Errorf("token over HTTP: %d %s, want a refusal naming HTTPS", status, body)
	}
}

// Ensure no PACT route serves data over plain HTTP: each answers 403
// AccessDenied saying HTTPS only, with no data.
func TestPACT_HTTPSOnly(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	plain := httptest.NewServer(h.st.srv)
	defer plain.Close()
	for _, r := range []struct{ method, path string }{
		{"GET", "/2/footprints"}, {"GET", "/2/footprints/" + h.certs["A"]}, {"POST", "/2/events"},
		{"GET", "/3/footprints"}, {"GET", "/3/footprints/" + h.certs["A"]}, {"POST", "/3/events"},
	} {
		req, _ := http.NewRequest(r.method, plain.URL+r.path, strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/cloudevents+json")
		status, hdr, body := footprinttest.Do(t, plain.Client(), req)
		mustPACTError(t, status, hdr, body, 403, "AccessDenied")
		if bytes.Contains(body, []byte(`"data"`)) || !bytes.Contains(body, []byte("HTTPS")) {
			t.Errorf("%s %s over HTTP: %s", r.method, r.path, body)
		}
	}
}

// Ensure ListFootprints returns every footprint the partner may see and
// nothing else: Deprecated ones (superseded, withdrawn) included,
// suspended ones never, certificates without a CPC code only in v3; and
// that every body validates against the official response schema.
func TestPACT_ListFootprints(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	tok := h.token(t)
	for _, tt := range []struct {
		version int
		want    []string
	}{
		{2, h.want("A", "B", "C", "F")},
		{3, h.want("A", "B", "C", "D", "F")},
	} {
		status, hdr, body := h.get(t, tok, "/"+string(rune('0'+tt.version))+"/footprints")
		if status != 200 || hdr.Get("Link") != "" {
			t.Fatalf("v%d: %d link %q %s", tt.version, status, hdr.Get("Link"), body)
		}
		MustValidateJSON(t, spec[tt.version].list, body)
		if got := ids(t, body); !slices.Equal(got, tt.want) {
			t.Errorf("v%d: footprints %v, want %v", tt.version, got, tt.want)
		}
	}
	// Lifecycle as seen by a partner: B is Deprecated and C names it.
	status, _, body := h.get(t, tok, "/3/footprints/"+h.certs["C"])
	if status != 200 || !bytes.Contains(body, []byte(`"precedingPfIds":["`+h.certs["B"]+`"]`)) {
		t.Errorf("C: %d %s", status, body)
	}
	for _, name := range []string{"B", "F"} {
		_, _, body := h.get(t, tok, "/2/footprints/"+h.certs[name])
		if !bytes.Contains(body, []byte(`"status":"Deprecated"`)) || !bytes.Contains(body, []byte(`"version":2`)) || !bytes.Contains(body, []byte(`"updated":`)) {
			t.Errorf("%s: %s, want Deprecated, version 2, updated", name, truncateBody(body))
		}
	}
}

var linkRe = regexp.MustCompile(`^<(https://[^>]+)>; rel="next"$`)

// nextLink is the URL of the next page a ListFootprints answer's Link
// header gives, "" on the last page; a Link of another form fails t.
func nextLink(t *testing.T, hdr http.Header) string {
	t.Helper()
	l := hdr.Get("Link")
	if l == "" {
		return ""
	}
	m := linkRe.FindStringSubmatch(l)
	if m == nil {
		t.Fatalf("Link %q is not <absolute https URL>; rel=\"next\"", l)
	}
	return m[1]
}

// Ensure pagination: never more than limit, a Link to the next page that
// is absolute on the scheme, host and port the client used, callable more
// than once, until the last page, which has none; the pages together are
// the whole list. Both versions.
func TestPACT_Pagination(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	tok := h.token(t)
	for _, v := range []string{"2", "3"} {
		_, _, all := h.get(t, tok, "/"+v+"/footprints")
		want := ids(t, all)
		var got []string
		next := h.ts.URL + "/" + v + "/footprints?limit=2"
		pages := 0
		for next != "" {
			status, hdr, body := h.get(t, tok, next)
			if status != 200 {
				t.Fatalf("%s: %d %s", next, status, body)
			}
			MustValidateJSON(t, spec[int(v[0]-'0')].list, body)
			page := ids(t, body)
			if len(page) > 2 || len(page) == 0 {
				t.Fatalf("%s: %d footprints, want 1 or 2", next, len(page))
			}
			got = append(got, page...)
			pages++
			if next = nextLink(t, hdr); next != "" {
				u, _ := url.Parse(next)
				if "https://"+u.Host != h.ts.URL {
					t.Fatalf("Link host %s, want the one called %s", u.Host, h.ts.URL)
				}
				// The link can be called again with the same result.
				_, _, again := h.get(t, tok, next)
				_, _, once := h.get(t, tok, next)
				if !bytes.Equal(again, once) {
					t.Fatal("a pagination link gave two different pages")
				}
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) || pages != (len(want)+1)/2 {
			t.Errorf("v%s: %d pages %v, want %v", v, pages, got, want)
		}
		// A filter is kept in the next link.
		_, hdr, _ := h.get(t, tok, "/"+v+"/footprints?limit=1&"+map[string]string{"2": "%24filter=created+ge+%272020-01-01T00%3A00%3A00Z%27", "3": "geography=CN"}[v])
		if l := hdr.Get("Link"); !strings.Contains(l, map[string]string{"2": "filter=created", "3": "geography=CN"}[v]) {
			t.Errorf("v%s: next link %q lost the filter", v, l)
		}
		for _, bad := range []string{"limit=0", "limit=-1", "limit=x", "offset=-2", "limit=1&limit=2", "offset=%ZZ", "limit=%ZZ"} {
			h.getError(t, tok, "/"+v+"/footprints?"+bad, 400, "BadRequest")
		}
		// An offset past the end is an empty last page.
		for _, far := range []string{"offset=1000"} {
			status, hdr, body := h.get(t, tok, "/"+v+"/footprints?"+far)
			if status != 200 || len(ids(t, body)) != 0 || hdr.Get("Link") != "" {
				t.Errorf("v%s ?%s: %d Link %q %s, want 200 and no footprint", v, far, status, hdr.Get("Link"), body)
			}
		}
		// One where offset+limit would overflow an int was a 500; an
		// offset above api.PACTMaxOffset is now a BadRequest (red team 69:
		// offset walks the matches before it).
		h.getError(t, tok, "/"+v+"/footprints?offset=9223372036854775807&limit=10", 400, "BadRequest")
	}
}

// Ensure each v2 $filter property and operator selects as it should, and
// that OData beyond the PACT subset is NotImplemented (400) and malformed
// input BadRequest.
func TestPACT_FilterV2(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	_, _, aBody := h.get(t, tok, "/2/footprints/"+h.certs["A"])
	var a struct {
		Data struct {
			Created    string   `json:"created"`
			ProductIDs []string `json:"productIds"`
			CompanyIDs []string `json:"companyIds"`
		} `json:"data"`
	}
	if err := json.Unmarshal(aBody, &a); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		filter string
		want   []string
	}{
		{"created ge '" + a.Data.Created + "'", h.want("A", "B", "C", "F")}, // the conformance tool's test 20
		{"created gt '" + a.Data.Created + "'", h.want("B", "C", "F")},
		{"created lt '" + a.Data.Created + "'", nil},
		{"updated ge '2000-01-01T00:00:00Z'", h.want("B", "F")},
		{"productCategoryCpc eq '46'", h.want("A", "B", "C", "F")},
		{"productCategoryCpc eq '31230'", nil},
		{"pcf/geographyCountry eq 'CN'", h.want("A", "B", "C", "F")},
		{"pcf/geographyCountry eq 'DE'", nil},
		{"pcf/referencePeriodStart eq '2025-01-01T00:00:00Z'", h.want("A", "B", "C", "F")},
		{"pcf/referencePeriodEnd gt '2026-01-01T00:00:00Z'", nil},
		{"productIds/any(productId:(productId eq '" + a.Data.ProductIDs[0] + "'))", h.want("A")},
		{"companyIds/any(c:(c eq '" + a.Data.CompanyIDs[0] + "')) and (pcf/geographyCountry eq 'CN')", h.want("A", "B", "C", "F")},
		{"companyIds/any(c:(c eq 'urn:pact:other:company-id:x'))", nil},
	} {
		status, hdr, body := h.get(t, tok, "/2/footprints?$filter="+url.QueryEscape(tt.filter))
		if status != 200 {
			t.Fatalf("%s: %d %s", tt.filter, status, body)
		}
		if got := ids(t, body); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.filter, got, tt.want)
		}
		_ = hdr
	}
	for _, tt := range []struct{ filter, code string }{
		{"created ge '2020-01-01T00:00:00Z' or created lt '2020-01-01T00:00:00Z'", "NotImplemented"},
		{"companyName eq 'Demo'", "NotImplemented"},
		{"created ge", "BadRequest"},
		{"created ge 'tomorrow'", "BadRequest"},
	} {
		h.getError(t, tok, "/2/footprints?$filter="+url.QueryEscape(tt.filter), 400, tt.code)
	}
	// An unknown parameter is refused, naming it; so is one that does not
	// decode (it was dropped).
	h.getError(t, tok, "/2/footprints?filter=x", 400, "BadRequest")
	h.getError(t, tok, "/2/footprints/"+h.certs["A"]+"?%ZZ=1", 400, "BadRequest")
}

// Ensure each v3 filter selects by its criterion (case-insensitive names
// and values, OR within, AND across), empty values and unknown statuses
// behave as pact.md §4.7 says, x- extensions are NotImplemented (501) and
// unknown parameters BadRequest.
func TestPACT_FilterV3(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	var a struct {
		Data struct {
			ProductIDs          []string `json:"productIds"`
			CompanyIDs          []string `json:"companyIds"`
			ValidityPeriodStart string   `json:"validityPeriodStart"`
			ValidityPeriodEnd   string   `json:"validityPeriodEnd"`
		} `json:"data"`
	}
	_, _, aBody := h.get(t, tok, "/3/footprints/"+h.certs["A"])
	if err := json.Unmarshal(aBody, &a); err != nil {
		t.Fatal(err)
	}
	all := h.want("A", "B", "C", "D", "F")
	q := url.QueryEscape
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"productId=" + q(a.Data.ProductIDs[0]), h.want("A")},
		{"productid=" + q(strings.ToUpper(a.Data.ProductIDs[0])), h.want("A")},
		{"productId=urn:gtin:1&productId=" + q(a.Data.ProductIDs[0]), h.want("A")},
		{"companyId=" + q(a.Data.CompanyIDs[0]), all},
		{"companyId=urn:pact:x:company-id:other", nil},
		{"geography=CN", all},
		{"geography=Eastern%20Asia", all},
		{"geography=DE&geography=FR", nil},
		{"geography=", all},
		{"classification=urn:cpc:46", h.want("A", "B", "C", "F")},
		{"classification=" + q("urn:pact:wcoomd.org:hs-code:854143"), all},
		{"classification=urn:cpc:46&geography=DE", nil},
		{"validOn=" + q(a.Data.ValidityPeriodStart), h.want("A")}, // the others were issued seconds later
		{"validOn=2027-01-01T00:00:00Z", all},
		{"validOn=2020-01-01T00:00:00Z", nil},
		{"validAfter=2020-01-01T00:00:00Z", all},
		{"validAfter=" + q(a.Data.ValidityPeriodStart), h.want("B", "C", "D", "F")},
		{"validBefore=" + q(a.Data.ValidityPeriodEnd), nil},
		{"validBefore=2099-01-01T00:00Z", all},
		{"status=Active", h.want("A", "C", "D")},
		{"status=deprecated", h.want("B", "F")},
		{"status=Withdrawn", nil},
	} {
		status, _, body := h.get(t, tok, "/3/footprints?"+tt.query)
		if status != 200 {
			t.Fatalf("%s: %d %s", tt.query, status, body)
		}
		if got := ids(t, body); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
	for _, tt := range []struct {
		query  string
		status int
		code   string
	}{
		{"validOn=yesterday", 400, "BadRequest"},
		{"colour=red", 400, "BadRequest"},
		{"x-atq-invoice-id=12345", 501, "NotImplemented"},
	} {
		h.getError(t, tok, "/3/footprints?"+tt.query, tt.status, tt.code)
	}
}

// Ensure GetFootprint returns a footprint (Deprecated ones too) that
// validates against the official schema, and each error of both versions:
// a malformed ID BadRequest, an unknown one NoSuchFootprint (v2) or NotFound
// (v3), a suspended certificate's AccessDenied, a certificate without a CPC
// code NoSuchFootprint in v2.
func TestPACT_GetFootprint(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	tok := h.token(t)
	for _, v := range []int{2, 3} {
		p := pactRoot(v) + "/footprints/"
		for _, name := range []string{"A", "B", "C", "F"} {
			status, _, body := h.get(t, tok, p+h.certs[name])
			if status != 200 {
				t.Fatalf("v%d %s: %d %s", v, name, status, body)
			}
			MustValidateJSON(t, spec[v].get, body)
			if !bytes.Contains(body, []byte(`"id":"`+h.certs[name]+`"`)) {
				t.Errorf("v%d %s: not the footprint asked for", v, name)
			}
		}
		notFound := map[int]string{2: "NoSuchFootprint", 3: "NotFound"}[v]
		for _, tt := range []struct {
			id, code string
			status   int
		}{
			{"not-a-uuid", "BadRequest", 400},
			{"00000000-0000-0000-0000-000000000000", notFound, 404},
			{"3a6c14a7-4deb-498a-b5ea-16ce2535b576", notFound, 404},
			{h.certs["E"], "AccessDenied", 403},
		} {
			body := h.getError(t, tok, p+tt.id, tt.status, tt.code)
			if v == 3 || tt.code != "NoSuchFootprint" {
				MustValidateJSON(t, spec[v].errorBody, body)
			}
		}
	}
	status, _, body := h.get(t, tok, "/3/footprints/"+h.certs["D"])
	MustValidateJSON(t, spec[3].get, body)
	if status != 200 {
		t.Fatalf("D in v3: %d", status)
	}
	body = h.getError(t, tok, "/2/footprints/"+h.certs["D"], 404, "NoSuchFootprint")
	if !bytes.Contains(body, []byte("CPC")) {
		t.Errorf("v2 without CPC: %s, want the reason", body)
	}
}

// Ensure token errors: an invalid token is BadRequest (400 in v2, 401 in
// v3), a missing one likewise, an expired one 401 TokenExpired in both,
// and the operator's organisation AccessDenied.
func TestPACT_TokenErrors(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	tok := h.token(t)
	for _, v := range []int{2, 3} {
		p := pactRoot(v) + "/footprints"
		bad := map[int]int{2: 400, 3: 401}[v]
		for _, token := range []string{"very-invalid-access-token-0123456789abcdef", ""} {
			body := h.getError(t, token, p, bad, "BadRequest")
			MustValidateJSON(t, spec[v].errorBody, body)
		}
		status, hdr, body := h.post(t, "very-invalid", pactRoot(v)+"/events", "application/cloudevents+json; charset=UTF-8", []byte(`{}`))
		mustPACTError(t, status, hdr, body, bad, "BadRequest")
		body = h.getError(t, h.st.tokens[asAdmin], p, 403, "AccessDenied")
		MustValidateJSON(t, spec[v].errorBody, body)
	}
	// Two hours later the access token has expired.
	h.st.clock.t.Add(int64(2 * time.Hour))
	for _, v := range []int{2, 3} {
		body := h.getError(t, tok, pactRoot(v)+"/footprints", 401, "TokenExpired")
		MustValidateJSON(t, spec[v].errorBody, body)
	}
}

// cloudEvent builds an event body.
func cloudEvent(typ, id, source, data string) []byte {
	return []byte(`{"type":"` + typ + `","specversion":"1.0","id":"` + id + `","source":"` + source + `","time":"2026-03-02T10:30:00Z","data":` + data + `}`)
}

const ceType = "application/cloudevents+json; charset=UTF-8"

// Ensure Action Events: a Published notification is acknowledged (200,
// empty body) for any well-formed UUID and refused for anything else; a
// malformed event, a wrong content type, a type of the other version and
// an unknown type are refused; answers (Fulfilled, Rejected) are checked
// and acknowledged.
func TestPACT_Events(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	types := map[int][4]string{
		2: {"org.wbcsd.pathfinder.ProductFootprint.Published.v1", "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1", "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1", "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"},
		3: {"org.wbcsd.pact.ProductFootprint.PublishedEvent.3", "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3", "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3", "org.wbcsd.pathfinder.ProductFootprint.Published.v1"},
	}
	for _, v := range []int{2, 3} {
		path := pactRoot(v) + "/events"
		ty := types[v]
		for _, tt := range []struct {
			name, contentType string
			body              []byte
			status            int
			code              string
		}{
			{"published", ceType, cloudEvent(ty[0], "e1", "https://buyer.test", `{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}`), 200, ""},
			{"published as JSON", "application/json", cloudEvent(ty[0], "e2", "//buyer.test/events", `{"pfIds":["`+h.certs["A"]+`"]}`), 200, ""},
			{"fulfilled", ceType, cloudEvent(ty[1], "e3", "https://buyer.test", `{"requestEventId":"r1","pfs":[{"id":"x"}]}`), 200, ""},
			{"rejected", ceType, cloudEvent(ty[2], "e4", "https://buyer.test", `{"requestEventId":"r1","error":{"code":"NotFound","message":"none"}}`), 200, ""},
			{"published, not a UUID", ceType, cloudEvent(ty[0], "e5", "https://buyer.test", `{"pfIds":["urn:gtin:4712345060507"]}`), 400, "BadRequest"},
			{"rejected without error", ceType, cloudEvent(ty[2], "e6", "https://buyer.test", `{"requestEventId":"r1"}`), 400, "BadRequest"},
			{"not JSON", ceType, []byte(`{"type":`), 400, "BadRequest"},
			{"no source", ceType, bytes.Replace(cloudEvent(ty[0], "e7", "", `{"pfIds":[]}`), []byte(`"source":"",`), nil, 1), 400, "BadRequest"},
			{"wrong content type", "text/plain", cloudEvent(ty[0], "e8", "https://buyer.test", `{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}`), 400, "BadRequest"},
			{"other version's type", ceType, cloudEvent(ty[3], "e9", "https://buyer.test", `{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}`), 400, "BadRequest"},
			{"unknown type", ceType, cloudEvent("com.example.Unknown", "e10", "https://buyer.test", `{}`), map[int]int{2: 400, 3: 501}[v], "NotImplemented"},
		} {
			status, hdr, body := h.post(t, tok, path, tt.contentType, tt.body)
			if tt.status == 200 {
				if status != 200 || len(body) != 0 {
					t.Errorf("v%d %s: %d %q, want 200 with an empty body", v, tt.name, status, body)
				}
				continue
			}
			mustPACTError(t, status, hdr, body, tt.status, tt.code)
		}
	}
}

// Ensure the asynchronous request/response exchange of both versions: a
// RequestCreated event is accepted at once (200, empty body); the host
// then gets a token from the requester's host (HTTP Basic, the configured
// credentials) and posts to its /2/events or /3/events a Fulfilled event
// with the matching footprints, or a Rejected event (NotFound) when none
// match, each naming the request and validating against the official
// schema; a delivery that fails is retried; a source that is not on the
// allow-list is refused at once.
func TestPACT_AsyncRequests(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	tok := h.token(t)
	var a struct {
		Data struct {
			ProductIDs []string `json:"productIds"`
		} `json:"data"`
	}
	_, _, aBody := h.get(t, tok, "/2/footprints/"+h.certs["A"])
	if err := json.Unmarshal(aBody, &a); err != nil {
		t.Fatal(err)
	}
	pid, _ := json.Marshal(a.Data.ProductIDs)
	created := map[int]string{2: "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1", 3: "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"}
	request := map[int]func(ids string) string{
		2: func(ids string) string {
			return `{"pf":{"productIds":` + ids + `},"comment":"Please send PCF data for this year."}`
		},
		3: func(ids string) string { return `{"productId":` + ids + `,"status":"Active"}` },
	}
	for _, v := range []int{2, 3} {
		path := pactRoot(v) + "/events"
		for _, tt := range []struct {
			name, id, data, source string
			fulfilled              bool
			fail                   int
		}{
			{"match", "req-match", request[v](string(pid)), h.peer.ts.URL, true, 0},
			{"match, source as //host/events, one failed delivery", "req-retry", request[v](string(pid)), "//" + strings.TrimPrefix(h.peer.ts.URL, "https://") + path, true, 1},
			{"nothing matches", "req-none", request[v](`["urn:pact:null"]`), h.peer.ts.URL + "/", false, 0},
		} {
			h.peer.failNext(tt.fail)
			status, _, body := h.post(t, tok, path, ceType, cloudEvent(created[v], tt.id, tt.source, tt.data))
			if status != 200 || len(body) != 0 {
				t.Fatalf("v%d %s: %d %q, want 200 with an empty body", v, tt.name, status, body)
			}
			got := h.peer.next(t)
			if got.path != path || !strings.HasPrefix(got.ct, "application/cloudevents+json") {
				t.Fatalf("v%d %s: answer posted to %s as %q", v, tt.name, got.path, got.ct)
			}
			var ev struct {
				Type string `json:"type"`
				Data struct {
					RequestEventID string            `json:"requestEventId"`
					Pfs            []json.RawMessage `json:"pfs"`
					Error          *struct{ Code string }
				} `json:"data"`
			}
			if err := json.Unmarshal(got.body, &ev); err != nil {
				t.Fatal(err)
			}
			if ev.Data.RequestEventID != tt.id {
				t.Errorf("v%d %s: requestEventId %q, want %q", v, tt.name, ev.Data.RequestEventID, tt.id)
			}
			if tt.fulfilled {
				MustValidateJSON(t, spec[v].fulfilled, got.body)
				if len(ev.Data.Pfs) != 1 || !bytes.Contains(ev.Data.Pfs[0], []byte(h.certs["A"])) {
					t.Errorf("v%d %s: %d footprints, want A: %s", v, tt.name, len(ev.Data.Pfs), truncateBody(got.body))
				}
			} else {
				MustValidateJSON(t, spec[v].rejected, got.body)
				if ev.Data.Error == nil || ev.Data.Error.Code != "NotFound" {
					t.Errorf("v%d %s: %s, want Rejected NotFound", v, tt.name, got.body)
				}
			}
		}
		// A source nobody configured is refused at once; nothing is sent.
		status, hdr, body := h.post(t, tok, path, ceType, cloudEvent(created[v], "req-evil", "https://evil.example", request[v](string(pid))))
		mustPACTError(t, status, hdr, body, 400, "BadRequest")
		// So is a request that asks for nothing in particular (v2) or a
		// malformed date (v3).
		bad := map[int]string{2: `{"pf":{}}`, 3: `{"validOn":"soon"}`}[v]
		status, hdr, body = h.post(t, tok, path, ceType, cloudEvent(created[v], "req-bad", h.peer.ts.URL, bad))
		mustPACTError(t, status, hdr, body, 400, "BadRequest")
	}
	h.peer.mustReceiveNothing(t, "unexpected answer")
}

// Ensure GET /v1/certificates/{id}/pact gives one certificate's footprint
// in either version, valid against the official schema, and refuses a bad
// version or a suspended certificate.
func TestCertificatePACT(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	for _, v := range []string{"2", "3"} {
		rec := h.st.do(t, request{method: "GET", target: "/v1/certificates/" + h.certs["A"] + "/pact?version=" + v, as: asReg})
		if rec.Code != 200 {
			t.Fatalf("v%s: %d %s", v, rec.Code, rec.Body)
		}
		MustValidateJSON(t, spec[int(v[0]-'0')].get, rec.Body.Bytes())
	}
	MustError(t, h.st.do(t, request{method: "GET", target: "/v1/certificates/" + h.certs["A"] + "/pact?version=4", as: asReg}), 400, "invalid")
	MustError(t, h.st.do(t, request{method: "GET", target: "/v1/certificates/" + h.certs["A"] + "/pact?version=", as: asReg}), 400, "invalid")
	MustError(t, h.st.do(t, request{method: "GET", target: "/v1/certificates/" + h.certs["D"] + "/pact?version=2", as: asReg}), 400, "invalid")
	MustError(t, h.st.do(t, request{method: "GET", target: "/v1/certificates/" + h.certs["E"] + "/pact", as: asReg}), 403, "forbidden")
	MustError(t, h.st.do(t, request{method: "GET", target: "/v1/certificates/" + h.certs["A"] + "/pact?format=x", as: asReg}), 400, "invalid")
}

// supplierDoc is a supplier's PACT v3 footprint of a component per
// kilogram (test data): id, status and validity as given.
func supplierDoc(id, status, validFrom, validUntil string) []byte {
	return footprinttest.SupplierPACT3(id, status, validFrom, validUntil, "4.2")
}

const supplierID = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"

// storeSupplierDoc stores doc as a supplier's PACT footprint the
// manufacturer holds, failing unless it is stored (201).
func (st *stack) storeSupplierDoc(tb testing.TB, doc []byte) {
	tb.Helper()
	MustData[any](tb, st.do(tb, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 201)
}

// studyWithSupplierLine is the demo PV study (own serial) with one more
// BOM line referencing a supplier footprint.
func studyWithSupplierLine(t *testing.T, serial, ref, unit string) []byte {
	t.Helper()
	return withBOMLines(t, pvStudy(t, serial), map[string]any{"name": "Junction box (supplier's PACT footprint)", "quantity": 0.2, "unit": unit, "stage": "A1", "supplier": ref})
}

// Ensure the "In" direction: a manufacturer uploads a supplier's PACT
// footprint (Active, valid in the study's reference period), a BOM line
// references it as pact:<id>, the study computes with its
// pcfExcludingBiogenicUptake as primary data, the result names it, and the
// study is certified. A Deprecated footprint, a changed document under the
// same id, a line in another unit and a footprint not valid in the
// reference period are refused, naming what is wrong.
func TestPACT_SupplierFootprintInBOM(t *testing.T) {
	st := newSeededStack(t)
	doc := supplierDoc(supplierID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	up := func(doc []byte) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc})
	}
	got := MustData[struct {
		Ref          string  `json:"ref"`
		DeclaredUnit string  `json:"declared_unit"`
		KgCO2e       float64 `json:"kg_co2e"`
	}](t, up(doc), 201)
	if got.Ref != "pact:"+supplierID || got.DeclaredUnit != "kg" || got.KgCO2e != 4.2 {
		t.Fatalf("upload answer %+v", got)
	}
	MustData[any](t, up(doc), 200) // the same document again
	MustError(t, up(bytes.Replace(doc, []byte(`"4.2","pcfIncluding`), []byte(`"5.0","pcfIncluding`), 1)), 409, "conflict")
	e := MustError(t, up(supplierDoc("6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "Deprecated", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")), 400, "invalid")
	if e.Error.Field != "pact_footprint.status" {
		t.Fatalf("deprecated: %+v", e.Error)
	}

	// Without the supplier line, for the expected total.
	base := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-IN-0")}), 200)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-IN-1", "pact:"+supplierID, "kg")}), 201)
	if sup := mustResultSuppliers(t, sd); len(sup) != 1 || sup[0].ID != "pact:"+supplierID || sup[0].Supplier != "Supplier AG" ||
		sup[0].KgCO2e != 4.2 || math.Abs(sup[0].Contribution-0.84) > 1e-9 {
		t.Fatalf("result suppliers %+v", sup)
	}
	if math.Abs(*sd.KgCO2e-(*base.KgCO2e+0.84)) > 1e-6 {
		t.Fatalf("total %v, want %v + 0.84", *sd.KgCO2e, *base.KgCO2e)
	}
	app := st.apply(t, sd.ID)
	MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)

	for _, tt := range []struct {
		name, ref, unit string
		status          int
		code            string
	}{
		{"unit", "pact:" + supplierID, "piece", 400, "invalid"},
		{"unknown", "pact:7b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "kg", 400, "invalid"}, // as for an unknown supplier certificate
	} {
		rec := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: studyWithSupplierLine(t, "GEC-IN-2", tt.ref, tt.unit)})
		MustError(t, rec, tt.status, tt.code)
	}
	old := "8b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	MustData[any](t, up(supplierDoc(old, "Active", "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z")), 201)
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: studyWithSupplierLine(t, "GEC-IN-3", "pact:"+old, "kg")}), 400, "invalid")
	if !strings.Contains(e.Error.Message, "outside the reference period") {
		t.Fatalf("expired supplier footprint: %+v", e.Error)
	}
}

func TestPACT_IssuerNeverFromHost(t *testing.T) {
	// Ensure the domain a footprint's URNs name is the configured public
	// base URL's host, whatever Host header a client sends (issue 10 item
	// 4 for the PACT view).
	h := newPACTHost(t)
	tok := h.token(t)
	// Without a configured base URL too: the Host is still not believed.
	h.st.srv.BaseURL = ""
	for _, v := range []string{"2", "3"} {
		req, _ := http.NewRequest("GET", h.ts.URL+"/"+v+"/footprints/"+h.certs["A"], nil)
		req.Host = "evil.example"
		req.Header.Set("Authorization", "Bearer "+tok)
		status, _, body := h.send(t, req)
		if status != 200 {
			t.Fatalf("v%s: %d %s", v, status, truncateBody(body))
		}
		if bytes.Contains(body, []byte("evil.example")) {
			t.Fatalf("v%s: the footprint names the Host a client sent: %s", v, truncateBody(body))
		}
	}
}

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
	st.storeSupplierDoc(t, supplierDoc(id, "Active", "2024-07-01T00:00:00Z", "2025-09-30T00:00:00Z"))
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
	st.storeSupplierDoc(t, supplierDoc(current, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
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
	st.storeSupplierDoc(t, supplierDoc(id, "Active", "2025-01-01T00:00:00Z", "2026-04-01T00:00:00Z"))
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
	e := MustError(t, st.do(t, st.issueReq(t, app, `{"signatory":"Zhang San"}`)), 409, "conflict")
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

// Ensure a supplier's PACT footprint whose own figures contradict the one
// a study would use is refused at upload, naming that figure's field,
// and nothing is stored; and that the certifier's review shows what a
// stored footprint states beside its figure: the fossil emissions, the
// figure including biogenic emissions (a v2 one above the figure used,
// by the biogenic emissions that excludes, as PACT allows), the removals a
// v3 figure nets, exemptedEmissionsPercent and the boundary, with a
// warning naming the BOM line when the footprint leaves out more of its
// emissions than the rule's cut-off. Red team 16: a v3 footprint of "2.0"
// stating fossilGhgEmissions "20.0", 45 % exempted, "extrusion and
// anodising only", took the demo PV module from 158.27 to 133.96 kgCO2e,
// certified on a review that showed only the 2.0.
func TestRedteam16_PACTFiguresAtUploadAndInReview(t *testing.T) {
	st := newSeededStack(t)
	up := func(doc []byte) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc})
	}
	const bad, id3, id2 = "de0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "df0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "e00c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	v3 := func(id string) []byte {
		return supplierDoc(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	}
	v2 := func(id, pcf string) []byte {
		return bytes.Replace(footprinttest.SupplierPACT2(id, 1, "2.0"), []byte(`"pCfExcludingBiogenic":"2.0",`), []byte(`"pCfExcludingBiogenic":"2.0",`+pcf), 1)
	}
	before := st.certs.auditCount()
	for _, tt := range []struct {
		name, field, names string
		doc                []byte
	}{
		{"v3 fossil above", "pact_footprint.pcf.pcfExcludingBiogenicUptake", "fossilGhgEmissions 42.0",
			bytes.Replace(v3(bad), []byte(`"fossilGhgEmissions":"4.2"`), []byte(`"fossilGhgEmissions":"42.0"`), 1)},
		{"v2 fossil above", "pact_footprint.pcf.pCfExcludingBiogenic", "fossilGhgEmissions 20.0", v2(bad, `"fossilGhgEmissions":"20.0",`)},
		{"v2 exempted above PACT 2's 5", "pact_footprint.pcf.exemptedEmissionsPercent", "45", v2(bad, `"exemptedEmissionsPercent":45,`)},
		{"v3 exempted above 100", "pact_footprint.pcf.exemptedEmissionsPercent", "450",
			bytes.Replace(v3(bad), []byte(`"exemptedEmissionsPercent":"0"`), []byte(`"exemptedEmissionsPercent":"450"`), 1)},
	} {
		e := MustError(t, up(tt.doc), 400, "invalid")
		if e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.names) {
			t.Fatalf("%s: %+v, want %s naming %q", tt.name, e.Error, tt.field, tt.names)
		}
	}
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("audit events %d → %d: something was stored", before, n)
	}
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT16-0", "pact:"+bad, "kg")}), 400, "invalid")
	if !strings.Contains(e.Error.Message, "not found") {
		t.Fatalf("a study naming the refused footprint: %+v", e.Error)
	}

	doc3 := bytes.Replace(v3(id3), []byte(`"fossilGhgEmissions":"4.2"`), []byte(`"fossilGhgEmissions":"4.6","technologicalCO2Removals":"-0.5"`), 1)
	doc3 = bytes.Replace(doc3, []byte(`"exemptedEmissionsPercent":"0"`), []byte(`"exemptedEmissionsPercent":"45","boundaryProcessesDescription":"extrusion and anodising only"`), 1)
	MustData[any](t, up(doc3), 201)
	MustData[any](t, up(v2(id2, `"pCfIncludingBiogenic":"20.0","fossilGhgEmissions":"1.5","exemptedEmissionsPercent":5,`)), 201)
	line := func(ref string) map[string]any {
		return map[string]any{"name": "Frame (supplier's PACT footprint)", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": ref}
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: withBOMLines(t, pvStudy(t, "GEC-RT16-1"), line("pact:"+id3), line("pact:"+id2))}), 201)
	v := st.review(t, st.apply(t, sd.ID))
	if v.Review == nil || len(v.Review.PACT) != 2 {
		t.Fatalf("review: %+v", v.Review)
	}
	kg := func(x *float64) string {
		if x == nil {
			return "-"
		}
		return strconv.FormatFloat(*x, 'g', -1, 64)
	}
	got := map[string]string{}
	for _, p := range v.Review.PACT {
		got[p.Ref] = fmt.Sprintf("%v fossil %s including %s removals %s exempted %s %q", p.KgCO2e, kg(p.FossilKgCO2e), kg(p.IncludingBiogenicKgCO2e), kg(p.RemovalsKgCO2e), kg(p.ExemptedEmissionsPct), p.BoundaryProcesses)
	}
	want := map[string]string{
		// v3: 4.2 = 4.6 fossil - 0.5 removals + 0.1 of the rest
		"pact:" + id3: `4.2 fossil 4.6 including 4.2 removals -0.5 exempted 45 "extrusion and anodising only"`,
		"pact:" + id2: `2 fossil 1.5 including 20 removals - exempted 5 ""`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("review.pact_footprints %v, want %v", got, want)
	}
	var warned []string
	for _, w := range v.Review.Warnings {
		if strings.Contains(w.Message, "exemptedEmissionsPercent") {
			warned = append(warned, w.Path)
			if !strings.Contains(w.Message, "pact:"+id3) || !strings.Contains(w.Message, "45 %") || !strings.Contains(w.Message, "extrusion and anodising only") {
				t.Errorf("warning %+v, want the footprint, its 45 %% and its boundary", w)
			}
		}
	}
	if want := []string{fmt.Sprintf("bom[%d].supplier", len(mustDoc(t, pvStudy(t, "GEC-RT16-1"))["bom"].([]any)))}; !slices.Equal(warned, want) {
		t.Fatalf("exempted-share warnings on %v, want %v only (5 %% is the rule's cut-off, not above it)", warned, want)
	}
	// The v3 figure nets −0.5 of technological removals (red team 18:
	// shown, never warned): 4.2 is 4.7 without them, 11.9 % more.
	if got := reviewWarningsWith(v, warned[0], "nets removals and CO2 capture of -0.5", "without them it is 4.7 (11.9 % more)", "清除量"); len(got) != 1 {
		t.Fatalf("no warning of the netted removals: %+v", v.Review.Warnings)
	}
	mustWorkPage(t, st.signedIn(t, asCert).get("/work/applications/"+v.ID), 200, "化石排放", "fossil</span> 4.6 kgCO2e", "including biogenic</span> 20 kgCO2e",
		"removals netted</span> -0.5", "emissions left out</span> 45 %", "extrusion and anodising only")
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

// Ensure the PACT API does not state a certificate's footprint that fails
// the server's own signature check (its record edited in the database, or
// its key lost). The verification page calls such a certificate "签名未通过
// 验证 Signature not verified: do not rely on it"; the PACT API served it
// to buyers' systems as an Active footprint with its figure, no sign of
// the failure. Round 6: the check ran only until the footprint was first
// served (its facts then cached), so a record edited after a buyer had
// read it once was served on without a check ("read first").
func TestRedteam5_PACTFootprintNeedsItsSignature(t *testing.T) {
	for _, readFirst := range []bool{false, true} {
		t.Run(map[bool]string{false: "cold", true: "read first"}[readFirst], func(t *testing.T) {
			h := newPACTHost(t)
			tok := h.token(t)
			a := h.certs["A"]
			if readFirst {
				for _, target := range []string{"/2/footprints/" + a, "/3/footprints/" + a, "/2/footprints", "/3/footprints"} {
					if status, _, body := h.get(t, tok, target); status != 200 {
						t.Fatalf("GET %s: %d %s", target, status, truncateBody(body))
					}
				}
			}
			h.st.failSignatureChecks(t, "redteam5 other key")
			for _, v := range []string{"2", "3"} {
				status, _, body := h.get(t, tok, "/"+v+"/footprints/"+a)
				if status == 200 || strings.Contains(string(body), `"Active"`) {
					t.Errorf("GET /%s/footprints/%s: %d %s; want no footprint", v, a, status, truncateBody(body))
				}
				status, _, body = h.get(t, tok, "/"+v+"/footprints")
				if status == 200 && slices.Contains(ids(t, body), a) {
					t.Errorf("GET /%s/footprints lists %s", v, a)
				}
			}
		})
	}
}

// countingKeys counts the reads of the public keys: the PACT host reads
// them once for each footprint it maps (pactFootprint checks every
// certificate's signature).
type countingKeys struct {
	certification.KeyService
	n atomic.Int64
}

func (k *countingKeys) PublicKeys(ctx context.Context) ([]certification.PublicKey, error) {
	k.n.Add(1)
	return k.KeyService.PublicKeys(ctx)
}

// Ensure a ListFootprints page maps the footprints it lists and the one
// that tells whether there is a next page, not every certificate in the
// database (issue 14: no request scans what grows with the database; it
// mapped, signature checks included, every certificate on every page),
// and that a page reached by its Link costs the same however deep it is.
// Both versions; the pages together are still the whole list.
func TestPACT_PageMapsWhatItLists(t *testing.T) {
	h := newPACTHost(t)
	keys := &countingKeys{KeyService: h.st.srv.KeyService}
	h.st.srv.KeyService = keys
	tok := h.token(t)
	for _, v := range []string{"2", "3"} {
		_, _, all := h.get(t, tok, "/"+v+"/footprints")
		want := ids(t, all)
		if len(want) < 3 {
			t.Fatalf("v%s: %d footprints, want at least 3 for pages of 1", v, len(want))
		}
		var got []string
		for next := h.ts.URL + "/" + v + "/footprints?limit=1"; next != ""; {
			keys.n.Store(0)
			status, hdr, body := h.get(t, tok, next)
			if status != 200 {
				t.Fatalf("%s: %d %s", next, status, body)
			}
			got = append(got, ids(t, body)...)
			// v2 leaves out footprints without a CPC code, which are
			// mapped and passed over: at most one on this host (D).
			if n := keys.n.Load(); n > 3 {
				t.Errorf("v%s %s: %d footprints mapped for a page of 1 (of %d)", v, next, n, len(want))
			}
			next = ""
			if m := linkRe.FindStringSubmatch(hdr.Get("Link")); m != nil {
				next = m[1]
			}
		}
		if slices.Sort(got); !slices.Equal(got, want) {
			t.Errorf("v%s: pages %v, want %v", v, got, want)
		}
	}
	for _, bad := range []string{"cursor=", "cursor=%21%21", "cursor=QQ", "cursor=a&cursor=b"} {
		h.getError(t, tok, "/3/footprints?"+bad, 400, "BadRequest")
	}
}

// Ensure an asynchronous answer holds at most PACTConfig.MaxAnswer
// footprints: a request more match is answered Rejected (BadRequest,
// naming the limit), and the walk stops at the one past it (with a
// million certificates an answer held them all: one event of gigabytes,
// built in the request's handler). A request within the limit is
// Fulfilled as before.
func TestPACT_AsyncAnswerBounded(t *testing.T) {
	h := newPACTHost(t)
	h.st.srv.PACT.MaxAnswer = 1
	keys := &countingKeys{KeyService: h.st.srv.KeyService}
	h.st.srv.KeyService = keys
	spec := MustPACTSpec(t)
	tok := h.token(t)
	const created = "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"
	for _, tt := range []struct {
		name, id, data string
		fulfilled      bool
	}{
		{"every active footprint", "req-all", `{"status":"Active"}`, false},
		{"one product", "req-one", `{"productId":["urn:pact:null"],"status":"Active"}`, false},
	} {
		keys.n.Store(0)
		if status, _, body := h.post(t, tok, "/3/events", ceType, cloudEvent(created, tt.id, h.peer.ts.URL, tt.data)); status != 200 {
			t.Fatalf("%s: %d %s", tt.name, status, body)
		}
		got := h.peer.next(t)
		MustValidateJSON(t, spec[3].rejected, got.body)
		var ev struct {
			Data struct {
				Error struct{ Code, Message string }
			} `json:"data"`
		}
		if err := json.Unmarshal(got.body, &ev); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"req-all": "BadRequest", "req-one": "NotFound"}[tt.id]
		if ev.Data.Error.Code != want || want == "BadRequest" && !strings.Contains(ev.Data.Error.Message, "more than 1 footprints") {
			t.Errorf("%s: %s, want Rejected %s", tt.name, got.body, want)
		}
		// The host has 5 footprints available; the walk stops at the
		// second match (C: A matches, B is superseded), having mapped 3.
		if n := keys.n.Load(); want == "BadRequest" && n >= 5 {
			t.Errorf("%s: %d footprints mapped for an answer of at most 1: the walk did not stop", tt.name, n)
		}
	}
	h.peer.mustReceiveNothing(t, "unexpected answer")
}

// Ensure a PACT search for one holder's product or company IDs reads that
// holder's certificates only (through the owner index), not every
// certificate in the database, and finds what it found before: another
// maker's certificate X, asked for by its product ID, by its company ID in
// another case, or both, is the only footprint mapped; an organisation
// nobody has maps none. Both the list and an asynchronous answer.
func TestPACT_SearchByHolderReadsItsCertificates(t *testing.T) {
	h := newPACTHost(t)
	_, app := h.st.applyAsOther(t, pactStudy(t, "GEC-P-X", "MOD-X", true))
	x := MustData[issueData](t, h.st.do(t, h.st.issueReq(t, app, "")), 201).CertificateID
	keys := &countingKeys{KeyService: h.st.srv.KeyService}
	h.st.srv.KeyService = keys
	tok := h.token(t)
	var fp struct {
		Data struct {
			ProductIDs []string `json:"productIds"`
			CompanyIDs []string `json:"companyIds"`
		} `json:"data"`
	}
	_, _, body := h.get(t, tok, "/3/footprints/"+x)
	if err := json.Unmarshal(body, &fp); err != nil || len(fp.Data.CompanyIDs) != 1 {
		t.Fatalf("footprint X: %v %s", err, body)
	}
	product := fp.Data.ProductIDs[len(fp.Data.ProductIDs)-1]
	company := strings.ToUpper(fp.Data.CompanyIDs[0])
	for _, tt := range []struct {
		name, query string
		want        []string
	}{
		{"product", "productId=" + url.QueryEscape(product), []string{x}},
		{"company in another case", "companyId=" + url.QueryEscape(company), []string{x}},
		{"both", "productId=" + url.QueryEscape(product) + "&companyId=" + url.QueryEscape(company), []string{x}},
		{"nobody", "companyId=" + url.QueryEscape("urn:pact:example.com:company-id:Nobody%20Ltd"), nil},
	} {
		keys.n.Store(0)
		status, _, body := h.get(t, tok, "/3/footprints?"+tt.query)
		if status != 200 {
			t.Fatalf("%s: %d %s", tt.name, status, body)
		}
		if got := ids(t, body); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		if n := keys.n.Load(); n > int64(len(tt.want)) {
			t.Errorf("%s: %d footprints mapped for %d of one holder", tt.name, n, len(tt.want))
		}
	}
	// The asynchronous answer to the same product search.
	keys.n.Store(0)
	pid, _ := json.Marshal([]string{product})
	if status, _, body := h.post(t, tok, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "req-x", h.peer.ts.URL, `{"productId":`+string(pid)+`}`)); status != 200 {
		t.Fatalf("request: %d %s", status, body)
	}
	// Keys read twice: to map X, and before the delivery to check that
	// its record still verifies (staleAnswer, red team 52).
	if got := h.peer.next(t); !bytes.Contains(got.body, []byte(x)) || keys.n.Load() != 2 {
		t.Errorf("answer %s, keys read %d times, want X alone, 1 mapped and 1 check before delivery", truncateBody(got.body), keys.n.Load())
	}
}

// walkingIndex is the PACT store with the PACT host's searches answered by
// a walk through every certificate, as before pact_footprint_index: the
// answers a search through the index must give.
type walkingIndex struct {
	pact.Store
	certs certification.CertificationService
}

func (w walkingIndex) FindFootprints(ctx context.Context, f certification.CertificateFilter, _ []pact.Lookup) ([]*certification.CertificateRecord, string, error) {
	return w.certs.FindCertificates(ctx, f)
}

// Ensure a search by geography, classification, CPC code (declared ones
// too), dates or status maps only the footprints that can match, with
// certificates on the host that do not (issue 14 item 3: each walked
// every certificate, mapping each), and answers what the walk through
// every certificate answers, in both versions and in an asynchronous
// answer; and that a withdrawal, a reinstatement and a supersession change
// what the searches find at once.
func TestPACT_SearchByIndexReadsWhatCanMatch(t *testing.T) {
	h := newPACTHost(t)
	sichuan := bytes.Replace(pactStudy(t, "GEC-P-S", "MOD-S", true), []byte(`"factor": "ELEC-CN-NAT-CF-2024",`), []byte(`"geography": "CN-SC", "factor": "ELEC-CN-NAT-CF-2024",`), 1)
	_, h.certs["S"] = h.issue(t, sichuan, "")
	other := bytes.Replace(pactStudy(t, "GEC-P-Y", "MOD-Y", false), []byte(`"product_codes": ["HS:854143"]`), []byte(`"product_codes": ["HS:854143", "CPC:31230"]`), 1)
	_, h.certs["Y"] = h.issue(t, other, "")
	if code := h.st.do(t, request{method: "PUT", target: "/v1/certificates/" + h.certs["D"] + "/pact/cpc", as: asMaker, contentType: "application/json", body: []byte(`{"cpc":"47"}`)}).Code; code != 201 {
		t.Fatalf("declare CPC: %d", code)
	}
	keys := &countingKeys{KeyService: h.st.srv.KeyService}
	h.st.srv.KeyService = keys
	tok := h.token(t)
	indexed := h.st.srv.PACTSuppliers
	walking := walkingIndex{Store: indexed, certs: h.st.srv.CertificationService}
	// search asks target of the walk and of the index: both answer want,
	// the index mapping no more footprints than match.
	search := func(name, target string, want []string) {
		t.Helper()
		var got, walked []string
		for _, store := range []pact.Store{walking, indexed} {
			h.st.srv.PACTSuppliers = store
			keys.n.Store(0)
			status, _, body := h.get(t, tok, target)
			if status != 200 {
				t.Fatalf("%s: %d %s", target, status, body)
			}
			walked, got = got, ids(t, body)
		}
		if !slices.Equal(got, want) || !slices.Equal(walked, want) {
			t.Errorf("%s: %v (walking every certificate %v), want %v", name, got, walked, want)
		}
		if mapped := keys.n.Load(); mapped > int64(len(want)) {
			t.Errorf("%s: %d footprints mapped for %d that match", name, mapped, len(want))
		}
	}
	for _, tt := range []struct {
		name, target string
		want         []string
	}{
		{"subdivision", "/3/footprints?geography=cn-sc", h.want("S")},
		{"subdivision and status", "/3/footprints?geography=CN-SC&status=Active", h.want("S")},
		{"no such country", "/3/footprints?geography=DE&geography=FR", nil},
		{"v2 country", "/2/footprints?$filter=" + url.QueryEscape("pcf/geographyCountry eq 'DE'"), nil},
		{"classification", "/3/footprints?classification=URN:CPC:31230", h.want("Y")},
		{"classifications", "/3/footprints?classification=urn:cpc:99&classification=urn:cpc:31230", h.want("Y")},
		{"v2 CPC", "/2/footprints?$filter=" + url.QueryEscape("productCategoryCpc eq '31230'"), h.want("Y")},
		{"v2 declared CPC", "/2/footprints?$filter=" + url.QueryEscape("productCategoryCpc eq '47'"), h.want("D")},
		{"v2 CPC range", "/2/footprints?$filter=" + url.QueryEscape("productCategoryCpc gt '300' and productCategoryCpc lt '46'"), h.want("Y")},
		{"status", "/3/footprints?status=deprecated", h.want("B", "F")},
		{"unknown status", "/3/footprints?status=Withdrawn", nil},
		{"v2 updated", "/2/footprints?$filter=" + url.QueryEscape("updated ge '2000-01-01T00:00:00Z'"), h.want("B", "F")},
		{"v2 created", "/2/footprints?$filter=" + url.QueryEscape("created lt '2000-01-01T00:00:00Z'"), nil},
		{"v2 reference period", "/2/footprints?$filter=" + url.QueryEscape("pcf/referencePeriodEnd gt '2026-01-01T00:00:00Z'"), nil},
		{"validity", "/3/footprints?validOn=2020-01-01T00:00:00Z", nil},
		{"validity ends", "/3/footprints?validBefore=2026-01-01T00:00:00Z", nil},
	} {
		search(tt.name, tt.target, tt.want)
	}

	// A withdrawal, a reinstatement and a supersession show at once.
	h.setStatus(t, h.certs["S"], "withdraw")
	h.setStatus(t, h.certs["E"], "reinstate")
	_, sA := h.issue(t, pactStudy(t, "GEC-P-A2", "MOD-A2", true), "")
	h.certs["A2"] = sA
	for _, tt := range []struct {
		name, target string
		want         []string
	}{
		{"withdrawn", "/3/footprints?geography=CN-SC&status=Active", nil},
		{"withdrawn, deprecated", "/3/footprints?status=Deprecated&geography=cn-sc", h.want("S")},
		{"deprecated", "/2/footprints?$filter=" + url.QueryEscape("updated ge '2000-01-01T00:00:00Z' and productCategoryCpc eq '46'"), h.want("B", "F", "S")},
		{"reinstated", "/3/footprints?status=active&classification=urn:cpc:46", h.want("A", "A2", "C", "E")},
	} {
		search(tt.name, tt.target, tt.want)
	}

	// The asynchronous answer to a search by geography.
	h.st.srv.PACTSuppliers = indexed
	keys.n.Store(0)
	if status, _, body := h.post(t, tok, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "req-geo", h.peer.ts.URL, `{"geography":["CN-SC"]}`)); status != 200 {
		t.Fatalf("request: %d %s", status, body)
	}
	// Keys read twice: to map S, and before the delivery (staleAnswer).
	if got := h.peer.next(t); !bytes.Contains(got.body, []byte(h.certs["S"])) || bytes.Contains(got.body, []byte(h.certs["A"])) || keys.n.Load() != 2 {
		t.Errorf("answer %s, keys read %d times, want S alone, 1 mapped and 1 check before delivery", truncateBody(got.body), keys.n.Load())
	}
}

// Red team 19 (web and access): the PACT parsers' errors.
//
// Attack (errors leaking internals): a PACT partner (a buyer abroad, who
// holds no more than a partner key) posts a RequestCreated event, or a
// manufacturer uploads a supplier's PACT footprint, with a member of the
// wrong JSON type. The PACT parsers (footprint/pact event.go, supplier.go)
// pass encoding/json's message through, which prints the server's Go
// types: "cannot unmarshal number into Go struct field .pf.pcf of type
// struct { GeographyCountry string "json:\"geographyCountry\"" }", and for
// a supplier footprint the whole anonymous struct of its pcf member, every
// field and tag (some 700 characters). The JSON API's own binder
// (jsonBindError) words the same errors for a JSON client ("want a JSON
// object, got JSON number", naming the field); the PACT routes do not.
//
// A correct service words these errors without Go types or struct
// definitions, naming the member at fault.
func TestRedteam19_PACTErrorsShowNoGoTypes(t *testing.T) {
	st := newSeededStack(t)
	leaks := func(body string) bool {
		return strings.Contains(body, "Go struct") || strings.Contains(body, "struct {") || strings.Contains(body, `json:\"`)
	}
	for _, tc := range []struct {
		name, names string
		r           request
	}{
		{"v2 RequestCreated", "data.pf.pcf: want an object, got number", request{method: "POST", target: "https://pcf.test/2/events", as: asMaker, contentType: "application/cloudevents+json; charset=UTF-8",
			body: []byte(`{"type":"org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1","specversion":"1.0","id":"1","source":"//buyer.test","time":"2026-03-02T08:00:00Z","data":{"pf":{"pcf":5}}}`)}},
		{"v3 RequestCreated", "data.productId: want an array, got number", request{method: "POST", target: "https://pcf.test/3/events", as: asMaker, contentType: "application/cloudevents+json; charset=UTF-8",
			body: []byte(`{"type":"org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3","specversion":"1.0","id":"1","source":"//buyer.test","time":"2026-03-02T08:00:00Z","data":{"productId":5}}`)}},
		{"supplier footprint", "pcf: want a JSON object, got JSON string", request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json",
			body: []byte(`{"pcf":"x"}`)}},
	} {
		rec := st.do(t, tc.r)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400: %.300s", tc.name, rec.Code, rec.Body)
		}
		if !strings.Contains(rec.Body.String(), tc.names) {
			t.Errorf("%s: the error does not name %s: %.400s", tc.name, tc.names, rec.Body)
		}
		if leaks(rec.Body.String()) {
			t.Errorf("%s: the error shows the server's Go types (%d bytes): %.400s", tc.name, rec.Body.Len(), rec.Body)
		}
	}
}

// Attack (a supply chain read off the public pages): supplier lists are
// private (PRODUCT.md principle 7; the verify answer's supplier_alerts
// name no supplier, docs/api.md "Supplier flags"). But a flagged
// certificate's public alert carries the instant of the supplier's status
// change to the nanosecond (supplier_alerts[].at, the flag's time, which
// is the supplier's transaction's), and the supplier's own public answer
// carries that instant too (status_since, to the second). Anyone who reads
// the registry (every suspended, withdrawn and superseded certificate, by
// status) and the verify answers of the flagged ones pairs them: here the
// buyer's module certificate (Other Maker Ltd.) is shown to be built on
// the demo certificate of Demo Module Co., the one certificate whose
// status changed in that second with that status. Status changes are rare
// events, so one match names the supplier.
//
// A correct service gives the public no time that pairs a flagged
// certificate with its supplier's status change (the alert says that a
// supplier certificate changed status, and since when the certificate is
// under review at the coarsest, never the supplier's instant).

// Red team 21 (PACT exchange): suppliers' PACT footprints in a study.

// Attack (a Deprecated footprint through the upload route): the member
// names of a JSON document are case sensitive, encoding/json's matching
// is not and keeps the last member it meets (footprint/pact
// TestRedteam21_SupplierDocumentReadOtherwiseThanItSays). The supplier's
// Deprecated junction box, uploaded with `"Status":"Active"` appended
// after its `"status":"Deprecated"`, is stored (201) and a study computes
// on it; the stored document, which the certifier is told to check with
// the supplier, says Deprecated to every PACT reader.
//
// A correct service refuses it at upload (400 naming
// pact_footprint.status, or the ambiguous member), as it refuses the same
// document without the appended member; nothing is stored.
func TestRedteam21_DeprecatedPACTFootprintUnderCaseVariantStatus(t *testing.T) {
	st := newSeededStack(t)
	const id = "5e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierDoc(id, "Deprecated", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 400, "invalid")
	forged := bytes.Replace(doc, []byte(`"status":"Deprecated",`), []byte(`"status":"Deprecated","Status":"Active",`), 1)
	if bytes.Equal(forged, doc) {
		t.Fatal("the document has no status member to follow")
	}
	before := st.certs.auditCount()
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: forged})
	if rec.Code < 400 {
		used := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
			body: studyWithSupplierLine(t, "GEC-RT21-2", "pact:"+id, "kg")})
		t.Fatalf("a Deprecated footprint with \"Status\":\"Active\" appended was stored (%d) and a calculation on it answered %d: %.200s", rec.Code, used.Code, used.Body)
	}
	if e := MustError(t, rec, 400, "invalid"); !strings.HasPrefix(e.Error.Field, "pact_footprint") {
		t.Errorf("%+v, want a pact_footprint field named", e.Error)
	}
	if n := st.certs.auditCount(); n != before {
		t.Errorf("audit events %d → %d: something was stored", before, n)
	}
}

// Red team 27: time. A supplier's PACT footprint of a period that has not
// ended, nor even begun, carries a certificate of measured data. A study is
// stored and applied for only once its reference period has ended
// (factordb periodEnded, TestRedteam5_FutureReferencePeriod): a period not
// ended holds production not made yet. A supplier's footprint meets no such
// rule: on 2026-03-02 the manufacturer uploads the junction-box supplier's
// PACT footprint "of" 2026-06-01 to 2027-06-01 (a forecast: created
// 2025-01-15, before its own period), stated valid from 2025-01-01
// (ParseSupplier takes any stated validityPeriodStart, and the engine's
// window runs from it), and the demo module's 2025 study uses it: upload
// 201, study 201, application 201, certificate issued 201, the review
// silent on the footprint's period.
//
// What should happen: the upload refuses a footprint whose reference
// period has not ended on the day (400 invalid naming
// pcf.referencePeriodEnd), as a study's own is; and a line using a
// footprint of a period that starts after the study's ends is refused at
// the line's supplier (footprint's
// TestRedteam27_PACTFootprintOfALaterPeriodBackdatedByItsValidityStart).
func TestRedteam27_PACTFootprintOfAPeriodNotEndedCertified(t *testing.T) {
	st := newSeededStack(t) // clock 2026-03-02
	const id = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
	doc := supplierDoc(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	doc = bytes.Replace(doc, []byte(`"referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"`),
		[]byte(`"referencePeriodStart":"2026-06-01T00:00:00Z","referencePeriodEnd":"2027-06-01T00:00:00Z"`), 1)
	if !bytes.Contains(doc, []byte("2027-06-01")) {
		t.Fatal("fixture not rewritten")
	}
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc})
	if rec.Code == 400 {
		return // refused at upload: fine
	}
	if rec.Code != 201 {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	srec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT27-1", "pact:"+id, "kg")})
	if srec.Code == 400 {
		return // refused at the study: fine
	}
	sd := MustData[studyData](t, srec, 201)
	app := st.apply(t, sd.ID)
	warnings := st.review(t, app).Review.Warnings
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	t.Errorf("on %s a supplier footprint of 2026-06-01/2027-06-01 (not ended, not begun), stated valid from 2025-01-01, stored (201) and used in the 2025 study %s: certificate %s issued at %.2f kgCO2e (review warnings %+v); want the upload refused, 400 naming pcf.referencePeriodEnd",
		st.clock.Now().Format("2006-01-02"), sd.ID, issued.Number, issued.KgCO2e, warnings)
}

// Red team 30: a supplier's PACT footprint "replacing" another company's.

// Attack (a footprint of another company named as replaced): a study's
// owner refuses a stored PACT footprint that another of its stored
// footprints names in precedingPfIds (red team 21), whoever published
// either. A supplier (Other Supplier Ltd, its own PACT host) answers a
// fetch with its footprint X at 1.4 kgCO2e/kg naming, in precedingPfIds,
// the footprint W of Supplier AG (4.2) the manufacturer holds: PACT's
// precedingPfIds are the data owner's own earlier footprints, and one
// company cannot replace another's. Before, W was refused from then on
// in every new calculation, an application on a stored study using it
// was refused (409), and the refusal told the manufacturer to "use"
// pact:X — another company's product at a third of the figure (the demo
// module's 0.2 kg junction box: 0.84 → 0.28 kgCO2e).
//
// A correct service does not let a footprint replace another company's:
// the document is refused naming its precedingPfIds entry, or W stays
// usable.
func TestRedteam30_FootprintReplacesAnotherCompanys(t *testing.T) {
	const w, x = "9a0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "9b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st := newSeededStack(t)
	st.storeSupplierDoc(t, supplierDoc(w, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT30-RPL", "pact:"+w, "kg")}), 201)

	other := supplierDoc(x, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	for _, r := range [][2]string{
		{`"4.2"`, `"1.4"`},
		{`"status":"Active",`, `"status":"Active","precedingPfIds":["` + w + `"],`},
		{`"companyName":"Supplier AG"`, `"companyName":"Other Supplier Ltd"`},
		{`urn:pact:supplier.example:company-id:1`, `urn:pact:other-supplier.example:company-id:7`},
		{`urn:pact:supplier.example:product-id:JB-1`, `urn:pact:other-supplier.example:product-id:X-9`},
	} {
		if !bytes.Contains(other, []byte(r[0])) {
			t.Fatalf("test data: %s not in the document", r[0])
		}
		other = bytes.Replace(other, []byte(r[0]), []byte(r[1]), -1)
	}
	rec := st.fetchFromOtherSupplier(t, other, x)
	if rec.Code/100 != 2 {
		e := MustError(t, rec, 400, "invalid")
		if e.Error.Field != "pact_footprint.precedingPfIds[0]" {
			t.Fatalf("refused, but naming %+v", e.Error)
		}
		return
	}
	calc := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT30-RPL-2", "pact:"+w, "kg")})
	if calc.Code != 200 {
		t.Errorf("Other Supplier Ltd's footprint %s replaced Supplier AG's %s: calculation %d %.400s", x, w, calc.Code, calc.Body)
	}
	if app := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + sd.ID + `","certifier":"` + orgCertifier + `"}`)}); app.Code != 201 {
		t.Errorf("application on the study using %s: %d %.400s", w, app.Code, app.Body)
	} else if strings.Contains(app.Body.String(), "precedingPfIds") {
		t.Errorf("application answer names the replacement: %s", app.Body)
	}
}

// The same, the other company's footprint stored first: it names a
// footprint the manufacturer does not hold yet, which was then refused at
// upload ("replaced by …") and in every calculation. A correct service
// stores Supplier AG's footprint and lets a calculation use it.
func TestRedteam30_FootprintReplacesAnotherCompanysBeforeItIsStored(t *testing.T) {
	const w, x = "9d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "9e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st := newSeededStack(t)
	other := redteam30DocV2(x, 1, "Other Supplier Ltd", "urn:pact:other-supplier.example:company-id:7", "1.4")
	other = bytes.Replace(other, []byte(`"status":"Active",`), []byte(`"status":"Active","precedingPfIds":["`+w+`"],`), 1)
	st.storeSupplierDoc(t, other)
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json",
		body: redteam30DocV2(w, 1, "Supplier AG", "urn:pact:supplier.example:company-id:1", "4.2")})
	if rec.Code != 201 {
		t.Fatalf("Supplier AG's footprint %s, named by Other Supplier Ltd's %s: %d %.400s", w, x, rec.Code, rec.Body)
	}
	if calc := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT30-RPL-3", "pact:"+w, "kg")}); calc.Code != 200 {
		t.Errorf("calculation on pact:%s: %d %.400s", w, calc.Code, calc.Body)
	}
	// Its own company's replacement still replaces it (red team 21).
	const y = "9f0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	own := redteam30DocV2(y, 1, "Supplier AG", "urn:pact:supplier.example:company-id:1", "8.4")
	st.storeSupplierDoc(t, bytes.Replace(own, []byte(`"status":"Active",`), []byte(`"status":"Active","precedingPfIds":["`+w+`"],`), 1))
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT30-RPL-4", "pact:"+w, "kg")}), 400, "invalid")
	if !strings.Contains(e.Error.Message, y) {
		t.Errorf("replaced by its own company's footprint: %+v", e.Error)
	}
}

// pactHostAnswering starts a supplier's PACT host over TLS (rawPACTHost)
// that answers doc as footprint id at /3/footprints/id; it is closed when
// the test ends.
func pactHostAnswering(tb testing.TB, doc []byte, id string) *httptest.Server {
	tb.Helper()
	var calls []string
	ts := httptest.NewTLSServer(rawPACTHost([]byte(`{"data":`+string(doc)+`}`), &calls, "/3/footprints/"+id))
	tb.Cleanup(ts.Close)
	return ts
}

// fetchFromOtherSupplier registers, as the manufacturer's endpoint
// "other-supplier", a host answering doc as footprint id
// (pactHostAnswering) and fetches id from it.
func (st *stack) fetchFromOtherSupplier(tb testing.TB, doc []byte, id string) *httptest.ResponseRecorder {
	tb.Helper()
	ts := pactHostAnswering(tb, doc, id)
	st.registerSupplier(tb, ts, "other-supplier", ts.URL)
	return st.fetchPACT(tb, asMaker, "other-supplier", id)
}

// calculatedSuppliers calculates, as the manufacturer, the demo PV study
// (serial) with a junction box taken from supplier footprint ref, and
// returns the supplier footprints its result names.
func (st *stack) calculatedSuppliers(t *testing.T, serial, ref string) []resultSupplier {
	t.Helper()
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, serial, ref, "kg")}), 200)
	return mustResultSuppliers(t, sd)
}

// redteam30DocV2 is a PACT v2 footprint of company (its name and one
// company id) in version, figure kgCO2e per kilogram.
func redteam30DocV2(id string, version int, company, companyID, figure string) []byte {
	return []byte(`{"id":"` + id + `","specVersion":"2.3.0","version":` + strconv.Itoa(version) + `,"created":"2025-01-15T00:00:00Z","status":"Active",
 "validityPeriodStart":"2025-01-01T00:00:00Z","validityPeriodEnd":"2027-12-31T00:00:00Z",
 "companyName":"` + company + `","companyIds":["` + companyID + `"],"productNameCompany":"junction box",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"` + figure + `","characterizationFactors":"AR6","ipccCharacterizationFactorsSources":["AR6"],
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}

// Attack (a footprint id reused by another company): PACT v2 keeps a
// footprint's id across its versions, and the store keeps a document
// with a stored id and a higher version as that footprint's update,
// which every new calculation on "pact:<id>" then reads. Another
// supplier's host (Other Supplier Ltd) answers a fetch with its own
// junction box under the id of Supplier AG's footprint the manufacturer
// holds (version 1, 4.2 kgCO2e/kg), in version 2 at 1.4: it was stored as
// Supplier AG's footprint's update, and the manufacturer's lines on
// pact:<id> computed with Other Supplier Ltd's 1.4 (the demo module's
// 0.2 kg junction box 0.84 → 0.28 kgCO2e), the BOM and the study saying
// nothing of another company.
//
// A correct service keeps a footprint's versions to one company: the
// other company's document is refused, naming its company, or the
// calculation still reads Supplier AG's figure.
func TestRedteam30_FootprintIDReusedByAnotherCompany(t *testing.T) {
	const id = "9c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st := newSeededStack(t)
	st.storeSupplierDoc(t, redteam30DocV2(id, 1, "Supplier AG", "urn:pact:supplier.example:company-id:1", "4.2"))
	other := redteam30DocV2(id, 2, "Other Supplier Ltd", "urn:pact:other-supplier.example:company-id:7", "1.4")
	rec := st.fetchFromOtherSupplier(t, other, id)
	if rec.Code/100 != 2 {
		e := MustError(t, rec, 409, "conflict")
		if !strings.HasPrefix(e.Error.Field, "pact_footprint.company") {
			t.Fatalf("refused, but naming %+v", e.Error)
		}
		return
	}
	if sup := st.calculatedSuppliers(t, "GEC-RT30-ID", "pact:"+id); len(sup) != 1 || sup[0].KgCO2e != 4.2 {
		t.Errorf("pact:%s computed as %+v: Other Supplier Ltd's 1.4 stood for Supplier AG's 4.2", id, sup)
	}
}

// The same with Supplier AG's name and identifiers copied (they are in
// every footprint it shares): Supplier AG's footprint was fetched from
// its host, and another host answering with a later version of it is not
// its update. A correct service refuses it, naming the endpoint.
func TestRedteam30_FootprintIDReusedFromAnotherHost(t *testing.T) {
	const id = "9c1c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st := newSeededStack(t)
	own := pactHostAnswering(t, redteam30DocV2(id, 1, "Supplier AG", "urn:pact:supplier.example:company-id:1", "4.2"), id)
	copied := pactHostAnswering(t, redteam30DocV2(id, 2, "Supplier AG", "urn:pact:supplier.example:company-id:1", "1.4"), id)
	st.fetchFrom(t, own, "supplier-ag", id)
	st.srv.PACT.Suppliers = append(st.srv.PACT.Suppliers, api.PACTHost{URL: copied.URL})
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"other","url":"` + copied.URL + `","client_id":"maker","client_secret":"s3cret"}`)}), 201)
	rec := st.fetchPACT(t, asMaker, "other", id)
	if rec.Code/100 == 2 {
		t.Fatalf("another host's version 2 of %s stored: %s", id, rec.Body)
	}
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "endpoint" {
		t.Errorf("refused naming %+v", e.Error)
	}
	if sup := st.calculatedSuppliers(t, "GEC-RT30-ID-2", "pact:"+id); len(sup) != 1 || sup[0].KgCO2e != 4.2 {
		t.Errorf("pact:%s computed as %+v", id, sup)
	}
}

// Red team 30: a PACT document whose specVersion is "2" alone.

// Attack (a v2 document written "2"): ParseSupplier reads a document of
// specVersion "2" as PACT 2 (its fields, its version), but IsV2 asks for
// "2." and so took it for PACT 3, which has no versions: the result
// recorded no version for it, and the certifier's review, which reads the
// version the result records (0 when none), showed the earlier version of
// the footprint. The manufacturer stores the supplier's PACT 2 footprint
// (version 0, 8.4 kgCO2e/kg), then its own document under the same id,
// specVersion "2", version 1, at 1.4: the study computed with 1.4 (the
// demo module's 0.2 kg junction box 1.68 → 0.28 kgCO2e) while the review
// would show the certifier version 0 at 8.4. Held by the recalculation at
// application, which also read version 0 and refused the study ("the
// stored result is not what today's engine gives"): no certificate, but a
// study on such a document could never be applied for.
//
// A correct service reads a document's version as the version it is
// stored under: it refuses a specVersion that is not major.minor[.patch]
// naming pact_footprint.specVersion, or the application is made and the
// review shows the figure the study used.
func TestRedteam30_SpecVersionWithoutMinorHidesTheFigureUsed(t *testing.T) {
	const id = "9d1c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st := newSeededStack(t)
	st.storeSupplierDoc(t, redteam30DocV2(id, 0, "Supplier AG", "urn:pact:supplier.example:company-id:1", "8.4"))
	own := bytes.Replace(redteam30DocV2(id, 1, "Supplier AG", "urn:pact:supplier.example:company-id:1", "1.4"), []byte(`"specVersion":"2.3.0"`), []byte(`"specVersion":"2"`), 1)
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: own})
	if rec.Code/100 != 2 {
		if e := MustError(t, rec, 400, "invalid"); e.Error.Field != "pact_footprint.specVersion" {
			t.Fatalf("refused naming %+v", e.Error)
		}
		return
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT30-SV", "pact:"+id, "kg")}), 201)
	used := mustResultSuppliers(t, sd)
	app := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + sd.ID + `","certifier":"` + orgCertifier + `"}`)})
	if app.Code != 201 {
		t.Fatalf("application: %d %.400s (the recalculation read version 0)", app.Code, app.Body)
	}
	rv := st.review(t, MustData[appData](t, app, 201).ID)
	if len(used) != 1 || rv.Review == nil || len(rv.Review.PACT) != 1 || rv.Review.PACT[0].KgCO2e != used[0].KgCO2e {
		t.Fatalf("the study used %+v; the certifier's review shows %+v", used, rv.Review.PACT)
	}
}

// issueFailingSignature issues a certificate of a new study of product
// code and model that fails the server's own signature check (a key
// rotated in signs it, and the server then publishes the keys of before:
// frozenKeys), and returns its ID.
func (h *pactHost) issueFailingSignature(t *testing.T, code, model string) string {
	t.Helper()
	before, err := h.st.srv.KeyService.PublicKeys(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	h.st.mustDo(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin})
	_, id := h.issue(t, pactStudy(t, code, model, true), "")
	h.st.srv.KeyService = frozenKeys{h.st.srv.KeyService, before}
	return id
}

// frozenKeys is a key service that publishes the keys it was given: the
// keys of before a rotation, so that what the new key signed fails the
// server's own signature check, as a record edited in the database does,
// while what the old key signed passes.
type frozenKeys struct {
	certification.KeyService
	keys []certification.PublicKey
}

func (k frozenKeys) PublicKeys(context.Context) ([]certification.PublicKey, error) {
	return k.keys, nil
}

// Ensure one certificate record that fails the server's own signature
// check withholds its own footprint only: the lists answer 200 with the
// others, and the footprint itself is refused as withheld (403), not as a
// server error. A failing record made every list of every partner answer
// 500 (red team 49's open end).
func TestPACT_OneRecordFailingItsSignatureLeavesTheListStanding(t *testing.T) {
	h := newPACTHost(t)
	g := h.issueFailingSignature(t, "GEC-P-G", "MOD-G")
	tok := h.token(t)
	for _, v := range []string{"2", "3"} {
		status, _, body := h.get(t, tok, "/"+v+"/footprints")
		if status != 200 {
			t.Fatalf("GET /%s/footprints with one record failing its signature: %d %s, want 200", v, status, truncateBody(body))
		}
		if got := ids(t, body); slices.Contains(got, g) || !slices.Contains(got, h.certs["A"]) {
			t.Errorf("GET /%s/footprints lists %v; want A, not G", v, got)
		}
		h.getError(t, tok, "/"+v+"/footprints/"+g, 403, "AccessDenied")
	}
	if e := MustError(t, h.st.do(t, request{method: "GET", target: "/v1/certificates/" + g + "/pact", as: asMaker}), 409, "conflict"); e.Error.Field != "signature" {
		t.Errorf("GET /v1/certificates/%s/pact: %+v, want 409 naming signature", g, e.Error)
	}
}

// mustSayChineseFirst fails t unless msg says it in Chinese, then in
// English (footprint/internal/errzh: one message, Chinese first), its
// English half in English only.
func mustSayChineseFirst(t *testing.T, what, msg string) {
	t.Helper()
	en := footprinttest.English(t, msg)
	if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("%s: the English half of %q holds Chinese", what, msg)
	}
}

// Ensure the PACT routes' own refusals say it in Chinese, then in English,
// as every other message of the service (red team 64): the PACT spec fixes
// the error body's form ({"code","message"}) and its codes, and leaves the
// message free text. Before, a PACT client's person read "footprint … does
// not exist", "invalid footprint ID …", "unknown query parameter …",
// "limit: want a positive integer", "the access token has expired",
// "invalid or missing access token: 需要身份验证。authentication required"
// (English, then Chinese, then English), "Method Not Allowed", the
// HTTPS-only refusal and the event refusals in English only. The codes
// and statuses do not change.
func TestRedteam64_PACTErrorsSayItInChineseFirst(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	const unknown = "0b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	check := func(what string, status int, hdr http.Header, body []byte, wantStatus int, code string) {
		t.Helper()
		mustPACTError(t, status, hdr, body, wantStatus, code)
		var e struct{ Message string }
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatal(err)
		}
		mustSayChineseFirst(t, what, e.Message)
	}
	for _, v := range []int{2, 3} {
		p := pactRoot(v)
		bad := map[int]int{2: 400, 3: 401}[v]
		notFound := map[int]string{2: "NoSuchFootprint", 3: "NotFound"}[v]
		for _, tt := range []struct {
			what, token, target string
			status              int
			code                string
		}{
			{"limit 0", tok, p + "/footprints?limit=0", 400, "BadRequest"},
			{"empty cursor", tok, p + "/footprints?cursor=", 400, "BadRequest"},
			{"unknown parameter", tok, p + "/footprints?foo=1", 400, "BadRequest"},
			{"malformed id", tok, p + "/footprints/abc", 400, "BadRequest"},
			{"unknown id", tok, p + "/footprints/" + unknown, 404, notFound},
			{"suspended", tok, p + "/footprints/" + h.certs["E"], 403, "AccessDenied"},
			{"query on GetFootprint", tok, p + "/footprints/" + h.certs["A"] + "?x=1", 400, "BadRequest"},
			{"invalid token", "very-invalid-access-token-0123456789abcdef", p + "/footprints", bad, "BadRequest"},
			{"no token", "", p + "/footprints", bad, "BadRequest"},
		} {
			status, hdr, body := h.get(t, tt.token, tt.target)
			check(tt.what, status, hdr, body, tt.status, tt.code)
		}
		status, hdr, body := h.post(t, tok, p+"/events", "text/plain", []byte(`{}`))
		check("event content type", status, hdr, body, 400, "BadRequest")
		status, hdr, body = h.post(t, tok, p+"/events", "application/cloudevents+json; charset=UTF-8", bytes.Repeat([]byte(" "), 1<<20+1))
		check("event too large", status, hdr, body, 413, "BadRequest")
		status, hdr, body = h.post(t, tok, p+"/footprints", "application/json", nil)
		check("method", status, hdr, body, 405, "BadRequest")
		// Over plain HTTP: refused, in both languages too.
		rec := h.st.do(t, request{method: "GET", target: p + "/footprints", as: asMaker})
		check("plain HTTP", rec.Code, rec.Header(), rec.Body.Bytes(), 403, "AccessDenied")
	}
	// v2 of a footprint without a CPC code.
	status, hdr, body := h.get(t, tok, "/2/footprints/"+h.certs["D"])
	check("no v2 form", status, hdr, body, 404, "NoSuchFootprint")
	// Two hours later the access token has expired.
	h.st.clock.t.Add(int64(2 * time.Hour))
	for _, v := range []int{2, 3} {
		status, hdr, body := h.get(t, tok, pactRoot(v)+"/footprints")
		check("expired token", status, hdr, body, 401, "TokenExpired")
	}
}

// Ensure a failure of a supplier's PACT host is told to the manufacturer
// in Chinese, then in English (red team 64): fetchError joined its format
// to an English prefix, so no table gave it its Chinese, and the check of
// every format (errzh) did not see it: "supplier's PACT host: GET …: 404",
// "… authentication failed: …" in English only.
func TestRedteam64_SupplierHostFailureSaidInChineseFirst(t *testing.T) {
	st := newSeededStack(t)
	ts := newSupplierHost(t, supplierDoc(supplierID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
	st.registerSupplier(t, ts, "supplier-ag", ts.URL)
	e := MustError(t, st.fetchPACT(t, asMaker, "supplier-ag", "0b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"), 400, "invalid")
	if e.Error.Field != "endpoint" || !strings.Contains(e.Error.Message, "404") {
		t.Fatalf("not served: %+v", e.Error)
	}
	mustSayChineseFirst(t, "not served", e.Error.Message)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"supplier-ag","url":"` + ts.URL + `","client_id":"maker","client_secret":"wrong-secret"}`)}), 200)
	e = MustError(t, st.fetchPACT(t, asMaker, "supplier-ag", supplierID), 400, "invalid")
	if e.Error.Field != "endpoint" || !strings.Contains(e.Error.Message, "authentication failed") || strings.Contains(e.Error.Message, "wrong-secret") {
		t.Fatalf("bad credentials: %+v", e.Error)
	}
	mustSayChineseFirst(t, "bad credentials", e.Error.Message)
}

// Ensure a PACT client cannot fill the service's outbox with requests
// (red team 64): each RequestCreated event under a new id was accepted
// (200) and queued an answer of every footprint it matched, up to a
// thousand, kept in the database with its event, while the requester's
// callback host did not take it; nothing bounded how many. A requester
// with pact.MaxPendingAnswers answers pending is refused at once (400
// BadRequest, in both languages, nothing queued), as the spec allows a
// request the data owner cannot handle.
func TestRedteam64_RequestsCannotFillTheOutbox(t *testing.T) {
	h := newPACTHost(t)
	h.peer.failNext(1 << 20) // the requester's host takes no answer
	tok := h.token(t)
	send := func(i int) (int, http.Header, []byte) {
		return h.post(t, tok, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
			"flood-"+strconv.Itoa(i), h.peer.ts.URL, `{"status":"Active"}`))
	}
	for i := range pact.MaxPendingAnswers {
		if status, _, body := send(i); status != 200 {
			t.Fatalf("request %d: %d %s", i, status, body)
		}
	}
	status, hdr, body := send(pact.MaxPendingAnswers)
	mustPACTError(t, status, hdr, body, 400, "BadRequest")
	var e struct{ Message string }
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	mustSayChineseFirst(t, "outbox full", e.Message)
	if !strings.Contains(e.Message, "waiting for delivery") {
		t.Fatalf("message %q names no pending answers", e.Message)
	}
	evs, _, err := h.st.certs.FindAuditEvents(context.Background(), access.AuditFilter{Action: ptr(pact.AuditAnswerQueued), Limit: 2 * pact.MaxPendingAnswers})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != pact.MaxPendingAnswers {
		t.Fatalf("%d answers queued, want %d", len(evs), pact.MaxPendingAnswers)
	}
}

// Red team 69 (session 45): what one ListFootprints page may read.

// Ensure ListFootprints takes an offset of at most api.PACTMaxOffset and
// refuses a larger one (BadRequest, in Chinese and English, pointing to
// the Link cursor): offset skips matches one by one, each read, checked
// against its signature and mapped, so offset=1000000000 had any PACT
// client ask for a walk of every certificate on each request; the cursor
// continues where a page ended.
func TestRedteam69_ListOffsetBounded(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	for _, v := range []string{"2", "3"} {
		if status, _, body := h.get(t, tok, fmt.Sprintf("/%s/footprints?offset=%d", v, api.PACTMaxOffset)); status != 200 {
			t.Fatalf("v%s offset %d: %d %s", v, api.PACTMaxOffset, status, body)
		}
		if status, _, body := h.get(t, tok, "/"+v+"/footprints?offset=1"); status != 200 || len(ids(t, body)) == 0 {
			t.Fatalf("v%s offset 1: %d %s", v, status, body)
		}
		body := h.getError(t, tok, fmt.Sprintf("/%s/footprints?offset=%d", v, api.PACTMaxOffset+1), 400, "BadRequest")
		if !strings.Contains(string(body), "offset is at most 1000") || !strings.Contains(string(body), "Link") || !strings.Contains(string(body), "至多为 1000") {
			t.Errorf("v%s: %s, want the bound and the Link cursor, in Chinese and English", v, body)
		}
		h.getError(t, tok, "/"+v+"/footprints?offset=1000000000&limit=1", 400, "BadRequest")
	}
}

// Ensure a ListFootprints page reads at most PACTConfig.MaxPageReads
// certificates: a filter few certificates meet, on what the index does not
// answer (a GTIN here), ends each page there with what it found (perhaps
// nothing) and a Link continuing after the last certificate read, so that
// following the links still gives every match once, as does a list
// without a filter and one with an offset (carried in the link while it
// is not passed). Before, each page walked every certificate until it was
// full: at a million certificates, any PACT client's request for a GTIN
// nobody has read them all (the bound did not exist).
func TestRedteam69_ListPageReadsBounded(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	follow := func(target string) (got []string, pages int) {
		t.Helper()
		for target != "" {
			status, hdr, body := h.get(t, tok, target)
			if status != 200 {
				t.Fatalf("%s: %d %s", target, status, body)
			}
			got, pages, target = append(got, idsInOrder(t, body)...), pages+1, nextLink(t, hdr)
		}
		return got, pages
	}
	for _, v := range []string{"2", "3"} {
		all, _ := follow("/" + v + "/footprints")
		if len(all) < 4 {
			t.Fatalf("v%s: %d footprints, want at least 4 for the test", v, len(all))
		}
		h.st.srv.PACT.MaxPageReads = 2
		got, pages := follow("/" + v + "/footprints?limit=100")
		if !slices.Equal(got, all) || pages < 2 {
			t.Errorf("v%s, 2 reads a page: %v in %d pages, want %v in more than one", v, got, pages, all)
		}
		got, _ = follow("/" + v + "/footprints?limit=100&offset=3")
		if !slices.Equal(got, all[3:]) {
			t.Errorf("v%s offset 3, 2 reads a page: %v, want %v", v, got, all[3:])
		}
		none := map[string]string{"2": "/2/footprints?%24filter=productIds%2Fany(p%3A(p+eq+%27urn%3Agtin%3A00000000000000%27))", "3": "/3/footprints?productId=urn:gtin:00000000000000"}[v]
		status, hdr, body := h.get(t, tok, none)
		if got, pages := follow(none); status != 200 || len(ids(t, body)) != 0 || hdr.Get("Link") == "" || len(got) != 0 || pages < 2 {
			t.Errorf("v%s a GTIN nobody has: %d Link %q, %v in %d pages; want a first page of none with a Link, and none in all", v, status, hdr.Get("Link"), got, pages)
		}
		h.st.srv.PACT.MaxPageReads = 0
		if _, hdr, _ := h.get(t, tok, none); hdr.Get("Link") != "" {
			t.Errorf("v%s a GTIN nobody has, default bound: Link %q, want none", v, hdr.Get("Link"))
		}
	}
	if api.PACTMaxPageReads < 10*api.PACTMaxLimit {
		t.Errorf("PACTMaxPageReads %d: a full page of %d needs room for the matches it passes over", api.PACTMaxPageReads, api.PACTMaxLimit)
	}
}

// Ensure a ListFootprints page counts against PACTConfig.MaxPageReads the
// certificates it reads and withholds (E, suspended, here), as it counts
// those it lists: the walk passed over a withheld certificate without
// counting it, so a page read every suspended or flagged certificate in
// its way, however many, whatever the bound (red team 69's bound).
func TestRedteam69_ListPageReadsCountWithheld(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	h.st.srv.PACT.MaxPageReads = 1
	withheldPages := 0 // pages that read a certificate and listed none, with a Link on
	for target := "/3/footprints?limit=100"; target != ""; {
		status, hdr, body := h.get(t, tok, target)
		if status != 200 {
			t.Fatalf("%s: %d %s", target, status, body)
		}
		n := len(ids(t, body))
		if n > 1 {
			t.Fatalf("%s: %d footprints at one read a page", target, n)
		}
		if target = nextLink(t, hdr); target != "" && n == 0 {
			withheldPages++
		}
	}
	if withheldPages == 0 {
		t.Errorf("no page ended on the suspended certificate it read: withheld certificates are not counted as reads")
	}
}

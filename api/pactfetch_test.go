package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// newSupplierHost is a minimal supplier's PACT v3 host over TLS: it gives
// a token for the client credentials maker:s3cret (HTTP Basic) and serves
// one footprint at /3/footprints/{id}.
func newSupplierHost(tb testing.TB, doc []byte) *httptest.Server {
	tb.Helper()
	var head struct{ ID string }
	if err := json.Unmarshal(doc, &head); err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/auth/token":
			if id, secret, ok := r.BasicAuth(); !ok || id != "maker" || secret != "s3cret" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			io.WriteString(w, `{"access_token":"sup-token","token_type":"Bearer"}`)
		case r.Method == "GET" && r.URL.Path == "/3/footprints/"+head.ID && r.Header.Get("Authorization") == "Bearer sup-token":
			w.Header().Set("Content-Type", "application/json")
			w.Write(append(append([]byte(`{"data":`), doc...), '}'))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	tb.Cleanup(ts.Close)
	return ts
}

// registerSupplier allow-lists the supplier's host ts and registers it at
// url as the manufacturer's PACT endpoint name, with the client
// credentials newSupplierHost takes.
func (st *stack) registerSupplier(tb testing.TB, ts *httptest.Server, name, url string) {
	tb.Helper()
	st.srv.PACT.Suppliers = []api.PACTHost{{URL: ts.URL}}
	st.srv.PACT.Client = ts.Client()
	MustData[any](tb, st.do(tb, request{method: "POST", target: "/v1/pact/endpoints", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"` + name + `","url":"` + url + `","client_id":"maker","client_secret":"s3cret"}`)}), 201)
}

// fetchPACT asks, as the role as, for the footprint id from the PACT
// endpoint name.
func (st *stack) fetchPACT(tb testing.TB, as, name, id string) *httptest.ResponseRecorder {
	tb.Helper()
	return st.do(tb, request{method: "POST", target: "/v1/pact/endpoints/" + name + "/fetch", as: as, contentType: "application/json",
		body: []byte(`{"id":"` + id + `"}`)})
}

// Ensure both directions interoperate: a manufacturer registers a
// supplier's PACT host — here this service's own PACT host, over TLS, the
// supplier being a partner organisation there — with client credentials
// (the secret is never shown again), fetches a footprint by id (token by
// HTTP Basic, then /3/footprints/{id}, or /2 when the host has no v3
// answer), and uses it in a BOM as pact:<id>, with its source recorded in
// the audit trail. Hosts off the allow-list are never called.
func TestPACT_FetchFromSupplierHost(t *testing.T) {
	h := newPACTHost(t) // the supplier's host: this service, with certificates A–F
	supplierKey := h.partner
	clientID := strings.Split(supplierKey, "_")[1]

	// The buyer: another instance of the service, a manufacturer there.
	_, fs := MustOpenSeededFactors(t)
	buyer := newStack(t, fs)
	buyer.srv.PACT.Client = h.ts.Client()
	register := func(url, secret string) *httptest.ResponseRecorder {
		return buyer.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asMaker, contentType: "application/json",
			body: []byte(`{"name":"solar-supplier","url":"` + url + `","client_id":"` + clientID + `","client_secret":"` + secret + `"}`)})
	}
	fetch := func(id string) *httptest.ResponseRecorder { return buyer.fetchPACT(t, asMaker, "solar-supplier", id) }

	// Off the allow-list: refused, nothing stored.
	e := MustError(t, register(h.ts.URL, supplierKey), 400, "invalid")
	if e.Error.Field != "url" {
		t.Fatalf("not allow-listed: %+v", e.Error)
	}
	MustError(t, register("http://"+strings.TrimPrefix(h.ts.URL, "https://"), supplierKey), 400, "invalid")
	buyer.srv.PACT.Suppliers = []api.PACTHost{{URL: h.ts.URL}}
	MustError(t, fetch(h.certs["A"]), 404, "not_found") // no endpoint yet

	// A wrong secret is stored (nothing checks it before a fetch) and
	// fails at the supplier's token endpoint, naming no secret.
	MustData[any](t, register(h.ts.URL, "wrong-secret"), 201)
	e = MustError(t, fetch(h.certs["A"]), 400, "invalid")
	if !strings.Contains(e.Error.Message, "authentication failed") || strings.Contains(e.Error.Message, "wrong-secret") {
		t.Fatalf("bad credentials: %+v", e.Error)
	}
	rec := register(h.ts.URL, supplierKey) // corrected: an update
	if rec.Code != 200 || bytes.Contains(rec.Body.Bytes(), []byte(supplierKey)) || bytes.Contains(rec.Body.Bytes(), []byte("secret")) {
		t.Fatalf("update: %d %s (the secret must never be echoed)", rec.Code, rec.Body)
	}
	listed := buyer.do(t, request{method: "GET", target: "/v1/pact/endpoints", as: asMaker})
	if listed.Code != 200 || !bytes.Contains(listed.Body.Bytes(), []byte(h.ts.URL)) || bytes.Contains(listed.Body.Bytes(), []byte(supplierKey)) {
		t.Fatalf("list: %d %s", listed.Code, listed.Body)
	}
	if eps := MustData[[]any](t, buyer.do(t, request{method: "GET", target: "/v1/pact/endpoints", as: asOther}), 200); len(eps) != 0 {
		t.Fatalf("another manufacturer sees %v", eps)
	}
	MustError(t, buyer.fetchPACT(t, asOther, "solar-supplier", h.certs["A"]), 404, "not_found")

	// Fetch footprint A (v3), and D: D has a v3 form only, so this checks
	// nothing falls back wrongly; an unknown id is the supplier's 404.
	got := MustData[struct {
		Ref, ID, Source, Supplier string
		SpecVersion               string `json:"spec_version"`
	}](t, fetch(h.certs["A"]), 201)
	if got.Ref != "pact:"+h.certs["A"] || got.SpecVersion != pact.SpecVersionV3 || got.Source != h.ts.URL+"/3/footprints/"+h.certs["A"] || got.Supplier == "" {
		t.Fatalf("fetched %+v", got)
	}
	MustData[any](t, fetch(h.certs["A"]), 200) // the same document again
	e = MustError(t, fetch("0b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"), 400, "invalid")
	if !strings.Contains(e.Error.Message, "404") {
		t.Fatalf("unknown footprint: %+v", e.Error)
	}
	MustError(t, fetch("not-a-uuid"), 400, "invalid")
	// A Deprecated footprint (B, superseded) is refused as an upload is.
	MustError(t, fetch(h.certs["B"]), 400, "invalid")

	// The fetched footprint is a supplier in a BOM: A is per piece (v3).
	sd := MustData[studyData](t, buyer.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-FETCH-1", "pact:"+h.certs["A"], "piece")}), 201)
	if sup := mustResultSuppliers(t, sd); len(sup) != 1 || sup[0].ID != "pact:"+h.certs["A"] {
		t.Fatalf("result suppliers %+v", sup)
	}
	// The certifier's review says where the document came from: the
	// supplier's host, not the manufacturer's upload.
	rv := buyer.review(t, buyer.apply(t, sd.ID))
	if rv.Review == nil || len(rv.Review.PACT) != 1 || rv.Review.PACT[0].FetchedFrom != h.ts.URL+"/3/footprints/"+h.certs["A"] || rv.Review.PACT[0].UploadedBy != "" {
		t.Fatalf("review provenance %+v", rv.Review)
	}
	events := MustData[[]access.AuditEvent](t, buyer.do(t, request{method: "GET", target: "/v1/audit?action=" + pact.AuditFootprintFetch, as: asReg}), 200)
	if len(events) != 1 || events[0].Actor != orgMaker || !strings.Contains(events[0].Detail, h.ts.URL+"/3/footprints/"+h.certs["A"]) {
		t.Fatalf("audit %+v", events)
	}
	saved := MustData[[]access.AuditEvent](t, buyer.do(t, request{method: "GET", target: "/v1/audit?action=" + pact.AuditEndpointSave, as: asReg}), 200)
	for _, ev := range saved {
		if strings.Contains(ev.Detail, supplierKey) || strings.Contains(ev.Detail, "wrong-secret") {
			t.Fatalf("the audit trail names a secret: %+v", ev)
		}
	}
}

// fetchFrom registers ts as the manufacturer's PACT endpoint name and
// fetches footprint id from it, failing unless it is stored (201).
func (st *stack) fetchFrom(t *testing.T, ts *httptest.Server, name, id string) {
	t.Helper()
	st.registerSupplier(t, ts, name, ts.URL)
	MustData[any](t, st.fetchPACT(t, asMaker, name, id), 201)
}

// pactHostHandler is a supplier's PACT host: it issues a token at
// /auth/token, answers doc at the paths footprint accepts and 404 at any
// other, and records each call in calls.
func pactHostHandler(doc []byte, calls *[]string, footprint func(path string) bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		*calls = append(*calls, r.Method+" "+r.URL.Path)
		switch {
		case r.URL.Path == "/auth/token":
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		case footprint(r.URL.Path):
			w.Write(append(append([]byte(`{"data":`), doc...), '}'))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}
}

// Ensure the fetch falls back to /2/footprints/{id} when the supplier's
// host has no v3 answer.
func TestPACT_FetchFallsBackToV2(t *testing.T) {
	doc := supplierDoc(supplierID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	var paths []string
	ts := httptest.NewTLSServer(pactHostHandler(doc, &paths, func(path string) bool { return path == "/2/footprints/"+supplierID }))
	t.Cleanup(ts.Close)
	st := newSeededStack(t)
	st.registerSupplier(t, ts, "v2host", ts.URL+"/")
	got := MustData[struct{ Source string }](t, st.fetchPACT(t, asMaker, "v2host", supplierID), 201)
	if got.Source != ts.URL+"/2/footprints/"+supplierID {
		t.Fatalf("source %q", got.Source)
	}
	want := []string{"POST /auth/token", "GET /3/footprints/" + supplierID, "GET /2/footprints/" + supplierID}
	if strings.Join(paths, ",") != strings.Join(want, ",") {
		t.Fatalf("calls %v, want %v", paths, want)
	}
}

// Ensure a host on the allow-list cannot lead the service to one off it:
// a redirect from the supplier's host (of the token or of the footprint)
// is not followed, so the off-list host is never called and nothing is
// stored.
func TestPACT_FetchDoesNotFollowRedirects(t *testing.T) {
	doc := supplierDoc(supplierID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	var offList []string
	internal := httptest.NewServer(pactHostHandler(doc, &offList, func(string) bool { return true }))
	t.Cleanup(internal.Close)
	for _, redirected := range []string{"/auth/token", "/3/footprints/" + supplierID} {
		t.Run(redirected, func(t *testing.T) {
			offList = nil
			ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == redirected:
					http.Redirect(w, r, internal.URL+r.URL.Path, http.StatusTemporaryRedirect)
				case r.URL.Path == "/auth/token":
					io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
				default:
					w.WriteHeader(http.StatusNotFound)
				}
			}))
			t.Cleanup(ts.Close)
			st := newSeededStack(t)
			st.registerSupplier(t, ts, "redirecting", ts.URL)
			e := MustError(t, st.fetchPACT(t, asMaker, "redirecting", supplierID), 400, "invalid")
			if e.Error.Field != "endpoint" {
				t.Fatalf("error %+v", e.Error)
			}
			if len(offList) != 0 {
				t.Fatalf("the off-list host was called: %v", offList)
			}
		})
	}
}

// Ensure an answer to an asynchronous request is not sent on to a host off
// the callback allow-list when the listed host redirects it.
func TestPACT_CallbackDoesNotFollowRedirects(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	offList := make(chan string, 10)
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		offList <- r.Method + " " + r.URL.Path
	}))
	t.Cleanup(internal.Close)
	posted := make(chan string, 10)
	redirecting := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth/token":
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		default:
			posted <- r.URL.Path
			http.Redirect(w, r, internal.URL+r.URL.Path, http.StatusTemporaryRedirect)
		}
	}))
	t.Cleanup(redirecting.Close)
	h.st.srv.PACT.Callbacks = []api.PACTCallback{{URL: redirecting.URL, ClientID: "c", ClientSecret: "s"}}
	h.st.srv.PACT.Client = redirecting.Client()
	status, _, body := h.post(t, tok, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "req-redirect", redirecting.URL, `{"status":"Active"}`))
	if status != 200 {
		t.Fatalf("request: %d %s", status, body)
	}
	select {
	case p := <-posted:
		if p != "/3/events" {
			t.Fatalf("answer posted to %s", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no answer was attempted")
	}
	select {
	case got := <-offList:
		t.Fatalf("the off-list host was called: %s", got)
	case <-time.After(200 * time.Millisecond):
	}
}

// Red team 30: a supplier's PACT host answering another footprint than the
// one asked for.

// redteam30Asked is the footprint a manufacturer asks its supplier's host
// for; redteam30Other the one the host answers with instead.
const (
	redteam30Asked = "7a0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	redteam30Other = "8a0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
)

// withMember adds member ("name":value) to the end of the JSON object doc.
func withMember(doc []byte, member string) []byte {
	doc = bytes.TrimSpace(doc)
	return append(append(bytes.Clone(doc[:len(doc)-1]), ","+member...), '}')
}

// Ensure a fetch stores only the footprint asked for, read as the store
// reads it. The fetch checked the id of the answer with encoding/json,
// which matches member names whatever their case and keeps the last, while
// the store (pact.ParseSupplier) reads names exactly, as every PACT
// reader does: an answer to GET /3/footprints/<asked> holding the
// footprint <other> (1.4 kgCO2e/kg) with "ID":"<asked>" added, or an
// envelope {"data":{"ID":"<asked>","data":<other>}}, or {"data":<asked>,
// "DATA":<other>}, passed the check and was stored as <other>, "fetched
// from …/3/footprints/<asked>": a footprint the host never served under
// its own id, with the provenance of another, in the certifier's review
// (the demo module's 0.2 kg junction box 0.84 → 0.28 kgCO2e). The last,
// read exactly, is the footprint asked for: refused or stored as it, never
// as the other.
func TestRedteam30_FetchStoresAnotherFootprintThanAsked(t *testing.T) {
	other := supplierDoc(redteam30Other, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	other = bytes.Replace(other, []byte(`"4.2"`), []byte(`"1.4"`), -1)
	asked := supplierDoc(redteam30Asked, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	for _, tt := range []struct {
		name string
		body []byte // the host's whole answer to GET /3/footprints/<asked>
	}{
		{"id in another case", []byte(`{"data":` + string(withMember(other, `"ID":"`+redteam30Asked+`"`)) + `}`)},
		{"nested data", []byte(`{"data":{"ID":"` + redteam30Asked + `","data":` + string(other) + `}}`)},
		{"envelope in another case", []byte(`{"data":` + string(asked) + `,"DATA":` + string(other) + `}`)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			ts := httptest.NewTLSServer(rawPACTHost(tt.body, &calls, "/3/footprints/"+redteam30Asked))
			t.Cleanup(ts.Close)
			st := newSeededStack(t)
			st.registerSupplier(t, ts, "supplier", ts.URL)
			rec := st.fetchPACT(t, asMaker, "supplier", redteam30Asked)
			if rec.Code/100 == 2 {
				// Stored: only as every PACT reader reads the answer, the
				// footprint asked for.
				got := MustData[struct {
					Ref    string  `json:"ref"`
					KgCO2e float64 `json:"kg_co2e"`
				}](t, rec, 201)
				if got.Ref != "pact:"+redteam30Asked || got.KgCO2e != 4.2 {
					t.Fatalf("fetch of %s stored %+v: the host answered another footprint", redteam30Asked, got)
				}
			} else if e := MustError(t, rec, 400, "invalid"); e.Error.Field != "endpoint" || !strings.Contains(e.Error.Message, redteam30Asked) {
				t.Fatalf("error %+v: want the field endpoint and the id asked for", e.Error)
			}
			// The other footprint is not stored.
			e := MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
				body: studyWithSupplierLine(t, "GEC-RT30-1", "pact:"+redteam30Other, "kg")}), 400, "invalid")
			if !strings.Contains(e.Error.Message, "not found") {
				t.Fatalf("calculation on pact:%s: %+v", redteam30Other, e.Error)
			}
		})
	}
}

// rawPACTHost is a supplier's PACT host that gives a token and answers
// body, as it is, at path.
func rawPACTHost(body []byte, calls *[]string, path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		*calls = append(*calls, r.Method+" "+r.URL.Path)
		switch r.URL.Path {
		case "/auth/token":
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		case path:
			w.Header().Set("Content-Type", "application/json")
			w.Write(body)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}
}

// Ensure a manufacturer cannot make the service call an address the
// operator did not allow-list by writing an allow-listed host otherwise:
// its IP, loopback in another form, the metadata address, plain HTTP,
// credentials, another port, a query. (Held: the registered URL must equal
// an allow-listed one, and the fetch checks it again; redirects are not
// followed, TestPACT_FetchDoesNotFollowRedirects.)
func TestRedteam30_SupplierHostWrittenOtherwise(t *testing.T) {
	var calls []string
	ts := httptest.NewTLSServer(rawPACTHost([]byte(`{}`), &calls, "/none"))
	t.Cleanup(ts.Close)
	st := newSeededStack(t)
	port := ts.URL[strings.LastIndex(ts.URL, ":")+1:]
	st.registerSupplier(t, ts, "listed", ts.URL)
	for _, u := range []string{
		"https://localhost:" + port, "https://[::1]:" + port, "https://127.1:" + port, "https://2130706433:" + port,
		"https://0x7f000001:" + port, "https://169.254.169.254", "https://169.254.169.254:" + port,
		"http://127.0.0.1:" + port, "https://user:pw@127.0.0.1:" + port, "https://127.0.0.1:" + port + "?x=1",
		"https://127.0.0.1:" + port + "/../", "https://127.0.0.1:" + port + "#frag", "https://127.0.0.1." + ":" + port,
	} {
		rec := st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asMaker, contentType: "application/json",
			body: []byte(`{"name":"other","url":"` + u + `","client_id":"maker","client_secret":"s3cret"}`)})
		if e := MustError(t, rec, 400, "invalid"); e.Error.Field != "url" {
			t.Errorf("%s: %+v", u, e.Error)
		}
	}
	if len(calls) != 0 {
		t.Errorf("calls %v", calls)
	}
}

// watchedHost is a supplier's PACT host serving one footprint, whose
// answer a test changes: a document, 404 (nil) or, while down, 503.
type watchedHost struct {
	serving atomic.Pointer[[]byte]
	down    atomic.Bool
	asked   atomic.Int32 // footprint requests
}

func newWatchedHost(t *testing.T, id string, doc []byte) (*watchedHost, *httptest.Server) {
	h := &watchedHost{}
	h.serving.Store(&doc)
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.down.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		doc := h.serving.Load()
		switch {
		case r.URL.Path == "/auth/token":
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		case r.URL.Path == "/2/footprints/"+id || r.URL.Path == "/3/footprints/"+id:
			h.asked.Add(1)
			if doc == nil {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			w.Write(append(append([]byte(`{"data":`), *doc...), '}'))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(ts.Close)
	return h, ts
}

// Ensure a certificate already issued on a supplier's PACT footprint
// fetched from its host is flagged when the host no longer serves that
// footprint as stored (red team 55, found and not closed: only a fetch the
// manufacturer had no reason to make recorded the data owner's change).
// One pass of pcf serve's periodic re-read (RecheckPACTHosts, called
// directly) asks the host again: a change under the same id and version, a
// later version, a Deprecated document or a 404 puts the certificate in
// GET /v1/certificates?flagged=true with its supplier_footprint_change
// alert, bilingual, and an audit event; the footprint served as stored
// flags nothing; a host down once flags nothing, down PACTRecheckFailures
// passes in a row flags it. The public verification never asks the host.
func TestPACTRecheck_IssuedCertificateFlaggedWhenHostChanges(t *testing.T) {
	const id = "55d0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	original := supplierDocV2(id, 1, "4.2")
	changed := supplierDocV2(id, 1, "2.1")
	later := supplierDocV2(id, 2, "2.1")
	deprecated := bytes.Replace(original, []byte(`"status":"Active"`), []byte(`"status":"Deprecated"`), 1)
	for _, tt := range []struct {
		name   string
		doc    *[]byte // what the host serves at the pass; nil: 404
		down   int     // passes the host is down before it
		gone   bool    // and down at it too
		want   bool    // flagged after the pass
		alert  string  // in the alert's message
		action string  // audit action recorded, "" for none
	}{
		{name: "unchanged", doc: &original},
		{name: "changed under the same version", doc: &changed, want: true, alert: "another document under the same id and version", action: pact.AuditFootprintRecheck},
		{name: "a later version", doc: &later, want: true, alert: "later version 2", action: pact.AuditFootprintFetch},
		{name: "deprecated", doc: &deprecated, want: true, alert: "Deprecated by its data owner", action: pact.AuditFootprintFetch},
		{name: "withdrawn", doc: nil, want: true, alert: "did not give it", action: pact.AuditFootprintRecheck},
		{name: "down once", doc: &original, down: 1},
		{name: "down, then answering", doc: &original, down: api.PACTRecheckFailures - 1},
		{name: "down every pass", down: api.PACTRecheckFailures - 1, gone: true, want: true, alert: "did not give it", action: pact.AuditFootprintRecheck},
	} {
		t.Run(tt.name, func(t *testing.T) {
			host, ts := newWatchedHost(t, id, original)
			st := newSeededStack(t)
			st.fetchFrom(t, ts, "frames", id)
			cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT55-WATCH", "pact:"+id)), "")), 201).CertificateID

			type row struct {
				ID     string `json:"id"`
				Status string `json:"status"`
				Change *struct {
					Field   string `json:"field"`
					Message string `json:"message"`
				} `json:"supplier_footprint_change"`
			}
			flagged := func() *row {
				rows := MustData[[]row](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&flagged=true", as: asReg}), 200)
				if i := slices.IndexFunc(rows, func(r row) bool { return r.ID == cert }); i >= 0 {
					return &rows[i]
				}
				return nil
			}
			pass := func() api.PACTRecheckResult {
				t.Helper()
				res, err := st.srv.RecheckPACTHosts(context.Background())
				if err != nil {
					t.Fatalf("RecheckPACTHosts: %v", err)
				}
				if res.Asked != 1 || res.Errors != 0 {
					t.Fatalf("RecheckPACTHosts: %+v, want the one footprint asked for without error", res)
				}
				return res
			}
			if pass(); flagged() != nil {
				t.Fatal("the host serving the footprint as fetched: the certificate is flagged")
			}
			events := func() int {
				n := 0
				for _, action := range []string{pact.AuditFootprintRecheck, pact.AuditFootprintFetch} {
					n += len(MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?limit=500&action=" + action, as: asReg}), 200))
				}
				return n
			}
			before := events()

			host.down.Store(true)
			for i := range tt.down {
				if pass(); flagged() != nil {
					t.Fatalf("the host down %d time(s): the certificate is flagged, want not before %d", i+1, api.PACTRecheckFailures)
				}
			}
			host.down.Store(tt.gone)
			host.serving.Store(tt.doc)
			pass()

			r := flagged()
			switch {
			case !tt.want && r != nil:
				t.Fatalf("flagged after the pass: %+v, want not", r)
			case !tt.want:
				return
			case r == nil:
				t.Fatal("GET /v1/certificates?flagged=true does not list the certificate after the pass")
			}
			if r.Status != "valid" || r.Change == nil || !strings.HasSuffix(r.Change.Field, ".supplier") || !strings.Contains(r.Change.Message, tt.alert) ||
				!strings.ContainsFunc(r.Change.Message, func(c rune) bool { return c >= 0x4e00 && c <= 0x9fff }) {
				t.Errorf("the flagged certificate: %+v (change %+v), want valid with a bilingual supplier_footprint_change naming the line and %q", r, r.Change, tt.alert)
			}
			if events() <= before {
				t.Errorf("no audit event %s or %s written by the pass", pact.AuditFootprintRecheck, pact.AuditFootprintFetch)
			}
			if tt.action != "" && len(MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?limit=500&action=" + tt.action, as: asReg}), 200)) == 0 {
				t.Errorf("no audit event %s", tt.action)
			}
			// The public verification reads what the pass stored: it
			// never asks the supplier's host.
			asked := host.asked.Load()
			if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + cert + "/verify"}); rec.Code != http.StatusOK {
				t.Errorf("verify: %d %.300s", rec.Code, rec.Body)
			}
			if host.asked.Load() != asked {
				t.Error("the public verification asked the supplier's PACT host")
			}
			// The certifier's review clears it, and the next pass, the
			// host answering the same, does not flag it again.
			if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + cert + "/review", as: asCert, contentType: "application/json",
				body: []byte(`{"reasons":["supplier's change checked: the issued figure stands for its period"]}`)}); rec.Code != http.StatusOK {
				t.Fatalf("the certifier's review: %d %.300s, want 200", rec.Code, rec.Body)
			}
			if res, err := st.srv.RecheckPACTHosts(context.Background()); err != nil {
				t.Fatal(err)
			} else if flagged() != nil {
				t.Errorf("after the certifier's review, the next pass (%+v) flags the certificate again", res)
			}
		})
	}
}

// failingEndpoints is the store whose first read of an owner's PACT
// endpoints fails.
type failingEndpoints struct {
	realCerts
	failed atomic.Bool
}

func (f *failingEndpoints) FindOwnerEndpoints(ctx context.Context, owner string) ([]*pact.Endpoint, error) {
	if !f.failed.Swap(true) {
		return nil, errors.New("read failed")
	}
	return f.realCerts.FindOwnerEndpoints(ctx, owner)
}

// Ensure a failed read of an owner's endpoints during a periodic PACT
// re-read counts as an error for that footprint only: the pass kept the
// failed read's empty answer for the owner, so its other footprints were
// asked with no endpoint, counted as their host not answering, and after
// three such passes their certificates were flagged though the hosts
// served them unchanged.
func TestPACTRecheck_FailedEndpointReadNotKept(t *testing.T) {
	ids := []string{"55d0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "66e1d7b8-2e3f-4b4c-8d9e-8f7a6b5c4d3e"}
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/auth/token" {
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
			return
		}
		for _, id := range ids {
			if r.URL.Path == "/2/footprints/"+id || r.URL.Path == "/3/footprints/"+id {
				w.Write(append(append([]byte(`{"data":`), supplierDocV2(id, 1, "4.2")...), '}'))
				return
			}
		}
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(ts.Close)
	st := newSeededStack(t)
	st.registerSupplier(t, ts, "frames", ts.URL)
	for i, id := range ids {
		MustData[any](t, st.fetchPACT(t, asMaker, "frames", id), 201)
		MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT55-EPS-"+strings.Repeat("X", i+1), "pact:"+id)), "")), 201)
	}
	st.srv.PACTSuppliers = &failingEndpoints{realCerts: st.certs}
	res, err := st.srv.RecheckPACTHosts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Asked != 2 || res.Errors != 1 || res.Same != 1 || res.Unreachable != 0 {
		t.Errorf("one failed endpoint read: %+v, want 2 asked, 1 error, 1 the same, none unreachable", res)
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
	st.fetchFrom(t, own, "supplier-ag", id)
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

// Ensure a supplier's PACT footprint fetched from its host is asked for
// again before an application for a study that uses it and before its
// certificate is issued (red team 55, open item 1): a footprint fetched
// once was never fetched again, so a study was certified on a figure its
// data owner had since changed under the same id and version, replaced by
// a later version, deprecated or withdrawn from its host. Each is refused
// with 409 naming the BOM line, in both languages; the footprint as the
// host still serves it issues as before.
func TestRedteam55_FetchedPACTFootprintIsAskedForAgain(t *testing.T) {
	const id = "55b0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	original := supplierDocV2(id, 1, "4.2")
	host, ts := newWatchedHost(t, id, original) // serving nil: the host answers 404
	st := newSeededStack(t)
	st.fetchFrom(t, ts, "frames", id)
	study := st.supplierStudy(t, "GEC-RT55-FETCH", "pact:"+id)
	app := st.apply(t, study) // the host serves it as fetched
	issue := st.issueReq(t, app, "")

	refused := func(what string, rec *httptest.ResponseRecorder, want string) {
		t.Helper()
		e := MustError(t, rec, http.StatusConflict, "conflict")
		if !strings.HasSuffix(e.Error.Field, ".supplier") || !strings.Contains(e.Error.Message, "pact:"+id) || !strings.Contains(e.Error.Message, want) ||
			!strings.ContainsFunc(e.Error.Message, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: %+v, want a bilingual 409 naming the line's supplier and %q", what, e.Error, want)
		}
	}
	applyAgain := func() *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
			body: []byte(`{"study_id":"` + study + `","certifier":"` + orgCertifier + `"}`)})
	}
	changed := supplierDocV2(id, 1, "2.1")
	later := supplierDocV2(id, 2, "2.1")
	deprecated := bytes.Replace(original, []byte(`"status":"Active"`), []byte(`"status":"Deprecated"`), 1)
	for _, tt := range []struct {
		name  string
		doc   *[]byte
		want  string
		issue bool
	}{
		{"the figure changed under the same version", &changed, "another document under the same id and version", true},
		{"a later version", &later, "now serves version 2", false},
		{"deprecated", &deprecated, "deprecated it", false},
		{"withdrawn from the host", nil, "did not give it", true},
	} {
		host.serving.Store(tt.doc)
		refused(tt.name+": application", applyAgain(), tt.want)
		if tt.issue {
			refused(tt.name+": issue", st.do(t, issue), tt.want)
		}
	}
	// The workbench's issue form asks the host again too.
	host.serving.Store(&changed)
	certifier := st.signedIn(t, asCert)
	digest := MustData[struct {
		Review struct {
			Digest string `json:"digest"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200).Review.Digest
	mustWorkPage(t, certifier.post("/work/applications/"+app+"/issue", url.Values{"csrf_token": {certifier.csrf}, "signatory": {"Wang Li"}, "review_digest": {digest}}),
		http.StatusConflict, "同一编号和版本下给出了不同的内容", "another document under the same id and version")
	host.serving.Store(&original)
	MustData[issueData](t, st.do(t, issue), 201)
}

// Ensure two data owners at one PACT host (a platform serving several
// companies, each to the credentials it granted, or each under a base path
// of its own) cannot stand in for each other (red team 55, open item 3): a
// fetched footprint's update was taken from "the same host", compared by
// scheme and host alone, so the manufacturer's own account at the
// platform served the supplier's footprint id, with the supplier's
// company name, as version 2 at a quarter of the figure, and every new
// calculation read it as the supplier's update. An update now comes
// through an endpoint at the same base URL with the same client ID, else
// 409 naming endpoint, in both languages; the supplier's own update
// through its endpoint is taken as before.
func TestRedteam55_SharedPACTHostAccountsAreNotOneDataOwner(t *testing.T) {
	const id = "55c0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	for _, tt := range []struct {
		name              string
		supplier, own     string // base paths of the two accounts
		supplierID, ownID string // their client IDs
	}{
		{name: "another client ID", supplierID: "granted-by-supplier", ownID: "makers-own-account"},
		{name: "another base path", supplier: "/frame-supplier", own: "/makers-own", supplierID: "maker", ownID: "maker"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			serve := map[string][]byte{ // client ID + path → document
				tt.supplierID + " " + tt.supplier: supplierDocV2(id, 1, "4.2"),
				tt.ownID + " " + tt.own:           supplierDocV2(id, 2, "1.0"),
			}
			ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/auth/token") {
					user, _, _ := r.BasicAuth()
					io.WriteString(w, `{"access_token":"`+user+`","token_type":"Bearer"}`)
					return
				}
				client := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
				base, ok := strings.CutSuffix(r.URL.Path, "/2/footprints/"+id)
				if doc, found := serve[client+" "+base]; ok && found {
					w.Write(append(append([]byte(`{"data":`), doc...), '}'))
					return
				}
				w.WriteHeader(http.StatusNotFound)
			}))
			t.Cleanup(ts.Close)
			st := newSeededStack(t)
			st.srv.PACT.Client = ts.Client()
			st.srv.PACT.Suppliers = []api.PACTHost{{URL: ts.URL + tt.supplier}, {URL: ts.URL + tt.own}}
			for _, ep := range [][3]string{{"frame-supplier", ts.URL + tt.supplier, tt.supplierID}, {"makers-own", ts.URL + tt.own, tt.ownID}} {
				MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asMaker, contentType: "application/json",
					body: []byte(`{"name":"` + ep[0] + `","url":"` + ep[1] + `","client_id":"` + ep[2] + `","client_secret":"s3cret"}`)}), 201)
			}
			MustData[any](t, st.fetchPACT(t, asMaker, "frame-supplier", id), 201)
			e := MustError(t, st.fetchPACT(t, asMaker, "makers-own", id), http.StatusConflict, "conflict")
			if e.Error.Field != "endpoint" || !strings.ContainsFunc(e.Error.Message, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Errorf("another account's version 2 of the supplier's footprint: %+v, want a bilingual 409 naming endpoint", e.Error)
			}
			// The calculation still reads the supplier's own figure.
			sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
				body: studyWithSupplierLine(t, "GEC-RT55-SHARED", "pact:"+id, "kg")}), 201)
			if sup := mustResultSuppliers(t, sd); len(sup) != 1 || sup[0].KgCO2e != 4.2 {
				t.Errorf("the study's supplier after the other account's fetch: %+v, want the supplier's 4.2", sup)
			}
			// The certifier's review names the account it came through.
			app := st.apply(t, sd.ID)
			rv := MustData[struct {
				Review struct {
					PACT []struct {
						FetchedFrom   string `json:"fetched_from"`
						FetchedClient string `json:"fetched_client"`
					} `json:"pact_footprints"`
				} `json:"review"`
			}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
			if p := rv.Review.PACT; len(p) != 1 || p[0].FetchedClient != tt.supplierID || !strings.HasPrefix(p[0].FetchedFrom, ts.URL+tt.supplier+"/") {
				t.Errorf("the review's PACT footprint: %+v, want fetched from %s with client ID %q", p, ts.URL+tt.supplier, tt.supplierID)
			}
			mustWorkPage(t, st.signedIn(t, asCert).get("/work/applications/"+app), http.StatusOK, "client ID", tt.supplierID)
			// The supplier's own update, through its endpoint, is taken.
			serve[tt.supplierID+" "+tt.supplier] = supplierDocV2(id, 2, "3.9")
			MustData[any](t, st.fetchPACT(t, asMaker, "frame-supplier", id), 201)
		})
	}
}

// Red team 57: a supplier's PACT host flip-flopping between the periodic
// re-reads, serving another document under the footprint's id and version
// at one pass and the stored one at the next, does not clear the flag of
// the certificates resting on it: a data owner that changed a footprint
// under a fixed version, or withdrew it, for a while is the certifier's to
// judge. On the base the second pass removed the record and the
// certificate left the flagged queue unreviewed. The review clears it; a
// change after the review flags it again.
func TestRedteam57_PACTHostFlipFlopKeepsTheFlag(t *testing.T) {
	const id = "57d0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	original := supplierDocV2(id, 1, "4.2")
	changed := supplierDocV2(id, 1, "2.1")
	host, ts := newWatchedHost(t, id, original)
	st := newSeededStack(t)
	st.fetchFrom(t, ts, "frames", id)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT57-FLIP", "pact:"+id)), "")), 201).CertificateID
	flagged := func() bool {
		rows := MustData[[]struct {
			ID string `json:"id"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&flagged=true", as: asReg}), 200)
		for _, r := range rows {
			if r.ID == cert {
				return true
			}
		}
		return false
	}
	pass := func(doc *[]byte) {
		t.Helper()
		host.serving.Store(doc)
		if res, err := st.srv.RecheckPACTHosts(context.Background()); err != nil || res.Asked != 1 || res.Errors != 0 {
			t.Fatalf("RecheckPACTHosts: %+v %v", res, err)
		}
	}
	pass(&changed)
	if !flagged() {
		t.Fatal("the host serving another document: the certificate is not flagged")
	}
	pass(&original)
	if !flagged() {
		t.Fatal("the host serving the stored document again cleared the flag without the certifier's review")
	}
	pass(&changed)
	pass(&original)
	if !flagged() {
		t.Fatal("a second flip-flop cleared the flag")
	}
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + cert + "/review", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["supplier's host served another document for a while; the issued figure stands"]}`)}); rec.Code != http.StatusOK {
		t.Fatalf("the certifier's review: %d %.300s", rec.Code, rec.Body)
	}
	if pass(&original); flagged() {
		t.Fatal("flagged after the certifier's review, the host serving the stored document")
	}
	if pass(&changed); !flagged() {
		t.Fatal("the host changing the footprint again after the review: not flagged")
	}
}

// Ensure a certificate flagged because its supplier's host now serves a
// later version the store refuses says the store's refusal in each
// language in its half: the refusal, bilingual itself, was appended whole
// to both the Chinese and the English of the host's answer, so the
// English of the alert carried Chinese and the Chinese English.
func TestPACTRecheck_RefusedLaterVersionInEachLanguage(t *testing.T) {
	const id = "77f2e8c9-3f4a-4c5d-9e0f-0a8b7c6d5e4f"
	original := supplierDocV2(id, 1, "4.2")
	// A later version of a reference period that has not ended (the
	// stack's clock reads 2026-03-02): the store refuses it.
	later := bytes.Replace(supplierDocV2(id, 2, "2.1"), []byte(`"referencePeriodEnd":"2025-01-01T00:00:00Z"`), []byte(`"referencePeriodEnd":"2026-06-01T00:00:00Z"`), 1)
	host, ts := newWatchedHost(t, id, original)
	st := newSeededStack(t)
	st.fetchFrom(t, ts, "frames", id)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-LEFT-WATCH", "pact:"+id)), "")), 201).CertificateID
	host.serving.Store(&later)
	if res, err := st.srv.RecheckPACTHosts(context.Background()); err != nil || res.Errors != 0 {
		t.Fatalf("RecheckPACTHosts: %+v, %v", res, err)
	}
	type row struct {
		ID     string `json:"id"`
		Change *struct {
			Message string `json:"message"`
		} `json:"supplier_footprint_change"`
	}
	rows := MustData[[]row](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&flagged=true", as: asReg}), 200)
	i := slices.IndexFunc(rows, func(r row) bool { return r.ID == cert })
	if i < 0 || rows[i].Change == nil {
		t.Fatalf("the certificate is not flagged: %+v", rows)
	}
	msg := rows[i].Change.Message
	zh, en, ok := strings.Cut(msg, "。The supplier footprint ")
	if !ok {
		t.Fatalf("message %q, want its Chinese, then its English", msg)
	}
	if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(en, "reference period 2024-01-01/2026-05-31 has not ended") {
		t.Errorf("English %q, want the store's refusal in English, and no Chinese", en)
	}
	if !strings.Contains(zh, "该足迹的数据期间 2024-01-01/2026-05-31 尚未结束") || strings.Contains(zh, "has not ended") {
		t.Errorf("Chinese %q, want the store's refusal in Chinese, and no English", zh)
	}
}

package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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

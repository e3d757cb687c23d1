package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

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
			st.registerSupplier(t, ts, "frames", ts.URL)
			MustData[any](t, st.fetchPACT(t, asMaker, "frames", id), 201)
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

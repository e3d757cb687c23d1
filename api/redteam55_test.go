package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
)

// Ensure a certificate whose study used a supplier's PACT footprint that
// its data owner updated since is in the regulator's queue of flagged
// certificates (GET /v1/certificates?flagged=true, and the regulator's
// overview page built on the same filter) until its certifier reviews it
// (red team 55, open item 2): red team 48 made its JSON say so, but the
// queue listed supplier certificates' status changes only, so nobody was
// led to it. The review clears it from the queue; it stays valid
// throughout (the figure was right on the footprint of its day).
func TestRedteam55_PACTChangeIsInTheFlaggedQueue(t *testing.T) {
	st := newSeededStack(t)
	const id = "55a0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st.storeSupplierDoc(t, supplierDocV2(id, 1, "4.2"))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT55-PACT", "pact:"+id)), "")), 201).CertificateID
	listed := func(query string) bool {
		type row struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		rows := MustData[[]row](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&" + query, as: asReg}), 200)
		return slices.ContainsFunc(rows, func(r row) bool { return r.ID == cert })
	}
	if listed("flagged=true") || !listed("flagged=false") {
		t.Fatal("before the update: the certificate is flagged, want not")
	}
	st.storeSupplierDoc(t, supplierDocV2(id, 2, "8.4"))
	if !listed("flagged=true") {
		t.Error("after the supplier's update: GET /v1/certificates?flagged=true does not list the certificate")
	}
	if listed("flagged=false") {
		t.Error("after the supplier's update: GET /v1/certificates?flagged=false lists the certificate")
	}
	if !listed("flagged=true&status=valid") {
		t.Error("the flagged certificate is not valid any more: it keeps its status")
	}
	// The certifier's workbench offers the review that clears it.
	certifier := st.signedIn(t, asCert)
	mustWorkPage(t, certifier.get("/work/certificates/"+cert), http.StatusOK, `id="pact-change"`, `id="review-submit"`)
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + cert + "/review", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["supplier's version 2 checked: the issued figure stands for its period"]}`)}); rec.Code != http.StatusOK {
		t.Fatalf("the certifier's review of the change: %d %.300s, want 200", rec.Code, rec.Body)
	}
	if listed("flagged=true") || !listed("flagged=false") {
		t.Error("after the certifier's review: still in the flagged queue")
	}
	if page := certifier.get("/work/certificates/" + cert).Body.String(); strings.Contains(page, `id="review-submit"`) || !strings.Contains(page, `id="pact-change"`) {
		t.Error("after the certifier's review: the workbench offers the review again, or no longer says what changed")
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
	var serving atomic.Pointer[[]byte] // nil: the host answers 404
	serving.Store(&original)
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		doc := serving.Load()
		switch {
		case r.URL.Path == "/auth/token":
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		case doc != nil && (r.URL.Path == "/2/footprints/"+id || r.URL.Path == "/3/footprints/"+id):
			w.Write(append(append([]byte(`{"data":`), *doc...), '}'))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(ts.Close)
	st := newSeededStack(t)
	st.registerSupplier(t, ts, "frames", ts.URL)
	MustData[any](t, st.fetchPACT(t, asMaker, "frames", id), 201)
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
		serving.Store(tt.doc)
		refused(tt.name+": application", applyAgain(), tt.want)
		if tt.issue {
			refused(tt.name+": issue", st.do(t, issue), tt.want)
		}
	}
	// The workbench's issue form asks the host again too.
	serving.Store(&changed)
	certifier := st.signedIn(t, asCert)
	digest := MustData[struct {
		Review struct {
			Digest string `json:"digest"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200).Review.Digest
	mustWorkPage(t, certifier.post("/work/applications/"+app+"/issue", url.Values{"csrf_token": {certifier.csrf}, "signatory": {"Wang Li"}, "review_digest": {digest}}),
		http.StatusConflict, "同一编号和版本下给出了不同的内容", "another document under the same id and version")
	serving.Store(&original)
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

// Ensure the public lookup by number refuses what is not a number as
// printed in both languages (red team 55): a number typed in lower case,
// with a Cyrillic С or full-width digits (a Chinese input method's), or
// with a zero-width character, is not another certificate's, and the
// answer said so in English only.
func TestRedteam55_NumberLookupRefusesLookAlikesInBothLanguages(t *testing.T) {
	st := newSeededStack(t)
	for _, n := range []string{"cdpcf-2026-000001", "СDPCF-2026-000001", "CDPCF-2026-00000１", "CDPCF-2026-000001\u200b", "CDPCF‐2026-000001"} {
		e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/by-number/" + url.PathEscape(n) + "/verify"}), http.StatusBadRequest, "invalid")
		if e.Error.Field != "number" || !strings.Contains(e.Error.Message, "证书编号") || !strings.Contains(e.Error.Message, "invalid certificate number") {
			t.Errorf("%q: %+v, want 400 naming number in Chinese and English", n, e.Error)
		}
	}
}

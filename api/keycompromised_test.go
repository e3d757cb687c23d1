package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

// kcVerify is what the public verification says of a certificate's status
// and alerts.
type kcVerify struct {
	Status         string `json:"status"`
	SupplierAlerts []struct {
		Code string `json:"code"`
		Key  string `json:"key"`
		AsOf string `json:"as_of"`
	} `json:"supplier_alerts"`
}

// alert returns the key and as_of of alert code, "" if none.
func (v kcVerify) alert(code string) (key, asOf string) {
	for _, a := range v.SupplierAlerts {
		if a.Code == code {
			return a.Key, a.AsOf
		}
	}
	return "", ""
}

// Ensure an API key reported compromised as of a time T (POST
// /v1/admin/keys/{id}/compromised) marks what the key did at or after T,
// and nothing it did before (red team 55, open item 4: a stolen certifier
// key issued genuine certificates, reinstated, reviewed and withdrew
// until it was revoked, and nothing marked what it did; the body found and
// withdrew each by hand). The certifier's key issues certificates A, R and
// W before T and B after it; after T it also reinstates R (suspended
// before T) and withdraws W. Then: B carries issuing_key_compromised, R
// status_key_compromised (both on the verify JSON and page), W withdrawn
// with status_key_compromised; A stays plainly valid with its documents;
// B's documents are refused naming key_alerts; B and R are in the flagged
// queue, A and W are not, until the body acts with a key of its own (B
// withdrawn, R reviewed). The key is revoked. Bad input changes nothing.
func TestKeyCompromised_MarksWhatTheKeyDidSince(t *testing.T) {
	st := newRenderingStack(t)
	stolen := strings.Split(st.tokens[asCert], "_")[1]
	// The body's second key, confirmed by the first before anything.
	second, secondToken := st.mintCertKey(t, orgCertifier)
	st.mustDo(t, request{method: "POST", target: "/v1/org/keys/" + second.ID + "/confirm", as: asCert})

	studies := map[string]string{} // certificate → study
	issue := func(serial string) string {
		study := st.submit(t, serial)
		id := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, study), "")), 201).CertificateID
		studies[id] = study
		return id
	}
	reasons := func(r string) []byte { return []byte(`{"reasons":["` + r + `"]}`) }
	a, r, w := issue("GEC-KC-A"), issue("GEC-KC-R"), issue("GEC-KC-W")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + r + "/suspend", as: asCert, contentType: "application/json", body: reasons("KC audit")})
	appB := st.apply(t, st.submit(t, "GEC-KC-B"))
	since := st.clock.Now() // T: the theft
	issuedB := MustData[issueData](t, st.do(t, st.issueReq(t, appB, "")), 201)
	b := issuedB.CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + r + "/reinstate", as: asCert, contentType: "application/json", body: reasons("KC thief reinstates")},
		request{method: "POST", target: "/v1/certificates/" + w + "/withdraw", as: asCert, contentType: "application/json", body: reasons("KC thief withdraws")})

	verify := func(id string) kcVerify {
		return MustData[kcVerify](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	}
	listed := func(query, id string) bool {
		type row struct {
			ID string `json:"id"`
		}
		rows := MustData[[]row](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&" + query, as: asReg}), 200)
		return slices.ContainsFunc(rows, func(r row) bool { return r.ID == id })
	}
	mark := func(key, body string) *http.Response {
		return st.do(t, request{method: "POST", target: "/v1/admin/keys/" + key + "/compromised", as: asAdmin, contentType: "application/json", body: []byte(body)}).Result()
	}
	nothingMarked := func(when string) {
		t.Helper()
		if v := verify(b); v.Status != "valid" || len(v.SupplierAlerts) != 0 || listed("flagged=true", b) {
			t.Fatalf("%s: certificate B %+v (flagged: %t), want plainly valid", when, v, listed("flagged=true", b))
		}
		if rec := st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}); rec.Code != 200 {
			t.Fatalf("%s: the key answers %d, want it still usable", when, rec.Code)
		}
	}

	// Bad input: nothing changes.
	nothingMarked("before any report")
	future := st.clock.Now().Add(time.Hour).Format(time.RFC3339)
	for _, tt := range []struct {
		key, body string
		code      int
		field     string
	}{
		{"no-such-key", `{"since":"` + since.Format(time.RFC3339) + `"}`, 404, "id"},
		{stolen, `{"since":"` + future + `"}`, 400, "since"},
		{stolen, `{"since":"2026-03-02 08:00"}`, 400, "since"},
		{stolen, `{"since":"yesterday"}`, 400, "since"},
		{stolen, `{}`, 400, "since"},
	} {
		rec := st.do(t, request{method: "POST", target: "/v1/admin/keys/" + tt.key + "/compromised", as: asAdmin, contentType: "application/json", body: []byte(tt.body)})
		code := map[int]string{400: "invalid", 404: "not_found"}[tt.code]
		if e := MustError(t, rec, tt.code, code); e.Error.Field != tt.field || !strings.ContainsFunc(e.Error.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%s %s: %+v, want %d naming %s in both languages", tt.key, tt.body, e.Error, tt.code, tt.field)
		}
		nothingMarked("after " + tt.body)
	}
	// Only an admin reports it.
	MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/keys/" + stolen + "/compromised", as: asCert, contentType: "application/json",
		body: []byte(`{"since":"` + since.Format(time.RFC3339) + `"}`)}), 403, "forbidden")
	nothingMarked("after a certifier's report")

	// The report.
	if res := mark(stolen, `{"since":"`+since.Format(time.RFC3339)+`"}`); res.StatusCode != 200 {
		t.Fatalf("report: %d", res.StatusCode)
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}); rec.Code != 401 {
		t.Errorf("the stolen key after the report: %d, want 401 (revoked)", rec.Code)
	}
	st.tokens[asCert] = secondToken
	at := since.UTC().Format(time.RFC3339)

	if v := verify(a); v.Status != "valid" || len(v.SupplierAlerts) != 0 {
		t.Errorf("certificate A, issued before T: %+v, want plainly valid", v)
	}
	if v := verify(b); v.Status != "valid" {
		t.Errorf("certificate B: %+v, want valid on record", v)
	} else if k, asOf := v.alert("issuing_key_compromised"); k != stolen || asOf != at {
		t.Errorf("certificate B, issued after T: alerts %+v, want issuing_key_compromised naming %s as of %s", v.SupplierAlerts, stolen, at)
	}
	if v := verify(r); v.Status != "valid" {
		t.Errorf("certificate R: %+v, want valid", v)
	} else if k, _ := v.alert("status_key_compromised"); k != stolen || len(v.SupplierAlerts) != 1 {
		t.Errorf("certificate R, reinstated after T: alerts %+v, want status_key_compromised alone", v.SupplierAlerts)
	}
	if v := verify(w); v.Status != "withdrawn" {
		t.Errorf("certificate W: %+v, want withdrawn", v)
	} else if k, _ := v.alert("status_key_compromised"); k != stolen {
		t.Errorf("certificate W, withdrawn after T: alerts %+v, want status_key_compromised", v.SupplierAlerts)
	}
	// The verification page, in both languages.
	page := func(id string) string {
		return st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify?format=html"}).Body.String()
	}
	if p := page(b); !strings.Contains(p, `id="compromised-key-alert"`) || !strings.Contains(p, "签发密钥已报告泄露") || !strings.Contains(p, "Issued with a key reported compromised") || !strings.Contains(p, stolen) {
		t.Error("verification page of B: no compromised-key alert in both languages")
	}
	if p := page(r); !strings.Contains(p, `id="compromised-status-key-alert"`) || !strings.Contains(p, "恢复或复核密钥已报告泄露") {
		t.Error("verification page of R: no compromised status-key alert")
	}
	if p := page(w); !strings.Contains(p, "撤销密钥已报告泄露") || !strings.Contains(p, "Withdrawn (with a key reported compromised)") {
		t.Error("verification page of W: its withdrawal is not said to be the compromised key's")
	}
	if p := page(a); strings.Contains(p, "compromised") || strings.Contains(p, "泄露") {
		t.Error("verification page of A, issued before T, speaks of the compromise")
	}

	// Documents: B's refused, A's given.
	for _, doc := range []string{"certificate.pdf", "label.pdf"} {
		if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + a + "/" + doc, as: asMaker}); rec.Code != 200 {
			t.Errorf("%s of A: %d, want 200", doc, rec.Code)
		}
		for _, id := range []string{b, r} {
			e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/" + doc, as: asMaker}), 409, "conflict")
			if e.Error.Field != "key_alerts" || !strings.Contains(e.Error.Message, stolen) || !strings.Contains(e.Error.Message, "reported compromised") || !strings.Contains(e.Error.Message, "报告泄露") {
				t.Errorf("%s of %s: %+v, want 409 naming key_alerts and the compromised key, in both languages", doc, id, e.Error)
			}
		}
	}

	// No certificate is issued on B as a supplier: the certifier reads why
	// in the review, and the issue is refused.
	_, buyer := st.applyAsOther(t, buyerStudy(t, "GEC-KC-BUY", issuedB.Number))
	review := MustData[struct {
		Review struct {
			Warnings []reviewWarning `json:"warnings"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + buyer, as: asCert}), 200)
	if !slices.ContainsFunc(review.Review.Warnings, func(w reviewWarning) bool {
		return strings.HasSuffix(w.Path, ".supplier") && strings.Contains(w.Message, issuedB.Number) && strings.Contains(w.Message, "reported compromised") && strings.Contains(w.MessageZH, "报告泄露")
	}) {
		t.Errorf("review of a study on B: warnings %+v, want one on the supplier line naming B's compromised key in both languages", review.Review.Warnings)
	}
	if e := MustError(t, st.do(t, st.issueReq(t, buyer, "")), 409, "conflict"); e.Error.Field != "suppliers" || !strings.Contains(e.Error.Message, "reported compromised") {
		t.Errorf("issue on B as a supplier: %+v, want 409 naming suppliers and the compromised key", e.Error)
	}

	// The flagged queue.
	for _, tt := range []struct {
		name, id string
		want     bool
	}{{"A", a, false}, {"B", b, true}, {"R", r, true}, {"W", w, false}} {
		if got := listed("flagged=true", tt.id); got != tt.want {
			t.Errorf("certificate %s in the flagged queue: %t, want %t", tt.name, got, tt.want)
		}
	}
	// The body acts with its other key: B withdrawn, R reviewed.
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + b + "/withdraw", as: asCert, contentType: "application/json", body: reasons("KC issued by the thief")},
		request{method: "POST", target: "/v1/certificates/" + r + "/review", as: asCert, contentType: "application/json", body: reasons("KC reinstatement confirmed by the body")})
	for _, id := range []string{b, r} {
		if listed("flagged=true", id) {
			t.Errorf("certificate %s still in the flagged queue after its body acted", id)
		}
	}
	if v := verify(r); v.Status != "valid" || len(v.SupplierAlerts) != 0 {
		t.Errorf("certificate R after the body's review: %+v, want plainly valid", v)
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + r + "/certificate.pdf", as: asMaker}); rec.Code != 200 {
		t.Errorf("certificate.pdf of R after the body's review: %d, want 200", rec.Code)
	}
	// The thief's withdrawal of W is undone by the body's reinstatement;
	// the body's own withdrawal of B stays final.
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + w + "/reinstate", as: asCert, contentType: "application/json", body: reasons("KC withdrawn by the thief")}); rec.Code != 200 {
		t.Errorf("the body reinstates W, withdrawn by the stolen key: %d %.300s, want 200", rec.Code, rec.Body)
	}
	if v := verify(w); v.Status != "valid" || len(v.SupplierAlerts) != 0 {
		t.Errorf("certificate W after the body's reinstatement: %+v, want plainly valid", v)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/certificates/" + b + "/reinstate", as: asCert, contentType: "application/json", body: reasons("KC")}), 409, "conflict")
	// W's study is not held as a withdrawn certificate's: the holder
	// applies again on it, superseding W.
	if rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + studies[w] + `","certifier":"` + orgCertifier + `","supersedes":"` + w + `"}`)}); rec.Code != 201 {
		t.Errorf("an application on W's study, superseding W, after the body reinstated it: %d %.300s, want 201", rec.Code, rec.Body)
	}
	// The records agree with the audit trail and the indexes (pcf backup verify).
	if err := st.db.Check(); err != nil {
		t.Errorf("database check after the report and the body's decisions: %v", err)
	}
	// A later report keeps the earlier time.
	if res := mark(stolen, `{"since":"`+st.clock.Now().Format(time.RFC3339)+`"}`); res.StatusCode != 200 {
		t.Fatalf("second report: %d", res.StatusCode)
	}
	if _, asOf := verify(b).alert("issuing_key_compromised"); asOf != at {
		t.Errorf("after a later report: as_of %q, want the earlier %s", asOf, at)
	}
}

// Ensure the verification page of a certificate issued with a key after
// the time it was reported compromised, and of one the key withdrew,
// shows the alert in Chromium at desktop and phone widths: no console
// error, no sideways overflow, Chinese drawn.
func TestKeyCompromised_Browser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		stolen := strings.Split(st.tokens[asCert], "_")[1]
		w := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-KC-WEB-W")), "")), 201).CertificateID
		app := st.apply(t, st.submit(t, "GEC-KC-WEB-B"))
		since := st.clock.Now()
		b2 := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201).CertificateID
		st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + w + "/withdraw", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["KC thief withdraws"]}`)},
			request{method: "POST", target: "/v1/admin/keys/" + stolen + "/compromised", as: asAdmin, contentType: "application/json", body: []byte(`{"since":"` + since.Format(time.RFC3339) + `"}`)})
		b.open("/v1/certificates/" + b2 + "/verify")
		b.mustContain("有效(签发密钥已报告泄露)", "Issued with a key reported compromised", stolen)
		b.checkPage("verify-compromised-key")
		b.open("/v1/certificates/" + w + "/verify")
		b.mustContain("撤销(撤销密钥已报告泄露)", "Status set with a key reported compromised", stolen)
		b.checkPage("verify-compromised-status-key")
	})
}

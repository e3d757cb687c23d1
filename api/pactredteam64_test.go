package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

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

// Tests of a certificate record failing the service's own signature check
// (edited in the database, its key lost, or holding another certificate's
// content): every reader is told, none is served it as sound.

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

// Ensure a certificate whose record fails the server's own signature check
// (edited in the database, or its key lost) is given as no document (red
// team 49). Its verification page says "签名未通过验证 Signature not
// verified", the registry withholds it, its PACT footprint is not stated
// and the workbench offers no document of it; yet GET …/label.pdf rendered
// the record as it stands, a label printing whatever the edited record
// says, for the product.
func TestRedteam49_DocumentsOfARecordFailingItsSignature(t *testing.T) {
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	st.failSignatureChecks(t, "redteam49 other key")
	for _, doc := range []string{"certificate.pdf", "label.pdf", "label.png"} {
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/" + doc, as: asMaker})
		if rec.Code != 409 {
			t.Errorf("%s of a record failing its signature check: %d (%d bytes of %s), want 409", doc, rec.Code, rec.Body.Len(), rec.Header().Get("Content-Type"))
			continue
		}
		if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "signature" || !strings.Contains(e.Error.Message, "签名未通过验证") {
			t.Errorf("%s of a record failing its signature check: %+v, want 409 naming signature, in both languages", doc, e.Error)
		}
	}
}

// rowOf returns the table row of page that links to certificate id, "" if
// none.
func rowOf(page, id string) string {
	i := strings.Index(page, "/work/certificates/"+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(page[:i], "<tr")
	end := strings.Index(page[i:], "</tr>")
	if start < 0 || end < 0 {
		return ""
	}
	return page[start : i+end]
}

// refusedCerts is the store as it answers a lookup by ID of a certificate
// record holding another certificate's signed content (factordb
// TestRedteam52_AnotherCertificatesContentUnderAnID: a 409 on the field
// signature, as a record failing its signature check), for the one
// certificate a test sets, once it sets it.
type refusedCerts struct {
	realCerts
	id atomic.Pointer[uuid.UUID]
}

func (r *refusedCerts) FindCertificateByID(ctx context.Context, id uuid.UUID) (*certification.CertificateRecord, error) {
	if p := r.id.Load(); p != nil && *p == id {
		return nil, footprint.FieldErrorf(footprint.ECONFLICT, "signature", "certificate %s on record fails the service's check (signature not verified): the signed content it holds is not its own", id)
	}
	return r.realCerts.FindCertificateByID(ctx, id)
}

// failSignatureChecks has st's key service publish, instead of the
// signing keys, key name, which no certificate was signed with: every
// certificate record then fails the service's signature check.
func (st *stack) failSignatureChecks(t *testing.T, name string) {
	t.Helper()
	st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, name, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
}

// refuseCertificates has st's certificate store answer a read of
// certificate id (none yet for "") as holding another certificate's
// signed content; the store returned lets a test name another.
func (st *stack) refuseCertificates(id string) *refusedCerts {
	refused := &refusedCerts{realCerts: st.certs}
	st.srv.CertificationService = refused
	if id != "" {
		u := uuid.MustParse(id)
		refused.id.Store(&u)
	}
	return refused
}

// Ensure PACT answers a footprint whose certificate record holds another
// certificate's signed content as it answers one failing its signature
// check (red team 52): the single footprint is 403 AccessDenied, not an
// internal error, and a queued answer carrying it is given up, not
// delivered, once its host is back.
func TestRedteam52_PACTWithholdsAnotherCertificatesContent(t *testing.T) {
	h := newPACTHost(t)
	refused := h.st.refuseCertificates("")
	h.peer.failNext(1 << 30) // the requester's host is down
	id := queuedAnswer(t, h, "req-other-content")
	waitAnswer(t, h.st, id, pact.AnswerPending, 1)

	a := uuid.MustParse(h.certs["A"])
	refused.id.Store(&a)
	tok := h.token(t)
	for _, v := range []string{"/2/footprints/", "/3/footprints/"} {
		if body := h.getError(t, tok, v+a.String(), 403, "AccessDenied"); !strings.Contains(string(body), "signature") {
			t.Errorf("%s%s: %s, want it named as failing the service's signature check", v, a, body)
		}
	}
	awaitAttemptAfterChange(t, h, id)
	h.peer.failNext(0) // back
	ans := waitAnswer(t, h.st, id, pact.AnswerGivenUp, 2)
	if !strings.Contains(ans.LastError, "withheld") || !strings.Contains(ans.LastError, a.String()) {
		t.Errorf("last error %q: want footprint %s named as withheld", ans.LastError, a)
	}
	h.peer.mustReceiveNothing(t, "a footprint whose record holds another certificate's content was delivered")
}

// Ensure the verification page of a certificate whose record holds another
// certificate's signed content (the store's 409 on signature) tells the
// person who scanned its label not to rely on it, rather than that the
// certificate could not be checked (session 41).
func TestRedteam52_VerifyPageOfAnotherCertificatesContent(t *testing.T) {
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	st.refuseCertificates(fx.cert)
	rec := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify")
	if body := rec.Body.String(); rec.Code != 409 || !strings.Contains(body, "签名未通过验证") || !strings.Contains(body, "do not rely on this label") {
		t.Errorf("verification page: %d %s, want 409 saying, in both languages, that the record fails the check and the label is not to be relied on", rec.Code, body)
	}
}

// switchedKeys is a key service whose published keys a test replaces while
// the server runs (the outbox's worker reads them): nil publishes the
// service's own.
type switchedKeys struct {
	certification.KeyService
	keys atomic.Pointer[[]certification.PublicKey]
}

func (k *switchedKeys) PublicKeys(ctx context.Context) ([]certification.PublicKey, error) {
	if p := k.keys.Load(); p != nil {
		return *p, nil
	}
	return k.KeyService.PublicKeys(ctx)
}

// Ensure a queued PACT answer is not delivered once a certificate it
// carries fails the service's own signature check (red team 52). A
// partner's request was answered into the outbox while its host was down;
// meanwhile the certificate's record came to fail its signature check (its
// record edited in the file, or its key lost: here the published keys are
// another's), so the verification page says "签名未通过验证", the lists and
// single answers withhold it (red team 49); the queued answer, rechecked
// before delivery for status, flags, key alerts and shares, was delivered
// with the footprint Active.
func TestRedteam52_QueuedAnswerNotSentAfterSignatureFails(t *testing.T) {
	h := newPACTHost(t)
	keys := &switchedKeys{KeyService: h.st.srv.KeyService}
	h.st.srv.KeyService = keys
	h.peer.failNext(1 << 30) // the requester's host is down
	id := queuedAnswer(t, h, "req-signature")
	waitAnswer(t, h.st, id, pact.AnswerPending, 1)
	other := []certification.PublicKey{footprinttest.Key(t, "redteam52 other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	keys.keys.Store(&other)
	awaitAttemptAfterChange(t, h, id)
	h.peer.failNext(0) // back
	a := waitAnswer(t, h.st, id, pact.AnswerGivenUp, 2)
	if !strings.Contains(a.LastError, "signature") {
		t.Errorf("last error %q: want the footprint named as failing the signature check", a.LastError)
	}
	h.peer.mustReceiveNothing(t, "a footprint failing its signature check was delivered")
}

// Ensure the manufacturer's study page warns of a supplier certificate
// whose record fails the service's signature check, as the certifier's
// review does (red team 53): the application and the issue refuse such a
// study, and the page said nothing, so its manufacturer learnt of it from
// a refusal only.
func TestWebStudy_SupplierFailingItsSignature(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: buyerStudy(t, "GEC-WEB-SIG", fx.number)}), 201).ID
	u := st.signedIn(t, asMaker)
	if page := u.get("/work/studies/" + id).Body.String(); strings.Contains(page, `id="supplier-warnings"`) {
		t.Fatalf("control: the study page warns of its valid supplier certificate %s", fx.number)
	}
	st.failSignatureChecks(t, "webstudy other key")
	page := u.get("/work/studies/" + id).Body.String()
	_, section, ok := strings.Cut(page, `id="supplier-warnings"`)
	section, _, _ = strings.Cut(section, "</section>")
	for _, w := range []string{fx.number, "bom[", "签名未通过验证", "digital signature check", "不会以其签发证书", "no certificate is issued on it"} {
		if !ok || !strings.Contains(section, w) {
			t.Errorf("the study page's supplier warnings lack %q: %q", w, section)
		}
	}
}

// Ensure the public verification page of a certificate whose record fails
// the signature check words every part of its status box in both
// languages: it showed "签名无效 Signature invalid: signed with unknown key
// … (not among the 1 public keys given)", English after a Chinese label as
// if it were its translation, and the record's "暂停日期 Suspended on" date
// as though the service vouched for it.
func TestWebVerify_SignatureFailureBilingual(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	st.setStatus(t, fx.cert, "suspend", "audit pending")
	st.failSignatureChecks(t, "webverify other key")
	facts := MustData[struct {
		Status           string `json:"status"`
		SignatureError   string `json:"signature_error"`
		SignatureErrorZH string `json:"signature_error_zh"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)
	if facts.Status != "signature_invalid" || facts.SignatureError == "" {
		t.Fatalf("control: verify answer %+v, want signature_invalid with its error", facts)
	}
	// Session 48: the detail in Chinese too (certification.VerifyError's
	// MessageZH); it was given in English only, marked as such.
	if !strings.ContainsFunc(facts.SignatureErrorZH, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("signature_error_zh %q: want the detail in Chinese", facts.SignatureErrorZH)
	}
	page := newWebUser(t, st.srv).get("/v1/certificates/" + fx.cert + "/verify").Body.String()
	status := regexp.MustCompile(`(?s)<div class="status [^"]*" id="status".*?</div>`).FindString(page)
	if !strings.Contains(status, "签名未通过验证") || !strings.Contains(status, htmlText(facts.SignatureError)) {
		t.Fatalf("status box %q: want the failure and its detail", status)
	}
	if !strings.Contains(status, htmlText(facts.SignatureErrorZH)) || strings.Contains(status, "核验的技术细节(英文)") || strings.Contains(status, "签名无效 Signature invalid: ") {
		t.Errorf("status box %q: want the detail of the check in Chinese and in English", status)
	}
	if !strings.Contains(status, "暂停日期(记录所载,不可依赖)") || !strings.Contains(status, "Suspended on (as recorded, not to be relied on)") {
		t.Errorf("status box %q: the record's suspension date is not marked as the record's, which fails the check", status)
	}
}

// otherKeys is a key service that publishes a key the certificates were
// not signed with: as if the certificate records had been edited in the
// database, or their key lost.
type otherKeys struct {
	certification.KeyService
	key certification.PublicKey
}

func (k otherKeys) PublicKeys(context.Context) ([]certification.PublicKey, error) {
	return []certification.PublicKey{k.key}, nil
}

// A record holding another certificate's signed content (the store's 409
// on signature, red team 52's forger).

// Ensure a genuine certificate stays verifiable when the record of its
// successor holds another certificate's signed content (the store's 409
// on signature, red team 52's forger): its verify answer was the 409 of
// the neighbour's record, so a person scanning a sound certificate's label
// was told not to rely on it. It answers for itself, its signature
// checked, superseded_by the ID it records, and no number for the
// successor, whose record does not hold its own content; the failure is
// logged, naming both.
func TestSwap_VerifyAnswerOfACertificateWhoseSuccessorIsSwapped(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	next := reissueElsewhere(t, st, fx)
	st.refuseCertificates(next.CertificateID)
	var log bytes.Buffer
	was := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	t.Cleanup(func() { slog.SetDefault(was) })

	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"})
	if rec.Code != 200 {
		t.Fatalf("verify %s, its successor %s's record swapped: %d %s, want 200: the certificate's own record is sound", fx.number, next.Number, rec.Code, rec.Body)
	}
	v := MustData[struct {
		verifyData
		SupersededByNumber string `json:"superseded_by_number"`
	}](t, rec, 200)
	if !v.SignatureValid || v.Status != "superseded" || v.SupersededBy != next.CertificateID || v.SupersededByNumber != "" {
		t.Errorf("verify %s: %+v, want its own answer, superseded by %s with no number", fx.number, v, next.CertificateID)
	}
	if !strings.Contains(log.String(), fx.cert) || !strings.Contains(log.String(), next.CertificateID) {
		t.Errorf("log %q: want the neighbour's failure logged naming both", log.String())
	}
}

// Ensure a preview (POST /v1/calculations) on a supplier certificate that
// is valid but that the issue would refuse says so at the supplier's line,
// English in message and Chinese in message_zh (session 41): flagged, its
// predecessor withdrawn for cause (red team 26's move), or issued with an
// API key no former key of its body vouched for (red team 49's). The
// preview computed on its figure with no word, and the manufacturer
// learned of it only when the issue was refused (409 suppliers).
func TestSwap_PreviewWarnsOfAHeldSupplier(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	flagged := reissueElsewhere(t, st, fx)
	rt26Withdraw(t, st, fx.cert)
	unvouched := rt49IssueUnvouched(t, st, "GEC-SWAP-UV")
	for _, c := range []struct {
		what, number string
		en, zh       string
	}{
		{"flagged, its predecessor withdrawn", flagged.Number, "earlier in its lineage, was withdrawn", "被撤销"},
		{"issued with an unvouched key", unvouched.Number, "which no former key of its certification body has vouched for", "未经机构担保"},
	} {
		rec := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: buyerStudy(t, "GEC-SWAP-B", c.number)})
		res := MustData[struct {
			Result struct {
				Warnings []struct {
					Path      string `json:"path"`
					Message   string `json:"message"`
					MessageZH string `json:"message_zh"`
				} `json:"warnings"`
			} `json:"result"`
		}](t, rec, 200)
		n := 0
		for _, w := range res.Result.Warnings {
			if !strings.Contains(w.Message, "supplier certificate "+c.number) {
				continue
			}
			n++
			if !strings.HasSuffix(w.Path, ".supplier") || !strings.Contains(w.Message, c.en) || !strings.Contains(w.MessageZH, c.zh) || !strings.Contains(w.MessageZH, c.number) ||
				strings.ContainsFunc(w.Message, func(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }) {
				t.Errorf("%s: warning %+v, want at the supplier line, English in message (%q), Chinese in message_zh (%q)", c.what, w, c.en, c.zh)
			}
		}
		if n != 1 {
			t.Errorf("preview on supplier certificate %s (%s): %d warnings naming it, want 1: %+v", c.number, c.what, n, res.Result.Warnings)
		}
	}
}

// Ensure storing a study on a supplier certificate the issue would refuse
// (here flagged: its predecessor withdrawn) answers with the warning at
// the supplier's line, and so does reading the study, outside the stored
// result (supplier_warnings): the result is recalculated byte for byte
// and its digest is signed, and the flag can be lifted by a review
// tomorrow; the study's owner learns before applying, not at the issue.
func TestSwap_StoredStudyWarnsOfAHeldSupplier(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	flagged := reissueElsewhere(t, st, fx)
	rt26Withdraw(t, st, fx.cert)
	type answer struct {
		ID               string          `json:"id"`
		Result           json.RawMessage `json:"result"`
		SupplierWarnings []struct {
			Path      string `json:"path"`
			Message   string `json:"message"`
			MessageZH string `json:"message_zh"`
		} `json:"supplier_warnings"`
	}
	check := func(what string, a answer) {
		t.Helper()
		if n := len(a.SupplierWarnings); n != 1 || !strings.Contains(a.SupplierWarnings[0].Message, "supplier certificate "+flagged.Number+" is flagged") ||
			!strings.Contains(a.SupplierWarnings[0].MessageZH, "已被标记") || a.SupplierWarnings[0].Path != "bom[2].supplier" {
			t.Errorf("%s: supplier warnings %+v, want one, bilingual, at bom[2].supplier naming %s", what, a.SupplierWarnings, flagged.Number)
		}
		if strings.Contains(string(a.Result), "is flagged") {
			t.Errorf("%s: the stored result carries the warning", what)
		}
	}
	created := MustData[answer](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: buyerStudy(t, "GEC-SWAP-S", flagged.Number)}), 201)
	check("stored", created)
	check("read", MustData[answer](t, st.do(t, request{method: "GET", target: "/v1/studies/" + created.ID, as: asMaker}), 200))
	// The workbench's study page shows them above the application form.
	page := st.signedIn(t, asMaker).get("/work/studies/" + created.ID).Body.String()
	if i, j := strings.Index(page, `id="supplier-warnings"`), strings.Index(page, `id="apply"`); i < 0 || j < i ||
		!strings.Contains(page[i:j], flagged.Number) || !strings.Contains(page[i:j], "已被标记") {
		t.Errorf("study page: no supplier warning naming %s, in both languages, above the application form", flagged.Number)
	}
}

// The refusals of a footprint whose record fails the signature check, each
// half in its language.

// mustSayEachHalfInItsLanguage fails t unless msg says it in Chinese,
// then in English, its English half without Chinese and its Chinese half
// without any of words (English that belongs in the English half only).
func mustSayEachHalfInItsLanguage(t *testing.T, what, msg string, words ...string) {
	t.Helper()
	en := footprinttest.English(t, msg)
	if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("%s: the English half of %q holds Chinese", what, msg)
	}
	zh, ok := strings.CutSuffix(msg, "。"+en)
	if !ok {
		return // English failed t
	}
	for _, w := range words {
		if strings.Contains(zh, w) {
			t.Errorf("%s: the Chinese half of %q holds %q", what, msg, w)
		}
	}
}

// pactMessage is the message of a PACT error body.
func pactMessage(t *testing.T, body []byte) string {
	t.Helper()
	var e struct{ Message string }
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return e.Message
}

// Ensure the refusals of a footprint whose certificate record fails the
// service's own signature check say each half in its own language:
// errPACTSignature was one string of both ("fails the service's signature
// check (签名未通过验证)"), set whole into each half, and the error that
// wrapped it ("certificate … valid on record fails …") was set whole into
// the Chinese half of GET /v1/certificates/{id}/pact. The single
// footprint, for a record whose signature fails and for one the store
// refuses as holding another certificate's signed content, in both
// versions, and the service's own PACT export.
func TestPACT_SignatureRefusalsInEachLanguage(t *testing.T) {
	words := []string{"signature check", "fails", "on record", "certificate", "valid", "footprint"}
	h := newPACTHost(t)
	g := h.issueFailingSignature(t, "GEC-P-H", "MOD-H")
	tok := h.token(t)
	for _, v := range []string{"2", "3"} {
		body := h.getError(t, tok, "/"+v+"/footprints/"+g, 403, "AccessDenied")
		msg := pactMessage(t, body)
		mustSayEachHalfInItsLanguage(t, "GET /"+v+"/footprints/{id} failing its signature", msg, words...)
		if !strings.Contains(msg, "signature check") {
			t.Errorf("GET /%s/footprints/%s: %q, want it named as failing the signature check", v, g, msg)
		}
	}
	e := MustError(t, h.st.do(t, request{method: "GET", target: "/v1/certificates/" + g + "/pact", as: asMaker}), 409, "conflict")
	if e.Error.Field != "signature" || !strings.Contains(e.Error.Message, "signature check") || !strings.Contains(e.Error.Message, "tell the service's operator") {
		t.Errorf("GET /v1/certificates/%s/pact: %+v, want 409 naming signature", g, e.Error)
	}
	mustSayEachHalfInItsLanguage(t, "GET /v1/certificates/{id}/pact failing its signature", e.Error.Message, words...)

	a := h.certs["A"]
	h.st.refuseCertificates(a)
	for _, v := range []string{"2", "3"} {
		body := h.getError(t, tok, "/"+v+"/footprints/"+a, 403, "AccessDenied")
		mustSayEachHalfInItsLanguage(t, "GET /"+v+"/footprints/{id} holding another's content", pactMessage(t, body), words...)
	}
}

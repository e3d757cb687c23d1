package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

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

package api_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure the public verification page of a certificate whose record fails
// the signature check words every part of its status box in both
// languages: it showed "签名无效 Signature invalid: signed with unknown key
// … (not among the 1 public keys given)", English after a Chinese label as
// if it were its translation, and the record's "暂停日期 Suspended on" date
// as though the service vouched for it.
func TestWebVerify_SignatureFailureBilingual(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["audit pending"]}`)})
	st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, "webverify other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	facts := MustData[struct {
		Status         string `json:"status"`
		SignatureError string `json:"signature_error"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)
	if facts.Status != "signature_invalid" || facts.SignatureError == "" {
		t.Fatalf("control: verify answer %+v, want signature_invalid with its error", facts)
	}
	page := newWebUser(t, st.srv).get("/v1/certificates/" + fx.cert + "/verify").Body.String()
	status := regexp.MustCompile(`(?s)<div class="status [^"]*" id="status".*?</div>`).FindString(page)
	if !strings.Contains(status, "签名未通过验证") || !strings.Contains(status, htmlText(facts.SignatureError)) {
		t.Fatalf("status box %q: want the failure and its detail", status)
	}
	if !strings.Contains(status, "核验的技术细节(英文)") || strings.Contains(status, "签名无效 Signature invalid: ") {
		t.Errorf("status box %q: the English-only detail of the check is not marked as such in Chinese", status)
	}
	if !strings.Contains(status, "暂停日期(记录所载,不可依赖)") || !strings.Contains(status, "Suspended on (as recorded, not to be relied on)") {
		t.Errorf("status box %q: the record's suspension date is not marked as the record's, which fails the check", status)
	}
}

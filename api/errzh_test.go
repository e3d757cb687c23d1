package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Ensure the errors a person reads on the workbench's forms say it in
// Chinese and in English (one message, Chinese first, as the service's
// bilingual errors do): the reasons of a certificate's status change, a
// status change its status does not allow, the application and issue
// forms, the forms that confirm or vouch for an API key, a form field
// given twice and the study upload form (the sign-in page words its
// errors itself).
func TestWorkForms_ErrorsInChineseAndEnglish(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	certifier, maker := st.signedIn(t, asCert), st.signedIn(t, asMaker)
	reasons := func(r string) url.Values { return url.Values{"csrf_token": {certifier.csrf}, "reasons": {r}} }
	issue := func(digest string) url.Values {
		return url.Values{"csrf_token": {certifier.csrf}, "signatory": {"Wang Li"}, "review_digest": {digest}}
	}
	apply := func(study, body string) url.Values {
		return url.Values{"csrf_token": {maker.csrf}, "study_id": {study}, "certifier": {body}}
	}
	twice := reasons("one")
	twice.Add("reasons", "two")
	cert := "/work/certificates/" + fx.cert
	digest := MustData[struct {
		Review struct {
			Digest string `json:"digest"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200).Review.Digest
	longSignatory := issue(digest)
	longSignatory.Set("signatory", strings.Repeat("W", 101))
	for _, tt := range []struct {
		name   string
		u      *webUser
		target string
		form   url.Values
		status int
		zh, en string
	}{
		{"FieldTwice", certifier, cert + "/withdraw", twice, http.StatusBadRequest, "表单中 reasons 出现了 2 次,只能给出一次", "the form gives reasons 2 times: give it once"},
		{"NoReason", certifier, cert + "/withdraw", reasons(" \n "), http.StatusBadRequest, "至少须给出一条理由", "at least one reason is required"},
		{"LongReason", certifier, cert + "/suspend", reasons(strings.Repeat("理", 1001)), http.StatusBadRequest, "第 1 条理由须为 1 至 1000 个字符", "reason 1 must be 1-1000 characters"},
		{"ReinstateValid", certifier, cert + "/reinstate", reasons("restored"), http.StatusConflict, "不能把状态为“有效”的证书改为“有效”", "cannot change a valid certificate to valid"},
		{"ReviewUnflagged", certifier, cert + "/review", reasons("checked"), http.StatusConflict, "没有待复核的供应商标记", "has no supplier flags to review"},
		{"IssueNoDigest", certifier, "/work/applications/" + fx.app + "/issue", issue(""), http.StatusBadRequest, "须给出签发前所阅读审核的摘要", "review_digest is required"},
		{"IssueBadDigest", certifier, "/work/applications/" + fx.app + "/issue", issue("abc"), http.StatusBadRequest, "须为 review.digest 的 32 位十六进制数字", "must be the 32 hexadecimal digits"},
		{"IssueStaleDigest", certifier, "/work/applications/" + fx.app + "/issue", issue(strings.Repeat("0", 32)), http.StatusConflict, "当前审核的摘要", "is not that of the review of application"},
		{"IssueLongSignatory", certifier, "/work/applications/" + fx.app + "/issue", longSignatory, http.StatusBadRequest, "授权签字人(signatory)超过 100 个字符", "signatory is longer than 100 characters"},
		{"IssueDecided", certifier, "/work/applications/" + fx.issuedApp + "/issue", issue(strings.Repeat("0", 32)), http.StatusConflict, "已有决定(issued)", "is already issued"},
		{"ApplyNoStudy", maker, "/work/applications", apply("", orgCertifier), http.StatusBadRequest, "须填写研究编号", "study_id is required"},
		{"ApplyNoCertifier", maker, "/work/applications", apply(fx.study, ""), http.StatusBadRequest, "须填写认证机构", "certifier (the organisation name of a certification body) is required"},
		{"ApplyBadStudyID", maker, "/work/applications", apply("not-a-uuid", orgCertifier), http.StatusBadRequest, "编号 \"not-a-uuid\" 无效", "invalid ID \"not-a-uuid\""},
		{"ApplyPending", maker, "/work/applications", apply(fx.study, orgCertifier), http.StatusConflict, "已有一份待审核的认证申请", "already has a pending application"},
		{"ApplyUnknownCertifier", maker, "/work/applications", apply(fx.issuedStudy, "No Such Body"), http.StatusNotFound, "没有名为 \"No Such Body\" 的认证机构", "certifier \"No Such Body\" not found"},
		{"ConfirmUnknownKey", certifier, "/work/keys/nokey/confirm", url.Values{"csrf_token": {certifier.csrf}}, http.StatusNotFound, "贵机构没有 API 密钥", "your organisation has no api key"},
		{"VouchNoToken", certifier, "/work/keys/nokey/vouch", url.Values{"csrf_token": {certifier.csrf}}, http.StatusBadRequest, "请给出贵机构在此之前持有的一把密钥的令牌", "give the token of a key your organisation held before this one"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mustWorkPage(t, tt.u.post(tt.target, tt.form), tt.status, pageText.Replace(tt.zh), pageText.Replace(tt.en))
		})
	}
	// The study upload form, with no file.
	mustWorkPage(t, maker.upload("/work/studies", maker.csrf), http.StatusBadRequest, "请选择研究文件(.json)或物料清单文件", "choose a study document (.json) or a BOM file")
}

// Ensure the error page in Chromium, at both widths, shows a bilingual
// error's Chinese with its English beneath (span.en), under a label that
// no longer calls it English.
func TestWorkForms_ErrorPageInBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		b.signIn(st.tokens[asCert], "#applications")
		b.open("/work/certificates/not-a-uuid")
		b.dropConsole("status of 400")
		zh, en := b.text("#error p.msg"), b.text("#error p.msg .en")
		if !strings.HasPrefix(zh, "详细说明 Details: 编号 \"not-a-uuid\" 无效") || !strings.HasPrefix(en, "invalid ID \"not-a-uuid\": want a UUID") || hasHan(en) {
			t.Errorf("%s: message %q, its English %q: want the Chinese, then the English alone beneath", b.vp.Name, zh, en)
		}
		b.checkPage("errzh-error-page")
	})
}

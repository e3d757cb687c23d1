package api

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// verifyContent renders the verification page's content (what main holds
// in the layout), from the site's "verify" page
// (api/web/templates/verify.html).
func verifyContent(t *testing.T, p verifyPage) string {
	t.Helper()
	var buf strings.Builder
	if err := pageTemplates["verify"].Lookup("verify-content").Execute(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// Ensure the stages a format-2 certificate declares not applicable are
// shown with their reasons. (Through the API they cannot be produced yet:
// the stored result does not keep Result.NotApplicable.)
func TestVerifyPage_NotApplicable(t *testing.T) {
	body := verifyContent(t, verifyPage{Found: true, V: verifyJSON{NotApplicable: []notApplicableJSON{
		{Code: "A3", NameZH: "运输", NameEN: "transport (inbound and in-plant)", Reason: "every input is made on this site"},
	}}})
	if want := "<li>A3 运输 transport (inbound and in-plant): every input is made on this site</li>"; !strings.Contains(body, want) {
		t.Fatalf("page lacks %q", want)
	}
	if !strings.Contains(body, "不适用阶段<br>Stages not applicable") {
		t.Fatal("page lacks the heading of the stages not applicable")
	}
}

// Ensure the verification page does not call a certificate "genuine and
// in force" when the server's own check of its signature fails (a
// certificate record edited in the database, or a lost key). The status
// box turned red but still read "有效 · Valid — This certificate is genuine
// and in force", with "签名无效 Signature invalid" after it.
func TestRedteam_VerifyPageSignatureInvalid(t *testing.T) {
	for _, tt := range []struct {
		name     string
		valid    bool
		sigError string
	}{
		{"Invalid", false, "signature does not verify with key 1e0282f93388ab77"},
		{"NotChecked", false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := verifyPage{Found: true, V: verifyJSON{certificateFacts: certificateFacts{Status: "valid", SignatureError: tt.sigError}, SignatureValid: tt.valid}}
			p.setStatus()
			body := verifyContent(t, p)
			for _, bad := range []string{"有效 · Valid", "genuine and in force", "真实且在有效期内"} {
				if strings.Contains(body, bad) {
					t.Errorf("page says %q for a signature that %s", bad, map[bool]string{true: "failed", false: "was not checked"}[tt.sigError != ""])
				}
			}
			if p.StatusClass != "bad" || !strings.Contains(body, "签名") || !strings.Contains(body, "do not rely") {
				t.Errorf("class %q; page lacks the bilingual warning:\n%s", p.StatusClass, body)
			}
		})
	}
}

// Ensure the verification page reads a declared unit of more than one
// piece as the certificate of document layout 6 prints it, in the plural
// ("per 10 units"); it said "per 10 unit" under a certificate that said
// "per 10 units".
func TestUnitPerEN_AsTheCertificatePrints(t *testing.T) {
	for _, tt := range []struct {
		du   certification.CertificateDeclaredUnit
		want string
	}{
		{certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, "per 10 units"},
		{certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块组件", LabelEN: "module"}, "per module"},
		{certification.CertificateDeclaredUnit{Amount: 2.5, Unit: "kWp", LabelZH: "千瓦峰值功率", LabelEN: "kWp of rated power"}, "per 2.5 kWp of rated power"},
	} {
		if got := unitPerEN(tt.du); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.du, got, tt.want)
		}
	}
}

// The verification answer checks a certificate's signature once while the
// certificate and its key stay the same, and checks it again, with the
// right outcome, when either changes (issue 14).
func TestVerifyMemo(t *testing.T) {
	calls := 0
	defer func(f func(*certification.SignedCertificate, []certification.PublicKey) error) { verifyCertificate = f }(verifyCertificate)
	verifyCertificate = func(sc *certification.SignedCertificate, keys []certification.PublicKey) error {
		calls++
		return certification.VerifyCertificate(sc, keys)
	}
	key := footprinttest.Key(t, "verify memo", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	sc, err := certification.SignCertificate(footprinttest.Certificate(), key)
	if err != nil {
		t.Fatal(err)
	}
	id := sc.Certificate.ID
	keys := []certification.PublicKey{key.PublicKey()}
	var vm verifyMemo
	check := func(name string, sc *certification.SignedCertificate, keys []certification.PublicKey, wantCalls int, wantReason string) {
		t.Helper()
		err := vm.verify(id, sc, keys)
		reason := ""
		if err != nil {
			ve, ok := err.(*certification.VerifyError)
			if !ok {
				t.Fatalf("%s: %v, want a *VerifyError", name, err)
			}
			reason = ve.Reason
		}
		if reason != wantReason || calls != wantCalls {
			t.Fatalf("%s: reason %q after %d checks, want %q after %d (%s)", name, reason, calls, wantReason, wantCalls, footprint.ErrorMessage(err))
		}
	}
	check("first", sc, keys, 1, "")
	check("again", sc, keys, 1, "")
	check("keys copied", sc, []certification.PublicKey{key.PublicKey()}, 1, "")

	retired := key.PublicKey()
	retired.Retired = sc.Certificate.IssuedAt.Add(-time.Hour)
	check("key retired before issue", sc, []certification.PublicKey{retired}, 2, certification.VerifyKeyRetired)
	check("key as it was", sc, keys, 3, "")

	tampered := *sc
	tampered.Signature = bytes.Clone(sc.Signature)
	tampered.Signature[0] ^= 1
	check("signature altered", &tampered, keys, 4, certification.VerifyBadSignature)

	other := footprinttest.Key(t, "verify memo other", key.Created)
	check("unknown key", sc, []certification.PublicKey{other.PublicKey()}, 5, certification.VerifyUnknownKey)

	shown := *sc
	c := *sc.Certificate
	c.Number = "CDPCF-2024-999999"
	shown.Certificate = &c // another decoded certificate: not the one remembered
	check("shown fields differ", &shown, keys, 6, certification.VerifyFieldMismatch)
	check("shown again", &shown, keys, 6, certification.VerifyFieldMismatch)
	check("original", sc, keys, 7, "")
}

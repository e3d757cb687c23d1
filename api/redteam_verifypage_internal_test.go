package api

import (
	"strings"
	"testing"
)

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
			p := verifyPage{Found: true, V: verifyJSON{certificateFacts: certificateFacts{Status: "valid"}, SignatureValid: tt.valid, SignatureError: tt.sigError}}
			p.setStatus()
			var buf strings.Builder
			if err := pageTemplates["verify"].Lookup("verify-content").Execute(&buf, p); err != nil {
				t.Fatal(err)
			}
			body := buf.String()
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

package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a malformed key set or signed certificate is refused with its
// JSON error in Chinese in the Chinese half: it gave encoding/json's
// English there ("公钥集：不是 JSON 对象：malformed JSON: the document ends
// early"; session 48), and without the Go types json/v2's errors name
// ("cannot unmarshal JSON number into Go []certification.jwk", as red team
// 19 found of encoding/json's).
func TestJSONErrorsInChinese(t *testing.T) {
	for name, parse := range map[string]func() error{
		"keys cut short":           func() error { _, err := certification.ParsePublicKeysJWKS([]byte(`{"keys": [`)); return err },
		"key of the wrong type":    func() error { _, err := certification.ParsePublicKeysJWKS([]byte(`{"keys": 5}`)); return err },
		"signed certificate empty": func() error { _, err := certification.ParseSignedCertificate([]byte(`{"certificate": `)); return err },
	} {
		err := parse()
		if footprint.ErrorCode(err) != footprint.EINVALID {
			t.Fatalf("%s: %v, want invalid", name, err)
		}
		zh, en, ok := strings.Cut(footprint.ErrorMessage(err), "。")
		if !ok || strings.Contains(zh, "malformed") || strings.Contains(zh, "want ") || !strings.Contains(en, "JSON") && !strings.Contains(en, "want") {
			t.Errorf("%s: %q | %q: want the JSON error in Chinese, then in English", name, zh, en)
		}
		if strings.Contains(en, "Go ") || strings.Contains(en, "certification.") {
			t.Errorf("%s: %q names the server's Go types", name, en)
		}
	}
}

package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure the refusal of a certificate whose API key no former key of its
// certification body vouched for is worded in both languages, naming the
// certificate, the key, what the key did and what happens then, as the
// documents, PACT and the supplier check all refuse it (they word
// it through this one function).
func TestUnvouchedKeyText(t *testing.T) {
	for _, tt := range []struct {
		supplier bool
		use      certification.UnvouchedKeyUse
		want     []string
	}{
		{false, certification.UnvouchedIssuingKey, []string{"证书 CDPCF-2026-000007 的签发密钥未经机构担保（API 密钥 key-9）：然后。", "certificate CDPCF-2026-000007 was issued with API key key-9, which no former key of its certification body has vouched for: then"}},
		{false, certification.UnvouchedStatusKey, []string{"恢复或复核密钥未经机构担保", "was set valid (reinstated or reviewed) with API key key-9, which"}},
		{true, certification.UnvouchedIssuingKey, []string{"供应商证书 CDPCF-2026-000007 的签发密钥未经机构担保", "supplier certificate CDPCF-2026-000007 was issued with"}},
	} {
		zh, en := certification.UnvouchedKeyText(tt.supplier, "CDPCF-2026-000007", "key-9", tt.use, "然后", "then")
		if strings.ContainsFunc(en, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) || !strings.Contains(zh, "证书") || strings.Contains(zh, "certificate") {
			t.Errorf("UnvouchedKeyText(supplier %v, use %d) = %q, %q: want Chinese in zh only, English in en only", tt.supplier, tt.use, zh, en)
		}
		for _, w := range tt.want {
			if !strings.Contains(zh+en, w) {
				t.Errorf("UnvouchedKeyText(supplier %v, use %d) = %q, %q: want it to hold %q", tt.supplier, tt.use, zh, en, w)
			}
		}
	}
}

package factorlib_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// Ensure the Chinese of a set-review flag holds no English: the reason a
// set needs its review (SetReview.Why) is recorded in English ("API key k1
// created factor set 2026.SC"), and GET /v1/factors now serves the flag's
// explanation_zh to any reader (red team 70); the English half names it.
func TestSetReviewFlag_ChineseWithoutTheEnglishReason(t *testing.T) {
	r := &factorlib.SetReview{Set: "2026.SC", Required: true, Why: "API key k1 created factor set 2026.SC"}
	fl := factorlib.SetReviewFlag(r, "PV-CELL-MONO182", 1, "kgCO2e/piece")
	if strings.Contains(fl.ExplanationZH, "created factor set") || !strings.Contains(fl.ExplanationZH, "尚未经另一位管理员整体审核") {
		t.Errorf("ExplanationZH %q", fl.ExplanationZH)
	}
	if !strings.Contains(fl.Explanation, r.Why) {
		t.Errorf("Explanation %q, want the reason", fl.Explanation)
	}
}

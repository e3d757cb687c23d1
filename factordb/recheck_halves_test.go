package factordb_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the refusal of a study stored before a rule, which today's
// engine refuses, says it in both languages, each half in its own: it
// was in English only, with the engine's bilingual refusal, Chinese and
// all, inside it.
func TestRecheck_StoredBeforeTheRuleInEachLanguage(t *testing.T) {
	s, st, _ := mustStoreWithoutSiteRegion(t)
	err := s.refusedToCertify(t, st.ID, "a Yunnan grid mix on a site nothing places")
	msg := footprint.ErrorMessage(err)
	zh, en, ok := strings.Cut(msg, "。study "+st.ID+" does not pass today's integrity checks")
	if !ok {
		t.Fatalf("message %q, want its Chinese, then its English", msg)
	}
	if hasHan(en) || !strings.Contains(en, "the study does not say where its site is") || !strings.Contains(en, "stored before the rule") {
		t.Errorf("English %q, want the engine's refusal in English, and no Chinese", en)
	}
	if !strings.Contains(zh, "研究未给出生产场地所在的省级地区") || !strings.Contains(zh, "在此项规则之前存储") || strings.Contains(zh, "does not say") {
		t.Errorf("Chinese %q, want the engine's refusal in Chinese, and no English", zh)
	}
}

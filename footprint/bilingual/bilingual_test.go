package bilingual_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint/bilingual"
)

func TestHalves(t *testing.T) {
	for _, c := range []struct {
		s, zh, en string
		ok        bool
	}{
		{"值无效。Value is invalid", "值无效。", "Value is invalid", true},
		{"值无效。请修改。Value is invalid; fix it", "值无效。请修改。", "Value is invalid; fix it", true},
		// Applicant text quoted in either half may hold a "。" of its own.
		{`名称“A。B”无效。Name "A。B" is invalid`, `名称“A。B”无效。`, `Name "A。B" is invalid`, true},
		{`名称“A。B”无效。Name “A。B” is invalid`, `名称“A。B”无效。`, `Name “A。B” is invalid`, true},
		{`名称「A。B」无效。Name "A\"。B" is invalid`, `名称「A。B」无效。`, `Name "A\"。B" is invalid`, true},
		{`研究 "x" 的供应商足迹 "A。Bolt" 已不能通过现行检查。Supplier footprint "A。Bolt" of study "x" no longer passes`, `研究 "x" 的供应商足迹 "A。Bolt" 已不能通过现行检查。`, `Supplier footprint "A。Bolt" of study "x" no longer passes`, true},
		// A straight quote as an inch mark, unquoted text in both halves
		// (reviewer 47): the quotes seem to pair across the "。".
		{`值无效。请修改名称 Demo 27"。Value is invalid; fix name Demo 27"`, `值无效。请修改名称 Demo 27"。`, `Value is invalid; fix name Demo 27"`, true},
		{`值无效。名称 27" 不可用。Name 27" is not usable`, `值无效。名称 27" 不可用。`, `Name 27" is not usable`, true},
		// A stray quote leaves the plain reading: the last "。".
		{`名称A"B无效。Name A"B is invalid`, `名称A"B无效。`, `Name A"B is invalid`, true},
		{"Value is invalid", "", "Value is invalid", false},
		{"值无效。", "", "值无效。", false},
		{"值无效。值", "", "值无效。值", false},
		{"value。Value", "", "value。Value", false},
	} {
		zh, en, ok := bilingual.Halves(c.s)
		if zh != c.zh || en != c.en || ok != c.ok {
			t.Errorf("Halves(%q) = %q, %q, %v; want %q, %q, %v", c.s, zh, en, ok, c.zh, c.en, c.ok)
		}
	}
}

// Ensure a cut never splits a character and keeps input within n bytes.
func TestClip(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"CDPCF-2026-000001", 64, "CDPCF-2026-000001"},
		{strings.Repeat("a", 70), 64, strings.Repeat("a", 64) + "…"},
		{"a" + strings.Repeat("有", 30), 64, "a" + strings.Repeat("有", 21) + "…"}, // byte 64 is inside the 22nd 有
		{strings.Repeat("有", 30), 3, "有…"},
		{strings.Repeat("有", 30), 2, "…"},
	} {
		got := bilingual.Clip(tt.s, tt.n)
		if got != tt.want || !utf8.ValidString(got) {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

package bilingual_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint/bilingual"
)

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

package modelchars_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/modelchars"
)

// Ensure a model holding a hanzi of PrintedLetters beside an ASCII
// character is odd (session 53: 彐, 几, 卩, 乛 read as E, N, P, 7, so
// "DEMO-彐00" would be a model of its own beside "DEMO-E00"), and that the
// same hanzi among Chinese characters, or a model of ASCII only, is not.
func TestOdd_PrintedLetters(t *testing.T) {
	for _, tt := range []struct {
		model string
		want  rune
	}{
		{"DEMO-彐00", '彐'},
		{"几ET-1", '几'},
		{"卩CF-75", '卩'},
		{"M10-乛2", '乛'},
		{"DEMO-乙00", '乙'},
		{"DEMO-M10-54", 0},
		{"茶几一号", 0},
		{"示例茶几", 0},
	} {
		if got, _ := modelchars.Odd(tt.model); got != tt.want {
			t.Errorf("Odd(%q) = %q, want %q", tt.model, got, tt.want)
		}
	}
}

package factordb

import "testing"

// Ensure a model's stem drops the words after its number, and no more: a
// model variant ("JM550 Pro") is its number's, a longer number is not.
func TestModelStem(t *testing.T) {
	for _, tt := range []struct{ model, want string }{
		{"JM-550", "JM550"},
		{"JM550 Pro", "JM550"},
		{"jm550pro max", "JM550"},
		{"ＪＭ５５Ｏ plus", "JM550"}, // full-width, a letter O for the last zero
		{"JM 55O", "JM550"},
		{"JM5500", "JM5500"},
		{"DEMO-M10-54 V2", "DEM0M1054V2"},
		{"Compact", ""},
	} {
		if got := modelStem(tt.model); got != tt.want {
			t.Errorf("modelStem(%q) = %q, want %q", tt.model, got, tt.want)
		}
	}
}

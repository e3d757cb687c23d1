package list

import (
	"reflect"
	"testing"
)

// Ensure Set sorts, drops duplicates and empty strings, and gives nil for
// none; Join joins any string type; Paths stops after five paths.
func TestList(t *testing.T) {
	if got, want := Set([]string{"b", "", "a", "b"}), []string{"a", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Set = %q, want %q", got, want)
	}
	if got := Set([]string{"", ""}); got != nil {
		t.Errorf("Set of empty strings = %q, want nil", got)
	}
	type kind string
	if got, want := Join([]kind{"x", "y"}), "x, y"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
	if got, want := Paths([]string{"a", "b", "c", "d", "e", "f"}), "a, b, c, d, e, …"; got != want {
		t.Errorf("Paths = %q, want %q", got, want)
	}
	if got, want := Paths([]string{"a", "b"}), "a, b"; got != want {
		t.Errorf("Paths = %q, want %q", got, want)
	}
}

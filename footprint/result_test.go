package footprint_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

func TestParseResultJSON_RoundTrip(t *testing.T) {
	// Ensure a stored result (CanonicalJSON) reads back and re-encodes to
	// the same bytes, so a stored digest can be checked.
	for _, name := range []string{"pv-module", "laptop"} {
		r := MustCalculate(t, MustParseStudyFile(t, "../seed/studies/"+name+".json"), MustLoadFactors(t), nil)
		want, err := r.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := footprint.ParseResultJSON(bytes.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		got, err := back.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: re-encoded result differs", name)
		}
		if len(back.Hotspots) == 0 || back.Hotspots[0] != findLineIn(back.Lines, back.Hotspots[0].Path) {
			t.Errorf("%s: hotspots do not point into the tree", name)
		}
	}
	if _, err := footprint.ParseResultJSON(strings.NewReader(`{"format":"other"}`)); footprint.ErrorField(err) != "format" {
		t.Errorf("ParseResultJSON(other format) = %v, want a format error", err)
	}
}

func findLineIn(cs []*footprint.Contribution, path string) *footprint.Contribution {
	return findLine(&footprint.Result{Lines: cs}, path)
}

package pact

import (
	"bytes"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure a supplier's document states its specVersion as both PACT
// schemas say, major.minor.patch (red team 30: "2" was read as PACT 2 but
// taken for PACT 3, so its version went unrecorded).
func TestParseSupplier_SpecVersionPattern(t *testing.T) {
	doc := footprinttest.SupplierPACT2("6b1f4a2e-4c1d-4a8e-9d0f-3c2b1a0e9f8d", 3, "4.2")
	for _, v := range []string{"2", "2.3", "2.3.0.1", "２.3.0", " 2.3.0", "2.3.0-1"} {
		_, err := ParseSupplier(bytes.Replace(doc, []byte(`"2.3.0"`), []byte(`"`+v+`"`), 1))
		if footprint.ErrorField(err) != "pact_footprint.specVersion" {
			t.Errorf("specVersion %q: %v", v, err)
		}
	}
	for _, v := range []string{"2.3.0", "2.2.1", "2.3.0-20240910"} {
		if s, err := ParseSupplier(bytes.Replace(doc, []byte(`"2.3.0"`), []byte(`"`+v+`"`), 1)); err != nil || !s.IsV2() || s.Version != 3 {
			t.Errorf("specVersion %q: %+v %v", v, s, err)
		}
	}
}

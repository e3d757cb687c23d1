package montecarlo

import (
	"slices"
	"testing"
)

func TestSession53_SupplierFamilies(t *testing.T) {
	// Ensure a supplier certificate of this service takes the families of
	// its HS codes, as a factor of them does, and nothing else (no
	// Supplier label joining it to the study's other suppliers and their
	// families); a PACT footprint, whatever codes its uploader gives it, a
	// certificate of no HS code and one read from a supplier list that signs
	// no codes (nil) take Any and Supplier, as every supplier footprint did
	// (red team 90); the labels of a footprint named again are added to
	// those it has.
	for _, tc := range []struct {
		name      string
		joined    []string
		certified bool
		codes     []code
		want      []string
	}{
		{"certificate of cells", nil, true, []code{"HS:854142"}, []string{"HS:84-85"}},
		{"certificate of cells, CPC too", nil, true, []code{"CPC:46410", "HS:854142"}, []string{"HS:84-85"}},
		{"certificate of two chapters", nil, true, []code{"HS:7604", "HS:7007"}, []string{"HS:70", "HS:76"}},
		{"certificate of steel articles", nil, true, []code{"HS:7308"}, []string{"HS:72-73"}},
		{"certificate of CPC only", nil, true, []code{"CPC:46410"}, []string{Any, Supplier}},
		{"certificate of no code", nil, true, []code{}, []string{Any, Supplier}},
		{"list of pcf-certificate/8", nil, true, nil, []string{Any, Supplier}},
		{"PACT of cells", nil, false, []code{"HS:854142"}, []string{Any, Supplier}},
		{"PACT of furniture", nil, false, []code{"HS:9403"}, []string{Any, Supplier}},
		{"one footprint, two certificates", []string{"HS:76"}, true, []code{"HS:7007"}, []string{"HS:70", "HS:76"}},
		{"one footprint, a certificate and an old list", []string{"HS:76"}, true, nil, []string{Any, "HS:76", Supplier}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SupplierFamilies(slices.Clone(tc.joined), tc.certified, tc.codes); !slices.Equal(got, tc.want) {
				t.Errorf("SupplierFamilies(%q, %v, %q) = %q, want %q", tc.joined, tc.certified, tc.codes, got, tc.want)
			}
		})
	}
}

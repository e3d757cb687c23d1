package montecarlo

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// ofCodes is a factor its figure of 1 lies within (Figure.Holds): a
// certificate of a figure the set gives a product (the factor's families
// are left out).
var ofCodes = []Figure{{Kg: 1, Pct: 20}}

func TestSession53_SupplierFamilies(t *testing.T) {
	// Ensure a supplier certificate of this service, of a figure one of
	// the set's factors of its codes gives, takes the families of its HS
	// codes, as a factor of them does, and nothing else (no Supplier label
	// joining it to the study's other suppliers and their families); a
	// PACT footprint, whatever codes its uploader gives it, a certificate
	// of no HS code and one read from a supplier list that signs no codes
	// (nil) take Any and Supplier, as every supplier footprint did (red
	// team 90); the labels of a footprint named again are added to those it
	// has.
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
			calls := 0
			of := func() []Figure { calls++; return ofCodes }
			if got := SupplierFamilies(slices.Clone(tc.joined), tc.certified, tc.codes, 1, of); !slices.Equal(got, tc.want) {
				t.Errorf("SupplierFamilies(%q, %v, %q) = %q, want %q", tc.joined, tc.certified, tc.codes, got, tc.want)
			}
			// The set's figures are read for a certificate of HS codes alone: the engine builds them for no other.
			if want := tc.certified && slices.ContainsFunc(tc.codes, func(c code) bool { return strings.HasPrefix(string(c), "HS:") }); (calls > 0) != want || calls > 1 {
				t.Errorf("SupplierFamilies(%q, %v, %q) read the figures %d times, want them read %v (once)", tc.joined, tc.certified, tc.codes, calls, want)
			}
		})
	}
}

func TestSession54_CertificateFarFromItsCodes(t *testing.T) {
	// Ensure a supplier certificate whose figure lies outside the 95 %
	// range of every factor passed (those of the study and of the
	// certificate's codes: a figure no factor of the set gives), or that
	// no factor converts to (a certificate per piece where the set has the
	// product per kg), takes Any and Supplier, as before session 53: it
	// moves with every family. One within any factor's range, ends
	// included, takes its codes' families and those of every factor whose
	// range holds its figure (reviewer 54): a related company's "copper",
	// HS 7403, at the aluminium profile's 9.8 kgCO2e/kg (the set's copper,
	// 5.795 ±50 %, spans 3.86 to 8.69) moves with the profile, HS:76, as
	// the study's aluminium does, and an honest aluminium profile at 5.0,
	// below the profile's range and within copper's, moves with its own
	// codes' family and copper's, not with every family.
	copper := Figure{Kg: 5.795, Pct: 50, Families: []string{"HS:74"}}
	profile := Figure{Kg: 9.8, Pct: 50, Families: []string{"HS:76"}}
	glass := Figure{Kg: 1.475, Pct: 50, Families: []string{"HS:70"}}
	for _, tc := range []struct {
		name string
		kg   float64
		of   []Figure
		want []string
	}{
		{"copper at copper's figure", 5.795, []Figure{copper, glass}, []string{"HS:74"}},
		{"copper at the low end of its range", 5.795 / 1.5, []Figure{copper}, []string{"HS:74"}},
		{"copper at the high end of its range", 5.795 * 1.5, []Figure{copper}, []string{"HS:74"}},
		{"copper within the profile's range too", 8, []Figure{copper, profile, glass}, []string{"HS:74", "HS:76"}},
		{"copper at the aluminium profile's figure", 9.8, []Figure{copper, profile, glass}, []string{"HS:74", "HS:76"}},
		{"copper below every range", 5.795 / 1.5 * 0.99, []Figure{copper}, []string{Any, Supplier}},
		{"copper above every range", 9.8 * 1.5 * 1.01, []Figure{copper, profile, glass}, []string{Any, Supplier}},
		{"copper within the second of two factors", 9.8, []Figure{{Kg: 20, Pct: 5}, {Kg: 8, Pct: 25}}, []string{"HS:74"}},
		{"within a factor of unknown material", 5.795, []Figure{copper, {Kg: 6, Pct: 20, Families: []string{Any}}}, []string{Any, "HS:74"}},
		{"within another factor's range only", 9.8, []Figure{profile}, []string{"HS:74", "HS:76"}},
		{"no factor in its unit", 5.795, nil, []string{Any, Supplier}},
		{"a factor of no value", 5.795, []Figure{{Kg: 0, Pct: 50}}, []string{Any, Supplier}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SupplierFamilies(nil, true, []code{"HS:7403"}, tc.kg, func() []Figure { return tc.of }); !slices.Equal(got, tc.want) {
				t.Errorf("SupplierFamilies(HS:7403, %v kg, %v) = %q, want %q", tc.kg, tc.of, got, tc.want)
			}
		})
	}
}

func TestByUnit(t *testing.T) {
	// Ensure ByUnit builds the figures of a unit once, those of a unit no
	// factor converts to (none) too, and gives each unit its own.
	builds := map[string]int{}
	build := func(u string) []Figure {
		builds[u]++
		if u == "kg" {
			return ofCodes
		}
		return nil
	}
	var m ByUnit[string]
	for range 3 {
		for _, u := range []string{"kg", "piece"} {
			got, want := m.Of(u, build), build(u)
			builds[u]--
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Of(%s) = %v, want %v", u, got, want)
			}
		}
	}
	if builds["kg"] != 1 || builds["piece"] != 1 {
		t.Errorf("built %v, want each unit once", builds)
	}
}

package api

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the diff of two exports finds the added, removed and changed
// factors by code, with the relative change of a value in the same unit.
// The values are test numbers, not factors.
func TestDiffFactorSets(t *testing.T) {
	unit, err := footprint.ParseFactorUnit("kgCO2e/kg")
	if err != nil {
		t.Fatal(err)
	}
	other, err := footprint.ParseFactorUnit("kgCO2e/t")
	if err != nil {
		t.Fatal(err)
	}
	f := func(code string, v float64, u footprint.FactorUnit) *footprint.Factor {
		return &footprint.Factor{Code: code, Value: v, Unit: u, Status: footprint.StatusActive, Category: footprint.CategoryMaterial, Year: 2024}
	}
	a := []*footprint.Factor{f("A", 1, unit), f("B", 2, unit), f("C", 4, unit), f("E", 5, unit)}
	b := []*footprint.Factor{f("B", 2, unit), f("C", 5, unit), f("D", 1, unit), f("E", 5000, other)}
	d := diffFactorSets("1", "2", a, b)
	codes := func(rows []factorRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Code)
		}
		return out
	}
	if got := codes(d.Added); !slices.Equal(got, []string{"D"}) {
		t.Errorf("added %v", got)
	}
	if got := codes(d.Removed); !slices.Equal(got, []string{"A"}) {
		t.Errorf("removed %v", got)
	}
	if d.Same != 1 || len(d.Changed) != 2 {
		t.Fatalf("same %d, changed %d", d.Same, len(d.Changed))
	}
	if c := d.Changed[0]; c.New.Code != "C" || c.Pct != "+25 %" || !c.Up || !strings.Contains(c.Changes[0], "4 kgCO2e/kg → 5 kgCO2e/kg") {
		t.Errorf("C: %+v", c)
	}
	if c := d.Changed[1]; c.New.Code != "E" || c.Pct != "" || !c.ValueDiff {
		t.Errorf("E (unit changed): %+v", c)
	}
}

// Ensure every API route lies under apiPrefixes, so that its errors stay
// JSON for a browser, and no page route does.
func TestAPIPrefixesCoverRoutes(t *testing.T) {
	s := NewServer()
	under := func(path string) bool {
		for _, p := range apiPrefixes {
			if strings.HasPrefix(path, p) || path == strings.TrimSuffix(p, "/") {
				return true
			}
		}
		return false
	}
	for _, r := range s.Routes() {
		if _, path, _ := strings.Cut(r, " "); !under(path) {
			t.Errorf("API route %s is outside apiPrefixes", r)
		}
	}
	for _, r := range s.PageRoutes() {
		if _, path, _ := strings.Cut(r, " "); under(path) {
			t.Errorf("page route %s is under an API prefix", r)
		}
	}
}

package weigh_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/weigh"
)

func TestUnlisted(t *testing.T) {
	// Ensure a bill of materials is warned when it leaves out more of the
	// product's mass than the cut-off limit, or reaches within it only
	// through declared masses not warned already, and not otherwise.
	many := []string{"a", "b", "a", "c", "d", "e", "f"}
	for _, tt := range []struct {
		name                string
		bom, product        float64
		unweighed           []string
		weighed             float64
		weighedPaths        []string
		want, wantZH, wantN string // "" = no warning; wantN: a text the warning must not hold
	}{
		{name: "no product mass", bom: 10},
		{name: "within the limit", bom: 95.1, product: 100},
		{name: "over the limit", bom: 94, product: 100, want: "the 6 kg (6 %) not in it are more than the 5 % cut-off limit of rule r", wantZH: "未列入的 6 kg(6 %)", wantN: "lines without a mass"},
		{name: "over the limit, lines without a mass", bom: 94, product: 100, unweighed: many, want: "(lines without a mass, which may be the rest: a, b, c, d, e, …)", wantZH: "a, b, c, d, e, …"},
		{name: "within through declared masses", bom: 96, product: 100, weighed: 9, weighedPaths: []string{"bom[1]", "bom[1]"}, want: "only through the 9 kg of the mass_kg the study declares on lines in pieces or m² (bom[1])", wantZH: "不在任何行中"},
		{name: "declared masses, the rest at the floor", bom: 96, product: 100, weighed: 6},
		{name: "declared masses warned already", bom: 96, product: 100, weighed: 9.7},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := weigh.Unlisted(tt.bom, tt.product, 5, "r", tt.unweighed, 90, tt.weighed, 10, tt.weighedPaths)
			if tt.want == "" {
				if f != (weigh.Finding{}) {
					t.Fatalf("warned: %+v", f)
				}
				return
			}
			if f.Field != "bom" || !strings.Contains(f.EN, tt.want) || !strings.Contains(f.ZH, tt.wantZH) || tt.wantN != "" && strings.Contains(f.EN, tt.wantN) {
				t.Fatalf("got %+v, want at bom %q and %q", f, tt.want, tt.wantZH)
			}
		})
	}
}

// BenchmarkPaddingFinding is the packaging warning of a bill of materials
// with 100,000 lines on packaging factors, each at its own path: the list
// of paths it names stops at the sixth distinct one (it compared every
// path with every one kept, reviewer 46).
func BenchmarkPaddingFinding(b *testing.B) {
	var p weigh.Padding
	for i := range 100_000 {
		p.Add("bom["+strconv.Itoa(i)+"]", "PKG-BOARD-CN", 0.0001)
	}
	for b.Loop() {
		if f := p.Finding(1, 5, "pv-module"); !strings.Contains(f.EN, "bom[0], bom[1], bom[2], bom[3], bom[4], …") {
			b.Fatalf("finding %q", f.EN)
		}
	}
}

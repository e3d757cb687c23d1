package weigh_test

import (
	"cmp"
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

func TestPaddingBeside(t *testing.T) {
	// Ensure lines on packaging factors are warned when they weigh more than
	// the cut-off limit, as before, or, each within it, together with the
	// product's mass in no line of the bill of materials (red team 77); and
	// not when the mass left out alone is over the limit (Unlisted's
	// warning), when no line is on a packaging factor, or when the two
	// together are within it.
	for _, tt := range []struct {
		name         string
		padding, gap float64
		want, wantZH string // "" = no warning
		wantN        string // a text the warning must not hold
	}{
		{name: "padding over the limit", padding: 6, want: "weigh 6 kg per declared unit, 6 % of the product's 100 kg", wantZH: "超过规则 r 的 5 % 截断限值", wantN: "less than the product"},
		{name: "padding over the limit, a gap beside it", padding: 6, gap: 2, want: "weigh 6 kg per declared unit, 6 % of the product's 100 kg", wantZH: "超过规则 r 的 5 % 截断限值", wantN: "less than the product"},
		{name: "padding within, no gap", padding: 4.9},
		{name: "padding and gap within together", padding: 2, gap: 2.9},
		{name: "padding and gap each within, over together", padding: 4.9, gap: 4.9,
			want:   "weigh 4.9 kg per declared unit, and the bill of materials weighs 4.9 kg less than the product's 100 kg (product.mass_kg × pieces: parts left out, or lines in pieces or m² without mass_kg): together 9.8 kg (9.8 %), more than the 5 % cut-off limit of rule r",
			wantZH: "两者合计 9.8 kg(9.8 %),超过规则 r 的 5 % 截断限值"},
		{name: "gap over the limit alone", padding: 0.05, gap: 6},
		{name: "no padding, gap within", gap: 4.9},
		{name: "negative gap (the bill of materials heavier)", padding: 4.9, gap: -3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var p weigh.Padding
			if tt.padding > 0 {
				p.Add("bom[0].children[5]", "PKG-BOARD-CN", tt.padding)
			}
			f := p.Beside(tt.gap).Finding(100, 5, "r")
			if tt.want == "" {
				if f != (weigh.Finding{}) {
					t.Fatalf("warned: %+v", f)
				}
				return
			}
			if f.Field != "bom" || !strings.Contains(f.EN, tt.want) || !strings.Contains(f.ZH, tt.wantZH) || !strings.Contains(f.EN, "bom[0].children[5]: PKG-BOARD-CN") ||
				tt.wantN != "" && strings.Contains(f.EN, tt.wantN) {
				t.Fatalf("got %+v, want at bom %q and %q", f, tt.want, tt.wantZH)
			}
		})
	}
}

// Ensure the exempted share is judged with the mass no line holds and the
// lines on packaging factors (red team 80): warned when each is within the
// limit and the sum over it, in the cut-off's basis; when a line without a
// mass may hold the gap, at that line's mass_kg, asking for it (red team
// 81); not when Unlisted or Finding warns already, when nothing is
// exempted, or when no product mass was judged (Beside).
func TestStacked(t *testing.T) {
	for _, tt := range []struct {
		name           string
		basis          string
		emPct, massPct float64
		padding, gap   float64
		unweighed      []string
		noBeside       bool
		want           string // "" = no warning
		path           string // "" = "bom"
	}{
		{name: "emissions and a gap", basis: "emissions", emPct: 4, massPct: 20, gap: 2, want: "the exempted lines are 4 % of the product's emissions (the cut-off's share), and the bill of materials, every line of it weighed, weighs 2 kg (2 %) less than the product's 100 kg (product.mass_kg × pieces), parts in no line: together 6 %, more than the 5 % cut-off limit of rule r"},
		{name: "mass and padding", basis: "mass", emPct: 0, massPct: 3, padding: 2.5, want: "the exempted lines are 3 % of the product's mass (the cut-off's share), and lines of the bill of materials on packaging factors (bom[3]: PKG-BOARD-CN) weigh 2.5 kg (2.5 %): together 5.5 %"},
		{name: "within together", basis: "emissions", emPct: 3, gap: 1.9},
		{name: "a line without a mass", basis: "emissions", emPct: 4.5, gap: 2.5, unweighed: []string{"bom[1]"}, path: "bom[1].mass_kg",
			want: "the exempted lines are 4.5 % of the product's emissions (the cut-off's share), and the bill of materials weighs 2.5 kg (2.5 %) less than the product's 100 kg (product.mass_kg × pieces), which its lines without a mass (bom[1]: not in a mass unit, no mass_kg) may hold or no line holds: together up to 7 %, more than the 5 % cut-off limit of rule r"},
		{name: "lines without a mass, the gap and padding", basis: "mass", massPct: 4, padding: 0.4, gap: 1, unweighed: []string{"bom[1]", "bom[0].children[2]"}, path: "bom[1].mass_kg",
			want: "give the lines without a mass (bom[1], bom[0].children[2]) their mass_kg"},
		{name: "a line without a mass, within together", basis: "emissions", emPct: 2, gap: 2.9, unweighed: []string{"bom[1]"}},
		{name: "a line without a mass, nothing exempted", basis: "", gap: 4.9, unweighed: []string{"bom[1]"}},
		{name: "a line without a mass, padding counted", basis: "emissions", emPct: 4.8, padding: 0.4, gap: 0, unweighed: []string{"bom[1]"}, want: "weigh 0.4 kg (0.4 %): together 5.2 %"},
		{name: "gap warned by Unlisted", basis: "emissions", emPct: 1, gap: 6},
		{name: "padding and gap warned by Finding", basis: "emissions", emPct: 1, padding: 3, gap: 3},
		{name: "nothing exempted", basis: "", gap: 4.9},
		{name: "no product mass judged", basis: "emissions", emPct: 4, gap: 2, noBeside: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var p weigh.Padding
			if tt.padding > 0 {
				p.Add("bom[3]", "PKG-BOARD-CN", tt.padding)
			}
			if !tt.noBeside {
				p.Beside(tt.gap)
			}
			var got []string
			p.Stacked(tt.basis, tt.emPct, tt.massPct, 100, 5, "r", tt.unweighed, func(path, en, zh string) {
				got = append(got, path, en, zh)
			})
			switch {
			case tt.want == "" && got != nil:
				t.Fatalf("warned: %q", got)
			case tt.want != "" && (len(got) != 3 || got[0] != cmp.Or(tt.path, "bom") || !strings.Contains(got[1], tt.want) || !strings.Contains(got[2], "截断限值")):
				t.Fatalf("got %q, want at %s %q", got, cmp.Or(tt.path, "bom"), tt.want)
			}
		})
	}
}

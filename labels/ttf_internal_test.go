package labels

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/image/font"
	xsfnt "golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Ensure a subset draws every character exactly as the full font does:
// same outlines (composite glyphs included, with their component indices
// remapped) and same advances, and nothing else is mapped.
func TestSFNTSubset(t *testing.T) {
	full, err := parseSFNT(fontTTF)
	if err != nil {
		t.Fatal(err)
	}
	const text = "Aé²–中国碳足迹摇篮到大门证书（）。"
	var runes []rune
	for _, r := range text {
		runes = append(runes, r)
	}
	sub, err := full.subset(runes)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > len(fontTTF)/100 {
		t.Fatalf("subset is %d bytes, want far less than the %d-byte font", len(sub), len(fontTTF))
	}
	a, err := xsfnt.Parse(fontTTF)
	if err != nil {
		t.Fatal(err)
	}
	b, err := xsfnt.Parse(sub)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	var bufA, bufB xsfnt.Buffer
	ppem := fixed.I(2048)
	for _, r := range runes {
		ga, err := a.GlyphIndex(&bufA, r)
		if err != nil || ga == 0 {
			t.Fatalf("%q not in font", r)
		}
		gb, err := b.GlyphIndex(&bufB, r)
		if err != nil || gb == 0 {
			t.Fatalf("%q not in subset", r)
		}
		sa, err := a.LoadGlyph(&bufA, ga, ppem, nil)
		if err != nil {
			t.Fatal(err)
		}
		sa = append(xsfnt.Segments(nil), sa...) // the buffer is reused
		sb, err := b.LoadGlyph(&bufB, gb, ppem, nil)
		if err != nil {
			t.Fatalf("%q: subset glyph: %v", r, err)
		}
		if len(sa) == 0 || !reflect.DeepEqual(sa, sb) {
			t.Errorf("%q: outline differs (%d and %d segments)", r, len(sa), len(sb))
		}
		aa, _ := a.GlyphAdvance(&bufA, ga, ppem, font.HintingNone)
		ab, _ := b.GlyphAdvance(&bufB, gb, ppem, font.HintingNone)
		if aa != ab {
			t.Errorf("%q: advance %v, want %v", r, ab, aa)
		}
	}
	if g, _ := b.GlyphIndex(&bufB, 'Z'); g != 0 {
		t.Error("subset maps a character it was not asked for")
	}
	again, _ := full.subset(runes)
	if string(again) != string(sub) {
		t.Error("subsetting is not deterministic")
	}
	if _, err := full.subset([]rune{0x20000}); err == nil {
		t.Error("want an error for a character the font lacks")
	}
}

// Ensure wrapping keeps every character, breaks CJK text anywhere and Latin
// text at spaces, and never exceeds the width.
func TestDrawingWrap(t *testing.T) {
	f, err := parseSFNT(fontTTF)
	if err != nil {
		t.Fatal(err)
	}
	d := newDrawing(f, 100, 100)
	for _, tt := range []struct {
		s string
		w float64
	}{
		{"四川省成都市双流区西航港街道示例路一千二百三十四号光伏产业园五号楼", 30},
		{"Chengdu Example Photovoltaic Technology Company Limited, Shuangliu District", 30},
		{"成都示例光伏科技有限公司 Chengdu Example PV Technology Co., Ltd.", 25},
		{"eE9EX3WVoE-yLFtS6YH3-IXmS6b8sp0_NBnKenUU_usNbT4myyIWPdgVgMvI0-6ytpc6P3hl4aqqsKgtkO8OBw", 20},
	} {
		lines := d.wrap(tt.s, 8.5, tt.w)
		if len(lines) < 2 {
			t.Errorf("%q: %d line(s), want it wrapped", tt.s, len(lines))
		}
		for _, l := range lines {
			if w := d.width(l, 8.5); w > tt.w+1e-9 {
				t.Errorf("line %q is %.1f mm wide, limit %.1f", l, w, tt.w)
			}
		}
		squash := func(s string) string { return strings.ReplaceAll(s, " ", "") }
		if got := squash(strings.Join(lines, "")); got != squash(tt.s) {
			t.Errorf("wrapping lost characters:\n got %q\nwant %q", got, squash(tt.s))
		}
		if strings.Contains(tt.s, "Chengdu Example Photovoltaic") {
			for _, l := range lines {
				if strings.HasPrefix(l, " ") || strings.HasSuffix(l, " ") {
					t.Errorf("line %q keeps a breaking space", l)
				}
			}
		}
	}
}

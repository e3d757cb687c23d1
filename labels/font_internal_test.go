package labels

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"testing"
	"unicode"

	xsfnt "golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Fingerprints of the embedded font as every document issued before
// session 53 embeds subsets of (SHA-256 6f32f72e… in fonts/README.md), over
// all of its 21,303 characters: its subset of them (every glyph's outline
// and metrics, and the head, hhea, maxp, OS/2, name and post tables a
// subset copies), and each character's glyph ID in the whole font.
const (
	issuedSubsetSHA256   = "289ac75a607d3efb3e914e28f5a6ebcd0495071c601fc40dc09d912c868bde97"
	issuedGlyphIDsSHA256 = "5f51a14a1965ae96a173d4c4ab0ec65f3aeb715918198fecf72b91d8deb94266"
	issuedNumGlyphs      = 35673
)

// issuedRunes returns the characters the embedded font had before session
// 53: all it draws but laterRunes, sorted.
func issuedRunes(f *sfnt) []rune {
	var rs []rune
	for r := range f.cmap {
		if !slices.Contains(laterRunes, r) {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	return rs
}

// Ensure every character the font had when documents were issued keeps its
// glyph ID, outline and metrics, and the tables a subset copies are as
// they were: a document is verified by rendering it again from its signed
// content and comparing bytes, so a font that drew an issued character
// otherwise would make every issued document fail (a font rebuilt with
// Greek in fontTools' glyph order did: its OS/2 Unicode ranges changed).
func TestFont_IssuedCharactersUnchanged(t *testing.T) {
	f, err := parseSFNT(fontTTF)
	if err != nil {
		t.Fatal(err)
	}
	rs := issuedRunes(f)
	if got, want := len(rs), 21303; got != want {
		t.Fatalf("font has %d characters besides laterRunes, want the %d of the issued font", got, want)
	}
	sub, err := f.subset(rs)
	if err != nil {
		t.Fatal(err)
	}
	ids := sha256.New()
	for _, r := range rs {
		var b [6]byte
		binary.BigEndian.PutUint32(b[:], uint32(r))
		binary.BigEndian.PutUint16(b[4:], f.cmap[r])
		ids.Write(b[:])
	}
	subSum := sha256.Sum256(sub)
	if got := hex.EncodeToString(subSum[:]); got != issuedSubsetSHA256 {
		t.Errorf("subset of the issued characters has SHA-256 %s, want %s: a glyph, a metric or a copied table changed, and issued documents would not verify", got, issuedSubsetSHA256)
	}
	if got := hex.EncodeToString(ids.Sum(nil)); got != issuedGlyphIDsSHA256 {
		t.Errorf("glyph IDs of the issued characters have SHA-256 %s, want %s: add glyphs after the last (fonts/build.sh)", got, issuedGlyphIDsSHA256)
	}
}

// Ensure the font draws the Greek letters of technical names (α-Si,
// μc-Si, 150μm, 10kΩ; access.technicalGreek) with DejaVu Sans's outlines,
// μ as the micro sign µ and the ohm sign as Ω, in glyphs added after the
// issued ones, and no other Greek letter: the capitals Α Β Ε … and small ο
// ν ρ … print as Latin letters (docs/integrity.md, "Look-alikes").
func TestFont_GreekOfTechnicalNames(t *testing.T) {
	f, err := parseSFNT(fontTTF)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range laterRunes {
		if !f.has(r) {
			t.Errorf("%U: not drawn", r)
		}
	}
	for _, tt := range []struct {
		r, as rune
	}{{'μ', 'µ'}, {'\u2126', 'Ω'}} {
		if f.cmap[tt.r] != f.cmap[tt.as] {
			t.Errorf("%U drawn with glyph %d, want %U's %d", tt.r, f.cmap[tt.r], tt.as, f.cmap[tt.as])
		}
	}
	for _, r := range []rune{'α', 'Ω', 'Δ', 'φ'} {
		if g := f.cmap[r]; g < issuedNumGlyphs {
			t.Errorf("%U drawn with glyph %d, want one after the issued font's %d", r, g, issuedNumGlyphs)
		}
	}
	var greek []rune
	for r := rune(0x370); r <= 0x3FF; r++ {
		if f.has(r) && !slices.Contains(laterRunes, r) {
			greek = append(greek, r)
		}
	}
	for r := range f.cmap {
		if unicode.Is(unicode.Greek, r) && !slices.Contains(laterRunes, r) && !slices.Contains(greek, r) {
			greek = append(greek, r)
		}
	}
	if len(greek) > 0 {
		t.Errorf("font draws Greek letters %q beyond laterRunes", greek)
	}

	// Outlines: a glyph of its own, not .notdef's box, and not empty.
	xf, err := xsfnt.Parse(fontTTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf xsfnt.Buffer
	notdef, err := xf.LoadGlyph(&buf, 0, fixed.I(2048), nil)
	if err != nil {
		t.Fatal(err)
	}
	notdef = slices.Clone(notdef)
	for _, r := range laterRunes {
		g, err := xf.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			t.Fatalf("%U: glyph %d, %v", r, g, err)
		}
		segs, err := xf.LoadGlyph(&buf, g, fixed.I(2048), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(segs) < 4 || slices.Equal(segs, notdef) {
			t.Errorf("%U: %d segments, want an outline other than .notdef's", r, len(segs))
		}
	}
}

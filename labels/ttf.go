package labels

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
)

// sfnt is a TrueType font parsed once, at NewRenderer, from which each
// document gets subsets holding only the glyphs it prints (writePDF).
//
// Why: handing gofpdf the whole font costs tens of milliseconds per
// document (it parses and re-subsets every font it is given, ≈30 ms for a
// full CJK font on this project's 2-core machine) and bloats the PDF. The
// subsetter needs only the glyf, loca, hmtx and cmap tables and copies the
// rest (head, hhea, maxp, OS/2, name) with the counts patched.
type sfnt struct {
	data        []byte
	tables      map[string][]byte
	unitsPerEm  int
	numGlyphs   int
	numHMetrics int
	loca        []uint32 // numGlyphs+1 offsets into glyf
	cmap        map[rune]uint16
	ascent      int // hhea ascender, font units
	descent     int // hhea descender (negative), font units
}

// parseSFNT parses a TrueType-outline font (not CFF, not a collection).
func parseSFNT(data []byte) (*sfnt, error) {
	if len(data) < 12 {
		return nil, errors.New("font too short")
	}
	switch binary.BigEndian.Uint32(data) {
	case 0x00010000, 0x74727565: // TrueType outlines
	case 0x4F54544F:
		return nil, errors.New("CFF-outline (.otf) fonts are not supported: use a TrueType .ttf")
	case 0x74746366:
		return nil, errors.New("font collections (.ttc) are not supported: use a single .ttf")
	default:
		return nil, errors.New("not a TrueType font")
	}
	f := &sfnt{data: data, tables: map[string][]byte{}}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("truncated table directory")
	}
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("table %q out of bounds", tag)
		}
		f.tables[tag] = data[off : off+length]
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "OS/2", "post", "name"} {
		if f.tables[tag] == nil {
			return nil, fmt.Errorf("table %q missing", tag)
		}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(f.tables["post"]) < 32 {
		return nil, errors.New("head, hhea, maxp or post table too short")
	}
	f.unitsPerEm = int(binary.BigEndian.Uint16(head[18:]))
	f.ascent = int(int16(binary.BigEndian.Uint16(hhea[4:])))
	f.descent = int(int16(binary.BigEndian.Uint16(hhea[6:])))
	f.numHMetrics = int(binary.BigEndian.Uint16(hhea[34:]))
	f.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	if f.unitsPerEm == 0 || f.numHMetrics == 0 || f.numHMetrics > f.numGlyphs {
		return nil, errors.New("bad units per em or metrics count")
	}
	if len(f.tables["hmtx"]) < 4*f.numHMetrics+2*(f.numGlyphs-f.numHMetrics) {
		return nil, errors.New("hmtx table too short")
	}

	loca, glyf := f.tables["loca"], f.tables["glyf"]
	long := binary.BigEndian.Uint16(head[50:]) == 1
	f.loca = make([]uint32, f.numGlyphs+1)
	for i := range f.loca {
		if long {
			if len(loca) < 4*(i+1) {
				return nil, errors.New("loca table too short")
			}
			f.loca[i] = binary.BigEndian.Uint32(loca[4*i:])
		} else {
			if len(loca) < 2*(i+1) {
				return nil, errors.New("loca table too short")
			}
			f.loca[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		}
		if f.loca[i] > uint32(len(glyf)) || (i > 0 && f.loca[i] < f.loca[i-1]) {
			return nil, errors.New("bad loca offset")
		}
	}
	var err error
	if f.cmap, err = parseCmap4(f.tables["cmap"], f.numGlyphs); err != nil {
		return nil, err
	}
	return f, nil
}

// parseCmap4 reads the Windows Unicode BMP (3,1) or Unicode (0,*) format 4
// subtable, which is what gofpdf reads too.
func parseCmap4(t []byte, numGlyphs int) (map[rune]uint16, error) {
	if len(t) < 4 {
		return nil, errors.New("cmap too short")
	}
	n := int(binary.BigEndian.Uint16(t[2:]))
	for i := 0; i < n; i++ {
		if len(t) < 4+8*(i+1) {
			break
		}
		rec := t[4+8*i:]
		plat, enc, off := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:]), binary.BigEndian.Uint32(rec[4:])
		if !((plat == 3 && enc == 1) || plat == 0) || int(off)+14 > len(t) || binary.BigEndian.Uint16(t[off:]) != 4 {
			continue
		}
		st := t[off:]
		length := int(binary.BigEndian.Uint16(st[2:]))
		if length > len(st) {
			return nil, errors.New("cmap format 4 subtable too short")
		}
		st = st[:length]
		segX2 := int(binary.BigEndian.Uint16(st[6:]))
		if 16+4*segX2 > len(st) {
			return nil, errors.New("cmap format 4 segments out of bounds")
		}
		ends, starts := st[14:], st[16+segX2:]
		deltas, ranges := st[16+2*segX2:], st[16+3*segX2:]
		m := map[rune]uint16{}
		for s := 0; s < segX2/2; s++ {
			end, start := int(binary.BigEndian.Uint16(ends[2*s:])), int(binary.BigEndian.Uint16(starts[2*s:]))
			delta, ro := binary.BigEndian.Uint16(deltas[2*s:]), int(binary.BigEndian.Uint16(ranges[2*s:]))
			for c := start; c <= end && c != 0xFFFF; c++ {
				var g uint16
				if ro == 0 {
					g = uint16(c) + delta
				} else {
					p := 16 + 3*segX2 + 2*s + ro + 2*(c-start)
					if p+2 > len(st) {
						return nil, errors.New("cmap glyph index out of bounds")
					}
					if g = binary.BigEndian.Uint16(st[p:]); g != 0 {
						g += delta
					}
				}
				if g != 0 && int(g) < numGlyphs {
					m[rune(c)] = g
				}
			}
		}
		return m, nil
	}
	return nil, errors.New("no Unicode BMP (format 4) cmap")
}

// has reports whether the font maps r to a glyph.
func (f *sfnt) has(r rune) bool { _, ok := f.cmap[r]; return ok }

// laterRunes are the characters added to the embedded font after documents
// had been issued (fonts/build.sh GREEK: the Greek letters of technical
// names, session 53 "α-Si", "150μm", "10kΩ", session 54 "ΔE<2", "cos φ").
// A document printed a factor's
// name or source holding one as its code point, and keeps doing so
// (drawing.printable), so that such a document still renders again byte
// for byte and verifies.
var laterRunes = []rune{'\u03A9', '\u03B1', '\u03BC', '\u2126', '\u0394', '\u03C6'}

// advance returns the advance width of r in font units (that of .notdef if
// r is not mapped).
func (f *sfnt) advance(r rune) int {
	return f.glyphAdvance(int(f.cmap[r]))
}

func (f *sfnt) glyphAdvance(g int) int {
	hmtx := f.tables["hmtx"]
	if g >= f.numHMetrics {
		g = f.numHMetrics - 1
	}
	return int(binary.BigEndian.Uint16(hmtx[4*g:]))
}

// width returns the width of s set at size points, in millimetres.
func (f *sfnt) width(s string, size float64) float64 {
	units := 0
	for _, r := range s {
		units += f.advance(r)
	}
	return float64(units) / float64(f.unitsPerEm) * size * ptToMM
}

// Composite glyph flags (TrueType glyf table).
const (
	compArgsAreWords = 0x0001
	compHaveScale    = 0x0008
	compMoreComps    = 0x0020
	compHaveXYScale  = 0x0040
	compHave2x2      = 0x0080
)

// components returns the glyph IDs a composite glyph refers to, and the
// byte offsets (within the glyph) of those IDs.
func components(glyph []byte) (ids []uint16, offsets []int, err error) {
	if len(glyph) < 10 || int16(binary.BigEndian.Uint16(glyph)) >= 0 {
		return nil, nil, nil // empty or simple glyph
	}
	p := 10
	for {
		if p+4 > len(glyph) {
			return nil, nil, errors.New("truncated composite glyph")
		}
		flags := binary.BigEndian.Uint16(glyph[p:])
		ids = append(ids, binary.BigEndian.Uint16(glyph[p+2:]))
		offsets = append(offsets, p+2)
		p += 4
		if flags&compArgsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&compHaveScale != 0:
			p += 2
		case flags&compHaveXYScale != 0:
			p += 4
		case flags&compHave2x2 != 0:
			p += 8
		}
		if flags&compMoreComps == 0 {
			return ids, offsets, nil
		}
	}
}

func (f *sfnt) glyph(g int) []byte { return f.tables["glyf"][f.loca[g]:f.loca[g+1]] }

// subset returns a new TrueType font holding .notdef, the glyphs of runes
// (which must all be mapped: check with has) and the components those
// glyphs are built from. The result is a fresh slice every time, so gofpdf
// may keep it. The same runes always give the same bytes.
func (f *sfnt) subset(runes []rune) ([]byte, error) {
	runes = slices.Clone(runes)
	slices.Sort(runes)
	runes = slices.Compact(runes)

	// Glyph closure, in old glyph-ID order (deterministic).
	keep := map[int]bool{0: true}
	queue := []int{0}
	for _, r := range runes {
		g, ok := f.cmap[r]
		if !ok {
			return nil, fmt.Errorf("rune %U not in font", r)
		}
		if !keep[int(g)] {
			keep[int(g)] = true
			queue = append(queue, int(g))
		}
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		ids, _, err := components(f.glyph(g))
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", g, err)
		}
		for _, id := range ids {
			if int(id) >= f.numGlyphs {
				return nil, fmt.Errorf("glyph %d: component %d out of range", g, id)
			}
			if !keep[int(id)] {
				keep[int(id)] = true
				queue = append(queue, int(id))
			}
		}
	}
	old := make([]int, 0, len(keep))
	for g := range keep {
		old = append(old, g)
	}
	sort.Ints(old)
	newID := make(map[int]uint16, len(old))
	for i, g := range old {
		newID[g] = uint16(i)
	}

	// glyf, loca (long) and hmtx (one long metric per glyph).
	var glyf []byte
	loca := make([]byte, 0, 4*(len(old)+1))
	hmtx := make([]byte, 0, 4*len(old))
	oldHmtx := f.tables["hmtx"]
	for _, g := range old {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		start := len(glyf)
		glyf = append(glyf, f.glyph(g)...)
		ids, offs, _ := components(glyf[start:])
		for i, id := range ids {
			binary.BigEndian.PutUint16(glyf[start+offs[i]:], newID[int(id)])
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		var lsb uint16
		if g < f.numHMetrics {
			lsb = binary.BigEndian.Uint16(oldHmtx[4*g+2:])
		} else {
			lsb = binary.BigEndian.Uint16(oldHmtx[4*f.numHMetrics+2*(g-f.numHMetrics):])
		}
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(f.glyphAdvance(g)))
		hmtx = binary.BigEndian.AppendUint16(hmtx, lsb)
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	// cmap: one (3,1) format 4 subtable; a segment per run of consecutive
	// runes with a constant glyph delta.
	type seg struct{ start, end, delta uint16 }
	var segs []seg
	for _, r := range runes {
		if r > 0xFFFE {
			return nil, fmt.Errorf("rune %U outside the BMP", r)
		}
		c, d := uint16(r), newID[int(f.cmap[r])]-uint16(r)
		if n := len(segs); n > 0 && segs[n-1].end == c-1 && segs[n-1].delta == d {
			segs[n-1].end = c
			continue
		}
		segs = append(segs, seg{c, c, d})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	segX2 := 2 * len(segs)
	searchRange, entrySelector := 2, 0
	for searchRange*2 <= segX2 {
		searchRange *= 2
		entrySelector++
	}
	sub := make([]byte, 0, 16+4*segX2)
	for _, v := range []uint16{4, uint16(16 + 4*segX2), 0, uint16(segX2), uint16(searchRange), uint16(entrySelector), uint16(segX2 - searchRange)} {
		sub = binary.BigEndian.AppendUint16(sub, v)
	}
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, s.end)
	}
	sub = binary.BigEndian.AppendUint16(sub, 0) // reservedPad
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, s.start)
	}
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, s.delta)
	}
	for range segs {
		sub = binary.BigEndian.AppendUint16(sub, 0) // idRangeOffset
	}
	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	cmap = append(cmap, sub...)

	head := slices.Clone(f.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1)
	hhea := slices.Clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(old)))
	maxp := slices.Clone(f.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(old)))
	post := slices.Clone(f.tables["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000) // no glyph names
	clear(post[16:])

	out := assembleSFNT(map[string][]byte{
		"OS/2": f.tables["OS/2"], "cmap": cmap, "glyf": glyf, "head": head, "hhea": hhea,
		"hmtx": hmtx, "loca": loca, "maxp": maxp, "name": f.tables["name"], "post": post,
	})
	return out, nil
}

// assembleSFNT writes a font file from its tables, in tag order, with table
// checksums and the head checkSumAdjustment.
func assembleSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for tag, t := range tables {
		tags = append(tags, tag)
		size += (len(t) + 3) &^ 3
	}
	sort.Strings(tags)
	n := len(tags)
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	out := make([]byte, 0, size)
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	for _, v := range []int{n, searchRange * 16, entrySelector, n*16 - searchRange*16} {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	off := 12 + 16*n
	headOff := 0
	for _, tag := range tags {
		t := tables[tag]
		if tag == "head" {
			headOff = off
		}
		out = append(out, tag...)
		out = binary.BigEndian.AppendUint32(out, sfntChecksum(t))
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		out = binary.BigEndian.AppendUint32(out, uint32(len(t)))
		off += (len(t) + 3) &^ 3
	}
	for _, tag := range tags {
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headOff+8:], 0xB1B0AFBA-sfntChecksum(out))
	return out
}

func sfntChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

package labels

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// A drawing is a document laid out but not yet written: a display list per
// page. Layout happens once, into a drawing; the drawing is then written as
// PDF (gofpdf, with a font subset of exactly the runes it uses) or rasterised
// to PNG. Laying out first is what lets the PDF embed a subset: the runes are
// known before the font is handed to gofpdf.
type drawing struct {
	font  *sfnt
	w, h  float64 // page size, mm
	pages [][]op
	runes map[rune]bool
	qr    *qrCode // the only image
}

type opKind uint8

const (
	opText opKind = iota
	opFill
	opStroke
	opLine
	opQR
)

// op is one drawing operation. Coordinates are millimetres from the top
// left; a text's y is its baseline.
type op struct {
	kind       opKind
	x, y, w, h float64
	size       float64 // font size (pt) or line width (mm)
	col        rgb
	s          string
	field      string // canonical certificate field a text shows ("holder.name_en"); "" for the renderer's own words
}

func newDrawing(font *sfnt, w, h float64) *drawing {
	return &drawing{font: font, w: w, h: h, pages: [][]op{nil}, runes: map[rune]bool{}}
}

func (d *drawing) add(o op) {
	n := len(d.pages) - 1
	d.pages[n] = append(d.pages[n], o)
}

func (d *drawing) newPage() { d.pages = append(d.pages, nil) }

// text draws s, words of the renderer's own, with its baseline at y.
func (d *drawing) text(x, y, size float64, c rgb, s string) { d.value("", x, y, size, c, s) }

// value draws s, which shows the certificate field named field (its
// canonical name, as in the signed content), with its baseline at y. The
// field is what a verifier names when the page differs there.
func (d *drawing) value(field string, x, y, size float64, c rgb, s string) {
	if s == "" {
		return
	}
	for _, r := range s {
		d.runes[r] = true
	}
	d.add(op{kind: opText, x: x, y: y, size: size, col: c, s: s, field: field})
}

// textRight draws s ending at x.
func (d *drawing) textRight(x, y, size float64, c rgb, s string) { d.valueRight("", x, y, size, c, s) }

// valueRight draws a field's value ending at x.
func (d *drawing) valueRight(field string, x, y, size float64, c rgb, s string) {
	d.value(field, x-d.width(s, size), y, size, c, s)
}

// textCenter draws s centred on x.
func (d *drawing) textCenter(x, y, size float64, c rgb, s string) {
	d.text(x-d.width(s, size)/2, y, size, c, s)
}

func (d *drawing) fill(x, y, w, h float64, c rgb) {
	d.add(op{kind: opFill, x: x, y: y, w: w, h: h, col: c})
}

// tagLast marks the last operation as showing field (a stage's bar, say).
func (d *drawing) tagLast(field string) {
	page := d.pages[len(d.pages)-1]
	page[len(page)-1].field = field
}

func (d *drawing) stroke(x, y, w, h, lw float64, c rgb) {
	d.add(op{kind: opStroke, x: x, y: y, w: w, h: h, size: lw, col: c})
}

func (d *drawing) line(x1, y1, x2, y2, lw float64, c rgb) {
	d.add(op{kind: opLine, x: x1, y: y1, w: x2 - x1, h: y2 - y1, size: lw, col: c})
}

func (d *drawing) qrCode(x, y, size float64, q *qrCode) {
	d.qr = q
	d.add(op{kind: opQR, x: x, y: y, w: size, h: size})
}

func (d *drawing) width(s string, size float64) float64 { return d.font.width(s, size) }

// wrap breaks s into lines no wider than w at size: at spaces between
// words, and between any two characters of CJK text (which has no spaces).
// A word wider than w is broken between characters.
func (d *drawing) wrap(s string, size, w float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, d.wrapLine(para, size, w)...)
	}
	return lines
}

func (d *drawing) wrapLine(s string, size, w float64) []string {
	rs := []rune(s)
	scale := size * ptToMM / float64(d.font.unitsPerEm)
	var lines []string
	for start := 0; start < len(rs); {
		for start < len(rs) && rs[start] == ' ' {
			start++
		}
		if start == len(rs) {
			break
		}
		width, end, lastBreak := 0.0, start, -1
		for ; end < len(rs); end++ {
			adv := float64(d.font.advance(rs[end])) * scale
			if width+adv > w && end > start {
				break
			}
			width += adv
			if breakAfter(rs[end]) {
				lastBreak = end
			}
		}
		cut := end
		if end < len(rs) && rs[end] != ' ' && lastBreak >= start {
			cut = lastBreak + 1
		}
		lines = append(lines, strings.TrimRight(string(rs[start:cut]), " "))
		start = cut
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// breakAfter reports whether a line may break after r: after a space, a
// comma or semicolon, or any CJK character or punctuation. Not after a
// hyphen or slash: those join the parts of one token (an approval number
// "CNCA-R-2026-999", a UUID, "GB/T 24067-2024"), which would be misread if
// split. A token wider than the line is still broken between characters.
func breakAfter(r rune) bool {
	return r == ' ' || r == ',' || r == ';' || r >= 0x2E80
}

// printable returns s with each character the font cannot draw written as
// its code point in brackets ("ㄅ" → "[U+3105]"), for text the certifier
// cannot change (a factor's names as its set publishes them): it is printed
// legibly, never as an empty box. laterRunes, which the font draws now,
// keep their code points, as documents issued before them printed them.
func (d *drawing) printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if d.font.has(r) && !slices.Contains(laterRunes, r) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "[%U]", r)
		}
	}
	return b.String()
}

// missingRunes returns the runes of the drawing the font cannot draw,
// sorted.
func (d *drawing) missingRunes() []rune {
	var miss []rune
	for r := range d.runes {
		if !d.font.has(r) {
			miss = append(miss, r)
		}
	}
	slices.Sort(miss)
	return miss
}

// usedRunes returns the runes of the drawing, sorted.
func (d *drawing) usedRunes() []rune {
	return slices.Sorted(maps.Keys(d.runes))
}

// describeRunes lists runes for an error message: "𠀀 (U+20000), 〇 (U+3007)".
func describeRunes(rs []rune) string {
	return strings.Join(atMost(rs, 10, "and %d more", func(r rune) string { return fmt.Sprintf("%q (%U)", r, r) }), ", ")
}

// atMost describes the first max of xs with item and the rest, if any, with
// more, a format of their count ("and %d more").
func atMost[T any](xs []T, max int, more string, item func(T) string) []string {
	var parts []string
	for i, x := range xs {
		if i == max {
			return append(parts, fmt.Sprintf(more, len(xs)-max))
		}
		parts = append(parts, item(x))
	}
	return parts
}

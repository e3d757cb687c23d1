package labels

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"
)

const (
	// AttachmentName is the file name of the signed certificate (the
	// certification.SignedCertificate envelope) embedded in every PDF.
	AttachmentName = "pcf-signed-certificate.json"

	attachmentDescription = "Signed certificate content (Ed25519). Verify offline: pcf verify FILE.pdf --key KEYS.json"

	// markedText tags the marked-content sequence (BMC … EMC) around the
	// runs of one string, so that a reader can put it back together
	// (VerifyPDF reads key fields this way).
	markedText = "PCFText"
)

// pdfMeta is the document information of a PDF.
type pdfMeta struct {
	title, subject, author string
	keywords               string    // the render parameters (docParams.keywords)
	created                time.Time // creation and modification date: the issue time, for determinism
	envelope               []byte    // signed-certificate envelope to attach

	// escapeMarkup writes the bytes '<' and '>' of the page's strings as
	// octal escapes (layout 8), so that no text of the page reads as
	// markup to a browser opening the file as a web page (red team 83).
	escapeMarkup bool
}

// How text reaches the PDF, and why.
//
// gofpdf's UTF-8 font path (AddUTF8FontFromBytes) costs about 3.5 ms per
// document whatever the font: it JSON-encodes a 65,536-entry width table to
// name the font, re-parses and re-subsets it, and compresses a 128 KB
// CID-to-glyph map, each time (docs/BENCHMARKS.md, "## labels"). So the
// renderer does not use it. Each document instead embeds the characters it
// prints as one or more simple TrueType fonts of at most 256 codes (the
// technique of the LaTeX CJK package's sub-fonts), which gofpdf embeds as
// they are (AddFontFromBytes):
//
//   - font 0 maps ASCII 32–126 to itself (Latin text stays readable in the
//     content stream) and up to 129 other characters to codes 127–255;
//     fonts 1, 2, … map the space to 32 and 223 more characters to 33–255;
//   - each font is a subset of the embedded TrueType font whose (3,1) cmap
//     maps Unicode to glyphs, with an /Encoding whose /Differences name every
//     non-ASCII code "uniXXXX": viewers go code → glyph name → Unicode →
//     glyph (PDF 32000-1 §9.6.6.4, non-symbolic TrueType), and text
//     extraction (pdftotext, copy and paste) maps the same names to Unicode;
//   - a string that needs several fonts is drawn as consecutive runs inside
//     one marked-content sequence (/PCFText BMC … EMC).

// pdfFont is one simple font of a document.
type pdfFont struct {
	family string        // gofpdf family name
	codes  map[rune]byte // rune → code
	byCode [256]rune     // code → rune, 0 if unused
	widths [256]int      // advance per code, 1/1000 em
	runes  []rune        // the runes it holds
}

// planFonts distributes runes over simple fonts.
func planFonts(runes []rune) []*pdfFont {
	newFont := func(i int) *pdfFont {
		return &pdfFont{family: "pcf" + strconv.Itoa(i), codes: map[rune]byte{}}
	}
	add := func(f *pdfFont, r rune, code int) {
		f.codes[r] = byte(code)
		f.byCode[code] = r
		f.runes = append(f.runes, r)
	}
	fonts := []*pdfFont{newFont(0)}
	next := 127
	for _, r := range runes { // sorted: ASCII first
		if r >= 32 && r <= 126 {
			add(fonts[0], r, int(r))
			continue
		}
		if next > 255 {
			f := newFont(len(fonts))
			add(f, ' ', 32)
			fonts = append(fonts, f)
			next = 33
		}
		add(fonts[len(fonts)-1], r, next)
		next++
	}
	return fonts
}

// run is a part of a string set in one font.
type run struct {
	font  *pdfFont
	codes []byte
}

// runs splits s into runs by font. A space joins the run it is in (every
// font has one).
func runs(fonts []*pdfFont, s string) []run {
	var out []run
	for _, r := range s {
		var f *pdfFont
		if n := len(out); r == ' ' && n > 0 {
			f = out[n-1].font
		} else {
			for _, cand := range fonts {
				if _, ok := cand.codes[r]; ok {
					f = cand
					break
				}
			}
		}
		if n := len(out); n > 0 && out[n-1].font == f {
			out[n-1].codes = append(out[n-1].codes, f.codes[r])
		} else {
			out = append(out, run{font: f, codes: []byte{f.codes[r]}})
		}
	}
	return out
}

// fontDef is gofpdf's font definition file (the JSON that makefont writes
// and AddFontFromBytes reads) for a TrueType font.
type fontDef struct {
	Tp           string
	Name         string
	Desc         fontDesc
	Up, Ut       int
	Cw           []int
	Enc          string
	Diff         string
	File         string
	OriginalSize int
}

// fontDesc is gofpdf.FontDescType as JSON (its bounding-box type is not
// exported).
type fontDesc struct {
	Ascent, Descent, CapHeight, Flags int
	FontBBox                          struct{ Xmin, Ymin, Xmax, Ymax int }
	ItalicAngle, StemV, MissingWidth  int
}

// embed builds the font file and the gofpdf definition of a simple font.
// addFonts embeds the subsets fonts in pdf; an error embedding one is
// labelled with what.
func (r *Renderer) addFonts(pdf *gofpdf.Fpdf, fonts []*pdfFont, what string) error {
	for i, f := range fonts {
		def, file, err := r.embed(f, i)
		if err != nil {
			return fmt.Errorf("labels: %s: %w", what, err)
		}
		pdf.AddFontFromBytes(f.family, "", def, file)
		pdf.SetFont(f.family, "", 10)
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("labels: load font %s: %w", fontFile, err)
		}
	}
	return nil
}

func (r *Renderer) embed(f *pdfFont, index int) (def, file []byte, err error) {
	ttf, err := r.font.subset(f.runes)
	if err != nil {
		return nil, nil, err
	}
	sf := r.font
	scale := func(v int) int { return int(math.Round(float64(v) * 1000 / float64(sf.unitsPerEm))) }
	cw := make([]int, 256)
	var diff []string
	for code := 32; code < 256; code++ {
		rn := f.byCode[code]
		if rn == 0 {
			continue
		}
		f.widths[code] = scale(sf.advance(rn))
		cw[code] = f.widths[code]
		if rn > 126 || code > 126 {
			diff = append(diff, fmt.Sprintf("%d /uni%04X", code, rn))
		}
	}
	// A subset tag (PDF 32000-1 §9.6.4): six capitals from the content.
	sum := sha256.Sum256([]byte(string(f.runes)))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	head, os2 := sf.tables["head"], sf.tables["OS/2"]
	capHeight := sf.ascent
	if len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		capHeight = int(int16(binary.BigEndian.Uint16(os2[88:])))
	}
	i16 := func(b []byte) int { return int(int16(binary.BigEndian.Uint16(b))) }
	d := fontDef{
		Tp:   "TrueType",
		Name: string(tag) + "+PCFSans",
		Desc: fontDesc{
			Ascent:       scale(sf.ascent),
			Descent:      scale(sf.descent),
			CapHeight:    scale(capHeight),
			Flags:        32, // non-symbolic: glyphs are found through the encoding's names
			StemV:        87, // 50 + (weight 400 / 65)², gofpdf's estimate
			MissingWidth: scale(sf.glyphAdvance(0)),
		},
		Up:   -100,
		Ut:   50,
		Cw:   cw,
		Diff: strings.Join(diff, " "),
		// Not ".z": the subset is embedded uncompressed. Compressing it
		// would halve its size (≈10 KB saved on a label, ≈30 KB on a
		// certificate) but cost a third of a certificate's render time.
		File:         fmt.Sprintf("pcfsans%d.ttf", index),
		OriginalSize: len(ttf),
	}
	d.Desc.FontBBox.Xmin, d.Desc.FontBBox.Ymin = scale(i16(head[36:])), scale(i16(head[38:]))
	d.Desc.FontBBox.Xmax, d.Desc.FontBBox.Ymax = scale(i16(head[40:])), scale(i16(head[42:]))
	if def, err = json.Marshal(d); err != nil {
		return nil, nil, fmt.Errorf("encode font definition: %w", err)
	}
	return def, ttf, nil
}

// writePDF writes a drawing as PDF. A fresh gofpdf.Fpdf is used per
// document (it is not safe for concurrent use).
func (r *Renderer) writePDF(dr *drawing, m pdfMeta) ([]byte, error) {
	fonts := planFonts(dr.usedRunes())
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: dr.w, Ht: dr.h}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	// Page content stays uncompressed: compressing it costs more than the
	// rest of a label, and it is small.
	pdf.SetCompression(false)
	// Determinism (STYLE.md §2.5): fixed dates, sorted catalogue, fixed
	// font bytes.
	pdf.SetCreationDate(m.created)
	pdf.SetModificationDate(m.created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(m.title, true)
	pdf.SetSubject(m.subject, true)
	pdf.SetAuthor(m.author, true)
	pdf.SetKeywords(m.keywords, !isASCII(m.keywords)) // plain ASCII stays readable in the file
	pdf.SetCreator("pcf labels", true)

	if err := r.addFonts(pdf, fonts, "font subset"); err != nil {
		return nil, err
	}
	if dr.qr != nil {
		pdf.RegisterImageOptionsReader("qr", gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(dr.qr.png))
	}
	if len(m.envelope) > 0 {
		pdf.SetAttachments([]gofpdf.Attachment{{Content: m.envelope, Filename: AttachmentName, Description: attachmentDescription}})
	}

	// Text and fills are written as raw content operators: gofpdf's Text
	// formats every string with fmt.Sprintf and wraps it in q … Q, which
	// costs a tenth of a certificate. The fill colour (rg) is tracked here
	// for both, so gofpdf's SetTextColor and SetFillColor are not used.
	// Fonts are still selected with SetFont (it knows the resource names);
	// its Tf persists because no q … Q encloses it.
	var curFont *pdfFont
	size := 0.0
	var nonStroke, draw rgb
	k := 72 / 25.4 // points per millimetre
	var line []byte
	rg := func(c rgb) {
		if c != nonStroke {
			line = append(line[:0], colorOp(c, "rg")...)
			pdf.RawWriteStr(string(line))
			nonStroke = c
		}
	}
	for _, page := range dr.pages {
		pdf.AddPage()
		curFont, size = nil, 0
		nonStroke, draw = rgb{1, 2, 3}, rgb{1, 2, 3} // unknown: set on first use
		for _, o := range page {
			switch o.kind {
			case opText:
				rg(o.col)
				pdf.RawWriteStr("/" + markedText + " BMC")
				x := o.x
				for _, rn := range runs(fonts, o.s) {
					if rn.font != curFont || o.size != size {
						pdf.SetFont(rn.font.family, "", o.size)
						curFont, size = rn.font, o.size
					}
					line = append(line[:0], "BT "...)
					line = strconv.AppendFloat(line, x*k, 'f', 2, 64)
					line = append(line, ' ')
					line = strconv.AppendFloat(line, (dr.h-o.y)*k, 'f', 2, 64)
					line = append(line, " Td ("...)
					line = appendEscaped(line, rn.codes, m.escapeMarkup)
					line = append(line, ") Tj ET"...)
					pdf.RawWriteStr(string(line))
					w := 0
					for _, c := range rn.codes {
						w += rn.font.widths[c]
					}
					x += float64(w) / 1000 * o.size * ptToMM
				}
				pdf.RawWriteStr("EMC")
			case opFill:
				rg(o.col)
				pdf.Rect(o.x, o.y, o.w, o.h, "F")
			case opStroke, opLine:
				if o.col != draw {
					pdf.RawWriteStr(colorOp(o.col, "RG"))
					draw = o.col
				}
				pdf.SetLineWidth(o.size)
				if o.kind == opLine {
					pdf.Line(o.x, o.y, o.x+o.w, o.y+o.h)
				} else {
					pdf.Rect(o.x, o.y, o.w, o.h, "D")
				}
			case opQR:
				pdf.ImageOptions("qr", o.x, o.y, o.w, o.h, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("labels: write pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// colorOp returns the operator that sets colour c ("rg": fill and text,
// "RG": strokes).
func colorOp(c rgb, op string) string {
	f := func(v uint8) string { return strconv.FormatFloat(float64(v)/255, 'f', 3, 64) }
	return f(c.r) + " " + f(c.g) + " " + f(c.b) + " " + op
}

// appendEscaped appends a PDF literal string body: \, ( and ) escaped, and
// CR (which a reader would turn into LF) as \r; with markup, also < and >
// as \074 and \076.
//
// The page content is written uncompressed, so a string's bytes are the
// file's bytes: text with markup ("<svg onload=…>", "<style>…") in a
// product's names or model, which the service accepts and its pages
// escape, was markup in the file, and a browser opening the genuine PDF
// as a web page (named .html, or served as text/html) ran it. Chinese text
// is no safer: a string's bytes are the codes of its font, which run from
// 33 up in the order of the document's characters, so a run of Chinese
// characters can be written as any ASCII (red team 83). A PDF reader
// reads \074 as the byte < (PDF 32000-1 §7.3.4.2): the page shows and
// extracts the same text.
func appendEscaped(b, s []byte, markup bool) []byte {
	for _, c := range s {
		switch {
		case c == '\\' || c == '(' || c == ')':
			b = append(b, '\\', c)
		case c == '\r':
			b = append(b, '\\', 'r')
		case markup && c == '<':
			b = append(b, `\074`...)
		case markup && c == '>':
			b = append(b, `\076`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// pngBuffers reuses the PNG encoder's buffers (its zlib writer is most of
// an encode's allocation).
var pngBuffers pngPool

type pngPool struct{ p sync.Pool }

func (pp *pngPool) Get() *png.EncoderBuffer {
	b, _ := pp.p.Get().(*png.EncoderBuffer)
	return b
}

func (pp *pngPool) Put(b *png.EncoderBuffer) { pp.p.Put(b) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

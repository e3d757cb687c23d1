package labels

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// What a page shows, as a list of marks: each string shown, each filled or
// stroked path, each image, in painting order, with the graphics state that
// decides whether and where a reader sees it (position, size, colour,
// opacity, text render mode, clipping). VerifyPDF compares the marks of a
// PDF page with those of the page rendered again from the signed content;
// the interpreter below follows PDF 32000-1 §8–9 far enough for that.

// box is a rectangle in page space (points, origin bottom left).
type box struct{ x0, y0, x1, y1 float64 }

func (b box) empty() bool { return b.x1 <= b.x0 || b.y1 <= b.y0 }

func (b box) intersect(o box) box {
	return box{math.Max(b.x0, o.x0), math.Max(b.y0, o.y0), math.Min(b.x1, o.x1), math.Min(b.y1, o.y1)}
}

func (b box) union(o box) box {
	return box{math.Min(b.x0, o.x0), math.Min(b.y0, o.y0), math.Max(b.x1, o.x1), math.Max(b.y1, o.y1)}
}

func (b box) area() float64 {
	if b.empty() {
		return 0
	}
	return (b.x1 - b.x0) * (b.y1 - b.y0)
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m then n (PDF's row-vector convention: m × n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// bounds returns the box of the rectangle (x0,y0)–(x1,y1) under m.
func (m matrix) bounds(x0, y0, x1, y1 float64) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range [][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		x, y := m.apply(p[0], p[1])
		b = box{math.Min(b.x0, x), math.Min(b.y0, y), math.Max(b.x1, x), math.Max(b.y1, y)}
	}
	return b
}

// scale is the vertical scale of m (what a text's size becomes).
func (m matrix) scale() float64 { return math.Hypot(m[2], m[3]) }

type markKind string

const (
	markText   markKind = "text"
	markFill   markKind = "filled shape"
	markStroke markKind = "stroked line"
	markBoth   markKind = "filled and stroked shape"
	markImage  markKind = "image"
	markShade  markKind = "shading"
)

// mark is one thing painted on a page.
type mark struct {
	kind   markKind
	text   string  // decoded, for text
	font   string  // font resource name, for text
	size   float64 // effective font size in points, for text
	x, y   float64 // text origin, or the lower-left corner of the extent
	b      box     // extent on the page
	fill   string  // fill colour operator, e.g. "0.102 0.102 0.102 rg"
	stroke string  // stroke colour operator
	lw     float64 // line width, for strokes
	mode   int     // text render mode (Tr)
	alpha  float64 // fill opacity (ExtGState ca), or stroke opacity for strokes
	clip   *box    // clipping area in force, nil if none
	name   string  // XObject resource name, for images
	form   string  // the form XObject it is drawn in, "" if none
	rect   bool    // the path is one rectangle
}

// key identifies a mark for comparison: two marks with the same key look
// the same.
func (m *mark) key() string {
	var b strings.Builder
	f := func(v float64) {
		b.WriteString(strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64))
		b.WriteByte('|')
	}
	b.WriteString(string(m.kind))
	b.WriteByte('|')
	f(m.x)
	f(m.y)
	if m.kind != markText { // a text's extent follows from its font's widths, compared apart
		f(m.b.x1 - m.b.x0)
		f(m.b.y1 - m.b.y0)
	}
	f(m.size)
	f(m.lw)
	f(m.alpha)
	name := m.name
	if m.kind == markImage {
		name = "" // which image is drawn is compared with the resources
	}
	b.WriteString(m.fill + "|" + m.stroke + "|" + strconv.Itoa(m.mode) + "|" + m.font + "|" + name + "|" + m.form + "|")
	if m.clip != nil {
		f(m.clip.x0)
		f(m.clip.y0)
		f(m.clip.x1)
		f(m.clip.y1)
	}
	b.WriteString(m.text)
	return b.String()
}

// fontInfo is what the interpreter needs of a font: how to decode its
// codes, and their widths.
type fontInfo struct {
	name    string // the font's name without a subset tag ("PCFSans"): what a reader sees, not which subset
	dec     *textDecoder
	twoByte bool
	first   int
	widths  []float64 // from FirstChar, in 1/1000 em
	missing float64
}

func (fi *fontInfo) width(code int) float64 {
	if fi == nil {
		return 500
	}
	if i := code - fi.first; i >= 0 && i < len(fi.widths) {
		return fi.widths[i]
	}
	return fi.missing
}

func (f *pdfFile) fontInfo(font pdfDict) *fontInfo {
	if font == nil { // a font the resources lack: viewers substitute one
		return &fontInfo{name: "(missing font)", dec: &textDecoder{utf16: true}, missing: 500}
	}
	fi := &fontInfo{dec: f.textDecoder(font), twoByte: font["Subtype"] == pdfName("Type0"), missing: 1000}
	base, _ := font["BaseFont"].(pdfName)
	if i := strings.IndexByte(string(base), '+'); i == 6 {
		base = base[7:]
	}
	fi.name = string(base)
	if fi.name == "" {
		fi.name = "(unnamed font)"
	}
	if fi.twoByte {
		return fi
	}
	first, _ := f.resolve(font["FirstChar"]).(float64)
	fi.first = int(first)
	ws, _ := f.resolve(font["Widths"]).([]any)
	for i, w := range ws {
		if i > 512 {
			break
		}
		v, _ := f.resolve(w).(float64)
		fi.widths = append(fi.widths, v)
	}
	mw, _ := f.resolve(f.dict(font["FontDescriptor"])["MissingWidth"]).(float64)
	fi.missing = mw
	if len(fi.widths) == 0 && mw == 0 { // a standard font without widths: about half an em
		fi.missing = 500
	}
	return fi
}

// gstate is the graphics state the interpreter tracks.
type gstate struct {
	ctm          matrix
	fill, stroke string
	alpha        float64 // fill opacity
	salpha       float64 // stroke opacity
	lw           float64
	clip         *box
	font         *fontInfo
	fontName     string
	size         float64
	tc, tw       float64 // character and word spacing
	th           float64 // horizontal scaling, 1 = 100 %
	tl, rise     float64
	mode         int
}

// maxOps bounds the operators interpreted per page (hostile input);
// maxGroups, the /PCFText sequences open at once.
const (
	maxOps    = 200000
	maxGroups = 64
)

// interp interprets content streams into marks.
type interp struct {
	f      *pdfFile
	marks  []mark
	ops    int
	cut    bool // maxOps was reached
	groups []textGroup

	fontOrder, xobjOrder []pdfName // resources in order of first use (at the page level)
	fontSeen, xobjSeen   map[pdfName]bool
}

// addOnce appends n to list unless seen (made on first use) has it. The
// list was searched for each name: 50,000 fonts selected by name took 9 s
// (TestFuzzFound_ManyResourceNames).
func addOnce(list []pdfName, seen *map[pdfName]bool, n pdfName) []pdfName {
	if *seen == nil {
		*seen = map[pdfName]bool{}
	}
	if (*seen)[n] {
		return list
	}
	(*seen)[n] = true
	return append(list, n)
}

// textGroup is an open /PCFText BMC sequence: the marks from start on are
// one string.
type textGroup struct{ start, depth int }

// pageView is what a page shows, as the interpreter reads it.
type pageView struct {
	marks    []mark
	content  []byte    // the page's content streams, decoded and joined
	cut      bool      // the content has more than maxOps operators
	fonts    []pdfName // font resources in the order the page first selects them
	xobjects []pdfName // XObject resources in the order the page first draws them
}

// pageMarks interprets a page.
func (f *pdfFile) pageMarks(page pdfDict) (*pageView, error) {
	content, err := f.pageContent(page)
	if err != nil {
		return nil, err
	}
	in := &interp{f: f}
	in.run(content, f.pageResources(page), "", initialState(), 0)
	return &pageView{marks: in.marks, content: content, cut: in.cut, fonts: in.fontOrder, xobjects: in.xobjOrder}, nil
}

// initialState is the graphics state at the start of a page (PDF 32000-1
// Table 52).
func initialState() gstate {
	return gstate{ctm: identity, fill: "0 g", stroke: "0 G", alpha: 1, salpha: 1, lw: 1, th: 1}
}

// pageContent returns a page's content streams, decoded and joined.
func (f *pdfFile) pageContent(page pdfDict) ([]byte, error) {
	var contents []any
	switch c := page["Contents"].(type) {
	case pdfRef:
		if a, ok := f.resolve(c).([]any); ok {
			contents = a
		} else {
			contents = []any{c}
		}
	case []any:
		contents = c
	}
	var data []byte
	for _, c := range contents {
		b, _, err := f.streamData(c)
		if err != nil {
			return nil, err
		}
		data = append(append(data, b...), '\n')
	}
	return data, nil
}

// pageResources returns a page's resources, which it may inherit.
func (f *pdfFile) pageResources(p pdfDict) pdfDict {
	return f.dict(f.inherited(p, "Resources"))
}

// inherited returns an inheritable page attribute (PDF 32000-1 §7.7.3.4).
func (f *pdfFile) inherited(p pdfDict, key pdfName) any {
	for depth := 0; p != nil && depth <= maxDepth; depth++ {
		if v, ok := p[key]; ok {
			return v
		}
		p = f.dict(p["Parent"])
	}
	return nil
}

func num(v any) (float64, bool) {
	n, ok := v.(float64)
	return n, ok && !math.IsNaN(n) && !math.IsInf(n, 0)
}

// colour returns the colour operator with its operands, as written
// ("0.102 0.102 0.102 rg").
func colour(operands []any, op string) string {
	var parts []string
	for _, o := range operands {
		switch o := o.(type) {
		case float64:
			parts = append(parts, strconv.FormatFloat(o, 'f', -1, 64))
		case pdfName:
			parts = append(parts, "/"+string(o))
		}
	}
	return strings.Join(append(parts, op), " ")
}

func (in *interp) run(content []byte, res pdfDict, form string, gs gstate, depth int) {
	if depth > 8 {
		return
	}
	f := in.f
	lx := &lexer{b: content}
	var operands []any
	var stack []gstate
	var tm, tlm matrix
	var path box
	havePath, pathRect, pendingClip := false, false, false
	segments := 0
	fonts := map[pdfName]*fontInfo{}
	depthMC := 0
	for in.ops < maxOps {
		lx.skipSpace()
		if lx.p >= len(lx.b) {
			break
		}
		v, err := lx.value(0)
		if err != nil {
			lx.p++ // skip what cannot be read
			operands = operands[:0]
			continue
		}
		kw, ok := v.(pdfKeyword)
		if !ok {
			if len(operands) < 64 {
				operands = append(operands, v)
			}
			continue
		}
		in.ops++
		n := len(operands)
		arg := func(i int) float64 { // the i-th of the last k operands
			if i < 0 || i >= n {
				return 0
			}
			x, _ := num(operands[i])
			return x
		}
		last := func(k int) []float64 {
			out := make([]float64, k)
			for i := 0; i < k; i++ {
				out[i] = arg(n - k + i)
			}
			return out
		}
		addPoint := func(x, y float64) {
			px, py := gs.ctm.apply(x, y)
			if !havePath {
				path = box{px, py, px, py}
				havePath = true
				return
			}
			path = path.union(box{px, py, px, py})
		}
		paint := func(kind markKind) {
			if havePath {
				m := mark{kind: kind, x: path.x0, y: path.y0, b: path, clip: gs.clip, form: form, rect: pathRect && segments == 1}
				switch kind {
				case markFill:
					m.fill, m.alpha = gs.fill, gs.alpha
				case markStroke:
					m.stroke, m.alpha, m.lw = gs.stroke, gs.salpha, gs.lw*gs.ctm.scale()
				case markBoth:
					m.fill, m.stroke, m.alpha, m.lw = gs.fill, gs.stroke, gs.alpha, gs.lw*gs.ctm.scale()
				}
				if kind != "" {
					in.marks = append(in.marks, m)
				}
				if pendingClip {
					c := path
					if gs.clip != nil {
						c = gs.clip.intersect(c)
					}
					gs.clip = &c
				}
			}
			havePath, pathRect, pendingClip, segments = false, false, false, 0
		}
		show := func(s []byte) {
			fi := gs.font
			if fi == nil {
				fi = fonts[pdfName(gs.fontName)]
			}
			step := 1
			if fi != nil && fi.twoByte {
				step = 2
			}
			adv := 0.0
			for i := 0; i+step <= len(s); i += step {
				code := int(s[i])
				if step == 2 {
					code = code<<8 | int(s[i+1])
				}
				w := fi.width(code)/1000*gs.size + gs.tc
				if step == 1 && code == 32 {
					w += gs.tw
				}
				adv += w * gs.th
			}
			trm := tm.mul(gs.ctm)
			text := ""
			if fi != nil {
				text = fi.dec.decode(s)
			} else {
				text = decodeText(s)
			}
			x, y := trm.apply(0, gs.rise)
			m := mark{kind: markText, text: text, font: gs.fontName, size: gs.size * trm.scale(), x: x, y: y,
				b: trm.bounds(0, gs.rise-0.25*gs.size, adv, gs.rise+0.85*gs.size), fill: gs.fill, stroke: gs.stroke,
				mode: gs.mode, alpha: gs.alpha, clip: gs.clip, form: form}
			if gs.mode == 1 || gs.mode == 5 { // stroked text shows in the stroke colour
				m.fill = gs.stroke
			}
			in.marks = append(in.marks, m)
			tm = matrix{1, 0, 0, 1, adv, 0}.mul(tm)
		}
		switch kw {
		case "q":
			if len(stack) < 64 {
				stack = append(stack, gs)
			}
		case "Q":
			if k := len(stack); k > 0 {
				gs, stack = stack[k-1], stack[:k-1]
			}
		case "cm":
			a := last(6)
			gs.ctm = matrix{a[0], a[1], a[2], a[3], a[4], a[5]}.mul(gs.ctm)
		case "w":
			gs.lw = arg(n - 1)
		case "rg", "g", "k", "sc", "scn":
			gs.fill = colour(operands, string(kw))
		case "RG", "G", "K", "SC", "SCN":
			gs.stroke = colour(operands, string(kw))
		case "cs":
			gs.fill = colour(operands, "cs")
		case "CS":
			gs.stroke = colour(operands, "CS")
		case "gs":
			if n > 0 {
				if name, ok := operands[n-1].(pdfName); ok {
					eg := f.dict(f.dict(res["ExtGState"])[name])
					if a, ok := num(f.resolve(eg["ca"])); ok {
						gs.alpha = a
					}
					if a, ok := num(f.resolve(eg["CA"])); ok {
						gs.salpha = a
					}
					if w, ok := num(f.resolve(eg["LW"])); ok {
						gs.lw = w
					}
					if _, ok := eg["SMask"]; ok && eg["SMask"] != pdfName("None") {
						gs.alpha, gs.salpha = gs.alpha*0.5, gs.salpha*0.5 // a soft mask: opacity unknown, not opaque
					}
				}
			}
		case "m", "l":
			a := last(2)
			addPoint(a[0], a[1])
			segments++
		case "c":
			a := last(6)
			addPoint(a[0], a[1])
			addPoint(a[2], a[3])
			addPoint(a[4], a[5])
			segments++
		case "v", "y":
			a := last(4)
			addPoint(a[0], a[1])
			addPoint(a[2], a[3])
			segments++
		case "re":
			a := last(4)
			addPoint(a[0], a[1])
			addPoint(a[0]+a[2], a[1]+a[3])
			pathRect = true
			segments++
		case "h":
		case "W", "W*":
			pendingClip = true
		case "f", "F", "f*":
			paint(markFill)
		case "S", "s":
			paint(markStroke)
		case "B", "B*", "b", "b*":
			paint(markBoth)
		case "n":
			paint("")
		case "BT":
			tm, tlm = identity, identity
		case "ET":
		case "Tf":
			if n >= 2 {
				if name, ok := operands[n-2].(pdfName); ok {
					fi, ok := fonts[name]
					if !ok {
						fi = f.fontInfo(f.dict(f.dict(res["Font"])[name]))
						fonts[name] = fi
					}
					gs.font, gs.fontName = fi, fi.name
					if depth == 0 {
						in.fontOrder = addOnce(in.fontOrder, &in.fontSeen, name)
					}
				}
				gs.size = arg(n - 1)
			}
		case "Tc":
			gs.tc = arg(n - 1)
		case "Tw":
			gs.tw = arg(n - 1)
		case "Tz":
			gs.th = arg(n-1) / 100
		case "TL":
			gs.tl = arg(n - 1)
		case "Ts":
			gs.rise = arg(n - 1)
		case "Tr":
			gs.mode = int(arg(n - 1))
		case "Td", "TD":
			a := last(2)
			if kw == "TD" {
				gs.tl = -a[1]
			}
			tlm = matrix{1, 0, 0, 1, a[0], a[1]}.mul(tlm)
			tm = tlm
		case "Tm":
			a := last(6)
			tlm = matrix{a[0], a[1], a[2], a[3], a[4], a[5]}
			tm = tlm
		case "T*", "'", "\"":
			tlm = matrix{1, 0, 0, 1, 0, -gs.tl}.mul(tlm)
			tm = tlm
			if kw == "\"" && n >= 3 {
				gs.tw, gs.tc = arg(n-3), arg(n-2)
			}
			if kw != "T*" && n > 0 {
				if s, ok := operands[n-1].(pdfString); ok {
					show(s)
				}
			}
		case "Tj":
			if n > 0 {
				if s, ok := operands[n-1].(pdfString); ok {
					show(s)
				}
			}
		case "TJ":
			if n > 0 {
				if a, ok := operands[n-1].([]any); ok {
					start := len(in.marks)
					for _, e := range a {
						switch e := e.(type) {
						case pdfString:
							show(e)
						case float64:
							tm = matrix{1, 0, 0, 1, -e / 1000 * gs.size * gs.th, 0}.mul(tm)
						}
					}
					in.mergeText(start)
				}
			}
		case "BMC", "BDC":
			depthMC++
			// At most maxGroups open at once: each EMC looks at every mark
			// since its BMC, and 60,000 nested around 60,000 strings took
			// 51 s (TestFuzzFound_NestedTextGroups); writePDF nests none.
			if n > 0 && operands[0] == pdfName(markedText) && len(in.groups) < maxGroups {
				in.groups = append(in.groups, textGroup{len(in.marks), depthMC})
			}
		case "EMC":
			if k := len(in.groups); k > 0 && in.groups[k-1].depth == depthMC {
				in.mergeText(in.groups[k-1].start)
				in.groups = in.groups[:k-1]
			}
			depthMC--
		case "Do":
			if n > 0 {
				if name, ok := operands[n-1].(pdfName); ok {
					if depth == 0 {
						in.xobjOrder = addOnce(in.xobjOrder, &in.xobjSeen, name)
					}
					in.xobject(res, name, form, gs, depth)
				}
			}
		case "BI":
			// An inline image: its data runs from ID to EI.
			i := bytes.Index(lx.b[lx.p:], []byte("ID"))
			j := -1
			if i >= 0 {
				j = indexEI(lx.b[lx.p+i+2:])
			}
			if i < 0 || j < 0 {
				lx.p = len(lx.b)
				break
			}
			lx.p += i + 2 + j + 2
			in.marks = append(in.marks, mark{kind: markImage, name: "inline image", b: gs.ctm.bounds(0, 0, 1, 1), clip: gs.clip, alpha: gs.alpha, form: form})
			last := &in.marks[len(in.marks)-1]
			last.x, last.y = last.b.x0, last.b.y0
		case "sh":
			b := box{-1e4, -1e4, 1e4, 1e4}
			if gs.clip != nil {
				b = *gs.clip
			}
			name := ""
			if n > 0 {
				if s, ok := operands[n-1].(pdfName); ok {
					name = string(s)
				}
			}
			in.marks = append(in.marks, mark{kind: markShade, name: name, b: b, x: b.x0, y: b.y0, clip: gs.clip, alpha: gs.alpha, form: form})
		}
		operands = operands[:0]
	}
	if in.ops >= maxOps {
		in.cut = true
	}
}

// indexEI returns the index of the EI operator that ends inline image
// data (preceded by white space and followed by white space or the end).
func indexEI(b []byte) int {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == 'E' && b[i+1] == 'I' && i > 0 && isSpace(b[i-1]) && (i+2 == len(b) || isSpace(b[i+2])) {
			return i
		}
	}
	return -1
}

// mergeText joins the text marks from index start on into one when they
// look alike apart from their font (the runs of one string that writePDF
// draws in several fonts, or the strings of one TJ array).
func (in *interp) mergeText(start int) {
	ms := in.marks[start:]
	if len(ms) < 2 {
		return
	}
	first := ms[0]
	for _, m := range ms {
		if m.kind != markText || m.mode != first.mode || m.alpha != first.alpha || m.fill != first.fill ||
			math.Abs(m.size-first.size) > 0.01 || math.Abs(m.y-first.y) > 0.01 || !sameClip(m.clip, first.clip) || m.form != first.form {
			return
		}
	}
	var text strings.Builder
	b := first.b
	fonts := []string{}
	for _, m := range ms {
		text.WriteString(m.text)
		b = b.union(m.b)
		if len(fonts) == 0 || fonts[len(fonts)-1] != m.font {
			fonts = append(fonts, m.font)
		}
	}
	first.text, first.b, first.font = text.String(), b, strings.Join(fonts, "+")
	in.marks = append(in.marks[:start], first)
}

func sameClip(a, b *box) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// xobject interprets a Do: an image is a mark, a form's content is
// interpreted in place.
func (in *interp) xobject(res pdfDict, name pdfName, form string, gs gstate, depth int) {
	f := in.f
	ref := f.dict(res["XObject"])[name]
	xo := f.dict(ref)
	switch xo["Subtype"] {
	case pdfName("Image"):
		m := mark{kind: markImage, name: string(name), b: gs.ctm.bounds(0, 0, 1, 1), clip: gs.clip, alpha: gs.alpha, form: form}
		m.x, m.y = m.b.x0, m.b.y0
		in.marks = append(in.marks, m)
	case pdfName("Form"):
		data, _, err := f.streamData(ref)
		if err != nil {
			return
		}
		if a, ok := f.resolve(xo["Matrix"]).([]any); ok && len(a) == 6 {
			var mt matrix
			for i := range mt {
				mt[i], _ = num(f.resolve(a[i]))
			}
			gs.ctm = mt.mul(gs.ctm)
		}
		inner := f.dict(xo["Resources"])
		if inner == nil {
			inner = res
		}
		name := string(name)
		if form != "" {
			name = form + "/" + name
		}
		in.run(data, inner, name, gs, depth+1)
	}
}

// pageBox returns a page's visible area: its CropBox within its MediaBox
// (both inheritable), or a zero box if it has none.
func (f *pdfFile) pageBox(p pdfDict) box {
	media, ok := f.rect(f.inherited(p, "MediaBox"))
	if !ok {
		return box{}
	}
	if crop, ok := f.rect(f.inherited(p, "CropBox")); ok {
		return media.intersect(crop)
	}
	return media
}

// rect reads a rectangle array.
func (f *pdfFile) rect(v any) (box, bool) {
	a, ok := f.resolve(v).([]any)
	if !ok || len(a) != 4 {
		return box{}, false
	}
	var r [4]float64
	for i := range r {
		if r[i], ok = num(f.resolve(a[i])); !ok {
			return box{}, false
		}
	}
	return box{math.Min(r[0], r[2]), math.Min(r[1], r[3]), math.Max(r[0], r[2]), math.Max(r[1], r[3])}, true
}

func (b box) String() string {
	return fmt.Sprintf("[%s %s %s %s]", fmtNum(b.x0), fmtNum(b.y0), fmtNum(b.x1), fmtNum(b.y1))
}

func fmtNum(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

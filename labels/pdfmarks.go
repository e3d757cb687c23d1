package labels

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// maxLCS bounds the comparison table of two pages' marks (an issued page
// has a few hundred; a hostile one could have many more).
const maxLCS = 4 << 20

// views interprets page n of both documents, once.
func (df *differ) views(n int, ep, ap pdfDict) (*pageView, *pageView) {
	if v, ok := df.viewCache[n]; ok {
		return v[0], v[1]
	}
	ev, err := df.exp.pageMarks(ep)
	if err != nil {
		ev = &pageView{} // the renderer's own output: cannot happen
	}
	av, err := df.act.pageMarks(ap)
	if err != nil {
		_, en := halves(err)
		df.add(n, "", "its content cannot be read: %s", en)
		av = nil
	}
	df.viewCache[n] = [2]*pageView{ev, av}
	return ev, av
}

// marks compares what two pages show, mark by mark. Marks that look the
// same and come in the same order match; of the rest, a mark of the issued
// page and one of the file that show the same text (or sit at the same
// place) are reported as one changed mark, naming what changed; the others
// as missing or added. Each report names the certificate field the issued
// mark shows, and says why a reader would not see a mark (invisible text,
// off the page, clipped, covered).
func (df *differ) marks(n int, ep, ap pdfDict) {
	ev, av := df.views(n, ep, ap)
	if av == nil {
		return
	}
	em, econtent, am, acontent, cut := ev.marks, ev.content, av.marks, av.content, av.cut
	page := df.exp.pageBox(ep)
	vis := df.act.pageBox(ap)
	efield := make([]string, len(em))
	if n-1 < len(df.draw.pages) && len(df.draw.pages[n-1]) == len(em) {
		for i, o := range df.draw.pages[n-1] {
			efield[i] = o.field
		}
	}

	// Align the two lists: matched[i] is the file's mark matching the
	// issued page's mark i, or -1.
	matched := alignMarks(em, am)
	afield := make([]string, len(am))
	used := make([]bool, len(am))
	var lostE []int
	for i, j := range matched {
		if j >= 0 {
			used[j] = true
			afield[j] = efield[i]
		} else {
			lostE = append(lostE, i)
		}
	}
	var newA []int
	for j := range am {
		if !used[j] {
			newA = append(newA, j)
		}
	}
	if cut {
		df.add(n, "", "its content has more than %d operators; only those were compared", maxOps)
	}

	// Pair what is left: the same text first (nearest first), then the
	// same kind of mark at the same place.
	pairs := map[int]int{}
	taken := map[int]bool{}
	pair := func(match func(e, a *mark) (float64, bool)) {
		for _, i := range lostE {
			if _, ok := pairs[i]; ok {
				continue
			}
			best, bestD := -1, math.Inf(1)
			for _, j := range newA {
				if taken[j] {
					continue
				}
				if d, ok := match(&em[i], &am[j]); ok && d < bestD {
					best, bestD = j, d
				}
			}
			if best >= 0 {
				pairs[i], taken[best] = best, true
				afield[best] = efield[i]
			}
		}
	}
	dist := func(e, a *mark) float64 { return math.Hypot(e.x-a.x, e.y-a.y) }
	pair(func(e, a *mark) (float64, bool) {
		return dist(e, a), e.kind == markText && a.kind == markText && e.text == a.text
	})
	pair(func(e, a *mark) (float64, bool) {
		d := dist(e, a)
		return d, e.kind == a.kind && (d < 3 || e.kind == markImage)
	})

	// Once the report is full, the rest is only counted: describing a
	// mark looks at every other mark of the page (what covers it, what it
	// is drawn over), and 20,000 rectangles, 1.7 kB deflated, took 0.7 s,
	// 200,000 (maxOps) a minute (TestFuzzFound_ManyMarksDescribed).
	// A count of the rest may include a repeat, which add would drop.
	for _, i := range lostE {
		if df.full() {
			df.dropped++
			continue
		}
		e := &em[i]
		j, ok := pairs[i]
		if !ok {
			what := df.what(e, efield[i], page)
			verb := "is"
			if strings.HasPrefix(what, "the words") {
				verb = "are"
			}
			df.add(n, efield[i], "%s %s missing (at %s)", what, verb, strings.TrimPrefix(df.where(e, page), "at "))
			continue
		}
		a := &am[j]
		var changes []string
		if e.kind == markText && e.text != a.text {
			what := "the page shows %q where the signed content gives %q"
			if f := efield[i]; f == "" || f == fieldStatus || f == fieldVerifyURL || f == fieldKeyID {
				// Not certificate fields: render parameters, words.
				what = "the page shows %q where the document rendered again from the signed content shows %q"
			}
			changes = append(changes, fmt.Sprintf(what, a.text, e.text))
		}
		changes = append(changes, changedAttrs(e, a, page)...)
		changes = append(changes, hiddenReasons(am, j, vis)...)
		if len(changes) == 0 {
			changes = []string{"drawn differently"}
		}
		subject := df.what(e, efield[i], page)
		if e.kind == markText && e.text != a.text {
			subject = fieldWords(efield[i])
			if subject == "" {
				subject = "text " + df.where(e, page)
			}
		}
		df.add(n, efield[i], "%s: %s", subject, strings.Join(changes, "; "))
	}
	for _, j := range newA {
		if taken[j] {
			continue
		}
		if df.full() {
			df.dropped++
			continue
		}
		a := &am[j]
		var notes []string
		notes = append(notes, hiddenReasons(am, j, vis)...)
		fields := ""
		var over []string
		switch a.kind {
		case markText, markImage:
			// What it is drawn over (an overlay).
			for k := range am {
				o := &am[k]
				if k == j || o.kind != markText && o.kind != markImage || !overlaps(a.b, o.b) {
					continue
				}
				if len(over) < 4 {
					over = append(over, df.what(o, afield[k], page))
				}
				fields += " " + afield[k]
			}
			if len(over) > 0 {
				notes = append(notes, "over "+strings.Join(over, ", "))
			}
		default:
			// What it covers, if opaque.
			if a.alpha >= 0.99 && (a.kind == markFill || a.kind == markBoth || a.kind == markShade) {
				for k := 0; k < j; k++ {
					o := &am[k]
					if (o.kind == markText || o.kind == markImage) && o.b.area() > 0 && o.b.intersect(a.b).area() >= 0.5*o.b.area() {
						if len(over) < 4 {
							over = append(over, df.what(o, afield[k], page))
						}
						fields += " " + afield[k]
					}
				}
				if len(over) > 0 {
					notes = append(notes, "it covers "+strings.Join(over, ", "))
				}
			}
		}
		desc := df.what(a, "", page)
		if a.kind == markText {
			desc = "text " + strconv.Quote(a.text)
		}
		note := ""
		if len(notes) > 0 {
			note = " (" + strings.Join(notes, "; ") + ")"
		}
		df.add(n, fields, "%s was added %s%s", desc, df.where(a, page), note)
	}
	if len(lostE) == 0 && len(newA) == 0 && !bytes.Equal(econtent, acontent) {
		df.add(n, "", "its content stream differs from the issued one in operators that draw nothing (%s)", firstDifference(econtent, acontent))
	}
}

// alignMarks matches the marks of two pages that look the same, in order
// (a longest common subsequence of their keys, after their common prefix
// and suffix).
func alignMarks(em, am []mark) []int {
	matched := make([]int, len(em))
	for i := range matched {
		matched[i] = -1
	}
	ek, ak := make([]string, len(em)), make([]string, len(am))
	for i := range em {
		ek[i] = em[i].key()
	}
	for j := range am {
		ak[j] = am[j].key()
	}
	lo := 0
	for lo < len(ek) && lo < len(ak) && ek[lo] == ak[lo] {
		matched[lo] = lo
		lo++
	}
	he, ha := len(ek), len(ak)
	for he > lo && ha > lo && ek[he-1] == ak[ha-1] {
		he--
		ha--
		matched[he] = ha
	}
	n, m := he-lo, ha-lo
	if n == 0 || m == 0 || n*m > maxLCS {
		return matched
	}
	// lcs[i][j]: the longest common subsequence of ek[lo+i:he] and ak[lo+j:ha].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ek[lo+i] == ak[lo+j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case ek[lo+i] == ak[lo+j]:
			matched[lo+i] = lo + j
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	return matched
}

// what names a mark for a report: the field it shows and its text, the QR
// code, or the kind of shape.
func (df *differ) what(m *mark, field string, page box) string {
	switch m.kind {
	case markText:
		if field != "" {
			return fmt.Sprintf("%s %q", fieldWords(field), m.text)
		}
		return fmt.Sprintf("the words %q", m.text)
	case markImage:
		if df.qrNames[m.name] {
			return "the QR code"
		}
		return "an image (" + m.name + ")"
	}
	s := "a " + colourWord(m) + string(m.kind)
	if field != "" {
		s += " (" + fieldWords(field) + ")"
	}
	return s
}

// where says where a mark is.
func (df *differ) where(m *mark, page box) string {
	if m.kind == markText {
		return "at " + pointMM(m.x, m.y, page)
	}
	return spanMM(m.b, page)
}

func fieldWords(field string) string { return strings.Join(strings.Fields(field), ", ") }

// colourWord names a shape's colour, "white " for white.
func colourWord(m *mark) string {
	c := m.fill
	if m.kind == markStroke {
		c = m.stroke
	}
	switch {
	case isWhite(c):
		return "white "
	case c == "":
		return ""
	}
	return "(" + c + ") "
}

// isWhite reports whether a colour operator sets white.
func isWhite(c string) bool {
	f := strings.Fields(c)
	if len(f) == 0 {
		return false
	}
	op, vals := f[len(f)-1], f[:len(f)-1]
	var v []float64
	for _, s := range vals {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return false
		}
		v = append(v, x)
	}
	switch op {
	case "rg", "RG", "sc", "scn", "SC", "SCN":
		if len(v) == 3 {
			return v[0] >= 0.98 && v[1] >= 0.98 && v[2] >= 0.98
		}
		return len(v) == 1 && v[0] >= 0.98
	case "g", "G":
		return len(v) == 1 && v[0] >= 0.98
	case "k", "K":
		return len(v) == 4 && v[0] <= 0.02 && v[1] <= 0.02 && v[2] <= 0.02 && v[3] <= 0.02
	}
	return false
}

// changedAttrs lists how mark a differs from e in what a reader sees.
func changedAttrs(e, a *mark, page box) []string {
	var out []string
	if math.Abs(e.x-a.x) > 0.5 || math.Abs(e.y-a.y) > 0.5 {
		out = append(out, fmt.Sprintf("moved to %s (from %s)", pointMM(a.x, a.y, page), pointMM(e.x, e.y, page)))
	}
	if e.kind != markText {
		ew, eh, aw, ah := e.b.x1-e.b.x0, e.b.y1-e.b.y0, a.b.x1-a.b.x0, a.b.y1-a.b.y0
		if math.Abs(ew-aw) > 0.5 || math.Abs(eh-ah) > 0.5 {
			k := 72 / 25.4
			out = append(out, fmt.Sprintf("%.1f × %.1f mm instead of %.1f × %.1f mm", aw/k, ah/k, ew/k, eh/k))
		}
	}
	if math.Abs(e.size-a.size) > 0.01 {
		out = append(out, fmt.Sprintf("set in %s pt instead of %s pt", fmtNum(a.size), fmtNum(e.size)))
	}
	if e.font != a.font {
		out = append(out, fmt.Sprintf("in font %s instead of %s", a.font, e.font))
	}
	if e.mode != a.mode {
		out = append(out, fmt.Sprintf("text render mode %d instead of %d", a.mode, e.mode))
	}
	if e.fill != a.fill {
		out = append(out, fmt.Sprintf("fill colour %q instead of %q", a.fill, e.fill))
	}
	if e.stroke != a.stroke && e.kind != markText {
		out = append(out, fmt.Sprintf("stroke colour %q instead of %q", a.stroke, e.stroke))
	}
	if math.Abs(e.lw-a.lw) > 0.01 {
		out = append(out, fmt.Sprintf("line width %s instead of %s", fmtNum(a.lw), fmtNum(e.lw)))
	}
	if math.Abs(e.alpha-a.alpha) > 0.001 {
		out = append(out, fmt.Sprintf("opacity %s instead of %s", fmtNum(a.alpha), fmtNum(e.alpha)))
	}
	if !sameClip(e.clip, a.clip) {
		if a.clip == nil {
			out = append(out, "no longer clipped")
		} else {
			out = append(out, "clipped to the area "+spanMM(*a.clip, page))
		}
	}
	if e.form != a.form {
		out = append(out, fmt.Sprintf("drawn inside form XObject %q", a.form))
	}
	return out
}

// hiddenReasons says why a reader would not see mark i of a page, or
// would see it only in part.
func hiddenReasons(ms []mark, i int, vis box) []string {
	m := &ms[i]
	var out []string
	if m.kind == markText && (m.mode == 3 || m.mode == 7) {
		out = append(out, fmt.Sprintf("invisible: text render mode %d", m.mode))
	}
	if m.alpha <= 0.01 {
		out = append(out, "invisible: fully transparent")
	}
	if m.kind == markText && isWhite(m.fill) {
		out = append(out, "drawn in white")
	}
	if m.kind == markText && m.size < 0.5 {
		out = append(out, fmt.Sprintf("too small to read (%s pt)", fmtNum(m.size)))
	}
	if !vis.empty() && m.b.area() > 0 {
		switch in := m.b.intersect(vis).area(); {
		case in == 0:
			out = append(out, "outside the visible page")
		case in < 0.5*m.b.area():
			out = append(out, "mostly outside the visible page")
		}
	}
	if m.clip != nil && m.b.intersect(*m.clip).area() < 0.5*m.b.area() {
		out = append(out, "clipped away")
	}
	if m.kind == markText || m.kind == markImage {
		for j := i + 1; j < len(ms); j++ {
			o := &ms[j]
			if o.alpha >= 0.99 && (o.kind == markFill || o.kind == markBoth || o.kind == markImage || o.kind == markShade) &&
				m.b.area() > 0 && m.b.intersect(o.b).area() >= 0.8*m.b.area() {
				out = append(out, "covered by "+strings.TrimSpace("a "+colourWord(o)+string(o.kind))+" drawn over it")
				break
			}
		}
	}
	return out
}

// firstDifference shows where two content streams first differ.
func firstDifference(e, a []byte) string {
	i := 0
	for i < len(e) && i < len(a) && e[i] == a[i] {
		i++
	}
	start := max(0, i-20)
	clip := func(b []byte) string {
		end := min(len(b), i+40)
		if start >= end {
			return ""
		}
		return string(b[start:end])
	}
	return fmt.Sprintf("at byte %d: %q instead of %q", i, clip(a), clip(e))
}

// overlaps reports whether two extents overlap by at least 30 % of the
// smaller one.
func overlaps(a, b box) bool {
	in := a.intersect(b)
	if in.empty() {
		return false
	}
	return in.area() >= 0.3*math.Min(a.area(), b.area())
}

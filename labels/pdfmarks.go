package labels

import (
	"bytes"
	"cmp"
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
		zh, en := halves(err)
		df.add(n, "", "页面内容无法读取："+zh, "its content cannot be read: %s", en)
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
		df.add(n, "", fmt.Sprintf("页面内容的操作符超过 %d 个；只比较了前 %d 个", maxOps, maxOps), "its content has more than %d operators; only those were compared", maxOps)
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
			if strings.HasPrefix(what.en, "the words") {
				verb = "are"
			}
			where := df.where(e, page)
			df.add(n, efield[i], fmt.Sprintf("%s缺失（%s）", what.zh, where.zh),
				"%s %s missing (at %s)", what.en, verb, strings.TrimPrefix(where.en, "at "))
			continue
		}
		a := &am[j]
		var changes []bilingual
		if e.kind == markText && e.text != a.text {
			what := bilingual{fmt.Sprintf("页面显示 %q，而签名内容为 %q", a.text, e.text), fmt.Sprintf("the page shows %q where the signed content gives %q", a.text, e.text)}
			if f := efield[i]; f == "" || f == fieldStatus || f == fieldVerifyURL || f == fieldKeyID {
				// Not certificate fields: render parameters, words.
				what = bilingual{fmt.Sprintf("页面显示 %q，而依签名内容重新生成的文件显示 %q", a.text, e.text),
					fmt.Sprintf("the page shows %q where the document rendered again from the signed content shows %q", a.text, e.text)}
			}
			changes = append(changes, what)
		}
		changes = append(changes, changedAttrs(e, a, page)...)
		changes = append(changes, hiddenReasons(am, j, vis)...)
		if len(changes) == 0 {
			changes = []bilingual{{"绘制方式不同", "drawn differently"}}
		}
		subject := df.what(e, efield[i], page)
		if e.kind == markText && e.text != a.text {
			subject = bilingual{fieldWordsZH(efield[i]), fieldWords(efield[i])}
			if subject.en == "" {
				where := df.where(e, page)
				subject = bilingual{where.zh + "的文字", "text " + where.en}
			}
		}
		zh, en := joinBilingual(changes, "；", "; ")
		df.add(n, efield[i], subject.zh+"："+zh, "%s: %s", subject.en, en)
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
		var notes []bilingual
		notes = append(notes, hiddenReasons(am, j, vis)...)
		fields := ""
		var over []bilingual
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
				zh, en := joinBilingual(over, "、", ", ")
				notes = append(notes, bilingual{"压在" + zh + "之上", "over " + en})
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
					zh, en := joinBilingual(over, "、", ", ")
					notes = append(notes, bilingual{"它遮住了" + zh, "it covers " + en})
				}
			}
		}
		desc := df.what(a, "", page)
		if a.kind == markText {
			desc = bilingual{"文字 " + strconv.Quote(a.text), "text " + strconv.Quote(a.text)}
		}
		note, noteZH := "", ""
		if len(notes) > 0 {
			zh, en := joinBilingual(notes, "；", "; ")
			note, noteZH = " ("+en+")", "（"+zh+"）"
		}
		where := df.where(a, page)
		df.add(n, fields, where.zh+"添加了"+desc.zh+noteZH, "%s was added %s%s", desc.en, where.en, note)
	}
	if len(lostE) == 0 && len(newA) == 0 && !bytes.Equal(econtent, acontent) {
		d := firstDifference(econtent, acontent)
		df.add(n, "", "页面内容流中不绘制任何内容的操作符与签发的文件不同（"+d.zh+"）", "its content stream differs from the issued one in operators that draw nothing (%s)", d.en)
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

// joinBilingual joins phrases, each language with its separator.
func joinBilingual(ps []bilingual, zhSep, enSep string) (zh, en string) {
	zhs, ens := make([]string, len(ps)), make([]string, len(ps))
	for i, p := range ps {
		zhs[i], ens[i] = p.zh, p.en
	}
	return strings.Join(zhs, zhSep), strings.Join(ens, enSep)
}

// markKindsZH names the kinds of marks in Chinese.
var markKindsZH = map[markKind]string{
	markText: "文字", markFill: "填充图形", markStroke: "线条", markBoth: "填充并描边的图形", markImage: "图像", markShade: "渐变",
}

// what names a mark for a report: the field it shows and its text, the QR
// code, or the kind of shape.
func (df *differ) what(m *mark, field string, page box) bilingual {
	switch m.kind {
	case markText:
		if field != "" {
			return bilingual{fmt.Sprintf("%s %q", fieldWordsZH(field), m.text), fmt.Sprintf("%s %q", fieldWords(field), m.text)}
		}
		return bilingual{fmt.Sprintf("文字 %q", m.text), fmt.Sprintf("the words %q", m.text)}
	case markImage:
		if df.qrNames[m.name] {
			return bilingual{"二维码", "the QR code"}
		}
		return bilingual{"图像（" + m.name + "）", "an image (" + m.name + ")"}
	}
	s := bilingual{colourWordZH(m) + markKindsZH[m.kind], "a " + colourWord(m) + string(m.kind)}
	if field != "" {
		s.zh += "（" + fieldWordsZH(field) + "）"
		s.en += " (" + fieldWords(field) + ")"
	}
	return s
}

// where says where a mark is.
func (df *differ) where(m *mark, page box) bilingual {
	if m.kind == markText {
		return bilingual{"位于 " + pointMM(m.x, m.y, page) + " 处", "at " + pointMM(m.x, m.y, page)}
	}
	return bilingual{spanMMZH(m.b, page), spanMM(m.b, page)}
}

func fieldWords(field string) string { return strings.Join(strings.Fields(field), ", ") }

// fieldWordsZH is fieldWords for a Chinese line: a key field by its
// Chinese name, another as 字段 and its canonical name (reviewer 48: the
// Chinese lines named the fields in English only).
func fieldWordsZH(field string) string {
	var out []string
	for _, f := range strings.Fields(field) {
		out = append(out, cmp.Or(visibleNamesZH[f], "字段 "+f))
	}
	return strings.Join(out, "、")
}

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

// colourWordZH is colourWord in Chinese.
func colourWordZH(m *mark) string {
	switch w := colourWord(m); w {
	case "white ":
		return "白色"
	case "":
		return ""
	default:
		return "颜色为 " + strings.TrimSpace(w) + " 的"
	}
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
func changedAttrs(e, a *mark, page box) []bilingual {
	var out []bilingual
	add := func(zh, en string) { out = append(out, bilingual{zh, en}) }
	if math.Abs(e.x-a.x) > 0.5 || math.Abs(e.y-a.y) > 0.5 {
		add(fmt.Sprintf("移到了 %s（原在 %s）", pointMM(a.x, a.y, page), pointMM(e.x, e.y, page)),
			fmt.Sprintf("moved to %s (from %s)", pointMM(a.x, a.y, page), pointMM(e.x, e.y, page)))
	}
	if e.kind != markText {
		ew, eh, aw, ah := e.b.x1-e.b.x0, e.b.y1-e.b.y0, a.b.x1-a.b.x0, a.b.y1-a.b.y0
		if math.Abs(ew-aw) > 0.5 || math.Abs(eh-ah) > 0.5 {
			k := 72 / 25.4
			add(fmt.Sprintf("尺寸为 %.1f × %.1f mm，而不是 %.1f × %.1f mm", aw/k, ah/k, ew/k, eh/k),
				fmt.Sprintf("%.1f × %.1f mm instead of %.1f × %.1f mm", aw/k, ah/k, ew/k, eh/k))
		}
	}
	if math.Abs(e.size-a.size) > 0.01 {
		add(fmt.Sprintf("字号为 %s pt，而不是 %s pt", fmtNum(a.size), fmtNum(e.size)), fmt.Sprintf("set in %s pt instead of %s pt", fmtNum(a.size), fmtNum(e.size)))
	}
	if e.font != a.font {
		add(fmt.Sprintf("字体为 %s，而不是 %s", a.font, e.font), fmt.Sprintf("in font %s instead of %s", a.font, e.font))
	}
	if e.mode != a.mode {
		add(fmt.Sprintf("文字渲染模式为 %d，而不是 %d", a.mode, e.mode), fmt.Sprintf("text render mode %d instead of %d", a.mode, e.mode))
	}
	if e.fill != a.fill {
		add(fmt.Sprintf("填充颜色为 %q，而不是 %q", a.fill, e.fill), fmt.Sprintf("fill colour %q instead of %q", a.fill, e.fill))
	}
	if e.stroke != a.stroke && e.kind != markText {
		add(fmt.Sprintf("描边颜色为 %q，而不是 %q", a.stroke, e.stroke), fmt.Sprintf("stroke colour %q instead of %q", a.stroke, e.stroke))
	}
	if math.Abs(e.lw-a.lw) > 0.01 {
		add(fmt.Sprintf("线宽为 %s，而不是 %s", fmtNum(a.lw), fmtNum(e.lw)), fmt.Sprintf("line width %s instead of %s", fmtNum(a.lw), fmtNum(e.lw)))
	}
	if math.Abs(e.alpha-a.alpha) > 0.001 {
		add(fmt.Sprintf("不透明度为 %s，而不是 %s", fmtNum(a.alpha), fmtNum(e.alpha)), fmt.Sprintf("opacity %s instead of %s", fmtNum(a.alpha), fmtNum(e.alpha)))
	}
	if !sameClip(e.clip, a.clip) {
		if a.clip == nil {
			add("不再被裁剪", "no longer clipped")
		} else {
			add("被裁剪到"+strings.TrimSuffix(strings.TrimPrefix(spanMMZH(*a.clip, page), "在"), "处")+"的区域", "clipped to the area "+spanMM(*a.clip, page))
		}
	}
	if e.form != a.form {
		add(fmt.Sprintf("绘制在表单 XObject %q 之内", a.form), fmt.Sprintf("drawn inside form XObject %q", a.form))
	}
	return out
}

// hiddenReasons says why a reader would not see mark i of a page, or
// would see it only in part.
func hiddenReasons(ms []mark, i int, vis box) []bilingual {
	m := &ms[i]
	var out []bilingual
	add := func(zh, en string) { out = append(out, bilingual{zh, en}) }
	if m.kind == markText && (m.mode == 3 || m.mode == 7) {
		add(fmt.Sprintf("不可见：文字渲染模式为 %d", m.mode), fmt.Sprintf("invisible: text render mode %d", m.mode))
	}
	if m.alpha <= 0.01 {
		add("不可见：完全透明", "invisible: fully transparent")
	}
	if m.kind == markText && isWhite(m.fill) {
		add("以白色绘制", "drawn in white")
	}
	if m.kind == markText && m.size < 0.5 {
		add(fmt.Sprintf("太小，无法阅读（%s pt）", fmtNum(m.size)), fmt.Sprintf("too small to read (%s pt)", fmtNum(m.size)))
	}
	if !vis.empty() && m.b.area() > 0 {
		switch in := m.b.intersect(vis).area(); {
		case in == 0:
			add("位于可见页面之外", "outside the visible page")
		case in < 0.5*m.b.area():
			add("大部分位于可见页面之外", "mostly outside the visible page")
		}
	}
	if m.clip != nil && m.b.intersect(*m.clip).area() < 0.5*m.b.area() {
		add("被裁剪掉", "clipped away")
	}
	if m.kind == markText || m.kind == markImage {
		for j := i + 1; j < len(ms); j++ {
			o := &ms[j]
			if o.alpha >= 0.99 && (o.kind == markFill || o.kind == markBoth || o.kind == markImage || o.kind == markShade) &&
				m.b.area() > 0 && m.b.intersect(o.b).area() >= 0.8*m.b.area() {
				add("被其上绘制的"+colourWordZH(o)+markKindsZH[o.kind]+"遮住", "covered by "+strings.TrimSpace("a "+colourWord(o)+string(o.kind))+" drawn over it")
				break
			}
		}
	}
	return out
}

// firstDifference shows where two content streams first differ.
func firstDifference(e, a []byte) bilingual {
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
	return bilingual{fmt.Sprintf("自第 %d 字节起：%q，而不是 %q", i, clip(a), clip(e)), fmt.Sprintf("at byte %d: %q instead of %q", i, clip(a), clip(e))}
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

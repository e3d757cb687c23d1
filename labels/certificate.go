package labels

import (
	"encoding/base64"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// certLayout lays out the A4 certificate top to bottom, starting a new
// page when the next block would pass certBottom.
type certLayout struct {
	d      *drawing
	c      *certification.Certificate
	layout int // document layout (layoutV2, layoutV3)
	status certification.CertificateStatus
	m      certMetrics // spacing of the body, by document format
	y      float64     // top of the next block
	first  *float64    // while measuring: the height of the first block, 0 until ensure is first called
}

// val is a printed value and the certificate field(s) it shows, as
// canonical field names separated by spaces ("holder.name_zh
// holder.name_en" for a name printed in both languages on one line).
type val struct{ field, s string }

func (r *Renderer) layoutCertificate(c *certification.Certificate, layout int, keyID string, sig []byte, status certification.CertificateStatus, verifyURL string, code *qrCode) *drawing {
	l := &certLayout{d: newDrawing(r.font, certPageW, certPageH), c: c, layout: layout, status: status, m: certMetricsV1, y: certTop}
	if c.Format >= 2 {
		l.m = certMetricsV2
	}
	l.header(code)
	l.section(tSecHolder, l.holderSection)
	l.section(tSecResult, l.resultSection)
	l.section(tSecMethod, l.methodSection)
	l.section(tSecCertify, func() { l.certifySection(keyID, sig, verifyURL) })
	l.footers()
	return l.d
}

// ensure starts a new page unless h mm fit above the bottom margin.
func (l *certLayout) ensure(h float64) {
	if l.first != nil && *l.first == 0 {
		*l.first = h
	}
	if l.y+h <= certBottom {
		return
	}
	l.d.newPage()
	l.y = certTop
	l.d.value(fieldNumber, certMargin, l.y+3, certLabelSize, colMuted,
		fmt.Sprintf("%s %s · %s（%s %s）", tCertTitle.zh, tCertTitle.en, l.c.Number, tContinued.zh, tContinued.en))
	l.d.line(certMargin, l.y+5, certPageW-certMargin, l.y+5, 0.3, colAccent)
	l.y += 9
}

// header draws the title, the QR code and the identity block. Nothing of
// the identity block reaches into the QR code's column: values too wide
// for it are set smaller.
func (l *certLayout) header(code *qrCode) {
	d, c := l.d, l.c
	top := l.y
	d.fill(0, 0, certPageW, 5, colAccent)
	d.text(certMargin, top+9, certTitleSize, colAccent, tCertTitle.zh)
	d.text(certMargin+d.width(tCertTitle.zh, certTitleSize)+4, top+9, certSubtitleSize, colAccent, tCertTitle.en)

	qx := certPageW - certMargin - certQRSize
	d.qrCode(qx, top-2, certQRSize, code)
	d.textCenter(qx+certQRSize/2, top+certQRSize+1.5, certSmallSize, colMuted, tScanToVerify.String())
	bottom := top + certQRSize + 3 // below the QR code's caption
	if l.layout >= layoutV9 {      // and the host it leads to
		bottom = max(bottom, certHost(d, code, qx+certQRSize/2, top+certQRSize+1.5)+1.5)
	}

	right := qx - 3 // the identity block ends here
	y := top + 16.5
	const labelW = 32.0
	const rowH = 4.8
	vx := certMargin + labelW
	put := func(field string, x float64, size float64, col rgb, s string) {
		d.value(field, x, y, fit(d, s, size, 5, right-x), col, s)
	}
	row := func(label bilingual, field, value string, size float64, col rgb) {
		d.text(certMargin, y, certLabelSize, colMuted, label.String())
		put(field, vx, size, col, value)
		y += rowH
	}
	row(tNumber, fieldNumber, c.Number, 11, colInk)
	row(tID, fieldID, c.ID.String(), certBodySize, colInk)

	// The replaced certificate is named by its number where the signed
	// content gives it (format 2), else by its ID.
	sup, supField := "—", "supersedes"
	switch {
	case c.SupersedesNumber != "":
		sup, supField = c.SupersedesNumber, fields("supersedes_number", "supersedes")
	case [16]byte(c.Supersedes) != [16]byte{}: // uuid.Nil, without importing uuid (STYLE.md §2.1)
		sup = c.Supersedes.String()
	}
	d.text(certMargin, y, certLabelSize, colMuted, tRevision.String())
	d.value("revision", vx, y, certBodySize, colInk, strconv.Itoa(c.Revision))
	sx := vx + 8
	d.text(sx, y, certLabelSize, colMuted, tSupersedes.String())
	sx += d.width(tSupersedes.String(), certLabelSize) + 2
	put(supField, sx, certBodySize, colInk, sup)
	y += rowH

	// The status at download, and on its own line below it, that it is
	// only that.
	st := lookup(statusNames, l.status)
	col := colInk
	if l.status != certification.CertificateValid {
		col = colAlert
	}
	d.text(certMargin, y, certLabelSize, colMuted, tStatus.String())
	put(fieldStatus, vx, certBodySize, col, st.String())
	note := tStatusNote.zh + " " + tStatusNote.en
	if nx := vx + d.width(st.String(), certBodySize) + 2; nx+d.width(note, certSmallSize) <= right {
		d.text(nx, y, certSmallSize, colMuted, note)
	} else {
		y += 3.2
		put("", vx, certSmallSize, colMuted, note)
	}
	y += rowH

	// Validity: issue date and expiry, both key fields, as dates in China
	// Standard Time.
	d.text(certMargin, y, certLabelSize, colMuted, tIssued.String())
	d.value(fieldIssued, vx, y, certBodySize, colInk, FormatDate(c.IssuedAt))
	x := vx + 22
	d.text(x, y, certLabelSize, colMuted, tValidUntil.String())
	x += d.width(tValidUntil.String(), certLabelSize) + 2
	put(fieldExpires, x, certBodySize, colInk, FormatDate(c.ExpiresAt))
	l.y = math.Max(y+1.8, bottom)
	d.line(certMargin, l.y, certPageW-certMargin, l.y, 0.5, colAccent)
	l.y += 2
}

// keepSection is the height up to which a whole section is kept on one
// page: a short section moves to the next page rather than split.
const keepSection = 90.0

// section draws a numbered section heading and its body. A short body is
// kept on the heading's page whole; a long one keeps at least its first
// block there (layout 2: its first 12 mm, which a taller first block did
// not fit, leaving the heading alone at the foot of the page).
func (l *certLayout) section(title bilingual, body func()) {
	h, first := l.measure(body)
	keep := math.Min(h, 12)
	if l.layout >= layoutV3 {
		keep = math.Max(keep, first)
	}
	if h <= keepSection {
		keep = h
	}
	l.ensure(l.m.headGap + l.m.headH + 0.8 + keep)
	l.y += l.m.headGap
	l.d.text(certMargin, l.y+3.5, certHeadSize, colAccent, title.zh+"  "+title.en)
	l.y += l.m.headH
	l.d.line(certMargin, l.y, certPageW-certMargin, l.y, 0.2, colRule)
	l.y += 0.8
	body()
}

// measure returns the height body takes when laid out from the top of an
// empty page, without drawing it, and the height of its first block (what
// it first asks ensure for).
func (l *certLayout) measure(body func()) (h, first float64) {
	saved := *l
	l.d = &drawing{font: l.d.font, w: l.d.w, h: l.d.h, pages: [][]op{nil}, runes: map[rune]bool{}}
	l.y = certTop
	l.first = new(float64)
	body()
	h, first = l.y-certTop, *l.first
	if len(l.d.pages) > 1 { // longer than a page
		h = certBottom
	}
	*l = saved
	return h, first
}

// field draws a label and a value of one or more lines, each wrapped to
// the value column. The label is "中文 English" on one line, or Chinese over
// English when that is too wide.
func (l *certLayout) field(label bilingual, values ...val) { l.annotatedField(label, values, nil) }

// annotatedField is field with notes, in small type, below the values.
func (l *certLayout) annotatedField(label bilingual, values, notes []val) {
	w := certContent - certLabelW
	wrap := func(vs []val, size float64) []val {
		var lines []val
		for _, v := range vs {
			for _, s := range l.d.wrap(v.s, size, w) {
				lines = append(lines, val{v.field, s})
			}
		}
		return lines
	}
	lines, small := wrap(values, certBodySize), wrap(notes, certSmallSize)
	labels := []string{label.String()}
	if l.d.width(label.String(), certLabelSize) > certLabelW-2 {
		labels = []string{label.zh, label.en}
	}
	m := l.m
	h := math.Max(float64(len(lines))*m.line+float64(len(small))*m.smallLine, float64(len(labels))*m.labelLine+m.labelPad) + m.fieldPad
	l.ensure(h)
	y := l.y + 3.2
	for i, s := range labels {
		l.d.text(certMargin, y+float64(i)*m.labelLine, certLabelSize, colMuted, s)
	}
	for i, v := range lines {
		l.d.value(v.field, certMargin+certLabelW, y+float64(i)*m.line, certBodySize, colInk, v.s)
	}
	y += float64(len(lines)-1) * m.line
	for i, v := range small {
		l.d.value(v.field, certMargin+certLabelW, y+float64(i+1)*m.smallLine, certSmallSize, colMuted, v.s)
	}
	l.y += h
}

// pair draws two short fields side by side; the left one keeps the value
// column of full-width fields.
func (l *certLayout) pair(labelA bilingual, valueA val, labelB bilingual, valueB val) {
	const labelW = certPairLabelW
	split := certPageW - certMargin - certPairRightW // left edge of the right field
	wrapA := l.d.wrap(valueA.s, certBodySize, split-certMargin-certLabelW-2)
	wrapB := l.d.wrap(valueB.s, certBodySize, certPairRightW-labelW)
	labA, labB := []string{labelA.String()}, []string{labelB.String()}
	if l.d.width(labelA.String(), certLabelSize) > certLabelW-2 {
		labA = []string{labelA.zh, labelA.en}
	}
	if l.d.width(labelB.String(), certLabelSize) > labelW-2 {
		labB = []string{labelB.zh, labelB.en}
	}
	n := math.Max(float64(len(wrapA)), float64(len(wrapB)))
	nl := math.Max(float64(len(labA)), float64(len(labB)))
	m := l.m
	h := math.Max(n*m.line, nl*m.labelLine+m.labelPad) + m.fieldPad
	l.ensure(h)
	y := l.y + 3.2
	for _, col := range []struct {
		x, labelW float64
		labels    []string
		field     string
		lines     []string
	}{{certMargin, certLabelW, labA, valueA.field, wrapA}, {split, labelW, labB, valueB.field, wrapB}} {
		for i, s := range col.labels {
			l.d.text(col.x, y+float64(i)*m.labelLine, certLabelSize, colMuted, s)
		}
		for i, s := range col.lines {
			l.d.value(col.field, col.x+col.labelW, y+float64(i)*m.line, certBodySize, colInk, s)
		}
	}
	l.y += h
}

// names returns a party's or product's names as printed: Chinese and
// English on one line when they fit the value column, else on two.
func (l *certLayout) names(prefix, zh, en string) []val {
	both := fields(prefix+".name_zh", prefix+".name_en")
	if zh == "" || en == "" || l.d.width(zh+" "+en, certBodySize) <= certContent-certLabelW {
		return []val{{both, names(zh, en)}}
	}
	return []val{{prefix + ".name_zh", zh}, {prefix + ".name_en", en}}
}

func (l *certLayout) party(prefix string, p certification.CertificateParty) []val {
	out := l.names(prefix, p.NameZH, p.NameEN)
	if p.Address != "" {
		out = append(out, val{prefix + ".address", p.Address})
	}
	return out
}

func (l *certLayout) holderSection() {
	c := l.c
	l.field(tHolder, l.party("holder", c.Holder)...)
	if c.Manufacturer == c.Holder {
		l.field(tManufacturer, val{"manufacturer", tSameAsHolder.String()})
	} else {
		l.field(tManufacturer, l.party("manufacturer", c.Manufacturer)...)
	}
	var sites []val
	for i, s := range c.Sites {
		sites = append(sites, l.party(fmt.Sprintf("sites[%d]", i), s)...)
	}
	l.field(tSites, sites...)
	l.field(tProduct, l.names("product", c.Product.NameZH, c.Product.NameEN)...)
	var codes []string
	for _, pc := range c.Product.Codes {
		codes = append(codes, pc.String())
	}
	if c.Product.GTIN != "" {
		codes = append(codes, "GTIN:"+c.Product.GTIN)
	}
	if len(codes) == 0 {
		codes = []string{tNone.String()}
	}
	l.pair(tModel, val{"product.model", c.Product.Model}, tCodes, val{fields("product.codes", "product.gtin"), strings.Join(codes, "   ")})
}

func (l *certLayout) resultSection() {
	d, c := l.d, l.c

	// The headline figure, and the statement that nothing is offset.
	l.ensure(10)
	y := l.y + 8
	d.text(certMargin, y-4.2, certLabelSize, colMuted, tFootprint.String())
	total := FormatKgCO2e(c.KgCO2e)
	d.value(fieldTotal, certMargin+certLabelW, y, certTotalSize, colAccent, total)
	x := certMargin + certLabelW + d.width(total, certTotalSize) + 2.5
	unitZH := c.DeclaredUnit.PerZH()
	d.value("declared_unit", x, y, 11, colInk, unitZH)
	d.value("declared_unit", x+d.width(unitZH, 11)+2.5, y, certBodySize, colMuted, perEN(c.DeclaredUnit, l.layout))
	d.textRight(certPageW-certMargin, y-4.2, certSmallSize, colMuted, tNoOffsets.zh)
	d.textRight(certPageW-certMargin, y-1.2, certSmallSize, colMuted, tNoOffsets.en)
	l.y += 10

	b := lookup(boundaryNames, c.Boundary)
	note := lookup(boundaryNotes, c.Boundary)
	var per []val
	for i, u := range c.PerUnit {
		per = append(per, val{fmt.Sprintf("per_unit[%d]", i), perUnitText(u, l.layout)})
	}
	if len(per) == 0 {
		per = []val{{"per_unit", tNone.String()}}
	}
	l.field(tBoundary, val{"boundary", fmt.Sprintf("%s %s（%s %s）", b.zh, b.en, note.zh, note.en)})
	l.field(tOtherUnits, per...)
	kg := func(v *float64) string {
		if v == nil {
			return tNotKnown.String()
		}
		return FormatKgCO2e(*v) + " kgCO2e"
	}
	pack := tNotIncluded
	if c.PackagingIncluded {
		pack = tIncluded
	}
	l.field(tFossilBio, val{fields("fossil_kg_co2e", "biogenic_kg_co2e", "packaging_included"),
		fmt.Sprintf("%s %s · %s %s · %s %s", tFossil.String(), kg(c.FossilKgCO2e), tBiogenic.String(), kg(c.BiogenicKgCO2e), tPackaging.String(), pack.String())})
	if c.CreditsKgCO2e != 0 && l.layout >= layoutV6 { // format 7 (minLayout), whose documents are of layout 6 or later
		// Reported separately, never netted into the total
		// (reference/standards.md §8: separate outputs, nothing netted).
		l.field(tCredits, val{"credits_kg_co2e", fmt.Sprintf("%s %s（%s / %s）", FormatKgCO2e(c.CreditsKgCO2e), c.DeclaredUnit.PerZH(), tReportedApart.zh, tReportedApart.en)})
	}
	if c.Format >= 2 {
		unit := "kgCO2e" // layout 4 and before: without the unit the range is per
		if l.layout >= layoutV5 {
			unit = c.DeclaredUnit.PerZH()
		}
		l.field(tUncertainty, val{"uncertainty", uncertaintyText(c.Uncertainty, unit, l.layout)})
		l.field(tCutOff, val{"cut_off", cutOffText(c.CutOff)})
	}
	l.stageTable()
	zh, en := c.PrintedUseScenario()
	if l.layout < layoutV5 {
		zh, en = c.PrintedUseScenarioLayout4()
	}
	if zh != "" && l.layout >= layoutV4 { // format 6 (minLayout), whose documents are of layout 4 or later
		// The scenario the use stage rests on, under the stage table:
		// its lifetime and annual energy move the figure most, and no
		// floor refuses a short one (red team 42).
		l.y += 1
		l.field(tUseScenario, val{"use_scenario", zh + " / " + en})
	}
	if len(c.NotApplicable) > 0 {
		var na []val
		for i, n := range c.NotApplicable {
			na = append(na, val{fmt.Sprintf("not_applicable[%d]", i),
				stageName(certification.CertificateStage{Code: n.Code, NameZH: n.NameZH, NameEN: n.NameEN}) + "：" + n.Reason})
		}
		l.y += 1
		l.field(tNotApplicable, na...)
	}
}

// uncertaintyText is the Monte Carlo range as the certificate prints it:
// "470–561 kgCO2e/块（P2.5–P97.5；中位数 median 512；蒙特卡洛 Monte Carlo 1000 次
// runs）", per the declared unit (unit, "kgCO2e/块"; "kgCO2e" in layout 4
// and before, which left out what the range is per), its ends rounded
// outward from layout 6 on (rangeText).
func uncertaintyText(u *certification.CertificateUncertainty, unit string, layout int) string {
	if u == nil {
		return tNotComputed.String()
	}
	lo, hi := rangeText(u, layout)
	return fmt.Sprintf("%s–%s %s（P%s–P%s；%s %s；%s %d %s）", lo, hi, unit,
		formatNum(u.LowPercentile), formatNum(u.HighPercentile), tMedian.String(), FormatKgCO2e(u.MedianKgCO2e),
		tMonteCarlo.String(), u.Runs, tRuns.String())
}

// uncertaintyShort is the range as the label prints it: "P2.5–P97.5 470–561"
// (rangeText).
func uncertaintyShort(u *certification.CertificateUncertainty, layout int) string {
	lo, hi := rangeText(u, layout)
	return fmt.Sprintf("P%s–P%s %s–%s", formatNum(u.LowPercentile), formatNum(u.HighPercentile), lo, hi)
}

// cutOffText is the cut-off as the certificate prints it: "4.57 % 排放（筛选估算）
// of emissions (screening estimate) · 2 项 items · 限值 limit 5 %".
func cutOffText(co certification.CertificateCutOff) string {
	limit := tLimit.String() + " " + formatNum(co.LimitPct) + " %"
	if co.Basis == "" {
		return tNoCutOff.String() + " · " + limit
	}
	basis := lookup(cutOffBases, co.Basis)
	return fmt.Sprintf("%s %s · %d %s · %s", formatSharePct(co.SharePct), basis.String(), co.Items, tItems.String(), limit)
}

// slugRe matches a machine identifier (lower-case words joined by
// hyphens, as the electronics rule's stage codes "use", "end-of-life"): it
// says nothing the stage's names do not, so it is not printed. Short codes
// such as "A1" are.
var slugRe = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

// stageName is a stage's name as the stage table prints it.
func stageName(s certification.CertificateStage) string {
	if slugRe.MatchString(s.Code) {
		return names(s.NameZH, s.NameEN)
	}
	return strings.TrimSpace(s.Code + "  " + names(s.NameZH, s.NameEN))
}

// stageTable draws the footprint by stage as a table whose last column is a
// horizontal bar chart on one shared scale, with the total row below.
func (l *certLayout) stageTable() {
	d, c := l.d, l.c
	nameW, valW, shareW := certStageNameW, certStageValueW, certStageShareW
	x0 := certMargin
	xVal := x0 + nameW + valW   // right edge of the value column
	xShare := xVal + shareW     // right edge of the share column
	barX := xShare + certBarGap // chart area
	barW := certPageW - certMargin - barX

	lo, hi := 0.0, 0.0
	for _, s := range c.Stages {
		lo, hi = math.Min(lo, s.KgCO2e), math.Max(hi, s.KgCO2e)
	}
	span := hi - lo
	if span == 0 {
		span = 1
	}
	axis := barX + barW*(-lo/span) // x of zero

	rowH, base := l.m.stageRow, l.m.stageBase
	l.ensure(rowH*2 + 2)
	l.y += 1.5
	d.fill(x0, l.y, certContent, rowH, colBand)
	ty := l.y + rowH - 1.6
	d.text(x0+1, ty, certLabelSize, colMuted, tStage.String())
	d.textRight(xVal, ty, certLabelSize, colMuted, "kgCO2e")
	d.textRight(xShare, ty, certLabelSize, colMuted, tShare.String())
	d.text(barX, ty, certLabelSize, colMuted, tChart.String()+" (kgCO2e)")
	l.y += rowH

	for i, s := range c.Stages {
		f := fmt.Sprintf("stages[%d]", i)
		lines := d.wrap(stageName(s), certBodySize, nameW-2)
		h := math.Max(rowH, float64(len(lines))*l.m.line+1.2)
		l.ensure(h + rowH)
		ty := l.y + base
		for i, ln := range lines {
			d.value(fields(f+".code", f+".name_zh", f+".name_en"), x0+1, ty+float64(i)*l.m.line, certBodySize, colInk, ln)
		}
		d.valueRight(f+".kg_co2e", xVal, ty, certBodySize, colInk, FormatKgCO2e(s.KgCO2e))
		share := 0.0
		if c.KgCO2e != 0 {
			share = s.KgCO2e / c.KgCO2e * 100
		}
		d.valueRight(f+".kg_co2e", xShare, ty, certBodySize, colInk, formatPct(share))
		bw := barW * math.Abs(s.KgCO2e) / span
		col, bx := colBar, axis
		if s.KgCO2e < 0 {
			col, bx = colBarNeg, axis-bw
		}
		if bw > 0 {
			d.fill(bx, l.y+1.2, math.Max(bw, 0.3), rowH-2.4, col)
			d.tagLast(f + ".kg_co2e")
		}
		l.y += h
		d.line(x0, l.y, certPageW-certMargin, l.y, 0.15, colRule)
	}
	// Total row and the chart's scale.
	ty = l.y + base
	d.text(x0+1, ty, certBodySize, colInk, tTotal.String())
	d.valueRight(fieldTotal, xVal, ty, certBodySize, colInk, FormatKgCO2e(c.KgCO2e))
	d.textRight(xShare, ty, certBodySize, colInk, formatPct(100))
	d.line(axis, l.y-0.2, axis, l.y+1.2, 0.2, colMuted)
	d.textCenter(axis, ty, certSmallSize, colMuted, "0")
	if hi > 0 {
		d.line(barX+barW, l.y-0.2, barX+barW, l.y+1.2, 0.2, colMuted)
		d.valueRight("stages", barX+barW, ty, certSmallSize, colMuted, FormatKgCO2e(hi))
	}
	if lo < 0 {
		d.value("stages", barX, ty, certSmallSize, colMuted, FormatKgCO2e(lo))
	}
	l.y += rowH
	d.line(x0, l.y, certPageW-certMargin, l.y, 0.3, colAccent)
	l.y += 1
}

func (l *certLayout) methodSection() {
	c := l.c
	// The rule, and the standards it implements (the basis standards
	// first, then the rule's own sector guidance).
	rule := strings.TrimSpace(fmt.Sprintf("%s（%s，%s %s）", names(c.Rule.NameZH, c.Rule.NameEN), c.Rule.Code, tVersion.String(), c.Rule.Version))
	l.field(tRule, val{fields("rule.name_zh", "rule.name_en", "rule.code", "rule.version"), rule},
		val{"standards", tImplements.String() + "：" + strings.Join(c.Standards, "；")})
	du := c.DeclaredUnit
	l.pair(tDeclaredUnit, val{"declared_unit", fmt.Sprintf("%s %s（%s）", formatNum(du.Amount), names(du.LabelZH, du.LabelEN), du.Unit)},
		tPeriod, val{fields("period_start", "period_end"), c.PeriodStart.UTC().Format(dateLayout) + " – " + c.PeriodEnd.UTC().Format(dateLayout)})
	l.pair(tFactorSet, val{"factor_set", c.FactorSet}, tEngine, val{"engine_version", c.EngineVersion})
	l.field(tStudyID, val{"study_id", c.StudyID})
	approach := lookup(approachNames, c.Electricity.Approach)
	if l.layout < layoutV3 && c.Electricity.Approach == footprint.ElectricityNone {
		approach = noElectricityV2
	}
	if l.layout >= layoutV6 && c.Electricity.Approach == footprint.ElectricityNone {
		approach = noElectricityInProduction // the use stage may still be on the grid
	}
	elec := []val{{"electricity.approach", approach.String()}}
	if len(c.Electricity.GridFactors) > 0 {
		elec = append(elec, val{"electricity.grid_factors", tGridFactors.String() + ": " + strings.Join(c.Electricity.GridFactors, ", ")})
	}
	if u := c.UseScenario; u != nil && l.layout >= layoutV6 {
		// The approach and grid factors are production's: the use stage's
		// grid factor, which may carry most of the footprint, is named too.
		elec = append(elec, val{"use_scenario.factor", tUseStageGridFactor.String() + ": " + u.Factor})
	}
	l.field(tElectricity, elec...)
	var ins []val
	for i, in := range c.Electricity.Instruments {
		serial := in.Serial
		if in.SerialLast != "" { // a batch of green certificates: first – last
			serial += " – " + in.SerialLast
		}
		mwh := formatNum(in.MWh)
		if l.layout >= layoutV3 {
			mwh = groupThousands(mwh)
		}
		ins = append(ins, val{fmt.Sprintf("electricity.instruments[%d]", i), fmt.Sprintf("%s  %s  %s MWh", lookup(instrumentNames, in.Kind).String(), serial, mwh)})
	}
	var whole []val
	if len(ins) == 0 {
		ins = []val{{"electricity.instruments", tNone.String()}}
	} else if l.layout >= layoutV3 {
		// The MWh are the whole purchase, which the study spreads over the
		// site's output: a reader must not take them for one declared
		// unit's electricity (1,000 MWh on a certificate of one module).
		whole = []val{{fields("electricity.instruments", "declared_unit"),
			fmt.Sprintf(tInstrumentsWhole.zh, strings.TrimPrefix(du.PerZH(), "kgCO2e/")) + " " + fmt.Sprintf(tInstrumentsWhole.en, perEN(du, l.layout))}}
	}
	l.annotatedField(tInstruments, ins, whole)
	dqr := tNotRated.String()
	switch {
	case c.DQR > 0 && l.layout >= layoutV4:
		// Rounded up, so that the figure never reads a better level
		// than the study's, and the level said in words (which say what
		// the scale's direction is, as the note of layout 3 did); from
		// format 5 with the share of the total it covers: a DQR of a
		// small rated part is no rating of the footprint (red team 8).
		dqr = c.PrintedDQR()
	case c.DQR > 0:
		dqr = fmt.Sprintf("DQR %s（%s）", strconv.FormatFloat(c.DQR, 'f', 1, 64), tDQRNote.String())
	}
	primary := val{"primary_data_share_pct", formatPct(c.PrimaryDataSharePct)}
	if c.Format < 5 { // a format-5 document is of layout 4 or later (minLayout)
		l.pair(tQuality, val{"dqr", dqr}, tPrimary, primary)
	} else { // the DQR with its coverage, a line of its own
		l.field(tQuality, dqrLines(c, dqr, l.layout)...)
		l.field(tPrimary, primary)
	}
	if c.Format >= 3 {
		l.factorTable()
	}
}

// factorTable draws the factors a format-3 certificate names (the largest
// contributors and every grid factor): code and names, the set they came
// from, their share of the total, their grade and source locator; then
// what share they cover together and the grade legend. From layout 3 on,
// the heading and header stay with the first row, the closing note with
// the last row, and each note (Chinese and English) is kept whole on one
// page.
func (l *certLayout) factorTable() {
	d, c, m := l.d, l.c, l.m
	x0 := certMargin
	xSet := x0 + certFactorNameW
	xShare := xSet + certFactorSetW + certFactorShareW // right edge of the share column
	xGrade := xShare + certFactorGradeW/2              // centre of the grade column
	xSource := xShare + certFactorGradeW
	rowH, base := m.stageRow, m.stageBase

	type line struct{ field, s string }
	type row struct {
		left       []line
		set, right []string
		h          float64
	}
	rows := make([]row, len(c.Factors))
	covered := 0.0
	for i, f := range c.Factors {
		p := fmt.Sprintf("factors[%d]", i)
		head, field := f.Code, fields(p+".code", p+".grid")
		switch {
		case f.Grid:
			head += "  " + tGridFactor.String()
		case useGrid(c, f, l.layout):
			// The use stage's grid factor, which the signed list does not
			// tag (Grid is production's): tagged from the use scenario, the
			// tag on a line of its own when it does not fit the code's.
			field = fields(p+".code", p+".grid", "use_scenario.factor")
			if tag := tUseStageGrid.String(); d.width(head+"  "+tag, certBodySize) > certFactorNameW-2 {
				head += "\n" + tag
			} else {
				head += "  " + tag
			}
		}
		rw := &rows[i]
		for _, h := range strings.Split(head, "\n") {
			for _, s := range d.wrap(h, certBodySize, certFactorNameW-2) {
				rw.left = append(rw.left, line{field, s})
			}
		}
		for _, s := range d.wrap(d.printable(names(f.NameZH, f.NameEN)), certBodySize, certFactorNameW-2) {
			rw.left = append(rw.left, line{fields(p+".name_zh", p+".name_en"), s})
		}
		src := d.printable(f.Source)
		if src == "" {
			src = "—"
		}
		rw.right = d.wrap(src, certSmallSize, certContent-(xSource-x0)-1)
		rw.set = d.wrap(f.Set, certSmallSize, certFactorSetW-2)
		rw.h = math.Max(rowH, math.Max(float64(len(rw.left))*m.line, float64(max(len(rw.right), len(rw.set)))*m.smallLine)+1.2)
		covered += f.SharePct
	}
	// The notes below the table, each a paragraph in Chinese and English.
	rule := tFactorsRule
	if c.UseScenario != nil && l.layout >= layoutV6 {
		// The signed list names every grid factor of production; the use
		// stage's is named in the use scenario, and tagged where listed.
		rule = tFactorsRuleUse
	}
	var notes [][]line
	for _, n := range []struct {
		field string
		zh    string
		en    string
	}{
		{"factors", fmt.Sprintf("%s %s。%s", tFactorsCover.zh, formatSharePct(covered), rule.zh), fmt.Sprintf("%s %s %s", tFactorsCover.en, formatSharePct(covered), rule.en)},
		{"", tGradeLegend.zh, tGradeLegend.en},
	} {
		var para []line
		for _, s := range append(d.wrap(n.zh, certSmallSize, certContent), d.wrap(n.en, certSmallSize, certContent)...) {
			para = append(para, line{n.field, s})
		}
		notes = append(notes, para)
	}
	keep := l.layout >= layoutV3
	noteH := func(i int) float64 { return float64(len(notes[i])) * m.smallLine }

	head := l.m.headH + rowH*2 + 2
	if keep && len(rows) > 0 {
		head = 1 + m.labelLine + 1.2 + rowH + rows[0].h
		if len(rows) == 1 {
			head += 0.5 + noteH(0)
		}
	}
	l.ensure(head)
	l.y += 1
	d.text(x0, l.y+3.2, certLabelSize, colMuted, tFactors.String())
	l.y += m.labelLine + 1.2
	header := func() {
		d.fill(x0, l.y, certContent, rowH, colBand)
		ty := l.y + rowH - 1.6
		d.text(x0+1, ty, certLabelSize, colMuted, tFactor.String())
		d.text(xSet+1, ty, certLabelSize, colMuted, tSet.String())
		d.textRight(xShare, ty, certLabelSize, colMuted, tShare.String())
		d.textCenter(xGrade, ty, certLabelSize, colMuted, tGrade.String())
		d.text(xSource+1, ty, certLabelSize, colMuted, tSource.String())
		l.y += rowH
	}
	header()

	for i, f := range c.Factors {
		p := fmt.Sprintf("factors[%d]", i)
		rw := rows[i]
		if !keep {
			l.ensure(rw.h)
		} else {
			// The last row keeps the closing note with it; a row on a new
			// page comes under the header again.
			h := rw.h
			if i == len(rows)-1 {
				h += 0.5 + noteH(0)
			}
			pages := len(d.pages)
			if l.ensure(h); len(d.pages) > pages {
				header()
			}
		}
		ty := l.y + base
		for j, ln := range rw.left {
			d.value(ln.field, x0+1, ty+float64(j)*m.line, certBodySize, colInk, ln.s)
		}
		for j, s := range rw.set {
			d.value(p+".set", xSet+1, ty+float64(j)*m.smallLine, certSmallSize, colInk, s)
		}
		d.valueRight(p+".share_pct", xShare, ty, certBodySize, colInk, formatSharePct(f.SharePct))
		grade := f.Grade
		if grade == "" {
			grade = "—"
		}
		d.value(p+".grade", xGrade-d.width(grade, certBodySize)/2, ty, certBodySize, colInk, grade)
		for j, s := range rw.right {
			d.value(p+".source", xSource+1, ty+float64(j)*m.smallLine, certSmallSize, colInk, s)
		}
		l.y += rw.h
		d.line(x0, l.y, certPageW-certMargin, l.y, 0.15, colRule)
	}
	l.y += 0.5
	for i, para := range notes {
		if keep {
			l.ensure(noteH(i))
		}
		for _, ln := range para {
			l.ensure(m.smallLine)
			d.value(ln.field, x0, l.y+2.4, certSmallSize, colMuted, ln.s)
			l.y += m.smallLine
		}
	}
	l.y += 0.5
}

func (l *certLayout) certifySection(keyID string, sig []byte, verifyURL string) {
	d, c, m := l.d, l.c, l.m
	const sealW, sealH = 46.0, 17.0
	l.ensure(sealH + 2)
	top := l.y
	sealX := certPageW - certMargin - sealW
	d.stroke(sealX, top+1, sealW, sealH, 0.3, colRule)
	d.textCenter(sealX+sealW/2, top+sealH-5, certSmallSize, colMuted, tSeal.zh)
	d.textCenter(sealX+sealW/2, top+sealH-2, certSmallSize, colMuted, tSeal.en)

	w := sealX - certMargin - certLabelW - 4
	y := top + 4
	block := func(label bilingual, values ...val) {
		d.text(certMargin, y, certLabelSize, colMuted, label.String())
		first := true
		for _, v := range values {
			for _, s := range d.wrap(v.s, certBodySize, w) {
				if !first {
					y += m.line
				}
				first = false
				d.value(v.field, certMargin+certLabelW, y, certBodySize, colInk, s)
			}
		}
		y += m.line + m.blockGap
	}
	// The approval number on a line of its own, so that it is never split.
	block(tCertifier, val{fields("certifier.name_zh", "certifier.name_en"), names(c.Certifier.NameZH, c.Certifier.NameEN)},
		val{"certifier.approval_number", tApproval.String() + " " + c.Certifier.ApprovalNumber})
	if c.Certifier.Signatory != "" {
		block(tSignatory, val{"certifier.signatory", c.Certifier.Signatory})
	}
	y += m.signGap
	d.text(certMargin, y, certLabelSize, colMuted, tSignHere.String())
	d.line(certMargin+certLabelW, y+0.6, certMargin+certLabelW+45, y+0.6, 0.25, colInk)
	d.text(certMargin+certLabelW+50, y, certLabelSize, colMuted, tDate.String())
	d.value(fieldIssued, certMargin+certLabelW+50+d.width(tDate.String(), certLabelSize)+2, y, certBodySize, colInk, FormatDate(c.IssuedAt))
	l.y = math.Max(y+1, top+sealH+1.5)

	// The digital signature: what an offline verifier needs.
	lines := []struct {
		label bilingual
		v     val
	}{
		{tSigValue, val{"signature", base64.RawURLEncoding.EncodeToString(sig)}},
		{tDigest, val{"result_digest", c.ResultDigest}},
	}
	offline := "pcf verify FILE.pdf --key KEYS.json（" + tEmbedded.zh + "；" + tEmbedded.en + "）"
	if c.Format >= 2 {
		// What a buyer recomputes the result from (docs/certificates.md).
		lines = append(lines, []struct {
			label bilingual
			v     val
		}{
			{tStudyDigest, val{"study_digest", c.StudyDigest}},
			{tSetDigest, val{"factor_set_digest", c.FactorSetDigest}},
			{tSuppliersDigest, val{"suppliers_digest", c.SuppliersDigest}},
		}...)
		offline = "pcf verify FILE.pdf --key KEYS.json [--study STUDY.json --factors SET.csv]（" + tEmbedded.zh + "；" + tEmbedded.en + "）"
	}
	lines = append(lines, []struct {
		label bilingual
		v     val
	}{
		{tVerifyOnline, val{fieldVerifyURL, verifyURL}},
		{tVerifyOff, val{"", offline}},
	}...)
	step := m.smallLine + m.smallGap
	l.ensure(float64(len(lines)+1) * step)
	y = l.y + m.digestsTop
	d.text(certMargin, y, certSmallSize, colMuted, tKeyID.String())
	d.value(fieldKeyID, certMargin+certLabelW, y, certSmallSize, colInk, keyID)
	d.text(certMargin+certLabelW+d.width(keyID, certSmallSize)+3, y, certSmallSize, colMuted, tDigitalSig.String()+" Ed25519 (RFC 8032)")
	y += step
	for _, ln := range lines {
		d.text(certMargin, y, certSmallSize, colMuted, ln.label.String())
		for i, s := range d.wrap(ln.v.s, certSmallSize, certContent-certLabelW) {
			if i > 0 {
				y += m.smallLine
			}
			d.value(ln.v.field, certMargin+certLabelW, y, certSmallSize, colInk, s)
		}
		y += step
	}
	l.y = y
}

// footers numbers the pages and, on a certificate that was not valid at
// download, repeats its status at the foot of every page.
func (l *certLayout) footers() {
	n := len(l.d.pages)
	var status string
	if l.status != certification.CertificateValid {
		status = fmt.Sprintf("%s %s（%s）", tStatus.String(), lookup(statusNames, l.status).String(), tAtDownload.String())
	}
	for i := range l.d.pages {
		s := fmt.Sprintf("%s · %s %d/%d", l.c.Number, tPage.String(), i+1, n)
		l.d.pages[i] = append(l.d.pages[i], op{kind: opText, x: certPageW - certMargin - l.d.width(s, certSmallSize), y: certPageH - 8,
			size: certSmallSize, col: colMuted, s: s, field: fieldNumber})
		if status != "" {
			l.d.pages[i] = append(l.d.pages[i], op{kind: opText, x: certMargin, y: certPageH - 8, size: certLabelSize, col: colAlert, s: status, field: fieldStatus})
		}
		for _, r := range s + status {
			l.d.runes[r] = true
		}
	}
}

// fields joins canonical field names for val.field.
func fields(names ...string) string { return strings.Join(names, " ") }

// useGrid reports whether f is the grid factor of c's use scenario, which
// layout 6 tags in the factor table.
func useGrid(c *certification.Certificate, f certification.CertificateFactor, layout int) bool {
	return layout >= layoutV6 && c.UseScenario != nil && f.Code == c.UseScenario.Factor
}

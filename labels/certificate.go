package labels

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// certLayout lays out the A4 certificate top to bottom, starting a new
// page when the next block would pass certBottom.
type certLayout struct {
	d *drawing
	c *footprint.Certificate
	y float64 // top of the next block
}

func (r *Renderer) layoutCertificate(c *footprint.Certificate, keyID string, sig []byte, status footprint.CertificateStatus, verifyURL string, code *qrCode) *drawing {
	l := &certLayout{d: newDrawing(r.font, certPageW, certPageH), c: c, y: certTop}
	l.header(status, code)
	l.holderSection()
	l.resultSection()
	l.methodSection()
	l.certifySection(keyID, sig, verifyURL)
	l.footers()
	return l.d
}

// ensure starts a new page unless h mm fit above the bottom margin.
func (l *certLayout) ensure(h float64) {
	if l.y+h <= certBottom {
		return
	}
	l.d.newPage()
	l.y = certTop
	l.d.text(certMargin, l.y+3, certLabelSize, colMuted,
		fmt.Sprintf("%s %s · %s（%s %s）", tCertTitle.zh, tCertTitle.en, l.c.Number, tContinued.zh, tContinued.en))
	l.d.line(certMargin, l.y+5, certPageW-certMargin, l.y+5, 0.3, colAccent)
	l.y += 9
}

// header draws the title, the QR code and the identity block.
func (l *certLayout) header(status footprint.CertificateStatus, code *qrCode) {
	d, c := l.d, l.c
	top := l.y
	d.fill(0, 0, certPageW, 5, colAccent)
	d.text(certMargin, top+9, certTitleSize, colAccent, tCertTitle.zh)
	d.text(certMargin+d.width(tCertTitle.zh, certTitleSize)+4, top+9, certSubtitleSize, colAccent, tCertTitle.en)

	qx := certPageW - certMargin - certQRSize
	d.qrCode(qx, top-2, certQRSize, code)
	d.textCenter(qx+certQRSize/2, top+certQRSize+1.5, certSmallSize, colMuted, tScanToVerify.String())

	y := top + 16.5
	labelW := 32.0
	const rowH = 4.8
	row := func(label bilingual, value string, size float64, col rgb) {
		d.text(certMargin, y, certLabelSize, colMuted, label.String())
		d.text(certMargin+labelW, y, size, col, value)
		y += rowH
	}
	row(tNumber, c.Number, 11, colInk)
	row(tID, c.ID.String(), certBodySize, colInk)
	sup := "—"
	if [16]byte(c.Supersedes) != [16]byte{} { // uuid.Nil, without importing uuid (STYLE.md §2.1)
		sup = c.Supersedes.String()
	}
	d.text(certMargin, y, certLabelSize, colMuted, tRevision.String())
	d.text(certMargin+labelW, y, certBodySize, colInk, strconv.Itoa(c.Revision))
	d.text(certMargin+labelW+12, y, certLabelSize, colMuted, tSupersedes.String())
	d.text(certMargin+labelW+12+d.width(tSupersedes.String(), certLabelSize)+2, y, certBodySize, colInk, sup)
	y += rowH
	st := lookup(statusNames, status)
	d.text(certMargin, y, certLabelSize, colMuted, tStatus.String())
	d.text(certMargin+labelW, y, certBodySize, colInk, st.String())
	d.text(certMargin+labelW+d.width(st.String(), certBodySize)+2, y, certSmallSize, colMuted, "（"+tStatusNote.zh+"；"+tStatusNote.en+"）")
	y += rowH
	// Validity: issue date and expiry, both key fields.
	d.text(certMargin, y, certLabelSize, colMuted, tIssued.String())
	d.text(certMargin+labelW, y, certBodySize, colInk, c.IssuedAt.Format(dateLayout))
	x := certMargin + labelW + 28
	d.text(x, y, certLabelSize, colMuted, tValidUntil.String())
	d.text(x+d.width(tValidUntil.String(), certLabelSize)+2, y, certBodySize, colInk, c.ExpiresAt.Format(dateLayout))
	l.y = math.Max(y+1.8, top+certQRSize+3)
	d.line(certMargin, l.y, certPageW-certMargin, l.y, 0.5, colAccent)
	l.y += 2
}

// section draws a numbered section heading.
// keep is the height of the first block after the heading, kept on the
// same page as the heading.
func (l *certLayout) section(title bilingual, keep float64) {
	l.ensure(7.3 + keep)
	l.y += 2
	l.d.text(certMargin, l.y+3.5, certHeadSize, colAccent, title.zh+"  "+title.en)
	l.y += 4.5
	l.d.line(certMargin, l.y, certPageW-certMargin, l.y, 0.2, colRule)
	l.y += 0.8
}

// field draws a label and a value of one or more lines, each wrapped to
// the value column. The label is "中文 English" on one line, or Chinese over
// English when that is too wide.
func (l *certLayout) field(label bilingual, values ...string) {
	w := certContent - certLabelW
	var lines []string
	for _, v := range values {
		lines = append(lines, l.d.wrap(v, certBodySize, w)...)
	}
	labels := []string{label.String()}
	if l.d.width(label.String(), certLabelSize) > certLabelW-2 {
		labels = []string{label.zh, label.en}
	}
	h := math.Max(float64(len(lines))*certLine, float64(len(labels))*certSmallLine+0.9) + 0.8
	l.ensure(h)
	y := l.y + 3.2
	for i, s := range labels {
		l.d.text(certMargin, y+float64(i)*certSmallLine, certLabelSize, colMuted, s)
	}
	for i, s := range lines {
		l.d.text(certMargin+certLabelW, y+float64(i)*certLine, certBodySize, colInk, s)
	}
	l.y += h
}

// pair draws two short fields side by side; the left one keeps the value
// column of full-width fields.
func (l *certLayout) pair(labelA bilingual, valueA string, labelB bilingual, valueB string) {
	const labelW = certPairLabelW
	split := certPageW - certMargin - certPairRightW // left edge of the right field
	wrapA := l.d.wrap(valueA, certBodySize, split-certMargin-certLabelW-2)
	wrapB := l.d.wrap(valueB, certBodySize, certPairRightW-labelW)
	labA, labB := []string{labelA.String()}, []string{labelB.String()}
	if l.d.width(labelA.String(), certLabelSize) > certLabelW-2 {
		labA = []string{labelA.zh, labelA.en}
	}
	if l.d.width(labelB.String(), certLabelSize) > labelW-2 {
		labB = []string{labelB.zh, labelB.en}
	}
	n := math.Max(float64(len(wrapA)), float64(len(wrapB)))
	nl := math.Max(float64(len(labA)), float64(len(labB)))
	h := math.Max(n*certLine, nl*certSmallLine+0.9) + 0.8
	l.ensure(h)
	y := l.y + 3.2
	for _, col := range []struct {
		x, labelW float64
		labels    []string
		lines     []string
	}{{certMargin, certLabelW, labA, wrapA}, {split, labelW, labB, wrapB}} {
		for i, s := range col.labels {
			l.d.text(col.x, y+float64(i)*certSmallLine, certLabelSize, colMuted, s)
		}
		for i, s := range col.lines {
			l.d.text(col.x+col.labelW, y+float64(i)*certLine, certBodySize, colInk, s)
		}
	}
	l.y += h
}

func (l *certLayout) holderSection() {
	c := l.c
	l.section(tSecHolder, 12)
	party := func(p footprint.CertificateParty) []string {
		return nonEmpty(p.NameZH, p.NameEN, p.Address)
	}
	l.field(tHolder, party(c.Holder)...)
	if c.Manufacturer == c.Holder {
		l.field(tManufacturer, tSameAsHolder.String())
	} else {
		l.field(tManufacturer, party(c.Manufacturer)...)
	}
	var sites []string
	for _, s := range c.Sites {
		sites = append(sites, names(s.NameZH, s.NameEN), s.Address)
	}
	l.field(tSites, sites...)
	l.field(tProduct, nonEmpty(c.Product.NameZH, c.Product.NameEN)...)
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
	l.pair(tModel, c.Product.Model, tCodes, strings.Join(codes, "   "))
}

func (l *certLayout) resultSection() {
	d, c := l.d, l.c
	l.section(tSecResult, 12)

	// The headline figure, and the statement that nothing is offset.
	l.ensure(10)
	y := l.y + 8
	d.text(certMargin, y-4.2, certLabelSize, colMuted, tFootprint.String())
	total := FormatKgCO2e(c.KgCO2e)
	d.text(certMargin+certLabelW, y, certTotalSize, colAccent, total)
	x := certMargin + certLabelW + d.width(total, certTotalSize) + 2.5
	unitZH := unitPerZH(c.DeclaredUnit)
	d.text(x, y, 11, colInk, unitZH)
	d.text(x+d.width(unitZH, 11)+2.5, y, certBodySize, colMuted, unitPerEN(c.DeclaredUnit))
	d.textRight(certPageW-certMargin, y-4.2, certSmallSize, colMuted, tNoOffsets.zh)
	d.textRight(certPageW-certMargin, y-1.2, certSmallSize, colMuted, tNoOffsets.en)
	l.y += 10

	b := lookup(boundaryNames, c.Boundary)
	note := lookup(boundaryNotes, c.Boundary)
	var per []string
	for _, u := range c.PerUnit {
		per = append(per, strings.TrimSpace(fmt.Sprintf("%s kgCO2e/%s  %s", FormatKgCO2e(u.KgCO2e), u.Unit, names(u.LabelZH, u.LabelEN))))
	}
	if len(per) == 0 {
		per = []string{tNone.String()}
	}
	l.field(tBoundary, fmt.Sprintf("%s %s（%s %s）", b.zh, b.en, note.zh, note.en))
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
	l.field(tFossilBio, fmt.Sprintf("%s %s · %s %s · %s %s", tFossil.String(), kg(c.FossilKgCO2e), tBiogenic.String(), kg(c.BiogenicKgCO2e),
		tPackaging.String(), pack.String()))
	l.stageTable()
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

	rowH := certStageRow
	l.ensure(rowH*2 + 2)
	l.y += 1.5
	d.fill(x0, l.y, certContent, rowH, colBand)
	ty := l.y + rowH - 1.6
	d.text(x0+1, ty, certLabelSize, colMuted, tStage.String())
	d.textRight(xVal, ty, certLabelSize, colMuted, "kgCO2e")
	d.textRight(xShare, ty, certLabelSize, colMuted, tShare.String())
	d.text(barX, ty, certLabelSize, colMuted, tChart.String()+" (kgCO2e)")
	l.y += rowH

	for _, s := range c.Stages {
		name := strings.TrimSpace(s.Code + "  " + names(s.NameZH, s.NameEN))
		lines := d.wrap(name, certBodySize, nameW-2)
		h := math.Max(rowH, float64(len(lines))*certLine+1.2)
		l.ensure(h + rowH)
		ty := l.y + 3.7
		for i, ln := range lines {
			d.text(x0+1, ty+float64(i)*certLine, certBodySize, colInk, ln)
		}
		d.textRight(xVal, ty, certBodySize, colInk, FormatKgCO2e(s.KgCO2e))
		share := 0.0
		if c.KgCO2e != 0 {
			share = s.KgCO2e / c.KgCO2e * 100
		}
		d.textRight(xShare, ty, certBodySize, colInk, formatPct(share))
		bw := barW * math.Abs(s.KgCO2e) / span
		col, bx := colBar, axis
		if s.KgCO2e < 0 {
			col, bx = colBarNeg, axis-bw
		}
		if bw > 0 {
			d.fill(bx, l.y+1.2, math.Max(bw, 0.3), rowH-2.4, col)
		}
		l.y += h
		d.line(x0, l.y, certPageW-certMargin, l.y, 0.15, colRule)
	}
	// Total row and the chart's scale.
	ty = l.y + 3.7
	d.text(x0+1, ty, certBodySize, colInk, tTotal.String())
	d.textRight(xVal, ty, certBodySize, colInk, FormatKgCO2e(c.KgCO2e))
	d.textRight(xShare, ty, certBodySize, colInk, formatPct(100))
	d.line(axis, l.y-0.2, axis, l.y+1.2, 0.2, colMuted)
	d.textCenter(axis, ty, certSmallSize, colMuted, "0")
	if hi > 0 {
		d.line(barX+barW, l.y-0.2, barX+barW, l.y+1.2, 0.2, colMuted)
		d.textRight(barX+barW, ty, certSmallSize, colMuted, FormatKgCO2e(hi))
	}
	if lo < 0 {
		d.text(barX, ty, certSmallSize, colMuted, FormatKgCO2e(lo))
	}
	l.y += rowH
	d.line(x0, l.y, certPageW-certMargin, l.y, 0.3, colAccent)
	l.y += 1
}

func (l *certLayout) methodSection() {
	c := l.c
	l.section(tSecMethod, 10)
	rule := fmt.Sprintf("%s（%s，%s %s）", names(c.Rule.NameZH, c.Rule.NameEN), c.Rule.Code, tVersion.String(), c.Rule.Version)
	l.field(tRule, strings.TrimPrefix(rule, " "))
	l.field(tStandards, strings.Join(c.Standards, "；"))
	du := c.DeclaredUnit
	l.pair(tDeclaredUnit, fmt.Sprintf("%s %s（%s）", formatNum(du.Amount), names(du.LabelZH, du.LabelEN), du.Unit),
		tPeriod, c.PeriodStart.Format(dateLayout)+" – "+c.PeriodEnd.Format(dateLayout))
	l.pair(tFactorSet, fmt.Sprintf("%s    %s %s", c.FactorSet, tEngine.String(), c.EngineVersion), tStudyID, c.StudyID)
	elec := []string{lookup(approachNames, c.Electricity.Approach).String()}
	if len(c.Electricity.GridFactors) > 0 {
		elec = append(elec, tGridFactors.String()+": "+strings.Join(c.Electricity.GridFactors, ", "))
	}
	l.field(tElectricity, elec...)
	var ins []string
	for _, in := range c.Electricity.Instruments {
		ins = append(ins, fmt.Sprintf("%s  %s  %s MWh", lookup(instrumentNames, in.Kind).String(), in.Serial, formatNum(in.MWh)))
	}
	if len(ins) == 0 {
		ins = []string{tNone.String()}
	}
	l.field(tInstruments, ins...)
	dqr := tNotRated.String()
	if c.DQR > 0 {
		dqr = fmt.Sprintf("DQR %s（%s）", strconv.FormatFloat(c.DQR, 'f', 1, 64), tDQRNote.String())
	}
	l.pair(tQuality, dqr, tPrimary, formatPct(c.PrimaryDataSharePct))
}

func (l *certLayout) certifySection(keyID string, sig []byte, verifyURL string) {
	d, c := l.d, l.c
	l.section(tSecCertify, 22)
	const sealW, sealH = 46.0, 22.0
	l.ensure(sealH + 2)
	top := l.y
	sealX := certPageW - certMargin - sealW
	d.stroke(sealX, top+1, sealW, sealH, 0.3, colRule)
	d.textCenter(sealX+sealW/2, top+sealH-5, certSmallSize, colMuted, tSeal.zh)
	d.textCenter(sealX+sealW/2, top+sealH-2, certSmallSize, colMuted, tSeal.en)

	w := sealX - certMargin - certLabelW - 4
	y := top + 4
	block := func(label bilingual, value string, size float64) {
		d.text(certMargin, y, certLabelSize, colMuted, label.String())
		for i, s := range d.wrap(value, size, w) {
			d.text(certMargin+certLabelW, y+float64(i)*certLine, size, colInk, s)
			if i > 0 {
				y += certLine
			}
		}
		y += certLine + 0.8
	}
	block(tCertifier, names(c.Certifier.NameZH, c.Certifier.NameEN)+"（"+tApproval.String()+" "+c.Certifier.ApprovalNumber+"）", certBodySize)
	if c.Certifier.Signatory != "" {
		block(tSignatory, c.Certifier.Signatory, certBodySize)
	}
	y += 1.5
	d.text(certMargin, y, certLabelSize, colMuted, tSignHere.String())
	d.line(certMargin+certLabelW, y+0.6, certMargin+certLabelW+45, y+0.6, 0.25, colInk)
	d.text(certMargin+certLabelW+50, y, certLabelSize, colMuted, tDate.String())
	d.text(certMargin+certLabelW+50+d.width(tDate.String(), certLabelSize)+2, y, certBodySize, colInk, c.IssuedAt.Format(dateLayout))
	l.y = math.Max(y+1, top+sealH+1.5)

	// The digital signature: what an offline verifier needs.
	lines := [][2]string{
		{tSigValue.String(), base64.RawURLEncoding.EncodeToString(sig)},
		{tDigest.String(), c.ResultDigest},
		{tVerifyOnline.String(), verifyURL},
		{tVerifyOff.String(), "pcf verify FILE.pdf --key KEYS.json（" + tEmbedded.zh + "；" + tEmbedded.en + "）"},
	}
	l.ensure(5 * (certSmallLine + 0.3))
	y = l.y + 3
	d.text(certMargin, y, certSmallSize, colMuted, tKeyID.String())
	d.text(certMargin+certLabelW, y, certSmallSize, colInk, keyID)
	d.text(certMargin+certLabelW+d.width(keyID, certSmallSize)+3, y, certSmallSize, colMuted, tDigitalSig.String()+" Ed25519 (RFC 8032)")
	y += certSmallLine + 0.3
	for _, ln := range lines {
		d.text(certMargin, y, certSmallSize, colMuted, ln[0])
		for i, s := range d.wrap(ln[1], certSmallSize, certContent-certLabelW) {
			if i > 0 {
				y += certSmallLine
			}
			d.text(certMargin+certLabelW, y, certSmallSize, colInk, s)
		}
		y += certSmallLine + 0.3
	}
	l.y = y
}

// footers numbers the pages.
func (l *certLayout) footers() {
	n := len(l.d.pages)
	for i := range l.d.pages {
		l.d.pages[i] = append(l.d.pages[i], op{kind: opText, x: 0, y: certPageH - 8, size: certSmallSize, col: colMuted,
			s: fmt.Sprintf("%s · %s %d/%d", l.c.Number, tPage.String(), i+1, n)})
		o := &l.d.pages[i][len(l.d.pages[i])-1]
		o.x = certPageW - certMargin - l.d.width(o.s, certSmallSize)
		for _, r := range o.s {
			l.d.runes[r] = true
		}
	}
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

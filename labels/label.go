package labels

import (
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// layoutLabel lays out the 60 × 40 mm on-pack label (reference/standards.md
// §7.1): the footprint with its unit and declared unit, the boundary, the
// product model, the certificate number and certification body, the QR code
// to the verification page, and an empty frame where the certification
// body's mark goes; for a format-2 certificate, the Monte Carlo range with
// its percentiles under the figure, and the cut-off share. It is black on white so it prints on
// any packaging.
func (r *Renderer) layoutLabel(c *certification.Certificate, layout int, code *qrCode) *drawing {
	d := newDrawing(r.font, labelW, labelH)
	m := labelMargin
	d.stroke(0.4, 0.4, labelW-0.8, labelH-0.8, 0.3, colBlack)

	qx := labelW - m - labelQRSize
	d.qrCode(qx, m, labelQRSize, code)
	my, mh := m+labelQRSize+1.2, labelMarkH
	if layout >= layoutV9 { // the host the QR code leads to, under it; the frame ends where it did
		my = labelHost(d, code, qx)
		mh = m + labelQRSize + 1.2 + labelMarkH - my
	}
	d.stroke(qx, my, labelQRSize, mh, 0.2, colMuted)
	d.textCenter(qx+labelQRSize/2, my+mh/2-0.4, 3.6, colMuted, tMark.zh)
	d.textCenter(qx+labelQRSize/2, my+mh/2+1.6, 3.0, colMuted, tMark.en)

	x, w := labelTextColumn()
	y := m + 2.8
	// Title, then the figure: the title is the key-field label of the total.
	d.text(x, y, fit(d, tLabelTitle.String(), labelTitleSize, 4, w), colBlack, tLabelTitle.String())
	y += 7.2
	total := FormatKgCO2e(c.KgCO2e)
	size := fit(d, total, labelValueSize, 9, w*0.62)
	d.value(fieldTotal, x, y, size, colBlack, total)
	unit := c.DeclaredUnit.PerZH()
	ux := x + d.width(total, size) + 1
	d.value("declared_unit", ux, y, fit(d, unit, labelUnitSize, 3.5, x+w-ux), colBlack, unit)
	y += 3.4
	en := perEN(c.DeclaredUnit, layout)
	enSize := fit(d, en, labelTextSize, 3.5, w)
	d.value("declared_unit", x, y, enSize, colInk, en)
	// A format-2 certificate whose study cut items off states their
	// share, right of the unit's English words.
	if co := c.CutOff; co.Basis != "" {
		cx := x + d.width(en, enSize) + 2
		v := tCutOffShort.zh + " " + tCutOffShort.en + " " + formatSharePct(co.SharePct)
		d.value("cut_off", cx, y, fit(d, v, labelTextSize-0.6, 3, x+w-cx), colInk, v)
	}

	// A format-2 certificate with a Monte Carlo range prints it, with its
	// percentiles, on a line of its own below the figure; the lines below
	// close up to make room for it.
	gaps := [3]float64{4.2, 3.8, 4.4}
	if u := c.Uncertainty; u != nil {
		y += 3.3
		r := tRange.zh + " " + tRange.en
		rs := fit(d, r, labelTextSize-0.4, 3, w)
		d.text(x, y, rs, colInk, r)
		vx := x + d.width(r, rs) + 1
		v := uncertaintyShort(u, layout) + " kgCO2e"
		d.value("uncertainty", vx, y, fit(d, v, labelTextSize-0.2, 3, x+w-vx), colBlack, v)
		gaps = [3]float64{3.6, 3.5, 3.9}
	}

	y += gaps[0]
	b := lookup(boundaryNames, c.Boundary).String()
	d.value("boundary", x, y, fit(d, b, labelTextSize+0.4, 3.5, w), colBlack, b)
	y += gaps[1]
	size, model := fitLabelModel(d, c.Product.Model, w)
	d.value("product.model", x, y, size, colInk, model)

	y += gaps[2]
	d.text(x, y, fit(d, tNumber.String(), 4.2, 3, w), colInk, tNumber.String())
	y += 2.9
	d.value(fieldNumber, x, y, fit(d, c.Number, labelNumSize, 3.5, w), colBlack, c.Number)
	if layout >= layoutV7 {
		labelCertifier(d, c, x, y, labelW-m-0.6-x)
		return d
	}
	y += 3.6
	// The certification body under its caption, which layout 2 printed
	// in Chinese only.
	caption := tLabelCert.String()
	if layout < layoutV3 {
		caption = tLabelCert.zh
	}
	size, cb := fitText(d, caption+" "+names(c.Certifier.NameZH, c.Certifier.NameEN), 4.2, 2.6, labelW-m-0.6-x)
	d.value(fields("certifier.name_zh", "certifier.name_en"), x, y, size, colInk, cb)
	return d
}

// checkLabelCertifier returns EINVALID, naming the certification body's
// Chinese name (its English name when it has none), if the label would
// cut the body's names short (labelCertifier): a reader would read a
// prefix of them. Certificates issued before render as they did, the
// approval number whole.
func (r *Renderer) checkLabelCertifier(c *certification.Certificate) error {
	field := "certifier.name_zh"
	if c.Certifier.NameZH == "" {
		field = "certifier.name_en"
	}
	return r.certifierOnLabel(c, field, "标签", "the label", "请运营方为该机构登记较短的名称",
		"ask the operator to register shorter names for the body (its Chinese name, or its organisation name)")
}

// certifierOnLabel returns EINVALID naming field if the label would print
// c's certification body only in part, or whole only in type smaller than
// labelCertLegible; the message names the label and asks for shorter
// names in the words given.
func (r *Renderer) certifierOnLabel(c *certification.Certificate, field, labelZH, labelEN, askZH, askEN string) error {
	shown, size, ok := r.labelCertifierWhole(c)
	switch {
	case ok && size >= labelCertLegible:
		return nil
	case ok:
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"认证机构的名称过长,%[3]s只能以 %[1]s 磅的小字印出(最小 %[2]s 磅,印刷后才可辨认批准号和名称):%[5]s。the certification body's names are too long for %[4]s, which could print them only in %[1]s pt type (at least %[2]s pt, for its names and approval number to be read once printed): %[6]s",
			strconv.FormatFloat(size, 'f', 1, 64), strconv.FormatFloat(labelCertLegible, 'f', 1, 64), labelZH, labelEN, askZH, askEN)
	}
	return footprint.FieldErrorf(footprint.EINVALID, field,
		"认证机构的名称过长,%[2]s只能印出“%[1]s”:%[4]s。the certification body's names are too long for %[3]s, which would print only %[1]q: %[5]s", shown, labelZH, labelEN, askZH, askEN)
}

// labelCertifierWhole returns the label's certification body as layout 7
// prints c's, the size of its type, and whether that is all of it.
func (r *Renderer) labelCertifierWhole(c *certification.Certificate) (string, float64, bool) {
	d := r.layoutLabel(c, layoutCurrent, nil)
	var printed strings.Builder
	size := 0.0
	for _, o := range d.pages[0] {
		if o.kind == opText && o.field == labelCertifierField {
			printed.WriteString(o.s)
			size = o.size
		}
	}
	full, shown := labelCertifierText(c), printed.String()
	return shown, size, strings.Join(strings.Fields(full), "") == strings.Join(strings.Fields(shown), "")
}

// CheckCertifier returns EINVALID, naming name_zh (org when the body has
// no Chinese name), if the label could not print a certification body of
// these names and approval number whole (checkLabelCertifier): the
// operator learns it when registering the body, not the body at each
// issue.
func (r *Renderer) CheckCertifier(nameZH, name, approval string) error {
	// A body registered without an approval number gives one at its first
	// issue (factordb recordApprovalNumber), which the label prints too:
	// measured at the longest a CNCA approval number's form allows.
	if approval == "" {
		approval = longestApprovalForm
	}
	field := "name_zh"
	if nameZH == "" {
		field = "org"
	}
	return r.certifierOnLabel(&certification.Certificate{Certifier: certification.CertificateCertifier{NameZH: nameZH, NameEN: name, ApprovalNumber: approval}},
		field, "证书标签", "the label of its certificates", "请登记较短的名称(中文名称或机构名称)", "register shorter names (its Chinese name, or its organisation name)")
}

// labelCutsCertifier returns the label's certification body as a layout
// before 7 prints c's, when it cut the body's names with "…" (fitText, on
// one line): a reader reads a prefix that another body's names may share
// (red team 70); else "".
func (r *Renderer) labelCutsCertifier(c *certification.Certificate, layout int) string {
	if layout >= layoutV7 {
		return ""
	}
	certifier, n := fields("certifier.name_zh", "certifier.name_en"), names(c.Certifier.NameZH, c.Certifier.NameEN)
	for _, o := range r.layoutLabel(c, layout, nil).pages[0] {
		if o.kind == opText && o.field == certifier && o.s != tLabelCert.String()+" "+n && o.s != tLabelCert.zh+" "+n { // layout 2's caption is Chinese only
			return o.s
		}
	}
	return ""
}

// longestApprovalForm is as long as a CNCA approval number can be
// (factordb approvalFormRe: CNCA-RF-yyyy-nnnn).
const longestApprovalForm = "CNCA-RF-2000-0000"

// labelCertifierField names the fields the label's certification body
// shows (layout 7).
var labelCertifierField = fields("certifier.name_zh", "certifier.name_en", "certifier.approval_number")

// labelCertifierText is the label's certification body as layout 7
// prints it when nothing is cut: the caption, the names and the approval
// number.
func labelCertifierText(c *certification.Certificate) string {
	return labelCertifierHead(c) + labelCertifierTail(c)
}

func labelCertifierHead(c *certification.Certificate) string {
	return tLabelCert.String() + " " + names(c.Certifier.NameZH, c.Certifier.NameEN)
}

func labelCertifierTail(c *certification.Certificate) string {
	if a := c.Certifier.ApprovalNumber; a != "" {
		return "（" + tApproval.String() + " " + a + "）"
	}
	return ""
}

// Type of the label's certification body (layout 7): from labelCertMax
// down to labelCertMin, layout 6's sizes, with lines labelCertLead times
// the size apart.
const (
	labelCertMax  = 4.2
	labelCertMin  = 2.6
	labelCertLead = 1.2
)

// labelCertLegible is the least type of the label's certification body
// that CheckCertificate and CheckCertifier admit: names that fit only in
// smaller type (down to labelCertMin, which layout 7 still draws for
// certificates issued before) are refused. At 2.6 pt a Han character is
// 0.92 mm, 10.8 dots of a 300 dpi label printer: below the 12 × 12 dots
// of the smallest Han bitmap fonts, so that printed, 郫都 and a name
// differing in one character, or the approval number's 6 and 8, read
// alike (red team 72). 3 pt (12.5 dots) is also the least type of the
// label's other lines.
const labelCertLegible = 3.0

// labelCertifier draws, in layout 7, the label's certification body under
// the certificate number whose baseline is at numberY: its caption, its
// names and its approval number, across the width w from x, on as many
// lines as the space between the mark's frame (or the number) and the
// bottom margin holds, in the largest type from labelCertMax down to
// labelCertMin at which the whole text fits. Layout 6 cut the names with
// "…" on one line: two bodies whose names differ only after the cut
// printed alike (red team 70). The approval number, which names one body
// (the service refuses another body's at issue), is never broken or cut;
// names too long for the space even in the least type (about 230
// characters of Han script all told; the longest names validation admits
// are not) are cut with "…" before it, so that it stays whole: only on a
// certificate issued before layout 7, since CheckCertificate refuses such
// names at issue (checkLabelCertifier).
func labelCertifier(d *drawing, c *certification.Certificate, x, numberY, w float64) {
	top := max(labelMargin+labelQRSize+1.2+labelMarkH, numberY+labelNumSize*ptToMM*0.2) + 0.5
	bottom := labelH - labelMargin // the last baseline
	field := labelCertifierField
	head, tail := labelCertifierHead(c), labelCertifierTail(c)
	place := func(size float64, s string) (lines []string, first, lead float64, ok bool) {
		lead = size * ptToMM * labelCertLead
		first = top + size*ptToMM*0.8
		room := 1 + int((bottom-first)/lead)
		lines = d.wrap(s, size, w)
		return lines, first, lead, len(lines) <= room
	}
	draw := func(lines []string, size, first, lead float64) {
		for i, l := range lines {
			d.value(field, x, first+float64(i)*lead, size, colInk, l)
		}
	}
	for tenths := int(labelCertMax * 10); tenths >= int(labelCertMin*10); tenths-- {
		size := float64(tenths) / 10
		if lines, first, lead, ok := place(size, head+tail); ok {
			draw(lines, size, first, lead)
			return
		}
	}
	rs := []rune(head)
	for len(rs) > 1 {
		rs = rs[:len(rs)-1]
		if lines, first, lead, ok := place(labelCertMin, string(rs)+"…"+tail); ok {
			draw(lines, labelCertMin, first, lead)
			return
		}
	}
}

// labelTextColumn returns the left edge and the width of the label's text
// column, left of the QR code.
func labelTextColumn() (x, w float64) {
	qx := labelW - labelMargin - labelQRSize
	x = labelMargin + 0.6
	return x, qx - x - 1.5
}

// fitLabelModel returns the size and the text of the label's model line:
// the model shrunk to fit the column, or, when it is too long even at the
// smallest size, cut with "…" (CheckCertificate refuses such a model at
// issue, CheckStudy at application; certificates issued before render as
// they always did).
func fitLabelModel(d *drawing, model string, w float64) (float64, string) {
	return fitText(d, tModel.String()+" "+model, labelTextSize, 3.2, w)
}

// checkLabelModel returns EINVALID, naming product.model, if the label
// would have to cut model short: a buyer would read a prefix of the
// signed model ("EX-550M (lab sa…"), not the model.
func (r *Renderer) checkLabelModel(model string) error {
	_, w := labelTextColumn()
	full := tModel.String() + " " + model
	if _, shown := fitLabelModel(newDrawing(r.font, labelW, labelH), model, w); shown != full {
		return footprint.FieldErrorf(footprint.EINVALID, "product.model",
			"model %q is too long for the label, which would print only %q: shorten the model", model, strings.TrimPrefix(shown, tModel.String()+" "))
	}
	return nil
}

// fit returns the largest size from max down to min (in 0.1 pt steps) at
// which s is no wider than w; min if none is.
func fit(d *drawing, s string, max, min, w float64) float64 {
	size := max
	for size > min && d.width(s, size) > w {
		size -= 0.1
	}
	if size < min {
		size = min
	}
	return size
}

// fitText is fit for text that may be shortened: if s is too wide even at
// min, it is cut and ends in "…".
func fitText(d *drawing, s string, max, min, w float64) (float64, string) {
	size := fit(d, s, max, min, w)
	if d.width(s, size) <= w {
		return size, s
	}
	rs := []rune(s)
	for len(rs) > 1 && d.width(string(rs)+"…", size) > w {
		rs = rs[:len(rs)-1]
	}
	return size, string(rs) + "…"
}

package labels

import (
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
	my := m + labelQRSize + 1.2
	d.stroke(qx, my, labelQRSize, labelMarkH, 0.2, colMuted)
	d.textCenter(qx+labelQRSize/2, my+labelMarkH/2-0.4, 3.6, colMuted, tMark.zh)
	d.textCenter(qx+labelQRSize/2, my+labelMarkH/2+1.6, 3.0, colMuted, tMark.en)

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

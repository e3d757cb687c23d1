package labels

import (
	"strings"
	"testing"
)

// Ensure the label of layout 7 keeps its text apart: with a short and with
// the longest names of a certification body that fit (checkLabelCertifier),
// with and without a Monte Carlo range, no text runs into other text, the
// QR code or the mark's frame, all of it stays within the margins, and the
// body's lines are in type no smaller than labelCertMin.
func TestLayoutLabel_CertifierClearOfTheRest(t *testing.T) {
	r := mustTestRenderer(t)
	for _, tc := range []struct {
		name  string
		zh    string
		short bool
	}{{"short", "示例认证中心", true}, {"longest", "认", false}} {
		for _, ranged := range []bool{false, true} {
			c := demoLikeCertificateV2()
			if !ranged {
				c.Uncertainty = nil
			}
			c.Certifier.NameZH = tc.zh
			for !tc.short && r.checkLabelCertifier(c) == nil {
				c.Certifier.NameZH += "证"
			}
			if !tc.short {
				c.Certifier.NameZH = strings.TrimSuffix(c.Certifier.NameZH, "证")
			}
			if err := r.checkLabelCertifier(c); err != nil {
				t.Fatalf("%s, range %v: %v", tc.name, ranged, err)
			}
			d := r.layoutLabel(c, layoutCurrent, nil)
			var texts, boxes []op
			lines := 0
			for _, o := range d.pages[0] {
				switch o.kind {
				case opText:
					texts = append(texts, o)
					x0, y0, x1, y1 := textBox(d, o)
					if x0 < labelMargin || y0 < labelMargin || x1 > labelW-labelMargin || y1 > labelH-labelMargin+0.3 {
						t.Errorf("%s, range %v: %q (%.1f,%.1f)–(%.1f,%.1f) mm outside the margins", tc.name, ranged, o.s, x0, y0, x1, y1)
					}
					if o.field == labelCertifierField {
						lines++
						if o.size < labelCertMin {
							t.Errorf("%s, range %v: %q at %.2f pt", tc.name, ranged, o.s, o.size)
						}
					}
				case opQR:
					boxes = append(boxes, o)
				case opStroke:
					if o.w < labelW-2 { // the mark's frame, not the label's edge
						boxes = append(boxes, o)
					}
				}
			}
			if lines == 0 {
				t.Fatalf("%s, range %v: no certification body printed", tc.name, ranged)
			}
			for i, a := range texts {
				ax0, ay0, ax1, ay1 := textBox(d, a)
				for _, b := range texts[i+1:] {
					bx0, by0, bx1, by1 := textBox(d, b)
					if ax1 > bx0 && bx1 > ax0 && ay1 > by0 && by1 > ay0 {
						t.Errorf("%s, range %v: %q (y %.2f mm) overlaps %q (y %.2f mm)", tc.name, ranged, a.s, a.y, b.s, b.y)
					}
				}
				for _, b := range boxes {
					if ax1 > b.x && b.x+b.w > ax0 && ay1 > b.y && b.y+b.h > ay0 && !(a.x >= b.x && ax1 <= b.x+b.w && ay0 >= b.y && ay1 <= b.y+b.h) {
						t.Errorf("%s, range %v: %q (y %.2f mm) runs into the box at (%.1f,%.1f)", tc.name, ranged, a.s, a.y, b.x, b.y)
					}
				}
			}
		}
	}
}

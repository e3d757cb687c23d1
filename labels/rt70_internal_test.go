package labels

import (
	"fmt"
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
	for _, longest := range []bool{false, true} {
		for _, ranged := range []bool{false, true} {
			t.Run(fmt.Sprintf("longest=%v,range=%v", longest, ranged), func(t *testing.T) {
				c := demoLikeCertificateV2()
				if !ranged {
					c.Uncertainty = nil
				}
				if longest {
					for c.Certifier.NameZH = "认"; r.checkLabelCertifier(c) == nil; c.Certifier.NameZH += "证" {
					}
					c.Certifier.NameZH = strings.TrimSuffix(c.Certifier.NameZH, "证")
				}
				if err := r.checkLabelCertifier(c); err != nil {
					t.Fatal(err)
				}
				d := r.layoutLabel(c, layoutCurrent, nil)
				lines := checkPlaced(t, d, func(o op) bool {
					if o.field == labelCertifierField && o.size < labelCertMin {
						t.Errorf("%q at %.2f pt", o.s, o.size)
					}
					return o.field == labelCertifierField
				})
				if len(lines) == 0 {
					t.Fatal("no certification body printed")
				}
				var boxes []op // the QR code and the mark's frame
				for _, o := range d.pages[0] {
					if o.kind == opQR || o.kind == opStroke && o.w < labelW-2 {
						boxes = append(boxes, o)
					}
				}
				for _, a := range d.pages[0] {
					if a.kind != opText {
						continue
					}
					x0, y0, x1, y1 := textBox(d, a)
					if x0 < labelMargin || y0 < labelMargin || x1 > labelW-labelMargin || y1 > labelH-labelMargin+0.3 {
						t.Errorf("%q (%.1f,%.1f)–(%.1f,%.1f) mm outside the margins", a.s, x0, y0, x1, y1)
					}
					for _, b := range boxes {
						inside := x0 >= b.x && x1 <= b.x+b.w && y0 >= b.y && y1 <= b.y+b.h // the frame's own caption
						if x1 > b.x && b.x+b.w > x0 && y1 > b.y && b.y+b.h > y0 && !inside {
							t.Errorf("%q (y %.2f mm) runs into the box at (%.1f,%.1f)", a.s, a.y, b.x, b.y)
						}
					}
				}
			})
		}
	}
}

package labels

import (
	"bytes"
	"fmt"
	"image/png"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"
)

const (
	// fontFamily is the gofpdf family name of the embedded font.
	fontFamily = "pcfsans"

	// AttachmentName is the file name of the signed certificate (the
	// footprint.SignedCertificate envelope) embedded in every PDF.
	AttachmentName = "pcf-signed-certificate.json"

	attachmentDescription = "Signed certificate content (Ed25519). Verify offline: pcf verify FILE.pdf --key KEYS.json"
)

// pdfMeta is the document information of a PDF.
type pdfMeta struct {
	title, subject, author string
	created                time.Time // creation and modification date: the issue time, for determinism
	envelope               []byte    // signed-certificate envelope to attach
}

// writePDF writes a drawing as PDF. gofpdf is given a subset of the font
// holding exactly the runes the drawing uses, so its per-document font work
// is small; a fresh gofpdf.Fpdf is used per document (it is not safe for
// concurrent use).
func (r *Renderer) writePDF(dr *drawing, m pdfMeta) ([]byte, error) {
	sub, err := r.font.subset(dr.usedRunes())
	if err != nil {
		return nil, fmt.Errorf("labels: subset font: %w", err)
	}
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: dr.w, Ht: dr.h}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	pdf.SetCompression(false)
	// Determinism (STYLE.md §2.5): fixed dates, sorted catalogue, fixed
	// font bytes.
	pdf.SetCreationDate(m.created)
	pdf.SetModificationDate(m.created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(m.title, true)
	pdf.SetSubject(m.subject, true)
	pdf.SetAuthor(m.author, true)
	pdf.SetCreator("pcf labels", true)

	pdf.AddUTF8FontFromBytes(fontFamily, "", sub)
	pdf.SetFont(fontFamily, "", 10) // gofpdf parses silently: SetFont fails if parsing did
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("labels: load font %s: %w", fontFile, err)
	}
	if dr.qr != nil {
		pdf.RegisterImageOptionsReader("qr", gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(dr.qr.png))
	}
	if len(m.envelope) > 0 {
		pdf.SetAttachments([]gofpdf.Attachment{{Content: m.envelope, Filename: AttachmentName, Description: attachmentDescription}})
	}

	size := 0.0
	var text, draw, fill rgb
	text, draw, fill = colBlack, colBlack, colBlack
	pdf.SetTextColor(0, 0, 0)
	for _, page := range dr.pages {
		pdf.AddPage()
		for _, o := range page {
			switch o.kind {
			case opText:
				if o.size != size {
					pdf.SetFontSize(o.size)
					size = o.size
				}
				if o.col != text {
					pdf.SetTextColor(int(o.col.r), int(o.col.g), int(o.col.b))
					text = o.col
				}
				pdf.Text(o.x, o.y, o.s)
			case opFill:
				if o.col != fill {
					pdf.SetFillColor(int(o.col.r), int(o.col.g), int(o.col.b))
					fill = o.col
				}
				pdf.Rect(o.x, o.y, o.w, o.h, "F")
			case opStroke, opLine:
				if o.col != draw {
					pdf.SetDrawColor(int(o.col.r), int(o.col.g), int(o.col.b))
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

// pngBuffers reuses the PNG encoder's buffers (its zlib writer is most of
// an encode's allocation).
var pngBuffers pngPool

type pngPool struct{ p sync.Pool }

func (pp *pngPool) Get() *png.EncoderBuffer {
	b, _ := pp.p.Get().(*png.EncoderBuffer)
	return b
}

func (pp *pngPool) Put(b *png.EncoderBuffer) { pp.p.Put(b) }

package labels

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// grayRamp is a 256-entry grey palette whose index i is grey level i, so an
// *image.Gray's pixels are also the indices of a paletted image: the PNG is
// encoded as 8-bit palette without copying or converting a pixel, and
// without the per-row filter search the encoder runs for grey images (which
// would triple the encoding time).
var grayRamp = func() color.Palette {
	p := make(color.Palette, 256)
	for i := range p {
		p[i] = color.Gray{uint8(i)}
	}
	return p
}()

// writePNG rasterises the first page of a drawing at dpi as a grey PNG,
// with the same font and layout as the PDF (no PDF tools involved). Colours
// are reduced to their luminance: the label is black on white.
func (r *Renderer) writePNG(d *drawing, dpi float64) ([]byte, error) {
	px := func(mm float64) int { return int(math.Round(mm * dpi / 25.4)) }
	img := image.NewGray(image.Rect(0, 0, px(d.w), px(d.h)))
	fillGray(img, img.Rect, 0xff)
	rect := func(x0, y0, x1, y1 int, c color.Gray) {
		fillGray(img, image.Rect(x0, y0, max(x1, x0+1), max(y1, y0+1)), c.Y)
	}
	faces := map[float64]font.Face{}
	defer func() {
		for _, f := range faces {
			f.Close()
		}
	}()
	for _, o := range d.pages[0] {
		switch o.kind {
		case opText:
			face, ok := faces[o.size]
			if !ok {
				var err error
				face, err = opentype.NewFace(r.raster, &opentype.FaceOptions{Size: o.size, DPI: dpi, Hinting: font.HintingNone})
				if err != nil {
					return nil, fmt.Errorf("labels: font face: %w", err)
				}
				faces[o.size] = face
			}
			dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(o.x * dpi / 25.4 * 64)), Y: fixed.Int26_6(math.Round(o.y * dpi / 25.4 * 64))}
			drawText(img, face, dot, gray(o.col).Y, o.s)
		case opFill:
			rect(px(o.x), px(o.y), px(o.x+o.w), px(o.y+o.h), gray(o.col))
		case opStroke:
			lw := o.size / 2
			c := gray(o.col)
			rect(px(o.x-lw), px(o.y-lw), px(o.x+o.w+lw), px(o.y+lw), c)
			rect(px(o.x-lw), px(o.y+o.h-lw), px(o.x+o.w+lw), px(o.y+o.h+lw), c)
			rect(px(o.x-lw), px(o.y-lw), px(o.x+lw), px(o.y+o.h+lw), c)
			rect(px(o.x+o.w-lw), px(o.y-lw), px(o.x+o.w+lw), px(o.y+o.h+lw), c)
		case opLine: // the layouts draw only horizontal and vertical lines
			lw := o.size / 2
			x0, x1 := math.Min(o.x, o.x+o.w), math.Max(o.x, o.x+o.w)
			y0, y1 := math.Min(o.y, o.y+o.h), math.Max(o.y, o.y+o.h)
			if o.h == 0 {
				y0, y1 = y0-lw, y1+lw
			} else {
				x0, x1 = x0-lw, x1+lw
			}
			rect(px(x0), px(y0), px(x1), px(y1), gray(o.col))
		case opQR:
			// Whole pixels per module, centred in the QR area, so that
			// module edges stay sharp.
			q := d.qr
			size := o.w * dpi / 25.4
			k := max(int(math.Round(size/float64(q.n))), 1)
			x0 := px(o.x) + (int(size)-k*q.n)/2
			y0 := px(o.y) + (int(size)-k*q.n)/2
			for my := 0; my < q.n; my++ {
				for mx := 0; mx < q.n; mx++ {
					if q.at(mx, my) {
						rect(x0+mx*k, y0+my*k, x0+(mx+1)*k, y0+(my+1)*k, color.Gray{})
					}
				}
			}
		}
	}
	out := &image.Paletted{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect, Palette: grayRamp}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pngBuffers}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, fmt.Errorf("labels: encode png: %w", err)
	}
	return withPHYs(buf.Bytes(), dpi), nil
}

// withPHYs returns the PNG b with a pHYs chunk stating its resolution (PNG
// 1.2 §4.2.4.2: pixels per metre, unit 1), inserted after IHDR as the
// specification requires (before IDAT), so that the label prints at its
// real size (60 × 40 mm) by default. image/png writes no pHYs chunk.
func withPHYs(b []byte, dpi float64) []byte {
	const ihdrEnd = 8 + 4 + 4 + 13 + 4 // signature, then IHDR: length, type, data, CRC
	ppm := uint32(math.Round(dpi / 0.0254))
	chunk := make([]byte, 0, 4+4+9+4)
	chunk = binary.BigEndian.AppendUint32(chunk, 9)
	chunk = append(chunk, "pHYs"...)
	chunk = binary.BigEndian.AppendUint32(chunk, ppm)
	chunk = binary.BigEndian.AppendUint32(chunk, ppm)
	chunk = append(chunk, 1) // unit: metre
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := make([]byte, 0, len(b)+len(chunk))
	out = append(out, b[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, b[ihdrEnd:]...)
}

// fillGray sets the pixels of r (clipped to the image) to grey level v.
func fillGray(img *image.Gray, r image.Rectangle, v uint8) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := range row {
			row[i] = v
		}
	}
}

// drawText draws s with its baseline origin at dot in grey level v,
// compositing each glyph's coverage mask over the image ("over", as
// font.Drawer does, but on grey pixels directly instead of through the
// generic draw.DrawMask path, which is several times slower for *image.Gray).
func drawText(img *image.Gray, face font.Face, dot fixed.Point26_6, v uint8, s string) {
	for _, r := range s {
		dr, mask, mp, adv, ok := face.Glyph(dot, r)
		if ok {
			clip := dr.Intersect(img.Rect)
			alpha, _ := mask.(*image.Alpha) // what opentype faces return
			for y := clip.Min.Y; y < clip.Max.Y; y++ {
				for x := clip.Min.X; x < clip.Max.X; x++ {
					mx, my := mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y
					var a uint32
					if alpha != nil {
						a = uint32(alpha.Pix[alpha.PixOffset(mx, my)]) * 0x101
					} else {
						_, _, _, a = mask.At(mx, my).RGBA()
					}
					if a == 0 {
						continue
					}
					i := img.PixOffset(x, y)
					img.Pix[i] = uint8((uint32(img.Pix[i])*(0xffff-a) + uint32(v)*a) / 0xffff)
				}
			}
		}
		dot.X += adv
	}
}

func gray(c rgb) color.Gray {
	// ITU-R BT.601 luma, as color.GrayModel.
	return color.GrayModel.Convert(color.RGBA{c.r, c.g, c.b, 0xff}).(color.Gray)
}

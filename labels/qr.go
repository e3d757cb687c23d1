package labels

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"sync"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// qrCode is an encoded QR code: its modules, and the PNG image of them that
// PDFs embed.
type qrCode struct {
	url  string // what it encodes: the verification URL
	n    int    // modules per side
	dark []bool // n*n, row by row
	png  []byte // 8-bit grey, certQRModulePx pixels per module
}

func (q *qrCode) at(x, y int) bool { return q.dark[y*q.n+x] }

// qrCacheSize bounds the QR codes a Renderer keeps. A QR code depends only
// on the URL, and encoding one is the largest single cost of a label
// (boombuler scores all eight masks: ≈2.5 ms for a 37×37 code here), while
// the certificate, the label and its PNG of one certificate, and repeated
// downloads, all encode the same URL.
const qrCacheSize = 256

type qrCache struct {
	mu    sync.Mutex
	codes map[string]*qrCode
	order []string // insertion order, for eviction
}

// qrCode returns the QR code of url (error correction M, as the style
// guide asks), from the cache when it is there.
func (r *Renderer) qrCode(url string) (*qrCode, error) {
	c := &r.qrs
	c.mu.Lock()
	q, ok := c.codes[url]
	c.mu.Unlock()
	if ok {
		return q, nil
	}
	q, err := encodeQR(url)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.codes == nil {
		c.codes = map[string]*qrCode{}
	}
	if _, ok := c.codes[url]; !ok {
		if len(c.order) >= qrCacheSize {
			delete(c.codes, c.order[0])
			c.order = c.order[1:]
		}
		c.codes[url] = q
		c.order = append(c.order, url)
	}
	return q, nil
}

func encodeQR(url string) (*qrCode, error) {
	bc, err := qr.EncodeWithColor(url, qr.M, qr.Auto, barcode.ColorScheme8)
	if err != nil {
		return nil, fmt.Errorf("labels: encode qr code: %w", err)
	}
	n := bc.Bounds().Dx()
	q := &qrCode{url: url, n: n, dark: make([]bool, n*n)}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if g, _, _, _ := bc.At(x, y).RGBA(); g < 0x8000 {
				q.dark[y*n+x] = true
			}
		}
	}
	// Scale by an integer factor, so module edges stay sharp. (This is what
	// barcode.Scale does, but pixel by pixel through the image interface,
	// which costs a millisecond; filling module squares costs microseconds.)
	const k = certQRModulePx
	img := image.NewGray(image.Rect(0, 0, n*k, n*k))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if q.dark[y*n+x] {
				for py := y * k; py < (y+1)*k; py++ {
					row := img.Pix[py*img.Stride:]
					clear(row[x*k : (x+1)*k])
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pngBuffers}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("labels: encode qr code: %w", err)
	}
	q.png = buf.Bytes()
	return q, nil
}

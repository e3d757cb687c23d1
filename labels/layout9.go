package labels

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// What layout 9 (layoutV9) prints otherwise than layout 8: the host of
// the verification URL, under the QR code that leads there (session 51).
// A phone opens what the QR code holds, and a reader sees no address
// until the page has opened; a forger's label leading to a look-alike
// service ("pcf-example.cn") looked like the genuine one. The host is
// printed whole, in type a reader can read, and never cut: cutting it is
// what a look-alike host ("pcf.example.cn.evil.example") would need.

// The label's host under its QR code: the caption (tVerifyHost) in
// labelHostCaptionSize, then the host in the largest type from
// labelHostMax down to labelHostMin (labelCertLegible, the least type of
// the label's lines) at which it fits the QR code's width, on up to
// labelHostMaxLines lines broken after its dots. The frame for the
// certification body's mark begins below it and ends where layout 8's
// did, so that the certification body under it prints as before.
const (
	labelHostCaptionSize = 3.2
	labelHostMax         = 4.4
	labelHostMin         = labelCertLegible
	labelHostLead        = 1.15 // line spacing, times the size
	labelHostMaxLines    = 3
	labelMarkMinH        = 6.0 // the least height of the mark's frame
)

// The certificate's host under "扫码验证 Scan to verify": in
// certSmallSize down to certHostMin, on up to certHostMaxLines lines of
// the QR code's width.
const (
	certHostMin      = 4.5
	certHostMaxLines = 2
)

// verifyHost returns the host of a verification URL, without its scheme
// and path: "pcf.example.cn" for "https://pcf.example.cn/v1/…", with its
// port if it has one. The renderer requires the URL to pass
// certification.CheckVerifyURL, whose host is plain ASCII.
func verifyHost(verifyURL string) string {
	u, err := url.Parse(verifyURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// hostLines sets host in the largest type from max down to min (0.1 pt
// steps) at which it fits w on one line, else in min on as few lines as
// it takes, broken after a dot (between any two characters of a part
// wider than w; never after a hyphen by choice, which a reader could take
// for one added at the break). ok is false when that is more than
// maxLines lines.
func hostLines(d *drawing, host string, max, min, w float64, maxLines int) (size float64, lines []string, ok bool) {
	if size = fit(d, host, max, min, w); d.width(host, size) <= w {
		return size, []string{host}, true
	}
	size = min
	var parts []string // the host cut after each dot
	for rest := host; rest != ""; {
		i := strings.IndexByte(rest, '.')
		if i < 0 {
			parts = append(parts, rest)
			break
		}
		parts = append(parts, rest[:i+1])
		rest = rest[i+1:]
	}
	line := ""
	for _, p := range parts {
		if d.width(line+p, size) <= w {
			line += p
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = ""
		for _, r := range p { // a part wider than the line, broken between characters
			if line != "" && d.width(line+string(r), size) > w {
				lines = append(lines, line)
				line = ""
			}
			line += string(r)
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return size, lines, len(lines) <= maxLines
}

// labelHost draws, in layout 9, the host the QR code q leads to under it
// (caption, then the host centred on the QR code's width) and returns the
// top of the mark's frame below it. Nothing is drawn for a drawing made
// without a QR code (a measure of the label's other lines).
func labelHost(d *drawing, q *qrCode, qx float64) (frameTop float64) {
	y := labelMargin + labelQRSize + 1.2 // layout 8's frame top
	if q == nil {
		return y
	}
	cx := qx + labelQRSize/2
	y = labelMargin + labelQRSize + labelHostCaptionSize*ptToMM*0.8 + 0.7
	d.textCenter(cx, y, labelHostCaptionSize, colInk, tVerifyHost.String())
	size, lines, _ := hostLines(d, verifyHost(q.url), labelHostMax, labelHostMin, labelQRSize, labelHostMaxLines)
	lead := size * ptToMM * labelHostLead
	y += size*ptToMM*0.8 + 0.5
	for i, l := range lines {
		if i > 0 {
			y += lead
		}
		d.valueCenter(fieldVerifyHost, cx, y, size, colBlack, l)
	}
	return y + size*ptToMM*0.2 + 0.8
}

// certHost draws, in layout 9, the host the certificate's QR code leads to
// on the lines under its caption (baseline y), centred on cx, and returns
// the baseline of its last line.
func certHost(d *drawing, q *qrCode, cx, y float64) float64 {
	if q == nil {
		return y
	}
	size, lines, _ := hostLines(d, verifyHost(q.url), certSmallSize, certHostMin, certQRSize, certHostMaxLines)
	for _, l := range lines {
		y += size * ptToMM * 1.2
		d.valueCenter(fieldVerifyHost, cx, y, size, colInk, l)
	}
	return y
}

// valueCenter draws a field's value centred on x.
func (d *drawing) valueCenter(field string, x, y, size float64, c rgb, s string) {
	d.value(field, x-d.width(s, size)/2, y, size, c, s)
}

// checkVerifyHost returns EINVALID, naming verify_url, if the documents of
// layout 9 cannot print the host of verifyURL whole in legible type: on
// the label in more than labelHostMaxLines lines of labelHostMin, on the
// certificate in more than certHostMaxLines lines. The host is never cut.
func (r *Renderer) checkVerifyHost(verifyURL string) error {
	d := newDrawing(r.font, labelW, labelH)
	host := verifyHost(verifyURL)
	_, _, onLabel := hostLines(d, host, labelHostMax, labelHostMin, labelQRSize, labelHostMaxLines)
	_, _, onCert := hostLines(d, host, certSmallSize, certHostMin, certQRSize, certHostMaxLines)
	if onLabel && onCert {
		return nil
	}
	return footprint.FieldErrorf(footprint.EINVALID, "verify_url",
		"验证网址的主机名 %[1]q 过长，标签无法在二维码下以可辨认的字号完整印出（至多 %[2]d 行 %[3]s 磅）：请为服务使用较短的主机名。the host %[1]q of the verification URL is too long for the label to print whole under its QR code in legible type (at most %[2]d lines of %[3]s pt): give the service a shorter host name",
		host, labelHostMaxLines, formatNum(labelHostMin))
}

// printedHost returns the host a document of layout 9 prints under its QR
// code: the strings that follow the caption (the label's "验证 Verify:",
// the certificate's "扫码验证 Scan to verify") on its first page, joined,
// as long as they read as a host; "" when the page prints none.
func printedHost(f *pdfFile, isCert bool) string {
	pages, err := f.pageStrings()
	if err != nil || len(pages) == 0 {
		return ""
	}
	caption := tVerifyHost.String()
	if isCert {
		caption = tScanToVerify.String()
	}
	strs := pages[0]
	for i, s := range strs {
		if s != caption {
			continue
		}
		var host strings.Builder
		for _, h := range strs[i+1:] {
			if h == "" || strings.ContainsFunc(h, func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-.:[]", r))
			}) {
				break
			}
			host.WriteString(h)
		}
		return host.String()
	}
	return ""
}

// printedHostProblems returns how the host a document of layout 9 prints
// differs from the one its QR code leads to, recordedURL (the URL the
// document information records, from which the QR code is rendered and
// compared), and from the host of the verification address c signs, if
// it signs one (format 4, and later formats of a service that signs its
// address). The comparison of the whole file with the document rendered
// again shows the same; these say it in the reader's terms: a label that
// sends a phone to one host and a reader's eye to another.
func printedHostProblems(f *pdfFile, isCert bool, recordedURL string, c *certification.Certificate) []Difference {
	printed, qr := printedHost(f, isCert), verifyHost(recordedURL)
	var out []Difference
	add := func(zh, en string) {
		out = append(out, Difference{Page: 1, Fields: []string{fieldVerifyURL, fieldVerifyHost}, Message: en, ZH: zh})
	}
	if printed == "" {
		add(fmt.Sprintf("版式 %s%d 的文件在二维码下印出验证网址的主机名，本文件没有印出", documentFormatPrefix, layoutV9),
			fmt.Sprintf("a document of layout %s%d prints the host of its verification URL under its QR code, and this one prints none", documentFormatPrefix, layoutV9))
		return out
	}
	if printed != qr {
		add(fmt.Sprintf("二维码下印出的主机名为 %s，而二维码指向 %s：读者看到的网址不是手机打开的网址", printed, qr),
			fmt.Sprintf("the page prints the host %s under the QR code, which leads to %s: a reader reads another address than a phone opens", printed, qr))
	}
	if c.VerifyBase != "" {
		if signed := verifyHost(c.VerifyBase); printed != signed {
			add(fmt.Sprintf("二维码下印出的主机名为 %s，而证书签名的验证网址在 %s", printed, signed),
				fmt.Sprintf("the page prints the host %s under the QR code, where the certificate signs its verification page at %s", printed, signed))
		}
	}
	return out
}

// dqrLines returns the certificate's DQR line as printed (dqr, what
// Certificate.PrintedDQR gives) and, for a format-8 certificate in layout
// 9, the share of it that rests on the study's own scores on a line of its
// own, "其中 100 % 为研究自评 / 100 % of it self-rated by the study", so
// that it reads whole under the DQR it qualifies rather than broken across
// the end of the coverage's line.
func dqrLines(c *certification.Certificate, dqr string, layout int) []val {
	field := fields("dqr", "dqr_coverage_pct")
	if layout < layoutV9 || c.Format < 8 || !(c.DQRSelfRatedPct > 0) {
		return []val{{field, dqr}}
	}
	zh, en := certification.DQRSelfRatedText(c.DQRSelfRatedPct)
	self := zh + " / " + en
	head, ok := strings.CutSuffix(dqr, " · "+self)
	if !ok {
		return []val{{field, dqr}}
	}
	return []val{{field, head}, {fields("dqr", "dqr_self_rated_pct"), self}}
}

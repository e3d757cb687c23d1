// Package labels renders signed footprint certificates as bilingual
// (Chinese and English) A4 certificate PDFs and on-pack labels (PDF and
// PNG), and verifies such PDFs offline.
//
// Every PDF embeds the signed certificate (certification.SignedCertificate, as
// its JSON envelope) as a file attachment, so that anyone holding the PDF and
// the published public keys can check it without the service: VerifyPDF
// checks the signature and compares the key fields printed on the page with
// the signed content. The QR code encodes only the verification URL.
//
// Rendering is pure and deterministic: no clock, no storage, and the same
// arguments give the same bytes. One embedded TrueType font (fonts/, DejaVu
// Sans Latin merged with Droid Sans Fallback hanzi) is parsed once per
// Renderer; each PDF embeds a subset with only the characters it prints.
package labels

import (
	"context"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/opentype"
	xsfnt "golang.org/x/image/font/sfnt"
)

// fontFile is the embedded font; see fonts/README.md for how it is built.
const fontFile = "PCFSans-Regular.ttf"

//go:embed fonts/PCFSans-Regular.ttf
var fontTTF []byte

// Renderer renders certificates and labels. It is safe for concurrent use:
// each document gets its own gofpdf.Fpdf and its own font faces; the parsed
// font is shared read-only, and the QR codes of the last 256 verification
// URLs are cached (a QR code depends only on its URL).
type Renderer struct {
	font   *sfnt       // for layout metrics and PDF subsets
	raster *xsfnt.Font // for the PNG label
	qrs    qrCache
}

var _ certification.CertificateRenderer = (*Renderer)(nil)

// NewRenderer returns a Renderer using the embedded font.
func NewRenderer() (*Renderer, error) { return NewRendererWithFont(fontTTF) }

// NewRendererWithFont returns a Renderer using another TrueType font (a
// .ttf with TrueType outlines and a Unicode BMP cmap; gofpdf takes no .otf or
// .ttc). It must cover the renderer's fixed Chinese and English text.
func NewRendererWithFont(ttf []byte) (*Renderer, error) {
	f, err := parseSFNT(ttf)
	if err != nil {
		return nil, fmt.Errorf("labels: load font: %w", err)
	}
	rf, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("labels: load font for png: %w", err)
	}
	r := &Renderer{font: f, raster: rf}
	// Check once, here, that the font covers the renderer's own text and
	// that gofpdf takes its subsets.
	pdf := gofpdf.New("P", "mm", "A4", "")
	if err := r.addFonts(pdf, planFonts(fixedRunes()), "font lacks fixed text"); err != nil {
		return nil, err
	}
	return r, nil
}

// fixedRunes returns the runes of the renderer's own text (headings, field
// labels, names of terms, punctuation), sorted.
func fixedRunes() []rune {
	var b strings.Builder
	for _, s := range fixedText() {
		b.WriteString(s)
	}
	rs := []rune(b.String())
	slices.Sort(rs)
	return slices.Compact(rs)
}

// CheckCertificate returns EINVALID, naming the field, if c is invalid,
// has text the embedded font cannot draw (a hanzi outside the CJK Unified
// Ideographs block U+4E00–U+9FA5, say), or has a product model too long
// for the label to print whole, or certification body's names too long
// for the label to print whole (checkLabelCertifier). Call it before issuing a
// certificate: an issued certificate can then always be printed. Rendering
// refuses such text rather than printing empty boxes.
func (r *Renderer) CheckCertificate(ctx context.Context, c *certification.Certificate) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := r.checkText(c); err != nil {
		return err
	}
	if err := r.checkLabelModel(c.Product.Model); err != nil {
		return err
	}
	return r.checkLabelCertifier(c)
}

// CheckStudy returns EINVALID, naming the study's field, for what a
// certificate of study st would print from the manufacturer's text that
// the renderer cannot: characters the embedded font cannot draw in the
// product's names, model, GTIN, manufacturer or site or the reasons of
// stages not applicable, or a model too long
// for the label to print whole. An application runs it, so that the
// manufacturer learns it when applying rather than when the certifier
// issues (CheckCertificate checks the same again at issue).
func (r *Renderer) CheckStudy(ctx context.Context, st *footprint.Study) error {
	p := st.Product
	fields := []textField{
		{"product.name_zh", p.NameZH}, {"product.name", p.Name}, {"product.model", p.Model}, {"product.gtin", p.GTIN},
		{"product.manufacturer", p.Manufacturer}, {"product.site", p.Site},
	}
	for i, na := range st.NotApplicable { // printed on the certificate too
		fields = append(fields, textField{fmt.Sprintf("not_applicable[%d].reason", i), na.Reason})
	}
	for _, f := range fields {
		if err := r.CheckText(f.field, strings.TrimSpace(f.value)); err != nil {
			return err
		}
	}
	return r.checkLabelModel(strings.TrimSpace(p.Model))
}

// checkText is CheckCertificate for a certificate known to be valid.
func (r *Renderer) checkText(c *certification.Certificate) error {
	for _, f := range certificateText(c) {
		if err := r.CheckText(f.field, f.value); err != nil {
			return err
		}
	}
	return nil
}

// CheckText returns EINVALID, naming field, if s has characters the
// embedded font cannot draw: text that will be printed (an organisation's
// names) is refused where it is entered, not at the first issue.
func (r *Renderer) CheckText(field, s string) error {
	var miss []rune
	for _, ch := range s {
		if !r.font.has(ch) && !slices.Contains(miss, ch) {
			miss = append(miss, ch)
		}
	}
	if len(miss) > 0 {
		return footprint.FieldErrorf(footprint.EINVALID, field, "characters not in the certificate font: %s", describeRunes(miss))
	}
	return nil
}

// textField is one printed string of a certificate and its canonical
// field name.
type textField struct{ field, value string }

// certificateText lists every string of c that a document may print.
func certificateText(c *certification.Certificate) []textField {
	fs := []textField{
		{"number", c.Number},
		{"holder.name_zh", c.Holder.NameZH}, {"holder.name_en", c.Holder.NameEN}, {"holder.address", c.Holder.Address},
		{"manufacturer.name_zh", c.Manufacturer.NameZH}, {"manufacturer.name_en", c.Manufacturer.NameEN}, {"manufacturer.address", c.Manufacturer.Address},
		{"certifier.name_zh", c.Certifier.NameZH}, {"certifier.name_en", c.Certifier.NameEN},
		{"certifier.approval_number", c.Certifier.ApprovalNumber}, {"certifier.signatory", c.Certifier.Signatory},
		{"product.name_zh", c.Product.NameZH}, {"product.name_en", c.Product.NameEN}, {"product.model", c.Product.Model}, {"product.gtin", c.Product.GTIN},
		{"rule.code", c.Rule.Code}, {"rule.version", c.Rule.Version}, {"rule.name_zh", c.Rule.NameZH}, {"rule.name_en", c.Rule.NameEN},
		{"factor_set", c.FactorSet}, {"engine_version", c.EngineVersion},
		{"declared_unit.unit", c.DeclaredUnit.Unit}, {"declared_unit.label_zh", c.DeclaredUnit.LabelZH}, {"declared_unit.label_en", c.DeclaredUnit.LabelEN},
		{"study_id", c.StudyID},
	}
	for i, s := range c.Sites {
		p := fmt.Sprintf("sites[%d].", i)
		fs = append(fs, textField{p + "name_zh", s.NameZH}, textField{p + "name_en", s.NameEN}, textField{p + "address", s.Address})
	}
	for i, s := range c.Standards {
		fs = append(fs, textField{fmt.Sprintf("standards[%d]", i), s})
	}
	for i, s := range c.Stages {
		p := fmt.Sprintf("stages[%d].", i)
		fs = append(fs, textField{p + "code", s.Code}, textField{p + "name_zh", s.NameZH}, textField{p + "name_en", s.NameEN})
	}
	for i, u := range c.PerUnit {
		p := fmt.Sprintf("per_unit[%d].", i)
		fs = append(fs, textField{p + "unit", u.Unit}, textField{p + "label_zh", u.LabelZH}, textField{p + "label_en", u.LabelEN})
	}
	for i, g := range c.Electricity.GridFactors {
		fs = append(fs, textField{fmt.Sprintf("electricity.grid_factors[%d]", i), g})
	}
	for i, in := range c.Electricity.Instruments {
		fs = append(fs, textField{fmt.Sprintf("electricity.instruments[%d].serial", i), in.Serial},
			textField{fmt.Sprintf("electricity.instruments[%d].serial_last", i), in.SerialLast})
	}
	fs = append(fs, textField{"supersedes_number", c.SupersedesNumber})
	// A factor's names and source come from the published set, which the
	// certifier cannot change: the table prints a character the font
	// lacks as its code point (drawing.printable) rather than refuse the
	// issue, so they are not checked here.
	for i, f := range c.Factors {
		p := fmt.Sprintf("factors[%d].", i)
		fs = append(fs, textField{p + "code", f.Code}, textField{p + "set", f.Set}, textField{p + "grade", f.Grade})
	}
	for i, n := range c.NotApplicable {
		p := fmt.Sprintf("not_applicable[%d].", i)
		fs = append(fs, textField{p + "code", n.Code}, textField{p + "name_zh", n.NameZH}, textField{p + "name_en", n.NameEN}, textField{p + "reason", n.Reason})
	}
	return fs
}

// prepare checks the arguments every rendering shares and returns the
// certificate to print: the one decoded from the signed bytes, so that a
// document always shows what was signed.
func (r *Renderer) prepare(ctx context.Context, sc *certification.SignedCertificate, verifyURL string) (*certification.Certificate, []byte, *qrCode, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	if sc == nil || len(sc.Content) == 0 {
		return nil, nil, nil, footprint.Errorf(footprint.EINVALID, "no signed certificate to render")
	}
	c, err := certification.UnmarshalCanonicalCertificate(sc.Content)
	if err != nil {
		return nil, nil, nil, err
	}
	if sc.Certificate != nil {
		if diff := certification.DiffCertificates(sc.Certificate, c); len(diff) > 0 {
			return nil, nil, nil, footprint.Errorf(footprint.EINVALID, "certificate differs from its signed content in %s", strings.Join(diff, ", "))
		}
	}
	if sc.KeyID == "" || len(sc.Signature) == 0 {
		return nil, nil, nil, footprint.Errorf(footprint.EINVALID, "certificate is not signed")
	}
	if err := r.checkText(c); err != nil { // c is valid: UnmarshalCanonicalCertificate validated it
		return nil, nil, nil, err
	}
	if err := certification.CheckVerifyURL(verifyURL, certification.CertificateVerifyPath(c.ID)); err != nil {
		return nil, nil, nil, err
	}
	env, err := sc.MarshalEnvelope()
	if err != nil {
		return nil, nil, nil, err
	}
	code, err := r.qrCode(verifyURL)
	if err != nil {
		return nil, nil, nil, err
	}
	return c, env, code, nil
}

// finish checks that the renderer's own text is drawable (a programming
// error otherwise: CheckCertificate covered the certificate's text).
func (r *Renderer) finish(d *drawing) error {
	if miss := d.missingRunes(); len(miss) > 0 {
		return fmt.Errorf("labels: font %s lacks %s", fontFile, describeRunes(miss))
	}
	return nil
}

// RenderCertificatePDF renders the A4 certificate (see
// certification.CertificateRenderer).
func (r *Renderer) RenderCertificatePDF(ctx context.Context, sc *certification.SignedCertificate, status certification.CertificateStatus, verifyURL string) ([]byte, error) {
	b, _, err := r.renderDocument(ctx, sc, docParams{layout: layoutCurrent, kind: kindCertificate, status: status, verifyURL: verifyURL})
	return b, err
}

// RenderLabelPDF renders the 60 × 40 mm label as PDF (see
// certification.CertificateRenderer).
func (r *Renderer) RenderLabelPDF(ctx context.Context, sc *certification.SignedCertificate, verifyURL string) ([]byte, error) {
	b, _, err := r.renderDocument(ctx, sc, docParams{layout: layoutCurrent, kind: kindLabel, verifyURL: verifyURL})
	return b, err
}

// renderDocument renders a certificate or label PDF and returns the
// drawing it wrote, whose operations name the fields they show.
func (r *Renderer) renderDocument(ctx context.Context, sc *certification.SignedCertificate, p docParams) ([]byte, *drawing, error) {
	c, env, code, err := r.prepare(ctx, sc, p.verifyURL)
	if err != nil {
		return nil, nil, err
	}
	if p.layout >= layoutV9 {
		if err := r.checkVerifyHost(p.verifyURL); err != nil {
			return nil, nil, err
		}
	}
	var d *drawing
	meta := pdfMeta{
		subject:  names(c.Product.NameZH, c.Product.NameEN) + " " + c.Product.Model,
		author:   names(c.Certifier.NameZH, c.Certifier.NameEN),
		keywords: p.keywords(),
		created:  c.IssuedAt,
		envelope: env,

		escapeMarkup: p.layout >= layoutV8,
	}
	if p.layout >= layoutV8 {
		// The document information is written in UTF-16, whose bytes
		// for a Chinese character are any byte after one from N to ~
		// ("N<" for 丼, U+4E3C): a product name of Chinese characters
		// was "<img src=x onerror=…>" to a browser opening the file as
		// a web page (red team 83). Layout 8 gives there only what is
		// written in characters below U+0100, whose first byte is 0.
		meta.subject = latinWords(c.Number, c.Product.NameEN, c.Product.Model)
		meta.author = latinWords(c.Certifier.NameEN)
	}
	switch p.kind {
	case kindCertificate:
		if !p.status.Known() {
			return nil, nil, footprint.FieldErrorf(footprint.EINVALID, "status", "unknown certificate status %q", p.status)
		}
		d = r.layoutCertificate(c, p.layout, sc.KeyID, sc.Signature, p.status, p.verifyURL, code)
		meta.title = "产品碳足迹证书 Product Carbon Footprint Certificate " + c.Number
	case kindLabel:
		d = r.layoutLabel(c, p.layout, code)
		meta.title = "产品碳足迹标签 Product Carbon Footprint Label " + c.Number
	default:
		return nil, nil, fmt.Errorf("labels: unknown document kind %q", p.kind)
	}
	if err := r.finish(d); err != nil {
		return nil, nil, err
	}
	b, err := r.writePDF(d, meta)
	return b, d, err
}

// latinWords joins with spaces those of parts written in characters below
// U+0100 only (ASCII and Latin-1, whose UTF-16 holds no byte of markup
// after a 0), leaving out the others and empty ones.
func latinWords(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x100 }) {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// RenderLabelPNG renders the label as a PNG image at LabelDPI, with that
// resolution recorded in the file (see certification.CertificateRenderer).
func (r *Renderer) RenderLabelPNG(ctx context.Context, sc *certification.SignedCertificate, verifyURL string) ([]byte, error) {
	c, _, code, err := r.prepare(ctx, sc, verifyURL)
	if err != nil {
		return nil, err
	}
	if err := r.checkVerifyHost(verifyURL); err != nil {
		return nil, err
	}
	d := r.layoutLabel(c, layoutCurrent, code)
	if err := r.finish(d); err != nil {
		return nil, err
	}
	return r.writePNG(d, LabelDPI)
}

// Document kinds.
const (
	kindCertificate = "certificate"
	kindLabel       = "label"
)

// DocumentFormat names the layout of the PDFs this renderer writes. It is
// recorded in each PDF (its document information's Keywords, with the other
// arguments of the rendering), so that a verifier can render the same
// document again from the signed content and compare. It changes whenever a
// change to the renderer changes the bytes it writes. The renderer keeps
// writing the earlier layouts in documentLayouts, so that a PDF downloaded
// before a change still verifies byte for byte; a PDF of another format is
// reported as such, and is verified by downloading it again.
const DocumentFormat = documentFormatPrefix + "9"

const documentFormatPrefix = "pcf-document/"

// Document layouts, by the number DocumentFormat ends in.
const (
	// layoutV2 is the layout of every document issued until 2026-12.
	layoutV2 = 2
	// layoutV3 prints every caption in both languages (the label's
	// certification body), keeps a note's lines and a table's heading
	// together on one page, and says whose a green-power batch is.
	layoutV3 = 3
	// layoutV4 prints the certificate's DQR to two decimals, rounded up,
	// with its PEF level in words: one decimal printed 1.54 ("very good")
	// as 1.5, which reads "excellent" (red team 20). A format-5
	// certificate, which came after it, prints the share of the total the
	// DQR covers on the DQR's line (red team 8), and a format-6
	// certificate its use scenario under the stage table (red team 42);
	// earlier formats print as they did.
	layoutV4 = 4
	// layoutV5 says whose the annual energy of a use scenario is when the
	// declared unit is not one piece ("每台每年 41.464 kWh", "41.464 kWh a
	// year per unit"; Certificate.PrintedUseScenario): layout 4 printed the
	// energy of one piece next to a figure of 10, and the use stage could
	// not be recomputed from it (audit, session 54). It also prints the
	// certificate's Monte Carlo range per the declared unit ("470–561
	// kgCO2e/块"), as the verification page does: layout 4 printed
	// "kgCO2e" alone, under the figures per kWp and per m².
	layoutV5 = 5
	// layoutV6 (audit, session 55) prints a certificate's Monte Carlo
	// range rounded outward (its low end down, its high end up, at the
	// precision printed: 470.75–560.25 prints 470–561, where layout 5
	// printed 471–560, narrower than the signed range), on the label too;
	// the English of a declared unit of more than one piece in the plural
	// ("per 10 units"); the other reporting units in the words the headline
	// uses ("51.2 kgCO2e/台 per unit", where layout 5 printed the unit's
	// symbol, "kgCO2e/piece"); and the electricity of a certificate with a
	// use scenario as what it is: the approach is production's ("生产中无外
	// 购电力 no purchased electricity in production"), the use stage's grid
	// factor is named on a line of its own and tagged "电网 grid · 使用阶段
	// use stage" in the factor table, whose note no longer promises every
	// grid factor where the signed list tags production's only. A
	// format-7 certificate, which came after it, prints its recycling
	// credits apart from the total (回收抵扣 Recycling credits).
	layoutV6 = 6
	// layoutV7 (red team 70) prints the label's certification body whole,
	// with its approval number: wrapped over as many lines as the space
	// under the mark's frame holds, in type no smaller than layout 6's
	// least, where layout 6 cut the names with "…" on one line, so that
	// two bodies whose names differ only after the cut printed alike
	// (labelCertifier). The certificate prints as in layout 6.
	layoutV7 = 7
	// layoutV8 (red team 83) writes the bytes < and > of the page's
	// strings as octal escapes (appendEscaped), and gives the document
	// information's subject and author only in characters below U+0100
	// (the certificate number, the product's English name and model, the
	// certification body's English name; latinWords), so that no text of
	// the file is markup to a browser opening it as a web page: layout 7
	// and before wrote them as they are, and a product's model
	// "<svg/onload=…>", or Chinese characters whose codes or UTF-16 spell
	// such markup, ran in the browser of whoever opened the genuine PDF as
	// a page. Every page looks and reads as in layout 7; a document of an
	// earlier layout whose page content or document information a browser
	// runs as markup does not verify (markupInFile).
	layoutV8 = 8
	// layoutV9 (session 51) prints the host of the verification URL the
	// QR code holds, without its scheme, in type a reader can check
	// against the address a phone opens ("验证 Verify:" over
	// "pcf.example.cn" under the label's QR code, in a frame for the
	// certification body's mark 3.4 mm lower; the host under "扫码验证
	// Scan to verify" on the certificate): layout 8 printed it nowhere on
	// the label, and a forger's label leading to a look-alike service
	// left a careful reader nothing to compare (verifyHostLines). A
	// verifier refuses a document of layout 9 whose printed host is not
	// the one its QR code and document information lead to, or not the
	// one the certificate signs (printedHostProblems). A format-8
	// certificate, which came after it, prints the share of its DQR that
	// rests on the study's own scores beside the DQR
	// (Certificate.PrintedDQR).
	layoutV9 = 9
	// layoutCurrent is the layout new documents are rendered in.
	layoutCurrent = layoutV9
)

// documentLayouts lists the layouts a verifier renders again.
var documentLayouts = []int{layoutV2, layoutV3, layoutV4, layoutV5, layoutV6, layoutV7, layoutV8, layoutV9}

// layoutV3Since is when layout 3 replaced layout 2 (released 2026-12-03
// 08:02 UTC; the end of that day in China, for a service upgraded later
// that day): a certificate issued since has no document of layout 2, which
// lacks notes layout 3 added against misreading (whose a green-power
// batch is), so a verifier refuses one rendered so.
var layoutV3Since = time.Date(2026, 12, 4, 0, 0, 0, 0, certification.ChinaTime)

// layoutReplaced gives, for a layout replaced by a later one, when: a
// certificate issued since then has no document of it. Layout 3 has no
// such date: a date cut-off refused the genuine layout-3 documents of
// certificates issued between the cut-off and the upgrade of a service
// (red team 21: layout 4 was written after the midnight in China it first
// named), and a layout-3 document differs from layout 4 in the DQR's
// rounding only, which misstates nothing the certificate signs.
var layoutReplaced = map[int]time.Time{layoutV2: layoutV3Since}

// layoutV4Since is the end of the day in China on which layout 4 was
// released (2026-12-04 17:38 UTC, 12-05 in China): a certificate issued
// since is printed by the service with its DQR to two decimals and its
// level in words. Its layout-3 documents (anyone with an earlier pcf can
// render them from the public signed content) still verify, but not one
// whose DQR to one decimal reads a better PEF level than the certificate
// signs (layout3MisreadsDQR; red team 28): the misreading red team 20
// closed with layout 4.
var layoutV4Since = time.Date(2026, 12, 6, 0, 0, 0, 0, certification.ChinaTime)

// layoutV7Since is the end of the day in China on which layout 7 was
// released (2026-12-06 15:10 UTC, 23:10 in China): a certificate issued
// since is printed by the service with the label's certification body
// whole and its approval number. Its labels of an earlier layout (anyone
// with an earlier pcf can render them from the public signed content)
// still verify, but not one that cuts the body's names with "…"
// (labelCutsCertifier; red team 72): the reading of two bodies alike that
// red team 70 closed with layout 7.
var layoutV7Since = time.Date(2026, 12, 7, 0, 0, 0, 0, certification.ChinaTime)

// layout3MisreadsDQR returns the DQR as layout 3 prints it ("2.0" for
// 2.04) and the PEF level that reads ("very good"), when that level is
// better than the one of the DQR c signs ("good"); else "", "".
func layout3MisreadsDQR(c *certification.Certificate) (printed, reads string) {
	if c.DQR <= 0 {
		return "", ""
	}
	printed = strconv.FormatFloat(c.DQR, 'f', 1, 64) // as layoutCertificate prints it in layout 3
	v, err := strconv.ParseFloat(printed, 64)
	if err != nil || footprint.DQRLevel(v) == footprint.DQRLevel(c.DQR) {
		return "", ""
	}
	return printed, footprint.DQRLevel(v)
}

// minLayout gives, for a certificate format written after a layout was
// replaced, the first layout the service wrote its documents in: format 4
// (the signed verification address) came after layout 3, so a layout-2
// document of a format-4 certificate is one the service never wrote (red
// team 21), without the notes layout 3 added against misreading; format 5
// (the DQR's coverage) came after layout 4, the first to print it, and
// format 6 (the use scenario) after it too; format 7 (the recycling
// credits, reported apart from the total) came after layout 6, the first
// to print them: an earlier layout would hide them; format 8 (the share of
// the DQR resting on the study's own scores) came after layout 9, the
// first to print it beside the DQR, and format 9 (each supplier
// certificate's product codes signed in the supplier list, session 53)
// after it too.
var minLayout = map[int]int{4: layoutV3, 5: layoutV4, 6: layoutV4, 7: layoutV6, 8: layoutV9, 9: layoutV9}

// layoutNames names documentLayouts: "pcf-document/2, pcf-document/3, …".
func layoutNames() string {
	var out []string
	for _, l := range documentLayouts {
		out = append(out, documentFormatPrefix+strconv.Itoa(l))
	}
	return strings.Join(out, ", ")
}

// docParams are the arguments of a rendering besides the signed
// certificate: what a verifier needs to render the same document again.
// None is signed: the status is the one at download, and the verification
// URL's host is the service's (the renderer requires the URL to end in the
// certificate's own verify path).
type docParams struct {
	layout    int                             // one of documentLayouts
	kind      string                          // kindCertificate or kindLabel
	status    certification.CertificateStatus // certificates only
	verifyURL string
}

// keywords returns the document-information Keywords that record p:
// "pcf-document/4 certificate status=valid verify=https://…".
func (p docParams) keywords() string {
	s := documentFormatPrefix + strconv.Itoa(p.layout) + " " + p.kind
	if p.kind == kindCertificate {
		s += " status=" + string(p.status)
	}
	return s + " verify=" + p.verifyURL
}

// parseKeywords reads what keywords wrote.
func parseKeywords(s string) (docParams, error) {
	f := strings.Fields(s)
	var p docParams
	if len(f) > 0 {
		for _, l := range documentLayouts {
			if f[0] == documentFormatPrefix+strconv.Itoa(l) {
				p.layout = l
			}
		}
	}
	if len(f) < 3 || p.layout == 0 {
		if len(f) > 0 && strings.HasPrefix(f[0], documentFormatPrefix) {
			return docParams{}, readErrorf(fmt.Sprintf("文件以版式 %s 生成；本验证程序生成的是 %s（请从认证服务重新下载）", f[0], layoutNames()),
				"the document was made in layout %s; this verifier renders %s (download it again from the service)", f[0], layoutNames())
		}
		return docParams{}, readErrorf(fmt.Sprintf("文档信息没有记录文件的生成方式（%s Keywords 缺失或被改动）", DocumentFormat),
			"the document information does not record how the document was rendered (%s Keywords missing or altered)", DocumentFormat)
	}
	p.kind = f[1]
	rest := f[2:]
	if p.kind == kindCertificate && len(rest) == 2 && strings.HasPrefix(rest[0], "status=") {
		p.status = certification.CertificateStatus(strings.TrimPrefix(rest[0], "status="))
		rest = rest[1:]
	}
	if (p.kind != kindCertificate && p.kind != kindLabel) || (p.kind == kindCertificate && !p.status.Known()) ||
		len(rest) != 1 || !strings.HasPrefix(rest[0], "verify=") {
		return docParams{}, readErrorf(fmt.Sprintf("文档信息中的生成参数无效（%q）", s), "the document information's render parameters are not valid (%q)", s)
	}
	p.verifyURL = strings.TrimPrefix(rest[0], "verify=")
	return p, nil
}

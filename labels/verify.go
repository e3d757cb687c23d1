package labels

import (
	"bytes"
	"cmp"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// ExtractSignedCertificate reads the signed certificate embedded in a
// certificate or label PDF (the AttachmentName attachment), without any
// external tool. It checks the attachment's MD5 checksum, which gofpdf
// records, so a damaged or carelessly edited attachment is reported as such;
// it does not check the signature (VerifyPDF and
// certification.VerifyCertificate do). Errors are EINVALID.
func ExtractSignedCertificate(pdf []byte) (*certification.SignedCertificate, error) {
	f, err := parsePDF(pdf)
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "cannot read PDF: %s", err)
	}
	return extract(f)
}

func extract(f *pdfFile) (*certification.SignedCertificate, error) {
	var ref any
	for _, num := range f.sortedNums() {
		d, _ := f.objects[num].value.(pdfDict)
		if d == nil || d["Type"] != pdfName("Filespec") {
			continue
		}
		name := ""
		for _, k := range []pdfName{"UF", "F"} {
			if s, ok := f.resolve(d[k]).(pdfString); ok && len(s) > 0 {
				name = decodeTextString(s)
				break
			}
		}
		if name == AttachmentName {
			ref = f.dict(d["EF"])["F"]
		}
	}
	if ref == nil {
		return nil, footprint.Errorf(footprint.EINVALID, "PDF has no embedded signed certificate (%s)", AttachmentName)
	}
	data, d, err := f.streamData(ref)
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "embedded certificate is corrupt: %s", err)
	}
	if params := f.dict(d["Params"]); params != nil {
		if sum, ok := f.resolve(params["CheckSum"]).(pdfString); ok {
			if got := md5.Sum(data); !bytes.Equal(got[:], sum) {
				return nil, footprint.Errorf(footprint.EINVALID,
					"embedded certificate was altered: its MD5 checksum is %s, the PDF records %s", hex.EncodeToString(got[:]), hex.EncodeToString(sum))
			}
		}
	}
	sc, err := certification.ParseSignedCertificate(data)
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "embedded certificate: %s", footprint.ErrorMessage(err))
	}
	return sc, nil
}

// visibleFields returns the key fields printed on the pages of a
// certificate or label PDF, by canonical field name ("number", "kg_co2e",
// "id", "issued_at", "expires_at", "key_id"), each with every value
// printed for it, in page order, and whether the document is a certificate
// (as opposed to a label): a certificate shows more key fields. That is decided
// by the page size, not by text an editor could delete: a page wider than
// labelMaxWidthPt is a certificate page.
func visibleFields(f *pdfFile) (map[string][]string, bool, error) {
	pages, err := f.pageStrings()
	if err != nil {
		return nil, false, footprint.Errorf(footprint.EINVALID, "cannot read page text: %s", err)
	}
	isCert := false
	for _, p := range f.pages() {
		isCert = isCert || f.pageWidth(p) > labelMaxWidthPt
	}
	fields := map[string][]string{}
	for _, strs := range pages {
		for i, s := range strs {
			if field, ok := visibleLabels[s]; ok && i+1 < len(strs) {
				fields[field] = append(fields[field], strs[i+1])
			}
		}
	}
	return fields, isCert, nil
}

// VerifyDocumentMismatch is the VerifyError.Reason of a PDF whose
// signature verifies but which is not the document rendered from its
// signed content, where no certificate field is concerned (metadata, file
// structure, added objects). Where a field is concerned the reason is
// footprint.VerifyFieldMismatch, naming it.
const VerifyDocumentMismatch = "document_mismatch"

// Report is the outcome of VerifyPDF.
type Report struct {
	// Signed is the signed certificate the PDF embeds.
	Signed *certification.SignedCertificate

	// Signature is nil when the signature verifies against the keys
	// given, else the *certification.VerifyError saying why not.
	Signature error

	// Fields compares each key field printed on the page with the
	// signed content.
	Fields []FieldCheck

	// Document is what the PDF records of how it was rendered: certificate
	// or label, the status printed at download, and the verification URL
	// its QR code encodes. None of it is signed; the status is the one at
	// download, never the live one.
	Document DocumentInfo

	// Differences lists how the file differs from the document rendered
	// again from its signed content with those parameters; empty when the
	// file is that document byte for byte.
	Differences []Difference
}

// DocumentInfo is what a PDF records of how it was rendered.
type DocumentInfo struct {
	Kind      string                          // "certificate" or "label"
	Status    certification.CertificateStatus // a certificate's status at download; "" for a label
	VerifyURL string                          // what its QR code encodes
}

// FieldCheck compares one key field printed on the page with the signed
// content.
type FieldCheck struct {
	Field  string   // canonical field name, e.g. "number"
	Name   string   // e.g. "certificate number"
	NameZH string   // e.g. "证书编号"
	Page   []string // the values printed; empty if the field is not shown
	Signed string   // the value the signed content gives, as printed
}

// OK reports whether the field is shown and every value shown matches.
func (fc FieldCheck) OK() bool {
	if len(fc.Page) == 0 {
		return false
	}
	for _, v := range fc.Page {
		if v != fc.Signed {
			return false
		}
	}
	return true
}

// Problem describes what is wrong with the field, "" if nothing.
func (fc FieldCheck) Problem() string {
	if len(fc.Page) == 0 {
		return fmt.Sprintf("%s is not shown on the page", fc.Name)
	}
	for _, v := range fc.Page {
		if v != fc.Signed {
			return fmt.Sprintf("%s on page (%s) differs from signed content (%s)", fc.Name, v, fc.Signed)
		}
	}
	return ""
}

// ProblemZH is Problem in Chinese.
func (fc FieldCheck) ProblemZH() string {
	name := cmp.Or(visibleNamesZH[fc.Field], fc.Field)
	if len(fc.Page) == 0 {
		return name + "未显示在页面上"
	}
	for _, v := range fc.Page {
		if v != fc.Signed {
			return fmt.Sprintf("页面上的%s（%s）与签名内容（%s）不同", name, v, fc.Signed)
		}
	}
	return ""
}

// OK reports whether the PDF is genuine: the signature verifies, and the
// file is the document rendered from its signed content.
func (r *Report) OK() bool { return r.Err() == nil }

// Line is a line of a report, in Chinese and in English.
type Line struct{ ZH, EN string }

// Lines lists everything wrong as Problems does, each line in Chinese and
// in English: the Chinese names the problem, with the figures and the text
// it quotes; some details (PDF keys, colours, values) are in the English
// only. Both are printable text (EscapeControls).
func (r *Report) Lines() []Line {
	var out []Line
	add := func(zh, en string) { out = append(out, Line{EscapeControls(zh, ""), EscapeControls(en, "")}) }
	if r.Signature != nil {
		add(signatureZH(r.Signature), r.Signature.Error())
	}
	for _, fc := range r.Fields {
		if p := fc.Problem(); p != "" {
			add(fc.ProblemZH(), p)
		}
	}
	for _, d := range r.Differences {
		add(d.Chinese(), d.String())
	}
	return out
}

// signatureZH says in Chinese why a signature does not verify: the Chinese
// a *certification.VerifyError carries (MessageZH), or that of a message in
// both languages.
func signatureZH(err error) string {
	if zh, _, ok := splitZH(err.Error()); ok {
		return zh // a message in both languages
	}
	if ve, _ := err.(*certification.VerifyError); ve != nil && ve.MessageZH != "" {
		return ve.MessageZH
	}
	return "签名未通过验证"
}

// Problems lists everything wrong: the signature first, then the key
// fields, then every difference from the document rendered again; empty if
// OK. Each is one line of printable text: what the file says (page text,
// names, addresses) is quoted in it with its line breaks and other control
// characters escaped, so that a report printed line by line never shows
// the file's words as lines of its own (red team 28: a page reading
// "…\nGENUINE 真实: …" after a caption).
func (r *Report) Problems() []string {
	var out []string
	for _, l := range r.Lines() {
		out = append(out, l.EN)
	}
	return out
}

// EscapeControls returns s with the characters a terminal or a page acts
// on rather than shows written as escapes ("\u001b", "\u202e"): control
// characters but those in keep, and the bidirectional controls that
// reorder what follows them (ESC starts sequences that move the cursor,
// rewrite a line or hide what follows: a PDF's metadata could print a
// verdict of its own and conceal the real one). It returns s itself when
// it has none.
func EscapeControls(s, keep string) string {
	bad := func(r rune) bool {
		return !strings.ContainsRune(keep, r) && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r))
	}
	if !strings.ContainsFunc(s, bad) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if bad(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Err returns nil if the PDF is genuine, else a *certification.VerifyError
// (code EINVALID) whose message lists every problem. Its Reason is the
// signature's failure if there is one; else footprint.VerifyFieldMismatch
// if a printed field differs (Fields names them: the key fields first, then
// any other field a difference concerns); else VerifyDocumentMismatch.
func (r *Report) Err() error {
	problems := r.Problems()
	if len(problems) == 0 {
		return nil
	}
	e := &certification.VerifyError{Reason: VerifyDocumentMismatch, Message: strings.Join(problems, "; ")}
	if r.Signed != nil {
		e.KeyID = r.Signed.KeyID
	}
	for _, fc := range r.Fields {
		if !fc.OK() {
			e.Fields = append(e.Fields, fc.Field)
		}
	}
	for _, d := range r.Differences {
		for _, f := range d.Fields {
			if !slices.Contains(e.Fields, f) {
				e.Fields = append(e.Fields, f)
			}
		}
	}
	if len(e.Fields) > 0 {
		e.Reason = certification.VerifyFieldMismatch
	}
	if ve, ok := r.Signature.(*certification.VerifyError); ok {
		e.Reason = ve.Reason
	} else if r.Signature != nil {
		e.Reason = certification.VerifyMalformed
	}
	return e
}

// defaultRenderer renders documents again for VerifyPDF.
var defaultRenderer = sync.OnceValues(NewRenderer)

// VerifyPDF checks a certificate or label PDF offline with the embedded
// renderer; see Renderer.VerifyPDF.
func VerifyPDF(pdf []byte, keys []certification.PublicKey) (*Report, error) {
	r, err := defaultRenderer()
	if err != nil {
		return nil, err
	}
	return r.VerifyPDF(pdf, keys)
}

// VerifyPDF checks a certificate or label PDF offline. It extracts the
// embedded signed certificate and verifies its signature against keys (the
// published public keys, retired ones included). Then, since rendering is
// deterministic, it renders the document again from the signed content,
// with the parameters the PDF records (certificate or label, status at
// download, verification URL), and requires the file to be that document
// byte for byte. Anything else (an edited or added word or figure, a white
// box drawn over a figure, invisible or off-page text, another QR code,
// another font, changed page boxes, annotations, added objects, an
// incremental update, a re-saved file) is not the issued document, and the
// report says what differs, page by page, naming the certificate field
// concerned ("page 1: kg_co2e "179": text render mode 3 instead of 0;
// invisible: text render mode 3"). It also compares the key fields printed
// on the page with the signed content, as a summary ("certificate number
// on page (…) differs from signed content (…)").
//
// Every field of the signed content the renderer prints is covered this
// way, including fields added to the certificate later: nothing here lists
// them.
//
// It returns an EINVALID error and no report if the PDF cannot be read or
// carries no signed certificate. Otherwise the report is always returned,
// with the error Report.Err (nil for a genuine PDF).
func (r *Renderer) VerifyPDF(pdf []byte, keys []certification.PublicKey) (*Report, error) {
	f, err := parsePDF(pdf)
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "cannot read PDF: %s", err)
	}
	sc, err := extract(f)
	if err != nil {
		if f.objStreams > 0 {
			return nil, footprint.Errorf(footprint.EINVALID, "%s (the file was re-saved by another program, which packed its objects into compressed object streams: verify the file as downloaded)", footprint.ErrorMessage(err))
		}
		return nil, err
	}
	rep := &Report{Signed: sc, Signature: certification.VerifyCertificate(sc, keys)}
	fields, isCert, err := visibleFields(f)
	if err != nil {
		return nil, err
	}
	c := sc.Certificate
	signed := map[string]string{
		fieldNumber:  c.Number,
		fieldTotal:   FormatKgCO2e(c.KgCO2e),
		fieldID:      c.ID.String(),
		fieldIssued:  FormatDate(c.IssuedAt),
		fieldExpires: FormatDate(c.ExpiresAt),
		fieldKeyID:   sc.KeyID,
	}
	want := []string{fieldNumber, fieldTotal}
	if isCert {
		want = append(want, fieldID, fieldIssued, fieldExpires, fieldKeyID)
	}
	var extra []string // fields a label does not need but shows anyway
	for field := range fields {
		if !slices.Contains(want, field) {
			extra = append(extra, field)
		}
	}
	slices.Sort(extra)
	want = append(want, extra...)
	for _, field := range want {
		rep.Fields = append(rep.Fields, FieldCheck{Field: field, Name: visibleNames[field], NameZH: visibleNamesZH[field], Page: fields[field], Signed: signed[field]})
	}
	r.compareDocument(rep, pdf, f, isCert)
	return rep, rep.Err()
}

// compareDocument renders the document again from the signed content and
// records how the file differs from it.
func (r *Renderer) compareDocument(rep *Report, pdf []byte, f *pdfFile, isCert bool) {
	params, perr := parseKeywords(f.textValue(f.dict(f.trailer["Info"])["Keywords"]))
	c := rep.Signed.Certificate
	if since, replaced := layoutReplaced[params.layout]; perr == nil && replaced && !c.IssuedAt.Before(since) {
		perr = readErrorf(fmt.Sprintf("文件采用版式 %s%d，该版式已于 %s 停用，早于证书的签发（%s）：其文件采用 %s",
			documentFormatPrefix, params.layout, FormatDate(since.Add(-time.Second)), FormatDate(c.IssuedAt), DocumentFormat),
			"the document is in layout %s%d, which was replaced on %s, before the certificate was issued (%s): its documents are in %s",
			documentFormatPrefix, params.layout, FormatDate(since.Add(-time.Second)), FormatDate(c.IssuedAt), DocumentFormat)
	}
	if least := minLayout[c.Format]; perr == nil && params.layout < least {
		perr = readErrorf(fmt.Sprintf("文件采用版式 %s%d，认证服务从未以该版式生成格式 %d 的证书（其文件采用 %s%d 或更新的版式）",
			documentFormatPrefix, params.layout, c.Format, documentFormatPrefix, least),
			"the document is in layout %s%d, which the service never wrote for a certificate of format %d (its documents are in %s%d or later)",
			documentFormatPrefix, params.layout, c.Format, documentFormatPrefix, least)
	}
	if perr == nil && params.kind == kindLabel && !c.IssuedAt.Before(layoutV7Since) {
		if cut := r.labelCutsCertifier(c, params.layout); cut != "" {
			perr = readErrorf(fmt.Sprintf("文件采用版式 %s%d，该版式将认证机构名称截为 %q，而证书签名的是 %q（批准号 %s）：%s（北京时间）之后签发的证书以 %s 生成标签，完整印出名称和批准号；请重新下载",
				documentFormatPrefix, params.layout, cut, names(c.Certifier.NameZH, c.Certifier.NameEN), c.Certifier.ApprovalNumber, FormatDate(layoutV7Since.Add(-time.Second)), DocumentFormat),
				"the document is in layout %s%d, which cuts the certification body's names to %q, where the certificate signs %q (approval number %s): a certificate issued after %s (China Standard Time) is labelled in %s, which prints them whole with the approval number; download it again",
				documentFormatPrefix, params.layout, cut, names(c.Certifier.NameZH, c.Certifier.NameEN), c.Certifier.ApprovalNumber, FormatDate(layoutV7Since.Add(-time.Second)), DocumentFormat)
		}
	}
	if dqr, reads := layout3MisreadsDQR(c); perr == nil && params.layout == layoutV3 && params.kind == kindCertificate && dqr != "" && !c.IssuedAt.Before(layoutV4Since) {
		perr = readErrorf(fmt.Sprintf("文件采用版式 %s%d，该版式将 DQR 印为一位小数 %s（按 PEF 等级读作%s），而证书签名的是 %s（%s）：%s（北京时间）之后签发的证书以 %s 生成，会说明这一点；请重新下载",
			documentFormatPrefix, params.layout, dqr, lookup(dqrLevels, reads).zh, strconv.FormatFloat(c.DQR, 'f', -1, 64), lookup(dqrLevels, footprint.DQRLevel(c.DQR)).zh,
			FormatDate(layoutV4Since.Add(-time.Second)), DocumentFormat),
			"the document is in layout %s%d, which prints the DQR to one decimal, %s (%s to a reader of the PEF scale), where the certificate signs %s (%s): a certificate issued after %s (China Standard Time) is printed in %s, which says so; download it again",
			documentFormatPrefix, params.layout, dqr, lookup(dqrLevels, reads), strconv.FormatFloat(c.DQR, 'f', -1, 64), lookup(dqrLevels, footprint.DQRLevel(c.DQR)),
			FormatDate(layoutV4Since.Add(-time.Second)), DocumentFormat)
	}
	keywordsOK := perr == nil
	if perr != nil {
		zh, en := halves(perr)
		rep.Differences = append(rep.Differences, Difference{Message: en, ZH: zh})
		params = r.guessParams(f, rep.Signed, isCert, "")
	}
	recorded := params.verifyURL // what the QR code is rendered from, and compared with
	if c := rep.Signed.Certificate; c.VerifyBase != "" {
		// Format 4 signs the address: a QR code to any other is not the
		// issued document (rendered as issued below, the comparison shows
		// where the page differs).
		if want, _ := c.VerifyURL(""); params.verifyURL != want {
			rep.Differences = append(rep.Differences, Difference{Fields: []string{fieldVerifyURL},
				Message: fmt.Sprintf("the QR code leads to %s, not to the verification page the certificate signs, %s: a scan would not lead to the issuing service", params.verifyURL, want),
				ZH:      fmt.Sprintf("二维码指向 %s，而不是证书签名的验证页面 %s：扫码不会打开签发服务", params.verifyURL, want)})
			rep.Document.VerifyURL = params.verifyURL
			params.verifyURL = want
		}
	}
	exp, d, err := r.renderDocument(context.Background(), rep.Signed, params)
	if err != nil && keywordsOK {
		// Recorded parameters the renderer refuses: a verification URL
		// of another certificate, say.
		zh, en := messageHalves(err)
		rep.Differences = append(rep.Differences, Difference{Fields: []string{fieldVerifyURL},
			Message: "the document's recorded render parameters are not valid for its signed content: " + en,
			ZH:      "文件记录的生成参数对其签名内容无效：" + zh})
		params, keywordsOK = r.guessParams(f, rep.Signed, isCert, params.verifyURL), false
		exp, d, err = r.renderDocument(context.Background(), rep.Signed, params)
	}
	if keywordsOK && params.layout >= layoutV9 {
		// The host printed under the QR code is the one it leads to and,
		// when the certificate signs its address, the one it signs.
		rep.Differences = append(rep.Differences, printedHostProblems(f, isCert, recorded, rep.Signed.Certificate)...)
	}
	rep.Document = DocumentInfo{Kind: params.kind, Status: params.status, VerifyURL: EscapeControls(cmp.Or(rep.Document.VerifyURL, params.verifyURL), "")}
	// A genuine document of layout 7 or before whose page or document
	// information a browser reads as markup is the applicant's page as
	// much as the certificate (red team 83): refused, however well it
	// compares.
	if page, tag := markupInFile(pdf, f); tag != "" {
		rep.Differences = append(rep.Differences, markupDifference(page, tag, params.layout))
	}
	if err != nil {
		zh, en := messageHalves(err)
		rep.Differences = append(rep.Differences, Difference{Message: "the document cannot be rendered again from its signed content: " + en, ZH: "无法依签名内容重新生成文件：" + zh})
		return
	}
	if bytes.Equal(exp, pdf) {
		// The file is the document its signed content renders to, so its
		// pages print the signed fields: a field the page scan read
		// otherwise was read wrong (applicant text can be a caption, a
		// site named "证书编号 Certificate No." read as the number).
		for i := range rep.Fields {
			rep.Fields[i].Page = []string{rep.Fields[i].Signed}
		}
		return
	}
	ef, err := parsePDF(exp)
	if err != nil { // the renderer's own output
		rep.Differences = append(rep.Differences, Difference{Message: "internal error: cannot read the document rendered again: " + err.Error(), ZH: "内部错误：无法读取重新生成的文件"})
		return
	}
	rep.Differences = append(rep.Differences, diffDocuments(exp, pdf, ef, f, d, params, keywordsOK)...)
}

// messageHalves returns the Chinese and the English of a footprint error's
// message (footprint.ErrorMessage), which is "中文。English" where it has
// its Chinese.
func messageHalves(err error) (zh, en string) {
	m := footprint.ErrorMessage(err)
	if zh, en, ok := splitZH(m); ok {
		return zh, en
	}
	return "证书内容无法生成文件", m
}

// guessParams works out how a document without (valid) recorded render
// parameters would have been rendered: a certificate or a label by its page
// size; the status as the certificate prints it; the verification URL's
// base signed in the certificate (format 4), else from the recorded URL or
// the one the certificate prints, with the signed certificate's own path (a label prints no URL: its QR code is then
// reported as not checkable).
func (r *Renderer) guessParams(f *pdfFile, sc *certification.SignedCertificate, isCert bool, recordedURL string) docParams {
	path := certification.CertificateVerifyPath(sc.Certificate.ID)
	base := "https://verification-url.invalid"
	useBase := func(u string) {
		if i := strings.Index(u, "/v1/certificates/"); i > 0 && (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) {
			base = u[:i]
		}
	}
	useBase(recordedURL)
	p := docParams{layout: layoutCurrent, kind: kindLabel}
	if isCert {
		p.kind, p.status = kindCertificate, certification.CertificateValid
		pages, _ := f.pageStrings()
		for _, strs := range pages {
			for i, s := range strs {
				for st, b := range statusNames {
					if s == b.String() {
						p.status = st
					}
				}
				if s == tVerifyOnline.String() && i+1 < len(strs) && recordedURL == "" {
					useBase(strs[i+1])
				}
			}
		}
	}
	if sc.Certificate.VerifyBase != "" {
		base = sc.Certificate.VerifyBase // a signed base is the only one
	}
	p.verifyURL = base + path
	return p
}

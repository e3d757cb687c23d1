package labels

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// ExtractSignedCertificate reads the signed certificate embedded in a
// certificate or label PDF (the AttachmentName attachment), without any
// external tool. It checks the attachment's MD5 checksum, which gofpdf
// records, so a damaged or carelessly edited attachment is reported as such;
// it does not check the signature (VerifyPDF and
// footprint.VerifyCertificate do). Errors are EINVALID.
func ExtractSignedCertificate(pdf []byte) (*footprint.SignedCertificate, error) {
	f, err := parsePDF(pdf)
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "cannot read PDF: %s", err)
	}
	return extract(f)
}

func extract(f *pdfFile) (*footprint.SignedCertificate, error) {
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
	sc, err := footprint.ParseSignedCertificate(data)
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "embedded certificate: %s", footprint.ErrorMessage(err))
	}
	return sc, nil
}

// VisibleFields returns the key fields printed on the pages of a
// certificate or label PDF, by canonical field name ("number", "kg_co2e",
// "id", "issued_at", "expires_at", "key_id"), each with every value
// printed for it, in page order. Errors are EINVALID.
func VisibleFields(pdf []byte) (map[string][]string, error) {
	f, err := parsePDF(pdf)
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "cannot read PDF: %s", err)
	}
	fields, _, err := visibleFields(f)
	return fields, err
}

// visibleFields also reports whether the document is a certificate (as
// opposed to a label): a certificate shows more key fields. That is decided
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

// Report is the outcome of VerifyPDF.
type Report struct {
	// Signed is the signed certificate the PDF embeds.
	Signed *footprint.SignedCertificate

	// Signature is nil when the signature verifies against the keys
	// given, else the *footprint.VerifyError saying why not.
	Signature error

	// Fields compares each key field printed on the page with the
	// signed content.
	Fields []FieldCheck
}

// FieldCheck compares one key field printed on the page with the signed
// content.
type FieldCheck struct {
	Field  string   // canonical field name, e.g. "number"
	Name   string   // e.g. "certificate number"
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

// OK reports whether the PDF is genuine: the signature verifies and every
// key field on the page matches the signed content.
func (r *Report) OK() bool { return r.Err() == nil }

// Problems lists everything wrong, the signature first; empty if OK.
func (r *Report) Problems() []string {
	var out []string
	if r.Signature != nil {
		out = append(out, r.Signature.Error())
	}
	for _, fc := range r.Fields {
		if p := fc.Problem(); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Err returns nil if the PDF is genuine, else a *footprint.VerifyError
// (code EINVALID) whose message lists every problem and whose Reason is the
// signature's failure if there is one, else VerifyFieldMismatch naming the
// page fields that differ.
func (r *Report) Err() error {
	problems := r.Problems()
	if len(problems) == 0 {
		return nil
	}
	e := &footprint.VerifyError{Reason: footprint.VerifyFieldMismatch, Message: strings.Join(problems, "; ")}
	if r.Signed != nil {
		e.KeyID = r.Signed.KeyID
	}
	for _, fc := range r.Fields {
		if !fc.OK() {
			e.Fields = append(e.Fields, fc.Field)
		}
	}
	if ve, ok := r.Signature.(*footprint.VerifyError); ok {
		e.Reason = ve.Reason
	} else if r.Signature != nil {
		e.Reason = footprint.VerifyMalformed
	}
	return e
}

// VerifyPDF checks a certificate or label PDF offline: it extracts the
// embedded signed certificate, verifies its signature against keys (the
// published public keys, retired ones included), and compares the key
// fields printed on the page (number, footprint, and on a certificate also
// ID, dates and key fingerprint) with the signed content, so that an edited
// page is reported precisely ("certificate number on page (…) differs from
// signed content (…)").
//
// It returns an EINVALID error and no report if the PDF cannot be read or
// carries no signed certificate. Otherwise the report is always returned,
// with the error Report.Err (nil for a genuine PDF).
func VerifyPDF(pdf []byte, keys []footprint.PublicKey) (*Report, error) {
	f, err := parsePDF(pdf)
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "cannot read PDF: %s", err)
	}
	sc, err := extract(f)
	if err != nil {
		return nil, err
	}
	r := &Report{Signed: sc, Signature: footprint.VerifyCertificate(sc, keys)}
	fields, isCert, err := visibleFields(f)
	if err != nil {
		return nil, err
	}
	c := sc.Certificate
	signed := map[string]string{
		fieldNumber:  c.Number,
		fieldTotal:   FormatKgCO2e(c.KgCO2e),
		fieldID:      c.ID.String(),
		fieldIssued:  c.IssuedAt.Format(dateLayout),
		fieldExpires: c.ExpiresAt.Format(dateLayout),
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
		r.Fields = append(r.Fields, FieldCheck{Field: field, Name: visibleNames[field], Page: fields[field], Signed: signed[field]})
	}
	return r, r.Err()
}

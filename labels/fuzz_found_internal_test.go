package labels

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// What the fuzz targets of fuzz_internal_test.go found in the PDF reader,
// each a file a forger can hand to `pcf verify` or the verification
// routes: work done again for every object, trailer, string, page or mark
// of a file, so that a file of a few hundred kilobytes (or a few
// kilobytes, deflated) took minutes and allocated gigabytes.

// An object whose string never closes was read from its header to the end
// of the file, and the next header, inside that string, read again from
// there: 180 kB of "1 0 obj (" took 11 s and allocated 8 GB; "trailer ("
// the same, 15 s. Now what is read in vain counts, up to maxReread times
// the file's size, and such a file is refused.
func TestFuzzFound_UnreadableObjectsReadAgain(t *testing.T) {
	for _, tc := range []struct{ name, head, unit string }{
		{"unclosed strings after object headers", "%PDF-1.4\n", "1 0 obj ("},
		{"unclosed strings after trailer keywords", "%PDF-1.4\n1 0 obj 1 endobj\n", "trailer ("},
		{"arrays nested too deep after object headers", "%PDF-1.4\n", "1 0 obj ["},
		{"strings nested in trailers", "%PDF-1.4\n1 0 obj 1 endobj\n", "trailer <</A ("},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := append([]byte(tc.head), bytes.Repeat([]byte(tc.unit), 20000)...)
			if strings.HasPrefix(tc.unit, "trailer <<") {
				b = append(b, bytes.Repeat([]byte(")>>"), 20000)...)
			}
			var err error
			n := allocated(func() { _, err = parsePDF(b) })
			if max := allocBound(len(b), 0); n > max {
				t.Errorf("reading %d bytes allocated %d bytes, more than %d", len(b), n, max)
			}
			if !errors.Is(err, errReread) {
				t.Errorf("err %v, want %v", err, errReread)
			}
		})
	}
	// A file of the service reads nothing again.
	for _, b := range fuzzSeeds(t) {
		pf, err := parsePDF(b)
		if err != nil {
			t.Fatal(err)
		}
		if pf.reread != 0 {
			t.Errorf("a genuine document (%d bytes) read %d bytes again", len(b), pf.reread)
		}
	}
}

// Each '<' of a content stream of "< < < …" looked for its '>' to the end
// of the content: 1 MB of it (a kilobyte deflated) took about 20 s. The
// lexer now remembers where no '>' follows.
func TestFuzzFound_UnclosedHexStringsInContent(t *testing.T) {
	_, g := fuzzGenuineLabel(t)
	content := bytes.Repeat([]byte("< "), 500000)
	in := &interp{f: g}
	in.run(content, nil, "", initialState(), 0)
	if got := showStrings(content, nil); len(got) != 0 || len(in.marks) != 0 {
		t.Errorf("unclosed hex strings read as %d strings and %d marks, want none", len(got), len(in.marks))
	}
}

// BenchmarkFuzzFound_UnclosedHexStringsInContent is the cost of
// TestFuzzFound_UnclosedHexStringsInContent's content (about 20 s before
// the lexer remembered where no '>' follows).
func BenchmarkFuzzFound_UnclosedHexStringsInContent(b *testing.B) {
	_, g := fuzzGenuineLabel(b)
	content := bytes.Repeat([]byte("< "), 500000)
	for b.Loop() {
		in := &interp{f: g}
		in.run(content, nil, "", initialState(), 0)
		showStrings(content, nil)
	}
}

// A page listed 20,000 times in the page tree, whose resources name 5,000
// fonts, made a decoder of each font for each listing: 10^8 decoders, 124
// GB allocated in 2 minutes, from a file of 184 kB. Decoders are now made
// once for each font dictionary.
func TestFuzzFound_PagesSharingManyFonts(t *testing.T) {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids [")
	for range 2000 {
		b.WriteString("3 0 R ")
	}
	b.WriteString("]>> endobj\n3 0 obj <</Type/Page/Resources 4 0 R>> endobj\n4 0 obj <</Font <<")
	for i := range 2000 {
		fmt.Fprintf(&b, "/F%d 5 0 R ", i)
	}
	b.WriteString(">> >> endobj\n5 0 obj <</Type/Font/Subtype/Type1>> endobj\ntrailer <</Root 1 0 R>>\n")
	pf, err := parsePDF([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var strs [][]string
	n := allocated(func() { strs, err = pf.pageStrings() })
	if err != nil || len(strs) != 2000 {
		t.Fatalf("text of %d pages, error %v; want 2000 pages", len(strs), err)
	}
	if max := allocBound(b.Len(), pf.inflated); n > max {
		t.Errorf("reading the text of a page listed 2,000 times, its resources naming 2,000 fonts (%d bytes), allocated %d bytes, more than %d", b.Len(), n, max)
	}
}

// A page of 100,000 rectangles (deflated, a few kilobytes) compared with
// the genuine label: each added mark was described, which looks at every
// other mark of the page, after the report was full: 20,000 took 0.7 s,
// 100,000 about 16 s, 200,000 (maxOps) a minute.
func TestFuzzFound_ManyMarksDescribed(t *testing.T) {
	df, page := manyMarks(t)
	df.marks(1, page, page)
	if len(df.out) != maxDifferences || df.dropped < 1000 {
		t.Errorf("%d differences and %d more; want %d and the rest counted", len(df.out), df.dropped, maxDifferences)
	}
}

// manyMarks returns a differ comparing the genuine label's page with
// TestFuzzFound_ManyMarksDescribed's page of 100,000 rectangles, and the
// page.
func manyMarks(tb testing.TB) (*differ, pdfDict) {
	expB, exp := fuzzGenuineLabel(tb)
	var c bytes.Buffer
	zw := zlib.NewWriter(&c)
	for i := range 100000 {
		fmt.Fprintf(zw, "%d 0 1 1 re f\n", i%1000)
	}
	zw.Close()
	act := copyObjects(exp)
	page := exp.pages()[0]
	act.objects[page["Contents"].(pdfRef).num] = &pdfObject{value: pdfDict{"Filter": pdfName("FlateDecode")}, stream: c.Bytes()}
	return &differ{exp: exp, act: &act, expB: expB, actB: expB[:len(expB)-1], draw: &drawing{}, seen: map[[2]int]bool{}, qrNames: map[string]bool{}, viewCache: map[int][2]*pageView{}}, page
}

// BenchmarkFuzzFound_ManyMarksDescribed is the cost of comparing
// TestFuzzFound_ManyMarksDescribed's page (about 16 s before the marks
// past a full report were only counted).
func BenchmarkFuzzFound_ManyMarksDescribed(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		df, page := manyMarks(b)
		b.StartTimer()
		df.marks(1, page, page)
	}
}

// A node of the EmbeddedFiles name tree listing itself was walked along
// every path to it, 8 levels deep: listing itself 8 times, 8^9 walks, a
// minute and more for a few bytes added to a genuine document (compared
// with the issued one's attachments once the signature verifies), and its
// attachment read again at each. Each node is now walked once.
func TestFuzzFound_NameTreeListingItself(t *testing.T) {
	b := []byte("%PDF-1.4\n1 0 obj <</Kids [1 0 R 1 0 R 1 0 R 1 0 R 1 0 R 1 0 R 1 0 R 1 0 R] /Names [(a) 2 0 R]>> endobj\n" +
		"2 0 obj <</Type/Filespec/UF (a)>> endobj\n")
	pf, err := parsePDF(b)
	if err != nil {
		t.Fatal(err)
	}
	// Walked along every path, the node's attachment is met again and
	// listed a second time ("a (1)"), after a minute and more:
	// BenchmarkFuzzFound_NameTreeListingItself measures the call, and no
	// wall time is asserted here (tests assert behaviour).
	if got := pf.attachments(pdfRef{1, 0}); len(got) != 1 || got["a"] == nil {
		t.Errorf("attachments %v, want the one attachment a", got)
	}
}

func BenchmarkFuzzFound_NameTreeListingItself(b *testing.B) {
	pf, err := parsePDF([]byte("%PDF-1.4\n1 0 obj <</Kids [1 0 R 1 0 R 1 0 R 1 0 R 1 0 R 1 0 R 1 0 R 1 0 R] /Names [(a) 2 0 R]>> endobj\n" +
		"2 0 obj <</Type/Filespec/UF (a)>> endobj\n"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if got := pf.attachments(pdfRef{1, 0}); len(got) != 1 {
			b.Fatalf("attachments %v", got)
		}
	}
}

// A page selecting 50,000 fonts by name, and resources naming 20,000 the
// issued page lacks: the interpreter searched its list of the fonts used
// for each name (9 s), and pairing the resources with the issued page's
// searched that list at each comparison of a sort (10 s); at maxOps,
// minutes. Both now look names up in a map.
func TestFuzzFound_ManyResourceNames(t *testing.T) {
	_, g := fuzzGenuineLabel(t)
	c, res := manyResourceNames()
	in := &interp{f: g}
	in.run(c.Bytes(), nil, "", initialState(), 0)
	pairNames(pdfDict{}, res, nil, in.fontOrder)
	if len(in.fontOrder) != 50000 || in.fontOrder[1] != "F1" {
		t.Errorf("%d fonts in the order of use, want 50000 from F0, F1", len(in.fontOrder))
	}
	got := pairNames(pdfDict{}, pdfDict{"G1": 1.0, "G2": 1.0, "G3": 1.0}, nil, []pdfName{"G2", "G1", "G2"})
	if want := [][2]pdfName{{"", "G2"}, {"", "G1"}, {"", "G3"}}; !slices.Equal(got, want) {
		t.Errorf("pairNames %v, want %v: names in the order of first use, the unused last", got, want)
	}
}

// manyResourceNames returns TestFuzzFound_ManyResourceNames's content,
// selecting 50,000 fonts by name, and resources naming 20,000 others.
func manyResourceNames() (*bytes.Buffer, pdfDict) {
	var c bytes.Buffer
	for i := range 50000 {
		fmt.Fprintf(&c, "/F%d 1 Tf\n", i)
	}
	res := pdfDict{}
	for i := range 20000 {
		res[pdfName(fmt.Sprintf("G%d", i))] = 1.0
	}
	return &c, res
}

// BenchmarkFuzzFound_ManyResourceNames is the cost of
// TestFuzzFound_ManyResourceNames's content and resources (9 s and 10 s
// before the names were looked up in a map).
func BenchmarkFuzzFound_ManyResourceNames(b *testing.B) {
	_, g := fuzzGenuineLabel(b)
	c, res := manyResourceNames()
	for b.Loop() {
		in := &interp{f: g}
		in.run(c.Bytes(), nil, "", initialState(), 0)
		pairNames(pdfDict{}, res, nil, in.fontOrder)
	}
}

// /PCFText marked-content sequences nested 20,000 deep around 20,000
// strings: each EMC looked at every mark since its BMC, 20,000 × 20,000
// (60,000 deep, a megabyte of content deflated to a few kilobytes: 51 s).
// At most maxGroups are now open at once.
func TestFuzzFound_NestedTextGroups(t *testing.T) {
	_, g := fuzzGenuineLabel(t)
	in := &interp{f: g}
	in.run(nestedTextGroups(), nil, "", initialState(), 0)
	if len(in.marks) != 20001 {
		t.Errorf("%d marks, want the 20,001 strings (the last at another height: not merged)", len(in.marks))
	}
	// One group still merges its strings, as writePDF draws one string
	// in several fonts.
	in = &interp{f: g}
	in.run([]byte("BT /PCFText BMC (a) Tj (b) Tj EMC ET"), nil, "", initialState(), 0)
	if len(in.marks) != 1 || in.marks[0].text != "ab" {
		t.Errorf("marks %+v, want one mark \"ab\"", in.marks)
	}
}

// nestedTextGroups returns TestFuzzFound_NestedTextGroups's content:
// 20,000 /PCFText groups nested around 20,000 strings.
func nestedTextGroups() []byte {
	var c bytes.Buffer
	c.WriteString("BT ")
	for range 20000 {
		c.WriteString("/PCFText BMC\n")
	}
	for range 20000 {
		c.WriteString("(a) Tj\n")
	}
	c.WriteString("0 5 Td (b) Tj\n")
	for range 20000 {
		c.WriteString("EMC\n")
	}
	return c.Bytes()
}

// BenchmarkFuzzFound_NestedTextGroups is the cost of interpreting
// TestFuzzFound_NestedTextGroups's content (quadratic, 51 s at 60,000 deep, before
// at most maxGroups were open at once).
func BenchmarkFuzzFound_NestedTextGroups(b *testing.B) {
	_, g := fuzzGenuineLabel(b)
	content := nestedTextGroups()
	for b.Loop() {
		in := &interp{f: g}
		in.run(content, nil, "", initialState(), 0)
	}
}

// One string of 4 MB named by 40 entries of the document information (a
// few hundred bytes more in the file): each entry's difference quoted it
// whole, a report of 29 MB made in 20 s. The document information's text,
// and any message, is now cut at maxMessage bytes, saying how much more
// it had.
func TestFuzzFound_OneLongStringQuotedOften(t *testing.T) {
	expB, exp := fuzzGenuineLabel(t)
	act := copyObjects(exp)
	act.objects[9999] = &pdfObject{value: pdfString(bytes.Repeat([]byte("\x01长"), 2<<20))}
	info := pdfDict{}
	for i := range 40 {
		info[pdfName(fmt.Sprintf("K%d", i))] = pdfRef{9999, 0}
	}
	act.objects[9998] = &pdfObject{value: info}
	act.trailer = pdfDict{"Root": exp.trailer["Root"], "Info": pdfRef{9998, 0}}
	df := &differ{exp: exp, act: &act, expB: expB, actB: expB, seen: map[[2]int]bool{}}
	df.metadata()
	total := 0
	for _, d := range df.out {
		total += len(d.Message)
		if len(d.Message) > maxMessage+100 {
			t.Errorf("a message of %d bytes: %.80q…", len(d.Message), d.Message)
			break
		}
	}
	if len(df.out) < 40 || !strings.Contains(df.out[len(df.out)-1].Message, "bytes more)") {
		t.Errorf("%d differences (%d bytes in all), want 40 and more, each cut saying so", len(df.out), total)
	}
}

// Numbers beyond an int where the reader slices: a stream's /Length
// (FuzzDiffDocuments: 1e19, converted to a negative int, slicing the file
// there panicked) and an object stream's /First (the same, found reading
// the code). Each is now compared as a number first, as an entry's offset
// is (the order of the offsets refused one beyond an int already).
func TestFuzzFound_NumbersBeyondAnInt(t *testing.T) {
	for _, b := range []string{
		"%PDF-1.4\n1 0 obj <</Length 10000000000000000000>> stream\nabc\nendstream endobj\n",
		"%PDF-1.4\n1 0 obj <</Type/ObjStm/N 1/First 1e30/Length 10>> stream\n5 0 (abc)\nendstream endobj\n",
		"%PDF-1.4\n1 0 obj <</Type/ObjStm/N 2/First 10/Length 24>> stream\n5 0 6 1e30 (abc) (def)\nendstream endobj\n",
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%q: panic %v", b, r)
				}
			}()
			pf, err := parsePDF([]byte(b))
			if err != nil {
				t.Errorf("%q: %v", b, err)
				return
			}
			if o := pf.objects[1]; o == nil || len(o.stream) == 0 {
				t.Errorf("%q: object 1 read as %+v, want its stream", b, o)
			}
		}()
	}
}

// copyObjects returns a copy of f whose objects can be replaced.
func copyObjects(f *pdfFile) pdfFile {
	c := *f
	c.objects = maps.Clone(f.objects)
	return c
}

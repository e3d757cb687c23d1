package labels

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Reviewer 47: a cross-reference stream naming 16 million entries. Red
// team 76's reading of cross-reference streams gave each entry of a
// stream to the chain's record of numbers seen and of where objects are:
// a 47 KB update on a genuine label (/W [0 0 1], /Index [0 16000000], 16
// MB of zeros deflated) made `pcf verify` take 51 s and 3.4 GB. Every
// object a section puts somewhere needs at least a byte of the file, so
// no more entries are read, in all sections, than the file has bytes.
func TestReviewer47_XrefStreamEntriesBeyondTheFile(t *testing.T) {
	pdf := rev47ManyEntries(t)
	var f *pdfFile
	n := allocated(func() {
		var err error
		if f, err = parsePDF(pdf); err != nil {
			t.Fatal(err)
		}
	})
	if len(f.xrefAt) > len(pdf) {
		t.Errorf("the cross-reference stream put %d objects in a file of %d bytes, want at most one a byte", len(f.xrefAt), len(pdf))
	}
	if bound := allocBound(len(pdf), maxInflated); n > bound {
		t.Errorf("reading a file of %d bytes whose cross-reference stream names %d entries allocated %d bytes, want at most %d", len(pdf), maxInflated, n, bound)
	}
}

// rev47ManyEntries returns reviewer 47's file: a cross-reference stream
// of 16 KB naming 16 million entries (/W [0 0 1], /Index [0 16777216]).
func rev47ManyEntries(tb testing.TB) []byte {
	z := rt74Deflate(tb, make([]byte, maxInflated))
	body := "%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
	at := len(body)
	return []byte(fmt.Sprintf("%s2 0 obj\n<< /Type /XRef /W [0 0 1] /Index [0 %d] /Size %d /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n",
		body, maxInflated, maxInflated, len(z), z, at))
}

// xrefStreamEntries writes a cross-reference stream, object num at the
// builder's end, with the entries given as {object, type, field 2, field
// 3} (PDF 32000-1 §7.5.8.3) and itself at its offset, and points startxref
// at it. It returns the stream's offset.
func xrefStreamEntries(b *strings.Builder, gf *pdfFile, num, prev int, entries [][4]int) int {
	self := b.Len()
	entries = append(entries, [4]int{num, 1, self, 0})
	var data []byte
	var index []string
	size := 0
	for _, e := range entries {
		size = max(size, e[0]+1)
		data = append(data, byte(e[1]))
		data = binary.BigEndian.AppendUint32(data, uint32(e[2]))
		data = binary.BigEndian.AppendUint16(data, uint16(e[3]))
		index = append(index, fmt.Sprintf("%d 1", e[0]))
	}
	fmt.Fprintf(b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] /Root %s /Info %s /Prev %d /Length %d >>\nstream\n",
		num, size, strings.Join(index, " "), refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev, len(data))
	b.Write(data)
	fmt.Fprintf(b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", self)
	return self
}

// objectStream writes an object stream (PDF 32000-1 §7.5.7), object num
// at the builder's end, holding the objects given as {number, value}, and
// returns its offset.
func objectStream(b *strings.Builder, num int, objs [][2]string) int {
	var head, body strings.Builder
	for _, o := range objs {
		fmt.Fprintf(&head, "%s %d ", o[0], body.Len())
		body.WriteString(o[1] + "\n")
	}
	at := b.Len()
	fmt.Fprintf(b, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d >>\nstream\n%s%s\nendstream\nendobj\n",
		num, len(objs), head.Len(), head.Len()+body.Len(), head.String(), body.String())
	return at
}

// rev47Page returns the object number of a label's page (gf), a copy of
// its dictionary and a forged one, cropping the label to its QR code and
// turning it.
func rev47Page(gf *pdfFile) (num int, copied, forged string) {
	for n, o := range gf.objects {
		if d, ok := o.value.(pdfDict); ok && d["Type"] == pdfName("Page") {
			num = n
		}
	}
	page := gf.pages()[0]
	copied = fmt.Sprintf("<< /Type /Page /Parent %s /Resources %s /Contents %s >>", refString(page["Parent"]), refString(page["Resources"]), refString(page["Contents"]))
	return num, copied, strings.TrimSuffix(copied, " >>") + " /CropBox [120 60 170 113] /Rotate 90 >>"
}

// rev47TwoObjectStreams returns genuine, a label read as gf whose
// cross-reference table is at prev, with two incremental
// updates, as a program that writes object streams leaves them: the first
// moves the page tree and a copy of the page (object 95, which the body
// does not define) into object stream 90; the second redefines object 95
// in object stream 92, cropping the label to its QR code and turning it.
// Each update's cross-reference stream puts the objects in its object
// stream.
func rev47TwoObjectStreams(genuine []byte, gf *pdfFile, prev int) []byte {
	_, copied, forged := rev47Page(gf)
	tree := gf.pages()[0]["Parent"].(pdfRef).num
	box := ""
	for _, v := range gf.dict(pdfRef{tree, 0})["MediaBox"].([]any) {
		box += " " + fmtNum(v.(float64))
	}
	var b strings.Builder
	b.Write(genuine)
	at90 := objectStream(&b, 90, [][2]string{
		{strconv.Itoa(tree), fmt.Sprintf("<< /Type /Pages /Kids [95 0 R] /Count 1 /MediaBox [%s ] >>", box)},
		{"95", copied},
	})
	at91 := xrefStreamEntries(&b, gf, 91, prev, [][4]int{{tree, 2, 90, 0}, {90, 1, at90, 0}, {95, 2, 90, 1}})
	at92 := objectStream(&b, 92, [][2]string{{"95", forged}})
	xrefStreamEntries(&b, gf, 93, at91, [][4]int{{92, 1, at92, 0}, {95, 2, 92, 0}})
	return []byte(b.String())
}

// Reviewer 47: an object defined in two object streams, the later one an
// update's. The reader kept the definition of the lowest-numbered object
// stream, whatever the cross-reference sections said, and redefined only
// objects of the file's body (red team 76): the page viewers draw, that of
// object stream 92 (qpdf --show-object 95 reads its /CropBox and /Rotate,
// pdftoppm draws the QR code turned), was not the one compared, and the
// report named neither.
func TestReviewer47_ObjectRedefinedInALaterObjectStream(t *testing.T) {
	genuine, gf, keys, prev := rt74Label(t)
	pdf := rev47TwoObjectStreams(genuine, gf, prev)
	f, err := parsePDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.pages()[0]["Rotate"]; got != 90.0 {
		t.Errorf("the page read has /Rotate %v, want 90: the cross-reference sections put object 95 in object stream 92", got)
	}
	rep, err := VerifyPDF(pdf, keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	for _, want := range []string{"CropBox", "Rotate", "puts object 95 in object stream 92"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("report %q: want %q, as viewers draw the page of object stream 92", err, want)
		}
	}
}

// xrefStreamSeeds returns files with cross-reference streams (PDF 1.5)
// for the fuzz targets: reviewer 47's file, and incremental updates of
// the genuine label of testdata in the shapes red team 76 taught the
// reader to follow, and hostile ones: object streams redefining an object,
// a hybrid file's /XRefStm (at a stream and at a table), a chain of
// streams by /Prev, many /Index subsections, 8-byte fields, object
// streams whose /N and /First lie, type 2 entries naming no object stream.
func xrefStreamSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	genuine, gf := fuzzGenuineLabel(tb)
	var prev int
	if _, err := fmt.Sscan(string(genuine[strings.LastIndex(string(genuine), "startxref")+len("startxref"):]), &prev); err != nil {
		tb.Fatal(err)
	}
	pageNum, _, forged := rev47Page(gf)
	update := func(write func(b *strings.Builder)) []byte {
		var b strings.Builder
		b.Write(genuine)
		write(&b)
		return []byte(b.String())
	}
	out := [][]byte{rev47ManyEntries(tb), rev47TwoObjectStreams(genuine, gf, prev)}
	// A hybrid file: a classic table whose trailer names a
	// cross-reference stream putting the page in an object stream.
	out = append(out, update(func(b *strings.Builder) {
		at90 := objectStream(b, 90, [][2]string{{strconv.Itoa(pageNum), forged}})
		at91 := xrefStreamEntries(b, gf, 91, prev, [][4]int{{pageNum, 2, 90, 0}})
		at := b.Len()
		fmt.Fprintf(b, "xref\n90 2\n%010d 00000 n \n%010d 00000 n \ntrailer\n<< /Size 92 /Root %s /Info %s /Prev %d /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n",
			at90, at91, refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev, at91, at)
	}))
	// /XRefStm naming a table, and a table naming itself by /Prev.
	out = append(out, update(func(b *strings.Builder) {
		at := b.Len()
		fmt.Fprintf(b, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Root %s /Prev %d /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n",
			refString(gf.trailer["Root"]), at, prev, at)
	}))
	// 40 streams chained by /Prev, each putting the page in the object
	// stream before it.
	out = append(out, update(func(b *strings.Builder) {
		at := prev
		for i := range 40 {
			stm := 100 + 2*i
			at = xrefStreamEntries(b, gf, stm+1, at, [][4]int{{stm, 1, objectStream(b, stm, [][2]string{{strconv.Itoa(pageNum), forged}}), 0}, {pageNum, 2, stm, 0}})
		}
	}))
	// 300 subsections of one entry, with 8-byte fields of huge offsets
	// and type 2 entries naming the page, the stream itself and no object.
	out = append(out, update(func(b *strings.Builder) {
		self := b.Len()
		var data []byte
		var index []string
		for i := range 300 {
			index = append(index, fmt.Sprintf("%d 1", 3*i))
			switch i % 4 {
			case 0:
				data = append(data, 0, 0, 0, 0, 0, 0, 0, 1)
				data = binary.BigEndian.AppendUint64(data, 1<<63+uint64(i))
			case 1:
				data = append(data, 0, 0, 0, 0, 0, 0, 0, 2)
				data = binary.BigEndian.AppendUint64(data, uint64(pageNum))
			case 2:
				data = append(data, 0, 0, 0, 0, 0, 0, 0, 2)
				data = binary.BigEndian.AppendUint64(data, 1<<64-1)
			default:
				data = append(data, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
				data = binary.BigEndian.AppendUint64(data, uint64(self))
			}
			data = binary.BigEndian.AppendUint64(data, 1<<64-1)
		}
		fmt.Fprintf(b, "900 0 obj\n<< /Type /XRef /Size 901 /W [8 8 8] /Index [%s] /Root %s /Prev %d /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n",
			strings.Join(index, " "), refString(gf.trailer["Root"]), prev, len(data), data, self)
	}))
	// Object streams whose /N and /First lie: /N beyond the entries,
	// /First beyond the data and inside the header, offsets decreasing.
	out = append(out, update(func(b *strings.Builder) {
		entries := [][4]int{{pageNum, 2, 90, 0}, {95, 2, 91, 1}, {96, 2, 93, 2}}
		for i, dict := range []string{"/N 100000 /First 6", "/N 2 /First 99999999", "/N 2 /First 2", "/N 3 /First 14"} {
			data := fmt.Sprintf("%d 30 95 0 96 ", pageNum) + forged
			entries = append(entries, [4]int{90 + i, 1, b.Len(), 0})
			fmt.Fprintf(b, "%d 0 obj\n<< /Type /ObjStm %s /Length %d >>\nstream\n%s\nendstream\nendobj\n", 90+i, dict, len(data), data)
		}
		xrefStreamEntries(b, gf, 94, prev, entries)
	}))
	return out
}

// Reviewer 47's bound, one cross-reference entry a byte of the file, let
// a file of a few megabytes keep as many entries: 1 MB of padding and a
// stream naming 2 million objects, each at the header of object 1, kept a
// million entries twice (the numbers seen and where each object is), and
// each was looked for at its offset; a file of 4.2 MB took `pcf verify`
// 19 s and 680 MB. No object but object 1 is defined, so a viewer finds
// no other object there: the entries are not kept.
func TestReviewer47_XrefEntriesForObjectsTheFileDoesNotDefine(t *testing.T) {
	const entries = 2 << 20
	z := rt74Deflate(t, bytes.Repeat([]byte{1, 9}, entries))
	var b strings.Builder
	b.WriteString("%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	fmt.Fprintf(&b, "2 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", 1<<20, strings.Repeat("x", 1<<20))
	at := b.Len()
	fmt.Fprintf(&b, "3 0 obj\n<< /Type /XRef /W [1 1 0] /Index [10 %d] /Size %d /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n",
		entries, entries+10, len(z), z, at)
	pdf := []byte(b.String())
	var f *pdfFile
	var hidden []int
	n := allocated(func() {
		var err error
		if f, err = parsePDF(pdf); err != nil {
			t.Fatal(err)
		}
		hidden = f.hiddenDefinitions(pdf)
	})
	if len(f.xrefAt) > 3 || len(hidden) > 0 {
		t.Errorf("the cross-reference stream put %d objects (%d hidden), want at most the 3 the file defines", len(f.xrefAt), len(hidden))
	}
	// A few bytes for each byte of the file and of what its streams
	// decode to, as reading the rest of a file allocates.
	if bound := 1<<20 + 8*uint64(len(pdf)+f.inflated); n > bound {
		t.Errorf("reading a file of %d bytes whose cross-reference stream names %d objects it does not define allocated %d bytes, want at most %d", len(pdf), entries, n, bound)
	}
}

// A cross-reference stream named by the /XRefStm of 1,023 tables chained
// by /Prev, in an update of 129 kB on a genuine label. Each table read
// the stream again, decoding its 4 MB each time, until the file's streams
// could decode no more (maxInflatedFile): the embedded certificate could
// not be decoded, and `pcf verify` said only that it was corrupt. Read
// again, a stream gives no entry not seen already: it is read once.
func TestReviewer47_OneXrefStreamNamedByManyTables(t *testing.T) {
	genuine, gf, keys, prev := rt74Label(t)
	var b strings.Builder
	b.Write(genuine)
	self := b.Len()
	const n = 2 << 20
	z := rt74Deflate(t, bytes.Repeat([]byte{1, 20}, n))
	fmt.Fprintf(&b, "900 0 obj\n<< /Type /XRef /Size %d /W [1 1 0] /Index [1000 %d] /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n", n+1000, n, len(z), z)
	at := prev
	for range maxXrefSections - 1 {
		x := b.Len()
		fmt.Fprintf(&b, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Root %s /Info %s /Prev %d /XRefStm %d >>\n", refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), at, self)
		at = x
	}
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", at)
	pdf := []byte(b.String())
	f, err := parsePDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if f.inflated > 2*n {
		t.Errorf("reading the file decoded %d bytes, want at most %d: the cross-reference stream once", f.inflated, 2*n)
	}
	rep, err := VerifyPDF(pdf, keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
}

// An update of 20,000 object streams, each with its cross-reference
// stream, on a genuine label: 7.8 MB that took `pcf verify` 4.8 s, most of
// it sorting the file's 40,000 object numbers by insertion, twice for each
// reading of the page tree. Sorted as any list, 100,000 objects read in
// a tenth of a second.
func TestReviewer47_ManyObjectsSorted(t *testing.T) {
	const n = 100000
	f, err := parsePDF(manyObjects(n))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if got := len(f.pages()); got != 1 {
			t.Fatalf("%d pages, want 1", got)
		}
	}
}

// manyObjects returns a file of n objects and a page tree no trailer
// names, which the reader finds among the objects in number order.
func manyObjects(n int) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.5\n")
	for i := range n {
		fmt.Fprintf(&b, "%d 0 obj\nnull\nendobj\n", 10+i)
	}
	b.WriteString("1 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\n2 0 obj\n<< /Type /Page /Parent 1 0 R >>\nendobj\n")
	return []byte(b.String())
}

// BenchmarkManyObjectsSorted is the cost of TestReviewer47_ManyObjectsSorted's
// reading (100,000 objects: 14 s by insertion sort).
func BenchmarkManyObjectsSorted(b *testing.B) {
	pdf := manyObjects(100000)
	for b.Loop() {
		f, err := parsePDF(pdf)
		if err != nil {
			b.Fatal(err)
		}
		f.pages()
	}
}

// rev47EarlierDefinition returns a genuine label with an incremental
// update defining the page twice, a forged page (cropped to the QR code
// and turned) and then a copy of the genuine one, its cross-reference
// table putting the page at the forged definition, and the keys.
func rev47EarlierDefinition(t *testing.T) ([]byte, []certification.PublicKey, int) {
	genuine, gf, keys, prev := rt74Label(t)
	pageNum, copied, forged := rev47Page(gf)
	var b strings.Builder
	b.Write(genuine)
	at := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", pageNum, forged)
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", pageNum, copied)
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Info %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n",
		pageNum, at, len(gf.objects)+1, refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev, xref)
	return []byte(b.String()), keys, pageNum
}

// The cross-reference sections put an object at a definition in the body
// that a later one in the file replaces: an update defining the page
// forged, then again genuine, its table pointing at the forged one. The
// reader read the last definition of each object, so it compared the
// genuine page, and named only the update, while viewers draw the forged
// one (qpdf --show-object reads its /CropBox and /Rotate, pdfinfo a page
// of 50 x 53 pt turned 90°).
func TestReviewer47_ObjectAtAnEarlierDefinitionInTheBody(t *testing.T) {
	pdf, keys, pageNum := rev47EarlierDefinition(t)
	f, err := parsePDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.pages()[0]["Rotate"]; got != 90.0 {
		t.Errorf("the page read has /Rotate %v, want 90: the cross-reference table puts object %d at its first definition in the update", got, pageNum)
	}
	rep, err := VerifyPDF(pdf, keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	for _, want := range []string{"CropBox", "Rotate", fmt.Sprintf("puts object %d at its definition at byte", pageNum)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("report %q: want %q, as viewers draw the page the cross-reference table points at", err, want)
		}
	}
}

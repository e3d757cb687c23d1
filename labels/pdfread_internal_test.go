package labels

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// rt76HiddenPage returns a genuine label with an incremental update
// holding a carrier stream (object 90) whose data is another definition of
// the page's content object, drawing a white box over the figure: what
// viewers draw when a cross-reference section points at it. It returns the
// file up to the carrier's end, the keys, the content object's number, where its
// hidden definition starts and where the carrier starts.
func rt76HiddenPage(t *testing.T) (b *strings.Builder, gf *pdfFile, keys []certification.PublicKey, content, innerAt, carrierAt, prev int) {
	t.Helper()
	genuine, gf, keys, prev := rt74Label(t)
	content = gf.pages()[0]["Contents"].(pdfRef).num
	data, _, err := gf.streamData(pdfRef{content, 0})
	if err != nil {
		t.Fatal(err)
	}
	forgedContent := string(data) + "\n1 1 1 rg 10 55 80 30 re f\n"
	inner := fmt.Sprintf("%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", content, len(forgedContent), forgedContent)
	b = &strings.Builder{}
	b.Write(genuine)
	carrierAt = b.Len()
	fmt.Fprintf(b, "90 0 obj\n<< /Length %d >>\nstream\n", len(inner))
	innerAt = b.Len()
	b.WriteString(inner + "\nendstream\nendobj\n")
	return b, gf, keys, content, innerAt, carrierAt, prev
}

// xrefStreamObject writes a cross-reference stream (PDF 32000-1 §7.5.8),
// object num at the builder's end, putting each object of at (in order) at
// its offset, itself included, and points startxref at it.
func xrefStreamObject(b *strings.Builder, gf *pdfFile, num, prev int, at [][2]int) {
	self := b.Len()
	at = append(at, [2]int{num, self})
	var data []byte
	var index []string
	for _, e := range at {
		data = append(data, 1)
		data = binary.BigEndian.AppendUint32(data, uint32(e[1]))
		data = append(data, 0, 0)
		index = append(index, fmt.Sprintf("%d 1", e[0]))
	}
	fmt.Fprintf(b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] /Root %s /Info %s /Prev %d /Length %d >>\nstream\n",
		num, num+1, strings.Join(index, " "), refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev, len(data))
	b.Write(data)
	fmt.Fprintf(b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", self)
}

// Red team 76: red team 74's object hidden inside another object's stream
// data, pointed at by a cross-reference stream (PDF 1.5) instead of a
// classic table. The verifier counted cross-reference streams but did not
// read where they put objects, so its report named an unused stream and
// the file's new cross-reference section, not the page content viewers
// draw (poppler's pdftoppm draws the white box over the figure). The
// verdict was NOT GENUINE either way: only the report's naming is at stake.
func TestRedteam76_ObjectHiddenBehindAnXrefStream(t *testing.T) {
	b, gf, keys, content, innerAt, carrierAt, prev := rt76HiddenPage(t)
	xrefStreamObject(b, gf, 91, prev, [][2]int{{content, innerAt}, {90, carrierAt}})
	rep, err := VerifyPDF([]byte(b.String()), keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	want := fmt.Sprintf("cross-reference stream puts object %d at byte %d", content, innerAt)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("report %q: want %q, and that viewers read another object %d there than this verifier", err, want, content)
	}
}

// rt76DecoyTableInAStream verifies rt76HiddenPage's file with its update's
// table, then object 91, whose data is a decoy table putting the page's
// content stream back at its genuine definition, and a startxref naming
// startxref(the byte the update's table starts at). It returns the
// content stream's number, where the update puts it, and the error of the
// report, failing t without one.
func rt76DecoyTableInAStream(t *testing.T, startxref func(xrefAt int) int) (content, innerAt int, err error) {
	t.Helper()
	b, gf, keys, content, innerAt, carrierAt, prev := rt76HiddenPage(t)
	xrefAt := b.Len()
	fmt.Fprintf(b, "xref\n%d 1\n%010d 00000 n \n90 1\n%010d 00000 n \ntrailer\n<< /Size 92 /Root %s /Info %s /Prev %d >>\n",
		content, innerAt, carrierAt, refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev)
	decoy := fmt.Sprintf("xref\n%d 1\n%010d 00000 n \n", content, gf.offsets[content])
	fmt.Fprintf(b, "91 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", len(decoy), decoy, startxref(xrefAt))
	rep, err := VerifyPDF([]byte(b.String()), keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	return content, innerAt, err
}

// Red team 76: a decoy cross-reference table inside a stream after the
// real one. The reader took every "xref" line of the file, the last
// table's entry winning, so a decoy putting object 6 back at its genuine
// definition, inside a stream no viewer reads as a table (startxref
// points at the real one), hid red team 74's object from the report.
func TestRedteam76_DecoyTableInsideALaterStream(t *testing.T) {
	content, innerAt, err := rt76DecoyTableInAStream(t, func(xrefAt int) int { return xrefAt })
	want := fmt.Sprintf("cross-reference table puts object %d at byte %d", content, innerAt)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("report %q: want %q: the decoy table inside object 91's data is no section a viewer reads", err, want)
	}
}

// Red team 76: a decoy trailer inside a stream after the real one. The
// reader took the last "trailer" of the file for the document's, so a
// decoy naming the genuine document information hid a new one, with the
// title viewers show (pdfinfo), from the report, which named only "object
// 92 … not used by the document (left over from an edit)".
func TestRedteam76_DecoyTrailerInsideALaterStream(t *testing.T) {
	genuine, gf, keys, prev := rt74Label(t)
	info := gf.dict(gf.trailer["Info"])
	var b strings.Builder
	b.Write(genuine)
	infoAt := b.Len()
	b.WriteString("92 0 obj\n<<")
	for k, v := range info {
		if k != "Title" {
			fmt.Fprintf(&b, " /%s (%s)", k, gf.textValue(v))
		}
	}
	b.WriteString(" /Title (Forged title) >>\nendobj\n")
	xrefAt := b.Len()
	fmt.Fprintf(&b, "xref\n92 1\n%010d 00000 n \ntrailer\n<< /Size 94 /Root %s /Info 92 0 R /Prev %d >>\n",
		infoAt, refString(gf.trailer["Root"]), prev)
	decoy := fmt.Sprintf("trailer\n<< /Size 94 /Root %s /Info %s >>\n", refString(gf.trailer["Root"]), refString(gf.trailer["Info"]))
	fmt.Fprintf(&b, "93 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", len(decoy), decoy, xrefAt)
	rep, err := VerifyPDF([]byte(b.String()), keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	if want := `document information /Title is "Forged title"`; !strings.Contains(err.Error(), want) {
		t.Errorf("report %q: want %q: the decoy trailer inside object 93's data is no trailer a viewer reads", err, want)
	}
}

// Red team 76: a page dictionary redefined inside an object stream (PDF
// 1.5) that a cross-reference stream points at, in an incremental update
// of a genuine label: the forged page crops the label to its QR code and
// rotates it (pdfinfo reads a page of 50 x 53 pt turned 90°, pdftoppm
// draws it turned). The verifier kept
// the body's definition of an object an object stream defines too, so it
// compared the genuine page and named only the object stream and the
// update; a viewer follows the cross-reference stream to the object
// stream's page. The verdict was NOT GENUINE either way.
func TestRedteam76_PageRedefinedInAnObjectStream(t *testing.T) {
	genuine, gf, keys, prev := rt74Label(t)
	page := gf.pages()[0]
	pageNum, _, _ := rev47Page(gf)
	forged := fmt.Sprintf("<< /Type /Page /Parent %s /Resources %s /Contents %s /MediaBox [0 0 170 113] /CropBox [120 60 170 113] /Rotate 90 >>",
		refString(page["Parent"]), refString(page["Resources"]), refString(page["Contents"]))
	head := fmt.Sprintf("%d 0 ", pageNum)
	data := head + forged
	var b strings.Builder
	b.Write(genuine)
	stmAt := b.Len()
	fmt.Fprintf(&b, "90 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(head), len(data), data)
	// The cross-reference stream: the page in object stream 90 (type 2),
	// 90 and itself at their offsets.
	self := b.Len()
	var entries []byte
	entries = append(entries, 2, 0, 0, 0, 90, 0, 0)
	entries = append(entries, 1)
	entries = binary.BigEndian.AppendUint32(entries, uint32(stmAt))
	entries = append(entries, 0, 0, 1)
	entries = binary.BigEndian.AppendUint32(entries, uint32(self))
	entries = append(entries, 0, 0)
	fmt.Fprintf(&b, "91 0 obj\n<< /Type /XRef /Size 92 /W [1 4 2] /Index [%d 1 90 2] /Root %s /Info %s /Prev %d /Length %d >>\nstream\n",
		pageNum, refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev, len(entries))
	b.Write(entries)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", self)
	rep, err := VerifyPDF([]byte(b.String()), keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	for _, want := range []string{"CropBox", "Rotate"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("report %q: want the page's /%s named, as viewers draw the page of the object stream", err, want)
		}
	}
}

// Red team 76: the decoy table's file with its startxref broken (it names
// byte 123, inside the header's comment). A viewer that cannot follow the
// sections rebuilds them from the objects' headers, the last header of a
// number winning, headers inside stream data too: pdftoppm drew the hidden
// object 6, the white box over the figure. The reader read every table
// in file order instead, so the decoy put object 6 back and the report
// named two unused streams.
func TestRedteam76_HiddenObjectFoundByAViewerRebuildingTheTable(t *testing.T) {
	content, innerAt, err := rt76DecoyTableInAStream(t, func(int) int { return 123 })
	want := fmt.Sprintf("the last header of object %d in the file, at byte %d", content, innerAt)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("report %q: want %q, inside another object's data, which viewers rebuilding the table read", err, want)
	}
}

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

// Red team 74: a page tree whose nodes list a node more than once. The
// verifier walked the tree by depth alone (64 levels), so a node listing
// itself twice (/Kids [1 0 R 1 0 R 5 0 R]), an incremental update of 216
// bytes on a genuine label, made `pcf verify` walk 2^65 nodes: it took
// every byte of memory it could (1.6 GB in use when it died, out of
// memory, under a 4 GB limit; the machine's 24 GB without one), and the
// reader got no verdict. A chain of 20 nodes each listing the next twice
// read as 2^20 pages. A correct reader walks each node of the tree once,
// and reports such a file as not genuine like any other edit.
func TestRedteam74_PageTreeListingANodeTwice(t *testing.T) {
	// A chain of 20 page-tree nodes, each listing the next twice, the last
	// the one page: 2^20 paths to it.
	var b strings.Builder
	b.WriteString("%PDF-1.3\n")
	const n = 20
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 1 >>\nendobj\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Pages /Kids [%d 0 R] /Count 1 >>\nendobj\n", n+1, n+2)
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Page /MediaBox [0 0 170 113] >>\nendobj\n", n+2)
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\ntrailer\n<< /Root %d 0 R >>\n%%%%EOF\n", n+3, n+3)
	f, err := parsePDF([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(f.pages()); got != 1 {
		t.Fatalf("a chain of %d page-tree nodes each listing the next twice reads as %d pages, want 1: each node is walked once", n, got)
	}

	// A genuine label whose page tree lists itself twice, appended as an
	// incremental update (run only once the chain reads right: before the
	// fix it takes all memory).
	genuine, gf, keys, prev := rt74Label(t)
	var treeNum int
	for num, o := range gf.objects {
		if d, ok := o.value.(pdfDict); ok && d["Type"] == pdfName("Pages") {
			treeNum = num
		}
	}
	kids := gf.objects[treeNum].value.(pdfDict)["Kids"].([]any)
	page := kids[0].(pdfRef)
	body := fmt.Sprintf("%d 0 obj\n<< /Type /Pages /Kids [%d 0 R %d 0 R %d 0 R] /Count 1 >>\nendobj\n", treeNum, treeNum, treeNum, page.num)
	off := len(genuine)
	xref := fmt.Sprintf("xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Info %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n",
		treeNum, off, len(gf.objects)+1, refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev, off+len(body))
	forged := append(append([]byte{}, genuine...), body+xref...)
	rep, err := VerifyPDF(forged, keys)
	if err == nil || rep == nil {
		t.Fatalf("a genuine label whose page tree lists itself twice: err %v, report %v; want a report saying it is not genuine", err, rep)
	}
	if !strings.Contains(err.Error(), "incremental update") {
		t.Errorf("report %q: want the incremental update named", err)
	}
}

// rt74Label returns a genuine label, read, with the keys that verify it and
// the offset of its cross-reference table, for an incremental update.
func rt74Label(t *testing.T) (genuine []byte, f *pdfFile, keys []certification.PublicKey, xref int) {
	t.Helper()
	sc, keys, url := signedWithURL(t, format4Certificate(), "red team 74", time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC))
	r := mustTestRenderer(t)
	genuine, err := r.RenderLabelPDF(context.Background(), sc, url)
	if err != nil {
		t.Fatal(err)
	}
	if f, err = parsePDF(genuine); err != nil {
		t.Fatal(err)
	}
	start := strings.LastIndex(string(genuine), "startxref")
	// Sscan, not Sscanf: "%d" does not skip the newline after startxref, so
	// xref was 0 and every forged update's /Prev pointed at nothing (reviewer 46).
	if _, err := fmt.Sscan(string(genuine[start+len("startxref"):]), &xref); err != nil || xref <= 0 {
		t.Fatalf("startxref of the genuine label: %d (%v)", xref, err)
	}
	return genuine, f, keys, xref
}

func refString(v any) string {
	r, _ := v.(pdfRef)
	return fmt.Sprintf("%d %d R", r.num, r.gen)
}

// rt74Deflate returns b deflated as a FlateDecode stream's data.
func rt74Deflate(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Red team 74: a compressed object stream whose entries all point at one
// offset. The verifier read each entry's object at its offset to the end
// of the stream, so 100,000 entries pointing at one array of 2,000,000
// numbers, a stream of 247 kB added to a genuine label, were read as
// 100,000 such arrays: `pcf verify` ran out of memory (2.2 GB in use,
// under a 4 GB limit) in 12 s. A correct reader reads each object within
// its span, the offsets in increasing order as PDF 32000-1 §7.5.7 has them,
// and no more.
func TestRedteam74_ObjectStreamEntriesAtOneOffset(t *testing.T) {
	var hdr strings.Builder
	const entries, numbers = 1000, 10000
	for i := range entries {
		fmt.Fprintf(&hdr, "%d 0 ", 100+i)
	}
	data := hdr.String() + "[" + strings.Repeat("0 ", numbers) + "]"
	z := rt74Deflate(t, []byte(data))
	pdf := fmt.Sprintf("%%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n%%%%EOF\n",
		entries, hdr.Len(), len(z), z)
	f, err := parsePDF([]byte(pdf))
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for num := range f.objects {
		if num >= 100 {
			read++
		}
	}
	if read > 1 {
		t.Errorf("an object stream of %d entries at one offset was read as %d objects of %d numbers each, want at most one: each object is read within its span", entries, read, numbers)
	}
}

// Red team 74: page content that inflates to 16 MB (the limit of one
// stream: 76 kB of deflated "BT (x) Tj ET"), the content of a page the
// page tree lists 2,000 times. Each listing was a page read in full, its
// text and marks kept: `pcf verify` ran out of memory (2.2 GB in use,
// under a 4 GB limit) in 20 s. A correct reader decodes no more than a
// bound in all (32 MB, maxInflatedFile), far above what any document of the
// service decodes to, and reports such a file as not genuine.
func TestRedteam74_StreamsDecodedBeyondAFilesBound(t *testing.T) {
	content := rt74Deflate(t, bytes.Repeat([]byte("BT (x) Tj ET\n"), maxInflated/13))
	pdf := fmt.Sprintf("%%PDF-1.3\n1 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n%%%%EOF\n", len(content), content)
	f, err := parsePDF([]byte(pdf))
	if err != nil {
		t.Fatal(err)
	}
	const bound = 32 << 20 // twice one stream's limit
	decoded := 0
	for range 2 * bound / maxInflated {
		data, _, err := f.streamData(pdfRef{1, 0})
		if err != nil {
			break
		}
		decoded += len(data)
	}
	if decoded > bound {
		t.Errorf("one file's streams decoded to %d bytes, want at most %d", decoded, bound)
	}
}

// Red team 74: an object hidden inside another stream's data. An
// incremental update on a genuine label added a stream (object 40) whose
// data is a whole definition of the page content, object 6, drawing a
// white box and "75" over the figure, and its cross-reference table put
// object 6 at that definition. Viewers follow the table: poppler drew "75"
// over 150 (pdftoppm), and qpdf --check found no error. The verifier reads
// objects front to back and skips stream data, so it never read that
// object 6: it said NOT GENUINE, but named only "adds object 40 (a
// stream)" and "object 40 (a stream) is not used by the document (left
// over from an edit)", a harmless leftover, of a file whose page viewers
// draw another figure on. A correct report says that the cross-reference
// table puts object 6 where this verifier read no object, inside another
// object's data, so that viewers read another object 6 than it did.
func TestRedteam74_ObjectHiddenInsideAStream(t *testing.T) {
	// Reviewer 46: the table's offset a byte early, at the line break
	// before the header, which viewers skip, hid it from the report.
	for _, shift := range []int{0, -1} {
		t.Run(fmt.Sprintf("offset%+d", shift), func(t *testing.T) { rt74HiddenObject(t, shift) })
	}
}

func rt74HiddenObject(t *testing.T, shift int) {
	genuine, gf, keys, prev := rt74Label(t)
	content := gf.pages()[0]["Contents"].(pdfRef).num
	data, _, err := gf.streamData(pdfRef{content, 0})
	if err != nil {
		t.Fatal(err)
	}
	forgedContent := string(data) + "\n1 1 1 rg 10 55 80 30 re f\n"
	inner := fmt.Sprintf("%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", content, len(forgedContent), forgedContent)
	carrier := 90
	var b strings.Builder
	b.Write(genuine)
	carrierAt := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Length %d >>\nstream\n", carrier, len(inner))
	innerAt := b.Len()
	b.WriteString(inner + "\nendstream\nendobj\n")
	xrefAt := b.Len()
	fmt.Fprintf(&b, "xref\n%d 1\n%010d 00000 n \n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Info %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n",
		content, innerAt+shift, carrier, carrierAt, carrier+1, refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev, xrefAt)
	rep, err := VerifyPDF([]byte(b.String()), keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	want := fmt.Sprintf("cross-reference table puts object %d at byte %d", content, innerAt+shift)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("report %q: want %q, and that viewers read another object %d there than this verifier", err, want, content)
	}
}

// Session 48: an incremental update whose new objects are defined only
// inside its object stream (PDF 1.5). The report listed the object stream
// and the cross-reference stream as added, not the objects inside.
func TestLeft48_ObjectsAddedInAnUpdatesObjectStream(t *testing.T) {
	genuine, gf, keys, prev := rt74Label(t)
	var b strings.Builder
	b.Write(genuine)
	at90 := objectStream(&b, 90, [][2]string{
		{"95", "<< /Type /Annot /Subtype /FreeText /Rect [10 10 60 30] /Contents (added) >>"},
		{"96", "<< /Forged true >>"},
	})
	xrefStreamEntries(&b, gf, 91, prev, [][4]int{{90, 1, at90, 0}, {95, 2, 90, 0}, {96, 2, 90, 1}})
	rep, err := VerifyPDF([]byte(b.String()), keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	var update, updateZH string
	for _, d := range rep.Differences {
		if strings.Contains(d.Message, "incremental update") {
			update, updateZH = d.Message, d.Chinese()
		}
	}
	for _, want := range []string{"90 (an object stream)", "95 (an annotation)", "96 (a dictionary)"} {
		if !strings.Contains(update, want) {
			t.Errorf("the update's line %q: want %q among the objects it adds", update, want)
		}
	}
	for _, want := range []string{"90（对象流）", "95（注释）", "96（字典）"} {
		if !strings.Contains(updateZH, want) {
			t.Errorf("the update's line in Chinese %q: want %q among the objects it adds", updateZH, want)
		}
	}
}

// Session 48: an embedded certificate whose data cannot be decoded. The
// error quoted the reader's English ("object 7: inflate: zlib: invalid
// header") in its Chinese half too; the Chinese names the problem in
// Chinese, the English half keeps the reader's words.
func TestLeft48_CorruptCertificateSaidInChinese(t *testing.T) {
	genuine, gf, keys, _ := rt74Label(t)
	var data []byte
	for _, num := range gf.sortedNums() {
		if d, _ := gf.objects[num].value.(pdfDict); d["Type"] == pdfName("EmbeddedFile") {
			data = gf.objects[num].stream
		}
	}
	at := bytes.Index(genuine, data)
	if data == nil || at < 0 {
		t.Fatal("no embedded file in the genuine label")
	}
	pdf := bytes.Clone(genuine)
	pdf[at], pdf[at+1] = 'x', 'x' // no zlib header: the stream cannot be inflated
	rep, err := VerifyPDF(pdf, keys)
	if rep != nil || err == nil {
		t.Fatalf("report %v, error %v: want no report and an error", rep, err)
	}
	msg := footprint.ErrorMessage(err)
	zh, en, _ := strings.Cut(msg, "。")
	if !strings.HasPrefix(zh, "嵌入的证书已损坏：") || strings.ContainsFunc(zh, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }) {
		t.Errorf("message %q: want its Chinese half in Chinese, naming the problem, not quoting the reader's English", msg)
	}
	if !strings.HasPrefix(en, "embedded certificate is corrupt: object ") || !strings.Contains(en, "inflate") {
		t.Errorf("message %q: want the English half to keep the reader's words", msg)
	}
}

// Reviewer 48: a stream whose filter name holds newlines (#0A) made the
// reader's error print lines of its own, one reading "GENUINE 真实: the
// signature verifies" under pcf verify's error. Ensure the error is one
// line, the name quoted with its controls escaped, in both halves.
func TestReviewer48_FilterNameWithNewlinesIsOneLine(t *testing.T) {
	f, err := parsePDF([]byte("%PDF-1.4\n1 0 obj <</Length 2 /Filter /Zz#0A#0AGENUINE#20#E7#9C#9F#E5#AE#9E:#20the#20signature#20verifies>> stream\nab\nendstream endobj\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = f.streamData(pdfRef{1, 0})
	if err == nil {
		t.Fatal("a stream with an unknown filter decoded")
	}
	zh, en := halves(err)
	for _, s := range []string{err.Error(), zh, en} {
		if strings.ContainsAny(s, "\n\r") || !strings.Contains(s, "Zz") {
			t.Errorf("error %q: want one line naming the filter Zz", s)
		}
	}
}

// Reviewer 48: a message in both languages whose Chinese quotes text with
// a "。" was cut at that "。", its English then starting inside the quote.
func TestReviewer48_SplitAtTheLastFullStopOutsideQuotes(t *testing.T) {
	zh, en, ok := splitZH("产品名称“示例组件。550W”与签名不符。the product name \"示例组件。550W\" differs from the signed one")
	if !ok || zh != "产品名称“示例组件。550W”与签名不符" || en != "the product name \"示例组件。550W\" differs from the signed one" {
		t.Errorf("splitZH: %q | %q | %v", zh, en, ok)
	}
}

// mustPageContents parses the PDF b and returns it with the content of
// each of its pages.
func mustPageContents(tb testing.TB, b []byte) (*pdfFile, [][]byte) {
	tb.Helper()
	f, err := parsePDF(b)
	if err != nil {
		tb.Fatal(err)
	}
	var contents [][]byte
	for _, p := range f.pages() {
		c, err := f.pageContent(p)
		if err != nil {
			tb.Fatal(err)
		}
		contents = append(contents, c)
	}
	return f, contents
}

package labels

import (
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
	z := rt74Deflate(t, make([]byte, maxInflated))
	body := "%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
	at := len(body)
	pdf := []byte(fmt.Sprintf("%s2 0 obj\n<< /Type /XRef /W [0 0 1] /Index [0 %d] /Size %d /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n",
		body, maxInflated, maxInflated, len(z), z, at))
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

// rev47TwoObjectStreams returns a genuine label with two incremental
// updates, as a program that writes object streams leaves them: the first
// moves the page tree and a copy of the page (object 95, which the body
// does not define) into object stream 90; the second redefines object 95
// in object stream 92, cropping the label to its QR code and turning it.
// Each update's cross-reference stream puts the objects in its object
// stream.
func rev47TwoObjectStreams(t *testing.T) ([]byte, []certification.PublicKey) {
	t.Helper()
	genuine, gf, keys, prev := rt74Label(t)
	page := gf.pages()[0]
	var tree int
	for num, o := range gf.objects {
		if d, ok := o.value.(pdfDict); ok && d["Type"] == pdfName("Pages") {
			tree = num
		}
	}
	box := ""
	for _, v := range gf.dict(pdfRef{tree, 0})["MediaBox"].([]any) {
		box += " " + fmtNum(v.(float64))
	}
	copied := fmt.Sprintf("<< /Type /Page /Parent %d 0 R /Resources %s /Contents %s >>", tree, refString(page["Resources"]), refString(page["Contents"]))
	var b strings.Builder
	b.Write(genuine)
	at90 := objectStream(&b, 90, [][2]string{
		{strconv.Itoa(tree), fmt.Sprintf("<< /Type /Pages /Kids [95 0 R] /Count 1 /MediaBox [%s ] >>", box)},
		{"95", copied},
	})
	at91 := xrefStreamEntries(&b, gf, 91, prev, [][4]int{{tree, 2, 90, 0}, {90, 1, at90, 0}, {95, 2, 90, 1}})
	forged := strings.TrimSuffix(copied, " >>") + " /CropBox [120 60 170 113] /Rotate 90 >>"
	at92 := objectStream(&b, 92, [][2]string{{"95", forged}})
	xrefStreamEntries(&b, gf, 93, at91, [][4]int{{92, 1, at92, 0}, {95, 2, 92, 0}})
	return []byte(b.String()), keys
}

// Reviewer 47: an object defined in two object streams, the later one an
// update's. The reader kept the definition of the lowest-numbered object
// stream, whatever the cross-reference sections said, and redefined only
// objects of the file's body (red team 76): the page viewers draw, that of
// object stream 92 (qpdf --show-object 95 reads its /CropBox and /Rotate,
// pdftoppm draws the QR code turned), was not the one compared, and the
// report named neither.
func TestReviewer47_ObjectRedefinedInALaterObjectStream(t *testing.T) {
	pdf, keys := rev47TwoObjectStreams(t)
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

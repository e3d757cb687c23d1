package labels

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

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
	r, err := defaultRenderer()
	if err != nil {
		t.Fatal(err)
	}
	if genuine, err = r.RenderLabelPDF(context.Background(), sc, url); err != nil {
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

package labels

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

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

// Red team 76: a decoy cross-reference table inside a stream after the
// real one. The reader took every "xref" line of the file, the last
// table's entry winning, so a decoy putting object 6 back at its genuine
// definition, inside a stream no viewer reads as a table (startxref
// points at the real one), hid red team 74's object from the report.
func TestRedteam76_DecoyTableInsideALaterStream(t *testing.T) {
	b, gf, keys, content, innerAt, carrierAt, prev := rt76HiddenPage(t)
	xrefAt := b.Len()
	fmt.Fprintf(b, "xref\n%d 1\n%010d 00000 n \n90 1\n%010d 00000 n \ntrailer\n<< /Size 92 /Root %s /Info %s /Prev %d >>\n",
		content, innerAt, carrierAt, refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev)
	decoy := fmt.Sprintf("xref\n%d 1\n%010d 00000 n \n", content, gf.offsets[content])
	fmt.Fprintf(b, "91 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", len(decoy), decoy, xrefAt)
	rep, err := VerifyPDF([]byte(b.String()), keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
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
	b, gf, keys, content, innerAt, carrierAt, prev := rt76HiddenPage(t)
	fmt.Fprintf(b, "xref\n%d 1\n%010d 00000 n \n90 1\n%010d 00000 n \ntrailer\n<< /Size 92 /Root %s /Info %s /Prev %d >>\n",
		content, innerAt, carrierAt, refString(gf.trailer["Root"]), refString(gf.trailer["Info"]), prev)
	decoy := fmt.Sprintf("xref\n%d 1\n%010d 00000 n \n", content, gf.offsets[content])
	fmt.Fprintf(b, "91 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n123\n%%%%EOF\n", len(decoy), decoy)
	rep, err := VerifyPDF([]byte(b.String()), keys)
	if err == nil || rep == nil {
		t.Fatalf("err %v, report %v: want a report saying it is not genuine", err, rep)
	}
	want := fmt.Sprintf("the last header of object %d in the file, at byte %d", content, innerAt)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("report %q: want %q, inside another object's data, which viewers rebuilding the table read", err, want)
	}
}

package labels

import (
	"fmt"
	"testing"
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

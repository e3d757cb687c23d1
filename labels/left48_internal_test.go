package labels

import (
	"strings"
	"testing"
)

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
	var update string
	for _, d := range rep.Differences {
		if strings.Contains(d.Message, "incremental update") {
			update = d.Message
		}
	}
	for _, want := range []string{"90 (an object stream)", "95 (an annotation)", "96 (a dictionary)"} {
		if !strings.Contains(update, want) {
			t.Errorf("the update's line %q: want %q among the objects it adds", update, want)
		}
	}
}

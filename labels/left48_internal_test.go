package labels

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
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

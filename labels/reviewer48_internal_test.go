package labels

import (
	"strings"
	"testing"
)

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

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Session 48: pcf verify printed its verdict in Chinese and English, and
// the lines under NOT GENUINE (what differs, the cross-reference
// sections, the objects an update adds, the signature) in English only.
// Each is now said in Chinese, then in English on the next line.
func TestVerify_ReportLinesInChineseAndEnglish(t *testing.T) {
	d := newOfflineDocs(t, "session 48 bilingual", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0), "https://pcf.example.cn")
	label, err := d.r.RenderLabelPDF(context.Background(), d.sc, d.u)
	if err != nil {
		t.Fatal(err)
	}
	// An incremental update adding object 99.
	var prev int
	if _, err := fmt.Sscan(string(label[bytes.LastIndex(label, []byte("startxref"))+len("startxref"):]), &prev); err != nil {
		t.Fatal(err)
	}
	root, info := regexp.MustCompile(`/Root (\d+ \d+ R)`).FindSubmatch(label), regexp.MustCompile(`/Info (\d+ \d+ R)`).FindSubmatch(label)
	if root == nil || info == nil {
		t.Fatal("no /Root or /Info in the label's trailer")
	}
	var b bytes.Buffer
	b.Write(label)
	at := b.Len()
	b.WriteString("99 0 obj\n<< /Forged true >>\nendobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n99 1\n%010d 00000 n \ntrailer\n<< /Size 100 /Root %s /Info %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", at, root[1], info[1], prev, xref)
	other, err := certification.NewSigningKey(rand.Reader, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pdf  []byte
		keys string
		want []string // Chinese lines, each followed by its English
	}{
		{"bytes after the end", append(bytes.Clone(label), "\n% edited\n"...), d.keys, []string{"文件结束标记（%%EOF）之后还有 8 字节的数据", "8 bytes of data follow the end of the file"}},
		{"an update", b.Bytes(), d.keys, []string{"签发的文件结束之后追加了", "添加了对象 99（字典）", "an incremental update of", "adds object 99 (a dictionary)"}},
		{"another key", label, writeFile(t, d.dir, "other.json", mustJWKS(t, other)), []string{"签名密钥 " + d.sc.KeyID + " 不在所给的公钥之中"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "forged.pdf", tc.pdf), "--key", tc.keys)
			_, report, ok := strings.Cut(out, "NOT GENUINE 非真实证书: this file is not the document the service issued:\n")
			if code != 1 || !ok {
				t.Fatalf("exit %d; want NOT GENUINE\n%s%s", code, out, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(report, "\n"), "\n")
			n := 0
			for i := 0; i < len(lines) && strings.HasPrefix(lines[i], "  - "); i += 2 {
				zh := strings.TrimPrefix(lines[i], "  - ")
				if !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
					t.Errorf("line %q is not in Chinese", lines[i])
				}
				if i+1 == len(lines) || !strings.HasPrefix(lines[i+1], "    ") || strings.HasPrefix(lines[i+1], "    - ") {
					t.Errorf("line %q is not followed by its English", lines[i])
				}
				n++
			}
			if n == 0 {
				t.Errorf("no lines under NOT GENUINE:\n%s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(report, w) {
					t.Errorf("the report does not say %q:\n%s", w, report)
				}
			}
		})
	}
}

package main

import (
	"bytes"
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
	d := recentOfflineDocs(t, "session 48 bilingual", "https://pcf.example.cn")
	label := d.label(t)
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
			_, report, ok := strings.Cut(out, "NOT GENUINE 非真实证书: 本文件不是认证服务签发的文件：\n  this file is not the document the service issued:\n")
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

// Session 49: under a bilingual verdict, the summary of a genuine file
// (product, holder, site, quality, use, "signature valid", "page field …
// matches", "QR code leads to", "document identical"), the recomputation's
// checks and the lines under RESULT NOT CONFIRMED, the verdicts' own
// sentences and the error pcf verify exits with were in English only.
// Every line is now said in Chinese and in English.
func TestVerify_EveryLineInChineseAndEnglish(t *testing.T) {
	d := recentOfflineDocs(t, "session 48 bilingual", "https://pcf.example.cn")
	cert := d.certificate(t, "valid")
	label := d.label(t)
	withdrawn := d.certificate(t, "withdrawn")
	other, err := certification.NewSigningKey(rand.Reader, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	type run struct {
		name string
		code int
		args []string
		want []string
	}
	runs := []run{
		{"genuine certificate", 0, []string{writeFile(t, d.dir, "cert.pdf", cert), "--key", d.keys}, []string{"GENUINE 真实", "  产品 product  ", "  签名 signature  ", "  二维码 QR code  "}},
		{"genuine label", 0, []string{writeFile(t, d.dir, "label.pdf", label), "--key", d.keys}, []string{"GENUINE 真实", "  页面字段 page field  证书编号 certificate number 与签名内容一致"}},
		{"printed withdrawn", 1, []string{writeFile(t, d.dir, "withdrawn.pdf", withdrawn), "--key", d.keys}, []string{"NOT VALID AS PRINTED 文件所示无效"}},
		{"bytes after the end", 1, []string{writeFile(t, d.dir, "tampered.pdf", append(bytes.Clone(label), "\n% edited\n"...)), "--key", d.keys}, []string{"NOT GENUINE 非真实证书"}},
		{"another key", 1, []string{writeFile(t, d.dir, "cert.pdf", cert), "--key", writeFile(t, d.dir, "other.json", mustJWKS(t, other))}, []string{"UNSIGNED 签名无效", "NOT GENUINE 非真实证书"}},
	}
	// With the server: VALID; with a study and a supplier's PACT
	// footprint: RESULT CONFIRMED, and NOT CONFIRMED with another figure.
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	served, _, _ := downloadAll(t, base, id, maker, t.TempDir())
	runs = append(runs, run{"genuine, valid on the server", 0, []string{served, "--server", base}, []string{"VALID 有效"}})
	const pactID = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierPACTDoc(pactID, "4.2")
	args, dir := issueWithPACTJunctionBox(t, pactID, doc, "Module with a junction box from a PACT supplier", "GEC-DEMO-2025-000003")
	runs = append(runs,
		run{"study with a PACT footprint", 0, append(args[1:], "--pact", writeFile(t, dir, "jb.json", doc)), []string{"RESULT CONFIRMED 结果已复核", "  recompute 复核:"}},
		run{"study with a forged PACT footprint", 1, append(args[1:], "--pact", writeFile(t, dir, "forged.json", supplierPACTDoc(pactID, "2.1"))), []string{"RESULT NOT CONFIRMED 结果未复核"}})
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			code, out, errOut := pcf(t, append([]string{"verify"}, r.args...)...)
			if code != r.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, r.code, out, errOut)
			}
			for _, w := range r.want {
				if !strings.Contains(out, w) {
					t.Errorf("the report does not say %q:\n%s", w, out)
				}
			}
			for _, bad := range notBilingual(strings.Split(strings.TrimSuffix(out, "\n"), "\n")) {
				t.Errorf("line %q is not said in Chinese and in English", bad)
			}
			if code != 0 {
				// The error, Chinese first: "pcf: 中文。English".
				first, _, _ := strings.Cut(errOut, "\n")
				zh, en, ok := strings.Cut(strings.TrimPrefix(first, "pcf: "), "。")
				if !ok || !strings.ContainsFunc(zh, isHan) || strings.ContainsFunc(en, isHan) || !englishWords.MatchString(en) {
					t.Errorf("error %q: want 中文。English", first)
				}
			}
			if t.Failed() {
				t.Logf("report:\n%s", out)
			}
		})
	}
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// englishWords is a run of three words of English: a sentence, not a
// quoted key or unit.
var englishWords = regexp.MustCompile(`[a-z]{2,} [a-z]{2,} [a-z]{2,}`)

// notBilingual returns the lines of a report that are not said in both
// languages. A line is said in both when it
//   - holds Chinese (Han characters) and Latin letters (a label "产品
//     product", or a sentence quoting its data);
//   - holds Chinese alone, and the next line holds no Chinese: its English;
//   - holds no Chinese and follows a line in Chinese that holds no English
//     sentence of its own (englishWords): the English of that line;
//   - is data alone: one token, no space (a URL, a number, a digest).
func notBilingual(lines []string) []string {
	latin := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) })
	}
	var bad []string
	for i, l := range lines {
		han, data := strings.ContainsFunc(l, isHan), !strings.Contains(strings.TrimSpace(l), " ")
		switch {
		case han && latin(l), data:
		case han:
			if i+1 == len(lines) || strings.ContainsFunc(lines[i+1], isHan) {
				bad = append(bad, l)
			}
		default:
			if i == 0 || !strings.ContainsFunc(lines[i-1], isHan) || englishWords.MatchString(lines[i-1]) {
				bad = append(bad, l)
			}
		}
	}
	return bad
}

// Ensure a malformed key file is refused naming the file, the member and
// the JSON it wants in both languages, once: the error said "public keys:
// public keys: malformed JSON: cannot unmarshal JSON number into Go
// []certification.jwk", the Chinese half holding the English (session 48).
func TestVerify_MalformedKeyFile(t *testing.T) {
	dir := t.TempDir()
	keys := writeFile(t, dir, "keys.json", []byte(`{"keys": 5}`))
	code, _, errOut := pcf(t, "verify", writeFile(t, dir, "label.pdf", []byte("%PDF-1.7\n")), "--key", keys)
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, errOut)
	}
	for _, want := range []string{keys + "：公钥集：字段 keys 须为数组", keys + ": public keys: keys: want an array, got number"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("error %q does not say %q", errOut, want)
		}
	}
	if strings.Contains(errOut, "public keys: public keys") || strings.Contains(errOut, "Go ") {
		t.Errorf("error %q: the prefix twice, or the server's Go types", errOut)
	}
}

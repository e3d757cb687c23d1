package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// Ensure pcf verify accepts a genuine certificate PDF offline (keys from a
// saved JWKS, or fetched from the server) and says exactly what is wrong
// with a tampered one.
func TestVerify_CertificatePDF(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()

	status, pdf := call(t, "GET", base+"/v1/certificates/"+id+"/certificate.pdf", maker, "")
	if status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("certificate.pdf: %d", status)
	}
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	pdfPath, keyPath := writeFile(t, dir, "cert.pdf", pdf), writeFile(t, dir, "keys.json", jwks)

	code, out, errOut := pcf(t, "verify", pdfPath, "--key", keyPath)
	if code != 0 || !strings.Contains(out, "GENUINE") || !strings.Contains(out, "CDPCF-2026-000001") || !strings.Contains(out, "\n  签名 signature       有效 valid：Ed25519") {
		t.Fatalf("genuine: %d %q %q", code, out, errOut)
	}
	if code, out, _ := pcf(t, "verify", pdfPath, "--server", base); code != 0 || !strings.Contains(out, "GENUINE") {
		t.Fatalf("genuine via --server: %d %q", code, out)
	}

	// One flipped byte inside the embedded signed content.
	i := bytes.Index(pdf, []byte("/Type /EmbeddedFile"))
	if i < 0 {
		t.Fatal("no embedded file in the PDF")
	}
	s := i + bytes.Index(pdf[i:], []byte("stream\n")) + len("stream\n")
	bad := bytes.Clone(pdf)
	bad[s+40] ^= 0x01
	badPath := writeFile(t, dir, "tampered.pdf", bad)
	code, out, errOut = pcf(t, "verify", badPath, "--key", keyPath)
	if code != 1 || strings.Contains(out, "GENUINE 真实") || !strings.Contains(errOut, "embedded certificate") {
		t.Fatalf("tampered: %d %q %q", code, out, errOut)
	}

	// A key set that does not hold the signing key.
	otherKey, err := certification.NewSigningKey(rand.Reader, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	otherJWKS := mustJWKS(t, otherKey)
	other := writeFile(t, dir, "other.json", otherJWKS)
	code, out, _ = pcf(t, "verify", pdfPath, "--key", other)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || !strings.Contains(out, "key") {
		t.Fatalf("wrong key: %d %q", code, out)
	}
	// The file's content is printed before the verdict: it is said to be
	// unsigned before its figure (red team 45).
	if u, f := strings.Index(out, "UNSIGNED 签名无效"), strings.Index(out, "  碳足迹 footprint "); u < 0 || f < 0 || u > f {
		t.Errorf("wrong key: the content is not called unsigned before its figure: %q", out)
	}
	if code, _, _ := pcf(t, "verify", pdfPath); code != 2 {
		t.Fatalf("no key: exit %d, want 2", code)
	}
}

// Ensure pcf verify --server reports the live status of a genuine
// certificate and exits non-zero unless it is valid, and that offline it
// says plainly that the live status was not checked (issue 10 item 2).
func TestVerify_LiveStatus(t *testing.T) {
	m, base, id, maker := mustServeDemoCertificate(t)
	certifier := orgKey(t, m, demoCertifier)
	dir := t.TempDir()
	cert, label, keys := downloadAll(t, base, id, maker, dir)
	expect := func(name string, wantCode int, args []string, want ...string) {
		t.Helper()
		expectVerify(t, name, wantCode, args, want...)
	}

	for _, f := range []string{cert, label} {
		expect("valid "+filepath.Base(f), 0, []string{f, "--server", base}, "GENUINE 真实", "VALID 有效: 实时状态为有效，由 "+base, "\n  live status 有效 valid, from "+base)
		expect("offline "+filepath.Base(f), 0, []string{f, "--key", keys}, "GENUINE 真实", "LIVE STATUS NOT CHECKED 未查询实时状态")
	}

	post := func(path, body string) {
		t.Helper()
		if status, b := call(t, "POST", base+"/v1/certificates/"+id+path, certifier, body); status/100 != 2 {
			t.Fatalf("POST %s: %d %s", path, status, b)
		}
	}
	post("/suspend", `{"reasons":["audit of the bill of materials"]}`)
	for _, f := range []string{cert, label} {
		expect("suspended "+filepath.Base(f), 1, []string{f, "--server", base}, "GENUINE 真实", "NOT VALID 无效: 证书是真实的，但其状态为暂停", "\n  the certificate is genuine but 暂停 suspended")
		expect("suspended offline "+filepath.Base(f), 0, []string{f, "--key", keys}, "LIVE STATUS NOT CHECKED")
	}
	post("/reinstate", `{"reasons":["audit closed"]}`)
	expect("reinstated", 0, []string{cert, "--server", base}, "VALID 有效")

	// A new certificate for the study supersedes this one (the
	// manufacturer applies naming it; issue 9 item 6); the new one is
	// valid until it is withdrawn.
	successor := mustSupersede(t, base, id, maker, certifier)
	expect("superseded", 1, []string{label, "--server", base}, "已被替代 superseded", "replaced by certificate "+successor)
	newCert := download(t, base, successor, "certificate.pdf", maker, dir)
	expect("reissued", 0, []string{newCert, "--server", base}, "VALID 有效")
	if status, b := call(t, "POST", base+"/v1/certificates/"+successor+"/withdraw", certifier, `{"reasons":["false declaration"]}`); status/100 != 2 {
		t.Fatalf("withdraw: %d %s", status, b)
	}
	expect("withdrawn", 1, []string{newCert, "--server", base}, "NOT VALID 无效", "撤销 withdrawn")

	// A QR code that leads elsewhere than the server asked: the same
	// server under another name stands in for a forged host.
	other := "http://localhost:" + strconv.Itoa(m.Server.Addr().(*net.TCPAddr).Port)
	expect("other origin", 1, []string{newCert, "--server", other}, "NOT GENUINE", "the QR code leads to "+base+"/v1/certificates/"+successor+"/verify, not to the server asked ("+other+")")

	// An edited figure is not genuine, whatever the live status.
	pdf, _ := os.ReadFile(newCert)
	var v struct {
		Data struct {
			KgCO2e float64 `json:"kg_co2e"`
		} `json:"data"`
	}
	getJSON(t, base+"/v1/certificates/"+successor+"/verify", &v)
	fig := labels.FormatKgCO2e(v.Data.KgCO2e)
	forged := bytes.Replace(pdf, []byte("("+fig+") Tj"), []byte("("+strings.Repeat("1", len(fig))+") Tj"), 1)
	if bytes.Equal(forged, pdf) {
		t.Fatalf("no (%s) Tj in the certificate", fig)
	}
	forgedPath := writeFile(t, dir, "forged.pdf", forged)
	expect("forged", 1, []string{forgedPath, "--server", base}, "NOT GENUINE", "kg_co2e: the page shows \""+strings.Repeat("1", len(fig))+"\"",
		"Live status of certificate")
}

// Ensure an expired certificate is reported as such and exits non-zero.
// The server derives "expired" from the clock (footprint.StatusAt, tested
// in api); here a stand-in serves the real server's answers with the
// status an expired certificate gets.
func TestVerify_LiveStatusExpired(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	cert := download(t, base, id, "certificate.pdf", maker, t.TempDir())
	stand := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status, b := call(t, "GET", base+r.URL.Path, "", "")
		if strings.HasSuffix(r.URL.Path, "/verify") {
			b = bytes.Replace(b, []byte(`"status":"valid"`), []byte(`"status":"expired"`), 1)
		}
		w.WriteHeader(status)
		w.Write(b)
	}))
	defer stand.Close()
	code, out, errOut := pcf(t, "verify", cert, "--server", stand.URL)
	// The stand-in is another origin than the QR code's: both are said.
	if code != 1 || !strings.Contains(out, "已过期 expired") || !strings.Contains(out, "the QR code leads to "+base) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// Ensure bad --server values are usage errors.
func TestVerify_ErrUsage(t *testing.T) {
	for _, args := range [][]string{
		{"verify", "x.pdf", "--server", "ftp://example.cn"},
		{"verify", "x.pdf", "--key", "k.json", "--server", "http://127.0.0.1:1"},
		{"verify", "--key", "k.json"},
	} {
		if code, _, _ := pcf(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// studyOfCertificate returns GET /v1/studies/{id} for the study of
// certificate id, as its holder receives it (the study document and its
// result).
func studyOfCertificate(t *testing.T, base, id, token string) []byte {
	t.Helper()
	status, b := call(t, "GET", base+"/v1/studies/"+certificateStudyID(t, base, id, token), token, "")
	if status != 200 {
		t.Fatalf("study: %d %s", status, b)
	}
	return b
}

// editStudy decodes the "study" of a GET /v1/studies/{id} answer, lets edit
// change it, and returns the answer with the edited study (the result
// kept).
func editStudy(t *testing.T, answer []byte, edit func(study map[string]any)) []byte {
	t.Helper()
	var env map[string]map[string]json.RawMessage
	if err := json.Unmarshal(answer, &env); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(env["data"]["study"]))
	dec.UseNumber()
	var study map[string]any
	if err := dec.Decode(&study); err != nil {
		t.Fatal(err)
	}
	edit(study)
	env["data"]["study"] = seedtest.MustMarshal(t, study)
	return seedtest.MustMarshal(t, env)
}

// editFactorCSV multiplies by 1.1 the value of the factor code in an
// exported set.
func editFactorCSV(t *testing.T, set []byte, code string) []byte {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(set)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "value")
	edited := false
	for _, r := range rows[1:] {
		if r[0] == code {
			v, err := strconv.ParseFloat(r[col], 64)
			if err != nil {
				t.Fatal(err)
			}
			r[col], edited = strconv.FormatFloat(v*1.1, 'g', -1, 64), true
		}
	}
	if !edited {
		t.Fatalf("no factor %s in the set", code)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Ensure a buyer given the holder's study recomputes the certified result
// with pcf verify --study (issue 10 item 5): offline against the exported
// factor set, or with the server's; and that an edited factor set, an
// edited study, or another study is reported, naming the factor, stage and
// line that differ.
func TestVerify_Study(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()
	cert, label, keys := downloadAll(t, base, id, maker, dir)
	status, set := call(t, "GET", base+"/v1/factor-sets/2026.1/export?format=csv", "", "")
	if status != 200 {
		t.Fatalf("export: %d", status)
	}
	factors := writeFile(t, dir, "factors-2026.1.csv", set)
	answer := studyOfCertificate(t, base, id, maker)
	study := writeFile(t, dir, "study.json", answer)
	var parts struct {
		Data struct {
			Study  json.RawMessage `json:"study"`
			Result struct {
				Factors []struct {
					Code   string  `json:"code"`
					KgCO2e float64 `json:"kg_co2e"`
				} `json:"factors"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(answer, &parts); err != nil {
		t.Fatal(err)
	}
	// The study alone, compact, as the answer carries it.
	doc := writeFile(t, dir, "study-document.json", parts.Data.Study)

	expect := func(name string, wantCode int, args []string, want ...string) {
		t.Helper()
		expectVerify(t, name, wantCode, args, want...)
	}
	expect("offline", 0, []string{cert, "--key", keys, "--study", study, "--factors", factors},
		"GENUINE 真实", "matches the signed factor-set digest", "the signed study digest", "matches the signed result digest",
		"RESULT CONFIRMED 结果已复核", "LIVE STATUS NOT CHECKED")
	expect("server", 0, []string{label, "--server", base, "--study", doc},
		"from "+base+"/v1/factor-sets/2026.1/export", "RESULT CONFIRMED 结果已复核", "VALID 有效")

	// A factor the result uses, edited in the set file.
	code := parts.Data.Result.Factors[0].Code
	edited := writeFile(t, dir, "factors-edited.csv", editFactorCSV(t, set, code))
	expect("edited factor", 1, []string{cert, "--key", keys, "--study", study, "--factors", edited},
		"GENUINE 真实", "RESULT NOT CONFIRMED 结果未复核", "the factor set given is not the published set 2026.1",
		"the recomputed result differs from the certified one", "factor "+code+": the set given has", "line ")

	// The study edited: a word (the result is the same, the study is not),
	// then a quantity (the line is named, the result being in the file).
	retitled := writeFile(t, dir, "retitled.json", editStudy(t, answer, func(s map[string]any) { s["title"] = "Another title" }))
	expect("edited title", 1, []string{cert, "--key", keys, "--study", retitled, "--factors", factors},
		"RESULT NOT CONFIRMED", "the study given is not the certified study", "matches the signed result digest")
	var path string
	more := writeFile(t, dir, "more.json", editStudy(t, answer, func(s map[string]any) {
		// The first line of the first assembly with a factor of its own.
		for i, c := range s["bom"].([]any)[0].(map[string]any)["children"].([]any) {
			line := c.(map[string]any)
			if line["factor"] == nil || line["exempt"] != nil {
				continue
			}
			q, err := line["quantity"].(json.Number).Float64()
			if err != nil {
				t.Fatal(err)
			}
			line["quantity"], path = q*1.5, fmt.Sprintf("bom[0].children[%d]", i)
			return
		}
		t.Fatal("no line with a factor")
	}))
	expect("edited quantity", 1, []string{cert, "--key", keys, "--study", more, "--factors", factors},
		"RESULT NOT CONFIRMED", "the study given is not the certified study", "total: recomputed", "stage A1", "line "+path+" (")

	// Another study (the seed document as submitted, without the id and
	// owner the service gave it).
	seed := seedtest.StudyJSON(t, "pv-module")
	expect("not the stored study", 1, []string{cert, "--key", keys, "--study", writeFile(t, dir, "seed.json", seed), "--factors", factors},
		"the study given is not the certified study", `its id is ""`)

	// Usage.
	for _, args := range [][]string{
		{cert, "--key", keys, "--study", study},
		{cert, "--key", keys, "--factors", factors},
	} {
		if code, _, _ := pcf(t, append([]string{"verify"}, args...)...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// Ensure a certificate issued on a supplier certificate recomputes offline
// with the supplier list its holder discloses, checked against the signed
// suppliers digest; and that the list stays private: the public
// verification answer does not name the supplier (issue 9 items 7 and 8).
func TestVerify_StudyWithSupplier(t *testing.T) {
	m := MustRunMain(t)
	sc := mustIssueOnSupplier(t, m)
	base, maker, supplierID, issued := sc.base, sc.maker, sc.supplierID, sc.issued
	if status, b := call(t, "GET", base+"/v1/certificates/"+issued+"/verify", "", ""); status != 200 || bytes.Contains(b, []byte(sc.supplierNumber)) || bytes.Contains(b, []byte(supplierID)) {
		t.Fatalf("the public verification answer names the supplier certificate: %d %s", status, b)
	}

	suppliers, list := mustSupplierList(t, m, issued)
	if suppliers[0].Number != sc.supplierNumber || suppliers[0].ID.String() != supplierID {
		t.Fatalf("supplier list %+v", suppliers)
	}
	dir := t.TempDir()
	args := recomputeArgs(t, base, issued, maker, dir)
	code, stdout, stderr := pcf(t, append(args, "--suppliers", writeFile(t, dir, "suppliers.json", list))...)
	if code != 0 || !strings.Contains(stdout, "\n    供应商 supplier      "+sc.supplierNumber+"（"+supplierID+"）") || !strings.Contains(stdout, "\n                         "+sc.supplierNumber+" ("+supplierID+")") ||
		!strings.Contains(stdout, "the list of 1 matches the signed suppliers digest") || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	// Without the list, or with another footprint in it.
	if code, stdout, _ := pcf(t, args...); code != 1 || !strings.Contains(stdout, "give the supplier list its holder discloses with --suppliers") {
		t.Fatalf("without the list: exit %d\n%s", code, stdout)
	}
	edited := suppliers[0]
	edited.KgCO2e /= 2
	forged, err := certification.MarshalSuppliers([]certification.CertificateSupplier{edited})
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = pcf(t, append(args, "--suppliers", writeFile(t, dir, "forged.json", forged))...)
	if code != 1 || !strings.Contains(stdout, "the supplier list given is not the one the certificate signs") || !strings.Contains(stdout, "RESULT NOT CONFIRMED") {
		t.Fatalf("forged list: exit %d\n%s", code, stdout)
	}
}

// Ensure pcf verify --study takes a certificate issued in format 1, before
// format 2 signed the input digests: the PDF downloaded then verifies, the
// study of that database is recomputed against the result digest alone,
// and, that certificate's result being of engine footprint/1, the report
// says the engine changed rather than confirming or blaming the inputs.
// factordb/testdata/format1.db.gz is that database.
func TestVerify_StudyFormat1(t *testing.T) {
	raw := footprinttest.ReadGzipFile(t, filepath.Join("..", "..", "factordb", "testdata", "format1.db.gz"))
	dir := t.TempDir()
	db := writeFile(t, dir, "pcf.db", raw)
	m, err := runMain(t, io.Discard, io.Discard, "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + m.Server.Addr().String()
	maker := orgKey(t, m, demoMaker)
	const id = "2a925707-d23b-4608-9ca9-3f291b229a84"
	study := writeFile(t, dir, "study.json", studyOfCertificate(t, base, id, maker))
	_, set := call(t, "GET", base+"/v1/factor-sets/2026.1/export?format=csv", "", "")
	factors := writeFile(t, dir, "factors.csv", set)
	testdata := filepath.Join("..", "..", "labels", "testdata", "format1")
	code, out, errOut := pcf(t, "verify", filepath.Join(testdata, "certificate.pdf"), "--key", filepath.Join(testdata, "keys.json"),
		"--study", study, "--factors", factors)
	want := []string{"GENUINE 真实", "pcf-certificate/1 signs no study digest", "a format-1 certificate signs none"}
	if footprint.EngineVersion == "footprint/1" {
		want = append(want, "matches the signed result digest", "RESULT CONFIRMED")
	} else {
		want = append(want, "RESULT NOT CONFIRMED", "the certificate was calculated by engine footprint/1, this pcf runs "+footprint.EngineVersion,
			"the result documents differ in: ", "engine_version")
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if wantCode := map[bool]int{true: 0, false: 1}[footprint.EngineVersion == "footprint/1"]; code != wantCode || t.Failed() {
		t.Fatalf("exit %d, want %d\n%s%s", code, wantCode, out, errOut)
	}
}

// Ensure a successor names the certificate it supersedes by number in its
// signed content (so its PDF prints the number), and that pcf verify names
// the successor of a superseded certificate by number too (issue 10 item
// 7).
func TestVerify_SupersedesByNumber(t *testing.T) {
	m, base, id, maker := mustServeDemoCertificate(t)
	certifier := orgKey(t, m, demoCertifier)
	dir := t.TempDir()
	label := download(t, base, id, "label.pdf", maker, dir)
	issued := mustSupersede(t, base, id, maker, certifier)
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	pdf := footprinttest.ReadFile(t, download(t, base, issued, "certificate.pdf", maker, dir))
	rep, err := labels.VerifyPDF(pdf, footprinttest.PublicKeys(t, jwks))
	if err != nil {
		t.Fatal(err)
	}
	if c := rep.Signed.Certificate; c.Supersedes.String() != id || c.SupersedesNumber != "CDPCF-2026-000001" || c.Number != "CDPCF-2026-000002" {
		t.Fatalf("successor supersedes %s %q", c.Supersedes, c.SupersedesNumber)
	}
	code, out, errOut := pcf(t, "verify", label, "--server", base)
	if code != 1 || !strings.Contains(out, "已被替代 superseded (replaced by certificate "+issued+", number CDPCF-2026-000002)") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// Red team 52: the service's record of a certificate edited in its
// database (the figure lowered by someone with the file) fails the
// service's own signature check, and its verify answer says
// signature_invalid with the edited record. pcf verify compared the file
// with that record and said the genuine file was NOT GENUINE, "not the
// one the server holds". Ensure it says NOT VALID (exit 1), the
// certificate genuine but its record failing the server's own check, and
// that the record, not the file, differs, in both languages.
func TestVerify_ServerRecordFailsItsOwnCheck(t *testing.T) {
	c, key, sc, edited := signedAndEdited(t, "red team 52 edited record")
	srv := keysServer(t, mustJWKS(t, key), answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"signature_invalid","recorded_status":"valid","signed":%s}}`, edited)))
	pdf := mustRenderCertificatePDF(t, sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
	code, out, errOut := pcf(t, "verify", writeFile(t, t.TempDir(), "genuine.pdf", pdf), "--server", srv)
	if code != 1 || strings.Contains(out, "NOT GENUINE") || !strings.Contains(out, "GENUINE 真实:") || !strings.Contains(out, "NOT VALID 无效") {
		t.Errorf("exit %d, want 1, GENUINE and NOT VALID, never NOT GENUINE:\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"签名未通过验证 signature not verified (the server's record fails its own signature check)",
		"differs from this file and does not verify with the keys it publishes", "为本证书保存的记录与本文件不同"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// Red team 52: a status answer naming the certificate's successor named
// whatever certificate its successor answer held: pcf verify printed
// "replaced by certificate …, number <that certificate's>" for a
// successor that does not say it replaces the certificate, or that no key
// of the service signed, as if the service had replaced it with that one.
// Ensure the number is given only for a successor signed with a key the
// server publishes that signs it replaces this certificate, and the
// superseded certificate stays NOT VALID either way.
func TestVerify_SuccessorNamedOnlyWhenItSignsTheReplacement(t *testing.T) {
	c := footprinttest.Certificate()
	key := footprinttest.Key(t, "red team 52 successor", c.IssuedAt.Add(-time.Hour))
	sc := footprinttest.Sign(t, c, key)
	successor := func(number string, supersedes uuid.UUID, key *certification.SigningKey) *certification.SignedCertificate {
		n := *c
		n.ID, n.Number = uuid.MustParse("3a2b1c0d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"), number
		if supersedes != uuid.Nil {
			n.Supersedes, n.Revision = supersedes, 2
		}
		return footprinttest.Sign(t, &n, key)
	}
	stranger := footprinttest.Key(t, "red team 52 not the service's", c.IssuedAt.Add(-time.Hour))
	for _, tt := range []struct {
		name   string
		next   *certification.SignedCertificate
		number bool
	}{
		{"signs it replaces the certificate", successor("CDPCF-2026-000779", c.ID, key), true},
		{"replaces nothing", successor("CDPCF-2026-000780", uuid.Nil, key), false},
		{"replaces another", successor("CDPCF-2026-000781", uuid.MustParse("0b7e1c4a-2d3f-4a5b-8c6d-7e8f9a0b1c2d"), key), false},
		{"signed with a key the server does not publish", successor("CDPCF-2026-000782", c.ID, stranger), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			next := tt.next.Certificate
			srv := keysServer(t, mustJWKS(t, key), func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case certification.CertificateVerifyPath(c.ID):
					fmt.Fprintf(w, `{"data":{"status":"superseded","superseded_by":%q,"signed":%s}}`, next.ID, footprinttest.Envelope(t, sc))
				case certification.CertificateVerifyPath(next.ID):
					fmt.Fprintf(w, `{"data":{"status":"valid","signed":%s}}`, footprinttest.Envelope(t, tt.next))
				default:
					http.NotFound(w, r)
				}
			})
			pdf := mustRenderCertificatePDF(t, sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
			code, out, errOut := pcf(t, "verify", writeFile(t, t.TempDir(), "superseded.pdf", pdf), "--server", srv)
			if code != 1 || !strings.Contains(out, "NOT VALID 无效") || !strings.Contains(out, "已被替代 superseded (replaced by certificate "+next.ID.String()) {
				t.Errorf("exit %d, want 1, NOT VALID, superseded by %s:\n%s%s", code, next.ID, out, errOut)
			}
			if named := strings.Contains(out, "number "+next.Number); named != tt.number {
				t.Errorf("names the successor's number %s: %v, want %v:\n%s", next.Number, named, tt.number, out)
			}
		})
	}
}

// Ensure pcf verify offline does not call a certificate whose signed
// expiry date has passed good. The expiry date is signed content, so it
// is known offline; the status printed on the document is not signed, and
// anyone can render an expired certificate again as "valid" (the renderer
// is public and deterministic). Offline it said GENUINE, exit 0, that
// "whether the certificate ... has expired is not known" and "status
// printed at download: valid".
func TestRedteam_VerifyOfflineExpired(t *testing.T) {
	d := newOfflineDocs(t, "redteam expired", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 3, 2, 2, 0, 0, 0, time.UTC), "https://pcf.example.cn")
	cert := d.certificate(t, certification.CertificateValid)
	label := d.label(t)
	for name, pdf := range map[string][]byte{"certificate.pdf": cert, "label.pdf": label} {
		code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, name, pdf), "--key", d.keys)
		if code != 1 || !strings.Contains(out, "EXPIRED 已过期") || !strings.Contains(out, "2022-03-02") || strings.Contains(out, "has expired is not known") {
			t.Errorf("%s: exit %d, want 1 and EXPIRED with the date:\n%s%s", name, code, out, errOut)
		}
	}
}

// Ensure pcf verify offline does not exit 0 for a certificate PDF that
// itself prints a status other than valid (downloaded while suspended,
// withdrawn or superseded: the status is then on every page). It said
// GENUINE, exit 0, so a script checking the exit status took a withdrawn
// certificate for a good one; the line "status printed at download:
// withdrawn" was the only sign.
func TestRedteam_VerifyOfflinePrintedStatus(t *testing.T) {
	d := recentOfflineDocs(t, "redteam status", "https://pcf.example.cn")
	for _, st := range []certification.CertificateStatus{certification.CertificateValid, certification.CertificateSuspended,
		certification.CertificateWithdrawn, certification.CertificateSuperseded} {
		code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, string(st)+".pdf", d.certificate(t, st)), "--key", d.keys)
		switch {
		case st == certification.CertificateValid && code != 0:
			t.Errorf("valid: exit %d, want 0:\n%s%s", code, out, errOut)
		case st != certification.CertificateValid && (code != 1 || !strings.Contains(out, "NOT VALID AS PRINTED 文件所示无效") || !strings.Contains(out, string(st))):
			t.Errorf("%s: exit %d, want 1 and NOT VALID AS PRINTED naming the status:\n%s%s", st, code, out, errOut)
		case st != certification.CertificateValid && (!strings.Contains(out, "A printed status is not signed") || !strings.Contains(out, "印出的状态未经签名")):
			// Red team 74: anyone can print "withdrawn" on a copy of a
			// valid certificate; offline, the status was told as the one
			// at download, so a competitor's copy read as a fact.
			t.Errorf("%s: the printed status is not said to be unsigned, in both languages:\n%s", st, out)
		}
	}
}

// Ensure offline verification does not send the reader to the address
// the QR code encodes as if it were vouched for. The QR code's host is not
// signed: anyone can render a genuine certificate again (the renderer is
// public and deterministic) with a QR code leading to a look-alike site
// that shows "valid" for a withdrawn certificate. Offline, pcf verify said
// GENUINE and "Check it with --server URL, or scan the QR code
// (https://evil.example/…)".
func TestRedteam_VerifyOfflineQRHostNotVouched(t *testing.T) {
	d := recentOfflineDocs(t, "redteam qr host", "https://pcf-verify.example")
	pdf := d.label(t)
	code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "label.pdf", pdf), "--key", d.keys)
	if code != 0 || strings.Contains(out, "scan the QR code") || !strings.Contains(out, "address is not signed") ||
		!strings.Contains(out, "pcf-verify.example") {
		t.Errorf("exit %d; want 0, the QR code's host named as not signed and no advice to scan it:\n%s%s", code, out, errOut)
	}
}

// Ensure pcf verify --server does not say VALID, exit 0, for a certificate
// flagged upstream: one of its supplier certificates was withdrawn and its
// certifier has not yet reviewed it. The verify page shows a supply-chain
// alert, and issue 10 item 2 lists "flagged upstream" among the live
// statuses for which verify exits non-zero; pcf verify read only the
// status field and ignored supplier_alerts.
func TestRedteam_VerifyServerFlaggedUpstream(t *testing.T) {
	m := MustRunMain(t)
	sc := mustIssueOnSupplier(t, m)
	base, maker, certifier, supplierID, issued := sc.base, sc.maker, sc.certifier, sc.supplierID, sc.issued
	dir := t.TempDir()
	cert, label, _ := downloadAll(t, base, issued, maker, dir)
	if status, b := call(t, "POST", base+"/v1/certificates/"+supplierID+"/withdraw", certifier, `{"reasons":["data falsified"]}`); status/100 != 2 {
		t.Fatalf("withdraw the supplier: %d %s", status, b)
	}
	for _, f := range []string{cert, label} {
		expectVerify(t, "flagged "+filepath.Base(f), 1, []string{f, "--server", base}, "GENUINE 真实", "NOT VALID 无效", "a supplier certificate it relies on has changed status", "供应商证书状态已变更")
	}
}

// offlineDocs is what an offline verification starts from: the test
// certificate issued at a given time and signed by a test key, the
// renderer and verification URL to draw its documents with, and a
// directory holding the key's JWK Set.
type offlineDocs struct {
	sc   *certification.SignedCertificate
	r    *labels.Renderer
	u    string // the verification URL the QR code encodes
	dir  string
	keys string // the JWK Set file
}

// newOfflineDocs signs footprinttest.Certificate issued at issued (expiring
// as the rule says) with a key made from keySeed at keyCreated, its QR
// code leading to verifyBase.
func newOfflineDocs(t *testing.T, keySeed string, keyCreated, issued time.Time, verifyBase string) offlineDocs {
	t.Helper()
	key := footprinttest.Key(t, keySeed, keyCreated)
	c := footprinttest.Certificate()
	c.IssuedAt = issued
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
	d := offlineDocs{sc: footprinttest.Sign(t, c, key), dir: t.TempDir()}
	var err error
	if d.u, err = certification.CertificateVerifyURL(verifyBase, c.ID); err != nil {
		t.Fatal(err)
	}
	if d.r, err = labels.NewRenderer(); err != nil {
		t.Fatal(err)
	}
	jwks := mustJWKS(t, key)
	d.keys = writeFile(t, d.dir, "keys.json", jwks)
	return d
}

// recentOfflineDocs is newOfflineDocs for a certificate issued a month ago
// with a key made on 2026-01-01: in force, its key in use.
func recentOfflineDocs(t *testing.T, keySeed, verifyBase string) offlineDocs {
	t.Helper()
	return newOfflineDocs(t, keySeed, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0), verifyBase)
}

// label renders the certificate's label PDF.
func (d offlineDocs) label(t *testing.T) []byte {
	t.Helper()
	pdf, err := d.r.RenderLabelPDF(context.Background(), d.sc, d.u)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// certificate renders the certificate PDF printing status.
func (d offlineDocs) certificate(t *testing.T, status certification.CertificateStatus) []byte {
	t.Helper()
	pdf, err := d.r.RenderCertificatePDF(context.Background(), d.sc, status, d.u)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// Ensure pcf verify --server words the status the server gives a
// certificate whose record fails its own signature check: NOT VALID
// naming the failure in both languages, not the bare code.
func TestVerifyLiveStatus_SignatureInvalid(t *testing.T) {
	got := (&liveStatus{Status: "signature_invalid"}).describe()
	if !strings.Contains(got, "签名未通过验证") || !strings.Contains(got, "signature not verified") {
		t.Errorf("describe() = %q; want the bilingual signature failure", got)
	}
}

// Ensure pcf verify offline does not present a keys file as the
// certification service's own. A forger signs a certificate naming the
// real certification body with a key of its own and sends the PDF with
// "its public keys" (a JWK Set holding that key): pcf verify --key said
// "signature valid (Ed25519 key …)" and "GENUINE 真实", and nothing said
// that the keys file is the only thing vouching for the key: the reader
// must check that the service publishes that key.
func TestRedteam5_VerifyOfflineKeyFromFile(t *testing.T) {
	d := recentOfflineDocs(t, "redteam5 forger", "https://pcf.example.cn")
	pdf := d.certificate(t, "valid")
	code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "certificate.pdf", pdf), "--key", d.keys)
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	// The signature's entry of the summary: its line, and the notes
	// under its value.
	line, in := "", false
	for l := range strings.SplitSeq(out, "\n") {
		switch {
		case strings.HasPrefix(l, "  签名 signature ") && strings.Contains(l, "有效 valid"):
			line, in = l, true
		case in && strings.HasPrefix(l, "    "):
			line += "\n" + l
		default:
			in = false
		}
	}
	if !strings.Contains(line, d.sc.KeyID) || !strings.Contains(line, "keys.json") || !strings.Contains(line, "/v1/keys") {
		t.Errorf("signature entry %q: want the key, the file it came from, and that the service must publish it at /v1/keys:\n%s", line, out)
	}
}

// supplierPACTDoc is a supplier's PACT v3 footprint of a junction box,
// 4.2 kgCO2e per kilogram (test data).
func supplierPACTDoc(id, pcf string) []byte {
	return footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", pcf)
}

// Ensure pcf verify --study recomputes a certificate whose BOM uses a
// supplier's PACT footprint (pact:<id>): with the footprint document the
// holder received (--pact FILE) the result is reproduced bit for bit;
// without it the report asks for it; with another figure under the same id
// the result is not confirmed.
func TestVerify_StudyWithPACTSupplier(t *testing.T) {
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierPACTDoc(id, "4.2")
	args, dir := issueWithPACTJunctionBox(t, id, doc, "Module with a junction box from a PACT supplier", "GEC-DEMO-2025-000003")

	code, stdout, stderr := pcf(t, append(args, "--pact", writeFile(t, dir, "jb.json", doc))...)
	if code != 0 || !strings.Contains(stdout, "pact:"+id) || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("with the PACT footprint: exit %d\n%s%s", code, stdout, stderr)
	}
	// Without it: the report says what to give.
	if code, stdout, _ := pcf(t, args...); code != 1 || !strings.Contains(stdout, "--pact") {
		t.Fatalf("without the PACT footprint: exit %d\n%s", code, stdout)
	}
	// Another figure under the same id: the result is not the certified one.
	code, stdout, _ = pcf(t, append(args, "--pact", writeFile(t, dir, "forged.json", supplierPACTDoc(id, "2.1")))...)
	if code != 1 || !strings.Contains(stdout, "RESULT NOT CONFIRMED") {
		t.Fatalf("forged PACT footprint: exit %d\n%s", code, stdout)
	}
	// A footprint the study does not use is named.
	other := supplierPACTDoc("6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "1")
	code, stdout, _ = pcf(t, append(args, "--pact", writeFile(t, dir, "jb2.json", doc), "--pact", writeFile(t, dir, "other.json", other))...)
	if code != 1 || !strings.Contains(stdout, "6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d") {
		t.Fatalf("an unused PACT footprint: exit %d\n%s", code, stdout)
	}
}

// supplierPACTDocV2 is a supplier's PACT 2 footprint of a junction box in
// its version version, 4.2 kgCO2e per kilogram (test data).
func supplierPACTDocV2(id string, version int) []byte {
	return []byte(`{"id":"` + id + `","specVersion":"2.3.0","version":` + strconv.Itoa(version) + `,"created":"2025-01-15T00:00:00Z","status":"Active",
 "companyName":"Supplier AG","companyIds":["urn:pact:supplier.example:company-id:1"],"productDescription":"Junction box",
 "productIds":["urn:pact:supplier.example:product-id:JB-1"],"productNameCompany":"JB-1 junction box",
 "pcf":{"declaredUnit":"kilogram","unitaryProductAmount":"1","pCfExcludingBiogenic":"4.2","characterizationFactors":"AR6","ipccCharacterizationFactorsSources":["AR6"],"pCfIncludingBiogenic":"4.2",
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}

// Ensure pcf verify --study checks a format-3 certificate's PACT supplier
// entries (issue 11 "In": the certificate signs the footprint's id and
// version): with the holder's supplier list and the PACT 2 document it was
// calculated with, the result is confirmed; the same footprint in another
// version (same figure, so the result digest alone cannot tell) fails,
// with the list (naming the version) and without it (the signed suppliers
// digest); a list whose PACT figure was changed fails.
func TestVerify_StudyWithPACTSupplierVersion(t *testing.T) {
	m := MustRunMain(t)
	_, maker, certifier := MustApplyDemo(t, m)
	base := "http://" + m.Server.Addr().String()
	const id = "7c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierPACTDocV2(id, 3)
	if status, b := call(t, "POST", base+"/v1/pact/supplier-footprints", maker, string(doc)); status != 201 {
		t.Fatalf("upload: %d %s", status, b)
	}
	body := demoStudyWithLine(t, "Module with a junction box from a PACT 2 supplier",
		map[string]any{"name": "junction box", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": "pact:" + id}, "GEC-DEMO-2025-000004")
	issued := mustIssue(t, base, certifier, mustApply(t, base, maker, body, ""), `{"signatory":"Zhang San"}`)

	// The holder's supplier list, as its record keeps it.
	suppliers, list := mustSupplierList(t, m, issued)
	if suppliers[0].Ref != "pact:"+id || suppliers[0].Version != 3 {
		t.Fatalf("supplier list %+v", suppliers)
	}
	dir := t.TempDir()
	args := recomputeArgs(t, base, issued, maker, dir)
	withList := append(slices.Clone(args), "--suppliers", writeFile(t, dir, "suppliers.json", list))

	code, stdout, stderr := pcf(t, append(slices.Clone(withList), "--pact", writeFile(t, dir, "jb3.json", doc))...)
	if code != 0 || !strings.Contains(stdout, "the list of 1 matches the signed suppliers digest") || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("with the list and the PACT footprint: exit %d\n%s%s", code, stdout, stderr)
	}
	// Without the list, the entries the document makes are checked
	// against the signed digest.
	if code, stdout, stderr := pcf(t, append(slices.Clone(args), "--pact", writeFile(t, dir, "jb3b.json", doc))...); code != 0 || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("with the PACT footprint only: exit %d\n%s%s", code, stdout, stderr)
	}
	// Version 4 of the same footprint, same figure: the result digest
	// matches, the signed version does not.
	v4 := writeFile(t, dir, "jb4.json", supplierPACTDocV2(id, 4))
	code, stdout, _ = pcf(t, append(slices.Clone(withList), "--pact", v4)...)
	if code != 1 || !strings.Contains(stdout, `the supplier list signs version "3", the document given has "4"`) {
		t.Fatalf("another version with the list: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = pcf(t, append(slices.Clone(args), "--pact", v4)...)
	if code != 1 || !strings.Contains(stdout, "the supplier list given is not the one the certificate signs") {
		t.Fatalf("another version without the list: exit %d\n%s", code, stdout)
	}
	// A list whose PACT figure was edited is not the signed one.
	edited := slices.Clone(suppliers)
	edited[0].KgCO2e = 2.1
	forged, err := certification.MarshalSuppliers(edited)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = pcf(t, append(slices.Clone(args),
		"--suppliers", writeFile(t, dir, "forged.json", forged), "--pact", writeFile(t, dir, "jb3c.json", doc))...)
	if code != 1 || !strings.Contains(stdout, "the supplier list given is not the one the certificate signs") || !strings.Contains(stdout, "kgCO2e per unit") {
		t.Fatalf("edited list: exit %d\n%s", code, stdout)
	}
}

// Ensure pcf verify compares a recomputed result with the PACT versions
// recorded in its supplier list, as the service records them, and a
// certificate whose result was calculated before the service recorded
// them with a result without them, saying so; a digest neither matches is
// the one with the versions.
func TestRecomputation_ResultDigestPACTVersions(t *testing.T) {
	const ref = "pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	newResult := func() *footprint.Result {
		return &footprint.Result{KgCO2e: 1, Suppliers: []*footprint.SupplierUse{{ID: ref, KgCO2e: 4.2, Unit: "kg"}}}
	}
	docs := map[string]*pact.Supplier{ref: {ID: uuid.MustParse(strings.TrimPrefix(ref, "pact:")), SpecVersion: "2.3.0", Version: 3}}
	before := mustDigest(t, newResult())
	recorded := newResult()
	pact.RecordSupplierVersions(recorded, docs)
	now := mustDigest(t, recorded)
	if now == before {
		t.Fatal("recording the versions does not change the result")
	}
	checkResultDigest(t, newResult, docs, now, before, "before results recorded", nil)
}

// checkResultDigest checks resultDigest on results newResult makes, with
// docs: a certificate signing now (today's document) gets now, one signing
// before (the older document) gets before and a check saying said, one
// signing neither gets now; after, if not nil, checks each result after a
// digest other than before.
func checkResultDigest(t *testing.T, newResult func() *footprint.Result, docs map[string]*pact.Supplier, now, before, said string, after func(res *footprint.Result) error) {
	t.Helper()
	for _, tt := range []struct {
		name, signed, want string
		said               bool
	}{
		{"today's", now, now, false},
		{"older", before, before, true},
		{"neither", strings.Repeat("0", 64), now, false},
	} {
		rc := &recomputation{}
		res := newResult()
		got, err := rc.resultDigest(&certification.Certificate{ResultDigest: tt.signed}, res, docs)
		if err != nil || got != tt.want {
			t.Errorf("%s: digest %s (%v), want %s", tt.name, got, err, tt.want)
		}
		if strings.Contains(strings.Join(rc.checks, "\n"), said) != tt.said {
			t.Errorf("%s: checks %q", tt.name, rc.checks)
		}
		if after != nil && !tt.said {
			if err := after(res); err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
		}
	}
}

// mustDigest returns the digest of result document r.
func mustDigest(tb testing.TB, r *footprint.Result) string {
	tb.Helper()
	d, err := r.Digest()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// Ensure pcf verify compares a recomputed result whose warnings carry
// their Chinese (message_zh) with a certificate whose result was calculated
// before warnings had it, without it, saying so; a digest neither matches is
// the one with it, and the result keeps its Chinese.
func TestRecomputation_ResultDigestWarningsZH(t *testing.T) {
	newResult := func() *footprint.Result {
		return &footprint.Result{KgCO2e: 1, Warnings: []footprint.Warning{{Path: "bom[0]", Message: "factor X is deprecated in set S", MessageZH: "因子 X 在因子集 S 中已弃用"}}}
	}
	now := mustDigest(t, newResult())
	old := newResult()
	old.Warnings[0].MessageZH = ""
	before := mustDigest(t, old)
	if now == before {
		t.Fatal("the warnings' Chinese does not change the result")
	}
	checkResultDigest(t, newResult, nil, now, before, "before warnings carried their Chinese", func(res *footprint.Result) error {
		if res.Warnings[0].MessageZH == "" {
			return errors.New("the recomputed result lost its warnings' Chinese")
		}
		return nil
	})
}

// Red team 9: pcf verify --server requires the QR code to lead to the
// server asked by its origin (scheme and host) only. A certificate
// rendered again with a QR code to another path of the same host
// ("/other-app/v1/certificates/<id>/verify": another application, or an
// area of user content, on a shared government host) reads GENUINE and
// VALID and exits 0, although a scan does not lead to the service's page.
func TestForge9_QRCodeToAnotherPathOfTheServersHost(t *testing.T) {
	_, base, id, _ := mustServeDemoCertificate(t)
	// Anyone can: the signed envelope is in the public verify answer.
	var v struct {
		Signed json.RawMessage `json:"signed"`
	}
	mustData(t, "verify", 200, "GET", base+"/v1/certificates/"+id+"/verify", "", "", &v)
	elsewhere := base + "/other-app/v1/certificates/" + id + "/verify"
	var forged []byte
	sc, err := certification.ParseSignedCertificate(v.Signed)
	r, rerr := labels.NewRenderer()
	if err = errors.Join(err, rerr); err == nil {
		forged, err = r.RenderCertificatePDF(context.Background(), sc, certification.CertificateValid, elsewhere)
	}
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	forgedPath := writeFile(t, dir, "forged.pdf", forged)
	code, out, errOut := pcf(t, "verify", forgedPath, "--server", base)
	if code == 0 {
		t.Fatalf("a QR code leading to %s verified against --server %s with exit 0:\n%s%s", elsewhere, base, out, errOut)
	}
	expectVerify(t, "another path", 1, []string{forgedPath, "--server", base}, "NOT GENUINE",
		"the QR code leads to "+elsewhere+", not to the server asked ("+base+"): its verification page is "+base+"/v1/certificates/"+id+"/verify")
	// Offline, the whole address a scan opens is printed, with a warning
	// when it is plain http (local mode signs no address: format 3;
	// TestVerifyOffline_SignedQRAddress has a signed one).
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	expectVerify(t, "offline", 0, []string{forgedPath, "--key", writeFile(t, dir, "keys.json", jwks)},
		"trust the page it opens only if "+elsewhere+" is the certification service's own verification page", "WARNING 警告: 二维码的地址是明文 http", "\n    the QR code's address is plain http")
}

// Ensure pcf verify --study calculates with the factors the service
// compares a supplier with: a junction box as a PACT footprint classified
// HS 850440 at 4.2 kgCO2e/kg, below the set's ELEC-PSU (24.3, HS 850440,
// a factor the study does not name), is warned at the service, which reads
// the set's factors of the supplier's product; the recomputation read the
// study's own factors only, so it lacked the warning and the result was
// not confirmed. Both take the same factors (footprint.ComparisonCodes).
func TestVerify_StudyWithPACTSupplierComparedWithTheSet(t *testing.T) {
	const id = "7d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := bytes.Replace(supplierPACTDoc(id, "4.2"), []byte(`"productIds":`), []byte(`"productClassifications":["urn:pact:wcoomd.org:hs-code:850440"],"productIds":`), 1)
	args, dir := issueWithPACTJunctionBox(t, id, doc, "Module with a junction box below the set's factor", "GEC-DEMO-2025-000004")
	code, stdout, stderr := pcf(t, append(args, "--pact", writeFile(t, dir, "jb.json", doc))...)
	if code != 0 || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
}

// issueWithPACTJunctionBox runs the service, uploads doc, the maker's PACT
// footprint id of a junction box, certifies the demo module with 0.2 kg of
// it (title, green: demoStudyWithLine) and returns the pcf verify --study
// arguments of the certificate (recomputeArgs) and their directory.
func issueWithPACTJunctionBox(t *testing.T, id string, doc []byte, title, green string) (args []string, dir string) {
	t.Helper()
	m := MustRunMain(t)
	_, maker, certifier := MustApplyDemo(t, m)
	base := "http://" + m.Server.Addr().String()
	if status, b := call(t, "POST", base+"/v1/pact/supplier-footprints", maker, string(doc)); status != 201 {
		t.Fatalf("upload: %d %s", status, b)
	}
	body := demoStudyWithLine(t, title, map[string]any{"name": "junction box", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": "pact:" + id}, green)
	issued := mustIssue(t, base, certifier, mustApply(t, base, maker, body, ""), `{"signatory":"Zhang San"}`)
	dir = t.TempDir()
	return recomputeArgs(t, base, issued, maker, dir), dir
}

// Red team 21 (forger): a competitor's "genuine" certificate PDF that says
// the certificate has expired while its signed validity runs for another
// year and more. The status a certificate PDF prints is not signed, so
// anyone holding a certificate's signed content (every PDF and label of it
// carries it, the verify page serves it) renders it again with
// status=expired: byte for byte the document the service would serve once
// the certificate had expired. pcf verify, offline, prints "GENUINE 真实
// IF THE KEYS ARE THE SERVICE'S … the file is the document rendered from
// its signed content" and then "NOT VALID 无效: the document prints the
// status 已过期 expired, its status when it was downloaded" (now worded as
// not signed, red team 74): a buyer reads
// that the service issued this document and that the certificate had
// expired when it was downloaded. Neither is possible: the service prints
// "expired" only after the signed expiry (Certificate.StatusAt), which the
// verifier holds. A correct verifier calls such a document not genuine
// (the service never issued it) and never says the certificate's status
// was "expired at download". Fix in cmd/pcf/verify.go (or VerifyPDF given
// the time): a printed status "expired" before ExpiresAt is a difference.
func TestRedteam21_ExpiredPrintedBeforeTheSignedExpiry(t *testing.T) {
	c := footprinttest.Certificate() // issued 2026-03-02, valid until 2028-03
	if !time.Now().Before(c.ExpiresAt) {
		t.Skip("the test certificate has expired: the premise needs a certificate within its validity")
	}
	key := footprinttest.Key(t, "red team 21", c.IssuedAt.Add(-time.Hour))
	sc := footprinttest.Sign(t, c, key)
	forged := mustRenderCertificatePDF(t, sc, certification.CertificateExpired, "https://pcf.example.cn"+certification.CertificateVerifyPath(c.ID))
	jwks := mustJWKS(t, key)
	dir := t.TempDir()
	code, out, _ := pcf(t, "verify", writeFile(t, dir, "expired.pdf", forged), "--key", writeFile(t, dir, "keys.json", jwks))
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "GENUINE 真实") ||
		strings.Contains(out, "NOT VALID AS PRINTED") {
		t.Errorf("a certificate PDF printing 已过期 expired before the signed expiry (%s): exit %d\n%s", labels.FormatDate(c.ExpiresAt), code, out)
	}
}

// Red team 21: a genuine certificate reported "NOT GENUINE" because the
// service was busy. pcf verify --server counts a failed live-status
// request (the public verify endpoint's rate limit, 10 a second with a
// burst of 20 per client address, answers 429 with Retry-After; a 503
// while the service restarts) as a problem of the file, and prints
// "NOT GENUINE 非真实证书: this file is not the document the service
// issued: - fetch live status: … answered 429 Too Many Requests". A buyer
// or customs office checking a batch of certificates in a loop (each run
// asks /v1/keys and the verify endpoint, and a superseded one its
// successor's too), or many clients behind one NAT address, gets that
// verdict for genuine documents; a competitor sharing the address can
// cause it at will. The file was checked and is genuine; only its live
// status is unknown. A correct verifier says so (the status could not be
// fetched; retry, or honour Retry-After) and exits non-zero, but never
// calls the file not genuine. Fix in cmd/pcf/verify.go (fetchStatus's
// error is not one of the file's problems).
func TestRedteam21_BusyServerMakesAGenuineFileNotGenuine(t *testing.T) {
	c := footprinttest.Certificate()
	key := footprinttest.Key(t, "red team 21 busy", c.IssuedAt.Add(-time.Hour))
	sc := footprinttest.Sign(t, c, key)
	jwks := mustJWKS(t, key)
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		srv := keysServer(t, jwks, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error":{"code":"rate_limited"}}`, status)
		})
		pdf := mustRenderCertificatePDF(t, sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
		code, out, _ := pcf(t, "verify", writeFile(t, t.TempDir(), "genuine.pdf", pdf), "--server", srv)
		if code == 0 || strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "VALID 有效:") {
			t.Errorf("a genuine certificate whose server answered %d for its live status: exit %d\n%s", status, code, out)
		}
	}
}

// The same with the real service: a client that has just checked 25
// certificates (the rate limit's burst is 20) verifies a genuine
// certificate PDF downloaded from the service, and is told it is NOT
// GENUINE.
func TestRedteam21_RateLimitedVerifyOfAGenuineFile(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()
	cert, _, _ := downloadAll(t, base, id, maker, dir)
	// Another client on the same address, or the same buyer's batch: until
	// the limit answers (a loaded machine refills the bucket between 25
	// requests in a row, so a fixed count did not always reach it).
	limited := false
	for i := 0; i < 500 && !limited; i++ {
		status, _ := call(t, "GET", base+"/v1/certificates/"+id+"/verify", "", "")
		limited = status == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatal("test premise: 500 verifications in a row reach the rate limit")
	}
	// pcf verify waits once as the server asks (Retry-After) and then
	// reports the live status; had the budget still been spent it would
	// say LIVE STATUS UNKNOWN and exit 1. Never NOT GENUINE.
	code, out, _ := pcf(t, "verify", cert, "--server", base)
	if strings.Contains(out, "NOT GENUINE") || (code == 0) != strings.Contains(out, "VALID 有效:") ||
		code != 0 && !strings.Contains(out, "LIVE STATUS UNKNOWN") {
		t.Errorf("the genuine certificate PDF, verified while the client is rate-limited: exit %d\n%s", code, out)
	}
}

// Ensure pcf verify --server waits once as a rate-limited server asks
// (Retry-After of a few seconds) and then reports the live status: a
// batch of checks from one address is slowed, not left unknown.
func TestVerify_RetriesOnceAfterRetryAfter(t *testing.T) {
	c := footprinttest.Certificate()
	key := footprinttest.Key(t, "red team 21 retry", c.IssuedAt.Add(-time.Hour))
	sc := footprinttest.Sign(t, c, key)
	jwks := mustJWKS(t, key)
	calls := 0
	env := footprinttest.Envelope(t, sc)
	srv := keysServer(t, jwks, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if calls++; calls == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error":{"code":"rate_limited"}}`, http.StatusTooManyRequests)
			return
		}
		fmt.Fprintf(w, `{"data":{"status":"valid","signed":%s}}`, env)
	})
	pdf := mustRenderCertificatePDF(t, sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
	code, out, _ := pcf(t, "verify", writeFile(t, t.TempDir(), "genuine.pdf", pdf), "--server", srv)
	if calls != 2 || code != 0 || !strings.Contains(out, "VALID 有效:") {
		t.Errorf("verify after one 429 with Retry-After 1: %d status requests, exit %d\n%s", calls, code, out)
	}
}

// Red team 52 (open from session 51's red team): a server that publishes
// the service's keys and answers the live status 200 with something that
// is not a verification result (an HTML page of a front or a captive
// portal, other JSON, an empty or cut body, the answer for another
// certificate, as a cache keyed on the wrong path gives) made a genuine
// file NOT GENUINE 非真实证书 ("the server's answer cannot be used", "the
// signed content embedded in the file is not the one the server holds");
// the same with a body cut mid-way, a 204, or a 404 page that is not the
// service's. The file is genuine by the keys; only its live status is
// unknown, as for a 503 or a 403 (red teams 21, 89). Ensure each says
// LIVE STATUS UNKNOWN 实时状态未知 (exit 1), never NOT GENUINE nor VALID,
// naming in both languages what was wrong with the answer; and that an
// answer of the same certificate ID holding other signed content (a
// certificate signed with the service's leaked key, red team 28) stays
// NOT GENUINE.
func TestVerify_StatusAnswerNotAResult(t *testing.T) {
	c := footprinttest.Certificate()
	key := footprinttest.Key(t, "red team 52 status answers", c.IssuedAt.Add(-time.Hour))
	sc := footprinttest.Sign(t, c, key)
	env := footprinttest.Envelope(t, sc)
	other := *c
	other.ID, other.Number = uuid.MustParse("0b7e1c4a-2d3f-4a5b-8c6d-7e8f9a0b1c2d"), "CDPCF-2026-000778"
	otherEnv := footprinttest.Envelope(t, footprinttest.Sign(t, &other, key))
	lower := *c
	lower.Stages = slices.Clone(c.Stages)
	lower.KgCO2e, lower.Stages[0].KgCO2e = c.KgCO2e-50, c.Stages[0].KgCO2e-50
	lowerSC := footprinttest.Sign(t, &lower, key)
	lowerEnv := footprinttest.Envelope(t, lowerSC)
	edited := footprinttest.Envelope(t, &certification.SignedCertificate{Content: lowerSC.Content, KeyID: sc.KeyID, Signature: sc.Signature}) // the file's signature on other content
	valid := fmt.Sprintf(`{"data":{"status":"valid","signed":%s}}`, env)
	for _, tt := range []struct {
		name     string
		answer   http.HandlerFunc
		want     []string // what the report says of the answer
		forgery  bool     // NOT GENUINE, rightly
		wantCode int
	}{
		{name: "HTML page", answer: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<!doctype html><title>Sign in to the network</title><p>Welcome")
		}, want: []string{"is not JSON", "不是 JSON"}},
		{name: "other JSON", answer: answerWith(http.StatusOK, `{"ok":true,"items":[]}`), want: []string{"holds no status", "没有状态"}},
		{name: "empty body", answer: answerWith(http.StatusOK, ""), want: []string{"is not JSON", "不是 JSON"}},
		{name: "truncated JSON", answer: answerWith(http.StatusOK, valid[:len(valid)/2]), want: []string{"is not JSON", "不是 JSON"}},
		{name: "status of another certificate", answer: answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"valid","signed":%s}}`, otherEnv)),
			want: []string{"answers for certificate " + other.Number + " (" + other.ID.String() + "), not " + c.ID.String(), "答复的是证书 " + other.Number}},
		{name: "status word the service never answers", answer: answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"genuine","signed":%s}}`, env)),
			want: []string{`status "genuine" is not one the service answers`, `状态 "genuine"`}},
		{name: "no signed certificate", answer: answerWith(http.StatusOK, `{"data":{"status":"valid"}}`), want: []string{"signed certificate cannot be read", "签名证书无法读取"}},
		{name: "signed certificate unreadable", answer: answerWith(http.StatusOK, `{"data":{"status":"valid","signed":{"format":"pcf-signed-certificate/0"}}}`),
			want: []string{"signed certificate cannot be read", "签名证书无法读取"}},
		{name: "facts of another certificate", answer: answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"id":%q,"number":%q,"status":"valid","signed":%s}}`, other.ID, other.Number, env)),
			want: []string{"id " + other.ID.String() + ", not " + c.ID.String(), "number " + other.Number + ", not " + c.Number, "number 答复为 " + other.Number + "，签名为 " + c.Number}},
		{name: "a figure other than the signed one", answer: answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"id":%q,"number":%q,"kg_co2e":%v,"status":"valid","signed":%s}}`, c.ID, c.Number, c.KgCO2e-50, env)),
			want: []string{fmt.Sprintf("kg_co2e %v, not %v", c.KgCO2e-50, c.KgCO2e), "其所列事实与其中的签名证书不符"}},
		{name: "huge body", answer: answerWith(http.StatusOK, `{"data":{"pad":"`+strings.Repeat("x", 2<<20)+`","status":"valid","signed":`+string(env)+`}}`),
			want: []string{"answered more than 1 MiB", "超过 1 MiB"}},
		{name: "body cut mid-way", answer: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(valid)))
			io.WriteString(w, valid[:len(valid)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // the connection drops
		}, want: []string{"unexpected EOF", "答复中断"}},
		{name: "204 No Content", answer: answerWith(http.StatusNoContent, ""), want: []string{"204 No Content"}},
		{name: "404 page of a front", answer: http.NotFound, want: []string{"404 Not Found", "不是认证服务的“未找到”答复"}},
		{name: "same certificate ID, other content no key of the server signed", answer: answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"valid","signed":%s}}`, edited)),
			want: []string{"its signed certificate does not verify with the keys the server publishes: signature does not match content", "不能以该服务器公布的公钥验证：签名与内容不符"}},
		{name: "same certificate ID, other signed content", answer: answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"valid","signed":%s}}`, lowerEnv)),
			forgery: true, want: []string{"not the one the server holds", "不是服务器为本证书持有的那一份"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := keysServer(t, mustJWKS(t, key), tt.answer)
			pdf := mustRenderCertificatePDF(t, sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
			code, out, errOut := pcf(t, "verify", writeFile(t, t.TempDir(), "genuine.pdf", pdf), "--server", srv)
			switch {
			case tt.forgery && (code != 1 || !strings.Contains(out, "NOT GENUINE 非真实证书")):
				t.Errorf("exit %d, want 1 and NOT GENUINE:\n%s%s", code, out, errOut)
			case !tt.forgery && (code != 1 || strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "VALID 有效:") ||
				!strings.Contains(out, "GENUINE 真实:") || !strings.Contains(out, "LIVE STATUS UNKNOWN 实时状态未知")):
				t.Errorf("exit %d, want 1, GENUINE and LIVE STATUS UNKNOWN, never NOT GENUINE nor VALID:\n%s%s", code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// Ensure pcf verify --server takes an answer that pairs its status with
// what the service never answers beside it for no verification result:
// LIVE STATUS UNKNOWN, never VALID (red team 52 left them open: "valid"
// with a replacement, or "valid" with the server's own signature check
// failed, read VALID, exit 0). The pairs the service does answer keep
// their verdicts: a withdrawn certificate replaced before its withdrawal
// names its replacement, signature_valid true with valid, false with
// signature_invalid. And an alert code pcf verify does not know is said
// as unknown, the certificate flagged (NOT VALID), not worded as a
// supplier's status change.
func TestVerify_AnswersTheServiceNeverGives(t *testing.T) {
	c, key, sc, edited := signedAndEdited(t, "answers the service never gives")
	env := footprinttest.Envelope(t, sc)
	next := "3a2b1c0d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"
	unknown := []string{"GENUINE 真实:", "LIVE STATUS UNKNOWN 实时状态未知", "其答复不是本证书的验证结果"}
	for _, tt := range []struct {
		name, data string // the answer's data, besides signed
		signed     []byte
		code       int
		want       []string
		not        []string
	}{
		{"valid with a replacement", `"status":"valid","superseded_by":"` + next + `"`, env, 1,
			append(unknown, `it answers status valid together with superseded_by "`+next+`"`, "只对已被替代或已撤销的证书给出替代证书"), []string{"VALID 有效:", "NOT VALID"}},
		{"suspended with a replacement", `"status":"suspended","superseded_by":"` + next + `"`, env, 1,
			append(unknown, "it answers status suspended together with superseded_by"), []string{"NOT VALID"}},
		{"a replacement that is not a certificate ID", `"status":"superseded","superseded_by":"CDPCF-2026-000999, the correct one"`, env, 1,
			append(unknown, `its superseded_by "CDPCF-2026-000999, the correct one" is not a certificate ID`), []string{"NOT VALID"}},
		{"valid with the server's check failed", `"status":"valid","signature_valid":false`, env, 1,
			append(unknown, "it answers signature_valid false with status valid", "仅在状态为 signature_invalid 时答复 false"), []string{"VALID 有效:", "NOT VALID"}},
		{"signature_invalid with the server's check passed", `"status":"signature_invalid","signature_valid":true,"recorded_status":"valid"`, edited, 1,
			append(unknown, "it answers signature_valid true with status signature_invalid"), []string{"NOT VALID"}},
		// What the service answers.
		{"withdrawn after its replacement", `"status":"withdrawn","superseded_by":"` + next + `"`, env, 1,
			[]string{"NOT VALID 无效", "撤销 withdrawn (replaced by certificate " + next + ")"}, []string{"LIVE STATUS UNKNOWN"}},
		{"valid, the server's check passed", `"status":"valid","signature_valid":true`, env, 0,
			[]string{"VALID 有效:"}, []string{"LIVE STATUS UNKNOWN", "NOT VALID"}},
		{"signature_invalid, the server's check failed", `"status":"signature_invalid","signature_valid":false,"recorded_status":"valid"`, edited, 1,
			[]string{"NOT VALID 无效", "签名未通过验证"}, []string{"LIVE STATUS UNKNOWN"}},
		{"valid, flagged by an alert code pcf verify does not know", `"status":"valid","signature_valid":true,"supplier_alerts":[{"code":"factor_set_recalled","review":"pending"}]`, env, 1,
			[]string{"NOT VALID 无效", `the service answered an alert this program does not know, "factor_set_recalled"`, `服务答复了本程序不认识的提示 "factor_set_recalled"`},
			[]string{"supplier certificate it relies on", "供应商证书状态已变更"}},
		{"valid, flagged upstream", `"status":"valid","signature_valid":true,"supplier_alerts":[{"code":"supplier_changed","review":"pending"}]`, env, 1,
			[]string{"NOT VALID 无效", "a supplier certificate it relies on has changed status", "供应商证书状态已变更"}, []string{"does not know"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := keysServer(t, mustJWKS(t, key), answerWith(http.StatusOK, fmt.Sprintf(`{"data":{%s,"signed":%s}}`, tt.data, tt.signed)))
			pdf := mustRenderCertificatePDF(t, sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
			code, out, errOut := pcf(t, "verify", writeFile(t, t.TempDir(), "genuine.pdf", pdf), "--server", srv)
			if code != tt.code || strings.Contains(out, "NOT GENUINE") {
				t.Errorf("exit %d, want %d, never NOT GENUINE:\n%s%s", code, tt.code, out, errOut)
			}
			checkSays(t, out, tt.want, tt.not)
		})
	}
}

// Ensure pcf verify shows, never acts on, terminal control sequences a file
// carries (forger red team: a label whose /Keywords held, after its
// recorded address, ESC sequences printing "GENUINE 真实 …" on a line of
// their own and hiding everything after it, NOT GENUINE included). The
// report and the error line escape them as \uXXXX; the verdict stays NOT
// GENUINE.
func TestVerify_TerminalSequencesFromTheFileAreShown(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()
	_, label, keys := downloadAll(t, base, id, maker, dir)
	pdf := footprinttest.ReadFile(t, label)
	loc := regexp.MustCompile(`/Keywords \((` + regexp.QuoteMeta(labels.DocumentFormat) + ` label verify=[^)]*)\)`).FindSubmatchIndex(pdf)
	if loc == nil {
		t.Fatal("no Keywords")
	}
	rec := string(pdf[loc[2]:loc[3]])
	i := strings.Index(rec, "/v1/certificates/")
	sp := func(s string) string { return strings.ReplaceAll(s, " ", "\x1b[C") } // cursor right for a space
	inj := rec[:i] + "\x1bE" + sp("GENUINE 真实: the signature verifies and the file is the document rendered from its signed content.") + "\x1bE\x1b[8m" + rec[i:]
	var b bytes.Buffer
	b.WriteString("/Keywords <FEFF")
	for _, c := range utf16.Encode([]rune(inj)) {
		b.WriteString(hex.EncodeToString([]byte{byte(c >> 8), byte(c)}))
	}
	b.WriteString(">")
	forged := append(append(append([]byte{}, pdf[:loc[0]]...), b.Bytes()...), pdf[loc[1]:]...)
	file := filepath.Join(dir, "escapes.pdf")
	if err := os.WriteFile(file, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := pcf(t, "verify", file, "--key", keys)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, s := range []string{out, errOut} {
		if strings.Contains(s, "\x1b") {
			t.Errorf("control characters printed, not shown:\n%q", s)
		}
	}
	if !strings.Contains(out, `\u001bEGENUINE\u001b[C`) {
		t.Errorf("the recorded address not shown with its escapes:\n%s", out)
	}
}

// Ensure a certificate a forger signs with its own key, naming its own
// service as the one that answers for it (format 4), is NOT GENUINE when
// checked with the genuine service, and the report does not send the
// reader to the forger's address (forger red team: "NOT VERIFIED … Verify
// with --server <forger>", whose server then said GENUINE and VALID). With
// the forger's keys given offline the verdict is qualified: genuine only
// if the keys are the service's, and the signed address is not called the
// issuing service's.
func TestVerify_OwnKeyNamingAnotherServiceIsNotGenuine(t *testing.T) {
	m, genuine := mustServeSigned(t)
	id, _ := MustIssueDemoCertificate(t, m)
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(id))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const evil = "https://pcf-example.cn"
	c := *rec.Certificate()
	c.Holder.NameEN, c.VerifyBase = "Forged Holder Co., Ltd.", evil
	key := footprinttest.Key(t, "", c.IssuedAt.Add(-time.Hour)) // the forger's own
	signed := footprinttest.Sign(t, &c, key)
	u, _ := c.VerifyURL("")
	b := mustRenderCertificatePDF(t, signed, certification.CertificateValid, u)
	file := writeFile(t, dir, "forged.pdf", b)
	code, out, _ := pcf(t, "verify", file, "--server", genuine)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "--server "+evil) || strings.Contains(out, "NOT VERIFIED") ||
		strings.Contains(out, evil+" is the issuing service") {
		t.Errorf("forged with its own key, checked with the genuine service: exit %d\n%s", code, out)
	}
	jwks := mustJWKS(t, key)
	code, out, _ = pcf(t, "verify", file, "--key", writeFile(t, dir, "forger-keys.json", jwks))
	if code != 0 || !strings.Contains(out, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S") || !strings.Contains(out, "publishes key "+key.ID) ||
		strings.Contains(out, "is the issuing service's address") {
		t.Errorf("with the forger's keys: exit %d\n%s", code, out)
	}
}

// Ensure pcf verify says why a PNG label cannot be verified, rather than
// "cannot read PDF: not a PDF file" as for any other file (forger red
// team: a genuine and an edited label.png answered alike).
func TestVerify_PNGLabelSaysWhy(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	status, png := call(t, "GET", base+"/v1/certificates/"+id+"/label.png", maker, "")
	if status != 200 {
		t.Fatalf("label.png: %d", status)
	}
	dir := t.TempDir()
	_, _, keys := downloadAll(t, base, id, maker, dir)
	code, _, errOut := pcf(t, "verify", writeFile(t, dir, "label.png", png), "--key", keys)
	if code != 1 || !strings.Contains(errOut, "is a PNG image (label.png): an image carries no signed content") || !strings.Contains(errOut, "label.pdf") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// Ensure pcf verify --study reproduces a certificate whose review warned
// that the study's result is below every factor of the set of its own
// product (red team 18): a PV cell (HS 854142) under electronics of 12.2 g
// of metallurgical silicon, 0.17 kgCO2e where the set's PV-CELL-MONO182 is
// 1.59 per piece. The recomputation reads the set's factors of the
// product's codes as the service does (footprint.ComparisonCodes); without
// them it would calculate no such warning and report the certificate NOT
// CONFIRMED.
func TestVerify_StudyBelowTheSetsFactorOfItsProduct(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	maker, certifier := orgKey(t, m, demoMaker), orgKey(t, m, demoCertifier)
	doc := seedtest.CellStudyDoc(t, "Demo Module Co.")
	app := mustApply(t, base, maker, seedtest.MustMarshal(t, doc), "")
	var v struct {
		Review struct {
			Warnings []struct{ Path, Message string }
		} `json:"review"`
	}
	mustData(t, "application", 200, "GET", base+"/v1/applications/"+app, certifier, "", &v)
	warned := false
	for _, w := range v.Review.Warnings {
		warned = warned || w.Path == "product.product_codes" && strings.Contains(w.Message, "below every factor of set 2026.1 of its product (HS:854142): the lowest, PV-CELL-MONO182")
	}
	if !warned {
		t.Fatalf("review without the warning of PV-CELL-MONO182: %+v", v.Review.Warnings)
	}
	issued := mustIssue(t, base, certifier, app, `{"signatory":"Zhang San"}`)
	code, stdout, stderr := pcf(t, recomputeArgs(t, base, issued, maker, t.TempDir())...)
	if code != 0 || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
}

// mustServeSigned runs pcf serve with --base-url its own address, so that
// it issues format-4 certificates (which sign it); it returns the base URL.
func mustServeSigned(t *testing.T) (*Main, string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // a free port, for a --base-url known before the server starts
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr
	return MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, base }), base
}

// Ensure pcf verify offline vouches for the QR code's address of a
// certificate that signs it (format 4, what pcf serve issues with
// --base-url): the certificate and the label as downloaded are GENUINE,
// the report says the address is signed and names it as the service the
// certificate names (to check with only if the keys are the service's: red
// team 45), and never calls it unsigned.
func TestVerifyOffline_SignedQRAddress(t *testing.T) {
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert, label, keys := downloadAll(t, base, id, maker, t.TempDir())
	for _, pdf := range []string{cert, label} {
		url := base + "/v1/certificates/" + id + "/verify"
		expectVerify(t, pdf, 0, []string{pdf, "--key", keys}, "GENUINE", "QR code leads to "+url,
			"(that address is signed in the certificate: "+base+" is the address of the service whose key signed it, if the keys given are that service's)",
			"GENUINE 真实 IF THE KEYS ARE THE SERVICE'S",
			"The certificate names "+base+" as its service (its QR code leads to "+url+")")
		if _, out, _ := pcf(t, "verify", pdf, "--key", keys); strings.Contains(out, "address is not signed") {
			t.Errorf("%s: the signed address called unsigned:\n%s", pdf, out)
		}
	}
}

// Ensure pcf verify --server judges a format-4 certificate only with the
// service it signs, however that address is spelled: the signed address
// with a trailing slash, in capitals or with its default port is that
// service (GENUINE, its live status); another name of the same machine is
// another service, whose keys and status say nothing of the certificate:
// NOT VERIFIED, naming the signed address, never GENUINE or NOT GENUINE,
// and no live status of that server.
func TestVerifyServer_OnlyTheSignedService(t *testing.T) {
	m, base := mustServeSigned(t)
	addr := strings.TrimPrefix(base, "http://")
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, base, id, maker, t.TempDir())
	_, port, _ := net.SplitHostPort(addr)
	for _, server := range []string{base, base + "/", "HTTP://127.0.0.1:" + port} {
		expectVerify(t, server, 0, []string{cert, "--server", server}, "GENUINE", "live status")
	}
	other := "http://localhost:" + port
	expectVerify(t, other, 1, []string{cert, "--server", other}, "NOT VERIFIED", "names "+base+" as the service", "Verify with --server "+base+".")
	if _, out, _ := pcf(t, "verify", cert, "--server", other); strings.Contains(out, "GENUINE") || strings.Contains(out, "Live status") {
		t.Errorf("another service's word printed:\n%s", out)
	}
}

// Ensure a scheme's default port, case and a trailing slash do not make
// another service, and another port, host, scheme or path do.
func TestSameService(t *testing.T) {
	for _, c := range []struct {
		base string
		same bool
	}{
		{"https://pcf.example.cn", true},
		{"https://pcf.example.cn/", true},
		{"HTTPS://PCF.Example.CN", true},
		{"https://pcf.example.cn:443", true},
		{"http://pcf.example.cn", false},
		{"https://pcf.example.cn:8443", false},
		{"https://www.pcf.example.cn", false},
		{"https://pcf.example.cn/other", false},
		{"https://pcf.example.cn.evil.test", false},
	} {
		if got := sameService(c.base, "https://pcf.example.cn"); got != c.same {
			t.Errorf("sameService(%q) = %v, want %v", c.base, got, c.same)
		}
	}
	if !sameService("http://127.0.0.1:80", "http://127.0.0.1") {
		t.Error("http's default port is another service")
	}
}

// Ensure pcf verify --server says NOT VALID, naming the replaced
// certificate, for a certificate whose predecessor its certifier withdrew
// after it was replaced (the verify answer's predecessor_withdrawn alert):
// it read every alert as a supplier's. The holder had the study of
// certificate A reissued by a second certifier as B, superseding A; A's
// certifier then withdrew A for cause.
func TestVerify_PredecessorWithdrawn(t *testing.T) {
	m, base, a, maker := mustServeDemoCertificate(t)
	var rec struct {
		StudyID string `json:"study_id"`
		Number  string `json:"number"`
	}
	mustData(t, "certificate", 200, "GET", base+"/v1/certificates/"+a, maker, "", &rec)
	second := orgKey(t, m, access.Organization{Name: "Second Certification Centre", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-998"})
	app := mustPostID(t, "apply", base, "/v1/applications", maker,
		`{"study_id":"`+rec.StudyID+`","certifier":"Second Certification Centre","supersedes":"`+a+`"}`, "id")
	b := mustIssue(t, base, second, app, `{"signatory":"Zhang San"}`)
	cert := download(t, base, b, "certificate.pdf", maker, t.TempDir())
	if status, body := call(t, "POST", base+"/v1/certificates/"+a+"/withdraw", orgKey(t, m, demoCertifier), `{"reasons":["data falsified"]}`); status != 200 {
		t.Fatalf("withdraw A: %d %s", status, body)
	}
	code, out, errOut := pcf(t, "verify", cert, "--server", base)
	for _, want := range []string{"GENUINE 真实", "NOT VALID 无效", "a certificate earlier in its lineage, " + rec.Number + ", was withdrawn", "本证书沿革中的前证书 " + rec.Number} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != 1 || strings.Contains(out, "supplier certificate it relies on") {
		t.Errorf("exit %d, want 1 and no supplier wording:\n%s%s", code, out, errOut)
	}
}

// Ensure pcf verify judges a certificate's signed expiry when the server
// does not answer: an expired certificate is EXPIRED, not "live status
// unknown" (the expiry needs no server).
func TestVerify_ExpiredWhileServerDown(t *testing.T) {
	var keys []byte
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/verify") { // the live status: busy
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(keys) // the public keys
	}))
	defer down.Close()
	d := newOfflineDocs(t, "expired while down", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 3, 2, 2, 0, 0, 0, time.UTC), down.URL)
	keys, _ = os.ReadFile(d.keys)
	cert := d.certificate(t, certification.CertificateValid)
	code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "certificate.pdf", cert), "--server", down.URL)
	if code != 1 || !strings.Contains(out, "EXPIRED 已过期") || strings.Contains(out, "LIVE STATUS UNKNOWN") {
		t.Errorf("exit %d, want 1 and EXPIRED:\n%s%s", code, out, errOut)
	}
}

// leakedSigningKey reads the active signing key out of a backup of the
// database of m, as whoever holds a copy of the file (a backup made before
// a rotation, docs/certificates.md §4) can.
func leakedSigningKey(t *testing.T, m *Main) *certification.SigningKey {
	t.Helper()
	path := filepath.Join(t.TempDir(), "backup.db")
	if _, err := m.DB.BackupToFile(path); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var key *certification.SigningKey
	err = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("signing_keys")).ForEach(func(_, v []byte) error {
			var rec struct {
				ID      string    `json:"id"`
				Seed    []byte    `json:"seed"`
				Created time.Time `json:"created"`
				Retired time.Time `json:"retired"`
			}
			if err := json.Unmarshal(v, &rec); err != nil {
				return err
			}
			if len(rec.Seed) == ed25519.SeedSize && rec.Retired.IsZero() {
				key = &certification.SigningKey{ID: rec.ID, Created: rec.Created, Private: ed25519.NewKeyFromSeed(rec.Seed)}
			}
			return nil
		})
	})
	if err != nil || key == nil {
		t.Fatalf("no signing key in the backup: %v", err)
	}
	return key
}

// Red team 28 (forger): a format-4 certificate signed with a leaked key of
// the service and naming a look-alike service in verify_base was called
// "NOT VERIFIED" by pcf verify --server <the genuine service>, which then
// told the reader to "Verify with --server <the look-alike>" — where the
// forger's server (serving a copy of the genuine /v1/keys and answering
// "valid") made it GENUINE and VALID. The key is the genuine service's
// (a backup made before a rotation keeps its seed: §4), the certificate is
// dated inside its lifetime, and the genuine service has never issued it:
// the server asked publishes the key that signed it and does not know the
// certificate, which is what a forgery with a leaked key looks like. Before
// format 4 the same forgery was NOT GENUINE ("the server does not know
// certificate …"); the signed address made the verifier skip the question.
func TestRedteam28_LeakedKeyNamesALookAlikeService(t *testing.T) {
	m, genuine := mustServeSigned(t)
	id, _ := MustIssueDemoCertificate(t, m)
	leaked := leakedSigningKey(t, m) // a backup taken now
	if _, err := factordb.NewKeyService(m.DB).RotateSigningKey(context.Background()); err != nil {
		t.Fatal(err) // the key is retired later; its seed is gone from the live file, not from the backup
	}
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(id))
	if err != nil {
		t.Fatal(err)
	}
	// The forger's look-alike service: the genuine keys, copied, and
	// "valid" for whatever it is asked about.
	var env []byte
	_, genuineKeys := call(t, "GET", genuine+"/v1/keys", "", "")
	evil := forgersServer(t, genuineKeys, &env)
	c := *rec.Certificate()
	c.ID, c.Number = uuid.MustParse("5b0e4c1d-7a2f-4e3b-9c8d-1f2e3a4b5c6d"), "CDPCF-2026-000777"
	c.Holder.NameZH, c.Holder.NameEN = "伪造光伏有限公司", "Forged PV Co., Ltd."
	c.VerifyBase = evil
	forged := footprinttest.Sign(t, &c, leaked) // issued at the genuine certificate's time: inside the key's lifetime
	env = footprinttest.Envelope(t, forged)
	u, _ := c.VerifyURL("")
	file := writeFile(t, t.TempDir(), "forged.pdf", mustRenderCertificatePDF(t, forged, certification.CertificateValid, u))

	code, out, errOut := pcf(t, "verify", file, "--server", genuine)
	t.Logf("asked of the genuine service: exit %d\n%s", code, out)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "--server "+evil) {
		t.Errorf("a certificate the service never issued, signed with its leaked key and naming %s, checked with the genuine service: exit %d; want NOT GENUINE and no advice to ask %s\n%s%s",
			evil, code, evil, out, errOut)
	}
	// The same with the ID of the genuine certificate, its figure lowered:
	// the service knows the ID, and holds another certificate under it.
	c.ID, c.Number = rec.Certificate().ID, rec.Certificate().Number
	c.Stages = slices.Clone(c.Stages) // the store's decoded certificate is shared
	c.KgCO2e, c.Stages[0].KgCO2e = c.KgCO2e-50, c.Stages[0].KgCO2e-50
	reused := footprinttest.Sign(t, &c, leaked)
	u2, _ := c.VerifyURL("")
	file2 := writeFile(t, t.TempDir(), "forged.pdf", mustRenderCertificatePDF(t, reused, certification.CertificateValid, u2))
	code, out, errOut = pcf(t, "verify", file2, "--server", genuine)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "--server "+evil) {
		t.Errorf("the genuine certificate's ID, 50 kgCO2e lower, signed with the leaked key and naming %s, checked with the genuine service: exit %d; want NOT GENUINE and no advice to ask %s\n%s%s",
			evil, code, evil, out, errOut)
	}
	// Where the advice led: the look-alike answers for it (this stays so:
	// a reader who asks the forger's server is answered by the forger).
	code, out, _ = pcf(t, "verify", file, "--server", evil)
	t.Logf("asked of the look-alike: exit %d\n%s", code, out)
}

// forgersServer starts a forger's look-alike service: it publishes keys
// and answers "valid", with the signed certificate *env, whatever it is
// asked about. It returns its address.
func forgersServer(t *testing.T, keys []byte, env *[]byte) string {
	t.Helper()
	return keysServer(t, keys, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":{"status":"valid","signed":%s}}`, *env)
	})
}

// forgedWithOwnKey signs a copy of the demo certificate with a forger's
// own key, as a new certificate naming the forger's look-alike server
// (forgersServer, publishing that key) as its service, and writes its
// certificate PDF and the forger's keys file. It returns their paths and
// the look-alike's address.
func forgedWithOwnKey(t *testing.T) (file, keys, evil string) {
	t.Helper()
	m, _ := mustServeSigned(t)
	id, _ := MustIssueDemoCertificate(t, m)
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(id))
	if err != nil {
		t.Fatal(err)
	}
	c := *rec.Certificate()
	key := footprinttest.Key(t, "redteam45 forger", c.IssuedAt.Add(-time.Hour))
	jwks := mustJWKS(t, key)
	var env []byte
	evil = forgersServer(t, jwks, &env)
	c.ID, c.Number = uuid.MustParse("7c3e9a51-2b4d-4f60-8e1a-9d2c3b4a5e6f"), "CDPCF-2026-000745"
	c.VerifyBase = evil
	forged := footprinttest.Sign(t, &c, key)
	env = footprinttest.Envelope(t, forged)
	u, _ := c.VerifyURL("")
	dir := t.TempDir()
	return writeFile(t, dir, "forged.pdf", mustRenderCertificatePDF(t, forged, certification.CertificateValid, u)), writeFile(t, dir, "keys.json", jwks), evil
}

// Red team 45 (forger): a certificate signed with the forger's own key,
// naming the forger's look-alike server as its service (format 4's signed
// address), sent with "the service's keys", a JWK Set holding the forger's
// key. pcf verify --key said GENUINE IF THE KEYS ARE THE SERVICE'S, then
// "LIVE STATUS NOT CHECKED … Check it with --server <the look-alike>, the
// address the certificate signs": a reader who did as told asked the
// forger's server, which publishes the same key and answers valid, and was
// told GENUINE and VALID. Red team 28 closed that advice online; offline
// the signed address vouches for no more than the keys given, and a leaked
// key signs any address too. A correct pcf verify names the address as the
// certificate's claim and sends the reader to the service's address as the
// reader knows it.
func TestRedteam45_OfflineAdviceLeadsToTheForgersServer(t *testing.T) {
	file, keys, evil := forgedWithOwnKey(t)
	code, out, errOut := pcf(t, "verify", file, "--key", keys)
	if code != 0 || strings.Contains(out, "--server "+evil) || !strings.Contains(out, "Check it with --server URL, the certification service's address as you know it") ||
		!strings.Contains(out, "The certificate names "+evil+" as its service") {
		t.Errorf("offline with the forger's keys: exit %d; want the service's address as the reader knows it to check with, and %s named as the certificate's claim only\n%s%s", code, evil, out, errOut)
	}
	// Where the old advice led (this stays so: a reader who asks the
	// forger's server is answered by the forger).
	code, out, _ = pcf(t, "verify", file, "--server", evil)
	t.Logf("asked of the forger's server: exit %d\n%s", code, out)
}

// Red team 45 (forger): the report names the server it asked as the reader
// gave it, and a URL's user name reads as its host. "pcf verify forged.pdf
// --server http://pcf.example.cn@<look-alike>" (a command a forger hands
// over with its PDF) asked the look-alike, which ignores the user name, and
// said "VALID 有效: live status 有效 valid, from http://pcf.example.cn@…"
// (the genuine service answers such a request 401). A correct pcf verify
// refuses an address with a user name, a query or a fragment as a usage
// error naming the host it would have asked, and a host that is not ASCII.
func TestRedteam45_ServerAddressWithAUserName(t *testing.T) {
	file, _, evil := forgedWithOwnKey(t)
	host := strings.TrimPrefix(evil, "http://")
	for _, server := range []string{"http://pcf.example.cn@" + host, "http://pcf.example.cn:443@" + host, evil + "?service=pcf.example.cn", evil + "#pcf.example.cn"} {
		code, out, errOut := pcf(t, "verify", file, "--server", server)
		if code != 2 || strings.Contains(out, "VALID") || !strings.Contains(errOut, "the host is \""+host+"\"") {
			t.Errorf("--server %s: exit %d, want 2 (usage) naming the host %s\n%s%s", server, code, host, out, errOut)
		}
	}
	// A host with a look-alike letter is another domain, printed as the
	// service's: "pcf.exаmple.cn" with a Cyrillic а.
	if code, out, errOut := pcf(t, "verify", file, "--server", "http://pcf.ex\u0430mple.cn"); code != 2 || !strings.Contains(errOut, "is not ASCII") {
		t.Errorf("--server with a Cyrillic а in the host: exit %d, want 2 (usage)\n%s%s", code, out, errOut)
	}
	expectVerify(t, "the address alone", 0, []string{file, "--server", evil}, "VALID 有效")
	if _, out, _ := pcf(t, "verify", file, "--server", evil); strings.Contains(out, "plain http") {
		t.Errorf("--server %s (this machine) warned of plain http: %s", evil, out)
	}
}

// Red team 45: --server over plain http to another machine let a network
// on the way answer with its own keys and "valid", unwarned (the QR code's
// plain http is warned offline). Ensure such an address is warned, and
// this machine and https are not.
func TestRedteam45_PlainHTTPServerElsewhere(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://pcf.example.cn": true, "http://192.0.2.10:8080": true, "http://[2001:db8::1]": true,
		"http://127.0.0.1:8080": false, "http://localhost:8080": false, "http://LOCALHOST": false, "http://[::1]:8080": false, "http://0.0.0.0:8080": false,
		"https://pcf.example.cn": false,
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := plainHTTPElsewhere(u); got != want {
			t.Errorf("plainHTTPElsewhere(%s) = %v, want %v", raw, got, want)
		}
	}
}

// Red team 28 (a dishonest holder presenting another product's genuine
// certificate as its own): pcf verify's summary of a genuine certificate
// named its product, model, footprint, dates and certification body, but
// not whose certificate it is: a model name is no one's own ("DEMO-M10-54"
// may be any maker's), and another company sending a buyer a competitor's
// genuine certificate of a model of the same name had it reported GENUINE
// with nothing in the report to hold against the sender. The summary names
// the holder (and the manufacturer when it is another).
func TestRedteam28_VerifySummaryNamesNoHolder(t *testing.T) {
	c, out := verifyDemoSummary(t)
	holder := c.Holder
	if !strings.Contains(out, holder.NameZH) || !strings.Contains(out, holder.NameEN) {
		t.Errorf("the summary does not name the holder %s %s:\n%s", holder.NameZH, holder.NameEN, out)
	}
}

// verifyDemoSummary issues the demo certificate and returns it with the
// output of pcf verify on its PDF with the server's keys, which must pass.
func verifyDemoSummary(t *testing.T) (*certification.Certificate, string) {
	t.Helper()
	m, base, id, maker := mustServeDemoCertificate(t)
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(id))
	if err != nil {
		t.Fatal(err)
	}
	cert, _, keys := downloadAll(t, base, id, maker, t.TempDir())
	code, out, errOut := pcf(t, "verify", cert, "--key", keys)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	return rec.Certificate(), out
}

// TestVerify_CompromisedKey: once the service reports its signing key
// compromised (a full backup stolen, red teams 28 and 29), a file signed
// with it is NOT VERIFIED offline with the keys the service then
// publishes, since whoever holds the key signs what it likes, dated
// within the key's life; asked of the service, which holds it as signed,
// it is GENUINE; a forgery signed with the stolen key is NOT GENUINE
// there (the service does not hold it) and NOT VERIFIED offline. Before,
// a key could only be retired: the forgery read "GENUINE IF THE KEYS ARE
// THE SERVICE'S" offline for good.
func TestVerify_CompromisedKey(t *testing.T) {
	m, base, id, maker := mustServeDemoCertificate(t)
	leaked := leakedSigningKey(t, m)
	dir := t.TempDir()
	cert := download(t, base, id, "certificate.pdf", maker, dir)
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(id))
	if err != nil {
		t.Fatal(err)
	}
	c := *rec.Certificate()
	c.ID, c.Number = uuid.MustParse("0d6f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"), "CDPCF-2026-000778"
	c.Stages = slices.Clone(c.Stages) // the store's decoded certificate is shared
	c.KgCO2e, c.Stages[0].KgCO2e = c.KgCO2e-50, c.Stages[0].KgCO2e-50
	forged := footprinttest.Sign(t, &c, leaked)
	forgery := writeFile(t, dir, "forged.pdf", mustRenderCertificatePDF(t, forged, certification.CertificateValid, base+certification.CertificateVerifyPath(c.ID)))

	// The reader's keys file, saved before the service reported the key.
	_, saved := call(t, "GET", base+"/v1/keys", "", "")
	stale := writeFile(t, dir, "keys-saved-before.json", saved)

	pub, err := factordb.NewKeyService(m.DB).ReportCompromised(context.Background(), leaked.ID)
	if err != nil || pub.Compromised.IsZero() {
		t.Fatalf("report compromised: %+v, %v", pub, err)
	}
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	keys := writeFile(t, dir, "keys.json", jwks)
	if !bytes.Contains(jwks, []byte(`"compromised":"`)) {
		t.Fatalf("/v1/keys does not say the key is compromised: %s", jwks)
	}
	for _, tt := range []struct {
		name, file string
		args       []string
		code       int
		want       []string
	}{
		{"the genuine file offline", cert, []string{"--key", keys}, 1, []string{"NOT VERIFIED", "reported compromised", "--server"}},
		{"the genuine file asked of the service", cert, []string{"--server", base}, 0, []string{"GENUINE", "reported compromised", "holds this certificate as it is signed", "VALID"}},
		{"the forgery offline", forgery, []string{"--key", keys}, 1, []string{"NOT VERIFIED", "reported compromised"}},
		{"the forgery asked of the service", forgery, []string{"--server", base}, 1, []string{"NOT GENUINE", "compromised"}},
		// Red team 45: a keys file saved before the report (or one the
		// thief edited) holds no mark. Offline nothing can know better,
		// but the report said it is genuine "only if the certification
		// service publishes key K at /v1/keys", and the service does,
		// marked compromised: the reader who looked the key up found it.
		// It now says what /v1/keys must say of the key.
		{"the forgery offline with keys saved before the report", forgery, []string{"--key", stale}, 0, []string{
			"GENUINE 真实 IF THE KEYS ARE THE SERVICE'S", "publishes key " + leaked.ID + ` at /v1/keys, with no "compromised" time, and no "retired" time before the certificate's issue, ` + c.IssuedAt.UTC().Format(time.RFC3339),
			`genuine only if the certification service publishes that key at /v1/keys, with no "compromised" time`}},
		// A server that gives its keys but is too busy to answer for the
		// certificate (429) disowns nothing: not verified, not forged.
		{"the genuine file asked of a busy service", cert, []string{"--server", busyServer(t, base)}, 1, []string{"NOT VERIFIED", "did not answer", "try again later"}},
	} {
		code, out, errOut := pcf(t, append([]string{"verify", tt.file}, tt.args...)...)
		missing := slices.DeleteFunc(slices.Clone(tt.want), func(w string) bool { return strings.Contains(out, w) })
		if code != tt.code || len(missing) > 0 || (tt.code != 0 && strings.Contains(out, "GENUINE 真实")) {
			t.Errorf("%s: exit %d, want %d, missing %q\n%s%s", tt.name, code, tt.code, missing, out, errOut)
		}
	}
}

// busyServer serves base's public keys and answers 429 (too many lookups)
// for anything else, as the service does to a client past its budget.
func busyServer(t *testing.T, base string) string {
	t.Helper()
	_, keys := call(t, "GET", base+"/v1/keys", "", "")
	return keysServer(t, keys, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		answerWith(http.StatusTooManyRequests, `{"error":{"code":"rate_limited","message":"too many requests"}}`)(w, r)
	})
}

// Red team 8, the DQR's coverage: a DQR rates the lines with quality
// scores only, and was shown without the share of the total they cover.
// Ensure pcf verify prints a format-5 certificate's DQR with its signed
// coverage, and says of a certificate issued before (format 1 here, which
// still verifies as genuine) that its coverage is not signed.
func TestRedteam8_VerifyPrintsTheDQRCoverage(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()
	status, pdf := call(t, "GET", base+"/v1/certificates/"+id+"/certificate.pdf", maker, "")
	if status != 200 {
		t.Fatalf("certificate.pdf: %d", status)
	}
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	code, out, errOut := pcf(t, "verify", writeFile(t, dir, "cert.pdf", pdf), "--key", writeFile(t, dir, "keys.json", jwks))
	if want := "\n  数据质量 quality     DQR 2.49 良好 good · 覆盖总量的 100 % / covers 100 % of the total\n"; code != 0 || !strings.Contains(out, "GENUINE") || !strings.Contains(out, want) {
		t.Errorf("format 5: exit %d, output lacks %q:\n%s%s", code, want, out, errOut)
	}

	testdata := filepath.Join("..", "..", "labels", "testdata", "format1")
	code, out, errOut = pcf(t, "verify", filepath.Join(testdata, "certificate.pdf"), "--key", filepath.Join(testdata, "keys.json"))
	if want := "(the share of the total it covers is not signed: certificates before pcf-certificate/5 do not sign it"; code != 0 || !strings.Contains(out, "GENUINE 真实") || !strings.Contains(out, want) {
		t.Errorf("format 1: exit %d, output lacks %q:\n%s%s", code, want, out, errOut)
	}
}

// Red team 41 (a genuine certificate presented for the same model made at
// another plant): pcf verify's summary named the holder and manufacturer,
// but not the production sites the certificate signs, whose electricity
// is in its figure (certification is per product and plant). The summary
// names each site with its address.
func TestRedteam41_VerifySummaryNamesNoSite(t *testing.T) {
	c, out := verifyDemoSummary(t)
	sites := c.Sites
	if len(sites) == 0 || !strings.Contains(out, "\n  生产场所 site        ") || !strings.Contains(out, sites[0].Address) {
		t.Errorf("the summary does not name the production site %+v:\n%s", sites, out)
	}
}

// Red team 41: a genuine certificate whose signed text holds & or < (a
// product "Demo module R&D <1>"; company names hold & often) was NOT
// GENUINE with --server: the server's answer carried the signed envelope
// with & written \u0026 (encoding/json's HTML escaping), which no longer
// parsed as the canonical content ("the server's signed certificate
// cannot be read"). A correct answer carries the envelope as signed, and
// the file is GENUINE and VALID.
func TestRedteam41_GenuineCertificateWithAnAmpersandNotGenuineOnline(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	maker, certifier := orgKey(t, m, demoMaker), orgKey(t, m, demoCertifier)
	study := bytes.Replace(seedtest.StudyJSON(t, "pv-module"), []byte(`"name": "Demo mono-Si PV module, 54 M10 cells (108 half-cells)"`),
		[]byte(`"name": "Demo module R&D <1>"`), 1)
	id := mustIssue(t, base, certifier, mustApply(t, base, maker, study, ""), `{"signatory":"Zhang San"}`)
	cert := download(t, base, id, "certificate.pdf", maker, t.TempDir())
	code, out, errOut := pcf(t, "verify", cert, "--server", base)
	if code != 0 || !strings.Contains(out, "VALID 有效") || strings.Contains(out, "NOT GENUINE") {
		t.Fatalf("exit %d, want 0 and VALID\n%s%s", code, out, errOut)
	}
}

// Ensure pcf verify --server does not say VALID, exit 0, for a certificate
// issued with a recovery key no former key of its certification body
// vouched for: the operator revoked every key of the body and minted one
// in their place (red team 46's open item). The verify answer's
// issuing_key_unvouched alert names the key; verify prints it in both
// languages and exits 1.
func TestVerifyServer_IssuingKeyUnvouched(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	maker := orgKey(t, m, demoMaker)
	_, former := mustCertifierKey(t, m)
	token, recovery := mustRecoveryKey(t, m, former.ID)
	id := mustIssue(t, base, token, mustApply(t, base, maker, seedtest.StudyJSON(t, "pv-module"), ""), `{"signatory":"Zhang San"}`)
	// The service gives no document of it (red team 49); anyone renders
	// one from its public signed envelope, printing "valid".
	if status, b := call(t, "GET", base+"/v1/certificates/"+id+"/certificate.pdf", maker, ""); status != 409 || !bytes.Contains(b, []byte("key_alerts")) {
		t.Fatalf("certificate.pdf of a certificate issued with an unvouched key: %d %.200s, want 409 naming key_alerts", status, b)
	}
	var v struct {
		Data struct {
			Signed json.RawMessage `json:"signed"`
		} `json:"data"`
	}
	getJSON(t, base+"/v1/certificates/"+id+"/verify", &v)
	sc, err := certification.ParseSignedCertificate(v.Data.Signed)
	if err != nil {
		t.Fatal(err)
	}
	cert := writeFile(t, t.TempDir(), "certificate.pdf", mustRenderCertificatePDF(t, sc, certification.CertificateValid, base+certification.CertificateVerifyPath(sc.Certificate.ID)))
	expectVerify(t, "unvouched", 1, []string{cert, "--server", base}, "GENUINE 真实", "NOT VALID 无效",
		"it was issued with API key "+recovery.ID, "no key the body held before has vouched for it", "本证书可能并非由该认证机构签发")
}

// Ensure pcf verify --server names the recovery key a status was set with
// when no former key of the body vouched for it (red team 48): a
// certificate the body issued, then suspended with a key the operator made
// after revoking every key of the body, is NOT VALID and the report says
// the body may not have suspended it, in both languages.
func TestRedteam48_VerifyServerStatusKeyUnvouched(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	maker := orgKey(t, m, demoMaker)
	formerToken, former := mustCertifierKey(t, m)
	id := mustIssue(t, base, formerToken, mustApply(t, base, maker, seedtest.StudyJSON(t, "pv-module"), ""), `{"signatory":"Zhang San"}`)
	cert, _, _ := downloadAll(t, base, id, maker, t.TempDir())
	token, recovery := mustRecoveryKey(t, m, former.ID)
	if status, b := call(t, "POST", base+"/v1/certificates/"+id+"/suspend", token, `{"reasons":["RT48"]}`); status != 200 {
		t.Fatalf("suspend: %d %s", status, b)
	}
	expectVerify(t, "status-unvouched", 1, []string{cert, "--server", base}, "GENUINE 真实", "NOT VALID 无效",
		"its latest status change (suspension, reinstatement, withdrawal, review or replacement) was made with API key "+recovery.ID, "so the body may not have set this status", "该状态可能并非由该认证机构设定")
}

// mustCertifierKey makes a key of the demo certifier and returns its token
// and the key.
func mustCertifierKey(t *testing.T, m *Main) (string, *access.APIKey) {
	t.Helper()
	token, key, err := access.EnsureOrganizationKey(context.Background(), factordb.NewAuthService(m.DB), &demoCertifier)
	if err != nil {
		t.Fatal(err)
	}
	return token, key
}

// mustRecoveryKey revokes the demo certifier's key formerID, its only one,
// and makes a key in its place: a recovery key, unvouched. It returns the
// new key's token and the key.
func mustRecoveryKey(t *testing.T, m *Main, formerID string) (string, *access.APIKey) {
	t.Helper()
	ctx, auth := context.Background(), factordb.NewAuthService(m.DB)
	if err := auth.RevokeAPIKey(ctx, formerID); err != nil {
		t.Fatal(err)
	}
	token, recovery, err := access.EnsureOrganizationKey(ctx, auth, &demoCertifier)
	if err != nil || !recovery.Unvouched {
		t.Fatalf("recovery key %+v %v, want unvouched", recovery, err)
	}
	return token, recovery
}

// Ensure pcf verify does not call a certificate signed as issued a year
// from now good (red team 56, the clock): a service whose clock was set
// ahead dates what it issues ahead, and its validity, counted from that
// date, runs a year past the rule's. Offline it said GENUINE, "within its
// signed validity", exit 0.
func TestRedteam56_VerifyIssuedAheadOfTheClock(t *testing.T) {
	ahead := time.Now().UTC().Truncate(time.Second).AddDate(1, 0, 0)
	d := newOfflineDocs(t, "redteam 56 ahead", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ahead, "https://pcf.example.cn")
	pdf := d.certificate(t, certification.CertificateValid)
	code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "certificate.pdf", pdf), "--key", d.keys)
	if code != 1 || !strings.Contains(out, "NOT VALID 无效") || !strings.Contains(out, "after this computer's clock") ||
		!strings.Contains(out, "晚于本机时钟") || strings.Contains(out, "within its signed validity") {
		t.Errorf("exit %d; want 1, NOT VALID naming the issue date after the clock, in both languages:\n%s%s", code, out, errOut)
	}
	// A day ahead is within the clocks' slack, as for the expiry.
	d = newOfflineDocs(t, "redteam 56 slack", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Truncate(time.Second).Add(time.Hour), "https://pcf.example.cn")
	if code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "certificate.pdf", d.certificate(t, certification.CertificateValid)), "--key", d.keys); code != 0 {
		t.Errorf("an hour ahead: exit %d, want 0:\n%s%s", code, out, errOut)
	}
}

// Ensure pcf verify --server judges the signed expiry by its own clock
// when the server answers valid (red team 56, the clock): a server whose
// clock was set back a year answers valid for a certificate whose signed
// validity ended months ago. It said VALID, exit 0: the expiry was judged
// only offline.
func TestRedteam56_VerifyServerClockBehindTheExpiry(t *testing.T) {
	issued := time.Now().UTC().Truncate(time.Second).AddDate(-2, -6, 0) // expired some six months ago
	d := newOfflineDocs(t, "redteam 56 behind", issued.Add(-time.Hour), issued, "https://pcf.example.cn")
	env := footprinttest.Envelope(t, d.sc)
	srv := keysServer(t, footprinttest.ReadFile(t, d.keys), func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != certification.CertificateVerifyPath(d.sc.Certificate.ID) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data":{"status":"valid","signed":%s}}`, env) // its clock reads before the expiry
	})
	pdf := mustRenderCertificatePDF(t, d.sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(d.sc.Certificate.ID))
	code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "certificate.pdf", pdf), "--server", srv)
	if code != 1 || !strings.Contains(out, "EXPIRED 已过期") || !strings.Contains(out, "clock reads before the expiry") ||
		!strings.Contains(out, "有效期已于") || strings.Contains(out, "VALID 有效:") {
		t.Errorf("exit %d; want 1 and EXPIRED naming the server's clock, in both languages:\n%s%s", code, out, errOut)
	}
}

// Red team 52: a status answer of "expired" for a certificate whose signed
// validity runs for another year by this computer's clock (the service's
// clock set ahead, or an answer not the service's) was NOT VALID, "the
// certificate is genuine but expired". The service answers expired only
// for a certificate it holds as valid or suspended, once its clock passes
// the signed expiry: the answer says neither which. Ensure pcf verify
// says LIVE STATUS UNKNOWN (exit 1), naming the signed validity and the
// clock, in both languages, never NOT VALID nor VALID; and that an answer
// of expired after the signed expiry stays EXPIRED.
func TestVerify_ExpiredAnswerWithinTheSignedValidity(t *testing.T) {
	for _, tt := range []struct {
		name   string
		issued time.Time
		want   []string
		not    []string
	}{
		{"within the signed validity", time.Now().UTC().Truncate(time.Second).AddDate(-1, 0, 0),
			[]string{"LIVE STATUS UNKNOWN 实时状态未知", "答复本证书为“已过期”，但证书签名的有效期至", "answered 已过期 expired, but the certificate's signed validity runs until", "Check this computer's clock"},
			[]string{"NOT VALID", "VALID 有效:", "NOT GENUINE"}},
		{"after the signed expiry", time.Now().UTC().Truncate(time.Second).AddDate(-2, -6, 0),
			[]string{"NOT VALID 无效", "已过期 expired"}, []string{"LIVE STATUS UNKNOWN", "NOT GENUINE"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := newOfflineDocs(t, "red team 52 expired answer", tt.issued.Add(-time.Hour), tt.issued, "https://pcf.example.cn")
			env := footprinttest.Envelope(t, d.sc)
			srv := keysServer(t, footprinttest.ReadFile(t, d.keys), answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"expired","signed":%s}}`, env)))
			pdf := mustRenderCertificatePDF(t, d.sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(d.sc.Certificate.ID))
			code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "certificate.pdf", pdf), "--server", srv)
			if code != 1 {
				t.Errorf("exit %d, want 1:\n%s%s", code, out, errOut)
			}
			checkSays(t, out, tt.want, tt.not)
		})
	}
}

// Red team 42, the use stage: a laptop's lifetime given as 0.1 years
// instead of 4 halved its certified figure, and nothing a verifier read
// said what use the figure assumed. Ensure pcf verify, offline and with
// --server, prints a format-6 certificate's signed use scenario in both
// languages, says of one without a use stage (the demo module) that it
// has none, and prints a certificate of an earlier format (format 1 here)
// with no use line, as before. And that it prints the recycling credits a
// format-7 certificate signs (the laptop's −4.34 kgCO2e) apart from the
// footprint, in both languages, as the certificate and the verification
// page do, and no credits line for a certificate without any (the module):
// it printed none.
func TestRedteam42_VerifyPrintsTheUseScenario(t *testing.T) {
	m, base, module, maker := mustServeDemoCertificate(t)
	cert := orgKey(t, m, demoCertifier)
	laptop := mustIssue(t, base, cert, mustApply(t, base, maker, seedtest.StudyJSON(t, "laptop"), ""), `{"signatory":"Zhang San"}`)
	dir := t.TempDir()
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	keys := writeFile(t, dir, "keys.json", jwks)
	const credits = "\n  回收抵扣 credits     回收抵扣 -4.34 kgCO2e，单独报告，未计入总量 / recycling credits, reported separately, not included in the footprint\n"
	for _, tt := range []struct {
		id, want string
		credits  bool
	}{
		{laptop, "\n  使用阶段 use         每年 41.464 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024） / 41.464 kWh a year × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)\n", true},
		{module, "\n  使用阶段 use         无使用阶段 no use stage\n", false},
	} {
		status, pdf := call(t, "GET", base+"/v1/certificates/"+tt.id+"/certificate.pdf", maker, "")
		if status != 200 {
			t.Fatalf("certificate.pdf: %d", status)
		}
		path := writeFile(t, dir, tt.id+".pdf", pdf)
		for _, args := range [][]string{{"verify", path, "--key", keys}, {"verify", path, "--server", base}} {
			code, out, errOut := pcf(t, args...)
			if code != 0 || !strings.Contains(out, "GENUINE") || !strings.Contains(out, tt.want) {
				t.Errorf("%v: exit %d, output lacks %q:\n%s%s", args[2:], code, tt.want, out, errOut)
			}
			if strings.Contains(out, credits) != tt.credits || strings.Contains(out, "\n  回收抵扣 credits ") != tt.credits {
				t.Errorf("%v: credits line %v, want %v:\n%s", args[2:], strings.Contains(out, "\n  回收抵扣 credits "), tt.credits, out)
			}
		}
	}

	testdata := filepath.Join("..", "..", "labels", "testdata", "format1")
	if code, out, errOut := pcf(t, "verify", filepath.Join(testdata, "certificate.pdf"), "--key", filepath.Join(testdata, "keys.json")); code != 0 || strings.Contains(out, "\n  use ") {
		t.Errorf("format 1: exit %d, a use line:\n%s%s", code, out, errOut)
	}
}

// Ensure pcf verify --study refuses a study file that it reads as the
// certified study and every other reader reads as another (red team 58).
// The holder hands a buyer a GET /v1/studies/{id} answer holding two:
// {"data":{"study":FAKE},"DATA":{"study":REAL}}. encoding/json matched
// "DATA" to the envelope's "data" and kept the last, so pcf verify
// recomputed the certified study and said RESULT CONFIRMED (exit 0),
// "matches the signed study digest (the document as stored, byte for
// byte)"; jq, a browser, Python and the buyer read FAKE, a study with
// another production site and title. The same with "Study" beside "study",
// and with "data" given twice (the first is what a person reads).
func TestRedteam58_StudyFileReadTwoWays(t *testing.T) {
	dir, cert, keys, factors, answer := demoStudyToVerify(t)
	fake := editStudy(t, answer, func(s map[string]any) {
		s["title"] = "Demo module made with hydro power only"
		s["product"].(map[string]any)["site"] = "Lhasa, Tibet (off-grid hydro)"
	})
	var real, forged struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(answer, &real); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(fake, &forged); err != nil {
		t.Fatal(err)
	}
	realData, _ := json.Marshal(real.Data)
	fakeData, _ := json.Marshal(forged.Data)
	args := func(name, doc string) []string {
		return []string{cert, "--key", keys, "--study", writeFile(t, dir, name, []byte(doc)), "--factors", factors}
	}
	expectVerify(t, "the answer as received", 0, args("study.json", string(answer)), "RESULT CONFIRMED 结果已复核")
	for _, tc := range []struct{ name, doc, field string }{
		{"DATA beside data", `{"data":` + string(fakeData) + `,"DATA":` + string(realData) + `}`, "DATA"},
		{"Study beside study", `{"data":{"study":` + string(forged.Data["study"]) + `,"Study":` + string(real.Data["study"]) + `}}`, "data.Study"},
		{"data given twice", `{"data":` + string(fakeData) + `,"data":` + string(realData) + `}`, "data"},
	} {
		// What a reader other than encoding/json reads: the fake study.
		if !strings.Contains(tc.doc, "Lhasa, Tibet") {
			t.Fatalf("%s: no fake study in the file", tc.name)
		}
		expectVerify(t, tc.name, 1, args(strings.ReplaceAll(tc.name, " ", "-")+".json", tc.doc),
			"GENUINE 真实", "RESULT NOT CONFIRMED 结果未复核", "at "+tc.field+":", "read one way by one program and another way by the next")
	}
}

// Ensure pcf verify --suppliers refuses a supplier list read one way by
// encoding/json and another by every other reader (red team 58):
// {"format":…,"suppliers":[FAKE],"Suppliers":[REAL]}, or an entry whose
// "kg_co2e" is followed by "KG_CO2E". pcf verify read REAL, matched the
// signed suppliers digest and said RESULT CONFIRMED; the buyer reading the
// list read another supplier figure.
func TestRedteam58_SupplierListReadTwoWays(t *testing.T) {
	m := MustRunMain(t)
	sc := mustIssueOnSupplier(t, m)
	suppliers, list := mustSupplierList(t, m, sc.issued)
	dir := t.TempDir()
	args := recomputeArgs(t, sc.base, sc.issued, sc.maker, dir)
	expectVerify(t, "the list as disclosed", 0, append(args[1:], "--suppliers", writeFile(t, dir, "suppliers.json", list)), "RESULT CONFIRMED")

	entry := func(b []byte) string { // the list's one entry
		var w struct {
			Suppliers []json.RawMessage `json:"suppliers"`
		}
		if err := json.Unmarshal(b, &w); err != nil || len(w.Suppliers) != 1 {
			t.Fatalf("list %s: %v", b, err)
		}
		return string(w.Suppliers[0])
	}
	real := entry(list)
	half := suppliers[0]
	half.KgCO2e /= 2
	forged, err := certification.MarshalSuppliers([]certification.CertificateSupplier{half})
	if err != nil {
		t.Fatal(err)
	}
	fake := entry(forged)
	format := `"format":"pcf-certificate-suppliers/1"`
	kg := `"kg_co2e":` + strconv.FormatFloat(suppliers[0].KgCO2e, 'g', -1, 64)
	if !strings.Contains(real, kg) {
		t.Fatalf("entry %s lacks %s", real, kg)
	}
	for _, tc := range []struct{ name, doc, field string }{
		{"Suppliers beside suppliers", `{` + format + `,"suppliers":[` + fake + `],"Suppliers":[` + real + `]}`, "Suppliers"},
		{"KG_CO2E beside kg_co2e", `{` + format + `,"suppliers":[` + strings.Replace(real, kg, `"kg_co2e":`+strconv.FormatFloat(half.KgCO2e, 'g', -1, 64)+`,"KG_CO2E"`+kg[len(`"kg_co2e"`):], 1) + `]}`, "suppliers[0].KG_CO2E"},
	} {
		expectVerify(t, tc.name, 1, append(args[1:], "--suppliers", writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".json", []byte(tc.doc))),
			"RESULT NOT CONFIRMED", tc.field, "read one way by one program and another way by the next")
	}
}

// Ensure pcf verify --pact refuses a supplier's PACT footprint whose figure
// is followed by the same member in another case (red team 58):
// pact.ParseSupplier reads "pcfExcludingBiogenicUptake" (4.2) and passes
// "PcfExcludingBiogenicUptake" (0.42) by, as jq does; encoding/json, and a
// buyer's program built on it, read 0.42. pcf verify said RESULT CONFIRMED.
func TestRedteam58_PACTFootprintReadTwoWays(t *testing.T) {
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierPACTDoc(id, "4.2")
	args, dir := issueWithPACTJunctionBox(t, id, doc, "Module with a junction box from a PACT supplier", "GEC-DEMO-2025-000003")
	expectVerify(t, "the footprint as disclosed", 0, append(args[1:], "--pact", writeFile(t, dir, "jb.json", doc)), "RESULT CONFIRMED")
	two := strings.Replace(string(doc), `"pcfExcludingBiogenicUptake":"4.2",`, `"pcfExcludingBiogenicUptake":"4.2","PcfExcludingBiogenicUptake":"0.42",`, 1)
	if two == string(doc) {
		t.Fatal("no figure in the document")
	}
	expectVerify(t, "PcfExcludingBiogenicUptake beside pcfExcludingBiogenicUptake", 1, append(args[1:], "--pact", writeFile(t, dir, "two.json", []byte(two))),
		"RESULT NOT CONFIRMED", "pcf.PcfExcludingBiogenicUptake", "read one way by one program and another way by the next")
}

// Ensure pcf verify --study checks the members of a GET /v1/studies/{id}
// answer that restate its study and result, not the study alone (red team
// 58). The answer gives the product, title, total and result digest above
// the study: the holder edited them ("product":{"site":"Lhasa, Tibet
// (off-grid hydro)"}, "kg_co2e": 75) and left data.study as stored; pcf
// verify said the study "matches the signed study digest (the document as
// stored, byte for byte)" and RESULT CONFIRMED, and a buyer reading the
// file from the top read the edited summary.
func TestRedteam58_StudyAnswerSummaryEdited(t *testing.T) {
	dir, cert, keys, factors, answer := demoStudyToVerify(t)
	edit := func(name string, change func(data map[string]any)) string {
		var env map[string]map[string]any
		dec := json.NewDecoder(strings.NewReader(string(answer)))
		dec.UseNumber()
		if err := dec.Decode(&env); err != nil {
			t.Fatal(err)
		}
		change(env["data"])
		b, err := json.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		return writeFile(t, dir, name, b)
	}
	args := func(study string) []string {
		return []string{cert, "--key", keys, "--study", study, "--factors", factors}
	}
	expectVerify(t, "the answer re-encoded", 0, args(edit("same.json", func(map[string]any) {})), "RESULT CONFIRMED")
	for _, tc := range []struct {
		name, field string
		change      func(data map[string]any)
	}{
		{"site", "data.product", func(d map[string]any) { d["product"].(map[string]any)["site"] = "Lhasa, Tibet (off-grid hydro)" }},
		{"total", "data.kg_co2e", func(d map[string]any) { d["kg_co2e"] = 75 }},
		{"title", "data.title", func(d map[string]any) { d["title"] = "Made with hydro power only" }},
		{"digest", "data.result_digest", func(d map[string]any) { d["result_digest"] = strings.Repeat("0", 64) }},
		{"note", "data.note", func(d map[string]any) { d["note"] = "100 % green power, verified" }},
	} {
		expectVerify(t, tc.name, 1, args(edit(tc.name+".json", tc.change)), "RESULT NOT CONFIRMED", tc.field)
	}
}

// demoStudyToVerify issues the demo certificate and downloads into dir
// what pcf verify --study takes offline: the certificate PDF, the keys,
// the factor set as CSV, and the study as its holder receives it
// (GET /v1/studies/{id}), returned.
func demoStudyToVerify(t *testing.T) (dir, cert, keys, factors string, answer []byte) {
	t.Helper()
	_, base, id, maker := mustServeDemoCertificate(t)
	dir = t.TempDir()
	cert, _, keys = downloadAll(t, base, id, maker, dir)
	_, set := call(t, "GET", base+"/v1/factor-sets/2026.1/export?format=csv", "", "")
	return dir, cert, keys, writeFile(t, dir, "factors.csv", set), studyOfCertificate(t, base, id, maker)
}

// Ensure pcf verify --server believes a server that holds the very
// certificate checked (a service that moved: the same records under another
// address) when it answers that the certificate is not valid, instead of
// sending the reader to the address the certificate signs (red team 63).
// The service moved from the address its certificates sign; the
// certificate was withdrawn (or suspended) there since. Asked at its new
// address (the one its pages print in their pcf verify line), the report
// said NOT VERIFIED, "that server's keys and status say nothing of this
// certificate. Verify with --server <old address>": whoever holds the old
// address now answers valid with the genuine keys and signed envelope,
// both public, and the report there was GENUINE and VALID (reproduced on
// pcf serve: a forger's server on the old port, exit 0). Here the moved
// service is the same server under another name (localhost for
// 127.0.0.1).
func TestRedteam63_MovedServiceNotValidSendsTheReaderToTheOldAddress(t *testing.T) {
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert := download(t, base, id, "certificate.pdf", maker, t.TempDir())
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
	moved := "http://localhost:" + port
	certifier := orgKey(t, m, demoCertifier)
	for _, step := range []struct{ action, word string }{
		{"suspend", "暂停 suspended"},
		{"withdraw", "撤销 withdrawn"},
	} {
		if status, body := call(t, "POST", base+"/v1/certificates/"+id+"/"+step.action, certifier, `{"reasons":["figure questioned"]}`); status != 200 {
			t.Fatalf("%s: %d %s", step.action, status, body)
		}
		code, out, errOut := pcf(t, "verify", cert, "--server", moved)
		for _, want := range []string{"NOT VALID 无效", step.word, "live status from " + moved,
			"holds this very certificate", "持有同一份证书"} {
			if !strings.Contains(out, want) {
				t.Errorf("after %s, asked at %s: output lacks %q", step.action, moved, want)
			}
		}
		if code != 1 || strings.Contains(out, "NOT VERIFIED") || strings.Contains(out, "Verify with --server "+base) || strings.Contains(out, "VALID 有效") {
			t.Errorf("after %s, asked at %s, which holds the certificate and answers %s: exit %d; want NOT VALID and no advice to ask %s\n%s%s",
				step.action, moved, step.word, code, base, out, errOut)
		}
	}
}

// Ensure a server that publishes the certificate's key but does not answer
// for it (busy, rate-limited) sends the reader nowhere else: the moved
// service of the test above, out of its public lookup budget, had the
// report say NOT VERIFIED and "Verify with --server <old address>", where
// whoever holds that address answers valid, though the server asked may
// hold the certificate and call it withdrawn (red team 63). The report
// says the live status is unknown and to ask that server again.
func TestRedteam63_MovedServiceBusySendsTheReaderToTheOldAddress(t *testing.T) {
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert := download(t, base, id, "certificate.pdf", maker, t.TempDir())
	_, keys := call(t, "GET", base+"/v1/keys", "", "")
	moved := keysServer(t, keys, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	code, out, errOut := pcf(t, "verify", cert, "--server", moved)
	for _, want := range []string{"LIVE STATUS UNKNOWN 实时状态未知", "Try " + moved + " again later", "请稍后重试"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != 1 || strings.Contains(out, "NOT VERIFIED") || strings.Contains(out, "Verify with --server "+base) {
		t.Errorf("asked at %s, which publishes the key and does not answer: exit %d; want LIVE STATUS UNKNOWN and no advice to ask %s\n%s%s",
			moved, code, base, out, errOut)
	}
}

// redirector is an httptest server standing at an address a reader trusts
// (the service's, as printed or as the reader knows it) that answers every
// request with a redirect, of the given status, to the same path and
// query at whatever target holds: a compromised proxy, a rewritten
// reverse-proxy rule, or an open redirect of the service's host.
func redirector(t *testing.T, status int, target *atomic.Value) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.Load().(string)+r.URL.RequestURI(), status)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// freeAddr returns a free loopback address, for a server whose base URL
// must be known before it starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// behindFront runs a service at a free address whose base URL is a front
// (httptest) that passes every request through to it, except those
// intercept answers itself (it returns true when it has).
func behindFront(t *testing.T, intercept func(front string, w http.ResponseWriter, r *http.Request) bool) (*Main, *httptest.Server) {
	addr := freeAddr(t)
	genuine, _ := url.Parse("http://" + addr)
	pass := httputil.NewSingleHostReverseProxy(genuine)
	var front *httptest.Server
	front = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(front.URL, w, r) {
			pass.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(front.Close)
	return MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, front.URL }), front
}

// Red team 89 (the forger): the forger runs the service's own software at
// a look-alike address with keys of its own and --base-url set to the
// address the reader trusts, so that its certificate signs that address
// and its QR code leads there; the trusted address answers every request
// with a redirect to the look-alike (a compromised proxy, a rewritten
// rule, an open redirect). pcf verify --server <trusted> followed the
// redirects with Go's default client and said GENUINE and VALID "from
// <trusted>" (exit 0), and recorded <trusted> as the body's service: the
// look-alike's keys verified its certificate, it held it and answered
// valid. Ensure pcf verify follows no redirect, of any status, to any
// address: NOT VERIFIED (exit 1), never GENUINE nor VALID, naming the
// address it was sent to and saying why, Chinese first, and records
// nothing.
func TestRedteam89_RedirectToALookAlike(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusMovedPermanently, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			known := filepath.Join(t.TempDir(), "known-services.json")
			t.Setenv(knownServicesEnv, known)
			var target atomic.Value
			trusted := redirector(t, status, &target)
			addr := freeAddr(t)
			forger := "http://" + addr
			target.Store(forger)
			f := MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, trusted }) // its certificates sign the trusted address
			id, maker := MustIssueDemoCertificate(t, f)
			cert, label, _ := downloadAll(t, forger, id, maker, t.TempDir())
			for _, file := range []string{cert, label} {
				code, out, errOut := pcf(t, "verify", file, "--server", trusted)
				if code != 1 || strings.Contains(out, "GENUINE 真实") || strings.Contains(out, "VALID 有效") || !strings.Contains(out, "NOT VERIFIED 未能验证") {
					t.Errorf("%s redirected to the look-alike: exit %d, want 1, NOT VERIFIED and neither GENUINE nor VALID:\n%s%s", filepath.Base(file), code, out, errOut)
				}
				for _, want := range []string{"with a redirect", forger + "/v1/", "pcf verify follows no redirect", "重定向"} {
					if !strings.Contains(out, want) {
						t.Errorf("%s: output lacks %q:\n%s", filepath.Base(file), want, out)
					}
				}
				if strings.Contains(out+errOut, "--server "+forger) {
					t.Errorf("%s: advises asking the look-alike:\n%s%s", filepath.Base(file), out, errOut)
				}
				if zh, en, ok := strings.Cut(errOut, "。"); !ok || !strings.Contains(zh, "重定向") || !strings.Contains(en, "redirect") {
					t.Errorf("%s: error not Chinese first: %q", filepath.Base(file), errOut)
				}
			}
			if _, err := os.Stat(known); err == nil {
				b, _ := os.ReadFile(known)
				t.Errorf("the redirected check recorded a service:\n%s", b)
			}
			// Asked at the look-alike's own address (the reader's choice),
			// the certificate naming the trusted address that redirects
			// there is a service that moved: the report names the address
			// asked, and that it holds only if it is the service's (red
			// team 86's trust on first use).
			expectVerify(t, "asked at the address redirected to", 0, []string{cert, "--server", forger}, "GENUINE 真实", "VALID 有效",
				"redirects the certificate's verification to "+forger, "the service moved to "+forger, "This holds only if "+forger+" is the certification service's address as you know it",
				"the first to answer for a certificate of the body")
		})
	}
}

// Red team 89: the service runs behind a front (a reverse proxy, a CDN)
// at the address its certificates sign, and the front's rules are the
// forger's to add to (a compromised proxy, a registrar's URL forwarding):
// the keys pass through, and the live status of one withdrawn certificate
// is redirected to a server of the forger's that answers valid with the
// genuine signed envelope. pcf verify --server <front> said GENUINE and
// VALID for the withdrawn certificate (exit 0). Ensure the redirect is not
// followed: NOT VERIFIED (exit 1), never VALID; with the rule gone the
// same check says NOT VALID, withdrawn.
func TestRedteam89_WithdrawnStatusRedirected(t *testing.T) {
	var redirectTo atomic.Value // the path whose answer is redirected, and where to
	redirectTo.Store([2]string{})
	m, front := behindFront(t, func(_ string, w http.ResponseWriter, r *http.Request) bool {
		if rule := redirectTo.Load().([2]string); rule[0] != "" && r.URL.Path == rule[0] {
			http.Redirect(w, r, rule[1]+r.URL.RequestURI(), http.StatusFound)
			return true
		}
		return false
	})
	app, maker, certifier := MustApplyDemo(t, m)
	id := mustIssue(t, front.URL, certifier, app, `{"signatory":"Zhang San"}`)
	cert, _, _ := downloadAll(t, front.URL, id, maker, t.TempDir())
	var answer struct {
		Data struct {
			Signed json.RawMessage `json:"signed"`
		} `json:"data"`
	}
	if getJSON(t, front.URL+"/v1/certificates/"+id+"/verify", &answer) != http.StatusOK {
		t.Fatal("verify answer")
	}
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":{"status":"valid","signed":%s}}`, answer.Data.Signed)
	}))
	t.Cleanup(evil.Close)
	if status, b := call(t, "POST", front.URL+"/v1/certificates/"+id+"/withdraw", certifier, `{"reasons":["false declaration"]}`); status/100 != 2 {
		t.Fatalf("withdraw: %d %s", status, b)
	}
	expectVerify(t, "withdrawn, through the front", 1, []string{cert, "--server", front.URL}, "NOT VALID 无效", "撤销 withdrawn")
	redirectTo.Store([2]string{"/v1/certificates/" + id + "/verify", evil.URL})
	code, out, errOut := pcf(t, "verify", cert, "--server", front.URL)
	if code != 1 || strings.Contains(out, "VALID 有效") || strings.Contains(out, "GENUINE 真实") || !strings.Contains(out, "NOT VERIFIED 未能验证") || !strings.Contains(out, evil.URL+"/v1/certificates/"+id+"/verify") {
		t.Errorf("withdrawn, its status redirected to a server answering valid: exit %d, want 1, NOT VERIFIED naming where it was sent, neither GENUINE nor VALID:\n%s%s", code, out, errOut)
	}
}

// Ensure the redirect error names the server it was sent to and why it
// was not followed, Chinese first, and never gives that server as the
// --server to use (red team 45: advice to ask the forger's address is
// followed).
func TestRedteam89_RedirectErrorNamesTheTarget(t *testing.T) {
	for _, to := range []string{"https://b.example/v1/keys", "https://a.example:8443/v1/keys", "http://a.example/v1/keys", `"http://a.example\x7f/v1/keys"`} {
		e := &redirectError{base: "https://a.example", path: "/v1/keys", what: "public keys", status: http.StatusFound, to: to}
		zh, en, ok := strings.Cut(e.Error(), "。")
		if !ok || !strings.Contains(zh, "重定向") || !strings.Contains(zh, "公钥") || !strings.Contains(en, "redirect (302) to another server, "+to) || !strings.Contains(en, "the certification service's address as you know it") {
			t.Errorf("redirect to %s: %q", to, e.Error())
		}
		if strings.Contains(e.Error(), "--server "+strings.TrimSuffix(to, "/v1/keys")) {
			t.Errorf("redirect to %s: advises it: %q", to, e.Error())
		}
	}
}

// Ensure pcf verify follows a redirect within the address asked (another
// path of the same scheme, host and port) and from http to https on the
// same host's default ports, and none to another host, another port, a
// user name, or from https down to http.
func TestRedteam89_FollowRedirect(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"http://pcf.example.cn/v1/keys", "https://pcf.example.cn/v1/keys", true},
		{"http://pcf.example.cn:80/v1/keys", "https://PCF.example.cn:443/pcf/v1/keys", true},
		{"https://pcf.example.cn/v1/keys", "https://pcf.example.cn/pcf/v1/keys", true},
		{"http://127.0.0.1:8080/v1/keys", "http://127.0.0.1:8080/pcf/v1/keys", true},
		{"https://pcf.example.cn/v1/keys", "http://pcf.example.cn/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://pcf-example.cn/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://pcf.example.cn.evil.test/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://pcf.example.cn:8443/v1/keys", false},
		{"http://pcf.example.cn/v1/keys", "https://pcf.example.cn:8443/v1/keys", false},
		{"http://pcf.example.cn:8080/v1/keys", "https://pcf.example.cn/v1/keys", false},
		{"http://127.0.0.1:8080/v1/keys", "http://127.0.0.1:8081/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://pcf.example.cn@evil.test/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://user@pcf.example.cn/v1/keys", false},
	} {
		from, err1 := url.Parse(c.from)
		to, err2 := url.Parse(c.to)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got := followRedirect(from, to); got != c.want {
			t.Errorf("%s → %s: followed %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

// Ensure a redirect within the address asked is followed: a front at
// another path of the same server (a service behind a path prefix that
// moved to the root) is still the service asked.
func TestRedteam89_RedirectWithinTheServerFollowed(t *testing.T) {
	m, front := behindFront(t, func(front string, w http.ResponseWriter, r *http.Request) bool {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/old"); ok {
			http.Redirect(w, r, front+rest, http.StatusMovedPermanently) // absolute, same origin
			return true
		}
		return false
	})
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, front.URL, id, maker, t.TempDir())
	// Asked at front/old, the certificate names front: NOT VERIFIED for
	// naming another service (red team 28), not for the redirect.
	code, out, errOut := pcf(t, "verify", cert, "--server", front.URL+"/old")
	if code != 1 || strings.Contains(out, "redirect") || !strings.Contains(out, "names "+front.URL+" as the service that answers for it") {
		t.Errorf("asked at a path redirected within the server: exit %d, want 1, the keys and status followed, NOT VERIFIED for the service named:\n%s%s", code, out, errOut)
	}
	expectVerify(t, "asked at the front", 0, []string{cert, "--server", front.URL}, "GENUINE 真实", "VALID 有效")
}

// Ensure a service that moved is not taken for the address asked when the
// address its certificate signs redirects elsewhere: the reader's choice
// stands only where the signed address hands its certificates to it.
func TestRedteam89_SignedAddressRedirectsElsewhere(t *testing.T) {
	var target atomic.Value
	old := redirector(t, http.StatusFound, &target)
	target.Store(redirector(t, http.StatusFound, &target)) // a third server, which redirects in turn
	addr := freeAddr(t)
	m := MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, old })
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, "http://"+addr, id, maker, t.TempDir())
	expectVerify(t, "asked where it is held, its signed address redirecting elsewhere", 1, []string{cert, "--server", "http://" + addr},
		"NOT VERIFIED 未能验证", "names "+old+" as the service that answers for it")
}

// Red team 89, the other way: whoever stands in front of the service (a
// front it shares, a network that filters) makes a competitor's genuine
// certificate look forged by refusing the live status with 403 (as the
// service's lookup limiter itself answers "cannot identify the client"),
// 401 or 400. pcf verify said NOT GENUINE 非真实证书, "this file is not the
// document the service issued", for the genuine file. Ensure a refusal
// other than 404 says nothing of the file: LIVE STATUS UNKNOWN (exit 1),
// never NOT GENUINE, as a busy server (red team 21).
func TestRedteam89_RefusedStatusMakesNoForgery(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusGone} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			m, front := behindFront(t, func(_ string, w http.ResponseWriter, r *http.Request) bool {
				if strings.HasSuffix(r.URL.Path, "/verify") && r.Header.Get("Authorization") == "" && r.Header.Get("Accept") == "application/json" {
					http.Error(w, `{"error":{"code":"forbidden","message":"无法识别客户端。cannot identify the client"}}`, status)
					return true
				}
				return false
			})
			id, maker := MustIssueDemoCertificate(t, m)
			cert, _, _ := downloadAll(t, front.URL, id, maker, t.TempDir())
			code, out, errOut := pcf(t, "verify", cert, "--server", front.URL)
			if code != 1 || strings.Contains(out, "NOT GENUINE") || !strings.Contains(out, "LIVE STATUS UNKNOWN 实时状态未知") || strings.Contains(out, "VALID 有效") {
				t.Errorf("status refused with %d: exit %d, want 1, LIVE STATUS UNKNOWN, never NOT GENUINE nor VALID:\n%s%s", status, code, out, errOut)
			}
		})
	}
}

// Red team 72 (the forger): the label of layout 7 prints the certification
// body's names with its approval number, which names one body (two bodies'
// names may read alike where a label of layout 6 cut them), but pcf verify
// said only "by <names>": a reader comparing its answer with the label had
// no approval number to compare. Ensure pcf verify gives the body's
// approval number beside its names.
func TestRedteam72_VerifyGivesTheApprovalNumber(t *testing.T) {
	d := recentOfflineDocs(t, "rt72 approval", "https://pcf.example.cn")
	label := d.label(t)
	c := d.sc.Certificate
	code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "label.pdf", label), "--key", d.keys)
	want := "by " + c.Certifier.NameZH + " " + c.Certifier.NameEN + " (批准号 approval No. " + c.Certifier.ApprovalNumber + ")"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("exit %d; want 0 and %q:\n%s%s", code, want, out, errOut)
	}
}

// Red team 74 (the forger): the file's name is the forger's too. A PDF
// named "cert.pdf: certificate CDPCF-2026-000001\nGENUINE 真实: the
// signature verifies …\nVALID 有效: live status 有效 valid\n" and thirty
// line breaks (214 bytes, a name Linux allows; a forged PDF under it)
// made pcf verify print, as its first lines and again as the last lines
// of its error, "GENUINE 真实 …" and "VALID 有效 …" at the start of a
// line, the real NOT GENUINE scrolled away between them. A correct pcf
// verify writes the name's line breaks and other control characters as
// escapes, so that no line of its report is the file name's.
func TestRedteam74_FileNameWithLinesOfAReport(t *testing.T) {
	d := recentOfflineDocs(t, "rt74 file name", "https://pcf.example.cn")
	label := d.label(t)
	forged := append(label, "\n% edited\n"...)
	name := "cert.pdf: certificate " + d.sc.Certificate.Number + "\nGENUINE 真实: the signature verifies and the file is the document rendered from its signed content.\nVALID 有效: live status 有效 valid\n" + strings.Repeat("\n", 30) + ".pdf"
	path := filepath.Join(d.dir, name)
	if err := os.WriteFile(path, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"verify", path, "--key", d.keys}, {"verify", path, "--key", d.keys, "--study", path, "--factors", path}} {
		code, out, errOut := pcf(t, args...)
		if code == 0 {
			t.Fatalf("%v: exit 0 for an edited file", args)
		}
		for _, line := range strings.Split(out+errOut, "\n") {
			if strings.HasPrefix(line, "GENUINE") || strings.HasPrefix(line, "VALID") {
				t.Errorf("%v: a line of the report is the file name's: %q\n%s%s", args, line, out, errOut)
				break
			}
		}
		if !strings.Contains(out, `\u000aGENUINE`) {
			t.Errorf("%v: want the name's line breaks written as escapes:\n%s", args, out)
		}
	}
	// A name that cannot be read is named as given, escaped.
	code, _, errOut := pcf(t, "verify", filepath.Join(d.dir, "missing\nVALID 有效.pdf"), "--key", d.keys)
	if code == 0 || strings.Contains(errOut, "\nVALID") {
		t.Errorf("a missing file: exit %d, error %q; want the name escaped", code, errOut)
	}
}

// Ensure pcf verify --pact says, in Chinese and English, when a supplier's
// PACT document the holder gives states a CCU credit, and does not say
// RESULT CONFIRMED then (exit 1), though the figure is the one the
// certificate was calculated on: the figure nets a credit GB/T 24067 and
// ISO 14067 do not allow, which the service refuses since 2026-12-06. A
// ccuCreditCertification alone states it too. Before, it said RESULT
// CONFIRMED and nothing of the credit.
func TestPACT3_VerifyNamesCCUCredit(t *testing.T) {
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c3e"
	doc := supplierPACTDoc(id, "4.2")
	args, dir := issueWithPACTJunctionBox(t, id, doc, "Module with a junction box from a PACT supplier", "GEC-DEMO-2025-000003")
	expectVerify(t, "cut-off approach", 0, append(args[1:], "--pact", writeFile(t, dir, "jb.json", doc)), "RESULT CONFIRMED")
	for _, tc := range []struct{ name, add, want string }{
		{"credit approach", `"ccuCalculationApproach":"Credit","ccuCreditCertification":"https://registry.example/ccu/77",`, `ccuCalculationApproach "Credit"`},
		{"credit certification alone", `"ccuCreditCertification":"https://registry.example/ccu/78",`, `ccuCreditCertification "https://registry.example/ccu/78"`},
	} {
		credit := strings.Replace(string(doc), `"declaredUnitAmount":"1",`, `"declaredUnitAmount":"1",`+tc.add, 1)
		if credit == string(doc) {
			t.Fatal("no declaredUnitAmount in the document")
		}
		file := writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".json", []byte(credit))
		expectVerify(t, tc.name, 1, append(args[1:], "--pact", file), "RESULT NOT CONFIRMED", "pact:"+id, tc.want,
			"扣除了 CCU 抵扣", "GB/T 24067 与 ISO 14067 不允许", "自 2026-12-06 起拒收",
			"nets a CCU credit", "GB/T 24067 and ISO 14067 do not allow", "the service refuses since 2026-12-06")
		code, out, _ := pcf(t, append([]string{"verify"}, append(args[1:], "--pact", file)...)...)
		if code == 0 || strings.Contains(out, "RESULT CONFIRMED") {
			t.Errorf("%s: exit %d, RESULT CONFIRMED without the caveat:\n%s", tc.name, code, out)
		}
	}
}

// keysServer starts a server that publishes keys at /v1/keys, as JSON,
// and answers every other request with answer; it returns its address.
func keysServer(t *testing.T, keys []byte, answer http.HandlerFunc) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/keys" {
			w.Header().Set("Content-Type", "application/json")
			w.Write(keys)
			return
		}
		answer(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// answerWith answers every request with status and body.
func answerWith(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// Ensure pcf verify --server does not call NOT GENUINE a certificate the
// service lost when its records were restored from a backup (red team 52:
// the restored service answered not_found for every certificate issued
// after the copy, and pcf verify said NOT GENUINE of each genuine file).
// End to end: a backup with pcf backup, a certificate issued after it, pcf
// serve on the copy (which retires the copied key at the copy's end), pcf
// verify of the certificate's PDF against the restored service: LIVE
// STATUS UNKNOWN, exit 1, naming the copy's end and the retired key, never
// GENUINE nor NOT GENUINE. Against the original service's keys (the key not
// retired), a not_found naming a copy that ends before the signed issue is
// GENUINE with the live status unknown; one naming a copy that ends at or
// after it stays NOT GENUINE (the copy would hold it), as does a plain
// not_found.
func TestVerify_CertificateLostInARestore(t *testing.T) {
	base, copyPath, id, cert := copyThenIssue(t)
	_, originalKeys := call(t, "GET", base+"/v1/keys", "", "")
	var issued time.Time
	{
		var v struct {
			Signed json.RawMessage `json:"signed"`
		}
		mustData(t, "verify", 200, "GET", base+"/v1/certificates/"+id+"/verify", "", "", &v)
		sc, err := certification.ParseSignedCertificate(v.Signed)
		if err != nil {
			t.Fatal(err)
		}
		issued = sc.Certificate.IssuedAt
	}

	restored, err := runMain(t, io.Discard, io.Discard, "--db", copyPath)
	if err != nil {
		t.Fatalf("serve on the restored copy: %v", err)
	}
	end, err := restored.DB.RestoredFrom()
	if err != nil || end.IsZero() || !issued.After(end) {
		t.Fatalf("restored from a copy ending at %v (%v), the certificate issued at %v", end, err, issued)
	}
	at := end.UTC().Format(time.RFC3339)
	rbase := "http://" + restored.Server.Addr().String()
	// The restored service's answers, to a program and to a person.
	status, body := call(t, "GET", rbase+"/v1/certificates/"+id+"/verify", "", "")
	if status != 404 || !strings.Contains(string(body), `"code":"not_found"`) || !strings.Contains(string(body), `"restored_copy_end":"`+at+`"`) {
		t.Errorf("verify answer of the restored service: %d %s, want not_found with restored_copy_end %s", status, body, at)
	}
	status, body = call(t, "GET", rbase+"/v1/certificates/"+id+"/verify?format=html", "", "")
	if page := html.UnescapeString(string(body)); status != 404 || !strings.Contains(page, "备份副本恢复") || !strings.Contains(page, "restored from a copy ending at "+at) {
		t.Errorf("verify page of the restored service: %d, want the restore said in both languages:\n%s", status, page)
	}
	code, out, errOut := pcf(t, "verify", cert, "--server", rbase)
	if code != 1 || strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "GENUINE 真实") || !strings.Contains(out, "LIVE STATUS UNKNOWN 实时状态未知") ||
		!strings.Contains(out, "restored from a copy ending at "+at) || !strings.Contains(out, "截至 "+at+" 的备份副本恢复") || !strings.Contains(out, "KEY RETIRED BY A RESTORE") {
		t.Errorf("a certificate the restore lost, against the restored service: exit %d, want 1, LIVE STATUS UNKNOWN naming the copy's end %s and the retired key, neither GENUINE nor NOT GENUINE:\n%s%s", code, at, out, errOut)
	}

	// The original key, not retired: the not_found alone decides.
	notFound := func(copyEnd string) http.HandlerFunc {
		body := `{"error":{"code":"not_found","message":"证书 ` + id + ` 不存在。certificate ` + id + ` not found"}}`
		if copyEnd != "" {
			body = `{"error":{"code":"not_found","message":"证书不存在。certificate not found","restored_copy_end":"` + copyEnd + `"}}`
		}
		return answerWith(http.StatusNotFound, body)
	}
	for _, tt := range []struct {
		name, copyEnd string
		code          int
		want, not     string
	}{
		{"copy ending before the issue", issued.Add(-time.Second).UTC().Format(time.RFC3339), 1, "LIVE STATUS UNKNOWN", "NOT GENUINE"},
		{"copy ending at the issue", issued.UTC().Format(time.RFC3339), 1, "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"copy ending after the issue", issued.Add(time.Hour).UTC().Format(time.RFC3339), 1, "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"never restored", "", 1, "NOT GENUINE", "LIVE STATUS UNKNOWN"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := keysServer(t, originalKeys, notFound(tt.copyEnd))
			code, out, errOut := pcf(t, "verify", cert, "--server", srv)
			if code != tt.code || !strings.Contains(out, tt.want) || strings.Contains(out, tt.not) {
				t.Errorf("exit %d, want %d with %q and not %q:\n%s%s", code, tt.code, tt.want, tt.not, out, errOut)
			}
			if tt.want == "LIVE STATUS UNKNOWN" && (!strings.Contains(out, "GENUINE 真实") || !strings.Contains(out, "its absence does not make this file a forgery")) {
				t.Errorf("the file verifies with the service's key: GENUINE, its absence explained:\n%s", out)
			}
		})
	}
}

// Ensure a certificate lost in a restore is still not called forged after
// a second restore (red team 52's open end: only the last restore is in
// the not_found, and the certificate, dated before the second copy's end,
// read NOT GENUINE, "never issued", again). End to end: pcf backup, a
// certificate issued after it, pcf serve on the copy, pcf backup of the
// restored service, pcf serve on that copy; pcf verify of the lost
// certificate against the twice-restored service names the earlier
// restore, its copy's end and its time, as the service's records give
// them (restored_copies), says the number may be another certificate's
// now, and neither GENUINE nor NOT GENUINE.
func TestVerify_CertificateLostInAnEarlierRestore(t *testing.T) {
	_, first, lostID, cert := copyThenIssue(t)

	restored, err := runMain(t, io.Discard, io.Discard, "--db", first)
	if err != nil {
		t.Fatalf("serve on the first copy: %v", err)
	}
	firstEnd, err := restored.DB.RestoredFrom()
	if err != nil {
		t.Fatal(err)
	}
	if err := restored.Close(); err != nil {
		t.Fatal(err)
	}
	second := tempPath(t, "second.db")
	if code, out, errOut := pcf(t, "backup", "--db", first, "-o", second); code != 0 {
		t.Fatalf("pcf backup of the restored service: exit %d\n%s%s", code, out, errOut)
	}
	again, err := runMain(t, io.Discard, io.Discard, "--db", second)
	if err != nil {
		t.Fatalf("serve on the second copy: %v", err)
	}
	secondEnd, err := again.DB.RestoredFrom()
	if err != nil || !secondEnd.After(firstEnd) {
		t.Fatalf("restored again from a copy ending at %v (%v), after the first's %v", secondEnd, err, firstEnd)
	}
	code, out, errOut := pcf(t, "verify", cert, "--server", "http://"+again.Server.Addr().String())
	copies, err := again.DB.RestoredCopies()
	if err != nil || len(copies) != 2 {
		t.Fatalf("restores of the twice-restored service: %v, %v", copies, err)
	}
	firstRestore, firstCopy := copies[0].At.UTC().Format(time.RFC3339), firstEnd.UTC().Format(time.RFC3339)
	for _, want := range []string{"LIVE STATUS UNKNOWN 实时状态未知", "KEY RETIRED BY A RESTORE",
		"and restored before that, at " + firstRestore + ", from a copy ending at " + firstCopy, "在此之前还曾于 " + firstRestore + " 从截至 " + firstCopy + " 的备份副本恢复",
		"last restored from a copy ending at " + secondEnd.UTC().Format(time.RFC3339), "was retired at " + firstEnd.UTC().Format(time.RFC3339),
		"may now be another certificate's", "可能已属于另一份证书"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != 1 || strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "GENUINE 真实") {
		t.Errorf("a certificate the first restore lost, against the twice-restored service: exit %d, want 1, LIVE STATUS UNKNOWN, neither GENUINE nor NOT GENUINE:\n%s%s", code, out, errOut)
	}

	// The page the lost label's QR code opens names the first restore's
	// lost time too (the page named the last restore alone), and the
	// certificate given the lost one's number after the restores says,
	// in its answer and on its page, that its number was given out again.
	base := "http://" + again.Server.Addr().String()
	firstAt := firstEnd.UTC().Format(time.RFC3339)
	page := getPage(t, base+"/v1/certificates/"+lostID+"/verify?format=html")
	checkSays(t, page, []string{"此前还恢复过", "between " + firstAt + " and ", "not necessarily forged"}, nil)
	newID, _ := MustIssueDemoCertificate(t, again)
	var answer struct {
		Data struct {
			Number           string `json:"number"`
			NumberGivenAgain []struct {
				CopyEnd string `json:"copy_end"`
			} `json:"number_given_again"`
		} `json:"data"`
	}
	if code := getJSON(t, base+"/v1/certificates/"+newID+"/verify", &answer); code != http.StatusOK {
		t.Fatalf("verify of the certificate issued after both restores: %d", code)
	}
	if len(answer.Data.NumberGivenAgain) != 2 || answer.Data.NumberGivenAgain[0].CopyEnd != firstAt || answer.Data.NumberGivenAgain[1].CopyEnd != secondEnd.UTC().Format(time.RFC3339) {
		t.Errorf("the certificate numbered %s after both restores: number_given_again %+v, want both restores, the first ending at %s", answer.Data.Number, answer.Data.NumberGivenAgain, firstAt)
	}
	page = getPage(t, base+"/v1/certificates/"+newID+"/verify?format=html")
	checkSays(t, page, []string{"本证书的编号在本服务从备份恢复之后发放", "This certificate's number was given out after the service restored its records", "from a copy ending at " + firstAt}, nil)
}

// Ensure pcf verify judges a certificate the service does not hold by the
// restores its not_found names (restored_copies), not by the keys' dates:
// a file signed with the key a restore before the last retired at its
// copy's end, as issued after that end and up to the restore, is LIVE
// STATUS UNKNOWN, naming that restore's copy end and time from the
// records. It stays NOT GENUINE when signed as issued after that restore
// (whatever the keys' dates say), when the key was retired by a rotation
// in that second (the next key created then), when the records name no
// restore whose copy ended at the key's retirement (a gap in the keys'
// history alone made it LIVE STATUS UNKNOWN before), against an older
// server that names the last copy's end alone, when the records' last
// copy end is not the one restored_copy_end says, and against a service
// never restored. A forger's file claiming an issue in the lost time is
// NOT GENUINE as ever: signed with a key the server does not publish, or
// with the retired key over content it did not sign.
func TestVerify_EarlierRestoreFromTheRestoredCopies(t *testing.T) {
	c := footprinttest.Certificate()
	old := footprinttest.Key(t, "earlier restore, the copied key", c.IssuedAt.AddDate(0, -6, 0))
	next := footprinttest.Key(t, "earlier restore, the next key", c.IssuedAt.AddDate(0, -6, 0))
	stranger := footprinttest.Key(t, "earlier restore, a forger's key", c.IssuedAt.AddDate(0, -6, 0))
	sc := footprinttest.Sign(t, c, old)
	altered := *c
	altered.Holder.NameEN = "Forger Trading Co."
	forged := footprinttest.Sign(t, &altered, old)
	forged.Signature = sc.Signature       // the lost certificate's signature over other content
	retired := c.IssuedAt.Add(-time.Hour) // the file is signed as issued after it
	last := c.IssuedAt.AddDate(0, 1, 0)
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	copies := func(p ...[2]time.Time) string {
		var items []string
		for _, p := range p {
			items = append(items, `{"copy_end":"`+ts(p[0])+`","restored_at":"`+ts(p[1])+`"}`)
		}
		return `,"restored_copies":[` + strings.Join(items, ",") + `]`
	}
	lastRestore := [2]time.Time{last, last.Add(24 * time.Hour)}
	named := "and restored before that, at " + ts(retired.Add(2*time.Hour)) + ", from a copy ending at " + ts(retired)
	namedZH := "在此之前还曾于 " + ts(retired.Add(2*time.Hour)) + " 从截至 " + ts(retired) + " 的备份副本恢复"
	for _, tt := range []struct {
		name    string
		file    *certification.SignedCertificate
		created time.Time // the next key's creation
		answer  string    // restored_copy_end and restored_copies of the not_found
		want    string
		not     string
	}{
		{"an earlier restore's lost time", sc, retired.Add(2 * time.Hour),
			`,"restored_copy_end":"` + ts(last) + `"` + copies([2]time.Time{retired, retired.Add(2 * time.Hour)}, lastRestore), "LIVE STATUS UNKNOWN", "NOT GENUINE"},
		{"the records' restore time, not the next key's", sc, retired.Add(3 * time.Hour),
			`,"restored_copy_end":"` + ts(last) + `"` + copies([2]time.Time{retired, retired.Add(30 * time.Minute)}, lastRestore), "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"signed as issued after the earlier restore", sc, retired.Add(30 * time.Minute),
			`,"restored_copy_end":"` + ts(last) + `"` + copies([2]time.Time{retired, retired.Add(30 * time.Minute)}, lastRestore), "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"a rotation in the second the copy ended", sc, retired,
			`,"restored_copy_end":"` + ts(last) + `"` + copies([2]time.Time{retired, retired.Add(2 * time.Hour)}, lastRestore), "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"a gap in the keys the records do not name", sc, retired.Add(2 * time.Hour),
			`,"restored_copy_end":"` + ts(last) + `"` + copies(lastRestore), "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"an older server naming the last copy's end alone", sc, retired.Add(2 * time.Hour),
			`,"restored_copy_end":"` + ts(last) + `"`, "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"records ending elsewhere than restored_copy_end", sc, retired.Add(2 * time.Hour),
			`,"restored_copy_end":"` + ts(last) + `"` + copies([2]time.Time{retired, retired.Add(2 * time.Hour)}, [2]time.Time{last.Add(time.Hour), last.Add(24 * time.Hour)}), "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"never restored", sc, retired.Add(2 * time.Hour), "", "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		// The last restore: its copy's key, retired at its end, is the
		// last copy's key unless a rotation created another in that
		// second before the restore (the key a stolen seed of the
		// rotated key signs with).
		{"the last restore's copied key", sc, retired.Add(2 * time.Hour),
			`,"restored_copy_end":"` + ts(retired) + `"` + copies([2]time.Time{retired, retired.Add(2 * time.Hour)}), "LIVE STATUS UNKNOWN", "NOT GENUINE"},
		{"a rotation in the second the last copy ended", sc, retired,
			`,"restored_copy_end":"` + ts(retired) + `"` + copies([2]time.Time{retired, retired.Add(2 * time.Hour)}), "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"the last restore started in the second its copy ended", sc, retired,
			`,"restored_copy_end":"` + ts(retired) + `"` + copies([2]time.Time{retired, retired}), "LIVE STATUS UNKNOWN", "NOT GENUINE"},
		{"a forger's key, claiming the lost time", footprinttest.Sign(t, c, stranger), retired.Add(2 * time.Hour),
			`,"restored_copy_end":"` + ts(last) + `"` + copies([2]time.Time{retired, retired.Add(2 * time.Hour)}, lastRestore), "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"the retired key's signature over other content", forged, retired.Add(2 * time.Hour),
			`,"restored_copy_end":"` + ts(last) + `"` + copies([2]time.Time{retired, retired.Add(2 * time.Hour)}, lastRestore), "NOT GENUINE", "LIVE STATUS UNKNOWN"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o, n := old.PublicKey(), next.PublicKey()
			o.Retired, n.Created = retired, tt.created
			jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{o, n})
			if err != nil {
				t.Fatal(err)
			}
			srv := keysServer(t, jwks, answerWith(http.StatusNotFound, `{"error":{"code":"not_found","message":"证书不存在。certificate not found"`+tt.answer+`}}`))
			pdf := mustRenderCertificatePDF(t, tt.file, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
			code, out, errOut := pcf(t, "verify", writeFile(t, t.TempDir(), "lost.pdf", pdf), "--server", srv)
			if code != 1 || !strings.Contains(out, tt.want) || strings.Contains(out, tt.not) {
				t.Errorf("exit %d, want 1 with %q and not %q:\n%s%s", code, tt.want, tt.not, out, errOut)
			}
			earlier := tt.want == "LIVE STATUS UNKNOWN" && !strings.Contains(tt.name, "last")
			if said := strings.Contains(out, named) && strings.Contains(out, namedZH); said != earlier {
				t.Errorf("names the earlier restore from the records (%q): %v, want %v:\n%s", named, said, earlier, out)
			}
			if strings.Contains(out, "Forger Trading Co.") && !strings.Contains(out, "UNSIGNED 签名无效") {
				t.Errorf("a file over content the key did not sign, without UNSIGNED:\n%s", out)
			}
		})
	}
}

// Ensure a file signed with a key the restored service made (created when
// the last restore started, or since), as issued after the copy's end, is
// NOT GENUINE when the service does not hold it, as on a service never
// restored: that key signed nothing the restore lost, and the service's
// records hold all it issued. It read LIVE STATUS UNKNOWN with its
// signature GENUINE, "the restore may have lost it": a leaked key's
// forgery, dated after a restore, was softened by the restore. A key the
// service had before the restore (one an earlier version retired at the
// restore, not at the copy's end), or one against an older server that
// names no restore time, keeps LIVE STATUS UNKNOWN.
func TestVerify_RestoredServicesOwnKeyLostNothing(t *testing.T) {
	c := footprinttest.Certificate()
	key := footprinttest.Key(t, "a key of the restored service", c.IssuedAt.AddDate(0, -6, 0))
	sc := footprinttest.Sign(t, c, key)
	copyEnd := c.IssuedAt.Add(-2 * time.Hour)
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	for _, tt := range []struct {
		name             string
		created, restore time.Time // the key's creation, the restore's start
		copies           bool      // the not_found names restored_copies
		want, not        string
	}{
		{"created when the restore started", copyEnd.Add(time.Hour), copyEnd.Add(time.Hour), true, "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"created in the restore's second", copyEnd.Add(time.Hour), copyEnd.Add(time.Hour + 500*time.Millisecond), true, "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"created since the restore", c.IssuedAt.Add(-time.Minute), copyEnd.Add(time.Hour), true, "NOT GENUINE", "LIVE STATUS UNKNOWN"},
		{"created before the restore", c.IssuedAt.AddDate(0, -6, 0), copyEnd.Add(time.Hour), true, "LIVE STATUS UNKNOWN", "NOT GENUINE"},
		{"an older server, no restore time", copyEnd.Add(time.Hour), copyEnd.Add(time.Hour), false, "LIVE STATUS UNKNOWN", "NOT GENUINE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k := key.PublicKey()
			k.Created = tt.created
			jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{k})
			if err != nil {
				t.Fatal(err)
			}
			answer := `,"restored_copy_end":"` + ts(copyEnd) + `"`
			if tt.copies {
				answer += `,"restored_copies":[{"copy_end":"` + ts(copyEnd) + `","restored_at":"` + tt.restore.UTC().Format(time.RFC3339Nano) + `"}]`
			}
			srv := keysServer(t, jwks, answerWith(http.StatusNotFound, `{"error":{"code":"not_found","message":"证书不存在。certificate not found"`+answer+`}}`))
			pdf := mustRenderCertificatePDF(t, sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
			code, out, errOut := pcf(t, "verify", writeFile(t, t.TempDir(), "signed.pdf", pdf), "--server", srv)
			if code != 1 || !strings.Contains(out, tt.want) || strings.Contains(out, tt.not) {
				t.Errorf("exit %d, want 1 with %q and not %q:\n%s%s", code, tt.want, tt.not, out, errOut)
			}
			why := []string{"签名密钥 " + key.ID + " 是 " + srv + " 在从备份恢复记录时（" + ts(tt.restore) + "）或其后创建的",
				"the signing key " + key.ID + " was created by " + srv + " when it restored its records (" + ts(tt.restore) + ") or since"}
			if said := strings.Contains(out, why[0]) && strings.Contains(out, why[1]); said != (tt.want == "NOT GENUINE") {
				t.Errorf("says the key is the restored service's own: %v, want %v:\n%s", said, !said, out)
			}
		})
	}
}

// Ensure pcf verify reads the restores of a not_found as the service
// gives them (restored_copies, oldest first), the last one's copy end
// being restored_copy_end; restored_copy_end alone (an older server) as
// the last restore, its time unknown; and none from a body whose restores
// do not read or disagree, but for restored_copy_end: an unreadable body
// is never a restore that makes an absence unknown.
func TestServiceNotFound_RestoredCopies(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 8, 0, 0, 0, time.UTC) }
	two := `[{"copy_end":"2026-03-02T08:00:00Z","restored_at":"2026-03-03T08:00:00Z"},{"copy_end":"2026-03-10T08:00:00Z","restored_at":"2026-03-11T08:00:00Z"}]`
	both := []certification.RestoredCopy{{CopyEnd: day(2), At: day(3)}, {CopyEnd: day(10), At: day(11)}}
	lastOnly := []certification.RestoredCopy{{CopyEnd: day(10)}}
	for _, tt := range []struct {
		name, end, copies string
		want              []certification.RestoredCopy
	}{
		{"both", "2026-03-10T08:00:00Z", two, both},
		{"restored_copies alone", "", two, both},
		{"restored_copy_end alone", "2026-03-10T08:00:00Z", "", lastOnly},
		{"the last copy's end differs", "2026-03-09T08:00:00Z", two, []certification.RestoredCopy{{CopyEnd: day(9)}}},
		{"a time that does not read", "2026-03-10T08:00:00Z", strings.Replace(two, "2026-03-03T08:00:00Z", "the third of March", 1), lastOnly},
		{"no copy end", "2026-03-10T08:00:00Z", `[{"restored_at":"2026-03-03T08:00:00Z"},{"copy_end":"2026-03-10T08:00:00Z","restored_at":"2026-03-11T08:00:00Z"}]`, lastOnly},
		{"none", "", "[]", nil},
		{"never restored", "", "", nil},
		{"an end that does not read", "the tenth", "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"error":{"code":"not_found","message":"未找到。not found"`
			if tt.end != "" {
				body += `,"restored_copy_end":"` + tt.end + `"`
			}
			if tt.copies != "" {
				body += `,"restored_copies":` + tt.copies
			}
			nf := serviceNotFound("live status", []byte(body+"}}"))
			if nf == nil {
				t.Fatalf("%s: not read as the service's not_found", body)
			}
			if !slices.EqualFunc(nf.restores, tt.want, func(a, b certification.RestoredCopy) bool { return a.CopyEnd.Equal(b.CopyEnd) && a.At.Equal(b.At) }) {
				t.Errorf("restores %v, want %v", nf.restores, tt.want)
			}
		})
	}
}

// Ensure pcf verify of a certificate a restore lost, whose number the
// restored service has given to another certificate since (red team 29's
// reuse), says so, naming that certificate as not the file's, and never
// takes the file for it: the verdict stays LIVE STATUS UNKNOWN. Only an
// answer by number that is that certificate's verification result, signed
// with the server's key and issued after the copy's end, is named; else
// the general caution that the number may be another certificate's.
func TestVerify_LostCertificatesNumberGivenAgain(t *testing.T) {
	c := footprinttest.Certificate()
	key := footprinttest.Key(t, "number given again", c.IssuedAt.AddDate(0, -6, 0))
	sc := footprinttest.Sign(t, c, key)
	copyEnd := c.IssuedAt.Add(-time.Hour)
	other := func(issued time.Time, k *certification.SigningKey) []byte {
		o := *c
		o.ID, o.IssuedAt = uuid.MustParse("5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f"), issued
		o.Holder.NameEN = "Another Maker Co."
		return footprinttest.Envelope(t, footprinttest.Sign(t, &o, k))
	}
	stranger := footprinttest.Key(t, "number given again, not the service's", c.IssuedAt.AddDate(0, -6, 0))
	given := "The number " + c.Number + " was given out again after the restore"
	general := "this certificate's number, " + c.Number + ", may now be another certificate's"
	for _, tt := range []struct {
		name     string
		byNumber http.HandlerFunc
		want     string
	}{
		{"given after the restore", answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"valid","signed":%s}}`, other(c.IssuedAt.Add(24*time.Hour), key))), given},
		{"another's before the copy's end", answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"valid","signed":%s}}`, other(copyEnd.Add(-time.Hour), key))), general},
		{"signed with a key the server does not publish", answerWith(http.StatusOK, fmt.Sprintf(`{"data":{"status":"valid","signed":%s}}`, other(c.IssuedAt.Add(24*time.Hour), stranger))), general},
		{"no certificate has it", answerWith(http.StatusNotFound, `{"error":{"code":"not_found","message":"未找到。not found"}}`), general},
		{"not a verification result", answerWith(http.StatusOK, `<!doctype html><p>Sign in`), general},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := keysServer(t, mustJWKS(t, key), func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/v1/certificates/by-number/") {
					tt.byNumber(w, r)
					return
				}
				answerWith(http.StatusNotFound, `{"error":{"code":"not_found","message":"证书不存在。certificate not found","restored_copy_end":"`+copyEnd.UTC().Format(time.RFC3339)+`"}}`)(w, r)
			})
			pdf := mustRenderCertificatePDF(t, sc, certification.CertificateValid, srv+certification.CertificateVerifyPath(c.ID))
			code, out, errOut := pcf(t, "verify", writeFile(t, t.TempDir(), "lost.pdf", pdf), "--server", srv)
			if code != 1 || !strings.Contains(out, "LIVE STATUS UNKNOWN 实时状态未知") || strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "Another Maker Co.") {
				t.Errorf("exit %d, want 1 and LIVE STATUS UNKNOWN, nothing of the other certificate's taken for the file's:\n%s%s", code, out, errOut)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			if tt.want == given && (!strings.Contains(out, "5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f") || !strings.Contains(out, "在恢复之后已被重新发放") || strings.Contains(out, general)) {
				t.Errorf("the other certificate not named in both languages, or the general caution beside it:\n%s", out)
			}
		})
	}
}

// checkSays reports each of want that out lacks and each of not it says.
func checkSays(t *testing.T, out string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, n := range not {
		if strings.Contains(out, n) {
			t.Errorf("output says %q:\n%s", n, out)
		}
	}
}

// copyThenIssue runs pcf serve with its signing key made (mustServeForCLI),
// copies its database with pcf backup, then issues the demo certificate,
// which the copy lacks, and downloads its certificate PDF (cert).
func copyThenIssue(t *testing.T) (base, copyPath, id, cert string) {
	t.Helper()
	m, base := mustServeForCLI(t)
	if _, err := factordb.NewKeyService(m.DB).ActiveSigningKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	copyPath = tempPath(t, "backup.db")
	if code, out, errOut := pcf(t, "backup", "--db", m.Config.DBPath, "-o", copyPath); code != 0 {
		t.Fatalf("pcf backup: exit %d\n%s%s", code, out, errOut)
	}
	id, maker := MustIssueDemoCertificate(t, m) // after the copy: a restore of it loses it
	cert, _, _ = downloadAll(t, base, id, maker, t.TempDir())
	return base, copyPath, id, cert
}

// signedAndEdited signs the test certificate with a key made from seed, and
// returns, beside it, its envelope as a record edited in the database holds
// it: the content of the certificate 50 kgCO2e lower under the file's
// signature, which no key verifies.
func signedAndEdited(t *testing.T, seed string) (c *certification.Certificate, key *certification.SigningKey, sc *certification.SignedCertificate, edited []byte) {
	t.Helper()
	c = footprinttest.Certificate()
	key = footprinttest.Key(t, seed, c.IssuedAt.Add(-time.Hour))
	sc = footprinttest.Sign(t, c, key)
	lower := *c
	lower.Stages = slices.Clone(c.Stages)
	lower.KgCO2e, lower.Stages[0].KgCO2e = c.KgCO2e-50, c.Stages[0].KgCO2e-50
	edited = footprinttest.Envelope(t, &certification.SignedCertificate{Content: footprinttest.Sign(t, &lower, key).Content, KeyID: sc.KeyID, Signature: sc.Signature})
	return c, key, sc, edited
}

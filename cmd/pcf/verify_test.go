package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/google/uuid"
)

// demoStudy is the demo PV module study (seed/studies/pv-module.json) as a
// JSON object, for a test to edit.
func demoStudy(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "seed", "studies", "pv-module.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// demoStudyWithLine is the demo study titled title with one more BOM line,
// claiming the green certificate green instead of the demo's
// GEC-DEMO-2025-000001 (a certificate issued on the demo study claims
// that one already).
func demoStudyWithLine(t *testing.T, title string, line map[string]any, green string) []byte {
	t.Helper()
	doc := demoStudy(t)
	doc["title"] = title
	doc["bom"] = append(doc["bom"].([]any), line)
	body, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	// Its own product model: one current certificate per model of a
	// holder (docs/integrity.md §12), and the demo study's is certified.
	body = bytes.Replace(body, []byte(`"model":"DEMO-M10-54"`), []byte(`"model":"DEMO-M10-54 `+green+`"`), 1)
	return bytes.ReplaceAll(body, []byte("GEC-DEMO-2025-000001"), []byte(green))
}

// call makes an HTTP request with a bearer token and returns the status and
// body.
func call(t *testing.T, method, url, token, body string) (int, []byte) {
	t.Helper()
	return callAs(t, method, url, "", token, body)
}

// expectVerify runs pcf verify with args and reports (as name) an exit code
// other than wantCode or an output that lacks one of want.
func expectVerify(t *testing.T, name string, wantCode int, args []string, want ...string) {
	t.Helper()
	code, out, errOut := pcf(t, append([]string{"verify"}, args...)...)
	if code != wantCode {
		t.Errorf("%s: exit %d, want %d\n%s%s", name, code, wantCode, out, errOut)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s: output lacks %q:\n%s%s", name, w, out, errOut)
		}
	}
}

// mustData makes an HTTP request and decodes the "data" of the answer into
// v; it fails the test, naming what, unless the status is want and the
// answer decodes.
func mustData(t *testing.T, what string, want int, method, url, token, body string, v any) {
	t.Helper()
	status, b := call(t, method, url, token, body)
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if status != want || json.Unmarshal(b, &env) != nil || json.Unmarshal(env.Data, v) != nil {
		t.Fatalf("%s: %d %s", what, status, b)
	}
}

// mustPostID POSTs body to base+path with token, requires 201 and returns
// the non-empty string at data.<field> of the answer.
func mustPostID(t *testing.T, what, base, path, token, body, field string) string {
	t.Helper()
	var data map[string]any
	mustData(t, what, 201, "POST", base+path, token, body, &data)
	id, _ := data[field].(string)
	if id == "" {
		t.Fatalf("%s: no data.%s in %v", what, field, data)
	}
	return id
}

// mustApply stores study as the manufacturer and applies for its
// certificate with the demo certification body, naming the certificate it
// supersedes (none when ""); it returns the application ID.
func mustApply(t *testing.T, base, maker string, study []byte, supersedes string) string {
	t.Helper()
	studyID := mustPostID(t, "study", base, "/v1/studies", maker, string(study), "id")
	return mustApplyFor(t, base, maker, studyID, supersedes)
}

// mustApplyFor applies for a certificate of the stored study studyID with
// the demo certification body, naming the certificate it supersedes (none
// when ""); it returns the application ID.
func mustApplyFor(t *testing.T, base, maker, studyID, supersedes string) string {
	t.Helper()
	body := `{"study_id":"` + studyID + `","certifier":"Demo Certification Centre"}`
	if supersedes != "" {
		body = `{"study_id":"` + studyID + `","certifier":"Demo Certification Centre","supersedes":"` + supersedes + `"}`
	}
	return mustPostID(t, "apply", base, "/v1/applications", maker, body, "id")
}

// mustIssue has the certifier issue application app with body and returns
// the certificate ID.
func mustIssue(t *testing.T, base, certifier, app, body string) string {
	t.Helper()
	return mustPostID(t, "issue", base, "/v1/applications/"+app+"/issue", certifier, body, "certificate_id")
}

// mustSupersede has the manufacturer apply for a new certificate of the
// study of certificate id that supersedes it, has the certifier issue it,
// and returns the new certificate's ID.
func mustSupersede(t *testing.T, base, id, maker, certifier string) string {
	t.Helper()
	app := mustApplyFor(t, base, maker, certificateStudyID(t, base, id, maker), id)
	return mustIssue(t, base, certifier, app, `{}`)
}

// certificateStudyID returns the ID of the study of certificate id.
func certificateStudyID(t *testing.T, base, id, token string) string {
	t.Helper()
	var cert struct {
		StudyID string `json:"study_id"`
	}
	mustData(t, "certificate", 200, "GET", base+"/v1/certificates/"+id, token, "", &cert)
	return cert.StudyID
}

// MustIssueDemoCertificate runs the manufacturer → certifier flow on a
// running pcf serve for the demo PV module and returns the certificate ID
// and the manufacturer's token.
func MustIssueDemoCertificate(t *testing.T, m *Main) (id, makerToken string) {
	t.Helper()
	app, maker, cert := MustApplyDemo(t, m)
	return mustIssue(t, "http://"+m.Server.Addr().String(), cert, app, `{"signatory":"Zhang San"}`), maker
}

// MustApplyDemo stores the demo PV module study on a running pcf serve and
// applies for its certificate; it returns the application ID and the
// manufacturer's and certifier's tokens.
func MustApplyDemo(t *testing.T, m *Main) (app, makerToken, certToken string) {
	t.Helper()
	ctx := context.Background()
	auth := factordb.NewAuthService(m.DB)
	key := func(org footprint.Organization) string {
		token, _, err := footprint.EnsureOrganizationKey(ctx, auth, &org)
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	maker := key(footprint.Organization{Name: "Demo Module Co.", Role: footprint.RoleManufacturer, Address: "Chengdu"})
	cert := key(footprint.Organization{Name: "Demo Certification Centre", Role: footprint.RoleCertifier, ApprovalNumber: "CNCA-R-2026-999"})
	base := "http://" + m.Server.Addr().String()

	study, err := os.ReadFile(filepath.Join("..", "..", "seed", "studies", "pv-module.json"))
	if err != nil {
		t.Fatal(err)
	}
	return mustApply(t, base, maker, study, ""), maker, cert
}

// Ensure pcf verify accepts a genuine certificate PDF offline (keys from a
// saved JWKS, or fetched from the server) and says exactly what is wrong
// with a tampered one.
func TestVerify_CertificatePDF(t *testing.T) {
	m := MustRunMain(t)
	id, maker := MustIssueDemoCertificate(t, m)
	base := "http://" + m.Server.Addr().String()
	dir := t.TempDir()

	status, pdf := call(t, "GET", base+"/v1/certificates/"+id+"/certificate.pdf", maker, "")
	if status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("certificate.pdf: %d", status)
	}
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	pdfPath, keyPath := filepath.Join(dir, "cert.pdf"), filepath.Join(dir, "keys.json")
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, jwks, 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := pcf(t, "verify", pdfPath, "--key", keyPath)
	if code != 0 || !strings.Contains(out, "GENUINE") || !strings.Contains(out, "CDPCF-2026-000001") || !strings.Contains(out, "signature valid") {
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
	badPath := filepath.Join(dir, "tampered.pdf")
	if err := os.WriteFile(badPath, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = pcf(t, "verify", badPath, "--key", keyPath)
	if code != 1 || strings.Contains(out, "GENUINE 真实") || !strings.Contains(errOut, "embedded certificate") {
		t.Fatalf("tampered: %d %q %q", code, out, errOut)
	}

	// A key set that does not hold the signing key.
	otherKey, err := certification.NewSigningKey(rand.Reader, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	otherJWKS, err := certification.PublicKeysJWKS([]certification.PublicKey{otherKey.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.json")
	if err := os.WriteFile(other, otherJWKS, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = pcf(t, "verify", pdfPath, "--key", other)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || !strings.Contains(out, "key") {
		t.Fatalf("wrong key: %d %q", code, out)
	}
	if code, _, _ := pcf(t, "verify", pdfPath); code != 2 {
		t.Fatalf("no key: exit %d, want 2", code)
	}
}

// certifierToken makes another API key of the demo certification body.
func certifierToken(t *testing.T, m *Main) string {
	t.Helper()
	org := footprint.Organization{Name: "Demo Certification Centre", Role: footprint.RoleCertifier, ApprovalNumber: "CNCA-R-2026-999"}
	token, _, err := footprint.EnsureOrganizationKey(context.Background(), factordb.NewAuthService(m.DB), &org)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// downloadAll downloads the certificate and the label of certificate id and
// the server's public keys (keys.json) into dir, and returns their paths.
func downloadAll(t *testing.T, base, id, token, dir string) (cert, label, keys string) {
	t.Helper()
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	return download(t, base, id, "certificate.pdf", token, dir), download(t, base, id, "label.pdf", token, dir), writeFile(t, dir, "keys.json", jwks)
}

// download GETs a document of a certificate into dir and returns its path.
func download(t *testing.T, base, id, doc, token, dir string) string {
	t.Helper()
	status, b := call(t, "GET", base+"/v1/certificates/"+id+"/"+doc, token, "")
	if status != 200 || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("%s: %d %s", doc, status, b)
	}
	path := filepath.Join(dir, id+"-"+doc)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Ensure pcf verify --server reports the live status of a genuine
// certificate and exits non-zero unless it is valid, and that offline it
// says plainly that the live status was not checked (issue 10 item 2).
func TestVerify_LiveStatus(t *testing.T) {
	m := MustRunMain(t)
	id, maker := MustIssueDemoCertificate(t, m)
	certifier := certifierToken(t, m)
	base := "http://" + m.Server.Addr().String()
	dir := t.TempDir()
	cert, label, keys := downloadAll(t, base, id, maker, dir)
	expect := func(name string, wantCode int, args []string, want ...string) {
		t.Helper()
		expectVerify(t, name, wantCode, args, want...)
	}

	for _, f := range []string{cert, label} {
		expect("valid "+filepath.Base(f), 0, []string{f, "--server", base}, "GENUINE 真实", "VALID 有效: live status 有效 valid")
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
		expect("suspended "+filepath.Base(f), 1, []string{f, "--server", base}, "GENUINE 真实", "NOT VALID 无效: the certificate is genuine but 暂停 suspended")
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
	forgedPath := filepath.Join(dir, "forged.pdf")
	if err := os.WriteFile(forgedPath, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	expect("forged", 1, []string{forgedPath, "--server", base}, "NOT GENUINE", "kg_co2e: the page shows \""+strings.Repeat("1", len(fig))+"\"",
		"Live status of certificate")
}

// Ensure an expired certificate is reported as such and exits non-zero.
// The server derives "expired" from the clock (footprint.StatusAt, tested
// in api); here a stand-in serves the real server's answers with the
// status an expired certificate gets.
func TestVerify_LiveStatusExpired(t *testing.T) {
	m := MustRunMain(t)
	id, maker := MustIssueDemoCertificate(t, m)
	base := "http://" + m.Server.Addr().String()
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

// writeFile writes b to dir/name and returns the path.
func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
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
	b, err := json.Marshal(study)
	if err != nil {
		t.Fatal(err)
	}
	env["data"]["study"] = b
	out, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return out
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
	m := MustRunMain(t)
	id, maker := MustIssueDemoCertificate(t, m)
	base := "http://" + m.Server.Addr().String()
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
	seed, err := os.ReadFile(filepath.Join("..", "..", "seed", "studies", "pv-module.json"))
	if err != nil {
		t.Fatal(err)
	}
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
	if code != 0 || !strings.Contains(stdout, "supplier   "+sc.supplierNumber+" ("+supplierID+")") ||
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

// supplyChain is a certificate issued on a supplier certificate on a
// running server.
type supplyChain struct {
	base, maker, certifier     string // the server, the maker's and the certifier's tokens
	supplierID, supplierNumber string // the supplier certificate
	issued                     string // the buyer's certificate, by ID
}

// mustIssueOnSupplier issues the demo certificate (the supplier's), then
// a certificate of the demo module with a part from it, claiming another
// green certificate (the demo's is claimed by the supplier's study).
func mustIssueOnSupplier(t *testing.T, m *Main) supplyChain {
	t.Helper()
	sc := supplyChain{base: "http://" + m.Server.Addr().String()}
	sc.supplierID, sc.maker = MustIssueDemoCertificate(t, m)
	var sup struct {
		Data struct {
			Number string `json:"number"`
		} `json:"data"`
	}
	getJSON(t, sc.base+"/v1/certificates/"+sc.supplierID+"/verify", &sup)
	sc.supplierNumber = sup.Data.Number
	body := demoStudyWithLine(t, "Module with a certified supplied part",
		map[string]any{"name": "supplied part", "quantity": 0.001, "unit": "piece", "stage": "A1", "supplier": sc.supplierNumber}, "GEC-DEMO-2025-000002")
	sc.certifier = certifierToken(t, m)
	sc.issued = mustIssue(t, sc.base, sc.certifier, mustApply(t, sc.base, sc.maker, body, ""), `{}`)
	return sc
}

// mustSupplierList returns the supplier list of the certificate issued,
// as its holder's record keeps it, and its JSON (what --suppliers takes).
// The certificate has one supplier.
func mustSupplierList(t *testing.T, m *Main, issued string) ([]certification.CertificateSupplier, []byte) {
	t.Helper()
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(issued))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.SupplierList) != 1 {
		t.Fatalf("supplier list %+v", rec.SupplierList)
	}
	list, err := certification.MarshalSuppliers(rec.SupplierList)
	if err != nil {
		t.Fatal(err)
	}
	return rec.SupplierList, list
}

// recomputeArgs downloads into dir what an offline recomputation of the
// certificate issued takes (its PDF, the keys, the study as maker, the
// seed set as CSV) and returns the pcf verify arguments naming them.
func recomputeArgs(t *testing.T, base, issued, maker, dir string) []string {
	t.Helper()
	cert := download(t, base, issued, "certificate.pdf", maker, dir)
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	_, set := call(t, "GET", base+"/v1/factor-sets/2026.1/export?format=csv", "", "")
	study := writeFile(t, dir, "study.json", studyOfCertificate(t, base, issued, maker))
	return []string{"verify", cert, "--key", writeFile(t, dir, "keys.json", jwks), "--study", study, "--factors", writeFile(t, dir, "f.csv", set)}
}

func mustKeys(t *testing.T, jwks []byte) []certification.PublicKey {
	t.Helper()
	keys, err := certification.ParsePublicKeysJWKS(jwks)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// Ensure pcf verify --study takes a certificate issued in format 1, before
// format 2 signed the input digests: the PDF downloaded then verifies, the
// study of that database is recomputed against the result digest alone,
// and, that certificate's result being of engine footprint/1, the report
// says the engine changed rather than confirming or blaming the inputs.
// factordb/testdata/format1.db.gz is that database.
func TestVerify_StudyFormat1(t *testing.T) {
	gz, err := os.Open(filepath.Join("..", "..", "factordb", "testdata", "format1.db.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer gz.Close()
	zr, err := gzip.NewReader(gz)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := writeFile(t, dir, "pcf.db", raw)
	m, err := runMain(t, io.Discard, io.Discard, "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + m.Server.Addr().String()
	maker, _, err := footprint.EnsureOrganizationKey(context.Background(), factordb.NewAuthService(m.DB),
		&footprint.Organization{Name: "Demo Module Co.", Role: footprint.RoleManufacturer, Address: "Chengdu"})
	if err != nil {
		t.Fatal(err)
	}
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
	m := MustRunMain(t)
	id, maker := MustIssueDemoCertificate(t, m)
	certifier := certifierToken(t, m)
	base := "http://" + m.Server.Addr().String()
	dir := t.TempDir()
	label := download(t, base, id, "label.pdf", maker, dir)
	issued := mustSupersede(t, base, id, maker, certifier)
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	pdf, err := os.ReadFile(download(t, base, issued, "certificate.pdf", maker, dir))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := labels.VerifyPDF(pdf, mustKeys(t, jwks))
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

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
)

// This file holds the set-up the tests of pcf share: a running pcf serve
// (MustRunMain, runMain), the CLI run in-process (pcf), HTTP calls to the
// server, and the demo study, application and certificate on it.
// MustRunMain starts pcf serve on a temporary database and a free port
// (local mode, unless configure sets a base URL), and stops it when the
// test ends.
func MustRunMain(tb testing.TB, configure ...func(*Config)) *Main {
	tb.Helper()
	var out bytes.Buffer
	m := NewMain(&out, io.Discard)
	m.Config.DBPath = tempPath(tb, "pcf.db")
	m.Config.Init = true // creating a database is explicit
	m.Config.Addr = "127.0.0.1:0"
	for _, f := range configure {
		f(&m.Config)
	}
	if err := m.Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := m.Close(); err != nil {
			tb.Error(err)
		}
	})
	if !strings.Contains(out.String(), "seeded factor set") {
		tb.Fatalf("first run did not report seeding: %q", out.String())
	}
	return m
}

// mustServeForCLI starts pcf serve (MustRunMain) and points the commands
// the test runs at it ($PCF_SERVER), with the admin token it wrote beside
// its database ($PCF_ADMIN_TOKEN empty); it returns the server and its
// base URL.
func mustServeForCLI(t *testing.T) (*Main, string) {
	t.Helper()
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	t.Setenv("PCF_SERVER", base)
	t.Setenv("PCF_ADMIN_TOKEN", "")
	return m, base
}

// tempPath returns the path of a file named name in a new temporary
// directory (the file does not exist).
func tempPath(tb testing.TB, name string) string {
	return filepath.Join(tb.TempDir(), name)
}

// pcf runs the CLI in-process and returns its exit code and output.
func pcf(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}
func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("decode %s: %v", url, err)
	}
	return resp.StatusCode
}

// getPage returns the text of the page at url, its HTML entities read.
func getPage(t *testing.T, url string) string {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, b := footprinttest.Do(t, http.DefaultClient, req)
	return html.UnescapeString(string(b))
}

// runMain starts pcf serve with args on a free port, stopping it when the
// test ends; it returns the error of Run.
func runMain(t *testing.T, stdout, stderr io.Writer, args ...string) (*Main, error) {
	t.Helper()
	m := NewMain(stdout, stderr)
	if err := m.ParseFlags(context.Background(), append([]string{"--addr", "127.0.0.1:0"}, args...)); err != nil {
		t.Fatal(err)
	}
	err := m.Run(context.Background())
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return m, err
}

// mustStart starts pcf serve with args as runMain does, failing t if it
// does not start, and returns it and what its start printed.
func mustStart(t *testing.T, args ...string) (*Main, string) {
	t.Helper()
	var out strings.Builder
	m, err := runMain(t, &out, io.Discard, args...)
	if err != nil {
		t.Fatalf("start %q: %v", args, err)
	}
	return m, out.String()
}

// callAs makes an HTTP request with a bearer token and returns the status
// and body; a host other than "" addresses it to that host (Host and
// X-Forwarded-* headers a client or a forger may send).
func callAs(t *testing.T, method, url, host, token, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
		req.Header.Set("X-Forwarded-Proto", "http")
		req.Header.Set("X-Forwarded-Host", host)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	status, _, b := footprinttest.Do(t, http.DefaultClient, req)
	return status, b
}

// demoStudyWithLine is the demo study titled title with one more BOM line,
// claiming the green certificate green instead of the demo's
// GEC-DEMO-2025-000001 (a certificate issued on the demo study claims
// that one already).
func demoStudyWithLine(t *testing.T, title string, line map[string]any, green string) []byte {
	t.Helper()
	doc := seedtest.StudyDoc(t, "pv-module")
	doc["title"] = title
	doc["bom"] = append(doc["bom"].([]any), line)
	body := seedtest.MustMarshal(t, doc)
	// Its own product model: one current certificate per model of a
	// holder (docs/integrity.md §12), and the demo study's is certified.
	body = bytes.Replace(body, []byte(`"model":"DEMO-M10-54"`), []byte(`"model":"DEMO-M10-54 `+green+`"`), 1)
	return bytes.ReplaceAll(body, []byte("GEC-DEMO-2025-"), []byte(green+"-")) // the batch green-000001 to -001000
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
	return mustPostID(t, "issue", base, "/v1/applications/"+app+"/issue", certifier, issueBody(t, base, certifier, app, body), "certificate_id")
}

// issueBody is body (a JSON object) with the review_digest of application
// app, as the certifier reads it before issuing.
func issueBody(t *testing.T, base, certifier, app, body string) string {
	t.Helper()
	var v struct {
		Review struct{ Digest string } `json:"review"`
	}
	mustData(t, "application", 200, "GET", base+"/v1/applications/"+app, certifier, "", &v)
	return string(footprinttest.JSONWith(t, body, "review_digest", v.Review.Digest))
}

// mustSupersede has the manufacturer apply for a new certificate of the
// study of certificate id that supersedes it, has the certifier issue it,
// and returns the new certificate's ID.
func mustSupersede(t *testing.T, base, id, maker, certifier string) string {
	t.Helper()
	app := mustApplyFor(t, base, maker, certificateStudyID(t, base, id, maker), id)
	return mustIssue(t, base, certifier, app, `{"signatory":"Zhang San"}`)
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

// mustServeDemoCertificate runs pcf serve (MustRunMain) with the demo
// certificate issued (MustIssueDemoCertificate); it returns the server's
// base URL, the certificate's ID and the manufacturer's token.
func mustServeDemoCertificate(t *testing.T) (m *Main, base, id, makerToken string) {
	t.Helper()
	m = MustRunMain(t)
	id, makerToken = MustIssueDemoCertificate(t, m)
	return m, "http://" + m.Server.Addr().String(), id, makerToken
}

// mustSignedDemoFile serves a database that signs its verify base
// (mustServeSigned), issues the demo certificate (MustIssueDemoCertificate)
// and closes it: it returns the file's path and the verify base its
// certificate signs.
func mustSignedDemoFile(t *testing.T) (path, base string) {
	t.Helper()
	m, base := mustServeSigned(t)
	MustIssueDemoCertificate(t, m)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	return m.Config.DBPath, base
}

// The demo manufacturer and certification body.
var (
	demoMaker     = access.Organization{Name: "Demo Module Co.", Role: access.RoleManufacturer, Address: "Chengdu"}
	demoCertifier = access.Organization{Name: "Demo Certification Centre", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-999"}
)

// orgKey makes an API key of org (created if needed) in the database of a
// running pcf serve and returns its token. A certifier's key that waits
// for its organisation (a second key of the body) is confirmed with the
// body's first usable key, as the body would (POST /v1/org/keys/{id}/confirm).
func orgKey(t *testing.T, m *Main, org access.Organization) string {
	t.Helper()
	ctx := context.Background()
	auth := factordb.NewAuthService(m.DB)
	token, key, err := access.EnsureOrganizationKey(ctx, auth, &org)
	if err != nil {
		t.Fatal(err)
	}
	if !key.Waiting() {
		return token
	}
	keys, err := auth.OrganizationAPIKeys(ctx, key.Org)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.RevokedAt.IsZero() && !k.Waiting() {
			if _, err := auth.EndorseAPIKey(access.NewContextWithPrincipal(ctx, &access.Principal{Org: k.Org, Role: k.Role, KeyID: k.ID}), key.ID); err != nil {
				t.Fatal(err)
			}
			return token
		}
	}
	t.Fatalf("key %s of %s waits, and its organisation holds no key to confirm it", key.ID, key.Org)
	return ""
}

// MustApplyDemo stores the demo PV module study on a running pcf serve and
// applies for its certificate; it returns the application ID and the
// manufacturer's and certifier's tokens.
func MustApplyDemo(t *testing.T, m *Main) (app, makerToken, certToken string) {
	t.Helper()
	maker, cert := orgKey(t, m, demoMaker), orgKey(t, m, demoCertifier)
	return mustApply(t, "http://"+m.Server.Addr().String(), maker, seedtest.StudyJSON(t, "pv-module"), ""), maker, cert
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
	return writeFile(t, dir, id+"-"+doc, b)
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
	sc.certifier = orgKey(t, m, demoCertifier)
	sc.issued = mustIssue(t, sc.base, sc.certifier, mustApply(t, sc.base, sc.maker, body, ""), `{"signatory":"Zhang San"}`)
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

// mustJWKS returns the JWK Set of key's public key, as a keys file for
// pcf verify --key or the body of /v1/keys.
func mustJWKS(t *testing.T, key *certification.SigningKey) []byte {
	t.Helper()
	jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{key.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	return jwks
}

// mustRenderCertificatePDF draws sc's certificate PDF printing status, its
// QR code leading to u.
func mustRenderCertificatePDF(t *testing.T, sc *certification.SignedCertificate, status certification.CertificateStatus, u string) []byte {
	t.Helper()
	r, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := r.RenderCertificatePDF(context.Background(), sc, status, u)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// TestMain turns pcf verify's memory of known services off for the
// package's tests, which verify the same demo certification body at many
// servers on ports of their own; a test of the memory gives it a file.
func TestMain(m *testing.M) {
	os.Setenv(knownServicesEnv, "off")
	os.Exit(m.Run())
}

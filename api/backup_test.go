package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure GET /v1/admin/backup, open to every admin key (one curator's
// too), hands out no private signing key: with the seed, anyone could sign
// figures of their own under a genuine certificate's key. The copy still
// verifies the certificates issued before, and the download is in the audit
// trail with the key that made it (red team). Nor does it hand out a
// manufacturer's client secret for its supplier's PACT host, which that
// admin may not even list (red team: "S3CRET-supplier-ag-7f3a9c" of Demo
// Module Co. read with another organisation's admin key).
func TestBackup_NoSigningSeedAudited(t *testing.T) {
	ctx := context.Background()
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	k, err := st.keys.ActiveSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "S3CRET-supplier-ag-7f3a9c"
	st.srv.PACT.Suppliers = []api.PACTHost{{URL: "https://supplier-ag.test"}}
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"supplier-ag","url":"https://supplier-ag.test","client_id":"demo-module","client_secret":"` + secret + `"}`)}), 201)
	if rec := st.do(t, request{method: "GET", target: "/v1/pact/endpoints", as: asCurator2}); rec.Code != 403 {
		t.Fatalf("GET /v1/pact/endpoints as another organisation's admin: %d", rec.Code)
	}
	rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asCurator2})
	if rec.Code != 200 || rec.Header().Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
		t.Fatalf("backup: %d, Content-Length %q for %d bytes", rec.Code, rec.Header().Get("Content-Length"), rec.Body.Len())
	}
	body := rec.Body.Bytes()
	if factordbtest.HoldsSeed(body, k) {
		t.Fatalf("the backup holds the seed of the active signing key %s", k.ID)
	}
	if bytes.Contains(body, []byte(secret)) {
		t.Fatalf("the backup holds %s's PACT client secret %q", orgMaker, secret)
	}
	restored := factordbtest.OpenCopy(t, body)
	maker := access.NewContextWithPrincipal(ctx, &access.Principal{Org: orgMaker, Role: access.RoleManufacturer})
	if e, err := factordb.NewCertificationService(restored).FindEndpoint(maker, "supplier-ag"); err != nil || e.URL != "https://supplier-ag.test" || e.ClientSecret != "" {
		t.Fatalf("PACT endpoint of the copy %+v %v", e, err)
	}
	pubs, err := factordb.NewKeyService(restored).PublicKeys(ctx)
	if err != nil || len(pubs) != 1 || pubs[0].ID != k.ID {
		t.Fatalf("public keys of the copy %+v %v", pubs, err)
	}
	cert, err := factordb.NewCertificationService(restored).FindCertificateByID(ctx, uuid.MustParse(fx.cert))
	if err != nil {
		t.Fatal(err)
	}
	if err := certification.VerifyCertificate(cert.Signed, pubs); err != nil {
		t.Fatalf("certificate %s in the copy: %v", fx.number, err)
	}

	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?action=" + factordb.AuditDatabaseBackup, as: asReg}), 200)
	sum := sha256.Sum256(body)
	if len(events) != 1 || events[0].Actor != orgAdmin || events[0].Role != access.RoleAdmin || events[0].KeyID == "" ||
		!strings.Contains(events[0].Detail, hex.EncodeToString(sum[:])) {
		t.Fatalf("backup audit events %+v", events)
	}
}

// Red team 29: a dishonest operator restores the database from a backup
// (GET /v1/admin/backup, as any admin key may download it) to undo what
// happened since.

// restoredServer is the server pcf serve starts on the backup b put in
// place of the database, a month after st's clock, with st's tokens
// (stored as hashes, they are in the copy).
func restoredServer(t *testing.T, st *stack, b []byte) (*api.Server, *factordb.DB) {
	t.Helper()
	db := factordbtest.OpenCopy(t, b)
	clock := newTestClock(st.clock.Now().Add(30 * 24 * time.Hour))
	db.Now = clock.Now
	fs := factordb.NewFactorService(db)
	cs := factordb.NewCertificationService(db)
	keys := factordb.NewKeyService(db)
	if _, err := keys.ActiveSigningKey(context.Background()); err != nil { // as pcf serve at start
		t.Fatal(err)
	}
	s := api.NewServer()
	s.FactorService, s.AuthService, s.StudyService = fs, factordb.NewAuthService(db), factordb.NewStudyService(db, fs, cs)
	s.CertificationService, s.KeyService, s.ProductService = realCerts{cs}, keys, factordb.NewProductService(db)
	s.PACTSuppliers = realCerts{cs}
	s.Now = clock.Now
	s.Backup = db
	s.BaseURL = testBaseURL
	return s, db
}

// Ensure a certificate withdrawn after a backup does not read as plainly
// valid once the operator restores that backup: before, the public
// verification answer (what a buyer's scan of the label reaches, and pcf
// verify --server) said "valid" with no word of the restore, and the
// regulator's only trace was a signing-key rotation by "system".
//
// Closed in session 31: a valid certificate older than the restore is read
// with a restored flag until its certifier confirms or changes its status
// (factordb's restoreMark): the answer's alert "restored" with the copy's
// time, the page's wording, the holder's view of its flags.
func TestRedteam29_WithdrawnCertificateValidAgainAfterRestore(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	if _, err := st.keys.ActiveSigningKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asAdmin})
	if rec.Code != http.StatusOK {
		t.Fatalf("backup: %d %s", rec.Code, rec.Body)
	}
	backup := rec.Body.Bytes()
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["RT29 falsified electricity data"]}`)}); rec.Code != 200 {
		t.Fatalf("withdraw: %d %s", rec.Code, rec.Body)
	}
	verify := request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}
	if v := MustData[verifyData](t, st.do(t, verify), 200); v.Status != "withdrawn" {
		t.Fatalf("status before the restore %q", v.Status)
	}

	srv, db := restoredServer(t, st, backup)
	// The operator confirms the keys the copy holds (pcf keys confirm):
	// the holder and the certifier use theirs below.
	if _, err := factordb.NewAuthService(db).ConfirmRestoredAPIKeys(context.Background(), "checked"); err != nil {
		t.Fatal(err)
	}
	rec = doRequest(t, srv, "", verify)
	v := MustData[verifyData](t, rec, 200)
	var raw struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	_, alerted := raw.Data["supplier_alerts"]
	if v.Status == "valid" && !alerted && !strings.Contains(strings.ToLower(rec.Body.String()), "restor") {
		t.Fatalf("certificate %s, withdrawn for cause, reads as plainly valid after the restore (status %q, signature valid %v, no alert, no word of a restore)", fx.number, v.Status, v.SignatureValid)
	}
	// The alert says when the copy was taken; the page says the status
	// is the copy's; the documents wait for the certifier.
	var alerts []struct {
		Code   string `json:"code"`
		Review string `json:"review"`
		AsOf   string `json:"as_of"`
	}
	if err := json.Unmarshal(raw.Data["supplier_alerts"], &alerts); err != nil || len(alerts) != 1 || alerts[0].Code != "restored" || alerts[0].Review != "pending" || alerts[0].AsOf == "" {
		t.Errorf("supplier_alerts %s (%v), want one restored alert, pending, with as_of", raw.Data["supplier_alerts"], err)
	}
	page := httptest.NewRecorder() // a page: not in the OpenAPI document doRequest checks
	srv.ServeHTTP(page, httptest.NewRequest("GET", "/certificates/"+fx.number, nil))
	if body := page.Body.String(); page.Code != 200 || !strings.Contains(body, "状态待确认") || !strings.Contains(body, "Valid as of a restored copy") || !strings.Contains(body, `id="restored-alert"`) || strings.Contains(body, "Supply-chain alert") {
		t.Errorf("verify page after the restore: %d, want the status worded as the copy's", page.Code)
	}
	own := doRequest(t, srv, st.tokens[asMaker], request{method: "GET", target: "/v1/certificates/" + fx.cert})
	if own.Code != 200 || !strings.Contains(own.Body.String(), `"restored":true`) {
		t.Errorf("the holder's certificate after the restore: %d %.300s, want its restored flag", own.Code, own.Body)
	}
	// Its certifier withdraws it again: the alert goes.
	if rec := doRequest(t, srv, st.tokens[asCert], request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", contentType: "application/json",
		body: []byte(`{"reasons":["RT29 falsified electricity data, withdrawn again after the restore"]}`)}); rec.Code != 200 {
		t.Fatalf("withdraw after the restore: %d %s", rec.Code, rec.Body)
	}
	if v := MustData[verifyData](t, doRequest(t, srv, "", verify), 200); v.Status != "withdrawn" {
		t.Errorf("status after the second withdrawal %q", v.Status)
	}
}

package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	st := newDurableSeededStack(t)
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

// mustBackup is the copy of st's database an admin downloads (GET
// /v1/admin/backup).
func mustBackup(t *testing.T, st *stack) []byte {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asAdmin})
	if rec.Code != http.StatusOK {
		t.Fatalf("backup: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

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
	s.Backup, s.Restore = db, db
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
	st := newDurableSeededStack(t)
	fx := st.seedFixture(t, "")
	if _, err := st.keys.ActiveSigningKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	backup := mustBackup(t, st)
	st.setStatus(t, fx.cert, "withdraw", "RT29 falsified electricity data")
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
	rec := doRequest(t, srv, "", verify)
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

// Ensure an API key revoked after a backup is not active again once the
// backup is restored (docs/integrity.md: "a restore brings back revoked API
// keys"): every key the copy holds answers 401 restored_key, on the API and
// at the token endpoint, the admin's own too, until an admin confirms it
// (on the file, as pcf keys confirm does; then one by one or all at once
// through the admin routes); a key revoked again stays revoked; a key made
// after the restore works. Before, the revoked key read and wrote as its
// organisation again.
func TestRedteam29_RevokedKeyActiveAgainAfterRestore(t *testing.T) {
	ctx := context.Background()
	st := newDurableSeededStack(t)
	st.seedFixture(t, "")
	if _, err := st.keys.ActiveSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	keyID := func(as string) string { return strings.Split(st.tokens[as], "_")[1] }
	backup := mustBackup(t, st)
	// After the copy: the other manufacturer's key leaked and was revoked.
	if rec := st.do(t, request{method: "DELETE", target: "/v1/admin/keys/" + keyID(asOther), as: asAdmin}); rec.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
	}

	srv, db := restoredServer(t, st, backup)
	as := func(who string, r request) *http.Response {
		t.Helper()
		return doRequest(t, srv, st.tokens[who], r).Result()
	}
	products := request{method: "GET", target: "/v1/products"}
	for _, who := range []string{asOther, asMaker} {
		e := MustError(t, doRequest(t, srv, st.tokens[who], products), 401, access.ERESTOREDKEY)
		if !strings.Contains(e.Error.Message, "restored") || !strings.Contains(e.Error.Message, "confirm") {
			t.Errorf("%s's key after the restore: message %q, want it to say the database was restored and the key needs confirming", who, e.Error.Message)
		}
	}
	MustError(t, doRequest(t, srv, st.tokens[asAdmin], request{method: "GET", target: "/v1/admin/keys/restored"}), 401, access.ERESTOREDKEY)
	tokenReq := func(who string) request {
		return request{method: "POST", target: "/v1/auth/token", contentType: "application/x-www-form-urlencoded",
			body: []byte(url.Values{"grant_type": {"client_credentials"}, "client_id": {keyID(who)}, "client_secret": {st.tokens[who]}}.Encode())}
	}
	if rec := doRequest(t, srv, "", tokenReq(asOther)); rec.Code != 401 || !strings.Contains(rec.Body.String(), `"invalid_client"`) || !strings.Contains(rec.Body.String(), access.ERESTOREDKEY) {
		t.Errorf("token for the key revoked after the copy: %d %s, want 401 invalid_client naming %s", rec.Code, rec.Body, access.ERESTOREDKEY)
	}

	// The operator confirms the admin's key on the file (pcf keys
	// confirm), then reads the list.
	if _, err := factordb.NewAuthService(db).ConfirmAPIKey(ctx, keyID(asAdmin)); err != nil {
		t.Fatal(err)
	}
	listed := MustData[[]access.APIKey](t, doRequest(t, srv, st.tokens[asAdmin], request{method: "GET", target: "/v1/admin/keys/restored"}), 200)
	byID := map[string]access.APIKey{}
	for _, k := range listed {
		byID[k.ID] = k
	}
	if k, ok := byID[keyID(asOther)]; !ok || k.Org != orgMaker2 || k.CreatedAt.IsZero() {
		t.Errorf("restored keys %+v: want %s's, with its organisation and creation time", listed, keyID(asOther))
	}
	if _, ok := byID[keyID(asAdmin)]; ok {
		t.Errorf("the confirmed admin key is still listed: %+v", listed)
	}
	// The admin remembers the leak: revoked again, it cannot be confirmed.
	if rec := doRequest(t, srv, st.tokens[asAdmin], request{method: "DELETE", target: "/v1/admin/keys/" + keyID(asOther)}); rec.Code != http.StatusNoContent {
		t.Fatalf("revoke again: %d %s", rec.Code, rec.Body)
	}
	MustError(t, doRequest(t, srv, st.tokens[asAdmin], request{method: "POST", target: "/v1/admin/keys/" + keyID(asOther) + "/confirm"}), 409, "conflict")

	// One by one.
	k := MustData[access.APIKey](t, doRequest(t, srv, st.tokens[asAdmin], request{method: "POST", target: "/v1/admin/keys/" + keyID(asMaker) + "/confirm"}), 200)
	if k.ID != keyID(asMaker) || k.ConfirmedAt.IsZero() {
		t.Errorf("confirmed key %+v", k)
	}
	if r := as(asMaker, products); r.StatusCode != 200 {
		t.Errorf("the confirmed key: %d", r.StatusCode)
	}
	// A person signing in with a key still waiting is told why.
	u := newWebUser(t, srv)
	u.get("/sign-in")
	mustWorkPage(t, u.post("/sign-in", url.Values{"csrf_token": {u.csrf}, "api_key": {st.tokens[asCert]}}), http.StatusUnauthorized, "须经管理员确认", "an admin must confirm this API key")

	// All at once, with reasons.
	all := MustData[struct {
		Confirmed int             `json:"confirmed"`
		Keys      []access.APIKey `json:"keys"`
	}](t, doRequest(t, srv, st.tokens[asAdmin], request{method: "POST", target: "/v1/admin/keys/restored/confirm", contentType: "application/json",
		body: []byte(`{"reasons":["list checked against the revocations after the copy"]}`)}), 200)
	if all.Confirmed == 0 || all.Confirmed != len(all.Keys) {
		t.Errorf("confirm all: %+v", all)
	}
	for _, k := range all.Keys {
		if k.ID == keyID(asOther) || k.ID == keyID(asMaker) {
			t.Errorf("confirm all confirmed %s (revoked, or confirmed already)", k.ID)
		}
	}
	if r := as(asCert, request{method: "GET", target: "/v1/certificates"}); r.StatusCode != 200 {
		t.Errorf("the certifier's key, confirmed with the others: %d", r.StatusCode)
	}
	newWebUser(t, srv).signIn(st.tokens[asCert])
	MustError(t, doRequest(t, srv, st.tokens[asOther], products), 401, "unauthorized")
	if rec := doRequest(t, srv, "", tokenReq(asMaker)); rec.Code != 200 {
		t.Errorf("token for the confirmed key: %d %s", rec.Code, rec.Body)
	}

	// A key made after the restore works at once.
	made := MustData[struct {
		Token string `json:"token"`
	}](t, doRequest(t, srv, st.tokens[asAdmin], request{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"` + orgMaker + `"}`)}), 201)
	if r := doRequest(t, srv, made.Token, products); r.Code != 200 {
		t.Errorf("a key made after the restore: %d %s", r.Code, r.Body)
	}
	events := MustData[[]access.AuditEvent](t, doRequest(t, srv, st.tokens[asReg], request{method: "GET", target: "/v1/audit?action=" + access.AuditKeyConfirm}), 200)
	if len(events) != 2+all.Confirmed {
		t.Errorf("%d key.confirm events, want %d", len(events), 2+all.Confirmed)
	}
}

// Ensure a certifier's review calls no certificate the restored copy
// holds, unconfirmed, plainly valid (red team 36, open in session 32): the
// holder's certificate P of another model and another holder's
// certificate O of the model applied for, both withdrawn after the copy,
// and a supplier certificate the study names. Before, the review's peer
// warning read "the holder's valid certificate P", its product.model
// warning "certificate O … is valid" (in English only), the supplier row
// "valid" with "1 of its own supplier certificates changed status", and a
// preview on P said nothing.
func TestRedteam36_ReviewCallsARestoredCertificateValid(t *testing.T) {
	st := newDurableSeededStack(t)
	if _, err := st.keys.ActiveSigningKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	peer := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-R36-P", 30, nil)), "")), 201)
	_, otherApp := st.applyAsOther(t, setModel(pvStudy(t, "GEC-R36-O"), "R36-SHARED"))
	other := MustData[issueData](t, st.do(t, st.issueReq(t, otherApp, "")), 201)
	backup := mustBackup(t, st)
	for _, id := range []string{peer.CertificateID, other.CertificateID} {
		st.setStatus(t, id, "withdraw", "RT36 withdrawn after the copy")
	}

	srv, db := restoredServer(t, st, backup)
	if _, err := factordb.NewAuthService(db).ConfirmRestoredAPIKeys(context.Background(), "checked"); err != nil {
		t.Fatal(err)
	}
	as := func(role string, r request) *httptest.ResponseRecorder { return doRequest(t, srv, st.tokens[role], r) }
	review := func(study []byte) appReview {
		t.Helper()
		id := MustData[studyData](t, as(asMaker, request{method: "POST", target: "/v1/studies", contentType: "application/json", body: study}), 201).ID
		app := MustData[appData](t, as(asMaker, request{method: "POST", target: "/v1/applications", contentType: "application/json",
			body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
		return MustData[appReview](t, as(asCert, request{method: "GET", target: "/v1/applications/" + app}), 200)
	}
	restoredWords := []string{"restored copy", "状态待确认"}

	// A new model of the same product, well below P: the peer warning.
	v := review(pvStudy(t, "GEC-R36-N1"))
	if got := reviewWarningsWith(v, "product.model", peer.Number); len(got) != 1 || len(reviewWarningsWith(v, "product.model", append([]string{peer.Number}, restoredWords...)...)) != 1 ||
		strings.Contains(got[0].Message, "valid certificate") {
		t.Errorf("peer %s, withdrawn after the copy, in the review: %+v, want one warning saying its status is the restored copy's", peer.Number, got)
	}
	// The model another holder's O certifies: the product.model warning.
	v = review(setModel(pvStudy(t, "GEC-R36-N2"), "R36-SHARED"))
	if got := reviewWarningsWith(v, "product.model", other.Number); len(got) != 1 || len(reviewWarningsWith(v, "product.model", append([]string{other.Number, "已认证给另一持证方"}, restoredWords...)...)) != 1 ||
		strings.Contains(got[0].Message, "is valid;") {
		t.Errorf("another holder's %s, withdrawn after the copy, in the review: %+v, want one bilingual warning saying its status is the restored copy's", other.Number, got)
	}
	// P as a supplier: the review's row and the preview say so.
	buyer := buyerStudy(t, "GEC-R36-N3", peer.Number)
	preview := as(asMaker, request{method: "POST", target: "/v1/calculations", contentType: "application/json", body: buyer})
	if body := preview.Body.String(); preview.Code != 200 || !strings.Contains(body, "Supplier certificate "+peer.Number+" is valid as a restored copy held it") || !strings.Contains(body, "状态待确认") {
		t.Errorf("preview on supplier %s after the restore: %d %.400s, want its restored warning", peer.Number, preview.Code, body)
	}
	raw := MustData[struct {
		Review struct {
			Suppliers []struct {
				Number           string `json:"number"`
				Status           string `json:"status"`
				RestoredAsOf     string `json:"restored_as_of"`
				SuppliersChanged int    `json:"suppliers_changed"`
			} `json:"suppliers"`
		} `json:"review"`
	}](t, as(asCert, request{method: "GET", target: "/v1/applications/" + func() string {
		id := MustData[studyData](t, as(asMaker, request{method: "POST", target: "/v1/studies", contentType: "application/json", body: buyer}), 201).ID
		return MustData[appData](t, as(asMaker, request{method: "POST", target: "/v1/applications", contentType: "application/json",
			body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	}()}), 200)
	if s := raw.Review.Suppliers; len(s) != 1 || s[0].Number != peer.Number || s[0].RestoredAsOf == "" || s[0].SuppliersChanged != 0 {
		t.Errorf("supplier row of %s after the restore: %+v, want restored_as_of and no supplier counted as changed", peer.Number, s)
	}
	// The regulator's overview counts them apart from the plainly valid,
	// its row leading to the list that holds them.
	body := regulatorOverview(t, st, srv)
	if row := `<a href="/work/certificates?status=valid&flagged=true">` + restoredWordsZH; !strings.Contains(body, row) || strings.Contains(body, `status=valid">`) {
		t.Errorf("the overview after the restore: no row %q, or a plainly valid one:\n%s", row, body[strings.Index(body, `id="by-status"`)+0:][:600])
	}
}

// regulatorOverview is the text of the regulator's overview page
// (/work/overview) as srv, a server restored from st's copy, serves it,
// its HTML entities read.
func regulatorOverview(t *testing.T, st *stack, srv *api.Server) string {
	t.Helper()
	regulator := newWebUser(t, srv)
	regulator.signIn(st.tokens[asReg])
	page := regulator.get("/work/overview")
	mustWorkPage(t, page, http.StatusOK)
	return html.UnescapeString(page.Body.String())
}

// restoredWordsZH is how pages word a valid certificate whose status is
// still a restored copy's.
const restoredWordsZH = "有效(数据已从备份恢复,状态待确认)"

// Red team 43: after a restore, the regulator's overview listed the
// certificate whose status is the copy's under "Certificates flagged
// because a supplier certificate changed" as "CDPCF-… Demo Module Co. ·
// → ": a supplier change with no supplier, no status and no word of the
// restore, which its own row above counts apart. A correct overview words
// each flag as the certificate's page does: the records restored from a
// copy, to confirm.
func TestRedteam43_OverviewWordsARestoredFlagAsASupplierChange(t *testing.T) {
	st := newDurableSeededStack(t)
	if _, err := st.keys.ActiveSigningKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-R43-R", 30, nil)), "")), 201)
	backup := mustBackup(t, st)
	st.setStatus(t, cert.CertificateID, "withdraw", "RT43 withdrawn after the copy")
	srv, db := restoredServer(t, st, backup)
	if _, err := factordb.NewAuthService(db).ConfirmRestoredAPIKeys(context.Background(), "checked"); err != nil {
		t.Fatal(err)
	}
	body := regulatorOverview(t, st, srv)
	flagged := body[strings.Index(body, `id="flagged"`):]
	flagged = flagged[:strings.Index(flagged, "</section>")]
	if !strings.Contains(flagged, cert.Number) || !strings.Contains(flagged, "本服务的数据已从备份副本恢复") || !strings.Contains(flagged, "restored from a copy") ||
		strings.Contains(flagged, "because a supplier certificate changed") || strings.Contains(flagged, `<span class="mono"></span> → `) {
		t.Errorf("the overview's flagged list after the restore does not say %s is flagged for the restore:\n%s", cert.Number, flagged)
	}
}

// Ensure the public verification of a service restored from a copy says,
// when it does not hold a certificate, that its records were restored from
// a copy ending at a given time (red team 52: a certificate issued after
// the copy, lost by the restore, answered a plain not_found, and its
// genuine label read as forged): the JSON error carries restored_copy_end
// and says it in both languages, by ID and by number, and the page says it
// too. A service never restored answers as before, byte for byte.
func TestRedteam52_RestoredServiceNotFoundNamesTheCopyEnd(t *testing.T) {
	st := newDurableSeededStack(t)
	if _, err := st.keys.ActiveSigningKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	backup := mustBackup(t, st)
	fx := st.seedFixture(t, "") // issued after the copy: the restore loses it

	unknown := uuid.NewString()
	got := st.do(t, request{method: "GET", target: "/v1/certificates/" + unknown + "/verify"})
	want := `{"error":{"code":"not_found","message":"证书 ` + unknown + ` 不存在。certificate ` + unknown + ` not found"}}` + "\n"
	if got.Code != http.StatusNotFound || got.Body.String() != want {
		t.Errorf("not found on a service never restored: %d %s, want 404 %s", got.Code, got.Body, want)
	}

	srv, db := restoredServer(t, st, backup)
	end, err := db.RestoredFrom()
	if err != nil || end.IsZero() {
		t.Fatalf("RestoredFrom of the restored database: %v %v", end, err)
	}
	at := end.UTC().Format(time.RFC3339)
	for _, target := range []string{"/v1/certificates/" + fx.cert + "/verify", "/v1/certificates/by-number/" + url.PathEscape(fx.number) + "/verify"} {
		rec := doRequest(t, srv, "", request{method: "GET", target: target})
		var body struct {
			Error struct {
				Code            string `json:"code"`
				Message         string `json:"message"`
				RestoredCopyEnd string `json:"restored_copy_end"`
			} `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != http.StatusNotFound || body.Error.Code != "not_found" {
			t.Fatalf("GET %s after the restore: %d %s (%v), want 404 not_found", target, rec.Code, rec.Body, err)
		}
		if body.Error.RestoredCopyEnd != at {
			t.Errorf("GET %s: restored_copy_end %q, want %q", target, body.Error.RestoredCopyEnd, at)
		}
		zh, en, ok := strings.Cut(body.Error.Message, "。")
		if !ok || !strings.Contains(zh, "备份副本恢复") || !strings.Contains(zh, at) ||
			!strings.Contains(en, "restored from a copy ending at "+at) || !strings.Contains(en, "may be missing") {
			t.Errorf("GET %s: message %q does not say, in Chinese then English, that the records were restored from a copy ending at %s", target, body.Error.Message, at)
		}

		page := httptest.NewRecorder() // a page: not in the OpenAPI document doRequest checks
		srv.ServeHTTP(page, httptest.NewRequest("GET", target+"?format=html", nil))
		text := html.UnescapeString(page.Body.String())
		if page.Code != http.StatusNotFound || !strings.Contains(text, "备份副本恢复") || !strings.Contains(text, "restored from a copy ending at "+at) ||
			!strings.Contains(text, "not necessarily forged") || !strings.Contains(text, "未必是伪造的") {
			t.Errorf("page %s after the restore: %d, want the restore and the copy's end %s said in both languages:\n%s", target, page.Code, at, text)
		}
	}
}

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	bolt "go.etcd.io/bbolt"
)

// Organisations of the test stacks.
const (
	orgMaker     = "Demo Module Co."
	orgMaker2    = "Other Maker Ltd."
	orgCertifier = "Demo Certification Centre"
	orgCert2     = "Other Certifier"
	orgRegulator = "Chengdu SAMR"
	orgAdmin     = "Operator"
	orgCurator   = "Factor Curation Office"
)

// Roles of the role matrix: the organisations above, and no token.
const (
	asAnon  = "anonymous"
	asMaker = "manufacturer"
	asOther = "other-manufacturer"
	asCert  = "certifier"
	asCert2 = "other-certifier"
	asReg   = "regulator"
	asAdmin = "admin"
	// asCurator2 is a second API key of the operator (orgAdmin), held by
	// another curator: four eyes on the factor library.
	asCurator2 = "second-curator"
	// asCurator is the key of an organisation of the curator role: factor
	// sets and nothing else.
	asCurator = "curator"
)

var matrixRoles = []string{asAnon, asMaker, asOther, asCert, asCert2, asReg, asAdmin, asCurator}

// MustOpenSeededFactors opens a real factordb in a temp dir with the
// embedded seed set published (without fsync, noSync).
func MustOpenSeededFactors(tb testing.TB) (*factordb.DB, footprint.FactorService) {
	tb.Helper()
	db := mustOpenTestDB(tb, false)
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	fs := factordb.NewFactorService(db)
	dbOf.Store(footprint.FactorService(fs), db)
	factors, err := seed.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := seed.Load(context.Background(), fs, seed.SetVersion, factors); err != nil {
		tb.Fatal(err)
	}
	return db, fs
}

// mustOpenTestDB opens a new factordb in a temp dir, closed when tb ends.
// Unless durable, its commits are not flushed to the disk (noSync): a
// test that does not crash the process or copy the file behind the
// database's back sees the same store either way, and the fdatasyncs of
// every commit were most of the api tests' time. The backup and restore
// tests and the load test open durable stacks (newDurableSeededStack),
// and so does every benchmark: it measures the service as it runs.
func mustOpenTestDB(tb testing.TB, durable bool) *factordb.DB {
	tb.Helper()
	db, err := factordb.Open(filepath.Join(tb.TempDir(), "db"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, bench := tb.(*testing.B); !durable && !bench {
		noSync(tb, db)
	}
	return db
}

// noSync sets bbolt's NoSync on the bbolt database under db: commits are
// not flushed to the disk. factordb has no option for it (an option that
// gives up durability has no use in the service), so it is reached by
// reflection; a change of factordb's DB that moves the field fails here.
func noSync(tb testing.TB, db *factordb.DB) {
	tb.Helper()
	f := reflect.ValueOf(db).Elem().FieldByName("db")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*bolt.DB]() {
		tb.Fatalf("noSync: factordb.DB has no field db of type *bolt.DB (it has %v): update noSync", f)
	}
	bdb := *(**bolt.DB)(unsafe.Pointer(f.UnsafeAddr()))
	bdb.NoSync = true
}

// stack is a server on in-file fakes (and a real factor store), with one
// token per role.
var dbOf sync.Map

type realCerts struct{ *factordb.CertificationService }

func (c realCerts) auditCount() int {
	n, cursor := 0, ""
	for {
		ev, next, err := c.FindAuditEvents(context.Background(), access.AuditFilter{Cursor: cursor, Limit: footprint.MaxLimit})
		if err != nil {
			panic(err)
		}
		n += len(ev)
		if next == "" {
			return n
		}
		cursor = next
	}
}

type stack struct {
	srv      *api.Server
	db       *factordb.DB
	auth     *factordb.AuthService
	studies  *factordb.StudyService
	certs    realCerts
	keys     *factordb.KeyService
	products *factordb.ProductService
	tokens   map[string]string
	clock    *testClock
}

// testClock is a settable clock that advances one second per reading, so
// events are ordered without sleeping.
type testClock struct{ t atomic.Int64 }

func newTestClock(t time.Time) *testClock {
	c := &testClock{}
	c.t.Store(t.UnixNano())
	return c
}

func (c *testClock) Now() time.Time { return time.Unix(0, c.t.Add(int64(time.Second))).UTC() }

// newSeededStack is newStack on the seeded factor set (seed.Factors).
func newSeededStack(tb testing.TB) *stack {
	tb.Helper()
	return newStackOf(tb, true, false)
}

// newDurableSeededStack is newSeededStack with every commit flushed to the
// disk, as the service runs: for the tests of backups and restores.
func newDurableSeededStack(tb testing.TB) *stack {
	tb.Helper()
	return newStackOf(tb, true, true)
}

// newRenderingStack is newSeededStack with the labels package rendering
// certificate and label PDFs.
func newRenderingStack(tb testing.TB) *stack {
	tb.Helper()
	r, err := labels.NewRenderer()
	if err != nil {
		tb.Fatal(err)
	}
	st := newSeededStack(tb)
	st.srv.CertificateRenderer = r
	return st
}

// newStack is a stack on a new database (without fsync, noSync), with the
// seed set loaded unless fs is nil.
func newStack(tb testing.TB, fs footprint.FactorService) *stack {
	tb.Helper()
	return newStackOf(tb, fs != nil, false)
}

// newStackOf is a stack on a new database, with the seed set loaded if
// seeded, and with every commit flushed to the disk if durable.
func newStackOf(tb testing.TB, seeded, durable bool) *stack {
	tb.Helper()
	clock := newTestClock(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	st := &stack{clock: clock, tokens: map[string]string{}}
	var db *factordb.DB
	load := seeded
	if _, bench := tb.(*testing.B); seeded && !durable && !bench {
		b, err := seededFile()
		if err != nil {
			tb.Fatal(err)
		}
		db = openCopy(tb, b)
		load = false // a copy of a seeded file
	} else {
		db = mustOpenTestDB(tb, durable)
	}
	tb.Cleanup(func() { db.Close() })
	if load {
		factors, err := seed.Factors()
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := seed.Load(context.Background(), factordb.NewFactorService(db), seed.SetVersion, factors); err != nil {
			tb.Fatal(err)
		}
	}
	st.wire(db, seeded)
	for _, o := range []struct {
		as  string
		org access.Organization
	}{
		{asMaker, access.Organization{Name: orgMaker, Role: access.RoleManufacturer, NameZH: "示例组件厂", Address: "Chengdu, Sichuan, China"}},
		{asOther, access.Organization{Name: orgMaker2, Role: access.RoleManufacturer}},
		{asCert, access.Organization{Name: orgCertifier, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-999"}},
		{asCert2, access.Organization{Name: orgCert2, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-998"}},
		{asReg, access.Organization{Name: orgRegulator, Role: access.RoleRegulator}},
		{asAdmin, access.Organization{Name: orgAdmin, Role: access.RoleAdmin}},
		{asCurator, access.Organization{Name: orgCurator, Role: access.RoleCurator}},
	} {
		st.tokens[o.as] = st.MustAddOrganization(tb, o.org)
	}
	second, _, err := st.auth.CreateAPIKey(context.Background(), orgAdmin)
	if err != nil {
		tb.Fatal(err)
	}
	st.tokens[asCurator2] = second
	return st
}

// wire builds st's services and server on db, a server without factors
// unless seeded.
func (st *stack) wire(db *factordb.DB, seeded bool) {
	db.Now = st.clock.Now
	sfs := factordb.NewFactorService(db)
	var fs footprint.FactorService // nil unless seeded: a server without factors
	if seeded {
		fs = sfs
	}
	cs := factordb.NewCertificationService(db)
	st.auth = factordb.NewAuthService(db)
	st.studies = factordb.NewStudyService(db, sfs, cs)
	st.certs = realCerts{cs}
	st.keys = factordb.NewKeyService(db)
	st.products = factordb.NewProductService(db)
	s := api.NewServer()
	s.FactorService, s.AuthService, s.StudyService = fs, st.auth, st.studies
	s.CertificationService, s.KeyService, s.ProductService = st.certs, st.keys, st.products
	s.PACTSuppliers = st.certs
	s.Now = st.clock.Now
	s.Backup = db
	s.BaseURL = testBaseURL // configured, as pcf serve does (never from a request)
	st.srv, st.db = s, db
}

// MustAddOrganization creates an organisation with an API key and returns
// the key.
func (st *stack) MustAddOrganization(tb testing.TB, org access.Organization) string {
	tb.Helper()
	ctx := context.Background()
	if err := st.auth.CreateOrganization(ctx, &org); err != nil {
		tb.Fatal(err)
	}
	key, _, err := st.auth.CreateAPIKey(ctx, org.Name)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}

// request is one HTTP call through the full handler.
type request struct {
	method, target string
	as             string // role; "" or asAnon for none
	contentType    string
	body           []byte
}

func (st *stack) do(tb testing.TB, r request) *httptest.ResponseRecorder {
	tb.Helper()
	return doRequest(tb, st.srv, st.tokens[r.as], r)
}

// httpRequest is r as a server receives it, without credentials.
func (r request) httpRequest() *http.Request {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req := httptest.NewRequest(r.method, r.target, body)
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	return req
}

func doRequest(tb testing.TB, h http.Handler, token string, r request) *httptest.ResponseRecorder {
	tb.Helper()
	req := r.httpRequest()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if _, ok := h.(*api.Server); ok {
		if msg := checkOpenAPI(r, rec); msg != "" {
			tb.Errorf("OpenAPI: %s", msg)
		}
	}
	return rec
}

// jsonBody is the {"data": …} envelope.
type jsonBody[T any] struct {
	Data T               `json:"data"`
	Meta json.RawMessage `json:"meta"`
}

// MustData decodes the data of a successful JSON response, failing unless
// the status is want.
func MustData[T any](tb testing.TB, rec *httptest.ResponseRecorder, want int) T {
	tb.Helper()
	if rec.Code != want {
		tb.Fatalf("status=%d, want %d: %s", rec.Code, want, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Fatalf("content type %q, want JSON", ct)
	}
	var b jsonBody[T]
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		tb.Fatalf("decode %s: %v", rec.Body, err)
	}
	if c, ok := any(b.Data).(wireChecker); ok {
		c.checkWire(tb)
	}
	return b.Data
}

// wireChecker is a response whose every reading checks what must hold of
// it whatever the scenario (appReview: each review warning in Chinese and
// in English, in separate fields).
type wireChecker interface{ checkWire(tb testing.TB) }

// MustError decodes an error response, failing unless its status and code
// are as wanted.
func MustError(tb testing.TB, rec *httptest.ResponseRecorder, status int, code string) errorJSON {
	tb.Helper()
	if rec.Code != status {
		tb.Fatalf("status=%d, want %d: %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Fatalf("error content type %q, want JSON", ct)
	}
	var e errorJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		tb.Fatalf("decode error %s: %v", rec.Body, err)
	}
	if e.Error.Code != code {
		tb.Fatalf("code=%q, want %q: %s", e.Error.Code, code, rec.Body)
	}
	if e.Error.Message == "" {
		tb.Fatalf("error without a message: %s", rec.Body)
	}
	return e
}

// demoSerial is the green certificate the demo PV study claims.
const demoSerial = "GEC-DEMO-2025-000001"

// pvStudy returns the demo PV module study (seed/studies/pv-module.json)
// with its green-certificate serial replaced, so that a stack can hold
// several submissions without a double claim.
func pvStudy(tb testing.TB, serial string) []byte {
	tb.Helper()
	b := seedtest.StudyJSON(tb, "pv-module")
	if serial != demoSerial {
		// One current certificate per product model of a holder
		// (docs/integrity.md §12): each other serial is its own model, so
		// that a stack can certify several submissions side by side.
		b = setModel(b, demoModel(serial))
	}
	// Its batch of green certificates renumbered: serial-000001 to
	// serial-001000 (another serial is another batch).
	return bytes.ReplaceAll(b, []byte("GEC-DEMO-2025-"), []byte(serial+"-"))
}

// demoModel is the product model of pvStudy(serial): the demo model for
// the demo serial, and its own model for any other (not the serial itself:
// a serial is private, a model is not).
func demoModel(serial string) string {
	if serial == demoSerial {
		return "DEMO-M10-54"
	}
	return fmt.Sprintf("DEMO-M10-54 V%08X", crc32.ChecksumIEEE([]byte(serial)))
}

// setModel returns the demo study document b with its product model
// replaced by model.
func setModel(b []byte, model string) []byte {
	const key = `"model": "`
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return b
	}
	i += len(key)
	j := bytes.IndexByte(b[i:], '"')
	return slices.Concat(b[:i], []byte(model), b[i+j:])
}

type studyData struct {
	ID           string          `json:"id"`
	Owner        string          `json:"owner"`
	KgCO2e       *float64        `json:"kg_co2e"`
	ResultDigest string          `json:"result_digest"`
	Rule         string          `json:"rule"`
	Study        json.RawMessage `json:"study"`
	Result       json.RawMessage `json:"result"`
}

type appData struct {
	ID            string     `json:"id"`
	StudyID       string     `json:"study_id"`
	Status        string     `json:"status"`
	Certifier     string     `json:"certifier"`
	Reasons       []string   `json:"reasons"`
	CertificateID string     `json:"certificate_id"`
	Study         *studyData `json:"study"`
	Review        struct {
		Digest string `json:"digest"`
	} `json:"review"`
}

type issueData struct {
	CertificateID string  `json:"certificate_id"`
	Number        string  `json:"number"`
	Revision      int     `json:"revision"`
	Supersedes    string  `json:"supersedes"`
	KgCO2e        float64 `json:"kg_co2e"`
	VerifyURL     string  `json:"verify_url"`
}

type certData struct {
	ID           string          `json:"id"`
	Number       string          `json:"number"`
	Status       string          `json:"status"`
	StatusReason string          `json:"status_reason"`
	SupersededBy string          `json:"superseded_by"`
	Manufacturer string          `json:"manufacturer"`
	Certifier    string          `json:"certifier"`
	KgCO2e       float64         `json:"kg_co2e"`
	Signed       json.RawMessage `json:"signed"`
	Product      struct {
		Codes []string `json:"codes"`
	} `json:"product"`
}

type verifyData struct {
	ID             string          `json:"id"`
	Number         string          `json:"number"`
	Status         string          `json:"status"`
	SupersededBy   string          `json:"superseded_by"`
	KgCO2e         float64         `json:"kg_co2e"`
	SignatureValid bool            `json:"signature_valid"`
	Signed         json.RawMessage `json:"signed"`
}

// testBaseURL is the public base URL the test servers are configured with.
const testBaseURL = "https://pcf.example.cn"

// fixture is the data a stack is seeded with for the role matrix: a
// product, a study with a pending application, and a second study whose
// application was issued, all of orgMaker, addressed to orgCertifier.
type fixture struct {
	product, study, app, issuedStudy, issuedApp, cert string
	number                                            string // of cert
	draftSet                                          string
}

func (st *stack) seedFixture(tb testing.TB, draftSet string) fixture {
	tb.Helper()
	var fx fixture
	p := MustData[struct {
		ID string `json:"id"`
	}](tb, st.do(tb, request{method: "POST", target: "/v1/products", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"Demo module","model":"DEMO-M10-54","product_codes":["HS:854143"]}`)}), 201)
	fx.product = p.ID
	fx.study = st.submit(tb, "GEC-FX-1")
	fx.app = st.apply(tb, fx.study)
	fx.issuedStudy = st.submit(tb, "GEC-FX-2")
	fx.issuedApp = st.apply(tb, fx.issuedStudy)
	issued := MustData[issueData](tb, st.do(tb, st.issueReq(tb, fx.issuedApp, "")), 201)
	fx.cert, fx.number = issued.CertificateID, issued.Number
	if draftSet != "" {
		st.addDraft(tb, draftSet)
		fx.draftSet = draftSet
	}
	return fx
}

// addDraft creates the draft factor set version as another curator: the
// admin may review its flags.
func (st *stack) addDraft(tb testing.TB, version string) {
	tb.Helper()
	MustData[any](tb, st.do(tb, request{method: "POST", target: "/v1/factor-sets", as: asCurator2, contentType: "application/json",
		body: []byte(`{"version":"` + version + `","based_on":"2026.1","description":"test draft"}`)}), 201)
}

// submit posts the demo PV study as orgMaker and returns its ID.
func (st *stack) submit(tb testing.TB, serial string) string {
	tb.Helper()
	return MustData[studyData](tb, st.do(tb, request{method: "POST", target: "/v1/studies", as: asMaker,
		contentType: "application/json", body: pvStudy(tb, serial)}), 201).ID
}

// issueSeedStudy posts the seed study name (seed/studies/<name>.json) as
// orgMaker, applies for its certification and has orgCertifier issue it.
func (st *stack) issueSeedStudy(tb testing.TB, name string) issueData {
	tb.Helper()
	sd := MustData[studyData](tb, st.do(tb, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.StudyJSON(tb, name)}), 201)
	return MustData[issueData](tb, st.do(tb, st.issueReq(tb, st.apply(tb, sd.ID), "")), 201)
}

// apply applies for certification of a study by orgCertifier.
func (st *stack) apply(tb testing.TB, studyID string) string {
	tb.Helper()
	return st.applySuperseding(tb, studyID, "")
}

// applySuperseding applies for a certificate of a study that supersedes
// certificate cert ("" for none).
func (st *stack) applySuperseding(tb testing.TB, studyID, cert string) string {
	tb.Helper()
	return MustData[appData](tb, st.do(tb, request{method: "POST", target: "/v1/applications", as: asMaker,
		contentType: "application/json", body: []byte(`{"study_id":"` + studyID + `","certifier":"` + orgCertifier + `","supersedes":"` + cert + `"}`)}), 201).ID
}

// applyAsOther posts a study as orgMaker2 and applies for its
// certification by orgCertifier; it returns the study and application IDs.
func (st *stack) applyAsOther(tb testing.TB, study []byte) (string, string) {
	tb.Helper()
	id := MustData[studyData](tb, st.do(tb, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: study}), 201).ID
	return id, MustData[appData](tb, st.do(tb, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
		body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
}

// issueBuyer has caller as (asMaker or asOther) store
// buyerStudy(serial, number), a study naming supplier certificate number
// in its BOM, and apply for its certification, which orgCertifier issues.
func (st *stack) issueBuyer(t *testing.T, as, serial, number string) issueData {
	t.Helper()
	var app string
	if as == asOther {
		_, app = st.applyAsOther(t, buyerStudy(t, serial, number))
	} else {
		app = st.apply(t, MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: as, contentType: "application/json",
			body: buyerStudy(t, serial, number)}), 201).ID)
	}
	return MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
}

// setStatus has orgCertifier change certificate cert's status by action
// ("suspend", "withdraw", ...) for reason, failing on any answer but 200.
func (st *stack) setStatus(t *testing.T, cert, action, reason string) {
	t.Helper()
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + cert + "/" + action, as: asCert, contentType: "application/json",
		body: seedtest.MustMarshal(t, map[string][]string{"reasons": {reason}})}); rec.Code != 200 {
		t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
	}
}

// mustDoc decodes a JSON object, such as a study document, for a test to
// edit.
func mustDoc(tb testing.TB, b []byte) map[string]any {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		tb.Fatal(err)
	}
	return doc
}

// withBOMLines returns the study document with lines added to its BOM.
func withBOMLines(tb testing.TB, study []byte, lines ...map[string]any) []byte {
	tb.Helper()
	doc := mustDoc(tb, study)
	for _, l := range lines {
		doc["bom"] = append(doc["bom"].([]any), l)
	}
	return seedtest.MustMarshal(tb, doc)
}

// suppliedLine is a BOM line of one piece whose figure is the supplier
// certificate ref (a number or an ID).
func suppliedLine(name, ref string) map[string]any {
	return map[string]any{"name": name, "quantity": 1, "unit": "piece", "stage": "A1", "supplier": ref}
}

// issueReq is the certifier's request to issue application app with body
// (a JSON object; "" for a signatory alone), after reading the
// application: the review's digest is added as review_digest, as a
// certifier's client does.
func (st *stack) issueReq(tb testing.TB, app, body string) request {
	tb.Helper()
	if body == "" {
		body = `{"signatory":"Zhang San"}` // a certificate names its signatory
	}
	v := MustData[struct {
		Review struct{ Digest string } `json:"review"`
	}](tb, st.do(tb, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
	return request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert, contentType: "application/json",
		body: footprinttest.JSONWith(tb, body, "review_digest", v.Review.Digest)}
}

// supersede has the manufacturer apply for a new certificate of a study
// that replaces cert, and the certifier issue it with body.
func (st *stack) supersede(tb testing.TB, studyID, cert, body string) issueData {
	tb.Helper()
	app := st.applySuperseding(tb, studyID, cert)
	return MustData[issueData](tb, st.do(tb, st.issueReq(tb, app, body)), 201)
}

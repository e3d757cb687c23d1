package factordb_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
)

// This file holds the set-up the tests of the package share: test
// databases, the services on them, the test organisations, and the demo
// studies, applications and certificates.

// fixedNow is the clock of test databases.
var fixedNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// MustOpenDB opens a database in a temporary directory with a fixed clock
// that advances one second per call. Cleanup runs bbolt's consistency check
// and fails the test on any inconsistency, then closes the database.
func MustOpenDB(tb testing.TB) *factordb.DB {
	tb.Helper()
	return MustOpenDBAt(tb, filepath.Join(tb.TempDir(), "db"))
}

// MustOpenDBAt is MustOpenDB on a given path.
func MustOpenDBAt(tb testing.TB, path string) *factordb.DB {
	tb.Helper()
	db := factordbtest.Open(tb, path)
	db.Now = steppingClock(fixedNow)
	return db
}

// steppingClock returns a clock that reads start plus one second at its
// first reading and one second more at each after it. Services may read
// it from several goroutines.
func steppingClock(start time.Time) func() time.Time {
	var mu sync.Mutex
	now := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

// MustOpenTestdataDB opens a copy of the gzipped database file
// testdata/name (MustOpenDBAt), one written by an older version.
func MustOpenTestdataDB(tb testing.TB, name string) *factordb.DB {
	tb.Helper()
	raw := footprinttest.ReadGzipFile(tb, filepath.Join("testdata", name))
	path := filepath.Join(tb.TempDir(), "pcf.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		tb.Fatal(err)
	}
	return MustOpenDBAt(tb, path)
}

// mustRun runs op on db and fails the test on its error: op is one of
// the test-only operations of export_test.go, such as Init (what Open
// does), a Drop… that returns the file to before an index, or a Check…
// of an index.
func mustRun(tb testing.TB, db *factordb.DB, op func(*factordb.DB) error) {
	tb.Helper()
	if err := op(db); err != nil {
		tb.Fatal(err)
	}
}

// mustCreateFile creates a database file as Open writes it, closed, and
// returns its path.
func mustCreateFile(tb testing.TB) string {
	tb.Helper()
	path, db := mustOpenFile(tb)
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// mustOpenFile opens a database in a new temporary file, for a test that
// closes it and opens it again (MustOpenDBAt): no fixed clock, no check at
// cleanup. It returns the path and the database.
func mustOpenFile(tb testing.TB) (string, *factordb.DB) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "db")
	db, err := factordb.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	return path, db
}

// services are the bbolt services of one test database, with the embedded
// seed factor set (seed.SetVersion, values from the reference dataset)
// published.
type services struct {
	db       *factordb.DB
	factors  *factordb.FactorService
	auth     *factordb.AuthService
	products *factordb.ProductService
	studies  *factordb.StudyService
	certs    *factordb.CertificationService
	keys     *factordb.KeyService
}

// MustOpenServices opens a test database (MustOpenDB) with the seed set
// published and every service on it.
func MustOpenServices(tb testing.TB) *services {
	tb.Helper()
	s := newServices(MustOpenDB(tb))
	mustLoadSeed(tb, s.factors)
	return s
}

// mustLoadSeed loads the embedded seed set into fs and publishes it
// (seed.Load), as pcf serve does at start.
func mustLoadSeed(tb testing.TB, fs *factordb.FactorService) {
	tb.Helper()
	factors, err := seed.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := seed.Load(context.Background(), fs, seed.SetVersion, factors); err != nil {
		tb.Fatal(err)
	}
}

// demoSerial is the green certificate the demo PV study claims.
const demoSerial = "GEC-DEMO-2025-000001"

// demoStudy returns the demo PV module study (seed/studies/pv-module.json)
// owned by owner, with its batch of green certificates (GEC-DEMO-2025-000001
// to -001000) renumbered serial-000001 to serial-001000 so that a database
// can hold several of them: another serial is another batch.
func demoStudy(tb testing.TB, owner, serial string) *footprint.Study {
	tb.Helper()
	b, err := os.ReadFile("../seed/studies/pv-module.json")
	if err != nil {
		tb.Fatal(err)
	}
	if serial != demoSerial {
		b = bytes.ReplaceAll(b, []byte("GEC-DEMO-2025-"), []byte(strings.TrimRight(serial, " ")+"-"))
	}
	st, err := footprint.ParseStudyJSON(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	st.Owner = owner
	// One current certificate per product model of a holder
	// (docs/integrity.md §12): each other serial is its own model, so
	// that tests can certify several studies side by side. Tests of the
	// model lineage set the model they share.
	if serial != demoSerial {
		st.Product.Model += " " + serial
	}
	return st
}

// MustCreateModelStudy stores a demo study of the demo product model
// (whatever its serial) and returns it: another study of a model a
// certificate may already cover.
func (s *services) MustCreateModelStudy(tb testing.TB, owner, serial string) *footprint.Study {
	tb.Helper()
	model := demoStudy(tb, owner, demoSerial).Product.Model
	return s.MustCreateStudy(tb, owner, serial, func(st *footprint.Study) { st.Product.Model = model })
}

// MustCreateStudy stores a demo study, first changed by change if given,
// and returns it.
func (s *services) MustCreateStudy(tb testing.TB, owner, serial string, change ...func(*footprint.Study)) *footprint.Study {
	tb.Helper()
	st := demoStudy(tb, owner, serial)
	for _, c := range change {
		c(st)
	}
	if _, err := s.studies.CreateStudy(context.Background(), st); err != nil {
		tb.Fatal(err)
	}
	return st
}

// mustFindStudy reads the stored study id.
func (s *services) mustFindStudy(tb testing.TB, id string) *footprint.Study {
	tb.Helper()
	st, err := s.studies.FindStudyByID(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// mgSiCellStudy returns a study, owned by owner, of a PV cell (HS 854142)
// of 12.2 g of metallurgical silicon, 0.17 kgCO2e on the seed set, built
// on the laptop study (red team 18's cell): no line uses the set's cell
// factors, so only the comparison with the factors of its product can
// warn that it is below them.
func mgSiCellStudy(tb testing.TB, owner string) *footprint.Study {
	tb.Helper()
	kg := footprint.MustParseUnit("kg")
	st := seedtest.Study(tb, "laptop")
	st.Owner = owner
	st.Product = footprint.Product{Name: "Mono-Si solar cell M10 182 mm", Model: "CELL-M10", Manufacturer: owner, Site: "Meishan, Sichuan",
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "854142"}}, MassKg: 0.0122,
		Use: &footprint.UseProfile{AnnualKWh: 0.001, LifetimeYears: 1, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}}
	st.Assemblies = nil
	st.BOM = []*footprint.BOMLine{{Name: "Silicon", Quantity: 0.0122, Unit: kg, Factor: "PV-MGSI-CN", Stage: "raw-materials"}}
	st.Electricity = []*footprint.ElectricityLine{{Name: "cell line", Quantity: 0.05, Unit: footprint.MustParseUnit("kWh"), Stage: "production", Factor: "ELEC-CN-NAT-CF-2024"}}
	st.Transport = st.Transport[:1]
	st.Transport[0].Mass = footprint.Quantity{Value: 0.0122, Unit: kg}
	st.EndOfLife = []*footprint.EndOfLifeLine{{Name: "with the module", Quantity: 0.0122, Unit: kg, Treatment: "incineration", Factor: "EOL-MSW-INCIN-CN"}}
	return st
}

// auditCount returns the number of audit events.
func (s *services) auditCount(tb testing.TB) int {
	tb.Helper()
	return len(s.mustAuditEvents(tb, access.AuditFilter{Limit: footprint.MaxLimit}))
}

// mustAuditEvents returns the audit events filter finds (a first page).
func (s *services) mustAuditEvents(tb testing.TB, filter access.AuditFilter) []*access.AuditEvent {
	tb.Helper()
	events, _, err := s.certs.FindAuditEvents(context.Background(), filter)
	if err != nil {
		tb.Fatal(err)
	}
	return events
}

// Organisations of the certification tests.
const (
	orgMaker     = "Demo Module Co."
	orgMaker2    = "Other Maker Ltd."
	orgCertifier = "Demo Certification Centre"
	orgRegulator = "Chengdu SAMR"
)

// MustCreateOrgs registers the test organisations, and more after them.
func (s *services) MustCreateOrgs(tb testing.TB, more ...access.Organization) {
	tb.Helper()
	for _, o := range append([]access.Organization{
		{Name: orgMaker, Role: access.RoleManufacturer, NameZH: "示例组件厂", Address: "Chengdu, Sichuan, China"},
		{Name: orgMaker2, Role: access.RoleManufacturer, Address: "Mianyang, Sichuan, China"},
		{Name: orgCertifier, Role: access.RoleCertifier, NameZH: "示例认证中心", ApprovalNumber: "CNCA-R-2026-999"},
		{Name: orgRegulator, Role: access.RoleRegulator},
	}, more...) {
		if err := s.auth.CreateOrganization(context.Background(), &o); err != nil {
			tb.Fatal(err)
		}
	}
}

// MustOpenWithOrgs is MustOpenServices with the test organisations
// (MustCreateOrgs).
func MustOpenWithOrgs(tb testing.TB) *services {
	tb.Helper()
	s := MustOpenServices(tb)
	s.MustCreateOrgs(tb)
	return s
}

// mustStart is how most tests of the services begin: the test's context
// for the calls they make, and MustOpenWithOrgs.
func mustStart(tb testing.TB) (context.Context, *services) {
	tb.Helper()
	return tb.Context(), MustOpenWithOrgs(tb)
}

// mustIssueStudy applies for a certificate of a stored study of
// manufacturer with orgCertifier, and issues it.
func (s *services) mustIssueStudy(tb testing.TB, studyID, manufacturer string) *certification.CertificateRecord {
	tb.Helper()
	return s.mustIssueApp(tb, &certification.Application{StudyID: studyID, Manufacturer: manufacturer, Certifier: orgCertifier})
}

// mustIssueApp stores the application app and issues it.
func (s *services) mustIssueApp(tb testing.TB, app *certification.Application) *certification.CertificateRecord {
	tb.Helper()
	if err := s.certs.CreateApplication(context.Background(), app); err != nil {
		tb.Fatal(err)
	}
	rec, err := s.certs.IssueCertificate(context.Background(), app.ID, issueReq)
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

// MustApply stores a demo study of orgMaker (claiming serial) and a pending
// application for it, addressed to orgCertifier.
func (s *services) MustApply(tb testing.TB, serial string) *certification.Application {
	tb.Helper()
	return s.mustApplyFor(tb, s.MustCreateStudy(tb, orgMaker, serial))
}

// mustApplyFor stores a pending application of its owner for stored study
// st, addressed to orgCertifier.
func (s *services) mustApplyFor(tb testing.TB, st *footprint.Study) *certification.Application {
	tb.Helper()
	app, err := s.apply(context.Background(), st.Owner, st.ID, uuid.Nil)
	if err != nil {
		tb.Fatal(err)
	}
	return app
}

// mustCreatePACTStudy stores orgMaker's PACT footprint id of figure
// kgCO2e per kilogram (pactDocV3) and a study of orgMaker using it
// (pactStudy), and returns the stored study and its line naming the
// footprint.
func (s *services) mustCreatePACTStudy(t *testing.T, serial, id, figure string) (*footprint.Study, string) {
	t.Helper()
	a := asOrg(orgMaker)
	if _, _, err := s.certs.SaveSupplierFootprint(a, pactDocV3(id, figure), ""); err != nil {
		t.Fatal(err)
	}
	st, line := pactStudy(t, orgMaker, serial, id)
	if _, err := s.studies.CreateStudy(a, st); err != nil {
		t.Fatal(err)
	}
	return st, line
}

// mustApplyForPACTStudy is mustCreatePACTStudy followed by mustApplyFor:
// the stored study, its line naming the footprint, and the pending
// application for it.
func (s *services) mustApplyForPACTStudy(t *testing.T, serial, id, figure string) (*footprint.Study, string, *certification.Application) {
	t.Helper()
	st, line := s.mustCreatePACTStudy(t, serial, id, figure)
	return st, line, s.mustApplyFor(t, st)
}

// mustIssueSignedOnlyBy checks that the issue of pending application app
// signed by refused, whom its certifier's register does not name, is
// refused naming signatory, and issues it signed by signatory.
func (s *services) mustIssueSignedOnlyBy(tb testing.TB, app *certification.Application, refused, signatory string) {
	tb.Helper()
	_, err := s.certs.IssueCertificate(tb.Context(), app.ID, certification.IssueRequest{Signatory: refused})
	assertInvalid(tb, err, "signatory")
	rec, err := s.certs.IssueCertificate(tb.Context(), app.ID, certification.IssueRequest{Signatory: signatory})
	if err != nil {
		tb.Fatal(err)
	}
	if got := rec.Certificate().Certifier.Signatory; got != signatory {
		tb.Fatalf("signed by %q", got)
	}
}

// mustReviewRecords returns what the certifier's review of application app
// of stored study st reads (FindReviewRecords).
func (s *services) mustReviewRecords(tb testing.TB, app *certification.Application, st *footprint.Study) *certification.ReviewRecords {
	tb.Helper()
	r, err := s.certs.FindReviewRecords(tb.Context(), app, st)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// MustApplyN is MustApply for n serials, fmt.Sprintf(format, i) for i
// from 0 to n-1.
func (s *services) MustApplyN(tb testing.TB, format string, n int) []*certification.Application {
	tb.Helper()
	apps := make([]*certification.Application, n)
	for i := range apps {
		apps[i] = s.MustApply(tb, fmt.Sprintf(format, i))
	}
	return apps
}

// issueReq is the certifier's part of the test certificates.
var issueReq = certification.IssueRequest{Signatory: "Test Signatory"}

// MustIssue applies for and issues a certificate of a new demo study.
func (s *services) MustIssue(tb testing.TB, serial string) *certification.CertificateRecord {
	tb.Helper()
	st := s.MustCreateStudy(tb, orgMaker, serial)
	return s.mustIssueStudy(tb, st.ID, orgMaker)
}

// MustSupersede applies for a new certificate of old's study that
// supersedes old, and issues it.
func (s *services) MustSupersede(tb testing.TB, old *certification.CertificateRecord) *certification.CertificateRecord {
	tb.Helper()
	c := old.Certificate()
	return s.mustIssueApp(tb, &certification.Application{StudyID: c.StudyID, Manufacturer: old.Manufacturer, Certifier: old.Certifier, Supersedes: c.ID})
}

// mustSetStatus moves the certificate id to status to, giving reason.
func (s *services) mustSetStatus(tb testing.TB, ctx context.Context, id uuid.UUID, to certification.CertificateStatus, reason string) {
	tb.Helper()
	if _, err := s.certs.SetCertificateStatus(ctx, id, to, reason); err != nil {
		tb.Fatal(err)
	}
}

// apply makes an application of orgMaker (or manufacturer) to orgCertifier
// for a study, superseding a certificate (uuid.Nil for none).
func (s *services) apply(ctx context.Context, manufacturer, studyID string, supersedes uuid.UUID) (*certification.Application, error) {
	app := &certification.Application{StudyID: studyID, Manufacturer: manufacturer, Certifier: orgCertifier, Supersedes: supersedes}
	return app, s.certs.CreateApplication(ctx, app)
}

// loopCounted runs f in the benchmark loop and fails unless it returns
// want (a number of what): a benchmark measures the answer it means.
func loopCounted(b *testing.B, what string, want int, f func() (int, error)) {
	b.Helper()
	for b.Loop() {
		n, err := f()
		if err != nil {
			b.Fatal(err)
		}
		if n != want {
			b.Fatalf("%d %s, want %d", n, what, want)
		}
	}
}

// MustCreateFactorSet creates a draft set.
func MustCreateFactorSet(tb testing.TB, svc *factordb.FactorService, version, basedOn string) *footprint.FactorSet {
	tb.Helper()
	set := &footprint.FactorSet{Version: version, BasedOn: basedOn, Description: "test set " + version}
	if err := svc.CreateFactorSet(context.Background(), set); err != nil {
		tb.Fatal(err)
	}
	return set
}

// MustOpenDraftSet returns a factor service on a new database holding one
// empty draft set, version, for a test to import into.
func MustOpenDraftSet(tb testing.TB, version string) *factordb.FactorService {
	tb.Helper()
	svc := factordb.NewFactorService(MustOpenDB(tb))
	MustCreateFactorSet(tb, svc, version, "")
	return svc
}

// MustImportFactors imports factors into a draft set.
func MustImportFactors(tb testing.TB, svc *factordb.FactorService, set string, factors ...*footprint.Factor) *footprint.ImportSummary {
	tb.Helper()
	sum, err := svc.ImportFactors(context.Background(), set, factors)
	if err != nil {
		tb.Fatal(err)
	}
	return sum
}

// MustPublishFactorSet publishes a draft set.
func MustPublishFactorSet(tb testing.TB, svc *factordb.FactorService, version string) *footprint.FactorSet {
	tb.Helper()
	set, err := svc.PublishFactorSet(context.Background(), version)
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

// newServices returns every service on db.
func newServices(db *factordb.DB) *services {
	fs := factordb.NewFactorService(db)
	certs := factordb.NewCertificationService(db)
	return &services{
		db: db, factors: fs, auth: factordb.NewAuthService(db), products: factordb.NewProductService(db),
		studies: factordb.NewStudyService(db, fs, certs), certs: certs, keys: factordb.NewKeyService(db),
	}
}

// correctedSet is the set mustPublishCorrection publishes.
const correctedSet = "2026.2"

// mustPublishCorrection publishes set correctedSet, based on the seed set,
// in which the factor code has k times its seed value, and returns the
// factor of the seed set and the corrected one.
func (s *services) mustPublishCorrection(tb testing.TB, code string, k float64) (old, fixed *footprint.Factor) {
	tb.Helper()
	old, err := s.factors.FindFactorByCode(context.Background(), seed.SetVersion, code)
	if err != nil {
		tb.Fatal(err)
	}
	MustCreateFactorSet(tb, s.factors, correctedSet, seed.SetVersion)
	fixed = new(footprint.Factor)
	*fixed = *old
	fixed.Set, fixed.Value = correctedSet, old.Value*k
	MustImportFactors(tb, s.factors, correctedSet, fixed)
	MustPublishFactorSet(tb, s.factors, correctedSet)
	return old, fixed
}

// mustActiveKey returns keys' active signing key, creating it on first use.
func mustActiveKey(tb testing.TB, keys *factordb.KeyService) *certification.SigningKey {
	tb.Helper()
	k, err := keys.ActiveSigningKey(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

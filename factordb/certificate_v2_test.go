package factordb_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// recompute calculates a certified study again as a buyer would: the study
// document as stored, the factors of the exported set the study names, and
// the supplier footprints of the certificate's supplier list. It returns
// the digest of the result.
func recompute(tb testing.TB, s *services, rec *certification.CertificateRecord) string {
	tb.Helper()
	ctx := context.Background()
	c := rec.Certificate()
	st, err := footprint.ParseStudyJSON(bytes.NewReader(factordb.StoredStudyDocument(s.db, c.StudyID)))
	if err != nil {
		tb.Fatal(err)
	}
	all, err := s.factors.ExportFactorSet(ctx, c.FactorSet)
	if err != nil {
		tb.Fatal(err)
	}
	byCode := map[string]*footprint.Factor{}
	for _, f := range all {
		byCode[f.Code] = f
	}
	factors := map[string]*footprint.Factor{}
	for _, code := range st.FactorCodes() {
		if f, ok := byCode[code]; ok {
			factors[code] = f
		}
	}
	suppliers := map[string]*footprint.SupplierFootprint{}
	for _, sup := range rec.SupplierList {
		if suppliers[sup.Ref], err = sup.Footprint(); err != nil {
			tb.Fatal(err)
		}
	}
	res, err := footprint.Calculate(st, factors, suppliers)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := res.Digest()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// Ensure an issued certificate is format 3 (format 2 and the factors) and signs what a buyer needs to
// recompute it: the digest of the study document as stored, the digest of
// the published factor set (which an exported set, also through CSV,
// reproduces), the Monte Carlo range, the cut-off, and on a successor the
// number of the certificate it supersedes. Recomputing from those inputs
// gives the signed result digest.
func TestCertificationService_IssueCertificate_Format2(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	rec := s.MustIssue(t, demoSerial)
	c := rec.Certificate()
	if c.Format != 3 || !bytes.Contains(rec.Signed.Content, []byte(`"format":"pcf-certificate/3"`)) {
		t.Fatalf("format %d: %s", c.Format, rec.Signed.Content)
	}

	doc := factordb.StoredStudyDocument(s.db, c.StudyID)
	if len(doc) == 0 || c.StudyDigest != certification.StudyDigest(doc) {
		t.Fatalf("study digest %s, want that of the stored document (%d bytes)", c.StudyDigest, len(doc))
	}
	// A reader of the study re-encodes it to the stored bytes.
	st, err := s.studies.FindStudyByID(ctx, c.StudyID)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := footprint.MarshalStudyJSON(st); err != nil || !bytes.Equal(again, doc) {
		t.Fatalf("the study read back does not re-encode to the stored document: %v", err)
	}

	set, err := s.factors.FindFactorSetByVersion(ctx, c.FactorSet)
	if err != nil {
		t.Fatal(err)
	}
	if c.FactorSetDigest != set.Digest || len(set.Digest) != 64 {
		t.Fatalf("factor-set digest %s, set %s has %s", c.FactorSetDigest, set.Version, set.Digest)
	}
	all, err := s.factors.ExportFactorSet(ctx, c.FactorSet)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := factordb.FactorSetDigest(all); err != nil || d != set.Digest {
		t.Fatalf("digest of the exported set %s (%v), want %s", d, err, set.Digest)
	}
	var csv bytes.Buffer
	if err := tabular.WriteFactorsCSV(&csv, all); err != nil {
		t.Fatal(err)
	}
	back, err := tabular.ReadFactorsCSV(&csv, "factors.csv")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := factordb.FactorSetDigest(back); err != nil || d != set.Digest {
		t.Fatalf("digest of the set read back from CSV %s (%v), want %s", d, err, set.Digest)
	}
	back[0].Value *= 1.01
	if d, _ := factordb.FactorSetDigest(back); d == set.Digest {
		t.Fatal("an edited factor gives the set's digest")
	}

	r := st.Result
	if u := c.Uncertainty; u == nil || u.Runs != r.Uncertainty.Runs || u.LowKgCO2e != r.Uncertainty.LowKgCO2e || u.HighKgCO2e != r.Uncertainty.HighKgCO2e ||
		u.LowPercentile != 2.5 || u.HighPercentile != 97.5 {
		t.Fatalf("uncertainty %+v, result %+v", c.Uncertainty, r.Uncertainty)
	}
	if co := c.CutOff; co.Items != len(r.Exempted) || co.Basis != r.ExemptedBasis || co.LimitPct != r.CutOffLimitPct {
		t.Fatalf("cut-off %+v", co)
	}
	if none, err := certification.SuppliersDigest(doc, nil); err != nil || c.SuppliersDigest != none || c.SupersedesNumber != "" || len(rec.SupplierList) != 0 {
		t.Fatalf("first issue: supersedes %q, suppliers digest %s (of none: %s), list %+v", c.SupersedesNumber, c.SuppliersDigest, none, rec.SupplierList)
	}
	if got := recompute(t, s, rec); got != c.ResultDigest {
		t.Fatalf("recomputed result digest %s, signed %s", got, c.ResultDigest)
	}

	next := s.MustSupersede(t, rec).Certificate()
	if next.Supersedes != c.ID || next.SupersedesNumber != c.Number {
		t.Fatalf("successor supersedes %s %q, want %s %q", next.Supersedes, next.SupersedesNumber, c.ID, c.Number)
	}
}

// Ensure a certificate issued on a supplier certificate signs it: its
// record keeps the supplier list (the reference as the study gives it, the
// supplier certificate's ID and number, and the footprint it gave), the
// signed suppliers digest commits to that list salted with the stored
// study, and recomputing with that footprint gives the signed result
// digest (issue 9 item 7).
func TestCertificationService_IssueCertificate_SignsSuppliers(t *testing.T) {
	s := MustOpenWithOrgs(t)
	sup := s.MustIssue(t, demoSerial).Certificate()
	for _, ref := range []string{sup.Number, sup.ID.String()} {
		rec := s.MustIssueBuyer(t, "GEC-BUYER-"+ref[len(ref)-6:], ref)
		buyer := rec.Certificate()
		if len(rec.SupplierList) != 1 {
			t.Fatalf("suppliers %+v", rec.SupplierList)
		}
		got := rec.SupplierList[0]
		if got.Ref != ref || got.ID != sup.ID || got.Number != sup.Number || got.KgCO2e != sup.KgCO2e/sup.DeclaredUnit.Amount ||
			got.Unit != sup.DeclaredUnit.Unit || !got.IssuedAt.Equal(sup.IssuedAt) || !got.ValidUntil.Equal(sup.ExpiresAt) || got.FactorSet != sup.FactorSet {
			t.Fatalf("supplier %+v of certificate %s", got, sup.Number)
		}
		d, err := certification.SuppliersDigest(factordb.StoredStudyDocument(s.db, buyer.StudyID), rec.SupplierList)
		if err != nil || d != buyer.SuppliersDigest {
			t.Fatalf("suppliers digest %s, signed %s (%v)", d, buyer.SuppliersDigest, err)
		}
		if bytes.Contains(rec.Signed.Content, []byte(sup.Number)) || bytes.Contains(rec.Signed.Content, []byte(sup.ID.String())) {
			t.Fatal("the signed (public) content names the supplier certificate")
		}
		if d := recompute(t, s, rec); d != buyer.ResultDigest {
			t.Fatalf("recomputed with the signed supplier footprint: %s, signed %s", d, buyer.ResultDigest)
		}
	}
}

// Ensure a certificate on a study whose set is not published cannot be
// issued (a draft has no digest to sign).
func TestCertificationService_IssueCertificate_ErrDraftSet(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	app := s.MustApply(t, demoSerial)
	set, err := s.factors.FindFactorSetByVersion(ctx, "2026.1")
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.UnpublishFactorSet(s.db, set.Version); err != nil {
		t.Fatal(err)
	}
	_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "factor_set" || !strings.Contains(footprint.ErrorMessage(err), "not published") {
		t.Fatalf("err=%v, want EINVALID on factor_set", err)
	}
}

// Ensure a database written before format 2 keeps working: its format-1
// certificate reads, verifies with the keys the database holds, still
// serves as a supplier footprint, and a successor issued on it is format 2
// and names it by number. testdata/format1.db.gz was written by pcf serve
// at commit 80a782c (the demo PV module certified once, CDPCF-2026-000001).
func TestCertificationService_Format1Database(t *testing.T) {
	ctx := context.Background()
	db := MustOpenTestdataDB(t, "format1.db.gz")
	now := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { now = now.Add(time.Second); return now }
	fs := factordb.NewFactorService(db)
	certs := factordb.NewCertificationService(db)
	keys := factordb.NewKeyService(db)
	// What pcf serve does at start: the seed set written before factor
	// roles, modes and treatments gets them (seed.Load). Without them
	// today's engine refuses the stored study (its transport factor has
	// no mode), and issue recalculates the study by today's rules.
	mustLoadSeed(t, fs)

	id := uuid.MustParse("2a925707-d23b-4608-9ca9-3f291b229a84")
	rec, err := certs.FindCertificateByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	old := rec.Certificate()
	if old.Format != 0 || old.Number != "CDPCF-2026-000001" || !bytes.Contains(rec.Signed.Content, []byte(`"format":"pcf-certificate/1"`)) {
		t.Fatalf("format %d, number %s", old.Format, old.Number)
	}
	pub, err := keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := certification.VerifyCertificate(rec.Signed, pub); err != nil {
		t.Fatalf("format-1 certificate from the database: %v", err)
	}
	if m, err := certs.FindSupplierFootprints(ctx, []string{old.Number}); err != nil || m[old.Number].KgCO2e != old.KgCO2e {
		t.Fatalf("as a supplier footprint: %v %+v", err, m)
	}

	app := &certification.Application{StudyID: old.StudyID, Manufacturer: rec.Manufacturer, Certifier: rec.Certifier, Supersedes: old.ID}
	if err := certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	nrec, err := certs.IssueCertificate(ctx, app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	next := nrec.Certificate()
	if next.Format != 3 || next.SupersedesNumber != old.Number || next.Supersedes != old.ID || next.Revision != 2 {
		t.Fatalf("successor format %d, supersedes %s %q, revision %d", next.Format, next.Supersedes, next.SupersedesNumber, next.Revision)
	}
	if err := certification.VerifyCertificate(nrec.Signed, pub); err != nil {
		t.Fatal(err)
	}
	// The format-1 certificate and the format-2 successor sign the same
	// result: the study did not change.
	if next.ResultDigest != old.ResultDigest {
		t.Fatalf("result digest %s, was %s", next.ResultDigest, old.ResultDigest)
	}
	set, err := fs.FindFactorSetByVersion(ctx, next.FactorSet)
	if err != nil || next.FactorSetDigest != set.Digest {
		t.Fatalf("factor-set digest %s, set %+v (%v)", next.FactorSetDigest, set, err)
	}
	if again, err := certs.FindCertificateByID(ctx, id); err != nil || !bytes.Equal(again.Signed.Content, rec.Signed.Content) || again.Status != certification.CertificateSuperseded {
		t.Fatalf("the old certificate after its successor: %v %s", err, again.Status)
	}
}

// Ensure a certificate issued on a study that uses a supplier's PACT
// footprint ("pact:<id>", issue 11 "In") records it in the supplier list
// its suppliers digest commits to: the footprint's id, spec version,
// version, supplier, product, unit and figure, as the stored document gave
// them to the calculation; it is not a downstream supplier certificate.
func TestCertificationService_IssueCertificate_SignsPACTSupplier(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	// A PACT 2 footprint of a junction box, 4.2 kgCO2e per kilogram
	// (test data for a fictitious supplier), in its version 3.
	doc := []byte(`{"id":"` + id + `","specVersion":"2.3.0","version":3,"created":"2025-01-15T00:00:00Z","status":"Active",
 "companyName":"Supplier AG","productNameCompany":"JB-1 junction box",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"4.2",
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
	// Stored by the study's owner: a footprint is its storer's only.
	maker := footprint.NewContextWithPrincipal(ctx, &footprint.Principal{Org: orgMaker2, Role: footprint.RoleManufacturer})
	if _, _, err := s.certs.SaveSupplierFootprint(maker, doc, ""); err != nil {
		t.Fatal(err)
	}
	st := demoStudy(t, orgMaker2, "GEC-PACT-1")
	st.BOM = append(st.BOM, &footprint.BOMLine{Name: "junction box", Quantity: 0.2, Unit: mustUnit(t, "kg"), Stage: "A1", Supplier: "pact:" + id})
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	app, err := s.apply(ctx, orgMaker2, st.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Certificate()
	if c.Format != 3 || len(rec.SupplierList) != 1 || len(rec.Suppliers) != 0 {
		t.Fatalf("format %d, supplier list %+v, downstream suppliers %v", c.Format, rec.SupplierList, rec.Suppliers)
	}
	got := rec.SupplierList[0]
	if !got.IsPACT() || got.Ref != "pact:"+id || got.ID.String() != id || got.SpecVersion != "2.3.0" || got.Version != 3 ||
		got.Supplier != "Supplier AG" || got.Product != "JB-1 junction box" || got.Unit != "kg" || got.KgCO2e != 4.2 {
		t.Fatalf("PACT supplier %+v", got)
	}
	d, err := certification.SuppliersDigest(factordb.StoredStudyDocument(s.db, c.StudyID), rec.SupplierList)
	if err != nil || d != c.SuppliersDigest {
		t.Fatalf("suppliers digest %s, signed %s (%v)", d, c.SuppliersDigest, err)
	}
	// The same footprint in another version is not what was signed.
	other := slices.Clone(rec.SupplierList)
	other[0].Version = 4
	if d, err := certification.SuppliersDigest(factordb.StoredStudyDocument(s.db, c.StudyID), other); err != nil || d == c.SuppliersDigest {
		t.Fatalf("another version: digest %s (%v), the signed one", d, err)
	}
	if bytes.Contains(rec.Signed.Content, []byte(id)) {
		t.Fatal("the signed (public) content names the supplier's PACT footprint")
	}
}

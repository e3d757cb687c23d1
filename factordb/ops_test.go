package factordb_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/studylist"
)

// Ensure an application stored before applications recorded their product
// is read with its study's product, figure and declared unit, the same an
// application made now records: GET /v1/applications/{id} reads it here.
func TestFindApplicationByID_OlderRecordHasItsProduct(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := s.MustApply(t, "GEC-OLD-1")
	if a.Product == (certification.ApplicationProduct{}) {
		t.Fatal("a new application records no product")
	}
	if err := factordb.PutApplicationWithoutProduct(s.db, a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.certs.FindApplicationByID(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Product != a.Product {
		t.Errorf("older application read with product %+v, want its study's %+v", got.Product, a.Product)
	}
}

// Ensure an application stored before applications recorded their product
// is listed with its study's product too, as FindApplicationByID reads it
// (GET /v1/applications read each such study again, one at a time).
func TestFindApplications_OlderRecordHasItsProduct(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := s.MustApply(t, "GEC-OLD-2")
	if err := factordb.PutApplicationWithoutProduct(s.db, a.ID); err != nil {
		t.Fatal(err)
	}
	list, err := s.certs.FindApplications(context.Background(), certification.ApplicationFilter{StudyID: &a.StudyID})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Product != a.Product {
		t.Fatalf("older application listed as %+v, want one with its study's product %+v", list, a.Product)
	}
}

// Ensure an issue without an authorised signatory is refused, naming
// signatory, in Chinese and English, and writes nothing: the certificate's
// signature block names the signatory (standards.md §7.2, CNCA), and a
// certificate issued without one printed none.
func TestIssueCertificate_NeedsASignatory(t *testing.T) {
	s := MustOpenWithOrgs(t)
	app := s.MustApply(t, "GEC-SIGN-1")
	before := s.auditCount(t)
	for _, signatory := range []string{"", " \t "} {
		req := issueReq
		req.Signatory = signatory
		_, err := s.certs.IssueCertificate(context.Background(), app.ID, req)
		assertInvalid(t, err, "signatory")
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "授权签字人") || !strings.Contains(msg, "signatory is required") {
			t.Errorf("signatory %q: message %q, want it in Chinese and English", signatory, msg)
		}
	}
	if a := mustFindApplication(t, s, app.ID); a.Status != certification.ApplicationPending {
		t.Fatalf("application %s after refused issues", a.Status)
	}
	if n := s.auditCount(t); n != before {
		t.Fatalf("%d audit events after refused issues, want %d", n, before)
	}
	rec, err := s.certs.IssueCertificate(context.Background(), app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Certificate().Certifier.Signatory; got != issueReq.Signatory {
		t.Fatalf("issued with signatory %q, want %q", got, issueReq.Signatory)
	}
}

// Ensure a list of studies reads each study's summary alone, not its
// documents (one read per study, not two): with its documents gone, a
// study is still listed, with its goal and scope, product, headline figure
// and result digest as a single read gave them. A study whose summary was
// stored before it kept them is listed the same, from its documents.
func TestFindStudyRows_FromTheSummary(t *testing.T) {
	s := MustOpenServices(t)
	ctx := context.Background()
	older, listed := s.MustCreateStudy(t, orgMaker, "GEC-LIST-1"), s.MustCreateStudy(t, orgMaker, "GEC-LIST-2")
	want := map[string]studylist.Row{}
	for _, st := range []*footprint.Study{older, listed} {
		read, err := s.studies.FindStudyByID(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := read.Result.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		sum, kg := sha256.Sum256(b), read.Result.KgCO2e
		want[st.ID] = studylist.Row{Study: &footprint.Study{ID: read.ID, Owner: read.Owner, CreatedAt: read.CreatedAt, Title: read.Title,
			Rule: read.Rule, Boundary: read.Boundary, DeclaredUnit: read.DeclaredUnit, ReferencePeriod: read.ReferencePeriod,
			FactorSet: read.FactorSet, Product: read.Product}, KgCO2e: &kg, ResultDigest: hex.EncodeToString(sum[:])}
	}
	if err := factordb.PutStudySummaryWithoutListing(s.db, older.ID); err != nil {
		t.Fatal(err)
	}
	if err := factordb.DropStudyDocuments(s.db, listed.ID); err != nil {
		t.Fatal(err)
	}
	rows, total, err := s.studies.FindStudyRows(ctx, footprint.StudyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(rows) != 2 {
		t.Fatalf("%d rows of %d, want 2", len(rows), total)
	}
	for _, r := range rows {
		w := want[r.Study.ID]
		if r.KgCO2e == nil || *r.KgCO2e != *w.KgCO2e || r.ResultDigest != w.ResultDigest || !reflect.DeepEqual(r.Study, w.Study) {
			t.Errorf("row %+v (kg %v), want %+v (kg %v)", *r.Study, r.KgCO2e, *w.Study, *w.KgCO2e)
		}
	}
}

// Ensure FindStudies reads each study's summary alone: with its documents
// gone, a study is listed with the fields the list shows.
func TestFindStudies_ReadsTheSummaryAlone(t *testing.T) {
	s := MustOpenServices(t)
	ctx := context.Background()
	st := s.MustCreateStudy(t, orgMaker, "GEC-LIST-3")
	read, err := s.studies.FindStudyByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.DropStudyDocuments(s.db, st.ID); err != nil {
		t.Fatal(err)
	}
	studies, total, err := s.studies.FindStudies(ctx, footprint.StudyFilter{})
	if err != nil || total != 1 || len(studies) != 1 {
		t.Fatalf("FindStudies: %d of %d, %v", len(studies), total, err)
	}
	got := studies[0]
	if got.ID != read.ID || got.Title != read.Title || got.Boundary != read.Boundary || got.DeclaredUnit != read.DeclaredUnit ||
		got.ReferencePeriod != read.ReferencePeriod || !reflect.DeepEqual(got.Product, read.Product) {
		t.Errorf("listed %+v, want the fields of %+v", got, read)
	}
}

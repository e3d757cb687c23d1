package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
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

package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// Ensure a holder cannot keep two valid certificates side by side for the
// same product model, made at the same site over the same reference
// period, from two studies. One lineage per study is enforced, but a new
// study of the same model starts a fresh lineage when its application
// names nothing to supersede: a manufacturer can certify the same product
// from several studies with different assumptions and print the lowest
// figure, while the certifier's review lists no lineage at all (the
// running service issued CDPCF-2026-000001 and CDPCF-2026-000004 for
// model DEMO-M10-54 of Demo Module Co., both valid).
func TestRedteam_OneValidCertificatePerModelAndSite(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	first := s.MustIssue(t, demoSerial)
	second := s.MustCreateModelStudy(t, orgMaker, "GEC-RT-2")
	if second.Product.Model != first.Certificate().Product.Model {
		t.Fatalf("model %q, want %q", second.Product.Model, first.Certificate().Product.Model)
	}
	_, err := s.apply(ctx, orgMaker, second.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" ||
		!strings.Contains(footprint.ErrorMessage(err), first.Certificate().Number) {
		t.Fatalf("second study of model %s applied without superseding %s: %v", second.Product.Model, first.Certificate().Number, err)
	}
}

// Ensure a withdrawn certificate's history cannot be shed by certifying
// the same product from a new study. A study whose certificate was
// withdrawn is certified again only by naming it (the successor links to
// it, WithdrawnIsLinked), but a new study of the same model, site and
// period applies naming nothing and gets a fresh certificate that does not
// link to the withdrawal, with nothing in the certifier's review.
func TestRedteam_WithdrawnModelNotLaundered(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	old := s.MustIssue(t, demoSerial)
	if _, err := s.certs.SetCertificateStatus(ctx, old.Certificate().ID, certification.CertificateWithdrawn, "data falsified"); err != nil {
		t.Fatal(err)
	}
	next := s.MustCreateModelStudy(t, orgMaker, "GEC-RT-W-2")
	app, err := s.apply(ctx, orgMaker, next.ID, uuid.Nil)
	if err == nil {
		var rec *certification.CertificateRecord
		if rec, err = s.certs.IssueCertificate(ctx, app.ID, issueReq); err == nil && rec.Certificate().Supersedes != old.Certificate().ID {
			t.Fatalf("certificate %s issued for model %s without linking withdrawn %s", rec.Certificate().Number, next.Product.Model, old.Certificate().Number)
		}
	}
	if err != nil && footprint.ErrorField(err) != "supersedes" {
		t.Fatalf("refused, but not naming supersedes: %v", err)
	}
}

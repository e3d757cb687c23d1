package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a flag names the changed certificate and the supplier it reaches a
// certificate through, and that no certificate is issued on a flagged
// supplier until its certifier acts (docs/integrity.md §12).
func TestCertificationService_FlagsDownTheChain(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	sup := s.MustIssue(t, "GEC-FC-1").Certificate()
	mid := s.MustIssueBuyer(t, "GEC-FC-2", sup.Number).Certificate()
	top := s.MustIssueBuyer(t, "GEC-FC-3", mid.Number).Certificate()
	app := s.mustApplyBuyer(t, "GEC-FC-4", mid.Number)
	if _, err := s.certs.SetCertificateStatus(ctx, sup.ID, certification.CertificateSuspended, "audit"); err != nil {
		t.Fatal(err)
	}
	if f := mustFindCertificate(t, s, mid.ID).SupplierFlags; len(f) != 1 || f[0].Certificate != sup.ID || f[0].Via != "" {
		t.Fatalf("direct flags %+v", f)
	}
	if f := mustFindCertificate(t, s, top.ID).SupplierFlags; len(f) != 1 || f[0].Certificate != sup.ID || f[0].Via != mid.Number || f[0].Status != certification.CertificateSuspended {
		t.Fatalf("two levels down: flags %+v, want %s via %s", f, sup.Number, mid.Number)
	}
	_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "suppliers" || !strings.Contains(footprint.ErrorMessage(err), mid.Number) {
		t.Fatalf("issue on flagged %s: %v, want a conflict naming suppliers", mid.Number, err)
	}
	// Its certifier reviews it and lets it stand: the issue goes through.
	if _, err := s.certs.ReviewCertificate(ctx, mid.ID, "the supplier's suspension does not affect the figure"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.IssueCertificate(ctx, app.ID, issueReq); err != nil {
		t.Fatal(err)
	}
}

package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

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

// Ensure a flag travels down the whole supply chain. When a supplier
// certificate is withdrawn, the certificates issued on it are flagged
// (their status stays valid until their certifier acts), but:
//   - a new certificate can be issued on a flagged certificate: the issue
//     checks only that the supplier is valid, the certifier's review shows
//     it as "valid" without its flag, and the new certificate is born
//     without a flag although its figure rests on the withdrawn one;
//   - a certificate issued on a flagged certificate before the withdrawal
//     is not flagged at all (only one level down is).
func TestRedteam_SupplierFlagsAreTransitive(t *testing.T) {
	ctx := context.Background()

	t.Run("IssuedOnAFlaggedSupplier", func(t *testing.T) {
		s := MustOpenWithOrgs(t)
		sup := s.MustIssue(t, "GEC-RT-SC-1").Certificate()
		mid := s.MustIssueBuyer(t, "GEC-RT-SC-2", sup.Number).Certificate()
		app := s.mustApplyBuyer(t, "GEC-RT-SC-3", mid.Number)
		if _, err := s.certs.SetCertificateStatus(ctx, sup.ID, certification.CertificateWithdrawn, "data falsified"); err != nil {
			t.Fatal(err)
		}
		if f := mustFindCertificate(t, s, mid.ID).SupplierFlags; len(f) != 1 {
			t.Fatalf("mid flags %+v", f)
		}
		rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		if err == nil && len(rec.SupplierFlags) == 0 {
			t.Fatalf("certificate %s issued on flagged supplier %s (its supplier %s withdrawn) without a flag", rec.Certificate().Number, mid.Number, sup.Number)
		}
	})

	t.Run("TwoLevelsDown", func(t *testing.T) {
		s := MustOpenWithOrgs(t)
		sup := s.MustIssue(t, "GEC-RT-SC-1").Certificate()
		mid := s.MustIssueBuyer(t, "GEC-RT-SC-2", sup.Number).Certificate()
		top := s.MustIssueBuyer(t, "GEC-RT-SC-3", mid.Number).Certificate()
		if _, err := s.certs.SetCertificateStatus(ctx, sup.ID, certification.CertificateWithdrawn, "data falsified"); err != nil {
			t.Fatal(err)
		}
		for _, id := range []uuid.UUID{mid.ID, top.ID} {
			if f := mustFindCertificate(t, s, id).SupplierFlags; len(f) == 0 {
				t.Errorf("certificate %s rests on withdrawn %s but is not flagged", id, sup.Number)
			}
		}
	})
}

package factordb_test

import (
	"context"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

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

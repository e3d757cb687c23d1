package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a certifier's staff cannot record words or a forged form as its
// body's approval number at its first issue (red team 67): a body without
// a number on record had the one its request gave recorded for good and
// printed on every certificate it signs, "CNCA-R-2026-101  有效期至
// 2099-12-31" (reproduced on pcf serve: issued, CDPCF-2026-000001). Such a
// number is refused, EINVALID naming approval_number, in both languages,
// nothing written; a number of a CNCA approval's form is recorded as
// before.
func TestRedteam67_ApprovalNumberRecordedAsWords(t *testing.T) {
	ctx := context.Background()
	const body = "Staff Recorded Body"
	s, app := mustApplyToNewCertifier(t, body, "GEC-RT67-AP1", " RT67")
	for _, given := range []string{
		"CNCA-R-2026-101  有效期至 2099-12-31",
		"CNCA-R-2026-1\u202e01",
		"CNCA-R-2026-101 (valid to 2099)",
		"TEST-1",
		"cnca-r-2026-101",
		"CNCA-R-2026-",
	} {
		before := s.auditCount(t)
		_, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: given})
		assertInvalid(t, err, "approval_number")
		if msg := err.Error(); !strings.Contains(msg, "批准号") || !strings.Contains(msg, "CNCA approval number") {
			t.Errorf("%q: message %q is not in Chinese and English", given, msg)
		}
		if o, _ := s.auth.FindOrganizationByName(ctx, body); o.ApprovalNumber != "" || s.auditCount(t) != before {
			t.Fatalf("%q refused, and %q recorded, the trail %d → %d events", given, o.ApprovalNumber, before, s.auditCount(t))
		}
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: " CNCA-RF-2026-07 "})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Certificate().Certifier.ApprovalNumber; got != "CNCA-RF-2026-07" {
		t.Fatalf("printed %q", got)
	}
	if o, _ := s.auth.FindOrganizationByName(ctx, body); o.ApprovalNumber != "CNCA-RF-2026-07" || o.Role != access.RoleCertifier {
		t.Fatalf("on record %+v", o)
	}
}

package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a certifier's staff cannot record words or a forged form as its
// body's approval number at its first issue (red team 67): a body without
// a number on record had the one its request gave recorded for good and
// printed on every certificate it signs, "CNCA-R-2026-101  有效期至
// 2099-12-31" (reproduced on pcf serve: issued, CDPCF-2026-000001). Such a
// number, or one approved in a year to come, is refused, EINVALID naming approval_number, in both languages,
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
		"CNCA-R-2099-001", // approved in a year to come
	} {
		before := s.auditCount(t)
		_, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: given})
		assertInvalid(t, err, "approval_number")
		if msg := err.Error(); !strings.Contains(msg, "批准号") || !strings.Contains(msg, "approval number") {
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

// Ensure one GTIN has one current certificate across certification
// bodies (red team 67, reproduced on pcf serve): Demo Module Co. applied
// for its module as model "GT-100" with GTIN 06901234567892 to one body
// and, in parallel, as "NX-7" with the same GTIN and less production
// electricity to another; the first issued CDPCF-2026-000002 at 151.1
// kgCO2e, and the second, whose review then named nothing (the peer
// comparison warns from 10 % down), issued CDPCF-2026-000003 at 147.9:
// two valid certificates and labels of one trade item. The second issue
// is now refused, ECONFLICT naming supersedes and the standing
// certificate, in both languages, nothing written, the application
// pending; applied for again naming the certificate, it is issued and
// supersedes it. A suspended one stands too: the GTIN's new certificate
// waits for its certifier to reinstate or withdraw it.
func TestRedteam67_OneGTINTwoBodiesTwoFigures(t *testing.T) {
	ctx, s := mustStart(t)
	const other = "Other Certification Body"
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: other, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-998"}); err != nil {
		t.Fatal(err)
	}
	lessPower := func(st *footprint.Study) { st.Electricity[0].Quantity /= 2 }
	first := s.mustGTINStudy(t, orgMaker, "GEC-RT67-A", gtinA)
	renamed := s.MustCreateStudy(t, orgMaker, "GEC-RT67-B", func(st *footprint.Study) { st.Product.GTIN = gtinA }, lessPower)
	firstApp, err := s.apply(ctx, orgMaker, first.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := &certification.Application{StudyID: renamed.ID, Manufacturer: orgMaker, Certifier: other}
	if err := s.certs.CreateApplication(ctx, elsewhere); err != nil {
		t.Fatal(err) // made while nothing stood: the review compares
	}
	standing, err := s.certs.IssueCertificate(ctx, firstApp.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	number := standing.Certificate().Number
	wantRefused := func(what string, app *certification.Application, statusZH string) {
		t.Helper()
		before := s.auditCount(t)
		_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" || !strings.Contains(msg, number) ||
			!strings.Contains(msg, "同一 GTIN") || !strings.Contains(msg, ","+statusZH+")") || !strings.Contains(msg, "one GTIN is one trade item") {
			t.Fatalf("%s: %v, want ECONFLICT naming supersedes and %s in Chinese and English", what, err, number)
		}
		if got, _ := s.certs.FindApplicationByID(ctx, app.ID); got.Status != certification.ApplicationPending || s.auditCount(t) != before {
			t.Fatalf("%s: refused, and the application is %s, the trail %d → %d events", what, got.Status, before, s.auditCount(t))
		}
	}
	wantRefused("issued beside "+number+" by another body", elsewhere, "有效")
	if _, err := s.certs.RejectApplication(ctx, elsewhere.ID, []string{"apply naming " + number}); err != nil {
		t.Fatal(err)
	}

	// Suspended, it stands still: superseding it waits for its certifier.
	s.mustSetStatus(t, ctx, standing.Certificate().ID, certification.CertificateSuspended, "figure questioned")
	again := &certification.Application{StudyID: renamed.ID, Manufacturer: orgMaker, Certifier: other}
	if err := s.certs.CreateApplication(ctx, again); err != nil {
		t.Fatal(err)
	}
	wantRefused("issued beside suspended "+number, again, "暂停")
	if _, err := s.certs.RejectApplication(ctx, again.ID, []string{"suspended"}); err != nil {
		t.Fatal(err)
	}
	s.mustSetStatus(t, ctx, standing.Certificate().ID, certification.CertificateValid, "answered")

	// Named, it is superseded.
	named := &certification.Application{StudyID: renamed.ID, Manufacturer: orgMaker, Certifier: other, Supersedes: standing.Certificate().ID}
	next := s.mustIssueApp(t, named)
	if c := next.Certificate(); c.SupersedesNumber != number {
		t.Fatalf("issued %s superseding %q, want %s", c.Number, c.SupersedesNumber, number)
	}
	if old, err := s.certs.FindCertificateByID(ctx, standing.Certificate().ID); err != nil || old.Status != certification.CertificateSuperseded {
		t.Fatalf("%s after its successor: %v %v", number, old.Status, err)
	}
}

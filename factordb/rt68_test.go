package factordb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a certificate of data certified already keeps the expiry of
// their certificate (red team 68): the demo study certified, then applied
// for again superseding its own certificate and issued a year and a half
// on, was valid two years from that issue, the same data certified for
// three and a half years on one assessment (red team 67 warned of it in
// the review only); so was a copy of the study (another study ID, the same
// data and reference period) superseding it. Now the reissue and the copy
// keep the expiry; once it passed, the same data are refused (ECONFLICT
// naming study_id, both languages, nothing written), also when the study
// supersedes another study's certificate of the lineage in between; a
// study of a later reference period counts its validity from its issue.
func TestRedteam68_SameStudyReissueKeepsExpiry(t *testing.T) {
	ctx, s := mustStart(t)
	study := s.MustCreateStudy(t, orgMaker, "GEC-RT68-R").ID
	first := s.mustIssueStudy(t, study, orgMaker).Certificate()
	sameModel := func(st *footprint.Study) { st.Product.Model = first.Product.Model }
	s.db.Now = steppingClock(fixedNow.AddDate(1, 6, 0))
	again := s.MustSupersede(t, mustRecord(t, s, first.ID)).Certificate()
	if !again.ExpiresAt.Equal(first.ExpiresAt) || again.Revision != 2 {
		t.Fatalf("the same study reissued %s: revision %d, expires %s, want %s's %s", again.IssuedAt, again.Revision, again.ExpiresAt, first.Number, first.ExpiresAt)
	}
	copied := s.mustIssueApp(t, &certification.Application{StudyID: s.MustCreateStudy(t, orgMaker, "GEC-RT68-C", sameModel).ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: again.ID}).Certificate()
	if !copied.ExpiresAt.Equal(first.ExpiresAt) || copied.PeriodEnd != first.PeriodEnd {
		t.Fatalf("a copy of the study (period to %s) reissued %s: expires %s, want %s's %s", copied.PeriodEnd, copied.IssuedAt, copied.ExpiresAt, first.Number, first.ExpiresAt)
	}

	// Past its expiry, the same data are not certified again.
	s.db.Now = steppingClock(first.ExpiresAt.Add(time.Hour))
	wantExpired := func(what, study string, supersedes uuid.UUID) {
		t.Helper()
		app, err := s.apply(ctx, orgMaker, study, supersedes)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		before := s.auditCount(t)
		_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "study_id" || !strings.Contains(msg, "续证须提交") || !strings.Contains(msg, "never lengthens it") {
			t.Fatalf("%s: %v, want ECONFLICT naming study_id in Chinese and English", what, err)
		}
		if got, _ := s.certs.FindApplicationByID(ctx, app.ID); got.Status != certification.ApplicationPending || s.auditCount(t) != before {
			t.Fatalf("%s: refused, and the application is %s, the trail %d → %d events", what, got.Status, before, s.auditCount(t))
		}
		if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"expired"}); err != nil {
			t.Fatal(err)
		}
	}
	wantExpired("the same study past its expiry", study, copied.ID)
	wantExpired("another copy past its expiry", s.MustCreateStudy(t, orgMaker, "GEC-RT68-D", sameModel).ID, copied.ID)

	// A study of a later period: two years from its issue.
	recent := func(st *footprint.Study) {
		st.ReferencePeriod = footprint.Period{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
		st.Electricity[0].Instruments = nil // of 2025
	}
	renewal := s.MustCreateStudy(t, orgMaker, "GEC-RT68-S", sameModel, recent).ID
	next := s.mustIssueApp(t, &certification.Application{StudyID: renewal, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: copied.ID}).Certificate()
	if want := certification.CertificateExpiry(next.IssuedAt, 0); !next.ExpiresAt.Equal(want) {
		t.Fatalf("a study of a later period: its certificate expires %s, want %s", next.ExpiresAt, want)
	}
	// The first study again, superseding the renewal's certificate.
	wantExpired("the same study after another's certificate", study, next.ID)
}

// refusedOrg is an organisation CreateOrganization refuses, EINVALID
// naming field.
type refusedOrg struct {
	org   access.Organization
	field string
}

// wantOrgRefused fails unless CreateOrganization refuses each org, EINVALID
// naming its field, with no audit event written.
func (s *services) wantOrgRefused(t *testing.T, orgs ...refusedOrg) {
	t.Helper()
	for _, tt := range orgs {
		before := s.auditCount(t)
		err := s.auth.CreateOrganization(context.Background(), &tt.org)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%q signatories %q scope %q: %v, want EINVALID naming %s", tt.org.Role, tt.org.Signatories, tt.org.Scope, err, tt.field)
		}
		if s.auditCount(t) != before {
			t.Errorf("%q %q refused, and the trail %d → %d events", tt.org.Signatories, tt.org.Scope, before, s.auditCount(t))
		}
	}
}

// mustRecord reads certificate id's record.
func mustRecord(tb testing.TB, s *services, id uuid.UUID) *certification.CertificateRecord {
	tb.Helper()
	rec, err := s.certs.FindCertificateByID(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

// Ensure the operator cannot register a certification body under an
// approval number that is not of a CNCA approval number's form (red team
// 68): POST /v1/admin/organizations took any text, "CNCA-R-2026-101
// 有效期至 2099-12-31" or "TEST-1", printed under the body's name on every
// certificate it signs, though its staff's first issue is refused such a
// number (checkApprovalForm, red team 67). Refused now, EINVALID naming
// approval_number, in both languages, nothing written; a manufacturer
// prints no approval number and is not checked.
func TestRedteam68_ApprovalNumberAtCreation(t *testing.T) {
	ctx, s := mustStart(t)
	for i, given := range []string{"CNCA-R-2026-101  有效期至 2099-12-31", "CNCA-R-2026-101 (valid to 2099)", "TEST-1", "cnca-r-2026-101", "CNCA-R-2099-001"} {
		before := s.auditCount(t)
		o := access.Organization{Name: "Registered Body " + string(rune('A'+i)), Role: access.RoleCertifier, ApprovalNumber: given}
		err := s.auth.CreateOrganization(ctx, &o)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "approval_number" ||
			!strings.Contains(footprint.ErrorMessage(err), "批准号") || !strings.Contains(footprint.ErrorMessage(err), "approval number") {
			t.Errorf("%q: %v, want EINVALID naming approval_number in Chinese and English", given, err)
		}
		if _, err := s.auth.FindOrganizationByName(ctx, o.Name); footprint.ErrorCode(err) != footprint.ENOTFOUND || s.auditCount(t) != before {
			t.Errorf("%q refused, and the organisation read %v, the trail %d → %d events", given, err, before, s.auditCount(t))
		}
	}
	o := access.Organization{Name: "Registered Body", Role: access.RoleCertifier, ApprovalNumber: "CNCA-RF-2026-07"}
	if err := s.auth.CreateOrganization(ctx, &o); err != nil {
		t.Fatal(err)
	}
}

// Ensure a certification body's staff sign only under an authorised
// signatory the operator registered for the body (red team 68): any name
// checkSignatory lets through ("Li Si", a colleague's, anyone's) was
// signed and printed in the certificate's signature block. A body
// registered with signatories has an issue naming another refused,
// EINVALID naming signatory, in both languages, nothing written, the
// application pending; one of them is signed. The register itself is
// checked at creation: a certifier's only, names a certificate prints,
// each once.
func TestRedteam68_SignatoryNotOnRecord(t *testing.T) {
	ctx := context.Background()
	const body = "Signatory Register Body"
	s := MustOpenServices(t)
	s.MustCreateOrgs(t, access.Organization{Name: body, NameZH: "签字人登记机构", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-555", Signatories: []string{"Wang Li", "张三"}})
	app := &certification.Application{Manufacturer: orgMaker, Certifier: body, StudyID: s.MustCreateStudy(t, orgMaker, "GEC-RT68-SIG").ID}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Li Si", "wang li", "Wang-Li", issueReq.Signatory} {
		before := s.auditCount(t)
		_, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: name})
		assertInvalid(t, err, "signatory")
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "不是 签字人登记机构 登记的授权签字人") || !strings.Contains(msg, "not an authorised signatory on record for "+body) {
			t.Errorf("%q: message %q, want it in Chinese and English", name, msg)
		}
		if got, _ := s.certs.FindApplicationByID(ctx, app.ID); got.Status != certification.ApplicationPending || s.auditCount(t) != before {
			t.Fatalf("%q refused, and the application is %s, the trail %d → %d events", name, got.Status, before, s.auditCount(t))
		}
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: " 张三 "})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Certificate().Certifier.Signatory; got != "张三" {
		t.Fatalf("signed by %q", got)
	}

	s.wantOrgRefused(t, []refusedOrg{
		{access.Organization{Name: "A Maker", Role: access.RoleManufacturer, Signatories: []string{"Wang Li"}}, "signatories"},
		{access.Organization{Name: "A Body", Role: access.RoleCertifier, Signatories: []string{"Wang Li", "Wang Li"}}, "signatories[1]"},
		{access.Organization{Name: "A Body", Role: access.RoleCertifier, Signatories: []string{"Wang Li", ""}}, "signatories[1]"},
		{access.Organization{Name: "A Body", Role: access.RoleCertifier, Signatories: []string{"Wang Li", "Li Si  有效期至 2099-12-31"}}, "signatories[1]"},
		{access.Organization{Name: "A Body", Role: access.RoleCertifier, Signatories: []string{"Wang\u202eLi"}}, "signatories[0]"},
		{access.Organization{Name: "A Body", Role: access.RoleCertifier, Signatories: make([]string, access.MaxSignatories+1)}, "signatories"},
	}...)
}

// Ensure a certification body certifies within its approval scope, the
// rules the operator registered it for (red team 68): a body approved for
// one product category applied for and issued another's alike. An
// application to a body whose scope does not cover the study's rule is
// refused, ECONFLICT naming certifier, in both languages, nothing written;
// so is the issue of one made before the scope was on record. The scope
// names rules, each once, a certifier's only.
func TestRedteam68_ApprovalScope(t *testing.T) {
	ctx := context.Background()
	const body = "Display Only Body"
	s := MustOpenServices(t)
	displays := access.Organization{Name: body, NameZH: "显示器认证机构", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-556", Scope: []string{"display", "electronics"}}
	s.MustCreateOrgs(t, displays)
	wantOutOfScope := func(what, nameZH string, err error) {
		t.Helper()
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "certifier" || !strings.Contains(msg, "认证机构 "+nameZH+" 的批准范围") || !strings.Contains(msg, `does not cover rule "pv-module"`) {
			t.Fatalf("%s: %v, want ECONFLICT naming certifier in Chinese and English", what, err)
		}
	}
	app := &certification.Application{Manufacturer: orgMaker, Certifier: body, StudyID: s.MustCreateStudy(t, orgMaker, "GEC-RT68-SD").ID}
	before := s.auditCount(t)
	wantOutOfScope("applied to "+body, displays.NameZH, s.certs.CreateApplication(ctx, app))
	if s.auditCount(t) != before {
		t.Fatalf("refused, and the trail %d → %d events", before, s.auditCount(t))
	}

	// An application made before the scope was on record.
	const later = "Scoped Later Body"
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: later, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-557"}); err != nil {
		t.Fatal(err)
	}
	early := &certification.Application{Manufacturer: orgMaker, Certifier: later, StudyID: app.StudyID}
	if err := s.certs.CreateApplication(ctx, early); err != nil {
		t.Fatal(err)
	}
	// The operator records its scope since (organization.register).
	if _, err := s.auth.SetOrganizationRegister(ctx, later, nil, []string{"electronics"}); err != nil {
		t.Fatal(err)
	}
	before = s.auditCount(t)
	_, err := s.certs.IssueCertificate(ctx, early.ID, issueReq)
	wantOutOfScope("issued by "+later, later, err)
	if got, _ := s.certs.FindApplicationByID(ctx, early.ID); got.Status != certification.ApplicationPending || s.auditCount(t) != before {
		t.Fatalf("refused, and the application is %s, the trail %d → %d events", got.Status, before, s.auditCount(t))
	}

	// Within its scope, a body certifies.
	const pv = "PV Body"
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: pv, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-558", Scope: []string{"pv-module"}}); err != nil {
		t.Fatal(err)
	}
	s.mustIssueApp(t, &certification.Application{Manufacturer: orgMaker, Certifier: pv, StudyID: s.MustCreateStudy(t, orgMaker, "GEC-RT68-SE").ID})

	s.wantOrgRefused(t, []refusedOrg{
		{access.Organization{Name: "A Maker", Role: access.RoleManufacturer, Scope: []string{"pv-module"}}, "scope"},
		{access.Organization{Name: "A Body", Role: access.RoleCertifier, Scope: []string{"pv-module", "laptops"}}, "scope[1]"},
		{access.Organization{Name: "A Body", Role: access.RoleCertifier, Scope: []string{"pv-module", "pv-module"}}, "scope[1]"},
		{access.Organization{Name: "A Body", Role: access.RoleCertifier, Scope: []string{""}}, "scope[0]"},
	}...)
}

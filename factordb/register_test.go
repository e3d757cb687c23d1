package factordb_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a certification body's register is changed after its creation
// (red team 68's "changing a register"): SetOrganizationRegister checks
// the new lists as at creation (the store's own checks too: a signatory a
// certificate could not print, a scope entry of no rule), naming the
// entry, nothing written; a change is audited as organization.register
// with the new lists, an issue after it is checked against them, and
// Check follows the latest event.
func TestRegister_SetOrganizationRegister(t *testing.T) {
	ctx := context.Background()
	const body = "Register Change Body"
	s := MustOpenServices(t)
	s.MustCreateOrgs(t, access.Organization{Name: body, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-565", Signatories: []string{"Wang Li"}, Scope: []string{"pv-module"}})
	for _, tt := range []struct {
		name               string
		signatories, scope []string
		code, field        string
	}{
		{body, []string{"Li Si", "Li Si 2"}, nil, footprint.EINVALID, "signatories[1]"},
		{body, []string{"Li Si", "Wang\u202eLi"}, nil, footprint.EINVALID, "signatories[1]"},
		{body, []string{"Li Si"}, []string{"pv-module", "laptops"}, footprint.EINVALID, "scope[1]"},
		{body, []string{"Li Si"}, []string{"pv-module", "pv-module"}, footprint.EINVALID, "scope[1]"},
		{orgMaker, nil, nil, footprint.ECONFLICT, "org"},
	} {
		before := s.auditCount(t)
		_, err := s.auth.SetOrganizationRegister(ctx, tt.name, tt.signatories, tt.scope)
		if footprint.ErrorCode(err) != tt.code || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s %q %q: %v, want %s naming %s", tt.name, tt.signatories, tt.scope, err, tt.code, tt.field)
		}
		if s.auditCount(t) != before {
			t.Fatalf("refused, and the trail %d → %d events", before, s.auditCount(t))
		}
	}
	if _, err := s.auth.SetOrganizationRegister(ctx, "No Such Body", nil, nil); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Fatalf("an unknown body: %v", err)
	}
	org, err := s.auth.SetOrganizationRegister(ctx, body, []string{"Li Si"}, []string{"pv-module", "electronics"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(org.Signatories, []string{"Li Si"}) || !slices.Equal(org.Scope, []string{"pv-module", "electronics"}) {
		t.Fatalf("changed to %+v", org)
	}
	if got, _ := s.auth.FindOrganizationByName(ctx, body); !slices.Equal(got.Signatories, org.Signatories) || !slices.Equal(got.Scope, org.Scope) {
		t.Fatalf("recorded %+v", got)
	}
	action := access.AuditOrganizationRegister
	events := s.mustAuditEvents(t, access.AuditFilter{Action: &action})
	if len(events) != 1 || events[0].Subject != "organization/"+body || events[0].Detail != `role certifier; signatories ["Li Si"]; scope ["pv-module","electronics"]` {
		t.Fatalf("organization.register events: %+v", events)
	}
	if err := s.db.Check(); err != nil {
		t.Fatalf("Check after a change of the register: %v", err)
	}

	app := &certification.Application{Manufacturer: orgMaker, Certifier: body, StudyID: s.MustCreateStudy(t, orgMaker, "GEC-REG-F").ID}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	s.mustIssueSignedOnlyBy(t, app, "Wang Li", "Li Si")
}

// Ensure the refusal of a scope entry that is no rule's code says each
// half in its own language: it wrapped footprint.FindRule's bilingual
// refusal after its Chinese sentence, so its English half carried
// FindRule's Chinese ("…is not an accounting rule's code: 未知的核算规则
// "nope"…。unknown accounting rule…"). A code holding a "。" of its own
// is quoted whole in each half.
func TestRegister_UnknownScopeCodeInEachLanguage(t *testing.T) {
	ctx, s := t.Context(), MustOpenServices(t)
	const body = "Scope Words Body"
	s.MustCreateOrgs(t, access.Organization{Name: body, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-741", Signatories: []string{"Wang Li"}})
	for _, code := range []string{"nope", "pv。module"} {
		_, err := s.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li"}, []string{"pv-module", code})
		assertInvalid(t, err, "scope[1]")
		msg := footprint.ErrorMessage(err)
		zh, en, ok := strings.Cut(msg, "。"+strconv.Quote(code)+" in the scope is not an accounting rule's code: ")
		if !ok {
			t.Fatalf("%q: message %q, want its English after its Chinese", code, msg)
		}
		if hasHan(en) || !strings.Contains(en, "unknown accounting rule "+strconv.Quote(code)+" (want one of ") || !strings.Contains(en, "pv-module") {
			t.Errorf("%q: English half %q, want FindRule's English only", code, en)
		}
		if strings.Contains(zh, "unknown") || !strings.Contains(zh, "批准范围中的 "+strconv.Quote(code)) || !strings.Contains(zh, "未知的核算规则 "+strconv.Quote(code)) {
			t.Errorf("%q: Chinese half %q, want FindRule's Chinese", code, zh)
		}
		s.wantOrgRefused(t, refusedOrg{access.Organization{Name: "Scope Words New Body", Role: access.RoleCertifier, Scope: []string{code}}, "scope[0]"})
	}
}

// Ensure a signatory entry holding a character that lists or joins
// names, in any of its widths, is refused: "Zhang San; Li Si" was one
// entry, which the certificate's signature block printed as one
// authorised signatory, and which reads as two people there and in the
// register's joined forms. 400 naming the entry, in both languages, at
// a change and at a creation, nothing written; names with a hyphen, an
// apostrophe, a period or a middle dot are taken.
func TestRegister_SeparatorInASignatory(t *testing.T) {
	ctx, s := t.Context(), MustOpenServices(t)
	const body = "Separator Body"
	s.MustCreateOrgs(t, access.Organization{Name: body, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-742", Signatories: []string{"Wang Li"}})
	for _, name := range []string{"Zhang San; Li Si", "张三；李四", "Zhang San﹔Li Si", "Zhang San | Li Si", "Zhang San｜Li Si", "Zhang San & Li Si", "张三＆李四", "Zhang San + Li Si", "Zhang San／Li Si", "张三﹑李四", "Zhang San﹐Li Si"} {
		before := s.auditCount(t)
		_, err := s.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li", name}, nil)
		assertInvalid(t, err, "signatories[1]")
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "含分隔符") || !strings.Contains(msg, "contains the separator") {
			t.Errorf("%q: message %q, want it in Chinese and English", name, msg)
		}
		if s.auditCount(t) != before {
			t.Fatalf("%q refused, and the trail %d → %d events", name, before, s.auditCount(t))
		}
		s.wantOrgRefused(t, refusedOrg{access.Organization{Name: "Separator New Body", Role: access.RoleCertifier, Signatories: []string{name}}, "signatories[0]"})
	}
	taken := []string{"Jean-Luc Picard", "Miles O'Brien", "J. R. Smith", "阿卜杜拉·买买提"}
	if _, err := s.auth.SetOrganizationRegister(ctx, body, taken, nil); err != nil {
		t.Fatalf("%q: %v", taken, err)
	}
	if got, _ := s.auth.FindOrganizationByName(ctx, body); strings.Join(got.Signatories, "\n") != strings.Join(taken, "\n") {
		t.Fatalf("register now %q", got.Signatories)
	}
}

// Ensure an issue by a certification body with no register of
// signatories refuses a signatory holding a character that lists or joins
// names, in any of its widths and small forms, as a register entry is
// refused (TestRegister_SeparatorInASignatory): "Zhang San; Li Si" signed
// as one authorised signatory and read as two in the certificate's
// signature block. 400 naming signatory, in Chinese, then in English,
// nothing written; names with a hyphen, an apostrophe, a period or a
// middle dot are taken.
func TestIssueCertificate_SignatoryWithASeparator(t *testing.T) {
	s := MustOpenWithOrgs(t) // orgCertifier has no register
	app := s.MustApply(t, "GEC-SIGN-SEP")
	before := s.auditCount(t)
	for _, name := range []string{"Zhang San; Li Si", "张三；李四", "Zhang San﹔Li Si", "Zhang San | Li Si", "Zhang San｜Li Si", "Zhang San & Li Si", "张三＆李四", "Zhang San + Li Si", "Zhang San／Li Si", "张三﹑李四", "Zhang San﹐Li Si", "Zhang San, Li Si", "张三、李四", "Zhang San/Li Si"} {
		req := issueReq
		req.Signatory = name
		_, err := s.certs.IssueCertificate(context.Background(), app.ID, req)
		assertInvalid(t, err, "signatory")
		// The name, quoted as given, is in each half.
		msg := strings.ReplaceAll(footprint.ErrorMessage(err), strconv.Quote(name), `""`)
		mustEachHalfInItsLanguage(t, msg, "contains", "separator", "signature block")
	}
	if a := mustFindApplication(t, s, app.ID); a.Status != certification.ApplicationPending {
		t.Fatalf("application %s after refused issues", a.Status)
	}
	if n := s.auditCount(t); n != before {
		t.Fatalf("%d audit events after refused issues, want %d", n, before)
	}
	for i, name := range []string{"Jean-Luc Picard", "Miles O'Brien", "J. R. Smith", "阿卜杜拉·买买提"} {
		app := s.MustApply(t, "GEC-SIGN-OK-"+strconv.Itoa(i))
		req := issueReq
		req.Signatory = name
		rec, err := s.certs.IssueCertificate(context.Background(), app.ID, req)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if got := rec.Certificate().Certifier.Signatory; got != name {
			t.Fatalf("issued with signatory %q, want %q", got, name)
		}
	}
}

// From rt68_test.go (red team 68): the register a certification body is
// created with, its approval number, signatories and scope.

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

// From rt68_register_test.go (red team 68): Check reads a register
// whose names hold brackets.

// Ensure Check reads a body's register from its registration event, and
// from a change of it, as it was written, whatever its names hold: a
// signatory "Li Si]; scope [Wang", which the register took, was read by a
// pattern as the end of the signatories and the start of the scope, and
// Check (and so pcf backup's check of every copy) named the untouched
// register as changed. The register now refuses a name holding a list
// separator (";"), so such a name is recorded as a store from before that
// check holds it (CreateOrganizationAsBefore, SetRegisterAsBefore): Check
// reads it still.
func TestDB_CheckAuditRecords_RegisterWithBracketsInAName(t *testing.T) {
	ctx, s := mustStart(t)
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: "Body A", Role: access.RoleCertifier, Signatories: []string{"Zhang San]"}, Scope: []string{"pv-module"}}); err != nil {
		t.Fatalf("%q: %v", "Zhang San]", err)
	}
	if err := factordb.CreateOrganizationAsBefore(ctx, s.db, &access.Organization{Name: "Body B", Role: access.RoleCertifier, Signatories: []string{"Li Si]; scope [Wang"}, Scope: []string{"pv-module"}}); err != nil {
		t.Fatalf("%q: %v", "Li Si]; scope [Wang", err)
	}
	if err := s.db.Check(); err != nil {
		t.Errorf("Check of an untouched file: %v", err)
	}
	if err := factordb.SetRegisterAsBefore(ctx, s.db, "Body A", []string{"Wang Wu]; scope [Zhao"}, []string{"pv-module"}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Check(); err != nil {
		t.Errorf("Check after a change of the register: %v", err)
	}
}

// Red team 73: a certification body's staff member and a colluding
// operator against the register of authorised signatories and scope.

// Ensure a restore does not bring back a register the operator changed
// after the copy: a signatory who left, removed by the operator after the
// copy was taken, signed again on the restored database under the copy's
// register. Now a body whose register is the copy's issues nothing
// (409 naming signatory, in both languages, nothing written) until the
// operator states the register again, which is audited even when the
// lists are the copy's; then the register stated is checked. A body
// without a register, and one created after the restore, are not held.
func TestRedteam73_RestoreBringsBackAnOldRegister(t *testing.T) {
	ctx, s := t.Context(), MustOpenServices(t)
	mustActiveKey(t, s.keys)
	const body = "RT73 Restore Body"
	s.MustCreateOrgs(t, access.Organization{Name: body, NameZH: "恢复登记机构", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-731",
		Signatories: []string{"Wang Li", "Li Si"}, Scope: []string{"pv-module"}})
	copied := s.mustCopy(t, ctx, "key-RT73").Bytes()
	// After the copy, Li Si leaves the body; the operator removes him.
	if _, err := s.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li"}, []string{"pv-module"}); err != nil {
		t.Fatal(err)
	}

	r := restoreAt(t, copied, fixedNow.Add(30*24*time.Hour))
	app := &certification.Application{Manufacturer: orgMaker, Certifier: body, StudyID: r.MustCreateStudy(t, orgMaker, "GEC-RT73-RESTORE").ID}
	if err := r.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Li Si", "Wang Li"} {
		before := r.auditCount(t)
		rec, err := r.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: name})
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "signatory" {
			if rec != nil {
				t.Fatalf("issued %s signed by %q under the restored copy's register, whose change after the copy is lost", rec.Certificate().Number, rec.Certificate().Certifier.Signatory)
			}
			t.Fatalf("%q: %v, want conflict naming signatory", name, err)
		}
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "恢复登记机构") || !strings.Contains(msg, "restored from a copy") {
			t.Errorf("%q: message %q, want it in Chinese and English", name, msg)
		}
		if got, _ := r.certs.FindApplicationByID(ctx, app.ID); got.Status != certification.ApplicationPending || r.auditCount(t) != before {
			t.Fatalf("%q refused, and the application is %s, the trail %d → %d events", name, got.Status, before, r.auditCount(t))
		}
	}
	// A body without a register is not held.
	r.MustIssue(t, "RT73-NOREGISTER")

	// The operator states the register from the body's CNCA file: the
	// copy's lists are the body's (the test's operator states the new one).
	before := r.auditCount(t)
	if _, err := r.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li"}, []string{"pv-module"}); err != nil {
		t.Fatal(err)
	}
	if r.auditCount(t) != before+1 {
		t.Fatalf("the register stated again: the trail %d → %d events", before, r.auditCount(t))
	}
	r.mustIssueSignedOnlyBy(t, app, "Li Si", "Wang Li")
	if err := r.db.Check(); err != nil {
		t.Fatal(err)
	}

	// Stating the same register again writes nothing now.
	before = r.auditCount(t)
	if _, err := r.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li"}, []string{"pv-module"}); err != nil || r.auditCount(t) != before {
		t.Fatalf("stated a third time: %v, the trail %d → %d events", err, before, r.auditCount(t))
	}
}

// Ensure a body whose register the operator stated again after a restore
// (the copy's lists) is held again by a second restore from a copy taken
// before that statement, as API keys are.
func TestRedteam73_RegisterStatedBeforeASecondRestore(t *testing.T) {
	ctx, s := t.Context(), MustOpenServices(t)
	mustActiveKey(t, s.keys)
	const body = "RT73 Second Restore Body"
	s.MustCreateOrgs(t, access.Organization{Name: body, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-732", Signatories: []string{"Wang Li"}})
	r := restoreAt(t, s.mustCopy(t, ctx, "key-RT73-1").Bytes(), fixedNow.Add(30*24*time.Hour))
	if _, err := r.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li"}, nil); err != nil {
		t.Fatal(err)
	}
	mustActiveKey(t, r.keys)
	app := &certification.Application{Manufacturer: orgMaker, Certifier: body, StudyID: r.MustCreateStudy(t, orgMaker, "GEC-RT73-SECOND").ID}
	if err := r.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	r2 := restoreAt(t, r.mustCopy(t, ctx, "key-RT73-2").Bytes(), fixedNow.Add(60*24*time.Hour))
	_, err := r2.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: "Wang Li"})
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "signatory" {
		t.Fatalf("after the second restore: %v, want conflict naming signatory", err)
	}
}

// Ensure a signatory printed otherwise than the register's entry does not
// match it, nor a scope code written otherwise than a rule's (held: read
// and tried, sound before red team 73): full-width letters, case, a
// Cyrillic look-alike letter, a decomposed accent (NFD), a CJK
// compatibility ideograph printing as the registered 力, an inner run of
// spaces; a scope code in capitals, with a version or a space.
func TestRedteam73_SpellingVariantsOfTheRegister(t *testing.T) {
	ctx, s := t.Context(), MustOpenServices(t)
	const body = "RT73 Spelling Body"
	s.MustCreateOrgs(t, access.Organization{Name: body, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-733",
		Signatories: []string{"Wang Li", "Jos\u00e9 Li", "王力"}, Scope: []string{"pv-module"}})
	app := &certification.Application{Manufacturer: orgMaker, Certifier: body, StudyID: s.MustCreateStudy(t, orgMaker, "GEC-RT73-SPELL").ID}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"\uff37\uff41\uff4e\uff47 \uff2c\uff49", "WANG LI", "W\u0430ng Li", "Jose\u0301 Li", "王\uf98a", "Wang  Li", "王 力"} {
		_, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: name})
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "signatory" {
			t.Errorf("%+q: %v, want invalid naming signatory", name, err)
		}
	}
	for _, code := range []string{"PV-Module", "pv-module@1", "pv-module ", "ｐｖ-module"} {
		if _, err := s.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li"}, []string{code}); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "scope[0]" {
			t.Errorf("scope %+q: %v, want invalid naming scope[0]", code, err)
		}
	}
	// A trailing no-break space is trimmed: the certificate prints the
	// registered name, as registered.
	rec, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: "\u00a0王力\u00a0"})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Certificate().Certifier.Signatory; got != "王力" {
		t.Fatalf("signed by %+q", got)
	}
}

// Ensure a register holds one person per entry: before, a list given as
// one entry ("Zhang San,Li Si", written as --scope is) was registered as
// one signatory, whom an issue printed in the signature block, and one
// name written twice ("WANG LI", full-width, traditional 張三 beside 张三)
// was two entries. Now each is 400 naming the entry, in both languages,
// at a body's creation and at a change of its register, nothing written.
func TestRedteam73_OneSignatoryPerEntry(t *testing.T) {
	ctx, s := t.Context(), MustOpenServices(t)
	const body = "RT73 Entry Body"
	s.MustCreateOrgs(t, access.Organization{Name: body, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-734", Signatories: []string{"Wang Li"}})
	for _, tt := range []struct {
		signatories []string
		field, word string
	}{
		{[]string{"Wang Li", "Zhang San,Li Si"}, "signatories[1]", "separator"},
		{[]string{"Zhang San，Li Si"}, "signatories[0]", "separator"},
		{[]string{"张三、李四"}, "signatories[0]", "separator"},
		{[]string{"Zhang San / Li Si"}, "signatories[0]", "separator"},
		{[]string{"Wang Li", "WANG LI"}, "signatories[1]", "written otherwise"},
		{[]string{"Wang Li", "\uff37\uff41\uff4e\uff47 \uff2c\uff49"}, "signatories[1]", "written otherwise"},
		{[]string{"张三", "Li Si", "張三"}, "signatories[2]", "written otherwise"},
	} {
		before := s.auditCount(t)
		_, err := s.auth.SetOrganizationRegister(ctx, body, tt.signatories, nil)
		assertInvalid(t, err, tt.field)
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, tt.word) || !strings.Contains(msg, "授权签字人") {
			t.Errorf("%q: message %q, want it in Chinese and English", tt.signatories, msg)
		}
		if s.auditCount(t) != before {
			t.Fatalf("%q refused, and the trail %d → %d events", tt.signatories, before, s.auditCount(t))
		}
		s.wantOrgRefused(t, refusedOrg{access.Organization{Name: "RT73 New Body", Role: access.RoleCertifier, Signatories: tt.signatories}, tt.field})
	}
	if got, _ := s.auth.FindOrganizationByName(ctx, body); len(got.Signatories) != 1 || got.Signatories[0] != "Wang Li" {
		t.Fatalf("register now %q", got.Signatories)
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

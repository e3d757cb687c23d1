package factordb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

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

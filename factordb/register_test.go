package factordb_test

import (
	"context"
	"slices"
	"testing"

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
	events, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &action})
	if err != nil {
		t.Fatal(err)
	}
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

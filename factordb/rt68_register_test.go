package factordb_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

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

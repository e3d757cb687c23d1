package factordb_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure Check reads a body's register from its registration event, and
// from a change of it, as it was written, whatever its names hold: a
// signatory "Li Si]; scope [Wang", which the register takes, was read by a
// pattern as the end of the signatories and the start of the scope, and
// Check (and so pcf backup's check of every copy) named the untouched
// register as changed.
func TestDB_CheckAuditRecords_RegisterWithBracketsInAName(t *testing.T) {
	ctx, s := mustStart(t)
	for i, name := range []string{"Zhang San]", "Li Si]; scope [Wang"} {
		org := &access.Organization{Name: []string{"Body A", "Body B"}[i], Role: access.RoleCertifier, Signatories: []string{name}, Scope: []string{"pv-module"}}
		if err := s.auth.CreateOrganization(ctx, org); err != nil {
			t.Fatalf("%q: %v", name, err)
		}
	}
	if err := s.db.Check(); err != nil {
		t.Errorf("Check of an untouched file: %v", err)
	}
	if _, err := s.auth.SetOrganizationRegister(ctx, "Body A", []string{"Wang Wu]; scope [Zhao"}, []string{"pv-module"}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Check(); err != nil {
		t.Errorf("Check after a change of the register: %v", err)
	}
}

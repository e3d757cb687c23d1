package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure "pcf orgs register" replaces a certification body's register of
// signatories and its scope, through a running server and on the file
// alike, audited as organization.register; both lists are required (exit
// 2, nothing changed), an empty value gives none, and a bad entry is exit
// 1 naming it.
func TestOrgs_Register(t *testing.T) {
	const body = "Register Change Centre"
	create := func(db string) []string {
		return []string{"keys", "create", "--db", db, "--org", body, "--role", "certifier", "--approval-number", "CNCA-R-2026-101",
			"--signatory", "Li Ming", "--scope", "pv-module"}
	}
	check := func(t *testing.T, db string, find func() *access.Organization) {
		t.Helper()
		if code, out, errOut := pcf(t, "orgs", "register", "--db", db, "--org", body, "--signatory", "Wang Fang"); code != 2 || !strings.Contains(errOut, "--scope are both required") {
			t.Fatalf("orgs register without --scope: %d %q %q", code, out, errOut)
		}
		if code, out, errOut := pcf(t, "orgs", "register", "--db", db, "--org", body, "--signatory", "Wang Fang", "--signatory", "Wang Fang", "--scope", "pv-module"); code != 1 || !strings.Contains(errOut, "signatories[1]") {
			t.Fatalf("orgs register with a signatory twice: %d %q %q", code, out, errOut)
		}
		if o := find(); !slices.Equal(o.Signatories, []string{"Li Ming"}) || !slices.Equal(o.Scope, []string{"pv-module"}) {
			t.Fatalf("refused, and the register is %+v", o)
		}
		code, out, errOut := pcf(t, "orgs", "register", "--db", db, "--org", body, "--signatory", "Wang Fang", "--signatory", "Li Ming", "--scope", "pv-module, electronics")
		if code != 0 || !strings.Contains(out, "signatories: Wang Fang, Li Ming") || !strings.Contains(out, "scope: pv-module, electronics") {
			t.Fatalf("orgs register: %d %q %q", code, out, errOut)
		}
		if o := find(); !slices.Equal(o.Signatories, []string{"Wang Fang", "Li Ming"}) || !slices.Equal(o.Scope, []string{"pv-module", "electronics"}) {
			t.Fatalf("registered %+v", o)
		}
		if code, out, errOut := pcf(t, "orgs", "register", "--db", db, "--org", body, "--signatory", "Wang Fang", "--scope", ""); code != 0 || !strings.Contains(out, "scope: (无") {
			t.Fatalf("orgs register --scope '': %d %q %q", code, out, errOut)
		}
		if o := find(); !slices.Equal(o.Signatories, []string{"Wang Fang"}) || len(o.Scope) != 0 {
			t.Fatalf("registered %+v", o)
		}
	}
	t.Run("WhileServing", func(t *testing.T) {
		m, base := mustServeForCLI(t)
		db := m.Config.DBPath
		if code, out, errOut := pcf(t, create(db)...); code != 0 {
			t.Fatalf("keys create: %d %q %q", code, out, errOut)
		}
		check(t, db, func() *access.Organization {
			code, b := call(t, "GET", base+"/v1/admin/organizations", adminToken(db), "")
			var resp struct{ Data []*access.Organization }
			if err := json.Unmarshal(b, &resp); code != 200 || err != nil {
				t.Fatalf("organisations: %d %v %s", code, err, b)
			}
			i := slices.IndexFunc(resp.Data, func(o *access.Organization) bool { return o.Name == body })
			if i < 0 {
				t.Fatalf("no organisation %s in %s", body, b)
			}
			return resp.Data[i]
		})
		code, b := call(t, "GET", base+"/v1/audit?action="+access.AuditOrganizationRegister, adminToken(db), "")
		if code != 200 || strings.Count(string(b), `"action":"organization.register"`) != 2 {
			t.Fatalf("organization.register events: %d %s", code, b)
		}
	})
	t.Run("OnTheFile", func(t *testing.T) {
		db := tempPath(t, "pcf.db")
		if code, _, errOut := pcf(t, "factors", "sets", "--db", db); code != 0 { // creates and seeds it
			t.Fatalf("create db: %s", errOut)
		}
		if code, out, errOut := pcf(t, create(db)...); code != 0 {
			t.Fatalf("keys create: %d %q %q", code, out, errOut)
		}
		check(t, db, func() *access.Organization {
			d, err := factordb.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			o, err := factordb.NewAuthService(d).FindOrganizationByName(context.Background(), body)
			if err != nil {
				t.Fatal(err)
			}
			return o
		})
		factordbtest.Open(t, db) // its cleanup checks the file pcf orgs register wrote
	})
}

package api_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// registerReq is the operator's PUT of certification body name's register.
func registerReq(name, body string) request {
	return request{method: "PUT", target: "/v1/admin/organizations/" + url.PathEscape(name) + "/register", as: asAdmin, contentType: "application/json", body: []byte(body)}
}

// registerEvents are the organization.register events of the trail, newest
// first, as the regulator reads them.
func registerEvents(t *testing.T, st *stack) []access.AuditEvent {
	t.Helper()
	return MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?action=" + access.AuditOrganizationRegister, as: asReg}), 200)
}

// Ensure the operator changes a certification body's register after its
// creation (red team 68's "changing a register": signatories and scope
// were recorded at creation only): PUT /v1/admin/organizations/{name}/register
// replaces both lists, checked as at creation (400 naming the entry or the
// missing list, nothing written), audited as organization.register with
// the new lists; a later issue is checked against the new register and a
// later application against the new scope.
func TestRegister_OperatorChangesRegister(t *testing.T) {
	st := newSeededStack(t)
	const body = orgCertifier
	before := st.auditHead(t)
	for _, tt := range []struct{ name, body, field string }{
		{"SignatoryTwice", `{"signatories":["Li Si","Li Si"],"scope":["pv-module"]}`, "signatories[1]"},
		{"SignatoryWithDigit", `{"signatories":["Li Si 2"],"scope":["pv-module"]}`, "signatories[0]"},
		{"ScopeOfNoRule", `{"signatories":["Li Si"],"scope":["laptops"]}`, "scope[0]"},
		{"ScopeMissing", `{"signatories":["Li Si"]}`, "scope"},
		{"SignatoriesMissing", `{"scope":["pv-module"]}`, "signatories"},
		{"UnknownField", `{"signatories":["Li Si"],"scope":[],"role":"admin"}`, "role"},
	} {
		e := MustError(t, st.do(t, registerReq(body, tt.body)), 400, "invalid")
		if e.Error.Field != tt.field {
			t.Errorf("%s: field %q, want %q: %+v", tt.name, e.Error.Field, tt.field, e.Error)
		}
	}
	MustError(t, st.do(t, registerReq("No Such Body", `{"signatories":[],"scope":[]}`)), 404, "not_found")
	if e := MustError(t, st.do(t, registerReq(orgMaker, `{"signatories":[],"scope":[]}`)), 409, "conflict"); e.Error.Field != "org" || !strings.Contains(e.Error.Message, "不是认证机构") || !strings.Contains(e.Error.Message, "not a certification body") {
		t.Errorf("a manufacturer's register: %+v", e.Error)
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("refused, and the trail moved from %+v to %+v", before, after)
	}

	org := MustData[access.Organization](t, st.do(t, registerReq(body, `{"signatories":[" Li Si ","张三"],"scope":["pv-module","electronics"]}`)), 200)
	if org.Name != body || org.Role != access.RoleCertifier || !slices.Equal(org.Signatories, []string{"Li Si", "张三"}) || !slices.Equal(org.Scope, []string{"pv-module", "electronics"}) {
		t.Fatalf("changed to %+v", org)
	}
	events := registerEvents(t, st)
	if len(events) != 1 || events[0].Subject != "organization/"+body || events[0].Role != access.RoleAdmin ||
		events[0].Detail != `role certifier; signatories ["Li Si","张三"]; scope ["pv-module","electronics"]` {
		t.Fatalf("organization.register events: %+v", events)
	}
	// The same register again writes nothing.
	head := st.auditHead(t)
	MustData[access.Organization](t, st.do(t, registerReq(body, `{"signatories":["Li Si","张三"],"scope":["pv-module","electronics"]}`)), 200)
	if after := st.auditHead(t); after != head {
		t.Fatalf("the register as recorded, and the trail moved from %+v to %+v", head, after)
	}

	// An issue names the new register.
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, "GEC-REG-1") + `","certifier":"` + body + `"}`)}), 201).ID
	e := MustError(t, st.do(t, st.issueReq(t, app, `{"signatory":"Zhang San"}`)), 400, "invalid")
	if e.Error.Field != "signatory" || !strings.Contains(e.Error.Message, "Li Si, 张三") || !strings.Contains(e.Error.Message, "not an authorised signatory on record") {
		t.Fatalf("signed by Zhang San, not on the new register: %+v", e.Error)
	}

	// Narrowed to electronics: a PV module is out of scope at the issue,
	// and at a new application.
	MustData[access.Organization](t, st.do(t, registerReq(body, `{"signatories":["Li Si"],"scope":["electronics"]}`)), 200)
	if e := MustError(t, st.do(t, st.issueReq(t, app, `{"signatory":"Li Si"}`)), 409, "conflict"); e.Error.Field != "certifier" || !strings.Contains(e.Error.Message, `does not cover rule "pv-module"`) {
		t.Fatalf("an issue out of the narrowed scope: %+v", e.Error)
	}
	if e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, "GEC-REG-2") + `","certifier":"` + body + `"}`)}), 409, "conflict"); e.Error.Field != "certifier" {
		t.Fatalf("an application out of the narrowed scope: %+v", e.Error)
	}
	// Extended again, and cleared of signatories: issued under any plain name.
	MustData[access.Organization](t, st.do(t, registerReq(body, `{"signatories":[],"scope":["electronics","pv-module"]}`)), 200)
	MustData[issueData](t, st.do(t, st.issueReq(t, app, `{"signatory":"Wang Li"}`)), 201)
	if events := registerEvents(t, st); len(events) != 3 || events[0].Detail != `role certifier; scope ["electronics","pv-module"]` {
		t.Fatalf("organization.register events: %+v", events)
	}
}

// Ensure a certification body does not change its own register: the staff
// member a register binds, holding the body's key, added a colleague's name
// with PUT /v1/org/signatories and then signed under it (reviewer 45; the
// change was audited, not prevented). There is no such route: 404, the
// register as the operator recorded it, the trail unmoved, and an issue
// under the name it would have added refused.
func TestRegister_BodyDoesNotChangeItsOwnSignatories(t *testing.T) {
	st := newSeededStack(t)
	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Zhang San"],"scope":["pv-module"]}`)), 200)
	before := st.auditHead(t)
	for _, method := range []string{"PUT", "POST", "PATCH"} {
		rec := st.do(t, request{method: method, target: "/v1/org/signatories", as: asCert, contentType: "application/json", body: []byte(`{"signatories":["Zhang San","Li Si"]}`)})
		if rec.Code != 404 && rec.Code != 405 {
			t.Errorf("%s /v1/org/signatories as the body: %d %s", method, rec.Code, rec.Body)
		}
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("the trail moved from %+v to %+v", before, after)
	}
	orgs := MustData[[]access.Organization](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), 200)
	for _, o := range orgs {
		if o.Name == orgCertifier && !slices.Equal(o.Signatories, []string{"Zhang San"}) {
			t.Errorf("%s's register is %q, want the operator's [Zhang San]", orgCertifier, o.Signatories)
		}
	}
	app := st.apply(t, st.postPV(t, "GEC-REV45-OWN", demoModel("GEC-REV45-OWN"), 1, nil).ID)
	if e := MustError(t, st.do(t, st.issueReq(t, app, `{"signatory":"Li Si"}`)), 400, "invalid"); e.Error.Field != "signatory" {
		t.Fatalf("issued under a name the body could not add: %+v", e.Error)
	}
}

package api_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure the operator registers a certification body's authorised
// signatories and its approval number as printed, and the body's staff
// sign under a registered signatory only (red team 68): the operator's
// POST /v1/admin/organizations took any text as an approval number
// ("TEST-1"), and an issue signed and printed any name. Now the number is
// 400 naming approval_number, and an issue naming a signatory not on the
// body's register is 400 naming signatory, in both languages, nothing
// written; a registered one is signed.
func TestRedteam68_RegisteredSignatoriesAndApproval(t *testing.T) {
	st := newSeededStack(t)
	create := func(body string) *request {
		return &request{method: "POST", target: "/v1/admin/organizations", as: asAdmin, contentType: "application/json", body: []byte(body)}
	}
	e := MustError(t, st.do(t, *create(`{"name":"Words Body","role":"certifier","approval_number":"TEST-1"}`)), 400, "invalid")
	if e.Error.Field != "approval_number" || !strings.Contains(e.Error.Message, "批准号") || !strings.Contains(e.Error.Message, "approval number") {
		t.Fatalf("a certifier under approval number TEST-1: %+v", e.Error)
	}
	const body, asBody = "Registered Body", "registered-body"
	org := MustData[access.Organization](t, st.do(t, *create(`{"name":"` + body + `","role":"certifier","approval_number":"CNCA-R-2026-555","signatories":[" Wang Li ","张三"]}`)), 201)
	if !slices.Equal(org.Signatories, []string{"Wang Li", "张三"}) {
		t.Fatalf("registered %q", org.Signatories)
	}
	token, _, err := st.auth.CreateAPIKey(context.Background(), body)
	if err != nil {
		t.Fatal(err)
	}
	st.tokens[asBody] = token
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, "GEC-RT68-SIG") + `","certifier":"` + body + `"}`)}), 201).ID
	issue := func(signatory string) request {
		digest := MustData[struct {
			Review struct{ Digest string } `json:"review"`
		}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asBody}), 200).Review.Digest
		return request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asBody, contentType: "application/json",
			body: footprinttest.JSONWith(t, `{"signatory":"`+signatory+`"}`, "review_digest", digest)}
	}
	before := st.auditHead(t)
	e = MustError(t, st.do(t, issue("Zhang San")), 400, "invalid")
	if e.Error.Field != "signatory" || !strings.Contains(e.Error.Message, "登记的授权签字人") || !strings.Contains(e.Error.Message, "not an authorised signatory on record") {
		t.Fatalf("signed by Zhang San, not on %s's register: %+v", body, e.Error)
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("refused, and the trail moved from %+v to %+v", before, after)
	}
	MustData[issueData](t, st.do(t, issue("Wang Li")), 201)
}

// Ensure the operator registers a certification body's approval scope and
// a manufacturer's application outside it is refused (red team 68): a
// body approved for displays and electronics was applied to for a PV
// module and issued it. Now 409 naming certifier, in both languages.
func TestRedteam68_ApprovalScope(t *testing.T) {
	st := newSeededStack(t)
	const body = "Display Only Body"
	org := MustData[access.Organization](t, st.do(t, request{method: "POST", target: "/v1/admin/organizations", as: asAdmin, contentType: "application/json",
		body: []byte(`{"name":"` + body + `","role":"certifier","approval_number":"CNCA-R-2026-556","scope":["display"," electronics"]}`)}), 201)
	if !slices.Equal(org.Scope, []string{"display", "electronics"}) {
		t.Fatalf("registered %q", org.Scope)
	}
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, "GEC-RT68-SC") + `","certifier":"` + body + `"}`)}), 409, "conflict")
	if e.Error.Field != "certifier" || !strings.Contains(e.Error.Message, "批准范围") || !strings.Contains(e.Error.Message, `does not cover rule "pv-module"`) {
		t.Fatalf("a PV module applied to %s: %+v", body, e.Error)
	}
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/organizations", as: asAdmin, contentType: "application/json",
		body: []byte(`{"name":"Laptop Body","role":"certifier","approval_number":"CNCA-R-2026-557","scope":["laptops"]}`)}), 400, "invalid")
	if e.Error.Field != "scope[0]" {
		t.Fatalf("a scope of no rule: %+v", e.Error)
	}
}

// Ensure a register given with a key for a body that exists is refused,
// not dropped unseen (red team 68): POST /v1/admin/keys with a role makes
// the organisation only when it does not exist, and an operator who gave
// the demo body's signatories or scope so would have believed them
// recorded. 409 naming the field, and no key made.
func TestRedteam68_RegisterWithAKeyOfAnExistingBody(t *testing.T) {
	st := newSeededStack(t)
	for field, body := range map[string]string{
		"signatories": `{"org":"` + orgCertifier + `","role":"certifier","signatories":["Wang Li"]}`,
		"scope":       `{"org":"` + orgCertifier + `","role":"certifier","scope":["pv-module"]}`,
	} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json", body: []byte(body)}), 409, "conflict")
		if e.Error.Field != field || !strings.Contains(e.Error.Message, "创建机构时登记") || !strings.Contains(e.Error.Message, "recorded at its creation") {
			t.Errorf("%s given for %s, which exists: %+v", field, orgCertifier, e.Error)
		}
	}
	keys := MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}), 200)
	if len(keys) != 1 {
		t.Fatalf("%s holds %d keys, want its one", orgCertifier, len(keys))
	}
	// The register on record, given again in another order, is no change:
	// the key is made (reviewer 45: 409 "were not changed").
	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Zhang San","Li Si"],"scope":["pv-module","electronics"]}`)), 200)
	if rec := st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json",
		body: []byte(`{"org":"` + orgCertifier + `","role":"certifier","signatories":["Li Si","Zhang San"],"scope":["electronics","pv-module"]}`)}); rec.Code != 201 {
		t.Fatalf("the register on record in another order: %d %s", rec.Code, rec.Body)
	}
}

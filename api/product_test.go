package api_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Ensure the entities the API shares with the domain and the store come out
// in their documented wire shape: a product flat with its id, owner and
// time and product codes as "SCHEME:code"; an application without
// decided_at and certificate_id while pending, with them once issued; an
// organisation and an audit event with their fields.
func TestServer_EntityShapes(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	keys := func(tb testing.TB, raw json.RawMessage) []string {
		tb.Helper()
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			tb.Fatal(err)
		}
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}

	p := MustData[json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/products/" + fx.product, as: asMaker}), 200)
	if got, want := keys(t, p), []string{"created_at", "id", "model", "name", "owner", "product_codes"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("product keys %v, want %v: %s", got, want, p)
	}
	if !strings.Contains(string(p), `"product_codes":["HS:854143"]`) || !strings.Contains(string(p), `"owner":"`+orgMaker+`"`) {
		t.Fatalf("product %s", p)
	}

	pending := MustData[json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/applications?status=pending", as: asMaker}), 200)
	var apps []json.RawMessage
	if err := json.Unmarshal(pending, &apps); err != nil || len(apps) != 1 {
		t.Fatalf("pending applications %s", pending)
	}
	if got, want := keys(t, apps[0]), []string{"certifier", "created_at", "id", "manufacturer", "status", "study_id"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("pending application keys %v, want %v", got, want)
	}
	issued := MustData[json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.issuedApp, as: asCert}), 200)
	if got, want := keys(t, issued), []string{"certificate_id", "certifier", "created_at", "decided_at", "id", "manufacturer", "status", "study", "study_id"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("issued application keys %v, want %v", got, want)
	}
	if !strings.Contains(string(issued), `"certificate_id":"`+fx.cert+`"`) {
		t.Fatalf("issued application %s", issued)
	}

	orgs := MustData[[]json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), 200)
	for _, o := range orgs {
		if strings.Contains(string(o), `"name":"`+orgCertifier+`"`) {
			if got, want := keys(t, o), []string{"approval_number", "created_at", "name", "role"}; !reflect.DeepEqual(got, want) {
				t.Fatalf("organisation keys %v, want %v", got, want)
			}
		}
	}

	events := MustData[[]json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=certificate/" + fx.cert, as: asReg}), 200)
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	if got, want := keys(t, events[0]), []string{"action", "actor", "at", "detail", "id", "key_id", "role", "subject"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("audit event keys %v, want %v", got, want)
	}
}

// Ensure a caller cannot set what the service sets (IDs, owners, times,
// statuses) through a body bound into a shared type, and that a bad product
// code is refused naming the field.
func TestServer_BindOnlyWhatCallersSet(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	for _, tt := range []struct {
		name, target, as, body, field string
	}{
		{"ProductID", "/v1/products", asMaker, `{"name":"M","model":"X-1","id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80"}`, "id"},
		{"ProductOwner", "/v1/products", asMaker, `{"name":"M","model":"X-2","owner":"` + orgMaker2 + `"}`, "owner"},
		{"ProductCreatedAt", "/v1/products", asMaker, `{"name":"M","model":"X-3","created_at":"2020-01-01T00:00:00Z"}`, "created_at"},
		{"ProductBadCode", "/v1/products", asMaker, `{"name":"M","model":"X-4","product_codes":["HS:854143","XX:1"]}`, "product_codes[1]"},
		{"ApplicationManufacturer", "/v1/applications", asMaker, `{"study_id":"` + fx.study + `","certifier":"` + orgCertifier + `","manufacturer":"` + orgMaker2 + `"}`, "manufacturer"},
		{"ApplicationStatus", "/v1/applications", asMaker, `{"study_id":"` + fx.study + `","certifier":"` + orgCertifier + `","status":"issued"}`, "status"},
		{"OrganizationCreatedAt", "/v1/admin/organizations", asAdmin, `{"name":"New Org","role":"manufacturer","created_at":"2020-01-01T00:00:00Z"}`, "created_at"},
		{"IssueNumber", "/v1/applications/" + fx.app + "/issue", asCert, `{"number":"CDPCF-2026-999999"}`, "number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := MustError(t, st.do(t, request{method: "POST", target: tt.target, as: tt.as, contentType: "application/json", body: []byte(tt.body)}), 400, "invalid")
			if e.Error.Field != tt.field {
				t.Fatalf("field=%q, want %q (%s)", e.Error.Field, tt.field, e.Error.Message)
			}
		})
	}
	if e := MustError(t, st.do(t, request{method: "POST", target: "/v1/products", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"M","model":"X-4","product_codes":["XX:1"]}`)}), 400, "invalid"); !strings.Contains(e.Error.Message, "XX:1") {
		t.Fatalf("message %q does not name the code", e.Error.Message)
	}
}

package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure the list routes that answer a store's list as it is (answerList)
// answer [] for none, not null, and the caller's organisation's keys only
// on GET /v1/org/keys.
func TestListRoutes_EmptyAndScoped(t *testing.T) {
	st := newSeededStack(t)
	rec := st.do(t, request{method: "GET", target: "/v1/admin/keys/restored", as: asAdmin})
	if got := strings.TrimSpace(rec.Body.String()); rec.Code != http.StatusOK || got != `{"data":[]}` {
		t.Fatalf("GET /v1/admin/keys/restored with none: %d %s, want 200 {\"data\":[]}", rec.Code, got)
	}
	for as, org := range map[string]string{asCert: orgCertifier, asCert2: orgCert2} {
		keys := MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: as}), http.StatusOK)
		if len(keys) == 0 {
			t.Fatalf("GET /v1/org/keys as %s: no key", as)
		}
		for _, k := range keys {
			if k.Org != org {
				t.Errorf("GET /v1/org/keys as %s: key %s of %q, want %q's only", as, k.ID, k.Org, org)
			}
		}
	}
	orgs := MustData[[]access.Organization](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), http.StatusOK)
	names := map[string]bool{}
	for _, o := range orgs {
		names[o.Name] = true
	}
	for _, want := range []string{orgMaker, orgCertifier, orgCert2, orgRegulator, orgAdmin, orgCurator} {
		if !names[want] {
			t.Errorf("GET /v1/admin/organizations: %q missing from %v", want, names)
		}
	}
}

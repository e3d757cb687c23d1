package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// orgRegisterData is GET /v1/org/register's data.
type orgRegisterData struct {
	Org         string   `json:"org"`
	Signatories []string `json:"signatories"`
	Scope       []string `json:"scope"`
	Held        bool     `json:"held"`
}

// Ensure a certification body reads its own register as JSON: before,
// only its workbench's keys page showed it, and GET /v1/org/register was
// 404. Each body reads its own, never another's; [] for an empty list;
// a manufacturer's key is 403 and an anonymous caller 401, as for the
// body's other /v1/org routes; the route only reads (a write is 405, the
// trail unmoved).
func TestRegister_BodyReadsItsOwnRegister(t *testing.T) {
	st := newSeededStack(t)
	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Li Si","张三"],"scope":["pv-module"]}`)), 200)
	got := MustData[orgRegisterData](t, st.do(t, request{method: "GET", target: "/v1/org/register", as: asCert}), 200)
	if got.Org != orgCertifier || !slices.Equal(got.Signatories, []string{"Li Si", "张三"}) || !slices.Equal(got.Scope, []string{"pv-module"}) || got.Held {
		t.Fatalf("%s's register: %+v", orgCertifier, got)
	}
	other := MustData[orgRegisterData](t, st.do(t, request{method: "GET", target: "/v1/org/register", as: asCert2}), 200)
	if other.Org != orgCert2 || other.Signatories == nil || other.Scope == nil || len(other.Signatories) != 0 || len(other.Scope) != 0 {
		t.Fatalf("%s's register: %+v, want its own, empty", orgCert2, other)
	}
	MustError(t, st.do(t, request{method: "GET", target: "/v1/org/register", as: asMaker}), 403, "forbidden")
	MustError(t, st.do(t, request{method: "GET", target: "/v1/org/register"}), 401, "unauthorized")

	before := st.auditHead(t)
	for _, method := range []string{"PUT", "POST", "PATCH", "DELETE"} {
		if rec := st.do(t, request{method: method, target: "/v1/org/register", as: asCert, contentType: "application/json", body: []byte(`{"signatories":["Li Si","Wang Wu"],"scope":["pv-module"]}`)}); rec.Code != 405 {
			t.Errorf("%s /v1/org/register as the body: %d %s, want 405", method, rec.Code, rec.Body)
		}
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("the trail moved from %+v to %+v", before, after)
	}
	if got := MustData[orgRegisterData](t, st.do(t, request{method: "GET", target: "/v1/org/register", as: asCert}), 200); !slices.Equal(got.Signatories, []string{"Li Si", "张三"}) {
		t.Fatalf("after the body's writes: %+v", got)
	}
}

// Ensure GET /v1/org/register says when the register is held after a
// restore (red team 73: the body issues nothing until the operator states
// its register again), which only the refusal of an issue said, and no
// longer once the operator has stated it.
func TestRegister_BodyReadsItsRegisterHeldAfterARestore(t *testing.T) {
	ctx := context.Background()
	st := newDurableSeededStack(t)
	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Li Si"],"scope":["pv-module"]}`)), 200)
	if _, err := st.keys.ActiveSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asAdmin})
	if rec.Code != http.StatusOK {
		t.Fatalf("backup: %d %s", rec.Code, rec.Body)
	}
	srv, db := restoredServer(t, st, rec.Body.Bytes())
	auth := factordb.NewAuthService(db)
	if _, err := auth.ConfirmAPIKey(ctx, strings.Split(st.tokens[asCert], "_")[1]); err != nil {
		t.Fatal(err)
	}
	read := func() orgRegisterData {
		t.Helper()
		return MustData[orgRegisterData](t, doRequest(t, srv, st.tokens[asCert], request{method: "GET", target: "/v1/org/register"}), 200)
	}
	if got := read(); !got.Held || !slices.Equal(got.Signatories, []string{"Li Si"}) {
		t.Fatalf("after the restore: %+v, want the copy's register, held", got)
	}
	if _, err := auth.SetOrganizationRegister(ctx, orgCertifier, []string{"Li Si"}, []string{"pv-module"}); err != nil {
		t.Fatal(err)
	}
	if got := read(); got.Held {
		t.Fatalf("after the operator stated it: %+v, want not held", got)
	}
}

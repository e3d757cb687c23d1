package api_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// MustServeStack serves a test stack over real HTTP and returns a client of
// it (without a token) and the factor service the server uses.
func MustServeStack(tb testing.TB) (*stack, *api.Client, footprint.FactorService) {
	tb.Helper()
	st := newSeededStack(tb)
	hs := httptest.NewServer(st.srv)
	tb.Cleanup(hs.Close)
	return st, api.NewClient(hs.URL + "/"), st.srv.FactorService
}

func TestFactorService_Reads(t *testing.T) {
	// Ensure every read over HTTP gives what the server's own service gives.
	_, c, local := MustServeStack(t)
	remote := api.NewFactorService(c)
	ctx := context.Background()

	f1, err1 := local.FindFactorByCode(ctx, "", "PV-AL-PROFILE")
	f2, err2 := remote.FindFactorByCode(ctx, "", "PV-AL-PROFILE")
	if err1 != nil || err2 != nil || !reflect.DeepEqual(f1, f2) {
		t.Fatalf("FindFactorByCode:\n%+v %v\n%+v %v", f1, err1, f2, err2)
	}

	code, geo, year := "8541", "CN", 2024
	filter := footprint.FactorFilter{ProductCode: &code, Geography: &geo, Limit: 3}
	for pages := 0; ; pages++ {
		p1, err1 := local.FindFactors(ctx, filter)
		p2, err2 := remote.FindFactors(ctx, filter)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(p1, p2) {
			t.Fatalf("FindFactors page %d:\n%+v %v\n%+v %v", pages, p1, err1, p2, err2)
		}
		if p1.NextCursor == "" {
			if pages == 0 {
				t.Fatal("want more than one page")
			}
			break
		}
		filter.Cursor = p1.NextCursor
	}
	filter = footprint.FactorFilter{Year: &year, ProductCodeExact: true}
	if p1, _ := local.FindFactors(ctx, filter); true {
		p2, err := remote.FindFactors(ctx, filter)
		if err != nil || !reflect.DeepEqual(p1, p2) || len(p1.Factors) == 0 {
			t.Fatalf("FindFactors by year: %v", err)
		}
	}

	s1, _ := local.FindFactorSets(ctx)
	s2, err := remote.FindFactorSets(ctx)
	if err != nil || !reflect.DeepEqual(s1, s2) {
		t.Fatalf("FindFactorSets:\n%+v\n%+v %v", s1, s2, err)
	}
	set1, _ := local.FindFactorSetByVersion(ctx, "2026.1")
	set2, err := remote.FindFactorSetByVersion(ctx, "2026.1")
	if err != nil || !reflect.DeepEqual(set1, set2) || set2.Digest == "" {
		t.Fatalf("FindFactorSetByVersion:\n%+v\n%+v %v", set1, set2, err)
	}

	e1, _ := local.ExportFactorSet(ctx, "2026.1")
	e2, err := remote.ExportFactorSet(ctx, "")
	if err != nil || !reflect.DeepEqual(e1, e2) || len(e2) < 100 {
		t.Fatalf("ExportFactorSet: %d vs %d factors, %v", len(e1), len(e2), err)
	}
	codes := []string{"PV-AL-PROFILE", "ELEC-CN-NAT-CF-2024", "NO-SUCH-CODE"}
	m1, _ := local.FindFactorsByCodes(ctx, "2026.1", codes)
	m2, err := remote.FindFactorsByCodes(ctx, "2026.1", codes)
	if err != nil || !reflect.DeepEqual(m1, m2) || len(m2) != 2 {
		t.Fatalf("FindFactorsByCodes: %v %v", m2, err)
	}

	// Errors come back with the server's code and field.
	if _, err := remote.FindFactorByCode(ctx, "", "NO-SUCH-CODE"); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("unknown code: %v", err)
	}
	if _, err := remote.FindFactorsByCodes(ctx, "1999.9", codes); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("unknown set: %v", err)
	}
	bad := footprint.Category("widget")
	if _, err := remote.FindFactors(ctx, footprint.FactorFilter{Category: &bad}); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "category" {
		t.Errorf("bad filter: %v (field %q)", err, footprint.ErrorField(err))
	}
}

func TestFactorService_Admin(t *testing.T) {
	// Ensure a draft set is created, imported and published through the
	// client with an admin token, refused without one, and that a bad
	// import comes back as every bad line.
	st, c, local := MustServeStack(t)
	remote := api.NewFactorService(c)
	ctx := context.Background()

	set := &footprint.FactorSet{Version: "2026.2", BasedOn: "2026.1", Description: "next"}
	if err := remote.CreateFactorSet(ctx, set); footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
		t.Fatalf("without a token: %v", err)
	}
	c.Token = st.tokens[asMaker]
	if err := remote.CreateFactorSet(ctx, set); footprint.ErrorCode(err) != footprint.EFORBIDDEN {
		t.Fatalf("as a manufacturer: %v", err)
	}
	c.Token = st.tokens[asAdmin]
	if err := remote.CreateFactorSet(ctx, set); err != nil {
		t.Fatal(err)
	}
	if set.Status != footprint.SetDraft || set.FactorCount == 0 || set.CreatedAt.IsZero() {
		t.Fatalf("created set %+v", set)
	}

	f, err := local.FindFactorByCode(ctx, "2026.1", "PV-AL-PROFILE")
	if err != nil {
		t.Fatal(err)
	}
	f.Value, f.Set = 20.5, ""
	sum, err := remote.ImportFactors(ctx, "2026.2", []*footprint.Factor{f})
	if err != nil || sum.Replaced != 1 || sum.Added != 0 || sum.Set != "2026.2" {
		t.Fatalf("import: %+v %v", sum, err)
	}
	pub, err := remote.PublishFactorSet(ctx, "2026.2")
	if err != nil || pub.Status != footprint.SetPublished || pub.Digest == "" {
		t.Fatalf("publish: %+v %v", pub, err)
	}
	if got, _ := local.FindFactorByCode(ctx, "2026.2", "PV-AL-PROFILE"); got.Value != 20.5 {
		t.Fatalf("imported value %v", got.Value)
	}
	if _, err := remote.PublishFactorSet(ctx, "2026.2"); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("publish twice: %v", err)
	}

	// The server reads the upload again: a factor the domain would refuse
	// is reported per line, as the server listed it.
	if err := remote.CreateFactorSet(ctx, &footprint.FactorSet{Version: "2026.3"}); err != nil {
		t.Fatal(err)
	}
	g1, g2 := *f, *f
	g1.Code, g2.Code = "bad code", "ALSO BAD"
	_, err = remote.ImportFactors(ctx, "2026.3", []*footprint.Factor{&g1, &g2})
	var list *tabular.Errors
	if !errors.As(err, &list) || len(list.Errors) != 2 || list.Errors[1].Field != "factors.csv:3:code" {
		t.Fatalf("bad import: %#v", err)
	}
	if footprint.ErrorCode(err) != footprint.EINVALID {
		t.Fatalf("bad import code %q", footprint.ErrorCode(err))
	}
}

func TestClient_AdminEndpoints(t *testing.T) {
	// Ensure keys and backups go through the admin endpoints.
	st, c, _ := MustServeStack(t)
	ctx := context.Background()
	org := &access.Organization{Name: "New Maker", Role: access.RoleManufacturer}
	if _, _, err := c.EnsureOrganizationKey(ctx, org); footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
		t.Fatalf("without a token: %v", err)
	}
	c.Token = st.tokens[asAdmin]
	token, key, err := c.EnsureOrganizationKey(ctx, org)
	if err != nil || key.Org != "New Maker" || key.Role != access.RoleManufacturer || !strings.HasPrefix(token, "pcf_") {
		t.Fatalf("key %+v %q %v", key, token, err)
	}
	org.Role = access.RoleCertifier
	if _, _, err := c.EnsureOrganizationKey(ctx, org); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("other role: %v", err)
	}
	if _, err := c.Health(ctx); err != nil {
		t.Fatalf("health: %v", err)
	}

	var buf bytes.Buffer
	n, err := c.Backup(ctx, &buf)
	if err != nil || n == 0 || int64(buf.Len()) != n {
		t.Fatalf("backup: %d bytes, %v", n, err)
	}
	path := t.TempDir() + "/copy.db"
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if sets, err := factordb.NewFactorService(db).FindFactorSets(ctx); err != nil || len(sets) == 0 {
		t.Fatalf("backup copy: %v %v", sets, err)
	}

	// Not a pcf server (no JSON error body): the status is named.
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	if _, err := api.NewClient(other.URL).Health(ctx); err == nil || !strings.Contains(err.Error(), "404 Not Found") {
		t.Fatalf("health of another server: %v", err)
	}
}

package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// memAuth is a small in-memory AuthService for the key commands' tests.
type memAuth struct {
	mu     sync.Mutex
	orgs   map[string]*footprint.Organization
	tokens map[string]*footprint.Principal
}

func newMemAuth() *memAuth {
	return &memAuth{orgs: map[string]*footprint.Organization{}, tokens: map[string]*footprint.Principal{}}
}

func (a *memAuth) CreateOrganization(_ context.Context, o *footprint.Organization) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.orgs[o.Name]; ok {
		return footprint.Errorf(footprint.ECONFLICT, "exists")
	}
	cp := *o
	a.orgs[o.Name] = &cp
	return nil
}

func (a *memAuth) FindOrganizationByName(_ context.Context, name string) (*footprint.Organization, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if o, ok := a.orgs[name]; ok {
		cp := *o
		return &cp, nil
	}
	return nil, footprint.Errorf(footprint.ENOTFOUND, "not found")
}

func (a *memAuth) FindOrganizations(context.Context) ([]*footprint.Organization, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []*footprint.Organization
	for _, o := range a.orgs {
		out = append(out, o)
	}
	return out, nil
}

func (a *memAuth) CreateAPIKey(_ context.Context, org string) (string, *footprint.APIKey, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	o, ok := a.orgs[org]
	if !ok {
		return "", nil, footprint.Errorf(footprint.ENOTFOUND, "not found")
	}
	id := "k" + string(rune('0'+len(a.tokens)))
	token := "tok-" + id
	a.tokens[token] = &footprint.Principal{Org: org, Role: o.Role, KeyID: id}
	return token, &footprint.APIKey{ID: id, Org: org, Role: o.Role}, nil
}

func (a *memAuth) RevokeAPIKey(context.Context, string) error { return nil }

func (a *memAuth) Authenticate(_ context.Context, token string) (*footprint.Principal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if p, ok := a.tokens[token]; ok {
		return p, nil
	}
	return nil, footprint.Errorf(footprint.EUNAUTHORIZED, "bad token")
}

func (a *memAuth) IssueAccessToken(context.Context, string, string, time.Duration) (string, time.Time, error) {
	return "", time.Time{}, footprint.Errorf(footprint.EUNAUTHORIZED, "no")
}

// Ensure the first run creates the admin key in a private file and says how
// to use it, and later runs do not create another.
func TestBootstrapAdmin(t *testing.T) {
	auth := newMemAuth()
	dbPath := filepath.Join(t.TempDir(), "pcf.db")
	msg, err := bootstrapAdmin(context.Background(), auth, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(dbPath + ".admin-token")
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(b))
	if p, err := auth.Authenticate(context.Background(), token); err != nil || p.Role != footprint.RoleAdmin {
		t.Fatalf("token %q does not authenticate as admin: %v", token, err)
	}
	if fi, _ := os.Stat(dbPath + ".admin-token"); fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(msg, "PCF_ADMIN_TOKEN") || strings.Contains(msg, token) {
		t.Fatalf("message %q must explain the file and not show the token", msg)
	}
	if _, err := bootstrapAdmin(context.Background(), auth, dbPath); err != nil {
		t.Fatal(err)
	}
	if got := len(auth.tokens); got != 1 {
		t.Fatalf("second run made keys: %d", got)
	}
}

// Ensure "pcf keys create" works while the database is held by another
// opener (as by a running pcf serve): it asks the server's admin endpoint
// with the bootstrap admin token and prints the new token once.
func TestRunKeys_DatabaseInUse(t *testing.T) {
	auth := newMemAuth()
	dbPath := filepath.Join(t.TempDir(), "pcf.db")
	if _, err := bootstrapAdmin(context.Background(), auth, dbPath); err != nil {
		t.Fatal(err)
	}
	db, err := factordb.Open(dbPath) // holds the lock, like pcf serve
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	srv := api.NewServer()
	srv.AuthService = auth
	ts := httptest.NewServer(srv)
	defer ts.Close()
	t.Setenv("PCF_SERVER", ts.URL)
	t.Setenv("PCF_ADMIN_TOKEN", "")

	prev := newAuthService
	newAuthService = func(*factordb.DB) footprint.AuthService { return auth }
	defer func() { newAuthService = prev }()

	var stdout, stderr bytes.Buffer
	err = runKeys(context.Background(), []string{"create", "--db", dbPath, "--org", "Demo Module Co.", "--role", "manufacturer"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("runKeys: %v (stderr %s)", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	token := lines[len(lines)-1]
	p, err := auth.Authenticate(context.Background(), token)
	if err != nil || p.Org != "Demo Module Co." || p.Role != footprint.RoleManufacturer {
		t.Fatalf("printed token %q: principal %+v, %v", token, p, err)
	}
	if !strings.Contains(stderr.String(), "in use") {
		t.Fatalf("stderr %q does not say the database is in use", stderr.String())
	}

	// Ensure a wrong role for an existing organisation is refused with the
	// server's message.
	err = runKeys(context.Background(), []string{"create", "--db", dbPath, "--org", "Demo Module Co.", "--role", "certifier"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "exists with role manufacturer") {
		t.Fatalf("err=%v, want a role conflict", err)
	}
}

// Ensure "pcf keys create" opens the database directly when no server holds
// it.
func TestRunKeys_Local(t *testing.T) {
	auth := newMemAuth()
	dbPath := filepath.Join(t.TempDir(), "pcf.db")
	db, err := factordb.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	prev := newAuthService
	newAuthService = func(*factordb.DB) footprint.AuthService { return auth }
	defer func() { newAuthService = prev }()
	var stdout, stderr bytes.Buffer
	if err := runKeys(context.Background(), []string{"create", "--db", dbPath, "--org", "SAMR Chengdu", "--role", "regulator"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if o, err := auth.FindOrganizationByName(context.Background(), "SAMR Chengdu"); err != nil || o.Role != footprint.RoleRegulator {
		t.Fatalf("organisation not created: %+v %v", o, err)
	}
	if !strings.Contains(stdout.String(), "shown once") {
		t.Fatalf("stdout %q", stdout.String())
	}
}

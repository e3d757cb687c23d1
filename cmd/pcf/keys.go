package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// AdminOrg is the organisation pcf serve creates on first run, whose key
// administers the service.
const AdminOrg = "admin"

// adminTokenPath is the bootstrap file pcf serve writes the first admin
// token to, next to the database, readable by its owner only.
func adminTokenPath(dbPath string) string { return dbPath + ".admin-token" }

// bootstrapAdmin makes sure an administrator can get in. On the first run
// (no admin organisation yet) it creates the organisation "admin" and a key,
// writes the token to <db>.admin-token (mode 0600) and returns a message
// saying how to use it; the token itself is never printed or logged. On
// later runs it returns a reminder if the token file is still there, else
// "".
func bootstrapAdmin(ctx context.Context, auth footprint.AuthService, dbPath string) (string, error) {
	path := adminTokenPath(dbPath)
	orgs, err := auth.FindOrganizations(ctx)
	if err != nil {
		return "", err
	}
	for _, o := range orgs {
		if o.Role == footprint.RoleAdmin {
			if _, err := os.Stat(path); err == nil {
				return fmt.Sprintf("admin token: %s (export PCF_ADMIN_TOKEN=$(cat %s))", path, path), nil
			}
			return "", nil
		}
	}
	org := &footprint.Organization{Name: AdminOrg, Role: footprint.RoleAdmin}
	if err := auth.CreateOrganization(ctx, org); err != nil && footprint.ErrorCode(err) != footprint.ECONFLICT {
		return "", fmt.Errorf("create admin organisation: %w", err)
	}
	token, _, err := auth.CreateAPIKey(ctx, AdminOrg)
	if err != nil {
		return "", fmt.Errorf("create admin key: %w", err)
	}
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write admin token: %w", err)
	}
	return fmt.Sprintf("created the admin organisation; its API key is in %s (mode 0600).\n"+
		"  export PCF_ADMIN_TOKEN=$(cat %s)\n"+
		"  pcf keys create --org NAME --role manufacturer|certifier|regulator|admin", path, path), nil
}

// runKeys is "pcf keys create --org NAME --role ROLE": it makes an API key
// and prints its token once. bbolt lets one process hold the database, so
// when a running pcf serve holds it (or --server is given) the key is made
// through that server's admin endpoint, with the admin token from
// $PCF_ADMIN_TOKEN or <db>.admin-token.
func runKeys(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError("keys: want 'pcf keys create --org NAME --role ROLE'")
	}
	fs := flag.NewFlagSet("pcf keys create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var req keyCreateRequest
	dbPath := fs.String("db", defaultDBPath(), "database file")
	server := fs.String("server", "", "base URL of a running pcf serve to ask (default: the database file; if it is in use, $PCF_SERVER or http://"+DefaultAddr+")")
	fs.StringVar(&req.Org, "org", "", "organisation name")
	fs.StringVar(&req.Role, "role", "", "manufacturer, certifier, regulator or admin (creates the organisation if needed)")
	fs.StringVar(&req.NameZH, "name-zh", "", "Chinese name of a new organisation")
	fs.StringVar(&req.Address, "address", "", "address of a new organisation")
	fs.StringVar(&req.ApprovalNumber, "approval-number", "", "CNCA approval number of a new certifier")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError("keys create: " + err.Error())
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("keys create: unexpected argument %q", fs.Arg(0)))
	}
	req.Org = strings.TrimSpace(req.Org)
	if req.Org == "" {
		return usageError("keys create: --org is required")
	}

	var key *createdKey
	var err error
	if *server != "" {
		key, err = createKeyRemote(ctx, *server, adminToken(*dbPath), req)
	} else {
		key, err = createKeyLocal(ctx, *dbPath, req)
		if errors.Is(err, errDBInUse) {
			url := cmp.Or(os.Getenv("PCF_SERVER"), "http://"+DefaultAddr)
			fmt.Fprintf(stderr, "database %s is in use; asking the running server at %s\n", *dbPath, url)
			key, err = createKeyRemote(ctx, url, adminToken(*dbPath), req)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created API key %s for %q (%s)\n", key.ID, key.Org, key.Role)
	fmt.Fprintln(stdout, "token (shown once; store it now, it cannot be shown again):")
	fmt.Fprintln(stdout, key.Token)
	return nil
}

// keyCreateRequest is the body of POST /v1/admin/keys.
type keyCreateRequest struct {
	Org            string `json:"org"`
	Role           string `json:"role,omitempty"`
	NameZH         string `json:"name_zh,omitempty"`
	Address        string `json:"address,omitempty"`
	ApprovalNumber string `json:"approval_number,omitempty"`
}

type createdKey struct {
	ID    string `json:"id"`
	Org   string `json:"org"`
	Role  string `json:"role"`
	Token string `json:"token"`
}

// createKeyLocal makes the key in the database file directly.
func createKeyLocal(ctx context.Context, dbPath string, req keyCreateRequest) (*createdKey, error) {
	if _, err := os.Stat(dbPath); err != nil {
		return nil, fmt.Errorf("database %s: %w (run 'pcf serve' once to create it)", dbPath, err)
	}
	db, err := openDB(dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	org := &footprint.Organization{Name: req.Org, Role: footprint.Role(req.Role), NameZH: req.NameZH, Address: req.Address, ApprovalNumber: req.ApprovalNumber}
	token, key, err := footprint.EnsureOrganizationKey(ctx, factordb.NewAuthService(db), org)
	if err != nil {
		return nil, err
	}
	return &createdKey{ID: key.ID, Org: key.Org, Role: string(key.Role), Token: token}, nil
}

// adminToken returns $PCF_ADMIN_TOKEN, or the token pcf serve wrote next to
// the database on its first run.
func adminToken(dbPath string) string {
	if t := strings.TrimSpace(os.Getenv("PCF_ADMIN_TOKEN")); t != "" {
		return t
	}
	b, err := os.ReadFile(adminTokenPath(dbPath))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// createKeyRemote makes the key through POST /v1/admin/keys.
func createKeyRemote(ctx context.Context, server, token string, req keyCreateRequest) (*createdKey, error) {
	if token == "" {
		return nil, errors.New("keys: no admin token: set PCF_ADMIN_TOKEN (pcf serve wrote the first one to <db>.admin-token)")
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(server, "/")+"/v1/admin/keys", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("keys: server URL %q: %w", server, err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("keys: ask %s: %w", server, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("keys: read answer of %s: %w", server, err)
	}
	if resp.StatusCode != http.StatusCreated {
		var e struct {
			Error struct {
				Code, Message, Field string
			} `json:"error"`
		}
		if json.Unmarshal(b, &e) == nil && e.Error.Message != "" {
			if e.Error.Field != "" {
				return nil, fmt.Errorf("keys: %s: %s: %s", server, e.Error.Field, e.Error.Message)
			}
			return nil, fmt.Errorf("keys: %s: %s", server, e.Error.Message)
		}
		return nil, fmt.Errorf("keys: %s answered %s", server, resp.Status)
	}
	var out struct {
		Data createdKey `json:"data"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Data.Token == "" {
		return nil, fmt.Errorf("keys: unexpected answer from %s", server)
	}
	return &out.Data, nil
}

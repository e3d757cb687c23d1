package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/labels"
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
func bootstrapAdmin(ctx context.Context, auth access.AuthService, dbPath string) (string, error) {
	path := adminTokenPath(dbPath)
	orgs, err := auth.FindOrganizations(ctx)
	if err != nil {
		return "", err
	}
	for _, o := range orgs {
		if o.Role == access.RoleAdmin {
			if _, err := os.Stat(path); err == nil {
				if err := ownerOnlyFile(path, "管理员令牌", "the admin token"); err != nil {
					return "", err
				}
				return fmt.Sprintf("admin token: %s (export PCF_ADMIN_TOKEN=$(cat %s))", path, path), nil
			}
			return "", nil
		}
	}
	org := &access.Organization{Name: AdminOrg, Role: access.RoleAdmin}
	if err := auth.CreateOrganization(ctx, org); err != nil && footprint.ErrorCode(err) != footprint.ECONFLICT {
		return "", fmt.Errorf("create admin organisation: %w", err)
	}
	token, _, err := auth.CreateAPIKey(ctx, AdminOrg)
	if err != nil {
		return "", fmt.Errorf("create admin key: %w", err)
	}
	if err := writePrivate(path, []byte(token+"\n")); err != nil {
		return "", fmt.Errorf("write admin token: %w", err)
	}
	return fmt.Sprintf("created the admin organisation; its API key is in %s (mode 0600).\n"+
		"  export PCF_ADMIN_TOKEN=$(cat %s)\n"+
		"  pcf keys create --org NAME --role manufacturer|certifier|regulator|admin|partner|curator", path, path), nil
}

// ownerOnlyFile makes the secret file at path (what, in Chinese and
// English) its owner's only, as it was written (writePrivate), at every
// start: one made readable by others afterwards (a directory copied or
// restored without its modes) was used as it was (red team 66). A file it
// cannot change is an error, bilingual, as factordb.Open's of the
// database.
func ownerOnlyFile(path, whatZH, what string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return err
	}
	// 0600, not the owner's bits as they were: a file of mode 0044 would
	// be left readable by nobody, its owner included (reviewer 44).
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("%[1]s文件 %[3]s 的权限为 %[4]v,其他用户可读,且无法改为仅属主可读写(%[5]v):请执行 chmod 600 %[3]s。%[2]s file %[3]s has mode %[4]v, readable by others, and could not be made its owner's only (%[5]v): chmod 600 %[3]s",
			whatZH, what, path, fi.Mode().Perm(), err)
	}
	return nil
}

// writePrivate writes data to a new file at path of mode 0600, in place of
// any file there: os.WriteFile keeps the mode of a file that exists (a
// token file left readable by others took the admin token, red team 60)
// and follows a symbolic link.
func writePrivate(path string, data []byte) error { return writeNew(path, data, 0o600) }

// writeNew writes data to a new file at path of mode perm, in place of any
// file or link there (a link is removed, not followed).
func writeNew(path string, data []byte, perm os.FileMode) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// runKeys is "pcf keys create --org NAME --role ROLE": it makes an API key
// and prints its token once. While a running pcf serve holds the database
// (or with --server) the key is made through that server's admin endpoint,
// with the admin token from $PCF_ADMIN_TOKEN or <db>.admin-token.
func runKeys(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if isHelp(args) {
		return &helpRequest{}
	}
	if len(args) > 0 && (args[0] == "restored" || args[0] == "confirm") {
		return runKeysRestored(ctx, args, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "compromised" {
		return runKeysCompromised(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "create" {
		return usageError("keys: want 'pcf keys create --org NAME --role ROLE', 'pcf keys restored', 'pcf keys confirm ID…|--all --reason TEXT' or 'pcf keys compromised ID --since TIME'")
	}
	fs := newFlagSet("keys create")
	d := addDBFlags(fs)
	var org access.Organization
	fs.StringVar(&org.Name, "org", "", "organisation name")
	role := fs.String("role", "", "manufacturer, certifier, regulator, admin, partner or curator (creates the organisation if needed; a curator only curates factor sets)")
	fs.StringVar(&org.NameZH, "name-zh", "", "Chinese name of a new organisation")
	fs.StringVar(&org.Address, "address", "", "address of a new organisation")
	fs.StringVar(&org.ApprovalNumber, "approval-number", "", "CNCA approval number of a new certifier")
	reg := addRegisterFlags(fs, "an authorised signatory of a new certifier (repeat for each): its issues must name one of them",
		"a rule code a new certifier is approved to certify (repeat for each, or separate with commas): its applications and issues are refused for other rules")
	if err := fs.Parse(args[1:]); err != nil {
		return flagError(fs, err)
	}
	org.Signatories, org.Scope = reg.signatories, reg.scope
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("keys create: unexpected argument %q", fs.Arg(0)))
	}
	org.Name, org.Role = strings.TrimSpace(org.Name), access.Role(*role)
	if org.Name == "" {
		return usageError("keys create: --org is required")
	}

	svc, err := connect(ctx, d, dbExisting, true, stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	var token string
	var key *access.APIKey
	if svc.Client != nil {
		token, key, err = svc.Client.EnsureOrganizationKey(ctx, &org)
	} else {
		auth := factordb.NewAuthService(svc.DB)
		renderer, rerr := labels.NewRenderer()
		if rerr != nil {
			return fmt.Errorf("load label fonts: %w", rerr)
		}
		auth.CheckText = renderer.CheckText // as pcf serve: the organisation's names can be printed
		auth.CheckCertifier = renderer.CheckCertifier
		token, key, err = access.EnsureOrganizationKey(ctx, auth, &org)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created API key %s for %q (%s)\n", key.ID, key.Org, key.Role)
	if key.Waiting() {
		fmt.Fprintf(stdout, "此密钥须由 %[1]s 的一把现有密钥确认后方可使用 / it works once a key %[1]q already holds confirms it: POST /v1/org/keys/%[2]s/confirm\n", key.Org, key.ID)
	}
	if key.Unvouched {
		fmt.Fprintf(stdout, "%[1]s 的密钥已全部撤销:此恢复密钥可立即使用,但在其此前的一把密钥为其担保前,用它签发的证书在公开验证中标注为未经担保 / every key of %[1]q is revoked: this recovery key works at once, but until a key %[1]q held before vouches for it (POST /v1/org/keys/%[2]s/vouch {\"former_token\"}), certificates issued with it are marked issuing_key_unvouched on public verification\n", key.Org, key.ID)
	}
	fmt.Fprintln(stdout, "token (shown once; store it now, it cannot be shown again):")
	fmt.Fprintln(stdout, token)
	return nil
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

// keyAdmin is what "pcf keys restored", "pcf keys confirm" and "pcf keys
// compromised" use: the file's factordb.AuthService, or the server's admin
// routes.
type keyAdmin interface {
	RestoredAPIKeys(ctx context.Context) ([]*access.APIKey, error)
	ConfirmAPIKey(ctx context.Context, id string) (*access.APIKey, error)
	ConfirmRestoredAPIKeys(ctx context.Context, reason string) ([]*access.APIKey, error)
	MarkAPIKeyCompromised(ctx context.Context, id string, since time.Time) (*access.APIKey, error)
}

var (
	_ keyAdmin = (*factordb.AuthService)(nil)
	_ keyAdmin = (*api.Client)(nil)
)

// keys returns the key administration of s: the server's admin routes
// when a server holds the file, else the file's AuthService.
func (s *services) keys() keyAdmin {
	if s.Client != nil {
		return s.Client
	}
	return factordb.NewAuthService(s.DB)
}

// runKeysRestored is "pcf keys restored" (list the API keys a restore of
// the database brought back, refused until an admin confirms them) and
// "pcf keys confirm ID…" or "pcf keys confirm --all --reason TEXT". On the
// file, its holder confirms them, the admin's own key included; while pcf
// serve holds the file, through its admin routes with the admin token.
func runKeysRestored(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub := args[0]
	fs := newFlagSet("keys " + sub)
	d := addDBFlags(fs)
	// --all and --reason are confirm's: pcf keys restored only lists, and
	// its help does not offer them.
	all, reason := new(bool), new(string)
	if sub == "confirm" {
		fs.BoolVar(all, "all", false, "confirm every key 'pcf keys restored' lists (check the list first)")
		fs.StringVar(reason, "reason", "", "why the keys are confirmed, for the audit trail (with --all)")
	}
	pos, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case sub == "restored" && len(pos) > 0:
		return usageError(fmt.Sprintf("keys restored: unexpected argument %q (it takes none)", pos[0]))
	case sub == "confirm" && *all == (len(pos) > 0):
		return usageError("keys confirm: give key IDs, or --all --reason TEXT")
	case sub == "confirm" && *all && strings.TrimSpace(*reason) == "":
		return usageError("keys confirm --all: --reason is required")
	}
	svc, err := connect(ctx, d, dbExisting, true, stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	keys := svc.keys()
	var listed []*access.APIKey
	switch {
	case sub == "restored":
		listed, err = keys.RestoredAPIKeys(ctx)
	case *all:
		listed, err = keys.ConfirmRestoredAPIKeys(ctx, *reason)
	default:
		for _, id := range pos {
			var k *access.APIKey
			if k, err = keys.ConfirmAPIKey(ctx, id); err != nil {
				break
			}
			listed = append(listed, k)
		}
	}
	for _, k := range listed {
		fmt.Fprintf(stdout, "%s\t%s\t%s\tcreated %s\n", k.ID, k.Org, k.Role, k.CreatedAt.UTC().Format(time.RFC3339))
	}
	if svc.Client != nil && footprint.ErrorCode(err) == access.ERESTOREDKEY {
		return fmt.Errorf("%w\n(the admin token's own key is one the restore brought back: stop pcf serve and run 'pcf keys %s' on the database file)", err, sub)
	}
	if err != nil {
		return err
	}
	switch {
	case sub == "restored":
		fmt.Fprintf(stdout, "%d API keys brought back by the restore, refused until confirmed (pcf keys confirm ID…, or --all --reason TEXT); revoke those revoked after the copy was taken\n", len(listed))
	default:
		fmt.Fprintf(stdout, "%d API keys confirmed\n", len(listed))
	}
	return nil
}

// runKeysCompromised is "pcf keys compromised ID --since TIME": it reports
// API key ID stolen or leaked as of TIME (RFC 3339, not in the future) and
// revokes it; what the key issued, reinstated, reviewed or withdrew since
// is marked on public verification. On the file, or through a running pcf
// serve's admin route with the admin token.
func runKeysCompromised(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("keys compromised")
	d := addDBFlags(fs)
	sinceFlag := fs.String("since", "", "the time the key is compromised as of, RFC 3339 (such as 2026-03-01T08:00:00Z), not in the future")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("keys compromised: want 'pcf keys compromised ID --since TIME'")
	}
	if strings.TrimSpace(*sinceFlag) == "" {
		return usageError("keys compromised: --since is required (RFC 3339, such as 2026-03-01T08:00:00Z)")
	}
	since, err := time.Parse(time.RFC3339, strings.TrimSpace(*sinceFlag))
	if err != nil {
		return usageError(fmt.Sprintf("keys compromised: --since: want an RFC 3339 time (such as 2026-03-01T08:00:00Z), got %q", *sinceFlag))
	}
	svc, err := connect(ctx, d, dbExisting, true, stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	keys := svc.keys()
	k, err := keys.MarkAPIKeyCompromised(ctx, pos[0], since)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "API key %s (%s, %s) is compromised as of %s and revoked at %s\n", k.ID, k.Org, k.Role,
		k.CompromisedSince.UTC().Format(time.RFC3339), k.RevokedAt.UTC().Format(time.RFC3339))
	fmt.Fprintf(stdout, "密钥 %[1]s 自 %[2]s 起已报告泄露并已吊销:它在此时间之后签发、恢复、复核或撤销的证书在公开验证中标注,且有效证书列入待复核清单,直至认证机构换发或撤销 / what key %[1]s issued, reinstated, reviewed or withdrew since %[2]s is marked on public verification (issuing_key_compromised, status_key_compromised), and valid certificates among them are in the flagged queue until the body reissues or withdraws them\n",
		k.ID, k.CompromisedSince.UTC().Format(time.RFC3339))
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// auditTrail is what pcf audit verify reads: the server's GET /v1/audit
// (api.Client) or the file's factordb.CertificationService.
type auditTrail interface {
	FindAuditEvents(ctx context.Context, f access.AuditFilter) ([]*access.AuditEvent, string, error)
}

// runAudit is "pcf audit verify": it reads the whole audit trail, from a
// server (with a regulator's or an admin's API key) or the database file,
// recomputes the digest of every event and checks each link
// (access.AuditChain), trusting nothing the service says of itself; with
// --head N:DIGEST, a head recorded earlier, it checks that event N still
// has that digest: the trail extends the one recorded. On the file it
// also checks the records against the trail (DB.Check).
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	if err := onlySubcommand(args, "verify", "audit: want 'pcf audit verify [--head N:DIGEST]'"); err != nil {
		return err
	}
	fs := newFlagSet("audit verify")
	d := addDBFlags(fs)
	headFlag := fs.String("head", "", "a head recorded earlier, N:DIGEST (the count and digest GET /v1/audit/head gives, or this command's last line): check that event N still has that digest")
	pos, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError(fmt.Sprintf("audit verify: unexpected argument %q", pos[0]))
	}
	var recorded access.AuditHead
	if *headFlag != "" {
		var ok bool
		if recorded, ok = parseHead(*headFlag); !ok {
			return usageError(fmt.Sprintf("audit verify: --head %q: want N:DIGEST, an event number from 1 and its 64 lowercase hex digits", *headFlag))
		}
	}
	if d.server == "" && !heldByAnother(d.path) {
		// Opening a file migrates it to this program's schema: a backup
		// verified with a newer program was upgraded, and the program
		// that made it then refused it (red team 66). A copy is checked.
		copyPath, cerr := privateCopy(d.path)
		if cerr != nil {
			return fmt.Errorf("audit verify: %w", cerr)
		}
		if copyPath != "" {
			defer os.Remove(copyPath)
			original := d.path
			d.path = copyPath
			defer func() { // the errors name the copy
				if err != nil {
					err = fmt.Errorf("%s, checked as its copy %s: %w", original, copyPath, err)
				}
			}()
		}
	}
	svc, err := connect(ctx, d, dbExisting, false, stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	var trail auditTrail = svc.Client
	if svc.Client == nil {
		trail = factordb.NewCertificationService(svc.DB)
	} else if svc.Client.Token = strings.TrimSpace(os.Getenv("PCF_TOKEN")); svc.Client.Token == "" {
		if svc.Client.Token = adminToken(d.path); svc.Client.Token == "" {
			return fmt.Errorf("no API key for %s: set PCF_TOKEN to a regulator's or an admin's", svc.Client.URL)
		}
	}
	// The trail comes newest first, a page at a time; it is checked
	// oldest first. A page read after an event was added starts before it.
	var events []*access.AuditEvent
	for cursor := ""; ; {
		page, next, err := trail.FindAuditEvents(ctx, access.AuditFilter{Cursor: cursor, Limit: footprint.MaxLimit})
		if err != nil {
			return fmt.Errorf("audit verify: read the trail: %w", err)
		}
		events = append(events, page...)
		if cursor = next; cursor == "" {
			break
		}
	}
	chain := access.AuditChain{Head: access.AuditHead{Digest: access.AuditGenesis}}
	for i := len(events) - 1; i >= 0; i-- {
		ev := events[i]
		if err := chain.Add(ev); err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		if ev.Seq == recorded.Count && ev.Digest != recorded.Digest {
			return fmt.Errorf("audit verify: event %d (id %s) has digest %s, not %s as recorded: the trail was rewritten at or before event %d", ev.Seq, ev.ID, ev.Digest, recorded.Digest, ev.Seq)
		}
	}
	if chain.Head.Count < recorded.Count {
		return fmt.Errorf("audit verify: the trail ends at event %d, before the recorded head %d: events %d to %d were removed", chain.Head.Count, recorded.Count, chain.Head.Count+1, recorded.Count)
	}
	if svc.DB != nil {
		// The file holds the records too: a certificate's status, an
		// application's decision or a key's revocation changed with no
		// event leaves the chain sound; DB.Check compares them with the
		// trail (as pcf backup does with the copy it downloads).
		if err := svc.DB.Check(); err != nil {
			return fmt.Errorf("audit verify: the chain is sound, the file is not: %w", err)
		}
		fmt.Fprintf(stdout, "records checked against the trail: certificate statuses and supplier flags, application decisions, organisation roles, API keys (creation, revocation, confirmation) and signing keys (creation, retirement, compromise) agree with their events\n")
	}
	fmt.Fprintf(stdout, "audit chain verified: %d events, every digest recomputed\n", chain.Head.Count)
	if recorded.Count > 0 {
		fmt.Fprintf(stdout, "it extends the recorded head %d:%s\n", recorded.Count, recorded.Digest)
	}
	fmt.Fprintf(stdout, "head %d:%s (record it; check later with --head)\n", chain.Head.Count, chain.Head.Digest)
	return nil
}

// privateCopy copies the file at path to a new temporary file of its
// owner's only (it holds key hashes and the trail) and returns the copy's
// path; "" when there is no file at path.
func privateCopy(path string) (string, error) {
	src, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer src.Close()
	dst, err := os.CreateTemp("", "pcf-verify-*.db")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		os.Remove(dst.Name())
		return "", err
	}
	if err := dst.Close(); err != nil {
		os.Remove(dst.Name())
		return "", err
	}
	return dst.Name(), nil
}

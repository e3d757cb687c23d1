package factordb_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// mustCreateKey makes an API key of org in s and returns its token and key.
func (s *services) mustCreateKey(tb testing.TB, org string) (string, *access.APIKey) {
	tb.Helper()
	token, key, err := s.auth.CreateAPIKey(context.Background(), org)
	if err != nil {
		tb.Fatal(err)
	}
	return token, key
}

// Ensure a restore does not bring back an API key revoked after the copy
// was taken (docs/integrity.md, red team 29's credentials): every key
// created before the restore is refused (ERESTOREDKEY) until an admin
// confirms it, one by one or all at once; a key revoked after the restore
// stays revoked; a key created after it is not affected; an access token
// issued before the restore is refused (expired). Before, the key revoked
// after the copy authenticated again, and so did its access token.
func TestAuth_RestoreBringsBackNoRevokedKey(t *testing.T) {
	ctx, s := mustStart(t)
	if _, err := s.keys.ActiveSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	leakedToken, leaked := s.mustCreateKey(t, orgMaker)
	keptToken, kept := s.mustCreateKey(t, orgMaker)
	otherToken, _ := s.mustCreateKey(t, orgCertifier)
	oldToken, old := s.mustCreateKey(t, orgCertifier)
	if err := s.auth.RevokeAPIKey(ctx, old.ID); err != nil { // revoked before the copy
		t.Fatal(err)
	}
	// An access token of the kept key, long-lived so that only the
	// restore can end it.
	access1, _, err := s.auth.IssueAccessToken(ctx, kept.ID, keptToken, 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	admin := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "key-29"})
	var buf bytes.Buffer
	if _, err := s.db.BackupWithoutSeeds(admin, &buf, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.auth.RevokeAPIKey(ctx, leaked.ID); err != nil { // after the copy: the restore loses it
		t.Fatal(err)
	}

	// A copy not started yet: its restore is not recorded, so no
	// confirmation would count.
	notStarted := factordb.NewAuthService(factordbtest.OpenCopy(t, buf.Bytes()))
	if _, err := notStarted.ConfirmAPIKey(ctx, kept.ID); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Errorf("confirm a key of a copy not started: %v, want ECONFLICT", err)
	}
	if _, err := notStarted.RestoredAPIKeys(ctx); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Errorf("list the keys of a copy not started: %v, want ECONFLICT", err)
	}

	r := restoreAt(t, buf.Bytes(), fixedNow.Add(30*24*time.Hour))
	for name, token := range map[string]string{"revoked after the copy": leakedToken, "kept": keptToken, "other": otherToken} {
		if _, err := r.auth.Authenticate(ctx, token); footprint.ErrorCode(err) != access.ERESTOREDKEY || !strings.Contains(footprint.ErrorMessage(err), "restored") {
			t.Errorf("key %s, after the restore: %v, want %s", name, err, access.ERESTOREDKEY)
		}
	}
	if _, _, err := r.auth.IssueAccessToken(ctx, leaked.ID, leakedToken, time.Hour); footprint.ErrorCode(err) != access.ERESTOREDKEY {
		t.Errorf("access token for the key revoked after the copy: %v, want %s", err, access.ERESTOREDKEY)
	}
	if _, err := r.auth.Authenticate(ctx, oldToken); footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
		t.Errorf("key revoked before the copy: %v, want EUNAUTHORIZED", err)
	}
	if _, err := r.auth.Authenticate(ctx, access1); !errors.Is(err, access.ErrTokenExpired) {
		t.Errorf("access token issued before the restore: %v, want it expired", err)
	}

	// The admin's list: the keys the copy holds, unrevoked, with org and
	// creation time.
	listed, err := r.auth.RestoredAPIKeys(ctx)
	if err != nil || len(listed) != 3 {
		t.Fatalf("restored keys %+v %v, want 3", listed, err)
	}
	if k := listed[0]; k.Org != orgCertifier || k.CreatedAt.IsZero() {
		t.Errorf("first restored key %+v, want %s's (by organisation) with its creation time", k, orgCertifier)
	}

	// A key made after the restore is not affected and not listed.
	newToken, _ := r.mustCreateKey(t, orgMaker)
	if _, err := r.auth.Authenticate(ctx, newToken); err != nil {
		t.Errorf("a key created after the restore: %v", err)
	}
	// The admin, who remembers the leak, revokes the key again: it stays
	// revoked, and cannot be confirmed.
	if err := r.auth.RevokeAPIKey(ctx, leaked.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.ConfirmAPIKey(ctx, leaked.ID); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Errorf("confirm a revoked key: %v, want ECONFLICT", err)
	}
	if _, err := r.auth.ConfirmAPIKey(ctx, "0000000000000000"); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("confirm an unknown key: %v, want ENOTFOUND", err)
	}

	// One by one.
	if k, err := r.auth.ConfirmAPIKey(ctx, kept.ID); err != nil || k.ConfirmedAt.IsZero() {
		t.Fatalf("confirm %s: %+v %v", kept.ID, k, err)
	}
	if p, err := r.auth.Authenticate(ctx, keptToken); err != nil || p.KeyID != kept.ID {
		t.Errorf("the confirmed key: %+v %v", p, err)
	}
	if _, err := r.auth.Authenticate(ctx, access1); !errors.Is(err, access.ErrTokenExpired) {
		t.Errorf("access token issued before the restore, its key confirmed: %v, want it expired", err)
	}
	access2, _, err := r.auth.IssueAccessToken(ctx, kept.ID, keptToken, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.Authenticate(ctx, access2); err != nil {
		t.Errorf("a new access token of the confirmed key: %v", err)
	}

	// All at once: a reason, then the one left.
	if _, err := r.auth.ConfirmRestoredAPIKeys(ctx, " "); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("confirm all without a reason: %v, want EINVALID", err)
	}
	all, err := r.auth.ConfirmRestoredAPIKeys(ctx, "list checked against the revocation log")
	if err != nil || len(all) != 1 || all[0].Org != orgCertifier {
		t.Fatalf("confirm all: %+v %v, want the certifier's key only", all, err)
	}
	if _, err := r.auth.Authenticate(ctx, otherToken); err != nil {
		t.Errorf("a key confirmed with the others: %v", err)
	}
	if _, err := r.auth.Authenticate(ctx, leakedToken); footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
		t.Errorf("the key revoked again after the restore: %v, want EUNAUTHORIZED", err)
	}
	if left, err := r.auth.RestoredAPIKeys(ctx); err != nil || len(left) != 0 {
		t.Errorf("restored keys after confirming: %+v %v", left, err)
	}
	action := access.AuditKeyConfirm
	events, _, err := r.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &action})
	if err != nil || len(events) != 2 {
		t.Fatalf("key.confirm events %+v %v, want 2", events, err)
	}
	if !strings.Contains(events[0].Detail, "revocation log") || events[1].Subject != "key/"+kept.ID {
		t.Errorf("key.confirm events %+v", events)
	}
}

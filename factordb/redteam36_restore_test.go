package factordb_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Red team 36: the attack is a restore whose first start reads a clock set
// back before the copy was taken (a dishonest operator's, or a new machine
// whose clock was never set). The restore was dated by that clock
// (restoreMark.At), and a key, access token or certificate status counts
// as the copy's only if it is dated before it: every one dated after the
// clock's reading, up to the copy's time, came back as if made after the
// restore. A departed employee's key, revoked after the copy, signed in
// again; an access token issued before the copy was honoured; a
// certificate withdrawn for cause after the copy read as valid, unflagged.
// Safe: the start is refused (the clock is before the copy's history ends)
// and leaves the copy not started, or, if it starts, every key, token and
// certificate status of the copy still waits for its confirmation.
func TestRedteam36_ClockSetBackAtTheRestoreBringsBackRevokedKeys(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys) // the signing key, made at the service's first start
	// A day later, the keys and the certificate the copy holds.
	restoreNow(t, s.db)
	s.db.Now = steppingClock(fixedNow.Add(24 * time.Hour))
	cert := s.MustIssue(t, "RT36-W")
	leakedToken, leaked := s.mustCreateKey(t, orgMaker)
	kept, keptKey := s.mustCreateKey(t, orgCertifier)
	tok, _, err := s.auth.IssueAccessToken(ctx, keptKey.ID, kept, 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	admin := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "key-36"})
	var buf bytes.Buffer
	if _, err := s.db.BackupWithoutSeeds(admin, &buf, nil); err != nil {
		t.Fatal(err)
	}
	// After the copy, lost by the restore.
	if err := s.auth.RevokeAPIKey(ctx, leaked.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.SetCertificateStatus(ctx, cert.Certificate().ID, certification.CertificateWithdrawn, "falsified data"); err != nil {
		t.Fatal(err)
	}

	// The first start on the copy reads a clock twelve hours before it
	// (after the signing key's creation: a clock before it fails the start
	// on the key's retirement).
	db := factordbtest.OpenCopy(t, buf.Bytes())
	db.Now = steppingClock(fixedNow.Add(12 * time.Hour))
	r := newServices(db)
	if _, err := r.keys.ActiveSigningKey(ctx); err != nil {
		if what, rerr := db.RestoredCopy(); rerr != nil || what == "" {
			t.Errorf("start refused (%v), but the copy is not left unstarted: %q %v", err, what, rerr)
		}
		return
	}
	if _, err := r.auth.Authenticate(ctx, leakedToken); footprint.ErrorCode(err) != access.ERESTOREDKEY {
		t.Errorf("the key revoked after the copy, clock set back at the restore: %v, want %s", err, access.ERESTOREDKEY)
	}
	if _, err := r.auth.Authenticate(ctx, tok); !errors.Is(err, access.ErrTokenExpired) {
		t.Errorf("an access token issued before the copy, clock set back at the restore: %v, want it expired", err)
	}
	rec, err := r.certs.FindCertificateByID(ctx, cert.Certificate().ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := certification.RestoredFlag(rec.SupplierFlags); !ok {
		t.Errorf("%s, withdrawn after the copy, clock set back at the restore: read %s without the restored flag", cert.Certificate().Number, rec.Status)
	}
}

// Red team 36: the attack is a restore of a restore. A copy not started
// yet (its first start retires its signing key where its history ends) is
// itself copied, before it is started: by pcf backup --db on the restored
// file, or through a server the operator points at it. The second copy was
// marked as taken at its own time, so the restored service retired the old
// signing key then, not where the history really ends: a certificate the
// original service issued after the first copy, lost by the restore,
// verified as genuine beside the certificate the restored service gave its
// number to (what red team 29 closed for one restore). Safe: a copy of a
// copy not started keeps the first copy's time as the end of its history.
func TestRedteam36_CopyOfACopyNotStartedMovesItsHistoryEnd(t *testing.T) {
	ctx, kept, first, lost := keptCopyLost(t, "RT36")

	// The first copy, not started, copied again ten days later.
	copied := factordbtest.OpenCopy(t, first)
	copied.Now = steppingClock(fixedNow.Add(10 * 24 * time.Hour))
	admin := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "key-36"})
	var second bytes.Buffer
	if _, err := copied.BackupWithoutSeeds(admin, &second, nil); err != nil {
		t.Fatal(err)
	}

	r := restoreAt(t, second.Bytes(), fixedNow.Add(30*24*time.Hour))
	checkNumberReusedNotGenuine(t, ctx, r, kept, lost)
}

// Red team 36 (held): the attack is a second restore. After a first
// restore the admin confirms a key; a copy of the restored service is
// taken; the key's holder leaves and the key is revoked; the operator
// restores that copy. Its confirmation is from before the second restore,
// so the key waits again, as do the access tokens issued before it. This
// held; the test keeps it.
func TestRedteam36_SecondRestoreAsksAgainForAConfirmedKey(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	token, key := s.mustCreateKey(t, orgMaker)
	admin := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "key-36"})
	var first bytes.Buffer
	if _, err := s.db.BackupWithoutSeeds(admin, &first, nil); err != nil {
		t.Fatal(err)
	}
	r1 := restoreAt(t, first.Bytes(), fixedNow.Add(10*24*time.Hour))
	if _, err := r1.auth.ConfirmAPIKey(ctx, key.ID); err != nil {
		t.Fatal(err)
	}
	tok, _, err := r1.auth.IssueAccessToken(ctx, key.ID, token, 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if _, err := r1.db.BackupWithoutSeeds(admin, &second, nil); err != nil {
		t.Fatal(err)
	}
	if err := r1.auth.RevokeAPIKey(ctx, key.ID); err != nil { // lost by the second restore
		t.Fatal(err)
	}
	r2 := restoreAt(t, second.Bytes(), fixedNow.Add(20*24*time.Hour))
	if _, err := r2.auth.Authenticate(ctx, token); footprint.ErrorCode(err) != access.ERESTOREDKEY {
		t.Errorf("a key confirmed after the first restore, revoked after the second copy: %v, want %s", err, access.ERESTOREDKEY)
	}
	if _, err := r2.auth.Authenticate(ctx, tok); !errors.Is(err, access.ErrTokenExpired) {
		t.Errorf("its access token issued between the restores: %v, want it expired", err)
	}
	if listed, err := r2.auth.RestoredAPIKeys(ctx); err != nil || len(listed) != 1 || listed[0].ID != key.ID {
		t.Errorf("keys waiting after the second restore: %+v %v, want %s", listed, err, key.ID)
	}
}

// Red team 36: the attack is a partner whose PACT share was revoked after
// the copy. A manufacturer shares a footprint's private details with a
// partner, the copy is taken, the manufacturer ends the share (the
// partnership ended); the restore brings the share back. The admin confirms
// the partner's API key (the partner is still a customer, and nothing in
// the list of keys tells of the share), and the partner reads the details
// again. Safe: a share older than the restore is not in force (nor listed
// to its holder) until its holder shares the footprint again.
func TestRedteam36_ShareRevokedAfterTheCopyInForceAfterTheRestore(t *testing.T) {
	_, s := mustStart(t)
	mustActiveKey(t, s.keys)
	maker := asOrg(orgMaker)
	id := s.MustIssue(t, "RT36-SHARE").Certificate().ID
	if _, _, err := s.certs.ShareFootprint(maker, id, orgMaker2); err != nil {
		t.Fatal(err)
	}
	admin := access.NewContextWithPrincipal(maker, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "key-36"})
	var buf bytes.Buffer
	if _, err := s.db.BackupWithoutSeeds(admin, &buf, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.certs.RevokeShare(maker, id, orgMaker2); err != nil { // lost by the restore
		t.Fatal(err)
	}

	r := restoreAt(t, buf.Bytes(), fixedNow.Add(30*24*time.Hour))
	if got, err := r.certs.SharedWith(maker, orgMaker2); err != nil || got[id] {
		t.Errorf("footprints shared with %s after the restore: %v %v; the share revoked after the copy is in force again", orgMaker2, got, err)
	}
	if shares, err := r.certs.FindShares(maker, id); err != nil || len(shares) != 0 {
		t.Errorf("the holder's shares after the restore: %+v %v, want none in force", shares, err)
	}
	// Its holder shares it again: in force from then.
	if _, created, err := r.certs.ShareFootprint(maker, id, orgMaker2); err != nil || !created {
		t.Fatalf("share again after the restore: created %v, %v", created, err)
	}
	if got, err := r.certs.SharedWith(maker, orgMaker2); err != nil || !got[id] {
		t.Errorf("shared again after the restore: %v %v, want in force", got, err)
	}
}

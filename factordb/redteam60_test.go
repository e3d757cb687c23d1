package factordb_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a roll-back to a program of schema 7 cannot hide what it wrote
// (red team 60). This session's indexes, application_order and
// api_keys_compromised, were built at Open and marked done with the
// schema left at 7, so this morning's pcf (ec1eade) opened the file and
// wrote without them: rolled forward again, the laptop's application it
// took was in no list (the certifier's pending queue empty, GET
// /v1/applications/{id} pending), the one it issued in no list of issued
// ones, and the certificate issued with a key it marked compromised not in
// the flagged list; `pcf audit verify --db` said everything agreed. The
// file is now of schema 8, which a program of schema 7 refuses, and Open
// builds both indexes again for a file of schema 7.
func TestRedteam60_SchemaSevenWritesListedAfterRollForward(t *testing.T) {
	ctx, s := mustStart(t)
	app := s.MustApply(t, "PCF-RT60-1")
	_, stolen := MustCreateKey(t, s.auth, orgCertifier, access.RoleCertifier)
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, fixedNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.WrittenBySchema7)
	mustRun(t, s.db, factordb.Init)
	if v, err := factordb.StoredSchema(s.db); err != nil || v <= 7 {
		t.Errorf("schema %d (%v) after Open: a program of schema 7 opens the file and writes applications, decisions and compromise reports outside application_order and api_keys_compromised", v, err)
	}
	if err := factordb.CheckApplicationFilterIndex(s.db); err != nil {
		t.Error(err)
	}
	if err := factordb.CheckCompromisedKeyIndex(s.db); err != nil {
		t.Error(err)
	}
	pending := certification.ApplicationPending
	got, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{Certifier: new(orgCertifier), Status: &pending})
	if err != nil || !slices.ContainsFunc(got, func(a *certification.Application) bool { return a.ID == app.ID }) {
		t.Errorf("the certifier's pending queue: %d applications (%v), want the one a program of schema 7 stored", len(got), err)
	}
}

// Ensure a database file put in place readable by others is its owner's
// only once opened (red team 60): a backup downloaded with curl -o
// (GET /v1/admin/backup, umask 022: mode 0644) and moved into place was
// served as it was, and the restored copy stored its new signing key's
// private seed in it, readable by every local user.
func TestRedteam60_FileReadableByOthersMadeTheOwners(t *testing.T) {
	path := mustCreateFile(t)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db := MustOpenDBAt(t, path)
	fi, err := os.Stat(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after Open, want 0600: the file holds the signing key's seed", fi.Mode().Perm())
	}
}

// Ensure the keys made with a stolen admin key after the time it is
// reported compromised as of are compromised too, as of their making, and
// so on down the chain (red team 60): the thief minted a manufacturer's
// key with the operator's stolen admin key, and once the admin key was
// reported, the minted key stayed usable (the cascade followed only a
// body's confirmations). A key the admin key made before that time is
// its holder's and stays usable.
func TestRedteam60_KeysMadeWithAStolenAdminKeyAreCompromised(t *testing.T) {
	ctx, s := mustStart(t)
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 1))
	_, stolen := MustCreateKey(t, s.auth, "Operator", access.RoleAdmin)
	mint := func(with *access.APIKey, org string) (string, *access.APIKey) {
		t.Helper()
		as := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: with.ID})
		token, k, err := s.auth.CreateAPIKey(as, org)
		if err != nil {
			t.Fatal(err)
		}
		return token, k
	}
	before, _ := mint(stolen, orgMaker) // day 1: the operator's
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 5))
	minted, _ := mint(stolen, orgMaker) // day 5: the thief's
	mintedAdmin, adminKey := mint(stolen, "Operator")
	byMinted, _ := mint(adminKey, orgRegulator) // made with the thief's own admin key
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 6))
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, fixedNow.AddDate(0, 0, 3)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, token string
		compromised bool
	}{{"made before the time reported", before, false}, {"minted after it", minted, true}, {"an admin key minted after it", mintedAdmin, true}, {"made with that key", byMinted, true}} {
		if _, err := s.auth.Authenticate(ctx, tc.token); (err != nil) != tc.compromised {
			t.Errorf("key %s: Authenticate: %v; want refused: %v", tc.name, err, tc.compromised)
		}
	}
	if err := factordb.CheckCompromisedKeyIndex(s.db); err != nil {
		t.Error(err)
	}
	if err := s.db.Check(); err != nil {
		t.Error(err)
	}
}

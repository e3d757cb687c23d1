package factordb_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure that an admin key reported compromised takes with it the restored
// API keys it confirmed at or after the time it was compromised as of (red
// team 60 left it open): a key revoked after the copy was taken, brought
// back by the restore and confirmed by the thief with the operator's
// stolen admin key, stayed usable after the admin key was reported. It is
// now compromised as of that confirmation; a key the admin key confirmed
// before that time, and one confirmed on the file (no key), stay usable.
func TestRedteam66_KeysConfirmedWithAStolenAdminKeyAreCompromised(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	_, admin := MustCreateKey(t, s.auth, "Operator", access.RoleAdmin)
	leakedToken, leaked := s.mustCreateKey(t, orgMaker)
	keptToken, kept := s.mustCreateKey(t, orgMaker)
	fileToken, onFile := s.mustCreateKey(t, orgCertifier)
	buf := s.mustCopy(t, ctx, admin.ID)
	if err := s.auth.RevokeAPIKey(ctx, leaked.ID); err != nil { // after the copy: the restore loses it
		t.Fatal(err)
	}

	start := fixedNow.Add(30 * 24 * time.Hour)
	r := restoreAt(t, buf.Bytes(), start)
	// The operator confirms its admin key on the file (no key), then,
	// through the server, the kept key; later the thief, holding the admin
	// token, confirms the key revoked after the copy.
	for _, id := range []string{admin.ID, onFile.ID} {
		if _, err := r.auth.ConfirmAPIKey(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	asAdmin := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: admin.ID})
	if _, err := r.auth.ConfirmAPIKey(asAdmin, kept.ID); err != nil {
		t.Fatal(err)
	}
	r.db.Now = steppingClock(start.Add(2 * 24 * time.Hour))
	if _, err := r.auth.ConfirmAPIKey(asAdmin, leaked.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.Authenticate(ctx, leakedToken); err != nil {
		t.Fatalf("the key confirmed by the thief: %v", err)
	}
	r.db.Now = steppingClock(start.Add(3 * 24 * time.Hour))
	if _, err := r.auth.MarkAPIKeyCompromised(ctx, admin.ID, start.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, token string
		compromised bool
	}{{"confirmed by the thief after the time reported", leakedToken, true}, {"confirmed with the admin key before that time", keptToken, false}, {"confirmed on the file", fileToken, false}} {
		if _, err := r.auth.Authenticate(ctx, tc.token); (err != nil) != tc.compromised {
			t.Errorf("key %s: Authenticate: %v; want refused: %v", tc.name, err, tc.compromised)
		}
	}
	if k := readAPIKey(t, r, leaked.ID); !k.CompromisedSince.Equal(k.ConfirmedAt) || k.RevokedAt.IsZero() {
		t.Errorf("the key the thief confirmed: compromised since %s, confirmed at %s, revoked at %s; want compromised as of its confirmation, and revoked",
			k.CompromisedSince, k.ConfirmedAt, k.RevokedAt)
	}
	if err := r.db.Check(); err != nil {
		t.Error(err)
	}
}

// readAPIKey returns API key id of the organisation orgMaker as the store
// lists it.
func readAPIKey(t *testing.T, s *services, id string) *access.APIKey {
	t.Helper()
	keys, err := s.auth.OrganizationAPIKeys(t.Context(), orgMaker)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.ID == id {
			return k
		}
	}
	t.Fatalf("no key %s of %s", id, orgMaker)
	return nil
}

package factordb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure Open marks, once, the sets of an earlier file that a curator
// filled based on no other (by their audit trail) as not reviewed as a
// set, and a copy of one with them, and leaves alone a set only the
// database file's holder filled: the review mark did not exist, so no
// second curator had reviewed them (docs/integrity.md §11a).
func TestOpen_MarksCuratedSetsOfAnEarlierFile(t *testing.T) {
	ctx := context.Background()
	alice := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "k-alice"})
	path := filepath.Join(t.TempDir(), "db")
	db, svc := mustOpenDraft(t, path, flaggedPV(t)) // 2026.1: the holder's
	for _, v := range []string{"2026.C", "2026.W"} {
		if err := svc.CreateFactorSet(alice, &footprint.FactorSet{Version: v}); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: "2026.D", BasedOn: "2026.C"}); err != nil {
		t.Fatal(err)
	}
	// The file as an earlier version wrote it: no review marks, and the
	// migration not done.
	if err := db.db.Update(func(tx *bolt.Tx) error {
		for _, v := range []string{"2026.C", "2026.D", "2026.W"} {
			if err := tx.Bucket(factorFlagsBucket).Bucket([]byte(v)).Delete(setReviewKey); err != nil {
				return err
			}
		}
		return tx.Bucket(metaBucket).Delete([]byte("migration:factor-set-reviews"))
	}); err != nil {
		t.Fatal(err)
	}
	// Without its mark, such a set needs no review as a set.
	if _, _, err := svc.ReviewFactorSet(ctx, "2026.W", nil, "the holder's review"); footprint.ErrorField(err) != "set" {
		t.Fatalf("review of an unmarked set: %v, want field set", err)
	}

	db = mustReopen(t, db, path)
	defer db.Close()
	svc = NewFactorService(db)
	for v, want := range map[string]string{"2026.C": "API key k-alice created factor set 2026.C", "2026.D": "copied from set 2026.C", "2026.W": "API key k-alice created factor set 2026.W", "2026.1": ""} {
		r, err := svc.FindSetReview(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		if r.Pending() != (want != "") || !strings.Contains(r.Why, want) {
			t.Errorf("review of %s after Open: %+v, want pending %v saying %q", v, r, want != "", want)
		}
	}
	subject, action := "database/migration:factor-set-reviews", AuditDatabaseMigrate
	evs, _, err := NewCertificationService(db).FindAuditEvents(ctx, access.AuditFilter{Subject: &subject, Action: &action})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || !strings.Contains(evs[0].Detail, "2026.C, 2026.W, 2026.D") {
		t.Fatalf("migration events: %+v", evs)
	}
}

package factordb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure the flags Open stores for a set stored without them are in the
// audit trail of that set, once: the next Open finds them and records
// nothing.
func TestOpen_MissingFlagsAudited(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db := mustOpenUnflagged(t, path)
	events := func(db *DB) []*access.AuditEvent {
		subject, action := "factor-set/2026.1", AuditDatabaseMigrate
		evs, _, err := NewCertificationService(db).FindAuditEvents(context.Background(), access.AuditFilter{Subject: &subject, Action: &action})
		if err != nil {
			t.Fatal(err)
		}
		return evs
	}
	if evs := events(db); len(evs) != 0 {
		t.Fatalf("events before: %+v", evs)
	}
	for round := range 2 {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		var err error
		if db, err = Open(path); err != nil {
			t.Fatal(err)
		}
		evs := events(db)
		if len(evs) != 1 || !strings.Contains(evs[0].Detail, "1 flags stored") || evs[0].Actor != "system" {
			t.Fatalf("open %d: migration events of the set %+v", round, evs)
		}
	}
	db.Close()
}

// mustOpenUnflagged opens at path a draft 2026.1 of flaggedPV stored as
// before the plausibility checks: no flags stored.
func mustOpenUnflagged(t *testing.T, path string) *DB {
	t.Helper()
	db, _ := mustOpenDraft(t, path, flaggedPV(t))
	if err := db.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(factorFlagsBucket).Bucket([]byte("2026.1")).DeleteBucket(flagsKey)
	}); err != nil {
		t.Fatal(err)
	}
	return db
}

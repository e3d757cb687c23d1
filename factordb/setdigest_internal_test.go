package factordb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// storedDigest returns the content digest stored with set version, ""
// if none is, and the digest of its factors as they are.
func storedDigest(t *testing.T, db *DB, version string) (stored, now string) {
	t.Helper()
	err := db.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(factorFlagsBucket).Bucket([]byte(version)); b != nil {
			stored = string(b.Get(contentDigestKey))
		}
		var err error
		now, err = setContentDigest(tx, version)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return stored, now
}

// rawPut writes factor f into set version as a writer that forgets the
// set's flags would: the factor record, nothing else.
func rawPut(t *testing.T, db *DB, version string, f *footprint.Factor) {
	t.Helper()
	if err := db.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(factorsBucket).Bucket([]byte(version)).Put([]byte(f.Code), appendFactor(nil, f))
	}); err != nil {
		t.Fatal(err)
	}
}

// Ensure every write to a set's factors stores the set's content digest
// in its transaction, so that a reviewer's read (FindSetReview) takes the
// stored digest instead of hashing the set, and the stored digest is that
// of the factors as they are after each write: a new set, a single-batch
// and a staged import, a classification, a copy from a base, an import
// into the copy, its publication, an acknowledgement on a draft.
func TestStoreFlags_KeepsSetDigest(t *testing.T) {
	ctx := context.Background()
	alice := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "k-alice"})
	path := filepath.Join(t.TempDir(), "db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := NewFactorService(db)
	factors := flaggedPV(t)
	factors[0].ElectricityRole = "" // for ClassifyFactors to fill
	last := ""
	for _, step := range []struct {
		name, set string
		write     func() error
	}{
		{"ImportOneBatch", "2026.C", func() error {
			if err := svc.CreateFactorSet(alice, &footprint.FactorSet{Version: "2026.C"}); err != nil {
				return err
			}
			_, err := svc.ImportFactors(alice, "2026.C", factors[:3])
			return err
		}},
		{"ImportStaged", "2026.C", func() error {
			f, k := importBatch, copyBatch
			importBatch, copyBatch = 2, 2
			defer func() { importBatch, copyBatch = f, k }()
			_, err := svc.ImportFactors(alice, "2026.C", factors[2:])
			return err
		}},
		{"Classify", "2026.C", func() error {
			_, err := svc.ClassifyFactors(alice, "2026.C", map[string]footprint.FactorClass{"PV-0": {ElectricityRole: footprint.GenerationRole("pv")}})
			return err
		}},
		{"CopyFromBase", "2026.D", func() error {
			return svc.CreateFactorSet(alice, &footprint.FactorSet{Version: "2026.D", BasedOn: "2026.C"})
		}},
		{"ImportIntoCopy", "2026.D", func() error {
			f := *factors[3]
			f.Value *= 0.5
			_, err := svc.ImportFactors(alice, "2026.D", []*footprint.Factor{&f})
			return err
		}},
		{"Acknowledge", "2026.D", func() error {
			flags, err := svc.FindFactorFlags(ctx, "2026.D")
			if err != nil {
				return err
			}
			_, err = svc.AcknowledgeFactorFlags(ctx, "2026.D", factorlib.Seen(flags, []string{"PV-3", "PV-6"}), "checked against the supplier's datasheet")
			return err
		}},
		{"Publish", "2026.D", func() error {
			_, err := svc.PublishFactorSet(ctx, "2026.D")
			return err
		}},
	} {
		if err := step.write(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		stored, now := storedDigest(t, db, step.set)
		if stored != now {
			t.Errorf("%s: stored digest of %s %q, want that of its factors now, %q", step.name, step.set, stored, now)
		}
		r, err := svc.FindSetReview(ctx, step.set)
		if err != nil || !r.Required || r.Digest != now {
			t.Errorf("%s: review of %s %+v, %v: want the digest of its factors now", step.name, step.set, r, err)
		}
		if step.set == "2026.C" && now == last {
			t.Errorf("%s: the digest of 2026.C did not change", step.name)
		}
		last = now
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

// Ensure Check names a set whose stored content digest is not that of its
// factors: a write that did not store the set's flags again.
func TestDB_Check_StaleSetDigest(t *testing.T) {
	db, _ := mustOpenDraft(t, filepath.Join(t.TempDir(), "db"), flaggedPV(t))
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatalf("check before: %v", err)
	}
	f := flaggedPV(t)[6]
	f.Value = 0.04
	rawPut(t, db, "2026.1", f)
	if err := db.Check(); err == nil || !strings.Contains(err.Error(), "content digest of factor set 2026.1") {
		t.Fatalf("check after a write that left the digest: %v, want it named", err)
	}
}

// Ensure a stored digest a write left behind does not let a changed set
// pass as reviewed: the review compares the digest the reviewer sends
// with the factors as they are, not with what is stored.
func TestReviewFactorSet_StaleStoredDigest(t *testing.T) {
	ctx := context.Background()
	alice := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "k-alice"})
	bob := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "k-bob"})
	db, err := Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := NewFactorService(db)
	if err := svc.CreateFactorSet(alice, &footprint.FactorSet{Version: "2026.C"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportFactors(alice, "2026.C", flaggedPV(t)[:6]); err != nil {
		t.Fatal(err)
	}
	f := flaggedPV(t)[0]
	f.Value = 0.002 // flattering, written past the flags
	rawPut(t, db, "2026.C", f)
	r, err := svc.FindSetReview(ctx, "2026.C")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = svc.ReviewFactorSet(bob, "2026.C", r.Digest, nil, "checked against the source")
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "set_digest" {
		t.Fatalf("review with the stale stored digest: %v, want ECONFLICT on set_digest", err)
	}
}

// Ensure Open stores, once and audited, the content digest of each set of
// a file written before the digest was kept with the flags.
func TestOpen_StoresMissingSetDigests(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	db, _ := mustOpenDraft(t, path, flaggedPV(t))
	if err := db.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(factorFlagsBucket).Bucket([]byte("2026.1")).Delete(contentDigestKey); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Delete([]byte("migration:factor-set-digests"))
	}); err != nil {
		t.Fatal(err)
	}
	if stored, _ := storedDigest(t, db, "2026.1"); stored != "" {
		t.Fatalf("stored digest %q before Open, want none", stored)
	}
	db = mustReopen(t, db, path)
	db = mustReopen(t, db, path) // the second Open finds it done
	defer db.Close()
	if stored, now := storedDigest(t, db, "2026.1"); stored != now {
		t.Fatalf("stored digest %q after Open, want %q", stored, now)
	}
	subject, action := "database/migration:factor-set-digests", AuditDatabaseMigrate
	evs, _, err := NewCertificationService(db).FindAuditEvents(ctx, access.AuditFilter{Subject: &subject, Action: &action})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || !strings.Contains(evs[0].Detail, "content digests of 1 factor sets") {
		t.Fatalf("migration events: %+v", evs)
	}
}

package factordb_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a retired signing key's private seed is not kept. Rotation
// retired a key by setting its retirement time and kept its seed in the
// database, where nothing uses it: whoever reads the file, or a backup
// made after the rotation, can sign certificates with the retired key,
// dated before its retirement, and every verifier (the JWKS, pcf verify
// offline) calls them genuine, since a signature made later cannot be
// told from one made in time. Rotation must destroy the seed and keep the
// public key. (Earlier copies of the record stay in the file's free pages,
// and in hot backups, until bbolt reuses them: destroyRetiredSeeds says
// so; this test reads the records, as the service and a reader of the
// database do.)
func TestRedteam3_RetiredKeySeedDestroyed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	db := MustOpenDBAt(t, path)
	keys := factordb.NewKeyService(db)
	old, err := keys.ActiveSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	pubs, err := keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 2 || pubs[0].ID != old.ID || pubs[0].Retired.IsZero() || !bytes.Equal(pubs[0].Key, old.PublicKey().Key) {
		t.Fatalf("public keys after rotation %+v", pubs)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, err := db.BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	for _, seed := range storedSeeds(t, backup) {
		k := &certification.SigningKey{ID: old.ID, Created: old.Created, Private: ed25519.NewKeyFromSeed(seed)}
		if k.Validate() != nil {
			continue // another key's
		}
		c := testCertificate(t, old.Created) // dated while the key was active
		c.Number = "CDPCF-2026-000999"
		sc := mustSign(t, c, k) // signed now, after the retirement
		t.Fatalf("the backup keeps the seed of key %s, retired %s: a certificate signed with it after the retirement, dated %s, verifies (error %v)",
			old.ID, pubs[0].Retired.Format(time.RFC3339), c.IssuedAt.Format(time.RFC3339), certification.VerifyCertificate(sc, pubs))
	}
	// The retired key still verifies what it signed in time; a second
	// rotation and a copy of the file keep it published.
	before := mustSign(t, testCertificate(t, old.Created), old)
	if _, err := keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BackupToFile(backup + "2"); err != nil {
		t.Fatal(err)
	}
	pubs, err = factordb.NewKeyService(MustOpenDBAt(t, backup+"2")).PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 3 {
		t.Fatalf("%d public keys, want 3", len(pubs))
	}
	if err := certification.VerifyCertificate(before, pubs); err != nil {
		t.Fatalf("certificate signed before the rotation: %v", err)
	}
}

// storedSeeds returns the "seed" of every signing-key record in the
// database file at path, as a reader of the file finds them.
func storedSeeds(t *testing.T, path string) [][]byte {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var seeds [][]byte
	err = bdb.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("signing_keys")).ForEach(func(_, v []byte) error {
			var rec struct {
				Seed []byte `json:"seed"`
			}
			if err := json.Unmarshal(v, &rec); err != nil {
				return err
			}
			if len(rec.Seed) == ed25519.SeedSize {
				seeds = append(seeds, rec.Seed)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return seeds
}

// Ensure a retired key's seed left by an earlier version in the file is
// destroyed at the next rotation, its public key kept.
func TestRedteam3_LegacyRetiredSeedDestroyed(t *testing.T) {
	ctx := context.Background()
	// Retire it as the earlier version did: the seed stays.
	path, old := legacyRetiredSeedFile(t, false)
	db := MustOpenDBAt(t, path)
	keys := factordb.NewKeyService(db)
	if _, err := keys.RotateSigningKey(ctx); err != nil { // no active key: creates one
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, err := db.BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	if n := len(storedSeeds(t, backup)); n != 1 {
		t.Fatalf("%d seeds stored after the rotation, want 1 (the active key's)", n)
	}
	pubs, err := keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(pubs, func(p certification.PublicKey) bool { return p.ID == old.ID })
	if len(pubs) != 2 || i < 0 || pubs[i].Retired.IsZero() || !bytes.Equal(pubs[i].Key, old.PublicKey().Key) {
		t.Fatalf("public keys %+v", pubs)
	}
}

// Ensure a retired key's seed left by an earlier version is destroyed when
// the file is opened, not only at the next rotation: a service
// that issued nothing after the upgrade (a verification replica, a quiet
// week) kept the seed, and every backup made meanwhile could sign
// certificates dated before the retirement.
func TestReview_LegacyRetiredSeedDestroyedAtOpen(t *testing.T) {
	ctx := context.Background()
	path, old := legacyRetiredSeedFile(t, true)
	db := MustOpenDBAt(t, path)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, err := db.BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	if n := len(storedSeeds(t, backup)); n != 0 {
		t.Fatalf("%d seeds stored after opening, want none (the only key is retired)", n)
	}
	pubs, err := factordb.NewKeyService(db).PublicKeys(ctx)
	if err != nil || len(pubs) != 1 || !bytes.Equal(pubs[0].Key, old.PublicKey().Key) || pubs[0].Retired.IsZero() {
		t.Fatalf("public keys %+v %v", pubs, err)
	}
}

// legacyRetiredSeedFile writes a database file whose only key is retired
// with its seed kept, as an earlier version left it (without the marker of
// the upgrade that destroys such seeds at open, if unmarked), and returns
// its path and the key.
func legacyRetiredSeedFile(t *testing.T, unmarked bool) (string, *certification.SigningKey) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "db")
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	old, err := factordb.NewKeyService(db).ActiveSigningKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b, err := json.Marshal(map[string]any{"v": 1, "id": old.ID, "seed": old.Private.Seed(), "created": old.Created, "retired": old.Created.Add(time.Hour)})
		if err != nil {
			return err
		}
		if unmarked {
			if err := tx.Bucket([]byte("meta")).Delete([]byte("keys:retired_seeds_destroyed")); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("signing_keys")).Put([]byte(old.ID), b)
	})
	if err := errors.Join(err, bdb.Close()); err != nil {
		t.Fatal(err)
	}
	return path, old
}

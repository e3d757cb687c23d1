package factordb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/chengdu-pcf/pcf/footprint/access"
	bolt "go.etcd.io/bbolt"
)

// AuditDatabaseBackup is the audit action of a copy of the database
// without private signing keys handed out by BackupWithoutSeeds (the HTTP
// backup), by the context's principal.
const AuditDatabaseBackup = access.AuditDatabaseBackup

// backupTxBytes bounds the keys and values one transaction of the filtered
// copy writes, so that the copy never holds the whole database in memory.
const backupTxBytes = 8 << 20

// BackupWithoutSeeds writes to w a consistent copy of the database (one read
// transaction) in which no signing key has its private seed: every key
// keeps its ID, public key, creation and retirement times, so that a
// database restored from the copy verifies every certificate issued before
// it, but nobody holding the copy can sign. The first start on a restored
// copy retires its active key, which has no seed, and creates a new one
// (activeSigningKey). No PACT supplier endpoint has its client secret
// either (withoutSecrets): after a restore, each manufacturer saves its
// endpoints again with their secrets.
//
// The copy is made key by key into a temporary file next to the database
// (mode 0600, removed on return), never through the seed: bbolt keeps freed
// pages unwiped, so a copy edited after tx.WriteTo would still hold it.
// Before anything is written to w, an AuditDatabaseBackup event by the
// context's principal records the copy's size and SHA-256, and start is told
// its size, as BackupSized does.
func (db *DB) BackupWithoutSeeds(ctx context.Context, w io.Writer, start func(size int64) error) (int64, error) {
	f, size, sum, err := db.copyWithoutSeeds()
	if f != nil {
		defer func() { _ = f.Close(); _ = os.Remove(f.Name()) }()
	}
	if err != nil {
		return 0, fmt.Errorf("factordb: backup: %w", err)
	}
	detail := fmt.Sprintf("%d bytes, sha256 %s, without private signing keys or PACT client secrets", size, hex.EncodeToString(sum))
	if err := db.db.Update(func(tx *bolt.Tx) error {
		return audit(ctx, tx, db.now(), AuditDatabaseBackup, "database/backup", detail)
	}); err != nil {
		return 0, fmt.Errorf("factordb: backup: %w", err)
	}
	if start != nil {
		if err := start(size); err != nil {
			return 0, err
		}
	}
	n, err := io.Copy(w, f)
	if err == nil && n != size {
		err = fmt.Errorf("wrote %d of %d bytes", n, size)
	}
	if err != nil {
		return n, fmt.Errorf("factordb: backup: %w", err)
	}
	return n, nil
}

// copyWithoutSeeds copies the database without signing seeds into a
// temporary file and returns it open at its start, with its size and
// SHA-256. The caller closes and removes the file, which is returned
// (possibly nil) with any error.
func (db *DB) copyWithoutSeeds() (f *os.File, size int64, sum []byte, err error) {
	f, err = os.CreateTemp(filepath.Dir(db.Path), "."+filepath.Base(db.Path)+".backup-*")
	if err != nil {
		return nil, 0, nil, err
	}
	if err = f.Chmod(0o600); err != nil {
		return f, 0, nil, err
	}
	dst, err := bolt.Open(f.Name(), 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		return f, 0, nil, err
	}
	err = db.db.View(func(src *bolt.Tx) error { return copyTx(dst, src) })
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return f, 0, nil, err
	}
	h := sha256.New()
	if size, err = io.Copy(h, f); err != nil {
		return f, 0, nil, err
	}
	if _, err = f.Seek(0, io.SeekStart); err != nil {
		return f, 0, nil, err
	}
	return f, size, h.Sum(nil), nil
}

// withoutSecrets maps each top-level bucket whose records hold a secret in
// clear to what writes a record into the HTTP backup without it: the seeds
// of the signing keys, and the client secrets manufacturers gave for their
// suppliers' PACT hosts (which another organisation's admin must not read;
// GET /v1/pact/endpoints never shows them either). Every other bucket holds
// no secret in clear: API keys are stored as the SHA-256 of their secret,
// access tokens (and so the web sessions, which hold one in memory only)
// as the SHA-256 of the token, and PACT answers' hosts are credentialled by
// the server's configuration, not the database.
var withoutSecrets = map[string]func(k, v []byte) ([]byte, error){
	string(signingKeysBucket):   withoutSeed,
	string(pactEndpointsBucket): withoutClientSecret,
}

// copyTx copies every bucket of src (with their sequences) into the empty
// database dst, in transactions of at most backupTxBytes, leaving out the
// secrets stored in clear (withoutSecrets). It is bolt.Compact with a filter:
// Compact takes none, and scrubbing its copy afterwards would leave the
// secrets in freed pages until a second Compact, twice the I/O.
func copyTx(dst *bolt.DB, src *bolt.Tx) error {
	tx, err := dst.Begin(true)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	written := 0
	// bucket returns the bucket of dst at path, in the current transaction.
	bucket := func(path [][]byte) *bolt.Bucket {
		b := tx.Bucket(path[0])
		for _, name := range path[1:] {
			b = b.Bucket(name)
		}
		return b
	}
	var walk func(path [][]byte, b *bolt.Bucket) error
	walk = func(path [][]byte, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if written >= backupTxBytes {
				if err := tx.Commit(); err != nil {
					return err
				}
				if tx, err = dst.Begin(true); err != nil {
					return err
				}
				written = 0
			}
			written += len(k) + len(v)
			parent := bucket(path)
			parent.FillPercent = 1
			if v == nil { // a nested bucket
				sub := b.Bucket(k)
				nb, err := parent.CreateBucket(k)
				if err != nil {
					return err
				}
				if err := nb.SetSequence(sub.Sequence()); err != nil {
					return err
				}
				return walk(append(path[:len(path):len(path)], k), sub)
			}
			if scrub := withoutSecrets[string(path[0])]; len(path) == 1 && scrub != nil {
				if v, err = scrub(k, v); err != nil {
					return err
				}
			}
			return parent.Put(k, v)
		})
	}
	err = src.ForEach(func(name []byte, b *bolt.Bucket) error {
		nb, err := tx.CreateBucket(name)
		if err != nil {
			return err
		}
		if err := nb.SetSequence(b.Sequence()); err != nil {
			return err
		}
		return walk([][]byte{name}, b)
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

// withoutSeed returns the stored signing key v (key ID k) with its seed
// replaced by its public key; its retirement, active or not, is unchanged.
func withoutSeed(k, v []byte) ([]byte, error) {
	var rec signingKeyRecord
	if err := decodeJSON(v, &rec); err != nil {
		return nil, fmt.Errorf("signing key %s: %w", k, err)
	}
	if len(rec.Seed) == 0 {
		return v, nil
	}
	if err := rec.dropSeed(); err != nil {
		return nil, err
	}
	return json.Marshal(&rec)
}

// withoutClientSecret returns the stored PACT endpoint v (key k) with an
// empty client secret: its owner enters it again after a restore.
func withoutClientSecret(k, v []byte) ([]byte, error) {
	var rec pactEndpointRecord
	if err := decodeJSON(v, &rec); err != nil {
		return nil, fmt.Errorf("PACT endpoint %q: %w", k, err)
	}
	if rec.ClientSecret == "" {
		return v, nil
	}
	rec.ClientSecret = ""
	return json.Marshal(&rec)
}

package factordb

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// signingKeysBucket holds the certificate signing keys (see doc.go).
var signingKeysBucket = []byte("signing_keys") // key ID (fingerprint) → signingKeyRecord

// KeyService implements certification.KeyService on a DB: Ed25519 certificate
// signing keys, created on first use and rotated on request.
//
// The private keys are stored in the database file, unencrypted: whoever
// can read the file (or a backup of it) can sign certificates. Open creates
// the file with mode 0600 and BackupToFile writes backups with mode 0600;
// keep it that way, and keep backups as protected as the file. The copy
// handed out over HTTP (BackupWithoutSeeds) leaves every seed out.
//
// At most one key is active (not retired) at a time: creation and rotation
// check for it inside their write transaction.
type KeyService struct {
	db *DB
}

var _ certification.KeyService = (*KeyService)(nil)

// NewKeyService returns a KeyService storing signing keys in db.
func NewKeyService(db *DB) *KeyService {
	return &KeyService{db: db}
}

// signingKeyRecord is the stored form of a certification.SigningKey with its
// retirement time. Seed is the 32-byte Ed25519 private key seed (RFC 8032)
// of the active key. A retired key keeps only its 32-byte public key
// (Public) and no seed: it signs nothing any more, so nothing needs it, and
// a seed kept would let whoever reads the file (or a backup made after the
// retirement) sign certificates dated before the retirement that every
// verifier takes for genuine (destroyRetiredSeeds).
type signingKeyRecord struct {
	V       int       `json:"v"`
	ID      string    `json:"id"`
	Seed    []byte    `json:"seed,omitempty"`
	Public  []byte    `json:"public,omitempty"`
	Created time.Time `json:"created"`
	Retired time.Time `json:"retired,omitzero"`
	// Compromised: when the key was reported compromised
	// (KeyService.ReportCompromised).
	Compromised time.Time `json:"compromised,omitzero"`
}

// key returns the signing key of the record, checking that its ID is the
// fingerprint of its public key.
func (r *signingKeyRecord) key() (*certification.SigningKey, error) {
	if len(r.Seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("signing key %s: %w", r.ID, errCorrupt)
	}
	k := &certification.SigningKey{ID: r.ID, Created: r.Created, Private: ed25519.NewKeyFromSeed(r.Seed)}
	if err := k.Validate(); err != nil {
		return nil, fmt.Errorf("signing key %s: %s: %w", r.ID, footprint.ErrorMessage(err), errCorrupt)
	}
	return k, nil
}

// publicKey returns the public key of the record, retired or not, checking
// that its ID is the fingerprint of the key.
func (r *signingKeyRecord) publicKey() (certification.PublicKey, error) {
	var pub certification.PublicKey
	switch {
	case len(r.Seed) > 0:
		k, err := r.key()
		if err != nil {
			return pub, err
		}
		pub = k.PublicKey()
	case len(r.Public) == ed25519.PublicKeySize:
		pub = certification.PublicKey{ID: r.ID, Key: ed25519.PublicKey(bytes.Clone(r.Public)), Created: r.Created}
	default:
		return pub, fmt.Errorf("signing key %s has neither seed nor public key: %w", r.ID, errCorrupt)
	}
	pub.Retired, pub.Compromised = r.Retired, r.Compromised
	if err := pub.Validate(); err != nil {
		return pub, fmt.Errorf("signing key %s: %s: %w", r.ID, footprint.ErrorMessage(err), errCorrupt)
	}
	return pub, nil
}

// retire marks the record retired at t and destroys its seed, keeping its
// public key.
func (r *signingKeyRecord) retire(t time.Time) error {
	r.Retired = t
	return r.dropSeed()
}

// dropSeed replaces the seed of a retired record with its public key.
func (r *signingKeyRecord) dropSeed() error {
	pub, err := r.publicKey()
	if err != nil {
		return err
	}
	r.Public, r.Seed = pub.Key, nil
	return nil
}

// destroyRetiredSeeds removes, in tx, the seed of every retired key that
// still has one (a database written before retirement destroyed seeds),
// keeping its public key. Opening a file of an earlier version
// (destroyRetiredSeedsAtOpen) and rotation call it (the latter for a file
// an earlier version wrote to again after the upgrade); an issue reads the
// active key only. The public keys do not change, so the keys generation does
// not either.
//
// bbolt does not overwrite freed pages: a seed's earlier copies stay in
// the file's free pages (and in hot backups, which copy them) until they
// are reused. A file that held a retired seed is clean only once compacted
// into a new file (bbolt compact).
func destroyRetiredSeeds(tx *bolt.Tx, recs []*signingKeyRecord) error {
	for _, rec := range recs {
		if rec.Retired.IsZero() || len(rec.Seed) == 0 {
			continue
		}
		if err := rec.dropSeed(); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(signingKeysBucket), []byte(rec.ID), rec); err != nil {
			return err
		}
	}
	return nil
}

// destroyRetiredSeedsAtOpen destroys, when a file written by an earlier
// version is first opened, the seeds its retired keys kept, rather than at
// its next rotation: a service that rotates nothing for a while
// would otherwise keep them, and so would its backups.
func destroyRetiredSeedsAtOpen(tx *bolt.Tx) error {
	recs, err := signingKeys(tx)
	if err != nil {
		return err
	}
	return destroyRetiredSeeds(tx, recs)
}

// signingKeys returns every key record in tx.
func signingKeys(tx *bolt.Tx) ([]*signingKeyRecord, error) {
	var recs []*signingKeyRecord
	err := tx.Bucket(signingKeysBucket).ForEach(func(k, v []byte) error {
		var rec signingKeyRecord
		if err := decodeJSON(v, &rec); err != nil {
			return fmt.Errorf("signing key %s: %w", k, err)
		}
		recs = append(recs, &rec)
		return nil
	})
	return recs, err
}

// activeKey returns the active key record in tx, or nil.
func activeKey(tx *bolt.Tx) (*signingKeyRecord, error) {
	rec, _, err := activeKeyOf(tx)
	return rec, err
}

// activeKeyOf returns the active key record in tx, or nil, and every
// record.
func activeKeyOf(tx *bolt.Tx) (*signingKeyRecord, []*signingKeyRecord, error) {
	recs, err := signingKeys(tx)
	if err != nil {
		return nil, nil, err
	}
	for _, rec := range recs {
		if rec.Retired.IsZero() {
			return rec, recs, nil
		}
	}
	return nil, recs, nil
}

// activeSigningKey returns the active signing key in the write transaction
// tx, creating one at now on first use, with an AuditSigningKeyRotate
// event by "system" ("first key"). The active key of a restored copy
// (markCopy: BackupWithoutSeeds, FullBackupToFile), or one without its seed
// (a copy an earlier version made without private keys), does not sign
// here: it is retired where the copy's history ends (copyEnd) and a new key
// created at now, with an AuditSigningKeyRotate event by "system" naming
// the copy. Certificates the copy holds still verify; those the key signed
// after the copy was taken, which the copy lacks and whose numbers it gives
// again, do not.
func activeSigningKey(db *DB, tx *bolt.Tx, now time.Time) (*certification.SigningKey, error) {
	rec, err := activeKey(tx)
	if err != nil {
		return nil, err
	}
	c, err := copyMarked(tx)
	if err != nil {
		return nil, err
	}
	switch {
	case rec != nil && (len(rec.Seed) == 0 || c != nil):
		if rec, err = replaceRestoredKey(db, tx, rec, c, now.Truncate(time.Second)); err != nil {
			return nil, err
		}
	case c != nil: // a copy without a key: nothing signed after it
		if err := db.endCopy(tx, c.At.Truncate(time.Second), now); err != nil {
			return nil, err
		}
	}
	if rec == nil {
		// Recorded, as a rotation's new key is: Check names a key the
		// trail never saw created (auditrecords.go), whose signatures
		// would otherwise verify.
		if rec, err = putNewKey(tx, now.Truncate(time.Second)); err != nil {
			return nil, err
		}
		if err := audit(context.Background(), tx, rec.Created, access.AuditSigningKeyRotate, "signing-key/"+rec.ID, "first key"); err != nil {
			return nil, err
		}
	}
	return rec.key()
}

// replaceRestoredKey retires old, the active key of a restored copy (c, or
// nil for a copy an earlier version made without private keys), where the
// copy's history ends (copyEnd), and stores a new active key created at
// now, recording both in the audit trail.
//
// Not at now: the key went on signing at the copy's source after the copy
// was taken, and the certificates it signed then are not in this database,
// whose numbering gives their numbers to other certificates. Retired where
// the copy ends, the key verifies every certificate the copy holds and none
// it lost, so that no number is borne by two certificates that verify
// (red team 29); nor does a seed kept from before the copy sign anything
// dated after it.
func replaceRestoredKey(db *DB, tx *bolt.Tx, old *signingKeyRecord, c *copyRecord, now time.Time) (*signingKeyRecord, error) {
	end, what, err := copyEnd(tx, old, c)
	if err != nil {
		return nil, err
	}
	if len(old.Seed) == 0 {
		what += "; its private key is not in this database"
	}
	if err := old.retire(end); err != nil {
		return nil, err
	}
	if err := putJSON(tx.Bucket(signingKeysBucket), []byte(old.ID), old); err != nil {
		return nil, err
	}
	rec, err := putNewKey(tx, now)
	if err != nil {
		return nil, err
	}
	if err := db.endCopy(tx, end, now); err != nil {
		return nil, err
	}
	return rec, audit(context.Background(), tx, now, access.AuditSigningKeyRotate, "signing-key/"+rec.ID, restoreDetail(old.ID, end, what))
}

// restoreDetail is the audit detail of the retirement at end of key id by
// a restore from the copy what.
func restoreDetail(id string, end time.Time, what string) string {
	at := end.UTC().Format(time.RFC3339)
	return fmt.Sprintf("retired %s at %s: this database is restored from %s; "+
		"nothing the service recorded after %s (certificates issued, decisions, keys revoked) is in it, "+
		"and a certificate %s signed after %s does not verify any more",
		id, at, what, at, id, at)
}

// copyEnd returns, for the active key old of a restored copy (whole
// seconds, as issue times), the time the copy's history ends and what the
// copy was: the time its record c gives (markCopy), or for a copy without
// one (an earlier version's), the time of its last audit event, which is no
// earlier than any issue it holds (an issue is audited in its transaction,
// at its own time). Never before old's creation.
func copyEnd(tx *bolt.Tx, old *signingKeyRecord, c *copyRecord) (time.Time, string, error) {
	var end time.Time
	var what string
	if c != nil {
		end, what = c.At, c.String()
	} else {
		what = "a backup without private keys"
		if _, v := tx.Bucket(auditBucket).Cursor().Last(); v != nil {
			var ev auditRecord
			if err := decodeJSON(v, &ev); err != nil {
				return time.Time{}, "", fmt.Errorf("last audit event: %w", err)
			}
			end = ev.At
			what += " whose last record is of " + ev.At.UTC().Format(time.RFC3339)
		}
	}
	end = end.Truncate(time.Second)
	if end.Before(old.Created) {
		end = old.Created
	}
	return end, what, nil // endCopy refuses an end after now
}

// putNewKey generates a key created at now and stores it.
func putNewKey(tx *bolt.Tx, now time.Time) (*signingKeyRecord, error) {
	k, err := certification.NewSigningKey(nil, now)
	if err != nil {
		return nil, err
	}
	rec := &signingKeyRecord{V: recordV1, ID: k.ID, Seed: k.Private.Seed(), Created: k.Created}
	b := tx.Bucket(signingKeysBucket)
	if b.Get([]byte(rec.ID)) != nil {
		return nil, fmt.Errorf("signing key %s exists", rec.ID)
	}
	if err := putJSON(b, []byte(rec.ID), rec); err != nil {
		return nil, err
	}
	if err := changedKeys(tx); err != nil {
		return nil, err
	}
	return rec, nil
}

// metaKeysGenKey holds, in the meta bucket, the generation of the signing
// keys (8 bytes big-endian; absent = 0), advanced in every transaction that
// writes signing_keys. The public keys cached by PublicKeys are tagged with
// the generation they were read at, so that a transaction uses them only if
// it would read the same keys.
var metaKeysGenKey = []byte("signing_keys_generation")

// keysGeneration returns the generation of the signing keys in tx.
func keysGeneration(tx *bolt.Tx) uint64 {
	if v := tx.Bucket(metaBucket).Get(metaKeysGenKey); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// changedKeys advances the generation of the signing keys in tx; every
// writer of signing_keys calls it (putNewKey, which rotation also calls).
func changedKeys(tx *bolt.Tx) error {
	if err := tx.Bucket(metaBucket).Put(metaKeysGenKey, binary.BigEndian.AppendUint64(nil, keysGeneration(tx)+1)); err != nil {
		return fmt.Errorf("put signing keys generation: %w", err)
	}
	return nil
}

// publicKeysCache holds the public keys as PublicKeys returns them, read
// at generation gen.
type publicKeysCache struct {
	gen  uint64
	keys []certification.PublicKey
}

// ActiveSigningKey returns the key new certificates are signed with,
// generating and storing one on first use; pcf serve calls it at start so
// that the public key is published before the first issue. Returns an internal error if
// storage or entropy fails.
func (s *KeyService) ActiveSigningKey(ctx context.Context) (*certification.SigningKey, error) {
	var restored bool
	rec, err := view(ctx, s.db, "active signing key", func(tx *bolt.Tx) (*signingKeyRecord, error) {
		c, err := copyMarked(tx)
		restored = c != nil
		if err != nil {
			return nil, err
		}
		return activeKey(tx)
	})
	if err != nil {
		return nil, err
	}
	if rec != nil && len(rec.Seed) > 0 && !restored {
		k, err := rec.key()
		return k, internal("active signing key", err)
	}
	// First use, or the first start of a restored copy: create one, unless
	// a concurrent call just did.
	var k *certification.SigningKey
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		var err error
		k, err = activeSigningKey(s.db, tx, s.db.now())
		return err
	})
	return k, internal("create signing key", err)
}

// RotateSigningKey retires the active key (if any) and creates a new
// active key at the same instant, in one transaction with its audit event
// (AuditSigningKeyRotate, by the context's principal). The retired public
// key stays listed by PublicKeys. Returns an internal error if storage or
// entropy fails.
func (s *KeyService) RotateSigningKey(ctx context.Context) (*certification.SigningKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var rec *signingKeyRecord
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		// Whole seconds: a retirement time is compared with certificate
		// issue times, which are kept to the second. Read inside the
		// transaction, as issues read theirs, so that a certificate issued
		// before the rotation commits is never dated after the retirement.
		now := s.db.now().Truncate(time.Second)
		if err := clockBehindTrail(tx, now); err != nil {
			return err
		}
		old, recs, err := activeKeyOf(tx)
		if err != nil {
			return err
		}
		if err := destroyRetiredSeeds(tx, recs); err != nil {
			return err
		}
		c, err := copyMarked(tx)
		if err != nil {
			return err
		}
		detail := "first key"
		if old != nil {
			end := now
			if c != nil || len(old.Seed) == 0 { // a restored copy not started yet (activeSigningKey)
				var what string
				if end, what, err = copyEnd(tx, old, c); err != nil {
					return err
				}
				detail = restoreDetail(old.ID, end, what)
				if err := s.db.endCopy(tx, end, now); err != nil {
					return err
				}
			} else {
				detail = "retired " + old.ID
			}
			if err := old.retire(end); err != nil {
				return err
			}
			if err := putJSON(tx.Bucket(signingKeysBucket), []byte(old.ID), old); err != nil {
				return err
			}
		}
		if err := tx.Bucket(metaBucket).Delete(metaCopyKey); err != nil {
			return fmt.Errorf("delete backup copy record: %w", err)
		}
		if rec, err = putNewKey(tx, now); err != nil {
			return err
		}
		return audit(ctx, tx, now, access.AuditSigningKeyRotate, "signing-key/"+rec.ID, detail)
	})
	if err != nil {
		return nil, internal("rotate signing key", err)
	}
	k, err := rec.key()
	return k, internal("rotate signing key", err)
}

// ReportCompromised marks key id compromised now, with an
// AuditSigningKeyCompromise event by the context's principal, in one
// transaction: the active key is retired (its seed destroyed) and a new
// one created, as a rotation does; any key's public half is then published
// with the time (PublicKey.Compromised), so that a verifier holding only
// the keys says a certificate it signed is not verified (the thief signs
// what it likes, backdated within the key's life), while the service
// vouches for those it holds (certification.HeldKeys). Reporting a key
// again changes nothing. Returns ENOTFOUND for an unknown key.
func (s *KeyService) ReportCompromised(ctx context.Context, id string) (certification.PublicKey, error) {
	if err := ctx.Err(); err != nil {
		return certification.PublicKey{}, err
	}
	var rec signingKeyRecord
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		if err := findJSON(tx.Bucket(signingKeysBucket), []byte(id), &rec, "signing key %q not found", id); err != nil {
			return err
		}
		if !rec.Compromised.IsZero() {
			return nil
		}
		now := s.db.now().Truncate(time.Second)
		detail := "reported compromised: " + id + " signs nothing the service did not issue and keep"
		if rec.Retired.IsZero() {
			// Retired now, as a rotation retires it: not before what it
			// signed (it answered 500 when before its creation).
			if err := clockBehindTrail(tx, now); err != nil {
				return err
			}
			if err := rec.retire(now); err != nil {
				return err
			}
			next, err := putNewKey(tx, now)
			if err != nil {
				return err
			}
			detail += "; retired, and " + next.ID + " created"
		}
		rec.Compromised = now
		if err := putJSON(tx.Bucket(signingKeysBucket), []byte(id), &rec); err != nil {
			return err
		}
		if err := changedKeys(tx); err != nil {
			return err
		}
		return audit(ctx, tx, now, access.AuditSigningKeyCompromise, "signing-key/"+id, detail)
	})
	if err != nil {
		return certification.PublicKey{}, internal("report signing key compromised", err)
	}
	pub, err := rec.publicKey()
	return pub, internal("report signing key compromised", err)
}

// PublicKeys returns every public key, active and retired, oldest first
// (by creation time, then ID). It is empty before the first key is
// created.
func (s *KeyService) PublicKeys(ctx context.Context) ([]certification.PublicKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var keys []certification.PublicKey
	err := s.db.db.View(func(tx *bolt.Tx) error {
		var err error
		keys, err = s.db.publicKeysIn(tx)
		return err
	})
	return keys, internal("public keys", err)
}

// publicKeysIn returns in tx what PublicKeys returns. Deriving a public key
// from its seed costs a scalar multiplication: the keys are cached until
// the next write to them.
func (db *DB) publicKeysIn(tx *bolt.Tx) ([]certification.PublicKey, error) {
	gen := keysGeneration(tx)
	if c := db.publicKeys.Load(); c != nil && c.gen == gen {
		return slices.Clone(c.keys), nil
	}
	recs, err := signingKeys(tx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(recs, func(a, b *signingKeyRecord) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	keys := make([]certification.PublicKey, 0, len(recs))
	for _, rec := range recs {
		pub, err := rec.publicKey()
		if err != nil {
			return nil, err
		}
		keys = append(keys, pub)
	}
	db.publicKeys.Store(&publicKeysCache{gen: gen, keys: slices.Clone(keys)})
	return keys, nil
}

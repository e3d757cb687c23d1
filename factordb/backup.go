package factordb

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
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
// it, but nobody holding the copy can sign. The copy records when it was
// taken and by whom (markCopy). The first start on a restored copy retires
// its active key, which has no seed, at that time, and creates a new one
// (activeSigningKey): what the key signed after the copy is not in it.
// No PACT supplier endpoint has its client secret either
// (withoutSecrets): after a restore, each manufacturer saves its endpoints
// again with their secrets.
//
// The copy is made key by key into a temporary file next to the database
// (mode 0600, removed on return), never through the seed: bbolt keeps freed
// pages unwiped, so a copy edited after tx.WriteTo would still hold it.
// Before anything is written to w, an AuditDatabaseBackup event by the
// context's principal records the copy's size and SHA-256, and start is told
// its size, as BackupSized does.
func (db *DB) BackupWithoutSeeds(ctx context.Context, w io.Writer, start func(size int64) error) (int64, error) {
	f, size, sum, err := db.copyWithoutSeeds(ctx)
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

// metaCopyKey holds, in the meta bucket of a copy BackupWithoutSeeds hands
// out, a copyRecord: when the copy was taken and by whom. A database
// restored from the copy learns from it, at its first start, where its
// history ends (replaceSeedlessKey), and deletes it then.
var metaCopyKey = []byte("backup_copy")

// copyRecord says when a copy of the database was taken (its read
// transaction's time) and by whom.
type copyRecord struct {
	V     int         `json:"v"`
	At    time.Time   `json:"at"`
	Actor string      `json:"actor"`
	Role  access.Role `json:"role,omitempty"`
	KeyID string      `json:"key_id,omitempty"`
	Full  bool        `json:"full,omitempty"` // with the private signing keys (FullBackupToFile)
}

func (r *copyRecord) version() int { return r.V }

// String names the copy, as the restore's audit event does.
func (r *copyRecord) String() string {
	by := r.Actor
	if r.Role != "" {
		by += " (" + string(r.Role)
		if r.KeyID != "" {
			by += ", API key " + r.KeyID
		}
		by += ")"
	}
	what := "a copy without private keys"
	if r.Full {
		what = "a full copy"
	}
	return what + " taken at " + r.At.UTC().Format(time.RFC3339) + " by " + by
}

// markCopy records, in the copy's write transaction tx, that it is a copy
// taken at at by the context's principal: in its meta bucket (copyRecord)
// and in its own audit trail, so that a database restored from it keeps the
// record of who took it (the source's AuditDatabaseBackup event is written
// after the copy and is not in it).
//
// A copy of a copy not started yet (whose record tx holds) keeps the time
// of the first: its history ends there, and its first start retires the
// signing key there (red team 36: else a certificate issued between the two
// copies, lost, verified beside the one given its number).
func markCopy(ctx context.Context, tx *bolt.Tx, at time.Time, full bool) error {
	end := at
	if prev, err := copyMarked(tx); err != nil {
		return err
	} else if prev != nil && prev.At.Before(end) {
		end = prev.At
	}
	actor, role, keyID := access.AuditActor(ctx)
	rec := &copyRecord{V: recordV1, At: end.UTC(), Actor: actor, Role: role, KeyID: keyID, Full: full}
	if err := putJSON(tx.Bucket(metaBucket), metaCopyKey, rec); err != nil {
		return err
	}
	what := "without private signing keys or PACT client secrets"
	if full {
		what = "a full copy, with the private signing keys"
	}
	return audit(ctx, tx, at, AuditDatabaseBackup, "database/backup",
		"this database is that copy, "+what+": nothing the service recorded after "+end.UTC().Format(time.RFC3339)+" is in it")
}

// copyMarked reports whether the database of tx is a copy not started yet
// (markCopy), returning its record.
func copyMarked(tx *bolt.Tx) (*copyRecord, error) {
	var c copyRecord
	ok, err := getJSON(tx.Bucket(metaBucket), metaCopyKey, &c)
	if err != nil {
		return nil, fmt.Errorf("backup copy record: %w", err)
	}
	if !ok {
		return nil, nil
	}
	return &c, nil
}

// RestoredCopy says, of a database restored from a copy (markCopy, or an
// earlier version's copy without private keys) that has not started yet,
// what the copy was ("a copy without private keys taken at … by …"), and
// "" of any other: pcf serve warns, as its start retires the copied key
// (activeSigningKey).
func (db *DB) RestoredCopy() (string, error) {
	var what string
	err := db.db.View(func(tx *bolt.Tx) error {
		c, err := copyMarked(tx)
		if err != nil || c != nil {
			if c != nil {
				what = c.String()
			}
			return err
		}
		// A copy an earlier version made has no record: its active key
		// has no seed.
		rec, err := activeKey(tx)
		if rec != nil && len(rec.Seed) == 0 {
			what = "a backup without private keys"
		}
		return err
	})
	return what, err
}

// metaRestoredKey holds a restoreMark once a restored copy has started.
var metaRestoredKey = []byte("restored")

// restoreMark records the last restore of the database: the copy's end (its
// history ends there) and the time of its first start. Every certificate
// the copy holds has the status it had when the copy was taken: a
// suspension, withdrawal or replacement after it is lost with the rest (red
// team 29: a certificate withdrawn for cause read as valid again). Until its
// certifier changes or confirms its status (ReviewCertificate), a valid
// certificate older than the restore is read with a flag saying so
// (certification.SupplierFlag, Restored), as a certificate whose supplier
// changed is: its verify answer and page say so, its documents are not
// given, nothing is certified on it. So is every API key and access token
// (keyPending, tokenStale): a revocation after the copy is lost too. Read,
// not written at the restore: nothing is rewritten per certificate or key.
type restoreMark struct {
	V       int       `json:"v"`
	CopyEnd time.Time `json:"copy_end"`
	At      time.Time `json:"at"`
	// Earlier are the restores before this one that the copy recorded,
	// oldest first: a certificate one of them lost, issued after its
	// copy's end, is not called never issued after a later restore (red
	// team 52: only the last was recorded). A copy taken before a restore
	// does not hold it; restored, its own end is earlier than that one's.
	Earlier []restorePeriod `json:"earlier,omitempty"`
}

// restorePeriod is a restore of the database: the end of the copy and the
// time its restore was first started.
type restorePeriod struct {
	CopyEnd time.Time `json:"copy_end"`
	At      time.Time `json:"at"`
}

func (m *restoreMark) version() int { return m.V }

// endCopy ends the copy record of a restored copy at its first start, now,
// and records the restore (restoreMark), its history ending at end.
// Returns ECONFLICT, and records nothing, if now is not after the copy's
// time (its record's, or end): a restore dated before it would take the
// keys, access tokens and certificate statuses the copy holds that are
// dated after it for ones made after the restore (red team 36).
func (db *DB) endCopy(tx *bolt.Tx, end, now time.Time) error {
	c, err := copyMarked(tx)
	if err != nil {
		return err
	}
	if c != nil && c.At.After(end) {
		end = c.At
	}
	if !now.After(end) {
		return footprint.Errorf(footprint.ECONFLICT,
			"系统时钟早于备份副本的时间,请先校正时钟再启动。the clock reads %s, not after the time of the copy this database is restored from (%s): "+
				"set the clock right, then start again (a restore dated before its copy would take the API keys, access tokens and certificate statuses the copy holds for ones made after the restore)",
			now.UTC().Format(time.RFC3339Nano), end.UTC().Format(time.RFC3339Nano))
	}
	if err := tx.Bucket(metaBucket).Delete(metaCopyKey); err != nil {
		return fmt.Errorf("delete backup copy record: %w", err)
	}
	m := &restoreMark{V: recordV1, CopyEnd: end.UTC(), At: now.UTC()}
	prev, err := readMark(tx) // the copy's own last restore, kept
	if err != nil {
		return fmt.Errorf("the record of the restore before: %w", err)
	}
	if prev != nil {
		m.Earlier = append(slices.Clone(prev.Earlier), restorePeriod{CopyEnd: prev.CopyEnd, At: prev.At})
	}
	if err := putJSON(tx.Bucket(metaBucket), metaRestoredKey, m); err != nil {
		return err
	}
	if err := publishRestored(tx, now, m); err != nil { // pactoutbox.go
		return err
	}
	tx.OnCommit(func() { db.restored.Store(&restoreState{m: m}) })
	return nil
}

// restoreState is the database's restoreMark as its meta record holds it
// (m nil: never restored), or the error reading it gave (err): what
// readMark returns. DB.restored keeps it, read at Open and replaced when
// endCopy's transaction commits, the one place the record is written, so
// that a read transaction (every authenticated request: checkAPIToken,
// checkAccessToken) does not decode it again. It is shared by every
// reader and never changed.
type restoreState struct {
	m   *restoreMark
	err error
}

func (st *restoreState) errOrNil() error {
	if st == nil {
		return nil
	}
	return st.err
}

// loadRestored reads the restoreMark of tx into db.restored (Open).
func (db *DB) loadRestored(tx *bolt.Tx) {
	m, err := readMark(tx)
	db.restored.Store(&restoreState{m: m, err: err})
}

// restoredMark returns the database's restoreMark, or nil if it was never
// restored. A read transaction takes it from db.restored; a write
// transaction reads its own record, which endCopy may have written in it
// (an issue on a copy not started yet: activeSigningKey, then
// validSuppliers). The record is written at a copy's first start (pcf
// serve starts a copy before it listens), and db.restored follows when
// that transaction commits: a read transaction begun between its commit
// and the update reads the copy as not restored yet, as one begun before
// the commit does.
func (db *DB) restoredMark(tx *bolt.Tx) (*restoreMark, error) {
	if st := db.restored.Load(); st != nil && !tx.Writable() {
		return st.m, st.err
	}
	return readMark(tx)
}

// readMark decodes the restoreMark record of tx (nil if there is none).
// A variable, so that tests count the reads.
var readMark = func(tx *bolt.Tx) (*restoreMark, error) {
	var m restoreMark
	ok, err := getJSON(tx.Bucket(metaBucket), metaRestoredKey, &m)
	if err != nil || !ok {
		return nil, err
	}
	return &m, nil
}

// notBefore returns ECONFLICT if now, the time of a confirmation after the
// restore m (an API key's, a certificate's), is before the restore's
// recorded time: the confirmation would be dated before the restore and not
// count (keyPending, pending), while its answer said confirmed. A clock set
// forward at the restore, or back after it, does that (red team 36: "fails
// safe but silently"); nil for a database never restored.
func (m *restoreMark) notBefore(now time.Time) error {
	if m == nil || !now.Before(m.At) {
		return nil
	}
	return footprint.Errorf(footprint.ECONFLICT,
		"系统时钟早于数据库恢复记录的时间,此确认不会生效。the clock reads %s, before the time the restore of this database is recorded at (%s): "+
			"a confirmation dated before the restore does not count, and what it confirms would stay refused; set the clock right, or, if it was set forward at the restore, "+
			"restore the copy again with the clock right",
		now.UTC().Format(time.RFC3339Nano), m.At.UTC().Format(time.RFC3339Nano))
}

// RestoredAt returns the time the last restore of the database is recorded
// at (its first start as a restored copy), zero if it was never restored:
// pcf serve warns when it is after the clock (restoreMark.notBefore).
func (db *DB) RestoredAt() (time.Time, error) {
	st := db.restored.Load()
	if st == nil || st.m == nil {
		return time.Time{}, st.errOrNil()
	}
	return st.m.At, nil
}

// pending reports whether r's status is still the one the copy held: a
// valid certificate whose status has not changed, nor been confirmed by
// its certifier, since the restore.
func (m *restoreMark) pending(r *certificateRecord) bool {
	return m != nil && r.Status == string(certification.CertificateValid) &&
		r.StatusChangedAt.Before(m.At) && r.ConfirmedAt.Before(m.At)
}

// keyPending reports whether the API key k is one the copy brought back
// unconfirmed: created before the restore, not revoked, not confirmed by an
// admin since (AuthService.ConfirmAPIKey). A revocation after the copy was
// taken is lost with the rest, and nobody can tell which keys it revoked,
// so each key waits for an admin's word. Read, as pending is: no key
// record is rewritten at the restore.
func (m *restoreMark) keyPending(k *apiKeyRecord) bool {
	return m != nil && k.RevokedAt.IsZero() && k.CreatedAt.Before(m.At) && k.ConfirmedAt.Before(m.At)
}

// tokenStale reports whether the access token t was issued before the
// restore: it expired then (checkAccessToken), whatever its key.
func (m *restoreMark) tokenStale(t *accessTokenRecord) bool {
	return m != nil && t.CreatedAt.Before(m.At)
}

// sharePending reports whether the PACT share r is one the copy brought
// back: shared before the restore, so possibly ended after the copy was
// taken (red team 36). It is not in force until its holder shares the
// footprint again (ShareFootprint).
func (m *restoreMark) sharePending(r *pactShareRecord) bool {
	return m != nil && r.SharedAt.Before(m.At)
}

// FullBackupToFile writes a copy of the database with everything in it,
// the private signing keys included, to path (mode 0600), atomically: a
// temporary file in the same directory, synced and renamed over path. It is
// "pcf backup" on the file, the file's holder's backup. The copy is marked
// as one taken at its time by the context's principal (markCopy), so that
// its first start once restored retires its signing key at that time and
// creates a new one, as for a copy without keys: the key went on signing
// after the copy, and what it signed then is not in it.
func (db *DB) FullBackupToFile(ctx context.Context, path string) (int64, error) {
	n, err := writeAtomically(path, func(f *os.File) (int64, error) {
		src, at, err := db.beginCopy()
		if err != nil {
			return 0, err
		}
		n, err := src.WriteTo(f)
		_ = src.Rollback()
		if err != nil {
			return n, err
		}
		dst, err := bolt.Open(f.Name(), 0o600, nil) // the copy, to mark it
		if err != nil {
			return n, err
		}
		err = dst.Update(func(tx *bolt.Tx) error { return markCopy(ctx, tx, at, true) })
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		return n, err
	})
	if err != nil {
		return n, err
	}
	st, err := os.Stat(path) // marking it grew the file
	if err != nil {
		return n, err
	}
	return st.Size(), nil
}

// copyWithoutSeeds copies the database without signing seeds into a
// temporary file and returns it open at its start, with its size and
// SHA-256. The copy is marked as one, taken by the context's principal
// (markCopy). The caller closes and removes the file, which is returned
// (possibly nil) with any error.
func (db *DB) copyWithoutSeeds(ctx context.Context) (f *os.File, size int64, sum []byte, err error) {
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
	src, at, err := db.beginCopy()
	if err == nil {
		err = copyTx(dst, src, func(tx *bolt.Tx) error { return markCopy(ctx, tx, at, false) })
		_ = src.Rollback()
	}
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

// beginCopy begins the read transaction a copy is made in and returns it
// with the copy's time: no write the copy lacks is dated (to the second,
// as issue times are) at or before that time, and every write it holds is.
// The time is read holding the writers' lock, so that no write is in
// flight (an issue reads its time inside its transaction, possibly well
// before it commits), and the lock is kept until the clock reaches the
// next whole second (at most a second without writes), so that no write
// after the copy shares its second.
func (db *DB) beginCopy() (*bolt.Tx, time.Time, error) {
	w, err := db.db.Begin(true)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer func() { _ = w.Rollback() }() // it writes nothing
	at := db.now()
	// bbolt: a read transaction may be begun beside the writable one,
	// which writes nothing and so never remaps the file.
	src, err := db.db.Begin(false)
	if err != nil {
		return nil, time.Time{}, err
	}
	db.waitPastSecond(at)
	return src, at, nil
}

// waitPastSecond waits, for at most a second of wall time, until the
// clock reads a second after the one of at: a copy ending at at is then
// started (endCopy, its times whole seconds) after it.
func (db *DB) waitPastSecond(at time.Time) {
	next := at.Truncate(time.Second).Add(time.Second)
	deadline := time.Now().Add(time.Second) // a clock stepped back is not waited for
	for t := db.now(); t.Before(next) && time.Now().Before(deadline); t = db.now() {
		time.Sleep(min(next.Sub(t), 50*time.Millisecond))
	}
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
// secrets stored in clear (withoutSecrets), and calls finish in the last
// transaction. It is bolt.Compact with a filter:
// Compact takes none, and scrubbing its copy afterwards would leave the
// secrets in freed pages until a second Compact, twice the I/O.
func copyTx(dst *bolt.DB, src *bolt.Tx, finish func(tx *bolt.Tx) error) error {
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
	if err := finish(tx); err != nil {
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

// AuditHeadHolds reports whether the audit trail of the database extends
// the head h recorded earlier, that is whether its event h.Count has the
// digest h.Digest, and returns the trail's own head. pcf serve records the
// head beside the file while it runs and compares it at its next start: a
// file put in place of the one it left (a plain cp of an older file, a
// disk snapshot), which carries no copy record, is then known (red team
// 36). Whoever can also write the record beside the file is not caught.
//
// Of a copy not started yet (markCopy) the head is that of the copied
// trail, without the copy's own events after it: the service recorded its
// own event at their place (BackupWithoutSeeds' record of the download),
// so a head it recorded there is after the copy, not a rewritten trail.
func (db *DB) AuditHeadHolds(h access.AuditHead) (access.AuditHead, bool, error) {
	var head access.AuditHead
	var holds bool
	err := db.db.View(func(tx *bolt.Tx) error {
		var err error
		if head, err = auditHead(tx); err != nil {
			return err
		}
		if head, err = copiedHead(tx, head); err != nil || head.Count < h.Count {
			return err
		}
		ev, err := auditEventAt(tx, h.Count)
		holds = ev != nil && ev.Digest == h.Digest
		return err
	})
	if err != nil {
		return head, false, fmt.Errorf("factordb: audit head: %w", err)
	}
	return head, holds, nil
}

// copiedHead returns, of a copy not started yet (copyMarked), the head of
// the trail it copied: head without the copy's own events at its end
// (markCopy's AuditDatabaseBackup, at or after the copy's time). Of any
// other database it returns head.
func copiedHead(tx *bolt.Tx, head access.AuditHead) (access.AuditHead, error) {
	c, err := copyMarked(tx)
	if err != nil || c == nil {
		return head, err
	}
	for head.Count > 0 {
		ev, err := auditEventAt(tx, head.Count)
		if err != nil || ev == nil || ev.Action != AuditDatabaseBackup || ev.At.Before(c.At) {
			return head, err
		}
		head = access.AuditHead{Count: head.Count - 1, Digest: ev.Prev}
	}
	return head, nil
}

// auditEventAt returns the event of tx whose place in the chain is seq, or
// nil: it is stored under seq unless the file's events were chained after
// the fact in another order (migration:audit-chain), when they are read
// in turn.
func auditEventAt(tx *bolt.Tx, seq uint64) (*auditRecord, error) {
	b := tx.Bucket(auditBucket)
	var ev auditRecord
	if v := b.Get(binary.BigEndian.AppendUint64(nil, seq)); v != nil {
		if err := decodeJSON(v, &ev); err != nil {
			return nil, fmt.Errorf("audit event %d: %w", seq, err)
		}
		if ev.Seq == seq {
			return &ev, nil
		}
	}
	var found *auditRecord
	err := forEachRecord(b, "audit event", func(_ []byte, ev *auditRecord) error {
		if ev.Seq == seq {
			found = ev
		}
		return nil
	})
	return found, err
}

// MarkOlderCopy marks the database as a copy whose history ends at its
// last audit event, as pcf backup marks its copies (markCopy), when its
// trail ends before the head recorded, the head its service wrote beside
// the file at its last run (AuditHeadHolds): it is an older file put in
// place of the one the service left, and whatever the service recorded
// after it (keys revoked, certificates withdrawn) is not in it. Its next
// start then restores it as any copy (ActiveSigningKey): its signing key is
// retired where its history ends, every API key waits for an admin's
// confirmation, every valid certificate for its certifier's. An event by
// "system" says why. A copy not started yet keeps its own record.
func (db *DB) MarkOlderCopy(ctx context.Context, recorded access.AuditHead, where string) error {
	var end time.Time // where the copy's history ends
	err := db.db.Update(func(tx *bolt.Tx) error {
		if c, err := copyMarked(tx); err != nil || c != nil {
			return err
		}
		head, err := auditHead(tx)
		if err != nil {
			return err
		}
		if last, err := auditEventAt(tx, head.Count); err != nil {
			return err
		} else if last != nil {
			end = last.At
		}
		active, err := activeKey(tx)
		if err != nil {
			return err
		}
		why := fmt.Sprintf("an older file put in place of the database, not made by pcf backup: its audit trail ends at event %d, before event %d that the service recorded in %s",
			head.Count, recorded.Count, where)
		// Named as the copy's taker (copyRecord.String): "… taken at T by
		// pcf serve, which found an older file …".
		rec := &copyRecord{V: recordV1, At: end.UTC(), Actor: "pcf serve, which found " + why, Full: active != nil && len(active.Seed) > 0}
		if err := putJSON(tx.Bucket(metaBucket), metaCopyKey, rec); err != nil {
			return err
		}
		return audit(ctx, tx, db.now(), AuditDatabaseBackup, "database/backup",
			"this database is "+why+": restored as a copy taken at "+end.UTC().Format(time.RFC3339)+"; nothing the service recorded after it is in it")
	})
	if err != nil {
		return internal("mark older copy", err)
	}
	db.waitPastSecond(end)
	return nil
}

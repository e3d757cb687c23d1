package factordb_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

func TestKeyService_ActiveSigningKey(t *testing.T) {
	ctx := context.Background()

	t.Run("FirstUse", func(t *testing.T) {
		// Ensure there is no key before the first use, one after, and the
		// same one on later calls and after a reopen.
		path, db := mustOpenFile(t)
		keys := factordb.NewKeyService(db)
		pubs, err := keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != 0 {
			t.Fatalf("%d public keys before first use", len(pubs))
		}
		k1 := mustActiveKey(t, keys)
		if err := k1.Validate(); err != nil {
			t.Fatal(err)
		}
		k2 := mustActiveKey(t, keys)
		if k2.ID != k1.ID || !bytes.Equal(k2.Private, k1.Private) {
			t.Fatal("second call returned another key")
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		keys = factordb.NewKeyService(MustOpenDBAt(t, path))
		k3 := mustActiveKey(t, keys)
		if k3.ID != k1.ID || !bytes.Equal(k3.Private, k1.Private) || !k3.Created.Equal(k1.Created) {
			t.Fatal("key changed across a reopen")
		}
		pubs, err = keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != 1 || pubs[0].ID != k1.ID || !bytes.Equal(pubs[0].Key, k1.PublicKey().Key) || !pubs[0].Retired.IsZero() {
			t.Fatalf("public keys %+v", pubs)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		// Ensure concurrent first calls agree on one key.
		keys := factordb.NewKeyService(MustOpenDB(t))
		ids := make([]string, 8)
		errs := make([]error, len(ids))
		var wg sync.WaitGroup
		for i := range ids {
			wg.Go(func() {
				k, err := keys.ActiveSigningKey(ctx)
				if err == nil {
					ids[i] = k.ID
				}
				errs[i] = err
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("keys %v, want one", ids)
			}
		}
		pubs, err := keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != 1 {
			t.Fatalf("%d keys stored, want 1", len(pubs))
		}
	})
}

// testCertificate returns a minimal valid certificate issued at issued.
func testCertificate(tb testing.TB, issued time.Time) *certification.Certificate {
	tb.Helper()
	// The content is a test fixture, not a result: the value only has to
	// be a number for the signature to cover.
	kg := 1.0
	return &certification.Certificate{
		ID: uuid.New(), Number: "CDPCF-2026-000001", Revision: 1,
		Holder:       certification.CertificateParty{NameEN: "Test Holder", Address: "Test address"},
		Manufacturer: certification.CertificateParty{NameEN: "Test Holder", Address: "Test address"},
		Sites:        []certification.CertificateParty{{NameEN: "Test site", Address: "Test address"}},
		Certifier:    certification.CertificateCertifier{NameEN: "Test Certifier", ApprovalNumber: "TEST-1"},
		Product:      certification.CertificateProduct{NameEN: "Test product", Model: "T-1"},
		Rule:         certification.CertificateRule{Code: "pv-module", Version: "1"},
		Standards:    []string{"GB/T 24067-2024"},
		FactorSet:    "2026.1", EngineVersion: "test", Boundary: footprint.BoundaryCradleToGate,
		DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelEN: "piece"},
		PeriodStart:  time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		KgCO2e: kg, Stages: []certification.CertificateStage{{Code: "A1", NameEN: "Raw materials", KgCO2e: kg}},
		Electricity: certification.CertificateElectricity{Approach: "none"},
		IssuedAt:    issued, ExpiresAt: certification.CertificateExpiry(issued, 0),
		StudyID: "test-study", ResultDigest: strings.Repeat("0", 64),
	}
}

func TestKeyService_RotateSigningKey(t *testing.T) {
	// Ensure rotation makes a new active key, keeps the old public key
	// published with its retirement time, and certificates signed by the
	// old key before rotation still verify.
	ctx := context.Background()
	s := MustOpenServices(t)
	old := mustActiveKey(t, s.keys)
	before := footprinttest.Sign(t, testCertificate(t, s.db.Now().Truncate(time.Second)), old)

	pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "ka"})
	k, err := s.keys.RotateSigningKey(pctx)
	if err != nil {
		t.Fatal(err)
	}
	if k.ID == old.ID {
		t.Fatal("rotation kept the key")
	}
	active := mustActiveKey(t, s.keys)
	if active.ID != k.ID {
		t.Fatalf("active key %s, want the new %s", active.ID, k.ID)
	}
	pubs, err := s.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 2 || pubs[0].ID != old.ID || pubs[1].ID != k.ID {
		t.Fatalf("public keys %+v, want old then new", pubs)
	}
	if !pubs[0].Retired.Equal(k.Created) || pubs[0].Retired.IsZero() || !pubs[1].Retired.IsZero() {
		t.Fatalf("retired %v, created %v", pubs[0].Retired, k.Created)
	}
	if _, err := certification.PublicKeysJWKS(pubs); err != nil {
		t.Fatalf("keys do not publish: %v", err)
	}

	if err := certification.VerifyCertificate(before, pubs); err != nil {
		t.Fatalf("certificate signed before rotation: %v", err)
	}
	after := footprinttest.Sign(t, testCertificate(t, k.Created.Add(time.Hour)), k)
	if err := certification.VerifyCertificate(after, pubs); err != nil {
		t.Fatalf("certificate signed by the new key: %v", err)
	}
	// The retirement is meaningful: the old key cannot sign later
	// certificates that verify.
	late := footprinttest.Sign(t, testCertificate(t, k.Created.Add(time.Hour)), old)
	var verr *certification.VerifyError
	if err := certification.VerifyCertificate(late, pubs); !errors.As(err, &verr) || verr.Reason != certification.VerifyKeyRetired {
		t.Fatalf("old key after retirement: %v, want %s", err, certification.VerifyKeyRetired)
	}

	// A second rotation keeps both earlier keys.
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	if pubs, err = s.keys.PublicKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 3 || pubs[1].Retired.IsZero() || !pubs[2].Retired.IsZero() {
		t.Fatalf("public keys %+v", pubs)
	}
	if err := certification.VerifyCertificate(before, pubs); err != nil {
		t.Fatalf("certificate signed before two rotations: %v", err)
	}

	action := access.AuditSigningKeyRotate
	events := s.mustAuditEvents(t, access.AuditFilter{Action: &action})
	// Newest first: the two rotations, then the first key's creation.
	if len(events) != 3 || events[2].Subject != "signing-key/"+old.ID || events[2].Detail != "first key" ||
		events[1].Actor != "Operator" || events[1].Subject != "signing-key/"+k.ID || events[1].Detail != "retired "+old.ID {
		t.Fatalf("events %+v", events)
	}
}

func TestKeyService_IssuedCertificatesVerifyAfterRotation(t *testing.T) {
	// Ensure certificates issued through the store before a rotation
	// verify against the published keys afterwards.
	ctx, s := mustStart(t)
	rec := s.MustIssue(t, "GEC-K-1")
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	rec2 := s.MustIssue(t, "GEC-K-2")
	if rec.Signed.KeyID == rec2.Signed.KeyID {
		t.Fatal("both certificates signed by one key")
	}
	pubs, err := s.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*certification.CertificateRecord{rec, rec2} {
		got := mustFindCertificate(t, s, r.Certificate().ID)
		if err := certification.VerifyCertificate(got.Signed, pubs); err != nil {
			t.Fatalf("%s: %v", r.Certificate().Number, err)
		}
	}
}

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
	old := mustActiveKey(t, keys)
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
		sc := footprinttest.Sign(t, c, k) // signed now, after the retirement
		t.Fatalf("the backup keeps the seed of key %s, retired %s: a certificate signed with it after the retirement, dated %s, verifies (error %v)",
			old.ID, pubs[0].Retired.Format(time.RFC3339), c.IssuedAt.Format(time.RFC3339), certification.VerifyCertificate(sc, pubs))
	}
	// The retired key still verifies what it signed in time; a second
	// rotation and a copy of the file keep it published.
	before := footprinttest.Sign(t, testCertificate(t, old.Created), old)
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
	var seeds [][]byte
	factordbtest.ViewFile(t, path, func(tx *bolt.Tx) error {
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
	return seeds
}

// Ensure a retired key's seed left by an earlier version in the file is
// destroyed at the next rotation, its public key kept.
func TestRedteam3_LegacyRetiredSeedDestroyed(t *testing.T) {
	ctx := context.Background()
	// Retire it as the earlier version did: the seed stays.
	path, old := legacyRetiredSeedFile(t, false)
	db := MustOpenDBAt(t, path)
	db.Now = steppingClock(time.Now()) // the file's events are dated by the real clock: a rotation is not dated before them
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
	path, db := mustOpenFile(t)
	old := mustActiveKey(t, factordb.NewKeyService(db))
	// The earlier version recorded the retirement, as this one does
	// (Check compares the record with it).
	retired := old.Created.Add(time.Hour)
	detail := fmt.Sprintf("retired %s at %s: as an earlier version did, its seed kept", old.ID, retired.UTC().Format(time.RFC3339))
	if err := factordb.NewCertificationService(db).RecordAuditEvent(context.Background(), access.AuditSigningKeyRotate, "signing-key/"+old.ID, detail); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	factordbtest.EditFile(t, path, func(tx *bolt.Tx) error {
		b, err := json.Marshal(map[string]any{"v": 1, "id": old.ID, "seed": old.Private.Seed(), "created": old.Created, "retired": retired})
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
	factordbtest.ViewFile(t, path, func(tx *bolt.Tx) error { // the file is the earlier version's, or the tests using it test nothing
		var rec struct {
			Seed    []byte    `json:"seed"`
			Retired time.Time `json:"retired"`
		}
		if err := json.Unmarshal(tx.Bucket([]byte("signing_keys")).Get([]byte(old.ID)), &rec); err != nil {
			return err
		}
		if len(rec.Seed) != ed25519.SeedSize || !rec.Retired.Equal(retired) {
			return fmt.Errorf("key %s stored with a %d-byte seed, retired %v: want its seed, retired %v", old.ID, len(rec.Seed), rec.Retired, retired)
		}
		if marked := tx.Bucket([]byte("meta")).Get([]byte("keys:retired_seeds_destroyed")) != nil; marked == unmarked {
			return fmt.Errorf("upgrade marker present: %v, want %v", marked, !unmarked)
		}
		return nil
	})
	return path, old
}

// PublicKeys answers from its cache only while the keys are unchanged: the
// first key, created after an empty answer, and each rotation show at once,
// and a cached answer is a copy the caller may change.
func TestKeyService_PublicKeysCache(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "ka"})
	list := func() []certification.PublicKey {
		t.Helper()
		keys, err := s.keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	if got := list(); len(got) != 0 {
		t.Fatalf("%d keys before the first", len(got))
	}
	first := mustActiveKey(t, s.keys)
	if got := list(); len(got) != 1 || got[0].ID != first.ID || !got[0].Retired.IsZero() {
		t.Fatalf("after the first key: %+v", got)
	}
	ids := []string{first.ID}
	for range 3 {
		got := list() // cached
		got[0].ID = "changed by the caller"
		k, err := s.keys.RotateSigningKey(pctx)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, k.ID)
		got = list()
		if len(got) != len(ids) {
			t.Fatalf("after rotation: %d keys, want %d", len(got), len(ids))
		}
		for i, pk := range got {
			if pk.ID != ids[i] || pk.Retired.IsZero() != (i == len(ids)-1) {
				t.Fatalf("after rotation: key %d is %s (retired %v), want %s, only the last active", i, pk.ID, pk.Retired, ids[i])
			}
		}
	}
}

// BenchmarkPublicKeys lists the public keys (what every verification
// reads) with 1 and 10 keys. Issue 14 item 3: a cached answer costs no
// key derivation.
func BenchmarkPublicKeys(b *testing.B) {
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s := MustOpenServices(b)
			pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "ka"})
			for range n {
				if _, err := s.keys.RotateSigningKey(pctx); err != nil {
					b.Fatal(err)
				}
			}
			loopCounted(b, "keys", n, func() (int, error) {
				keys, err := s.keys.PublicKeys(ctx)
				return len(keys), err
			})
		})
	}
}

// TestKeyService_ReportCompromised: reporting the active key compromised
// retires it (its seed destroyed), creates a new active key and publishes
// the report's time with the old key, audited, in one transaction; a
// retired key is only marked; a second report changes nothing; an
// unknown key is ENOTFOUND.
func TestKeyService_ReportCompromised(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	old := mustActiveKey(t, s.keys)
	pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "ka"})
	pub, err := s.keys.ReportCompromised(pctx, old.ID)
	if err != nil || pub.ID != old.ID || pub.Compromised.IsZero() || pub.Retired.IsZero() {
		t.Fatalf("report: %+v, %v", pub, err)
	}
	active, err := s.keys.ActiveSigningKey(ctx)
	if err != nil || active.ID == old.ID {
		t.Fatalf("active key after the report: %v, %v", active, err)
	}
	keys, err := s.keys.PublicKeys(ctx)
	if err != nil || len(keys) != 2 || !keys[0].Compromised.Equal(pub.Compromised) || !keys[1].Compromised.IsZero() {
		t.Fatalf("public keys after the report: %+v, %v", keys, err)
	}
	again, err := s.keys.ReportCompromised(pctx, old.ID)
	if err != nil || !again.Compromised.Equal(pub.Compromised) {
		t.Errorf("a second report: %+v, %v", again, err)
	}
	if _, err := s.keys.ReportCompromised(pctx, "0000000000000000"); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("an unknown key: %v", err)
	}
	if keys, _ := s.keys.PublicKeys(ctx); len(keys) != 2 {
		t.Errorf("%d keys after a second report, want 2", len(keys))
	}
	events, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Subject: new("signing-key/" + old.ID)})
	if err != nil || !slices.ContainsFunc(events, func(e *access.AuditEvent) bool {
		return e.Action == access.AuditSigningKeyCompromise && e.Actor == "Operator"
	}) {
		t.Errorf("audit events of the key: %+v, %v", events, err)
	}
}

// Ensure a clock set back (red team 56, the operator) makes the service
// refuse what would not verify: an issue dated before its signing key's
// creation, and a rotation that retires the active key before what it
// signed. Before, with the clock set back after a rotation, a certificate
// was issued, numbered and stored valid that never verified
// (key_not_created); and a rotation with the clock set back retired the
// active key before a certificate it had signed, so that a genuine
// certificate no longer verified (key_retired).
func TestRedteam56_ClockSetBackRefused(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 10))
	a := s.MustIssue(t, "RT56-CLOCK-A")
	verifies := func(what string, rec *certification.CertificateRecord) {
		t.Helper()
		keys, err := s.keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := certification.VerifyCertificate(rec.Signed, keys); err != nil {
			t.Errorf("%s does not verify: %v", what, err)
		}
	}
	refused := func(what, zh string, err error) {
		t.Helper()
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || !strings.Contains(msg, zh) || !strings.Contains(msg, "set the clock right") {
			t.Errorf("%s with the clock set back: %v, want ECONFLICT naming the clock", what, err)
		}
	}

	// The clock set back by nine days: a rotation would retire the key
	// before the certificate it signed.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 1))
	_, err := s.keys.RotateSigningKey(ctx)
	refused("a rotation", "系统时钟早于审计记录", err)
	verifies("the certificate issued before the refused rotation", a)

	// A rotation with the clock right, then the clock set back again: an
	// issue would be dated before the new key's creation.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 11))
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	verifies("the certificate issued before the rotation", a)
	app := s.MustApply(t, "RT56-CLOCK-B")
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 2))
	before, err := s.db.Commits()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
	refused("an issue", "系统时钟早于当前签名密钥", err)
	if after, err := s.db.Commits(); err != nil || after != before {
		t.Errorf("the refused issue wrote: commits %d → %d, %v", before, after, err)
	}

	// With the clock right again, the same issue is made and verifies.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 12))
	b, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	verifies("the certificate issued with the clock right", b)
}

// Ensure the list of flagged certificates knows whether any API key is
// reported compromised without reading every key of the file (session
// 43): with the record of a key nobody uses spoiled, the flagged list
// answers before and after another key is reported compromised. Before,
// each list read every API key (and failed on the spoiled one). The index
// of compromised keys holds the key reported, and is built at Open for an
// earlier file.
func TestCertificationService_FlaggedListReadsNoEveryKey(t *testing.T) {
	ctx, s := mustStart(t)
	s.MustIssue(t, "KEYIDX-A")
	_, idle, err := s.auth.CreateAPIKey(ctx, orgMaker2) // another body's: reporting reads the keys of the stolen key's
	if err != nil {
		t.Fatal(err)
	}
	_, stolen, err := s.auth.CreateAPIKey(ctx, orgMaker)
	if err != nil {
		t.Fatal(err)
	}
	restore, err := factordb.SpoilAPIKeyRecord(s.db, idle.ID)
	if err != nil {
		t.Fatal(err)
	}
	flagged := true
	list := func(what string) {
		t.Helper()
		if recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Flagged: &flagged}); err != nil || len(recs) != 0 {
			t.Errorf("%s: flagged list %d, %v; want none, no error", what, len(recs), err)
		}
	}
	list("no key reported compromised")
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, fixedNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	list("a key reported compromised")
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	mustRebuildIndex(t, s.db, factordb.CheckCompromisedKeyIndex, factordb.DropCompromisedKeyIndex)
}

// Ensure a key confirmed with a stolen API key after the time the stolen
// key is reported compromised as of is compromised too, as of that
// confirmation, and so on down the chain (red team 56 left it): the thief
// confirmed a waiting key of the body with the stolen one, and once the
// stolen key was reported, the confirmed key stayed usable, and a key it
// confirmed in turn. A key the stolen one confirmed before that time is
// the body's and stays usable; the audit trail says why each was revoked.
func TestAuthService_KeysConfirmedByAStolenKeyAreCompromised(t *testing.T) {
	ctx, s := mustStart(t)
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 1))
	_, stolen := MustCreateKey(t, s.auth, orgCertifier, access.RoleCertifier)
	tokens := map[string]string{}
	waiting := func() *access.APIKey {
		token, k, err := s.auth.CreateAPIKey(ctx, orgCertifier)
		if err != nil || !k.AwaitsOrg {
			t.Fatalf("a key made while the body holds one: %+v, %v; want it waiting", k, err)
		}
		tokens[k.ID] = token
		return k
	}
	confirm := func(with, k *access.APIKey) {
		t.Helper()
		pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: orgCertifier, Role: access.RoleCertifier, KeyID: with.ID})
		if _, err := s.auth.EndorseAPIKey(pctx, k.ID); err != nil {
			t.Fatal(err)
		}
	}
	before := waiting()
	confirm(stolen, before) // day 1: the body's own confirmation
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 5))
	thiefs, next := waiting(), waiting()
	confirm(stolen, thiefs) // day 5: the thief's, with the stolen key
	confirm(thiefs, next)   // and on down the chain
	since := fixedNow.AddDate(0, 0, 3)
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, since); err != nil {
		t.Fatal(err)
	}
	for _, k := range []*access.APIKey{thiefs, next} {
		if _, err := s.auth.Authenticate(ctx, tokens[k.ID]); footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
			t.Errorf("key %s, confirmed after the stolen key was compromised: authenticates (%v); want it refused", k.ID, err)
		}
	}
	keys, err := s.auth.OrganizationAPIKeys(ctx, orgCertifier)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		switch k.ID {
		case thiefs.ID, next.ID:
			if k.RevokedAt.IsZero() || k.CompromisedSince.IsZero() || !k.CompromisedSince.Equal(k.EndorsedAt) {
				t.Errorf("key %s confirmed by the thief: %+v; want it revoked and compromised as of its confirmation", k.ID, k)
			}
		case before.ID:
			if !k.RevokedAt.IsZero() || !k.CompromisedSince.IsZero() {
				t.Errorf("key %s confirmed before the theft: %+v; want it usable", k.ID, k)
			}
		}
	}
	if _, err := s.auth.Authenticate(ctx, tokens[before.ID]); err != nil {
		t.Errorf("the key confirmed before the theft: %v", err)
	}
	subject := "key/" + next.ID
	events, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Subject: &subject})
	if err != nil || !slices.ContainsFunc(events, func(e *access.AuditEvent) bool {
		return e.Action == access.AuditKeyCompromise && strings.Contains(e.Detail, "confirmed by key "+thiefs.ID+" after it was compromised")
	}) {
		t.Errorf("audit events of the last key: %+v, %v", events, err)
	}
}

// Ensure the flagged list holds a valid certificate issued with a
// recovery key its body has not vouched for, as its verification marks
// it (red team 61: it was listed as not flagged), and leaves it once the
// body vouches; it knows whether any recovery key exists from the index
// of recovery keys, without reading every key of the file (a spoiled
// record of a key nobody uses does not fail the list), and the index is
// built at Open for an earlier file.
func TestRedteam61_FlaggedListHoldsUnvouchedKeyIssues(t *testing.T) {
	ctx, s := mustStart(t)
	formerToken, former := MustCreateKey(t, s.auth, orgCertifier, access.RoleCertifier)
	_, idle, err := s.auth.CreateAPIKey(ctx, orgMaker)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.auth.RevokeAPIKey(ctx, former.ID); err != nil {
		t.Fatal(err)
	}
	recoveryToken, recovery := MustCreateKey(t, s.auth, orgCertifier, access.RoleCertifier)
	if !recovery.Unvouched {
		t.Fatalf("recovery key %+v not unvouched", recovery)
	}
	p, err := s.auth.Authenticate(ctx, recoveryToken)
	if err != nil {
		t.Fatal(err)
	}
	as := access.NewContextWithPrincipal(ctx, p)
	st := s.MustCreateStudy(t, orgMaker, "RT61-UNVOUCHED")
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	rec, err := s.certs.IssueCertificate(as, app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	restore, err := factordb.SpoilAPIKeyRecord(s.db, idle.ID)
	if err != nil {
		t.Fatal(err)
	}
	listed := func(flagged bool) bool {
		t.Helper()
		recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Flagged: &flagged})
		if err != nil {
			t.Fatalf("flagged=%t list: %v", flagged, err)
		}
		for _, r := range recs {
			if r.Certificate().ID == rec.Certificate().ID {
				return true
			}
		}
		return false
	}
	if !listed(true) || listed(false) {
		t.Errorf("certificate issued with an unvouched recovery key: flagged list %t, not-flagged list %t; want true, false", listed(true), listed(false))
	}
	if _, err := s.auth.VouchAPIKey(as, recovery.ID, formerToken); err != nil {
		t.Fatal(err)
	}
	if listed(true) || !listed(false) {
		t.Errorf("after the vouch: flagged list %t, not-flagged list %t; want false, true", listed(true), listed(false))
	}
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	mustRebuildIndex(t, s.db, factordb.CheckRecoveryKeyIndex, factordb.DropRecoveryKeyIndex)
}

// mustRebuildIndex checks an index (check), drops it as a file written
// before it existed has it (drop), has Open's migrations build it again
// and checks it again.
func mustRebuildIndex(tb testing.TB, db *factordb.DB, check, drop func(*factordb.DB) error) {
	tb.Helper()
	for _, op := range []func(*factordb.DB) error{check, drop, factordb.Init, check} {
		mustRun(tb, db, op)
	}
}

// TestMarkAPIKeyCompromised_ManyKeysMadeWithAStolenAdminKey: every key a
// stolen admin key made after the time reported is compromised, however
// many it made (the cascade writes audit events while it reads the trail
// of key creations).
func TestMarkAPIKeyCompromised_ManyKeysMadeWithAStolenAdminKey(t *testing.T) {
	ctx, s := mustStart(t)
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 1))
	_, stolen := MustCreateKey(t, s.auth, "Operator", access.RoleAdmin)
	as := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: stolen.ID})
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 5))
	var tokens []string
	for range 300 {
		token, _, err := s.auth.CreateAPIKey(as, orgMaker)
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, token)
	}
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 6))
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, fixedNow.AddDate(0, 0, 3)); err != nil {
		t.Fatal(err)
	}
	usable := 0
	for _, token := range tokens {
		if _, err := s.auth.Authenticate(ctx, token); err == nil {
			usable++
		}
	}
	if usable > 0 {
		t.Errorf("%d of the %d keys made with the stolen admin key after the time reported are usable; want none", usable, len(tokens))
	}
	if err := factordb.CheckCompromisedKeyIndex(s.db); err != nil {
		t.Error(err)
	}
}

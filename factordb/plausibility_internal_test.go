package factordb

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure Open stores the flags of a set that has none stored (one written
// before the plausibility checks existed), so that a request reads them
// instead of checking the whole set each time.
func TestOpen_StoresMissingFlags(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db := mustReopen(t, mustOpenUnflagged(t, path), path) // a set stored before the checks
	defer db.Close()
	var stored []string
	if err := db.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(factorFlagsBucket).Bucket([]byte("2026.1"))
		if b == nil || b.Bucket(flagsKey) == nil {
			return fmt.Errorf("no flags stored for 2026.1 after Open")
		}
		return b.Bucket(flagsKey).ForEach(func(k, _ []byte) error { stored = append(stored, string(k)); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || stored[0] != "PV-6" {
		t.Fatalf("stored flags %v, want [PV-6]", stored)
	}
}

// flaggedPV returns six honest PV generation factors and PV-6, whose value
// the plausibility check flags.
func flaggedPV(t *testing.T) []*footprint.Factor {
	unit := footprinttest.FactorUnit(t, "kgCO2e/kWh")
	var factors []*footprint.Factor
	for i, v := range []float64{0.02, 0.03, 0.035, 0.04, 0.045, 0.05, 2223.29} {
		code := fmt.Sprintf("PV-%d", i)
		factors = append(factors, &footprint.Factor{
			Code: code, NameZH: "测试因子 " + code, NameEN: "Test factor " + code,
			Category: footprint.CategoryElectricity, Value: v, Unit: unit,
			ElectricityRole: footprint.GenerationRole("pv"), Boundary: footprint.BoundaryLifeCycle,
			Geography: "CN", Year: 2024, Status: footprint.StatusActive,
			Source: footprint.Source{Publisher: "Test fixture", Document: "synthetic test data"},
		})
	}
	return factors
}

// Ensure publishing stores the flags it checked the set with: the flags a
// published set serves are those of its publication.
func TestPublishFactorSet_StoresCheckedFlags(t *testing.T) {
	ctx := context.Background()
	db, svc := mustOpenDraft(t, filepath.Join(t.TempDir(), "db"), flaggedPV(t))
	defer db.Close()
	flags, err := svc.FindFactorFlags(ctx, "2026.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AcknowledgeFactorFlags(ctx, "2026.1", factorlib.Seen(flags, []string{"PV-6"}), "checked against the source"); err != nil {
		t.Fatal(err)
	}
	// Lose the flags stored at import: publishing must store its own.
	if err := db.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(factorFlagsBucket).Bucket([]byte("2026.1")).DeleteBucket(flagsKey)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PublishFactorSet(ctx, "2026.1"); err != nil {
		t.Fatal(err)
	}
	flags, err = svc.FindFactorFlags(ctx, "2026.1")
	if err != nil {
		t.Fatal(err)
	}
	if len(flags) != 1 || flags[0].Code != "PV-6" || !flags[0].Reviewed() {
		t.Fatalf("flags after publish %+v, want PV-6 reviewed", flags)
	}
}

// Ensure classifying factors checks the set's flags again: a factor stored
// without its class has no peers, and once classified it may stand out
// from them.
func TestClassifyFactors_RefreshesFlags(t *testing.T) {
	ctx := context.Background()
	factors := flaggedPV(t)[2:] // four honest PV factors and PV-6
	factors[len(factors)-1].ElectricityRole = ""
	db, svc := mustOpenDraft(t, filepath.Join(t.TempDir(), "db"), factors)
	defer db.Close()
	if _, err := svc.PublishFactorSet(ctx, "2026.1"); err != nil {
		t.Fatal(err)
	}
	if flags, err := svc.FindFactorFlags(ctx, "2026.1"); err != nil || len(flags) != 0 {
		t.Fatalf("flags before classifying %+v (%v), want none", flags, err)
	}
	if n, err := svc.ClassifyFactors(ctx, "2026.1", map[string]footprint.FactorClass{"PV-6": {ElectricityRole: footprint.GenerationRole("pv")}}); err != nil || n != 1 {
		t.Fatalf("classify: n=%d, err=%v", n, err)
	}
	flags, err := svc.FindFactorFlags(ctx, "2026.1")
	if err != nil {
		t.Fatal(err)
	}
	if len(flags) != 1 || flags[0].Code != "PV-6" || flags[0].Reviewed() {
		t.Fatalf("flags after classifying %+v, want PV-6, not reviewed", flags)
	}
}

// mustOpenDraft opens the database at path with factors imported into a
// draft set 2026.1. The caller closes it.
func mustOpenDraft(t *testing.T, path string, factors []*footprint.Factor) (*DB, *FactorService) {
	t.Helper()
	db := mustOpenAt(t, path)
	svc := NewFactorService(db)
	if err := svc.CreateFactorSet(context.Background(), &footprint.FactorSet{Version: "2026.1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportFactors(context.Background(), "2026.1", factors); err != nil {
		t.Fatal(err)
	}
	return db, svc
}

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
		db = mustReopen(t, db, path)
		evs := events(db)
		if len(evs) != 1 || !strings.Contains(evs[0].Detail, "1 flags stored") || evs[0].Actor != "system" {
			t.Fatalf("open %d: migration events of the set %+v", round, evs)
		}
	}
	db.Close()
}

// mustReopen closes db and opens the file at path again, as a restart
// does. The caller closes the DB it returns.
func mustReopen(t *testing.T, db *DB, path string) *DB {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return mustOpenAt(t, path)
}

// mustOpenAt opens the database at path for the package's own tests,
// failing tb if it cannot. The caller closes it. (These tests cannot use
// factordbtest.Open, which imports factordb.)
func mustOpenAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	return db
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
	if _, _, err := svc.ReviewFactorSet(ctx, "2026.W", "", nil, "the holder's review"); footprint.ErrorField(err) != "set" {
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
	assertMigratedOnce(t, db, "migration:factor-set-reviews", "2026.C, 2026.W, 2026.D")
}

// assertMigratedOnce checks that the audit trail of db holds one event of
// migration key, saying detail.
func assertMigratedOnce(t *testing.T, db *DB, key, detail string) {
	t.Helper()
	subject, action := "database/"+key, AuditDatabaseMigrate
	evs, _, err := NewCertificationService(db).FindAuditEvents(context.Background(), access.AuditFilter{Subject: &subject, Action: &action})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || !strings.Contains(evs[0].Detail, detail) {
		t.Fatalf("events of migration %s: %+v, want one saying %q", key, evs, detail)
	}
}

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
	db := mustOpenAt(t, path)
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
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "db"))
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
	assertMigratedOnce(t, db, "migration:factor-set-digests", "content digests of 1 factor sets")
}

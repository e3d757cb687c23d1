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
	unit, err := footprint.ParseFactorUnit("kgCO2e/kWh")
	if err != nil {
		t.Fatal(err)
	}
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
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
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
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
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
	subject, action := "database/migration:factor-set-reviews", AuditDatabaseMigrate
	evs, _, err := NewCertificationService(db).FindAuditEvents(ctx, access.AuditFilter{Subject: &subject, Action: &action})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || !strings.Contains(evs[0].Detail, "2026.C, 2026.W, 2026.D") {
		t.Fatalf("migration events: %+v", evs)
	}
}

package factordb

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure Open stores the flags of a set that has none stored (one written
// before the plausibility checks existed), so that a request reads them
// instead of checking the whole set each time.
func TestOpen_StoresMissingFlags(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewFactorService(db)
	if err := svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: "2026.1"}); err != nil {
		t.Fatal(err)
	}
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
	if _, err := svc.ImportFactors(ctx, "2026.1", factors); err != nil {
		t.Fatal(err)
	}
	// Make it a set stored before the checks: no flags stored.
	if err := db.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(factorFlagsBucket).Bucket([]byte("2026.1")).DeleteBucket(flagsKey)
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	if db, err = Open(path); err != nil {
		t.Fatal(err)
	}
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

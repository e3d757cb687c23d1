package main

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// BenchmarkOpenSeeded measures what a start of pcf serve spends on the
// database before it listens (openSeeded): on a database it creates
// ("first-run", which now converts and publishes the CPCD set too), and on
// an existing one holding both sets ("restart", which checks both against
// the embedded data). "first-run-chengdu-only" and "restart-chengdu-only"
// do what a start did before the CPCD set existed: the baseline;
// "restart-compare" checks the CPCD set by reading it back, as a restart
// did before the check by digest.
func BenchmarkOpenSeeded(b *testing.B) {
	ctx := context.Background()
	chengduOnly := func(path string) *factordb.DB { return mustOpenChengdu(b, path) }
	// compareCPCD is a restart as it was before the check by digest:
	// seed.LoadSet reads the published CPCD set back and compares it.
	compareCPCD := func(path string) *factordb.DB {
		db := chengduOnly(path)
		im := seedtest.CPCD(b)
		if _, err := seed.LoadSet(ctx, factordb.NewFactorService(db), cpcd.SetVersion, cpcd.SetDescription, im.Factors); err != nil {
			b.Fatal(err)
		}
		return db
	}
	withCPCD := func(path string) *factordb.DB {
		db, _, err := openSeeded(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	for _, bb := range []struct {
		name    string
		open    func(string) *factordb.DB
		restart bool
	}{
		{"first-run-chengdu-only", chengduOnly, false},
		{"first-run", withCPCD, false},
		{"restart-chengdu-only", chengduOnly, true},
		{"restart-compare", compareCPCD, true},
		{"restart", withCPCD, true},
	} {
		b.Run(bb.name, func(b *testing.B) {
			dir := b.TempDir()
			existing := filepath.Join(dir, "existing.db")
			if bb.restart {
				if err := bb.open(existing).Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				path := existing
				if !bb.restart {
					path = filepath.Join(dir, strconv.Itoa(i)+".db")
				}
				if err := bb.open(path).Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

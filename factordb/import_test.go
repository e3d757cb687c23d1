package factordb_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// stream yields factors, then err (io.EOF for a good end), as a reader of a
// file would.
func stream(factors []*footprint.Factor, err error) func() (*footprint.Factor, error) {
	i := 0
	return func() (*footprint.Factor, error) {
		if i == len(factors) {
			return nil, err
		}
		i++
		return factors[i-1], nil
	}
}

// importFixture is n factors, in an order that is not the code order, of
// two categories and several years.
func importFixture(n int, prefix string) []*footprint.Factor {
	out := make([]*footprint.Factor, n)
	for i := range out {
		j := (i * 7919) % n
		out[i] = with(newFactor(fmt.Sprintf("%s-%05d", prefix, j)), func(f *footprint.Factor) {
			f.Year = 2015 + j%10
			f.ProductCodes = pcs(fmt.Sprintf("HS:85%04d", j))
			if j%2 == 1 {
				f.Category = footprint.CategoryComponent
			}
		})
	}
	return out
}

func TestFactorService_ImportFactorsFrom(t *testing.T) {
	ctx := context.Background()
	defer factordb.SetImportBatch(7, 5)()

	t.Run("Batches", func(t *testing.T) {
		// Ensure an import larger than a batch, into a set that already
		// holds factors (copied to the staging area in several
		// transactions), adds and replaces factors, reindexes the replaced
		// ones, counts them, reports progress in every phase, and leaves no
		// staging area.
		db := MustOpenDB(t)
		svc := factordb.NewFactorService(db)
		MustCreateFactorSet(t, svc, "2026.1", "")
		old := importFixture(12, "OLD")
		MustImportFactors(t, svc, "2026.1", old...)
		replaced := with(old[0], func(f *footprint.Factor) { f.Year, f.Value = 1999, 42 })
		in := append(importFixture(30, "NEW"), replaced)
		var phases []string
		sum, err := svc.ImportFactorsFrom(ctx, "2026.1", stream(in, io.EOF), func(phase string, n int) {
			phases = append(phases, fmt.Sprintf("%s %d", phase, n))
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := *sum, (footprint.ImportSummary{Set: "2026.1", Added: 30, Replaced: 1, Total: 42}); got != want {
			t.Fatalf("summary %+v, want %+v", got, want)
		}
		want := []string{"copy 5", "copy 10", "copy 12", "write 7", "write 14", "write 21", "write 28", "write 31", "commit 31"}
		if !reflect.DeepEqual(phases, want) {
			t.Errorf("progress %q, want %q", phases, want)
		}
		set, err := svc.FindFactorSetByVersion(ctx, "2026.1")
		if err != nil {
			t.Fatal(err)
		}
		if set.FactorCount != 42 {
			t.Errorf("FactorCount %d, want 42", set.FactorCount)
		}
		all, err := svc.ExportFactorSet(ctx, "2026.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 42 {
			t.Fatalf("%d factors in the set, want 42", len(all))
		}
		// Every index answers as a scan of the set would.
		for _, filter := range []footprint.FactorFilter{
			{Set: "2026.1", Year: ptr(1999)},
			{Set: "2026.1", Year: ptr(2015)},
			{Set: "2026.1", Category: ptr(footprint.CategoryComponent)},
			{Set: "2026.1", ProductCode: ptr("850003")},
			{Set: "2026.1", Geography: ptr("CN")},
			{Set: "2026.1", Status: ptr(footprint.StatusActive)},
		} {
			filter.Limit = footprint.MaxLimit
			page, err := svc.FindFactors(ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, f := range all {
				if matches(f, filter) {
					want = append(want, f.Code)
				}
			}
			if got := codes(page.Factors); !reflect.DeepEqual(got, want) {
				t.Errorf("%+v: %q, want %q", filter, got, want)
			}
		}
		if factordb.HasImportStaging(db, "2026.1") {
			t.Error("staging area left after the import")
		}
	})

	for _, tt := range []struct {
		name string
		// run imports into set 2026.2 of svc and returns the error.
		run  func(t *testing.T, svc *factordb.FactorService) error
		code string
	}{
		{"BadRowLate", func(t *testing.T, svc *factordb.FactorService) error {
			// The reader finds a bad row after three batches were staged.
			bad := &footprint.Error{Code: footprint.EINVALID, Field: "f.csv:25:value", Message: "invalid number"}
			_, err := svc.ImportFactorsFrom(ctx, "2026.2", stream(importFixture(24, "NEW"), bad), nil)
			if err != bad {
				t.Errorf("err %v, want the reader's", err)
			}
			return err
		}, footprint.EINVALID},
		{"InvalidFactorLate", func(t *testing.T, svc *factordb.FactorService) error {
			in := append(importFixture(20, "NEW"), with(newFactor("BAD"), func(f *footprint.Factor) { f.Year = 0 }))
			_, err := svc.ImportFactorsFrom(ctx, "2026.2", stream(in, io.EOF), nil)
			if got, want := footprint.ErrorField(err), "factors[20].year"; got != want {
				t.Errorf("field %q, want %q", got, want)
			}
			return err
		}, footprint.EINVALID},
		{"DuplicateLate", func(t *testing.T, svc *factordb.FactorService) error {
			in := importFixture(20, "NEW")
			in = append(in, in[3])
			_, err := svc.ImportFactors(ctx, "2026.2", in)
			return err
		}, footprint.EINVALID},
		{"Cancelled", func(t *testing.T, svc *factordb.FactorService) error {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_, err := svc.ImportFactorsFrom(ctx, "2026.2", stream(importFixture(30, "NEW"), io.EOF), func(phase string, n int) {
				if phase == "write" && n >= 14 {
					cancel()
				}
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err %v, want context.Canceled", err)
			}
			return err
		}, footprint.EINTERNAL},
		{"PublishedMeanwhile", func(t *testing.T, svc *factordb.FactorService) error {
			_, err := svc.ImportFactorsFrom(ctx, "2026.2", stream(importFixture(30, "NEW"), io.EOF), func(phase string, n int) {
				if phase == "write" && n == 14 {
					MustPublishFactorSet(t, svc, "2026.2")
				}
			})
			return err
		}, footprint.ECONFLICT},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure a large import that fails after batches were written
			// changes nothing: the set (and, when it was published
			// meanwhile, the published set) is as before, and the staging
			// area is gone.
			db := MustOpenDB(t)
			svc := factordb.NewFactorService(db)
			MustCreateFactorSet(t, svc, "2026.2", "")
			MustImportFactors(t, svc, "2026.2", importFixture(9, "OLD")...)
			before := mustSnapshot(t, svc, "2026.2")
			err := tt.run(t, svc)
			assertCode(t, err, tt.code)
			after := mustSnapshot(t, svc, "2026.2")
			before.set.Status, before.set.PublishedAt, before.set.Digest = after.set.Status, after.set.PublishedAt, after.set.Digest
			if !reflect.DeepEqual(after, before) {
				t.Fatalf("set changed:\n got %+v (%d factors)\nwant %+v (%d factors)", after.set, len(after.factors), before.set, len(before.factors))
			}
			if factordb.HasImportStaging(db, "2026.2") {
				t.Error("staging area left after the failed import")
			}
		})
	}

	t.Run("StaleStaging", func(t *testing.T) {
		// Ensure the staging area of an import that never finished (the
		// process was killed mid-way, here: a hot backup taken then) leaves
		// the set as it was and does not leak into the next import.
		db := MustOpenDB(t)
		svc := factordb.NewFactorService(db)
		MustCreateFactorSet(t, svc, "2026.1", "")
		MustImportFactors(t, svc, "2026.1", importFixture(3, "OLD")...)
		killed := filepath.Join(t.TempDir(), "killed.db")
		if _, err := svc.ImportFactorsFrom(ctx, "2026.1", stream(importFixture(20, "GHOST"), io.EOF), func(phase string, n int) {
			if phase == "write" && n == 14 {
				if _, err := db.BackupToFile(killed); err != nil {
					t.Fatal(err)
				}
			}
		}); err != nil {
			t.Fatal(err)
		}
		db2 := MustOpenDBAt(t, killed)
		svc2 := factordb.NewFactorService(db2)
		if !factordb.HasImportStaging(db2, "2026.1") {
			t.Fatal("the snapshot holds no staging area: the test does not test")
		}
		if got := mustSnapshot(t, svc2, "2026.1"); len(got.factors) != 3 || got.set.FactorCount != 3 {
			t.Fatalf("set after the kill: %d factors, count %d, want 3", len(got.factors), got.set.FactorCount)
		}
		sum, err := svc2.ImportFactorsFrom(ctx, "2026.1", stream(importFixture(10, "NEW"), io.EOF), nil)
		if err != nil {
			t.Fatal(err)
		}
		all, err := svc2.ExportFactorSet(ctx, "2026.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 13 || sum.Total != 13 {
			t.Fatalf("%d factors (total %d) after the next import, want the 3 old and 10 new: %q", len(all), sum.Total, codes(all))
		}
		if factordb.HasImportStaging(db2, "2026.1") {
			t.Error("staging area left after the import")
		}
	})
}

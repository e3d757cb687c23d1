package factordb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// benchFactors is the size of the benchmark database (issue 2).
const benchFactors = 100_000

// benchSet is the version of the benchmark set.
const benchSet = "2026.1"

// benchFactor returns synthetic factor i of the benchmark set. Its HS code is
// "85" followed by i in six digits, so the prefix "85" + four digits of i/100
// matches exactly 100 factors. Text fields have realistic lengths so that
// records are about the size of real ones.
func benchFactor(i int) *footprint.Factor {
	return with(newFactor(benchCode(i)), func(f *footprint.Factor) {
		f.NameZH = fmt.Sprintf("基准测试因子 第%d号（合成数据）", i)
		f.NameEN = fmt.Sprintf("Benchmark factor number %d (synthetic data)", i)
		f.Category = footprint.Categories[i%len(footprint.Categories)]
		f.Geography = []string{"CN", "CN-SC", "CN-SW", "GLO"}[i%4]
		f.Year = 2015 + i%10
		f.ProductCodes = pcs(fmt.Sprintf("HS:85%06d", i))
		f.Source.Document = "Synthetic benchmark dataset, table 1, not a real factor"
		f.Source.Locator = fmt.Sprintf("https://example.invalid/bench/%d", i)
		f.Source.Date = "2025-01-01"
		f.Quality = footprint.DataQuality{TeR: 2, GR: 2, TiR: 3, P: 3, Grade: "C"}
		f.Notes = "Generated for BenchmarkFactorService; values carry no meaning."
	})
}

func benchCode(i int) string { return fmt.Sprintf("BENCH-%06d", i) }

// MustBenchService builds a published set of benchFactors factors in a
// temporary database, with the factor cache disabled. It runs before the
// timer starts.
func MustBenchService(b *testing.B) (*factordb.DB, *factordb.FactorService) {
	b.Helper()
	db := MustOpenDB(b)
	db.SetFactorCacheSize(0)
	svc := factordb.NewFactorService(db)
	MustCreateFactorSet(b, svc, benchSet, "")
	const batch = 10_000
	factors := make([]*footprint.Factor, 0, batch)
	for i := range benchFactors {
		factors = append(factors, benchFactor(i))
		if len(factors) == batch {
			MustImportFactors(b, svc, benchSet, factors...)
			factors = factors[:0]
		}
	}
	MustPublishFactorSet(b, svc, benchSet)
	return db, svc
}

// benchCodes returns every code of the benchmark set.
func benchCodes() []string {
	codes := make([]string, benchFactors)
	for i := range codes {
		codes[i] = benchCode(i)
	}
	return codes
}

// setBenchCache enables a cache holding the whole benchmark set, warmed, or
// disables it. The uncached path is the one a cold or oversized set takes.
func setBenchCache(b *testing.B, db *factordb.DB, svc *factordb.FactorService, on bool) {
	b.Helper()
	if !on {
		db.SetFactorCacheSize(0)
		return
	}
	db.SetFactorCacheSize(benchFactors)
	if _, err := svc.FindFactorsByCodes(context.Background(), benchSet, benchCodes()); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkFactorService_FindFactorByCode(b *testing.B) {
	ctx := context.Background()
	db, svc := MustBenchService(b)
	codes := benchCodes()
	for _, tt := range []struct {
		name  string
		cache bool
		set   string
	}{
		{"cache=off", false, benchSet},
		{"cache=on", true, benchSet},
		{"cache=on/set=latest", true, ""},
	} {
		b.Run(tt.name, func(b *testing.B) {
			setBenchCache(b, db, svc, tt.cache)
			b.ReportAllocs()
			i := 0
			cpu := footprinttest.ProcessCPU()
			for b.Loop() {
				// A prime stride spreads lookups over the whole B+tree.
				i = (i + 7919) % len(codes)
				if _, err := svc.FindFactorByCode(ctx, tt.set, codes[i]); err != nil {
					b.Fatal(err)
				}
			}
			footprinttest.ReportCPU(b, cpu)
		})
	}
}

func BenchmarkFactorService_FindFactorsByCodes(b *testing.B) {
	ctx := context.Background()
	db, svc := MustBenchService(b)
	for _, n := range []int{1000} {
		codes := make([]string, n)
		for i := range codes {
			codes[i] = benchCode(i * (benchFactors / n))
		}
		for _, cache := range []bool{false, true} {
			b.Run(fmt.Sprintf("codes=%d/cache=%s", n, onOff(cache)), func(b *testing.B) {
				setBenchCache(b, db, svc, cache)
				b.ReportAllocs()
				cpu := footprinttest.ProcessCPU()
				for b.Loop() {
					m, err := svc.FindFactorsByCodes(ctx, benchSet, codes)
					if err != nil {
						b.Fatal(err)
					} else if len(m) != n {
						b.Fatalf("got %d factors, want %d", len(m), n)
					}
				}
				footprinttest.ReportCPU(b, cpu)
			})
		}
	}
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// BenchmarkFactorService_FindFactors measures queries. They walk the
// indexes in a transaction either way; with the cache on, factors come from
// it instead of being read and decoded.
func BenchmarkFactorService_FindFactors(b *testing.B) {
	ctx := context.Background()
	db, svc := MustBenchService(b)
	for _, cache := range []bool{false, true} {
		b.Run("prefix/cache="+onOff(cache), func(b *testing.B) {
			// HS prefix 85 + 4 digits: exactly 100 of the 100,000 factors.
			setBenchCache(b, db, svc, cache)
			prefixes := make([]string, 0, benchFactors/100)
			for i := range benchFactors / 100 {
				prefixes = append(prefixes, fmt.Sprintf("85%04d", i))
			}
			b.ReportAllocs()
			i := 0
			cpu := footprinttest.ProcessCPU()
			for b.Loop() {
				i = (i + 97) % len(prefixes)
				page, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: benchSet, ProductCode: &prefixes[i], Limit: 100})
				if err != nil {
					b.Fatal(err)
				} else if len(page.Factors) != 100 || page.NextCursor != "" {
					b.Fatalf("got %d factors (next %q), want exactly 100", len(page.Factors), page.NextCursor)
				}
			}
			footprinttest.ReportCPU(b, cpu)
		})
	}

	b.Run("category/limit=100/cache=off", func(b *testing.B) {
		// A low-selectivity index (1 in 9 factors): one page of 100.
		setBenchCache(b, db, svc, false)
		cat := footprint.CategoryTransport
		b.ReportAllocs()
		cpu := footprinttest.ProcessCPU()
		for b.Loop() {
			page, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: benchSet, Category: &cat, Limit: 100})
			if err != nil {
				b.Fatal(err)
			} else if len(page.Factors) != 100 {
				b.Fatalf("got %d factors, want 100", len(page.Factors))
			}
		}
		footprinttest.ReportCPU(b, cpu)
	})
}

// BenchmarkFactorService_FindSetReview reads the review state of a set a
// curator filled, which waits for its review as a set: the read a reviewer
// makes (GET /v1/factor-sets/{version}/flags) and that names the digest of
// the set's factors.
func BenchmarkFactorService_FindSetReview(b *testing.B) {
	for _, n := range []int{1_000, benchFactors} {
		b.Run(fmt.Sprintf("factors=%d", n), func(b *testing.B) {
			db := MustOpenDB(b)
			svc := factordb.NewFactorService(db)
			set := &footprint.FactorSet{Version: benchSet, Description: "bench"}
			if err := svc.CreateFactorSet(curator(context.Background(), "k-alice"), set); err != nil {
				b.Fatal(err)
			}
			factors := make([]*footprint.Factor, n)
			for i := range factors {
				factors[i] = benchFactor(i)
			}
			MustImportFactors(b, svc, benchSet, factors...)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				r, err := svc.FindSetReview(ctx, benchSet)
				if err != nil || r.Digest == "" {
					b.Fatalf("review %+v, %v: want a digest", r, err)
				}
			}
		})
	}
}

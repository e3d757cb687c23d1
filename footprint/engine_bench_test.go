package footprint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// benchLineCounts are the BOM sizes of BenchmarkCalculate (issue 3).
var benchLineCounts = []int{10, 100, 1000, 10000}

// benchFactorCodes are the mass-based factors the benchmark BOM cycles
// through.
var benchFactorCodes = []string{
	"PV-GLASS-FLOAT", "PV-AL-PROFILE", "MAT-CU-CN", "MAT-STEEL-CR", "MAT-PP-CN",
	"ELEC-PSU", "ELEC-DISP-GLASS", "ELEC-BATT-LIION-DESNZ", "MAT-GLASS-FLAT-CN", "PV-SILVER",
}

// benchStudy returns a pv-module study whose BOM has exactly n lines nested
// five levels deep: groups of a four-level chain of inline sub-assemblies
// whose deepest level holds the leaves (n = 10 is one group of 4 + 6 lines;
// larger n are groups of 4 + 21). Every tenth leaf has its own data-quality
// scores.
func benchStudy(n int) *footprint.Study {
	s := pvStudy()
	s.BOM = nil
	leafCode := 0
	massKg := 0.0 // the product weighs what its leaves weigh (mass balance)
	for made := 0; made < n; {
		size := min(25, n-made)
		leaves := size - 4
		var deepest []*footprint.BOMLine
		for j := range leaves {
			l := &footprint.BOMLine{Name: "part", Quantity: 0.01 + float64(j)*0.001, Unit: unit("kg"), ScrapPct: 1, Factor: benchFactorCodes[leafCode%len(benchFactorCodes)]}
			massKg += l.Quantity
			if leafCode%10 == 0 {
				l.Quality = &footprint.DataQuality{TeR: 2, GR: 1, TiR: 2, P: 3}
			}
			leafCode++
			deepest = append(deepest, l)
		}
		level := &footprint.BOMLine{Name: "level 4", Quantity: 1, Unit: unit("piece"), Children: deepest}
		for _, name := range []string{"level 3", "level 2", "level 1"} {
			level = &footprint.BOMLine{Name: name, Quantity: 1, Unit: unit("piece"), Children: []*footprint.BOMLine{level}}
		}
		s.BOM = append(s.BOM, level)
		made += size
	}
	s.Product.MassKg = massKg
	return s
}

func countBOMLines(lines []*footprint.BOMLine) int {
	n := 0
	for _, l := range lines {
		n += 1 + countBOMLines(l.Children)
	}
	return n
}

func TestBenchStudy(t *testing.T) {
	// Ensure the benchmark studies have the stated number of lines and
	// calculate.
	factors := MustLoadFactors(t)
	for _, n := range benchLineCounts {
		s := benchStudy(n)
		if got := countBOMLines(s.BOM); got != n {
			t.Errorf("lines = %d, want %d", got, n)
		}
		MustCalculate(t, s, factors, nil)
	}
}

func BenchmarkCalculate(b *testing.B) {
	factors := MustLoadFactors(b)
	for _, n := range benchLineCounts {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			s := benchStudy(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := footprint.Calculate(s, factors, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCalculateWithFactorDB includes reading the factor snapshot from
// a real bbolt factor database (FindFactorsByCodes in one transaction), as
// the service layer does for every calculation.
func BenchmarkCalculateWithFactorDB(b *testing.B) {
	ctx := context.Background()
	db, err := factordb.Open(filepath.Join(b.TempDir(), "db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := factordb.NewFactorService(db)
	if err := svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: testSet, Description: "benchmark"}); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join("testdata", "factors.csv"))
	if err != nil {
		b.Fatal(err)
	}
	list, err := tabular.ReadFactorsCSV(f, "factors.csv")
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.ImportFactors(ctx, testSet, list); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.PublishFactorSet(ctx, testSet); err != nil {
		b.Fatal(err)
	}
	for _, n := range benchLineCounts {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			s := benchStudy(n)
			b.ReportAllocs()
			for b.Loop() {
				factors, err := svc.FindFactorsByCodes(ctx, s.FactorSet, s.FactorCodes())
				if err != nil {
					b.Fatal(err)
				}
				if _, err := footprint.Calculate(s, factors, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

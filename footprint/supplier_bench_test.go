package footprint_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// benchSupplierLines are the sizes of BenchmarkCalculateSuppliers: the
// demo module's cells over that many BOM lines, each from a supplier.
var benchSupplierLines = []int{40, 200}

// supplierStudy returns the demo module (seed pv-module) with its cells
// (the PV-CELL-MONO182 line) in n equal lines, each from one of 40
// supplier footprints in turn, and those footprints: 20 references to
// four cell makers' certificates of this service (cellCertificate, HS
// 854142), five each, the number written five ways (cases); and 20 PACT
// documents of the same cells, five a maker, whose figures the engine
// compares with the set's factors of their codes (warnSupplierFloors).
// 40 of the 50 footprints a study may reference (MaxSuppliers).
func supplierStudy(tb testing.TB, n int) (*footprint.Study, map[string]*footprint.SupplierFootprint) {
	tb.Helper()
	sups := map[string]*footprint.SupplierFootprint{}
	var refs []string
	for maker := range 4 {
		for i, ref := range cases(fmt.Sprintf("CDPCF-2026-%06d", 123+maker)) {
			sf, err := certification.CertificateSupplierFootprint(ref, cellCertificate(), "test-key")
			if err != nil {
				tb.Fatal(err)
			}
			sf.Supplier = fmt.Sprintf("Cell Co. %d", maker+1)
			doc := *sf
			doc.ID = footprint.PACTSupplierPrefix + fmt.Sprintf("0d9c1c4e-5b7a-4f4e-9a55-%012d", 5*maker+i)
			sups[sf.ID], sups[doc.ID] = sf, &doc
			refs = append(refs, sf.ID, doc.ID)
		}
	}
	lines := make([]string, n)
	for i := range lines {
		lines[i] = refs[i%len(refs)]
	}
	return pvModuleCellsFrom(tb, lines...), sups
}

// cases returns a certificate's number written five ways, as a study may
// write it (the service resolves it in any case, red team 33).
func cases(number string) []string {
	return []string{number, strings.ToLower(number), "C" + strings.ToLower(number[1:]), "c" + number[1:], " " + number}
}

func TestSupplierBenchStudy(t *testing.T) {
	// Ensure the benchmark's studies calculate, using every footprint, to
	// the demo module's total with its cells on the factor of the
	// certificates' figure (1.59 kgCO2e a cell, PV-CELL-MONO182).
	factors := seedtest.Factors(t)
	want := MustCalculate(t, seedtest.Study(t, "pv-module"), factors, nil)
	for _, n := range benchSupplierLines {
		s, sups := supplierStudy(t, n)
		r := MustCalculate(t, s, factors, sups)
		if len(r.Suppliers) != len(sups) || len(sups) != 40 {
			t.Errorf("%d lines: %d of %d supplier footprints used, want 40", n, len(r.Suppliers), len(sups))
		}
		if d := r.KgCO2e - want.KgCO2e; d > 1e-9*want.KgCO2e || d < -1e-9*want.KgCO2e {
			t.Errorf("%d lines: %.9f kgCO2e, the cells on the factor %.9f", n, r.KgCO2e, want.KgCO2e)
		}
	}
}

// BenchmarkCalculateSuppliers benchmarks Calculate on supplierStudy: a
// study of many supplier references (session 55).
func BenchmarkCalculateSuppliers(b *testing.B) {
	factors := seedtest.Factors(b)
	for _, n := range benchSupplierLines {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			s, sups := supplierStudy(b, n)
			footprinttest.Bench(b, func() error {
				_, err := footprint.Calculate(s, factors, sups)
				return err
			})
		})
	}
}

func TestSupplierReferenceAllocs(t *testing.T) {
	// Ensure a footprint named on one more line costs a calculation a few
	// allocations (the line's supplier path and factor unit), not its
	// source, families, material and floor again (session 55: 33.1 a line
	// before): supplierStudy of 200 lines names the 40 footprints of its
	// 40 lines again on 160.
	factors := seedtest.Factors(t)
	allocs := func(n int) float64 {
		s, sups := supplierStudy(t, n)
		return testing.AllocsPerRun(20, func() {
			if _, err := footprint.Calculate(s, factors, sups); err != nil {
				t.Fatal(err)
			}
		})
	}
	a40, a200 := allocs(40), allocs(200)
	if each := (a200 - a40) / 160; each > 4 {
		t.Errorf("%.1f allocations a line naming a footprint again (%.0f at 40 lines, %.0f at 200), want at most 4", each, a40, a200)
	}
}

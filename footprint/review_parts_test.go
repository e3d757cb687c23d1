package footprint_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a supplier footprint in the packaging does not stand for a
// required part: the demo module without its cells, and a pallet bought
// with a supplier's footprint, was only warned (the cells "taken to be in a
// supplier footprint"), although no part of the product is in its
// packaging (docs/integrity.md §9: packaging does not count).
func TestReview_RequiredPartNotInPackagingSupplier(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	countExemptedInFull(s)
	s.BOM = s.BOM[:1]
	const ref = "cert:CDPCF-2026-000009"
	s.Packaging = append(s.Packaging, &footprint.BOMLine{Name: "pallet", Quantity: 1, Unit: footprint.MustParseUnit("piece"), MassKg: 0.5, Supplier: ref})
	sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Pallet Co", Product: "pallet", KgCO2e: 2, Boundary: footprint.BoundaryCradleToGate,
		DeclaredUnit: footprint.MustParseUnit("piece"), IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
	if footprint.ErrorField(err) != "bom" {
		t.Fatalf("module without cells, a supplier's pallet: %v (result %v), want a refusal naming bom", err, res != nil)
	}
}

// Ensure a study claims no more green-power instruments than a certificate
// prints (certification.MaxCertificateInstruments, 50), refused naming the
// instrument: the check that no instrument is claimed twice in a study
// compares each with every one before it (a batch is a range), so an 8 MB
// study of tens of thousands of instruments took minutes of CPU (4,000:
// 7.8 s), and a study of more than 50 could be stored but never issued.
func TestReview_AtMostFiftyInstruments(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	i := slices.IndexFunc(s.Electricity, func(l *footprint.ElectricityLine) bool { return len(l.Instruments) > 0 })
	if i < 0 {
		t.Fatal("the demo module claims no instrument")
	}
	e := s.Electricity[i]
	first := *e.Instruments[0]
	e.Instruments = nil
	for n := range footprint.MaxInstruments + 1 {
		in := first
		in.Serial, in.SerialLast, in.MWh = fmt.Sprintf("GEC-REVIEW-%06d", n+1), "", 1
		e.Instruments = append(e.Instruments, &in)
	}
	_, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if want := fmt.Sprintf("electricity[%d].instruments[%d]", i, footprint.MaxInstruments); footprint.ErrorField(err) != want {
		t.Fatalf("%d instruments: %v, want a refusal naming %s", len(e.Instruments), err, want)
	}
	e.Instruments = e.Instruments[:footprint.MaxInstruments]
	if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil {
		t.Fatalf("%d instruments: %v", len(e.Instruments), err)
	}
}

package footprint_test

import (
	"math"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Reviewer 51: a DQR self-rated through a supplier. The demo module rating
// its cells line 1/1/1/1 itself prints DQR 1.91 with 57.2 % of it
// self-rated (session 51). Its cells taken from a supplier certificate of
// format 8 whose own study rated itself 1/1/1/1 (DQR 1.00, 100 % of it
// self-rated, printed so on the supplier's certificate) gave the same DQR
// 1.91 with 0 % self-rated: the supplier's study's word passed into the
// buyer's DQR as if it were the factors', and the buyer's certificate was
// format 7, saying nothing. Ensure the supplier's signed share is carried
// through the signed supplier list (as a verifier reads it) into the
// buyer's share, and that a supplier certificate of format 7 adds none.
func TestReviewer51_SelfRatedThroughASupplierCertificate(t *testing.T) {
	factors := seedtest.Factors(t)
	own := seedtest.Study(t, "pv-module")
	for _, l := range own.BOM {
		if l.Factor == "PV-CELL-MONO182" {
			l.Quality = &footprint.DataQuality{TeR: 1, GR: 1, TiR: 1, P: 1}
		}
	}
	want := MustCalculate(t, own, factors, nil)
	if !(want.DQRSelfRatedPct > 50 && want.DQRSelfRatedPct < 100) {
		t.Fatalf("the module rating its cells itself: %g %% self-rated, want about 57", want.DQRSelfRatedPct)
	}
	for _, tt := range []struct {
		name     string
		format   int
		selfPct  float64
		wantSelf float64
	}{
		{"format 8, 100 % self-rated", 8, 100, want.DQRSelfRatedPct},
		{"format 8, 50 % self-rated", 8, 50, want.DQRSelfRatedPct / 2},
		{"format 7", 7, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := cellCertificate()
			c.Format, c.DQR, c.DQRCoveragePct, c.DQRSelfRatedPct = tt.format, 1.0, 100, tt.selfPct
			// Through the signed supplier list, as a verifier recomputes.
			b, err := certification.MarshalSuppliers([]certification.CertificateSupplier{certification.NewCertificateSupplier("CDPCF-2026-000123", c)})
			if err != nil {
				t.Fatal(err)
			}
			sups, err := certification.ParseSuppliers(b)
			if err != nil {
				t.Fatal(err)
			}
			sf, err := sups[0].Footprint()
			if err != nil {
				t.Fatal(err)
			}
			r := MustCalculate(t, pvModuleCellsFrom(t, sf.ID), factors, map[string]*footprint.SupplierFootprint{sf.ID: sf})
			if math.Abs(r.DQR-want.DQR) > 1e-9 {
				t.Fatalf("DQR %g, want the module's own rating's %g", r.DQR, want.DQR)
			}
			if got := r.DQRSelfRatedPct; math.Abs(got-tt.wantSelf) > 1e-9 {
				t.Errorf("DQR %.3f, %g %% of it self-rated; want %g %%", r.DQR, got, tt.wantSelf)
			}
		})
	}
}

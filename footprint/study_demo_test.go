package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

func TestDemoStudies_SeedSet(t *testing.T) {
	// Ensure both demo studies parse and calculate against the embedded
	// seed factor set, to the same total as against the test snapshot of
	// the reference (the seed keeps every reference value).
	factors := seedtest.Factors(t)
	for _, name := range []string{"pv-module", "laptop"} {
		t.Run(name, func(t *testing.T) {
			s := seedtest.Study(t, name)
			if s.FactorSet != seed.SetVersion {
				t.Fatalf("study pins %q, seed is %q", s.FactorSet, seed.SetVersion)
			}
			got := MustCalculate(t, s, factors, nil)
			want := MustCalculate(t, MustParseStudyFile(t, "../seed/studies/"+name+".json"), MustLoadFactors(t), nil)
			checkNear(t, "KgCO2e", got.KgCO2e, want.KgCO2e)
			checkNear(t, "CreditsKgCO2e", got.CreditsKgCO2e, want.CreditsKgCO2e)
		})
	}
}

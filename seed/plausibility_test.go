package seed_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the curated seed set raises no plausibility flag: a flag there
// would be a value to fix, not to acknowledge.
func TestFactors_Plausible(t *testing.T) {
	if flags := factorlib.CheckPlausibility(MustFactors(t)); len(flags) != 0 {
		for _, fl := range flags {
			t.Error(fl.Explanation)
		}
	}
}

// Ensure loading the CPCD library publishes it with its plausibility flags
// acknowledged by the loader, not reviewed (so not certifiable), saying that
// no curator reviewed them, and
// that the known-bad PV row (2,223 kgCO2e/kWh) is among them.
func TestLoadSet_CPCDFlags(t *testing.T) {
	ctx := context.Background()
	im := seedtest.CPCD(t)
	svc := MustOpenFactorService(t)
	if _, err := seed.LoadSet(ctx, svc, cpcd.SetVersion, cpcd.SetDescription, im.Factors); err != nil {
		t.Fatal(err)
	}
	flags, err := svc.(factorlib.FactorFlagService).FindFactorFlags(ctx, cpcd.SetVersion)
	if err != nil {
		t.Fatal(err)
	}
	var pv *factorlib.FactorFlag
	for _, fl := range flags {
		if fl.Acknowledgement == nil || !strings.Contains(fl.Acknowledgement.Note, "not reviewed by a curator") || fl.Reviewed() {
			t.Fatalf("flag of %s: acknowledgement %+v", fl.Code, fl.Acknowledgement)
		}
		if fl.Code == "CPCD-17100G0072017A" {
			pv = fl
		}
	}
	if pv == nil || pv.Value != 2223.29 || len(pv.Peers) == 0 {
		t.Fatalf("the 2,223 kgCO2e/kWh PV row: %+v", pv)
	}
	t.Logf("%d of %d CPCD factors flagged; the PV row against %d peers, median %.3g %s", len(flags), len(im.Factors), pv.PeerCount, pv.Median, pv.GroupUnit)
}

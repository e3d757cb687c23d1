package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

func TestZZProbe(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	s.BOM = append(s.BOM, &footprint.BOMLine{Name: "power", Quantity: 5, Unit: footprint.MustParseUnit("kWh"), Factor: "ELEC-CN-NAT-CF-2024"})
	r, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	t.Log(err)
	if r != nil {
		t.Log(r.KgCO2e, r.Electricity.Approach)
	}
}

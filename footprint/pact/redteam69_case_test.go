package pact_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure a figure's member written alone in another case is read, as
// encoding/json reads it, so that a check on it cannot be passed by
// spelling it "CcuCalculationApproach": json/v2 matched names exactly and
// left such a member unread, so a CCU credit, packaging above a v2 figure
// and fossil emissions above a v3 figure were all read as stating none,
// while another program reading the file with encoding/json read them.
func TestRedteam69_FigureMemberInAnotherCaseRead(t *testing.T) {
	v3 := func(figure, extra string) []byte {
		return bytes.Replace(footprinttest.SupplierPACT3(rt69ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", figure), []byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0"`+extra), 1)
	}
	v2 := func(figure, extra string) []byte {
		return bytes.Replace(footprinttest.SupplierPACT2(rt69ID, 1, figure), []byte(`"pCfExcludingBiogenic":"`+figure+`",`), []byte(`"pCfExcludingBiogenic":"`+figure+`",`+extra), 1)
	}
	ccu := v3("0.42", `,"ccuCarbonContent":"0.3","CcuCalculationApproach":"Credit"`)
	var other struct {
		PCF struct {
			A string `json:"ccuCalculationApproach"`
		} `json:"pcf"`
	}
	if err := json.Unmarshal(ccu, &other); err != nil || other.PCF.A != pact.CCUCredit {
		t.Fatalf("encoding/json reads %q (%v); the test wants a document read two ways", other.PCF.A, err)
	}
	s, err := pact.ParseSupplier(ccu)
	if err != nil || footprint.ErrorField(s.CheckCCUCredit()) != "pact_footprint.pcf.ccuCalculationApproach" {
		t.Errorf("CcuCalculationApproach \"Credit\": %v, %+v; want read and refused for use", err, s)
	}
	for name, doc := range map[string][]byte{
		"v2 PackagingGhgEmissions above the figure": v2("0.5", `"packagingEmissionsIncluded":true,"PackagingGhgEmissions":"5.0",`),
		"v3 FossilGhgEmissions above the figure":    bytes.Replace(v3("2.0", ""), []byte(`"fossilGhgEmissions":"2.0"`), []byte(`"FossilGhgEmissions":"20.0"`), 1),
	} {
		if _, err := pact.ParseSupplier(doc); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: %v, want refused", name, err)
		}
	}
}

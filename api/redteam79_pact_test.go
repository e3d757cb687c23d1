package api_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Red team 79 (session 47): the PACT exchange both ways.

// Ensure a manufacturer cannot upload a supplier's PACT 3 footprint whose
// figure lies below the aircraft emissions the same document states: the
// junction box at "0.5" kgCO2e/kg with aircraftGhgEmissions "12.0" (air
// freight, in pcfExcludingBiogenicUptake by PACT 3's own definition) was
// stored (201) and the demo PV module with 0.2 kg of it calculated at
// 150.20 kgCO2e, where the document's own aircraft emissions make the
// figure at least 12.0 (152.50 kgCO2e). The refusal is 400, naming the
// figure, in Chinese first; the document stating a figure of 12.0 is
// stored.
func TestRedteam79_UploadedFigureBelowItsAircraftEmissions(t *testing.T) {
	st := newSeededStack(t)
	const id = "79797979-aaaa-4b3b-9c8d-7e6f5a4b3c2d"
	doc := bytes.Replace(footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.5"),
		[]byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","aircraftGhgEmissions":"12.0"`), 1)
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc})
	e := MustError(t, rec, 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.pcfExcludingBiogenicUptake" || !strings.HasPrefix(e.Error.Message, "该足迹的") || !strings.Contains(e.Error.Message, "aircraftGhgEmissions 12.0") {
		t.Fatalf("refusal %+v, want the figure named, in Chinese first, with the aircraft emissions", e)
	}
	fixed := bytes.ReplaceAll(doc, []byte(`"0.5"`), []byte(`"12.0"`))
	st.storeSupplierDoc(t, fixed)
}

// Ensure a manufacturer cannot upload a supplier's PACT 3 footprint that
// nets a CCS capture it places outside its own boundary: the junction box
// at "0.5" kgCO2e/kg with fossilGhgEmissions "40.0",
// ccsTechnologicalCO2Capture "-39.5" and ccsTechnologicalCO2CaptureIncluded
// false was stored (201) and the demo PV module with 0.2 kg of it
// calculated at 150.20 kgCO2e, where without the capture the document
// excludes the figure is at least 40.0 (158.10 kgCO2e). The refusal is
// 400, naming the capture, in Chinese first.
func TestRedteam79_UploadedCCSOutsideItsBoundary(t *testing.T) {
	st := newSeededStack(t)
	const id = "79797979-dddd-4b3b-9c8d-7e6f5a4b3c2d"
	doc := bytes.Replace(footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.5"),
		[]byte(`"fossilGhgEmissions":"0.5"`), []byte(`"fossilGhgEmissions":"40.0","ccsTechnologicalCO2Capture":"-39.5","ccsTechnologicalCO2CaptureIncluded":false`), 1)
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc})
	e := MustError(t, rec, 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.ccsTechnologicalCO2Capture" || !strings.HasPrefix(e.Error.Message, "该足迹声明") || !strings.Contains(e.Error.Message, "ccsTechnologicalCO2CaptureIncluded false") {
		t.Fatalf("refusal %+v, want the capture named, in Chinese first", e)
	}
}

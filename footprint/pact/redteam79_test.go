package pact_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Red team 79 (session 47): the PACT exchange both ways.

const rt79ID = "79797979-1d2f-4a3b-9c8d-7e6f5a4b3c2d"

// rt79Doc is the junction box's PACT 3 footprint at "0.5" kgCO2e/kg with
// the pcf members kv (name, value, …) set.
func rt79Doc(t *testing.T, kv ...any) []byte {
	t.Helper()
	return setPCF(t, footprinttest.SupplierPACT3(rt79ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.5"), kv...)
}

// rt79Refused checks that pact.ParseSupplier refuses doc with EINVALID
// naming field, in a message holding names that begins in Chinese and has
// none in its English half.
func rt79Refused(t *testing.T, name, field, names string, doc []byte) {
	t.Helper()
	_, err := pact.ParseSupplier(doc)
	msg := footprint.ErrorMessage(err)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != field || !strings.Contains(msg, names) {
		t.Errorf("%s: err %v (field %q), want EINVALID on %s naming %q", name, err, footprint.ErrorField(err), field, names)
		return
	}
	if en := footprinttest.English(t, msg); strings.ContainsFunc(en, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("%s: the English half of %q holds Chinese", name, msg)
	}
	if r := []rune(msg)[0]; r < 0x4e00 || r > 0x9fff {
		t.Errorf("%s: %q does not begin in Chinese", name, msg)
	}
}

// Ensure a PACT 3 footprint whose figure lies below the aircraft emissions
// it states is refused, naming the figure: pcfExcludingBiogenicUptake
// includes all fossil emissions from mobile combustion and all biogenic
// emissions (v3 openapi.yaml CarbonFootprint.pcfExcludingBiogenicUptake),
// so the emissions of the aircraft engines that carried the product
// (aircraftGhgEmissions, "excluding biogenic CO2 uptake", Methodology
// 3.3.2.1) are in it, less only the removals and capture the document
// states. Before, a junction box at "0.5" kgCO2e/kg stating
// aircraftGhgEmissions "12.0" (air freight) was read as 0.5: the checks
// of red teams 16 and 64 compared the figure with its formula's terms and
// its packaging, not with its aircraft emissions. Each is compared alone,
// rounded to its last place and the figure's: packaging included at "0.7"
// passed within "0.5" by the rounding of the three terms (0.3, 0.1, 0.1)
// beside them, which it is not added to. The spec's own examples
// (aircraft 0.2 within 1.85) and a figure netting removals still read.
func TestRedteam79_PACT3FigureBelowItsAircraftEmissions(t *testing.T) {
	set := func(kv ...any) []byte { return rt79Doc(t, kv...) }
	const head = "pact_footprint.pcf.pcfExcludingBiogenicUptake"
	for _, tt := range []struct {
		name, field, names string
		doc                []byte
	}{
		{"air freight above the figure", head, "aircraftGhgEmissions 12.0", set("aircraftGhgEmissions", "12.0")},
		{"beyond rounding", head, "aircraftGhgEmissions 0.7", set("aircraftGhgEmissions", "0.7", "fossilGhgEmissions", "0.3", "landUseChangeGhgEmissions", "0.1", "biogenicNonCO2Emissions", "0.1")},
		{"above the figure less the removals stated", head, "aircraftGhgEmissions 2.0", set("aircraftGhgEmissions", "2.0", "technologicalCO2Removals", "-1.0", "landUseChangeGhgEmissions", "1.0")},
		{"packaging beyond rounding", head, "packagingGhgEmissions 0.7", set("packagingEmissionsIncluded", true, "packagingGhgEmissions", "0.7", "fossilGhgEmissions", "0.3", "landUseChangeGhgEmissions", "0.1", "biogenicNonCO2Emissions", "0.1")},
		{"negative", "pact_footprint.pcf.aircraftGhgEmissions", "≥ 0", set("aircraftGhgEmissions", "-1")},
		{"not a decimal", "pact_footprint.pcf.aircraftGhgEmissions", "≥ 0", set("aircraftGhgEmissions", "1e1")},
	} {
		rt79Refused(t, tt.name, tt.field, tt.names, tt.doc)
	}
	for _, tt := range []struct {
		name string
		doc  []byte
	}{
		{"within the figure", set("aircraftGhgEmissions", "0.2")},
		{"rounding", set("aircraftGhgEmissions", "0.6")},
		{"all of it", set("aircraftGhgEmissions", "0.5")},
		{"removals netting more", set("aircraftGhgEmissions", "1.0", "landUseChangeGhgEmissions", "0.5", "technologicalCO2Removals", "-1.0")},
		{"zero", set("aircraftGhgEmissions", "0")},
		{"packaging rounding", set("packagingEmissionsIncluded", true, "packagingGhgEmissions", "0.6", "fossilGhgEmissions", "0.3", "landUseChangeGhgEmissions", "0.1", "biogenicNonCO2Emissions", "0.1")},
	} {
		if _, err := pact.ParseSupplier(tt.doc); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	for _, f := range []string{"v3/example-1.json", "v3/example-2.json", "v3/get-footprint-response.json", "v2/get-footprint-response.json"} {
		if _, err := pact.ParseSupplier(mustSpecFile(t, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Ensure a PACT 3 footprint stating that no CCS takes place within its
// boundary (ccsTechnologicalCO2CaptureIncluded false) cannot net a CCS
// capture or technological removals into the bound its figure is checked
// against: PACT 3 says that then ccsTechnologicalCO2Capture,
// technologicalCO2Removals and technologicalCO2CaptureOrigin "shall be
// undefined" (openapi.yaml CarbonFootprint.ccsTechnologicalCO2CaptureIncluded,
// x-rule SHALL). Before, a junction box at "0.5" kgCO2e/kg stating
// fossilGhgEmissions "40.0" beside ccsTechnologicalCO2Capture "-39.5" and
// ccsTechnologicalCO2CaptureIncluded false was read as 0.5: the check of
// red team 16 subtracted a capture the document places outside its
// boundary. With the flag true, or absent (the spec's examples omit it), the
// capture nets the bound as before; a stated 0 changes nothing and is read.
func TestRedteam79_CCSOutsideTheBoundaryNetsNothing(t *testing.T) {
	set := func(kv ...any) []byte { return rt79Doc(t, kv...) }
	for _, tt := range []struct {
		name, field string
		doc         []byte
	}{
		{"capture", "pact_footprint.pcf.ccsTechnologicalCO2Capture", set("fossilGhgEmissions", "40.0", "ccsTechnologicalCO2Capture", "-39.5", "ccsTechnologicalCO2CaptureIncluded", false)},
		{"removals", "pact_footprint.pcf.technologicalCO2Removals", set("fossilGhgEmissions", "40.0", "technologicalCO2Removals", "-39.5", "ccsTechnologicalCO2CaptureIncluded", false)},
	} {
		rt79Refused(t, tt.name, tt.field, "ccsTechnologicalCO2CaptureIncluded", tt.doc)
	}
	for _, tt := range []struct {
		name string
		doc  []byte
	}{
		{"CCS within the boundary", set("fossilGhgEmissions", "40.0", "ccsTechnologicalCO2Capture", "-39.5", "ccsTechnologicalCO2CaptureIncluded", true)},
		{"flag absent", set("fossilGhgEmissions", "40.0", "ccsTechnologicalCO2Capture", "-39.5")},
		{"zeros outside", set("ccsTechnologicalCO2Capture", "0", "technologicalCO2Removals", "0.0", "ccsTechnologicalCO2CaptureIncluded", false)},
		{"no CCS", set("ccsTechnologicalCO2CaptureIncluded", false)},
	} {
		if _, err := pact.ParseSupplier(tt.doc); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

package pact_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure a PACT 3 footprint whose figure leaves out emissions its own
// formula adds is refused at upload, naming the figure and the terms
// (red team 64): pcfExcludingBiogenicUptake SHALL be fossilGhgEmissions +
// landUseChangeGhgEmissions + landManagementBiogenicCO2Emissions + the
// removals and capture + biogenicNonCO2Emissions (v3 openapi.yaml,
// x-comment), and packaging's emissions are in it when the document says
// they are included. A junction box at "0.5" kgCO2e/kg stating 40 kg of
// land-use change emissions, 3 of land-management biogenic CO2 and 2 of
// biogenic non-CO2 per kg was read as 0.5: the demo PV module with 0.2 kg
// of it 159.2 → 150.2 kgCO2e. The terms are PositiveOrZeroDecimals: a
// negative one would lower the bound.
func TestRedteam64_PACT3FigureBelowItsOwnFormula(t *testing.T) {
	const id = "8a2e1f4c-0a9b-4f6e-9c1d-5b7a3e2d1f00"
	v3 := footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.5")
	v2 := footprinttest.SupplierPACT2(id, 1, "0.5")
	set := func(doc []byte, kv ...any) []byte {
		return withPCF(t, doc, func(pcf map[string]any) {
			for i := 0; i < len(kv); i += 2 {
				pcf[kv[i].(string)] = kv[i+1]
			}
		})
	}
	const head = "pact_footprint.pcf.pcfExcludingBiogenicUptake"
	for _, tt := range []struct {
		name, field, names string
		doc                []byte
	}{
		{"land-use change", head, "landUseChangeGhgEmissions 40.0", set(v3, "landUseChangeGhgEmissions", "40.0")},
		{"all three", head, "fossilGhgEmissions 0.5 + landUseChangeGhgEmissions 40.0 + landManagementBiogenicCO2Emissions 3.0 + biogenicNonCO2Emissions 2.0",
			set(v3, "landUseChangeGhgEmissions", "40.0", "landManagementBiogenicCO2Emissions", "3.0", "biogenicNonCO2Emissions", "2.0")},
		{"biogenic non-CO2 beyond rounding", head, "biogenicNonCO2Emissions 0.3", set(v3, "biogenicNonCO2Emissions", "0.3")},
		{"land management less the removals stated", head, "technologicalCO2Removals -1.0", set(v3, "landManagementBiogenicCO2Emissions", "5.0", "technologicalCO2Removals", "-1.0")},
		{"packaging included", head, "packagingGhgEmissions 3.0", set(v3, "packagingEmissionsIncluded", true, "packagingGhgEmissions", "3.0")},
		{"land-use change negative", "pact_footprint.pcf.landUseChangeGhgEmissions", "≥ 0", set(v3, "landUseChangeGhgEmissions", "-1")},
		{"biogenic non-CO2 not a decimal", "pact_footprint.pcf.biogenicNonCO2Emissions", "≥ 0", set(v3, "biogenicNonCO2Emissions", "2e1")},
		{"packaging negative", "pact_footprint.pcf.packagingGhgEmissions", "≥ 0", set(v3, "packagingEmissionsIncluded", true, "packagingGhgEmissions", "-1")},
	} {
		_, err := pact.ParseSupplier(tt.doc)
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field || !strings.Contains(msg, tt.names) {
			t.Errorf("%s: err %v (field %q), want EINVALID on %s naming %q", tt.name, err, footprint.ErrorField(err), tt.field, tt.names)
		} else if en := footprinttest.English(t, msg); strings.ContainsFunc(en, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: the English half of %q holds Chinese", tt.name, msg)
		}
	}

	// What agrees with the formula is read: the terms within the figure,
	// removals netting them, rounding, packaging not included, and v2,
	// which has none of these terms.
	for _, tt := range []struct {
		name string
		doc  []byte
	}{
		{"terms within the figure", set(v3, "pcfExcludingBiogenicUptake", "45.5", "pcfIncludingBiogenicUptake", "45.5", "landUseChangeGhgEmissions", "40.0", "landManagementBiogenicCO2Emissions", "3.0", "biogenicNonCO2Emissions", "2.0")},
		{"removals netting them", set(v3, "landUseChangeGhgEmissions", "40.0", "technologicalCO2Removals", "-40.0")},
		{"rounding", set(v3, "biogenicNonCO2Emissions", "0.04")},
		{"zeros", set(v3, "landUseChangeGhgEmissions", "0", "biogenicNonCO2Emissions", "0.0")},
		{"packaging not included", set(v3, "packagingEmissionsIncluded", false, "packagingGhgEmissions", "3.0")},
		{"packaging within", set(v3, "packagingEmissionsIncluded", true, "packagingGhgEmissions", "0.5")},
		{"v2 has no such terms", set(v2, "landUseChangeGhgEmissions", "40.0", "biogenicNonCO2Emissions", "-2")},
	} {
		if _, err := pact.ParseSupplier(tt.doc); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	// The official v3 examples agree with their formula.
	for _, f := range []string{"v3/example-1.json", "v3/example-2.json", "v3/get-footprint-response.json"} {
		if _, err := pact.ParseSupplier(mustSpecFile(t, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Ensure the prose of a v2 footprint stated per kilogram says what its
// figures are per (red team 64): v2 has no piece, so the demo module's
// footprint is per kilogram (pCfExcludingBiogenic 5.805, unitaryProductAmount
// 25.857), while boundaryProcessesDescription listed "kgCO2e per declared
// unit: A1 raw materials and processing 144.199" and
// uncertaintyAssessmentDescription "95 % interval 128.1 to 177.7 kgCO2e per
// declared unit": per kilogram, to a v2 reader, 25 times the footprint. The
// v3 footprint, per piece, is per its declared unit indeed.
func TestRedteam64_V2ProseIsPerTheUnitItStates(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", withCPC)
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	v2, v3 := MustEncode(t, MustFootprint(t, rec, s), MustSchemas(t))
	mass := pact.Decimal(s.Product.MassKg)
	if v2.PCF.DeclaredUnit != "kilogram" || v2.PCF.UnitaryProductAmount != mass {
		t.Fatalf("v2 declared unit %q × %s, want kilogram × %s", v2.PCF.DeclaredUnit, v2.PCF.UnitaryProductAmount, mass)
	}
	for what, text := range map[string]string{"boundaryProcessesDescription": v2.PCF.BoundaryProcessesDescription, "uncertaintyAssessmentDescription": v2.PCF.UncertaintyAssessmentDescription} {
		if text == "" || strings.Contains(text, "per declared unit") || !strings.Contains(text, "kgCO2e per "+mass+" kilogram (unitaryProductAmount") {
			t.Errorf("v2 %s = %q: want its figures stated per %s kilogram, the unitaryProductAmount", what, text, mass)
		}
	}
	if text := v3.PCF.BoundaryProcessesDescription; !strings.Contains(text, "kgCO2e per declared unit") {
		t.Errorf("v3 boundaryProcessesDescription = %q: want per declared unit (1 piece)", text)
	}
}

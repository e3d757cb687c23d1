package pact_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Red team 69 (session 45): the PACT exchange both ways, items red teams
// 58 and 64 left open.

const rt69ID = "69696969-1d2f-4a3b-9c8d-7e6f5a4b3c2d"

// Ensure a PACT 2 document "per piece" is refused, naming declaredUnit:
// PACT 2's declaredUnit has no piece (v2 openapi.yaml), so what its figure
// is per is the writer's guess. Before, it was read as PACT 3 reads
// "piece": a v2 cell footprint of 1.2 kgCO2e "per piece" counted 1.2 per
// cell. A v3 document per piece is read as before, and the v3 refusal of
// an unknown unit names declaredUnitOfMeasurement, the member v3 has (it
// named v2's declaredUnit).
func TestRedteam69_V2PieceRefused(t *testing.T) {
	v2 := bytes.Replace(footprinttest.SupplierPACT2(rt69ID, 1, "1.2"), []byte(`"declaredUnit":"kilogram"`), []byte(`"declaredUnit":"piece"`), 1)
	_, err := pact.ParseSupplier(v2)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "pact_footprint.pcf.declaredUnit" {
		t.Fatalf("v2 per piece: %v (field %q), want EINVALID naming pact_footprint.pcf.declaredUnit", err, footprint.ErrorField(err))
	}
	if msg := footprint.ErrorMessage(err); !strings.HasPrefix(msg, "PACT 2 的 declaredUnit 没有") || !strings.Contains(msg, "。PACT 2 has no declaredUnit \"piece\"") || !strings.Contains(msg, "PACT 3") {
		t.Errorf("message %q, want it in Chinese, then English, naming PACT 3 as the way", msg)
	}
	if _, err := pact.ParseSupplier(footprinttest.SupplierPACT2(rt69ID, 1, "1.2")); err != nil {
		t.Fatalf("v2 per kilogram: %v", err)
	}
	v3 := bytes.Replace(footprinttest.SupplierPACT3(rt69ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "1.2"),
		[]byte(`"declaredUnitOfMeasurement":"kilogram"`), []byte(`"declaredUnitOfMeasurement":"piece"`), 1)
	s, err := pact.ParseSupplier(v3)
	if err != nil || s.Footprint.DeclaredUnit.Symbol != "piece" || s.Footprint.KgCO2e != 1.2 {
		t.Fatalf("v3 per piece: %+v, %v; want 1.2 kgCO2e per piece", s, err)
	}
	hour := bytes.Replace(v3, []byte(`"piece"`), []byte(`"hour"`), 1)
	if _, err := pact.ParseSupplier(hour); footprint.ErrorField(err) != "pact_footprint.pcf.declaredUnitOfMeasurement" {
		t.Fatalf("v3 per hour: %v (field %q), want pact_footprint.pcf.declaredUnitOfMeasurement", err, footprint.ErrorField(err))
	}
}

// Ensure a supplier's document giving the figure's member twice, in two
// cases, is refused on upload and fetch (pact.ParseSupplier,
// pact.FootprintAnswer), naming the member: json/v2 reads
// "pcfExcludingBiogenicUptake" ("0.42") and passes
// "PcfExcludingBiogenicUptake" ("42.0") by, while encoding/json (and
// whoever checks the file with it) reads 42.0. Before, ParseSupplier read
// 0.42 and the document was stored; pcf verify --pact refused it already
// (red team 58).
func TestRedteam69_FigureInAnotherCaseRefused(t *testing.T) {
	doc := bytes.Replace(footprinttest.SupplierPACT3(rt69ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42"),
		[]byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","PcfExcludingBiogenicUptake":"42.0"`), 1)
	var other struct {
		PCF struct {
			Figure string `json:"pcfExcludingBiogenicUptake"`
		} `json:"pcf"`
	}
	if err := json.Unmarshal(doc, &other); err != nil || other.PCF.Figure != "42.0" {
		t.Fatalf("encoding/json reads %q (%v); the test wants a document read two ways", other.PCF.Figure, err)
	}
	for name, d := range map[string][]byte{
		"bare":          doc,
		"in data":       append(append([]byte(`{"data":`), doc...), '}'),
		"data and DATA": []byte(`{"data":` + string(footprinttest.SupplierPACT3(rt69ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42")) + `,"DATA":{}}`),
	} {
		_, err := pact.ParseSupplier(d)
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.EINVALID || !strings.HasPrefix(footprint.ErrorField(err), "pact_footprint") ||
			!strings.Contains(msg, "字段") || !strings.Contains(msg, "encoding/json reads them as one") {
			t.Errorf("%s: %v (field %q), want EINVALID naming the member, in Chinese and English", name, err, footprint.ErrorField(err))
		}
		if _, ok := pact.FootprintAnswer(append(append([]byte(`{"data":`), d...), '}')); ok && name != "bare" {
			t.Errorf("%s: a GetFootprint answer holding it was read", name)
		}
	}
	if _, err := pact.ParseSupplier(doc); footprint.ErrorField(err) != "pact_footprint.pcf.PcfExcludingBiogenicUptake" {
		t.Errorf("field %q, want pact_footprint.pcf.PcfExcludingBiogenicUptake", footprint.ErrorField(err))
	}
	if _, ok := pact.FootprintAnswer([]byte(`{"data":` + string(footprinttest.SupplierPACT3(rt69ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42")) + `,"Data":{"id":"x"}}`)); ok {
		t.Error(`a GetFootprint answer with "Data" beside "data" was read`)
	}
	if _, ok := pact.FootprintAnswer([]byte(`{"data":` + string(footprinttest.SupplierPACT3(rt69ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42")) + `}`)); !ok {
		t.Error("a plain GetFootprint answer was not read")
	}
}

// Ensure a PACT 3 footprint by the CCU credit approach
// (ccuCalculationApproach "Credit") is read with its approach, so that
// the review can warn of it, and refused for a study by CheckCCUCredit,
// naming the member in Chinese and English: its figure nets a credit
// from an external bookkeeping scheme, which GB/T 24067 and ISO 14067 do
// not net, and the document states neither the credit nor the figure
// without it. Before, it was read like any other. "Cut-off" and no
// approach pass; another spelling ("credit") is refused by ParseSupplier.
func TestRedteam69_CCUCreditApproach(t *testing.T) {
	base := footprinttest.SupplierPACT3(rt69ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42")
	with := func(approach string) []byte {
		return bytes.Replace(base, []byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","ccuCarbonContent":"0.3","ccuCalculationApproach":"`+approach+`","ccuCreditCertification":"https://registry.example/credit/1"`), 1)
	}
	s, err := pact.ParseSupplier(with("Credit"))
	if err != nil || s.CCUCalculationApproach != pact.CCUCredit || s.CCUCreditCertification != "https://registry.example/credit/1" {
		t.Fatalf("Credit: %+v, %v; want it read with its approach and certification", s, err)
	}
	err = s.CheckCCUCredit()
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "pact_footprint.pcf.ccuCalculationApproach" {
		t.Fatalf("CheckCCUCredit: %v (field %q), want EINVALID naming pact_footprint.pcf.ccuCalculationApproach", err, footprint.ErrorField(err))
	}
	if msg := footprint.ErrorMessage(err); !strings.HasPrefix(msg, "该足迹按 CCU 抵扣法") || !strings.Contains(msg, "。The footprint is stated by the CCU credit approach") || !strings.Contains(msg, "GB/T 24067") {
		t.Errorf("message %q, want Chinese, then English, naming GB/T 24067", msg)
	}
	if s, err := pact.ParseSupplier(base); err != nil || s.CheckCCUCredit() != nil {
		t.Fatalf("no approach: %v / %v, want it read and usable", err, s.CheckCCUCredit())
	}
	// A credit certification stated without the approach, or beside
	// "Cut-off", is a credit all the same.
	for _, doc := range [][]byte{
		bytes.Replace(with("Credit"), []byte(`"ccuCalculationApproach":"Credit",`), nil, 1),
		with("Cut-off"),
	} {
		s, err := pact.ParseSupplier(doc)
		if err != nil || footprint.ErrorField(s.CheckCCUCredit()) != "pact_footprint.pcf.ccuCalculationApproach" {
			t.Errorf("%s: %v / %v, want refused for use", doc, err, s.CheckCCUCredit())
		}
	}
	cut := bytes.Replace(with("Cut-off"), []byte(`,"ccuCreditCertification":"https://registry.example/credit/1"`), nil, 1)
	if s, err := pact.ParseSupplier(cut); err != nil || s.CheckCCUCredit() != nil || s.CCUCalculationApproach != "Cut-off" {
		t.Fatalf("cut-off: %v / %v", err, s.CheckCCUCredit())
	}
	if _, err := pact.ParseSupplier(with("credit")); footprint.ErrorField(err) != "pact_footprint.pcf.ccuCalculationApproach" {
		t.Fatalf(`"credit": %v, want refused naming pact_footprint.pcf.ccuCalculationApproach`, err)
	}
	// The official v3 examples still read and pass.
	for _, name := range []string{"v3/example-1.json", "v3/example-2.json"} {
		s, err := pact.ParseSupplier(mustSpecFile(t, name))
		if err != nil || s.CheckCCUCredit() != nil {
			t.Errorf("%s: %v / %v", name, err, s.CheckCCUCredit())
		}
	}
}

// Ensure a PACT 2 figure below the packaging emissions the document states
// as included in it is refused, naming the figure and the packaging, in
// Chinese and English (v2 CarbonFootprint.packagingEmissionsIncluded:
// included in pCfExcludingBiogenic). Before, only PACT 3 was checked, and
// a v2 junction box of 0.5 kgCO2e/kg stating packagingGhgEmissions 5.0
// included was read as 0.5. Packaging within the figure, packaging stated
// as not included, and a figure equal to it once rounded still read; a
// packaging figure that is not a decimal ≥ 0 is refused naming it.
func TestRedteam69_V2FigureBelowItsPackaging(t *testing.T) {
	doc := func(figure, pcf string) []byte {
		return bytes.Replace(footprinttest.SupplierPACT2(rt69ID, 1, figure), []byte(`"pCfExcludingBiogenic":"`+figure+`",`), []byte(`"pCfExcludingBiogenic":"`+figure+`",`+pcf), 1)
	}
	_, err := pact.ParseSupplier(doc("0.5", `"packagingEmissionsIncluded":true,"packagingGhgEmissions":"5.0",`))
	msg := footprint.ErrorMessage(err)
	if footprint.ErrorField(err) != "pact_footprint.pcf.pCfExcludingBiogenic" || !strings.Contains(msg, "packagingGhgEmissions 5.0") || !strings.Contains(msg, "包装排放") {
		t.Fatalf("0.5 with 5.0 of packaging included: %v (field %q), want refused naming pact_footprint.pcf.pCfExcludingBiogenic", err, footprint.ErrorField(err))
	}
	for _, ok := range [][]byte{
		doc("5.5", `"packagingEmissionsIncluded":true,"packagingGhgEmissions":"5.0",`),
		doc("5.0", `"packagingEmissionsIncluded":true,"packagingGhgEmissions":"5.04",`),
		doc("0.5", `"packagingEmissionsIncluded":false,`),
	} {
		if _, err := pact.ParseSupplier(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	if _, err := pact.ParseSupplier(doc("0.5", `"packagingEmissionsIncluded":true,"packagingGhgEmissions":"-1",`)); footprint.ErrorField(err) != "pact_footprint.pcf.packagingGhgEmissions" {
		t.Errorf("negative packaging: %v, want refused naming pact_footprint.pcf.packagingGhgEmissions", err)
	}
}

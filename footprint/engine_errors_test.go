package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

func TestCalculate_Errors(t *testing.T) {
	// Ensure each kind of bad input is refused with EINVALID, the path of the
	// offending line in the error's field, and a message saying what is
	// wrong.
	gec := func(serial string) *footprint.GreenInstrument {
		return &footprint.GreenInstrument{Kind: footprint.InstrumentGreenCertificate, Serial: serial, MWh: 10, Period: year2025, Factor: "ELEC-CN-GEN-PV-CF-2024"}
	}
	runIntegrityCases(t, []integrityCase{
		{
			name: "MissingInputNamedAsField", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Product.RatedPowerWp, s.Transport = 0, nil
			},
			field: "product.rated_power_wp", message: "study does not meet rule pv-module: missing product.rated_power_wp; a line in stage A3",
		},
		{
			name: "MissingStageLineNamesItsLines", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport = nil
			},
			field: "transport", message: "study does not meet rule pv-module: missing a line in stage A3",
		},
		{
			name: "UseOfEveryPieceOutOfRange", study: electronicsStudy,
			change: func(s *footprint.Study) {
				s.DeclaredUnit.Amount, s.Product.Use.AnnualKWh = 2, 2e11 // 1e12 kWh a piece in 5 years
			},
			field: "product.use.annual_kwh", message: "lifetime energy 2e+12 kWh is out of range",
		},
		{
			name: "UnitMismatch", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[1].Children[1].Unit = unit("m²")
			},
			field: "bom[1].children[1]", message: "unit m² does not match factor PV-AL-PROFILE (per kg)",
		},
		{
			name: "ElectricityUnitMismatch", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Electricity[0].Unit = unit("kg")
			},
			field: "electricity[0]", message: "unit kg does not match factor ELEC-CN-NAT-CF-2024 (per kWh)",
		},
		{
			name: "UnknownFactor", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[1].Children[0].Factor = "PV-CELL-NOPE"
			},
			field: "bom[1].children[0]", message: `unknown factor code "PV-CELL-NOPE"`,
		},
		{
			name: "FactorFromAnotherSet", study: pvStudy,
			change:  func(*footprint.Study) {},
			factors: withFactor("PV-GLASS-FLOAT", func(f *footprint.Factor) { f.Set = "2025.1" }),
			field:   "bom[0]", message: `factor PV-GLASS-FLOAT is from factor set "2025.1"; the study pins set "2026.1"`,
		},
		{
			name: "NegativeQuantity", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[1].Children[0].Quantity = -60
			},
			field: "bom[1].children[0].quantity", message: "quantity -60 is negative",
		},
		{
			name: "EmptyTransportLeg", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport = append(s.Transport, nil)
			},
			field: "transport[1]", message: "line is empty",
		},
		{
			name: "NegativeTransportMass", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport[0].Mass.Value = -1
			},
			field: "transport[0].mass.quantity", message: "quantity -1 is negative",
		},
		{
			name: "CO2OnlyGridFactor", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Electricity[0].Factor = "ELEC-CN-SC-CO2-2023"
			},
			field: "electricity[0].factor", message: "factor ELEC-CN-SC-CO2-2023 is a CO2-only grid factor (kgCO2/kWh); rule pv-module needs a life-cycle CO2e factor",
		},
		{
			name: "CO2OnlyInstrumentFactor", study: pvStudy,
			change: func(s *footprint.Study) {
				s.ReferenceOutput = 1000
				in := gec("GEC-1")
				in.Factor = "ELEC-CN-NAT-RESID-2023"
				s.Electricity[0].Instruments = []*footprint.GreenInstrument{in}
			},
			field: "electricity[0].instruments[0].factor", message: "CO2-only grid factor",
		},
		{
			name: "ThresholdFactor", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM = append(s.BOM, &footprint.BOMLine{Name: "threshold", Quantity: 0.4, Unit: unit("kWp"), Factor: "PV-CRE-PPE2-THRESH"})
			},
			field: "bom[2]", message: "factor PV-CRE-PPE2-THRESH is a regulatory threshold, not an emission factor",
		},
		{
			name: "WrongCategory", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport[0].Factor = "PV-GLASS-FLOAT"
			},
			field: "transport[0].factor", message: "factor PV-GLASS-FLOAT is of category material; a transport line needs a factor of category transport",
		},
		{
			name: "CreditFactorInBOM", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[0].Factor = "EOL-CREDIT-AL-DESNZ"
				s.BOM[0].Unit = unit("t")
			},
			factors: withFactor("EOL-CREDIT-AL-DESNZ", func(f *footprint.Factor) { f.Category = footprint.CategoryMaterial }),
			field:   "bom[0]", message: "credits are allowed only in end-of-life lines",
		},
		{
			name: "SubAssemblyCycle", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Assemblies = []*footprint.Assembly{
					{ID: "a", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("piece"), Assembly: "b"}}},
					{ID: "b", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{
						{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"},
						{Quantity: 1, Unit: unit("piece"), Children: []*footprint.BOMLine{{Quantity: 2, Unit: unit("piece"), Assembly: "a"}}},
					}},
				}
				s.BOM = append(s.BOM, &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Assembly: "a"})
			},
			field: "assemblies[1].lines[1].children[0].assembly", message: "sub-assembly cycle: a → b → a",
		},
		{
			name: "SelfCycle", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Assemblies = []*footprint.Assembly{{ID: "kit", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("piece"), Assembly: "kit"}}}}
			},
			field: "assemblies[0].lines[0].assembly", message: "sub-assembly cycle: kit → kit",
		},
		{
			name: "UnknownAssembly", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[1] = &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Assembly: "nope"}
			},
			field: "bom[1].assembly", message: `unknown sub-assembly "nope"`,
		},
		{
			name: "ErrorInsideNamedAssemblyNamesItsDefinition", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Assemblies = []*footprint.Assembly{{ID: "kit", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{
					{Quantity: 1, Unit: unit("kWh"), Factor: "PV-GLASS-FLOAT"},
				}}}
				s.BOM[1] = &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Assembly: "kit"}
			},
			field: "assemblies[0].lines[0]", message: "unit kWh does not match factor PV-GLASS-FLOAT (per kg)",
		},
		{
			name: "TwoReferences", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[0].Supplier = "SUP-1"
			},
			field: "bom[0]", message: "exactly one of factor, assembly, children, supplier or exempt (has factor, supplier)",
		},
		{
			name: "ScrapRate", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[0].ScrapPct = 100
			},
			field: "bom[0].scrap_pct", message: "scrap rate must be at least 0 and below 100 percent",
		},
		{
			name: "DuplicateSerialInStudy", study: pvStudy,
			change: func(s *footprint.Study) {
				s.ReferenceOutput = 1000
				s.Electricity[0].Instruments = []*footprint.GreenInstrument{gec("GEC-7")}
				s.Electricity = append(s.Electricity, &footprint.ElectricityLine{Quantity: 5, Unit: unit("kWh"), Factor: "ELEC-CN-NAT-CF-2024", Instruments: []*footprint.GreenInstrument{gec(" gec-7 ")}})
			},
			field: "electricity[1].instruments[0].serial", message: "instrument GEC-7 is claimed twice in this study (first at electricity[0].instruments[0])",
		},
		{
			name: "InstrumentOutsidePeriod", study: pvStudy,
			change: func(s *footprint.Study) {
				s.ReferenceOutput = 1000
				in := gec("GEC-2023")
				in.Period = footprint.Period{Start: day(2023, 1, 1), End: day(2023, 12, 31)}
				s.Electricity[0].Instruments = []*footprint.GreenInstrument{in}
			},
			field: "electricity[0].instruments[0].period", message: "does not overlap the study reference period",
		},
		{
			name: "InstrumentsWithoutReferenceOutput", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Electricity[0].Instruments = []*footprint.GreenInstrument{gec("GEC-1")}
			},
			field: "reference_output", message: "reference_output (declared units produced in the reference period) is required",
		},
		{
			name: "UnknownSupplier", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[0] = &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Supplier: "SUP-404"}
			},
			field: "bom[0].supplier", message: `unknown supplier footprint "SUP-404"`,
		},
		{
			name: "ExpiredSupplierCertificate", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[0] = &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Supplier: "SUP-OLD"}
			},
			suppliers: map[string]*footprint.SupplierFootprint{
				"SUP-OLD": {ID: "SUP-OLD", DeclaredUnit: unit("piece"), KgCO2e: 3, Boundary: footprint.BoundaryCradleToGate, IssuedAt: day(2022, 3, 1)},
			},
			field: "bom[0].supplier", message: "supplier certificate SUP-OLD is valid 2022-03-01/2024-03-01, outside the reference period 2025-01-01/2025-12-31",
		},
		{
			name: "SupplierUnitMismatch", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[0] = &footprint.BOMLine{Quantity: 1, Unit: unit("kg"), Supplier: "SUP-1"}
			},
			suppliers: map[string]*footprint.SupplierFootprint{
				"SUP-1": {ID: "SUP-1", DeclaredUnit: unit("piece"), KgCO2e: 3, Boundary: footprint.BoundaryCradleToGate, IssuedAt: day(2025, 3, 1)},
			},
			field: "bom[0]", message: "unit kg does not match supplier footprint SUP-1 (per piece)",
		},
		{
			name: "StageOutsideBoundary", study: pvStudy,
			change: func(s *footprint.Study) {
				s.EndOfLife = []*footprint.EndOfLifeLine{{Quantity: 20, Unit: unit("kg"), Treatment: footprint.TreatmentLandfill, Factor: "EOL-MSW-LANDFILL-CN"}}
			},
			field: "end_of_life[0].stage", message: "a stage is required: rule pv-module has no default stage for end_of_life lines",
		},
		{
			name: "UnknownStage", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[0].Stage = "A9"
			},
			field: "bom[0].stage", message: `unknown stage "A9" for rule pv-module (want one of A1, A2, A3, B1, B2)`,
		},
		{
			name: "UnknownTransportMode", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport[0].Mode = "pipeline"
			},
			field: "transport[0].mode", message: `unknown transport mode "pipeline"`,
		},
		{
			name: "CutOffExceeded", study: pvStudy,
			change: func(s *footprint.Study) {
				// 2 kg exempted of a 15 kg module, not screened: 13.3 % of mass.
				s.BOM = append(s.BOM, &footprint.BOMLine{Name: "EVA", Quantity: 2, Unit: unit("kg"), Exempt: &footprint.Exemption{Reason: "no factor"}})
			},
			field: "bom", message: "exempted items are 13.3 % of product mass, over the 5 % cut-off limit of rule pv-module",
		},
		{
			name: "ExemptWithoutReason", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM = append(s.BOM, &footprint.BOMLine{Name: "EVA", Quantity: 0.1, Unit: unit("kg"), Exempt: &footprint.Exemption{}})
			},
			field: "bom[2].exempt.reason", message: "an exempted line needs a reason",
		},
		{
			name: "UnknownRule", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Rule = "battery"
			},
			field: "rule", message: `unknown accounting rule "battery" (want one of display, electronics, pv-module)`,
		},
		{
			name: "BoundaryNotAccepted", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Boundary = footprint.BoundaryCradleToGrave
			},
			field: "boundary", message: `rule pv-module does not accept boundary "cradle-to-grave"`,
		},
		{
			name: "DeclaredUnitNotAccepted", study: pvStudy,
			change: func(s *footprint.Study) {
				s.DeclaredUnit.Unit = unit("kg")
			},
			field: "declared_unit.unit", message: "rule pv-module does not accept declared unit kg (want piece, kWp)",
		},
		{
			name: "PVScenarioDegradation", study: pvStudy,
			change: func(s *footprint.Study) {
				s.PVScenario = &footprint.PVScenario{LifetimeYears: 30, DegradationPctPerYear: 5, SpecificYieldKWhPerKWp: 1000}
			},
			field: "pv_scenario.degradation_pct_per_year", message: "leave a positive yield",
		},
	})
}

func TestCalculate_UseStageOutsideBoundary(t *testing.T) {
	// Ensure a use stage in a cradle-to-gate display study is refused with
	// its path.
	s := &footprint.Study{
		Rule: "display", Boundary: footprint.BoundaryCradleToGate,
		DeclaredUnit: footprint.DeclaredUnit{Amount: 1, Unit: unit("piece")}, ReferencePeriod: year2025, FactorSet: testSet,
		Product: footprint.Product{
			Name: "panel", Model: "P", Manufacturer: "m", Site: "s", ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "852411"}},
			MassKg: 1, ActiveAreaM2: 0.2, Use: &footprint.UseProfile{AnnualKWh: 10, LifetimeYears: 5, Factor: "ELEC-CN-NAT-CF-2024"},
		},
		BOM: []*footprint.BOMLine{
			{Quantity: 0.5, Unit: unit("kg"), Factor: "ELEC-DISP-GLASS"},
			{Quantity: 0.5, Unit: unit("kg"), Factor: "ELEC-PSU", Stage: "production"},
		},
		Electricity: []*footprint.ElectricityLine{{Quantity: 2, Unit: unit("kWh"), Factor: "ELEC-CN-NAT-CF-2024"}},
	}
	_, err := footprint.Calculate(s, MustLoadFactors(t), nil)
	if got, want := footprint.ErrorField(err), "product.use.stage"; got != want {
		t.Fatalf("field = %q, want %q (%v)", got, want, err)
	}
	if got, want := footprinttest.English(t, footprint.ErrorMessage(err)), "stage use (use) is outside the study boundary cradle-to-gate"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestCalculate_CO2OnlyUseFactor(t *testing.T) {
	// Ensure the use stage refuses a CO2-only grid factor: the country-of-use
	// factor must be life-cycle CO2e too.
	s := electronicsStudy()
	s.Product.Use.Factor = "ELEC-CN-NAT-CO2-2023"
	_, err := footprint.Calculate(s, MustLoadFactors(t), nil)
	if got, want := footprint.ErrorField(err), "product.use.factor"; got != want {
		t.Fatalf("field = %q, want %q (%v)", got, want, err)
	}
}

package footprint_test

import (
	"math"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// integrityCase is a change to a valid study that must be refused with
// EINVALID naming field, with a message containing message.
type integrityCase struct {
	name    string
	study   func() *footprint.Study
	change  func(s *footprint.Study)
	factors func(f map[string]*footprint.Factor) // optional change to the snapshot
	field   string
	message string
}

func runIntegrityCases(t *testing.T, cases []integrityCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			s, factors := tt.study(), MustLoadFactors(t)
			tt.change(s)
			if tt.factors != nil {
				tt.factors(factors)
			}
			r, err := footprint.Calculate(s, factors, nil)
			if err == nil {
				t.Fatalf("no error; total %v kgCO2e", r.KgCO2e)
			}
			if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
				t.Errorf("code = %q, want %q (%v)", got, want, err)
			}
			if got := footprint.ErrorField(err); got != tt.field {
				t.Errorf("field = %q, want %q (%v)", got, tt.field, err)
			}
			if got := footprint.ErrorMessage(err); !strings.Contains(got, tt.message) {
				t.Errorf("message = %q, want it to contain %q", got, tt.message)
			}
		})
	}
}

// greenPVStudy is pvStudy with 100 kWh of module-line electricity per module
// and 1000 modules a year, ready for instruments.
func greenPVStudy() *footprint.Study {
	s := pvStudy()
	s.ReferenceOutput = 1000
	s.Electricity[0].Quantity = 100
	return s
}

// pvGEC is a valid grid-delivered PV green certificate for greenPVStudy: 60
// MWh over 1000 modules covers 60 of the 100 kWh.
func pvGEC() *footprint.GreenInstrument {
	return &footprint.GreenInstrument{
		Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-PV-1", MWh: 60, Period: year2025,
		Technology: "pv", Factor: "ELEC-CN-GEN-PV-CF-2024", TransmissionFactor: "ELEC-CN-TD-LOSS-CF-2024",
	}
}

// asSeed classifies PV-ELEC-MONO-EU-IEA as the seed set does: the test
// snapshot keeps the reference's older mapping of it as a product factor.
func asSeed(f map[string]*footprint.Factor) {
	pv := *f["PV-ELEC-MONO-EU-IEA"]
	pv.Category, pv.ElectricityRole = footprint.CategoryElectricity, footprint.GenerationRole("pv")
	pv.Boundary, pv.Geography = footprint.BoundaryLifeCycle, "EU"
	f[pv.Code] = &pv
}

func withInstrument(change func(in *footprint.GreenInstrument)) func(s *footprint.Study) {
	return func(s *footprint.Study) {
		in := pvGEC()
		change(in)
		s.Electricity[0].Instruments = []*footprint.GreenInstrument{in}
	}
}

func TestCalculate_ElectricitySlotsTakeOnlyTheirRole(t *testing.T) {
	// Ensure each electricity slot takes only factors of its role (issue 9
	// item 2): the grid slot of an electricity line and the use stage take a
	// grid-mix life-cycle factor of the place of use; a generation factor
	// enters only through an instrument; a T&D factor only as T&D. Before,
	// a hydro or PV generation factor in the grid slot cut the B2 line by
	// 97 % with no instrument and no warning.
	runIntegrityCases(t, []integrityCase{
		{
			name: "HydroGenerationAsGrid", study: pvStudy,
			change: func(s *footprint.Study) { s.Electricity[0].Factor = "ELEC-CN-GEN-HYDRO-CF-2024" },
			field:  "electricity[0].factor", message: "generation",
		},
		{
			name: "PVGenerationAsGrid", study: pvStudy,
			change: func(s *footprint.Study) { s.Electricity[0].Factor = "ELEC-CN-GEN-PV-CF-2024" },
			field:  "electricity[0].factor", message: "green power enters only through an instrument",
		},
		{
			name: "TDOnlyAsGrid", study: pvStudy,
			change: func(s *footprint.Study) { s.Electricity[0].Factor = "ELEC-CN-TD-LOSS-CF-2024" },
			field:  "electricity[0].factor", message: "transmission and distribution",
		},
		{
			name: "ForeignModuleElectricityAsGrid", study: pvStudy,
			change:  func(s *footprint.Study) { s.Electricity[0].Factor = "PV-ELEC-MONO-EU-IEA" },
			factors: asSeed,
			field:   "electricity[0].factor", message: "generation",
		},
		{
			name: "GridOfAnotherPlace", study: pvStudy,
			change: func(s *footprint.Study) { s.Electricity[0].Geography = "FR" },
			field:  "electricity[0].factor", message: "is for CN; the electricity is used in FR",
		},
		{
			name: "GenerationAsUseStage", study: electronicsStudy,
			change: func(s *footprint.Study) { s.Product.Use.Factor = "ELEC-CN-GEN-PV-CF-2024" },
			field:  "product.use.factor", message: "generation",
		},
		{
			name: "UseStageInAnotherCountry", study: electronicsStudy,
			change: func(s *footprint.Study) { s.Product.Use.Country = "DE" },
			field:  "product.use.factor", message: "is for CN; the electricity is used in DE",
		},
		{
			name: "GridMixAsInstrumentGeneration", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.Factor = "ELEC-CN-NAT-CF-2024" }),
			field:  "electricity[0].instruments[0].factor", message: "grid-mix",
		},
		{
			name: "TDAsInstrumentGeneration", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.Factor = "ELEC-CN-TD-LOSS-CF-2024" }),
			field:  "electricity[0].instruments[0].factor", message: "td",
		},
		{
			name: "ForeignGenerationInInstrument", study: greenPVStudy,
			change:  withInstrument(func(in *footprint.GreenInstrument) { in.Factor = "PV-ELEC-MONO-EU-IEA" }),
			factors: asSeed,
			field:   "electricity[0].instruments[0].factor", message: "is for EU; the electricity is used in CN",
		},
		{
			name: "NonRenewableGenerationInInstrument", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) {
				in.Technology, in.Factor = "coal", "ELEC-CN-GEN-COAL-CF-2024"
			}),
			field: "electricity[0].instruments[0].technology", message: "not a renewable technology",
		},
		{
			name: "GenerationAsTD", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.TransmissionFactor = "ELEC-CN-GEN-HYDRO-CF-2024" }),
			field:  "electricity[0].instruments[0].transmission_factor", message: "generation",
		},
		{
			name: "GridMixAsTD", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.TransmissionFactor = "ELEC-CN-NAT-CF-2024" }),
			field:  "electricity[0].instruments[0].transmission_factor", message: "grid-mix",
		},
		{
			// The T&D factor without line losses is a seventh of the one
			// with them: the engine does not gross generation up for
			// losses, so it would drop them.
			name: "TDWithoutLossesAsTD", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.TransmissionFactor = "ELEC-CN-TD-NOLOSS-CF-2024" }),
			field:  "electricity[0].instruments[0].transmission_factor", message: "line losses",
		},
	})
}

func TestCalculate_ElectricityRolesOK(t *testing.T) {
	// Ensure the factors of the right role are accepted in each slot, and
	// that a factor of a parent geography (CN) serves a place inside it
	// (CN-SC, a Chengdu plant).
	s := greenPVStudy()
	s.Electricity[0].Geography = "CN-SC"
	s.Electricity[0].Instruments = []*footprint.GreenInstrument{pvGEC()}
	r := MustCalculate(t, s, MustLoadFactors(t), nil)
	checkNear(t, "B2", stageKg(r, "B2"), 60*(0.052+0.0327)+40*0.5777)

	e := electronicsStudy()
	e.Product.Use.Country = "CN-SC"
	MustCalculate(t, e, MustLoadFactors(t), nil)
}

func TestCalculate_UnclassifiedElectricityFactorRefused(t *testing.T) {
	// Ensure an electricity factor without a role (stored before roles
	// existed, and not migrated) is refused in every slot with the way out,
	// not taken as a grid mix.
	factors := MustLoadFactors(t)
	legacy := *factors["ELEC-CN-NAT-CF-2024"]
	legacy.ElectricityRole = ""
	factors[legacy.Code] = &legacy
	_, err := footprint.Calculate(pvStudy(), factors, nil)
	if got, want := footprint.ErrorField(err), "electricity[0].factor"; got != want {
		t.Fatalf("field = %q, want %q (%v)", got, want, err)
	}
	if got, want := footprint.ErrorMessage(err), "has no electricity role"; !strings.Contains(got, want) {
		t.Errorf("message = %q, want it to contain %q", got, want)
	}
}

func TestCalculate_GreenPowerDetailsChecked(t *testing.T) {
	// Ensure the details of a green-power instrument are never dropped
	// (issue 9 item 3): grid-delivered green power always counts T&D, and
	// a technology that does not match the factor is an input error.
	runIntegrityCases(t, []integrityCase{
		{
			name: "NoTDForGridDelivery", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.TransmissionFactor = "" }),
			field:  "electricity[0].instruments[0].transmission_factor", message: "transmission and distribution factor is required",
		},
		{
			name: "TechnologyMismatch", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.Technology = "wind" }),
			field:  "electricity[0].instruments[0].technology", message: "technology wind does not match factor ELEC-CN-GEN-PV-CF-2024 (generation:pv)",
		},
		{
			name: "UnknownTechnology", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.Technology = "fusion" }),
			field:  "electricity[0].instruments[0].technology", message: `unknown technology "fusion"`,
		},
		{
			name: "UnknownDelivery", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.Delivery = "teleport" }),
			field:  "electricity[0].instruments[0].delivery", message: `unknown delivery "teleport"`,
		},
		{
			name: "TDNamedForOnSiteSupply", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.Delivery = footprint.DeliveryOnSite }),
			field:  "electricity[0].instruments[0].transmission_factor", message: "on-site",
		},
	})
}

func TestCalculate_OnSiteSupplyWithoutTD(t *testing.T) {
	// Ensure on-site (or direct-line) supply, explicitly flagged, counts no
	// T&D, and says so in the warnings a certifier reads and in the claimed
	// instrument.
	s := greenPVStudy()
	in := pvGEC()
	in.Delivery, in.TransmissionFactor = footprint.DeliveryOnSite, ""
	s.Electricity[0].Instruments = []*footprint.GreenInstrument{in}
	r := MustCalculate(t, s, MustLoadFactors(t), nil)
	checkNear(t, "B2", stageKg(r, "B2"), 60*0.052+40*0.5777)
	if got, want := r.Electricity.Instruments[0].Delivery, footprint.DeliveryOnSite; got != want {
		t.Errorf("delivery = %q, want %q", got, want)
	}
	warned := false
	for _, w := range r.Warnings {
		warned = warned || (w.Path == "electricity[0].instruments[0]" && strings.Contains(w.Message, "no transmission and distribution"))
	}
	if !warned {
		t.Errorf("no warning about the on-site claim: %+v", r.Warnings)
	}
}

func TestCalculate_RequiredStagesNeedPositiveQuantity(t *testing.T) {
	// Ensure a line with a zero quantity does not satisfy a required stage
	// or input (issue 9 item 4): 0 kWh of module-line electricity, 0 km of
	// distribution, 0 kg of end of life, a use stage of 0 kWh, or an end of
	// life made of a recycling credit only.
	runIntegrityCases(t, []integrityCase{
		{
			name: "ZeroModuleLineElectricity", study: pvStudy,
			change: func(s *footprint.Study) { s.Electricity[0].Quantity = 0 },
			field:  "", message: "a line in stage B2",
		},
		{
			name: "ZeroTransportDistance", study: pvStudy,
			change: func(s *footprint.Study) { s.Transport[0].Distance.Value = 0 },
			field:  "", message: "a line in stage A3",
		},
		{
			name: "ZeroMaterials", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[0].Quantity = 0
				s.BOM[1].Quantity = 0
			},
			field: "", message: "a line in stage A1",
		},
		{
			name: "ZeroDistribution", study: electronicsStudy,
			change: func(s *footprint.Study) { s.Transport[0].Distance.Value = 0 },
			field:  "", message: "a line in stage distribution",
		},
		{
			name: "ZeroEndOfLife", study: electronicsStudy,
			change: func(s *footprint.Study) { s.EndOfLife[0].Quantity = 0 },
			field:  "", message: "end_of_life",
		},
		{
			name: "ZeroUse", study: electronicsStudy,
			change: func(s *footprint.Study) { s.Product.Use.AnnualKWh = 0 },
			field:  "", message: "a line in stage use",
		},
		{
			name: "EndOfLifeOnlyACredit", study: electronicsStudy,
			change: func(s *footprint.Study) {
				s.EndOfLife = []*footprint.EndOfLifeLine{{Name: "steel credit", Quantity: 4, Unit: unit("kg"), Treatment: footprint.TreatmentRecycling, Factor: "EOL-CREDIT-STEEL-DESNZ"}}
			},
			field: "", message: "a line in stage end-of-life (end of life) with a positive quantity",
		},
	})
}

func TestCalculate_NotApplicableStage(t *testing.T) {
	// Ensure a required stage can be declared not applicable with a reason,
	// which the result carries (and the warnings show), and that the
	// declaration is checked.
	s := pvStudy()
	s.Transport = nil
	s.NotApplicable = []footprint.StageNotApplicable{{Stage: "A3", Reason: "every input is made on this site; in-plant transport is in B2"}}
	r := MustCalculate(t, s, MustLoadFactors(t), nil)
	if len(r.NotApplicable) != 1 || r.NotApplicable[0].Code != "A3" || r.NotApplicable[0].Reason != s.NotApplicable[0].Reason || r.NotApplicable[0].NameZH == "" {
		t.Fatalf("NotApplicable = %+v", r.NotApplicable)
	}
	warned := false
	for _, w := range r.Warnings {
		warned = warned || (w.Path == "not_applicable[0]" && strings.Contains(w.Message, s.NotApplicable[0].Reason))
	}
	if !warned {
		t.Errorf("no warning shows the declaration: %+v", r.Warnings)
	}

	runIntegrityCases(t, []integrityCase{
		{
			name: "NoReason", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport = nil
				s.NotApplicable = []footprint.StageNotApplicable{{Stage: "A3", Reason: "  "}}
			},
			field: "not_applicable[0].reason", message: "a reason is required",
		},
		{
			name: "UnknownStage", study: pvStudy,
			change: func(s *footprint.Study) { s.NotApplicable = []footprint.StageNotApplicable{{Stage: "C9", Reason: "r"}} },
			field:  "not_applicable[0].stage", message: `unknown stage "C9"`,
		},
		{
			name: "StageHasLines", study: pvStudy,
			change: func(s *footprint.Study) { s.NotApplicable = []footprint.StageNotApplicable{{Stage: "A3", Reason: "r"}} },
			field:  "not_applicable[0].stage", message: "stage A3 has a line with a positive quantity",
		},
		{
			name: "Twice", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport = nil
				s.NotApplicable = []footprint.StageNotApplicable{{Stage: "A3", Reason: "r"}, {Stage: "A3", Reason: "r"}}
			},
			field: "not_applicable[1].stage", message: "declared twice",
		},
		{
			name: "OutsideBoundary", study: func() *footprint.Study {
				s := electronicsStudy()
				s.Rule, s.Boundary = "display", footprint.BoundaryCradleToGate
				s.Product.Use, s.Transport, s.EndOfLife = nil, nil, nil
				s.Product.ActiveAreaM2 = 0.2
				return s
			},
			change: func(s *footprint.Study) {
				s.NotApplicable = []footprint.StageNotApplicable{{Stage: "use", Reason: "r"}}
			},
			field: "not_applicable[0].stage", message: "outside the study boundary",
		},
	})
}

func TestCalculate_OverflowRefused(t *testing.T) {
	// Ensure a non-finite or absurd intermediate is refused naming the
	// line (issue 9 item 5), instead of an infinite line that a store
	// writes as 0: quantities of 1e308, huge transport and use figures, a
	// scrap rate of 99.99999999 %, a declared unit of 5e-324, a reference
	// output that spreads an instrument to infinity.
	runIntegrityCases(t, []integrityCase{
		{
			name: "HugeQuantity", study: pvStudy,
			change: func(s *footprint.Study) { s.BOM[0].Quantity = 1e308 },
			field:  "bom[0].quantity", message: "out of range",
		},
		{
			name: "HugeNestedQuantity", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM[1].Quantity = 1e200
				s.BOM[1].Children[0].Quantity = 1e200
			},
			field: "bom[1].quantity", message: "out of range",
		},
		{
			name: "ScrapAlmostAll", study: pvStudy,
			change: func(s *footprint.Study) { s.BOM[0].ScrapPct = 99.99999999 },
			field:  "bom[0].scrap_pct", message: "scrap rate",
		},
		{
			name: "HugeElectricity", study: pvStudy,
			change: func(s *footprint.Study) { s.Electricity[0].Quantity = 1e308 },
			field:  "electricity[0].quantity", message: "out of range",
		},
		{
			name: "HugeTransport", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport[0].Mass.Value = 1e200
				s.Transport[0].Distance.Value = 1e200
			},
			field: "transport[0].mass.quantity", message: "out of range",
		},
		{
			name: "TransportWorkOverflow", study: pvStudy,
			change: func(s *footprint.Study) {
				s.Transport[0].Mass = footprint.Quantity{Value: 1e8, Unit: unit("t")}
				s.Transport[0].Distance.Value = 1e11
			},
			field: "transport[0]", message: "out of range",
		},
		{
			name: "HugeUse", study: electronicsStudy,
			change: func(s *footprint.Study) { s.Product.Use.AnnualKWh, s.Product.Use.LifetimeYears = 1e200, 1e200 },
			field:  "product.use.annual_kwh", message: "out of range",
		},
		{
			name: "UseLifetime", study: electronicsStudy,
			change: func(s *footprint.Study) { s.Product.Use.LifetimeYears = 1e6 },
			field:  "product.use.lifetime_years", message: "lifetime",
		},
		{
			name: "TinyDeclaredUnit", study: pvStudy,
			change: func(s *footprint.Study) { s.DeclaredUnit.Amount = 5e-324 },
			field:  "declared_unit.amount", message: "out of range",
		},
		{
			name: "HugeDeclaredUnit", study: pvStudy,
			change: func(s *footprint.Study) { s.DeclaredUnit.Amount = 1e300 },
			field:  "declared_unit.amount", message: "out of range",
		},
		{
			name: "TinyRatedPower", study: pvStudy,
			change: func(s *footprint.Study) { s.Product.RatedPowerWp = 5e-324 },
			field:  "product.rated_power_wp", message: "out of range",
		},
		{
			name: "HugeProductMass", study: pvStudy,
			change: func(s *footprint.Study) { s.Product.MassKg = 1e308 },
			field:  "product.mass_kg", message: "out of range",
		},
		{
			name: "TinyReferenceOutput", study: greenPVStudy,
			change: func(s *footprint.Study) {
				s.ReferenceOutput = 5e-324
				s.Electricity[0].Instruments = []*footprint.GreenInstrument{pvGEC()}
			},
			field: "reference_output", message: "out of range",
		},
		{
			name: "HugeInstrument", study: greenPVStudy,
			change: withInstrument(func(in *footprint.GreenInstrument) { in.MWh = 1e308 }),
			field:  "electricity[0].instruments[0].mwh", message: "out of range",
		},
		{
			name: "HugeScreening", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM = append(s.BOM, &footprint.BOMLine{Name: "EVA", Quantity: 1e300, Unit: unit("kg"), Exempt: &footprint.Exemption{Reason: "no factor", ScreeningFactor: "MAT-PLASTIC-AVG-DESNZ"}})
			},
			field: "bom[2].quantity", message: "out of range",
		},
		{
			name: "PVScenarioYield", study: pvStudy,
			change: func(s *footprint.Study) {
				s.PVScenario = &footprint.PVScenario{LifetimeYears: 30, SpecificYieldKWhPerKWp: 1e308}
			},
			field: "pv_scenario.specific_yield_kwh_per_kwp", message: "out of range",
		},
	})
}

func TestCalculate_ResultAlwaysFinite(t *testing.T) {
	// Ensure that whatever finite input Calculate accepts, every number of
	// the result is finite: a factor value near the float64 limit is
	// refused at its line rather than turned into an infinite total.
	factors := MustLoadFactors(t)
	huge := *factors["PV-GLASS-FLOAT"]
	huge.Value = math.MaxFloat64 / 2
	factors[huge.Code] = &huge
	_, err := footprint.Calculate(pvStudy(), factors, nil)
	if got, want := footprint.ErrorField(err), "bom[0]"; got != want {
		t.Fatalf("field = %q, want %q (%v)", got, want, err)
	}
	if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
		t.Errorf("code = %q, want %q", got, want)
	}
}

func TestStudyJSON_IntegrityFields(t *testing.T) {
	// Ensure the study fields of issue 9 (an electricity line's geography,
	// an instrument's delivery, stages declared not applicable) are read,
	// and kept when the study is stored (MarshalStudyJSON) and read back.
	doc := `{"rule":"pv-module","boundary":"cradle-to-gate","factor_set":"2026.1",
	"not_applicable":[{"stage":"A3","reason":"made on site"}],
	"electricity":[{"quantity":10,"unit":"kWh","factor":"ELEC-CN-NAT-CF-2024","geography":"CN-SC",
	  "instruments":[{"kind":"green-certificate","serial":"S","mwh":1,"period":{"start":"2025-01-01","end":"2025-12-31"},"technology":"pv","factor":"ELEC-CN-GEN-PV-CF-2024","delivery":"on-site"}]}]}`
	s, err := footprint.ParseStudyJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	check := func(s *footprint.Study) {
		t.Helper()
		if len(s.NotApplicable) != 1 || s.NotApplicable[0] != (footprint.StageNotApplicable{Stage: "A3", Reason: "made on site"}) {
			t.Errorf("not_applicable = %+v", s.NotApplicable)
		}
		if e := s.Electricity[0]; e.Geography != "CN-SC" || e.Instruments[0].Delivery != footprint.DeliveryOnSite {
			t.Errorf("electricity = %+v, instrument %+v", e, e.Instruments[0])
		}
	}
	check(s)
	b, err := footprint.MarshalStudyJSON(s)
	if err != nil {
		t.Fatal(err)
	}
	again, err := footprint.ParseStudyJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	check(again)
}

func TestStudy_ValidateNeedsPositiveQuantity(t *testing.T) {
	// Ensure Study.Validate, which runs without factors, also refuses a
	// required stage whose only line has a zero quantity, and accepts it
	// declared not applicable.
	s := pvStudy()
	s.Transport[0].Mass.Value = 0
	err := s.Validate()
	if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want || !strings.Contains(footprint.ErrorMessage(err), "a line in stage A3") {
		t.Fatalf("err = %v, want %s naming stage A3", err, want)
	}
	s.NotApplicable = []footprint.StageNotApplicable{{Stage: "A3", Reason: "made on site"}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
}

package pact

import (
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// ProductFootprintV2 is a ProductFootprint of the PACT Technical
// Specifications v2.3 (spec/v2/openapi.yaml). Decimals are strings,
// percentages numbers.
type ProductFootprintV2 struct {
	ID             string   `json:"id"`
	SpecVersion    string   `json:"specVersion"`
	PrecedingPfIDs []string `json:"precedingPfIds,omitempty"`
	Version        int      `json:"version"`
	Created        string   `json:"created"`
	Updated        string   `json:"updated,omitempty"`
	Status         Status   `json:"status"`
	StatusComment  string   `json:"statusComment,omitempty"`
	productFacts
	ProductCategoryCpc string            `json:"productCategoryCpc"`
	ProductNameCompany string            `json:"productNameCompany"`
	Comment            string            `json:"comment"`
	PCF                CarbonFootprintV2 `json:"pcf"`
	Extensions         []Extension       `json:"extensions,omitempty"`
}

// CarbonFootprintV2 is the pcf of a v2 footprint.
type CarbonFootprintV2 struct {
	DeclaredUnit                       string                 `json:"declaredUnit"`
	UnitaryProductAmount               string                 `json:"unitaryProductAmount"`
	ProductMassPerDeclaredUnit         string                 `json:"productMassPerDeclaredUnit,omitempty"`
	PCfExcludingBiogenic               string                 `json:"pCfExcludingBiogenic"`
	FossilGhgEmissions                 string                 `json:"fossilGhgEmissions"`
	FossilCarbonContent                string                 `json:"fossilCarbonContent"`
	BiogenicCarbonContent              string                 `json:"biogenicCarbonContent"`
	AircraftGhgEmissions               string                 `json:"aircraftGhgEmissions"`
	CharacterizationFactors            string                 `json:"characterizationFactors"`
	IpccCharacterizationFactorsSources []string               `json:"ipccCharacterizationFactorsSources"`
	CrossSectoralStandardsUsed         []string               `json:"crossSectoralStandardsUsed"`
	CrossSectoralStandards             []string               `json:"crossSectoralStandards"`
	ProductOrSectorSpecificRules       []SectorRule           `json:"productOrSectorSpecificRules"`
	BoundaryProcessesDescription       string                 `json:"boundaryProcessesDescription"`
	ReferencePeriodStart               string                 `json:"referencePeriodStart"`
	ReferencePeriodEnd                 string                 `json:"referencePeriodEnd"`
	GeographyCountry                   string                 `json:"geographyCountry,omitempty"`
	GeographyCountrySubdivision        string                 `json:"geographyCountrySubdivision,omitempty"`
	SecondaryEmissionFactorSources     []EmissionFactorSource `json:"secondaryEmissionFactorSources,omitempty"`
	ExemptedEmissionsPercent           float64                `json:"exemptedEmissionsPercent"`
	ExemptedEmissionsDescription       string                 `json:"exemptedEmissionsDescription"`
	PackagingEmissionsIncluded         bool                   `json:"packagingEmissionsIncluded"`
	PackagingGhgEmissions              string                 `json:"packagingGhgEmissions,omitempty"`
	UncertaintyAssessmentDescription   string                 `json:"uncertaintyAssessmentDescription,omitempty"`
	PrimaryDataShare                   float64                `json:"primaryDataShare"`
	Assurance                          AssuranceV2            `json:"assurance"`
}

// SectorRule is a ProductOrSectorSpecificRule.
type SectorRule struct {
	Operator          string   `json:"operator"`
	RuleNames         []string `json:"ruleNames"`
	OtherOperatorName string   `json:"otherOperatorName,omitempty"`
}

// EmissionFactorSource names a secondary emission-factor database.
type EmissionFactorSource struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// AssuranceV2 is the v2 assurance: here, the certification.
type AssuranceV2 struct {
	Assurance    bool   `json:"assurance"`
	Coverage     string `json:"coverage,omitempty"`
	Boundary     string `json:"boundary,omitempty"`
	ProviderName string `json:"providerName"`
	CompletedAt  string `json:"completedAt,omitempty"`
	StandardName string `json:"standardName,omitempty"`
	Comments     string `json:"comments,omitempty"`
}

// ProductFootprintV3 is a ProductFootprint of the PACT Technical
// Specifications v3.0 (spec/v3/openapi.yaml). Every fractional number is a
// Decimal string.
type ProductFootprintV3 struct {
	ID             string   `json:"id"`
	SpecVersion    string   `json:"specVersion"`
	PrecedingPfIDs []string `json:"precedingPfIds,omitempty"`
	Created        string   `json:"created"`
	Status         Status   `json:"status"`
	productFacts
	ProductNameCompany string            `json:"productNameCompany"`
	Comment            string            `json:"comment,omitempty"`
	PCF                CarbonFootprintV3 `json:"pcf"`
	Extensions         []Extension       `json:"extensions,omitempty"`
}

// CarbonFootprintV3 is the pcf of a v3 footprint.
type CarbonFootprintV3 struct {
	DeclaredUnitOfMeasurement      string                 `json:"declaredUnitOfMeasurement"`
	DeclaredUnitAmount             string                 `json:"declaredUnitAmount"`
	ProductMassPerDeclaredUnit     string                 `json:"productMassPerDeclaredUnit"`
	ReferencePeriodStart           string                 `json:"referencePeriodStart"`
	ReferencePeriodEnd             string                 `json:"referencePeriodEnd"`
	GeographyCountry               string                 `json:"geographyCountry,omitempty"`
	GeographyCountrySubdivision    string                 `json:"geographyCountrySubdivision,omitempty"`
	BoundaryProcessesDescription   string                 `json:"boundaryProcessesDescription,omitempty"`
	PcfExcludingBiogenicUptake     string                 `json:"pcfExcludingBiogenicUptake"`
	PcfIncludingBiogenicUptake     string                 `json:"pcfIncludingBiogenicUptake"`
	FossilGhgEmissions             string                 `json:"fossilGhgEmissions"`
	FossilCarbonContent            string                 `json:"fossilCarbonContent"`
	AircraftGhgEmissions           string                 `json:"aircraftGhgEmissions"`
	PackagingEmissionsIncluded     bool                   `json:"packagingEmissionsIncluded"`
	PackagingGhgEmissions          string                 `json:"packagingGhgEmissions,omitempty"`
	IpccCharacterizationFactors    []string               `json:"ipccCharacterizationFactors"`
	CrossSectoralStandards         []string               `json:"crossSectoralStandards"`
	ProductOrSectorSpecificRules   []SectorRule           `json:"productOrSectorSpecificRules"`
	ExemptedEmissionsPercent       string                 `json:"exemptedEmissionsPercent"`
	ExemptedEmissionsDescription   string                 `json:"exemptedEmissionsDescription,omitempty"`
	SecondaryEmissionFactorSources []EmissionFactorSource `json:"secondaryEmissionFactorSources,omitempty"`
	PrimaryDataShare               string                 `json:"primaryDataShare"`
	DQI                            *DQIV3                 `json:"dqi,omitempty"`
	Verification                   VerificationV3         `json:"verification"`
}

// VerificationV3 is the v3 verification: here, the certification.
type VerificationV3 struct {
	Coverage     string `json:"coverage,omitempty"`
	ProviderName string `json:"providerName,omitempty"`
	CompletedAt  string `json:"completedAt,omitempty"`
	StandardName string `json:"standardName,omitempty"`
	Comments     string `json:"comments,omitempty"`
}

// GWP set the footprints declare. The engine does not record the GWP set of
// each factor; GB/T 24067-2024 and ISO 14067:2018 ask for the latest IPCC
// GWP100 values, which is what a certified footprint declares (docs/pact.md).
const characterizationFactors = "AR6"

// ErrNoCPC is returned by V2 for a certificate that names no UN CPC product
// code: v2 requires productCategoryCpc, and no HS-to-CPC correspondence is
// part of the service's reference data. The footprint is available in v3.
var ErrNoCPC = footprint.FieldErrorf(footprint.EINVALID, "version", "the certificate names no UN CPC product code, which PACT v2 requires (productCategoryCpc); the footprint is available in PACT v3")

// V2 writes the footprint in PACT v2.3. A declared unit v2 cannot state
// (piece, kWp, …) is stated per kilogram of product: declaredUnit
// "kilogram", unitaryProductAmount the product mass of the certificate's
// declared unit, and every figure divided by that mass. A unit v2 knows is
// kept, with the figures per one unit (v2 states kgCO2e per declared unit,
// unitaryProductAmount is how many the product holds). It returns ErrNoCPC
// when the certificate names no CPC code.
func (f *Footprint) V2() (*ProductFootprintV2, error) {
	if f.CPC == "" {
		return nil, ErrNoCPC
	}
	unit, ok := unitsV2[f.DeclaredUnit]
	amount, per, massPerUnit := f.DeclaredAmount, f.DeclaredAmount, 0.0
	if f.MassKg > 0 {
		massPerUnit = f.MassKg / f.DeclaredAmount
	}
	if !ok {
		unit, amount, per, massPerUnit = "kilogram", f.MassKg, f.MassKg, 1
	}
	scale := func(x float64) string { return Decimal(x / per) }
	w := &ProductFootprintV2{
		ID:                 f.ID.String(),
		SpecVersion:        SpecVersionV2,
		PrecedingPfIDs:     f.precedingIDs(),
		Version:            f.Version,
		Created:            timeString(f.Created),
		Status:             f.Status,
		StatusComment:      f.StatusComment,
		productFacts:       f.productFacts(),
		ProductCategoryCpc: f.CPC,
		ProductNameCompany: f.ProductName,
		Comment:            f.Comment,
		PCF: CarbonFootprintV2{
			DeclaredUnit:                       unit,
			UnitaryProductAmount:               Decimal(amount),
			PCfExcludingBiogenic:               scale(f.KgCO2e),
			FossilGhgEmissions:                 scale(f.FossilKgCO2e),
			FossilCarbonContent:                "0",
			BiogenicCarbonContent:              "0",
			AircraftGhgEmissions:               scale(f.AircraftKgCO2e),
			CharacterizationFactors:            characterizationFactors,
			IpccCharacterizationFactorsSources: []string{characterizationFactors},
			CrossSectoralStandardsUsed:         f.standardsV2(),
			CrossSectoralStandards:             f.Standards,
			ProductOrSectorSpecificRules:       f.rules(),
			BoundaryProcessesDescription:       f.BoundaryText,
			ReferencePeriodStart:               timeString(f.ReferenceStart),
			ReferencePeriodEnd:                 timeString(f.ReferenceEnd),
			GeographyCountry:                   f.Country,
			GeographyCountrySubdivision:        f.Subdivision,
			SecondaryEmissionFactorSources:     f.secondarySources(),
			ExemptedEmissionsPercent:           f.ExemptedPct,
			ExemptedEmissionsDescription:       f.ExemptedText,
			PackagingEmissionsIncluded:         f.PackagingIncluded,
			UncertaintyAssessmentDescription:   f.UncertaintyText,
			PrimaryDataShare:                   f.PrimaryDataSharePct,
			Assurance: AssuranceV2{
				Assurance:    true,
				Coverage:     "product level",
				ProviderName: f.Certifier,
				CompletedAt:  timeString(f.CertifiedAt),
				StandardName: f.CertStandards,
				Comments:     f.CertComment,
			},
		},
	}
	if massPerUnit > 0 {
		w.PCF.ProductMassPerDeclaredUnit = Decimal(massPerUnit)
	}
	if per != 1 {
		// The prose states its figures per the certificate's declared
		// unit, which in v2 is unitaryProductAmount declared units, not
		// one: "per declared unit" read 144.199 kgCO2e of raw materials
		// per kilogram of a module whose pCfExcludingBiogenic is 5.805
		// per kilogram (red team 64).
		perText := "kgCO2e per " + Decimal(amount) + " " + unit + " (unitaryProductAmount: the certificate's declared unit; this footprint's figures are per 1 " + unit + ")"
		w.PCF.BoundaryProcessesDescription = strings.ReplaceAll(w.PCF.BoundaryProcessesDescription, perDeclaredUnit, perText)
		w.PCF.UncertaintyAssessmentDescription = strings.ReplaceAll(w.PCF.UncertaintyAssessmentDescription, perDeclaredUnit, perText)
	}
	if f.PackagingIncluded {
		w.PCF.PackagingGhgEmissions = scale(f.PackagingKgCO2e)
	}
	if f.CradleToGate {
		w.PCF.Assurance.Boundary = "Cradle-to-Gate"
	}
	if !f.Updated.IsZero() {
		w.Updated = timeString(f.Updated)
	}
	w.Extensions = f.extensions()
	if f.cpcDeclared {
		w.Comment += cpcNote
	}
	return w, nil
}

// V3 writes the footprint in PACT v3.0. The declared unit is the
// certificate's (piece exists in v3), except a unit v3 cannot state (kWp,
// t, …), which becomes the product mass of the declared unit in kilograms;
// the figures stay per the certificate's declared unit either way.
func (f *Footprint) V3() *ProductFootprintV3 {
	unit, ok := unitsV3[f.DeclaredUnit]
	amount := f.DeclaredAmount
	if !ok {
		unit, amount = "kilogram", f.MassKg
	}
	w := &ProductFootprintV3{
		ID:                 f.ID.String(),
		SpecVersion:        SpecVersionV3,
		PrecedingPfIDs:     f.precedingIDs(),
		Created:            timeString(f.Created),
		Status:             f.Status,
		productFacts:       f.productFacts(),
		ProductNameCompany: f.ProductName,
		Comment:            f.Comment,
		PCF: CarbonFootprintV3{
			DeclaredUnitOfMeasurement:      unit,
			DeclaredUnitAmount:             Decimal(amount),
			ProductMassPerDeclaredUnit:     Decimal(f.MassKg),
			ReferencePeriodStart:           timeString(f.ReferenceStart),
			ReferencePeriodEnd:             timeString(f.ReferenceEnd),
			GeographyCountry:               f.Country,
			GeographyCountrySubdivision:    f.Subdivision,
			BoundaryProcessesDescription:   f.BoundaryText,
			PcfExcludingBiogenicUptake:     Decimal(f.KgCO2e),
			PcfIncludingBiogenicUptake:     Decimal(f.KgCO2e), // no biogenic uptake is accounted
			FossilGhgEmissions:             Decimal(f.FossilKgCO2e),
			FossilCarbonContent:            "0",
			AircraftGhgEmissions:           Decimal(f.AircraftKgCO2e),
			PackagingEmissionsIncluded:     f.PackagingIncluded,
			IpccCharacterizationFactors:    []string{characterizationFactors},
			CrossSectoralStandards:         f.Standards,
			ProductOrSectorSpecificRules:   f.rules(),
			ExemptedEmissionsPercent:       Decimal(f.ExemptedPct),
			ExemptedEmissionsDescription:   f.ExemptedText,
			SecondaryEmissionFactorSources: f.secondarySources(),
			PrimaryDataShare:               Decimal(f.PrimaryDataSharePct),
			Verification: VerificationV3{
				Coverage:     "product level",
				ProviderName: f.Certifier,
				CompletedAt:  timeString(f.CertifiedAt),
				StandardName: f.CertStandards,
				Comments:     f.CertComment,
			},
		},
	}
	if f.PackagingIncluded {
		w.PCF.PackagingGhgEmissions = Decimal(f.PackagingKgCO2e)
	}
	w.Extensions = f.extensions()
	if d := f.DQI; d != nil {
		w.PCF.DQI = &DQIV3{TechnologicalDQR: Decimal(d.TechnologicalDQR), GeographicalDQR: Decimal(d.GeographicalDQR), TemporalDQR: Decimal(d.TemporalDQR)}
	}
	return w
}

// productFacts are the fields on the product and its maker that v2.3 and
// v3.0 write alike, in the same place (after status).
type productFacts struct {
	ValidityPeriodStart    string   `json:"validityPeriodStart,omitempty"`
	ValidityPeriodEnd      string   `json:"validityPeriodEnd,omitempty"`
	CompanyName            string   `json:"companyName"`
	CompanyIDs             []string `json:"companyIds"`
	ProductDescription     string   `json:"productDescription"`
	ProductIDs             []string `json:"productIds"`
	ProductClassifications []string `json:"productClassifications,omitempty"`
}

func (f *Footprint) productFacts() productFacts {
	p := productFacts{
		CompanyName:            f.CompanyName,
		CompanyIDs:             f.CompanyIDs,
		ProductDescription:     f.ProductDescription,
		ProductIDs:             f.ProductIDs,
		ProductClassifications: f.Classifications,
	}
	if f.ExplicitValidity {
		p.ValidityPeriodStart, p.ValidityPeriodEnd = timeString(f.ValidityStart), timeString(f.ValidityEnd)
	}
	return p
}

func (f *Footprint) precedingIDs() []string {
	var out []string
	for _, id := range f.PrecedingIDs {
		out = append(out, id.String())
	}
	return out
}

func (f *Footprint) rules() []SectorRule {
	return []SectorRule{{Operator: "Other", RuleNames: f.RuleNames, OtherOperatorName: f.RuleOperator}}
}

// secondarySources names the factor set as the secondary data source, unless
// every kilogram is primary data (the field must then be absent).
func (f *Footprint) secondarySources() []EmissionFactorSource {
	if f.PrimaryDataSharePct >= 100 || f.FactorSet == "" {
		return nil
	}
	return []EmissionFactorSource{{Name: "Chengdu product carbon-footprint factor database (成都市产品碳足迹因子数据库)", Version: f.FactorSet}}
}

// DQIV3 is the v3 DataQualityIndicators.
type DQIV3 struct {
	TechnologicalDQR string `json:"technologicalDQR"`
	GeographicalDQR  string `json:"geographicalDQR"`
	TemporalDQR      string `json:"temporalDQR"`
}

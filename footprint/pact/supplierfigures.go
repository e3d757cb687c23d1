package pact

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// pcfFigures are the CarbonFootprint properties ParseSupplier reads beside
// the figure a study uses (pCfExcludingBiogenic, pcfExcludingBiogenicUptake):
// the ones that figure is made of or stands beside in the same document,
// and what the footprint leaves out. Red team 16: a manufacturer uploaded
// a v3 footprint of "2.0" kgCO2e/kg stating fossilGhgEmissions "20.0" and
// 45 % of its emissions exempted, and a v2 footprint of "2.0" stating
// pCfIncludingBiogenic "20.0"; only the 2.0 was read, and the review showed
// only it. Each member is matched in any case, as encoding/json matches
// it: "CcuCalculationApproach" alone was left unread and passed
// CheckCCUCredit while another program read the credit (a member beside
// its name in another case is refused first: jsonerr.OneReading).
type pcfFigures struct {
	PCfIncludingBiogenic       string `json:"pCfIncludingBiogenic,case:ignore"`       // v2
	PcfIncludingBiogenicUptake string `json:"pcfIncludingBiogenicUptake,case:ignore"` // v3
	FossilGhgEmissions         string `json:"fossilGhgEmissions,case:ignore"`
	// The removals and capture a v3 figure nets (v3 only).
	LandManagementBiogenicCO2Removals string `json:"landManagementBiogenicCO2Removals,case:ignore"`
	TechnologicalCO2Removals          string `json:"technologicalCO2Removals,case:ignore"`
	CcsTechnologicalCO2Capture        string `json:"ccsTechnologicalCO2Capture,case:ignore"`
	// Whether CCS takes place within the footprint's boundary: if false,
	// the capture and technological removals "shall be undefined" (red
	// team 79).
	CcsTechnologicalCO2CaptureIncluded *bool `json:"ccsTechnologicalCO2CaptureIncluded,case:ignore"`
	// What a v2 document states beside its figure (pact56): direct
	// land-use change, land management and other biogenic emissions, and
	// the biogenic carbon the product holds (kgC) and its withdrawal
	// (kgCO2e, ≤ 0), which pCfIncludingBiogenic nets (readV2Terms). v3
	// states biogenicCarbonContent too, which ParseSupplier weighs against
	// the product's mass in either version.
	DLucGhgEmissions           string `json:"dLucGhgEmissions,case:ignore"`
	LandManagementGhgEmissions string `json:"landManagementGhgEmissions,case:ignore"`
	OtherBiogenicGhgEmissions  string `json:"otherBiogenicGhgEmissions,case:ignore"`
	BiogenicCarbonContent      string `json:"biogenicCarbonContent,case:ignore"`
	BiogenicCarbonWithdrawal   string `json:"biogenicCarbonWithdrawal,case:ignore"`
	// The emissions a v3 figure adds to the fossil ones (v3 only): land-use
	// change, biogenic CO2 of land management, biogenic non-CO2.
	LandUseChangeGhgEmissions          string `json:"landUseChangeGhgEmissions,case:ignore"`
	LandManagementBiogenicCO2Emissions string `json:"landManagementBiogenicCO2Emissions,case:ignore"`
	BiogenicNonCO2Emissions            string `json:"biogenicNonCO2Emissions,case:ignore"`
	// Packaging's share of the figure, when the footprint includes it.
	// The emissions of the aircraft that carried the product (v3 only:
	// in the figure, red team 79).
	AircraftGhgEmissions string `json:"aircraftGhgEmissions,case:ignore"`
	// The fossil emissions of land management (v3 only), which
	// fossilGhgEmissions includes (pact56).
	LandManagementFossilGhgEmissions string          `json:"landManagementFossilGhgEmissions,case:ignore"`
	PackagingEmissionsIncluded       *bool           `json:"packagingEmissionsIncluded,case:ignore"`
	PackagingGhgEmissions            string          `json:"packagingGhgEmissions,case:ignore"`
	ExemptedEmissionsPercent         json.RawMessage `json:"exemptedEmissionsPercent,case:ignore"` // v2 a number, v3 a Decimal string
	BoundaryProcessesDescription     string          `json:"boundaryProcessesDescription,case:ignore"`
	// How a v3 figure accounts carbon captured and used (v3 only):
	// "Cut-off" or "Credit", and the credit's certification.
	CcuCalculationApproach string `json:"ccuCalculationApproach,case:ignore"`
	CcuCreditCertification string `json:"ccuCreditCertification,case:ignore"`
	// The IPCC reports whose GWP100 values the figure was characterized
	// by: v3 ipccCharacterizationFactors, v2 ipccCharacterizationFactorsSources
	// and its deprecated characterizationFactors (checkIPCC).
	IpccCharacterizationFactors        []string `json:"ipccCharacterizationFactors,case:ignore"`
	IpccCharacterizationFactorsSources []string `json:"ipccCharacterizationFactorsSources,case:ignore"`
	CharacterizationFactors            string   `json:"characterizationFactors,case:ignore"`
}

// MinIPCCReport is the earliest IPCC Assessment Report whose GWP100
// values a supplier's figure may be characterized by: the service
// characterizes by AR6 and states so in its own footprints
// (characterizationFactors), its impact assessment is "GWP100 from the
// latest IPCC report" with versioned sets AR5 and AR6
// (reference/standards.md), PACT's Methodology asks for the latest (v2
// and v3 openapi.yaml: "the latest available characterization factor
// version shall be used, i.e., ["AR6"]"), and PACT 2's
// characterizationFactors allows only AR6 and AR5.
const MinIPCCReport = 5

// checkIPCC refuses a document whose figure was characterized, wholly or
// in part, by an IPCC report before MinIPCCReport, or names its reports
// other than as AR<integer> (v3 ipccCharacterizationFactors, v2
// ipccCharacterizationFactorsSources: "MUST be a non-empty set of strings
// with the format AR$VERSION$"; v2 characterizationFactors: AR6 or AR5).
// Red team 55: ["AR2"] or ["AR4"] was read like ["AR6"], and the buyer's
// certificate, whose PACT footprint says AR6, rested on it. A document
// naming none (each member absent or empty) is refused too: PACT makes
// them mandatory (v3 CarbonFootprint required ipccCharacterizationFactors,
// v2 characterizationFactors and ipccCharacterizationFactorsSources,
// minItems 1), and a figure by an unnamed report is no more the AR6 figure
// the buyer's own footprint states than one by AR4 (pact55 left it read;
// pact56).
func (p *pcfFigures) checkIPCC(v3 bool) error {
	type named struct {
		field string
		list  []string
	}
	lists := []named{{"ipccCharacterizationFactors", p.IpccCharacterizationFactors}}
	if !v3 {
		lists = []named{{"ipccCharacterizationFactorsSources", p.IpccCharacterizationFactorsSources}}
		if p.CharacterizationFactors != "" {
			lists = append(lists, named{"characterizationFactors", []string{p.CharacterizationFactors}})
		}
	}
	if !slices.ContainsFunc(lists, func(l named) bool { return len(l.list) > 0 }) {
		if v3 {
			return supplierErr("pcf.ipccCharacterizationFactors", "the footprint names no IPCC Assessment Report its figure is characterized by: ipccCharacterizationFactors is required, a non-empty set such as [\"AR6\"] (PACT 3 CarbonFootprint.ipccCharacterizationFactors); this service characterizes by AR6 and an earlier report gives the same emissions another figure. Ask the supplier for a footprint that names its reports")
		}
		return supplierErr("pcf.ipccCharacterizationFactorsSources", "the footprint names no IPCC Assessment Report its figure is characterized by: ipccCharacterizationFactorsSources is required, a non-empty set such as [\"AR6\"], and characterizationFactors (AR6 or AR5) beside it (PACT 2 CarbonFootprint); this service characterizes by AR6 and an earlier report gives the same emissions another figure. Ask the supplier for a footprint that names its reports")
	}
	for _, l := range lists {
		for _, ar := range l.list {
			n, err := strconv.Atoi(strings.TrimPrefix(ar, "AR"))
			if !strings.HasPrefix(ar, "AR") || err != nil || n < 1 || strconv.Itoa(n) != ar[2:] {
				return supplierErr("pcf."+l.field, "该足迹的 %[1]s 含 %[2]q：须为 \"AR\" 加 IPCC 评估报告的编号，如 \"AR6\"（PACT CarbonFootprint.%[1]s）。%[1]s holds %[2]q: want \"AR\" and the number of an IPCC Assessment Report, such as \"AR6\" (PACT CarbonFootprint.%[1]s)", l.field, truncate(ar))
			}
			if n < MinIPCCReport {
				return supplierErr("pcf."+l.field, "该足迹的数值（部分或全部）按 IPCC 第 %[2]d 次评估报告的全球变暖潜势（%[1]s %[3]q）计算：本服务按 AR6 计算并在其 PACT 足迹中如此声明，GB/T 24067 与 ISO 14067 采用 IPCC 最新的 GWP100，PACT 方法学要求最新版本（AR6）；较早的报告对同一排放给出另一数值。请向供应商索取按 AR6（或 AR5）计算的足迹。"+
					"the footprint's figure is characterized, wholly or in part, by the GWP values of IPCC Assessment Report %[2]d (%[1]s %[3]q): this service characterizes by AR6 and says so in its PACT footprints, GB/T 24067 and ISO 14067 take the latest IPCC GWP100, and the PACT Methodology asks for the latest version (AR6); an earlier report gives the same emissions another figure. Ask the supplier for its footprint by AR6 (or AR5)",
					l.field, n, ar)
			}
		}
	}
	return nil
}

// MaxExemptedPctV2 is the upper boundary of a PACT 2 footprint's
// exemptedEmissionsPercent. The v2 openapi.yaml (CarbonFootprint.
// exemptedEmissionsPercent) says the percentage "SHOULD comply with the
// PACT Methodology (a maximum of 5% of the cradle to gate PCF emissions
// may be excluded)" and "The upper boundary of this property (currently
// `5`) will be removed in version 3", and the v2 data model states it as
// a number from 0 to 5 (reference/pact.md §1); only the schema's machine
// check (and the conformance checker) allows up to 100. PACT 3 removed
// the boundary ("Removed upper boundary of 5%", examples "5.3" and
// "10.4"; Methodology 3.3.1.2): there the share is bounded only by being
// a percentage, and one above the study's rule's cut-off (5 %) is a
// warning of the certifier's review, not a refusal.
const MaxExemptedPctV2 = 5

// readFigures checks what p states beside a footprint's headline figure
// (headline, as the document writes it in text, in field; kgCO2e per
// declared unit of amount units) against it, and sets it on s per one
// unit. Returns EINVALID naming the field for a figure that is not the
// Decimal of the sign the spec gives it, and for a document whose figures
// contradict its headline.
func (p *pcfFigures) readFigures(s *Supplier, v3 bool, headline float64, text, field string, amount float64) error {
	// A figure is compared with the others as each is rounded: it may be
	// half a unit of its last decimal place from what it rounds.
	slack := halfLastPlace(text)
	perUnit := func(x float64) *float64 { x /= amount; return &x }

	// Removals and CO2 capture are NegativeOrZeroDecimal (v3 openapi.yaml,
	// CarbonFootprint.landManagementBiogenicCO2Removals,
	// technologicalCO2Removals, ccsTechnologicalCO2Capture; PACT
	// Methodology 3.3.2.4, 3.3.2.5).
	var removals float64
	var removalFields []string
	if v3 {
		for _, r := range []struct{ name, text string }{
			{"landManagementBiogenicCO2Removals", p.LandManagementBiogenicCO2Removals},
			{"technologicalCO2Removals", p.TechnologicalCO2Removals},
			{"ccsTechnologicalCO2Capture", p.CcsTechnologicalCO2Capture},
		} {
			x, ok, err := optionalDecimal(r.name, r.text, -1)
			if err != nil {
				return err
			} else if !ok {
				continue
			}
			// A footprint without CCS in its boundary nets none: PACT 3
			// (CarbonFootprint.ccsTechnologicalCO2CaptureIncluded, x-rule
			// SHALL) leaves the capture and the technological removals
			// undefined then. Red team 79: fossilGhgEmissions "40.0"
			// beside ccsTechnologicalCO2Capture "-39.5" and the flag false
			// let a figure of 0.5 pass.
			if in := p.CcsTechnologicalCO2CaptureIncluded; x != 0 && in != nil && !*in && r.name != "landManagementBiogenicCO2Removals" {
				return supplierErr("pcf."+r.name, "该足迹声明其范围内没有 CCS（ccsTechnologicalCO2CaptureIncluded 为 false），却列出 %[1]s %[2]s：此时该项不应定义（PACT 3 CarbonFootprint.ccsTechnologicalCO2CaptureIncluded），不能从其数值中扣除；该足迹自相矛盾，请向供应商索取更正的足迹。"+
					"the footprint states that no CCS takes place within its boundary (ccsTechnologicalCO2CaptureIncluded false) yet gives %[1]s %[2]s: PACT 3 leaves it undefined then (CarbonFootprint.ccsTechnologicalCO2CaptureIncluded), so it nets nothing from the figure; the footprint contradicts itself: ask the supplier for a corrected one",
					r.name, r.text)
			}
			removals += x
			slack += halfLastPlace(r.text)
			if x != 0 {
				removalFields = append(removalFields, r.name+" "+r.text)
			}
		}
		s.RemovalsKgCO2e = removals / amount
	}

	// The figure excluding biogenic (uptake) includes the fossil
	// emissions. v2 (openapi.yaml CarbonFootprint): pCfExcludingBiogenic
	// is "the product carbon footprint of the product excluding biogenic
	// CO2 emissions" and fossilGhgEmissions "the emissions from fossil
	// sources as a result of fuel combustion, from fugitive emissions, and
	// from process emissions", both kgCO2e per declared unit ≥ 0, and
	// nothing that figure is made of is negative (the biogenic carbon
	// withdrawal, ≤ 0, is of the figure including biogenic). v3
	// (openapi.yaml CarbonFootprint.pcfExcludingBiogenicUptake, x-comment,
	// PACT Methodology 3.3.1): fossilGhgEmissions +
	// landUseChangeGhgEmissions + landManagementBiogenicCO2Emissions +
	// landManagementBiogenicCO2Removals + technologicalCO2Removals +
	// ccsTechnologicalCO2Capture + biogenicNonCO2Emissions, where only the
	// removals and the capture are ≤ 0: the figure is at least the fossil
	// emissions less the removals the document states.
	//
	// Red team 64: a v3 document of "0.5" kgCO2e/kg stating
	// fossilGhgEmissions "0.5" beside landUseChangeGhgEmissions "40.0"
	// (deforestation), landManagementBiogenicCO2Emissions "3.0" and
	// biogenicNonCO2Emissions "2.0" was read as 0.5 where its own formula
	// makes it at least 45.5: the demo PV module with a 0.2 kg junction
	// box 159.2 → 150.2 kgCO2e. Every positive term of the formula the
	// document states counts, and packaging's emissions when it says they
	// are included (CarbonFootprint.packagingEmissionsIncluded: "in the
	// scope and boundary of the product carbon footprint").
	if v3 {
		if err := p.readV3Terms(headline, text, field, removals, slack, removalFields); err != nil {
			return err
		}
	} else if err := p.readV2Packaging(headline, text, field, slack); err != nil {
		return err
	} else if err := p.readV2Terms(headline, text, field); err != nil {
		return err
	}
	if p.FossilGhgEmissions != "" {
		fossil, _, err := optionalDecimal("fossilGhgEmissions", p.FossilGhgEmissions, 1)
		if err != nil {
			return err
		}
		s.FossilKgCO2e = perUnit(fossil)
		if headline < fossil+removals-slack-halfLastPlace(p.FossilGhgEmissions) {
			if !v3 {
				return supplierErr(field, "该足迹的 %[1]s %[2]s 低于同一足迹的 fossilGhgEmissions %[3]s（kgCO2e/声明单位）：不含生物源排放的碳足迹包含化石排放（PACT 2 CarbonFootprint）；该足迹自相矛盾，请向供应商索取更正的足迹。"+
					"%[1]s %[2]s is below the footprint's own fossilGhgEmissions %[3]s (kgCO2e per declared unit): the PCF excluding biogenic CO2 emissions includes the fossil emissions (PACT 2 CarbonFootprint); the footprint contradicts itself: ask the supplier for a corrected one",
					strings.TrimPrefix(field, "pcf."), text, p.FossilGhgEmissions)
			}
			stated, statedZH := "it states none", "文件未列任何清除量"
			if len(removalFields) > 0 {
				stated, statedZH = "it states "+strings.Join(removalFields, ", "), "文件所列为 "+strings.Join(removalFields, ", ")
			}
			return supplierErr(field, "该足迹的 %[1]s %[2]s 低于同一足迹的 fossilGhgEmissions %[3]s（kgCO2e/声明单位）：不含生物源CO2吸收的碳足迹包含化石排放，只减去文件列明的清除量与CO2捕集（PACT 3 CarbonFootprint.pcfExcludingBiogenicUptake，方法学 3.3.1），%[5]s；该足迹自相矛盾，请向供应商索取更正的足迹。"+
				"%[1]s %[2]s is below the footprint's own fossilGhgEmissions %[3]s (kgCO2e per declared unit): the PCF excluding biogenic CO2 uptake includes the fossil emissions, less only the removals and CO2 capture the footprint states (PACT 3 CarbonFootprint.pcfExcludingBiogenicUptake, Methodology 3.3.1), and %[4]s; the footprint contradicts itself: ask the supplier for a corrected one",
				strings.TrimPrefix(field, "pcf."), text, p.FossilGhgEmissions, stated, statedZH)
		}
	}

	// The figure including biogenic. v2 (openapi.yaml
	// CarbonFootprint.pCfIncludingBiogenic): "the product carbon footprint
	// of the product including all biogenic emissions (CO2 and
	// otherwise)", with the biogenic carbon withdrawal; "can be less than
	// 0". It is above the figure excluding biogenic when the product's
	// biogenic emissions outweigh its biogenic carbon, as in the spec's own
	// example (get-footprint-response.json: 1.63 excluding, 1.85
	// including): no contradiction; the review shows both. v3
	// (CarbonFootprint.pcfIncludingBiogenicUptake, x-comment, Methodology
	// 3.3.1): the figure excluding biogenic uptake plus biogenicCO2Uptake,
	// which is ≤ 0, so it is never above that figure.
	inc, incField := p.PCfIncludingBiogenic, "pcf.pCfIncludingBiogenic"
	if v3 {
		inc, incField = p.PcfIncludingBiogenicUptake, "pcf.pcfIncludingBiogenicUptake"
	}
	if inc != "" {
		x, _, err := optionalDecimal(strings.TrimPrefix(incField, "pcf."), inc, 0)
		if err != nil {
			return err
		}
		s.IncludingBiogenicKgCO2e = perUnit(x)
		if v3 && x > headline+halfLastPlace(text)+halfLastPlace(inc) {
			return supplierErr(field, "该足迹的 %[1]s %[2]s 低于同一足迹的 pcfIncludingBiogenicUptake %[3]s：后者为前者加上生物源CO2吸收（≤ 0），不会更高（PACT 3 CarbonFootprint.pcfIncludingBiogenicUptake，方法学 3.3.1）；该足迹自相矛盾，请向供应商索取更正的足迹。"+
				"%[1]s %[2]s is below the footprint's own pcfIncludingBiogenicUptake %[3]s: that is this figure plus the biogenic CO2 uptake, which is 0 or less, so it is never higher (PACT 3 CarbonFootprint.pcfIncludingBiogenicUptake, Methodology 3.3.1); the footprint contradicts itself: ask the supplier for a corrected one",
				strings.TrimPrefix(field, "pcf."), text, inc)
		}
	}

	// exemptedEmissionsPercent: a percentage of the PCF's emissions, from
	// 0 (v2 openapi.yaml minimum) to MaxExemptedPctV2 in PACT 2; a Decimal
	// without that boundary in PACT 3, which as a share of the emissions
	// cannot exceed 100.
	if raw := bytes.TrimSpace(p.ExemptedEmissionsPercent); len(raw) > 0 && string(raw) != "null" {
		const f = "pcf.exemptedEmissionsPercent"
		t, bad := string(raw), false // a JSON number (v2)
		if raw[0] == '"' {           // a Decimal (v3)
			bad = json.Unmarshal(raw, &t) != nil || !decimalRe(t)
		}
		pct, err := strconv.ParseFloat(t, 64)
		max, spec := 100.0, "a percentage of the PCF's emissions (PACT 3 CarbonFootprint.exemptedEmissionsPercent)"
		if !v3 {
			max, spec = MaxExemptedPctV2, `PACT 2 bounds it at 5 ("the upper boundary of this property (currently 5)", CarbonFootprint.exemptedEmissionsPercent)`
		}
		if bad || err != nil || !(pct >= 0 && pct <= max) {
			return supplierErr(f, "该足迹的 exemptedEmissionsPercent %[1]s 须为 0 至 %[2]v 的数值。exemptedEmissionsPercent %[1]s must be a number from 0 to %[2]v: %[3]s", truncate(t), max, spec)
		}
		s.ExemptedPct = &pct
	}
	if err := p.checkIPCC(v3); err != nil {
		return err
	}
	s.BoundaryProcesses = strings.TrimSpace(p.BoundaryProcessesDescription)
	// ccuCalculationApproach: "Cut-off" or "Credit" (v3 openapi.yaml enum);
	// any other spelling is refused, so that "credit" cannot pass by
	// CheckCCUCredit and the review's warning (red team 69). A v2 document
	// has no such member, but one that carries a credit says how its figure
	// was made: the credit is read, in any case, not ignored (red team 69's
	// open item: a credit written into a v2 document passed unread); any
	// other value of a member v2 does not define is left unread, as before,
	// so that a v2 document stored with one still reads (reviewer 46).
	a := p.CcuCalculationApproach
	if !v3 && !strings.EqualFold(a, CCUCredit) {
		a = ""
	} else if !v3 {
		a = CCUCredit
	}
	switch a {
	case "", "Cut-off", CCUCredit:
		s.CCUCalculationApproach, s.CCUCreditCertification = a, truncate(strings.TrimSpace(p.CcuCreditCertification))
	default:
		return supplierErr("pcf.ccuCalculationApproach", "该足迹的 ccuCalculationApproach %[1]q 须为 \"Cut-off\" 或 \"Credit\"（PACT 3 CarbonFootprint.ccuCalculationApproach）。ccuCalculationApproach %[1]q must be \"Cut-off\" or \"Credit\" (PACT 3 CarbonFootprint.ccuCalculationApproach)", truncate(a))
	}
	return nil
}

// optionalDecimal reads the PACT Decimal text of property name, of the
// given sign (1: ≥ 0, -1: ≤ 0, 0: any); false when the document does not
// state it.
func optionalDecimal(name, text string, sign int) (float64, bool, error) {
	if text == "" {
		return 0, false, nil
	}
	x, err := strconv.ParseFloat(text, 64)
	if err != nil || !decimalRe(text) || float64(sign)*x < 0 {
		want := map[int]string{1: "a decimal ≥ 0", -1: "a decimal ≤ 0", 0: "a decimal"}[sign]
		return 0, false, supplierErr("pcf."+name, "该足迹的 %[1]s %[2]q 须为%[3]s（kgCO2e/声明单位）。%[1]s %[2]q must be %[4]s (kgCO2e per declared unit)",
			name, truncate(text), map[int]string{1: "不小于 0 的小数", -1: "不大于 0 的小数", 0: "小数"}[sign], want)
	}
	return x, true, nil
}

// halfLastPlace is half a unit of the last decimal place of Decimal text:
// how far the figure it was rounded from may be from it.
func halfLastPlace(text string) float64 {
	_, frac, _ := strings.Cut(text, ".")
	return 0.5 * math.Pow10(-len(frac))
}

// readPrimaryShare reads a footprint's primaryDataShare, the share of
// primary data in its figure in percent (nil: not stated). PACT 2
// (openapi.yaml CarbonFootprint.primaryDataShare) states it as a number
// from 0 to 100; PACT 3 (CarbonFootprint.primaryDataShare, "Share of
// primary data in the final absolute PCF value excluding biogenic CO2
// uptake", Methodology 4.2.2) as a Decimal string in pcf, beside dqi, not
// in it ("string<decimal> in 3.0, was Number in 2.x"), a share and so
// from 0 to 100 too. Returns EINVALID naming the field for any other
// form: a study counts the supplier's line as primary data by it (red
// team 20: a document stating 0 counted as all primary).
func readPrimaryShare(raw json.RawMessage, v3 bool) (*float64, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	t, ok := string(raw), raw[0] != '"' // a JSON number (v2)
	form, formZH := "a number (PACT 2 CarbonFootprint.primaryDataShare)", "数值（PACT 2）"
	if v3 { // a Decimal string
		form, formZH = `a Decimal string such as "12.9" (PACT 3 CarbonFootprint.primaryDataShare)`, `十进制字符串，如 "12.9"（PACT 3）`
		ok = json.Unmarshal(raw, &t) == nil && decimalRe(t)
	}
	pct, err := strconv.ParseFloat(t, 64)
	if !ok || err != nil || !(pct >= 0 && pct <= 100) {
		return nil, supplierErr("pcf.primaryDataShare", "该足迹的 primaryDataShare %[1]s 须为 0 至 100 的%[2]s：初级数据所占百分比。primaryDataShare %[1]s must be %[3]s from 0 to 100: the share of primary data in percent", truncate(string(raw)), formZH, form)
	}
	return &pct, nil
}

// readV3Terms checks a v3 figure (headline, as text, in field) against the
// positive terms of its formula the document states beside the fossil
// emissions (CarbonFootprint.pcfExcludingBiogenicUptake x-comment, x-rule
// SHALL: fossilGhgEmissions + landUseChangeGhgEmissions +
// landManagementBiogenicCO2Emissions + the removals and capture +
// biogenicNonCO2Emissions, each term but the removals a
// PositiveOrZeroDecimal), and against its packaging emissions when it
// includes them: the figure is at least their sum less the removals and
// capture it states (removals, with slack their rounding and the
// figure's). The fossil emissions alone are checked by readFigures.
func (p *pcfFigures) readV3Terms(headline float64, text, field string, removals, slack float64, removalFields []string) error {
	// The rounding of the figure and the removals, without that of the
	// terms summed below: the aircraft and packaging emissions are each
	// compared alone (red team 79: "0.6" of packaging read within "0.5").
	own := slack
	var sum float64
	var terms []string // the terms stated, not 0, as the document writes them
	others := false    // a term beside the fossil emissions
	for _, t := range []struct{ name, text string }{
		{"fossilGhgEmissions", p.FossilGhgEmissions},
		{"landUseChangeGhgEmissions", p.LandUseChangeGhgEmissions},
		{"landManagementBiogenicCO2Emissions", p.LandManagementBiogenicCO2Emissions},
		{"biogenicNonCO2Emissions", p.BiogenicNonCO2Emissions},
	} {
		x, ok, err := optionalDecimal(t.name, t.text, 1)
		if err != nil {
			return err
		} else if !ok || x == 0 {
			continue
		}
		sum += x
		slack += halfLastPlace(t.text)
		terms = append(terms, t.name+" "+t.text)
		others = others || t.name != "fossilGhgEmissions"
	}
	terms = append(terms, removalFields...)
	f := strings.TrimPrefix(field, "pcf.")
	if others && headline < sum+removals-slack {
		return supplierErr(field, "该足迹的 %[1]s %[2]s 低于其公式各项之和 %[3]s（%[4]s）：PACT 3 的该数值包括这些排放（方法学 3.3.1）；该足迹自相矛盾，请向供应商索取更正的足迹。"+
			"%[1]s %[2]s is below %[3]s, the sum of the terms of its own formula it states (%[4]s): PACT 3 includes them in the figure (Methodology 3.3.1); the footprint contradicts itself: ask the supplier for a corrected one",
			f, text, Decimal(roundTo(sum+removals, text)), strings.Join(terms, " + "))
	}
	// The aircraft emissions (CarbonFootprint.aircraftGhgEmissions,
	// Methodology 3.3.2.1: the emissions of aircraft engines carrying the
	// product, without radiative forcing) are fossil emissions of mobile
	// combustion or biogenic emissions, both in the figure
	// (pcfExcludingBiogenicUptake: "all fossil emissions … from
	// stationary/mobile combustion", "all biogenic emissions"), less only
	// the removals it states. Red team 79: a junction box at "0.5"
	// kgCO2e/kg stating aircraftGhgEmissions "12.0" was read as 0.5.
	air, ok, err := optionalDecimal("aircraftGhgEmissions", p.AircraftGhgEmissions, 1)
	if err != nil {
		return err
	}
	if ok && headline < air+removals-own-halfLastPlace(p.AircraftGhgEmissions) {
		return supplierErr(field, "该足迹的 %[1]s %[2]s 低于其 aircraftGhgEmissions %[3]s（扣除文件所列清除量后）：飞机运输的排放属于移动源燃烧的化石排放或生物源排放，均计入该数值（PACT 3 CarbonFootprint.pcfExcludingBiogenicUptake，方法学 3.3.2.1）；该足迹自相矛盾，请向供应商索取更正的足迹。"+
			"%[1]s %[2]s is below its own aircraftGhgEmissions %[3]s (less the removals it states): the emissions of the aircraft that carried the product are fossil emissions of mobile combustion or biogenic emissions, both in the figure (PACT 3 CarbonFootprint.pcfExcludingBiogenicUptake, Methodology 3.3.2.1); the footprint contradicts itself: ask the supplier for a corrected one",
			f, text, p.AircraftGhgEmissions)
	}
	// The fossil emissions of land management: "fossilGhgEmissions already
	// includes these emissions" (CarbonFootprint.landManagementFossilGhgEmissions,
	// Methodology 3.3.2.4), and the figure the fossil emissions less the
	// removals it states. pact56: a frame at "1.0" kgCO2e/kg stating
	// landManagementFossilGhgEmissions "8.8" was read as 1.0 (the demo
	// module 157.29 → 129.86 kgCO2e, with only the floor warnings).
	lmf, ok, err := optionalDecimal("landManagementFossilGhgEmissions", p.LandManagementFossilGhgEmissions, 1) // never negative (PACT 3 openapi.yaml)
	if err != nil {
		return err
	}
	if ok && headline < lmf+removals-own-halfLastPlace(p.LandManagementFossilGhgEmissions) {
		return supplierErr(field, "%[1]s %[2]s is below its own landManagementFossilGhgEmissions %[3]s (less the removals it states): fossilGhgEmissions includes them (PACT 3 CarbonFootprint.landManagementFossilGhgEmissions), and the figure the fossil emissions (Methodology 3.3.1); the footprint contradicts itself: ask the supplier for a corrected one",
			f, text, p.LandManagementFossilGhgEmissions)
	}
	if p.PackagingGhgEmissions == "" {
		return nil
	}
	pkg, _, err := optionalDecimal("packagingGhgEmissions", p.PackagingGhgEmissions, 1)
	if err != nil {
		return err
	}
	if p.PackagingEmissionsIncluded != nil && *p.PackagingEmissionsIncluded && headline < pkg+removals-own-halfLastPlace(p.PackagingGhgEmissions) {
		return supplierErr(field, "该足迹的 %[1]s %[2]s 低于其 packagingGhgEmissions %[3]s：该足迹声明包装排放在其范围内（packagingEmissionsIncluded），该数值即包括它们；该足迹自相矛盾，请向供应商索取更正的足迹。"+
			"%[1]s %[2]s is below its own packagingGhgEmissions %[3]s: the footprint states its packaging emissions are in its scope (packagingEmissionsIncluded), so the figure includes them; the footprint contradicts itself: ask the supplier for a corrected one",
			f, text, p.PackagingGhgEmissions)
	}
	return nil
}

// roundTo rounds x to the decimal places of text, for a message.
func roundTo(x float64, text string) float64 {
	_, frac, _ := strings.Cut(text, ".")
	p := math.Pow10(max(len(frac), 1))
	return math.Round(x*p) / p
}

// readV2Packaging checks a v2 figure (headline, as text, in field) against
// the packaging emissions the document states as included in it: v2
// openapi.yaml CarbonFootprint.packagingEmissionsIncluded is "whether
// packaging emissions are included in the PCF (pCfExcludingBiogenic,
// pCfIncludingBiogenic)", and packagingGhgEmissions a decimal ≥ 0 per
// declared unit, so the figure is at least them. Red team 69: readV3Terms
// checked PACT 3 only, and a v2 junction box of "0.5" kgCO2e/kg stating
// packagingGhgEmissions "5.0" included in it was read as 0.5.
func (p *pcfFigures) readV2Packaging(headline float64, text, field string, slack float64) error {
	if p.PackagingGhgEmissions == "" {
		return nil
	}
	pkg, _, err := optionalDecimal("packagingGhgEmissions", p.PackagingGhgEmissions, 1)
	if err != nil {
		return err
	}
	if p.PackagingEmissionsIncluded != nil && *p.PackagingEmissionsIncluded && headline < pkg-slack-halfLastPlace(p.PackagingGhgEmissions) {
		return supplierErr(field, "该足迹的 %[1]s %[2]s 低于其 packagingGhgEmissions %[3]s：该足迹声明包装排放计入其碳足迹（packagingEmissionsIncluded，PACT 2 CarbonFootprint），该数值即包括它们；该足迹自相矛盾，请向供应商索取更正的足迹。"+
			"%[1]s %[2]s is below its own packagingGhgEmissions %[3]s: the footprint states its packaging emissions are included in the PCF (packagingEmissionsIncluded, PACT 2 CarbonFootprint), so the figure includes them; the footprint contradicts itself: ask the supplier for a corrected one",
			strings.TrimPrefix(field, "pcf."), text, p.PackagingGhgEmissions)
	}
	return nil
}

// readV2Terms checks a v2 figure (headline, as text, in field) against the
// emissions the document states beside it that the study's figure must
// hold (pact56; pact55 left them unread). A v2 document of "1.0" kgCO2e/kg
// stating dLucGhgEmissions, aircraftGhgEmissions or
// otherBiogenicGhgEmissions "8.8" was read as 1.0: the demo module with
// its frame at 1.0 (HS 7604, the set's PV-AL-PROFILE 9.8) 157.29 → 129.86
// kgCO2e, with only the floor warnings, which any supplier's primary
// figure below the set's average draws as well.
//
//   - dLucGhgEmissions, the direct land-use change emissions (v2
//     openapi.yaml CarbonFootprint.dLucGhgEmissions, ≥ 0), are in a
//     carbon footprint by GB/T 24067 and ISO 14067 ("dLUC included",
//     reference/standards.md §1.2), and in PACT 3's figure
//     (pcfExcludingBiogenicUptake's formula): a pCfExcludingBiogenic below
//     them, the figure the study takes, cannot hold them.
//   - aircraftGhgEmissions, otherBiogenicGhgEmissions and
//     landManagementGhgEmissions (when emissions, > 0) are emissions of the
//     product, fossil or biogenic: each is within pCfExcludingBiogenic, or,
//     for its biogenic CO2, within pCfIncludingBiogenic ("including all
//     biogenic emissions (CO2 and otherwise)") before the biogenic carbon
//     withdrawal it nets; that withdrawal is the product's biogenic carbon
//     content converted to CO2 ("the Biogenic Carbon contained in the
//     product converted to kilogram of CO2e"), so it is credited here up to
//     44/12 kgCO2 per kgC of biogenicCarbonContent. A term above the
//     larger of the two figures so read contradicts the document.
//
// iLucGhgEmissions is left: ISO 14067 reports indirect land-use change
// apart, if at all. PACT 2's own example (get-footprint-response.json:
// 1.63 beside dLUC 0.8, land management 0.6, other biogenic 0.4 and
// aircraft 0.2) reads; its terms do not sum to its figure, so only each
// term alone is checked.
func (p *pcfFigures) readV2Terms(headline float64, text, field string) error {
	f := strings.TrimPrefix(field, "pcf.")
	// Each member is read as a decimal of any sign: a sign the spec does
	// not give it lowers no figure, and was never refused (the members
	// were unread).
	dluc, ok, err := optionalDecimal("dLucGhgEmissions", p.DLucGhgEmissions, 0)
	if err != nil {
		return err
	}
	if ok && headline < dluc-halfLastPlace(text)-halfLastPlace(p.DLucGhgEmissions) {
		return supplierErr(field, "%[1]s %[2]s is below the footprint's own dLucGhgEmissions %[3]s (kgCO2e per declared unit): emissions of direct land-use change are part of a carbon footprint (GB/T 24067, ISO 14067) and of the PACT 3 figure, so a figure below them leaves them out of the study; ask the supplier for a footprint whose pCfExcludingBiogenic includes them",
			f, text, p.DLucGhgEmissions)
	}
	// The gross figure including biogenic emissions: pCfIncludingBiogenic
	// without the withdrawal it nets, at most the product's biogenic carbon
	// as CO2 (44/12 kg per kg C).
	gross, grossText := headline, text
	if inc, ok, err := optionalDecimal("pCfIncludingBiogenic", p.PCfIncludingBiogenic, 0); err != nil {
		return err
	} else if ok {
		w, _, err := optionalDecimal("biogenicCarbonWithdrawal", p.BiogenicCarbonWithdrawal, 0)
		if err != nil {
			return err
		}
		c, _, err := optionalDecimal("biogenicCarbonContent", p.BiogenicCarbonContent, 0)
		if err != nil {
			return err
		}
		if g := inc + max(0, min(-w, c*44/12)); g > gross {
			gross, grossText = g, p.PCfIncludingBiogenic
		}
	}
	for _, t := range []struct{ name, text string }{
		{"aircraftGhgEmissions", p.AircraftGhgEmissions},
		{"otherBiogenicGhgEmissions", p.OtherBiogenicGhgEmissions},
		{"landManagementGhgEmissions", p.LandManagementGhgEmissions},
	} {
		x, ok, err := optionalDecimal(t.name, t.text, 0)
		if err != nil {
			return err
		}
		if ok && x > gross+halfLastPlace(grossText)+halfLastPlace(t.text)+1e-9*math.Abs(gross) {
			return supplierErr(field, "%[1]s %[2]s is below the footprint's own %[3]s %[4]s (kgCO2e per declared unit), which is emissions of the product, fossil or biogenic: they are within pCfExcludingBiogenic or, for biogenic CO2, within pCfIncludingBiogenic before the biogenic carbon withdrawal it nets (at most the product's biogenicCarbonContent as CO2; PACT 2 CarbonFootprint); the footprint contradicts itself: ask the supplier for a corrected one",
				f, text, t.name, t.text)
		}
	}
	return nil
}

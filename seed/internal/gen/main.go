// Command gen builds the embedded Chengdu seed factor set,
// seed/data/factors.csv, from the reference dataset
// (../shared/reference/factors.csv, documented in factors.md) and the extra
// rows in extra.csv. Run it from the repository root:
//
//	go run ./seed/internal/gen -ref ../shared/reference/factors.csv -out seed/data/factors.csv
//
// It never changes a value, unit, code or name of the reference: it maps
// each reference row onto footprint.Factor (category, boundary, geography,
// source split into publisher/document/date/locator, licence, grade,
// data-quality scores, HS codes) with the tables below, and fails on any row
// the tables do not cover. The output is sorted by factor code and written
// with tabular.WriteFactorsCSV, so it is deterministic and identical to an
// export of the set. docs/seed.md explains every mapping choice.
package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// extraCSV holds published values that factors.md lists in its prose and
// tables but factors.csv leaves out (regional factors 2021/2022 for five
// grids, three neighbouring provinces 2021-2023), in the reference format.
//
//go:embed extra.csv
var extraCSV []byte

func main() {
	ref := flag.String("ref", "../shared/reference/factors.csv", "reference factors.csv")
	out := flag.String("out", "seed/data/factors.csv", "output file")
	flag.Parse()
	if err := run(*ref, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(refPath, outPath string) error {
	ref, err := os.Open(refPath)
	if err != nil {
		return err
	}
	defer ref.Close()
	var buf bytes.Buffer
	if err := generate(ref, &buf); err != nil {
		return err
	}
	return os.WriteFile(outPath, buf.Bytes(), 0o644)
}

// generate reads the reference CSV, merges extra.csv, maps every row and
// writes the seed CSV sorted by code.
func generate(ref io.Reader, w io.Writer) error {
	rows, err := readRef(ref, "factors.csv")
	if err != nil {
		return err
	}
	extra, err := readRef(bytes.NewReader(extraCSV), "extra.csv")
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var factors []*footprint.Factor
	for _, r := range append(rows, extra...) {
		if seen[r.code] {
			return fmt.Errorf("%s:%d: duplicate code %q", r.file, r.line, r.code)
		}
		seen[r.code] = true
		f, err := mapRow(r)
		if err != nil {
			return fmt.Errorf("%s:%d: %s: %w", r.file, r.line, r.code, err)
		}
		factors = append(factors, f)
	}
	slices.SortFunc(factors, func(a, b *footprint.Factor) int { return strings.Compare(a.Code, b.Code) })
	return tabular.WriteFactorsCSV(w, factors)
}

// refRow is one row of the reference format:
// code,name_en,name_zh,category,value,unit,geography,year,source,notes.
type refRow struct {
	file                                 string
	line                                 int
	code, nameEN, nameZH, category       string
	value, unit, geography, year, source string
	notes                                string
}

var refColumns = []string{"code", "name_en", "name_zh", "category", "value", "unit", "geography", "year", "source", "notes"}

func readRef(r io.Reader, name string) ([]refRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(refColumns)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !slices.Equal(header, refColumns) {
		return nil, fmt.Errorf("%s: header %v, want %v", name, header, refColumns)
	}
	var rows []refRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, refRow{
			file: name, line: line,
			code: rec[0], nameEN: rec[1], nameZH: rec[2], category: rec[3], value: rec[4],
			unit: rec[5], geography: rec[6], year: rec[7], source: rec[8], notes: rec[9],
		})
	}
}

func mapRow(r refRow) (*footprint.Factor, error) {
	value, err := strconv.ParseFloat(r.value, 64)
	if err != nil {
		return nil, fmt.Errorf("value %q: %w", r.value, err)
	}
	unit, err := footprint.ParseFactorUnit(r.unit)
	if err != nil {
		return nil, err
	}
	year, err := strconv.Atoi(r.year)
	if err != nil {
		return nil, fmt.Errorf("year %q: %w", r.year, err)
	}
	geo, ok := geographies[r.geography]
	if !ok {
		return nil, fmt.Errorf("no geography mapping for %q", r.geography)
	}
	m := gradeRe.FindStringSubmatch(r.notes)
	if m == nil {
		return nil, fmt.Errorf("notes do not start with a [Q:X] grade tag")
	}
	grade, notes := m[1], strings.TrimSpace(r.notes[len(m[0]):])
	cat, err := category(r)
	if err != nil {
		return nil, err
	}
	src, licence, err := source(r)
	if err != nil {
		return nil, err
	}
	codes, err := productCodes(r.code, cat)
	if err != nil {
		return nil, err
	}
	q, err := quality(grade, geo, year, notes)
	if err != nil {
		return nil, err
	}
	role, err := electricityRole(r, cat, unit, src)
	if err != nil {
		return nil, err
	}
	mode, treatment, err := transportModeAndTreatment(r, cat)
	if err != nil {
		return nil, err
	}
	f := &footprint.Factor{
		Code:            r.code,
		NameZH:          r.nameZH,
		NameEN:          r.nameEN,
		Category:        cat,
		ElectricityRole: role,
		TransportMode:   mode,
		Treatment:       treatment,
		Value:           value,
		Unit:            unit,
		Boundary:        boundary(r, cat, unit),
		Geography:       geo,
		Year:            year,
		ProductCodes:    codes,
		Source:          src,
		Licence:         licence,
		Quality:         q,
		Notes:           notes,
		Status:          footprint.StatusActive,
	}
	return f, f.Validate()
}

var gradeRe = regexp.MustCompile(`^\[Q:([A-Z-]+)\]`)

// geographies normalises the reference's geography column. Grid regions keep
// the MEE region letter (CN-SW 西南, CN-C 华中, CN-N 华北, CN-E 华东, CN-NE 东北,
// CN-NW 西北, CN-S 南方); none collides with an ISO 3166-2:CN province code.
// DESNZ's "UK/international" rows (road, rail, container ship, air freight)
// are all mapped to GB: they are the UK government's defaults, and a Chengdu
// product treats them as a foreign fallback whichever way they are labelled.
var geographies = map[string]string{
	"CN":                       "CN",
	"CN-SC (Sichuan)":          "CN-SC",
	"CN-SW region":             "CN-SW",
	"CN-C region":              "CN-C",
	"CN-N region":              "CN-N",
	"CN-E region":              "CN-E",
	"CN-NE region":             "CN-NE",
	"CN-NW region":             "CN-NW",
	"CN-S region":              "CN-S",
	"CN-CQ":                    "CN-CQ", // extra.csv: Chongqing
	"CN-YN":                    "CN-YN", // extra.csv: Yunnan
	"CN-GZ":                    "CN-GZ", // extra.csv: Guizhou
	"Global":                   "GLO",
	"UK":                       "GB",
	"UK/international":         "GB",
	"EU (global supply chain)": "EU",
	"FR":                       "FR",
}

// categories maps the reference categories that are not footprint categories
// (pv, electronics, materials) row by row: a whole product usable as a BOM
// line is a product, a part of one a component, a bulk substance a material.
var categories = map[string]footprint.Category{
	"PV-MGSI-CN":            footprint.CategoryMaterial,
	"PV-GRANSI-CN":          footprint.CategoryMaterial,
	"PV-WAFER-MONO182":      footprint.CategoryComponent,
	"PV-CELL-MONO182":       footprint.CategoryComponent,
	"PV-CELL-PERC":          footprint.CategoryComponent,
	"PV-MOD-TOPCON":         footprint.CategoryProduct,
	"PV-MOD-HJT":            footprint.CategoryProduct,
	"PV-MOD-PSC":            footprint.CategoryProduct,
	"PV-MOD-MONO-GF-CN-ISE": footprint.CategoryProduct,
	"PV-MOD-MONO-GG-CN-ISE": footprint.CategoryProduct,
	"PV-ELEC-MONO-EU-IEA":   footprint.CategoryElectricity, // PV electricity per kWh
	"PV-CRE-PPE2-THRESH":    footprint.CategoryThreshold,
	"PV-CRE-PPE2V2-THRESH":  footprint.CategoryThreshold,
	"PV-GLASS-FLOAT":        footprint.CategoryMaterial,
	"PV-GLASS-TEMPERED":     footprint.CategoryMaterial,
	"PV-AL-PRIMARY-ELEC":    footprint.CategoryMaterial,
	"PV-AL-PROFILE":         footprint.CategoryMaterial,
	"PV-AL-RECYCLED":        footprint.CategoryMaterial,
	"PV-SILVER":             footprint.CategoryMaterial,

	"ELEC-IC-DIE-CPU":       footprint.CategoryComponent,
	"ELEC-IC-DIE-MEM":       footprint.CategoryComponent,
	"ELEC-MOBO":             footprint.CategoryComponent,
	"ELEC-PSU":              footprint.CategoryComponent,
	"ELEC-DISP-GLASS":       footprint.CategoryMaterial,
	"ELEC-BATT-LFP-PACK":    footprint.CategoryComponent,
	"ELEC-BATT-NCM-PACK":    footprint.CategoryComponent,
	"ELEC-BATT-LFP-CATHODE": footprint.CategoryMaterial,
	"ELEC-BATT-LIION-DESNZ": footprint.CategoryComponent,
}

func category(r refRow) (footprint.Category, error) {
	switch r.category {
	case "electricity", "fuel", "transport", "packaging", "end_of_life":
		return footprint.Category(r.category), nil
	case "materials":
		return footprint.CategoryMaterial, nil
	}
	if c, ok := categories[r.code]; ok {
		return c, nil
	}
	return "", fmt.Errorf("no category mapping for reference category %q", r.category)
}

// electricityRole gives every electricity row the role its documented
// meaning says (reference/factors.md §1), and fails on an electricity row it
// has no rule for:
//   - MEE & NBS CO2-only factors (average, residual mix, fossil; national,
//     regional, provincial): "CO2 only … Meant for organisation/Scope-2 type
//     accounting" → grid-co2.
//   - CO2e rows, by code in lifeCycleRoles: the national average
//     carbon-footprint factors ("life-cycle … intended for PRODUCT carbon
//     footprints") → grid-mix; the "主要发电类型电力碳足迹因子" per generation
//     type ("generation busbar; add T&D factor for delivered power") and IEA
//     PVPS's rooftop PV electricity → generation:<technology>; the T&D
//     factors with and without line losses (annex table 3) → td and
//     td-excl-losses.
func electricityRole(r refRow, cat footprint.Category, unit footprint.FactorUnit, src footprint.Source) (footprint.ElectricityRole, error) {
	if cat != footprint.CategoryElectricity {
		return "", nil
	}
	if unit.Basis == footprint.BasisCO2 {
		if !strings.HasPrefix(src.Publisher, "MEE") {
			return "", fmt.Errorf("no electricity role for a CO2-only factor not published by MEE (%s)", src.Publisher)
		}
		return footprint.ElectricityRoleGridCO2, nil
	}
	role, ok := lifeCycleRoles[r.code]
	if !ok {
		return "", fmt.Errorf("no electricity role mapping for CO2e electricity factor %q", r.code)
	}
	return role, nil
}

// lifeCycleRoles maps each CO2e electricity row of the reference to its role.
var lifeCycleRoles = map[string]footprint.ElectricityRole{
	"ELEC-CN-NAT-CF-2023":       footprint.ElectricityRoleGridMix, // 全国电力平均碳足迹因子
	"ELEC-CN-NAT-CF-2024":       footprint.ElectricityRoleGridMix,
	"ELEC-CN-GEN-COAL-CF-2024":  footprint.GenerationRole("coal"), // 燃煤发电
	"ELEC-CN-GEN-GAS-CF-2024":   footprint.GenerationRole("gas"),  // 燃气发电
	"ELEC-CN-GEN-HYDRO-CF-2024": footprint.GenerationRole("hydro"),
	"ELEC-CN-GEN-NUC-CF-2024":   footprint.GenerationRole("nuclear"),
	"ELEC-CN-GEN-WIND-CF-2024":  footprint.GenerationRole("wind"),
	"ELEC-CN-GEN-WIND-CF-2023":  footprint.GenerationRole("wind"),
	"ELEC-CN-GEN-PV-CF-2024":    footprint.GenerationRole("pv"),
	"ELEC-CN-GEN-PV-CF-2023":    footprint.GenerationRole("pv"),
	"ELEC-CN-GEN-CSP-CF-2024":   footprint.GenerationRole("csp"), // 光热发电
	"ELEC-CN-GEN-BIO-CF-2024":   footprint.GenerationRole("biomass"),
	"ELEC-CN-GEN-BIO-CF-2023":   footprint.GenerationRole("biomass"),
	"ELEC-CN-TD-LOSS-CF-2024":   footprint.ElectricityRoleTD,           // 输配电碳足迹因子(含线损)
	"ELEC-CN-TD-NOLOSS-CF-2024": footprint.ElectricityRoleTDExclLosses, // 输配电碳足迹因子(不含线损)
	"PV-ELEC-MONO-EU-IEA":       footprint.GenerationRole("pv"),        // life cycle of electricity from a rooftop PV system
}

// transportModeAndTreatment gives every transport row its mode and every
// end-of-life row its treatment, as its reference name and category
// (factors.md §5 and §6) say, and fails on a transport or end-of-life row
// the tables do not cover: a transport leg takes only a factor of its mode,
// an end-of-life line only a factor of its treatment (docs/integrity.md).
func transportModeAndTreatment(r refRow, cat footprint.Category) (mode, treatment string, err error) {
	switch cat {
	case footprint.CategoryTransport:
		if mode = transportModes[r.code]; mode == "" {
			return "", "", fmt.Errorf("no transport mode mapping for transport factor %q", r.code)
		}
	case footprint.CategoryEndOfLife:
		if treatment = treatments[r.code]; treatment == "" {
			return "", "", fmt.Errorf("no treatment mapping for end-of-life factor %q", r.code)
		}
	}
	return mode, treatment, nil
}

// transportModes maps each transport row of the reference to its mode, from
// its name (factors.md §5).
var transportModes = map[string]string{
	"TR-ROAD-DIESEL-HEAVY":      footprint.ModeRoad,           // Heavy diesel truck freight, 重型柴油货车运输
	"TR-ROAD-DIESEL-MED":        footprint.ModeRoad,           // Medium diesel truck freight
	"TR-ROAD-DIESEL-LIGHT":      footprint.ModeRoad,           // Light diesel truck freight
	"TR-ROAD-DIESEL-AVG":        footprint.ModeRoad,           // Diesel truck freight, unspecified size
	"TR-ROAD-BEV-HEAVY":         footprint.ModeRoad,           // Heavy battery-electric truck freight
	"TR-ROAD-HGV-AVG-DESNZ":     footprint.ModeRoad,           // HGV (all diesel), all HGVs, average laden
	"TR-ROAD-HGV-ARTIC33-DESNZ": footprint.ModeRoad,           // HGV articulated >33 t, average laden
	"TR-RAIL-CN":                footprint.ModeRail,           // Rail freight, 铁路运输
	"TR-RAIL-DESNZ":             footprint.ModeRail,           // Rail freight train
	"TR-AIR-CN":                 footprint.ModeAir,            // Air freight, 航空运输
	"TR-AIR-LH-RF-DESNZ":        footprint.ModeAir,            // Freight flight, long-haul/international
	"TR-SEA-AVG-CN":             footprint.ModeSea,            // Coastal & ocean shipping, average, 沿海和远洋航运
	"TR-SEA-CONT-CN":            footprint.ModeSea,            // Coastal & ocean container ship
	"TR-SEA-CONT-DESNZ":         footprint.ModeSea,            // Container ship, average ("International shipping factor")
	"TR-IWW-CONT-CN":            footprint.ModeInlandWaterway, // Inland waterway container ship, 内河水运-集装箱船
}

// treatments maps each end-of-life row of the reference to its treatment,
// from its name (factors.md §6). The recycling credits are the avoided
// burden of recycling, so their treatment is recycling.
var treatments = map[string]string{
	"EOL-PLASTIC-LANDFILL-DESNZ":  footprint.TreatmentLandfill,     // Plastics to landfill
	"EOL-PAPER-LANDFILL-DESNZ":    footprint.TreatmentLandfill,     // Paper & board to landfill
	"EOL-PLASTIC-PKG-LANDFILL-CN": footprint.TreatmentLandfill,     // Plastic packaging waste to landfill, 塑料包装废弃物-填埋
	"EOL-MSW-LANDFILL-CN":         footprint.TreatmentLandfill,     // Municipal solid waste landfill, national, 垃圾填埋-全国
	"EOL-PLASTIC-INCIN-DESNZ":     footprint.TreatmentIncineration, // Plastics incineration with energy recovery
	"EOL-MSW-INCIN-CN":            footprint.TreatmentIncineration, // Municipal solid waste incineration with power generation, 生活垃圾焚烧发电
	"EOL-RECYCLE-DESNZ":           footprint.TreatmentRecycling,    // Recycling (open/closed loop), any material
	"EOL-PLASTIC-MECHREC-CN":      footprint.TreatmentRecycling,    // Mechanical recycling of waste plastics (net, with substitution credit)
	"EOL-CREDIT-AL-DESNZ":         footprint.TreatmentRecycling,    // Aluminium recycling credit (derived)
	"EOL-CREDIT-STEEL-DESNZ":      footprint.TreatmentRecycling,    // Steel can recycling credit (derived)
	"EOL-CREDIT-PLASTIC-DESNZ":    footprint.TreatmentRecycling,    // Average plastics recycling credit (derived)
}

// boundary chooses the life-cycle boundary:
//   - electricity: MEE's CO2-only grid factors are combustion (generation
//     emissions allocated to consumption); CO2e carbon-footprint factors are
//     life-cycle.
//   - fuel: IPCC and China default combustion factors are combustion; CPCD
//     upstream supply factors are cradle-to-gate.
//   - transport: DESNZ freight factors count fuel burnt in the vehicle
//     (DESNZ publishes well-to-tank separately): combustion. CPCD freight
//     rows whose note states no boundary: unspecified.
//   - end of life: end-of-life.
//   - thresholds: unspecified.
//   - other product, component, material and packaging factors (CPCD, DESNZ
//     material use, Boavizta manufacture): cradle-to-gate.
//   - boundaryOverrides: rows whose own note states another boundary, or
//     whose boundary the reference does not give.
func boundary(r refRow, cat footprint.Category, unit footprint.FactorUnit) footprint.Boundary {
	if b, ok := boundaryOverrides[r.code]; ok {
		return b
	}
	switch {
	case cat == footprint.CategoryElectricity && unit.Basis == footprint.BasisCO2:
		return footprint.BoundaryCombustion
	case cat == footprint.CategoryElectricity:
		return footprint.BoundaryLifeCycle
	case cat == footprint.CategoryFuel && unit.Basis == footprint.BasisCO2:
		return footprint.BoundaryCombustion
	case cat == footprint.CategoryFuel:
		return footprint.BoundaryCradleToGate
	case cat == footprint.CategoryTransport && strings.HasPrefix(r.source, "UK DESNZ"):
		return footprint.BoundaryCombustion
	case cat == footprint.CategoryTransport:
		return footprint.BoundaryUnspecified
	case cat == footprint.CategoryEndOfLife:
		return footprint.BoundaryEndOfLife
	case cat == footprint.CategoryThreshold:
		return footprint.BoundaryUnspecified
	}
	return footprint.BoundaryCradleToGate
}

var boundaryOverrides = map[string]footprint.Boundary{
	"TR-ROAD-DIESEL-HEAVY":  footprint.BoundaryCradleToGrave, // note: "cradle-to-grave"
	"TR-ROAD-BEV-HEAVY":     footprint.BoundaryCradleToGate,  // note: "boundary labelled cradle-to-gate in CPCD"
	"PKG-CORR-BOX-CN":       footprint.BoundaryGateToGate,    // note: "Gate-to-gate"
	"PV-MOD-MONO-GF-CN-ISE": footprint.BoundaryUnspecified,   // Fraunhofer totals: boundary not given
	"PV-MOD-MONO-GG-CN-ISE": footprint.BoundaryUnspecified,
}

// Licence notes, from factors.md §7.
const (
	licenceMEE       = "public government announcement (free to cite)"
	licenceIPCC      = "IPCC: free to use with citation"
	licenceCNDefault = "public national standard and guideline defaults (GB/T 2589, NDRC guidelines); cite the source documents"
	licenceCPCD      = "CPCD: public, no explicit licence; cite CPCD and product ID"
	licenceDESNZ     = "Open Government Licence v3.0"
	licenceBoavizta  = "factors traced to UBA 2021; Boavizta code AGPL-3.0"
	licenceCited     = "no licence stated; cite the source"
)

type sourceInfo struct {
	src     footprint.Source
	licence string
}

// sources maps each non-CPCD source string of the reference to its parts.
var sources = map[string]sourceInfo{
	"MEE & NBS, Announcement on 2021 electricity CO2 emission factors (公告2024年第12号, 2024-04-12)": {footprint.Source{
		Publisher: "MEE & NBS",
		Document:  "Announcement on 2021 electricity CO2 emission factors (关于发布2021年电力二氧化碳排放因子的公告, 公告2024年第12号)",
		Date:      "2024-04-12",
		Locator:   "annex, via CPCD core-DB transcription (IDs 17100H269-308 2021C)",
	}, licenceMEE},
	"MEE & NBS, Announcement on 2022 electricity CO2 emission factors (dated 2024-12-20)": {footprint.Source{
		Publisher: "MEE & NBS",
		Document:  "Announcement on 2022 electricity CO2 emission factors (关于发布2022年电力二氧化碳排放因子的公告)",
		Date:      "2024-12-20",
		Locator:   "annex, via Beijing News coverage (2024-12-27) and CPCD core-DB transcription",
	}, licenceMEE},
	"MEE & NBS, Announcement on 2023 electricity CO2 emission factors (公告2025年第47号, 2025-12-31), annex tables 1-5": {footprint.Source{
		Publisher: "MEE & NBS",
		Document:  "Announcement on 2023 electricity CO2 emission factors (关于发布2023年电力二氧化碳排放因子的公告, 公告2025年第47号)",
		Date:      "2025-12-31",
		Locator:   "annex tables 1-5; annex copy: GitHub leo21468/CarbonCalculator data/2023.pdf",
	}, licenceMEE},
	"MEE, NBS & NEA, Announcement on 2023 electricity carbon-footprint factor data (2025-01-17); calculated with China Electricity Council": {footprint.Source{
		Publisher: "MEE, NBS & NEA",
		Document:  "Announcement on 2023 electricity carbon-footprint factor data (关于发布2023年电力碳足迹因子数据的公告); calculated with China Electricity Council",
		Date:      "2025-01-17",
		Locator:   "via CPCD transcription and nengy.net report (2025-01-24)",
	}, licenceMEE},
	"MEE, NBS & NEA, 2024 national electricity carbon-footprint factors (annex dated 2025-10; MEE page t20251024_1130734)": {footprint.Source{
		Publisher: "MEE, NBS & NEA",
		Document:  "2024 national electricity carbon-footprint factors (2024年全国电力碳足迹因子)",
		Date:      "2025-10",
		Locator:   "MEE page t20251024_1130734, annex; annex copy: GitHub leo21468/CarbonCalculator data/2024.pdf",
	}, licenceMEE},
	"IPCC 2006 Guidelines for National GHG Inventories, Vol.2 Energy, Table 2.2 default CO2 emission factors": {footprint.Source{
		Publisher: "IPCC",
		Document:  "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2 Energy",
		Date:      "2006",
		Locator:   "Table 2.2, default CO2 emission factors for stationary combustion",
	}, licenceIPCC},
	"China default parameters: NCV per GB/T 2589 综合能耗计算通则; carbon content & oxidation per NDRC 省级温室气体清单编制指南/企业温室气体核算指南 (as compiled in '各种能源折标准煤及碳排放参考系数')": {footprint.Source{
		Publisher: "SAC (GB/T 2589) & NDRC",
		Document:  "China default parameters: NCV per GB/T 2589 综合能耗计算通则; carbon content and oxidation per NDRC 省级温室气体清单编制指南 / 企业温室气体核算指南",
		Locator:   "as compiled in '各种能源折标准煤及碳排放参考系数' (book118 document)",
	}, licenceCNDefault},
	"Fraunhofer ISE 2021 PV module carbon footprint study (reported by pv magazine / PHOTON, 2021-09)": fraunhofer,
	"Fraunhofer ISE 2021 (as above)": fraunhofer,
	"IEA PVPS Task 12 fact sheet 'Environmental LCA of electricity from PV systems' (2022 update, 2021 LCI database)": {footprint.Source{
		Publisher: "IEA PVPS Task 12",
		Document:  "Fact sheet: Environmental LCA of electricity from PV systems (2022 update, 2021 LCI database)",
		Date:      "2022",
	}, licenceCited},
	"Certisolis via pv magazine France (Sept 2025) summarising CRE rules": certisolis,
	"Certisolis via pv magazine France (Sept 2025)":                       certisolis,
	"Boavizta boaviztapi factors.yml & docs (AGPL-3.0 code); underlying source UBA 'Green Cloud Computing' 2021": {footprint.Source{
		Publisher: "Boavizta",
		Document:  "boaviztapi factors and component docs; underlying source UBA 'Green Cloud Computing' (2021)",
		Locator:   "GitHub Boavizta/boaviztapi boaviztapi/data/factors.yml",
	}, licenceBoavizta},
	"UK DESNZ GHG Conversion Factors 2025 (flat file; Open Government Licence v3.0), via GitHub scope3emissiontest-oss/JulesProject defra_factors_2025_v2": {footprint.Source{
		Publisher: "UK DESNZ",
		Document:  "Greenhouse gas reporting: conversion factors 2025 (flat file)",
		Date:      "2025",
		Locator:   "copy: GitHub scope3emissiontest-oss/JulesProject defra_factors_2025_v2/",
	}, licenceDESNZ},
}

var (
	fraunhofer = sourceInfo{footprint.Source{
		Publisher: "Fraunhofer ISE",
		Document:  "PV module carbon footprint study, China/Germany/EU (2021), as reported by pv magazine and PHOTON",
		Date:      "2021-09",
	}, licenceCited}
	certisolis = sourceInfo{footprint.Source{
		Publisher: "Certisolis (summarising CRE rules)",
		Document:  "CRE tender carbon thresholds, PPE2 and PPE2_V2 methods, as reported by pv magazine France",
		Date:      "2025-09",
	}, licenceCited}
)

// CPCD sources name the database, core DB or literature data, and usually the
// product ID. The publisher is CPCD's, from factors.md §7.
const cpcdPublisher = "CPCD: CAEP (生态环境部环境规划院) carbon peak & neutrality research centre, BNU, SYSU, for the China City GHG Working Group"

var cpcdIDRe = regexp.MustCompile(`\b[0-9]{5}[A-Z][0-9]{7}[A-Z]\b`)

// cpcdIDFromNotes names the CPCD product ID of rows whose source column has
// none but whose note gives the row's own ID (other IDs in notes are of
// sibling entries and are not used).
var cpcdIDFromNotes = map[string]string{
	"FUEL-CN-NG-UPSTREAM":     "12020X0142024C",
	"FUEL-CN-DIESEL-UPSTREAM": "12010X0072024C",
	"TR-RAIL-CN":              "65129X0032024C",
	"TR-AIR-CN":               "65319X0012024C",
}

func source(r refRow) (footprint.Source, string, error) {
	if !strings.HasPrefix(r.source, "CPCD") {
		si, ok := sources[r.source]
		if !ok {
			return footprint.Source{}, "", fmt.Errorf("no source mapping for %q", r.source)
		}
		src := si.src
		if r.file == "extra.csv" {
			// Not read from the announcement by us or by the reference CSV.
			src.Locator = "value from the reference research note factors.md §1 table; check against the announcement annex"
		}
		return src, si.licence, nil
	}
	id := cpcdIDRe.FindString(r.source)
	if id == "" {
		id = cpcdIDFromNotes[r.code]
	}
	doc := "China Products Carbon Footprint Factors Database (CPCD, 中国产品全生命周期温室气体排放系数库), "
	snapshot := "data/core.csv"
	if strings.Contains(r.source, "literature") {
		doc += "literature data (文献数据)"
		snapshot = "data/Emission factors.csv"
	} else {
		doc += "core DB"
		if strings.Contains(r.source, "2024 freight entries") {
			doc += ", 2024 freight entries"
		}
	}
	loc := "snapshot: GitHub leo21468/CarbonCalculator " + snapshot
	if id != "" {
		loc = "CPCD " + id + "; " + loc
	}
	return footprint.Source{Publisher: cpcdPublisher, Document: doc, Locator: loc}, licenceCPCD, nil
}

// hsCodes assigns HS 2022 codes to factors that describe a traded product.
// Only codes we are sure of are given; docs/seed.md lists the reasons and
// the rows deliberately left without a code (display glass substrate, LFP
// cathode material, generic steel and plastics, generic board). Electricity
// factors get HS 271600 by rule (see productCodes).
var hsCodes = map[string][]string{
	"FUEL-IPCC-NG":            {"271111", "271121"}, // natural gas, liquefied / gaseous
	"FUEL-CN-NG":              {"271121"},           // per Nm³: gaseous
	"FUEL-CN-NG-UPSTREAM":     {"271121"},
	"FUEL-IPCC-DIESEL":        {"271019"}, // medium/heavy oils incl. gas oil
	"FUEL-CN-DIESEL":          {"271019"},
	"FUEL-CN-DIESEL-UPSTREAM": {"271019"},
	"FUEL-IPCC-GASOLINE":      {"271012"}, // light oils incl. motor spirit
	"FUEL-CN-GASOLINE":        {"271012"},
	"FUEL-IPCC-BITCOAL":       {"270112"}, // bituminous coal
	"FUEL-CN-RAWCOAL":         {"2701"},

	"PV-MGSI-CN":            {"280469"}, // silicon < 99.99 % Si
	"PV-GRANSI-CN":          {"280461"}, // silicon ≥ 99.99 % Si
	"PV-WAFER-MONO182":      {"381800"}, // doped wafers for electronics
	"PV-CELL-MONO182":       {"854142"}, // PV cells not in modules (HS 2022)
	"PV-CELL-PERC":          {"854142"},
	"PV-MOD-TOPCON":         {"854143"}, // PV cells assembled in modules (HS 2022)
	"PV-MOD-HJT":            {"854143"},
	"PV-MOD-PSC":            {"854143"},
	"PV-MOD-MONO-GF-CN-ISE": {"854143"},
	"PV-MOD-MONO-GG-CN-ISE": {"854143"},
	"PV-CRE-PPE2-THRESH":    {"854143"}, // the thresholds apply to modules
	"PV-CRE-PPE2V2-THRESH":  {"854143"},
	"PV-GLASS-FLOAT":        {"7005"},   // float glass in sheets
	"PV-GLASS-TEMPERED":     {"700719"}, // toughened safety glass, not for vehicles
	"PV-AL-PRIMARY-ELEC":    {"760110"}, // unwrought aluminium, not alloyed
	"PV-AL-PROFILE":         {"7604"},   // aluminium bars, rods and profiles
	"PV-AL-RECYCLED":        {"7601"},   // unwrought aluminium (alloyed or not)
	"PV-SILVER":             {"7106"},

	"ELEC-IC-DIE-CPU":       {"854231"}, // processors and controllers
	"ELEC-IC-DIE-MEM":       {"854232"}, // memories
	"ELEC-MOBO":             {"847330"}, // parts of computers (8471)
	"ELEC-PSU":              {"850440"}, // static converters
	"ELEC-BATT-LFP-PACK":    {"850760"}, // lithium-ion accumulators
	"ELEC-BATT-NCM-PACK":    {"850760"},
	"ELEC-BATT-LIION-DESNZ": {"850760"},

	"MAT-CU-CN":         {"7403"},                       // refined copper, unwrought
	"MAT-STEEL-CR":      {"7209", "721123", "721129"},   // cold-rolled non-alloy flat products, ≥600 mm and <600 mm wide
	"MAT-PP-CN":         {"390210"},                     // polypropylene, primary forms
	"MAT-PP-CTO":        {"390210"},                     //
	"MAT-PP-DESNZ":      {"390210"},                     //
	"MAT-PET-FIB-CN":    {"5402"},                       // synthetic filament yarn
	"MAT-PET-DESNZ":     {"390761", "390769"},           // PET, by viscosity number
	"MAT-PS-DESNZ":      {"390311", "390319"},           // polystyrene, expansible / other
	"MAT-PVC-DESNZ":     {"390410", "390421", "390422"}, // PVC, unmixed / non-plasticised / plasticised
	"MAT-GLASS-FLAT-CN": {"7005"},                       // Chinese flat glass is float glass

	"PKG-BOARD-CN":    {"480411", "480419", "480524", "480525"}, // kraftliner and testliner
	"PKG-CORR-BOX-CN": {"481910"},                               // corrugated cartons and boxes
}

func productCodes(code string, cat footprint.Category) ([]footprint.ProductCode, error) {
	hs := hsCodes[code]
	// Electrical energy is HS 2716.00. Transmission & distribution factors
	// describe the delivery, not the energy, and get no code.
	if cat == footprint.CategoryElectricity && !strings.Contains(code, "-TD-") {
		hs = append(hs, "271600")
	}
	var pcs []footprint.ProductCode
	for _, c := range hs {
		pc, err := footprint.ParseProductCode("HS:" + c)
		if err != nil {
			return nil, err
		}
		pcs = append(pcs, pc)
	}
	return pcs, nil
}

// Data-quality rule (PEF criteria, 1 = best … 5). This is a methodological
// choice of the seed set, not a published value; docs/seed.md states it.
//
//	P   (precision) from the reference grade: A=1, B=2, B-UK=2, C=3, D=4, E=5.
//	GR  (geography) relative to a Chengdu product: CN-SC=1; CN and its grid
//	    regions and provinces (CN-xx)=2; GLO=3; any other country or region=4.
//	TiR (time) from age = assessmentYear − reference year: ≤2→1, ≤4→2, ≤6→3,
//	    ≤10→4, else 5.
//	TeR (technology) 2 by default, 4 where the reference note calls the
//	    factor a proxy.
const assessmentYear = 2026

var precisionByGrade = map[string]int{"A": 1, "B": 2, "B-UK": 2, "C": 3, "D": 4, "E": 5}

func quality(grade, geo string, year int, notes string) (footprint.DataQuality, error) {
	p, ok := precisionByGrade[grade]
	if !ok {
		return footprint.DataQuality{}, fmt.Errorf("unknown grade %q", grade)
	}
	q := footprint.DataQuality{TeR: 2, P: p, Grade: grade}
	if strings.Contains(strings.ToLower(notes), "proxy") {
		q.TeR = 4
	}
	switch {
	case geo == "CN-SC":
		q.GR = 1
	case geo == "CN" || strings.HasPrefix(geo, "CN-"):
		q.GR = 2
	case geo == "GLO":
		q.GR = 3
	default:
		q.GR = 4
	}
	switch age := assessmentYear - year; {
	case age <= 2:
		q.TiR = 1
	case age <= 4:
		q.TiR = 2
	case age <= 6:
		q.TiR = 3
	case age <= 10:
		q.TiR = 4
	default:
		q.TiR = 5
	}
	return q, nil
}

// Package seedtest gives tests of other packages the embedded seed factor
// set and the demo studies of seed/studies, ready to calculate, so that each
// package does not build its own copy of the same fixture.
package seedtest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// StudyPath returns the path of the demo study seed/studies/<name>.json
// ("pv-module" or "laptop") in the source tree.
func StudyPath(tb testing.TB, name string) string {
	tb.Helper()
	return sourcePath(tb, "studies", name+".json")
}

// sourcePath returns the path of the file elem below seed/ in the source
// tree.
func sourcePath(tb testing.TB, elem ...string) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("seedtest: no source path")
	}
	return filepath.Join(append([]string{filepath.Dir(file), ".."}, elem...)...)
}

// Factors returns the embedded seed factors by code, each of set
// seed.SetVersion: the snapshot a study pinned to the seed set is
// calculated against.
func Factors(tb testing.TB) map[string]*footprint.Factor {
	tb.Helper()
	all, err := seed.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	factors := make(map[string]*footprint.Factor, len(all))
	for _, f := range all {
		f.Set = seed.SetVersion
		factors[f.Code] = f
	}
	return factors
}

// CPCD returns the embedded CPCD snapshot, converted (cpcd.Factors).
func CPCD(tb testing.TB) *cpcd.Import {
	tb.Helper()
	im, err := cpcd.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	return im
}

// StudyJSON returns the demo study seed/studies/<name>.json as stored.
func StudyJSON(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(StudyPath(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// StudyDoc returns the demo study seed/studies/<name>.json as a JSON
// object, for a test to edit (and encode again with MustMarshal).
func StudyDoc(tb testing.TB, name string) map[string]any {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(StudyJSON(tb, name), &doc); err != nil {
		tb.Fatal(err)
	}
	return doc
}

// CellStudyDoc returns the demo laptop study turned into the red team 18 PV
// cell (HS 854142) of manufacturer under the electronics rule: 12.2 g of
// metallurgical silicon (PV-MGSI-CN: before purification, ingot, wafer and
// cell processing), 0.05 kWh of cell-line electricity and a use stage of
// 0.001 kWh a year, about 0.17 kgCO2e per cell where the set's own factor
// of the product (PV-CELL-MONO182) is 1.59.
func CellStudyDoc(tb testing.TB, manufacturer string) map[string]any {
	tb.Helper()
	doc := StudyDoc(tb, "laptop")
	doc["title"] = "Mono-Si solar cell M10"
	doc["product"] = map[string]any{
		"name": "Mono-Si solar cell M10 182 mm", "name_zh": "单晶硅太阳能电池片 M10", "model": "CELL-M10", "manufacturer": manufacturer,
		"site": "Meishan, Sichuan", "product_codes": []string{"HS:854142"}, "mass_kg": 0.0122,
		"use": map[string]any{"annual_kwh": 0.001, "lifetime_years": 1, "country": "CN", "factor": "ELEC-CN-NAT-CF-2024"},
	}
	delete(doc, "assemblies")
	doc["bom"] = []any{map[string]any{"name": "Silicon", "quantity": 0.0122, "unit": "kg", "factor": "PV-MGSI-CN", "stage": "raw-materials"}}
	doc["electricity"] = []any{map[string]any{"name": "cell line", "quantity": 0.05, "unit": "kWh", "stage": "production", "factor": "ELEC-CN-NAT-CF-2024"}}
	doc["transport"] = []any{map[string]any{"name": "to the module maker", "mass": map[string]any{"value": 0.0122, "unit": "kg"},
		"distance": map[string]any{"value": 100, "unit": "km"}, "mode": "road", "factor": "TR-ROAD-DIESEL-LIGHT", "stage": "distribution"}}
	doc["end_of_life"] = []any{map[string]any{"name": "with the module", "quantity": 0.0122, "unit": "kg", "treatment": "incineration", "factor": "EOL-MSW-INCIN-CN"}}
	return doc
}

// MustMarshal returns the JSON of v, such as a StudyDoc a test edited.
func MustMarshal(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Study parses the demo study seed/studies/<name>.json.
func Study(tb testing.TB, name string) *footprint.Study {
	tb.Helper()
	s, err := footprint.ParseStudyJSON(bytes.NewReader(StudyJSON(tb, name)))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Calculated parses the demo study name, lets mutate (if not nil) change
// its input, and calculates it against Factors, as StudyService.CreateStudy
// would; the study's Result is set.
func Calculated(tb testing.TB, name string, mutate func(*footprint.Study)) *footprint.Study {
	tb.Helper()
	s := Study(tb, name)
	if mutate != nil {
		mutate(s)
	}
	var err error
	if s.Result, err = footprint.Calculate(s, Factors(tb), nil); err != nil {
		tb.Fatal(err)
	}
	return s
}

// ModuleWithFrame calculates the demo PV module with its frame line
// (bom[0].children[1]) taken from the supplier footprint sp, and the same
// module on its factors (honest); in both the encapsulant and backsheet
// are counted (MAT-PLASTIC-AVG-DESNZ), so that the cut-off holds whatever
// the frame's figure, as red team 18 did.
func ModuleWithFrame(tb testing.TB, sp *footprint.SupplierFootprint) (honest, with *footprint.Result) {
	tb.Helper()
	plastics := func(s *footprint.Study) {
		for _, c := range s.BOM[0].Children[2:4] { // encapsulant, backsheet
			c.Exempt, c.Factor = nil, "MAT-PLASTIC-AVG-DESNZ"
		}
	}
	honest = Calculated(tb, "pv-module", plastics).Result
	s := Study(tb, "pv-module")
	plastics(s)
	s.BOM[0].Children[1].Factor, s.BOM[0].Children[1].Supplier = "", sp.ID
	with, err := footprint.Calculate(s, Factors(tb), map[string]*footprint.SupplierFootprint{sp.ID: sp})
	if err != nil {
		tb.Fatal(err)
	}
	return honest, with
}

// Stored is Calculated with the study ID id and the demo manufacturer as
// owner, as the study store keeps a demo study.
func Stored(tb testing.TB, name, id string, mutate func(*footprint.Study)) *footprint.Study {
	tb.Helper()
	s := Calculated(tb, name, mutate)
	s.ID, s.Owner = id, "Demo Module Co."
	return s
}

// PinToCPCDYunnan makes doc, a demo PV module study as JSON decodes it,
// one made at a supplier site in Yunnan and pinned to the CPCD set: CPCD
// PERC cells (core database, grade C), glass and aluminium (literature,
// grade D) in bom[0..2], road freight (core, grade C), and the site's
// electricity from Yunnan's CPCD life-cycle grid factor (2020, literature,
// grade D).
func PinToCPCDYunnan(doc map[string]any) {
	doc["factor_set"] = cpcd.SetVersion
	doc["product"].(map[string]any)["site"] = "supplier site, Yunnan (CN-YN)"
	doc["product"].(map[string]any)["site_region"] = "CN-YN" // a provincial grid needs it (red team 51)
	doc["bom"] = []any{
		map[string]any{"name": "PERC cells", "quantity": 0.4336, "unit": "kWp", "stage": "A1", "factor": "CPCD-46410X0212023C"},
		map[string]any{"name": "Front glass", "quantity": 20.36, "unit": "kg", "stage": "A1", "factor": "CPCD-37112X0012018C"},
		map[string]any{"name": "Aluminium frame", "quantity": 3.12, "unit": "kg", "stage": "A1", "factor": "CPCD-41532X0012012A"},
	}
	doc["electricity"] = []any{
		map[string]any{"name": "Module production electricity", "quantity": 6.483, "unit": "kWh", "stage": "B2", "factor": "CPCD-17100H1562020A", "geography": "CN-YN"},
	}
	doc["transport"] = []any{
		map[string]any{"name": "Glass by heavy diesel truck", "mass": map[string]any{"value": 20.36, "unit": "kg"}, "distance": map[string]any{"value": 1500, "unit": "km"},
			"mode": "road", "factor": "CPCD-65119X0142019C", "stage": "A3"},
	}
}

// FlaggedPV returns seven PV generation factors made from the seed's
// ELEC-CN-GEN-PV-CF-2024 with test values: PV-TEST-0 to PV-TEST-5 from
// 0.02 to 0.05 kgCO2e/kWh, and PV-TEST-BAD at 2,223.29, CPCD's known-bad
// value (shared/reference/cpcd/SOURCE.txt), which the plausibility check
// flags.
func FlaggedPV(tb testing.TB) []*footprint.Factor {
	tb.Helper()
	pv, ok := Factors(tb)["ELEC-CN-GEN-PV-CF-2024"]
	if !ok {
		tb.Fatal("seedtest: no PV generation factor in the seed")
	}
	var out []*footprint.Factor
	for i, v := range []float64{0.02, 0.03, 0.035, 0.04, 0.045, 0.05, 2223.29} {
		f := *pv
		f.Code, f.Value = fmt.Sprintf("PV-TEST-%d", i), v
		if i == 6 {
			f.Code = "PV-TEST-BAD"
		}
		out = append(out, &f)
	}
	return out
}

// SyntheticFactorsCSV returns a factor file of n rows made from the seed
// set's real rows (seed/data/factors.csv), cycled, each with its code
// changed to CODE-SYN000123, no superseded_by (which would name a code not
// in the file) and a superseded status made deprecated: realistic row sizes
// and content, but no invented factor. bad, if not nil, may change the
// cells of row i (0-based) before it is written.
func SyntheticFactorsCSV(tb testing.TB, n int, bad func(i int, row map[string]string)) []byte {
	tb.Helper()
	f, err := os.Open(sourcePath(tb, "data", "factors.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	header, rows := recs[0], recs[1:]
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	row := map[string]string{}
	rec := make([]string, len(header))
	for i := range n {
		for j, h := range header {
			row[h] = rows[i%len(rows)][j]
		}
		row["code"] = fmt.Sprintf("%s-SYN%06d", row["code"], i)
		row["superseded_by"] = ""
		if row["status"] == "superseded" {
			row["status"] = "deprecated"
		}
		if bad != nil {
			bad(i, row)
		}
		for j, h := range header {
			rec[j] = row[h]
		}
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

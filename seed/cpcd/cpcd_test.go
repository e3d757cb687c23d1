package cpcd_test

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// mustFactors converts the embedded snapshot.
func mustFactors(tb testing.TB) (*cpcd.Import, map[string]*footprint.Factor) {
	tb.Helper()
	im := seedtest.CPCD(tb)
	byCode := make(map[string]*footprint.Factor, len(im.Factors))
	for _, f := range im.Factors {
		byCode[f.Code] = f
	}
	return im, byCode
}

// Ensure the vendored snapshot is the reference file byte for byte, so the
// published set is the snapshot SOURCE.txt describes.
func TestSnapshot_IsReference(t *testing.T) {
	ref, err := os.ReadFile("../../../shared/reference/cpcd/cpcd_catalog.csv")
	if os.IsNotExist(err) {
		t.Skip("no ../shared reference in this checkout")
	}
	if err != nil {
		t.Fatal(err)
	}
	vendored := footprinttest.ReadFile(t, "data/cpcd_catalog.csv") // the file go:embed compiles in
	if !bytes.Equal(ref, vendored) {
		t.Fatal("seed/cpcd/data/cpcd_catalog.csv differs from ../shared/reference/cpcd/cpcd_catalog.csv")
	}
}

// Ensure the report accounts for every one of the snapshot's 4,290 rows:
// imported, merged as a duplicate (the 15 IDs that appear twice with the
// same fields) or refused with a reason (the one row whose activity unit is
// kgCO2e), and that every imported row is a valid factor whose code is
// "CPCD-" + its ID.
func TestFactors_ReportAccountsForEveryRow(t *testing.T) {
	im, byCode := mustFactors(t)
	if len(im.Report) != 4290 {
		t.Fatalf("report has %d rows, want 4290", len(im.Report))
	}
	imported, merged, refused := im.Counts()
	if imported != 4274 || merged != 15 || refused != 1 {
		t.Errorf("imported %d, merged %d, refused %d; want 4274, 15, 1", imported, merged, refused)
	}
	if len(im.Factors) != imported {
		t.Errorf("%d factors for %d imported rows", len(im.Factors), imported)
	}
	for i, r := range im.Report {
		if r.Line != i+2 {
			t.Fatalf("report row %d is line %d, want %d", i, r.Line, i+2)
		}
		switch r.Outcome {
		case cpcd.OutcomeImported, cpcd.OutcomeMerged:
			if f := byCode[r.Code]; f == nil || r.Code != "CPCD-"+r.ID {
				t.Errorf("line %d (%s): code %q is not an imported factor", r.Line, r.ID, r.Code)
			}
			if r.Outcome == cpcd.OutcomeMerged && !strings.HasPrefix(r.Reason, "same ID and fields as line ") {
				t.Errorf("line %d: merged with reason %q", r.Line, r.Reason)
			}
		case cpcd.OutcomeRefused:
			if r.Reason == "" || r.Code != "" {
				t.Errorf("line %d: refused with reason %q, code %q", r.Line, r.Reason, r.Code)
			}
			if r.ID != "48253X0012022B" || !strings.Contains(r.Reason, `unit "kgCO2e"`) {
				t.Errorf("line %d (%s) refused: %s", r.Line, r.ID, r.Reason)
			}
		default:
			t.Errorf("line %d: outcome %q", r.Line, r.Outcome)
		}
	}
	for _, f := range im.Factors {
		if err := f.Validate(); err != nil {
			t.Errorf("%s: %v", f.Code, err)
		}
	}
}

// Ensure a row keeps what CPCD says, as written: value, unit, ID as the
// source locator, year, boundary, name, and its data type as a grade (core
// database C, literature D: the legend of reference/factors.md).
func TestFactors_KeepEveryField(t *testing.T) {
	_, byCode := mustFactors(t)
	for _, tt := range []struct {
		code     string
		value    float64
		unit     string
		boundary footprint.Boundary
		year     int
		grade    string
		name     string
	}{
		{"CPCD-01131X0032016C", 4555.52, "kgCO2e/t", footprint.BoundaryCradleToGrave, 2016, "C", "大米-湖北赤壁"},
		{"CPCD-65125X0012018C", 0.008, "kgCO2e/t·km", footprint.BoundaryGateToGate, 2018, "C", "铁路（综合货运）"},
		{"CPCD-64210X0242018C", 0.027, "kgCO2e/p·km", footprint.BoundaryGateToGate, 2018, "C", "铁路（综合客运）"},
		{"CPCD-64111X0082023C", 43.14, "gCO2e/p·km", footprint.BoundaryGateToGrave, 2023, "C", "城市轨道交通（地铁）的实际人公里碳排放因子"},
		{"CPCD-46410X0212023C", 469.25, "kgCO2e/kWp", footprint.BoundaryCradleToGate, 2023, "C", "PERC 太阳电池"},
		{"CPCD-41532X0012012A", 15.8, "tCO2e/t", footprint.BoundaryCradleToGate, 2012, "D", "铝型材"},
		{"CPCD-63290X0012024C", 66.52, "kgCO2e/晚", footprint.BoundaryGateToGrave, 2024, "C", "国内住宿差旅-基于消费数量核算"},
		{"CPCD-17100D0012015A", 0.009474, "kgCO2e/kWh", footprint.BoundaryCradleToGrave, 2015, "D", "1.5ＭＷ风力机组发电"},
	} {
		f := byCode[tt.code]
		if f == nil {
			t.Errorf("%s missing", tt.code)
			continue
		}
		id := strings.TrimPrefix(tt.code, "CPCD-")
		if f.Value != tt.value || f.Unit.String() != tt.unit || f.Boundary != tt.boundary || f.Year != tt.year ||
			f.Quality.Grade != tt.grade || f.NameZH != tt.name || !strings.HasPrefix(f.Source.Locator, "CPCD "+id+";") {
			t.Errorf("%s = %g %s %s %d grade %s %q, locator %q", tt.code, f.Value, f.Unit, f.Boundary, f.Year, f.Quality.Grade, f.NameZH, f.Source.Locator)
		}
	}
}

// Ensure the first five digits of the ID become the factor's CPC code, and
// the category follows it.
func TestFactors_Classification(t *testing.T) {
	_, byCode := mustFactors(t)
	for _, tt := range []struct {
		code     string
		cpc      string
		category footprint.Category
	}{
		{"CPCD-01131X0032016C", "01131", footprint.CategoryMaterial},
		{"CPCD-12010X0072024C", "12010", footprint.CategoryFuel},
		{"CPCD-33360X0012022C", "33360", footprint.CategoryFuel},
		{"CPCD-17100H3502023C", "17100", footprint.CategoryElectricity},
		{"CPCD-17100G0012022A", "17100", footprint.CategoryProduct}, // a storage system per 套: not electricity
		{"CPCD-65119X0082019C", "65119", footprint.CategoryTransport},
		{"CPCD-94311X0002022C", "94311", footprint.CategoryEndOfLife},
		{"CPCD-41532X0012012A", "41532", footprint.CategoryMaterial},
		{"CPCD-46410X0212023C", "46410", footprint.CategoryProduct},
	} {
		f := byCode[tt.code]
		if f == nil {
			t.Errorf("%s missing", tt.code)
			continue
		}
		want := []footprint.ProductCode{{Scheme: "CPC", Code: tt.cpc}}
		if len(f.ProductCodes) != 1 || f.ProductCodes[0] != want[0] || f.Category != tt.category {
			t.Errorf("%s: codes %v, category %s; want %v, %s", tt.code, f.ProductCodes, f.Category, want, tt.category)
		}
	}
}

// Ensure the provincial electricity factors of both families get their
// basis, role and province: the life-cycle 碳足迹 grid factors are grid-mix
// CO2e factors of their province (Yunnan, Inner Mongolia), the MEE CO2-only
// factors are CO2 grid-co2 factors though CPCD writes kgCO2e, and a grid
// factor that names neither family has no slot.
func TestFactors_ElectricityRoles(t *testing.T) {
	_, byCode := mustFactors(t)
	for _, tt := range []struct {
		code     string
		role     footprint.ElectricityRole
		basis    footprint.GHGBasis
		geo      string
		boundary footprint.Boundary
		value    float64
		unit     string
	}{
		{"CPCD-17100H1562020A", footprint.ElectricityRoleGridMix, footprint.BasisCO2e, "CN-YN", footprint.BoundaryLifeCycle, 0.1764, "tCO2e/MWh"},
		{"CPCD-17100H1852020A", footprint.ElectricityRoleGridMix, footprint.BasisCO2e, "CN-NM", footprint.BoundaryLifeCycle, 1.1621, "tCO2e/MWh"},
		{"CPCD-17100H1682020A", footprint.ElectricityRoleGridMix, footprint.BasisCO2e, "CN-SC", footprint.BoundaryLifeCycle, 0.1533, "tCO2e/MWh"},
		{"CPCD-17100H1502020A", footprint.ElectricityRoleGridMix, footprint.BasisCO2e, "CN-S", footprint.BoundaryLifeCycle, 0.4701, "tCO2e/MWh"},
		{"CPCD-17100H3732024C", footprint.ElectricityRoleGridMix, footprint.BasisCO2e, "CN", footprint.BoundaryLifeCycle, 0.5777, "kgCO2e/kWh"},
		{"CPCD-17100H3012021C", footprint.ElectricityRoleGridCO2, footprint.BasisCO2, "CN-YN", footprint.BoundaryCradleToGate, 0.1235, "kgCO2/kWh"},
		{"CPCD-17100H4152023C", footprint.ElectricityRoleGridCO2, footprint.BasisCO2, "CN-SC", footprint.BoundaryGateToGate, 0.1564, "kgCO2/kWh"},
		{"CPCD-17100H3972023C", footprint.ElectricityRoleGridCO2, footprint.BasisCO2, "CN-NM", footprint.BoundaryGateToGate, 0.6479, "kgCO2/kWh"},
		{"CPCD-17100H3922023C", footprint.ElectricityRoleGridCO2, footprint.BasisCO2, "CN-SW", footprint.BoundaryCradleToGate, 0.2472, "kgCO2/kWh"},
		{"CPCD-17100H3562023C", footprint.GenerationRole("pv"), footprint.BasisCO2e, "CN", footprint.BoundaryLifeCycle, 0.0545, "kgCO2e/kWh"},
		{"CPCD-17100H3752024C", footprint.GenerationRole("coal"), footprint.BasisCO2e, "CN", footprint.BoundaryLifeCycle, 0.924, "kgCO2e/kWh"},
		{"CPCD-17100H3842024C", footprint.ElectricityRoleTD, footprint.BasisCO2e, "CN", footprint.BoundaryLifeCycle, 0.0327, "kgCO2e/kWh"},
		{"CPCD-17100H3832024C", footprint.ElectricityRoleTDExclLosses, footprint.BasisCO2e, "CN", footprint.BoundaryLifeCycle, 0.0046, "kgCO2e/kWh"},
		{"CPCD-17100H3592023C", footprint.ElectricityRoleTDExclLosses, footprint.BasisCO2e, "CN", footprint.BoundaryLifeCycle, 0.0036, "kgCO2e/kWh"},
		{"CPCD-17100H2042020A", footprint.ElectricityRoleNone, footprint.BasisCO2e, "CN-SC", footprint.BoundaryCradleToGate, 0.1232, "tCO2e/MWh"}, // 电网排放因子: family not stated
		{"CPCD-17100G0522019A", footprint.ElectricityRoleNone, footprint.BasisCO2e, "CN-YN", footprint.BoundaryCradleToGate, 0.1155, "tCO2e/MWh"},
		{"CPCD-17100H3092023C", footprint.ElectricityRoleNone, footprint.BasisCO2e, "CN-N", footprint.BoundaryGateToGate, 0.935, "tCO2e/MWh"}, // CDM baseline OM
		{"CPCD-17100A0042020A", footprint.ElectricityRoleNone, footprint.BasisCO2e, "CN-TW", footprint.BoundaryCradleToGate, 0.59, "kgCO2e/kWh"},
		{"CPCD-17100D0012015A", footprint.ElectricityRoleNone, footprint.BasisCO2e, "CN", footprint.BoundaryCradleToGrave, 0.009474, "kgCO2e/kWh"},
	} {
		f := byCode[tt.code]
		if f == nil {
			t.Errorf("%s missing", tt.code)
			continue
		}
		if f.Category != footprint.CategoryElectricity || f.ElectricityRole != tt.role || f.Unit.Basis != tt.basis || f.Geography != tt.geo ||
			f.Boundary != tt.boundary || f.Value != tt.value || f.Unit.String() != tt.unit {
			t.Errorf("%s (%s): %s %s %s %s %g %s; want %s %s %s %s %g %s", tt.code, f.NameZH,
				f.ElectricityRole, f.Unit.Basis, f.Geography, f.Boundary, f.Value, f.Unit,
				tt.role, tt.basis, tt.geo, tt.boundary, tt.value, tt.unit)
		}
	}
	// Every electricity factor has a role, and only electricity factors.
	roles := map[footprint.ElectricityRole]int{}
	for _, f := range byCode {
		if (f.Category == footprint.CategoryElectricity) != (f.ElectricityRole != "") {
			t.Errorf("%s: category %s, role %q", f.Code, f.Category, f.ElectricityRole)
		}
		roles[f.ElectricityRole]++
	}
	// 30 provinces and 6 grid regions with a 2020 life-cycle grid factor,
	// and the national 2023 and 2024 factors; the MEE CO2 factors of
	// 2021-2023 (national, residual, fossil, regions, provinces).
	if roles[footprint.ElectricityRoleGridMix] != 38 || roles[footprint.ElectricityRoleGridCO2] != 120 {
		t.Errorf("grid-mix %d, grid-co2 %d; want 38, 120", roles[footprint.ElectricityRoleGridMix], roles[footprint.ElectricityRoleGridCO2])
	}
}

// Ensure rows that cannot be imported as written are refused with the
// reason, rows repeated field for field are merged, and two rows under one
// ID that disagree are both refused: none is guessed.
func TestConvert_Refusals(t *testing.T) {
	head := "\ufeff产品ID,产品名称,核算边界,碳足迹,企业名称,数据年份,数据类型,是否低碳\n"
	rows := []string{
		"01131X0032016C,大米,摇篮到坟墓,4555.52kgCO2e / 公吨,-,2016,核心数据库,否", // 2 imported
		"01131X0032016C,大米,摇篮到坟墓,4555.52kgCO2e / 公吨,-,2016,核心数据库,否", // 3 merged
		"02000X0012020A,甲,摇篮到大门,1.5kgCO2e / 千克,-,2020,文献数据,否",       // 4 contradicts 5
		"02000X0012020A,甲,摇篮到大门,2.5kgCO2e / 千克,-,2020,文献数据,否",       // 5
		"03000X0012020A,乙,摇篮到大门,约1.5kgCO2e / 千克,-,2020,文献数据,否",      // 6 unparseable value
		"03000X0022020A,丙,摇篮到大门,1.5kgCO2e / 斤,-,2020,文献数据,否",        // 7 unknown unit
		"03000X0032020A,丁,摇篮到大门,\"1,5kgCO2e / 千克\",-,2020,文献数据,否",   // 8 comma
		"03000X0042020A,戊,坟墓到坟墓,1.5kgCO2e / 千克,-,2020,文献数据,否",       // 9 boundary
		"03000X0052020A,己,摇篮到大门,1.5kgCO2e / 千克,-,二〇二〇,文献数据,否",       // 10 year
		"03000X0062020A,庚,摇篮到大门,1.5kgCO2e / 千克,-,2020,估算,否",         // 11 data type
		"ABC,辛,摇篮到大门,1.5kgCO2e / 千克,-,2020,文献数据,否",                  // 12 ID
		"03000X0072020A,壬,摇篮到大门,１.５ｋｇCO2e / 千克,-,2020,文献数据,是",       // 13 full width: imported
		"03000X0082020A,癸,摇篮到大门,1e400kgCO2e / 千克,-,2020,文献数据,否",     // 14 not finite
	}
	im, err := cpcd.Convert(strings.NewReader(head+strings.Join(rows, "\n")+"\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ outcome, reason string }{
		{cpcd.OutcomeImported, ""},
		{cpcd.OutcomeMerged, "same ID and fields as line 2"},
		{cpcd.OutcomeRefused, "contradictory duplicate: ID 02000X0012020A is on line 5"},
		{cpcd.OutcomeRefused, "contradictory duplicate: ID 02000X0012020A is on line 4"},
		{cpcd.OutcomeRefused, "want <number><kg|g|t>CO2e / <unit>"},
		{cpcd.OutcomeRefused, `unit "斤"`},
		{cpcd.OutcomeRefused, "a comma in the number"},
		{cpcd.OutcomeRefused, `boundary "坟墓到坟墓"`},
		{cpcd.OutcomeRefused, `year "二〇二〇"`},
		{cpcd.OutcomeRefused, `data type "估算"`},
		{cpcd.OutcomeRefused, `product ID "ABC"`},
		{cpcd.OutcomeImported, ""},
		{cpcd.OutcomeRefused, "not a finite number"},
	}
	if len(im.Report) != len(want) {
		t.Fatalf("%d report rows, want %d", len(im.Report), len(want))
	}
	for i, w := range want {
		r := im.Report[i]
		if r.Line != i+2 || r.Outcome != w.outcome || !strings.Contains(r.Reason, w.reason) {
			t.Errorf("line %d: %s %q; want line %d %s %q", r.Line, r.Outcome, r.Reason, i+2, w.outcome, w.reason)
		}
	}
	if len(im.Factors) != 2 || im.Factors[0].Code != "CPCD-01131X0032016C" || im.Factors[1].Value != 1.5 ||
		!strings.Contains(im.Factors[1].Notes, "low-carbon") {
		t.Errorf("factors: %v", im.Factors)
	}

	// A file that is not a CPCD catalog is an error naming the file.
	if _, err := cpcd.Convert(strings.NewReader("code,value\n"), "x.csv"); footprint.ErrorCode(err) != footprint.EINVALID ||
		!strings.Contains(footprint.ErrorMessage(err), "x.csv:1") {
		t.Errorf("wrong header: %v", err)
	}
	if _, err := cpcd.Convert(strings.NewReader(head+"a,b\n"), "y.csv"); footprint.ErrorCode(err) != footprint.EINVALID ||
		!strings.Contains(footprint.ErrorMessage(err), "y.csv:2") {
		t.Errorf("short line: %v", err)
	}
}

// Ensure a freight factor gets a transport mode only where its CPC class
// and its name agree, so that a leg of one mode never takes a factor of
// another: locomotives that CPCD files under road freight, passenger
// ferries under sea freight and a truck under pipelines get none.
func TestFactors_TransportModes(t *testing.T) {
	im, byCode := mustFactors(t)
	for code, mode := range map[string]string{
		"CPCD-65119X0142019C": footprint.ModeRoad,           // 重型柴油货车运输(载重 18t), 6511
		"CPCD-65125X0012018C": footprint.ModeRail,           // 铁路（综合货运）, 6512
		"CPCD-65212X0012019C": footprint.ModeSea,            // 液货船运输(载重 2000t), 6521
		"CPCD-65229X0012019C": footprint.ModeInlandWaterway, // 干散货船运输(载重 2500t), 6522
		"CPCD-65117X0122019C": "",                           // 内燃机车运输: a locomotive, filed under road
		"CPCD-65119X0172019C": "",                           // 电力机车运输: likewise
		"CPCD-64210X0242018C": "",                           // passenger rail, per p·km
	} {
		f := byCode[code]
		if f == nil {
			t.Errorf("%s missing", code)
			continue
		}
		if f.TransportMode != mode {
			t.Errorf("%s (%s): mode %q, want %q", code, f.NameZH, f.TransportMode, mode)
		}
	}
	modes := map[string]int{}
	for _, f := range im.Factors {
		if f.TransportMode != "" {
			modes[f.TransportMode]++
			if f.Category != footprint.CategoryTransport || f.Unit.Per.Dim != footprint.DimTransportWork {
				t.Errorf("%s: mode %s on a %s factor per %s", f.Code, f.TransportMode, f.Category, f.Unit.Per)
			}
		}
		if strings.Contains(f.NameZH, "渡船") || strings.Contains(f.NameZH, "游艇") || strings.Contains(f.NameZH, "机车运输") {
			if f.TransportMode != "" {
				t.Errorf("%s (%s): mode %s", f.Code, f.NameZH, f.TransportMode)
			}
		}
	}
	want := map[string]int{footprint.ModeRoad: 57, footprint.ModeRail: 5, footprint.ModeSea: 66, footprint.ModeInlandWaterway: 9, footprint.ModeAir: 9}
	for m, n := range want {
		if modes[m] != n {
			t.Errorf("%d factors of mode %s, want %d", modes[m], m, n)
		}
	}
}

// Ensure the committed import report (docs/cpcd-import-report.csv) is what
// the import of the embedded snapshot reports. Regenerate it with
// `go run ./cmd/pcf factors cpcd --report docs/cpcd-import-report.csv`.
func TestReport_UpToDate(t *testing.T) {
	im, _ := mustFactors(t)
	var buf bytes.Buffer
	if err := cpcd.WriteReportCSV(&buf, im.Report); err != nil {
		t.Fatal(err)
	}
	committed := footprinttest.ReadFile(t, "../../docs/cpcd-import-report.csv")
	if !bytes.Equal(committed, buf.Bytes()) {
		t.Fatal("docs/cpcd-import-report.csv is out of date: go run ./cmd/pcf factors cpcd --report docs/cpcd-import-report.csv")
	}
}

// Ensure the imported factors survive the factor CSV (what `pcf factors
// cpcd -o` writes and `pcf factors import` reads) unchanged: every new unit
// spelling, boundary, role and CPC code has a canonical text that parses
// back to the same factor.
func TestFactors_FactorCSVRoundTrip(t *testing.T) {
	im, _ := mustFactors(t)
	back, _ := footprinttest.FactorsCSVRoundTrip(t, im.Factors)
	if len(back) != len(im.Factors) {
		t.Fatalf("%d factors read back, want %d", len(back), len(im.Factors))
	}
	for i, f := range back {
		if !reflect.DeepEqual(f, im.Factors[i]) {
			t.Fatalf("%s read back as\n%+v\nwant\n%+v", f.Code, f, im.Factors[i])
		}
	}
}

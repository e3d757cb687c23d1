package tabular_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// goodRow returns a valid factor row by column name.
func goodRow(code string) map[string]string {
	return map[string]string{
		"code":             code,
		"name_zh":          "四川省电力平均二氧化碳排放因子",
		"name_en":          "Sichuan provincial average electricity CO2 factor",
		"category":         "electricity",
		"value":            "0.1564",
		"unit":             "kgCO2/kWh",
		"boundary":         "combustion",
		"geography":        "CN-SC",
		"year":             "2023",
		"product_codes":    "HS:271600",
		"source_publisher": "MEE & NBS",
		"source_document":  "Announcement on 2023 electricity CO2 emission factors",
		"source_date":      "2025-12-31",
		"grade":            "A",
		"dq_ter":           "2",
		"dq_gr":            "1",
		"dq_tir":           "2",
		"dq_p":             "1",
		"status":           "active",
	}
}

// csvFile renders a header (all columns) and rows as CSV text.
func csvFile(tb testing.TB, rows ...map[string]string) string {
	tb.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(tabular.FactorColumns); err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		rec := make([]string, len(tabular.FactorColumns))
		for i, c := range tabular.FactorColumns {
			rec[i] = r[c]
		}
		if err := w.Write(rec); err != nil {
			tb.Fatal(err)
		}
	}
	w.Flush()
	return buf.String()
}

func with(r map[string]string, kv ...string) map[string]string {
	for i := 0; i < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	return r
}

// checkRoundTrip reports factors that WriteFactorsCSV and ReadFactorsCSV
// do not give back unchanged.
func checkRoundTrip(t *testing.T, factors []*footprint.Factor) {
	t.Helper()
	if again, _ := footprinttest.FactorsCSVRoundTrip(t, factors); !reflect.DeepEqual(again, factors) {
		t.Errorf("round trip changed the factors")
	}
}

func TestReadFactorsCSV_OK(t *testing.T) {
	// Ensure a valid file parses into factors with every column mapped.
	in := csvFile(t, goodRow("ELEC-CN-SC-CO2-2023"), with(goodRow("X-2"), "product_codes", "HS:854142; 8541 ;CNPC:3825", "dq_ter", "", "status", ""))
	got, err := tabular.ReadFactorsCSV(strings.NewReader(in), "factors.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []*footprint.Factor{{
		Code:         "ELEC-CN-SC-CO2-2023",
		NameZH:       "四川省电力平均二氧化碳排放因子",
		NameEN:       "Sichuan provincial average electricity CO2 factor",
		Category:     footprint.CategoryElectricity,
		Value:        0.1564,
		Unit:         footprinttest.FactorUnit(t, "kgCO2/kWh"),
		Boundary:     footprint.BoundaryCombustion,
		Geography:    "CN-SC",
		Year:         2023,
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "271600"}},
		Source:       footprint.Source{Publisher: "MEE & NBS", Document: "Announcement on 2023 electricity CO2 emission factors", Date: "2025-12-31"},
		Quality:      footprint.DataQuality{TeR: 2, GR: 1, TiR: 2, P: 1, Grade: "A"},
		Status:       footprint.StatusActive,
	}}
	second := *want[0]
	second.Code = "X-2"
	second.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "854142"}, {Scheme: "HS", Code: "8541"}, {Scheme: "CNPC", Code: "3825"}}
	second.Quality.TeR = 0
	want = append(want, &second)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%#v\nwant\n%#v", got, want)
	}
}

func TestReadFactorsCSV_BadRow(t *testing.T) {
	// Ensure each kind of bad row is reported with its file, line and column,
	// as EINVALID, and that no factors are returned.
	for _, tt := range []struct {
		name      string
		in        string
		wantField string // footprint.ErrorField of the error
		wantLine  string // the first line of err.Error()
	}{
		{
			name:      "BadNumber",
			in:        csvFile(t, goodRow("A"), with(goodRow("B"), "value", "x")),
			wantField: "factors.csv:3:value",
			wantLine:  `factors.csv:3: value: invalid number "x"`,
		},
		{
			name:      "MissingValue",
			in:        csvFile(t, with(goodRow("A"), "value", " ")),
			wantField: "factors.csv:2:value",
			wantLine:  `factors.csv:2: value: value is required`,
		},
		{
			name:      "UnknownUnit",
			in:        csvFile(t, goodRow("A"), with(goodRow("B"), "unit", "kgCO2e/furlong")),
			wantField: "factors.csv:3:unit",
			wantLine:  `factors.csv:3: unit: factor unit "kgCO2e/furlong": unknown activity unit "furlong"`,
		},
		{
			name:      "UnknownCategory",
			in:        csvFile(t, with(goodRow("A"), "category", "widget")),
			wantField: "factors.csv:2:category",
			wantLine:  `factors.csv:2: category: unknown category "widget"`,
		},
		{
			name:      "BadYear",
			in:        csvFile(t, goodRow("A"), goodRow("B"), with(goodRow("C"), "year", "20x3")),
			wantField: "factors.csv:4:year",
			wantLine:  `factors.csv:4: year: invalid year "20x3"`,
		},
		{
			name:      "YearOutOfRange",
			in:        csvFile(t, with(goodRow("A"), "year", "1850")),
			wantField: "factors.csv:2:year",
			wantLine:  `factors.csv:2: year: year 1850 out of range 1900-2100`,
		},
		{
			name:      "MissingSource",
			in:        csvFile(t, with(goodRow("A"), "source_publisher", "", "source_document", "")),
			wantField: "factors.csv:2:source_publisher",
			wantLine:  `factors.csv:2: source_publisher: a source (publisher or document) is required`,
		},
		{
			name:      "BadProductCode",
			in:        csvFile(t, with(goodRow("A"), "product_codes", "HS:854142;HS:85A1")),
			wantField: "factors.csv:2:product_codes",
			wantLine:  `factors.csv:2: product_codes: product code "HS:85A1": want 2 to 12 digits`,
		},
		{
			name:      "UnknownProductCodeScheme",
			in:        csvFile(t, with(goodRow("A"), "product_codes", "XX:8541")),
			wantField: "factors.csv:2:product_codes",
			wantLine:  `factors.csv:2: product_codes: product code "XX:8541": unknown scheme "XX" (want one of HS, CNPC, CPC)`,
		},
		{
			name:      "SupersededWithoutSupersededBy",
			in:        csvFile(t, with(goodRow("A"), "status", "superseded")),
			wantField: "factors.csv:2:superseded_by",
			wantLine:  `factors.csv:2: superseded_by: a superseded factor must name the factor that replaces it`,
		},
		{
			name:      "UnknownStatus",
			in:        csvFile(t, with(goodRow("A"), "status", "retired")),
			wantField: "factors.csv:2:status",
			wantLine:  `factors.csv:2: status: unknown status "retired"`,
		},
		{
			name:      "BadCode",
			in:        csvFile(t, goodRow("elec lower")),
			wantField: "factors.csv:2:code",
			wantLine:  `factors.csv:2: code: invalid factor code "elec lower" (upper-case letters, digits, '.', '_', '-')`,
		},
		{
			name:      "BadQualityScore",
			in:        csvFile(t, with(goodRow("A"), "dq_gr", "two")),
			wantField: "factors.csv:2:dq_gr",
			wantLine:  `factors.csv:2: dq_gr: invalid integer "two"`,
		},
		{
			name:      "QualityScoreOutOfRange",
			in:        csvFile(t, with(goodRow("A"), "dq_tir", "6")),
			wantField: "factors.csv:2:dq_tir",
			wantLine:  `factors.csv:2: dq_tir: data-quality score 6 out of range 1-5 (0 = unrated)`,
		},
		{
			name:      "BadUncertainty",
			in:        csvFile(t, with(goodRow("A"), "uncertainty_pct", "10%")),
			wantField: "factors.csv:2:uncertainty_pct",
			wantLine:  `factors.csv:2: uncertainty_pct: invalid number "10%"`,
		},
		{
			name:      "DuplicateCode",
			in:        csvFile(t, goodRow("A"), goodRow("B"), goodRow("A")),
			wantField: "factors.csv:4:code",
			wantLine:  `factors.csv:4: code: duplicate code "A" (first on line 2)`,
		},
		{
			name:      "WrongColumnCount",
			in:        csvFile(t, goodRow("A")) + "B,名,name,electricity,0.5\n",
			wantField: "factors.csv:3",
			wantLine:  fmt.Sprintf("factors.csv:3: row has 5 fields, want %d as in the header", len(tabular.FactorColumns)),
		},
		{
			name:      "MissingHeaderColumn",
			in:        strings.Replace(csvFile(t, goodRow("A")), ",unit,", ",unitx,", 1),
			wantField: "factors.csv:1",
			wantLine:  `factors.csv:1: unknown column "unitx" (want ` + strings.Join(tabular.FactorColumns, ",") + `)`,
		},
		{
			name:      "MissingRequiredColumn",
			in:        "code,name_zh,name_en,category,value,boundary,geography,year,source_publisher,source_document\n",
			wantField: "factors.csv:1:unit",
			wantLine:  `factors.csv:1: unit: required column is missing`,
		},
		{
			name:      "RepeatedColumn",
			in:        "code,name_zh,name_en,category,value,unit,boundary,geography,year,source_publisher,source_document,code\n",
			wantField: "factors.csv:1:code",
			wantLine:  `factors.csv:1: code: column appears more than once`,
		},
		{
			name:      "EmptyFile",
			in:        "",
			wantField: "factors.csv:1",
			wantLine:  `factors.csv:1: empty file: want a header row`,
		},
		{
			name:      "BareQuote",
			in:        csvFile(t, goodRow("A")) + `B,x"y` + "\n",
			wantField: "factors.csv:3",
			wantLine:  `factors.csv:3: bare " in non-quoted-field`,
		},
		{
			// A quoted note spanning lines moves the next row's line number.
			name:      "LineAfterMultilineField",
			in:        csvFile(t, with(goodRow("A"), "notes", "first\nsecond\nthird"), with(goodRow("B"), "value", "x")),
			wantField: "factors.csv:5:value",
			wantLine:  `factors.csv:5: value: invalid number "x"`,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			factors, err := tabular.ReadFactorsCSV(strings.NewReader(tt.in), "factors.csv")
			if err == nil {
				t.Fatalf("no error, want one (factors=%d)", len(factors))
			}
			if factors != nil {
				t.Errorf("got %d factors with an error, want none", len(factors))
			}
			if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
				t.Errorf("ErrorCode=%q, want %q (err=%v)", got, want, err)
			}
			if got, want := footprint.ErrorField(err), tt.wantField; got != want {
				t.Errorf("ErrorField=%q, want %q", got, want)
			}
			if got, want := footprinttest.English(t, strings.SplitN(err.Error(), "\n", 2)[0]), tt.wantLine; got != want {
				t.Errorf("first line=%q\nwant       %q", got, want)
			}
		})
	}
}

func TestReadFactorsCSV_CollectsErrors(t *testing.T) {
	// Ensure every bad row is reported, in file order, one line each, and a
	// row with several bad fields reports each of them.
	in := csvFile(t,
		with(goodRow("A"), "value", "x"),
		goodRow("B"),
		with(goodRow("C"), "unit", "kg", "year", "y"),
		goodRow("B"),
	)
	_, err := tabular.ReadFactorsCSV(strings.NewReader(in), "f.csv")
	var csvErr *tabular.Errors
	if !errors.As(err, &csvErr) {
		t.Fatalf("err=%v (%T), want *tabular.Errors", err, err)
	}
	want := strings.Join([]string{
		`f.csv:2: value: invalid number "x"`,
		`f.csv:4: unit: factor unit "kg": want emitted mass per activity unit, e.g. kgCO2e/kWh`,
		`f.csv:4: year: invalid year "y"`,
		`f.csv:5: code: duplicate code "B" (first on line 3)`,
	}, "\n")
	if got := footprinttest.English(t, err.Error()); got != want {
		t.Fatalf("err=\n%s\nwant\n%s", got, want)
	}
	if got, want := len(csvErr.Unwrap()), 4; got != want {
		t.Fatalf("unwrapped %d errors, want %d", got, want)
	}
}

func TestReadFactorsCSV_ErrorCap(t *testing.T) {
	// Ensure a file with many bad rows lists MaxErrors of them and counts
	// the rest.
	var rows []map[string]string
	for i := range tabular.MaxErrors + 10 {
		rows = append(rows, with(goodRow(fmt.Sprintf("F-%d", i)), "value", "?"))
	}
	_, err := tabular.ReadFactorsCSV(strings.NewReader(csvFile(t, rows...)), "f.csv")
	var csvErr *tabular.Errors
	if !errors.As(err, &csvErr) {
		t.Fatalf("err=%v, want *tabular.Errors", err)
	}
	if got, want := len(csvErr.Errors), tabular.MaxErrors; got != want {
		t.Errorf("listed %d errors, want %d", got, want)
	}
	if got, want := csvErr.Omitted, 10; got != want {
		t.Errorf("Omitted=%d, want %d", got, want)
	}
	if got, want := footprinttest.English(t, err.Error()[strings.LastIndexByte(err.Error(), '\n')+1:]), "… and 10 more errors"; got != want {
		t.Errorf("last line=%q, want %q", got, want)
	}
}

func TestReadFactorsCSV_ReadError(t *testing.T) {
	// Ensure a failing reader is an internal error, not a CSV problem.
	_, err := tabular.ReadFactorsCSV(iotest.ErrReader(errors.New("disk gone")), "f.csv")
	if got, want := footprint.ErrorCode(err), footprint.EINTERNAL; got != want {
		t.Fatalf("ErrorCode=%q, want %q (err=%v)", got, want, err)
	}
}

func TestReadFactorsCSV_BOMAndCRLF(t *testing.T) {
	// Ensure a file saved by a spreadsheet tool (UTF-8 BOM, CRLF line ends)
	// reads the same as a plain one, including a quoted first column name.
	plain := csvFile(t, goodRow("A"), with(goodRow("B"), "notes", "two\nlines"))
	want, err := tabular.ReadFactorsCSV(strings.NewReader(plain), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{
		"\ufeff" + strings.ReplaceAll(plain, "\n", "\r\n"),
		"\ufeff\"code\"" + strings.TrimPrefix(plain, "code"),
	} {
		got, err := tabular.ReadFactorsCSV(strings.NewReader(in), "f.csv")
		if err != nil {
			t.Fatalf("%q: %v", in[:20], err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got\n%#v\nwant\n%#v", got, want)
		}
	}
}

func TestReadFactorsCSV_ColumnOrder(t *testing.T) {
	// Ensure columns are found by name in any order and optional columns may
	// be left out (read as empty: status active, scores unrated).
	in := "year,value,unit,code,category,boundary,geography,source_document,source_publisher,name_en,name_zh\n" +
		"2024,0.5777,kgCO2e/kWh,ELEC-CN-NAT-CF-2024,electricity,life-cycle,CN,2024 national electricity carbon-footprint factors,\"MEE, NBS & NEA\",China national electricity carbon footprint factor,全国电力平均碳足迹因子\n"
	got, err := tabular.ReadFactorsCSV(strings.NewReader(in), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []*footprint.Factor{{
		Code: "ELEC-CN-NAT-CF-2024", NameZH: "全国电力平均碳足迹因子", NameEN: "China national electricity carbon footprint factor",
		Category: footprint.CategoryElectricity, Value: 0.5777, Unit: footprinttest.FactorUnit(t, "kgCO2e/kWh"),
		Boundary: footprint.BoundaryLifeCycle, Geography: "CN", Year: 2024,
		Source: footprint.Source{Publisher: "MEE, NBS & NEA", Document: "2024 national electricity carbon-footprint factors"},
		Status: footprint.StatusActive,
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%#v\nwant\n%#v", got, want)
	}
}

func TestReadFactorsCSV_Progress(t *testing.T) {
	// Ensure the progress callback runs every 1,000 rows and once at the end.
	var rows []map[string]string
	for i := range 2500 {
		rows = append(rows, goodRow(fmt.Sprintf("F-%05d", i)))
	}
	var got []int
	factors, err := tabular.ReadFactorsCSV(strings.NewReader(csvFile(t, rows...)), "f.csv",
		tabular.WithProgress(func(n int) { got = append(got, n) }))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(factors), 2500; got != want {
		t.Fatalf("len=%d, want %d", got, want)
	}
	if want := []int{1000, 2000, 2500}; !reflect.DeepEqual(got, want) {
		t.Fatalf("progress=%v, want %v", got, want)
	}
}

func TestWriteFactorsCSV_RoundTrip(t *testing.T) {
	// Ensure write then read gives back equal factors: exact float values,
	// canonical units, product codes, every provenance field, text with
	// commas, quotes and newlines.
	in := []*footprint.Factor{
		{
			Code: "PV-MOD-TOPCON", NameZH: "隧穿氧化层钝化接触(TOPCon)光伏组件", NameEN: "TOPCon PV module",
			Category: footprint.CategoryProduct, Value: 474.24, Unit: footprinttest.FactorUnit(t, "kgCO2e/kW"),
			Boundary: footprint.BoundaryCradleToGate, Geography: "CN", Year: 2023,
			ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "854143"}, {Scheme: "CNPC", Code: "3825010100"}},
			Source:       footprint.Source{Publisher: "CPCD", Document: "core DB", Date: "2023", Locator: "CPCD 46131X0132023C"},
			Licence:      "CPCD: public, no explicit licence; cite CPCD and product ID",
			Quality:      footprint.DataQuality{TeR: 2, GR: 2, TiR: 2, P: 3, Grade: "C"},
			Notes:        "Cradle-to-gate; = 0.474 kgCO2e/Wp, \"quoted\"\nsecond line",
			Status:       footprint.StatusActive,
		},
		{
			Code: "ELEC-IC-DIE-CPU", NameEN: "CPU die manufacturing",
			Category: footprint.CategoryComponent, Value: 0.1 + 0.2, Unit: footprinttest.FactorUnit(t, "kgCO2e/cm2 die"),
			Boundary: footprint.BoundaryCradleToGate, Geography: "GLO", Year: 2021,
			Source:         footprint.Source{Document: "boaviztapi factors.yml"},
			UncertaintyPct: 37.5,
			Status:         footprint.StatusSuperseded, SupersededBy: "ELEC-IC-DIE-CPU-2",
		},
		{
			Code: "FUEL-IPCC-NG", NameZH: "天然气(IPCC缺省值)",
			Category: footprint.CategoryFuel, Value: 56.1, Unit: footprinttest.FactorUnit(t, "kgCO2/GJ (NCV)"),
			Boundary: footprint.BoundaryCombustion, Geography: "GLO", Year: 2006,
			Source: footprint.Source{Publisher: "IPCC"},
			Status: footprint.StatusDeprecated,
		},
		{
			Code: "EOL-PLASTIC-MECHREC-CN", NameEN: "Mechanical recycling", Category: footprint.CategoryEndOfLife,
			Value: -451.31, Unit: footprinttest.FactorUnit(t, "kgCO2e/t"), Boundary: footprint.BoundaryEndOfLife,
			Geography: "CN", Year: 2016, Source: footprint.Source{Publisher: "CPCD"}, Status: footprint.StatusActive,
		},
		{
			Code: "TINY", NameEN: "tiny", Category: footprint.CategoryTransport,
			Value: 6.502e-23, Unit: footprinttest.FactorUnit(t, "gCO2e/t-km"), Boundary: footprint.BoundaryUnspecified,
			Geography: "CN", Year: 2024, Source: footprint.Source{Publisher: "x"}, Status: footprint.StatusActive,
		},
	}
	got, written := footprinttest.FactorsCSVRoundTrip(t, in)
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("got\n%#v\nwant\n%#v", got, in)
	}

	// Writing what was read gives the same bytes.
	var again bytes.Buffer
	if err := tabular.WriteFactorsCSV(&again, got); err != nil {
		t.Fatal(err)
	}
	if got, want := again.String(), string(written); got != want {
		t.Fatalf("second write differs:\n%s\nwant\n%s", got, want)
	}
}

func TestWriteFactorsCSV_Header(t *testing.T) {
	// Ensure the header row lists the columns in the documented order.
	var buf bytes.Buffer
	if err := tabular.WriteFactorsCSV(&buf, nil); err != nil {
		t.Fatal(err)
	}
	want := "code,name_zh,name_en,category,electricity_role,transport_mode,treatment,value,unit,boundary,geography,year,product_codes,source_publisher,source_document,source_date,source_locator,licence,grade,dq_ter,dq_gr,dq_tir,dq_p,uncertainty_pct,status,superseded_by,notes\n"
	if got := buf.String(); got != want {
		t.Fatalf("header=%q, want %q", got, want)
	}
}

func TestReadFactorsCSV_ElectricityRole(t *testing.T) {
	// Ensure the electricity_role column is read, written back, optional
	// (a file without it reads as before: no role), and checked against
	// the factor: a known role, only on electricity factors, of the right
	// basis and boundary.
	in := csvFile(t,
		goodRow("ELEC-CN-SC-CO2-2023"),
		with(goodRow("ELEC-CO2"), "electricity_role", "grid-co2"),
		with(goodRow("ELEC-MIX"), "electricity_role", "Grid-Mix", "unit", "kgCO2e/kWh", "boundary", "life-cycle"),
		with(goodRow("ELEC-PV"), "electricity_role", "generation:pv", "unit", "kgCO2e/kWh", "boundary", "life-cycle"),
	)
	got, err := tabular.ReadFactorsCSV(strings.NewReader(in), "factors.csv")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []footprint.ElectricityRole{"", footprint.ElectricityRoleGridCO2, footprint.ElectricityRoleGridMix, footprint.GenerationRole("pv")} {
		if got[i].ElectricityRole != want {
			t.Errorf("%s: role %q, want %q", got[i].Code, got[i].ElectricityRole, want)
		}
	}
	checkRoundTrip(t, got)

	// Without the column.
	var old bytes.Buffer
	w := csv.NewWriter(&old)
	var cols []string
	for _, c := range tabular.FactorColumns {
		if c != "electricity_role" {
			cols = append(cols, c)
		}
	}
	w.Write(cols)
	row := goodRow("ELEC-OLD")
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = row[c]
	}
	w.Write(rec)
	w.Flush()
	if fs, err := tabular.ReadFactorsCSV(&old, "old.csv"); err != nil || fs[0].ElectricityRole != "" {
		t.Errorf("file without the column: %v, %+v", err, fs)
	}

	for _, tt := range []struct{ name, in, want string }{
		{"Unknown", csvFile(t, with(goodRow("X"), "electricity_role", "solar")), `electricity_role: unknown electricity role "solar"`},
		{"UnknownTechnology", csvFile(t, with(goodRow("X"), "electricity_role", "generation:fusion")), `unknown electricity role "generation:fusion"`},
		{"NotElectricity", csvFile(t, with(goodRow("X"), "category", "fuel", "electricity_role", "grid-co2")), "only an electricity factor has an electricity role"},
		{"LifeCycleRoleOnCO2", csvFile(t, with(goodRow("X"), "electricity_role", "grid-mix")), "role grid-mix needs a CO2e factor"},
		{"LifeCycleRoleWrongBoundary", csvFile(t, with(goodRow("X"), "electricity_role", "td", "unit", "kgCO2e/kWh")), "role td needs boundary life-cycle"},
		{"CO2RoleOnCO2e", csvFile(t, with(goodRow("X"), "electricity_role", "grid-co2", "unit", "kgCO2e/kWh", "boundary", "life-cycle")), "role grid-co2 is for CO2-only factors"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tabular.ReadFactorsCSV(strings.NewReader(tt.in), "f.csv")
			if err == nil || !strings.Contains(footprinttest.English(t, err.Error()), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if got, want := footprint.ErrorField(err), "f.csv:2:electricity_role"; got != want {
				t.Errorf("field = %q, want %q", got, want)
			}
		})
	}
}

func TestReadFactorsCSV_TransportModeAndTreatment(t *testing.T) {
	// Ensure the transport_mode and treatment columns are read (case and
	// spaces folded), written back, optional, and checked against the
	// factor: a known mode only on a transport factor, a known treatment
	// only on an end-of-life factor (docs/integrity.md).
	road := with(goodRow("TR-1"), "category", "transport", "unit", "kgCO2e/t·km", "boundary", "unspecified", "transport_mode", " Road ")
	landfill := with(goodRow("EOL-1"), "category", "end_of_life", "unit", "kgCO2e/t", "boundary", "end-of-life", "treatment", "landfill")
	got, err := tabular.ReadFactorsCSV(strings.NewReader(csvFile(t, road, landfill)), "factors.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got[0].TransportMode != footprint.ModeRoad || got[1].Treatment != footprint.TreatmentLandfill {
		t.Fatalf("mode %q, treatment %q", got[0].TransportMode, got[1].Treatment)
	}
	checkRoundTrip(t, got)

	for _, tt := range []struct{ name, in, field, want string }{
		{"UnknownMode", csvFile(t, with(goodRow("X"), "category", "transport", "unit", "kgCO2e/t·km", "transport_mode", "pipeline")), "transport_mode", `unknown transport mode "pipeline"`},
		{"ModeNotTransport", csvFile(t, with(goodRow("X"), "transport_mode", "sea")), "transport_mode", "only a transport factor has a transport mode"},
		{"UnknownTreatment", csvFile(t, with(goodRow("X"), "category", "end_of_life", "unit", "kgCO2e/t", "treatment", "composting")), "treatment", `unknown treatment "composting"`},
		{"TreatmentNotEndOfLife", csvFile(t, with(goodRow("X"), "treatment", "landfill")), "treatment", "only an end-of-life factor has a treatment"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tabular.ReadFactorsCSV(strings.NewReader(tt.in), "f.csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if got, want := footprint.ErrorField(err), "f.csv:2:"+tt.field; got != want {
				t.Errorf("field = %q, want %q", got, want)
			}
		})
	}
}

func TestWriteFactorsCSV_NilFactor(t *testing.T) {
	// Ensure a nil factor is refused rather than written as an empty row.
	err := tabular.WriteFactorsCSV(&bytes.Buffer{}, []*footprint.Factor{nil})
	if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
		t.Fatalf("ErrorCode=%q, want %q", got, want)
	}
}

func TestWriteFactorsCSV_ForPeople(t *testing.T) {
	// Ensure a factor file opened in a spreadsheet runs no formula: free
	// text that begins with = + - @ or a tab gets a leading apostrophe,
	// while a negative value stays a number; the file still reads back to
	// the same factors (the apostrophe is dropped again, and text that
	// itself begins with one keeps it). WithByteOrderMark starts the file
	// with a UTF-8 byte-order mark.
	base := func(code string) *footprint.Factor {
		return &footprint.Factor{
			Code: code, NameEN: "x", Category: footprint.CategoryEndOfLife, Value: -451.31,
			Unit: footprinttest.FactorUnit(t, "kgCO2e/t"), Boundary: footprint.BoundaryEndOfLife, Geography: "CN", Year: 2016,
			Source: footprint.Source{Publisher: "CPCD"}, Status: footprint.StatusActive,
		}
	}
	texts := []struct{ text, cell string }{
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-see table 3", "'-see table 3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tindented", "'\tindented"},
		{"'quoted", "''quoted"},
		{"'=x", "''=x"},
		{"-1.5", "-1.5"},
		{"plain", "plain"},
	}
	var in []*footprint.Factor
	for i, tt := range texts {
		f := base("F" + strconv.Itoa(i))
		f.NameEN, f.Notes = tt.text, tt.text
		in = append(in, f)
	}
	var buf bytes.Buffer
	if err := tabular.WriteFactorsCSV(&buf, in, tabular.WithByteOrderMark()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\ufeffcode,") {
		t.Fatalf("file starts %q, want a byte-order mark then the header", buf.String()[:10])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	for i, tt := range texts {
		row := rows[i+1]
		if got := row[col["name_en"]]; got != tt.cell {
			t.Errorf("name_en %q written as %q, want %q", tt.text, got, tt.cell)
		}
		if got := row[col["notes"]]; got != tt.cell {
			t.Errorf("notes %q written as %q, want %q", tt.text, got, tt.cell)
		}
		if got := row[col["value"]]; got != "-451.31" {
			t.Errorf("value written as %q, want the number -451.31", got)
		}
	}
	got, err := tabular.ReadFactorsCSV(bytes.NewReader(buf.Bytes()), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("read back\n%#v\nwant\n%#v", got, in)
	}
}

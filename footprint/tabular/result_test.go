package tabular_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// mustCalculate calculates the demo study seed/studies/<name>.json against
// the test factor snapshot of package footprint (testdata/factors.csv, set
// 2026.1).
func mustCalculate(tb testing.TB, name string) *footprint.Result {
	tb.Helper()
	r, err := footprint.Calculate(seedtest.Study(tb, name), footprinttest.Factors(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestWriteResultCSV(t *testing.T) {
	// Ensure the CSV has one row per contribution leaf whose kgCO2e add up
	// to the total, with credits and exempted items in their own sections.
	r := mustCalculate(t, "laptop")
	var buf bytes.Buffer
	if err := tabular.WriteResultCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], ","), strings.Join(tabular.ResultColumns, ","); got != want {
		t.Fatalf("header = %q, want %q", got, want)
	}
	sections := map[string]int{}
	var total float64
	for _, row := range rows[1:] {
		sections[row[11]]++
		if row[11] == "total" {
			kg, err := strconv.ParseFloat(row[9], 64)
			if err != nil {
				t.Fatal(err)
			}
			total += kg
		}
	}
	// 5 BOM leaves, 2 transport legs, use, 2 end-of-life lines.
	if sections["total"] != 10 || sections["credit"] != 1 || sections["exempted"] != 3 {
		t.Errorf("rows by section = %v", sections)
	}
	if math.Abs(total-r.KgCO2e) > 1e-9*math.Abs(r.KgCO2e) && math.Abs(total-r.KgCO2e) >= 1e-9 {
		t.Errorf("sum of total rows = %v, want %v", total, r.KgCO2e)
	}
	if got, want := rows[1][0], "bom[0]"; got != want {
		t.Errorf("first row path = %q, want %q", got, want)
	}
}

func TestWriteResultTable(t *testing.T) {
	// Ensure the table shows the headline per unit, bilingual stage names,
	// the top contributor, the electricity approach and the cut-off items.
	r := mustCalculate(t, "pv-module")
	var buf bytes.Buffer
	if err := tabular.WriteResultTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"kgCO2e per kWp of rated power", "原材料获取及加工", "raw materials and processing",
		"bom[1]", "PV-CELL-MONO182", "Electricity 电力: mixed", "GEC-DEMO-2025-000001 – GEC-DEMO-2025-001000",
		"Cut-off 截断: 2 items", "per kWh generated (scenario",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteResultCSV_ForPeople(t *testing.T) {
	// Ensure text cells that a spreadsheet would run as a formula are
	// neutralised with a leading apostrophe while numbers, negative ones
	// included, stay numbers; and that WithByteOrderMark starts the file
	// with a UTF-8 byte-order mark (none without it, for pipes).
	r := &footprint.Result{
		Lines: []*footprint.Contribution{
			{Path: "bom[0]", Name: "=1+2", Stage: "raw_materials", Quantity: -2, Unit: "kg", FactorCode: "F", FactorSet: "2026.1", FactorValue: -1.5, FactorUnit: "kgCO2e/kg", KgCO2e: 3, SharePct: 100},
			{Path: "bom[1]", Name: "@cmd", Unit: "-kg"},
		},
		Exempted: []*footprint.ExemptedItem{{Path: "bom[2]", Name: "+x", Quantity: 1, Unit: "kg", ScreeningFactor: "-S", ScreeningKgCO2e: -0.25}},
	}
	var plain, people bytes.Buffer
	if err := tabular.WriteResultCSV(&plain, r); err != nil {
		t.Fatal(err)
	}
	if err := tabular.WriteResultCSV(&people, r, tabular.WithByteOrderMark()); err != nil {
		t.Fatal(err)
	}
	if got, want := people.String(), "\ufeff"+plain.String(); got != want {
		t.Fatalf("with a byte-order mark:\n%q\nwant\n%q", got, want)
	}
	rows, err := csv.NewReader(&plain).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		tabular.ResultColumns,
		{"bom[0]", "'=1+2", "raw_materials", "-2", "kg", "F", "2026.1", "-1.5", "kgCO2e/kg", "3", "100", "total"},
		{"bom[1]", "'@cmd", "", "0", "'-kg", "", "", "0", "", "0", "0", "total"},
		{"bom[2]", "'+x", "", "1", "kg", "'-S", "", "", "", "-0.25", "", "exempted"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows\n%q\nwant\n%q", rows, want)
	}
}

// sharedDisplay calculates the demo laptop with its display assembly used
// twice, by the display line and by a spare-display share of a quarter
// piece, so that the assembly is shared: each use a leaf without children,
// its lines only in Result.Assemblies (multiplier 1.25).
func sharedDisplay(tb testing.TB) *footprint.Result {
	tb.Helper()
	s := seedtest.Study(tb, "laptop")
	spare := *s.BOM[1]
	spare.Name, spare.Quantity = "Spare display share", 0.25
	s.BOM = append(s.BOM, &spare)
	r, err := footprint.Calculate(s, footprinttest.Factors(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	if len(r.Assemblies) != 1 || r.Assemblies[0].Multiplier != 1.25 {
		tb.Fatalf("shared sub-assemblies %+v, want the display's, 1.25 per laptop", r.Assemblies)
	}
	return r
}

func TestResultRows_SharedSubAssembly(t *testing.T) {
	// Ensure the lines of a shared sub-assembly follow the total rows in a
	// section of their own, over every use (quantity and kgCO2e times the
	// multiplier), naming their factors; the uses name the assembly; and
	// the total rows still add up to the headline, the section to the
	// assembly's part of it.
	r := sharedDisplay(t)
	a := r.Assemblies[0]
	var total, section float64
	var uses, lines [][]any
	for _, row := range tabular.ResultRows(r) {
		switch row[11] {
		case "total":
			total += row[9].(float64)
			if row[5] == "assembly:display-assembly" {
				uses = append(uses, row)
			}
		case "assembly display-assembly":
			section += row[9].(float64)
			lines = append(lines, row)
		}
	}
	if math.Abs(total-r.KgCO2e) > 1e-9*r.KgCO2e {
		t.Errorf("sum of total rows = %v, want %v", total, r.KgCO2e)
	}
	if len(uses) != 2 || uses[0][0] != "bom[1]" || uses[1][0] != "bom[7]" {
		t.Errorf("rows of the uses = %v, want bom[1] and the spare share bom[7] naming assembly:display-assembly", uses)
	}
	if math.Abs(section-a.TotalKgCO2e) > 1e-9*a.TotalKgCO2e {
		t.Errorf("sum of the assembly's rows = %v, want its part of the total %v", section, a.TotalKgCO2e)
	}
	want := [][]any{ // path, factor, quantity (0.302 and 0.104 kg per display, 1.25 displays)
		{"assemblies[0].lines[0]", "ELEC-DISP-GLASS", 0.3775},
		{"assemblies[0].lines[1]", "MAT-GLASS-FLAT-CN", 0.13},
	}
	if len(lines) != len(want) {
		t.Fatalf("rows of the assembly = %v, want %d", lines, len(want))
	}
	for i, w := range want {
		row, l := lines[i], a.Lines[i]
		if row[0] != w[0] || row[5] != w[1] || math.Abs(row[3].(float64)-w[2].(float64)) > 1e-12 {
			t.Errorf("row %d = %v, want %v", i, row, w)
		}
		if got, want := row[9].(float64), 1.25*l.KgCO2e; math.Abs(got-want) > 1e-9*want {
			t.Errorf("row %d kgCO2e = %v, want %v (the line over every use)", i, got, want)
		}
		if got, want := row[10].(float64), l.SharePct; math.Abs(got-want) > 1e-9 {
			t.Errorf("row %d share = %v, want %v", i, got, want)
		}
	}
}

func TestWriteResultTable_SharedSubAssembly(t *testing.T) {
	// Ensure the table for people lists a shared sub-assembly's uses,
	// multiplier and lines with their factors over every use.
	r := sharedDisplay(t)
	var buf bytes.Buffer
	if err := tabular.WriteResultTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"Shared sub-assemblies 共用子组件", "display-assembly Display assembly:", "× 1.25 =", "used by bom[1], bom[",
		"assemblies[0].lines[0]", "ELEC-DISP-GLASS", "0.3775 kg", "MAT-GLASS-FLAT-CN", "0.13 kg",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteResultTable_WarningsBilingual(t *testing.T) {
	// Ensure the text table gives each warning in English, then its
	// Chinese: a warning written Chinese then English in one message
	// (before Warning had MessageZH) once each, and a stored result's
	// warning without Chinese in English only.
	r := mustCalculate(t, "laptop")
	if len(r.Warnings) == 0 {
		t.Fatal("the demo laptop has no warning")
	}
	w := r.Warnings[0]
	r.Warnings = append(r.Warnings,
		footprint.Warning{Path: "bom", Message: "物料清单中没有计入电路板。The bill of materials counts no circuit boards", MessageZH: "物料清单中没有计入电路板。"},
		footprint.Warning{Path: "bom[9]", Message: "stored before warnings had their Chinese"})
	var b bytes.Buffer
	if err := tabular.WriteResultTable(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"warning: " + w.Path + ": " + w.Message + "\n  警告: " + w.MessageZH + "\n",
		"warning: bom: The bill of materials counts no circuit boards\n  警告: 物料清单中没有计入电路板。\n",
		"warning: bom[9]: stored before warnings had their Chinese\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "warning: bom[9]: stored before warnings had their Chinese\n  警告") {
		t.Errorf("a warning without Chinese gets an empty Chinese line:\n%s", out)
	}
}

// Ensure the table for people lines its columns up in a terminal, where a
// Chinese character takes two columns: every line of the stage table (the
// cells right-aligned, Chinese stage names beside English) ends at the same
// column, and a top contributor named in Chinese has its factor where the
// header's "factor" is. text/tabwriter counted one a character, so each
// row with Chinese ended short by as many columns as it had characters.
func TestWriteResultTable_ChineseColumnsLineUp(t *testing.T) {
	r := mustCalculate(t, "pv-module")
	r.Hotspots[0].Name = "太阳能电池片 Solar cells"
	var buf bytes.Buffer
	if err := tabular.WriteResultTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	cols := func(s string) int { // terminal columns, counted here apart from the package
		n := 0
		for _, c := range s {
			if unicode.Is(unicode.Han, c) || c >= 0xFF01 && c <= 0xFF60 {
				n += 2
			} else {
				n++
			}
		}
		return n
	}
	lines := strings.Split(buf.String(), "\n")
	var stage []string
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "stage ") {
			for _, s := range lines[i:] {
				if s == "" {
					break
				}
				stage = append(stage, s)
			}
		}
	}
	if len(stage) != len(r.Stages)+1 {
		t.Fatalf("stage table %q, want a header and %d stages", stage, len(r.Stages))
	}
	for _, l := range stage[1:] {
		if cols(l) != cols(stage[0]) {
			t.Errorf("stage row %q takes %d columns, the header %q %d", l, cols(l), stage[0], cols(stage[0]))
		}
	}
	var header, row string
	for i, l := range lines {
		if strings.HasPrefix(l, "path ") && strings.Contains(l, "factor") && i+1 < len(lines) {
			header, row = l, lines[i+1]
			break
		}
	}
	at := cols(header[:strings.Index(header, "factor")])
	if i := strings.Index(row, r.Hotspots[0].FactorCode); i < 0 || cols(row[:i]) != at {
		t.Errorf("top contributor %q: its factor is not at column %d, under the header's:\n%s\n%s", row, at, header, row)
	}
}

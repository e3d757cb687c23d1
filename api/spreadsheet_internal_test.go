package api

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/xuri/excelize/v2"
)

// Red-team 22: an Excel BOM is certified with figures other than those a
// certifier or the manufacturer's staff see when they open the same
// workbook in Excel, WPS or LibreOffice. Each test asserts what a correct
// reader does (refuse, naming the row or sheet, or read what is shown) and
// fails on today's code, where readBOMXLSX reads the first sheet or the one
// named "BOM" whatever its visibility, every row whatever its height, and
// every cell raw, ignoring its number format and its formula.

// rt22Header is the BOM header row of these workbooks.
var rt22Header = []any{"level", "description", "quantity", "unit", "factor_code", "scrap_pct"}

// rt22Workbook builds a workbook with build and returns its bytes.
func rt22Workbook(t *testing.T, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// rt22Rows writes rows from A1 on sheet.
func rt22Rows(t *testing.T, f *excelize.File, sheet string, rows ...[]any) {
	t.Helper()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
}

// rt22Line returns field of line i of the "bom" section read from data, or
// ok false with the error when the upload is refused.
func rt22Line(t *testing.T, data []byte, i int, field string) (v any, err error) {
	t.Helper()
	bom, err := readBOM("bom.xlsx", MIMEXLSX, data)
	if err != nil {
		return nil, err
	}
	lines := bom.Sections["bom"]
	if i >= len(lines) {
		t.Fatalf("bom has %d lines, want line %d", len(lines), i)
	}
	return lines[i].(map[string]any)[field], nil
}

// rt22HiddenBOMSheet is a workbook a viewer sees as one sheet, "材料清单",
// listing 10 kg of aluminium, beside a sheet named "BOM" listing 1 kg that
// is hidden, or very hidden (not even listed by Excel's Unhide dialog).
func rt22HiddenBOMSheet(t *testing.T, veryHidden bool) []byte {
	t.Helper()
	return rt22Workbook(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "材料清单")
		rt22Rows(t, f, "材料清单", rt22Header, []any{1, "Frame", 10, "kg", "AL-PRIMARY"})
		f.NewSheet("BOM")
		rt22Rows(t, f, "BOM", rt22Header, []any{1, "Frame", 1, "kg", "AL-PRIMARY"})
		if err := f.SetSheetVisible("BOM", false, veryHidden); err != nil {
			t.Fatal(err)
		}
		f.SetActiveSheet(0)
	})
}

// rt22CheckHiddenBOMSheet fails unless rt22HiddenBOMSheet(veryHidden) is
// refused or read as its visible sheet shows, 10 kg.
func rt22CheckHiddenBOMSheet(t *testing.T, veryHidden bool) {
	t.Helper()
	what := map[bool]string{false: "hidden", true: "very hidden"}[veryHidden]
	if q, misread := rt22Misread(t, rt22HiddenBOMSheet(t, veryHidden), "quantity", 10.0); misread {
		t.Errorf("certified quantity %v read from the %s sheet \"BOM\"; the visible sheet shows 10 kg (want a refusal naming the hidden sheet, or 10)", q, what)
	}
}

// rt22StyledCell is a one-line BOM, row, whose cell is given style (a
// number format that shows another number than the cell holds).
func rt22StyledCell(t *testing.T, row []any, cell string, style *excelize.Style) []byte {
	t.Helper()
	return rt22Workbook(t, func(f *excelize.File) {
		rt22Rows(t, f, "Sheet1", rt22Header, row)
		st, err := f.NewStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellStyle("Sheet1", cell, cell, st)
	})
}

// rt22JunctionBox is a BOM whose row 2 is a junction box (1 piece) and
// row 4 its copper (5 kg per box, level 2), with row 3 (level 1 "x",
// 0.001 piece) made invisible by hide.
func rt22JunctionBox(t *testing.T, hide func(f *excelize.File) error) []byte {
	t.Helper()
	return rt22Workbook(t, func(f *excelize.File) {
		rt22Rows(t, f, "Sheet1", rt22Header,
			[]any{1, "Junction box", 1, "piece"},
			[]any{1, "x", 0.001, "piece"},
			[]any{2, "Copper", 5, "kg", "CU-PRIMARY"})
		if err := hide(f); err != nil {
			t.Fatal(err)
		}
	})
}

// rt22Misread returns field of the first BOM line read from data, and
// whether it was read (not refused) as another value than want, the one a
// viewer sees.
func rt22Misread(t *testing.T, data []byte, field string, want float64) (v any, misread bool) {
	t.Helper()
	v, err := rt22Line(t, data, 0, field)
	return v, err == nil && v != want
}

func TestRT22_HiddenSheetNamedBOMIsCertified(t *testing.T) {
	// A viewer opening the workbook sees one sheet, "材料清单", listing
	// 10 kg of aluminium. A hidden sheet named "BOM" lists 1 kg, and the
	// service reads that one: certified 1 kg (a tenth of the footprint
	// shown). A hidden sheet must be refused (or never chosen).
	rt22CheckHiddenBOMSheet(t, false)
}

func TestRT22_ActiveSheetIsNotTheOneRead(t *testing.T) {
	// Two visible sheets; the workbook opens on the second ("v2", 10 kg),
	// its tab selected. The service reads the first ("v1", 1 kg). Which
	// sheet is certified must not depend on tab order the viewer never
	// sees: with several candidate sheets and none named BOM, refuse.
	data := rt22Workbook(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "v1")
		rt22Rows(t, f, "v1", rt22Header, []any{1, "Frame", 1, "kg", "AL-PRIMARY"})
		f.NewSheet("v2")
		rt22Rows(t, f, "v2", rt22Header, []any{1, "Frame", 10, "kg", "AL-PRIMARY"})
		f.SetActiveSheet(1)
	})
	if q, misread := rt22Misread(t, data, "quantity", 10.0); misread {
		t.Errorf("certified quantity %v from sheet v1; the workbook opens on v2 showing 10 kg", q)
	}
}

func TestRT22_NumberFormatShowsOtherQuantity(t *testing.T) {
	// The quantity cell stores 1 with the custom format 0"000": Excel
	// shows "1000", certified 1 kg. A correct reader reads what is shown
	// or refuses a number format that adds digits.
	fmtCode := `0"000"`
	data := rt22StyledCell(t, []any{1, "Frame", 1, "kg", "AL-PRIMARY"}, "C2", &excelize.Style{CustomNumFmt: &fmtCode})
	shown := rt22Shown(t, data, "C2")
	if q, misread := rt22Misread(t, data, "quantity", 1000.0); misread {
		t.Errorf("certified quantity %v; the cell shows %q", q, shown)
	}
}

func TestRT22_PercentFormatScrap(t *testing.T) {
	// scrap_pct is a percentage number (2.4 means 2.4 %). A cell typed as
	// "5%" in Excel stores 0.05 and shows "5%": certified 0.05 % scrap, a
	// hundredth of the 5 % the viewer sees. Read 5 or refuse.
	data := rt22StyledCell(t, []any{1, "Frame", 10, "kg", "AL-PRIMARY", 0.05}, "F2", &excelize.Style{NumFmt: 9}) // built-in "0%"
	shown := rt22Shown(t, data, "F2")
	if s, misread := rt22Misread(t, data, "scrap_pct", 5.0); misread {
		t.Errorf("certified scrap_pct %v %%; the cell shows %q", s, shown)
	}
}

func TestRT22_FormulaCachedValue(t *testing.T) {
	// The quantity cell holds the formula =10*100 with a stale cached
	// value 1, and the workbook asks for a full recalculation on load:
	// Excel, WPS and LibreOffice show 1000, the service certifies the
	// cached 1. Refuse formula cells (or recompute them).
	data := rt22Workbook(t, func(f *excelize.File) {
		rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", 1, "kg", "AL-PRIMARY"})
		if err := f.SetCellFormula("Sheet1", "C2", "10*100"); err != nil {
			t.Fatal(err)
		}
		full := true
		f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full})
	})
	if q, misread := rt22Misread(t, data, "quantity", 1000.0); misread {
		t.Errorf("certified quantity %v from a formula cell that computes 1000", q)
	}
}

func TestRT22_HiddenRowReparentsVisibleChildren(t *testing.T) {
	// Visible: row 2 "Junction box" 1 piece, row 4 its child "Copper" 5 kg
	// per box (level 2). Hidden row 3: level 1 "x", 0.001 piece. The
	// viewer sees copper under the junction box; the service makes it a
	// child of the hidden row, so 5 kg × 0.001 = 0.005 kg of copper is
	// certified. Rows the viewer cannot see must be refused, by row number.
	data := rt22JunctionBox(t, func(f *excelize.File) error { return f.SetRowVisible("Sheet1", 3, false) })
	bom, err := readBOM("bom.xlsx", MIMEXLSX, data)
	if err == nil {
		box := bom.Sections["bom"][0].(map[string]any)
		if _, ok := box["children"]; !ok {
			t.Errorf("hidden row 3 read: the visible copper row is no child of the junction box; bom = %v", bom.Sections["bom"])
		}
	}
}

func TestRT22_HiddenColumnScrap(t *testing.T) {
	// Column F (scrap_pct, 90) is hidden: the viewer sees 10 kg of
	// aluminium and no scrap; the service certifies a gross input of
	// 10/(1-0.90) = 100 kg. Here the hidden figure raises the footprint, but
	// a hidden "level" or "factor_code" column changes what is certified
	// just as unseen. A hidden column naming a BOM field must be refused.
	data := rt22Workbook(t, func(f *excelize.File) {
		rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", 10, "kg", "AL-PRIMARY", 90})
		if err := f.SetColVisible("Sheet1", "F", false); err != nil {
			t.Fatal(err)
		}
	})
	if s, err := rt22Line(t, data, 0, "scrap_pct"); err == nil {
		t.Errorf("hidden column F read: scrap_pct %v certified, unseen by the viewer", s)
	}
}

func TestRT22_MergedLevelCell(t *testing.T) {
	// Rows 3-4 share one merged level cell showing "2": the viewer sees
	// two 5 kg copper children per module of a 100-piece parent (1,000 kg
	// in all). Excel stores the merged value in C3 only, so row 4 reads
	// level 1 (the default for an empty cell) and is certified as a
	// top-level 5 kg line: 505 kg of copper instead of 1,000. A value
	// shown by a merged cell must be read for every row it covers, or the
	// merge refused.
	data := rt22Workbook(t, func(f *excelize.File) {
		rt22Rows(t, f, "Sheet1", rt22Header,
			[]any{1, "Module", 100, "piece"},
			[]any{2, "Copper A", 5, "kg", "CU-PRIMARY"},
			[]any{nil, "Copper B", 5, "kg", "CU-PRIMARY"})
		if err := f.MergeCell("Sheet1", "A3", "A4"); err != nil {
			t.Fatal(err)
		}
	})
	bom, err := readBOM("bom.xlsx", MIMEXLSX, data)
	if err == nil && len(bom.Sections["bom"]) != 1 {
		t.Errorf("row 4 under a merged level cell showing 2 read as a top-level line: bom = %v", bom.Sections["bom"])
	}
}

func TestRT22_ZeroHeightRow(t *testing.T) {
	// A row of height 0 is not flagged hidden but shows nothing, in Excel
	// as in WPS. Same workbook as the hidden-row test: the viewer sees
	// 5 kg of copper per junction box, the service certifies it as the
	// child of the invisible row 3, 5 kg × 0.001 = 0.005 kg.
	data := rt22JunctionBox(t, func(f *excelize.File) error { return f.SetRowHeight("Sheet1", 3, 0) })
	bom, err := readBOM("bom.xlsx", MIMEXLSX, data)
	if err == nil && len(bom.Sections["bom"]) != 1 {
		t.Errorf("zero-height row 3 read: bom = %v", bom.Sections["bom"])
	}
}

func TestRT22_VeryHiddenSheet(t *testing.T) {
	// As the hidden-sheet test, with the sheet "veryHidden": Excel's
	// Format > Unhide dialog does not even list it, so a certifier who
	// suspects a hidden sheet still cannot find it without a VBA editor.
	// Visible "材料清单": 10 kg; very hidden "BOM": 1 kg, certified.
	rt22CheckHiddenBOMSheet(t, true)
}

func TestRT22_BooleanCellReadAsOne(t *testing.T) {
	// A quantity cell holding the boolean TRUE shows "TRUE" (no number);
	// read raw it is "1", so 1 kg is certified for a line whose quantity
	// the viewer sees is not a number. Refuse a boolean cell in a number
	// column.
	data := rt22Workbook(t, func(f *excelize.File) {
		rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", true, "kg", "AL-PRIMARY"})
	})
	shown := rt22Shown(t, data, "C2")
	if q, err := rt22Line(t, data, 0, "quantity"); err == nil {
		t.Errorf("certified quantity %v; the cell shows %q", q, shown)
	}
}

// rt22Shown is what a spreadsheet shows in cell of the first sheet (its
// formatted value, as excelize renders the number format).
func rt22Shown(t *testing.T, data []byte, cell string) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.GetCellValue(f.GetSheetList()[0], cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rezip returns the workbook data with each ZIP entry written as edit
// gives it: one entry of the entry's name for each byte slice it returns.
func rezip(t *testing.T, data []byte, edit func(name string, b []byte) [][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range edit(zf.Name, b) {
			w, err := zw.Create(zf.Name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(part)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// rewritePart returns the workbook data with old replaced by new in its
// part name, failing the test when old is not there: for what excelize
// does not write.
func rewritePart(t *testing.T, data []byte, name, old, new string) []byte {
	t.Helper()
	return rezip(t, data, func(n string, b []byte) [][]byte {
		if n != name {
			return [][]byte{b}
		}
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s holds no %q: %s", name, old, b)
		}
		return [][]byte{bytes.ReplaceAll(b, []byte(old), []byte(new))}
	})
}

// withDecoyPart returns the workbook data with, before its part name, a
// ZIP entry of the same name holding that part without cut: a reader that
// takes the first of two entries (archive/zip's Open) and one that takes
// the last (excelize) read two different sheets.
func withDecoyPart(t *testing.T, data []byte, name, cut string) []byte {
	t.Helper()
	return rezip(t, data, func(n string, b []byte) [][]byte {
		if n != name {
			return [][]byte{b}
		}
		if !bytes.Contains(b, []byte(cut)) {
			t.Fatalf("%s holds no %q", name, cut)
		}
		return [][]byte{bytes.ReplaceAll(b, []byte(cut), nil), b}
	})
}

// TestReadBOMXLSX_WhatAViewerCannotRead: red team 22's hidden rows and
// columns and its number formats left other ways to keep a line out of a
// viewer's sight while the service reads it (session 31): a column of
// width 0 without the hidden flag (excelize reads it as one of the default
// width), a row or column too small to show anything, a sheet whose rows
// are hidden by default (zeroHeight), text in a 1-point font or in the
// colour of its background (also when the style says not to apply its
// font, which Excel draws anyway), a conditional format (a white font, a
// number format ";;;", a data bar without its number), a number format
// in white or yellow ("[White]0.000", "[Color6]0.000"), a white shape
// over the row. Each workbook is the junction box of
// rt22JunctionBox (row 3, 0.001 piece, makes the visible row 4's 5 kg of
// copper 0.005 kg) or a scrap column F (its header and 50 % in row 2);
// each must be refused naming the row or cell. The controls (a dark header fill with
// white text, grey text, an 8-point font, grouped rows) are read.
func TestReadBOMXLSX_WhatAViewerCannotRead(t *testing.T) {
	style := func(s *excelize.Style) func(f *excelize.File) error {
		return func(f *excelize.File) error {
			st, err := f.NewStyle(s)
			if err != nil {
				return err
			}
			return f.SetCellStyle("Sheet1", "A3", "E3", st)
		}
	}
	props := func(p *excelize.SheetPropsOptions) func(f *excelize.File) error {
		return func(f *excelize.File) error {
			for r := range 4 {
				if r != 2 { // rows 1, 2 and 4 of their own height; row 3 not
					if err := f.SetRowHeight("Sheet1", r+1, 15); err != nil {
						return err
					}
				}
			}
			return f.SetSheetProps("Sheet1", p)
		}
	}
	scrap := func(width float64) []byte {
		return rt22Workbook(t, func(f *excelize.File) {
			rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", 10, "kg", "AL-PRIMARY", 50})
			if err := f.SetColWidth("Sheet1", "F", "F", width); err != nil {
				t.Fatal(err)
			}
		})
	}
	zero, yes := 0.0, true
	white := style(&excelize.Style{Font: &excelize.Font{Color: "FFFFFF"}})
	for _, tt := range []struct {
		name  string
		data  []byte
		where string // "" to be read
	}{
		{"column of width 0", scrap(0), "cell F1"},
		{"column of width 0.1", scrap(0.1), "cell F1"},
		{"row of 0.5 points", rt22JunctionBox(t, func(f *excelize.File) error { return f.SetRowHeight("Sheet1", 3, 0.5) }), "row 3"},
		{"rows of 0 points by default", rt22JunctionBox(t, props(&excelize.SheetPropsOptions{DefaultRowHeight: &zero, CustomHeight: &yes})), "row 3"},
		{"rows hidden by default", rt22JunctionBox(t, props(&excelize.SheetPropsOptions{ZeroHeight: &yes})), "row 3"},
		{"a 1-point font", rt22JunctionBox(t, style(&excelize.Style{Font: &excelize.Font{Size: 1}})), "cell A3"},
		{"white on white", rt22JunctionBox(t, white), "cell A3"},
		{"white on white, font not applied", rewritePart(t, rt22JunctionBox(t, white), "xl/styles.xml", `applyFont="true"`, `applyFont="false"`), "cell A3"},
		{"near-white on white", rt22JunctionBox(t, style(&excelize.Style{Font: &excelize.Font{Color: "F4F4F4"}})), "cell A3"},
		{"black on black", rt22JunctionBox(t, style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"000000"}}})), "cell A3"},
		{"the theme's background colour", rewritePart(t, rt22JunctionBox(t, white), "xl/styles.xml", `<color rgb="FFFFFFFF">`, `<color theme="0">`), "cell A3"},
		{"a conditional white font", rt22JunctionBox(t, func(f *excelize.File) error {
			st, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "FFFFFF"}})
			if err != nil {
				return err
			}
			return f.SetConditionalFormat("Sheet1", "A3:E3", []excelize.ConditionalFormatOptions{{Type: "cell", Criteria: ">", Format: &st, Value: "-1000000"}})
		}), "conditional format A3:E3"},
		{"a conditional number format", rt22JunctionBox(t, func(f *excelize.File) error {
			fmtCode := ";;;"
			st, err := f.NewConditionalStyle(&excelize.Style{CustomNumFmt: &fmtCode})
			if err != nil {
				return err
			}
			return f.SetConditionalFormat("Sheet1", "C3", []excelize.ConditionalFormatOptions{{Type: "cell", Criteria: ">", Format: &st, Value: "0"}})
		}), "conditional format C3"},
		{"a data bar hiding its number", rt22JunctionBox(t, func(f *excelize.File) error {
			return f.SetConditionalFormat("Sheet1", "C3", []excelize.ConditionalFormatOptions{{Type: "data_bar", Criteria: "=", BarOnly: true, MinType: "min", MaxType: "max", BarColor: "#638EC6"}})
		}), "conditional format C3"},
		{"a number format in white", rt22JunctionBox(t, style(&excelize.Style{CustomNumFmt: new("[White]0.000")})), "cell A3"},
		{"a number format in the palette's yellow", rt22JunctionBox(t, style(&excelize.Style{CustomNumFmt: new("[Color6]0.000")})), "cell A3"},
		{"a white shape over the row", rt22JunctionBox(t, func(f *excelize.File) error {
			return f.AddShape("Sheet1", &excelize.Shape{Cell: "A3", Type: "rect", Width: 600, Height: 20, Fill: excelize.Fill{Color: []string{"FFFFFF"}, Pattern: 1}, Line: excelize.LineOptions{Width: 0}})
		}), "drawing"},
		{"red negatives", rt22JunctionBox(t, style(&excelize.Style{CustomNumFmt: new("0.000;[Red]-0.000")})), ""},
		{"a clean copy of the sheet before it in the ZIP", withDecoyPart(t, rt22JunctionBox(t, func(f *excelize.File) error { return f.SetRowVisible("Sheet1", 3, false) }),
			"xl/worksheets/sheet1.xml", ` hidden="true"`), "row 3"},
		{"a white run of rich text", rt22Workbook(t, func(f *excelize.File) {
			rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", 1, "kg", "AL-PRIMARY"})
			if err := f.SetCellRichText("Sheet1", "B2", []excelize.RichTextRun{{Text: "Frame "}, {Text: "(recycled)", Font: &excelize.Font{Color: "FFFFFF"}}}); err != nil {
				t.Fatal(err)
			}
		}), "cell B2"},
		{"a hyperlink's theme colour", rewritePart(t, rt22JunctionBox(t, white), "xl/styles.xml", `<color rgb="FFFFFFFF">`, `<color theme="10">`), ""},
		{"a white hyperlink colour in the theme", rewritePart(t, rewritePart(t, rt22JunctionBox(t, white), "xl/styles.xml", `<color rgb="FFFFFFFF">`, `<color theme="10">`),
			"xl/theme/theme1.xml", `<a:hlink><a:srgbClr val="0563C1">`, `<a:hlink><a:srgbClr val="FFFFFF">`), "cell A3"},
		{"columns of 0 characters by default", rewritePart(t, rt22Workbook(t, func(f *excelize.File) {
			rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", 10, "kg", "AL-PRIMARY"})
		}), "xl/worksheets/sheet1.xml", `<sheetFormatPr defaultRowHeight="15">`, `<sheetFormatPr defaultRowHeight="15" defaultColWidth="0">`), "cell A1"},
		{"plain text in a shared string", rt22Workbook(t, func(f *excelize.File) {
			rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", 1, "kg", "AL-PRIMARY"})
		}), ""},
		{"two sheets named BOM but for case", rewritePart(t, rt22HiddenBOMSheet(t, false), "xl/workbook.xml", `name="材料清单"`, `name="bom"`), "differ only in case"},
		{"white on a dark fill", rt22JunctionBox(t, style(&excelize.Style{Font: &excelize.Font{Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}}})), ""},
		{"grey text", rt22JunctionBox(t, style(&excelize.Style{Font: &excelize.Font{Color: "999999"}})), ""},
		{"an 8-point font", rt22JunctionBox(t, style(&excelize.Style{Font: &excelize.Font{Size: 8}})), ""},
		{"grouped rows", rt22JunctionBox(t, func(f *excelize.File) error { return f.SetRowOutlineLevel("Sheet1", 3, 1) }), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bom, err := readBOM("bom.xlsx", MIMEXLSX, tt.data)
			switch {
			case tt.where == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.where != "" && err == nil:
				t.Errorf("read, want a refusal naming %s: %v", tt.where, bom.Sections["bom"])
			case tt.where != "" && !strings.Contains(err.Error(), tt.where):
				t.Errorf("refused naming another place: %v (want %s)", err, tt.where)
			case tt.where != "":
				mustSayEachHalf(t, footprint.ErrorMessage(err))
			}
		})
	}
}

// mustSayEachHalf fails t unless msg, a refusal of a workbook, says it in
// Chinese, then in English, each half in its own language: readAsShown
// wrote what it refused, and where, in English into both halves ("工作表
// "Sheet1"，cell A3：its font is 1 points: a viewer cannot read it…").
func mustSayEachHalf(t *testing.T, msg string) {
	t.Helper()
	zh, en, ok := splitBilingual(msg)
	if !ok {
		t.Errorf("%q does not say it in Chinese, then in English", msg)
		return
	}
	for _, w := range []string{"cell", "row ", "drawing", "conditional", "merged", "layout", "cannot", "hidden", "viewer", "write", "font", "formula", "colour", "contrast", "holds", "rich text"} {
		if strings.Contains(zh, w) {
			t.Errorf("the Chinese half of %q holds %q (English: %q)", msg, w, en)
		}
	}
}

// Ensure the refusals of a workbook's cells that are not read as they are
// shown, besides those of TestReadBOMXLSX_WhatAViewerCannotRead, say each
// half in its own language, naming the cell or cells in each.
func TestReadBOMXLSX_RefusalsInEachLanguage(t *testing.T) {
	for _, tt := range []struct {
		name, where string
		data        []byte
	}{
		{"a formula", "cell C2", rt22Workbook(t, func(f *excelize.File) {
			rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", 10, "kg", "AL-PRIMARY"})
			if err := f.SetCellFormula("Sheet1", "C2", "10*100"); err != nil {
				t.Fatal(err)
			}
		})},
		{"TRUE", "cell C2", rt22Workbook(t, func(f *excelize.File) {
			rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", true, "kg", "AL-PRIMARY"})
		})},
		{"merged cells", "cells A3:A4", rt22Workbook(t, func(f *excelize.File) {
			rt22Rows(t, f, "Sheet1", rt22Header, []any{1, "Frame", 1, "piece"}, []any{2, "Al", 1, "kg", "AL-PRIMARY"}, []any{nil, "Cu", 1, "kg", "CU-PRIMARY"})
			if err := f.MergeCell("Sheet1", "A3", "A4"); err != nil {
				t.Fatal(err)
			}
		})},
		{"a number format", "cell C2", rt22StyledCell(t, []any{1, "Frame", 10.4, "kg", "AL-PRIMARY"}, "C2", &excelize.Style{CustomNumFmt: new("0")})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readBOM("bom.xlsx", MIMEXLSX, tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.where) {
				t.Fatalf("%v, want a refusal naming %s", err, tt.where)
			}
			mustSayEachHalf(t, footprint.ErrorMessage(err))
		})
	}
}

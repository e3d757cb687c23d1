package api

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"
)

// The API's tables: a BOM uploaded as CSV or Excel, a result downloaded as
// CSV or Excel. The rows are footprint/tabular's, shared with pcf calc;
// excelize only reads and writes the cells of a workbook.

// bomUpload is the BOM file of a study upload.
type bomUpload struct{ *tabular.BOM }

// locate names the file position of an error about one of the upload's
// lines (tabular.BOM.Locate); with no upload, err passes unchanged.
func (up *bomUpload) locate(err error) error {
	if up == nil {
		return err
	}
	return up.Locate(err)
}

// readBOM reads a BOM file (tabular.BOMColumns) as .xlsx (a ZIP container)
// or as CSV.
func readBOM(filename, contentType string, data []byte) (*tabular.BOM, error) {
	name := fileName(filename, "bom")
	ext := strings.ToLower(filepath.Ext(name))
	mt := strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || ext == ".xlsx" || mt == MIMEXLSX:
		return readBOMXLSX(name, data)
	case ext == ".csv" || ext == ".txt" || ext == "" || mt == "text/csv" || mt == "text/plain":
		return tabular.ReadBOMCSV(bytes.NewReader(data), name)
	}
	return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, "the BOM file must be CSV (.csv) or Excel (.xlsx)")
}

// ReadBOM reads a BOM file as the API reads an upload: an Excel workbook
// (.xlsx, the sheet named "BOM" or else the first) or CSV; name is the file
// name, for error positions. pcf calc reads its BOM files with it.
func ReadBOM(name string, data []byte) (*tabular.BOM, error) { return readBOM(name, "", data) }

// readBOMXLSX reads an Excel BOM from the sheet named "BOM", or else the
// first sheet. Cells are read raw (unformatted), so a number shown rounded
// in Excel keeps its full value.
func readBOMXLSX(name string, data []byte) (*tabular.BOM, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// A compressed workbook can inflate a thousandfold: cap it.
		UnzipSizeLimit:    64 << 20,
		UnzipXMLSizeLimit: 32 << 20,
	})
	if err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "not a readable .xlsx workbook")
	}
	defer f.Close()
	sheet, err := bomSheet(f, name)
	if err != nil {
		return nil, err
	}
	cells, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "cannot read sheet %q", sheet)
	}
	if len(cells) > tabular.MaxBOMRows+1 { // before the cells are checked one by one
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "more than %d rows", tabular.MaxBOMRows)
	}
	if err := readAsShown(f, name, sheet, cells); err != nil {
		return nil, err
	}
	rows := make([]tabular.Row, len(cells))
	for i, c := range cells {
		rows[i] = tabular.Row{Line: i + 1, Cells: c}
	}
	return tabular.ParseBOM(name, rows)
}

// The workbook is read as its viewers see it (red team 22: a BOM certified
// with other figures than Excel, WPS or LibreOffice show): the sheet is
// the one that holds the BOM in sight, and a cell is read only when what
// it holds is what it shows. What a viewer cannot see, or sees otherwise
// than it is read, is refused, naming the sheet, row and cell: a hidden
// or very hidden sheet, a hidden (or zero-height) row, a hidden (or
// zero-width) column holding data, a merged range (read in its first
// cell only), a formula (its cached value may not be what a viewer's
// recalculation shows), a TRUE/FALSE cell (read as 1 or 0), and a number
// whose format shows another number ("0""000""" shows 1 as 1000, "5%"
// holds 0.05).

// bomSheet returns the sheet that holds the BOM: the visible sheet named
// "BOM", else the only visible sheet. A hidden sheet named BOM, or several
// visible sheets none named BOM, is refused: the sheet read must be the
// one a viewer sees.
func bomSheet(f *excelize.File, name string) (string, error) {
	var visible []string
	for _, s := range f.GetSheetList() {
		shown, err := f.GetSheetVisible(s)
		switch {
		case err != nil:
			return "", footprint.FieldErrorf(footprint.EINVALID, name, "cannot read sheet %q", s)
		case strings.EqualFold(s, "BOM") && !shown:
			return "", footprint.FieldErrorf(footprint.EINVALID, name, "sheet %q is hidden: the BOM must be on a sheet the workbook shows", s)
		case strings.EqualFold(s, "BOM"):
			return s, nil
		case shown:
			visible = append(visible, s)
		}
	}
	switch len(visible) {
	case 0:
		return "", footprint.FieldErrorf(footprint.EINVALID, name, "the workbook has no visible sheet")
	case 1:
		return visible[0], nil
	}
	return "", footprint.FieldErrorf(footprint.EINVALID, name, "the workbook shows %d sheets (%s) and none is named BOM: name the sheet that holds the BOM \"BOM\"", len(visible), strings.Join(visible, ", "))
}

// readAsShown refuses what of sheet's cells (raw values, by row) a viewer
// does not see as it is read.
func readAsShown(f *excelize.File, name, sheet string, cells [][]string) error {
	refuse := func(where, format string, args ...any) error {
		return footprint.FieldErrorf(footprint.EINVALID, name, "sheet %q, %s: %s", sheet, where, fmt.Sprintf(format, args...))
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return refuse("merged cells", "cannot be read")
	}
	if len(merged) > 0 {
		return refuse("cells "+merged[0].GetStartAxis()+":"+merged[0].GetEndAxis(), "merged cells are read in their first cell only: unmerge them and fill every row")
	}
	shownCells, err := f.GetRows(sheet) // as formatted for display
	if err != nil {
		return refuse("cells", "cannot be read")
	}
	// Hidden rows in one pass. A zero-height row is asked row by row
	// (GetRowHeight, about 40 µs a row at 20,000 rows, MaxBOMRows): the
	// iterator gives no height for a row of the default one.
	hiddenRows := map[int]bool{}
	it, err := f.Rows(sheet)
	if err != nil {
		return refuse("rows", "cannot be read")
	}
	for r := 1; it.Next(); r++ {
		if it.GetRowOpts().Hidden {
			hiddenRows[r] = true
		}
	}
	if err := errors.Join(it.Error(), it.Close()); err != nil {
		return refuse("rows", "cannot be read")
	}
	hiddenCols := map[int]bool{}
	for i, row := range cells {
		r := i + 1
		if slices.IndexFunc(row, func(c string) bool { return c != "" }) < 0 {
			continue
		}
		if h, _ := f.GetRowHeight(sheet, r); hiddenRows[r] || h == 0 {
			return refuse(fmt.Sprintf("row %d", r), "the row is hidden but holds data: unhide it or delete it")
		}
		for j, raw := range row {
			if raw == "" {
				continue
			}
			col, _ := excelize.ColumnNumberToName(j + 1)
			if _, seen := hiddenCols[j]; !seen {
				shownCol, _ := f.GetColVisible(sheet, col)
				w, _ := f.GetColWidth(sheet, col)
				hiddenCols[j] = !shownCol || w == 0
			}
			axis := col + strconv.Itoa(r)
			if hiddenCols[j] {
				return refuse("cell "+axis, "column %s is hidden but holds data: unhide it or delete it", col)
			}
			if formula, _ := f.GetCellFormula(sheet, axis); formula != "" {
				return refuse("cell "+axis, "a formula (=%s): write its value, as the cell shows it", truncate(formula, 64))
			}
			if t, _ := f.GetCellType(sheet, axis); t == excelize.CellTypeBool {
				return refuse("cell "+axis, "TRUE or FALSE where a value is read: write the value")
			}
			shown := ""
			if i < len(shownCells) && j < len(shownCells[i]) {
				shown = shownCells[i][j]
			}
			if shown == raw {
				continue
			}
			x, errRaw := strconv.ParseFloat(raw, 64)
			y, errShown := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(shown), ",", ""), 64)
			// Up to the digits a General cell shows (about 11): a value a
			// program wrote with float noise is not refused.
			if errRaw != nil || errShown != nil || math.Abs(x-y) > 1e-9*math.Max(math.Abs(x), math.Abs(y)) {
				return refuse("cell "+axis, "shows %q but holds %s (its number format): write the value as it is to be read, without a format that changes it", truncate(shown, 32), truncate(raw, 32))
			}
		}
	}
	return nil
}

// studyFromUpload builds a study from a multipart BOM upload: the header
// (a "study" part or the form fields tabular.StudyFields) with the BOM
// file's lines added (tabular.BOM.Study), so an upload and a JSON study are
// checked by the same code.
func (s *Server) studyFromUpload(c echo.Context) (*footprint.Study, *bomUpload, error) {
	form, err := parseMultipart(c, "bom")
	if err != nil {
		return nil, nil, err
	}
	for name := range form.File {
		if name != "bom" && name != "study" {
			return nil, nil, footprint.FieldErrorf(footprint.EINVALID, name, "unknown part %q (want bom, study or the study form fields)", name)
		}
	}
	for name := range form.Value {
		if name != "study" && !slices.Contains(tabular.StudyFields, name) {
			return nil, nil, footprint.FieldErrorf(footprint.EINVALID, name, "unknown form field %q (want %s)", name, strings.Join(tabular.StudyFields, ", "))
		}
	}
	boms := form.File["bom"]
	if len(boms) != 1 {
		return nil, nil, footprint.FieldErrorf(footprint.EINVALID, "bom", "want exactly one BOM file in the part \"bom\" (.csv or .xlsx)")
	}
	data, err := readFormFile(boms[0])
	if err != nil {
		return nil, nil, err
	}
	bom, err := readBOM(boms[0].Filename, boms[0].Header.Get(echo.HeaderContentType), data)
	if err != nil {
		return nil, nil, err
	}
	up := &bomUpload{bom}

	var header []byte
	switch {
	case len(form.File["study"]) > 0 || len(form.Value["study"]) > 0:
		if len(form.File["study"])+len(form.Value["study"]) > 1 {
			return nil, up, footprint.FieldErrorf(footprint.EINVALID, "study", "give one study part")
		}
		for name := range form.Value {
			if name != "study" {
				return nil, up, footprint.FieldErrorf(footprint.EINVALID, name, "give the study header either as the study part or as form fields, not both")
			}
		}
		if fs := form.File["study"]; len(fs) == 1 {
			if header, err = readFormFile(fs[0]); err != nil {
				return nil, up, err
			}
		} else {
			header = []byte(form.Value["study"][0])
		}
	default:
		if header, err = tabular.StudyHeader(form.Value, s.uploadProduct(c)); err != nil {
			return nil, up, err
		}
	}
	study, err := bom.Study(header)
	return study, up, err
}

// uploadProduct resolves the product_id form field of an upload: a product
// of the caller's organisation, as the study's product section.
func (s *Server) uploadProduct(c echo.Context) func(id string) (any, error) {
	return func(id string) (any, error) {
		if err := need(s.ProductService != nil, "the product registry"); err != nil {
			return nil, err
		}
		p, err := s.findProduct(c, id)
		if err != nil {
			return nil, err
		}
		if principal(c).Org != p.Owner {
			return nil, footprint.Errorf(footprint.ENOTFOUND, "product %q not found", id)
		}
		return p.Product, nil
	}
}

// handleStudyResultCSV sends the result breakdown, one row per
// contribution (tabular.WriteResultCSV), as a file for people: with a UTF-8
// byte-order mark, so that Excel shows its Chinese text.
func (s *Server) handleStudyResultCSV(c echo.Context) error {
	st, err := s.studyResult(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tabular.WriteResultCSV(&buf, st.Result, tabular.WithByteOrderMark()); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="study-`+st.ID+`-result.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// handleStudyResultXLSX sends the result as an Excel workbook: a summary,
// the stages, the lines (the rows of result.csv, numbers as numbers) and
// the factors used with their sources (tabular.ResultSheets).
func (s *Server) handleStudyResultXLSX(c echo.Context) error {
	st, err := s.studyResult(c)
	if err != nil {
		return err
	}
	b, err := resultWorkbook(st)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="study-`+st.ID+`-result.xlsx"`)
	return c.Blob(http.StatusOK, MIMEXLSX, b)
}

// resultWorkbook writes the sheets of a study's result as .xlsx bytes.
func resultWorkbook(st *footprint.Study) ([]byte, error) {
	digest, err := st.Result.Digest()
	if err != nil {
		return nil, err
	}
	return Workbook(tabular.ResultSheets(st.ID, st.Result, digest)...)
}

// Workbook writes sheets as .xlsx bytes, each as writeSheet does, the
// first named sheet first.
func Workbook(sheets ...tabular.Sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	for i, sheet := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", sheet.Name)
		} else {
			_, err = f.NewSheet(sheet.Name)
		}
		if err == nil {
			err = writeSheet(f, sheet, bold)
		}
		if err != nil {
			return nil, fmt.Errorf("write workbook: %w", err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return out.Bytes(), nil
}

// Column widths of a result sheet, in Excel's units (about one digit).
const (
	minColWidth = 8
	maxColWidth = 60
)

// writeSheet writes the rows of one sheet cell by cell: a number as a
// number, text as text (a string cell is never a formula, whatever it
// begins with), an empty cell not at all. Each column is as wide as its
// widest cell (within minColWidth and maxColWidth); a table whose first
// row names the columns has that row bold and frozen, so it stays in view
// while scrolling.
func writeSheet(f *excelize.File, sheet tabular.Sheet, headerStyle int) error {
	widths := map[int]int{}
	for r, row := range sheet.Rows {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			var text string
			switch v := v.(type) {
			case nil:
				continue
			case string:
				if v == "" {
					continue
				}
				text, err = v, f.SetCellStr(sheet.Name, cell, v)
			case float64:
				text, err = strconv.FormatFloat(v, 'g', -1, 64), f.SetCellFloat(sheet.Name, cell, v, -1, 64)
			case int:
				text, err = strconv.Itoa(v), f.SetCellInt(sheet.Name, cell, int64(v))
			default:
				return fmt.Errorf("sheet %s cell %s: unsupported value %T", sheet.Name, cell, v)
			}
			if err != nil {
				return err
			}
			widths[c] = max(widths[c], displayWidth(text))
		}
	}
	for c, w := range widths {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet.Name, col, col, float64(min(max(w+2, minColWidth), maxColWidth))); err != nil {
			return err
		}
	}
	if !sheet.Header || len(sheet.Rows) == 0 {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(max(len(sheet.Rows[0]), 1), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet.Name, "A1", last, headerStyle); err != nil {
		return err
	}
	return f.SetPanes(sheet.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// displayWidth is how many columns s takes in a spreadsheet: two for a
// wide (CJK) character, one for any other.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && (r <= 0x115F || (r >= 0x2E80 && r <= 0xA4CF) || (r >= 0xAC00 && r <= 0xD7A3) ||
			(r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6)) {
			n++
		}
	}
	return n
}

package api

import (
	"bytes"
	"fmt"
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
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "the workbook has no sheet")
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if strings.EqualFold(s, "BOM") {
			sheet = s
		}
	}
	cells, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "cannot read sheet %q", sheet)
	}
	rows := make([]tabular.Row, len(cells))
	for i, c := range cells {
		rows[i] = tabular.Row{Line: i + 1, Cells: c}
	}
	return tabular.ParseBOM(name, rows)
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

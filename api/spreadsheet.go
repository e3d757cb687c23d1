package api

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"net/http"
	"path"
	"path/filepath"
	"regexp"
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
	return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, "BOM 文件须为 CSV (.csv) 或 Excel (.xlsx) 文件。the BOM file must be CSV (.csv) or Excel (.xlsx)")
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
// or very hidden sheet, a hidden (or too low) row, a hidden (or too
// narrow) column holding data, text too small or of its background's
// colour (sheetLayout, unreadableInk), a merged range (read in its first
// cell only), a formula (its cached value may not be what a viewer's
// recalculation shows), a TRUE/FALSE cell (read as 1 or 0), and a number
// whose format shows another number ("0""000""" shows 1 as 1000, "5%"
// holds 0.05).

// bomSheet returns the sheet that holds the BOM: the visible sheet named
// "BOM", else the only visible sheet. A hidden sheet named BOM, or several
// visible sheets none named BOM, is refused: the sheet read must be the
// one a viewer sees.
func bomSheet(f *excelize.File, name string) (string, error) {
	seen := map[string]string{}
	for _, s := range f.GetSheetList() {
		// Excel would repair such a file; excelize finds a sheet by either
		// name, one call the one sheet, the next the other.
		if other, twice := seen[strings.ToLower(s)]; twice {
			return "", footprint.FieldErrorf(footprint.EINVALID, name, "sheets %q and %q differ only in case: give each sheet its own name", other, s)
		}
		seen[strings.ToLower(s)] = s
	}
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
		// where (say) and what (say, of format) in Chinese and English,
		// each to its own half (they were English in both).
		return footprint.FieldErrorf(footprint.EINVALID, name, "sheet %q, %s: %s", sheet, where, say(format, args...))
	}
	// Before anything reads the sheet into excelize's model, which a
	// streamed read would then write out again to stream it.
	shownCells, err := f.GetRows(sheet) // as formatted for display
	if err != nil {
		return refuse(say("cells"), "cannot be read")
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return refuse(say("merged cells"), "cannot be read")
	}
	if len(merged) > 0 {
		return refuse(say("cells %s:%s", merged[0].GetStartAxis(), merged[0].GetEndAxis()), "merged cells are read in their first cell only: unmerge them and fill every row")
	}
	layout, err := readSheetLayout(f, sheet)
	if err != nil {
		return refuse(say("layout"), "cannot be read: %v", err)
	}
	if layout.drawing {
		return refuse(say("drawing"), "a picture, shape or chart can lie over cells: remove them from the BOM sheet")
	}
	if layout.conditional != "" {
		return refuse(say("conditional format %s", layout.conditional), "a conditional format can change what a cell shows: remove the sheet's conditional formats")
	}
	hiddenCols := map[int]bool{}
	ink := map[int]string{} // by style index: why its text cannot be read, or ""
	for i, row := range cells {
		r := i + 1
		if slices.IndexFunc(row, func(c string) bool { return c != "" }) < 0 {
			continue
		}
		if layout.rowHidden(r) {
			return refuse(say("row %d", r), "the row is hidden (or lower than %g points) but holds data: unhide it or delete it", minShownRowPt)
		}
		for j, raw := range row {
			if raw == "" {
				continue
			}
			col, _ := excelize.ColumnNumberToName(j + 1)
			if _, seen := hiddenCols[j]; !seen {
				hiddenCols[j] = layout.colHidden(j + 1)
			}
			axis := col + strconv.Itoa(r)
			if hiddenCols[j] {
				return refuse(say("cell %s", axis), "column %s is hidden (or narrower than %g character) but holds data: unhide it or delete it", col, minShownColChars)
			}
			idx, _ := f.GetCellStyle(sheet, axis)
			why, seen := ink[idx]
			if !seen {
				why = unreadableInk(f, idx)
				ink[idx] = why
			}
			if why != "" {
				return refuse(say("cell %s", axis), "%s: a viewer cannot read it; write it in a readable font and colour", why)
			}
			if formula, _ := f.GetCellFormula(sheet, axis); formula != "" {
				return refuse(say("cell %s", axis), "a formula (=%s): write its value, as the cell shows it", truncate(formula, 64))
			}
			t, _ := f.GetCellType(sheet, axis)
			if t == excelize.CellTypeBool {
				return refuse(say("cell %s", axis), "TRUE or FALSE where a value is read: write the value")
			}
			// Rich text: runs with a font of their own, which the cell's
			// style does not say (a white "0" after a visible "1").
			if t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString {
				if runs, _ := f.GetCellRichText(sheet, axis); slices.ContainsFunc(runs, func(r excelize.RichTextRun) bool { return r.Font != nil }) {
					return refuse(say("cell %s", axis), "rich text, its runs in fonts of their own: write it as plain text")
				}
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
				return refuse(say("cell %s", axis), "shows %q but holds %s (its number format): write the value as it is to be read, without a format that changes it", truncate(shown, 32), truncate(raw, 32))
			}
		}
	}
	return nil
}

// What a viewer cannot read: a row lower than minShownRowPt points (the
// default row is 15, Excel's), a column narrower than minShownColChars
// characters, text smaller than minShownFontPt points or with less than
// minInkContrast contrast against its cell's background (WCAG 2.x's
// contrast ratio, 1 for the same colour, 21 for black on white). Each is a
// choice of ours, well below any legible layout: they refuse a row, column
// or text made to be overlooked, not a dense sheet.
const (
	minShownRowPt    = 6.0
	minShownColChars = 1.0
	minShownFontPt   = 6.0
	minInkContrast   = 1.5
)

// sheetLayout is what of a worksheet's XML decides which of its rows and
// columns a viewer sees, read in one pass from the file itself: excelize
// asks a row's height by a scan of every row (quadratic at MaxBOMRows),
// reads a column of width 0 as one of the default width, and does not
// read the sheet's zeroHeight (rows without a height of their own hidden).
type sheetLayout struct {
	zeroHeight bool
	rowHeight  float64 // of a row without a height of its own
	// conditional is the range of the sheet's first conditional format
	// ("?" when it names none there), or "": a conditional format changes
	// what a cell shows (its colours, its number format) without the
	// cell's own style saying so.
	conditional string
	drawing     bool     // pictures, shapes or charts on the sheet
	colWidth    *float64 // of a column without a width of its own; nil when not set
	cols        []xlsxCol
	rows        map[int]xlsxRow
}

type xlsxCol struct {
	Min    int      `xml:"min,attr"`
	Max    int      `xml:"max,attr"`
	Width  *float64 `xml:"width,attr"`
	Hidden bool     `xml:"hidden,attr"`
}

type xlsxRow struct {
	height *float64
	hidden bool
}

func (l *sheetLayout) rowHidden(r int) bool {
	row := l.rows[r]
	h := l.rowHeight
	switch {
	case row.height != nil:
		h = *row.height
	case l.zeroHeight:
		h = 0
	}
	return row.hidden || h < minShownRowPt
}

func (l *sheetLayout) colHidden(c int) bool {
	w, set := 0.0, l.colWidth != nil
	if set {
		w = *l.colWidth
	}
	for _, col := range l.cols { // the last definition of a column wins, as in excelize
		if col.Min <= c && c <= col.Max {
			if col.Hidden {
				return true
			}
			if col.Width != nil {
				w, set = *col.Width, true
			}
		}
	}
	return set && w < minShownColChars
}

// readSheetLayout reads the layout of the sheet named sheet from the parts
// excelize read (f.Pkg), found as excelize finds them: the first
// officeDocument relationship of the package leads to the workbook part,
// its relationships to the sheet's part (getWorkbookPath, getSheetMap,
// getWorksheetPath in excelize). Found any other way, a workbook with two
// workbook relationships, or two ZIP entries of one name, had its layout
// read from another part than its cells. Attributes are matched by local
// name, so the Strict namespaces read as the Transitional ones.
func readSheetLayout(f *excelize.File, sheet string) (*sheetLayout, error) {
	type rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	part := func(name string) ([]byte, error) {
		v, _ := f.Pkg.Load(name)
		b, ok := v.([]byte)
		if !ok {
			return nil, fmt.Errorf("no part %q", name)
		}
		return b, nil
	}
	decode := func(name string, v any) error {
		b, err := part(name)
		if err != nil {
			return err
		}
		return xml.Unmarshal(b, v)
	}
	var pkg, wbRels rels
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decode("_rels/.rels", &pkg); err != nil {
		return nil, err
	}
	wbPath := ""
	for _, r := range pkg.Rel {
		if r.Type == excelize.SourceRelationshipOfficeDocument || r.Type == excelize.StrictSourceRelationshipOfficeDocument {
			wbPath = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	relsPath := "_rels/" + path.Base(wbPath) + ".rels"
	if dir := path.Dir(wbPath); dir != "." {
		relsPath = strings.TrimPrefix(dir+"/"+relsPath, "/")
	}
	if err := decode(wbPath, &wb); err != nil {
		return nil, err
	}
	if err := decode(relsPath, &wbRels); err != nil {
		return nil, err
	}
	sheetPath := ""
	for _, s := range wb.Sheets {
		for _, r := range wbRels.Rel {
			if s.Name == sheet && r.ID == s.RID {
				sheetPath = strings.TrimPrefix(path.Clean(path.Dir(wbPath)+"/"+r.Target), "/")
				if strings.HasPrefix(r.Target, "/") {
					sheetPath = strings.TrimPrefix(path.Clean(r.Target), "/")
				}
			}
		}
	}
	data, err := part(sheetPath)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	l := &sheetLayout{rowHeight: 15, rows: map[int]xlsxRow{}}
	dec := xml.NewDecoder(bytes.NewReader(data))
	attr := func(e xml.StartElement, name string) (string, bool) {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value, true
			}
		}
		return "", false
	}
	number := func(e xml.StartElement, name string) *float64 {
		if v, ok := attr(e, name); ok {
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				return &x
			}
			x := 0.0 // unreadable: as no room at all, so refused where it holds data
			return &x
		}
		return nil
	}
	flag := func(e xml.StartElement, name string) bool {
		v, _ := attr(e, name)
		return v == "1" || v == "true"
	}
	last := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return l, nil
		}
		if err != nil {
			return nil, err
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "sheetFormatPr":
			if h := number(e, "defaultRowHeight"); h != nil {
				l.rowHeight = *h
			}
			if w := number(e, "defaultColWidth"); w != nil {
				l.colWidth = w
			}
			l.zeroHeight = flag(e, "zeroHeight")
		case "col":
			var c xlsxCol
			if err := dec.DecodeElement(&c, &e); err != nil {
				return nil, err
			}
			l.cols = append(l.cols, c)
		case "drawing": // pictures and shapes, which may lie over cells
			l.drawing = true
		case "conditionalFormatting": // also the x14 ones of an extLst
			if l.conditional == "" {
				v, _ := attr(e, "sqref")
				l.conditional = cmp.Or(v, "?")
			}
		case "row":
			last++
			if v, ok := attr(e, "r"); ok {
				if last, err = strconv.Atoi(v); err != nil {
					return nil, fmt.Errorf("row %q", v)
				}
			}
			if last <= tabular.MaxBOMRows+1 { // a longer sheet is refused by its cells
				l.rows[last] = xlsxRow{height: number(e, "ht"), hidden: flag(e, "hidden")}
			}
		}
	}
}

// unreadableInk says why the text of cells of style idx cannot be read
// (in Chinese, then in English: say),
// or "": a font too small, or of (nearly) the colour of the cell's
// background. The style's font and fill are read from the workbook's
// style sheet whatever its applyFont and applyFill say (excelize's
// GetStyle honours them, Excel draws the font and fill either way), and a
// colour the workbook does not resolve (a theme colour without a theme)
// is refused, as its contrast cannot be judged.
func unreadableInk(f *excelize.File, idx int) string {
	if _, err := f.GetStyle(idx); err != nil { // reads the style sheet into f.Styles
		return say("its style cannot be read")
	}
	cannot := func() string { return say("its colours cannot be read") }
	xf, fonts, fills := f.Styles.CellXfs.Xf[idx], f.Styles.Fonts, f.Styles.Fills
	fontID, fillID := cmp.Or(xf.FontID, new(int)), cmp.Or(xf.FillID, new(int))
	if fonts == nil || *fontID < 0 || *fontID >= len(fonts.Font) || fonts.Font[*fontID] == nil {
		return say("its font cannot be read")
	}
	font := fonts.Font[*fontID]
	if font.Sz != nil && font.Sz.Val != nil && *font.Sz.Val < minShownFontPt {
		return say("its font is %g points", *font.Sz.Val)
	}
	ink := "000000" // automatic: black
	if c := font.Color; c != nil && !c.Auto {
		var ok bool
		if ink, ok = resolveColour(f, c.RGB, c.Indexed, c.Theme, c.Tint); !ok {
			return cannot()
		}
	}
	backgrounds := []string{"FFFFFF"} // no fill: the window's white
	if fills != nil && *fillID >= 0 && *fillID < len(fills.Fill) && fills.Fill[*fillID] != nil {
		backgrounds = nil
		fill := fills.Fill[*fillID]
		if g := fill.GradientFill; g != nil {
			for _, stop := range g.Stop {
				c, ok := resolveColour(f, stop.Color.RGB, stop.Color.Indexed, stop.Color.Theme, stop.Color.Tint)
				if !ok {
					return cannot()
				}
				backgrounds = append(backgrounds, c)
			}
		}
		// A pattern draws its foreground colour on its background one; a
		// solid fill is all foreground.
		if p := fill.PatternFill; p != nil && p.PatternType != "" && p.PatternType != "none" {
			fg, bg := "000000", "FFFFFF"
			var ok bool
			if c := p.FgColor; c != nil && !c.Auto {
				if fg, ok = resolveColour(f, c.RGB, c.Indexed, c.Theme, c.Tint); !ok {
					return cannot()
				}
			}
			if c := p.BgColor; c != nil && !c.Auto && p.PatternType != "solid" {
				if bg, ok = resolveColour(f, c.RGB, c.Indexed, c.Theme, c.Tint); !ok {
					return cannot()
				}
			}
			backgrounds = append(backgrounds, fg)
			if p.PatternType != "solid" {
				backgrounds = append(backgrounds, bg)
			}
		}
		if len(backgrounds) == 0 {
			backgrounds = []string{"FFFFFF"}
		}
	}
	// A number format may colour the text itself: "[White]0.00".
	inks := []string{ink}
	if n := f.Styles.NumFmts; n != nil && xf.NumFmtID != nil {
		for _, nf := range n.NumFmt {
			if nf.NumFmtID != *xf.NumFmtID {
				continue
			}
			for _, m := range numFmtColour.FindAllStringSubmatch(nf.FormatCode, -1) {
				c, ok := excelColours[strings.ToLower(m[1])]
				if m[2] != "" { // [ColorN]: the palette's Nth colour, indexed N+7
					i, _ := strconv.Atoi(m[2])
					c, ok = resolveColour(f, "", i+7, nil, 0)
				}
				if !ok {
					return cannot()
				}
				inks = append(inks, c)
			}
		}
	}
	for _, ink := range inks {
		for _, bg := range backgrounds {
			if c := contrast(ink, bg); c < minInkContrast {
				return say("its text (#%s) on its background (#%s) has a contrast of %.2f", ink, bg, c)
			}
		}
	}
	return ""
}

// numFmtColour finds the colours of a number format's sections, and
// excelColours are those named (ECMA-376 Part 1, 18.8.31).
var (
	numFmtColour = regexp.MustCompile(`(?i)\[\s*(black|blue|cyan|green|magenta|red|white|yellow|color\s*(\d{1,2}))\s*\]`)
	excelColours = map[string]string{"black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF", "red": "FF0000", "white": "FFFFFF", "yellow": "FFFF00"}
)

// resolveColour is a style colour as RRGGBB: its RGB (alpha ignored, as
// Excel does), else its theme colour (the workbook's theme read; the ten
// excelize resolves and the two hyperlink colours), else its indexed
// colour, tinted.
func resolveColour(f *excelize.File, rgb string, indexed int, theme *int, tint float64) (string, bool) {
	if len(rgb) == 8 {
		rgb = rgb[2:]
	}
	if theme != nil && rgb == "" && (f.Theme == nil || *theme < 0 || *theme > 11) {
		return "", false
	}
	if theme != nil && rgb != "" {
		theme = nil
	}
	if theme != nil && *theme >= 10 { // the hyperlink colours, which Excel gives a URL it formats; GetBaseColor reads 0-9 only
		c := f.Theme.ThemeElements.ClrScheme.Hlink
		if *theme == 11 {
			c = f.Theme.ThemeElements.ClrScheme.FolHlink
		}
		switch {
		case c.SrgbClr != nil && c.SrgbClr.Val != nil:
			rgb = *c.SrgbClr.Val
		case c.SysClr != nil:
			rgb = c.SysClr.LastClr
		}
		theme = nil
	}
	base := f.GetBaseColor(rgb, indexed, theme)
	if _, err := strconv.ParseUint(base, 16, 32); err != nil || len(base) != 6 {
		return "", false // ThemeColor slices it as six hex digits
	}
	return excelize.ThemeColor(base, tint)[2:], true
}

// contrast is WCAG 2.x's contrast ratio of two RRGGBB colours; an
// unreadable colour counts as the same as the other.
func contrast(a, b string) float64 {
	lum := func(hex string) (float64, bool) {
		v, err := strconv.ParseUint(hex, 16, 32)
		if err != nil || len(hex) != 6 {
			return 0, false
		}
		l := 0.0
		for i, w := range []float64{0.2126, 0.7152, 0.0722} {
			c := float64(v>>(16-8*i)&0xff) / 255
			if c <= 0.04045 {
				c /= 12.92
			} else {
				c = math.Pow((c+0.055)/1.055, 2.4)
			}
			l += w * c
		}
		return l, true
	}
	la, okA := lum(a)
	lb, okB := lum(b)
	if !okA || !okB {
		return 1
	}
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
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

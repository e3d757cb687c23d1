package api

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/xuri/excelize/v2"
)

// BOMColumns are the columns of a bill of materials uploaded as CSV or as
// the first sheet (or the sheet named "BOM") of an Excel workbook. The first
// row names the columns, in any order and case; only quantity and unit are
// required. Rows are lines of the study, in order:
//
//   - level: depth in a multi-level BOM, 1 (default) for a top-level line;
//     a row at level n+1 is a child of the nearest row above it at level n,
//     its quantity per one unit of that parent (the study format's
//     "children").
//   - section: bom (default), packaging or electricity, on level-1 rows.
//   - description, quantity, unit, factor_code, supplier, stage, scrap_pct,
//     primary (true/false, yes/no, 1/0, 是/否), notes: as in the study
//     format's BOM lines (factor_code is "factor", supplier a supplier
//     certificate ID).
//   - exempt_reason, screening_factor: a cut-off line and its screening
//     factor.
//   - dq_ter, dq_gr, dq_tir, dq_p: PEF data-quality scores 1-5.
//
// Aliases: name for description, factor for factor_code, qty for quantity.
var BOMColumns = []string{
	"level", "section", "description", "quantity", "unit", "factor_code", "supplier", "stage",
	"scrap_pct", "primary", "exempt_reason", "screening_factor", "dq_ter", "dq_gr", "dq_tir", "dq_p", "notes",
}

var bomAliases = map[string]string{"name": "description", "factor": "factor_code", "qty": "quantity"}

// bomSections are the study sections a BOM upload can fill.
var bomSections = []string{"bom", "packaging", "electricity"}

// Limits of a BOM upload; the engine has its own limits on the tree.
const (
	maxBOMRows  = 20000
	maxBOMLevel = 32
)

// bomUpload is a BOM file mapped onto the study format: lines per section,
// as JSON objects of the study format, and the file line of each line's
// JSON path, so that errors from the study parser and the engine can be
// reported as "bom.csv:12".
type bomUpload struct {
	name     string
	sections map[string][]any
	lines    map[string]int // "bom[0].children[2]" → file line
}

// readBOMCSV reads a CSV BOM.
func readBOMCSV(name string, data []byte) (*bomUpload, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var rows [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("%s:%d", name, pe.Line), "malformed CSV: %s", pe.Err)
			}
			return nil, footprint.FieldErrorf(footprint.EINVALID, name, "malformed CSV")
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
		if len(rows) > maxBOMRows+1 {
			return nil, footprint.FieldErrorf(footprint.EINVALID, name, "more than %d rows", maxBOMRows)
		}
	}
	return buildBOM(name, rows, lines)
}

// readBOMXLSX reads an Excel BOM from the sheet named "BOM", or else the
// first sheet. Cells are read raw (unformatted), so a number shown rounded
// in Excel keeps its full value.
func readBOMXLSX(name string, data []byte) (*bomUpload, error) {
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
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "cannot read sheet %q", sheet)
	}
	if len(rows) > maxBOMRows+1 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "more than %d rows", maxBOMRows)
	}
	lines := make([]int, len(rows))
	for i := range rows {
		lines[i] = i + 1
	}
	return buildBOM(name, rows, lines)
}

// buildBOM maps the rows of a BOM (the first is the header) onto study
// lines. Every problem is reported, as a *footprint.CSVErrors.
func buildBOM(name string, rows [][]string, lines []int) (*bomUpload, error) {
	errs := &footprint.CSVErrors{}
	add := func(line int, col, format string, args ...any) {
		if len(errs.Errors) >= footprint.MaxCSVErrors {
			errs.Omitted++
			return
		}
		field := fmt.Sprintf("%s:%d", name, line)
		if col != "" {
			field += ":" + col
		}
		errs.Errors = append(errs.Errors, footprint.FieldErrorf(footprint.EINVALID, field, format, args...))
	}
	// Skip leading blank rows to the header.
	for len(rows) > 0 && blankRow(rows[0]) {
		rows, lines = rows[1:], lines[1:]
	}
	if len(rows) == 0 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "the file is empty (want a header row naming the columns %s)", strings.Join(BOMColumns, ", "))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		h = strings.ToLower(strings.TrimSpace(h))
		if a, ok := bomAliases[h]; ok {
			h = a
		}
		switch {
		case h == "":
			continue
		case !slices.Contains(BOMColumns, h):
			add(lines[0], h, "unknown column (want %s)", strings.Join(BOMColumns, ", "))
		case col[h] != 0:
			add(lines[0], h, "column given twice")
		default:
			col[h] = i + 1 // 0 = absent
		}
	}
	for _, req := range []string{"quantity", "unit"} {
		if col[req] == 0 {
			add(lines[0], req, "required column is missing")
		}
	}
	if len(errs.Errors) > 0 {
		return nil, errs
	}

	up := &bomUpload{name: name, sections: map[string][]any{}, lines: map[string]int{}}
	type open struct {
		node    map[string]any
		path    string
		section string
	}
	var stack []open // stack[k] is the last row at level k+1
	for i, rec := range rows[1:] {
		line := lines[i+1]
		if blankRow(rec) {
			continue
		}
		cell := func(c string) string {
			if j := col[c]; j != 0 && j <= len(rec) {
				return strings.TrimSpace(rec[j-1])
			}
			return ""
		}
		bad := len(errs.Errors) + errs.Omitted
		level := 1
		if s := cell("level"); s != "" {
			n, err := strconv.Atoi(strings.TrimLeft(s, "."))
			if err != nil || n < 1 || n > maxBOMLevel {
				add(line, "level", "level %q: want a whole number from 1 to %d", s, maxBOMLevel)
				continue
			}
			level = n
		}
		if level > len(stack)+1 {
			add(line, "level", "level %d follows level %d: a row may be at most one level deeper than the row above", level, len(stack))
			continue
		}
		section := strings.ToLower(cell("section"))
		if level > 1 {
			parent := stack[level-2]
			if section != "" && section != parent.section {
				add(line, "section", "section %q differs from the parent row's section %q", section, parent.section)
			}
			section = parent.section
		} else if section == "" {
			section = "bom"
		} else if !slices.Contains(bomSections, section) {
			add(line, "section", "unknown section %q (want %s)", section, strings.Join(bomSections, ", "))
			continue
		}
		if section == "electricity" && level > 1 {
			add(line, "level", "electricity lines have no children")
		}

		node := map[string]any{}
		if s := cell("description"); s != "" {
			node["name"] = s
		}
		num := func(c string, integer bool) (float64, bool) {
			s := cell(c)
			if s == "" {
				return 0, false
			}
			x, err := parseFinite(s)
			if err != nil || (integer && x != float64(int(x))) {
				add(line, c, "%q is not a number", s)
				return 0, false
			}
			return x, true
		}
		if q, ok := num("quantity", false); ok {
			node["quantity"] = q
		} else if cell("quantity") == "" {
			add(line, "quantity", "quantity is required")
		}
		if u := cell("unit"); u != "" {
			node["unit"] = u
		} else {
			add(line, "unit", "unit is required")
		}
		if s := cell("factor_code"); s != "" {
			node["factor"] = s
		}
		if s := cell("stage"); s != "" {
			node["stage"] = s
		}
		if s := cell("notes"); s != "" {
			node["notes"] = s
		}
		if s := cell("primary"); s != "" {
			b, ok := parseYesNo(s)
			if !ok {
				add(line, "primary", "%q: want true or false", s)
			}
			if b {
				node["primary"] = true
			}
		}
		dq := map[string]any{}
		for _, k := range []string{"ter", "gr", "tir", "p"} {
			if x, ok := num("dq_"+k, true); ok {
				dq[k] = int(x)
			}
		}
		if len(dq) > 0 {
			node["dq"] = dq
		}
		lineOnly := []string{"supplier", "scrap_pct", "exempt_reason", "screening_factor"}
		if section == "electricity" {
			for _, c := range lineOnly {
				if cell(c) != "" {
					add(line, c, "not allowed on an electricity line")
				}
			}
		} else {
			if s := cell("supplier"); s != "" {
				node["supplier"] = s
			}
			if x, ok := num("scrap_pct", false); ok {
				node["scrap_pct"] = x
			}
			if r := cell("exempt_reason"); r != "" {
				ex := map[string]any{"reason": r}
				if s := cell("screening_factor"); s != "" {
					ex["screening_factor"] = s
				}
				node["exempt"] = ex
			} else if cell("screening_factor") != "" {
				add(line, "screening_factor", "a screening factor needs an exempt_reason")
			}
		}
		if len(errs.Errors)+errs.Omitted > bad {
			continue
		}

		stack = stack[:level-1]
		var path string
		if level == 1 {
			path = fmt.Sprintf("%s[%d]", section, len(up.sections[section]))
			up.sections[section] = append(up.sections[section], node)
		} else {
			parent := stack[level-2].node
			children, _ := parent["children"].([]any)
			path = fmt.Sprintf("%s.children[%d]", stack[level-2].path, len(children))
			parent["children"] = append(children, node)
		}
		up.lines[path] = line
		stack = append(stack, open{node: node, path: path, section: section})
	}
	if len(errs.Errors) > 0 {
		return nil, errs
	}
	if len(up.lines) == 0 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "the file has a header but no lines")
	}
	return up, nil
}

func blankRow(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func parseYesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "是", "x":
		return true, true
	case "false", "no", "n", "0", "否", "":
		return false, true
	}
	return false, false
}

// studyFieldColumns names the BOM column of a study-format field, for
// errors about an uploaded line.
var studyFieldColumns = map[string]string{
	"name": "description", "factor": "factor_code", "dq.ter": "dq_ter", "dq.gr": "dq_gr",
	"dq.tir": "dq_tir", "dq.p": "dq_p", "exempt.reason": "exempt_reason",
	"exempt.screening_factor": "screening_factor",
}

// locate rewrites an error about a study path that came from the upload
// ("bom[0].children[2].unit") into a file position ("bom.csv:14:unit"),
// keeping the path in the message. Other errors pass unchanged.
func (up *bomUpload) locate(err error) error {
	var fe *footprint.Error
	if up == nil || !errors.As(err, &fe) || fe.Field == "" {
		return err
	}
	best := ""
	for p := range up.lines {
		if len(p) > len(best) && (fe.Field == p || strings.HasPrefix(fe.Field, p+".")) {
			best = p
		}
	}
	if best == "" {
		return err
	}
	field := fmt.Sprintf("%s:%d", up.name, up.lines[best])
	if rest := strings.TrimPrefix(fe.Field, best+"."); rest != fe.Field && !strings.Contains(rest, "[") {
		if c, ok := studyFieldColumns[rest]; ok {
			rest = c
		}
		field += ":" + rest
	}
	return footprint.FieldErrorf(fe.Code, field, "%s (%s)", fe.Message, fe.Field)
}

// parseFinite parses a decimal number from an upload; NaN and infinities,
// which strconv accepts, are refused like any other non-number.
func parseFinite(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		err = strconv.ErrSyntax
	}
	return x, err
}

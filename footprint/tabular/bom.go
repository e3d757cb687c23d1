package tabular

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// cellKind is how a BOM cell is read.
type cellKind int

const (
	textCell    cellKind = iota
	numberCell           // a finite decimal number
	integerCell          // a whole number
	yesNoCell            // true/false, yes/no, 1/0, 是/否
)

// bomColumn is one column of a BOM table and the study-format field of a
// line it fills.
type bomColumn struct {
	name     string
	field    string // study-format field, dotted when nested ("dq.ter"); "" for level and section
	kind     cellKind
	required bool // the header must name it and every line fill it
	noPower  bool // not allowed on an electricity line (BOM and packaging lines only)
}

// bomColumns are the columns of a BOM table. To add one, add an entry here.
var bomColumns = []bomColumn{
	{name: "level"},
	{name: "section"},
	{name: "description", field: "name"},
	{name: "quantity", field: "quantity", kind: numberCell, required: true},
	{name: "unit", field: "unit", required: true},
	{name: "factor_code", field: "factor"},
	{name: "supplier", field: "supplier", noPower: true},
	{name: "stage", field: "stage"},
	{name: "scrap_pct", field: "scrap_pct", kind: numberCell, noPower: true},
	{name: "mass_kg", field: "mass_kg", kind: numberCell, noPower: true},
	{name: "primary", field: "primary", kind: yesNoCell},
	{name: "exempt_reason", field: "exempt.reason", noPower: true},
	{name: "screening_factor", field: "exempt.screening_factor", noPower: true},
	{name: "dq_ter", field: "dq.ter", kind: integerCell},
	{name: "dq_gr", field: "dq.gr", kind: integerCell},
	{name: "dq_tir", field: "dq.tir", kind: integerCell},
	{name: "dq_p", field: "dq.p", kind: integerCell},
	{name: "notes", field: "notes"},
}

// BOMColumns are the columns of a bill of materials given as a table: a CSV
// file, or a sheet of an Excel workbook read by the api package. The first
// row names the columns, in any order and case; only quantity and unit are
// required. Rows are lines of the study, in order:
//
//   - level: depth in a multi-level BOM, 1 (default) for a top-level line;
//     a row at level n+1 is a child of the nearest row above it at level n,
//     its quantity per one unit of that parent (the study format's
//     "children").
//   - section: bom (default), packaging or electricity, on level-1 rows.
//   - description, quantity, unit, factor_code, supplier, stage, scrap_pct,
//     mass_kg, primary (true/false, yes/no, 1/0, 是/否), notes: as in the study
//     format's BOM lines (factor_code is "factor", supplier a supplier
//     certificate ID).
//   - exempt_reason, screening_factor: a cut-off line and its screening
//     factor.
//   - dq_ter, dq_gr, dq_tir, dq_p: PEF data-quality scores 1-5.
//
// Aliases: name for description, factor for factor_code, qty for quantity.
var BOMColumns = columnNames(bomColumns, func(c bomColumn) string { return c.name })

var bomAliases = map[string]string{"name": "description", "factor": "factor_code", "qty": "quantity"}

// BOMSections are the study sections a BOM table can fill.
var BOMSections = []string{"bom", "packaging", "electricity"}

// Limits of a BOM table; the engine has its own limits on the tree.
const (
	MaxBOMRows  = 20000
	maxBOMLevel = 32
)

// Row is one row of a table with its 1-based line in the file (for a
// spreadsheet, its row number).
type Row struct {
	Line  int
	Cells []string
}

// BOM is a bill of materials read from a table: the lines of each study
// section, as study-format JSON values, and the file line each came from,
// so that an error about a study path ("bom[0].children[2].unit") can name
// the file position instead (Locate).
type BOM struct {
	Name     string           // file name, for error positions
	Sections map[string][]any // section → lines of the study format
	lines    map[string]int   // study path of a line → file line
}

// ReadBOMCSV reads a BOM table (BOMColumns) from CSV; name prefixes error
// positions. The file may be UTF-8 or GB18030 (GBK, what Chinese-locale
// Excel saves as CSV); a cell whose bytes are not text in that encoding is
// refused with its line and column.
func ReadBOMCSV(r io.Reader, name string) (*BOM, error) {
	p := &problems{name: name}
	cr, text := newCSVReader(r)
	var rows []Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, p.readError(err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, Row{Line: line, Cells: rec})
		if len(rows) > MaxBOMRows+1 {
			break // enough for ParseBOM to refuse
		}
	}
	var header []string
	for _, row := range rows {
		if header == nil && !blankRow(row.Cells) {
			header = row.Cells
		}
		for i, c := range row.Cells {
			if msg := text.check(c); msg != "" {
				p.add(row.Line, columnLabel(header, i), "%s", msg)
			}
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return ParseBOM(name, rows)
}

// ParseBOM maps the rows of a BOM table (BOMColumns; the first non-blank row
// is the header) onto study lines. Every problem is reported, in an *Errors.
func ParseBOM(name string, rows []Row) (*BOM, error) {
	if len(rows) > MaxBOMRows+1 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "more than %d rows", MaxBOMRows)
	}
	for len(rows) > 0 && blankRow(rows[0].Cells) {
		rows = rows[1:]
	}
	if len(rows) == 0 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "the file is empty (want a header row naming the columns %s)", strings.Join(BOMColumns, ", "))
	}
	b := &bomParser{problems: problems{name: name}}
	if !b.parseHeader(rows[0]) {
		return nil, b.err()
	}
	bom := &BOM{Name: name, Sections: map[string][]any{}, lines: map[string]int{}}
	var stack []openLine // stack[k] is the last line at level k+1, while open
	for _, row := range rows[1:] {
		if blankRow(row.Cells) {
			continue
		}
		before := b.count()
		level, section, ok := b.place(row, stack)
		if !ok {
			continue
		}
		if node := b.line(row, section); b.count() == before {
			stack = bom.add(stack[:level-1], node, row.Line, section)
		}
	}
	if err := b.err(); err != nil {
		return nil, err
	}
	if len(bom.lines) == 0 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "the file has a header but no lines")
	}
	return bom, nil
}

// add appends a line to the BOM: as the last child of the last open line,
// or at the top level of section when none is open. It returns the open
// lines with the new one last.
func (bom *BOM) add(open []openLine, node map[string]any, line int, section string) []openLine {
	var path string
	if len(open) == 0 {
		path = fmt.Sprintf("%s[%d]", section, len(bom.Sections[section]))
		bom.Sections[section] = append(bom.Sections[section], node)
	} else {
		parent := open[len(open)-1]
		children, _ := parent.node["children"].([]any)
		path = fmt.Sprintf("%s.children[%d]", parent.path, len(children))
		parent.node["children"] = append(children, node)
	}
	bom.lines[path] = line
	return append(open, openLine{node: node, path: path, section: section})
}

// openLine is a line that later rows may add children to.
type openLine struct {
	node    map[string]any
	path    string
	section string
}

// bomParser reads the rows of one BOM table.
type bomParser struct {
	problems
	col map[string]int // column name → cell index
}

// parseHeader maps column names (or aliases) to cell indexes and reports
// unknown, repeated and missing required columns.
func (b *bomParser) parseHeader(header Row) bool {
	b.col = map[string]int{}
	for i, h := range header.Cells {
		h = headerName(h)
		if a, ok := bomAliases[h]; ok {
			h = a
		}
		_, seen := b.col[h]
		switch {
		case h == "":
		case !slices.Contains(BOMColumns, h):
			b.add(header.Line, h, "unknown column (want %s)", strings.Join(BOMColumns, ", "))
		case seen:
			b.add(header.Line, h, "column given twice")
		default:
			b.col[h] = i
		}
	}
	for _, c := range bomColumns {
		if _, ok := b.col[c.name]; c.required && !ok {
			b.add(header.Line, c.name, "required column is missing")
		}
	}
	return b.count() == 0
}

// cell returns the trimmed cell of column c in row, "" if absent.
func (b *bomParser) cell(row Row, c string) string {
	if i, ok := b.col[c]; ok && i < len(row.Cells) {
		return strings.TrimSpace(row.Cells[i])
	}
	return ""
}

// place reads where a row goes: its level (at most one deeper than the row
// above) and section (a child's is its parent's).
func (b *bomParser) place(row Row, stack []openLine) (level int, section string, ok bool) {
	level = 1
	if s := b.cell(row, "level"); s != "" {
		n, err := strconv.Atoi(strings.TrimLeft(s, "."))
		if err != nil || n < 1 || n > maxBOMLevel {
			b.add(row.Line, "level", "level %q: want a whole number from 1 to %d", s, maxBOMLevel)
			return 0, "", false
		}
		level = n
	}
	if level > len(stack)+1 {
		b.add(row.Line, "level", "level %d follows level %d: a row may be at most one level deeper than the row above", level, len(stack))
		return 0, "", false
	}
	section = strings.ToLower(b.cell(row, "section"))
	switch {
	case level > 1:
		parent := stack[level-2].section
		if section != "" && section != parent {
			b.add(row.Line, "section", "section %q differs from the parent row's section %q", section, parent)
		}
		section = parent
		if section == "electricity" {
			b.add(row.Line, "level", "electricity lines have no children")
		}
	case section == "":
		section = "bom"
	case !slices.Contains(BOMSections, section):
		b.add(row.Line, "section", "unknown section %q (want %s)", section, strings.Join(BOMSections, ", "))
		return 0, "", false
	}
	return level, section, true
}

// line maps a row's cells onto a study-format line of section, reporting
// every problem of the row.
func (b *bomParser) line(row Row, section string) map[string]any {
	node := map[string]any{}
	for _, c := range bomColumns {
		s := b.cell(row, c.name)
		if c.field == "" {
			continue
		}
		if s == "" {
			if c.required {
				b.add(row.Line, c.name, "%s is required", c.name)
			}
			continue
		}
		if c.noPower && section == "electricity" {
			b.add(row.Line, c.name, "not allowed on an electricity line")
			continue
		}
		v, ok := b.value(row, c, s)
		if !ok {
			continue
		}
		parent, key := node, c.field
		if group, k, nested := strings.Cut(c.field, "."); nested {
			sub, _ := node[group].(map[string]any)
			if sub == nil {
				sub = map[string]any{}
				node[group] = sub
			}
			parent, key = sub, k
		}
		parent[key] = v
	}
	if ex, ok := node["exempt"].(map[string]any); ok && ex["reason"] == nil {
		b.add(row.Line, "screening_factor", "a screening factor needs an exempt_reason")
	}
	return node
}

// value parses a non-empty cell of column c.
func (b *bomParser) value(row Row, c bomColumn, s string) (any, bool) {
	switch c.kind {
	case numberCell, integerCell:
		x, err := parseFinite(s)
		if err != nil {
			if h := numberHint(s); h != "" {
				b.add(row.Line, c.name, "%q is not a number: %s", s, h)
			} else {
				b.add(row.Line, c.name, "%q is not a number", s)
			}
			return nil, false
		}
		if c.kind == integerCell && x != float64(int(x)) {
			b.add(row.Line, c.name, "%q is not a number", s)
			return nil, false
		}
		if c.kind == integerCell {
			return int(x), true
		}
		return x, true
	case yesNoCell:
		switch strings.ToLower(s) {
		case "true", "yes", "y", "1", "是", "x":
			return true, true
		case "false", "no", "n", "0", "否":
			return false, true
		}
		b.add(row.Line, c.name, "%q: want true or false", s)
		return nil, false
	}
	return s, true
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Locate rewrites an error about a study path that came from the table
// ("bom[0].children[2].unit") into a file position ("bom.csv:14:unit"),
// keeping the path in the message. Other errors, and any error when b is
// nil, pass unchanged.
func (b *BOM) Locate(err error) error {
	var fe *footprint.Error
	if b == nil || !errors.As(err, &fe) || fe.Field == "" {
		return err
	}
	best := ""
	for p := range b.lines {
		if len(p) > len(best) && (fe.Field == p || strings.HasPrefix(fe.Field, p+".")) {
			best = p
		}
	}
	if best == "" {
		return err
	}
	field := fmt.Sprintf("%s:%d", b.Name, b.lines[best])
	if rest := strings.TrimPrefix(fe.Field, best+"."); rest != fe.Field && !strings.Contains(rest, "[") {
		for _, c := range bomColumns {
			if c.field == rest {
				rest = c.name
			}
		}
		field += ":" + rest
	}
	return footprint.FieldErrorf(fe.Code, field, "%s (%s)", fe.Message, fe.Field)
}

// Study adds the BOM's lines to a study document without them (the header:
// everything but the lines, e.g. from StudyHeader) and reads the whole with
// footprint.ParseStudyJSON, so that a table and a JSON study are checked by
// the same code. A section given both in the header and in the table is
// refused. Errors about a line of the table name its file position.
func (b *BOM) Study(header []byte) (*footprint.Study, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(header, &doc); err != nil || doc == nil {
		// Let the study parser say where the header is malformed.
		if _, perr := footprint.ParseStudyJSON(bytes.NewReader(header)); perr != nil {
			return nil, perr
		}
		return nil, footprint.FieldErrorf(footprint.EINVALID, "study", "the study header is not a JSON object")
	}
	for _, section := range BOMSections {
		lines, ok := b.Sections[section]
		if !ok {
			continue
		}
		if raw := bytes.TrimSpace(doc[section]); len(raw) > 0 && string(raw) != "null" && string(raw) != "[]" {
			return nil, footprint.FieldErrorf(footprint.EINVALID, section, "%s lines are given both in the study header and in the BOM file", section)
		}
		enc, err := json.Marshal(lines)
		if err != nil {
			return nil, fmt.Errorf("encode bom lines: %w", err)
		}
		doc[section] = enc
	}
	enc, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode study: %w", err)
	}
	st, err := footprint.ParseStudyJSON(bytes.NewReader(enc))
	return st, b.Locate(err)
}

// StudyFields are the fields that give the header of a study whose lines
// come from a BOM table: the form fields of an API upload, the --field
// flags of pcf calc. product.product_codes is a comma-separated list;
// declared_unit is "1 piece" (or "piece"); reference_period is
// "2025-01-01/2025-12-31"; product_id names a registered product.
var StudyFields = []string{
	"title", "goal", "rule", "boundary", "declared_unit", "reference_period", "factor_set",
	"reference_output", "notes", "product_id",
	"product.name", "product.name_zh", "product.model", "product.manufacturer", "product.site", "product.site_region",
	"product.product_codes", "product.gtin", "product.mass_kg", "product.rated_power_wp",
	"product.area_m2", "product.cell_technology", "product.active_area_m2",
}

// StudyHeader builds a study document without lines from StudyFields (each
// given once; an empty value is left out). product resolves product_id to
// the study's product section; with product nil, product_id is refused.
// Errors name the field.
func StudyHeader(fields map[string][]string, product func(id string) (any, error)) ([]byte, error) {
	doc := map[string]any{"format": footprint.StudyFormat}
	prod := map[string]any{}
	for name, vals := range fields {
		if !slices.Contains(StudyFields, name) {
			return nil, footprint.FieldErrorf(footprint.EINVALID, name, "unknown field %q (want %s)", name, strings.Join(StudyFields, ", "))
		}
		if len(vals) != 1 {
			return nil, footprint.FieldErrorf(footprint.EINVALID, name, "field given %d times", len(vals))
		}
		val := strings.TrimSpace(vals[0])
		if val == "" {
			continue
		}
		number := func() (float64, error) {
			x, err := parseFinite(val)
			if err != nil {
				if h := numberHint(val); h != "" {
					return 0, footprint.FieldErrorf(footprint.EINVALID, name, "%q is not a number: %s", val, h)
				}
				return 0, footprint.FieldErrorf(footprint.EINVALID, name, "%q is not a number", val)
			}
			return x, nil
		}
		var err error
		switch key, isProduct := strings.CutPrefix(name, "product."); {
		case name == "reference_output":
			doc[name], err = number()
		case name == "declared_unit":
			amount, unit := 1.0, val
			if a, u, ok := strings.Cut(val, " "); ok {
				if amount, err = parseFinite(a); err != nil {
					return nil, footprint.FieldErrorf(footprint.EINVALID, name, "want e.g. \"1 piece\", got %q", val)
				}
				unit = strings.TrimSpace(u)
			}
			doc[name] = map[string]any{"amount": amount, "unit": unit}
		case name == "reference_period":
			start, end, ok := strings.Cut(val, "/")
			if !ok {
				return nil, footprint.FieldErrorf(footprint.EINVALID, name, "want START/END dates, e.g. 2025-01-01/2025-12-31, got %q", val)
			}
			doc[name] = map[string]any{"start": strings.TrimSpace(start), "end": strings.TrimSpace(end)}
		case name == "product_id":
			if product == nil {
				return nil, footprint.FieldErrorf(footprint.EINVALID, name, "a registered product is only available through the API; give the product.* fields")
			}
			if doc["product"], err = product(val); err != nil {
				return nil, err
			}
		case !isProduct:
			doc[name] = val
		case key == "product_codes":
			var codes []string
			for _, s := range strings.Split(val, ",") {
				if s = strings.TrimSpace(s); s != "" {
					codes = append(codes, s)
				}
			}
			prod[key] = codes
		case key == "mass_kg" || key == "rated_power_wp" || key == "area_m2" || key == "active_area_m2":
			prod[key], err = number()
		default:
			prod[key] = val
		}
		if err != nil {
			return nil, err
		}
	}
	if len(prod) > 0 {
		if _, ok := doc["product"]; ok {
			return nil, footprint.FieldErrorf(footprint.EINVALID, "product_id", "give either product_id or product.* fields, not both")
		}
		doc["product"] = prod
	}
	return json.Marshal(doc)
}

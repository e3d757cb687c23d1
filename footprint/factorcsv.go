package footprint

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// FactorCSVColumns lists the columns of the factor CSV format, in the order
// WriteFactorsCSV writes them. ReadFactorsCSV accepts them in any order.
var FactorCSVColumns = []string{
	"code", "name_zh", "name_en", "category", "electricity_role", "value", "unit", "boundary", "geography", "year",
	"product_codes", "source_publisher", "source_document", "source_date", "source_locator",
	"licence", "grade", "dq_ter", "dq_gr", "dq_tir", "dq_p", "uncertainty_pct", "status",
	"superseded_by", "notes",
}

// requiredFactorCSVColumns must be present in a header; the others may be
// left out and then read as empty (0, "", status active).
var requiredFactorCSVColumns = []string{
	"code", "name_zh", "name_en", "category", "value", "unit", "boundary", "geography", "year",
	"source_publisher", "source_document",
}

// MaxCSVErrors is how many row errors ReadFactorsCSV reports before it only
// counts the rest: a file with a systematic mistake (a wrong unit column)
// should give a readable error, not one line per row.
const MaxCSVErrors = 50

// csvProgressEvery is how many rows pass between two progress reports.
const csvProgressEvery = 1000

// CSVErrors is the error ReadFactorsCSV returns for an invalid file: every
// problem found, in file order. Each *Error has code EINVALID and Field
// "name:line:column" (or "name:line" for a problem with a whole row), so
// ErrorCode and ErrorField report the first problem.
type CSVErrors struct {
	Errors  []*Error // at most MaxCSVErrors
	Omitted int      // further problems found but not listed
}

// Error lists the problems one per line as "name:line: column: problem".
func (e *CSVErrors) Error() string {
	var b strings.Builder
	for i, err := range e.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(csvErrorLine(err))
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n… and %d more errors", e.Omitted)
	}
	return b.String()
}

// Unwrap returns the listed errors, so errors.As finds the first *Error.
func (e *CSVErrors) Unwrap() []error {
	errs := make([]error, len(e.Errors))
	for i, err := range e.Errors {
		errs[i] = err
	}
	return errs
}

// csvErrorLine formats one error as "name:line: column: problem". The column,
// if any, follows the last ':' of the field; the line number is digits.
func csvErrorLine(e *Error) string {
	if i := strings.LastIndexByte(e.Field, ':'); i >= 0 {
		if col := e.Field[i+1:]; col != "" && strings.Trim(col, "0123456789") != "" {
			return e.Field[:i] + ": " + col + ": " + e.Message
		}
	}
	return e.Error()
}

// ReadOption configures ReadFactorsCSV.
type ReadOption func(*readOptions)

type readOptions struct {
	progress func(rows int)
}

// WithProgress has ReadFactorsCSV call fn with the number of data rows read
// so far after every 1,000 rows, and once more at the end, so that a command
// line can show progress on a large import.
func WithProgress(fn func(rows int)) ReadOption {
	return func(o *readOptions) { o.progress = fn }
}

// ReadFactorsCSV reads factors in the FactorCSVColumns format from r; name
// (usually the file name) prefixes error positions. The file is validated as
// a whole: header columns (required ones present, no unknown or repeated
// column), every row's fields, Factor.Validate, and codes unique within the
// file. If anything is wrong it returns no factors and a *CSVErrors listing
// the problems as "name:line: column: problem" with 1-based line numbers.
// A UTF-8 byte-order mark and CRLF line ends are accepted. An error reading r
// itself is returned wrapped, not as a CSVErrors.
func ReadFactorsCSV(r io.Reader, name string, opts ...ReadOption) ([]*Factor, error) {
	var o readOptions
	for _, opt := range opts {
		opt(&o)
	}
	p := &csvParser{name: name}

	// A UTF-8 byte-order mark, as spreadsheet tools write it, is dropped
	// before the CSV reader sees it (it would otherwise be part of the first
	// column name, or make a quoted first name a bare-quote error).
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted here, to report it per row and carry on
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		p.add(1, "", "empty file: want a header row")
		return nil, p.err()
	} else if err != nil {
		return nil, p.readError(err)
	}
	if !p.parseHeader(header) {
		return nil, p.err()
	}

	var factors []*Factor
	firstLine := map[string]int{} // factor code → line of its first row
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			// A quoting error leaves the reader at an unknown place in the
			// file: report it and stop.
			if e := p.readError(err); ErrorCode(e) == EINTERNAL {
				return nil, e
			}
			break
		}
		rows++
		if o.progress != nil && rows%csvProgressEvery == 0 {
			o.progress(rows)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(p.cols) {
			p.add(line, "", fmt.Sprintf("row has %d fields, want %d as in the header", len(rec), len(p.cols)))
			continue
		}
		f, ok := p.parseRow(cr, rec)
		if !ok {
			continue
		}
		if first, dup := firstLine[f.Code]; dup {
			p.add(line, "code", fmt.Sprintf("duplicate code %q (first on line %d)", f.Code, first))
			continue
		}
		firstLine[f.Code] = line
		factors = append(factors, f)
	}
	if o.progress != nil && rows%csvProgressEvery != 0 {
		o.progress(rows)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return factors, nil
}

// csvParser collects the errors of one ReadFactorsCSV call.
type csvParser struct {
	name  string
	cols  []string       // column name at each header position
	index map[string]int // column name → position
	errs  CSVErrors
}

func (p *csvParser) add(line int, col, msg string) {
	if len(p.errs.Errors) >= MaxCSVErrors {
		p.errs.Omitted++
		return
	}
	field := fmt.Sprintf("%s:%d", p.name, line)
	if col != "" {
		field += ":" + col
	}
	p.errs.Errors = append(p.errs.Errors, FieldErrorf(EINVALID, field, "%s", msg))
}

func (p *csvParser) err() error {
	if len(p.errs.Errors) == 0 {
		return nil
	}
	return &p.errs
}

// readError turns a csv.ParseError into a positioned EINVALID and returns
// the collected errors; any other error is an I/O failure, wrapped.
func (p *csvParser) readError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read %s: %w", p.name, err)
	}
	p.add(pe.Line, "", pe.Err.Error())
	return p.err()
}

// parseHeader records the column positions and reports unknown, repeated and
// missing columns. It reports whether the header is usable.
func (p *csvParser) parseHeader(header []string) bool {
	known := map[string]bool{}
	for _, c := range FactorCSVColumns {
		known[c] = true
	}
	p.cols = make([]string, len(header))
	p.index = map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		p.cols[i] = h
		switch _, seen := p.index[h]; {
		case !known[h]:
			p.add(1, "", fmt.Sprintf("unknown column %q (want %s)", h, strings.Join(FactorCSVColumns, ",")))
		case seen:
			p.add(1, h, "column appears more than once")
		default:
			p.index[h] = i
		}
	}
	for _, c := range requiredFactorCSVColumns {
		if _, ok := p.index[c]; !ok {
			p.add(1, c, "required column is missing")
		}
	}
	return len(p.errs.Errors) == 0
}

// parseRow parses one data row. Every field problem of the row is reported;
// Factor.Validate runs only when the fields parsed.
func (p *csvParser) parseRow(cr *csv.Reader, rec []string) (*Factor, bool) {
	bad := false
	lineOf := func(col string) int {
		i, ok := p.index[col]
		if !ok {
			i = 0
		}
		line, _ := cr.FieldPos(i)
		return line
	}
	fail := func(col, format string, args ...any) {
		bad = true
		p.add(lineOf(col), col, fmt.Sprintf(format, args...))
	}
	get := func(col string) string {
		if i, ok := p.index[col]; ok {
			return rec[i]
		}
		return ""
	}
	// Structured fields are trimmed; free text (names, source, notes) is
	// kept as written so that a round trip is exact.
	trimmed := func(col string) string { return strings.TrimSpace(get(col)) }
	optInt := func(col string) int {
		s := trimmed(col)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			fail(col, "invalid integer %q", s)
		}
		return n
	}

	f := &Factor{
		Code:     trimmed("code"),
		NameZH:   get("name_zh"),
		NameEN:   get("name_en"),
		Category: Category(trimmed("category")),
		Boundary: Boundary(trimmed("boundary")),

		ElectricityRole: ElectricityRole(strings.ToLower(trimmed("electricity_role"))),

		Geography: trimmed("geography"),

		Source: Source{
			Publisher: get("source_publisher"),
			Document:  get("source_document"),
			Date:      trimmed("source_date"),
			Locator:   get("source_locator"),
		},
		Licence: get("licence"),
		Quality: DataQuality{
			TeR:   optInt("dq_ter"),
			GR:    optInt("dq_gr"),
			TiR:   optInt("dq_tir"),
			P:     optInt("dq_p"),
			Grade: trimmed("grade"),
		},
		Notes: get("notes"),

		Status:       Status(trimmed("status")),
		SupersededBy: trimmed("superseded_by"),
	}
	if f.Status == "" {
		f.Status = StatusActive
	}

	if s := trimmed("value"); s == "" {
		fail("value", "value is required")
	} else if v, err := strconv.ParseFloat(s, 64); err != nil {
		fail("value", "invalid number %q", s)
	} else {
		f.Value = v
	}
	if s := trimmed("unit"); s == "" {
		fail("unit", "unit is required")
	} else if u, err := ParseFactorUnit(s); err != nil {
		fail("unit", "%s", ErrorMessage(err))
	} else {
		f.Unit = u
	}
	if s := trimmed("year"); s == "" {
		fail("year", "year is required")
	} else if y, err := strconv.Atoi(s); err != nil {
		fail("year", "invalid year %q", s)
	} else {
		f.Year = y
	}
	for _, s := range strings.Split(get("product_codes"), ";") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		pc, err := ParseProductCode(s)
		if err != nil {
			fail("product_codes", "%s", ErrorMessage(err))
			continue
		}
		f.ProductCodes = append(f.ProductCodes, pc)
	}
	if s := trimmed("uncertainty_pct"); s != "" {
		if v, err := strconv.ParseFloat(s, 64); err != nil {
			fail("uncertainty_pct", "invalid number %q", s)
		} else {
			f.UncertaintyPct = v
		}
	}
	if bad {
		return nil, false
	}

	if err := f.Validate(); err != nil {
		col := ErrorField(err)
		if col == "source" { // Validate's name for "publisher or document"
			col = "source_publisher"
		}
		p.add(lineOf(col), col, ErrorMessage(err))
		return nil, false
	}
	return f, true
}

// WriteFactorsCSV writes factors in the FactorCSVColumns format, header
// first. Values are written in the shortest form that reads back to the same
// float64, units and product codes in their canonical form, so
// ReadFactorsCSV returns equal factors. Unrated data-quality scores and an
// unset uncertainty (0) are written as empty fields.
func WriteFactorsCSV(w io.Writer, factors []*Factor) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(FactorCSVColumns); err != nil {
		return fmt.Errorf("write factor csv: %w", err)
	}
	optInt := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	rec := make([]string, len(FactorCSVColumns))
	for i, f := range factors {
		if f == nil {
			return Errorf(EINVALID, "factor %d is nil", i)
		}
		codes := make([]string, len(f.ProductCodes))
		for j, pc := range f.ProductCodes {
			codes[j] = pc.String()
		}
		uncertainty := ""
		if f.UncertaintyPct != 0 {
			uncertainty = strconv.FormatFloat(f.UncertaintyPct, 'g', -1, 64)
		}
		rec = append(rec[:0],
			f.Code, f.NameZH, f.NameEN, string(f.Category), string(f.ElectricityRole),
			strconv.FormatFloat(f.Value, 'g', -1, 64), f.Unit.String(),
			string(f.Boundary), f.Geography, strconv.Itoa(f.Year),
			strings.Join(codes, ";"),
			f.Source.Publisher, f.Source.Document, f.Source.Date, f.Source.Locator,
			f.Licence, f.Quality.Grade,
			optInt(f.Quality.TeR), optInt(f.Quality.GR), optInt(f.Quality.TiR), optInt(f.Quality.P),
			uncertainty, string(f.Status), f.SupersededBy, f.Notes,
		)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write factor csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write factor csv: %w", err)
	}
	return nil
}

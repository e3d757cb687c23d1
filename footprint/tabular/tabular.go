// Package tabular holds the project's tables, in one place for the API and
// the command line: the factor CSV format (a factor set's import and export
// file), bills of materials read from rows (CSV here; the api package reads
// Excel sheets into the same rows), and a result as CSV rows, spreadsheet
// rows and a text table for people.
//
// Canonical, signed and hashed encodings are not tables and stay in package
// footprint. This package imports only the standard library and footprint.
//
// Reading a table is all or nothing: a file with any problem gives no value
// and an *Errors listing every problem as "name:line: column: problem".
package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// MaxErrors is how many problems a read lists before it only counts the
// rest: a file with a systematic mistake (a wrong unit column) should give a
// readable error, not one line per row.
const MaxErrors = 50

// Errors is the error of a table with problems: every problem found, in file
// order. Each *footprint.Error has code EINVALID and Field "name:line:column"
// (or "name:line" for a problem with a whole row), so footprint.ErrorCode and
// footprint.ErrorField report the first problem.
type Errors struct {
	Errors  []*footprint.Error // at most MaxErrors
	Omitted int                // further problems found but not listed
}

// Error lists the problems one per line as "name:line: column: problem".
func (e *Errors) Error() string {
	var b strings.Builder
	for i, err := range e.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(errorLine(err))
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n另有 %[1]d 处错误。… and %[1]d more errors", e.Omitted)
	}
	return b.String()
}

// Unwrap returns the listed errors, so errors.As finds the first one.
func (e *Errors) Unwrap() []error {
	errs := make([]error, len(e.Errors))
	for i, err := range e.Errors {
		errs[i] = err
	}
	return errs
}

// errorLine formats one error as "name:line: column: problem". The column,
// if any, follows the last ':' of the field; the line number is digits.
func errorLine(e *footprint.Error) string {
	if i := strings.LastIndexByte(e.Field, ':'); i >= 0 {
		if col := e.Field[i+1:]; col != "" && strings.Trim(col, "0123456789") != "" {
			return e.Field[:i] + ": " + col + ": " + e.Message
		}
	}
	return e.Error()
}

// problems collects the problems of one read of the file name.
type problems struct {
	name string
	errs Errors
}

// add records a problem at line (and column col, if not "").
func (p *problems) add(line int, col, format string, args ...any) {
	if len(p.errs.Errors) >= MaxErrors {
		p.errs.Omitted++
		return
	}
	field := p.name + ":" + strconv.Itoa(line)
	if col != "" {
		field += ":" + col
	}
	p.errs.Errors = append(p.errs.Errors, footprint.FieldErrorf(footprint.EINVALID, field, format, args...))
}

// count is the number of problems recorded so far.
func (p *problems) count() int { return len(p.errs.Errors) + p.errs.Omitted }

// err returns the problems as an *Errors, or nil if there are none.
func (p *problems) err() error {
	if p.count() == 0 {
		return nil
	}
	return &p.errs
}

// readError records a malformed-CSV error at its line and returns the
// problems; any other error is an I/O failure, returned wrapped.
func (p *problems) readError(err error) error {
	var ee *encodingError
	if errors.As(err, &ee) {
		p.add(1, "", "%s", ee.msg)
		return p.err()
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read %s: %w", p.name, err)
	}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		p.add(pe.Line, "", `extraneous or missing " in quoted-field`)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		p.add(pe.Line, "", `bare " in non-quoted-field`)
	case errors.Is(pe.Err, csv.ErrFieldCount):
		p.add(pe.Line, "", "wrong number of fields")
	default:
		p.add(pe.Line, "", "%s", pe.Err)
	}
	return p.err()
}

// newCSVReader returns a CSV reader of r that leaves counting the fields of
// a record to its caller (to report it per row and carry on), and the
// textReader under it, which decodes the file to UTF-8 (GB18030 files
// included) and checks the text of each cell. A UTF-8 byte-order mark, as
// spreadsheet tools write it, is dropped before the CSV reader sees it: it
// would otherwise be part of the first column name, or make a quoted first
// name a bare-quote error. CRLF line ends are read as the csv package reads
// them.
func newCSVReader(r io.Reader) (*csv.Reader, *textReader) {
	t := newTextReader(r)
	cr := csv.NewReader(t)
	cr.FieldsPerRecord = -1
	return cr, t
}

// csvWriter is a csv.Writer that keeps its first error, so that a writer of
// many rows checks once, at the end.
type csvWriter struct {
	cw  *csv.Writer
	err error
}

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{cw: csv.NewWriter(w)} }

func (w *csvWriter) write(rec []string) {
	if w.err == nil {
		w.err = w.cw.Write(rec)
	}
}

// flush writes out what is buffered and returns the first error.
func (w *csvWriter) flush() error {
	if w.err != nil {
		return w.err
	}
	w.cw.Flush()
	return w.cw.Error()
}

// columnNames returns the name of each of a format's columns, in order.
func columnNames[C any](cols []C, name func(C) string) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = name(c)
	}
	return names
}

// headerName is how a header cell names its column: trimmed, lower case.
func headerName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ByteOrderMark is the UTF-8 byte-order mark. A CSV file for people starts
// with it: Excel reads a CSV file without one in the computer's "ANSI" code
// page (GBK on a Chinese-locale Windows) and garbles its UTF-8 text. This
// package's readers drop it.
const ByteOrderMark = "\ufeff"

// WriteOption configures the writing of a CSV file.
type WriteOption func(*writeOptions)

type writeOptions struct {
	bom bool
}

// WithByteOrderMark starts the file with a UTF-8 byte-order mark, for a
// file people open in a spreadsheet (see ByteOrderMark).
func WithByteOrderMark() WriteOption {
	return func(o *writeOptions) { o.bom = true }
}

// writeStart writes what comes before the first row of a CSV file.
func writeStart(w io.Writer, opts []WriteOption) error {
	var o writeOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.bom {
		_, err := io.WriteString(w, ByteOrderMark)
		return err
	}
	return nil
}

// escapeCell neutralises a text cell that a spreadsheet would run as a
// formula (OWASP "CSV injection"): one that begins with '=', '+', '-', '@',
// a tab or a carriage return gets a leading apostrophe, which Excel and
// WPS take as "text" and do not show. A number ("-1.5") is left alone: it
// is no formula, and a spreadsheet must keep it a number. A cell that
// already begins with an apostrophe gets a second one, so that
// unescapeCell gives back exactly what was written.
func escapeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if isDecimal(s) {
			return s
		}
		return "'" + s
	case '\'':
		return "'" + s
	}
	return s
}

// unescapeCell undoes escapeCell: an apostrophe before a formula character
// or another apostrophe is dropped. (Excel drops it too when it saves a
// cell typed as '=x, so a file edited there reads the same.)
func unescapeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r', '\'':
			return s[1:]
		}
	}
	return s
}

// formatNumber writes a result number as the canonical result document does
// (footprint.Result.CanonicalJSON): rounded to 12 significant figures, -0 as
// 0, in the shortest form that reads back to the same value.
func formatNumber(x float64) string { return strconv.FormatFloat(canonical(x), 'g', -1, 64) }

// canonical rounds x to 12 significant figures, as the canonical result
// document does, so a table never shows digits the stored result lacks.
func canonical(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
}

// parseFinite parses a decimal number of an input table or form: an
// optional sign, digits with an optional decimal point, and an optional
// exponent ("1.5", "-2", "1e-3"). strconv.ParseFloat accepts more, which a
// person never means in a table: digit separators ("1_000" would be 1000),
// hexadecimal ("0x1p4"), NaN and infinities; those are refused like any
// other non-number.
func parseFinite(s string) (float64, error) {
	if !isDecimal(s) {
		return 0, strconv.ErrSyntax
	}
	x, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		err = strconv.ErrRange
	}
	return x, err
}

// isDecimal reports whether s is a plain decimal number (see parseFinite).
func isDecimal(s string) bool {
	i, digits := 0, 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// numberHint says what is wrong with s, a cell that is not a number, when
// that is not obvious, in Chinese, then in English: "" or "数字…。write
// digits without …".
func numberHint(s string) string {
	switch {
	case strings.ContainsRune(s, '_'):
		return "数字中不要用 '_' 分隔。write digits without '_' separators"
	case strings.ContainsRune(s, ',') && isDecimal(strings.ReplaceAll(s, ",", "")):
		return "数字中不要用千位分隔符（小数点为 '.'）。write digits without thousands separators (the decimal point is '.')"
	}
	return ""
}

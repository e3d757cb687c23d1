package tabular

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// factorColumn is one column of the factor CSV format: how the column is
// written from a factor and read back into one. To add a column, add an
// entry to factorColumns; reader, writer and FactorColumns follow.
type factorColumn struct {
	name     string
	required bool // the header must name it
	write    func(f *footprint.Factor) string
	// read sets f's field from the cell s, as written in the file; it calls
	// fail for each problem. Structured fields are trimmed; free text
	// (names, source, notes) is kept as written so that a round trip is
	// exact.
	read func(f *footprint.Factor, s string, fail func(format string, args ...any))
}

// factorColumns is the factor CSV format, in the order the writer writes it.
var factorColumns = []factorColumn{
	trimmedColumn("code", true, func(f *footprint.Factor) *string { return &f.Code }),
	textColumn("name_zh", true, func(f *footprint.Factor) *string { return &f.NameZH }),
	textColumn("name_en", true, func(f *footprint.Factor) *string { return &f.NameEN }),
	{
		name: "category", required: true,
		write: func(f *footprint.Factor) string { return string(f.Category) },
		read: func(f *footprint.Factor, s string, _ func(string, ...any)) {
			f.Category = footprint.Category(strings.TrimSpace(s))
		},
	},
	{
		// Optional: a file without it reads as factors without a role
		// (docs/integrity.md); Factor.Validate checks the role.
		name:  "electricity_role",
		write: func(f *footprint.Factor) string { return string(f.ElectricityRole) },
		read: func(f *footprint.Factor, s string, _ func(string, ...any)) {
			f.ElectricityRole = footprint.ElectricityRole(strings.ToLower(strings.TrimSpace(s)))
		},
	},
	{
		// Optional, like electricity_role: a transport factor without a
		// mode is refused by every transport leg (docs/integrity.md).
		name:  "transport_mode",
		write: func(f *footprint.Factor) string { return f.TransportMode },
		read: func(f *footprint.Factor, s string, _ func(string, ...any)) {
			f.TransportMode = strings.ToLower(strings.TrimSpace(s))
		},
	},
	{
		// Optional: an end-of-life factor without a treatment is refused by
		// every end-of-life line.
		name:  "treatment",
		write: func(f *footprint.Factor) string { return f.Treatment },
		read: func(f *footprint.Factor, s string, _ func(string, ...any)) {
			f.Treatment = strings.ToLower(strings.TrimSpace(s))
		},
	},
	{
		name: "value", required: true,
		write: func(f *footprint.Factor) string { return strconv.FormatFloat(f.Value, 'g', -1, 64) },
		read: func(f *footprint.Factor, s string, fail func(string, ...any)) {
			s = strings.TrimSpace(s)
			if s == "" {
				fail("value is required")
			} else if v, err := parseFinite(s); err != nil {
				failNumber(fail, s)
			} else {
				f.Value = v
			}
		},
	},
	{
		name: "unit", required: true,
		write: func(f *footprint.Factor) string { return f.Unit.String() },
		read: func(f *footprint.Factor, s string, fail func(string, ...any)) {
			s = strings.TrimSpace(s)
			if s == "" {
				fail("unit is required")
			} else if u, err := footprint.ParseFactorUnit(s); err != nil {
				fail("%s", footprint.ErrorMessage(err))
			} else {
				f.Unit = u
			}
		},
	},
	{
		name: "boundary", required: true,
		write: func(f *footprint.Factor) string { return string(f.Boundary) },
		read: func(f *footprint.Factor, s string, _ func(string, ...any)) {
			f.Boundary = footprint.Boundary(strings.TrimSpace(s))
		},
	},
	trimmedColumn("geography", true, func(f *footprint.Factor) *string { return &f.Geography }),
	{
		name: "year", required: true,
		write: func(f *footprint.Factor) string { return strconv.Itoa(f.Year) },
		read: func(f *footprint.Factor, s string, fail func(string, ...any)) {
			s = strings.TrimSpace(s)
			if s == "" {
				fail("year is required")
			} else if y, err := strconv.Atoi(s); err != nil {
				fail("invalid year %q", s)
			} else {
				f.Year = y
			}
		},
	},
	{
		name: "product_codes",
		write: func(f *footprint.Factor) string {
			codes := make([]string, len(f.ProductCodes))
			for i, pc := range f.ProductCodes {
				codes[i] = pc.String()
			}
			return strings.Join(codes, ";")
		},
		read: func(f *footprint.Factor, s string, fail func(string, ...any)) {
			for _, c := range strings.Split(s, ";") {
				if strings.TrimSpace(c) == "" {
					continue
				}
				pc, err := footprint.ParseProductCode(c)
				if err != nil {
					fail("%s", footprint.ErrorMessage(err))
					continue
				}
				f.ProductCodes = append(f.ProductCodes, pc)
			}
		},
	},
	textColumn("source_publisher", true, func(f *footprint.Factor) *string { return &f.Source.Publisher }),
	textColumn("source_document", true, func(f *footprint.Factor) *string { return &f.Source.Document }),
	trimmedColumn("source_date", false, func(f *footprint.Factor) *string { return &f.Source.Date }),
	textColumn("source_locator", false, func(f *footprint.Factor) *string { return &f.Source.Locator }),
	textColumn("licence", false, func(f *footprint.Factor) *string { return &f.Licence }),
	trimmedColumn("grade", false, func(f *footprint.Factor) *string { return &f.Quality.Grade }),
	scoreColumn("dq_ter", func(f *footprint.Factor) *int { return &f.Quality.TeR }),
	scoreColumn("dq_gr", func(f *footprint.Factor) *int { return &f.Quality.GR }),
	scoreColumn("dq_tir", func(f *footprint.Factor) *int { return &f.Quality.TiR }),
	scoreColumn("dq_p", func(f *footprint.Factor) *int { return &f.Quality.P }),
	{
		// An unset uncertainty (0) is an empty cell.
		name: "uncertainty_pct",
		write: func(f *footprint.Factor) string {
			if f.UncertaintyPct == 0 {
				return ""
			}
			return strconv.FormatFloat(f.UncertaintyPct, 'g', -1, 64)
		},
		read: func(f *footprint.Factor, s string, fail func(string, ...any)) {
			if s = strings.TrimSpace(s); s == "" {
				return
			}
			if v, err := parseFinite(s); err != nil {
				failNumber(fail, s)
			} else {
				f.UncertaintyPct = v
			}
		},
	},
	{
		// An empty status (or no status column) reads as active.
		name:  "status",
		write: func(f *footprint.Factor) string { return string(f.Status) },
		read: func(f *footprint.Factor, s string, _ func(string, ...any)) {
			f.Status = footprint.Status(strings.TrimSpace(s))
		},
	},
	trimmedColumn("superseded_by", false, func(f *footprint.Factor) *string { return &f.SupersededBy }),
	textColumn("notes", false, func(f *footprint.Factor) *string { return &f.Notes }),
}

// textColumn is a free-text column, kept as written.
func textColumn(name string, required bool, field func(*footprint.Factor) *string) factorColumn {
	return factorColumn{
		name: name, required: required,
		write: func(f *footprint.Factor) string { return *field(f) },
		read:  func(f *footprint.Factor, s string, _ func(string, ...any)) { *field(f) = s },
	}
}

// trimmedColumn is a structured text column: surrounding spaces are dropped.
func trimmedColumn(name string, required bool, field func(*footprint.Factor) *string) factorColumn {
	c := textColumn(name, required, field)
	c.read = func(f *footprint.Factor, s string, _ func(string, ...any)) { *field(f) = strings.TrimSpace(s) }
	return c
}

// scoreColumn is a data-quality score; unrated (0) is an empty cell.
func scoreColumn(name string, field func(*footprint.Factor) *int) factorColumn {
	return factorColumn{
		name: name,
		write: func(f *footprint.Factor) string {
			if n := *field(f); n != 0 {
				return strconv.Itoa(n)
			}
			return ""
		},
		read: func(f *footprint.Factor, s string, fail func(string, ...any)) {
			if s = strings.TrimSpace(s); s == "" {
				return
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				fail("invalid integer %q", s)
			}
			*field(f) = n
		},
	}
}

// FactorColumns lists the columns of the factor CSV format, in the order
// WriteFactorsCSV writes them. ReadFactorsCSV accepts them in any order; of
// these, code, name_zh, name_en, category, value, unit, boundary, geography,
// year, source_publisher and source_document must be in the header, and the
// others read as empty (0, "", status active) when left out.
var FactorColumns = columnNames(factorColumns, func(c factorColumn) string { return c.name })

// progressEvery is how many rows pass between two progress reports.
const progressEvery = 1000

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

// ReadFactorsCSV reads factors in the FactorColumns format from r; name
// (usually the file name) prefixes error positions. The file is validated as
// a whole: header columns (required ones present, no unknown or repeated
// column), every row's fields, Factor.Validate, and codes unique within the
// file. If anything is wrong it returns no factors and an *Errors listing
// the problems as "name:line: column: problem" with 1-based line numbers.
// The file may be UTF-8 (with or without a byte-order mark) or GB18030
// (GBK, what Chinese-locale Excel saves as CSV); CRLF line ends are
// accepted. An error reading r itself is returned wrapped, not as an
// *Errors. A large file is better read with a FactorReader, which holds
// one factor at a time.
func ReadFactorsCSV(r io.Reader, name string, opts ...ReadOption) ([]*footprint.Factor, error) {
	fr := NewFactorReader(r, name, opts...)
	var factors []*footprint.Factor
	for {
		f, err := fr.Next()
		if err == io.EOF {
			return factors, nil
		} else if err != nil {
			return nil, err
		}
		factors = append(factors, f)
	}
}

// FactorReader reads a factor CSV file (the format of ReadFactorsCSV) one
// factor at a time, so that an import of a large file holds neither the
// file nor its factors in memory: only the codes seen, to refuse a
// repeated one.
type FactorReader struct {
	p         factorParser
	cr        *csv.Reader
	text      *textReader
	opts      readOptions
	firstLine map[string]int // factor code → line of its first row
	rows      int
	started   bool
	err       error // the final answer of Next, once known
}

// NewFactorReader returns a reader of the factor CSV file r; name prefixes
// error positions.
func NewFactorReader(r io.Reader, name string, opts ...ReadOption) *FactorReader {
	fr := &FactorReader{p: factorParser{problems: problems{name: name}}, firstLine: map[string]int{}}
	for _, opt := range opts {
		opt(&fr.opts)
	}
	fr.cr, fr.text = newCSVReader(r)
	fr.cr.ReuseRecord = true
	return fr
}

// Next returns the next factor of the file. At the end of a file without
// problems it returns io.EOF. Once a row has a problem it returns no more
// factors: it reads on to the end of the file, to list every problem, and
// returns an *Errors (or, if reading fails, the wrapped I/O error). The
// file is all or nothing: a caller that gets an error other than io.EOF
// must discard the factors it was given.
func (fr *FactorReader) Next() (*footprint.Factor, error) {
	if fr.err != nil {
		return nil, fr.err
	}
	if !fr.started {
		fr.started = true
		if err := fr.header(); err != nil {
			fr.err = err
			return nil, err
		}
	}
	for {
		f, err := fr.row()
		if err == io.EOF {
			if fr.opts.progress != nil && fr.rows%progressEvery != 0 {
				fr.opts.progress(fr.rows)
			}
			if err := fr.p.err(); err != nil {
				fr.err = err
			} else {
				fr.err = io.EOF
			}
			return nil, fr.err
		} else if err != nil {
			fr.err = err
			return nil, err
		}
		if f != nil && fr.p.count() == 0 {
			return f, nil
		}
	}
}

// header reads and checks the header row.
func (fr *FactorReader) header() error {
	header, err := fr.cr.Read()
	if err == io.EOF {
		fr.p.add(1, "", "empty file: want a header row")
		return fr.p.err()
	} else if err != nil {
		return fr.p.readError(err)
	}
	for i, h := range header {
		if msg := fr.text.check(h); msg != "" {
			fr.p.add(1, "", "column %d of the header: %s", i+1, msg)
		}
	}
	if fr.p.count() > 0 || !fr.p.parseHeader(header) {
		return fr.p.err()
	}
	return nil
}

// row reads one data row: the factor, or nil for a row with a problem
// (recorded); io.EOF at the end; another error when the file cannot be
// read on.
func (fr *FactorReader) row() (*footprint.Factor, error) {
	p, cr := &fr.p, fr.cr
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, io.EOF
	} else if err != nil {
		// A quoting error leaves the reader at an unknown place in the
		// file: report it and stop.
		if e := p.readError(err); footprint.ErrorCode(e) == footprint.EINTERNAL {
			return nil, e
		}
		return nil, io.EOF
	}
	fr.rows++
	if fr.opts.progress != nil && fr.rows%progressEvery == 0 {
		fr.opts.progress(fr.rows)
	}
	line, _ := cr.FieldPos(0)
	if len(rec) != len(p.cols) {
		p.add(line, "", "row has %d fields, want %d as in the header", len(rec), len(p.cols))
		return nil, nil
	}
	bad := false
	for i, cell := range rec {
		if msg := fr.text.check(cell); msg != "" {
			l, _ := cr.FieldPos(i)
			p.add(l, p.cols[i].name, "%s", msg)
			bad = true
		}
	}
	if bad {
		return nil, nil
	}
	f, ok := p.parseRow(cr, rec)
	if !ok {
		return nil, nil
	}
	if first, dup := fr.firstLine[f.Code]; dup {
		p.add(line, "code", "duplicate code %q (first on line %d)", f.Code, first)
		return nil, nil
	}
	// A copy of the code: f.Code shares the memory of the whole row,
	// which the map would otherwise keep for the rest of the file.
	fr.firstLine[strings.Clone(f.Code)] = line
	return f, nil
}

// factorParser reads the rows of one factor CSV file.
type factorParser struct {
	problems
	cols  []*factorColumn // the column at each header position
	index map[string]int  // column name → position
}

// parseHeader records the column positions and reports unknown, repeated and
// missing columns. It reports whether the header is usable.
func (p *factorParser) parseHeader(header []string) bool {
	byName := map[string]*factorColumn{}
	for i := range factorColumns {
		byName[factorColumns[i].name] = &factorColumns[i]
	}
	p.cols = make([]*factorColumn, len(header))
	p.index = map[string]int{}
	for i, h := range header {
		h = headerName(h)
		c, known := byName[h]
		switch _, seen := p.index[h]; {
		case !known:
			p.add(1, "", "unknown column %q (want %s)", h, strings.Join(FactorColumns, ","))
		case seen:
			p.add(1, h, "column appears more than once")
		default:
			p.index[h] = i
			p.cols[i] = c
		}
	}
	for _, c := range factorColumns {
		if _, ok := p.index[c.name]; c.required && !ok {
			p.add(1, c.name, "required column is missing")
		}
	}
	return p.count() == 0
}

// parseRow parses one data row. Every field problem of the row is reported;
// Factor.Validate runs only when the fields parsed.
func (p *factorParser) parseRow(cr *csv.Reader, rec []string) (*footprint.Factor, bool) {
	// lineOf is the line of a column's cell: a quoted field before it may
	// span lines.
	lineOf := func(col string) int {
		line, _ := cr.FieldPos(p.index[col]) // 0 for an absent column: the row's first line
		return line
	}
	f := &footprint.Factor{}
	bad := false
	var col *factorColumn
	fail := func(format string, args ...any) { // one closure per row, not per cell
		bad = true
		p.add(lineOf(col.name), col.name, format, args...)
	}
	for i, c := range p.cols {
		col = c
		c.read(f, unescapeCell(rec[i]), fail)
	}
	if bad {
		return nil, false
	}
	if f.Status == "" {
		f.Status = footprint.StatusActive
	}
	if err := f.Validate(); err != nil {
		col := footprint.ErrorField(err)
		if col == "source" { // Validate's name for "publisher or document"
			col = "source_publisher"
		}
		p.add(lineOf(col), col, "%s", footprint.ErrorMessage(err))
		return nil, false
	}
	return f, true
}

// WriteFactorsCSV writes factors in the FactorColumns format, header first.
// Values are written in the shortest form that reads back to the same
// float64, units and product codes in their canonical form, so
// ReadFactorsCSV returns equal factors. Unrated data-quality scores and an
// unset uncertainty (0) are written as empty fields. A text cell that a
// spreadsheet would take for a formula ("=…", "-x", "@…") gets a leading
// apostrophe, which ReadFactorsCSV drops again; numbers are left alone. A
// file for people is written WithByteOrderMark.
func WriteFactorsCSV(w io.Writer, factors []*footprint.Factor, opts ...WriteOption) error {
	if err := writeStart(w, opts); err != nil {
		return fmt.Errorf("write factor csv: %w", err)
	}
	cw := newCSVWriter(w)
	cw.write(FactorColumns)
	rec := make([]string, len(factorColumns))
	for i, f := range factors {
		if f == nil {
			return footprint.Errorf(footprint.EINVALID, "factor %d is nil", i)
		}
		for j, c := range factorColumns {
			rec[j] = escapeCell(c.write(f))
		}
		cw.write(rec)
	}
	if err := cw.flush(); err != nil {
		return fmt.Errorf("write factor csv: %w", err)
	}
	return nil
}

// failNumber refuses s, a cell that is not a number, with fail, saying
// what is wrong with it when that is not obvious (numberHint).
func failNumber(fail func(format string, args ...any), s string) {
	if h := numberHint(s); h != "" {
		fail("invalid number %q: %s", s, h)
	} else {
		fail("invalid number %q", s)
	}
}

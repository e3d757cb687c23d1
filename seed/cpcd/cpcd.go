// Package cpcd converts the public CPCD factor library (中国产品全生命周期温室
// 气体排放系数库) into factors of the footprint model, and holds the snapshot
// the binary publishes as its own factor set beside the curated Chengdu set.
//
// data/cpcd_catalog.csv is the snapshot of ../shared/reference/cpcd, byte for
// byte, with its SOURCE.txt: taken from the MIT-licensed repository
// leo21468/CarbonCalculator; the values are CPCD's, cited by product ID.
// docs/cpcd.md describes every mapping; Convert accounts for every row of the
// file in its Report: imported, merged as a duplicate, or refused with a
// reason. Nothing is estimated: a row whose value, unit, year or product ID
// cannot be read as written is refused, never repaired.
//
// Plausibility checks (issue 15 item 3) hook in between Convert and the
// import: they run over Import.Factors, every factor of the import, and may
// add their findings to the report before a curator publishes.
package cpcd

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

//go:embed data/cpcd_catalog.csv
var snapshot []byte

// SetVersion is the factor-set version the embedded snapshot is published
// as: the snapshot's date (2026-03-20).
const SetVersion = "CPCD-2026.03"

// SetDescription describes the published CPCD set.
const SetDescription = "CPCD library (中国产品全生命周期温室气体排放系数库), snapshot 2026-03-20, imported as published (see docs/cpcd.md)"

// Row outcomes of the import report.
const (
	OutcomeImported = "imported" // the row is a factor of the set
	OutcomeMerged   = "merged"   // the row repeats an imported row with the same ID, field for field
	OutcomeRefused  = "refused"  // the row cannot be imported as written; Reason says why
)

// ReportRow is what became of one row of the snapshot.
type ReportRow struct {
	Line    int    // line in the CSV file (the header is line 1)
	ID      string // CPCD product ID (产品ID) as written
	Name    string // 产品名称 as written
	Outcome string // OutcomeImported, OutcomeMerged or OutcomeRefused
	Code    string // factor code of an imported or merged row
	Reason  string // why a row was merged or refused
}

// Import is the result of Convert: the factors, ordered by code, and the
// report, one row per data row of the file, in file order.
type Import struct {
	Factors []*footprint.Factor
	Report  []ReportRow
}

// Counts returns how many rows were imported, merged and refused.
func (im *Import) Counts() (imported, merged, refused int) {
	for _, r := range im.Report {
		switch r.Outcome {
		case OutcomeImported:
			imported++
		case OutcomeMerged:
			merged++
		case OutcomeRefused:
			refused++
		}
	}
	return imported, merged, refused
}

// Factors converts the embedded snapshot.
func Factors() (*Import, error) {
	return Convert(bytes.NewReader(snapshot), "cpcd_catalog.csv")
}

// header lists the snapshot's columns in order.
var header = []string{"产品ID", "产品名称", "核算边界", "碳足迹", "企业名称", "数据年份", "数据类型", "是否低碳"}

// Column positions.
const (
	colID = iota
	colName
	colBoundary
	colFootprint
	colCompany
	colYear
	colType
	colLowCarbon
)

// Convert reads a CPCD catalog in the snapshot's format (header above,
// UTF-8 with or without a byte-order mark). It returns EINVALID naming the
// file and line for a file it cannot read as a whole (a wrong header, a
// malformed CSV line); a row it cannot import is not an error but a refused
// row of the report.
func Convert(r io.Reader, name string) (*Import, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	head, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	if !slices.Equal(head, header) {
		return nil, footprint.Errorf(footprint.EINVALID, "cpcd: %s:1: header is %q, want %q", name, strings.Join(head, ","), strings.Join(header, ","))
	}

	im := &Import{}
	type seen struct {
		rec    []string
		report int // index of the first row's report entry
		f      *footprint.Factor
	}
	byID := map[string]*seen{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		row := ReportRow{Line: line, ID: rec[colID], Name: rec[colName]}
		prev := byID[rec[colID]]
		switch {
		case prev != nil && slices.Equal(prev.rec, rec):
			row.Outcome, row.Reason = OutcomeMerged, fmt.Sprintf("same ID and fields as line %d", im.Report[prev.report].Line)
			row.Code = im.Report[prev.report].Code
		case prev != nil:
			// Two rows under one ID that disagree: neither can be chosen
			// honestly, so both are refused.
			row.Outcome, row.Reason = OutcomeRefused, fmt.Sprintf("contradictory duplicate: ID %s is on line %d with other fields", rec[colID], im.Report[prev.report].Line)
			if first := &im.Report[prev.report]; first.Outcome != OutcomeRefused {
				first.Outcome, first.Code = OutcomeRefused, ""
				first.Reason = fmt.Sprintf("contradictory duplicate: ID %s is on line %d with other fields", rec[colID], line)
				prev.f = nil
			}
		default:
			f, err := convertRow(rec)
			if err != nil {
				row.Outcome, row.Reason = OutcomeRefused, err.Error()
			} else {
				row.Outcome, row.Code = OutcomeImported, f.Code
			}
			byID[rec[colID]] = &seen{rec: rec, report: len(im.Report), f: f}
		}
		im.Report = append(im.Report, row)
	}
	for _, s := range byID {
		if s.f != nil {
			im.Factors = append(im.Factors, s.f)
		}
	}
	slices.SortFunc(im.Factors, func(a, b *footprint.Factor) int { return strings.Compare(a.Code, b.Code) })
	return im, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return footprint.Errorf(footprint.EINVALID, "cpcd: %s:%d: %v", name, pe.Line, pe.Err)
	}
	return footprint.Errorf(footprint.EINVALID, "cpcd: %s: %v", name, err)
}

// idRe is a CPCD product ID: a five-digit CPC subclass, a letter, a
// three-digit serial, the four-digit year and a letter ("17100H3502023C").
var idRe = regexp.MustCompile(`^([0-9]{5})[A-Z][0-9]{3}[0-9]{4}[A-Z]$`)

// footprintRe is the 碳足迹 column: a number, a GHG mass unit and a
// declared unit, e.g. "0.4626tCO2e / 兆瓦时".
var footprintRe = regexp.MustCompile(`^\s*([-+]?[0-9][0-9,]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*((?:kg|g|t)CO2e?)\s*/\s*(.+?)\s*$`)

// Source fields every CPCD factor shares; the locator adds its ID.
const (
	publisher   = "CPCD: CAEP (生态环境部环境规划院) carbon peak & neutrality research centre, BNU, SYSU, for the China City GHG Working Group"
	document    = "China Products Carbon Footprint Factors Database (CPCD, 中国产品全生命周期温室气体排放系数库)"
	licence     = "CPCD: public, no explicit licence; cite CPCD and product ID"
	snapshotRef = "snapshot: GitHub leo21468/CarbonCalculator data/cpcd_catalog.csv @ bebed06 (2026-03-20)"
)

// Data types (数据类型) and their quality grades: the reference dataset's
// legend (reference/factors.md): C is a CPCD core-database entry, D a
// literature entry or single secondary source.
var grades = map[string]string{"核心数据库": "C", "文献数据": "D"}

var documents = map[string]string{"核心数据库": document + ", core DB", "文献数据": document + ", literature data"}

// boundaries maps 核算边界.
var boundaries = map[string]footprint.Boundary{
	"摇篮到大门": footprint.BoundaryCradleToGate,
	"摇篮到坟墓": footprint.BoundaryCradleToGrave,
	"大门到大门": footprint.BoundaryGateToGate,
	"大门到坟墓": footprint.BoundaryGateToGrave,
}

// convertRow converts one row, or says why it cannot.
func convertRow(rec []string) (*footprint.Factor, error) {
	id := strings.TrimSpace(rec[colID])
	m := idRe.FindStringSubmatch(id)
	if m == nil {
		return nil, fmt.Errorf("product ID %q is not a CPCD ID (5-digit class, letter, serial, year, letter)", rec[colID])
	}
	cpc := m[1]
	name := strings.TrimSpace(rec[colName])
	if name == "" {
		return nil, errors.New("no product name")
	}
	fm := footprintRe.FindStringSubmatch(footprint.FoldWidth(rec[colFootprint]))
	if fm == nil {
		return nil, fmt.Errorf("footprint %q: want <number><kg|g|t>CO2e / <unit>", rec[colFootprint])
	}
	if strings.Contains(fm[1], ",") {
		return nil, fmt.Errorf("footprint %q: a comma in the number could be a thousands or a decimal separator", rec[colFootprint])
	}
	value, err := strconv.ParseFloat(fm[1], 64)
	if err != nil || math.IsInf(value, 0) || math.IsNaN(value) {
		return nil, fmt.Errorf("footprint %q: value %q is not a finite number", rec[colFootprint], fm[1])
	}
	unit, err := footprint.ParseFactorUnit(fm[2] + "/" + fm[3])
	if err != nil {
		return nil, fmt.Errorf("footprint %q: unit %q is not an activity unit the engine knows (%s)", rec[colFootprint], fm[3], footprint.ErrorMessage(err))
	}
	boundary, ok := boundaries[strings.TrimSpace(rec[colBoundary])]
	if !ok {
		return nil, fmt.Errorf("boundary %q is none of %s", rec[colBoundary], strings.Join(slices.Sorted(maps.Keys(boundaries)), ", "))
	}
	year, err := strconv.Atoi(strings.TrimSpace(rec[colYear]))
	if err != nil || year < 1900 || year > 2100 {
		return nil, fmt.Errorf("year %q is not a year", rec[colYear])
	}
	dataType := strings.TrimSpace(rec[colType])
	grade, ok := grades[dataType]
	if !ok {
		return nil, fmt.Errorf("data type %q is neither 核心数据库 nor 文献数据", rec[colType])
	}

	f := &footprint.Factor{
		Code:         "CPCD-" + id,
		NameZH:       name,
		Category:     category(cpc, unit),
		Value:        value,
		Unit:         unit,
		Boundary:     boundary,
		Geography:    "CN",
		Year:         year,
		ProductCodes: []footprint.ProductCode{{Scheme: "CPC", Code: cpc}},
		Source: footprint.Source{
			Publisher: publisher,
			Document:  documents[dataType],
			Locator:   "CPCD " + id + "; " + snapshotRef,
		},
		Licence: licence,
		Quality: footprint.DataQuality{Grade: grade},
		Status:  footprint.StatusActive,
	}
	var notes []string
	if company := strings.TrimSpace(rec[colCompany]); company != "" && company != "-" {
		notes = append(notes, "企业 company: "+company)
	}
	if strings.TrimSpace(rec[colLowCarbon]) == "是" {
		notes = append(notes, "CPCD flags it low-carbon (是否低碳: 是)")
	}
	if idYear := id[9:13]; idYear != strings.TrimSpace(rec[colYear]) {
		notes = append(notes, fmt.Sprintf("the ID's year %s differs from the data year %d", idYear, year))
	}
	if f.Category == footprint.CategoryElectricity {
		notes = append(notes, classifyElectricity(f, rec[colBoundary])...)
	}
	f.TransportMode = transportMode(cpc, f)
	f.Notes = strings.Join(notes, "; ")
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("factor %s: %s", f.Code, footprint.ErrorMessage(err))
	}
	return f, nil
}

// category gives a factor the category its CPC subclass says (docs/cpcd.md):
// CPCD states none.
func category(cpc string, u footprint.FactorUnit) footprint.Category {
	switch {
	case cpc == "17100" && u.Per.Dim == footprint.DimEnergy:
		return footprint.CategoryElectricity // 17100 electrical energy, per unit of energy
	case cpc == "17100":
		return footprint.CategoryProduct // a power plant, a storage system, a module per kW: not energy
	case cpc[:2] == "11", cpc[:2] == "12", cpc[:3] == "331", cpc[:3] == "333", cpc[:3] == "334":
		return footprint.CategoryFuel // coal, crude oil and natural gas, coke, petroleum oils and gases
	case cpc[:2] == "64", cpc[:2] == "65":
		return footprint.CategoryTransport // passenger and freight transport services
	case cpc[:2] == "94":
		return footprint.CategoryEndOfLife // sewage and waste collection, treatment and disposal
	case cpc[0] <= '3', cpc[:2] == "41":
		return footprint.CategoryMaterial // agriculture, ores, energy carriers, food, textiles, wood, paper, chemicals, glass; basic metals
	}
	return footprint.CategoryProduct // metal products, machinery and equipment; construction and other services
}

// ReportHeader is the header of the report CSV (WriteReportCSV).
var ReportHeader = []string{"line", "cpcd_id", "name_zh", "outcome", "factor_code", "reason"}

// WriteReportCSV writes the report as CSV, one row per data row of the
// snapshot, in file order.
func WriteReportCSV(w io.Writer, report []ReportRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ReportHeader); err != nil {
		return err
	}
	for _, r := range report {
		if err := cw.Write([]string{strconv.Itoa(r.Line), r.ID, r.Name, r.Outcome, r.Code, r.Reason}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

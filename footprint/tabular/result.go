package tabular

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"golang.org/x/text/width"
)

// ResultColumns lists the columns of the result table: WriteResultCSV and
// the Lines sheet of the result workbook.
var ResultColumns = []string{
	"path", "description", "stage", "quantity", "unit", "factor_code", "factor_set",
	"factor_value", "factor_unit", "kgco2e", "share_pct", "section",
}

// ResultRows returns the rows of the result table, without the header: one
// per leaf of the contribution tree (section "total"; these add up to the
// headline total), then the lines of each shared sub-assembly (section
// "assembly <id>", paths assemblies[i].lines[j]), then the recycling credits
// (section "credit", reported apart, not in the total) and the exempted
// items (section "exempted", screening estimate, not in the total).
//
// A line that uses a shared sub-assembly is a leaf of the tree whose
// kilograms no factor of its own explains: its factor_code cell is
// "assembly:<id>", and that assembly's section breaks them down, each row's
// quantity and kgCO2e over every use (the line's per Amount unit times the
// assembly's Multiplier), so that every factor's kilograms are on a row that
// names it without the total rows counting them twice.
//
// A number cell is a float64 rounded as the canonical result document
// rounds it, so a spreadsheet keeps it a number; an empty number cell (an
// exempted item has no factor value or share) is nil; every other cell is a
// string ("" when empty).
func ResultRows(r *footprint.Result) [][]any {
	var rows [][]any
	// m scales a quantity and its kgCO2e: 1 but in a shared sub-assembly,
	// whose lines are per Amount unit; a share is already over every use.
	add := func(c *footprint.Contribution, m float64, section string) {
		rows = append(rows, []any{
			c.Path, c.Name, c.Stage, canonical(m * c.Quantity), c.Unit, source(c), c.FactorSet,
			canonical(c.FactorValue), c.FactorUnit, canonical(m * c.KgCO2e), canonical(c.SharePct), section,
		})
	}
	for _, c := range r.Lines {
		walkLeaves(c, func(l *footprint.Contribution) { add(l, 1, "total") })
	}
	for _, a := range r.Assemblies {
		section := "assembly " + a.ID
		for _, c := range a.Lines {
			walkLeaves(c, func(l *footprint.Contribution) { add(l, a.Multiplier, section) })
		}
	}
	for _, c := range r.Credits {
		walkLeaves(c, func(l *footprint.Contribution) { add(l, 1, "credit") })
	}
	for _, x := range r.Exempted {
		rows = append(rows, []any{x.Path, x.Name, x.Stage, canonical(x.Quantity), x.Unit, x.ScreeningFactor,
			"", nil, "", canonical(x.ScreeningKgCO2e), nil, "exempted"})
	}
	return rows
}

// WriteResultCSV writes the result table (ResultColumns, then ResultRows).
// Text cells that a spreadsheet would take for a formula are neutralised
// (escapeCell); numbers stay numbers. A file for people is written
// WithByteOrderMark, so that Excel reads its Chinese text right.
func WriteResultCSV(w io.Writer, r *footprint.Result, opts ...WriteOption) error {
	if err := writeStart(w, opts); err != nil {
		return fmt.Errorf("write result csv: %w", err)
	}
	cw := newCSVWriter(w)
	cw.write(ResultColumns)
	rec := make([]string, len(ResultColumns))
	for _, row := range ResultRows(r) {
		for i, v := range row {
			rec[i] = cellText(v)
		}
		cw.write(rec)
	}
	if err := cw.flush(); err != nil {
		return fmt.Errorf("write result csv: %w", err)
	}
	return nil
}

// cellText writes a cell of ResultRows as CSV text.
func cellText(v any) string {
	switch v := v.(type) {
	case float64:
		return formatNumber(v)
	case nil:
		return ""
	}
	return escapeCell(v.(string))
}

// source names where a contribution's kilograms come from: its factor code,
// "supplier:<id>" for a supplier's certified footprint, "assembly:<id>" for
// a use of a shared sub-assembly (a leaf whose breakdown is in
// Result.Assemblies), or "" (e.g. a green-power line with none of these).
func source(c *footprint.Contribution) string {
	switch {
	case c.FactorCode != "":
		return c.FactorCode
	case c.Supplier != "":
		return "supplier:" + c.Supplier
	case c.Assembly != "" && len(c.Children) == 0:
		return "assembly:" + c.Assembly
	}
	return ""
}

// walkLeaves calls fn for every leaf under c, depth first, in order.
func walkLeaves(c *footprint.Contribution, fn func(*footprint.Contribution)) {
	if len(c.Children) == 0 {
		fn(c)
		return
	}
	for _, ch := range c.Children {
		walkLeaves(ch, fn)
	}
}

// Sheet is one named table of a workbook. A cell is a string, a number
// (float64 or int) or nil (empty).
type Sheet struct {
	Name   string
	Header bool // the first row names the columns
	Rows   [][]any
}

// ResultSheets returns the result of study studyID as the sheets of a
// workbook: Summary, Stages, Lines (the result table, numbers as numbers)
// and Factors (every factor used, with its source). digest is the result's
// footprint.Result.Digest.
func ResultSheets(studyID string, r *footprint.Result, digest string) []Sheet {
	summary := [][]any{
		{"study_id", studyID},
		{"product", r.ProductName},
		{"model", r.ProductModel},
		{"rule", r.Rule + " v" + r.RuleVersion},
		{"boundary", string(r.Boundary)},
		{"declared_unit", r.DeclaredUnit.String()},
		{"reference_period", r.ReferencePeriod.String()},
		{"factor_set", r.FactorSet},
		{"engine_version", r.EngineVersion},
		{"kgco2e_per_declared_unit", r.KgCO2e},
	}
	for _, u := range r.PerUnit {
		summary = append(summary, []any{"kgco2e " + u.LabelEN, u.KgCO2e})
	}
	summary = append(summary,
		[]any{"uncertainty_low_kgco2e", r.Uncertainty.LowKgCO2e},
		[]any{"uncertainty_high_kgco2e", r.Uncertainty.HighKgCO2e},
		[]any{"credits_kgco2e (reported apart)", r.CreditsKgCO2e},
		[]any{"electricity_approach", r.Electricity.Approach},
		[]any{"primary_data_share_pct", r.PrimaryDataSharePct},
		[]any{"dqr", r.DQR},
		[]any{"result_digest", digest},
	)

	stages := [][]any{{"stage", "name_zh", "name_en", "kgco2e", "share_pct"}}
	for _, s := range r.Stages {
		stages = append(stages, []any{s.Code, s.NameZH, s.NameEN, s.KgCO2e, s.SharePct})
	}

	header := make([]any, len(ResultColumns))
	for i, c := range ResultColumns {
		header[i] = c
	}
	lines := append([][]any{header}, ResultRows(r)...)

	factors := [][]any{{"code", "set", "name_en", "name_zh", "value", "unit", "geography", "year", "publisher", "document", "locator", "grade", "kgco2e"}}
	for _, fu := range r.Factors {
		factors = append(factors, []any{fu.Code, fu.Set, fu.NameEN, fu.NameZH, fu.Value, fu.Unit, fu.Geography, fu.Year,
			fu.Source.Publisher, fu.Source.Document, fu.Source.Locator, fu.Grade, fu.KgCO2e})
	}
	return []Sheet{
		{Name: "Summary", Rows: summary},
		{Name: "Stages", Header: true, Rows: stages},
		{Name: "Lines", Header: true, Rows: lines},
		{Name: "Factors", Header: true, Rows: factors},
	}
}

// WriteResultTable writes a result for people: the headline per reporting
// unit, the stage table with bilingual stage names, the top contributors,
// the lines of each shared sub-assembly and the separately reported items. Numbers are rounded to 4 significant
// figures (footprint.RoundSig); the stored result keeps full precision.
func WriteResultTable(w io.Writer, r *footprint.Result) error {
	var b strings.Builder
	n := func(x float64) string { return strconv.FormatFloat(footprint.RoundSig(x, 4), 'f', -1, 64) }
	pct := func(x float64) string { return strconv.FormatFloat(footprint.RoundSig(x, 3), 'f', -1, 64) + " %" }

	fmt.Fprintf(&b, "%s %s\n", r.ProductName, r.ProductModel)
	fmt.Fprintf(&b, "rule %s v%s · %s · declared unit %s · factor set %s · %s\n\n",
		r.Rule, r.RuleVersion, r.Boundary, r.DeclaredUnit, r.FactorSet, r.ReferencePeriod)
	fmt.Fprintf(&b, "Total 合计: %s kgCO2e per %s\n", n(r.KgCO2e), r.DeclaredUnit)
	for _, u := range r.PerUnit {
		fmt.Fprintf(&b, "  %s kgCO2e %s (%s)\n", n(u.KgCO2e), u.LabelEN, u.LabelZH)
	}
	if r.Uncertainty.Runs > 0 {
		fmt.Fprintf(&b, "  uncertainty (95 %%, %d runs): %s – %s kgCO2e\n", r.Uncertainty.Runs, n(r.Uncertainty.LowKgCO2e), n(r.Uncertainty.HighKgCO2e))
	}
	b.WriteString("\n")

	rows := [][]string{{"stage", "阶段", "name", "kgCO2e", "share"}}
	for _, s := range r.Stages {
		rows = append(rows, []string{s.Code, s.NameZH, s.NameEN, n(s.KgCO2e), pct(s.SharePct)})
	}
	writeColumns(&b, "  ", true, rows)

	fmt.Fprintf(&b, "\nTop contributors 主要贡献:\n")
	rows = [][]string{{"path", "description", "factor", "kgCO2e", "share"}}
	for _, h := range r.Hotspots {
		rows = append(rows, []string{h.Path, h.Name, source(h), n(h.KgCO2e), pct(h.SharePct)})
	}
	writeColumns(&b, "", false, rows)

	// A top contributor that uses a shared sub-assembly names no factor:
	// the assembly's own lines, over every use, say which.
	if len(r.Assemblies) > 0 {
		fmt.Fprintf(&b, "\nShared sub-assemblies 共用子组件 (computed once; lines over every use):\n")
	}
	for _, a := range r.Assemblies {
		uses := make([]string, len(a.Uses))
		for i, u := range a.Uses {
			uses[i] = u.Path
		}
		fmt.Fprintf(&b, "  %s %s: %s kgCO2e per %s %s × %s = %s kgCO2e, used by %s\n", a.ID, a.Name,
			n(a.KgCO2e), n(a.Amount), a.Unit, n(a.Multiplier), n(a.TotalKgCO2e), strings.Join(uses, ", "))
		rows := [][]string{{"path", "description", "factor", "quantity", "kgCO2e", "share"}}
		for _, c := range a.Lines {
			walkLeaves(c, func(l *footprint.Contribution) {
				rows = append(rows, []string{l.Path, l.Name, source(l),
					n(a.Multiplier*l.Quantity) + " " + l.Unit, n(a.Multiplier * l.KgCO2e), pct(l.SharePct)})
			})
		}
		writeColumns(&b, "    ", false, rows)
	}

	fmt.Fprintf(&b, "\nElectricity 电力: %s", r.Electricity.Approach)
	if len(r.Electricity.Instruments) > 0 {
		fmt.Fprintf(&b, ", %s of %s kWh covered by", n(r.Electricity.InstrumentKWh), n(r.Electricity.KWh))
		for _, in := range r.Electricity.Instruments {
			serial := in.Serial
			if in.SerialLast != "" { // a batch of green certificates
				serial += " – " + in.SerialLast
			}
			fmt.Fprintf(&b, " %s %s (%s MWh, %s)", in.Kind, serial, n(in.MWh), in.Period)
		}
	}
	level := r.DQRLevel
	if level == "" {
		level = "-"
	}
	fmt.Fprintf(&b, "\nPrimary data share 初级数据占比: %s · DQR %s (%s, %s rated)\n",
		pct(r.PrimaryDataSharePct), n(r.DQR), level, pct(r.DQRCoveragePct))
	if r.AircraftKgCO2e != 0 {
		fmt.Fprintf(&b, "Air transport 航空运输 (included): %s kgCO2e\n", n(r.AircraftKgCO2e))
	}
	if !r.BiogenicSplitKnown {
		fmt.Fprintf(&b, "Fossil/biogenic split: not available from the factors (reported as fossil)\n")
	}
	if len(r.Credits) > 0 {
		fmt.Fprintf(&b, "Recycling credits 回收抵扣 (reported apart, not in the total): %s kgCO2e\n", n(r.CreditsKgCO2e))
	}
	if len(r.Exempted) > 0 {
		share := pct(r.ExemptedMassPct) + " of mass"
		if r.ExemptedBasis == "emissions" {
			share = pct(r.ExemptedPct) + " of emissions (screening)"
		}
		fmt.Fprintf(&b, "Cut-off 截断: %d items, %s, limit %s\n", len(r.Exempted), share, pct(r.CutOffLimitPct))
		for _, x := range r.Exempted {
			fmt.Fprintf(&b, "  %s %s: %s\n", x.Path, x.Name, x.Reason)
		}
	}
	for _, s := range r.Scenarios {
		fmt.Fprintf(&b, "Scenario 情景 %s: %s kgCO2e/%s (%s)\n", s.LabelEN, strconv.FormatFloat(footprint.RoundSig(s.KgCO2e, 4), 'g', -1, 64), s.Unit, s.LabelZH)
	}
	for _, wn := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s: %s\n", wn.Path, wn.EN())
		if wn.MessageZH != "" {
			fmt.Fprintf(&b, "  警告: %s\n", wn.MessageZH)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeColumns writes rows as columns two spaces apart, each line after
// indent, the cells aligned right or left. Text is measured in the columns
// a terminal gives it: a Chinese character (East Asian wide or fullwidth)
// takes two. text/tabwriter counts one a character, so the rows of a table
// holding Chinese went out of line with its header.
func writeColumns(b *strings.Builder, indent string, right bool, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], TextWidth(cell))
		}
	}
	for _, row := range rows {
		line := indent
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-TextWidth(cell))
			switch {
			case right:
				line += pad + cell
			case i < len(row)-1:
				line += cell + pad
			default:
				line += cell
			}
			if i < len(row)-1 {
				line += "  "
			}
		}
		b.WriteString(line + "\n")
	}
}

// TextWidth is the number of terminal columns s takes: two for an East
// Asian wide or full-width character (a Chinese one), one for another.
func TextWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

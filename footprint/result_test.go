package footprint_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

func TestWriteResultCSV(t *testing.T) {
	// Ensure the CSV has one row per contribution leaf whose kgCO2e add up
	// to the total, with credits and exempted items in their own sections.
	r := MustCalculate(t, MustParseStudyFile(t, "../seed/studies/laptop.json"), MustLoadFactors(t), nil)
	var buf bytes.Buffer
	if err := footprint.WriteResultCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], ","), strings.Join(footprint.CSVColumns, ","); got != want {
		t.Fatalf("header = %q, want %q", got, want)
	}
	sections := map[string]int{}
	var total float64
	for _, row := range rows[1:] {
		sections[row[11]]++
		if row[11] == "total" {
			kg, err := strconv.ParseFloat(row[9], 64)
			if err != nil {
				t.Fatal(err)
			}
			total += kg
		}
	}
	// 5 BOM leaves, 2 transport legs, use, 2 end-of-life lines.
	if sections["total"] != 10 || sections["credit"] != 1 || sections["exempted"] != 3 {
		t.Errorf("rows by section = %v", sections)
	}
	if !near(total, r.KgCO2e) && !(abs(total-r.KgCO2e) < 1e-9) {
		t.Errorf("sum of total rows = %v, want %v", total, r.KgCO2e)
	}
	if got, want := rows[1][0], "bom[0]"; got != want {
		t.Errorf("first row path = %q, want %q", got, want)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestParseResultJSON_RoundTrip(t *testing.T) {
	// Ensure a stored result (CanonicalJSON) reads back and re-encodes to
	// the same bytes, so a stored digest can be checked.
	for _, name := range []string{"pv-module", "laptop"} {
		r := MustCalculate(t, MustParseStudyFile(t, "../seed/studies/"+name+".json"), MustLoadFactors(t), nil)
		want, err := r.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := footprint.ParseResultJSON(bytes.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		got, err := back.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: re-encoded result differs", name)
		}
		if len(back.Hotspots) == 0 || back.Hotspots[0] != findLineIn(back.Lines, back.Hotspots[0].Path) {
			t.Errorf("%s: hotspots do not point into the tree", name)
		}
	}
	if _, err := footprint.ParseResultJSON(strings.NewReader(`{"format":"other"}`)); footprint.ErrorField(err) != "format" {
		t.Errorf("ParseResultJSON(other format) = %v, want a format error", err)
	}
}

func findLineIn(cs []*footprint.Contribution, path string) *footprint.Contribution {
	return findLine(&footprint.Result{Lines: cs}, path)
}

func TestWriteResultTable(t *testing.T) {
	// Ensure the table shows the headline per unit, bilingual stage names,
	// the top contributor, the electricity approach and the cut-off items.
	r := MustCalculate(t, MustParseStudyFile(t, "../seed/studies/pv-module.json"), MustLoadFactors(t), nil)
	var buf bytes.Buffer
	if err := footprint.WriteResultTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"kgCO2e per kWp of rated power", "原材料获取及加工", "raw materials and processing",
		"bom[1]", "PV-CELL-MONO182", "Electricity 电力: mixed", "GEC-DEMO-2025-000001",
		"Cut-off 截断: 2 items", "per kWh generated (scenario",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

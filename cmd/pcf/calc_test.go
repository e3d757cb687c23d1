package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure pcf calc computes both demo studies in every format, and that its
// JSON is exactly the engine's canonical result against the seed set.
func TestCalc_DemoStudies(t *testing.T) {
	db := tempPath(t, "pcf.db")
	for _, name := range []string{"pv-module", "laptop"} {
		path := seedtest.StudyPath(t, name)
		t.Run(name, func(t *testing.T) {
			code, table, errOut := pcf(t, "calc", path, "--db", db)
			if code != 0 || !strings.Contains(table, "Total 合计") || !strings.Contains(table, "Top contributors") {
				t.Fatalf("table: %d %q %q", code, table, errOut)
			}
			code, csv, _ := pcf(t, "calc", path, "--db", db, "--format", "csv")
			if code != 0 || !strings.HasPrefix(csv, "path,description,stage") {
				t.Fatalf("csv: %d %q", code, csv[:min(len(csv), 200)])
			}
			code, js, _ := pcf(t, "calc", path, "--db", db, "--format", "json")
			if code != 0 {
				t.Fatalf("json: exit %d", code)
			}

			// The same study computed directly from the embedded seed set.
			res, err := footprint.Calculate(seedtest.Study(t, name), seedtest.Factors(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			want, err := res.CanonicalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSuffix(js, "\n"); got != string(want) {
				t.Fatalf("pcf calc --format json differs from the engine's canonical result")
			}
		})
	}
}

// Ensure a bad study is refused with the path of the offending line.
func TestCalc_BadStudy(t *testing.T) {
	dir := t.TempDir()
	raw := seedtest.StudyJSON(t, "pv-module")
	bad := strings.Replace(string(raw), `"PV-AL-PROFILE"`, `"NO-SUCH-FACTOR"`, 1)
	if bad == string(raw) {
		t.Fatal("fixture no longer uses PV-AL-PROFILE")
	}
	path := writeFile(t, dir, "bad.json", []byte(bad))
	code, _, errOut := pcf(t, "calc", path, "--db", filepath.Join(dir, "pcf.db"))
	if code != 1 || !strings.Contains(errOut, "NO-SUCH-FACTOR") || !strings.Contains(errOut, "bom[") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := pcf(t, "calc", path, "--format", "yaml"); code != 2 {
		t.Fatalf("bad format: exit %d, want 2", code)
	}
}

// Ensure pcf calc previews a study pinned to a draft set (issue 9 item 1:
// a draft is for previews; only stored studies need a published set).
func TestCalc_DraftSet(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")
	code, csv, errOut := pcf(t, "factors", "export", "--set", "2026.1", "--db", db)
	if code != 0 {
		t.Fatalf("export: %d %q", code, errOut)
	}
	lines := strings.SplitN(csv, "\n", 3)
	one := writeFile(t, dir, "one.csv", []byte(lines[0]+"\n"+lines[1]+"\n"))
	// A draft copy of the seed set, with one factor imported again.
	if code, out, errOut := pcf(t, "factors", "import", one, "--set", "2026.9", "--based-on", "2026.1", "--db", db); code != 0 {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	b := seedtest.StudyJSON(t, "pv-module")
	study := filepath.Join(dir, "draft.json")
	draft := strings.Replace(string(b), `"factor_set": "2026.1"`, `"factor_set": "2026.9"`, 1)
	if draft == string(b) {
		t.Fatal("demo study does not pin 2026.1")
	}
	if err := os.WriteFile(study, []byte(draft), 0o600); err != nil {
		t.Fatal(err)
	}
	code, js, errOut := pcf(t, "calc", study, "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(js, `"factor_set":"2026.9"`) {
		t.Fatalf("calc against the draft: %d %q %.200q", code, errOut, js)
	}
	if code, out, _ := pcf(t, "factors", "sets", "--db", db); code != 0 || !strings.Contains(out, "draft") {
		t.Fatalf("2026.9 is not a draft: %q", out)
	}
}

// Ensure pcf calc takes a BOM table as the API does: the demo PV module as
// a CSV BOM with the rest of the study as a header document gives the JSON
// study's result byte for byte; header form fields arrive; problems name
// the file line and column.
func TestCalc_BOMTable(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")
	studyPath := seedtest.StudyPath(t, "pv-module")
	code, want, errOut := pcf(t, "calc", studyPath, "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("JSON study: %s", errOut)
	}

	// The demo PV module as a CSV BOM and a header document (the fixture of
	// footprint/tabular's TestBOM_Study).
	fixture := filepath.Join("..", "..", "footprint", "tabular", "testdata")
	bomPath, headerPath := filepath.Join(fixture, "pv-module.bom.csv"), filepath.Join(fixture, "pv-module.header.json")
	rows, err := csv.NewReader(footprinttest.Open(t, bomPath)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	code, got, errOut := pcf(t, "calc", bomPath, "--study", headerPath, "--db", db, "--format", "json")
	if code != 0 || got != want {
		t.Fatalf("BOM table: exit %d %s\nresult differs from the JSON study's: %t", code, errOut, got != want)
	}

	// The same table as an Excel workbook, numbers as numbers.
	xlsx, err := api.Workbook(footprinttest.BOMSheet(rows))
	if err != nil {
		t.Fatal(err)
	}
	xlsxPath := filepath.Join(dir, "bom.xlsx")
	if err := os.WriteFile(xlsxPath, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, got, errOut := pcf(t, "calc", xlsxPath, "--study", headerPath, "--db", db, "--format", "json"); code != 0 || got != want {
		t.Fatalf("xlsx BOM: exit %d %s; same result: %t", code, errOut, got == want)
	}

	// A bad line is named by file line and column.
	badPath := filepath.Join(dir, "bad.csv")
	var bad strings.Builder
	if err := csv.NewWriter(&bad).WriteAll(append(rows, []string{"1", "Extra", "1", "furlongs", "PV-AL-PROFILE", "", "", "", "", ""})); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(badPath, []byte(bad.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = pcf(t, "calc", badPath, "--study", headerPath, "--db", db)
	if wantPos := "bad.csv:" + strconv.Itoa(len(rows)+1) + ":unit"; code != 1 || !strings.Contains(errOut, wantPos) {
		t.Fatalf("bad line: exit %d %q, want %s", code, errOut, wantPos)
	}

	// Header form fields: the study reaches the rule check, which lists
	// only what the fields could not give (the API's FormFieldsAndProduct).
	code, _, errOut = pcf(t, "calc", bomPath, "--db", db,
		"--field", "rule=pv-module", "--field", "boundary=cradle-to-gate", "--field", "declared_unit=1 piece",
		"--field", "factor_set=2026.1", "--field", "reference_period=2025-01-01/2025-12-31",
		"--field", "product.name=Module", "--field", "product.model=M-1", "--field", "product.rated_power_wp=550")
	if code != 1 || !strings.Contains(errOut, "does not meet rule pv-module") || strings.Contains(errOut, "product.name") || strings.Contains(errOut, "product.model") {
		t.Fatalf("form fields: exit %d %q", code, errOut)
	}

	// Usage mistakes.
	for _, args := range [][]string{
		{"calc", bomPath, "--db", db}, // no header
		{"calc", bomPath, "--study", headerPath, "--field", "rule=x", "--db", db}, // both
		{"calc", studyPath, "--field", "rule=pv-module", "--db", db},              // a study document
		{"calc", bomPath, "--field", "rule", "--db", db},                          // not NAME=VALUE
	} {
		if code, _, errOut := pcf(t, args...); code != 2 {
			t.Errorf("%v: exit %d %q, want 2", args, code, errOut)
		}
	}
	if code, _, errOut := pcf(t, "calc", bomPath, "--field", "colour=red", "--db", db); code != 1 || !strings.Contains(errOut, "colour") {
		t.Errorf("unknown field: exit %d %q", code, errOut)
	}
}

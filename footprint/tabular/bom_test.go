package tabular_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

func TestReadBOMCSV_Tree(t *testing.T) {
	// Ensure levels become children, sections and aliases are read, nested
	// fields (dq, exempt) are grouped, and each line keeps its file line.
	in := "\ufeffLevel,Name,Qty,unit,factor,scrap_pct,primary,dq_ter,exempt_reason,screening_factor,section,mass_kg\r\n" +
		"1,Frame,1,piece,,,,,,,,\r\n" +
		"2,Profile,2.5,kg,PV-AL-PROFILE,1.5,是,2,,,,\r\n" +
		"\r\n" +
		"2,Sealant,0.1,kg,,,,,no factor,MAT-PLASTIC-AVG,,\r\n" +
		"1,Box,0.8,kg,PKG-CARDBOARD,,no,,,,packaging,\r\n" +
		"1,Line,6.5,kWh,ELEC-CN-NAT-CF-2024,,,,,,electricity,\r\n" +
		"1,Cells,54,piece,PV-CELL-MONO182,,,,,,,0.012\r\n"
	bom, err := tabular.ReadBOMCSV(strings.NewReader(in), "bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(bom.Sections)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"bom":[{"children":[` +
		`{"dq":{"ter":2},"factor":"PV-AL-PROFILE","name":"Profile","primary":true,"quantity":2.5,"scrap_pct":1.5,"unit":"kg"},` +
		`{"exempt":{"reason":"no factor","screening_factor":"MAT-PLASTIC-AVG"},"name":"Sealant","quantity":0.1,"unit":"kg"}],` +
		`"name":"Frame","quantity":1,"unit":"piece"},` +
		`{"factor":"PV-CELL-MONO182","mass_kg":0.012,"name":"Cells","quantity":54,"unit":"piece"}],` +
		`"electricity":[{"factor":"ELEC-CN-NAT-CF-2024","name":"Line","quantity":6.5,"unit":"kWh"}],` +
		`"packaging":[{"factor":"PKG-CARDBOARD","name":"Box","primary":false,"quantity":0.8,"unit":"kg"}]}`
	if string(got) != want {
		t.Fatalf("sections\n%s\nwant\n%s", got, want)
	}

	// An error about a line's field names the file line and the column.
	for _, tt := range []struct{ field, want string }{
		{"bom[0].children[1].exempt.screening_factor", "bom.csv:5:screening_factor"},
		{"bom[0].children[0].factor", "bom.csv:3:factor_code"},
		{"bom[0].children[0]", "bom.csv:3"},
		{"packaging[0].quantity", "bom.csv:6:quantity"},
		{"electricity[0].instruments[0].serial", "bom.csv:7"},
	} {
		err := bom.Locate(footprint.FieldErrorf(footprint.EINVALID, tt.field, "bad"))
		if got := footprint.ErrorField(err); got != tt.want {
			t.Errorf("Locate(%s)=%q, want %q", tt.field, got, tt.want)
		}
		if got, want := footprint.ErrorMessage(err), "bad ("+tt.field+")"; got != want {
			t.Errorf("message=%q, want %q", got, want)
		}
	}
	if err := bom.Locate(footprint.FieldErrorf(footprint.EINVALID, "rule", "bad")); footprint.ErrorField(err) != "rule" {
		t.Errorf("a header error was moved: %v", err)
	}
	var none *tabular.BOM
	if err := none.Locate(errors.New("x")); err.Error() != "x" {
		t.Errorf("nil BOM changed the error: %v", err)
	}
}

func TestParseBOM_Errors(t *testing.T) {
	// Ensure each problem is reported with its line and column, every
	// problem of a file at once.
	for _, tt := range []struct {
		name string
		in   string
		want []string // err.Error() lines
	}{
		{"BadNumber", "description,quantity,unit\nx,abc,kg\n", []string{`bom.csv:2: quantity: "abc" is not a number`}},
		{"NaN", "description,quantity,unit\nx,NaN,kg\ny,-Inf,kg\n", []string{`bom.csv:2: quantity: "NaN" is not a number`, `bom.csv:3: quantity: "-Inf" is not a number`}},
		{"NotAnInteger", "quantity,unit,dq_gr\n1,kg,2.5\n", []string{`bom.csv:2: dq_gr: "2.5" is not a number`}},
		{"UnknownColumn", "quantity,unit,colour\n1,kg,red\n", []string{`bom.csv:1: colour: unknown column (want ` + strings.Join(tabular.BOMColumns, ", ") + `)`}},
		{"RepeatedColumn", "quantity,unit,qty\n1,kg,2\n", []string{`bom.csv:1: quantity: column given twice`}},
		{"MissingColumns", "description\nx\n", []string{`bom.csv:1: quantity: required column is missing`, `bom.csv:1: unit: required column is missing`}},
		{"MissingCells", "quantity,unit\n,kg\n1,\n", []string{`bom.csv:2: quantity: quantity is required`, `bom.csv:3: unit: unit is required`}},
		{"LevelJump", "level,quantity,unit\n1,1,kg\n3,1,kg\n", []string{`bom.csv:3: level: level 3 follows level 1: a row may be at most one level deeper than the row above`}},
		{"BadLevel", "level,quantity,unit\nx,1,kg\n", []string{`bom.csv:2: level: level "x": want a whole number from 1 to 32`}},
		{"UnknownSection", "section,quantity,unit\nfuel,1,kg\n", []string{`bom.csv:2: section: unknown section "fuel" (want bom, packaging, electricity)`}},
		{"ChildSection", "level,section,quantity,unit\n1,bom,1,kg\n2,packaging,1,kg\n", []string{`bom.csv:3: section: section "packaging" differs from the parent row's section "bom"`}},
		{"ElectricityChild", "level,section,quantity,unit\n1,electricity,1,kWh\n2,,1,kWh\n", []string{`bom.csv:3: level: electricity lines have no children`}},
		{"ElectricityScrap", "section,quantity,unit,scrap_pct,supplier\nelectricity,1,kWh,2,S-1\n", []string{`bom.csv:2: supplier: not allowed on an electricity line`, `bom.csv:2: scrap_pct: not allowed on an electricity line`}},
		{"ScreeningWithoutReason", "quantity,unit,screening_factor\n1,kg,MAT-X\n", []string{`bom.csv:2: screening_factor: a screening factor needs an exempt_reason`}},
		{"BadYesNo", "quantity,unit,primary\n1,kg,maybe\n", []string{`bom.csv:2: primary: "maybe": want true or false`}},
		{"Malformed", "quantity,unit\n1,\"kg\n", []string{`bom.csv:2: extraneous or missing " in quoted-field`}},
		{"Empty", "\n,,\n", []string{`bom.csv: the file is empty (want a header row naming the columns ` + strings.Join(tabular.BOMColumns, ", ") + `)`}},
		{"NoLines", "quantity,unit\n", []string{`bom.csv: the file has a header but no lines`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bom, err := tabular.ReadBOMCSV(strings.NewReader(tt.in), "bom.csv")
			if err == nil {
				t.Fatalf("no error, want one (%v)", bom.Sections)
			}
			if bom != nil {
				t.Errorf("got a BOM with an error")
			}
			if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
				t.Errorf("code=%q, want %q (%v)", got, want, err)
			}
			if got, want := footprinttest.English(t, err.Error()), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("err=\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestParseBOM_RowLimit(t *testing.T) {
	// Ensure a table over the row limit is refused before its rows are read.
	rows := make([]tabular.Row, tabular.MaxBOMRows+2)
	for i := range rows {
		rows[i] = tabular.Row{Line: i + 1, Cells: []string{"1", "kg"}}
	}
	rows[0].Cells = []string{"quantity", "unit"}
	if _, err := tabular.ParseBOM("big.csv", rows); footprint.ErrorField(err) != "big.csv" || !strings.Contains(err.Error(), "more than 20000 rows") {
		t.Fatalf("err=%v", err)
	}
	if _, err := tabular.ParseBOM("ok.csv", rows[:len(rows)-1]); err != nil {
		t.Fatalf("a table at the limit: %v", err)
	}
}

func TestBOM_Study(t *testing.T) {
	// Ensure a BOM table and a header give the study the JSON document
	// gives: testdata/pv-module.bom.csv holds the lines of the demo PV
	// module (seed/studies/pv-module.json) and pv-module.header.json the
	// rest of it. Header and table problems are refused by name.
	want := seedtest.Study(t, "pv-module")
	f, err := os.Open(filepath.Join("testdata", "pv-module.bom.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bom, err := tabular.ReadBOMCSV(f, "pv-module.bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	header := footprinttest.ReadFile(t, filepath.Join("testdata", "pv-module.header.json"))
	got, err := bom.Study(header)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		a, _ := footprint.MarshalStudyJSON(got)
		b, _ := footprint.MarshalStudyJSON(want)
		t.Fatalf("study from the table differs from the JSON study:\n%s\nwant\n%s", a, b)
	}
	var doc map[string]any
	if err := json.Unmarshal(header, &doc); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrSectionTwice", func(t *testing.T) {
		doc["bom"] = []any{map[string]any{"quantity": 1, "unit": "kg", "factor": "X"}}
		header, _ := json.Marshal(doc)
		_, err := bom.Study(header)
		if footprint.ErrorField(err) != "bom" || !strings.Contains(err.Error(), "given both") {
			t.Fatalf("err=%v", err)
		}
		delete(doc, "bom")
	})
	t.Run("ErrHeaderNotAnObject", func(t *testing.T) {
		for _, h := range []string{`[1]`, `null`, `{"rule":`} {
			if _, err := bom.Study([]byte(h)); footprint.ErrorCode(err) != footprint.EINVALID {
				t.Errorf("header %s: err=%v", h, err)
			}
		}
	})
	t.Run("ErrLinePosition", func(t *testing.T) {
		bad, err := tabular.ReadBOMCSV(strings.NewReader("description,quantity,unit,factor_code\nx,1,kg,A\ny,2,kgs,B\n"), "b.csv")
		if err != nil {
			t.Fatal(err)
		}
		_, err = bad.Study(header)
		if got, want := footprint.ErrorField(err), "b.csv:3:unit"; got != want {
			t.Fatalf("field=%q, want %q (%v)", got, want, err)
		}
	})
}

func TestStudyHeader(t *testing.T) {
	// Ensure the header fields map onto the study format and a product
	// resolver fills the product section.
	got, err := tabular.StudyHeader(map[string][]string{
		"rule": {"pv-module"}, "boundary": {" cradle-to-gate "}, "declared_unit": {"1 kWp"}, "factor_set": {"2026.1"},
		"reference_period": {"2025-01-01/2025-12-31"}, "reference_output": {"1000"}, "title": {""},
		"product.name": {"Module"}, "product.product_codes": {"HS:854143, CNPC:3825"}, "product.rated_power_wp": {"550"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"boundary":"cradle-to-gate","declared_unit":{"amount":1,"unit":"kWp"},"factor_set":"2026.1","format":"` + footprint.StudyFormat + `",` +
		`"product":{"name":"Module","product_codes":["HS:854143","CNPC:3825"],"rated_power_wp":550},` +
		`"reference_output":1000,"reference_period":{"end":"2025-12-31","start":"2025-01-01"},"rule":"pv-module"}`
	if string(got) != want {
		t.Fatalf("header\n%s\nwant\n%s", got, want)
	}

	got, err = tabular.StudyHeader(map[string][]string{"product_id": {"P-1"}}, func(id string) (any, error) {
		return map[string]string{"name": "registered " + id}, nil
	})
	if err != nil || !strings.Contains(string(got), `"product":{"name":"registered P-1"}`) {
		t.Fatalf("product_id: %s %v", got, err)
	}

	for _, tt := range []struct {
		name   string
		fields map[string][]string
		field  string
	}{
		{"Unknown", map[string][]string{"colour": {"red"}}, "colour"},
		{"Twice", map[string][]string{"rule": {"a", "b"}}, "rule"},
		{"NaN", map[string][]string{"reference_output": {"NaN"}}, "reference_output"},
		{"BadDeclaredUnit", map[string][]string{"declared_unit": {"Inf piece"}}, "declared_unit"},
		{"BadPeriod", map[string][]string{"reference_period": {"2025"}}, "reference_period"},
		{"BadMass", map[string][]string{"product.mass_kg": {"heavy"}}, "product.mass_kg"},
		{"ProductWithoutResolver", map[string][]string{"product_id": {"P-1"}}, "product_id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tabular.StudyHeader(tt.fields, nil)
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("err=%v (field %q), want field %q", err, footprint.ErrorField(err), tt.field)
			}
		})
	}
	both := map[string][]string{"product_id": {"P-1"}, "product.name": {"x"}}
	if _, err := tabular.StudyHeader(both, func(string) (any, error) { return map[string]any{}, nil }); footprint.ErrorField(err) != "product_id" {
		t.Fatalf("product_id and product.*: %v", err)
	}
}

func TestImports(t *testing.T) {
	// Ensure the package stays standard library plus footprint, so api and
	// cmd can share it without pulling in any adapter; golang.org/x/text
	// (no adapter: the GB18030 decoder) reads CSV from Chinese-locale Excel.
	out, err := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range strings.Fields(string(out)) {
		if strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") && imp != "github.com/chengdu-pcf/pcf/footprint" && !strings.HasPrefix(imp, "golang.org/x/text/") {
			t.Errorf("imports %s", imp)
		}
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure pcf calc computes both demo studies in every format, and that its
// JSON is exactly the engine's canonical result against the seed set.
func TestCalc_DemoStudies(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pcf.db")
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
	raw, err := os.ReadFile(filepath.Join("..", "..", "seed", "studies", "pv-module.json"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(raw), `"PV-AL-PROFILE"`, `"NO-SUCH-FACTOR"`, 1)
	if bad == string(raw) {
		t.Fatal("fixture no longer uses PV-AL-PROFILE")
	}
	path := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
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
	one := filepath.Join(dir, "one.csv")
	if err := os.WriteFile(one, []byte(lines[0]+"\n"+lines[1]+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A draft copy of the seed set, with one factor imported again.
	if code, out, errOut := pcf(t, "factors", "import", one, "--set", "2026.9", "--based-on", "2026.1", "--db", db); code != 0 {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "seed", "studies", "pv-module.json"))
	if err != nil {
		t.Fatal(err)
	}
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

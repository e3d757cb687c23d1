package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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

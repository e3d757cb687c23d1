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

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure "pcf factors search" and "list --q" search names in both
// languages through synonyms, most relevant first, with the total and the
// counts per category.
func TestCLI_FactorsSearch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pcf.db")
	// 铝材 is in no seed name: the synonym table finds the aluminium factors.
	code, out, errOut := pcf(t, "factors", "search", "铝材", "--db", db)
	if code != 0 || !strings.Contains(out, "PV-AL-PROFILE") || !strings.Contains(out, "PV-AL-PRIMARY-ELEC") ||
		!strings.Contains(out, "most relevant first") || !strings.Contains(out, "by category: material") {
		t.Fatalf("search 铝材: %d %q %q", code, out, errOut)
	}
	code, out, errOut = pcf(t, "factors", "list", "--q", "aluminium", "--category", "material", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("list --q: %d %q", code, errOut)
	}
	var body struct {
		Data []struct{ Code, Category string }
		Meta struct {
			Total  int
			Facets struct{ Category map[string]int }
		}
	}
	if err := json.Unmarshal([]byte(out), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Data) == 0 || body.Meta.Total != len(body.Data) || body.Meta.Facets.Category["material"] != len(body.Data) {
		t.Fatalf("list --q --json: %s", out)
	}
	for _, f := range body.Data {
		if f.Category != "material" {
			t.Errorf("%s of category %s", f.Code, f.Category)
		}
	}
	// The exact code first.
	if code, out, _ := pcf(t, "factors", "search", "ELEC-CN-NAT-CF-2024", "--json", "--db", db); code != 0 || !strings.Contains(out, `"data":[{"code":"ELEC-CN-NAT-CF-2024"`) {
		t.Fatalf("code search: %d %s", code, out)
	}
}

// Ensure "pcf factors import" shows the plausibility flags with their
// peers, "publish" is refused while one is not acknowledged, and
// "acknowledge" lets it through.
func TestCLI_FactorsPlausibility(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")
	if code, _, errOut := pcf(t, "factors", "sets", "--db", db); code != 0 { // creates and seeds it
		t.Fatal(errOut)
	}
	// Seven PV generation factors made from the seed's with test values,
	// one at CPCD's known-bad 2,223.29 kgCO2e/kWh.
	rows := seedtest.FlaggedPV(t)
	path := filepath.Join(dir, "pv.csv")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := tabular.WriteFactorsCSV(out, rows); err != nil {
		t.Fatal(err)
	}
	out.Close()

	code, stdout, errOut := pcf(t, "factors", "import", path, "--set", "T.1", "--db", db)
	if code != 0 || !strings.Contains(stdout, "PV-TEST-BAD 2223.29 kgCO2e/kWh is") || !strings.Contains(stdout, "compared to: PV-TEST-") ||
		!strings.Contains(stdout, "1 plausibility flags in set T.1, 1 not acknowledged") {
		t.Fatalf("import: %d %q %q", code, stdout, errOut)
	}
	if code, _, errOut := pcf(t, "factors", "publish", "T.1", "--db", db); code == 0 || !strings.Contains(errOut, "PV-TEST-BAD") || !strings.Contains(errOut, "unacknowledged") {
		t.Fatalf("publish with a flag: %d %q", code, errOut)
	}
	if code, _, errOut := pcf(t, "factors", "acknowledge", "--set", "T.1", "PV-TEST-BAD", "--db", db); code == 0 || !strings.Contains(errOut, "note") {
		t.Fatalf("acknowledge without a note: %d %q", code, errOut)
	}
	if code, stdout, errOut := pcf(t, "factors", "acknowledge", "--set", "T.1", "--note", "checked for the test", "--all", "--db", db); code != 0 || !strings.Contains(stdout, "0 not acknowledged") {
		t.Fatalf("acknowledge: %d %q %q", code, stdout, errOut)
	}
	if code, stdout, errOut := pcf(t, "factors", "publish", "T.1", "--db", db); code != 0 || !strings.Contains(stdout, "published factor set T.1: 7 factors") {
		t.Fatalf("publish: %d %q %q", code, stdout, errOut)
	}
	if code, stdout, _ := pcf(t, "factors", "flags", "--set", "T.1", "--db", db); code != 0 || !strings.Contains(stdout, "checked for the test") {
		t.Fatalf("flags: %d %q", code, stdout)
	}

	// The explicit flag of import --publish: refused without it, published
	// with it, the note recorded.
	if code, _, errOut := pcf(t, "factors", "import", path, "--set", "T.2", "--publish", "--db", db); code == 0 || !strings.Contains(errOut, "PV-TEST-BAD") {
		t.Fatalf("import --publish with a flag: %d %q", code, errOut)
	}
	if code, stdout, errOut := pcf(t, "factors", "publish", "T.2", "--acknowledge-flags", "kept for the test", "--db", db); code != 0 ||
		!strings.Contains(stdout, "acknowledged 1 plausibility flags of T.2") || !strings.Contains(stdout, "published factor set T.2") {
		t.Fatalf("publish --acknowledge-flags: %d %q %q", code, stdout, errOut)
	}
	if code, stdout, errOut := pcf(t, "factors", "import", path, "--set", "T.3", "--publish", "--acknowledge-flags", "kept for the test", "--db", db); code != 0 || !strings.Contains(stdout, "published factor set T.3") {
		t.Fatalf("import --publish --acknowledge-flags: %d %q %q", code, stdout, errOut)
	}
}

// flaggedCPCDStudy writes the demo PV study pinned to the CPCD set with
// CPCD factors and CPCD-01344X0052017A (556.1 kgCO2e/kg, flagged) on line
// bom[3], and returns its path.
func flaggedCPCDStudy(t *testing.T) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(cpcdYunnanStudy(t)), &doc); err != nil {
		t.Fatal(err)
	}
	doc["bom"] = append(doc["bom"].([]any),
		map[string]any{"name": "Flagged material", "quantity": 0.001, "unit": "kg", "stage": "A1", "factor": "CPCD-01344X0052017A"})
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "flagged.json")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Ensure pcf calc warns about a CPCD factor whose flag no curator
// reviewed (the flag, its value, the peers' median), pcf factors flags
// says the loader's acknowledgements are not reviews, and pcf factors
// acknowledge reviews a flag of the published CPCD set, after which calc
// no longer warns.
func TestCLI_ReviewCPCDFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pcf.db")
	study := flaggedCPCDStudy(t)
	code, out, errOut := pcf(t, "calc", study, "--db", db)
	if code != 0 || !strings.Contains(out, "warning: bom[3].factor: factor CPCD-01344X0052017A has a plausibility flag that no curator has reviewed: 556.1 kgCO2e/kg") ||
		!strings.Contains(out, "median 1.7 kgCO2e/kg") {
		t.Fatalf("calc: %d %q %q", code, out, errOut)
	}
	code, out, _ = pcf(t, "factors", "flags", "--set", cpcd.SetVersion, "--db", db)
	if code != 0 || !strings.Contains(out, "NOT REVIEWED (loader)") || !strings.Contains(out, "acknowledged by the loader only, not reviewed by a curator") {
		t.Fatalf("flags: %d %q", code, out[max(0, len(out)-600):])
	}
	code, out, errOut = pcf(t, "factors", "acknowledge", "--set", cpcd.SetVersion, "--note", "checked against CPCD 01344X0052017A", "CPCD-01344X0052017A", "--db", db)
	if code != 0 || !strings.Contains(out, "reviewed by a curator") {
		t.Fatalf("acknowledge: %d %q %q", code, out[max(0, len(out)-600):], errOut)
	}
	code, out, _ = pcf(t, "calc", study, "--db", db)
	if code != 0 || strings.Contains(out, "plausibility flag") {
		t.Fatalf("calc after the review: %d %q", code, out)
	}
}

// Ensure the CLI reads, exports, imports, publishes and backs up, and that a
// bad import row is reported with its line and changes nothing.
func TestCLI_FactorsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")

	code, out, errOut := pcf(t, "factors", "show", "ELEC-CN-SC-CO2-2023", "--db", db)
	if code != 0 || !strings.Contains(out, "0.1564 kgCO2/kWh") || !strings.Contains(out, "CO2") {
		t.Fatalf("show: %d %q %q", code, out, errOut)
	}
	if code, out, _ := pcf(t, "factors", "search", "铝", "--db", db); code != 0 || !strings.Contains(out, "PV-AL-PRIMARY-ELEC") {
		t.Fatalf("search: %d %q", code, out)
	}

	// Export the seed set, re-import it as a new set, publish: same content.
	csvPath := filepath.Join(dir, "export.csv")
	if code, _, errOut := pcf(t, "factors", "export", "--db", db, "-o", csvPath); code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	if code, out, errOut := pcf(t, "factors", "import", csvPath, "--set", "2026.2", "--db", db, "--publish"); code != 0 || !strings.Contains(out, "published factor set 2026.2") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	// The CLI's changes are audited like the API's: in the store, in the
	// same transaction.
	{
		d, err := factordb.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		subject := "factor-set/2026.2"
		events, _, err := factordb.NewCertificationService(d).FindAuditEvents(context.Background(), access.AuditFilter{Subject: &subject})
		d.Close()
		if err != nil || len(events) != 3 || events[0].Action != access.AuditFactorSetPublish || events[2].Action != access.AuditFactorSetCreate {
			t.Fatalf("audit of the CLI import: %+v %v", events, err)
		}
	}
	reexport := filepath.Join(dir, "reexport.csv")
	if code, _, errOut := pcf(t, "factors", "export", "--set", "2026.2", "--db", db, "-o", reexport); code != 0 {
		t.Fatalf("re-export: %d %s", code, errOut)
	}
	a, _ := os.ReadFile(csvPath)
	b, _ := os.ReadFile(reexport)
	if !bytes.Equal(a, b) || len(a) < 1000 {
		t.Fatalf("export→import→export differs (%d vs %d bytes)", len(a), len(b))
	}

	// A bad row: reported with file and line, and the draft set stays empty.
	lines := strings.Split(strings.TrimRight(string(a), "\n"), "\n")
	bad := strings.Replace(lines[3], ",kgCO2", ",furlongs/kgCO2", 1)
	badCSV := strings.Join([]string{lines[0], lines[1], lines[2], bad}, "\n") + "\n"
	badPath := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badPath, []byte(badCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = pcf(t, "factors", "import", badPath, "--set", "2026.3", "--db", db)
	if code != 1 || !strings.Contains(errOut, "bad.csv:4:") {
		t.Fatalf("bad import: %d %q", code, errOut)
	}
	if code, out, _ := pcf(t, "factors", "sets", "--db", db); code != 0 || strings.Contains(out, "2026.3") {
		t.Fatalf("a rejected import created a set: %q", out)
	}

	// Publishing twice is refused: a published set is immutable.
	if code, _, errOut := pcf(t, "factors", "publish", "2026.2", "--db", db); code != 1 || !strings.Contains(errOut, "immutable") {
		t.Fatalf("republish: %d %q", code, errOut)
	}

	// Hot backup opens as a database with the same sets.
	bak := filepath.Join(dir, "backup.db")
	if code, _, errOut := pcf(t, "backup", "--db", db, "-o", bak); code != 0 {
		t.Fatalf("backup: %d %s", code, errOut)
	}
	if code, out, _ := pcf(t, "factors", "sets", "--db", bak); code != 0 || !strings.Contains(out, "2026.2") || !strings.Contains(out, "2026.1") {
		t.Fatalf("backup sets: %q", out)
	}

	if code, _, _ := pcf(t, "factors", "frobnicate"); code != 2 {
		t.Fatalf("unknown subcommand exit %d, want 2", code)
	}
}

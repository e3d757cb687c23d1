package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure a first start creates and seeds the database and serves the factor
// reads over real HTTP.
func TestServe_SeedsAndServesFactors(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()

	var health struct{ Status string }
	if code := getJSON(t, base+"/healthz", &health); code != 200 || health.Status != "ok" {
		t.Fatalf("healthz: %d %+v", code, health)
	}

	var one struct {
		Data struct {
			Code     string  `json:"code"`
			Value    float64 `json:"value"`
			Unit     string  `json:"unit"`
			GHGBasis string  `json:"ghg_basis"`
			Set      string  `json:"set"`
			Source   struct {
				Publisher string `json:"publisher"`
			} `json:"source"`
		} `json:"data"`
	}
	if code := getJSON(t, base+"/v1/factors/ELEC-CN-NAT-CF-2024", &one); code != 200 {
		t.Fatalf("status %d", code)
	}
	// MEE/NBS/NEA 2024 national electricity carbon-footprint factor.
	if one.Data.Value != 0.5777 || one.Data.Unit != "kgCO2e/kWh" || one.Data.GHGBasis != "CO2e" || one.Data.Set != "2026.1" || one.Data.Source.Publisher == "" {
		t.Fatalf("factor = %+v", one.Data)
	}

	var list struct {
		Data []struct {
			Code         string   `json:"code"`
			ProductCodes []string `json:"product_codes"`
		} `json:"data"`
	}
	if code := getJSON(t, base+"/v1/factors?product_code=8541&limit=1000", &list); code != 200 || len(list.Data) == 0 {
		t.Fatalf("prefix query: %d, %d factors", code, len(list.Data))
	}
	for _, f := range list.Data {
		found := false
		for _, pc := range f.ProductCodes {
			found = found || strings.Contains(pc, ":8541")
		}
		if !found {
			t.Errorf("%s has no product code under 8541: %v", f.Code, f.ProductCodes)
		}
	}

	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	if code := getJSON(t, base+"/v1/factors/NO-SUCH-FACTOR", &e); code != 404 || e.Error.Code != "not_found" {
		t.Fatalf("unknown factor: %d %+v", code, e)
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

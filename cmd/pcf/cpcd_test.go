package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// Ensure a database pcf serve creates holds the CPCD set, published, beside
// the Chengdu set, which stays the latest (the default of factor queries),
// and that the CPCD factors are queryable by CPC code and province.
func TestServe_SeedsCPCD(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()

	var sets struct {
		Data []struct {
			Version     string `json:"version"`
			Status      string `json:"status"`
			FactorCount int    `json:"factor_count"`
		} `json:"data"`
	}
	if code := getJSON(t, base+"/v1/factor-sets", &sets); code != 200 || len(sets.Data) != 2 {
		t.Fatalf("sets: %d %+v", code, sets.Data)
	}
	if s := sets.Data[0]; s.Version != cpcd.SetVersion || s.Status != "published" || s.FactorCount != 4274 {
		t.Errorf("first set %+v, want %s published with 4274 factors", s, cpcd.SetVersion)
	}

	var page struct {
		Data []struct {
			Code            string `json:"code"`
			Set             string `json:"set"`
			ElectricityRole string `json:"electricity_role"`
			GHGBasis        string `json:"ghg_basis"`
		} `json:"data"`
	}
	if code := getJSON(t, base+"/v1/factors?limit=1", &page); code != 200 || len(page.Data) != 1 || page.Data[0].Set != seed.SetVersion {
		t.Fatalf("latest set: %d %+v, want %s", code, page.Data, seed.SetVersion)
	}
	url := base + "/v1/factors?set=" + cpcd.SetVersion + "&product_code=CPC:171&geography=CN-NM&category=electricity&limit=100"
	if code := getJSON(t, url, &page); code != 200 {
		t.Fatalf("%s: %d", url, code)
	}
	roles := map[string]string{}
	for _, f := range page.Data {
		roles[f.Code] = f.ElectricityRole + " " + f.GHGBasis
	}
	if roles["CPCD-17100H1852020A"] != "grid-mix CO2e" || roles["CPCD-17100H3972023C"] != "grid-co2 CO2" {
		t.Errorf("Inner Mongolia electricity factors: %v", roles)
	}
}

// mustOpenChengdu opens the database at path with the Chengdu seed set
// published and no CPCD set, as a database made before the CPCD set
// existed holds.
func mustOpenChengdu(tb testing.TB, path string) *factordb.DB {
	tb.Helper()
	db, err := factordb.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	factors, err := seed.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := seed.Load(context.Background(), factordb.NewFactorService(db), seed.SetVersion, factors); err != nil {
		tb.Fatal(err)
	}
	return db
}

// Ensure pcf factors load-cpcd publishes the CPCD set into a database made
// before it existed, once, and that pcf serve then keeps it checked.
func TestCLI_LoadCPCD(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pcf.db")
	db := mustOpenChengdu(t, path)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// An existing database is not given the CPCD set by a start.
	db, msg, err := openSeeded(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := factordb.NewFactorService(db).FindFactorSetByVersion(ctx, cpcd.SetVersion); err == nil || msg != "" {
		t.Errorf("start on an existing database: CPCD set present (err %v), message %q", err, msg)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := pcf(t, "factors", "load-cpcd", "--db", path)
	if code != 0 || !strings.Contains(out, "published factor set "+cpcd.SetVersion+" (4274 CPCD factors)") {
		t.Fatalf("load-cpcd: exit %d, %q, %q", code, out, errOut)
	}
	code, out, _ = pcf(t, "factors", "load-cpcd", "--db", path)
	if code != 0 || !strings.Contains(out, "already published") {
		t.Fatalf("load-cpcd again: exit %d, %q", code, out)
	}
	code, out, _ = pcf(t, "factors", "show", "CPCD-17100H1562020A", "--set", cpcd.SetVersion, "--db", path)
	if code != 0 || !strings.Contains(out, "0.1764") || !strings.Contains(out, "CN-YN") {
		t.Errorf("show: exit %d\n%s", code, out)
	}
}

// Ensure pcf factors cpcd writes the report of every row and the summary.
func TestCLI_FactorsCPCD(t *testing.T) {
	code, out, errOut := pcf(t, "factors", "cpcd", "--report", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4291 || lines[0] != strings.Join(cpcd.ReportHeader, ",") {
		t.Errorf("%d report lines, header %q", len(lines), lines[0])
	}
	if errOut != "4290 rows: 4274 imported, 15 merged as duplicates, 1 refused (see --report)\n" {
		t.Errorf("summary %q", errOut)
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "cpcd-factors.csv")
	if code, _, errOut := pcf(t, "factors", "cpcd", "-o", csvPath); code != 0 {
		t.Fatalf("-o: exit %d: %s", code, errOut)
	}
	db := filepath.Join(dir, "pcf.db")
	if code, out, errOut := pcf(t, "factors", "import", csvPath, "--set", "cpcd-copy", "--publish", "--acknowledge-flags", "CPCD as published: test copy", "--db", db); code != 0 || !strings.Contains(out, "4274 factors") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := pcf(t, "factors", "cpcd", filepath.Join(dir, "missing.csv")); code == 0 || !strings.Contains(errOut, "missing.csv") {
		t.Errorf("missing file: exit %d %q", code, errOut)
	}
}

// Ensure a start on a database whose published CPCD set differs from the
// embedded snapshot refuses, naming the set, and changes nothing: a
// published set is immutable, and the quick check by digest on a restart
// only ever skips the comparison of an identical set.
func TestServe_ErrCPCDSetDiffers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pcf.db")
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	im, err := cpcd.Factors()
	if err != nil {
		t.Fatal(err)
	}
	changed := *im.Factors[0]
	changed.Value *= 2
	factors := append([]*footprint.Factor{&changed}, im.Factors[1:]...)
	if _, err := seed.LoadSet(ctx, factordb.NewFactorService(db), cpcd.SetVersion, cpcd.SetDescription, factors); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, err = openSeeded(ctx, path)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || !strings.Contains(err.Error(), cpcd.SetVersion) || !strings.Contains(err.Error(), changed.Code) {
		t.Fatalf("err = %v, want conflict naming %s and %s", err, cpcd.SetVersion, changed.Code)
	}
	// The identical set is accepted on a restart, without a change.
	path2 := filepath.Join(t.TempDir(), "pcf.db")
	db, _, err = openSeeded(ctx, path2)
	if err != nil {
		t.Fatal(err)
	}
	before, err := factordb.NewFactorService(db).FindFactorSetByVersion(ctx, cpcd.SetVersion)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, msg, err := openSeeded(ctx, path2)
	if err != nil || msg != "" {
		t.Fatalf("restart: %v %q", err, msg)
	}
	defer db.Close()
	after, err := factordb.NewFactorService(db).FindFactorSetByVersion(ctx, cpcd.SetVersion)
	if err != nil || after.Digest != before.Digest || !after.PublishedAt.Equal(before.PublishedAt) {
		t.Errorf("restart changed the set: %+v → %+v (%v)", before, after, err)
	}
}

package main

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
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
	path := tempPath(t, "pcf.db")
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
	path := tempPath(t, "pcf.db")
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	im := seedtest.CPCD(t)
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
	path2 := tempPath(t, "pcf.db")
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

// cpcdYunnanStudy is the demo PV module made at a supplier site in Yunnan,
// pinned to the CPCD set (seedtest.PinToCPCDYunnan).
func cpcdYunnanStudy(t *testing.T) string {
	t.Helper()
	return string(seedtest.MustMarshal(t, cpcdYunnanDoc(t)))
}

// cpcdYunnanDoc is cpcdYunnanStudy as a JSON object, for a test to edit.
func cpcdYunnanDoc(t *testing.T) map[string]any {
	t.Helper()
	doc := seedtest.StudyDoc(t, "pv-module")
	seedtest.PinToCPCDYunnan(doc)
	return doc
}

// Ensure a study that uses CPCD factors and Yunnan's provincial life-cycle
// grid factor (issue 15) gets a certificate that names them with their
// grades, end to end on a running pcf serve: the signed content (format 3)
// names the CPCD cell factor (grade C, 72 % of the total) and the Yunnan
// grid factor (grade D, marked as grid) with their CPCD product IDs, the
// certificate PDF prints them (and verifies), and the public verify answer
// and page list them.
func TestServe_CertificateNamesCPCDFactorsWithGrades(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	_, maker, certifier := MustApplyDemo(t, m)
	app := mustApply(t, base, maker, []byte(cpcdYunnanStudy(t)), "")
	id := mustIssue(t, base, certifier, app, `{"signatory":"Zhang San"}`)

	// The signed content, from the public verify answer.
	var v struct {
		Factors []struct {
			Code, Grade, Source, Set string
			Grid                     bool
			SharePct                 float64 `json:"share_pct"`
		} `json:"factors"`
		SignatureValid bool            `json:"signature_valid"`
		Signed         json.RawMessage `json:"signed"`
	}
	mustData(t, "verify", 200, "GET", base+"/v1/certificates/"+id+"/verify", "", "", &v)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Certificate
	// Local mode (no --base-url): the loopback address is not signed.
	if !v.SignatureValid || c.Format != 7 || !strings.Contains(string(sc.Content), `"format":"pcf-certificate/7"`) || c.VerifyBase != "" {
		t.Fatalf("signature_valid %v, format %d, verify_base %q", v.SignatureValid, c.Format, c.VerifyBase)
	}
	want := map[string]struct {
		grade, source string
		grid          bool
	}{
		"CPCD-46410X0212023C": {"C", "CPCD 46410X0212023C", false},
		"CPCD-17100H1562020A": {"D", "CPCD 17100H1562020A", true},
	}
	byCode := map[string]certification.CertificateFactor{}
	for _, f := range c.Factors {
		byCode[f.Code] = f
	}
	for code, w := range want {
		f, ok := byCode[code]
		if !ok {
			t.Errorf("signed content does not name %s: %+v", code, c.Factors)
			continue
		}
		if f.Grade != w.grade || f.Source != w.source || f.Grid != w.grid || f.Set != cpcd.SetVersion || !(f.SharePct > 0) {
			t.Errorf("signed %s: %+v, want grade %s, source %q, grid %v", code, f, w.grade, w.source, w.grid)
		}
	}
	if f := byCode["CPCD-46410X0212023C"]; f.SharePct < 70 || f.SharePct > 75 {
		t.Errorf("PERC cells share %.2f %%, want about 72 %% (0.4336 kWp × 469.25 kgCO2e/kWp of the total)", f.SharePct)
	}
	if len(v.Factors) != len(c.Factors) {
		t.Errorf("the verify answer lists %d factors, the certificate signs %d", len(v.Factors), len(c.Factors))
	}
	for i, f := range v.Factors {
		if s := c.Factors[i]; f.Code != s.Code || f.Grade != s.Grade || f.SharePct != s.SharePct || f.Grid != s.Grid || f.Source != s.Source || f.Set != s.Set {
			t.Errorf("answer factors[%d] %+v, signed %+v", i, f, s)
		}
	}

	// The certificate PDF: genuine, and its text names both factors with
	// their grades on their table rows.
	status, pdf := call(t, "GET", base+"/v1/certificates/"+id+"/certificate.pdf", maker, "")
	if status != 200 {
		t.Fatalf("certificate.pdf: %d", status)
	}
	var keys []certification.PublicKey
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	if keys, err = certification.ParsePublicKeysJWKS(jwks); err != nil {
		t.Fatal(err)
	}
	if _, err := labels.VerifyPDF(pdf, keys); err != nil {
		t.Fatalf("certificate PDF: %v", err)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	path := writeFile(t, t.TempDir(), "cert.pdf", pdf)
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, ln := range strings.Split(string(out), "\n") {
		lines = append(lines, strings.Join(strings.Fields(ln), " "))
	}
	text := strings.Join(lines, "\n")
	pct := func(code string) string { return labelsPct(byCode[code].SharePct) }
	for _, s := range []string{
		"主要排放因子 Main emission factors",
		"CPCD-46410X0212023C " + cpcd.SetVersion + " " + pct("CPCD-46410X0212023C") + " C CPCD 46410X0212023C\nPERC 太阳电池",
		"CPCD-17100H1562020A 电网 grid " + cpcd.SetVersion + " " + pct("CPCD-17100H1562020A") + " D CPCD 17100H1562020A\n2020年云南省电网碳足迹排放因子",
		"C CPCD 核心数据库", "D CPCD literature or single secondary",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("certificate PDF text lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s", text)
	}

	// The public verification page.
	status, page := call(t, "GET", base+"/v1/certificates/"+id+"/verify?format=html", "", "")
	if status != 200 {
		t.Fatalf("verify page: %d", status)
	}
	for _, s := range []string{
		`<li data-factor="CPCD-46410X0212023C">`, `<li data-factor="CPCD-17100H1562020A"><span class="mono nb">CPCD-17100H1562020A</span> 电网 grid 2020年云南省电网碳足迹排放因子`,
		`等级 grade <b class="grade">C</b>`, `等级 grade <b class="grade">D</b>`, "来源 source CPCD 17100H1562020A", "来源 source CPCD 46410X0212023C",
	} {
		if !strings.Contains(string(page), s) {
			t.Errorf("verify page lacks %q", s)
		}
	}
}

// labelsPct is a share as the certificate prints it (three significant
// figures, as labels formats shares).
func labelsPct(x float64) string {
	return strconv.FormatFloat(footprint.RoundSig(x, 3), 'f', -1, 64) + " %"
}

// BenchmarkOpenSeeded measures what a start of pcf serve spends on the
// database before it listens (openSeeded): on a database it creates
// ("first-run", which now converts and publishes the CPCD set too), and on
// an existing one holding both sets ("restart", which checks both against
// the embedded data). "first-run-chengdu-only" and "restart-chengdu-only"
// do what a start did before the CPCD set existed: the baseline;
// "restart-compare" checks the CPCD set by reading it back, as a restart
// did before the check by digest.
func BenchmarkOpenSeeded(b *testing.B) {
	ctx := context.Background()
	chengduOnly := func(path string) *factordb.DB { return mustOpenChengdu(b, path) }
	// compareCPCD is a restart as it was before the check by digest:
	// seed.LoadSet reads the published CPCD set back and compares it.
	compareCPCD := func(path string) *factordb.DB {
		db := chengduOnly(path)
		im := seedtest.CPCD(b)
		if _, err := seed.LoadSet(ctx, factordb.NewFactorService(db), cpcd.SetVersion, cpcd.SetDescription, im.Factors); err != nil {
			b.Fatal(err)
		}
		return db
	}
	withCPCD := func(path string) *factordb.DB {
		db, _, err := openSeeded(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	for _, bb := range []struct {
		name    string
		open    func(string) *factordb.DB
		restart bool
	}{
		{"first-run-chengdu-only", chengduOnly, false},
		{"first-run", withCPCD, false},
		{"restart-chengdu-only", chengduOnly, true},
		{"restart-compare", compareCPCD, true},
		{"restart", withCPCD, true},
	} {
		b.Run(bb.name, func(b *testing.B) {
			dir := b.TempDir()
			existing := filepath.Join(dir, "existing.db")
			if bb.restart {
				if err := bb.open(existing).Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				path := existing
				if !bb.restart {
					path = filepath.Join(dir, strconv.Itoa(i)+".db")
				}
				if err := bb.open(path).Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

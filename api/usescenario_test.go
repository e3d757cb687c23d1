package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 42, the use stage: the demo laptop's lifetime given as 0.1
// years instead of 4 certified 92.03 kgCO2e instead of 185.45, and nothing
// on the certificate, its page or its answer said what use the figure
// assumed. Ensure an issued certificate signs the use scenario (format 6),
// the verification answer and page and the workbench's certificate page
// state it in both languages, and the
// certificate PDF (the real renderer, read back with pdftotext) prints it;
// and that a product without a use stage (the demo module,
// cradle-to-gate) signs and shows none.
func TestRedteam42_UseScenarioSignedAndShown(t *testing.T) {
	st := newRenderingStack(t)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.StudyJSON(t, "laptop")}), 201)
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, sd.ID), "")), 201)
	target := "/v1/certificates/" + issued.CertificateID + "/verify"
	type answer struct {
		UseScenario *struct {
			AnnualKWh     float64 `json:"annual_kwh"`
			LifetimeYears float64 `json:"lifetime_years"`
			Country       string  `json:"country"`
			Factor        string  `json:"factor"`
			PrintedZH     string  `json:"printed_zh"`
			PrintedEN     string  `json:"printed_en"`
		} `json:"use_scenario"`
		Signed json.RawMessage `json:"signed"`
	}
	v := MustData[answer](t, st.do(t, request{method: "GET", target: target}), 200)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c, u := sc.Certificate, v.UseScenario
	want := certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}
	if c.Format < 6 || c.UseScenario == nil || *c.UseScenario != want || !strings.Contains(string(sc.Content), `"use_scenario":{"annual_kwh":41.464,`) {
		t.Fatalf("signed: format %d, use scenario %+v, want %+v", c.Format, c.UseScenario, want)
	}
	zh, en := c.PrintedUseScenario()
	if u == nil || u.AnnualKWh != 41.464 || u.LifetimeYears != 4 || u.Country != "CN" || u.Factor != want.Factor || u.PrintedZH != zh || u.PrintedEN != en {
		t.Errorf("use_scenario %+v, want the signed scenario printed %q / %q", u, zh, en)
	}
	if page := getHTML(t, st.srv, target).Body.String(); !strings.Contains(page, zh) || !strings.Contains(page, en) || !strings.Contains(page, "使用阶段情景<br>Use scenario") {
		t.Errorf("the verification page lacks %q / %q", zh, en)
	}
	work := func(id string) string {
		return doRequest(t, http.HandlerFunc(st.srv.ServeHTTP), st.tokens[asMaker], request{method: "GET", target: "/work/certificates/" + id}).Body.String()
	}
	if page := work(issued.CertificateID); !strings.Contains(page, "使用阶段情景 "+zh) || !strings.Contains(page, "Use scenario: "+en) {
		t.Errorf("the workbench's certificate page lacks %q / %q", zh, en)
	}

	pv := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-USE-1")), "")), 201)
	pvTarget := "/v1/certificates/" + pv.CertificateID + "/verify"
	if v := MustData[answer](t, st.do(t, request{method: "GET", target: pvTarget}), 200); v.UseScenario != nil {
		t.Errorf("a module without a use stage: use_scenario %+v", v.UseScenario)
	}
	if page := getHTML(t, st.srv, pvTarget).Body.String(); strings.Contains(page, "use-scenario") {
		t.Error("the page of a module without a use stage shows a use scenario")
	}
	if page := work(pv.CertificateID); !strings.Contains(page, `id="stages"`) || strings.Contains(page, "use-scenario") {
		t.Error("the workbench's page of a module without a use stage shows a use scenario (or is not its certificate page)")
	}

	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + issued.CertificateID + "/certificate.pdf", as: asMaker})
	if rec.Code != 200 {
		t.Fatalf("certificate.pdf: %d %s", rec.Code, rec.Body)
	}
	path := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(path, rec.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, s := range []string{"使用阶段情景 Use scenario", strings.Join(strings.Fields(zh+" / "+en), " ")} {
		if !strings.Contains(text, s) {
			t.Errorf("the certificate PDF lacks %q:\n%s", s, out)
		}
	}
}

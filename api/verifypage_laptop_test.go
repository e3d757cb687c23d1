package api_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the verification page says what the demo laptop's certificate
// (format 7, document layout 6) prints: the recycling credits apart from
// the total, the use stage's grid factor tagged as such under a note that
// promises production's grid factors only, and the Monte Carlo range
// rounded outward. The page showed no credits, left the use-stage factor
// untagged under a note promising "every grid factor", and rounded the
// range to nearest (narrower than the range signed).
func TestVerifyPage_AsTheLaptopCertificatePrints(t *testing.T) {
	st := newSeededStack(t)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.StudyJSON(t, "laptop")}), 201)
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, sd.ID), "")), 201)
	target := "/v1/certificates/" + issued.CertificateID + "/verify"
	v := MustData[struct {
		Signed json.RawMessage `json:"signed"`
	}](t, st.do(t, request{method: "GET", target: target}), 200)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Certificate
	if c.UseScenario == nil || c.Uncertainty == nil || c.CreditsKgCO2e >= 0 {
		t.Fatalf("the laptop's certificate: use scenario %v, range %v, credits %v", c.UseScenario, c.Uncertainty, c.CreditsKgCO2e)
	}
	body := getHTML(t, st.srv, target).Body.String()
	flat := strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(body, " ")), " ")
	lo, hi := certification.FormatKgOutward(c.Uncertainty.LowKgCO2e, false), certification.FormatKgOutward(c.Uncertainty.HighKgCO2e, true)
	for _, want := range []string{
		"回收抵扣 Recycling credits -4.34",
		"单独报告,未计入总量 Reported separately, not included in the total",
		c.UseScenario.Factor + " 使用阶段电网 use-stage grid",
		"另列生产用电的全部电网因子", "every grid factor of production electricity",
		": " + lo + "–" + hi + " ",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the verification page lacks %q:\n%s", want, flat)
		}
	}
	if strings.Contains(flat, "and every grid factor.") {
		t.Errorf("the verification page promises every grid factor under a use-stage factor it does not tag as grid")
	}
}

// Ensure the verification page captions the holder, product, model,
// product codes and production site as the certificate does
// (labels/text.go: 委托人, 产品名称, 型号规格, 产品编码, 生产场所): the page
// said 证书持有人, 产品, 型号, 产品代码 and 生产企业 (a producing
// enterprise, not a site), so a reader holding the certificate against
// the page found other words for the same signed fields.
func TestVerifyPage_CaptionsAsTheCertificate(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	body := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify").Body.String()
	for _, want := range []string{"<th>委托人<br>Holder</th>", "<th>产品名称<br>Product</th>", "<th>型号规格<br>Model</th>",
		"<th>产品编码<br>Product codes</th>", "<th>生产场所<br>Production site</th>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the verification page lacks the certificate's caption %q", want)
		}
	}
}

package api_test

import (
	"html"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure the verification page says beside the figure that a certificate
// is not valid when its status box words it in red for an API key reported
// compromised (red team 63). A thief with a certifier's API key issued
// certificate B for a product, and reinstated certificate R its body had
// suspended; the admin then reported the key compromised as of the theft.
// pcf verify --server calls both NOT VALID, their documents and PACT
// footprints are withheld, and the status box reads "有效(签发密钥已报告泄露)"
// in red, "do not rely on it"; but the figure stood in large type with no
// "证书无效,此数值不得用于声明 Not valid: this figure may not be claimed",
// the line every other certificate not to be relied on carries (red team
// 41), and a reader who reads the figure and the first word of the sticky
// bar (有效) took the thief's figure as certified. A certificate the key
// issued before the theft stays plainly valid, with no such line.
func TestRedteam63_ThiefsCertificateFigureNotSaidVoid(t *testing.T) {
	st := newRenderingStack(t)
	stolen := strings.Split(st.tokens[asCert], "_")[1]
	second, secondToken := st.mintCertKey(t, orgCertifier)
	st.mustDo(t, request{method: "POST", target: "/v1/org/keys/" + second.ID + "/confirm", as: asCert})
	issue := func(serial string) string {
		return MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, serial)), "")), 201).CertificateID
	}
	reasons := func(r string) []byte { return []byte(`{"reasons":["` + r + `"]}`) }
	a, r := issue("GEC-RT63-A"), issue("GEC-RT63-R")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + r + "/suspend", as: asCert, contentType: "application/json", body: reasons("RT63 audit")})
	appB := st.apply(t, st.submit(t, "GEC-RT63-B"))
	since := st.clock.Now() // the theft
	b := MustData[issueData](t, st.do(t, st.issueReq(t, appB, "")), 201).CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + r + "/reinstate", as: asCert, contentType: "application/json", body: reasons("RT63 thief reinstates")},
		request{method: "POST", target: "/v1/admin/keys/" + stolen + "/compromised", as: asAdmin, contentType: "application/json",
			body: []byte(`{"since":"` + since.Format(time.RFC3339) + `"}`)})
	st.tokens[asCert] = secondToken

	page := func(id string) string { t.Helper(); return verifyPageOf(t, st.srv, id) }
	void := `<span class="void" id="void">证书无效,此数值不得用于声明 <span class="en" lang="en">Not valid: this figure may not be claimed</span></span>`
	for _, c := range []struct{ name, id, alert string }{
		{"B, issued with the stolen key", b, `id="compromised-key-alert"`},
		{"R, reinstated with the stolen key", r, `id="compromised-status-key-alert"`},
	} {
		p := page(c.id)
		if !strings.Contains(p, c.alert) || !strings.Contains(p, `data-status="valid"`) {
			t.Fatalf("certificate %s: the page lacks its alert or is not valid on record:\n%s", c.name, p)
		}
		if !strings.Contains(p, void) {
			t.Errorf("certificate %s: the figure has no %q beside it", c.name, void)
		}
	}
	if p := page(a); strings.Contains(p, `id="void"`) {
		t.Errorf("certificate A, issued before the theft, is said not valid:\n%s", p)
	}
}

// Ensure the verification page and answer show everything the certificate
// prints besides its headline: the figure in the rule's other units, the
// stages, the reference period and factor set, the electricity approach
// and the green-power instruments with their MWh, fossil and biogenic
// emissions (red team 63: a photograph of a genuine certificate, 346
// kgCO2e per kWp made 246 and 1,000 MWh of green certificates made
// 9,000, had a QR code that opened a page agreeing with everything it
// showed: the headline, product, holder and dates only).
func TestRedteam63_PageShowsWhatTheCertificatePrints(t *testing.T) {
	st := newSeededStack(t)
	id := st.issueSeedStudy(t, "pv-module").CertificateID
	v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Certificate
	if len(c.PerUnit) == 0 || len(c.Stages) == 0 || len(c.Electricity.Instruments) == 0 {
		t.Fatalf("the demo module's certificate prints no other unit, stage or instrument: %+v", c)
	}
	want := []string{c.PeriodStart.Format(time.DateOnly) + " – " + c.PeriodEnd.Format(time.DateOnly), c.FactorSet, "电网电力与绿色电力 grid and green power"}
	for _, u := range c.PerUnit {
		want = append(want, footprint.FormatKgCO2e(u.KgCO2e)+" kgCO2e/"+strings.TrimPrefix(u.LabelZH, "每")+" "+u.LabelEN)
	}
	for _, s := range c.Stages {
		want = append(want, s.Code+" "+html.EscapeString(s.NameZH)+" · <b class=\"nb\">"+footprint.FormatKgCO2e(s.KgCO2e)+"</b> kgCO2e")
	}
	for _, in := range c.Electricity.Instruments {
		want = append(want, in.Serial, in.SerialLast, strconv.FormatFloat(in.MWh, 'g', -1, 64)+" MWh", "并非每块组件", "not per module")
	}
	p := verifyPageOf(t, st.srv, id)
	for _, w := range want {
		if !strings.Contains(p, w) {
			t.Errorf("the verification page does not show %q, which the certificate prints", w)
		}
	}
	// The answer carries them too, for a program that reads it.
	type facts struct {
		PerUnit []struct {
			KgCO2e float64 `json:"kg_co2e"`
		} `json:"per_unit"`
		Stages []struct {
			KgCO2e float64 `json:"kg_co2e"`
		} `json:"stages"`
		Electricity struct {
			Instruments []struct{ MWh float64 } `json:"instruments"`
		} `json:"electricity"`
	}
	answer := MustData[facts](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	if len(answer.PerUnit) != len(c.PerUnit) || answer.PerUnit[0].KgCO2e != c.PerUnit[0].KgCO2e || len(answer.Stages) != len(c.Stages) ||
		len(answer.Electricity.Instruments) != 1 || answer.Electricity.Instruments[0].MWh != c.Electricity.Instruments[0].MWh {
		t.Errorf("the verify answer %+v does not carry the certificate's other units, stages and instruments", answer)
	}
}

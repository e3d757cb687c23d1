package api_test

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
)

var screenshot = flag.String("screenshot", "", "write Chromium screenshots of the verification page, FILE-<state>-<width>.png for FILE.png")

// getHTML fetches target as a browser would.
func getHTML(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Ensure the QR code's URL shows a person a bilingual page with the live
// status, while programs still get JSON from the same URL.
func TestVerifyPage_HTML(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	target := "/v1/certificates/" + fx.cert + "/verify"

	rec := getHTML(t, st.srv, target)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status=%d type=%q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{`data-status="valid"`, "有效 · Valid", "CDPCF-2026-", "kgCO2e", "摇篮到大门 / cradle-to-gate", "已验证 Verified",
		"pcf verify certificate.pdf --server " + testBaseURL} { // a command that runs (without --server or --key it is a usage error)
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP=%q", csp)
	}

	// JSON for programs, from the same URL.
	if rec := st.do(t, request{method: "GET", target: target}); !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("default answer is %q, want JSON", rec.Header().Get("Content-Type"))
	}

	// The page follows the live status.
	st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["surveillance audit overdue"]}`)})
	if body := getHTML(t, st.srv, target).Body.String(); !strings.Contains(body, `data-status="suspended"`) || !strings.Contains(body, "暂停 · Suspended") {
		t.Fatalf("suspended certificate page:\n%s", body)
	}

	// An unknown ID tells a person the label may not be genuine, as a page.
	rec = getHTML(t, st.srv, "/v1/certificates/00000000-0000-4000-8000-000000000000/verify")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "未找到该证书") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("unknown id: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// chromium returns the path of a Chromium binary, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not installed (.ci/run installs it)")
	}
	t.Skip("chromium not installed")
	return ""
}

// Ensure the verification page, loaded in headless Chromium from a real
// server at desktop and phone widths, shows a person the certificate
// status, the footprint as the label prints it, the status change with
// its reason and date, and a supply-chain alert in words. With
// -screenshot FILE.png, each state and width is also saved as
// FILE-<state>-<width>.png for a person to look at.
func TestVerifyPage_Chromium(t *testing.T) {
	bin := chromium(t)
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	ts := httptest.NewServer(st.srv)
	defer ts.Close()

	// A certificate of orgMaker2 built on fx.cert, which is then
	// suspended: fx.cert shows the suspension, the other the alert.
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: buyerStudy(t, "GEC-CHROME-1", fx.number)})
	buyerStudyID := MustData[studyData](t, rec, 201).ID
	buyerApp := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
		body: []byte(`{"study_id":"` + buyerStudyID + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	buyer := MustData[issueData](t, st.do(t, st.issueReq(t, buyerApp, "")), 201)
	valid := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer.CertificateID + "/verify"}), 200)
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["surveillance audit overdue"]}`)}); rec.Code != 200 {
		t.Fatalf("suspend: %d %s", rec.Code, rec.Body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir=" + t.TempDir(),
	}
	for _, page := range []struct {
		name, path string
		want       []string
	}{
		{"valid", "/v1/certificates/by-number/" + valid.Number + "/verify", []string{`data-status="valid"`, "有效(供应链待复核) · Valid (flagged upstream)", "产品碳足迹证书验证",
			labels.FormatKgCO2e(valid.KgCO2e) + "</span> <span class=\"unit\">kgCO2e/块组件</span> <span class=\"en\">per module</span>",
			"晶体硅光伏组件", "GB/T 24067-2024", "供应链提示 · Supply-chain alert", "has changed status (suspended, withdrawn or superseded)",
			"不确定性区间<br>Uncertainty range", "取舍<br>Cut-off"}},
		{"suspended", "/v1/certificates/" + fx.cert + "/verify", []string{`data-status="suspended"`, "暂停 · Suspended",
			"暂停日期 Suspended on", "surveillance audit overdue"}},
		// The registry lists the flagged certificate as flagged, not as plainly valid.
		{"registry", "/certificates?status=valid", []string{`data-status="valid">有效(供应链待复核) <span class="en">Valid (flagged upstream)</span>`}},
	} {
		for _, size := range []struct{ name, window string }{{"desktop", "1280,900"}, {"phone", "390,844"}} {
			url := ts.URL + page.path
			out, err := exec.CommandContext(ctx, bin, append(args, "--window-size="+size.window, "--dump-dom", url)...).Output()
			if err != nil {
				t.Fatalf("chromium --dump-dom %s: %v", url, err)
			}
			dom := string(out)
			for _, want := range page.want {
				if !strings.Contains(dom, want) {
					t.Errorf("%s page at %s: rendered DOM lacks %q", page.name, size.name, want)
				}
			}
			if *screenshot != "" {
				path, _ := filepath.Abs(strings.TrimSuffix(*screenshot, ".png") + "-" + page.name + "-" + size.name + ".png")
				if err := exec.CommandContext(ctx, bin, append(args, "--window-size="+size.window, "--screenshot="+path, url)...).Run(); err != nil {
					t.Fatalf("screenshot: %v", err)
				}
			}
		}
	}
}

// Ensure the verification page states what a label states, in the way the
// label does: the footprint with the label's rounding and unit words, the
// rule with the standards it implements, dates in China Standard Time, and
// for a suspended, withdrawn or superseded certificate the date of the
// change and, for the first two, the certifier's reasons (issue 10 item 7).
func TestVerifyPage_AsTheLabelSays(t *testing.T) {
	st := newSeededStack(t)
	// Issued at 23:30 UTC on 1 March: 07:30 on 2 March in Chengdu.
	st.clock.t.Store(time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC).UnixNano())
	fx := st.seedFixture(t, "")
	v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)
	page := func(id string) string {
		t.Helper()
		rec := getHTML(t, st.srv, "/v1/certificates/"+id+"/verify")
		if rec.Code != 200 {
			t.Fatalf("page: %d", rec.Code)
		}
		return rec.Body.String()
	}
	mustHave := func(what, body string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", what, w)
			}
		}
	}
	body := page(fx.cert)
	fig := labels.FormatKgCO2e(v.KgCO2e)
	mustHave("valid page", body,
		`<span class="fig">`+fig+`</span> <span class="unit">kgCO2e/块组件</span> <span class="en">per module</span>`,
		"晶体硅光伏组件", "Crystalline silicon PV modules", "(pv-module v1)", "GB/T 24067-2024", "ISO 14067:2018", "晶体硅光伏组件产品碳足迹核算指南",
		`<td id="issued">2026-03-02</td>`, `<td id="expires">2028-03-02</td>`, "北京时间")
	if strings.Contains(body, "/ 1 piece") || strings.Contains(body, "2026-03-01") {
		t.Errorf("valid page shows the raw unit or a UTC date:\n%s", body)
	}
	var printed struct {
		Data struct {
			Printed struct {
				KgCO2e string `json:"kg_co2e"`
				UnitZH string `json:"unit_zh"`
				UnitEN string `json:"unit_en"`
			} `json:"printed"`
			Standards []string `json:"standards"`
		} `json:"data"`
	}
	if err := json.Unmarshal(st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}).Body.Bytes(), &printed); err != nil {
		t.Fatal(err)
	}
	if p := printed.Data.Printed; p.KgCO2e != fig || p.UnitZH != "kgCO2e/块组件" || p.UnitEN != "per module" || len(printed.Data.Standards) < 2 {
		t.Errorf("JSON printed=%+v standards=%v", p, printed.Data.Standards)
	}

	// Suspended at 17:00 UTC on 9 March (01:00 on 10 March in Chengdu),
	// with the reasons.
	post := func(id, action, reason string) {
		t.Helper()
		if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + id + "/" + action, as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["` + reason + `"]}`)}); rec.Code != 200 {
			t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
		}
	}
	st.clock.t.Store(time.Date(2026, 3, 9, 17, 0, 0, 0, time.UTC).UnixNano())
	post(fx.cert, "suspend", "surveillance audit overdue")
	mustHave("suspended page", page(fx.cert), `data-status="suspended"`, "暂停日期 Suspended on", `<dd id="status-since">2026-03-10</dd>`,
		"原因 Reason", `<dd id="status-reason">surveillance audit overdue</dd>`)
	post(fx.cert, "reinstate", "audit passed")
	if body := page(fx.cert); strings.Contains(body, "audit passed") || strings.Contains(body, "status-since") {
		t.Errorf("a valid page shows the reinstatement:\n%s", body)
	}

	// Superseded: the date and the new certificate by number, both ways.
	st.clock.t.Store(time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC).UnixNano())
	next := st.supersede(t, fx.issuedStudy, fx.cert, `{}`)
	mustHave("superseded page", page(fx.cert), `data-status="superseded"`, "替代日期 Replaced on", `<dd id="status-since">2026-04-01</dd>`,
		`<a class="nb" href="/v1/certificates/`+next.CertificateID+`/verify">`+next.Number+`</a>`)
	mustHave("successor page", page(next.CertificateID), "替代的证书<br>Supersedes", `<a class="nb" href="/v1/certificates/`+fx.cert+`/verify">`+v.Number+`</a>`)

	// Withdrawn: the date and the reasons.
	st.clock.t.Store(time.Date(2026, 5, 20, 20, 0, 0, 0, time.UTC).UnixNano())
	post(next.CertificateID, "withdraw", "false declaration of cell origin")
	mustHave("withdrawn page", page(next.CertificateID), `data-status="withdrawn"`, "撤销日期 Withdrawn on", `<dd id="status-since">2026-05-21</dd>`,
		`<dd id="status-reason">false declaration of cell origin</dd>`)
	var wv struct {
		Data struct {
			StatusSince  time.Time `json:"status_since"`
			StatusReason string    `json:"status_reason"`
		} `json:"data"`
	}
	if err := json.Unmarshal(st.do(t, request{method: "GET", target: "/v1/certificates/" + next.CertificateID + "/verify"}).Body.Bytes(), &wv); err != nil ||
		wv.Data.StatusReason != "false declaration of cell origin" || wv.Data.StatusSince.IsZero() {
		t.Fatalf("withdrawn JSON: %+v %v", wv, err)
	}
}

// Ensure a supply-chain alert is shown to a person in words, without
// naming the supplier, nor its new status, nor when it changed: a date or
// a status pairs the alert with the supplier's own public status change
// (red team 19, TestRedteam19_SupplierAlertTimeNamesTheSupplier).
func TestVerifyPage_SupplierAlert(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: buyerStudy(t, "GEC-ALERT-1", fx.number)})
	study := MustData[studyData](t, rec, 201).ID
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
		body: []byte(`{"study_id":"` + study + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	buyer := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	if strings.Contains(getHTML(t, st.srv, "/v1/certificates/"+buyer.CertificateID+"/verify").Body.String(), "supplier-alerts") {
		t.Fatal("an alert before any supplier changed")
	}
	st.clock.t.Store(time.Date(2026, 6, 30, 18, 0, 0, 0, time.UTC).UnixNano())
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["data falsified"]}`)}); rec.Code != 200 {
		t.Fatalf("withdraw: %d %s", rec.Code, rec.Body)
	}
	body := getHTML(t, st.srv, "/v1/certificates/"+buyer.CertificateID+"/verify").Body.String()
	for _, want := range []string{`id="supplier-alerts"`, "供应链提示 · Supply-chain alert", "本证书所依据的供应商证书状态已变更(暂停、撤销或被替代),认证机构正在复核本证书。",
		"A supplier certificate this certificate relies on has changed status (suspended, withdrawn or superseded); the certification body is reviewing this certificate."} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, private := range []string{fx.cert, fx.number, "data falsified", "was withdrawn", "已于"} {
		if strings.Contains(body, private) {
			t.Errorf("page names the supplier: %q", private)
		}
	}
}

// Ensure the verification page and answer show what a format-2
// certificate signs besides the figure: the Monte Carlo range with its
// percentiles and median, and the cut-off share with its basis and limit
// (issue 10 item 6, as the certificate signs them). The stages declared
// not applicable are rendered by TestVerifyPage_NotApplicable.
func TestVerifyPage_RangeAndCutOff(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	var v struct {
		Data struct {
			Uncertainty map[string]any  `json:"uncertainty"`
			CutOff      map[string]any  `json:"cut_off"`
			Signed      json.RawMessage `json:"signed"`
		} `json:"data"`
	}
	if err := json.Unmarshal(st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}).Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	sc, err := certification.ParseSignedCertificate(v.Data.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Certificate
	if c.Format < 3 || c.Uncertainty == nil || c.CutOff.Basis == "" {
		t.Fatalf("the demo study did not give a format-3 certificate (format 2 and the factors) with a range and a cut-off: format %d %+v %+v", c.Format, c.Uncertainty, c.CutOff)
	}
	u := c.Uncertainty
	if got := v.Data.Uncertainty; got["low_kg_co2e"] != u.LowKgCO2e || got["high_kg_co2e"] != u.HighKgCO2e || got["median_kg_co2e"] != u.MedianKgCO2e ||
		got["low_percentile"] != u.LowPercentile || got["high_percentile"] != u.HighPercentile {
		t.Errorf("uncertainty %v, signed %+v", got, u)
	}
	if got := v.Data.CutOff; got["share_pct"] != c.CutOff.SharePct || got["basis"] != c.CutOff.Basis || got["limit_pct"] != c.CutOff.LimitPct {
		t.Errorf("cut_off %v, signed %+v", got, c.CutOff)
	}

	page := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify").Body.String()
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, want := range []string{
		"不确定性区间<br>Uncertainty range",
		"P" + num(u.LowPercentile) + "–P" + num(u.HighPercentile) + ": " + labels.FormatKgCO2e(u.LowKgCO2e) + "–" + labels.FormatKgCO2e(u.HighKgCO2e),
		"中位数 median " + labels.FormatKgCO2e(u.MedianKgCO2e), strconv.Itoa(u.Runs) + " 次 runs",
		"取舍<br>Cut-off", strconv.FormatFloat(footprint.RoundSig(c.CutOff.SharePct, 3), 'f', -1, 64) + " % 排放（筛选估算） of emissions (screening estimate)",
		strconv.Itoa(c.CutOff.Items) + " 项 items", "限值 limit " + num(c.CutOff.LimitPct) + " %",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

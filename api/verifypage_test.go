package api_test

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var screenshot = flag.String("screenshot", "", "write a Chromium screenshot of the verification page to this PNG file")

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
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	target := "/v1/certificates/" + fx.cert + "/verify"

	rec := getHTML(t, st.srv, target)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status=%d type=%q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{`data-status="valid"`, "有效 · Valid", "CDPCF-2026-", "kgCO2e", "摇篮到大门 / cradle-to-gate", "已验证 Verified"} {
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
// server, shows the certificate status to a person.
func TestVerifyPage_Chromium(t *testing.T) {
	bin := chromium(t)
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	ts := httptest.NewServer(st.srv)
	defer ts.Close()
	url := ts.URL + "/v1/certificates/" + fx.cert + "/verify"

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(),
	}
	out, err := exec.CommandContext(ctx, bin, append(args, "--dump-dom", url)...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	dom := string(out)
	for _, want := range []string{`id="status"`, `data-status="valid"`, "有效 · Valid", "产品碳足迹证书验证"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	if *screenshot != "" {
		path, _ := filepath.Abs(*screenshot)
		if err := exec.CommandContext(ctx, bin, append(args, "--window-size=800,1000", "--screenshot="+path, url)...).Run(); err != nil {
			t.Fatalf("screenshot: %v", err)
		}
	}
}

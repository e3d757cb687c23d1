package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// mustKnownGenuine gives the test a record of known services of its own
// and serves the genuine service (signing its verify base) with the demo
// certificate issued: it returns the record's path, the service's address,
// and the certificate PDF and the service's keys file as downloaded.
func mustKnownGenuine(t *testing.T) (known, genuine, cert, keys string) {
	t.Helper()
	known = filepath.Join(t.TempDir(), "known-services.json")
	t.Setenv(knownServicesEnv, known)
	m, genuine := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, keys = downloadAll(t, genuine, id, maker, t.TempDir())
	return known, genuine, cert, keys
}

// Red team 86 (the forger): a forger runs the service's own software at a
// look-alike address with keys of its own, and issues there a certificate
// naming the genuine certification body and its approval number (the body
// and the holder are names its admin registers). Its label's QR code opens
// the look-alike's verification page, which reads valid, and pcf verify
// --server <look-alike> said GENUINE and VALID (exit 0): the keys it
// publishes verify the certificate, the file is the document rendered from
// it, the address is the one it signs, and it holds the certificate.
// Ensure pcf verify remembers the service that answered for a body's
// genuine certificate and does not call GENUINE a certificate of the same
// body answered for by another address: NOT VERIFIED, exit 1, naming both
// addresses and the file it remembers them in, in Chinese first; the same
// service, spelled otherwise, is still GENUINE. Offline, the forger's keys
// file (which comes with its PDF) was GENUINE IF THE KEYS ARE THE
// SERVICE'S: ensure a key the remembered service did not publish when
// asked after the certificate's issue is NOT VERIFIED, naming the service
// to ask.
func TestRedteam86_LookAlikeServiceOfAKnownBody(t *testing.T) {
	known, genuine, cert, genuineKeys := mustKnownGenuine(t)
	f, forger := mustServeSigned(t) // the look-alike: its own keys, the same body's names and approval number
	fid, fmaker := MustIssueDemoCertificate(t, f)
	_, fake, forgerKeys := downloadAll(t, forger, fid, fmaker, t.TempDir())
	expectVerify(t, "the look-alike's certificate offline, nothing known yet", 0, []string{fake, "--key", forgerKeys}, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S")

	expectVerify(t, "genuine, first", 0, []string{cert, "--server", genuine}, "GENUINE", "VALID", "recorded in "+known,
		"it is the certification service only if "+genuine+" is the service's address as you know it")
	expectVerify(t, "genuine, again", 0, []string{cert, "--server", genuine + "/"}, "GENUINE", "VALID")
	code, out, errOut := pcf(t, "verify", fake, "--server", forger)
	if code != 1 || !strings.Contains(out, "NOT VERIFIED 未能验证") || strings.Contains(out, "GENUINE") || strings.Contains(out, "VALID 有效") {
		t.Errorf("the look-alike's certificate: exit %d, want 1, NOT VERIFIED and neither GENUINE nor VALID:\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"answered for by " + genuine + " before", "signed with a key " + forger + " publishes", known, "答复的服务是 " + genuine} {
		if !strings.Contains(out, want) {
			t.Errorf("the look-alike's certificate: output lacks %q:\n%s", want, out)
		}
	}
	if zh, en, _ := strings.Cut(errOut, "。"); !strings.Contains(zh, "认证机构") || !strings.Contains(en, "were answered for by "+genuine) {
		t.Errorf("error not Chinese first: %q", errOut)
	}
	// Offline, with the keys file the forger hands over with its PDF: the
	// service remembered for the body published other keys after the
	// certificate's issue.
	code, out, errOut = pcf(t, "verify", fake, "--key", forgerKeys)
	if code != 1 || !strings.Contains(out, "NOT VERIFIED 未能验证") || strings.Contains(out, "GENUINE") ||
		!strings.Contains(out, "the keys in "+forgerKeys+" are not that service's") || !strings.Contains(out, "then verify with --server "+genuine+";") || !strings.Contains(out, "trust on first use") || !strings.Contains(out, "remove the entries approval:") ||
		!strings.Contains(errOut, "不是 "+genuine+" 所公布的。") {
		t.Errorf("the look-alike's certificate offline: exit %d, want 1, NOT VERIFIED naming the keys file and %s:\n%s%s", code, genuine, out, errOut)
	}
	expectVerify(t, "genuine offline", 0, []string{cert, "--key", genuineKeys}, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S")
}

// Ensure the memory of known services catches a look-alike that names the
// body with another approval number, or the approval number with other
// names, and takes the same service spelled otherwise (a trailing slash,
// capitals, the default port) for the same.
func TestRedteam86_KnownServiceByNameOrApproval(t *testing.T) {
	t.Setenv(knownServicesEnv, filepath.Join(t.TempDir(), "known.json"))
	body := func(approval, zh, en string) ([]string, knownBody) {
		return bodyKeys(approval, zh, en), knownBody{Approval: approval, Names: zh + " " + en, Certificate: "CDPCF-2026-000001"}
	}
	const genuine = "https://pcf.example.cn"
	keys, b := body("CNCA-R-2026-999", "示例认证中心", "Demo Certification Centre")
	if k := checkKnownService(keys, b, genuine); !k.added || k.other != nil || k.err != nil {
		t.Fatalf("first check: %+v", k)
	}
	for _, c := range []struct {
		name, approval, zh, en, base string
		other                        bool
	}{
		{"same service, spelled otherwise", "CNCA-R-2026-999", "示例认证中心", "Demo Certification Centre", "HTTPS://PCF.example.cn:443/", false},
		{"another body at another service", "CNCA-R-2026-101", "其他认证中心", "Other Centre", "https://other.example.cn", false},
		{"same approval number", "cnca-r-2026-999", "仿冒认证中心", "", "https://pcf-example.cn", true},
		{"same Chinese name", "CNCA-R-2026-998", "示例认证中心", "", "https://pcf-example.cn", true},
		{"same English name, spaced", "CNCA-R-2026-997", "", "demo  certification centre", "https://pcf.example.cn.evil.test", true},
		{"same English name, a dot more and a Cyrillic е", "CNCA-R-2026-996", "", "Dеmo Certification Centre.", "https://pcf-example.cn", true},
		{"same approval number, full-width", "ＣＮＣＡ-Ｒ-2026-999", "", "Other Name", "https://pcf-example.cn", true},
		{"same Chinese name in traditional characters", "CNCA-R-2026-995", "示例認證中心", "", "https://pcf-example.cn", true},
	} {
		keys, b := body(c.approval, c.zh, c.en)
		k := checkKnownService(keys, b, c.base)
		if k.err != nil || (k.other != nil) != c.other {
			t.Errorf("%s: %+v, want another service %v", c.name, k, c.other)
		}
		if c.other && k.other != nil && k.other.Service != genuine {
			t.Errorf("%s: names %q, want %q", c.name, k.other.Service, genuine)
		}
	}
	t.Setenv(knownServicesEnv, "off")
	if keys, b := body("CNCA-R-2026-999", "", ""); checkKnownService(keys, b, "https://pcf-example.cn").other != nil {
		t.Error("checked with the memory off")
	}
}

// Ensure a record of known services that is not one (another program's
// file, an edit gone wrong) is reported, not taken for an empty record,
// and in Chinese where the words are pcf's own.
func TestRedteam86_KnownServicesFileNotARecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known.json")
	if err := os.WriteFile(path, []byte(`{"format":"something-else/1"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(knownServicesEnv, path)
	k := checkKnownService(bodyKeys("CNCA-R-2026-999", "示例认证中心", ""), knownBody{Approval: "CNCA-R-2026-999"}, "https://pcf.example.cn")
	if k.err == nil || k.added || k.other != nil {
		t.Fatalf("a file of another format: %+v, want an error and nothing recorded", k)
	}
	if zh := knownServicesErrorZH(k.err); zh != "不是 pcf-known-services/1 格式的文件" {
		t.Errorf("in Chinese: %q", zh)
	}
}

// Reviewer 50: pcf verify read, changed and wrote the record of known
// services with no lock, through writeFileAtomic's one temporary name
// (path + ".tmp"): two runs at once could each install the other's file
// half written (the record then reads as no record, and every later run
// only warns, the check off) or fail to rename, and the body the earlier
// writer recorded was lost (its next look-alike is a first use again).
// Ensure runs at once each record their body, and the file stays a record.
func TestReviewer50_KnownServicesConcurrentRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known.json")
	t.Setenv(knownServicesEnv, path)
	const runs = 24
	results := make([]knownServiceCheck, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			approval := fmt.Sprintf("CNCA-R-2026-%03d", i)
			results[i] = checkKnownService(bodyKeys(approval, fmt.Sprintf("认证中心%d", i), ""),
				knownBody{Approval: approval, Certificate: "CDPCF-2026-000001"}, fmt.Sprintf("https://pcf%d.example.cn", i))
		}()
	}
	wg.Wait()
	for i, k := range results {
		if k.err != nil || !k.added || k.other != nil {
			t.Errorf("run %d: %+v, want recorded", i, k)
		}
	}
	ks, err := readKnownServices(path)
	if err != nil {
		t.Fatalf("the record after %d runs at once: %v", runs, err)
	}
	for i := range runs {
		if b, ok := ks.Bodies[bodyKeys(fmt.Sprintf("CNCA-R-2026-%03d", i), "", "")[0]]; !ok || b.Service != fmt.Sprintf("https://pcf%d.example.cn", i) {
			t.Errorf("run %d's body: %+v, %v; want recorded for its service", i, b, ok)
		}
	}
}

// Ensure a lock file a run left behind (it ended before it let go) does
// not stop the next run, and a run that holds the lock makes another wait
// and then say the record is busy, in Chinese too.
func TestReviewer50_KnownServicesStaleLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known.json")
	t.Setenv(knownServicesEnv, path)
	if err := os.WriteFile(path+".lock", nil, 0o600); err != nil { // left by a run that ended
		t.Fatal(err)
	}
	k := checkKnownService(bodyKeys("CNCA-R-2026-999", "示例认证中心", ""), knownBody{Approval: "CNCA-R-2026-999"}, "https://pcf.example.cn")
	if k.err != nil || !k.added {
		t.Fatalf("beside a lock file no run holds: %+v, want recorded", k)
	}
	unlock, err := lockKnownServices(path) // another run, holding it
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	wait := knownServicesLockWait
	knownServicesLockWait = 50 * time.Millisecond
	defer func() { knownServicesLockWait = wait }()
	k = checkKnownService(bodyKeys("CNCA-R-2026-998", "其他认证中心", ""), knownBody{Approval: "CNCA-R-2026-998"}, "https://pcf.example.cn")
	if !errors.Is(k.err, errKnownServicesBusy) || k.added {
		t.Fatalf("while another run holds the lock: %+v, want busy and nothing recorded", k)
	}
	if zh := knownServicesErrorZH(k.err); !strings.Contains(zh, "另一个 pcf verify") {
		t.Errorf("a busy record in Chinese: %q", zh)
	}
}

// Ensure the record of known services takes a service's https address for
// the same service as its http address on the same host (pcf verify
// follows that redirect as the same server): a service that gave up plain
// http, its older certificates signing http and its newer https, was NOT
// VERIFIED at https for a body recorded at http, "one of the two is not
// the certification service". Another host, port or path stays another,
// and so does plain http for a body recorded at https (anyone on the way
// answers for plain http).
func TestRedteam89_KnownServiceOverHTTPS(t *testing.T) {
	t.Setenv(knownServicesEnv, filepath.Join(t.TempDir(), "known.json"))
	keys := bodyKeys("CNCA-R-2026-999", "示例认证中心", "Demo Certification Centre")
	body := knownBody{Approval: "CNCA-R-2026-999", Names: "示例认证中心 Demo Certification Centre", Certificate: "CDPCF-2026-000001"}
	if k := checkKnownService(keys, body, "http://pcf.example.cn"); !k.added || k.err != nil {
		t.Fatalf("first check: %+v", k)
	}
	for _, c := range []struct {
		base  string
		other bool
	}{
		{"https://pcf.example.cn", false},
		{"https://PCF.example.cn:443/", false},
		{"https://pcf.example.cn:8443", true},
		{"https://pcf-example.cn", true},
		{"https://pcf.example.cn/pcf", true},
		{"http://pcf.example.cn:8080", true},
	} {
		if k := checkKnownService(keys, body, c.base); k.err != nil || (k.other != nil) != c.other {
			t.Errorf("%s: %+v, want another service %v", c.base, k, c.other)
		}
	}
	t.Setenv(knownServicesEnv, filepath.Join(t.TempDir(), "known-https.json"))
	if k := checkKnownService(keys, body, "https://pcf.example.cn"); !k.added || k.err != nil {
		t.Fatalf("first check over https: %+v", k)
	}
	if k := checkKnownService(keys, body, "http://pcf.example.cn"); k.other == nil {
		t.Errorf("recorded over https, asked over plain http: %+v, want another service", k)
	}
}

// Red team 89: red team 86's look-alike, its certificates naming a body
// the reader's record of known services remembers at the genuine service,
// answers the live status with 503. pcf verify checked the record only
// for a server that answered, so it printed GENUINE 真实 (the look-alike's
// keys verify its certificate) and LIVE STATUS UNKNOWN, try again later:
// the NOT VERIFIED the record gives the same look-alike when it answers was
// avoided by not answering. Ensure the record is consulted when the live
// status is unknown: NOT VERIFIED, naming the remembered service, never
// GENUINE, and nothing recorded.
func TestRedteam89_LookAlikeSilentOnTheStatus(t *testing.T) {
	known, genuine, cert, _ := mustKnownGenuine(t)
	expectVerify(t, "genuine, first", 0, []string{cert, "--server", genuine}, "GENUINE 真实", "VALID 有效", "recorded in "+known)

	f, front := behindFront(t, busyOnStatus) // its own keys, the same body's names and approval number
	fid, fmaker := MustIssueDemoCertificate(t, f)
	_, fake, _ := downloadAll(t, front.URL, fid, fmaker, t.TempDir())
	code, out, errOut := pcf(t, "verify", fake, "--server", front.URL)
	if code != 1 || strings.Contains(out, "GENUINE 真实") || !strings.Contains(out, "NOT VERIFIED 未能验证") || !strings.Contains(out, "answered for by "+genuine+" before") {
		t.Errorf("the look-alike, silent on the status: exit %d, want 1, NOT VERIFIED naming %s, never GENUINE:\n%s%s", code, genuine, out, errOut)
	}
	if zh, en, _ := strings.Cut(errOut, "。"); !strings.Contains(zh, genuine) || !strings.Contains(en, genuine) {
		t.Errorf("error not Chinese first: %q", errOut)
	}
	// The record is unchanged: the genuine service is still the body's.
	code, out, errOut = pcf(t, "verify", cert, "--server", genuine)
	if code != 0 {
		t.Fatalf("genuine again: exit %d\n%s%s", code, out, errOut)
	}
}

// busyOnStatus is behindFront's intercept for a service that publishes its
// keys and answers its certificates' live status (an unauthenticated
// .../verify) with 503: red team 89's look-alike, silent on the status.
func busyOnStatus(_ string, w http.ResponseWriter, r *http.Request) bool {
	if strings.HasSuffix(r.URL.Path, "/verify") && r.Header.Get("Authorization") == "" {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return true
	}
	return false
}

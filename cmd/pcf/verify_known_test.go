package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain turns pcf verify's memory of known services off for the
// package's tests, which verify the same demo certification body at many
// servers on ports of their own; a test of the memory gives it a file.
func TestMain(m *testing.M) {
	os.Setenv(knownServicesEnv, "off")
	os.Exit(m.Run())
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
	known := filepath.Join(t.TempDir(), "known-services.json")
	t.Setenv(knownServicesEnv, known)

	m, genuine := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, genuine, id, maker, t.TempDir())
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
	_, _, genuineKeys := downloadAll(t, genuine, id, maker, t.TempDir())
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

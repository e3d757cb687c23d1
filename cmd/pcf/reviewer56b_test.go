package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Reviewer 56b (session 56, the forger): hosts the look-alike rule of rf56
// missed, and hosts it must still let pass.
func TestReviewer56b_LookAlikeHosts(t *testing.T) {
	for _, tt := range []struct {
		name, a, b string
		want       bool
	}{
		{"cyrillic o for o", "pcf.chengdu.gov.cn", "pcf.chengdu.g\u043ev.cn", true},
		{"cyrillic a for a", "pcf.example.cn", "pcf.ex\u0430mple.cn", true},
		{"greek omicron", "pcf.example.cn", "pcf.example.c\u03bfm", false},
		{"fullwidth letters", "pcf.example.cn", "pcf.ｅxample.cn", true},
		{"punycode of a cyrillic look-alike", "pcf.example.cn", "pcf.xn--exmple-4nf.cn", true},
		{"genuine host then the forger's domain", "pcf.chengdu.gov.cn", "pcf.chengdu.gov.cn.evil.com", true},
		{"genuine host, a hyphen, the forger's domain", "pcf.chengdu.gov.cn", "pcf.chengdu.gov.cn-evil.com", true},
		{"one letter off and 0 for o", "pcf.chengdu.gov.cn", "pcf.chengdv.g0v.cn", true},
		{"one letter off and a hyphen for a dot", "pcf.example.cn", "pcf-exarnple.cn", true},
		{"a digit added to the registered name", "pcf.chengdu-pcf.cn", "pcf.chengdu-pcf1.cn", true},
		{"a digit changed in the registered name", "pcf.chengdu-pcf1.cn", "pcf.chengdu-pcf7.cn", true},
		// honest: numbered services under one registered name stay apart
		{"numbered services", "pcf1.example.cn", "pcf7.example.cn", false},
		{"a numbered service", "pcf.example.cn", "pcf1.example.cn", false},
		{"a subdomain of the genuine host", "pcf.example.cn", "verify.pcf.example.cn", false},
		{"another name", "pcf.example.cn", "registry.example.cn", false},
		{"chinese IDN, another name", "pcf.成都.cn", "pcf.重庆.cn", false},
		// honest: two services of one owner, under one registered name,
		// a letter apart (city codes, lettered regions): no forger can
		// name a host under another's registered name
		{"two cities' services of one owner", "cd.pcf.example.cn", "cq.pcf.example.cn", false},
		{"lettered regions of one owner", "pcf-a.example.cn", "pcf-b.example.cn", false},
		{"a shared host's tenants are not one owner", "chengdu-pcf.github.io", "chengdv-pcf.github.io", true},
	} {
		for _, p := range [][2]string{{tt.a, tt.b}, {tt.b, tt.a}} {
			if got := lookAlikeHosts(hostName("https://"+p[0]+"/"), hostName("https://"+p[1]+"/")); got != tt.want {
				t.Errorf("%s: lookAlikeHosts(%q, %q) = %v, want %v", tt.name, p[0], p[1], got, tt.want)
			}
		}
	}
	for _, p := range [][2]string{{"https://pcf.example.cn", "https://PCF.example.cn./pcf"}, {"http://127.0.0.1:8080", "http://127.0.0.1:8080/v2"}} {
		if !sameHost(p[0], p[1]) {
			t.Errorf("sameHost(%q, %q) = false, want true", p[0], p[1])
		}
	}
	if sameHost("https://pcf.example.cn", "https://pcf.example.cn.evil.com") {
		t.Errorf("sameHost of another host")
	}
	for _, tt := range []struct{ u, want string }{
		{"https://PCF.Example.CN:8443/", "pcf.example.cn"},
		{"https://pcf.example.cn./", "pcf.example.cn"},
	} {
		if got := hostName(tt.u); got != tt.want {
			t.Errorf("hostName(%q) = %q, want %q", tt.u, got, tt.want)
		}
	}
}

// Reviewer 56b (the honest reader): a second, genuine certification
// service on a host a character from one the record holds is refused as a
// look-alike. The refusal told the reader to "verify once" with the record
// off; but nothing is recorded then, and the next certificate of that body
// is refused again: the words now say so, and what else to do.
func TestReviewer56b_LookAlikeRefusalSaysEachTime(t *testing.T) {
	known := filepath.Join(t.TempDir(), "known-services.json")
	t.Setenv(knownServicesEnv, known)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, port, _ := net.SplitHostPort(addr)
	second := "http://localhost:" + port
	m := MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, second })
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, second, id, maker, t.TempDir())
	ks := &knownServices{Format: knownServicesFormat, Bodies: map[string]knownBody{}}
	b := knownBody{Service: "http://1ocalhost:" + port, Approval: "CNCA-R-2026-001", Names: "Chengdu Certification Centre", Certificate: "CDPCF-2026-000001",
		Recorded: time.Now().Add(-24 * time.Hour).UTC().Truncate(time.Second), Keys: []string{"0123456789abcdef"}, KeysAt: time.Now().Add(-24 * time.Hour).UTC(), Marks: []knownKeyMark{}}
	for _, k := range bodyKeys(b.Approval, "成都认证中心", b.Names) {
		ks.Bodies[k] = b
	}
	if err := ks.write(known); err != nil {
		t.Fatal(err)
	}
	// As the refusal says: with the record off, it verifies...
	t.Setenv(knownServicesEnv, "off")
	expectVerify(t, "record off", 0, []string{cert, "--server", second}, "GENUINE", "VALID")
	// ...and the next time, with the record on, it is refused again.
	t.Setenv(knownServicesEnv, known)
	code, out, _ := pcf(t, "verify", cert, "--server", second)
	if code != 1 || !strings.Contains(out, "NOT VERIFIED") {
		t.Fatalf("after a check with the record off: exit %d, want 1 and NOT VERIFIED again:\n%s", code, out)
	}
	for _, want := range []string{
		"每次核验该机构的证书时都须如此", "each time you verify this body's certificates",
		"另用一个记录文件", "a record file of its own",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "核验一次") || strings.Contains(out, "verify once") {
		t.Errorf("the refusal still says once:\n%s", out)
	}
	// The record file of its own: the body is recorded there, and
	// verifies each time.
	t.Setenv(knownServicesEnv, filepath.Join(t.TempDir(), "second.json"))
	expectVerify(t, "a record of its own", 0, []string{cert, "--server", second}, "GENUINE", "VALID", "the first to answer")
	expectVerify(t, "a record of its own, again", 0, []string{cert, "--server", second}, "GENUINE", "VALID")
}

// Reviewer 56b (the forger, offline): rf56 refuses a certificate of a body
// new to the record that names a recorded service and is signed with a
// key the service had not published; the service was matched by its whole
// address, and the look-alike rule passes over a host equal to the
// recorded one. A forger naming the genuine host under another path
// ("http://genuine/pcf"), or spelled with a trailing dot (sameHost), was neither: a
// first use, GENUINE IF THE KEYS ARE THE SERVICE'S with the forger's own
// keys file. Ensure a service on the recorded host is held to the keys
// that host published.
func TestReviewer56b_RecordedHostUnderAnotherPath(t *testing.T) {
	known, genuine, cert, _ := mustKnownGenuine(t)
	expectVerify(t, "genuine, first, online", 0, []string{cert, "--server", genuine}, "GENUINE", "VALID", "recorded in "+known)
	renameKnownBodies(t, known) // the demo body is new to the record; the service and its keys are known
	for _, base := range []string{genuine + "/pcf", genuine + "/v2"} {
		forger := MustRunMain(t, func(c *Config) { c.BaseURL = base }) // the forger's software, its own key
		fid, fmaker := MustIssueDemoCertificate(t, forger)
		_, fake, fakeKeys := downloadAll(t, "http://"+forger.Server.Addr().String(), fid, fmaker, t.TempDir())
		code, out, errOut := pcf(t, "verify", fake, "--key", fakeKeys)
		if code != 1 || !strings.Contains(out, "NOT VERIFIED 未能验证") || strings.Contains(out, "GENUINE") {
			t.Errorf("the forger's label naming %s, its body new: exit %d, want 1, NOT VERIFIED and no GENUINE:\n%s%s", base, code, out, errOut)
		}
		for _, want := range []string{"；该主机上的服务 " + genuine + " 上次被查询时（", "the service on its host, " + genuine + ", published keys", "请用 --server " + base + " 核实", "verify with --server " + base + "."} {
			if !strings.Contains(out, want) {
				t.Errorf("the forger's label naming %s: output lacks %q:\n%s", base, want, out)
			}
		}
	}
}

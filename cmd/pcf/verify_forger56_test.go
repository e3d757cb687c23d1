package main

import (
	"context"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// forgeWithKey returns the path of a certificate PDF of the demo
// certificate id of m, under another ID and number and with a figure 50
// kgCO2e lower, signed with key (a thief's copy of the service's key),
// as issued at issued.
func forgeWithKey(t *testing.T, m *Main, base, id string, key *certification.SigningKey, issued time.Time, dir string) string {
	t.Helper()
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(id))
	if err != nil {
		t.Fatal(err)
	}
	c := *rec.Certificate()
	c.ID, c.Number = uuid.MustParse("5f0c8e2a-1b3d-4c5e-9f70-8a1b2c3d4e5f"), "CDPCF-2026-000779"
	c.Stages = slices.Clone(c.Stages) // the store's decoded certificate is shared
	c.KgCO2e, c.Stages[0].KgCO2e = c.KgCO2e-50, c.Stages[0].KgCO2e-50
	if !issued.IsZero() {
		d := c.ExpiresAt.Sub(c.IssuedAt)
		c.IssuedAt, c.ExpiresAt = issued.UTC().Truncate(time.Second), issued.UTC().Truncate(time.Second).Add(d)
	}
	forged := footprinttest.Sign(t, &c, key)
	return writeFile(t, dir, "forged.pdf", mustRenderCertificatePDF(t, forged, certification.CertificateValid, base+certification.CertificateVerifyPath(c.ID)))
}

// rf56 (session 56, the forger): a thief holds the service's signing key
// and the keys file the reader saved before the service reported the key
// compromised. The reader then asked the service online (pcf verify
// --server of a genuine certificate), when /v1/keys already marked the key
// compromised, so the reader's record of known services had seen the
// mark; yet it kept key IDs only, and offline the thief's certificate
// with the stale keys file was GENUINE IF THE KEYS ARE THE SERVICE'S,
// exit 0. Ensure the record keeps the marks the service published and
// that offline they stand in for those the keys file omits: NOT VERIFIED,
// exit 1, saying the keys file omits what the service published and when.
// A reader whose last online check came before the report is told what
// is known (the key published with no mark when last asked) and what is
// not (a compromise or a withdrawal since).
func TestForger56_RecordedCompromiseStandsOffline(t *testing.T) {
	known := filepath.Join(t.TempDir(), "known-services.json")
	t.Setenv(knownServicesEnv, known)
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	dir := t.TempDir()
	cert, _, stale := downloadAll(t, base, id, maker, dir)
	leaked := leakedSigningKey(t, m)
	forgery := forgeWithKey(t, m, base, id, leaked, time.Time{}, dir)

	expectVerify(t, "genuine, online, before the report", 0, []string{cert, "--server", base}, "GENUINE", "VALID")
	// Offline before the report is known to the reader: said what is
	// known and what is not.
	expectVerify(t, "the forgery offline, the record from before the report", 0, []string{forgery, "--key", stale},
		"GENUINE 真实 IF THE KEYS ARE THE SERVICE'S",
		"已知：为认证机构 Demo Certification Centre 答复的服务 "+base+" 上次被查询时",
		"公布了密钥 "+leaked.ID+"，当时没有停用或泄露时间。未知：此后该密钥是否被报告泄露",
		"Known: the service "+base+", which answered for the certification body Demo Certification Centre, published key "+leaked.ID+" when last asked",
		"with no retired or compromised time then. Not known: whether the key has been reported compromised since, or the certificate suspended, withdrawn or superseded",
		"ask --server "+base)

	if _, err := factordb.NewKeyService(m.DB).ReportCompromised(context.Background(), leaked.ID); err != nil {
		t.Fatal(err)
	}
	expectVerify(t, "genuine, online, after the report", 0, []string{cert, "--server", base}, "GENUINE", "VALID")

	code, out, errOut := pcf(t, "verify", forgery, "--key", stale)
	if code != 1 || !strings.Contains(out, "NOT VERIFIED 未能验证") || strings.Contains(out, "GENUINE") {
		t.Errorf("the forgery offline with keys saved before the report, the record after: exit %d, want 1, NOT VERIFIED and no GENUINE:\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"WARNING 警告: " + stale + " 没有载明密钥 " + leaked.ID + " 的泄露时间 ",
		"；为认证机构 Demo Certification Centre 答复的服务 " + base + " 在 ",
		stale + " does not give key " + leaked.ID + " as compromised at ",
		"recorded in " + known + "): the record stands",
		"reported compromised at",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the forgery offline: output lacks %q:\n%s", want, out)
		}
	}
	// The genuine file is no better offline: only the service vouches for
	// a certificate signed with a leaked key.
	expectVerify(t, "genuine, offline with the stale keys, the record after", 1, []string{cert, "--key", stale}, "NOT VERIFIED 未能验证", "reported compromised")
}

// rf56 (session 56, the forger): a thief holds a key the service retired
// in a rotation and signs with it a certificate dated after the rotation,
// handed over with the keys file from before. The reader's record had
// seen the retirement when it last asked, and offline the certificate was
// GENUINE IF THE KEYS ARE THE SERVICE'S. Ensure the record's retired time
// stands: NOT GENUINE (the key signs nothing issued after it), exit 1.
func TestForger56_RecordedRetirementStandsOffline(t *testing.T) {
	known := filepath.Join(t.TempDir(), "known-services.json")
	t.Setenv(knownServicesEnv, known)
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	dir := t.TempDir()
	cert, _, stale := downloadAll(t, base, id, maker, dir)
	old := leakedSigningKey(t, m)
	if _, err := factordb.NewKeyService(m.DB).RotateSigningKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	expectVerify(t, "genuine, online, after the rotation", 0, []string{cert, "--server", base}, "GENUINE", "VALID")
	time.Sleep(1100 * time.Millisecond) // a second after the rotation's
	forgery := forgeWithKey(t, m, base, id, old, time.Now(), dir)

	code, out, errOut := pcf(t, "verify", forgery, "--key", stale)
	if code != 1 || !strings.Contains(out, "NOT GENUINE 非真实证书") || strings.Contains(out, "GENUINE 真实") {
		t.Errorf("the forgery after the rotation, offline: exit %d, want 1, NOT GENUINE:\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"的停用时间 ", " as retired at "} {
		if !strings.Contains(out, want) {
			t.Errorf("the forgery after the rotation, offline: output lacks %q:\n%s", want, out)
		}
	}
	// The genuine certificate, issued before the rotation, stays as it was.
	expectVerify(t, "genuine, offline with the stale keys", 0, []string{cert, "--key", stale}, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S",
		"当时已于 ", "retired at ")
}

// TestLookAlikeHosts: which hosts read as another.
func TestLookAlikeHosts(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"pcf.chengdu.gov.cn", "pcf.chengdu.gov.cn", false},
		{"pcf.chengdu.gov.cn", "pcf.chengdu-gov.cn", true},    // a hyphen for a dot
		{"pcf.chengdu.gov.cn", "pcf.chengdv.gov.cn", true},    // a letter replaced
		{"pcf.chengdu.gov.cn", "pcf.chnegdu.gov.cn", true},    // neighbours swapped
		{"pcf.chengdu.gov.cn", "pcf.chengdu.gov.cn.cn", true}, // the genuine host and more: reads as it (reviewer 56b)
		{"pcf.chengdu.gov.cn", "pcfs.chengdu.gov.cn", false},  // one added, under the same registered name: its owner's (reviewer 56b)
		{"pcf.chengdu.gov.cn", "pcf.chengdus.gov.cn", true},   // one added to the registered name
		{"pcf.chengdu.gov.cn", "pf.chengdu.gov.cn", false},    // one dropped, the same owner's (reviewer 56b)
		{"pcf.chengdu.gov.cn", "pcf.chegdu.gov.cn", true},     // one dropped from the registered name
		{"pcf.example.cn", "pcf.examp1e.cn", true},            // 1 for l
		{"pcf.example.cn", "pcf.exarnple.cn", true},           // rn for m: two characters, one skeleton
		{"pcf.example.cn", "pcf.ex4mple.org", false},
		{"pcf.example.cn", "registry.example.cn", false},
		{"", "pcf.example.cn", false},
		{"pcf1.example.cn", "pcf2.example.cn", false},   // numbered services
		{"pcf1.example.cn", "pcf10.example.cn", false},  // a digit added
		{"pcf1.example.cn", "pcfl.example.cn", false},   // l for 1, the same owner's (reviewer 56b)
		{"pcf1.example.cn", "pcf1.examp1e.cn", true},    // 1 for l in the registered name
		{"pcf12.example.cn", "pcf21.example.cn", false}, // digits swapped
		{"pcf.example.cn", "pcf1.example.cn", false},    // a digit added: read as a number
	} {
		if got := lookAlikeHosts(tt.a, tt.b); got != tt.want {
			t.Errorf("lookAlikeHosts(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := lookAlikeHosts(tt.b, tt.a); got != tt.want {
			t.Errorf("lookAlikeHosts(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080", "http://[::1]:8080"} {
		if h := hostName(u); h != "" {
			t.Errorf("hostName(%q) = %q, want \"\" (an IP address)", u, h)
		}
	}
}

// rf56 (session 56, the forger): the forger names a certification body of
// its own (not the genuine body's names or approval number), so the record
// of known services, kept by body, has nothing to compare it with, and
// runs its service on a host one character from the genuine service's,
// which the reader's record holds. Its certificate was GENUINE and VALID
// asked at the look-alike ("the first to answer", recorded), and GENUINE
// IF THE KEYS ARE THE SERVICE'S offline with its keys file. Ensure both
// are NOT VERIFIED, exit 1, naming the two hosts, the body recorded and
// what to do, Chinese first, and nothing is recorded; a service on a host
// no nearer the recorded ones is a first use as before.
func TestForger56_LookAlikeHostOfARecordedService(t *testing.T) {
	known := filepath.Join(t.TempDir(), "known-services.json")
	t.Setenv(knownServicesEnv, known)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, port, _ := net.SplitHostPort(addr)
	forger := "http://localhost:" + port // the look-alike, reachable
	m := MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, forger })
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, keys := downloadAll(t, forger, id, maker, t.TempDir())

	record := func(service string) {
		t.Helper()
		ks := &knownServices{Format: knownServicesFormat, Bodies: map[string]knownBody{}}
		b := knownBody{Service: service, Approval: "CNCA-R-2026-001", Names: "Chengdu Certification Centre", Certificate: "CDPCF-2026-000001",
			Recorded: time.Now().Add(-24 * time.Hour).UTC().Truncate(time.Second), Keys: []string{"0123456789abcdef"}, KeysAt: time.Now().Add(-24 * time.Hour).UTC(), Marks: []knownKeyMark{}}
		for _, k := range bodyKeys(b.Approval, "成都认证中心", b.Names) {
			ks.Bodies[k] = b
		}
		if err := ks.write(known); err != nil {
			t.Fatal(err)
		}
	}
	for _, genuine := range []string{"http://1ocalhost:" + port, "https://localhosts"} {
		record(genuine)
		for _, args := range [][]string{{cert, "--server", forger}, {cert, "--key", keys}} {
			code, out, errOut := pcf(t, append([]string{"verify"}, args...)...)
			if code != 1 || !strings.Contains(out, "NOT VERIFIED 未能验证") || strings.Contains(out, "GENUINE") {
				t.Errorf("recorded %s, %v: exit %d, want 1, NOT VERIFIED and no GENUINE:\n%s%s", genuine, args[1:], code, out, errOut)
			}
			h := hostName(genuine)
			for _, want := range []string{
				"本证书的服务地址 " + forger + " 的主机 localhost 与 " + h + " 仅一字之差、形近",
				"the host localhost of the certificate's service " + forger + " is one character from, reads as, or only adds a label after or within the suffix of, " + h,
				"Chengdu Certification Centre (approval No. CNCA-R-2026-001)",
				"请向认证机构或主管部门（而不是从标识上）核实其服务地址", "Ask the certification body or the authority (not the label)",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("recorded %s, %v: output lacks %q:\n%s", genuine, args[1:], want, out)
				}
			}
			if zh, en, _ := strings.Cut(errOut, "。"); !strings.Contains(zh, "与已知服务的主机 "+h+" 形近") || !strings.Contains(en, "is a look-alike of the known service's host "+h) {
				t.Errorf("recorded %s: error not Chinese first: %q", genuine, errOut)
			}
		}
		if ks, err := readKnownServices(known); err != nil || len(ks.Bodies) != 3 {
			t.Errorf("recorded %s: the look-alike's body was recorded: %v %+v", genuine, err, ks)
		}
	}
	// A host no nearer: a first use, as before.
	record("https://pcf.example.cn")
	expectVerify(t, "another host", 0, []string{cert, "--server", forger}, "GENUINE", "VALID", "the first to answer")
}

// renameKnownBodies rewrites the record of known services at path as if
// the bodies it holds were another body's (names and approval number of
// a certification body the test's certificates do not name), keeping
// their services and keys.
func renameKnownBodies(t *testing.T, path string) {
	t.Helper()
	ks, err := readKnownServices(path)
	if err != nil {
		t.Fatal(err)
	}
	var b knownBody
	for _, v := range ks.Bodies {
		b = v
	}
	b.Approval, b.Names = "CNCA-R-2026-001", "Chengdu Certification Centre"
	ks.Bodies = map[string]knownBody{}
	for _, k := range bodyKeys(b.Approval, "成都认证中心", b.Names) {
		ks.Bodies[k] = b
	}
	if err := ks.write(path); err != nil {
		t.Fatal(err)
	}
}

// rf56 (session 56, the forger): the record of known services is kept by
// body; rf55 refused offline a keys file holding a key the service
// remembered for the body had not published. A forger who names a body of
// its own (new to the record) and signs, with its own key, a certificate
// naming the genuine service's address (its QR code leads there) escaped
// it: GENUINE IF THE KEYS ARE THE SERVICE'S, exit 0, though the record
// holds the keys that very service published, for another body, and the
// key is not among them. Ensure a certificate naming a service the record
// holds, signed with a key that service had not published when last
// asked, is NOT VERIFIED offline, naming the service to ask; the genuine
// certificate (its key published) stays GENUINE IF THE KEYS ARE THE
// SERVICE'S.
func TestForger56_KnownServiceKeyNotPublishedForANewBody(t *testing.T) {
	known, genuine, cert, genuineKeys := mustKnownGenuine(t)
	expectVerify(t, "genuine, first, online", 0, []string{cert, "--server", genuine}, "GENUINE", "VALID", "recorded in "+known)
	renameKnownBodies(t, known) // the demo body is new to the record; the service and its keys are known

	sameAddr := MustRunMain(t, func(c *Config) { c.BaseURL = genuine }) // the forger's software, its own key
	sid, smaker := MustIssueDemoCertificate(t, sameAddr)
	_, fake, fakeKeys := downloadAll(t, "http://"+sameAddr.Server.Addr().String(), sid, smaker, t.TempDir())

	code, out, errOut := pcf(t, "verify", fake, "--key", fakeKeys)
	if code != 1 || !strings.Contains(out, "NOT VERIFIED 未能验证") || strings.Contains(out, "GENUINE") {
		t.Errorf("the forger's label naming the genuine address, its body new: exit %d, want 1, NOT VERIFIED and no GENUINE:\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"本证书载明其服务为 " + genuine + "；该主机上的服务 " + genuine + " 上次被查询时（",
		"the certificate names " + genuine + " as its service; the service on its host, " + genuine + ", published keys ",
		"verify with --server " + genuine, "请用 --server " + genuine,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the forger's label: output lacks %q:\n%s", want, out)
		}
	}
	if zh, en, _ := strings.Cut(errOut, "。"); !strings.Contains(zh, "不是 "+genuine+" 上次被查询时") || !strings.Contains(en, "which "+genuine+" did not publish when last asked") {
		t.Errorf("error not Chinese first: %q", errOut)
	}
	expectVerify(t, "genuine offline, its body new to the record", 0, []string{cert, "--key", genuineKeys}, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S")
}

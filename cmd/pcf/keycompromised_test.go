package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure "pcf keys compromised ID --since TIME" reports a certifier's API
// key stolen as of TIME through the running server (red team 55, open
// item 4), and pcf verify --server then calls a certificate the key issued
// after TIME NOT VALID, naming the key in both languages, while one it
// issued before stays VALID. Bad input (an unknown key, a time in the
// future, a time that is no RFC 3339 time, no --since) changes nothing:
// the key still works.
func TestKeys_Compromised(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	t.Setenv("PCF_SERVER", base)
	t.Setenv("PCF_ADMIN_TOKEN", "")
	maker := orgKey(t, m, demoMaker)
	token, key := mustCertifierKey(t, m)

	study := seedtest.StudyJSON(t, "pv-module")
	a := mustIssue(t, base, token, mustApply(t, base, maker, study, ""), `{"signatory":"Zhang San"}`)
	time.Sleep(10 * time.Millisecond)
	since := time.Now().UTC()
	time.Sleep(10 * time.Millisecond)
	other := bytes.Replace(bytes.Replace(study, []byte(`"model": "DEMO-M10-54"`), []byte(`"model": "DEMO-M10-54K"`), 1), []byte(`"serial": "GEC-DEMO-2025-000001",`), []byte(`"serial": "GEC-DEMO-2025-900001",`), 1)
	other = bytes.Replace(other, []byte(`"serial_last": "GEC-DEMO-2025-001000"`), []byte(`"serial_last": "GEC-DEMO-2025-901000"`), 1)
	b := mustIssue(t, base, token, mustApply(t, base, maker, other, ""), `{"signatory":"Zhang San"}`)
	dir := t.TempDir()
	certA := download(t, base, a, "certificate.pdf", maker, dir)
	certB := download(t, base, b, "certificate.pdf", maker, dir)

	usable := func(when string) {
		t.Helper()
		if status, body := call(t, "GET", base+"/v1/org/keys", token, ""); status != 200 {
			t.Fatalf("%s: the certifier's key answers %d %s, want 200", when, status, body)
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"no-such-key", "--since", since.Format(time.RFC3339Nano)}, `api key "no-such-key" not found`},
		{[]string{key.ID, "--since", time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, "since"},
		{[]string{key.ID, "--since", "yesterday"}, "--since"},
		{[]string{key.ID}, "--since is required"},
		{[]string{"--since", since.Format(time.RFC3339Nano)}, "want 'pcf keys compromised ID --since TIME'"},
	} {
		args := append([]string{"keys", "compromised", "--db", m.Config.DBPath}, tt.args...)
		if code, out, errOut := pcf(t, args...); code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d %q %q, want an error naming %q", tt.args, code, out, errOut, tt.want)
		}
		usable(strings.Join(tt.args, " "))
	}
	expectVerify(t, "B before the report", 0, []string{certB, "--server", base}, "VALID 有效")

	code, out, errOut := pcf(t, "keys", "compromised", key.ID, "--since", since.Format(time.RFC3339Nano), "--db", m.Config.DBPath)
	if code != 0 || !strings.Contains(out, "API key "+key.ID) || !strings.Contains(out, "is compromised as of") || !strings.Contains(out, "已报告泄露") {
		t.Fatalf("keys compromised: exit %d %q %q", code, out, errOut)
	}
	if status, _ := call(t, "GET", base+"/v1/org/keys", token, ""); status != 401 {
		t.Errorf("the key after the report: %d, want 401 (revoked)", status)
	}
	keys, err := factordb.NewAuthService(m.DB).OrganizationAPIKeys(context.Background(), demoCertifier.Name)
	if err != nil || len(keys) != 1 || !keys[0].CompromisedSince.Equal(since) || keys[0].RevokedAt.IsZero() {
		t.Errorf("the certifier's keys after the report: %+v %v, want one, revoked, compromised since %s", keys, err, since)
	}
	expectVerify(t, "A, issued before", 0, []string{certA, "--server", base}, "VALID 有效")
	expectVerify(t, "B, issued after", 1, []string{certB, "--server", base}, "GENUINE 真实", "NOT VALID 无效",
		"it was issued with API key "+key.ID+" after the time that key is reported compromised as of", "本证书可能并非由该认证机构签发")
}

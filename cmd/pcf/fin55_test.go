package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Reviewer 55b left open: offline (pcf verify <pdf> --key <keys>), a
// record of known services that cannot be read (not JSON, a directory, no
// permission) or has no place was passed over without a word, as though
// nothing were known of the body, where the online check warns. Ensure the
// offline check says so, Chinese first, in the online warning's words
// where they fit, and the verdict is what it is without the record: GENUINE
// IF THE KEYS ARE THE SERVICE'S, exit 0. The online warning's words are
// pinned here too, as the offline one follows them.
func TestFin55_KnownServicesUnreadSaidOffline(t *testing.T) {
	known, genuine, cert, genuineKeys := mustKnownGenuine(t)
	expectVerify(t, "genuine, first, online", 0, []string{cert, "--server", genuine}, "GENUINE", "VALID", "recorded in "+known)
	if err := os.WriteFile(known, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	offline := []string{cert, "--key", genuineKeys}
	const zh, en = "无法读取已知服务记录 ", "cannot read the record of known services "
	expectVerify(t, "corrupt record, offline", 0, offline, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S", "WARNING 警告",
		zh+known+"（不是 pcf-known-services/1 格式的文件），未核对签名密钥是否为此前为认证机构", en+known+" (not a pcf-known-services/1 file)",
		"published the signing key was not checked")
	chineseFirst(t, "corrupt record, offline", offline, zh, en)
	expectVerify(t, "corrupt record, online", 0, []string{cert, "--server", genuine}, "GENUINE", "VALID", "WARNING 警告",
		"无法读写已知服务记录 "+known, "cannot read or write the record of known services "+known, "whether the same service answered for this body before was not checked")

	dir := t.TempDir() // a directory where the record should be: read fails
	t.Setenv(knownServicesEnv, dir)
	expectVerify(t, "record is a directory, offline", 0, offline, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S", "WARNING 警告", zh+dir, en+dir)

	t.Setenv(knownServicesEnv, "")
	t.Setenv("HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	expectVerify(t, "no place for the record, offline", 0, offline, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S", "WARNING 警告",
		"已知服务记录无处存放", "the record of known services has no place", "$"+knownServicesEnv)
	chineseFirst(t, "no place for the record, offline", offline, "已知服务记录无处存放", "the record of known services has no place")

	// Turned off by the reader, or no record yet: no word of it.
	t.Setenv(knownServicesEnv, "off")
	if code, out, _ := pcf(t, append([]string{"verify"}, offline...)...); code != 0 || strings.Contains(out, "已知服务记录") || strings.Contains(out, "record of known services") {
		t.Errorf("the record turned off: exit %d, want 0 and no word of the record:\n%s", code, out)
	}
	t.Setenv(knownServicesEnv, filepath.Join(t.TempDir(), "known.json"))
	if code, out, _ := pcf(t, append([]string{"verify"}, offline...)...); code != 0 || strings.Contains(out, "已知服务记录") || strings.Contains(out, "record of known services") {
		t.Errorf("no record yet: exit %d, want 0 and no word of the record:\n%s", code, out)
	}
}

// A server that publishes the key and does not answer for the certificate
// (503 on its status) is checked against the record offline-fashion
// (red team 89); an unreadable record there was passed over too. Ensure it
// is said in the online warning's words, and the exit code and every
// other line are those of the record turned off.
func TestFin55_KnownServicesUnreadSaidServerSilent(t *testing.T) {
	m, front := behindFront(t, busyOnStatus)
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, front.URL, id, maker, t.TempDir())
	args := []string{"verify", cert, "--server", front.URL}

	t.Setenv(knownServicesEnv, "off")
	offCode, offOut, _ := pcf(t, args...)
	known := filepath.Join(t.TempDir(), "known.json")
	if err := os.WriteFile(known, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(knownServicesEnv, known)
	code, out, errOut := pcf(t, args...)
	if code != offCode {
		t.Errorf("corrupt record, server silent: exit %d, want %d as with the record off\n%s%s", code, offCode, out, errOut)
	}
	for _, w := range []string{"WARNING 警告", "无法读写已知服务记录 " + known, "cannot read or write the record of known services " + known} {
		if !strings.Contains(out, w) {
			t.Errorf("corrupt record, server silent: output lacks %q:\n%s", w, out)
		}
	}
	if !strings.Contains(offOut, "LIVE STATUS UNKNOWN") && !strings.Contains(offOut, "实时状态未知") {
		t.Errorf("record off, server silent: no LIVE STATUS UNKNOWN:\n%s", offOut)
	}
}

// chineseFirst runs pcf verify with args and fails unless zh comes before
// en in its output.
func chineseFirst(t *testing.T, name string, args []string, zh, en string) {
	t.Helper()
	_, out, _ := pcf(t, append([]string{"verify"}, args...)...)
	if i, j := strings.Index(out, zh), strings.Index(out, en); i < 0 || j < 0 || i > j {
		t.Errorf("%s: %q not before %q:\n%s", name, zh, en, out)
	}
}

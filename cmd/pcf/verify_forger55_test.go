package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// ageKnownServices rewrites the record of known services at path as a
// reader's record made a day ago: each body's service last asked then,
// and, with drop, without that key among the keys it published (a record
// made before the service began to use it).
func ageKnownServices(t *testing.T, path, drop string) {
	t.Helper()
	ks, err := readKnownServices(path)
	if err != nil {
		t.Fatal(err)
	}
	for k, b := range ks.Bodies {
		b.Recorded, b.KeysAt = b.Recorded.Add(-24*time.Hour), b.KeysAt.Add(-24*time.Hour)
		b.Keys = slices.DeleteFunc(b.Keys, func(id string) bool { return id == drop })
		if len(b.Keys) == 0 {
			b.Keys = []string{"0000000000000000"}
		}
		ks.Bodies[k] = b
	}
	if err := ks.write(path); err != nil {
		t.Fatal(err)
	}
}

// keyIDOf returns the ID of the first key in the keys file at path.
func keyIDOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Keys []struct {
			KeyID string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || len(doc.Keys) == 0 || doc.Keys[0].KeyID == "" {
		t.Fatalf("keys file %s: %v %s", path, err, b)
	}
	return doc.Keys[0].KeyID
}

// rf55 (session 55, the forger): a reader's record of known
// services remembers the genuine service of a body and the keys it
// published when last asked (red team 86). Offline, a keys file handed
// over with a PDF holding a key that service had not published was NOT
// VERIFIED only for a certificate issued before the reader last asked; a
// forger issues after that, always, so its certificate of the body, signed
// with its own key (naming its own address, or the genuine one), was
// GENUINE IF THE KEYS ARE THE SERVICE'S, exit 0, with a line "if that key
// came into use since, check with --server". Ensure it is NOT VERIFIED,
// exit 1, naming the remembered service to ask, whatever the issue date;
// the genuine certificate with a key the record holds stays GENUINE IF
// THE KEYS ARE THE SERVICE'S, and one with a key the service began to use
// after the record, NOT VERIFIED offline, is GENUINE once asked online,
// which records the key.
func TestForger55_KnownBodyKeyNotPublishedOffline(t *testing.T) {
	known, genuine, cert, genuineKeys := mustKnownGenuine(t)
	expectVerify(t, "genuine, first, online", 0, []string{cert, "--server", genuine}, "GENUINE", "VALID", "recorded in "+known)
	ageKnownServices(t, known, "") // the reader checked yesterday

	own, forger := mustServeSigned(t) // the forger's service at its own address
	fid, fmaker := MustIssueDemoCertificate(t, own)
	_, fakeOwn, forgerKeys := downloadAll(t, forger, fid, fmaker, t.TempDir())

	// The forger's service signing the genuine address with its own key.
	sameAddr := MustRunMain(t, func(c *Config) { c.BaseURL = genuine })
	sid, smaker := MustIssueDemoCertificate(t, sameAddr)
	_, fakeGenuineAddr, sameAddrKeys := downloadAll(t, "http://"+sameAddr.Server.Addr().String(), sid, smaker, t.TempDir())

	for _, c := range []struct{ name, pdf, keys string }{
		{"the forger's label naming its own address", fakeOwn, forgerKeys},
		{"the forger's label naming the genuine address", fakeGenuineAddr, sameAddrKeys},
	} {
		code, out, errOut := pcf(t, "verify", c.pdf, "--key", c.keys)
		if code != 1 || !strings.Contains(out, "NOT VERIFIED 未能验证") || strings.Contains(out, "GENUINE") {
			t.Errorf("%s: exit %d, want 1, NOT VERIFIED and no GENUINE:\n%s%s", c.name, code, out, errOut)
		}
		for _, want := range []string{"verify with --server " + genuine, "请用 --server " + genuine} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", c.name, want, out)
			}
		}
		if zh, en, _ := strings.Cut(errOut, "。"); !strings.Contains(zh, "不是 "+genuine+" 上次被查询时") || !strings.Contains(en, "which "+genuine+" did not publish when last asked") {
			t.Errorf("%s: error not Chinese first: %q", c.name, errOut)
		}
	}

	// The genuine certificate with the key the record holds.
	expectVerify(t, "genuine offline", 0, []string{cert, "--key", genuineKeys}, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S")

	// A key the genuine service began to use after the reader's record
	// (a rotation): not verified offline until asked online once.
	ageKnownServices(t, known, keyIDOf(t, genuineKeys))
	expectVerify(t, "genuine, a key newer than the record, offline", 1, []string{cert, "--key", genuineKeys}, "NOT VERIFIED 未能验证", "verify with --server "+genuine)
	expectVerify(t, "genuine, a key newer than the record, online", 0, []string{cert, "--server", genuine}, "GENUINE", "VALID")
	expectVerify(t, "genuine, a key newer than the record, offline after", 0, []string{cert, "--key", genuineKeys}, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S")
}

// rf55 (session 55, the forger): with no configuration directory
// ($HOME and $XDG_CONFIG_HOME unset, as for a service account or a job in
// a bare container) and $PCF_KNOWN_SERVICES unset, the record of known
// services was off without a word: a look-alike's certificate of the
// genuine body, asked at the look-alike, was GENUINE and VALID with no
// line saying that this holds only if the address is the service's, and a
// look-alike of a body checked before was never caught. Ensure the reader
// is told, in Chinese first, that nothing was recorded or compared, why,
// and that the answer stands only if the address is the service's as the
// reader knows it; the verdict itself is unchanged (the file is genuine).
func TestForger55_NoPlaceForTheRecordSaidSo(t *testing.T) {
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, base, id, maker, t.TempDir())
	t.Setenv(knownServicesEnv, "")
	t.Setenv("HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	expectVerify(t, "no configuration directory", 0, []string{cert, "--server", base}, "GENUINE", "VALID", "WARNING 警告",
		"未记录也未核对", "nothing was recorded or compared", "$"+knownServicesEnv,
		"only if "+base+" is the service's address as you know it")
	t.Setenv(knownServicesEnv, "off")
	code, out, _ := pcf(t, "verify", cert, "--server", base)
	if code != 0 || strings.Contains(out, "WARNING") {
		t.Errorf("the record turned off by the reader: exit %d, want 0 and no warning:\n%s", code, out)
	}
}

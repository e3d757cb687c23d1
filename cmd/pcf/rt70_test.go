package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// Red team 70 (found by red team 63, not closed): a service that moved
// (another --base-url) keeps rendering each certificate's documents with
// the address it signs, so labels printed now send scanners to the old
// address, whoever holds it, and nothing told the operator. Ensure pcf
// serve says at start, in Chinese and English, how many certificates sign
// another base than --base-url, how many of them are still in force, and
// the old base; and that a start at the signed base says nothing of it.
func TestRedteam70_ServeWarnsOfCertificatesSigningTheOldBase(t *testing.T) {
	path, old := mustSignedDemoFile(t)
	start := func(base string) string {
		t.Helper()
		var out bytes.Buffer
		m := NewMain(&out, io.Discard)
		m.Config.DBPath, m.Config.Addr, m.Config.BaseURL = path, "127.0.0.1:0", base
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	moved := "https://pcf.example.cn"
	out := start(moved)
	for _, want := range []string{
		"WARNING 警告: 1 张已签发的证书(其中 1 张有效或暂停)签署的验证地址是 " + old + ",而不是 --base-url " + moved,
		"1 certificates issued (1 of them valid or suspended) sign the verify base " + old + ", not --base-url " + moved,
		"send scanners to " + old + ", whoever holds that address",
		"二维码都把扫码的人带到 " + old,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("start at --base-url %s, certificates signing %s: output lacks %q:\n%s", moved, old, want, out)
		}
	}
	if out := start(old); strings.Contains(out, "sign the verify base") {
		t.Errorf("start at the signed base %s warns of a move:\n%s", old, out)
	}
}

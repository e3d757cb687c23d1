package main

import "testing"

// TestReviewer56e_LookAlikesTwoRulesApart: look-alikes that needed two of
// the rules at once (one look-alike letter or one edit, and the genuine
// host followed by more), letters of scripts readAs did not fold, and a
// second-level suffix's label slipped in ("gov.com.cn", registered under
// com.cn). Each was let through as a first use.
func TestReviewer56e_LookAlikesTwoRulesApart(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"pcf.chengdu.gov.cn", "pcf.chengdս.gov.cn.com", true},    // Armenian ս, then .com
		{"pcf.chengdu.gov.cn", "pcf.chengdv.gov.cn.com", true},    // one edit, then .com
		{"pcf.chengdu.gov.cn", "pcf.chengdս.gօv.cn", true},        // Armenian ս and օ
		{"pcf.chengdu.gov.cn", "pcf.ᴄhengdս.gov.cn", true},        // a small capital ᴄ and an Armenian ս
		{"pcf.example.cn", "pcf.exɑmpıe.cn", true},                // script ɑ, dotless ı for l
		{"pcf.example.cn", "pcf.exampӏe.cn.com", true},            // Cyrillic palochka for l, then .com
		{"pcf.chengdu.gov.cn", "pcf.chengdu.gov.com.cn", true},    // com slipped into gov.cn
		{"pcf.example.com.cn", "pcf.example.cn", true},            // com dropped
		{"chengdu-pcf.github.io", "chengdu-pcf1.github.io", true}, // two owners under one private suffix
		// Still not look-alikes: one owner's, or far apart.
		{"pcf.chengdu.gov.cn", "www.pcf.chengdu.gov.cn", false},
		{"pcf.cn", "pcf.abc.cn", false}, // a label of the registered name added, not of the suffix
		{"pcf.example.cn", "pcf.example.com", false},
		{"pcf.example.cn", "registry.example.org", false},
	} {
		if got := lookAlikeHosts(c.a, c.b); got != c.want {
			t.Errorf("lookAlikeHosts(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := lookAlikeHosts(c.b, c.a); got != c.want {
			t.Errorf("lookAlikeHosts(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}

// TestReviewer56e_SharedHostingNotOneOwner: cloud storage and Pages hosts
// of China's providers are not in the public suffix list, so every bucket
// under aliyuncs.com had the registered name aliyuncs.com, and a forger's
// bucket a letter from the genuine service's was taken for its owner's:
// never a look-alike. Those under the list's private suffixes (github.io,
// pages.dev) were, and stay, look-alikes.
func TestReviewer56e_SharedHostingNotOneOwner(t *testing.T) {
	for _, c := range [][2]string{
		{"chengdu-pcf.oss-cn-chengdu.aliyuncs.com", "chengdu-pcfl.oss-cn-chengdu.aliyuncs.com"},
		{"chengdu-pcf.cos.ap-chengdu.myqcloud.com", "chengdu-pcf1.cos.ap-chengdu.myqcloud.com"},
		{"chengdu-pcf.bj.bcebos.com", "chengdu-pcfl.bj.bcebos.com"},
		{"chengdu-pcf.obs.cn-southwest-2.myhuaweicloud.com", "chengdu-pcfl.obs.cn-southwest-2.myhuaweicloud.com"},
		{"chengdu-pcf.gitee.io", "chengdu-pcfl.gitee.io"},
		{"chengdu-pcf.github.io", "chengdu-pcfl.github.io"},
		{"chengdu-pcf.pages.dev", "chengdu-pcfl.pages.dev"},
	} {
		if !lookAlikeHosts(c[0], c[1]) {
			t.Errorf("lookAlikeHosts(%q, %q) = false: two tenants' hosts a letter apart", c[0], c[1])
		}
	}
	if lookAlikeHosts("chengdu-pcf.oss-cn-chengdu.aliyuncs.com", "registry.oss-cn-chengdu.aliyuncs.com") {
		t.Error("two tenants' buckets far apart read as look-alikes")
	}
}

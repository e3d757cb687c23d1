package main

import "testing"

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
	} {
		for _, p := range [][2]string{{tt.a, tt.b}, {tt.b, tt.a}} {
			if got := lookAlikeHosts(hostName("https://"+p[0]+"/"), hostName("https://"+p[1]+"/")); got != tt.want {
				t.Errorf("%s: lookAlikeHosts(%q, %q) = %v, want %v", tt.name, p[0], p[1], got, tt.want)
			}
		}
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

package site

import (
	"strings"
	"testing"
	"unicode"
)

// Ensure every finding is bilingual: English in EN (starting in English),
// Chinese in ZH, as the engine's warnings and refusals are.
func TestCheck_Bilingual(t *testing.T) {
	cases := [][]Finding{
		Check("", "x", "CN-SC", "CN-SC", "CN", true),
		Check("CN-NM", "Baotou", "CN-SC", "CN-SC", "CN", true),
		Check("CN-NM", "Baotou", "CN-SC", "CN-SC", "CN", false),
		Check("CN-SC", "Baotou", "CN", "CN", "CN", true),
		Check("DE-BY", "München", "DE", "DE", "CN", true),
		Check("CN-SC", "上海市虹口区四川北路", "CN-SC", "CN-SC", "CN", true),
	}
	n := 0
	for _, fs := range cases {
		for _, f := range fs {
			n++
			if f.EN == "" || unicode.Is(unicode.Han, []rune(f.EN)[0]) || !strings.ContainsFunc(f.ZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("finding %+v: want English in EN and Chinese in ZH", f)
			}
		}
	}
	if n < 6 {
		t.Errorf("%d findings, want at least 6", n)
	}
	for _, r := range []string{"CN-SW", "CN-XX", "sichuan", "CN_SC", "CNSC"} {
		if msg := Region(r); msg == "" || !strings.Contains(msg, "ISO 3166-2") {
			t.Errorf("Region(%q) = %q; want a refusal naming ISO 3166-2", r, msg)
		}
	}
	for _, r := range []string{"", "CN-SC", "CN-NM", "DE-BY", "US-CA"} {
		if msg := Region(r); msg != "" {
			t.Errorf("Region(%q) = %q; want none", r, msg)
		}
	}
}

// Ensure a site's text names its province by its Chinese or English name,
// and that Shanxi and Shaanxi, Hunan and Henan are told apart.
func TestNames(t *testing.T) {
	for _, tc := range []struct {
		text, code string
		want       bool
	}{
		{"四川省成都市", "CN-SC", true}, {"Chengdu, Sichuan", "CN-SC", true}, {"CHENGDU SICHUAN", "CN-SC", true},
		{"Xi'an, Shaanxi", "CN-SN", true}, {"Xi'an, Shaanxi", "CN-SX", false}, {"Taiyuan, Shanxi", "CN-SN", false},
		{"Changsha, Hunan", "CN-HA", false}, {"Baotou, Inner  Mongolia", "CN-NM", true}, {"包头", "CN-NM", false},
		{"supplier site, CN-YN", "CN-YN", false},
	} {
		if got := names(tc.text, find(tc.code)); got != tc.want {
			t.Errorf("names(%q, %s) = %v, want %v", tc.text, tc.code, got, tc.want)
		}
	}
	if len(cn) != 34 {
		t.Errorf("%d subdivisions, ISO 3166-2:CN lists 34", len(cn))
	}
}

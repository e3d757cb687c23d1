// Package warntest checks, for the tests of the engine's internal
// packages, that a warning they word is bilingual and carries its
// figures. It imports nothing of the service, so that a package the
// footprint package imports can use it in its tests without a cycle.
package warntest

import (
	"strings"
	"testing"
	"unicode"
)

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// Form is what the English message of a warning is.
type Form int

const (
	EnglishOnly  Form = iota // English from its start, no Chinese in it
	EnglishFirst             // English from its start; it may name a term in Chinese too
	ChineseFirst             // Chinese before the English, as the engine wrote some warnings when they became bilingual
)

// Bilingual fails t unless en has form and zh holds Chinese, and each of
// figures stands in both.
func Bilingual(t *testing.T, en, zh string, form Form, figures ...string) {
	t.Helper()
	if en == "" || !strings.ContainsFunc(zh, isHan) {
		t.Fatalf("warning EN %q, ZH %q: want English and Chinese", en, zh)
	}
	if got := isHan([]rune(en)[0]); got != (form == ChineseFirst) {
		t.Errorf("EN %q starts in Chinese: %v, want %v", en, got, form == ChineseFirst)
	}
	if form == EnglishOnly && strings.ContainsFunc(en, isHan) {
		t.Errorf("EN %q holds Chinese", en)
	}
	for _, f := range figures {
		if !strings.Contains(en, f) || !strings.Contains(zh, f) {
			t.Errorf("figure %q missing from EN %q or ZH %q", f, en, zh)
		}
	}
}

// Warning is the shape of a warning the engine's internal packages word:
// its English and its Chinese.
type Warning interface{ ~struct{ EN, ZH string } }

// Case is one warning for Table: the subtest's name, the warning, the form
// of its English, and the figures that must stand in both messages.
type Case[W Warning] struct {
	Name    string
	W       W
	Form    Form
	Figures []string
}

// Table runs Bilingual on each case, a subtest each: the test every package
// that words warnings has, that each is bilingual and carries its figures.
func Table[W Warning](t *testing.T, cases []Case[W]) {
	t.Helper()
	for _, c := range cases {
		w := struct{ EN, ZH string }(c.W)
		t.Run(c.Name, func(t *testing.T) { Bilingual(t, w.EN, w.ZH, c.Form, c.Figures...) })
	}
}

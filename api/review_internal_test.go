package api

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure an error page says in both languages what every error code means
// and what to do: an internal error's page showed its title alone (its
// message is withheld), and a too-large upload, a rate limit, a wrong
// method or content type no hint; the Chinese hints use Chinese
// punctuation.
func TestReview_EveryErrorCodeHasAHint(t *testing.T) {
	for _, code := range []string{footprint.EINVALID, footprint.ECONFLICT, footprint.ENOTFOUND, footprint.EFORBIDDEN, footprint.EUNAUTHORIZED,
		footprint.ENOTIMPLEMENTED, footprint.EINTERNAL, codeMethodNotAllowed, codeTooLarge, codeUnsupportedMediaType, codeRateLimited, codeUnavailable} {
		h := pageErrorHints[code]
		if h[0] == "" || h[1] == "" {
			t.Errorf("%s: no hint in both languages: %q", code, h)
		}
		if strings.ContainsAny(h[0], ",:;()") {
			t.Errorf("%s: Chinese hint with ASCII punctuation: %s", code, h[0])
		}
	}
}

// Ensure the review names what a successor changes against the
// certificate it supersedes: its rule, its declared unit (then no figures
// are compared), and a figure 10 % or more below; and nothing for a study
// of the same rule and unit within 10 %.
func TestSuccessorWarnings(t *testing.T) {
	piece, err := footprint.ParseUnit("piece")
	if err != nil {
		t.Fatal(err)
	}
	old := &certification.Certificate{Number: "CDPCF-2026-000001", Rule: certification.CertificateRule{Code: "pv-module"}, KgCO2e: 150,
		DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块", LabelEN: "module"}}
	study := func(rule string, amount, kg float64) *footprint.Study {
		return &footprint.Study{Rule: rule, Result: &footprint.Result{KgCO2e: kg, DeclaredUnit: footprint.DeclaredUnit{Amount: amount, Unit: piece}}}
	}
	for _, tt := range []struct {
		name  string
		st    *footprint.Study
		paths string
	}{
		{"Same", study("pv-module", 1, 136), ""},
		{"Lower", study("pv-module", 1, 135), "supersedes"},
		{"OtherRule", study("electronics", 1, 150), "rule"},
		{"OtherUnit", study("pv-module", 2, 100), "declared_unit"},
		{"OtherRuleAndLower", study("electronics", 1, 75), "rule supersedes"},
	} {
		var paths []string
		for _, w := range successorWarnings(tt.st, old) {
			paths = append(paths, w.Path)
			if !strings.Contains(w.Message, old.Number) {
				t.Errorf("%s: %q does not name %s", tt.name, w.Message, old.Number)
			}
		}
		if got := strings.Join(paths, " "); got != tt.paths {
			t.Errorf("%s: warnings at %q, want %q", tt.name, got, tt.paths)
		}
	}
}

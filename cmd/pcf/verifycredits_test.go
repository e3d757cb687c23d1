package main

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure pcf verify, offline and with --server, prints the recycling
// credits a format-7 certificate signs (the demo laptop's −4.34 kgCO2e),
// apart from the footprint, in both languages, as the certificate and the
// verification page do; and no credits line for a certificate without
// any (the demo module). It printed none: a verifier reading the CLI saw
// less than the certificate it checked.
func TestVerify_PrintsTheRecyclingCredits(t *testing.T) {
	m, base, module, maker := mustServeDemoCertificate(t)
	cert := orgKey(t, m, demoCertifier)
	laptop := mustIssue(t, base, cert, mustApply(t, base, maker, seedtest.StudyJSON(t, "laptop"), ""), `{"signatory":"Zhang San"}`)
	dir := t.TempDir()
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	keys := writeFile(t, dir, "keys.json", jwks)
	const credits = "\n  credits   回收抵扣 -4.34 kgCO2e，单独报告，未计入总量 / recycling credits, reported separately, not included in the footprint\n"
	for _, tt := range []struct {
		id   string
		want bool
	}{{laptop, true}, {module, false}} {
		status, pdf := call(t, "GET", base+"/v1/certificates/"+tt.id+"/certificate.pdf", maker, "")
		if status != 200 {
			t.Fatalf("certificate.pdf: %d", status)
		}
		path := writeFile(t, dir, tt.id+".pdf", pdf)
		for _, args := range [][]string{{"verify", path, "--key", keys}, {"verify", path, "--server", base}} {
			code, out, errOut := pcf(t, args...)
			if code != 0 || !strings.Contains(out, "GENUINE") || strings.Contains(out, credits) != tt.want || tt.want != strings.Contains(out, "\n  credits ") {
				t.Errorf("%v: exit %d, credits line %v, want %v:\n%s%s", args[2:], code, strings.Contains(out, "\n  credits "), tt.want, out, errOut)
			}
		}
	}
}

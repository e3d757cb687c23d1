package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 42, the use stage: a laptop's lifetime given as 0.1 years
// instead of 4 halved its certified figure, and nothing a verifier read
// said what use the figure assumed. Ensure pcf verify, offline and with
// --server, prints a format-6 certificate's signed use scenario in both
// languages, says of one without a use stage (the demo module) that it
// has none, and prints a certificate of an earlier format (format 1 here)
// with no use line, as before. And that it prints the recycling credits a
// format-7 certificate signs (the laptop's −4.34 kgCO2e) apart from the
// footprint, in both languages, as the certificate and the verification
// page do, and no credits line for a certificate without any (the module):
// it printed none.
func TestRedteam42_VerifyPrintsTheUseScenario(t *testing.T) {
	m, base, module, maker := mustServeDemoCertificate(t)
	cert := orgKey(t, m, demoCertifier)
	laptop := mustIssue(t, base, cert, mustApply(t, base, maker, seedtest.StudyJSON(t, "laptop"), ""), `{"signatory":"Zhang San"}`)
	dir := t.TempDir()
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	keys := writeFile(t, dir, "keys.json", jwks)
	const credits = "\n  credits   回收抵扣 -4.34 kgCO2e，单独报告，未计入总量 / recycling credits, reported separately, not included in the footprint\n"
	for _, tt := range []struct {
		id, want string
		credits  bool
	}{
		{laptop, "\n  use       每年 41.464 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024） / 41.464 kWh a year × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)\n", true},
		{module, "\n  use       无使用阶段 no use stage\n", false},
	} {
		status, pdf := call(t, "GET", base+"/v1/certificates/"+tt.id+"/certificate.pdf", maker, "")
		if status != 200 {
			t.Fatalf("certificate.pdf: %d", status)
		}
		path := writeFile(t, dir, tt.id+".pdf", pdf)
		for _, args := range [][]string{{"verify", path, "--key", keys}, {"verify", path, "--server", base}} {
			code, out, errOut := pcf(t, args...)
			if code != 0 || !strings.Contains(out, "GENUINE") || !strings.Contains(out, tt.want) {
				t.Errorf("%v: exit %d, output lacks %q:\n%s%s", args[2:], code, tt.want, out, errOut)
			}
			if strings.Contains(out, credits) != tt.credits || strings.Contains(out, "\n  credits ") != tt.credits {
				t.Errorf("%v: credits line %v, want %v:\n%s", args[2:], strings.Contains(out, "\n  credits "), tt.credits, out)
			}
		}
	}

	testdata := filepath.Join("..", "..", "labels", "testdata", "format1")
	if code, out, errOut := pcf(t, "verify", filepath.Join(testdata, "certificate.pdf"), "--key", filepath.Join(testdata, "keys.json")); code != 0 || strings.Contains(out, "\n  use ") {
		t.Errorf("format 1: exit %d, a use line:\n%s%s", code, out, errOut)
	}
}

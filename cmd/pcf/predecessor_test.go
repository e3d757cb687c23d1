package main

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure pcf verify --server says NOT VALID, naming the replaced
// certificate, for a certificate whose predecessor its certifier withdrew
// after it was replaced (the verify answer's predecessor_withdrawn alert):
// it read every alert as a supplier's. The holder had the study of
// certificate A reissued by a second certifier as B, superseding A; A's
// certifier then withdrew A for cause.
func TestVerify_PredecessorWithdrawn(t *testing.T) {
	m, base, a, maker := mustServeDemoCertificate(t)
	var rec struct {
		StudyID string `json:"study_id"`
		Number  string `json:"number"`
	}
	mustData(t, "certificate", 200, "GET", base+"/v1/certificates/"+a, maker, "", &rec)
	second := orgKey(t, m, access.Organization{Name: "Second Certification Centre", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-998"})
	app := mustPostID(t, "apply", base, "/v1/applications", maker,
		`{"study_id":"`+rec.StudyID+`","certifier":"Second Certification Centre","supersedes":"`+a+`"}`, "id")
	b := mustIssue(t, base, second, app, `{}`)
	cert := download(t, base, b, "certificate.pdf", maker, t.TempDir())
	if status, body := call(t, "POST", base+"/v1/certificates/"+a+"/withdraw", orgKey(t, m, demoCertifier), `{"reasons":["data falsified"]}`); status != 200 {
		t.Fatalf("withdraw A: %d %s", status, body)
	}
	code, out, errOut := pcf(t, "verify", cert, "--server", base)
	for _, want := range []string{"GENUINE 真实", "NOT VALID 无效", "the certificate it replaced, " + rec.Number + ", was withdrawn", "本证书所替代的证书 " + rec.Number} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != 1 || strings.Contains(out, "supplier certificate it relies on") {
		t.Errorf("exit %d, want 1 and no supplier wording:\n%s%s", code, out, errOut)
	}
}

package labels

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a body registered without an approval number, whose names the
// registration check passed, is not refused at its first issue for the
// approval number that issue records (approval_number of the issue
// request, recordApprovalNumber): the registration measures the label with
// the longest number a CNCA approval number's form allows.
func TestCheckCertifier_ApprovalNumberOfTheFirstIssue(t *testing.T) {
	r := mustTestRenderer(t)
	name := "认"
	for r.CheckCertifier(name+"证", "Body", "") == nil {
		name += "证"
	}
	if err := r.CheckCertifier(name, "Body", ""); err != nil {
		t.Fatal(err)
	}
	c := demoLikeCertificateV2()
	c.Certifier = certification.CertificateCertifier{NameZH: name, NameEN: "Body", ApprovalNumber: "CNCA-RF-2026-1234", Signatory: c.Certifier.Signatory}
	if err := r.checkLabelCertifier(c); err != nil {
		t.Errorf("%d-character Chinese name registered without an approval number: first issue with CNCA-RF-2026-1234: %v", len([]rune(name)), strings.TrimSpace(err.Error()))
	}
}

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// Ensure a certificate issued on a supplier certificate (the demo module's,
// HS 854143) is of pcf-certificate/9, its supplier list signs the supplier
// certificate's product codes, and pcf verify recomputes it offline from
// the signed content alone, the range included: GENUINE, RESULT CONFIRMED,
// the codes named. The Monte Carlo moves the supplier's footprint with the
// families of its HS codes (session 53); a list without them (as before
// format 9) recomputed the range with the footprint moving with every
// family, and is not the list the certificate signs.
func TestSession53_VerifyStudyOnSupplierCodes(t *testing.T) {
	m := MustRunMain(t)
	sc := mustIssueOnSupplier(t, m)
	suppliers, list := mustSupplierList(t, m, sc.issued)
	if got := suppliers[0].ProductCodes; len(got) == 0 || got[0].String() != "HS:854143" {
		t.Fatalf("the supplier list signs product codes %v, want the demo module's HS:854143", got)
	}
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(sc.issued))
	if err != nil {
		t.Fatal(err)
	}
	if c := rec.Signed.Certificate; c.Format != 9 || !bytes.Contains(rec.Signed.Content, []byte(`"format":"`+certification.CertificateFormat9+`"`)) {
		t.Fatalf("the certificate issued on a supplier certificate is of format %d, want 9", c.Format)
	}
	dir := t.TempDir()
	args := recomputeArgs(t, sc.base, sc.issued, sc.maker, dir)
	code, stdout, stderr := pcf(t, append(args, "--suppliers", writeFile(t, dir, "suppliers.json", list))...)
	for _, want := range []string{"GENUINE 真实", "signed of HS:854143: its footprint moves with the material families of its HS codes",
		"the list of 1 matches the signed suppliers digest", "matches the signed result digest", "RESULT CONFIRMED"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != 0 || t.Failed() {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}

	old := suppliers[0]
	old.ProductCodes = nil
	unsigned, err := certification.MarshalSuppliers([]certification.CertificateSupplier{old})
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = pcf(t, append(args, "--suppliers", writeFile(t, dir, "unsigned.json", unsigned))...)
	for _, want := range []string{"the supplier list given is not the one the certificate signs", "its entry signs no product codes", "RESULT NOT CONFIRMED"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("a list without the codes: output lacks %q", want)
		}
	}
	if code != 1 || t.Failed() {
		t.Fatalf("a list without the codes: exit %d\n%s", code, stdout)
	}
}

package factordb_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure no certificate is signed on a supplier certificate whose record
// fails the service's own signature check (red team 49). Whoever can write
// the file (the operator, a restored or edited copy) lowered a supplier
// certificate's figure in its stored content and left its signature: the
// supplier's verification called it "签名未通过验证 Signature not
// verified", but a buyer's study read the lowered figure, and the
// buyer's certification body issued on it a certificate signed with the
// service's key, which verifies offline and online as plainly valid. The
// edit, which no signature covered, was laundered into one that does.
func TestRedteam49_SupplierRecordEditedUnderItsSignature(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT49-SUP")
	edited := *sup.Certificate()
	// Every figure a tenth, so that the content is a certificate still.
	edited.KgCO2e /= 10
	edited.Stages = slices.Clone(edited.Stages)
	for i := range edited.Stages {
		edited.Stages[i].KgCO2e /= 10
	}
	edited.PerUnit = slices.Clone(edited.PerUnit)
	for i := range edited.PerUnit {
		edited.PerUnit[i].KgCO2e /= 10
	}
	edited.Factors = slices.Clone(edited.Factors)
	for i := range edited.Factors {
		edited.Factors[i].KgCO2e /= 10
	}
	for _, p := range []**float64{&edited.FossilKgCO2e, &edited.BiogenicKgCO2e} {
		if *p != nil {
			v := **p / 10
			*p = &v
		}
	}
	if u := edited.Uncertainty; u != nil {
		v := *u
		v.LowKgCO2e, v.MedianKgCO2e, v.HighKgCO2e = v.LowKgCO2e/10, v.MedianKgCO2e/10, v.HighKgCO2e/10
		edited.Uncertainty = &v
	}
	content, err := edited.MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.EditCertificateRecord(s.db, edited.ID, func(m map[string]any) { m["content"] = content }); err != nil {
		t.Fatal(err)
	}
	app := s.mustApplyBuyer(t, "GEC-RT49-BUY", edited.Number)
	rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err == nil {
		t.Fatalf("issued %s on supplier %s whose stored figure was lowered under its signature to %g kgCO2e (signed: %g)",
			rec.Certificate().Number, edited.Number, edited.KgCO2e, sup.Certificate().KgCO2e)
	}
	assertCode(t, err, footprint.ECONFLICT)
	if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "suppliers" || !strings.Contains(msg, edited.Number) || !strings.Contains(msg, "签名未通过验证") {
		t.Fatalf("issue on an edited supplier record: %s (field %q), want the supplier named, in both languages", msg, footprint.ErrorField(err))
	}
	// Put back as signed, for Check at cleanup.
	if err := factordb.EditCertificateRecord(s.db, edited.ID, func(m map[string]any) { m["content"] = sup.Signed.Content }); err != nil {
		t.Fatal(err)
	}
}

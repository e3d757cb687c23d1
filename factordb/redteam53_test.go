package factordb_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
)

// Ensure an application (and an issue) of a study stored before one of
// its supplier certificates' records was edited under its signature names
// the real reason (red team 53). The calculation refuses such a supplier
// since red team 52, but a study stored before the edit reached the
// application, which was refused with "study … recalculates under engine
// … to … kgCO2e, not the stored …: store the study again": a message that
// sends the applicant to store the study again, not to the supplier whose
// record fails the service's signature check.
func TestRedteam53_ApplicationNamesTheSupplierFailingItsSignature(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT53-SUP")
	st := s.MustCreateStudy(t, orgMaker2, "GEC-RT53-BUY", func(st *footprint.Study) {
		st.BOM = append(st.BOM, &footprint.BOMLine{Name: "supplied junction box", Quantity: 1, Unit: footprint.MustParseUnit("piece"), Stage: "A1", Supplier: sup.Certificate().Number})
	})
	// An application made before the edit, issued after it.
	before, err := s.apply(ctx, orgMaker2, st.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	edited := lowerTenfold(sup.Certificate())
	editContentUnderSignature(t, s, sup, edited)
	_, err = s.certs.IssueCertificate(ctx, before.ID, issueReq)
	assertCode(t, err, footprint.ECONFLICT)
	if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "suppliers" || !strings.Contains(msg, edited.Number) || !strings.Contains(msg, "签名未通过验证") {
		t.Errorf("issue: %s (field %q), want 409 naming suppliers and %s failing its signature check, in both languages", msg, footprint.ErrorField(err), edited.Number)
	}
	if _, err := s.certs.RejectApplication(ctx, before.ID, []string{"RT53 supplier record fails its signature"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.apply(ctx, orgMaker2, st.ID, uuid.Nil)
	assertCode(t, err, footprint.ECONFLICT)
	msg := footprint.ErrorMessage(err)
	if !strings.Contains(msg, edited.Number) || !strings.Contains(msg, "签名未通过验证") || !strings.Contains(msg, "signature check") || strings.Contains(msg, "store the study again") {
		t.Errorf("application: %s, want the supplier certificate %s named as failing its signature check, in both languages", msg, edited.Number)
	}
	if f := footprint.ErrorField(err); !strings.HasPrefix(f, "bom[") || !strings.HasSuffix(f, ".supplier") {
		t.Errorf("application: field %q, want the BOM line naming the supplier", f)
	}
}

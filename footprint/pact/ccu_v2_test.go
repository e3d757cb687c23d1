package pact_test

import (
	"bytes"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure a PACT 2 document that carries v3's CCU members is read with
// them: a figure stated by the credit approach, or with a credit's
// certification, is refused for a study as in a v3 document, and an
// approach other than a credit is left unread, as v2 defines no such member.
// Before, a v2 document's ccuCalculationApproach was ignored (the member
// is not v2's), so a credit written into a v2 document passed unread
// (red team 69's open item).
func TestCCU_V2DocumentCarryingACredit(t *testing.T) {
	v2 := func(extra string) []byte {
		return bytes.Replace(footprinttest.SupplierPACT2(rt69ID, 1, "0.42"), []byte(`"pCfExcludingBiogenic":"0.42",`), []byte(`"pCfExcludingBiogenic":"0.42",`+extra), 1)
	}
	for name, doc := range map[string][]byte{
		"credit approach":      v2(`"ccuCalculationApproach":"Credit",`),
		"credit certification": v2(`"ccuCreditCertification":"https://registry.example/credit/1",`),
		"another case":         v2(`"CcuCalculationApproach":"Credit",`),
	} {
		s, err := pact.ParseSupplier(doc)
		if err != nil {
			t.Fatalf("%s: %v, want the document read", name, err)
		}
		if err := s.CheckCCUCredit(); footprint.ErrorField(err) != "pact_footprint.pcf.ccuCalculationApproach" {
			t.Errorf("%s: CheckCCUCredit = %v, want refused naming pact_footprint.pcf.ccuCalculationApproach", name, err)
		}
	}
	// A credit in another case is a credit; any other value of a member v2
	// does not define is left unread, so that a v2 document stored with one
	// still reads (reviewer 46: "cut-off" was refused).
	if s, err := pact.ParseSupplier(v2(`"ccuCalculationApproach":"credit",`)); err != nil || footprint.ErrorField(s.CheckCCUCredit()) != "pact_footprint.pcf.ccuCalculationApproach" {
		t.Errorf("\"credit\": %v, want read and refused for use naming pact_footprint.pcf.ccuCalculationApproach", err)
	}
	for name, doc := range map[string][]byte{"cut-off": v2(`"ccuCalculationApproach":"Cut-off",`), "none": v2(""),
		"cut-off in another spelling": v2(`"ccuCalculationApproach":"cut-off",`), "another value": v2(`"ccuCalculationApproach":"n/a",`)} {
		s, err := pact.ParseSupplier(doc)
		if err != nil || s.CheckCCUCredit() != nil {
			t.Errorf("%s: %v / %v, want read and usable", name, err, s.CheckCCUCredit())
		}
	}
}

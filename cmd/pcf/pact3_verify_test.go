package main

import (
	"strings"
	"testing"
)

// Ensure pcf verify --pact says, in Chinese and English, when a supplier's
// PACT document the holder gives states a CCU credit, and does not say
// RESULT CONFIRMED then (exit 1), though the figure is the one the
// certificate was calculated on: the figure nets a credit GB/T 24067 and
// ISO 14067 do not allow, which the service refuses since 2026-12-06. A
// ccuCreditCertification alone states it too. Before, it said RESULT
// CONFIRMED and nothing of the credit.
func TestPACT3_VerifyNamesCCUCredit(t *testing.T) {
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c3e"
	doc := supplierPACTDoc(id, "4.2")
	args, dir := issueWithPACTJunctionBox(t, id, doc, "Module with a junction box from a PACT supplier", "GEC-DEMO-2025-000003")
	expectVerify(t, "cut-off approach", 0, append(args[1:], "--pact", writeFile(t, dir, "jb.json", doc)), "RESULT CONFIRMED")
	for _, tc := range []struct{ name, add, want string }{
		{"credit approach", `"ccuCalculationApproach":"Credit","ccuCreditCertification":"https://registry.example/ccu/77",`, `ccuCalculationApproach "Credit"`},
		{"credit certification alone", `"ccuCreditCertification":"https://registry.example/ccu/78",`, `ccuCreditCertification "https://registry.example/ccu/78"`},
	} {
		credit := strings.Replace(string(doc), `"declaredUnitAmount":"1",`, `"declaredUnitAmount":"1",`+tc.add, 1)
		if credit == string(doc) {
			t.Fatal("no declaredUnitAmount in the document")
		}
		file := writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".json", []byte(credit))
		expectVerify(t, tc.name, 1, append(args[1:], "--pact", file), "RESULT NOT CONFIRMED", "pact:"+id, tc.want,
			"扣除了 CCU 抵扣", "GB/T 24067 与 ISO 14067 不允许", "自 2026-12-06 起拒收",
			"nets a CCU credit", "GB/T 24067 and ISO 14067 do not allow", "the service refuses since 2026-12-06")
		code, out, _ := pcf(t, append([]string{"verify"}, append(args[1:], "--pact", file)...)...)
		if code == 0 || strings.Contains(out, "RESULT CONFIRMED") {
			t.Errorf("%s: exit %d, RESULT CONFIRMED without the caveat:\n%s", tc.name, code, out)
		}
	}
}

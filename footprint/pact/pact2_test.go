package pact_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure the refusal of a footprint by the CCU credit approach says it once
// in each language, "中文。English" with the one "。" between them: its
// Chinese had sentences of their own, so that the upload's answer, and a
// store's refusal quoting it, read from the first "。" on as English held
// most of the Chinese.
func TestPACT2_CCUCreditRefusalInEachLanguageOnce(t *testing.T) {
	doc := bytes.Replace(footprinttest.SupplierPACT3(rt69ID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.5"),
		[]byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","ccuCalculationApproach":"Credit"`), 1)
	s, err := pact.ParseSupplier(doc)
	if err != nil {
		t.Fatal(err)
	}
	err = s.CheckCCUCredit()
	msg := footprint.ErrorMessage(err)
	if footprint.ErrorField(err) != "pact_footprint.pcf.ccuCalculationApproach" || strings.Count(msg, "。") != 1 {
		t.Fatalf("%v: want one 。, between the Chinese and the English", err)
	}
	en := footprinttest.English(t, msg)
	if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.HasPrefix(en, "The footprint is stated by the CCU credit approach") {
		t.Errorf("English half %q: want the English only", en)
	}
}

package pact_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// pact56 (session 56): the PACT items pact55 left open.

// ownExport is this service's own PACT 2 and PACT 3 footprint of a
// certificate of the demo study name (with the test CPC code, which PACT 2
// requires) after mutate, as JSON objects, and the certificate.
func ownExport(t *testing.T, name string, mutate func(*footprint.Study)) (v2, v3 map[string]any, c *certification.Certificate) {
	t.Helper()
	s := MustDemoStudy(t, name, func(s *footprint.Study) {
		withCPC(s)
		if mutate != nil {
			mutate(s)
		}
	})
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	w2, w3 := MustEncode(t, MustFootprint(t, rec, s), nil)
	asMap := func(v any) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(seedtest.MustMarshal(t, v), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	return asMap(w2), asMap(w3), rec.Certificate()
}

// A supplier's PACT footprint that names no IPCC Assessment Report its
// figure is characterized by (v3 ipccCharacterizationFactors; v2
// ipccCharacterizationFactorsSources and the deprecated
// characterizationFactors, each absent, null or empty) was read like one
// naming AR6 (pact55 left it open), although PACT makes them mandatory
// ("MUST be a non-empty set of strings with the format AR$VERSION$") and
// pact55 refuses one naming AR4. Refused naming the member, Chinese first;
// a v2 document naming its report in either member reads. The documents
// are this service's own exports with the members taken out.
func TestPACT56_FootprintNamingNoIPCCReport(t *testing.T) {
	v2, v3, _ := ownExport(t, "pv-module", nil)
	doc := func(fp map[string]any, edit func(pcf map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(seedtest.MustMarshal(t, fp), &m); err != nil {
			t.Fatal(err)
		}
		edit(m["pcf"].(map[string]any))
		return seedtest.MustMarshal(t, m)
	}
	for _, c := range []struct {
		name  string
		fp    map[string]any
		field string
		edit  func(pcf map[string]any)
	}{
		{"v3 absent", v3, "ipccCharacterizationFactors", func(p map[string]any) { delete(p, "ipccCharacterizationFactors") }},
		{"v3 empty", v3, "ipccCharacterizationFactors", func(p map[string]any) { p["ipccCharacterizationFactors"] = []string{} }},
		{"v3 null", v3, "ipccCharacterizationFactors", func(p map[string]any) { p["ipccCharacterizationFactors"] = nil }},
		{"v2 both absent", v2, "ipccCharacterizationFactorsSources", func(p map[string]any) {
			delete(p, "ipccCharacterizationFactorsSources")
			delete(p, "characterizationFactors")
		}},
		{"v2 both empty", v2, "ipccCharacterizationFactorsSources", func(p map[string]any) {
			p["ipccCharacterizationFactorsSources"], p["characterizationFactors"] = []string{}, ""
		}},
	} {
		s, err := pact.ParseSupplier(doc(c.fp, c.edit))
		if err == nil {
			t.Errorf("%s: read at %v kgCO2e per %s, naming no IPCC report", c.name, s.Footprint.KgCO2e, s.Footprint.DeclaredUnit.Symbol)
			continue
		}
		if f := footprint.ErrorField(err); footprint.ErrorCode(err) != footprint.EINVALID || f != "pact_footprint.pcf."+c.field {
			t.Errorf("%s: %s %q, want invalid pact_footprint.pcf.%s (%v)", c.name, footprint.ErrorCode(err), f, c.field, err)
		}
		msg := footprint.ErrorMessage(err)
		if zh, en, ok := strings.Cut(msg, "。the footprint names no IPCC"); !ok || !strings.HasPrefix(zh, "该足迹未列出") || !strings.Contains(en, c.field) {
			t.Errorf("%s: message %q: want the Chinese first, then the English naming %s", c.name, msg, c.field)
		}
	}
	for _, c := range []struct {
		name string
		edit func(pcf map[string]any)
	}{
		{"v2 characterizationFactors alone", func(p map[string]any) { delete(p, "ipccCharacterizationFactorsSources") }},
		{"v2 ipccCharacterizationFactorsSources alone", func(p map[string]any) { delete(p, "characterizationFactors") }},
		{"v2 both", func(map[string]any) {}},
	} {
		if _, err := pact.ParseSupplier(doc(v2, c.edit)); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := pact.ParseSupplier(doc(v3, func(map[string]any) {})); err != nil {
		t.Errorf("v3 as exported: %v", err)
	}
}

package pact_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Red team 21 (PACT exchange): a supplier's PACT footprint that reads one
// way to every PACT reader and another way to the service.
//
// Attack (case-variant member names): JSON member names are case
// sensitive (RFC 8259; PACT's OpenAPI names "status" and
// "pCfExcludingBiogenic", nothing else), but encoding/json, which
// ParseSupplier decodes with, matches a member to a field ignoring case
// and keeps the last one it meets. So a document that carries
// `"status":"Deprecated"` and, after it, `"Status":"Active"` is a
// Deprecated footprint to the supplier, to the WBCSD tools (TypeScript,
// `doc.status`) and to anyone who reads it, and an Active one to the
// service, which refuses Deprecated footprints at upload precisely
// because "its owner replaced it". The same with the figure: a v2
// document stating `"pCfExcludingBiogenic":"20.0"` then
// `"PCfExcludingBiogenic":"2.0"` is the supplier's 20.0 to every reader
// and 2.0 in the study, the certificate and its supplier list (pcf verify
// reads it with the same parser, so the recomputation agrees with the
// service, not with the document). A manufacturer who forwards the
// supplier's genuine document with one member appended, or a supplier's
// host that serves it, gets a replaced footprint, or a tenth of its
// figure, into a certificate while the document, compared member by member
// with the supplier's, still says what the supplier said.
//
// Attack (envelope beside a footprint): ParseSupplier takes a "data"
// object as GetFootprint's envelope and reads it instead of the document,
// without asking whether the document is a footprint itself. A document
// that is the supplier's Deprecated footprint (id, status, figure 20.0)
// with a "data" member holding an Active one of 2.0 is read as the
// latter.
//
// A correct parser reads PACT's members by their exact names and refuses
// a document with a member that differs from one only by case (ambiguous:
// readers disagree), and refuses a document that is both a footprint and
// an envelope; failing that, it reads exactly what PACT readers read
// (Deprecated: refused; the figure 20.0).
func TestRedteam21_SupplierDocumentReadOtherwiseThanItSays(t *testing.T) {
	const id = "7c1f4a2e-4c1d-4a8e-9d0f-3c2b1a0e9f8d"
	base := footprinttest.SupplierPACT2(id, 1, "20.0")
	replace := func(old, new string) []byte {
		t.Helper()
		if !bytes.Contains(base, []byte(old)) {
			t.Fatalf("the base document has no %s", old)
		}
		return bytes.Replace(base, []byte(old), []byte(new), 1)
	}
	envelope := func() []byte {
		active := footprinttest.SupplierPACT2(id, 2, "2.0")
		var top map[string]any
		if err := json.Unmarshal(replace(`"status":"Active"`, `"status":"Deprecated"`), &top); err != nil {
			t.Fatal(err)
		}
		top["data"] = json.RawMessage(active)
		b, err := json.Marshal(top)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		doc  []byte
	}{
		{"Deprecated, then Status Active", replace(`"status":"Active"`, `"status":"Deprecated","Status":"Active"`)},
		{"20.0, then PCfExcludingBiogenic 2.0", replace(`"pCfExcludingBiogenic":"20.0"`, `"pCfExcludingBiogenic":"20.0","PCfExcludingBiogenic":"2.0"`)},
		{"a Deprecated footprint with an Active one in data", envelope()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// What a PACT reader that matches names exactly sees.
			var plain struct{ Status string }
			var m map[string]json.RawMessage
			if err := json.Unmarshal(tc.doc, &m); err != nil {
				t.Fatal(err)
			}
			_ = json.Unmarshal(m["status"], &plain.Status)
			var pcf map[string]json.RawMessage
			_ = json.Unmarshal(m["pcf"], &pcf)
			var figure string
			_ = json.Unmarshal(pcf["pCfExcludingBiogenic"], &figure)

			s, err := pact.ParseSupplier(tc.doc)
			if err != nil {
				return // refused: the document is ambiguous
			}
			if plain.Status != "Active" {
				t.Errorf("accepted as Active (%v kgCO2e/kg) a document whose status member says %q", s.Footprint.KgCO2e, plain.Status)
			}
			if figure != "20.0" || s.Footprint.KgCO2e != 20.0 {
				t.Errorf("the document states pCfExcludingBiogenic %q; the service reads %v kgCO2e/kg", figure, s.Footprint.KgCO2e)
			}
		})
	}
}

package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// Red team 19 (web and access): the PACT parsers' errors.
//
// Attack (errors leaking internals): a PACT partner (a buyer abroad, who
// holds no more than a partner key) posts a RequestCreated event, or a
// manufacturer uploads a supplier's PACT footprint, with a member of the
// wrong JSON type. The PACT parsers (footprint/pact event.go, supplier.go)
// pass encoding/json's message through, which prints the server's Go
// types: "cannot unmarshal number into Go struct field .pf.pcf of type
// struct { GeographyCountry string "json:\"geographyCountry\"" }", and for
// a supplier footprint the whole anonymous struct of its pcf member, every
// field and tag (some 700 characters). The JSON API's own binder
// (jsonBindError) words the same errors for a JSON client ("want a JSON
// object, got JSON number", naming the field); the PACT routes do not.
//
// A correct service words these errors without Go types or struct
// definitions, naming the member at fault.
func TestRedteam19_PACTErrorsShowNoGoTypes(t *testing.T) {
	st := newSeededStack(t)
	leaks := func(body string) bool {
		return strings.Contains(body, "Go struct") || strings.Contains(body, "struct {") || strings.Contains(body, `json:\"`)
	}
	for _, tc := range []struct {
		name, names string
		r           request
	}{
		{"v2 RequestCreated", "data.pf.pcf: want an object, got number", request{method: "POST", target: "https://pcf.test/2/events", as: asMaker, contentType: "application/cloudevents+json; charset=UTF-8",
			body: []byte(`{"type":"org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1","specversion":"1.0","id":"1","source":"//buyer.test","time":"2026-03-02T08:00:00Z","data":{"pf":{"pcf":5}}}`)}},
		{"v3 RequestCreated", "data.productId: want an array, got number", request{method: "POST", target: "https://pcf.test/3/events", as: asMaker, contentType: "application/cloudevents+json; charset=UTF-8",
			body: []byte(`{"type":"org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3","specversion":"1.0","id":"1","source":"//buyer.test","time":"2026-03-02T08:00:00Z","data":{"productId":5}}`)}},
		{"supplier footprint", "pcf: want a JSON object, got JSON string", request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json",
			body: []byte(`{"pcf":"x"}`)}},
	} {
		rec := st.do(t, tc.r)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400: %.300s", tc.name, rec.Code, rec.Body)
		}
		if !strings.Contains(rec.Body.String(), tc.names) {
			t.Errorf("%s: the error does not name %s: %.400s", tc.name, tc.names, rec.Body)
		}
		if leaks(rec.Body.String()) {
			t.Errorf("%s: the error shows the server's Go types (%d bytes): %.400s", tc.name, rec.Body.Len(), rec.Body)
		}
	}
}

// Attack (a supply chain read off the public pages): supplier lists are
// private (PRODUCT.md principle 7; the verify answer's supplier_alerts
// name no supplier, docs/api.md "Supplier flags"). But a flagged
// certificate's public alert carries the instant of the supplier's status
// change to the nanosecond (supplier_alerts[].at, the flag's time, which
// is the supplier's transaction's), and the supplier's own public answer
// carries that instant too (status_since, to the second). Anyone who reads
// the registry (every suspended, withdrawn and superseded certificate, by
// status) and the verify answers of the flagged ones pairs them: here the
// buyer's module certificate (Other Maker Ltd.) is shown to be built on
// the demo certificate of Demo Module Co., the one certificate whose
// status changed in that second with that status. Status changes are rare
// events, so one match names the supplier.
//
// A correct service gives the public no time that pairs a flagged
// certificate with its supplier's status change (the alert says that a
// supplier certificate changed status, and since when the certificate is
// under review at the coarsest, never the supplier's instant).

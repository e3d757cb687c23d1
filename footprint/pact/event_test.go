package pact_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

func event(typ, data string) []byte {
	return []byte(`{"type":"` + typ + `","specversion":"1.0","id":"test-run-id-12345","source":"https://webhook.example.com","time":"2023-05-19T10:30:00Z","data":` + data + `}`)
}

// Ensure the envelope checks name the attribute, that a type of the other
// version is refused with a pointer to its route, and that an unknown type
// is NotImplemented.
func TestParseEvent(t *testing.T) {
	ok := map[string]string{
		pact.EventPublishedV2: pact.KindPublished, pact.EventCreatedV2: pact.KindCreated,
		pact.EventFulfilledV2: pact.KindFulfilled, pact.EventRejectedV2: pact.KindRejected,
	}
	for typ, kind := range ok {
		if _, got, err := pact.ParseEvent(2, event(typ, `{}`)); err != nil || got != kind {
			t.Errorf("%s: kind %q err %v", typ, got, err)
		}
	}
	if _, kind, err := pact.ParseEvent(3, event(pact.EventCreatedV3, `{}`)); err != nil || kind != pact.KindCreated {
		t.Errorf("v3 created: kind %q err %v", kind, err)
	}
	for _, tt := range []struct {
		name    string
		version int
		body    string
		code    string
		field   string
	}{
		{"not JSON", 2, `{"type":`, footprint.EINVALID, ""},
		{"null", 3, ` null `, footprint.EINVALID, ""},
		{"specversion", 2, `{"type":"` + pact.EventPublishedV2 + `","specversion":"0.3","id":"x","source":"s","time":"2023-05-19T10:30:00Z","data":{}}`, footprint.EINVALID, "specversion"},
		{"no id", 2, `{"type":"` + pact.EventPublishedV2 + `","specversion":"1.0","source":"s","time":"2023-05-19T10:30:00Z","data":{}}`, footprint.EINVALID, "id"},
		{"no source", 2, `{"type":"` + pact.EventPublishedV2 + `","specversion":"1.0","id":"x","time":"2023-05-19T10:30:00Z","data":{}}`, footprint.EINVALID, "source"},
		{"bad time", 2, `{"type":"` + pact.EventPublishedV2 + `","specversion":"1.0","id":"x","source":"s","time":"noon","data":{}}`, footprint.EINVALID, "time"},
		{"data not object", 2, `{"type":"` + pact.EventPublishedV2 + `","specversion":"1.0","id":"x","source":"s","time":"2023-05-19T10:30:00Z","data":[1]}`, footprint.EINVALID, "data"},
		{"v3 type on v2", 2, string(event(pact.EventPublishedV3, `{}`)), footprint.EINVALID, "type"},
		{"unknown type", 3, string(event("com.example.Other", `{}`)), footprint.ENOTIMPLEMENTED, "type"},
	} {
		_, _, err := pact.ParseEvent(tt.version, []byte(tt.body))
		if footprint.ErrorCode(err) != tt.code || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s: err %v, want %s on %q", tt.name, err, tt.code, tt.field)
		}
	}
}

// Ensure a Published event with unknown but well-formed IDs is accepted,
// and a non-UUID ID (the conformance tool sends a GTIN URN) is not.
func TestParsePublished(t *testing.T) {
	e, _, err := pact.ParseEvent(2, event(pact.EventPublishedV2, `{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pact.ParsePublished(e); err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{`{"pfIds":["urn:gtin:4712345060507"]}`, `{"pfIds":[]}`, `{"pfIds":"x"}`} {
		e, _, _ := pact.ParseEvent(2, event(pact.EventPublishedV2, data))
		if _, err := pact.ParsePublished(e); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: err %v, want EINVALID", data, err)
		}
	}
}

// Ensure requests become filters: a v2 fragment (active footprints of its
// productIds and the like) and the v3 criteria.
func TestParseRequest(t *testing.T) {
	e, _, _ := pact.ParseEvent(2, event(pact.EventCreatedV2, `{"pf":{"productIds":["urn:gtin:1"],"productCategoryCpc":"46","pcf":{"geographyCountry":"CN"}},"comment":"please"}`))
	r, err := pact.ParseRequest(2, e)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Filter.String(), "productId in [urn:gtin:1] and geography in [CN] and classification in [urn:cpc:46] and status Active"; got != want || r.Comment != "please" {
		t.Errorf("filter %q comment %q, want %q", got, r.Comment, want)
	}
	e, _, _ = pact.ParseEvent(3, event(pact.EventCreatedV3, `{"productId":["urn:gtin:1"],"geography":["DE"],"validAfter":"2025-01-01T00:00:00Z"}`))
	if r, err = pact.ParseRequest(3, e); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Filter.String(), "productId in [urn:gtin:1] and geography in [DE] and validAfter 2025-01-01T00:00:00Z"; got != want {
		t.Errorf("filter %q, want %q", got, want)
	}
	for _, tt := range []struct {
		version int
		typ     string
		data    string
	}{
		{2, pact.EventCreatedV2, `{"comment":"no fragment"}`},
		{2, pact.EventCreatedV2, `{"pf":{"productDescription":"nothing to match"}}`},
		{2, pact.EventCreatedV2, `{"pf":{"productIds":"x"}}`},
		{3, pact.EventCreatedV3, `{"validOn":"soon"}`},
	} {
		e, _, _ := pact.ParseEvent(tt.version, event(tt.typ, tt.data))
		if _, err := pact.ParseRequest(tt.version, e); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: err %v, want EINVALID", tt.data, err)
		}
	}
}

// Ensure a wrongly typed member of a request's or an answer's data is
// named by its path under data, an array's element by its index
// (jsonerr.Locate).
func TestParseRequest_TypeErrorNamesElement(t *testing.T) {
	for _, tt := range []struct {
		version   int
		typ, data string
		field     string
	}{
		{2, pact.EventCreatedV2, `{"pf":{"productIds":["urn:gtin:1",5]}}`, "data.pf.productIds[1]"},
		{2, pact.EventCreatedV2, `{"pf":{"productIds":"x"}}`, "data.pf.productIds"},
		{2, pact.EventCreatedV2, `{"pf":{"pcf":{"geographyCountry":["CN"]}}}`, "data.pf.pcf.geographyCountry"},
		{3, pact.EventCreatedV3, `{"geography":["DE",{}]}`, "data.geography[1]"},
	} {
		e, _, err := pact.ParseEvent(tt.version, event(tt.typ, tt.data))
		if err != nil {
			t.Fatal(err)
		}
		_, err = pact.ParseRequest(tt.version, e)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s: err %v (field %q), want EINVALID on %s", tt.data, err, footprint.ErrorField(err), tt.field)
		}
	}
	e, _, err := pact.ParseEvent(2, event(pact.EventFulfilledV2, `{"requestEventId":"r","pfs":[{}],"error":{"code":"x","message":["m"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := pact.ParseAnswer(pact.KindFulfilled, e); footprint.ErrorField(err) != "data.error.message" {
		t.Errorf("answer: err %v (field %q), want data.error.message", err, footprint.ErrorField(err))
	}
}

// Ensure the answers we send validate against the official event schemas:
// Fulfilled with footprints, Rejected with an error, both naming the
// request.
func TestAnswer_ValidatesAgainstSpec(t *testing.T) {
	sch := MustSchemas(t)
	s := MustDemoStudy(t, "pv-module", withCPC)
	f := MustFootprint(t, MustRecord(t, s, uuid.Nil, certification.CertificateValid), s)
	v2, v3 := MustEncode(t, f, sch)
	now := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	for v, pf := range map[int]any{2: v2, 3: v3} {
		typ := map[int]string{2: pact.EventCreatedV2, 3: pact.EventCreatedV3}[v]
		req, _, err := pact.ParseEvent(v, event(typ, `{"pf":{"productIds":["x"]}}`))
		if err != nil {
			t.Fatal(err)
		}
		ful, err := pact.Answer(v, req, uuid.NewString(), "//pcf.example.cn", now, []any{pf})
		if err != nil {
			t.Fatal(err)
		}
		MustValidate(t, sch[v].fulfilled, ful)
		rej, err := pact.Answer(v, req, uuid.NewString(), "//pcf.example.cn", now, nil)
		if err != nil {
			t.Fatal(err)
		}
		MustValidate(t, sch[v].rejected, rej)
		for _, ev := range []*pact.Event{ful, rej} {
			var d struct {
				RequestEventID string `json:"requestEventId"`
			}
			if err := json.Unmarshal(ev.Data, &d); err != nil || d.RequestEventID != "test-run-id-12345" {
				t.Errorf("%s: requestEventId %q (%v)", ev.Type, d.RequestEventID, err)
			}
		}
		if ful.Type != pact.EventType(v, pact.KindFulfilled) || rej.Type != pact.EventType(v, pact.KindRejected) {
			t.Errorf("types %s, %s", ful.Type, rej.Type)
		}
		// The request itself, as a partner would send it, is valid too.
		MustValidate(t, sch[v].created, json.RawMessage(event(typ, `{"pf":{"productIds":["urn:x:1"]},"productId":["urn:x:1"]}`)))
		MustValidate(t, sch[v].published, json.RawMessage(event(pact.EventType(v, pact.KindPublished), `{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}`)))
	}
}

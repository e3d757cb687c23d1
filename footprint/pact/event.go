package pact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
	"github.com/google/uuid"
)

// Event types of PACT v2 (which keeps the pathfinder names) and v3.
const (
	EventPublishedV2 = "org.wbcsd.pathfinder.ProductFootprint.Published.v1"
	EventCreatedV2   = "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1"
	EventFulfilledV2 = "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1"
	EventRejectedV2  = "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1"

	EventPublishedV3 = "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"
	EventCreatedV3   = "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"
	EventFulfilledV3 = "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3"
	EventRejectedV3  = "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3"
)

// Event kinds, the same in both versions.
const (
	KindPublished = "published"
	KindCreated   = "created"
	KindFulfilled = "fulfilled"
	KindRejected  = "rejected"
)

// EventKind returns the kind of an event type of a specification major
// version (2 or 3), "" for a type that version does not define.
func EventKind(version int, typ string) string {
	types := map[string]string{EventPublishedV2: KindPublished, EventCreatedV2: KindCreated, EventFulfilledV2: KindFulfilled, EventRejectedV2: KindRejected}
	if version == 3 {
		types = map[string]string{EventPublishedV3: KindPublished, EventCreatedV3: KindCreated, EventFulfilledV3: KindFulfilled, EventRejectedV3: KindRejected}
	}
	return types[typ]
}

// EventType returns the type of an event kind in a version.
func EventType(version int, kind string) string {
	v2 := map[string]string{KindPublished: EventPublishedV2, KindCreated: EventCreatedV2, KindFulfilled: EventFulfilledV2, KindRejected: EventRejectedV2}
	v3 := map[string]string{KindPublished: EventPublishedV3, KindCreated: EventCreatedV3, KindFulfilled: EventFulfilledV3, KindRejected: EventRejectedV3}
	if version == 3 {
		return v3[kind]
	}
	return v2[kind]
}

// Event is a CloudEvents 1.0 event in structured JSON mode
// (application/cloudevents+json), as PACT exchanges them.
type Event struct {
	Type        string          `json:"type"`
	SpecVersion string          `json:"specversion"`
	ID          string          `json:"id"`
	Source      string          `json:"source"`
	Time        string          `json:"time"`
	Data        json.RawMessage `json:"data"`
}

// MaxEventBytes bounds an event body: a request or a notification is small;
// a Fulfilled event with many footprints is larger, but we only receive
// those to acknowledge them.
const MaxEventBytes = 1 << 20

// MaxEventIDLen bounds an event's id (PACT's are UUIDs): the service keys
// the answer of each request by it, one answer per request.
const MaxEventIDLen = 1024

// ParseEvent reads and checks the envelope of an event for a
// specification major version: the CloudEvents attributes PACT requires
// (type, specversion 1.0, id, source, time, data) and a known type. It
// returns EINVALID naming the attribute, and ENOTIMPLEMENTED for a type the
// version does not define.
func ParseEvent(version int, b []byte) (*Event, string, error) {
	var e Event
	if string(bytes.TrimSpace(b)) == "null" { // json.Decode takes null as an empty object
		return nil, "", footprint.Errorf(footprint.EINVALID, "the event must be a JSON object, not null")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&e); err != nil {
		return nil, "", malformed("the event is not a JSON object", err, b, &e, "")
	}
	if dec.More() {
		return nil, "", footprint.Errorf(footprint.EINVALID, "the event has trailing data")
	}
	switch {
	case e.SpecVersion != "1.0":
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "specversion", "specversion must be \"1.0\" (CloudEvents 1.0), not %q", truncate(e.SpecVersion))
	case strings.TrimSpace(e.ID) == "":
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "id", "the event has no id")
	case len(e.ID) > MaxEventIDLen:
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "id", "the event id is longer than %d bytes", MaxEventIDLen)
	case strings.TrimSpace(e.Source) == "":
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "source", "the event has no source")
	case e.Type == "":
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "type", "the event has no type")
	case e.Time == "":
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "time", "the event has no time")
	}
	if _, err := time.Parse(time.RFC3339Nano, e.Time); err != nil {
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "time", "invalid time %q: want RFC 3339", truncate(e.Time))
	}
	if len(bytes.TrimSpace(e.Data)) == 0 || bytes.TrimSpace(e.Data)[0] != '{' {
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "data", "the event data must be a JSON object")
	}
	kind := EventKind(version, e.Type)
	if kind == "" {
		other := 3
		if version == 3 {
			other = 2
		}
		if EventKind(other, e.Type) != "" {
			return nil, "", footprint.FieldErrorf(footprint.EINVALID, "type", "event type %q belongs to PACT v%d: send it to /%d/events", truncate(e.Type), other, other)
		}
		return nil, "", footprint.FieldErrorf(footprint.ENOTIMPLEMENTED, "type", "event type %q is not supported", truncate(e.Type))
	}
	return &e, kind, nil
}

// PublishedData is the data of a Published event.
type PublishedData struct {
	PfIDs []string `json:"pfIds"`
}

// ParsePublished checks a Published event's data: pfIds must be UUIDs
// (EINVALID otherwise). IDs we do not know are fine: the notification is
// acknowledged, not acted on.
func ParsePublished(e *Event) (*PublishedData, error) {
	var d PublishedData
	if err := json.Unmarshal(e.Data, &d); err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "data.pfIds", "pfIds must be an array of footprint IDs (UUIDs)")
	}
	if len(d.PfIDs) == 0 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "data.pfIds", "pfIds must name at least one footprint")
	}
	for i, id := range d.PfIDs {
		if _, err := uuid.Parse(id); err != nil || len(id) != 36 {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("data.pfIds[%d]", i), "%q is not a footprint ID (a UUID)", truncate(id))
		}
	}
	return &d, nil
}

// Request is what a RequestCreated event asks for: a v2 footprint
// fragment or a v3 filter, reduced to one Filter.
type Request struct {
	Filter  *Filter
	Comment string
}

// ParseRequest reads a RequestCreated event's criteria. v2 sends a
// ProductFootprint fragment (data.pf) whose productIds, companyIds,
// productClassifications, productCategoryCpc and pcf.geographyCountry
// are matched (other fields are not criteria we can apply and are
// ignored); v3 sends the ListFootprints filters. It returns EINVALID, naming
// the field, when the data is malformed or asks for nothing in particular.
func ParseRequest(version int, e *Event) (*Request, error) {
	if version == 3 {
		var d struct {
			ProductID      []string `json:"productId"`
			CompanyID      []string `json:"companyId"`
			Geography      []string `json:"geography"`
			Classification []string `json:"classification"`
			ValidOn        string   `json:"validOn"`
			ValidAfter     string   `json:"validAfter"`
			ValidBefore    string   `json:"validBefore"`
			Status         string   `json:"status"`
			Comment        string   `json:"comment"`
		}
		if err := json.Unmarshal(e.Data, &d); err != nil {
			return nil, malformed("malformed request criteria", err, e.Data, &d, "data")
		}
		q := map[string][]string{"productId": d.ProductID, "companyId": d.CompanyID, "geography": d.Geography, "classification": d.Classification,
			"validOn": {d.ValidOn}, "validAfter": {d.ValidAfter}, "validBefore": {d.ValidBefore}, "status": {d.Status}}
		f, err := ParseFilter(q)
		if err != nil {
			return nil, err
		}
		return &Request{Filter: f, Comment: d.Comment}, nil
	}
	var d struct {
		PF *struct {
			ProductIDs             []string `json:"productIds"`
			CompanyIDs             []string `json:"companyIds"`
			ProductClassifications []string `json:"productClassifications"`
			ProductCategoryCpc     string   `json:"productCategoryCpc"`
			PCF                    *struct {
				GeographyCountry string `json:"geographyCountry"`
			} `json:"pcf"`
		} `json:"pf"`
		Comment string `json:"comment"`
	}
	if err := json.Unmarshal(e.Data, &d); err != nil {
		return nil, malformed("malformed footprint fragment", err, e.Data, &d, "data")
	}
	if d.PF == nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "data.pf", "the request names no footprint fragment (data.pf)")
	}
	f := &Filter{ProductIDs: d.PF.ProductIDs, CompanyIDs: d.PF.CompanyIDs, Classifications: d.PF.ProductClassifications, Status: string(StatusActive)}
	if d.PF.ProductCategoryCpc != "" {
		f.Classifications = append(f.Classifications, "urn:cpc:"+d.PF.ProductCategoryCpc)
	}
	if d.PF.PCF != nil && d.PF.PCF.GeographyCountry != "" {
		f.Geographies = []string{d.PF.PCF.GeographyCountry}
	}
	if len(f.ProductIDs)+len(f.CompanyIDs)+len(f.Classifications)+len(f.Geographies) == 0 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "data.pf", "the footprint fragment names no productIds, companyIds, productClassifications, productCategoryCpc or pcf.geographyCountry to match")
	}
	return &Request{Filter: f, Comment: d.Comment}, nil
}

// ParseAnswer checks the data of a Fulfilled or Rejected event: a
// requestEventId, and pfs (Fulfilled) or an error with a code and a
// message (Rejected). Returns EINVALID naming the field.
func ParseAnswer(kind string, e *Event) error {
	var d struct {
		RequestEventID string            `json:"requestEventId"`
		Pfs            []json.RawMessage `json:"pfs"`
		Error          *ErrorBody        `json:"error"`
	}
	if err := json.Unmarshal(e.Data, &d); err != nil {
		return malformed("malformed event data", err, e.Data, &d, "data")
	}
	switch {
	case d.RequestEventID == "":
		return footprint.FieldErrorf(footprint.EINVALID, "data.requestEventId", "the event names no requestEventId")
	case kind == KindFulfilled && len(d.Pfs) == 0:
		return footprint.FieldErrorf(footprint.EINVALID, "data.pfs", "a Fulfilled event carries at least one footprint")
	case kind == KindRejected && (d.Error == nil || d.Error.Code == "" || d.Error.Message == ""):
		return footprint.FieldErrorf(footprint.EINVALID, "data.error", "a Rejected event carries an error with a code and a message")
	}
	return nil
}

// ErrorBody is a PACT error: a code and a message.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Answer returns the event that answers a request: Fulfilled with the
// footprints (v2 or v3 values) when there are any, Rejected with
// NotFound otherwise (Reject). id is the new event's ID, source ours.
func Answer(version int, request *Event, id, source string, now time.Time, pfs []any) (*Event, error) {
	if len(pfs) == 0 {
		return Reject(version, request, id, source, now, ErrorBody{Code: "NotFound", Message: "no footprint the requester may see matches the request"})
	}
	return answer(version, KindFulfilled, id, source, now, struct {
		RequestEventID string `json:"requestEventId"`
		Pfs            []any  `json:"pfs"`
	}{request.ID, pfs})
}

// Published returns the Published event (v2
// org.wbcsd.pathfinder.ProductFootprint.Published.v1, v3
// org.wbcsd.pact.ProductFootprint.PublishedEvent.3) that tells a data
// recipient the footprints pfIDs were updated: data.pfIds in both
// versions. id is the event's ID, source ours, at the time of the change.
func Published(version int, id, source string, at time.Time, pfIDs []string) (*Event, error) {
	return answer(version, KindPublished, id, source, at, PublishedData{PfIDs: pfIDs})
}

// Reject returns the Rejected event that answers a request with error e.
func Reject(version int, request *Event, id, source string, now time.Time, e ErrorBody) (*Event, error) {
	return answer(version, KindRejected, id, source, now, struct {
		RequestEventID string    `json:"requestEventId"`
		Error          ErrorBody `json:"error"`
	}{request.ID, e})
}

func answer(version int, kind, id, source string, now time.Time, data any) (*Event, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("encode event data: %w", err)
	}
	return &Event{Type: EventType(version, kind), SpecVersion: "1.0", ID: id, Source: source, Time: timeString(now), Data: b}, nil
}

// malformed returns EINVALID for err, encoding/json's error decoding
// document b into v at path prefix, worded by jsonerr (the member, an
// array's element by its index, and the JSON type it wants, never the
// server's Go types: red team 19) after what.
func malformed(what string, err error, b []byte, v any, prefix string) error {
	msg, field := jsonerr.Message(what, jsonerr.Locate(err, b, v), prefix)
	return footprint.FieldErrorf(footprint.EINVALID, field, "%s", msg)
}

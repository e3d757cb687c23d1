package pact

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Store is everything the PACT exchange keeps: the suppliers' footprints,
// the holders' shares, the suppliers' PACT hosts manufacturers fetch from,
// and the asynchronous answers still to be delivered.
type Store interface {
	SupplierStore
	ShareStore
	EndpointStore
	Outbox
	CPCStore
	Index
}

// Endpoint is a supplier's PACT host a manufacturer registered, with the
// client credentials the supplier gave it. The secret is kept to
// authenticate there and is never shown again.
type Endpoint struct {
	Name         string // chosen by the manufacturer, unique among its endpoints
	Owner        string // the manufacturer's organisation
	URL          string // https base URL: URL + "/auth/token", URL + "/3/footprints/{id}"
	ClientID     string
	ClientSecret string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

var endpointNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// Validate returns EINVALID, naming the field, for a malformed endpoint.
func (e *Endpoint) Validate() error {
	if !endpointNameRe.MatchString(e.Name) {
		return footprint.FieldErrorf(footprint.EINVALID, "name", "endpoint name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
	}
	if err := ValidateBaseURL("url", e.URL); err != nil {
		return err
	}
	if strings.TrimSpace(e.ClientID) == "" || len(e.ClientID) > 256 || strings.ContainsAny(e.ClientID, ":\r\n") {
		return footprint.FieldErrorf(footprint.EINVALID, "client_id", "client_id must be 1-256 characters without ':' or line breaks")
	}
	if e.ClientSecret == "" || len(e.ClientSecret) > 1024 || strings.ContainsAny(e.ClientSecret, "\r\n") {
		return footprint.FieldErrorf(footprint.EINVALID, "client_secret", "client_secret must be 1-1024 characters without line breaks")
	}
	return nil
}

// ValidateBaseURL returns EINVALID naming field unless s is an https base
// URL without credentials, query or fragment.
func ValidateBaseURL(field, s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || u.Opaque != "" {
		return footprint.FieldErrorf(footprint.EINVALID, field, "%q: want an https base URL such as https://supplier.example.com", s)
	}
	return nil
}

// EndpointStore keeps the manufacturers' supplier endpoints. The caller is
// the context's principal; it sees only its own endpoints.
type EndpointStore interface {
	// SaveEndpoint registers an endpoint, or replaces the URL and
	// credentials of the caller's endpoint of that name (created false).
	// Returns EINVALID for a malformed one.
	SaveEndpoint(ctx context.Context, e *Endpoint) (created bool, err error)

	// FindEndpoint returns the caller's endpoint; ENOTFOUND if it has none
	// of that name.
	FindEndpoint(ctx context.Context, name string) (*Endpoint, error)

	// FindEndpoints lists the caller's endpoints, by name.
	FindEndpoints(ctx context.Context) ([]*Endpoint, error)
}

// Answer states of the outbox.
const (
	AnswerPending   = "pending"
	AnswerDelivered = "delivered"
	AnswerGivenUp   = "given-up"
)

// Audit actions of the exchange.
const (
	AuditAnswerQueued    = "pact-answer.queue"    // an asynchronous answer was accepted for delivery
	AuditAnswerDelivered = "pact-answer.deliver"  // and delivered
	AuditAnswerGivenUp   = "pact-answer.give-up"  // or abandoned after its retry period
	AuditEndpointSave    = "pact-endpoint.save"   // a manufacturer registered a supplier's PACT host
	AuditFootprintFetch  = "pact-footprint.fetch" // and fetched a footprint from it
	// AuditFootprintRecheck: the periodic re-read of a fetched footprint
	// found its host no longer serving it as stored, or serving it so
	// again (actor "system").
	AuditFootprintRecheck = "pact-footprint.recheck"
)

// What a fetched footprint's host answered the periodic re-read
// (HostAnswer.Kind).
const (
	HostSame        = "same"        // the footprint as stored
	HostChanged     = "changed"     // another document under the id and version, or one failing the checks
	HostWithdrawn   = "withdrawn"   // no such footprint (404)
	HostUnreachable = "unreachable" // no answer, or the host cannot be asked
)

// HostAnswer is what the host a footprint was fetched from answered when
// the footprint was asked for again for the certificates resting on it.
type HostAnswer struct {
	Owner   string    // organisation that stored (fetched) it
	ID      uuid.UUID // the footprint
	Version int       // the version the certificates' studies used
	Source  string    // the URL it was fetched from
	Kind    string    // HostSame, HostChanged, HostWithdrawn or HostUnreachable
	// What the host answered, in both languages ("" for HostSame).
	DetailZH, DetailEN string
}

// OutboxAnswer is an asynchronous answer (a Fulfilled or Rejected event)
// waiting to be delivered to the requester's PACT host, or a Published
// event telling a host that received footprints in a Fulfilled answer
// that they changed (PfIDs set). It is stored, so a restart resumes its
// delivery.
type OutboxAnswer struct {
	ID        string // the answer event's id
	RequestID string // the request event's id ("" for a Published event)
	// Requester is the organisation that sent the request; of a
	// Published event, the organisation the host is bound to
	// (PACTCallback.Organization), "" for an unbound host.
	Requester string
	// Bound: the host is bound to the requester (it received the
	// answer as the requester's own host), so that a Published event
	// about what it received goes there with the same credentials.
	Bound      bool
	Version    int             // 2 or 3: the events path
	Target     string          // base URL of the requester's host, from the allow-list
	Type       string          // the answer's event type
	Event      json.RawMessage // the event, as it is sent ("" for a Published event, written when sent)
	Footprints int             // how many footprints it carries
	// PfIDs are the footprints a Published event names, in ID order:
	// those whose served status (Served) changed in one transaction, of
	// those the host received.
	PfIDs       []string
	CreatedAt   time.Time // of a Published event, the time of the change (its event's time)
	Deadline    time.Time // no attempt after this (zero: RetryFor after the first attempt)
	NextAt      time.Time // the next attempt
	Attempts    int
	LastError   string
	State       string // AnswerPending, AnswerDelivered, AnswerGivenUp
	CompletedAt time.Time
}

// MaxPendingAnswers is the most answers one requester (an organisation of
// the service) may have pending delivery at once. Every RequestCreated
// event with a new id queued an answer of up to PACTConfig.MaxAnswer
// footprints, kept with its event body, and the outbox worker reads every
// pending answer on each pass (red team 64: one partner's key sending
// requests under new ids to a callback host that does not answer filled
// the database with megabytes an event, and slowed every other
// requester's answers). A requester with this many is refused at once
// until some are delivered or given up.
const MaxPendingAnswers = 100

// Outbox keeps the asynchronous answers until they are delivered or given
// up.
type Outbox interface {
	// QueueAnswer stores a new pending answer, with an audit event.
	// Returns ECONFLICT if an answer with its ID is stored, and when its
	// requester has MaxPendingAnswers answers pending already.
	QueueAnswer(ctx context.Context, a *OutboxAnswer) error

	// AnswerQueued reports whether an answer to request requestID of
	// requester, to target in PACT version, was queued already (QueueAnswer
	// would store none), so that a request sent again is not worked out
	// again.
	AnswerQueued(ctx context.Context, requester, target string, version int, requestID string) (bool, error)

	// DueAnswers returns up to limit pending answers whose NextAt is not
	// after now, earliest first, and the earliest NextAt of the pending
	// answers left (zero when none).
	DueAnswers(ctx context.Context, now time.Time, limit int) ([]*OutboxAnswer, time.Time, error)

	// UpdateAnswer stores an attempt's outcome: still pending (attempts,
	// last error and next time), delivered or given up (audited; the
	// answer is kept, no longer pending, without its event: the state,
	// attempts and last error stay). Returns ENOTFOUND for an answer not
	// stored.
	UpdateAnswer(ctx context.Context, a *OutboxAnswer) error

	// FindAnswer returns an answer by ID; ENOTFOUND if none.
	FindAnswer(ctx context.Context, id string) (*OutboxAnswer, error)

	// OutboxQueued receives (without blocking the store) when a change
	// committed queued a Published event, so that the worker delivering
	// the outbox need not wait for its next round. UpdateAnswer of a
	// delivered Fulfilled answer records which footprints went to which
	// host; a later change of their served status (Served: a
	// certificate's status or flags, its keys' alerts, a restore), in the
	// transaction that makes it, queues one Published event per host
	// and PACT version naming those it received.
	OutboxQueued() <-chan struct{}
}

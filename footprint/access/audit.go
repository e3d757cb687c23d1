package access

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// AuditEvent records one state change: who did what to which record, when.
// Its JSON form is the same in the API's answers and in the store.
type AuditEvent struct {
	ID      uuid.UUID `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"` // organisation, or "system"
	Role    Role      `json:"role,omitempty"`
	KeyID   string    `json:"key_id,omitempty"`
	Action  string    `json:"action"`           // e.g. "certificate.issue"; see the Audit* constants
	Subject string    `json:"subject"`          // "certificate/<uuid>", "application/<uuid>", "study/<id>", "factor-set/<version>"
	Detail  string    `json:"detail,omitempty"` // human-readable detail: reasons, new status, numbers

	// The hash chain (ChainDigest), set when the event is stored; never
	// empty in a stored event (omitempty: a record written before the
	// chain re-encodes as it was).
	Seq    uint64 `json:"seq,omitempty"`    // its place in the trail: 1, 2, …
	Prev   string `json:"prev,omitempty"`   // the Digest of event Seq-1 (AuditGenesis for the first)
	Digest string `json:"digest,omitempty"` // ChainDigest
}

// AuditGenesis is the Prev of the first event of the trail, and the
// Digest of the head of an empty one.
const AuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000"

// AuditHead is the end of the audit chain: how many events it holds and
// the Digest of the last (AuditGenesis for none). A head recorded outside
// the service ("pcf audit verify --head N:DIGEST") is what shows, later,
// a trail rewritten or cut short before it: whoever holds the database
// file can recompute every digest after an edit.
type AuditHead struct {
	Count  uint64 `json:"count"`
	Digest string `json:"digest"`
}

// ChainDigest returns the digest event e must carry: the lowercase hex
// SHA-256 of its canonical bytes, which are, in this order,
//
//	"pcf-audit-1", Prev, Seq, ID, At, Actor, Role, KeyID, Action, Subject, Detail
//
// Seq as 8 bytes big-endian, and each string as its length in bytes (8
// bytes, big-endian) followed by its UTF-8 bytes. The strings are as GET
// /v1/audit gives them: ID in the lowercase 8-4-4-4-12 form, At in UTC as
// RFC 3339 with the fraction of a second it has and no trailing zeros (Go's
// time.RFC3339Nano, "2026-12-05T07:12:00.5Z"), a field the JSON leaves out
// as "". Length prefixes keep every field apart: no two events share
// canonical bytes. The tag versions the encoding.
func (e *AuditEvent) ChainDigest() string {
	b := make([]byte, 0, 512)
	field := func(s string) { b = append(binary.BigEndian.AppendUint64(b, uint64(len(s))), s...) }
	field("pcf-audit-1")
	field(e.Prev)
	b = binary.BigEndian.AppendUint64(b, e.Seq)
	for _, s := range []string{e.ID.String(), e.At.UTC().Format(time.RFC3339Nano), e.Actor, string(e.Role), e.KeyID, e.Action, e.Subject, e.Detail} {
		field(s)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AuditChain checks a trail event by event, oldest first, trusting
// nothing but the events: the store's Check and "pcf audit verify" walk
// it the same way. Start it at the head of an empty trail,
// AuditHead{Digest: AuditGenesis}.
type AuditChain struct {
	Head AuditHead // the end of the events checked so far
}

// Link makes e the next event of the chain: it sets e's Seq, Prev and
// Digest from the head and moves the head on to e. The store writes every
// event through it (and chains an older file's events with it).
func (c *AuditChain) Link(e *AuditEvent) {
	e.Seq, e.Prev = c.Head.Count+1, c.Head.Digest
	e.Digest = e.ChainDigest()
	c.Head = AuditHead{Count: e.Seq, Digest: e.Digest}
}

// Add checks that e follows the events added before it and makes it the
// head; the error names the first event that does not: one missing, out
// of order, or whose content or link to the one before was changed.
func (c *AuditChain) Add(e *AuditEvent) error {
	switch want := c.Head.Count + 1; {
	case e.Seq != want:
		return fmt.Errorf("audit chain: event %d (id %s) follows event %d: event %d is missing or out of order", e.Seq, e.ID, c.Head.Count, want)
	case e.Prev != c.Head.Digest:
		return fmt.Errorf("audit chain: event %d (id %s) does not link to event %d: prev %.12s…, want %.12s… (event %d was changed or replaced)", e.Seq, e.ID, c.Head.Count, e.Prev, c.Head.Digest, c.Head.Count)
	case e.Digest != e.ChainDigest():
		return fmt.Errorf("audit chain: event %d (id %s) does not match its digest %.12s…: its content was changed", e.Seq, e.ID, e.Digest)
	}
	c.Head = AuditHead{Count: e.Seq, Digest: e.Digest}
	return nil
}

// Audit actions.
const (
	AuditStudyCreate          = "study.create"
	AuditApplicationCreate    = "application.create"
	AuditApplicationReject    = "application.reject"
	AuditCertificateIssue     = "certificate.issue"
	AuditCertificateSuspend   = "certificate.suspend"
	AuditCertificateReinstate = "certificate.reinstate"
	AuditCertificateWithdraw  = "certificate.withdraw"
	AuditCertificateReissue   = "certificate.reissue" // an issue that supersedes a certificate
	AuditCertificateFlag      = "certificate.flag"    // a supplier certificate it relies on changed status
	AuditCertificateReview    = "certificate.review"  // its certifier reviewed the flags and lets it stand
	AuditFactorSetCreate      = "factor-set.create"
	AuditFactorSetPublish     = "factor-set.publish"
	AuditFactorSetImport      = "factor-set.import"
	AuditOrganizationCreate   = "organization.create"
	AuditOrganizationApproval = "organization.approval-number" // a certifier's approval number recorded at its first issue
	AuditOrganizationRegister = "organization.register"        // a certification body's register (signatories, scope) changed after its creation
	AuditKeyCreate            = "key.create"
	AuditKeyRevoke            = "key.revoke"
	AuditKeyConfirm           = "key.confirm"    // an API key confirmed after a restore of the database
	AuditKeyEndorse           = "key.endorse"    // a certifier's waiting API key confirmed by a key of its organisation
	AuditKeyCompromise        = "key.compromise" // an API key reported stolen or leaked as of a time (AuthService.MarkAPIKeyCompromised)
	AuditSigningKeyRotate     = "signing-key.rotate"
	AuditSigningKeyCompromise = "signing-key.compromise"
	AuditPACTFootprintUpload  = "pact-footprint.upload" // a supplier's PACT footprint, for use in studies
	AuditDatabaseMigrate      = "database.migrate"      // a migration applied to a file of an earlier version (actor "system")
	AuditDatabaseBackup       = "database.backup"       // a copy of the database without private signing keys or PACT client secrets (GET /v1/admin/backup)
)

// AuditFilter selects audit events, newest first.
type AuditFilter struct {
	Subject *string // exact, e.g. "certificate/…"
	Actor   *string
	Action  *string
	Since   *time.Time

	Cursor string
	Limit  int
}

// AuditActor returns the actor fields for an audit event from the context's
// principal ("system" when there is none).
func AuditActor(ctx context.Context) (actor string, role Role, keyID string) {
	if p := PrincipalFromContext(ctx); p != nil {
		return p.Org, p.Role, p.KeyID
	}
	return "system", "", ""
}

package access

import (
	"context"
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
	AuditKeyCreate            = "key.create"
	AuditKeyRevoke            = "key.revoke"
	AuditKeyConfirm           = "key.confirm" // an API key confirmed after a restore of the database
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

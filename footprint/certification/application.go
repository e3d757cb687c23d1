package certification

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/bilingual"
	"github.com/google/uuid"
)

// ApplicationStatus is the state of a certification application.
type ApplicationStatus string

// Application states. An application is decided once: issued or rejected.
const (
	ApplicationPending  ApplicationStatus = "pending"
	ApplicationRejected ApplicationStatus = "rejected"
	ApplicationIssued   ApplicationStatus = "issued"
)

// Application is a manufacturer's request that a certifier certify the
// result of one study (CNCA general rules: 认证委托 → … → 评价与批准). Its
// JSON form is the same in the API's answers and in the store; requests
// bind a smaller type with the study, the certifier and Supersedes only.
//
// Certificates form lineages: every new certificate for a study that
// already has one supersedes the current one explicitly, through an
// application that names it (Supersedes), so a study never has two
// certificates standing side by side, and a certificate withdrawn is
// replaced only with a visible link, from a new study: the study of a
// withdrawn certificate is not certified again. An application for a study without a
// certificate may continue the lineage of another study of the same
// manufacturer and product model (a product recalculated against a newer
// factor set, say) by naming that lineage's current certificate.
type Application struct {
	ID           uuid.UUID `json:"id"`
	StudyID      string    `json:"study_id"`
	Manufacturer string    `json:"manufacturer"` // organisation that applied (owner of the study)
	Certifier    string    `json:"certifier"`    // organisation addressed

	// Supersedes is the certificate the new one replaces: the current
	// certificate of the study's lineage (uuid.Nil for a first
	// certificate). See LineageError.
	Supersedes uuid.UUID `json:"supersedes,omitzero"`

	Status        ApplicationStatus `json:"status"`
	Reasons       []string          `json:"reasons,omitempty"` // rejection reasons
	CreatedAt     time.Time         `json:"created_at"`
	DecidedAt     time.Time         `json:"decided_at,omitzero"`     // zero while pending
	CertificateID uuid.UUID         `json:"certificate_id,omitzero"` // set when issued

	// Product is what the study is of and its result, copied from the
	// study when the application is made (a study is immutable once
	// stored), so that a list of applications names each one's product
	// without reading every study. Zero on an application stored before it
	// was recorded; never taken from a request.
	Product ApplicationProduct `json:"product,omitzero"`
}

// ApplicationProduct is the product and headline figure of the study an
// application is for (Application.Product).
type ApplicationProduct struct {
	NameZH       string          `json:"name_zh,omitempty"`
	Name         string          `json:"name,omitempty"`
	Model        string          `json:"model,omitempty"`
	KgCO2e       float64         `json:"kg_co2e"`       // headline, per declared unit
	DeclaredUnit ApplicationUnit `json:"declared_unit"` // with the words a certificate prints
}

// ApplicationUnit is the declared unit of an application's result, with
// the words a certificate of it would print (CertificateDeclaredUnit).
type ApplicationUnit struct {
	Amount  float64 `json:"amount"`
	Unit    string  `json:"unit"` // unit symbol, e.g. "piece"
	LabelZH string  `json:"label_zh,omitempty"`
	LabelEN string  `json:"label_en,omitempty"`
}

// Per returns the unit as a certificate prints it ("kgCO2e/块", "per module").
func (u ApplicationUnit) Per() CertificateDeclaredUnit {
	return CertificateDeclaredUnit(u)
}

// NewApplicationProduct returns the product and headline figure of st, or
// the zero value for a study without a result (never applied for). The
// unit's words are those a certificate prints: the rule's, or the unit's
// own name for a rule not known.
func NewApplicationProduct(st *footprint.Study) ApplicationProduct {
	if st == nil || st.Result == nil {
		return ApplicationProduct{}
	}
	rule, err := footprint.FindRule(cmp.Or(st.Result.Rule, st.Rule))
	if err != nil {
		rule = &footprint.Rule{}
	}
	return ApplicationProduct{NameZH: st.Product.NameZH, Name: st.Product.Name, Model: st.Product.Model,
		KgCO2e: st.Result.KgCO2e, DeclaredUnit: ApplicationUnit(certificateDeclaredUnit(rule, st.Result.DeclaredUnit))}
}

// ApplicationFilter selects applications. Nil fields do not filter.
type ApplicationFilter struct {
	Manufacturer *string
	Certifier    *string
	Status       *ApplicationStatus
	StudyID      *string

	// After, if not nil, is the ApplicationKey of the last application of
	// the page before: the list goes on after it. Limit, if above 0, is the
	// most applications returned.
	After []byte
	Limit int
}

// ApplicationKey is the place of application a in the order of the
// application lists, oldest first, then by ID: its creation time (Unix
// nanoseconds, 8 bytes big-endian) and its ID.
func ApplicationKey(a *Application) []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 24), uint64(a.CreatedAt.UnixNano()))
	return append(b, a.ID[:]...)
}

// CertificateRecord is an issued certificate as stored: the signed,
// immutable content plus its recorded live status.
type CertificateRecord struct {
	Signed *SignedCertificate

	Status          CertificateStatus // recorded status (never expired: see StatusAt)
	StatusReason    string
	StatusChangedAt time.Time
	SupersededBy    uuid.UUID // the certificate that replaced it (also on a withdrawn one: the lineage goes on)
	SupersededAt    time.Time // when SupersededBy replaced it while it was valid (kept if it is withdrawn later); zero if it was withdrawn first

	ApplicationID uuid.UUID
	Manufacturer  string // organisation that owns it
	Certifier     string // organisation that issued it

	// Suppliers are the supplier certificates the certified study used
	// (valid when it was issued). SupplierFlags says which of them were
	// suspended, withdrawn or superseded since: the certificate is flagged
	// until its certifier acts on it (a status change or a review).
	Suppliers     []uuid.UUID
	SupplierFlags []SupplierFlag

	// SupplierList is what the certificate's SuppliersDigest commits to
	// (format 2): each supplier certificate the study references, with the
	// footprint it gave the calculation. It is private, as supplier lists
	// are (PRODUCT.md principle 7): for the holder, its certifier and the
	// regulator; the holder discloses it (MarshalSuppliers) with its study
	// to whoever recomputes the result. Nil for a format-1 certificate.
	SupplierList []CertificateSupplier
}

// SupplierFlag records that a supplier certificate a certificate relies on
// changed status after the certificate was issued (PRODUCT.md: a supply
// chain is only as valid as its weakest link). Its JSON form is the same in
// the store and in the API's answers to the owner, the certifier and
// regulators; the public verify answer says only that a certificate it
// builds on changed, since supplier lists are private.
//
// A flag with Predecessor set is not about a supplier: Certificate is the
// certificate this one superseded, in its lineage, and its certifier
// withdrew it for cause after it was superseded (red team 23: a holder under
// investigation had the study reissued elsewhere). The successor rests on
// the data the withdrawal was for, so it is flagged as a certificate whose
// supplier changed is, until its own certifier reviews it. The lineage is
// public, so the verify answer names this kind.
type SupplierFlag struct {
	Certificate uuid.UUID         `json:"certificate"` // the supplier certificate
	Number      string            `json:"number"`
	Status      CertificateStatus `json:"status"` // suspended, withdrawn or superseded
	At          time.Time         `json:"at"`
	// Via is the number of the supplier certificate this one uses through
	// which the change reaches it, when Certificate is further up the
	// supply chain (a supplier's supplier); empty for a direct supplier.
	Via string `json:"via,omitempty"`
	// Predecessor: Certificate is the certificate this one superseded.
	Predecessor bool `json:"predecessor,omitempty"`
	// Restored: not about another certificate. The service's database was
	// restored from a copy taken at At, and neither the certificate's
	// status nor a confirmation of it by its certifier is of later date:
	// the status is the copy's, and a suspension, withdrawal or
	// replacement after At is lost (red team 29). Never stored: the store
	// adds it when it reads such a certificate.
	Restored bool `json:"restored,omitempty"`
}

// RestoredFlag returns the flag of rs about a restore, if any.
func RestoredFlag(rs []SupplierFlag) (SupplierFlag, bool) {
	for _, f := range rs {
		if f.Restored {
			return f, true
		}
	}
	return SupplierFlag{}, false
}

// PredecessorFlag returns the flag of rs about a withdrawn predecessor, if any.
func PredecessorFlag(rs []SupplierFlag) (SupplierFlag, bool) {
	for _, f := range rs {
		if f.Predecessor {
			return f, true
		}
	}
	return SupplierFlag{}, false
}

// Certificate returns the signed certificate content.
func (r *CertificateRecord) Certificate() *Certificate { return r.Signed.Certificate }

// CertificateFilter selects certificates for regulators and owners. Nil
// fields do not filter; results are ordered by certificate number.
type CertificateFilter struct {
	ProductCode      *string // [SCHEME:]digits, a ProductCodeQuery: a prefix of any product code on the certificate (HS 8541 finds 854143)
	ProductCodeExact bool    // match ProductCode exactly instead of as a prefix
	Company          *string // organisation (manufacturer) name, exact; or a substring of the holder/manufacturer names
	Manufacturer     *string // owning organisation, exact (used to scope a manufacturer's own list)
	Certifier        *string // issuing organisation, exact
	Status           *CertificateStatus
	Rule             *string
	Flagged          *bool     // with supplier flags (the certifier's queue), or without
	Now              time.Time // for the derived expired status; zero = do not derive
	// Figure is a headline per one declared unit (KgCO2e / DeclaredUnit
	// Amount, whatever the unit): the certificates whose own is the same
	// figure (SameFigure), as a review looks for the data of a withdrawn
	// certificate applied for again.
	Figure *float64

	Cursor string
	Limit  int
}

// AllCertificates yields the certificates svc.FindCertificates finds
// with f, page after page from f.Cursor, and the first error it meets
// (with a nil record, and then stops).
func AllCertificates(ctx context.Context, svc CertificationService, f CertificateFilter) iter.Seq2[*CertificateRecord, error] {
	return func(yield func(*CertificateRecord, error) bool) {
		for {
			recs, next, err := svc.FindCertificates(ctx, f)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, rec := range recs {
				if !yield(rec, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			f.Cursor = next
		}
	}
}

// SameFigureTolerance is how far apart, relative to the larger, two
// figures may be and still be "the same figure" (SameFigure): 1 %, below
// the smallest change in one source that matters to a review (a quantity
// re-measured, a supplier's figure updated) and far above rounding and
// nudging (a distance of 80 km made 80.0001 km to escape an exact match).
const SameFigureTolerance = 0.01

// SameFigure reports whether two figures are within SameFigureTolerance
// of the larger.
func SameFigure(a, b float64) bool {
	return math.Abs(a-b) <= SameFigureTolerance*math.Max(math.Abs(a), math.Abs(b))
}

// Figure returns the certificate's headline per one declared unit, and
// false when its declared amount is not positive.
func (c *Certificate) Figure() (float64, bool) {
	if !(c.DeclaredUnit.Amount > 0) {
		return 0, false
	}
	return c.KgCO2e / c.DeclaredUnit.Amount, true
}

// CertificateCursor is the CertificateFilter.Cursor that lists the
// certificates numbered after number.
func CertificateCursor(number string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(number))
}

// IssueRequest is what a certifier adds to a certificate when it issues
// one; everything else comes from the application, the study, its result
// and the organisations on record. It has no field a certifier must not
// set, so the API binds it as it is.
type IssueRequest struct {
	// Signatory is the person who signs for the certifier, printed in the
	// signature block.
	Signatory string `json:"signatory"`

	// ApprovalNumber is the certifier's CNCA approval number, used when its
	// organisation has none on record; it must match the one on record
	// otherwise.
	ApprovalNumber string `json:"approval_number"`

	// ReviewDigest names the review the certifier read before issuing
	// (the API's review.digest of the application): the service refuses an
	// issue that names none or another than the current review's, and
	// records it with the issue.
	ReviewDigest string `json:"review_digest"`

	// ReviewState is the ReviewRecords.State of the review whose digest
	// ReviewDigest names: set by the service that checked the digest,
	// never from the request; the issue is refused (ECONFLICT, naming
	// review_digest) if the records differ by the time it is made.
	ReviewState string `json:"-"`

	// VerifyBase is the issuing service's public base URL, signed in the
	// certificate (CertificateInput.VerifyBase): set by the service from
	// its configuration, never from the request.
	VerifyBase string `json:"-"`
}

// CheckSupersedes checks what an application for a study would supersede:
// current is the current certificate of the study's lineage (nil if the
// study has none yet), named the certificate the application names (nil for
// none; equal to current when it names that). It returns ECONFLICT, naming
// the field supersedes, unless the application names exactly the current
// certificate; a suspended one cannot be superseded (its certifier
// reinstates or withdraws it first), nor one that is already superseded.
// When the study has no certificate, named (if any) must be the current
// certificate of another lineage, of the same product model
// (sameModel).
func CheckSupersedes(current, named *CertificateRecord, sameModel bool) error {
	switch {
	case current != nil && named == nil:
		c := current.Certificate()
		return footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "the study already has certificate %s (%s): a new certificate must supersede it; apply with supersedes %s", c.Number, current.Status, c.ID)
	case current != nil && named.Certificate().ID != current.Certificate().ID:
		return footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "certificate %s is not the current certificate of the study (%s is)", named.Certificate().Number, current.Certificate().Number)
	case named == nil:
		return nil
	case named.SupersededBy != uuid.Nil:
		return footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "certificate %s is already superseded", named.Certificate().Number)
	case named.Status == CertificateSuspended:
		return footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "certificate %s is suspended: its certifier reinstates or withdraws it first", named.Certificate().Number)
	case current == nil && !sameModel:
		return footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "certificate %s is for another product model (%s)", named.Certificate().Number, named.Certificate().Product.Model)
	}
	return nil
}

// CertificateStatus is the live status of an issued certificate. It is not
// part of the signed content.
//
// Valid, suspended and withdrawn are recorded by the certifier's decisions.
// Superseded is recorded on a certificate when its replacement is issued (in
// the same transaction, with its audit record): it is an event, like the
// others. Expired is never recorded: it is derived from ExpiresAt whenever
// the status is read (Certificate.StatusAt), so no job has to run at expiry.
type CertificateStatus string

// Certificate statuses.
const (
	CertificateValid      CertificateStatus = "valid"
	CertificateSuspended  CertificateStatus = "suspended"
	CertificateWithdrawn  CertificateStatus = "withdrawn"
	CertificateSuperseded CertificateStatus = "superseded"
	CertificateExpired    CertificateStatus = "expired" // derived, never recorded
)

// CertificateStatuses lists every status, recorded or derived.
var CertificateStatuses = []CertificateStatus{
	CertificateValid, CertificateSuspended, CertificateWithdrawn, CertificateSuperseded, CertificateExpired,
}

// Known reports whether s is one of CertificateStatuses.
func (s CertificateStatus) Known() bool { return slices.Contains(CertificateStatuses, s) }

// StatusAt returns the status a verifier sees at time now, given the
// recorded status. Precedence: withdrawn, then superseded (the holder should
// look at the replacement), then expired, then suspended, then valid. An
// unknown recorded status is returned unchanged.
func (c *Certificate) StatusAt(recorded CertificateStatus, now time.Time) CertificateStatus {
	switch {
	case recorded == CertificateWithdrawn || recorded == CertificateSuperseded:
		return recorded
	case !now.Before(c.ExpiresAt):
		return CertificateExpired
	}
	return recorded
}

// CertificateTransition checks a certifier's status change and returns the
// audit action for it. Allowed: valid → suspended, suspended → valid
// (reinstate), valid or suspended → withdrawn. Withdrawn and superseded are
// final. Returns ECONFLICT for any other change.
func CertificateTransition(from, to CertificateStatus) (string, error) {
	switch {
	case from == CertificateValid && to == CertificateSuspended:
		return access.AuditCertificateSuspend, nil
	case from == CertificateSuspended && to == CertificateValid:
		return access.AuditCertificateReinstate, nil
	case (from == CertificateValid || from == CertificateSuspended) && to == CertificateWithdrawn:
		return access.AuditCertificateWithdraw, nil
	case from == CertificateSuperseded && to == CertificateWithdrawn:
		// Its certifier withdraws it for cause though the holder had it
		// superseded elsewhere meanwhile (red team 23): the withdrawal
		// binds its study (factordb withdrawnStudy) and its reason is
		// public, as any withdrawal's.
		return access.AuditCertificateWithdraw, nil
	}
	return "", footprint.Errorf(footprint.ECONFLICT, "不能把状态为“%s”的证书改为“%s”。cannot change a %s certificate to %s", StatusZH(from), StatusZH(to), from, to)
}

// StatusZH is a certificate status in Chinese, as the verification page
// words it, for a message a person reads; an unknown one as it is.
func StatusZH(s CertificateStatus) string {
	zh, ok := map[CertificateStatus]string{CertificateValid: "有效", CertificateSuspended: "暂停", CertificateWithdrawn: "撤销", CertificateExpired: "过期", CertificateSuperseded: "已被替代"}[s]
	if !ok {
		return string(s)
	}
	return zh
}

// ValidateReasons checks the reasons given for a rejection or a status
// change: at least one, each non-empty and at most 1000 characters.
func ValidateReasons(field string, reasons []string) error {
	if len(reasons) == 0 {
		return footprint.FieldErrorf(footprint.EINVALID, field, "至少须给出一条理由。at least one reason is required")
	}
	for i, r := range reasons {
		if n := len([]rune(strings.TrimSpace(r))); n == 0 || n > 1000 {
			return footprint.FieldErrorf(footprint.EINVALID, field, "第 %[1]d 条理由须为 1 至 1000 个字符。reason %[1]d must be 1-1000 characters", i+1)
		}
	}
	return nil
}

// CertificationService stores applications, certificates and the audit
// trail. Every state change is written in one transaction with its audit
// event; the actor is taken from the context's Principal (AuditActor).
type CertificationService interface {
	// CreateApplication stores a pending application. Returns EINVALID for a
	// malformed one, ENOTFOUND if the certifier organisation does not exist
	// or is not a certifier, or if app.Supersedes is not a certificate of
	// the manufacturer, and ECONFLICT if the study already has a pending
	// application, one of its certificates was withdrawn (naming study_id
	// and the reason), or app.Supersedes is not what a new certificate for
	// the study must supersede (CheckSupersedes).
	CreateApplication(ctx context.Context, app *Application) error

	// FindApplicationByID returns ENOTFOUND if there is no such application.
	FindApplicationByID(ctx context.Context, id uuid.UUID) (*Application, error)

	// FindApplications returns the matching applications, oldest first,
	// each with its product (one stored before applications recorded it
	// has its study's, as FindApplicationByID reads it).
	FindApplications(ctx context.Context, filter ApplicationFilter) ([]*Application, error)

	// RejectApplication decides a pending application as rejected. Returns
	// ENOTFOUND, EINVALID without reasons, ECONFLICT if already decided.
	RejectApplication(ctx context.Context, id uuid.UUID, reasons []string) (*Application, error)

	// IssueCertificate decides a pending application as issued, in one
	// transaction: it reads the application, its study with the stored
	// result and the organisations, checks the lineage again
	// (CheckSupersedes), takes the active signing key, allocates the next
	// certificate number, assembles and signs the certificate
	// (NewCertificate, SignCertificate), stores it as valid, records the
	// certificate it supersedes as superseded by it (a withdrawn one stays
	// withdrawn, linked; certificates issued on it as a supplier are
	// flagged), and appends the audit event. Returns ENOTFOUND for an
	// unknown application (or a study that is gone), ECONFLICT if the
	// application is already decided, the lineage changed since it was
	// made, a certificate of the study was withdrawn, or a supplier
	// certificate the study uses is not valid now (naming it), and EINVALID, naming the field, for a missing or
	// conflicting approval number or a certificate that cannot be made or
	// printed; nothing is written then.
	IssueCertificate(ctx context.Context, applicationID uuid.UUID, req IssueRequest) (*CertificateRecord, error)

	// FindCertificateByID returns ENOTFOUND if there is no such certificate.
	FindCertificateByID(ctx context.Context, id uuid.UUID) (*CertificateRecord, error)

	// FindCertificateByNumber returns the certificate with that full
	// number, as printed ("CDPCF-2026-000123"; never a prefix). Returns
	// EINVALID, naming the field "number", for a string that is not a
	// certificate number (ParseCertificateNumber), and ENOTFOUND if no
	// certificate has it.
	FindCertificateByNumber(ctx context.Context, number string) (*CertificateRecord, error)

	// FindCertificates returns one page of matching certificates and the
	// cursor of the next page ("" on the last). Returns EINVALID for a bad
	// cursor.
	FindCertificates(ctx context.Context, filter CertificateFilter) ([]*CertificateRecord, string, error)

	// SetCertificateStatus suspends, reinstates or withdraws a certificate
	// (CertificateTransition), clearing its supplier flags (its certifier
	// acted). Suspending or withdrawing it flags every certificate issued on
	// it as a supplier (SupplierFlag), each with an AuditCertificateFlag
	// event, in the same transaction. Returns ENOTFOUND, EINVALID without a
	// reason, ECONFLICT for a transition that is not allowed.
	SetCertificateStatus(ctx context.Context, id uuid.UUID, to CertificateStatus, reason string) (*CertificateRecord, error)

	// ReviewCertificate records that the certifier reviewed a flagged
	// certificate and lets it stand: it clears the supplier flags, with an
	// AuditCertificateReview event. Returns ENOTFOUND, EINVALID without a
	// reason, and ECONFLICT if the certificate has no flags.
	ReviewCertificate(ctx context.Context, id uuid.UUID, reason string) (*CertificateRecord, error)

	// ConfirmRestored confirms, for the certification body certifier,
	// the status of every valid certificate it issued whose status is
	// still that of a restored copy of the service's records (a
	// SupplierFlag with Restored), as ReviewCertificate does one by one,
	// and returns how many. EINVALID without a reason.
	ConfirmRestored(ctx context.Context, certifier, reason string) (int, error)

	// FindAuditEvents returns one page of events, newest first, and the next
	// cursor.
	FindAuditEvents(ctx context.Context, filter access.AuditFilter) ([]*access.AuditEvent, string, error)

	// FindAuditHead returns the head of the audit chain: the number of
	// events and the digest of the last (access.AuditHead).
	FindAuditHead(ctx context.Context) (access.AuditHead, error)

	// FindReviewRecords returns what the records say of application a on
	// study st beyond the study (ReviewRecords), for its certifier's review.
	FindReviewRecords(ctx context.Context, a *Application, st *footprint.Study) (*ReviewRecords, error)
}

// ParseCertificateNumber checks that s is a whole certificate number in its
// printed form (upper case, e.g. "CDPCF-2026-000123") and returns it.
// Returns EINVALID, naming the field "number", otherwise: public lookups
// take full numbers only, so that numbers cannot be enumerated by prefix.
func ParseCertificateNumber(s string) (string, error) {
	if !certificateNumberRe.MatchString(s) {
		return "", footprint.FieldErrorf(footprint.EINVALID, "number", "证书编号 %[1]q 无效：请输入标识上印制的完整编号，例如 CDPCF-2026-000123。invalid certificate number %[1]q: want the full number as printed, e.g. CDPCF-2026-000123", bilingual.Clip(s, 64))
	}
	return s, nil
}

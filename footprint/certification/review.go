package certification

import (
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
)

// ReviewRecords are what the service's records, beyond the study itself,
// tell a certifier reviewing an application (each field says what).
type ReviewRecords struct {
	// Rejected are the earlier rejected applications of the same study,
	// and of the holder's other studies of the same product model (as the
	// model lineage compares models) or of the same product under another
	// model (as Stopped compares products), oldest first.
	Rejected []*Application

	// Pending are the holder's other pending applications of the same
	// product model, oldest first: the product taken to another
	// certification body at the same time.
	Pending []*Application

	// Shopped are the pending applications, not in Pending, of the same
	// product: the holder's at another certification body under another
	// model name, and another holder's of the product's GTIN or model
	// wherever made; the product taken to several bodies, or by several
	// companies of a group, at once with several figures, the lowest kept
	// (session 34). Oldest first.
	Shopped []PendingMatch

	// SameFigure are the rejected applications of any holder, of any
	// product, not in Rejected, whose study's headline per one declared
	// unit is the study's (SameFigure): the candidates a review compares
	// the study's data with (the same data taken to a certifier again
	// under another product or company), oldest first.
	SameFigure []*Application

	// Stopped are the holder's withdrawn and suspended certificates of the
	// product under another name: of the same product as the study (a
	// product code of one starts with a code of the other in the same
	// scheme, or, under the study's rule, both are under its codes of six
	// digits or more, such as pv-module's HS 854143 and 854140), or of the
	// same product model (the certificate the application supersedes is
	// not among them).
	Stopped []*CertificateRecord

	// Peers are the holder's valid certificates of another product model
	// of the same product as the study (as Stopped compares products): a
	// product applied for again under a new model name would be among
	// them. A peer whose status is still that of a restored copy carries
	// the restore's flag (SupplierFlag, Restored): a review never calls
	// such a certificate plainly valid. (Stopped are read the same way; a
	// status the copy held as withdrawn or suspended is not flagged.)
	Peers []*CertificateRecord

	// Lineages are, for each of Peers and for the certificate the
	// application supersedes (by ID), the certificates it superseded that
	// LineageDrop can name (LineagePeaks: the highest figure of the
	// lineage in each unit, among others), the latest first, read with
	// the rest: a product lowered in steps under the review's limit is
	// compared with the figure it started from. The store keeps them with
	// each certificate, so a review reads one record whatever the
	// lineage's length (session 35).
	Lineages map[string][]*Certificate

	// Revised are the factors the study's result used that a published
	// set newer than the study's gives another status, value or unit.
	Revised []FactorRevision

	// Deprecated are the factors the study's result used, active in its
	// pinned set, that a published set based on the pinned one (directly
	// or through other sets) marks deprecated: for each, the earliest
	// such set (session 35). A deprecation is no correction (it may be for
	// another reason than a wrong value), so it is not refused; the
	// review names it.
	Deprecated []FactorRevision

	// Lowered are the factors the study's result used whose value its
	// pinned set, or a set it copied the change from, lowered from the
	// set it is based on, in the same unit: a reviewed change flag
	// (docs/integrity.md §11a), so the study was stored, and what its
	// lower figure rests on (red team 46). The review names each, with
	// who changed it and who reviewed the change.
	Lowered []LoweredFactor

	// Named are the registered organisations other than the holder that
	// the study names as the product's manufacturer or production site,
	// each with the field naming it.
	Named []NamedOrganization

	// Superseded is the certificate the application supersedes, as the
	// service gives it (FindCertificateByID: its live status, reason and
	// flags, the restore's flag included), read once with the rest: the
	// review's row of it, its comparisons and State are of one reading of
	// the store. Nil when the application supersedes none.
	Superseded *CertificateRecord

	// SupersededStudy is the study of the certificate the application
	// supersedes, read with the rest: the review compares the outputs
	// the two state (red team 91). Nil when the application supersedes
	// none, or when that study cannot be read (SupersededStudyUnread).
	SupersededStudy *footprint.Study

	// EarlierStudy, when the study claims green-power instruments and
	// SupersededStudy's reference period shares no day with the study's or
	// SupersededStudy claims none, is the study of the nearest certificate
	// before the superseded one in its lineage (EarlierCertificate) whose
	// period shares days with the study's and that lists instruments, read
	// as SupersededStudy is (and only when it is the study that
	// certificate signed): the review compares the outputs the two state
	// for those days (rv55: a study of an older period between them broke
	// the comparison; reviewer 55: so did one claiming no instruments, its
	// output compared with nothing in its own review). Nil when there is
	// none within EarlierStudyWalk certificates. EarlierCertificate, as
	// EarlierWalk's Last, may be shared with the store's other readers
	// (its cache of decoded certificates): it must not be changed.
	EarlierStudy       *footprint.Study
	EarlierCertificate *Certificate

	// EarlierWalk, when the walk for EarlierStudy ran and ended without
	// one though the lineage went on, says how far it read and why it
	// stopped (rv56): it stopped without a word at EarlierStudyWalk
	// certificates, at a cycle, where the lineage left this store, and at
	// a certificate whose study it could not read, and the certifier was
	// told nothing of the earlier study it did not compare. Nil when the
	// walk did not run, found EarlierStudy, or reached the lineage's
	// first certificate.
	EarlierWalk *EarlierWalkStop

	// SupersededStudyUnread says why SupersededStudy is nil though the
	// application supersedes a certificate: SupersededStudyNotStored,
	// SupersededStudyUnreadable or SupersededStudyChanged; empty otherwise. The review names it: the
	// comparison with that study's output was not made, and is not to be
	// read as made and found in order.
	SupersededStudyUnread string

	// GTINUnbound is true when the study's GTIN is on no certificate of the
	// holder nor on a current one of another: the first certificate issued
	// binds it to the holder against every other.
	GTINUnbound bool

	// State is the digest of every record of the store the review reads,
	// these and the certificates it shows (its suppliers, its lineage, its
	// model's), read together: the issue names it (IssueRequest.ReviewState)
	// and is refused when the store's records say otherwise by then.
	State string
}

// Why the study of a superseded certificate was not read
// (ReviewRecords.SupersededStudyUnread).
const (
	// SupersededStudyNotStored: the store holds no study of the
	// certificate's study ID (a restore of another service's copy).
	SupersededStudyNotStored = "not_stored"
	// SupersededStudyUnreadable: the certificate names no valid study ID,
	// or the stored study (its document or result) fails to decode.
	SupersededStudyUnreadable = "unreadable"
	// SupersededStudyChanged: the stored study is not the one the
	// certificate signed (its document's digest is not the certificate's
	// StudyDigest, or its result's not its ResultDigest): edited or
	// replaced since the issue.
	SupersededStudyChanged = "changed"
)

// EarlierStudyWalk is how many certificates before the superseded one a
// review's records read, at most, for EarlierStudy: each a certificate
// record, a study decoded only where its period shares days with the
// study's. A lineage is renewed about once a year.
const EarlierStudyWalk = 64

// EarlierWalkStop is where and why the walk back over a lineage for
// ReviewRecords.EarlierStudy stopped without finding one
// (ReviewRecords.EarlierWalk).
type EarlierWalkStop struct {
	// Why is EarlierWalkLimit, EarlierWalkNotStored, EarlierWalkCycle or
	// EarlierWalkStudyUnread.
	Why string
	// Read is how many certificates before the superseded one the walk
	// read.
	Read int
	// Last is the last certificate the walk read (the superseded one when
	// Read is 0): for EarlierWalkStudyUnread the one whose study it could
	// not read, otherwise the one naming Next.
	Last *Certificate
	// Next is the certificate Last supersedes that the walk did not read
	// (beyond the limit, not in this store, or read already); uuid.Nil for
	// EarlierWalkStudyUnread.
	Next uuid.UUID
	// StudyUnread is, for EarlierWalkStudyUnread, why Last's study was not
	// read: SupersededStudyNotStored, SupersededStudyUnreadable or
	// SupersededStudyChanged.
	StudyUnread string
}

// Why the walk for ReviewRecords.EarlierStudy stopped
// (EarlierWalkStop.Why).
const (
	// EarlierWalkLimit: it read EarlierStudyWalk certificates and the
	// lineage goes on.
	EarlierWalkLimit = "limit"
	// EarlierWalkNotStored: the certificate the last one read supersedes
	// is not in this store (a lineage begun at another service, or a
	// restore of another service's copy).
	EarlierWalkNotStored = "not_stored"
	// EarlierWalkCycle: the certificate the last one read supersedes was
	// read already; no issue of the service writes such a lineage (its
	// supersedes is signed, and names a certificate issued before it), so
	// a record was edited or restored from a forged copy.
	EarlierWalkCycle = "cycle"
	// EarlierWalkStudyUnread: the walk found the certificate to compare
	// with, and could not read its study (StudyUnread says why).
	EarlierWalkStudyUnread = "study_unread"
	// EarlierWalkForeign: the record stored under the ID the last one
	// read supersedes holds another certificate's signed content (it
	// fails the service's check, as FindCertificateByID refuses it): a
	// record was edited or restored from a forged copy (reviewer 56e).
	EarlierWalkForeign = "foreign"
)

// PendingMatch is a pending application of the same product as the one
// reviewed, and what makes it the same product.
type PendingMatch struct {
	Application *Application
	Model       string   // the product model its study names
	By          []string // PendingByGTIN, PendingByModel, PendingBySpecification: each that holds

	// The figure its study gives and the declared unit it is for ("1
	// piece"): what the holder may keep the lower of. Empty for a study
	// without a result.
	KgCO2e       float64
	DeclaredUnit string
}

// What makes another pending application's study of the same product
// (PendingMatch.By).
const (
	// PendingByGTIN: the same GTIN (as 14 digits), of any holder.
	PendingByGTIN = "gtin"
	// PendingByModel: the holder's model with the words after its number
	// dropped ("JM550 Pro" and "JM-550"), or another holder's same model
	// (as the model lineage compares models).
	PendingByModel = "model"
	// PendingBySpecification: the holder's product of the same mass, and
	// the same rated power, area, active area and cell technology where
	// both state them, under the same rule or product code.
	PendingBySpecification = "specification"
)

// FactorRevision is a factor a study used, as a newer published set gives
// it.
type FactorRevision struct {
	Code         string
	Used         footprint.FactorUse // as the study's result used it, from its pinned set
	Set          string              // the newer published set
	Status       footprint.Status
	SupersededBy string
	Value        float64
	Unit         string
	Published    time.Time // when Set was published
}

// LoweredFactor is a factor the study used that set Set lowered from
// BaseSet (ReviewRecords.Lowered).
type LoweredFactor struct {
	Code             string
	Set, BaseSet     string
	Value, BaseValue float64 // in Unit
	Unit             string
	// The curator who reviewed the change (FlagAcknowledgement.By), when
	// and why.
	ReviewedBy string
	ReviewedAt time.Time
	Note       string
	// Authors are who created, imported into or classified Set (API keys
	// or organisations), sorted; Reviewers the API keys that reviewed its
	// flags.
	Authors, Reviewers []string
	// SharedCreator is an API key that made both a reviewer's key and an
	// author's key (directly or through other keys), "" for none: its
	// holder saw both tokens, so the change and its review may be one
	// person's (four eyes counts the two keys as two).
	SharedCreator string
}

// NamedOrganization is a registered organisation a study's field names.
type NamedOrganization struct {
	Field        string // "product.manufacturer" or "product.site"
	Organization string
}

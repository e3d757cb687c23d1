package factordb

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/bilingual"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// This file stores what the PACT exchange (docs/pact.md) keeps: the
// suppliers' footprints manufacturers stored and the suppliers' hosts they
// fetch them from; the holders' shares of their own footprints and the CPC
// codes they declared for PACT v2. The outbox of events is pactoutbox.go.

// pactFootprintsBucket holds the suppliers' PACT footprints manufacturers
// uploaded or fetched (issue 11, "In"), per organisation and version:
// <owner><footprint UUID, 16 bytes><version, 4 bytes BE> →
// pactFootprintRecord. A footprint belongs to the organisation that
// stored it: another organisation's document with the same id is another
// footprint, and a study's "pact:<id>" resolves among its owner's only.
// The version is the PACT v2 version (0 in v3, which has none); the
// versions of one footprint sort in order, the latest last.
var pactFootprintsBucket = []byte("pact_footprints")

// pactFootprintRecord is a stored PACT footprint: the document as it was
// uploaded or fetched (compacted), the organisation that stored it and
// when.
type pactFootprintRecord struct {
	V          int       `json:"v"`
	ID         string    `json:"id"`
	Owner      string    `json:"owner"` // organisation that stored it
	UploadedAt time.Time `json:"uploaded_at"`
	Source     string    `json:"source,omitempty"` // the URL it was fetched from; "" when uploaded
	// Client is the client ID of the endpoint it was fetched through
	// (red team 55: one PACT host serves several data owners, each to the
	// credentials it granted); "" when uploaded or fetched before it was
	// recorded.
	Client   string          `json:"client,omitempty"`
	Document json.RawMessage `json:"document"`
}

// pactOrigin is where a document being stored comes from: the URL it was
// fetched from and the client ID of the endpoint it was fetched through
// ("" for an upload).
type pactOrigin struct{ URL, Client string }

// pactFootprintPrefix is the key prefix of every version of footprint id
// stored by owner.
func pactFootprintPrefix(owner string, id uuid.UUID) []byte {
	return append(ownerPrefix(owner), id[:]...)
}

// pactFootprintKey is the key of one version.
func pactFootprintKey(owner string, id uuid.UUID, version int) []byte {
	return binary.BigEndian.AppendUint32(pactFootprintPrefix(owner, id), uint32(version))
}

// pactVersions returns the stored versions of footprint id of owner, in
// ascending order.
func pactVersions(tx *bolt.Tx, owner string, id uuid.UUID) []int {
	prefix := pactFootprintPrefix(owner, id)
	var out []int
	c := tx.Bucket(pactFootprintsBucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) == len(prefix)+4 {
			out = append(out, int(binary.BigEndian.Uint32(k[len(prefix):])))
		}
	}
	return out
}

var _ pact.SupplierStore = (*CertificationService)(nil)

// SaveSupplierFootprint implements pact.SupplierStore: it checks the
// document (pact.ParseSupplier) and stores it, with an audit event, in one
// transaction, as a footprint of the context's principal's organisation.
// A document whose id that organisation has stored is the same document
// again (no change), a PACT v2 update with a higher version (stored
// beside the earlier versions), or refused with ECONFLICT: another
// document under the same or a lower version. source is where the
// document came from ("" for an upload).
func (s *CertificationService) SaveSupplierFootprint(ctx context.Context, doc []byte, source string) (*pact.Supplier, bool, error) {
	return s.saveSupplierFootprint(ctx, doc, pactOrigin{URL: source})
}

// SaveFetchedFootprint is SaveSupplierFootprint of a document fetched from
// source through an endpoint of client ID client: a later version, a
// replacement or the deprecation of a footprint fetched so is taken only
// through an endpoint at the same base URL with the same client ID
// (otherSupplier; red team 55: a manufacturer's own account at a PACT
// host several data owners share served its document as the supplier's
// update).
func (s *CertificationService) SaveFetchedFootprint(ctx context.Context, doc []byte, source, client string) (*pact.Supplier, bool, error) {
	return s.saveSupplierFootprint(ctx, doc, pactOrigin{URL: source, Client: client})
}

func (s *CertificationService) saveSupplierFootprint(ctx context.Context, doc []byte, origin pactOrigin) (*pact.Supplier, bool, error) {
	source := origin.URL
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	sup, err := pact.ParseSupplier(doc)
	if dep, ok := errors.AsType[*pact.DeprecatedError](err); ok {
		return s.saveDeprecation(ctx, doc, dep.ID, origin, err)
	} else if err != nil {
		return nil, false, err
	}
	// A footprint of a period not ended yet states data that do not exist
	// (red team 27), as a study's must have ended (periodEnded).
	if p := sup.Footprint.Period; !p.IsZero() {
		if today, open := periodOpen(p, s.db.now()); open {
			return nil, false, footprint.FieldErrorf(footprint.EINVALID, "pact_footprint.pcf.referencePeriodEnd", "the footprint's reference period %s has not ended (today is %s): a footprint states the data of a period that has", p, today.Format(time.DateOnly))
		}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc); err != nil {
		return nil, false, footprint.FieldErrorf(footprint.EINVALID, "pact_footprint", "the PACT footprint is not JSON")
	}
	marks := pact.IssuedHereMarks(doc) // read outside the write transaction
	preceding, err := precedingIDs(sup.ID, sup.PrecedingPfIDs)
	if err != nil {
		return nil, false, err
	}
	company := pact.CompanyOf(doc)
	owner, _, _ := access.AuditActor(ctx)
	created := false
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		if err := notOwnFootprint(tx, sup.ID, marks); err != nil {
			return err
		}
		// Only its own company's footprints replace it (red team 30).
		if err := dropForeignReplacements(tx, owner, sup.ID, company, origin); err != nil {
			return err
		}
		if err := notReplacingAnother(tx, owner, preceding, company, origin); err != nil {
			return err
		}
		// A footprint that another the owner stored already replaces
		// (uploaded late, or again) is not stored: a new calculation
		// would refuse it, and the store would hold a second Active
		// answer to a question its owner settled (red team 21).
		if err := notReplacedAtUpload(tx, owner, sup.ID); err != nil {
			return err
		}
		b := tx.Bucket(pactFootprintsBucket)
		versions := pactVersions(tx, owner, sup.ID)
		if len(versions) > 0 {
			var old pactFootprintRecord
			key := pactFootprintKey(owner, sup.ID, sup.Version)
			if ok, err := getJSON(b, key, &old); err != nil {
				return fmt.Errorf("PACT footprint %s: %w", sup.ID, err)
			} else if ok && bytes.Equal(old.Document, compact.Bytes()) {
				return nil
			}
			if latest := versions[len(versions)-1]; sup.Version <= latest {
				if !sup.IsV2() {
					return footprint.FieldErrorf(footprint.ECONFLICT, "pact_footprint.id",
						"another PACT footprint with id %s is already stored; in PACT %s a changed footprint has a new id (and names the old one in precedingPfIds)", sup.ID, sup.SpecVersion)
				}
				return footprint.FieldErrorf(footprint.ECONFLICT, "pact_footprint.version",
					"PACT footprint %s: version %d is stored with other content (the latest stored is version %d); an updated footprint keeps its id and has a higher version", sup.ID, sup.Version, latest)
			}
			// A later version is the same company's, from the same host
			// when both were fetched: another company's document under a
			// stored id was its update, which every new calculation on
			// the id then read (red team 30).
			if last, ok, err := latestPACTRecord(tx, owner, sup.ID); err != nil {
				return err
			} else if ok {
				if zh, en, field := otherSupplier(last, company, origin); en != "" {
					return footprint.FieldErrorf(footprint.ECONFLICT, field,
						"PACT 足迹 %[1]s 已存储的版本%[2]s：另一数据所有者的文件不是它的新版本。PACT footprint %[1]s is stored %[3]s: another data owner's document is not its update",
						sup.ID, zh, en)
				}
				if zh, en := fetchedOnly(last, source); en != "" {
					return footprint.FieldErrorf(footprint.ECONFLICT, "pact_footprint.id", "PACT 足迹 %[1]s 已存储的版本%[2]s。PACT footprint %[1]s is stored %[3]s", sup.ID, zh, en)
				}
			}
		}
		now := s.db.now()
		rec := &pactFootprintRecord{V: recordV1, ID: sup.ID.String(), Owner: owner, UploadedAt: now, Source: source, Client: origin.Client, Document: compact.Bytes()}
		if err := putJSON(b, pactFootprintKey(owner, sup.ID, sup.Version), rec); err != nil {
			return err
		}
		// The footprints it replaces, which a new calculation no longer
		// uses (notReplaced).
		if err := putPACTReplaced(tx, owner, sup.ID, preceding); err != nil {
			return err
		}
		created = true
		if source != "" {
			return audit(ctx, tx, now, pact.AuditFootprintFetch, "pact-footprint/"+sup.ID.String(), "fetched from "+source+"; "+sup.Footprint.Source)
		}
		return audit(ctx, tx, now, access.AuditPACTFootprintUpload, "pact-footprint/"+sup.ID.String(), sup.Footprint.Source)
	})
	if err != nil {
		return nil, false, internal("save PACT footprint", err)
	}
	sup.StoredBy = owner
	return sup, created, nil
}

// pactDeprecatedBucket records the footprints whose data owner's
// Deprecated document an organisation stored (red team 47): <owner><footprint
// UUID, 16 bytes> → pactDeprecationRecord. A Deprecated document is not a
// version a calculation can use; it says that the stored ones may no
// longer be used.
var pactDeprecatedBucket = []byte("pact_deprecated")

type pactDeprecationRecord struct {
	V        int             `json:"v"`
	ID       string          `json:"id"`
	Owner    string          `json:"owner"`
	StoredAt time.Time       `json:"stored_at"`
	Source   string          `json:"source,omitempty"` // the URL it was fetched from; "" when uploaded
	Document json.RawMessage `json:"document"`
}

func (r *pactDeprecationRecord) version() int { return r.V }

// pactDeprecation returns when owner stored the Deprecated document of
// footprint id; false when it did not. A record it cannot read is an
// error, not "not deprecated": the footprint would be used again.
func pactDeprecation(tx *bolt.Tx, owner string, id uuid.UUID) (time.Time, bool, error) {
	var rec pactDeprecationRecord
	ok, err := getJSON(tx.Bucket(pactDeprecatedBucket), pactFootprintPrefix(owner, id), &rec)
	return rec.StoredAt, ok && err == nil, err
}

// saveDeprecation stores, for the context's organisation, the Deprecated
// document doc of footprint id from source ("" for an upload), which
// pact.ParseSupplier refused with refused: when the organisation holds the
// footprint, from the same data owner (otherSupplier; fetchedOnly), it
// returns the latest version stored, marked DeprecatedAt, and created true
// the first time; a footprint it does not hold is refused as before.
func (s *CertificationService) saveDeprecation(ctx context.Context, doc []byte, id uuid.UUID, origin pactOrigin, refused error) (*pact.Supplier, bool, error) {
	source := origin.URL
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc); err != nil {
		return nil, false, refused
	}
	company := pact.CompanyOf(doc)
	owner, _, _ := access.AuditActor(ctx)
	var sup *pact.Supplier
	created := false
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		last, ok, err := latestPACTRecord(tx, owner, id)
		if err != nil {
			return err
		} else if !ok {
			return refused // not held: nothing to deprecate
		}
		if zh, en, field := otherSupplier(last, company, origin); en != "" {
			return footprint.FieldErrorf(footprint.ECONFLICT, field,
				"PACT 足迹 %[1]s 已存储的版本%[2]s：另一数据所有者的文件不能弃用它。PACT footprint %[1]s is stored %[3]s: another data owner's document does not deprecate it", id, zh, en)
		}
		if zh, en := fetchedOnly(last, source); en != "" {
			return footprint.FieldErrorf(footprint.ECONFLICT, "pact_footprint.id", "PACT 足迹 %[1]s 已存储的版本%[2]s。PACT footprint %[1]s is stored %[3]s", id, zh, en)
		}
		now := s.db.now()
		_, done, err := pactDeprecation(tx, owner, id)
		if err != nil {
			return err
		}
		if !done {
			rec := &pactDeprecationRecord{V: recordV1, ID: id.String(), Owner: owner, StoredAt: now, Source: source, Document: compact.Bytes()}
			if err := putJSON(tx.Bucket(pactDeprecatedBucket), pactFootprintPrefix(owner, id), rec); err != nil {
				return err
			}
			created = true
			action, detail := access.AuditPACTFootprintUpload, "Deprecated by its data owner"
			if source != "" {
				action, detail = pact.AuditFootprintFetch, "fetched from "+source+"; "+detail
			}
			if err := audit(ctx, tx, now, action, "pact-footprint/"+id.String(), detail); err != nil {
				return err
			}
		}
		versions := pactVersions(tx, owner, id)
		sup, err = findPACTSupplierDoc(tx, owner, pact.SupplierRefPrefix+id.String(), versions[len(versions)-1])
		return err
	})
	if err != nil {
		return nil, false, internal("save PACT footprint deprecation", err)
	}
	return sup, created, nil
}

// notOwnCertificate returns ECONFLICT, naming the field pact_footprint.id,
// when id is the ID of a certificate of this service: every certificate is
// a PACT footprint under its own ID (GET /3/footprints/{id}), and a copy of
// it, uploaded or fetched, is not the certificate. Anyone can edit a copy
// (an Active status on a withdrawn certificate, a smaller figure); a
// supplier's certified product is referenced as the certificate itself,
// whose signed figure and live status a calculation reads.
func notOwnCertificate(tx *bolt.Tx, id uuid.UUID) error {
	if tx.Bucket(certificatesBucket).Get(id[:]) == nil {
		return nil
	}
	return footprint.FieldErrorf(footprint.ECONFLICT, "pact_footprint.id",
		"PACT footprint %s is certificate %s of this service: reference the certificate itself as the supplier (its ID or number), not a copy of its PACT footprint", id, certificateName(tx, id))
}

// notOwnFootprint returns the refusal of notOwnCertificate for id, or
// EINVALID naming the field when the document states itself as this
// service's own footprint by another of its marks (pact.IssuedHereMarks): a
// certificate number or certificate ID this service issued (in the
// comment, the verification or assurance, an extension, a verification
// URL), or a company or product identifier naming a holder of its
// certificates or a certified model as its footprints name them. An
// edited copy of a certificate's footprint under another id carries
// them; a supplier's own footprint names its own company and product.
func notOwnFootprint(tx *bolt.Tx, id uuid.UUID, marks []pact.Mark) error {
	if err := notOwnCertificate(tx, id); err != nil {
		return err
	}
	for _, m := range marks {
		var what string
		switch m.Kind {
		case pact.MarkNumber:
			if tx.Bucket(certNumbersBucket).Get([]byte(m.Value)) != nil {
				what = "names certificate " + m.Value + " of this service"
			}
		case pact.MarkCertificateID:
			if cid, err := uuid.Parse(m.Value); err == nil && tx.Bucket(certificatesBucket).Get(cid[:]) != nil {
				what = "names certificate " + certificateName(tx, cid) + " of this service"
			}
		case pact.MarkOrganisation:
			if holdsCertificates(tx, m.Value) {
				what = fmt.Sprintf("(%s) names %q, a holder of certificates of this service, the way this service names them", truncateMark(m.Text), m.Value)
			}
		case pact.MarkProduct:
			if key := certModelKey(m.Value, m.Model); key != nil && tx.Bucket(certModelsBucket).Get(key) != nil {
				what = fmt.Sprintf("(%s) names model %q of %q, certified by this service, the way this service names it", truncateMark(m.Text), m.Model, m.Value)
			}
		}
		if what != "" {
			return footprint.FieldErrorf(footprint.EINVALID, m.Field,
				"PACT footprint %s: %s %s, so it states itself as this service's footprint of a certificate, not a supplier's own: reference the certificate itself as the supplier (its ID or number), not a copy of its PACT footprint", id, strings.TrimPrefix(m.Field, "pact_footprint."), what)
		}
	}
	return nil
}

// holdsCertificates reports whether organisation org holds a certificate
// of this service (any status).
func holdsCertificates(tx *bolt.Tx, org string) bool {
	prefix := append([]byte(org), 0)
	k, _ := tx.Bucket(certOwnersBucket).Cursor().Seek(prefix)
	return k != nil && bytes.HasPrefix(k, prefix)
}

// certificateName is "<number> (<id>)" for certificate id, or its ID
// alone when its record cannot be read.
func certificateName(tx *bolt.Tx, id uuid.UUID) string {
	if rec, err := findCertificateRecord(tx, id); err == nil {
		if c, err := rec.certificate(); err == nil {
			return c.Number + " (" + id.String() + ")"
		}
	}
	return id.String()
}

// truncateMark shortens the text a mark was read from for a message.
func truncateMark(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:100]) + "…"
	}
	return s
}

// Which stored version of a footprint a lookup reads.
const (
	pactLatest = -1 // the highest version: what a new calculation uses
	pactFirst  = -2 // the lowest: what a study calculated before results recorded versions used
)

// findPACTSupplierDoc reads, in tx, owner's stored PACT footprint that a
// BOM line references as ref ("pact:<id>"), in version (or pactLatest,
// pactFirst), with its id, spec version and version (what a certificate's
// supplier list records). Returns ENOTFOUND naming the reference when
// owner has stored no such footprint (another organisation's footprint
// with that id is not found either), and for pactLatest (what a new
// calculation reads) ECONFLICT when the id is a certificate's of this
// service, EINVALID when the document states itself as this service's
// footprint by another mark (notOwnFootprint) and EINVALID naming the
// field "supplier" when another of owner's footprints replaces it
// (notReplaced). A stored document that
// pact.ParseSupplier refuses today (a check added after it was stored),
// or for pactLatest pact.Supplier.CheckCCUCredit (red team 69's check, of
// the upload and the fetch: a new calculation ran on a CCU credit stored
// before), is EINVALID naming "supplier" and the reference, marked
// pact.RefusedError: it must be uploaded again, corrected.
func findPACTSupplierDoc(tx *bolt.Tx, owner, ref string, version int) (*pact.Supplier, error) {
	raw := strings.TrimPrefix(ref, pact.SupplierRefPrefix)
	id, err := uuid.Parse(raw)
	if err != nil || len(raw) != 36 {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "supplier footprint %q not found (want pact:<footprint UUID>)", ref)
	}
	versions := pactVersions(tx, owner, id)
	if len(versions) == 0 {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "supplier footprint %q not found: %s has not uploaded or fetched a PACT footprint with that id", ref, owner)
	}
	latest := version == pactLatest
	switch version {
	case pactLatest:
		// A new calculation: a copy of a certificate of this service,
		// stored before SaveSupplierFootprint refused them, is not used
		// (notOwnFootprint, below).
		version = versions[len(versions)-1]
	case pactFirst:
		version = versions[0]
	}
	var rec pactFootprintRecord
	if err := findJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, id, version), &rec, "supplier footprint %q version %d not found", ref, version); err != nil {
		return nil, err
	}
	deprecatedAt, deprecated, err := pactDeprecation(tx, owner, id)
	if err != nil {
		return nil, err
	}
	if latest && deprecated {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "supplier",
			"供应商足迹 %[1]s 已被其数据所有者弃用（Deprecated，于 %[2]s 存储）：请索取现行足迹。The supplier footprint %[1]s is Deprecated by its data owner (stored on %[2]s): ask for the current one", ref, storedDay(deprecatedAt))
	}
	if latest {
		// Nor a copy stored under another id before the other marks
		// were refused.
		if err := notOwnFootprint(tx, id, pact.IssuedHereMarks(rec.Document)); err != nil {
			return nil, err
		}
		// Nor one that another footprint the owner stored replaces
		// (precedingPfIds, red team 21).
		if err := notReplaced(tx, owner, ref, id); err != nil {
			return nil, err
		}
	}
	sup, err := pact.ParseSupplier(rec.Document)
	if err == nil && latest {
		// Nor one by the CCU credit approach, which the upload and the
		// fetch refuse since red team 69 (pact.Supplier.CheckCCUCredit):
		// a study calculated today does not net the credit.
		err = sup.CheckCCUCredit()
	}
	if err != nil {
		// Stored when it passed, refused by a check added since: the
		// owner's data to correct, not a damaged file. The reason comes
		// last, so that an answer cut to its length keeps what to do; its
		// Chinese goes to the Chinese half (red team 64: the English half
		// held the whole bilingual reason). It names "supplier", which a
		// calculation names as the study's line (pactLineError).
		return nil, storedRefusedToday(ref, err)
	}
	sup.Footprint.ID = ref
	sup.FetchedFrom, sup.StoredBy, sup.StoredAt, sup.DeprecatedAt = rec.Source, rec.Owner, rec.UploadedAt, deprecatedAt
	sup.FetchedClient = rec.Client
	return sup, nil
}

// storedRefusedToday is the refusal of the stored supplier footprint ref
// by err, today's check it fails: EINVALID naming "supplier" (which a
// calculation names as the study's line: pactLineError), marked
// pact.RefusedError, the check's reason last in each language.
func storedRefusedToday(ref string, err error) error {
	return pact.NewRefusedError(footprint.FieldErrorf(footprint.EINVALID, "supplier", "the stored supplier footprint %s no longer passes the upload checks and must be uploaded again, corrected: %s", ref, footprint.ErrorMessage(err)))
}

// studyPACTSupplier reads, in tx, the PACT footprint ref of study st as
// st's stored result used it: among the footprints of st's owner, the
// version the result records; for a result calculated before results
// recorded versions, the first version stored (the only one there could
// be then); for a study without a result, the latest.
//
// A document today's checks refuse, the CCU credit approach among them
// (pact.Supplier.CheckCCUCredit), is ECONFLICT naming the study's line
// (storedPACTRefusal): no application, recalculation check or issue rests
// on it.
func studyPACTSupplier(tx *bolt.Tx, st *footprint.Study, ref string) (*pact.Supplier, error) {
	sup, err := studyPACTDoc(tx, st, ref)
	if err == nil {
		if err = sup.CheckCCUCredit(); err != nil {
			return nil, storedPACTRefusal(st, ref, storedRefusedToday(ref, err))
		}
	}
	return sup, err
}

// studyPACTDoc is studyPACTSupplier but for the CCU credit check: the
// document as the study's result used it, for the certifier's review,
// which shows its figures and warns of the credit.
func studyPACTDoc(tx *bolt.Tx, st *footprint.Study, ref string) (*pact.Supplier, error) {
	version := pactLatest
	if st.Result != nil {
		version = pactFirst
		if v, ok := pact.ResultVersion(st.Result, ref); ok {
			version = v
		}
	}
	sup, err := findPACTSupplierDoc(tx, st.Owner, ref, version)
	if _, ok := errors.AsType[*pact.RefusedError](err); ok {
		return nil, storedPACTRefusal(st, ref, err)
	}
	return sup, err
}

// storedPACTRefusal is err, findPACTSupplierDoc's refusal of the stored
// footprint ref by today's checks, as the refusal of study st on it:
// ECONFLICT naming the study's line (the request is sound, the stored
// document is not), in both languages, saying that no certificate is
// issued on it and which check refuses it (last, so that an answer cut to
// its length keeps what to do), marked pact.RefusedError for the review.
// Before, a study on such a document failed its certifier's whole review
// (a 400) rather than show the line refused.
func storedPACTRefusal(st *footprint.Study, ref string, err error) error {
	zh, en := bilingualHalves(footprint.ErrorMessage(err))
	return pact.NewRefusedError(footprint.FieldErrorf(footprint.ECONFLICT, pact.SupplierLinePath(st, ref),
		"研究 %[1]s 所用的供应商足迹 %[2]s 已不能通过现行检查，不能据此申请或签发证书：请向供应商索取更正后的足迹，上传后重新计算研究；%[3]s。Supplier footprint %[2]s that study %[1]s used no longer passes today's checks, so no certificate is applied for or issued on it: ask the supplier for a corrected footprint, upload it and recalculate the study; %[4]s",
		st.ID, ref, strings.TrimSuffix(zh, "。"), en))
}

// bilingualHalves splits msg, a bilingual message ("中文。English"), at
// its last "。" into its Chinese and its English, to be set into the two
// halves of another; a message not of that form is both.
func bilingualHalves(msg string) (zh, en string) {
	if zh, en, ok := bilingual.Halves(msg); ok {
		return strings.TrimSuffix(zh, "。"), en
	}
	return msg, msg
}

// FindPACTSupplier returns the PACT footprint a BOM line of study st
// references as ref ("pact:<id>"), as the study's result used it
// (studyPACTSupplier): among the footprints of the study's owner, in the
// version the result records. The certifier's review shows it. Returns
// ENOTFOUND naming the reference, and a pact.RefusedError (ECONFLICT
// naming the study's line) when today's checks refuse the stored document
// (studyPACTDoc): the review shows the line refused. A CCU credit is not
// refused here: the review shows its figures and warns of it, and the
// issue refuses it (studyPACTSupplier).
func (s *CertificationService) FindPACTSupplier(ctx context.Context, st *footprint.Study, ref string) (*pact.Supplier, error) {
	out, err := view(ctx, s.db, "find PACT supplier footprint", func(tx *bolt.Tx) (*pact.Supplier, error) {
		return studyPACTDoc(tx, st, ref)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// migratePACTFootprintOwners moves the footprints of schema 1, keyed by
// footprint UUID alone (which let one organisation's upload stand in for
// another's), to their owner's keys (pactFootprintKey: the organisation
// that stored it, the UUID, the version its document states). Keys of the
// new layout are never 16 bytes long, so running it again changes
// nothing.
func migratePACTFootprintOwners(tx *bolt.Tx) error {
	b := tx.Bucket(pactFootprintsBucket)
	type move struct {
		old, new []byte
		value    []byte
	}
	var moves []move
	err := b.ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return nil
		}
		var rec pactFootprintRecord
		if err := decodeJSON(v, &rec); err != nil {
			return fmt.Errorf("PACT footprint %x: %w", k, err)
		}
		id, err := uuid.FromBytes(k)
		if err != nil {
			return fmt.Errorf("PACT footprint key %x: %w", k, errCorrupt)
		}
		version, err := storedPACTVersion(rec.Document)
		if err != nil {
			return fmt.Errorf("PACT footprint %s: %w: %w", id, err, errCorrupt)
		}
		moves = append(moves, move{bytes.Clone(k), pactFootprintKey(rec.Owner, id, version), bytes.Clone(v)})
		return nil
	})
	if err != nil {
		return err
	}
	// bbolt: no writes to a bucket while ForEach walks it.
	for _, m := range moves {
		if err := b.Put(m.new, m.value); err != nil {
			return fmt.Errorf("put PACT footprint: %w", err)
		}
		if err := b.Delete(m.old); err != nil {
			return fmt.Errorf("delete PACT footprint: %w", err)
		}
	}
	return nil
}

// storedPACTVersion reads the version of a stored footprint document as
// pact.ParseSupplier reads it (the v2 version; 0 in v3), without the rest
// of its checks, which may have become stricter since it was stored.
func storedPACTVersion(doc []byte) (int, error) {
	doc, err := storedPACTData(doc)
	if err != nil {
		return 0, err
	}
	var w struct {
		SpecVersion string `json:"specVersion"`
		Version     *int   `json:"version"`
	}
	if err := json.Unmarshal(doc, &w); err != nil {
		return 0, err
	}
	if !strings.HasPrefix(w.SpecVersion, "2.") || w.Version == nil || *w.Version < 0 {
		return 0, nil
	}
	return *w.Version, nil
}

func (r *pactFootprintRecord) version() int { return r.V }

// pactEndpointsBucket holds the suppliers' PACT hosts manufacturers
// registered to fetch footprints from: owner organisation + 0x00 + endpoint
// name → pactEndpointRecord. The client secret is stored as given (it must
// be presented to the supplier's host); the API never returns it.
var pactEndpointsBucket = []byte("pact_endpoints")

type pactEndpointRecord struct {
	V            int       `json:"v"`
	Name         string    `json:"name"`
	Owner        string    `json:"owner"`
	URL          string    `json:"url"`
	ClientID     string    `json:"client_id"`
	ClientSecret string    `json:"client_secret"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func (r *pactEndpointRecord) version() int { return r.V }

func (r *pactEndpointRecord) domain() *pact.Endpoint {
	return &pact.Endpoint{Name: r.Name, Owner: r.Owner, URL: r.URL, ClientID: r.ClientID, ClientSecret: r.ClientSecret, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func endpointPrefix(owner string) []byte { return append([]byte(owner), 0) }

func endpointKey(owner, name string) []byte { return append(endpointPrefix(owner), name...) }

// callerOrg returns the context's organisation; EUNAUTHORIZED without one.
func callerOrg(ctx context.Context) (string, error) {
	p := access.PrincipalFromContext(ctx)
	if p == nil || p.Org == "" {
		return "", footprint.Errorf(footprint.EUNAUTHORIZED, "authentication required")
	}
	return p.Org, nil
}

var _ pact.EndpointStore = (*CertificationService)(nil)

// SaveEndpoint implements pact.EndpointStore.
func (s *CertificationService) SaveEndpoint(ctx context.Context, e *pact.Endpoint) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	owner, err := callerOrg(ctx)
	if err != nil {
		return false, err
	}
	if err := e.Validate(); err != nil {
		return false, err
	}
	created := false
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		now := s.db.now()
		b := tx.Bucket(pactEndpointsBucket)
		rec := pactEndpointRecord{V: recordV1, Name: e.Name, Owner: owner, URL: e.URL, ClientID: e.ClientID, ClientSecret: e.ClientSecret, CreatedAt: now, UpdatedAt: now}
		var old pactEndpointRecord
		if ok, err := getJSON(b, endpointKey(owner, e.Name), &old); err != nil {
			return err
		} else if ok {
			rec.CreatedAt = old.CreatedAt
		} else {
			created = true
		}
		if err := putJSON(b, endpointKey(owner, e.Name), &rec); err != nil {
			return err
		}
		*e = *rec.domain()
		// The detail names the host and client, never the secret.
		return audit(ctx, tx, now, pact.AuditEndpointSave, "pact-endpoint/"+owner+"/"+e.Name, fmt.Sprintf("%s as client %q", e.URL, e.ClientID))
	})
	return created, internal("save PACT endpoint", err)
}

// FindEndpoint implements pact.EndpointStore.
func (s *CertificationService) FindEndpoint(ctx context.Context, name string) (*pact.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	owner, err := callerOrg(ctx)
	if err != nil {
		return nil, err
	}
	var rec pactEndpointRecord
	err = s.db.db.View(func(tx *bolt.Tx) error {
		return findJSON(tx.Bucket(pactEndpointsBucket), endpointKey(owner, name), &rec, "PACT endpoint %q not found", name)
	})
	if err != nil {
		return nil, internal("find PACT endpoint", err)
	}
	return rec.domain(), nil
}

// FindEndpoints implements pact.EndpointStore.
func (s *CertificationService) FindEndpoints(ctx context.Context) ([]*pact.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	owner, err := callerOrg(ctx)
	if err != nil {
		return nil, err
	}
	return s.FindOwnerEndpoints(ctx, owner)
}

// FindOwnerEndpoints lists the PACT endpoints organisation owner
// registered, with their credentials, by name, whoever asks: the service
// asks a supplier's host again, with the credentials the study's owner
// registered, for a footprint it fetched, before an application for the
// study and before its certifier issues the certificate (red team 55). It
// is no API route: nothing shows the credentials.
func (s *CertificationService) FindOwnerEndpoints(ctx context.Context, owner string) ([]*pact.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []*pact.Endpoint{}
	err := s.db.db.View(func(tx *bolt.Tx) error {
		return scanPrefix(tx.Bucket(pactEndpointsBucket), endpointPrefix(owner), func(rec *pactEndpointRecord) error {
			out = append(out, rec.domain())
			return nil
		})
	})
	return out, internal("find PACT endpoints", err)
}

// pactSharesBucket holds the holders' shares of PACT footprints (docs/pact.md
// "Who sees what"): certificate UUID (16 bytes) + partner organisation name →
// pactShareRecord. The key's prefix lists a footprint's shares in partner
// order.
var pactSharesBucket = []byte("pact_shares")

// pactSharePartnersBucket indexes the shares by partner: partner
// organisation name 0x00 certificate UUID (16 bytes) → "". SharedWith,
// which every authenticated PACT request calls, reads one partner's
// entries instead of every share in the file.
var pactSharePartnersBucket = []byte("pact_share_partners")

func sharePartnerKey(id uuid.UUID, partner string) []byte {
	return append(append([]byte(partner), 0), id[:]...)
}

// putShare stores rec under its footprint and partner and indexes it by
// partner.
func putShare(tx *bolt.Tx, id uuid.UUID, rec *pactShareRecord) error {
	if err := putJSON(tx.Bucket(pactSharesBucket), shareKey(id, rec.Partner), rec); err != nil {
		return err
	}
	return tx.Bucket(pactSharePartnersBucket).Put(sharePartnerKey(id, rec.Partner), nil)
}

// indexPACTSharePartners builds pact_share_partners from the shares
// stored, for a file written before it existed.
func indexPACTSharePartners(tx *bolt.Tx) error {
	idx := tx.Bucket(pactSharePartnersBucket)
	return tx.Bucket(pactSharesBucket).ForEach(func(k, _ []byte) error {
		if len(k) <= 16 {
			return fmt.Errorf("PACT share key %x: %w", k, errCorrupt)
		}
		return idx.Put(sharePartnerKey(uuid.UUID(k[:16]), string(k[16:])), nil)
	})
}

type pactShareRecord struct {
	V           int       `json:"v"`
	FootprintID string    `json:"footprint_id"`
	Partner     string    `json:"partner"`
	Holder      string    `json:"holder"`
	SharedAt    time.Time `json:"shared_at"`
}

func (r *pactShareRecord) version() int { return r.V }

func (r *pactShareRecord) domain() *pact.Share {
	id, _ := uuid.Parse(r.FootprintID)
	return &pact.Share{FootprintID: id, Partner: r.Partner, Holder: r.Holder, SharedAt: r.SharedAt}
}

func shareKey(id uuid.UUID, partner string) []byte {
	return append(bytes.Clone(id[:]), partner...)
}

var _ pact.ShareStore = (*CertificationService)(nil)

// heldCertificate reads, in tx, a certificate the context's principal holds.
// Returns ENOTFOUND for one it does not hold, as for one that does not
// exist.
func heldCertificate(ctx context.Context, tx *bolt.Tx, id uuid.UUID) (*certificateRecord, error) {
	rec, err := findCertificateRecord(tx, id)
	if err != nil {
		return nil, err
	}
	if p := access.PrincipalFromContext(ctx); p == nil || p.Org != rec.Manufacturer {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
	}
	return rec, nil
}

// updateHeld runs fn in a write transaction on certificate id, which the
// context's principal must hold (heldCertificate), after checking the
// context; an error that is not a domain error is wrapped with op
// (internal).
func (s *CertificationService) updateHeld(ctx context.Context, op string, id uuid.UUID, fn func(tx *bolt.Tx, now time.Time, rec *certificateRecord) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		now := s.db.now()
		rec, err := heldCertificate(ctx, tx, id)
		if err != nil {
			return err
		}
		return fn(tx, now, rec)
	})
	return internal(op, err)
}

// ShareFootprint implements pact.ShareStore.
func (s *CertificationService) ShareFootprint(ctx context.Context, id uuid.UUID, partner string) (*pact.Share, bool, error) {
	var out *pactShareRecord
	created := false
	err := s.updateHeld(ctx, "share PACT footprint", id, func(tx *bolt.Tx, now time.Time, rec *certificateRecord) error {
		org, err := findOrg(tx, partner)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			return footprint.FieldErrorf(footprint.ENOTFOUND, "partner", "organisation %q not found", partner)
		} else if err != nil {
			return err
		}
		// Those who exchange PACT footprints (the PACT routes' roles), by
		// a list of who may rather than who may not: neither the operator
		// nor a factor curator reads the PACT API, and a role added later
		// is not a recipient until it is said to be one.
		if !slices.Contains([]access.Role{access.RoleManufacturer, access.RoleCertifier, access.RoleRegulator, access.RolePartner}, org.Role) || org.Name == rec.Manufacturer {
			return footprint.FieldErrorf(footprint.EINVALID, "partner", "a footprint is shared with another organisation that exchanges PACT footprints, not with %q", partner)
		}
		b := tx.Bucket(pactSharesBucket)
		var old pactShareRecord
		m, err := s.db.restoredMark(tx)
		if err != nil {
			return err
		}
		if ok, err := getJSON(b, shareKey(id, partner), &old); err != nil {
			return err
		} else if ok && !m.sharePending(&old) {
			out = &old // shared already: nothing changes
			return nil
		}
		out = &pactShareRecord{V: recordV1, FootprintID: id.String(), Partner: partner, Holder: rec.Manufacturer, SharedAt: now}
		if err := putShare(tx, id, out); err != nil {
			return err
		}
		created = true
		return audit(ctx, tx, now, pact.AuditShare, "certificate/"+id.String(), fmt.Sprintf("PACT footprint details shared with %q", partner))
	})
	if err != nil {
		return nil, false, err
	}
	return out.domain(), created, nil
}

// RevokeShare implements pact.ShareStore.
func (s *CertificationService) RevokeShare(ctx context.Context, id uuid.UUID, partner string) error {
	return s.record(ctx, "revoke PACT share", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		if _, err := heldCertificate(ctx, tx, id); err != nil {
			return "", "", "", err
		}
		b := tx.Bucket(pactSharesBucket)
		if b.Get(shareKey(id, partner)) == nil {
			return "", "", "", footprint.FieldErrorf(footprint.ENOTFOUND, "partner", "footprint %s is not shared with %q", id, partner)
		}
		if err := b.Delete(shareKey(id, partner)); err != nil {
			return "", "", "", err
		}
		if err := tx.Bucket(pactSharePartnersBucket).Delete(sharePartnerKey(id, partner)); err != nil {
			return "", "", "", err
		}
		return pact.AuditShareRevoke, "certificate/" + id.String(), fmt.Sprintf("PACT footprint details no longer shared with %q", partner), nil
	})
}

// FindShares implements pact.ShareStore.
func (s *CertificationService) FindShares(ctx context.Context, id uuid.UUID) ([]*pact.Share, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []*pact.Share{}
	err := s.db.db.View(func(tx *bolt.Tx) error {
		if _, err := heldCertificate(ctx, tx, id); err != nil {
			return err
		}
		m, err := s.db.restoredMark(tx)
		if err != nil {
			return err
		}
		return scanPrefix(tx.Bucket(pactSharesBucket), id[:], func(rec *pactShareRecord) error {
			if !m.sharePending(rec) { // one the restore brought back is not in force
				out = append(out, rec.domain())
			}
			return nil
		})
	})
	return out, internal("find PACT shares", err)
}

// SharedWith implements pact.ShareStore. It reads the partner's entries
// of pact_share_partners: its cost grows with the footprints shared with
// the partner, not with the shares in the file. After a restore, it reads
// each share too, leaving out those the copy brought back
// (restoreMark.sharePending).
func (s *CertificationService) SharedWith(ctx context.Context, partner string) (map[uuid.UUID]bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[uuid.UUID]bool{}
	prefix := append([]byte(partner), 0)
	err := s.db.db.View(func(tx *bolt.Tx) error {
		m, err := s.db.restoredMark(tx)
		if err != nil {
			return err
		}
		c := tx.Bucket(pactSharePartnersBucket).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) != len(prefix)+16 {
				return fmt.Errorf("PACT share partner key %x: %w", k, errCorrupt)
			}
			id := uuid.UUID(k[len(prefix):])
			if m != nil {
				var rec pactShareRecord
				if ok, err := getJSON(tx.Bucket(pactSharesBucket), shareKey(id, partner), &rec); err != nil {
					return fmt.Errorf("PACT share: %w", err)
				} else if !ok {
					return fmt.Errorf("PACT share %s %q indexed but missing: %w", id, partner, errCorrupt)
				}
				if m.sharePending(&rec) {
					continue
				}
			}
			out[id] = true
		}
		return nil
	})
	return out, internal("find PACT shares", err)
}

// pactCPCBucket holds the CPC codes holders declared for PACT v2:
// certificate UUID (16 bytes) → pactCPCRecord. Write-once.
var pactCPCBucket = []byte("pact_cpc")

type pactCPCRecord struct {
	V          int       `json:"v"`
	ID         string    `json:"id"`
	Code       string    `json:"code"`
	Holder     string    `json:"holder"`
	DeclaredAt time.Time `json:"declared_at"`
}

func (r *pactCPCRecord) version() int { return r.V }

func (r *pactCPCRecord) domain() *pact.DeclaredCPC {
	id, _ := uuid.Parse(r.ID)
	return &pact.DeclaredCPC{FootprintID: id, Code: r.Code, Holder: r.Holder, DeclaredAt: r.DeclaredAt}
}

var _ pact.Store = (*CertificationService)(nil)

// DeclareCPC implements pact.CPCStore.
func (s *CertificationService) DeclareCPC(ctx context.Context, id uuid.UUID, code string) (*pact.DeclaredCPC, bool, error) {
	if err := pact.ValidateCPC("cpc", code); err != nil {
		return nil, false, err
	}
	var out *pactCPCRecord
	created := false
	err := s.updateHeld(ctx, "declare CPC code", id, func(tx *bolt.Tx, now time.Time, rec *certificateRecord) error {
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		// The declaration gives the footprint a v2 form: a withdrawn or
		// superseded footprint is final (Deprecated), a suspended one
		// withheld, an expired one may no longer be used for claims.
		if st := c.StatusAt(certification.CertificateStatus(rec.Status), now); st != certification.CertificateValid {
			return footprint.FieldErrorf(footprint.ECONFLICT, "status", "certificate %s is %s: a CPC code is declared for a valid certificate only", c.Number, st)
		}
		for _, pc := range c.Product.Codes {
			if pc.Scheme == "CPC" {
				return footprint.FieldErrorf(footprint.EINVALID, "cpc", "certificate %s names CPC code %s itself", c.Number, pc.Code)
			}
		}
		b := tx.Bucket(pactCPCBucket)
		var old pactCPCRecord
		if ok, err := getJSON(b, id[:], &old); err != nil {
			return err
		} else if ok {
			if old.Code != code {
				return footprint.FieldErrorf(footprint.ECONFLICT, "cpc", "CPC code %s is declared for certificate %s and cannot change (the PACT v2 footprint would change)", old.Code, c.Number)
			}
			out = &old
			return nil
		}
		out = &pactCPCRecord{V: recordV1, ID: id.String(), Code: code, Holder: rec.Manufacturer, DeclaredAt: now}
		if err := putJSON(b, id[:], out); err != nil {
			return err
		}
		if err := tx.Bucket(pactIndexBucket).Put(append(pact.DeclaredCPCKey(code), rec.Number...), nil); err != nil {
			return fmt.Errorf("put PACT footprint index: %w", err)
		}
		created = true
		return audit(ctx, tx, now, pact.AuditCPCDeclare, "certificate/"+id.String(), "UN CPC code "+code+" declared for PACT v2")
	})
	if err != nil {
		return nil, false, err
	}
	return out.domain(), created, nil
}

// DeclaredCPCs implements pact.CPCStore.
func (s *CertificationService) DeclaredCPCs(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[uuid.UUID]string{}
	err := s.db.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(pactCPCBucket)
		for _, id := range ids {
			var rec pactCPCRecord
			if ok, err := getJSON(b, id[:], &rec); err != nil {
				return fmt.Errorf("declared CPC code of %s: %w", id, err)
			} else if ok {
				out[id] = rec.Code
			}
		}
		return nil
	})
	return out, internal("find declared CPC codes", err)
}

// The replacement index (pact_replaced) records which of an organisation's stored PACT footprints
// another of its stored footprints replaces (red team 21). PACT 3 has no
// versions: a supplier that changes a footprint publishes a new one under
// a new id that names the old one in precedingPfIds, and the old one
// becomes Deprecated in the supplier's system. The manufacturer's stored
// copy of the old one keeps saying Active; the replacement it stored
// since says otherwise, and a new calculation reads that.

// pactReplacedBucket indexes, per organisation, the footprints its stored
// footprints replace: <owner><replaced UUID, 16 bytes><replacing UUID, 16
// bytes> → "". A footprint belongs to the organisation that stored it
// (pactFootprintsBucket): another organisation's replacement does not
// replace this one's footprint, which may be another document under the
// same id.
var pactReplacedBucket = []byte("pact_replaced")

func pactReplacedPrefix(owner string, id uuid.UUID) []byte {
	return append(ownerPrefix(owner), id[:]...)
}

// precedingIDs returns the footprints a document with id names in
// precedingPfIds (as read), without id itself (a document naming itself
// replaces nothing) and without repeats. An entry that is not a UUID is
// an error naming it.
func precedingIDs(id uuid.UUID, preceding []string) ([]uuid.UUID, error) {
	var out []uuid.UUID
	for i, raw := range preceding {
		p, err := uuid.Parse(raw)
		if err != nil || len(raw) != 36 {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("pact_footprint.precedingPfIds[%d]", i),
				"precedingPfIds[%d] %q is not a footprint id (a UUID)", i, truncateMark(raw))
		}
		if p != id && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// putPACTReplaced records, in tx, that owner's footprint by replaces
// each of preceding.
func putPACTReplaced(tx *bolt.Tx, owner string, by uuid.UUID, preceding []uuid.UUID) error {
	b := tx.Bucket(pactReplacedBucket)
	for _, p := range preceding {
		if err := b.Put(append(pactReplacedPrefix(owner, p), by[:]...), nil); err != nil {
			return fmt.Errorf("put PACT replaced index: %w", err)
		}
	}
	return nil
}

// pactReplacedBy returns the footprint among owner's that replaces
// owner's footprint id (the first by UUID when several do), ok false when
// none does.
func pactReplacedBy(tx *bolt.Tx, owner string, id uuid.UUID) (uuid.UUID, bool) {
	prefix := pactReplacedPrefix(owner, id)
	k, _ := tx.Bucket(pactReplacedBucket).Cursor().Seek(prefix)
	if k == nil || !bytes.HasPrefix(k, prefix) || len(k) != len(prefix)+16 {
		return uuid.Nil, false
	}
	return uuid.UUID(k[len(prefix):]), true
}

// pactReplacement returns, when another footprint owner stored replaces
// owner's footprint id, the chain from id to the last replacement (A
// replaced by B, B by C: A, B, C; a cycle ends where it turns) and when
// the last was stored (zero if it cannot be read).
func pactReplacement(tx *bolt.Tx, owner string, id uuid.UUID) ([]uuid.UUID, time.Time) {
	by, ok := pactReplacedBy(tx, owner, id)
	if !ok {
		return nil, time.Time{}
	}
	chain := []uuid.UUID{id, by}
	for {
		next, ok := pactReplacedBy(tx, owner, by)
		if !ok || slices.Contains(chain, next) {
			break
		}
		chain, by = append(chain, next), next
	}
	var stored time.Time
	if versions := pactVersions(tx, owner, by); len(versions) > 0 {
		var rec pactFootprintRecord
		if ok, err := getJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, by, versions[len(versions)-1]), &rec); err == nil && ok {
			stored = rec.UploadedAt
		}
	}
	return chain, stored
}

// notReplaced returns EINVALID, naming the field "supplier" (pactLineError
// names the BOM line), when another footprint owner stored replaces
// owner's footprint id: a new calculation does not use a footprint its
// owner withdrew for another, as it does not use a Deprecated one. It
// names the last of a chain (A replaced by B, B by C: use C), when that
// was stored, and who names whom. A replacement that is itself replaced,
// or stored in a form today's checks refuse, still replaces: the
// calculation on it says what is wrong with it.
func notReplaced(tx *bolt.Tx, owner, ref string, id uuid.UUID) error {
	chain, stored := pactReplacement(tx, owner, id)
	if chain == nil {
		return nil
	}
	namesZH, namesEN := replacementNames(chain)
	return footprint.FieldErrorf(footprint.EINVALID, "supplier",
		"供应商足迹 %[1]s 已被 %[2]s 取代（于 %[3]s 存储；precedingPfIds：%[4]s）：请改用它。The supplier footprint %[1]s is replaced by %[2]s, stored on %[3]s (precedingPfIds: %[5]s): use it",
		ref, pact.SupplierRefPrefix+chain[len(chain)-1].String(), storedDay(stored), namesZH, namesEN)
}

// replacementNames says who names whom in precedingPfIds along a chain
// from pactReplacement, in Chinese and in English.
func replacementNames(chain []uuid.UUID) (zh, en string) {
	var namesZH, namesEN []string
	for i := 1; i < len(chain); i++ {
		a, b := pact.SupplierRefPrefix+chain[i].String(), pact.SupplierRefPrefix+chain[i-1].String()
		namesZH, namesEN = append(namesZH, a+" 列出 "+b), append(namesEN, a+" names "+b)
	}
	return strings.Join(namesZH, "，"), strings.Join(namesEN, ", ")
}

// notReplacedAtUpload returns EINVALID naming pact_footprint.id when a
// footprint owner already stored replaces footprint id (names it in
// precedingPfIds): the upload, or the fetch, of a replaced footprint after
// its replacement. It names the last of a chain and when it was stored.
func notReplacedAtUpload(tx *bolt.Tx, owner string, id uuid.UUID) error {
	chain, stored := pactReplacement(tx, owner, id)
	if chain == nil {
		return nil
	}
	namesZH, namesEN := replacementNames(chain)
	ref := pact.SupplierRefPrefix + id.String()
	return footprint.FieldErrorf(footprint.EINVALID, "pact_footprint.id",
		"PACT 足迹 %[1]s 已被 %[2]s 取代（于 %[3]s 存储；precedingPfIds：%[4]s）：被取代的足迹不再存储，请使用取代它的足迹。The PACT footprint %[1]s is replaced by %[2]s, stored on %[3]s (precedingPfIds: %[5]s): a replaced footprint is not stored; use its replacement",
		ref, pact.SupplierRefPrefix+chain[len(chain)-1].String(), storedDay(stored), namesZH, namesEN)
}

// studyNotReplaced returns ECONFLICT, naming the BOM line's supplier, when
// a PACT footprint stored study st uses has been replaced since by a
// footprint st's owner stored (names it in precedingPfIds): an
// application and the issue refuse it, as they refuse a supplier
// certificate withdrawn, or a PACT footprint expired, since the study was
// calculated (validSuppliers); so, naming the same, when st's owner has
// stored a later version of it (a PACT v2 update, laterPACTVersion). The
// study keeps its result, and the certifier's review of an application
// made before still warns of it (FindPACTReplacement,
// FindPACTLaterVersion). Another organisation's replacement or update
// does not count: footprints are per owner.
func studyNotReplaced(tx *bolt.Tx, st *footprint.Study) error {
	for _, ref := range st.SupplierIDs() {
		if !pact.IsSupplierRef(ref) {
			continue
		}
		id, ok := pactRefID(ref)
		if !ok {
			continue // not a footprint: the recalculation names it
		}
		if at, ok, err := pactDeprecation(tx, st.Owner, id); err != nil {
			return err
		} else if ok {
			return footprint.FieldErrorf(footprint.ECONFLICT, pact.SupplierLinePath(st, ref),
				"研究 %[1]s 所用的供应商足迹 %[2]s 已被其数据所有者弃用（Deprecated，于 %[3]s 存储）：不能据此签发证书，请用现行足迹重新计算研究并为新研究申请。The supplier footprint %[2]s that study %[1]s used is Deprecated by its data owner (stored on %[3]s): a certificate is not issued on it; recalculate the study with the current footprint and apply for the new study",
				st.ID, ref, storedDay(at))
		}
		// A PACT v2 update (the same id, a higher version) stored since
		// is the data owner's footprint as it stands now, as a
		// replacement is (red team 47).
		if used, latest, stored, ok := laterPACTVersion(tx, st, ref, id); ok {
			return footprint.FieldErrorf(footprint.ECONFLICT, pact.SupplierLinePath(st, ref),
				"研究 %[1]s 按供应商足迹 %[2]s 的版本 %[3]d 计算，其所有者已于 %[5]s 存储更新的版本 %[4]d：不能据此签发证书，请重新计算研究（将采用版本 %[4]d）并为新研究申请。The supplier footprint %[2]s that study %[1]s used in version %[3]d has a later version %[4]d, which the study's owner stored on %[5]s: a certificate is not issued on an outdated version; recalculate the study (it takes version %[4]d) and apply for the new study",
				st.ID, ref, used, latest, storedDay(stored))
		}
		// Its host no longer serves it as stored, as the periodic re-read
		// found (pacthost.go).
		if h, err := studyPACTHostState(tx, st, ref, id); err != nil {
			return err
		} else if h != nil && h.ServedAgainAt.IsZero() {
			return footprint.FieldErrorf(footprint.ECONFLICT, pact.SupplierLinePath(st, ref),
				"研究 %[1]s 所用的供应商足迹 %[2]s（版本 %[3]d）取自 %[4]s，本服务于 %[5]s 定期复核时%[6]s：以此签发的证书待其认证机构复核。The supplier footprint %[2]s (version %[3]d) that study %[1]s used was fetched from %[4]s; the service's periodic re-read found on %[5]s that %[7]s: the certificates issued on it await their certifier's review",
				st.ID, ref, h.Version, h.Source, storedDay(h.FlaggedAt), h.DetailZH, h.DetailEN)
		}
		chain, stored := pactReplacement(tx, st.Owner, id)
		if chain == nil {
			continue
		}
		namesZH, namesEN := replacementNames(chain)
		by := pact.SupplierRefPrefix + chain[len(chain)-1].String()
		return footprint.FieldErrorf(footprint.ECONFLICT, pact.SupplierLinePath(st, ref),
			"研究 %[1]s 所用的供应商足迹 %[2]s 已被 %[3]s 取代（于 %[4]s 存储；precedingPfIds：%[5]s）：不能据此签发证书，请用 %[3]s 重新计算研究并为新研究申请。The supplier footprint %[2]s that study %[1]s used is replaced by %[3]s, stored on %[4]s (precedingPfIds: %[6]s): a certificate is not issued on a replaced footprint; recalculate the study with %[3]s and apply for the new study",
			st.ID, ref, by, storedDay(stored), namesZH, namesEN)
	}
	return nil
}

// FindPACTChange returns the first PACT footprint the study studyID
// used that its data owner has deprecated, updated to a later version or
// replaced since, as studyNotReplaced names it: the BOM line's supplier
// field and what to do, in both languages; "" when none was, or the study
// is not found. A certificate issued on the study keeps its
// status, as its figure was right on the footprint of its day; its
// certifier, holder and the regulator read this beside it (red team 48:
// an issued certificate said nothing of it).
//
// A stored document today's checks refuse (a CCU credit, or a check
// ParseSupplier added since: studyPACTRefused), fetched or uploaded, is
// named too, after the data owner's changes: a certificate issued on it
// before the check is flagged as one on a changed footprint.
func (s *CertificationService) FindPACTChange(ctx context.Context, studyID string) (field, message string, err error) {
	return s.findPACTChange(ctx, studyID, studyPACTChange)
}

// FindPACTOwnerChange is FindPACTChange for the data owner's changes only
// (studyNotReplaced), not a document today's checks refuse: what the
// re-read before an application or an issue (api's recheckFetchedPACT)
// takes as the store's word, so that it still asks the host of a fetched
// footprint stored before a check (its answer says what the host serves
// now), and the application and the issue refuse a refused one in their
// own words.
func (s *CertificationService) FindPACTOwnerChange(ctx context.Context, studyID string) (field, message string, err error) {
	return s.findPACTChange(ctx, studyID, studyNotReplaced)
}

// studyPACTChange is studyNotReplaced, then the refusal of a PACT
// footprint st used by today's checks (studyPACTRefused): read from the
// store on each answer, as the data owner's changes are, so no pass needs
// to find it (red team 69 left a certificate on one unflagged).
func studyPACTChange(tx *bolt.Tx, st *footprint.Study) error {
	if err := studyNotReplaced(tx, st); err != nil {
		return err
	}
	for _, ref := range st.SupplierIDs() {
		if !pact.IsSupplierRef(ref) {
			continue
		}
		if refused, err := studyPACTRefused(tx, st, ref); err != nil {
			return err
		} else if refused != nil {
			return refused
		}
	}
	return nil
}

// findPACTChange is FindPACTChange by check, studyNotReplaced or
// studyPACTChange.
func (s *CertificationService) findPACTChange(ctx context.Context, studyID string, check func(*bolt.Tx, *footprint.Study) error) (field, message string, err error) {
	change, err := view(ctx, s.db, "find PACT footprint changes", func(tx *bolt.Tx) (error, error) {
		st, err := findStudy(tx, studyID)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		change := check(tx, st)
		if change != nil && footprint.ErrorCode(change) != footprint.ECONFLICT {
			return nil, change // a read failure, not a change
		}
		return change, nil
	})
	if err != nil || change == nil {
		return "", "", err
	}
	return footprint.ErrorField(change), footprint.ErrorMessage(change), nil
}

// studyPACTChangedAt returns the latest time a PACT footprint study st
// used was deprecated, updated to a later version or replaced by its data
// owner (what studyNotReplaced refuses), and false when none was.
func studyPACTChangedAt(tx *bolt.Tx, st *footprint.Study) (time.Time, bool, error) {
	var last time.Time
	changed := false
	note := func(at time.Time) {
		changed = true
		if at.After(last) {
			last = at
		}
	}
	for _, ref := range st.SupplierIDs() {
		id, ok := pactRefID(ref)
		if !pact.IsSupplierRef(ref) || !ok {
			continue
		}
		if at, ok, err := pactDeprecation(tx, st.Owner, id); err != nil {
			return time.Time{}, false, err
		} else if ok {
			note(at)
		}
		if _, _, stored, ok := laterPACTVersion(tx, st, ref, id); ok {
			note(stored)
		}
		if chain, stored := pactReplacement(tx, st.Owner, id); chain != nil {
			note(stored)
		}
		if h, err := studyPACTHostState(tx, st, ref, id); err != nil {
			return time.Time{}, false, err
		} else if h != nil {
			note(h.FlaggedAt)
		}
		if refused, err := studyPACTRefused(tx, st, ref); err != nil {
			return time.Time{}, false, err
		} else if refused != nil {
			note(pactRefusedSince)
		}
	}
	return last, changed, nil
}

// pactRefusedSince is when a stored footprint today's checks refuse counts
// as changed for the flagged queue (certificatePACTChanged): the start of
// 2026-12-06, China Standard Time, the day the service began refusing a
// CCU credit (red team 69). The store records no time for a check: a
// certificate its certifier reviewed since is not queued again for it,
// though its record still says so (FindPACTChange).
var pactRefusedSince = time.Date(2026, 12, 6, 0, 0, 0, 0, certification.ChinaTime)

// studyPACTRefused returns the refusal (ECONFLICT naming the study's line,
// pact.RefusedError: storedPACTRefusal) of the PACT footprint ref study st
// used when today's checks refuse the stored document as the study's
// result used it (studyPACTSupplier: a CCU credit, or a check ParseSupplier
// added since), fetched or uploaded alike; nil, nil when they pass or the
// footprint is not found (the application and the issue name it). Before,
// a certificate issued on such a document stayed unflagged: the periodic
// re-read passed it over and an upload has no host to ask.
func studyPACTRefused(tx *bolt.Tx, st *footprint.Study, ref string) (refused, err error) {
	_, err = studyPACTSupplier(tx, st, ref)
	if _, ok := errors.AsType[*pact.RefusedError](err); ok {
		return err, nil
	}
	if c := footprint.ErrorCode(err); err == nil || c == footprint.ENOTFOUND || c == footprint.EINVALID {
		return nil, nil // nothing stored to refuse, or a change named above
	}
	return nil, err
}

// certificatePACTChanged reports whether a supplier PACT footprint the
// study of certificate rec used was deprecated, updated or replaced by its
// data owner after the certifier's last review of rec (ConfirmedAt; any
// change when it has none). Such a certificate keeps its status (red team
// 48) but is flagged: the regulator's queue of flagged certificates
// (CertificateFilter.Flagged) lists it until its certifier reviews it
// (ReviewCertificate), suspends or withdraws it (red team 55: the queue
// listed supplier certificates' changes only).
func certificatePACTChanged(tx *bolt.Tx, rec *certificateRecord) (bool, error) {
	// A supplier list of format 3 or later names every PACT footprint the
	// study used (as "pact:<id>" references): one naming none needs no
	// study read. A format-1 or -2 certificate signs no PACT entry; its
	// study is read. (The canonical content holds its format tag once:
	// quotes inside a string are escaped.)
	early := bytes.Contains(rec.Content, []byte(`"format":"pcf-certificate/1"`)) || bytes.Contains(rec.Content, []byte(`"format":"pcf-certificate/2"`))
	if !early && !bytes.Contains(rec.SupplierList, []byte(`"`+pact.SupplierRefPrefix)) {
		return false, nil
	}
	c, err := rec.certificate()
	if err != nil {
		return false, err
	}
	if c.StudyID == "" {
		return false, nil
	}
	st, err := findStudy(tx, c.StudyID)
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	at, changed, err := studyPACTChangedAt(tx, st)
	if err != nil || !changed {
		return false, err
	}
	return rec.ConfirmedAt.IsZero() || at.After(rec.ConfirmedAt), nil
}

// PACTChangePending reports whether certificate id, valid on record,
// rests on a supplier PACT footprint changed since its certifier's last
// review (certificatePACTChanged): what the flagged queue lists it for,
// and what its certifier's review (ReviewCertificate) answers.
func (s *CertificationService) PACTChangePending(ctx context.Context, id uuid.UUID) (bool, error) {
	return view(ctx, s.db, "find PACT footprint changes", func(tx *bolt.Tx) (bool, error) {
		rec, err := findCertificateRecord(tx, id)
		if err != nil || rec.Status != string(certification.CertificateValid) {
			return false, err
		}
		return certificatePACTChanged(tx, rec)
	})
}

// pactRefID returns the footprint UUID of a reference "pact:<id>"; false
// when id is not a UUID in its 36-character form.
func pactRefID(ref string) (uuid.UUID, bool) {
	raw := strings.TrimPrefix(ref, pact.SupplierRefPrefix)
	id, err := uuid.Parse(raw)
	return id, err == nil && len(raw) == 36
}

// laterPACTVersion reports, for the PACT footprint ref (UUID id) that
// stored study st's result used, the version it used and the latest
// version st's owner stored since, with when that was stored, when the
// latest is higher (a PACT v2 update: the same id, a higher version); a
// study without a result is calculated on the latest.
func laterPACTVersion(tx *bolt.Tx, st *footprint.Study, ref string, id uuid.UUID) (used, latest int, stored time.Time, ok bool) {
	versions := pactVersions(tx, st.Owner, id)
	if st.Result == nil || len(versions) == 0 {
		return 0, 0, time.Time{}, false
	}
	used, latest = versions[0], versions[len(versions)-1]
	if v, recorded := pact.ResultVersion(st.Result, ref); recorded {
		used = v
	}
	if latest <= used {
		return 0, 0, time.Time{}, false
	}
	var rec pactFootprintRecord
	if found, err := getJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(st.Owner, id, latest), &rec); err == nil && found {
		stored = rec.UploadedAt
	}
	return used, latest, stored, true
}

// FindPACTLaterVersion returns the latest version of the PACT footprint
// ref of study st that the study's owner stored, and when, when it is
// later than the version st's result used (laterPACTVersion); 0 when none
// is. The certifier's review warns of a study calculated on an outdated
// version.
func (s *CertificationService) FindPACTLaterVersion(ctx context.Context, st *footprint.Study, ref string) (latest int, stored time.Time, err error) {
	id, ok := pactRefID(ref)
	if !ok {
		return 0, time.Time{}, nil
	}
	_, err = view(ctx, s.db, "find later PACT footprint version", func(tx *bolt.Tx) (bool, error) {
		_, latest, stored, ok = laterPACTVersion(tx, st, ref, id)
		return ok, nil
	})
	return latest, stored, err
}

// otherSupplier says how a document of company c, from source ("" for
// an upload), is not of the data owner of the stored footprint rec (in
// Chinese and in English, and the field that tells it; "" when it may be):
// another company (pact.Company.Same), or, both fetched, another PACT
// host than the one rec came from. PACT's versions of a footprint (v2,
// one id) and the footprints one replaces (precedingPfIds) are its data
// owner's own: another company's document stored as either put its
// figure in the other's place (red team 30). An upload is the
// manufacturer's own statement, recorded as such: it may follow a
// fetched document, as a fetch may follow an upload.
func otherSupplier(rec *pactFootprintRecord, c pact.Company, origin pactOrigin) (zh, en, field string) {
	source := origin.URL
	if stored := pact.CompanyOf(rec.Document); !stored.Same(c) {
		return fmt.Sprintf("为公司 %s，此文件为公司 %s", stored, c), fmt.Sprintf("as company %s, this document is of company %s", stored, c), c.Field()
	}
	if rec.Source != "" && source != "" && !sameHost(rec.Source, source) {
		return fmt.Sprintf("取自 %s，此文件取自 %s", hostOf(rec.Source), hostOf(source)), fmt.Sprintf("as fetched from %s, this document from %s", hostOf(rec.Source), hostOf(source)), "endpoint"
	}
	// One host may serve several data owners, each under its own base
	// path or to the credentials it granted (a PACT platform): the same
	// data owner's document comes from the same base URL through an
	// endpoint with the same client ID (red team 55).
	if rec.Source != "" && source != "" {
		if a, b := pact.FetchBase(rec.Source), pact.FetchBase(source); a != b {
			return fmt.Sprintf("取自 %s，此文件取自 %s", a, b), fmt.Sprintf("as fetched from %s, this document from %s", a, b), "endpoint"
		}
	}
	if rec.Client != "" && origin.Client != "" && rec.Client != origin.Client {
		return fmt.Sprintf("经客户端 %q 取自 %s，此文件经另一客户端 %q 取得（同一主机上的另一账户）", rec.Client, hostOf(rec.Source), origin.Client),
			fmt.Sprintf("as fetched from %s with client ID %q, this document with another client ID %q (another account at that host)", hostOf(rec.Source), rec.Client, origin.Client), "endpoint"
	}
	return "", "", ""
}

// fetchedOnly says, when a document from source ("" for an upload)
// claims to be the update or the replacement of the stored footprint rec
// that the service fetched from its data owner's host without being
// fetched itself, how (in Chinese and in English; "" when it may be): an
// update of a fetched footprint comes from that host (otherSupplier
// compares the hosts). The manufacturer's copy is its word; under a
// fetched footprint's id, or naming it in precedingPfIds, it took the
// supplier's place, and every new calculation read the uploaded figure as
// the supplier's update (red team 47, as red team 30 for another host). A
// footprint stored as uploaded may be updated by either.
func fetchedOnly(rec *pactFootprintRecord, source string) (zh, en string) {
	if rec.Source == "" || source != "" {
		return "", ""
	}
	return fmt.Sprintf("取自 %s，此文件为上传：其更新与取代它的足迹须从该主机取得", hostOf(rec.Source)),
		fmt.Sprintf("as fetched from %s, and this document is uploaded: its updates and replacements are fetched from that host", hostOf(rec.Source))
}

// hostOf is the scheme and host of a URL a footprint was fetched from.
func hostOf(source string) string {
	u, err := url.Parse(source)
	if err != nil || u.Host == "" {
		return source
	}
	return u.Scheme + "://" + strings.ToLower(u.Host)
}

func sameHost(a, b string) bool { return strings.EqualFold(hostOf(a), hostOf(b)) }

// latestPACTRecord reads, in tx, the latest version owner stored of
// footprint id; ok false when it stored none.
func latestPACTRecord(tx *bolt.Tx, owner string, id uuid.UUID) (*pactFootprintRecord, bool, error) {
	versions := pactVersions(tx, owner, id)
	if len(versions) == 0 {
		return nil, false, nil
	}
	var rec pactFootprintRecord
	ok, err := getJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, id, versions[len(versions)-1]), &rec)
	if err != nil {
		return nil, false, fmt.Errorf("PACT footprint %s: %w", id, err)
	}
	return &rec, ok, nil
}

// notReplacingAnother returns EINVALID naming precedingPfIds[i] when a
// document of company c, from source, names in precedingPfIds a footprint
// owner stored of another data owner (otherSupplier): one company does not
// replace another's footprint, which a new calculation would then refuse,
// saying to use the other company's (red team 30).
func notReplacingAnother(tx *bolt.Tx, owner string, preceding []uuid.UUID, c pact.Company, origin pactOrigin) error {
	source := origin.URL
	for i, p := range preceding {
		rec, ok, err := latestPACTRecord(tx, owner, p)
		if err != nil {
			return err
		} else if !ok {
			continue // not stored: compared when it is (dropForeignReplacements)
		}
		if zh, en, _ := otherSupplier(rec, c, origin); en != "" {
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("pact_footprint.precedingPfIds[%d]", i),
				"precedingPfIds[%[1]d] 所列的足迹 %[2]s 已存储%[3]s：一个数据所有者的足迹不能取代另一个的。The footprint %[2]s precedingPfIds[%[1]d] names is stored %[4]s: a footprint replaces only its own data owner's",
				i, pact.SupplierRefPrefix+p.String(), zh, en)
		}
		if zh, en := fetchedOnly(rec, source); en != "" {
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("pact_footprint.precedingPfIds[%d]", i),
				"precedingPfIds[%[1]d] 所列的足迹 %[2]s 已存储%[3]s。The footprint %[2]s precedingPfIds[%[1]d] names is stored %[4]s",
				i, pact.SupplierRefPrefix+p.String(), zh, en)
		}
	}
	return nil
}

// dropForeignReplacements removes, in tx, the entries of pact_replaced
// by which a footprint owner stored before names footprint id, being
// stored now (of company c, from source), as one it replaces when it is of
// another data owner (otherSupplier): such an entry was recorded before
// id was stored to compare with, and would refuse id's upload and every
// calculation on it (red team 30).
func dropForeignReplacements(tx *bolt.Tx, owner string, id uuid.UUID, c pact.Company, origin pactOrigin) error {
	b := tx.Bucket(pactReplacedBucket)
	prefix := pactReplacedPrefix(owner, id)
	var drop [][]byte
	cur := b.Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		if len(k) != len(prefix)+16 {
			continue
		}
		rec, ok, err := latestPACTRecord(tx, owner, uuid.UUID(k[len(prefix):]))
		if err != nil {
			return err
		} else if !ok {
			continue
		}
		if _, en, _ := otherSupplier(rec, c, origin); en != "" {
			drop = append(drop, bytes.Clone(k))
		}
	}
	for _, k := range drop { // bbolt: no deletes while the cursor walks
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("delete PACT replaced index: %w", err)
		}
	}
	return nil
}

func storedDay(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.UTC().Format(time.DateOnly)
}

// FindPACTReplacement returns the footprint ("pact:<id>", the last of a
// chain) that replaces the PACT footprint ref of study st among the
// footprints of the study's owner, and when it was stored; "" when none
// does or ref is not one of the owner's footprints. The certifier's
// review warns of a study calculated on a replaced footprint.
func (s *CertificationService) FindPACTReplacement(ctx context.Context, st *footprint.Study, ref string) (string, time.Time, error) {
	type found struct {
		by     string
		stored time.Time
	}
	out, err := view(ctx, s.db, "find PACT footprint replacement", func(tx *bolt.Tx) (found, error) {
		id, ok := pactRefID(ref)
		if !ok {
			return found{}, nil
		}
		chain, stored := pactReplacement(tx, st.Owner, id)
		if chain == nil {
			return found{}, nil
		}
		return found{pact.SupplierRefPrefix + chain[len(chain)-1].String(), stored}, nil
	})
	return out.by, out.stored, err
}

// indexPACTReplaced builds pact_replaced from the stored footprints, for
// a file written before it existed. It reads precedingPfIds alone, not
// through today's checks (which may refuse a document stored before one
// was added), and leaves out an entry that is not a UUID.
func indexPACTReplaced(tx *bolt.Tx) error {
	type entry struct {
		owner     string
		by        uuid.UUID
		preceding []uuid.UUID
	}
	var entries []entry
	err := forEachRecord(tx.Bucket(pactFootprintsBucket), "PACT footprint", func(k []byte, rec *pactFootprintRecord) error {
		by, err := uuid.Parse(rec.ID)
		if err != nil {
			return fmt.Errorf("PACT footprint %x id %q: %w", k, rec.ID, errCorrupt)
		}
		var preceding []uuid.UUID
		for _, raw := range storedPrecedingIDs(rec.Document) {
			if p, err := uuid.Parse(raw); err == nil && len(raw) == 36 && p != by && !slices.Contains(preceding, p) {
				preceding = append(preceding, p)
			}
		}
		if len(preceding) > 0 {
			entries = append(entries, entry{rec.Owner, by, preceding})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := putPACTReplaced(tx, e.owner, e.by, e.preceding); err != nil {
			return err
		}
	}
	return nil
}

// storedPACTData returns the footprint of a stored document: its "data"
// member when the document is an envelope {"data": {…}}, else the
// document itself.
func storedPACTData(doc []byte) ([]byte, error) {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(doc, &env); err != nil {
		return nil, err
	}
	if d := bytes.TrimSpace(env.Data); len(d) > 0 && d[0] == '{' {
		return d, nil
	}
	return doc, nil
}

// storedPrecedingIDs reads precedingPfIds of a stored footprint document
// (bare or in a {"data": …} envelope), nil when it states none or cannot
// be read.
func storedPrecedingIDs(doc []byte) []string {
	doc, err := storedPACTData(doc)
	if err != nil {
		return nil
	}
	var w struct {
		PrecedingPfIds []string `json:"precedingPfIds"`
	}
	if err := json.Unmarshal(doc, &w); err != nil {
		return nil
	}
	return w.PrecedingPfIds
}

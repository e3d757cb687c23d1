package factordb

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Buckets of issued certificates (see doc.go).
var (
	certificatesBucket = []byte("certificates")           // UUID (16 bytes) → certificateRecord
	certNumbersBucket  = []byte("certificate_numbers")    // number → UUID
	certSequenceBucket = []byte("certificate_sequence")   // year (4 bytes BE) → last number issued that year (8 bytes BE)
	certStudiesBucket  = []byte("certificate_studies")    // study UUID (16 bytes) → UUID of the study's latest certificate
	downstreamBucket   = []byte("certificate_downstream") // supplier certificate UUID + certificate UUID (32 bytes) → ""
	certGTINsBucket    = []byte("certificate_gtins")      // GTIN as 14 digits 0x00 certificate UUID (16 bytes) → holder organisation
)

// certificateRecord is the stored form of a certification.CertificateRecord.
// Content is the signed canonical encoding, byte for byte; the certificate
// is decoded from it on every read, so what is shown is what was signed.
// The filter fields repeat parts of the content so that FindCertificates
// decodes only the certificates it returns.
type certificateRecord struct {
	V         int    `json:"v"`
	ID        string `json:"id"`
	Number    string `json:"number"`
	Content   []byte `json:"content"`
	KeyID     string `json:"key_id"`
	Signature []byte `json:"signature"`

	Status          string    `json:"status"`
	StatusReason    string    `json:"status_reason,omitempty"`
	StatusChangedAt time.Time `json:"status_changed_at"`
	ConfirmedAt     time.Time `json:"confirmed_at,omitzero"` // the certifier's last review (ReviewCertificate), which keeps the status
	SupersededBy    string    `json:"superseded_by,omitempty"`
	SupersededAt    time.Time `json:"superseded_at,omitzero"` // certification.CertificateRecord.SupersededAt

	ApplicationID string `json:"application_id"`
	Manufacturer  string `json:"manufacturer"`
	Certifier     string `json:"certifier"`

	Suppliers     []uuid.UUID                  `json:"suppliers,omitempty"` // supplier certificates the study used
	SupplierFlags []certification.SupplierFlag `json:"supplier_flags,omitempty"`
	SupplierList  []byte                       `json:"supplier_list,omitempty"` // certification.MarshalSuppliers, what a format-2 or -3 certificate's suppliers_digest commits to

	// Filter fields, copied from the content at issue.
	ProductCodes []string  `json:"product_codes,omitempty"` // "HS:854143"
	Rule         string    `json:"rule"`
	Companies    []string  `json:"companies,omitempty"` // holder and manufacturer names, Chinese and English
	ExpiresAt    time.Time `json:"expires_at"`
}

// certificate decodes the signed content. Stored content is not client
// input: a decoding error is corruption.
func (r *certificateRecord) certificate() (*certification.Certificate, error) {
	c, err := certification.UnmarshalCanonicalCertificate(r.Content)
	if err != nil {
		return nil, fmt.Errorf("certificate %s: %s: %w", r.ID, footprint.ErrorMessage(err), errCorrupt)
	}
	return c, nil
}

// domain is the record as the service gives it, flagged when its status is
// still that of a restored copy (m, nil if none; restoreMark).
func (r *certificateRecord) domain(m *restoreMark) (*certification.CertificateRecord, error) {
	c, err := r.certificate()
	if err != nil {
		return nil, err
	}
	return r.withCertificate(c, m)
}

// withCertificate is domain with the content already decoded.
func (r *certificateRecord) withCertificate(c *certification.Certificate, m *restoreMark) (*certification.CertificateRecord, error) {
	var err error
	out := &certification.CertificateRecord{
		Signed: &certification.SignedCertificate{
			Certificate: c, Content: bytes.Clone(r.Content), KeyID: r.KeyID, Signature: bytes.Clone(r.Signature),
		},
		Status: certification.CertificateStatus(r.Status), StatusReason: r.StatusReason, StatusChangedAt: r.StatusChangedAt,
		SupersededAt: r.SupersededAt, Manufacturer: r.Manufacturer, Certifier: r.Certifier,
		Suppliers: slices.Clone(r.Suppliers), SupplierFlags: slices.Clone(r.SupplierFlags),
	}
	if m.pending(r) {
		out.SupplierFlags = append(out.SupplierFlags, certification.SupplierFlag{Restored: true, At: m.CopyEnd})
	}
	if out.ApplicationID, err = uuid.Parse(r.ApplicationID); err != nil {
		return nil, fmt.Errorf("certificate %s application id: %w", r.ID, errCorrupt)
	}
	if r.SupersededBy != "" {
		if out.SupersededBy, err = uuid.Parse(r.SupersededBy); err != nil {
			return nil, fmt.Errorf("certificate %s superseded by: %w", r.ID, errCorrupt)
		}
	}
	if r.SupplierList != nil {
		if out.SupplierList, err = certification.ParseSuppliers(r.SupplierList); err != nil {
			return nil, fmt.Errorf("certificate %s supplier list: %s: %w", r.ID, footprint.ErrorMessage(err), errCorrupt)
		}
	}
	return out, nil
}

// peekCertificateNumber returns the next number of the year of issuedAt,
// "CDPCF-2026-000001" onwards, and take, which allocates it in tx; until
// take, nothing is written (a refused issue writes nothing, and a
// rolled-back one allocates nothing). A number already in use is skipped.
func peekCertificateNumber(tx *bolt.Tx, issuedAt time.Time) (string, func() error, error) {
	year := certification.CertificateYear(issuedAt)
	key := binary.BigEndian.AppendUint32(nil, uint32(year))
	seqs := tx.Bucket(certSequenceBucket)
	var seq uint64
	if v := seqs.Get(key); v != nil {
		if len(v) != 8 {
			return "", nil, fmt.Errorf("certificate sequence %d: %w", year, errCorrupt)
		}
		seq = binary.BigEndian.Uint64(v)
	}
	numbers := tx.Bucket(certNumbersBucket)
	for {
		seq++
		number := certification.FormatCertificateNumber(certification.CertificateNumberPrefix, year, int(seq))
		if numbers.Get([]byte(number)) != nil {
			continue
		}
		take := func() error {
			if err := seqs.Put(key, binary.BigEndian.AppendUint64(nil, seq)); err != nil {
				return fmt.Errorf("put certificate sequence: %w", err)
			}
			return nil
		}
		return number, take, nil
	}
}

// putNewCertificate stores a new certificate, valid, with its number index
// and, for a format-2 certificate, the supplier list its suppliers_digest
// commits to (supplierList, certification.MarshalSuppliers). Returns ECONFLICT
// if the ID or the number is taken.
func putNewCertificate(tx *bolt.Tx, sc *certification.SignedCertificate, st *footprint.Study, now time.Time, applicationID uuid.UUID, manufacturer, certifier string, suppliers []uuid.UUID, supplierList []byte) (*certificateRecord, error) {
	c := sc.Certificate
	certs, numbers := tx.Bucket(certificatesBucket), tx.Bucket(certNumbersBucket)
	if certs.Get(c.ID[:]) != nil {
		return nil, footprint.Errorf(footprint.ECONFLICT, "certificate %s already exists", c.ID)
	}
	if numbers.Get([]byte(c.Number)) != nil {
		return nil, footprint.Errorf(footprint.ECONFLICT, "certificate number %s is taken", c.Number)
	}
	rec := &certificateRecord{
		V: recordV1, ID: c.ID.String(), Number: c.Number, Content: sc.Content, KeyID: sc.KeyID, Signature: sc.Signature,
		Status: string(certification.CertificateValid), StatusChangedAt: now,
		ApplicationID: applicationID.String(), Manufacturer: manufacturer, Certifier: certifier,
		Suppliers: suppliers, SupplierList: supplierList, Rule: c.Rule.Code, ExpiresAt: c.ExpiresAt,
	}
	for _, pc := range c.Product.Codes {
		rec.ProductCodes = append(rec.ProductCodes, pc.String())
	}
	for _, name := range []string{c.Holder.NameEN, c.Holder.NameZH, c.Manufacturer.NameEN, c.Manufacturer.NameZH} {
		if name != "" && !slices.Contains(rec.Companies, name) {
			rec.Companies = append(rec.Companies, name)
		}
	}
	if err := putCertificateOf(tx, rec, st); err != nil {
		return nil, err
	}
	if err := numbers.Put([]byte(c.Number), bytes.Clone(c.ID[:])); err != nil {
		return nil, fmt.Errorf("put certificate number: %w", err)
	}
	if err := indexStudyCertificate(tx, c); err != nil {
		return nil, err
	}
	if err := indexModelCertificate(tx, manufacturer, c); err != nil {
		return nil, err
	}
	if err := indexGTINCertificate(tx, manufacturer, c); err != nil {
		return nil, err
	}
	if _, err := lineagePeaks(tx, c); err != nil { // its entry, from its predecessor's
		return nil, err
	}
	if err := putKeys(tx.Bucket(certHolderProductsBucket), certificateStemKeys(manufacturer, c.Product.Model, c.Number)); err != nil {
		return nil, fmt.Errorf("put certificate model stem index: %w", err)
	}
	if k := figureKey(c); k != nil {
		if err := tx.Bucket(certFiguresBucket).Put(k, nil); err != nil {
			return nil, fmt.Errorf("put certificate figure index: %w", err)
		}
	}
	for _, sup := range suppliers {
		if err := tx.Bucket(downstreamBucket).Put(append(bytes.Clone(sup[:]), c.ID[:]...), nil); err != nil {
			return nil, fmt.Errorf("put downstream certificate: %w", err)
		}
	}
	return rec, nil
}

// findCertificateByRef reads the certificate a study names as a supplier
// footprint, by its UUID or its number, in tx. Returns ENOTFOUND, naming
// ref, if there is none.
func findCertificateByRef(tx *bolt.Tx, ref string) (*certificateRecord, error) {
	key, ok := uuidKey(ref)
	number := ""
	if !ok {
		number = strings.ToUpper(strings.TrimSpace(ref))
		key = tx.Bucket(certNumbersBucket).Get([]byte(number))
	}
	var rec certificateRecord
	if key == nil {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "supplier footprint %q not found", ref)
	}
	if err := findJSON(tx.Bucket(certificatesBucket), key, &rec, "supplier footprint %q not found", ref); err != nil {
		return nil, err
	}
	id, err := uuid.FromBytes(key)
	if err != nil {
		return nil, fmt.Errorf("supplier footprint %q: %w", ref, errCorrupt)
	}
	if err := rec.ownContent(id, number); err != nil {
		return nil, err
	}
	return &rec, nil
}

// findSupplierCertificate reads, as findCertificateByRef, the record of the
// certificate ref names and decodes its signed content.
func findSupplierCertificate(tx *bolt.Tx, ref string) (*certificateRecord, *certification.Certificate, error) {
	rec, err := findCertificateByRef(tx, ref)
	if err != nil {
		return nil, nil, err
	}
	c, err := rec.certificate()
	if err != nil {
		return nil, nil, err
	}
	return rec, c, nil
}

// ownContent returns ownContent's error when record r, read under
// certificate ID id (and number, when not ""), holds another certificate's
// signed content. It decodes the content's ID and number alone, not the
// whole certificate, which its caller decodes if it needs it: a review
// reads many.
func (r *certificateRecord) ownContent(id uuid.UUID, number string) error {
	var head struct {
		ID     string `json:"id"`
		Number string `json:"number"`
	}
	if err := json.Unmarshal(r.Content, &head); err != nil {
		return fmt.Errorf("certificate %s: content: %w: %w", id, errCorrupt, err)
	}
	return ownContent(id, number, head.ID, head.Number)
}

// ownContent returns an error when the record found under certificate ID
// id, or under number (when not ""), holds the signed content of another
// certificate, which states ID gotID and number gotNumber: its signature
// verifies, but for the other (red team 52: a withdrawn certificate's
// label opened a page of a valid one, a study naming it took the other's
// figure, and the lists showed the other twice). The content is what
// everything shows and relies on; the keys it is found under are not
// signed. The error is the one a record failing the signature check gets
// (ECONFLICT on the field signature, "签名未通过验证"), so that a person
// scanning the certificate's QR code reads that it is not to be relied on,
// not an internal error; it does not name the other certificate, which the
// log does: the integrity failure is logged here, once, as the caller
// answers a 409, or leaves the record out of a list.
func ownContent(id uuid.UUID, number, gotID, gotNumber string) error {
	if gotID == id.String() && (number == "" || gotNumber == number) {
		return nil
	}
	slog.Error("certificate record: integrity failure, it holds the signed content of another certificate; it is refused, and left out of lists",
		slog.String("id", id.String()), slog.String("number", number), slog.String("content_id", gotID), slog.String("content_number", gotNumber))
	name := cmp.Or(number, id.String())
	return footprint.FieldErrorf(footprint.ECONFLICT, "signature",
		"证书 %[1]s 的记录未通过服务的核验（签名未通过验证）：其中的签名内容不属于该证书，请勿依赖，并告知服务运营方。certificate %[1]s on record fails the service's check (signature not verified): the signed content it holds is not its own; do not rely on it: tell the service's operator", name)
}

// supplierRef is a supplier footprint a study references: the supplier
// certificate's ID (uuid.Nil for a PACT footprint), and what a certificate
// issued on the study signs of it.
type supplierRef struct {
	id     uuid.UUID
	signed certification.CertificateSupplier
}

// validSuppliers returns the supplier footprints study st references, one
// per reference in the study's order (Study.SupplierIDs), as a format-3
// certificate's supplier list records them: supplier certificates, checked
// in tx to be valid at now (issue 9 item 7: a supplier certificate
// withdrawn since the study was stored must not carry a new certificate),
// and suppliers' PACT footprints, read from the stored document the
// calculation used (certification.NewPACTCertificateSupplier). Returns
// ECONFLICT, naming the supplier certificate and its status, otherwise,
// and ENOTFOUND for a reference that no longer resolves.
func validSuppliers(db *DB, tx *bolt.Tx, st *footprint.Study, now time.Time) ([]supplierRef, error) {
	var out []supplierRef
	var keys []certification.PublicKey // the signing keys, read at the first supplier certificate
	var m *restoreMark                 // the restore (nil if none), read at the first supplier certificate
	markRead := false
	for _, ref := range st.SupplierIDs() {
		if pact.IsSupplierRef(ref) {
			// A supplier's PACT footprint is a stored document that
			// never changes (pact.go): no status to recheck, but the
			// certificate signs its id, version and figure, as the
			// study's owner stored it and the result used it.
			sup, err := studyPACTSupplier(tx, st, ref)
			if err != nil {
				return nil, pactLineError(st, ref, err)
			}
			// PACT declares a footprint valid for use until its
			// validityPeriodEnd (exclusive), as a supplier certificate
			// is until it expires: no certificate is issued on either
			// afterwards.
			if sup.Footprint.ExpiredAt(now) {
				return nil, footprint.FieldErrorf(footprint.ECONFLICT, "suppliers", "supplier footprint %s is no longer valid for use: its validity period ended %s; the study must be recalculated with the supplier's current footprint", ref, sup.Footprint.ValidUntil.UTC().Format(time.DateOnly))
			}
			out = append(out, supplierRef{signed: certification.NewPACTCertificateSupplier(ref, sup.ID, sup.SpecVersion, sup.Version, sup.Footprint)})
			continue
		}
		rec, c, err := findSupplierCertificate(tx, ref)
		if err != nil {
			return nil, err
		}
		// The expiry its signature covers, not the record's copy of it for
		// the indexes (red team 52: moved on in the file, an expired
		// supplier carried a new certificate).
		status := c.StatusAt(certification.CertificateStatus(rec.Status), now)
		if status != certification.CertificateValid {
			return nil, footprint.FieldErrorf(footprint.ECONFLICT, "suppliers", "supplier certificate %s is %s: the study must be recalculated without it", rec.Number, status)
		}
		// Flagged, restored or resting on an unvouched key: no new
		// certificate rests on it until its certifier, or its body, acts.
		if !markRead {
			if m, err = db.restoredMark(tx); err != nil {
				return nil, err
			}
			markRead = true
		}
		holds, err := supplierHolds(tx, rec, m)
		if err != nil {
			return nil, err
		}
		if len(holds) > 0 {
			return nil, footprint.FieldErrorf(footprint.ECONFLICT, "suppliers", "%s%s", holds[0].zh, holds[0].en)
		}
		// The figure a certificate signed here takes from it must be the
		// one its own signature covers: a record edited in the file is
		// not laundered into a new signature (red team 49).
		if keys == nil {
			if keys, err = heldKeysIn(db, tx); err != nil {
				return nil, err
			}
		}
		if err := supplierSignature(rec, c, keys, "suppliers"); err != nil {
			return nil, err
		}
		out = append(out, supplierRef{id: c.ID, signed: certification.NewCertificateSupplier(ref, c)})
	}
	return out, nil
}

// supplierHold is a reason no certificate is issued yet on a valid
// supplier certificate, in both languages: zh and en are whole sentences.
// restored marks the restored copy's, which a preview says in its own
// words (restoredSupplierWarnings).
type supplierHold struct {
	zh, en   string
	restored bool
}

// supplierHolds returns, in tx, the reasons no certificate is issued yet
// on supplier certificate record rec, valid (m: the restore, nil if none),
// in the order the issue checks them, which refuses the first
// (validSuppliers), and a preview names them all at the line
// (heldSupplierWarnings): a flag (its predecessor withdrawn, a supplier of
// its own changed), its status as a restored copy holds it, an issuing
// or status key no former key of its body vouched for. It reads the
// certificate's audit events for the keys, as a verification does.
func supplierHolds(tx *bolt.Tx, rec *certificateRecord, m *restoreMark) ([]supplierHold, error) {
	var out []supplierHold
	// A flagged supplier rests on a certificate that changed status.
	if f, ok := certification.PredecessorFlag(rec.SupplierFlags); ok {
		at := f.At.UTC().Format(time.DateOnly)
		out = append(out, supplierHold{
			zh: fmt.Sprintf("供应商证书 %s 已被标记：其谱系中较早的证书 %s 已于 %s 被撤销；须由其认证机构复核或变更其状态。", rec.Number, f.Number, at),
			en: fmt.Sprintf("supplier certificate %s is flagged: certificate %s, earlier in its lineage, was withdrawn on %s; its certifier reviews it or changes its status first (docs/integrity.md §12)", rec.Number, f.Number, at)})
	}
	if m.pending(rec) {
		at := m.CopyEnd.UTC().Format(time.RFC3339)
		out = append(out, supplierHold{restored: true,
			zh: fmt.Sprintf("供应商证书 %s 已被标记：本服务的数据已从 %s 的备份副本恢复，其认证机构尚未确认其状态；须由其认证机构复核或变更其状态。", rec.Number, at),
			en: fmt.Sprintf("supplier certificate %s is flagged: the service was restored from a copy taken at %s, and its certifier has not confirmed its status since; its certifier reviews it or changes its status first", rec.Number, at)})
	}
	if i := slices.IndexFunc(rec.SupplierFlags, func(f certification.SupplierFlag) bool { return !f.Predecessor && !f.Restored }); i >= 0 {
		f := rec.SupplierFlags[i]
		at := f.At.UTC().Format(time.DateOnly)
		out = append(out, supplierHold{
			zh: fmt.Sprintf("供应商证书 %s 已被标记：其供应链中的证书 %s 自 %s 起为 %s；须由其认证机构复核或变更其状态。", rec.Number, f.Number, at, f.Status),
			en: fmt.Sprintf("supplier certificate %s is flagged: certificate %s in its supply chain is %s since %s; its certifier reviews it or changes its status first (docs/integrity.md §12)", rec.Number, f.Number, f.Status, at)})
	}
	// Marked on its public verification (issuing_key_unvouched,
	// status_key_unvouched): the operator may have issued it, or set it
	// valid, in its body's name. A certificate issued on it here by a
	// genuine body would carry its figure unmarked (red team 49).
	apiKeys, err := certificateKeys(tx, rec.ID)
	if err != nil {
		return nil, err
	}
	for i, k := range apiKeys {
		if k != nil && k.Unvouched {
			use := [2]certification.UnvouchedKeyUse{certification.UnvouchedIssuingKey, certification.UnvouchedStatusKey}[i]
			zh, en := certification.UnvouchedKeyText(true, rec.Number, k.ID, use, "机构担保前不得以其签发证书", "no certificate is issued on it until the body vouches for the key")
			out = append(out, supplierHold{zh: zh, en: en})
		}
		// Issued or set valid with a key after the time it was reported
		// stolen (issuing_key_compromised, status_key_compromised).
		if k != nil && k.CompromisedUse {
			use := [2]certification.UnvouchedKeyUse{certification.UnvouchedIssuingKey, certification.UnvouchedStatusKey}[i]
			zh, en := certification.CompromisedKeyText(true, rec.Number, k.ID, k.CompromisedSince, use, "其认证机构换发或撤销前不得以其签发证书", "no certificate is issued on it until its body reissues or withdraws it")
			out = append(out, supplierHold{zh: zh, en: en})
		}
	}
	return out, nil
}

// heldSupplierWarnings adds to res, a preview of study st, a warning at the
// first line naming each supplier certificate of holds (by reference:
// foundSuppliers) that the issue would refuse (supplierHolds), bar the
// restored copy's (restoredSupplierWarnings): the calculation takes its
// figure as it stands, and the manufacturer learns before applying, not at
// the issue (session 41: the preview said nothing). English in Message,
// Chinese in MessageZH. A stored result does not carry it, as
// restoredSupplierWarnings says.
func heldSupplierWarnings(res *footprint.Result, st *footprint.Study, holds map[string][]supplierHold) {
	for _, ref := range slices.Sorted(maps.Keys(holds)) {
		for _, h := range holds[ref] {
			if h.restored {
				continue
			}
			res.Warnings = append(res.Warnings, footprint.Warning{Path: pact.SupplierLinePath(st, ref),
				Message:   h.en + "; this preview takes its figure as it stands, and a certificate of the study is not issued until then",
				MessageZH: h.zh + "本预览按其现有数值计算，在此之前不签发该研究的证书。"})
		}
	}
}

// heldKeysIn returns, in tx, the signing keys as the service checks its
// own records with them (certification.HeldKeys).
func heldKeysIn(db *DB, tx *bolt.Tx) ([]certification.PublicKey, error) {
	keys, err := db.publicKeysIn(tx)
	if err != nil {
		return nil, err
	}
	return certification.HeldKeys(keys), nil
}

// supplierSignature returns ECONFLICT, naming field and in both languages,
// when supplier certificate record rec (its content decoded: c) fails the
// service's own signature check with keys (heldKeysIn): its stored figures
// are not the ones it signed (edited in the file, or its key lost), and
// neither a study's figure nor a new certificate rests on them (red teams
// 49 and 52).
func supplierSignature(rec *certificateRecord, c *certification.Certificate, keys []certification.PublicKey, field string) error {
	sc := &certification.SignedCertificate{Certificate: c, Content: rec.Content, KeyID: rec.KeyID, Signature: rec.Signature}
	verr := certification.VerifyCertificate(sc, keys)
	if verr == nil {
		return nil
	}
	return footprint.FieldErrorf(footprint.ECONFLICT, field, "供应商证书 %[1]s 的存储记录未通过数字签名验证(签名未通过验证):其数值不是其签名所覆盖的数值,不得计入研究,也不得以其签发证书;请告知本服务的运营方。"+
		"Supplier certificate %[1]s on record fails the digital signature check (%[2]s): its figures are not the ones it signed, so no study is calculated and no certificate is issued on it; tell the service's operator", rec.Number, footprint.ErrorMessage(verr))
}

// supplierIDs returns the distinct certificates of sups (PACT footprints
// left out).
func supplierIDs(sups []supplierRef) []uuid.UUID {
	var out []uuid.UUID
	for _, s := range sups {
		if s.id != uuid.Nil && !slices.Contains(out, s.id) {
			out = append(out, s.id)
		}
	}
	return out
}

// flagDownstream flags, in tx, every certificate issued on supplier, and
// every certificate issued on those, down the whole supply chain: the
// supplier certificate is now status (suspended, withdrawn, superseded). A
// certificate further down gets a flag naming the changed certificate and
// the supplier it uses through which the change reaches it (Via). Each
// flagged certificate gets an AuditCertificateFlag event, so the trail
// shows the change where its certifier looks.
func flagDownstream(ctx context.Context, tx *bolt.Tx, supplier *certificateRecord, status certification.CertificateStatus, now time.Time) error {
	// supplier is not stored yet: a supersession (application.go's
	// supersede) tells the hosts that received its footprint here.
	if err := notePACTChange(tx, supplier, now); err != nil {
		return err
	}
	return flagFrom(ctx, tx, supplier, status, now, supplier)
}

// flagFrom is flagDownstream with the walk starting at the certificates
// issued on from: supplier itself, or a certificate that rests on it
// otherwise than as a supplier (the successor of a withdrawn predecessor,
// flagSuccessor: red team 26), through which the change reaches them.
func flagFrom(ctx context.Context, tx *bolt.Tx, supplier *certificateRecord, status certification.CertificateStatus, now time.Time, from *certificateRecord) error {
	sup, err := uuid.Parse(supplier.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", supplier.ID, errCorrupt)
	}
	start, err := uuid.Parse(from.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", from.ID, errCorrupt)
	}
	via := ""
	if from != supplier {
		via = from.Number
	}
	type visit struct {
		id  uuid.UUID
		via string // number of the direct supplier it is reached through; "" one level down
	}
	downstreamOf := func(of uuid.UUID, via string) ([]visit, error) {
		var out []visit
		c := tx.Bucket(downstreamBucket).Cursor()
		for k, _ := c.Seek(of[:]); k != nil && bytes.HasPrefix(k, of[:]); k, _ = c.Next() {
			id, err := uuid.FromBytes(k[len(of):])
			if err != nil {
				return nil, fmt.Errorf("downstream key %x: %w", k, errCorrupt)
			}
			out = append(out, visit{id, via})
		}
		return out, nil
	}
	queue, err := downstreamOf(start, via)
	if err != nil {
		return err
	}
	seen := map[uuid.UUID]bool{sup: true, start: true} // a chain is acyclic; this only stops a corrupt file from looping
	mark := &txMark{}                                  // read once, not per certificate (txMark)
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if seen[v.id] {
			continue
		}
		seen[v.id] = true
		rec, err := findCertificateRecord(tx, v.id)
		if err != nil {
			return err
		}
		flag := certification.SupplierFlag{Certificate: sup, Number: supplier.Number, Status: status, At: now, Via: v.via}
		rec.SupplierFlags = append(slices.DeleteFunc(rec.SupplierFlags, func(f certification.SupplierFlag) bool { return f.Certificate == sup }), flag)
		if err := noteServed(tx, rec, now, nil, mark); err != nil {
			return err
		}
		if err := putCertificate(tx, rec); err != nil {
			return err
		}
		detail := fmt.Sprintf("supplier certificate %s is %s", supplier.Number, status)
		if v.via != "" {
			detail = fmt.Sprintf("supplier certificate %s, upstream of %s, is %s", supplier.Number, v.via, status)
		}
		if err := audit(ctx, tx, now, access.AuditCertificateFlag, "certificate/"+v.id.String(), detail); err != nil {
			return err
		}
		// Whoever uses rec reaches the change through rec.
		next, err := downstreamOf(v.id, rec.Number)
		if err != nil {
			return err
		}
		queue = append(queue, next...)
	}
	return nil
}

// gtinKey is the certificate_gtins prefix of a GTIN: its 14-digit form
// (GTIN-8, -12 and -13 padded with zeros, as GS1 does), so that one product
// written as GTIN-13 and as GTIN-14 is one key; nil for no GTIN.
func gtinKey(gtin string) []byte {
	gtin = strings.TrimSpace(gtin)
	if gtin == "" {
		return nil
	}
	return append([]byte(certification.GTIN14(gtin)), 0)
}

// indexGTINCertificate records c under its GTIN, with its holder
// organisation (checkGTINHolder).
func indexGTINCertificate(tx *bolt.Tx, holder string, c *certification.Certificate) error {
	key := gtinKey(c.Product.GTIN)
	if key == nil {
		return nil
	}
	if err := tx.Bucket(certGTINsBucket).Put(append(key, c.ID[:]...), []byte(holder)); err != nil {
		return fmt.Errorf("put GTIN certificate: %w", err)
	}
	return nil
}

// indexCertificateGTINs builds the certificate_gtins index from the
// certificates stored, for a database written before it existed.
func indexCertificateGTINs(tx *bolt.Tx) error {
	return forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(k []byte, rec *certificateRecord) error {
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		return indexGTINCertificate(tx, rec.Manufacturer, c)
	})
}

// checkGTINHolder returns ECONFLICT, naming product.gtin and the
// certificate, if gtin is on a certificate of another holder organisation
// than holder that stands at now (valid, or suspended and so able to be
// reinstated): manufacturer B certifying its product under A's GTIN would
// present B's footprint as A's product to whoever looks the GTIN up. The
// same holder's certificates (a reissue, a new revision, another study of
// the product) are no conflict.
func checkGTINHolder(tx *bolt.Tx, gtin, holder string, now time.Time) error {
	return eachGTINCertificate(tx, gtin, func(id []byte, h string) error {
		if h == holder {
			return nil
		}
		rec, err := findCertificateRecord(tx, uuid.UUID(id))
		if err != nil {
			return fmt.Errorf("GTIN index: %w", err)
		}
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		switch c.StatusAt(certification.CertificateStatus(rec.Status), now) {
		case certification.CertificateValid, certification.CertificateSuspended:
			return footprint.FieldErrorf(footprint.ECONFLICT, "product.gtin", "GTIN %[1]s 已用于另一持证方的证书 %[2]s。GTIN %[1]s is on certificate %[2]s of another holder", strings.TrimSpace(gtin), c.Number)
		}
		return nil
	})
}

// eachGTINCertificate calls fn with the ID (16 bytes) and holder of each
// certificate of GTIN gtin, from certificate_gtins; none for no GTIN.
func eachGTINCertificate(tx *bolt.Tx, gtin string, fn func(id []byte, holder string) error) error {
	prefix := gtinKey(gtin)
	if prefix == nil {
		return nil
	}
	cur := tx.Bucket(certGTINsBucket).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		if len(k) != len(prefix)+16 {
			return fmt.Errorf("GTIN index key %x: %w", k, errCorrupt)
		}
		if err := fn(k[len(prefix):], string(v)); err != nil {
			return err
		}
	}
	return nil
}

// gtinUnbound reports whether GTIN gtin is on no certificate of holder
// (checkGTINHolder refuses one on another holder's current certificate):
// the first certificate issued binds it to holder. False for no GTIN.
func gtinUnbound(tx *bolt.Tx, gtin, holder string) (bool, error) {
	unbound := gtinKey(gtin) != nil
	err := eachGTINCertificate(tx, gtin, func(_ []byte, h string) error {
		unbound = unbound && h != holder
		return nil
	})
	return unbound, err
}

// indexStudyCertificate records c as the latest certificate of its study.
func indexStudyCertificate(tx *bolt.Tx, c *certification.Certificate) error {
	key, ok := uuidKey(c.StudyID)
	if !ok {
		return fmt.Errorf("certificate %s: study id %q: %w", c.ID, c.StudyID, errCorrupt)
	}
	if err := tx.Bucket(certStudiesBucket).Put(key, bytes.Clone(c.ID[:])); err != nil {
		return fmt.Errorf("put study certificate: %w", err)
	}
	return nil
}

// indexCertificateStudies builds the certificate_studies index from the
// certificates stored, for a database written before it existed: each
// study's latest certificate (by issue time, then number). Several
// certificates standing side by side for one study (which older versions
// allowed) are kept as they are; the latest becomes the current one, which
// a new application supersedes, and the certifier withdraws the others.
func indexCertificateStudies(tx *bolt.Tx) error {
	latest, err := latestCertificates(tx, func(_ *certificateRecord, c *certification.Certificate) (string, bool) {
		return c.StudyID, true
	})
	if err != nil {
		return err
	}
	for _, c := range latest {
		if err := indexStudyCertificate(tx, c); err != nil {
			return err
		}
	}
	return nil
}

// latestCertificates returns, by the key that key gives each certificate
// stored (false: none), its latest certificate: by issue time, then
// number. It is what the indexes of a lineage's current certificate
// (certificate_studies, certificate_models) hold, built for a database
// written before they existed.
func latestCertificates(tx *bolt.Tx, key func(rec *certificateRecord, c *certification.Certificate) (string, bool)) (map[string]*certification.Certificate, error) {
	latest := map[string]*certification.Certificate{}
	err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(_ []byte, rec *certificateRecord) error {
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		k, ok := key(rec, c)
		if !ok {
			return nil
		}
		if l := latest[k]; l == nil || c.IssuedAt.After(l.IssuedAt) || c.IssuedAt.Equal(l.IssuedAt) && c.Number > l.Number {
			latest[k] = c
		}
		return nil
	})
	return latest, err
}

// indexCertificateDownstream records, for a database written before
// certificates listed their suppliers, the supplier certificates each
// certificate's study uses (by the study as stored), so that a later change
// of a supplier flags them. References that no longer resolve are skipped.
func indexCertificateDownstream(tx *bolt.Tx) error {
	var recs []*certificateRecord
	err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(k []byte, rec *certificateRecord) error {
		if len(rec.Suppliers) == 0 {
			recs = append(recs, rec)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// bbolt: no writes to a bucket while ForEach walks it.
	for _, rec := range recs {
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		st, err := findStudy(tx, c.StudyID)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		for _, ref := range st.SupplierIDs() {
			sup, err := findCertificateByRef(tx, ref)
			if footprint.ErrorCode(err) == footprint.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			id, err := uuid.Parse(sup.ID)
			if err != nil {
				return fmt.Errorf("certificate id %q: %w", sup.ID, errCorrupt)
			}
			if !slices.Contains(rec.Suppliers, id) {
				rec.Suppliers = append(rec.Suppliers, id)
			}
			if err := tx.Bucket(downstreamBucket).Put(append(bytes.Clone(id[:]), c.ID[:]...), nil); err != nil {
				return fmt.Errorf("put downstream certificate: %w", err)
			}
		}
		if len(rec.Suppliers) > 0 {
			if err := putCertificate(tx, rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// currentCertificate returns the current certificate of the lineage of
// study studyID in tx: the study's latest certificate, followed through
// the certificates that superseded it; nil if the study has none.
func currentCertificate(tx *bolt.Tx, studyID string) (*certificateRecord, error) {
	key, ok := uuidKey(studyID)
	if !ok {
		return nil, nil
	}
	return indexedLineage(tx, certStudiesBucket, key, "study "+studyID)
}

// findCertificateRecord reads a certificate's record in tx. Returns
// ENOTFOUND if absent.
func findCertificateRecord(tx *bolt.Tx, id uuid.UUID) (*certificateRecord, error) {
	var rec certificateRecord
	if err := findJSON(tx.Bucket(certificatesBucket), id[:], &rec, "certificate %s not found", id); err != nil {
		return nil, err
	}
	return &rec, nil
}

// FindCertificateByID returns ENOTFOUND if there is no such certificate.
// The decoded certificate (Signed.Certificate) may be shared with other
// readers (certReadCache) and must not be changed.
func (s *CertificationService) FindCertificateByID(ctx context.Context, id uuid.UUID) (*certification.CertificateRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var e *cachedCertificate
	var m *restoreMark
	err := s.db.db.View(func(tx *bolt.Tx) (err error) {
		raw := tx.Bucket(certificatesBucket).Get(id[:])
		if raw == nil {
			return footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
		}
		if m, err = s.db.restoredMark(tx); err != nil {
			return err
		}
		if e, err = s.db.certs.decode(id, raw); err != nil {
			return fmt.Errorf("certificate %s: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, internal("find certificate", err)
	}
	out, err := s.db.certs.finish(id, e, m)
	if err == nil {
		c := out.Certificate()
		err = ownContent(id, "", c.ID.String(), c.Number)
	}
	if err != nil {
		return nil, internal("find certificate", err)
	}
	return out, nil
}

// FindCertificateByNumber returns the certificate with that full number
// (certification.ParseCertificateNumber), as certification.CertificationService
// documents: EINVALID for a malformed number, ENOTFOUND for an unknown one.
func (s *CertificationService) FindCertificateByNumber(ctx context.Context, number string) (*certification.CertificateRecord, error) {
	number, err := certification.ParseCertificateNumber(number)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var rec *certificateRecord
	var m *restoreMark
	var id uuid.UUID
	err = s.db.db.View(func(tx *bolt.Tx) (err error) {
		if m, err = s.db.restoredMark(tx); err != nil {
			return err
		}
		v := tx.Bucket(certNumbersBucket).Get([]byte(number))
		if v == nil {
			return footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", number)
		}
		id, err = uuid.FromBytes(v)
		if err != nil {
			return fmt.Errorf("certificate number %s: %w", number, errCorrupt)
		}
		rec, err = findCertificateRecord(tx, id)
		return err
	})
	if err != nil {
		return nil, internal("find certificate", err)
	}
	out, err := rec.domain(m)
	if err == nil {
		c := out.Certificate()
		err = ownContent(id, number, c.ID.String(), c.Number)
	}
	if err != nil {
		return nil, internal("find certificate", err)
	}
	return out, nil
}

// compromisedKeyUse reports whether certificate rec was issued, or last
// set valid (reinstated, reviewed), with an API key at or after the time
// it was reported compromised (access.APIKey.CompromisedUse), or with an
// API key its body has not vouched for (access.APIKey.Unvouched: its
// verification marks it as it marks the other, and the flagged queue
// left it out; red team 61). any caches, for one transaction, whether
// any key is reported compromised or is a recovery key at all
// (compromisedKeysBucket, recoveryKeysBucket): when none is, no
// certificate's events are read.
func compromisedKeyUse(tx *bolt.Tx, rec *certificateRecord, any **bool) (bool, error) {
	if *any == nil {
		compromised, _ := tx.Bucket(compromisedKeysBucket).Cursor().First()
		recovery, _ := tx.Bucket(recoveryKeysBucket).Cursor().First()
		found := compromised != nil || recovery != nil
		*any = &found
	}
	if !**any {
		return false, nil
	}
	keys, err := certificateKeys(tx, rec.ID)
	if err != nil {
		return false, err
	}
	marks := func(k *access.APIKey) bool { return k != nil && (k.CompromisedUse || k.Unvouched) }
	return marks(keys[0]) || marks(keys[1]), nil
}

// matchCertificate reports whether a certificate record passes the filter.
// company is the filter's Company, folded (newCompanyQuery).
// pactChanged reports whether rec rests on a supplier PACT footprint its
// data owner changed since (certificatePACTChanged); it is read only for
// the flagged filter.
func matchCertificate(rec *certificateRecord, m *restoreMark, f *certification.CertificateFilter, pcq *footprint.ProductCodeQuery, company companyQuery, pactChanged func() bool) bool {
	status := certification.CertificateStatus(rec.Status)
	if !f.Now.IsZero() {
		// Only ExpiresAt matters to the derived status.
		status = (&certification.Certificate{ExpiresAt: rec.ExpiresAt}).StatusAt(status, f.Now)
	}
	switch {
	case f.Manufacturer != nil && rec.Manufacturer != *f.Manufacturer,
		f.Certifier != nil && rec.Certifier != *f.Certifier,
		f.Status != nil && status != *f.Status,
		f.Rule != nil && rec.Rule != *f.Rule,
		f.Flagged != nil && *f.Flagged != (len(rec.SupplierFlags) > 0 || m.pending(rec) || status == certification.CertificateValid && pactChanged()):
		return false
	case pcq != nil && !slices.ContainsFunc(rec.ProductCodes, pcq.MatchString):
		return false
	case f.Company != nil && rec.Manufacturer != *f.Company && !slices.ContainsFunc(rec.Companies, func(name string) bool {
		k := companyKey(name)
		return companyMatches(k, printAlike.Replace(k), company)
	}):
		return false
	case f.Figure != nil:
		// The figure is in the signed content only: decoded for the
		// certificates the figure index let through (or every one, in a
		// test's scan).
		c, err := rec.certificate()
		if err != nil {
			return false
		}
		x, ok := c.Figure()
		return ok && certification.SameFigure(x, *f.Figure)
	}
	return true
}

// FindCertificates returns one page of matching certificates, ordered by
// number, and the cursor of the next page ("" on the last). ProductCode and
// ProductCodeExact are a footprint.ProductCodeQuery on the product codes of
// the certificate ("8541" finds HS:854143); Company is the owning organisation exactly or a
// case-insensitive substring of a holder or manufacturer name; Status is
// the recorded status, or the status at Now (expired derived) when Now is
// set. Returns EINVALID for a bad cursor or a negative limit. The decoded
// certificates may be shared with other readers (certReadCache) and must
// not be changed, as FindCertificateByID's.
func (s *CertificationService) FindCertificates(ctx context.Context, filter certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
	return s.findCertificates(ctx, filter, nil)
}

// findCertificates is FindCertificates among the certificates of the
// streams more returns too (FindFootprints), when it is not nil.
func (s *CertificationService) findCertificates(ctx context.Context, filter certification.CertificateFilter, narrow func(tx *bolt.Tx) []numberStream) ([]*certification.CertificateRecord, string, error) {
	after, limit, err := cursorPage(ctx, filter.Cursor, filter.Limit, 0)
	if err != nil {
		return nil, "", err
	}
	if _, err := certification.ParseCertificateNumber(string(after)); after != nil && err != nil {
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "cursor", "invalid cursor")
	}
	pcq, err := footprint.NewProductCodeQuery(filter.ProductCode, filter.ProductCodeExact)
	if err != nil {
		return nil, "", err
	}
	var company companyQuery
	if filter.Company != nil {
		company = newCompanyQuery(*filter.Company)
	}
	if filter.Company != nil && company.key == "" {
		return nil, "", footprint.FieldErrorf(footprint.EINVALID, "company", "公司名称须含字母或数字：%[1]q 不含。company must hold a letter or digit of a name: %[1]q has none", truncateMark(*filter.Company))
	}
	type listed struct {
		id     uuid.UUID
		number string // the key of the number index it was read under
		e      *cachedCertificate
	}
	var page []listed
	more := false
	var m *restoreMark
	var anyCompromised *bool // whether any API key is reported compromised, read once
	err = s.db.db.View(func(tx *bolt.Tx) (err error) {
		if m, err = s.db.restoredMark(tx); err != nil {
			return err
		}
		certs, numbers := tx.Bucket(certificatesBucket), tx.Bucket(certNumbersBucket)
		// visit reads the certificate numbered k (UUID v) and adds it to
		// the page if it matches; it reports whether the page is full.
		// The certificates listed are those certReadCache shares, as a
		// read by ID: an unchanged page is not decoded again, and the
		// server's signature check of each is remembered (api verifyMemo).
		visit := func(k, v []byte) (bool, error) {
			raw := certs.Get(v)
			id, err := uuid.FromBytes(v)
			if raw == nil || err != nil {
				return false, fmt.Errorf("certificate %s indexed but missing: %w", k, errCorrupt)
			}
			e := s.db.certs.lookup(id, raw)
			if e == nil {
				e = &cachedCertificate{rec: &certificateRecord{}}
				if err := decodeJSON(raw, e.rec); err != nil {
					return false, fmt.Errorf("certificate %s: %w", k, err)
				}
			}
			var pactErr error
			pactChanged := func() bool {
				changed, err := certificatePACTChanged(tx, e.rec)
				if err == nil && !changed {
					// Issued or set valid with an API key after the time it
					// was reported compromised: flagged until its body
					// reissues or withdraws it, or sets it valid again
					// with a key of its own.
					changed, err = compromisedKeyUse(tx, e.rec, &anyCompromised)
				}
				pactErr = err
				return changed
			}
			if ok := matchCertificate(e.rec, m, &filter, pcq, company, pactChanged); !ok || pactErr != nil {
				return false, pactErr
			}
			if len(page) == limit {
				more = true
				return true, nil
			}
			if e.raw == nil {
				e.raw = bytes.Clone(raw)
			}
			page = append(page, listed{id, string(k), e})
			return false, nil
		}
		streams := certificateStreams(tx, &filter, pcq)
		if narrow != nil {
			streams = append(streams, narrow(tx)...)
		}
		if len(streams) > 0 && !s.scan {
			// The certificates every index condition allows, in number
			// order from the cursor on, until the page is full.
			from := ""
			if after != nil {
				from = string(after) + "\x00" // the first number after it
			}
			for {
				n, ok := intersectNumbers(streams, from)
				if !ok {
					return nil
				}
				v := numbers.Get([]byte(n))
				if v == nil {
					return fmt.Errorf("certificate %s indexed but missing: %w", n, errCorrupt)
				}
				if full, err := visit([]byte(n), v); err != nil || full {
					return err
				}
				from = n + "\x00"
			}
		}
		c := numbers.Cursor()
		k, v := c.First()
		if after != nil {
			if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
		}
		for ; k != nil; k, v = c.Next() {
			if full, err := visit(k, v); err != nil || full {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", internal("find certificates", err)
	}
	out := make([]*certification.CertificateRecord, 0, len(page))
	for _, p := range page {
		rec, err := s.db.certs.finish(p.id, p.e, m)
		if err != nil {
			return nil, "", internal("find certificates", err)
		}
		// The content decoded, its ID and number are compared with the
		// keys the record was found under, as a single lookup does: a
		// record holding another certificate's content is left out, not
		// listed as that other (red team 52), and logged; the rest of the
		// list is given.
		c := rec.Certificate()
		if err := ownContent(p.id, p.number, c.ID.String(), c.Number); err != nil {
			continue // logged
		}
		out = append(out, rec)
	}
	next := ""
	if more {
		next = certification.CertificateCursor(page[len(page)-1].e.rec.Number)
	}
	if more && len(out) < len(page) {
		// As full a page as without the records left out: the rest from
		// the certificates after the last one read.
		filter.Cursor, filter.Limit = next, len(page)-len(out)
		rest, after, err := s.findCertificates(ctx, filter, narrow)
		if err != nil {
			return nil, "", err
		}
		out, next = append(out, rest...), after
	}
	return out, next, nil
}

// SetCertificateStatus suspends, reinstates or withdraws a certificate, as
// certification.CertificateTransition allows, with its audit event; a
// suspension or withdrawal clears its supplier flags (its certifier acted),
// a reinstatement keeps those raised while it was suspended. Suspending or withdrawing it
// flags the certificates issued on it (flagDownstream). Returns EINVALID
// without a reason, ENOTFOUND, and ECONFLICT for a transition that is not
// allowed (a withdrawal made with an API key reported compromised is
// undone by a reinstatement: undoCompromisedWithdrawal).
func (s *CertificationService) SetCertificateStatus(ctx context.Context, id uuid.UUID, to certification.CertificateStatus, reason string) (*certification.CertificateRecord, error) {
	return s.decide(ctx, "set certificate status", id, reason, func(tx *bolt.Tx, now time.Time, rec *certificateRecord, reason string) (string, string, error) {
		action, err := certification.CertificateTransition(certification.CertificateStatus(rec.Status), to)
		if err != nil {
			if action, err = undoCompromisedWithdrawal(tx, rec, to, err); err != nil {
				return "", "", err
			}
		}
		from := certification.CertificateStatus(rec.Status)
		rec.Status, rec.StatusReason, rec.StatusChangedAt = string(to), reason, now
		// A suspension or withdrawal clears the flags standing (its
		// certifier acted on the certificate as it stood). A reinstatement
		// answers the suspension: a flag raised while suspended (a supplier
		// withdrawn meanwhile) stands until its certifier reviews it (red
		// team 52: it was cleared, and the certificate read plainly valid
		// on data nobody reviewed).
		if to != certification.CertificateValid {
			rec.SupplierFlags = nil
		}
		if to == certification.CertificateSuspended || to == certification.CertificateWithdrawn {
			if err := flagDownstream(ctx, tx, rec, to, now); err != nil {
				return "", "", err
			}
		}
		if from == certification.CertificateSuperseded {
			if err := flagSuccessor(ctx, tx, rec, now); err != nil {
				return "", "", err
			}
		}
		return action, reason, nil
	})
}

// undoCompromisedWithdrawal answers refused, the refusal of a change of
// certificate rec to status to: a withdrawal is final, but one made with
// an API key at or after the time it was reported compromised as of
// (access.APIKey.CompromisedUse: status_key_compromised) is the thief's,
// not the body's, so its body reinstates it (to valid) when the
// certificate was not superseded before; the withdrawal's entry in the
// withdrawn studies' index (withdrawnStudy) goes with it. Certificates
// the withdrawal flagged downstream keep their flags until their
// certifiers review them. Any other change is refused as before.
func undoCompromisedWithdrawal(tx *bolt.Tx, rec *certificateRecord, to certification.CertificateStatus, refused error) (string, error) {
	if rec.Status != string(certification.CertificateWithdrawn) || to != certification.CertificateValid || rec.SupersededBy != "" {
		return "", refused
	}
	keys, err := certificateKeys(tx, rec.ID)
	if err != nil {
		return "", err
	}
	if keys[1] == nil || !keys[1].CompromisedUse {
		return "", refused
	}
	k, err := withdrawnStudyKey(rec)
	if err != nil {
		return "", err
	}
	if k != nil {
		if err := tx.Bucket(certWithdrawnStudiesBucket).Delete(k); err != nil {
			return "", fmt.Errorf("delete withdrawn certificate study index: %w", err)
		}
	}
	return access.AuditCertificateReinstate, nil
}

// flagSuccessor flags, in tx, the certificate that now stands in the
// lineage of rec, a superseded certificate its certifier has just withdrawn
// (certification.SupplierFlag, Predecessor): the one that superseded it, or
// if that was superseded in turn, the first in the chain that was not. A
// successor already withdrawn is left alone. The flag gets an
// AuditCertificateFlag event on the successor.
func flagSuccessor(ctx context.Context, tx *bolt.Tx, rec *certificateRecord, now time.Time) error {
	id, err := uuid.Parse(rec.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", rec.ID, errCorrupt)
	}
	next := rec.SupersededBy
	for range 1_000_000 { // as followLineage: only a corrupt file loops
		sid, err := uuid.Parse(next)
		if err != nil {
			return fmt.Errorf("superseded_by %q of certificate %s: %w", next, rec.Number, errCorrupt)
		}
		succ, err := findCertificateRecord(tx, sid)
		if err != nil {
			return err
		}
		switch certification.CertificateStatus(succ.Status) {
		case certification.CertificateSuperseded:
			next = succ.SupersededBy
			continue
		case certification.CertificateWithdrawn:
			return nil
		}
		flag := certification.SupplierFlag{Certificate: id, Number: rec.Number, Status: certification.CertificateWithdrawn, At: now, Predecessor: true}
		succ.SupplierFlags = append(slices.DeleteFunc(succ.SupplierFlags, func(f certification.SupplierFlag) bool { return f.Certificate == id }), flag)
		if err := notePACTChange(tx, succ, now); err != nil {
			return err
		}
		if err := putCertificate(tx, succ); err != nil {
			return err
		}
		if err := audit(ctx, tx, now, access.AuditCertificateFlag, "certificate/"+succ.ID, fmt.Sprintf("certificate %s, which this one superseded, is withdrawn", rec.Number)); err != nil {
			return err
		}
		// What rests on the successor as a supplier rests on the withdrawn data too (red team 26).
		return flagFrom(ctx, tx, rec, certification.CertificateWithdrawn, now, succ)
	}
	return fmt.Errorf("certificate %s: lineage does not end: %w", rec.Number, errCorrupt)
}

// ReviewCertificate records that the certifier reviewed a flagged
// certificate and lets it stand: it clears the supplier flags, with an
// AuditCertificateReview event naming the supplier certificates. Returns
// EINVALID without a reason, ENOTFOUND, and ECONFLICT if the certificate
// has no flags.
func (s *CertificationService) ReviewCertificate(ctx context.Context, id uuid.UUID, reason string) (*certification.CertificateRecord, error) {
	return s.decide(ctx, "review certificate", id, reason, func(tx *bolt.Tx, now time.Time, rec *certificateRecord, reason string) (string, string, error) {
		m, err := s.db.restoredMark(tx)
		if err != nil {
			return "", "", err
		}
		restored := m.pending(rec)
		pactChanged := false
		// Set valid (reinstated or reviewed) with an API key after the
		// time it was reported compromised: its body, with a key of its
		// own, lets it stand, and the status is its own again.
		var compromised *access.APIKey
		if rec.Status == string(certification.CertificateValid) {
			if pactChanged, err = certificatePACTChanged(tx, rec); err != nil {
				return "", "", err
			}
			keys, err := certificateKeys(tx, rec.ID)
			if err != nil {
				return "", "", err
			}
			if keys[1] != nil && keys[1].CompromisedUse {
				compromised = keys[1]
			}
		}
		if len(rec.SupplierFlags) == 0 && !restored && !pactChanged && compromised == nil {
			return "", "", footprint.Errorf(footprint.ECONFLICT, "证书 %[1]s 没有待复核的供应商标记。certificate %[1]s has no supplier flags to review", rec.Number)
		}
		var flags []string
		if compromised != nil {
			flags = append(flags, "its status, last set with API key "+compromised.ID+" after the time it was reported compromised")
		}
		for _, f := range rec.SupplierFlags {
			flags = append(flags, f.Number+" "+string(f.Status))
		}
		if pactChanged {
			// Its certifier has read the change of a supplier's PACT
			// footprint (red team 55): the flagged queue lists it no more.
			flags = append(flags, "a supplier PACT footprint its study used, changed by its data owner since")
		}
		if restored {
			if err := m.notBefore(now); err != nil {
				return "", "", err
			}
			// Its certifier confirms the status the copy held.
			flags = append(flags, "its status as of the copy restored, taken at "+m.CopyEnd.UTC().Format(time.RFC3339))
		}
		rec.SupplierFlags, rec.ConfirmedAt = nil, now
		return access.AuditCertificateReview, fmt.Sprintf("%s (supplier certificates %s)", reason, strings.Join(flags, ", ")), nil
	})
}

// confirmBatch is how many certificates ConfirmRestored confirms in one
// write transaction.
const confirmBatch = 500

// ConfirmRestored confirms, for the certification body certifier, the
// status of every valid certificate it issued that is still the restored
// copy's (restoreMark), as ReviewCertificate does one by one: its certifier
// has re-applied what it decided after the copy and vouches for the rest.
// Each certificate gets an AuditCertificateReview event with reason; the
// certificates are confirmed confirmBatch to a transaction, each batch
// whole (a batch that fails leaves the others confirmed, and calling again
// confirms what is left). Returns how many it confirmed; EINVALID without
// a reason.
func (s *CertificationService) ConfirmRestored(ctx context.Context, certifier, reason string) (int, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return 0, footprint.FieldErrorf(footprint.EINVALID, "reason", "须给出理由。a reason is required")
	}
	var ids []uuid.UUID
	err := s.db.db.View(func(tx *bolt.Tx) error {
		m, err := s.db.restoredMark(tx)
		if err != nil || m == nil {
			return err
		}
		prefix := []byte(string(certification.CertificateValid) + "\x00")
		numbers, c := tx.Bucket(certNumbersBucket), tx.Bucket(certStatusesBucket).Cursor()
		for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id, err := uuid.FromBytes(numbers.Get(k[len(prefix):]))
			if err != nil {
				return fmt.Errorf("certificate %s indexed but missing: %w", k[len(prefix):], errCorrupt)
			}
			rec, err := findCertificateRecord(tx, id)
			if err != nil {
				return err
			}
			if rec.Certifier == certifier && m.pending(rec) {
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err != nil {
		return 0, internal("confirm restored certificates", err)
	}
	n := 0
	for batch := range slices.Chunk(ids, confirmBatch) {
		done := 0 // counted once its batch commits
		err := s.db.db.Update(func(tx *bolt.Tx) error {
			now := s.db.now()
			m, err := s.db.restoredMark(tx)
			if err != nil {
				return err
			}
			if err := m.notBefore(now); err != nil {
				return err
			}
			for _, id := range batch {
				rec, err := findCertificateRecord(tx, id)
				if err != nil {
					return err
				}
				if rec.Certifier != certifier || !m.pending(rec) { // decided meanwhile
					continue
				}
				rec.ConfirmedAt = now
				if err := notePACTDecision(ctx, tx, rec, now); err != nil { // served again: pactoutbox.go
					return err
				}
				if err := putCertificate(tx, rec); err != nil {
					return err
				}
				if err := audit(ctx, tx, now, access.AuditCertificateReview, "certificate/"+rec.ID,
					fmt.Sprintf("%s (its status as of the copy restored, taken at %s, confirmed with the certification body's others)", reason, m.CopyEnd.UTC().Format(time.RFC3339))); err != nil {
					return err
				}
				done++
			}
			return nil
		})
		if err != nil {
			return n, internal("confirm restored certificates", err)
		}
		n += done
	}
	return n, nil
}

// decide makes a certifier's decision on certificate id, given with a
// reason, in one write transaction: change updates the record in tx and
// returns the audit action and detail; the record is stored and the event
// appended. Returns EINVALID without a reason, ENOTFOUND, and what change
// returns.
func (s *CertificationService) decide(ctx context.Context, op string, id uuid.UUID, reason string, change func(tx *bolt.Tx, now time.Time, rec *certificateRecord, reason string) (action, detail string, err error)) (*certification.CertificateRecord, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "reason", "须给出理由。a reason is required")
	}
	var rec *certificateRecord
	err := s.record(ctx, op, func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		var err error
		if rec, err = findCertificateRecord(tx, id); err != nil {
			return "", "", "", err
		}
		action, detail, err := change(tx, now, rec, reason)
		if err != nil {
			return "", "", "", err
		}
		// The hosts that received its footprint are told in this
		// transaction (pactoutbox.go).
		if err := notePACTDecision(ctx, tx, rec, now); err != nil {
			return "", "", "", err
		}
		if err := putCertificate(tx, rec); err != nil {
			return "", "", "", err
		}
		return action, "certificate/" + id.String(), detail, nil
	})
	if err != nil {
		return nil, err
	}
	out, err := rec.domain(nil) // decided now: no restore after it
	return out, internal(op, err)
}

// FindSupplierFootprints returns, for each ID (a certificate's UUID or its
// number), the certified footprint the certificate states, per one
// declared unit, as a map by the ID given. Only certificates valid now are
// usable. Returns ENOTFOUND naming the first unknown ID and EINVALID naming
// the first certificate that is not valid (suspended, withdrawn,
// superseded or expired).
//
// The footprint is certification.CertificateSupplierFootprint: per one
// declared unit, its data quality left unrated.
//
// A supplier's PACT footprint ("pact:<id>") is looked up among the
// footprints the context's principal's organisation stored, in its latest
// version (a study resolves among its owner's: studySuppliers).
//
// A certificate whose status is still a restored copy's (restoreMark) is
// usable as a valid one is, as the copy held it: a study's preview says so
// (studySuppliers), and no certificate is issued on it (validSuppliers).
func (s *CertificationService) FindSupplierFootprints(ctx context.Context, ids []string) (map[string]*footprint.SupplierFootprint, error) {
	owner, _, _ := access.AuditActor(ctx)
	out, err := s.findSuppliers(ctx, owner, nil, ids)
	return out.footprints, err
}

// studySuppliers is FindSupplierFootprints for the supplier references of
// study st (StudyService.calculate): a PACT footprint resolves among the
// footprints of the study's owner, in its latest version, and a reference
// that does not resolve is ENOTFOUND naming the BOM line. It returns the
// PACT documents read and the certificates read as a restored copy holds
// them too (foundSuppliers).
func (s *CertificationService) studySuppliers(ctx context.Context, st *footprint.Study, ids []string) (foundSuppliers, error) {
	return s.findSuppliers(ctx, st.Owner, st, ids)
}

// foundSuppliers are the supplier footprints a study's references name, by
// reference: the footprints, the PACT documents read (for the result to
// record their versions: pact.RecordSupplierVersions) and, for each
// certificate whose status is still a restored copy's (restoreMark), the
// time the copy was taken (its restored flag, which a preview shows:
// restoredSupplierWarnings).
type foundSuppliers struct {
	footprints map[string]*footprint.SupplierFootprint
	docs       map[string]*pact.Supplier
	restored   map[string]time.Time
	holds      map[string][]supplierHold // for a study's (supplierHolds): what the issue would refuse
}

// findSuppliers finds the supplier footprints ids, PACT footprints among
// owner's; st, when not nil, is the study whose lines name them.
func (s *CertificationService) findSuppliers(ctx context.Context, owner string, st *footprint.Study, ids []string) (foundSuppliers, error) {
	if err := ctx.Err(); err != nil {
		return foundSuppliers{}, err
	}
	now := s.db.now()
	recs := make(map[string]*certificateRecord, len(ids))
	out := make(map[string]*footprint.SupplierFootprint, len(ids))
	docs := map[string]*pact.Supplier{}
	holds := map[string][]supplierHold{}
	var m *restoreMark
	var keys []certification.PublicKey // the signing keys, read at the first supplier certificate
	err := s.db.db.View(func(tx *bolt.Tx) error {
		var err error
		if m, err = s.db.restoredMark(tx); err != nil {
			return err
		}
		for _, id := range ids {
			if _, ok := recs[id]; ok {
				continue
			}
			if pact.IsSupplierRef(id) { // a supplier's PACT footprint the owner stored (pact.go)
				sup, err := findPACTSupplierDoc(tx, owner, id, pactLatest)
				if err != nil {
					return pactLineError(st, id, err)
				}
				out[id], docs[id] = sup.Footprint, sup
				continue
			}
			rec, err := findCertificateByRef(tx, id)
			if err != nil {
				return err
			}
			recs[id] = rec
			if st != nil {
				if holds[id], err = supplierHolds(tx, rec, m); err != nil {
					return err
				}
			}
			if keys == nil {
				if keys, err = heldKeysIn(s.db, tx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return foundSuppliers{}, internal("find supplier footprints", err)
	}
	found := foundSuppliers{footprints: out, docs: docs, holds: holds}
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		rec, err := recs[id].domain(m) // its status and flags are checked at issue (validSuppliers)
		if err != nil {
			return foundSuppliers{}, internal("find supplier footprints", err)
		}
		c := rec.Certificate()
		if st := c.StatusAt(rec.Status, now); st != certification.CertificateValid {
			return foundSuppliers{}, footprint.Errorf(footprint.EINVALID, "supplier certificate %s is %s", c.Number, st)
		}
		// The figure the study takes must be the one the certificate
		// signed: a record edited in the file under its signature is not
		// previewed or stored as if it were sound (red team 52).
		if err := supplierSignature(recs[id], c, keys, pact.SupplierLinePath(st, id)); err != nil {
			return foundSuppliers{}, err
		}
		if f, ok := certification.RestoredFlag(rec.SupplierFlags); ok {
			if found.restored == nil {
				found.restored = map[string]time.Time{}
			}
			found.restored[id] = f.At
		}
		// The same mapping a certificate issued on the study records
		// (certification.NewCertificateSupplier), so that a verifier
		// recomputes with the same footprint.
		sf, err := certification.CertificateSupplierFootprint(id, c, rec.Signed.KeyID)
		if err != nil {
			return foundSuppliers{}, internal("find supplier footprints", fmt.Errorf("certificate %s declared unit %v %q: %w", c.Number, c.DeclaredUnit.Amount, c.DeclaredUnit.Unit, errCorrupt))
		}
		out[id] = sf
	}
	return found, nil
}

// restoredSupplierWarnings adds to res, a preview of study st, a warning
// at the first line naming each supplier certificate of restored (by
// reference: foundSuppliers) whose status is still a restored copy's: the
// calculation takes it as valid, as the copy held it, and no certificate
// is issued on it until its certifier confirms or changes its status
// (validSuppliers). A stored result does not carry it: the service's
// warnings are not a calculation's, and a stored result is recalculated
// byte for byte (studyRecalculates).
func restoredSupplierWarnings(res *footprint.Result, st *footprint.Study, restored map[string]time.Time) {
	for _, ref := range slices.Sorted(maps.Keys(restored)) {
		at := restored[ref].UTC().Format(time.RFC3339)
		res.Warnings = append(res.Warnings, footprint.Warning{Path: pact.SupplierLinePath(st, ref), Message: fmt.Sprintf(
			"供应商证书 %s 有效(数据已从备份恢复,状态待确认):本服务的数据已从 %s 的备份副本恢复,副本之后的暂停、撤销或替代可能已丢失,其认证机构尚未确认其状态;在确认之前不能以其签发证书。"+
				"Supplier certificate %s is valid as a restored copy held it (status not confirmed since): the service's records were restored from a copy taken at %s, a suspension, withdrawal or replacement after it may be lost, and its certification body has not confirmed its status since; no certificate is issued on it until it does",
			ref, at, ref, at)})
	}
}

// pactLineError names, in an ENOTFOUND for the PACT footprint ref or an
// error naming the field "supplier" (a replaced footprint: notReplaced),
// the first line of study st (nil: none) that references it.
func pactLineError(st *footprint.Study, ref string, err error) error {
	if st == nil || footprint.ErrorCode(err) != footprint.ENOTFOUND && footprint.ErrorField(err) != "supplier" {
		return err
	}
	return footprint.FieldErrorf(footprint.ErrorCode(err), pact.SupplierLinePath(st, ref), "%s", footprint.ErrorMessage(err))
}

// FindCertificateByRef returns the certificate a study's supplier line
// references, by ID or number, with its recorded status. Returns
// ENOTFOUND if there is none.
func (s *CertificationService) FindCertificateByRef(ctx context.Context, ref string) (*certification.CertificateRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out *certification.CertificateRecord
	err := s.db.db.View(func(tx *bolt.Tx) error {
		rec, err := findCertificateByRef(tx, ref)
		if err != nil {
			return err
		}
		m, err := s.db.restoredMark(tx)
		if err != nil {
			return err
		}
		out, err = rec.domain(m)
		return err
	})
	return out, err
}

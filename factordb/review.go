package factordb

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// reviewState returns the digest of what the store holds that the
// certifier's review of application a on study st reads
// (certification.ReviewRecords.State), read in tx: the review's records
// (recs), the supplier certificates the study names, the certificates of
// its product model (every holder's current one), the certificate a
// supersedes, the replacements of its PACT footprints, and the
// suspended and withdrawn certificates of any holder with its figure. Each
// certificate enters as stored, status, reason and flags included; what
// the review never names is left out (the holder's own certificates of
// the model, another model of the product whose figure the study's does
// not fall 10 % below, a valid certificate of the same figure), so that
// issuing one certificate does not stop another's issue on a review that
// did not change. The issue transaction computes it again
// (checkReviewState), so that a change between the API's check of the
// review's digest and the issue is seen (red team 38).
//
// sup is the stored record of the certificate a supersedes, as
// reviewRecords read it (nil for none): the review reads it once.
func reviewState(db *DB, tx *bolt.Tx, a *certification.Application, st *footprint.Study, recs *certification.ReviewRecords, sup *certificateRecord) (string, error) {
	certs := map[string]*certificateRecord{}
	var order []string
	add := func(rec *certificateRecord) {
		if _, ok := certs[rec.ID]; !ok {
			certs[rec.ID] = rec
			order = append(order, rec.ID)
		}
	}
	var missing []string
	for _, ref := range st.SupplierCertificateRefs() {
		rec, err := findCertificateByRef(tx, ref)
		switch {
		case footprint.ErrorCode(err) == footprint.ENOTFOUND:
			missing = append(missing, ref)
		case err != nil:
			return "", err
		default:
			add(rec)
		}
	}
	models, err := modelCertificates(tx, st.Product.Model)
	if err != nil {
		return "", err
	}
	for _, rec := range models {
		if rec.Manufacturer != a.Manufacturer { // the holder's own: its lineage, supersession's
			add(rec)
		}
	}
	// The certificate a supersedes: its status and flags. Those before
	// it in the lineage the review compares by their figures, rule and
	// declared unit, which never change.
	if sup != nil {
		add(sup)
	}
	if r := st.Result; r != nil && r.DeclaredUnit.Amount > 0 {
		b := tx.Bucket(certFiguresBucket)
		for _, step := range figureSteps(r.KgCO2e / r.DeclaredUnit.Amount) {
			prefix := append(step, 0)
			c := b.Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				// The same data are named of a stopped one only: the
				// status index says which to read (session 35: a lineage
				// of one figure read every certificate of it).
				number := string(k[len(prefix):])
				if !stoppedCertificate(tx, number) {
					continue
				}
				rec, err := findCertificateByRef(tx, number)
				if err != nil {
					return "", err
				}
				if s := certification.CertificateStatus(rec.Status); s == certification.CertificateSuspended || s == certification.CertificateWithdrawn {
					add(rec)
				}
			}
		}
	}
	var replaced []string
	for _, ref := range st.SupplierPACTRefs() {
		if id, err := uuid.Parse(ref[len(pact.SupplierRefPrefix):]); err == nil {
			chain, stored := pactReplacement(tx, st.Owner, id)
			replaced = append(replaced, fmt.Sprint(ref, chain, stored.UnixNano()))
		}
	}
	m, err := db.restoredMark(tx)
	if err != nil {
		return "", err
	}
	all := make([]*certificateRecord, len(order))
	for i, id := range order {
		all[i] = certs[id]
	}
	// The holder's valid certificates of the product under another model
	// are named only when the study's figure falls below theirs (or their lineage's): another
	// model issued meanwhile at the same figure changes nothing the
	// certifier reads. Nor is whether the study's GTIN is yet on no
	// certificate: the holder's own issue meanwhile binds it to the
	// holder, as this one would, and another holder's is refused in the
	// issue (checkGTINHolder).
	shown := *recs
	shown.GTINUnbound = false
	shown.Superseded = nil                 // its stored record is in all
	shown.Peers, shown.Lineages = nil, nil // a lineage's figures never change
	for _, p := range recs.Peers {
		if _, _, ok := certification.LineageDrop(st, append([]*certification.Certificate{p.Certificate()}, recs.Lineages[p.Certificate().ID.String()]...)); ok {
			shown.Peers = append(shown.Peers, p)
		}
	}
	b, err := json.Marshal([]any{shown, all, missing, replaced, m})
	if err != nil {
		return "", fmt.Errorf("review state: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16]), nil
}

// stoppedCertificate reports whether the certificate numbered number is
// recorded as suspended or withdrawn (certificate_statuses).
func stoppedCertificate(tx *bolt.Tx, number string) bool {
	b := tx.Bucket(certStatusesBucket)
	return b.Get(indexKey(number, string(certification.CertificateSuspended))) != nil || b.Get(indexKey(number, string(certification.CertificateWithdrawn))) != nil
}

// checkReviewState refuses, in the issue transaction, an issue of
// application a on study st whose review changed since the API checked
// its digest: state is the ReviewRecords.State that review read ("" for
// an issue through no review, the store's own callers). Returns
// ECONFLICT naming review_digest.
func checkReviewState(db *DB, tx *bolt.Tx, a *certification.Application, st *footprint.Study, state string) error {
	if state == "" {
		return nil
	}
	recs, sup, err := reviewRecords(db, tx, a, st)
	if err != nil {
		return err
	}
	now, err := reviewState(db, tx, a, st, recs, sup)
	if err != nil {
		return err
	}
	if now != state {
		return footprint.FieldErrorf(footprint.ECONFLICT, "review_digest", "申请 %[1]s 的审核内容在签发过程中发生了变化(证书状态、对申请的决定或审核所示的其他记录):请重新阅读审核后再签发。The review of application %[1]s changed while it was being issued (a certificate's status, a decision on an application or another record it shows): read the review again before issuing", a.ID)
	}
	return nil
}

// supersededRecord reads in tx the stored record of the certificate
// application a supersedes: nil for none. A record holding another
// certificate's signed content is refused as FindCertificateByID refuses
// it (ownContent: ECONFLICT naming signature), which the review answered
// when it read the record apart.
func supersededRecord(tx *bolt.Tx, a *certification.Application) (*certificateRecord, error) {
	if a.Supersedes == uuid.Nil {
		return nil, nil
	}
	rec, err := findCertificateRecord(tx, a.Supersedes)
	if err != nil {
		return nil, err
	}
	c, err := rec.certificate()
	if err != nil {
		return nil, err
	}
	if err := ownContent(a.Supersedes, "", c.ID.String(), c.Number); err != nil {
		return nil, err
	}
	return rec, nil
}

// supersededStudy reads in tx the study of superseded certificate c, for
// the review's comparison with it (ReviewRecords.SupersededStudy), or says
// why it is not read (ReviewRecords.SupersededStudyUnread): not in this
// store (a restore of another service's copy); a study ID that is none or
// a stored study that fails to decode; or a stored study that is not the
// one c signed (its document's SHA-256 is not c's StudyDigest, or its
// result's not c's ResultDigest). The second was left out as if no study
// were there, the review going on without a word, its comparison of the
// two outputs unmade; a document that failed to decode failed the whole
// review; and a study edited after the issue, its output lowered to the
// successor's, was compared as if it were the certified one, the smaller
// output unnamed (rv55). An error of the store itself is returned.
func supersededStudy(tx *bolt.Tx, c *certification.Certificate) (*footprint.Study, string, error) {
	old, err := findStudy(tx, c.StudyID)
	switch code := footprint.ErrorCode(err); {
	case code == footprint.ENOTFOUND:
		return nil, certification.SupersededStudyNotStored, nil
	case code == footprint.EINVALID || errors.Is(err, errCorrupt):
		return nil, certification.SupersededStudyUnreadable, nil
	case err != nil:
		return nil, "", err
	}
	if c.StudyDigest != "" && certification.StudyDigest(old.Document) != c.StudyDigest {
		return nil, certification.SupersededStudyChanged, nil
	}
	if old.Result == nil {
		return nil, certification.SupersededStudyChanged, nil // it was issued on one
	}
	if d, err := old.Result.Digest(); err != nil {
		return nil, certification.SupersededStudyUnreadable, nil
	} else if d != c.ResultDigest {
		return nil, certification.SupersededStudyChanged, nil
	}
	return old, "", nil
}

// earlierStudy returns, for study st of an application superseding
// certificate sup, whose study is old (nil: not read), the nearest
// certificate before sup in its lineage whose signed reference period
// shares days with st's and that lists green-power instruments, and its
// study as supersededStudy reads it (ReviewRecords.EarlierStudy): nil
// unless st claims green-power instruments and old's period shares no day
// with st's, or old claims none. The review compares a successor's output
// with its predecessor's only for days they share, so a step to an older
// period broke the comparison for the next: the demo module certified for
// 2025 at 500,000 modules, superseded by a study of 2024, and that by 2025
// again at 154,250, was compared with 2024 alone (rv55). A study claiming
// no instruments spreads nothing over its output, and its review compares
// that output with nothing, so a step through one at a smaller output
// broke it too (reviewer 55: A 2025 at 500,000 with the instruments, B
// 2025 at 154,250 without, C 2025 at 154,250 with them, compared with B
// alone). A study is decoded only for the certificate it returns.
//
// When it finds none and the lineage goes on, it says where and why it
// stopped (ReviewRecords.EarlierWalk, walkEarlier), and so does the
// review: the walk stopped without a word at
// certification.EarlierStudyWalk certificates, at a certificate of
// another store, at a cycle and at a certificate whose study was not the
// one it signed, and the comparison it did not make read as one made and
// found in order (rv56).
func earlierStudy(db *DB, tx *bolt.Tx, st *footprint.Study, sup *certification.Certificate, old *footprint.Study) (*certification.Certificate, *footprint.Study, *certification.EarlierWalkStop, error) {
	p := st.ReferencePeriod
	if old == nil || p.IsZero() || old.ReferencePeriod.IsZero() || p.Overlaps(old.ReferencePeriod) && len(old.GreenClaims()) > 0 || len(st.GreenClaims()) == 0 {
		return nil, nil, nil, nil
	}
	c, stop, err := walkEarlier(sup, p, func(id uuid.UUID) (*certification.Certificate, error) { return db.walkedCertificate(tx, id) })
	if c == nil || err != nil {
		return nil, nil, stop, err
	}
	s, why, err := supersededStudy(tx, c)
	if err != nil {
		return nil, nil, nil, err
	}
	if why != "" {
		return nil, nil, &certification.EarlierWalkStop{Why: certification.EarlierWalkStudyUnread, Read: stop.Read, Last: c, StudyUnread: why}, nil
	}
	return c, s, nil, nil
}

// walkedCertificate reads in tx the certificate id for walkEarlier, from
// the service's cache of decoded certificates when its stored record is
// byte for byte the one decoded (certReadCache), and keeps it there when
// it is decoded here. The walk decoded each record and its signed content
// again at every review, the included: a review walking 64
// certificates back took 2.8 MiB and 22,700 allocations, 0.4 MiB and
// 5,000 from the cache (BenchmarkFindReviewRecords_EarlierWalk, the same
// review read again, rv56). The certificate returned is shared with other
// readers and must not be changed. ENOTFOUND when there is none; ECONFLICT
// at signature, as FindCertificateByID, when the record holds another
// certificate's signed content (ownContent): the walk took it for the
// certificate its predecessor names, and compared the output with that
// other certificate's study as the lineage's (reviewer 56d). walkEarlier
// stops there (EarlierWalkForeign) rather than fail the review.
func (db *DB) walkedCertificate(tx *bolt.Tx, id uuid.UUID) (*certification.Certificate, error) {
	raw := tx.Bucket(certificatesBucket).Get(id[:])
	if raw == nil {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
	}
	e, err := db.certs.decode(id, raw) // the cached entry when raw is unchanged
	if err != nil {
		return nil, fmt.Errorf("certificate %s: %w", id, err)
	}
	if e.cert == nil { // decoded here: its content decoded, and kept
		if _, err := db.certs.finish(id, e, nil); err != nil {
			return nil, err
		}
	}
	if err := ownContent(id, "", e.cert.ID.String(), e.cert.Number); err != nil {
		return nil, err
	}
	return e.cert, nil
}

// walkEarlier walks the lineage back from certificate sup, reading each
// certificate with find (ENOTFOUND: not in this store), to the nearest
// whose signed period shares days with p and that lists green-power
// instruments (Electricity.Instruments, so that no study is decoded to
// pass one). It reads at most certification.EarlierStudyWalk
// certificates. It returns the certificate found, or nil and, unless it
// reached the lineage's first certificate, where and why it stopped; the
// stop's Read counts the certificates read, the one found among them.
func walkEarlier(sup *certification.Certificate, p footprint.Period, find func(uuid.UUID) (*certification.Certificate, error)) (*certification.Certificate, *certification.EarlierWalkStop, error) {
	seen := map[uuid.UUID]bool{sup.ID: true}
	c := sup
	for n := 0; c.Supersedes != uuid.Nil; n++ {
		stop := &certification.EarlierWalkStop{Read: n, Last: c, Next: c.Supersedes}
		switch {
		case seen[c.Supersedes]:
			stop.Why = certification.EarlierWalkCycle
			return nil, stop, nil
		case n >= certification.EarlierStudyWalk:
			stop.Why = certification.EarlierWalkLimit
			return nil, stop, nil
		}
		seen[c.Supersedes] = true
		next, err := find(c.Supersedes)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			stop.Why = certification.EarlierWalkNotStored
			return nil, stop, nil
		} else if footprint.ErrorCode(err) == footprint.ECONFLICT && footprint.ErrorField(err) == "signature" {
			// Another certificate's content under the ID (ownContent):
			// the walk stops there and the review says so, as at a
			// cycle, an edited record too. The whole review was
			// refused, and the certifier read none of it, for one
			// record of the lineage the review only walks through
			// (reviewer 56e).
			stop.Why = certification.EarlierWalkForeign
			return nil, stop, nil
		} else if err != nil {
			return nil, nil, err
		}
		c = next
		if p.Overlaps(footprint.Period{Start: c.PeriodStart, End: c.PeriodEnd}) && len(c.Electricity.Instruments) > 0 {
			return c, &certification.EarlierWalkStop{Read: n + 1, Last: c}, nil
		}
	}
	return nil, nil, nil
}

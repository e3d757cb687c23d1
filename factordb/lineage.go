package factordb

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/unicode/norm"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// certModelsBucket indexes the product-model lineages (docs/integrity.md
// §12): for each holder and product model, the latest certificate issued;
// its lineage goes on along superseded_by.
var certModelsBucket = []byte("certificate_models") // ModelKey(model) 0x00 manufacturer → UUID of the holder's latest certificate of the model

// ModelKey returns the form of a product model that the model lineage
// compares: full-width forms folded (footprint.FoldWidth), upper case,
// letters and digits only, and the letters that read as digits on a label
// read as those digits wherever they stand: O as 0, I and L as 1.
// "DEMO-M10-54", "demo m10 54", "DEMO–M10–54.", "DEMO-M1O-54",
// "DEMO-Ml0-54" and "DEM0-M10-54" are one model (DEM0M1054), so that
// neither punctuation nor a look-alike letter starts a second lineage
// beside a valid certificate. The key is only compared, never shown; two
// models of one holder that differ only by such a letter share a lineage,
// and the holder names the certificate a new one supersedes. Traditional
// Chinese characters read as simplified, as OrgNameKey reads them
// (simplifiedHan): "示例組件A1" is "示例组件A1" to a reader of either script,
// one model (session 38). The letters and digits kept are converted, not
// the model as written, so that punctuation between two characters does
// not change how they convert ("乾坤" is a word, "乾-坤" would be two
// characters) and the key stays one for any punctuation. A CJK
// compatibility ideograph reads as the ideograph it is canonically
// equivalent to (U+F902 車 is U+8ECA 車, so 车): it prints as that
// character, and CheckModelCharacters takes it as a Chinese letter.
func ModelKey(model string) string {
	key := make([]rune, 0, len(model))
	for _, r := range footprint.FoldWidth(model) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			r = unicode.ToUpper(r)
			switch {
			case r == 'O':
				r = '0'
			case r == 'I' || r == 'L':
				r = '1'
			case r >= 0xF900 && unicode.Is(unicode.Han, r): // the compatibility blocks start at U+F900
				r, _ = utf8.DecodeRuneInString(norm.NFC.String(string(r)))
			}
			key = append(key, r)
		}
	}
	return simplifiedHan(string(key))
}

// modelStem returns the ModelKey of model up to its number: the words
// after its last digit (and the look-alike letters touching it, which
// ModelKey reads as digits) dropped, so that "JM550 Pro", "JM-550" and
// "ＪＭ５５Ｏ plus" are one stem, JM550. "" for a model without a digit.
func modelStem(model string) string {
	m := footprint.FoldWidth(model)
	i := strings.LastIndexFunc(m, unicode.IsDigit)
	if i < 0 {
		return ""
	}
	end := i + 1 // a digit folded to ASCII is one byte
	for end < len(m) && strings.IndexByte("OoIiLl", m[end]) >= 0 {
		end++
	}
	return ModelKey(m[:end])
}

// certModelKey is the certificate_models key of a holder's product model;
// nil for a model without a letter or a digit (no lineage to keep).
func certModelKey(manufacturer, model string) []byte {
	mk := ModelKey(model)
	if mk == "" {
		return nil
	}
	return append(append([]byte(mk), 0), manufacturer...)
}

// FindModelCertificates returns, for every holder with a certificate of
// product model (compared as ModelKey compares), the current certificate
// of the holder's lineage of the model, ordered by holder. The certifier's
// review shows another holder's certificate of the model an applicant
// applies for.
func (s *CertificationService) FindModelCertificates(ctx context.Context, model string) ([]*certification.CertificateRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []*certification.CertificateRecord
	err := s.db.db.View(func(tx *bolt.Tx) error {
		m, err := s.db.restoredMark(tx) // the review shows a certificate as the copy held it, as such
		if err != nil {
			return err
		}
		recs, err := modelCertificates(tx, model)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			d, err := rec.domain(m)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, internal("find model certificates", err)
	}
	return out, nil
}

// modelCertificates returns, in tx, the current certificate of every
// holder's lineage of product model (compared as ModelKey compares),
// ordered by holder.
func modelCertificates(tx *bolt.Tx, model string) ([]*certificateRecord, error) {
	mk := ModelKey(model)
	if mk == "" {
		return nil, nil
	}
	prefix := append([]byte(mk), 0)
	var out []*certificateRecord
	c := tx.Bucket(certModelsBucket).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		id, err := uuid.FromBytes(v)
		if err != nil {
			return nil, fmt.Errorf("model %q certificate: %w", model, errCorrupt)
		}
		rec, err := followLineage(tx, id, "model "+model)
		if certification.FailsRecordCheck(err) {
			continue // logged (ownContent), left out as the lists leave it out
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// indexModelCertificate records c, issued to manufacturer, as the latest
// certificate of its product model.
func indexModelCertificate(tx *bolt.Tx, manufacturer string, c *certification.Certificate) error {
	key := certModelKey(manufacturer, c.Product.Model)
	if key == nil {
		return nil
	}
	if err := tx.Bucket(certModelsBucket).Put(key, bytes.Clone(c.ID[:])); err != nil {
		return fmt.Errorf("put model certificate: %w", err)
	}
	return nil
}

// indexCertificateModels builds the certificate_models index from the
// certificates stored, for a database written before it existed: each
// holder's latest certificate of each model (by issue time, then number).
// Certificates of one model standing side by side (which older versions
// allowed) stay as issued; the latest becomes the model's current one,
// which the next application for the model supersedes.
func indexCertificateModels(tx *bolt.Tx) error {
	latest, err := latestCertificates(tx, func(rec *certificateRecord, c *certification.Certificate) (string, bool) {
		key := certModelKey(rec.Manufacturer, c.Product.Model)
		return string(key), key != nil
	})
	if err != nil {
		return err
	}
	for key, c := range latest {
		if err := tx.Bucket(certModelsBucket).Put([]byte(key), bytes.Clone(c.ID[:])); err != nil {
			return fmt.Errorf("put model certificate: %w", err)
		}
	}
	return nil
}

// rekeyCertificateModels builds the certificate_models index of a file
// written before schema 3 (or 7) again, emptied, from the certificates:
// its keys were an older ModelKey's (look-alike letters and full-width
// forms kept; before 7, traditional Chinese characters), so a model
// written "DEMO-M1O-54" was not found as DEMO-M10-54, nor "示例組件A1" as
// 示例组件A1. Two
// lineages that the new key joins become one, whose current certificate is
// the latest issued (indexCertificateModels); the certificates stay as
// issued. A file whose index was never built gets it from indexMigrations,
// with today's keys. Running it again changes nothing.
func rekeyCertificateModels(tx *bolt.Tx) error {
	if tx.Bucket(metaBucket).Get([]byte("index:certificate_models")) == nil {
		return nil
	}
	if err := emptyBucket(tx, certModelsBucket); err != nil {
		return err
	}
	return indexCertificateModels(tx)
}

// currentModelCertificate returns the current certificate of the lineage
// of manufacturer's product model in tx: the model's latest certificate,
// followed through the certificates that superseded it; nil if the model
// has none.
func currentModelCertificate(tx *bolt.Tx, manufacturer, model string) (*certificateRecord, error) {
	key := certModelKey(manufacturer, model)
	if key == nil {
		return nil, nil
	}
	return indexedLineage(tx, certModelsBucket, key, fmt.Sprintf("model %q", model))
}

// indexedLineage follows the lineage of the certificate whose UUID the
// index bucket holds under key (a study's or a product model's latest
// certificate) to its current certificate; nil if the index has no entry.
// what names the entry in errors ("study …", "model …").
func indexedLineage(tx *bolt.Tx, bucket, key []byte, what string) (*certificateRecord, error) {
	v := tx.Bucket(bucket).Get(key)
	if v == nil {
		return nil, nil
	}
	id, err := uuid.FromBytes(v)
	if err != nil {
		return nil, fmt.Errorf("%s certificate: %w", what, errCorrupt)
	}
	return followLineage(tx, id, what)
}

// followLineage reads certificate id and follows superseded_by to the
// current certificate of its lineage. The current certificate's record
// must hold its own signed content (ownContent: ECONFLICT on signature,
// logged, otherwise; certification.FailsRecordCheck tells it), as a lookup by ID requires: the
// review showed another certificate as the model's (red team 52). Only the
// current one is checked, by its content's ID and number alone: the
// records before it are read for superseded_by, which no signature covers
// anyway.
func followLineage(tx *bolt.Tx, id uuid.UUID, what string) (*certificateRecord, error) {
	rec, err := findCertificateRecord(tx, id)
	// A lineage is a chain: each certificate supersedes one, once. The
	// bound only stops a corrupt file from looping.
	for n := 0; err == nil && rec.SupersededBy != ""; n++ {
		if n > 1_000_000 {
			return nil, fmt.Errorf("%s: lineage does not end: %w", what, errCorrupt)
		}
		if id, err = uuid.Parse(rec.SupersededBy); err != nil {
			return nil, fmt.Errorf("certificate %s superseded by %q: %w", rec.ID, rec.SupersededBy, errCorrupt)
		}
		rec, err = findCertificateRecord(tx, id)
	}
	if err == nil {
		err = rec.ownContent(id, "")
	}
	if err != nil {
		return nil, fmt.Errorf("%s lineage: %w", what, err)
	}
	return rec, nil
}

// withdrawnStudy refuses a new certificate for study studyID when one of
// the certificates issued for it was withdrawn. A withdrawal is the
// certifier's decision, for cause, that the certified data do not stand
// (data falsified, a figure wrong): the same data get no fresh certificate
// by superseding the withdrawn one, nor by superseding a later certificate
// of the lineage. The holder corrects the data in a new study and applies
// for that, which continues the model's lineage, naming the withdrawn
// certificate (modelSupersession). It counts the withdrawn certificates of
// the study in the lineage of the study's latest certificate, which other
// studies of the model may have continued in between: those of
// certificate_withdrawn_studies (usually none) from which superseded_by
// leads to it (session 35: it walked the whole lineage back at each
// application and issue). Returns ECONFLICT, naming study_id, with the
// latest such certificate and the reason of its withdrawal.
func withdrawnStudy(tx *bolt.Tx, studyID string) error {
	key, ok := uuidKey(studyID)
	if !ok {
		return nil
	}
	v := tx.Bucket(certStudiesBucket).Get(key)
	if v == nil {
		return nil
	}
	latest, err := uuid.FromBytes(v)
	if err != nil {
		return fmt.Errorf("study %s certificate: %w", studyID, errCorrupt)
	}
	var found *certificateRecord
	closest := -1
	for _, w := range indexedIDs(tx.Bucket(certWithdrawnStudiesBucket), key) {
		steps, rec, err := stepsTo(tx, uuid.UUID(w), latest)
		if err != nil {
			return fmt.Errorf("study %s lineage: %w", studyID, err)
		}
		if steps >= 0 && (found == nil || steps < closest) {
			found, closest = rec, steps
		}
	}
	if found != nil {
		return footprint.FieldErrorf(footprint.ECONFLICT, "study_id", "研究 %[2]s 的证书 %[1]s 已被撤销(%[3]s):证书被撤销的研究不再认证;请在新的研究中更正数据并以其申请,在 supersedes 中写明 %[4]s。certificate %[1]s of study %[2]s was withdrawn (%[3]s): a study whose certificate was withdrawn is not certified again; correct the data in a new study and apply for that, naming %[4]s in supersedes",
			found.Number, studyID, truncateMark(found.StatusReason), found.ID)
	}
	return nil
}

// stepsTo returns the record of certificate id and how many certificates
// superseded it, one after the other, up to certificate latest (0: it is
// latest); -1 when superseded_by leads elsewhere.
func stepsTo(tx *bolt.Tx, id, latest uuid.UUID) (int, *certificateRecord, error) {
	rec, err := findCertificateRecord(tx, id)
	if err != nil {
		return 0, nil, err
	}
	for n, next := 0, rec; ; n++ {
		switch {
		case n > 1_000_000: // as followLineage: only a corrupt file loops
			return 0, nil, fmt.Errorf("certificate %s: lineage does not end: %w", id, errCorrupt)
		case next.ID == latest.String():
			return n, rec, nil
		case next.SupersededBy == "":
			return -1, rec, nil
		}
		nid, err := uuid.Parse(next.SupersededBy)
		if err != nil {
			return 0, nil, fmt.Errorf("certificate %s superseded by %q: %w", next.ID, next.SupersededBy, errCorrupt)
		}
		if next, err = findCertificateRecord(tx, nid); err != nil {
			return 0, nil, err
		}
	}
}

// certWithdrawnStudiesBucket holds the withdrawn certificates by study
// (withdrawnStudy), written when a certificate's status becomes withdrawn
// (final) and built at Open for an earlier file.
//
//	study UUID (16 bytes) certificate UUID (16 bytes) → ""
var certWithdrawnStudiesBucket = []byte("certificate_withdrawn_studies")

// withdrawnStudyKey returns the certificate_withdrawn_studies key of rec,
// nil unless it is withdrawn.
func withdrawnStudyKey(rec *certificateRecord) ([]byte, error) {
	if rec.Status != string(certification.CertificateWithdrawn) {
		return nil, nil
	}
	c, err := rec.certificate()
	if err != nil {
		return nil, err
	}
	study, ok := uuidKey(c.StudyID)
	if !ok {
		return nil, nil
	}
	return append(study, c.ID[:]...), nil
}

// indexWithdrawnStudies builds certificate_withdrawn_studies from the
// certificates stored, for a database written before it existed.
func indexWithdrawnStudies(tx *bolt.Tx) error {
	idx := tx.Bucket(certWithdrawnStudiesBucket)
	return forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(_ []byte, rec *certificateRecord) error {
		k, err := withdrawnStudyKey(rec)
		if err != nil || k == nil {
			return err
		}
		return idx.Put(k, nil)
	})
}

// modelSupersession checks, for application a of study st, which has no
// certificate of its own, the lineage of the holder's product model: when
// the model has a current certificate, a must name it (named), whatever its
// status: a valid one is superseded, a withdrawn or expired one linked, so
// that the new certificate shows its history. Returns the model's current
// certificate (nil if none), and ECONFLICT naming supersedes, with the
// certificate's number and ID, when a names nothing or another certificate.
//
// A model without a certificate is the product of the study's GTIN too:
// when the holder's certificate of that GTIN stands (gtinSupersession), a
// names it, or is refused at issue.
func modelSupersession(tx *bolt.Tx, a *certification.Application, st *footprint.Study, named *certificateRecord, issue bool) (*certificateRecord, error) {
	mc, err := currentModelCertificate(tx, a.Manufacturer, st.Product.Model)
	if err != nil {
		return nil, err
	} else if mc == nil {
		return gtinSupersession(tx, a, st, named, issue)
	}
	c, err := mc.certificate()
	if err != nil {
		return nil, err
	}
	switch {
	case named == nil:
		return nil, footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "%[2]s 的产品型号 %[1]q 已有证书 %[3]s(%[4]s,研究 %[5]s):同一型号的新证书须替代它,每个型号只有一张现行证书;请在 supersedes 中写明 %[6]s 后申请。product model %[1]q of %[2]s already has certificate %[3]s (%[4]s, study %[5]s): a new certificate of the same model supersedes it, one current certificate per model; apply with supersedes %[6]s", strings.TrimSpace(st.Product.Model), a.Manufacturer, c.Number, mc.Status, c.StudyID, c.ID)
	case named.ID != mc.ID:
		return nil, footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "证书 %[1]s 不是产品型号 %[2]q 的现行证书(现行证书为 %[3]s)。certificate %[1]s is not the current certificate of product model %[2]q (%[3]s is)", named.Number, strings.TrimSpace(st.Product.Model), c.Number)
	}
	return mc, nil
}

// gtinSupersession checks, for application a of study st, which has no
// certificate of its own nor of its model, the lineages of the holder's
// certificates of the study's GTIN: when one of them stands (its current
// certificate valid or suspended, as recorded), a names it, as a study of
// a certified model names the model's. A GTIN names one trade item: the
// holder's product applied for under another model name at another body
// while its certificate stood was issued beside it, two valid
// certificates of one GTIN at two figures (2.1 % apart, under the review's
// 10 % for a peer), the label of either printable for the product (red
// team 67). An application naming none is still made (issue false: the
// holder's other study of the product is a peer its review compares, and
// warns of at supersedes); its issue (issue true) is refused, ECONFLICT
// naming supersedes, with the GTIN and the certificate's number, model,
// status and ID, so the certifier rejects it and the holder applies again
// naming the certificate. That holds at the standing certificate's own
// body too: it issued the holder's "another study of the product" beside
// it, two valid certificates of one GTIN at one body (red team 68;
// TestRedteam6_GTINOfAnotherHolder). A withdrawn or expired one binds nothing here:
// the review names it (holderCertificates). Returns the standing
// certificate a names (nil if none stands, or none is named at an
// application); ECONFLICT when a names another certificate while one
// stands. Lineages two standing before this rule (an earlier file) are
// each one a may name.
func gtinSupersession(tx *bolt.Tx, a *certification.Application, st *footprint.Study, named *certificateRecord, issue bool) (*certificateRecord, error) {
	gtin := strings.TrimSpace(st.Product.GTIN)
	var standing []*certificateRecord
	seen := map[string]bool{}
	err := eachGTINCertificate(tx, gtin, func(id []byte, holder string) error {
		if holder != a.Manufacturer {
			return nil // another holder's: checkGTINHolder
		}
		cur, err := followLineage(tx, uuid.UUID(id), fmt.Sprintf("GTIN %q", gtin))
		if err != nil || seen[cur.ID] {
			return err
		}
		seen[cur.ID] = true
		if cur.Status == string(certification.CertificateValid) || cur.Status == string(certification.CertificateSuspended) {
			standing = append(standing, cur)
		}
		return nil
	})
	if err != nil || len(standing) == 0 {
		return nil, err
	}
	for _, rec := range standing {
		if named != nil && named.ID == rec.ID {
			return rec, nil
		}
	}
	if named == nil && !issue {
		return nil, nil
	}
	c, err := standing[0].certificate()
	if err != nil {
		return nil, err
	}
	status := certification.CertificateStatus(standing[0].Status)
	args := []any{gtin, a.Manufacturer, c.Number, c.Product.Model, status, c.ID, strings.TrimSpace(st.Product.Model), certification.StatusZH(status)}
	if named == nil {
		return nil, footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "%[2]s 的 GTIN %[1]s 已有现行证书 %[3]s(型号 %[4]q,%[8]s):同一 GTIN 为同一商品,其新证书(型号 %[7]q)须替代它,每个 GTIN 只有一张现行证书;本申请未写明替代它:请拒绝本申请,由持证方在 supersedes 中写明 %[6]s 后重新申请。GTIN %[1]s of %[2]s already has certificate %[3]s (model %[4]q, %[5]s): one GTIN is one trade item, and a new certificate of it (model %[7]q) supersedes that one, one current certificate per GTIN; this application does not name it: reject it, and the holder applies again with supersedes %[6]s", args...)
	}
	return nil, footprint.FieldErrorf(footprint.ECONFLICT, "supersedes", "证书 %[1]s 不是 GTIN %[2]s 的现行证书(现行证书为 %[3]s)。certificate %[1]s is not the current certificate of GTIN %[2]s (%[3]s is)", named.Number, gtin, c.Number)
}

package factordb

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// The figure indexes: certificates (certificate_figures) and rejected
// applications (application_rejected_figures) by the headline per one
// declared unit, so that a review finds, among every holder's records,
// those with a study's figure (certification.SameFigure) without reading
// the others (red team 18: the data of a withdrawn certificate, or of a
// rejected application, applied for again under a newly registered
// company or another product code).

// figureStep returns the step of a positive finite figure on the
// certificate_figures scale, ln(x)/ln(1+SameFigureTolerance) rounded down,
// as 8 big-endian bytes that sort as the figures do; false for a figure
// that has none. Two figures within the tolerance of the larger are at
// most 1.0101 steps apart (ln(1/0.99)/ln(1.01)), so at most two steps
// either side of each other (figureSteps).
func figureStep(x float64) ([]byte, bool) {
	if !(x > 0) || math.IsInf(x, 0) {
		return nil, false
	}
	step := int64(math.Floor(math.Log(x) / math.Log1p(certification.SameFigureTolerance)))
	return binary.BigEndian.AppendUint64(nil, uint64(step)^1<<63), true
}

// figureKey is the certificate_figures key of certificate c; nil when
// its figure has no step.
func figureKey(c *certification.Certificate) []byte {
	x, ok := c.Figure()
	if !ok {
		return nil
	}
	step, ok := figureStep(x)
	if !ok {
		return nil
	}
	return indexKey(c.Number, string(step))
}

// figureSteps returns the step keys whose figures may be the same as x:
// its own step and the two either side (nil when x has no step).
func figureSteps(x float64) [][]byte {
	step, ok := figureStep(x)
	if !ok {
		return nil
	}
	at := binary.BigEndian.Uint64(step)
	out := make([][]byte, 0, 5)
	for d := uint64(0); d <= 4; d++ {
		out = append(out, binary.BigEndian.AppendUint64(nil, at-2+d))
	}
	return out
}

// figureStream returns the certificates whose figure may be the same as
// x (figureSteps).
func figureStream(tx *bolt.Tx, x float64) numberStream {
	b := tx.Bucket(certFiguresBucket)
	u := unionStream{}
	for _, step := range figureSteps(x) {
		u = append(u, newPrefixStream(b, string(step)))
	}
	return u
}

// indexCertificateFigures builds certificate_figures from the
// certificates stored, for a database written before it existed: each
// certificate's content is decoded once.
func indexCertificateFigures(tx *bolt.Tx) error {
	var keys [][]byte
	err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(_ []byte, rec *certificateRecord) error {
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		if k := figureKey(c); k != nil {
			keys = append(keys, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(keys, bytes.Compare) // sorted: see indexCertificateRulesCompanies
	return putKeys(tx.Bucket(certFiguresBucket), keys)
}

// resultFigure is what rejectedFigureKey reads of a stored result.
type resultFigure struct {
	KgCO2e       float64 `json:"kgco2e"`
	DeclaredUnit struct {
		Amount float64 `json:"amount"`
	} `json:"declared_unit"`
}

// rejectedFigureKey returns the application_rejected_figures key of
// rejected application a: its study's headline per one declared unit
// (nil when the study or its result is not stored, or has no figure).
func rejectedFigureKey(tx *bolt.Tx, a *certification.Application) ([]byte, error) {
	key, ok := uuidKey(a.StudyID)
	if !ok {
		return nil, nil
	}
	_, _, result, err := studyDocs(tx, key)
	if err != nil || result == nil {
		return nil, err
	}
	var r resultFigure
	if err := json.Unmarshal(result, &r); err != nil {
		return nil, fmt.Errorf("study %s result: %v: %w", a.StudyID, err, errCorrupt)
	}
	if !(r.DeclaredUnit.Amount > 0) {
		return nil, nil
	}
	step, ok := figureStep(r.KgCO2e / r.DeclaredUnit.Amount)
	if !ok {
		return nil, nil
	}
	return append(step, a.ID[:]...), nil
}

// indexRejectedFigures builds application_rejected_figures from the
// rejected applications and their stored results, for a database
// written before it existed.
func indexRejectedFigures(tx *bolt.Tx) error {
	return buildApplicationIndex(tx, rejectedFiguresBucket, "rejected application figure index", func(rec *applicationRecord) ([][]byte, error) {
		if rec.Status != certification.ApplicationRejected {
			return nil, nil
		}
		k, err := rejectedFigureKey(tx, &rec.Application)
		if k == nil {
			return nil, err
		}
		return [][]byte{k}, err
	})
}

// sameFigureRejections returns the rejected applications, of any holder,
// other than a and those in known, whose study's figure may be the same
// as figure (the steps either side of its own, as figureStream), oldest
// first.
func sameFigureRejections(tx *bolt.Tx, a *certification.Application, figure float64, known []*certification.Application) ([]*certification.Application, error) {
	seen := map[uuid.UUID]bool{a.ID: true}
	for _, k := range known {
		seen[k.ID] = true
	}
	var ids [][]byte
	for _, step := range figureSteps(figure) {
		ids = append(ids, indexedIDs(tx.Bucket(rejectedFiguresBucket), step)...)
	}
	return applicationsOf(tx, ids, seen, certification.ApplicationRejected)
}

// indexApplicationRejections builds application_rejections from the
// applications and their studies stored, for a database written before
// it existed.
func indexApplicationRejections(tx *bolt.Tx) error {
	return buildStudyIndex(tx, applicationRejectsBucket, "application rejection index", certification.ApplicationRejected, rejectionKeys)
}

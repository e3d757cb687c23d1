package factordb

import (
	"fmt"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// certLineagePeaksBucket keeps, for each certificate that superseded
// another, the certificates before it that a review may name
// (certification.LineagePeaks): a review reads one entry instead of the
// whole lineage, one certificate at a time (session 35). An entry is
// written with its certificate, from its predecessor's, in the issue's
// transaction (a certificate never changes what it states, so neither do
// its peaks), and built at Open for an earlier file
// (index:certificate_lineage_peaks).
//
//	certificate UUID (16 bytes) → lineagePeaksRecord
var certLineagePeaksBucket = []byte("certificate_lineage_peaks")

// lineagePeaksRecord is an entry of certLineagePeaksBucket: the signed
// content of each peak, the latest first, from which the certificate is
// decoded as from its own record (certificateRecord.certificate).
type lineagePeaksRecord struct {
	V     int      `json:"v"`
	Peaks [][]byte `json:"peaks"`
}

func (r *lineagePeaksRecord) version() int { return r.V }

// lineagePeaks returns the peaks of the certificates c superseded, the
// latest first (certification.LineagePeaks; nil for the first of a
// lineage): its entry, one read. A certificate without one (an earlier
// file before Open built them) has them from its predecessors', walking
// back to the first with an entry; in a writable tx each certificate
// walked is given its entry. The walk stops at a certificate seen before:
// only a corrupt file loops.
func lineagePeaks(tx *bolt.Tx, c *certification.Certificate) ([]*certification.Certificate, error) {
	if c.Supersedes == uuid.Nil {
		return nil, nil
	}
	b := tx.Bucket(certLineagePeaksBucket)
	// The signed content of each certificate read, which an entry keeps
	// as signed (a certificate is never encoded again).
	content := map[*certification.Certificate][]byte{}
	if peaks, ok, err := getLineagePeaks(b, c, content); err != nil || ok {
		return peaks, err
	}
	// chain[i] superseded chain[i+1]; none has an entry but the last,
	// whose peaks are peaks.
	chain := []*certification.Certificate{c}
	seen := map[uuid.UUID]bool{c.ID: true}
	var peaks []*certification.Certificate
	for last := c; last.Supersedes != uuid.Nil && !seen[last.Supersedes]; {
		seen[last.Supersedes] = true
		prev, err := findCertificateRecord(tx, last.Supersedes)
		if err != nil {
			return nil, err
		}
		if last, err = prev.certificate(); err != nil {
			return nil, err
		}
		chain, content[last] = append(chain, last), prev.Content
		var ok bool
		if peaks, ok, err = getLineagePeaks(b, last, content); err != nil {
			return nil, err
		} else if ok {
			break
		}
	}
	for i := len(chain) - 2; i >= 0; i-- {
		peaks = certification.LineagePeaks(append([]*certification.Certificate{chain[i+1]}, peaks...))
		if !tx.Writable() {
			continue
		}
		rec := lineagePeaksRecord{V: recordV1, Peaks: make([][]byte, len(peaks))}
		for j, p := range peaks {
			rec.Peaks[j] = content[p]
		}
		if err := putJSON(b, chain[i].ID[:], &rec); err != nil {
			return nil, fmt.Errorf("certificate %s lineage peaks: %w", chain[i].ID, err)
		}
	}
	return peaks, nil
}

// getLineagePeaks reads and decodes the entry of certificate c in b
// (lineagePeaks), noting each peak's content in content; false when it
// has none.
func getLineagePeaks(b *bolt.Bucket, c *certification.Certificate, content map[*certification.Certificate][]byte) ([]*certification.Certificate, bool, error) {
	var rec lineagePeaksRecord
	ok, err := getJSON(b, c.ID[:], &rec)
	if err != nil || !ok {
		return nil, false, err
	}
	out := make([]*certification.Certificate, len(rec.Peaks))
	for i, signed := range rec.Peaks {
		if out[i], err = (&certificateRecord{ID: c.ID.String(), Content: signed}).certificate(); err != nil {
			return nil, false, fmt.Errorf("lineage peaks: %w", err)
		}
		content[out[i]] = signed
	}
	return out, true, nil
}

// indexLineagePeaks gives each certificate of an earlier file that
// superseded another its certLineagePeaksBucket entry.
func indexLineagePeaks(tx *bolt.Tx) error {
	var next []uuid.UUID
	err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(_ []byte, rec *certificateRecord) error {
		if rec.SupersededBy != "" {
			id, err := uuid.Parse(rec.SupersededBy)
			if err != nil {
				return fmt.Errorf("certificate %s superseded by %q: %w", rec.ID, rec.SupersededBy, errCorrupt)
			}
			next = append(next, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range next {
		rec, err := findCertificateRecord(tx, id)
		if err != nil {
			return err
		}
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		if _, err := lineagePeaks(tx, c); err != nil {
			return err
		}
	}
	return nil
}

package factordb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactIndexBucket indexes the certificates' PACT footprints by what the
// PACT filters select on (pact.IndexKeys: dates, geography,
// classifications, CPC code, status): key + certificate number → "". The
// PACT host's searches read the certificates it finds (FindFootprints),
// not every certificate (issue 14 item 3). Kept by putCertificate, in the
// transaction that writes the certificate, and by DeclareCPC.
var pactIndexBucket = []byte("pact_footprint_index")

// pactRangeLimit is the most certificates a range of dates (or of CPC
// codes) is read into a search for: the entries of a range are in date
// order and are sorted by number before the search reads them, so a wider
// range is left to the other conditions, or to the walk in number order,
// which stops when the page is full.
const pactRangeLimit = 50_000

// indexPACTFootprint keeps the entries of certificate rec in
// pact_footprint_index, in tx, before rec is stored: a new certificate
// gets every entry, a stored one has those of its status changed when its
// status changed (the others come from its signed content and the
// certified study, which never change).
func indexPACTFootprint(tx *bolt.Tx, id uuid.UUID, rec *certificateRecord, st *footprint.Study) error {
	b := tx.Bucket(pactIndexBucket)
	prev := tx.Bucket(certificatesBucket).Get(id[:])
	var old struct {
		Status          string    `json:"status"`
		StatusChangedAt time.Time `json:"status_changed_at"`
	}
	if prev != nil {
		if err := json.Unmarshal(prev, &old); err != nil {
			return fmt.Errorf("certificate %s: %w", id, errCorrupt)
		}
		if old.Status == rec.Status && old.StatusChangedAt.Equal(rec.StatusChangedAt) {
			return nil // a change of its flags or links: no entry changes
		}
	}
	d, err := rec.domain(nil)
	if err != nil {
		return err
	}
	if prev == nil {
		geo, known := "", true
		if st != nil { // the issue has the study: not decoded again in its write transaction
			geo = pact.StudyGeography(st)
		} else {
			geo, known = certificateGeography(tx, d.Certificate())
		}
		fixed, state := pact.IndexKeys(d, geo, known)
		return putPACTKeys(b, rec.Number, append(fixed, state...))
	}
	was := *d
	was.Status, was.StatusChangedAt = certification.CertificateStatus(old.Status), old.StatusChangedAt
	return reindexPACTState(b, rec.Number, &was, d)
}

// reindexPACTState replaces, in pact_footprint_index b, the entries of
// the state of certificate number as it was by those of its state now.
func reindexPACTState(b *bolt.Bucket, number string, was, now *certification.CertificateRecord) error {
	_, state := pact.IndexKeys(now, "", true)
	_, stale := pact.IndexKeys(was, "", true)
	for _, k := range stale {
		if !slices.ContainsFunc(state, func(s []byte) bool { return bytes.Equal(s, k) }) {
			if err := b.Delete(append(k, number...)); err != nil {
				return fmt.Errorf("delete PACT footprint index: %w", err)
			}
		}
	}
	return putPACTKeys(b, number, state)
}

// putPACTKeys puts the entries keys of certificate number in b.
func putPACTKeys(b *bolt.Bucket, number string, keys [][]byte) error {
	for _, k := range keys {
		if err := b.Put(append(k, number...), nil); err != nil {
			return fmt.Errorf("put PACT footprint index: %w", err)
		}
	}
	return nil
}

// certificateGeography reads the place of production of certificate c
// from its certified study (pact.StudyGeography); known is false when the
// study cannot be read (the PACT host then fails to map the footprint
// too, and every search by geography reads it).
func certificateGeography(tx *bolt.Tx, c *certification.Certificate) (geo string, known bool) {
	st, err := findStudy(tx, c.StudyID)
	if err != nil {
		return "", false
	}
	return pact.StudyGeography(st), true
}

// indexPACTFootprints builds pact_footprint_index from the certificates
// and the declared CPC codes stored, for a file written before it
// existed.
func indexPACTFootprints(tx *bolt.Tx) error {
	cpcs := tx.Bucket(pactCPCBucket)
	var failed error
	err := buildIndex(tx, certificatesBucket, pactIndexBucket, "certificate", "PACT footprint index", func(_ []byte, rec *certificateRecord) [][]byte {
		d, err := rec.domain(nil)
		if err != nil {
			failed = err
			return nil
		}
		c := d.Certificate()
		geo, known := certificateGeography(tx, c)
		fixed, state := pact.IndexKeys(d, geo, known)
		keys := append(fixed, state...)
		var declared pactCPCRecord
		if ok, err := getJSON(cpcs, c.ID[:], &declared); err != nil {
			failed = err
		} else if ok {
			keys = append(keys, pact.DeclaredCPCKey(declared.Code))
		}
		for i := range keys {
			keys[i] = append(keys[i], rec.Number...)
		}
		return keys
	})
	if err == nil {
		err = failed
	}
	return err
}

var _ pact.Index = (*CertificationService)(nil)

// FindFootprints implements pact.Index: FindCertificates of filter
// (cursor, limit, manufacturer) among the certificates of every exact
// lookup and of every range of at most pactRangeLimit entries (a leapfrog
// through their entries in number order: the most selective bounds what
// is read), or of every certificate when no lookup narrows.
func (s *CertificationService) FindFootprints(ctx context.Context, filter certification.CertificateFilter, lookups []pact.Lookup) ([]*certification.CertificateRecord, string, error) {
	return s.findCertificates(ctx, filter, func(tx *bolt.Tx) []numberStream {
		return pactStreams(tx.Bucket(pactIndexBucket), lookups)
	})
}

// pactStreams returns the certificates each lookup allows, in number
// order; a range wider than pactRangeLimit is left out.
func pactStreams(b *bolt.Bucket, lookups []pact.Lookup) []numberStream {
	var out []numberStream
	for _, l := range lookups {
		if !l.Range {
			u := make(unionStream, len(l.Prefixes))
			for i, p := range l.Prefixes {
				u[i] = &prefixStream{c: b.Cursor(), prefix: p}
			}
			out = append(out, u)
		} else if numbers, ok := pactRange(b, l); ok {
			out = append(out, sliceStream(sortedUnique(numbers)))
		}
	}
	return out
}

// pactRange returns the numbers of the certificates in range l; false
// when there are more than pactRangeLimit.
func pactRange(b *bolt.Bucket, l pact.Lookup) ([]string, bool) {
	var out []string
	c := b.Cursor()
	for k, _ := c.Seek(append([]byte{l.Kind}, l.From...)); k != nil && k[0] == l.Kind; k, _ = c.Next() {
		rest := k[1:]
		value, number := rest, []byte(nil)
		if l.Width > 0 {
			if len(rest) < l.Width {
				continue
			}
			value, number = rest[:l.Width], rest[l.Width:]
		} else if i := bytes.IndexByte(rest, 0); i >= 0 {
			value, number = rest[:i], rest[i+1:]
		} else {
			continue
		}
		if l.Past(value) {
			break
		}
		if !l.InRange(value) {
			continue // FromOpen: the entries of From
		}
		if len(out) == pactRangeLimit {
			return nil, false
		}
		out = append(out, string(number))
	}
	return out, true
}

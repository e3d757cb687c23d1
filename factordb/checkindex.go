package factordb

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"

	bolt "go.etcd.io/bbolt"
)

// indexGroup is a set of index buckets kept beside records on every write,
// with the builders that make them from the records (as Open does for a
// file written before they existed).
type indexGroup struct {
	name, from string
	buckets    [][]byte
	build      []func(*bolt.Tx) error
}

// indexGroups are the indexes Check compares with their records.
var indexGroups = []indexGroup{
	{"application filter, order, model, rejection and pending product indexes", "applications",
		[][]byte{applicationFiltersBucket, applicationOrderBucket, applicationModelsBucket, applicationRejectsBucket, rejectedFiguresBucket, applicationProductsBucket},
		[]func(*bolt.Tx) error{indexApplicationFilters, indexApplicationOrder, indexApplicationModels, indexApplicationRejections, indexRejectedFigures, indexPendingProducts}},
	{"pending application index", "applications", [][]byte{pendingApplicationsBucket}, []func(*bolt.Tx) error{indexPendingApplications}}, // what refuses a second application of a study
	{"certificate indexes", "certificates",
		[][]byte{certCodesBucket, certOwnersBucket, certStatusesBucket, certRulesBucket, certCompaniesBucket, certCompanyNamesBucket, certGTINsBucket, certExpiriesBucket, certHolderProductsBucket, certFiguresBucket, certLineagePeaksBucket, certWithdrawnStudiesBucket},
		[]func(*bolt.Tx) error{indexCertificateFilters, indexCertificateRulesCompanies, indexCertificateGTINs, indexCertificateFigures, indexLineagePeaks, indexWithdrawnStudies, indexCertificateStems}},
	{"PACT footprint index", "certificates", [][]byte{pactIndexBucket}, []func(*bolt.Tx) error{indexPACTFootprints}},
	{"PACT share partner index", "shares", [][]byte{pactSharePartnersBucket}, []func(*bolt.Tx) error{indexPACTSharePartners}},
	{"audit index", "events", [][]byte{auditIndexBucket}, []func(*bolt.Tx) error{indexAuditEvents}},
	{"index of api keys by organisation", "api keys", [][]byte{orgKeysBucket}, []func(*bolt.Tx) error{indexOrgKeys}},
	{"index of compromised api keys", "api keys", [][]byte{compromisedKeysBucket}, []func(*bolt.Tx) error{indexCompromisedKeys}},
	{"index of recovery api keys", "api keys", [][]byte{recoveryKeysBucket}, []func(*bolt.Tx) error{indexRecoveryKeys}},
}

// check returns an error (naming the group, the bucket and its entries
// held and given) unless the group's buckets hold exactly the entries,
// keys and values, that its builders write into them emptied. It empties
// and builds in tx, which the caller must roll back. Each bucket is
// compared by a digest of its entries in key order, so that memory does
// not grow with the file beyond what the builders take.
func (g indexGroup) check(tx *bolt.Tx) error {
	type sum struct {
		digest [sha256.Size]byte
		n      int
	}
	read := func() map[string]sum {
		out := map[string]sum{}
		var h hash.Hash = sha256.New()
		for _, name := range g.buckets {
			h.Reset()
			n := 0
			_ = tx.Bucket(name).ForEach(func(k, v []byte) error {
				h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(k))))
				h.Write(k)
				h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(v))))
				h.Write(v)
				n++
				return nil
			})
			s := sum{n: n}
			h.Sum(s.digest[:0])
			out[string(name)] = s
		}
		return out
	}
	held := read()
	for _, name := range g.buckets {
		if err := emptyBucket(tx, name); err != nil {
			return err
		}
	}
	for _, build := range g.build {
		if err := build(tx); err != nil {
			return fmt.Errorf("%s: build from the %s: %w", g.name, g.from, err)
		}
	}
	given := read()
	for _, name := range g.buckets {
		if h, w := held[string(name)], given[string(name)]; h != w {
			return fmt.Errorf("%s: %s holds %d entries, the %s give %d (or other ones)", g.name, name, h.n, g.from, w.n)
		}
	}
	return nil
}

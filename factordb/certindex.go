package factordb

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Indexes of the certificates by the fields FindCertificates filters on
// most (see doc.go), so that a list by product code, owner or status reads
// only the certificates that can match. Each key ends with 0x00 and the
// certificate number; the value is empty.
var (
	certCodesBucket    = []byte("certificate_product_codes") // digits 0x00 scheme 0x00 number → ""
	certOwnersBucket   = []byte("certificate_owners")        // manufacturer 0x00 number → ""
	certStatusesBucket = []byte("certificate_statuses")      // recorded status 0x00 number → ""
)

// recordedStatuses are the statuses a certificate record can hold.
var recordedStatuses = []footprint.CertificateStatus{
	footprint.CertificateValid, footprint.CertificateSuspended, footprint.CertificateWithdrawn, footprint.CertificateSuperseded,
}

func indexKey(number string, parts ...string) []byte {
	return []byte(strings.Join(append(parts, number), "\x00"))
}

// putCertificate stores rec and keeps the certificate indexes: its product
// codes and owner (fixed at issue) and its recorded status (the entries of
// the other statuses are deleted).
func putCertificate(tx *bolt.Tx, rec *certificateRecord) error {
	id, err := uuid.Parse(rec.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", rec.ID, errCorrupt)
	}
	if err := putJSON(tx.Bucket(certificatesBucket), id[:], rec); err != nil {
		return err
	}
	return indexCertificate(tx, rec)
}

func indexCertificate(tx *bolt.Tx, rec *certificateRecord) error {
	codes := tx.Bucket(certCodesBucket)
	for _, pc := range rec.ProductCodes {
		scheme, digits, _ := strings.Cut(pc, ":")
		if err := codes.Put(indexKey(rec.Number, digits, scheme), nil); err != nil {
			return fmt.Errorf("put certificate product code index: %w", err)
		}
	}
	if err := tx.Bucket(certOwnersBucket).Put(indexKey(rec.Number, rec.Manufacturer), nil); err != nil {
		return fmt.Errorf("put certificate owner index: %w", err)
	}
	statuses := tx.Bucket(certStatusesBucket)
	for _, st := range recordedStatuses {
		if string(st) == rec.Status {
			continue
		}
		if err := statuses.Delete(indexKey(rec.Number, string(st))); err != nil {
			return fmt.Errorf("delete certificate status index: %w", err)
		}
	}
	if err := statuses.Put(indexKey(rec.Number, rec.Status), nil); err != nil {
		return fmt.Errorf("put certificate status index: %w", err)
	}
	return nil
}

// indexCertificateFilters builds the certificate indexes from the
// certificates stored, for a database written before they existed.
func indexCertificateFilters(tx *bolt.Tx) error {
	return tx.Bucket(certificatesBucket).ForEach(func(k, v []byte) error {
		var rec certificateRecord
		if err := decodeJSON(v, &rec); err != nil {
			return fmt.Errorf("certificate %x: %w", k, err)
		}
		return indexCertificate(tx, &rec)
	})
}

// numbersWithPrefix returns the certificate numbers of the keys of b that
// start with prefix and for which keep (given the key without the number)
// is true; keep nil keeps all.
func numbersWithPrefix(b *bolt.Bucket, prefix []byte, keep func(head []byte) bool) []string {
	var out []string
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		i := bytes.LastIndexByte(k, 0)
		if i < 0 || keep != nil && !keep(k[:i]) {
			continue
		}
		out = append(out, string(k[i+1:]))
	}
	return out
}

// certificateCandidates returns, sorted and without duplicates, the numbers
// of the certificates that can match f (every certificate that matches is
// among them), from the most selective index f allows; ok is false when no
// index applies (every certificate must be read).
func certificateCandidates(tx *bolt.Tx, f *footprint.CertificateFilter, pcq *footprint.ProductCodeQuery) (nums []string, ok bool) {
	consider := func(c []string) {
		if !ok || len(c) < len(nums) {
			nums, ok = c, true
		}
	}
	if pcq != nil {
		consider(numbersWithPrefix(tx.Bucket(certCodesBucket), []byte(pcq.Code), func(head []byte) bool {
			digits, scheme, _ := bytes.Cut(head, []byte{0})
			return pcq.MatchString(string(scheme) + ":" + string(digits))
		}))
	}
	if f.Manufacturer != nil {
		consider(numbersWithPrefix(tx.Bucket(certOwnersBucket), []byte(*f.Manufacturer+"\x00"), nil))
	}
	if f.Status != nil {
		// With Now set, expired is derived from valid and suspended
		// records, and a valid or suspended record may read expired
		// (matchCertificate sorts that out).
		want := []footprint.CertificateStatus{*f.Status}
		if !f.Now.IsZero() && *f.Status == footprint.CertificateExpired {
			want = []footprint.CertificateStatus{footprint.CertificateValid, footprint.CertificateSuspended}
		}
		var c []string
		for _, st := range want {
			c = append(c, numbersWithPrefix(tx.Bucket(certStatusesBucket), []byte(string(st)+"\x00"), nil)...)
		}
		consider(c)
	}
	if ok {
		slices.Sort(nums)
		nums = slices.Compact(nums)
	}
	return nums, ok
}

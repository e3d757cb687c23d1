package factordb

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Indexes of the certificates by the fields FindCertificates filters on
// most (see doc.go), so that a list by product code, owner or status reads
// only the certificates that can match. Each key ends with 0x00 and the
// certificate number; the value is empty.
var (
	certCodesBucket    = []byte("certificate_product_codes") // digits 0x00 scheme 0x00 number → ""
	certOwnersBucket   = []byte("certificate_owners")        // manufacturer 0x00 number → ""
	certStatusesBucket = []byte("certificate_statuses")      // recorded status 0x00 number → ""
	certRulesBucket    = []byte("certificate_rules")         // rule code 0x00 number → ""
	// A company filter is a substring of a holder or manufacturer name:
	// the distinct names (their number grows with the companies, not with
	// the certificates) are searched for it, and the certificates of the
	// names found read from certificate_companies. Names are kept as
	// companyKey folds them, so that a name written otherwise (full-width,
	// spaced, traditional characters) is found by its common spelling.
	certCompaniesBucket    = []byte("certificate_companies")     // companyKey(name) 0x00 number → ""
	certCompanyNamesBucket = []byte("certificate_company_names") // companyKey(name) → the same with printAlike
	// The certificates a validity can expire (recorded valid or
	// suspended) by their expiry, so that CountCertificates counts the
	// expired ones without reading a certificate.
	certExpiriesBucket = []byte("certificate_expiries") // recorded status 0x00 expiry (8 bytes BE, Unix seconds) number → ""
	// Every certificate by its headline per one declared unit (fixed at
	// issue), in steps of 1 % on a log scale, so that a review finds the
	// certificates of any holder with a study's figure (SameFigure)
	// without reading the others.
	certFiguresBucket = []byte("certificate_figures") // figureStep (8 bytes BE) 0x00 number → ""
)

// expiringStatuses are the recorded statuses a certificate's validity
// turns into expired (certification.Certificate.StatusAt).
var expiringStatuses = []certification.CertificateStatus{certification.CertificateValid, certification.CertificateSuspended}

func certExpiryKey(status string, expires time.Time, number string) []byte {
	k := binary.BigEndian.AppendUint64(append([]byte(status), 0), uint64(max(expires.Unix(), 0)))
	return append(k, number...)
}

// maxCompanyNames is the most names a company filter reads the
// certificates of through the index: a substring found in more names (a
// common one, "co") matches densely, and reading certificates in number
// order until the page is full is cheaper.
const maxCompanyNames = 64

// recordedStatuses are the statuses a certificate record can hold.
var recordedStatuses = []certification.CertificateStatus{
	certification.CertificateValid, certification.CertificateSuspended, certification.CertificateWithdrawn, certification.CertificateSuperseded,
}

func indexKey(number string, parts ...string) []byte {
	return []byte(strings.Join(append(parts, number), "\x00"))
}

// putCertificate stores rec and keeps the certificate indexes: its product
// codes and owner (fixed at issue) and its recorded status (the entries of
// the other statuses are deleted).
func putCertificate(tx *bolt.Tx, rec *certificateRecord) error { return putCertificateOf(tx, rec, nil) }

// putCertificateOf is putCertificate of a certificate of study st, which a
// new certificate's index entries read its geography from (nil: read from
// the store).
func putCertificateOf(tx *bolt.Tx, rec *certificateRecord, st *footprint.Study) error {
	id, err := uuid.Parse(rec.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", rec.ID, errCorrupt)
	}
	if err := indexPACTFootprint(tx, id, rec, st); err != nil { // pactindex.go: before the record, which it compares with
		return err
	}
	if err := putJSON(tx.Bucket(certificatesBucket), id[:], rec); err != nil {
		return err
	}
	if k, err := withdrawnStudyKey(rec); err != nil {
		return err
	} else if k != nil {
		if err := tx.Bucket(certWithdrawnStudiesBucket).Put(k, nil); err != nil {
			return fmt.Errorf("put withdrawn certificate study index: %w", err)
		}
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
	if err := putKeys(tx.Bucket(certHolderProductsBucket), holderProductKeys(rec.Manufacturer, rec.Rule, rec.ProductCodes, []byte(rec.Number))); err != nil {
		return fmt.Errorf("put certificate holder product index: %w", err)
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
	expiries := tx.Bucket(certExpiriesBucket)
	for _, st := range expiringStatuses {
		k, err := certExpiryKey(string(st), rec.ExpiresAt, rec.Number), error(nil)
		if string(st) == rec.Status {
			err = expiries.Put(k, nil)
		} else {
			err = expiries.Delete(k)
		}
		if err != nil {
			return fmt.Errorf("certificate expiry index: %w", err)
		}
	}
	for _, e := range ruleCompanyEntries(rec) {
		if err := tx.Bucket(e.bucket).Put(e.key, e.value); err != nil {
			return fmt.Errorf("put %s index: %w", e.bucket, err)
		}
	}
	return nil
}

type indexEntry struct {
	bucket, key []byte
	value       []byte // nil but in certificate_company_names
}

// ruleCompanyEntries returns the rule and company index entries of rec
// (fixed at issue, like its product codes and owner).
func ruleCompanyEntries(rec *certificateRecord) []indexEntry {
	out := []indexEntry{{certRulesBucket, indexKey(rec.Number, rec.Rule), nil}}
	return append(out, companyEntries(rec)...)
}

// companyEntries returns the company index entries of rec.
func companyEntries(rec *certificateRecord) []indexEntry {
	var out []indexEntry
	for _, name := range rec.Companies {
		if name = companyKey(name); name != "" {
			out = append(out, indexEntry{certCompaniesBucket, indexKey(rec.Number, name), nil}, indexEntry{certCompanyNamesBucket, []byte(name), []byte(printAlike.Replace(name))})
		}
	}
	return out
}

// companyKey is the form in which a company filter and a holder or
// manufacturer name are compared: their letters and digits, folded as
// organisation names are (orgLetters: full-width forms, compatibility
// forms, case, look-alike letters, digits of any script, traditional
// characters; spaces and punctuation dropped). A name written
// "ＤＥＭＯ Module Co." or "Demo  Module Co" was missed by a search for
// "Demo Module" that reads the lower-cased name (red team 47).
func companyKey(name string) string { return orgLetters(name) }

// A companyQuery is a company filter as names are compared with it
// (companyMatches).
type companyQuery struct{ key, alike string }

// newCompanyQuery folds company (companyKey, then printAlike).
func newCompanyQuery(company string) companyQuery {
	k := companyKey(company)
	return companyQuery{k, printAlike.Replace(k)}
}

// companyMatches reports whether a name, folded (companyKey: key; and
// with printAlike: alike, as certificate_company_names holds it), holds
// q: as they are, or read as OrgNameKey reads letters that print alike (0
// and o, 1, i and l, rn and m), as the conflict check of organisation
// names does.
func companyMatches(key, alike string, q companyQuery) bool {
	return strings.Contains(key, q.key) || strings.Contains(alike, q.alike)
}

// rekeyCertificateCompanies builds the company indexes again in the
// companyKey form, for a file written when they held lower-cased names.
func rekeyCertificateCompanies(tx *bolt.Tx) error {
	for _, b := range [][]byte{certCompaniesBucket, certCompanyNamesBucket} {
		if err := emptyBucket(tx, b); err != nil {
			return err
		}
	}
	return putCertificateEntries(tx, companyEntries)
}

// indexCertificateRulesCompanies builds the rule and company indexes from
// the certificates stored, for a database written before they existed. The
// entries are sorted before they are put: one transaction inserting a
// million keys in random order into bbolt's unsplit nodes is quadratic.
func indexCertificateRulesCompanies(tx *bolt.Tx) error {
	return putCertificateEntries(tx, ruleCompanyEntries)
}

// putCertificateEntries puts the index entries entriesOf gives of every
// stored certificate (putIndexEntries).
func putCertificateEntries(tx *bolt.Tx, entriesOf func(*certificateRecord) []indexEntry) error {
	var entries []indexEntry
	err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(k []byte, rec *certificateRecord) error {
		entries = append(entries, entriesOf(rec)...)
		return nil
	})
	if err != nil {
		return err
	}
	return putIndexEntries(tx, entries)
}

// putIndexEntries puts entries, sorted: one transaction inserting a
// million keys in random order into bbolt's unsplit nodes is quadratic.
func putIndexEntries(tx *bolt.Tx, entries []indexEntry) error {
	slices.SortFunc(entries, func(a, b indexEntry) int {
		if c := bytes.Compare(a.bucket, b.bucket); c != 0 {
			return c
		}
		return bytes.Compare(a.key, b.key)
	})
	for _, e := range entries {
		if err := tx.Bucket(e.bucket).Put(e.key, e.value); err != nil {
			return fmt.Errorf("put %s index: %w", e.bucket, err)
		}
	}
	return nil
}

// indexCertificateFilters builds the certificate indexes from the
// certificates stored, for a database written before they existed.
func indexCertificateFilters(tx *bolt.Tx) error {
	return forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(k []byte, rec *certificateRecord) error {
		return indexCertificate(tx, rec)
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

// numberStream is an ordered set of certificate numbers: seek returns the
// first number at or after n.
type numberStream interface {
	seek(n string) (string, bool)
}

// prefixStream is the numbers of the keys prefix+number of an index.
type prefixStream struct {
	c      *bolt.Cursor
	prefix []byte
}

func (s *prefixStream) seek(n string) (string, bool) {
	k, _ := s.c.Seek(append(s.prefix[:len(s.prefix):len(s.prefix)], n...))
	if k == nil || !bytes.HasPrefix(k, s.prefix) {
		return "", false
	}
	return string(k[len(s.prefix):]), true
}

func newPrefixStream(b *bolt.Bucket, parts ...string) *prefixStream {
	return &prefixStream{c: b.Cursor(), prefix: []byte(strings.Join(parts, "\x00") + "\x00")}
}

// sliceStream is a sorted list of numbers.
type sliceStream []string

func (s sliceStream) seek(n string) (string, bool) {
	i, _ := slices.BinarySearch(s, n)
	if i == len(s) {
		return "", false
	}
	return s[i], true
}

// unionStream is the numbers of any of its streams.
type unionStream []numberStream

func (u unionStream) seek(n string) (string, bool) {
	best, found := "", false
	for _, s := range u {
		if v, ok := s.seek(n); ok && (!found || v < best) {
			best, found = v, true
		}
	}
	return best, found
}

// intersectNumbers returns the first number at or after from that every stream
// holds (leapfrog: each stream seeks to the largest number seen so far).
func intersectNumbers(streams []numberStream, from string) (string, bool) {
	cand, agreed := from, 0
	for i := 0; ; i = (i + 1) % len(streams) {
		v, ok := streams[i].seek(cand)
		if !ok {
			return "", false
		}
		if v != cand {
			cand, agreed = v, 0
		}
		if agreed++; agreed == len(streams) {
			return cand, true
		}
	}
}

// certificateStreams returns, for each condition of f an index answers, the
// numbers of the certificates that can meet it (every certificate that
// matches f is in all of them); none when no index applies (every
// certificate must be read).
func certificateStreams(tx *bolt.Tx, f *certification.CertificateFilter, pcq *footprint.ProductCodeQuery) []numberStream {
	var out []numberStream
	if pcq != nil {
		var numbers []string
		prefixes := [][]byte{[]byte(pcq.Code)}
		if !pcq.Exact {
			prefixes = productPrefixes(prefixes[0])
		}
		for _, p := range prefixes {
			numbers = append(numbers, numbersWithPrefix(tx.Bucket(certCodesBucket), p, func(head []byte) bool {
				digits, scheme, _ := bytes.Cut(head, []byte{0})
				return pcq.MatchString(string(scheme) + ":" + string(digits))
			})...)
		}
		out = append(out, sliceStream(sortedUnique(numbers)))
	}
	if f.Manufacturer != nil {
		out = append(out, newPrefixStream(tx.Bucket(certOwnersBucket), *f.Manufacturer))
	}
	if f.Status != nil {
		// With Now set, expired is derived from valid and suspended
		// records, and a valid or suspended record may read expired
		// (matchCertificate sorts that out).
		if !f.Now.IsZero() && *f.Status == certification.CertificateExpired {
			out = append(out, unionStream{
				newPrefixStream(tx.Bucket(certStatusesBucket), string(certification.CertificateValid)),
				newPrefixStream(tx.Bucket(certStatusesBucket), string(certification.CertificateSuspended)),
			})
		} else {
			out = append(out, newPrefixStream(tx.Bucket(certStatusesBucket), string(*f.Status)))
		}
	}
	if f.Rule != nil {
		out = append(out, newPrefixStream(tx.Bucket(certRulesBucket), *f.Rule))
	}
	if f.Figure != nil {
		out = append(out, figureStream(tx, *f.Figure))
	}
	if f.Company != nil {
		if s, ok := companyStream(tx, *f.Company); ok {
			out = append(out, s)
		}
	}
	return out
}

// companyStream returns the certificates whose owning organisation is
// company or one of whose holder and manufacturer names contains it
// (companyMatches), as matchCertificate reads a company filter; false if
// the substring is in more than maxCompanyNames names.
func companyStream(tx *bolt.Tx, company string) (numberStream, bool) {
	q := newCompanyQuery(company)
	u := unionStream{newPrefixStream(tx.Bucket(certOwnersBucket), company)}
	companies := tx.Bucket(certCompaniesBucket)
	c := tx.Bucket(certCompanyNamesBucket).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if companyMatches(string(k), string(v), q) {
			if len(u) > maxCompanyNames {
				return nil, false
			}
			u = append(u, newPrefixStream(companies, string(k)))
		}
	}
	return u, true
}

func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// indexCertificateHolderProducts builds certificate_holder_products from
// the certificates stored, for a database written before it existed.
func indexCertificateHolderProducts(tx *bolt.Tx) error {
	return buildIndex(tx, certificatesBucket, certHolderProductsBucket, "certificate", "certificate holder product index", func(_ []byte, rec *certificateRecord) [][]byte {
		return holderProductKeys(rec.Manufacturer, rec.Rule, rec.ProductCodes, []byte(rec.Number))
	})
}

// indexCertificateExpiries builds the expiry index from the certificates
// stored, for a database written before it existed.
func indexCertificateExpiries(tx *bolt.Tx) error {
	return buildIndex(tx, certificatesBucket, certExpiriesBucket, "certificate", "certificate expiry index", func(_ []byte, rec *certificateRecord) [][]byte {
		if !slices.Contains(expiringStatuses, certification.CertificateStatus(rec.Status)) {
			return nil
		}
		return [][]byte{certExpiryKey(rec.Status, rec.ExpiresAt, rec.Number)}
	})
}

// CountCertificates returns how many certificates there are by their
// status at now (expired derived from the validity, as
// certification.Certificate.StatusAt does), from the status and expiry
// indexes: it reads index keys, never a certificate (a million took
// minutes to decode, longer than a metrics scrape may take).
//
// It is an index count, so a record holding another certificate's signed
// content (red team 52's forger, who writes the file and leaves the
// indexes alone) is counted under the status its record states, which the
// lists and lookups do not give (ownContent). Checking each record's
// content would read and decode every certificate, the cost the indexes
// avoid; nothing short of that tells such a record, as the forger edits
// no index. /metrics (pcf_certificates) gives these counts as the
// indexes' (docs/integrity.md, red team 52); the regulator's overview
// counts the list (FindCertificates), which leaves such a record out and
// logs it, so the two differ by such records.
func (s *CertificationService) CountCertificates(ctx context.Context, now time.Time) (map[certification.CertificateStatus]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[certification.CertificateStatus]int{}
	err := s.db.db.View(func(tx *bolt.Tx) error {
		count := func(b []byte, st certification.CertificateStatus, until func(rest []byte) bool) (n int) {
			prefix := append([]byte(st), 0)
			c := tx.Bucket(b).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && until(k[len(prefix):]); k, _ = c.Next() {
				n++
			}
			return n
		}
		for _, st := range recordedStatuses {
			out[st] += count(certStatusesBucket, st, func([]byte) bool { return true })
		}
		for _, st := range expiringStatuses {
			n := count(certExpiriesBucket, st, func(rest []byte) bool {
				return len(rest) >= 8 && int64(binary.BigEndian.Uint64(rest)) <= now.Unix()
			})
			out[st] -= n
			out[certification.CertificateExpired] += n
		}
		return nil
	})
	return out, internal("count certificates", err)
}

// holderCertificates returns, for the review of application a on study st,
// the holder's withdrawn and suspended certificates of the same product
// (sameProduct: a product code of one starts with one of the other, or
// both are under the same rule of subheadings; or the study's GTIN or
// model stem), of its product model or of its model stem (stopped), and
// its valid certificates of the same product and another product model
// (peers); the certificate a supersedes is in neither. It finds the holder's
// certificates of the product in certificate_holder_products (and
// certificate_gtins), walks the holder's certificates through the owner
// index and tells the status from the index: it reads only the
// certificates it may return (a valid one of another product is never
// decoded). A valid one whose status is still a restored copy's carries
// the restore's flag (restoreMark), as the verify answer does: it may
// have been withdrawn after the copy was taken (red team 36).
func holderCertificates(db *DB, tx *bolt.Tx, a *certification.Application, st *footprint.Study) (stopped, peers []*certification.CertificateRecord, err error) {
	m, err := db.restoredMark(tx)
	if err != nil {
		return nil, nil, err
	}
	same := map[string]bool{}
	for _, number := range newSameProduct(st).holderRecords(tx.Bucket(certHolderProductsBucket), a.Manufacturer) {
		same[string(number)] = true
	}
	// The holder's certificates of the study's GTIN are of the product
	// whatever their code or model (session 34: a product code changed
	// with the model name).
	err = eachGTINCertificate(tx, st.Product.GTIN, func(id []byte, holder string) error {
		if holder != a.Manufacturer {
			return nil
		}
		rec, err := findCertificateRecord(tx, uuid.UUID(id))
		if err == nil {
			same[rec.Number] = true
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	// And those of its model number with other words after it
	// (certificateStemKeys), as a rejection's or a stopped one's
	// (session 35: a valid one was compared only under the study's
	// GTIN).
	for _, prefix := range identityKeys(a.Manufacturer, &footprint.Product{Model: st.Product.Model}, nil) {
		c := tx.Bucket(certHolderProductsBucket).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			same[string(k[len(prefix):])] = true
		}
	}
	stem := modelStem(st.Product.Model)
	prefix := indexKey("", a.Manufacturer)
	statuses := tx.Bucket(certStatusesBucket)
	mk := ModelKey(st.Product.Model)
	c := tx.Bucket(certOwnersBucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		number := string(k[len(prefix):])
		isStopped := statuses.Get(indexKey(number, string(certification.CertificateWithdrawn))) != nil ||
			statuses.Get(indexKey(number, string(certification.CertificateSuspended))) != nil
		sameCodes := same[number]
		if !isStopped && (!sameCodes || statuses.Get(indexKey(number, string(certification.CertificateValid))) == nil) {
			continue
		}
		rec, err := findCertificateByRef(tx, number)
		if certification.FailsRecordCheck(err) {
			// Another certificate's content under its number: left
			// out, logged, as the lists leave it out (red team 52),
			// rather than refusing the holder's review.
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if rec.ID == a.Supersedes.String() {
			continue
		}
		d, err := rec.domain(m)
		if err != nil {
			return nil, nil, err
		}
		sameModel := mk != "" && ModelKey(d.Certificate().Product.Model) == mk
		// A stopped one of the model number with other words after it
		// too ("JM550 Pro" after "JM-550"), whatever its code.
		sameStem := stem != "" && modelStem(d.Certificate().Product.Model) == stem
		switch {
		case isStopped && (sameCodes || sameModel || sameStem):
			stopped = append(stopped, d)
		case !isStopped && sameCodes && !sameModel:
			peers = append(peers, d)
		}
	}
	return stopped, peers, nil
}

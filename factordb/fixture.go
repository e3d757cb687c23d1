//go:build benchfixture

package factordb

// This file exists only in builds with the benchfixture tag (benchmarks at
// a million certificates, issue 14 item 6); pcf is never built with it, so
// nothing here is reachable in production. It writes records directly, in
// large transactions, bypassing the services' checks and audit trail.

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// certificateFixtureVersion names the fixture's content and layout in the
// cached file's name: change it whenever either changes, so that no stale
// file is reused.
const certificateFixtureVersion = 7 // 2: signed by a key of the fixture's years; application filter, rule and company indexes; 3: expiry index; 4: documents in study_files (schema 5); 5: PACT footprint index; 6: application order index; 7: holder product and stem indexes, application filters without organisation keys

// metaFixtureKey marks a complete fixture in the meta bucket: the number
// of certificates loaded, as text.
var metaFixtureKey = []byte("bench:certificate_fixture")

// CertificateFixturePath returns the cached fixture file of n certificates:
// in os.TempDir, named by the fixture version and n.
func CertificateFixturePath(n int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("pcf-bench-certificates-v%d-%d.db", certificateFixtureVersion, n))
}

// OpenCertificateFixture opens the cached database of n fixture
// certificates, building it first when it is absent or incomplete: build
// prepares a fresh database (a published factor set, the organisations,
// one certificate issued through the services) and returns that
// certificate's ID; then LoadFixtureCertificates adds n others. The file
// is built under a temporary name and renamed when complete.
func OpenCertificateFixture(n int, build func(db *DB) (uuid.UUID, error)) (*DB, error) {
	path := CertificateFixturePath(n)
	if _, err := os.Stat(path); err == nil {
		db, err := Open(path)
		if err != nil {
			return nil, err
		}
		var got []byte
		_ = db.db.View(func(tx *bolt.Tx) error { got = slices.Clone(tx.Bucket(metaBucket).Get(metaFixtureKey)); return nil })
		if string(got) == strconv.Itoa(n) {
			return db, nil
		}
		_ = db.Close()
	}
	tmp := path + ".building"
	_ = os.Remove(tmp)
	db, err := Open(tmp)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*DB, error) {
		_ = db.Close()
		_ = os.Remove(tmp)
		return nil, fmt.Errorf("build certificate fixture: %w", err)
	}
	like, err := build(db)
	if err != nil {
		return fail(err)
	}
	if err := LoadFixtureCertificates(db, n, like); err != nil {
		return fail(err)
	}
	if err := db.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(metaBucket).Put(metaFixtureKey, []byte(strconv.Itoa(n)))
	}); err != nil {
		return fail(err)
	}
	if err := db.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, err
	}
	return Open(path)
}

// FixtureManufacturers is the number of holders of the fixture
// certificates ("Bench Maker 0001" …), each holding consecutive ones.
const FixtureManufacturers = 1000

// FixtureCodes is the number of product codes of the fixture
// certificates (HS:700000 …), each shared by consecutive ones.
const FixtureCodes = 100_000

// FixtureNumber returns the number of fixture certificate i of n: the
// first half issued in 2024, the second in 2025, numbered from 1 in each
// year, so that numbers sort as i does.
func FixtureNumber(i, n int) string {
	half := (n + 1) / 2
	if i < half {
		return certification.FormatCertificateNumber(certification.CertificateNumberPrefix, 2024, i+1)
	}
	return certification.FormatCertificateNumber(certification.CertificateNumberPrefix, 2025, i-half+1)
}

// FixtureManufacturer returns the holder of fixture certificate i of n.
func FixtureManufacturer(i, n int) string {
	return fmt.Sprintf("Bench Maker %04d", i*FixtureManufacturers/n+1)
}

// FixtureCode returns the product code of fixture certificate i of n.
func FixtureCode(i, n int) string { return fmt.Sprintf("HS:7%05d", i*FixtureCodes/n) }

// fixtureEntry is one fixture certificate, encoded, with its keys.
type fixtureEntry struct {
	id, app, study uuid.UUID
	number         string
	rec, appRec    []byte
	codes          [][]byte // product code index keys
	owner, status  []byte   // owner and status index keys
	figure         []byte   // certificate_figures key
	withdrawn      []byte   // certificate_withdrawn_studies key, nil for a valid one
}

// LoadFixtureCertificates adds n certificates like the stored certificate
// like, each one really signed with the active signing key over its own
// content: its own random ID, number (FixtureNumber, years 2024 and 2025,
// with the years' sequences advanced past them), issue time and expiry,
// holder and manufacturer (FixtureManufacturer), product code (FixtureCode)
// and model, and a study ID of its own (the study itself is not stored).
// Every hundredth is withdrawn. Each comes with its issued application, by
// like's certifier, and the entries of every certificate index. Records are
// written in key order, in transactions of 10,000, without audit events
// and without fsync; the file is synced at the end.
func LoadFixtureCertificates(db *DB, n int, like uuid.UUID) error {
	// The certificates are dated 2024 and 2025, before the service's own
	// key existed (a verification would find them signed by a key not yet
	// created): they are signed by a key of their own, published retired,
	// created before the first and retired after the last.
	key, err := certification.NewSigningKey(nil, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return err
	}
	var tmpl *certificateRecord
	err = db.db.Update(func(tx *bolt.Tx) error {
		var err error
		if tmpl, err = findCertificateRecord(tx, like); err != nil {
			return err
		}
		pub := key.PublicKey()
		rec := &signingKeyRecord{V: recordV1, ID: key.ID, Public: pub.Key, Created: key.Created, Retired: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
		if err := putJSON(tx.Bucket(signingKeysBucket), []byte(rec.ID), rec); err != nil {
			return err
		}
		return changedKeys(tx)
	})
	if err != nil {
		return err
	}
	base, err := tmpl.certificate()
	if err != nil {
		return err
	}
	validity := base.ExpiresAt.Year() - base.IssuedAt.Year()
	// Sorted random IDs: each bucket is then written in key order.
	newIDs := func() []uuid.UUID {
		ids := make([]uuid.UUID, n)
		for i := range ids {
			ids[i] = uuid.New()
		}
		slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
		return ids
	}
	ids, apps, studies := newIDs(), newIDs(), newIDs()
	half := (n + 1) / 2

	make1 := func(i int) (*fixtureEntry, error) {
		c := *base
		c.ID, c.Number = ids[i], FixtureNumber(i, n)
		year := 2024
		if i >= half {
			year = 2025
		}
		c.IssuedAt = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i%half) * 30 * time.Second)
		c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, validity)
		maker := FixtureManufacturer(i, n)
		c.Holder = certification.CertificateParty{NameEN: maker, Address: base.Holder.Address}
		c.Manufacturer = certification.CertificateParty{NameEN: maker, Address: base.Manufacturer.Address}
		code, err := footprint.ParseProductCode(FixtureCode(i, n))
		if err != nil {
			return nil, err
		}
		c.Product.Codes = []footprint.ProductCode{code}
		c.Product.Model = fmt.Sprintf("BENCH-%07d", i)
		c.StudyID = studies[i].String()
		sc, err := certification.SignCertificate(&c, key)
		if err != nil {
			return nil, err
		}
		rec := &certificateRecord{
			V: recordV1, ID: c.ID.String(), Number: c.Number, Content: sc.Content, KeyID: sc.KeyID, Signature: sc.Signature,
			Status: string(certification.CertificateValid), StatusChangedAt: c.IssuedAt,
			ApplicationID: apps[i].String(), Manufacturer: maker, Certifier: tmpl.Certifier,
			ProductCodes: []string{code.String()}, Rule: c.Rule.Code, Companies: []string{maker}, ExpiresAt: c.ExpiresAt,
		}
		if i%100 == 0 {
			rec.Status, rec.StatusReason, rec.StatusChangedAt = string(certification.CertificateWithdrawn), "benchmark fixture", c.IssuedAt.Add(time.Hour)
		}
		app := &certification.Application{
			ID: apps[i], StudyID: c.StudyID, Manufacturer: maker, Certifier: tmpl.Certifier,
			Status: certification.ApplicationIssued, CreatedAt: c.IssuedAt.Add(-time.Hour), DecidedAt: c.IssuedAt, CertificateID: c.ID,
		}
		e := &fixtureEntry{id: c.ID, app: apps[i], study: studies[i], number: c.Number}
		if e.rec, err = json.Marshal(rec); err != nil {
			return nil, err
		}
		if e.appRec, err = json.Marshal(newApplicationRecord(app)); err != nil {
			return nil, err
		}
		scheme, digits, _ := strings.Cut(code.String(), ":")
		e.codes = [][]byte{indexKey(c.Number, digits, scheme)}
		e.owner = indexKey(c.Number, maker)
		e.status = indexKey(c.Number, rec.Status)
		e.figure = figureKey(&c)
		if rec.Status == string(certification.CertificateWithdrawn) {
			e.withdrawn = append(studies[i][:], c.ID[:]...)
		}
		return e, nil
	}

	db.db.NoSync = true // loading is not what is measured; synced at the end
	defer func() { db.db.NoSync = false }()
	const batch = 10_000
	entries := make([]*fixtureEntry, batch)
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		// Sign in parallel, one worker per core.
		var wg sync.WaitGroup
		errs := make([]error, runtime.GOMAXPROCS(0))
		for w := range errs {
			wg.Go(func() {
				for i := start + w; i < end; i += len(errs) {
					if entries[i-start], errs[w] = make1(i); errs[w] != nil {
						return
					}
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
		err := db.db.Update(func(tx *bolt.Tx) error {
			b := map[string]*bolt.Bucket{}
			for _, name := range [][]byte{certificatesBucket, certNumbersBucket, certCodesBucket, certOwnersBucket,
				certStatusesBucket, certStudiesBucket, applicationsBucket, certFiguresBucket, certWithdrawnStudiesBucket} {
				b[string(name)] = tx.Bucket(name)
				b[string(name)].FillPercent = 1 // appended in key order
			}
			for _, e := range entries[:end-start] {
				puts := []struct {
					bucket []byte
					k, v   []byte
				}{
					{certificatesBucket, e.id[:], e.rec},
					{certNumbersBucket, []byte(e.number), e.id[:]},
					{certOwnersBucket, e.owner, nil},
					{certStatusesBucket, e.status, nil},
					{certStudiesBucket, e.study[:], e.id[:]},
					{applicationsBucket, e.app[:], e.appRec},
					{certFiguresBucket, e.figure, nil}, // every certificate has the template's figure: in number order
				}
				if e.withdrawn != nil {
					puts = append(puts, struct {
						bucket []byte
						k, v   []byte
					}{certWithdrawnStudiesBucket, e.withdrawn, nil})
				}
				for _, k := range e.codes {
					puts = append(puts, struct {
						bucket []byte
						k, v   []byte
					}{certCodesBucket, k, nil})
				}
				for _, p := range puts {
					if err := b[string(p.bucket)].Put(p.k, p.v); err != nil {
						return fmt.Errorf("put %s: %w", p.bucket, err)
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	err = db.db.Update(func(tx *bolt.Tx) error {
		seqs := tx.Bucket(certSequenceBucket)
		for year, last := range map[int]int{2024: half, 2025: n - half} {
			if err := seqs.Put(binary.BigEndian.AppendUint32(nil, uint32(year)), binary.BigEndian.AppendUint64(nil, uint64(last))); err != nil {
				return err
			}
		}
		// The indexes not written above, built from the records as a
		// migration does (sorted before they are put).
		return errors.Join(indexApplicationFilters(tx), indexApplicationOrder(tx), indexCertificateRulesCompanies(tx), indexCertificateExpiries(tx), indexCertificateHolderProductsAndStems(tx), indexPACTFootprints(tx))
	})
	if err != nil {
		return err
	}
	return db.db.Sync()
}

package factordb

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// ScaleStoredResult multiplies the total of a stored study's result by k
// and stores it again, as a result computed by an older engine that gave
// another figure.
func ScaleStoredResult(db *DB, id string, k float64) error {
	key, _ := uuidKey(id)
	return db.db.Update(func(tx *bolt.Tx) error {
		key, _, old, err := studyDocs(tx, key)
		if err != nil {
			return err
		}
		b := tx.Bucket(studyResultBucket)
		res, err := footprint.ParseResultJSON(bytes.NewReader(old))
		if err != nil {
			return err
		}
		res.KgCO2e *= k
		return b.Put(key, res.Canonicalize())
	})
}

// PutLegacyGreenClaim stores a green certificate claim of studyID keyed by
// the serial as written (trimmed, upper case), as a database written before
// serials were compared by footprint.SerialKey holds it, and forgets the
// migration that rekeys it.
func PutLegacyGreenClaim(db *DB, serial, studyID string, period footprint.Period) error {
	return putGreenClaimAsWritten(db, serial, studyID, period, "", "index:green_claims_serial_key")
}

// PutGreenClaimKeyedV1 stores a green certificate claim of studyID as a
// database holds it after the first re-key and before SerialKey read
// numbers (for a serial whose punctuation needs no folding, its key was the
// serial as written): the first re-key's marker set and the second's not.
func PutGreenClaimKeyedV1(db *DB, serial, studyID string, period footprint.Period) error {
	return putGreenClaimAsWritten(db, serial, studyID, period, "index:green_claims_serial_key", "index:green_claims_serial_key_2")
}

// putGreenClaimAsWritten stores the claim keyed by the serial as written,
// marks the migration done ("" for none) and forgets the migration undone.
func putGreenClaimAsWritten(db *DB, serial, studyID string, period footprint.Period, done, undone string) error {
	serial = footprint.NormalizeSerial(serial)
	return db.db.Update(func(tx *bolt.Tx) error {
		rec := &greenClaimRecord{V: recordV1, Serial: serial, Kind: string(footprint.InstrumentGreenCertificate),
			PeriodStart: period.Start, PeriodEnd: period.End, MWh: 1, StudyID: studyID}
		if err := putJSON(tx.Bucket(greenClaimsBucket), append(serialPrefix(serial), studyID...), rec); err != nil {
			return err
		}
		meta := tx.Bucket(metaBucket)
		if done != "" {
			if err := meta.Put([]byte(done), []byte{1}); err != nil {
				return err
			}
		}
		return meta.Delete([]byte(undone))
	})
}

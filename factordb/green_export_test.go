package factordb

import (
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// PutGreenClaimBeforeRanges stores a green certificate claim of mwh MWh by
// studyID as a database holds it after the second re-key and before
// batches were ranges: keyed by the whole footprint.SerialKey of its one
// serial, without serial_last, the ranges re-key not done.
func PutGreenClaimBeforeRanges(db *DB, serial, studyID string, period footprint.Period, mwh float64) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		rec := &greenClaimRecord{V: recordV1, Serial: footprint.NormalizeSerial(serial), Kind: string(footprint.InstrumentGreenCertificate),
			PeriodStart: period.Start, PeriodEnd: period.End, MWh: mwh, StudyID: studyID}
		if err := putJSON(tx.Bucket(greenClaimsBucket), append(serialPrefix(footprint.SerialKey(serial)), studyID...), rec); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Delete([]byte("index:green_claims_ranges"))
	})
}

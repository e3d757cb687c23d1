package factordb

import (
	"math/big"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// PutGreenClaimKeyedBeforeYears stores a claim by studyID of the batch of
// green certificates first to last (mwh MWh) as a database holds it before
// SerialKey read a year written together with the number after it: keyed
// by prefix and the numbers firstN to lastN, which the caller gives as the
// key of that time read them (GEC-DEMO-2025000001 was the prefix GECDEM
// and the number 2025000001), the span recorded under that prefix, the
// fourth serial re-key not done.
func PutGreenClaimKeyedBeforeYears(db *DB, first, last, prefix, firstN, lastN, studyID string, period footprint.Period, mwh float64) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		rec := &greenClaimRecord{V: recordV1, Serial: footprint.NormalizeSerial(first), SerialLast: footprint.NormalizeSerial(last),
			Kind: string(footprint.InstrumentGreenCertificate), PeriodStart: period.Start, PeriodEnd: period.End, MWh: mwh, StudyID: studyID}
		if err := putJSON(tx.Bucket(greenClaimsBucket), append(append(serialPrefix(prefix), numberKey(firstN)...), studyID...), rec); err != nil {
			return err
		}
		fn, _ := new(big.Int).SetString(firstN, 10)
		ln, _ := new(big.Int).SetString(lastN, 10)
		if err := tx.Bucket(claimSpansBucket).Put(serialPrefix(prefix), []byte(ln.Sub(ln, fn).String())); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Delete([]byte("index:green_claims_serial_key_4"))
	})
}

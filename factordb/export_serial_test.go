package factordb

import (
	"math/big"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// numberV2 is serial.Number over footprinttest.SerialKeyV2 (the key claims
// were stored by from the second re-key until red team 18): the text before
// the final number of the key and that number without leading zeros.
func numberV2(serial string) (prefix, n string) {
	key := footprinttest.SerialKeyV2(serial)
	prefix = strings.TrimRight(key, "0123456789")
	if n = strings.TrimLeft(key[len(prefix):], "0"); n == "" && len(prefix) < len(key) {
		n = "0"
	}
	return prefix, n
}

// PutGreenClaimBeforeHyphensFolded stores a claim by studyID of the batch of
// green certificates first to last (mwh MWh) as a database holds it after
// the ranges re-key and before SerialKey dropped the punctuation between
// letters, and between letters and numbers: keyed by the prefix and first
// number of footprinttest.SerialKeyV2, the span of its prefix recorded under
// that prefix, the third serial re-key not done.
func PutGreenClaimBeforeHyphensFolded(db *DB, first, last, studyID string, period footprint.Period, mwh float64) error {
	prefix, f := numberV2(first)
	_, l := numberV2(last)
	return putLegacyClaim(db, first, last, prefix, f, l, studyID, period, mwh, "index:green_claims_serial_key_3")
}

// PutGreenClaimKeyedBeforeYears stores a claim by studyID of the batch of
// green certificates first to last (mwh MWh) as a database holds it before
// SerialKey read a year written together with the number after it: keyed
// by prefix and the numbers firstN to lastN, which the caller gives as the
// key of that time read them (GEC-DEMO-2025000001 was the prefix GECDEM
// and the number 2025000001), the span recorded under that prefix, the
// fourth serial re-key not done.
func PutGreenClaimKeyedBeforeYears(db *DB, first, last, prefix, firstN, lastN, studyID string, period footprint.Period, mwh float64) error {
	return putLegacyClaim(db, first, last, prefix, firstN, lastN, studyID, period, mwh, "index:green_claims_serial_key_4")
}

// putLegacyClaim stores the claim of a batch of green certificates first
// to last under the key an earlier SerialKey gave it (prefix, its numbers
// firstN to lastN), with the span of its prefix, and drops the marker of
// the re-key that would move it.
func putLegacyClaim(db *DB, first, last, prefix, firstN, lastN, studyID string, period footprint.Period, mwh float64, marker string) error {
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
		return tx.Bucket(metaBucket).Delete([]byte(marker))
	})
}

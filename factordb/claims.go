package factordb

import (
	"bytes"
	"fmt"
	"math/big"
	"slices"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// A green-power claim binds when its study is applied for or certified
// (docs/integrity.md "Green power: who holds an instrument"). A study that
// is only stored holds its claims provisionally: they are recorded, so the
// register shows them, but they refuse no other study, so a stored study
// can neither lock its holder's corrected study out nor squat another
// company's serial. The binding check runs at application and again in the
// issue transaction (checkBindingClaims).
//
// A 绿电 trading contract is claimed in parts: the binding claims on its
// serial, in any period, and the new claim must not take more MWh than the
// total the new claim states (contract_mwh), and no two of them may state
// different totals (footprint.CheckGreenClaims). A claim stored before
// totals existed (a database written before session 34) has none; it is
// read as a part of unknown size of whatever total the new claim states:
// its MWh count against that total, so an old claim of a contract's whole
// MWh leaves nothing for another study, and it never makes a total differ.
// It is not re-keyed or rewritten: its record reads as before.

// claimBinds reports whether the claims of studyID bind in tx: the study
// has a pending application or a certificate, or it is not a stored study
// (claims recorded by StudyService.ClaimInstruments alone).
func claimBinds(tx *bolt.Tx, studyID string) bool {
	key, ok := uuidKey(studyID)
	if !ok || tx.Bucket(studiesBucket).Get(key) == nil {
		return true
	}
	return tx.Bucket(pendingApplicationsBucket).Get([]byte(studyID)) != nil ||
		tx.Bucket(certStudiesBucket).Get(key) != nil
}

// studyOwner returns the owner of stored study studyID in tx ("" if it is
// not a stored study).
func studyOwner(tx *bolt.Tx, studyID string) string {
	key, ok := uuidKey(studyID)
	if !ok {
		return ""
	}
	v := tx.Bucket(studiesBucket).Get(key)
	if v == nil {
		return ""
	}
	var rec studyRecord
	if err := decodeJSON(v, &rec); err != nil {
		return ""
	}
	return rec.Owner
}

// blockingClaims returns the held claims that refuse a new study of owner
// when it is stored: binding claims of other owners' studies. The owner's
// own claims are checked when it applies (checkBindingClaims), where a successor
// may take over the instruments of the certificate it supersedes. An empty
// owner keeps every binding claim.
func blockingClaims(tx *bolt.Tx, held []footprint.GreenClaim, owner string) []footprint.GreenClaim {
	return slices.DeleteFunc(slices.Clone(held), func(h footprint.GreenClaim) bool {
		return !claimBinds(tx, h.StudyID) || owner != "" && studyOwner(tx, h.StudyID) == owner
	})
}

// checkBindingClaims checks, in tx, the green-power claims of stored study st, for
// which an application is made or a certificate issued, against the binding
// claims of every other study, but those of the lineage of named (the
// certificate the new one supersedes: its study and the studies of the
// certificates before it), whose instruments a successor takes over.
// Returns ECONFLICT as footprint.CheckGreenClaims.
func checkBindingClaims(tx *bolt.Tx, st *footprint.Study, named *certificateRecord) error {
	claims := st.GreenClaims()
	if len(claims) == 0 {
		return nil
	}
	lineage := map[string]bool{st.ID: true}
	for rec, n := named, 0; rec != nil && n < 10_000; n++ {
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		lineage[c.StudyID] = true
		if c.Supersedes == uuid.Nil {
			break
		}
		if rec, err = findCertificateRecord(tx, c.Supersedes); footprint.ErrorCode(err) == footprint.ENOTFOUND {
			break
		} else if err != nil {
			return err
		}
	}
	var held []footprint.GreenClaim
	for _, c := range claims {
		h, err := heldClaims(tx, c)
		if err != nil {
			return err
		}
		for _, x := range h {
			if !lineage[x.StudyID] && claimBinds(tx, x.StudyID) {
				held = append(held, x)
			}
		}
	}
	return footprint.CheckGreenClaims(held, st.ID, claims)
}

// The register keys a claim by the text of its serial before the final
// number (footprint.GreenClaim.Range, length-prefixed by serialPrefix),
// then that number (numberKey, so that keys sort by number), then the
// study: claimKey. A batch of green certificates is one record under its
// first number, and a 绿电 contract or a lone certificate a batch of one.
// The claims that may overlap a new one are those of the same prefix whose
// first number is at most the new one's last: heldClaims seeks to the
// prefix and stops at the first key past that number, so a lookup reads
// the claims of one serial prefix (one issuer's batch series), never the
// whole register. Batches may overlap in the register (a merely stored
// study's claims are provisional, claims.go above), so the walk cannot
// start at the new claim's first number; it starts that number less the
// longest batch ever claimed under the prefix (claimSpansBucket), before
// which no batch reaches the new claim: a look-up reads the claims that
// can overlap, not every claim of a long series.

// numberKey writes a number without leading zeros (at most
// footprint.MaxSerialLen digits) so that keys sort by its value: its
// length, then its digits.
func numberKey(n string) []byte { return append([]byte{byte(len(n))}, n...) }

// claimKey returns the key of claim c of c.StudyID in greenClaimsBucket.
func claimKey(c footprint.GreenClaim) []byte {
	prefix, first, _ := c.Range()
	return append(append(serialPrefix(prefix), numberKey(first)...), c.StudyID...)
}

// heldClaims returns the stored claims that hold a serial of c
// (footprint.GreenClaim.Overlaps), in key order.
func heldClaims(tx *bolt.Tx, c footprint.GreenClaim) ([]footprint.GreenClaim, error) {
	prefix, first, last := c.Range()
	pre, end := serialPrefix(prefix), numberKey(last)
	start := pre
	if span, ok := new(big.Int).SetString(string(tx.Bucket(claimSpansBucket).Get(pre)), 10); ok {
		if from, ok := new(big.Int).SetString(first, 10); ok && from.Sub(from, span).Sign() > 0 {
			start = append(bytes.Clone(pre), numberKey(from.String())...)
		}
	}
	var held []footprint.GreenClaim
	cur := tx.Bucket(greenClaimsBucket).Cursor()
	for k, v := cur.Seek(start); k != nil && bytes.HasPrefix(k, pre); k, v = cur.Next() {
		num := k[len(pre):]
		if len(num) > 0 && len(num) > int(num[0]) {
			num = num[:1+int(num[0])]
		}
		if bytes.Compare(num, end) > 0 {
			break // claims from here on start after c's last serial
		}
		var rec greenClaimRecord
		if err := decodeJSON(v, &rec); err != nil {
			return nil, fmt.Errorf("green claim %q: %w", c.Serial, err)
		}
		if h := rec.domain(); h.Overlaps(c) {
			held = append(held, h)
		}
	}
	return held, nil
}

// noteClaimSpan records, in tx, the batch of claim c as the longest of its
// serial prefix if it is (heldClaims starts its walk that far back).
func noteClaimSpan(tx *bolt.Tx, c footprint.GreenClaim) error {
	prefix, first, last := c.Range()
	f, ok1 := new(big.Int).SetString(first, 10)
	l, ok2 := new(big.Int).SetString(last, 10)
	if !ok1 || !ok2 {
		return nil // a serial without a number is a batch of one
	}
	b, key := tx.Bucket(claimSpansBucket), serialPrefix(prefix)
	span := l.Sub(l, f)
	if held, ok := new(big.Int).SetString(string(b.Get(key)), 10); ok && held.Cmp(span) >= 0 {
		return nil
	}
	if err := b.Put(key, []byte(span.String())); err != nil {
		return fmt.Errorf("put green claim span: %w", err)
	}
	return nil
}

// indexClaimSpans records the longest batch of every serial prefix of the
// claims in tx: for a database written before claimSpansBucket existed,
// and after a re-key.
func indexClaimSpans(tx *bolt.Tx) error {
	var claims []footprint.GreenClaim
	err := forEachRecord(tx.Bucket(greenClaimsBucket), "green claim", func(_ []byte, rec *greenClaimRecord) error {
		claims = append(claims, rec.domain())
		return nil
	})
	for _, c := range claims {
		if err == nil {
			err = noteClaimSpan(tx, c)
		}
	}
	return err
}

// rekeyGreenClaims keys the claims of a database written before today's
// claimKey under it: first those stored before serials were compared by
// footprint.SerialKey (a serial stored as "GEC-001." is found as
// GEC-001), then those keyed by the whole SerialKey before batches were
// ranges (a claim of N MWh stored before serial_last existed is held as
// the N certificates from its serial on, footprint.GreenClaim.Range), then
// those keyed before SerialKey dropped the punctuation between letters,
// and between letters and numbers (red team 18: a batch written
// GECDEMO-2025-… was under another prefix than GEC-DEMO-2025-…).
// Two claims of one study that meet under one key become one record
// holding both (widen), so that no claim is lost; claims of two studies
// that meet stay two, and refuse each other from then on. The spans are
// built again for today's prefixes.
func rekeyGreenClaims(tx *bolt.Tx) error {
	b := tx.Bucket(greenClaimsBucket)
	recs := map[string]*greenClaimRecord{} // by today's key
	var from, to [][]byte                  // keys to delete, keys to write
	err := forEachRecord(b, "green claim", func(k []byte, rec *greenClaimRecord) error {
		key := claimKey(rec.domain())
		held := recs[string(key)]
		if held != nil {
			// Two serials of one study that were two keys before are
			// one today ("GEC-A1" and "GEC-A0001"): one record, holding
			// both, rather than the last written over the first.
			held.widen(rec)
		} else {
			recs[string(key)] = rec
		}
		if !bytes.Equal(k, key) {
			from = append(from, bytes.Clone(k))
		}
		if held != nil || !bytes.Equal(k, key) {
			to = append(to, key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// bbolt: no writes to a bucket while ForEach walks it. All deletes
	// first: a key moved to may be another claim's old key.
	for _, k := range from {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("rekey green claim: %w", err)
		}
	}
	for _, k := range to {
		if err := putJSON(b, k, recs[string(k)]); err != nil {
			return fmt.Errorf("rekey green claim: %w", err)
		}
	}
	return indexClaimSpans(tx) // a re-keyed claim may hold a longer batch
}

// widen makes r, a claim of one study, hold what o, another claim of the
// study under the same key (the same prefix and first number), holds too:
// the larger batch (the one of more MWh), a green certificate's kind if
// either is one, and both periods.
func (r *greenClaimRecord) widen(o *greenClaimRecord) {
	if o.MWh > r.MWh {
		r.Serial, r.SerialLast, r.MWh, r.ContractMWh = o.Serial, o.SerialLast, o.MWh, o.ContractMWh
	}
	if o.Kind == string(footprint.InstrumentGreenCertificate) {
		r.Kind = o.Kind
	}
	if o.PeriodStart.Before(r.PeriodStart) {
		r.PeriodStart = o.PeriodStart
	}
	if o.PeriodEnd.After(r.PeriodEnd) {
		r.PeriodEnd = o.PeriodEnd
	}
}

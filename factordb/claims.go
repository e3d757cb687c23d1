package factordb

import (
	"bytes"
	"fmt"
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
		h, err := heldClaims(tx, footprint.SerialKey(c.Serial))
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

// rekeyGreenClaims keys the claims of a database written before serials
// were compared by footprint.SerialKey under that key, so that a serial
// stored as "GEC-001." is found as GEC-001.
func rekeyGreenClaims(tx *bolt.Tx) error {
	type move struct{ from, to, v []byte }
	var moves []move
	b := tx.Bucket(greenClaimsBucket)
	err := b.ForEach(func(k, v []byte) error {
		var rec greenClaimRecord
		if err := decodeJSON(v, &rec); err != nil {
			return fmt.Errorf("green claim %x: %w", k, err)
		}
		to := append(serialPrefix(footprint.SerialKey(rec.Serial)), rec.StudyID...)
		if !bytes.Equal(k, to) {
			moves = append(moves, move{bytes.Clone(k), to, bytes.Clone(v)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	// bbolt: no writes to a bucket while ForEach walks it.
	for _, m := range moves {
		if err := b.Delete(m.from); err != nil {
			return fmt.Errorf("rekey green claim: %w", err)
		}
		if err := b.Put(m.to, m.v); err != nil {
			return fmt.Errorf("rekey green claim: %w", err)
		}
	}
	return nil
}

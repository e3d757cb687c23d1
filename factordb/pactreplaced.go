package factordb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// This file records which of an organisation's stored PACT footprints
// another of its stored footprints replaces (red team 21). PACT 3 has no
// versions: a supplier that changes a footprint publishes a new one under
// a new id that names the old one in precedingPfIds, and the old one
// becomes Deprecated in the supplier's system. The manufacturer's stored
// copy of the old one keeps saying Active; the replacement it stored
// since says otherwise, and a new calculation reads that.

// pactReplacedBucket indexes, per organisation, the footprints its stored
// footprints replace: <owner><replaced UUID, 16 bytes><replacing UUID, 16
// bytes> → "". A footprint belongs to the organisation that stored it
// (pactFootprintsBucket): another organisation's replacement does not
// replace this one's footprint, which may be another document under the
// same id.
var pactReplacedBucket = []byte("pact_replaced")

func pactReplacedPrefix(owner string, id uuid.UUID) []byte {
	return append(ownerPrefix(owner), id[:]...)
}

// precedingIDs returns the footprints a document with id names in
// precedingPfIds (as read), without id itself (a document naming itself
// replaces nothing) and without repeats. An entry that is not a UUID is
// an error naming it.
func precedingIDs(id uuid.UUID, preceding []string) ([]uuid.UUID, error) {
	var out []uuid.UUID
	for i, raw := range preceding {
		p, err := uuid.Parse(raw)
		if err != nil || len(raw) != 36 {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("pact_footprint.precedingPfIds[%d]", i),
				"precedingPfIds[%d] %q is not a footprint id (a UUID)", i, truncateMark(raw))
		}
		if p != id && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// putPACTReplaced records, in tx, that owner's footprint by replaces
// each of preceding.
func putPACTReplaced(tx *bolt.Tx, owner string, by uuid.UUID, preceding []uuid.UUID) error {
	b := tx.Bucket(pactReplacedBucket)
	for _, p := range preceding {
		if err := b.Put(append(pactReplacedPrefix(owner, p), by[:]...), nil); err != nil {
			return fmt.Errorf("put PACT replaced index: %w", err)
		}
	}
	return nil
}

// pactReplacedBy returns the footprint among owner's that replaces
// owner's footprint id (the first by UUID when several do), ok false when
// none does.
func pactReplacedBy(tx *bolt.Tx, owner string, id uuid.UUID) (uuid.UUID, bool) {
	prefix := pactReplacedPrefix(owner, id)
	k, _ := tx.Bucket(pactReplacedBucket).Cursor().Seek(prefix)
	if k == nil || !bytes.HasPrefix(k, prefix) || len(k) != len(prefix)+16 {
		return uuid.Nil, false
	}
	return uuid.UUID(k[len(prefix):]), true
}

// pactReplacement returns, when another footprint owner stored replaces
// owner's footprint id, the chain from id to the last replacement (A
// replaced by B, B by C: A, B, C; a cycle ends where it turns) and when
// the last was stored (zero if it cannot be read).
func pactReplacement(tx *bolt.Tx, owner string, id uuid.UUID) ([]uuid.UUID, time.Time) {
	by, ok := pactReplacedBy(tx, owner, id)
	if !ok {
		return nil, time.Time{}
	}
	chain := []uuid.UUID{id, by}
	for {
		next, ok := pactReplacedBy(tx, owner, by)
		if !ok || slices.Contains(chain, next) {
			break
		}
		chain, by = append(chain, next), next
	}
	var stored time.Time
	if versions := pactVersions(tx, owner, by); len(versions) > 0 {
		var rec pactFootprintRecord
		if ok, err := getJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, by, versions[len(versions)-1]), &rec); err == nil && ok {
			stored = rec.UploadedAt
		}
	}
	return chain, stored
}

// notReplaced returns EINVALID, naming the field "supplier" (pactLineError
// names the BOM line), when another footprint owner stored replaces
// owner's footprint id: a new calculation does not use a footprint its
// owner withdrew for another, as it does not use a Deprecated one. It
// names the last of a chain (A replaced by B, B by C: use C), when that
// was stored, and who names whom. A replacement that is itself replaced,
// or stored in a form today's checks refuse, still replaces: the
// calculation on it says what is wrong with it.
func notReplaced(tx *bolt.Tx, owner, ref string, id uuid.UUID) error {
	chain, stored := pactReplacement(tx, owner, id)
	if chain == nil {
		return nil
	}
	var namesZH, namesEN []string
	for i := 1; i < len(chain); i++ {
		a, b := pact.SupplierRefPrefix+chain[i].String(), pact.SupplierRefPrefix+chain[i-1].String()
		namesZH, namesEN = append(namesZH, a+" 列出 "+b), append(namesEN, a+" names "+b)
	}
	return footprint.FieldErrorf(footprint.EINVALID, "supplier",
		"供应商足迹 %[1]s 已被 %[2]s 取代（于 %[3]s 存储；precedingPfIds：%[4]s）：请改用它。The supplier footprint %[1]s is replaced by %[2]s, stored on %[3]s (precedingPfIds: %[5]s): use it",
		ref, pact.SupplierRefPrefix+chain[len(chain)-1].String(), storedDay(stored), strings.Join(namesZH, "，"), strings.Join(namesEN, ", "))
}

func storedDay(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.UTC().Format(time.DateOnly)
}

// FindPACTReplacement returns the footprint ("pact:<id>", the last of a
// chain) that replaces the PACT footprint ref of study st among the
// footprints of the study's owner, and when it was stored; "" when none
// does or ref is not one of the owner's footprints. The certifier's
// review warns of a study calculated on a replaced footprint.
func (s *CertificationService) FindPACTReplacement(ctx context.Context, st *footprint.Study, ref string) (string, time.Time, error) {
	type found struct {
		by     string
		stored time.Time
	}
	out, err := view(ctx, s.db, "find PACT footprint replacement", func(tx *bolt.Tx) (found, error) {
		raw := strings.TrimPrefix(ref, pact.SupplierRefPrefix)
		id, err := uuid.Parse(raw)
		if err != nil || len(raw) != 36 {
			return found{}, nil
		}
		chain, stored := pactReplacement(tx, st.Owner, id)
		if chain == nil {
			return found{}, nil
		}
		return found{pact.SupplierRefPrefix + chain[len(chain)-1].String(), stored}, nil
	})
	return out.by, out.stored, err
}

// indexPACTReplaced builds pact_replaced from the stored footprints, for
// a file written before it existed. It reads precedingPfIds alone, not
// through today's checks (which may refuse a document stored before one
// was added), and leaves out an entry that is not a UUID.
func indexPACTReplaced(tx *bolt.Tx) error {
	type entry struct {
		owner     string
		by        uuid.UUID
		preceding []uuid.UUID
	}
	var entries []entry
	err := tx.Bucket(pactFootprintsBucket).ForEach(func(k, v []byte) error {
		var rec pactFootprintRecord
		if err := decodeJSON(v, &rec); err != nil {
			return fmt.Errorf("PACT footprint %x: %w", k, err)
		}
		by, err := uuid.Parse(rec.ID)
		if err != nil {
			return fmt.Errorf("PACT footprint %x id %q: %w", k, rec.ID, errCorrupt)
		}
		var preceding []uuid.UUID
		for _, raw := range storedPrecedingIDs(rec.Document) {
			if p, err := uuid.Parse(raw); err == nil && len(raw) == 36 && p != by && !slices.Contains(preceding, p) {
				preceding = append(preceding, p)
			}
		}
		if len(preceding) > 0 {
			entries = append(entries, entry{rec.Owner, by, preceding})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := putPACTReplaced(tx, e.owner, e.by, e.preceding); err != nil {
			return err
		}
	}
	return nil
}

// storedPrecedingIDs reads precedingPfIds of a stored footprint document
// (bare or in a {"data": …} envelope), nil when it states none or cannot
// be read.
func storedPrecedingIDs(doc []byte) []string {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(doc, &env); err != nil {
		return nil
	}
	if d := bytes.TrimSpace(env.Data); len(d) > 0 && d[0] == '{' {
		doc = d
	}
	var w struct {
		PrecedingPfIds []string `json:"precedingPfIds"`
	}
	if err := json.Unmarshal(doc, &w); err != nil {
		return nil
	}
	return w.PrecedingPfIds
}

package factordb

import (
	"slices"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// RestoredFrom returns the time the history of the copy the database was
// last restored from ends (restoreMark.CopyEnd: nothing the service
// recorded after it is in the database), zero if the database was never
// restored. It is read as RestoredAt reads the mark. The public
// verification answers it: a certificate signed as issued after it may be
// one the restore lost, not a forgery. No write the copy lacks is dated
// (to the second, as issue times are) at or before it (beginCopy), so a
// certificate issued at or before it that the database lacks was never
// issued by the service the copy was taken of.
func (db *DB) RestoredFrom() (time.Time, error) {
	st := db.restored.Load()
	if st == nil || st.m == nil {
		return time.Time{}, st.errOrNil()
	}
	return st.m.CopyEnd, nil
}

// RestoredCopies returns every restore of the database its records hold,
// oldest first, the last one (RestoredFrom, RestoredAt) included, each as
// the end of its copy and the time it was first started; none if the
// database was never restored. A certificate issued after the end of one
// of them may be one that restore lost, though a later copy's end is after
// it (red team 52: after a second restore, a certificate the first lost
// read as never issued). The keys show each too: the restore retired the
// copied key at the copy's end and created the next at its start; the
// public verification's not_found gives these (restored_copies), and pcf
// verify judges by them, not by the keys' dates.
func (db *DB) RestoredCopies() ([]certification.RestoredCopy, error) {
	st := db.restored.Load()
	if st == nil || st.m == nil {
		return nil, st.errOrNil()
	}
	var out []certification.RestoredCopy
	for _, p := range append(slices.Clone(st.m.Earlier), restorePeriod{CopyEnd: st.m.CopyEnd, At: st.m.At}) {
		out = append(out, certification.RestoredCopy{CopyEnd: p.CopyEnd, At: p.At})
	}
	return out, nil
}

package factordb

import "time"

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

package certification

import "time"

// RestoredCopy is one restore of a certification service's records from
// a copy: CopyEnd, when the copy's history ends (nothing the service
// recorded after it is in the records), and At, when the service was
// first started on the restored records. A certificate signed as issued
// after CopyEnd and up to At may be one the restore lost; for the last
// restore, any issued after CopyEnd (the public verification's not_found
// says so, restored_copies). The service's store records them
// (factordb.DB.RestoredCopies), the API answers them, and pcf verify
// judges a certificate the service does not hold by them.
type RestoredCopy struct {
	CopyEnd, At time.Time
}

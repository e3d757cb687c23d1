// Package factordb stores the service's data in one bbolt file: the versioned
// factor sets behind footprint.FactorService today, and the certificates,
// studies and API keys of later issues.
//
// Open creates every top-level bucket in one transaction and writes the
// schema version into the meta bucket; a file written by a newer schema is
// refused (ErrSchemaNewer) and left untouched. Backup and BackupToFile take a
// hot, consistent copy with tx.WriteTo while the database stays in use; the
// copy opens like any other database file.
//
// # Bucket layout
//
// One top-level bucket per entity; nested buckets only for real hierarchy (a
// set version owns its factors and indexes):
//
//	meta
//	    "schema"  → SchemaVersion, 4-byte big-endian
//	    "latest"  → version of the latest published factor set (absent until one is)
//	factor_sets
//	    <version> → factor-set record (binary, see codec.go)
//	factors
//	    <version>/                  one bucket per set
//	        <factor code> → factor record (binary, see codec.go)
//	factor_index
//	    <version>/                  one bucket per set
//	        product/    <ProductCode.Code> 0x00 <factor code> → ""
//	        category/   <category>         0x00 <factor code> → ""
//	        geography/  <GEOGRAPHY>        0x00 <factor code> → ""  (upper-cased)
//	        year/       <year, 4 bytes BE> 0x00 <factor code> → ""
//	        status/     <status>           0x00 <factor code> → ""
//
// A set is a full snapshot: a draft based on another set starts as a copy of
// its factors and indexes, and later sets never share records with earlier
// ones, so an old set reads the same forever. A published set is immutable:
// every write to it returns ECONFLICT.
//
// Index keys put the factor code after the value, so the factors of one value
// come out of a cursor in code order; a page of results ordered by code starts
// with one Seek, and several conditions are intersected by leapfrogging their
// cursors (see FactorService.FindFactors). Product codes are digits only, so a
// product-code prefix ("8541") is a key prefix of every code under it
// ("854142", "85414300").
//
// # Records
//
// Records are written in a compact, versioned binary encoding (codec.go), not
// JSON: a factor lookup must stay under 2 µs. Values read from bbolt are valid
// only inside their transaction, so every record is decoded (copied) before the
// transaction ends.
//
// # Adding an entity
//
// Add its bucket name to topLevelBuckets in db.go (it is then created at Open,
// without a schema change), put its code in <noun>.go next to factor.go, and
// take transactions in the exported methods, passing *bolt.Tx to unexported
// helpers so that multi-step operations stay atomic.
package factordb

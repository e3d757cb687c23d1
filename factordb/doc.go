// Package factordb stores the service's data in one bbolt file: the versioned
// factor sets (FactorService), organisations and API keys (AuthService),
// registered products (ProductService), studies with their results and
// green-power claims (StudyService), certification applications,
// certificates and the audit trail (CertificationService), and the
// certificate signing keys (KeyService).
//
// Open creates every top-level bucket, migrates an older file and writes
// the schema version into the meta bucket in one transaction (the study
// documents of a file older than schema 5 are moved first, in transactions
// of bounded size: DB.init); a file written by a newer schema is refused
// (ErrSchemaNewer) and left untouched. Backup and BackupToFile take a
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
//	    "migrate:study_files" → documents, results, transactions and opens of a move to study_files not yet complete (study.go)
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
//	factor_flags                            plausibility.go
//	    <version>/                  one bucket per set checked
//	        flags/      <factor code> → flag (JSON: the peers, the group statistic)
//	        acks/       <factor code> → acknowledgement (JSON: value and unit acknowledged, by, at, note)
//	        content_digest → the set's content digest as its factors were at its last write (hex; kept with the flags)
//
// Text search keeps no bucket: the index of a published set is built in
// memory on its first search and kept (search.go).
//
// The other entities (auth.go, product.go, study.go, application.go,
// certificate.go, audit.go, key.go; record.go holds their shared JSON
// helpers) are flat buckets of JSON records plus index buckets whose values
// are empty or a record key. <uuid> is the 16 raw bytes of a UUID; <owner>
// and <serial> are uvarint-length-prefixed strings, so that no owner's or
// serial's keys are a prefix of another's; <time> is Unix nanoseconds with
// the sign bit flipped, 8 bytes big-endian, so keys sort in time order:
//
//	organizations        <name>        → organisation
//	api_keys             <key ID>      → API key: org, role, SHA-256 of the secret, revocation time, confirmation after a restore
//	api_keys_by_org      <org>0x00<key ID> → ""      (keys by organisation: a body's keys without a scan)
//	access_tokens        <SHA-256 of the access token> → key ID, expiry
//	access_token_expiry  <expiry, 8 bytes BE, sign bit flipped><SHA-256> → ""  (tokens by expiry, for pruning)
//	access_token_keys    <key ID><SHA-256> → ""        (tokens by API key, for revocation)
//	products             <uuid>        → registered product
//	product_models       <owner><model> → <uuid>       (one product per owner and model)
//	studies              <uuid>        → study summary: owner, rule, factor set, product codes
//	study_files          <time><uuid>  → a bucket: "document" → the study as footprint.MarshalStudyJSON wrote it,
//	                                     "result" → the result as Result.CanonicalJSON wrote it (before schema 5: the
//	                                     values of study_documents and study_results, under <time><uuid> or <uuid>)
//	study_order          <time><uuid>  → ""             (all studies, by creation)
//	study_owners         <owner><time><uuid> → ""      (an owner's studies, by creation)
//	green_claims         <serial prefix><number><study ID> → claimed instrument: serial, serial_last, kind, period, MWh, a trading contract's total MWh (claims.go: a batch of green certificates under its first number)
//	green_claim_spans    <serial prefix> → the longest batch ever claimed under it, last − first in decimal (claims.go: where a look-up starts)
//	applications         <uuid>        → certification application
//	application_pending  <study id>    → <uuid> of the study's pending application
//	application_filters  's'<study id>0x00<uuid>, 'S'<status>0x00<uuid> → ""  (applications by study and status)
//	application_models   <manufacturer>0x00<ModelKey>0x00<uuid> → "" (applications by holder and study's product model)
//	application_rejections <manufacturer>0x00<scheme>0x00<digits>0x00<rule>0x00<uuid> → "" (rejected applications by holder and study's product code and rule: holderproducts.go)
//	certificates         <uuid>        → signed content and signature (byte for byte), live status, filter fields
//	certificate_numbers  <number>      → <uuid>         (pages of certificates by number)
//	certificate_sequence <year, 4 bytes BE> → last number issued that year, 8 bytes BE
//	certificate_studies  <study uuid>  → <uuid> of the study's latest certificate (its lineage goes on along superseded_by)
//	certificate_downstream <supplier certificate uuid><certificate uuid> → ""  (certificates issued on a supplier certificate)
//	certificate_models   <ModelKey>0x00<manufacturer> → <uuid> of the holder's latest certificate of the model (lineage.go)
//	certificate_lineage_peaks <uuid> → the signed content of the certificates before it a review may name (lineagepeaks.go)
//	certificate_withdrawn_studies <study uuid><uuid> → "" (withdrawn certificates by study: lineage.go)
//	certificate_product_codes <digits>0x00<scheme>0x00<number> → ""  (certificates by product code)
//	certificate_owners   <manufacturer>0x00<number> → "" (certificates by owning organisation)
//	certificate_statuses <recorded status>0x00<number> → "" (certificates by recorded status)
//	certificate_expiries <recorded status>0x00<expiry, 8 bytes BE Unix seconds><number> → ""  (valid and suspended ones: CountCertificates)
//	certificate_rules    <rule code>0x00<number> → ""    (certificates by rule)
//	certificate_holder_products <manufacturer>0x00<scheme>0x00<digits>0x00<rule>0x00<number> → "" (certificates by holder, product code and rule: holderproducts.go)
//	certificate_company_names <lower-cased holder or manufacturer name> → ""  (each name once)
//	certificate_companies <lower-cased name>0x00<number> → ""  (certificates by name)
//	audit_events         <bucket sequence, 8 bytes BE> → audit event (newest = last key), chained: seq, prev, digest
//	                     (access.AuditEvent.ChainDigest defines the canonical bytes; docs/api.md)
//	audit_index          's'<subject>0x00<sequence>, 'a'<actor>0x00<sequence>, 'c'<action>0x00<sequence> → ""
//	audit_head           "head" → head of the audit chain: count of events, 8 bytes BE, then the last one's digest, 64 hex characters
//	signing_keys         <key ID>      → Ed25519 private key seed (the active key) or public key (a retired key), created, retired
//	pact_footprints      <owner><uuid><version, 4 bytes BE> → a supplier's PACT footprint, as the owner uploaded or fetched it (pact.go)
//	pact_shares          <certificate uuid><partner> → a holder's share of a footprint's details (pact.go)
//	pact_share_partners  <partner>0x00<certificate uuid> → ""  (the footprints shared with a partner)
//	pact_endpoints       <owner>0x00<name> → a supplier's PACT host and client credentials (pact.go)
//	pact_outbox          p/<answer id> | d/<answer id> → an asynchronous PACT answer, pending | delivered or given up (pactoutbox.go)
//	                     r/<requester, target, version, request id> → the answer id of that request (pactoutbox.go)
//	                     q/<requester><answer id> → 1 while the answer is pending (a requester's pending answers counted: pactoutbox.go)
//	                     f/<footprint uuid><host><version><org> → the id of the delivered Fulfilled answer that took the footprint (or the one it supersedes) to that host, 0x00, the served status that host was last told (pactoutbox.go, receiptPrefix)
//	                     e/<event id><footprint id> → 1 while the pending Published event names that footprint (pactoutbox.go, publishedPfPrefix)
//	pact_cpc             <certificate uuid> → the CPC code a holder declared for PACT v2 (pact.go)
//	pact_footprint_index <kind><value><number> → ""  (certificates by what the PACT filters select on: pactindex.go,
//	                     pact.IndexKeys. Kinds: c created, u updated, r/e reference period start/end, v/w validity
//	                     start/end (values 8 bytes: Unix ns BE, sign bit flipped); g geography (subdivision, country,
//	                     region, subregion; case-folded), n v2 country, k classification URN (case-folded), p CPC code
//	                     (the holder's declared one too), s PACT status (case-folded), x geography unknown (text values
//	                     end with 0x00). Status and updated change with the certificate's status; the rest is fixed)
//
// Secrets are never stored: an API key is stored as the SHA-256 of its
// secret (compared in constant time), an access token as the SHA-256 of
// the token. Two exceptions: the private key seeds of the certificate
// signing keys in signing_keys, and the client secrets manufacturers gave
// for their suppliers' PACT hosts in pact_endpoints (they must be presented
// there), are unencrypted, so the database file and its full copies
// (BackupToFile, `pcf backup --db`) must be protected like the keys
// themselves; the HTTP backup (BackupWithoutSeeds) leaves both out. Open creates the file with mode 0600
// (and makes a file readable by others its owner's only: a restored copy stores a new seed)
// and BackupToFile writes 0600 files; keep it so.
//
// Study submissions and certification writes are committed in groups
// (group.go): writes arriving during a commit share the next one, each
// still committing or failing alone.
//
// Multi-record changes are one transaction: a study with its result, its
// green-power claims and its audit event; a certificate with its number,
// the application's decision, the certificate it supersedes and its audit
// event (the certificate is assembled, checked and signed inside that
// transaction, so a failed issue writes nothing and allocates no number).
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
// Factor and factor-set records are written in a compact, versioned binary
// encoding (codec.go), not JSON: a factor lookup must stay under 2 µs. The
// lower-volume entities are JSON of unexported record structs (orgRecord,
// studyRecord, certificateRecord, …) mapped explicitly from the domain types,
// each with a "v" field (recordV1) that reads check. Study documents, results
// and signed certificate content are stored as the exact bytes their
// canonical encoders wrote, so they read back byte-identical. Values read
// from bbolt are valid only inside their transaction, so every record is
// decoded (copied) before the transaction ends.
//
// # Factor cache
//
// A published set never changes and is never deleted, so a DB keeps a
// read-through cache of decoded factors of published sets (cache.go, at most
// DefaultFactorCacheSize factors, SetFactorCacheSize to change or disable):
// FindFactorByCode on a pinned published set then needs no transaction, and
// FindFactors walks the indexes but skips reading and decoding cached
// factors. Draft sets are never cached. Callers always get their own copies.
//
// # Adding an entity
//
// Add its bucket name to topLevelBuckets in db.go (it is then created at Open,
// without a schema change; an index that writes must keep is a schema
// change: an earlier program would write without it), put its code in <noun>.go next to factor.go, and
// take transactions in the exported methods, passing *bolt.Tx to unexported
// helpers so that multi-step operations stay atomic.
package factordb

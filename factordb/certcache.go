package factordb

import (
	"bytes"
	"sync"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// certReadCache keeps certificates read by ID decoded, keyed by the very
// bytes of their stored record (issue 14 item 5). A certificate PDF
// download reads the certificate every time, since the status it prints is
// the live one, and decoding the record (JSON, base64) and its signed
// content (certification.UnmarshalCanonicalCertificate, which also re-encodes
// it to check the bytes) was most of the request's CPU.
//
// An entry is used only when the record stored now is byte for byte the
// one it was decoded from (compared in full inside the read transaction),
// so a read never returns anything but what decoding the stored record
// would: a status change, a flag, a supersession rewrites the record and
// the next read decodes it afresh. What is shown is still what was signed.
//
// The decoded records and certificates are shared by every reader: they
// must not be changed (as the factors of factorCache); withCertificate
// copies what a caller gets. The cache holds at most max certificates and
// drops an arbitrary one when full.
type certReadCache struct {
	mu   sync.RWMutex
	max  int
	recs map[uuid.UUID]*cachedCertificate
}

type cachedCertificate struct {
	raw  []byte // the stored record
	rec  *certificateRecord
	cert *certification.Certificate // rec.Content decoded
}

// defaultCertReadCache bounds the cache: a record with its decoded
// certificate is about 20–30 KB.
const defaultCertReadCache = 1024

// lookup returns the entry of id if it was decoded from raw (the stored
// record, read in the current transaction), else nil.
func (c *certReadCache) lookup(id uuid.UUID, raw []byte) *cachedCertificate {
	c.mu.RLock()
	e := c.recs[id]
	c.mu.RUnlock()
	if e == nil || !bytes.Equal(e.raw, raw) {
		return nil
	}
	return e
}

// decode decodes a stored record read in the current transaction, whose
// bytes are valid only there: the cached entry when the record is
// unchanged, else the record decoded with a copy of raw to finish with
// finish, outside the transaction.
func (c *certReadCache) decode(id uuid.UUID, raw []byte) (*cachedCertificate, error) {
	if e := c.lookup(id, raw); e != nil {
		return e, nil
	}
	var rec certificateRecord
	if err := decodeJSON(raw, &rec); err != nil {
		return nil, err
	}
	return &cachedCertificate{raw: bytes.Clone(raw), rec: &rec}, nil
}

// finish decodes the certificate of an entry decode made and keeps the
// entry; an entry from the cache is returned as it is.
func (c *certReadCache) finish(id uuid.UUID, e *cachedCertificate, m *restoreMark) (*certification.CertificateRecord, error) {
	if e.cert == nil {
		cert, err := e.rec.certificate()
		if err != nil {
			return nil, err
		}
		e.cert = cert
		c.mu.Lock()
		if c.recs == nil {
			c.recs = map[uuid.UUID]*cachedCertificate{}
		}
		if _, ok := c.recs[id]; !ok && len(c.recs) >= max(c.max, 1) {
			for k := range c.recs { // an arbitrary one
				delete(c.recs, k)
				break
			}
		}
		c.recs[id] = e
		c.mu.Unlock()
	}
	return e.rec.withCertificate(e.cert, m)
}

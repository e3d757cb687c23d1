package factordb

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// This file holds what the JSON-encoded entities (organisations, keys,
// products, studies, applications, certificates, audit events) share:
// encoding and versioning of records, reading one value and scanning a
// bucket or a key prefix, key layouts, paging limits and the wrapping of
// internal errors.

// recordV1 is the V field of every JSON record written by this version.
const recordV1 = 1

// putJSON stores v as JSON under key.
func putJSON(b *bolt.Bucket, key []byte, v record) error {
	buf, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %T: %w", v, err)
	}
	if err := b.Put(key, buf); err != nil {
		return fmt.Errorf("put %T: %w", v, err)
	}
	return nil
}

// getJSON decodes the record under key into v, reporting whether there was
// one. Decoding copies, so v stays valid after the transaction.
func getJSON(b *bolt.Bucket, key []byte, v record) (bool, error) {
	buf := b.Get(key)
	if buf == nil {
		return false, nil
	}
	return true, decodeJSON(buf, v)
}

// findJSON decodes the record under key into v: ENOTFOUND, the message
// format of args ("application %s not found", the one message of its kind
// that the API answers too), if there is none.
func findJSON(b *bolt.Bucket, key []byte, v record, format string, args ...any) error {
	ok, err := getJSON(b, key, v)
	if err != nil { // named as the caller names it: most keys are binary (a UUID's 16 bytes)
		return fmt.Errorf("record of %s: %w", strings.TrimSuffix(fmt.Sprintf(format, args...), " not found"), err)
	}
	if !ok {
		return footprint.Errorf(footprint.ENOTFOUND, format, args...)
	}
	return nil
}

// record is a JSON record with its format version (the "v" field).
type record interface{ version() int }

func (r *orgRecord) version() int         { return r.V }
func (r *apiKeyRecord) version() int      { return r.V }
func (r *accessTokenRecord) version() int { return r.V }
func (r *productRecord) version() int     { return r.V }
func (r *studyRecord) version() int       { return r.V }
func (r *greenClaimRecord) version() int  { return r.V }
func (r *applicationRecord) version() int { return r.V }
func (r *certificateRecord) version() int { return r.V }
func (r *auditRecord) version() int       { return r.V }
func (r *signingKeyRecord) version() int  { return r.V }

// decodeJSON decodes a record and checks its version: a record written by
// a later format is refused rather than half read.
func decodeJSON(buf []byte, v record) error {
	if err := json.Unmarshal(buf, v); err != nil {
		return fmt.Errorf("decode %T: %w: %w", v, errCorrupt, err)
	}
	if got := v.version(); got != recordV1 {
		return fmt.Errorf("decode %T: record version %d: %w", v, got, errCorrupt)
	}
	return nil
}

// forEachRecord decodes, in key order, every record (JSON R) of b and
// calls fn with its key and it; what names the records in errors
// ("certificate", "application").
func forEachRecord[R any, PR interface {
	*R
	record
}](b *bolt.Bucket, what string, fn func(k []byte, rec *R) error) error {
	return b.ForEach(func(k, v []byte) error {
		var rec R
		if err := decodeJSON(v, PR(&rec)); err != nil {
			return fmt.Errorf("%s %x: %w", what, k, err)
		}
		return fn(k, &rec)
	})
}

// scanPrefix decodes, in key order, the records (JSON R) under the keys of
// b that start with prefix, and calls fn with each.
func scanPrefix[R any, PR interface {
	*R
	record
}](b *bolt.Bucket, prefix []byte, fn func(rec *R) error) error {
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var rec R
		if err := decodeJSON(v, PR(&rec)); err != nil {
			return err
		}
		if err := fn(&rec); err != nil {
			return err
		}
	}
	return nil
}

// internal prefixes an error that is not a domain error (a storage,
// encoding or context error) with the package and the operation; domain
// errors pass unchanged.
func internal(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *footprint.Error
	if errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("factordb: %s: %w", op, err)
}

// view checks the context and returns what find reads in a read
// transaction; an error that is not a domain error is wrapped with op
// (internal).
func view[T any](ctx context.Context, db *DB, op string, find func(tx *bolt.Tx) (T, error)) (T, error) {
	var out T
	if err := ctx.Err(); err != nil {
		return out, err
	}
	err := db.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = find(tx)
		return err
	})
	return out, internal(op, err)
}

// uuidKey parses a canonical UUID string into its 16-byte bucket key.
func uuidKey(id string) ([]byte, bool) {
	u, err := uuid.Parse(id)
	if err != nil || len(id) != 36 || u.String() != strings.ToLower(id) {
		return nil, false
	}
	return u[:], true
}

// ownerPrefix is the key prefix of an organisation in an index: its name,
// length-prefixed so that no owner's prefix is a prefix of another's.
func ownerPrefix(owner string) []byte {
	b := binary.AppendUvarint(nil, uint64(len(owner)))
	return append(b, owner...)
}

// timeKey is a fixed-width sort key for t: Unix nanoseconds with the sign
// bit flipped, 8 bytes big-endian, so that keys sort in time order for any
// time from 1678 to 2262.
func timeKey(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())^(1<<63))
}

// offsetLimit checks an offset page and returns the effective limit:
// DefaultLimit for 0, at most MaxLimit. Returns EINVALID for a negative
// offset or limit.
func offsetLimit(offset, limit int) (int, error) {
	switch {
	case offset < 0:
		return 0, footprint.FieldErrorf(footprint.EINVALID, "offset", "offset must not be negative")
	case limit < 0:
		return 0, footprint.FieldErrorf(footprint.EINVALID, "limit", "limit must not be negative")
	case limit == 0:
		return footprint.DefaultLimit, nil
	}
	return min(limit, footprint.MaxLimit), nil
}

// listQuery checks what an offset page with a product-code filter shares
// (FindProducts, FindStudies): the context, the offset and limit
// (offsetLimit) and the product code (footprint.NewProductCodeQuery).
// Returns the effective limit and the query.
func listQuery(ctx context.Context, offset, limit int, code *string, exact bool) (int, *footprint.ProductCodeQuery, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	limit, err := offsetLimit(offset, limit)
	if err != nil {
		return 0, nil, err
	}
	pcq, err := footprint.NewProductCodeQuery(code, exact)
	if err != nil {
		return 0, nil, err
	}
	return limit, pcq, nil
}

// cursorPage checks the context and a cursor page: it returns the key the
// cursor encodes (nil for the first page) and the effective limit
// (offsetLimit). Returns EINVALID for a negative limit, or a cursor that is
// not the base64url of a key of keyLen bytes (of any length when keyLen is
// 0).
func cursorPage(ctx context.Context, cursor string, limit, keyLen int) ([]byte, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	limit, err := offsetLimit(0, limit)
	if err != nil || cursor == "" {
		return nil, limit, err
	}
	key, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(key) == 0 || keyLen > 0 && len(key) != keyLen {
		return nil, 0, footprint.FieldErrorf(footprint.EINVALID, "cursor", "invalid cursor")
	}
	return key, limit, nil
}

// visitIndexed calls visit with the record an index entry points to: key
// id in bucket b, a record of the kind what. An entry whose record is
// missing is errCorrupt.
func visitIndexed(b *bolt.Bucket, what string, id []byte, visit func(k, v []byte) error) error {
	v := b.Get(id)
	if v == nil {
		return fmt.Errorf("%s %x indexed but missing: %w", what, id, errCorrupt)
	}
	return visit(id, v)
}

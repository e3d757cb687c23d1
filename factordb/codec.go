package factordb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Record formats.
//
// Factor and factor-set records are stored in a compact binary encoding
// instead of the JSON STYLE.md §2.4 suggests: a factor lookup is the engine's
// hot path (issue 2: under 2 µs), and encoding/json costs several times that
// on its own. The encoding is versioned by a leading format byte so that a
// later format can be read next to this one.
//
// Format 1 is a sequence of fields in a fixed order with no names:
//
//   - string: uvarint byte length, then the UTF-8 bytes
//   - float64: 8 bytes, big-endian IEEE 754 bits (exact, -0 and all)
//   - int: zig-zag varint
//   - count: uvarint
//
// Factor.Set is not stored: it is not part of a factor's content (a copied
// set holds the same records) and reads fill it from the bucket the record
// was found in.
//
// Format 1 is frozen: it is also the canonical encoding a published set's
// Digest is computed from (see digestFactors), so a field added to
// footprint.Factor needs format 2, not a change here.
//
// Format 2 (issue 9) is format 1 with the format byte 2 and one more string
// at the end: the factor's electricity role. A factor without a role is
// still written in format 1, byte for byte, so the records and the digest
// of every set stored before roles existed stay what they were, and a
// format-1 record reads as a factor without a role. Code and names come
// first in every format (peekFactorText).
//
// Format 3 (issue 9) is format 1 with the format byte 3 and three more
// strings at the end: the electricity role, the transport mode and the
// end-of-life treatment (footprint.FactorClass). It is written only for a
// factor with a transport mode or a treatment, so that a factor without
// either keeps its format-1 or format-2 bytes, and the digest of every set
// stored before modes and treatments existed stays what it was.
const (
	factorFormat1 = 1
	factorFormat2 = 2
	factorFormat3 = 3
	setFormat1    = 1
)

// errCorrupt reports a stored record that cannot be decoded.
var errCorrupt = errors.New("corrupt record")

// appendFactor appends the encoding of f to dst: format 3 for a factor with
// a transport mode or a treatment, else format 2 for one with an
// electricity role, else format 1.
func appendFactor(dst []byte, f *footprint.Factor) []byte {
	format := byte(factorFormat1)
	switch {
	case f.TransportMode != "" || f.Treatment != "":
		format = factorFormat3
	case f.ElectricityRole != "":
		format = factorFormat2
	}
	dst = append(dst, format)
	// Code and names first: text search reads them without decoding the rest
	// (peekFactorText).
	dst = appendString(dst, f.Code)
	dst = appendString(dst, f.NameZH)
	dst = appendString(dst, f.NameEN)

	dst = appendString(dst, string(f.Category))
	dst = appendFloat(dst, f.Value)
	dst = appendString(dst, f.Unit.Emitted)
	dst = appendString(dst, string(f.Unit.Basis))
	dst = appendFloat(dst, f.Unit.EmittedKg)
	dst = appendString(dst, f.Unit.Per.Symbol)
	dst = appendString(dst, string(f.Unit.Per.Dim))
	dst = appendFloat(dst, f.Unit.Per.ToBase)
	dst = appendString(dst, f.Unit.Qualifier)
	dst = appendString(dst, string(f.Boundary))

	dst = appendString(dst, f.Geography)
	dst = binary.AppendVarint(dst, int64(f.Year))
	dst = binary.AppendUvarint(dst, uint64(len(f.ProductCodes)))
	for _, pc := range f.ProductCodes {
		dst = appendString(dst, pc.Scheme)
		dst = appendString(dst, pc.Code)
	}

	dst = appendString(dst, f.Source.Publisher)
	dst = appendString(dst, f.Source.Document)
	dst = appendString(dst, f.Source.Date)
	dst = appendString(dst, f.Source.Locator)
	dst = appendString(dst, f.Licence)
	dst = binary.AppendVarint(dst, int64(f.Quality.TeR))
	dst = binary.AppendVarint(dst, int64(f.Quality.GR))
	dst = binary.AppendVarint(dst, int64(f.Quality.TiR))
	dst = binary.AppendVarint(dst, int64(f.Quality.P))
	dst = appendString(dst, f.Quality.Grade)
	dst = appendFloat(dst, f.UncertaintyPct)
	dst = appendString(dst, f.Notes)

	dst = appendString(dst, string(f.Status))
	dst = appendString(dst, f.SupersededBy)
	switch format {
	case factorFormat2:
		dst = appendString(dst, string(f.ElectricityRole))
	case factorFormat3:
		dst = appendString(dst, string(f.ElectricityRole))
		dst = appendString(dst, f.TransportMode)
		dst = appendString(dst, f.Treatment)
	}
	return dst
}

// decodeFactor decodes a stored factor record into a new Factor. The record
// is copied once into a string that every string field of the factor slices,
// so the result owns its memory (bbolt: values are invalid after the
// transaction) at the cost of one allocation for all strings.
func decodeFactor(v []byte) (*footprint.Factor, error) {
	h := new(factorAlloc)
	pcs := h.codes[:0]
	if err := decodeFactorString(&h.f, string(v), &pcs); err != nil {
		return nil, err
	}
	return &h.f, nil
}

// factorAlloc holds a Factor and room for its first product codes, so that a
// factor with few codes (most have one or two) costs one allocation, not two.
type factorAlloc struct {
	f     footprint.Factor
	codes [2]footprint.ProductCode
}

// decodeFactorString decodes record s into f; the string fields of f are
// substrings of s. With pcs nil, ProductCodes gets its own array; otherwise
// the codes are appended to *pcs and f.ProductCodes is a capacity-capped
// window of it, so a batch of factors shares one growing array (an append by
// a caller reallocates instead of overwriting a neighbour).
func decodeFactorString(f *footprint.Factor, s string, pcs *[]footprint.ProductCode) error {
	if len(s) == 0 {
		return fmt.Errorf("empty factor record: %w", errCorrupt)
	}
	format := s[0]
	if format != factorFormat1 && format != factorFormat2 && format != factorFormat3 {
		return fmt.Errorf("unknown factor record format %d: %w", s[0], errCorrupt)
	}
	r := reader[string]{b: s, off: 1}
	f.Code = r.str()
	f.NameZH = r.str()
	f.NameEN = r.str()

	f.Category = footprint.Category(r.str())
	f.Value = r.float()
	f.Unit.Emitted = r.str()
	f.Unit.Basis = footprint.GHGBasis(r.str())
	f.Unit.EmittedKg = r.float()
	f.Unit.Per.Symbol = r.str()
	f.Unit.Per.Dim = footprint.Dimension(r.str())
	f.Unit.Per.ToBase = r.float()
	f.Unit.Qualifier = r.str()
	f.Boundary = footprint.Boundary(r.str())

	f.Geography = r.str()
	f.Year = r.int()
	n := r.count()
	if n > uint64(len(s)-r.off) {
		r.fail("product codes") // each code takes at least two bytes
	}
	f.ProductCodes = nil
	if n > 0 && r.err == nil {
		if pcs == nil {
			f.ProductCodes = make([]footprint.ProductCode, n)
			for i := range f.ProductCodes {
				f.ProductCodes[i] = footprint.ProductCode{Scheme: r.str(), Code: r.str()}
			}
		} else {
			base := len(*pcs)
			for range n {
				*pcs = append(*pcs, footprint.ProductCode{Scheme: r.str(), Code: r.str()})
			}
			f.ProductCodes = (*pcs)[base:len(*pcs):len(*pcs)]
		}
	}

	f.Source.Publisher = r.str()
	f.Source.Document = r.str()
	f.Source.Date = r.str()
	f.Source.Locator = r.str()
	f.Licence = r.str()
	f.Quality.TeR = r.int()
	f.Quality.GR = r.int()
	f.Quality.TiR = r.int()
	f.Quality.P = r.int()
	f.Quality.Grade = r.str()
	f.UncertaintyPct = r.float()
	f.Notes = r.str()

	f.Status = footprint.Status(r.str())
	f.SupersededBy = r.str()
	f.ElectricityRole, f.TransportMode, f.Treatment = "", "", ""
	switch format {
	case factorFormat2:
		f.ElectricityRole = footprint.ElectricityRole(r.str())
		if f.ElectricityRole == "" && r.err == nil {
			// Format 2 is written only for a role: an empty one means the
			// record was not written by appendFactor.
			return fmt.Errorf("format-2 factor record without an electricity role: %w", errCorrupt)
		}
	case factorFormat3:
		f.ElectricityRole = footprint.ElectricityRole(r.str())
		f.TransportMode = r.str()
		f.Treatment = r.str()
		if f.TransportMode == "" && f.Treatment == "" && r.err == nil {
			// Likewise: format 3 is written only for a mode or a treatment.
			return fmt.Errorf("format-3 factor record without a transport mode or a treatment: %w", errCorrupt)
		}
	}
	return r.done()
}

// peekFactorText returns the code and names of a stored factor record without
// decoding (or copying) the rest. The slices alias v.
func peekFactorText(v []byte) (code, nameZH, nameEN []byte, err error) {
	if len(v) == 0 || (v[0] != factorFormat1 && v[0] != factorFormat2 && v[0] != factorFormat3) {
		return nil, nil, nil, fmt.Errorf("unknown factor record format: %w", errCorrupt)
	}
	r := reader[[]byte]{b: v, off: 1}
	code, nameZH, nameEN = r.str(), r.str(), r.str()
	return code, nameZH, nameEN, r.err
}

// factorBatch decodes many records with few allocations: records are copied
// (inside the transaction) into one buffer, and decoded (after it) into one
// array of Factors whose strings all slice a single string. The factors of a
// batch therefore keep each other's memory alive; batches are pages (at most
// footprint.MaxLimit factors) or one set export.
type factorBatch struct {
	expect int // expected number of records, to size the buffer; 0 = unknown
	buf    strings.Builder
	ends   []int
}

// add copies record v into the batch.
func (b *factorBatch) add(v []byte) {
	if b.ends == nil && b.expect > 0 {
		// Size the buffer from the first record, with headroom, capped so
		// that a large limit on a sparse query does not reserve megabytes.
		b.buf.Grow(min(b.expect*len(v)*5/4, 1<<20))
		b.ends = make([]int, 0, b.expect)
	}
	b.buf.Write(v)
	b.ends = append(b.ends, b.buf.Len())
}

// len returns the number of records in the batch.
func (b *factorBatch) len() int { return len(b.ends) }

// decode decodes every record, setting Factor.Set to set.
func (b *factorBatch) decode(set string) ([]*footprint.Factor, error) {
	s := b.buf.String() // strings.Builder: no copy
	arr := make([]footprint.Factor, len(b.ends))
	out := make([]*footprint.Factor, len(b.ends))
	pcs := make([]footprint.ProductCode, 0, 2*len(b.ends))
	start := 0
	for i, end := range b.ends {
		if err := decodeFactorString(&arr[i], s[start:end], &pcs); err != nil {
			return nil, fmt.Errorf("decode factor %s/%d: %w", set, i, err)
		}
		arr[i].Set = set
		out[i] = &arr[i]
		start = end
	}
	return out, nil
}

// appendFactorSet appends the format-1 encoding of s to dst.
func appendFactorSet(dst []byte, s *footprint.FactorSet) []byte {
	dst = append(dst, setFormat1)
	dst = appendString(dst, s.Version)
	dst = appendString(dst, s.Description)
	dst = appendString(dst, s.BasedOn)
	dst = appendString(dst, string(s.Status))
	dst = appendTime(dst, s.CreatedAt)
	dst = appendTime(dst, s.PublishedAt)
	dst = binary.AppendUvarint(dst, uint64(s.FactorCount))
	dst = appendString(dst, s.Digest)
	return dst
}

// decodeFactorSet decodes a stored factor-set record into a new FactorSet.
func decodeFactorSet(v []byte) (*footprint.FactorSet, error) {
	if len(v) == 0 || v[0] != setFormat1 {
		return nil, fmt.Errorf("unknown factor set record format: %w", errCorrupt)
	}
	r := reader[string]{b: string(v), off: 1}
	s := &footprint.FactorSet{
		Version:     r.str(),
		Description: r.str(),
		BasedOn:     r.str(),
		Status:      footprint.SetStatus(r.str()),
		CreatedAt:   r.time(),
		PublishedAt: r.time(),
		FactorCount: int(r.count()),
		Digest:      r.str(),
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return s, nil
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendFloat(dst []byte, x float64) []byte {
	return binary.BigEndian.AppendUint64(dst, math.Float64bits(x))
}

// appendTime encodes a time as a presence byte, then Unix seconds (varint) and
// nanoseconds (uvarint). The zero time is a single 0 byte; times decode in
// UTC.
func appendTime(dst []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(dst, 0)
	}
	dst = append(dst, 1)
	dst = binary.AppendVarint(dst, t.Unix())
	return binary.AppendUvarint(dst, uint64(t.Nanosecond()))
}

// reader decodes format-1 fields from b, a string (decoding: string fields
// are substrings, no allocation) or a byte slice (peeking: fields alias it).
// The first error sticks; later reads return zero values.
type reader[T string | []byte] struct {
	b   T
	off int
	err error
}

func (r *reader[T]) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("truncated %s at byte %d: %w", what, r.off, errCorrupt)
	}
}

// count reads a uvarint (encoding/binary's format, which takes only []byte).
func (r *reader[T]) count() uint64 {
	if r.err != nil {
		return 0
	}
	var x uint64
	for i, shift := 0, uint(0); i < binary.MaxVarintLen64; i, shift = i+1, shift+7 {
		if r.off >= len(r.b) {
			break
		}
		c := r.b[r.off]
		r.off++
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // overflows 64 bits
			}
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
	}
	r.fail("varint")
	return 0
}

// str reads a length-prefixed string.
func (r *reader[T]) str() T {
	var zero T
	n := r.count()
	if r.err != nil {
		return zero
	}
	if n > uint64(len(r.b)-r.off) {
		r.fail("string")
		return zero
	}
	v := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return v
}

// int reads a zig-zag varint that must fit 32 bits.
func (r *reader[T]) int() int {
	u := r.count()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	if x < math.MinInt32 || x > math.MaxInt32 {
		r.fail("integer")
		return 0
	}
	return int(x)
}

func (r *reader[T]) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b)-r.off < 8 {
		r.fail("number")
		return 0
	}
	var u uint64
	for i := range 8 {
		u = u<<8 | uint64(r.b[r.off+i])
	}
	r.off += 8
	return math.Float64frombits(u)
}

func (r *reader[T]) time() time.Time {
	if r.err != nil {
		return time.Time{}
	}
	if r.off >= len(r.b) {
		r.fail("time")
		return time.Time{}
	}
	present := r.b[r.off]
	r.off++
	if present == 0 {
		return time.Time{}
	}
	u := r.count()
	sec := int64(u >> 1)
	if u&1 != 0 {
		sec = ^sec
	}
	nsec := r.count()
	if r.err != nil || nsec >= 1e9 {
		r.fail("time")
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

// done returns the first error, or an error if bytes are left over.
func (r *reader[T]) done() error {
	if r.err != nil {
		return r.err
	}
	if r.off != len(r.b) {
		return fmt.Errorf("%d trailing bytes: %w", len(r.b)-r.off, errCorrupt)
	}
	return nil
}

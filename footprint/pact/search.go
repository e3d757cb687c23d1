package pact

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// This file gives the store what it needs to index the footprints by what
// the filters of both versions (Filter, FilterV2) select on, so that a
// narrow search reads the certificates that can match instead of every
// certificate (issue 14 item 3). The index only narrows: the caller still
// applies the whole filter to each footprint it maps, so the answers are
// those of a walk through every certificate.
//
// An index key is a kind (one byte), a value and the certificate number.
// A date value is 8 bytes: the time the filter compares (created and
// updated to the second, as FilterV2 compares them), in Unix nanoseconds
// (clamped to what an int64 holds, years 1678 to 2262), big-endian with
// the sign bit flipped, so that keys sort by date. Any other value is text
// followed by 0x00 (escaped: 0x00 and 0x01 in it are written 0x01 0x01 and
// 0x01 0x02, which keeps the order).

// Index kinds.
const (
	keyCreated        = 'c' // created (v2), to the second
	keyUpdated        = 'u' // updated (v2), deprecated footprints only
	keyRefStart       = 'r' // pcf/referencePeriodStart
	keyRefEnd         = 'e' // pcf/referencePeriodEnd
	keyValidStart     = 'v' // validity start (v3 validOn, validAfter)
	keyValidEnd       = 'w' // validity end (v3 validOn, validBefore)
	keyGeography      = 'g' // every geography the footprint is in, folded (v3 geography)
	keyCountry        = 'n' // pcf/geographyCountry as written (v2)
	keyClassification = 'k' // a classification URN, folded (and its query-decoded form)
	keyCPC            = 'p' // productCategoryCpc as written (v2), the holder's declared code included
	keyStatus         = 's' // Active or Deprecated, folded
	keyNoGeography    = 'x' // the geography could not be read (the study is missing): any geography search reads it
)

// dateWidth is the length of a date value.
const dateWidth = 8

// A Lookup is one condition of a filter the index answers: every
// footprint the filter selects is under one of Prefixes (each followed by
// the certificate number), or, for a range, has a value of Kind from From
// (after it when FromOpen) to To (before it when ToOpen; To nil: no upper
// bound), Width bytes long (0: text ended by 0x00). The conditions of one
// filter all hold for what it selects, so the store may read any of
// them, or their intersection.
type Lookup struct {
	Prefixes [][]byte

	Range            bool
	Kind             byte
	From, To         []byte
	FromOpen, ToOpen bool
	Width            int
}

// InRange reports whether value (of l.Kind) is in range l.
func (l *Lookup) InRange(value []byte) bool {
	c := bytes.Compare(value, l.From)
	if c < 0 || c == 0 && l.FromOpen {
		return false
	}
	if l.To == nil {
		return true
	}
	c = bytes.Compare(value, l.To)
	return c < 0 || c == 0 && !l.ToOpen
}

// Past reports whether value (of l.Kind) sorts after range l: no later
// entry is in it.
func (l *Lookup) Past(value []byte) bool {
	if l.To == nil {
		return false
	}
	c := bytes.Compare(value, l.To)
	return c > 0 || c == 0 && l.ToOpen
}

// Index is what the store offers the PACT host to list footprints: the
// certificates, in number order from the one after filter.Cursor, that are
// of filter.Manufacturer (when set) and meet every lookup the store's
// indexes answer, a page of at most filter.Limit and the cursor of the
// next page, as certification.CertificationService.FindCertificates
// returns them. It narrows only: the caller applies its whole filter.
type Index interface {
	FindFootprints(ctx context.Context, filter certification.CertificateFilter, lookups []Lookup) ([]*certification.CertificateRecord, string, error)
}

// IndexKeys returns the index keys (without the certificate number) of the
// footprint of certificate record rec made in geography (Facts.Geography;
// known false when it could not be read): fixed, from its signed content,
// which never change, and state, from its recorded status, which change
// with it. The declared CPC code has its own key (DeclaredCPCKey).
func IndexKeys(rec *certification.CertificateRecord, geography string, known bool) (fixed, state [][]byte) {
	f := &Footprint{}
	f.setSearchable(rec, rec.Certificate(), "", geography)
	fixed = [][]byte{
		dateKey(keyCreated, f.Created.Truncate(time.Second)), dateKey(keyRefStart, f.ReferenceStart), dateKey(keyRefEnd, f.ReferenceEnd),
		dateKey(keyValidStart, f.ValidityStart), dateKey(keyValidEnd, f.ValidityEnd),
	}
	add := func(kind byte, v string) {
		k := textKey(kind, v)
		for _, have := range fixed {
			if string(have) == string(k) {
				return
			}
		}
		fixed = append(fixed, k)
	}
	for _, g := range f.geographies() {
		add(keyGeography, fold(g))
	}
	if f.Country != "" {
		add(keyCountry, f.Country)
	}
	if !known {
		fixed = append(fixed, textKey(keyNoGeography, ""))
	}
	for _, u := range f.Classifications {
		add(keyClassification, fold(u))
		if strings.ContainsAny(u, "%+") {
			if d, err := url.QueryUnescape(u); err == nil {
				add(keyClassification, fold(d))
			}
		}
	}
	if f.CPC != "" {
		add(keyCPC, f.CPC)
	}
	if rec.Status != certification.CertificateSuspended { // withheld (Available), neither Active nor Deprecated
		state = append(state, textKey(keyStatus, fold(string(f.Status))))
	}
	if !f.Updated.IsZero() {
		state = append(state, dateKey(keyUpdated, f.Updated.Truncate(time.Second)))
	}
	return fixed, state
}

// StudyGeography is the place of production of the footprints of a
// certificate issued on study st (Facts.Geography), for IndexKeys.
func StudyGeography(st *footprint.Study) string { return productionGeography(st) }

// DeclaredCPCKey is the index key of a CPC code the holder declared for a
// footprint whose certificate names none (WithDeclaredCPC).
func DeclaredCPCKey(code string) []byte { return textKey(keyCPC, code) }

// Lookups returns the conditions of the v3 filter the index answers.
// Product and company identifiers are left to the holder's own index
// (Holder).
func (q *Filter) Lookups() []Lookup {
	var out []Lookup
	if len(q.Geographies) > 0 {
		l := Lookup{Prefixes: [][]byte{textKey(keyNoGeography, "")}}
		for _, g := range q.Geographies {
			l.Prefixes = append(l.Prefixes, textKey(keyGeography, fold(g)))
		}
		out = append(out, l)
	}
	if len(q.Classifications) > 0 {
		l := Lookup{}
		for _, c := range q.Classifications {
			l.Prefixes = append(l.Prefixes, textKey(keyClassification, fold(c)))
			if n := canonicalID(c); n != c { // as idEqual reads it: the footprints' codes have no dots
				l.Prefixes = append(l.Prefixes, textKey(keyClassification, fold(n)))
			}
		}
		out = append(out, l)
	}
	if q.Status != "" {
		out = append(out, Lookup{Prefixes: [][]byte{textKey(keyStatus, fold(q.Status))}})
	}
	var r ranges
	if q.ValidOn != nil {
		r.add(keyValidStart, "le", dateValue(*q.ValidOn), dateWidth)
		r.add(keyValidEnd, "ge", dateValue(*q.ValidOn), dateWidth)
	}
	if q.ValidAfter != nil {
		r.add(keyValidStart, "gt", dateValue(*q.ValidAfter), dateWidth)
	}
	if q.ValidBefore != nil {
		r.add(keyValidEnd, "lt", dateValue(*q.ValidBefore), dateWidth)
	}
	return append(out, r...)
}

// odataKeys are the index kinds of the v2 properties.
var odataKeys = map[string]byte{
	"created": keyCreated, "updated": keyUpdated, "pcf/referencePeriodStart": keyRefStart, "pcf/referencePeriodEnd": keyRefEnd,
	"productCategoryCpc": keyCPC, "pcf/geographyCountry": keyCountry,
}

// Lookups returns the conditions of the v2 filter the index answers:
// every comparison but "ne" on a property it indexes.
func (q *FilterV2) Lookups() []Lookup {
	var out []Lookup
	var r ranges
	for _, t := range q.terms {
		kind, ok := odataKeys[t.prop]
		if !ok || t.op == "ne" {
			continue
		}
		switch {
		case odataTimeProps[t.prop]:
			r.add(kind, t.op, dateValue(t.when), dateWidth)
		case t.op == "eq":
			l := Lookup{Prefixes: [][]byte{textKey(kind, t.value)}}
			if kind == keyCountry {
				// A footprint whose geography is unknown could be in it.
				l.Prefixes = append(l.Prefixes, textKey(keyNoGeography, ""))
			}
			out = append(out, l)
		case kind == keyCountry:
			// A range of countries is left to the walk.
		default:
			r.add(kind, t.op, escape(t.value), 0)
		}
	}
	return append(out, r...)
}

// ranges are the ranges of a filter, one per kind (the comparisons on one
// property intersected).
type ranges []Lookup

// add narrows the range of kind by the comparison "value op v" (one of
// eq, lt, le, gt, ge).
func (r *ranges) add(kind byte, op string, v []byte, width int) {
	i := 0
	for i < len(*r) && (*r)[i].Kind != kind {
		i++
	}
	if i == len(*r) {
		*r = append(*r, Lookup{Range: true, Kind: kind, From: []byte{}, Width: width})
	}
	l := &(*r)[i]
	// A date clamped to the ends of an int64 bound inclusive: a
	// superset.
	clamped := width == dateWidth && (bytes.Equal(v, dateValue(minNano)) || bytes.Equal(v, dateValue(maxNano)))
	if op == "eq" || op == "gt" || op == "ge" {
		open := op == "gt" && !clamped
		if c := bytes.Compare(v, l.From); c > 0 || c == 0 && open {
			l.From, l.FromOpen = v, open
		}
	}
	if op == "eq" || op == "lt" || op == "le" {
		open := op == "lt" && !clamped
		if c := bytes.Compare(v, l.To); l.To == nil || c < 0 || c == 0 && open {
			l.To, l.ToOpen = v, open
		}
	}
}

// dateValue is the index value of t: its Unix nanoseconds, clamped to
// what an int64 holds, with the sign bit flipped.
func dateValue(t time.Time) []byte {
	var ns int64
	switch {
	case t.Before(minNano):
		ns = math.MinInt64
	case t.After(maxNano):
		ns = math.MaxInt64
	default:
		ns = t.UnixNano()
	}
	return binary.BigEndian.AppendUint64(nil, uint64(ns)^(1<<63))
}

var (
	minNano = time.Unix(0, math.MinInt64)
	maxNano = time.Unix(0, math.MaxInt64)
)

func dateKey(kind byte, t time.Time) []byte { return append([]byte{kind}, dateValue(t)...) }

func textKey(kind byte, v string) []byte {
	return append(append([]byte{kind}, escape(v)...), 0)
}

// escape writes 0x00 as 0x01 0x01 and 0x01 as 0x01 0x02, so that 0x00
// ends a value and escaped values sort as the values do.
func escape(v string) []byte {
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case 0, 1:
			out = append(out, 1, c+1)
		default:
			out = append(out, c)
		}
	}
	return out
}

// fold maps s to one string for all the strings strings.EqualFold finds
// equal to it: each rune to the least rune of its case-folding orbit
// (unicode.SimpleFold), as EqualFold compares them rune by rune (bytes
// that are not UTF-8 read as U+FFFD, as there).
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

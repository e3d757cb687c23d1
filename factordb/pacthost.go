package factordb

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactHostStateBucket records, per organisation and fetched footprint, what
// its host answered the periodic re-read of the footprints valid
// certificates rest on (api/pactwatch.go) when that was not the footprint
// as stored: <owner><footprint UUID, 16 bytes> → pactHostStateRecord. A
// later version or a Deprecated document the host serves is stored as a
// fetch stores it (SaveFetchedFootprint); this holds what a fetch cannot
// store: another document under the same id and version, none at all, or
// no answer (red team 55: a certificate issued on a fetched footprint
// learnt of its data owner's change only from a fetch its manufacturer had
// no reason to make).
var pactHostStateBucket = []byte("pact_host_state")

type pactHostStateRecord struct {
	V       int    `json:"v"`
	ID      string `json:"id"`
	Owner   string `json:"owner"`
	Version int    `json:"version"` // the version the certificates' studies used
	Source  string `json:"source"`
	Kind    string `json:"kind"` // pact.HostChanged, HostWithdrawn or HostUnreachable
	// DetailZH and DetailEN say what the host answered.
	DetailZH string    `json:"detail_zh"`
	DetailEN string    `json:"detail_en"`
	Since    time.Time `json:"since"`    // the first re-read answered so
	Failures int       `json:"failures"` // consecutive re-reads without an answer (HostUnreachable)
	// FlaggedAt is when the certificates resting on the footprint were
	// flagged for it (certificatePACTChanged); zero while an unreachable
	// host has not yet failed often enough.
	FlaggedAt time.Time `json:"flagged_at,omitzero"`
	// ServedAgainAt is when the host, flagged for a change or a
	// withdrawal, served the footprint as stored again (red team 57): a
	// host that served another document, or none, under a fixed id and
	// version is not cleared by serving the first again; the
	// certificates stay flagged until their certifier reviews them, and
	// new issues on it are no longer refused by this record.
	ServedAgainAt time.Time `json:"served_again_at,omitzero"`
	CheckedAt     time.Time `json:"checked_at"`
}

func (r *pactHostStateRecord) version() int { return r.V }

// pactHostState returns owner's record of footprint id's host when it
// flags the footprint (FlaggedAt set); nil otherwise.
func pactHostState(tx *bolt.Tx, owner string, id uuid.UUID) (*pactHostStateRecord, error) {
	var rec pactHostStateRecord
	ok, err := getJSON(tx.Bucket(pactHostStateBucket), pactFootprintPrefix(owner, id), &rec)
	if err != nil || !ok || rec.FlaggedAt.IsZero() {
		return nil, err
	}
	return &rec, nil
}

// studyPACTHostState is pactHostState when the record concerns the
// version of footprint ref that study st's result used. The record, most
// often absent, is read first: the footprint's document is decoded only
// for a flagged one (this runs for each certificate a flagged list
// scans).
func studyPACTHostState(tx *bolt.Tx, st *footprint.Study, ref string, id uuid.UUID) (*pactHostStateRecord, error) {
	h, err := pactHostState(tx, st.Owner, id)
	if err != nil || h == nil {
		return nil, err
	}
	sup, err := studyPACTSupplier(tx, st, ref)
	if err != nil || sup.Version != h.Version {
		return nil, nil // not stored, or unreadable: the recalculation names it
	}
	return h, nil
}

// RecordPACTHostAnswer records what the host of a fetched footprint
// answered the periodic re-read, with an audit event (actor "system") when
// it flags the footprint's certificates or clears them:
//   - HostChanged, HostWithdrawn: flagged at once;
//   - HostUnreachable: flagged at the failuresToFlag-th re-read in a row
//     without an answer (one outage is not the data owner's word); a
//     footprint flagged for a change stays flagged while its host is down;
//   - HostSame: the record is removed (the host serves the footprint as
//     stored again, or answers again), but for a footprint flagged for a
//     change or a withdrawal, marked served again (ServedAgainAt): its
//     certificates stay flagged until their certifier reviews them.
//
// It returns whether the footprint is flagged after the call.
func (s *CertificationService) RecordPACTHostAnswer(ctx context.Context, a pact.HostAnswer, failuresToFlag int) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	switch a.Kind {
	case pact.HostSame, pact.HostChanged, pact.HostWithdrawn, pact.HostUnreachable:
	default:
		return false, fmt.Errorf("record PACT host answer: unknown kind %q", a.Kind)
	}
	if a.Kind == pact.HostSame {
		// The answer of almost every footprint every pass: with nothing
		// recorded for it, nothing to write (a write transaction syncs
		// the file even when it changes nothing).
		recorded, err := view(ctx, s.db, "record PACT host answer", func(tx *bolt.Tx) (bool, error) {
			var old pactHostStateRecord
			had, err := getJSON(tx.Bucket(pactHostStateBucket), pactFootprintPrefix(a.Owner, a.ID), &old)
			return had && old.Version == a.Version, err
		})
		if err != nil || !recorded {
			return false, err
		}
	}
	flagged := false
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(pactHostStateBucket)
		key := pactFootprintPrefix(a.Owner, a.ID)
		var old pactHostStateRecord
		had, err := getJSON(b, key, &old)
		if err != nil {
			return fmt.Errorf("PACT host state of %s: %w", a.ID, err)
		}
		if had && old.Version != a.Version {
			had = false // another version's: the study's result moved on
		}
		now := s.db.now()
		subject := "pact-footprint/" + a.ID.String()
		if a.Kind == pact.HostSame {
			if !had {
				return nil
			}
			if !old.FlaggedAt.IsZero() && old.Kind != pact.HostUnreachable {
				// Red team 57: a host flip-flopping between passes
				// (another document, then the stored one) does not
				// clear its flag; the certifier's review does.
				if !old.ServedAgainAt.IsZero() {
					return nil
				}
				old.ServedAgainAt, old.CheckedAt = now, now
				if err := putJSON(b, key, &old); err != nil {
					return err
				}
				return audit(ctx, tx, now, pact.AuditFootprintRecheck, subject,
					fmt.Sprintf("re-read for %s from %s: served as stored again (flagged %s since %s); the certificates stay flagged until their certifier reviews them", a.Owner, a.Source, old.Kind, storedDay(old.Since)))
			}
			if err := b.Delete(key); err != nil {
				return err
			}
			if old.FlaggedAt.IsZero() {
				return nil
			}
			return audit(ctx, tx, now, pact.AuditFootprintRecheck, subject,
				fmt.Sprintf("re-read for %s from %s: served as stored again (flagged %s since %s)", a.Owner, a.Source, old.Kind, storedDay(old.Since)))
		}
		if had && !old.ServedAgainAt.IsZero() && a.Kind != pact.HostUnreachable {
			had = false // changed again after serving it as stored: a new flag
		}
		rec := pactHostStateRecord{V: recordV1, ID: a.ID.String(), Owner: a.Owner, Version: a.Version, Source: a.Source,
			Kind: a.Kind, DetailZH: a.DetailZH, DetailEN: a.DetailEN, Since: now, CheckedAt: now}
		switch {
		case had && !old.FlaggedAt.IsZero() && (old.Kind == a.Kind || a.Kind == pact.HostUnreachable):
			// Still so, or a host down after it answered a change: the
			// change stands.
			old.CheckedAt = now
			flagged = true
			return putJSON(b, key, &old)
		case a.Kind == pact.HostUnreachable:
			if had && old.Kind == pact.HostUnreachable {
				rec.Since, rec.Failures = old.Since, old.Failures
			}
			rec.Failures++
			if rec.Failures < max(failuresToFlag, 1) {
				return putJSON(b, key, &rec)
			}
		}
		rec.FlaggedAt = now
		flagged = true
		if err := putJSON(b, key, &rec); err != nil {
			return err
		}
		detail := fmt.Sprintf("re-read for %s from %s: %s; the valid certificates resting on version %d are flagged", a.Owner, a.Source, a.DetailEN, a.Version)
		if a.Kind == pact.HostUnreachable {
			detail = fmt.Sprintf("re-read for %s from %s: no answer %d times in a row since %s (%s); the valid certificates resting on version %d are flagged",
				a.Owner, a.Source, rec.Failures, storedDay(rec.Since), a.DetailEN, a.Version)
		}
		return audit(ctx, tx, now, pact.AuditFootprintRecheck, subject, truncateDetail(detail))
	})
	if err != nil {
		return false, internal("record PACT host answer", err)
	}
	return flagged, nil
}

// truncateDetail bounds an audit detail built from a host's answer.
func truncateDetail(s string) string {
	const n = 1000
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

package factordb

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// walkLineage is a lineage of certificates for walkEarlier, oldest first,
// each superseding the one before it, all of 2025; the first lists
// green-power instruments, the others none.
func walkLineage(n int) []*certification.Certificate {
	start, end := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	out := make([]*certification.Certificate, n)
	for i := range out {
		c := &certification.Certificate{ID: uuid.New(), Number: fmt.Sprintf("CDPCF-2026-%06d", i+1), PeriodStart: start, PeriodEnd: end}
		if i == 0 {
			c.Electricity.Instruments = []certification.CertificateInstrument{{Serial: "GEC-RV56-000001"}}
		} else {
			c.Supersedes = out[i-1].ID
		}
		out[i] = c
	}
	return out
}

// finder reads the certificates of lineage by ID, ENOTFOUND for another.
func finder(lineage []*certification.Certificate) func(uuid.UUID) (*certification.Certificate, error) {
	byID := map[uuid.UUID]*certification.Certificate{}
	for _, c := range lineage {
		byID[c.ID] = c
	}
	return func(id uuid.UUID) (*certification.Certificate, error) {
		if c, ok := byID[id]; ok {
			return c, nil
		}
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
	}
}

// Ensure the walk back over a lineage for an earlier study to compare
// outputs with (ReviewRecords.EarlierStudy) says where and why it stopped
// without one (ReviewRecords.EarlierWalk): at EarlierStudyWalk
// certificates, at a certificate of another store, at a cycle. It stopped
// without a word at each, and the review named no comparison it had not
// made (rv56). It finds the first certificate 64 back, and says nothing
// when it reaches the lineage's first certificate without one.
func TestWalkEarlier_SaysWhereAndWhyItStopped(t *testing.T) {
	p := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	limit := certification.EarlierStudyWalk

	// The first certificate, with the instruments, limit certificates
	// before the superseded one: found.
	l := walkLineage(limit + 1)
	if c, stop, err := walkEarlier(l[limit], p, finder(l)); err != nil || c != l[0] || stop == nil || stop.Read != limit {
		t.Errorf("%d certificates back: %v, %+v, %v; want %s, read %d", limit, c, stop, err, l[0].Number, limit)
	}
	// One more between them: the walk stops at the limit, and says so.
	l = walkLineage(limit + 2)
	c, stop, err := walkEarlier(l[limit+1], p, finder(l))
	if err != nil || c != nil || stop == nil || stop.Why != certification.EarlierWalkLimit || stop.Read != limit || stop.Last != l[1] || stop.Next != l[0].ID {
		t.Errorf("%d certificates back: %v, %+v, %v; want none, stopped at the limit after %d, at %s naming %s", limit+1, c, stop, err, limit, l[1].Number, l[0].ID)
	}
	// The first certificate not in this store (a lineage begun at another
	// service).
	l = walkLineage(4)
	c, stop, err = walkEarlier(l[3], p, finder(l[1:]))
	if err != nil || c != nil || stop == nil || stop.Why != certification.EarlierWalkNotStored || stop.Read != 2 || stop.Last != l[1] || stop.Next != l[0].ID {
		t.Errorf("the first certificate of another store: %v, %+v, %v; want none, stopped not stored after 2, at %s naming %s", c, stop, err, l[1].Number, l[0].ID)
	}
	// A cycle: the second certificate edited to supersede the fourth.
	l = walkLineage(4)
	l[1].Supersedes = l[3].ID
	c, stop, err = walkEarlier(l[3], p, finder(l))
	if err != nil || c != nil || stop == nil || stop.Why != certification.EarlierWalkCycle || stop.Read != 2 || stop.Last != l[1] || stop.Next != l[3].ID {
		t.Errorf("a cycle: %v, %+v, %v; want none, stopped at a cycle after 2, at %s naming %s", c, stop, err, l[1].Number, l[3].ID)
	}
	// No certificate with instruments, back to the first: nothing to name.
	l = walkLineage(4)
	l[0].Electricity.Instruments = nil
	if c, stop, err := walkEarlier(l[3], p, finder(l)); err != nil || c != nil || stop != nil {
		t.Errorf("a lineage without instruments: %v, %+v, %v; want none, no stop", c, stop, err)
	}
}

package certification_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// Ensure the live status follows the documented precedence.
func TestCertificate_StatusAt(t *testing.T) {
	c := newTestCertificate(t)
	before, after := c.ExpiresAt.Add(-time.Second), c.ExpiresAt
	for _, tt := range []struct {
		recorded certification.CertificateStatus
		now      time.Time
		want     certification.CertificateStatus
	}{
		{certification.CertificateValid, before, certification.CertificateValid},
		{certification.CertificateValid, after, certification.CertificateExpired},
		{certification.CertificateSuspended, before, certification.CertificateSuspended},
		{certification.CertificateSuspended, after, certification.CertificateExpired},
		{certification.CertificateWithdrawn, after, certification.CertificateWithdrawn},
		{certification.CertificateSuperseded, after, certification.CertificateSuperseded},
	} {
		if got := c.StatusAt(tt.recorded, tt.now); got != tt.want {
			t.Errorf("StatusAt(%s, %s)=%s, want %s", tt.recorded, tt.now, got, tt.want)
		}
	}
}

// Ensure CheckSupersedes allows exactly: a first certificate naming
// nothing; the current certificate named when valid or withdrawn; another
// lineage's current certificate of the same model for a study without one.
func TestCheckSupersedes(t *testing.T) {
	rec := func(status certification.CertificateStatus, supersededBy uuid.UUID) *certification.CertificateRecord {
		c := newTestCertificate(t)
		c.ID = uuid.New()
		return &certification.CertificateRecord{Signed: &certification.SignedCertificate{Certificate: c}, Status: status, SupersededBy: supersededBy}
	}
	valid, withdrawn := rec(certification.CertificateValid, uuid.Nil), rec(certification.CertificateWithdrawn, uuid.Nil)
	suspended, superseded := rec(certification.CertificateSuspended, uuid.Nil), rec(certification.CertificateSuperseded, uuid.New())
	other := rec(certification.CertificateValid, uuid.Nil)
	for _, tt := range []struct {
		name           string
		current, named *certification.CertificateRecord
		sameModel      bool
		ok             bool
	}{
		{"FirstCertificate", nil, nil, false, true},
		{"CurrentValid", valid, valid, false, true},
		{"CurrentWithdrawn", withdrawn, withdrawn, false, true},
		{"CurrentNotNamed", valid, nil, false, false},
		{"WithdrawnNotNamed", withdrawn, nil, false, false},
		{"AnotherNamed", valid, other, true, false},
		{"CurrentSuspended", suspended, suspended, false, false},
		{"OtherLineageSameModel", nil, other, true, true},
		{"OtherLineageOtherModel", nil, other, false, false},
		{"OtherLineageSuperseded", nil, superseded, true, false},
		{"OtherLineageSuspended", nil, suspended, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := certification.CheckSupersedes(tt.current, tt.named, tt.sameModel)
			if tt.ok != (err == nil) {
				t.Fatalf("err=%v, want ok=%v", err, tt.ok)
			}
			if err != nil && (footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes") {
				t.Fatalf("err=%v, want ECONFLICT naming supersedes", err)
			}
		})
	}
}

// pagedCertificates is a CertificationService whose FindCertificates
// serves pages of two records from n, then fails at page fail (0: never).
type pagedCertificates struct {
	certification.CertificationService
	n, fail, calls int
}

func (p *pagedCertificates) FindCertificates(_ context.Context, f certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
	p.calls++
	from := 0
	if f.Cursor != "" {
		from, _ = strconv.Atoi(f.Cursor)
	}
	if p.fail > 0 && p.calls == p.fail {
		return nil, "", errors.New("page failed")
	}
	var recs []*certification.CertificateRecord
	for i := from; i < min(from+2, p.n); i++ {
		recs = append(recs, &certification.CertificateRecord{Manufacturer: strconv.Itoa(i)})
	}
	if from+2 >= p.n {
		return recs, "", nil
	}
	return recs, strconv.Itoa(from + 2), nil
}

// Ensure AllCertificates reads every page, stops where its reader stops,
// and gives a page's error once.
func TestAllCertificates(t *testing.T) {
	read := func(svc *pagedCertificates, stopAt int) (got []string, errs int) {
		for rec, err := range certification.AllCertificates(context.Background(), svc, certification.CertificateFilter{}) {
			if err != nil {
				errs++
				continue
			}
			if len(got) == stopAt {
				break
			}
			got = append(got, rec.Manufacturer)
		}
		return got, errs
	}
	all := &pagedCertificates{n: 5}
	if got, errs := read(all, -1); strings.Join(got, ",") != "0,1,2,3,4" || errs != 0 || all.calls != 3 {
		t.Errorf("all: %v, %d errors, %d pages; want 0..4, 0, 3", got, errs, all.calls)
	}
	early := &pagedCertificates{n: 9}
	if got, _ := read(early, 3); len(got) != 3 || early.calls != 2 {
		t.Errorf("stopped at 3: %v after %d pages, want 3 after 2", got, early.calls)
	}
	failing := &pagedCertificates{n: 9, fail: 2}
	if got, errs := read(failing, -1); strings.Join(got, ",") != "0,1" || errs != 1 || failing.calls != 2 {
		t.Errorf("failing page 2: %v, %d errors, %d pages; want 0,1, 1, 2", got, errs, failing.calls)
	}
}

// Ensure a long certificate number that is refused is quoted back cut at a
// character, never splitting one (red team 92: the error page showed
// "…有\xe6…" for a number of Chinese characters).
func TestParseCertificateNumber_LongInputCutAtACharacter(t *testing.T) {
	for _, s := range []string{"C" + strings.Repeat("有", 30), strings.Repeat("有效", 20), "CDPCF-2026-" + strings.Repeat("〇", 30)} {
		_, err := certification.ParseCertificateNumber(s)
		if err == nil {
			t.Fatalf("%q: accepted", s)
		}
		if msg := err.Error(); strings.Contains(msg, `\x`) || !strings.Contains(msg, "…") {
			t.Errorf("%q: the message quotes a split character or is not cut: %s", s, msg)
		}
	}
}

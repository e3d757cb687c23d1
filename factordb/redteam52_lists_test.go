package factordb_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a list leaves out a certificate record holding another
// certificate's signed content, and logs it once, as the single lookups
// refuse it (red team 52, TestRedteam52_AnotherCertificatesContentUnderAnID):
// read through the number index, the record was listed as the other
// certificate, which was so listed twice, once with the swapped record's
// status. The rest of the list is given, and a page is as full as it would
// be without it.
func TestRedteam52_ListsLeaveOutAnotherCertificatesContent(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, "GEC-RT52-LA")
	b := s.MustIssue(t, "GEC-RT52-LB")
	c := s.MustIssue(t, "GEC-RT52-LC")
	ac, bc := a.Certificate(), b.Certificate()
	s.mustSetStatus(t, ctx, ac.ID, certification.CertificateWithdrawn, "data falsified")
	s.mustSwapContent(t, a, b)

	log := captureLog(t)

	want := []string{bc.Number, c.Certificate().Number}
	list := func(what string, find func(f certification.CertificateFilter) ([]*certification.CertificateRecord, string, error)) {
		t.Helper()
		for _, limit := range []int{0, 1, 2} {
			log.Reset()
			var got []string
			f := certification.CertificateFilter{Limit: limit}
			for pages := 0; ; pages++ {
				recs, next, err := find(f)
				if err != nil {
					t.Fatalf("%s, limit %d: %v (one record's failure fails the list)", what, limit, err)
				}
				if limit > 0 && len(recs) < limit && next != "" {
					t.Errorf("%s, limit %d: a page of %d and a next page", what, limit, len(recs))
				}
				for _, rec := range recs {
					got = append(got, rec.Certificate().Number)
				}
				if next == "" || pages > 5 {
					break
				}
				f.Cursor = next
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s, limit %d: listed %v, want %v (%s holds %s's content)", what, limit, got, want, ac.Number, bc.Number)
			}
			if n := strings.Count(log.String(), "integrity failure"); n != 1 || !strings.Contains(log.String(), ac.Number) {
				t.Errorf("%s, limit %d: logged %d integrity failures naming %s, want 1:\n%s", what, limit, n, ac.Number, log.String())
			}
		}
	}
	list("FindCertificates", func(f certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
		return s.certs.FindCertificates(ctx, f)
	})
	list("FindFootprints", func(f certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
		return s.certs.FindFootprints(ctx, f, nil)
	})
	withdrawn := certification.CertificateWithdrawn
	recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Status: &withdrawn})
	if err != nil || len(recs) != 0 {
		t.Errorf("withdrawn certificates: %d, %v; want none (%s, withdrawn, holds %s's content)", len(recs), err, ac.Number, bc.Number)
	}
}

// mustSwapContent puts the signed content, signature and key of
// certificate from in the record of certificate under, its status and
// audit trail left alone (red team 52's forger), and its own back at
// cleanup, for Check.
func (s *services) mustSwapContent(t *testing.T, under, from *certification.CertificateRecord) {
	t.Helper()
	swap := func(from *certification.CertificateRecord) {
		t.Helper()
		if err := factordb.EditCertificateRecord(s.db, under.Certificate().ID, func(m map[string]any) {
			m["content"], m["signature"], m["key_id"] = from.Signed.Content, from.Signed.Signature, from.Signed.KeyID
		}); err != nil {
			t.Fatal(err)
		}
	}
	swap(from)
	t.Cleanup(func() { swap(under) })
}

// captureLog returns what the store logs (slog's default logger) until the
// test ends.
func captureLog(t *testing.T) *bytes.Buffer {
	var log bytes.Buffer
	was := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	t.Cleanup(func() { slog.SetDefault(was) })
	return &log
}

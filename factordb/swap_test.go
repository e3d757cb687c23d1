package factordb_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure the certificates of a product model (FindModelCertificates, the
// certifier's review of another holder's certificate of the model) leave
// out a current certificate whose record holds another certificate's
// signed content, and log it, as the lists do (red team 52's forger, open
// after it: the review read the record by ID through followLineage and
// showed the other certificate as the model's). At the end of a lineage
// too: the superseding certificate's record swapped.
func TestSwap_ModelCertificatesLeaveOutAnotherCertificatesContent(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, "GEC-SWAP-MA")
	b := s.MustIssue(t, "GEC-SWAP-MB")
	old := s.MustIssue(t, "GEC-SWAP-ML")
	next := s.MustSupersede(t, old)
	log := captureLog(t)
	s.mustSwapContent(t, a, b)
	s.mustSwapContent(t, next, b)
	for _, c := range []struct {
		what  string
		model string
	}{
		{"the model's own certificate", a.Certificate().Product.Model},
		{"the end of the model's lineage", old.Certificate().Product.Model},
	} {
		log.Reset()
		recs, err := s.certs.FindModelCertificates(ctx, c.model)
		if err != nil {
			t.Fatalf("%s: %v (one record's failure fails the review)", c.what, err)
		}
		for _, rec := range recs {
			t.Errorf("%s, model %q: listed %s (%s), whose content another record holds", c.what, c.model, rec.Certificate().Number, rec.Certificate().Product.Model)
		}
		if n := strings.Count(log.String(), "integrity failure"); n != 1 {
			t.Errorf("%s: logged %d integrity failures, want 1:\n%s", c.what, n, log)
		}
	}
}

// Ensure the certifier's review of an application whose holder has a
// certificate record holding another certificate's signed content leaves
// that record out of the holder's certificates it compares the study
// with, logged, as the lists do, rather than failing the review (red team
// 52's open item: the review answered the lookup's 409, so a record
// corrupted in the file stopped every application of its holder for the
// product).
func TestSwap_ReviewLeavesOutASwappedHolderRecord(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, "GEC-SWAP-PA")
	b := s.MustIssue(t, "GEC-SWAP-PB")
	s.mustSwapContent(t, a, b)
	log := captureLog(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-SWAP-PN") // another model of the same product
	app := &certification.Application{ID: uuid.New(), StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	recs, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil {
		t.Fatalf("review with %s's record holding %s's content: %v", a.Certificate().Number, b.Certificate().Number, err)
	}
	var got []string
	for _, p := range recs.Peers {
		got = append(got, p.Certificate().Number)
	}
	if len(got) != 1 || got[0] != b.Certificate().Number {
		t.Errorf("peers %v, want %s alone", got, b.Certificate().Number)
	}
	if n := strings.Count(log.String(), "integrity failure"); n != 1 {
		t.Errorf("logged %d integrity failures, want 1:\n%s", n, log)
	}
}

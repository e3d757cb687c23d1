package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// flaggedCPCD is a CPCD material factor the plausibility check flags:
// 556.1 kgCO2e/kg against a median of 1.7 kgCO2e/kg of its peers.
const flaggedCPCD = "CPCD-01344X0052017A"

// flaggedStudy is cpcdStudy with a fourth BOM line, bom[3], using
// flaggedCPCD.
func flaggedStudy(tb testing.TB) *footprint.Study {
	tb.Helper()
	st := cpcdStudy(tb, "CN-YN", "CPCD-17100H1562020A")
	l := *st.BOM[1]
	l.Name, l.Factor, l.Quantity = "Flagged material", flaggedCPCD, 0.001
	st.BOM = append(st.BOM, &l)
	return st
}

// assertFlagRefused checks that err is EINVALID naming bom[3].factor and
// saying that a curator must review the flag.
func assertFlagRefused(tb testing.TB, err error) {
	tb.Helper()
	assertInvalid(tb, err, "bom[3].factor")
	if msg := footprint.ErrorMessage(err); !strings.Contains(msg, flaggedCPCD) || !strings.Contains(msg, "a curator must review the flag first") {
		tb.Fatalf("message %q", msg)
	}
}

// mustReview reviews the flag of flaggedCPCD in the published CPCD set as
// a curator.
func (s *services) mustReview(tb testing.TB) {
	tb.Helper()
	flags, err := s.factors.AcknowledgeFactorFlags(context.Background(), cpcd.SetVersion, []string{flaggedCPCD}, "checked against CPCD: the source gives this value per kg")
	if err != nil {
		tb.Fatal(err)
	}
	for _, fl := range flags {
		if fl.Code == flaggedCPCD && !fl.Reviewed() {
			tb.Fatalf("flag after review: %+v", fl.Acknowledgement)
		}
	}
}

// Ensure a CPCD factor whose flag only the loader acknowledged is for
// previews (with a warning naming the flag, its value and the peers'
// median) and never stored in a study; a curator's review of the
// published set, which changes neither its factors nor its digest, makes
// it certifiable (issue 15, issue 9).
func TestCPCD_UnreviewedFlag(t *testing.T) {
	ctx := context.Background()

	t.Run("PreviewWarnsStoreRefused", func(t *testing.T) {
		s := MustOpenServices(t)
		s.mustLoadCPCD(t)
		s.MustCreateOrgs(t)
		flags, err := s.factors.FindFactorFlags(ctx, cpcd.SetVersion)
		if err != nil {
			t.Fatal(err)
		}
		if open := factorlib.Unreviewed(flags); len(open) != len(flags) || len(flags) == 0 {
			t.Fatalf("%d of %d flags unreviewed after loading", len(open), len(flags))
		}

		st := flaggedStudy(t)
		res, err := s.studies.CalculateStudy(ctx, st)
		if err != nil {
			t.Fatalf("preview: %v", err)
		}
		var warned bool
		for _, w := range res.Warnings {
			if w.Path == "bom[3].factor" && strings.Contains(w.Message, flaggedCPCD) && strings.Contains(w.Message, "556.1 kgCO2e/kg") && strings.Contains(w.Message, "median 1.7 kgCO2e/kg") {
				warned = true
			}
		}
		if !warned {
			t.Fatalf("preview warnings %+v", res.Warnings)
		}

		_, err = s.studies.CreateStudy(ctx, st)
		assertFlagRefused(t, err)
		if st.ID != "" {
			t.Fatalf("study ID %q after the refusal", st.ID)
		}
		if _, n, err := s.studies.FindStudies(ctx, footprint.StudyFilter{}); err != nil || n != 0 {
			t.Fatalf("studies after the refusal: %d %v", n, err)
		}

		before, err := s.factors.FindFactorSetByVersion(ctx, cpcd.SetVersion)
		if err != nil {
			t.Fatal(err)
		}
		s.mustReview(t)
		after, err := s.factors.FindFactorSetByVersion(ctx, cpcd.SetVersion)
		if err != nil {
			t.Fatal(err)
		}
		if after.Digest != before.Digest || after.FactorCount != before.FactorCount || !after.PublishedAt.Equal(before.PublishedAt) {
			t.Fatalf("set after the review: %+v, before %+v", after, before)
		}
		res, err = s.studies.CreateStudy(ctx, st)
		if err != nil {
			t.Fatalf("after the review: %v", err)
		}
		for _, w := range res.Warnings {
			if strings.Contains(w.Message, "plausibility flag") {
				t.Errorf("warning after the review: %+v", w)
			}
		}
		s.mustIssueStudy(t, st.ID, orgMaker)
		// The review is audited.
		action := factorlib.AuditFactorSetAcknowledge
		events, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Action: &action})
		var reviewed bool
		for _, e := range events {
			reviewed = reviewed || strings.Contains(e.Detail, "reviewed by a curator") && strings.Contains(e.Detail, flaggedCPCD)
		}
		if err != nil || !reviewed {
			t.Fatalf("audit %+v %v", events, err)
		}
	})

	t.Run("ExistingStudyRefusedAtApplyAndIssue", func(t *testing.T) {
		// A database written before reviews were told apart: the loader's
		// acknowledgement (no kind, the loader's note) and a study stored
		// with the flagged factor, one applied for.
		s := MustOpenServices(t)
		s.mustLoadCPCD(t)
		s.MustCreateOrgs(t)
		s.mustReview(t)
		applied := flaggedStudy(t)
		if _, err := s.studies.CreateStudy(ctx, applied); err != nil {
			t.Fatal(err)
		}
		app := &certification.Application{StudyID: applied.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		if err := s.certs.CreateApplication(ctx, app); err != nil {
			t.Fatal(err)
		}
		st := flaggedStudy(t)
		if _, err := s.studies.CreateStudy(ctx, st); err != nil {
			t.Fatal(err)
		}
		if err := factordb.PutLegacyAck(s.db, cpcd.SetVersion, flaggedCPCD, "loaded by pcf as the source publishes it (CPCD); not reviewed by a curator"); err != nil {
			t.Fatal(err)
		}
		flags, err := s.factors.FindFactorFlags(ctx, cpcd.SetVersion)
		if err != nil {
			t.Fatal(err)
		}
		for _, fl := range flags {
			if fl.Code == flaggedCPCD && (fl.Acknowledgement == nil || fl.Reviewed()) {
				t.Fatalf("legacy loader acknowledgement read as %+v", fl.Acknowledgement)
			}
		}

		assertFlagRefused(t, s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}))
		_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
		assertFlagRefused(t, err)
		if certs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{}); err != nil || len(certs) != 0 {
			t.Fatalf("certificates after the refusal: %d %v", len(certs), err)
		}

		// A legacy record with a curator's note is a review.
		if err := factordb.PutLegacyAck(s.db, cpcd.SetVersion, flaggedCPCD, "checked against the source"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.certs.IssueCertificate(ctx, app.ID, issueReq); err != nil {
			t.Fatalf("after a curator's legacy acknowledgement: %v", err)
		}
	})
}

package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed"
)

// draftSet is the draft of the draft-set tests, a copy of the seed set.
const draftSet = "2026.9"

// mustDraftStudy stores a demo study of orgMaker and pins it to a new
// draft copy of the seed set, as a database written before studies against
// drafts were refused may hold one.
func (s *services) mustDraftStudy(tb testing.TB, serial string) *footprint.Study {
	tb.Helper()
	st := s.MustCreateStudy(tb, orgMaker, serial)
	MustCreateFactorSet(tb, s.factors, draftSet, seed.SetVersion)
	if err := factordb.RepinStudy(s.db, st.ID, draftSet); err != nil {
		tb.Fatal(err)
	}
	return st
}

// assertFactorSetRefused checks that err is EINVALID naming factor_set.
func assertFactorSetRefused(tb testing.TB, err error) {
	tb.Helper()
	assertInvalid(tb, err, "factor_set")
}

// assertInvalid checks that err is EINVALID naming field.
func assertInvalid(tb testing.TB, err error, field string) {
	tb.Helper()
	assertCode(tb, err, footprint.EINVALID)
	if f := footprint.ErrorField(err); f != field {
		tb.Fatalf("field %q, want %s (%v)", f, field, err)
	}
}

func TestCertificationService_DraftFactorSet(t *testing.T) {
	ctx := context.Background()

	t.Run("StoreRefused", func(t *testing.T) {
		// Ensure a study pinned to a draft is not stored: nothing is
		// written, no green-power serial claimed; the preview still runs.
		s := MustOpenServices(t)
		MustCreateFactorSet(t, s.factors, draftSet, seed.SetVersion)
		st := demoStudy(t, orgMaker, "GEC-DRAFT-0")
		st.FactorSet = draftSet
		if _, err := s.studies.CalculateStudy(ctx, st); err != nil {
			t.Fatalf("preview against the draft: %v", err)
		}
		_, err := s.studies.CreateStudy(ctx, st)
		assertCode(t, err, footprint.EINVALID)
		if f := footprint.ErrorField(err); f != "factor_set" || st.ID != "" {
			t.Fatalf("field %q, study ID %q (%v)", f, st.ID, err)
		}
		if studies, n, err := s.studies.FindStudies(ctx, footprint.StudyFilter{}); err != nil || n != 0 || len(studies) != 0 {
			t.Fatalf("studies after the refusal: %d %v", n, err)
		}
		if claims, err := s.studies.FindGreenClaims(ctx, "GEC-DRAFT-0"); err != nil || len(claims) != 0 {
			t.Fatalf("claims after the refusal: %v %v", claims, err)
		}
		MustPublishFactorSet(t, s.factors, draftSet)
		if _, err := s.studies.CreateStudy(ctx, st); err != nil {
			t.Fatalf("after publication: %v", err)
		}
	})

	t.Run("ApplyRefused", func(t *testing.T) {
		// Ensure a study stored against a draft cannot be applied for.
		s := MustOpenWithOrgs(t)
		st := s.mustDraftStudy(t, "GEC-DRAFT-1")
		app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		assertFactorSetRefused(t, s.certs.CreateApplication(ctx, app))
		apps, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{})
		if err != nil || len(apps) != 0 {
			t.Fatalf("applications after the refusal: %v %v", apps, err)
		}
	})

	t.Run("IssueRefused", func(t *testing.T) {
		// Ensure the issue transaction checks again: an application made
		// before the rule, for a study against a draft, is not issued.
		s := MustOpenWithOrgs(t)
		app := s.MustApply(t, "GEC-DRAFT-2")
		MustCreateFactorSet(t, s.factors, draftSet, seed.SetVersion)
		if err := factordb.RepinStudy(s.db, app.StudyID, draftSet); err != nil {
			t.Fatal(err)
		}
		_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		assertFactorSetRefused(t, err)
		certs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{})
		if err != nil || len(certs) != 0 {
			t.Fatalf("certificates after the refusal: %d %v", len(certs), err)
		}
	})

	t.Run("PublishedSinceUnchanged", func(t *testing.T) {
		// Ensure a study calculated against a draft that was then
		// published as it was is certifiable: its values are the set's.
		s := MustOpenWithOrgs(t)
		st := s.mustDraftStudy(t, "GEC-DRAFT-3")
		MustPublishFactorSet(t, s.factors, draftSet)
		s.mustIssueStudy(t, st.ID, orgMaker)
	})

	t.Run("PublishedSinceChanged", func(t *testing.T) {
		// Ensure a study calculated against a draft whose factor was
		// edited before publication is refused: the certificate would
		// carry a number the published set does not give.
		s := MustOpenWithOrgs(t)
		st := s.mustDraftStudy(t, "GEC-DRAFT-4")
		stored, err := s.studies.FindStudyByID(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		code := stored.Result.Factors[0].Code
		f, err := s.factors.FindFactorByCode(ctx, draftSet, code)
		if err != nil {
			t.Fatal(err)
		}
		f.Value /= 2
		MustImportFactors(t, s.factors, draftSet, f)
		MustPublishFactorSet(t, s.factors, draftSet)
		app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		err = s.certs.CreateApplication(ctx, app)
		assertFactorSetRefused(t, err)
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, code) || !strings.Contains(msg, "recalculate") {
			t.Fatalf("message %q: want the factor and the way out", msg)
		}
	})
}

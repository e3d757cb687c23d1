package factordb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a stored study whose stored figure is not what today's engine
// gives is refused at application, and at issue when the application was
// made before (docs/integrity.md "Studies already stored").
func TestCertificationService_RecalculatesStoredStudy(t *testing.T) {
	ctx, s := mustStart(t)

	// At issue: the application was made while the figure was right.
	app := s.MustApply(t, "GEC-RECHECK-1")
	if err := factordb.ScaleStoredResult(s.db, app.StudyID, 0.5); err != nil {
		t.Fatal(err)
	}
	_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "result" || !strings.Contains(footprint.ErrorMessage(err), "recalculates") {
		t.Fatalf("issue on a stored figure today's engine does not give: err=%v, want invalid naming result", err)
	}
	if got, _ := s.certs.FindApplicationByID(ctx, app.ID); got.Status != certification.ApplicationPending {
		t.Fatalf("application %s after a refused issue, want pending", got.Status)
	}
	// The figure as it was, for Check at cleanup: the pending
	// application's index entry holds the study's figure.
	if err := factordb.ScaleStoredResult(s.db, app.StudyID, 2); err != nil {
		t.Fatal(err)
	}

	// At application.
	st := s.MustCreateStudy(t, orgMaker, "GEC-RECHECK-2")
	if err := factordb.ScaleStoredResult(s.db, st.ID, 2); err != nil {
		t.Fatal(err)
	}
	err = s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "result" {
		t.Fatalf("application on a stored figure today's engine does not give: err=%v, want invalid naming result", err)
	}
}

// Ensure a correction published after the application refuses the issue,
// naming the factor and the set that corrected it, and that a study pinned
// to the correcting set is certified.
func TestCertificationService_CorrectedAfterApplication(t *testing.T) {
	ctx, s := mustStart(t)
	app := s.MustApply(t, "GEC-CORR-1")
	const code = "PV-CELL-MONO182"
	s.mustPublishCorrection(t, code, 1.5) // in set 2026.2

	_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "factor_set" || !strings.Contains(footprint.ErrorMessage(err), code) || !strings.Contains(footprint.ErrorMessage(err), "2026.2") {
		t.Fatalf("issue on a corrected factor: %v, want invalid naming factor_set, %s and 2026.2", err, code)
	}
	st := s.MustCreateStudy(t, orgMaker, "GEC-CORR-2", func(st *footprint.Study) { st.FactorSet = "2026.2" })
	app2 := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.IssueCertificate(ctx, app2.ID, issueReq); err != nil {
		t.Fatal(err)
	}
}

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
		if claims, err := s.studies.FindGreenClaims(ctx, "GEC-DRAFT-0-000001"); err != nil || len(claims) != 0 {
			t.Fatalf("claims after the refusal: %v %v", claims, err)
		}
		MustPublishFactorSet(t, s.factors, draftSet)
		if _, err := s.studies.CreateStudy(ctx, st); err != nil {
			t.Fatalf("after publication: %v", err)
		}
	})

	t.Run("ApplyRefused", func(t *testing.T) {
		// Ensure a study stored against a draft cannot be applied for.
		ctx, s := mustStart(t)
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
		ctx, s := mustStart(t)
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
		ctx, s := mustStart(t)
		st := s.mustDraftStudy(t, "GEC-DRAFT-4")
		stored := s.mustFindStudy(t, st.ID)
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
	flags, err := s.factors.AcknowledgeFactorFlags(context.Background(), cpcd.SetVersion, seenNow(tb, s.factors, cpcd.SetVersion, flaggedCPCD), "checked against CPCD: the source gives this value per kg")
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
		s := mustOpenWithCPCD(t)
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
		events, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &action})
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
		s := mustOpenWithCPCD(t)
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

// Ensure a study cannot be certified on a factor set whose factor a newer
// published set corrected upwards, without a word. Published sets never
// change, and nothing retires an older one: after a curator publishes a
// set correcting a factor (here the PV cell factor doubled, based on the
// seed set), a manufacturer keeps pinning the older set and is certified
// on the uncorrected, lower value; the application is accepted, the
// certifier's review shows no warning and the certificate is issued.
// Set shopping also works between parallel sets (the curated set and
// CPCD-2026.03): the study pins whichever gives the lower figure.
func TestRedteam_CorrectedFactorInNewerSet(t *testing.T) {
	ctx, s := mustStart(t)
	const code = "PV-CELL-MONO182"
	old, fixed := s.mustPublishCorrection(t, code, 2) // in set 2026.2

	st := s.MustCreateStudy(t, orgMaker, "GEC-RT-FS-1") // pinned to the seed set
	if st.FactorSet != seed.SetVersion {
		t.Fatalf("study pins %s", st.FactorSet)
	}
	app, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
	if err == nil {
		_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
	}
	if err == nil || !strings.Contains(footprint.ErrorMessage(err), code) {
		t.Fatalf("certified on %s %s = %v although published set 2026.2 corrected it to %v: %v", seed.SetVersion, code, old.Value, fixed.Value, err)
	}
}

// Ensure a study is not certified on a factor that a newer published set
// replaced under a new code. A correction under the same code is refused
// (TestRedteam_CorrectedFactorInNewerSet), but a curator who publishes the
// corrected value as a new factor and marks the old one superseded by it
// (the PV cell factor doubled, as PV-CELL-MONO182-R1, in set 2026.2 based
// on the seed set) leaves the old code with its old value: the comparison
// by code found nothing changed, and a study pinning the seed set was
// certified on the replaced value, with an empty review. The same holds
// for a factor the pinned set itself marks superseded (the engine warns;
// the issue went ahead).
func TestRedteam3_FactorSupersededUnderNewCode(t *testing.T) {
	const code, successor = "PV-CELL-MONO182", "PV-CELL-MONO182-R1"
	for _, tt := range []struct {
		name, pins string // the set the study pins
	}{
		{"in-a-newer-set", seed.SetVersion},
		{"in-the-pinned-set", correctedSet}, // the study uses the superseded code: a warning
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, s := mustStart(t)
			old, err := s.factors.FindFactorByCode(ctx, seed.SetVersion, code)
			if err != nil {
				t.Fatal(err)
			}
			// Set 2026.2, based on the seed set, corrects the factor under
			// a new code and marks the old one superseded by it.
			MustCreateFactorSet(t, s.factors, correctedSet, seed.SetVersion)
			replaced, fixed := *old, *old
			replaced.Set, replaced.Status, replaced.SupersededBy = correctedSet, footprint.StatusSuperseded, successor
			fixed.Set, fixed.Code, fixed.Value = correctedSet, successor, old.Value*2
			MustImportFactors(t, s.factors, correctedSet, &replaced, &fixed)
			MustPublishFactorSet(t, s.factors, correctedSet)

			st := s.MustCreateStudy(t, orgMaker, "GEC-RT3-FS-1", func(st *footprint.Study) { st.FactorSet = tt.pins })
			app, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
			if err == nil {
				_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
			}
			if err == nil || footprint.ErrorField(err) != "factor_set" || !strings.Contains(footprint.ErrorMessage(err), successor) {
				t.Fatalf("certified on set %s, %s = %v, although published set %s superseded it by %s = %v: %v", tt.pins, code, old.Value, correctedSet, successor, fixed.Value, err)
			}
		})
	}
}

// Ensure a study stored before an integrity rule existed is not certified
// after the upgrade that brought the rule. Applications and the issue
// transaction certify the stored result as it was computed; they never
// run today's engine on the stored study, so every hole closed since a
// study was stored stays open for it. docs/integrity.md says such a study
// "is refused if it is calculated again: it was not certifiable", but
// nothing calculates it again.
//
// testdata/premassbalance.db.gz was written by pcf serve built at
// a2ab8de^ (before the declared-unit mass balance): the demo PV module
// study with declared_unit.amount 1000 and its one-module BOM, stored by
// Demo Module Co. (150 kgCO2e per 1000 modules, 1000 times too little).
// The service of today issued it a format-3 certificate, CDPCF-2026-000001,
// "150 kgCO2e/1000 块组件", with an empty review.
func TestRedteam_StoredStudyMeetsTodaysRules(t *testing.T) {
	ctx := context.Background()
	db := MustOpenTestdataDB(t, "premassbalance.db.gz")
	certs := factordb.NewCertificationService(db)
	const studyID = "99bc2971-a7a2-4df0-9e25-6c5bb7a18926"
	app := &certification.Application{StudyID: studyID, Manufacturer: "Demo Module Co.", Certifier: "Demo Certification Centre"}
	err := certs.CreateApplication(ctx, app)
	if err == nil {
		var rec *certification.CertificateRecord
		rec, err = certs.IssueCertificate(ctx, app.ID, issueReq)
		if err == nil {
			c := rec.Certificate()
			t.Fatalf("certified %s: %g kgCO2e per %g %s from a one-module BOM", c.Number, c.KgCO2e, c.DeclaredUnit.Amount, c.DeclaredUnit.Unit)
		}
	}
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "declared_unit" {
		t.Fatalf("refused, but not as today's engine refuses the study (400 naming declared_unit): %v", err)
	}
}

// Ensure a study stored before a warning rule existed is not certified on
// the warnings stored with it (red team 14: the application and the issue
// recalculated it with today's engine but compared its figures only, and
// the review lists the stored result's warnings). Live: the demo module with its
// cells as a PACT footprint at 5 kgCO2e/kg, stored by the program before
// commit 9d12c00, was certified at 74.7 kgCO2e (157.3 with the set's
// cells) after the upgrade with only the generic "taken to be in a
// supplier footprint" warning; stored today the same study carries "no
// factor of set 2026.1 of its product is per kg to compare it with". Here
// the demo study's stored warnings are removed, as an older engine stored
// none of them: the application is refused, naming result and the
// warning, until the study is stored again.
func TestRedteam14_StoredWarningsAreTheReviewsWarnings(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-RT14-1")
	if st.Result == nil || len(st.Result.Warnings) == 0 {
		t.Fatal("the demo study has no warning to lose")
	}
	n := len(st.Result.Warnings)
	if err := factordb.StripStoredWarnings(s.db, st.ID); err != nil {
		t.Fatal(err)
	}
	got := s.mustFindStudy(t, st.ID)
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	err := s.certs.CreateApplication(ctx, app)
	if footprint.ErrorField(err) == "result" && strings.Contains(err.Error(), "a warning its stored result lacks") {
		return
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err != nil {
		t.Fatalf("refused at issue only: %v", err)
	}
	t.Errorf("study stored with %d warnings today, read back with %d, applied for and issued as %s at %.1f kgCO2e: today's warnings are not recomputed",
		n, len(got.Result.Warnings), rec.Certificate().Number, got.Result.KgCO2e)
}

// Ensure a study stored before warnings had their Chinese (message_zh) is
// applied for and issued as before: today's engine gives the same warnings
// with their Chinese, and the stored result's are compared on path and
// English message.
func TestRecalculated_StoredWarningsWithoutChinese(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-WARNZH-1")
	if st.Result == nil || len(st.Result.Warnings) == 0 || st.Result.Warnings[0].MessageZH == "" {
		t.Fatal("the demo study has no warning with Chinese to lose")
	}
	if err := factordb.StripStoredWarningsZH(s.db, st.ID); err != nil {
		t.Fatal(err)
	}
	got := s.mustFindStudy(t, st.ID)
	for _, w := range got.Result.Warnings {
		if w.MessageZH != "" {
			t.Fatalf("stored warning at %s still has its Chinese", w.Path)
		}
	}
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatalf("a study stored without the warnings' Chinese is refused: %v", err)
	}
	if _, err := s.certs.IssueCertificate(ctx, app.ID, issueReq); err != nil {
		t.Fatalf("issue: %v", err)
	}
}

// Ensure a study stored with another primary-data share than today's
// engine gives is not certified with it. A supplier certificate of this
// service counted as primary data in full, whatever primary-data share it
// signs, until red team 50: the demo laptop on a board maker's certificate
// of 0 % primary data was stored with a share of 36.9 % instead of 0 %. The
// application and the issue compared the total, stage and per-unit figures
// only, so such a study was certified with its stored share, printed on the
// certificate and passed on in its PACT export, and its signed supplier
// list, which now carries the supplier's share, would recompute to
// another result. Here the demo study's stored share is raised, as an
// older engine stored it: the application is refused naming result, until
// the study is stored again.
func TestRedteam50_StoredPrimaryShareIsTodays(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-RT50-1")
	if err := factordb.SetStoredPrimaryShare(s.db, st.ID, st.Result.PrimaryDataSharePct+36.9); err != nil {
		t.Fatal(err)
	}
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	err := s.certs.CreateApplication(ctx, app)
	if err == nil {
		rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		if err == nil {
			t.Fatalf("a stored primary-data share of %.1f %% (today %.1f %%) applied for and issued as %s, printing %.1f %%", st.Result.PrimaryDataSharePct+36.9, st.Result.PrimaryDataSharePct, rec.Certificate().Number, rec.Certificate().PrimaryDataSharePct)
		}
	}
	if footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "primary-data share") || !strings.Contains(err.Error(), "初级数据占比") {
		t.Fatalf("refused, but not naming result and the primary-data share, bilingual: %v", err)
	}
}

// Ensure a study stored before product.site_region existed, with a
// provincial grid mix (CPCD's Yunnan 碳足迹 factor, CN-YN) on its site's
// electricity, is still read, and is refused at application naming
// product.site_region: nothing machine-readable says the site is in
// Yunnan, so the figure may be another province's grid (red team 51).
func TestRedteam51_StoredProvincialGridWithoutSiteRegion(t *testing.T) {
	ctx := context.Background()
	s, st, b := mustStoreWithoutSiteRegion(t)
	old, err := s.studies.FindStudyByID(ctx, st.ID)
	if err != nil || old.Product.SiteRegion != "" || old.Electricity[0].Geography != "CN-YN" || !bytes.Equal(old.Document, b) {
		t.Fatalf("the study stored before is not read as stored: %v", err)
	}
	if err := s.refusedToCertify(t, st.ID, "a Yunnan grid mix on a site nothing places"); footprint.ErrorField(err) != "product.site_region" || !strings.Contains(err.Error(), "stored before the rule") {
		t.Fatalf("refused %v; want product.site_region, saying it was stored before the rule", err)
	}
}

// Ensure a study whose stored DQR or DQR coverage is not what today's
// engine gives is refused at application naming result, bilingual: a study
// stored while a supplier certificate's DQR rated the buyer's whole line,
// whatever share of its own figure it covered, stored a coverage raised by
// the supplier's part, which the certificate would print (red team 51).
func TestRedteam51_StoredDQRCoverageIsTodays(t *testing.T) {
	for _, field := range []string{"dqr_coverage_pct", "dqr"} {
		t.Run(field, func(t *testing.T) {
			_, s := mustStart(t)
			st := s.MustCreateStudy(t, orgMaker, "GEC-RT51-"+field)
			if err := factordb.EditStoredDataQuality(s.db, st.ID, field, func(v float64) float64 { return v * 0.9 }); err != nil {
				t.Fatal(err)
			}
			if err := s.refusedToCertify(t, st.ID, "a stored "+field+" of 0.9 × today's"); footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "DQR") || !strings.Contains(err.Error(), "数据质量") {
				t.Fatalf("refused, but not naming result and the DQR, bilingual: %v", err)
			}
		})
	}
}

// Ensure a study whose stored uncertainty range is not what today's engine
// gives is refused at application naming result: the certificate prints
// the stored range, and a range stored before a rule widened it (red team
// 33: a supplier certificate's ±100 % counted at ±10 %) would be printed
// narrower than the data allow.
func TestRedteam51_StoredRangeIsTodays(t *testing.T) {
	_, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-RT51-RANGE")
	if err := factordb.EditStoredResult(s.db, st.ID, func(r map[string]any) {
		u := r["uncertainty"].(map[string]any)
		med := u["median_kgco2e"].(float64)
		u["low_kgco2e"], u["high_kgco2e"] = med*0.95, med*1.05
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.refusedToCertify(t, st.ID, fmt.Sprintf("a stored range of ±5 %% (today %.2f–%.2f)", st.Result.Uncertainty.LowKgCO2e, st.Result.Uncertainty.HighKgCO2e)); footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "range") || !strings.Contains(err.Error(), "区间") {
		t.Fatalf("refused, but not naming result and the range, bilingual: %v", err)
	}
}

// refusedToCertify applies for study studyID of orgMaker with orgCertifier
// and issues it, and returns the refusal; a certificate issued fails the
// test with what it prints.
func (s *services) refusedToCertify(t *testing.T, studyID, what string) error {
	t.Helper()
	app := &certification.Application{StudyID: studyID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(t.Context(), app); err != nil {
		return err
	}
	rec, err := s.certs.IssueCertificate(t.Context(), app.ID, issueReq)
	if err == nil {
		c := rec.Certificate()
		t.Fatalf("%s: certificate %s issued at %.3f kgCO2e, DQR %.3f over %.2f %% of it, range %+v", what, c.Number, c.KgCO2e, c.DQR, c.DQRCoveragePct, c.Uncertainty)
	}
	return err
}

// Ensure a study whose stored result differs from today's in a figure the
// certificate prints beside its total (packaging included, the cut-off's
// share, the electricity approach and grid factors) is refused at
// application naming result: the certificate prints the stored result's,
// which a rule added since (red team 24: "packaging included" by a token
// line) may have changed.
func TestRedteam51_StoredPrintedFiguresAreTodays(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r map[string]any)
	}{
		{"packaging_included", func(r map[string]any) {
			rs := r["reported_separately"].(map[string]any)
			rs["packaging_included"] = !rs["packaging_included"].(bool)
		}},
		{"cut_off", func(r map[string]any) {
			co := r["cut_off"].(map[string]any)
			co["exempted_pct"], co["exempted_mass_pct"] = co["exempted_pct"].(float64)/2, co["exempted_mass_pct"].(float64)/2
		}},
		{"electricity.approach", func(r map[string]any) { r["electricity"].(map[string]any)["approach"] = footprint.ElectricityGrid }},
		{"electricity.grid_factors", func(r map[string]any) {
			r["electricity"].(map[string]any)["grid_factors"] = []any{}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, s := mustStart(t)
			st := s.MustCreateStudy(t, orgMaker, "GEC-RT51-P-"+strings.ReplaceAll(tc.name, ".", "-"))
			if err := factordb.EditStoredResult(s.db, st.ID, tc.edit); err != nil {
				t.Fatal(err)
			}
			if err := s.refusedToCertify(t, st.ID, "a stored "+tc.name+" not today's"); footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), tc.name) {
				t.Fatalf("refused, but not naming result and %s: %v", tc.name, err)
			}
		})
	}
}

// Red team 57: a study whose stored recycling credits (reported apart from
// the total, signed by format 7 and printed "回收抵扣 Recycling credits")
// differ from what today's engine gives is refused at application naming
// result, as the other figures a certificate prints beside its total are
// (red team 51): on the base the demo laptop's −4.3365 kgCO2e stored as
// ten times that was issued with the stored credits, and the total alone
// was compared.
func TestRedteam57_StoredCreditsAreTodays(t *testing.T) {
	_, s := mustStart(t)
	st := seedtest.Study(t, "laptop")
	st.Owner, st.Product.Manufacturer = orgMaker, orgMaker
	if _, err := s.studies.CreateStudy(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if st.Result.CreditsKgCO2e >= 0 {
		t.Fatalf("the laptop study has no recycling credits (%g): not the fixture this test needs", st.Result.CreditsKgCO2e)
	}
	if err := factordb.EditStoredResult(s.db, st.ID, func(r map[string]any) {
		rs := r["reported_separately"].(map[string]any)
		rs["credits_kgco2e"] = rs["credits_kgco2e"].(float64) * 10
	}); err != nil {
		t.Fatal(err)
	}
	err := s.refusedToCertify(t, st.ID, "stored credits ten times today's")
	if footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "credits_kg_co2e") {
		t.Fatalf("refused, but not naming result and credits_kg_co2e: %v", err)
	}
}

// mustStoreWithoutSiteRegion stores a study on CPCD's Yunnan grid mix
// (CN-YN) and writes its document back without product.site_region, as a
// study stored before that field existed; it returns the store, the study
// and the document as written.
func mustStoreWithoutSiteRegion(t *testing.T) (*services, *footprint.Study, []byte) {
	t.Helper()
	ctx := t.Context()
	s := mustOpenWithCPCD(t)
	st := cpcdStudy(t, "CN-YN", "CPCD-17100H1562020A")
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	stored := s.mustFindStudy(t, st.ID)
	var doc map[string]any
	if err := json.Unmarshal(stored.Document, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc["product"].(map[string]any), "site_region")
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.SetStudyDocument(s.db, st.ID, b); err != nil {
		t.Fatal(err)
	}
	return s, st, b
}

// Ensure the refusal of a study stored before a rule, which today's
// engine refuses, says it in both languages, each half in its own: it
// was in English only, with the engine's bilingual refusal, Chinese and
// all, inside it.
func TestRecheck_StoredBeforeTheRuleInEachLanguage(t *testing.T) {
	s, st, _ := mustStoreWithoutSiteRegion(t)
	err := s.refusedToCertify(t, st.ID, "a Yunnan grid mix on a site nothing places")
	msg := footprint.ErrorMessage(err)
	zh, en, ok := strings.Cut(msg, "。study "+st.ID+" does not pass today's integrity checks")
	if !ok {
		t.Fatalf("message %q, want its Chinese, then its English", msg)
	}
	if hasHan(en) || !strings.Contains(en, "the study does not say where its site is") || !strings.Contains(en, "stored before the rule") {
		t.Errorf("English %q, want the engine's refusal in English, and no Chinese", en)
	}
	if !strings.Contains(zh, "研究未给出生产场地所在的省级地区") || !strings.Contains(zh, "在此项规则之前存储") || strings.Contains(zh, "does not say") {
		t.Errorf("Chinese %q, want the engine's refusal in Chinese, and no English", zh)
	}
}

package factordb_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed"
)

// lookAlikeModel is a model certification.CheckPrintable refuses, naming
// product.model: full-width digits print as the ASCII ones.
const lookAlikeModel = "DEMO-M10-５４"

// wantPrintChecks fails unless certification.CheckPrintable ran read
// times in read transactions and never in a write transaction on the
// study CountCheckPrintable counts; what says when. It sets the counts
// to zero.
func wantPrintChecks(tb testing.TB, what string, read, write interface {
	Swap(int64) int64
}, want int64) {
	tb.Helper()
	if r, w := read.Swap(0), write.Swap(0); r != want || w != 0 {
		tb.Fatalf("%s: CheckPrintable ran %d times before the write transaction and %d times in it, want %d and 0", what, r, w, want)
	}
}

// setStoredHalfUnit writes a declared unit of half a product into the
// stored document of study st, bypassing the write path, as a study stored
// before a rule of what a certificate prints may hold one
// (certification.CheckPrintable refuses it, naming declared_unit.amount;
// the model, which indexes hold, is left as it is).
func setStoredHalfUnit(tb testing.TB, s *services, st *footprint.Study) {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(factordb.StoredStudyDocument(s.db, st.ID), &doc); err != nil {
		tb.Fatal(err)
	}
	doc["declared_unit"].(map[string]any)["amount"] = 0.5
	b, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	if err := factordb.SetStudyDocument(s.db, st.ID, b); err != nil {
		tb.Fatal(err)
	}
}

// wantPrintRefusal fails unless err is the refusal
// certification.CheckPrintable gives on study studyID as it is stored:
// EINVALID, the same field and message.
func wantPrintRefusal(tb testing.TB, s *services, studyID string, err error) {
	tb.Helper()
	stored := s.mustFindStudy(tb, studyID)
	want := certification.CheckPrintable(stored)
	if want == nil {
		tb.Fatalf("CheckPrintable accepts the stored study; the test means one it refuses")
	}
	assertInvalid(tb, err, footprint.ErrorField(want))
	if got, want := footprint.ErrorMessage(err), footprint.ErrorMessage(want); got != want {
		tb.Fatalf("message %q, want CheckPrintable's %q", got, want)
	}
}

// Ensure an application and an issue run certification.CheckPrintable
// (about 2.7 ms: BenchmarkCheckPrintable) once, before the write
// transaction, and not again in it, where it held the store's writer lock
// (issue 14 item 3). Before, each ran it twice, once in each.
func TestCertificationService_CheckPrintableOncePerRequest(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-PV-1")
	read, write := factordb.CountCheckPrintable(t, st.ID)
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	wantPrintChecks(t, "application", read, write, 1)
	if _, err := s.certs.IssueCertificate(ctx, app.ID, issueReq); err != nil {
		t.Fatal(err)
	}
	wantPrintChecks(t, "issue", read, write, 1)
}

// Ensure a study whose certificate would print misleadingly is still
// refused at application and at issue with CheckPrintable's field and
// message, its answer found once, before the write transaction: at
// application a study stored with a look-alike model, at issue an
// application made before its stored document had one (a study stored
// before the rule). Nothing is stored.
func TestCertificationService_UnprintableRefusedOnce(t *testing.T) {
	t.Run("Application", func(t *testing.T) {
		ctx, s := mustStart(t)
		st := s.MustCreateStudy(t, orgMaker, "GEC-PV-2", func(st *footprint.Study) { st.Product.Model = lookAlikeModel })
		read, write := factordb.CountCheckPrintable(t, st.ID)
		_, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
		wantPrintChecks(t, "application", read, write, 1)
		wantPrintRefusal(t, s, st.ID, err)
		if apps, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{}); err != nil || len(apps) != 0 {
			t.Fatalf("applications after the refusal: %v %v", apps, err)
		}
	})
	t.Run("Issue", func(t *testing.T) {
		ctx, s := mustStart(t)
		app := s.MustApply(t, "GEC-PV-3")
		st := s.mustFindStudy(t, app.StudyID)
		setStoredHalfUnit(t, s, st)
		read, write := factordb.CountCheckPrintable(t, st.ID)
		_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		wantPrintChecks(t, "issue", read, write, 1)
		wantPrintRefusal(t, s, st.ID, err)
		if certs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{}); err != nil || len(certs) != 0 {
			t.Fatalf("certificates after the refusal: %d %v", len(certs), err)
		}
		if got, err := s.certs.FindApplicationByID(ctx, app.ID); err != nil || got.Status != certification.ApplicationPending {
			t.Fatalf("application after the refusal: %+v %v, want it pending", got, err)
		}
	})
}

// Ensure a study refused both by its factor set and by what its
// certificate would print is named by its set, at application and at
// issue, as before the check moved out of the write transaction: the set's
// checks come first (certifiableStudy).
func TestCertificationService_SetRefusalBeforePrintRefusal(t *testing.T) {
	t.Run("Application", func(t *testing.T) {
		ctx, s := mustStart(t)
		st := s.MustCreateStudy(t, orgMaker, "GEC-PV-4", func(st *footprint.Study) { st.Product.Model = lookAlikeModel })
		MustCreateFactorSet(t, s.factors, draftSet, seed.SetVersion)
		if err := factordb.RepinStudy(s.db, st.ID, draftSet); err != nil {
			t.Fatal(err)
		}
		_, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
		assertFactorSetRefused(t, err)
	})
	t.Run("Issue", func(t *testing.T) {
		ctx, s := mustStart(t)
		app := s.MustApply(t, "GEC-PV-5")
		st := s.mustFindStudy(t, app.StudyID)
		MustCreateFactorSet(t, s.factors, draftSet, seed.SetVersion)
		if err := factordb.RepinStudy(s.db, st.ID, draftSet); err != nil {
			t.Fatal(err)
		}
		setStoredHalfUnit(t, s, st) // after RepinStudy, which recalculates the result of the document
		_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		assertFactorSetRefused(t, err)
	})
}

// Ensure the answer found before the write transaction is given only for
// the stored study it was found on: a study whose stored document changed
// between the two transactions (a test's edit; a stored study never
// changes otherwise) is checked again in the write transaction, and its
// new document refused; an unchanged one is not checked again.
func TestCertificationService_PrintVerdictOfTheSameStudy(t *testing.T) {
	s := MustOpenWithOrgs(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-PV-6")
	read, write := factordb.CountCheckPrintable(t, st.ID)
	err, terr := factordb.CheckPrintableAcross(s.db, st.ID, func() error { return nil })
	if terr != nil || err != nil {
		t.Fatalf("unchanged: %v (%v), want printable", err, terr)
	}
	wantPrintChecks(t, "unchanged", read, write, 1)
	err, terr = factordb.CheckPrintableAcross(s.db, st.ID, func() error {
		setStoredHalfUnit(t, s, st)
		return nil
	})
	if terr != nil {
		t.Fatal(terr)
	}
	if r, w := read.Swap(0), write.Swap(0); r != 1 || w != 1 {
		t.Fatalf("changed: CheckPrintable ran %d times before the write transaction and %d times in it, want once in each", r, w)
	}
	wantPrintRefusal(t, s, st.ID, err)
}

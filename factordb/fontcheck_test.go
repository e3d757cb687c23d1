package factordb_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// noFontModel starts a product model the test font check refuses.
const noFontModel = "NOFONT-"

// refuseNoFont is a stand-in for labels.Renderer.CheckStudy: it refuses,
// naming product.model as the renderer names a field, a study whose model
// starts with noFontModel, when on is nil or true.
func refuseNoFont(on *atomic.Bool) func(context.Context, *footprint.Study) error {
	return func(_ context.Context, st *footprint.Study) error {
		if (on == nil || on.Load()) && strings.HasPrefix(st.Product.Model, noFontModel) {
			return footprint.FieldErrorf(footprint.EINVALID, "product.model", "characters not in the certificate font: test")
		}
		return nil
	}
}

// wantFontChecks fails unless the font check ran read times in read
// transactions and write times in write transactions on the study
// CountCheckStudyFonts counts; what says when. It sets the counts to zero.
func wantFontChecks(tb testing.TB, what string, read, write *atomic.Int64, wantRead, wantWrite int64) {
	tb.Helper()
	if r, w := read.Swap(0), write.Swap(0); r != wantRead || w != wantWrite {
		tb.Fatalf("%s: the font check ran %d times before the write transaction and %d times in it, want %d and %d", what, r, w, wantRead, wantWrite)
	}
}

// Ensure an application runs the font check (CheckStudy) once, before the
// write transaction, and not in it, where it held the store's writer lock;
// a study the check refuses is refused with its error and nothing is
// stored.
func TestCertificationService_CheckStudyBeforeTheWrite(t *testing.T) {
	ctx, s := mustStart(t)
	s.certs.CheckStudy = refuseNoFont(nil)

	st := s.MustCreateStudy(t, orgMaker, "FONT-1")
	read, write := factordb.CountCheckStudyFonts(t, st.ID)
	if _, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil); err != nil {
		t.Fatal(err)
	}
	wantFontChecks(t, "accepted", read, write, 1, 0)

	bad := s.MustCreateStudy(t, orgMaker, "FONT-2", func(st *footprint.Study) { st.Product.Model = noFontModel + "2" })
	read, write = factordb.CountCheckStudyFonts(t, bad.ID)
	_, err := s.apply(ctx, orgMaker, bad.ID, uuid.Nil)
	assertInvalid(t, err, "product.model")
	wantFontChecks(t, "refused", read, write, 1, 0)
	apps, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{StudyID: &bad.ID})
	if err != nil || len(apps) != 0 {
		t.Fatalf("applications of the refused study: %v %v", apps, err)
	}
}

// Ensure the font check's refusal keeps its place among an application's
// refusals, as when it ran inside the write transaction: after an unknown
// certifier and after what the certificate would print
// (certification.CheckPrintable), before a pending application of the
// study.
func TestCertificationService_CheckStudyRefusalOrder(t *testing.T) {
	t.Run("UnknownCertifierFirst", func(t *testing.T) {
		ctx, s := mustStart(t)
		s.certs.CheckStudy = refuseNoFont(nil)
		st := s.MustCreateStudy(t, orgMaker, "FONT-3", func(st *footprint.Study) { st.Product.Model = noFontModel + "3" })
		err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: "No Such Certifier"})
		if got, want := footprint.ErrorCode(err), footprint.ENOTFOUND; got != want || footprint.ErrorField(err) != "certifier" {
			t.Fatalf("err %v (code %s, field %q), want %s naming certifier", err, got, footprint.ErrorField(err), want)
		}
	})
	t.Run("PrintRefusalFirst", func(t *testing.T) {
		ctx, s := mustStart(t)
		s.certs.CheckStudy = func(context.Context, *footprint.Study) error {
			return footprint.FieldErrorf(footprint.EINVALID, "product.name", "characters not in the certificate font: test")
		}
		st := s.MustCreateStudy(t, orgMaker, "FONT-4", func(st *footprint.Study) { st.Product.Model = lookAlikeModel })
		_, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
		wantPrintRefusal(t, s, st.ID, err)
	})
	t.Run("BeforePendingConflict", func(t *testing.T) {
		ctx, s := mustStart(t)
		var on atomic.Bool
		s.certs.CheckStudy = refuseNoFont(&on)
		st := s.MustCreateStudy(t, orgMaker, "FONT-5", func(st *footprint.Study) { st.Product.Model = noFontModel + "5" })
		if _, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil); err != nil {
			t.Fatal(err)
		}
		on.Store(true) // a renderer with another font
		_, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
		assertInvalid(t, err, "product.model")
	})
}

// Ensure the font check's answer found before the write transaction is
// given only for the stored study it was found on: a study whose stored
// document changed between the two transactions (a test's edit; a stored
// study never changes otherwise) is checked again in the write
// transaction, and its new document refused; an unchanged one is not
// checked again.
func TestCertificationService_FontVerdictOfTheSameStudy(t *testing.T) {
	s := MustOpenWithOrgs(t)
	st := s.MustCreateStudy(t, orgMaker, "FONT-6")
	read, write := factordb.CountCheckStudyFonts(t, st.ID)
	check := refuseNoFont(nil)
	err, terr := factordb.CheckStudyFontsAcross(s.db, st.ID, check, func() error { return nil })
	if terr != nil || err != nil {
		t.Fatalf("unchanged: %v (%v), want accepted", err, terr)
	}
	wantFontChecks(t, "unchanged", read, write, 1, 0)
	err, terr = factordb.CheckStudyFontsAcross(s.db, st.ID, check, func() error {
		var doc map[string]any
		if err := json.Unmarshal(factordb.StoredStudyDocument(s.db, st.ID), &doc); err != nil {
			return err
		}
		doc["product"].(map[string]any)["model"] = noFontModel + "6"
		b, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		return factordb.SetStudyDocument(s.db, st.ID, b)
	})
	if terr != nil {
		t.Fatal(terr)
	}
	wantFontChecks(t, "changed", read, write, 1, 1)
	assertInvalid(t, err, "product.model")
}

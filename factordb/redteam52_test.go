package factordb_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// lowerTenfold returns c with every figure of its content a tenth, so that
// it is still a certificate (red team 49's edit of a stored record).
func lowerTenfold(c *certification.Certificate) certification.Certificate {
	edited := *c
	edited.KgCO2e /= 10
	edited.Stages = slices.Clone(edited.Stages)
	for i := range edited.Stages {
		edited.Stages[i].KgCO2e /= 10
	}
	edited.PerUnit = slices.Clone(edited.PerUnit)
	for i := range edited.PerUnit {
		edited.PerUnit[i].KgCO2e /= 10
	}
	edited.Factors = slices.Clone(edited.Factors)
	for i := range edited.Factors {
		edited.Factors[i].KgCO2e /= 10
	}
	for _, p := range []**float64{&edited.FossilKgCO2e, &edited.BiogenicKgCO2e} {
		if *p != nil {
			v := **p / 10
			*p = &v
		}
	}
	if u := edited.Uncertainty; u != nil {
		v := *u
		v.LowKgCO2e, v.MedianKgCO2e, v.HighKgCO2e = v.LowKgCO2e/10, v.MedianKgCO2e/10, v.HighKgCO2e/10
		edited.Uncertainty = &v
	}
	return edited
}

// Ensure a supplier certificate whose stored record fails the service's own
// signature check carries no figure into a study (red team 52, red team
// 49's open item). Whoever can write the file lowered a supplier
// certificate's figures to a tenth under its signature: its verification
// said "签名未通过验证", and the issue refused it (red team 49), but a
// buyer's study was calculated, stored and previewed on the lowered figure
// as if it were sound, with no word of it: the buyer's own figure, shown
// to its customers as a preview, was a tenth of the supplier's part.
func TestRedteam52_EditedSupplierRecordReachesAPreview(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT52-SUP")
	edited := lowerTenfold(sup.Certificate())
	editContentUnderSignature(t, s, sup, edited)
	want := func(what string, err error) {
		t.Helper()
		assertCode(t, err, footprint.ECONFLICT)
		msg := footprint.ErrorMessage(err)
		if !strings.Contains(msg, edited.Number) || !strings.Contains(msg, "签名未通过验证") || !strings.Contains(msg, "signature") {
			t.Errorf("%s: %s, want the supplier certificate named as failing its signature check, in both languages", what, msg)
		}
		if what != "lookup" && !strings.HasSuffix(footprint.ErrorField(err), ".supplier") {
			t.Errorf("%s: field %q, want the BOM line naming the supplier", what, footprint.ErrorField(err))
		}
	}
	for _, ref := range []string{edited.Number, edited.ID.String()} {
		st := demoStudy(t, orgMaker2, "GEC-RT52-BUY")
		st.BOM = append(st.BOM, &footprint.BOMLine{Name: "supplied junction box", Quantity: 1, Unit: footprint.MustParseUnit("piece"), Stage: "A1", Supplier: ref})
		res, err := s.studies.CalculateStudy(ctx, st)
		if err == nil {
			t.Fatalf("preview on %s edited under its signature: %g kgCO2e, the lowered figure taken as sound", ref, res.KgCO2e)
		}
		want("preview", err)
		_, err = s.studies.CreateStudy(ctx, st)
		want("store", err)
		_, err = s.certs.FindSupplierFootprints(ctx, []string{ref})
		want("lookup", err)
	}
}

// Ensure no certificate is issued on a supplier certificate whose signed
// validity has ended, whatever its stored record says of its expiry (red
// team 52). The issue judged a supplier's expiry by the record's own
// expires_at, a copy kept for the indexes, which no signature covers:
// whoever can write the file moved it on by ten years, and a buyer's
// study, applied for while the supplier was valid, was certified after the
// supplier expired, on a figure its certificate no longer vouches for. Its
// content, and so its signature, were left as they were.
func TestRedteam52_SupplierExpiryEditedOutsideItsSignature(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT52-EXP")
	c := sup.Certificate()
	app := s.mustApplyBuyer(t, "GEC-RT52-EXB", c.Number)
	if err := factordb.EditCertificateRecord(s.db, c.ID, func(m map[string]any) {
		m["expires_at"] = c.ExpiresAt.AddDate(10, 0, 0).UTC().Format(time.RFC3339Nano)
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // put back, for Check at cleanup
		if err := factordb.EditCertificateRecord(s.db, c.ID, func(m map[string]any) { m["expires_at"] = c.ExpiresAt.UTC().Format(time.RFC3339Nano) }); err != nil {
			t.Error(err)
		}
	})
	after := c.ExpiresAt.Add(24 * time.Hour)
	s.db.Now = func() time.Time { return after }
	rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err == nil {
		t.Fatalf("issued %s on %s, whose signed validity ended %s, its record's expiry moved on", rec.Certificate().Number, c.Number, c.ExpiresAt)
	}
	assertCode(t, err, footprint.ECONFLICT)
	if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "suppliers" || !strings.Contains(msg, c.Number) || !strings.Contains(msg, "expired") {
		t.Fatalf("issue on an expired supplier: %s (field %q), want the supplier named as expired", msg, footprint.ErrorField(err))
	}
}

// Ensure a certificate's record is found by its ID and number only when its
// signed content is that certificate (red team 52). Whoever can write the
// file put a valid certificate's signed content, signature and key under a
// withdrawn certificate's ID, number left as they were: the label of the
// withdrawn certificate, scanned, opened a page of a certificate whose
// signature verifies, and a study naming the withdrawn certificate's
// number as a supplier took the other's figure under that number. The
// status and its audit trail were left alone, so the trail's check found
// nothing either.
func TestRedteam52_AnotherCertificatesContentUnderAnID(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, "GEC-RT52-A")
	b := s.MustIssue(t, "GEC-RT52-B")
	ac, bc := a.Certificate(), b.Certificate()
	s.mustSwapContent(t, a, b)
	log := captureLog(t)
	want := func(what string, rec *certification.CertificateRecord, err error) {
		t.Helper()
		if n := strings.Count(log.String(), "integrity failure"); n != 1 {
			t.Errorf("%s of %s: logged %d integrity failures, want 1:\n%s", what, ac.Number, n, log)
		}
		log.Reset()
		if err == nil {
			t.Errorf("%s of %s: certificate %s (%s), another certificate's content under its ID", what, ac.Number, rec.Certificate().Number, rec.Certificate().ID)
			return
		}
		// Answered as a record failing the signature check is (a 409 on
		// the field signature, "签名未通过验证"), so that the withdrawn
		// certificate's QR code opens a clear answer, not an internal
		// error; logged by the store as the integrity failure it is.
		assertCode(t, err, footprint.ECONFLICT)
		if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "signature" || !strings.Contains(msg, "签名未通过验证") || !strings.Contains(msg, "signature not verified") || strings.Contains(msg, bc.Number) {
			t.Errorf("%s of %s: %q (field %q), want field signature, bilingual, not naming the certificate whose content it holds", what, ac.Number, msg, footprint.ErrorField(err))
		}
	}
	rec, err := s.certs.FindCertificateByID(ctx, ac.ID)
	want("lookup by ID", rec, err)
	rec, err = s.certs.FindCertificateByNumber(ctx, ac.Number)
	want("lookup by number", rec, err)
	for _, ref := range []string{ac.Number, ac.ID.String()} {
		rec, err = s.certs.FindCertificateByRef(ctx, ref)
		want("lookup as a supplier reference "+ref, rec, err)
		if sf, err := s.certs.FindSupplierFootprints(ctx, []string{ref}); err == nil {
			t.Errorf("supplier footprint %s: %+v, another certificate's figure", ref, sf[ref])
		}
		log.Reset() // logged too
	}
	// The other is found as itself.
	if rec, err := s.certs.FindCertificateByNumber(ctx, bc.Number); err != nil || rec.Certificate().ID != bc.ID {
		t.Fatalf("lookup of %s: %v", bc.Number, err)
	}
}

// Ensure a reinstatement does not clear a supplier flag raised while the
// certificate was suspended (red team 52). A buyer's certificate was
// suspended for a matter of its own; meanwhile the supplier certificate
// its figure rests on was withdrawn, which flagged it; its certifier then
// reinstated it for the matter it was suspended for, and the reinstatement
// cleared the flag: the certificate read plainly valid again, gave its
// documents and served as a supplier, on withdrawn data nobody reviewed.
// A suspension clears the flags standing when it is made (its certifier
// acted on the certificate as it stood); a reinstatement answers the
// suspension, and a flag raised since waits for a review.
func TestRedteam52_ReinstatementClearsAFlagRaisedWhileSuspended(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT52-RS").Certificate()
	buyer := s.MustIssueBuyer(t, "GEC-RT52-RB", sup.Number).Certificate()
	s.mustSetStatus(t, ctx, buyer.ID, certification.CertificateSuspended, "surveillance audit: site records incomplete")
	s.mustSetStatus(t, ctx, sup.ID, certification.CertificateWithdrawn, "supplier data falsified")
	rec, err := s.certs.SetCertificateStatus(ctx, buyer.ID, certification.CertificateValid, "site records completed")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.SupplierFlags) != 1 || rec.SupplierFlags[0].Certificate != sup.ID || rec.SupplierFlags[0].Status != certification.CertificateWithdrawn {
		t.Fatalf("reinstated %s with flags %+v: the withdrawal of its supplier %s while it was suspended is not flagged", buyer.Number, rec.SupplierFlags, sup.Number)
	}
	if _, err := s.certs.ReviewCertificate(ctx, buyer.ID, "the supplier's share re-examined"); err != nil {
		t.Fatalf("the flag is reviewed as any other: %v", err)
	}
}

// editContentUnderSignature puts edited as certificate sup's content in its
// record, leaving its signature (an edit of the file no signature covers),
// and puts the signed content back at cleanup, for Check.
func editContentUnderSignature(t *testing.T, s *services, sup *certification.CertificateRecord, edited certification.Certificate) {
	t.Helper()
	content, err := edited.MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.EditCertificateRecord(s.db, edited.ID, func(m map[string]any) { m["content"] = content }); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := factordb.EditCertificateRecord(s.db, edited.ID, func(m map[string]any) { m["content"] = sup.Signed.Content }); err != nil {
			t.Error(err)
		}
	})
}

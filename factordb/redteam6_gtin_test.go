package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// gtinA is a GTIN-14 with a correct GS1 check digit (2).
const gtinA = "06901234567892"

// mustGTINStudy stores a demo study of owner (claiming serial) with GTIN
// gtin.
func (s *services) mustGTINStudy(tb testing.TB, owner, serial, gtin string) *footprint.Study {
	tb.Helper()
	st := demoStudy(tb, owner, serial)
	st.Product.GTIN = gtin
	if _, err := s.studies.CreateStudy(context.Background(), st); err != nil {
		tb.Fatal(err)
	}
	return st
}

// wantGTINConflict fails unless err is ECONFLICT naming product.gtin and
// the certificate number.
func wantGTINConflict(tb testing.TB, what string, err error, number string) {
	tb.Helper()
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "product.gtin" || !strings.Contains(footprint.ErrorMessage(err), number) {
		tb.Fatalf("%s: %v, want ECONFLICT naming product.gtin and %s", what, err, number)
	}
}

// Ensure a GTIN with a wrong GS1 check digit is refused when applying. A
// study could carry any 8, 12, 13 or 14 digits: a mistyped or invented
// GTIN was certified and printed, naming another product or none.
func TestRedteam6_GTINCheckDigitAtApplication(t *testing.T) {
	s := MustOpenWithOrgs(t)
	st := s.mustGTINStudy(t, orgMaker, "GEC-GTIN-D", "06901234567893")
	_, err := s.apply(context.Background(), orgMaker, st.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.gtin" {
		t.Fatalf("applied: %v, want EINVALID naming product.gtin", err)
	}
}

// Ensure a GTIN on a standing certificate of one holder is refused to
// another, when applying and when issuing. Manufacturer B certified its
// product under manufacturer A's GTIN, so that whoever looked the GTIN up
// (a buyer, a regulator, a PACT productIds filter) found B's footprint
// presented as A's product. The holder's own reissue and new studies stay
// allowed, and a withdrawn certificate holds the GTIN no longer.
func TestRedteam6_GTINOfAnotherHolder(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	// B applies first, while A has no certificate yet.
	early := s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-E", gtinA)
	pending, err := s.apply(ctx, orgMaker2, early.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	a := s.mustIssueStudy(t, s.mustGTINStudy(t, orgMaker, "GEC-GTIN-A", gtinA).ID, orgMaker)
	number := a.Certificate().Number

	_, err = s.certs.IssueCertificate(ctx, pending.ID, issueReq)
	wantGTINConflict(t, "issued to B", err, number)
	for _, gtin := range []string{gtinA, "6901234567892"} { // the same GTIN as GTIN-13
		b := s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-B"+gtin[:1], gtin)
		_, err := s.apply(ctx, orgMaker2, b.ID, uuid.Nil)
		wantGTINConflict(t, "B applied with "+gtin, err, number)
	}

	// A's own: a new revision, and another study of the product.
	a2 := s.MustSupersede(t, a)
	a3 := s.mustIssueStudy(t, s.mustGTINStudy(t, orgMaker, "GEC-GTIN-A2", gtinA).ID, orgMaker)

	// Once A's certificates no longer stand, B may.
	withdraw := func(rec *certification.CertificateRecord) {
		if _, err := s.certs.SetCertificateStatus(ctx, rec.Certificate().ID, certification.CertificateWithdrawn, "test"); err != nil {
			t.Fatal(err)
		}
	}
	withdraw(a2)
	_, err = s.apply(ctx, orgMaker2, s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-W", gtinA).ID, uuid.Nil)
	wantGTINConflict(t, "B applied, one of A's withdrawn", err, a3.Certificate().Number)
	withdraw(a3)
	b := s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-C", gtinA)
	s.mustIssueStudy(t, b.ID, orgMaker2)
}

// Ensure a database written before the GTIN index gets it at Open: the
// certificates already issued hold their GTINs.
func TestRedteam6_GTINIndexMigrated(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := s.mustIssueStudy(t, s.mustGTINStudy(t, orgMaker, "GEC-GTIN-M", gtinA).ID, orgMaker)
	if err := factordb.DropCertificateGTINs(s.db); err != nil {
		t.Fatal(err)
	}
	if err := factordb.Init(s.db); err != nil { // what Open does
		t.Fatal(err)
	}
	b := s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-N", gtinA)
	_, err := s.apply(context.Background(), orgMaker2, b.ID, uuid.Nil)
	wantGTINConflict(t, "B applied after migration", err, a.Certificate().Number)
}

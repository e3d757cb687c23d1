package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure an application and the issue of a certificate refuse a stored
// study whose supplier PACT footprint its owner has since replaced
// (another footprint it stored names it in precedingPfIds), ECONFLICT
// naming the BOM line's supplier and the replacement, nothing written;
// that another organisation's replacement does not count; and that the
// upload, or fetch, of a footprint after its replacement is refused,
// EINVALID naming pact_footprint.id and the last replacement, nothing
// stored (red team 21).
func TestCertificationService_ReplacedPACTFootprintCertifiedOrUploadedLate(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a, b := asOrg(orgMaker), asOrg(orgMaker2)
	const (
		idA = "3c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		idB = "4c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		idC = "5c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		idX = "6c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		idY = "7c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	)
	save := func(ctx context.Context, doc []byte) {
		t.Helper()
		if _, _, err := s.certs.SaveSupplierFootprint(ctx, doc, ""); err != nil {
			t.Fatal(err)
		}
	}
	conflict := func(what string, err error, line string) {
		t.Helper()
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != line ||
			!strings.Contains(msg, "The supplier footprint pact:"+idA) || !strings.Contains(msg, "is replaced by pact:"+idC+", stored on ") || !strings.Contains(msg, "pact:"+idB+" names pact:"+idA) {
			t.Errorf("%s: %v (field %q), want ECONFLICT on %s naming pact:%s, the last of the chain", what, err, footprint.ErrorField(err), line, idC)
		}
	}

	save(a, pactDocV3(idA, "4.2"))
	early, line := pactStudy(t, orgMaker, "GEC-RPL2-ISSUE", idA)
	late, _ := pactStudy(t, orgMaker, "GEC-RPL2-APPLY", idA)
	other, _ := pactStudy(t, orgMaker, "GEC-RPL2-OTHER", idA)
	for _, st := range []*footprint.Study{early, late, other} {
		if _, err := s.studies.CreateStudy(a, st); err != nil {
			t.Fatal(err)
		}
	}
	app, err := s.apply(context.Background(), orgMaker, early.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	// Another organisation's replacement replaces nothing of orgMaker's.
	save(b, replacingDoc(idB, "8.4", idA))
	if _, err := s.apply(context.Background(), orgMaker, other.ID, uuid.Nil); err != nil {
		t.Fatalf("replaced by another organisation's footprint: %v", err)
	}

	// The upload (and the fetch: the same store) of a replaced
	// footprint after its replacement.
	save(a, replacingDoc(idB, "8.4", idA))
	save(a, replacingDoc(idC, "9.0", idB))
	save(a, replacingDoc(idY, "8.4", idX)) // idX never stored
	before := s.auditCount(t)
	for _, source := range []string{"", "https://pact.supplier.example/2/footprints"} {
		for _, tt := range []struct {
			what, id, by string
			doc          []byte
		}{
			{"never stored", idX, idY, pactDocV3(idX, "4.2")},
			{"stored before its replacement, again", idA, idC, pactDocV3(idA, "4.2")},
			{"a replacement replaced since", idB, idC, pactDocV3(idB, "4.2")},
		} {
			_, _, err := s.certs.SaveSupplierFootprint(a, tt.doc, source)
			if msg := footprint.ErrorMessage(err); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "pact_footprint.id" ||
				!strings.Contains(msg, "The PACT footprint pact:"+tt.id+" is replaced by pact:"+tt.by+", stored on ") {
				t.Errorf("%s, uploaded after its replacement (source %q): %v (field %q), want EINVALID on pact_footprint.id naming pact:%s", tt.what, source, err, footprint.ErrorField(err), tt.by)
			}
		}
	}
	if _, err := s.certs.FindPACTSupplier(context.Background(), &footprint.Study{Owner: orgMaker}, "pact:"+idX); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("the refused footprint was stored: %v", err)
	}
	if _, _, err := s.certs.SaveSupplierFootprint(b, pactDocV3(idC, "9.0"), ""); err != nil {
		t.Errorf("another organisation's footprint with the id of one orgMaker stored: %v", err)
	}
	if n := s.auditCount(t); n != before+1 {
		t.Errorf("audit events %d → %d, want one (orgMaker2's upload)", before, n)
	}

	// The application, and the issue on the application made before.
	before = s.auditCount(t)
	_, err = s.apply(context.Background(), orgMaker, late.ID, uuid.Nil)
	conflict("application", err, line)
	_, err = s.certs.IssueCertificate(context.Background(), app.ID, issueReq)
	conflict("issue", err, line)
	if n := s.auditCount(t); n != before {
		t.Errorf("audit events %d → %d: something was written", before, n)
	}
	// The review still reads the footprint the study used.
	if sup, err := s.certs.FindPACTSupplier(context.Background(), early, "pact:"+idA); err != nil || sup.Footprint.KgCO2e != 4.2 {
		t.Errorf("review of the stored study: %+v, %v", sup, err)
	}
}

package factordb_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
)

// The supplier PACT footprints of the tests of replaced footprints, each
// test in a database of its own.
const (
	idA = "3e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	idB = "4e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	idC = "5e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	idD = "6e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	idE = "7e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	idF = "8e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
)

// mustOpenReplaced is the set-up of the tests of replaced footprints:
// MustOpenWithOrgs, orgMaker's and orgMaker2's contexts (asOrg), and save,
// which stores a footprint document as the caller of ctx.
func mustOpenReplaced(t *testing.T) (s *services, a, b context.Context, save func(ctx context.Context, doc []byte)) {
	t.Helper()
	s = MustOpenWithOrgs(t)
	save = func(ctx context.Context, doc []byte) {
		t.Helper()
		if _, _, err := s.certs.SaveSupplierFootprint(ctx, doc, ""); err != nil {
			t.Fatal(err)
		}
	}
	return s, asOrg(orgMaker), asOrg(orgMaker2), save
}

// replacingDoc is pactDocV3(id, figure) naming preceding in
// precedingPfIds.
func replacingDoc(id, figure string, preceding ...string) []byte {
	return bytes.Replace(pactDocV3(id, figure), []byte(`"status":"Active",`),
		[]byte(`"status":"Active","precedingPfIds":["`+strings.Join(preceding, `","`)+`"],`), 1)
}

// Ensure a supplier's PACT footprint that another footprint its owner
// stored replaces (names it in precedingPfIds) is refused in a new
// calculation, EINVALID naming the BOM line and the replacement (the last
// of a chain), while a footprint another organisation stored does not
// replace it, a document naming itself replaces nothing, a cycle ends,
// the stored study's review still reads the footprint it used, and a file
// written before the index has it built at Open (red team 21).
func TestCertificationService_ReplacedPACTFootprint(t *testing.T) {
	s, a, b, save := mustOpenReplaced(t)
	calc := func(ctx context.Context, owner, id string) (string, error) {
		t.Helper()
		st, line := pactStudy(t, owner, "GEC-RPL-"+id[:2], id)
		_, err := s.studies.CalculateStudy(ctx, st)
		return line, err
	}
	usable := func(what string, ctx context.Context, owner, id string) {
		t.Helper()
		if _, err := calc(ctx, owner, id); err != nil {
			t.Errorf("%s: pact:%s refused: %v", what, id, err)
		}
	}
	replaced := func(what, id, by string, names ...string) {
		t.Helper()
		line, err := calc(a, orgMaker, id)
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != line ||
			!strings.Contains(msg, "The supplier footprint pact:"+id+" is replaced by pact:"+by+", stored on ") || !strings.HasSuffix(msg, ": use it") {
			t.Errorf("%s: %v, want EINVALID on %s naming pact:%s", what, err, line, by)
		}
		for _, n := range names {
			if !strings.Contains(msg, n) {
				t.Errorf("%s: %q does not say %q", what, msg, n)
			}
		}
	}

	save(a, pactDocV3(idA, "4.2"))
	stored, _ := pactStudy(t, orgMaker, "GEC-RPL-STORED", idA)
	if _, err := s.studies.CreateStudy(a, stored); err != nil {
		t.Fatal(err)
	}
	save(b, pactDocV3(idA, "4.2"))
	save(b, replacingDoc(idD, "8.4", idA)) // another organisation's replacement
	usable("replaced by another organisation's footprint", a, orgMaker, idA)

	save(a, replacingDoc(idB, "8.4", idA))
	replaced("replaced", idA, idB, "(precedingPfIds: pact:"+idB+" names pact:"+idA+")")
	usable("the replacement", a, orgMaker, idB)
	usable("the other organisation's own", b, orgMaker2, idD)
	if _, err := calc(b, orgMaker2, idA); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("orgMaker2's own replacement of its footprint: %v, want EINVALID", err)
	}

	// The stored study keeps the footprint it was calculated with: the
	// review reads it (and warns, api).
	if sup, err := s.certs.FindPACTSupplier(context.Background(), stored, "pact:"+idA); err != nil || sup.Footprint.KgCO2e != 4.2 {
		t.Errorf("review of the stored study: %+v, %v", sup, err)
	}

	// A chain, and a document that names itself beside what it replaces.
	save(a, replacingDoc(idC, "9.0", idB, idC))
	replaced("chain", idA, idC, "(precedingPfIds: pact:"+idB+" names pact:"+idA+", pact:"+idC+" names pact:"+idB+")")
	replaced("chain, second", idB, idC)
	usable("naming itself", a, orgMaker, idC)

	// A cycle ends. The upload refuses its second document (a
	// footprint already replaced); a file written before that refusal
	// may hold both, and Open indexes them.
	save(a, replacingDoc(idD, "8.4", idE))
	if _, _, err := s.certs.SaveSupplierFootprint(a, replacingDoc(idE, "8.4", idD), ""); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "pact_footprint.id" {
		t.Errorf("the second of a cycle, uploaded after the first: %v, want EINVALID naming pact_footprint.id", err)
	}
	mustRun(t, s.db, factordb.DropPACTReplaced)
	save(a, replacingDoc(idE, "8.4", idD))
	mustRun(t, s.db, factordb.Init)
	replaced("cycle", idD, idE)

	// An entry that is not a footprint id: refused, nothing stored.
	before := s.auditCount(t)
	if _, _, err := s.certs.SaveSupplierFootprint(a, replacingDoc(idF, "8.4", "JB-1 v1"), ""); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "pact_footprint.precedingPfIds[0]" {
		t.Errorf("a precedingPfIds entry that is not a UUID: %v", err)
	}
	if _, err := calc(a, orgMaker, idF); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("the refused document was stored: %v", err)
	}
	if n := s.auditCount(t); n != before {
		t.Errorf("audit events %d → %d", before, n)
	}

	// A file written before the index: Open builds it from the stored
	// documents.
	mustRun(t, s.db, factordb.DropPACTReplaced)
	usable("without the index", a, orgMaker, idA)
	mustRun(t, s.db, factordb.Init) // what Open does
	replaced("index built", idA, idC, "pact:"+idC+" names pact:"+idB)
	usable("index built, other organisation", b, orgMaker2, idD)
}

// Ensure an application and the issue of a certificate refuse a stored
// study whose supplier PACT footprint its owner has since replaced
// (another footprint it stored names it in precedingPfIds), ECONFLICT
// naming the BOM line's supplier and the replacement, nothing written;
// that another organisation's replacement does not count; and that the
// upload, or fetch, of a footprint after its replacement is refused,
// EINVALID naming pact_footprint.id and the last replacement, nothing
// stored (red team 21).
func TestCertificationService_ReplacedPACTFootprintCertifiedOrUploadedLate(t *testing.T) {
	s, a, b, save := mustOpenReplaced(t)
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
	save(a, replacingDoc(idE, "8.4", idD)) // idD never stored
	before := s.auditCount(t)
	for _, source := range []string{"", "https://pact.supplier.example/2/footprints"} {
		for _, tt := range []struct {
			what, id, by string
			doc          []byte
		}{
			{"never stored", idD, idE, pactDocV3(idD, "4.2")},
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
	if _, err := s.certs.FindPACTSupplier(context.Background(), &footprint.Study{Owner: orgMaker}, "pact:"+idD); footprint.ErrorCode(err) != footprint.ENOTFOUND {
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

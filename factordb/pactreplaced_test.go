package factordb_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

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
	s := MustOpenWithOrgs(t)
	a, b := asOrg(orgMaker), asOrg(orgMaker2)
	const (
		idA = "3e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		idB = "4e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		idC = "5e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		idD = "6e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		idE = "7e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	)
	save := func(ctx context.Context, doc []byte) {
		t.Helper()
		if _, _, err := s.certs.SaveSupplierFootprint(ctx, doc, ""); err != nil {
			t.Fatal(err)
		}
	}
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
	const idF = "8e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
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

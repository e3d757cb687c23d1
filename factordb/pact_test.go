package factordb_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactDocV2 is a PACT 2 footprint of a junction box in version, figure
// kgCO2e per kilogram (test data for a fictitious supplier).
func pactDocV2(id string, version int, figure string) []byte {
	return footprinttest.SupplierPACT2(id, version, figure)
}

// pactDocV3 is the same footprint in PACT 3.
func pactDocV3(id, figure string) []byte {
	return []byte(`{"id":"` + id + `","specVersion":"3.0.0","created":"2025-01-15T00:00:00Z","status":"Active",
 "companyName":"Supplier AG","productNameCompany":"JB-1 junction box",
 "pcf":{"declaredUnitOfMeasurement":"kilogram","declaredUnitAmount":"1","pcfExcludingBiogenicUptake":"` + figure + `",
  "ipccCharacterizationFactors":["AR6"],
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}

func asOrg(org string) context.Context {
	return access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: org, Role: access.RoleManufacturer})
}

// pactStudy is the demo study of owner with one more line, bom[n], using
// 0.2 kg of the supplier's PACT footprint id.
func pactStudy(t *testing.T, owner, serial, id string) (*footprint.Study, string) {
	t.Helper()
	st := demoStudy(t, owner, serial)
	line := "bom[" + strconv.Itoa(len(st.BOM)) + "].supplier"
	st.BOM = append(st.BOM, &footprint.BOMLine{Name: "junction box", Quantity: 0.2, Unit: footprint.MustParseUnit("kg"), Stage: "A1", Supplier: "pact:" + id})
	return st, line
}

// pactUse returns the result's supplier entry of the PACT footprint id.
func pactUse(t *testing.T, res *footprint.Result, id string) *footprint.SupplierUse {
	t.Helper()
	for _, u := range res.Suppliers {
		if u.ID == "pact:"+id {
			return u
		}
	}
	t.Fatalf("the result has no supplier entry pact:%s: %+v", id, res.Suppliers)
	return nil
}

// Ensure a supplier's PACT footprint belongs to the organisation that
// stored it (issue 11 "In", cross-tenant): another manufacturer's upload
// of the same id never supplies the numbers of a study, whose pact:<id>
// is then not found, naming the BOM line; and the study's owner can store
// its own document with that id afterwards (no 409), which its studies
// use while the other's keep theirs.
func TestCertificationService_PACTFootprintsPerOrganisation(t *testing.T) {
	s := MustOpenWithOrgs(t)
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	a, b := asOrg(orgMaker), asOrg(orgMaker2)

	// B stores a document with A's supplier's id and a flattering figure.
	if _, created, err := s.certs.SaveSupplierFootprint(b, pactDocV2(id, 3, "0.1"), ""); err != nil || !created {
		t.Fatalf("B's upload: created %v, %v", created, err)
	}
	st, line := pactStudy(t, orgMaker, "GEC-PACT-A1", id)
	for name, run := range map[string]func() error{
		"create": func() error { _, err := s.studies.CreateStudy(a, st); return err },
		"calculate": func() error {
			_, err := s.studies.CalculateStudy(a, st)
			return err
		},
	} {
		err := run()
		if footprint.ErrorCode(err) != footprint.ENOTFOUND || footprint.ErrorField(err) != line || !strings.Contains(footprint.ErrorMessage(err), "pact:"+id) {
			t.Fatalf("%s: A's study with only B's footprint %s: %v (field %q), want ENOTFOUND naming %s", name, id, err, footprint.ErrorField(err), line)
		}
	}
	if m, err := s.certs.FindSupplierFootprints(a, []string{"pact:" + id}); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Fatalf("A finds B's footprint: %v %v", m, err)
	}

	// A stores the real document with the same id: its own footprint.
	sup, created, err := s.certs.SaveSupplierFootprint(a, pactDocV2(id, 3, "4.2"), "")
	if err != nil || !created || sup.StoredBy != orgMaker {
		t.Fatalf("A's upload after B's: created %v, %+v, %v", created, sup, err)
	}
	res, err := s.studies.CreateStudy(a, st)
	if err != nil {
		t.Fatal(err)
	}
	if u := pactUse(t, res, id); u.KgCO2e != 4.2 {
		t.Fatalf("A's study used %v kgCO2e/kg, want A's 4.2 (B's is 0.1)", u.KgCO2e)
	}
	stB, _ := pactStudy(t, orgMaker2, "GEC-PACT-B1", id)
	resB, err := s.studies.CreateStudy(b, stB)
	if err != nil {
		t.Fatal(err)
	}
	if u := pactUse(t, resB, id); u.KgCO2e != 0.1 {
		t.Fatalf("B's study used %v, want B's own 0.1", u.KgCO2e)
	}

	// The certificate on A's study signs A's document; the review finds
	// it for A's study and not for a study of another owner.
	rec := s.mustIssueStudy(t, st.ID, orgMaker)
	if l := rec.SupplierList; len(l) != 1 || l[0].KgCO2e != 4.2 {
		t.Fatalf("signed supplier list %+v, want A's 4.2", l)
	}
	stored := s.mustFindStudy(t, st.ID)
	if got, err := s.certs.FindPACTSupplier(context.Background(), stored, "pact:"+id); err != nil || got.StoredBy != orgMaker || got.Footprint.KgCO2e != 4.2 {
		t.Fatalf("review of A's study: %+v, %v", got, err)
	}
	third := &footprint.Study{Owner: "Third Maker"}
	if _, err := s.certs.FindPACTSupplier(context.Background(), third, "pact:"+id); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Fatalf("a third organisation's study finds a footprint: %v", err)
	}
}

// Ensure a PACT v2 update (same id, higher version) is stored beside the
// earlier versions: a new calculation uses the latest and its result
// records the version; a certificate issued on a study before the update
// signs the version that study used, and once the update is stored a
// study calculated on the earlier version is no longer applied for (409
// naming the BOM line's supplier, red team 47). The same or a lower
// version with other content is refused with 409 naming version, and a
// changed v3 document (v3 has no version) naming id.
func TestCertificationService_PACTFootprintVersions(t *testing.T) {
	s := MustOpenWithOrgs(t)
	const id = "6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	a := asOrg(orgMaker)
	save := func(doc []byte) (bool, error) {
		_, created, err := s.certs.SaveSupplierFootprint(a, doc, "")
		return created, err
	}
	if created, err := save(pactDocV2(id, 3, "4.2")); err != nil || !created {
		t.Fatalf("version 3: %v %v", created, err)
	}
	old, oldLine := pactStudy(t, orgMaker, "GEC-PACT-V1", id)
	res, err := s.studies.CreateStudy(a, old)
	if err != nil {
		t.Fatal(err)
	}
	if u := pactUse(t, res, id); u.KgCO2e != 4.2 || u.PACTSpecVersion != "2.3.0" || u.PACTVersion == nil || *u.PACTVersion != 3 {
		t.Fatalf("result entry %+v", u)
	}
	issued, _ := pactStudy(t, orgMaker, "GEC-PACT-V0", id)
	if _, err := s.studies.CreateStudy(a, issued); err != nil {
		t.Fatal(err)
	}
	issue := func(st *footprint.Study) (*certification.CertificateRecord, error) {
		app, err := s.apply(context.Background(), orgMaker, st.ID, uuid.Nil)
		if err != nil {
			return nil, err
		}
		return s.certs.IssueCertificate(context.Background(), app.ID, issueReq)
	}
	if rec, err := issue(issued); err != nil {
		t.Fatal(err)
	} else if l := rec.SupplierList; len(l) != 1 || l[0].Version != 3 || l[0].KgCO2e != 4.2 {
		t.Fatalf("certificate before the update signs %+v", l)
	}

	for _, tt := range []struct {
		name string
		doc  []byte
	}{
		{"same version, other content", pactDocV2(id, 3, "4.3")},
		{"lower version", pactDocV2(id, 2, "4.0")},
	} {
		_, err := save(tt.doc)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "pact_footprint.version" {
			t.Fatalf("%s: %v (field %q), want ECONFLICT on pact_footprint.version", tt.name, err, footprint.ErrorField(err))
		}
	}
	if created, err := save(pactDocV2(id, 4, "5.0")); err != nil || !created {
		t.Fatalf("version 4: %v %v", created, err)
	}
	if created, err := save(pactDocV2(id, 4, "5.0")); err != nil || created {
		t.Fatalf("version 4 again: created %v, %v", created, err)
	}
	if created, err := save(pactDocV2(id, 3, "4.2")); err != nil || created {
		t.Fatalf("version 3 again (stored, unchanged): created %v, %v", created, err)
	}

	latest, _ := pactStudy(t, orgMaker, "GEC-PACT-V2", id)
	res, err = s.studies.CreateStudy(a, latest)
	if err != nil {
		t.Fatal(err)
	}
	if u := pactUse(t, res, id); u.KgCO2e != 5 || u.PACTVersion == nil || *u.PACTVersion != 4 {
		t.Fatalf("a study after the update: %+v, want version 4 at 5.0", u)
	}

	if _, err := issue(old); footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != oldLine ||
		!strings.Contains(err.Error(), "used in version 3 has a later version 4") {
		t.Fatalf("a study on version 3 after version 4 was stored: %v (field %q), want ECONFLICT naming the line's supplier", err, footprint.ErrorField(err))
	}
	if rec, err := issue(latest); err != nil {
		t.Fatal(err)
	} else if l := rec.SupplierList; len(l) != 1 || l[0].Version != 4 || l[0].KgCO2e != 5 {
		t.Fatalf("certificate on the study of version 4 signs %+v", l)
	}

	const id3 = "7b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	if _, err := save(pactDocV3(id3, "4.2")); err != nil {
		t.Fatal(err)
	}
	if _, err := save(pactDocV3(id3, "4.3")); footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "pact_footprint.id" {
		t.Fatalf("a changed v3 document under its id: %v (field %q)", err, footprint.ErrorField(err))
	}
}

// Ensure Open moves the PACT footprints of a schema-1 file (keyed by
// footprint UUID alone) to their owner's keys, in the version their
// document states, and marks the file with the current schema (2 then, 3
// since the product-model index was re-keyed); the owner finds it, no
// one else does, and opening again changes nothing.
func TestOpen_MigratesPACTFootprintOwners(t *testing.T) {
	const id = "8b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	path := mustCreateFile(t)
	// A schema-1 file: the record under the footprint's 16 bytes.
	uid := uuid.MustParse(id)
	var compact bytes.Buffer
	if err := json.Compact(&compact, pactDocV2(id, 3, "4.2")); err != nil {
		t.Fatal(err)
	}
	rec := `{"v":1,"id":"` + id + `","owner":"` + orgMaker + `","uploaded_at":"2026-01-02T03:04:05Z","document":` + compact.String() + `}`
	factordbtest.EditFile(t, path, func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("pact_footprints")).Put(uid[:], []byte(rec)); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, 1))
	})

	keys := func() [][]byte {
		t.Helper()
		var out [][]byte
		factordbtest.ViewFile(t, path, func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("pact_footprints")).ForEach(func(k, _ []byte) error {
				out = append(out, bytes.Clone(k))
				return nil
			})
		})
		return out
	}
	// <owner, uvarint-length-prefixed><uuid><version 3, 4 bytes BE>
	want := append(binary.AppendUvarint(nil, uint64(len(orgMaker))), orgMaker...)
	want = binary.BigEndian.AppendUint32(append(want, uid[:]...), 3)
	for round := range 2 {
		db, err := factordb.Open(path)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		certs := factordb.NewCertificationService(db)
		sup, err := certs.FindPACTSupplier(context.Background(), &footprint.Study{Owner: orgMaker}, "pact:"+id)
		if err != nil || sup.Version != 3 || sup.Footprint.KgCO2e != 4.2 || sup.StoredBy != orgMaker {
			t.Fatalf("open %d: the owner's footprint %+v, %v", round, sup, err)
		}
		if _, err := certs.FindPACTSupplier(context.Background(), &footprint.Study{Owner: orgMaker2}, "pact:"+id); footprint.ErrorCode(err) != footprint.ENOTFOUND {
			t.Fatalf("open %d: another organisation finds it: %v", round, err)
		}
		// The owner storing the same document again changes nothing.
		if _, created, err := certs.SaveSupplierFootprint(asOrg(orgMaker), pactDocV2(id, 3, "4.2"), ""); err != nil || created {
			t.Fatalf("open %d: the same document again: created %v, %v", round, created, err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if got := keys(); len(got) != 1 || !bytes.Equal(got[0], want) {
			t.Fatalf("open %d: keys %x, want [%x]", round, got, want)
		}
		if v := readSchema(t, path); v != factordb.SchemaVersion {
			t.Fatalf("open %d: schema %d", round, v)
		}
	}
}

// Ensure a study whose stored result was calculated before results
// recorded the PACT footprints' versions is certified, and reviewed, with
// the version it was calculated with, the first one stored (the only one
// there could be then), not a later update; once a later update is
// stored, it is reviewed with the first and no longer certified (red
// team 47).
func TestCertificationService_PACTFootprintOfAnOlderResult(t *testing.T) {
	s := MustOpenWithOrgs(t)
	const id = "3b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	a := asOrg(orgMaker)
	if _, _, err := s.certs.SaveSupplierFootprint(a, pactDocV2(id, 3, "4.2"), ""); err != nil {
		t.Fatal(err)
	}
	st, _ := pactStudy(t, orgMaker, "GEC-PACT-OLD", id)
	if _, err := s.studies.CreateStudy(a, st); err != nil {
		t.Fatal(err)
	}
	st2, line2 := pactStudy(t, orgMaker, "GEC-PACT-OLD2", id)
	if _, err := s.studies.CreateStudy(a, st2); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{st.ID, st2.ID} {
		if err := factordb.StripStoredPACTVersions(s.db, id); err != nil {
			t.Fatal(err)
		}
	}
	rec := s.mustIssueStudy(t, st.ID, orgMaker)
	if l := rec.SupplierList; len(l) != 1 || l[0].Version != 3 || l[0].KgCO2e != 4.2 {
		t.Fatalf("signed %+v, want version 3 at 4.2", l)
	}
	if _, _, err := s.certs.SaveSupplierFootprint(a, pactDocV2(id, 4, "5.0"), ""); err != nil {
		t.Fatal(err)
	}
	stored := s.mustFindStudy(t, st.ID)
	if u := pactUse(t, stored.Result, id); u.PACTSpecVersion != "" || u.PACTVersion != nil {
		t.Fatalf("the stored result still records the version: %+v", u)
	}
	if sup, err := s.certs.FindPACTSupplier(context.Background(), stored, "pact:"+id); err != nil || sup.Version != 3 {
		t.Fatalf("review: %+v, %v, want version 3", sup, err)
	}
	if v, _, err := s.certs.FindPACTLaterVersion(context.Background(), stored, "pact:"+id); err != nil || v != 4 {
		t.Fatalf("later version %d, %v, want 4", v, err)
	}
	if _, err := s.apply(context.Background(), orgMaker, st2.ID, uuid.Nil); footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != line2 {
		t.Fatalf("applied for a study on version 3 after version 4 was stored: %v (field %q), want ECONFLICT naming %s", err, footprint.ErrorField(err), line2)
	}
}

// Ensure a new calculation does not take a stored copy of one of this
// service's own certificates as a supplier's PACT footprint. Uploads of
// such copies are refused (SaveSupplierFootprint), but a file written
// before that refusal may hold one: a study naming it as pact:<id> was
// calculated with the copy's figure (here a tenth of nothing certified)
// instead of the certificate's signed figure and live status.
func TestRedteam5_StoredCopyOfOwnCertificateNotCalculated(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	cert := s.mustIssueDemo(t, "GEC-R5-CERT")
	id := cert.ID.String()
	if err := factordb.PutStoredPACTFootprint(s.db, orgMaker, cert.ID, pactDocV3(id, "0.1")); err != nil {
		t.Fatal(err)
	}
	user, _ := pactStudy(t, orgMaker, "GEC-R5-USER", id)
	_, err := s.studies.CalculateStudy(a, user)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || !strings.Contains(footprint.ErrorMessage(err), cert.Number) {
		t.Fatalf("calculation with a stored copy of certificate %s: %v, want ECONFLICT naming the certificate", cert.Number, err)
	}
}

// mustIssueDemo stores orgMaker's demo study of serial and issues its
// certificate.
func (s *services) mustIssueDemo(t *testing.T, serial string) *certification.Certificate {
	t.Helper()
	st := demoStudy(t, orgMaker, serial)
	if _, err := s.studies.CreateStudy(asOrg(orgMaker), st); err != nil {
		t.Fatal(err)
	}
	return s.mustIssueStudy(t, st.ID, orgMaker).Certificate()
}

// Ensure SharedWith answers from the partner index (issue 14 item 3: no
// scan that grows with the file on a request path; every authenticated
// PACT request asks it): each partner sees exactly the footprints shared
// with it (not those of a partner whose name it starts), a revoked share
// goes, a file written before the index gets it at Open, and
// CheckPACTShareIndex sees an entry missing, stale or under another
// partner.
func TestCertificationService_SharedWithIndex(t *testing.T) {
	s := MustOpenWithOrgs(t)
	ctx := asOrg(orgMaker)
	c1 := s.MustIssue(t, "SHARE-1").Certificate().ID
	c2 := s.MustIssue(t, "SHARE-2").Certificate().ID
	for _, sh := range []struct {
		id      uuid.UUID
		partner string
	}{{c1, orgMaker2}, {c2, orgMaker2}, {c2, orgRegulator}} {
		if _, _, err := s.certs.ShareFootprint(ctx, sh.id, sh.partner); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.certs.RevokeShare(ctx, c1, orgMaker2); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[uuid.UUID]bool{
		orgMaker2: {c2: true}, orgRegulator: {c2: true},
		"Other Maker": {}, orgCertifier: {}, orgMaker: {},
	}
	check := func(when string) {
		t.Helper()
		for partner, w := range want {
			got, err := s.certs.SharedWith(context.Background(), partner)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, w) {
				t.Errorf("%s: shared with %q: %v, want %v", when, partner, got, w)
			}
		}
	}
	check("written")
	mustRun(t, s.db, factordb.CheckPACTShareIndex)

	// A file written before the index: SharedWith reads the index only,
	// which Open builds from the shares.
	mustRun(t, s.db, factordb.DropPACTSharePartners)
	if got, err := s.certs.SharedWith(context.Background(), orgMaker2); err != nil || len(got) != 0 {
		t.Fatalf("without the index SharedWith found %v, %v: it does not read the index", got, err)
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	check("migrated")

	for _, tt := range []struct {
		name, partner string
		id            uuid.UUID
		present       bool
	}{
		{"missing", orgMaker2, c2, false},
		{"stale after a revoke", orgMaker2, c1, true},
		{"under another partner", orgCertifier, c2, true},
	} {
		if err := factordb.SetPACTSharePartner(s.db, tt.partner, tt.id, tt.present); err != nil {
			t.Fatal(err)
		}
		if err := factordb.CheckPACTShareIndex(s.db); err == nil {
			t.Errorf("%s: the corrupt index passed the check", tt.name)
		}
		if err := factordb.SetPACTSharePartner(s.db, tt.partner, tt.id, !tt.present); err != nil {
			t.Fatal(err)
		}
		if err := factordb.CheckPACTShareIndex(s.db); err != nil {
			t.Fatalf("after %s, undone: %v", tt.name, err)
		}
	}
}

// Ensure the store neither stores nor calculates with a PACT footprint that
// states itself as this service's footprint of one of its certificates
// under another id (red team 7): one naming the certificate's number or
// verification URL, or identifying its holder or certified model as this
// service's footprints do. A file written before uploads were refused may
// hold one: a new calculation refuses it too, naming the field. The same
// document without the mark is a supplier's and is used.
func TestRedteam7_MarkedCopyOfOwnCertificateNotStoredOrCalculated(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	cert := s.mustIssueDemo(t, "GEC-R7-CERT")
	urn := "urn:pact:pcf.example.cn:"
	for i, c := range []struct {
		name, key, field string
		value            any
	}{
		{"number", "comment", "pact_footprint.comment", "Certificate " + cert.Number + " (revision 1)."},
		{"verification URL", "comment", "pact_footprint.comment", "Verify it at https://pcf.example.cn/v1/certificates/" + cert.ID.String() + "/verify."},
		{"holder", "companyIds", "pact_footprint.companyIds[0]", []string{urn + "company-id:" + url.PathEscape(orgMaker)}},
		{"certified model", "productIds", "pact_footprint.productIds[0]", []string{urn + "product-id:" + url.PathEscape(orgMaker) + ":" + url.PathEscape(cert.Product.Model)}},
		{"none", "comment", "", "A supplier's own footprint."},
	} {
		id := uuid.New()
		var doc map[string]any
		if err := json.Unmarshal(pactDocV3(id.String(), "0.1"), &doc); err != nil {
			t.Fatal(err)
		}
		doc[c.key] = c.value
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = s.certs.SaveSupplierFootprint(a, b, "")
		if c.field == "" {
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		} else if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != c.field {
			t.Errorf("%s: upload: %v, want EINVALID naming %s", c.name, err, c.field)
		}
		if err := factordb.PutStoredPACTFootprint(s.db, orgMaker, id, b); err != nil {
			t.Fatal(err)
		}
		user, _ := pactStudy(t, orgMaker, "GEC-R7-USER-"+strconv.Itoa(i), id.String())
		_, err = s.studies.CalculateStudy(a, user)
		if c.field == "" {
			if err != nil {
				t.Fatalf("%s: calculation: %v", c.name, err)
			}
		} else if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != c.field {
			t.Errorf("%s: calculation: %v, want EINVALID naming %s", c.name, err, c.field)
		}
	}
}

// Ensure a supplier's PACT footprint far below every factor of the pinned
// set for its product is warned on its line when the study service
// calculates (red team 9): the engine compares with the set's factors of
// that product, which the service reads through the set's product index
// although the study uses none of them (polypropylene, MAT-PP-CN, HS
// 390210, 1.587 kgCO2e/kg, against the supplier's 0.1).
//
// A supplier classified under a longer code of the factor's product (an
// 8-digit tariff line, red team 13) or a shorter one is compared with it
// too: the service reads the factors whose code starts with the
// supplier's, or the supplier's with theirs, as the engine matches them.
func TestStudyService_SupplierBelowTheSetsFactorsOfItsProduct(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	for i, hs := range []string{"390210", "39021000", "3902"} {
		id := fmt.Sprintf("4c1d7b8f-2e3a-4b5c-8d9e-0f1a2b3c4d5%d", i)
		doc := bytes.Replace(pactDocV3(id, "0.1"), []byte(`"status":"Active",`), []byte(`"status":"Active","productClassifications":["urn:pact:wcoomd.org:hs-code:`+hs+`"],`), 1)
		if _, _, err := s.certs.SaveSupplierFootprint(a, doc, ""); err != nil {
			t.Fatal(err)
		}
		st, line := pactStudy(t, orgMaker, "GEC-PACT-LOW-"+hs, id)
		res, err := s.studies.CalculateStudy(a, st)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
			return w.Path == line && strings.Contains(w.Message, "is below every factor of set "+st.FactorSet+" of its product: the lowest, MAT-PP-CN, is 1.587")
		}) {
			t.Errorf("HS %s: no warning on %s of the supplier's 0.1 kgCO2e/kg below polypropylene's 1.587: %+v", hs, line, res.Warnings)
		}
	}
}

// pactSearch is a PACT filter with what the index answers of it.
type pactSearch interface {
	Match(*pact.Footprint) bool
	Lookups() []pact.Lookup
}

// v3Search and v2Search parse a PACT v3 query and a v2 $filter.
func v3Search(t testing.TB, query url.Values) pactSearch {
	t.Helper()
	f, err := pact.ParseFilter(query)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func v2Search(t testing.TB, expr string) pactSearch {
	t.Helper()
	f, err := pact.ParseFilterV2(expr)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// footprintNumbers lists, in number order, the certificates find returns
// for q, page by page (limit 2, so that the cursor is used), and those of
// them whose footprint q matches (mapped as the PACT host maps them, with
// the declared CPC codes; suspended and flagged ones are not available).
func (s *services) footprintNumbers(t *testing.T, q pactSearch, find func(context.Context, certification.CertificateFilter, []pact.Lookup) ([]*certification.CertificateRecord, string, error)) (read, matched []string) {
	t.Helper()
	ctx := context.Background()
	cursor := ""
	for {
		page, next, err := find(ctx, certification.CertificateFilter{Cursor: cursor, Limit: 2}, q.Lookups())
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range page {
			c := rec.Certificate()
			read = append(read, c.Number)
			if !pact.Available(rec) {
				continue
			}
			st := s.mustFindStudy(t, c.StudyID)
			facts, err := pact.FactsFromStudy(c, st)
			if err != nil {
				t.Fatal(err)
			}
			f, err := pact.New(rec, facts, pact.Options{Issuer: "pcf.example.cn"})
			if err != nil {
				t.Fatal(err)
			}
			cpcs, err := s.certs.DeclaredCPCs(ctx, []uuid.UUID{c.ID})
			if err != nil {
				t.Fatal(err)
			}
			if q.Match(f.WithDeclaredCPC(cpcs[c.ID])) {
				matched = append(matched, c.Number)
			}
		}
		if next == "" {
			return read, matched
		}
		cursor = next
	}
}

// Ensure FindFootprints reads, through pact_footprint_index, only the
// certificates that can meet a PACT filter's geography, classification,
// CPC code, dates and status (issue 14 item 3), finds every footprint a
// walk through every certificate finds, in the same order and pages; that
// a status change (suspend, reinstate, withdraw, supersede) and a declared
// CPC code keep the index exactly what a rebuild gives; and that Open
// builds it for a file written before it.
func TestCertificationService_FindFootprints(t *testing.T) {
	s := MustOpenWithOrgs(t)
	ctx := context.Background()
	num := func(rec *certification.CertificateRecord) string { return rec.Certificate().Number }
	setStatus := func(rec *certification.CertificateRecord, to certification.CertificateStatus) {
		t.Helper()
		s.mustSetStatus(t, ctx, rec.Certificate().ID, to, "test")
	}
	check := func(when string) {
		t.Helper()
		if err := factordb.CheckPACTFootprintIndex(s.db); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
	}
	plain := s.MustIssue(t, "PIDX-1")
	sichuan := s.mustIssueStudy(t, s.MustCreateStudy(t, orgMaker, "PIDX-2", func(st *footprint.Study) {
		for _, e := range st.Electricity {
			e.Geography = "CN-SC"
		}
	}).ID, orgMaker)
	withdrawn := s.MustIssue(t, "PIDX-3")
	setStatus(withdrawn, certification.CertificateWithdrawn)
	check("withdrawn")
	suspended := s.MustIssue(t, "PIDX-4")
	setStatus(suspended, certification.CertificateSuspended)
	check("suspended")
	reinstated := s.MustIssue(t, "PIDX-5")
	setStatus(reinstated, certification.CertificateSuspended)
	setStatus(reinstated, certification.CertificateValid)
	check("reinstated")
	old := s.MustIssue(t, "PIDX-6")
	next := s.MustSupersede(t, old)
	check("superseded")
	declared := s.MustIssue(t, "PIDX-7")
	if _, _, err := s.certs.DeclareCPC(asOrg(orgMaker), declared.Certificate().ID, "46"); err != nil {
		t.Fatal(err)
	}
	check("CPC declared")
	hs := "urn:pact:wcoomd.org:hs-code:" + plain.Certificate().Product.Codes[0].Code
	issued := plain.Certificate().IssuedAt

	for _, tt := range []struct {
		name string
		q    pactSearch
		want []string // the certificates read through the index
	}{
		{"subdivision", v3Search(t, url.Values{"geography": {"cn-sc"}}), []string{num(sichuan)}},
		{"region", v3Search(t, url.Values{"geography": {"Eastern Asia"}}), nil}, // every certificate: checked below
		{"no such country", v3Search(t, url.Values{"geography": {"FR"}}), []string{}},
		{"v2 country", v2Search(t, "pcf/geographyCountry eq 'CN'"), []string{num(plain), num(withdrawn), num(suspended), num(reinstated), num(old), num(next), num(declared)}},
		{"classification", v3Search(t, url.Values{"classification": {strings.ToUpper(hs)}}), nil},
		{"no such classification", v3Search(t, url.Values{"classification": {"urn:cpc:99"}}), []string{}},
		{"declared CPC", v2Search(t, "productCategoryCpc eq '46'"), []string{num(declared)}},
		{"CPC range", v2Search(t, "productCategoryCpc gt '4'"), []string{num(declared)}},
		{"deprecated", v3Search(t, url.Values{"status": {"deprecated"}}), []string{num(withdrawn), num(old)}},
		{"active in a subdivision", v3Search(t, url.Values{"status": {"active"}, "geography": {"CN-SC"}}), []string{num(sichuan)}},
		{"updated", v2Search(t, "updated ge '2000-01-01T00:00:00Z'"), []string{num(withdrawn), num(old)}},
		{"created before", v2Search(t, "created lt '2000-01-01T00:00:00Z'"), []string{}},
		{"created since", v2Search(t, "created ge '"+issued.Format("2006-01-02T15:04:05Z")+"'"), nil},
		{"valid on", v3Search(t, url.Values{"validOn": {"2001-01-01T00:00:00Z"}}), []string{}},
		{"valid before", v3Search(t, url.Values{"validBefore": {"2001-01-01T00:00:00Z"}, "geography": {"CN"}}), []string{}},
	} {
		q := tt.q
		read, matched := s.footprintNumbers(t, q, s.certs.FindFootprints)
		all, want := s.footprintNumbers(t, q, s.certs.FindFootprintsScan)
		if !slices.Equal(matched, want) {
			t.Errorf("%s: matched %v, walking every certificate %v", tt.name, matched, want)
		}
		if tt.want == nil {
			tt.want = all
		}
		if !slices.Equal(read, tt.want) && !(len(read) == 0 && len(tt.want) == 0) {
			t.Errorf("%s: read %v, want %v", tt.name, read, tt.want)
		}
	}

	// A file written before the index: Open builds it.
	mustRun(t, s.db, factordb.DropPACTFootprintIndex)
	if read, _ := s.footprintNumbers(t, v3Search(t, url.Values{"geography": {"CN"}}), s.certs.FindFootprints); len(read) != 0 {
		t.Fatalf("without the index a search read %v: it does not read the index", read)
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	check("migrated")
	if read, _ := s.footprintNumbers(t, v3Search(t, url.Values{"geography": {"CN-SC"}}), s.certs.FindFootprints); !slices.Equal(read, []string{num(sichuan)}) {
		t.Errorf("migrated: read %v, want %s", read, num(sichuan))
	}
}

// Ensure Open builds pact_footprint_index for a file written before it
// (testdata/format1.db.gz: the demo PV module certified once, made in
// China, CDPCF-2026-000001): a search by geography finds its certificate
// through the index, and one by another country reads nothing.
func TestOpen_OldFileGetsPACTFootprintIndex(t *testing.T) {
	db := MustOpenTestdataDB(t, "format1.db.gz")
	mustRun(t, db, factordb.CheckPACTFootprintIndex)
	certs := factordb.NewCertificationService(db)
	for _, tt := range []struct {
		geography string
		want      []string
	}{{"cn", []string{"CDPCF-2026-000001"}}, {"FR", nil}} {
		page, _, err := certs.FindFootprints(context.Background(), certification.CertificateFilter{}, v3Search(t, url.Values{"geography": {tt.geography}}).Lookups())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, rec := range page {
			got = append(got, rec.Certificate().Number)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("geography %s: %v, want %v", tt.geography, got, tt.want)
		}
	}
}

// Ensure the study service reads the set's factors of the rule's required
// parts for a supplier that may hold one (footprint.ComparisonCodes): the
// demo module's cells as a PACT footprint classified CPC 47150 only, at 30
// kgCO2e/kg, are told to the certifier as below every factor of the set of
// the part (polysilicon, PV-GRANSI-CN, 34.275 per kg), which the study
// does not name (red team 17: the set's cells carry HS codes, none of which
// the supplier's meets).
func TestStudyService_SupplierOfARequiredPartComparedWithThePartsFactors(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	const id = "5c1d7b8f-2e3a-4b5c-8d9e-0f1a2b3c4d51"
	doc := bytes.Replace(pactDocV3(id, "30"), []byte(`"status":"Active",`), []byte(`"status":"Active","productClassifications":["urn:cpc:47150"],`), 1)
	if _, _, err := s.certs.SaveSupplierFootprint(a, doc, ""); err != nil {
		t.Fatal(err)
	}
	st := demoStudy(t, orgMaker, "GEC-PACT-CPC-1")
	st.BOM[1] = &footprint.BOMLine{Name: "cells", Quantity: 3, Unit: footprint.MustParseUnit("kg"), Stage: "A1", Supplier: "pact:" + id}
	res, err := s.studies.CalculateStudy(a, st)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
		return w.Path == "bom[1].supplier" && strings.Contains(w.Message, "is below every factor of set "+st.FactorSet+" of that part: the lowest, PV-GRANSI-CN, is 34.275 kgCO2e/kg")
	}) {
		t.Errorf("cells under CPC 47150 at 30 kgCO2e/kg: no warning on bom[1].supplier: %+v", res.Warnings)
	}
}

// Ensure a stored supplier PACT footprint that today's upload checks
// refuse (stored before a check was added: here a v3 figure below the
// document's own fossilGhgEmissions) is the owner's data to correct, not a
// damaged file: the calculation of a new study and the stored study are
// EINVALID naming the study's line, the issue on a stored study and the
// review's read of it ECONFLICT naming the line (the review shows it
// refused: pact.RefusedError), each naming the reference and saying it
// must be uploaded again, corrected (a 400 or 409, where it was
// errCorrupt, a 500), and nothing is written.
func TestCertificationService_StoredPACTFootprintFailingTodaysChecks(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	const id = "5d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st, line, app := s.mustApplyForPACTStudy(t, "GEC-PACT-TODAY", id, "4.2")
	stored := s.mustFindStudy(t, st.ID)
	bad := bytes.Replace(pactDocV3(id, "4.2"), []byte(`"pcfExcludingBiogenicUptake":"4.2"`), []byte(`"pcfExcludingBiogenicUptake":"4.2","fossilGhgEmissions":"20.0"`), 1)
	if _, err := pact.ParseSupplier(bad); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Fatalf("today's checks take the contradicting document: %v", err)
	}
	if err := factordb.PutStoredPACTFootprint(s.db, orgMaker, uuid.MustParse(id), bad); err != nil {
		t.Fatal(err)
	}
	before := s.auditCount(t)
	check := func(what string, err error, code string) {
		t.Helper()
		if msg := footprint.ErrorMessage(err); footprint.ErrorCode(err) != code || footprint.ErrorField(err) != line || !strings.Contains(msg, "pact:"+id) ||
			!strings.Contains(msg, "no longer passes the upload checks and must be uploaded again, corrected") || !strings.Contains(msg, "fossilGhgEmissions 20.0") {
			t.Errorf("%s: %v, want %s naming %s and pact:%s, to be uploaded again", what, err, code, line, id)
		}
	}
	_, err := s.certs.FindPACTSupplier(context.Background(), stored, "pact:"+id)
	check("review", err, footprint.ECONFLICT)
	if _, ok := errors.AsType[*pact.RefusedError](err); !ok {
		t.Errorf("review: %v, want a pact.RefusedError, which the review shows as a refused line", err)
	}
	again, _ := pactStudy(t, orgMaker, "GEC-PACT-TODAY-2", id)
	_, err = s.studies.CalculateStudy(a, again)
	check("calculation", err, footprint.EINVALID)
	_, err = s.studies.CreateStudy(a, again)
	check("stored study", err, footprint.EINVALID)
	_, err = s.certs.IssueCertificate(context.Background(), app.ID, issueReq)
	check("issue", err, footprint.ECONFLICT)
	if n := s.auditCount(t); n != before {
		t.Fatalf("audit events %d → %d: something was written", before, n)
	}
}

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

// Ensure the refusal of a stored supplier PACT footprint that today's
// checks refuse says it once in each language (red team 64): its format
// was bilingual itself and took the upload check's bilingual reason as
// one argument, so the English half held the reason's Chinese too
// ("…corrected: pcfExcludingBiogenicUptake 0.5 低于…。pcfExcludingBiogenicUptake
// 0.5 is below…"), and an answer cut to its length cut the English off.
func TestRedteam64_StoredPACTFootprintRefusalInEachLanguageOnce(t *testing.T) {
	s := MustOpenWithOrgs(t)
	const id = "5d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st, _ := s.mustCreatePACTStudy(t, "GEC-PACT-RT64", id, "4.2")
	bad := bytes.Replace(pactDocV3(id, "4.2"), []byte(`"pcfExcludingBiogenicUptake":"4.2"`), []byte(`"pcfExcludingBiogenicUptake":"4.2","landUseChangeGhgEmissions":"40.0"`), 1)
	if err := factordb.PutStoredPACTFootprint(s.db, orgMaker, uuid.MustParse(id), bad); err != nil {
		t.Fatal(err)
	}
	stored := s.mustFindStudy(t, st.ID)
	_, err := s.certs.FindPACTSupplier(context.Background(), stored, "pact:"+id)
	msg := footprint.ErrorMessage(err)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || !strings.Contains(msg, "no longer passes the upload checks") || !strings.Contains(msg, "landUseChangeGhgEmissions 40.0") {
		t.Fatalf("stored footprint failing today's checks: %v", err)
	}
	en := footprinttest.English(t, msg)
	if hasHan(en) {
		t.Errorf("the English half holds Chinese: %q", en)
	}
	if !strings.Contains(en, "must be uploaded again, corrected: pcfExcludingBiogenicUptake 4.2 is below") {
		t.Errorf("English half %q: want the reason's English after what to do", en)
	}
}

// From pact2_test.go (PACT round 2): supplier footprints stored by the CCU
// credit approach before red team 69's check.

// pactDocV3Credit is pactDocV3 by the CCU credit approach, which the
// upload and the fetch refuse since red team 69 (the store takes it, as it
// took it before).
func pactDocV3Credit(id, figure string) []byte {
	return bytes.Replace(pactDocV3(id, figure), []byte(`"declaredUnitAmount":"1",`),
		[]byte(`"declaredUnitAmount":"1","ccuCalculationApproach":"Credit","ccuCreditCertification":"https://registry.example/ccu/77",`), 1)
}

// Ensure a new calculation on a supplier footprint by the CCU credit
// approach stored before red team 69 (its upload refuses one since) is
// refused: EINVALID naming the study's line, the credit approach in
// Chinese and English, nothing written. Before, a study created or
// recalculated today netted the credit.
func TestPACT2_NewCalculationOnStoredCCUCredit(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	const id = "6e1d7b8f-2e3a-4b5c-8d9e-0f1a2b3c4d61"
	if _, err := pact.ParseSupplier(pactDocV3Credit(id, "0.5")); err != nil {
		t.Fatalf("the test document: %v", err)
	}
	if _, _, err := s.certs.SaveSupplierFootprint(a, pactDocV3Credit(id, "0.5"), ""); err != nil {
		t.Fatal(err)
	}
	before := s.auditCount(t)
	st, line := pactStudy(t, orgMaker, "GEC-PACT2-CCU-1", id)
	check := func(what string, err error) {
		t.Helper()
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != line || !strings.Contains(msg, "pact:"+id) ||
			!strings.Contains(msg, `ccuCalculationApproach "Credit"`) || !strings.Contains(msg, "CCU 抵扣法") || !strings.Contains(msg, "cut-off approach") {
			t.Errorf("%s: %v, want EINVALID naming %s, the credit approach, in Chinese and English", what, err, line)
		}
		// Each language once: the check's Chinese has sentences of its
		// own, which put part of it in the English half.
		if en := footprinttest.English(t, msg); hasHan(en) || !strings.HasPrefix(en, "the stored supplier footprint pact:"+id) {
			t.Errorf("%s: English half %q: want the refusal in English only", what, en)
		}
	}
	_, err := s.studies.CalculateStudy(a, st)
	check("calculation", err)
	_, err = s.studies.CreateStudy(a, st)
	check("stored study", err)
	if _, err := s.studies.FindStudyByID(context.Background(), st.ID); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("the refused study was stored: %v", err)
	}
	if n := s.auditCount(t); n != before {
		t.Errorf("audit events %d → %d: something was written", before, n)
	}
	// By the cut-off approach, the same footprint is used.
	const cut = "6e1d7b8f-2e3a-4b5c-8d9e-0f1a2b3c4d62"
	if _, _, err := s.certs.SaveSupplierFootprint(a, pactDocV3(cut, "0.5"), ""); err != nil {
		t.Fatal(err)
	}
	ok, _ := pactStudy(t, orgMaker, "GEC-PACT2-CCU-2", cut)
	if _, err := s.studies.CreateStudy(a, ok); err != nil {
		t.Errorf("cut-off approach: %v", err)
	}
}

// Ensure a study calculated on a supplier footprint that was by the
// cut-off approach, whose stored document now states the CCU credit
// approach (stored before red team 69's check), is not applied for nor
// issued (ECONFLICT naming the line, the application made before stays
// pending, nothing written), while the certifier's review still reads it,
// with its figure, to warn of the credit. Before, an uploaded one was
// applied for and issued with the review's warning only.
func TestPACT2_StoredCCUCreditNotAppliedForOrIssued(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	const id = "6e1d7b8f-2e3a-4b5c-8d9e-0f1a2b3c4d63"
	st, line, app := s.mustApplyForPACTStudy(t, "GEC-PACT2-CCU-3", id, "0.5")
	st2, _ := pactStudy(t, orgMaker, "GEC-PACT2-CCU-4", id)
	if _, err := s.studies.CreateStudy(a, st2); err != nil {
		t.Fatal(err)
	}
	if err := factordb.PutStoredPACTFootprint(s.db, orgMaker, uuid.MustParse(id), pactDocV3Credit(id, "0.5")); err != nil {
		t.Fatal(err)
	}
	stored := s.mustFindStudy(t, st.ID)
	if sup, err := s.certs.FindPACTSupplier(context.Background(), stored, "pact:"+id); err != nil || !sup.CCUCreditStated() || sup.Footprint.KgCO2e != 0.5 {
		t.Fatalf("review: %+v, %v; want the document read, its credit stated", sup, err)
	}
	before := s.auditCount(t)
	conflict := func(what string, err error) {
		t.Helper()
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != line || !strings.Contains(msg, "no certificate is applied for or issued on it") ||
			!strings.Contains(msg, "不能据此申请或签发证书") || !strings.Contains(msg, `ccuCalculationApproach "Credit"`) {
			t.Errorf("%s: %v, want ECONFLICT naming %s: no certificate on the credit approach, in Chinese and English", what, err, line)
		}
		if _, ok := errors.AsType[*pact.RefusedError](err); !ok {
			t.Errorf("%s: %v, not a pact.RefusedError", what, err)
		}
	}
	_, err := s.apply(context.Background(), orgMaker, st2.ID, uuid.Nil)
	conflict("application", err)
	_, err = s.certs.IssueCertificate(context.Background(), app.ID, issueReq)
	conflict("issue", err)
	if n := s.auditCount(t); n != before {
		t.Errorf("audit events %d → %d: something was written", before, n)
	}
	if got, err := s.certs.FindApplicationByID(context.Background(), app.ID); err != nil || got.Status != certification.ApplicationPending {
		t.Errorf("application after the refused issue: %+v, %v; want it pending", got, err)
	}
}

// From pact3_test.go (PACT round 3): a certificate on a stored footprint
// that today's checks refuse is flagged.

// Ensure a certificate issued on a supplier PACT footprint whose stored
// document today's checks refuse (here the CCU credit approach, stored
// before red team 69's check) is flagged as one whose supplier footprint
// changed: its supplier_footprint_change names the line and the credit in
// Chinese and English, the flagged queue lists it until its certifier
// reviews it, whether the footprint was uploaded or fetched. Before, it
// stayed valid and unflagged: the periodic re-read passed a refused
// document over, and an upload has no host to ask.
func TestPACT3_CertificateOnRefusedFootprintFlagged(t *testing.T) {
	for i, tt := range []struct {
		name          string
		source, owner string
	}{
		{"uploaded", "", ""},
		{"fetched", "https://pact.example/3/footprints/", "maker"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, s := mustStart(t)
			a := asOrg(orgMaker)
			id := "6e1d7b8f-2e3a-4b5c-8d9e-0f1a2b3c4e7" + string(rune('0'+i))
			var err error
			if tt.source == "" {
				_, _, err = s.certs.SaveSupplierFootprint(a, pactDocV3(id, "0.5"), "")
			} else {
				_, _, err = s.certs.SaveFetchedFootprint(a, pactDocV3(id, "0.5"), tt.source+id, tt.owner)
			}
			if err != nil {
				t.Fatal(err)
			}
			st, line := pactStudy(t, orgMaker, "GEC-PACT3-"+tt.name, id)
			if _, err := s.studies.CreateStudy(a, st); err != nil {
				t.Fatal(err)
			}
			rec := s.mustIssueStudy(t, st.ID, orgMaker)
			certID := rec.Certificate().ID
			flagged := true
			queued := func() bool {
				t.Helper()
				recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Flagged: &flagged})
				if err != nil {
					t.Fatal(err)
				}
				return slices.ContainsFunc(recs, func(r *certification.CertificateRecord) bool { return r.Certificate().ID == certID })
			}
			if field, msg, err := s.certs.FindPACTChange(ctx, st.ID); err != nil || field != "" || msg != "" || queued() {
				t.Fatalf("before: change %q %q, %v, queued %v; want none", field, msg, err, queued())
			}

			if err := factordb.ReplaceStoredPACTDocument(s.db, orgMaker, uuid.MustParse(id), 0, pactDocV3Credit(id, "0.5")); err != nil {
				t.Fatal(err)
			}
			field, msg, err := s.certs.FindPACTChange(ctx, st.ID)
			if err != nil || field != line || !strings.Contains(msg, "pact:"+id) || !strings.Contains(msg, `ccuCalculationApproach "Credit"`) ||
				!strings.Contains(msg, "CCU 抵扣法") || !strings.Contains(msg, "不能据此申请或签发证书") || !strings.Contains(msg, "no certificate is applied for or issued on it") {
				t.Errorf("change: %q %q, %v; want %s named, the credit approach in Chinese and English", field, msg, err, line)
			}
			if pending, err := s.certs.PACTChangePending(ctx, certID); err != nil || !pending {
				t.Errorf("pending: %v, %v; want true", pending, err)
			}
			if !queued() {
				t.Errorf("the flagged queue does not list certificate %s", rec.Certificate().Number)
			}
			got, err := s.certs.FindCertificateByID(ctx, certID)
			if err != nil || got.Status != certification.CertificateValid {
				t.Errorf("status: %+v, %v; want valid (its status is kept)", got, err)
			}

			// A review before the service refused the credit (the test
			// clock reads 2026-01-01) did not read it: still queued.
			if _, err := s.certs.ReviewCertificate(ctx, certID, "reviewed before the CCU check"); err != nil {
				t.Fatal(err)
			}
			if pending, err := s.certs.PACTChangePending(ctx, certID); err != nil || !pending || !queued() {
				t.Errorf("after a review before 2026-12-06: pending %v, %v, queued %v; want both", pending, err, queued())
			}
			// Its certifier's review since clears it from the queue; the
			// record still says so.
			s.db.Now = func() time.Time { return time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) }
			if _, err := s.certs.ReviewCertificate(ctx, certID, "the supplier's figure nets a CCU credit: reviewed"); err != nil {
				t.Fatal(err)
			}
			if pending, err := s.certs.PACTChangePending(ctx, certID); err != nil || pending || queued() {
				t.Errorf("after the review: pending %v, %v, queued %v; want neither", pending, err, queued())
			}
			if _, msg, err := s.certs.FindPACTChange(ctx, st.ID); err != nil || !strings.Contains(msg, "CCU") {
				t.Errorf("after the review: change %q, %v; want it still named", msg, err)
			}
		})
	}
}

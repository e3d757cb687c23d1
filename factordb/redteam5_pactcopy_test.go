package factordb_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a new calculation does not take a stored copy of one of this
// service's own certificates as a supplier's PACT footprint. Uploads of
// such copies are refused (SaveSupplierFootprint), but a file written
// before that refusal may hold one: a study naming it as pact:<id> was
// calculated with the copy's figure (here a tenth of nothing certified)
// instead of the certificate's signed figure and live status.
func TestRedteam5_StoredCopyOfOwnCertificateNotCalculated(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	st := demoStudy(t, orgMaker, "GEC-R5-CERT")
	if _, err := s.studies.CreateStudy(a, st); err != nil {
		t.Fatal(err)
	}
	cert := s.mustIssueStudy(t, st.ID, orgMaker).Certificate()
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

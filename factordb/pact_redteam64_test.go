package factordb_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure the refusal of a stored supplier PACT footprint that today's
// checks refuse says it once in each language (red team 64): its format
// was bilingual itself and took the upload check's bilingual reason as
// one argument, so the English half held the reason's Chinese too
// ("…corrected: pcfExcludingBiogenicUptake 0.5 低于…。pcfExcludingBiogenicUptake
// 0.5 is below…"), and an answer cut to its length cut the English off.
func TestRedteam64_StoredPACTFootprintRefusalInEachLanguageOnce(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := asOrg(orgMaker)
	const id = "5d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	if _, _, err := s.certs.SaveSupplierFootprint(a, pactDocV3(id, "4.2"), ""); err != nil {
		t.Fatal(err)
	}
	st, _ := pactStudy(t, orgMaker, "GEC-PACT-RT64", id)
	if _, err := s.studies.CreateStudy(a, st); err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(pactDocV3(id, "4.2"), []byte(`"pcfExcludingBiogenicUptake":"4.2"`), []byte(`"pcfExcludingBiogenicUptake":"4.2","landUseChangeGhgEmissions":"40.0"`), 1)
	if err := factordb.PutStoredPACTFootprint(s.db, orgMaker, uuid.MustParse(id), bad); err != nil {
		t.Fatal(err)
	}
	stored, err := s.studies.FindStudyByID(context.Background(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.certs.FindPACTSupplier(context.Background(), stored, "pact:"+id)
	msg := footprint.ErrorMessage(err)
	if footprint.ErrorCode(err) != footprint.EINVALID || !strings.Contains(msg, "no longer passes the upload checks") || !strings.Contains(msg, "landUseChangeGhgEmissions 40.0") {
		t.Fatalf("stored footprint failing today's checks: %v", err)
	}
	en := footprinttest.English(t, msg)
	if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("the English half holds Chinese: %q", en)
	}
	if !strings.Contains(en, "must be uploaded again, corrected: pcfExcludingBiogenicUptake 4.2 is below") {
		t.Errorf("English half %q: want the reason's English after what to do", en)
	}
}

package factordb_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

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
		if en := footprinttest.English(t, msg); strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.HasPrefix(en, "the stored supplier footprint pact:"+id) {
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
	st, line := s.mustCreatePACTStudy(t, "GEC-PACT2-CCU-3", id, "0.5")
	app := s.mustApplyFor(t, st)
	st2, _ := pactStudy(t, orgMaker, "GEC-PACT2-CCU-4", id)
	if _, err := s.studies.CreateStudy(a, st2); err != nil {
		t.Fatal(err)
	}
	if err := factordb.PutStoredPACTFootprint(s.db, orgMaker, uuid.MustParse(id), pactDocV3Credit(id, "0.5")); err != nil {
		t.Fatal(err)
	}
	stored, err := s.studies.FindStudyByID(context.Background(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
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
	_, err = s.apply(context.Background(), orgMaker, st2.ID, uuid.Nil)
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

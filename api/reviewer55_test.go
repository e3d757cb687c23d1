package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Reviewer 55 (session 55): the successor-output comparison (red team 91,
// rv55) compared a study with the output of the study it supersedes
// whenever their periods share days, whether or not that study claimed
// green-power instruments. A study claiming none spreads nothing over its
// output, so its output weighs on nothing in its own review and is
// compared with nothing there; stating a small one costs it nothing. The
// demo module certified for 2025 at 500,000 modules with its 1,000 MWh of
// green certificates (A), superseded by the same 2025 study without the
// instruments at 154,250 modules (B, a higher figure, no warning of its
// output), and that by the study with the instruments again at 154,250
// (C): C was compared with B's 154,250 alone, and its instruments spread
// over less than a third of A's output for the same days went unnamed.
func TestReviewer55_SuccessorComparedPastAStudyClaimingNoInstruments(t *testing.T) {
	st := newSeededStack(t)
	certA, certB := st.rev55SupersededWithoutInstruments(t, "DEMO-M10-REV55", 154250)
	c, res := rt77Store(t, st, rt91Module(t, "DEMO-M10-REV55", 154250))
	ws := st.reviewWarningsAt(t, st.applySuperseding(t, c, certB.CertificateID), "reference_output")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "certificate "+certA.Number+", earlier in the lineage") || !strings.Contains(ws[0].Message, "or which claims no green-power instruments") || !strings.Contains(ws[0].MessageZH, "或未申明绿电凭证") || !strings.Contains(ws[0].Message, "stated 500000 for 2025-01-01/2025-12-31") {
		t.Errorf("C (2025, 154,250 modules, with the instruments, %s kgCO2e) superseding B (2025, 154,250, no instruments) after A (2025, 500,000, with them): warnings at reference_output %+v, want one comparing with %s's study",
			footprint.FormatKgCO2e(res.KgCO2e), ws, certA.Number)
	}
	// The same lineage at the same output throughout (the instruments
	// dropped for a year and claimed again): nothing to name. A store of
	// its own, as the demo's green certificates are claimed once a store.
	st = newSeededStack(t)
	_, certB2 := st.rev55SupersededWithoutInstruments(t, "DEMO-M10-REV55B", 500000)
	c2, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-REV55B", 500000))
	if ws := st.reviewWarningsAt(t, st.applySuperseding(t, c2, certB2.CertificateID), "reference_output"); len(ws) != 0 {
		t.Errorf("the same output throughout: warnings at reference_output %+v, want none", ws)
	}
}

// rev55SupersededWithoutInstruments certifies red team 91's module of
// model for 2025 at 500,000 modules with its green certificates (A), and
// supersedes that certificate with the same study claiming no instruments
// at output modules (B): the two certificates.
func (st *stack) rev55SupersededWithoutInstruments(t *testing.T, model string, output float64) (certA, certB issueData) {
	t.Helper()
	a, _ := rt77Store(t, st, rt91Module(t, model, 500000))
	certA = MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, a), "")), 201)
	plain := rt91Module(t, model, output)
	delete(plain["electricity"].([]any)[0].(map[string]any), "instruments")
	b, _ := rt77Store(t, st, plain)
	return certA, st.supersede(t, b, certA.CertificateID, "")
}

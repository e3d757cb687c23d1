package api_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// Ensure a genuine certificate stays verifiable when the record of its
// successor holds another certificate's signed content (the store's 409
// on signature, red team 52's forger): its verify answer was the 409 of
// the neighbour's record, so a person scanning a sound certificate's label
// was told not to rely on it. It answers for itself, its signature
// checked, superseded_by the ID it records, and no number for the
// successor, whose record does not hold its own content; the failure is
// logged, naming both.
func TestSwap_VerifyAnswerOfACertificateWhoseSuccessorIsSwapped(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	next := reissueElsewhere(t, st, fx)
	refused := &refusedCerts{realCerts: st.certs}
	st.srv.CertificationService = refused
	id := uuid.MustParse(next.CertificateID)
	refused.id.Store(&id)
	var log bytes.Buffer
	was := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	t.Cleanup(func() { slog.SetDefault(was) })

	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"})
	if rec.Code != 200 {
		t.Fatalf("verify %s, its successor %s's record swapped: %d %s, want 200: the certificate's own record is sound", fx.number, next.Number, rec.Code, rec.Body)
	}
	v := MustData[struct {
		verifyData
		SupersededByNumber string `json:"superseded_by_number"`
	}](t, rec, 200)
	if !v.SignatureValid || v.Status != "superseded" || v.SupersededBy != next.CertificateID || v.SupersededByNumber != "" {
		t.Errorf("verify %s: %+v, want its own answer, superseded by %s with no number", fx.number, v, next.CertificateID)
	}
	if !strings.Contains(log.String(), fx.cert) || !strings.Contains(log.String(), next.CertificateID) {
		t.Errorf("log %q: want the neighbour's failure logged naming both", log.String())
	}
}

package api_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// refusedCerts is the store as it answers a lookup by ID of a certificate
// record holding another certificate's signed content (factordb
// TestRedteam52_AnotherCertificatesContentUnderAnID: a 409 on the field
// signature, as a record failing its signature check), for the one
// certificate a test sets, once it sets it.
type refusedCerts struct {
	realCerts
	id atomic.Pointer[uuid.UUID]
}

func (r *refusedCerts) FindCertificateByID(ctx context.Context, id uuid.UUID) (*certification.CertificateRecord, error) {
	if p := r.id.Load(); p != nil && *p == id {
		return nil, footprint.FieldErrorf(footprint.ECONFLICT, "signature", "certificate %s on record fails the service's check (signature not verified): the signed content it holds is not its own", id)
	}
	return r.realCerts.FindCertificateByID(ctx, id)
}

// Ensure PACT answers a footprint whose certificate record holds another
// certificate's signed content as it answers one failing its signature
// check (red team 52): the single footprint is 403 AccessDenied, not an
// internal error, and a queued answer carrying it is given up, not
// delivered, once its host is back.
func TestRedteam52_PACTWithholdsAnotherCertificatesContent(t *testing.T) {
	h := newPACTHost(t)
	refused := &refusedCerts{realCerts: h.st.certs}
	h.st.srv.CertificationService = refused
	h.peer.failNext(1 << 30) // the requester's host is down
	id := queuedAnswer(t, h, "req-other-content")
	waitAnswer(t, h.st, id, pact.AnswerPending, 1)

	a := uuid.MustParse(h.certs["A"])
	refused.id.Store(&a)
	tok := h.token(t)
	for _, v := range []string{"/2/footprints/", "/3/footprints/"} {
		if body := h.getError(t, tok, v+a.String(), 403, "AccessDenied"); !strings.Contains(string(body), "signature") {
			t.Errorf("%s%s: %s, want it named as failing the service's signature check", v, a, body)
		}
	}
	awaitAttemptAfterChange(t, h, id)
	h.peer.failNext(0) // back
	ans := waitAnswer(t, h.st, id, pact.AnswerGivenUp, 2)
	if !strings.Contains(ans.LastError, "withheld") || !strings.Contains(ans.LastError, a.String()) {
		t.Errorf("last error %q: want footprint %s named as withheld", ans.LastError, a)
	}
	h.peer.mustReceiveNothing(t, "a footprint whose record holds another certificate's content was delivered")
}

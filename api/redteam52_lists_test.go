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

// Ensure the verification page of a certificate whose record holds another
// certificate's signed content (the store's 409 on signature) tells the
// person who scanned its label not to rely on it, rather than that the
// certificate could not be checked (session 41).
func TestRedteam52_VerifyPageOfAnotherCertificatesContent(t *testing.T) {
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	refused := &refusedCerts{realCerts: st.certs}
	st.srv.CertificationService = refused
	id := uuid.MustParse(fx.cert)
	refused.id.Store(&id)
	rec := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify")
	if body := rec.Body.String(); rec.Code != 409 || !strings.Contains(body, "签名未通过验证") || !strings.Contains(body, "do not rely on this label") {
		t.Errorf("verification page: %d %s, want 409 saying, in both languages, that the record fails the check and the label is not to be relied on", rec.Code, body)
	}
}

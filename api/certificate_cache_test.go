package api_test

import (
	"bytes"
	"context"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// countingRenderer is fakeRenderer counting its renders.
type countingRenderer struct {
	fakeRenderer
	n atomic.Int64
}

func (r *countingRenderer) RenderCertificatePDF(ctx context.Context, sc *certification.SignedCertificate, status certification.CertificateStatus, verifyURL string) ([]byte, error) {
	r.n.Add(1)
	return r.fakeRenderer.RenderCertificatePDF(ctx, sc, status, verifyURL)
}

func (r *countingRenderer) RenderLabelPNG(ctx context.Context, sc *certification.SignedCertificate, verifyURL string) ([]byte, error) {
	r.n.Add(1)
	return r.fakeRenderer.RenderLabelPNG(ctx, sc, verifyURL)
}

// A certificate's documents are rendered once per certificate state and
// then served from the cache; a status change, and a change back, give a
// new document.
func TestServer_DocumentCache(t *testing.T) {
	st := newSeededStack(t)
	r := &countingRenderer{}
	st.srv.CertificateRenderer = r
	fx := st.seedFixture(t, "")
	get := func(doc string) []byte {
		t.Helper()
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/" + doc, as: asMaker})
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", doc, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	renders := func(want int64) {
		t.Helper()
		if got := r.n.Load(); got != want {
			t.Fatalf("%d renders, want %d", got, want)
		}
	}
	first := get("certificate.pdf")
	renders(1)
	if again := get("certificate.pdf"); !bytes.Equal(again, first) {
		t.Fatalf("cached document differs:\n%s\n%s", again, first)
	}
	renders(1)
	label := get("label.png")
	renders(2)
	if again := get("label.png"); !bytes.Equal(again, label) {
		t.Fatal("cached label differs")
	}
	renders(2)

	decide := func(action string) {
		t.Helper()
		if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/" + action, as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["audit"]}`)}); rec.Code != 200 {
			t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
		}
	}
	decide("suspend")
	suspended := get("certificate.pdf")
	renders(3)
	if bytes.Equal(suspended, first) || !bytes.Contains(suspended, []byte("suspended")) {
		t.Fatalf("after suspension: %s", suspended)
	}
	get("certificate.pdf")
	renders(3)
	decide("reinstate")
	get("certificate.pdf") // valid again, a new state: rendered again
	renders(4)
}

// A certificate document is sent whole with its length, not in chunks.
func TestServer_DocumentContentLength(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = &countingRenderer{}
	fx := st.seedFixture(t, "")
	for _, doc := range []string{"certificate.pdf", "label.pdf", "label.png"} {
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/" + doc, as: asMaker})
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", doc, rec.Code, rec.Body)
		}
		if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
			t.Errorf("%s: Content-Length %q, want %s", doc, got, want)
		}
	}
}

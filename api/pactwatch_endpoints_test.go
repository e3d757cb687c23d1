package api_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// failingEndpoints is the store whose first read of an owner's PACT
// endpoints fails.
type failingEndpoints struct {
	realCerts
	failed atomic.Bool
}

func (f *failingEndpoints) FindOwnerEndpoints(ctx context.Context, owner string) ([]*pact.Endpoint, error) {
	if !f.failed.Swap(true) {
		return nil, errors.New("read failed")
	}
	return f.realCerts.FindOwnerEndpoints(ctx, owner)
}

// Ensure a failed read of an owner's endpoints during a periodic PACT
// re-read counts as an error for that footprint only: the pass kept the
// failed read's empty answer for the owner, so its other footprints were
// asked with no endpoint, counted as their host not answering, and after
// three such passes their certificates were flagged though the hosts
// served them unchanged.
func TestPACTRecheck_FailedEndpointReadNotKept(t *testing.T) {
	ids := []string{"55d0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "66e1d7b8-2e3f-4b4c-8d9e-8f7a6b5c4d3e"}
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/auth/token" {
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
			return
		}
		for _, id := range ids {
			if r.URL.Path == "/2/footprints/"+id || r.URL.Path == "/3/footprints/"+id {
				w.Write(append(append([]byte(`{"data":`), supplierDocV2(id, 1, "4.2")...), '}'))
				return
			}
		}
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(ts.Close)
	st := newSeededStack(t)
	st.registerSupplier(t, ts, "frames", ts.URL)
	for i, id := range ids {
		MustData[any](t, st.fetchPACT(t, asMaker, "frames", id), 201)
		MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT55-EPS-"+strings.Repeat("X", i+1), "pact:"+id)), "")), 201)
	}
	st.srv.PACTSuppliers = &failingEndpoints{realCerts: st.certs}
	res, err := st.srv.RecheckPACTHosts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Asked != 2 || res.Errors != 1 || res.Same != 1 || res.Unreachable != 0 {
		t.Errorf("one failed endpoint read: %+v, want 2 asked, 1 error, 1 the same, none unreachable", res)
	}
}

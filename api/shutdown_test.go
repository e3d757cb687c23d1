package api_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
)

// slowFactors blocks FindFactorByCode until released.
type slowFactors struct {
	footprint.FactorService
	entered, release chan struct{}
}

func (f *slowFactors) FindFactorByCode(ctx context.Context, set, code string) (*footprint.Factor, error) {
	close(f.entered)
	<-f.release
	return testFactor(), nil
}

// FindFactorSetByVersion knows no set: the caching of pinned reads asks it.
func (f *slowFactors) FindFactorSetByVersion(_ context.Context, version string) (*footprint.FactorSet, error) {
	return nil, footprint.Errorf(footprint.ENOTFOUND, "factor set %q not found", version)
}

// Ensure Close lets a request in flight finish with its response, while the
// listener stops taking new connections at once.
func TestServer_GracefulShutdown(t *testing.T) {
	fs := &slowFactors{entered: make(chan struct{}), release: make(chan struct{})}
	s := api.NewServer()
	s.FactorService = fs
	if err := s.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	addr := s.Addr().String()

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/v1/factors/ELEC-TEST?set=2026.1")
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{status: resp.StatusCode, body: string(b), err: err}
	}()
	<-fs.entered

	closed := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		closed <- s.Close(ctx)
	}()
	// Wait until Close has closed the listener (a dial is refused), with a
	// bounded number of tries, then let the handler finish.
	refused := false
	for range 100000 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			refused = true
			break
		}
		c.Close()
		runtime.Gosched()
	}
	if !refused {
		t.Fatal("listener still accepting after Close")
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a request was in flight", err)
	default:
	}
	close(fs.release)

	r := <-done
	if r.err != nil || r.status != 200 {
		t.Fatalf("in-flight request: status=%d err=%v body=%s", r.status, r.err, r.body)
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
}

package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// syntheticFactorsCSV is seedtest.SyntheticFactorsCSV: n rows made from
// the seed set's real rows with new codes, bad changing row i if not nil.
var syntheticFactorsCSV = seedtest.SyntheticFactorsCSV

// factorCount is the factor count of set on the stack's server.
func factorCount(tb testing.TB, st *stack, set string) int {
	tb.Helper()
	return MustData[struct {
		FactorCount int `json:"factor_count"`
	}](tb, st.do(tb, request{method: "GET", target: "/v1/factor-sets/" + set, as: asAdmin}), 200).FactorCount // drafts: admins only
}

func TestServer_ImportOverBodyLimit(t *testing.T) {
	// Ensure the import route takes a file larger than the 8 MB every other
	// route takes (about 13,000 rows used to be the most), and that a body
	// over its own limit is refused with a 413 that names the limit, as is
	// a body over 8 MB on another route.
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.9"}`)}), 201)
	const rows = 15000
	body := syntheticFactorsCSV(t, rows, nil)
	if len(body) <= 8<<20 {
		t.Fatalf("the file is %d bytes, want over 8 MB", len(body))
	}
	sum := MustData[struct{ Added, Total int }](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.9/import", as: asAdmin, contentType: "text/csv", body: body}), 200)
	if sum.Added != rows || sum.Total != rows || factorCount(t, st, "2026.9") != rows {
		t.Fatalf("summary %+v, set count %d, want %d", sum, factorCount(t, st, "2026.9"), rows)
	}

	for _, tt := range []struct {
		target, contentType string
		length              int64
		want                string
	}{
		{"/v1/factor-sets/2026.9/import", "text/csv", api.ImportBodyLimit + 1, "the limit is 256 MB (268435456 bytes)"},
		{"/v1/studies", "application/json", 8<<20 + 1, "the limit is 8MB"},
	} {
		req := httptest.NewRequest("POST", tt.target, strings.NewReader("x"))
		req.ContentLength = tt.length
		req.Header.Set("Content-Type", tt.contentType)
		req.Header.Set("Authorization", "Bearer "+st.tokens[asAdmin])
		rec := httptest.NewRecorder()
		st.srv.ServeHTTP(rec, req)
		if e := MustError(t, rec, 413, "too_large"); !strings.Contains(e.Error.Message, tt.want) {
			t.Errorf("%s: message %q, want it to name the limit (%q)", tt.target, e.Error.Message, tt.want)
		}
	}
}

// gatedReader delivers the first half of a file, then waits until open is
// closed before it delivers the rest: a reader that shows whether the other
// end answers while the upload is still under way.
type gatedReader struct {
	r    *bytes.Reader
	half int64
	open <-chan struct{}
}

func (g *gatedReader) Read(p []byte) (int, error) {
	sent := g.r.Size() - int64(g.r.Len())
	if sent < g.half {
		return g.r.Read(p[:min(int64(len(p)), g.half-sent)])
	}
	select {
	case <-g.open:
	case <-time.After(30 * time.Second):
		return 0, errors.New("the server sent no progress while the upload was under way")
	}
	return g.r.Read(p)
}

func TestFactorService_ImportFactorsCSV(t *testing.T) {
	// Ensure a large factor file imported through a running server streams:
	// the server reports progress while the file is still being uploaded
	// (the reader waits for it half way), then through every phase, and the
	// set holds every row; and that a file with a bad row late in it comes
	// back as its bad lines, with nothing written.
	st, c, _ := MustServeStack(t)
	c.Token = st.tokens[asAdmin]
	remote := api.NewFactorService(c)
	ctx := context.Background()
	for _, v := range []string{"2026.8", "2026.9"} {
		if err := remote.CreateFactorSet(ctx, &footprint.FactorSet{Version: v}); err != nil {
			t.Fatal(err)
		}
	}

	const rows = 12000
	body := syntheticFactorsCSV(t, rows, nil)
	var (
		mu     sync.Mutex
		phases []string
		counts = map[string]int{}
		open   = make(chan struct{})
		once   sync.Once
	)
	progress := func(phase string, n int) {
		mu.Lock()
		defer mu.Unlock()
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
		counts[phase] = n
		once.Do(func() { close(open) })
	}
	sum, err := remote.ImportFactorsCSV(ctx, "2026.9", &gatedReader{r: bytes.NewReader(body), half: int64(len(body) / 2), open: open}, "big.csv", progress)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != rows || sum.Total != rows || factorCount(t, st, "2026.9") != rows {
		t.Fatalf("summary %+v, set count %d, want %d", sum, factorCount(t, st, "2026.9"), rows)
	}
	if counts["read"] != rows || counts["write"] != rows || counts["commit"] != rows {
		t.Errorf("last counts %v, want %d read, written and committed", counts, rows)
	}
	if seen := strings.Join(phases, " "); !strings.HasPrefix(seen, "read") || !strings.Contains(seen, "write") || !strings.HasSuffix(seen, "commit") {
		t.Errorf("phases %q, want read and write interleaved, then commit", seen)
	}

	bad := syntheticFactorsCSV(t, rows, func(i int, row map[string]string) {
		if i == rows-10 {
			row["value"] = "1_000"
		}
	})
	_, err = remote.ImportFactorsCSV(ctx, "2026.8", bytes.NewReader(bad), "bad.csv", nil)
	var list *tabular.Errors
	if !errors.As(err, &list) || len(list.Errors) != 1 || list.Errors[0].Field != fmt.Sprintf("bad.csv:%d:value", rows-10+2) {
		t.Fatalf("bad file: %v", err)
	}
	if n := factorCount(t, st, "2026.8"); n != 0 {
		t.Fatalf("a refused import wrote %d factors", n)
	}
}

func TestServer_ImportMultipart(t *testing.T) {
	// Ensure a multipart upload is streamed from its "file" part, and that
	// a part before it, or a second file after it, is refused naming the
	// part, with nothing written.
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.9"}`)}), 201)
	file := string(syntheticFactorsCSV(t, 3, nil))
	for _, tt := range []struct {
		name, body, field string
	}{
		{"Second", "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + file + "\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.csv\"\r\n\r\n" + file + "\r\n--B--\r\n", "file"},
		{"Before", "--B\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\nx\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + file + "\r\n--B--\r\n", "notes"},
		{"None", "--B--\r\n", "file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.9/import", as: asAdmin, contentType: "multipart/form-data; boundary=B", body: []byte(tt.body)})
			if e := MustError(t, rec, 400, "invalid"); e.Error.Field != tt.field {
				t.Errorf("field %q, want %q: %s", e.Error.Field, tt.field, rec.Body)
			}
			if n := factorCount(t, st, "2026.9"); n != 0 {
				t.Fatalf("a refused import wrote %d factors", n)
			}
		})
	}
	rec := st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.9/import", as: asAdmin, contentType: "multipart/form-data; boundary=B",
		body: []byte("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + file + "\r\n--B--\r\n")})
	if sum := MustData[struct{ Added int }](t, rec, 200); sum.Added != 3 {
		t.Fatalf("summary %+v", sum)
	}
}

func TestServer_ImportProgressStream(t *testing.T) {
	// Ensure a client that asks for NDJSON gets progress lines and, last,
	// the outcome: the summary, or the error with every bad line, as an
	// error answer would have it.
	st, c, _ := MustServeStack(t)
	for _, v := range []string{"2026.8", "2026.9"} {
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"` + v + `"}`)}), 201)
	}
	post := func(set string, body []byte) []string {
		req, err := http.NewRequest("POST", c.URL+"/v1/factor-sets/"+set+"/import", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Accept", "application/x-ndjson")
		req.Header.Set("Authorization", "Bearer "+st.tokens[asAdmin])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	lines := post("2026.9", syntheticFactorsCSV(t, 6000, nil))
	if !strings.HasPrefix(lines[0], `{"progress":{"phase":"read","count":1000}}`) ||
		lines[len(lines)-1] != `{"data":{"set":"2026.9","added":6000,"replaced":0,"total":6000}}` {
		t.Fatalf("lines %q", lines)
	}
	lines = post("2026.8", syntheticFactorsCSV(t, 6000, func(i int, row map[string]string) {
		if i == 5000 || i == 5500 {
			row["unit"] = "furlongs"
		}
	}))
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, `{"error":{"code":"invalid","message":"2 problems in the file; the first: `) ||
		!strings.Contains(last, `"field":"factors.csv:5002:unit"`) || !strings.Contains(last, `"field":"factors.csv:5502:unit"`) {
		t.Fatalf("last line %q", last)
	}
	if n := factorCount(t, st, "2026.8"); n != 0 {
		t.Fatalf("a refused import wrote %d factors", n)
	}
}

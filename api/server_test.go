package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
)

// fakeFactors is an in-memory footprint.FactorService with function hooks.
type fakeFactors struct {
	footprint.FactorService // unimplemented methods panic
	findFactors             func(footprint.FactorFilter) (*footprint.FactorPage, error)
	findByCode              func(set, code string) (*footprint.Factor, error)
}

func (f *fakeFactors) FindFactors(_ context.Context, filter footprint.FactorFilter) (*footprint.FactorPage, error) {
	return f.findFactors(filter)
}

func (f *fakeFactors) FindFactorByCode(_ context.Context, set, code string) (*footprint.Factor, error) {
	return f.findByCode(set, code)
}

// FindFactorSetByVersion knows no set: the caching of pinned reads asks it.
func (f *fakeFactors) FindFactorSetByVersion(_ context.Context, version string) (*footprint.FactorSet, error) {
	return nil, footprint.Errorf(footprint.ENOTFOUND, "factor set %q not found", version)
}

func testFactor() *footprint.Factor {
	return &footprint.Factor{
		Code: "ELEC-TEST", NameEN: "test electricity", NameZH: "测试电力",
		Category: footprint.CategoryElectricity, Value: 0.5,
		Unit:     footprint.FactorUnit{Emitted: "kgCO2e", Basis: footprint.BasisCO2e, EmittedKg: 1, Per: footprint.MustParseUnit("kWh")},
		Boundary: footprint.BoundaryLifeCycle, Geography: "CN", Year: 2024,
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "271600"}},
		Source:       footprint.Source{Publisher: "test"}, Status: footprint.StatusActive, Set: "2026.1",
	}
}

func newTestServer(fs footprint.FactorService) *api.Server {
	s := api.NewServer()
	s.FactorService = fs
	return s
}

type errorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

func do(t *testing.T, s http.Handler, method, target string) (*httptest.ResponseRecorder, errorJSON) {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	var e errorJSON
	if rec.Code >= 400 {
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%s %s: error content type %q, want JSON", method, target, ct)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
			t.Fatalf("%s %s: error body %q: %v", method, target, rec.Body.String(), err)
		}
	}
	return rec, e
}

// Ensure every class of error leaves as JSON with the right status and code,
// and that internal details never reach the client.
func TestServer_Errors(t *testing.T) {
	fs := &fakeFactors{
		findFactors: func(f footprint.FactorFilter) (*footprint.FactorPage, error) {
			return &footprint.FactorPage{Set: "2026.1"}, nil
		},
		findByCode: func(set, code string) (*footprint.Factor, error) {
			switch code {
			case "MISSING":
				return nil, footprint.Errorf(footprint.ENOTFOUND, "factor %q not found", code)
			case "BOOM":
				return nil, errors.New("bolt: page 42 corrupt at /var/lib/secret")
			}
			return testFactor(), nil
		},
	}
	s := newTestServer(fs)
	for _, tt := range []struct {
		name, method, target string
		status               int
		code, field          string
	}{
		{"UnknownRoute", "GET", "/v1/nothing", 404, "not_found", ""},
		{"WrongMethod", "DELETE", "/v1/factors", 405, "method_not_allowed", ""},
		{"NotFound", "GET", "/v1/factors/MISSING", 404, "not_found", ""},
		{"BadCode", "GET", "/v1/factors/bad%20code", 400, "invalid", "code"},
		{"BadYear", "GET", "/v1/factors?year=abc", 400, "invalid", "year"},
		{"BadLimit", "GET", "/v1/factors?limit=-1", 400, "invalid", "limit"},
		{"HugeLimit", "GET", "/v1/factors?limit=100000", 400, "invalid", "limit"},
		{"BadCategory", "GET", "/v1/factors?category=unobtainium", 400, "invalid", "category"},
		{"BadStatus", "GET", "/v1/factors?status=zombie", 400, "invalid", "status"},
		{"BadProductCode", "GET", "/v1/factors?product_code=85x1", 400, "invalid", "product_code"},
		{"BadMatch", "GET", "/v1/factors?product_code=85&product_code_match=fuzzy", 400, "invalid", "product_code_match"},
		{"Internal", "GET", "/v1/factors/BOOM", 500, "internal", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, e := do(t, s, tt.method, tt.target)
			if got, want := rec.Code, tt.status; got != want {
				t.Fatalf("status=%d, want %d (body %s)", got, want, rec.Body)
			}
			if got, want := e.Error.Code, tt.code; got != want {
				t.Errorf("code=%q, want %q", got, want)
			}
			if got, want := e.Error.Field, tt.field; got != want {
				t.Errorf("field=%q, want %q", got, want)
			}
			if e.Error.Message == "" {
				t.Error("empty message")
			}
			if strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "bolt") {
				t.Errorf("internal detail leaked: %s", rec.Body)
			}
		})
	}
}

// Ensure query parameters reach the service as a typed filter.
func TestServer_FactorIndexFilter(t *testing.T) {
	var got footprint.FactorFilter
	fs := &fakeFactors{findFactors: func(f footprint.FactorFilter) (*footprint.FactorPage, error) {
		got = f
		return &footprint.FactorPage{Set: "2026.1", Factors: []*footprint.Factor{testFactor()}, NextCursor: "abc"}, nil
	}}
	s := newTestServer(fs)
	rec, _ := do(t, s, "GET", "/v1/factors?set=2026.1&product_code=HS:8541&product_code_match=exact&category=electricity&geography=CN-SC&year=2023&status=active&q=%E7%94%B5&limit=7&cursor=xyz")
	if rec.Code != 200 {
		t.Fatalf("status=%d: %s", rec.Code, rec.Body)
	}
	if got.Set != "2026.1" || *got.ProductCode != "HS:8541" || !got.ProductCodeExact || *got.Category != footprint.CategoryElectricity ||
		*got.Geography != "CN-SC" || *got.Year != 2023 || *got.Status != footprint.StatusActive || *got.Text != "电" ||
		got.Limit != 7 || got.Cursor != "xyz" {
		t.Fatalf("filter=%+v", got)
	}
	var body struct {
		Data []api.FactorJSON `json:"data"`
		Meta struct {
			Set        string `json:"set"`
			NextCursor string `json:"next_cursor"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Data) != 1 || body.Data[0].Unit != "kgCO2e/kWh" || body.Data[0].GHGBasis != "CO2e" || body.Data[0].ProductCodes[0] != "HS:271600" {
		t.Fatalf("data=%+v", body.Data)
	}
	if body.Meta.NextCursor != "abc" || !strings.Contains(rec.Header().Get("Link"), "cursor=abc") {
		t.Fatalf("meta=%+v link=%q", body.Meta, rec.Header().Get("Link"))
	}
}

// Ensure /healthz answers without any service.
func TestServer_Health(t *testing.T) {
	rec, _ := do(t, newTestServer(nil), "GET", "/healthz")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"ok"`) {
		t.Fatalf("status=%d body=%s", rec.Code, rec.Body)
	}
}

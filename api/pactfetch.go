package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/labstack/echo/v4"
)

// Fetching a supplier's footprint from its PACT host (docs/pact.md "In"):
// a manufacturer registers the supplier's host and the client credentials
// the supplier gave it, then fetches a footprint by id; the service
// authenticates at the host's /auth/token (HTTP Basic), reads
// /3/footprints/{id} (falling back to /2/footprints/{id}) and stores the
// footprint as an upload would, with the URL it came from. Only hosts on
// the configured allow-list (PACTConfig.Suppliers) are called.

// PACTHost is a supplier's PACT host manufacturers may fetch from.
type PACTHost struct {
	// URL is the host's https base URL, e.g. "https://supplier.example.com"
	// or "https://127.0.0.1:9443" for a local test.
	URL string `json:"url"`
}

// endpointRequest registers a supplier's PACT host.
type endpointRequest struct {
	Name         string `json:"name"`
	URL          string `json:"url"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// endpointJSON is an endpoint as the API shows it: never its secret.
type endpointJSON struct {
	Name      string    `json:"name"`
	URL       string    `json:"url"`
	ClientID  string    `json:"client_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func endpointResponse(e *pact.Endpoint) endpointJSON {
	return endpointJSON{Name: e.Name, URL: e.URL, ClientID: e.ClientID, CreatedAt: e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC()}
}

// fetchRequest asks for one footprint by its id.
type fetchRequest struct {
	ID string `json:"id"`
}

// fetchedFootprintResponse is a fetched footprint as stored.
type fetchedFootprintResponse struct {
	supplierFootprintResponse
	Source string `json:"source"` // the URL it was read from
}

// pactHostAllowed reports whether a base URL is on the supplier allow-list.
func (s *Server) pactHostAllowed(base string) bool {
	for _, h := range s.PACT.Suppliers {
		if strings.EqualFold(strings.TrimRight(h.URL, "/"), strings.TrimRight(base, "/")) {
			return true
		}
	}
	return false
}

func (s *Server) handlePACTEndpointIndex(c echo.Context) error {
	eps, err := ask(c, s.PACTSuppliers, "PACT supplier endpoints", pact.Store.FindEndpoints)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: mapList(eps, endpointResponse)})
}

func (s *Server) handlePACTEndpointSave(c echo.Context) error {
	var req endpointRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	e := &pact.Endpoint{Name: req.Name, URL: strings.TrimRight(req.URL, "/"), ClientID: req.ClientID, ClientSecret: req.ClientSecret}
	if err := e.Validate(); err != nil {
		return err
	}
	if !s.pactHostAllowed(e.URL) {
		return footprint.FieldErrorf(footprint.EINVALID, "url", "%q is not on this server's list of supplier PACT hosts (--pact-config \"suppliers\"); ask the operator to add it", truncate(e.URL, 100))
	}
	if err := need(s.PACTSuppliers != nil, "PACT supplier endpoints"); err != nil {
		return err
	}
	created, err := s.PACTSuppliers.SaveEndpoint(c.Request().Context(), e)
	if err != nil {
		return err
	}
	return c.JSON(savedStatus(created), dataResponse{Data: endpointResponse(e)})
}

func (s *Server) handlePACTFetch(c echo.Context) error {
	var req fetchRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	id, err := uuid.Parse(req.ID)
	if err != nil || len(req.ID) != 36 {
		return footprint.FieldErrorf(footprint.EINVALID, "id", "invalid footprint id %q: want a UUID", truncate(req.ID, 64))
	}
	if err := need(s.PACTSuppliers != nil, "PACT supplier endpoints"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	e, err := s.PACTSuppliers.FindEndpoint(ctx, c.Param("name"))
	if err != nil {
		return err
	}
	if !s.pactHostAllowed(e.URL) {
		return footprint.FieldErrorf(footprint.EINVALID, "url", "%q is no longer on this server's list of supplier PACT hosts", truncate(e.URL, 100))
	}
	doc, source, err := s.fetchPACTFootprint(ctx, e, id)
	if err != nil {
		return err
	}
	// Refused as an upload is (red team 69); a Deprecated document is the
	// store's to record.
	if sup, err := pact.ParseSupplier(doc); err == nil {
		if err := sup.CheckCCUCredit(); err != nil {
			return err
		}
	}
	var sup *pact.Supplier
	var created bool
	if f, ok := s.PACTSuppliers.(fetchedFootprintSaver); ok {
		// The endpoint's client ID too: one host may serve several data
		// owners, each to its own credentials (red team 55).
		sup, created, err = f.SaveFetchedFootprint(ctx, doc, source, e.ClientID)
	} else {
		sup, created, err = s.PACTSuppliers.SaveSupplierFootprint(ctx, doc, source)
	}
	if err != nil {
		return err
	}
	return c.JSON(savedStatus(created), dataResponse{Data: fetchedFootprintResponse{newSupplierFootprintResponse(sup), source}})
}

// fetchedFootprintSaver stores a fetched footprint with the client ID of
// the endpoint it came through (factordb's CertificationService has it).
type fetchedFootprintSaver interface {
	SaveFetchedFootprint(ctx context.Context, doc []byte, source, client string) (*pact.Supplier, bool, error)
}

// fetchError is a failure of the supplier's host, told to the manufacturer
// (its own supplier, its own credentials) without the credentials, in
// Chinese and English (red team 64: the format was joined to a prefix, so
// no table gave it its Chinese, and the check of every format did not see
// it).
func fetchError(format string, args ...any) error {
	return footprint.FieldErrorf(footprint.EINVALID, "endpoint", "supplier's PACT host: %s", say(format, args...))
}

// fetchPACTFootprint gets a token at the endpoint's /auth/token and reads
// the footprint from /3/footprints/{id}, else /2/footprints/{id}. It
// returns the footprint document (the "data" member) and the URL read.
func (s *Server) fetchPACTFootprint(ctx context.Context, e *pact.Endpoint, id uuid.UUID) ([]byte, string, error) {
	client := s.pactClient()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	token, err := pactToken(ctx, client, e.URL, e.ClientID, e.ClientSecret)
	if err != nil {
		return nil, "", fetchError("authentication failed: %s", truncate(err.Error(), 300))
	}
	var lastErr error
	lastStatus, lastTarget, lastBody := 0, "", ""
	for _, v := range []int{3, 2} {
		target := fmt.Sprintf("%s/%d/footprints/%s", e.URL, v, id)
		status, body, err := getFootprint(ctx, client, target, token)
		if err != nil {
			return nil, "", fetchError("no answer: %s", truncate(err.Error(), 300))
		}
		if status == http.StatusOK {
			// The answer is read as the store reads it, and its id is the
			// one the store reads (red team 30).
			doc, ok := pact.FootprintAnswer(body)
			if !ok {
				return nil, "", fetchError("GET %s: the answer is not {\"data\": ProductFootprint}", target)
			}
			sup, err := pact.ParseSupplier(doc)
			if dep, ok := errors.AsType[*pact.DeprecatedError](err); ok && dep.ID == id {
				// The data owner deprecated it: the store records that
				// of a footprint it holds, and refuses it otherwise.
				return doc, target, nil
			} else if err != nil {
				return nil, "", err // what the store would refuse, naming the field
			}
			if sup.ID != id {
				return nil, "", fetchError("GET %s answered footprint %s, not %s", target, sup.ID, id)
			}
			return doc, target, nil
		}
		lastStatus, lastTarget, lastBody = status, target, truncate(string(bytes.TrimSpace(body)), 200)
		lastErr = fmt.Errorf("GET %s: %d %s", target, status, lastBody)
		switch status {
		case http.StatusNotFound, http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusNotImplemented:
			continue // a v2 host has no /3 route: try /2
		}
		break
	}
	if errors.Is(lastErr, context.DeadlineExceeded) {
		return nil, "", fetchError("timed out")
	}
	if lastStatus == http.StatusNotFound {
		// Neither route has it: the host does not serve the footprint
		// (the periodic re-read tells this from no answer: pactwatch.go).
		return nil, "", notServedError{fetchError("GET %s: %d %s", lastTarget, lastStatus, lastBody)}
	}
	return nil, "", fetchError("GET %s: %d %s", lastTarget, lastStatus, lastBody)
}

// notServedError is fetchPACTFootprint's error when the host answered 404
// for the footprint on both routes.
type notServedError struct{ error }

func (e notServedError) Unwrap() error { return e.error }

// getFootprint sends one authenticated GET and returns the status and at
// most pact.MaxEventBytes of the body.
func getFootprint(ctx context.Context, client *http.Client, target, token string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set(echo.HeaderAuthorization, "Bearer "+token)
	req.Header.Set(echo.HeaderAccept, echo.MIMEApplicationJSON)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, pact.MaxEventBytes+1))
	if err != nil {
		return 0, nil, err
	}
	if len(b) > pact.MaxEventBytes {
		return 0, nil, fmt.Errorf("GET %s: the answer is larger than %d bytes", target, pact.MaxEventBytes)
	}
	return resp.StatusCode, b, nil
}

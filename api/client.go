package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// Client talks to a running pcf server over its HTTP API. Its service types
// (FactorService) implement the footprint service interfaces, so a program
// can use a server where it would otherwise open the database: pcf's
// commands do when pcf serve holds the database file. Requests and answers
// use this package's wire types, and an error answer becomes the
// *footprint.Error the server mapped to its status (a file's list of bad
// lines becomes a *tabular.Errors again).
type Client struct {
	URL   string // base URL of the server, e.g. http://127.0.0.1:8080
	Token string // API key or access token sent as a bearer token; "" for public routes only

	// HTTPClient sends the requests; nil means http.DefaultClient.
	HTTPClient *http.Client
}

// NewClient returns a client of the server at baseURL.
func NewClient(baseURL string) *Client {
	return &Client{URL: strings.TrimRight(baseURL, "/")}
}

// Health asks the server's /healthz and returns the version it reports.
func (c *Client) Health(ctx context.Context) (version string, err error) {
	var h healthResponse
	if err := c.do(ctx, http.MethodGet, "/healthz", nil, "", nil, &h); err != nil {
		return "", err
	}
	if h.Status != "ok" {
		return "", fmt.Errorf("%s: health %q", c.URL, h.Status)
	}
	return h.Version, nil
}

// EnsureOrganizationKey does access.EnsureOrganizationKey on the server
// (POST /v1/admin/keys); it needs an admin token. It returns the new key's
// token, shown once.
func (c *Client) EnsureOrganizationKey(ctx context.Context, org *access.Organization) (string, *access.APIKey, error) {
	req := keyRequest{Org: org.Name, organizationProfile: organizationProfile{
		Role: string(org.Role), NameZH: org.NameZH, Address: org.Address, ApprovalNumber: org.ApprovalNumber,
		Signatories: org.Signatories, Scope: org.Scope,
	}}
	var resp struct {
		Data keyResponse `json:"data"`
	}
	if err := c.sendJSON(ctx, http.MethodPost, "/v1/admin/keys", req, &resp); err != nil {
		return "", nil, err
	}
	k := resp.Data
	if k.Token == "" || k.APIKey == nil {
		return "", nil, fmt.Errorf("%s: create key: the answer holds no token", c.URL)
	}
	return k.Token, k.APIKey, nil
}

// SetOrganizationRegister is PUT /v1/admin/organizations/{name}/register:
// both lists replace the certification body's ([] or nil for none); it
// needs an admin token.
func (c *Client) SetOrganizationRegister(ctx context.Context, name string, signatories, scope []string) (*access.Organization, error) {
	var resp struct {
		Data *access.Organization `json:"data"`
	}
	req := registerRequest{Signatories: &signatories, Scope: &scope}
	if signatories == nil {
		req.Signatories = &[]string{}
	}
	if scope == nil {
		req.Scope = &[]string{}
	}
	err := c.sendJSON(ctx, http.MethodPut, "/v1/admin/organizations/"+url.PathEscape(name)+"/register", req, &resp)
	return resp.Data, err
}

// RestoredAPIKeys is GET /v1/admin/keys/restored: the API keys a restore
// of the server's database brought back, refused until confirmed.
func (c *Client) RestoredAPIKeys(ctx context.Context) ([]*access.APIKey, error) {
	var resp struct {
		Data []*access.APIKey `json:"data"`
	}
	err := c.do(ctx, http.MethodGet, "/v1/admin/keys/restored", nil, "", nil, &resp)
	return resp.Data, err
}

// ConfirmAPIKey is POST /v1/admin/keys/{id}/confirm.
func (c *Client) ConfirmAPIKey(ctx context.Context, id string) (*access.APIKey, error) {
	var resp struct {
		Data *access.APIKey `json:"data"`
	}
	err := c.do(ctx, http.MethodPost, "/v1/admin/keys/"+url.PathEscape(id)+"/confirm", nil, "", nil, &resp)
	return resp.Data, err
}

// MarkAPIKeyCompromised is POST /v1/admin/keys/{id}/compromised.
func (c *Client) MarkAPIKeyCompromised(ctx context.Context, id string, since time.Time) (*access.APIKey, error) {
	var resp struct {
		Data *access.APIKey `json:"data"`
	}
	err := c.sendJSON(ctx, http.MethodPost, "/v1/admin/keys/"+url.PathEscape(id)+"/compromised", keyCompromisedRequest{Since: since.Format(time.RFC3339Nano)}, &resp)
	return resp.Data, err
}

// ConfirmRestoredAPIKeys is POST /v1/admin/keys/restored/confirm.
func (c *Client) ConfirmRestoredAPIKeys(ctx context.Context, reason string) ([]*access.APIKey, error) {
	var resp struct {
		Data confirmedKeysResponse `json:"data"`
	}
	err := c.sendJSON(ctx, http.MethodPost, "/v1/admin/keys/restored/confirm", reasonsRequest{Reasons: []string{reason}}, &resp)
	return resp.Data.Keys, err
}

// Backup writes a hot backup of the server's database to w (GET
// /v1/admin/backup); it needs an admin token. A copy shorter than the size
// the server announced is an error, never a backup: the server cuts the
// connection when its copy fails half way. An error answer names the HTTP
// status as well: an operator reads it.
func (c *Client) Backup(ctx context.Context, w io.Writer) (int64, error) {
	resp, err := c.request(ctx, http.MethodGet, "/v1/admin/backup", nil, "", nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s answered %s: %w", c.URL, resp.Status, responseError(resp))
	}
	n, err := io.Copy(w, resp.Body)
	if err == nil && (resp.ContentLength <= 0 || n != resp.ContentLength) {
		err = fmt.Errorf("the download is incomplete (%d of %d bytes)", n, resp.ContentLength)
	}
	if err != nil {
		return n, fmt.Errorf("%s: backup: %w", c.URL, err)
	}
	return n, nil
}

// FindAuditEvents is GET /v1/audit: one page of the audit trail, newest
// first, and the cursor of the next ("" on the last). It needs a
// regulator's or an admin's token.
func (c *Client) FindAuditEvents(ctx context.Context, f access.AuditFilter) ([]*access.AuditEvent, string, error) {
	var resp struct {
		Data []*access.AuditEvent `json:"data"`
		Meta pageMeta             `json:"meta"`
	}
	q := url.Values{}
	for name, v := range map[string]*string{"subject": f.Subject, "actor": f.Actor, "action": f.Action, "cursor": &f.Cursor} {
		if v != nil && *v != "" {
			q.Set(name, *v)
		}
	}
	if f.Since != nil {
		q.Set("since", f.Since.UTC().Format(time.RFC3339Nano))
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	err := c.do(ctx, http.MethodGet, "/v1/audit", q, "", nil, &resp)
	return resp.Data, resp.Meta.NextCursor, err
}

// send makes a request and returns the answer of a 2xx status; any other
// status is returned as an error (responseError).
func (c *Client) send(ctx context.Context, method, path string, query url.Values, contentType string, body io.Reader) (*http.Response, error) {
	resp, err := c.request(ctx, method, path, query, contentType, body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		return nil, responseError(resp)
	}
	return resp, nil
}

// request makes a request and returns the answer, whatever its status.
func (c *Client) request(ctx context.Context, method, path string, query url.Values, contentType string, body io.Reader) (*http.Response, error) {
	u := c.URL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("server URL %q: %w", c.URL, err)
	}
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.roundTrip(req)
}

// roundTrip sends req with the client's token, on its HTTP client, and
// returns the answer, whatever its status.
func (c *Client) roundTrip(req *http.Request) (*http.Response, error) {
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	return hc.Do(req) // a *url.Error names the method and URL
}

// do makes a request and decodes the JSON answer into out (if not nil).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, contentType string, body io.Reader, out any) error {
	resp, err := c.send(ctx, method, path, query, contentType, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode the answer: %w", method, c.URL+path, err)
	}
	return nil
}

// sendJSON sends in as a JSON body.
func (c *Client) sendJSON(ctx context.Context, method, path string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return c.do(ctx, method, path, nil, "application/json", bytes.NewReader(b), out)
}

// responseError turns an error answer back into the error the server
// mapped: a *footprint.Error with the code, field and message of the JSON
// body, or a *tabular.Errors when the body lists several problems (the bad
// lines of an uploaded file). An answer without a JSON error body names the
// status, and counts as internal.
func responseError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var e errorResponse
	if json.Unmarshal(b, &e) != nil || e.Error.Code == "" {
		return fmt.Errorf("%s %s: %s", resp.Request.Method, resp.Request.URL.Redacted(), resp.Status)
	}
	return bodyError(e.Error)
}

// bodyError is the error of an error body (responseError).
func bodyError(e errorBody) error {
	if len(e.Details) == 0 {
		return &footprint.Error{Code: e.Code, Field: e.Field, Message: e.Message}
	}
	errs := &tabular.Errors{}
	for _, d := range e.Details {
		var n int
		if d.Field == "" {
			if _, err := fmt.Sscanf(d.Message, "and %d more problems", &n); err == nil {
				errs.Omitted = n
				continue
			}
		}
		errs.Errors = append(errs.Errors, &footprint.Error{Code: e.Code, Field: d.Field, Message: d.Message})
	}
	return errs
}

// FactorService is footprint.FactorService over HTTP.
type FactorService struct {
	Client *Client
}

var _ footprint.FactorService = (*FactorService)(nil)

// NewFactorService returns the factor service of the server c talks to.
func NewFactorService(c *Client) *FactorService { return &FactorService{Client: c} }

// FindFactorByCode is GET /v1/factors/{code}?set=.
func (s *FactorService) FindFactorByCode(ctx context.Context, set, code string) (*footprint.Factor, error) {
	q := url.Values{}
	if set != "" {
		q.Set("set", set)
	}
	var resp struct {
		Data FactorJSON `json:"data"`
	}
	if err := s.Client.do(ctx, http.MethodGet, "/v1/factors/"+url.PathEscape(code), q, "", nil, &resp); err != nil {
		return nil, err
	}
	return resp.Data.toDomain()
}

// FindFactorsByCodes reads the whole set in one answer (its CSV export),
// one snapshot as the interface asks, and keeps the codes asked for.
func (s *FactorService) FindFactorsByCodes(ctx context.Context, set string, codes []string) (map[string]*footprint.Factor, error) {
	all, err := s.ExportFactorSet(ctx, set)
	if err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(codes))
	for _, c := range codes {
		want[c] = true
	}
	m := make(map[string]*footprint.Factor, len(codes))
	for _, f := range all {
		if want[f.Code] {
			m[f.Code] = f
		}
	}
	return m, nil
}

// FindFactors is GET /v1/factors with the filter as query parameters. With
// a Text, a server that searches answers in relevance order (SearchFactors).
func (s *FactorService) FindFactors(ctx context.Context, f footprint.FactorFilter) (*footprint.FactorPage, error) {
	factors, meta, err := s.getFactors(ctx, f)
	if err != nil {
		return nil, err
	}
	return &footprint.FactorPage{Set: meta.Set, NextCursor: meta.NextCursor, Factors: factors}, nil
}

// getFactors is GET /v1/factors with the filter as query parameters: the
// factors answered, in the server's order, and the answer's meta.
func (s *FactorService) getFactors(ctx context.Context, f footprint.FactorFilter) ([]*footprint.Factor, factorPageMeta, error) {
	var resp struct {
		Data []FactorJSON   `json:"data"`
		Meta factorPageMeta `json:"meta"`
	}
	if err := s.Client.do(ctx, http.MethodGet, "/v1/factors", factorFilterQuery(f), "", nil, &resp); err != nil {
		return nil, resp.Meta, err
	}
	var factors []*footprint.Factor
	for i := range resp.Data {
		f, err := resp.Data[i].toDomain()
		if err != nil {
			return nil, resp.Meta, err
		}
		factors = append(factors, f)
	}
	return factors, resp.Meta, nil
}

var (
	_ factorlib.FactorSearcher    = (*FactorService)(nil)
	_ factorlib.FactorFlagService = (*FactorService)(nil)
)

// SearchFactors is GET /v1/factors?q=: a text search in relevance order
// with the total and counts per category. Returns EINVALID naming q for a
// blank text.
func (s *FactorService) SearchFactors(ctx context.Context, f footprint.FactorFilter) (*factorlib.FactorSearchResult, error) {
	if f.Text == nil || strings.TrimSpace(*f.Text) == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "q", "search text is required")
	}
	factors, meta, err := s.getFactors(ctx, f)
	if err != nil {
		return nil, err
	}
	res := &factorlib.FactorSearchResult{Set: meta.Set, NextCursor: meta.NextCursor, Total: len(factors), Categories: map[footprint.Category]int{}}
	if meta.Total != nil {
		res.Total = *meta.Total
	}
	if meta.Facets != nil {
		for c, n := range meta.Facets.Category {
			res.Categories[footprint.Category(c)] = n
		}
	}
	for _, f := range factors {
		res.Hits = append(res.Hits, factorlib.FactorHit{Factor: f})
	}
	return res, nil
}

// FindFactorFlags is GET /v1/factor-sets/{version}/flags.
func (s *FactorService) FindFactorFlags(ctx context.Context, set string) ([]*factorlib.FactorFlag, error) {
	var resp struct {
		Data []FactorFlagJSON `json:"data"`
	}
	if err := s.Client.do(ctx, http.MethodGet, "/v1/factor-sets/"+url.PathEscape(set)+"/flags", nil, "", nil, &resp); err != nil {
		return nil, err
	}
	return factorFlagsToDomain(resp.Data), nil
}

// AcknowledgeFactorFlags is POST /v1/factor-sets/{version}/flags/acknowledge
// (admin).
func (s *FactorService) AcknowledgeFactorFlags(ctx context.Context, set string, seen []factorlib.SeenFlag, note string) ([]*factorlib.FactorFlag, error) {
	var resp struct {
		Data []FactorFlagJSON `json:"data"`
	}
	if err := s.Client.sendJSON(ctx, http.MethodPost, "/v1/factor-sets/"+url.PathEscape(set)+"/flags/acknowledge", newFlagAcknowledgeRequest(seen, note), &resp); err != nil {
		return nil, err
	}
	return factorFlagsToDomain(resp.Data), nil
}

var _ factorlib.SetReviewService = (*FactorService)(nil)

// FindSetReview is the set_review of GET /v1/factor-sets/{version}/flags
// (nil when the server has no set-level review).
func (s *FactorService) FindSetReview(ctx context.Context, set string) (*factorlib.SetReview, error) {
	var resp struct {
		Meta factorFlagsMeta `json:"meta"`
	}
	if err := s.Client.do(ctx, http.MethodGet, "/v1/factor-sets/"+url.PathEscape(set)+"/flags", nil, "", nil, &resp); err != nil {
		return nil, err
	}
	return setReviewToDomain(set, resp.Meta.SetReview), nil
}

// ReviewFactorSet is POST /v1/factor-sets/{version}/flags/acknowledge with
// set true (a curator).
func (s *FactorService) ReviewFactorSet(ctx context.Context, set, digest string, seen []factorlib.SeenFlag, note string) (*factorlib.SetReview, []*factorlib.FactorFlag, error) {
	var resp struct {
		Data []FactorFlagJSON `json:"data"`
		Meta factorFlagsMeta  `json:"meta"`
	}
	req := newFlagAcknowledgeRequest(seen, note)
	req.Set, req.SetDigest = true, digest
	if err := s.Client.sendJSON(ctx, http.MethodPost, "/v1/factor-sets/"+url.PathEscape(set)+"/flags/acknowledge", req, &resp); err != nil {
		return nil, nil, err
	}
	return setReviewToDomain(set, resp.Meta.SetReview), factorFlagsToDomain(resp.Data), nil
}

// ReadFactorFlags decodes the flags of a set as GET
// /v1/factor-sets/{version}/flags answers them (and `pcf factors flags
// --json` prints them): the set, its flags with their digests, and its
// review as a set (nil when the answer has none). A curator keeps what
// they read in a file, and `pcf factors acknowledge --seen FILE` reviews
// that, not what the server holds when the command runs (red team 37).
func ReadFactorFlags(r io.Reader) (set string, flags []*factorlib.FactorFlag, review *factorlib.SetReview, err error) {
	var doc struct {
		Data []FactorFlagJSON `json:"data"`
		Meta factorFlagsMeta  `json:"meta"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return "", nil, nil, err
	}
	return doc.Meta.Set, factorFlagsToDomain(doc.Data), setReviewToDomain(doc.Meta.Set, doc.Meta.SetReview), nil
}

// newFlagAcknowledgeRequest is the body of a review of the flags of seen
// with note.
func newFlagAcknowledgeRequest(seen []factorlib.SeenFlag, note string) flagAcknowledgeRequest {
	req := flagAcknowledgeRequest{Codes: make([]string, len(seen)), Digests: make([]string, len(seen)), Note: note}
	for i, sf := range seen {
		req.Codes[i], req.Digests[i] = sf.Code, sf.Digest
	}
	return req
}

func setReviewToDomain(set string, j *setReviewJSON) *factorlib.SetReview {
	if j == nil {
		return nil
	}
	out := &factorlib.SetReview{Set: set, Required: j.Required, Why: j.Why, Digest: j.Digest}
	if a := j.Review; a != nil {
		out.Review = &factorlib.FlagAcknowledgement{By: a.By, At: a.At, Note: a.Note, Reviewed: a.Reviewed}
	}
	return out
}

func factorFlagsToDomain(in []FactorFlagJSON) []*factorlib.FactorFlag {
	out := make([]*factorlib.FactorFlag, len(in))
	for i, j := range in {
		fl := &factorlib.FactorFlag{PlausibilityFlag: factorlib.PlausibilityFlag{
			Code: j.Code, Value: j.Value, Unit: j.Unit, Category: footprint.Category(j.Category), Group: j.Group, GroupUnit: j.GroupUnit,
			PeerCount: j.PeerCount, Median: j.Median, Low: j.Low, High: j.High, Decades: j.Decades, Spread: j.Spread, Explanation: j.Explanation,
			ExplanationZH: j.ExplanationZH, Kind: factorlib.FlagKind(j.Kind), Change: j.Change,
		}, Digest: j.Digest}
		for _, p := range j.Peers {
			fl.Peers = append(fl.Peers, factorlib.PlausibilityPeer{Code: p.Code, Value: p.Value, Unit: p.Unit})
		}
		if a := j.Acknowledgement; a != nil {
			fl.Acknowledgement = &factorlib.FlagAcknowledgement{By: a.By, At: a.At, Note: a.Note, Reviewed: a.Reviewed}
		}
		out[i] = fl
	}
	return out
}

// factorFilterQuery is the query of GET /v1/factors for a filter.
func factorFilterQuery(f footprint.FactorFilter) url.Values {
	q := url.Values{}
	put := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	put("set", f.Set)
	put("cursor", f.Cursor)
	if f.ProductCode != nil {
		put("product_code", *f.ProductCode)
	}
	if f.ProductCodeExact {
		q.Set("product_code_match", "exact")
	}
	if f.Category != nil {
		put("category", string(*f.Category))
	}
	if f.Geography != nil {
		put("geography", *f.Geography)
	}
	if f.Year != nil {
		q.Set("year", strconv.Itoa(*f.Year))
	}
	if f.Status != nil {
		put("status", string(*f.Status))
	}
	if f.Text != nil {
		put("q", *f.Text)
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	return q
}

// FindFactorSets is GET /v1/factor-sets.
func (s *FactorService) FindFactorSets(ctx context.Context) ([]*footprint.FactorSet, error) {
	var resp struct {
		Data []FactorSetJSON `json:"data"`
	}
	if err := s.Client.do(ctx, http.MethodGet, "/v1/factor-sets", nil, "", nil, &resp); err != nil {
		return nil, err
	}
	sets := make([]*footprint.FactorSet, len(resp.Data))
	for i := range resp.Data {
		sets[i] = resp.Data[i].toDomain()
	}
	return sets, nil
}

// FindFactorSetByVersion is GET /v1/factor-sets/{version}.
func (s *FactorService) FindFactorSetByVersion(ctx context.Context, version string) (*footprint.FactorSet, error) {
	var resp struct {
		Data FactorSetJSON `json:"data"`
	}
	if err := s.Client.do(ctx, http.MethodGet, "/v1/factor-sets/"+url.PathEscape(version), nil, "", nil, &resp); err != nil {
		return nil, err
	}
	return resp.Data.toDomain(), nil
}

// CreateFactorSet is POST /v1/factor-sets (admin); set takes the stored
// state the server answers with.
func (s *FactorService) CreateFactorSet(ctx context.Context, set *footprint.FactorSet) error {
	var resp struct {
		Data FactorSetJSON `json:"data"`
	}
	req := factorSetCreateRequest{Version: set.Version, BasedOn: set.BasedOn, Description: set.Description}
	if err := s.Client.sendJSON(ctx, http.MethodPost, "/v1/factor-sets", req, &resp); err != nil {
		return err
	}
	*set = *resp.Data.toDomain()
	return nil
}

// ImportFactors is POST /v1/factor-sets/{version}/import (admin) with the
// factors as a factor CSV file.
func (s *FactorService) ImportFactors(ctx context.Context, set string, factors []*footprint.Factor) (*footprint.ImportSummary, error) {
	var body bytes.Buffer
	if err := tabular.WriteFactorsCSV(&body, factors); err != nil {
		return nil, err
	}
	var resp struct {
		Data importSummaryJSON `json:"data"`
	}
	if err := s.Client.do(ctx, http.MethodPost, "/v1/factor-sets/"+url.PathEscape(set)+"/import", nil, "text/csv", &body, &resp); err != nil {
		return nil, err
	}
	d := resp.Data
	return &footprint.ImportSummary{Set: d.Set, Added: d.Added, Replaced: d.Replaced, Total: d.Total}, nil
}

// ImportFactorsCSV is POST /v1/factor-sets/{version}/import (admin) with
// the factor CSV file r, streamed as it is read (a multipart upload named
// name, which error positions quote): the server reads, checks and writes
// it in batches while it arrives, so neither side holds the file. progress,
// if not nil, receives the server's progress as it comes: a phase ("read":
// rows read and checked; "copy", "write", "commit": see
// factordb.FactorService.ImportFactorsFrom) and a count. Errors are those of
// ImportFactors; a file's bad lines come back as a *tabular.Errors.
func (s *FactorService) ImportFactorsCSV(ctx context.Context, set string, r io.Reader, name string, progress func(phase string, n int)) (*footprint.ImportSummary, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		part, err := mw.CreateFormFile("file", name)
		if err == nil {
			_, err = io.Copy(part, r)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	defer pr.Close() // stops the copy if the server answers early

	c := s.Client
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/v1/factor-sets/"+url.PathEscape(set)+"/import", pr)
	if err != nil {
		return nil, fmt.Errorf("server URL %q: %w", c.URL, err)
	}
	req.Header.Set("Accept", MIMENDJSON+", application/json")
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.roundTrip(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, responseError(resp)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != MIMENDJSON {
		var body struct {
			Data importSummaryJSON `json:"data"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return nil, fmt.Errorf("import into %s: decode the answer: %w", set, err)
		}
		return body.Data.summary(), nil
	}
	dec := json.NewDecoder(resp.Body)
	for {
		var line importLineJSON
		if err := dec.Decode(&line); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("import into %s: the answer ended before the outcome: %w", set, err)
		}
		switch {
		case line.Error != nil:
			return nil, bodyError(*line.Error)
		case line.Data != nil:
			return line.Data.summary(), nil
		case line.Progress != nil && progress != nil:
			progress(line.Progress.Phase, line.Progress.Count)
		}
	}
}

func (d *importSummaryJSON) summary() *footprint.ImportSummary {
	return &footprint.ImportSummary{Set: d.Set, Added: d.Added, Replaced: d.Replaced, Total: d.Total}
}

// PublishFactorSet is POST /v1/factor-sets/{version}/publish (admin).
func (s *FactorService) PublishFactorSet(ctx context.Context, version string) (*footprint.FactorSet, error) {
	var resp struct {
		Data FactorSetJSON `json:"data"`
	}
	if err := s.Client.do(ctx, http.MethodPost, "/v1/factor-sets/"+url.PathEscape(version)+"/publish", nil, "", nil, &resp); err != nil {
		return nil, err
	}
	return resp.Data.toDomain(), nil
}

// ExportFactorSet is GET /v1/factor-sets/{version}/export as CSV, which
// reads back exactly (tabular.WriteFactorsCSV); "" exports the latest
// published set.
func (s *FactorService) ExportFactorSet(ctx context.Context, version string) ([]*footprint.Factor, error) {
	if version == "" {
		page, err := s.FindFactors(ctx, footprint.FactorFilter{Limit: 1})
		if err != nil {
			return nil, err
		}
		version = page.Set
	}
	path := "/v1/factor-sets/" + url.PathEscape(version) + "/export"
	resp, err := s.Client.send(ctx, http.MethodGet, path, url.Values{"format": {"csv"}}, "", nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	factors, err := tabular.ReadFactorsCSV(resp.Body, "factors-"+version+".csv")
	if err != nil {
		if errors.As(err, new(*tabular.Errors)) {
			// The server's own export does not read back: not the
			// caller's input, so internal.
			return nil, fmt.Errorf("%s: export of set %s: %s", s.Client.URL, version, err.Error())
		}
		return nil, err
	}
	for _, f := range factors {
		f.Set = version
	}
	return factors, nil
}

// toDomain maps a wire factor back to the domain: the client side of
// NewFactorJSON (the fields NewFactorJSON derives, GHG basis, per-unit and
// DQR, follow from the unit and scores).
func (f *FactorJSON) toDomain() (*footprint.Factor, error) {
	unit, err := footprint.ParseFactorUnit(f.Unit)
	if err != nil {
		return nil, fmt.Errorf("factor %s from the server: %w", f.Code, err)
	}
	pcs := make([]footprint.ProductCode, 0, len(f.ProductCodes))
	for _, s := range f.ProductCodes {
		pc, err := footprint.ParseProductCode(s)
		if err != nil {
			return nil, fmt.Errorf("factor %s from the server: %w", f.Code, err)
		}
		pcs = append(pcs, pc)
	}
	if len(pcs) == 0 {
		pcs = nil
	}
	return &footprint.Factor{
		Code: f.Code, Set: f.Set, NameZH: f.NameZH, NameEN: f.NameEN,
		Category: footprint.Category(f.Category), ElectricityRole: footprint.ElectricityRole(f.Role),
		TransportMode: f.TransportMode, Treatment: f.Treatment, Value: f.Value, Unit: unit,
		Boundary: footprint.Boundary(f.Boundary), Geography: f.Geography, Year: f.Year, ProductCodes: pcs,
		Source: footprint.Source{
			Publisher: f.Source.Publisher, Document: f.Source.Document,
			Date: f.Source.Date, Locator: f.Source.Locator,
		},
		Licence: f.Licence,
		Quality: footprint.DataQuality{
			Grade: f.Quality.Grade, TeR: f.Quality.TeR, GR: f.Quality.GR,
			TiR: f.Quality.TiR, P: f.Quality.P,
		},
		UncertaintyPct: f.UncertaintyPct, Notes: f.Notes,
		Status: footprint.Status(f.Status), SupersededBy: f.SupersededBy,
	}, nil
}

// toDomain maps a wire factor set back to the domain.
func (s *FactorSetJSON) toDomain() *footprint.FactorSet {
	out := &footprint.FactorSet{
		Version: s.Version, Description: s.Description, BasedOn: s.BasedOn,
		Status: footprint.SetStatus(s.Status), CreatedAt: s.CreatedAt,
		FactorCount: s.FactorCount, Digest: s.Digest,
	}
	if s.PublishedAt != nil {
		out.PublishedAt = *s.PublishedAt
	}
	return out
}

package api

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/labstack/echo/v4"
)

// FactorJSON is the wire form of a factor, shared by the API and the CLI's
// JSON export so both speak one format.
type FactorJSON struct {
	Code           string            `json:"code"`
	Set            string            `json:"set,omitempty"`
	NameZH         string            `json:"name_zh"`
	NameEN         string            `json:"name_en"`
	Category       string            `json:"category"`
	Role           string            `json:"electricity_role,omitempty"` // docs/integrity.md
	TransportMode  string            `json:"transport_mode,omitempty"`   // docs/integrity.md
	Treatment      string            `json:"treatment,omitempty"`        // docs/integrity.md
	Value          float64           `json:"value"`
	Unit           string            `json:"unit"`
	GHGBasis       string            `json:"ghg_basis"`
	PerUnit        string            `json:"per_unit"`
	PerDimension   string            `json:"per_dimension"`
	Boundary       string            `json:"boundary"`
	Geography      string            `json:"geography"`
	Year           int               `json:"year"`
	ProductCodes   []string          `json:"product_codes"`
	Source         factorSourceJSON  `json:"source"`
	Licence        string            `json:"licence,omitempty"`
	Quality        factorQualityJSON `json:"data_quality"`
	UncertaintyPct float64           `json:"uncertainty_pct,omitempty"`
	Notes          string            `json:"notes,omitempty"`
	Status         string            `json:"status"`
	SupersededBy   string            `json:"superseded_by,omitempty"`
	// Plausibility is filled by GET /v1/factors and GET /v1/factors/{code}
	// (withPlausibility), never by NewFactorJSON: it is the state of the
	// factor's flag and of its set's review, which a curator's review
	// changes in a published set, not the set's content.
	Plausibility *factorPlausibilityJSON `json:"plausibility,omitempty" doc:"In GET /v1/factors and GET /v1/factors/{code} (not in a set's export): whether the factor's plausibility flag, or its set's review as a set, keeps it to previews. Absent when the store has no plausibility checks"`
}

// factorPlausibilityJSON says whether a factor's plausibility flag, or its
// set's review as a set, keeps it to previews (docs/integrity.md
// "Plausibility flags"): what the factor pages say beside the value.
type factorPlausibilityJSON struct {
	Flag             string `json:"flag" doc:"The factor's plausibility flag in its set: none, outlier (far outside its peers), changed or added (what a set based on another changes or adds)"`
	Reviewed         bool   `json:"reviewed" doc:"A curator reviewed the flag and the value stands (false without a flag; an acknowledgement by the loader is not a review)"`
	SetReviewPending bool   `json:"set_review_pending" doc:"The factor's set waits for its review as a set by a second curator (meta.set_review of GET /v1/factor-sets/{version}/flags)"`
	PreviewsOnly     bool   `json:"previews_only" doc:"True while the flag is not reviewed or the set waits for its review as a set: the factor may be used in a preview (POST /v1/calculations), never in a stored study, an application or a certificate. A review is never undone, so false stays false; it says nothing of a correction in a newer set, a deprecation or a superseding (status, superseded_by)"`
	Explanation      string `json:"explanation,omitempty" doc:"Why, in English, when previews_only"`
	ExplanationZH    string `json:"explanation_zh,omitempty" doc:"Why, in Chinese, when previews_only"`
	Flags            string `json:"flags" doc:"The set's flags with their peers and reviews: /v1/factor-sets/{version}/flags"`
}

// hasFlagChecks reports whether the store keeps plausibility flags.
func (s *Server) hasFlagChecks() bool {
	_, lookup := s.FactorService.(factorFlagLookup)
	_, flags := s.FactorService.(factorlib.FactorFlagService)
	return lookup || flags
}

// withPlausibility fills the Plausibility of factors, all of set, from
// the flags of their set and its review as a set, and reports whether any
// of them is for previews only: such an answer changes when a curator
// reviews, so it is never sent as immutable (a review is never undone, so
// an answer with none stays as it is). A store without plausibility
// checks leaves factors as they are.
func (s *Server) withPlausibility(ctx context.Context, set string, factors []FactorJSON) (previewsOnly bool, err error) {
	if len(factors) == 0 || !s.hasFlagChecks() {
		return false, nil
	}
	codes := make([]string, len(factors))
	for i, f := range factors {
		codes[i] = f.Code
	}
	flags, err := s.setFlags(ctx, set, codes)
	if err != nil {
		return false, err
	}
	review, err := s.setReview(ctx, set)
	if err != nil {
		return false, err
	}
	link := "/v1/factor-sets/" + url.PathEscape(set) + "/flags"
	for i := range factors {
		p := &factorPlausibilityJSON{Flag: "none", Flags: link, SetReviewPending: review.Pending()}
		fl := flags[factors[i].Code]
		if fl != nil {
			p.Flag, p.Reviewed = string(fl.FlagKind()), fl.Reviewed()
		}
		switch {
		case fl != nil && !fl.Reviewed():
			p.PreviewsOnly = true
			changeEN, changeZH := fl.ChangeText()
			p.Explanation, p.ExplanationZH = cmp.Or(fl.Explanation, changeEN, fl.Describe()), cmp.Or(fl.ExplanationZH, changeZH)
			p.Explanation = "plausibility flag not reviewed by a curator: for previews only, not for a stored study, an application or a certificate: " + p.Explanation
			p.ExplanationZH = "合理性提示尚未经因子管理员审核:仅可用于试算,不能用于保存的研究、申请或证书。" + p.ExplanationZH
		case p.SetReviewPending:
			p.PreviewsOnly = true
			sr := factorlib.SetReviewFlag(review, factors[i].Code, factors[i].Value, factors[i].Unit)
			p.Explanation, p.ExplanationZH = sr.Explanation, sr.ExplanationZH
		}
		previewsOnly = previewsOnly || p.PreviewsOnly
		factors[i].Plausibility = p
	}
	return previewsOnly, nil
}

type factorSourceJSON struct {
	Publisher string `json:"publisher,omitempty"`
	Document  string `json:"document,omitempty"`
	Date      string `json:"date,omitempty"`
	Locator   string `json:"locator,omitempty"`
}

type factorQualityJSON struct {
	Grade string  `json:"grade,omitempty"`
	TeR   int     `json:"ter,omitempty"`
	GR    int     `json:"gr,omitempty"`
	TiR   int     `json:"tir,omitempty"`
	P     int     `json:"p,omitempty"`
	DQR   float64 `json:"dqr,omitempty"`
}

// NewFactorJSON maps a domain factor to its wire form; Set is the set the
// FactorService read it from.
func NewFactorJSON(f *footprint.Factor) FactorJSON {
	pcs := make([]string, len(f.ProductCodes))
	for i, pc := range f.ProductCodes {
		pcs[i] = pc.String()
	}
	return FactorJSON{
		Code: f.Code, Set: f.Set, NameZH: f.NameZH, NameEN: f.NameEN,
		Category: string(f.Category), Role: string(f.ElectricityRole), TransportMode: f.TransportMode, Treatment: f.Treatment,
		Value: f.Value, Unit: f.Unit.String(),
		GHGBasis: string(f.Unit.Basis), PerUnit: f.Unit.Per.Symbol, PerDimension: string(f.Unit.Per.Dim),
		Boundary: string(f.Boundary), Geography: f.Geography, Year: f.Year, ProductCodes: pcs,
		Source: factorSourceJSON{
			Publisher: f.Source.Publisher, Document: f.Source.Document,
			Date: f.Source.Date, Locator: f.Source.Locator,
		},
		Licence: f.Licence,
		Quality: factorQualityJSON{
			Grade: f.Quality.Grade, TeR: f.Quality.TeR, GR: f.Quality.GR,
			TiR: f.Quality.TiR, P: f.Quality.P, DQR: f.Quality.DQR(),
		},
		UncertaintyPct: f.UncertaintyPct, Notes: f.Notes,
		Status: string(f.Status), SupersededBy: f.SupersededBy,
	}
}

// FactorSetJSON is the wire form of a factor set, shared by the API, its
// Client and the CLI's JSON output.
type FactorSetJSON struct {
	Version     string     `json:"version"`
	Description string     `json:"description,omitempty"`
	BasedOn     string     `json:"based_on,omitempty"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	FactorCount int        `json:"factor_count"`
	Digest      string     `json:"digest,omitempty"`
}

// NewFactorSetJSON maps a domain factor set to its wire form.
func NewFactorSetJSON(fs *footprint.FactorSet) FactorSetJSON {
	out := FactorSetJSON{
		Version: fs.Version, Description: fs.Description, BasedOn: fs.BasedOn,
		Status: string(fs.Status), CreatedAt: fs.CreatedAt.UTC(),
		FactorCount: fs.FactorCount, Digest: fs.Digest,
	}
	if !fs.PublishedAt.IsZero() {
		t := fs.PublishedAt.UTC()
		out.PublishedAt = &t
	}
	return out
}

type factorPageMeta struct {
	Set        string `json:"set"`
	NextCursor string `json:"next_cursor,omitempty"`
	Count      int    `json:"count"`

	// A text search (q) answers in relevance order and adds these.
	Total  *int              `json:"total,omitempty" doc:"With q: the factors matching q and every filter, over all pages"`
	Facets *factorFacetsJSON `json:"facets,omitempty" doc:"With q: counts of matching factors per value of a field"`
}

// factorFacetsJSON are the counts of a text search.
type factorFacetsJSON struct {
	Category map[string]int `json:"category" doc:"Factors matching q and every filter but category, per category: what a category filter would leave"`
}

// factorIndexRequest holds the query of GET /v1/factors.
type factorIndexRequest struct {
	set, productCode, match, category, geography, status, q, cursor string
	year, limit                                                     int
}

func (r *factorIndexRequest) toFilter() (footprint.FactorFilter, error) {
	f := footprint.FactorFilter{Set: r.set, Cursor: r.cursor, Limit: r.limit}
	if err := checkLimit(r.limit, footprint.MaxLimit); err != nil {
		return f, err
	}
	pcq, err := footprint.ParseProductCodeQuery(r.productCode, r.match)
	if err != nil {
		return f, err
	}
	if pcq != nil {
		code := pcq.String()
		f.ProductCode, f.ProductCodeExact = &code, pcq.Exact
	}
	if r.category != "" {
		c := footprint.Category(r.category)
		f.Category = &c
	}
	if r.geography != "" {
		f.Geography = &r.geography
	}
	if r.year != 0 {
		f.Year = &r.year
	}
	if r.status != "" {
		st := footprint.Status(r.status)
		f.Status = &st
	}
	if r.q != "" {
		f.Text = &r.q
	}
	return f, f.Validate()
}

// bindQueryError turns echo's binder error into a field error.
func bindQueryError(err error) error {
	var be *echo.BindingError
	if errors.As(err, &be) {
		return footprint.FieldErrorf(footprint.EINVALID, be.Field, "查询参数 %[1]s 的值 %[2]q 无效。invalid value %[2]q", be.Field, strings.Join(be.Values, ","))
	}
	return footprint.Errorf(footprint.EINVALID, "查询无效:%[1]s。invalid query: %[1]s", err)
}

// bindFactorIndexRequest reads the query of GET /v1/factors; the factor
// pages read theirs with it too (factorQuery).
func bindFactorIndexRequest(c echo.Context) (factorIndexRequest, error) {
	var req factorIndexRequest
	if err := echo.QueryParamsBinder(c).
		String("set", &req.set).
		String("product_code", &req.productCode).
		String("product_code_match", &req.match).
		String("category", &req.category).
		String("geography", &req.geography).
		Int("year", &req.year).
		String("status", &req.status).
		String("q", &req.q).
		String("cursor", &req.cursor).
		Int("limit", &req.limit).
		BindError(); err != nil {
		return req, bindQueryError(err)
	}
	return req, nil
}

func (s *Server) handleFactorIndex(c echo.Context) error {
	req, err := bindFactorIndexRequest(c)
	if err != nil {
		return err
	}
	filter, err := req.toFilter()
	if err != nil {
		return err
	}
	if err := s.visibleSet(c, req.set); err != nil {
		return err
	}
	if searcher, ok := s.FactorService.(factorlib.FactorSearcher); ok && strings.TrimSpace(req.q) != "" {
		return s.searchFactors(c, searcher, filter, req.set != "")
	}
	page, err := s.FactorService.FindFactors(c.Request().Context(), filter)
	if err != nil {
		return err
	}
	// The set read, whether named by set= or by the cursor.
	if err := s.visibleSet(c, page.Set); err != nil {
		return err
	}
	out := mapList(page.Factors, NewFactorJSON)
	previewsOnly, err := s.withPlausibility(c.Request().Context(), page.Set, out)
	if err != nil {
		return err
	}
	setNextLink(c, page.NextCursor)
	// Pinned to a set by the query: immutable once that set is published,
	// unless a review can still change a factor's plausibility.
	pinned := req.set != "" && !previewsOnly && s.isPublished(c.Request().Context(), page.Set)
	return sendCacheableJSON(c, dataResponse{Data: out, Meta: factorPageMeta{Set: page.Set, NextCursor: page.NextCursor, Count: len(out)}}, pinned)
}

// searchFactors answers GET /v1/factors with q: the factors matching q in
// relevance order (factorlib.SearchIndex), with the other parameters as
// filters, the total and the counts per category. The service method is
// the one the factor pages call.
func (s *Server) searchFactors(c echo.Context, searcher factorlib.FactorSearcher, filter footprint.FactorFilter, pinned bool) error {
	res, err := searcher.SearchFactors(c.Request().Context(), filter)
	if err != nil {
		return err
	}
	if err := s.visibleSet(c, res.Set); err != nil {
		return err
	}
	out := make([]FactorJSON, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = NewFactorJSON(h.Factor)
	}
	facets := &factorFacetsJSON{Category: map[string]int{}}
	for cat, n := range res.Categories {
		facets.Category[string(cat)] = n
	}
	previewsOnly, err := s.withPlausibility(c.Request().Context(), res.Set, out)
	if err != nil {
		return err
	}
	total := res.Total
	setNextLink(c, res.NextCursor)
	meta := factorPageMeta{Set: res.Set, NextCursor: res.NextCursor, Count: len(out), Total: &total, Facets: facets}
	return sendCacheableJSON(c, dataResponse{Data: out, Meta: meta}, pinned && !previewsOnly && s.isPublished(c.Request().Context(), res.Set))
}

func (s *Server) handleFactorView(c echo.Context) error {
	code := c.Param("code")
	if !footprint.ValidFactorCode(code) {
		return footprint.FieldErrorf(footprint.EINVALID, "code", "invalid factor code %q", code)
	}
	set := c.QueryParam("set")
	// Before the lookup, whose not-found names the set.
	if err := s.visibleSet(c, set); err != nil {
		return err
	}
	f, err := s.FactorService.FindFactorByCode(c.Request().Context(), set, code)
	if err != nil {
		return err
	}
	if err := s.visibleSet(c, f.Set); err != nil {
		return err
	}
	out := []FactorJSON{NewFactorJSON(f)}
	previewsOnly, err := s.withPlausibility(c.Request().Context(), f.Set, out)
	if err != nil {
		return err
	}
	pinned := set != "" && !previewsOnly && s.isPublished(c.Request().Context(), set)
	return sendCacheableJSON(c, dataResponse{Data: out[0]}, pinned)
}

func (s *Server) handleFactorSetIndex(c echo.Context) error {
	sets, err := s.FactorService.FindFactorSets(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]FactorSetJSON, 0, len(sets))
	drafts := canSeeDrafts(c)
	for _, fs := range sets {
		if fs.Status == footprint.SetPublished || drafts {
			out = append(out, NewFactorSetJSON(fs))
		}
	}
	return sendCacheableJSON(c, dataResponse{Data: out}, false) // grows with every set
}

func (s *Server) handleFactorSetView(c echo.Context) error {
	fs, err := s.FactorService.FindFactorSetByVersion(c.Request().Context(), c.Param("version"))
	if err != nil {
		return err
	}
	if fs.Status != footprint.SetPublished && !canSeeDrafts(c) {
		return errSetNotFound(fs.Version)
	}
	return sendCacheableJSON(c, dataResponse{Data: NewFactorSetJSON(fs)}, fs.Status == footprint.SetPublished)
}

func (s *Server) handleFactorSetExport(c echo.Context) error {
	version := c.Param("version")
	format := c.QueryParam("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "json" {
		return footprint.FieldErrorf(footprint.EINVALID, "format", "want csv or json, got %q", format)
	}
	if err := s.visibleSet(c, version); err != nil {
		return err
	}
	factors, err := s.FactorService.ExportFactorSet(c.Request().Context(), version)
	if err != nil {
		return err
	}
	name := "factors-" + version + "." + format
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	pinned := s.isPublished(c.Request().Context(), version)
	if format == "json" {
		out := mapList(factors, NewFactorJSON)
		return sendCacheableJSON(c, dataResponse{Data: out, Meta: map[string]any{"set": version, "count": len(out)}}, pinned)
	}
	var buf bytes.Buffer
	if err := tabular.WriteFactorsCSV(&buf, factors, tabular.WithByteOrderMark()); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return sendCacheable(c, "text/csv; charset=utf-8", buf.Bytes(), pinned)
}

// canSeeDrafts reports whether the caller may read draft factor sets, their
// factors and their exports: those who curate factor sets, curators and
// admins (docs/integrity.md "Factor sets"). A draft can still change, so
// nothing anyone else reads may rest on it.
func canSeeDrafts(c echo.Context) bool {
	return principal(c).Can(access.RoleAdmin, access.RoleCurator)
}

// errSetNotFound is the answer for a set that does not exist and for a draft
// the caller may not see, word for word, so that a draft's existence is not
// confirmed to outsiders.
func errSetNotFound(version string) error {
	return footprint.Errorf(footprint.ENOTFOUND, "factor set %q not found", version)
}

// visibleSet returns errSetNotFound if set is a draft (a set not
// published) and the caller may not see drafts; "" is the latest published
// set.
func (s *Server) visibleSet(c echo.Context, set string) error {
	if set == "" || canSeeDrafts(c) || s.isPublished(c.Request().Context(), set) {
		return nil
	}
	// An unknown set is left to the read, which answers the same 404.
	if fs, err := s.FactorService.FindFactorSetByVersion(c.Request().Context(), set); err == nil && fs.Status != footprint.SetPublished {
		return errSetNotFound(set)
	}
	return nil
}

type factorSetCreateRequest struct {
	Version     string `json:"version"`
	BasedOn     string `json:"based_on"`
	Description string `json:"description"`
}

// handleFactorSetCreate creates a draft factor set, optionally as a copy of
// an existing one (based_on).
func (s *Server) handleFactorSetCreate(c echo.Context) error {
	var req factorSetCreateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	fs, err := s.createFactorSet(c.Request().Context(), req)
	if err != nil {
		return err
	}
	created, err := s.FactorService.FindFactorSetByVersion(c.Request().Context(), fs.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataResponse{Data: NewFactorSetJSON(created)})
}

// createFactorSet creates the draft set req names, its version and
// based_on checked first: the one path of POST /v1/factor-sets and of the
// workbench's form.
func (s *Server) createFactorSet(ctx context.Context, req factorSetCreateRequest) (*footprint.FactorSet, error) {
	fs := &footprint.FactorSet{
		Version: strings.TrimSpace(req.Version), BasedOn: strings.TrimSpace(req.BasedOn),
		Description: strings.TrimSpace(req.Description),
	}
	if !footprint.ValidSetVersion(fs.Version) {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "version", "invalid factor-set version %q (e.g. 2026.2)", truncate(fs.Version, 32))
	}
	if fs.BasedOn != "" && !footprint.ValidSetVersion(fs.BasedOn) {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "based_on", "invalid factor-set version %q", truncate(fs.BasedOn, 32))
	}
	return fs, s.FactorService.CreateFactorSet(ctx, fs)
}

// handleFactorSetPublish freezes a draft set. A set with plausibility
// flags not acknowledged is refused with 409 conflict naming the factors
// (field plausibility_flags).
func (s *Server) handleFactorSetPublish(c echo.Context) error {
	version := c.Param("version")
	if !footprint.ValidSetVersion(version) {
		return footprint.FieldErrorf(footprint.EINVALID, "version", "invalid factor-set version %q", version)
	}
	fs, err := s.FactorService.PublishFactorSet(c.Request().Context(), version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: NewFactorSetJSON(fs)})
}

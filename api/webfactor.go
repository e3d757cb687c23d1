package api

// The public factor-database pages: search, detail with history across
// sets, CSV of a result list, the list of sets and the diff of two sets.
// They read through FactorService with the filters of GET /v1/factors
// (factorIndexRequest.toFilter) and the draft rule of the JSON handlers
// (visibleSet, canSeeDrafts), so a page shows what the API would.

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/labstack/echo/v4"
)

// PageSize is the number of rows of a factor or certificate result page
// unless the reader asks for another (limit, 1 to MaxPageSize).
const (
	PageSize    = 50
	MaxPageSize = 200
)

// bilingual is a label in both languages.
type bilingual struct{ ZH, EN string }

// categoryText names each factor category.
var categoryText = map[footprint.Category]bilingual{
	footprint.CategoryElectricity: {"电力", "Electricity"},
	footprint.CategoryFuel:        {"燃料", "Fuel"},
	footprint.CategoryMaterial:    {"材料", "Material"},
	footprint.CategoryComponent:   {"零部件", "Component"},
	footprint.CategoryProduct:     {"产品", "Product"},
	footprint.CategoryTransport:   {"运输", "Transport"},
	footprint.CategoryPackaging:   {"包装", "Packaging"},
	footprint.CategoryEndOfLife:   {"废弃处理", "End of life"},
	footprint.CategoryThreshold:   {"限值(非排放因子)", "Threshold (not an emission factor)"},
}

// factorStatusText names each factor status.
var factorStatusText = map[footprint.Status]bilingual{
	footprint.StatusActive:     {"有效", "Active"},
	footprint.StatusDeprecated: {"已弃用", "Deprecated"},
	footprint.StatusSuperseded: {"已被替代", "Superseded"},
}

// basisText says what a factor counts.
var basisText = map[footprint.GHGBasis]bilingual{
	footprint.BasisCO2e: {"温室气体(CO2当量)", "All greenhouse gases (CO2e)"},
	footprint.BasisCO2:  {"仅二氧化碳", "Carbon dioxide only (CO2)"},
}

// roleText explains each electricity role (docs/integrity.md).
var roleText = map[footprint.ElectricityRole]bilingual{
	footprint.ElectricityRoleGridMix:      {"电网平均电力碳足迹因子(生命周期,含输配电)", "Grid consumption mix, life cycle incl. transmission and distribution: for product footprints"},
	footprint.ElectricityRoleTD:           {"输配电碳足迹因子(含线损)", "Transmission and distribution, incl. line losses"},
	footprint.ElectricityRoleTDExclLosses: {"输配电碳足迹因子(不含线损)", "Transmission and distribution, excl. line losses (no study slot takes it)"},
	footprint.ElectricityRoleGridCO2:      {"电网排放因子(仅CO2,用于组织核算,不用于产品碳足迹)", "CO2-only grid factor for organisational accounting, never in a product footprint"},
	footprint.ElectricityRoleNone:         {"不用于任何核算位置", "Not used in any slot of a study"},
}

func electricityRoleText(r footprint.ElectricityRole) bilingual {
	if r.IsGeneration() {
		return bilingual{"发电技术 " + r.Technology() + "(电厂出口,仅用于绿电凭证)", "Generation by " + r.Technology() + " at the busbar: enters a study only through a green-power instrument"}
	}
	if t, ok := roleText[r]; ok {
		return t
	}
	return bilingual{"未分类", "Not classified (refused in every slot)"}
}

// factorRow is one factor as the pages show it.
type factorRow struct {
	*footprint.Factor
	Category bilingual
	Status   bilingual
	Basis    bilingual
	Role     *bilingual // electricity factors only
	Link     string     // its detail page, pinned to its set
	Flag     *flagView  // its plausibility flag in its set, if any
}

func newFactorRow(f *footprint.Factor) factorRow {
	r := factorRow{Factor: f, Category: categoryText[f.Category], Status: factorStatusText[f.Status], Basis: basisText[f.Unit.Basis]}
	if r.Category.EN == "" {
		r.Category = bilingual{string(f.Category), string(f.Category)}
	}
	if f.Category == footprint.CategoryElectricity {
		t := electricityRoleText(f.ElectricityRole)
		r.Role = &t
	}
	r.Link = factorLink(f.Code, f.Set)
	return r
}

// option is one choice of a select box.
type option struct {
	Value, ZH, EN string
	Selected      bool
}

// factorsPage is the data of the factor search page.
type factorsPage struct {
	Form       url.Values // the query as given, for the form
	Categories []option
	Statuses   []option
	Sets       []option
	Set        string // the set read
	Rows       []factorRow
	Next       string // URL of the next page, "" on the last
	First      string // URL of the first page when this is not it
	CSV        string // URL of the CSV of the whole result list
	Filtered   bool
	Search     bool        // q given: the rows are in relevance order (SearchFactors)
	Total      int         // with Search: the factors matching
	Facets     []facetLink // with Search: the matches per category, as filter links
	Flagged    int         // rows of this page with a plausibility flag
	// SetReviewPending: the set read waits for its review as a set, so
	// every factor of it is for previews only (factorlib.SetReview).
	SetReviewPending bool
	// A search the service refused (factorSearchRefused): the error above
	// the form, and the field it names, marked in the form.
	Error      *errorPage
	ErrorField string
}

// facetLink is a category of a search with its count of matches, and the
// link that filters the search by it (or, when selected, removes the
// filter).
type facetLink struct {
	ZH, EN   string
	Count    int
	Link     string
	Selected bool
}

// factorQuery reads the factor-search parameters of a page into the
// request and filter of GET /v1/factors, with the binder of that handler,
// and checks the caller may see the set named; a page trims the text
// fields and pages by PageSize unless limit says.
func (s *Server) factorQuery(c echo.Context) (factorIndexRequest, footprint.FactorFilter, error) {
	var filter footprint.FactorFilter
	if err := need(s.FactorService != nil, "the factor database"); err != nil {
		return factorIndexRequest{}, filter, err
	}
	req, err := bindFactorIndexRequest(c)
	if err != nil {
		return req, filter, err
	}
	req.q, req.productCode, req.geography = strings.TrimSpace(req.q), strings.TrimSpace(req.productCode), strings.TrimSpace(req.geography)
	if req.limit == 0 {
		req.limit = PageSize
	}
	if err := checkLimit(req.limit, MaxPageSize); err != nil {
		return req, filter, err
	}
	if filter, err = req.toFilter(); err != nil {
		return req, filter, err
	}
	return req, filter, s.visibleSet(c, req.set)
}

// factorSearchParams are the query parameters the factor pages keep from
// one page to the next.
var factorSearchParams = []string{"q", "product_code", "product_code_match", "category", "geography", "year", "set", "status", "limit"}

func (s *Server) handleFactorsPage(c echo.Context) error {
	req, filter, err := s.factorQuery(c)
	if err != nil {
		return s.factorSearchRefused(c, req, err)
	}
	ctx := c.Request().Context()
	// With q, the page searches as GET /v1/factors?q= does: relevance
	// order and counts per category (FactorSearcher), so the page and the
	// API agree.
	var page *footprint.FactorPage
	var search *factorlib.FactorSearchResult
	if searcher, ok := s.FactorService.(factorlib.FactorSearcher); ok && req.q != "" {
		if search, err = searcher.SearchFactors(ctx, filter); err != nil {
			return err
		}
		page = &footprint.FactorPage{Set: search.Set, NextCursor: search.NextCursor}
		for _, h := range search.Hits {
			page.Factors = append(page.Factors, h.Factor)
		}
	} else if page, err = s.FactorService.FindFactors(ctx, filter); err != nil {
		return err
	}
	if err := s.visibleSet(c, page.Set); err != nil { // a cursor names its set
		return err
	}
	codes := make([]string, len(page.Factors))
	for i, f := range page.Factors {
		codes[i] = f.Code
	}
	flags, err := s.setFlags(ctx, page.Set, codes)
	if err != nil {
		return err
	}
	review, err := s.setReview(ctx, page.Set)
	if err != nil {
		return err
	}
	p, err := s.newFactorsPage(c, req)
	if err != nil {
		return err
	}
	q := p.Form
	p.Set, p.SetReviewPending = page.Set, review.Pending()
	p.Rows = make([]factorRow, len(page.Factors))
	for i, f := range page.Factors {
		p.Rows[i] = newFactorRow(f)
		if fl := flags[f.Code]; fl != nil {
			p.Rows[i].Flag = newFlagView(fl, f.Set)
			p.Flagged++
		}
	}
	if search != nil {
		p.Search, p.Total = true, search.Total
		for _, cat := range footprint.Categories {
			n := search.Categories[cat]
			if n == 0 {
				continue
			}
			link := cloneValues(q)
			link.Del("cursor")
			selected := req.category == string(cat)
			if selected {
				link.Del("category")
			} else {
				link.Set("category", string(cat))
			}
			t := categoryText[cat]
			p.Facets = append(p.Facets, facetLink{ZH: t.ZH, EN: t.EN, Count: n, Link: "/factors?" + link.Encode(), Selected: selected})
		}
	}
	if page.NextCursor != "" {
		next := cloneValues(q)
		next.Set("cursor", page.NextCursor)
		p.Next = "/factors?" + next.Encode()
	}
	if req.cursor != "" {
		p.First = "/factors?" + q.Encode()
	}
	csv := cloneValues(q)
	csv.Del("limit")
	if csv.Get("set") == "" {
		csv.Set("set", page.Set) // the list as read, even after a new set is published
	}
	p.CSV = "/factors.csv?" + csv.Encode()
	return s.renderPage(c, http.StatusOK, "factors", p)
}

// newFactorsPage is the factor search page without its results: the form
// as the query filled it in, with its choices.
func (s *Server) newFactorsPage(c echo.Context, req factorIndexRequest) (factorsPage, error) {
	sets, err := s.visibleSets(c)
	if err != nil {
		return factorsPage{}, err
	}
	q := url.Values{}
	for _, k := range factorSearchParams {
		if v := c.QueryParam(k); v != "" {
			q.Set(k, v)
		}
	}
	p := factorsPage{Form: q, Filtered: len(q) > 0}
	for _, cat := range footprint.Categories {
		t := categoryText[cat]
		p.Categories = append(p.Categories, option{string(cat), t.ZH, t.EN, req.category == string(cat)})
	}
	for _, st := range footprint.Statuses {
		t := factorStatusText[st]
		p.Statuses = append(p.Statuses, option{string(st), t.ZH, t.EN, req.status == string(st)})
	}
	for i := len(sets) - 1; i >= 0; i-- { // newest first
		v := sets[i].Version
		zh, en := v, v
		if sets[i].Status != footprint.SetPublished {
			zh, en = v+"(草稿)", v+" (draft)"
		}
		p.Sets = append(p.Sets, option{v, zh, en, req.set == v})
	}
	return p, nil
}

// factorSearchRefused answers a search the service refused as bad input
// (400: a product code that is not one, "光伏" or "HS:85-41") on the
// search page itself: the error, naming its field, above the form as it
// was filled in, so that the person corrects the field and searches again
// (the site's error page led only to the home page, the search lost). A
// set the caller may not see, or any other failure, is answered by the
// error page, as before.
func (s *Server) factorSearchRefused(c echo.Context, req factorIndexRequest, cause error) error {
	status, body := s.errorStatus(cause)
	if status != http.StatusBadRequest {
		return cause
	}
	p, err := s.newFactorsPage(c, req)
	if err != nil {
		return cause
	}
	e := newErrorPage(status, body)
	p.Error, p.ErrorField = &e, body.Field
	c.Set(errorCodeKey, body.Code) // the request's outcome, for the metrics, as the error page's
	return s.renderPage(c, status, "factors", p)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// MaxCSVFactors caps the rows of one CSV download of a result list; a
// whole set is exported by GET /v1/factor-sets/{version}/export.
const MaxCSVFactors = 20000

// handleFactorsCSV writes the whole result list of a factor search (every
// page) as the factor CSV the import reads (footprint/tabular).
func (s *Server) handleFactorsCSV(c echo.Context) error {
	req, filter, err := s.factorQuery(c)
	if err != nil {
		return err
	}
	filter.Cursor, filter.Limit = "", footprint.MaxLimit // every page
	ctx := c.Request().Context()
	var all []*footprint.Factor
	set := ""
	for {
		page, err := s.FactorService.FindFactors(ctx, filter)
		if err != nil {
			return err
		}
		set = page.Set
		all = append(all, page.Factors...)
		if page.NextCursor == "" {
			break
		}
		if len(all) >= MaxCSVFactors {
			return footprint.Errorf(footprint.EINVALID, "more than %d factors match: narrow the search, or export the whole set from /v1/factor-sets/%s/export", MaxCSVFactors, set)
		}
		filter.Cursor = page.NextCursor
	}
	var buf bytes.Buffer
	if err := tabular.WriteFactorsCSV(&buf, all, tabular.WithByteOrderMark()); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="factors-`+set+`.csv"`)
	h.Set("X-Content-Type-Options", "nosniff")
	return sendCacheable(c, "text/csv; charset=utf-8", buf.Bytes(), req.set != "" && s.isPublished(ctx, set))
}

// visibleSets returns the factor sets the caller may see, oldest first:
// the published ones, and drafts for an admin.
func (s *Server) visibleSets(c echo.Context) ([]*footprint.FactorSet, error) {
	sets, err := s.FactorService.FindFactorSets(c.Request().Context())
	if err != nil {
		return nil, err
	}
	drafts := canSeeDrafts(c)
	return slices.DeleteFunc(sets, func(fs *footprint.FactorSet) bool {
		return fs.Status != footprint.SetPublished && !drafts
	}), nil
}

// factorPage is the data of a factor's detail page.
type factorPage struct {
	F       factorRow
	DQR     float64
	History []historyRow
	// SetReviewPending: the factor's set waits for its review as a set,
	// so the factor is for previews only, flagged or not.
	SetReviewPending bool
}

// historyRow is the factor in one set.
type historyRow struct {
	Set     string
	Current bool // the set the page shows
	F       *factorRow
	Changed []string // what differs from the set before, in words
}

func (s *Server) handleFactorPage(c echo.Context) error {
	if err := need(s.FactorService != nil, "the factor database"); err != nil {
		return err
	}
	code := c.Param("code")
	if !footprint.ValidFactorCode(code) {
		return footprint.FieldErrorf(footprint.EINVALID, "code", "invalid factor code %q", truncate(code, 64))
	}
	set := c.QueryParam("set")
	if err := s.visibleSet(c, set); err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, err := s.FactorService.FindFactorByCode(ctx, set, code)
	if err != nil {
		return err
	}
	if err := s.visibleSet(c, f.Set); err != nil {
		return err
	}
	sets, err := s.visibleSets(c)
	if err != nil {
		return err
	}
	p := factorPage{F: newFactorRow(f), DQR: f.Quality.DQR()}
	flags, err := s.setFlags(ctx, f.Set, []string{f.Code})
	if err != nil {
		return err
	}
	if fl := flags[f.Code]; fl != nil {
		p.F.Flag = newFlagView(fl, f.Set)
	}
	review, err := s.setReview(ctx, f.Set)
	if err != nil {
		return err
	}
	p.SetReviewPending = review.Pending()
	var prev *footprint.Factor
	for _, fs := range sets {
		h := historyRow{Set: fs.Version, Current: fs.Version == f.Set}
		other, err := s.FactorService.FindFactorByCode(ctx, fs.Version, code)
		switch {
		case footprint.ErrorCode(err) == footprint.ENOTFOUND:
			if prev != nil {
				h.Changed = []string{"移除 removed"}
			}
			prev = nil
		case err != nil:
			return err
		default:
			row := newFactorRow(other)
			h.F = &row
			if prev == nil {
				h.Changed = []string{"新增 added"}
			} else {
				h.Changed = factorChanges(prev, other)
			}
			prev = other
		}
		p.History = append(p.History, h)
	}
	slices.Reverse(p.History) // newest first
	return s.renderPage(c, http.StatusOK, "factor", p)
}

// factorChanges lists in words what differs between two versions of a
// factor: the value first, then the fields a reader relies on.
func factorChanges(a, b *footprint.Factor) []string {
	var out []string
	if a.Value != b.Value || a.Unit.String() != b.Unit.String() {
		out = append(out, "值 value "+num(a.Value)+" "+a.Unit.String()+" → "+num(b.Value)+" "+b.Unit.String())
	}
	for _, f := range []struct {
		name string
		a, b string
	}{
		{"状态 status", statusName(a.Status), statusName(b.Status)},
		{"替代为 superseded by", a.SupersededBy, b.SupersededBy},
		{"年份 year", strconv.Itoa(a.Year), strconv.Itoa(b.Year)},
		{"地理 geography", a.Geography, b.Geography},
		{"边界 boundary", string(a.Boundary), string(b.Boundary)},
		{"电力角色 electricity role", string(a.ElectricityRole), string(b.ElectricityRole)},
		{"来源 source", a.Source.Publisher + " " + a.Source.Document + " " + a.Source.Date, b.Source.Publisher + " " + b.Source.Document + " " + b.Source.Date},
		{"出处 locator", a.Source.Locator, b.Source.Locator},
		{"数据质量 data quality", qualityText(a.Quality), qualityText(b.Quality)},
		{"不确定性 uncertainty", num(a.UncertaintyPct), num(b.UncertaintyPct)},
		{"中文名 Chinese name", a.NameZH, b.NameZH},
		{"英文名 English name", a.NameEN, b.NameEN},
		{"产品代码 product codes", productCodesText(a.ProductCodes), productCodesText(b.ProductCodes)},
	} {
		if f.a != f.b {
			if f.name == "状态 status" || f.name == "年份 year" || f.name == "地理 geography" || f.name == "电力角色 electricity role" {
				out = append(out, f.name+" "+f.a+" → "+f.b)
			} else {
				out = append(out, f.name)
			}
		}
	}
	return out
}

// statusName is a factor status in both languages ("有效 Active").
func statusName(s footprint.Status) string {
	if t, ok := factorStatusText[s]; ok {
		return t.ZH + " " + t.EN
	}
	return string(s)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func qualityText(q footprint.DataQuality) string {
	return fmt.Sprintf("%d/%d/%d/%d %s", q.TeR, q.GR, q.TiR, q.P, q.Grade)
}

func productCodesText(pcs []footprint.ProductCode) string {
	out := make([]string, len(pcs))
	for i, pc := range pcs {
		out[i] = pc.String()
	}
	return strings.Join(out, ",")
}

// factorSetsPage is the data of the factor-set list.
type factorSetsPage struct {
	Sets                   []*footprint.FactorSet // newest first
	FromOptions, ToOptions []option               // the diff form's choices
}

func (s *Server) handleFactorSetsPage(c echo.Context) error {
	if err := need(s.FactorService != nil, "the factor database"); err != nil {
		return err
	}
	sets, err := s.visibleSets(c)
	if err != nil {
		return err
	}
	slices.Reverse(sets)
	p := factorSetsPage{Sets: sets}
	for i, fs := range sets {
		p.FromOptions = append(p.FromOptions, option{Value: fs.Version, ZH: fs.Version, EN: fs.Version, Selected: i == 1})
		p.ToOptions = append(p.ToOptions, option{Value: fs.Version, ZH: fs.Version, EN: fs.Version, Selected: i == 0})
	}
	return s.renderPage(c, http.StatusOK, "factor-sets", p)
}

// factorDiff is what changed from one factor set to another.
type factorDiff struct {
	From, To string
	Added    []factorRow
	Removed  []factorRow
	Changed  []changedFactor
	Same     int // factors present in both, unchanged
}

// changedFactor is a factor present in both sets with a difference.
type changedFactor struct {
	Old, New  factorRow
	ValueDiff bool
	Pct       string // relative change of the value, "+12.5 %"; "" when the unit changed or the old value is 0
	Up        bool
	Changes   []string
}

// diffFactorSets compares two exports (each ordered by code).
func diffFactorSets(from, to string, a, b []*footprint.Factor) factorDiff {
	d := factorDiff{From: from, To: to}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].Code < b[j].Code:
			d.Removed = append(d.Removed, newFactorRow(a[i]))
			i++
		case i == len(a) || b[j].Code < a[i].Code:
			d.Added = append(d.Added, newFactorRow(b[j]))
			j++
		default:
			if ch := factorChanges(a[i], b[j]); len(ch) > 0 {
				cf := changedFactor{Old: newFactorRow(a[i]), New: newFactorRow(b[j]), Changes: ch}
				cf.ValueDiff = a[i].Value != b[j].Value || a[i].Unit.String() != b[j].Unit.String()
				if cf.ValueDiff && a[i].Unit.String() == b[j].Unit.String() && a[i].Value != 0 {
					r := (b[j].Value - a[i].Value) / math.Abs(a[i].Value) * 100
					cf.Pct = footprint.FormatSharePct(r)
					if r > 0 {
						cf.Pct = "+" + cf.Pct
					}
					cf.Up = r > 0
				}
				d.Changed = append(d.Changed, cf)
			} else {
				d.Same++
			}
			i++
			j++
		}
	}
	return d
}

// factorDiffPage is the data of the diff page: the summary, and of each
// list (changed, added, removed) diffPageRows rows from its own offset,
// so that a set compared with a library of thousands (2026.1 with
// CPCD-2026.03, every CPCD factor added) is a page a phone opens, not
// 1.5 MB of rows.
type factorDiffPage struct {
	factorDiff
	ChangedRows            []changedFactor
	AddedRows, RemovedRows []factorRow
	Pages                  map[string]diffListPage // by list: "changed", "added", "removed"
	FromOptions, ToOptions []option
}

// diffPageRows is how many rows of each list the diff page shows at once.
const diffPageRows = 200

// diffLists are the diff page's lists, each paged by its own query
// parameter (the offset of its first row).
var diffLists = []string{"changed", "added", "removed"}

// diffListPage says which rows of a list the page shows: First to Last
// (1-based) of Total, and the links to the rows before and after.
type diffListPage struct {
	First, Last, Total int
	Prev, Next         string
}

// pageRows returns rows[off:off+diffPageRows] and the list's page, its
// links keeping the other lists' offsets of q.
func pageRows[T any](rows []T, list string, off int, q url.Values) ([]T, diffListPage) {
	if off >= len(rows) && len(rows) > 0 {
		// Past the end (a link kept while the sets changed): the last
		// rows, not "None" under a count of them.
		off = (len(rows) - 1) / diffPageRows * diffPageRows
	}
	off = min(off, len(rows))
	end := min(off+diffPageRows, len(rows))
	p := diffListPage{First: off + 1, Last: end, Total: len(rows)}
	link := func(o int) string {
		v := maps.Clone(q)
		v.Set(list, strconv.Itoa(o))
		return "/factor-sets/diff?" + v.Encode() + "#" + list
	}
	if off > 0 {
		p.Prev = link(max(off-diffPageRows, 0))
	}
	if end < len(rows) {
		p.Next = link(end)
	}
	return rows[off:end], p
}

func (s *Server) handleFactorDiffPage(c echo.Context) error {
	if err := need(s.FactorService != nil, "the factor database"); err != nil {
		return err
	}
	from, to := strings.TrimSpace(c.QueryParam("from")), strings.TrimSpace(c.QueryParam("to"))
	if from == "" && to == "" {
		// No pair asked for: the list of sets has the form to choose one.
		return c.Redirect(http.StatusSeeOther, "/factor-sets#diff-form")
	}
	for _, v := range []struct{ field, version string }{{"from", from}, {"to", to}} {
		if !footprint.ValidSetVersion(v.version) {
			return footprint.FieldErrorf(footprint.EINVALID, v.field, "choose two factor-set versions to compare (%s: %q)", v.field, truncate(v.version, 32))
		}
		if err := s.visibleSet(c, v.version); err != nil {
			return err
		}
	}
	offsets := map[string]int{}
	for _, list := range diffLists {
		if v := c.QueryParam(list); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return footprint.FieldErrorf(footprint.EINVALID, list, "want the number of rows to skip, a whole number of 0 or more (got %q)", truncate(v, 32))
			}
			offsets[list] = n
		}
	}
	ctx := c.Request().Context()
	a, err := s.FactorService.ExportFactorSet(ctx, from)
	if err != nil {
		return err
	}
	b, err := s.FactorService.ExportFactorSet(ctx, to)
	if err != nil {
		return err
	}
	sets, err := s.visibleSets(c)
	if err != nil {
		return err
	}
	p := factorDiffPage{factorDiff: diffFactorSets(from, to, a, b), Pages: map[string]diffListPage{}}
	q := url.Values{"from": {from}, "to": {to}}
	for list, off := range offsets {
		q.Set(list, strconv.Itoa(off))
	}
	var page diffListPage
	p.ChangedRows, page = pageRows(p.Changed, "changed", offsets["changed"], q)
	p.Pages["changed"] = page
	p.AddedRows, page = pageRows(p.Added, "added", offsets["added"], q)
	p.Pages["added"] = page
	p.RemovedRows, page = pageRows(p.Removed, "removed", offsets["removed"], q)
	p.Pages["removed"] = page
	for i := len(sets) - 1; i >= 0; i-- {
		v := sets[i].Version
		p.FromOptions = append(p.FromOptions, option{Value: v, ZH: v, EN: v, Selected: v == from})
		p.ToOptions = append(p.ToOptions, option{Value: v, ZH: v, EN: v, Selected: v == to})
	}
	return s.renderPage(c, http.StatusOK, "factor-diff", p)
}

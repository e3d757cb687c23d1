package api

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/labstack/echo/v4"
)

// The factor curator's workbench (the admin and curator roles): draft sets, an import
// with a preview of what it would change, and publication. Each action
// calls the FactorService method of its API twin: CreateFactorSet (POST
// /v1/factor-sets), ImportFactors (POST /v1/factor-sets/{version}/import),
// PublishFactorSet (POST /v1/factor-sets/{version}/publish).

// pendingImport is a factor file a curator previewed and may now import:
// kept in the session (never in the page), so the file imported is the
// file previewed.
type pendingImport struct {
	id      string // the preview's random ID, in its page's import form
	set     string
	name    string
	factors []*footprint.Factor
}

type factorSetsWorkPage struct {
	Sets []*footprint.FactorSet // newest first
}

func (s *Server) handleWorkFactorSets(c echo.Context) error {
	sets, err := ask(c, s.FactorService, "the factor database", footprint.FactorService.FindFactorSets)
	if err != nil {
		return err
	}
	slices.SortFunc(sets, func(a, b *footprint.FactorSet) int { return cmp.Compare(b.Version, a.Version) })
	return s.renderWork(c, http.StatusOK, "factorsets", "factor-sets", factorSetsWorkPage{Sets: sets})
}

// handleWorkFactorSetCreate starts a draft set, as POST /v1/factor-sets.
func (s *Server) handleWorkFactorSetCreate(c echo.Context) error {
	if err := need(s.FactorService != nil, "the factor database"); err != nil {
		return err
	}
	if err := s.checkCSRF(c); err != nil {
		return err
	}
	form := c.Request().PostForm
	fs, err := s.createFactorSet(c.Request().Context(), factorSetCreateRequest{Version: form.Get("version"), BasedOn: form.Get("based_on"), Description: form.Get("description")})
	if err != nil {
		return err
	}
	return seeOther(c, "/work/factor-sets/"+url.PathEscape(fs.Version), "created")
}

type factorSetWorkPage struct {
	Set       *footprint.FactorSet
	Draft     bool
	Preview   *factorDiff // after a preview: what the import would change
	File      string      // the previewed file's name
	Pending   int         // factors in it
	PreviewID string      // the preview's ID, which the import form sends back

	// Plausibility flags (docs/integrity.md §11a): those a curator may
	// review (every flag of a draft; the unreviewed ones of a published
	// set), how many are not acknowledged and not reviewed, and, after a
	// preview, the flags the set would have after the import.
	Flags          []*flagView
	Reviewed       int // flags of the set a curator reviewed (not listed for a published set)
	Unacknowledged int
	Unreviewed     int
	PreviewFlags   []*flagView
	Refused        *Flash // publishing refused: why, in both languages

	// SetReview is the set's review as a whole (factorlib.SetReview): a
	// set based on no other that a curator filled waits for a second
	// curator's; nil when the store has none.
	SetReview *factorlib.SetReview
}

// findSetParam reads the factor set of the :version path parameter.
func (s *Server) findSetParam(c echo.Context) (*footprint.FactorSet, error) {
	if err := need(s.FactorService != nil, "the factor database"); err != nil {
		return nil, err
	}
	version := c.Param("version")
	if !footprint.ValidSetVersion(version) {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "version", "invalid factor-set version %q", truncate(version, 32))
	}
	return s.FactorService.FindFactorSetByVersion(c.Request().Context(), version)
}

// findSetForm is findSetParam for a form post, once its CSRF token checks.
func (s *Server) findSetForm(c echo.Context) (*footprint.FactorSet, error) {
	set, err := s.findSetParam(c)
	if err != nil {
		return nil, err
	}
	return set, s.checkCSRF(c)
}

func (s *Server) handleWorkFactorSet(c echo.Context) error {
	set, err := s.findSetParam(c)
	if err != nil {
		return err
	}
	p := factorSetWorkPage{Set: set, Draft: set.Status == footprint.SetDraft}
	if err := s.addWorkFlags(c, &p); err != nil {
		return err
	}
	return s.renderWork(c, http.StatusOK, "factorset", "factor-sets", p)
}

// addWorkFlags adds the plausibility flags of p.Set to the page: every
// flag of a draft, the unreviewed ones of a published set.
func (s *Server) addWorkFlags(c echo.Context, p *factorSetWorkPage) error {
	fs, ok := s.FactorService.(factorlib.FactorFlagService)
	if !ok {
		return nil
	}
	flags, err := fs.FindFactorFlags(c.Request().Context(), p.Set.Version)
	if err != nil {
		return err
	}
	if p.SetReview, err = s.setReview(c.Request().Context(), p.Set.Version); err != nil {
		return err
	}
	p.Unacknowledged, p.Unreviewed = len(factorlib.Unacknowledged(flags)), len(factorlib.Unreviewed(flags))
	p.Reviewed = len(flags) - p.Unreviewed
	for _, fl := range flags {
		if p.Draft || !fl.Reviewed() {
			p.Flags = append(p.Flags, newFlagView(fl, p.Set.Version))
		}
	}
	return nil
}

// handleWorkReviewFlags records the curator's review of the flags checked
// in the form, with the note (FactorFlagService.AcknowledgeFactorFlags, as
// POST /v1/factor-sets/{version}/flags/acknowledge): in a draft or a
// published set, whose values and digest it does not change. With the
// form's "set" field, the review is of the set as a whole
// (factorlib.SetReviewService.ReviewFactorSet, the request's "set": true),
// and of the flags checked with it.
func (s *Server) handleWorkReviewFlags(c echo.Context) error {
	set, err := s.findSetForm(c)
	if err != nil {
		return err
	}
	form := c.Request().PostForm
	// Each flag the page showed carries its digest in a hidden field
	// (digest.CODE), and the set review form the set's (set_digest): the
	// review covers what the page showed, not what an author imported
	// since (red team 32), as the API's request does.
	req := flagAcknowledgeRequest{Codes: form["code"], Note: form.Get("note"), Set: form.Get("set") != "", SetDigest: form.Get("set_digest")}
	for _, code := range req.Codes {
		req.Digests = append(req.Digests, form.Get("digest."+code))
	}
	if _, _, err = s.reviewFlags(c.Request().Context(), set.Version, &req); err != nil {
		changed := footprint.ErrorCode(err) == footprint.ECONFLICT && (strings.HasPrefix(footprint.ErrorField(err), "digests[") || footprint.ErrorField(err) == "set_digest")
		if !changed && (footprint.ErrorCode(err) != footprint.EFORBIDDEN || footprint.ErrorField(err) != "reviewer") {
			return err
		}
		// The set's page again, with why in both languages and the
		// flags still to review, as they are now.
		p := factorSetWorkPage{Set: set, Draft: set.Status == footprint.SetDraft}
		if err := s.addWorkFlags(c, &p); err != nil {
			return err
		}
		// The store's refusal, when bilingual: its Chinese goes after
		// the page's Chinese, its English after the English.
		zh, en, _ := splitBilingual(footprint.ErrorMessage(err))
		if changed {
			p.Refused = &Flash{
				FlashZH: "未审核:您阅读此页之后,因子集的作者又导入或分类了因子,您勾选的提示(或整个因子集)已与您看到的不同。下面是当前的数值,请重新核对后再提交。未记录任何审核。" + zh,
				FlashEN: "Not reviewed: since you read this page, an author imported or classified factors, and what you ticked (or the set) is no longer what you were shown. The values now stand below: check them again before you submit. Nothing was reviewed. " + en,
			}
			return s.renderWork(c, http.StatusConflict, "factorset", "factor-sets", p)
		}
		// Four eyes: the curator filled the set.
		p.Refused = &Flash{
			FlashZH: "未审核:您创建了此因子集、向其导入或分类过因子(或您的 API 密钥由这样的密钥创建),不能审核其合理性提示。请由另一位因子管理员审核。" + zh,
			FlashEN: "Not reviewed: you created this factor set, imported or classified its factors (or your API key was created with such a key), so you may not review its plausibility flags. Another curator must review them. " + en,
		}
		if form.Get("set") != "" {
			p.Refused = &Flash{
				FlashZH: "未审核:您创建了此因子集、向其导入或分类过因子(或您的 API 密钥由这样的密钥创建,或创建了这样的密钥),不能整体审核此因子集。请由另一位因子管理员审核。" + zh,
				FlashEN: "Not reviewed: you created this factor set, imported or classified its factors (or your API key was created with such a key, or created one), so you may not review the set as a whole. Another curator must review it. " + en,
			}
		}
		return s.renderWork(c, http.StatusForbidden, "factorset", "factor-sets", p)
	}
	return seeOther(c, "/work/factor-sets/"+url.PathEscape(set.Version), "reviewed")
}

// handleWorkImportPreview reads a factor CSV file (the format of the
// export, tabular.FactorColumns) as the import would, and shows what
// importing it into the draft would change: factors added and factors
// replaced with their differences, by the public diff of two sets
// (diffFactorSets). Nothing is written; the file waits in the session for
// the curator's confirmation.
func (s *Server) handleWorkImportPreview(c echo.Context) error {
	set, err := s.findSetParam(c)
	if err != nil {
		return err
	}
	form, err := s.workForm(c, "import", "file")
	if err != nil {
		return err
	}
	if set.Status != footprint.SetDraft {
		return footprint.Errorf(footprint.ECONFLICT, "factor set %s is published and immutable", set.Version)
	}
	files := form.File["file"]
	if len(files) != 1 {
		return footprint.FieldErrorf(footprint.EINVALID, "file", "choose one factor file (.csv)")
	}
	b, err := readFormFile(files[0])
	if err != nil {
		return err
	}
	name := fileName(files[0].Filename, "factors.csv")
	factors, err := tabular.ReadFactorsCSV(bytes.NewReader(b), name)
	if err != nil {
		return err
	}
	if len(factors) == 0 {
		return footprint.FieldErrorf(footprint.EINVALID, "file", "%s holds no factor", name)
	}
	current, err := s.FactorService.ExportFactorSet(c.Request().Context(), set.Version)
	if err != nil {
		return err
	}
	d := diffFactorSets(set.Version, set.Version+" + "+name, current, mergeFactors(set.Version, current, factors))
	pending := &pendingImport{id: randomID(), set: set.Version, name: name, factors: factors}
	if err := s.sessions.update(sessionID(c), func(sess *webSession) { sess.pending = pending }); err != nil {
		return err
	}
	p := factorSetWorkPage{Set: set, Draft: true, Preview: &d, File: name, Pending: len(factors), PreviewID: pending.id}
	if err := s.addWorkFlags(c, &p); err != nil {
		return err
	}
	// The flags the set would have after the import, with their peers
	// and, for a set based on another, what it changes: what the curator
	// sees before importing.
	flags, err := s.previewFlags(c.Request().Context(), set, mergeFactors(set.Version, current, factors))
	if err != nil {
		return err
	}
	for _, fl := range flags {
		p.PreviewFlags = append(p.PreviewFlags, newFlagView(&factorlib.FactorFlag{PlausibilityFlag: fl}, set.Version))
	}
	return s.renderWork(c, http.StatusOK, "factorset", "factor-sets", p)
}

// previewFlags returns the flags draft set would have holding factors:
// the outliers, and for a set based on another the factors it changes
// (factorlib.CompareWithBase), an unchanged factor keeping its base's
// change flag while no curator reviewed it, as the store checks them.
func (s *Server) previewFlags(ctx context.Context, set *footprint.FactorSet, factors []*footprint.Factor) ([]factorlib.PlausibilityFlag, error) {
	var c factorlib.PlausibilityChecker
	if set.BasedOn == "" {
		for _, f := range factors {
			c.Add(f)
		}
		return c.Flags(), nil
	}
	base, err := s.FactorService.ExportFactorSet(ctx, set.BasedOn)
	gone := footprint.ErrorCode(err) == footprint.ENOTFOUND // nothing to compare with
	if err != nil && !gone {
		return nil, err
	}
	byCode := make(map[string]*footprint.Factor, len(base))
	for _, f := range base {
		byCode[f.Code] = f
	}
	baseFlags, _, err := s.storedFlags(ctx, set.BasedOn)
	if err != nil && footprint.ErrorCode(err) != footprint.ENOTFOUND {
		return nil, err
	}
	inherited := map[string]*factorlib.FactorChange{}
	for _, fl := range baseFlags {
		if fl.Change != nil && !fl.Reviewed() {
			inherited[fl.Code] = fl.Change
		}
	}
	for _, f := range factors {
		ch := factorlib.CompareWithBase(set.Version, set.BasedOn, f, byCode[f.Code])
		switch {
		case gone:
			ch = nil
		case ch == nil:
			ch = inherited[f.Code]
		}
		c.AddChanged(f, ch)
	}
	return c.Flags(), nil
}

// mergeFactors returns the set's factors as they would be after importing
// file: a factor of the file replaces the one of the same code, the rest
// are added; ordered by code, as ExportFactorSet orders them.
func mergeFactors(set string, current, file []*footprint.Factor) []*footprint.Factor {
	byCode := make(map[string]*footprint.Factor, len(current)+len(file))
	for _, f := range current {
		byCode[f.Code] = f
	}
	for _, f := range file {
		cp := *f
		cp.Set = set
		byCode[f.Code] = &cp
	}
	out := make([]*footprint.Factor, 0, len(byCode))
	for _, f := range byCode {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *footprint.Factor) int { return cmp.Compare(a.Code, b.Code) })
	return out
}

// handleWorkImport imports the file previewed in this session into the
// draft (FactorService.ImportFactors, all or nothing).
func (s *Server) handleWorkImport(c echo.Context) error {
	set, err := s.findSetForm(c)
	if err != nil {
		return err
	}
	// The file imported is the one whose preview the form was on, for
	// this set: a later preview (another tab) replaces it and only its own
	// page imports it; a form without a preview, or posted to another
	// set, imports nothing and leaves the pending preview as it was.
	want := c.Request().PostForm.Get("preview")
	var p *pendingImport
	if err := s.sessions.update(sessionID(c), func(sess *webSession) {
		if want != "" && sess.pending != nil && sess.pending.id == want && sess.pending.set == set.Version {
			p, sess.pending = sess.pending, nil
		}
	}); err != nil {
		return err
	}
	if p == nil {
		return footprint.FieldErrorf(footprint.EINVALID, "preview", "this form confirms no current preview of set %s (none was made, it was imported already, or a later preview replaced it): preview the factor file and import from the page of that preview", set.Version)
	}
	sum, err := s.FactorService.ImportFactors(c.Request().Context(), set.Version, p.factors)
	if err != nil {
		return err
	}
	_ = sum
	return seeOther(c, "/work/factor-sets/"+url.PathEscape(set.Version), "imported")
}

// handleWorkPublish publishes a draft set (FactorService.PublishFactorSet):
// from then on it is immutable.
func (s *Server) handleWorkPublish(c echo.Context) error {
	set, err := s.findSetForm(c)
	if err != nil {
		return err
	}
	if c.Request().PostForm.Get("confirm") != set.Version {
		return footprint.FieldErrorf(footprint.EINVALID, "confirm", "type the version %s to confirm: a published set can never change", set.Version)
	}
	if _, err := s.FactorService.PublishFactorSet(c.Request().Context(), set.Version); err != nil {
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "plausibility_flags" {
			return err
		}
		// Refused for flags nobody acknowledged: the set's page again,
		// with the reason in both languages and the flags to review.
		p := factorSetWorkPage{Set: set, Draft: true}
		if err := s.addWorkFlags(c, &p); err != nil {
			return err
		}
		p.Refused = &Flash{
			FlashZH: fmt.Sprintf("未发布:%d 个合理性提示尚未经因子管理员确认。请核对下列因子的数值和单位,确认保留的填写说明后提交审核,错误的请导入更正值。", p.Unacknowledged),
			FlashEN: fmt.Sprintf("Not published: %d plausibility flags are not acknowledged. Check the value and unit of the factors below; review those that stand with a note, import corrected values for the others.", p.Unacknowledged),
		}
		return s.renderWork(c, http.StatusConflict, "factorset", "factor-sets", p)
	}
	return seeOther(c, "/work/factor-sets/"+url.PathEscape(set.Version), "published")
}

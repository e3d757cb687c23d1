package api

// The signed-in pages (issue 12): sign-in, and the workbenches of the
// manufacturer, the certifier and the regulator. Every page route is in the
// route table (api/policy.go) and passes requireRole like its API twin;
// handlers find records with the API's own helpers (findStudy, findSeen,
// findOwnIssued, scopeToCaller), which apply the same ownership checks, and
// change things through the same service methods as the JSON handlers.
// Every POST checks the session's CSRF token before anything else.

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// statusAction is the path word of each status a certifier can set.
var statusAction = map[certification.CertificateStatus]string{
	certification.CertificateSuspended: "suspend",
	certification.CertificateWithdrawn: "withdraw",
	certification.CertificateValid:     "reinstate",
}

// workPage is what every workbench page shows besides its own data.
type workPage struct {
	CSRF string
	Role access.Role
	Org  string
	Tab  string // the workbench tab to mark as current
	Flash
	Data any
	// Keys: a certifier's keys that need its attention, shown on every
	// page of its workbench (webwork_keys.go).
	Keys keysAttention
}

// Flash is a one-line bilingual notice, carried in the redirect's query
// (?done=…) as a key of flashText, never as free text.
type Flash struct{ FlashZH, FlashEN string }

var flashText = map[string]Flash{
	"uploaded":      {"研究已计算并保存。", "The study was calculated and saved."},
	"applied":       {"认证申请已提交。", "The application was submitted."},
	"issued":        {"证书已签发。", "The certificate was issued."},
	"rejected":      {"申请已驳回。", "The application was rejected."},
	"suspend":       {"证书已暂停。", "The certificate was suspended."},
	"withdraw":      {"证书已撤销。", "The certificate was withdrawn."},
	"reinstate":     {"证书已恢复。", "The certificate was reinstated."},
	"created":       {"草稿因子集已创建。", "The draft factor set was created."},
	"imported":      {"因子已导入草稿。", "The factors were imported into the draft."},
	"published":     {"因子集已发布，今后不可更改。", "The factor set was published; it can never change."},
	"reviewed":      {"合理性提示已审核，审核记录已存入审计日志。", "The plausibility flags were reviewed; the review is in the audit trail."},
	"signed-out":    {"已退出登录。", "You have signed out."},
	"key-confirmed": {"密钥已确认,现可使用;确认已记入审计日志。", "The key was confirmed and works now; the confirmation is in the audit trail."},
	"key-vouched":   {"已用贵机构此前的密钥为该恢复密钥担保;担保已记入审计日志。", "Your former key vouched for the recovery key; the vouching is in the audit trail."},
}

// renderWork renders a workbench page (api/web/work/name.html) inside the
// site layout, with the session's CSRF token and the security headers of
// every page (setPageHeaders).
func (s *Server) renderWork(c echo.Context, status int, name, tab string, data any) error {
	t, ok := workTemplates[name]
	if !ok {
		return footprint.Errorf(footprint.EINTERNAL, "no page template %q", name)
	}
	p := principal(c)
	wp := workPage{CSRF: s.csrfToken(c), Tab: tab, Data: data, Flash: flashText[c.QueryParam("done")]}
	if p != nil {
		wp.Role, wp.Org = p.Role, p.Org
	}
	if p != nil && p.Role == access.RoleCertifier && s.AuthService != nil {
		// A key made in the body's name is shown on every page: a body
		// that uses the browser would not notice it otherwise.
		keys, err := s.orgKeys(c)
		if err != nil {
			return err
		}
		wp.Keys = newKeysAttention(keys)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", layoutData{Name: name, Nav: "work", Principal: p, Now: s.Now(), Page: wp}); err != nil {
		return err
	}
	setPageHeaders(c.Response().Header())
	return c.HTMLBlob(status, showBidiControls(buf.Bytes()))
}

//go:embed web/work/*.html
var workFS embed.FS

// workTemplates holds each workbench page, parsed with the site layout and
// the workbench's shared parts (web/work/parts.html).
var workTemplates = parseWorkPages()

func parseWorkPages() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(pageFuncs).ParseFS(webFS, "web/templates/layout.html"))
	template.Must(base.ParseFS(workFS, "web/work/parts.html"))
	names, err := fs.Glob(workFS, "web/work/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, p := range names {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "parts" {
			continue
		}
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(workFS, p))
	}
	return out
}

// seeOther redirects after a successful form post (POST/redirect/GET).
func seeOther(c echo.Context, to, done string) error {
	if done != "" {
		to += "?done=" + url.QueryEscape(done)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// --- Sign-in ---

type signInPage struct {
	Next    string
	ErrorZH string
	ErrorEN string
}

// safeNext keeps a post-sign-in destination only if it is a workbench path
// of this site: never another origin (an open redirect).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/work"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/work"
	}
	p := path.Clean(u.Path)
	if p != "/work" && !strings.HasPrefix(p, "/work/") {
		return "/work"
	}
	return p
}

func (s *Server) handleSignInPage(c echo.Context) error {
	return s.renderWork(c, http.StatusOK, "signin", "", signInPage{Next: safeNext(c.QueryParam("next"))})
}

// handleSignIn exchanges an API key, posted in the form body (never in a
// URL), for a session.
func (s *Server) handleSignIn(c echo.Context) error {
	if err := s.checkCSRF(c); err != nil {
		return err
	}
	next := safeNext(c.Request().PostFormValue("next"))
	if _, err := s.signIn(c, c.Request().PostFormValue("api_key")); err != nil {
		switch footprint.ErrorCode(err) {
		case footprint.EUNAUTHORIZED:
			return s.renderWork(c, http.StatusUnauthorized, "signin", "", signInPage{Next: next,
				ErrorZH: "API 密钥无效或已被撤销。", ErrorEN: "The API key is not valid or has been revoked."})
		case access.ERESTOREDKEY, access.EKEYAWAITSORG:
			hint := pageErrorHints[footprint.ErrorCode(err)]
			return s.renderWork(c, http.StatusUnauthorized, "signin", "", signInPage{Next: next, ErrorZH: hint[0], ErrorEN: hint[1]})
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// handleSignOut ends the session. With a session, the form must carry its
// CSRF token (so another site cannot sign a person out); without one there
// is nothing to end.
func (s *Server) handleSignOut(c echo.Context) error {
	if currentSession(c) != nil {
		if err := s.checkCSRF(c); err != nil {
			return err
		}
	}
	s.signOut(c)
	return c.Redirect(http.StatusSeeOther, "/sign-in?done=signed-out")
}

// handleWorkHome sends each role to its workbench.
func (s *Server) handleWorkHome(c echo.Context) error {
	to := map[access.Role]string{
		access.RoleManufacturer: "/work/studies",
		access.RoleCertifier:    "/work/applications",
		access.RoleRegulator:    "/work/overview",
		access.RoleAdmin:        "/work/factor-sets",
		access.RoleCurator:      "/work/factor-sets",
	}[principal(c).Role]
	if to == "" {
		return footprint.Errorf(footprint.EFORBIDDEN, "角色 %[1]s 没有工作台。role %[1]s has no workbench", principal(c).Role)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// --- Manufacturer: studies ---

type studiesPage struct {
	Studies    []studyRow
	Total      int
	BOMColumns []string // the columns a BOM table takes, for the upload form
}

// studyRow is a study as the studies page lists it: the study's summary
// and its headline figure, read with it (findStudyRows), as GET
// /v1/studies lists them.
type studyRow struct {
	*footprint.Study
	KgCO2e *float64
}

func (s *Server) handleWorkStudies(c echo.Context) error {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return err
	}
	f := footprint.StudyFilter{Limit: 50}
	if p := principal(c); p.Role == access.RoleManufacturer {
		f.Owner = &p.Org
	}
	rows, total, err := s.findStudyRows(c.Request().Context(), f)
	if err != nil {
		return err
	}
	studies := make([]studyRow, len(rows))
	for i, r := range rows {
		studies[i] = studyRow{r.Study, r.KgCO2e}
	}
	return s.renderWork(c, http.StatusOK, "studies", "studies", studiesPage{Studies: studies, Total: total, BOMColumns: tabular.BOMColumns})
}

// handleWorkStudyUpload stores a study from the upload form: a study
// document (.json) in the part "document", or a BOM (.csv, .xlsx) in the
// part "bom" with its study header (JSON) in the part "study", as POST
// /v1/studies takes them. The request is handed to readStudy, the API's own
// reader, so every check of the API applies; then StudyService.CreateStudy.
func (s *Server) handleWorkStudyUpload(c echo.Context) error {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return err
	}
	req := c.Request()
	form, err := s.workForm(c, "upload", "document", "bom")
	if err != nil {
		return err
	}
	delete(form.Value, csrfField) // not a study field
	for _, name := range []string{"document", "bom", "study"} {
		// A file input left empty arrives as an empty value.
		if v, ok := form.Value[name]; ok && strings.TrimSpace(strings.Join(v, "")) == "" {
			delete(form.Value, name)
		}
	}
	if docs := form.File["document"]; len(docs) > 0 {
		if len(docs) > 1 || len(form.File["bom"]) > 0 {
			return footprint.FieldErrorf(footprint.EINVALID, "document", "请只提交一份研究文件,或一份物料清单,不要两者都提交。give one study document, or a BOM, not both")
		}
		b, err := readFormFile(docs[0])
		if err != nil {
			return err
		}
		// The document goes through readStudy as the JSON body of POST
		// /v1/studies would.
		r := req.Clone(req.Context())
		r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		c.SetRequest(r)
	} else if len(form.File["bom"]) == 0 {
		return footprint.FieldErrorf(footprint.EINVALID, "document", "请选择研究文件(.json)或物料清单文件(.csv、.xlsx)。choose a study document (.json) or a BOM file (.csv, .xlsx)")
	}
	study, up, err := s.readStudy(c)
	if err != nil {
		return err
	}
	if _, err := s.StudyService.CreateStudy(c.Request().Context(), study); err != nil {
		return up.locate(asInputError(err))
	}
	return seeOther(c, "/work/studies/"+study.ID, "uploaded")
}

type studyPage struct {
	Study        *footprint.Study
	Result       *resultView
	Applications []appView
	CanApply     bool
	// An application the service refused: the error above the form, and
	// the form's fields as they were sent.
	ApplyError            *errorPage
	Certifier, Supersedes string
	// SupplierWarnings are the study's supplier certificates the issue
	// would refuse as they stand now (studyJSON.SupplierWarnings): the
	// manufacturer reads them before applying.
	SupplierWarnings []reviewWarning
}

func (s *Server) handleWorkStudy(c echo.Context) error {
	st, err := s.pathStudy(c)
	if err != nil {
		return err
	}
	p, err := s.newStudyPage(c, st)
	if err != nil {
		return err
	}
	return s.renderWork(c, http.StatusOK, "study", "studies", p)
}

func (s *Server) newStudyPage(c echo.Context, st *footprint.Study) (studyPage, error) {
	p := studyPage{Study: st, Result: newResultView(st.Result), CanApply: principal(c).Role == access.RoleManufacturer && st.Result != nil}
	var sw studyJSON
	if err := s.withSupplierWarnings(c.Request().Context(), &sw, st); err != nil {
		return p, err
	}
	p.SupplierWarnings = mapList(sw.SupplierWarnings, newReviewWarning)
	signature, err := s.supplierSignatureWarnings(c.Request().Context(), st)
	if err != nil {
		return p, err
	}
	p.SupplierWarnings = append(p.SupplierWarnings, signature...)
	if s.CertificationService != nil {
		f := certification.ApplicationFilter{StudyID: &st.ID}
		scopeToCaller(principal(c), &f.Manufacturer, &f.Certifier)
		apps, err := s.CertificationService.FindApplications(c.Request().Context(), f)
		if err != nil {
			return p, err
		}
		p.Applications = appViews(apps)
	}
	return p, nil
}

// handleWorkApply applies for a certificate for the caller's study through
// createApplication, as POST /v1/applications does.
func (s *Server) handleWorkApply(c echo.Context) error {
	if err := s.needCertification(); err != nil {
		return err
	}
	if err := s.checkCSRF(c); err != nil {
		return err
	}
	form := c.Request().PostForm
	app, err := s.createApplication(c, strings.TrimSpace(form.Get("study_id")), form.Get("certifier"), strings.TrimSpace(form.Get("supersedes")))
	if err != nil {
		return s.applyRefused(c, form, err)
	}
	return seeOther(c, "/work/applications/"+app.ID.String(), "applied")
}

// applyRefused answers an application the service refused (an input
// error: 4xx) on the study's own page, the error above the form and the
// form filled in as it was sent, so that the manufacturer corrects the
// field and sends it again. A form that names no study the caller may
// see, or a server error, is answered by the error page, as before.
func (s *Server) applyRefused(c echo.Context, form url.Values, cause error) error {
	status, body := s.errorStatus(cause)
	if status >= 500 || status == http.StatusForbidden || status == http.StatusUnauthorized {
		return cause
	}
	st, err := s.findStudy(c, strings.TrimSpace(form.Get("study_id")))
	if err != nil {
		return cause
	}
	p, err := s.newStudyPage(c, st)
	if err != nil || !p.CanApply {
		return cause
	}
	e := newErrorPage(status, body)
	// Its title says what failed: "page not found" would read as if the
	// page were missing, where a certifier is.
	e.TitleZH, e.TitleEN = "申请未提交", "The application was not sent"
	p.ApplyError, p.Certifier, p.Supersedes = &e, form.Get("certifier"), form.Get("supersedes")
	c.Set(errorCodeKey, body.Code) // the request's outcome, for the metrics, as the error page's
	return s.renderWork(c, status, "study", "studies", p)
}

// --- Applications: the manufacturer's, the certifier's queue ---

type applicationsPage struct {
	Status       string
	Applications []appView
}

func (s *Server) handleWorkApplications(c echo.Context) error {
	if err := s.needCertification(); err != nil {
		return err
	}
	var f certification.ApplicationFilter
	status := c.QueryParam("status")
	if principal(c).Role == access.RoleCertifier && !c.QueryParams().Has("status") {
		status = string(certification.ApplicationPending) // the queue
	}
	var err error
	if f.Status, err = applicationStatusFilter(status); err != nil {
		return err
	}
	scopeToCaller(principal(c), &f.Manufacturer, &f.Certifier)
	apps, err := s.CertificationService.FindApplications(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return s.renderWork(c, http.StatusOK, "applications", "applications", applicationsPage{Status: status, Applications: appViews(apps)})
}

type applicationPage struct {
	App       appView
	Review    *applicationReview
	Suppliers []reviewCertView // Review.Suppliers with their status in words
	Supersede *reviewCertView  // Review.Supersedes likewise
	Study     *footprint.Study
	Result    *resultView
	CanDecide bool
	// Signatories are the certifier's register of authorised signatories
	// (access.Organization.Signatories), offered by the issue form; none
	// for a body without one (the form takes any name, as the service).
	Signatories []string
	// WarningGroups are Review.Warnings by the line or field each names.
	WarningGroups []warningGroup
}

// handleWorkApplication shows an application with what the certifier
// reviews: the API's review (warnings, supplier certificates and lineage,
// live) and the study's full result, the calculation trace.
func (s *Server) handleWorkApplication(c echo.Context) error {
	a, st, rv, err := s.findReviewed(c)
	if err != nil {
		return err
	}
	p := applicationPage{App: newAppView(a), Review: rv, Study: st, Result: newResultView(st.Result),
		CanDecide: principal(c).Role == access.RoleCertifier && a.Status == certification.ApplicationPending}
	if p.CanDecide && s.AuthService != nil {
		org, err := s.ownOrganization(c)
		if err != nil {
			return err
		}
		p.Signatories = org.Signatories
	}
	p.Suppliers = newReviewCertViews(p.Review.Suppliers)
	var tree []treeNode
	if p.Result != nil {
		p.Result.WarningsAbove, tree = true, p.Result.Tree
	}
	p.WarningGroups = groupWarnings(p.Review.Warnings, tree)
	if sup := p.Review.Supersedes; sup != nil {
		p.Supersede = &newReviewCertViews([]reviewCertificate{*sup})[0]
	}
	return s.renderWork(c, http.StatusOK, "application", "applications", p)
}

// handleWorkIssue issues the certificate of a pending application addressed
// to the caller (issueCertificate, as POST /v1/applications/{id}/issue).
func (s *Server) handleWorkIssue(c echo.Context) error {
	if err := s.checkCSRF(c); err != nil {
		return err
	}
	a, err := s.findApplication(c)
	if err != nil {
		return err
	}
	form := c.Request().PostForm
	req := certification.IssueRequest{Signatory: strings.TrimSpace(form.Get("signatory")), ApprovalNumber: strings.TrimSpace(form.Get("approval_number")),
		ReviewDigest: form.Get("review_digest")}
	rec, _, err := s.issueCertificate(c, a, req)
	if err != nil {
		return err
	}
	return seeOther(c, "/work/certificates/"+rec.Certificate().ID.String(), "issued")
}

// formReasons reads the reasons of a decision, one a line, checked as the
// API checks them (certification.ValidateReasons).
func formReasons(c echo.Context) ([]string, error) {
	var reasons []string
	for _, line := range strings.Split(c.Request().PostForm.Get("reasons"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			reasons = append(reasons, line)
		}
	}
	return reasons, certification.ValidateReasons("reasons", reasons)
}

func (s *Server) handleWorkReject(c echo.Context) error {
	if err := s.checkCSRF(c); err != nil {
		return err
	}
	a, reasons, err := readDecision(c, s.findApplication, formReasons)
	if err != nil {
		return err
	}
	if _, err := s.CertificationService.RejectApplication(c.Request().Context(), a.ID, reasons); err != nil {
		return err
	}
	return seeOther(c, "/work/applications/"+a.ID.String(), "rejected")
}

// --- Certificates ---

// workCertificate is a certificate as the workbench lists it.
type workCertificate struct {
	Rec    *certification.CertificateRecord
	Cert   certification.Certificate
	Status certification.CertificateStatus // live (expiry applied)
	Verify string                          // the public verification path
	// KeyAlerts are its unvouched-key alerts (unvouchedKeyAlerts), which
	// its status is worded with, as on the verification page.
	KeyAlerts []supplierAlert
	// Withheld is a certificate whose documents the service does not give
	// (refuseDocuments): flagged, issued or set valid with an unvouched
	// key, or failing its signature check. NoLabel is one that gives no
	// label (not valid, or Withheld).
	Withheld, NoLabel bool
}

func (s *Server) newWorkCertificate(rec *certification.CertificateRecord) workCertificate {
	cert := rec.Certificate()
	return workCertificate{Rec: rec, Cert: *cert, Status: cert.StatusAt(rec.Status, s.Now()), Verify: certification.CertificateVerifyPath(cert.ID)}
}

// checkDocuments sets w's key alerts and whether its documents are given,
// by the download's own rule (refuseDocuments), so that a page or a list
// offers no download the service would refuse: a label refused for its
// status leaves the certificate PDF; any other refusal, both.
func (s *Server) checkDocuments(ctx context.Context, w *workCertificate) error {
	var err error
	if w.KeyAlerts, err = s.unvouchedKeyAlerts(ctx, w.Rec); err != nil {
		return err
	}
	if err := s.refuseDocuments(ctx, w.Rec, true); footprint.ErrorCode(err) == footprint.ECONFLICT {
		w.NoLabel, w.Withheld = true, footprint.ErrorField(err) != "status"
	} else if err != nil {
		return err
	}
	return nil
}

type workCertificatesPage struct {
	Status       string
	Statuses     []statusOption
	Flagged      bool
	Certificates []workCertificate
	Next         string
}

func (s *Server) handleWorkCertificates(c echo.Context) error {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return err
	}
	f := certification.CertificateFilter{Limit: 50, Now: s.Now(), Cursor: c.QueryParam("cursor")}
	scopeToCaller(principal(c), &f.Manufacturer, &f.Certifier)
	p := workCertificatesPage{Status: c.QueryParam("status"), Statuses: certificateStatusOptions}
	var err error
	if f.Status, err = certificateStatusFilter(p.Status); err != nil {
		return err
	}
	// The form's checkbox sends flagged=true; false (or none) lists all.
	flagged, err := flaggedFilter(c.QueryParam("flagged"))
	if err != nil {
		return err
	}
	if flagged != nil && *flagged {
		f.Flagged, p.Flagged = flagged, true
	}
	recs, fails, next, err := s.findCheckedCertificates(c.Request().Context(), f)
	if err != nil {
		return err
	}
	for i, rec := range recs {
		w := s.newWorkCertificate(rec)
		if err := s.checkDocuments(c.Request().Context(), &w); err != nil {
			return err
		}
		if fails[i] != nil {
			// Listed, so that an operator sees it exists, but not valid.
			w.Status = StatusSignatureInvalid
		}
		p.Certificates = append(p.Certificates, w)
	}
	p.Next = next
	return s.renderWork(c, http.StatusOK, "certificates", "certificates", p)
}

type workCertificatePage struct {
	workCertificate
	CanDecide  bool
	Actions    []statusActionView // the status changes open to the certifier now
	Chart      template.HTML
	Unverified bool // the record fails the signature check: its documents are not offered
	// UseZH and UseEN are the signed use scenario as the certificate
	// prints it (format 6), empty when it signs none.
	UseZH, UseEN string
	// UnvouchedKey is the API key the certificate was issued with when no
	// former key of its certification body vouched for it (the public
	// verification's issuing_key_unvouched alert), empty otherwise.
	UnvouchedKey string
	// UnvouchedStatusKey is the same of the key that made its latest
	// status change (status_key_unvouched).
	UnvouchedStatusKey string
	// PACTChange is a supplier's PACT footprint the study used that its
	// data owner deprecated, updated or replaced since (pactChange).
	PACTChange *pactChangeJSON
}

func (s *Server) handleWorkCertificate(c echo.Context) error {
	rec, err := s.findCertificate(c)
	if err != nil {
		return err
	}
	p := workCertificatePage{workCertificate: s.newWorkCertificate(rec)}
	// The record is checked against the published keys as the registry,
	// the verification page and the workbench's list check it (red team
	// 31: this page called "有效 Valid" a record they all withhold). Its
	// certifier may still suspend or withdraw it, never reinstate it.
	check, err := s.signatureChecker(c.Request().Context())
	if err != nil {
		return err
	}
	recorded := p.Status
	if check(rec) != nil {
		p.Status, p.Unverified = StatusSignatureInvalid, true
	}
	if err := s.checkDocuments(c.Request().Context(), &p.workCertificate); err != nil {
		return err
	}
	if p.PACTChange, err = s.pactChange(c.Request().Context(), rec); err != nil {
		return err
	}
	for _, a := range p.KeyAlerts {
		switch a.Code { // a compromised key's alerts are in the status's words (statusWording)
		case alertUnvouchedKey:
			p.UnvouchedKey = a.Key
		case alertUnvouchedStatusKey:
			p.UnvouchedStatusKey = a.Key
		}
	}
	p.CanDecide = principal(c).Role == access.RoleCertifier && principal(c).Org == rec.Certifier
	if p.CanDecide {
		switch recorded {
		case certification.CertificateValid:
			p.Actions = []statusActionView{{"suspend", "暂停", "Suspend"}, {"withdraw", "撤销", "Withdraw"}}
		case certification.CertificateSuspended:
			if !p.Unverified { // a record that fails its signature check is not reinstated
				p.Actions = append(p.Actions, statusActionView{"reinstate", "恢复", "Reinstate"})
			}
			p.Actions = append(p.Actions, statusActionView{"withdraw", "撤销", "Withdraw"})
		}
		review := len(rec.SupplierFlags) > 0
		if f, ok := s.CertificationService.(pactChangeReviewer); ok && !review && p.PACTChange != nil {
			// A supplier's PACT footprint changed since the last review
			// (red team 55): what the flagged queue lists it for.
			if review, err = f.PACTChangePending(c.Request().Context(), rec.Certificate().ID); err != nil {
				return err
			}
		}
		if review {
			p.Actions = append(p.Actions, statusActionView{"review", "复核后保留", "Reviewed: keep it"})
		}
		p.CanDecide = len(p.Actions) > 0
	}
	var stages []footprint.StageTotal
	for _, st := range p.Cert.Stages {
		share := 0.0
		if p.Cert.KgCO2e > 0 {
			share = 100 * st.KgCO2e / p.Cert.KgCO2e
		}
		stages = append(stages, footprint.StageTotal{Code: st.Code, NameZH: st.NameZH, NameEN: st.NameEN, KgCO2e: st.KgCO2e, SharePct: share})
	}
	p.Chart = stageChartSVG(stages)
	if p.Cert.UseScenario != nil {
		p.UseZH, p.UseEN = p.Cert.PrintedUseScenario()
	}
	return s.renderWork(c, http.StatusOK, "certificate", "certificates", p)
}

// handleWorkCertificateDecision answers a certifier's decision with reasons
// on a certificate it issued (a status change, or the review of its
// supplier flags), as handleCertificateDecision does for the API.
func handleWorkCertificateDecision(done string, decide certificateDecision) func(*Server, echo.Context) error {
	return func(s *Server, c echo.Context) error {
		if err := s.checkCSRF(c); err != nil {
			return err
		}
		rec, reasons, err := readDecision(c, s.findOwnIssued, formReasons)
		if err != nil {
			return err
		}
		id := rec.Certificate().ID
		if _, err := decide(s, c.Request().Context(), id, strings.Join(reasons, "; ")); err != nil {
			return err
		}
		return seeOther(c, "/work/certificates/"+id.String(), done)
	}
}

// workForm reads the multipart form of a workbench upload (what names
// it; its file goes in one of parts) and checks its CSRF token, before
// any work.
func (s *Server) workForm(c echo.Context, what string, parts ...string) (*multipart.Form, error) {
	if !isMediaType(c.Request(), echo.MIMEMultipartForm) {
		return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, "the "+what+" form posts multipart/form-data")
	}
	form, err := parseMultipart(c, parts...)
	if err != nil {
		return nil, err
	}
	if err := s.checkCSRF(c); err != nil {
		return nil, err
	}
	return form, nil
}

// statusActionView is a status-change form of the certificate page.
type statusActionView struct{ Path, ZH, EN string }

// uuidString prints an ID, or "" for none (templates).
func uuidString(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

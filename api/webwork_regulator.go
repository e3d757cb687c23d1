package api

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/labstack/echo/v4"
)

// overviewMax bounds how many certificates the regulator's overview
// counts; past it the page says the counts are partial.
const overviewMax = 10 * footprint.MaxLimit

// count is one row of an overview table.
type count struct {
	Key   string
	Label string // how the page words the key
	Link  string // the certificate list of the row (status rows)
	N     int
}

// restoredKey is the status row of the valid certificates whose status is
// still a restored copy's (certification.RestoredFlag): counted apart from
// the plainly valid ones, never as them (red team 36), and listed by the
// flagged filter, which holds them.
const restoredKey = "valid-restored"

type overviewPage struct {
	Total     int
	Partial   bool
	ByStatus  []count
	ByProduct []count // by HS heading (4 digits), each a certificate names (productHeadings)
	ByMonth   []count // by month of issue, China time
	Flagged   []workCertificate
}

// handleWorkOverview counts the certificates the regulator may read (all:
// CertificationService.FindCertificates with the regulator's unscoped
// filter) by live status, product code and month of issue, and lists those
// flagged because a supplier certificate changed, all of them (up to
// overviewMax, as the counts).
func (s *Server) handleWorkOverview(c echo.Context) error {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	now := s.Now()
	var p overviewPage
	status, product, month := map[string]int{}, map[string]int{}, map[string]int{}
	f := certification.CertificateFilter{Limit: footprint.MaxLimit, Now: now}
	scopeToCaller(principal(c), &f.Manufacturer, &f.Certifier)
	check, err := s.signatureChecker(ctx)
	if err != nil {
		return err
	}
	for rec, err := range certification.AllCertificates(ctx, s.CertificationService, f) {
		if err != nil {
			return err
		}
		if p.Total == overviewMax {
			p.Partial = true
			break
		}
		cert := rec.Certificate()
		p.Total++
		key := string(cert.StatusAt(rec.Status, now))
		if _, ok := certification.RestoredFlag(rec.SupplierFlags); ok && key == string(certification.CertificateValid) {
			key = restoredKey
		}
		if check(rec) != nil {
			// As the lists give it (red team 61: counted by the status
			// its record states, a forged record was a valid one here).
			key = StatusSignatureInvalid
		}
		status[key]++
		month[cert.IssuedAt.In(certification.ChinaTime).Format("2006-01")]++
		for _, key := range productHeadings(cert.Product.Codes) {
			product[key]++
		}
	}
	p.ByStatus, p.ByProduct, p.ByMonth = counts(status, false), counts(product, false), counts(month, true)
	for i, c := range p.ByProduct {
		p.ByProduct[i].Link = "/certificates?" + url.Values{"product_code": {c.Key}}.Encode() // the registry, by code prefix
	}
	for i, c := range p.ByStatus {
		p.ByStatus[i].Label, p.ByStatus[i].Link = statusWords(c.Key), "/work/certificates?status="+c.Key
		if c.Key == StatusSignatureInvalid { // listed under the status on record, marked
			p.ByStatus[i].Link = "/work/certificates"
		}
		if c.Key == restoredKey {
			p.ByStatus[i].Label, p.ByStatus[i].Link = restoredText.ZH+" "+restoredText.EN, "/work/certificates?status=valid&flagged=true"
		}
	}
	// Every flagged certificate, page after page as the counts above: the
	// first page of 100 alone left a certificate flagged after a hundred
	// others off the overview, and its heading counted 100 (red team 30).
	flagged := true
	ff := certification.CertificateFilter{Limit: footprint.MaxLimit, Now: now, Flagged: &flagged}
	scopeToCaller(principal(c), &ff.Manufacturer, &ff.Certifier)
	for rec, err := range certification.AllCertificates(ctx, s.CertificationService, ff) {
		if err != nil {
			return err
		}
		if len(p.Flagged) == overviewMax {
			p.Partial = true
			break
		}
		w := s.newWorkCertificate(rec)
		// Its status in the verification's words: a key alert is no
		// supplier flag, and the entry said nothing of why it was listed
		// (red team 61).
		if w.KeyAlerts, err = s.unvouchedKeyAlerts(ctx, rec); err != nil {
			return err
		}
		p.Flagged = append(p.Flagged, w)
	}
	return s.renderWork(c, http.StatusOK, "overview", "overview", p)
}

// productHeadings are the rows of the overview's product tally a
// certificate counts in: each HS heading (4 digits) its codes name, once;
// the first code's 4 digits when it names no HS code; "—" when it names
// none. The first HS code alone let a product coded under another heading
// first (the demo laptop, HS 847130, as ["HS:851762","HS:847130"], which
// its rule takes alike) be no 8471 in the regulator's tally (red team 30).
func productHeadings(codes []footprint.ProductCode) []string {
	heading := func(pc footprint.ProductCode) string { return pc.Scheme + ":" + pc.Code[:min(len(pc.Code), 4)] }
	var out []string
	for _, pc := range codes {
		if k := heading(pc); pc.Scheme == "HS" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	switch {
	case len(out) > 0:
		return out
	case len(codes) > 0:
		return []string{heading(codes[0])}
	}
	return []string{"—"}
}

// counts sorts a tally: by key (months, newest first) or by count.
func counts(m map[string]int, byKeyDesc bool) []count {
	out := make([]count, 0, len(m))
	for k, n := range m {
		out = append(out, count{Key: k, Label: k, N: n})
	}
	slices.SortFunc(out, func(a, b count) int {
		if byKeyDesc {
			return cmp.Compare(b.Key, a.Key)
		}
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key))
	})
	return out
}

type auditPage struct {
	Subject, Actor, Action, Since string
	Events                        []*access.AuditEvent
	Next                          string
	Actions                       []string
	Head                          *access.AuditHead // for a regulator or an admin, as GET /v1/audit/head
	// A filter the service refused (auditFilterRefused): the error above
	// the filter, and the field it names, marked in the form.
	Error      *errorPage
	ErrorField string
}

// handleWorkAudit lists the audit trail with the filters of GET /v1/audit
// (subject, actor, action, since), newest first, 100 a page, each event
// with its place in the chain and digest. A regulator or an admin also
// sees the head of the chain, to note down (GET /v1/audit/head's rule: a
// curator reads one factor set's events, not the trail's head).
func (s *Server) handleWorkAudit(c echo.Context) error {
	if err := need(s.CertificationService != nil, "the audit trail"); err != nil {
		return err
	}
	q := c.QueryParams()
	p := auditPage{Subject: q.Get("subject"), Actor: q.Get("actor"), Action: q.Get("action"), Since: q.Get("since"), Actions: auditActions}
	f, err := s.auditFilter(c.Request().Context(), p.Subject, p.Actor, p.Action, p.Since)
	if err != nil {
		return s.auditFilterRefused(c, p, err)
	}
	f.Cursor, f.Limit = q.Get("cursor"), 100
	events, next, err := s.CertificationService.FindAuditEvents(c.Request().Context(), f)
	if err != nil {
		return err
	}
	p.Events, p.Next = events, next
	if p.Head, err = s.auditHeadFor(c); err != nil {
		return err
	}
	return s.renderWork(c, http.StatusOK, "audit", "audit", p)
}

// auditHeadFor is the head of the chain, to note down, for a regulator
// or an admin (GET /v1/audit/head's rule); nil for anyone else.
func (s *Server) auditHeadFor(c echo.Context) (*access.AuditHead, error) {
	if pr := principal(c); pr == nil || pr.Role != access.RoleRegulator && pr.Role != access.RoleAdmin {
		return nil, nil
	}
	head, err := s.CertificationService.FindAuditHead(c.Request().Context())
	if err != nil {
		return nil, err
	}
	return &head, nil
}

// auditFilterRefused answers a filter the service refused as bad input
// (400: a date it cannot read, 2026/01/05; a subject that names no
// record) on the audit page itself: the error, naming its field, above
// the filter as it was filled in, so that the person corrects the field
// (the site's error page lost the filter). Any other failure is answered
// by the error page, as before.
func (s *Server) auditFilterRefused(c echo.Context, p auditPage, cause error) error {
	status, body := s.errorStatus(cause)
	if status != http.StatusBadRequest {
		return cause
	}
	e := newErrorPage(status, body)
	p.Error, p.ErrorField = &e, body.Field
	var err error
	if p.Head, err = s.auditHeadFor(c); err != nil { // the head too, as the page of a filter taken
		return err
	}
	c.Set(errorCodeKey, body.Code) // the request's outcome, for the metrics, as the error page's
	return s.renderWork(c, status, "audit", "audit", p)
}

// auditActions are the actions the audit page's filter offers.
var auditActions = []string{
	access.AuditStudyCreate, access.AuditApplicationCreate, access.AuditApplicationReject,
	access.AuditCertificateIssue, access.AuditCertificateSuspend, access.AuditCertificateReinstate,
	access.AuditCertificateWithdraw, access.AuditCertificateReissue, access.AuditCertificateFlag,
	access.AuditCertificateReview, access.AuditFactorSetCreate, access.AuditFactorSetPublish,
	access.AuditFactorSetImport, access.AuditOrganizationCreate, access.AuditOrganizationApproval, access.AuditOrganizationRegister, access.AuditKeyCreate,
	access.AuditKeyRevoke, access.AuditKeyConfirm, access.AuditKeyEndorse, access.AuditKeyCompromise, access.AuditSigningKeyRotate,
	access.AuditSigningKeyCompromise, access.AuditPACTFootprintUpload,
	footprint.AuditFactorSetClassify, factorlib.AuditFactorSetAcknowledge, access.AuditDatabaseMigrate,
	access.AuditDatabaseBackup,
	pact.AuditCPCDeclare, pact.AuditShare, pact.AuditShareRevoke, pact.AuditAnswerQueued, pact.AuditAnswerDelivered,
	pact.AuditAnswerGivenUp, pact.AuditEndpointSave, pact.AuditFootprintFetch, pact.AuditFootprintRecheck,
}

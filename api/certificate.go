package api

import (
	"bytes"
	"cmp"
	"container/list"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// Rate limit of public-fact lookups, per client (lookupClient: an IPv4
// address, or an IPv6 /64): the verification endpoints (by ID and by
// number), the registry pages and the supplier certificates a study names
// by number share one budget. A person scanning QR codes never comes near
// it; a script walking IDs or sequential numbers does.
const (
	VerifyRate  = 10 // lookups per second
	VerifyBurst = 20
)

// maxLookupClients bounds the limiter's table: the clients that spent a
// lookup in the last lookupRefill (two seconds). 65,536 of them is far
// more than the public service sees in two seconds, and about 20 MB at
// the most (a bucket, its list element, its map entry and key, some 300
// bytes). Beyond it a new client is refused, not added (lookupLimiter).
const maxLookupClients = 1 << 16

// lookupRefill is how long an idle bucket takes to refill from empty to
// VerifyBurst: a bucket idle that long is full, the same as a new one, so
// it is dropped from the table without giving its client anything.
const lookupRefill = VerifyBurst * time.Second / VerifyRate

// lookupLimiter is the per-client budget of public-fact lookups, a token
// bucket per client (echo's memory store takes one token per request; a
// study that names several supplier certificates by number takes one per
// certificate). It implements echo's middleware.RateLimiterStore, with
// golang.org/x/time/rate buckets in a table of its own.
//
// The table holds only the clients seen in the last lookupRefill, least
// recently seen first (order), and never more than size of them: each call
// drops the buckets idle for lookupRefill (full again, so nothing is
// lost), and when the table is still full a new client is refused (429)
// rather than added. Evicting the least recently seen instead would hand
// that client a fresh budget: whoever holds more /64s than the table has
// room for (a /48 is 65,536 of them) would rotate through them and never
// be limited, the hole the table is there to close. Refusing costs only
// new clients, only while size clients have each spent a lookup within
// two seconds, and ends two seconds after such a flood stops.
type lookupLimiter struct {
	mu      sync.Mutex
	clients map[string]*list.Element // of *lookupBucket
	order   *list.List               // of *lookupBucket, least recently seen first
	size    int                      // the most clients it holds: maxLookupClients
	now     func() time.Time         // time.Now; tests stop it so that budgets do not refill
}

type lookupBucket struct {
	*rate.Limiter
	client   string
	lastSeen time.Time
}

func newLookupLimiter() *lookupLimiter {
	return newLookupLimiterOf(maxLookupClients)
}

// newLookupLimiterOf makes a limiter holding at most size clients (at
// least one).
func newLookupLimiterOf(size int) *lookupLimiter {
	return &lookupLimiter{clients: map[string]*list.Element{}, order: list.New(), size: max(1, size), now: time.Now}
}

// allowN takes n lookups from client's budget, if it has them. Otherwise
// it takes none and says how long until it would have them; a request of
// more than VerifyBurst lookups never fits, and a new client finding the
// table full waits until its oldest bucket has refilled.
func (l *lookupLimiter) allowN(client string, n int) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for e := l.order.Front(); e != nil; e = l.order.Front() {
		b := e.Value.(*lookupBucket)
		if now.Sub(b.lastSeen) < lookupRefill {
			break // the rest were seen later still
		}
		l.order.Remove(e)
		delete(l.clients, b.client)
	}
	e, ok := l.clients[client]
	if !ok {
		if len(l.clients) >= l.size { // full: size is at least 1, so Front is a bucket
			return false, lookupRefill - now.Sub(l.order.Front().Value.(*lookupBucket).lastSeen)
		}
		e = l.order.PushBack(&lookupBucket{Limiter: rate.NewLimiter(rate.Limit(VerifyRate), VerifyBurst), client: client})
		l.clients[client] = e
	}
	b := e.Value.(*lookupBucket)
	b.lastSeen = now
	l.order.MoveToBack(e)
	r := b.ReserveN(now, n)
	if !r.OK() {
		return false, time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Allow implements middleware.RateLimiterStore: one lookup.
func (l *lookupLimiter) Allow(client string) (bool, error) {
	ok, _ := l.allowN(client, 1)
	return ok, nil
}

// lookupClient is whom a request's lookups are charged to: an IPv4
// address as it is (an IPv4-mapped IPv6 address as its IPv4 address), an
// IPv6 address by its /64, the unit a home line or a cloud host is given:
// one host has 2^64 addresses of it, and charging each address apart gave
// each request a fresh budget (red team 19). The address is echo's
// RealIP, the TCP peer or, behind a trusted proxy, the client it names
// (SetTrustedProxies); anything else, which echo does not give, is its
// own client.
func lookupClient(c echo.Context) string {
	return lookupKey(c.RealIP())
}

func lookupKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.WithZone("").Unmap()
	if addr.Is4() {
		return addr.String()
	}
	return netip.PrefixFrom(addr, 64).Masked().String()
}

// retryAfter is the Retry-After value of a wait: whole seconds, at least 1.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int((d+time.Second-1)/time.Second)))
}

// verifyRateLimiter limits the public verification routes, charging each
// request to the client's lookup budget.
func (s *Server) verifyRateLimiter() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: s.lookups,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			return lookupClient(c), nil
		},
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "1")
			if wantsHTML(c) { // a person scanning the QR code gets a page
				return s.renderVerifyPage(c, http.StatusTooManyRequests, verifyPage{
					ErrorZH: "请求过多,请稍后再试。", ErrorEN: "Too many requests; try again shortly."})
			}
			return echo.NewHTTPError(http.StatusTooManyRequests, "验证请求过多，请一秒后重试。too many verification requests; retry in a second")
		},
		ErrorHandler: func(c echo.Context, err error) error {
			return echo.NewHTTPError(http.StatusForbidden, "无法识别客户端。cannot identify the client")
		},
	})
}

// limitSupplierLookups charges the supplier certificates study names by
// number to the client's lookup budget, the one the verification endpoints
// use (issue 9 item 8): certificate numbers are sequential, so a study could
// otherwise walk them. References by certificate ID (a random UUID) and to
// PACT footprints (by UUID too) cost nothing. A study naming more than VerifyBurst certificates by number is
// refused (EINVALID, naming the field "bom") with the way out; a client over
// its budget gets 429 rate_limited with Retry-After.
func (s *Server) limitSupplierLookups(c echo.Context, study *footprint.Study) error {
	n := 0
	for _, ref := range study.SupplierCertificateRefs() { // PACT footprints ("pact:<UUID>") are not numbered
		if !isUUIDRef(ref) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	if n > VerifyBurst {
		return footprint.FieldErrorf(footprint.EINVALID, "bom",
			"the study names %d supplier certificates by number; at most %d are looked up by number in one request: name the others by certificate ID (the UUID in their verification URL)", n, VerifyBurst)
	}
	if ok, wait := s.lookups.allowN(lookupClient(c), n); !ok {
		c.Response().Header().Set("Retry-After", retryAfter(wait))
		return echo.NewHTTPError(http.StatusTooManyRequests, "too many certificate lookups by number; retry in "+retryAfter(wait)+" s")
	}
	return nil
}

// isUUIDRef reports whether a supplier reference is a certificate ID rather
// than a number (the store takes either, in any letter case).
func isUUIDRef(ref string) bool {
	id, err := uuid.Parse(ref)
	return err == nil && len(ref) == 36 && id.String() == strings.ToLower(ref)
}

// certificateFacts are the facts of a certificate anyone may read, as a
// label prints them (PRODUCT.md principle 7): the verify answer and the
// record answer both start with them.
type certificateFacts struct {
	ID           string    `json:"id"`
	Number       string    `json:"number"`
	Status       string    `json:"status" doc:"The live status at the time of the answer: valid, suspended, withdrawn, superseded or expired; the verify answer and the certificate list say signature_invalid instead when the record fails the signature check"`
	Supersedes   string    `json:"supersedes,omitempty"`    // the lineage: the certificate this one replaced
	SupersededBy string    `json:"superseded_by,omitempty"` // and the one that replaced it
	Holder       string    `json:"holder"`
	Rule         string    `json:"rule"`
	KgCO2e       float64   `json:"kg_co2e"`
	DeclaredUnit string    `json:"declared_unit"`
	IssuedAt     time.Time `json:"issued_at"`
	ExpiresAt    time.Time `json:"expires_at"`
	KeyID        string    `json:"key_id"`
	// SignatureError and RecordedStatus are set, with status
	// StatusSignatureInvalid, where the record fails the signature check
	// (failSignature): its recorded status is not the answer.
	SignatureError   string `json:"signature_error,omitempty" doc:"Why the signature check failed"`
	SignatureErrorZH string `json:"signature_error_zh,omitempty" doc:"The same in Chinese"`
	RecordedStatus   string `json:"recorded_status,omitempty" doc:"With status signature_invalid: the status on record, not to be relied on"`
}

// failSignature marks facts whose record fails the server's signature
// check (edited in the database, its key lost): not valid whatever it
// records, so that a client reading only status is not told otherwise.
func (f *certificateFacts) failSignature(verr error) {
	f.SignatureError = footprint.ErrorMessage(verr)
	if ve, ok := errors.AsType[*certification.VerifyError](verr); ok {
		f.SignatureErrorZH = ve.MessageZH
	}
	f.RecordedStatus, f.Status = f.Status, StatusSignatureInvalid
}

func (s *Server) newCertificateFacts(rec *certification.CertificateRecord) certificateFacts {
	cert := rec.Certificate()
	out := certificateFacts{
		ID: cert.ID.String(), Number: cert.Number, Status: string(cert.StatusAt(rec.Status, s.Now())),
		Holder: cmp.Or(cert.Holder.NameEN, cert.Holder.NameZH), Rule: cert.Rule.Code + " v" + cert.Rule.Version,
		KgCO2e: cert.KgCO2e, DeclaredUnit: formatDeclaredUnit(cert.DeclaredUnit),
		IssuedAt: cert.IssuedAt.UTC(), ExpiresAt: cert.ExpiresAt.UTC(), KeyID: rec.Signed.KeyID,
	}
	if cert.Supersedes != uuid.Nil {
		out.Supersedes = cert.Supersedes.String()
	}
	if rec.SupersededBy != uuid.Nil {
		out.SupersededBy = rec.SupersededBy.String()
	}
	return out
}

// certificateJSON is the wire form of an issued certificate for its owner,
// its certifier and regulators: the public facts, the record (status
// reason, parties, supplier flags) and, on single reads, the signed
// envelope (signed content, key ID, signature). Its own type, not
// certification.CertificateRecord: the answer flattens the signed content
// under the documented names (product.name_en, codes), states the live
// status and hides the supplier list the record keeps.
type certificateJSON struct {
	certificateFacts
	Revision        int        `json:"revision"`
	StatusReason    string     `json:"status_reason,omitempty"`
	StatusChangedAt *time.Time `json:"status_changed_at,omitempty"`
	Manufacturer    string     `json:"manufacturer"`
	Certifier       string     `json:"certifier"`
	ApplicationID   string     `json:"application_id,omitempty"`
	StudyID         string     `json:"study_id"`
	Product         struct {
		NameZH string   `json:"name_zh,omitempty"`
		NameEN string   `json:"name_en,omitempty"`
		Model  string   `json:"model"`
		Codes  []string `json:"codes"`
	} `json:"product"`
	FactorSet string          `json:"factor_set"`
	Signed    json.RawMessage `json:"signed,omitempty"`

	// SupplierFlags lists the supplier certificates this one relies on
	// that were suspended, withdrawn or superseded since its issue, until
	// its certifier acts.
	SupplierFlags []certification.SupplierFlag `json:"supplier_flags,omitempty"`
	// KeyAlerts are the public alerts of the API keys it was issued and
	// its status set with, when no former key of its certification body
	// vouched for them (unvouchedKeyAlerts): the list a regulator reads
	// says what its verification says (red team 48).
	KeyAlerts []supplierAlert `json:"key_alerts,omitempty"`
	// SupplierFootprintChange says that a supplier's PACT footprint the
	// certified study used was deprecated, updated or replaced by its data
	// owner since (pactChange): private, as the supplier list is.
	SupplierFootprintChange *pactChangeJSON `json:"supplier_footprint_change,omitempty"`
}

// pactChangeJSON is a change of a supplier's PACT footprint a certified
// study used: the BOM line's supplier field and what changed, with what
// to do, in both languages.
type pactChangeJSON struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// pactChangeFinder finds a supplier's PACT footprint a study used that its
// data owner deprecated, updated or replaced since
// (factordb.CertificationService.FindPACTChange).
type pactChangeFinder interface {
	FindPACTChange(ctx context.Context, studyID string) (field, message string, err error)
}

// pactChange is the change of a PACT footprint the study of cert used,
// nil when none (or the service cannot tell). The certificate keeps its
// status: its figure was right on the supplier's footprint of its day, and
// a supplier's yearly update is no fault of the holder's; but its
// certifier, holder and the regulator learn of it (PRODUCT.md principle
// 8; red team 48: an application and an issue refused such a study, an
// issued certificate said nothing).
func (s *Server) pactChange(ctx context.Context, rec *certification.CertificateRecord) (*pactChangeJSON, error) {
	cert := rec.Certificate()
	f, ok := s.CertificationService.(pactChangeFinder)
	// A format-3 certificate's supplier list names every PACT footprint
	// its study used: one naming none needs no read of the study (a list
	// of a thousand certificates would decode a thousand studies).
	if !ok || cert.StudyID == "" || cert.Format >= 3 && !slices.ContainsFunc(rec.SupplierList, certification.CertificateSupplier.IsPACT) {
		return nil, nil
	}
	field, msg, err := f.FindPACTChange(ctx, cert.StudyID)
	if err != nil || msg == "" {
		return nil, err
	}
	return &pactChangeJSON{Field: field, Message: msg}, nil
}

func formatDeclaredUnit(du certification.CertificateDeclaredUnit) string {
	return strconv.FormatFloat(du.Amount, 'g', -1, 64) + " " + du.Unit
}

func (s *Server) newCertificateJSON(ctx context.Context, rec *certification.CertificateRecord, withSigned bool) (certificateJSON, error) {
	cert := rec.Certificate()
	out := certificateJSON{
		certificateFacts: s.newCertificateFacts(rec),
		Revision:         cert.Revision, StatusReason: rec.StatusReason,
		Manufacturer: rec.Manufacturer, Certifier: rec.Certifier, StudyID: cert.StudyID,
		FactorSet: cert.FactorSet, SupplierFlags: rec.SupplierFlags,
	}
	out.Product.NameZH, out.Product.NameEN, out.Product.Model = cert.Product.NameZH, cert.Product.NameEN, cert.Product.Model
	out.Product.Codes = []string{}
	for _, pc := range cert.Product.Codes {
		out.Product.Codes = append(out.Product.Codes, pc.String())
	}
	if !rec.StatusChangedAt.IsZero() {
		t := rec.StatusChangedAt.UTC()
		out.StatusChangedAt = &t
	}
	if rec.ApplicationID != uuid.Nil {
		out.ApplicationID = rec.ApplicationID.String()
	}
	var err error
	if out.KeyAlerts, err = s.unvouchedKeyAlerts(ctx, rec); err != nil {
		return out, err
	}
	if out.SupplierFootprintChange, err = s.pactChange(ctx, rec); err != nil {
		return out, err
	}
	if withSigned {
		env, err := rec.Signed.MarshalEnvelope()
		if err != nil {
			return out, err
		}
		out.Signed = env
	}
	return out, nil
}

// handleCertificateIndex lists certificates: a manufacturer's own, those a
// certifier issued, or (regulator) all, filtered by product code prefix
// ("HS:8541" or "8541"), company, status and rule, with cursor pagination.
func (s *Server) handleCertificateIndex(c echo.Context) error {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return err
	}
	var company, status, rule, cursor, flagged string
	var limit int
	if err := echo.QueryParamsBinder(c).String("company", &company).
		String("status", &status).String("rule", &rule).String("flagged", &flagged).String("cursor", &cursor).Int("limit", &limit).
		BindError(); err != nil {
		return bindQueryError(err)
	}
	if err := checkLimit(limit, footprint.MaxLimit); err != nil {
		return err
	}
	f := certification.CertificateFilter{Cursor: cursor, Limit: limit, Now: s.Now()}
	scopeToCaller(principal(c), &f.Manufacturer, &f.Certifier)
	var err error
	if f.ProductCode, f.ProductCodeExact, err = bindProductCode(c); err != nil {
		return err
	}
	if company = strings.TrimSpace(company); company != "" {
		f.Company = &company
	}
	if f.Status, err = certificateStatusFilter(status); err != nil {
		return err
	}
	if f.Rule, err = ruleFilter(rule); err != nil {
		return err
	}
	if f.Flagged, err = flaggedFilter(flagged); err != nil {
		return err
	}
	recs, fails, next, err := s.findCheckedCertificates(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]certificateJSON, len(recs))
	for i, rec := range recs {
		if out[i], err = s.newCertificateJSON(c.Request().Context(), rec, false); err != nil {
			return err
		}
		if fails[i] != nil {
			// Listed, so that an operator sees it exists, but not valid.
			out[i].failSignature(fails[i])
		}
	}
	setNextLink(c, next)
	return c.JSON(http.StatusOK, dataResponse{Data: out, Meta: pageMeta{NextCursor: next, Count: len(out)}})
}

// certificateStatusFilter reads the status filter of a certificate list:
// nil for "" (any status).
func certificateStatusFilter(status string) (*certification.CertificateStatus, error) {
	if status == "" {
		return nil, nil
	}
	st := certification.CertificateStatus(status)
	if !st.Known() {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "status", "unknown status %q (want valid, suspended, withdrawn, superseded or expired)", truncate(status, 32))
	}
	return &st, nil
}

// ruleFilter reads the rule filter of a certificate or study list: a
// rule's code, nil for "". A rule the service does not have is EINVALID
// naming rule, with the rules there are: it answered an empty list, and
// the certificate list itself gives a rule as "pv-module v1", which a
// regulator copied into the filter (red team 61).
func ruleFilter(rule string) (*string, error) {
	if rule == "" {
		return nil, nil
	}
	if _, err := footprint.FindRule(rule); footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "rule", "%s", footprint.ErrorMessage(err))
	} else if err != nil {
		return nil, err
	}
	return &rule, nil
}

// flaggedFilter reads the flagged filter of a certificate list: nil for
// "" (flagged or not).
func flaggedFilter(v string) (*bool, error) {
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "flagged", "want true or false, got %q", truncate(v, 32))
	}
	return &b, nil
}

// findCertificate reads a certificate the caller may see: its owner's, one
// the caller issued, or (regulator) any.
func (s *Server) findCertificate(c echo.Context) (*certification.CertificateRecord, error) {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return nil, err
	}
	return findSeen(c, "certificate %s not found", s.CertificationService.FindCertificateByID, func(rec *certification.CertificateRecord) (string, string) {
		return rec.Manufacturer, rec.Certifier
	})
}

func (s *Server) handleCertificateView(c echo.Context) error {
	rec, err := s.findCertificate(c)
	if err != nil {
		return err
	}
	return s.certificateResponse(c, rec, true)
}

// certificateResponse answers 200 with one certificate record (and its
// signed envelope when withSigned).
func (s *Server) certificateResponse(c echo.Context, rec *certification.CertificateRecord, withSigned bool) error {
	out, err := s.newCertificateJSON(c.Request().Context(), rec, withSigned)
	if err != nil {
		return err
	}
	return jsonVerbatim(c, http.StatusOK, dataResponse{Data: out})
}

// jsonVerbatim answers v as c.JSON does, but leaves <, > and & as they
// are: an answer carrying a signed envelope (json.RawMessage) then
// carries it byte for byte as signed. encoding/json's HTML escaping
// rewrote the signed text of a product "R&D <1>" as "R\u0026D \u003c1\u003e",
// whose content no longer parsed as canonical nor matched the file's, so
// pcf verify --server and anyone checking the answer by hand took a
// genuine certificate for another (red team 41). It is JSON, never a
// page, and says so to browsers (nosniff).
func jsonVerbatim(c echo.Context, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	c.Response().Header().Set("X-Content-Type-Options", "nosniff")
	return c.Blob(status, echo.MIMEApplicationJSON, buf.Bytes())
}

// publicBaseURL is the base URL verification links and QR codes start
// with: configuration only, never the request's Host or
// X-Forwarded-Proto (issue 10 item 4: a forged Host would otherwise print
// labels whose QR code leads elsewhere). Without one, nothing that carries
// a verification link is made: ENOTIMPLEMENTED.
func (s *Server) publicBaseURL() (string, error) {
	if s.BaseURL == "" {
		return "", footprint.Errorf(footprint.ENOTIMPLEMENTED,
			"this server has no public base URL, so it issues and prints no certificates: start it with --base-url https://… (or $PCF_BASE_URL)")
	}
	return strings.TrimRight(s.BaseURL, "/"), nil
}

// refuseDocuments returns why certificate rec's documents (its label, with
// label) are not given, nil when they are: the one rule of the download
// and of the workbench's buttons. Checked before the document cache,
// whose key holds neither the keys, the flags nor the key alerts.
func (s *Server) refuseDocuments(ctx context.Context, rec *certification.CertificateRecord, label bool) error {
	cert := rec.Certificate()
	// A record that fails the server's own signature check (edited in the
	// database, or its key lost) is not relied on by the verification
	// page, the registry, PACT or the workbench: it is printed for no
	// product either (red team 49).
	check, err := s.signatureChecker(ctx)
	if err != nil {
		return err
	}
	if verr := check(rec); verr != nil {
		return footprint.FieldErrorf(footprint.ECONFLICT, "signature",
			"certificate %s on record fails the digital signature check: %s; its documents are not given: tell the service's operator", cert.Number, footprint.ErrorMessage(verr))
	}
	status := cert.StatusAt(rec.Status, s.Now())
	if label && status != certification.CertificateValid {
		return footprint.FieldErrorf(footprint.ECONFLICT, "status",
			"证书 %[1]s 的状态为%[3]s:只有有效证书提供可印制的标识。certificate %[1]s is %[2]s: only a valid certificate gives a printable label", cert.Number, status, certification.StatusZH(status))
	}
	if status != certification.CertificateValid {
		return nil
	}
	if len(rec.SupplierFlags) > 0 {
		// Flagged upstream: the documents would print a plain "有效 valid"
		// the verify page no longer says. None is given until the
		// certifier reviews the flags (or changes the status).
		return footprint.FieldErrorf(footprint.ECONFLICT, "supplier_flags",
			"certificate %s is flagged: %s; its documents are given again once its certification body has reviewed it", cert.Number, flagsMessage(rec.SupplierFlags))
	}
	return s.refuseUnvouchedValid(ctx, rec, "机构为该密钥担保后方可再获取证书文件", "its documents are given again once the body vouches for the key")
}

// document renders one of a certificate's documents, answering 501 until a
// renderer and the public base URL are configured. Labels are printed for
// valid certificates only (issue 10 item 3); the certificate itself always
// renders, with its live status on every page.
func (s *Server) document(c echo.Context, ext, contentType string, label bool, render func(*certification.CertificateRecord, certification.CertificateStatus, string) ([]byte, error)) error {
	rec, err := s.findCertificate(c)
	if err != nil {
		return err
	}
	if s.CertificateRenderer == nil {
		return footprint.Errorf(footprint.ENOTIMPLEMENTED, "certificate documents are not available on this server")
	}
	base, err := s.publicBaseURL()
	if err != nil {
		return err
	}
	cert := rec.Certificate()
	if err := s.refuseDocuments(c.Request().Context(), rec, label); err != nil {
		return err
	}
	status := cert.StatusAt(rec.Status, s.Now())
	verifyURL, err := cert.VerifyURL(base) // the signed base of format 4, whatever this server's is now
	if err != nil {
		return err
	}
	// A document is a function of the signed certificate (fixed for its
	// ID), the status printed, the link and the renderer: the record's
	// status change time is the state version, so a status change (even
	// back to the same status) gives a new document.
	key := fmt.Sprintf("%s|%s|%s|%d|%s", ext, cert.ID, status, rec.StatusChangedAt.UnixNano(), verifyURL)
	docs := s.documentCache()
	b, ok := docs.get(key)
	if !ok {
		if b, err = render(rec, status, verifyURL); err != nil {
			return err
		}
		docs.put(key, b)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `inline; filename="`+cert.Number+ext+`"`)
	h.Set(echo.HeaderCacheControl, "no-store") // the status printed is the live one
	// With its length the document goes out as it is, not in chunks.
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(b)))
	return c.Blob(http.StatusOK, contentType, b)
}

// Bounds of the cache of rendered certificate documents, per server. A
// certificate PDF is about 100–300 KB, a label a few tens of KB.
const (
	DocumentCacheBytes   = 64 << 20
	DocumentCacheEntries = 1024
)

// documentCache returns the server's cache of rendered documents, made on
// first use. The cache belongs to the renderer it was filled with: a
// server given another renderer starts an empty one.
func (s *Server) documentCache() *documentCache {
	s.docsMu.Lock()
	defer s.docsMu.Unlock()
	if s.docs == nil || s.docs.renderer != s.CertificateRenderer {
		s.docs = newDocumentCache(s.CertificateRenderer, DocumentCacheBytes, DocumentCacheEntries)
	}
	return s.docs
}

// documentCache is a least-recently-used cache of rendered documents,
// bounded by total bytes and by entries. Safe for concurrent use; a miss
// renders outside the lock (two concurrent misses may both render the
// same, identical, document).
type documentCache struct {
	renderer          certification.CertificateRenderer
	maxBytes, maxDocs int

	mu    sync.Mutex
	bytes int
	order *list.List // of *cachedDocument, most recently used first
	docs  map[string]*list.Element
}

type cachedDocument struct {
	key string
	b   []byte
}

func newDocumentCache(r certification.CertificateRenderer, maxBytes, maxDocs int) *documentCache {
	return &documentCache{renderer: r, maxBytes: maxBytes, maxDocs: maxDocs, order: list.New(), docs: map[string]*list.Element{}}
}

// get returns the document under key. The bytes are shared: callers only
// write them out.
func (dc *documentCache) get(key string) ([]byte, bool) {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	e, ok := dc.docs[key]
	if !ok {
		return nil, false
	}
	dc.order.MoveToFront(e)
	return e.Value.(*cachedDocument).b, true
}

// put stores b under key, evicting the least recently used documents
// beyond the bounds; a document larger than the whole cache is not kept.
func (dc *documentCache) put(key string, b []byte) {
	if len(b) > dc.maxBytes {
		return
	}
	dc.mu.Lock()
	defer dc.mu.Unlock()
	if _, ok := dc.docs[key]; ok {
		return
	}
	dc.docs[key] = dc.order.PushFront(&cachedDocument{key: key, b: b})
	dc.bytes += len(b)
	for dc.bytes > dc.maxBytes || dc.order.Len() > dc.maxDocs {
		e := dc.order.Back()
		d := e.Value.(*cachedDocument)
		dc.order.Remove(e)
		delete(dc.docs, d.key)
		dc.bytes -= len(d.b)
	}
}

func (s *Server) handleCertificatePDF(c echo.Context) error {
	return s.document(c, ".pdf", "application/pdf", false, func(rec *certification.CertificateRecord, status certification.CertificateStatus, url string) ([]byte, error) {
		return s.CertificateRenderer.RenderCertificatePDF(c.Request().Context(), rec.Signed, status, url)
	})
}

func (s *Server) handleLabelPDF(c echo.Context) error {
	return s.document(c, "-label.pdf", "application/pdf", true, func(rec *certification.CertificateRecord, _ certification.CertificateStatus, url string) ([]byte, error) {
		return s.CertificateRenderer.RenderLabelPDF(c.Request().Context(), rec.Signed, url)
	})
}

func (s *Server) handleLabelPNG(c echo.Context) error {
	return s.document(c, "-label.png", "image/png", true, func(rec *certification.CertificateRecord, _ certification.CertificateStatus, url string) ([]byte, error) {
		return s.CertificateRenderer.RenderLabelPNG(c.Request().Context(), rec.Signed, url)
	})
}

// findOwnIssued reads a certificate the calling certifier issued; any other
// is not found.
func (s *Server) findOwnIssued(c echo.Context) (*certification.CertificateRecord, error) {
	rec, err := s.findCertificate(c)
	if err != nil {
		return nil, err
	}
	if p := principal(c); p.Role != access.RoleCertifier || p.Org != rec.Certifier {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", c.Param("id"))
	}
	return rec, nil
}

// certificateDecision is a certifier's decision with reasons on a
// certificate it issued: a status change or a review of its supplier flags.
// The API and the workbench take the same ones.
type certificateDecision func(s *Server, ctx context.Context, id uuid.UUID, reason string) (*certification.CertificateRecord, error)

// setStatus is the decision that suspends, withdraws or reinstates a
// certificate; the change and its audit record are one transaction in the
// store.
func setStatus(to certification.CertificateStatus) certificateDecision {
	return func(s *Server, ctx context.Context, id uuid.UUID, reason string) (*certification.CertificateRecord, error) {
		return s.CertificationService.SetCertificateStatus(ctx, id, to, reason)
	}
}

// reviewSupplierFlags is the decision that reviews a certificate's supplier
// flags.
func (s *Server) reviewSupplierFlags(ctx context.Context, id uuid.UUID, reason string) (*certification.CertificateRecord, error) {
	return s.CertificationService.ReviewCertificate(ctx, id, reason)
}

// handleConfirmRestored confirms, after the service's records were
// restored from a copy, the status of every valid certificate the calling
// certification body issued that is still the copy's: it has re-applied
// the decisions it made after the copy (suspensions, withdrawals) and
// vouches for the rest, with reasons, each certificate audited as a
// review.
func (s *Server) handleConfirmRestored(c echo.Context) error {
	reasons, err := bindReasons(c)
	if err != nil {
		return err
	}
	n, err := s.CertificationService.ConfirmRestored(c.Request().Context(), principal(c).Org, strings.Join(reasons, "; "))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: confirmedResponse{Confirmed: n}})
}

// confirmedResponse says how many certificates were confirmed.
type confirmedResponse struct {
	Confirmed int `json:"confirmed"`
}

// readDecision reads what a decision with reasons is about (find), then the
// reasons: a caller who may not see the application or certificate is told
// so, whatever the reasons say. The API binds the reasons as JSON
// (bindReasons), the workbench from its form (formReasons).
func readDecision[T any](c echo.Context, find func(echo.Context) (T, error), reasons func(echo.Context) ([]string, error)) (T, []string, error) {
	target, err := find(c)
	if err != nil {
		return target, nil, err
	}
	r, err := reasons(c)
	return target, r, err
}

// handleCertificateDecision answers a certifier's decision with reasons on
// a certificate it issued (POST /v1/certificates/{id}/suspend, withdraw,
// reinstate and review).
func handleCertificateDecision(decide certificateDecision) func(*Server, echo.Context) error {
	return func(s *Server, c echo.Context) error {
		rec, reasons, err := readDecision(c, s.findOwnIssued, bindReasons)
		if err != nil {
			return err
		}
		if rec, err = decide(s, c.Request().Context(), rec.Certificate().ID, strings.Join(reasons, "; ")); err != nil {
			return err
		}
		return s.certificateResponse(c, rec, false)
	}
}

// supplierAlert is all the public learns of a certificate's supplier
// flags: that a certificate it builds on changed and its certification
// body has not reviewed it yet. Not which supplier certificate, nor its
// new status, nor when, nor how many: the supplier's own public answer
// gives its status and the date it changed (status_since), and the
// registry lists certificates by status, so a time or a status here
// paired the flagged certificate with its supplier (red team 19: the
// flag's instant, to the nanosecond, was the supplier's), and supplier
// lists are private (PRODUCT.md principle 7). The holder, its certifier
// and the regulator read the flags themselves (certificateJSON, the
// workbench's certificate page).
//
// A flag about a certificate earlier in this one's lineage, withdrawn by
// its certifier after it was superseded (certification.SupplierFlag,
// Predecessor; not always the one this superseded: a reissue carries the
// flag on), is its own alert, predecessor_withdrawn, with that
// certificate's number and ID: the lineage is public, and so is its status.
type supplierAlert struct {
	Code   string `json:"code" doc:"supplier_changed: a certificate this one builds on was suspended, withdrawn or superseded; which, how and when stay private. predecessor_withdrawn: a certificate earlier in this one's lineage was withdrawn by its certification body after it was superseded. restored: the status is as of a restored copy. issuing_key_unvouched: it was issued with an API key the service's operator made once every key of the certification body was revoked, and no key the body held before has vouched for it (review: the body has not). status_key_unvouched: its latest status change (suspension, reinstatement, withdrawal, review or replacement) was made with such a key. issuing_key_compromised: it was issued with an API key at or after the time the service's operator reported that key compromised (stolen or leaked) as of (as_of): its certification body may not have issued it (review: the body has not reissued or withdrawn it). status_key_compromised: its latest status change was made with such a key after that time"`
	Review string `json:"review" doc:"pending: the certification body has not yet reviewed this certificate"`
	Number string `json:"number,omitempty" doc:"With predecessor_withdrawn: the number of the withdrawn certificate"`
	ID     string `json:"id,omitempty" doc:"With predecessor_withdrawn: the ID of the withdrawn certificate"`
	AsOf   string `json:"as_of,omitempty" doc:"With restored: when the copy the service was restored from was taken (RFC 3339); the status is the one recorded then. With issuing_key_compromised and status_key_compromised: the time the key is reported compromised as of"`
	Key    string `json:"key,omitempty" doc:"With issuing_key_unvouched and issuing_key_compromised: the ID of the API key the certificate was issued with; with status_key_unvouched and status_key_compromised: of the key that set its status"`
}

// The codes of the alerts of a withdrawn predecessor and of a status as of
// a restored copy (certification.SupplierFlag, Restored): the service's
// database was restored from a copy, so a suspension, withdrawal or
// replacement after the copy was taken is lost, and the certificate's
// certifier has not confirmed its status since. When the copy was taken is
// public: it is the service's, not the certificate's.
const (
	alertPredecessor = "predecessor_withdrawn"
	alertRestored    = "restored"
	// alertUnvouchedKey: the certificate was issued with a key no former
	// key of its certification body vouched for (access.APIKey.Unvouched):
	// the operator may have issued it in the body's name.
	alertUnvouchedKey = "issuing_key_unvouched"
	// alertUnvouchedStatusKey: its latest suspension, reinstatement,
	// withdrawal or review was made with such a key (red team 48): the
	// operator, or whoever holds the recovery key, may have set its status
	// in the body's name, a valid certificate's (reinstated, or reviewed
	// clear of its flags) as much as a void one's.
	alertUnvouchedStatusKey = "status_key_unvouched"
	// alertCompromisedKey: the certificate was issued with an API key at
	// or after the time an admin reported it compromised as of
	// (access.APIKey.CompromisedSince): its thief may have issued it.
	alertCompromisedKey = "issuing_key_compromised"
	// alertCompromisedStatusKey: its latest suspension, reinstatement,
	// withdrawal or review (or its replacement) was made with such a key
	// after that time.
	alertCompromisedStatusKey = "status_key_compromised"
)

// unvouchedKeyAlerts are the alerts of certificate rec when the API key that
// issued it (issuing_key_unvouched) or the key that made its latest status
// change (status_key_unvouched) is unvouched; none without an AuthService.
// A superseded certificate's status was set by the issue of its successor,
// whose event is the successor's: the key that issued the successor set it
// (red team 48: a reissue with a recovery key voided a genuine certificate
// unmarked).
func (s *Server) unvouchedKeyAlerts(ctx context.Context, rec *certification.CertificateRecord) ([]supplierAlert, error) {
	if s.AuthService == nil {
		return nil, nil
	}
	issued, status, err := s.AuthService.CertificateKeys(ctx, rec.Certificate().ID.String())
	if err == nil && rec.Status == certification.CertificateSuperseded && rec.SupersededBy != uuid.Nil {
		status, _, err = s.AuthService.CertificateKeys(ctx, rec.SupersededBy.String())
	}
	var out []supplierAlert
	if issued != nil && issued.Unvouched {
		out = append(out, supplierAlert{Code: alertUnvouchedKey, Review: "pending", Key: issued.ID})
	}
	if status != nil && status.Unvouched {
		out = append(out, supplierAlert{Code: alertUnvouchedStatusKey, Review: "pending", Key: status.ID})
	}
	// A key reported compromised: what it did at or after the time it is
	// reported compromised as of (red team 55: a stolen certifier key
	// issued, reinstated, reviewed and withdrew unmarked).
	if issued != nil && issued.CompromisedUse {
		out = append(out, supplierAlert{Code: alertCompromisedKey, Review: "pending", Key: issued.ID, AsOf: issued.CompromisedSince.UTC().Format(time.RFC3339)})
	}
	if status != nil && status.CompromisedUse {
		out = append(out, supplierAlert{Code: alertCompromisedStatusKey, Review: "pending", Key: status.ID, AsOf: status.CompromisedSince.UTC().Format(time.RFC3339)})
	}
	return out, err
}

// refuseUnvouchedValid returns ECONFLICT, naming key_alerts, when
// certificate rec, valid on record, was issued or last set valid
// (reinstated, reviewed) with an API key no former key of its body vouched
// for, with what happens then (then): its public verification marks it
// (issuing_key_unvouched, status_key_unvouched) and pcf verify --server
// calls it not valid, so nothing else may show it plainly valid, as
// nothing shows a flagged one so (red team 49: its documents printed
// 有效 Valid and its PACT footprint was Active).
func (s *Server) refuseUnvouchedValid(ctx context.Context, rec *certification.CertificateRecord, thenZH, thenEN string) error {
	alerts, err := s.unvouchedKeyAlerts(ctx, rec)
	if err != nil || len(alerts) == 0 {
		return err
	}
	a := alerts[0]
	zh, en := keyAlertText(false, rec.Certificate().Number, a, thenZH, thenEN)
	return footprint.FieldErrorf(footprint.ECONFLICT, "key_alerts", "%s%s", zh, en)
}

// isCompromisedAlert reports whether a is an alert of an API key reported
// compromised (issuing_key_compromised, status_key_compromised).
func isCompromisedAlert(a supplierAlert) bool {
	return a.Code == alertCompromisedKey || a.Code == alertCompromisedStatusKey
}

// keyAlertText words key alert a of certificate number (a supplier's when
// supplier) as a refusal, in Chinese and in English: an unvouched key's
// with thenZH and thenEN, a compromised key's with what its body does.
func keyAlertText(supplier bool, number string, a supplierAlert, thenZH, thenEN string) (zh, en string) {
	use := certification.UnvouchedIssuingKey
	if a.Code == alertUnvouchedStatusKey || a.Code == alertCompromisedStatusKey {
		use = certification.UnvouchedStatusKey
	}
	if isCompromisedAlert(a) {
		since, _ := time.Parse(time.RFC3339, a.AsOf)
		if supplier {
			return certification.CompromisedKeyText(true, number, a.Key, since, use,
				"其认证机构换发、撤销或以本机构其他密钥重新设定其状态前,不得以其签发证书", "no certificate is issued on it until its certification body reissues or withdraws it, or sets its status again with a key of its own")
		}
		return certification.CompromisedKeyText(false, number, a.Key, since, use,
			"在其认证机构换发、撤销或以本机构其他密钥重新设定其状态前不予提供", "withheld until its certification body reissues or withdraws it, or sets its status again with a key of its own")
	}
	return certification.UnvouchedKeyText(supplier, number, a.Key, use, thenZH, thenEN)
}

// publicSupplierAlert is the one alert of a certificate flagged upstream,
// however many of its suppliers changed.
var publicSupplierAlert = supplierAlert{Code: "supplier_changed", Review: "pending"}

// publicAlerts returns the public alerts of a certificate's flags: one for
// its suppliers, one for its predecessor.
func publicAlerts(flags []certification.SupplierFlag) []supplierAlert {
	var out []supplierAlert
	if slices.ContainsFunc(flags, func(f certification.SupplierFlag) bool { return !f.Predecessor && !f.Restored }) {
		out = append(out, publicSupplierAlert)
	}
	if f, ok := certification.PredecessorFlag(flags); ok {
		out = append(out, supplierAlert{Code: alertPredecessor, Review: "pending", Number: f.Number, ID: f.Certificate.String()})
	}
	if f, ok := certification.RestoredFlag(flags); ok {
		out = append(out, supplierAlert{Code: alertRestored, Review: "pending", AsOf: f.At.UTC().Format(time.RFC3339)})
	}
	return out
}

// flagsMessage says why a flagged certificate's documents are not given,
// a message of its own in both languages, so that the refusal quoting it
// puts each half in its language.
func flagsMessage(flags []certification.SupplierFlag) string {
	if f, ok := certification.RestoredFlag(flags); ok {
		at := f.At.UTC().Format(time.RFC3339)
		return fmt.Sprintf("本服务的数据已从 %[1]s 的备份副本恢复，此后认证机构尚未确认其状态。the service was restored from a copy taken at %[1]s, and its certification body has not confirmed its status since", at)
	}
	if f, ok := certification.PredecessorFlag(flags); ok {
		return fmt.Sprintf("其沿革中的前证书 %[1]s 已被认证机构撤销。certificate %[1]s, earlier in its lineage, was withdrawn by its certification body", f.Number)
	}
	return "供应链提示：其所依赖的一张供应商证书状态已变更。flagged upstream: a supplier certificate it relies on changed status"
}

// printedFootprint is the footprint as the label prints it: the figure
// rounded by the documents' rule and the declared unit in both languages
// ("150", "kgCO2e/块", "per module").
type printedFootprint struct {
	KgCO2e string `json:"kg_co2e"`
	UnitZH string `json:"unit_zh"`
	UnitEN string `json:"unit_en"`
}

// Per is the declared unit's Chinese name, without "kgCO2e/": "块组件".
func (p printedFootprint) Per() string { return strings.TrimPrefix(p.UnitZH, "kgCO2e/") }

// perUnitJSON is the total in another reporting unit.
type perUnitJSON struct {
	KgCO2e  float64 `json:"kg_co2e"`
	Unit    string  `json:"unit"`
	LabelZH string  `json:"label_zh"`
	LabelEN string  `json:"label_en"`
}

// Printed is the figure as the certificate prints it: "346 kgCO2e/kWp
// per kWp" (layout 6: the Chinese unit name after "kgCO2e/", the symbol
// where the rule gives none).
func (u perUnitJSON) Printed() string {
	return certification.CertificatePerUnit{Unit: u.Unit, LabelZH: u.LabelZH, LabelEN: u.LabelEN, KgCO2e: u.KgCO2e}.Printed()
}

// StageShare is a stage's share of the total as the certificate prints it
// ("64.5 %").
func (v verifyJSON) StageShare(kg float64) string {
	share := 0.0
	if v.KgCO2e != 0 {
		share = kg / v.KgCO2e * 100
	}
	return strconv.FormatFloat(share, 'f', 1, 64) + " %"
}

// stageJSON is the total of one life-cycle stage.
type stageJSON struct {
	Code   string  `json:"code"`
	NameZH string  `json:"name_zh"`
	NameEN string  `json:"name_en"`
	KgCO2e float64 `json:"kg_co2e"`
}

type periodJSON struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// electricityJSON is a certificate's production electricity.
type electricityJSON struct {
	Approach    string           `json:"approach"`
	GridFactors []string         `json:"grid_factors"`
	Instruments []instrumentJSON `json:"instruments"`
}

type instrumentJSON struct {
	Kind       string  `json:"kind"`
	Serial     string  `json:"serial"`
	SerialLast string  `json:"serial_last,omitempty"`
	MWh        float64 `json:"mwh"`
}

// uncertaintyJSON is a certificate's Monte Carlo range (format 2): the
// low and high percentiles of the result's distribution, and its median.
type uncertaintyJSON struct {
	Method         string  `json:"method"`
	Runs           int     `json:"runs"`
	LowPercentile  float64 `json:"low_percentile"`
	HighPercentile float64 `json:"high_percentile"`
	LowKgCO2e      float64 `json:"low_kg_co2e"`
	MedianKgCO2e   float64 `json:"median_kg_co2e"`
	HighKgCO2e     float64 `json:"high_kg_co2e"`
}

// cutOffJSON is what a study left out under the rule's cut-off criteria
// (format 2): basis "" when nothing was.
type cutOffJSON struct {
	Basis    string  `json:"basis,omitempty"`
	SharePct float64 `json:"share_pct"`
	LimitPct float64 `json:"limit_pct"`
	Items    int     `json:"items"`
}

// notApplicableJSON is a stage the study declared not applicable, with its
// reason (format 2).
type notApplicableJSON struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh,omitempty"`
	NameEN string `json:"name_en,omitempty"`
	Reason string `json:"reason"`
}

// factorJSON is a factor a format-3 certificate names as carrying its
// footprint, with its share of the total, grade and source locator: public,
// as the certificate prints them (docs/api.md, "Public facts").
type factorJSON struct {
	Code     string  `json:"code"`
	NameZH   string  `json:"name_zh,omitempty"`
	NameEN   string  `json:"name_en,omitempty"`
	Set      string  `json:"set"`
	Grid     bool    `json:"grid"`
	KgCO2e   float64 `json:"kg_co2e"`
	SharePct float64 `json:"share_pct"`
	Grade    string  `json:"grade"`
	Source   string  `json:"source"`
}

// dataQualityJSON is a certificate's data quality as it signs and prints
// it: the DQR and, from format 5, the share of the total the DQR covers
// (red team 8: a DQR of one small rated line read as the footprint's).
type dataQualityJSON struct {
	DQR                 float64  `json:"dqr" doc:"The contribution-weighted PEF data-quality rating, 1 (best) to 5; 0 when not rated"`
	DQRLevel            string   `json:"dqr_level,omitempty" doc:"Its PEF level: excellent, very good, good, fair or poor"`
	DQRCoveragePct      *float64 `json:"dqr_coverage_pct" doc:"The share of the total, in percent, of the lines the DQR is weighted over (the rest is unrated), as a format-5 certificate signs it; null for a certificate of an earlier format, which does not sign it: its DQR may rate a small part of the footprint only"`
	DQRSelfRatedPct     *float64 `json:"dqr_self_rated_pct" doc:"The share of the DQR's weight, in percent, resting on the study's own data-quality scores rather than on the factor set's or a supplier certificate's ratings, as a format-8 certificate signs and prints it; null when the certificate signs none: none of its DQR is self-rated, or its format (before pcf-certificate/8) predates it"`
	PrimaryDataSharePct float64  `json:"primary_data_share_pct" doc:"The share of the total from primary data, in percent"`
	Printed             string   `json:"printed" doc:"The DQR as the certificate prints it, e.g. DQR 1.20 优秀 excellent · 覆盖总量的 4.5 % / covers 4.5 % of the total; empty when not rated"`
}

func newDataQualityJSON(cert *certification.Certificate) dataQualityJSON {
	out := dataQualityJSON{DQR: cert.DQR, PrimaryDataSharePct: cert.PrimaryDataSharePct, Printed: cert.PrintedDQR()}
	if cert.DQR > 0 {
		out.DQRLevel = footprint.DQRLevel(cert.DQR)
	}
	if cert.Format >= 5 {
		pct := cert.DQRCoveragePct
		out.DQRCoveragePct = &pct
	}
	if cert.Format >= 8 {
		pct := cert.DQRSelfRatedPct
		out.DQRSelfRatedPct = &pct
	}
	return out
}

// useScenarioJSON is the use-stage scenario a format-6 certificate signs
// and prints (red team 42: the lifetime and annual energy move an
// electrical product's figure most, and no floor refuses a short one).
type useScenarioJSON struct {
	AnnualKWh     float64 `json:"annual_kwh" doc:"Energy one piece of the product uses in a year, kWh"`
	LifetimeYears float64 `json:"lifetime_years" doc:"Years of use"`
	Country       string  `json:"country" doc:"The country of use, ISO 3166-1 (its grid is the use stage's electricity)"`
	Factor        string  `json:"factor" doc:"The grid-mix life-cycle factor of the country of use"`
	PrintedZH     string  `json:"printed_zh" doc:"The scenario as the certificate prints it, in Chinese, e.g. 每年 20 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024）"`
	PrintedEN     string  `json:"printed_en" doc:"The same in English, e.g. 20 kWh a year × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)"`
}

func newUseScenarioJSON(cert *certification.Certificate) *useScenarioJSON {
	u := cert.UseScenario
	if u == nil {
		return nil
	}
	zh, en := cert.PrintedUseScenario()
	return &useScenarioJSON{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears, Country: u.Country, Factor: u.Factor, PrintedZH: zh, PrintedEN: en}
}

// partyJSON is a company or production site a certificate names.
type partyJSON struct {
	NameZH  string `json:"name_zh,omitempty"`
	NameEN  string `json:"name_en,omitempty"`
	Address string `json:"address,omitempty"`
}

// Names is the party's names as the certificate prints them, Chinese first.
func (p partyJSON) Names() string {
	if p.NameZH == p.NameEN {
		return p.NameZH
	}
	return strings.TrimSpace(p.NameZH + " " + p.NameEN)
}

// verifyJSON is what anyone sees of a certificate: the public facts a
// label prints (docs/api.md, "Public facts"), its live status with the
// date and, for a suspension or withdrawal, the certifier's reasons, and
// the signed envelope to check offline against /v1/keys. Studies, BOMs,
// supplier lists and internal record fields stay private.
type verifyJSON struct {
	certificateFacts
	Printed       printedFootprint `json:"printed"`
	ProductNameZH string           `json:"product_name_zh,omitempty"`
	ProductNameEN string           `json:"product_name_en,omitempty"`
	Model         string           `json:"model"`
	ProductCodes  []string         `json:"product_codes" doc:"The product codes, scheme:code (HS:854143), then the GTIN as GTIN:… when the certificate names one"`
	Boundary      string           `json:"boundary"`
	RuleNameZH    string           `json:"rule_name_zh,omitempty"`
	RuleNameEN    string           `json:"rule_name_en,omitempty"`
	Standards     []string         `json:"standards"` // the standards the rule implements, as signed
	Certifier     string           `json:"certifier"` // the certification body's name
	// The holder's and certification body's names in both languages, and
	// Manufacturer and Sites, who made the product and where, as
	// signed and printed (red team 41: a genuine label moved onto the
	// model made by another factory; certification is per product and
	// plant, and the site's electricity is in the figure).
	HolderNames    partyJSON       `json:"holder_names" doc:"The holder's Chinese and English names, as the certificate prints them (holder gives one of them)"`
	CertifierNames partyJSON       `json:"certifier_names" doc:"The certification body's Chinese and English names, as the certificate prints them"`
	Manufacturer   partyJSON       `json:"manufacturer" doc:"The manufacturer (生产者) as the certificate signs and prints it"`
	Sites          []partyJSON     `json:"sites" doc:"The production sites (生产企业), with their addresses, as the certificate signs and prints them"`
	SignatureValid bool            `json:"signature_valid" doc:"The server's check of the signed content against the published keys; when false, status is signature_invalid"`
	Signed         json.RawMessage `json:"signed"`

	// StatusSince is when a status other than valid began: the
	// suspension, withdrawal or replacement, or the expiry.
	StatusSince *time.Time `json:"status_since,omitempty"`
	// StatusReason is the certifier's reasons for a suspension or a
	// withdrawal, public as in the national certification registry.
	StatusReason string `json:"status_reason,omitempty"`
	// The lineage by number, as the label prints numbers.
	SupersedesNumber   string `json:"supersedes_number,omitempty"`
	SupersededByNumber string `json:"superseded_by_number,omitempty"`

	// What the reader needs besides the figure, as a format-2
	// certificate signs it: the Monte Carlo range, the cut-off, the
	// stages declared not applicable. Absent on format-1 certificates.
	Uncertainty   *uncertaintyJSON    `json:"uncertainty,omitempty"`
	CutOff        *cutOffJSON         `json:"cut_off,omitempty"`
	NotApplicable []notApplicableJSON `json:"not_applicable,omitempty"`

	// Factors are the factors that carry the footprint, with their grades
	// and sources, as a format-3 certificate signs them (the largest
	// contributors until 80 % of the total, and every grid factor).
	// Absent on format-1 and format-2 certificates.
	Factors []factorJSON `json:"factors,omitempty"`

	// DataQuality is the DQR the certificate signs and prints, with the
	// share of the total it covers (format 5).
	DataQuality dataQualityJSON `json:"data_quality"`

	// UseScenario is the use-stage scenario the footprint rests on, as a
	// format-6 certificate signs it.
	UseScenario *useScenarioJSON `json:"use_scenario" doc:"The use-stage scenario the footprint rests on (annual energy × lifetime × the grid factor of the country of use), as a format-6 certificate signs it; null when the certificate signs none: the product has no use stage, or the certificate's format (before pcf-certificate/6) predates it"`

	// CreditsKgCO2e is the recycling (end-of-life) credits per declared
	// unit a format-7 certificate signs, reported apart from kg_co2e and
	// never netted into it; null before format 7, which signs none.
	CreditsKgCO2e *float64 `json:"credits_kg_co2e" doc:"Recycling (end-of-life) credits in kgCO2e per declared unit (0 or less), as a format-7 certificate signs and prints them: reported separately, not included in kg_co2e; null when the certificate's format (before pcf-certificate/7) signs none"`

	// The rest of what the certificate prints and signs, so that a copy
	// of it edited there (346 kgCO2e per kWp made 246, 1,000 MWh of green
	// certificates made 9,000) reads against the page its QR code opens
	// (red team 63: the page showed the headline figure only).
	PerUnit           []perUnitJSON   `json:"per_unit" doc:"The total in the rule's other reporting units (per kWp, per m²), as the certificate prints them"`
	Stages            []stageJSON     `json:"stages" doc:"The total by life-cycle stage, in the rule's order, as the certificate prints it"`
	ReferencePeriod   periodJSON      `json:"reference_period" doc:"The data reference period, first and last day"`
	FactorSet         string          `json:"factor_set" doc:"The factor-set version every factor came from"`
	Electricity       electricityJSON `json:"electricity" doc:"Production electricity: the approach, the grid factors and the green-power instruments claimed (their MWh are the manufacturer's whole purchase for the period, not one declared unit's)"`
	FossilKgCO2e      *float64        `json:"fossil_kg_co2e" doc:"Fossil emissions per declared unit; null when not known"`
	BiogenicKgCO2e    *float64        `json:"biogenic_kg_co2e" doc:"Biogenic emissions per declared unit; null when not known"`
	PackagingIncluded bool            `json:"packaging_included"`

	// SupplierAlerts says that a supplier certificate this certificate
	// relies on changed status and its certifier has not acted yet: one
	// alert, naming no supplier, no status and no time (supplierAlert).
	// NumberGivenAgain are the restores after which this certificate's
	// number was given out while a certificate the restore lost may have
	// had it (Server.numberGivenAgain): a reader who looked the number up
	// from such a lost certificate's label found this one, and nothing
	// said so (red team 52's open end).
	NumberGivenAgain []RestoredCopyJSON `json:"number_given_again,omitempty" doc:"Present when the service's records were restored from a copy and this certificate's number was given out after that restore, in a year a certificate the restore lost may have had the same number in: each restore's copy end and restore time (UTC). A label whose QR code leads to another certificate ID is not this certificate's"`

	SupplierAlerts []supplierAlert `json:"supplier_alerts,omitempty" doc:"Present while a certificate this one builds on has changed status (suspended, withdrawn or superseded: supplier_changed; which supplier certificate, its status and when it changed are not public, supplier lists are private), or the certificate it superseded was withdrawn for cause (predecessor_withdrawn), and the certification body has not reviewed this one"`
}

// handleCertificateVerify is the public verification endpoint the QR code
// leads to. It takes full canonical UUIDs only (no prefixes, no other
// spellings), has no list counterpart, and is rate-limited per client, so
// IDs cannot be enumerated (reference/standards.md §8). The signature is
// checked here against the published keys as well.
func (s *Server) handleCertificateVerify(c echo.Context) error {
	return s.verifyAnswer(c, func(ctx context.Context) (*certification.CertificateRecord, error) {
		id, err := parseID("id", c.Param("id"))
		if err != nil {
			return nil, err
		}
		return s.CertificationService.FindCertificateByID(ctx, id)
	})
}

// handleCertificateVerifyByNumber is the same public answer reached by the
// certificate number a label prints: full numbers only (no prefix, no
// list), rate-limited with the verification endpoint in one budget.
func (s *Server) handleCertificateVerifyByNumber(c echo.Context) error {
	return s.verifyAnswer(c, func(ctx context.Context) (*certification.CertificateRecord, error) {
		number, err := certification.ParseCertificateNumber(c.Param("number"))
		if err != nil {
			return nil, err
		}
		return s.CertificationService.FindCertificateByNumber(ctx, number)
	})
}

// verifyAnswer answers a public lookup: JSON to programs, the bilingual
// page to browsers (errors included).
func (s *Server) verifyAnswer(c echo.Context, find func(context.Context) (*certification.CertificateRecord, error)) error {
	err := s.restoredLookup(s.certificateVerify(c, find))
	if err != nil && wantsHTML(c) {
		return s.verifyErrorPage(c, err)
	}
	return err
}

func (s *Server) certificateVerify(c echo.Context, find func(context.Context) (*certification.CertificateRecord, error)) error {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	rec, err := find(ctx)
	if err != nil {
		return err
	}
	out, err := s.newVerifyJSON(ctx, rec)
	if err != nil {
		return err
	}
	if wantsHTML(c) {
		return s.renderVerifyPage(c, http.StatusOK, verifyPage{Found: true, V: out})
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return jsonVerbatim(c, http.StatusOK, dataResponse{Data: out})
}

// newVerifyJSON assembles the public answer about rec: its public facts,
// live status and lineage (by number), and its signature checked against
// the published keys.
func (s *Server) newVerifyJSON(ctx context.Context, rec *certification.CertificateRecord) (verifyJSON, error) {
	cert := rec.Certificate()
	env, err := rec.Signed.MarshalEnvelope()
	if err != nil {
		return verifyJSON{}, err
	}
	out := verifyJSON{
		certificateFacts: s.newCertificateFacts(rec),
		Printed: printedFootprint{
			KgCO2e: footprint.FormatKgCO2e(cert.KgCO2e), UnitZH: unitPerZH(cert.DeclaredUnit), UnitEN: unitPerEN(cert.DeclaredUnit),
		},
		ProductNameZH: cert.Product.NameZH, ProductNameEN: cert.Product.NameEN, Model: cert.Product.Model,
		ProductCodes: []string{}, Boundary: string(cert.Boundary),
		RuleNameZH: cert.Rule.NameZH, RuleNameEN: cert.Rule.NameEN, Standards: append([]string{}, cert.Standards...),
		Certifier: cmp.Or(cert.Certifier.NameEN, cert.Certifier.NameZH), Signed: env,
		HolderNames:    partyJSON{NameZH: cert.Holder.NameZH, NameEN: cert.Holder.NameEN},
		CertifierNames: partyJSON{NameZH: cert.Certifier.NameZH, NameEN: cert.Certifier.NameEN},
		Manufacturer:   partyJSON{NameZH: cert.Manufacturer.NameZH, NameEN: cert.Manufacturer.NameEN}, Sites: []partyJSON{},
		PerUnit: []perUnitJSON{}, Stages: []stageJSON{},
	}
	if out.NumberGivenAgain, err = s.numberGivenAgain(cert); err != nil {
		return verifyJSON{}, err
	}
	for _, site := range cert.Sites {
		out.Sites = append(out.Sites, partyJSON(site))
	}
	for _, pc := range cert.Product.Codes {
		out.ProductCodes = append(out.ProductCodes, pc.String())
	}
	if cert.Product.GTIN != "" {
		// The trade item's own number, bound to the holder, as the
		// certificate prints it: what a reader holds against the barcode
		// of the product carrying the label (red team 28: the holder's
		// other product under the same model name).
		out.ProductCodes = append(out.ProductCodes, "GTIN:"+cert.Product.GTIN)
	}
	for _, u := range cert.PerUnit {
		out.PerUnit = append(out.PerUnit, perUnitJSON{KgCO2e: u.KgCO2e, Unit: u.Unit, LabelZH: u.LabelZH, LabelEN: u.LabelEN})
	}
	for _, st := range cert.Stages {
		out.Stages = append(out.Stages, stageJSON(st))
	}
	out.ReferencePeriod = periodJSON{Start: cert.PeriodStart.UTC(), End: cert.PeriodEnd.UTC()}
	out.FactorSet = cert.FactorSet
	out.Electricity = electricityJSON{Approach: cert.Electricity.Approach, GridFactors: append([]string{}, cert.Electricity.GridFactors...), Instruments: []instrumentJSON{}}
	for _, in := range cert.Electricity.Instruments {
		out.Electricity.Instruments = append(out.Electricity.Instruments, instrumentJSON{Kind: string(in.Kind), Serial: in.Serial, SerialLast: in.SerialLast, MWh: in.MWh})
	}
	out.FossilKgCO2e, out.BiogenicKgCO2e, out.PackagingIncluded = cert.FossilKgCO2e, cert.BiogenicKgCO2e, cert.PackagingIncluded
	out.DataQuality = newDataQualityJSON(cert)
	out.UseScenario = newUseScenarioJSON(cert)
	if cert.Format >= 7 { // certification.CertificateFormat7 signs the credits, 0 when there are none
		credits := cert.CreditsKgCO2e
		out.CreditsKgCO2e = &credits
	}
	out.SupplierAlerts = publicAlerts(rec.SupplierFlags) // neither the flags' suppliers, statuses, times nor number (supplierAlert)
	keyAlerts, err := s.unvouchedKeyAlerts(ctx, rec)
	if err != nil {
		return out, err
	}
	out.SupplierAlerts = append(out.SupplierAlerts, keyAlerts...)
	if cert.Format >= 2 { // footprint.CertificateFormat2 and later
		if u := cert.Uncertainty; u != nil {
			out.Uncertainty = &uncertaintyJSON{Method: u.Method, Runs: u.Runs, LowPercentile: u.LowPercentile, HighPercentile: u.HighPercentile,
				LowKgCO2e: u.LowKgCO2e, MedianKgCO2e: u.MedianKgCO2e, HighKgCO2e: u.HighKgCO2e}
		}
		co := cert.CutOff
		out.CutOff = &cutOffJSON{Basis: co.Basis, SharePct: co.SharePct, LimitPct: co.LimitPct, Items: co.Items}
		for _, na := range cert.NotApplicable {
			out.NotApplicable = append(out.NotApplicable, notApplicableJSON(na))
		}
	}
	for _, f := range cert.Factors { // footprint.CertificateFormat3
		out.Factors = append(out.Factors, factorJSON{Code: f.Code, NameZH: f.NameZH, NameEN: f.NameEN, Set: f.Set, Grid: f.Grid,
			KgCO2e: f.KgCO2e, SharePct: f.SharePct, Grade: f.Grade, Source: f.Source})
	}
	switch certification.CertificateStatus(out.Status) {
	case certification.CertificateSuspended, certification.CertificateWithdrawn:
		out.StatusReason = rec.StatusReason
		fallthrough
	case certification.CertificateSuperseded:
		if !rec.StatusChangedAt.IsZero() {
			t := rec.StatusChangedAt.UTC().Truncate(time.Second)
			out.StatusSince = &t
		}
	case certification.CertificateExpired:
		t := cert.ExpiresAt.UTC()
		out.StatusSince = &t
	}
	// The lineage's numbers: the certificates it names are public facts.
	// A neighbour whose record fails the store's check (409 on signature:
	// it holds another certificate's signed content) gets no number, as a
	// missing one: this certificate's own record answers for it, and the
	// neighbour's own verification says what is wrong with it (session 41:
	// a sound certificate answered the neighbour's 409, "do not rely on
	// it"). The store logged the record; the log here names this one.
	number := func(id uuid.UUID) (string, error) {
		if id == uuid.Nil {
			return "", nil
		}
		other, err := s.CertificationService.FindCertificateByID(ctx, id)
		if certification.FailsRecordCheck(err) {
			slog.WarnContext(ctx, "verify: a lineage neighbour's record fails the store's check; its number left out",
				slog.String("certificate", cert.ID.String()), slog.String("neighbour", id.String()))
			return "", nil
		}
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		return other.Certificate().Number, nil
	}
	out.SupersedesNumber = cert.SupersedesNumber // signed from format 2 on
	if out.SupersedesNumber == "" {
		if out.SupersedesNumber, err = number(cert.Supersedes); err != nil {
			return out, err
		}
	}
	if out.SupersededByNumber, err = number(rec.SupersededBy); err != nil {
		return out, err
	}
	check, err := s.signatureChecker(ctx)
	if err != nil {
		return out, err
	}
	if verr := check(rec); verr != nil {
		out.failSignature(verr)
	} else {
		out.SignatureValid = true
	}
	return out, nil
}

// signatureChecker returns the server's check of a certificate record's
// signature against the published keys, read once for all the records
// it checks (a registry page): nil when the signature verifies.
func (s *Server) signatureChecker(ctx context.Context) (func(*certification.CertificateRecord) error, error) {
	if s.KeyService == nil {
		return func(*certification.CertificateRecord) error {
			return footprint.Errorf(footprint.EINTERNAL, "no published keys to check the signature against")
		}, nil
	}
	keys, err := s.KeyService.PublicKeys(ctx)
	if err != nil {
		return nil, err
	}
	// The records it checks are the service's own, stored when it issued
	// them: a key reported compromised since does not fail them; a
	// verifier with the keys alone asks the service.
	keys = certification.HeldKeys(keys)
	return func(rec *certification.CertificateRecord) error {
		return s.verified.verify(rec.Certificate().ID, rec.Signed, keys)
	}, nil
}

// findCheckedCertificates finds a page of certificates, as every
// certificate list does (the API's, the registry's and the workbench's),
// and checks the signature of each record against the published keys,
// read once for the page: fails[i] is nil where recs[i] verifies.
func (s *Server) findCheckedCertificates(ctx context.Context, f certification.CertificateFilter) (recs []*certification.CertificateRecord, fails []error, next string, err error) {
	if recs, next, err = s.CertificationService.FindCertificates(ctx, f); err != nil {
		return nil, nil, "", err
	}
	check, err := s.signatureChecker(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	fails = make([]error, len(recs))
	for i, rec := range recs {
		fails[i] = check(rec)
	}
	return recs, fails, next, nil
}

// StatusSignatureInvalid is the status the public verification answers
// for a certificate whose record fails the signature check against the
// published keys; recorded_status keeps the status on record.
const StatusSignatureInvalid = "signature_invalid"

// verifyMemo remembers the outcome of certification.VerifyCertificate for
// the last certificates verified (issue 14): checking a signature decodes
// the signed content again and re-encodes the shown fields, and with the
// Ed25519 verification that was 40 % of a verify request's CPU (pprof of
// BenchmarkMillion_VerifyHTTP), for an answer that cannot change while
// the certificate and its key do not.
//
// An entry is used only when everything VerifyCertificate reads is the
// same: the very same decoded certificate (the store shares its decoded
// certificates, which must not be changed; the entry holds the pointer, so
// the address cannot be reused by another), byte-equal content and
// signature, the same key ID, and the first public key of that ID equal in
// every field (a rotation retires a key: its Retired changes). Anything
// else is verified afresh and replaces the entry. It holds at most
// verifyMemoMax certificates and drops an arbitrary one when full.
type verifyMemo struct {
	mu sync.Mutex
	m  map[uuid.UUID]*verifyMemoEntry
}

type verifyMemoEntry struct {
	cert               *certification.Certificate
	content, signature []byte
	keyID              string
	key                certification.PublicKey // the first key of keyID given
	err                error
}

// verifyMemoMax bounds the memo, as defaultCertReadCache (factordb) bounds
// the decoded certificates it shares.
const verifyMemoMax = 1024

// verifyCertificate is certification.VerifyCertificate; tests count its calls.
var verifyCertificate = certification.VerifyCertificate

// verify returns what certification.VerifyCertificate(sc, keys) returns,
// from the memo when certificate id was verified with the same inputs.
func (vm *verifyMemo) verify(id uuid.UUID, sc *certification.SignedCertificate, keys []certification.PublicKey) error {
	var key *certification.PublicKey
	for i := range keys {
		if keys[i].ID == sc.KeyID {
			key = &keys[i]
			break
		}
	}
	if key == nil || sc.Certificate == nil { // nothing worth remembering
		return verifyCertificate(sc, keys)
	}
	vm.mu.Lock()
	e := vm.m[id]
	vm.mu.Unlock()
	if e != nil && e.cert == sc.Certificate && e.keyID == sc.KeyID && bytes.Equal(e.content, sc.Content) &&
		bytes.Equal(e.signature, sc.Signature) && samePublicKey(e.key, *key) {
		return e.err
	}
	err := verifyCertificate(sc, keys)
	e = &verifyMemoEntry{cert: sc.Certificate, content: bytes.Clone(sc.Content), signature: bytes.Clone(sc.Signature),
		keyID: sc.KeyID, key: *key, err: err}
	e.key.Key = bytes.Clone(key.Key)
	vm.mu.Lock()
	if vm.m == nil {
		vm.m = map[uuid.UUID]*verifyMemoEntry{}
	}
	if _, ok := vm.m[id]; !ok && len(vm.m) >= verifyMemoMax {
		for k := range vm.m { // an arbitrary one
			delete(vm.m, k)
			break
		}
	}
	vm.m[id] = e
	vm.mu.Unlock()
	return err
}

func samePublicKey(a, b certification.PublicKey) bool {
	return a.ID == b.ID && bytes.Equal(a.Key, b.Key) && a.Created.Equal(b.Created) && a.Retired.Equal(b.Retired)
}

// handleKeys publishes every certificate-verification key, active and
// retired, as a JWK Set (RFC 7517), so certificates verify offline. The
// set changes when a key is rotated, retired or reported compromised: a
// cache may keep it but asks again, with its ETag, before each use
// (no-cache), so that a compromise reaches every reader at once (red team
// 86 found no Cache-Control here).
func (s *Server) handleKeys(c echo.Context) error {
	keys, err := ask(c, s.KeyService, "signing keys", certification.KeyService.PublicKeys)
	if err != nil {
		return err
	}
	b, err := certification.PublicKeysJWKS(keys)
	if err != nil {
		return err
	}
	return sendCacheable(c, "application/jwk-set+json", b, false)
}

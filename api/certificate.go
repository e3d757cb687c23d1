package api

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// Rate limit of the public verification endpoint, per client address: a
// person scanning QR codes never comes near it; a script walking IDs does.
const (
	VerifyRate  = 10 // requests per second
	VerifyBurst = 20
)

func (s *Server) registerCertificateRoutes() {
	s.route(http.MethodGet, "/v1/certificates", s.handleCertificateIndex)
	s.route(http.MethodGet, "/v1/certificates/:id", s.handleCertificateView)
	s.route(http.MethodGet, "/v1/certificates/:id/certificate.pdf", s.handleCertificatePDF)
	s.route(http.MethodGet, "/v1/certificates/:id/label.pdf", s.handleLabelPDF)
	s.route(http.MethodGet, "/v1/certificates/:id/label.png", s.handleLabelPNG)
	s.route(http.MethodPost, "/v1/certificates/:id/suspend", s.handleCertificateStatus(footprint.CertificateSuspended))
	s.route(http.MethodPost, "/v1/certificates/:id/withdraw", s.handleCertificateStatus(footprint.CertificateWithdrawn))
	s.route(http.MethodPost, "/v1/certificates/:id/reinstate", s.handleCertificateStatus(footprint.CertificateValid))
	s.route(http.MethodPost, "/v1/certificates/:id/review", s.handleCertificateDecision(func(ctx context.Context, id uuid.UUID, reason string) (*footprint.CertificateRecord, error) {
		return s.CertificationService.ReviewCertificate(ctx, id, reason)
	}))
	s.route(http.MethodGet, "/v1/certificates/:id/verify", s.handleCertificateVerify, s.verifyRateLimiter())
	s.route(http.MethodGet, "/v1/keys", s.handleKeys)
}

func (s *Server) verifyRateLimiter() echo.MiddlewareFunc {
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(VerifyRate), Burst: VerifyBurst, ExpiresIn: 3 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: store,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			return c.RealIP(), nil
		},
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "1")
			if wantsHTML(c) { // a person scanning the QR code gets a page
				return s.renderVerifyPage(c, http.StatusTooManyRequests, verifyPage{
					ErrorZH: "请求过多,请稍后再试。", ErrorEN: "Too many requests; try again shortly."})
			}
			return echo.NewHTTPError(http.StatusTooManyRequests, "too many verification requests; retry in a second")
		},
		ErrorHandler: func(c echo.Context, err error) error {
			return echo.NewHTTPError(http.StatusForbidden, "cannot identify the client")
		},
	})
}

// certificateFacts are the facts of a certificate anyone may read, as a
// label prints them (PRODUCT.md principle 7): the verify answer and the
// record answer both start with them.
type certificateFacts struct {
	ID           string    `json:"id"`
	Number       string    `json:"number"`
	Status       string    `json:"status"`                  // live, at the time of the answer
	Supersedes   string    `json:"supersedes,omitempty"`    // the lineage: the certificate this one replaced
	SupersededBy string    `json:"superseded_by,omitempty"` // and the one that replaced it
	Holder       string    `json:"holder"`
	Rule         string    `json:"rule"`
	KgCO2e       float64   `json:"kg_co2e"`
	DeclaredUnit string    `json:"declared_unit"`
	IssuedAt     time.Time `json:"issued_at"`
	ExpiresAt    time.Time `json:"expires_at"`
	KeyID        string    `json:"key_id"`
}

func (s *Server) newCertificateFacts(rec *footprint.CertificateRecord) certificateFacts {
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
// envelope (signed content, key ID, signature).
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
	SupplierFlags []footprint.SupplierFlag `json:"supplier_flags,omitempty"`
}

func formatDeclaredUnit(du footprint.CertificateDeclaredUnit) string {
	return strconv.FormatFloat(du.Amount, 'g', -1, 64) + " " + du.Unit
}

func (s *Server) newCertificateJSON(rec *footprint.CertificateRecord, withSigned bool) (certificateJSON, error) {
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
	if limit < 0 || limit > footprint.MaxLimit {
		return footprint.FieldErrorf(footprint.EINVALID, "limit", "limit must be between 1 and %d", footprint.MaxLimit)
	}
	f := footprint.CertificateFilter{Cursor: cursor, Limit: limit, Now: s.Now()}
	scopeToCaller(principal(c), &f.Manufacturer, &f.Certifier)
	var err error
	if f.ProductCode, f.ProductCodeExact, err = bindProductCode(c); err != nil {
		return err
	}
	if company = strings.TrimSpace(company); company != "" {
		f.Company = &company
	}
	if status != "" {
		st := footprint.CertificateStatus(status)
		if !st.Known() {
			return footprint.FieldErrorf(footprint.EINVALID, "status", "unknown status %q (want valid, suspended, withdrawn, superseded or expired)", status)
		}
		f.Status = &st
	}
	if rule != "" {
		f.Rule = &rule
	}
	if flagged != "" {
		b, err := strconv.ParseBool(flagged)
		if err != nil {
			return footprint.FieldErrorf(footprint.EINVALID, "flagged", "want true or false, got %q", flagged)
		}
		f.Flagged = &b
	}
	recs, next, err := s.CertificationService.FindCertificates(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]certificateJSON, len(recs))
	for i, rec := range recs {
		if out[i], err = s.newCertificateJSON(rec, false); err != nil {
			return err
		}
	}
	setNextLink(c, next)
	return c.JSON(http.StatusOK, dataResponse{Data: out, Meta: pageMeta{NextCursor: next, Count: len(out)}})
}

// findCertificate reads a certificate the caller may see: its owner's, one
// the caller issued, or (regulator) any.
func (s *Server) findCertificate(c echo.Context) (*footprint.CertificateRecord, error) {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return nil, err
	}
	return findSeen(c, "certificate", s.CertificationService.FindCertificateByID, func(rec *footprint.CertificateRecord) (string, string) {
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
func (s *Server) certificateResponse(c echo.Context, rec *footprint.CertificateRecord, withSigned bool) error {
	out, err := s.newCertificateJSON(rec, withSigned)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: out})
}

// baseURL is the public base URL verification links start with.
func (s *Server) baseURL(c echo.Context) string {
	if s.BaseURL != "" {
		return strings.TrimRight(s.BaseURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

// document renders one of a certificate's documents, answering 501 until a
// renderer is wired.
func (s *Server) document(c echo.Context, ext, contentType string, render func(*footprint.CertificateRecord, string) ([]byte, error)) error {
	rec, err := s.findCertificate(c)
	if err != nil {
		return err
	}
	if s.CertificateRenderer == nil {
		return footprint.Errorf(footprint.ENOTIMPLEMENTED, "certificate documents are not available on this server")
	}
	cert := rec.Certificate()
	verifyURL, err := footprint.CertificateVerifyURL(s.baseURL(c), cert.ID)
	if err != nil {
		return err
	}
	b, err := render(rec, verifyURL)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `inline; filename="`+cert.Number+ext+`"`)
	return c.Blob(http.StatusOK, contentType, b)
}

func (s *Server) handleCertificatePDF(c echo.Context) error {
	return s.document(c, ".pdf", "application/pdf", func(rec *footprint.CertificateRecord, url string) ([]byte, error) {
		return s.CertificateRenderer.RenderCertificatePDF(c.Request().Context(), rec.Signed, rec.Certificate().StatusAt(rec.Status, s.Now()), url)
	})
}

func (s *Server) handleLabelPDF(c echo.Context) error {
	return s.document(c, "-label.pdf", "application/pdf", func(rec *footprint.CertificateRecord, url string) ([]byte, error) {
		return s.CertificateRenderer.RenderLabelPDF(c.Request().Context(), rec.Signed, url)
	})
}

func (s *Server) handleLabelPNG(c echo.Context) error {
	return s.document(c, "-label.png", "image/png", func(rec *footprint.CertificateRecord, url string) ([]byte, error) {
		return s.CertificateRenderer.RenderLabelPNG(c.Request().Context(), rec.Signed, url)
	})
}

// findOwnIssued reads a certificate the calling certifier issued; any other
// is not found.
func (s *Server) findOwnIssued(c echo.Context) (*footprint.CertificateRecord, error) {
	rec, err := s.findCertificate(c)
	if err != nil {
		return nil, err
	}
	if p := principal(c); p.Role != footprint.RoleCertifier || p.Org != rec.Certifier {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %q not found", c.Param("id"))
	}
	return rec, nil
}

// handleCertificateStatus suspends, withdraws or reinstates a certificate
// the caller issued, with reasons; the change and its audit record are one
// transaction in the store.
func (s *Server) handleCertificateStatus(to footprint.CertificateStatus) echo.HandlerFunc {
	return s.handleCertificateDecision(func(ctx context.Context, id uuid.UUID, reason string) (*footprint.CertificateRecord, error) {
		return s.CertificationService.SetCertificateStatus(ctx, id, to, reason)
	})
}

// handleCertificateDecision answers a certifier's decision with reasons on
// a certificate it issued (a status change, or a review of its supplier
// flags, POST /v1/certificates/{id}/review).
func (s *Server) handleCertificateDecision(decide func(ctx context.Context, id uuid.UUID, reason string) (*footprint.CertificateRecord, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		rec, err := s.findOwnIssued(c)
		if err != nil {
			return err
		}
		reasons, err := bindReasons(c)
		if err != nil {
			return err
		}
		if rec, err = decide(c.Request().Context(), rec.Certificate().ID, strings.Join(reasons, "; ")); err != nil {
			return err
		}
		return s.certificateResponse(c, rec, false)
	}
}

// supplierAlert is the public part of a footprint.SupplierFlag.
type supplierAlert struct {
	Status footprint.CertificateStatus `json:"status"`
	At     time.Time                   `json:"at"`
}

// verifyJSON is what anyone sees of a certificate: its live status, the
// key fields, and the signed envelope to check offline against /v1/keys.
// Status reasons and internal record fields stay private.
type verifyJSON struct {
	certificateFacts
	ProductNameZH  string          `json:"product_name_zh,omitempty"`
	ProductNameEN  string          `json:"product_name_en,omitempty"`
	Model          string          `json:"model"`
	ProductCodes   []string        `json:"product_codes"`
	Boundary       string          `json:"boundary"`
	Certifier      string          `json:"certifier"` // the certification body's name
	SignatureValid bool            `json:"signature_valid"`
	SignatureError string          `json:"signature_error,omitempty"`
	Signed         json.RawMessage `json:"signed"`

	// SupplierAlerts says that supplier certificates this certificate
	// relies on changed status and its certifier has not acted yet; which
	// ones stays private (supplier lists are not public facts).
	SupplierAlerts []supplierAlert `json:"supplier_alerts,omitempty"`
}

// handleCertificateVerify is the public verification endpoint the QR code
// leads to. It takes full canonical UUIDs only (no prefixes, no other
// spellings), has no list counterpart, and is rate-limited per client, so
// IDs cannot be enumerated (reference/standards.md §8). The signature is
// checked here against the published keys as well.
func (s *Server) handleCertificateVerify(c echo.Context) error {
	err := s.certificateVerify(c)
	if err != nil && wantsHTML(c) {
		return s.verifyErrorPage(c, err)
	}
	return err
}

func (s *Server) certificateVerify(c echo.Context) error {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return err
	}
	id, err := parseID("id", c.Param("id"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rec, err := s.CertificationService.FindCertificateByID(ctx, id)
	if err != nil {
		return err
	}
	cert := rec.Certificate()
	env, err := rec.Signed.MarshalEnvelope()
	if err != nil {
		return err
	}
	out := verifyJSON{
		certificateFacts: s.newCertificateFacts(rec),
		ProductNameZH:    cert.Product.NameZH, ProductNameEN: cert.Product.NameEN, Model: cert.Product.Model,
		ProductCodes: []string{}, Boundary: string(cert.Boundary),
		Certifier: cmp.Or(cert.Certifier.NameEN, cert.Certifier.NameZH), Signed: env,
	}
	for _, pc := range cert.Product.Codes {
		out.ProductCodes = append(out.ProductCodes, pc.String())
	}
	for _, f := range rec.SupplierFlags {
		out.SupplierAlerts = append(out.SupplierAlerts, supplierAlert{Status: f.Status, At: f.At.UTC()})
	}
	if s.KeyService != nil {
		keys, err := s.KeyService.PublicKeys(ctx)
		if err != nil {
			return err
		}
		if verr := footprint.VerifyCertificate(rec.Signed, keys); verr != nil {
			out.SignatureError = footprint.ErrorMessage(verr)
		} else {
			out.SignatureValid = true
		}
	}
	if wantsHTML(c) {
		return s.renderVerifyPage(c, http.StatusOK, verifyPage{Found: true, V: out})
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, dataResponse{Data: out})
}

// handleKeys publishes every certificate-verification key, active and
// retired, as a JWK Set (RFC 7517), so certificates verify offline.
func (s *Server) handleKeys(c echo.Context) error {
	if err := need(s.KeyService != nil, "signing keys"); err != nil {
		return err
	}
	keys, err := s.KeyService.PublicKeys(c.Request().Context())
	if err != nil {
		return err
	}
	b, err := footprint.PublicKeysJWKS(keys)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/jwk-set+json", b)
}

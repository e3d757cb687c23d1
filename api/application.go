package api

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

func (s *Server) registerApplicationRoutes() {
	s.route(http.MethodPost, "/v1/applications", s.handleApplicationCreate)
	s.route(http.MethodGet, "/v1/applications", s.handleApplicationIndex)
	s.route(http.MethodGet, "/v1/applications/:id", s.handleApplicationView)
	s.route(http.MethodPost, "/v1/applications/:id/issue", s.handleApplicationIssue)
	s.route(http.MethodPost, "/v1/applications/:id/reject", s.handleApplicationReject)
}

type applicationRequest struct {
	StudyID   string `json:"study_id"`
	Certifier string `json:"certifier"` // organisation name of the certification body
}

type applicationJSON struct {
	ID            string     `json:"id"`
	StudyID       string     `json:"study_id"`
	Manufacturer  string     `json:"manufacturer"`
	Certifier     string     `json:"certifier"`
	Status        string     `json:"status"`
	Reasons       []string   `json:"reasons,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
	CertificateID string     `json:"certificate_id,omitempty"`

	// Study is the study under review with its result: the full
	// calculation trace a certifier reviews (single reads only).
	Study *studyJSON `json:"study,omitempty"`
}

func newApplicationJSON(a *footprint.Application) applicationJSON {
	out := applicationJSON{
		ID: a.ID.String(), StudyID: a.StudyID, Manufacturer: a.Manufacturer, Certifier: a.Certifier,
		Status: string(a.Status), Reasons: a.Reasons, CreatedAt: a.CreatedAt.UTC(),
	}
	if !a.DecidedAt.IsZero() {
		t := a.DecidedAt.UTC()
		out.DecidedAt = &t
	}
	if a.CertificateID != uuid.Nil {
		out.CertificateID = a.CertificateID.String()
	}
	return out
}

func (s *Server) needCertification() error {
	return need(s.CertificationService != nil && s.StudyService != nil, "certification")
}

// handleApplicationCreate applies, for the caller's own study, to a
// certifier organisation.
func (s *Server) handleApplicationCreate(c echo.Context) error {
	if err := s.needCertification(); err != nil {
		return err
	}
	var req applicationRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.StudyID) == "" {
		return footprint.FieldErrorf(footprint.EINVALID, "study_id", "study_id is required")
	}
	if strings.TrimSpace(req.Certifier) == "" {
		return footprint.FieldErrorf(footprint.EINVALID, "certifier", "certifier (the organisation name of a certification body) is required")
	}
	if _, err := parseID("study_id", req.StudyID); err != nil {
		return err
	}
	st, err := s.findStudy(c, req.StudyID)
	if err != nil {
		return err
	}
	app := &footprint.Application{StudyID: st.ID, Manufacturer: principal(c).Org, Certifier: strings.TrimSpace(req.Certifier)}
	if err := s.CertificationService.CreateApplication(c.Request().Context(), app); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/applications/"+app.ID.String())
	return c.JSON(http.StatusCreated, dataResponse{Data: newApplicationJSON(app)})
}

// handleApplicationIndex lists the applications the caller may see: a
// manufacturer's own, those addressed to a certifier, all for a regulator.
func (s *Server) handleApplicationIndex(c echo.Context) error {
	if err := s.needCertification(); err != nil {
		return err
	}
	var status, studyID, manufacturer, certifierName string
	if err := echo.QueryParamsBinder(c).String("status", &status).String("study_id", &studyID).
		String("manufacturer", &manufacturer).String("certifier", &certifierName).BindError(); err != nil {
		return bindQueryError(err)
	}
	var f footprint.ApplicationFilter
	if manufacturer != "" {
		f.Manufacturer = &manufacturer
	}
	if certifierName != "" {
		f.Certifier = &certifierName
	}
	switch p := principal(c); p.Role {
	case footprint.RoleManufacturer:
		f.Manufacturer = &p.Org
	case footprint.RoleCertifier:
		f.Certifier = &p.Org
	}
	if status != "" {
		st := footprint.ApplicationStatus(status)
		switch st {
		case footprint.ApplicationPending, footprint.ApplicationIssued, footprint.ApplicationRejected:
		default:
			return footprint.FieldErrorf(footprint.EINVALID, "status", "unknown status %q (want pending, issued or rejected)", status)
		}
		f.Status = &st
	}
	if studyID != "" {
		f.StudyID = &studyID
	}
	apps, err := s.CertificationService.FindApplications(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]applicationJSON, len(apps))
	for i, a := range apps {
		out[i] = newApplicationJSON(a)
	}
	return c.JSON(http.StatusOK, dataResponse{Data: out, Meta: pageMeta{Count: len(out)}})
}

// canSeeApplication reports whether the caller may see an application: the
// applicant, the certifier addressed, or a regulator.
func canSeeApplication(p *footprint.Principal, a *footprint.Application) bool {
	switch p.Role {
	case footprint.RoleRegulator:
		return true
	case footprint.RoleManufacturer:
		return p.Org == a.Manufacturer
	case footprint.RoleCertifier:
		return p.Org == a.Certifier
	}
	return false
}

// findApplication reads an application the caller may see; ENOTFOUND
// otherwise.
func (s *Server) findApplication(c echo.Context) (*footprint.Application, error) {
	id, err := parseID("id", c.Param("id"))
	if err != nil {
		return nil, err
	}
	a, err := s.CertificationService.FindApplicationByID(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !canSeeApplication(principal(c), a) {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "application %q not found", id)
	}
	return a, nil
}

// handleApplicationView returns an application with the study and its full
// result: the calculation trace the certifier reviews.
func (s *Server) handleApplicationView(c echo.Context) error {
	if err := s.needCertification(); err != nil {
		return err
	}
	a, err := s.findApplication(c)
	if err != nil {
		return err
	}
	st, err := s.StudyService.FindStudyByID(c.Request().Context(), a.StudyID)
	if err != nil {
		return err
	}
	out := newApplicationJSON(a)
	sj := newStudyJSON(st)
	if err := sj.withStudy(st); err != nil {
		return err
	}
	if err := sj.withResult(st.Result); err != nil {
		return err
	}
	out.Study = &sj
	return c.JSON(http.StatusOK, dataResponse{Data: out})
}

type reasonsRequest struct {
	Reasons []string `json:"reasons"`
}

// handleApplicationReject rejects a pending application addressed to the
// caller, with reasons.
func (s *Server) handleApplicationReject(c echo.Context) error {
	if err := s.needCertification(); err != nil {
		return err
	}
	a, err := s.findApplication(c)
	if err != nil {
		return err
	}
	var req reasonsRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	reasons := trimAll(req.Reasons)
	if err := footprint.ValidateReasons("reasons", reasons); err != nil {
		return err
	}
	a, err = s.CertificationService.RejectApplication(c.Request().Context(), a.ID, reasons)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: newApplicationJSON(a)})
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

// issueRequest is the optional body of an issue or reissue.
type issueRequest struct {
	// Signatory is the person who signs for the certifier (printed in the
	// signature block).
	Signatory string `json:"signatory"`
	// ApprovalNumber is the certifier's CNCA approval number, used when its
	// organisation record has none.
	ApprovalNumber string `json:"approval_number"`
	// StudyID (reissue only) certifies another study of the same
	// manufacturer, e.g. the product recalculated against a newer factor
	// set; empty keeps the study of the certificate replaced.
	StudyID string `json:"study_id"`
}

type issueResponse struct {
	CertificateID string    `json:"certificate_id"`
	Number        string    `json:"number"`
	Revision      int       `json:"revision"`
	Supersedes    string    `json:"supersedes,omitempty"`
	IssuedAt      time.Time `json:"issued_at"`
	ExpiresAt     time.Time `json:"expires_at"`
	KgCO2e        float64   `json:"kg_co2e"`
	DeclaredUnit  string    `json:"declared_unit"`
	VerifyURL     string    `json:"verify_url"`
}

func (s *Server) newIssueResponse(c echo.Context, rec *footprint.CertificateRecord) issueResponse {
	cert := rec.Certificate()
	out := issueResponse{
		CertificateID: cert.ID.String(), Number: cert.Number, Revision: cert.Revision,
		IssuedAt: cert.IssuedAt, ExpiresAt: cert.ExpiresAt, KgCO2e: cert.KgCO2e,
		DeclaredUnit: formatDeclaredUnit(cert.DeclaredUnit), VerifyURL: s.baseURL(c) + footprint.CertificateVerifyPath(cert.ID),
	}
	if cert.Supersedes != uuid.Nil {
		out.Supersedes = cert.Supersedes.String()
	}
	return out
}

// handleApplicationIssue issues the certificate of a pending application
// addressed to the caller and answers with its ID. The certificate is
// assembled from the study, its stored result and the organisations
// (footprint.NewCertificate) and signed with the active key inside the
// store's transaction, atomically with the decision and its audit record.
func (s *Server) handleApplicationIssue(c echo.Context) error {
	if err := s.needIssue(); err != nil {
		return err
	}
	a, err := s.findApplication(c)
	if err != nil {
		return err
	}
	var req issueRequest
	if err := bindOptionalJSON(c, &req); err != nil {
		return err
	}
	if req.StudyID != "" {
		return footprint.FieldErrorf(footprint.EINVALID, "study_id", "an application certifies its own study; study_id is for reissues")
	}
	ctx := c.Request().Context()
	if a.Status != footprint.ApplicationPending {
		return footprint.Errorf(footprint.ECONFLICT, "application %s is already %s", a.ID, a.Status)
	}
	in, err := s.certificateInput(ctx, a.Manufacturer, a.Certifier, a.StudyID, req)
	if err != nil {
		return err
	}
	rec, err := s.storeCertificate(ctx, in, func(build footprint.CertificateBuilder) (*footprint.CertificateRecord, error) {
		return s.CertificationService.IssueCertificate(ctx, a.ID, build)
	})
	if err != nil {
		return err
	}
	id := rec.Certificate().ID.String()
	c.Response().Header().Set(echo.HeaderLocation, "/v1/certificates/"+id)
	return c.JSON(http.StatusCreated, dataResponse{Data: s.newIssueResponse(c, rec)})
}

func (s *Server) needIssue() error {
	return need(s.CertificationService != nil && s.StudyService != nil && s.AuthService != nil && s.KeyService != nil, "certificate issue")
}

// certificateInput gathers everything but the identity of a certificate:
// the study with its result, the holder (the manufacturer organisation) and
// the certifier.
func (s *Server) certificateInput(ctx context.Context, manufacturer, certifierOrg, studyID string, req issueRequest) (footprint.CertificateInput, error) {
	var in footprint.CertificateInput
	st, err := s.StudyService.FindStudyByID(ctx, studyID)
	if err != nil {
		return in, err
	}
	if st.Owner != manufacturer {
		return in, footprint.FieldErrorf(footprint.ENOTFOUND, "study_id", "study %q not found", studyID)
	}
	if st.Result == nil {
		return in, footprint.FieldErrorf(footprint.EINVALID, "study_id", "study %s has no calculated result", st.ID)
	}
	holder, err := s.AuthService.FindOrganizationByName(ctx, manufacturer)
	if err != nil {
		return in, err
	}
	cert, err := s.AuthService.FindOrganizationByName(ctx, certifierOrg)
	if err != nil {
		return in, err
	}
	in.Study = st
	// The holder's registered address; a holder without one is shown at
	// the production site the study names.
	in.Holder = footprint.CertificateParty{NameZH: holder.NameZH, NameEN: holder.Name, Address: cmp.Or(holder.Address, strings.TrimSpace(st.Product.Site))}
	approval := strings.TrimSpace(req.ApprovalNumber)
	switch {
	case cert.ApprovalNumber != "" && approval != "" && approval != cert.ApprovalNumber:
		return in, footprint.FieldErrorf(footprint.EINVALID, "approval_number", "approval number %q differs from the one on record for %s", approval, cert.Name)
	case cert.ApprovalNumber != "":
		approval = cert.ApprovalNumber
	case approval == "":
		return in, footprint.FieldErrorf(footprint.EINVALID, "approval_number", "organisation %s has no approval number on record: give approval_number", cert.Name)
	}
	in.Certifier = footprint.CertificateCertifier{NameZH: cert.NameZH, NameEN: cert.Name, ApprovalNumber: approval, Signatory: strings.TrimSpace(req.Signatory)}
	return in, nil
}

// storeCertificate builds a certificate and has store issue it, reading the
// signing key again when it was rotated in between
// (footprint.ErrSigningKeyRotated): a rotation never fails an issue, and no
// certificate is ever signed by a key retired before its issue time.
func (s *Server) storeCertificate(ctx context.Context, in footprint.CertificateInput, store func(footprint.CertificateBuilder) (*footprint.CertificateRecord, error)) (*footprint.CertificateRecord, error) {
	for attempt := 1; ; attempt++ {
		build, err := s.certificateBuilder(ctx, in)
		if err != nil {
			return nil, err
		}
		rec, err := store(build)
		if errors.Is(err, footprint.ErrSigningKeyRotated) && attempt < 3 {
			continue
		}
		return rec, err
	}
}

// certificateBuilder returns the CertificateBuilder the store calls inside
// its transaction. Everything slow happens here first: the signing key is
// read, a new ID drawn, and the certificate assembled and checked once with
// a provisional number (and against the renderer's fonts), so the builder
// itself only maps, validates and signs.
func (s *Server) certificateBuilder(ctx context.Context, in footprint.CertificateInput) (footprint.CertificateBuilder, error) {
	key, err := s.KeyService.ActiveSigningKey(ctx)
	if err != nil {
		return nil, err
	}
	if in.ID, err = s.NewID(); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	probe := in
	probe.Number = footprint.FormatCertificateNumber(footprint.CertificateNumberPrefix, now.Year(), 1)
	probe.IssuedAt = now
	c, err := footprint.NewCertificate(probe)
	if err != nil {
		return nil, err
	}
	if s.CertificateRenderer != nil {
		if err := s.CertificateRenderer.CheckCertificate(ctx, c); err != nil {
			return nil, err
		}
	}
	return func(number string, issuedAt time.Time) (*footprint.SignedCertificate, error) {
		in := in
		in.Number, in.IssuedAt = number, issuedAt
		c, err := footprint.NewCertificate(in)
		if err != nil {
			return nil, err
		}
		return footprint.SignCertificate(c, key)
	}, nil
}

package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// Sharing (docs/pact.md "Who sees what"): a certificate's holder shares
// the private details of its footprint (pact.SharedDetails) with one named
// organisation; that organisation, and only it, then receives them with the
// footprint from /2 and /3 as a data-model extension.

// cpcRequest declares the UN CPC code of a certificate's product for PACT v2.
type cpcRequest struct {
	CPC string `json:"cpc"`
}

// cpcJSON is a declared CPC code.
type cpcJSON struct {
	Certificate string    `json:"certificate_id"`
	CPC         string    `json:"cpc"`
	Holder      string    `json:"holder"`
	DeclaredAt  time.Time `json:"declared_at"`
}

// holderRequest reads a holder's request about its certificate's PACT
// footprint: the certificate ID of the path, then the JSON body into req.
func holderRequest(c echo.Context, req any) (uuid.UUID, error) {
	id, err := parseID("id", c.Param("id"))
	if err != nil {
		return uuid.Nil, err
	}
	return id, bindJSON(c, req)
}

// handlePACTCPCDeclare records the CPC code a holder declares for its
// certificate's PACT v2 footprint (pact.CPCStore): write-once.
func (s *Server) handlePACTCPCDeclare(c echo.Context) error {
	var req cpcRequest
	id, err := holderRequest(c, &req)
	if err != nil {
		return err
	}
	if err := pact.ValidateCPC("cpc", req.CPC); err != nil {
		return err
	}
	if err := need(s.PACTSuppliers != nil, "PACT CPC declarations"); err != nil {
		return err
	}
	d, created, err := s.PACTSuppliers.DeclareCPC(c.Request().Context(), id, req.CPC)
	if err != nil {
		return err
	}
	return c.JSON(savedStatus(created), dataResponse{Data: cpcJSON{Certificate: d.FootprintID.String(), CPC: d.Code, Holder: d.Holder, DeclaredAt: d.DeclaredAt.UTC()}})
}

// shareRequest is the body of POST /v1/certificates/{id}/pact/shares.
type shareRequest struct {
	Partner string `json:"partner"` // the organisation's name
}

// shareJSON is a share as the API shows it.
type shareJSON struct {
	Certificate string    `json:"certificate_id"`
	Partner     string    `json:"partner"`
	Holder      string    `json:"holder"`
	SharedAt    time.Time `json:"shared_at"`
}

func shareResponse(sh *pact.Share) shareJSON {
	return shareJSON{Certificate: sh.FootprintID.String(), Partner: sh.Partner, Holder: sh.Holder, SharedAt: sh.SharedAt.UTC()}
}

// shareCertificate is the certificate of a share route's path, once the
// server is known to keep shares.
func (s *Server) shareCertificate(c echo.Context) (uuid.UUID, error) {
	id, err := parseID("id", c.Param("id"))
	if err != nil {
		return uuid.Nil, err
	}
	return id, need(s.PACTSuppliers != nil, "PACT sharing")
}

func (s *Server) handlePACTShareIndex(c echo.Context) error {
	id, err := s.shareCertificate(c)
	if err != nil {
		return err
	}
	shares, err := s.PACTSuppliers.FindShares(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: mapList(shares, shareResponse)})
}

func (s *Server) handlePACTShareCreate(c echo.Context) error {
	var req shareRequest
	id, err := holderRequest(c, &req)
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Partner) == "" {
		return footprint.FieldErrorf(footprint.EINVALID, "partner", "partner is required: the name of the organisation to share with")
	}
	if err := need(s.PACTSuppliers != nil, "PACT sharing"); err != nil {
		return err
	}
	sh, created, err := s.PACTSuppliers.ShareFootprint(c.Request().Context(), id, req.Partner)
	if err != nil {
		return err
	}
	return c.JSON(savedStatus(created), dataResponse{Data: shareResponse(sh)})
}

func (s *Server) handlePACTShareDelete(c echo.Context) error {
	id, err := s.shareCertificate(c)
	if err != nil {
		return err
	}
	partner, err := unescapedParam(c, "partner")
	if err != nil {
		return err
	}
	if err := s.PACTSuppliers.RevokeShare(c.Request().Context(), id, partner); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// unescapedParam is the path parameter name as the client meant it. When a
// request's path is escaped otherwise than Go escapes it (encodeURIComponent
// escapes "&" as %26, which Go leaves as it is), echo matches the raw path
// and gives the parameter still escaped; an organisation's name such as
// "Smith & Sons" would then not be found.
func unescapedParam(c echo.Context, name string) (string, error) {
	v := c.Param(name)
	if c.Request().URL.RawPath == "" {
		return v, nil // echo matched the decoded path
	}
	u, err := url.PathUnescape(v)
	if err != nil {
		return "", footprint.FieldErrorf(footprint.EINVALID, name, "%s: malformed escape in %q", name, truncate(v, 64))
	}
	return u, nil
}

// handlePACTSharedSchema serves the JSON Schema of the shared details: the
// dataSchema of the extension, which PACT wants publicly accessible.
func (s *Server) handlePACTSharedSchema(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/schema+json", []byte(pact.SharedSchema))
}

// handlePACTUpstreamSchema serves the JSON Schema of the extension that
// names the suppliers' PACT footprints a footprint used: the dataSchema
// of that extension, public like every extension schema.
func (s *Server) handlePACTUpstreamSchema(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/schema+json", []byte(pact.UpstreamSchema))
}

// entitlement is what one PACT client may see beyond the public facts: the
// footprints shared with its organisation.
type entitlement struct {
	shared map[uuid.UUID]bool
}

// pactEntitlement reads the caller's entitlement ("" org: public facts
// only).
func (s *Server) pactEntitlement(ctx context.Context, org string) (entitlement, error) {
	if org == "" || s.PACTSuppliers == nil {
		return entitlement{}, nil
	}
	shared, err := s.PACTSuppliers.SharedWith(ctx, org)
	if err != nil {
		return entitlement{}, err
	}
	return entitlement{shared: shared}, nil
}

// view returns the footprint as the client may see it: with its shared
// details when the holder shared them with the client, else as it is.
func (e entitlement) view(f *pact.Footprint, opt pact.Options) *pact.Footprint {
	if e.shared[f.ID] {
		return f.WithShared(opt)
	}
	return f
}

// callerOrg is the organisation of the request's principal ("" for none).
func callerOrg(ctx context.Context) string {
	if p := access.PrincipalFromContext(ctx); p != nil {
		return p.Org
	}
	return ""
}

package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
)

// AccessTokenTTL is the lifetime of an OAuth2 access token.
const AccessTokenTTL = time.Hour

// authenticate reads an optional "Authorization: Bearer <token>" header and
// puts the caller in the request context. A request without the header
// continues anonymously (public routes); a bad token is refused at once, so a
// client never silently acts as the public.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		if h == "" || s.AuthService == nil {
			return next(c)
		}
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return footprint.FieldErrorf(footprint.EUNAUTHORIZED, "Authorization", "want \"Authorization: Bearer <token>\"")
		}
		p, err := s.AuthService.Authenticate(c.Request().Context(), strings.TrimSpace(token))
		if err != nil {
			return err
		}
		req := c.Request()
		c.SetRequest(req.WithContext(footprint.NewContextWithPrincipal(req.Context(), p)))
		return next(c)
	}
}

// requireRole refuses callers without one of the roles: 401 for anonymous
// callers, 403 for the wrong role.
func requireRole(roles ...footprint.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := footprint.PrincipalFromContext(c.Request().Context())
			if p == nil {
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="pcf"`)
				return footprint.Errorf(footprint.EUNAUTHORIZED, "authentication required")
			}
			if !p.Can(roles...) {
				return footprint.Errorf(footprint.EFORBIDDEN, "role %s may not do this", p.Role)
			}
			return next(c)
		}
	}
}

func (s *Server) registerAuthRoutes(g *echo.Group) {
	g.POST("/auth/token", s.handleAuthToken)
	admin := g.Group("/admin", requireRole(footprint.RoleAdmin))
	admin.GET("/organizations", s.handleOrganizationIndex)
	admin.POST("/organizations", s.handleOrganizationCreate)
	admin.POST("/keys", s.handleKeyCreate)
	admin.DELETE("/keys/:id", s.handleKeyRevoke)
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// handleAuthToken is the OAuth2 client-credentials token endpoint (RFC 6749
// §4.4), as PACT partners expect it: credentials by HTTP Basic or in the
// form body; errors in the OAuth2 format.
func (s *Server) handleAuthToken(c echo.Context) error {
	if ct := c.Request().Header.Get(echo.HeaderContentType); !strings.HasPrefix(ct, echo.MIMEApplicationForm) {
		return c.JSON(http.StatusBadRequest, oauthError{Error: "invalid_request", Description: "content type must be application/x-www-form-urlencoded"})
	}
	if c.FormValue("grant_type") != "client_credentials" {
		return c.JSON(http.StatusBadRequest, oauthError{Error: "unsupported_grant_type", Description: "only client_credentials is supported"})
	}
	id, secret, ok := c.Request().BasicAuth()
	if !ok {
		id, secret = c.FormValue("client_id"), c.FormValue("client_secret")
	}
	token, exp, err := s.AuthService.IssueAccessToken(c.Request().Context(), id, secret, AccessTokenTTL)
	if footprint.ErrorCode(err) == footprint.EUNAUTHORIZED {
		return c.JSON(http.StatusUnauthorized, oauthError{Error: "invalid_client"})
	} else if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tokenResponse{AccessToken: token, TokenType: "Bearer", ExpiresIn: int(time.Until(exp).Seconds())})
}

type organizationRequest struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

type organizationResponse struct {
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

func newOrganizationResponse(o *footprint.Organization) organizationResponse {
	return organizationResponse{Name: o.Name, Role: string(o.Role), CreatedAt: o.CreatedAt.UTC()}
}

func (s *Server) handleOrganizationIndex(c echo.Context) error {
	orgs, err := s.AuthService.FindOrganizations(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]organizationResponse, len(orgs))
	for i, o := range orgs {
		out[i] = newOrganizationResponse(o)
	}
	return c.JSON(http.StatusOK, dataResponse{Data: out})
}

func (s *Server) handleOrganizationCreate(c echo.Context) error {
	var req organizationRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	org := &footprint.Organization{Name: strings.TrimSpace(req.Name), Role: footprint.Role(req.Role)}
	if err := org.Validate(); err != nil {
		return err
	}
	if err := s.AuthService.CreateOrganization(c.Request().Context(), org); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataResponse{Data: newOrganizationResponse(org)})
}

type keyRequest struct {
	Org  string `json:"org"`
	Role string `json:"role"` // optional: creates the organisation with this role if it does not exist
}

type keyResponse struct {
	ID        string    `json:"id"`
	Org       string    `json:"org"`
	Role      string    `json:"role"`
	Token     string    `json:"token"`
	CreatedAt time.Time `json:"created_at"`
}

// handleKeyCreate makes an API key; with "role" it first creates the
// organisation if needed, which is what "pcf keys create --org --role" does.
func (s *Server) handleKeyCreate(c echo.Context) error {
	var req keyRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	name := strings.TrimSpace(req.Org)
	if req.Role != "" {
		org := &footprint.Organization{Name: name, Role: footprint.Role(req.Role)}
		if err := org.Validate(); err != nil {
			return err
		}
		existing, err := s.AuthService.FindOrganizationByName(ctx, name)
		switch {
		case footprint.ErrorCode(err) == footprint.ENOTFOUND:
			if err := s.AuthService.CreateOrganization(ctx, org); err != nil {
				return err
			}
		case err != nil:
			return err
		case existing.Role != org.Role:
			return footprint.FieldErrorf(footprint.ECONFLICT, "role", "organisation %q exists with role %s", name, existing.Role)
		}
	}
	token, key, err := s.AuthService.CreateAPIKey(ctx, name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataResponse{Data: keyResponse{ID: key.ID, Org: key.Org, Role: string(key.Role), Token: token, CreatedAt: key.CreatedAt.UTC()}})
}

func (s *Server) handleKeyRevoke(c echo.Context) error {
	if err := s.AuthService.RevokeAPIKey(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// bindJSON binds a JSON body into a request struct, refusing other content
// types (415) and malformed JSON (400).
func bindJSON(c echo.Context, v any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "content type must be application/json")
	}
	return c.Bind(v)
}

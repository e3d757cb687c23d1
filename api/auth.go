package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
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
		if ok && strings.EqualFold(scheme, "Basic") && tokenRoutes[c.Path()] {
			// RFC 6749 §2.3.1: the token endpoints take client
			// credentials by HTTP Basic; the handler checks them.
			return next(c)
		}
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return footprint.FieldErrorf(footprint.EUNAUTHORIZED, "Authorization", "want \"Authorization: Bearer <token>\"")
		}
		p, err := s.AuthService.Authenticate(c.Request().Context(), strings.TrimSpace(token))
		if err != nil {
			return err
		}
		req := c.Request()
		c.SetRequest(req.WithContext(access.NewContextWithPrincipal(req.Context(), p)))
		return next(c)
	}
}

// tokenRoutes are the OAuth2 token endpoints, whose Authorization header
// carries client credentials (Basic), not a bearer token.
var tokenRoutes = map[string]bool{"/v1/auth/token": true, pactTokenRoute: true}

// requireRole refuses callers without one of the roles: 401 for anonymous
// callers, 403 for the wrong role.
func requireRole(roles ...access.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := access.PrincipalFromContext(c.Request().Context())
			if p == nil {
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="pcf"`)
				return footprint.Errorf(footprint.EUNAUTHORIZED, "authentication required")
			}
			if !p.Can(roles...) {
				// The role in both languages, each half its own (制造商。manufacturer).
				role := string(p.Role)
				if t, ok := termText[role]; ok {
					role = t.ZH + "。" + t.EN
				}
				return footprint.Errorf(footprint.EFORBIDDEN, "role %s may not do this", role)
			}
			return next(c)
		}
	}
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
	if err := need(s.AuthService != nil, "authentication"); err != nil {
		return err
	}
	if ct := c.Request().Header.Get(echo.HeaderContentType); !strings.HasPrefix(ct, echo.MIMEApplicationForm) {
		return c.JSON(http.StatusBadRequest, oauthError{Error: "invalid_request", Description: "content type must be application/x-www-form-urlencoded"})
	}
	// RFC 6749 §2.3.1: credentials never in the URI (it ends up in logs and
	// proxies); only the body or HTTP Basic, so PostFormValue, not FormValue.
	req := c.Request()
	if q := req.URL.Query(); q.Has("client_secret") || q.Has("client_id") {
		return c.JSON(http.StatusBadRequest, oauthError{Error: "invalid_request", Description: "client credentials must not be sent in the URL"})
	}
	if req.PostFormValue("grant_type") != "client_credentials" {
		return c.JSON(http.StatusBadRequest, oauthError{Error: "unsupported_grant_type", Description: "only client_credentials is supported"})
	}
	id, secret, ok := req.BasicAuth()
	if !ok {
		id, secret = req.PostFormValue("client_id"), req.PostFormValue("client_secret")
	}
	token, exp, err := s.AuthService.IssueAccessToken(c.Request().Context(), id, secret, AccessTokenTTL)
	switch footprint.ErrorCode(err) {
	case footprint.EUNAUTHORIZED:
		return c.JSON(http.StatusUnauthorized, oauthError{Error: "invalid_client"})
	case access.ERESTOREDKEY, access.EKEYAWAITSORG: // the key's holder, who sent its secret, is told why
		return c.JSON(http.StatusUnauthorized, oauthError{Error: "invalid_client", Description: footprint.ErrorCode(err) + ": " + footprint.ErrorMessage(err)})
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tokenResponse{AccessToken: token, TokenType: "Bearer", ExpiresIn: int(exp.Sub(s.Now()).Seconds())})
}

// organizationRequest is the body of POST /v1/admin/organizations: a
// access.Organization without CreatedAt, which the store sets.
type organizationRequest struct {
	Name string `json:"name"`
	organizationProfile
}

// organizationProfile is what a request says of an organisation besides its
// name.
type organizationProfile struct {
	Role           string `json:"role"`
	NameZH         string `json:"name_zh"`
	Address        string `json:"address"`
	ApprovalNumber string `json:"approval_number"`
	// Signatories is a certifier's register of authorised signatories
	// (access.Organization.Signatories): its issues name one of them.
	Signatories []string `json:"signatories"`
	// Scope is a certifier's approval scope, the codes of the rules it
	// may certify (access.Organization.Scope).
	Scope []string `json:"scope"`
}

// organization returns the organisation named name with this profile,
// trimmed.
func (r *organizationProfile) organization(name string) *access.Organization {
	return &access.Organization{
		Name: strings.TrimSpace(name), Role: access.Role(r.Role),
		NameZH: strings.TrimSpace(r.NameZH), Address: strings.TrimSpace(r.Address),
		ApprovalNumber: strings.TrimSpace(r.ApprovalNumber), Signatories: trimEach(r.Signatories), Scope: trimEach(r.Scope),
	}
}

// trimEach returns the entries of list trimmed (a register's names and
// codes, as a request gives them); nil for none.
func trimEach(list []string) []string {
	var out []string
	for _, s := range list {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// registerRequest is the body of PUT /v1/admin/organizations/{name}/register:
// both lists, each replacing the one on record ([] for none). Each is
// required, so that a request naming one does not clear the other unseen.
type registerRequest struct {
	Signatories *[]string `json:"signatories" doc:"The certification body's authorised signatories, replacing those on record ([] for none: its issues are then not checked); each a name as an issue's signatory takes it, once, at most 50"`
	Scope       *[]string `json:"scope" doc:"The codes of the accounting rules the body is approved to certify, replacing its scope on record ([] for none: not checked); each a rule's code, once"`
}

// handleOrganizationRegister replaces a certification body's register of
// signatories and its scope (access.AuthService.SetOrganizationRegister):
// the operator's change from the body's CNCA file.
func (s *Server) handleOrganizationRegister(c echo.Context) error {
	var req registerRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		list *[]string
	}{{"signatories", req.Signatories}, {"scope", req.Scope}} {
		if f.list == nil {
			return footprint.FieldErrorf(footprint.EINVALID, f.name, "须给出 %[1]s(两份名单都替换登记的名单;无则给 [])。%[1]s is required: both lists replace those on record ([] for none)", f.name)
		}
	}
	org, err := s.AuthService.SetOrganizationRegister(c.Request().Context(), c.Param("name"), trimEach(*req.Signatories), trimEach(*req.Scope))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: org})
}

func (s *Server) handleOrganizationIndex(c echo.Context) error {
	return answerList(c, s.AuthService.FindOrganizations)
}

// answerList answers the list find gives, [] when it is empty.
func answerList[T any](c echo.Context, find func(context.Context) ([]T, error)) error {
	list, err := find(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: nonNil(list)})
}

func (s *Server) handleOrganizationCreate(c echo.Context) error {
	var req organizationRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	org := req.organization(req.Name)
	err := org.Validate()
	if err == nil {
		err = s.AuthService.CreateOrganization(c.Request().Context(), org)
	}
	// The domain names an organisation's name "org", as the key route's
	// body and pcf keys --org do; this body calls it "name".
	if e := (*footprint.Error)(nil); errors.As(err, &e) && e.Field == "org" {
		e.Field = "name"
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataResponse{Data: org})
}

// keyRequest is the body of POST /v1/admin/keys. Role is optional: with
// it, the organisation is created with this profile if it does not exist.
type keyRequest struct {
	Org string `json:"org"`
	organizationProfile
}

// keyResponse is the new key with its token, shown this once.
type keyResponse struct {
	*access.APIKey
	Token string `json:"token"`
}

// handleKeyCreate makes an API key; with "role" it first creates the
// organisation if needed, which is what "pcf keys create --org --role" does.
func (s *Server) handleKeyCreate(c echo.Context) error {
	var req keyRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	token, key, err := access.EnsureOrganizationKey(c.Request().Context(), s.AuthService, req.organization(req.Org))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataResponse{Data: keyResponse{APIKey: key, Token: token}})
}

func (s *Server) handleKeyRevoke(c echo.Context) error {
	if err := s.AuthService.RevokeAPIKey(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// keyCompromisedRequest is the body of POST /v1/admin/keys/{id}/compromised.
type keyCompromisedRequest struct {
	Since string `json:"since" doc:"The time the key is compromised as of (RFC 3339), not in the future: what it issued, reinstated, reviewed or withdrew at or after it is marked on public verification"`
}

// parseCompromisedSince reads the time of a key.compromise: RFC 3339,
// else EINVALID naming since.
func parseCompromisedSince(v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, footprint.FieldErrorf(footprint.EINVALID, "since", "须为 RFC 3339 时间(如 2026-03-01T08:00:00Z),而非 %[1]q。want an RFC 3339 time (such as 2026-03-01T08:00:00Z), got %[1]q", truncate(v, 64))
	}
	return t, nil
}

// handleKeyCompromised marks an API key compromised as of a time (and
// revokes it): what a thief did with it since is marked wherever it is
// verified (access.AuthService.MarkAPIKeyCompromised).
func (s *Server) handleKeyCompromised(c echo.Context) error {
	var req keyCompromisedRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	since, err := parseCompromisedSince(req.Since)
	if err != nil {
		return err
	}
	return answerKey(c, func(ctx context.Context, id string) (*access.APIKey, error) {
		return s.AuthService.MarkAPIKeyCompromised(ctx, id, since)
	})
}

// handleKeyRestoredIndex lists the API keys a restore of the database from
// a copy brought back unconfirmed, with their organisation and creation
// time: what the admin checks (against what it revoked after the copy was
// taken) before confirming them.
func (s *Server) handleKeyRestoredIndex(c echo.Context) error {
	return answerList(c, s.AuthService.RestoredAPIKeys)
}

// handleKeyConfirm confirms one API key after a restore (its holder may use
// it again) and answers the key.
func (s *Server) handleKeyConfirm(c echo.Context) error {
	return answerKey(c, s.AuthService.ConfirmAPIKey)
}

// answerKey answers the API key confirm gives for the route's key ID.
func answerKey(c echo.Context, confirm func(context.Context, string) (*access.APIKey, error)) error {
	key, err := confirm(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: key})
}

// handleOrgKeyIndex lists the caller's organisation's API keys, revoked
// ones too: a certification body sees every key made in its name, and
// which wait for its confirmation.
func (s *Server) handleOrgKeyIndex(c echo.Context) error {
	return answerList(c, func(ctx context.Context) ([]*access.APIKey, error) {
		return s.AuthService.OrganizationAPIKeys(ctx, access.PrincipalFromContext(ctx).Org)
	})
}

// orgRegisterResponse is GET /v1/org/register: the register of
// authorised signatories and the approval scope of the caller's
// certification body, as recorded (access.Organization.Signatories,
// Scope), read-only: the operator records and changes it from the body's
// CNCA file (PUT /v1/admin/organizations/{name}/register).
type orgRegisterResponse struct {
	Org         string   `json:"org" doc:"The certification body: the caller's organisation"`
	Signatories []string `json:"signatories" doc:"Its authorised signatories, as the operator registered them; an issue names one of them. [] for none: its issues are not checked against a register"`
	Scope       []string `json:"scope" doc:"The codes of the accounting rules it is approved to certify; an application or an issue under another rule is refused. [] for none: not checked"`
	Held        bool     `json:"held" doc:"True when the database was restored from a copy and this register is the copy's: the body issues nothing (409 naming signatory) until the operator states its register again"`
}

// handleOrgRegisterView answers the register of the caller's organisation
// (ownOrganization: its own name, never another's), as its workbench's
// keys page shows it.
func (s *Server) handleOrgRegisterView(c echo.Context) error {
	org, err := s.ownOrganization(c)
	if err != nil {
		return err
	}
	r := orgRegisterResponse{Org: org.Name, Signatories: []string{}, Scope: []string{}, Held: org.RegisterPending}
	r.Signatories = append(r.Signatories, org.Signatories...) // [] for none, never null
	r.Scope = append(r.Scope, org.Scope...)
	return c.JSON(http.StatusOK, dataResponse{Data: r})
}

// handleOrgKeyEndorse confirms, with the caller's key, a key of its
// organisation that waits for it (access.APIKey.AwaitsOrg).
func (s *Server) handleOrgKeyEndorse(c echo.Context) error {
	return answerKey(c, s.AuthService.EndorseAPIKey)
}

// orgKeyVouchRequest is the body of POST /v1/org/keys/{id}/vouch.
type orgKeyVouchRequest struct {
	FormerToken string `json:"former_token" doc:"The token of an API key the certification body held before the recovery key (revoked or not, not unvouched itself); checked, never stored"`
}

// handleOrgKeyVouch vouches for a recovery key of the caller's
// organisation (access.APIKey.Recovery) with the token of a key the
// organisation held before it.
func (s *Server) handleOrgKeyVouch(c echo.Context) error {
	var req orgKeyVouchRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	return answerKey(c, s.vouchWith(req.FormerToken))
}

// vouchWith is AuthService.VouchAPIKey with the former key's token
// formerToken, as answerKey calls it (the API's and the workbench's one
// path).
func (s *Server) vouchWith(formerToken string) func(context.Context, string) (*access.APIKey, error) {
	return func(ctx context.Context, id string) (*access.APIKey, error) {
		return s.AuthService.VouchAPIKey(ctx, id, strings.TrimSpace(formerToken))
	}
}

// confirmedKeysResponse says which API keys were confirmed at once.
type confirmedKeysResponse struct {
	Confirmed int              `json:"confirmed"`
	Keys      []*access.APIKey `json:"keys"`
}

// handleKeyRestoredConfirm confirms, with reasons, every API key a restore
// brought back unconfirmed (GET /v1/admin/keys/restored lists them), each
// audited, and answers them.
func (s *Server) handleKeyRestoredConfirm(c echo.Context) error {
	reasons, err := bindReasons(c)
	if err != nil {
		return err
	}
	keys, err := s.AuthService.ConfirmRestoredAPIKeys(c.Request().Context(), strings.Join(reasons, "; "))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: confirmedKeysResponse{Confirmed: len(keys), Keys: nonNil(keys)}})
}

// signingKeyResponse answers a signing-key rotation: the new key's ID and
// creation only, never certification.SigningKey's private key.
type signingKeyResponse struct {
	KeyID   string    `json:"key_id"`
	Created time.Time `json:"created"`
}

// compromisedKeyResponse is a signing key reported compromised, as /v1/keys
// publishes it.
type compromisedKeyResponse struct {
	KeyID       string    `json:"key_id"`
	Created     time.Time `json:"created"`
	Retired     time.Time `json:"retired"`
	Compromised time.Time `json:"compromised"`
}

// handleSigningKeyCompromised reports a signing key compromised
// (certification.KeyService.ReportCompromised): whoever holds its private
// half signs what it likes, so a verifier with the keys alone no longer
// takes its signature for the service's, and asks the service.
func (s *Server) handleSigningKeyCompromised(c echo.Context) error {
	if err := need(s.KeyService != nil, "signing keys"); err != nil {
		return err
	}
	k, err := s.KeyService.ReportCompromised(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: compromisedKeyResponse{KeyID: k.ID, Created: k.Created.UTC(), Retired: k.Retired.UTC(), Compromised: k.Compromised.UTC()}})
}

// handleSigningKeyRotate retires the active certificate-signing key and
// creates a new one. The retired public key stays published at /v1/keys,
// so certificates it signed still verify.
func (s *Server) handleSigningKeyRotate(c echo.Context) error {
	k, err := ask(c, s.KeyService, "signing keys", certification.KeyService.RotateSigningKey)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataResponse{Data: signingKeyResponse{KeyID: k.ID, Created: k.Created.UTC()}})
}

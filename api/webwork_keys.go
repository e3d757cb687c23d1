package api

// A certification body's API keys on the workbench (red team 46): the keys
// made in its name, and the confirmation of a key that waits for it or the
// vouching for a recovery key, through the same service calls as GET
// /v1/org/keys, POST /v1/org/keys/{id}/confirm and …/vouch.

import (
	"context"
	"net/http"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/labstack/echo/v4"
)

// keyView is a key of the body as the keys page shows it.
type keyView struct {
	*access.APIKey
	Mine bool // the key of the session
}

// keysPage is the body's keys, by creation, and its register.
type keysPage struct {
	Keys     []keyView
	Register registerView
}

// registerView is a certification body's register
// (access.Organization.Signatories and Scope) as its workbench shows it,
// read-only: the operator records and changes it from the body's CNCA
// file (PUT /v1/admin/organizations/{name}/register).
type registerView struct {
	Signatories []string
	Scope       []scopeRuleView
}

// scopeRuleView is a rule code of a body's approval scope, with the
// rule's names when it is a built-in rule.
type scopeRuleView struct{ Code, NameZH, NameEN string }

func newRegisterView(org *access.Organization) registerView {
	v := registerView{Signatories: org.Signatories}
	for _, code := range org.Scope {
		r := scopeRuleView{Code: code}
		if rule, err := footprint.FindRule(code); err == nil {
			r.NameZH, r.NameEN = rule.NameZH, rule.NameEN
		}
		v.Scope = append(v.Scope, r)
	}
	return v
}

// ownOrganization returns the caller's organisation as recorded
// (AuthService.FindOrganizationByName of the principal's own name, never
// another's): its register for the keys page and the issue form.
func (s *Server) ownOrganization(c echo.Context) (*access.Organization, error) {
	if err := need(s.AuthService != nil, "organisations"); err != nil {
		return nil, err
	}
	return s.AuthService.FindOrganizationByName(c.Request().Context(), principal(c).Org)
}

// keysAttention counts the keys of a body that need it: waiting for its
// confirmation, or unvouched and not revoked (access.APIKey.Unvouched).
type keysAttention struct{ Waiting, Unvouched int }

// Total is how many keys need the body's attention (the navigation's badge).
func (a keysAttention) Total() int { return a.Waiting + a.Unvouched }

func newKeysAttention(keys []*access.APIKey) keysAttention {
	var a keysAttention
	for _, k := range keys {
		switch {
		case !k.RevokedAt.IsZero():
		case k.Waiting():
			a.Waiting++
		case k.Unvouched:
			a.Unvouched++
		}
	}
	return a
}

// orgKeys returns the keys of the caller's organisation
// (AuthService.OrganizationAPIKeys, as GET /v1/org/keys), read once a
// request: the keys page lists them and its banner counts them.
func (s *Server) orgKeys(c echo.Context) ([]*access.APIKey, error) {
	if err := need(s.AuthService != nil, "API keys"); err != nil {
		return nil, err
	}
	if keys, ok := c.Get(orgKeysKey).([]*access.APIKey); ok {
		return keys, nil
	}
	keys, err := s.AuthService.OrganizationAPIKeys(c.Request().Context(), principal(c).Org)
	if err == nil {
		c.Set(orgKeysKey, keys)
	}
	return keys, err
}

// orgKeysKey is the echo context key of orgKeys' keys.
const orgKeysKey = "pcf.org_keys"

// handleWorkKeys lists the caller's organisation's keys, each with who
// made it, whether it waits or is unvouched, who confirmed it and when,
// with the form that confirms a waiting key or vouches for a recovery key,
// and the body's register of authorised signatories and approval scope.
func (s *Server) handleWorkKeys(c echo.Context) error {
	keys, err := s.orgKeys(c)
	if err != nil {
		return err
	}
	org, err := s.ownOrganization(c)
	if err != nil {
		return err
	}
	p := keysPage{Register: newRegisterView(org)}
	for _, k := range keys {
		p.Keys = append(p.Keys, keyView{APIKey: k, Mine: k.ID == principal(c).KeyID})
	}
	return s.renderWork(c, http.StatusOK, "keys", "keys", p)
}

// handleWorkKeyConfirm confirms a waiting key of the caller's
// organisation (AuthService.EndorseAPIKey, as POST
// /v1/org/keys/{id}/confirm).
func (s *Server) handleWorkKeyConfirm(c echo.Context) error {
	return s.workKeyDecision(c, s.AuthService.EndorseAPIKey, "key-confirmed")
}

// handleWorkKeyVouch vouches for a recovery key of the caller's
// organisation with the former key's token of the form (vouchWith, as
// POST /v1/org/keys/{id}/vouch).
func (s *Server) handleWorkKeyVouch(c echo.Context) error {
	return s.workKeyDecision(c, s.vouchWith(c.Request().PostFormValue("former_token")), "key-vouched")
}

// workKeyDecision checks the form's CSRF token, applies decide to the
// path's key and leads back to the keys page with the notice done.
func (s *Server) workKeyDecision(c echo.Context, decide func(context.Context, string) (*access.APIKey, error), done string) error {
	if err := s.checkCSRF(c); err != nil {
		return err
	}
	if _, err := decide(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return seeOther(c, "/work/keys", done)
}

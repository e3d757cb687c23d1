package api

import (
	"slices"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/labstack/echo/v4"
)

// routeAccess says who may call a route: anyone (public), or authenticated
// callers with one of the roles. Ownership (a manufacturer's own studies, a
// certifier's own certificates) is checked in the handlers, which answer
// 404 not_found for records the caller may not see, so IDs are never
// confirmed to outsiders.
type routeAccess struct {
	public bool
	roles  []access.Role
}

var (
	manufacturer = access.RoleManufacturer
	certifier    = access.RoleCertifier
	regulator    = access.RoleRegulator
	admin        = access.RoleAdmin
	partner      = access.RolePartner

	public = routeAccess{public: true}
)

func roles(r ...access.Role) routeAccess { return routeAccess{roles: r} }

// policy is the access table of every route (PRODUCT.md, issue 4): the one
// place that says which role may call what. A regulator reads everything and
// changes nothing, so it appears on GET routes only. Registering a route
// that is missing here panics (Server.route), so a route can never be
// added without a decision.
var policy = map[string]routeAccess{
	// Operations and documents.
	"GET /healthz":         public,
	"GET /readyz":          public, // checks the database; says nothing else
	"GET /metrics":         public, // route templates and counts only: no IDs, no bodies
	"GET /v1/openapi.json": public,
	"GET /v1/docs":         public, // the API reference page

	// Factors: published data, public to read; curated by the admin.
	"GET /v1/factors":                       public,
	"GET /v1/factors/:code":                 public,
	"GET /v1/factor-sets":                   public,
	"GET /v1/factor-sets/:version":          public,
	"GET /v1/factor-sets/:version/export":   public,
	"POST /v1/factor-sets":                  roles(admin),
	"POST /v1/factor-sets/:version/import":  roles(admin),
	"POST /v1/factor-sets/:version/publish": roles(admin),
	// Plausibility flags (issue 15): those of a published set are public
	// like the set; a draft's only to the admin (visibleSet).
	"GET /v1/factor-sets/:version/flags":              public,
	"POST /v1/factor-sets/:version/flags/acknowledge": roles(admin),

	// Authentication and administration.
	"POST /v1/auth/token":                           public, // OAuth2 client credentials
	"GET /v1/admin/organizations":                   roles(admin),
	"POST /v1/admin/organizations":                  roles(admin),
	"POST /v1/admin/keys":                           roles(admin),
	"DELETE /v1/admin/keys/:id":                     roles(admin),
	"POST /v1/admin/signing-keys/rotate":            roles(admin),
	"GET /v1/admin/backup":                          roles(admin),
	"GET /v1/keys":                                  public, // certificate-verification public keys (JWKS)
	"GET /v1/certificates/:id/verify":               public, // rate-limited, full UUID only
	"GET /v1/certificates/by-number/:number/verify": public, // rate-limited with the above, full number only

	// Products and studies: the manufacturer's own; the regulator reads.
	"POST /v1/products":                roles(manufacturer),
	"GET /v1/products":                 roles(manufacturer, regulator),
	"GET /v1/products/:id":             roles(manufacturer, regulator),
	"POST /v1/studies":                 roles(manufacturer),
	"POST /v1/calculations":            roles(manufacturer, certifier, regulator, admin),
	"GET /v1/studies":                  roles(manufacturer, regulator),
	"GET /v1/studies/:id":              roles(manufacturer, regulator),
	"GET /v1/studies/:id/result.csv":   roles(manufacturer, regulator),
	"GET /v1/studies/:id/result.xlsx":  roles(manufacturer, regulator),
	"POST /v1/applications":            roles(manufacturer),
	"GET /v1/applications":             roles(manufacturer, certifier, regulator),
	"GET /v1/applications/:id":         roles(manufacturer, certifier, regulator),
	"POST /v1/applications/:id/issue":  roles(certifier),
	"POST /v1/applications/:id/reject": roles(certifier),
	"GET /v1/certificates":             roles(manufacturer, certifier, regulator),
	"GET /v1/certificates/:id":         roles(manufacturer, certifier, regulator),

	// Certificate documents and decisions.
	"GET /v1/certificates/:id/certificate.pdf": roles(manufacturer, certifier, regulator),
	"GET /v1/certificates/:id/label.pdf":       roles(manufacturer, certifier, regulator),
	"GET /v1/certificates/:id/label.png":       roles(manufacturer, certifier, regulator),
	"POST /v1/certificates/:id/suspend":        roles(certifier),
	"POST /v1/certificates/:id/withdraw":       roles(certifier),
	"POST /v1/certificates/:id/reinstate":      roles(certifier),
	"POST /v1/certificates/:id/review":         roles(certifier), // the supplier flags: keep the certificate

	// The audit trail.
	"GET /v1/audit": roles(regulator, admin),

	// Pages for people (api/web*.go): not in the OpenAPI document. The
	// public pages show published data and public facts only.
	"GET /":                     public, // home
	"GET /assets/:file":         public, // the stylesheet, by its content hash
	"GET /factors":              public, // factor search (published sets; drafts for the admin, as GET /v1/factors)
	"GET /factors.csv":          public, // the CSV of a search's whole result list
	"GET /factors/:code":        public, // one factor and its history across sets
	"GET /factor-sets":          public,
	"GET /factor-sets/diff":     public, // what changed between two sets
	"GET /certificates":         public, // the registry: public facts only, by number; rate-limited as the verify routes
	"GET /certificates/:number": public, // the verification page of one certificate; rate-limited

	// Signed-in pages (api/webwork*.go): a session cookie instead of a
	// bearer token, the same roles as the API twin of each page; every
	// POST checks the session's CSRF token.
	"GET /sign-in":                                 public,
	"POST /sign-in":                                public, // an API key for a session cookie
	"POST /sign-out":                               public, // ends the caller's session, if any
	"GET /work":                                    roles(manufacturer, certifier, regulator, admin),
	"GET /work/studies":                            roles(manufacturer, regulator),
	"POST /work/studies":                           roles(manufacturer),
	"GET /work/studies/:id":                        roles(manufacturer, regulator),
	"POST /work/applications":                      roles(manufacturer),
	"GET /work/applications":                       roles(manufacturer, certifier, regulator),
	"GET /work/applications/:id":                   roles(manufacturer, certifier, regulator),
	"POST /work/applications/:id/issue":            roles(certifier),
	"POST /work/applications/:id/reject":           roles(certifier),
	"GET /work/certificates":                       roles(manufacturer, certifier, regulator),
	"GET /work/certificates/:id":                   roles(manufacturer, certifier, regulator),
	"GET /work/certificates/:id/certificate.pdf":   roles(manufacturer, certifier, regulator),
	"GET /work/certificates/:id/label.pdf":         roles(manufacturer, certifier, regulator),
	"POST /work/certificates/:id/suspend":          roles(certifier),
	"POST /work/certificates/:id/withdraw":         roles(certifier),
	"POST /work/certificates/:id/reinstate":        roles(certifier),
	"POST /work/certificates/:id/review":           roles(certifier), // the supplier flags: keep the certificate
	"GET /work/overview":                           roles(regulator),
	"GET /work/audit":                              roles(regulator, admin),
	"GET /work/factor-sets":                        roles(admin),
	"POST /work/factor-sets":                       roles(admin),
	"GET /work/factor-sets/:version":               roles(admin),
	"POST /work/factor-sets/:version/preview":      roles(admin), // what an import would change; writes nothing
	"POST /work/factor-sets/:version/import":       roles(admin),
	"POST /work/factor-sets/:version/publish":      roles(admin),
	"POST /work/factor-sets/:version/flags/review": roles(admin), // a curator reviews plausibility flags (draft or published set)

	// PACT (api/pact.go): every organisation but the operator exchanges
	// footprints; a partner (a buyer abroad) does nothing else. Errors of
	// the /2 and /3 routes are in the PACT format; HTTPS only.
	"POST /auth/token":                                 public, // OAuth2 client credentials (PACT Action Authenticate)
	"GET /2/footprints":                                roles(manufacturer, certifier, regulator, partner),
	"GET /2/footprints/:id":                            roles(manufacturer, certifier, regulator, partner),
	"POST /2/events":                                   roles(manufacturer, certifier, regulator, partner),
	"GET /3/footprints":                                roles(manufacturer, certifier, regulator, partner),
	"GET /3/footprints/:id":                            roles(manufacturer, certifier, regulator, partner),
	"POST /3/events":                                   roles(manufacturer, certifier, regulator, partner),
	"GET /v1/certificates/:id/pact":                    roles(manufacturer, certifier, regulator, partner),
	"POST /v1/pact/supplier-footprints":                roles(manufacturer), // a supplier's PACT footprint, for a BOM line "pact:<id>"
	"GET /v1/pact/endpoints":                           roles(manufacturer), // its suppliers' PACT hosts (api/pactfetch.go); never a secret
	"POST /v1/pact/endpoints":                          roles(manufacturer),
	"POST /v1/pact/endpoints/:name/fetch":              roles(manufacturer), // fetch a footprint, stored as an upload
	"GET /v1/certificates/:id/pact/shares":             roles(manufacturer), // the holder's shares (api/pactshare.go)
	"POST /v1/certificates/:id/pact/shares":            roles(manufacturer),
	"DELETE /v1/certificates/:id/pact/shares/:partner": roles(manufacturer),
	"GET /v1/pact/extensions/shared-details.json":      public,              // the JSON Schema of the shared details
	"GET /v1/pact/extensions/supplier-footprints.json": public,              // the JSON Schema of the suppliers' PACT footprints extension
	"PUT /v1/certificates/:id/pact/cpc":                roles(manufacturer), // the holder declares its product's CPC code for PACT v2, once
}

// route registers a handler under the access policy of its route.
func (s *Server) route(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	a, ok := policy[method+" "+path]
	if !ok {
		panic("api: no access policy for " + method + " " + path)
	}
	if !a.public {
		m = append([]echo.MiddlewareFunc{requireRole(a.roles...)}, m...)
	}
	s.echo.Add(method, path, h, m...)
}

// Access describes who may call a route, for documentation and tests:
// public, or the roles allowed. ok is false for an unknown route.
func Access(method, path string) (isPublic bool, allowed []access.Role, ok bool) {
	a, ok := policy[method+" "+path]
	return a.public, slices.Clone(a.roles), ok
}

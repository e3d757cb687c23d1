package api

import (
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
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
	curator      = access.RoleCurator

	public = routeAccess{public: true}
)

func roles(r ...access.Role) routeAccess { return routeAccess{roles: r} }

// A route is one line of the route table: "METHOD /path", who may call it,
// its handler (a Server method, or a function of the server), and the
// middleware of its own, which runs after the role check.
type route struct {
	pattern string
	access  routeAccess
	handle  func(*Server, echo.Context) error
	use     []func(*Server) echo.MiddlewareFunc
}

func on(pattern string, a routeAccess, h func(*Server, echo.Context) error, use ...func(*Server) echo.MiddlewareFunc) route {
	return route{pattern: pattern, access: a, handle: h, use: use}
}

// apiRoutes is the table of every API route (PRODUCT.md, issue 4): the one
// place that says which handler answers what and which role may call it. A
// regulator reads everything and changes nothing, so it appears on GET
// routes only. Every API route has an operation in the OpenAPI document
// (NewServer checks).
var apiRoutes = []route{
	// Operations and documents.
	on("GET /healthz", public, (*Server).handleHealth),
	on("GET /readyz", public, (*Server).handleReady),    // checks the database; says nothing else
	on("GET /metrics", public, (*Server).handleMetrics), // route templates and counts only: no IDs, no bodies
	on("GET /v1/openapi.json", public, (*Server).handleOpenAPI),
	on("GET /v1/docs", public, (*Server).handleDocs), // the API reference page

	// Factors: published data, public to read; curated by a curator or the
	// admin (the operator, who curated alone before the curator role: kept
	// so existing deployments work). A curator does nothing else: minting
	// keys, signing keys and backups stay the admin's (separation of
	// duties, docs/integrity.md).
	on("GET /v1/factors", public, (*Server).handleFactorIndex),
	on("GET /v1/factors/:code", public, (*Server).handleFactorView),
	on("GET /v1/factor-sets", public, (*Server).handleFactorSetIndex),
	on("GET /v1/factor-sets/:version", public, (*Server).handleFactorSetView),
	on("GET /v1/factor-sets/:version/export", public, (*Server).handleFactorSetExport),
	on("POST /v1/factor-sets", roles(admin, curator), (*Server).handleFactorSetCreate),
	on("POST "+importRoute, roles(admin, curator), (*Server).handleFactorSetImport, importBodyLimit),
	on("POST /v1/factor-sets/:version/publish", roles(admin, curator), (*Server).handleFactorSetPublish),
	// Plausibility flags (issue 15): those of a published set are public
	// like the set; a draft's only to a curator or the admin (visibleSet).
	on("GET /v1/factor-sets/:version/flags", public, (*Server).handleFactorSetFlags),
	on("POST /v1/factor-sets/:version/flags/acknowledge", roles(admin, curator), (*Server).handleFactorSetAcknowledge),

	// Authentication and administration.
	on("POST /v1/auth/token", public, (*Server).handleAuthToken), // OAuth2 client credentials
	on("GET /v1/admin/organizations", roles(admin), (*Server).handleOrganizationIndex),
	on("POST /v1/admin/organizations", roles(admin), (*Server).handleOrganizationCreate),
	on("PUT /v1/admin/organizations/:name/register", roles(admin), (*Server).handleOrganizationRegister), // a certification body's signatories and scope, replaced
	on("POST /v1/admin/keys", roles(admin), (*Server).handleKeyCreate),
	on("DELETE /v1/admin/keys/:id", roles(admin), (*Server).handleKeyRevoke),
	on("POST /v1/admin/keys/:id/compromised", roles(admin), (*Server).handleKeyCompromised),      // stolen as of a time: what it did since is marked
	on("GET /v1/admin/keys/restored", roles(admin), (*Server).handleKeyRestoredIndex),            // after a restore: the keys refused until confirmed
	on("POST /v1/admin/keys/:id/confirm", roles(admin), (*Server).handleKeyConfirm),              // one of them
	on("POST /v1/admin/keys/restored/confirm", roles(admin), (*Server).handleKeyRestoredConfirm), // all of them, with reasons
	// A certification body's own keys (red team 46): the operator makes
	// keys and sees their tokens, so a body's new key waits until one of
	// the body's keys confirms it.
	on("GET /v1/org/keys", roles(certifier), (*Server).handleOrgKeyIndex),
	on("GET /v1/org/register", roles(certifier), (*Server).handleOrgRegisterView), // its own register, read-only: the operator changes it
	on("POST /v1/org/keys/:id/confirm", roles(certifier), (*Server).handleOrgKeyEndorse),
	on("POST /v1/org/keys/:id/vouch", roles(certifier), (*Server).handleOrgKeyVouch), // a recovery key, with a former key's token
	on("POST /v1/admin/signing-keys/rotate", roles(admin), (*Server).handleSigningKeyRotate),
	on("POST /v1/admin/signing-keys/:id/compromised", roles(admin), (*Server).handleSigningKeyCompromised),
	on("GET /v1/admin/backup", roles(admin), (*Server).handleBackup),
	on("GET /v1/keys", public, (*Server).handleKeys),                                                                                    // certificate-verification public keys (JWKS)
	on("GET /v1/certificates/:id/verify", public, (*Server).handleCertificateVerify, (*Server).verifyRateLimiter),                       // rate-limited, full UUID only
	on("GET /v1/certificates/by-number/:number/verify", public, (*Server).handleCertificateVerifyByNumber, (*Server).verifyRateLimiter), // rate-limited with the above, full number only

	// Products and studies: the manufacturer's own; the regulator reads.
	on("POST /v1/products", roles(manufacturer), (*Server).handleProductCreate),
	on("GET /v1/products", roles(manufacturer, regulator), (*Server).handleProductIndex),
	on("GET /v1/products/:id", roles(manufacturer, regulator), (*Server).handleProductView),
	on("POST /v1/studies", roles(manufacturer), (*Server).handleStudyCreate),
	on("POST /v1/calculations", roles(manufacturer, certifier, regulator, admin, curator), (*Server).handleCalculationCreate), // a curator previews a study on a draft set
	on("GET /v1/studies", roles(manufacturer, regulator), (*Server).handleStudyIndex),
	on("GET /v1/studies/:id", roles(manufacturer, regulator), (*Server).handleStudyView),
	on("GET /v1/studies/:id/result.csv", roles(manufacturer, regulator), (*Server).handleStudyResultCSV),
	on("GET /v1/studies/:id/result.xlsx", roles(manufacturer, regulator), (*Server).handleStudyResultXLSX),
	on("POST /v1/applications", roles(manufacturer), (*Server).handleApplicationCreate),
	on("GET /v1/applications", roles(manufacturer, certifier, regulator), (*Server).handleApplicationIndex),
	on("GET /v1/applications/:id", roles(manufacturer, certifier, regulator), (*Server).handleApplicationView),
	on("POST /v1/applications/:id/issue", roles(certifier), (*Server).handleApplicationIssue),
	on("POST /v1/applications/:id/reject", roles(certifier), (*Server).handleApplicationReject),
	on("GET /v1/certificates", roles(manufacturer, certifier, regulator), (*Server).handleCertificateIndex),
	on("GET /v1/certificates/:id", roles(manufacturer, certifier, regulator), (*Server).handleCertificateView),

	// Certificate documents and decisions.
	on("GET /v1/certificates/:id/certificate.pdf", roles(manufacturer, certifier, regulator), (*Server).handleCertificatePDF),
	on("GET /v1/certificates/:id/label.pdf", roles(manufacturer, certifier, regulator), (*Server).handleLabelPDF),
	on("GET /v1/certificates/:id/label.png", roles(manufacturer, certifier, regulator), (*Server).handleLabelPNG),
	on("POST /v1/certificates/:id/suspend", roles(certifier), handleCertificateDecision(setStatus(certification.CertificateSuspended))),
	on("POST /v1/certificates/:id/withdraw", roles(certifier), handleCertificateDecision(setStatus(certification.CertificateWithdrawn))),
	on("POST /v1/certificates/:id/reinstate", roles(certifier), handleCertificateDecision(setStatus(certification.CertificateValid))),
	on("POST /v1/certificates/:id/review", roles(certifier), handleCertificateDecision((*Server).reviewSupplierFlags)), // the supplier flags: keep the certificate
	on("POST /v1/certificates/restored/confirm", roles(certifier), (*Server).handleConfirmRestored),                    // after a restore: the caller's certificates whose status is the copy's

	// The audit trail: a curator reads that of one factor set only
	// (curatorAuditScope).
	on("GET /v1/audit", roles(regulator, admin, curator), (*Server).handleAuditIndex, curatorAuditScope),
	// The head of the chain is the whole trail's: a curator, who reads one
	// set's events, could check nothing with it.
	on("GET /v1/audit/head", roles(regulator, admin), (*Server).handleAuditHead),

	// PACT (api/pact.go): every organisation but the operator and the
	// factor curators exchanges footprints; a partner (a buyer abroad) does
	// nothing else. Errors of the /2 and /3 routes are in the PACT format;
	// HTTPS only.
	on("POST "+pactTokenRoute, public, (*Server).handleAuthToken), // OAuth2 client credentials (PACT Action Authenticate)
	on("GET /2/footprints", roles(manufacturer, certifier, regulator, partner), (*Server).handlePACTFootprintIndex),
	on("GET /2/footprints/:id", roles(manufacturer, certifier, regulator, partner), (*Server).handlePACTFootprintView),
	on("POST /2/events", roles(manufacturer, certifier, regulator, partner), (*Server).handlePACTEvent),
	on("GET /3/footprints", roles(manufacturer, certifier, regulator, partner), (*Server).handlePACTFootprintIndex),
	on("GET /3/footprints/:id", roles(manufacturer, certifier, regulator, partner), (*Server).handlePACTFootprintView),
	on("POST /3/events", roles(manufacturer, certifier, regulator, partner), (*Server).handlePACTEvent),
	on("GET /v1/certificates/:id/pact", roles(manufacturer, certifier, regulator, partner), (*Server).handleCertificatePACT),
	on("POST /v1/pact/supplier-footprints", roles(manufacturer), (*Server).handleSupplierFootprintCreate), // a supplier's PACT footprint, for a BOM line "pact:<id>"
	on("GET /v1/pact/endpoints", roles(manufacturer), (*Server).handlePACTEndpointIndex),                  // its suppliers' PACT hosts (api/pactfetch.go); never a secret
	on("POST /v1/pact/endpoints", roles(manufacturer), (*Server).handlePACTEndpointSave),
	on("POST /v1/pact/endpoints/:name/fetch", roles(manufacturer), (*Server).handlePACTFetch),       // fetch a footprint, stored as an upload
	on("GET /v1/certificates/:id/pact/shares", roles(manufacturer), (*Server).handlePACTShareIndex), // the holder's shares (api/pactshare.go)
	on("POST /v1/certificates/:id/pact/shares", roles(manufacturer), (*Server).handlePACTShareCreate),
	on("DELETE /v1/certificates/:id/pact/shares/:partner", roles(manufacturer), (*Server).handlePACTShareDelete),
	on("GET "+pact.SharedSchemaPath, public, (*Server).handlePACTSharedSchema),                   // the JSON Schema of the shared details
	on("GET "+pact.UpstreamSchemaPath, public, (*Server).handlePACTUpstreamSchema),               // the JSON Schema of the suppliers' PACT footprints extension
	on("PUT /v1/certificates/:id/pact/cpc", roles(manufacturer), (*Server).handlePACTCPCDeclare), // the holder declares its product's CPC code for PACT v2, once
}

// pageRoutes are the pages for people (api/web*.go), under the same access
// rules as the API: not in the OpenAPI document. The public pages show
// published data and public facts only.
var pageRoutes = []route{
	on("GET /", public, (*Server).handleHomePage),                // home
	on("GET /assets/:file", public, (*Server).handleAsset),       // the stylesheet, by its content hash
	on("GET /factors", public, (*Server).handleFactorsPage),      // factor search (published sets; drafts for curators and the admin, as GET /v1/factors)
	on("GET /factors.csv", public, (*Server).handleFactorsCSV),   // the CSV of a search's whole result list
	on("GET /factors/:code", public, (*Server).handleFactorPage), // one factor and its history across sets
	on("GET /factor-sets", public, (*Server).handleFactorSetsPage),
	on("GET /factor-sets/diff", public, (*Server).handleFactorDiffPage),                                   // what changed between two sets
	on("GET /certificates", public, (*Server).handleCertificatesPage, (*Server).verifyRateLimiter),        // the registry: public facts only, by number; rate-limited as the verify routes
	on("GET /certificates/:number", public, (*Server).handleCertificatePage, (*Server).verifyRateLimiter), // the verification page of one certificate; rate-limited

	// Signed-in pages (api/webwork*.go): a session cookie instead of a
	// bearer token, the same roles as the API twin of each page; every
	// POST checks the session's CSRF token.
	on("GET /sign-in", public, (*Server).handleSignInPage),
	on("POST /sign-in", public, (*Server).handleSignIn),   // an API key for a session cookie
	on("POST /sign-out", public, (*Server).handleSignOut), // ends the caller's session, if any
	on("GET /work", roles(manufacturer, certifier, regulator, admin, curator), (*Server).handleWorkHome),
	on("GET /work/studies", roles(manufacturer, regulator), (*Server).handleWorkStudies),
	on("POST /work/studies", roles(manufacturer), (*Server).handleWorkStudyUpload),
	on("GET /work/studies/:id", roles(manufacturer, regulator), (*Server).handleWorkStudy),
	on("POST /work/applications", roles(manufacturer), (*Server).handleWorkApply),
	on("GET /work/applications", roles(manufacturer, certifier, regulator), (*Server).handleWorkApplications),
	on("GET /work/applications/:id", roles(manufacturer, certifier, regulator), (*Server).handleWorkApplication),
	on("POST /work/applications/:id/issue", roles(certifier), (*Server).handleWorkIssue),
	on("POST /work/applications/:id/reject", roles(certifier), (*Server).handleWorkReject),
	on("GET /work/certificates", roles(manufacturer, certifier, regulator), (*Server).handleWorkCertificates),
	on("GET /work/certificates/:id", roles(manufacturer, certifier, regulator), (*Server).handleWorkCertificate),
	on("GET /work/certificates/:id/certificate.pdf", roles(manufacturer, certifier, regulator), (*Server).handleCertificatePDF),
	on("GET /work/certificates/:id/label.pdf", roles(manufacturer, certifier, regulator), (*Server).handleLabelPDF),
	on("POST /work/certificates/:id/suspend", roles(certifier), handleWorkCertificateDecision("suspend", setStatus(certification.CertificateSuspended))),
	on("POST /work/certificates/:id/withdraw", roles(certifier), handleWorkCertificateDecision("withdraw", setStatus(certification.CertificateWithdrawn))),
	on("POST /work/certificates/:id/reinstate", roles(certifier), handleWorkCertificateDecision("reinstate", setStatus(certification.CertificateValid))),
	on("POST /work/certificates/:id/review", roles(certifier), handleWorkCertificateDecision("review", (*Server).reviewSupplierFlags)), // the supplier flags: keep the certificate
	on("GET /work/keys", roles(certifier), (*Server).handleWorkKeys),                                                                   // a certification body's keys (red team 46)
	on("POST /work/keys/:id/confirm", roles(certifier), (*Server).handleWorkKeyConfirm),                                                // confirm a waiting key
	on("POST /work/keys/:id/vouch", roles(certifier), (*Server).handleWorkKeyVouch),                                                    // vouch for a recovery key
	on("GET /work/overview", roles(regulator), (*Server).handleWorkOverview),
	on("GET /work/audit", roles(regulator, admin, curator), (*Server).handleWorkAudit, curatorAuditScope),
	on("GET /work/factor-sets", roles(admin, curator), (*Server).handleWorkFactorSets),
	on("POST /work/factor-sets", roles(admin, curator), (*Server).handleWorkFactorSetCreate),
	on("GET /work/factor-sets/:version", roles(admin, curator), (*Server).handleWorkFactorSet),
	on("POST /work/factor-sets/:version/preview", roles(admin, curator), (*Server).handleWorkImportPreview), // what an import would change; writes nothing
	on("POST /work/factor-sets/:version/import", roles(admin, curator), (*Server).handleWorkImport),
	on("POST /work/factor-sets/:version/publish", roles(admin, curator), (*Server).handleWorkPublish),
	on("POST /work/factor-sets/:version/flags/review", roles(admin, curator), (*Server).handleWorkReviewFlags), // a curator reviews plausibility flags (draft or published set)
}

// curatorAuditScope lets a curator read the audit trail of one factor set
// only, GET /v1/audit?subject=factor-set/<version> (and the page): who
// created, imported, reviewed and published it, which the four-eyes rule
// of flag reviews names. The rest of the trail is the operator's and the
// regulator's: keys created and for whom, organisations, certificate
// decisions and their reasons, backups, PACT shares; a curator needs none
// of it, and a key's creation is where separation of duties is audited.
func curatorAuditScope(*Server) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if p := principal(c); p != nil && p.Role == access.RoleCurator && !strings.HasPrefix(c.QueryParam("subject"), "factor-set/") {
				return footprint.FieldErrorf(footprint.EFORBIDDEN, "subject", "a curator reads the audit trail of factor sets only: subject=factor-set/<version>")
			}
			return next(c)
		}
	}
}

// policy is the access rule of every route, by "METHOD path", from the
// tables above. init fills it: the tables refer to the handlers, one of
// which (the OpenAPI document) refers back to it through Access.
var policy = map[string]routeAccess{}

func init() {
	for _, r := range slices.Concat(apiRoutes, pageRoutes) {
		if _, dup := policy[r.pattern]; dup {
			panic("api: route " + r.pattern + " listed twice")
		}
		policy[r.pattern] = r.access
	}
}

// registerRoutes registers every route of the tables, each behind its
// access rule.
func (s *Server) registerRoutes() {
	for _, r := range apiRoutes {
		s.register(r)
	}
	for _, r := range pageRoutes {
		s.pages[r.pattern] = true
		s.register(r)
	}
}

func (s *Server) register(r route) {
	var m []echo.MiddlewareFunc
	if !r.access.public {
		m = append(m, requireRole(r.access.roles...))
	}
	// Who is asking comes before what is asked: a caller without
	// credentials gets 401, and one without the role 403, whatever the
	// query says.
	m = append(m, s.checkQuery, checkContentEncoding, checkNoBody)
	for _, use := range r.use {
		m = append(m, use(s))
	}
	method, path, _ := strings.Cut(r.pattern, " ")
	s.echo.Add(method, path, func(c echo.Context) error { return r.handle(s, c) }, m...)
}

// Access describes who may call a route, for documentation and tests:
// public, or the roles allowed. ok is false for an unknown route.
func Access(method, path string) (isPublic bool, allowed []access.Role, ok bool) {
	a, ok := policy[method+" "+path]
	return a.public, slices.Clone(a.roles), ok
}

package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// fakeRenderer stands in for labels.Renderer: it "renders" the certificate
// number, so downloads can be checked without fonts.
type fakeRenderer struct{}

func (fakeRenderer) RenderCertificatePDF(_ context.Context, sc *certification.SignedCertificate, status certification.CertificateStatus, verifyURL string) ([]byte, error) {
	return []byte("%PDF-fake certificate " + sc.Certificate.Number + " " + string(status) + " " + verifyURL), nil
}

func (fakeRenderer) RenderLabelPDF(_ context.Context, sc *certification.SignedCertificate, verifyURL string) ([]byte, error) {
	return []byte("%PDF-fake label " + sc.Certificate.Number + " " + verifyURL), nil
}

func (fakeRenderer) RenderLabelPNG(_ context.Context, sc *certification.SignedCertificate, verifyURL string) ([]byte, error) {
	return []byte("\x89PNG fake label " + sc.Certificate.Number), nil
}

// matrixRow is one route of the role matrix: how to call it, and the status
// each role gets. Roles not in want get 401 (anonymous) or 403 (any other
// role). The expectations are written out here, independently of the
// server's policy table, so a wrong policy entry fails the test.
type matrixRow struct {
	route       string // "METHOD /path" as registered
	target      string // with placeholders {product} {study} {free-study} {app} {cert} {draft} {new-set}
	contentType string
	body        func(tb testing.TB, st *stack, fx fixture) []byte
	want        map[string]int
	pact        bool // a PACT route: errors in the PACT format, for its version
}

func all(status int) map[string]int {
	m := map[string]int{}
	for _, r := range matrixRoles {
		m[r] = status
	}
	return m
}

func jsonOf(s string) func(testing.TB, *stack, fixture) []byte {
	return func(testing.TB, *stack, fixture) []byte { return []byte(s) }
}

var matrix = []matrixRow{
	{route: "GET /healthz", target: "/healthz", want: all(200)},
	{route: "GET /readyz", target: "/readyz", want: all(200)},
	{route: "GET /metrics", target: "/metrics", want: all(200)},
	{route: "GET /v1/openapi.json", target: "/v1/openapi.json", want: all(200)},
	{route: "GET /v1/docs", target: "/v1/docs", want: all(200)},

	{route: "GET /v1/factors", target: "/v1/factors?product_code=8541", want: all(200)},
	{route: "GET /v1/factors/:code", target: "/v1/factors/ELEC-CN-NAT-CF-2024", want: all(200)},
	{route: "GET /v1/factor-sets", target: "/v1/factor-sets", want: all(200)},
	{route: "GET /v1/factor-sets/:version", target: "/v1/factor-sets/2026.1", want: all(200)},
	{route: "GET /v1/factor-sets/:version/export", target: "/v1/factor-sets/2026.1/export", want: all(200)},
	{route: "POST /v1/factor-sets", target: "/v1/factor-sets", contentType: "application/json",
		body: func(_ testing.TB, _ *stack, fx fixture) []byte {
			return []byte(`{"version":"` + fx.draftSet + `x","based_on":"2026.1"}`)
		},
		want: map[string]int{asAdmin: 201, asCurator: 201}},
	{route: "POST /v1/factor-sets/:version/import", target: "/v1/factor-sets/{draft}/import", contentType: "text/csv",
		body: oneFactorCSV, want: map[string]int{asAdmin: 200, asCurator: 200}},
	{route: "POST /v1/factor-sets/:version/publish", target: "/v1/factor-sets/{draft}/publish", want: map[string]int{asAdmin: 200, asCurator: 200}},
	{route: "GET /v1/factor-sets/:version/flags", target: "/v1/factor-sets/2026.1/flags", want: all(200)},
	{route: "POST /v1/factor-sets/:version/flags/acknowledge", target: "/v1/factor-sets/{draft}/flags/acknowledge", contentType: "application/json",
		body: ackFlaggedBody, want: map[string]int{asAdmin: 200, asCurator: 200}},

	{route: "POST /v1/auth/token", target: "/v1/auth/token", contentType: "application/x-www-form-urlencoded",
		body: func(_ testing.TB, st *stack, _ fixture) []byte {
			return []byte(url.Values{"grant_type": {"client_credentials"}, "client_id": {strings.Split(st.tokens[asMaker], "_")[1]}, "client_secret": {st.tokens[asMaker]}}.Encode())
		}, want: all(200)},
	{route: "GET /v1/admin/organizations", target: "/v1/admin/organizations", want: map[string]int{asAdmin: 200}},
	{route: "POST /v1/admin/organizations", target: "/v1/admin/organizations", contentType: "application/json",
		body: jsonOf(`{"name":"New Org","role":"manufacturer"}`), want: map[string]int{asAdmin: 201}},
	// A certification body's register, replaced by the operator.
	{route: "PUT /v1/admin/organizations/:name/register", target: "/v1/admin/organizations/" + url.PathEscape(orgCertifier) + "/register", contentType: "application/json",
		body: jsonOf(`{"signatories":["Zhang San"],"scope":["pv-module"]}`), want: map[string]int{asAdmin: 200}},
	{route: "POST /v1/admin/keys", target: "/v1/admin/keys", contentType: "application/json",
		body: jsonOf(`{"org":"` + orgMaker + `"}`), want: map[string]int{asAdmin: 201}},
	{route: "DELETE /v1/admin/keys/:id", target: "/v1/admin/keys/{key2}", want: map[string]int{asAdmin: 204}},
	{route: "POST /v1/admin/keys/:id/compromised", target: "/v1/admin/keys/{key2}/compromised", contentType: "application/json",
		body: jsonOf(`{"since":"2026-03-01T00:00:00Z"}`), want: map[string]int{asAdmin: 200}},
	// A database never restored: no key to confirm, each answer empty.
	{route: "GET /v1/admin/keys/restored", target: "/v1/admin/keys/restored", want: map[string]int{asAdmin: 200}},
	{route: "POST /v1/admin/keys/:id/confirm", target: "/v1/admin/keys/{key2}/confirm", want: map[string]int{asAdmin: 200}},
	{route: "POST /v1/admin/keys/restored/confirm", target: "/v1/admin/keys/restored/confirm", contentType: "application/json",
		body: jsonOf(`{"reasons":["checked"]}`), want: map[string]int{asAdmin: 200}},
	// A certification body's own keys: its certifier key confirms one of
	// its own (answered as it is when it does not wait), another body's
	// is 404.
	{route: "GET /v1/org/keys", target: "/v1/org/keys", want: map[string]int{asCert: 200, asCert2: 200}},
	{route: "GET /v1/org/register", target: "/v1/org/register", want: map[string]int{asCert: 200, asCert2: 200}},
	{route: "POST /v1/org/keys/:id/confirm", target: "/v1/org/keys/{certkey}/confirm", want: map[string]int{asCert: 200, asCert2: 404}},
	// A recovery key is vouched for with a former key's token; the
	// body's own key is no recovery key (400), another body's is 404.
	{route: "POST /v1/org/keys/:id/vouch", target: "/v1/org/keys/{certkey}/vouch", contentType: "application/json",
		body: jsonOf(`{"former_token":"pcf_0000000000000000_x"}`), want: map[string]int{asCert: 400, asCert2: 404}},
	{route: "POST /v1/admin/signing-keys/rotate", target: "/v1/admin/signing-keys/rotate", want: map[string]int{asAdmin: 201}},
	{route: "POST /v1/admin/signing-keys/:id/compromised", target: "/v1/admin/signing-keys/0000000000000000/compromised", want: map[string]int{asAdmin: 404}},
	{route: "GET /v1/admin/backup", target: "/v1/admin/backup", want: map[string]int{asAdmin: 200}},
	{route: "GET /v1/keys", target: "/v1/keys", want: all(200)},
	{route: "GET /v1/certificates/:id/verify", target: "/v1/certificates/{cert}/verify", want: all(200)},
	{route: "GET /v1/certificates/by-number/:number/verify", target: "/v1/certificates/by-number/{number}/verify", want: all(200)},

	{route: "POST /v1/products", target: "/v1/products", contentType: "application/json",
		body: jsonOf(`{"name":"Another module","model":"X-1","product_codes":["HS:854143"]}`), want: map[string]int{asMaker: 201, asOther: 201}},
	{route: "GET /v1/products", target: "/v1/products", want: map[string]int{asMaker: 200, asOther: 200, asReg: 200}},
	{route: "GET /v1/products/:id", target: "/v1/products/{product}", want: map[string]int{asMaker: 200, asOther: 404, asReg: 200}},

	{route: "POST /v1/studies", target: "/v1/studies", contentType: "application/json",
		body: func(tb testing.TB, _ *stack, _ fixture) []byte { return pvStudy(tb, "GEC-MATRIX-NEW") },
		want: map[string]int{asMaker: 201, asOther: 201}},
	{route: "POST /v1/calculations", target: "/v1/calculations", contentType: "application/json",
		body: func(tb testing.TB, _ *stack, _ fixture) []byte { return pvStudy(tb, "GEC-MATRIX-CALC") },
		want: map[string]int{asMaker: 200, asOther: 200, asCert: 200, asCert2: 200, asReg: 200, asAdmin: 200, asCurator: 200}},
	{route: "GET /v1/studies", target: "/v1/studies", want: map[string]int{asMaker: 200, asOther: 200, asReg: 200}},
	{route: "GET /v1/studies/:id", target: "/v1/studies/{study}", want: map[string]int{asMaker: 200, asOther: 404, asReg: 200}},
	{route: "GET /v1/studies/:id/result.csv", target: "/v1/studies/{study}/result.csv", want: map[string]int{asMaker: 200, asOther: 404, asReg: 200}},
	{route: "GET /v1/studies/:id/result.xlsx", target: "/v1/studies/{study}/result.xlsx", want: map[string]int{asMaker: 200, asOther: 404, asReg: 200}},

	{route: "POST /v1/applications", target: "/v1/applications", contentType: "application/json",
		body: func(_ testing.TB, _ *stack, fx fixture) []byte {
			return []byte(`{"study_id":"` + fx.issuedStudy + `","certifier":"` + orgCertifier + `","supersedes":"` + fx.cert + `"}`)
		}, want: map[string]int{asMaker: 201, asOther: 404}},
	{route: "GET /v1/applications", target: "/v1/applications", want: map[string]int{asMaker: 200, asOther: 200, asCert: 200, asCert2: 200, asReg: 200}},
	{route: "GET /v1/applications/:id", target: "/v1/applications/{app}", want: map[string]int{asMaker: 200, asOther: 404, asCert: 200, asCert2: 404, asReg: 200}},
	{route: "POST /v1/applications/:id/issue", target: "/v1/applications/{app}/issue", contentType: "application/json",
		body: func(tb testing.TB, st *stack, fx fixture) []byte { return st.issueReq(tb, fx.app, "").body }, want: map[string]int{asCert: 201, asCert2: 404}},
	{route: "POST /v1/applications/:id/reject", target: "/v1/applications/{app}/reject", contentType: "application/json",
		body: jsonOf(`{"reasons":["primary data for the cells are missing"]}`), want: map[string]int{asCert: 200, asCert2: 404}},

	{route: "GET /v1/certificates", target: "/v1/certificates", want: map[string]int{asMaker: 200, asOther: 200, asCert: 200, asCert2: 200, asReg: 200}},
	{route: "GET /v1/certificates/:id", target: "/v1/certificates/{cert}", want: map[string]int{asMaker: 200, asOther: 404, asCert: 200, asCert2: 404, asReg: 200}},
	{route: "GET /v1/certificates/:id/certificate.pdf", target: "/v1/certificates/{cert}/certificate.pdf", want: map[string]int{asMaker: 200, asOther: 404, asCert: 200, asCert2: 404, asReg: 200}},
	{route: "GET /v1/certificates/:id/label.pdf", target: "/v1/certificates/{cert}/label.pdf", want: map[string]int{asMaker: 200, asOther: 404, asCert: 200, asCert2: 404, asReg: 200}},
	{route: "GET /v1/certificates/:id/label.png", target: "/v1/certificates/{cert}/label.png", want: map[string]int{asMaker: 200, asOther: 404, asCert: 200, asCert2: 404, asReg: 200}},
	{route: "POST /v1/certificates/:id/suspend", target: "/v1/certificates/{cert}/suspend", contentType: "application/json",
		body: jsonOf(`{"reasons":["surveillance audit pending"]}`), want: map[string]int{asCert: 200, asCert2: 404}},
	{route: "POST /v1/certificates/:id/withdraw", target: "/v1/certificates/{cert}/withdraw", contentType: "application/json",
		body: jsonOf(`{"reasons":["product discontinued"]}`), want: map[string]int{asCert: 200, asCert2: 404}},
	// Reinstating a valid certificate is not a transition: authorised, then 409.
	{route: "POST /v1/certificates/:id/reinstate", target: "/v1/certificates/{cert}/reinstate", contentType: "application/json",
		body: jsonOf(`{"reasons":["audit passed"]}`), want: map[string]int{asCert: 409, asCert2: 404}},
	// A certificate without supplier flags has nothing to review: authorised, then 409.
	{route: "POST /v1/certificates/:id/review", target: "/v1/certificates/{cert}/review", contentType: "application/json",
		body: jsonOf(`{"reasons":["checked"]}`), want: map[string]int{asCert: 409, asCert2: 404}},
	{route: "POST /v1/certificates/restored/confirm", target: "/v1/certificates/restored/confirm", contentType: "application/json",
		body: jsonOf(`{"reasons":["checked"]}`), want: map[string]int{asCert: 200, asCert2: 200}},

	// A curator reads the trail of a factor set only (subject=factor-set/…,
	// TestCurator_AuditOfFactorSetsOnly): the whole trail is 403.
	{route: "GET /v1/audit", target: "/v1/audit", want: map[string]int{asReg: 200, asAdmin: 200}},
	// The chain's head is the whole trail's: not a curator's.
	{route: "GET /v1/audit/head", target: "/v1/audit/head", want: map[string]int{asReg: 200, asAdmin: 200}},

	// PACT: HTTPS only (an https target gives the request TLS); every
	// organisation but the operator; a missing token is 400 in v2 and 401
	// in v3. The demo certificate names no CPC code, so it has no v2 form:
	// authorised, then 404.
	{route: "POST /auth/token", target: "https://pcf.test/auth/token", contentType: "application/x-www-form-urlencoded",
		body: func(_ testing.TB, st *stack, _ fixture) []byte {
			return []byte(url.Values{"grant_type": {"client_credentials"}, "client_id": {strings.Split(st.tokens[asMaker], "_")[1]}, "client_secret": {st.tokens[asMaker]}}.Encode())
		}, want: all(200)},
	{route: "GET /2/footprints", target: "https://pcf.test/2/footprints", pact: true, want: pactRoles(200, 400)},
	{route: "GET /2/footprints/:id", target: "https://pcf.test/2/footprints/{cert}", pact: true, want: pactRoles(404, 400)},
	{route: "POST /2/events", target: "https://pcf.test/2/events", contentType: "application/cloudevents+json; charset=UTF-8", pact: true,
		body: jsonOf(`{"type":"org.wbcsd.pathfinder.ProductFootprint.Published.v1","specversion":"1.0","id":"1","source":"//buyer.test","time":"2026-03-02T08:00:00Z","data":{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}}`),
		want: pactRoles(200, 400)},
	{route: "GET /3/footprints", target: "https://pcf.test/3/footprints", pact: true, want: pactRoles(200, 401)},
	{route: "GET /3/footprints/:id", target: "https://pcf.test/3/footprints/{cert}", pact: true, want: pactRoles(200, 401)},
	{route: "POST /3/events", target: "https://pcf.test/3/events", contentType: "application/cloudevents+json; charset=UTF-8", pact: true,
		body: jsonOf(`{"type":"org.wbcsd.pact.ProductFootprint.PublishedEvent.3","specversion":"1.0","id":"1","source":"//buyer.test","time":"2026-03-02T08:00:00Z","data":{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}}`),
		want: pactRoles(200, 401)},
	{route: "GET /v1/certificates/:id/pact", target: "/v1/certificates/{cert}/pact?version=3", want: map[string]int{asMaker: 200, asOther: 200, asCert: 200, asCert2: 200, asReg: 200}},
	{route: "POST /v1/pact/supplier-footprints", target: "/v1/pact/supplier-footprints", contentType: "application/json",
		body: func(testing.TB, *stack, fixture) []byte {
			return supplierDoc(supplierID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
		}, want: map[string]int{asMaker: 201, asOther: 201}},
	// Sharing: the holder only (others get 404, as for any record not
	// theirs); the schema of the shared details is public.
	{route: "GET /v1/certificates/:id/pact/shares", target: "/v1/certificates/{cert}/pact/shares", want: map[string]int{asMaker: 200, asOther: 404}},
	{route: "POST /v1/certificates/:id/pact/shares", target: "/v1/certificates/{cert}/pact/shares", contentType: "application/json",
		body: jsonOf(`{"partner":"` + orgMaker2 + `"}`), want: map[string]int{asMaker: 201, asOther: 404}},
	{route: "DELETE /v1/certificates/:id/pact/shares/:partner", target: "/v1/certificates/{cert}/pact/shares/" + url.PathEscape(orgMaker2),
		body: func(tb testing.TB, st *stack, fx fixture) []byte {
			MustData[any](tb, st.do(tb, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/pact/shares", as: asMaker,
				contentType: "application/json", body: []byte(`{"partner":"` + orgMaker2 + `"}`)}), 201)
			return nil
		}, want: map[string]int{asMaker: 204, asOther: 404}},
	{route: "PUT /v1/certificates/:id/pact/cpc", target: "/v1/certificates/{cert}/pact/cpc", contentType: "application/json",
		body: jsonOf(`{"cpc":"46"}`), want: map[string]int{asMaker: 201, asOther: 404}},
	{route: "GET /v1/pact/extensions/shared-details.json", target: "/v1/pact/extensions/shared-details.json", want: all(200)},
	{route: "GET /v1/pact/extensions/supplier-footprints.json", target: "/v1/pact/extensions/supplier-footprints.json", want: all(200)},
	// Supplier endpoints: a manufacturer's own. The fetch row registers an
	// endpoint of the maker's on an allow-listed test host first, so the
	// other manufacturer has none of that name (404).
	{route: "GET /v1/pact/endpoints", target: "/v1/pact/endpoints", want: map[string]int{asMaker: 200, asOther: 200}},
	{route: "POST /v1/pact/endpoints", target: "/v1/pact/endpoints", contentType: "application/json",
		body: func(_ testing.TB, st *stack, _ fixture) []byte {
			st.srv.PACT.Suppliers = []api.PACTHost{{URL: "https://supplier.test"}}
			return []byte(`{"name":"supplier","url":"https://supplier.test","client_id":"maker","client_secret":"s3cret"}`)
		}, want: map[string]int{asMaker: 201, asOther: 201}},
	{route: "POST /v1/pact/endpoints/:name/fetch", target: "/v1/pact/endpoints/supplier/fetch", contentType: "application/json",
		body: func(tb testing.TB, st *stack, _ fixture) []byte {
			sup := newSupplierHost(tb, supplierDoc(supplierID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
			st.registerSupplier(tb, sup, "supplier", sup.URL)
			return []byte(`{"id":"` + supplierID + `"}`)
		}, want: map[string]int{asMaker: 201, asOther: 404}},
}

// pactRoles is the expectation of a PACT route: status ok for every
// organisation but the operator and curators (403), anon for no token.
func pactRoles(ok, anon int) map[string]int {
	return map[string]int{asAnon: anon, asMaker: ok, asOther: ok, asCert: ok, asCert2: ok, asReg: ok}
}

// oneFactorCSV is a factor file holding one seed factor, as exported.
func oneFactorCSV(tb testing.TB, st *stack, _ fixture) []byte {
	tb.Helper()
	f, err := st.srv.FactorService.FindFactorByCode(context.Background(), "2026.1", "ELEC-CN-NAT-CF-2024")
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if err := tabular.WriteFactorsCSV(&b, []*footprint.Factor{f}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// Ensure every role, anonymous included, gets the expected status on every
// route, including a manufacturer reaching for another's study by ID (404,
// not 403), a certifier for another's application or certificate, a
// regulator on every write (403), and a curator on every route but the
// curation of factor sets and previews (403: no keys, organisations,
// signing keys, backups, studies or certificates).
func TestServer_RoleMatrix(t *testing.T) {
	n, ran := 0, 0
	for _, row := range matrix {
		for _, role := range matrixRoles {
			want, ok := row.want[role]
			if !ok {
				want = 403
				if role == asAnon {
					want = 401
				}
			}
			n++
			t.Run(row.route+"/"+role, func(t *testing.T) {
				ran++
				st, fx := fixtureStack(t, fmt.Sprintf("m%d", n))
				target := row.url(st, fx)
				var body []byte
				if row.body != nil {
					body = row.body(t, st, fx)
				}
				method, _, _ := strings.Cut(row.route, " ")
				before := st.certs.auditCount()
				rec := st.do(t, request{method: method, target: target, as: role, contentType: row.contentType, body: body})
				if rec.Code != want {
					t.Fatalf("%s as %s: status=%d, want %d: %s", target, role, rec.Code, want, rec.Body)
				}
				if want >= 400 && row.pact {
					MustPACTError(t, rec, want, map[int]string{400: "BadRequest", 401: "BadRequest", 403: "AccessDenied", 404: "NoSuchFootprint"}[want])
				} else if want >= 400 {
					MustError(t, rec, want, map[int]string{400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict"}[want])
					// A refused request changes nothing.
					if got := st.certs.auditCount(); got != before {
						t.Fatalf("audit events %d → %d after a refused request", before, got)
					}
				}
			})
		}
	}
	if ran == n && !t.Failed() {
		roleMatrixPassed.Store(true)
	}
}

// roleMatrixPassed is set once every cell of the role matrix has run in
// this process and passed: its traffic is in openAPITraffic, and
// TestOpenAPI_RealTrafficCoverage need not run it again.
var roleMatrixPassed atomic.Bool

// url is the row's target with the fixture's IDs in place of its
// placeholders.
func (row matrixRow) url(st *stack, fx fixture) string {
	return strings.NewReplacer("{product}", fx.product, "{study}", fx.study, "{app}", fx.app,
		"{cert}", fx.cert, "{number}", fx.number, "{draft}", fx.draftSet, "{key2}", strings.Split(st.tokens[asOther], "_")[1],
		"{certkey}", strings.Split(st.tokens[asCert], "_")[1]).Replace(row.target)
}

// Ensure authentication comes before the query's check on every
// authenticated GET route: with a query parameter the route does not take,
// or one that does not decode, a caller without a token gets 401 and a
// caller without the role 403, never the 400 that would tell them about
// the route. (PACT v2 routes answer a missing token with 400 by their
// specification, and are left out.)
func TestServer_AuthBeforeQuery(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "q1")
	n := 0
	for _, row := range matrix {
		if !strings.HasPrefix(row.route, "GET ") {
			continue
		}
		if anon, ok := row.want[asAnon]; ok && anon != 401 {
			continue // public, or a PACT v2 route
		}
		want := map[string]int{asAnon: 401}
		for _, role := range matrixRoles {
			if _, ok := row.want[role]; !ok && role != asAnon {
				want[role] = 403 // a role the route refuses
				break
			}
		}
		target := row.url(st, fx)
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		for _, query := range []string{"bogus=1", "%ZZ=1", "cursor=%ZZ"} {
			for role, status := range want {
				n++
				rec := st.do(t, request{method: "GET", target: target + sep + query, as: role})
				if rec.Code != status {
					t.Errorf("%s?%s as %s: status=%d, want %d: %s", row.route, query, role, rec.Code, status, rec.Body)
				} else if !row.pact {
					MustError(t, rec, status, map[int]string{401: "unauthorized", 403: "forbidden"}[status])
				}
			}
		}
	}
	if n < 40 {
		t.Fatalf("only %d requests: the matrix lost its authenticated GET routes", n)
	}
}

// Ensure the matrix covers every registered route, so a new route cannot
// escape it.
func TestServer_RoleMatrixCoversRoutes(t *testing.T) {
	var rows []string
	for _, r := range matrix {
		rows = append(rows, r.route)
	}
	slices.Sort(rows)
	got := newStack(t, nil).srv.Routes()
	if !slices.Equal(rows, got) {
		t.Fatalf("matrix routes differ from the server's:\nmatrix: %v\nserver: %v", diffList(rows, got), diffList(got, rows))
	}
}

// diffList returns the entries of a missing from b.
func diffList(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// Ensure a record the caller may not see answers as an absent one does,
// byte for byte but for the ID, in both languages: the hidden study,
// product, application and certificate said "未找到 study …" in their
// Chinese while an absent ID said "研究 … 不存在", which told an outsider
// that the ID it guessed exists.
func TestServer_HiddenRecordReadsAsAbsent(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	const absent = "0f0e0d0c-0b0a-4908-8706-050403020100"
	for _, c := range []struct{ as, method, prefix, id, suffix string }{
		{asOther, "GET", "/v1/studies/", fx.study, ""}, {asOther, "GET", "/v1/products/", fx.product, ""},
		{asOther, "GET", "/v1/applications/", fx.app, ""}, {asOther, "GET", "/v1/certificates/", fx.cert, ""},
		{asCert2, "POST", "/v1/certificates/", fx.cert, "/suspend"}, // a certificate another body issued
	} {
		r := request{method: c.method, as: c.as, contentType: "application/json", body: []byte(`{"reasons":["test"]}`)}
		if c.method == "GET" {
			r.contentType, r.body = "", nil
		}
		r.target = c.prefix + c.id + c.suffix
		hidden := st.do(t, r)
		r.target = c.prefix + absent + c.suffix
		missing := st.do(t, r)
		MustError(t, hidden, 404, "not_found")
		MustError(t, missing, 404, "not_found")
		if h, m := strings.ReplaceAll(hidden.Body.String(), c.id, "ID"), strings.ReplaceAll(missing.Body.String(), absent, "ID"); h != m {
			t.Errorf("%s %s%s as %s: another company's record answers\n%s\nan absent one\n%s", c.method, c.prefix, c.suffix, c.as, h, m)
		}
	}
}

// Ensure a refusal for the caller's role names the role in Chinese in the
// Chinese half: it read "角色 manufacturer 无权执行此操作" (rt65).
func TestServer_ForbiddenNamesTheRoleInBothLanguages(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	rec := st.do(t, request{method: "GET", target: "/v1/audit", as: asMaker})
	MustError(t, rec, 403, "forbidden")
	if body := rec.Body.String(); !strings.Contains(body, "角色 制造商 无权执行此操作。role manufacturer may not do this") {
		t.Errorf("403 of a manufacturer: %s", body)
	}
}

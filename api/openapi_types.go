package api

import (
	"reflect"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// opTypes names, for each operation of the operations table (keyed
// "METHOD path"), the Go types its handler decodes and encodes. The schemas
// of the document are reflected from these types (openapi_schema.go), and
// the tests validate every request and answer the api tests make against
// the document (openapi_validate_test.go), so a type named here that the
// handler does not really send fails a test.
//
// It is kept apart from the operations table so that the table stays one
// line per route.
type opType struct {
	req  any // JSON request body (a value of the type); nil: no JSON body or described by reqSchema
	data any // the "data" of a {"data": …} answer; nil: not enveloped
	meta any // the "meta" of the answer, if any
	bare any // an answer that is not enveloped (healthz)

	reqSchema  map[string]any // a JSON request body not described by a Go type
	dataSchema map[string]any // a "data" not described by a Go type
	pact       bool           // a PACT route: PACT schemas and error format, not validated here
}

// reasonsRequest is the body of the decisions with reasons (bindReasons).
type reasonsRequest struct {
	Reasons []string `json:"reasons" doc:"One or more reasons, each non-empty"`
}

// factorExportMeta is the meta of a JSON factor-set export.
type factorExportMeta struct {
	Set   string `json:"set"`
	Count int    `json:"count"`
}

// supplierFootprintRequest stands for a PACT ProductFootprint document.
var pactFootprintSchema = map[string]any{
	"type":        "object",
	"description": "A PACT ProductFootprint (Technical Specifications v2.3 or v3.0): see https://docs.carbon-transparency.org/ and the PACT OpenAPI documents in shared/reference/pact-spec.",
	"externalDocs": map[string]any{
		"url": "https://docs.carbon-transparency.org/",
	},
}

// rawFields describes json.RawMessage fields of answer types: by struct
// type and JSON name, the type whose JSON form the bytes are. The study
// document of a study answer is the document as the partner sent it (or
// MarshalStudyJSON's encoding of it), so it is described as the request body
// is, no member required; the result is CanonicalJSON, which writes what
// encoding/json writes for the result's wire form.
var rawFields = map[reflect.Type]map[string]rawField{
	reflect.TypeFor[studyJSON](): {
		"study":  {v: footprint.StudyDocumentWire(), input: true},
		"result": {v: footprint.ResultDocumentWire()},
	},
}

var opTypes = map[string]opType{
	"GET /healthz":                                    {bare: healthResponse{}},
	"GET /readyz":                                     {bare: healthResponse{}},
	"GET /metrics":                                    {},
	"GET /v1/openapi.json":                            {bare: map[string]any{}},
	"GET /v1/docs":                                    {},
	"GET /v1/factors":                                 {data: []FactorJSON{}, meta: factorPageMeta{}},
	"GET /v1/factors/:code":                           {data: FactorJSON{}},
	"GET /v1/factor-sets":                             {data: []FactorSetJSON{}},
	"GET /v1/factor-sets/:version":                    {data: FactorSetJSON{}},
	"GET /v1/factor-sets/:version/export":             {data: []FactorJSON{}, meta: factorExportMeta{}},
	"POST /v1/factor-sets":                            {req: factorSetCreateRequest{}, data: FactorSetJSON{}},
	"POST /v1/factor-sets/:version/import":            {data: importSummaryJSON{}},
	"POST /v1/factor-sets/:version/publish":           {data: FactorSetJSON{}},
	"GET /v1/factor-sets/:version/flags":              {data: []FactorFlagJSON{}, meta: factorFlagsMeta{}},
	"POST /v1/factor-sets/:version/flags/acknowledge": {req: flagAcknowledgeRequest{}, data: []FactorFlagJSON{}, meta: factorFlagsMeta{}},

	"POST /v1/auth/token":                         {bare: tokenResponse{}},
	"GET /v1/admin/organizations":                 {data: []access.Organization{}},
	"POST /v1/admin/organizations":                {req: organizationRequest{}, data: access.Organization{}},
	"PUT /v1/admin/organizations/:name/register":  {req: registerRequest{}, data: access.Organization{}},
	"POST /v1/admin/keys":                         {req: keyRequest{}, data: keyResponse{}},
	"DELETE /v1/admin/keys/:id":                   {},
	"GET /v1/admin/keys/restored":                 {data: []*access.APIKey{}},
	"POST /v1/admin/keys/:id/confirm":             {data: access.APIKey{}},
	"POST /v1/admin/keys/:id/compromised":         {req: keyCompromisedRequest{}, data: access.APIKey{}},
	"POST /v1/admin/keys/restored/confirm":        {req: reasonsRequest{}, data: confirmedKeysResponse{}},
	"GET /v1/org/keys":                            {data: []*access.APIKey{}},
	"GET /v1/org/register":                        {data: orgRegisterResponse{}},
	"POST /v1/org/keys/:id/confirm":               {data: access.APIKey{}},
	"POST /v1/org/keys/:id/vouch":                 {req: orgKeyVouchRequest{}, data: access.APIKey{}},
	"GET /v1/admin/backup":                        {},
	"POST /v1/admin/signing-keys/rotate":          {data: signingKeyResponse{}},
	"POST /v1/admin/signing-keys/:id/compromised": {data: compromisedKeyResponse{}},

	"POST /v1/products":    {req: footprint.Product{}, data: footprint.ProductRecord{}},
	"GET /v1/products":     {data: []footprint.ProductRecord{}, meta: offsetMeta{}},
	"GET /v1/products/:id": {data: footprint.ProductRecord{}},

	"POST /v1/studies":                {req: footprint.StudyDocumentWire(), data: studyJSON{}},
	"POST /v1/calculations":           {req: footprint.StudyDocumentWire(), data: studyJSON{}},
	"GET /v1/studies":                 {data: []studyJSON{}, meta: offsetMeta{}},
	"GET /v1/studies/:id":             {data: studyJSON{}},
	"GET /v1/studies/:id/result.csv":  {},
	"GET /v1/studies/:id/result.xlsx": {},

	"POST /v1/applications":            {req: applicationRequest{}, data: certification.Application{}},
	"GET /v1/applications":             {data: []certification.Application{}, meta: pageMeta{}},
	"GET /v1/applications/:id":         {data: applicationView{}},
	"POST /v1/applications/:id/issue":  {req: certification.IssueRequest{}, data: issueResponse{}},
	"POST /v1/applications/:id/reject": {req: reasonsRequest{}, data: certification.Application{}},

	"GET /v1/certificates":                             {data: []certificateJSON{}, meta: pageMeta{}},
	"GET /v1/certificates/:id":                         {data: certificateJSON{}},
	"GET /v1/certificates/:id/certificate.pdf":         {},
	"GET /v1/certificates/:id/label.pdf":               {},
	"GET /v1/certificates/:id/label.png":               {},
	"POST /v1/certificates/:id/suspend":                {req: reasonsRequest{}, data: certificateJSON{}},
	"POST /v1/certificates/:id/withdraw":               {req: reasonsRequest{}, data: certificateJSON{}},
	"POST /v1/certificates/:id/reinstate":              {req: reasonsRequest{}, data: certificateJSON{}},
	"POST /v1/certificates/:id/review":                 {req: reasonsRequest{}, data: certificateJSON{}},
	"POST /v1/certificates/restored/confirm":           {req: reasonsRequest{}, data: confirmedResponse{}},
	"GET /v1/certificates/:id/verify":                  {data: verifyJSON{}},
	"GET /v1/certificates/by-number/:number/verify":    {data: verifyJSON{}},
	"GET /v1/keys":                                     {},
	"GET /v1/certificates/:id/pact":                    {dataSchema: pactFootprintSchema},
	"POST /v1/pact/supplier-footprints":                {reqSchema: pactFootprintSchema, data: supplierFootprintResponse{}},
	"GET /v1/certificates/:id/pact/shares":             {data: []shareJSON{}},
	"POST /v1/certificates/:id/pact/shares":            {req: shareRequest{}, data: shareJSON{}},
	"DELETE /v1/certificates/:id/pact/shares/:partner": {},
	"GET /v1/pact/extensions/shared-details.json":      {},
	"GET /v1/pact/extensions/supplier-footprints.json": {},
	"PUT /v1/certificates/:id/pact/cpc":                {req: cpcRequest{}, data: cpcJSON{}},
	"GET /v1/pact/endpoints":                           {data: []endpointJSON{}},
	"POST /v1/pact/endpoints":                          {req: endpointRequest{}, data: endpointJSON{}},
	"POST /v1/pact/endpoints/:name/fetch":              {req: fetchRequest{}, data: fetchedFootprintResponse{}},
	"POST /auth/token":                                 {pact: true},
	"GET /2/footprints":                                {pact: true},
	"GET /2/footprints/:id":                            {pact: true},
	"POST /2/events":                                   {pact: true},
	"GET /3/footprints":                                {pact: true},
	"GET /3/footprints/:id":                            {pact: true},
	"POST /3/events":                                   {pact: true},

	"GET /v1/audit":      {data: []access.AuditEvent{}, meta: pageMeta{}},
	"GET /v1/audit/head": {data: access.AuditHead{}},
}

// queryParamSchemas types the query parameters the handlers parse as more
// than a string, by name; opQueryParamSchemas overrides it for one route.
var queryParamSchemas = map[string]map[string]any{
	"limit":              {"type": "integer", "minimum": 1, "example": 50},
	"offset":             {"type": "integer", "minimum": 0, "example": 0},
	"year":               {"type": "integer", "example": 2025},
	"since":              {"type": "string", "description": "RFC 3339 date-time or YYYY-MM-DD", "example": "2026-03-01"},
	"cursor":             {"type": "string", "description": "The meta.next_cursor of the previous page"},
	"product_code":       {"type": "string", "description": "A product code, [SCHEME:]digits (2 to 12 digits; dots ignored)", "example": "8541"},
	"product_code_match": {"type": "string", "enum": []string{footprint.ProductCodeMatchPrefix, footprint.ProductCodeMatchExact}, "default": footprint.ProductCodeMatchPrefix},
}

// opResponseExamples are example success answers (validated against their
// schemas when the document is loaded in the tests).
var opResponseExamples = map[string]any{
	"GET /healthz":                       map[string]any{"status": "ok", "version": "1.0.0"},
	"GET /readyz":                        map[string]any{"status": "ready", "version": "1.0.0"},
	"POST /v1/auth/token":                map[string]any{"access_token": "eyJhbGciOi…", "token_type": "Bearer", "expires_in": 3600},
	"POST /v1/admin/signing-keys/rotate": map[string]any{"data": map[string]any{"key_id": "k2", "created": "2026-03-02T08:00:00Z"}},
}
var opQueryParamSchemas = map[string]map[string]map[string]any{
	"GET /v1/factors":                               {"q": {"type": "string", "example": "铝材", "description": "Text search of factor names (Chinese and English) and codes: words AND-ed, Chinese by characters and bigrams, a small synonym table (电/电力/electricity, 铝/铝材/aluminium, …), any substring of a name or code; the answer is in relevance order with meta.total and meta.facets (docs/api.md)"}},
	"GET /v1/factor-sets/:version/export":           {"format": {"type": "string", "enum": []string{"csv", "json"}, "default": "csv"}},
	"GET /v1/certificates/:id/verify":               {"format": {"type": "string", "enum": []string{"json", "html"}}},
	"GET /v1/certificates/by-number/:number/verify": {"format": {"type": "string", "enum": []string{"json", "html"}}},
	"GET /v1/certificates/:id/pact":                 {"version": {"type": "string", "enum": []string{"2", "3"}, "default": "3"}},
	"GET /v1/certificates": {
		"flagged": {"type": "boolean"},
		"status":  {"type": "string", "enum": []string{string(certification.CertificateValid), string(certification.CertificateSuspended), string(certification.CertificateWithdrawn), string(certification.CertificateSuperseded), string(certification.CertificateExpired)}},
	},
	"GET /v1/applications": {
		"status": {"type": "string", "enum": []string{string(certification.ApplicationPending), string(certification.ApplicationRejected), string(certification.ApplicationIssued)}},
	},
}

func opKey(op operation) string { return op.method + " " + op.path }

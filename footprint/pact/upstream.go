package pact

import (
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// Upstream footprints (docs/pact.md "The suppliers' PACT footprints a
// footprint used"): a certificate whose study used suppliers' PACT
// footprints names them, by PACT id, spec version and version, in a
// data-model extension of its own footprint. Which suppliers a product
// has is private to its holder (PRODUCT.md principle 7), so the extension
// travels with the shared details only (WithShared): to the organisation
// the holder shared the footprint with.

// UpstreamSchemaPath is the path, under the service's public base URL, of
// the JSON Schema of the upstream footprints extension.
const UpstreamSchemaPath = "/v1/pact/extensions/supplier-footprints.json"

// UpstreamFootprint is a supplier's PACT footprint a certificate's study
// used, as the extension names it.
type UpstreamFootprint struct {
	ID          string `json:"id"`                    // the PACT footprint's id (a UUID)
	SpecVersion string `json:"specVersion,omitempty"` // e.g. "2.3.0"; absent when the certificate did not record it
	Version     *int   `json:"version,omitempty"`     // the PACT v2 version; absent for v3, which has none
}

// UpstreamFootprints is the data of the extension.
type UpstreamFootprints struct {
	Footprints []UpstreamFootprint `json:"footprints"`
}

// upstreamFromResult reads the PACT footprints ("pact:<id>") of a result's
// supplier list, with the spec version and version the result records
// (RecordSupplierVersions; none in a result calculated before), sorted by
// id.
func upstreamFromResult(r *footprint.Result) []UpstreamFootprint {
	var out []UpstreamFootprint
	for _, u := range r.Suppliers {
		if u == nil || !IsSupplierRef(u.ID) {
			continue
		}
		id, err := uuid.Parse(strings.TrimPrefix(u.ID, SupplierRefPrefix))
		if err != nil {
			continue
		}
		e := UpstreamFootprint{ID: id.String(), SpecVersion: u.PACTSpecVersion}
		if u.PACTVersion != nil {
			v := *u.PACTVersion
			e.Version = &v
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b UpstreamFootprint) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// upstreamFromRecord returns the PACT footprints of a certificate's
// supplier list (format 3, which signs each one's id, spec version and
// version), sorted by id; nil when the list has none.
func upstreamFromRecord(rec *certification.CertificateRecord) []UpstreamFootprint {
	var out []UpstreamFootprint
	for _, s := range rec.SupplierList {
		if !s.IsPACT() {
			continue
		}
		e := UpstreamFootprint{ID: s.ID.String(), SpecVersion: s.SpecVersion}
		if strings.HasPrefix(s.SpecVersion, "2.") {
			v := s.Version
			e.Version = &v
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b UpstreamFootprint) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// upstreamSchemaURL is the extension's dataSchema.
func upstreamSchemaURL(opt Options) string {
	return schemaBase(opt) + UpstreamSchemaPath
}

// UpstreamSchema is the JSON Schema of the upstream footprints extension
// (its dataSchema, served at UpstreamSchemaPath).
const UpstreamSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Chengdu PCF supplier PACT footprints used",
  "description": "The suppliers' PACT product footprints the certified study of this footprint used as primary data, by PACT id, specVersion and version (PACT 2 only). The certificate's holder shares it with one organisation at a time.",
  "type": "object",
  "required": ["footprints"],
  "properties": {
    "footprints": {"type": "array", "items": {"type": "object",
      "required": ["id"],
      "properties": {
        "id": {"type": "string", "format": "uuid"},
        "specVersion": {"type": "string", "pattern": "^\\d+\\.\\d+\\.\\d+(-\\d{8})?$"},
        "version": {"type": "integer", "minimum": 0, "maximum": 2147483647}}}}
  }
}
`

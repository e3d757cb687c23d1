package pact

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// Sharing (docs/pact.md "Who sees what"): every PACT client sees the public
// facts of a footprint; a certificate's holder can share more, the
// calculation details that are private to it (its suppliers, its largest
// contributions, the data quality of its result), with one named
// organisation at a time. Only that organisation then receives them, as a
// data-model extension of the footprint; revoking the share stops it.

// Audit actions of sharing.
const (
	AuditShare       = "pact-share.grant"  // a holder shared a footprint's details with an organisation
	AuditShareRevoke = "pact-share.revoke" // and stopped
)

// Share is a holder's grant to one organisation to see the private details
// of one footprint.
type Share struct {
	FootprintID uuid.UUID // the certificate's ID
	Partner     string    // the organisation it is shared with
	Holder      string    // the organisation holding the certificate
	SharedAt    time.Time
}

// ShareStore keeps the shares. The caller is the context's principal.
type ShareStore interface {
	// ShareFootprint shares a footprint with an organisation. The caller
	// must hold the certificate (ENOTFOUND otherwise, so that IDs are not
	// confirmed to others); the partner must be an organisation other than
	// the holder and the operator (EINVALID, or ENOTFOUND naming it). It
	// reports whether the share is new; sharing again changes nothing.
	ShareFootprint(ctx context.Context, id uuid.UUID, partner string) (*Share, bool, error)

	// RevokeShare ends a share. Returns ENOTFOUND if the caller holds no
	// such certificate or it is not shared with partner.
	RevokeShare(ctx context.Context, id uuid.UUID, partner string) error

	// FindShares lists a footprint's shares, by partner. Returns ENOTFOUND
	// if the caller does not hold the certificate.
	FindShares(ctx context.Context, id uuid.UUID) ([]*Share, error)

	// SharedWith returns the footprints shared with an organisation.
	SharedWith(ctx context.Context, partner string) (map[uuid.UUID]bool, error)
}

// SharedDetails are the private details of a certificate's study that a
// holder may share: aggregates of its certified result, with the supplier
// footprints it used. Figures are kgCO2e per the certificate's declared
// unit.
type SharedDetails struct {
	Certificate  string             `json:"certificate"`  // the certificate number
	DeclaredUnit string             `json:"declaredUnit"` // e.g. "1 piece": what the figures are per
	KgCO2e       float64            `json:"kgCO2e"`
	Suppliers    []SharedSupplier   `json:"suppliers"`
	Hotspots     []SharedHotspot    `json:"hotspots"`
	DataQuality  SharedDataQuality  `json:"dataQuality"`
	Electricity  *SharedElectricity `json:"electricity,omitempty"`
}

// SharedSupplier is a supplier footprint the study used: a Chengdu
// certificate (its ID or number) or a PACT footprint ("pact:<id>").
type SharedSupplier struct {
	Ref           string  `json:"ref"`
	Supplier      string  `json:"supplier"`
	Product       string  `json:"product,omitempty"`
	KgCO2ePerUnit float64 `json:"kgCO2ePerUnit"` // per the supplier's declared unit
	Unit          string  `json:"unit"`
	Contribution  float64 `json:"contributionKgCO2e"`
}

// SharedHotspot is one of the largest contributions of the result.
type SharedHotspot struct {
	Name     string  `json:"name"`
	Stage    string  `json:"stage,omitempty"`
	KgCO2e   float64 `json:"kgCO2e"`
	SharePct float64 `json:"sharePercent"`
	Primary  bool    `json:"primaryData"`
}

// SharedDataQuality is the result's data quality.
type SharedDataQuality struct {
	PrimaryDataSharePct float64 `json:"primaryDataSharePercent"`
	DQR                 float64 `json:"dqr,omitempty"` // contribution-weighted PEF DQR, 1 (best) to 5
	DQRLevel            string  `json:"dqrLevel,omitempty"`
	DQRCoveragePct      float64 `json:"dqrCoveragePercent,omitempty"`
}

// SharedElectricity is how the study accounted electricity.
type SharedElectricity struct {
	Approach      string   `json:"approach"`
	KWh           float64  `json:"kWh"`
	GridKWh       float64  `json:"gridKWh"`
	InstrumentKWh float64  `json:"instrumentKWh"`
	GridFactors   []string `json:"gridFactors,omitempty"`
}

// maxSharedHotspots bounds the hotspots shared.
const maxSharedHotspots = 10

// sharedDetails reads the private details of a certified result.
func sharedDetails(c *certification.Certificate, r *footprint.Result) *SharedDetails {
	d := &SharedDetails{
		Certificate:  c.Number,
		DeclaredUnit: strings.TrimSpace(formatAmount(c.DeclaredUnit.Amount) + " " + c.DeclaredUnit.Unit),
		KgCO2e:       c.KgCO2e,
		Suppliers:    []SharedSupplier{},
		Hotspots:     []SharedHotspot{},
		DataQuality: SharedDataQuality{
			PrimaryDataSharePct: r.PrimaryDataSharePct,
			DQR:                 r.DQR,
			DQRLevel:            r.DQRLevel,
			DQRCoveragePct:      r.DQRCoveragePct,
		},
	}
	for _, s := range r.Suppliers {
		if s == nil {
			continue
		}
		d.Suppliers = append(d.Suppliers, SharedSupplier{Ref: s.ID, Supplier: s.Supplier, Product: s.Product,
			KgCO2ePerUnit: s.KgCO2e, Unit: s.Unit, Contribution: s.Contribution})
	}
	for _, h := range r.Hotspots {
		if h == nil || len(d.Hotspots) == maxSharedHotspots {
			continue
		}
		d.Hotspots = append(d.Hotspots, SharedHotspot{Name: h.Name, Stage: h.Stage, KgCO2e: h.KgCO2e, SharePct: h.SharePct, Primary: h.Primary})
	}
	if e := r.Electricity; e.Approach != "" || e.KWh > 0 {
		d.Electricity = &SharedElectricity{Approach: e.Approach, KWh: e.KWh, GridKWh: e.GridKWh, InstrumentKWh: e.InstrumentKWh, GridFactors: slices.Clone(e.GridFactors)}
	}
	return d
}

// Extension is a PACT DataModelExtension (v2 and v3).
type Extension struct {
	SpecVersion   string `json:"specVersion"`
	DataSchema    string `json:"dataSchema"`
	Documentation string `json:"documentation,omitempty"`
	Data          any    `json:"data"`
}

// Extension specification version and the path, under the service's
// public base URL, of the shared details' schema.
const (
	ExtensionSpecVersion = "2.0.0"
	SharedSchemaPath     = "/v1/pact/extensions/shared-details.json"
)

// WithShared returns a copy of the footprint that carries its shared
// details as an extension, for the organisation it is shared with. The
// footprint itself is not changed (it is cached and served to others).
func (f *Footprint) WithShared(opt Options) *Footprint {
	if f.Shared == nil {
		return f
	}
	g := *f
	g.extension = &Extension{SpecVersion: ExtensionSpecVersion, DataSchema: sharedSchemaURL(opt), Data: f.Shared}
	if len(f.Upstream) > 0 {
		// The suppliers' PACT footprints the study used (upstream.go).
		g.upstream = &Extension{SpecVersion: ExtensionSpecVersion, DataSchema: upstreamSchemaURL(opt), Data: UpstreamFootprints{Footprints: f.Upstream}}
	}
	return &g
}

func sharedSchemaURL(opt Options) string {
	return schemaBase(opt) + SharedSchemaPath
}

// schemaBase is the base URL of the extensions' schemas.
func schemaBase(opt Options) string {
	base := strings.TrimRight(opt.BaseURL, "/")
	if base == "" {
		base = "https://" + firstNonEmpty(opt.Issuer, "localhost")
	}
	return base
}

func (f *Footprint) extensions() []Extension {
	var out []Extension
	for _, e := range []*Extension{f.extension, f.upstream} {
		if e != nil {
			out = append(out, *e)
		}
	}
	return out
}

// SharedSchema is the JSON Schema of the shared details (the extension's
// dataSchema, served at SharedSchemaPath).
const SharedSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Chengdu PCF shared calculation details",
  "description": "Private details of a certified product carbon footprint that its holder shared with one organisation. Figures are kgCO2e per the certificate's declared unit.",
  "type": "object",
  "required": ["certificate", "declaredUnit", "kgCO2e", "suppliers", "hotspots", "dataQuality"],
  "properties": {
    "certificate": {"type": "string"},
    "declaredUnit": {"type": "string"},
    "kgCO2e": {"type": "number"},
    "suppliers": {"type": "array", "items": {"type": "object",
      "required": ["ref", "supplier", "kgCO2ePerUnit", "unit", "contributionKgCO2e"],
      "properties": {"ref": {"type": "string"}, "supplier": {"type": "string"}, "product": {"type": "string"},
        "kgCO2ePerUnit": {"type": "number"}, "unit": {"type": "string"}, "contributionKgCO2e": {"type": "number"}}}},
    "hotspots": {"type": "array", "items": {"type": "object",
      "required": ["name", "kgCO2e", "sharePercent", "primaryData"],
      "properties": {"name": {"type": "string"}, "stage": {"type": "string"}, "kgCO2e": {"type": "number"},
        "sharePercent": {"type": "number"}, "primaryData": {"type": "boolean"}}}},
    "dataQuality": {"type": "object", "required": ["primaryDataSharePercent"],
      "properties": {"primaryDataSharePercent": {"type": "number"}, "dqr": {"type": "number"},
        "dqrLevel": {"type": "string"}, "dqrCoveragePercent": {"type": "number"}}},
    "electricity": {"type": "object", "required": ["approach", "kWh", "gridKWh", "instrumentKWh"],
      "properties": {"approach": {"type": "string"}, "kWh": {"type": "number"}, "gridKWh": {"type": "number"},
        "instrumentKWh": {"type": "number"}, "gridFactors": {"type": "array", "items": {"type": "string"}}}}
  }
}
`

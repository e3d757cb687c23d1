package pact

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// Specification versions the footprints are written in.
const (
	SpecVersionV2 = "2.3.0"
	SpecVersionV3 = "3.0.0"
)

// Status is the PACT status of a footprint.
type Status string

// Footprint statuses. A Deprecated footprint never changes afterwards.
const (
	StatusActive     Status = "Active"
	StatusDeprecated Status = "Deprecated"
)

// DefaultValidityYears is how long a footprint without an explicit validity
// period is valid after its reference period ends (PACT v2 and v3,
// validityPeriodStart).
const DefaultValidityYears = 3

// Footprint is a certificate seen as a PACT product footprint, before it is
// written in one version of the specification (V2, V3). The filters of both
// versions match against it, so a footprint always satisfies the filters a
// client builds from what it received.
//
// Emission figures are kgCO2e per the certificate's declared unit
// (DeclaredAmount × DeclaredUnit); V2 and V3 convert them where the
// specification version cannot state that unit.
type Footprint struct {
	// Identity and lifecycle.
	ID            uuid.UUID   // the certificate's ID (random, version 4)
	Version       int         // v2 only: 1 while Active, 2 once Deprecated
	Created       time.Time   // the certificate's issue time
	Updated       time.Time   // v2 only: when it was deprecated; zero while Active
	Status        Status      //
	StatusComment string      // v2 only: why it is Deprecated
	PrecedingIDs  []uuid.UUID // the certificate it supersedes, if any

	// Validity: the certificate's validity, within the PACT limits
	// (ValidityStart ≥ ReferenceEnd, ValidityEnd ≤ ReferenceEnd + 3 years).
	// ExplicitValidity is false when the certificate's validity does not
	// fit those limits; the fields then hold the PACT default period,
	// which is not written.
	ValidityStart, ValidityEnd time.Time
	ExplicitValidity           bool

	// Company and product.
	CompanyName        string
	CompanyIDs         []string // URNs
	ProductName        string
	ProductDescription string
	ProductIDs         []string // URNs
	Classifications    []string // URNs
	CPC                string   // UN CPC code of the product; "" when the certificate names none
	Comment            string

	// Declared unit.
	DeclaredUnit   string  // unit symbol of the certificate (footprint.ParseUnit), e.g. "piece"
	DeclaredAmount float64 // e.g. 1
	MassKg         float64 // product mass of one declared unit, excluding packaging; 0 = unknown

	// Figures, kgCO2e per declared unit.
	KgCO2e            float64
	FossilKgCO2e      float64 // the total when the certificate does not split fossil and biogenic
	AircraftKgCO2e    float64
	PackagingIncluded bool
	PackagingKgCO2e   float64

	// Scope.
	ReferenceStart time.Time // inclusive
	ReferenceEnd   time.Time // exclusive (the day after the certificate's period ends)
	Country        string    // ISO 3166-1 alpha-2; "" when Subdivision is set or nothing is known
	Subdivision    string    // ISO 3166-2, e.g. "CN-SC"
	CradleToGate   bool
	BoundaryText   string

	// Method.
	Standards       []string // cross-sectoral standards, v3 names (ISO14067, …)
	RuleNames       []string // product or sector rules (operator "Other")
	RuleOperator    string   // the scheme that publishes the rules
	FactorSet       string   // the factor-set version, the secondary data source
	UncertaintyText string

	// Data quality.
	PrimaryDataSharePct float64
	DQI                 *DQI // v3 only; nil when not known
	ExemptedPct         float64
	ExemptedText        string

	// Certification (v2 assurance, v3 verification).
	Certifier     string
	CertifiedAt   time.Time
	CertStandards string
	CertComment   string

	// Shared are the private details a holder may share (WithShared);
	// never written unless shared. Nil when unknown.
	Shared *SharedDetails

	// Upstream are the suppliers' PACT footprints the certified study
	// used (upstream.go), written with the shared details only.
	Upstream []UpstreamFootprint

	extension   *Extension // set by WithShared only
	upstream    *Extension // set by WithShared only, when Upstream is not empty
	cpcDeclared bool       // CPC declared by the holder (WithDeclaredCPC)
}

// Options are what a mapping needs besides the certificate.
type Options struct {
	// Issuer is the domain name of the service (the host of its public
	// base URL, e.g. "pcf.example.cn"): the issuer of the urn:pact:
	// company and product identifiers it writes.
	Issuer string

	// BaseURL is the public base URL; the footprint's comment names the
	// certificate's verification URL under it. Empty: no URL is named.
	BaseURL string
}

// Available reports whether the footprint of a certificate is served at
// all: a suspended certificate may be reinstated, so its footprint can be
// neither Active (it is not valid) nor Deprecated (that would be final);
// it is withheld while the suspension lasts. So is that of a valid
// certificate flagged upstream (a supplier certificate it relies on was
// suspended, withdrawn or superseded, and its certifier has not yet
// reviewed it: the verification page shows the alert, pcf verify says not
// valid), until its certifier acts.
func Available(rec *certification.CertificateRecord) bool {
	switch rec.Status {
	case certification.CertificateValid:
		return len(rec.SupplierFlags) == 0
	case certification.CertificateWithdrawn, certification.CertificateSuperseded:
		return true
	}
	return false
}

// StatusOf is the status of the footprint of an available certificate
// (Available): Active while it is valid on record (expired included: its
// validity period says so), Deprecated once withdrawn or superseded.
func StatusOf(rec *certification.CertificateRecord) Status {
	if rec.Status == certification.CertificateValid {
		return StatusActive
	}
	return StatusDeprecated
}

// Served is what a partner reading the footprint of rec gets of its
// status: StatusActive or StatusDeprecated when it is served, "" while it
// is withheld: Available is false (suspended, flagged upstream, or still
// the status a restored copy held: SupplierFlag Restored), or rec is
// valid with keyAlert, its certificate issued or last set valid with an
// API key no former key of its body vouched for, or one reported
// compromised as of then (its verification marks it). The PACT API
// serves by it, and a change of it is what a Published event tells the
// partners that received the footprint: one function, so that the two
// cannot disagree.
func Served(rec *certification.CertificateRecord, keyAlert bool) Status {
	if !Available(rec) || rec.Status == certification.CertificateValid && keyAlert {
		return ""
	}
	return StatusOf(rec)
}

// deprecation is the status that made the footprint of rec Deprecated,
// and when: a Deprecated footprint never changes (reference/pact.md), so
// one superseded and then withdrawn stays the superseded footprint; else
// the record's status and its time.
func deprecation(rec *certification.CertificateRecord) (certification.CertificateStatus, time.Time) {
	if rec.Status == certification.CertificateWithdrawn && !rec.SupersededAt.IsZero() {
		return certification.CertificateSuperseded, rec.SupersededAt
	}
	return rec.Status, rec.StatusChangedAt
}

// NotAvailableReason says why Available is false for rec, in Chinese and
// in English (an argument of a message a PACT client reads: errzh gives
// each half its own): "suspended" or "flagged upstream".
func NotAvailableReason(rec *certification.CertificateRecord) string {
	if rec.Status == certification.CertificateValid {
		return "上游被标记（其依据的供应商证书状态已变化，认证机构尚未复核）。flagged upstream (a supplier certificate it relies on changed status and its certifier has not yet reviewed it)"
	}
	if rec.Status == certification.CertificateSuspended {
		return "已暂停（suspended）。suspended"
	}
	return "状态为 " + string(rec.Status) + "。" + string(rec.Status)
}

// ErrNotAvailable is returned by New for a certificate whose footprint is
// not served (Available).
var ErrNotAvailable = footprint.Errorf(footprint.EFORBIDDEN, "the footprint is not available while its certificate is suspended or flagged upstream")

// New maps a certificate record (its signed content, recorded status and
// lineage) and the facts of its certified study to a footprint. It returns
// ErrNotAvailable for a suspended certificate or one flagged upstream
// (Available) and EINVALID when the
// certificate cannot be stated in PACT terms (no cross-sectoral standard
// PACT knows, a declared unit without a known mass), naming the field.
func New(rec *certification.CertificateRecord, facts Facts, opt Options) (*Footprint, error) {
	if rec == nil || rec.Signed == nil || rec.Signed.Certificate == nil {
		return nil, footprint.Errorf(footprint.EINVALID, "certificate is empty")
	}
	if !Available(rec) {
		return nil, ErrNotAvailable
	}
	c := rec.Certificate()
	issuer := strings.ToLower(strings.TrimSpace(opt.Issuer))
	if issuer == "" {
		issuer = "localhost"
	}
	f := &Footprint{
		ID:      c.ID,
		Version: 1,

		CompanyName: firstNonEmpty(c.Holder.NameEN, c.Holder.NameZH),
		CompanyIDs:  []string{companyURN(issuer, rec.Manufacturer)},
		ProductName: firstNonEmpty(c.Product.NameEN, c.Product.NameZH),

		DeclaredUnit:   c.DeclaredUnit.Unit,
		DeclaredAmount: c.DeclaredUnit.Amount,
		MassKg:         facts.MassKg,

		KgCO2e:            c.KgCO2e,
		FossilKgCO2e:      c.KgCO2e,
		AircraftKgCO2e:    facts.AircraftKgCO2e,
		PackagingIncluded: c.PackagingIncluded,
		PackagingKgCO2e:   facts.PackagingKgCO2e,

		CradleToGate: c.Boundary == footprint.BoundaryCradleToGate,

		RuleOperator: RuleOperator,
		FactorSet:    c.FactorSet,

		PrimaryDataSharePct: c.PrimaryDataSharePct,
		DQI:                 facts.DQI,
		ExemptedPct:         facts.ExemptedPct,
		ExemptedText:        facts.ExemptedText,
		UncertaintyText:     facts.UncertaintyText,

		Certifier:   firstNonEmpty(c.Certifier.NameEN, c.Certifier.NameZH),
		CertifiedAt: c.IssuedAt.UTC(),

		Shared: facts.Shared,
	}
	// The supplier list a format-3 certificate signs names each PACT
	// footprint's version; else the result's record of them.
	if f.Upstream = upstreamFromRecord(rec); len(f.Upstream) == 0 {
		f.Upstream = facts.Upstream
	}
	if c.FossilKgCO2e != nil {
		f.FossilKgCO2e = *c.FossilKgCO2e
	}
	if c.Supersedes != uuid.Nil {
		f.PrecedingIDs = []uuid.UUID{c.Supersedes}
	}
	f.setSearchable(rec, c, issuer, facts.Geography)
	switch status, at := deprecation(rec); status {
	case certification.CertificateWithdrawn:
		f.Version = 2
		f.StatusComment = fmt.Sprintf("Certificate %s was withdrawn by its certifier on %s.", c.Number, at.UTC().Format(time.DateOnly))
	case certification.CertificateSuperseded:
		f.Version = 2
		f.StatusComment = fmt.Sprintf("Certificate %s was superseded on %s; footprint %s replaces this one.", c.Number, at.UTC().Format(time.DateOnly), rec.SupersededBy)
	}
	if err := f.setMethod(c); err != nil {
		return nil, err
	}
	if err := f.setDeclaredUnit(); err != nil {
		return nil, err
	}
	f.BoundaryText = boundaryText(c)
	f.CertStandards = strings.Join(c.Standards, "; ")
	f.CertComment = fmt.Sprintf("Certificate %s (revision %d), issued %s, valid until %s under rule %s v%s.",
		c.Number, c.Revision, c.IssuedAt.UTC().Format(time.DateOnly), c.ExpiresAt.UTC().Format(time.DateOnly), c.Rule.Code, c.Rule.Version)
	f.Comment = f.CertComment
	if opt.BaseURL != "" || c.VerifyBase != "" {
		if u, err := c.VerifyURL(opt.BaseURL); err == nil { // the signed address of a format-4 certificate
			f.CertComment += " Verify it at " + u + "."
			f.Comment += " Verify it, with its live status, at " + u + "."
		}
	}
	f.Comment += " " + notAssessed
	return f, nil
}

// setSearchable sets what the filters select on (Filter, FilterV2): the
// dates, status, product identifiers and classifications, and geography.
// New and the index keys (IndexKeys) both take them from here, so that the
// index finds what the filters match.
func (f *Footprint) setSearchable(rec *certification.CertificateRecord, c *certification.Certificate, issuer, geography string) {
	f.Created, f.Status = c.IssuedAt.UTC(), StatusOf(rec)
	if status, at := deprecation(rec); status == certification.CertificateWithdrawn || status == certification.CertificateSuperseded {
		f.Updated = at.UTC()
		if !f.Updated.After(f.Created) {
			// v2: updated must be later than created.
			f.Updated = f.Created.Add(time.Second)
		}
	}
	f.ReferenceStart, f.ReferenceEnd = day(c.PeriodStart), day(c.PeriodEnd).AddDate(0, 0, 1)
	f.setValidity(c.IssuedAt.UTC(), c.ExpiresAt.UTC())
	f.setProduct(c, issuer, rec.Manufacturer)
	f.setGeography(geography)
}

// notAssessed says, in every footprint, what the certification does not
// cover, so that a zero written because PACT v2 requires the field is not
// read as a measured zero.
const notAssessed = "Not assessed by the certification: carbon content (fossilCarbonContent and biogenicCarbonContent are written as 0 where the specification requires a value), biogenic CO2 uptake (none is accounted) and land-use change."

// RuleOperator names, as otherOperatorName, who publishes the accounting
// rules the certificates follow.
const RuleOperator = "Chengdu product carbon-footprint label scheme (成都市产品碳足迹标识)"

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}

func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// setValidity takes the certificate's validity [issued, expires) within the
// PACT limits: it starts no earlier than the reference period ends and ends
// no later than three years after.
func (f *Footprint) setValidity(issued, expires time.Time) {
	start, end := issued, expires
	if start.Before(f.ReferenceEnd) {
		start = f.ReferenceEnd
	}
	if limit := f.ReferenceEnd.AddDate(DefaultValidityYears, 0, 0); end.After(limit) {
		end = limit
	}
	if end.After(start) {
		f.ValidityStart, f.ValidityEnd, f.ExplicitValidity = start, end, true
		return
	}
	f.ValidityStart, f.ValidityEnd = f.ReferenceEnd, f.ReferenceEnd.AddDate(DefaultValidityYears, 0, 0)
}

// setProduct writes the product's names and identifiers: its GTIN, its
// model under the manufacturer, and its classification codes.
func (f *Footprint) setProduct(c *certification.Certificate, issuer, org string) {
	p := c.Product
	var desc []string
	for _, s := range []string{p.NameEN, p.NameZH} {
		if s = strings.TrimSpace(s); s != "" {
			desc = append(desc, s)
		}
	}
	desc = append(desc, "model "+p.Model)
	if c.DeclaredUnit.LabelEN != "" || c.DeclaredUnit.LabelZH != "" {
		desc = append(desc, fmt.Sprintf("declared unit %s %s (%s)", formatAmount(c.DeclaredUnit.Amount), firstNonEmpty(c.DeclaredUnit.LabelEN, c.DeclaredUnit.Unit), firstNonEmpty(c.DeclaredUnit.LabelZH, c.DeclaredUnit.Unit)))
	}
	f.ProductDescription = strings.Join(desc, "; ")
	if f.ProductName == "" {
		f.ProductName = p.Model
	}
	if p.GTIN != "" {
		f.ProductIDs = append(f.ProductIDs, "urn:gtin:"+p.GTIN)
	}
	f.ProductIDs = append(f.ProductIDs, ProductURN(issuer, org, p.Model))
	for _, pc := range p.Codes {
		if u := ClassificationURN(pc); !slices.Contains(f.Classifications, u) {
			f.Classifications = append(f.Classifications, u)
		}
		if pc.Scheme == "CPC" && f.CPC == "" {
			f.CPC = pc.Code
		}
	}
}

// companyURN identifies the owning organisation by its unique name in the
// service.
func companyURN(issuer, org string) string {
	return "urn:pact:" + issuer + ":company-id:" + urnEscape(org)
}

// ProductURN identifies a product by the organisation that owns its
// certificates and its model, under the service's domain (ADR-0034:
// urn:pact:<issuer>:product-id:<id>): a model string alone is unique only
// within one manufacturer.
func ProductURN(issuer, org, model string) string {
	return "urn:pact:" + issuer + ":product-id:" + urnEscape(org) + ":" + urnEscape(model)
}

// ClassificationURN writes a product code as a classification URN: UN CPC
// in its well-known form (ADR-0037: urn:cpc:31230); HS and the Chinese
// statistical product classification under the domain of the body that
// issues them (ADR-0034 form).
func ClassificationURN(pc footprint.ProductCode) string {
	switch pc.Scheme {
	case "CPC":
		return "urn:cpc:" + pc.Code
	case "HS":
		return "urn:pact:wcoomd.org:hs-code:" + pc.Code
	case "CNPC":
		return "urn:pact:stats.gov.cn:cnpc-code:" + pc.Code
	}
	return "urn:pact:" + strings.ToLower(pc.Scheme) + ":category-id:" + pc.Code
}

// urnEscape percent-encodes what RFC 8141 does not allow in the NSS of a
// URN, and ':' so that the parts stay apart.
func urnEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(strings.TrimSpace(s)), ":", "%3A")
}

// cnSubdivisions are the ISO 3166-2:CN codes (provinces, autonomous
// regions, municipalities, SARs). Study geographies may also be grid
// regions of a factor set ("CN-SW"), which are not subdivisions.
var cnSubdivisions = strings.Fields("AH BJ CQ FJ GD GS GX GZ HA HB HE HI HK HL HN JL JS JX LN MO NM NX QH SC SD SH SN SX TJ TW XJ XZ YN ZJ")

var countryRe = func(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// setGeography takes the place of production (Facts.Geography): an
// ISO 3166-2 subdivision of China as a subdivision, anything else by its
// country.
func (f *Footprint) setGeography(geo string) {
	geo = strings.ToUpper(strings.TrimSpace(geo))
	country, sub, _ := strings.Cut(geo, "-")
	if !countryRe(country) {
		return
	}
	if country == "CN" && slices.Contains(cnSubdivisions, sub) {
		f.Subdivision = geo
		return
	}
	f.Country = country
}

// crossSectoral maps the standards a certificate names to the PACT
// crossSectoralStandards values (the conformance checker's enum).
var crossSectoral = []struct{ prefix, v3, v2 string }{
	{"ISO 14067", "ISO14067", "ISO Standard 14067"},
	{"GB/T 24067", "ISO14067", "ISO Standard 14067"}, // GB/T 24067-2024 is the national adoption of ISO 14067:2018
	{"ISO 14044", "ISO14040-44", "ISO Standard 14044"},
	{"ISO 14040", "ISO14040-44", "ISO Standard 14044"},
	{"ISO 14083", "ISO14083", ""},
	{"GHG Protocol", "GHGP-Product", "GHG Protocol Product standard"},
	{"PEF", "PEF", ""},
}

// setMethod sorts the certificate's standards into the cross-sectoral
// standards PACT names and the product or sector rules.
func (f *Footprint) setMethod(c *certification.Certificate) error {
	rule := strings.TrimSpace(fmt.Sprintf("%s v%s (%s)", firstNonEmpty(c.Rule.NameEN, c.Rule.NameZH), c.Rule.Version, c.Rule.Code))
	f.RuleNames = []string{rule}
	for _, s := range c.Standards {
		mapped := false
		for _, m := range crossSectoral {
			if strings.HasPrefix(s, m.prefix) {
				mapped = true
				if !slices.Contains(f.Standards, m.v3) {
					f.Standards = append(f.Standards, m.v3)
				}
			}
		}
		if !mapped || strings.HasPrefix(s, "GB/T") {
			if !slices.Contains(f.RuleNames, s) {
				f.RuleNames = append(f.RuleNames, s)
			}
		}
	}
	if len(f.Standards) == 0 {
		return footprint.FieldErrorf(footprint.EINVALID, "standards", "certificate %s names no cross-sectoral standard PACT knows (ISO 14067, ISO 14040/14044, ISO 14083, GHG Protocol, PEF)", c.Number)
	}
	return nil
}

// standardsV2 returns the deprecated v2 crossSectoralStandardsUsed values.
func (f *Footprint) standardsV2() []string {
	var out []string
	for _, s := range f.Standards {
		for _, m := range crossSectoral {
			if m.v3 == s && m.v2 != "" && !slices.Contains(out, m.v2) {
				out = append(out, m.v2)
			}
		}
	}
	return out
}

// setDeclaredUnit checks that the declared unit can be stated: one PACT
// knows, or any other whose product mass is known (it is then stated per
// kilogram).
func (f *Footprint) setDeclaredUnit() error {
	if !(f.DeclaredAmount > 0) {
		return footprint.FieldErrorf(footprint.EINVALID, "declared_unit.amount", "declared unit amount must be positive")
	}
	u, err := footprint.ParseUnit(f.DeclaredUnit)
	if err != nil {
		return footprint.FieldErrorf(footprint.EINVALID, "declared_unit.unit", "%s", footprint.ErrorMessage(err))
	}
	if u.Dim == footprint.DimMass {
		f.MassKg = f.DeclaredAmount * u.ToBase
	}
	if _, ok := unitsV3[u.Symbol]; !ok && !(f.MassKg > 0) {
		return footprint.FieldErrorf(footprint.EINVALID, "declared_unit.unit", "declared unit %s has no PACT equivalent and the product mass is unknown", u.Symbol)
	}
	return nil
}

// unitsV3 and unitsV2 map unit symbols to PACT declared units. v2 has no
// piece; v3 has. Any other unit (kWp, t, …) is stated per kilogram of
// product.
var (
	unitsV3 = map[string]string{
		"kg": "kilogram", "L": "liter", "m³": "cubic meter", "kWh": "kilowatt hour",
		"MJ": "megajoule", "t·km": "ton kilometer", "m²": "square meter", "piece": "piece",
	}
	unitsV2 = map[string]string{
		"kg": "kilogram", "L": "liter", "m³": "cubic meter", "kWh": "kilowatt hour",
		"MJ": "megajoule", "t·km": "ton kilometer", "m²": "square meter",
	}
)

// boundaryText describes the boundary and the stages the certificate
// reports, with their figures per declared unit.
func boundaryText(c *certification.Certificate) string {
	var b strings.Builder
	switch c.Boundary {
	case footprint.BoundaryCradleToGate:
		b.WriteString("Cradle-to-gate (partial carbon footprint, GB/T 24067-2024 / ISO 14067:2018).")
	default:
		b.WriteString("Cradle-to-grave (GB/T 24067-2024 / ISO 14067:2018).")
	}
	b.WriteString(" Life-cycle stages, " + perDeclaredUnit + ":")
	sep := ""
	for _, s := range c.Stages {
		// A stage declared not applicable is not a stage counted at 0, as
		// the certificate says (red team 25: a laptop "sold ex-works").
		if !slices.ContainsFunc(c.NotApplicable, func(na certification.CertificateNotApplicable) bool { return na.Code == s.Code }) {
			fmt.Fprintf(&b, "%s %s %s %s", sep, s.Code, firstNonEmpty(s.NameEN, s.NameZH), textNumber(s.KgCO2e))
			sep = ";"
		}
	}
	b.WriteString(".")
	for _, na := range c.NotApplicable {
		fmt.Fprintf(&b, " Stage %s %s declared not applicable, not counted: %s.", na.Code, firstNonEmpty(na.NameEN, na.NameZH), strings.TrimSuffix(na.Reason, "."))
	}
	return b.String()
}

// Decimal writes x as a PACT Decimal: a dotted decimal with no exponent,
// the shortest that reads back as x ("1.63", "-182.84", "0").
func Decimal(x float64) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

func formatAmount(x float64) string { return Decimal(x) }

// textNumber writes a figure in prose to six significant digits; the
// fields themselves carry every digit.
func textNumber(x float64) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	return Decimal(r)
}

// timeString writes a PACT DateTime: RFC 3339 in UTC, to the second.
func timeString(t time.Time) string { return t.UTC().Format(time.RFC3339) }

package certification

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	pathpkg "path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/internal/modelchars"
	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"
)

// Certificate is an issued product carbon-footprint certificate: a
// self-contained, immutable snapshot of everything reference/standards.md
// §7.2 asks a certificate to carry. Values are copied in (never pointers into
// a study or a result), so a certificate reads the same forever, whatever
// happens to the data it was made from.
//
// A Certificate is what is signed (SignCertificate signs its canonical
// encoding, MarshalCanonical). Its live status (suspended, withdrawn, …) is
// not part of it: status changes after issue, the signed content never does.
// See CertificateStatus.
//
// Times are kept to the second, in UTC; the canonical encoding drops anything
// finer. Optional numbers are pointers: nil means "not known", which is not
// the same as zero.
type Certificate struct {
	// Identity.
	ID         uuid.UUID // random (version 4): unguessable, so the public verify URL cannot be enumerated
	Number     string    // human-readable number, e.g. "CDPCF-2026-000123" (FormatCertificateNumber)
	Revision   int       // 1 for a first issue; a successor is the revision it supersedes plus one
	Supersedes uuid.UUID // the certificate this one replaces; uuid.Nil for a first issue

	// Parties.
	Holder       CertificateParty   // 委托人: who applied for the certificate
	Manufacturer CertificateParty   // 生产者
	Sites        []CertificateParty // 生产企业: production sites (certification is per product and plant)
	Certifier    CertificateCertifier

	// Product.
	Product CertificateProduct

	// Method.
	Rule          CertificateRule
	Standards     []string           // basis standards, e.g. "GB/T 24067-2024", "ISO 14067:2018", and the rule's own
	FactorSet     string             // factor-set version every factor came from, e.g. "2026.1"
	EngineVersion string             // calculation method version (EngineVersion of the result)
	Boundary      footprint.Boundary // cradle-to-gate (partial CFP) or cradle-to-grave
	DeclaredUnit  CertificateDeclaredUnit
	PeriodStart   time.Time // data reference period, first day (midnight UTC)
	PeriodEnd     time.Time // data reference period, last day (midnight UTC)

	// Results, kgCO2e per declared unit. Offsets are never netted.
	KgCO2e            float64
	Stages            []CertificateStage   // per life-cycle stage, in the rule's order
	PerUnit           []CertificatePerUnit // the total in other reporting units, e.g. per kWp and per m² for PV
	FossilKgCO2e      *float64             // nil when not known
	BiogenicKgCO2e    *float64             // nil when not known
	PackagingIncluded bool

	// Data quality.
	DQR                 float64 // contribution-weighted PEF DQR, 1 (best) to 5; 0 = not rated
	PrimaryDataSharePct float64 // share of the total from primary data, 0 to 100

	// DQRCoveragePct is the share of the total, 0 to 100, that the lines
	// the DQR is weighted over cover (Result.DQRCoveragePct; format 5):
	// the DQR rates those lines only, and a DQR of one small well-rated
	// line is no rating of the footprint (red team 8). 0 when the DQR is;
	// earlier formats sign no coverage and leave it 0.
	DQRCoveragePct float64

	// DQRSelfRatedPct is the share, 0 to 100, of the DQR's weight (the
	// rated kgCO2e it is weighted over, Result.DQRSelfRatedPct; format 8)
	// whose rating is the study's own dq scores for its lines, not the
	// rating of the factor set or of a supplier certificate: a study that
	// rates every line of the demo module 1/1/1/1 prints DQR 1.00
	// "excellent" over 100 % of the total on its own word, which the
	// reader could not tell from a set's rating (session 51). 0 when the
	// DQR is, or rests on no score of the study's; earlier formats sign
	// none and leave it 0.
	DQRSelfRatedPct float64

	// Electricity.
	Electricity CertificateElectricity

	// UseScenario is the use-stage scenario the footprint rests on (format
	// 6): annual energy × lifetime × the grid factor of the country of use
	// (reference/standards.md §3.2). It is the largest lever on an
	// electrical product's figure (red team 42: the demo laptop's lifetime
	// of 4 years given as 0.1 halved it), and no floor in the reference
	// refuses a short one, so it is signed and printed where the figure is.
	// nil when the result has no use stage, and in earlier formats.
	UseScenario *CertificateUseScenario

	// CreditsKgCO2e is the result's recycling (end-of-life) credits per
	// declared unit, ≤ 0 (Result.CreditsKgCO2e; format 7): reported
	// separately and never netted into KgCO2e (reference/standards.md §8,
	// separate outputs, nothing netted). Earlier formats sign none, so a
	// certificate did not show the demo laptop's −4.3365 kgCO2e at all
	// (audit, session 55); they leave it 0.
	CreditsKgCO2e float64

	// Validity.
	IssuedAt  time.Time
	ExpiresAt time.Time // IssuedAt plus the rule's validity (CertificateExpiry; 2 years by default), or the expiry of the same data's earlier certificate (CertificateInput.ExpiresBy)

	// Traceability.
	StudyID      string // the study the result was calculated from
	ResultDigest string // hex SHA-256 of the result's canonical encoding

	// Format selects the canonical encoding: 0 for pcf-certificate/1
	// (CertificateFormat; certificates issued before format 2 decode to
	// 0, so they re-encode to the bytes that were signed), 2 for
	// pcf-certificate/2 (CertificateFormat2) or 3 for pcf-certificate/3
	// (CertificateFormat3), 4 for pcf-certificate/4 (CertificateFormat4)
	// 5 for pcf-certificate/5 (CertificateFormat5), 6 for
	// pcf-certificate/6 (CertificateFormat6), 7 for pcf-certificate/7
	// (CertificateFormat7), 8 for pcf-certificate/8 (CertificateFormat8)
	// or 9 for pcf-certificate/9 (CertificateFormat9), which NewCertificate
	// writes (9 when the study uses a supplier certificate, whose product
	// codes its supplier list then signs; else 7 when the DQR rests on none
	// of the study's own scores, 8 when it does).
	// The fields below are format 2 on only (Factors format 3 on,
	// VerifyBase format 4 on, DQRCoveragePct format 5 on, and
	// UseScenario above format 6 on, CreditsKgCO2e format 7 on,
	// DQRSelfRatedPct format 8 on, 0 allowed in format 9): an earlier
	// format leaves them zero (Validate refuses one that does not).
	Format int

	// SupersedesNumber is the number of the certificate Supersedes names
	// ("" for a first issue), so that documents print numbers, not UUIDs.
	SupersedesNumber string

	// What a buyer needs to recompute the result (docs/certificates.md
	// §2.1): the digest of the study document as stored (StudyDigest),
	// of the published factor set (FactorSetDigest, FactorSet.Digest),
	// and a commitment to the supplier certificates the study used, each
	// with the footprint it gave the result (SuppliersDigest). Supplier
	// lists are private (PRODUCT.md principle 7) and signed content is
	// public: the list itself is kept with the certificate's record and
	// disclosed by its holder with the study, which holds the commitment's
	// salt (SuppliersDigest).
	StudyDigest     string
	FactorSetDigest string
	SuppliersDigest string

	// What the reader needs besides the figure: the Monte Carlo range
	// (nil when the result has none), the cut-off, and the stages the
	// study declared not applicable with their reasons.
	Uncertainty   *CertificateUncertainty
	CutOff        CertificateCutOff
	NotApplicable []CertificateNotApplicable

	// Factors names the emission factors that carry the footprint, with
	// their quality grade and source (format 3, issue 15): the largest
	// contributors until they make up CertificateFactorsCoverPct of the
	// total (at most MaxCertificateMainFactors of them), and every
	// electricity grid factor used, whatever its share
	// (CertificateFactorsFromResult). Format 1 and 2 leave it empty.
	Factors []CertificateFactor

	// VerifyBase is the base URL of the issuing service's public
	// verification pages, e.g. "https://pcf.example.cn" (format 4, and
	// format 5 when the service signs its address): the QR
	// code of the certificate's documents leads to exactly
	// CertificateVerifyURL(VerifyBase, ID) (Certificate.VerifyURL), so that
	// a genuine certificate rendered again with a QR code to another site is
	// not the issued document. Earlier formats, and a format-5
	// certificate of a service in local mode, leave it empty: their QR
	// code's address is not signed.
	VerifyBase string
}

// CertificateFactor is an emission factor a certificate names (format 3):
// its code, names and the published set it came from, the part of the
// total it gave, its reference confidence grade and where its value was
// published. All of it is public: the factor is a published one, and the
// share says how much of the printed footprint rests on it, not what
// quantities the study used.
type CertificateFactor struct {
	Code     string
	NameZH   string
	NameEN   string
	Set      string  // the factor-set version it came from
	Grid     bool    // an electricity grid factor (named whatever its share)
	KgCO2e   float64 // kgCO2e per declared unit it gave the total
	SharePct float64 // KgCO2e as a percentage of the total
	Grade    string  // A, B, B-UK, C, D or E (CertificateGrades); "" when the factor is not graded
	Source   string  // source locator, e.g. "CPCD 17100H1562020A" (the first part of Source.Locator)
}

// CertificateGrades are the reference confidence grades a certificate
// factor may carry (reference/factors.md legend): A primary, B official
// cross-checked, B-UK official UK dataset, C CPCD core database, D CPCD
// literature or single secondary source, E our estimate.
var CertificateGrades = []string{"A", "B", "B-UK", "C", "D", "E"}

// Which factors a format-3 certificate names (CertificateFactorsFromResult).
const (
	// CertificateFactorsCoverPct is the share of the total the named
	// factors cover, the largest first.
	CertificateFactorsCoverPct = 80

	// MaxCertificateMainFactors caps the largest contributors named, so
	// that a footprint spread over many small factors still prints on a
	// page: a certificate then names these and says what share they cover.
	MaxCertificateMainFactors = 8

	// MaxCertificateFactors bounds Factors: the main factors and up to
	// MaxCertificateCodes grid factors.
	MaxCertificateFactors = MaxCertificateMainFactors + footprint.MaxCertificateCodes

	// maxCertificateFactorSource bounds a printed source locator.
	maxCertificateFactorSource = 120
)

// CertificateSupplier is a supplier footprint a certified study used
// (issue 9 item 7): the reference as the study's BOM gives it, the
// certificate it resolves to, and the footprint it gave the result
// (NewCertificateSupplier), so that a verifier can recompute the result
// (CertificateSupplier.Footprint). A certificate signs the list through
// SuppliersDigest.
//
// In a format-3 certificate's list an entry may also be a supplier's PACT
// footprint (issue 11 "In"; IsPACT, NewPACTCertificateSupplier): Ref is
// "pact:<id>", ID the footprint's id, SpecVersion and Version its PACT
// specVersion and v2 version (0 in v3, where any change is a new id), and
// Supplier, Product, Unit and KgCO2e what the stored document gave the
// calculation. Number, Boundary, FactorSet and the times are zero: the
// verifier reads the footprint from the PACT document itself.
type CertificateSupplier struct {
	Ref         string    // as the study references it: the certificate's UUID or number, or "pact:<id>"
	ID          uuid.UUID // the supplier certificate, or the PACT footprint's id
	Number      string
	Supplier    string // the supplier's manufacturer, as the footprint names it
	Product     string // its product and model
	Unit        string // the supplier's declared unit symbol, e.g. "kg", "piece"
	KgCO2e      float64
	Boundary    footprint.Boundary
	FactorSet   string // the factor set the supplier's result used
	IssuedAt    time.Time
	ValidUntil  time.Time
	PeriodStart time.Time // the supplier's data reference period
	PeriodEnd   time.Time

	SpecVersion string // a PACT footprint's specVersion, e.g. "2.3.0"; "" for a certificate
	Version     int    // a PACT v2 footprint's version; 0 in v3 and for a certificate

	// UncertaintyPct and DQR are what a supplier certificate signs of its
	// figure's quality, as the calculation took them: the relative 95 %
	// half-width of its range (its wider side, never below
	// footprint.SupplierUncertaintyPct) and its DQR. 0 in a list written
	// before they were (red team 33: a certificate's range of ±100 % was
	// counted at ±10 %, its DQR 4.0 as unrated, narrowing the buyer's range
	// and bettering its DQR): the calculation then takes the defaults.
	UncertaintyPct float64
	DQR            float64

	// PrimarySharePct is the primary-data share a supplier certificate
	// signs (Certificate.PrimaryDataSharePct), as the calculation took it:
	// the buyer's line is primary data in that share only. nil in a list
	// written before (red team 50: a certificate of secondary data, 0 %
	// primary, counted whole as the buyer's primary data, its printed share
	// raised by the supplier's part of the total): the calculation then
	// counts the line as primary data, as it did.
	PrimarySharePct *float64

	// DQRCoveragePct is the share of its total, 0 to 100, a supplier
	// certificate's DQR covers (Certificate.DQRCoveragePct, format 5 on):
	// the buyer's line is rated by the DQR in that share only. nil for a
	// certificate of an earlier format, which signs no coverage, and in a
	// list written before (red team 51: a board certificate rating 4.5 %
	// of its figure at DQR 1.2 rated the buyer's whole line, raising the
	// buyer's printed DQR coverage by the board's share): the line is then
	// rated whole, as it was.
	DQRCoveragePct *float64

	// DQRSelfRatedPct is the share, 0 to 100, of a supplier certificate's
	// DQR that rests on its own study's scores (Certificate.DQRSelfRatedPct,
	// format 8): the buyer's DQR rests on them in that share of the line's
	// weight. nil for a certificate that signs none (reviewer 51: the cells'
	// certificate rated 1/1/1/1 by its own study, 100 % self-rated, lowered
	// the demo module's DQR from 2.48 to 1.91 with 0 % self-rated printed).
	DQRSelfRatedPct *float64

	// ProductCodes are the product codes supplier certificate ID signs
	// (Certificate.Product.Codes), in its order: what the footprint is of.
	// The Monte Carlo moves the footprint with the families of its HS codes
	// (montecarlo.SupplierFamilies), so a verifier recomputing the range
	// needs them as the service read them. Non-nil (empty for a certificate
	// of none) in the list of a pcf-certificate/9 certificate; nil in a list
	// written before, whose footprint then moves with every family, as it
	// did. Never set for a PACT footprint, whose codes are its uploader's.
	ProductCodes []footprint.ProductCode
}

// IsPACT reports whether s is a supplier's PACT footprint rather than a
// supplier certificate.
func (s CertificateSupplier) IsPACT() bool {
	return strings.HasPrefix(s.Ref, footprint.PACTSupplierPrefix)
}

// pactMajor returns the major version of a PACT specVersion ("2", "3").
func pactMajor(specVersion string) string {
	major, _, _ := strings.Cut(specVersion, ".")
	return major
}

// CertificateUncertainty is the Monte Carlo range of the total
// (Result.Uncertainty): LowKgCO2e and HighKgCO2e are the LowPercentile and
// HighPercentile percentiles of the runs.
type CertificateUncertainty struct {
	Method         string // Result.Uncertainty.Method, e.g. "monte-carlo-lhs-lognormal"
	Runs           int
	LowPercentile  float64 // e.g. 2.5
	HighPercentile float64 // e.g. 97.5
	LowKgCO2e      float64
	MedianKgCO2e   float64
	HighKgCO2e     float64
}

// CertificateCutOff states what the study left out under the rule's
// cut-off criteria: the share of the exempted items on Basis
// ("emissions": their screening estimate against the total with them;
// "mass": their mass against the product's), the rule's limit, and how
// many lines were exempted. Basis is "" when nothing was.
type CertificateCutOff struct {
	Basis    string
	SharePct float64
	LimitPct float64
	Items    int
}

// Cut-off bases (CertificateCutOff.Basis, Result.ExemptedBasis).
const (
	CutOffEmissions = "emissions"
	CutOffMass      = "mass"
)

// CertificateNotApplicable is a stage the study declared not applicable,
// with its reason (issue 9 item 4).
type CertificateNotApplicable struct {
	Code   string
	NameZH string
	NameEN string
	Reason string
}

// CertificateParty is a company or a production site named on a
// certificate.
type CertificateParty struct {
	NameZH  string
	NameEN  string
	Address string
}

// CertificateCertifier is the certification body that issued a certificate.
type CertificateCertifier struct {
	NameZH         string
	NameEN         string
	ApprovalNumber string // CNCA approval number of the certification body
	Signatory      string // authorised signatory, printed in the signature block
}

// CertificateProduct is the certified product.
type CertificateProduct struct {
	NameZH string
	NameEN string
	Model  string // model or specification
	Codes  []footprint.ProductCode
	GTIN   string // optional
}

// CertificateRule is the accounting rule (product category rule) a result
// follows.
type CertificateRule struct {
	Code    string // e.g. "pv-module"
	Version string
	NameZH  string
	NameEN  string
}

// CertificateDeclaredUnit is the unit the results refer to, with the words a
// label prints: 1 "piece", shown as "块" and "module".
type CertificateDeclaredUnit struct {
	Amount  float64 // e.g. 1
	Unit    string  // unit symbol (ParseUnit), e.g. "piece", "kWp"
	LabelZH string  // e.g. "块"
	LabelEN string  // e.g. "module"
}

// PerZH is the Chinese unit of a result as the documents print it:
// "kgCO2e/块", or "kgCO2e/10 块" when the amount is not one.
func (du CertificateDeclaredUnit) PerZH() string {
	return "kgCO2e/" + du.words(du.LabelZH, du.LabelEN)
}

// PerEN is the English reading of a result's unit: "per module", or
// "per 10 module" when the amount is not one.
func (du CertificateDeclaredUnit) PerEN() string {
	return "per " + du.words(du.LabelEN, du.LabelZH)
}

// PerENPlural is PerEN with the label of a count unit in the plural when
// the amount is not one ("per 10 modules"), as the certificate of document
// layout 6 and the verification page print it; a unit symbol (kWp, m²) has
// no plural ("per 2.5 kWp").
func (du CertificateDeclaredUnit) PerENPlural() string {
	if u, err := footprint.ParseUnit(du.Unit); du.Amount == 1 || err != nil || !u.Dim.IsCount() || du.LabelEN == "" {
		return du.PerEN()
	}
	first, rest, _ := strings.Cut(du.LabelEN, " ")
	du.LabelEN = strings.TrimSpace(pluralEN(first) + " " + rest)
	return du.PerEN()
}

// pluralEN is the plural of an English noun naming a product's piece
// (module, unit, piece, battery, box).
func pluralEN(w string) string {
	lw := strings.ToLower(w)
	switch {
	case w == "" || strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss"):
		return w // already plural, or a symbol
	case strings.HasSuffix(lw, "ss"), strings.HasSuffix(lw, "x"), strings.HasSuffix(lw, "ch"), strings.HasSuffix(lw, "sh"):
		return w + "es"
	case strings.HasSuffix(lw, "y") && len(lw) > 1 && !strings.ContainsRune("aeiou", rune(lw[len(lw)-2])):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// words returns label (other when label is empty), after the amount when
// that is not one.
func (du CertificateDeclaredUnit) words(label, other string) string {
	if label == "" {
		label = other
	}
	if du.Amount != 1 {
		label = strconv.FormatFloat(du.Amount, 'g', -1, 64) + " " + label
	}
	return label
}

// CertificateStage is the footprint of one life-cycle stage.
type CertificateStage struct {
	Code   string // the rule's stage code, e.g. "A1"
	NameZH string
	NameEN string
	KgCO2e float64
}

// CertificatePerUnit is the total expressed per another reporting unit.
type CertificatePerUnit struct {
	Unit    string // unit symbol, e.g. "kWp", "m²"
	LabelZH string
	LabelEN string
	KgCO2e  float64 // per one Unit
}

// Printed is the figure as a certificate of layout 6 prints it and the
// verification page shows it: the Chinese unit name after "kgCO2e/"
// ("77.4 kgCO2e/平方米组件面积 per m² of module area"; the unit's symbol where
// the rule gives no Chinese name, "per" and the symbol where it gives no
// English).
func (u CertificatePerUnit) Printed() string {
	zh := cmp.Or(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(u.LabelZH), "每")), u.Unit)
	return footprint.FormatKgCO2e(u.KgCO2e) + " kgCO2e/" + zh + " " + cmp.Or(strings.TrimSpace(u.LabelEN), "per "+u.Unit)
}

// CertificateUseScenario is the use-stage scenario a format-6 certificate
// signs: the study's annual energy and lifetime of one piece, and the
// country of use and grid factor the result's use stage was computed with
// (footprint.UseProfile; reference/standards.md §3.2).
type CertificateUseScenario struct {
	AnnualKWh     float64 // energy used in a year by one piece
	LifetimeYears float64
	Country       string // ISO 3166-1 alpha-2, upper case, e.g. "CN"
	Factor        string // the grid-mix life-cycle factor of the country of use
}

// sameUseScenario reports whether a and b sign the same use scenario, or
// none.
func sameUseScenario(a, b *Certificate) bool {
	if a.UseScenario == nil || b.UseScenario == nil {
		return a.UseScenario == b.UseScenario
	}
	return *a.UseScenario == *b.UseScenario
}

// PrintedUseScenario returns the use scenario of c as its documents (of
// layout 5 on), the verification page and pcf verify print it, in Chinese
// and in English: "每年 20 kWh × 4 年，CN 电网（因子 ELEC-CN-…）", "20 kWh a
// year × 4 years, grid of CN (factor ELEC-CN-…)". The annual energy is of
// one piece of product, and the use stage counts it for every piece of the
// declared unit: when that is not one piece, the text says whose it is,
// with the certificate's per-piece words ("每台每年 20 kWh …", "20 kWh a
// year per unit …"). Without them, an auditor who recomputed the use stage
// of a certificate per 10 units from "20 kWh a year" got a tenth of it.
// "", "" when c signs none.
func (c *Certificate) PrintedUseScenario() (zh, en string) {
	if c.UseScenario == nil || c.DeclaredUnit.isOnePiece() {
		return c.PrintedUseScenarioLayout4()
	}
	perZH, perEN := "每件产品", "per piece of product"
	if i := slices.IndexFunc(c.PerUnit, func(p CertificatePerUnit) bool { return isCountUnit(p.Unit) }); i >= 0 && c.PerUnit[i].LabelZH != "" && c.PerUnit[i].LabelEN != "" {
		perZH, perEN = c.PerUnit[i].LabelZH, c.PerUnit[i].LabelEN
	}
	return c.printedUseScenario(perZH, " "+perEN)
}

// PrintedUseScenarioLayout4 returns the use scenario of c as documents of
// layout 4 print it, whatever the declared unit: without saying that the
// annual energy is of one piece. Kept so that those documents still verify.
func (c *Certificate) PrintedUseScenarioLayout4() (zh, en string) {
	return c.printedUseScenario("", "")
}

// printedUseScenario is the use scenario's text with the words of one
// piece (perZH before 每年, perEN after "a year"), "" for none.
func (c *Certificate) printedUseScenario(perZH, perEN string) (zh, en string) {
	u := c.UseScenario
	if u == nil {
		return "", ""
	}
	kwh, years := strconv.FormatFloat(u.AnnualKWh, 'f', -1, 64), strconv.FormatFloat(u.LifetimeYears, 'f', -1, 64)
	unit := "years"
	if u.LifetimeYears == 1 {
		unit = "year"
	}
	return perZH + "每年 " + kwh + " kWh × " + years + " 年，" + u.Country + " 电网（因子 " + u.Factor + "）",
		kwh + " kWh a year" + perEN + " × " + years + " " + unit + ", grid of " + u.Country + " (factor " + u.Factor + ")"
}

// isOnePiece reports whether the declared unit is one piece of product (a
// count of one), whose figures are those of one piece.
func (du CertificateDeclaredUnit) isOnePiece() bool {
	u, err := footprint.ParseUnit(du.Unit)
	return err == nil && u.Dim.IsCount() && du.Amount*u.ToBase == 1
}

// isCountUnit reports whether symbol is a count unit (piece, 台, 片, …).
func isCountUnit(symbol string) bool {
	u, err := footprint.ParseUnit(symbol)
	return err == nil && u.Dim.IsCount()
}

// certificateUseScenario is the use scenario of the study s whose result r
// has a use stage (the line the engine computed from s.Product.Use, with
// the factor it took); nil when r has none.
func certificateUseScenario(s *footprint.Study, r *footprint.Result) *CertificateUseScenario {
	u := s.Product.Use
	if u == nil {
		return nil
	}
	for _, l := range r.Lines {
		if l != nil && l.Kind == footprint.ContribUse {
			return &CertificateUseScenario{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears,
				Country: strings.ToUpper(cmp.Or(u.Country, footprint.DefaultGeography)), Factor: l.FactorCode}
		}
	}
	return nil
}

// CertificateElectricity states how electricity was accounted for.
type CertificateElectricity struct {
	Approach    string   // grid, green-power, mixed or none (the result's electricity approach)
	GridFactors []string // codes of the grid life-cycle factors used
	Instruments []CertificateInstrument
}

// CertificateInstrument is a green-power instrument (绿证 or 绿电) claimed
// for the certified result.
type CertificateInstrument struct {
	Kind       footprint.InstrumentKind
	Serial     string
	SerialLast string // last serial of a batch of green certificates, if the study named it
	MWh        float64
}

// Certificate numbering and validity.
const (
	// CertificateNumberPrefix starts the numbers this service issues.
	CertificateNumberPrefix = "CDPCF"

	// DefaultCertificateValidityYears is how long a certificate is valid
	// unless its rule says otherwise (CNCA general rules, 2025-03).
	DefaultCertificateValidityYears = 2
)

// Limits on repeated certificate content; they keep a certificate printable
// on an A4 sheet or two.
const (
	MaxCertificateStages      = 30
	MaxCertificateSites       = 10
	MaxCertificateInstruments = footprint.MaxInstruments
	MaxCertificateStandards   = 10
	MaxCertificateSuppliers   = footprint.MaxSuppliers
)

var certificateNumberRe = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}-[0-9]{4}-[0-9]{6,9}$`)

// FormatCertificateNumber returns the human-readable number of the seq-th
// certificate issued in year, e.g. "CDPCF-2026-000123".
func FormatCertificateNumber(prefix string, year, seq int) string {
	return fmt.Sprintf("%s-%04d-%06d", prefix, year, seq)
}

// CertificateYear is the year a certificate issued at issued is numbered
// in: the year of its issue date in China, the date it prints (it was the
// UTC year until 2026-12, so that a certificate issued on 1 January before
// 08:00 in China was numbered in the year before).
func CertificateYear(issued time.Time) int { return issued.In(ChinaTime).Year() }

// CertificateExpiry returns the expiry of a certificate issued at issued and
// valid for years (DefaultCertificateValidityYears when years <= 0): the
// last second of the day, in China, years after the day of issue (of 28
// February for one issued on 29 February, in a year without one). A
// certificate prints that date as "valid until"; it expired at the time of
// day of its issue until 2026-12 (forger red team: every verifier said
// expired for up to a day while the document read "valid until today").
// A certificate keeps the expiry it signs.
func CertificateExpiry(issued time.Time, years int) time.Time {
	if years <= 0 {
		years = DefaultCertificateValidityYears
	}
	// The anniversary, or the month's last day when it has none (29
	// February): the Civil Code of the PRC, art. 202. AddDate would
	// normalise 29 February to 1 March.
	d := issued.In(ChinaTime)
	last := time.Date(d.Year()+years, d.Month()+1, 0, 0, 0, 0, 0, ChinaTime).Day()
	return time.Date(d.Year()+years, d.Month(), min(d.Day(), last), 23, 59, 59, 0, ChinaTime).UTC()
}

// ChinaTime is China Standard Time, in which certificates print their
// dates (labels.FormatDate).
// ChinaTime is China Standard Time (Asia/Shanghai, UTC+8, no daylight
// saving since 1991), in which certificates, labels and pages give dates:
// one certificate issued in Chengdu at 07:30 is dated that day, not the
// day before. A fixed zone needs no tzdata; every package uses this one.
var ChinaTime = time.FixedZone("CST", 8*3600)

// SameDataExpiredError is the refusal, ECONFLICT naming study_id, of a
// certificate of data certified until a date that has passed (until, the
// date the certificate printed, in China's time): a certificate of the
// same data keeps that expiry (CertificateInput.ExpiresBy) and never
// lengthens it.
func SameDataExpiredError(studyID string, period footprint.Period, until time.Time) error {
	return footprint.FieldErrorf(footprint.ECONFLICT, "study_id", "研究 %[1]s 的数据(数据期间 %[2]s)已认证至 %[3]s,该有效期已过:同一数据的证书保留其有效期,不能延长;续证须提交近期数据期间的新研究。the data of study %[1]s (reference period %[2]s) were certified until %[3]s, which has passed: a certificate of the same data keeps that expiry and never lengthens it; a renewal is a new study of a recent period",
		studyID, period, until.In(ChinaTime).Format(time.DateOnly))
}

// CertificateVerifyPath returns the path of the public verification endpoint
// of certificate id, "/v1/certificates/<id>/verify". The QR code of a
// certificate and of its label encodes the service's base URL followed by
// this path, and nothing else.
func CertificateVerifyPath(id uuid.UUID) string {
	return "/v1/certificates/" + id.String() + "/verify"
}

// CertificateVerifyURL returns base (e.g. "https://pcf.example.cn") joined
// with CertificateVerifyPath. It returns EINVALID unless base is an absolute
// http(s) URL with no query or fragment.
func CertificateVerifyURL(base string, id uuid.UUID) (string, error) {
	base = strings.TrimRight(base, "/")
	scheme, rest, ok := strings.Cut(base, "://")
	if !ok || (scheme != "https" && scheme != "http") || rest == "" || strings.ContainsAny(rest, "?# \t\r\n") {
		return "", footprint.Errorf(footprint.EINVALID, "verification base URL %q: want an absolute https URL such as https://pcf.example.cn", base)
	}
	return base + CertificateVerifyPath(id), nil
}

// VerifyURL returns the URL the QR code of c's documents encodes: under
// the signed VerifyBase of a format-4 certificate, else under base (the
// service's own base URL, for an earlier format).
func (c *Certificate) VerifyURL(base string) (string, error) {
	return CertificateVerifyURL(cmp.Or(c.VerifyBase, base), c.ID)
}

// CheckVerifyURL requires the URL a QR code encodes to lead to the
// certificate's own verify page, and to read as what it is: an http(s)
// URL whose host is plain ASCII and whose path, after an optional prefix
// (a base URL behind a proxy), is exactly the certificate's verify path.
// Ending in that path is not enough: a query or a fragment holding it
// ("…/certificates/B/verify?x=…/certificates/A/verify"), dot segments
// that a browser resolves to another certificate's page, a user-info part
// ("https://pcf.example.cn@evil.example/…") or a host with look-alike
// characters lead a reader somewhere else than they read. path is the
// certificate's verify path (CertificateVerifyPath). pcf
// serve checks its --base-url with it at start (CheckVerifyBase), so that
// a base URL the labels would refuse is refused before any certificate is
// issued.
func CheckVerifyURL(verifyURL, path string) error {
	bad := func() error {
		return footprint.FieldErrorf(footprint.EINVALID, "verify_url",
			"verification URL %q must be an http(s) URL ending in %s, with an ASCII host and no user info, query, fragment, escapes or dot segments",
			verifyURL, path)
	}
	for _, r := range verifyURL {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`?#%@\"<>^{|}`+"`", r) {
			return bad()
		}
	}
	u, err := url.Parse(verifyURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Opaque != "" || u.User != nil || u.Host == "" ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.RawPath != "" ||
		verifyURL != u.Scheme+"://"+u.Host+u.Path || !strings.HasSuffix(u.Path, path) {
		return bad()
	}
	prefix := strings.TrimSuffix(u.Path, path)
	if prefix != "" && (!strings.HasPrefix(prefix, "/") || pathpkg.Clean(prefix) != prefix) {
		return bad()
	}
	for _, r := range u.Host {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-.:[]", r)) {
			return bad()
		}
	}
	return nil
}

// CheckVerifyBase returns EINVALID, naming field, unless base is a base URL
// a QR code may lead to (CheckVerifyURL of its verification URLs) without
// a trailing slash.
func CheckVerifyBase(field, base string) error {
	path := CertificateVerifyPath(uuid.Nil)
	if err := CheckVerifyURL(base+path, path); err != nil || strings.HasSuffix(base, "/") {
		return footprint.FieldErrorf(footprint.EINVALID, field, "verification base URL %q: want an http(s) URL without a trailing slash, with an ASCII host and no user info, query, fragment, escapes or dot segments, such as https://pcf.example.cn", base)
	}
	return nil
}

// CertificateRenderer renders signed certificates as documents: the A4
// certificate and the on-pack label. Implementations are pure (no clock, no
// storage): the same arguments give the same bytes. The output is returned
// whole, so a failure never leaves a half-written response.
//
// verifyURL is the URL the QR code encodes; it must end with
// CertificateVerifyPath of the certificate (CertificateVerifyURL builds it).
//
// That every issued certificate can be printed is checked at issue, not
// here: the store runs the renderer's font check on each certificate before
// signing it (cmd wires labels.Renderer.CheckCertificate into
// factordb.CertificationService).
type CertificateRenderer interface {
	// RenderCertificatePDF returns the bilingual A4 certificate as PDF,
	// printing status as the status at the time of the download. The
	// signed content and its signature are embedded so that the file can
	// be verified offline. Returns EINVALID for an invalid certificate,
	// status or verifyURL, or text the fonts cannot draw.
	RenderCertificatePDF(ctx context.Context, sc *SignedCertificate, status CertificateStatus, verifyURL string) ([]byte, error)

	// RenderLabelPDF returns the on-pack label (60 × 40 mm) as PDF, with
	// the signed content embedded. Errors as RenderCertificatePDF.
	RenderLabelPDF(ctx context.Context, sc *SignedCertificate, verifyURL string) ([]byte, error)

	// RenderLabelPNG returns the same label as a PNG image. Errors as
	// RenderCertificatePDF.
	RenderLabelPNG(ctx context.Context, sc *SignedCertificate, verifyURL string) ([]byte, error)
}

// Validate returns EINVALID, naming the field (as in the canonical
// encoding), if the certificate is incomplete or inconsistent.
func (c *Certificate) Validate() error {
	if c == nil {
		return footprint.Errorf(footprint.EINVALID, "certificate is empty")
	}
	if c.ID == uuid.Nil || c.ID.Version() != 4 || c.ID.Variant() != uuid.RFC4122 {
		return footprint.FieldErrorf(footprint.EINVALID, "id", "id must be a random (version 4) UUID")
	}
	if !certificateNumberRe.MatchString(c.Number) {
		return footprint.FieldErrorf(footprint.EINVALID, "number", "invalid certificate number %q (want e.g. CDPCF-2026-000123)", c.Number)
	}
	switch {
	case c.Revision < 1:
		return footprint.FieldErrorf(footprint.EINVALID, "revision", "revision must be 1 or more")
	case c.Supersedes == c.ID:
		return footprint.FieldErrorf(footprint.EINVALID, "supersedes", "a certificate cannot supersede itself")
	case c.Revision == 1 && c.Supersedes != uuid.Nil:
		return footprint.FieldErrorf(footprint.EINVALID, "supersedes", "a certificate that supersedes another must have revision 2 or more")
	case c.Revision > 1 && c.Supersedes == uuid.Nil:
		return footprint.FieldErrorf(footprint.EINVALID, "supersedes", "revision %d must name the certificate it supersedes", c.Revision)
	}

	if err := c.Holder.validate("holder", true); err != nil {
		return err
	}
	if err := c.Manufacturer.validate("manufacturer", true); err != nil {
		return err
	}
	if len(c.Sites) == 0 || len(c.Sites) > MaxCertificateSites {
		return footprint.FieldErrorf(footprint.EINVALID, "sites", "between 1 and %d production sites are required", MaxCertificateSites)
	}
	for i, s := range c.Sites {
		if err := s.validate(fmt.Sprintf("sites[%d]", i), true); err != nil {
			return err
		}
	}
	if err := validateNames("certifier", c.Certifier.NameZH, c.Certifier.NameEN); err != nil {
		return err
	}
	if err := footprint.ValidateText("certifier.approval_number", c.Certifier.ApprovalNumber, 64, true); err != nil {
		return err
	}
	if err := footprint.ValidateText("certifier.signatory", c.Certifier.Signatory, 100, false); err != nil {
		return err
	}

	if err := c.Product.validate(); err != nil {
		return err
	}

	if err := footprint.ValidateText("rule.code", c.Rule.Code, 64, true); err != nil {
		return err
	}
	if err := footprint.ValidateText("rule.version", c.Rule.Version, 32, true); err != nil {
		return err
	}
	if err := footprint.ValidateText("rule.name_zh", c.Rule.NameZH, 200, false); err != nil {
		return err
	}
	if err := footprint.ValidateText("rule.name_en", c.Rule.NameEN, 200, false); err != nil {
		return err
	}
	if len(c.Standards) == 0 || len(c.Standards) > MaxCertificateStandards {
		return footprint.FieldErrorf(footprint.EINVALID, "standards", "between 1 and %d basis standards are required", MaxCertificateStandards)
	}
	for i, s := range c.Standards {
		if err := footprint.ValidateText(fmt.Sprintf("standards[%d]", i), s, 100, true); err != nil {
			return err
		}
	}
	if !footprint.ValidSetVersion(c.FactorSet) {
		return footprint.FieldErrorf(footprint.EINVALID, "factor_set", "invalid factor-set version %q", c.FactorSet)
	}
	if err := footprint.ValidateText("engine_version", c.EngineVersion, 32, true); err != nil {
		return err
	}
	if c.Boundary != footprint.BoundaryCradleToGate && c.Boundary != footprint.BoundaryCradleToGrave {
		return footprint.FieldErrorf(footprint.EINVALID, "boundary", "boundary must be %s or %s, not %q", footprint.BoundaryCradleToGate, footprint.BoundaryCradleToGrave, c.Boundary)
	}
	du := c.DeclaredUnit
	switch {
	case !(du.Amount > 0) || math.IsInf(du.Amount, 0):
		return footprint.FieldErrorf(footprint.EINVALID, "declared_unit.amount", "declared unit amount must be a positive number")
	case du.Unit == "":
		return footprint.FieldErrorf(footprint.EINVALID, "declared_unit.unit", "declared unit is required")
	}
	if _, err := footprint.ParseUnit(du.Unit); err != nil {
		return footprint.FieldErrorf(footprint.EINVALID, "declared_unit.unit", "%s", footprint.ErrorMessage(err))
	}
	if err := validateNames("declared_unit.label", du.LabelZH, du.LabelEN); err != nil {
		return err
	}
	switch {
	case c.PeriodStart.IsZero() || c.PeriodEnd.IsZero():
		return footprint.FieldErrorf(footprint.EINVALID, "period", "data reference period is required")
	case c.PeriodEnd.Before(c.PeriodStart):
		return footprint.FieldErrorf(footprint.EINVALID, "period", "reference period ends before it starts")
	}

	if err := validateKg("kg_co2e", c.KgCO2e); err != nil {
		return err
	}
	if c.KgCO2e < 0 {
		return footprint.FieldErrorf(footprint.EINVALID, "kg_co2e", "total must not be negative")
	}
	if len(c.Stages) == 0 || len(c.Stages) > MaxCertificateStages {
		return footprint.FieldErrorf(footprint.EINVALID, "stages", "between 1 and %d stages are required", MaxCertificateStages)
	}
	sum := 0.0
	seen := map[string]bool{}
	for i, s := range c.Stages {
		f := fmt.Sprintf("stages[%d]", i)
		if err := validateStage(f, s.Code, s.NameZH, s.NameEN, seen); err != nil {
			return err
		}
		if err := validateKg(f+".kg_co2e", s.KgCO2e); err != nil {
			return err
		}
		sum += s.KgCO2e
	}
	// The stages partition the total (credits are reported apart, never
	// netted); a mismatch means the certificate was assembled wrongly.
	if math.Abs(sum-c.KgCO2e) > 1e-6*math.Max(1, math.Abs(c.KgCO2e)) {
		return footprint.FieldErrorf(footprint.EINVALID, "stages", "stages sum to %g kgCO2e but the total is %g", sum, c.KgCO2e)
	}
	for i, pu := range c.PerUnit {
		f := fmt.Sprintf("per_unit[%d]", i)
		if _, err := footprint.ParseUnit(pu.Unit); err != nil {
			return footprint.FieldErrorf(footprint.EINVALID, f+".unit", "%s", footprint.ErrorMessage(err))
		}
		if err := footprint.ValidateText(f+".label_zh", pu.LabelZH, 50, false); err != nil {
			return err
		}
		if err := footprint.ValidateText(f+".label_en", pu.LabelEN, 50, false); err != nil {
			return err
		}
		if err := validateKg(f+".kg_co2e", pu.KgCO2e); err != nil {
			return err
		}
	}
	if len(c.PerUnit) > MaxCertificateStages {
		return footprint.FieldErrorf(footprint.EINVALID, "per_unit", "at most %d reporting units", MaxCertificateStages)
	}
	if c.FossilKgCO2e != nil {
		if err := validateKg("fossil_kg_co2e", *c.FossilKgCO2e); err != nil {
			return err
		}
	}
	if c.BiogenicKgCO2e != nil {
		if err := validateKg("biogenic_kg_co2e", *c.BiogenicKgCO2e); err != nil {
			return err
		}
	}

	switch {
	case c.DQR != 0 && !(c.DQR >= 1 && c.DQR <= 5):
		return footprint.FieldErrorf(footprint.EINVALID, "dqr", "DQR must be between 1 and 5 (0 = not rated)")
	case !(c.PrimaryDataSharePct >= 0 && c.PrimaryDataSharePct <= 100):
		return footprint.FieldErrorf(footprint.EINVALID, "primary_data_share_pct", "primary-data share must be between 0 and 100 percent")
	case !(c.DQRCoveragePct >= 0 && c.DQRCoveragePct <= 100):
		return footprint.FieldErrorf(footprint.EINVALID, "dqr_coverage_pct", "DQR coverage must be between 0 and 100 percent")
	case c.DQRCoveragePct != 0 && c.Format < 5: // its encoding has no place for it
		return footprint.FieldErrorf(footprint.EINVALID, "dqr_coverage_pct", "the DQR's coverage is part of %s and later only (set Format to 5)", CertificateFormat5)
	case c.DQR == 0 && c.DQRCoveragePct != 0:
		return footprint.FieldErrorf(footprint.EINVALID, "dqr_coverage_pct", "a DQR coverage without a DQR (0 = not rated covers nothing)")
	case c.DQR != 0 && c.Format >= 5 && c.Format <= 9 && c.DQRCoveragePct == 0:
		return footprint.FieldErrorf(footprint.EINVALID, "dqr_coverage_pct", "a DQR must say what share of the total it covers")
	case !(c.DQRSelfRatedPct >= 0 && c.DQRSelfRatedPct <= 100):
		return footprint.FieldErrorf(footprint.EINVALID, "dqr_self_rated_pct", "DQR 中研究自评的比例须在 0 到 100 %%之间。the self-rated share of the DQR must be between 0 and 100 percent")
	case c.DQRSelfRatedPct != 0 && c.Format < 8: // its encoding has no place for it
		return footprint.FieldErrorf(footprint.EINVALID, "dqr_self_rated_pct", "DQR 中研究自评的比例仅属于 %[1]s（请将 Format 设为 8）。the self-rated share of the DQR is part of %[1]s only (set Format to 8)", CertificateFormat8)
	case c.DQR == 0 && c.DQRSelfRatedPct != 0:
		return footprint.FieldErrorf(footprint.EINVALID, "dqr_self_rated_pct", "没有 DQR 却有研究自评的比例（0 = 未评级，无从自评）。a self-rated share without a DQR (0 = not rated rates nothing)")
	case c.Format == 8 && c.DQRSelfRatedPct == 0: // NewCertificate writes format 7 then
		return footprint.FieldErrorf(footprint.EINVALID, "dqr_self_rated_pct", "%[1]s 签署 DQR 中研究自评的比例，须大于 0（没有自评的证书采用 %[2]s）。%[1]s signs the self-rated share of the DQR, more than 0 (a certificate with none is %[2]s)", CertificateFormat8, CertificateFormat7)
	}

	e := c.Electricity
	// The approaches of the engine's ElectricitySummary.
	if !slices.Contains(footprint.ElectricityApproaches, e.Approach) {
		return footprint.FieldErrorf(footprint.EINVALID, "electricity.approach", "unknown electricity approach %q (want grid, green-power, mixed or none)", e.Approach)
	}
	for i, code := range e.GridFactors {
		if !footprint.ValidFactorCode(code) {
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("electricity.grid_factors[%d]", i), "invalid factor code %q", code)
		}
	}
	if len(e.GridFactors) > footprint.MaxCertificateCodes {
		return footprint.FieldErrorf(footprint.EINVALID, "electricity.grid_factors", "at most %d grid factors", footprint.MaxCertificateCodes)
	}
	if len(e.Instruments) > MaxCertificateInstruments {
		return footprint.FieldErrorf(footprint.EINVALID, "electricity.instruments", "at most %d instruments", MaxCertificateInstruments)
	}
	for i, in := range e.Instruments {
		f := fmt.Sprintf("electricity.instruments[%d]", i)
		if !slices.Contains(footprint.InstrumentKinds, in.Kind) {
			return footprint.FieldErrorf(footprint.EINVALID, f+".kind", "unknown instrument kind %q", in.Kind)
		}
		if err := footprint.ValidateText(f+".serial", in.Serial, footprint.MaxSerialLen, true); err != nil {
			return err
		}
		if err := footprint.ValidateText(f+".serial_last", in.SerialLast, footprint.MaxSerialLen, false); err != nil {
			return err
		}
		if !(in.MWh > 0) || math.IsInf(in.MWh, 0) {
			return footprint.FieldErrorf(footprint.EINVALID, f+".mwh", "mwh must be a positive number")
		}
	}

	switch {
	case c.IssuedAt.IsZero() || c.IssuedAt.Year() < 2000 || c.IssuedAt.Year() > 9999:
		return footprint.FieldErrorf(footprint.EINVALID, "issued_at", "issue time is required")
	case !c.ExpiresAt.After(c.IssuedAt) || c.ExpiresAt.Year() > 9999:
		return footprint.FieldErrorf(footprint.EINVALID, "expires_at", "expiry must be after the issue time")
	}
	if err := footprint.ValidateText("study_id", c.StudyID, 64, true); err != nil {
		return err
	}
	if !digestRe.MatchString(c.ResultDigest) {
		return footprint.FieldErrorf(footprint.EINVALID, "result_digest", "result digest must be 64 lower-case hex digits (SHA-256)")
	}
	if c.Format == 4 || (c.Format >= 5 && c.VerifyBase != "") {
		if err := CheckVerifyBase("verify_base", c.VerifyBase); err != nil {
			return err
		}
	} else if c.VerifyBase != "" && c.Format < 5 { // its encoding has no place for it
		return footprint.FieldErrorf(footprint.EINVALID, "verify_base", "the verification base URL is part of %s and later only (set Format to 6)", CertificateFormat4)
	}
	if err := c.validateUseScenario(); err != nil {
		return err
	}
	switch {
	case math.IsNaN(c.CreditsKgCO2e) || math.IsInf(c.CreditsKgCO2e, 0) || c.CreditsKgCO2e > 0:
		return footprint.FieldErrorf(footprint.EINVALID, "credits_kg_co2e", "recycling credits must be a finite number, 0 or less")
	case c.CreditsKgCO2e != 0 && c.Format < 7: // its encoding has no place for it
		return footprint.FieldErrorf(footprint.EINVALID, "credits_kg_co2e", "recycling credits are part of %s only (set Format to 7)", CertificateFormat7)
	}
	switch c.Format {
	case 0:
		return c.validateFormat1()
	case 2:
		if len(c.Factors) > 0 {
			return footprint.FieldErrorf(footprint.EINVALID, "factors", "factors are part of %s only (set Format to 3)", CertificateFormat3)
		}
		return c.validateFormat2()
	case 3, 4, 5, 6, 7, 8, 9:
		if err := c.validateFormat2(); err != nil {
			return err
		}
		return c.validateFormat3()
	}
	return footprint.FieldErrorf(footprint.EINVALID, "format", "unknown certificate format %d (want 0 for %s, 2 for %s, 3 for %s, 4 for %s, 5 for %s, 6 for %s, 7 for %s, 8 for %s or 9 for %s)", c.Format, CertificateFormat, CertificateFormat2, CertificateFormat3, CertificateFormat4, CertificateFormat5, CertificateFormat6, CertificateFormat7, CertificateFormat8, CertificateFormat9)
}

// validateUseScenario checks the use scenario format 6 signs: the figures
// the engine accepts (footprint.UseProfile), the country of use as an ISO
// 3166-1 code in upper case, and a published factor code.
func (c *Certificate) validateUseScenario() error {
	u := c.UseScenario
	switch {
	case u == nil:
		return nil
	case c.Format < 6: // its encoding has no place for it
		return footprint.FieldErrorf(footprint.EINVALID, "use_scenario", "the use scenario is part of %s only (set Format to 6)", CertificateFormat6)
	case !(u.AnnualKWh >= 0 && u.AnnualKWh <= footprint.MaxQuantity):
		return footprint.FieldErrorf(footprint.EINVALID, "use_scenario.annual_kwh", "annual energy must be a number from 0 to %g kWh", footprint.MaxQuantity)
	case !(u.LifetimeYears > 0 && u.LifetimeYears <= footprint.MaxLifetimeYears):
		return footprint.FieldErrorf(footprint.EINVALID, "use_scenario.lifetime_years", "lifetime must be a positive number of years, at most %d", footprint.MaxLifetimeYears)
	case !countryRe.MatchString(u.Country):
		return footprint.FieldErrorf(footprint.EINVALID, "use_scenario.country", "the country of use must be an ISO 3166-1 code in upper case, e.g. CN")
	case !footprint.ValidFactorCode(u.Factor):
		return footprint.FieldErrorf(footprint.EINVALID, "use_scenario.factor", "invalid factor code %q", u.Factor)
	}
	return nil
}

// countryRe matches an ISO 3166-1 alpha-2 country code.
var countryRe = regexp.MustCompile(`^[A-Z]{2}$`)

// validateFormat3 checks the factors format 3 adds: each a published
// factor named once, with a known grade, a finite share and a source, and
// every grid factor of the electricity statement among them, flagged as
// such (and only those).
func (c *Certificate) validateFormat3() error {
	if len(c.Factors) > MaxCertificateFactors {
		return footprint.FieldErrorf(footprint.EINVALID, "factors", "at most %d factors", MaxCertificateFactors)
	}
	seen := map[string]bool{}
	grid := map[string]bool{}
	for i, f := range c.Factors {
		p := fmt.Sprintf("factors[%d]", i)
		if !footprint.ValidFactorCode(f.Code) {
			return footprint.FieldErrorf(footprint.EINVALID, p+".code", "invalid factor code %q", f.Code)
		}
		if !footprint.ValidSetVersion(f.Set) {
			return footprint.FieldErrorf(footprint.EINVALID, p+".set", "invalid factor-set version %q", f.Set)
		}
		key := f.Set + "\x00" + f.Code
		if seen[key] {
			return footprint.FieldErrorf(footprint.EINVALID, p+".code", "factor %s of set %s is listed twice", f.Code, f.Set)
		}
		seen[key] = true
		if err := validateNames(p+".name", f.NameZH, f.NameEN); err != nil {
			return err
		}
		if f.Grade != "" && !slices.Contains(CertificateGrades, f.Grade) {
			return footprint.FieldErrorf(footprint.EINVALID, p+".grade", "unknown grade %q (want one of %s, or empty when not graded)", f.Grade, strings.Join(CertificateGrades, ", "))
		}
		if err := footprint.ValidateText(p+".source", f.Source, maxCertificateFactorSource, false); err != nil {
			return err
		}
		if err := validateKg(p+".kg_co2e", f.KgCO2e); err != nil {
			return err
		}
		if err := validateKg(p+".share_pct", f.SharePct); err != nil {
			return err
		}
		if f.Grid {
			if !slices.Contains(c.Electricity.GridFactors, f.Code) {
				return footprint.FieldErrorf(footprint.EINVALID, p+".grid", "factor %s is marked as a grid factor but electricity.grid_factors does not name it", f.Code)
			}
			grid[f.Code] = true
		}
	}
	for i, code := range c.Electricity.GridFactors {
		if !grid[code] {
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("electricity.grid_factors[%d]", i), "grid factor %s is not among the factors named", code)
		}
	}
	return nil
}

// validateFormat1 refuses format-2 content on a format-1 certificate: its
// encoding has no place for it, and signing it would drop it silently.
func (c *Certificate) validateFormat1() error {
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"supersedes_number", c.SupersedesNumber != ""},
		{"study_digest", c.StudyDigest != ""},
		{"factor_set_digest", c.FactorSetDigest != ""},
		{"suppliers_digest", c.SuppliersDigest != ""},
		{"uncertainty", c.Uncertainty != nil},
		{"cut_off", c.CutOff != CertificateCutOff{}},
		{"not_applicable", len(c.NotApplicable) > 0},
	} {
		if f.set {
			return footprint.FieldErrorf(footprint.EINVALID, f.name, "%s is part of %s only (set Format to 2)", f.name, CertificateFormat2)
		}
	}
	if len(c.Factors) > 0 {
		return footprint.FieldErrorf(footprint.EINVALID, "factors", "factors are part of %s only (set Format to 3)", CertificateFormat3)
	}
	return nil
}

// validateFormat2 checks the fields format 2 adds.
func (c *Certificate) validateFormat2() error {
	switch {
	case c.Supersedes == uuid.Nil && c.SupersedesNumber != "":
		return footprint.FieldErrorf(footprint.EINVALID, "supersedes_number", "a first issue supersedes no certificate")
	case c.Supersedes != uuid.Nil && !certificateNumberRe.MatchString(c.SupersedesNumber):
		return footprint.FieldErrorf(footprint.EINVALID, "supersedes_number", "invalid number %q of the superseded certificate", c.SupersedesNumber)
	case c.Supersedes != uuid.Nil && c.SupersedesNumber == c.Number:
		return footprint.FieldErrorf(footprint.EINVALID, "supersedes_number", "a certificate cannot supersede its own number")
	case !digestRe.MatchString(c.StudyDigest):
		return footprint.FieldErrorf(footprint.EINVALID, "study_digest", "study digest must be 64 lower-case hex digits (SHA-256)")
	case !digestRe.MatchString(c.FactorSetDigest):
		return footprint.FieldErrorf(footprint.EINVALID, "factor_set_digest", "factor-set digest must be 64 lower-case hex digits (SHA-256); the set must be published")
	case !digestRe.MatchString(c.SuppliersDigest):
		return footprint.FieldErrorf(footprint.EINVALID, "suppliers_digest", "suppliers digest must be 64 lower-case hex digits (SHA-256)")
	}
	if u := c.Uncertainty; u != nil {
		if err := footprint.ValidateText("uncertainty.method", u.Method, 64, true); err != nil {
			return err
		}
		switch {
		case u.Runs < 1:
			return footprint.FieldErrorf(footprint.EINVALID, "uncertainty.runs", "runs must be 1 or more")
		case !(u.LowPercentile > 0 && u.LowPercentile < 50 && u.HighPercentile > 50 && u.HighPercentile < 100):
			return footprint.FieldErrorf(footprint.EINVALID, "uncertainty.low_percentile", "percentiles must lie in (0, 50) and (50, 100)")
		}
		for _, v := range []struct {
			name string
			x    float64
		}{{"uncertainty.low_kg_co2e", u.LowKgCO2e}, {"uncertainty.median_kg_co2e", u.MedianKgCO2e}, {"uncertainty.high_kg_co2e", u.HighKgCO2e}} {
			if err := validateKg(v.name, v.x); err != nil {
				return err
			}
		}
		if !(u.LowKgCO2e <= u.MedianKgCO2e && u.MedianKgCO2e <= u.HighKgCO2e) {
			return footprint.FieldErrorf(footprint.EINVALID, "uncertainty", "the range must run low ≤ median ≤ high")
		}
	}
	co := c.CutOff
	switch {
	case co.Basis != "" && co.Basis != CutOffEmissions && co.Basis != CutOffMass:
		return footprint.FieldErrorf(footprint.EINVALID, "cut_off.basis", "cut-off basis must be %s, %s or empty, not %q", CutOffEmissions, CutOffMass, co.Basis)
	case !(co.SharePct >= 0 && co.SharePct <= 100):
		return footprint.FieldErrorf(footprint.EINVALID, "cut_off.share_pct", "cut-off share must be between 0 and 100 percent")
	case !(co.LimitPct >= 0 && co.LimitPct <= 100):
		return footprint.FieldErrorf(footprint.EINVALID, "cut_off.limit_pct", "cut-off limit must be between 0 and 100 percent")
	case co.Items < 0:
		return footprint.FieldErrorf(footprint.EINVALID, "cut_off.items", "items must not be negative")
	case (co.Basis == "") != (co.Items == 0), co.Basis == "" && co.SharePct != 0:
		return footprint.FieldErrorf(footprint.EINVALID, "cut_off.basis", "a cut-off with exempted items needs a basis, and one without has none")
	}
	if len(c.NotApplicable) > MaxCertificateStages {
		return footprint.FieldErrorf(footprint.EINVALID, "not_applicable", "at most %d stages", MaxCertificateStages)
	}
	seen := map[string]bool{}
	for i, na := range c.NotApplicable {
		f := fmt.Sprintf("not_applicable[%d]", i)
		if err := validateStage(f, na.Code, na.NameZH, na.NameEN, seen); err != nil {
			return err
		}
		if err := footprint.ValidateText(f+".reason", na.Reason, 500, true); err != nil {
			return err
		}
	}
	return nil
}

// validateStage checks the code and names of the stage at field f of a
// certificate's stage list, and that the list (seen) has not named it
// before.
func validateStage(f, code, nameZH, nameEN string, seen map[string]bool) error {
	if err := footprint.ValidateText(f+".code", code, 32, true); err != nil {
		return err
	}
	if seen[code] {
		return footprint.FieldErrorf(footprint.EINVALID, f+".code", "stage %q is listed twice", code)
	}
	seen[code] = true
	return validateNames(f+".name", nameZH, nameEN)
}

// ValidateSuppliers returns EINVALID, naming the field, unless sups is a
// valid supplier list: at most MaxCertificateSuppliers entries, each
// complete, in sorted order of their references (as Study.SupplierIDs
// lists them: one order, so one encoding), each reference once.
func ValidateSuppliers(sups []CertificateSupplier) error {
	if len(sups) > MaxCertificateSuppliers {
		return footprint.FieldErrorf(footprint.EINVALID, "suppliers", "at most %d supplier certificates", MaxCertificateSuppliers)
	}
	for i, s := range sups {
		if err := s.validate(fmt.Sprintf("suppliers[%d]", i)); err != nil {
			return err
		}
		if i > 0 && sups[i-1].Ref >= s.Ref {
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("suppliers[%d].ref", i), "supplier references must be unique and in sorted order")
		}
	}
	return nil
}

func (s CertificateSupplier) validate(f string) error {
	if err := footprint.ValidateText(f+".ref", s.Ref, 64, true); err != nil {
		return err
	}
	if s.IsPACT() {
		return s.validatePACT(f)
	}
	if s.ID == uuid.Nil || s.ID.Version() != 4 || s.ID.Variant() != uuid.RFC4122 {
		return footprint.FieldErrorf(footprint.EINVALID, f+".id", "id must be a random (version 4) UUID")
	}
	if !certificateNumberRe.MatchString(s.Number) {
		return footprint.FieldErrorf(footprint.EINVALID, f+".number", "invalid certificate number %q", s.Number)
	}
	if s.Ref != s.ID.String() && s.Ref != s.Number {
		return footprint.FieldErrorf(footprint.EINVALID, f+".ref", "reference %q is neither the certificate's ID nor its number", s.Ref)
	}
	if err := s.validateFigure(f); err != nil {
		return err
	}
	if len(s.ProductCodes) > footprint.MaxCertificateCodes {
		return footprint.FieldErrorf(footprint.EINVALID, f+".product_codes", "at most %d product codes", footprint.MaxCertificateCodes)
	}
	for j, pc := range s.ProductCodes {
		if _, err := footprint.ParseProductCode(pc.String()); err != nil {
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("%s.product_codes[%d]", f, j), "%s", footprint.ErrorMessage(err))
		}
	}
	if err := footprint.ValidateText(f+".boundary", string(s.Boundary), 32, true); err != nil {
		return err
	}
	switch {
	case s.UncertaintyPct != 0 && !(s.UncertaintyPct >= footprint.SupplierUncertaintyPct && s.UncertaintyPct <= 1000):
		return footprint.FieldErrorf(footprint.EINVALID, f+".uncertainty_pct", "uncertainty must be from %g to 1000 %%", footprint.SupplierUncertaintyPct)
	case s.DQR != 0 && !(s.DQR >= 1 && s.DQR <= 5):
		return footprint.FieldErrorf(footprint.EINVALID, f+".dqr", "a DQR is from 1 to 5")
	case s.PrimarySharePct != nil && !(*s.PrimarySharePct >= 0 && *s.PrimarySharePct <= 100):
		return footprint.FieldErrorf(footprint.EINVALID, f+".primary_share_pct", "a primary-data share is from 0 to 100 %%")
	case s.DQRCoveragePct != nil && !(*s.DQRCoveragePct >= 0 && *s.DQRCoveragePct <= 100 && s.DQR != 0):
		return footprint.FieldErrorf(footprint.EINVALID, f+".dqr_coverage_pct", "a DQR's coverage is from 0 to 100 %%, of a DQR")
	case s.DQRSelfRatedPct != nil && !(*s.DQRSelfRatedPct > 0 && *s.DQRSelfRatedPct <= 100 && s.DQR != 0):
		return footprint.FieldErrorf(footprint.EINVALID, f+".dqr_self_rated_pct", "DQR 中研究自评的比例须大于 0、至多 100 %%，且属于一个 DQR。a DQR's self-rated share is more than 0 and at most 100 %%, of a DQR")
	}
	if s.FactorSet != "" && !footprint.ValidSetVersion(s.FactorSet) {
		return footprint.FieldErrorf(footprint.EINVALID, f+".factor_set", "invalid factor-set version %q", s.FactorSet)
	}
	switch {
	case s.IssuedAt.IsZero() || s.IssuedAt.Year() < 2000 || s.IssuedAt.Year() > 9999:
		return footprint.FieldErrorf(footprint.EINVALID, f+".issued_at", "issue time is required")
	case !s.ValidUntil.After(s.IssuedAt) || s.ValidUntil.Year() > 9999:
		return footprint.FieldErrorf(footprint.EINVALID, f+".valid_until", "validity must end after the issue time")
	case s.PeriodStart.IsZero() != s.PeriodEnd.IsZero():
		return footprint.FieldErrorf(footprint.EINVALID, f+".period_start", "a reference period needs a start and an end")
	case s.PeriodEnd.Before(s.PeriodStart):
		return footprint.FieldErrorf(footprint.EINVALID, f+".period_end", "reference period ends before it starts")
	case !s.PeriodStart.IsZero() && (s.PeriodStart.Year() < 1900 || s.PeriodEnd.Year() > 9999):
		return footprint.FieldErrorf(footprint.EINVALID, f+".period_start", "reference period out of range")
	}
	return nil
}

// validatePACT checks an entry for a supplier's PACT footprint (IsPACT).
func (s CertificateSupplier) validatePACT(f string) error {
	switch {
	case s.ID == uuid.Nil:
		return footprint.FieldErrorf(footprint.EINVALID, f+".id", "a PACT footprint id is required")
	case s.Ref != footprint.PACTSupplierPrefix+s.ID.String():
		return footprint.FieldErrorf(footprint.EINVALID, f+".ref", "reference %q is not %q", s.Ref, footprint.PACTSupplierPrefix+s.ID.String())
	case s.Number != "" || s.Boundary != "" || s.FactorSet != "" || !s.IssuedAt.IsZero() || !s.ValidUntil.IsZero() || !s.PeriodStart.IsZero() || !s.PeriodEnd.IsZero():
		return footprint.FieldErrorf(footprint.EINVALID, f, "a PACT footprint entry has no certificate number, boundary, factor set, times or period")
	case s.ProductCodes != nil:
		return footprint.FieldErrorf(footprint.EINVALID, f+".product_codes", "PACT 足迹条目不签署产品编码：其编码是上传者之言。a PACT footprint entry signs no product codes: its codes are its uploader's word")
	}
	if err := footprint.ValidateText(f+".spec_version", s.SpecVersion, 32, true); err != nil {
		return err
	}
	switch pactMajor(s.SpecVersion) {
	case "2":
		if s.Version < 0 {
			return footprint.FieldErrorf(footprint.EINVALID, f+".version", "a PACT footprint version must not be negative")
		}
	case "3":
		if s.Version != 0 {
			return footprint.FieldErrorf(footprint.EINVALID, f+".version", "a PACT 3 footprint has no version (any change is a new id)")
		}
	default:
		return footprint.FieldErrorf(footprint.EINVALID, f+".spec_version", "spec version %q: want PACT 2.x or 3.x", s.SpecVersion)
	}
	return s.validateFigure(f)
}

// validateFigure checks what both kinds of supplier entry carry: the
// supplier and product names and the footprint per unit.
func (s CertificateSupplier) validateFigure(f string) error {
	if err := footprint.ValidateText(f+".supplier", s.Supplier, 200, false); err != nil {
		return err
	}
	if err := footprint.ValidateText(f+".product", s.Product, 300, false); err != nil {
		return err
	}
	if _, err := footprint.ParseUnit(s.Unit); err != nil {
		return footprint.FieldErrorf(footprint.EINVALID, f+".unit", "%s", footprint.ErrorMessage(err))
	}
	if err := validateKg(f+".kg_co2e", s.KgCO2e); err != nil {
		return err
	}
	if s.KgCO2e < 0 {
		return footprint.FieldErrorf(footprint.EINVALID, f+".kg_co2e", "a supplier footprint must not be negative")
	}
	return nil
}

var (
	gtinRe   = regexp.MustCompile(`^([0-9]{8}|[0-9]{12,14})$`)
	digestRe = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// GTIN14 is gtin in its 14-digit form: a GTIN-8, -12 or -13 padded with
// zeros on the left, as GS1 compares them, so that one product written as
// GTIN-13 and as GTIN-14 is one number; a longer or empty string unchanged.
func GTIN14(gtin string) string {
	if gtin == "" || len(gtin) >= 14 {
		return gtin
	}
	return strings.Repeat("0", 14-len(gtin)) + gtin
}

// checkGTINDigit returns EINVALID naming product.gtin for a GTIN whose
// GS1 mod-10 check digit (its last) is wrong: a mistyped or invented GTIN
// names another product or none. Checked when applying and issuing
// (CheckPrintable), not when a stored certificate is read (Validate):
// certificates issued before the check stay readable.
func checkGTINDigit(gtin string) error {
	if gtin == "" || !gtinRe.MatchString(gtin) {
		return nil // validate's refusal
	}
	sum := 0
	for i := len(gtin) - 2; i >= 0; i-- {
		d := int(gtin[i] - '0')
		if (len(gtin)-2-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	if want := byte('0' + (10-sum%10)%10); gtin[len(gtin)-1] != want {
		return footprint.FieldErrorf(footprint.EINVALID, "product.gtin", "GTIN %[1]s 的 GS1 校验位错误，应为 %[2]c。GTIN %[1]s has a wrong GS1 check digit: %[2]c expected", gtin, want)
	}
	return nil
}

// validate checks the product a certificate names (CheckPrintable checks
// a study's before it is applied for).
func (p CertificateProduct) validate() error {
	if err := validateNames("product", p.NameZH, p.NameEN); err != nil {
		return err
	}
	if err := footprint.ValidateText("product.model", p.Model, 200, true); err != nil {
		return err
	}
	if len(p.Codes) > footprint.MaxCertificateCodes {
		return footprint.FieldErrorf(footprint.EINVALID, "product.codes", "at most %d product codes", footprint.MaxCertificateCodes)
	}
	for i, pc := range p.Codes {
		if _, err := footprint.ParseProductCode(pc.String()); err != nil {
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("product.codes[%d]", i), "%s", footprint.ErrorMessage(err))
		}
	}
	if p.GTIN != "" && !gtinRe.MatchString(p.GTIN) {
		return footprint.FieldErrorf(footprint.EINVALID, "product.gtin", "GTIN 须为 8、12、13 或 14 位数字。GTIN must be 8, 12, 13 or 14 digits")
	}
	return nil
}

func (p CertificateParty) validate(field string, needAddress bool) error {
	if err := validateNames(field, p.NameZH, p.NameEN); err != nil {
		return err
	}
	return footprint.ValidateText(field+".address", p.Address, 300, needAddress)
}

// validateNames checks a bilingual pair of which at least one is required.
func validateNames(field, zh, en string) error {
	if strings.TrimSpace(zh) == "" && strings.TrimSpace(en) == "" {
		return footprint.FieldErrorf(footprint.EINVALID, field+".name_en", "a Chinese or English name is required")
	}
	if err := footprint.ValidateText(field+".name_zh", zh, 200, false); err != nil {
		return err
	}
	return footprint.ValidateText(field+".name_en", en, 200, false)
}

func validateKg(field string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return footprint.FieldErrorf(footprint.EINVALID, field, "value must be a finite number")
	}
	return nil
}

// CertificateFormat to CertificateFormat6 tag the canonical encodings of
// a certificate. A change to the encoding gets a new tag; verifiers refuse
// tags they do not know. Format 2 is format 1 with the keys of the
// format-2 fields added, format 3 is format 2 with the key "factors"
// added, format 4 is format 3 with the key "verify_base" added, and format
// 5 is format 4 with the key "dqr_coverage_pct" added and "verify_base"
// present only when the service signs its address, and format 6 is format
// 5 with the key "use_scenario" added, present only when the result has a
// use stage (docs/certificates.md §2), and format 7 is format 6 with the key
// "credits_kg_co2e" added (the recycling credits, reported apart from the
// total), and format 8 is format 7 with the key "dqr_self_rated_pct" added
// (the share of the DQR resting on the study's own scores, session 51),
// and format 9 is format 8, its "dqr_self_rated_pct" 0 when the DQR rests on
// none, whose supplier list (MarshalSuppliers) signs each supplier
// certificate's product codes (session 53: the Monte Carlo moves a supplier
// certificate with the families of its HS codes, which a verifier then
// reads from the signed list as the service read them from the certificate);
// every certificate of an earlier format ever issued still decodes,
// re-encodes to its signed bytes and verifies.
const (
	CertificateFormat  = "pcf-certificate/1"
	CertificateFormat2 = "pcf-certificate/2"
	CertificateFormat3 = "pcf-certificate/3"
	CertificateFormat4 = "pcf-certificate/4"
	CertificateFormat5 = "pcf-certificate/5"
	CertificateFormat6 = "pcf-certificate/6"
	CertificateFormat7 = "pcf-certificate/7"
	CertificateFormat8 = "pcf-certificate/8"
	CertificateFormat9 = "pcf-certificate/9"
)

// certificateFormats are the tags by Certificate.Format.
var certificateFormats = map[string]int{CertificateFormat: 0, CertificateFormat2: 2, CertificateFormat3: 3, CertificateFormat4: 4, CertificateFormat5: 5, CertificateFormat6: 6, CertificateFormat7: 7, CertificateFormat8: 8, CertificateFormat9: 9}

// The canonical encoding is JSON built from these wire structs. Their fields
// are declared in sorted key order, so objects come out with sorted keys;
// strings are escaped by encoding/json without HTML escaping; numbers are
// float64 as encoding/json writes them (the shortest form that round-trips,
// in the ECMAScript style of RFC 8785); times are RFC 3339 UTC to the second
// and days are YYYY-MM-DD; optional numbers are null when unknown; arrays
// keep their order. There is no whitespace. docs/certificates.md documents
// the format for third-party verifiers.
//
// The keys format 2 adds are pointers with omitempty: nil in format 1, so
// that a format-1 certificate encodes to exactly the bytes it always did;
// always set in format 2 (uncertainty points to a nil pointer, encoded as
// null, when the result has no range).
type certWire struct {
	Biogenic            *float64                 `json:"biogenic_kg_co2e"`
	Boundary            string                   `json:"boundary"`
	Certifier           certCertifierWire        `json:"certifier"`
	Credits             *float64                 `json:"credits_kg_co2e,omitempty"`
	CutOff              *certCutOffWire          `json:"cut_off,omitempty"`
	DeclaredUnit        certUnitWire             `json:"declared_unit"`
	DQR                 float64                  `json:"dqr"`
	DQRCoveragePct      *float64                 `json:"dqr_coverage_pct,omitempty"`
	DQRSelfRatedPct     *float64                 `json:"dqr_self_rated_pct,omitempty"`
	Electricity         certElecWire             `json:"electricity"`
	EngineVersion       string                   `json:"engine_version"`
	ExpiresAt           string                   `json:"expires_at"`
	FactorSet           string                   `json:"factor_set"`
	FactorSetDigest     *string                  `json:"factor_set_digest,omitempty"`
	Factors             *[]certFactorWire        `json:"factors,omitempty"`
	Format              string                   `json:"format"`
	Fossil              *float64                 `json:"fossil_kg_co2e"`
	Holder              certPartyWire            `json:"holder"`
	ID                  string                   `json:"id"`
	IssuedAt            string                   `json:"issued_at"`
	KgCO2e              float64                  `json:"kg_co2e"`
	Manufacturer        certPartyWire            `json:"manufacturer"`
	NotApplicable       *[]certNotApplicableWire `json:"not_applicable,omitempty"`
	Number              string                   `json:"number"`
	PackagingIncluded   bool                     `json:"packaging_included"`
	PerUnit             []certPerUnitWire        `json:"per_unit"`
	PeriodEnd           string                   `json:"period_end"`
	PeriodStart         string                   `json:"period_start"`
	PrimaryDataSharePct float64                  `json:"primary_data_share_pct"`
	Product             certProductWire          `json:"product"`
	ResultDigest        string                   `json:"result_digest"`
	Revision            int                      `json:"revision"`
	Rule                certRuleWire             `json:"rule"`
	Sites               []certPartyWire          `json:"sites"`
	Stages              []certStageWire          `json:"stages"`
	Standards           []string                 `json:"standards"`
	StudyDigest         *string                  `json:"study_digest,omitempty"`
	StudyID             string                   `json:"study_id"`
	Supersedes          string                   `json:"supersedes"`
	SupersedesNumber    *string                  `json:"supersedes_number,omitempty"`
	SuppliersDigest     *string                  `json:"suppliers_digest,omitempty"`
	Uncertainty         **certUncertaintyWire    `json:"uncertainty,omitempty"`
	UseScenario         *certUseScenarioWire     `json:"use_scenario,omitempty"`
	VerifyBase          *string                  `json:"verify_base,omitempty"`
}

type certUseScenarioWire struct {
	AnnualKWh     float64 `json:"annual_kwh"`
	Country       string  `json:"country"`
	Factor        string  `json:"factor"`
	LifetimeYears float64 `json:"lifetime_years"`
}

type certFactorWire struct {
	Code     string  `json:"code"`
	Grade    string  `json:"grade"`
	Grid     bool    `json:"grid"`
	KgCO2e   float64 `json:"kg_co2e"`
	NameEN   string  `json:"name_en"`
	NameZH   string  `json:"name_zh"`
	Set      string  `json:"set"`
	SharePct float64 `json:"share_pct"`
	Source   string  `json:"source"`
}

type certCutOffWire struct {
	Basis    string  `json:"basis"`
	Items    int     `json:"items"`
	LimitPct float64 `json:"limit_pct"`
	SharePct float64 `json:"share_pct"`
}

type certNotApplicableWire struct {
	Code   string `json:"code"`
	NameEN string `json:"name_en"`
	NameZH string `json:"name_zh"`
	Reason string `json:"reason"`
}

type certSupplierWire struct {
	Boundary    string    `json:"boundary"`
	DQR         float64   `json:"dqr,omitempty"`
	DQRCoverage *float64  `json:"dqr_coverage_pct,omitempty"`
	DQRSelf     *float64  `json:"dqr_self_rated_pct,omitempty"`
	FactorSet   string    `json:"factor_set"`
	ID          string    `json:"id"`
	IssuedAt    string    `json:"issued_at"`
	KgCO2e      float64   `json:"kg_co2e"`
	Number      string    `json:"number"`
	PeriodEnd   string    `json:"period_end"`   // "" when not known
	PeriodStart string    `json:"period_start"` // "" when not known
	Primary     *float64  `json:"primary_share_pct,omitempty"`
	Product     string    `json:"product"`
	Codes       *[]string `json:"product_codes,omitempty"` // CertificateSupplier.ProductCodes; absent before format 9
	Ref         string    `json:"ref"`
	Supplier    string    `json:"supplier"`
	Uncertainty float64   `json:"uncertainty_pct,omitempty"`
	Unit        string    `json:"unit"`
	ValidUntil  string    `json:"valid_until"`
}

// certPACTSupplierWire is a supplier's PACT footprint in a supplier list
// (CertificateSupplier.IsPACT). Version is present for PACT 2 only.
type certPACTSupplierWire struct {
	ID          string  `json:"id"`
	KgCO2e      float64 `json:"kg_co2e"`
	Product     string  `json:"product"`
	Ref         string  `json:"ref"`
	SpecVersion string  `json:"spec_version"`
	Supplier    string  `json:"supplier"`
	Unit        string  `json:"unit"`
	Version     *int    `json:"version,omitempty"`
}

type certUncertaintyWire struct {
	HighKgCO2e     float64 `json:"high_kg_co2e"`
	HighPercentile float64 `json:"high_percentile"`
	LowKgCO2e      float64 `json:"low_kg_co2e"`
	LowPercentile  float64 `json:"low_percentile"`
	MedianKgCO2e   float64 `json:"median_kg_co2e"`
	Method         string  `json:"method"`
	Runs           int     `json:"runs"`
}

type certPartyWire struct {
	Address string `json:"address"`
	NameEN  string `json:"name_en"`
	NameZH  string `json:"name_zh"`
}

type certCertifierWire struct {
	ApprovalNumber string `json:"approval_number"`
	NameEN         string `json:"name_en"`
	NameZH         string `json:"name_zh"`
	Signatory      string `json:"signatory"`
}

type certProductWire struct {
	Codes  []string `json:"codes"` // "HS:854142"
	GTIN   string   `json:"gtin"`
	Model  string   `json:"model"`
	NameEN string   `json:"name_en"`
	NameZH string   `json:"name_zh"`
}

type certRuleWire struct {
	Code    string `json:"code"`
	NameEN  string `json:"name_en"`
	NameZH  string `json:"name_zh"`
	Version string `json:"version"`
}

type certUnitWire struct {
	Amount  float64 `json:"amount"`
	LabelEN string  `json:"label_en"`
	LabelZH string  `json:"label_zh"`
	Unit    string  `json:"unit"`
}

type certStageWire struct {
	Code   string  `json:"code"`
	KgCO2e float64 `json:"kg_co2e"`
	NameEN string  `json:"name_en"`
	NameZH string  `json:"name_zh"`
}

type certPerUnitWire struct {
	KgCO2e  float64 `json:"kg_co2e"`
	LabelEN string  `json:"label_en"`
	LabelZH string  `json:"label_zh"`
	Unit    string  `json:"unit"`
}

type certElecWire struct {
	Approach    string               `json:"approach"`
	GridFactors []string             `json:"grid_factors"`
	Instruments []certInstrumentWire `json:"instruments"`
}

type certInstrumentWire struct {
	Kind       string  `json:"kind"`
	MWh        float64 `json:"mwh"`
	Serial     string  `json:"serial"`
	SerialLast string  `json:"serial_last,omitempty"` // absent before batches were named (2026-12), so older signed bytes stay
}

const (
	certTimeLayout = "2006-01-02T15:04:05Z"
	certDayLayout  = "2006-01-02"
)

// MarshalCanonical returns the canonical encoding of the certificate: the
// exact bytes a signature covers. It validates the certificate first
// (EINVALID). The same certificate always gives the same bytes.
func (c *Certificate) MarshalCanonical() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return encodeCertWire(c.wire())
}

func encodeCertWire(w *certWire) ([]byte, error) { return encodeCanonical("certificate", w) }

// encodeCanonical writes v as the canonical documents of this package are
// written: encoding/json, without HTML escaping and without the trailing
// newline.
func encodeCanonical(what string, v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode %s: %w", what, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decodeStrict decodes the JSON value b starts with into v, refusing
// fields v does not have.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return jsonerr.Locate(dec.Decode(v), b, v) // an element by its index
}

func (c *Certificate) wire() *certWire {
	w := &certWire{
		Biogenic:            c.BiogenicKgCO2e,
		Boundary:            string(c.Boundary),
		Certifier:           certCertifierWire{ApprovalNumber: c.Certifier.ApprovalNumber, NameEN: c.Certifier.NameEN, NameZH: c.Certifier.NameZH, Signatory: c.Certifier.Signatory},
		DeclaredUnit:        certUnitWire{Amount: c.DeclaredUnit.Amount, LabelEN: c.DeclaredUnit.LabelEN, LabelZH: c.DeclaredUnit.LabelZH, Unit: c.DeclaredUnit.Unit},
		DQR:                 c.DQR,
		Electricity:         certElecWire{Approach: c.Electricity.Approach, GridFactors: nonNil(c.Electricity.GridFactors), Instruments: []certInstrumentWire{}},
		EngineVersion:       c.EngineVersion,
		ExpiresAt:           c.ExpiresAt.UTC().Format(certTimeLayout),
		FactorSet:           c.FactorSet,
		Format:              CertificateFormat,
		Fossil:              c.FossilKgCO2e,
		Holder:              certPartyWire{Address: c.Holder.Address, NameEN: c.Holder.NameEN, NameZH: c.Holder.NameZH},
		ID:                  c.ID.String(),
		IssuedAt:            c.IssuedAt.UTC().Format(certTimeLayout),
		KgCO2e:              c.KgCO2e,
		Manufacturer:        certPartyWire{Address: c.Manufacturer.Address, NameEN: c.Manufacturer.NameEN, NameZH: c.Manufacturer.NameZH},
		Number:              c.Number,
		PackagingIncluded:   c.PackagingIncluded,
		PerUnit:             []certPerUnitWire{},
		PeriodEnd:           c.PeriodEnd.UTC().Format(certDayLayout),
		PeriodStart:         c.PeriodStart.UTC().Format(certDayLayout),
		PrimaryDataSharePct: c.PrimaryDataSharePct,
		Product:             certProductWire{Codes: []string{}, GTIN: c.Product.GTIN, Model: c.Product.Model, NameEN: c.Product.NameEN, NameZH: c.Product.NameZH},
		ResultDigest:        c.ResultDigest,
		Revision:            c.Revision,
		Rule:                certRuleWire{Code: c.Rule.Code, NameEN: c.Rule.NameEN, NameZH: c.Rule.NameZH, Version: c.Rule.Version},
		Sites:               []certPartyWire{},
		Stages:              []certStageWire{},
		Standards:           nonNil(c.Standards),
		StudyID:             c.StudyID,
	}
	if c.Supersedes != uuid.Nil {
		w.Supersedes = c.Supersedes.String()
	}
	if c.Format >= 2 {
		c.wireFormat2(w)
	}
	if c.Format >= 3 {
		w.Format = CertificateFormat3
		switch {
		case c.Format == 4:
			w.Format, w.VerifyBase = CertificateFormat4, &c.VerifyBase
		case c.Format >= 5:
			w.Format, w.DQRCoveragePct = CertificateFormat5, &c.DQRCoveragePct
			if c.VerifyBase != "" {
				w.VerifyBase = &c.VerifyBase
			}
			if c.Format >= 6 {
				w.Format = CertificateFormat6
				if u := c.UseScenario; u != nil {
					w.UseScenario = &certUseScenarioWire{AnnualKWh: u.AnnualKWh, Country: u.Country, Factor: u.Factor, LifetimeYears: u.LifetimeYears}
				}
			}
			if c.Format >= 7 {
				w.Format, w.Credits = CertificateFormat7, &c.CreditsKgCO2e
			}
			if c.Format >= 8 {
				w.Format, w.DQRSelfRatedPct = CertificateFormat8, &c.DQRSelfRatedPct
			}
			if c.Format >= 9 {
				w.Format = CertificateFormat9
			}
		}
		fs := []certFactorWire{}
		for _, f := range c.Factors {
			fs = append(fs, certFactorWire{Code: f.Code, Grade: f.Grade, Grid: f.Grid, KgCO2e: f.KgCO2e, NameEN: f.NameEN, NameZH: f.NameZH,
				Set: f.Set, SharePct: f.SharePct, Source: f.Source})
		}
		w.Factors = &fs
	}
	for _, in := range c.Electricity.Instruments {
		w.Electricity.Instruments = append(w.Electricity.Instruments, certInstrumentWire{Kind: string(in.Kind), MWh: in.MWh, Serial: in.Serial, SerialLast: in.SerialLast})
	}
	for _, pu := range c.PerUnit {
		w.PerUnit = append(w.PerUnit, certPerUnitWire{KgCO2e: pu.KgCO2e, LabelEN: pu.LabelEN, LabelZH: pu.LabelZH, Unit: pu.Unit})
	}
	for _, pc := range c.Product.Codes {
		w.Product.Codes = append(w.Product.Codes, pc.String())
	}
	for _, s := range c.Sites {
		w.Sites = append(w.Sites, certPartyWire{Address: s.Address, NameEN: s.NameEN, NameZH: s.NameZH})
	}
	for _, s := range c.Stages {
		w.Stages = append(w.Stages, certStageWire{Code: s.Code, KgCO2e: s.KgCO2e, NameEN: s.NameEN, NameZH: s.NameZH})
	}
	return w
}

// wireFormat2 sets the keys format 2 adds.
func (c *Certificate) wireFormat2(w *certWire) {
	w.Format = CertificateFormat2
	w.CutOff = &certCutOffWire{Basis: c.CutOff.Basis, Items: c.CutOff.Items, LimitPct: c.CutOff.LimitPct, SharePct: c.CutOff.SharePct}
	w.FactorSetDigest, w.StudyDigest, w.SupersedesNumber = &c.FactorSetDigest, &c.StudyDigest, &c.SupersedesNumber
	na := []certNotApplicableWire{}
	for _, n := range c.NotApplicable {
		na = append(na, certNotApplicableWire{Code: n.Code, NameEN: n.NameEN, NameZH: n.NameZH, Reason: n.Reason})
	}
	w.NotApplicable = &na
	w.SuppliersDigest = &c.SuppliersDigest
	var u *certUncertaintyWire
	if x := c.Uncertainty; x != nil {
		u = &certUncertaintyWire{
			HighKgCO2e: x.HighKgCO2e, HighPercentile: x.HighPercentile, LowKgCO2e: x.LowKgCO2e, LowPercentile: x.LowPercentile,
			MedianKgCO2e: x.MedianKgCO2e, Method: x.Method, Runs: x.Runs,
		}
	}
	w.Uncertainty = &u
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func emptyToNil(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// UnmarshalCanonicalCertificate decodes the canonical encoding of a
// certificate. It is strict: unknown fields, an unknown format tag, an
// invalid certificate, or bytes that are not exactly the canonical encoding
// of what they decode to (extra whitespace, reordered keys, another number
// spelling) all return EINVALID. So a decoded certificate always re-encodes
// to the same bytes, and what is shown is what was signed.
func UnmarshalCanonicalCertificate(b []byte) (*Certificate, error) {
	var w certWire
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		err = jsonerr.Locate(err, b, &w)
		return nil, footprint.Errorf(footprint.EINVALID, "certificate content is not valid: %s", jsonErrorText(err))
	}
	if dec.More() {
		return nil, footprint.Errorf(footprint.EINVALID, "certificate content has trailing data")
	}
	if _, ok := certificateFormats[w.Format]; !ok {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "format", "unknown certificate format %q (want %s, %s, %s, %s, %s, %s, %s, %s or %s)", w.Format, CertificateFormat, CertificateFormat2, CertificateFormat3, CertificateFormat4, CertificateFormat5, CertificateFormat6, CertificateFormat7, CertificateFormat8, CertificateFormat9)
	}
	c, err := w.certificate()
	if err != nil {
		return nil, err
	}
	again, err := c.MarshalCanonical()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(again, b) {
		return nil, footprint.Errorf(footprint.EINVALID, "certificate content is not in canonical form")
	}
	return c, nil
}

// jsonErrorText words err, an error decoding a JSON document, in Chinese
// and in English ("中文。English"), for the formats of the error tables,
// which give each half its own (errzh.Sprintf): the English alone left
// encoding/json's words in the Chinese half ("公钥集：不是 JSON 对象：
// malformed JSON: the document ends early").
func jsonErrorText(err error) string {
	msg, field := jsonerr.Message("malformed JSON", err, "")
	zh := jsonerr.TextZH(err, field)
	if r, _ := utf8.DecodeRuneInString(zh); !unicode.Is(unicode.Han, r) {
		zh = "内容的 " + zh // "JSON 格式错误…": a Chinese half starts in Chinese
	}
	return zh + "。" + strings.TrimPrefix(msg, "malformed JSON: ")
}

func (w *certWire) certificate() (*Certificate, error) {
	c := &Certificate{
		Number:              w.Number,
		Revision:            w.Revision,
		Holder:              CertificateParty{NameZH: w.Holder.NameZH, NameEN: w.Holder.NameEN, Address: w.Holder.Address},
		Manufacturer:        CertificateParty{NameZH: w.Manufacturer.NameZH, NameEN: w.Manufacturer.NameEN, Address: w.Manufacturer.Address},
		Certifier:           CertificateCertifier{NameZH: w.Certifier.NameZH, NameEN: w.Certifier.NameEN, ApprovalNumber: w.Certifier.ApprovalNumber, Signatory: w.Certifier.Signatory},
		Product:             CertificateProduct{NameZH: w.Product.NameZH, NameEN: w.Product.NameEN, Model: w.Product.Model, GTIN: w.Product.GTIN},
		Rule:                CertificateRule{Code: w.Rule.Code, Version: w.Rule.Version, NameZH: w.Rule.NameZH, NameEN: w.Rule.NameEN},
		Standards:           emptyToNil(w.Standards),
		FactorSet:           w.FactorSet,
		EngineVersion:       w.EngineVersion,
		Boundary:            footprint.Boundary(w.Boundary),
		DeclaredUnit:        CertificateDeclaredUnit{Amount: w.DeclaredUnit.Amount, Unit: w.DeclaredUnit.Unit, LabelZH: w.DeclaredUnit.LabelZH, LabelEN: w.DeclaredUnit.LabelEN},
		KgCO2e:              w.KgCO2e,
		FossilKgCO2e:        w.Fossil,
		BiogenicKgCO2e:      w.Biogenic,
		PackagingIncluded:   w.PackagingIncluded,
		DQR:                 w.DQR,
		PrimaryDataSharePct: w.PrimaryDataSharePct,
		Electricity:         CertificateElectricity{Approach: w.Electricity.Approach, GridFactors: emptyToNil(w.Electricity.GridFactors)},
		StudyID:             w.StudyID,
		ResultDigest:        w.ResultDigest,
	}
	var err error
	if c.ID, err = uuid.Parse(w.ID); err != nil || len(w.ID) != 36 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "id", "invalid UUID %q", w.ID)
	}
	if w.Supersedes != "" {
		if c.Supersedes, err = uuid.Parse(w.Supersedes); err != nil || len(w.Supersedes) != 36 {
			return nil, footprint.FieldErrorf(footprint.EINVALID, "supersedes", "invalid UUID %q", w.Supersedes)
		}
	}
	for _, t := range []struct {
		field, layout, v string
		dst              *time.Time
	}{
		{"issued_at", certTimeLayout, w.IssuedAt, &c.IssuedAt},
		{"expires_at", certTimeLayout, w.ExpiresAt, &c.ExpiresAt},
		{"period_start", certDayLayout, w.PeriodStart, &c.PeriodStart},
		{"period_end", certDayLayout, w.PeriodEnd, &c.PeriodEnd},
	} {
		if *t.dst, err = time.Parse(t.layout, t.v); err != nil {
			return nil, footprint.FieldErrorf(footprint.EINVALID, t.field, "invalid time %q", t.v)
		}
	}
	for i, s := range w.Product.Codes {
		pc, err := footprint.ParseProductCode(s)
		if err != nil || pc.String() != s {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("product.codes[%d]", i), "invalid product code %q", s)
		}
		c.Product.Codes = append(c.Product.Codes, pc)
	}
	for _, s := range w.Sites {
		c.Sites = append(c.Sites, CertificateParty{NameZH: s.NameZH, NameEN: s.NameEN, Address: s.Address})
	}
	for _, s := range w.Stages {
		c.Stages = append(c.Stages, CertificateStage{Code: s.Code, NameZH: s.NameZH, NameEN: s.NameEN, KgCO2e: s.KgCO2e})
	}
	for _, pu := range w.PerUnit {
		c.PerUnit = append(c.PerUnit, CertificatePerUnit{Unit: pu.Unit, LabelZH: pu.LabelZH, LabelEN: pu.LabelEN, KgCO2e: pu.KgCO2e})
	}
	for _, in := range w.Electricity.Instruments {
		c.Electricity.Instruments = append(c.Electricity.Instruments, CertificateInstrument{Kind: footprint.InstrumentKind(in.Kind), Serial: in.Serial, SerialLast: in.SerialLast, MWh: in.MWh})
	}
	if w.Format != CertificateFormat {
		if err := w.format2(c); err != nil {
			return nil, err
		}
	}
	if w.VerifyBase != nil {
		c.VerifyBase = *w.VerifyBase // missing in format 4, or in another format: refused by Validate or the canonical check
	}
	if w.DQRCoveragePct != nil {
		c.DQRCoveragePct = *w.DQRCoveragePct // likewise
	}
	if u := w.UseScenario; u != nil {
		c.UseScenario = &CertificateUseScenario{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears, Country: u.Country, Factor: u.Factor} // likewise
	}
	if w.Credits != nil {
		c.CreditsKgCO2e = *w.Credits // likewise
	}
	if w.DQRSelfRatedPct != nil {
		c.DQRSelfRatedPct = *w.DQRSelfRatedPct // likewise
	}
	if f := certificateFormats[w.Format]; f >= 3 {
		c.Format = f
		if w.Factors != nil {
			for _, f := range *w.Factors {
				c.Factors = append(c.Factors, CertificateFactor{Code: f.Code, NameZH: f.NameZH, NameEN: f.NameEN, Set: f.Set, Grid: f.Grid,
					KgCO2e: f.KgCO2e, SharePct: f.SharePct, Grade: f.Grade, Source: f.Source})
			}
		}
	}
	return c, nil
}

// format2 reads the keys format 2 adds into c. A missing key is left for
// the canonical check to refuse (it re-encodes with every key).
func (w *certWire) format2(c *Certificate) error {
	c.Format = 2
	if w.CutOff != nil {
		c.CutOff = CertificateCutOff{Basis: w.CutOff.Basis, SharePct: w.CutOff.SharePct, LimitPct: w.CutOff.LimitPct, Items: w.CutOff.Items}
	}
	for _, p := range []struct {
		src *string
		dst *string
	}{{w.FactorSetDigest, &c.FactorSetDigest}, {w.StudyDigest, &c.StudyDigest}, {w.SupersedesNumber, &c.SupersedesNumber}, {w.SuppliersDigest, &c.SuppliersDigest}} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
	if w.NotApplicable != nil {
		for _, n := range *w.NotApplicable {
			c.NotApplicable = append(c.NotApplicable, CertificateNotApplicable{Code: n.Code, NameZH: n.NameZH, NameEN: n.NameEN, Reason: n.Reason})
		}
	}
	if w.Uncertainty != nil && *w.Uncertainty != nil {
		u := *w.Uncertainty
		c.Uncertainty = &CertificateUncertainty{
			Method: u.Method, Runs: u.Runs, LowPercentile: u.LowPercentile, HighPercentile: u.HighPercentile,
			LowKgCO2e: u.LowKgCO2e, MedianKgCO2e: u.MedianKgCO2e, HighKgCO2e: u.HighKgCO2e,
		}
	}
	return nil
}

// DiffCertificates returns the names of the top-level canonical
// fields (e.g. "number", "kg_co2e", "holder") in which a and b differ, in
// sorted order; nil if they encode identically. Invalid certificates compare
// by what they would encode to.
func DiffCertificates(a, b *Certificate) []string {
	if a != nil && b != nil {
		ea, errA := encodeCertWire(a.wire())
		eb, errB := encodeCertWire(b.wire())
		if errA == nil && errB == nil && bytes.Equal(ea, eb) && a.VerifyBase == b.VerifyBase && a.DQRCoveragePct == b.DQRCoveragePct && sameUseScenario(a, b) {
			return nil // the common case, without decoding field by field
		}
	}
	ma, errA := certFieldMap(a)
	mb, errB := certFieldMap(b)
	if errA != nil || errB != nil {
		if errA != nil && errB != nil {
			return nil
		}
		return []string{"certificate"}
	}
	var diff []string
	for _, k := range slices.Sorted(maps.Keys(ma)) {
		if !bytes.Equal(ma[k], mb[k]) {
			diff = append(diff, k)
		}
	}
	for _, f := range []struct {
		key  string
		same bool
	}{{"verify_base", a.VerifyBase == b.VerifyBase}, {"dqr_coverage_pct", a.DQRCoveragePct == b.DQRCoveragePct}, {"use_scenario", sameUseScenario(a, b)}} {
		if !f.same && !slices.Contains(diff, f.key) { // set on a format that encodes none
			diff = append(diff, f.key)
			slices.Sort(diff)
		}
	}
	return diff
}

func certFieldMap(c *Certificate) (map[string]json.RawMessage, error) {
	if c == nil {
		return nil, footprint.Errorf(footprint.EINVALID, "certificate is empty")
	}
	b, err := encodeCertWire(c.wire())
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode certificate fields: %w", err)
	}
	return m, nil
}

// CertificateInput is what NewCertificate assembles a certificate from: the
// identity the store allocates, the study with its stored result, and the
// parties. Holder and Certifier come from the organisations involved;
// Manufacturer and Sites default to what the study's product states.
type CertificateInput struct {
	// Identity, allocated at issue.
	ID         uuid.UUID // random (version 4)
	Number     string    // from the store's numbering
	IssuedAt   time.Time
	Revision   int       // 0 or 1 for a first issue
	Supersedes uuid.UUID // for a successor: the certificate replaced

	// SupersedesNumber is the number of the certificate Supersedes names.
	SupersedesNumber string

	// ExpiresBy is, for data certified already, the expiry of their
	// certificate: that of the study's latest certificate, or of the
	// certificate superseded when the study's reference period ends no
	// later than that one's (a copy of the study, or a correction of it).
	// The certificate keeps it (or the rule's validity from its issue, if
	// earlier): signing the same data again (a signing key reported
	// compromised) never lengthens their validity; a renewal is a study
	// of a recent period (red team 68: reissued just before it expired,
	// the same study was certified four years on one assessment). Zero:
	// data certified first.
	ExpiresBy time.Time

	// VerifyBase is the issuing service's public base URL, signed in the
	// certificate so that its QR code's address is signed too; "" signs
	// none (a service in local mode).
	VerifyBase string

	// Study is the certified study; its Result must be set (StudyService
	// reads return it).
	Study *footprint.Study

	// StudyDocument is the study document as stored, byte for byte: its
	// SHA-256 is the certificate's StudyDigest. Nil: MarshalStudyJSON of
	// Study, which gives the stored bytes for a study the store returned.
	StudyDocument []byte

	// FactorSetDigest is the Digest of the published factor set the
	// result used (FactorSet.Digest).
	FactorSetDigest string

	// Suppliers are the supplier certificates the study references, one
	// per reference (Study.SupplierIDs), each with the footprint it gave
	// the calculation (NewCertificateSupplier). NewCertificate checks them
	// against the result's Suppliers.
	Suppliers []CertificateSupplier

	// Parties.
	Holder       CertificateParty   // the applicant (委托人)
	Manufacturer CertificateParty   // zero: Study.Product.Manufacturer at the holder's address
	Sites        []CertificateParty // nil: one site, Study.Product.Site
	Certifier    CertificateCertifier
}

// certificateDQRCoverage is the share of the total the result's DQR
// covers, as a certificate signs it: 0 when nothing is rated, and at most
// 100 (the engine sums the rated lines and the total in different orders,
// which can leave the share a rounding error above 100).
func certificateDQRCoverage(r *footprint.Result) float64 {
	if r.DQR == 0 {
		return 0
	}
	return min(r.DQRCoveragePct, 100)
}

// certificateDQRSelfRated is the share of the result's DQR that rests on
// the study's own scores, as a certificate signs it: 0 when nothing is
// rated, and from 0 to 100.
func certificateDQRSelfRated(r *footprint.Result) float64 {
	if r.DQR == 0 || !(r.DQRSelfRatedPct > 0) {
		return 0
	}
	return min(r.DQRSelfRatedPct, 100)
}

// BasisStandards are the standards every certificate is based on, whatever
// its rule cites (PRODUCT.md: GB/T 24067-2024, built on ISO 14067).
var BasisStandards = []string{"GB/T 24067-2024", "ISO 14067:2018"}

// NewCertificate maps a study and its stored result onto a format-7
// certificate, or format 8 when its DQR rests on the study's own scores
// in part: every field of Certificate is filled from the input, the
// study's rule (code, version, names, standards, validity) and the result
// (totals, stages, reporting units, data quality, electricity, digest,
// uncertainty, cut-off, stages not applicable, the factors that carry the
// footprint with their grades: CertificateFactorsFromResult), with the digests of the
// study document and of the factor set, and the supplier certificates. It
// is pure: the caller supplies the ID, number, issue time and the digests
// it holds. It returns EINVALID, naming the field, if the study has no
// result, its rule is unknown, the suppliers do not match the result's, or
// the assembled certificate is not valid (Certificate.Validate).
func NewCertificate(in CertificateInput) (*Certificate, error) {
	s := in.Study
	if s == nil || s.Result == nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "study_id", "study has no calculated result")
	}
	r := s.Result
	rule, err := footprint.FindRule(cmp.Or(r.Rule, s.Rule))
	if err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "rule", "%s", footprint.ErrorMessage(err))
	}
	digest, err := r.Digest()
	if err != nil {
		return nil, err
	}
	revision := in.Revision
	if revision < 1 {
		revision = 1
	}
	issued := in.IssuedAt.UTC().Truncate(time.Second)
	ruleVersion := cmp.Or(r.RuleVersion, rule.Version)

	expires := CertificateExpiry(issued, rule.CertificateValidityYears)
	if !in.ExpiresBy.IsZero() && in.ExpiresBy.Before(expires) {
		expires = in.ExpiresBy.UTC()
		if !expires.After(issued) {
			return nil, SameDataExpiredError(s.ID, r.ReferencePeriod, expires)
		}
	}
	c := &Certificate{
		ID:         in.ID,
		Number:     in.Number,
		Revision:   revision,
		Supersedes: in.Supersedes,

		Holder:       in.Holder,
		Manufacturer: in.Manufacturer,
		Sites:        slices.Clone(in.Sites),
		Certifier:    in.Certifier,

		Product: certificateProduct(s),

		Rule:          CertificateRule{Code: rule.Code, Version: ruleVersion, NameZH: rule.NameZH, NameEN: rule.NameEN},
		Standards:     certificateStandards(rule.Standards),
		FactorSet:     cmp.Or(r.FactorSet, s.FactorSet),
		EngineVersion: r.EngineVersion,
		Boundary:      r.Boundary,
		DeclaredUnit:  certificateDeclaredUnit(rule, r.DeclaredUnit),
		PeriodStart:   r.ReferencePeriod.Start.UTC(),
		PeriodEnd:     r.ReferencePeriod.End.UTC(),

		KgCO2e:            r.KgCO2e,
		PackagingIncluded: r.PackagingIncluded,

		DQR:                 r.DQR,
		PrimaryDataSharePct: r.PrimaryDataSharePct,
		DQRCoveragePct:      certificateDQRCoverage(r),

		Electricity: CertificateElectricity{
			Approach:    r.Electricity.Approach,
			GridFactors: slices.Clone(r.Electricity.GridFactors),
		},

		IssuedAt:  issued,
		ExpiresAt: expires,

		StudyID:      s.ID,
		ResultDigest: digest,

		UseScenario:   certificateUseScenario(s, r),
		CreditsKgCO2e: r.CreditsKgCO2e,

		Format:           7,
		VerifyBase:       in.VerifyBase,
		SupersedesNumber: in.SupersedesNumber,
		FactorSetDigest:  in.FactorSetDigest,
		CutOff:           certificateCutOff(r),
	}
	doc := in.StudyDocument
	if doc == nil {
		if doc, err = footprint.MarshalStudyJSON(s); err != nil {
			return nil, err
		}
	}
	c.StudyDigest = StudyDigest(doc)
	// Format 8 when the DQR rests on the study's own scores in part, and
	// says how much; format 7 otherwise, whose DQR is the factors' and the
	// suppliers' ratings (as format 5 signs verify_base only for a service
	// that signs its address): a certificate that rests on no self-rating
	// reads and verifies as before.
	if c.DQRSelfRatedPct = certificateDQRSelfRated(r); c.DQRSelfRatedPct > 0 {
		c.Format = 8
	}
	// Format 9 when the study uses a supplier certificate: its supplier list
	// signs the certificate's product codes, with which a verifier
	// recomputes the range as the service calculated it (the families of
	// its HS codes, montecarlo.SupplierFamilies). A study of none is issued
	// as before.
	if slices.ContainsFunc(in.Suppliers, func(s CertificateSupplier) bool { return !s.IsPACT() }) {
		c.Format = 9
	}
	if err := checkSuppliers(in.Suppliers, s, r); err != nil {
		return nil, err
	}
	if c.SuppliersDigest, err = SuppliersDigest(doc, in.Suppliers); err != nil {
		return nil, err
	}
	if u := r.Uncertainty; u.Runs > 0 {
		c.Uncertainty = &CertificateUncertainty{
			Method: u.Method, Runs: u.Runs, LowPercentile: footprint.UncertaintyLowPercentile, HighPercentile: footprint.UncertaintyHighPercentile,
			LowKgCO2e: u.LowKgCO2e, MedianKgCO2e: u.MedianKgCO2e, HighKgCO2e: u.HighKgCO2e,
		}
	}
	c.Factors = CertificateFactorsFromResult(r)
	for _, na := range r.NotApplicable {
		c.NotApplicable = append(c.NotApplicable, CertificateNotApplicable{Code: na.Code, NameZH: na.NameZH, NameEN: na.NameEN, Reason: strings.TrimSpace(na.Reason)})
	}
	if c.Boundary == "" {
		c.Boundary = s.Boundary
	}
	if c.Manufacturer == (CertificateParty{}) {
		c.Manufacturer = CertificateParty{NameEN: strings.TrimSpace(s.Product.Manufacturer), Address: in.Holder.Address}
		if c.Manufacturer.NameEN == "" {
			c.Manufacturer = in.Holder
		}
	}
	if c.Sites == nil && strings.TrimSpace(s.Product.Site) != "" {
		c.Sites = []CertificateParty{{
			NameZH:  c.Manufacturer.NameZH,
			NameEN:  c.Manufacturer.NameEN,
			Address: strings.TrimSpace(s.Product.Site),
		}}
	}
	for _, st := range r.Stages {
		c.Stages = append(c.Stages, CertificateStage{Code: st.Code, NameZH: st.NameZH, NameEN: st.NameEN, KgCO2e: st.KgCO2e})
	}
	for _, u := range r.PerUnit {
		// The headline already states the total per declared unit.
		if r.DeclaredUnit.Amount == 1 && u.Unit == r.DeclaredUnit.Unit.Symbol {
			continue
		}
		c.PerUnit = append(c.PerUnit, CertificatePerUnit{Unit: u.Unit, LabelZH: u.LabelZH, LabelEN: u.LabelEN, KgCO2e: u.KgCO2e})
	}
	// ISO 14067 7.2: fossil and biogenic are reported separately where
	// known; nil says "not known", which is not zero.
	if r.BiogenicSplitKnown {
		fossil, biogenic := r.FossilKgCO2e, r.BiogenicKgCO2e
		c.FossilKgCO2e, c.BiogenicKgCO2e = &fossil, &biogenic
	}
	for _, in := range r.Electricity.Instruments {
		c.Electricity.Instruments = append(c.Electricity.Instruments, CertificateInstrument{Kind: in.Kind, Serial: in.Serial, SerialLast: in.SerialLast, MWh: in.MWh})
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := checkPrintable(c.Product.Model, r.DeclaredUnit); err != nil {
		return nil, err
	}
	return c, nil
}

// CheckPrintable returns EINVALID, naming the field, for what a certificate
// of study st would print misleadingly: a model with look-alike characters
// (footprint.CheckModelCharacters) or a declared unit that is not one or
// more whole products (checkDeclaredUnit), and for what it cannot print:
// its product (CertificateProduct.validate), manufacturer, site or
// not-applicable reasons beyond a certificate's limits. NewCertificate
// checks them all; an application checks them too, so that the
// manufacturer learns it when applying rather than when the certifier
// issues. It also refuses a claim in the applicant's text the certificate
// prints (checkClaims), the serials of its green-power instruments
// included (checkInstrumentClaims), at application and again at issue
// (factordb's certifiableStudy).
func CheckPrintable(st *footprint.Study) error {
	if err := checkPrintable(st.Product.Model, st.DeclaredUnit); err != nil {
		return err
	}
	if err := certificateProduct(st).validate(); err != nil {
		return err
	}
	if err := checkGTINDigit(strings.TrimSpace(st.Product.GTIN)); err != nil {
		return err
	}
	for i, na := range st.NotApplicable {
		if err := footprint.ValidateText(fmt.Sprintf("not_applicable[%d].reason", i), strings.TrimSpace(na.Reason), 500, true); err != nil {
			return err
		}
	}
	if err := footprint.ValidateText("product.manufacturer", strings.TrimSpace(st.Product.Manufacturer), 200, false); err != nil {
		return err
	}
	if err := footprint.ValidateText("product.site", strings.TrimSpace(st.Product.Site), 300, false); err != nil {
		return err
	}
	texts := []struct {
		field, text   string
		party, number bool // a company's name or address (neutrality words may name it); a certificate number's form is a claim
	}{
		{"product.name_zh", st.Product.NameZH, false, true}, {"product.name", st.Product.Name, false, true},
		{"product.manufacturer", st.Product.Manufacturer, true, true}, {"product.site", st.Product.Site, true, true},
		{"product.model", st.Product.Model, false, false}, // "ABC-2024-123456" is a model
	}
	for i, na := range st.NotApplicable {
		texts = append(texts, struct {
			field, text   string
			party, number bool
		}{fmt.Sprintf("not_applicable[%d].reason", i), na.Reason, false, true})
	}
	for _, t := range texts {
		if err := checkClaims(t.field, t.text, t.party, t.number); err != nil {
			return err
		}
		if read, chars := readsAsLetters(t.text); chars != "" {
			if err := checkClaimsAs(t.field, read, t.party, t.number, false); err != nil {
				zh, en, _ := strings.Cut(footprint.ErrorMessage(err), "。")
				return footprint.FieldErrorf(footprint.EINVALID, t.field, "%s 中的 %s 印出来像拉丁字母，读作 %q；%s。%s: the certificate font prints %s as Latin letters, so %q reads as %q; %s",
					t.field, chars, read, zh, t.field, chars, t.text, read, en)
			}
		}
		if err := access.CheckPrintsAsItReads(t.field, t.text); err != nil { // "Ꭰemo Module Co." for another's name
			return err
		}
	}
	if err := checkNamedShares(st); err != nil { // "LONGi 80%" (session 56)
		return err
	}
	if err := checkPowers(st); err != nil { // "430W" beside "550 W" (red team 76)
		return err
	}
	return checkInstrumentClaims(st) // the certificate prints each instrument's serials
}

// printedLetters are the characters the certificate font draws as a
// stroke, a bar, a box or a letter's shape, with the Latin letter or digit
// a reader takes each for beside a Latin letter or digit: one table with
// the model check's (modelchars.PrintedLetters says where each came from).
var printedLetters = modelchars.PrintedLetters

// readsAsLetters returns text with each of printedLetters that stands
// beside an ASCII letter or digit, or beside another that does
// ("口口口口口1"), written as the letter it prints as, and those characters
// quoted ("'丨' (U+4E28)"); text and "" when there is none. Among Chinese
// characters they are Chinese (接口, 工业): left as they are. The text is
// read in its NFKC form (full-width letters as Latin ones: "ＶＡＬ丨Ｄ"), and
// a neighbour is the nearest character past spaces and the marks between
// spelled-out letters ("C 口 2e", "V.A.L.丨.D"; reviewer 46).
func readsAsLetters(text string) (read, chars string) {
	rs := []rune(norm.NFKC.String(text))
	isASCII := func(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	beside := func(i, step int) bool { // the nearest character past spaces and marks is ASCII
		for i += step; i >= 0 && i < len(rs) && (unicode.IsSpace(rs[i]) || strings.ContainsRune(".-_'*·", rs[i])); i += step {
		}
		return i >= 0 && i < len(rs) && isASCII(rs[i])
	}
	var seen []rune
	for changed := true; changed; {
		changed = false
		for i, r := range rs {
			l, ok := printedLetters[r]
			if ok && (beside(i, -1) || beside(i, 1)) {
				rs[i], changed = l, true
				if !slices.Contains(seen, r) {
					seen = append(seen, r)
				}
			}
		}
	}
	var quoted []string
	for _, r := range seen {
		quoted = append(quoted, fmt.Sprintf("%q (%U)", r, r))
	}
	return string(rs), strings.Join(quoted, ", ")
}

// certificateProduct is the product a certificate of study s names.
func certificateProduct(s *footprint.Study) CertificateProduct {
	return CertificateProduct{
		NameZH: strings.TrimSpace(s.Product.NameZH),
		NameEN: strings.TrimSpace(s.Product.Name),
		Model:  strings.TrimSpace(s.Product.Model),
		Codes:  slices.Clone(s.Product.ProductCodes),
		GTIN:   strings.TrimSpace(s.Product.GTIN),
	}
}

// checkPrintable is CheckPrintable on a model and a declared unit.
func checkPrintable(model string, du footprint.DeclaredUnit) error {
	if err := footprint.CheckModelCharacters("product.model", model); err != nil {
		return err
	}
	return checkDeclaredUnit(du)
}

// checkDeclaredUnit returns EINVALID naming declared_unit.amount for a
// declared amount of less than one unit, or a fraction of a counted
// product. The engine scales the inventory to any amount, so a study of
// 0.001 module was certified at "0.150 kgCO2e/0.001 块组件", which a label
// prints, and a reader takes, as a figure per module. (A declared unit of a
// container or a group, 箱 or 双, the engine refuses: Calculate.)
func checkDeclaredUnit(du footprint.DeclaredUnit) error {
	if du.Amount < 1 || du.Unit.Dim.IsCount() && du.Amount != math.Trunc(du.Amount) {
		return footprint.FieldErrorf(footprint.EINVALID, "declared_unit.amount",
			"declared unit %s: a certificate states its figure per one or more whole declared units (1 piece, 1 kWp); a figure per a fraction of one reads as a figure per unit", du)
	}
	return nil
}

// CertificateFactorsFromResult returns the factors a format-3 certificate
// names for result r: the factors with a positive contribution, the
// largest first (then by code), until together they make up at least
// CertificateFactorsCoverPct of the total or MaxCertificateMainFactors are
// named; then every electricity grid factor of the result
// (r.Electricity.GridFactors) not named yet, whatever its share. The list
// is in order of contribution, largest first, then by code. Each shows its
// grade and the first part of its source locator (up to "; "), which for a
// CPCD factor is its product ID ("CPCD 17100H1562020A").
func CertificateFactorsFromResult(r *footprint.Result) []CertificateFactor {
	uses := slices.Clone(r.Factors)
	slices.SortStableFunc(uses, func(a, b *footprint.FactorUse) int {
		return cmp.Or(cmp.Compare(b.KgCO2e, a.KgCO2e), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Set, b.Set))
	})
	pick := make([]bool, len(uses))
	covered := 0.0
	for i, u := range uses {
		if covered >= CertificateFactorsCoverPct/100.0*r.KgCO2e || i >= MaxCertificateMainFactors || !(u.KgCO2e > 0) {
			break
		}
		pick[i] = true
		covered += u.KgCO2e
	}
	var out []CertificateFactor
	for i, u := range uses {
		grid := slices.Contains(r.Electricity.GridFactors, u.Code)
		if !pick[i] && !grid {
			continue
		}
		f := CertificateFactor{
			Code: u.Code, NameZH: certificateText(u.NameZH, 200), NameEN: certificateText(u.NameEN, 200), Set: u.Set, Grid: grid,
			KgCO2e: u.KgCO2e, Grade: certificateGrade(u.Grade), Source: certificateFactorSource(u.Source),
		}
		if r.KgCO2e > 0 {
			f.SharePct = u.KgCO2e / r.KgCO2e * 100
		}
		out = append(out, f)
	}
	return out
}

// certificateGrade returns a factor's grade as a certificate states it: one
// of CertificateGrades (case and surrounding space ignored), else "" (not
// graded on the reference legend). Sets imported from files may carry
// other text in their grade column; a certificate names only the legend's
// grades, and such a factor must not stop an issue.
func certificateGrade(g string) string {
	g = strings.ToUpper(strings.TrimSpace(g))
	if slices.Contains(CertificateGrades, g) {
		return g
	}
	return ""
}

// certificateFactorSource returns the first part of a factor's source
// locator (up to "; "), or its document when there is no locator, cut to
// what a certificate prints.
func certificateFactorSource(s footprint.Source) string {
	loc, _, _ := strings.Cut(s.Locator, "; ")
	return certificateText(cmp.Or(strings.TrimSpace(loc), s.Document), maxCertificateFactorSource)
}

// certificateText returns text of a published factor as a certificate
// prints it: control and format characters (a direction override, a
// zero-width space) dropped, runs of white space as one space,
// at most max characters (cut with "…"). A factor's set accepts any name,
// and what it publishes must not stop a certificate from being issued.
func certificateText(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		s = strings.TrimSpace(string([]rune(s)[:max-1])) + "…"
	}
	return s
}

// certificateStandards returns the basis standards followed by the rule's
// own, without duplicates, within the certificate's limit.
func certificateStandards(ruleStandards []string) []string {
	out := slices.Clone(BasisStandards)
	for _, s := range ruleStandards {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) && len(out) < MaxCertificateStandards {
			out = append(out, s)
		}
	}
	return out
}

// unitWords names common declared units in both languages, for units the
// rule does not label.
var unitWords = map[string][2]string{
	"piece": {"件", "piece"},
	"kWp":   {"千瓦峰值", "kWp"},
	"m²":    {"平方米", "m²"},
	"kg":    {"千克", "kg"},
	"t":     {"吨", "t"},
	"kWh":   {"千瓦时", "kWh"},
}

// certificateDeclaredUnit returns the declared unit with the words a label
// prints. The rule's reporting unit of the same symbol gives them ("per
// module" / "每块组件" → "module" / "块组件"); otherwise the unit's own name.
func certificateDeclaredUnit(rule *footprint.Rule, du footprint.DeclaredUnit) CertificateDeclaredUnit {
	out := CertificateDeclaredUnit{Amount: du.Amount, Unit: du.Unit.Symbol}
	for _, pu := range rule.PerUnits {
		if pu.Unit == du.Unit.Symbol {
			out.LabelEN = strings.TrimSpace(strings.TrimPrefix(pu.LabelEN, "per "))
			out.LabelZH = strings.TrimSpace(strings.TrimPrefix(pu.LabelZH, "每"))
			break
		}
	}
	if out.LabelEN == "" && out.LabelZH == "" {
		w, ok := unitWords[du.Unit.Symbol]
		if !ok {
			w = [2]string{"", du.Unit.Symbol}
		}
		out.LabelZH, out.LabelEN = w[0], w[1]
	}
	return out
}

// certificateCutOff states a result's cut-off: the share of the exempted
// items on the basis the engine judged them by.
func certificateCutOff(r *footprint.Result) CertificateCutOff {
	co := CertificateCutOff{LimitPct: r.CutOffLimitPct, Items: len(r.Exempted)}
	if co.Items == 0 {
		return co
	}
	co.Basis = r.ExemptedBasis
	switch r.ExemptedBasis {
	case CutOffEmissions:
		co.SharePct = r.ExemptedPct
	case CutOffMass:
		co.SharePct = r.ExemptedMassPct
	}
	return co
}

// SupplierRefs returns the references of study s that a certificate of
// format (Certificate.Format) lists in the supplier list its
// SuppliersDigest commits to, in the list's order: for format 3 every
// supplier reference, supplier certificates and PACT footprints
// (Study.SupplierIDs); for format 2 the supplier certificates only (a
// format-2 certificate signs a PACT footprint through the result digest
// alone); none for format 1.
func SupplierRefs(s *footprint.Study, format int) []string {
	switch {
	case format >= 3:
		return s.SupplierIDs()
	case format == 2:
		return s.SupplierCertificateRefs()
	}
	return nil
}

// checkSuppliers requires sups to be the supplier footprints the study
// references (SupplierRefs for format 3: the supplier
// certificates and the suppliers' PACT footprints), one per reference in
// the study's order, each giving the footprint (value and unit) the result
// used.
func checkSuppliers(sups []CertificateSupplier, s *footprint.Study, r *footprint.Result) error {
	if err := ValidateSuppliers(sups); err != nil {
		return err
	}
	refs := SupplierRefs(s, 3)
	if len(sups) != len(refs) {
		return footprint.FieldErrorf(footprint.EINVALID, "suppliers", "the study references %d supplier footprints (certificates and PACT footprints), %d given", len(refs), len(sups))
	}
	for i, ref := range refs {
		if sups[i].Ref != ref {
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("suppliers[%d].ref", i), "supplier reference %q, want %q", sups[i].Ref, ref)
		}
	}
	for i, s := range sups {
		if !s.IsPACT() && s.ProductCodes == nil { // NewCertificateSupplier signs them, even none
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("suppliers[%d].product_codes", i), "供应商证书 %[1]s 的条目未签署其产品编码（%[2]s 的供应商清单签署之）。supplier certificate %[1]s: the entry signs no product codes (a %[2]s supplier list signs them)", s.Number, CertificateFormat9)
		}
	}
	for _, u := range r.Suppliers {
		i := slices.IndexFunc(sups, func(s CertificateSupplier) bool { return s.Ref == u.ID })
		if i < 0 {
			return footprint.FieldErrorf(footprint.EINVALID, "suppliers", "the result used supplier footprint %q, which the study does not reference", u.ID)
		}
		// A stored result holds its numbers as CanonicalJSON rounds them.
		if footprint.CanonicalFloat(sups[i].KgCO2e) != footprint.CanonicalFloat(u.KgCO2e) || sups[i].Unit != u.Unit {
			what := "supplier certificate " + sups[i].Number
			if sups[i].IsPACT() {
				what = "supplier PACT footprint " + sups[i].Ref
			}
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("suppliers[%d]", i), "%s gives %g kgCO2e/%s, the result used %g kgCO2e/%s",
				what, sups[i].KgCO2e, sups[i].Unit, u.KgCO2e, u.Unit)
		}
	}
	return nil
}

// NewPACTCertificateSupplier returns what a format-3 certificate records
// of a supplier's PACT footprint a study references as ref ("pact:<id>"):
// its id, PACT spec version and version (0 in v3), and the footprint sf the
// stored document gives a calculation (supplier, product, declared unit
// and kgCO2e per unit).
func NewPACTCertificateSupplier(ref string, id uuid.UUID, specVersion string, version int, sf *footprint.SupplierFootprint) CertificateSupplier {
	return CertificateSupplier{
		Ref: ref, ID: id, SpecVersion: specVersion, Version: version,
		Supplier: sf.Supplier, Product: sf.Product, Unit: sf.DeclaredUnit.Symbol, KgCO2e: sf.KgCO2e,
	}
}

// StudyDigest returns the hex SHA-256 of a study document, the bytes as
// given: a certificate's StudyDigest is that of the document as stored
// (MarshalStudyJSON at the study's creation, with its id, owner and
// created_at, indented, ending in one newline).
func StudyDigest(doc []byte) string {
	sum := sha256.Sum256(doc)
	return hex.EncodeToString(sum[:])
}

// NewCertificateSupplier returns what a certificate records of supplier
// certificate c, referenced as ref by a study: its identity and the
// footprint it gives a calculation (CertificateSupplierFootprint).
func NewCertificateSupplier(ref string, c *Certificate) CertificateSupplier {
	return CertificateSupplier{
		Ref: ref, ID: c.ID, Number: c.Number,
		Supplier:  cmp.Or(c.Manufacturer.NameEN, c.Manufacturer.NameZH),
		Product:   strings.TrimSpace(cmp.Or(c.Product.NameEN, c.Product.NameZH) + " " + c.Product.Model),
		Unit:      c.DeclaredUnit.Unit,
		KgCO2e:    c.KgCO2e / c.DeclaredUnit.Amount,
		Boundary:  c.Boundary,
		FactorSet: c.FactorSet,
		IssuedAt:  c.IssuedAt, ValidUntil: c.ExpiresAt,
		PeriodStart: c.PeriodStart, PeriodEnd: c.PeriodEnd,
		UncertaintyPct: signedUncertaintyPct(c), DQR: c.DQR,
		PrimarySharePct: new(c.PrimaryDataSharePct), DQRCoveragePct: signedDQRCoverage(c),
		DQRSelfRatedPct: signedDQRSelfRated(c),
		ProductCodes:    append([]footprint.ProductCode{}, c.Product.Codes...), // signed, even when none (format 9)
	}
}

// signedDQRSelfRated is the share of certificate c's DQR that rests on its
// study's own scores, as it signs it (format 8); nil when it signs none.
func signedDQRSelfRated(c *Certificate) *float64 {
	if c.Format < 8 || !(c.DQR > 0) || !(c.DQRSelfRatedPct > 0) {
		return nil
	}
	return new(c.DQRSelfRatedPct)
}

// signedDQRCoverage is the share of its total certificate c's DQR covers,
// as it signs it (format 5 on); nil when it signs none.
func signedDQRCoverage(c *Certificate) *float64 {
	if c.Format < 5 || !(c.DQR > 0) {
		return nil
	}
	return new(c.DQRCoveragePct)
}

// signedUncertaintyPct is the relative 95 % half-width, in percent, of the
// range certificate c signs, on its wider side (a lognormal range is wider
// above its median), and never below the supplier default; the default
// for a certificate that signs no range (format 1).
func signedUncertaintyPct(c *Certificate) float64 {
	u := c.Uncertainty
	if u == nil || !(u.MedianKgCO2e > 0) || u.HighKgCO2e < u.MedianKgCO2e || u.LowKgCO2e > u.MedianKgCO2e {
		return footprint.SupplierUncertaintyPct
	}
	return max(footprint.SupplierUncertaintyPct, 100*max(u.HighKgCO2e/u.MedianKgCO2e-1, 1-u.LowKgCO2e/u.MedianKgCO2e))
}

// dqrScores returns data-quality scores whose DQR is dqr rounded up to a
// quarter, the nearest the four whole scores state, so that a supplier's
// line is rated no better than the DQR it signs; unrated for 0.
func dqrScores(dqr float64) footprint.DataQuality {
	if !(dqr > 0) {
		return footprint.DataQuality{}
	}
	total := min(max(int(math.Ceil(4*dqr-1e-9)), 4), 20)
	s := [4]int{}
	for i := range s {
		s[i] = total / 4
		if i < total%4 {
			s[i]++
		}
	}
	return footprint.DataQuality{TeR: s[0], GR: s[1], TiR: s[2], P: s[3]}
}

// CertificateSupplierFootprint returns the footprint supplier certificate
// c, signed with key keyID, gives a study that references it as ref: per
// one of its declared units, with its validity and reference period, the
// range it signs and its DQR (as scores rating it no better: dqrScores).
// It returns EINVALID for a certificate whose declared unit is not usable.
func CertificateSupplierFootprint(ref string, c *Certificate, keyID string) (*footprint.SupplierFootprint, error) {
	sf, err := NewCertificateSupplier(ref, c).Footprint()
	if err != nil {
		return nil, err
	}
	sf.Source = fmt.Sprintf("certificate %s (%s), signed by key %s", c.Number, c.ID, keyID)
	sf.ProductCodes = slices.Clone(c.Product.Codes) // what the footprint is of, for a rule's required parts
	return sf, nil
}

// Footprint returns the supplier footprint s records, as the calculation
// of the certified study read it: a verifier recomputes the result with
// these. It returns EINVALID for a unit that does not parse.
//
// A PACT footprint entry (IsPACT) records what the footprint gave, not the
// whole footprint (validity, reference period): the verifier calculates
// with the PACT document, and Footprint returns EINVALID for it.
func (s CertificateSupplier) Footprint() (*footprint.SupplierFootprint, error) {
	if s.IsPACT() {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "ref", "supplier %s is a PACT footprint: calculate with its PACT document", s.Ref)
	}
	unit, err := footprint.ParseUnit(s.Unit)
	if err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "unit", "supplier certificate %s: %s", s.Number, footprint.ErrorMessage(err))
	}
	return &footprint.SupplierFootprint{
		ID: s.Ref, Supplier: s.Supplier, Product: s.Product, DeclaredUnit: unit, KgCO2e: s.KgCO2e,
		Boundary: s.Boundary, FactorSet: s.FactorSet, IssuedAt: s.IssuedAt, ValidUntil: s.ValidUntil,
		Period:         footprint.Period{Start: s.PeriodStart, End: s.PeriodEnd},
		Source:         fmt.Sprintf("certificate %s (%s)", s.Number, s.ID),
		UncertaintyPct: s.UncertaintyPct, Quality: dqrScores(s.DQR),
		PrimarySharePct: s.PrimarySharePct, DQRUnrated: unratedShare(s.DQRCoveragePct), DQRSelfRated: selfRatedShare(s.DQRSelfRatedPct),
		ProductCodes: slices.Clone(s.ProductCodes), // nil from a list that signs none: the footprint moves with every family
	}, nil
}

// unratedShare is the share, 0 to 1, of a supplier certificate's figure
// its DQR does not rate: 1 − coverage/100; 0 (rated whole) when it signs
// no coverage.
func unratedShare(coverage *float64) float64 {
	if coverage == nil {
		return 0
	}
	return 1 - min(max(*coverage, 0), 100)/100
}

// selfRatedShare is the share, 0 to 1, of a supplier certificate's DQR
// that rests on its own study's scores; 0 when it signs none.
func selfRatedShare(pct *float64) float64 {
	if pct == nil {
		return 0
	}
	return min(max(*pct, 0), 100) / 100
}

// Domain separation of the supplier commitment (SuppliersDigest).
const (
	suppliersSaltPrefix   = "pcf-certificate-suppliers-salt/1\n"
	suppliersDigestPrefix = "pcf-certificate-suppliers/1\n"
)

// SuppliersDigest returns a certificate's commitment to the supplier
// certificates its study used (docs/certificates.md §2.1):
//
//	salt   = SHA-256("pcf-certificate-suppliers-salt/1\n" || study document as stored)
//	digest = SHA-256("pcf-certificate-suppliers/1\n" || hex(salt) || "\n" || MarshalSuppliers(sups))
//
// The salt comes from the private study document, so that no one without
// the study can test a guess of the supplier list against the public
// digest (supplier certificates are public, their numbers sequential);
// whoever holds the study and the list can check it. It returns EINVALID
// for an invalid list (ValidateSuppliers).
func SuppliersDigest(studyDoc []byte, sups []CertificateSupplier) (string, error) {
	list, err := MarshalSuppliers(sups)
	if err != nil {
		return "", err
	}
	salt := sha256.Sum256(append([]byte(suppliersSaltPrefix), studyDoc...))
	h := sha256.New()
	h.Write([]byte(suppliersDigestPrefix))
	h.Write([]byte(hex.EncodeToString(salt[:]) + "\n"))
	h.Write(list)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// SuppliersFormat tags the supplier list document (MarshalSuppliers).
const SuppliersFormat = "pcf-certificate-suppliers/1"

type suppliersWire struct {
	Format    string `json:"format"`
	Suppliers []any  `json:"suppliers"` // certSupplierWire or certPACTSupplierWire
}

// MarshalSuppliers returns the canonical encoding of a supplier list: the
// JSON document {"format":"pcf-certificate-suppliers/1","suppliers":[…]},
// each supplier an object with sorted keys (boundary, factor_set, id,
// issued_at, kg_co2e, number, period_end, period_start, product,
// product_codes (format 9), ref, supplier, unit, valid_until), in the rules of the certificate's own
// encoding (no whitespace, shortest round-trip numbers, times in UTC to the
// second, days, "" for a period not known). A supplier's PACT footprint
// (format 3) is an object with the keys id, kg_co2e, product, ref,
// spec_version, supplier, unit and, for PACT 2 only, version. It is what
// SuppliersDigest commits to and what a holder discloses. Returns EINVALID
// for an invalid list.
func MarshalSuppliers(sups []CertificateSupplier) ([]byte, error) {
	if err := ValidateSuppliers(sups); err != nil {
		return nil, err
	}
	w := suppliersWire{Format: SuppliersFormat, Suppliers: []any{}}
	for _, s := range sups {
		if s.IsPACT() {
			pw := certPACTSupplierWire{
				ID: s.ID.String(), KgCO2e: s.KgCO2e, Product: s.Product, Ref: s.Ref,
				SpecVersion: s.SpecVersion, Supplier: s.Supplier, Unit: s.Unit,
			}
			if pactMajor(s.SpecVersion) == "2" {
				pw.Version = &s.Version
			}
			w.Suppliers = append(w.Suppliers, pw)
			continue
		}
		sw := certSupplierWire{
			Boundary: string(s.Boundary), FactorSet: s.FactorSet, ID: s.ID.String(),
			IssuedAt: s.IssuedAt.UTC().Format(certTimeLayout), KgCO2e: s.KgCO2e, Number: s.Number,
			Product: s.Product, Ref: s.Ref, Supplier: s.Supplier, Unit: s.Unit,
			ValidUntil: s.ValidUntil.UTC().Format(certTimeLayout),
			DQR:        s.DQR, Uncertainty: s.UncertaintyPct, Primary: s.PrimarySharePct, DQRCoverage: s.DQRCoveragePct, DQRSelf: s.DQRSelfRatedPct,
		}
		if s.ProductCodes != nil {
			codes := []string{}
			for _, pc := range s.ProductCodes {
				codes = append(codes, pc.String())
			}
			sw.Codes = &codes
		}
		if !s.PeriodStart.IsZero() {
			sw.PeriodStart, sw.PeriodEnd = s.PeriodStart.UTC().Format(certDayLayout), s.PeriodEnd.UTC().Format(certDayLayout)
		}
		w.Suppliers = append(w.Suppliers, sw)
	}
	return encodeCanonical("suppliers", w)
}

// ParseSuppliers reads a supplier list written by MarshalSuppliers, in
// any JSON layout. Returns EINVALID, naming the field, for anything else,
// and for a member given twice or beside its name in another case
// (jsonerr.OneReading): encoding/json read the last of "suppliers" and
// "Suppliers", every other reader the first, so a holder's list read as
// the signed one by pcf verify showed its buyer other suppliers (red team
// 58).
func ParseSuppliers(b []byte) ([]CertificateSupplier, error) {
	if field, problem, zh := jsonerr.OneReading(b); problem != "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, field, "%s。%s", zh, problem)
	}
	var w struct {
		Format    string            `json:"format"`
		Suppliers []json.RawMessage `json:"suppliers"`
	}
	if err := decodeStrict(b, &w); err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "supplier list is not valid: %s", jsonErrorText(err))
	}
	if w.Format != SuppliersFormat {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "format", "unknown supplier-list format %q (want %s)", w.Format, SuppliersFormat)
	}
	var out []CertificateSupplier
	for i, raw := range w.Suppliers {
		f := fmt.Sprintf("suppliers[%d]", i)
		var kind struct {
			Ref string `json:"ref"`
		}
		if err := json.Unmarshal(raw, &kind); err != nil {
			return nil, footprint.FieldErrorf(footprint.EINVALID, f, "supplier entry is not valid: %s", jsonErrorText(err))
		}
		if strings.HasPrefix(kind.Ref, footprint.PACTSupplierPrefix) {
			var pw certPACTSupplierWire
			if err := decodeStrict(raw, &pw); err != nil {
				return nil, footprint.FieldErrorf(footprint.EINVALID, f, "PACT footprint entry is not valid: %s", jsonErrorText(err))
			}
			s := CertificateSupplier{
				Ref: pw.Ref, SpecVersion: pw.SpecVersion, Supplier: pw.Supplier, Product: pw.Product,
				Unit: pw.Unit, KgCO2e: pw.KgCO2e,
			}
			var err error
			if s.ID, err = uuid.Parse(pw.ID); err != nil || len(pw.ID) != 36 || pw.ID != s.ID.String() {
				return nil, footprint.FieldErrorf(footprint.EINVALID, f+".id", "invalid UUID %q", pw.ID)
			}
			switch major := pactMajor(pw.SpecVersion); {
			case major == "2" && pw.Version == nil:
				return nil, footprint.FieldErrorf(footprint.EINVALID, f+".version", "a PACT 2 footprint entry needs its version")
			case major != "2" && pw.Version != nil:
				return nil, footprint.FieldErrorf(footprint.EINVALID, f+".version", "only a PACT 2 footprint entry has a version")
			case pw.Version != nil:
				s.Version = *pw.Version
			}
			out = append(out, s)
			continue
		}
		var sw certSupplierWire
		if err := decodeStrict(raw, &sw); err != nil {
			return nil, footprint.FieldErrorf(footprint.EINVALID, f, "supplier entry is not valid: %s", jsonErrorText(err))
		}
		s := CertificateSupplier{
			Ref: sw.Ref, Number: sw.Number, Supplier: sw.Supplier, Product: sw.Product, Unit: sw.Unit,
			KgCO2e: sw.KgCO2e, Boundary: footprint.Boundary(sw.Boundary), FactorSet: sw.FactorSet,
			UncertaintyPct: sw.Uncertainty, DQR: sw.DQR, PrimarySharePct: sw.Primary, DQRCoveragePct: sw.DQRCoverage, DQRSelfRatedPct: sw.DQRSelf,
		}
		var err error
		if sw.Codes != nil {
			s.ProductCodes = []footprint.ProductCode{}
			for j, c := range *sw.Codes {
				pc, err := footprint.ParseProductCode(c)
				if err != nil || pc.String() != c {
					return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("%s.product_codes[%d]", f, j), "invalid product code %q", c)
				}
				s.ProductCodes = append(s.ProductCodes, pc)
			}
		}
		if s.ID, err = uuid.Parse(sw.ID); err != nil || len(sw.ID) != 36 {
			return nil, footprint.FieldErrorf(footprint.EINVALID, f+".id", "invalid UUID %q", sw.ID)
		}
		for _, t := range []struct {
			field, layout, v string
			dst              *time.Time
		}{
			{f + ".issued_at", certTimeLayout, sw.IssuedAt, &s.IssuedAt},
			{f + ".valid_until", certTimeLayout, sw.ValidUntil, &s.ValidUntil},
			{f + ".period_start", certDayLayout, sw.PeriodStart, &s.PeriodStart},
			{f + ".period_end", certDayLayout, sw.PeriodEnd, &s.PeriodEnd},
		} {
			if t.layout == certDayLayout && t.v == "" {
				continue // not known
			}
			if *t.dst, err = time.Parse(t.layout, t.v); err != nil {
				return nil, footprint.FieldErrorf(footprint.EINVALID, t.field, "invalid time %q", t.v)
			}
		}
		out = append(out, s)
	}
	if err := ValidateSuppliers(out); err != nil {
		return nil, err
	}
	return out, nil
}

// FormatDQR formats a DQR as the documents print it: to two decimals,
// rounded up, so that the figure never reads a better PEF level than the
// one signed (red team 20: 1.54, very good, printed to one decimal read
// 1.5, excellent).
func FormatDQR(dqr float64) string {
	return strconv.FormatFloat(math.Ceil(dqr*100-1e-9)/100, 'f', 2, 64)
}

// dqrLevelZH names the PEF data-quality levels (footprint.DQRLevel;
// Commission Recommendation (EU) 2021/2279) in Chinese, as the documents
// and the verification page print them.
var dqrLevelZH = map[string]string{"excellent": "优秀", "very good": "很好", "good": "良好", "fair": "一般", "poor": "差"}

// DQRLevelsZH returns the Chinese names of the PEF data-quality levels by
// their English names, a copy the caller may keep.
func DQRLevelsZH() map[string]string { return maps.Clone(dqrLevelZH) }

// DQRCoverageText says, in Chinese and in English, what share of the
// total a DQR covers (FormatDQRCoveragePct): "覆盖总量的 4.5 %", "covers
// 4.5 % of the total".
func DQRCoverageText(pct float64) (zh, en string) {
	s := FormatDQRCoveragePct(pct)
	return "覆盖总量的 " + s, "covers " + s + " of the total"
}

// PrintedDQR returns the DQR of c as the documents print it, its PEF level
// in both languages and, from format 5, the share of the total it covers:
// "DQR 1.20 优秀 excellent · 覆盖总量的 4.5 % / covers 4.5 % of the total";
// from format 8, when the DQR rests on the study's own scores in part,
// that share (DQRSelfRatedText): "… · 其中 100 % 为研究自评 / 100 % of it
// self-rated by the study". A DQR that rests on none of the study's
// scores prints as format 7 did: a "0 %" on every certificate rated by its
// factors would be noise, and on a certificate of a result stored before
// the share was recorded it would be a statement no one checked.
// "" when c is not rated.
func (c *Certificate) PrintedDQR() string {
	if c.DQR <= 0 {
		return ""
	}
	level := footprint.DQRLevel(c.DQR)
	s := "DQR " + FormatDQR(c.DQR) + " " + dqrLevelZH[level] + " " + level
	if c.Format >= 5 {
		zh, en := DQRCoverageText(c.DQRCoveragePct)
		s += " · " + zh + " / " + en
	}
	if c.Format >= 8 && c.DQRSelfRatedPct > 0 {
		zh, en := DQRSelfRatedText(c.DQRSelfRatedPct)
		s += " · " + zh + " / " + en
	}
	return s
}

// DQRSelfRatedText says, in Chinese and in English, what share of a
// DQR's weight rests on the study's own dq scores (FormatDQRSelfRatedPct):
// "其中 100 % 为研究自评", "100 % of it self-rated by the study".
func DQRSelfRatedText(pct float64) (zh, en string) {
	s := FormatDQRSelfRatedPct(pct)
	return "其中 " + s + " 为研究自评", s + " of it self-rated by the study"
}

// FormatDQRSelfRatedPct formats the share of a DQR that rests on the
// study's own scores as the documents print it: three significant
// figures, rounded up, so that it never reads a smaller share than signed
// ("45.7 %" for 45.61), and with as many more as it takes not to read 100 %
// when some of the DQR is the set's ("99.97 %"); "0 %" for none.
func FormatDQRSelfRatedPct(pct float64) string {
	if !(pct > 0) {
		return "0 %"
	}
	if pct >= 100 {
		return "100 %"
	}
	for digits := 3.0; ; digits++ {
		p := math.Pow(10, digits-math.Ceil(math.Log10(pct)))
		if v := math.Ceil(pct*p-1e-9) / p; v < 100 || digits >= 15 {
			return strconv.FormatFloat(v, 'f', -1, 64) + " %"
		}
	}
}

// FormatDQRCoveragePct formats the share of the total a DQR covers as the
// documents print it: three significant figures, rounded down, so that it
// never reads a larger share than signed ("99.9 %" for 99.97, "12.5 %",
// "0.0456 %").
func FormatDQRCoveragePct(pct float64) string {
	if !(pct > 0) {
		return "0 %"
	}
	p := math.Pow(10, 3-math.Ceil(math.Log10(pct)))
	return strconv.FormatFloat(math.Floor(pct*p+1e-9)/p, 'f', -1, 64) + " %"
}

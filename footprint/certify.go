package footprint

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

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
	Supersedes uuid.UUID // for a reissue: the certificate replaced

	// Study is the certified study; its Result must be set (StudyService
	// reads return it).
	Study *Study

	// Parties.
	Holder       CertificateParty   // the applicant (委托人)
	Manufacturer CertificateParty   // zero: Study.Product.Manufacturer at the holder's address
	Sites        []CertificateParty // nil: one site, Study.Product.Site
	Certifier    CertificateCertifier
}

// BasisStandards are the standards every certificate is based on, whatever
// its rule cites (PRODUCT.md: GB/T 24067-2024, built on ISO 14067).
var BasisStandards = []string{"GB/T 24067-2024", "ISO 14067:2018"}

// NewCertificate maps a study and its stored result onto a certificate:
// every field of Certificate is filled from the input, the study's rule
// (code, version, names, standards, validity) and the result (totals,
// stages, reporting units, data quality, electricity, digest). It is pure:
// the caller supplies the ID, number and issue time. It returns EINVALID,
// naming the field, if the study has no result, its rule is unknown, or the
// assembled certificate is not valid (Certificate.Validate).
func NewCertificate(in CertificateInput) (*Certificate, error) {
	s := in.Study
	if s == nil || s.Result == nil {
		return nil, FieldErrorf(EINVALID, "study_id", "study has no calculated result")
	}
	r := s.Result
	rule, err := FindRule(cmp.Or(r.Rule, s.Rule))
	if err != nil {
		return nil, FieldErrorf(EINVALID, "rule", "%s", ErrorMessage(err))
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

	c := &Certificate{
		ID:         in.ID,
		Number:     in.Number,
		Revision:   revision,
		Supersedes: in.Supersedes,

		Holder:       in.Holder,
		Manufacturer: in.Manufacturer,
		Sites:        slices.Clone(in.Sites),
		Certifier:    in.Certifier,

		Product: CertificateProduct{
			NameZH: strings.TrimSpace(s.Product.NameZH),
			NameEN: strings.TrimSpace(s.Product.Name),
			Model:  strings.TrimSpace(s.Product.Model),
			Codes:  slices.Clone(s.Product.ProductCodes),
			GTIN:   strings.TrimSpace(s.Product.GTIN),
		},

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

		Electricity: CertificateElectricity{
			Approach:    r.Electricity.Approach,
			GridFactors: slices.Clone(r.Electricity.GridFactors),
		},

		IssuedAt:  issued,
		ExpiresAt: CertificateExpiry(issued, rule.CertificateValidityYears),

		StudyID:      s.ID,
		ResultDigest: digest,
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
		c.Electricity.Instruments = append(c.Electricity.Instruments, CertificateInstrument{Kind: in.Kind, Serial: in.Serial, MWh: in.MWh})
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
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
func certificateDeclaredUnit(rule *Rule, du DeclaredUnit) CertificateDeclaredUnit {
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

package pact

import (
	"fmt"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Facts are what a footprint states beyond the certificate: figures of the
// certified study and its result that the certificate does not print. They
// are as fixed as the certificate: the result is pinned by the
// certificate's ResultDigest, and a stored study never changes.
//
// They are aggregates only; nothing of the bill of materials (line names,
// quantities, suppliers) is in them, so a footprint leaks no private data.
type Facts struct {
	MassKg          float64 // product mass of one declared unit, excluding packaging; 0 = unknown
	Geography       string  // place of production: ISO 3166 country or subdivision ("CN", "CN-SC")
	AircraftKgCO2e  float64 // part of the total from air transport
	PackagingKgCO2e float64 // part of the total from packaging
	ExemptedPct     float64 // share of emissions (or, when not screened, of mass) cut off, percent
	ExemptedText    string
	UncertaintyText string

	// Shared are the private details of the result, written only for an
	// organisation the holder shared the footprint with.
	Shared *SharedDetails

	// DQI are the data-quality indicators (DQIFromStudy); nil when they
	// cannot be stated.
	DQI *DQI

	// Upstream are the suppliers' PACT footprints the result used, with
	// the versions it records (private, like Shared).
	Upstream []UpstreamFootprint
}

// FactsFromStudy reads the facts of a certificate's study, which must be
// the certified study with its stored result. It returns EINVALID if the
// study is not the certificate's or its result is not the certified one
// (the digests differ).
func FactsFromStudy(c *certification.Certificate, s *footprint.Study) (Facts, error) {
	if c == nil || s == nil || s.Result == nil {
		return Facts{}, footprint.Errorf(footprint.EINVALID, "study has no result")
	}
	if s.ID != c.StudyID {
		return Facts{}, footprint.Errorf(footprint.EINVALID, "study %s is not the study of certificate %s", s.ID, c.Number)
	}
	r := s.Result
	digest, err := r.Digest()
	if err != nil {
		return Facts{}, err
	}
	if digest != c.ResultDigest {
		return Facts{}, footprint.Errorf(footprint.EINVALID, "the stored result of study %s is not the one certificate %s certifies", s.ID, c.Number)
	}
	f := Facts{
		MassKg:          massPerDeclaredUnit(s, r),
		Geography:       productionGeography(s),
		AircraftKgCO2e:  r.AircraftKgCO2e,
		PackagingKgCO2e: r.PackagingKgCO2e,
		Shared:          sharedDetails(c, r),
		Upstream:        upstreamFromResult(r),
	}
	n := len(r.Exempted)
	switch r.ExemptedBasis {
	case "emissions":
		f.ExemptedPct = r.ExemptedPct
		f.ExemptedText = fmt.Sprintf("%d %s cut off under the rule's %s %% cut-off criterion; their screened emissions are %s %% of the footprint with them (screening estimates, not part of the total).",
			n, plural(n, "input", "inputs"), textNumber(r.CutOffLimitPct), textNumber(r.ExemptedPct))
	case "mass":
		f.ExemptedPct = r.ExemptedMassPct
		f.ExemptedText = fmt.Sprintf("%d %s cut off under the rule's %s %% cut-off criterion, %s %% of the product mass; their emissions were not screened, so exemptedEmissionsPercent states the mass share.",
			n, plural(n, "input", "inputs"), textNumber(r.CutOffLimitPct), textNumber(r.ExemptedMassPct))
	}
	if u := r.Uncertainty; u.Runs > 0 {
		f.UncertaintyText = fmt.Sprintf("Monte Carlo analysis (%s, %d runs): 95 %% interval %s to %s %s, median %s.",
			u.Method, u.Runs, textNumber(u.LowKgCO2e), textNumber(u.HighKgCO2e), perDeclaredUnit, textNumber(u.MedianKgCO2e))
	}
	return f, nil
}

// perDeclaredUnit is how the footprint's prose names the unit of its
// figures: kgCO2e per the certificate's declared unit (V2 restates it
// where its declared unit is another).
const perDeclaredUnit = "kgCO2e per declared unit"

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// massPerDeclaredUnit returns the product mass of one declared unit: the
// study's mass per piece times the pieces in a declared unit, which the
// rule's reporting units define (a kWp of PV modules is 1000 /
// RatedPowerWp pieces). 0 when unknown.
func massPerDeclaredUnit(s *footprint.Study, r *footprint.Result) float64 {
	du := r.DeclaredUnit
	if du.Unit.Dim == footprint.DimMass {
		return du.Amount * du.Unit.ToBase
	}
	p := s.Product
	if !(p.MassKg > 0) {
		return 0
	}
	if du.Unit.Symbol == "piece" {
		return du.Amount * p.MassKg
	}
	rule, err := footprint.FindRule(r.Rule)
	if err != nil {
		return 0
	}
	for _, pu := range rule.PerUnits {
		if pu.Unit != du.Unit.Symbol {
			continue
		}
		var perPiece float64 // units of pu.Unit in one piece
		switch pu.Basis {
		case footprint.PerPiece:
			perPiece = 1
		case footprint.PerRatedPower:
			perPiece = p.RatedPowerWp / 1000
		case footprint.PerArea:
			perPiece = p.AreaM2
		case footprint.PerActiveArea:
			perPiece = p.ActiveAreaM2
		}
		if perPiece > 0 {
			return du.Amount * p.MassKg / perPiece
		}
	}
	return 0
}

// productionGeography returns where the product is made: the site's
// region when the study states it (product.site_region: a supplier's
// electricity line may be of another province, red team 51), else as the
// study's electricity lines state it (the place whose grid they use):
// their common geography, else their common country; the default
// geography when the study has no electricity line.
func productionGeography(s *footprint.Study) string {
	if r := strings.ToUpper(strings.TrimSpace(s.Product.SiteRegion)); r != "" {
		return r
	}
	var geos []string
	for _, e := range s.Electricity {
		if e == nil {
			continue
		}
		g := strings.ToUpper(strings.TrimSpace(e.Geography))
		if g == "" {
			g = footprint.DefaultGeography
		}
		geos = append(geos, g)
	}
	if len(geos) == 0 {
		return footprint.DefaultGeography
	}
	same, country := true, strings.SplitN(geos[0], "-", 2)[0]
	for _, g := range geos[1:] {
		same = same && g == geos[0]
		if strings.SplitN(g, "-", 2)[0] != country {
			return ""
		}
	}
	if same {
		return geos[0]
	}
	return country
}

// Package seed holds the embedded Chengdu seed factor set and loads it into a
// footprint.FactorService.
//
// data/factors.csv is generated from the project's reference dataset
// (factors.csv and factors.md) by ./internal/gen; it keeps every reference
// code, value, unit and name, and adds the source, licence, grade,
// data-quality scores and HS codes the factor model needs. docs/seed.md
// describes its content and every mapping choice. The file is in the
// factor CSV format of footprint/tabular, so `pcf factors export` of the
// seeded set gives the same rows.
//
// The package never imports a storage adapter: cmd passes the service in.
package seed

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

//go:embed data/*.csv
var data embed.FS

// SetVersion is the factor-set version the embedded factors are published as.
const SetVersion = "2026.1"

// SetDescription describes the seeded factor set.
const SetDescription = "Chengdu seed factor set, built from the project reference dataset (see docs/seed.md)"

// Parse reads factors in the factor CSV format (see
// tabular.ReadFactorsCSV); name prefixes error positions. Any bad row
// gives an EINVALID error listing "seed: name:line: column: problem" and no
// factors.
func Parse(r io.Reader, name string, opts ...tabular.ReadOption) ([]*footprint.Factor, error) {
	factors, err := tabular.ReadFactorsCSV(r, name, opts...)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	return factors, nil
}

// Factors returns the embedded seed factors, ordered by code. Each call
// returns fresh values the caller may change.
func Factors() ([]*footprint.Factor, error) {
	b, err := data.ReadFile("data/factors.csv")
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	return Parse(bytes.NewReader(b), "factors.csv")
}

// Load makes factor set version hold factors, published. It is idempotent:
//   - the set does not exist: it is created as a draft, the factors are
//     imported and the set is published;
//   - the set exists as a draft holding only seed codes: the factors are
//     imported into it (replacing what it holds) and it is published; a
//     draft holding any other factor is ECONFLICT, since publishing would
//     publish that factor as seed data;
//   - the set exists, published, with exactly these factors: nothing is
//     done;
//   - the set exists, published, with these factors except that some
//     factors lack an electricity role, a transport mode or an end-of-life
//     treatment (the set was seeded before these existed): those factors
//     are given the seed's (footprint.FactorClassifier, which the service
//     must implement), the migration of docs/integrity.md. No value
//     changes.
//
// loaded reports whether anything was written. If the published set differs
// (a factor with another value or field, a factor missing or extra) Load
// returns ECONFLICT naming the first differing code and changes nothing: a
// published set is immutable, so new seed data needs a new version. It
// returns EINVALID for an empty or invalid factor list, and any error of the
// service.
func Load(ctx context.Context, svc footprint.FactorService, version string, factors []*footprint.Factor) (loaded bool, err error) {
	return LoadSet(ctx, svc, version, SetDescription, factors)
}

// LoadSet is Load for a set of another description, such as the CPCD
// library set (seed/cpcd): the description is given to the set when Load
// creates it.
func LoadSet(ctx context.Context, svc footprint.FactorService, version, description string, factors []*footprint.Factor) (loaded bool, err error) {
	if len(factors) == 0 {
		return false, footprint.Errorf(footprint.EINVALID, "seed: no factors to load into set %q", version)
	}
	set, err := svc.FindFactorSetByVersion(ctx, version)
	switch {
	case footprint.ErrorCode(err) == footprint.ENOTFOUND:
		if err := svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: version, Description: description}); err != nil {
			return false, fmt.Errorf("seed: create set %s: %w", version, err)
		}
	case err != nil:
		return false, fmt.Errorf("seed: find set %s: %w", version, err)
	case set.Status == footprint.SetPublished:
		existing, err := svc.ExportFactorSet(ctx, version)
		if err != nil {
			return false, fmt.Errorf("seed: export set %s: %w", version, err)
		}
		classes, err := compare(version, existing, factors)
		if err != nil || len(classes) == 0 {
			return false, err
		}
		classifier, ok := svc.(footprint.FactorClassifier)
		if !ok {
			return false, footprint.Errorf(footprint.ECONFLICT, "seed: published set %q holds factors without an electricity role, transport mode or treatment (stored before these existed), and this factor service cannot classify them; load the seed with the database's own service", version)
		}
		n, err := classifier.ClassifyFactors(ctx, version, classes)
		if err != nil {
			return false, fmt.Errorf("seed: classify factors of set %s: %w", version, err)
		}
		return n > 0, nil
	}

	if set != nil { // a draft: it must hold nothing but seed factors, or publishing it would publish them too
		draft, err := svc.ExportFactorSet(ctx, version)
		if err != nil {
			return false, fmt.Errorf("seed: export draft set %s: %w", version, err)
		}
		want := make(map[string]bool, len(factors))
		for _, f := range factors {
			want[f.Code] = true
		}
		for _, f := range draft {
			if !want[f.Code] {
				return false, footprint.Errorf(footprint.ECONFLICT, "seed: draft set %q holds factor %q that the seed does not; remove it or load the seed as another version", version, f.Code)
			}
		}
	}
	if _, err := svc.ImportFactors(ctx, version, factors); err != nil {
		return false, fmt.Errorf("seed: import into set %s: %w", version, err)
	}
	if err := acknowledgeSourceFlags(ctx, svc, version, description); err != nil {
		return false, err
	}
	if _, err := svc.PublishFactorSet(ctx, version); err != nil {
		return false, fmt.Errorf("seed: publish set %s: %w", version, err)
	}
	return true, nil
}

// compare returns ECONFLICT naming the first code (in code order) at which
// the published factors differ from the seed factors. A published factor
// without an electricity role, transport mode or treatment where the seed
// gives one is no difference: compare returns the seed's classes of those
// factors, by code, for the caller to fill in.
func compare(version string, published, seed []*footprint.Factor) (map[string]footprint.FactorClass, error) {
	have := make(map[string]*footprint.Factor, len(published))
	for _, f := range published {
		have[f.Code] = f
	}
	want := make(map[string]*footprint.Factor, len(seed))
	for _, f := range seed {
		want[f.Code] = f
	}
	codes := make([]string, 0, len(have)+len(want))
	for c := range have {
		codes = append(codes, c)
	}
	for c := range want {
		if _, ok := have[c]; !ok {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	var classes map[string]footprint.FactorClass
	for _, c := range codes {
		h, w := have[c], want[c]
		switch {
		case h == nil:
			return nil, footprint.Errorf(footprint.ECONFLICT, "seed: published set %q has no factor %q; publish the seed as a new version", version, c)
		case w == nil:
			return nil, footprint.Errorf(footprint.ECONFLICT, "seed: published set %q has factor %q that the seed does not; publish the seed as a new version", version, c)
		}
		if field := diff(h, w); field != "" {
			if field == "value" {
				return nil, footprint.Errorf(footprint.ECONFLICT, "seed: published set %q has factor %q = %g %s, seed has %g %s; publish the seed as a new version",
					version, c, h.Value, h.Unit, w.Value, w.Unit)
			}
			return nil, footprint.Errorf(footprint.ECONFLICT, "seed: published set %q has factor %q with another %s than the seed; publish the seed as a new version", version, c, field)
		}
		fill := false
		for _, a := range []struct{ name, have, want string }{
			{"electricity role", string(h.ElectricityRole), string(w.ElectricityRole)},
			{"transport mode", h.TransportMode, w.TransportMode},
			{"treatment", h.Treatment, w.Treatment},
		} {
			switch {
			case a.have == a.want:
			case a.have == "":
				fill = true
			default:
				return nil, footprint.Errorf(footprint.ECONFLICT, "seed: published set %q has factor %q with another %s than the seed; publish the seed as a new version", version, c, a.name)
			}
		}
		if fill {
			if classes == nil {
				classes = map[string]footprint.FactorClass{}
			}
			classes[c] = w.Class()
		}
	}
	return classes, nil
}

// diff names the first field in which a and b differ, "" if none. An empty
// and a nil product-code list are equal.
func diff(a, b *footprint.Factor) string {
	for _, f := range []struct {
		name   string
		differ bool
	}{
		{"value", a.Value != b.Value && !(math.IsNaN(a.Value) && math.IsNaN(b.Value))},
		{"unit", a.Unit != b.Unit},
		{"name", a.NameZH != b.NameZH || a.NameEN != b.NameEN},
		{"category", a.Category != b.Category},
		{"boundary", a.Boundary != b.Boundary},
		{"geography", a.Geography != b.Geography},
		{"year", a.Year != b.Year},
		{"product codes", !slices.Equal(a.ProductCodes, b.ProductCodes)},
		{"source", a.Source != b.Source},
		{"licence", a.Licence != b.Licence},
		{"data quality", a.Quality != b.Quality},
		{"uncertainty", a.UncertaintyPct != b.UncertaintyPct},
		{"notes", a.Notes != b.Notes},
		{"status", a.Status != b.Status || a.SupersededBy != b.SupersededBy},
	} {
		if f.differ {
			return f.name
		}
	}
	return ""
}

// acknowledgeSourceFlags acknowledges the plausibility flags of an embedded
// set before Load publishes it (issue 15 item 3). The curated seed set has
// none (seed_test checks it); the CPCD library set has some, rows CPCD
// publishes that lie far outside their peers. The loader keeps every value
// as its source publishes it, so it acknowledges their flags as the loader
// (factorlib.FactorFlagLoader), which is not a review: the set is
// published, the flags stay listed with it (GET
// /v1/factor-sets/{version}/flags, pcf factors flags), and a flagged factor
// may be used in a preview but not in a stored study, an application or a
// certificate until a curator reviews its flag (docs/integrity.md
// "Plausibility flags"). A store without checks needs nothing; a store
// that checks but cannot tell the loader from a curator is refused rather
// than have the loader's acknowledgement pass for a review.
func acknowledgeSourceFlags(ctx context.Context, svc footprint.FactorService, version, description string) error {
	checker, ok := svc.(factorlib.FactorFlagService)
	if !ok {
		return nil
	}
	flags, err := checker.FindFactorFlags(ctx, version)
	if err != nil {
		return fmt.Errorf("seed: plausibility flags of set %s: %w", version, err)
	}
	var codes []string
	for _, fl := range factorlib.Unacknowledged(flags) {
		codes = append(codes, fl.Code)
	}
	if len(codes) == 0 {
		return nil
	}
	loader, ok := svc.(factorlib.FactorFlagLoader)
	if !ok {
		return footprint.Errorf(footprint.ECONFLICT, "seed: set %s has %d plausibility flags and this factor service cannot record the loader's acknowledgement apart from a curator's review; load the seed with the database's own service", version, len(codes))
	}
	note := fmt.Sprintf("loaded by pcf as the source publishes it (%s); not reviewed by a curator: check the value and its unit against the source before use", description)
	if _, err := loader.AcknowledgeSourceFlags(ctx, version, codes, note); err != nil {
		return fmt.Errorf("seed: acknowledge plausibility flags of set %s: %w", version, err)
	}
	return nil
}

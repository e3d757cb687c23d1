package pact

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// DQI are a footprint's data-quality indicators as PACT v3 states them
// (DataQualityIndicators, PACT Methodology 4.2.3: technological,
// geographical and temporal representativeness, each 1 (best) to 5, a
// weighted average over the inputs). The service rates every input with the
// PEF criteria (Commission Recommendation (EU) 2021/2279: TeR, GR, TiR, P,
// each 1 to 5): the three indicators are its TeR, GR and TiR, weighted by
// each rated input's share of the total (absolute kgCO2e), as the engine
// weights its overall DQR.
type DQI struct {
	TechnologicalDQR float64
	GeographicalDQR  float64
	TemporalDQR      float64
	CoveragePct      float64 // share of the total the rated inputs cover
}

// FactorQuality returns the data-quality ratings of a factor of a set.
type FactorQuality func(set, code string) (footprint.DataQuality, bool)

// DQIFromStudy computes the indicators of a study's stored result. Each
// rated input (a leaf of the contribution tree with a DQR) is rated by its
// line's own PEF scores when the study gives all four, otherwise by its
// factor's (quality), exactly as the engine chose; the scores found must
// give the DQR the result records for the input, and the weighted DQR must
// be the result's. It returns false when any input cannot be resolved so
// (a supplier footprint's ratings, a line it cannot find) or nothing is
// rated: no indicator is then stated rather than a guessed one.
func DQIFromStudy(s *footprint.Study, quality FactorQuality) (*DQI, bool) {
	if s == nil || s.Result == nil || quality == nil {
		return nil, false
	}
	doc, err := footprint.MarshalStudyJSON(s)
	if err != nil {
		return nil, false
	}
	var root map[string]any
	if err := json.Unmarshal(doc, &root); err != nil {
		return nil, false
	}
	var kg, total, ter, gr, tir, dqr float64
	ok := true
	var walk func(c *footprint.Contribution)
	walk = func(c *footprint.Contribution) {
		if c == nil || !ok {
			return
		}
		if len(c.Children) > 0 {
			for _, ch := range c.Children {
				walk(ch)
			}
			return
		}
		total += math.Abs(c.KgCO2e)
		if c.DQR <= 0 {
			return
		}
		q, found := leafQuality(root, c, quality)
		if !found || math.Abs(q.DQR()-c.DQR) > 1e-6 {
			ok = false
			return
		}
		w := math.Abs(c.KgCO2e)
		kg += w
		ter += w * float64(q.TeR)
		gr += w * float64(q.GR)
		tir += w * float64(q.TiR)
		dqr += w * c.DQR
	}
	for _, l := range s.Result.Lines {
		walk(l)
	}
	r := s.Result
	if !ok || kg <= 0 || math.Abs(dqr/kg-r.DQR) > 1e-6 {
		return nil, false
	}
	d := &DQI{TechnologicalDQR: round3(ter / kg), GeographicalDQR: round3(gr / kg), TemporalDQR: round3(tir / kg), CoveragePct: r.DQRCoveragePct}
	return d, true
}

// round3 rounds a rating to three decimals: the ratings are whole numbers
// weighted, and more digits would state a precision the scores lack.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// leafQuality finds the PEF scores the engine rated an input with: its
// line's own, when complete, else its factor's. A BOM or packaging input is
// the line at its path; the inputs of an electricity, fuel, transport or
// end-of-life line (grid, instruments, combustion, upstream) take that
// line's scores.
func leafQuality(root map[string]any, c *footprint.Contribution, quality FactorQuality) (footprint.DataQuality, bool) {
	if c.Supplier != "" || c.FactorCode == "" {
		return footprint.DataQuality{}, false // a supplier footprint's own ratings are not kept
	}
	tokens := strings.Split(c.Path, ".")
	line, ok := walkPath(root, tokens[:1])
	if !ok {
		return footprint.DataQuality{}, false
	}
	if strings.HasPrefix(c.Path, "bom[") || strings.HasPrefix(c.Path, "packaging[") {
		if line, ok = walkPath(root, tokens); !ok {
			return footprint.DataQuality{}, false
		}
	}
	if own, ok := lineScores(line); ok {
		return own, true
	}
	return quality(c.FactorSet, c.FactorCode)
}

// walkPath follows "name[i]" and "name" tokens through the study's JSON.
func walkPath(root map[string]any, tokens []string) (map[string]any, bool) {
	cur := root
	for _, t := range tokens {
		name, idx := t, -1
		if i := strings.IndexByte(t, '['); i >= 0 && strings.HasSuffix(t, "]") {
			n, err := strconv.Atoi(t[i+1 : len(t)-1])
			if err != nil {
				return nil, false
			}
			name, idx = t[:i], n
		}
		v, ok := cur[name]
		if !ok && name == "lines" {
			// A line that references a named assembly: its lines are
			// the assembly's (the engine expands them under it).
			v, ok = assemblyLines(root, cur["assembly"])
		}
		if !ok {
			return nil, false
		}
		if idx >= 0 {
			arr, ok := v.([]any)
			if !ok || idx >= len(arr) {
				return nil, false
			}
			v = arr[idx]
		}
		if cur, ok = v.(map[string]any); !ok {
			return nil, false
		}
	}
	return cur, true
}

// assemblyLines returns the lines of the study's assembly with that id.
func assemblyLines(root map[string]any, id any) (any, bool) {
	want, ok := id.(string)
	if !ok || want == "" {
		return nil, false
	}
	all, _ := root["assemblies"].([]any)
	for _, a := range all {
		if m, ok := a.(map[string]any); ok && m["id"] == want {
			v, ok := m["lines"]
			return v, ok
		}
	}
	return nil, false
}

// lineScores reads a line's own PEF scores ("dq"), when all four are given.
func lineScores(line map[string]any) (footprint.DataQuality, bool) {
	dq, ok := line["dq"].(map[string]any)
	if !ok {
		return footprint.DataQuality{}, false
	}
	get := func(k string) int {
		f, _ := dq[k].(float64)
		return int(f)
	}
	q := footprint.DataQuality{TeR: get("ter"), GR: get("gr"), TiR: get("tir"), P: get("p")}
	return q, q.DQR() > 0
}

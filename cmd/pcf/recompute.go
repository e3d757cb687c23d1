package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// recomputation is what pcf verify --study found: each check made, and
// every problem (none when the study and the factor set reproduce the
// certified result bit for bit).
type recomputation struct {
	checks   []string
	problems []string
}

func (r *recomputation) check(format string, args ...any) {
	r.checks = append(r.checks, fmt.Sprintf(format, args...))
}

func (r *recomputation) problem(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

// confirmed reports whether the result was reproduced.
func (r *recomputation) confirmed() bool { return len(r.problems) == 0 }

func (r *recomputation) print(w io.Writer) {
	fmt.Fprintln(w, "  recompute 复核:")
	for _, c := range r.checks {
		fmt.Fprintln(w, "   ", c)
	}
}

// maxDiffs bounds the differences listed line by line.
const maxDiffs = 12

// recompute calculates the study in studyPath again, as the certificate c
// was calculated, and compares: the study with the signed study digest,
// the factor set (the exported CSV factorsPath, or the export of the
// server base) with the signed factor-set digest, the supplier list the
// holder discloses (suppliersPath, certification.MarshalSuppliers; needed
// when the study references supplier certificates) with the signed
// suppliers digest, and the result with the signed result digest. A
// format-1 certificate signs none of the input digests: only the result is
// compared. The study file is a study document in any
// JSON layout, or GET /v1/studies/{id} as the holder received it, whose
// result (when its digest is the certificate's) lets a difference be named
// line by line.
func recompute(ctx context.Context, c *certification.Certificate, studyPath, factorsPath, suppliersPath string, pactPaths []string, base string) *recomputation {
	rc := &recomputation{}
	name := filepath.Base(studyPath)
	raw, err := os.ReadFile(studyPath)
	if err != nil {
		rc.problem("cannot read the study: %v", err)
		rc.check("study      %s: %v", name, err)
		return rc
	}
	if field, problem, zh := jsonerr.OneReading(raw); problem != "" {
		// {"data":{"study":A},"DATA":{"study":B}}: encoding/json read B,
		// recomputed and confirmed it, and the buyer, jq or a browser read
		// A (red team 58).
		rc.problem("研究文件 %s 在 %s 处:%s。The study file %s, at %s: %s", name, field, zh, name, field, problem)
		rc.check("study      %s: not read: at %s, %s", name, field, problem)
		return rc
	}
	doc, certified, certifiedErr := studyOf(raw)
	st, err := footprint.ParseStudyJSON(bytes.NewReader(doc))
	if err != nil {
		rc.problem("%s is not a study document: %s", name, describeErr(err))
		rc.check("study      %s: not a study document", name)
		return rc
	}
	if field, problem := answerRestates(raw, st, certified, certifiedErr); problem != "" {
		// The answer's product, title and total above its study, edited:
		// what a buyer reads first (red team 58).
		rc.problem("研究文件 %s 的 %s 与其中的研究或结果不符,不是服务给出的内容。The study file %s: %s %s", name, field, name, field, problem)
		rc.check("study      %s: %s %s", name, field, problem)
	}

	// The study: the signed digest is that of the document as stored;
	// stored keeps the bytes that matched (the salt of the suppliers
	// digest), nil if none did.
	var stored []byte
	switch {
	case c.Format < 2:
		rc.check("study      %s: %s signs no study digest (issued before %s); the study is checked through the result digest",
			name, certification.CertificateFormat, certification.CertificateFormat2)
	case certification.StudyDigest(doc) == c.StudyDigest:
		stored = doc
		rc.check("study      %s: SHA-256 %s matches the signed study digest (the document as stored, byte for byte)", name, c.StudyDigest)
	default:
		again, err := footprint.MarshalStudyJSON(st)
		if err == nil && certification.StudyDigest(again) == c.StudyDigest {
			stored = again
			rc.check("study      %s: re-encoded as stored (%d bytes), SHA-256 %s matches the signed study digest", name, len(again), c.StudyDigest)
			break
		}
		d := certification.StudyDigest(again)
		rc.check("study      %s: SHA-256 %s as stored, the certificate signs %s", name, d, c.StudyDigest)
		msg := fmt.Sprintf("the study given is not the certified study: stored as the service stores it, its SHA-256 is %s, the certificate signs %s", d, c.StudyDigest)
		if st.ID != c.StudyID {
			msg += fmt.Sprintf(" (its id is %q, the certified study's %q)", st.ID, c.StudyID)
		}
		rc.problem("%s", msg)
	}
	if st.FactorSet != c.FactorSet {
		rc.problem("the study pins factor set %q, the certificate %q", st.FactorSet, c.FactorSet)
	}

	// The factor set.
	all, from, err := exportedFactors(ctx, c.FactorSet, factorsPath, base)
	if err != nil {
		rc.problem("cannot read the factor set: %s", describeErr(err))
		rc.check("factor set %s: %s", c.FactorSet, describeErr(err))
		return rc
	}
	digest, err := factordb.FactorSetDigest(all)
	switch {
	case err != nil:
		rc.problem("the factor set %s: %s", from, describeErr(err))
	case c.Format < 2:
		rc.check("factor set %s from %s: %d factors, digest %s (a format-1 certificate signs none)", c.FactorSet, from, len(all), digest)
	case digest == c.FactorSetDigest:
		rc.check("factor set %s from %s: %d factors, digest %s matches the signed factor-set digest", c.FactorSet, from, len(all), digest)
	default:
		rc.check("factor set %s from %s: %d factors, digest %s, the certificate signs %s", c.FactorSet, from, len(all), digest, c.FactorSetDigest)
		rc.problem("the factor set given is not the published set %s: its digest is %s, the certificate signs %s", c.FactorSet, digest, c.FactorSetDigest)
	}
	for _, f := range all {
		f.Set = c.FactorSet
	}

	// The supplier footprints: the list the holder discloses, checked
	// against the signed suppliers digest.
	suppliers, list, ok := rc.suppliers(c, st, suppliersPath)
	if !ok {
		return rc
	}
	// The suppliers' PACT footprints: the documents the holder discloses,
	// checked (format 3) against the PACT entries of the list.
	docs, ok := rc.pactSuppliers(c, st, pactPaths, suppliers)
	if !ok {
		return rc
	}
	if c.Format >= 3 {
		list = rc.checkPACTSuppliers(list, suppliersPath != "", docs)
	}
	rc.suppliersDigest(c, stored, list)

	res, err := footprint.Calculate(st, studyFactors(all, st, suppliers), suppliers)
	if err != nil {
		rc.problem("the study does not calculate: %s", describeErr(err))
		return rc
	}
	got, err := rc.resultDigest(c, res, docs) // pactverify.go: the PACT versions the result records
	if err != nil {
		rc.problem("the recomputed result cannot be encoded: %v", err)
		return rc
	}
	if got == c.ResultDigest {
		rc.check("result     SHA-256 %s matches the signed result digest: %s kgCO2e per %s %s, reproduced bit for bit",
			got, num12(c.KgCO2e), strconv.FormatFloat(c.DeclaredUnit.Amount, 'g', -1, 64), c.DeclaredUnit.Unit)
		return rc
	}
	rc.check("result     SHA-256 %s, the certificate signs %s", got, c.ResultDigest)
	rc.problem("the recomputed result differs from the certified one: its SHA-256 is %s, the certificate signs %s", got, c.ResultDigest)
	for _, d := range diffCertified(c, res, certified) {
		rc.problem("%s", d)
	}
	return rc
}

// suppliers reads the supplier list the holder discloses (path, "" for
// none), checks it against the study's references (for format 3 every
// supplier reference, PACT footprints included: certification.SupplierRefs),
// and returns the supplier certificates' footprints to calculate with and
// the list; false when the study cannot be calculated. A list's PACT
// entries are checked against the PACT documents (checkPACTSuppliers), the
// list against the signed digest (suppliersDigest).
func (rc *recomputation) suppliers(c *certification.Certificate, st *footprint.Study, path string) (map[string]*footprint.SupplierFootprint, []certification.CertificateSupplier, bool) {
	certRefs := st.SupplierCertificateRefs()
	var list []certification.CertificateSupplier
	if path != "" {
		b, err := os.ReadFile(path)
		if err == nil {
			list, err = certification.ParseSuppliers(b)
		}
		if err != nil {
			rc.problem("the supplier list %s: %s", filepath.Base(path), describeErr(err))
			return nil, nil, false
		}
	}
	switch {
	case len(certRefs) > 0 && c.Format < 2:
		rc.problem("the study uses supplier certificates (%s), which a %s certificate does not sign: it cannot be recomputed", strings.Join(certRefs, ", "), certification.CertificateFormat)
		return nil, nil, false
	case len(certRefs) > 0 && path == "":
		rc.problem("the study uses supplier certificates (%s): give the supplier list its holder discloses with --suppliers FILE.json", strings.Join(certRefs, ", "))
		return nil, nil, false
	}
	var given []string
	out := map[string]*footprint.SupplierFootprint{}
	for _, s := range list {
		given = append(given, s.Ref)
		if s.IsPACT() {
			rc.check("supplier   %s in the list: PACT %s version %s, %s kgCO2e/%s", s.Ref, s.SpecVersion, pactVersion(s), strconv.FormatFloat(s.KgCO2e, 'g', -1, 64), s.Unit)
			continue
		}
		sf, err := s.Footprint()
		if err != nil {
			rc.problem("supplier certificate %s: %s", s.Number, describeErr(err))
			return nil, nil, false
		}
		out[s.Ref] = sf
		rc.check("supplier   %s (%s): %s kgCO2e/%s", s.Number, s.ID, strconv.FormatFloat(s.KgCO2e, 'g', -1, 64), s.Unit)
	}
	if refs := certification.SupplierRefs(st, max(c.Format, 2)); path != "" && !slices.Equal(refs, given) {
		what := "supplier certificates"
		if c.Format >= 3 {
			what = "supplier footprints (certificates and PACT footprints)"
		}
		rc.problem("the study references %s [%s], the supplier list gives [%s]", what, strings.Join(refs, ", "), strings.Join(given, ", "))
	}
	return out, list, true
}

// suppliersDigest checks the supplier list (list) against the signed
// suppliers digest, salted with the stored study document (stored; nil
// when the study given is not the certified one). A format-1 certificate
// signs no list.
func (rc *recomputation) suppliersDigest(c *certification.Certificate, stored []byte, list []certification.CertificateSupplier) {
	if c.Format < 2 {
		return
	}
	switch d, err := certification.SuppliersDigest(stored, list); {
	case stored == nil:
		rc.check("suppliers  not checked against the signed suppliers digest: it is salted with the certified study, which was not given")
	case err != nil:
		rc.problem("the supplier list: %s", describeErr(err))
	case d == c.SuppliersDigest && len(list) == 0:
		rc.check("suppliers  none: the signed suppliers digest is that of an empty list")
	case d == c.SuppliersDigest:
		rc.check("suppliers  the list of %d matches the signed suppliers digest %s", len(list), d)
	default:
		rc.problem("the supplier list given is not the one the certificate signs: its digest with the study is %s, the certificate signs %s", d, c.SuppliersDigest)
	}
}

// studyOf returns the study document in a file: the file itself, or the
// "study" of GET /v1/studies/{id} ({"data": {…, "study": …, "result": …}}),
// with its result (nil when the file holds none, or when it is not a result
// document: resErr says why).
func studyOf(raw []byte) (doc []byte, result *footprint.Result, resErr error) {
	var env struct {
		Data *struct {
			Study  json.RawMessage `json:"study"`
			Result json.RawMessage `json:"result"`
		} `json:"data"`
	}
	if json.Unmarshal(raw, &env) != nil || env.Data == nil || len(env.Data.Study) == 0 {
		return raw, nil, nil
	}
	if len(env.Data.Result) > 0 {
		result, resErr = footprint.ParseResultJSON(bytes.NewReader(env.Data.Result))
	}
	return env.Data.Study, result, resErr
}

// answerRestates checks, when raw is a GET /v1/studies/{id} answer, its
// members that restate its study st and its result (api's studyJSON: the
// id, owner, title, rule, boundary, declared unit, period, factor set and
// product of the study; the total and digest of the result), and that it
// has no other member: the digests a certificate signs cover the study and
// the result only, and a buyer reads the answer from its top. It returns
// the member that differs ("data.product") and how; "", "" when raw is
// not an answer or restates them as the service does. result and resErr
// are studyOf's reading of the answer's result.
func answerRestates(raw []byte, st *footprint.Study, result *footprint.Result, resErr error) (field, problem string) {
	var env struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if json.Unmarshal(raw, &env) != nil || env.Data == nil || len(env.Data["study"]) == 0 {
		return "", ""
	}
	want := map[string]any{"id": st.ID, "owner": st.Owner, "created_at": st.CreatedAt.UTC(), "rule": st.Rule,
		"boundary": string(st.Boundary), "declared_unit": st.DeclaredUnit.String(), "factor_set": st.FactorSet, "product": st.Product}
	if st.Title != "" {
		want["title"] = st.Title
	}
	if !st.ReferencePeriod.IsZero() {
		want["reference_period"] = st.ReferencePeriod.String()
	}
	if len(env.Data["result"]) > 0 {
		if resErr != nil {
			return "data.result", "is not a result document: " + describeErr(resErr)
		}
		d, err := result.Digest()
		if err != nil {
			return "data.result", "cannot be encoded: " + describeErr(err)
		}
		want["kg_co2e"], want["result_digest"] = result.KgCO2e, d
	}
	decoded := func(b []byte) (v any) {
		if json.Unmarshal(b, &v) != nil {
			return nil
		}
		return v
	}
	for _, k := range slices.Sorted(maps.Keys(env.Data)) {
		w, restates := want[k]
		switch {
		case k == "study" || k == "result" || k == "supplier_warnings":
		case !restates:
			return "data." + k, "is not a member of the service's answer"
		default:
			b, err := json.Marshal(w)
			if err != nil || !reflect.DeepEqual(decoded(b), decoded(env.Data[k])) {
				return "data." + k, fmt.Sprintf("is %s, where the study and result it holds give %s", truncateJSON(env.Data[k]), truncateJSON(b))
			}
		}
	}
	for k := range want {
		if _, ok := env.Data[k]; !ok {
			return "data." + k, "is missing"
		}
	}
	return "", ""
}

// truncateJSON is a JSON value as a report quotes it: at most 120 bytes.
func truncateJSON(b []byte) string {
	if s := string(b); len(s) <= 120 {
		return s
	}
	return string(b[:120]) + "…"
}

// exportedFactors reads the factor set: the CSV export in path, or the
// export of set from the server base.
func exportedFactors(ctx context.Context, set, path, base string) ([]*footprint.Factor, string, error) {
	if path != "" {
		if strings.EqualFold(filepath.Ext(path), ".json") {
			return nil, path, fmt.Errorf("%s: give the set as exported in CSV (GET /v1/factor-sets/%s/export, or pcf factors export --set %s)", path, set, set)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, path, err
		}
		defer f.Close()
		all, err := tabular.ReadFactorsCSV(f, filepath.Base(path))
		return all, filepath.Base(path), err
	}
	all, err := api.NewFactorService(api.NewClient(base)).ExportFactorSet(ctx, set)
	return all, base + "/v1/factor-sets/" + set + "/export", err
}

// diffCertified says where a recomputed result differs from the certified
// one: the engine, the total and the stages the certificate signs, and,
// with the certified result document (when its digest is the
// certificate's), each factor and line.
func diffCertified(c *certification.Certificate, res *footprint.Result, certified *footprint.Result) []string {
	var out []string
	if res.EngineVersion != c.EngineVersion {
		out = append(out, fmt.Sprintf("the certificate was calculated by engine %s, this pcf runs %s: a change of the method can change the result", c.EngineVersion, res.EngineVersion))
	}
	// Compare as stored: numbers rounded as the canonical result rounds
	// them.
	b, err := res.CanonicalJSON()
	if err == nil {
		if r, err := footprint.ParseResultJSON(bytes.NewReader(b)); err == nil {
			res = r
		}
	}
	if res.KgCO2e != c.KgCO2e {
		out = append(out, fmt.Sprintf("total: recomputed %s kgCO2e, certified %s kgCO2e", num12(res.KgCO2e), num12(c.KgCO2e)))
	}
	for _, s := range c.Stages {
		i := slices.IndexFunc(res.Stages, func(t footprint.StageTotal) bool { return t.Code == s.Code })
		switch {
		case i < 0:
			out = append(out, fmt.Sprintf("stage %s (%s): certified %s kgCO2e, missing from the recomputed result", s.Code, s.NameEN, num12(s.KgCO2e)))
		case res.Stages[i].KgCO2e != s.KgCO2e:
			out = append(out, fmt.Sprintf("stage %s (%s): recomputed %s kgCO2e, certified %s kgCO2e", s.Code, s.NameEN, num12(res.Stages[i].KgCO2e), num12(s.KgCO2e)))
		}
	}
	if certified == nil {
		out = append(out, "the certificate signs the totals, not each line: to see which line differs, give the study as GET /v1/studies/{id} returns it (with its result)")
		return out
	}
	if d, err := certified.Digest(); err != nil || d != c.ResultDigest {
		out = append(out, "the result in the study file is not the certified result (its digest differs): lines are not compared")
		return out
	}
	var lines []string
	for _, f := range certified.Factors {
		i := slices.IndexFunc(res.Factors, func(g *footprint.FactorUse) bool { return g.Code == f.Code })
		switch {
		case i < 0:
			lines = append(lines, fmt.Sprintf("factor %s: used by the certified result, not by the recomputed one", f.Code))
		case res.Factors[i].Value != f.Value || res.Factors[i].Unit != f.Unit:
			g := res.Factors[i]
			lines = append(lines, fmt.Sprintf("factor %s: the set given has %s %s, the certified result used %s %s", f.Code, num12(g.Value), g.Unit, num12(f.Value), f.Unit))
		}
	}
	wantOrder, want := leaves(certified.Lines)
	haveOrder, have := leaves(res.Lines)
	for _, w := range wantOrder {
		h, ok := have[w.Path]
		switch {
		case !ok:
			lines = append(lines, fmt.Sprintf("line %s (%s): certified %s kgCO2e, missing from the recomputed result", w.Path, w.Name, num12(w.KgCO2e)))
		case h.KgCO2e != w.KgCO2e || h.FactorCode != w.FactorCode || h.Quantity != w.Quantity:
			lines = append(lines, fmt.Sprintf("line %s (%s): recomputed %s kgCO2e (%s %s × %s), certified %s kgCO2e (%s %s × %s)",
				w.Path, w.Name, num12(h.KgCO2e), num12(h.Quantity), h.Unit, orWord(h.FactorCode, h.Supplier),
				num12(w.KgCO2e), num12(w.Quantity), w.Unit, orWord(w.FactorCode, w.Supplier)))
		}
	}
	for _, h := range haveOrder {
		if _, ok := want[h.Path]; !ok {
			lines = append(lines, fmt.Sprintf("line %s (%s): recomputed %s kgCO2e, not in the certified result", h.Path, h.Name, num12(h.KgCO2e)))
		}
	}
	if len(lines) > maxDiffs {
		lines = append(lines[:maxDiffs], fmt.Sprintf("and %d more differences", len(lines)-maxDiffs))
	}
	out = append(out, lines...)
	if keys := differingKeys(certified, res); len(keys) > 0 {
		out = append(out, "the result documents differ in: "+strings.Join(keys, ", "))
	}
	return out
}

// differingKeys names the top-level members of the canonical result
// documents of a and b that differ ("engine_version", "warnings", …).
func differingKeys(a, b *footprint.Result) []string {
	ma, errA := resultMembers(a)
	mb, errB := resultMembers(b)
	if errA != nil || errB != nil {
		return nil
	}
	var keys []string
	for k, v := range ma {
		if !bytes.Equal(v, mb[k]) {
			keys = append(keys, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func resultMembers(r *footprint.Result) (map[string]json.RawMessage, error) {
	b, err := r.CanonicalJSON()
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	return m, json.Unmarshal(b, &m)
}

// leaves returns the leaves of a contribution tree in tree order, and by
// path.
func leaves(cs []*footprint.Contribution) ([]*footprint.Contribution, map[string]*footprint.Contribution) {
	var order []*footprint.Contribution
	byPath := map[string]*footprint.Contribution{}
	var walk func([]*footprint.Contribution)
	walk = func(cs []*footprint.Contribution) {
		for _, c := range cs {
			if len(c.Children) == 0 {
				order = append(order, c)
				byPath[c.Path] = c
			}
			walk(c.Children)
		}
	}
	walk(cs)
	return order, byPath
}

// num12 prints a number as a stored result holds it (12 significant
// figures at most).
func num12(x float64) string { return strconv.FormatFloat(x, 'g', 12, 64) }

// describeErr is an error as a user reads it: field and message for a
// domain error.
func describeErr(err error) string {
	if f := footprint.ErrorField(err); f != "" && footprint.ErrorCode(err) != footprint.EINTERNAL {
		return f + ": " + footprint.ErrorMessage(err)
	}
	return err.Error()
}

// studyFactors picks from all, the factors of a set, the snapshot the service calculates study st with
// (factordb.StudyService.CalculateStudy): the factors it names (FactorService.FindFactorsByCodes) and those of
// its product and its suppliers' products (footprint.ComparisonCodes), which the engine compares their figures
// with.
func studyFactors(all []*footprint.Factor, st *footprint.Study, suppliers map[string]*footprint.SupplierFootprint) map[string]*footprint.Factor {
	factors := map[string]*footprint.Factor{}
	codes, named := footprint.ComparisonCodes(st, suppliers), st.FactorCodes()
	for _, f := range all {
		if slices.Contains(named, f.Code) || footprint.ComparedWith(f, codes) {
			factors[f.Code] = f
		}
	}
	return factors
}

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
	"github.com/chengdu-pcf/pcf/footprint/bilingual"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/labels"
)

// recomputation is what pcf verify --study found: each check made, and
// every problem (none when the study and the factor set reproduce the
// certified result bit for bit), each in Chinese and in English.
type recomputation struct {
	checks   []string // in English, each starting with its label ("study      ")
	checksZH []string // the Chinese of each check, without its label
	problems []labels.Line
}

// checkLabels are the labels of the checks, with their Chinese; a check's
// format starts with its label, padded to 11 characters.
var checkLabels = map[string]string{"study": "研究", "factor set": "因子集", "supplier": "供应商", "suppliers": "供应商清单", "result": "结果"}

func (r *recomputation) check(format string, args ...any) {
	l := bilingualf(format[min(11, len(format)):], args...)
	r.checks = append(r.checks, fmt.Sprintf(format, args...))
	r.checksZH = append(r.checksZH, l.ZH)
}

func (r *recomputation) problem(format string, args ...any) {
	r.problems = append(r.problems, bilingualf(format, args...))
}

// confirmed reports whether the result was reproduced.
func (r *recomputation) confirmed() bool { return len(r.problems) == 0 }

// print prints the checks: each its label in both languages, then what it
// found in Chinese, and in English on the next line.
func (r *recomputation) print(w io.Writer) {
	fmt.Fprintln(w, "  recompute 复核:")
	for i, c := range r.checks {
		label := strings.TrimSpace(c[:min(11, len(c))])
		fieldAt(w, 4, checkLabels[label], label, r.checksZH[i], labels.Line{EN: strings.TrimSpace(c[min(11, len(c)):])})
	}
}

// bilingualf formats a line of the recomputation in Chinese and in
// English. A format written in both languages ("中文。English", with the
// same arguments) is cut at its "。"; any other is English, its Chinese in
// recomputeZH. An argument that is a message in both languages (a domain
// error's) gives its Chinese to the Chinese and its English to the
// English; one that is an English phrase of recomputeZH gives its Chinese.
func bilingualf(format string, args ...any) labels.Line {
	zhArgs, enArgs := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		zhArgs[i], enArgs[i] = a, a
		s, ok := a.(string)
		if e, isErr := a.(error); isErr {
			s, ok = describeErr(e), true
		}
		if !ok {
			continue
		}
		zhArgs[i], enArgs[i] = s, s
		if z, e, ok := cutBilingual(s); ok {
			zhArgs[i], enArgs[i] = z, e
		} else if z, ok := recomputeZH[s]; ok {
			zhArgs[i] = z
		}
	}
	if zh, ok := recomputeZH[format]; ok {
		return labels.Line{ZH: fmt.Sprintf(zh, zhArgs...), EN: fmt.Sprintf(format, enArgs...)}
	}
	if z, e, ok := cutBilingual(fmt.Sprintf(format, args...)); ok {
		return labels.Line{ZH: z, EN: e}
	}
	return labels.Line{ZH: "（此项无中文说明，见英文）", EN: fmt.Sprintf(format, enArgs...)}
}

// cutBilingual cuts a message in both languages, "中文。English" (a field
// may come before the Chinese: "bom[0].qty: 中文。English"), at the "。"
// before its English.
func cutBilingual(s string) (zh, en string, ok bool) {
	if zh, en, ok = bilingual.Halves(s); !ok {
		return "", "", false
	}
	zh = strings.TrimSuffix(zh, "。")
	if f, rest, ok := strings.Cut(zh, ": "); ok && !strings.ContainsFunc(f, bilingual.IsHan) {
		return f + "：" + rest, f + ": " + en, true // the field in both
	}
	return zh, en, true
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
		if st.ID != c.StudyID {
			rc.problem("the study given is not the certified study: stored as the service stores it, its SHA-256 is %s, the certificate signs %s (its id is %q, the certified study's %q)", d, c.StudyDigest, st.ID, c.StudyID)
		} else {
			rc.problem("the study given is not the certified study: stored as the service stores it, its SHA-256 is %s, the certificate signs %s", d, c.StudyDigest)
		}
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
	rc.problems = append(rc.problems, diffCertified(c, res, certified)...)
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
		rc.supplierCodes(c, s)
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

// supplierCodes checks that supplier certificate entry s of the list of a
// format-9 certificate c signs the certificate's product codes: the range
// moves its footprint with the families of their HS codes (session 53), so
// it is recomputed with them. An earlier format's list signs none, and the
// footprint moves with every family, as it did then.
func (rc *recomputation) supplierCodes(c *certification.Certificate, s certification.CertificateSupplier) {
	switch codes := strings.Trim(fmt.Sprint(s.ProductCodes), "[]"); {
	case c.Format < 9:
	case s.ProductCodes == nil:
		rc.problem("supplier certificate %s: its entry signs no product codes, which the supplier list of a %s certificate signs: the range is not recomputed as it was calculated", s.Number, certification.CertificateFormat9)
	case codes == "":
		rc.check("supplier   %s: signed of no product code: its footprint moves with every material family", s.Number)
	default:
		rc.check("supplier   %s: signed of %s: its footprint moves with the material families of its HS codes", s.Number, codes)
	}
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
func diffCertified(c *certification.Certificate, res *footprint.Result, certified *footprint.Result) []labels.Line {
	var out []labels.Line
	if res.EngineVersion != c.EngineVersion {
		out = append(out, bilingualf("the certificate was calculated by engine %s, this pcf runs %s: a change of the method can change the result", c.EngineVersion, res.EngineVersion))
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
		out = append(out, bilingualf("total: recomputed %s kgCO2e, certified %s kgCO2e", num12(res.KgCO2e), num12(c.KgCO2e)))
	}
	for _, s := range c.Stages {
		i := slices.IndexFunc(res.Stages, func(t footprint.StageTotal) bool { return t.Code == s.Code })
		switch {
		case i < 0:
			out = append(out, bilingualf("stage %[1]s (%[2]s): certified %[3]s kgCO2e, missing from the recomputed result", s.Code, s.NameEN, num12(s.KgCO2e), s.NameZH))
		case res.Stages[i].KgCO2e != s.KgCO2e:
			out = append(out, bilingualf("stage %[1]s (%[2]s): recomputed %[3]s kgCO2e, certified %[4]s kgCO2e", s.Code, s.NameEN, num12(res.Stages[i].KgCO2e), num12(s.KgCO2e), s.NameZH))
		}
	}
	if certified == nil {
		out = append(out, bilingualf("the certificate signs the totals, not each line: to see which line differs, give the study as GET /v1/studies/{id} returns it (with its result)"))
		return out
	}
	if d, err := certified.Digest(); err != nil || d != c.ResultDigest {
		out = append(out, bilingualf("the result in the study file is not the certified result (its digest differs): lines are not compared"))
		return out
	}
	var lines []labels.Line
	for _, f := range certified.Factors {
		i := slices.IndexFunc(res.Factors, func(g *footprint.FactorUse) bool { return g.Code == f.Code })
		switch {
		case i < 0:
			lines = append(lines, bilingualf("factor %s: used by the certified result, not by the recomputed one", f.Code))
		case res.Factors[i].Value != f.Value || res.Factors[i].Unit != f.Unit:
			g := res.Factors[i]
			lines = append(lines, bilingualf("factor %s: the set given has %s %s, the certified result used %s %s", f.Code, num12(g.Value), g.Unit, num12(f.Value), f.Unit))
		}
	}
	wantOrder, want := leaves(certified.Lines)
	haveOrder, have := leaves(res.Lines)
	for _, w := range wantOrder {
		h, ok := have[w.Path]
		switch {
		case !ok:
			lines = append(lines, bilingualf("line %s (%s): certified %s kgCO2e, missing from the recomputed result", w.Path, w.Name, num12(w.KgCO2e)))
		case h.KgCO2e != w.KgCO2e || h.FactorCode != w.FactorCode || h.Quantity != w.Quantity:
			lines = append(lines, bilingualf("line %s (%s): recomputed %s kgCO2e (%s %s × %s), certified %s kgCO2e (%s %s × %s)",
				w.Path, w.Name, num12(h.KgCO2e), num12(h.Quantity), h.Unit, orWord(h.FactorCode, h.Supplier),
				num12(w.KgCO2e), num12(w.Quantity), w.Unit, orWord(w.FactorCode, w.Supplier)))
		}
	}
	for _, h := range haveOrder {
		if _, ok := want[h.Path]; !ok {
			lines = append(lines, bilingualf("line %s (%s): recomputed %s kgCO2e, not in the certified result", h.Path, h.Name, num12(h.KgCO2e)))
		}
	}
	if len(lines) > maxDiffs {
		lines = append(lines[:maxDiffs], bilingualf("and %d more differences", len(lines)-maxDiffs))
	}
	out = append(out, lines...)
	if keys := differingKeys(certified, res); len(keys) > 0 {
		out = append(out, bilingualf("the result documents differ in: %s", strings.Join(keys, ", ")))
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

// recomputeZH gives the Chinese of the recomputation's English formats
// (a check's without its label), with the same arguments, and of the
// English phrases passed to them as arguments.
var recomputeZH = map[string]string{
	// Checks.
	"%s: %v":                   "%s：%v",
	"%s: not read: at %s, %s":  "%s：未读取：在 %s 处，%s",
	"%s: not a study document": "%s：不是研究文件",
	"%s: %s %s":                "%s：%s %s",
	"%s: %s signs no study digest (issued before %s); the study is checked through the result digest": "%s：%s 不签署研究摘要（签发于 %s 之前）；研究通过结果摘要核对",
	"%s: SHA-256 %s matches the signed study digest (the document as stored, byte for byte)":          "%s：SHA-256 %s 与签名的研究摘要一致（按存储的文件逐字节核对）",
	"%s: re-encoded as stored (%d bytes), SHA-256 %s matches the signed study digest":                 "%s：按存储方式重新编码（%d 字节），SHA-256 %s 与签名的研究摘要一致",
	"%s: SHA-256 %s as stored, the certificate signs %s":                                              "%s：按存储方式的 SHA-256 为 %s，证书签署的是 %s",
	"%s: %s": "%s：%s",
	"%s from %s: %d factors, digest %s (a format-1 certificate signs none)":  "%s，来自 %s：%d 个因子，摘要 %s（格式 1 的证书不签署因子集摘要）",
	"%s from %s: %d factors, digest %s matches the signed factor-set digest": "%s，来自 %s：%d 个因子，摘要 %s 与签名的因子集摘要一致",
	"%s from %s: %d factors, digest %s, the certificate signs %s":            "%s，来自 %s：%d 个因子，摘要 %s，证书签署的是 %s",
	"%s in the list: PACT %s version %s, %s kgCO2e/%s":                       "%s 在清单中：PACT %s 版本 %s，%s kgCO2e/%s",
	"%s (%s): %s kgCO2e/%s": "%s（%s）：%s kgCO2e/%s",
	"%s: signed of no product code: its footprint moves with every material family":                                                                                  "%s：签署为无产品编码：其足迹与每个材料族同向变动",
	"%s: signed of %s: its footprint moves with the material families of its HS codes":                                                                               "%s：签署的产品编码为 %s：其足迹与其 HS 编码的材料族同向变动",
	"supplier certificate %s: its entry signs no product codes, which the supplier list of a %s certificate signs: the range is not recomputed as it was calculated": "供应商证书 %s：其条目未签署产品编码，而 %s 证书的供应商清单签署之：范围无法按原计算方式复算",
	"%s (%s): %s kgCO2e/%s, %s":              "%s（%s）：%s kgCO2e/%s，%s",
	"%s states a CCU credit (%s): see below": "%s 声明了 CCU 抵扣（%s）：见下文",
	"not checked against the signed suppliers digest: it is salted with the certified study, which was not given": "未与签名的供应商摘要核对：该摘要以证书所认证的研究加盐，而该研究未给出",
	"none: the signed suppliers digest is that of an empty list":                                                  "无：签名的供应商摘要是空清单的摘要",
	"the list of %d matches the signed suppliers digest %s":                                                       "%d 项的清单与签名的供应商摘要 %s 一致",
	"SHA-256 %s matches the signed result digest: %s kgCO2e per %s %s, reproduced bit for bit":                    "SHA-256 %s 与签名的结果摘要一致：每 %[3]s %[4]s %[2]s kgCO2e，逐位重现",
	"SHA-256 %s, the certificate signs %s":                                                                        "SHA-256 %s，证书签署的是 %s",
	"calculated before warnings carried their Chinese: compared without it":                                       "计算于警告带有中文之前：核对时不计中文",
	"calculated before results recorded the PACT footprints' versions: compared without them":                     "计算于结果记录 PACT 足迹版本之前：核对时不计版本",
	"not signed apart: the result digest decides":                                                                 "未单独签名：由结果摘要决定",
	"checked against the signed supplier list":                                                                    "已与签名的供应商清单核对",

	// Problems.
	"cannot read the study: %v":      "无法读取研究：%v",
	"%s is not a study document: %s": "%s 不是研究文件：%s",
	"the study given is not the certified study: stored as the service stores it, its SHA-256 is %s, the certificate signs %s":                                          "所给的研究不是证书所认证的研究：按服务的存储方式，其 SHA-256 为 %s，证书签署的是 %s",
	"the study given is not the certified study: stored as the service stores it, its SHA-256 is %s, the certificate signs %s (its id is %q, the certified study's %q)": "所给的研究不是证书所认证的研究：按服务的存储方式，其 SHA-256 为 %s，证书签署的是 %s（其标识为 %q，所认证研究的标识为 %q）",
	"the study pins factor set %q, the certificate %q": "研究指定的因子集为 %q，证书的为 %q",
	"cannot read the factor set: %s":                   "无法读取因子集：%s",
	"the factor set %s: %s":                            "因子集 %s：%s",
	"the factor set given is not the published set %s: its digest is %s, the certificate signs %s": "所给的因子集不是已发布的因子集 %s：其摘要为 %s，证书签署的是 %s",
	"the study does not calculate: %s":            "研究无法计算：%s",
	"the recomputed result cannot be encoded: %v": "重新计算的结果无法编码：%v",
	"the recomputed result differs from the certified one: its SHA-256 is %s, the certificate signs %s": "重新计算的结果与证书所认证的不同：其 SHA-256 为 %s，证书签署的是 %s",
	"the supplier list %s: %s": "供应商清单 %s：%s",
	"the study uses supplier certificates (%s), which a %s certificate does not sign: it cannot be recomputed":          "研究使用了供应商证书（%s），而 %s 的证书不签署它们：无法重新计算",
	"the study uses supplier certificates (%s): give the supplier list its holder discloses with --suppliers FILE.json": "研究使用了供应商证书（%s）：请用 --suppliers FILE.json 给出持有者公开的供应商清单",
	"supplier certificate %s: %s":                                "供应商证书 %s：%s",
	"the study references %s [%s], the supplier list gives [%s]": "研究引用的%s为 [%s]，供应商清单给出的是 [%s]",
	"supplier certificates":                                      "供应商证书",
	"supplier footprints (certificates and PACT footprints)":     "供应商足迹（证书与 PACT 足迹）",
	"the supplier list: %s":                                      "供应商清单：%s",
	"the supplier list given is not the one the certificate signs: its digest with the study is %s, the certificate signs %s": "所给的供应商清单不是证书签署的那一份：其与研究一起的摘要为 %s，证书签署的是 %s",
	"the PACT footprint %s: %s":                           "PACT 足迹 %s：%s",
	"the PACT footprint %s (%s) is not used by the study": "PACT 足迹 %s（%s）未被研究使用",
	"the study uses the supplier's PACT footprint %s: give its document, as the holder discloses it, with --pact FILE.json": "研究使用了供应商的 PACT 足迹 %s：请用 --pact FILE.json 给出持有者公开的该文件",
	"the PACT footprint %s: the supplier list signs %s %q, the document given has %q":                                       "PACT 足迹 %s：供应商清单签署的%s为 %q，所给文件中为 %q",
	"id":              "标识 id",
	"spec version":    "规范版本 spec version",
	"version":         "版本 version",
	"supplier":        "供应商 supplier",
	"product":         "产品 product",
	"declared unit":   "声明单位 declared unit",
	"kgCO2e per unit": "每单位 kgCO2e",

	// Differences from the certified result.
	"the certificate was calculated by engine %s, this pcf runs %s: a change of the method can change the result":                                     "证书由计算引擎 %s 计算，本 pcf 运行的是 %s：方法的变更可能改变结果",
	"total: recomputed %s kgCO2e, certified %s kgCO2e":                                                                                                "总量：重新计算为 %s kgCO2e，证书所载为 %s kgCO2e",
	"stage %[1]s (%[2]s): certified %[3]s kgCO2e, missing from the recomputed result":                                                                 "阶段 %[1]s（%[4]s）：证书所载为 %[3]s kgCO2e，重新计算的结果中没有该阶段",
	"stage %[1]s (%[2]s): recomputed %[3]s kgCO2e, certified %[4]s kgCO2e":                                                                            "阶段 %[1]s（%[5]s）：重新计算为 %[3]s kgCO2e，证书所载为 %[4]s kgCO2e",
	"the certificate signs the totals, not each line: to see which line differs, give the study as GET /v1/studies/{id} returns it (with its result)": "证书签署的是总量，而不是每一行：若要查看哪一行不同，请给出 GET /v1/studies/{id} 返回的研究（连同其结果）",
	"the result in the study file is not the certified result (its digest differs): lines are not compared":                                           "研究文件中的结果不是证书所认证的结果（其摘要不同）：未逐行比较",
	"factor %s: used by the certified result, not by the recomputed one":                                                                              "因子 %s：证书所认证的结果使用了它，重新计算的结果没有使用",
	"factor %s: the set given has %s %s, the certified result used %s %s":                                                                             "因子 %s：所给因子集中为 %s %s，证书所认证的结果使用的是 %s %s",
	"line %s (%s): certified %s kgCO2e, missing from the recomputed result":                                                                           "行 %s（%s）：证书所载为 %s kgCO2e，重新计算的结果中没有该行",
	"line %s (%s): recomputed %s kgCO2e (%s %s × %s), certified %s kgCO2e (%s %s × %s)":                                                               "行 %s（%s）：重新计算为 %s kgCO2e（%s %s × %s），证书所载为 %s kgCO2e（%s %s × %s）",
	"line %s (%s): recomputed %s kgCO2e, not in the certified result":                                                                                 "行 %s（%s）：重新计算为 %s kgCO2e，证书所认证的结果中没有该行",
	"and %d more differences":            "另有 %d 处不同",
	"the result documents differ in: %s": "结果文件在以下成员上不同：%s",
}

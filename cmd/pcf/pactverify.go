package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactFileList is the repeatable --pact flag of pcf verify.
type pactFileList []string

func (l *pactFileList) String() string { return strings.Join(*l, ",") }

func (l *pactFileList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// pactSuppliers reads the suppliers' PACT footprint documents the holder
// discloses (paths), as the service read them when the study was
// calculated (pact.ParseSupplier), and adds them to out under their
// references "pact:<id>". Every pact: reference of the study needs its
// document and every document must be referenced; false when the study
// cannot be calculated. It returns the documents the study uses, by reference: a
// format-3 certificate signs each footprint's id, version and figure in
// its supplier list (checkPACTSuppliers); for an earlier format only the
// result digest, which names each pact:<id> and the kgCO2e used, decides.
func (rc *recomputation) pactSuppliers(c *certification.Certificate, st *footprint.Study, paths []string, out map[string]*footprint.SupplierFootprint) (map[string]*pact.Supplier, bool) {
	refs := st.SupplierPACTRefs()
	given := map[string]*pact.Supplier{}
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			rc.problem("the PACT footprint %s: %s", filepath.Base(path), describeErr(err))
			return nil, false
		}
		if field, problem, zh := jsonerr.OneReading(b); problem != "" {
			// pact.ParseSupplier reads names exactly and passes others by:
			// "PcfExcludingBiogenicUptake" after the figure is read by
			// encoding/json, and by whoever checks the file with it, as the
			// figure (red team 58).
			rc.problem("PACT 足迹 %s 在 %s 处:%s。The PACT footprint %s, at %s: %s", filepath.Base(path), field, zh, filepath.Base(path), field, problem)
			return nil, false
		}
		sup, err := pact.ParseSupplier(b)
		if err != nil {
			rc.problem("the PACT footprint %s: %s", filepath.Base(path), describeErr(err))
			return nil, false
		}
		ref := pact.SupplierRefPrefix + sup.ID.String()
		sup.Footprint.ID = ref
		given[ref] = sup
		if !slices.Contains(refs, ref) {
			rc.problem("the PACT footprint %s (%s) is not used by the study", filepath.Base(path), ref)
		}
	}
	ok := true
	used := map[string]*pact.Supplier{}
	for _, ref := range refs {
		sup, found := given[ref]
		if !found {
			rc.problem("the study uses the supplier's PACT footprint %s: give its document, as the holder discloses it, with --pact FILE.json", ref)
			ok = false
			continue
		}
		f := sup.Footprint
		out[ref], used[ref] = f, sup
		how := "not signed apart: the result digest decides"
		if c.Format >= 3 {
			how = "checked against the signed supplier list"
		}
		rc.check("supplier   %s (%s): %s kgCO2e/%s, %s", ref, f.Source, strconv.FormatFloat(f.KgCO2e, 'g', -1, 64), f.DeclaredUnit.Symbol, how)
		rc.ccuCredit(ref, sup)
	}
	return used, ok
}

// ccuCreditSince is the day the service began refusing a supplier
// footprint that states a CCU credit (red team 69).
const ccuCreditSince = "2026-12-06"

// ccuCredit names, as a problem, a supplier's PACT document that states a
// CCU credit (pact.Supplier.CCUCreditStated): its figure nets a credit for
// captured carbon from an external scheme, which GB/T 24067 and ISO 14067
// do not allow and the service refuses since ccuCreditSince, and which the
// document does not state, so the figure without it cannot be read. The
// recomputation may reproduce the certified result bit for bit; it is not
// confirmed as a carbon footprint then (exit 1): the certificate's figure
// rests on an offset, and the service flags such a certificate for its
// certifier's review. Before, pcf verify said RESULT CONFIRMED.
func (rc *recomputation) ccuCredit(ref string, sup *pact.Supplier) {
	if !sup.CCUCreditStated() {
		return
	}
	approach := sup.CCUCalculationApproach
	if approach == "" {
		approach = "ccuCreditCertification " + strconv.Quote(sup.CCUCreditCertification)
	} else {
		approach = "ccuCalculationApproach " + strconv.Quote(approach)
	}
	rc.check("supplier   %s states a CCU credit (%s): see below", ref, approach)
	rc.problem("供应商 PACT 足迹 %[1]s 的数值扣除了 CCU 抵扣（%[2]s）：GB/T 24067 与 ISO 14067 不允许在碳足迹中扣除抵消量，本服务自 %[3]s 起拒收此类足迹；重新计算即使与证书一致，其数值也不是符合标准的碳足迹，该证书待其认证机构复核。"+
		"The supplier's PACT footprint %[1]s nets a CCU credit (%[2]s), which GB/T 24067 and ISO 14067 do not allow in a carbon footprint and which the service refuses since %[3]s: even where the recomputation reproduces the certificate, its figure is not a carbon footprint by the standard, and the certificate awaits its certification body's review",
		ref, approach, ccuCreditSince)
}

// checkPACTSuppliers compares, for a format-3 certificate, the PACT
// footprint entries of the supplier list (list; nil when the holder gave
// none) with the documents given (docs, pactSuppliers) and returns the
// list to check against the signed suppliers digest: list itself, or, when
// none was given and the study references no supplier certificate, the
// entries the documents make (certification.NewPACTCertificateSupplier, what
// the service recorded at issue). Each difference (id, spec version,
// version, supplier, product, unit, figure) is a problem.
func (rc *recomputation) checkPACTSuppliers(list []certification.CertificateSupplier, given bool, docs map[string]*pact.Supplier) []certification.CertificateSupplier {
	if !given {
		for _, sup := range docs {
			list = append(list, certification.NewPACTCertificateSupplier(sup.Footprint.ID, sup.ID, sup.SpecVersion, sup.Version, sup.Footprint))
		}
		slices.SortFunc(list, func(a, b certification.CertificateSupplier) int { return strings.Compare(a.Ref, b.Ref) })
		return list
	}
	for _, e := range list {
		if !e.IsPACT() {
			continue
		}
		sup, ok := docs[e.Ref]
		if !ok {
			continue // named by pactSuppliers
		}
		doc := certification.NewPACTCertificateSupplier(e.Ref, sup.ID, sup.SpecVersion, sup.Version, sup.Footprint)
		for _, d := range []struct {
			what       string
			list, file string
		}{
			{"id", e.ID.String(), doc.ID.String()},
			{"spec version", e.SpecVersion, doc.SpecVersion},
			{"version", pactVersion(e), pactVersion(doc)},
			{"supplier", e.Supplier, doc.Supplier},
			{"product", e.Product, doc.Product},
			{"declared unit", e.Unit, doc.Unit},
			{"kgCO2e per unit", strconv.FormatFloat(e.KgCO2e, 'g', -1, 64), strconv.FormatFloat(doc.KgCO2e, 'g', -1, 64)},
		} {
			if d.list != d.file {
				rc.problem("the PACT footprint %s: the supplier list signs %s %q, the document given has %q", e.Ref, d.what, d.list, d.file)
			}
		}
	}
	return list
}

// pactVersion prints a PACT entry's version: the v2 version, "none" in v3.
func pactVersion(s certification.CertificateSupplier) string {
	if strings.HasPrefix(s.SpecVersion, "2.") {
		return strconv.Itoa(s.Version)
	}
	return "none"
}

// resultDigest returns the digest of the recomputed result res with, in
// its supplier list, the spec version and version of each PACT document
// it used (docs), as the service records them
// (pact.RecordSupplierVersions). A result calculated before the service
// recorded them has none: when the digest with them is not the signed one
// and the digest without them is, that one is returned, and said.
func (rc *recomputation) resultDigest(c *certification.Certificate, res *footprint.Result, docs map[string]*pact.Supplier) (string, error) {
	got, err := rc.pactResultDigest(c, res, docs)
	if err != nil || got == c.ResultDigest {
		return got, err
	}
	// A result calculated before warnings carried their Chinese
	// (footprint.Warning.MessageZH) has none: compared without it too.
	zh := make([]string, len(res.Warnings))
	for i := range res.Warnings {
		zh[i], res.Warnings[i].MessageZH = res.Warnings[i].MessageZH, ""
	}
	if slices.ContainsFunc(zh, func(s string) bool { return s != "" }) {
		if old, err := rc.pactResultDigest(c, res, docs); err == nil && old == c.ResultDigest {
			rc.check("result     calculated before warnings carried their Chinese: compared without it")
			return old, nil
		}
	}
	for i := range res.Warnings {
		res.Warnings[i].MessageZH = zh[i]
	}
	return got, nil
}

// pactResultDigest is resultDigest for the PACT documents' versions only.
func (rc *recomputation) pactResultDigest(c *certification.Certificate, res *footprint.Result, docs map[string]*pact.Supplier) (string, error) {
	pact.RecordSupplierVersions(res, docs)
	got, err := res.Digest()
	if err != nil || got == c.ResultDigest || len(docs) == 0 {
		return got, err
	}
	pact.ClearSupplierVersions(res)
	if old, err := res.Digest(); err == nil && old == c.ResultDigest {
		rc.check("result     calculated before results recorded the PACT footprints' versions: compared without them")
		return old, nil
	}
	pact.RecordSupplierVersions(res, docs)
	return got, nil
}

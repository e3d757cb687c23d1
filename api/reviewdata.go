package api

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// inventory is what a study's result says of its data and nothing else: no
// name, model, product code, ID, date, rule or text of the study enters
// it, so that a study stored again under another model or product name
// has the inventory of the first (red team: a certificate withdrawn for
// cause, its study stored again renamed and applied for to another
// certifier). Two results have the same data, or within 1 % of it, when
// (sameData)
//
//   - they have the same sources: an emission factor by code, a supplier
//     footprint by reference, or a credit's factor;
//   - their totals per one declared unit (the amount divided out: "2
//     pieces" and "1 piece" of the same lines are the same data) are
//     within 1 % (sameFigure), in the same unit;
//   - their stage totals, as a sorted list of figures (not by stage code:
//     another rule's stage names move nothing), are each within 1 %; and
//   - the kgCO2e each source gives, summed over the lines that use it, are
//     each within 1 %. Summing per source, not comparing line by line,
//     keeps a line split in two or moved into a named sub-assembly the
//     same data, while a source changed by more than 1 % (one BOM quantity
//     +5 %) is other data, whatever the total does.
//
// A fingerprint hashed from the canonical study with its naming fields
// blanked would break on any reordering or re-wording of lines; these
// figures are what a certifier means by "the same inventory".
type inventory struct {
	unit    string
	total   float64
	stages  []float64
	sources map[string]float64
}

// sameFigure reports whether two figures of the same data are within 1 %
// of the larger (certification.SameFigure). Equality to 1e-9 was escaped by
// one transport distance changed from 100 to 100.0001 km: a new
// certificate printing the withdrawn one's figure (red team). The
// tolerance must cover every change a certificate, rounded as it is
// printed, does not show, and any change nobody would make but to escape
// the comparison; and it must stay below a real revision of a source: 1 %
// is below the smallest change in one source that matters to a review (a
// quantity re-measured, a supplier's figure updated, one BOM quantity +5
// %, each change every source's figure by several per cent), and far
// above rounding and nudging. Its cost is a warning, read by a certifier,
// on a study that really changed its data by under 1 % in every source
// and stage.
var sameFigure = certification.SameFigure

// newInventory returns the inventory of result r, per one declared unit.
func newInventory(r *footprint.Result) *inventory {
	per := 1.0
	if r.DeclaredUnit.Amount > 0 {
		per = 1 / r.DeclaredUnit.Amount
	}
	x := &inventory{unit: r.DeclaredUnit.Unit.Symbol, total: r.KgCO2e * per, sources: map[string]float64{}}
	for _, s := range r.Stages {
		if s.KgCO2e != 0 {
			x.stages = append(x.stages, s.KgCO2e*per)
		}
	}
	slices.Sort(x.stages)
	var walk func(prefix string, cs []*footprint.Contribution, k float64)
	walk = func(prefix string, cs []*footprint.Contribution, k float64) {
		for _, c := range cs {
			switch {
			case len(c.Children) > 0:
				walk(prefix, c.Children, k)
			case c.Assembly != "": // its breakdown is in r.Assemblies, counted once over every use
			case c.Supplier != "":
				x.sources[prefix+"supplier "+c.Supplier] += c.KgCO2e * k
			default:
				x.sources[prefix+"factor "+c.FactorCode] += c.KgCO2e * k
			}
		}
	}
	walk("", r.Lines, per)
	for _, a := range r.Assemblies {
		walk("", a.Lines, a.Multiplier*per)
	}
	walk("credit ", r.Credits, per)
	return x
}

// sameData reports whether x and y are the same data (inventory).
func (x *inventory) sameData(y *inventory) bool {
	if x.unit != y.unit || !sameFigure(x.total, y.total) || len(x.stages) != len(y.stages) || len(x.sources) != len(y.sources) {
		return false
	}
	for i := range x.stages {
		if !sameFigure(x.stages[i], y.stages[i]) {
			return false
		}
	}
	for k, v := range x.sources {
		w, ok := y.sources[k]
		if !ok || !sameFigure(v, w) {
			return false
		}
	}
	return true
}

// stoppedStatuses are the statuses of the holder's certificates whose
// data a study applied for is compared with (sameDataWarnings).
var stoppedStatuses = []certification.CertificateStatus{certification.CertificateWithdrawn, certification.CertificateSuspended}

// sameDataWarnings returns the review warnings of application a on study
// st whose data (inventory) are those of a withdrawn or suspended
// certificate, of whatever holder, product, model or code, or of one of
// rejected (the review's rejected applications on another study). The
// stopped certificates of the study's figure are read from the status and
// figure indexes (FindCertificates with Status and Figure, never a scan of
// all), and a certificate's study is read only when its figure is the
// study's: the request does no work that grows with the database.
// Another holder's certificate is named too (red team 18: a certificate
// withdrawn for falsified data, its study applied for again by the same
// people under a newly registered company, was reviewed without a word);
// its number, holder, status and reasons are public in the registry.
func (s *Server) sameDataWarnings(ctx context.Context, a *certification.Application, st *footprint.Study, rejected []*certification.Application) ([]reviewWarning, error) {
	if st.Result == nil {
		return nil, nil
	}
	mine := newInventory(st.Result)
	// same reports whether the study studyID has the data of st; a study
	// no longer stored has none to compare.
	same := func(studyID string) (bool, error) {
		other, err := s.StudyService.FindStudyByID(ctx, studyID)
		switch {
		case footprint.ErrorCode(err) == footprint.ENOTFOUND:
			return false, nil
		case err != nil:
			return false, err
		}
		return other.Result != nil && mine.sameData(newInventory(other.Result)), nil
	}
	var out []reviewWarning
	for _, status := range stoppedStatuses {
		f := certification.CertificateFilter{Status: &status, Figure: &mine.total, Limit: 100}
		for {
			recs, next, err := s.CertificationService.FindCertificates(ctx, f)
			if err != nil {
				return nil, err
			}
			for _, rec := range recs {
				c := rec.Certificate()
				if x, ok := c.Figure(); !ok || !sameFigure(x, mine.total) {
					continue
				}
				ok, err := same(c.StudyID)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
				zh := statusText[string(rec.Status)].ZH
				holderZH, holderEN := "持证方", "the holder"
				if rec.Manufacturer != a.Manufacturer {
					zhName := c.Holder.NameZH
					if zhName == "" {
						zhName = c.Holder.NameEN
					}
					holderZH, holderEN = "另一持证方"+zhName, "another holder, "+c.Holder.NameEN
				}
				out = append(out, reviewWarning{Path: "study_id",
					Message: fmt.Sprintf("The study has the same data as %s certificate %s of %s, or within 1 %% of it (model %q, product codes %s; the same sources, and the total, stage and per-source kgCO2e each within 1 %%), %s: %s; check that the %s inventory is not being certified again under another name",
						rec.Status, c.Number, holderEN, c.Product.Model, productCodeList(c), rec.Status, rec.StatusReason, rec.Status),
					MessageZH: fmt.Sprintf("本研究的数据与%s的证书 %s(型号 %q,产品代码 %s)相同或相差不超过 1 %%(排放源相同,总量、各阶段及各排放源的排放量相差均不超过 1 %%),%s理由:%s;请核实这不是以另一名称再次申请认证的同一清单",
						holderZH+zh, c.Number, c.Product.Model, productCodeList(c), zh, rec.StatusReason)})
			}
			if next == "" {
				break
			}
			f.Cursor = next
		}
	}
	for _, p := range rejected {
		if p.StudyID == a.StudyID { // the review names this study's own rejection already
			continue
		}
		ok, err := same(p.StudyID)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if p.Manufacturer != a.Manufacturer {
			// Another holder's rejection is not public: its ID and
			// certifier, never the holder or the reasons, which the
			// certifier asks of the one who rejected it.
			out = append(out, reviewWarning{Path: "study_id",
				Message:   fmt.Sprintf("The study has the same data as rejected application %[2]s of another applicant, or within 1 %% of it (the same sources, and the total, stage and per-source kgCO2e each within 1 %%), rejected by %[1]s; ask %[1]s for the reasons and check that the same inventory is not being certified again under another name", p.Certifier, p.ID),
				MessageZH: fmt.Sprintf("本研究的数据与另一申请方被 %[1]s 拒绝的申请 %[2]s 相同或相差不超过 1 %%(排放源相同,总量、各阶段及各排放源的排放量相差均不超过 1 %%);请向 %[1]s 核实拒绝理由,并核实这不是以另一名称再次申请认证的同一清单", p.Certifier, p.ID)})
			continue
		}
		reasons := strings.Join(p.Reasons, "; ")
		args := []any{p.Certifier, p.ID, p.StudyID, reasons}
		out = append(out, reviewWarning{Path: "study_id",
			Message:   fmt.Sprintf("The study has the same data as rejected application %[2]s (study %[3]s) of the holder, or within 1 %% of it (the same sources, and the total, stage and per-source kgCO2e each within 1 %%), rejected by %[1]s: %[4]s; check that the reasons are answered before deciding", args...),
			MessageZH: fmt.Sprintf("本研究的数据与持证方被 %[1]s 拒绝的申请 %[2]s(研究 %[3]s)相同或相差不超过 1 %%(排放源相同,总量、各阶段及各排放源的排放量相差均不超过 1 %%),拒绝理由:%[4]s;请核实拒绝理由已得到解决", args...)})
	}
	return out, nil
}

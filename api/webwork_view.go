package api

import (
	"html/template"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// The workbench templates get their numbers formatted here, by the rules of
// the documents (footprint.FormatKgCO2e for kgCO2e, three significant
// figures for shares), so that a page prints what the certificate prints.

// resultView is a study result as a page shows it.
type resultView struct {
	KgCO2e       string
	PerUnit      []footprint.UnitTotal
	Chart        template.HTML
	Tree         []treeNode
	Assemblies   []assemblyView // shared sub-assemblies, whose uses in Tree do not open
	Low, High    string         // 95 % interval of the Monte Carlo analysis
	Median       string
	Runs         int
	Warnings     []reviewWarning
	Factors      []factorView
	DQR          string
	DQRLevel     string
	PrimaryShare string
	Electricity  string
	FactorSet    string

	// What the total leaves out, as the API's result lists it (red team
	// 31: the page's trace showed Lines only, so the lines a study cut
	// off, and the reasons it gave, were on no page, though the cut-off
	// warning asks the certifier to check each): the exempted lines with
	// their screening estimates, and the recycling credits, reported
	// apart and never netted.
	CutOff         []cutOffView
	CutOffBasis    string // "emissions", "mass" (cutOffBases)
	CutOffShare    string // of CutOffBasis
	CutOffLimit    string // the rule's limit, %
	ExemptedKgCO2e string // screening estimate of every exempted line
	Credits        []treeNode
	CreditsKgCO2e  string

	// WarningsAbove: the page lists Warnings elsewhere (the review's
	// warnings hold the result's), so the result's section only says so.
	WarningsAbove bool
}

// cutOffView is an exempted line (footprint.ExemptedItem).
type cutOffView struct {
	Path, Name, Stage, Quantity, Unit, MassKg string
	Reason, ScreeningFactor, ScreeningKgCO2e  string
}

// treeNode is one line of the contribution tree.
type treeNode struct {
	Name, Path, Kind, Stage string
	Quantity, Unit          string
	Factor                  string // code@set, "" for a parent line
	KgCO2e, Share           string
	Children                []treeNode

	// A use of a shared sub-assembly: a leaf whose kilograms its
	// breakdown (resultView.Assemblies) traces; Anchor is that
	// breakdown's element ID.
	Assembly, Anchor string

	// On the review page: the review's warnings about this line, and the
	// element ID of their group (warningGroup).
	Warnings   int
	WarnAnchor string
}

// assemblyView is a shared sub-assembly (footprint.AssemblyBreakdown): the
// engine computes it once, and each line that uses it is a leaf of the
// tree, so its own lines, with their factors, are shown here, over every
// use, as the result table's "assembly" section has them.
type assemblyView struct {
	Anchor, ID, Name, Stage string
	Amount, Unit            string
	PerAmount               string // kgCO2e per Amount Unit
	Multiplier              string // Amount Units per declared unit, over every use
	KgCO2e, Share           string // over every use: its part of the total
	Uses                    []assemblyUseView
	Lines                   []treeNode // quantities and kgCO2e over every use
}

type assemblyUseView struct{ Path, Multiplier, KgCO2e string }

type factorView struct {
	Code, Set, NameZH, NameEN, Value, Unit, Basis, Geography, Year, Source, Locator, KgCO2e string
}

func sig(x float64) string { return strconv.FormatFloat(footprint.RoundSig(x, 4), 'f', -1, 64) }

func newResultView(r *footprint.Result) *resultView {
	if r == nil {
		return nil
	}
	v := &resultView{
		KgCO2e: footprint.FormatKgCO2e(r.KgCO2e), PerUnit: r.PerUnit, Chart: stageChartSVG(r.Stages),
		DQRLevel: r.DQRLevel, PrimaryShare: footprint.FormatSharePct(r.PrimaryDataSharePct),
		Electricity: r.Electricity.Approach, FactorSet: r.FactorSet, Runs: r.Uncertainty.Runs,
	}
	for _, w := range r.Warnings {
		v.Warnings = append(v.Warnings, newReviewWarning(w))
	}
	if r.DQR > 0 {
		v.DQR = sig(r.DQR)
	}
	if r.Uncertainty.Runs > 0 {
		u := r.Uncertainty
		v.Low, v.Median, v.High = footprint.FormatKgCO2e(u.LowKgCO2e), footprint.FormatKgCO2e(u.MedianKgCO2e), footprint.FormatKgCO2e(u.HighKgCO2e)
	}
	// An element ID by index, not the assembly's ID (the study's text, any
	// characters). An assembly used under two stages has a breakdown for
	// each; a use names only the ID, so it links to the first.
	anchors := make(map[string]string, len(r.Assemblies))
	for i, a := range r.Assemblies {
		if _, ok := anchors[a.ID]; !ok {
			anchors[a.ID] = "assembly-" + strconv.Itoa(i)
		}
	}
	v.Tree = treeNodes(r.Lines, 1, anchors)
	for i, a := range r.Assemblies {
		av := assemblyView{
			Anchor: "assembly-" + strconv.Itoa(i), ID: a.ID, Name: a.Name, Stage: a.Stage, Amount: sig(a.Amount), Unit: a.Unit,
			PerAmount: footprint.FormatKgCO2e(a.KgCO2e), Multiplier: sig(a.Multiplier), KgCO2e: footprint.FormatKgCO2e(a.TotalKgCO2e),
			Lines: treeNodes(a.Lines, a.Multiplier, anchors),
		}
		var share float64
		for _, c := range a.Lines {
			share += c.SharePct // over every use already
		}
		av.Share = footprint.FormatSharePct(share)
		for _, u := range a.Uses {
			av.Uses = append(av.Uses, assemblyUseView{Path: u.Path, Multiplier: sig(u.Multiplier), KgCO2e: footprint.FormatKgCO2e(u.KgCO2e)})
		}
		v.Assemblies = append(v.Assemblies, av)
	}
	for _, x := range r.Exempted {
		cv := cutOffView{Path: x.Path, Name: x.Name, Stage: x.Stage, Quantity: sig(x.Quantity), Unit: x.Unit,
			Reason: x.Reason, ScreeningFactor: x.ScreeningFactor}
		if x.MassKg > 0 {
			cv.MassKg = sig(x.MassKg)
		}
		if x.ScreeningFactor != "" {
			cv.ScreeningKgCO2e = footprint.FormatKgCO2e(x.ScreeningKgCO2e)
		}
		v.CutOff = append(v.CutOff, cv)
	}
	if len(r.Exempted) > 0 {
		v.CutOffBasis, v.CutOffLimit = r.ExemptedBasis, num(r.CutOffLimitPct)
		v.CutOffShare = footprint.FormatSharePct(r.ExemptedMassPct)
		if r.ExemptedBasis == certification.CutOffEmissions {
			v.CutOffShare = footprint.FormatSharePct(r.ExemptedPct)
			v.ExemptedKgCO2e = footprint.FormatKgCO2e(r.ExemptedKgCO2e)
		}
	}
	if len(r.Credits) > 0 {
		v.Credits, v.CreditsKgCO2e = treeNodes(r.Credits, 1, anchors), footprint.FormatKgCO2e(r.CreditsKgCO2e)
	}
	for _, f := range r.Factors {
		v.Factors = append(v.Factors, factorView{
			Code: f.Code, Set: f.Set, NameZH: f.NameZH, NameEN: f.NameEN, Value: sig(f.Value), Unit: f.Unit,
			Basis: string(f.Basis), Geography: f.Geography, Year: strconv.Itoa(f.Year),
			Source: f.Source.Publisher + " · " + f.Source.Document, Locator: f.Source.Locator,
			KgCO2e: footprint.FormatKgCO2e(f.KgCO2e),
		})
	}
	return v
}

// treeNodes converts the contribution tree, depth first, its quantities
// and kgCO2e times m (1 but for the lines of a shared sub-assembly, which
// are per Amount unit; their shares are over every use already). anchors
// maps a shared sub-assembly's ID to its breakdown's element ID.
func treeNodes(cs []*footprint.Contribution, m float64, anchors map[string]string) []treeNode {
	out := make([]treeNode, 0, len(cs))
	for _, c := range cs {
		n := treeNode{Name: c.Name, Path: c.Path, Kind: c.Kind, Stage: c.Stage, Quantity: sig(m * c.Quantity), Unit: c.Unit,
			KgCO2e: footprint.FormatKgCO2e(m * c.KgCO2e), Share: footprint.FormatSharePct(c.SharePct), Children: treeNodes(c.Children, m, anchors)}
		if c.FactorCode != "" {
			n.Factor = c.FactorCode + "@" + c.FactorSet
		} else if c.Supplier != "" {
			n.Factor = "supplier " + c.Supplier
		} else if a, ok := anchors[c.Assembly]; ok && len(c.Children) == 0 {
			n.Assembly, n.Anchor = c.Assembly, a
		}
		out = append(out, n)
	}
	return out
}

// appView is an application with its status in both languages.
type appView struct {
	*certification.Application
	StatusZH, StatusEN string
	Certificate        string // the issued certificate's ID, "" before
}

var appStatusText = map[certification.ApplicationStatus][2]string{
	certification.ApplicationPending:  {"待审核", "pending"},
	certification.ApplicationIssued:   {"已签发", "issued"},
	certification.ApplicationRejected: {"已驳回", "rejected"},
}

func newAppView(a *certification.Application) appView {
	t := appStatusText[a.Status]
	return appView{Application: a, StatusZH: t[0], StatusEN: t[1], Certificate: uuidString(a.CertificateID)}
}

// HasProduct reports whether the application names its product
// (Application.Product): not one stored before it recorded it, whose
// study is no longer stored.
func (v appView) HasProduct() bool { return v.Product != (certification.ApplicationProduct{}) }

// Footprint is the study's headline figure as a certificate prints it.
func (v appView) Footprint() string { return footprint.FormatKgCO2e(v.Product.KgCO2e) }

// Unit is the declared unit in both languages.
func (v appView) Unit() string {
	return v.Product.DeclaredUnit.Per().PerZH() + " · " + v.Product.DeclaredUnit.Per().PerEN()
}

func appViews(apps []*certification.Application) []appView {
	return mapList(apps, newAppView)
}

// StatusZH and StatusEN word a certificate's live status as the
// verification page does (statusWording), with its flags and its key
// alerts: a valid one flagged, a restored copy's (red team 36) or marked
// for an unvouched key (red team 49) is never plainly valid.
func (w workCertificate) StatusZH() string { return w.wording().ZH }
func (w workCertificate) StatusEN() string { return w.wording().EN }

// StatusClass is the colour class of the status (verification page's).
func (w workCertificate) StatusClass() string { return w.wording().Class }

func (w workCertificate) wording() struct{ ZH, EN, Class, Note string } {
	if w.Rec == nil {
		return statusText[string(w.Status)]
	}
	return statusWording(string(w.Status), append(publicAlerts(w.Rec.SupplierFlags), w.KeyAlerts...))
}

// Footprint is the certified figure as the label prints it.
func (w workCertificate) Footprint() string { return footprint.FormatKgCO2e(w.Cert.KgCO2e) }

// Unit is the declared unit in both languages.
func (w workCertificate) Unit() string {
	return unitPerZH(w.Cert.DeclaredUnit) + " · " + unitPerEN(w.Cert.DeclaredUnit)
}

// statusWords words a certificate status (or "not_found" for a supplier
// reference no certificate has) in both languages.
func statusWords(status string) string {
	if status == "not_found" {
		return "未找到 not found"
	}
	if t, ok := statusText[status]; ok {
		return t.ZH + " " + t.EN
	}
	return status
}

// statusOption is a choice of the certificate status filter.
type statusOption struct{ Value, Label string }

// certificateStatusOptions are the statuses a certificate list filters by.
var certificateStatusOptions = []statusOption{
	{"valid", statusWords("valid")}, {"suspended", statusWords("suspended")}, {"withdrawn", statusWords("withdrawn")},
	{"superseded", statusWords("superseded")}, {"expired", statusWords("expired")},
}

// reviewCertView is a certificate of the certifier's review with its
// status in words and its figure as the label prints it. The page shows
// all the review says of it, as GET /v1/applications/{id} does: what it
// certifies (product, model, manufacturer, figure per declared unit), the
// study lines that take their figure from it and its own supplier flags
// (docs/integrity.md §12). With its number and holder only, a certifier on
// the page could not tell a module from a cell (red team 31: a module
// scaled down 1000 times, 0.150 kgCO2e a piece, as the 54 cells of a
// full-size module, 157.3 → 79.5 kgCO2e).
type reviewCertView struct {
	reviewCertificate
	StatusText  string
	StatusClass string // the status, or the colour of its wording (warn, bad) when an alert qualifies it
	Figure      string // kgCO2e per DeclaredUnit; "" when the review has none
}

func newReviewCertViews(rcs []reviewCertificate) []reviewCertView {
	out := make([]reviewCertView, len(rcs))
	for i, rc := range rcs {
		out[i] = reviewCertView{reviewCertificate: rc, StatusText: statusWords(rc.Status), StatusClass: rc.Status}
		if rc.RestoredAsOf != "" && rc.Status == string(certification.CertificateValid) {
			out[i].StatusText, out[i].StatusClass = restoredText.ZH+" "+restoredText.EN, restoredText.Class
		}
		if len(rc.KeyAlerts) > 0 {
			w := statusWording(rc.Status, rc.KeyAlerts)
			out[i].StatusText, out[i].StatusClass = w.ZH+" "+w.EN, w.Class
		}
		if rc.KgCO2e != nil {
			out[i].Figure = footprint.FormatKgCO2e(*rc.KgCO2e)
		}
	}
	return out
}

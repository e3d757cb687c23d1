package factorlib

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Plausibility checks for curators (issue 15 item 3).
//
// A factor far outside its peers is usually a unit error: CPCD holds a PV
// electricity row of 2,223 kgCO2e/kWh beside PV values of 0.02 to 0.05, a
// value per MWh (or per tonne) filed per kWh (or per kg). CheckPlausibility
// finds such factors so that a curator sees them before a set is published.
//
// Peers. A factor's peers are the factors of the same set with the same
// category and class (electricity role such as grid-mix or generation:pv,
// transport mode, end-of-life treatment), the same GHG basis and the same declared activity dimension
// (and qualifier): "kgCO2e/t" and "kgCO2e/kg" material factors are peers,
// compared after conversion to kg per base unit. Factors per count unit
// (piece, 台, 件, 辆) are not checked: a piece of one thing is no measure
// of a piece of another (a motherboard per piece is forty times a memory
// chip per piece, rightly), so their spread says nothing about units. Nor
// are electricity, transport and end-of-life factors without their class
// (role, mode, treatment): their peers are unknown.
//
// Statistic. Emission factors of one group spread over orders of magnitude
// and are roughly log-normal, so values are compared on a log10 scale.
// The centre is the median and the spread the median absolute deviation
// (MAD) of the group's log values, scaled by 1.4826 so that it estimates a
// standard deviation for normal data. Both ignore up to half the group
// being wrong, where a mean and standard deviation are dragged towards the
// very outlier they should expose (one 2,223 among ten 0.03 values moves
// the mean of the logs by almost half a decade). A factor is flagged when
// its modified z-score |log10 v − median| / (1.4826 · MAD) exceeds
// PlausibilityZ (3.5, the cut-off Iglewicz and Hoaglin recommend for the
// modified z-score) and it also lies more than PlausibilityMinDecades (one
// decade, a factor of 10) from the median: in a tight group (all grid
// factors within 20 % of each other) the MAD is tiny and the z-score alone
// would flag an honest factor twice the median. Groups of fewer than
// PlausibilityMinPeers factors are not checked: their median says little.
// Zero and negative values (credits, e.g. for recycling) have no logarithm;
// they are neither checked nor counted as peers.
//
// The statistic is computed over the whole group, the flagged factor
// included: the median and MAD tolerate it, and a group then has one
// centre, the same for every member, which a curator can check by hand.

// Thresholds of CheckPlausibility.
const (
	// PlausibilityZ is the modified z-score above which a factor is flagged.
	PlausibilityZ = 3.5
	// PlausibilityMinDecades is the least distance from the group median,
	// in decades (log10), at which a factor is flagged.
	PlausibilityMinDecades = 1.0
	// PlausibilityMinPeers is the least group size (the factor included)
	// that is checked.
	PlausibilityMinPeers = 5
	// PlausibilityListedPeers is how many peers a flag lists: those
	// closest to the group median, the most typical.
	PlausibilityListedPeers = 10
)

// madScale makes the MAD of normal data an estimate of its standard
// deviation (1/Φ⁻¹(3/4)).
const madScale = 1.4826

// PlausibilityPeer is a factor a flagged factor was compared to.
type PlausibilityPeer struct {
	Code  string
	Value float64 // in the peer's own unit
	Unit  string
}

// PlausibilityFlag says that a factor lies far outside its peers, and
// which peers: what a curator reviews before publishing.
type PlausibilityFlag struct {
	Code     string
	Value    float64 // as declared, in Unit
	Unit     string  // FactorUnit.String()
	Category footprint.Category
	Group    string // the peer group: category, basis and activity unit, e.g. "electricity kgCO2e/kWh"

	// The group statistic, in the group's unit (GroupUnit).
	GroupUnit   string  // e.g. "kgCO2e/kWh": values compared in this unit
	PeerCount   int     // factors of the group other than this one
	Median      float64 // 10^(median of log10 values)
	Low, High   float64 // least and greatest peer value
	Decades     float64 // log10(value) − log10(median): +3 is a thousand times the median
	Spread      float64 // 1.4826 · MAD of the group's log10 values, in decades; 0 when most of the group agrees exactly
	Peers       []PlausibilityPeer
	Explanation string // one line for people
	// ExplanationZH is Explanation in Chinese.
	ExplanationZH string

	// Kind says why the factor is flagged (change.go): FlagOutlier (""
	// in a flag stored before kinds existed) fills the group statistic
	// above; FlagChanged and FlagAdded leave it zero and fill Change.
	Kind FlagKind
	// Change is what the set, based on another, changed of the factor:
	// set for FlagChanged and FlagAdded, and for an outlier that is also
	// changed; nil otherwise.
	Change *FactorChange
}

// RobustZ returns the modified z-score of the flagged value,
// |Decades| / Spread: +Inf when the spread is 0.
func (fl *PlausibilityFlag) RobustZ() float64 {
	if fl.Spread == 0 {
		return math.Inf(1)
	}
	return math.Abs(fl.Decades) / fl.Spread
}

// FactorFlag is a plausibility flag stored with a factor set, and its
// acknowledgement: a draft set whose flags are not all acknowledged is
// not published.
type FactorFlag struct {
	PlausibilityFlag
	// Acknowledgement is nil until a curator acknowledges the flag. It
	// holds for the value and unit acknowledged: a factor imported again
	// with another value is flagged afresh.
	Acknowledgement *FlagAcknowledgement
	// Digest is FlagDigest of the flag in its set, filled by the store
	// that read it: what a review of the flag sends back (SeenFlag), so
	// that it covers the flag as it was shown and no other.
	Digest string
}

// SeenFlag is a flag a curator reviews, as the curator was shown it: its
// factor code and the Digest it was read with (red team 32: a review that
// named codes only covered whatever value an author put there between
// the reviewer's reading and the submission).
type SeenFlag struct {
	Code   string
	Digest string
}

// Seen returns, for each of codes, the SeenFlag of its flag in flags (as
// read from the store); a code without a flag gets an empty Digest, which
// the store refuses naming the code.
func Seen(flags []*FactorFlag, codes []string) []SeenFlag {
	byCode := make(map[string]string, len(flags))
	for _, fl := range flags {
		byCode[fl.Code] = fl.Digest
	}
	out := make([]SeenFlag, len(codes))
	for i, code := range codes {
		out[i] = SeenFlag{Code: code, Digest: byCode[code]}
	}
	return out
}

// FlagDigest returns the hex SHA-256 digest of flag fl of set set as a
// reviewer is shown it: the set, the factor code, the kind of flag, the
// value and unit, and what the set changed of the factor
// (FactorChange.Key: its base value, unit and status, and every other
// attribute it changed, such as source and product codes). That is what
// an acknowledgement holds for (a review covers the same value, unit and
// change), so a review naming the digest covers exactly what its
// reviewer was shown. The peers' statistic is left out: it describes the
// group, not the factor, and a review does not depend on it.
func FlagDigest(set string, fl *PlausibilityFlag) string {
	h := sha256.New()
	for _, part := range []string{"pcf plausibility flag v1", set, fl.Code, string(fl.FlagKind()),
		strconv.FormatFloat(fl.Value, 'g', -1, 64), fl.Unit, fl.Change.Key()} {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(part)))])
		h.Write([]byte(part))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// FlagAcknowledgement records that a flag was acknowledged, the factor
// kept as it is, and whether a curator reviewed it.
//
// Reviewed is true when a curator looked at the flag and its peers and
// says the value stands (AcknowledgeFactorFlags). It is false for an
// acknowledgement the loader of an embedded set made (FactorFlagLoader):
// the set is published as its source publishes it, but nobody has looked.
// A factor whose flag is not reviewed may be used in a preview, with a
// warning, never in a stored study, an application or a certificate
// (docs/integrity.md "Plausibility flags").
type FlagAcknowledgement struct {
	By       string // the curator's organisation (AuditActor), or the loader
	At       time.Time
	Note     string // why the value stands, e.g. "checked against the source, table 3"
	Reviewed bool   // a curator reviewed the flag; false: acknowledged by the loader only
}

// Reviewed reports whether a curator reviewed the flag: a factor with a
// flag is certifiable only then.
func (fl *FactorFlag) Reviewed() bool {
	return fl.Acknowledgement != nil && fl.Acknowledgement.Reviewed
}

// Unreviewed returns the flags of flags that no curator reviewed
// (unacknowledged, or acknowledged by the loader only).
func Unreviewed(flags []*FactorFlag) []*FactorFlag {
	var out []*FactorFlag
	for _, fl := range flags {
		if !fl.Reviewed() {
			out = append(out, fl)
		}
	}
	return out
}

// FlagWarning is the warning a preview carries for a factor whose flag no
// curator reviewed: the flag, its value and its peers' median, or what
// the set changed.
func FlagWarning(fl *FactorFlag) string {
	if fl.FlagKind() == FlagSetReview {
		return fmt.Sprintf("factor %s is for previews only: %s", fl.Code, fl.Explanation)
	}
	if !fl.IsOutlier() {
		return fmt.Sprintf("factor %s has a plausibility flag that no curator has reviewed: %s; a preview may use it, a stored study, an application or a certificate may not until a curator other than the set's authors reviews the flag",
			fl.Code, fl.Describe())
	}
	return fmt.Sprintf("factor %s has a plausibility flag that no curator has reviewed: %g %s is %.3g times the median %.3g %s of %d peers; a preview may use it, a stored study, an application or a certificate may not until a curator reviews the flag",
		fl.Code, fl.Value, fl.Unit, math.Pow(10, fl.Decades), fl.Median, fl.GroupUnit, fl.PeerCount)
}

// FlagWarningZH is FlagWarning in Chinese.
func FlagWarningZH(fl *FactorFlag) string {
	if fl.FlagKind() == FlagSetReview {
		return fmt.Sprintf("因子 %s 仅可用于预览:%s", fl.Code, fl.ExplanationZH)
	}
	if !fl.IsOutlier() {
		_, zh := describeChange(&fl.PlausibilityFlag)
		return fmt.Sprintf("因子 %s 的合理性提示尚未经管理员审核:%s;预览可以使用它,保存的研究、申请和证书须待因子集作者以外的管理员审核该提示后方可使用", fl.Code, zh)
	}
	return fmt.Sprintf("因子 %s 的合理性提示尚未经管理员审核:%g %s 是 %d 个同组因子中位数 %.3g %s 的 %.3g 倍;预览可以使用它,保存的研究、申请和证书须待管理员审核该提示后方可使用",
		fl.Code, fl.Value, fl.Unit, fl.PeerCount, fl.Median, fl.GroupUnit, math.Pow(10, fl.Decades))
}

// UnreviewedFlagError is the error for a stored study, an application or
// an issue that uses factor fl whose flag no curator reviewed, at path
// (the line's factor field, e.g. "bom[3].factor").
func UnreviewedFlagError(path string, fl *FactorFlag, set string) error {
	if fl.FlagKind() == FlagSetReview {
		return setReviewError(path, fl, set)
	}
	return footprint.FieldErrorf(footprint.EINVALID, path, "factor %s of set %s has a plausibility flag that no curator has reviewed (%s): a curator must review the flag first (POST /v1/factor-sets/%s/flags/acknowledge, pcf factors acknowledge) before a study using it is stored, applied for or certified; a preview (POST /v1/calculations) may use it",
		fl.Code, set, fl.Describe(), set)
}

// FactorPath is where a result first used a factor.
type FactorPath struct {
	Code string
	Path string // the line's factor field, e.g. "bom[3].factor"
}

// FactorPaths returns, for each factor code the result used, the factor
// field of the first line that used it (in result order: the lines, then
// the shared sub-assemblies, then the screening factors of exempted
// lines), e.g. "bom[3].factor" or "bom[0].children[2].exempt.screening_factor",
// in that order. A screening factor counts as used (red team 32): its
// estimate decides whether the exempted lines pass the rule's cut-off,
// so a value no curator reviewed must not let a study leave out more
// than a reviewed one would.
func FactorPaths(res *footprint.Result) []FactorPath {
	var out []FactorPath
	seen := make(map[string]bool)
	var walk func(cs []*footprint.Contribution)
	walk = func(cs []*footprint.Contribution) {
		for _, c := range cs {
			if c.FactorCode != "" && !seen[c.FactorCode] {
				seen[c.FactorCode] = true
				out = append(out, FactorPath{Code: c.FactorCode, Path: c.Path + ".factor"})
			}
			walk(c.Children)
		}
	}
	if res == nil {
		return nil
	}
	walk(res.Lines)
	for _, a := range res.Assemblies {
		walk(a.Lines)
	}
	for _, x := range res.Exempted {
		if x.ScreeningFactor != "" && !seen[x.ScreeningFactor] {
			seen[x.ScreeningFactor] = true
			out = append(out, FactorPath{Code: x.ScreeningFactor, Path: x.Path + ".exempt.screening_factor"})
		}
	}
	return out
}

// AddFlagWarnings adds to res a warning (FlagWarning) at the first line
// using each factor whose flag in flags (by code) no curator reviewed: what
// a preview shows.
func AddFlagWarnings(res *footprint.Result, flags map[string]*FactorFlag) {
	if len(flags) == 0 {
		return
	}
	for _, fp := range FactorPaths(res) {
		if fl := flags[fp.Code]; fl != nil && !fl.Reviewed() {
			res.Warnings = append(res.Warnings, footprint.Warning{Path: fp.Path, Message: FlagWarning(fl), MessageZH: FlagWarningZH(fl)})
		}
	}
}

// FactorFlagLoader records the acknowledgements a loader of an embedded
// set makes (seed.LoadSet): the set is published as its source publishes
// it, and the acknowledgement says, with Reviewed false, that no curator
// looked at the flags. Such a factor is not certifiable until a curator
// reviews its flag (AcknowledgeFactorFlags, on a published set too).
type FactorFlagLoader interface {
	// AcknowledgeSourceFlags acknowledges, unreviewed, the flags of the
	// factors codes names in draft set set, with note. Returns ENOTFOUND
	// for an unknown set, ECONFLICT for a published set, and EINVALID for
	// a blank note or a code without a flag.
	AcknowledgeSourceFlags(ctx context.Context, set string, codes []string, note string) ([]*FactorFlag, error)
}

// AuditFactorSetAcknowledge is the audit action of
// FactorFlagService.AcknowledgeFactorFlags.
const AuditFactorSetAcknowledge = "factor-set.acknowledge-flags"

// FactorFlagService stores the plausibility flags of factor sets and their
// acknowledgements. Its store refuses to publish a draft set with a flag
// that is not acknowledged (PublishFactorSet returns ECONFLICT naming the
// factors). It is apart from FactorService so that a store without checks
// (a client of an older server) can still serve factors.
type FactorFlagService interface {
	// FindFactorFlags returns the plausibility flags of a set, ordered by
	// factor code, each with its acknowledgement if any. Returns ENOTFOUND
	// for an unknown set.
	FindFactorFlags(ctx context.Context, set string) ([]*FactorFlag, error)

	// AcknowledgeFactorFlags records that the caller, a curator, reviewed
	// the flags of the factors seen names in set set (a draft, or a
	// published set: a review changes no value), each as it was shown
	// (SeenFlag.Digest, the flag's Digest when the curator read it),
	// with a note saying why their values stand, and returns every flag
	// of the set. All or nothing: one refusal records no review. Returns
	// ENOTFOUND for an unknown set; EINVALID for a blank note, a code
	// without a flag (field "codes[i]") or a review without the digest
	// of what was shown (field "digests[i]"); ECONFLICT (field
	// "digests[i]") when the flag is no longer the one shown (its value,
	// unit or change differs: an author imported since); and EFORBIDDEN
	// (field "reviewer") when the caller created the set, imported into
	// it or classified its factors, or holds a key created by one who
	// did, in set or, for a change flag, in the set that made the
	// change: four eyes, another curator reviews.
	AcknowledgeFactorFlags(ctx context.Context, set string, seen []SeenFlag, note string) ([]*FactorFlag, error)
}

// Unacknowledged returns the outlier flags of flags without an
// acknowledgement: those that hold a draft back from publication. A change
// flag (change.go) does not; its factor waits for a review all the same
// (Unreviewed).
func Unacknowledged(flags []*FactorFlag) []*FactorFlag {
	var out []*FactorFlag
	for _, fl := range flags {
		if fl.Acknowledgement == nil && fl.IsOutlier() {
			out = append(out, fl)
		}
	}
	return out
}

// peerGroup is the key of a factor's peer group and the factor's value in
// the group's unit; ok is false for a factor that cannot be checked.
func peerGroup(f *footprint.Factor) (key, unit string, v float64, ok bool) {
	u := f.Unit
	if u.IsZero() || u.Per.ToBase <= 0 || u.EmittedKg <= 0 || !(f.Value > 0) || math.IsInf(f.Value, 0) || u.Per.Dim == footprint.DimCount {
		return "", "", 0, false
	}
	if unclassified(f) {
		return "", "", 0, false
	}
	per := baseSymbol(u.Per)
	v = f.Value * u.EmittedKg / u.Per.ToBase
	if per == u.Per.Symbol {
		v = f.Value * u.EmittedKg
	}
	unit = "kg" + string(u.Basis) + "/" + per
	if u.Qualifier != "" {
		unit += " (" + u.Qualifier + ")"
	}
	group := string(f.Category)
	if c := classKey(f); c != "" {
		group += " " + c
	}
	return group + " " + unit, unit, v, true
}

// classKey is what the factor describes within its category, as far as
// its class says: the electricity role, the transport mode, the end-of-life
// treatment. Coal generation (0.9 kgCO2e/kWh) and PV generation (0.04) are
// both electricity per kWh, but no peers: compared together, every grid
// factor would stand out from the renewables.
func classKey(f *footprint.Factor) string {
	return strings.Join(nonEmpty(string(f.ElectricityRole), f.TransportMode, f.Treatment), " ")
}

// unclassified reports whether f is an electricity, transport or
// end-of-life factor without the class that says what it describes (one
// stored before classes existed, which no study slot takes until it is
// classified): its peers are unknown, since grid and generation factors,
// road and sea legs, landfill and recycling differ by tens of times.
func unclassified(f *footprint.Factor) bool {
	switch f.Category {
	case footprint.CategoryElectricity:
		return f.ElectricityRole == ""
	case footprint.CategoryTransport:
		return f.TransportMode == ""
	case footprint.CategoryEndOfLife:
		return f.Treatment == ""
	}
	return false
}

// nonEmpty returns the non-empty strings of ss.
func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// baseSymbol is the symbol values of unit u are compared in: the base unit
// of its dimension, or u itself for a dimension this file does not know.
func baseSymbol(u footprint.Unit) string {
	switch u.Dim {
	case footprint.DimMass:
		return "kg"
	case footprint.DimEnergy:
		return "kWh"
	case footprint.DimArea:
		return "m²"
	case footprint.DimVolume:
		return "m³"
	case footprint.DimLength:
		return "km"
	case footprint.DimTransportWork:
		return "t·km"
	case footprint.DimPower:
		return "kWp"
	}
	return u.Symbol
}

// CheckPlausibility returns a flag for every factor of factors (one set)
// that lies far outside its peers, as the comment on PlausibilityZ
// describes, ordered by code. It is pure: the same factors give the same
// flags.
func CheckPlausibility(factors []*footprint.Factor) []PlausibilityFlag {
	var c PlausibilityChecker
	for _, f := range factors {
		c.Add(f)
	}
	return c.Flags()
}

// PlausibilityChecker is CheckPlausibility for a stream of factors: Add
// keeps what the check needs of a factor (its code, value, unit and the
// key of its group, about a hundred bytes), not the factor, so that a set
// of 100,000 factors is checked while it is read, one record at a time.
// The zero value is ready to use.
type PlausibilityChecker struct {
	groups map[string]*plausibilityGroup
	units  map[string]string // interned unit strings
	// unchecked are the factors with a change (AddChanged) that no group
	// takes: each is flagged.
	unchecked []PlausibilityFlag
}

type plausibilityGroup struct {
	category footprint.Category
	unit     string // the unit values are compared in
	members  []plausibilityMember
}

type plausibilityMember struct {
	code    string
	value   float64 // as declared
	unit    string  // as declared
	log     float64 // log10 of the value in the group unit
	inGroup float64 // value in the group unit
	change  *FactorChange
}

// Add adds a factor of the set; factors that cannot be checked (see
// peerGroup) are left out.
func (c *PlausibilityChecker) Add(f *footprint.Factor) { c.AddChanged(f, nil) }

// AddChanged adds factor f of a set based on another with ch, what the
// set changed of it (CompareWithBase, or the base's change flag that no
// curator reviewed, inherited): nil for a factor the base holds unchanged.
// A changed factor is flagged (FlagChanged), an added one when the check
// cannot compare it (FlagAdded); see change.go.
func (c *PlausibilityChecker) AddChanged(f *footprint.Factor, ch *FactorChange) {
	if f == nil {
		return
	}
	key, unit, v, ok := peerGroup(f)
	if !ok {
		if ch != nil {
			cp := *ch
			if cp.Added {
				cp.Unchecked = uncheckedReason(f)
			}
			c.unchecked = append(c.unchecked, PlausibilityFlag{Code: strings.Clone(f.Code), Value: f.Value, Unit: f.Unit.String(), Category: f.Category, Change: &cp})
		}
		return
	}
	if c.groups == nil {
		c.groups, c.units = map[string]*plausibilityGroup{}, map[string]string{}
	}
	g := c.groups[key]
	if g == nil {
		g = &plausibilityGroup{category: f.Category, unit: unit}
		c.groups[key] = g
	}
	declared := f.Unit.String()
	if u, ok := c.units[declared]; ok {
		declared = u
	} else {
		declared = strings.Clone(declared)
		c.units[declared] = declared
	}
	g.members = append(g.members, plausibilityMember{
		code: strings.Clone(f.Code), value: f.Value, unit: declared, log: math.Log10(v), inGroup: v, change: ch,
	})
}

// uncheckedReason says why peerGroup takes no group for f (Unchecked*).
func uncheckedReason(f *footprint.Factor) string {
	switch {
	case f.Unit.Per.Dim == footprint.DimCount:
		return UncheckedCount
	case unclassified(f):
		return UncheckedClass
	case !(f.Value > 0):
		return UncheckedSign
	}
	return UncheckedPeers
}

// Flags returns the flags of the factors added, ordered by code.
func (c *PlausibilityChecker) Flags() []PlausibilityFlag {
	var flags []PlausibilityFlag
	for _, fl := range c.unchecked {
		flags = append(flags, changeFlag(fl))
	}
	for key, g := range c.groups {
		ms := g.members
		// An added or changed factor is always flagged (change.go); an
		// added one says whether its group was large enough to check it.
		changed := func(m plausibilityMember) *FactorChange {
			if m.change == nil {
				return nil
			}
			cp := *m.change
			if cp.Added {
				cp.Unchecked, cp.Peers = "", len(ms)-1
				if len(ms) < PlausibilityMinPeers {
					cp.Unchecked = UncheckedPeers
				}
			}
			return &cp
		}
		if len(ms) < PlausibilityMinPeers {
			for _, m := range ms {
				if ch := changed(m); ch != nil {
					flags = append(flags, changeFlag(PlausibilityFlag{Code: m.code, Value: m.value, Unit: m.unit, Category: g.category, Change: ch}))
				}
			}
			continue
		}
		logs := make([]float64, len(ms))
		for i, m := range ms {
			logs[i] = m.log
		}
		med := median(logs)
		dev := make([]float64, len(ms))
		for i, m := range ms {
			dev[i] = math.Abs(m.log - med)
		}
		sigma := madScale * median(dev)
		limit := math.Max(PlausibilityZ*sigma, PlausibilityMinDecades)
		var typical []int // members by distance from the median, for listing
		for i, m := range ms {
			d := m.log - med
			if math.Abs(d) <= limit {
				if ch := changed(m); ch != nil {
					flags = append(flags, changeFlag(PlausibilityFlag{Code: m.code, Value: m.value, Unit: m.unit, Category: g.category, Change: ch}))
				}
				continue
			}
			if typical == nil {
				typical = make([]int, len(ms))
				for j := range typical {
					typical[j] = j
				}
				slices.SortFunc(typical, func(a, b int) int {
					return cmp.Or(cmp.Compare(math.Abs(ms[a].log-med), math.Abs(ms[b].log-med)), strings.Compare(ms[a].code, ms[b].code))
				})
			}
			fl := PlausibilityFlag{
				Code: m.code, Value: m.value, Unit: m.unit, Category: g.category,
				Group: key, GroupUnit: g.unit, PeerCount: len(ms) - 1,
				Median: math.Pow(10, med), Decades: d, Spread: sigma,
				Low: math.Inf(1), High: math.Inf(-1), Kind: FlagOutlier, Change: changed(m),
			}
			for j, p := range ms {
				if j != i {
					fl.Low, fl.High = math.Min(fl.Low, p.inGroup), math.Max(fl.High, p.inGroup)
				}
			}
			for _, j := range typical {
				if len(fl.Peers) == PlausibilityListedPeers {
					break
				}
				if j != i {
					fl.Peers = append(fl.Peers, PlausibilityPeer{Code: ms[j].code, Value: ms[j].value, Unit: ms[j].unit})
				}
			}
			fl.Explanation, fl.ExplanationZH = explainFlag(&fl)
			flags = append(flags, fl)
		}
	}
	slices.SortFunc(flags, func(a, b PlausibilityFlag) int { return strings.Compare(a.Code, b.Code) })
	return flags
}

// changeFlag completes fl, a change flag (FlagChanged or FlagAdded, by
// fl.Change), with its kind and explanations.
func changeFlag(fl PlausibilityFlag) PlausibilityFlag {
	fl.Kind = FlagChanged
	if fl.Change.Added {
		fl.Kind = FlagAdded
	}
	fl.Explanation, fl.ExplanationZH = explainChange(&fl)
	return fl
}

// explainFlag writes the one-line explanation of an outlier flag, in
// English and Chinese, and what the set changed of the factor, if
// anything.
func explainFlag(fl *PlausibilityFlag) (en, zh string) {
	times := math.Pow(10, math.Abs(fl.Decades))
	dir, dirZH := "above", "高于"
	if fl.Decades < 0 {
		dir, dirZH = "below", "低于"
	}
	en = fmt.Sprintf("%s %g %s is %.3g times %s the median %.3g %s of %d %s peers (range %.3g to %.3g): check the unit and the value",
		fl.Code, fl.Value, fl.Unit, times, dir, fl.Median, fl.GroupUnit, fl.PeerCount, fl.Category, fl.Low, fl.High)
	zh = fmt.Sprintf("%s %g %s %s同组 %d 个同类因子(%s)的中位数 %.3g %s,相差 %.3g 倍(同组范围 %.3g 至 %.3g):请核对单位和数值",
		fl.Code, fl.Value, fl.Unit, dirZH, fl.PeerCount, fl.Category, fl.Median, fl.GroupUnit, times, fl.Low, fl.High)
	if fl.Change != nil {
		what, whatZH := describeChange(fl)
		en += "; " + what
		zh += ";" + whatZH
	}
	return en, zh
}

// median returns the median of xs, reordering xs.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

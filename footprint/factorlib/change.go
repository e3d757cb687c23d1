package factorlib

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Change flags (red team 13): what a set based on another changes.
//
// The outlier check compares a factor with its peers, so it says nothing
// of a factor per piece, of a group of fewer than PlausibilityMinPeers
// factors (the grid mix has two), nor of a value moved within its peers'
// range. One curator could lower the grid factor tenfold in a set based on
// the seed set, publish it without any flag, and the newer set then
// "corrected" the seed set: every study on it that used the factor was
// refused. So a set based on another is also compared with its base, and
// flagged, with the same acknowledgement and four eyes as an outlier:
//
//   - FlagChanged: a factor whose value or unit differs from the base
//     set's, or that the set marks superseded (or superseded by another
//     factor) where the base does not, or active where the base marks it
//     deprecated (red team 32). Every such factor, whatever its peers say.
//   - FlagAdded: every factor new to the set, saying whether the outlier
//     check could compare it (not one per count unit, without its class,
//     zero or negative, or in a group of fewer than PlausibilityMinPeers
//     factors). Red team 16: a new code at a ninth of an existing factor's
//     value (aluminium profile, 1.1 against 9.8 kgCO2e/kg) sat inside the
//     wide range of its 23 material peers, unflagged, and one curator
//     published it.
//
// A factor unchanged from its base keeps the base's change flag while no
// curator has reviewed it there (inherited): copying an unreviewed change
// into a newer set does not make it reviewed. A set not based on another
// (the seed set, a CPCD snapshot, another source's release) has no change
// flags: there is no earlier value to compare with, and the correction
// rule never compares it with another set.
//
// Unlike an outlier flag, a change flag does not hold a draft back from
// publication (the change is its author's deliberate act, recorded by the
// import); like an outlier flag, the factor is for previews only until a
// curator other than the set's authors reviews the flag, and a newer
// set's change counts as a correction of an older set only then.

// FlagKind says why a factor is flagged.
type FlagKind string

// Kinds of flag.
const (
	// FlagOutlier: far outside its peers (CheckPlausibility). A flag
	// stored before kinds existed has Kind "" and is an outlier flag.
	FlagOutlier FlagKind = "outlier"
	// FlagChanged: its value, unit or superseded marking differs from the
	// base set's.
	FlagChanged FlagKind = "changed"
	// FlagAdded: new to a set based on another, and not comparable with
	// peers.
	FlagAdded FlagKind = "added"
)

// Why the outlier check could not compare an added factor
// (FactorChange.Unchecked).
const (
	UncheckedCount = "count" // per count unit (piece)
	UncheckedClass = "class" // electricity, transport or end-of-life factor without its class
	UncheckedSign  = "sign"  // zero or negative (a credit)
	UncheckedPeers = "peers" // too few peers the base set held
)

// FactorChange is what a set based on another changed of a factor: what a
// change flag (FlagChanged, FlagAdded) holds. An outlier flag carries one
// too when its factor is also changed.
type FactorChange struct {
	Set     string `json:"set"`      // the set that made the change
	BaseSet string `json:"base_set"` // the set Set is based on, compared with
	Added   bool   `json:"added"`    // the factor is new to Set

	// The factor in BaseSet (zero when Added).
	BaseValue        float64          `json:"base_value"`
	BaseUnit         string           `json:"base_unit,omitempty"`
	BaseStatus       footprint.Status `json:"base_status,omitempty"`
	BaseSupersededBy string           `json:"base_superseded_by,omitempty"`

	// The factor's status in Set.
	Status       footprint.Status `json:"status"`
	SupersededBy string           `json:"superseded_by,omitempty"`

	// Why the outlier check could not compare an added factor
	// (Unchecked* constants), and with UncheckedPeers how many peers it
	// has in its group.
	Unchecked string `json:"unchecked,omitempty"`
	Peers     int    `json:"peers,omitempty"`

	// Fields are the factor's other attributes the set changed (its
	// class, product codes, names, source, data quality: what decides
	// where a study may use it and what a certificate prints of it); for
	// an added factor, all of them as added, so that a review holds for
	// the factor it reviewed (red team 14: a solar plant's factor
	// relabelled grid mix in a set based on the seed set, with its value
	// unchanged, raised no flag).
	Fields []FieldChange `json:"fields,omitempty"`
}

// FieldChange is one attribute of a factor as its base set and its set
// give it.
type FieldChange struct {
	Field string `json:"field"` // as in the factor CSV: electricity_role, product_codes, …
	Base  string `json:"base"`
	Now   string `json:"now"`
}

// factorAttributes lists the attributes of f compared with its base
// besides value, unit and status, as the factor CSV names them.
func factorAttributes(f *footprint.Factor) [][2]string {
	codes := make([]string, len(f.ProductCodes))
	for i, pc := range f.ProductCodes {
		codes[i] = pc.String()
	}
	q := f.Quality
	return [][2]string{
		{"name_zh", f.NameZH}, {"name_en", f.NameEN}, {"category", string(f.Category)},
		{"electricity_role", string(f.ElectricityRole)}, {"transport_mode", f.TransportMode}, {"treatment", f.Treatment},
		{"boundary", string(f.Boundary)}, {"geography", f.Geography}, {"year", strconv.Itoa(f.Year)},
		{"product_codes", strings.Join(codes, " ")},
		{"source", strings.Join([]string{f.Source.Publisher, f.Source.Document, f.Source.Date, f.Source.Locator}, "; ")},
		{"quality", fmt.Sprintf("TeR %d GR %d TiR %d P %d %s", q.TeR, q.GR, q.TiR, q.P, q.Grade)},
		{"uncertainty_pct", formatNum(f.UncertaintyPct)},
	}
}

// CompareWithBase returns what set set (based on set baseSet) changed of
// factor f, whose factor of the same code in baseSet is base (nil: f is
// new to set); nil when f is base unchanged: the same value and unit,
// neither superseded or both superseded by the same factor, not active
// where the base is deprecated, and the same attributes factorAttributes
// lists. A deprecation is no change (it adds a warning to every study that
// uses the factor), but taking one back is (red team 32): the warning the
// base's deprecation gives disappears from the certifier's review, and one
// curator alone must not do that.
func CompareWithBase(set, baseSet string, f, base *footprint.Factor) *FactorChange {
	ch := &FactorChange{Set: set, BaseSet: baseSet, Status: f.Status, SupersededBy: f.SupersededBy}
	now := factorAttributes(f)
	if base == nil {
		ch.Added = true
		for _, a := range now {
			ch.Fields = append(ch.Fields, FieldChange{Field: a[0], Now: a[1]})
		}
		return ch
	}
	for i, b := range factorAttributes(base) {
		if b[1] != now[i][1] {
			ch.Fields = append(ch.Fields, FieldChange{Field: b[0], Base: b[1], Now: now[i][1]})
		}
	}
	superseded := func(x *footprint.Factor) string {
		if x.Status == footprint.StatusSuperseded {
			return x.SupersededBy
		}
		return ""
	}
	if f.Value == base.Value && f.Unit.String() == base.Unit.String() && !undeprecated(f, base) && superseded(f) == superseded(base) && len(ch.Fields) == 0 {
		return nil
	}
	ch.BaseValue, ch.BaseUnit, ch.BaseStatus, ch.BaseSupersededBy = base.Value, base.Unit.String(), base.Status, base.SupersededBy
	return ch
}

// Key identifies what a review of the change reviewed: an acknowledgement
// holds for the change it was made for, not for another change to the
// same value.
func (c *FactorChange) Key() string {
	if c == nil {
		return ""
	}
	var fields strings.Builder
	for _, f := range c.Fields {
		fmt.Fprintf(&fields, " %s %q %q", f.Field, f.Base, f.Now)
	}
	if c.Added {
		return "added in " + c.Set + " to " + c.BaseSet + " " + string(c.Status) + " " + c.SupersededBy + fields.String()
	}
	return "changed in " + c.Set + " from " + c.BaseSet + " " + strconv.FormatFloat(c.BaseValue, 'g', -1, 64) + " " + c.BaseUnit + " " +
		string(c.BaseStatus) + " " + c.BaseSupersededBy + " to " + string(c.Status) + " " + c.SupersededBy + fields.String()
}

// FlagKind returns the kind of fl: FlagOutlier for a flag stored before
// kinds existed.
func (fl *PlausibilityFlag) FlagKind() FlagKind {
	if fl.Kind == "" {
		return FlagOutlier
	}
	return fl.Kind
}

// IsOutlier reports whether fl is an outlier flag, the kind that holds a
// draft back from publication until acknowledged.
func (fl *PlausibilityFlag) IsOutlier() bool { return fl.FlagKind() == FlagOutlier }

// formatNum writes a value for people.
func formatNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// changePercent is the relative change from the base value, e.g. "−90 %",
// or "" when the units differ or the base value is 0.
func (c *FactorChange) changePercent(value float64, unit string) string {
	if c.Added || c.BaseUnit != unit || c.BaseValue == 0 || value == c.BaseValue {
		return ""
	}
	p := (value - c.BaseValue) / math.Abs(c.BaseValue) * 100
	s := strconv.FormatFloat(math.Abs(footprint.RoundSig(p, 3)), 'g', -1, 64) + " %"
	if p < 0 {
		return "−" + s
	}
	return "+" + s
}

// describeChange says, in English and Chinese, what the set changed of
// the factor flagged by fl, e.g. "changed from 0.5777 kgCO2e/kWh in set
// 2026.1 to 0.0577 kgCO2e/kWh in set 2026.2 (−90 %)".
func describeChange(fl *PlausibilityFlag) (en, zh string) {
	c := fl.Change
	if c.Added {
		var why, whyZH string
		switch c.Unchecked {
		case "":
			return fmt.Sprintf("new in set %s (based on %s), %s %s, compared with its %d peers; every factor a set adds is reviewed", c.Set, c.BaseSet, formatNum(fl.Value), fl.Unit, c.Peers),
				fmt.Sprintf("因子集 %s(基于 %s)新增,%s %s,已与同组 %d 个同类因子比较;新增的因子均须审核", c.Set, c.BaseSet, formatNum(fl.Value), fl.Unit, c.Peers)
		case UncheckedCount:
			why, whyZH = "factors per count unit are not compared with peers", "按件计的因子不与同类因子比较"
		case UncheckedClass:
			why, whyZH = "without its class (electricity role, transport mode, treatment) its peers are unknown", "缺少类别(电力角色、运输方式、处置方式),无法确定同类因子"
		case UncheckedSign:
			why, whyZH = "zero and negative values are not compared with peers", "零值和负值不与同类因子比较"
		default:
			why = fmt.Sprintf("%d peers in its group, fewer than the %d a check needs", c.Peers, PlausibilityMinPeers-1)
			whyZH = fmt.Sprintf("同组仅 %d 个同类因子,少于比较所需的 %d 个", c.Peers, PlausibilityMinPeers-1)
		}
		return fmt.Sprintf("new in set %s (based on %s), %s %s, not checked: %s", c.Set, c.BaseSet, formatNum(fl.Value), fl.Unit, why),
			fmt.Sprintf("因子集 %s(基于 %s)新增,%s %s,未经合理性比较:%s", c.Set, c.BaseSet, formatNum(fl.Value), fl.Unit, whyZH)
	}
	var parts, partsZH []string
	if c.BaseValue != fl.Value || c.BaseUnit != fl.Unit {
		pct, pctZH := c.changePercent(fl.Value, fl.Unit), ""
		if pct != "" {
			pct, pctZH = " ("+pct+")", "("+pct+")"
		}
		parts = append(parts, fmt.Sprintf("changed from %s %s in set %s to %s %s in set %s%s", formatNum(c.BaseValue), c.BaseUnit, c.BaseSet, formatNum(fl.Value), fl.Unit, c.Set, pct))
		partsZH = append(partsZH, fmt.Sprintf("由因子集 %s 的 %s %s 改为因子集 %s 的 %s %s%s", c.BaseSet, formatNum(c.BaseValue), c.BaseUnit, c.Set, formatNum(fl.Value), fl.Unit, pctZH))
	}
	for _, f := range c.Fields {
		parts = append(parts, fmt.Sprintf("%s changed from %q to %q", f.Field, f.Base, f.Now))
		partsZH = append(partsZH, fmt.Sprintf("%s 由 %q 改为 %q", fieldNamesZH[f.Field], f.Base, f.Now))
	}
	if c.Status == footprint.StatusSuperseded && (c.BaseStatus != footprint.StatusSuperseded || c.BaseSupersededBy != c.SupersededBy) {
		parts = append(parts, fmt.Sprintf("marked superseded by %s in set %s (%s in set %s)", c.SupersededBy, c.Set, c.BaseStatus, c.BaseSet))
		partsZH = append(partsZH, fmt.Sprintf("在因子集 %s 中标为被 %s 取代(因子集 %s 中为 %s)", c.Set, c.SupersededBy, c.BaseSet, c.BaseStatus))
	} else if c.BaseStatus == footprint.StatusSuperseded && c.Status != footprint.StatusSuperseded {
		parts = append(parts, fmt.Sprintf("no longer superseded in set %s (superseded by %s in set %s)", c.Set, c.BaseSupersededBy, c.BaseSet))
		partsZH = append(partsZH, fmt.Sprintf("在因子集 %s 中不再被取代(因子集 %s 中被 %s 取代)", c.Set, c.BaseSet, c.BaseSupersededBy))
	} else if c.BaseStatus == footprint.StatusDeprecated && c.Status == footprint.StatusActive {
		parts = append(parts, fmt.Sprintf("status changed from %s in set %s to %s in set %s", c.BaseStatus, c.BaseSet, c.Status, c.Set))
		partsZH = append(partsZH, fmt.Sprintf("状态由因子集 %s 的 %s 改为因子集 %s 的 %s", c.BaseSet, statusZH(c.BaseStatus), c.Set, statusZH(c.Status)))
	}
	return strings.Join(parts, "; "), strings.Join(partsZH, ";")
}

// undeprecated reports whether f is active where base, its factor in the
// base set, is deprecated.
func undeprecated(f, base *footprint.Factor) bool {
	return base.Status == footprint.StatusDeprecated && f.Status == footprint.StatusActive
}

// statusZH names a factor status in Chinese.
func statusZH(s footprint.Status) string {
	switch s {
	case footprint.StatusActive:
		return "有效"
	case footprint.StatusDeprecated:
		return "已弃用"
	}
	return string(s)
}

// fieldNamesZH names the attributes of FieldChange in Chinese.
var fieldNamesZH = map[string]string{
	"name_zh": "中文名称", "name_en": "英文名称", "category": "类别", "electricity_role": "电力角色", "transport_mode": "运输方式",
	"treatment": "处置方式", "boundary": "系统边界", "geography": "地理范围", "year": "年份", "product_codes": "产品代码",
	"source": "来源", "quality": "数据质量", "uncertainty_pct": "不确定度",
}

// explainChange writes the explanations of a change flag (not an
// outlier): what changed and what waits for a second curator.
func explainChange(fl *PlausibilityFlag) (en, zh string) {
	what, whatZH := describeChange(fl)
	c := fl.Change
	if c.Added {
		return fmt.Sprintf("%s %s: a curator other than the set's authors must review it before a stored study uses it", fl.Code, what),
			fmt.Sprintf("%s %s:须经因子集作者以外的另一位管理员审核,方可用于保存的研究", fl.Code, whatZH)
	}
	return fmt.Sprintf("%s %s: a curator other than the set's authors must review the change before a stored study uses it or it counts as a correction of set %s", fl.Code, what, c.BaseSet),
		fmt.Sprintf("%s %s:须经因子集作者以外的另一位管理员审核,方可用于保存的研究,并视为对因子集 %s 的更正", fl.Code, whatZH, c.BaseSet)
}

// ChangeText says, in English and Chinese, what the set changed of the
// flagged factor ("" for a flag without a change), for a page.
func (fl *PlausibilityFlag) ChangeText() (en, zh string) {
	if fl.Change == nil || fl.FlagKind() == FlagSetReview {
		return "", ""
	}
	return describeChange(fl)
}

// Describe says in a few words, in English, why fl flags its factor:
// "0.0577 kgCO2e/kWh, 10 times below the median …" for an outlier, "changed
// from 0.5777 kgCO2e/kWh in set 2026.1 to …" for a change.
func (fl *PlausibilityFlag) Describe() string {
	if fl.FlagKind() == FlagSetReview {
		return fl.Explanation
	}
	if fl.IsOutlier() {
		s := fmt.Sprintf("%g %s, %.3g times the median %.3g %s of %d peers", fl.Value, fl.Unit, math.Pow(10, fl.Decades), fl.Median, fl.GroupUnit, fl.PeerCount)
		if fl.Change != nil {
			what, _ := describeChange(fl)
			s += "; " + what
		}
		return s
	}
	what, _ := describeChange(fl)
	return what
}

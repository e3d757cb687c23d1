package factorlib_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// Ensure a set based on another flags what it changes (red team 13): a
// factor per piece lowered tenfold and a factor within its peers' range
// raised are changed (whatever their peers say), a new factor per piece
// and a new one in a group too small to check are added, and so is a new
// factor among enough peers (red team 16: one at a ninth of an existing
// factor's value sat inside the range of its peers, unflagged); an
// unchanged one is not flagged; the outlier that is also added carries
// both. Each says what changed, in both languages.
func TestPlausibilityChecker_Changes(t *testing.T) {
	mat := func(code string, v float64) *footprint.Factor {
		return plausibilityFactor(code, footprint.CategoryMaterial, v, "kgCO2e/kg")
	}
	base := map[string]*footprint.Factor{
		"CELL": plausibilityFactor("CELL", footprint.CategoryMaterial, 1.59, "kgCO2e/piece"),
		"M-1":  mat("M-1", 2), "M-2": mat("M-2", 2.5), "M-3": mat("M-3", 3), "M-4": mat("M-4", 3.5), "M-5": mat("M-5", 4),
		"PAPER": plausibilityFactor("PAPER", footprint.CategoryPackaging, 1, "kgCO2e/kg"),
	}
	set := []*footprint.Factor{
		plausibilityFactor("CELL", footprint.CategoryMaterial, 0.159, "kgCO2e/piece"), // changed, per piece
		mat("M-1", 2), mat("M-2", 2.5), mat("M-3", 3), mat("M-4", 3.5),
		mat("M-5", 5),    // changed within the range
		mat("M-6", 3.2),  // added among enough peers: checked, and flagged as added
		mat("M-7", 4000), // added outlier: an outlier flag carrying the addition
		base["PAPER"],    // unchanged
		plausibilityFactor("BOX", footprint.CategoryPackaging, 0.01, "kgCO2e/kg"),   // added to a group of one
		plausibilityFactor("CHIP", footprint.CategoryMaterial, 0.2, "kgCO2e/piece"), // added per piece
	}
	var c factorlib.PlausibilityChecker
	for _, f := range set {
		c.AddChanged(f, factorlib.CompareWithBase("2026.2", "2026.1", f, base[f.Code]))
	}
	got := map[string]factorlib.PlausibilityFlag{}
	for _, fl := range c.Flags() {
		got[fl.Code] = fl
	}
	want := map[string]struct {
		kind      factorlib.FlagKind
		en, zh    string
		unchecked string
	}{
		"CELL": {factorlib.FlagChanged, "changed from 1.59 kgCO2e/piece in set 2026.1 to 0.159 kgCO2e/piece in set 2026.2 (−90 %)", "由因子集 2026.1 的 1.59 kgCO2e/piece 改为因子集 2026.2 的 0.159 kgCO2e/piece(−90 %)", ""},
		"M-5":  {factorlib.FlagChanged, "changed from 4 kgCO2e/kg in set 2026.1 to 5 kgCO2e/kg in set 2026.2 (+25 %)", "(+25 %)", ""},
		"M-6":  {factorlib.FlagAdded, "new in set 2026.2 (based on 2026.1), 3.2 kgCO2e/kg, compared with its 6 peers", "已与同组 6 个同类因子比较", ""},
		"M-7":  {factorlib.FlagOutlier, "above the median", "高于同组", ""},
		"BOX":  {factorlib.FlagAdded, "new in set 2026.2 (based on 2026.1), 0.01 kgCO2e/kg, not checked: 1 peers in its group", "新增", factorlib.UncheckedPeers},
		"CHIP": {factorlib.FlagAdded, "factors per count unit are not compared with peers", "按件计", factorlib.UncheckedCount},
	}
	if len(got) != len(want) {
		t.Fatalf("flagged %v, want %d flags", slices.Sorted(maps.Keys(got)), len(want))
	}
	for code, w := range want {
		fl, ok := got[code]
		if !ok {
			t.Errorf("%s not flagged", code)
			continue
		}
		if fl.FlagKind() != w.kind || !strings.Contains(fl.Explanation, w.en) || !strings.Contains(fl.ExplanationZH, w.zh) {
			t.Errorf("%s: kind %s, %q / %q; want %s saying %q / %q", code, fl.FlagKind(), fl.Explanation, fl.ExplanationZH, w.kind, w.en, w.zh)
		}
		if w.kind != factorlib.FlagOutlier && (fl.Change == nil || fl.Change.Unchecked != w.unchecked) {
			t.Errorf("%s: change %+v, want unchecked %q", code, fl.Change, w.unchecked)
		}
	}
	if fl := got["M-7"]; fl.Change == nil || !fl.Change.Added {
		t.Errorf("M-7, an added outlier, does not carry its addition: %+v", fl.Change)
	}
	// A superseded marking is a change; a deprecation is not.
	old := mat("OLD", 2)
	superseded, deprecated := *old, *old
	superseded.Status, superseded.SupersededBy = footprint.StatusSuperseded, "M-1"
	deprecated.Status = footprint.StatusDeprecated
	if factorlib.CompareWithBase("2026.2", "2026.1", &superseded, old) == nil || factorlib.CompareWithBase("2026.2", "2026.1", &deprecated, old) != nil {
		t.Error("superseded marking not a change, or deprecation a change")
	}
}

// Red team 32: a factor's status is compared with its base whatever it is.
// A deprecation taken back (deprecated in the base, active in the set)
// hid the engine's "deprecated" warning from the certifier with no flag;
// now it is a change, said in both languages. The same status is no
// change.
func TestRedteam32_StatusChangeIsAChange(t *testing.T) {
	base := plausibilityFactor("CELL", footprint.CategoryMaterial, 1.59, "kgCO2e/piece")
	base.Status = footprint.StatusDeprecated
	now := *base
	now.Status = footprint.StatusActive
	ch := factorlib.CompareWithBase("2026.D2", "2026.D1", &now, base)
	if ch == nil {
		t.Fatal("deprecated → active: no change")
	}
	var c factorlib.PlausibilityChecker
	c.AddChanged(&now, ch)
	flags := c.Flags()
	if len(flags) != 1 || flags[0].FlagKind() != factorlib.FlagChanged {
		t.Fatalf("flags %+v: want one change flag", flags)
	}
	en, zh := flags[0].ChangeText()
	if !strings.Contains(en, "status changed from deprecated in set 2026.D1 to active in set 2026.D2") ||
		!strings.Contains(zh, "状态由因子集 2026.D1 的 已弃用 改为因子集 2026.D2 的 有效") {
		t.Errorf("change text %q / %q", en, zh)
	}
	if factorlib.CompareWithBase("2026.D2", "2026.D1", base, base) != nil {
		t.Error("the same deprecated factor is a change")
	}
}

package factorlib_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// searchFixture is a small library with Chinese and English names (several
// from CPCD's 产品名称 column).
func searchFixture() []*footprint.Factor {
	f := func(code, zh, en string, cat footprint.Category) *footprint.Factor {
		x := plausibilityFactor(code, cat, 1, "kgCO2e/kg")
		x.NameZH, x.NameEN = zh, en
		return x
	}
	return []*footprint.Factor{
		f("ALU-PRIMARY", "原铝", "Primary aluminium ingot", footprint.CategoryMaterial),
		f("ALU-PROFILE", "铝材", "Aluminium profile", footprint.CategoryMaterial),
		f("ALU-WINDOW", "铝合金门窗", "", footprint.CategoryComponent),
		f("ELEC-CN-NAT-CF-2024", "全国电力平均碳足迹因子", "National grid electricity, life cycle", footprint.CategoryElectricity),
		f("ELEC-SC", "四川电网", "Sichuan grid", footprint.CategoryElectricity),
		f("PV-MODULE", "多晶硅光伏组件", "Multi-crystalline silicon PV module", footprint.CategoryProduct),
		f("PV-SYSTEM", "光伏电站发电系统", "", footprint.CategoryProduct),
		f("PV-INVERTER", "光伏逆变器", "PV inverter", footprint.CategoryComponent),
		f("BATTERY", "锂离子电池", "Lithium-ion batteries", footprint.CategoryComponent),
		f("STEEL", "热轧钢材", "Hot-rolled steel", footprint.CategoryMaterial),
		f("TRUCK", "中型汽油货车运输(载重8t)", "", footprint.CategoryTransport),
		f("RAIL", "铁路（综合货运）", "", footprint.CategoryTransport),
		f("FW", "５ＭＷ光伏机组发电", "", footprint.CategoryProduct),
	}
}

func hitCodes(hits []factorlib.FactorHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Factor.Code)
	}
	return out
}

// Ensure the search finds Chinese and English names, through synonyms,
// with Chinese words matched by characters and bigrams, in relevance
// order.
func TestSearchIndex_Search(t *testing.T) {
	ix := factorlib.NewSearchIndex(searchFixture())
	for _, tt := range []struct {
		name, q string
		want    []string // exactly these, in this order
	}{
		// Synonyms: 铝材 finds 原铝 and the English names; its literal
		// match ranks first.
		{"SynonymZH", "铝材", []string{"ALU-PROFILE", "ALU-PRIMARY", "ALU-WINDOW"}},
		// The factors matching in both languages (铝, 铝材 or 原铝, and
		// aluminium) before the one named in Chinese only.
		{"SynonymZHOneChar", "铝", []string{"ALU-PROFILE", "ALU-PRIMARY", "ALU-WINDOW"}},
		{"SynonymUS", "aluminum", []string{"ALU-PROFILE", "ALU-PRIMARY", "ALU-WINDOW"}},
		// 电力 finds the grid through 电网 and grid, after the literal
		// match; not 电池 (battery) or 发电 through the character 电.
		{"SynonymElectricity", "电力", []string{"ELEC-CN-NAT-CF-2024", "ELEC-SC"}},
		{"SynonymEN", "electricity", []string{"ELEC-CN-NAT-CF-2024", "ELEC-SC"}},
		// 电 itself finds everything holding it, electricity first.
		{"OneCharacter", "电", []string{"ELEC-CN-NAT-CF-2024", "ELEC-SC", "PV-SYSTEM", "FW", "BATTERY"}},
		// Bilingual: one factor by its Chinese and its English name.
		{"ZH", "光伏组件", []string{"PV-MODULE"}},
		{"EN", "pv module", []string{"PV-MODULE"}},
		{"ENPlural", "modules", []string{"PV-MODULE"}},
		{"ENSynonymPlural", "battery", []string{"BATTERY"}},
		// Mixed scripts split into words: pv AND 组件.
		{"Mixed", "PV组件", []string{"PV-MODULE"}},
		// Two thirds of a long word's bigrams: 光伏发电系统 finds 光伏电站发电系统.
		{"Bigrams", "光伏发电系统", []string{"PV-SYSTEM"}},
		// Full-width forms fold.
		{"FullWidth", "5mw", []string{"FW"}},
		// The code, whole or in parts, and any substring as before.
		{"CodeExact", "elec-sc", []string{"ELEC-SC"}},
		{"CodeParts", "cn nat", []string{"ELEC-CN-NAT-CF-2024"}},
		{"Substring", "alumin", []string{"ALU-PROFILE", "ALU-PRIMARY"}},
		{"AllWords", "光伏 逆变器", []string{"PV-INVERTER"}},
		{"None", "不存在", nil},
		{"Blank", "  ", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := hitCodes(ix.Search(tt.q, nil)); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// Ensure relevance order: the code and exact names first, literal matches
// before synonyms, rarer tokens before common ones, and scores descending.
func TestSearchIndex_Relevance(t *testing.T) {
	ix := factorlib.NewSearchIndex(searchFixture())
	hits := ix.Search("光伏", nil)
	// FW matches 光伏 only; the others 光伏 and pv (their codes, and names).
	if got := hitCodes(hits); len(got) != 4 || got[3] != "FW" {
		t.Fatalf("光伏: %v", got)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Fatalf("scores not descending: %v", hits)
		}
	}
	// An exact name beats a longer one holding it.
	if got := hitCodes(ix.Search("原铝", nil)); got[0] != "ALU-PRIMARY" {
		t.Errorf("原铝: %v", got)
	}
	// The exact code first.
	if got := hitCodes(ix.Search("STEEL", nil)); got[0] != "STEEL" {
		t.Errorf("STEEL: %v", got)
	}
	// keep filters.
	got := hitCodes(ix.Search("铝", func(f *footprint.Factor) bool { return f.Category == footprint.CategoryComponent }))
	if !slices.Equal(got, []string{"ALU-WINDOW"}) {
		t.Errorf("keep: %v", got)
	}
}

// Ensure concurrent searches of one index (it is shared by every request
// on a published set) give the results of sequential ones.
func TestSearchIndex_Concurrent(t *testing.T) {
	ix := factorlib.NewSearchIndex(searchFixture())
	queries := []string{"铝", "电", "pv module", "光伏发电系统", "alumin", "steel"}
	want := map[string][]string{}
	for _, q := range queries {
		want[q] = hitCodes(ix.Search(q, nil))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				q := queries[(g+i)%len(queries)]
				if got := hitCodes(ix.Search(q, nil)); !slices.Equal(got, want[q]) {
					errs <- q
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for q := range errs {
		t.Errorf("concurrent Search(%q) differs", q)
	}
}

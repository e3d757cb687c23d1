package certification_test

import "testing"

// A grade of the footprint or another label of the carbon label family in
// the product's names: "示例组件 碳足迹A级" and "Demo module Low Carbon
// Label" were accepted (session 48), and the certificate and label would
// print them under the certified figure as if the certification had graded
// the product or awarded it a low-carbon label; the national scheme plans
// grading (分级) and names low-carbon and carbon-reduction labels as other
// certifications of its family (shared/reference/standards.md §2.1). Ensure
// each is refused naming its field, and that the energy label's grade, a
// low-carbon steel, graded cells and materials, and a company name holding
// the words are accepted.
func TestClaims_GradesAndOtherCarbonLabels(t *testing.T) {
	checkClaimCases(t, "a grade or another carbon label beside the certified figure", []claimCase{
		{"product.name_zh", "示例组件 碳足迹A级"},
		{"product.name_zh", "示例组件 碳足迹一级"},
		{"product.name_zh", "示例组件 碳标识一级"},
		{"product.name_zh", "示例组件 碳足迹等级：优"},
		{"product.name_zh", "示例组件 A级碳足迹"},
		{"product.name_zh", "示例组件 低碳认证"},
		{"product.name_zh", "示例组件（低碳产品认证）"},
		{"product.name_zh", "示例组件 减碳标识"},
		{"product.name_zh", "示例组件 碳足跡A級"},
		{"product.name_zh", "示例组件 低碳認證"},
		{"product.name_zh", "示例组件 減碳標籤"},
		{"product.name", "Demo module low-carbon certified"},
		{"product.name", "Demo module certified low carbon"},
		{"product.name", "Demo module Low Carbon Label"},
		{"product.name", "Demo module carbon label grade A"},
		{"product.name", "Demo module carbon footprint grade A+"},
		{"product.name", "Demo module CFP grade 1"},
		{"product.name", "Demo module Grade A carbon footprint"},
		{"product.name", "Demo module carbon reduction label"},
		{"product.model", "LC-LABEL low carbon label"},
		{"not_applicable[0].reason", "本产品碳足迹一级，无入厂运输"},
		// reviewer 48: punctuation between the words and the grade, the national label's own
		// name, other grades, other names of the footprint, a grade after 低碳, traditional and
		// Japanese forms, and a grade in a company's name or address
		{"product.name_zh", "示例组件 碳足迹：A级"},
		{"product.name_zh", "示例组件 碳足迹为A级"},
		{"product.name_zh", "示例组件 碳足迹（A级）"},
		{"product.name", "Demo module carbon label (grade A)"},
		{"product.name", "Demo module carbon label = grade A"},
		{"product.name", "Demo module carbon, label grade A"},
		{"product.name_zh", "示例组件 碳足迹标识一级"},
		{"product.name_zh", "示例组件 碳足迹标签A级"},
		{"product.name_zh", "示例组件 碳足迹 A+级"},
		{"product.name_zh", "示例组件 碳足迹Ａ＋级"},
		{"product.name_zh", "示例组件 碳足迹AAA级"},
		{"product.name_zh", "示例组件 碳足迹Ⅰ级"},
		{"product.name_zh", "示例组件 碳足迹壹级"},
		{"product.name_zh", "示例组件 碳足迹甲级"},
		{"product.name_zh", "示例组件 碳足迹一等"},
		{"product.name_zh", "示例组件 碳足迹优等"},
		{"product.name_zh", "示例组件 碳足迹 A档"},
		{"product.name_zh", "示例组件 碳足迹五星"},
		{"product.name_zh", "示例组件 碳足迹 级别A"},
		{"product.name", "Demo module carbon-footprint rating AAA"},
		{"product.name", "Demo module A-rated carbon footprint"},
		{"product.name", "Demo module carbon footprint: A-rated"},
		{"product.name", "Demo module carbon label grade I"},
		{"product.name", "Demo module carbon label grade 6"},
		{"product.name", "Demo module carbon label Gold"},
		{"product.name", "Demo module A-grade carbon footprint"},
		{"product.name", "Demo module low carbon cert."},
		{"product.name", "Demo module carbon reduced label"},
		{"product.name_zh", "示例组件 碳排A级"},
		{"product.name_zh", "示例组件 温室气体A级"},
		{"product.name_zh", "示例组件 碳足印A级"},
		{"product.name_zh", "示例组件 碳效A级"},
		{"product.name_zh", "示例组件 低碳一级"},
		{"product.name_zh", "示例组件 低碳A级产品"},
		{"product.name_zh", "示例组件 低碳等级A"},
		{"product.name_zh", "示例组件 低碳產品認證"},
		{"product.name_zh", "示例组件 低碳産品認証"},
		{"product.name_zh", "示例组件 低碳產品標誌"},
		{"product.name_zh", "示例组件 減碳標誌"},
		{"product.manufacturer", "示例光伏有限公司（碳足迹A级）"},
		{"product.manufacturer", "Demo Solar Co., Ltd. - Carbon Footprint Grade A"},
		{"product.site", "示例工厂 碳足迹一级"},
	}, []claimCase{
		{"product.name_zh", "示例组件 一级能效"},
		// reviewer 48: honest names the first patterns refused
		{"product.name", "Lenovo ThinkPad X1 Carbon Grade A refurbished laptop"},
		{"product.name", "ThinkPad X1 Carbon - Grade B"},
		{"product.name", "Refurbished ThinkPad X1 Carbon: Grade A"},
		{"product.model", "X1 Carbon Grade A"},
		{"product.name_zh", "示例组件 A级低碳钢板"},
		{"product.name_zh", "示例组件 一级低碳钢丝"},
		{"product.name_zh", "光伏支架 Q235 A级低碳钢"},
		{"product.name_zh", "3级低碳铝合金边框组件"},
		{"product.name_zh", "示例组件 5级低碳钢"},
		{"product.name", "Demo module, ASTM A36 Grade A low carbon steel plate"},
		{"product.name", "Demo module, Class 4 low carbon steel bolts"},
		{"product.name", "Demo module, Grade 2 low carbon steel wire mounting kit"},
		{"product.name", "Grade A low carbon aluminium frame module"},
		{"product.name", "Monitor, CO2 class 1 indoor sensor built in"},
		{"product.name", "CO2 Class 1 laser engraver"},
		{"product.name", "PV module with low-carbon certified aluminium (ASI)"},
		{"product.name", "Bifacial module, low carbon certified polysilicon"},
		{"product.name", "Monocrystalline PV module, Class A, 410 W"},
		{"product.name", "Monitor 27\" energy class A"},
		{"product.name_zh", "27英寸显示器 能效等级1级"},
		{"product.name_zh", "示例显示器 低碳 一级能效"},
		{"product.name_zh", "低碳钢边框光伏组件"},
		{"product.name", "Carbon fiber frame class A"},
		{"product.name", "CO2 laser tube class 4"},
		{"product.name_zh", "示例组件 低碳钢框 A级电池片"},
		{"product.name_zh", "活性炭一级品"},
		{"product.name", "Demo module, Grade A cells, Grade B carbon steel frame"},
		{"product.name", "Demo module Tier 1 cells, Class II insulation"},
		{"product.manufacturer", "成都低碳认证科技有限公司"},
	})
}

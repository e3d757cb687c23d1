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
	}, []claimCase{
		{"product.name_zh", "示例组件 一级能效"},
		{"product.name_zh", "示例组件 低碳钢框 A级电池片"},
		{"product.name_zh", "活性炭一级品"},
		{"product.name", "Demo module, Grade A cells, Grade B carbon steel frame"},
		{"product.name", "Demo module Tier 1 cells, Class II insulation"},
		{"product.manufacturer", "成都低碳认证科技有限公司"},
	})
}

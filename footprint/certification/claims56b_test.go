package certification_test

import "testing"

// Comparisons of the product's footprint with another's that
// CheckPrintable refuses written alone, after "碳足迹" or "its emissions"
// (claims56bComparisonsHan, claims56bComparisonsEn), and a breakdown of
// the product's own footprint that it accepts alone
// (TestCheckPrintable_Claims/Session56_Breakdowns).
var (
	claims56bComparisonsHan = []string{"低于隆基", "少于隆基", "低于隆基的", "比隆基低", "比隆基低20%", "不及隆基一半", "仅为隆基一半", "是隆基的一半", "和隆基一样低碳"}
	claims56bComparisonsEn  = []string{"below LONGi's", "below LONGi", "lower than LONGi", "lower than LONGi's", "less than LONGi's", "vs LONGi", "versus LONGi", "half of LONGi's", "20% lower than LONGi"}
)

const (
	claims56bBreakdownHan = "碳足迹一半以上来自硅料"
	claims56bBreakdownEn  = "60% of its emissions come from cells"
)

// Ensure a comparison written after a breakdown of the product's own
// footprint, or before one, is refused as it is alone: cl56 set the
// breakdown aside with its footprint word at its start, and the part it
// names ("硅料", "cells") stood between that word and the comparison,
// further than rivalRe reads, and "碳足迹一半以上来自硅料，低于隆基" and
// "60% of its emissions come from cells, below LONGi's" were accepted
// (session 56, cl56b).
func TestCl56b_ComparisonAfterBreakdown(t *testing.T) {
	var alone, after, before []claimCase
	for _, c := range claims56bComparisonsHan {
		alone = append(alone, claimCase{"product.name_zh", "示例组件 碳足迹" + c})
		after = append(after, claimCase{"product.name_zh", "示例组件 " + claims56bBreakdownHan + "，" + c})
		before = append(before, claimCase{"product.name_zh", "示例组件 " + c + "，" + claims56bBreakdownHan},
			claimCase{"product.name_zh", "示例组件 碳足迹" + c + "，一半以上来自硅料"})
	}
	for _, c := range claims56bComparisonsEn {
		alone = append(alone, claimCase{"product.name", "Demo module, its emissions " + c})
		after = append(after, claimCase{"product.name", "Demo module, " + claims56bBreakdownEn + ", " + c})
		before = append(before, claimCase{"product.name", "Demo module, its emissions " + c + ", " + claims56bBreakdownEn})
	}
	t.Run("Alone", func(t *testing.T) { checkClaimCases(t, "a comparison with another company's product", alone, nil) })
	t.Run("AfterBreakdown", func(t *testing.T) {
		checkClaimCases(t, "a comparison with another company's product", append(after,
			// within the part the breakdown names, and after a breakdown naming a longer part
			claimCase{"product.name_zh", "示例组件 碳足迹一半以上来自硅料低于隆基"},
			claimCase{"product.name_zh", "示例组件 碳足迹一半以上来自多晶硅料的生产与提纯过程，低于隆基"},
			claimCase{"product.name", "Demo module, more than half of its footprint comes from the polysilicon and the cells of the module, below LONGi's"},
		), []claimCase{
			{"product.name_zh", "示例组件 " + claims56bBreakdownHan},
			{"product.name", "Demo module, " + claims56bBreakdownEn},
			{"product.name_zh", "示例组件 碳足迹一半以上来自硅料，低碳环保"},
			{"product.name_zh", "示例组件 碳足迹一半以上来自硅料，三成来自电池片"},
			{"product.name", "Demo module, 60% of its emissions come from cells, 20% from glass"},
		})
	})
	t.Run("BeforeBreakdown", func(t *testing.T) { checkClaimCases(t, "a comparison with another company's product", before, nil) })
}

// Ensure a multiplier in any number of words before a name is refused,
// as "ten times LONGi" and "11 times LONGi" are (wordTimesNameRe stopped
// at ten), and an equal of another's greenness with a space inside its
// word, as "和隆基一样 低碳" is (hanEqualGreenRe read 低碳 only whole):
// session 56, cl56b. A multiplier before a small letter or in a title,
// and an equal of a cleaner's, name no one's carbon.
func TestCl56b_MultiplierWordsAndSpacedGreenness(t *testing.T) {
	checkClaimCases(t, "a comparison with another company's product", []claimCase{
		{"product.name", "Demo module, eleven times LONGi"},
		{"product.name", "Demo module, twelve times LONGi"},
		{"product.name", "Demo module, twenty-one times LONGi"},
		{"product.name", "Demo module, one hundred times Jinko"},
		{"product.name_zh", "示例组件 和隆基一样 低 碳"},
		{"product.name_zh", "示例组件 和隆基一样低 碳"},
		{"product.name_zh", "示例组件 与隆基同等 绿 色"},
	}, []claimCase{
		{"product.name", "Demo charger, eleven times faster charging"},
		{"product.name", "Demo module, Twelve Times Tested"},
		{"product.name_zh", "示例拖把 和新的一样 清 洁"},
	})
}

// Ensure a footprint short of another's (不及) is refused, as one lower
// than it (低于) is, alone and beside a breakdown: before cl56 the
// breakdown's share refused "碳足迹一半以上来自硅料，不及隆基" as an emission
// share, and "碳足迹不及隆基" alone was accepted (session 56, cl56b). A stage
// short of the product's own stage or total is a not-applicable reason, as
// one below it is ("运输排放低于生产阶段排放的百分之一"), and 不及时 is
// untimely.
func TestCl56b_ShortOfAnother(t *testing.T) {
	checkClaimCases(t, "a comparison with another company's product", []claimCase{
		{"product.name_zh", "示例组件 碳足迹不及隆基"},
		{"product.name_zh", "示例组件 碳足迹一半以上来自硅料，不及隆基"},
		{"product.name_zh", "示例组件 不及隆基，碳足迹一半以上来自硅料"},
		{"product.name_zh", "示例组件 碳足迹不及隆基，一半以上来自硅料"},
	}, []claimCase{
		{"not_applicable[0].reason", "运输排放不及总量的1%，按取舍规则不计"},
		{"not_applicable[0].reason", "运输排放不及生产阶段排放的百分之一"},
		{"not_applicable[0].reason", "运输排放低于生产阶段排放的百分之一"},
		{"product.name_zh", "示例组件 碳足迹核算不及时的问题已解决"},
	})
}

package certification_test

import "testing"

// Reviewer 51: rivalHonestRe left out "比" or "低于" followed by any text
// that began with a stage word (生产, 使用, 材料, 包装) or a total (全部,
// 本产品), so a comparison with a named competitor written after one
// ("碳足迹比生产组件的隆基低", "碳足迹低于本产品竞争对手隆基") passed the
// check; and a reason comparing transport with the product's own
// production stage with 小于 ("运输排放远小于生产阶段排放") was refused as a
// comparison. Ensure the first are refused naming their field and the
// second accepted, with the honest reasons of session 51 still accepted.
func TestReviewer51_CompetitorAfterAStageWord(t *testing.T) {
	checkClaimCases(t, "a comparison of carbon with a named competitor", []claimCase{
		{"product.name_zh", "示例组件 碳足迹比生产组件的隆基低"},
		{"product.name_zh", "示例组件 碳足迹比使用隆基电池的组件低"},
		{"product.name_zh", "示例组件 碳足迹比材料商隆基低20%"},
		{"product.name_zh", "示例组件 碳足迹比包装更好的隆基低"},
		{"product.name_zh", "示例组件 碳足迹低于本产品竞争对手隆基"},
		{"product.name_zh", "示例组件 碳排放低于全部隆基组件"},
		{"not_applicable[0].reason", "运输排放比生产同类组件的晶科低，可忽略"},
	}, []claimCase{
		{"not_applicable[0].reason", "运输排放远小于生产阶段排放"},
		{"not_applicable[0].reason", "运输排放远低于生产排放，可忽略"},
		{"not_applicable[0].reason", "运输排放低于原材料阶段排放的1%"},
		{"not_applicable[0].reason", "运输排放比生产小得多"},
		{"not_applicable[0].reason", "运输排放比其他阶段小两个数量级"},
		{"not_applicable[0].reason", "运输排放低于总量的1%，按截断规则不计"},
		{"not_applicable[0].reason", "运输排放比生产排放小得多，可忽略"},
		{"not_applicable[0].reason", "运输排放低于本产品总排放的0.5%"},
		{"not_applicable[0].reason", "运输碳排放低于整体的1%"},
	})
}

// Reviewer 51: since session 51 CheckPrintsAsItReads lets μ stand after a
// number as the SI prefix, where before any Greek letter beside Latin ones
// was refused; and μg (ug, as the micro sign folds) was no mass unit of the
// carbon-figure patterns, so "Demo module 0μg CO2", a carbon figure of
// nothing printed under the certified one, was accepted. Ensure a figure
// in micrograms (and milligrams, 微克) is refused as a carbon figure, and
// the technical μ of session 51 still accepted.
func TestReviewer51_MicrogramFigure(t *testing.T) {
	checkClaimCases(t, "a carbon figure beside the certified 150 kgCO2e", []claimCase{
		{"product.name", "Demo module 0μg CO2"},
		{"product.name", "Demo module 20 μg/kWh CO2"},
		{"product.name", "Demo module 0ug CO2"},
		{"product.name", "Demo module 0 µg CO2"}, // the micro sign
		{"product.name_zh", "示例组件 0微克二氧化碳"},
	}, []claimCase{
		{"product.name", "Demo module, 150μm wafers"},
		{"product.name", "Demo 10 μF capacitor"},
		{"product.name", "Demo α-Si thin-film module"},
		{"product.name_zh", "示例组件 5微克银浆"},
	})
}

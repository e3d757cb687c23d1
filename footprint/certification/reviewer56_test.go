package certification_test

import "testing"

// Reviewer 56, as an honest applicant: texts cl55b's patterns refuse as a
// comparison with another company's product ("不得写明与其他产品的比较"),
// each accepted on cl55b's base (c9a9fc6e) and naming no one.
//   - hanEqualGreenRe reads 碳足迹 and 清洁 after 与/和 … 相同/一样/同样: a
//     not-applicable reason naming the method or boundary it shares
//     ("采用与ISO14067相同的碳足迹核算方法", "与A1阶段相同的碳足迹边界"), a
//     cleaning product's or a purifier's own cleanness (与手洗一样清洁).
//   - hanHalfRe's 以上 ending the clause after 占: a part's share of the
//     product (再生材料占一半以上; 再生材料占一半 was refused before cl55b).
func TestReviewer56_ClaimsHonestTextsRefusedByCl55b(t *testing.T) {
	checkClaimCases(t, "a comparison with another company's product", nil, []claimCase{
		{"not_applicable[0].reason", "采用与ISO14067相同的碳足迹核算方法"},
		{"not_applicable[0].reason", "与A1阶段相同的碳足迹边界"},
		{"not_applicable[0].reason", "和原料运输同样计入碳足迹"},
		{"product.name_zh", "示例洗衣液 与手洗一样清洁"},
		{"product.name_zh", "示例净水器 与瓶装水一样清洁"},
		{"product.name_zh", "示例拖把 和新的一样清洁"},
		{"product.name_zh", "示例背包 再生材料占一半以上"},
	})
}

// Reviewer 56, as a flatterer: cl55b's comparisons written another way,
// each accepted on h-rev56's base (6c9c1b7d) and on cl55b's (c9a9fc6e). The
// multiplier in words stops at five and ten (wordTimesNameRe: "six times",
// a hyphen, "that of"); hanEqualGreenRe reads 和/与/跟/同 but not 像 or 如,
// nor a space inside the phrase (和隆基一样 绿色), nor 不亚于 or 对标; ½
// after a Latin name; a greenness word not in asGreenAs; a share in words.
// cl55b's own still-open items (Jinko twice, Two Times Jinko, 比肩隆基)
// are not repeated here.
func TestReviewer56_ClaimsCl55bWalkedAround(t *testing.T) {
	checkClaimCases(t, "a comparison with another company's product", []claimCase{
		{"product.name", "Demo module six times LONGi"},
		{"product.name", "Demo module two-times LONGi"},
		{"product.name", "Demo module twice that of LONGi"},
		{"product.name_zh", "示例组件 像隆基一样绿色"},
		{"product.name_zh", "示例组件 如隆基般低碳"},
		{"product.name_zh", "示例组件 和隆基一样 绿色"},
		{"product.name_zh", "示例组件 和 隆基 一样绿色"},
		{"product.name_zh", "示例组件 不亚于隆基的低碳"},
		{"product.name_zh", "示例组件 对标隆基的低碳"},
		{"product.name", "Demo module LONGi ½"},
		{"product.name", "Demo module as ecological as LONGi"},
		{"product.name", "Demo module LONGi less twenty percent"},
	}, nil)
}

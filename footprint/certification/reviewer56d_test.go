package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Reviewer 56d, as a flatterer: db0b3069 leaves out a footprint's method
// or boundary that a text says it shares with another ("与ISO14067相同的碳
// 足迹核算方法") by a suffix of any greenness word (核算, 计算, 方法, 边界),
// so that an equal of another company's footprint result, or its
// greenness followed by one of those words, is accepted again: each
// below was refused on db0b3069's parent (96e0ffcf) and is accepted on
// main (6c4d0c2e). A method or a boundary is a noun after 碳足迹, not a
// result (结果, 值, 数值) of its accounting, nor a word after 低碳 or 绿色.
func TestReviewer56d_EqualFootprintResultAsAMethod(t *testing.T) {
	checkClaimCases(t, "a comparison with another company's product", []claimCase{
		{"product.name_zh", "示例组件 与隆基相同的碳足迹核算结果"},
		{"product.name_zh", "示例组件 与隆基相同的碳足迹计算值"},
		{"product.name_zh", "示例组件 与隆基一样的碳足迹核算数值"},
		{"product.name_zh", "示例组件 和隆基一样碳足迹核算结果"},
		{"product.name_zh", "示例组件 媲美隆基的碳足迹核算结果"},
		{"product.name_zh", "示例组件 媲美隆基的低碳边界"},
		{"product.name_zh", "示例组件 与隆基一样低碳方法"},
		{"product.name_zh", "示例组件 像隆基一样绿色方法"},
		{"product.name_zh", "示例组件 与隆基相同的低碳核算结果"},
	}, []claimCase{
		// reviewer 56's honest texts, kept
		{"not_applicable[0].reason", "采用与ISO14067相同的碳足迹核算方法"},
		{"not_applicable[0].reason", "与A1阶段相同的碳足迹边界"},
		{"not_applicable[0].reason", "和原料运输同样计入碳足迹"},
		{"product.name_zh", "示例组件 对标ISO 14067的碳足迹核算"},
		{"not_applicable[0].reason", "与A1阶段相同的碳足迹核算规则"},
		{"not_applicable[0].reason", "与原料运输相同的碳足迹计算范围"},
	})
}

// Reviewer 56d, as an honest applicant: a not-applicable reason saying a
// stage's emissions are in the footprint as another stage's are, with a
// verb other than 计入 (db0b3069 left out 计入 alone): refused on main and
// on its parent as a comparison with another company's product.
func TestReviewer56d_IncludedInTheFootprintAsAnotherStage(t *testing.T) {
	checkClaimCases(t, "a comparison with another company's product", nil, []claimCase{
		{"not_applicable[0].reason", "与A1阶段一样纳入碳足迹"},
		{"not_applicable[0].reason", "与原料运输一样包含在碳足迹中"},
		{"not_applicable[0].reason", "与A1阶段一样在碳足迹中已计算"},
		{"not_applicable[0].reason", "与A3阶段一样已计入碳足迹"},
		{"not_applicable[0].reason", "和生产阶段一样算入碳足迹"},
	})
}

// Reviewer 56d, as an honest applicant: a share beside a mixed-case word
// is refused as one beside another company's name (cl56), and the
// refusal named no word: "Demo jacket fill 80% PrimaLoft" (a fibre's
// name), "Samsung Galaxy S24 EcoPackage 100%" (a feature's) left the
// applicant to guess which word the check read as a company's. The
// refusal names it, in both languages, Chinese first.
func TestReviewer56d_NamedShareRefusalNamesTheWord(t *testing.T) {
	for _, tt := range []struct{ text, word string }{
		{"Demo jacket fill 80% PrimaLoft", "PrimaLoft"},
		{"Demo phone EcoPackage 100%", "EcoPackage"},
		{"Demo module LONGi 80%", "LONGi"},
	} {
		err := checkPrintableText(t, "product.name", tt.text)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.name" {
			t.Errorf("%q: %v, want 400 invalid naming product.name", tt.text, err)
			continue
		}
		msg := err.Error()
		zh, en := strings.Index(msg, "此处读作公司名称的是“"+tt.word+"”"), strings.Index(msg, "the word read as a company's name is \""+tt.word+"\"")
		if zh < 0 || en < 0 || zh > en {
			t.Errorf("%q: %q names not the word %q in Chinese, then in English", tt.text, msg, tt.word)
		}
	}
}

// Reviewer 56d, as a flatterer: a breakdown of the product's own footprint
// (cl56) is left out before the comparison patterns read a text, and its
// footprint word with it, so that a comparison reading that word before
// it ("its footprint vs LONGi", "碳足迹低于隆基", refused) was accepted when
// the word stood in a breakdown: each below was accepted on main
// (6c4d0c2e), and printed "lower than LONGi" on the certificate. The
// breakdown leaves its footprint word. The breakdowns' own cases stay
// accepted (TestCheckPrintable_Claims/Session56_Breakdowns).
func TestReviewer56d_BreakdownHidesAComparison(t *testing.T) {
	checkClaimCases(t, "a comparison with another company's product", []claimCase{
		{"product.name", "Demo module, its footprint vs LONGi"},
		{"product.name", "Demo module, the cells account for half of its footprint vs LONGi"},
		{"product.name", "Demo module, the cells account for half of its footprint versus LONGi"},
		{"product.name", "Demo module, the cells account for half of its footprint, lower than LONGi"},
		{"product.name", "Demo module, the cells account for half of its footprint, below LONGi's"},
		{"product.name_zh", "示例组件 硅料占碳足迹的一半以上，低于隆基"},
	}, []claimCase{
		{"product.name", "Demo module, more than half of its footprint comes from the cells"},
		{"product.name", "Demo module, the cells account for 60% of its footprint"},
		{"product.name_zh", "示例组件 碳足迹一半以上来自硅料"},
		{"product.name_zh", "示例组件 硅料占碳足迹的一半以上，低碳环保"},
	})
}

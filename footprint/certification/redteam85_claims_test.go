package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Red team 85: what red team 84 left open, written by a flatterer. A
// company's name or address and a not-applicable reason stating a
// certification or a designation of the product ("国家认证低碳示范工厂有限公司",
// "Certified Carbon Neutral Manufacturing Co.", "组件已通过IEC 61215认证"):
// a party's name is not the place for a claim about this product, and a
// reason explains why a stage does not apply, not what certified it.
// Ensure each is refused naming its field; a certification body's own
// name ("中国质量认证中心", "Bureau Veritas Certification") and an honest
// reason are accepted.
func TestRedteam85_CertificationInPartiesAndReasons(t *testing.T) {
	checkClaimCases(t, "a certification or designation of the product in a party's name or a reason", []claimCase{
		{"product.manufacturer", "国家认证低碳示范工厂有限公司"},
		{"product.manufacturer", "示例光伏有限公司（TÜV认证）"},
		{"product.manufacturer", "示例光伏有限公司 已认证"},
		{"product.manufacturer", "示例光伏有限公司（经中国质量认证中心认证）"},
		{"product.manufacturer", "示例光伏（生态环境局推荐）"},
		{"product.manufacturer", "示例光伏有限公司（国家级绿色工厂）"},
		{"product.manufacturer", "Certified Carbon Neutral Manufacturing Co."},
		{"product.manufacturer", "Demo Solar Co., Ltd. (TÜV certified)"},
		{"product.manufacturer", "Demo Solar Co., Ltd., approved by CQC"},
		{"product.manufacturer", "Demo Solar Co., Ltd. — government-endorsed"},
		{"product.site", "示例组件厂（认证工厂）, 成都"},
		{"product.site", "Chengdu plant, ISO 14064 certified"},
		{"not_applicable[0].reason", "组件已通过IEC 61215认证，无需使用阶段维护"},
		{"not_applicable[0].reason", "Passive product, TÜV certified: no use-stage energy"},
		{"not_applicable[0].reason", "产品已获环境标志认证，无包装"},
	}, []claimCase{
		{"product.manufacturer", "中国质量认证中心"},
		{"product.manufacturer", "成都低碳认证科技有限公司"},
		{"product.manufacturer", "成都低碳产品认证中心"},
		{"product.manufacturer", "Bureau Veritas Certification (Beijing) Co., Ltd."},
		{"product.manufacturer", "China Quality Certification Centre"},
		{"product.manufacturer", "隆基绿能科技股份有限公司"},
		{"product.manufacturer", "Trina Solar Co., Ltd."},
		{"product.manufacturer", "TCL华星光电技术有限公司"},
		{"product.manufacturer", "京东方科技集团股份有限公司"},
		{"product.manufacturer", "Green Power Tech Co."},
		{"product.manufacturer", "晶科能源股份有限公司"},
		{"product.manufacturer", "Lenovo (Beijing) Co., Ltd."},
		{"product.manufacturer", "LONGi Green Energy Technology Co., Ltd."},
		{"product.manufacturer", "TÜV Rheinland (Shanghai) Co., Ltd."},
		{"product.manufacturer", "通威太阳能（成都）有限公司"},
		{"product.site", "成都市推荐路1号"},
		{"product.site", "成都市郫都区 国家级经济技术开发区"},
		{"product.site", "成都高新技术产业开发区（国家自主创新示范区）天府大道1号"},
		{"product.site", "成都市高新区推广路1号"},
		{"not_applicable[0].reason", "made on site"},
		{"not_applicable[0].reason", "无入厂运输：原料由同一园区管道输送"},
		{"not_applicable[0].reason", "End of life handled by a certified recycler under the take-back scheme"},
		{"not_applicable[0].reason", "产品不含包装，出厂不包装"},
		{"not_applicable[0].reason", "生产用电全部由绿色电力证书覆盖，见电力一节；本阶段无现场燃料"},
	})
}

// Red team 85: a comparison without a comparative word, as a ratio to
// other products or a reduction with no baseline named ("仅为同类产品的70%",
// "half the CO2 of a standard module", "-30% CO2"). Ensure each is refused
// naming its field, and honest ratios of the product itself accepted.
func TestRedteam85_RatiosWithoutAComparativeWord(t *testing.T) {
	checkClaimCases(t, "a comparison with other products", []claimCase{
		{"product.name_zh", "示例组件 碳排仅为同类产品的70%"},
		{"product.name_zh", "示例组件（行业平均的70%）"},
		{"product.name_zh", "示例组件 仅为常规组件的一半"},
		{"product.name_zh", "示例组件 约为传统产品的三分之二"},
		{"product.name_zh", "示例组件 减碳30%"},
		{"product.name_zh", "示例组件 二氧化碳减少三成"},
		{"product.name", "Demo Module, half the CO2 of a standard module"},
		{"product.name", "Demo Module -30% CO2"},
		{"product.name", "Demo Module −30 % carbon"},
		{"product.name", "Demo Module 30% less CO2"},
		{"product.name", "Demo Module, 70% of the carbon of a typical module"},
		{"product.model", "DEMO-M10-54 -30%CO2"},
		{"not_applicable[0].reason", "运输排放仅为行业平均的一半，可忽略"},
		{"product.manufacturer", "示例光伏有限公司（减碳30%）"},
	}, []claimCase{
		{"product.name_zh", "示例单晶硅光伏组件 转换效率21.3%"},
		{"product.name", "Demo PV module, 21.3% efficiency, 54 cells"},
		{"product.name", "Demo laptop, 30% recycled aluminium chassis"},
		{"product.name_zh", "示例笔记本电脑 含30%再生铝"},
		{"product.name", "Demo laptop, battery 80% in 1 h"},
		{"product.name", "Demo 27-inch monitor, 99% sRGB"},
		{"product.name_zh", "示例显示器 高对比度 低蓝光"},
		{"product.model", "LR5-54HTH-430M"},
	})
}

// Red team 85: the marks of other schemes printed as text in a product's
// names, model or a reason, which a reader takes for marks the product
// holds beside this certificate: "CE marked", "UL listed", "Energy Star",
// "TÜV", "绿色产品", "中国环境标志", "能效标识一级", "节能产品". The energy
// label's grade as a product states it ("一级能效") stays accepted, and so
// do models that hold the letters ("CE-2024", "UL3000").
func TestRedteam85_OtherSchemesMarksAsText(t *testing.T) {
	checkClaimCases(t, "another scheme's mark", []claimCase{
		{"product.name", "Demo Module CE marked"},
		{"product.name", "Demo Module, CE marking"},
		{"product.name", "Demo laptop UL listed"},
		{"product.name", "Demo laptop ENERGY STAR"},
		{"product.name", "Demo laptop Energy-Star qualified"},
		{"product.name", "Demo Module TÜV"},
		{"product.name", "Demo Module (TUV Rheinland)"},
		{"product.name", "Demo Module, RoHS compliant"},
		{"product.name", "Demo laptop EPEAT Gold"},
		{"product.name", "Demo laptop TCO Certified"},
		{"product.name", "Demo laptop, EU Ecolabel"},
		{"product.name", "Demo Module Type III declaration"},
		{"product.name_zh", "示例组件 绿色产品"},
		{"product.name_zh", "示例组件 绿色设计产品"},
		{"product.name_zh", "示例组件 中国环境标志"},
		{"product.name_zh", "示例组件 十环"},
		{"product.name_zh", "示例笔记本电脑 能效标识一级"},
		{"product.name_zh", "示例笔记本电脑 节能产品"},
		{"product.name_zh", "示例笔记本电脑 能源之星"},
		{"product.model", "DEMO-M10-54 CE-MARKED"},
		{"not_applicable[0].reason", "产品获中国环境标志，无需包装"},
	}, []claimCase{
		{"product.name_zh", "示例笔记本电脑 一级能效"},
		{"product.name_zh", "示例笔记本电脑 能效等级：1级"},
		{"product.model", "CE-2024"},
		{"product.model", "UL3000"},
		{"product.model", "TUV100"},
		// "Demo Module, CE", accepted here until session 51, is a bare mark: TestSession51_BareMarks refuses it
		{"product.name", "Demo laptop with star-shaped keyboard light"},
		{"product.name", "Demo green-frame module"},
		{"product.name_zh", "示例绿色边框组件"},
		{"product.name", "LONGi Hi-MO 6 LR5-54HTH-430M"},
		{"product.name", "Trina Vertex S+ TSM-NEG9R.28"},
		{"product.name", "Lenovo ThinkPad X1 Carbon Gen 12"},
		{"product.name", "Dell Latitude 7450 laptop"},
		{"product.name_zh", "隆基Hi-MO 6 单晶硅光伏组件"},
		{"product.name_zh", "京东方27英寸显示器"},
		{"product.name", "Jinko Tiger Neo N-type 72HL4-BDV 580W"},
		{"product.name", "Apple MacBook Air 13-inch (M3, 2024)"},
		{"product.name", "HP EliteBook 840 G11 Notebook PC"},
		{"product.name_zh", "晶澳 DeepBlue 4.0 Pro 组件【182mm】"},
		{"product.model", "ST-CE300"},
		{"product.name", "Demo monitor, 100% sRGB, 2x HDMI"},
		{"product.name_zh", "示例笔记本 电池续航提升30%"},
	})
}

// Red team 85: brackets and marks inside the words ("cert[i]fied",
// "认(证)", "碳（中）和", "c.e.r.t.i.f.i.e.d") and look-alike letters that
// NFKC leaves and no other check reads (the IPA ɑ, the dotless ı, and
// Cyrillic letters in a text with no Latin letter, which
// access.CheckPrintsAsItReads does not refuse: "示例组件 75 Т СО2Е").
func TestRedteam85_BracketsAndLookAlikesInsideWords(t *testing.T) {
	checkClaimCases(t, "a claim with its words broken or in look-alike letters", []claimCase{
		{"product.name", "Demo Module cert[i]fied"},
		{"product.name", "Demo Module c(e)rtified"},
		{"product.name", "Demo Module c.e.r.t.i.f.i.e.d"},
		{"product.name", "Demo Module carbon-neut(r)al"},
		{"product.name_zh", "示例组件 已认(证)"},
		{"product.name_zh", "示例组件 碳（中）和"},
		{"product.name_zh", "示例组件 碳【中】和"},
		{"product.name_zh", "示例组件 低碳「认证」"},
		{"product.name", "Demo Module cɑrbon neutrɑl"},
		{"product.name", "Demo Module certıfıed"},
		{"product.name_zh", "示例组件 75 Т СО2Е"},
	}, []claimCase{
		{"product.name", "Demo Module (54 cells) [M10]"},
		{"product.name_zh", "示例单晶硅光伏组件(54片M10电池,108半片)"},
		{"product.name", "Demo a-Si thin-film module"},
		{"product.name_zh", "示例组件【双玻】"},
	})
}

// Ensure red team 85's refusals name the field and explain why, Chinese
// first ("中文。English").
func TestRedteam85_RefusalsAreBilingual(t *testing.T) {
	for _, c := range []claimCase{
		{"product.manufacturer", "国家认证低碳示范工厂有限公司"},
		{"not_applicable[0].reason", "组件已通过IEC 61215认证，无需使用阶段维护"},
		{"product.name_zh", "示例组件 碳排仅为同类产品的70%"},
		{"product.name", "Demo Module -30% CO2"},
		{"product.name", "Demo Module CE marked"},
		{"product.name_zh", "示例组件 中国环境标志"},
	} {
		err := checkPrintableText(t, c.field, c.text)
		msg := footprint.ErrorMessage(err)
		zh, en, ok := strings.Cut(msg, "。")
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != c.field || !ok || !strings.Contains(zh, c.field) || !strings.Contains(en, c.field+" may not") {
			t.Errorf("%s %q: %v; want a refusal naming %s, Chinese first (\"中文。English\")", c.field, c.text, err, c.field)
		}
	}
}

package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Red team 84: texts a certificate prints under its certified figure that
// state another certification of the product ("Carbon Trust certified",
// "certified by CQC", "EPD registered", "已认证", "认证产品"), an
// endorsement by a public body ("成都市生态环境局推荐"), a comparison with
// other products ("30 % lower than industry average", "比行业平均低30%") were
// accepted by
// CheckPrintable, at application and at issue: a reader takes each for the
// certification's word. Ensure each is refused naming its field, and that
// the honest neighbours (authentication an electronic product performs, a
// certified material, a comparison of no product, a certification body's
// own name as the manufacturer) are accepted.
func TestRedteam84_OtherCertificationsEndorsementsComparisons(t *testing.T) {
	checkClaimCases(t, "another certification, an endorsement or a comparison under the certified figure", []claimCase{
		// another scheme or body certifying, verifying or registering the product
		{"product.name", "Demo Module Carbon Trust certified"},
		{"product.name", "Demo Module TÜV certified"},
		{"product.name", "Demo Module certified by CQC"},
		{"product.name", "Demo Module EPD registered"},
		{"product.name", "Demo Module (ISO 14067 compliant)"},
		{"product.name", "Demo Module Climate Declaration"},
		{"product.name", "Demo Module certified"},
		{"product.name", "Demo Module c e r t i f i e d"},
		{"product.name", "Demo Module ＣＥＲＴＩＦＩＥＤ"},
		{"product.name", "Demo Module Carbon Labelled"},
		{"product.name", "Demo Module audited by SGS"},
		{"product.name_zh", "示例组件 认证产品"},
		{"product.name_zh", "示例组件 已认证"},
		{"product.name_zh", "示例组件 CQC认证"},
		{"product.name_zh", "示例组件 经中国质量认证中心认证"},
		{"product.name_zh", "示例组件 已認證"},
		{"product.name_zh", "示例组件 已 认 证"},
		{"product.name_zh", "示例组件 CNAS认可"},
		{"product.name_zh", "示例组件 环境产品声明"},
		{"product.model", "DEMO-M10-54 CERTIFIED"},
		{"product.model", "DEMO-M10-54 认证款"},
		// an endorsement by a public body, or a listing
		{"product.name_zh", "示例组件 成都市生态环境局推荐"},
		{"product.name_zh", "示例组件（成都市生态环境局推薦）"},
		{"product.name_zh", "示例组件 政府推荐产品"},
		{"product.name_zh", "示例组件 入选绿色产品目录"},
		{"product.name_zh", "示例组件 列入成都市绿色低碳产品名录"},
		{"product.name", "Demo Module recommended by the Chengdu Ecology and Environment Bureau"},
		{"product.name", "Demo Module government-approved"},
		{"not_applicable[0].reason", "经市生态环境局认定，无需运输"},
		// a comparison with other products, or a rank among them
		{"product.name", "Demo Module 30 % lower than industry average"},
		{"product.name", "Demo Module, 30% below average"},
		{"product.name", "Demo Module greener than conventional modules"},
		{"product.name", "Demo Module industry-leading"},
		{"product.name", "Demo Module best in class"},
		{"product.name_zh", "示例组件 比行业平均低30%"},
		{"product.name_zh", "示例组件 碳足迹比行业平均低30%"},
		{"product.name_zh", "示例组件 较同类产品减少30%"},
		{"product.name_zh", "示例组件 低于行业平均水平"},
		{"product.name_zh", "示例组件 行業平均以下"},
		{"product.name_zh", "示例组件 低於同類產品"},
		{"product.name_zh", "示例组件 行业领先"},
		{"product.name_zh", "示例组件 行業領先"},
		{"product.name_zh", "示例组件 同类最低"},
		{"product.name_zh", "示例组件 比行业平均低３０％"},
		{"not_applicable[0].reason", "运输排放低于行业平均，可忽略"},
		{"product.manufacturer", "示例光伏有限公司（碳足迹比行业平均低30%）"},
	}, []claimCase{
		{"product.name_zh", "示例组件"},
		{"product.name", "Demo Module"},
		{"product.name_zh", "示例指纹认证笔记本电脑"},
		{"product.name_zh", "示例人脸认证显示器"},
		{"product.name", "Demo laptop with fingerprint authentication"},
		{"product.name", "Demo module, certified aluminium frame"},
		{"product.name", "PV module with low-carbon certified aluminium (ASI)"},
		{"product.name_zh", "示例显示器 高对比度 低蓝光"},
		{"product.name_zh", "示例组件 比常规组件更轻"},
		{"product.name", "Demo laptop, 8 h battery under typical use"},
		{"product.name", "Demo monitor, standby <0.5 W"},
		{"product.name", "Demo 13-inch laptop computer"},
		{"product.name", "Demo mono-Si PV module, 54 M10 cells (108 half-cells)"},
		{"product.name_zh", "示例单晶硅光伏组件(54片M10电池,108半片)"},
		{"product.manufacturer", "Demo Sun & Power Co."},
		{"product.manufacturer", "中国质量认证中心"},
		{"product.manufacturer", "Industry Leading Solar Co., Ltd."},
		{"product.site", "成都市高新区推广路1号"},
		{"not_applicable[0].reason", "no ABS or PC factor in the reference factor set (gap); screened with the average-plastics factor"},
		{"product.model", "DEMO-M10-54"},
		// red team 83 stores and issues these; its layout 8 escapes them
		{"product.model", "DEMO<svg/onload=location='//ev.il'>"},
		{"product.name_zh", "丼業朠獲挽砠潮敲牯爽瑯灛恣潮獯汥恝孠汯杠嵠景牧怠示例单晶硅光伏组件(54片M10电池,108半片)"},
		{"product.model", "EPD-750 (7.5-inch e-paper display)"},
	})
}

// The refusals are bilingual, Chinese first, and name what was refused.
func TestRedteam84_RefusalsAreBilingual(t *testing.T) {
	for _, c := range []claimCase{
		{"product.name", "Demo Module Carbon Trust certified"},
		{"product.name_zh", "示例组件 成都市生态环境局推荐"},
		{"product.name_zh", "示例组件 比行业平均低30%"},
	} {
		err := checkPrintableText(t, c.field, c.text)
		msg := footprint.ErrorMessage(err)
		zh, en, ok := strings.Cut(msg, "。")
		if footprint.ErrorField(err) != c.field || !ok || !strings.Contains(zh, c.field) || !strings.Contains(en, c.field+" may not") {
			t.Errorf("%s %q: %v; want a refusal naming %s, Chinese first (\"中文。English\")", c.field, c.text, err, c.field)
		}
	}
}

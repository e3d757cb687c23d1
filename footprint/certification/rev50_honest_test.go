package certification_test

import "testing"

// Reviewer 50: honest product and company texts, as manufacturers of PV
// modules and electronics in Sichuan and elsewhere write them, after red
// team 85's patterns. Ensure each is accepted: a false refusal turns an
// honest applicant away with a message about a claim it did not make.
func TestReviewer50_HonestTexts(t *testing.T) {
	checkClaimCases(t, "", nil, []claimCase{
		// product names, Chinese
		{"product.name_zh", "单晶硅光伏组件 550W"},
		{"product.name_zh", "N型TOPCon双面双玻光伏组件"},
		{"product.name_zh", "异质结（HJT）光伏组件 700W"},
		{"product.name_zh", "PERC单晶半片组件 182mm 72片"},
		{"product.name_zh", "碲化镉薄膜太阳能电池组件"},
		{"product.name_zh", "组串式光伏逆变器 110kW"},
		{"product.name_zh", "储能锂电池模组（磷酸铁锂）"},
		{"product.name_zh", "笔记本电脑 14英寸 轻薄本"},
		{"product.name_zh", "液晶显示器 27英寸 4K"},
		{"product.name_zh", "智能手机（5G版）"},
		{"product.name_zh", "印制电路板组件（PCBA）"},
		{"product.name_zh", "标准型光伏支架"},
		{"product.name_zh", "一级能效变频空调"},
		{"product.name_zh", "光伏接线盒（IP68）"},
		{"product.name_zh", "碳纤维自行车车架"},
		{"product.name_zh", "碳化硅功率模块"},
		{"product.name_zh", "常规组件背板"},
		{"product.name_zh", "市场版 智能电表"},
		{"product.name_zh", "一般用途电线电缆"},
		// product names, English
		{"product.name", "Monocrystalline PV module 550 W"},
		{"product.name", "Bifacial dual-glass N-type TOPCon module"},
		{"product.name", "Hi-MO 6 Explorer"},
		{"product.name", "Tiger Neo N-type 72HL4-BDV"},
		{"product.name", "Vertex S+ module"},
		{"product.name", "String inverter 110 kW"},
		{"product.name", "LiFePO4 battery pack 5 kWh"},
		{"product.name", "ThinkPad X1 Carbon Gen 12"},
		{"product.name", "27-inch 4K monitor"},
		{"product.name", "USB-C charger 65 W GaN"},
		{"product.name", "Standard junction box IP68"},
		{"product.name", "Carbon brush for DC motor"},
		{"product.name", "Printed circuit board assembly, 8 layers"},
		{"product.name", "Industrial Ethernet switch, 24 ports"},
		{"product.name", "Average-current LED driver 40 W"},
		{"product.name", "Silicon carbide MOSFET 1200 V"},
		// models
		{"product.model", "LR5-72HGD-580M"},
		{"product.model", "JKM575N-72HL4-BDV"},
		{"product.model", "TSM-DE21-665"},
		{"product.model", "CS7N-660MB-AG"},
		{"product.model", "SUN2000-110KTL-M2"},
		{"product.model", "SG125CX-P2"},
		{"product.model", "ABC-2024-123456"},
		{"product.model", "TN-CE-550"},
		{"product.model", "UL-4500"},
		// manufacturers and sites
		{"product.manufacturer", "通威太阳能（成都）有限公司"},
		{"product.manufacturer", "成都天府新区光伏产业有限公司"},
		{"product.manufacturer", "四川永祥股份有限公司"},
		{"product.manufacturer", "东方电气集团东方汽轮机有限公司"},
		{"product.manufacturer", "京东方科技集团股份有限公司"},
		{"product.manufacturer", "英特尔产品（成都）有限公司"},
		{"product.manufacturer", "富士康精密电子（成都）有限公司"},
		{"product.manufacturer", "四川长虹电器股份有限公司"},
		{"product.manufacturer", "天合光能股份有限公司"},
		{"product.manufacturer", "JA Solar Technology Co., Ltd."},
		{"product.manufacturer", "Canadian Solar Inc."},
		{"product.manufacturer", "Intel Products (Chengdu) Ltd."},
		{"product.manufacturer", "Tongwei Solar (Chengdu) Co., Ltd."},
		{"product.manufacturer", "Sichuan Changhong Electric Co., Ltd."},
		{"product.manufacturer", "Recommended Power Systems Inc."},
		{"product.manufacturer", "UL Solutions (Guangzhou) Co., Ltd."},
		{"product.site", "四川省成都市双流区西南航空港经济开发区物联大道8号"},
		{"product.site", "成都高新区合作路888号"},
		{"product.site", "成都市新津区五津街道希望路1号"},
		{"product.site", "四川省眉山市甘眉工业园区"},
		{"product.site", "四川省乐山市五通桥区竹根镇"},
		{"product.site", "No. 8 Wulian Avenue, Shuangliu District, Chengdu, Sichuan"},
		{"product.site", "Chengdu Hi-tech Zone, West Park"},
		{"product.site", "成都市郫都区德源街道（国家级成都高新技术产业开发区西区）"},
		{"product.site", "成都市龙泉驿区经济技术开发区车城东七路"},
		// not-applicable reasons
		{"not_applicable[0].reason", "组件无使用阶段能耗，使用阶段不适用"},
		{"not_applicable[0].reason", "no packaging: shipped in returnable racks"},
		{"not_applicable[0].reason", "无包装：采用可循环周转架运输"},
		{"not_applicable[0].reason", "Passive product: no energy is used in the use stage"},
		{"not_applicable[0].reason", "报告范围为从摇篮到大门，不含使用和废弃阶段"},
		{"not_applicable[0].reason", "Cradle-to-gate study: end of life is outside the system boundary"},
		{"not_applicable[0].reason", "按照行业惯例，安装阶段由用户负责，不在本研究范围内"},
		{"not_applicable[0].reason", "Installation is done by the customer's certified installer and is outside the boundary"},
		{"not_applicable[0].reason", "原料由同一园区企业通过管道输送，无入厂运输"},
		{"not_applicable[0].reason", "产品在厂内组装后直接交付，无分销阶段"},
		{"not_applicable[0].reason", "Delivered at the factory gate (EXW); distribution is the buyer's"},
		{"not_applicable[0].reason", "依据GB/T 24067-2024，使用阶段不产生直接排放"},
		{"not_applicable[0].reason", "The average lifetime use is zero: the product consumes no energy"},
		{"not_applicable[0].reason", "End of life: taken back under the WEEE scheme by the distributor"},
	})
}

// Reviewer 50: red team 84's comparison read "less" inside a word
// ("wireless", "stainless", "brushless", "fanless") within 24 characters
// of "industry", "market", "average" or "conventional"; red team 85's
// reduction read "排放量少于1%" (less than 1 %, a cut-off criterion, as
// ISO 14067 and GB/T 24067 let a study leave out a process) as a
// reduction by a share; and a comparison below the industry level read
// "行业平均值，以下同" (the industry average, and so below) as "below the
// industry average". Ensure the comparisons and reductions are still
// refused and these honest names and reasons accepted.
func TestReviewer50_ComparativeWordsInsideWords(t *testing.T) {
	checkClaimCases(t, "a comparison with other products or a reduction", []claimCase{
		{"product.name", "Demo module, 30% less than industry average"},
		{"product.name", "Demo module, lower CO2 than conventional modules"},
		{"product.name", "Demo module: less carbon than typical"},
		{"product.name", "Demo module, below average"},
		{"product.name", "Typical less"},
		{"product.manufacturer", "Demo Solar (lower than industry average)"},
		{"not_applicable[0].reason", "本产品碳排放减少30%"},
		{"not_applicable[0].reason", "碳排放少30%"},
		{"not_applicable[0].reason", "排放降低了三成"},
		{"not_applicable[0].reason", "排放少了一半"},
		{"product.name_zh", "示例组件 碳排放在行业平均水平以下"},
		{"product.name_zh", "示例组件（行业平均以下）"},
	}, []claimCase{
		{"product.name", "Wireless router, industry grade"},
		{"product.name", "Stainless steel clamp for conventional framed modules"},
		{"product.name", "Brushless DC motor for industry fans"},
		{"product.name", "Cordless drill, industry series"},
		{"product.name", "Fanless box PC for industry automation"},
		{"product.name", "Seamless steel tube, market grade"},
		{"product.name", "Tubeless tyre, average size"},
		{"product.name", "Typical wireless sensor"},
		{"product.manufacturer", "Wireless Industry Co., Ltd."},
		{"product.manufacturer", "Stainless Industry (Chengdu) Co., Ltd."},
		{"not_applicable[0].reason", "该阶段排放量少于总量的1%，按截断准则不计"},
		{"not_applicable[0].reason", "运输排放少于1%，按截断规则忽略"},
		{"not_applicable[0].reason", "按GB/T 24067的截断准则，排放量少于1%的过程不计"},
		{"not_applicable[0].reason", "运输采用行业平均值，以下同"},
	})
}

// Reviewer 50: red team 84's endorsement pattern read, in a not-applicable
// reason, who does a stage's work as the customer or the grid operator
// asks ("as recommended by the customer", "客户指定供应商"), and a recycler
// a public body designates ("市生态环境局指定的单位回收"), as an
// endorsement of the product. Ensure these reasons are accepted, as red
// team 85 accepted a certified recycler, and an endorsement of the product
// in a reason, or in a product's names, is still refused.
func TestReviewer50_EndorsementWordsInReasons(t *testing.T) {
	checkClaimCases(t, "an endorsement of the product", []claimCase{
		{"not_applicable[0].reason", "本产品由市生态环境局推荐，无使用阶段"},
		{"not_applicable[0].reason", "Product recommended by the Ministry; no use stage"},
		{"not_applicable[0].reason", "No packaging; the module is government-approved"},
		{"not_applicable[0].reason", "本产品入选绿色产品目录，无包装"},
		{"product.name", "Demo module, as recommended by the customer"},
		{"product.name_zh", "客户指定供应商 示例组件"},
	}, []claimCase{
		{"not_applicable[0].reason", "No packaging: shipped unpackaged, as recommended by the customer"},
		{"not_applicable[0].reason", "Installation is carried out by the customer, as approved by the grid operator"},
		{"not_applicable[0].reason", "分销运输由客户指定供应商负责，不在本研究范围内"},
		{"not_applicable[0].reason", "报废组件由市生态环境局指定的单位回收，不在本研究边界内"},
		{"not_applicable[0].reason", "废旧组件交由指定的回收企业拆解，不在研究边界内"},
	})
}

package certification_test

// rivalClaims are comparisons of the product with others, by a
// comparative word, a ratio or a reduction (red team 85, reviewers 50
// and 51, session 51, session 52).
var rivalClaims = []claimGroup{
	// Red team 85: a comparison without a comparative word, as a ratio to
	// other products or a reduction with no baseline named ("仅为同类产品的70%",
	// "half the CO2 of a standard module", "-30% CO2"). Ensure each is refused
	// naming its field, and honest ratios of the product itself accepted.
	{"Redteam85_RatiosWithoutAComparativeWord", "a comparison with other products", []claimCase{
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
	}},
	// Session 51: a comparison of the product's carbon with a named company
	// or brand holds no generic baseline word, and was accepted ("lower
	// carbon than LONGi Hi-MO", "beats Jinko's footprint",
	// "比隆基组件碳足迹低20%"). Ensure a comparative construction tied to a
	// carbon or emission word is refused whatever it compares with; and that
	// comparisons of other properties, carbon as a material or a name, and a
	// reason comparing a stage with the product's own total or a cut-off stay
	// accepted.
	{"Session51_NamedCompetitorComparisons", "a comparison with another product", []claimCase{
		{"product.name", "Demo Module, lower carbon than LONGi Hi-MO"},
		{"product.name", "Demo Module, lower-carbon than LONGi"},
		{"product.name", "Demo Module, beats Jinko's footprint"},
		{"product.name", "Demo Module, beats Jinko on carbon"},
		{"product.name", "Demo Module, outperforms LONGi in CO2"},
		{"product.name", "Demo Module, less CO2 than Jinko Tiger Neo"},
		{"product.name", "Demo Module, fewer emissions than Jinko"},
		{"product.name", "Demo Module, a smaller carbon footprint than Trina Vertex"},
		{"product.name", "Demo Module, carbon footprint 20% lower than Jinko"},
		{"product.name", "Demo Module, lower than LONGi's footprint"},
		{"product.name", "Demo Module, footprint below LONGi's"},
		{"product.name", "Demo Module CO2 vs LONGi"},
		{"product.name", "Demo Module, greener than Trina"},
		{"product.name_zh", "示例组件 比隆基组件碳足迹低20%"},
		{"product.name_zh", "示例组件 碳足迹比隆基低"},
		{"product.name_zh", "示例组件 比隆基更低碳"},
		{"product.name_zh", "示例组件 碳足迹低于隆基Hi-MO 6"},
		{"product.name_zh", "示例组件 低于晶科的碳排放"},
		{"product.name_zh", "示例组件 碳排放胜过晶科"},
		{"product.name_zh", "示例组件 击败晶科碳足迹"},
		{"product.name_zh", "示例组件 比上一代碳足迹低"},
		{"product.model", "DEMO-M10 LOWER CO2 THAN LONGI"},
		{"not_applicable[0].reason", "运输排放比隆基低，可忽略"},
	}, []claimCase{
		{"product.name_zh", "示例组件 比上代功耗低20%"},
		{"product.name_zh", "示例组件 比常规组件轻20%"},
		{"product.name_zh", "碳化硅MOSFET比硅器件损耗低"},
		{"product.name_zh", "碳纤维车架比铝合金车架轻30%"},
		{"product.name_zh", "示例组件 功率比上代高5%"},
		{"product.name_zh", "示例显示器 对比度1000:1 比上代更好"},
		{"product.name", "Demo bike, weighs less than a carbon frame"},
		{"product.name", "Lenovo ThinkPad X1 Carbon Gen 12, better than Gen 11"},
		{"product.name", "Beats Studio Pro headphones, low-CO2 packaging"},
		{"product.name", "Demo monitor, contrast better than 1000:1"},
		{"product.name", "Demo cleaner robot, quieter than the X100"},
		{"product.manufacturer", "Cleaner Energy Co., Ltd."},
		{"not_applicable[0].reason", "排放量少于1%的过程不计"},
		{"not_applicable[0].reason", "运输排放低于总量的1%，按截断规则不计"},
		{"not_applicable[0].reason", "运输排放比生产排放小得多，可忽略"},
		{"not_applicable[0].reason", "包装排放占比很小，按截断规则不计"},
		{"not_applicable[0].reason", "包装排放占比小于1%，按截断规则不计"},
		{"not_applicable[0].reason", "Transport emissions are below the 1 % cut-off"},
		{"not_applicable[0].reason", "Transport emissions are less than 1% of the total"},
		{"not_applicable[0].reason", "Use-stage emissions under the grid factor are negligible"},
		{"not_applicable[0].reason", "Emissions are lower than the cut-off criterion"},
		{"not_applicable[0].reason", "emissions smaller than the product's total by far, below the threshold"},
		{"not_applicable[0].reason", "The module uses less energy than it generates; no use-stage emissions"},
	}},
	// Reviewer 51: rivalHonestRe left out "比" or "低于" followed by any text
	// that began with a stage word (生产, 使用, 材料, 包装) or a total (全部,
	// 本产品), so a comparison with a named competitor written after one
	// ("碳足迹比生产组件的隆基低", "碳足迹低于本产品竞争对手隆基") passed the
	// check; and a reason comparing transport with the product's own
	// production stage with 小于 ("运输排放远小于生产阶段排放") was refused as a
	// comparison. Ensure the first are refused naming their field and the
	// second accepted, with the honest reasons of session 51 still accepted.
	{"Reviewer51_CompetitorAfterAStageWord", "a comparison of carbon with a named competitor", []claimCase{
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
	}},
	// Reviewer 50: red team 84's comparison read "less" inside a word
	// ("wireless", "stainless", "brushless", "fanless") within 24 characters
	// of "industry", "market", "average" or "conventional"; red team 85's
	// reduction read "排放量少于1%" (less than 1 %, a cut-off criterion, as
	// ISO 14067 and GB/T 24067 let a study leave out a process) as a
	// reduction by a share; and a comparison below the industry level read
	// "行业平均值，以下同" (the industry average, and so below) as "below the
	// industry average". Ensure the comparisons and reductions are still
	// refused and these honest names and reasons accepted.
	{"Reviewer50_ComparativeWordsInsideWords", "a comparison with other products or a reduction", []claimCase{
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
	}},
	// Session 52: a comparison with another product that names no property
	// compared: "比隆基组件低20%" was accepted, in the form of the honest
	// "比上代功耗低20%", which names what it compares (power use). Under a
	// certified footprint what a comparison leaves unnamed is the footprint,
	// whatever the product is compared with (its own earlier model too, as
	// session 51 chose for "比上一代碳足迹低"). Ensure each is refused naming
	// its field, in Chinese and English, by a comparative, a share, "vs."
	// and a percentage in words; and that comparisons naming a property
	// (before or after the comparison) stay accepted.
	{"Session52_ComparisonsNamingNoProperty", "a comparison with another product", []claimCase{
		{"product.name_zh", "示例组件 比隆基组件低20%"},
		{"product.name_zh", "示例组件 比隆基低20%"},
		{"product.name_zh", "示例组件 比上代低20%"},
		{"product.name_zh", "示例组件 比上一代低20%"},
		{"product.name_zh", "示例组件 比隆基低"},
		{"product.name_zh", "示例组件 比隆基组件低２０％"},
		{"product.name_zh", "示例组件 比隆基組件低20%"},
		{"product.name_zh", "示例组件 比 LONGi 低 20%"},
		{"product.name_zh", "示例组件 比晶科低两成"},
		{"product.name_zh", "示例组件 比隆基组件低百分之二十"},
		{"product.name_zh", "示例组件 较隆基减少20%"},
		{"product.name_zh", "示例组件 較晶科減少20%"},
		{"product.name_zh", "示例组件 相比隆基组件降低20%"},
		{"product.name_zh", "示例组件 相较于晶科降低两成"},
		{"product.name_zh", "示例组件 与隆基相比低20%"},
		{"product.name_zh", "示例组件 仅为隆基组件的70%"},
		{"product.name", "Demo Module, 20% lower than LONGi"},
		{"product.name", "Demo Module, 20% lower than LONGi's"},
		{"product.name", "Demo Module 20％ lower than LONGi"},
		{"product.name", "Demo Module, 20 % less than Jinko"},
		{"product.name", "Demo Module, twenty percent lower than LONGi"},
		{"product.name", "Demo Module, twenty per cent less than Jinko"},
		{"product.name", "Demo Module, 20 percent lower vs Trina"},
		{"product.name", "Demo Module, 20% lower than the previous model"},
		{"product.name", "Demo Module vs. LONGi: -20%"},
		{"product.name", "Demo Module (-20% vs LONGi)"},
		{"product.name", "Demo Module, -20% vs. Jinko"},
		{"product.name", "Demo Module, beats LONGi by 20%"},
		{"product.name", "Demo Module, outperforms Trina by 20%"},
		{"product.model", "DEMO-M10 20% LOWER THAN LONGI"},
		{"not_applicable[0].reason", "运输排放比隆基低20%，可忽略"},
		{"product.manufacturer", "示例光伏有限公司（比隆基低20%）"},
		{"product.site", "成都 比隆基低20%"},
	}, []claimCase{
		{"product.name_zh", "示例组件 比上代功耗低20%"},
		{"product.name_zh", "示例组件 功耗比上代低20%"},
		{"product.name_zh", "示例组件 比上代轻20%"},
		{"product.name_zh", "示例组件 比上代重量减少20%"},
		{"product.name_zh", "示例组件 衰减比上代低0.2个百分点"},
		{"product.name_zh", "示例逆变器 比上代体积小30%"},
		{"product.name_zh", "示例显示器 比上代亮度提高20%"},
		{"product.name_zh", "示例显示器 待机功耗比上代降低30%"},
		{"product.name_zh", "示例组件 价格比上代低10%"},
		{"product.name_zh", "示例组件 首年衰减不到1%"},
		{"product.name_zh", "示例组件 双面率约为正面的80%"},
		{"product.name_zh", "示例笔记本 比上代续航提升20%"},
		{"product.name", "Demo laptop, 20% lighter than Gen 11"},
		{"product.name", "Demo laptop, standby power 30% lower than Gen 11"},
		{"product.name", "Demo monitor, price 20% lower than the X100"},
		{"product.name", "Demo module, degradation 0.4% lower than Gen 1"},
		{"product.name", "Demo laptop, -20% weight vs Gen 11"},
		{"product.name", "Demo module, LID less than 1% vs. initial"},
		{"product.name", "Beats Studio Pro headphones"},
		{"not_applicable[0].reason", "运输距离比上一批次减少20%"},
		{"not_applicable[0].reason", "使用阶段能耗比生产阶段低得多"},
	}},
	// Session 52: the footprint as a share of a named competitor's: "carbon
	// footprint less than 50% of LONGi" and "碳足迹仅为隆基的一半" were
	// accepted, as red team 85's ratios read only generic baselines (同类,
	// standard). Ensure each is refused naming its field, and that a stage's
	// share of the product's own total, as a not-applicable reason states a
	// cut-off, stays accepted.
	{"Session52_ShareOfACompetitorsFootprint", "a comparison of carbon with another product", []claimCase{
		{"product.name", "Demo Module, carbon footprint less than 50% of LONGi"},
		{"product.name", "Demo Module, footprint half of LONGi's"},
		{"product.name", "Demo Module, half the footprint of LONGi Hi-MO 6"},
		{"product.name", "Demo Module, CO2 only 50% of LONGi's"},
		{"product.name", "Demo Module, emissions a third of Jinko's"},
		{"product.name_zh", "示例组件 碳足迹仅为隆基的一半"},
		{"product.name_zh", "示例组件 碳足迹不到隆基的50%"},
		{"product.name_zh", "示例组件 碳排放只有晶科组件的三分之二"},
		{"product.manufacturer", "示例光伏（碳足迹仅为隆基的一半）"},
		{"not_applicable[0].reason", "运输排放仅为隆基的一半"},
	}, []claimCase{
		{"not_applicable[0].reason", "运输排放为总排放的0.5%，按截断规则不计"},
		{"not_applicable[0].reason", "运输排放仅占总量的0.3%"},
		{"not_applicable[0].reason", "运输排放不足总排放的1%"},
		{"not_applicable[0].reason", "Transport emissions are 0.5% of the total"},
		{"not_applicable[0].reason", "Transport emissions: 0.5 % of the product's total, below the cut-off"},
		{"not_applicable[0].reason", "Transport emissions are less than 1% of the total"},
		{"product.name", "Demo module, bifaciality 80% of front side"},
	}},
}

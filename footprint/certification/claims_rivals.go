package certification

import (
	"unicode"
	"unicode/utf8"
)

// Session 51: a comparison of the product's carbon with a named company or
// brand ("比隆基组件碳足迹低20%", "lower carbon than LONGi Hi-MO", "beats
// Jinko's footprint") holds none of compareRe's baseline words (industry,
// average, 行业, 同类 …), and was accepted. No list of competitors can be
// closed, so rivalRe reads the construction rather than the name: a
// comparative (lower, less, smaller, fewer, better, greener, cleaner,
// beats, outperforms; 比…低, 低于, 优于, 胜过, 超越) tied to a word of carbon
// or emissions, whatever it is compared with. This certificate certifies
// this product's footprint and compares nothing, so a comparison with the
// product's own earlier model reads the same ("比上一代碳足迹低20%"), as a
// reduction share does (ratioRe). Greener and cleaner than anything are
// comparisons of what a carbon certificate states. A comparison of
// another property ("比上代功耗低20%", "lighter than a carbon frame",
// "碳化硅器件比硅器件损耗低") names no carbon, and a not-applicable reason
// comparing a stage with the product's own total or a cut-off
// ("运输排放低于总量的1%", "emissions below the 1 % cut-off",
// "运输排放比生产排放小得多") is a reason, and 占比, 比例, 对比度 are no
// comparison (rivalHonestRe).
var (
	rivalRe = mustPattern(
		// English: a comparative and a carbon word, then than, versus, compared with
		`(^|[^a-z])(lower|less|smaller|fewer|reduced|better|greener|cleaner)[\s-]*(` + rivalCarbonEn + `|carbon)[^.;]{0,16}[^a-z](than|vs|versus|compared|relative)($|[^a-z])` +
			// a carbon word, then a comparative and than ("carbon footprint 20% lower than Jinko")
			`|` + rivalCarbonEn + `[^.;]{0,24}[^a-z](lower|less|smaller|fewer|better|greener|cleaner)[\s-]*(than|vs|versus|compared)($|[^a-z])` +
			// a comparative, than and a carbon word ("lower than LONGi's footprint", "less than Jinko's carbon")
			`|(^|[^a-z])(lower|less|smaller|fewer|better|greener|cleaner)[\s-]*than[^.;]{1,24}(` + rivalCarbonEn + `|('s|’s|s')[\s-]*carbon)` +
			// a carbon word below another's, or versus it ("footprint below LONGi's", "CO2 vs LONGi")
			`|` + rivalCarbonEn + `[^.;]{0,12}[^a-z](below|vs|versus)[\s.]+[a-z]` +
			// beats another on carbon ("beats Jinko's footprint", "outperforms LONGi in CO2")
			`|(^|[^a-z])(beats?|beating|outperforms?|outperforming|undercuts?|outdoes|outshines?)\s+[^.;,]{1,24}('s|’s|s'|\s(on|in|for))[\s-]*(` + rivalCarbonEn + `|carbon)` +
			`|(^|[^a-z])(greener|cleaner)[\s-]*than($|[^a-z])` +
			// Chinese: 比 another, with a carbon word before, between or as 低碳 after
			`|` + rivalCarbonHan + `[^。；]{0,12}比[^。；]{1,16}(低|少|小|优|好|减|降)` +
			`|比[^。；]{1,16}` + rivalCarbonHan + `[^。；]{0,6}(低|少|小|优|好|减|降)` +
			`|比[^。；，,]{1,16}更?(低|少)碳` +
			// 低于, 优于 another, or beating it, with a carbon word
			`|` + rivalCarbonHan + `[^。；]{0,8}(低|少|小|优)于|(低|少|小|优)于[^。；]{1,16}` + rivalCarbonHan +
			`|` + rivalCarbonHan + `[^。；]{0,8}(胜过|胜于|超越|超过|击败|打败|碾压|领先)|(胜过|胜于|超越|击败|打败|碾压)[^。；]{1,16}` + rivalCarbonHan +
			// session 52: a share of another's ("碳足迹仅为隆基的一半", "carbon footprint less than 50% of LONGi",
			// "half the footprint of LONGi"), not of the product's own total (rivalHonestRe)
			`|` + rivalCarbonHan + `[^。；，,]{0,15}[^。；，,\s]的\s*(` + hanShare + `|一半|半数)` +
			`|` + rivalCarbonEn + `[^.;]{0,24}[^a-z0-9](` + enShare + `)\s*(of|that\s+of)\s+[a-z0-9]` +
			`|(^|[^a-z0-9])(` + enShare + `)\s*(of\s+)?(the\s+|its\s+)?` + rivalCarbonEn + `\s+of\s+[a-z0-9]`)
	// rivalHonestRe are the phrases left out before rivalRe reads a text:
	// a share or a cut-off below which a stage is left out, and a stage
	// compared with the product's own stages or total, which a
	// not-applicable reason states (reviewer 50: "排放量少于1%的过程不计").
	rivalHonestRe = mustPattern(`占比|比例|比重|比率|比值|对比度|比功率|功率比` +
		// session 52: 比 beginning a name or a word (比亚迪 BYD, 比克 BAK, 比利时 Belgium, 比如, 比热, 比表面积)
		`|比亚迪|比克|比利时|比特|比如|比热|比表面|比赛` +
		`|(低|少|小)于\s*(` + rivalOwnHan + `|截断|取舍|阈值|[0-9.]|百分之|千分之|[一二三四五六七八九十]+(成|个百分点))` +
		`|比\s*` + rivalOwnHan +
		`|(less|lower|smaller|fewer|below|under)[\s-]*(than[\s-]*)?(the[\s-]*|a[\s-]*|its[\s-]*|our[\s-]*|any[\s-]*)?([0-9]|one[\s-]*(per|in)|half[\s-]*(a|one)[\s-]*per|half[\s-]*(of[\s-]*)?(the[\s-]*|its[\s-]*)?(cut[\s-]*off|threshold|total)|cut[\s-]*off|threshold|total|rest|remainder|criteri|per[\s-]*cent|percent|product'?s[\s-]*(total|own)|other[\s-]*stages|production|manufactur` +
		// session 52: the product itself, and a number in words ("less than the module's rated power", "fewer than one")
		`|(product|module|study|device)('s|’s|s'|s)?($|[^a-z])|` + enWord + `($|[^a-z]))` +
		// session 52: a share of the product's own total ("运输排放为总排放的0.5%", "0.5 % of the total")
		`|(为|是|占|仅为|仅占|约为|约占|只有|不到|不足|相当于)\s*` + rivalOwnHan +
		`|(of|that\s+of)\s+(the\s+|its\s+|our\s+|this\s+)?((product|module|study)('s|’s|s'|s)?\s+)?(total|overall|whole|rest|remainder|own|life[\s-]*cycle|cut[\s-]*off|threshold|production|manufactur|other[\s-]*stages)`)
	// bareCompareRe, in any text: the product compared with another by a
	// share or as lower, with no word of what is compared ("比隆基组件低20%",
	// "较晶科减少两成", "20% lower than LONGi", "vs. LONGi: -20%", "beats
	// LONGi by 20%"). Under a certified footprint the figure compared is the
	// footprint, as in rivalRe, whatever the product is compared with (its
	// own earlier model too: "比上代低20%"). A comparison naming another
	// property within a few characters ("比上代功耗低20%", "功耗比上代低20%",
	// "price 20% lower than"; propertyRe) names what it compares, and is
	// no claim of this certificate (session 52).
	bareCompareRe = mustPattern(`(比|较|相比|相较|对比)于?[^。；，,]{1,16}?(更|还|要)?(低|少|减少|降低|下降|减|降|节省|好|优|环保|绿色|清洁)了?(约|近|超过|达)?\s*(` + hanShare + `|一半|半数|` + hanPoints + `)` +
		`|(比|较|相比|相较)于?[^较。；，,][^。；，,]{0,15}?(更|还|要)?(低|少)了?($|[，,。；;！!])|比[^。；，,]{1,16}?(更|还|要)?(环保|绿色|清洁|洁净)` +
		`|(低|少|优)于[^。；，,]{1,16}?(约|近|超过|达)?\s*(` + hanShare + `|` + hanPoints + `)|(胜过|胜于|超越|领先)[^。；，,]{1,16}?(约|近|达)?\s*(` + hanShare + `|` + hanPoints + `)` +
		`|(与|和|跟|同)[^。；，,]{1,16}(相比|相较|比较|对比)[^。；，,]{0,4}?(低|少|减少|降低|下降|减|降)了?(约|近|超过|达)?\s*(` + hanShare + `|一半|半数)` +
		`|(仅为|仅是|只有|不到|不足)[^。；，,]{1,16}的\s*(` + hanShare + `|一半|半数)` +
		`|(^|[^a-z0-9.,])(` + enShare + `|[0-9]+\s*x|` + enWord + `[\s-]*(times|fold))\s*(lower|less|fewer|reduced|down|better)\s*(than|vs|versus|compared)($|[^a-z])|(^|[^a-z0-9.,])(` + enShare + `)\s*(below|under)\s+[a-z\p{Han}]` +
		`|(^|[,;:(（]\s*)(lower|less|fewer)\s+than\s+[^\s.,;0-9]` +
		`|(^|[^a-z])(only|just|merely|less\s+than|under|below|not\s+even)\s+(` + enShare + `)\s+(of|that\s+of)\s+[a-z\p{Han}]` +
		`|[-−–—]\s*[0-9]+([.,][0-9]+)?\s*%\s*(vs|versus|compared|relative)($|[^a-z])` +
		`|(^|[^a-z])(vs\.?|versus|compared\s+(to|with)|relative\s+to)[^.;]{1,24}[-−–—]\s*[0-9]+([.,][0-9]+)?\s*%` +
		`|(^|[^a-z])(beats?|beating|outperforms?|outperforming|undercuts?|outdoes|outshines?)\s+[^.;,]{1,24}\s+by\s+(` + enShare + `)`)
	// propertyRe is what a comparison of bareCompareRe may name as compared:
	// a property of the product other than its footprint.
	propertyRe = mustPattern(`率|功耗|能耗|耗电|电耗|耗能|用电|功率|损耗|重量|质量|自重|体积|厚度|尺寸|高度|长度|宽度|面积|自放电|故障|热斑|隐裂|缺陷|杂质|价格|成本|售价|费用|电费|噪音|噪声|温度|温升|电压|电流|电阻|阻抗|内阻|衰减|衰退|老化|故障率|不良率|失效率|返修率|延迟|时延|延时|辐射|蓝光|亮度|反射|热阻|漏电|纹波|误差|待机|风阻|水耗|耗水|用水|油耗|距离|运距|里程|时间|周期` +
		`|性能|效率|续航|速度|亮度|对比度` +
		`|(^|[^a-z])(power|energy|consumption|loss(es)?|weight|mass|price|cost|noise|temperature|voltage|current|resistance|impedance|degradation|latency|standby|size|volume|thickness|heat|glare|reflection|leakage|ripple|error|distance|time|efficiency|performance|contrast|brightness|speed|battery|lid|letid|pid|output|capacity|initial|rated|nominal|front[\s-]*side` +
		`|w|kw|watts?|v|volts?|amps?|kg|grams?|kilograms?|mm|cm|inch(es)?|hours?|minutes?|seconds?|db|hz|mah|wh|kwh)($|[^a-z])`)
)

// hanPoints is a difference in percentage points, in figures or words.
const hanPoints = `[0-9.]+\s*个?百分点|[一二三四五六七八九十百]+个?百分点`

// enShare is a share in English: a percentage in figures or words.
const enShare = `[0-9]+([.,][0-9]+)?\s*(%|percent|per[\s-]*cent)|[0-9]+\s*/\s*[0-9]+|` + enNumber + `[\s-]*(percent|per[\s-]*cent)|half|a[\s-]*third|a[\s-]*quarter|two[\s-]*thirds|one[\s-]*(half|third|quarter)`

// bareCompare reports whether one of forms, rivalHonestRe's and
// gradeHonestRe's phrases left out, holds a comparison of bareCompareRe
// that names no property (propertyRe) right before it (four Chinese
// characters, or twenty others: "standby power 30% lower than") or after
// it (twelve Chinese characters, or twenty-four others).
func bareCompare(forms []string) bool {
	for _, f := range forms {
		if !bareCompareRe.MatchString(f) {
			continue
		}
		f = rivalHonestRe.ReplaceAllString(gradeHonestRe.ReplaceAllString(f, " "), " ")
		for _, m := range bareCompareRe.re.FindAllStringIndex(f, -1) {
			start, end := m[0], m[1]
			for budget := 20; budget > 0 && start > 0; budget-- {
				r, size := utf8.DecodeLastRuneInString(f[:start])
				start -= size
				if unicode.Is(unicode.Han, r) {
					budget -= 4
				}
			}
			for budget := 24; budget > 0 && end < len(f); budget-- {
				r, size := utf8.DecodeRuneInString(f[end:])
				end += size
				if unicode.Is(unicode.Han, r) {
					budget--
				}
			}
			if !propertyRe.MatchString(f[start:end]) {
				return true
			}
		}
	}
	return false
}

// rivalOwnHan is what a stage is compared with in rivalHonestRe: this
// product's own stage, total or the rest of it, optionally with its
// emissions, and then the text ends or goes on as a comparison does (小,
// 低, 得多, a comma), never as a name does. Reviewer 51: an object
// read as any text beginning with a stage word let "碳足迹比生产组件的隆基低"
// ("比使用隆基电池的组件低", "比材料商隆基低", "低于本产品竞争对手隆基")
// past rivalRe, and "运输排放远小于生产阶段排放" was refused.
const rivalOwnHan = `(本产品|该产品|产品)?的?(生产|制造|原料|原材料|材料|使用|运输|包装|其余|其他|其它|总量|总排放|总碳足迹|总|全部|整体|本产品)` +
	`(阶段|环节|过程)?的?(碳排放量?|排放量?|碳足迹|总量)?($|[小低少远要还都得多的，,。；;、\s（(])`

// The carbon words a comparison of rivalRe holds. Bare "carbon" is a
// material ("carbon frame") or a name ("X1 Carbon") unless a comparative
// stands right before it ("lower carbon") or an owner's 's ("LONGi's
// carbon"); bare 碳 is carbon fibre or silicon carbide (碳纤维, 碳化硅).
const (
	rivalCarbonEn  = `(co2|emissions?|ghg|footprints?|pcf|greenhouse[\s-]*gas(es)?|carbon[\s-]*(footprint|emissions?|intensity|dioxide|output|impact))`
	rivalCarbonHan = `(碳(足迹|排放?|强度|足印|脚印|当量)|二氧化碳|温室气体|排放|低碳)`
)

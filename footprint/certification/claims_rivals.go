package certification

import (
	"slices"
	"strings"
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
			// (session 56, cl56b: 不及 another, short of it; not 不及时, 不及格)
			`|` + rivalCarbonHan + `[^。；]{0,8}((低|少|小|优)于|不及[^时格])|((低|少|小|优)于[^。；]|不及[^时格。；])[^。；]{0,15}` + rivalCarbonHan +
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
		`|((低|少|小)于|不及)\s*(` + rivalOwnHan + `\s*(` + hanShare + `|一半|半数)?|(截断|取舍|阈值)(标准|规则|值)?的?\s*(` + hanShare + `)?|[0-9.]|百分之|千分之|[一二三四五六七八九十]+(成|个百分点))` +
		`|比\s*` + rivalOwnHan +
		`|(less|lower|smaller|fewer|below|under)[\s-]*(than[\s-]*)?(the[\s-]*|a[\s-]*|its[\s-]*|our[\s-]*|any[\s-]*)?([0-9]|one[\s-]*(per|in)|half[\s-]*(a|one)[\s-]*per|half[\s-]*(of[\s-]*)?(the[\s-]*|its[\s-]*)?(cut[\s-]*off|threshold|total)|cut[\s-]*off|threshold|total|rest|remainder|criteri|per[\s-]*cent|percent|product'?s[\s-]*(total|own)|other[\s-]*stages|production|manufactur` +
		// session 52: the product itself, and a number in words ("less than the module's rated power", "fewer than one")
		`|(product|module|study|device)('s|’s|s'|s)?($|[^a-z])|` + enWord + `($|[^a-z]))` +
		// session 52: a share of the product's own total ("运输排放为总排放的0.5%", "0.5 % of the total")
		`|(为|是|占|仅为|仅占|约为|约占|只有|不到|不足|相当于)\s*` + rivalOwnHan + `\s*(` + hanShare + `|一半|半数)?` +
		// session 53: the share of the product's own total or emissions, standing alone ("覆盖总量的 4.5 %",
		// "取舍项占产品排放的 4.7 %")
		`|(总量|总排放量?|总碳足迹|(本产品|该产品|产品)的?(碳排放量?|排放量?|碳足迹))的\s*(` + hanShare + `|一半|半数)` +
		// session 53: a part's share of a whole (composition: "再生铝占铝材的30%"); an emission word beside
		// the share is still read (emissionShareRe: "碳排放仅占隆基的一半")
		`|占[^，,。；;\s的]{1,8}的` +
		// session 53: a bound or a tolerance, which no emission share is ("<1%", "不到1%", "±3%")
		`|([<≤＜±]|\+/-|不到|不足)\s*[0-9]` +
		// reviewer 53: a size in metres or centimetres ("2.382 x 1.134 m"), which is no ratio (ratioTimes)
		`|(^|[^a-z0-9.,])[0-9]+([.,][0-9]+)?\s*(mm|cm|m)?(\s*[x*]\s*[0-9]+([.,][0-9]+)?\s*(mm|cm|m)?)*\s*[x*]\s*[0-9]+([.,][0-9]+)?\s*(mm|cm|m)($|[^a-z0-9])` +
		`|((` + enShare + `)\s*)?(of|that\s+of)\s+(the\s+|its\s+|our\s+|this\s+)?((product|module|study)('s|’s|s'|s)?\s+)?(total|overall|whole|rest|remainder|own|life[\s-]*cycle|cut[\s-]*off|threshold|production|manufactur|other[\s-]*stages)` +
		// session 53: the product's own emissions or footprint ("4.6 % of the product's emissions", "81.7 % of the
		// footprint"), not another's ("50% of the footprint of LONGi")
		`|((` + enShare + `)\s*)?(of|that\s+of)\s+(the\s+|its\s+|our\s+|this\s+)((product|module|study)('s|’s|s')\s+)?(emissions?|footprint|carbon[\s-]*footprint)(\s*$|\s*[^a-z\s]|\s+([a-np-z]|o[a-eg-z]))`)
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
		`|(^|[^a-z0-9.,])(` + enShare + `|[0-9]+\s*x|` + enWord + `[\s-]*(times|fold))\s*(lower|less|fewer|reduced|down|better)\s*(than|vs|versus|compared)($|[^a-z])|(^|[^a-z0-9.,])(` + enShare + `)\s*(below|under)\s+[a-z\p{Han}]` +
		`|(^|[,;:(（]\s*)(lower|less|fewer)\s+than\s+[^\s.,;0-9]` +
		`|(^|[^a-z])(beats?|beating|outperforms?|outperforming|undercuts?|outdoes|outshines?)\s+[^.;,]{1,24}\s+by\s+(` + enShare + `)`)
	// shareCompareRe, as bareCompareRe: a share of another or a ratio to
	// it with no comparative word ("80% of LONGi", "隆基的80%", "LONGi x0.8",
	// "0.8x LONGi", "隆基的0.8倍"), and a signed share beside it ("LONGi +20%",
	// "LONGi -20%", "(-20% vs LONGi)"): session 52 read them only after
	// "only", "不到" and the like ("only 70% of LONGi's", "仅为隆基组件的70%")
	// or beside "vs" ("-20% vs. Jinko"), and "80% of LONGi", "隆基的80%",
	// "LONGi +20%" were accepted (session 53). A share that names a property
	// ("80% of initial power", "双面率约为正面的80%", "温度系数 -0.35%") names what
	// it is of (propertyNamed). Each form is a pattern of its own, so that
	// each is run only on a text holding what it needs (pattern.needs).
	shareCompareRes = []*pattern{
		mustPattern(`(^|[^a-z0-9.,])(` + enShare + `)\s*(of|that\s+of)\s+[a-z\p{Han}]`),
		mustPattern(`的\s*(` + hanShare + `|一半|半数|` + hanTimes + `|[0-9]+\s*[/⁄]\s*[0-9]+)`), // session 55: a fraction ("隆基的½", NFKC's 1⁄2)
		signedShareRe,
		mustPattern(ratioTimes),
		possessiveShareRe, hanWholeTimesRe, // session 54
		hanHalfRe, hanCutRe, hanCopulaShareRe, halfOwnerRe, // session 55
		halvedThanRe, halfOfRe, // session 56
	}
	// halvedThanRe is a comparison with 比 or 较 whose share is a word of
	// halving ("比隆基减半", "较隆基砍半"; 減半 is 减半 once simplified), and
	// halfOfRe half of another in the classical form ("一半于隆基",
	// "碳足迹半于隆基"): session 56.
	halvedThanRe = mustPattern(`(比|较|相比|相较)于?[^。；，,]{1,16}?(减半|砍半|腰斩|对折)`)
	halfOfRe     = mustPattern(`(一半|半数|二分之一|(^|[^大多过太折减砍])半)\s*于\s*[\p{Han}a-z]`)
	// signedShareRe is shareCompareRes' signed share ("LONGi -20%"), which a
	// rate per degree ("-0.29%/°C", a temperature coefficient) or a
	// tolerance's upper bound ("0/+3%", "0~+3%") is not (signedRateOrBound;
	// reviewer 53: each was refused as a comparison). A rate per year is
	// left to a property word ("-0.4%/yr degradation"): "LONGi -20%/yr" is one.
	// Session 54: in per mille too ("LONGi -20‰"), and not after a share, where
	// the dash joins a range ("5%–95% RH").
	// Session 56: an arrow is a sign ("LONGi ↓30%").
	signedShareRe = mustPattern(`(^|[^0-9.,%‰‱])([+\-‐−–—↓↑⬇⬆▼▲]|(^|[^a-z])(minus|plus|less)\s)\s*[0-9]+([.,][0-9]+)?\s*` + shareUnit +
		// session 55: in words ("LONGi minus twenty percent")
		`|((^|[^a-z])(minus|plus|less)\s+|(^|[^0-9.,%‰‱])[+\-‐−–—]\s*)` + enNumber + `[\s-]*(percent|per[\s-]*cent)`)
	rateAfterRe   = mustPattern(`^\s*/\s*(°\s*c|k)($|[^a-z])`)
	boundBeforeRe = mustPattern(`[0-9]\s*(%\s*)?(/|~|～|to)\s*$`)
	// propertyRe is what a comparison of bareCompareRe may name as compared:
	// a property of the product other than its footprint.
	propertyRe = mustPattern(propertyHan + `|(^|[^a-z])(` + propertyEn + `|` + unitEn + `)($|[^a-z])`)
	// propertyEndRe is a property ending the text before a comparison, the
	// subject of it ("功耗比上代低20%", "standby power 30% lower than", "正公差0~+3%"),
	// and propertyCopulaRe one before a copula in the clause ("双面率约为正面的80%"):
	// a property elsewhere in a name is the name's ("低功耗组件 比隆基低20%" compares
	// the module; session 52 read a property anywhere within a few characters).
	propertyEndRe       = mustPattern(`(` + propertyHan + `|(^|[^a-z])(` + propertyEn + `)s?)` + propertyEndTail)
	propertyEndJoinedRe = mustPattern(`(` + propertyHan + `|(` + propertyEn + `)s?)` + propertyEndTail)
	propertyJoinedRe    = mustPattern(propertyHan + `|` + propertyEn)
	propertyCopulaRe    = mustPattern(`(` + propertyHan + `)[^\s，,。；;：:]{0,8}?(为|是|相当于|只有|达到|达|保持|占)[^\s，,。；;]{0,8}$`)
	// emissionShareRe, in any text: an emission word and a share or a
	// multiplier in one clause, either first ("CO2 x0.5", "0.5x CO2",
	// "emissions 50%", "碳排放仅隆基一半", "50% 二氧化碳"): the product's
	// emissions as a ratio to something, which this certificate does not
	// certify (session 53; ratioRe reads the ratios with a word of less or a
	// baseline). A stage's share of the product's own total, a cut-off and a
	// tolerance are left out first (rivalHonestRe).
	emissionShareRe = mustPattern(`(` + hanEmission + `|(^|[^a-z])(emissions?|ghg|footprints?|pcf|carbon[\s-]*(footprint|emissions?|dioxide|intensity|output)))[^.;。；，,]{0,16}?(` + emShare + `)` +
		`|(` + emShare + `)[^.;。；，,]{0,16}?(` + hanEmission + `|(^|[^a-z])(emissions?|ghg|footprints?|pcf)($|[^a-z])|carbon[\s-]*(footprint|emissions?|dioxide|intensity|output))`)
)

// The property words of propertyRe, in Chinese and English. Session 53: a
// tolerance and its coefficient ("温度系数 -0.35%", "0/+3% tolerance"), the
// parts and content a share is of ("30% of cells", "PA66+30% GF"), a
// cut-off a share is of ("5 % 截断限值"), and the comparatives that name
// their property ("2.5x faster"). No word of a supplier or a material
// ("材料", "recycled"): "比材料商隆基低" compares with a supplier.
const (
	propertyHan = `率|功耗|能耗|耗电|电耗|耗能|用电|功率|损耗|重量|质量|自重|总重|体积|厚度|尺寸|高度|长度|宽度|面积|自放电|故障|热斑|隐裂|缺陷|杂质|价格|成本|售价|费用|电费|噪音|噪声|温度|温升|电压|电流|电阻|阻抗|内阻|衰减|衰退|老化|故障率|不良率|失效率|返修率|延迟|时延|延时|辐射|蓝光|亮度|反射|热阻|漏电|纹波|误差|待机|风阻|水耗|耗水|用水|油耗|距离|运距|里程|时间|周期` +
		`|性能|效率|续航|速度|亮度|对比度|系数|公差|偏差|精度|含量|初始|额定|标称|电池片|边框|玻璃|玻纤|镜头|变焦|截断|取舍|阈值|限值`
	propertyEn = `talc|minerals?|fillers?|filled|power|energy|consumption|loss(es)?|weight|mass|price|cost|noise|temperature|voltage|current|resistance|impedance|degradation|latency|standby|size|volume|thickness|heat|glare|reflection|leakage|ripple|error|distance|time|efficiency|performance|contrast|brightness|speed|battery|lid|letid|pid|output|capacity|initial|rated|nominal|front[\s-]*side` +
		`|coefficient|tolerance|accuracy|precision|ppm|cells?|wafers?|frame|glass|gf|fib(re|er)|panels?|content|zoom|lens|camera|cut[\s-]*off|threshold|limit` +
		`|faster|quicker|slower|lighter|heavier|thinner|thicker|brighter|quieter|louder|stronger|longer|shorter|bigger|larger`
	// unitEn are units of measure, a property within a comparison or after it ("less than 5 W"), not
	// before it: "400W 比隆基低20%" names the module's power class, and compares the module.
	unitEn = `w|kw|watts?|v|volts?|amps?|kg|grams?|kilograms?|mm|cm|inch(es)?|hours?|minutes?|seconds?|db|hz|mah|wh|kwh`
)

// emShare is a share or a multiplier, of emissionShareRe.
// A number in it stands apart from letters and digits before it: the
// compact form joins "CO2 (%s)" as "co2%s", whose 2 is CO2's.
const emShare = `(^|[^a-z0-9.,])([0-9]+([.,][0-9]+)?\s*(` + shareUnit + `|成)|[0-9]+\s*[/⁄]\s*[0-9]+)` +
	`|[一二三四五六七八九十两半壹贰叁肆伍陆柒捌玖拾]+成|[一二三四五六七八九十百]+分之[一二三四五六七八九十]+|一半|半数|half|a[\s-]*third|a[\s-]*quarter|two[\s-]*thirds|` + anyTimes +
	// session 56: a discount's words (八折, 七五折, 对折: 80 %, 75 %, half), and a fraction in words (four fifths)
	`|[一二三四五六七八九两]{1,2}折|对折|` + enFraction

// propertyEndTail is what may stand between a property and the comparison
// it is the subject of: a number, a sign, a copula or a negation ("功率不低于").
const propertyEndTail = `[\s:：=~/0-9.,±+\-]*(要|还|都|均|也|的|不|is|are|was|were)?[\s:：=~/0-9.,±+\-]*$`

// hanPoints is a difference in percentage points, in figures or words.
const hanPoints = `[0-9.]+\s*个?百分点|[一二三四五六七八九十百]+个?百分点`

// ratioTimes is a ratio written as a multiplier of less or more than a
// whole ("x0.5", "×0.8", "0.8x", "0.5 times", "x1/2", "0.8倍"); a whole
// number is a count ("2x HDMI", "HDMI×2"). anyTimes is a multiplier of
// either kind, which beside an emission word is a ratio of emissions
// ("CO2 x2", "emissions 2x"). hanTimes is one in Chinese (0.8倍, 八成 is
// hanShare's).
const (
	ratioTimes = `(^|[^a-z0-9.,])x\s*([0-9]+[.,]|\.)[0-9]+|x([0-9]+[.,]|\.)[0-9]+|[×*]\s*([0-9]+[.,]|\.)[0-9]+|(^|[^a-z0-9.,])[x×*]\s*[0-9]+\s*[/⁄]\s*[0-9]+` +
		`|(^|[^0-9.,])([0-9]+[.,]|\.)[0-9]+\s*((x|×|times|fold)($|[^a-z0-9])|[×✕✖⨯⨉]\s*[a-z\p{Han}])|([0-9]+[.,]|\.)[0-9]+\s*倍|[零〇一二两三四五六七八九十]+点[零〇一二三四五六七八九]+倍` +
		// session 54: a share multiplied ("LONGi x 80%", "80% x LONGi", "隆基乘80%")
		`|((^|[^a-z])x|[×*✕✖⨯⨉])\s*[0-9]+([.,][0-9]+)?\s*` + shareUnit + `|[0-9]+([.,][0-9]+)?\s*[%‰‱]\s*[x×*✕✖⨯⨉]\s+[a-z\p{Han}]|乘以?\s*[0-9]+([.,][0-9]+)?\s*[%‰‱]` +
		// session 55: a division ("LONGi ÷ 2", "隆基÷2")
		`|÷\s*[0-9]`
	anyTimes = ratioTimes + `|(^|[^a-z0-9.,])[x×*]\s*[0-9]+|(^|[^0-9.,])[0-9]+\s*(x|×|times|fold)($|[^a-z0-9])|` + hanTimes
	hanTimes = `[0-9]*[.,]?[0-9]+\s*倍|[零〇一二两三四五六七八九十]+(点[零〇一二三四五六七八九]+)?倍`
)

// enShare is a share in English: a percentage in figures or words.
const enShare = `[0-9]+([.,][0-9]+)?\s*` + shareUnit + `|[0-9]+\s*/\s*[0-9]+|` + enNumber + `[\s-]*(percent|per[\s-]*cent)|half|a[\s-]*third|a[\s-]*quarter|two[\s-]*thirds|one[\s-]*(half|third|quarter)|` + enFraction

// enFraction is a fraction in words that enShare's halves, thirds and
// quarters do not spell (session 56: "four fifths of LONGi").
const enFraction = `(a|one|two|three|four|five|six|seven|eight|nine)[\s-]*(fifths?|sixths?|eighths?|tenths?|three[\s-]*quarters|quarters)`

// textForms are the forms of a text the comparison patterns read
// (claimForms' folded and compact, statusLetters' letters), and the same
// with gradeHonestRe's phrases left out (gradeOut) and rivalHonestRe's too
// (leftOut). Each is written once a text, when a pattern first needs it:
// the patterns wrote them each for itself, some ten times a text
// (session 55, BenchmarkCheckPrintable).
type textForms struct {
	forms               [3]string // an array, not a slice: kept on the stack
	grade, left         [3]string
	gradeDone, leftDone [3]bool
}

// gradeOut returns form i with gradeHonestRe's phrases left out.
func (t *textForms) gradeOut(i int) string {
	if !t.gradeDone[i] {
		t.grade[i], t.gradeDone[i] = gradeHonestRe.ReplaceAllString(t.forms[i], " "), true
	}
	return t.grade[i]
}

// leftOut returns form i with gradeHonestRe's, breakdownRe's and
// rivalHonestRe's phrases left out. A breakdown leaves its footprint word
// (breakdownWord): what follows may compare that footprint with another's
// ("the cells account for half of its footprint vs LONGi", reviewer 56d),
// as "its footprint vs LONGi" does.
func (t *textForms) leftOut(i int) string {
	if !t.leftDone[i] {
		t.left[i], t.leftDone[i] = rivalHonestRe.ReplaceAllString(breakdownOut(t.gradeOut(i)), " "), true
	}
	return t.left[i]
}

// breakdownOut returns s with each breakdown of the product's own
// footprint (breakdownRe) left out: its footprint word stands where it
// began and again where the part it names ends, at the end of the clause
// (clauseEnds, or a full stop) or where the next breakdown begins.
// Session 56 (cl56b): the word stood only where the breakdown began, and
// the part it names stood between it and a comparison that followed
// ("碳足迹一半以上来自硅料，低于隆基", "60% of its emissions come from
// cells, below LONGi's"), further than rivalRe reads from a carbon word;
// the comparison is now read as it is after "碳足迹" or "its emissions"
// alone ("碳足迹，低于隆基", "its footprint, below LONGi's"), and one
// within the part ("碳足迹一半以上来自硅料低于隆基") as one before a carbon
// word ("低于隆基 碳足迹").
func breakdownOut(s string) string {
	if !breakdownRe.MatchString(s) {
		return s
	}
	ms := breakdownRe.re.FindAllStringIndex(s, -1)
	var b strings.Builder
	prev := 0
	for k, m := range ms {
		word := breakdownWord(s[m[0]:m[1]])
		end := len(s)
		if j := strings.IndexAny(s[m[1]:], clauseEnds+".!?！？"); j >= 0 {
			end = m[1] + j
		}
		if k+1 < len(ms) && ms[k+1][0] < end {
			end = ms[k+1][0]
		}
		b.WriteString(s[prev:m[0]])
		b.WriteString(word)
		b.WriteString(s[m[1]:end])
		b.WriteString(word)
		prev = end
	}
	b.WriteString(s[prev:])
	return b.String()
}

// breakdownWord is what a breakdown of the product's own footprint leaves
// for the comparison patterns to read: its footprint, with no share.
func breakdownWord(m string) string {
	if strings.IndexFunc(m, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		return " 碳足迹 "
	}
	return " footprint "
}

// bareCompare reports whether one of forms holds a comparison of
// bareCompareRe or shareCompareRes that names no property of the product (propertyNamed),
// rivalHonestRe's and gradeHonestRe's phrases left out.
func bareCompare(t *textForms) bool {
	return unnamedMatch(t, bareCompareRe) || slices.ContainsFunc(shareCompareRes, func(re *pattern) bool { return unnamedMatch(t, re) }) ||
		unnamedMatchIn(t, 1, joinedShareRe, composition) // session 54: the folded form only
}

// emissionShare reports whether one of forms holds an emission word and
// a share in one clause (emissionShareRe) that names no other property of
// the product (propertyNamed: "CO2 laser 2.5x faster"), the same phrases
// left out.
// Session 54: CO2 beside an instrument is what it measures (instrumentMeasurand).
func emissionShare(t *textForms) bool {
	measured := textForms{forms: t.forms}
	for i, f := range t.forms {
		if m := instrumentMeasurand(f); m != f {
			measured.forms[i] = m
		}
	}
	if measured.forms != t.forms {
		t = &measured
	}
	return unnamedMatch(t, emissionShareRe)
}

// unnamedMatch reports whether one of forms, rivalHonestRe's and
// gradeHonestRe's phrases left out, holds a match of re that names no
// property (propertyNamed).
func unnamedMatch(t *textForms, re *pattern) bool {
	return unnamedMatchIn(t, len(t.forms), re, shareExcept[re])
}

// unnamedMatchIn is unnamedMatch on the first n forms, with the matches
// except reports left out too (nil: none).
func unnamedMatchIn(t *textForms, n int, re *pattern, except func(before, match, after string) bool) bool {
	for i, f := range t.forms[:n] {
		if !re.MatchString(f) {
			continue
		}
		if f = t.leftOut(i); !re.MatchString(f) {
			continue // nothing left once the honest phrases are out: the whole expression need not run (session 56)
		}
		for _, m := range re.re.FindAllStringIndex(f, -1) {
			if !propertyNamed(f[:m[0]], f[m[0]:m[1]], f[m[1]:]) && (except == nil || !except(f[:m[0]], f[m[0]:m[1]], f[m[1]:])) {
				return true
			}
		}
	}
	return false
}

// propertyNamed reports whether a comparison or a share, match, names the
// property of the product it is of (propertyRe): within itself ("比上代功耗
// 低20%"), as the subject ending the clause before it (propertyEndRe:
// "功耗比上代低20%", "standby power 30% lower than") or before a copula in
// it (propertyCopulaRe: "双面率约为正面的80%"), or in the clause after it, up
// to a bracket and within twenty-four characters, twelve of them Chinese
// ("-20% weight vs Gen 11", "80% of initial power"). Session 53: session 52
// read a property anywhere within a few characters either side, so the
// property of a name let its comparison through ("低功耗组件 比隆基低20%",
// "示例组件 比隆基低20%（低功耗）").
func propertyNamed(before, match, after string) bool {
	// a letter a match's pattern reads as its bound, before a sign or a digit, is the end of the word
	// before ("续航+20%", "glass+5%" in the compact form)
	if r, size := utf8.DecodeRuneInString(match); unicode.IsLetter(r) {
		if next, _ := utf8.DecodeRuneInString(match[size:]); !unicode.IsLetter(next) {
			before, match = before+match[:size], match[size:]
		}
	}
	if i := strings.LastIndexAny(before, clauseEnds); i >= 0 {
		_, size := utf8.DecodeRuneInString(before[i:])
		before = before[i+size:]
	}
	// the compact form joins the words ("powertolerance0/+5%", "+3%powertolerance")
	joined := !strings.Contains(before+match+after, " ")
	if end := cond(joined, propertyEndJoinedRe, propertyEndRe); end.MatchString(before) || propertyCopulaRe.MatchString(before) {
		return true
	}
	if i := strings.IndexAny(after, clauseEnds); i >= 0 {
		after = after[:i]
	}
	n := 0
	for budget := 24; budget > 0 && n < len(after); budget-- {
		r, size := utf8.DecodeRuneInString(after[n:])
		n += size
		if unicode.Is(unicode.Han, r) {
			budget--
		}
	}
	return cond(joined, propertyJoinedRe, propertyRe).MatchString(match + after[:n]) // the match may end in the property's first letter ("80% of f|ront side")
}

// signedRateOrBound reports whether a signed share of signedShareRe, match,
// with before and after it, is a rate per degree (rateAfterRe) or the
// upper bound of a range, a plus (boundBeforeRe: the character the pattern
// reads before the sign is the range's).
func signedRateOrBound(before, match, after string) bool {
	i := strings.IndexAny(match, "+-‐−–—")
	if i > 0 {
		before += match[:i]
	}
	return rateAfterRe.MatchString(after) || i >= 0 && match[i] == '+' && boundBeforeRe.MatchString(before)
}

// clauseEnds are what ends a clause or sets a bracket apart, past which
// propertyNamed reads no property.
const clauseEnds = ",;，；。、()[]（）【】"

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

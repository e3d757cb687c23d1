package certification

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Session 54: what sessions 52 and 53 left open of the comparisons, and
// their false refusals of honest datasheet text.
//
// Accepted, and read as comparisons now: a table of scores ("LONGi: 100,
// Demo: 80", "隆基：100，本产品：80", "LONGi 100 vs Demo 80": scoreboard); a
// comparative verb with its object and no share ("超越隆基", "beats LONGi":
// rivalVerbRe); a whole-number multiplier beside a name ("LONGi x2", "2x
// LONGi", "隆基×2", "隆基两倍": wholeTimes, hanWholeTimesRe); a share joined
// to a Latin name ("80%LONGi": joinedShareRe), a share against or of an
// owner ("50% vs Jinko", "50% Jinko's"), a share multiplied ("LONGi x 80%",
// ratioTimes) and a share in per mille or per ten thousand ("LONGi -20‰",
// shareUnit).
//
// Refused, and read as the datasheet text they are now: a material code and
// the share of its filler or comonomer ("EVA-28%", "PP+30%", "PC+30%PCR"),
// a tolerance written as two signed bounds ("+80%/-20%", "-20%+80%"), a range
// of shares ("5%–95% RH"), a module's degradation warranty ("1% first-year,
// -0.4%/yr": signedShareHonest) and the share an instrument measures CO2 to
// ("PM2.5/CO2 air monitor 3%", "二氧化碳传感器 3%": instrumentMeasurand).

// shareUnit is the unit of a share: percent, per mille, per ten thousand,
// in signs or words.
const shareUnit = `(%|‰|‱|percent|per[\s-]*cent|per[\s-]*mille|permille|pct($|[^a-z]))`

var (
	// possessiveShareRe, read as shareCompareRes: a share against
	// another ("50% vs Jinko", "half versus LONGi") or, in figures, of an
	// owner ("50% Jinko's"), with no "of" between ("a third party's" is no
	// share).
	// Session 56: an arrow after the share ("30%↓ vs LONGi").
	possessiveShareRe = mustPattern(`(^|[^a-z0-9.,])(` + enShare + `)\s*[↓↑⬇⬆▼▲]?\s*(vs|versus|against)($|[^a-z])` +
		`|(^|[^a-z0-9.,])[0-9]+([.,][0-9]+)?\s*` + shareUnit + `\s*[a-z\p{Han}][a-z0-9\p{Han}-]*('s|’s|s')($|[^a-z])`)
	// hanWholeTimesRe is a multiplier in Chinese with a whole number ("隆基2倍",
	// "隆基两倍", "双倍"): 倍 states a ratio, never a count (a count is 个, 块,
	// ×2), so it is a comparison unless it names its property ("10倍光学变焦",
	// "两倍续航"; propertyNamed). 倍率 is a rate (a battery's C-rate).
	hanWholeTimesRe = mustPattern(`([0-9]+|[一二两三四五六七八九十百千]+|双|翻|数|几)\s*倍($|[^率])`)
	// joinedShareRe is a share joined to the Latin word it is of
	// ("80%LONGi", "80%-LONGi"), read in the folded form only: the compact
	// form joins every share to the word after it ("80%in30min"). The word is
	// a composition or a measure unless it is a name (composition). Chinese
	// joins a share to its noun as a rule ("100%芝麻油", "20%活性物",
	// "100%原生铝型材" in the CPCD's names), so "80%隆基" is not read.
	joinedShareRe = mustPattern(`(^|[^0-9.,])[0-9]+([.,][0-9]+)?\s*(%|‰|‱|pct)-?[a-z]{2}`)
	// rivalVerbRe is a comparative verb and its object, with no share
	// ("超越隆基", "优于晶科", "beats LONGi", "outperforms Jinko", "better than
	// LONGi", "ahead of LONGi"): session 52 read them only with a share
	// ("beats LONGi by 20%", "超越隆基20%") or a carbon word (rivalRe). An
	// object that is a bound, a standard, a preposition or a name's word
	// (超越系列, "Beats Solo 4") is none (rivalVerbHonest). Not read in a
	// company's name or address: 超越科技, 领先光伏 are names.
	rivalVerbRe = mustPattern(`(` + hanRivalVerbs + `)\s*[\p{Han}a-z]` +
		`|(^|[^a-z])(` + enRivalVerbs + `)\s+[a-z0-9\p{Han}]` +
		`|(^|[^a-z])((better|superior|greener|cleaner)\s+(than|to|vs\.?|versus)|ahead\s+of|` + asGreenAs + `)\s+[a-z0-9\p{Han}]`) // session 56: "cleaner vs LONGi"
	rivalVerbPrefixRe = regexp.MustCompile(`^[^a-z\p{Han}]?(` + hanRivalVerbs + `|` + enRivalVerbs + `|(better|superior|greener|cleaner)\s+(than|to|vs\.?|versus)|ahead\s+of|` + asGreenAs + `)\s*`)
	// rivalVerbObjectHonestRe is an object that is no rival: a bound or a
	// number ("优于23%", "exceeds 25 years"), a standard or a requirement ("优于IEC标准",
	// "surpasses IEC 61215"), a preposition ("outperforms in low light"), a
	// name's word (超越系列, 超越者, 超越路), after "beats", "by" (Beats by Dre),
	// or the product's own earlier generation, which session 51 accepted with
	// no share ("Lenovo ThinkPad X1 Carbon Gen 12, better than Gen 11").
	rivalVerbObjectHonestRe = regexp.MustCompile(`^([0-9]|(iec|ul|iso|en|gb|ieee|astm|jis|din|ip[0-9]|nec|csa|tuv)($|[^a-z])|standards?|requirements?|specs?|specifications?|expectations?|(in|at|on|under|with|for|by|over|from|during|across|all|every|its|their|the\s+(standard|requirement|spec))($|[^a-z])` +
		`|标准|国标|行标|要求|规范|预期|期望|设计值|系列|者|版|号|款|型|之|路|街|道|大道|自我|自己|其|所|该|此|本` +
		// the product's own earlier generation, which session 51 accepts ("better than Gen 11")
		`|(the\s+)?(gen(eration)?\s*[0-9]|previous|predecessor|last[\s-]+gen|earlier|older|prior)|上一?代|前一?代|老款|旧款|上一?款)`)
	// scoreSeparatorRe splits a text into the entries of a table of scores.
	scoreSeparatorRe = regexp.MustCompile(`[,;，；、|/]|\s(vs\.?|versus)\s|对比|相比`)
	// scoreEntryRe is a label and a bare number: no unit after it, which
	// names the property ("LONGi: 500 W"); the label before a colon, an
	// equals sign or a space ("LONGi: 100", "隆基=100", "LONGi 100").
	scoreEntryRe = regexp.MustCompile(`^\s*(.{0,40}?[a-z\p{Han}])\s*([:：=]|\s|[(（])?\s*[(（]?\s*([0-9]+([.,][0-9]+)?\s*%?|` + hanNumber + `|` + enNumber + `)\s*[)）]?\s*$`)
	// scoreLabelHonestRe is a label of a datasheet's figure, whose number
	// is a count, a version or a parameter with its unit left out ("cells:
	// 144", "Gen: 12", "Voc: 49.6", "A4: 0"), or a stage of the study.
	scoreLabelHonestRe = regexp.MustCompile(`[0-9]|(^|[^a-z])(voc|isc|vmpp?|impp?|pmax|pmpp|ff|eff|noct|nmot|stc|ip|ik|bb|busbars?|ports?|lanes?|layers?|cores?|threads?|pins?|channels?|slots?|bays?|gen|generation|rev|revision|ver|version|v|series|model|year|batch|lot|no|qty|quantity|pcs|count|grade|class|type|size|resolution|res|refresh|fps|ppi|dpi|bits?|mppts?|strings?|phases?|poles?|zones?|stages?|sku|id|code|level|step|cycles?|hs|cn|cnpc|cpc|gtin|ean|upc|mpn|pn|part|cas|room|floor|building|unit|no\.?|lines?|rows?|pages?|bytes?|transport(ation)?|packaging|use|installation|distribution|eol|end\s+of\s+life|disposal|recycling|production|manufactur(e|ing)|raw\s+materials?|a|b|c|d)$` +
		`|(型号|批次|年份|数量|规格|等级|档位|尺寸|分辨率|版本|代|电池片|片数|主栅|栅线|层数|核心|核|线程|通道|端口|接口|串数|串|并|相数|极数|编号|序号|批号|年|级|次|个|片|块|层|路|相|循环|运输|包装|使用|安装|分销|废弃|回收|生产|制造|原材料|原料)$`)
	// wholeTimesBeforeRes and wholeTimesAfterRe, read in the text's NFKC
	// form with its case: a name and a whole-number multiplier after it
	// ("LONGi x2", "LONGi ×2", "隆基×2") or before it ("2x LONGi", "2 times
	// LONGi"); "twice" is not read ("claimed twice in").
	// A capital X joined to its number is a model's name ("ThinkPad X1",
	// "Find X5", "Nexus 5X"), and a small x joined to a Latin word a word's
	// end ("Apex3", "Max5"), not a multiplier; the multiplier after a name
	// ends its clause ("20 kWh a year × 4 years" is a product of
	// quantities).
	wholeTimesBeforeRes = []*regexp.Regexp{
		regexp.MustCompile(`(^|[^a-zA-Z0-9\p{Han}])([a-zA-Z\p{Han}][a-zA-Z0-9\p{Han}+._-]*?)(\s*[×*✕✖⨯⨉]\s*|\s+x\s*|\s+X\s+)([0-9]+)` + clauseEndRe),
		regexp.MustCompile(`(^|[^a-zA-Z0-9\p{Han}])([a-zA-Z0-9\p{Han}+._-]*?\p{Han})(x\s*)([0-9]+)` + clauseEndRe),
	}
	wholeTimesAfterRe = regexp.MustCompile(`(^|[^0-9a-zA-Z.,×*✕✖⨯⨉])([0-9]+(?:[.,][0-9]+)?\s*(x|×|\*|✕|✖|⨯|⨉|\s+times|-?fold\s)|(?i:twice|thrice)\s)\s*["'“‘(（「《]?([a-zA-Z\p{Han}][a-zA-Z0-9\p{Han}+._-]*)`)
	// timesWordRe is a word after "N times" that is no name: "100 times the
	// net quantity", "3 times more", "2 times per day".
	timesWordRe = regexp.MustCompile(`(?i)^(the|a|an|per|as|more|less|in|at|of|on|for|to|than|its|their|that|this|what|each|every|over|up|down|daily|weekly|monthly|yearly|annually|hourly|higher|lower|larger|smaller|bigger|greater|longer|shorter|faster|slower)$`)
	// countedRe is what a whole-number multiplier counts: a port, a part,
	// a kit's item or a lens's zoom ("HDMI x2", "2x USB-C", "module x2",
	// "10x optical zoom", "PCIe x16"), or a quantity ("16GB x2").
	countedRe = regexp.MustCompile(`(?i)(` + countedWords + `)(e?s)?$|^[0-9]+([.,][0-9]+)?[a-z]{0,3}$|[0-9]$|^(` + countedWords + `)`)
	// instrumentRe names an instrument or a device that measures, uses or
	// holds CO2 (a sensor, a laser, an incubator): the share beside CO2 is
	// its accuracy or setting, not the product's emissions.
	instrumentRe = mustPattern(`(^|[^a-z])(sensors?|monitors?|meters?|detectors?|analy[sz]ers?|transmitters?|controllers?|probes?|loggers?|alarms?|lasers?|incubators?|regulators?|extinguishers?|cylinders?|welders?|testers?|indicators?|transducers?)($|[^a-z])` +
		`|传感器|检测仪|监测仪|分析仪|变送器|报警器|探头|测试仪|记录仪|控制器|探测器|测量仪|检测器|激光|培养箱|灭火器|钢瓶|气瓶|减压阀|焊机|监测器|测定仪`)
	measurandRe = mustPattern(`co2|二氧化碳|carbon[\s-]*dioxide`)
)

// clauseEndRe is what may follow a multiplier that ends its clause.
const clauseEndRe = `\s*($|[,;，；)）\]】。!！?？|/])`

// The words of rivalVerbRe.
const (
	hanRivalVerbs = `超越|胜过|胜于|击败|打败|碾压|完胜|吊打|秒杀|优于|强于|好于|赶超|胜出|力压|赢过|干掉|完爆`
	enRivalVerbs  = `beats?|beating|outperform(s|ed|ing)?|outdo(es|ing)?|outdid|outshines?|outshining|outshone|surpass(es|ed|ing)?|outclass(es|ed|ing)?|trumps?|trumping|undercuts?|undercutting|outsells?|outselling`
)

// countedWords are what countedRe counts.
const countedWords = `usb|usb-?[abc]|usb[abc]|type-?[ac]|hdmi|dp|displayport|thunderbolt|tb|rj-?45|lan|ethernet|sfp\+?|qsfp|poe|vga|dvi|jack|sd|tf|sim|pcie|m\.?2|sata|nvme|dimm|sodimm|slot|lane|bay|port|cpu|gpu|xeon|epyc|ryzen|core|fan|ssd|hdd|drive|disk|ram|memory|dram|speaker|mic|microphone|camera|lens|antenna|rotor|motor|propeller|batter(y|ie)|cell|module|panel|inverter|optimi[sz]er|charger|adapter|cable|cord|connector|plug|socket|outlet|bracket|clamp|screw|bolt|nut|rail|mount|string|mppt|channel|input|output|zoom|optical|digital|telephoto|wide|macro|mimo|stream|led|lamp|bulb|key|button|pack|piece|pc|set|unit|kit|box|roll|sheet|bag|carton|pallet|sensor|display|screen|monitor|card|board|chip|processor|controller|light|valve|pump|tube|pipe|hose|wheel|tyre|tire|blade` +
	`|组件|逆变器|电池|电芯|接口|端口|内存|硬盘|风扇|摄像头|镜头|扬声器|喇叭|麦克风|支架|螺丝|螺栓|线缆|电缆|插头|插座|充电器|适配器|模块|面板|灯|套|件|个|只|片|块|条|根|台|包|盒|箱|卷|屏|卡|板|口|路|位`

// compositionRe is what a share joined to a word is of (joinedShareRe): a
// material or a filler ("30%GF", "100%PET", "80%PCR"),
// a measure ("95%RH", "3%FS", "80%DoD", "100%sRGB", "72%NTSC") or a
// property (propertyJoinedRe).
var compositionRe = regexp.MustCompile(`^(` + materialCodes + `|gf|gb|cf|mf|rh|fs|dod|soc|soh|srgb|s-rgb|ntsc|dci|dcip3|adobe|rec|bt|p3|pcr|pir|recycl|renew|virgin|new|original|el|tested|inspect|load|duty|pwm|off|more|less|cotton|wool|polyester|nylon|silk|linen|cu|al|ag|sn|ni|zn|copper|alumin|steel|silver|tin|zinc|nickel|talc|mineral|mica|filler|filled|fiber|fibre|glass|carbon|bio|pure|solid|open|closed|screen|area)`)

// materialCodes are the codes of plastics and elastomers, which a sign and
// the share of a comonomer or a filler follow ("EVA-28%": EVA of 28 % vinyl
// acetate; "PP+30%", "PA66+30%": of 30 % filler).
const materialCodes = `pp|pe|hdpe|ldpe|lldpe|pa|pa6|pa66|pa12|pa46|ppa|pc|abs|pc/abs|pbt|pet|petg|pps|pom|pvc|ps|hips|pmma|tpu|tpe|tpv|eva|poe|pvb|peek|pei|lcp|ppo|ppe|san|asa|epdm|pu|ptfe|pvdf|pes|psu|pla|pbat|pi|pcr`

var (
	materialCodeEndRe = regexp.MustCompile(`(^|[^a-z0-9])(` + materialCodes + `)$`)
	// materialCodeJoinedRe is materialCodeEndRe in the compact form, which
	// joins the code to the words before it ("demomodulepp+30%").
	materialCodeJoinedRe = regexp.MustCompile(`(` + materialCodes + `)$`)
	// tolerancePairBeforeRe, tolerancePairAfterRe: a tolerance written as two
	// signed bounds ("+80%/-20%", "+80/-20%", "-20%+80%", "+5%/-3%").
	tolerancePairBeforeRe = regexp.MustCompile(`[+\-‐−–—][0-9]+([.,][0-9]+)?\s*(%|‰|‱)?\s*/\s*$`)
	tolerancePairAfterRe  = regexp.MustCompile(`^\s*(/\s*[+\-‐−–—]?|[+\-‐−–—])\s*[0-9]`)
	// firstYearBeforeRe, firstYearAfterRe: a module's degradation warranty,
	// a first year's share and a yearly rate after it ("1% first-year,
	// -0.4%/yr", "首年-1%，此后每年-0.4%", "-0.4%/yr after year 1").
	firstYearBeforeRe = regexp.MustCompile(`((first|1st|ist)[\s-]*years?|year[\s-]*(1|one)|首年|第一年|第1年)[\s:：-]*([+\-‐−–—]?\s*[0-9]+([.,][0-9]+)?\s*(%|‰))?\s*[,;，；/]?\s*(then|thereafter|afterwards?|annual(ly)?|yearly|linear|max\.?|此后|之后|以后|后续|年均)?\s*(每年|逐年)?\s*$`)
	firstYearAfterRe  = regexp.MustCompile(`^\s*((/|per)\s*(yr|year|a|annum|年)\s*)?((after|from|in|beyond)\s*(the\s*)?)?((first|1st)[\s-]*year|year[\s-]*(1|one|2|two))`)
)

// signedShareHonest reports whether a signed share of signedShareRe, match,
// with before and after it, is no share of another product: a rate per
// degree or a tolerance's upper bound (signedRateOrBound), a material code
// joined to the share of its filler ("EVA-28%", "PP+30%"), one of a
// tolerance's two signed bounds ("+80%/-20%"), or a module's degradation
// warranty ("1% first-year, -0.4%/yr").
func signedShareHonest(before, match, after string) bool {
	if signedRateOrBound(before, match, after) {
		return true
	}
	if i := strings.IndexAny(match, "+-‐−–—"); i > 0 {
		before += match[:i]
	}
	material := cond(strings.Contains(before+match+after, " "), materialCodeEndRe, materialCodeJoinedRe)
	return material.MatchString(before) || tolerancePairBeforeRe.MatchString(before) || tolerancePairAfterRe.MatchString(after) ||
		firstYearBeforeRe.MatchString(before) || firstYearAfterRe.MatchString(after)
}

// composition reports whether a share joined to a word (joinedShareRe),
// match, with the text after it, is of a material, a filler, a measure or
// a property: the word is no name.
func composition(_, match, after string) bool {
	i := strings.IndexAny(match, "%‰‱t") // pct ends in t
	word := strings.TrimLeft(match[i+1:], "-/") + after
	if strings.HasPrefix(match[i:], "‰") || strings.HasPrefix(match[i:], "‱") {
		word = strings.TrimLeft(match[i+len("‰"):], "-/") + after
	}
	return compositionRe.MatchString(word) || propertyJoinedRe.MatchString(firstWord(word))
}

// firstWord returns the run of letters, digits and Chinese characters s
// starts with.
func firstWord(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x4e00 && r <= 0x9fff)
	}); i >= 0 {
		return s[:i]
	}
	return s
}

// rivalVerbHonest reports whether a comparative verb of rivalVerbRe, match,
// has an object that is no rival (rivalVerbObjectHonestRe), or is "beats"
// starting the text, the name of a brand ("Beats Solo 4").
func rivalVerbHonest(before, match, after string) bool {
	m := strings.TrimSpace(match)
	object := strings.TrimLeft(m[len(rivalVerbPrefixRe.FindString(m)):]+after, " ")
	if strings.HasPrefix(strings.TrimLeft(m, " ,;:("), "beat") && strings.TrimSpace(before+strings.TrimSuffix(match, m)) == "" {
		return true
	}
	return rivalVerbObjectHonestRe.MatchString(object)
}

// shareExcept are the forms of shareCompareRes with what each leaves out
// besides a property named (propertyNamed).
var shareExcept = map[*pattern]func(before, match, after string) bool{
	signedShareRe: signedShareHonest,
	joinedShareRe: composition,
	hanCutRe:      hanCutExcept, // session 55
}

// rivalVerb reports whether one of forms holds a comparative verb and its
// object (rivalVerbRe) that names no property and whose object is a rival.
func rivalVerb(t *textForms) bool {
	return unnamedMatchIn(t, len(t.forms), rivalVerbRe, rivalVerbHonest)
}

// scoreboard reports whether folded text is a table of scores: two
// entries or more of a label and a bare number ("LONGi: 100, Demo: 80",
// "隆基：100，本产品：80") whose labels are not a datasheet's
// (scoreLabelHonestRe) and name no property (propertyRe), or two entries
// either side of "vs" ("LONGi 100 vs Demo 80"), one of them such.
func scoreboard(folded string) bool {
	if !strings.ContainsAny(folded, ":：=") && !strings.Contains(folded, " vs") && !strings.Contains(folded, "versus") && !strings.Contains(folded, "对比") && !strings.Contains(folded, "相比") {
		return false
	}
	seps := scoreSeparatorRe.FindAllStringIndex(folded, -1)
	start, scores := 0, 0
	prevScore, prevNamed, prevVs := false, false, false
	for i := 0; i <= len(seps); i++ {
		end, vs := len(folded), false
		if i < len(seps) {
			end = seps[i][0]
			sep := strings.TrimSpace(folded[seps[i][0]:seps[i][1]])
			vs = strings.HasPrefix(sep, "v") || sep == "对比" || sep == "相比"
		}
		m := scoreEntryRe.FindStringSubmatch(folded[start:end])
		score, named := m != nil, false
		if score {
			label := strings.TrimSpace(m[1])
			if j := strings.LastIndexByte(label, ' '); j >= 0 {
				label = label[j+1:]
			}
			named = !scoreLabelHonestRe.MatchString(label) && !propertyRe.MatchString(label)
			if named && strings.ContainsAny(m[2], ":：=") {
				scores++
			}
			if prevVs && prevScore && (named || prevNamed) {
				return true
			}
		}
		prevScore, prevNamed, prevVs = score, named, vs
		if i < len(seps) {
			start = seps[i][1]
		}
	}
	return scores >= 2
}

// wholeTimes reports whether text, in its NFKC form with its case, holds a
// whole-number multiplier beside a name (wholeTimesBeforeRe,
// wholeTimesAfterRe) that counts no part or port (countedRe) and names no
// property (propertyNamed).
func wholeTimes(text string) bool {
	if !timesBesideDigit(text) {
		return false // most texts hold no multiplier (BenchmarkCheckPrintable)
	}
	s := norm.NFKC.String(text)
	lower := "" // lowerASCII(s), written at the first match
	for _, re := range wholeTimesBeforeRes {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if lower == "" {
				lower = lowerASCII(s)
			}
			name, n := s[m[4]:m[5]], s[m[8]:m[9]]
			if n == "86" || n == "64" || n == "32" || countedRe.MatchString(name) {
				continue // x86, x64: an instruction set
			}
			if !propertyNamed(lower[:m[4]], lower[m[4]:m[9]], lower[m[9]:]) {
				return true
			}
		}
	}
	for _, m := range wholeTimesAfterRe.FindAllStringSubmatchIndex(s, -1) {
		if lower == "" {
			lower = lowerASCII(s)
		}
		name, n := s[m[8]:m[9]], strings.TrimSpace(s[m[4]:m[5]])
		// session 55: twice, thrice or N-fold before a name, which starts with a capital or a hanzi ("twice
		// LONGi", "2-fold LONGi", a quotation mark or a bracket before it: "twice (LONGi)", reviewer 55b), not a word ("listing the next twice reads as", "2-fold leaflet")
		if r, _ := utf8.DecodeRuneInString(name); (n[0] > '9' || strings.HasSuffix(strings.ToLower(n), "fold")) && !unicode.IsUpper(r) && !unicode.Is(unicode.Han, r) {
			continue
		}
		if len(name) > 1 && (!strings.HasPrefix(n, "0") || strings.HasPrefix(n, "0.") || strings.HasPrefix(n, "0,")) && // 0xFF, 4xx: hexadecimal, a class of codes
			!countedRe.MatchString(name) && !timesWordRe.MatchString(name) && !propertyNamed(lower[:m[2]], lower[m[2]:m[9]], lower[m[9]:]) {
			return true
		}
	}
	return false
}

// timesBesideDigit reports whether text holds a sign or a word of times
// (x, ×, *, times) with a digit beside it, past spaces: every match of
// wholeTimesBeforeRes and wholeTimesAfterRe does.
func timesBesideDigit(text string) bool {
	digit := func(r rune) bool { return '0' <= r && r <= '9' || '０' <= r && r <= '９' }
	for i, r := range text {
		size := utf8.RuneLen(r)
		switch {
		case strings.ContainsRune("xX×*✕✖⨯⨉＊ｘＸⅹⅩ", r): // session 55: ⅹ, Ⅹ (Roman ten, NFKC's x and X)
		case (r == 't' || r == 'T') && len(text) >= i+5 && strings.EqualFold(text[i:i+5], "times"):
			size = 5
		case (r == 'f' || r == 'F') && len(text) >= i+4 && strings.EqualFold(text[i:i+4], "fold"):
			if before, _ := utf8.DecodeLastRuneInString(strings.TrimRight(text[:i], " -")); digit(before) {
				return true // session 55: "2-fold LONGi"
			}
			continue
		case (r == 't' || r == 'T') && (len(text) >= i+5 && strings.EqualFold(text[i:i+5], "twice") || len(text) >= i+6 && strings.EqualFold(text[i:i+6], "thrice")):
			return true // session 55: "twice LONGi" (wholeTimesAfterRe)
		default:
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(strings.TrimRight(text[:i], " "))
		after, _ := utf8.DecodeRuneInString(strings.TrimLeft(text[i+size:], " "))
		if digit(before) || digit(after) {
			return true
		}
	}
	return false
}

// lowerASCII returns s with its ASCII letters in lower case, each byte
// where it was.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// instrumentMeasurand returns form with CO2 left out of each clause that
// names an instrument or a device of CO2 (instrumentRe: "PM2.5/CO2 air
// monitor 3%", "二氧化碳传感器 3%"), where it is what the device measures or
// uses; form itself when none does.
func instrumentMeasurand(form string) string {
	if !measurandRe.MatchString(form) || !instrumentRe.MatchString(form) {
		return form
	}
	var b strings.Builder
	for len(form) > 0 {
		i := strings.IndexAny(form, ",;，；。")
		clause, rest := form, ""
		if i >= 0 {
			_, size := utf8.DecodeRuneInString(form[i:])
			clause, rest = form[:i+size], form[i+size:]
		}
		if instrumentRe.MatchString(clause) {
			clause = measurandRe.ReplaceAllString(clause, " ")
		}
		b.WriteString(clause)
		form = rest
	}
	return b.String()
}

package certification

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/internal/hannum"
)

// Claims match, in applicant text folded by claimForms, what only the
// certification states on a certificate: an emission unit (kgCO2e, tCO2e,
// CO2e, CO2-eq, kg CO2, 二氧化碳当量, 千克二氧化碳), a figure after carbon
// footprint or emissions (碳足迹, 碳排放), a number of this service's
// certificates, one in the form of any (certificateNumberRe: numberClaimRe),
// and carbon neutrality, which no footprint certifies (neutralClaimRe); and a
// figure with a mass unit in text that names carbon (carbonWordRe,
// massFigureRe: "verified at only 12 kg of CO2").
//
// Red team 18 wrote the same claims in other words, and the patterns read
// them as words, not as a list of spellings: a figure is digits, a Chinese
// numeral (七十五, financial 柒拾伍) or English number words (seventy-five)
// before a mass unit (figure); carbon is also greenhouse gas (温室气体, GHG),
// 碳排, PCF and carbon dioxide written out; an emission figure is a mass
// right after "emissions" or 排放 (emissionFigureRe), so "low-emission paint
// 20 kg" stays a name; and neutrality is any claim of a footprint of zero or
// less, or of one cancelled: negative, positive, free, offset (负碳, 无碳,
// 碳抵消).
var (
	claimRes = []*pattern{
		mustPattern(`co2[- ]?e(q|quivalent)?($|[^a-z])|co2当量|二氧化碳当量|(^|[^a-z])(kg|t|mg|ug|μg|g)( ?of)? ?(co2|二氧化碳)|(千克|公斤|吨|毫克|微克|克) ?(co2|二氧化碳)`),
		ownNumberRe,
	}
	ownNumberRe   = mustPattern(`(^|[^a-z0-9])` + strings.ToLower(CertificateNumberPrefix) + `[^a-z0-9]?[0-9]{4}`) // this service's numbers
	numberClaimRe = mustPattern(`(^|[^a-z0-9])[a-z][a-z0-9]{1,9}-[0-9]{4}-[0-9]{6,9}($|[^0-9])`)
	// Red team 84: with each i and l matching either letter (ilAlike: "CARBON-NEUTRAI" prints as neutral).
	neutralClaimRe = ilAlike(`(carbon|co2|climate)[- ]?neutral|(^|[^a-z])net[- ]?zero|zero[- ]?carbon|零碳|碳中和|净零|零排放` +
		// red team 18: stronger than neutral, or the footprint cancelled
		`|(carbon|co2|climate|ghg|emissions?)[\s_-]*(negative|positive|free)($|[^a-z])|(carbon|co2|climate|ghg|emissions?)[\s_-]*(offset|compensat)` +
		`|(^|[^a-z])net[\s_-]*negative|zero[\s_-]*(emissions?|co2)($|[^a-z])` +
		`|负碳|负排放|无碳|碳抵[消销]|碳补偿|抵[消销](碳|排放|二氧化碳|温室)` +
		// session 56: zero written otherwise ("carbon zero", "no carbon footprint", "0 CO2", "0碳", "〇碳"; not
		// 0碳水, zero carbohydrate), and the footprint brought to zero ("碳排放归零", "碳足迹清零")
		`|carbon[\s_-]*zero($|[^a-z])|(^|[^a-z])no[\s_-]*carbon[\s_-]*footprint|(^|[^0-9a-z.,])0[\s_-]*(co2|carbon)($|[^a-z0-9])` +
		`|(^|[^0-9a-z.,])[0〇]碳($|[^水化酸纤素钢])|(碳排放?量?|碳足迹|二氧化碳排放量?|排放量?)(归零|清零)`)
	// A grade or class of a product's footprint ("碳足迹A级", "carbon label grade A"; the
	// national scheme plans grading, 分级, shared/reference/standards.md): the certificate grades
	// nothing, so under it a grade reads as the certification's word, in a company's name too
	// (gradeClaimRe). Another label of the carbon label family ("低碳产品认证", "减碳标识", "Low
	// Carbon Label"; a company's name may hold the words) reads as another certification the
	// product holds (carbonSchemeRe). Both are read after gradeHonestRe's phrases are left out:
	// the energy label's grade ("一级能效"), low-carbon materials and their grades ("A级低碳钢板",
	// "Grade A low carbon steel", "low-carbon certified aluminium"); a laptop named "X1 Carbon
	// Grade A" (refurbished) names no footprint (reviewer 48).
	gradeClaimRe = mustPattern(`(` + hanCarbonSubject + `)(评价|认证)?` + gradeGap + `(` + hanGrade + `|等级|分级|评级|级别)` +
		`|(` + hanGrade + `)` + gradeGap + `(碳足迹|碳标识|碳标签|低碳(产品|标识|标志|标签|认证))` +
		`|(` + enCarbonSubject + `)` + gradeGap + `((grade|class|level|tier|rating|rated|score)` + gradeGap + enGradeToken + `|` + enGradeToken + `[\s-]*(rated|grade|class)|gold|silver|bronze|platinum)($|[^a-z0-9])` +
		`|(^|[^a-z0-9])(` + enGradeToken + `[\s-]*(rated|grade|class)|(grade|class|level|tier)[\s-]*` + enGradeToken + `)[\s-]*(carbon[\s-]*(footprint|label)|cfp|pcf|low[\s-]*carbon[\s-]*(label|product|certif))`)
	carbonSchemeRe = mustPattern(`(低碳|减碳|降碳|碳减排)(产品)?(标识|标志|标签|认证|认可)` +
		`|low[\s-]*carbon[\s-]*(product[\s-]*)?(label|mark|certif|cert($|[^a-z]))|(certified|labell?ed)[\s-]*(as[\s-]*)?low[\s-]*carbon` +
		`|(carbon|emissions?)[\s-]*reduc(tion|ed)[\s-]*(label|mark|certif)|reduced[\s-]*carbon[\s-]*(label|mark|certif)`)
	gradeHonestRe = mustPattern(`[一二三四五1-5]\s*级\s*能效|能效(等级)?\s*[:：]?\s*[一二三四五1-5]\s*级?` +
		`|(低碳|low[\s-]*carbon)[\s-]*(certified[\s-]*)?(钢|铝|铁|合金|硅|玻璃|铜|steel|alumin(i)?um|iron|alloy|polysilicon|silicon|glass|copper|wafers?)`)
	carbonWordRe = mustPattern(`co2|二氧化碳|碳足迹|碳排|温室气体|carbon[\s-]*(footprint|emission|dioxide)|greenhouse[\s-]*gas|(^|[^a-z])(ghg|pcf)s?($|[^a-z])` +
		// red team 39: carbon equivalent, ISO 14067's CFP (not a CFP2 optical module), the footprint's other names and carbon intensity
		`|碳当量|(^|[^a-z])cfps?($|[^a-z0-9])|碳(足印|脚印|强度)|隐含碳|温室效应气体|carbon[\s-]*intensity|embodied[\s-]*carbon` +
		// session 34: global warming potential (not the GWP100 of a method named in a reason)
		`|(^|[^a-z])gwps?($|[^a-z0-9])|全球(变暖|增温)潜势|global[\s-]*warming[\s-]*potential`)
	massFigureRe = mustPattern(figure)
	// A figure a few characters after the words, as written (without spaces "低碳足迹光伏组件 2代" would read as one).
	wordFigureRe = mustPattern(`碳(足迹|排放量?)[^0-9]{0,4}[0-9]|carbon[- ]?(footprint|emissions?)[^0-9]{0,8}[0-9]` +
		// red team 18: the other carbon words, and a figure in numerals, after at most a link ("碳排仅", "GHG:", "of");
		// a numeral word is a figure where it ends a word ("碳足迹七十五每块", not "碳足迹一体机" or "carbon footprint one-stop")
		// session 34: PCF as ghg ("PCF 75"); CFP only before a colon or sign ("CFP: 75", not a "CFP 100G" optical module)
		`|(温室气体|碳排放?量?|碳足迹|(^|[^a-z])(ghg|pcf)s?|(^|[^a-z])cfps?\s*[:=~≈<≤]|greenhouse[\s-]*gas(es)?|carbon[\s-]*(footprint|emissions?))` + figureLink +
		`([0-9]|` + hanNumber + `($|[^\p{Han}]|每)|` + enNumber + `($|[^a-z\s-]|\s+(per|a|each|for)\b))`)
	// An emission figure: a mass right after emissions, without naming carbon ("emissions: 75 kg/module", "排放仅75千克"),
	// or right after carbon itself (session 34: "carbon: 75 kg", "碳仅75千克"; carbon steel or 碳纤维 put a word between).
	// Session 53: or after CO2 (CO2e), which the letters reading writes from look-alikes ("匸O2 100kg", "C口2 75 kg"):
	// the loosest reading, a carbon word anywhere beside a figure anywhere, is not run on that text (checkClaimsAs).
	emissionFigureRe = mustPattern(`((^|[^a-z])(emissions?|carbon|co2(e|eq)?)|排放量?|碳)` + figureLink + figure)
	// Red team 41: a certificate status or verification result, the words the verification page, its API
	// answer and pcf verify state of a certificate ("证书状态:有效", "certificate is genuine", "valid until 2030"),
	// in any text a certificate prints; a data source verified (运输距离已验证) is no such result.
	statusClaimRe = ilAlike(`(证书|标识|标签|签名|状态)[\s:]*(为|是)?[\s:]*(真实|有效|` + hanResultWords + `)|有效(证书|标识|标签|签名)|真实有效|有效期` +
		`|(certificate|label|signature|status)[\s:,-]*(is[\s-]+)?(genuine|valid|verified)($|[^a-z])|(^|[^a-z])valid[\s-]*(until|through|till)($|[^a-z])` +
		// red team 43: the words the other way round ("Demo Co. (Valid Certificate)")
		`|(^|[^a-z])(genuine|valid|verified)[\s:,-]*(certificate|label|signature)` +
		// session 39: the other words of a status in force or a check passed ("Status: Active", "证书已生效", "认证状态：通过")
		`|(certificate|label|signature|status)[\s:,-]*(is[\s-]+)?(active|in[\s-]*effect|approved|passed)($|[^a-z])` +
		`|(证书|标识|标签|签名|认证|状态)[\s:]*(状态)?[\s:]*(为|是|已)?[\s:]*(生效|通过|合格|正常)`)
	// In a product's names and model, the verification page's words alone ("示例组件 已验证 Verified", "Valid"):
	// the page shows them in the product's row, beside its own 已验证 Verified.
	// Red team 43: also the same words in the languages whose accents the font prints, accents dropped
	// (vérifié, válido, gültig, verifiziert), and authentic.
	statusWordRe = ilAlike(hanResultWords + `|(^|[^a-z])(` + statusWords + `)($|[^a-z])|(` + hanStatusWords + `)([^\p{L}\p{N}]|$)`)
	// Red team 43: in a company's name or address (the verification page shows the manufacturer and the sites
	// since red team 41), the same words standing apart, not as words of a name: last ("Chengdu — verified
	// genuine"), or before a mark but a hyphen or an opening bracket ("Demo Co. (Verified) Ltd.", "示例组件厂（已验证）");
	// "Verified Solar Ltd.", "Genuine-Solar Co." and "Genuine (Chengdu) Co., Ltd." are names.
	partyStatusWordRe = ilAlike(`(` + hanResultWords + `|` + hanStatusWords + `)([^\p{L}\p{N}]|$)|(^|[^a-z])(` + statusWords + `)\s*([^\p{L}\p{N}\s(（\[-]|$)`)
	// Honest names that hold a claim's words: a battery's carbon negative electrode, carbonless copy paper (无碳复写纸),
	// activated carbon (活性炭, read as 活性碳) sold by mass.
	honestRe = mustPattern(`(negative|positive)[\s_-]*(electrode|pole|terminal)s?|无碳\s*(复写)?纸|activated[\s-]*carbon|活性碳`)
)

// The parts of the figure patterns.
const (
	// The parts of the grade patterns (gradeClaimRe): the footprint's names, what may stand
	// between them and a grade, and a grade (A, AAA, A+, 1, 一, 壹, Ⅰ read as i, 甲, 优, with 级, 等,
	// 档, 类 or 星).
	hanCarbonSubject = `碳足迹(标识|标签)?|碳标识|碳标签|碳排放?|碳强度|温室气体|碳足印|碳脚印|碳效|低碳(产品)?`
	hanGrade         = `([a-e]{1,3}|[1-9]|[一二三四五六七八九壹贰叁肆伍]|i{1,3}|iv|v|[甲乙丙优良])\+*\s*(级|等|档|类|星)`
	gradeGap         = `[\s:：=为是,，/(（\[【-]*`
	enCarbonSubject  = `carbon[\s,/-]*(footprint|label|emissions?|intensity)|(^|[^a-z])(cfp|pcf|ghg)`
	enGradeToken     = `([a-e]{1,3}\+*|[1-9]|i{1,3}|iv|v|one|two|three|four|five)`
	// hanNumber is a Chinese numeral, common or financial, with at least one
	// digit: the 千 of 千克 alone is no figure.
	hanNumber = `[百千万亿佰仟萬億]*[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾][零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾百千万亿佰仟萬億]*([点點][零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖]+)?`
	enWord    = `(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)`
	enNumber  = `\b` + enWord + `(([\s-]+and)?[\s-]+` + enWord + `)*\b`
	massUnit  = `(kgs?|kilo(gram(me)?)?s?|t|tonnes?|tons?|mg|ug|μg|g|gram(me)?s?|lbs?|pounds?|千克|公斤|吨|毫克|微克|克)` // red team 39: kgs, grammes, pounds; session 34: Mg (a tonne), mg; reviewer 51: μg (ug as the micro sign folds), which CheckPrintsAsItReads lets stand after a number since session 51
	// figure is a number and a mass unit; number words stand apart from
	// the unit ("ten t", not the "tent" of a name).
	figure = `(([0-9][0-9.,]*|` + hanNumber + `)[\s-]*|` + enNumber + `[\s-]+)` + massUnit + `($|[^a-z])`
	// figureLink is what may stand between a carbon word and its figure.
	figureLink = `[\s:,=~≈<≤]*((排放量?|仅为?|约为?|只有|低至|不到|为|是|值|of|is|only|just|about|at|below|under|emissions?)[\s:,=~≈<≤]*)*`
)

// The words of a verification result (red team 43).
const (
	// hanStatusWords are the page's 有效 (valid) and 真实 (genuine), refused where they end a word: the label
	// printed "型号规格 Model DEMO-M10-54 有效"; 有效面积 and 有效功率 are other words.
	hanStatusWords = `有效|真实|正品|真品`
	// hanResultWords are the page's 已验证 (verified) and its synonyms: 核验 is how a checker's result is said too
	// ("核验通过"), and 正品/真品 (genuine goods, hanStatusWords) are what a shop's genuineness check answers.
	hanResultWords = `已验证|验证通过|通过验证|已核验|核验通过|通过核验|核验有效`
	// statusWords are the English words of a verification result, and their neighbours in other languages.
	statusWords = `verified|genuine|valid|in[\s-]*force|authentic(ated)?|verifiee?s?|valide|valid[oa]s?|gultig|verificad[oa]s?|verifiziert`
)

// checkClaims returns EINVALID, naming field, for applicant text printed
// on a certificate or its label (the product's names and model, the
// manufacturer, the site, the reasons of stages not applicable, the
// serials of green-power instruments) that states a carbon figure, a
// certificate number or carbon neutrality: under the certificate's own
// number and figure it reads as a claim the certification made. A
// company's name or address (party) may hold neutrality words
// ("零碳科技有限公司"); a text in which the form of a certificate number is
// no claim (a model, a serial) is held to this service's prefix only. Nor
// may any of it state a certificate status or verification result, or a
// product's names and model the words verified, valid or genuine, which
// the verification page would show as its own (red team 41). The text is
// read as claimForms writes it.
func checkClaims(field, text string, party, number bool) error {
	return checkClaimsAs(field, text, party, number, true)
}

// checkClaimsAs is checkClaims; loose false leaves out the loosest reading,
// a carbon word anywhere beside a mass figure anywhere, for text read with
// its bars and boxes as letters (readsAsLetters): "Type-C口 2T" (a USB-C
// port, a 2 TB drive) reads "Type-CO 2T", which that reading took for a
// figure of CO2, while "C口2e" is still read as CO2e (reviewer 46).
func checkClaimsAs(field, text string, party, number, loose bool) error {
	folded, compact := claimForms(text)
	either := func(re *pattern) bool { return re.MatchString(folded) || re.MatchString(compact) }
	// session 56: a share of the footprint in a breakdown ("碳足迹约60%来自硅料") is no figure of it
	claim := loose && either(carbonWordRe) && either(massFigureRe) || wordFigureRe.MatchString(folded) && wordFigureRe.MatchString(breakdownRe.ReplaceAllString(folded, " ")) ||
		emissionFigureRe.MatchString(folded)
	res := claimRes
	if number {
		res = append(res[:len(res):len(res)], numberClaimRe)
	}
	if !party {
		res = append(res[:len(res):len(res)], neutralClaimRe)
	}
	// "cdpcf-2o26-000001" is a number as a serial key reads it (red team 26),
	// and so is "CDPCF-2〇26-〇〇〇〇〇1" or "CDPCF-二〇二六-〇〇〇〇〇一" (red team 39).
	digits := lookAlikeDigits(hanDigits.Replace(folded))
	letters := statusLetters(folded) // read by the status, endorsement and neutrality patterns alike
	if statusClaim(field, folded, compact, letters, party) {
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 不得写明证书状态或验证结果（已验证、核验通过、有效、生效、有效期、真实、正品）：这些只由验证服务说明。%s may not state a certificate status or a verification result (verified, valid, active, valid until, genuine): only the verification service states them, and a page showing the product would read them as its own (%q)",
			field, field, text)
	}
	// the forms the endorsement, comparison and grade patterns read, their honest phrases left out once (session 55)
	forms := &textForms{forms: [3]string{folded, compact, letters}}
	if err := checkEndorsements(field, text, forms, party); err != nil { // red team 84
		return err
	}
	if honest := func(re *pattern) bool {
		return re.MatchString(forms.gradeOut(0)) || re.MatchString(forms.gradeOut(1))
	}; honest(gradeClaimRe) || !party && honest(carbonSchemeRe) {
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 不得写明碳足迹等级或碳标识家族的其他认证（低碳、减碳标识）：本证书只认证碳足迹，不分等级。%s may not state a grade of the footprint or another label of the carbon label family (low-carbon, carbon reduction): this certificate certifies a footprint and grades nothing (%q)",
			field, field, text)
	}
	for _, re := range res {
		isNumber := re == numberClaimRe || re == ownNumberRe
		// red team 84: neutrality spelled letter by letter ("n e t z e r o"), as statusLetters joins it
		spelled := re == neutralClaimRe && re.MatchString(letters)
		if claim = claim || either(re) || isNumber && re.MatchString(digits) || spelled; claim {
			return footprint.FieldErrorf(footprint.EINVALID, field,
				"%s 不得写明碳足迹数值、排放单位、证书编号或碳中和类声明（负碳、无碳、碳抵消）：证书上只有认证给出的数值和编号。%s may not state a carbon figure, an emission unit, a certificate number or a claim of carbon neutrality (negative, free, offset): on a certificate only the certification states figures and numbers, and a footprint certifies no neutrality (%q)",
				field, field, text)
		}
	}
	return nil
}

// statusClaim reports whether applicant text, in claimForms' two forms and
// as statusLetters joins its letters, states a certificate status or
// verification result (statusClaimRe), or, in a product's names and model,
// holds the verification page's words (statusWordRe), or, in a company's
// name or address, holds them apart from the name (partyStatusWordRe). Red team 43 wrote them so that a
// reader still reads them and the patterns did not: letter by letter ("V a
// l i d", "V.A.L.I.D."), broken by a hyphen ("Veri-fied"), with a digit for
// a letter ("Verif1ed", "Val1d"), accented ("Vérified"), and the Chinese
// words spaced ("已 验 证"); the traditional forms are read by simplified.
func statusClaim(field, folded, compact, letters string, party bool) bool {
	forms := []string{folded, compact, letters}
	if strings.Contains(folded, "1") { // else statusLetters reads the same text
		forms = append(forms, statusLetters(strings.ReplaceAll(folded, "1", "l")))
	}
	for _, f := range forms {
		switch {
		case statusClaimRe.MatchString(f):
			return true
		case party && partyStatusWordRe.MatchString(f), !party && strings.HasPrefix(field, "product.") && statusWordRe.MatchString(f):
			return true
		}
	}
	return false
}

// statusLetters returns folded text (its accents dropped by latinBase,
// claimForms) with its Latin letters as a reader joins them: a digit 1
// between letters read as i, marks
// between letters dropped, and letters standing one by one between spaces
// or marks joined into a word.
func statusLetters(s string) string {
	isLetter := func(r byte) bool { return 'a' <= r && r <= 'z' }
	isMark := func(r byte) bool { return strings.IndexByte(" .-_'*", r) >= 0 }
	out := []byte(s)
	near := func(i, step int) int { // the nearest character past marks
		for i += step; i >= 0 && i < len(out) && isMark(out[i]); i += step {
		}
		return i
	}
	for i := range out {
		// red team 45: "VAL|D"; reviewer 46: "V A L | D", "V.A.L.|.D"
		if l, r := near(i, -1), near(i, 1); (out[i] == '1' || out[i] == '|') && l >= 0 && r < len(out) && isLetter(out[l]) && isLetter(out[r]) {
			out[i] = 'i'
		}
	}
	// A letter alone between marks, followed by marks and another letter
	// alone: "v a l i d" is "valid"; a mark between two letters of a word
	// is dropped: "veri-fied" is "verified". Session 53: a letter beside a
	// digit is in a code, not alone, and a mark between a code and a
	// letter alone stays: "400W-C-E" is the code 400W and the letters CE,
	// "400w-ce" (it was "400wce", which read as no mark).
	word := func(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' }
	alone := func(i int) bool {
		return i < len(out) && isLetter(out[i]) && (i == 0 || !word(out[i-1])) && (i+1 == len(out) || !word(out[i+1]))
	}
	var joined []byte
	for i := 0; i < len(out); i++ {
		c := out[i]
		if isMark(c) && c != ' ' && i > 0 && i+1 < len(out) && isLetter(out[i-1]) && isLetter(out[i+1]) && alone(i-1) == alone(i+1) {
			continue
		}
		if isMark(c) && len(joined) > 0 {
			j := i
			for j < len(out) && isMark(out[j]) {
				j++
			}
			if j > i && alone(j) && i > 0 && alone(i-1) {
				i = j - 1
				continue
			}
		}
		joined = append(joined, c)
	}
	return string(joined)
}

// hanDigits reads the Chinese digits, 〇 (U+3007, a circle a reader takes
// for 0) and the financial forms among them, as the digits they are, for
// the number patterns.
var hanDigits = strings.NewReplacer("〇", "0", "零", "0", "一", "1", "二", "2", "三", "3", "四", "4", "五", "5", "六", "6", "七", "7", "八", "8", "九", "9",
	// red team 43: the financial numerals, as a cheque writes them ("CDPCF-贰〇贰陆-〇〇〇〇〇壹")
	"壹", "1", "贰", "2", "叁", "3", "肆", "4", "伍", "5", "陆", "6", "柒", "7", "捌", "8", "玖", "9")

// suzhouDigits writes the Suzhou numerals (苏州码子, U+3021–3029), which the
// font prints, as the digits they are, for every pattern: a number or a
// figure written with them ("CDPCF-〢〇〢〦-〇〇〇〇〇〡", "碳足迹〧〥千克") was
// read by none (red team 45); 〡 is a stroke a reader takes for 1.
var suzhouDigits = strings.NewReplacer("〡", "1", "〢", "2", "〣", "3", "〤", "4", "〥", "5", "〦", "6", "〧", "7", "〨", "8", "〩", "9")

// lookAlikeDigits returns lower-case s with o, i and l read as the digits
// they look like where they stand beside a digit, or beside such a letter
// that does ("2o26", "oooooo1"), as the serial key reads a serial.
func lookAlikeDigits(s string) string {
	b := []byte(s)
	isDigit := func(i int) bool { return i >= 0 && i < len(b) && '0' <= b[i] && b[i] <= '9' }
	for changed := true; changed; {
		changed = false
		for i, c := range b {
			if d := strings.IndexByte("oil", c); d >= 0 && (isDigit(i-1) || isDigit(i+1)) {
				b[i], changed = "011"[d], true
			}
		}
	}
	return string(b)
}

// claimForms returns text as the claim patterns read it: in Unicode
// compatibility form (NFKC: full-width letters, ㎏ as kg, CO₂ as CO2), in
// lower case, with honest names that hold a claim's words blanked
// (honestRe), a zero read as O where it spells a word (readZeroAsO) and 乙
// as a 2 where it stands as a digit (readHanTwo);
// once as written and once without the spaces and marks put between a
// figure, its unit and its words (compact: "12 kg-CO2", "碳 中 和": red
// team 17).
func claimForms(text string) (folded, compact string) {
	folded = readZeroAsO(honestRe.ReplaceAllString(simplified.Replace(readHanTwo(suzhouDigits.Replace(latinBase(strings.ToLower(norm.NFKC.String(text)))))), " "))
	if strings.Contains(folded, "٪") { // session 55: the Arabic percent sign, which NFKC leaves ("LONGi -20٪")
		folded = strings.ReplaceAll(folded, "٪", "%")
	}
	if strings.ContainsFunc(folded, isPictograph) { // session 56: "80% 🌍 of LONGi" reads as "80% of LONGi"
		folded = strings.Map(func(r rune) rune { return cond(isPictograph(r), ' ', r) }, folded)
	}
	compact = readZeroAsO(strings.Map(func(r rune) rune {
		// red team 39: the dashes NFKC keeps ("CO‐2e"); red team 85: brackets inside a word ("cert[i]fied", "碳（中）和")
		if unicode.IsSpace(r) || strings.ContainsRune("-_.·・‐‒–—―−()[]{}【】「」『』〈〉《》〔〕〖〗", r) {
			return -1
		}
		return r
	}, folded))
	return folded, compact
}

// isPictograph reports whether r is an emoji or a pictograph (the
// pictographs and symbols blocks, 2600–27BF but the times signs ✕ ✖ ✗ ✘,
// and 1F000–1FAFF), a variation selector or a keycap, which a reader passes
// over between the words of a claim: claimForms reads each as a space.
func isPictograph(r rune) bool {
	return r >= 0x1f000 && r <= 0x1faff || r >= 0x2600 && r <= 0x27bf && (r < 0x2715 || r > 0x2718) || r >= 0xfe00 && r <= 0xfe0f || r == 0x20e3
}

// ilAlike compiles a pattern of status words with each i and l of its words
// matching either letter: the certificate font prints a capital I as a
// lower-case l, so "VaIid" and "VALlD" read as valid (red team 45). The
// patterns hold i and l in their words only, never in their syntax.
func ilAlike(expr string) *pattern {
	return mustPattern(strings.NewReplacer("i", "[il]", "l", "[il]").Replace(expr))
}

// latinBase returns lower-case s with its Latin letters written as the
// letters a reader takes them for: accents dropped (ö as o), ø as o and ð
// as d. NFKC leaves them, and Ø and Ð, which have no decomposition, print
// in the certificate font as a slashed zero and a D (red team 45: "示例组件
// CDPCF-2Ø26-ØØØØØ1" read as another certificate's number, "VALIÐ", "75 kg
// CØ2e"; any accented Latin letter, "75 kg CỌ2e" too), and the Latin small
// capitals as their letters (smallCapitals, red team 84). It returns s itself
// when it has none.
func latinBase(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool {
		return r >= 0xc0 && unicode.Is(unicode.Latin, r) || unicode.Is(unicode.Mn, r) || confusables[r] != 0
	}) {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case smallCapitals[r] != 0:
			b.WriteRune(smallCapitals[r])
		case confusables[r] != 0:
			b.WriteRune(confusables[r])
		case r == 'ø':
			b.WriteByte('o')
		case r == 'ð':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// smallCapitals are the Latin small capitals, which NFKC leaves as they
// are and a reader reads as the letters they are ("ᴄᴀʀʙᴏɴ ɴᴇᴜᴛʀᴀʟ", red
// team 84), with the letter each is.
var smallCapitals = map[rune]rune{
	'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd', 'ᴇ': 'e', 'ꜰ': 'f', 'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j', 'ᴋ': 'k', 'ʟ': 'l', 'ᴍ': 'm',
	'ɴ': 'n', 'ᴏ': 'o', 'ᴘ': 'p', 'ꞯ': 'q', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v', 'ᴡ': 'w', 'ʏ': 'y', 'ᴢ': 'z',
}

// confusables are the letters, lower case, that NFKC leaves and the
// certificate font prints as Latin letters (red team 85): IPA letters
// ("cɑrbon neutrɑl"), the dotless ı ("certıfıed"), and the Cyrillic and
// Greek letters shaped as Latin ones, which access.CheckPrintsAsItReads
// refuses beside a Latin letter but not among Chinese characters and
// digits ("示例组件 75 Т СО2Е" reads 75 t CO2e).
var confusables = map[rune]rune{
	'ɑ': 'a', 'ɡ': 'g', 'ı': 'i', 'ɩ': 'i', 'ɛ': 'e', 'ʋ': 'v', 'ɾ': 'r',
	'а': 'a', 'в': 'b', 'е': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x',
	'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'һ': 'h', 'ӏ': 'l', 'ԛ': 'q', 'ԝ': 'w',
	'α': 'a', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ζ': 'z',
	// Session 51: the signs the certificate font prints (Latin-1, €) that a reader takes for a letter, which
	// NFKC leaves and access.CheckPrintsAsItReads passes (they are no letters): those UTS #39's confusables
	// (13.0.0) give a Latin letter, ¢ (c̸), ¥ (Y̵) and × (x), and three it gives none: € (read as the E it is
	// drawn from; UTS #39 gives Ꞓ, a barred C), µ (the micro sign, NFKC's μ: a u with a tail) and ¡ (a dotted
	// stroke, an i): "C€ marked", "¢arbon neutral", "carbon neµtral", "cert¡f¡ed".
	'¢': 'c', '¥': 'y', '×': 'x', '€': 'e', 'μ': 'u', '¡': 'i',
}

// simplified writes the traditional characters of the claim patterns' words
// (碳足跡, 溫室氣體, 淨零, 負碳, 無碳, 碳抵銷, 碳補償, 噸, 當量, 僅, 約為, the
// numerals 兩, 貳, 參, 陸, 萬, 億, 點) and of the honest names (無碳複寫紙) in
// simplified characters, and 炭 (charcoal, read as 碳 in "炭足迹") as 碳: NFKC
// leaves them as they are, and the font prints them (red team 39: "型号 Model
// 碳足跡75千克" on a label under the certified 150 kgCO2e).
var simplified = strings.NewReplacer(
	"跡", "迹", "蹟", "迹", "溫", "温", "氣", "气", "體", "体", "淨", "净", "負", "负", "無", "无",
	"銷", "销", "補", "补", "償", "偿", "噸", "吨", "當", "当", "僅", "仅", "約", "约", "為", "为",
	"兩", "两", "貳", "贰", "參", "叁", "陸", "陆", "萬", "万", "億", "亿", "點", "点", "値", "值",
	"複", "复", "寫", "写", "紙", "纸", "炭", "碳", "級", "级", "減", "减", "評", "评", "認", "认", "產", "产", "産", "产", "誌", "志",
	// red team 84: the endorsement and comparison words' (推薦, 行業, 低於, 較, 優, 同類, 基準, 領先, 名錄)
	"薦", "荐", "業", "业", "於", "于", "較", "较", "優", "优", "類", "类", "準", "准", "領", "领", "錄", "录",
	// red team 43: the status words' (證書狀態:有效, 已驗證, 驗證通過, 真實有效, 有效標識, 簽名), with the
	// Japanese forms of them (証, 実, 験, 効)
	"證", "证", "証", "证", "書", "书", "標", "标", "識", "识", "籤", "签", "簽", "签", "狀", "状", "態", "态",
	"實", "实", "実", "实", "眞", "真", "驗", "验", "験", "验", "過", "过", "効", "效",
)

// readZeroAsO returns lower-case s with a zero read as the letter O where
// it spells a word: between two letters ("carb0n-neutral") and in CO2
// written C02 (C0₂ folds to it) where that stands as a token of its own or
// after a mass unit ("C0₂ 75 kg", "75 kgc02e"). Inside a code it stays a
// zero: "GEC02-2025" and "LR5-C020" are no CO2.
func readZeroAsO(s string) string {
	if !strings.Contains(s, "0") {
		return s
	}
	letter := func(i int) bool { return i >= 0 && i < len(s) && 'a' <= s[i] && s[i] <= 'z' }
	digit := func(i int) bool { return i >= 0 && i < len(s) && '0' <= s[i] && s[i] <= '9' }
	b := []byte(s)
	for i := range len(s) {
		if s[i] != '0' {
			continue
		}
		co2 := i > 0 && s[i-1] == 'c' && i+1 < len(s) && s[i+1] == '2' && !digit(i+2) &&
			(!letter(i-2) && !digit(i-2) || massUnitBefore(s[:i-1]))
		if co2 || letter(i-1) && letter(i+1) {
			b[i] = 'o'
		}
	}
	return string(b)
}

// massUnitBefore reports whether s ends in a mass unit symbol (kg, t, g)
// that is not the end of a word.
func massUnitBefore(s string) bool {
	for _, u := range []string{"kg", "t", "g"} {
		if rest, ok := strings.CutSuffix(s, u); ok && (rest == "" || rest[len(rest)-1] < 'a' || rest[len(rest)-1] > 'z') {
			return true
		}
	}
	return false
}

// checkInstrumentClaims returns EINVALID, naming the field, for a serial of
// a green-power instrument of study st (electricity[i].instruments[j].serial
// or serial_last) that the certificate would print as a claim: a carbon
// figure or neutrality ("CARBON-NEUTRAL-2025-000001", "NET-ZERO-…": red
// team 18), or a number of this service's certificates, as the register
// reads a serial (footprint.SerialKey: "CDPCF-2O26-000001" is
// CDPCF-2026-1). The form of any other certificate number is the form of
// a serial ("GEC-2025-000001"), so it is no claim here.
func checkInstrumentClaims(st *footprint.Study) error {
	for i, e := range st.Electricity {
		for j := 0; e != nil && j < len(e.Instruments); j++ {
			in := e.Instruments[j]
			if in == nil {
				continue // the study's validation names it
			}
			for _, f := range []struct{ field, text string }{{"serial", in.Serial}, {"serial_last", in.SerialLast}} {
				field := fmt.Sprintf("electricity[%d].instruments[%d].%s", i, j, f.field)
				if err := checkClaims(field, f.text, false, false); err != nil {
					return err
				}
				if ourNumberSerialRe.MatchString(footprint.SerialKey(f.text)) {
					return footprint.FieldErrorf(footprint.EINVALID, field,
						"%s 的形式是本机构的证书编号（%s-年份-序号），印在证书上会被当作证书编号。%s %q has the form of this service's certificate numbers (%s-year-number): printed on a certificate it reads as one",
						field, CertificateNumberPrefix, field, f.text, CertificateNumberPrefix)
				}
			}
		}
	}
	return nil
}

// ourNumberSerialRe matches a serial key (footprint.SerialKey: upper case,
// look-alike letters as digits, punctuation as one hyphen) that holds this
// service's certificate number prefix and a year.
var ourNumberSerialRe = mustPattern(`(^|-)` + CertificateNumberPrefix + `-?[0-9]{4}`)

// powerRe matches a power in watts, kilowatts or megawatts (W, Wp, W peak,
// watts, kW, kWp, kilowatts, MW, 瓦, 瓦特, 千瓦, 兆瓦) in NFKC text with
// Chinese and Suzhou digits and Chinese numbers in words read as digits,
// the unit after spaces or a hyphen ("a 550-W module", red team 78), the
// number with a decimal point or comma ("0,55 kW"); powers reads the
// matches whose unit is not followed by a letter (Wh, W/m²… are not
// powers) or 时 (千瓦时 is energy), nor preceded by a letter (a model's
// "M10W" is no power). M is mega in upper case only (5 mW is milliwatts).
var powerRe = regexp.MustCompile(`([0-9]+(?:,[0-9]{3})*(?:[.,][0-9]+)?)[\s-]*((?i:k|kilo[ -]?|mega[ -]?)|M|千|兆)?[\s-]*((?i:watts?(?:[ -]?peak)?|w[ -]?peak|wp|w)|瓦特|瓦)`)

// power is a power a product's name or model states.
type power struct {
	text  string  // as written (NFKC)
	watts float64 // in W
}

// powers returns the powers text states.
func powers(text string) []power {
	s := norm.NFKC.String(text)
	if !strings.ContainsAny(s, "wW瓦") { // every unit powerRe reads holds one (session 50: most texts state no power)
		return nil
	}
	s = suzhouDigits.Replace(hanDigits.Replace(hanWordsRe.ReplaceAllStringFunc(s, hanWords)))
	var out []power
	for _, m := range powerRe.FindAllStringSubmatchIndex(s, -1) {
		if before := s[:m[0]]; before != "" && isASCIILetter(before[len(before)-1]) {
			continue
		}
		if after := strings.ToLower(s[m[1]:]); after != "" && (isASCIILetter(after[0]) || after[0] == '/' || strings.HasPrefix(after, "时") || strings.HasPrefix(after, "·h") || strings.HasPrefix(after, "⋅h")) {
			continue // kW·h is energy too
		}
		num := s[m[2]:m[3]] // a comma is a decimal comma unless it sets off thousands ("1,500"; "0,550" is not)
		if i := strings.LastIndexByte(num, ','); i >= 0 && !strings.Contains(num, ".") && (len(num)-i-1 != 3 || strings.HasPrefix(num, "0,")) {
			num = num[:i] + "." + num[i+1:]
		}
		var v float64
		if _, err := fmt.Sscan(strings.ReplaceAll(num, ",", ""), &v); err != nil {
			continue
		}
		if prefix := s[max(m[4], 0):max(m[5], 0)]; prefix == "M" || prefix == "兆" || strings.HasPrefix(strings.ToLower(prefix), "mega") {
			v *= 1e6
		} else if prefix != "" {
			v *= 1000
		}
		out = append(out, power{s[m[0]:m[1]], v})
	}
	return out
}

// hanWordsRe matches a Chinese number in words (五百五十, 伍佰伍拾,
// 零点五五), which a Chinese name writes a power in ("五百五十瓦"); a run of
// digits alone (五五〇) is left to hanDigits.
var hanWordsRe = regexp.MustCompile(`[零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+(?:点[零〇一二两三四五六七八九]+)?`)

// hanWords returns the Chinese number in words w in digits, w itself if
// it is none (hannum.InText: a run of digit words alone is left to
// hanDigits; a 千 that multiplies nothing ends the number as the prefix
// of 千瓦, 五百五十千瓦 550 kW; where it can be either, 五千瓦, both read
// 5,000 W).
func hanWords(w string) string { return hannum.Digits(w, hannum.InText) }

func cond[T any](c bool, a, b T) T {
	if c {
		return a
	}
	return b
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// A module's named power is its power class, which its rated (measured)
// power meets: the name may round up by powerRoundUp at most, and lie
// below the rated power by a module's positive power tolerance at most
// (0 to +5 W on datasheets), powerBelowW or powerBelowPct of a large
// module's (reviewer 47: "550W" rated 577 Wp passed 5 % either way, its
// per-kWp figure 5 % below what a reader of "550W" expects).
const (
	powerRoundUp  = 0.005
	powerBelowW   = 5
	powerBelowPct = 0.02
)

// checkPowers returns EINVALID, naming the field, for a product whose
// names or model state a power the study's rated power is not, which the
// certificate's per-kWp figure rests on and which it does not print, and
// for names whose two languages state different powers (red team 76:
// "示例单晶硅光伏组件 430W" beside "Demo mono-Si PV module 550 W", a module
// rated 433.6 Wp: a reader of the English half took it for a 550 W module,
// 21 % less per kWp than signed). A name's largest power is the
// product's: a tolerance or a part's power beside it ("435W(正公差0~+5W)",
// "65 W, 0.5 W standby") is none (reviewer 47). A model's power may not
// exceed the rated power; below it, a model's digits ("AE435SMM6-72W")
// are not read as a claim.
func checkPowers(st *footprint.Study) error {
	p := st.Product
	if rated := p.RatedPowerWp; rated > 0 {
		below := max(powerBelowW, powerBelowPct*rated)
		for _, f := range []struct{ field, text string }{{"product.name_zh", p.NameZH}, {"product.name", p.Name}, {"product.model", p.Model}} {
			w, ok := largestPower(f.text)
			if !ok || w.watts <= rated*(1+powerRoundUp) && (w.watts >= rated-below || f.field == "product.model") {
				continue
			}
			return footprint.FieldErrorf(footprint.EINVALID, f.field,
				"%[1]s 写明的功率 %[2]s 与研究的额定功率 %[3]s Wp 不符：组件名称中的功率档位不高于额定功率，至多低 %[4]s W（组件的正功率公差）；证书按研究的额定功率给出每千瓦峰值功率的碳足迹，读者会按名称中的功率来读。%[1]s states %[2]s, where the study's rated power is %[3]s Wp: a module's named power class is not above its rated power, and at most %[4]s W below it (its positive power tolerance); the certificate's per-kWp figure rests on the rated power, and a reader takes the product's power from its name",
				f.field, w.text, formatPower(rated), formatPower(math.Round(below*10)/10))
		}
	}
	a, okA := largestPower(p.NameZH)
	b, okB := largestPower(p.Name)
	if okA && okB && math.Abs(a.watts-b.watts) > 0.005*max(a.watts, b.watts) { // "0W" beside "0 W": the same
		return footprint.FieldErrorf(footprint.EINVALID, "product.name",
			"中文名称（product.name_zh）写明功率 %s，英文名称（product.name）写明 %s：同一产品的中英文名称须写明相同的功率。The Chinese name (product.name_zh) states %s and the English name (product.name) %s: the product's names in both languages must state the same power",
			a.text, b.text, a.text, b.text)
	}
	return nil
}

// largestPower returns the largest power text states, and whether it
// states one.
func largestPower(text string) (power, bool) {
	ws := powers(text)
	if len(ws) == 0 {
		return power{}, false
	}
	return slices.MaxFunc(ws, func(a, b power) int { return cmp.Compare(a.watts, b.watts) }), true
}

func formatPower(w float64) string { return strconv.FormatFloat(w, 'f', -1, 64) }

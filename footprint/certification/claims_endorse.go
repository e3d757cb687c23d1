package certification

import (
	"github.com/chengdu-pcf/pcf/footprint"
)

// Red team 84: what a reader under the certified figure takes for the
// certification's word about the product, besides a figure, a grade or a
// status (checkClaimsAs): another certification or verification of it
// ("Carbon Trust certified", "certified by CQC", "EPD registered", "已认证",
// "认证产品"), an endorsement by a public body ("成都市生态环境局推荐"), and a
// comparison with other products ("30 % lower than industry average",
// "比行业平均低30%"). This certificate certifies one footprint; it certifies
// no other scheme, nobody endorses the product through it, and it compares
// nothing. Markup ("EX<svg/onload=…>") is not refused here: red team 41
// chose to escape it where it is shown, and red team 83's layout 8 writes
// it escaped in the documents, signing the text as applied for.
var (
	// otherCertRe, in a product's names and model: the product certified,
	// verified, registered or declared under a scheme or by a body. The
	// certificate's own word "certified" beside its figure reads as this
	// certification's statement of a scheme it does not run.
	otherCertRe = mustPattern(`certifi(ed|cation|cate)|accredit|(verified|approved|endorsed|recommended|registered|audited|validated|declared|labell?ed|awarded)[\s-]*by($|[^a-z])` +
		`|(^|[^a-z])(epd|iso[\s-]*1406[4-7]|pas[\s-]*2050|ghg[\s-]*protocol)[\s-]*(registered|verified|validated|certified|declared|compliant|approved)` +
		`|carbon[\s-]*trust|climate[\s-]*declaration|environmental[\s-]*product[\s-]*declaration|carbon[\s-]*label(l)?ed` +
		`|认证|认可|核证|获证|证书|环境产品声明|气候声明|碳信托`)
	// otherCertHonestRe are the phrases left out before otherCertRe reads a
	// text: authentication, which an electronic product performs (指纹认证,
	// 身份认证), and a material certified on its own ("certified aluminium",
	// "认证铝材"), which names a part, not the product.
	otherCertHonestRe = mustPattern(`(身份|指纹|人脸|面部|虹膜|声纹|生物特征|用户|双因素|双因子|多因素|登录|加密)认证` +
		`|certified[\s-]*(recycled[\s-]*)?(alumin(i)?um|steel|glass|silicon|polysilicon|wafers?|copper|wood|paper|cardboard|packaging)` +
		`|认证的?(再生)?(铝|钢|玻璃|硅|铜|纸|木)`)
	// endorseRe, in any text but a company's name or address: a public body,
	// an association or an authority recommending, naming or endorsing the
	// product, or the product on a list ("入选…目录").
	endorseRe = mustPattern(`(局|厅|部|委|政府|委员会|办公室|中心|协会|学会|联盟|机构|部门|官方|国家|省|市|区|县)[\s:：]*(推荐|认定|指定|监制|授权|认可|背书|推广|评定|评选|认证)` +
		`|(推荐|指定|认定|示范|优选)(产品|品牌|用品|目录|供应商|名录)|入选|列入.{0,16}(目录|名录|清单)` +
		`|(recommended|endorsed|approved|selected|listed|designated|backed)[\s-]*by|government[\s-]*(recommended|endorsed|approved|backed)|(officially|government)[\s-]*(recommended|endorsed|approved)`)
	// reasonEndorseHonestRe are the phrases left out before endorseRe reads
	// a not-applicable reason (reviewer 50): who does a stage's work as a
	// customer, a user or a grid operator asks ("as recommended by the
	// customer", "客户指定供应商"), and a recycler or a carrier a body
	// designates ("指定的单位回收"), which say who does the work, not what
	// endorses the product, as red team 85 read a certified recycler.
	reasonEndorseHonestRe = mustPattern(`(recommended|approved|designated|selected|specified)[\s-]*by[\s-]*(the[\s-]*|its[\s-]*|a[\s-]*)?(customers?|clients?|buyers?|users?|purchasers?|installers?|grid[\s-]*operators?|utility|utilities|carriers?|distributors?)($|[^a-z])` +
		`|(客户|用户|买方|采购方|业主|电网)指定的?(供应商|物流|运输|承运|安装|回收)` +
		`|指定的?(回收|处理|拆解|处置|运输|物流)(单位|企业|机构|厂|公司|商)|指定的?(单位|企业|机构|公司)[^。；，,]{0,4}(回收|处理|拆解|处置|运输)`)
	// compareRe, in any text: the product compared with others, a word of
	// less or better before a baseline ("30 % lower than industry average",
	// "below average", "比行业平均低30%", "低于同类产品"). rankRe, outside a
	// company's name: a rank among them ("industry-leading", "best in class",
	// "行业领先", "同类最低").
	// Reviewer 50: the comparative a word of its own, not the end of one ("wireless router, industry
	// grade", "stainless steel clamp for conventional modules"); "以下" after a comma is "below" in the
	// text's sense ("行业平均值，以下同": the same below), not below the baseline.
	compareRe = mustPattern(`(^|[^a-z])(lower|less|below|reduced|better|greener|cleaner|smaller|fewer|lowest)[^.;。；]{0,24}(industry|sector|market|average|typical|conventional|benchmark|baseline|competitors?|peers|rivals)` +
		`|(average|typical|conventional|benchmark|baseline)[^.;。；]{0,24}[^a-z](lower|less|below|reduced|better)` +
		`|(比|较|相比|相较|对比)于?[^。；]{0,8}` + hanBaseline + `[^。；]{0,12}(低|少|减|降|优|小|好|以下)|(低|少|优)于[^。；]{0,8}` + hanBaseline +
		`|(行业|同行|同类|同级|市场)(平均|均值)?(水平)?[^。；，,]{0,4}(以下|之下)`)
	rankRe = mustPattern(`(industry|sector|market)[\s-]*(average|leading|best|lowest)|(best|lowest)[\s-]*in[\s-]*(class|industry|sector|market)|(行业|同行|同类|同级|市场)(领先|最低|最优|第一|标杆)`)
)

// hanBaseline is what a Chinese comparison measures against.
const hanBaseline = `(行业|同行|同类|平均|均值|基准|常规|传统|市场|同级|普通|一般)`

// checkEndorsements returns EINVALID naming field for applicant text that
// holds a comparison with other products (compareRe, and rankRe) or a
// ratio to them or a reduction share (ratioRe, red team 85); outside a
// company's name or address, an endorsement (endorseRe) or another
// scheme's mark (markRe); in a company's name or address, a certification
// or designation other than a certification body's name (partyCertRe);
// and in a product's names and model, or a not-applicable reason, another
// certification (otherCertRe). It reads t's forms: folded and compact as
// claimForms writes them, and letters, the folded text as statusLetters
// joins it.
func checkEndorsements(field, text string, t *textForms, party bool) error {
	forms, folded, letters := t.forms[:], t.forms[0], t.forms[2]
	match := func(re *pattern, honest *pattern) bool {
		for i, f := range forms {
			if honest != nil {
				f = honest.ReplaceAllString(t.gradeOut(i), " ")
			}
			if re.MatchString(f) {
				return true
			}
		}
		return false
	}
	switch {
	case matchOut(forms, ratioRe, breakdownRe), emissionShare(t): // red team 85; session 53: an emission word and a share; session 56: not a breakdown
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 不得写明与其他产品或基准的比例或减排幅度（仅为同类产品的70%%、减碳30%%、-30%% CO2）：本证书只认证这一产品的碳足迹，不作比较，也不认证任何减排。%s may not state a ratio to other products or a reduction against a baseline (70 %% of similar products, half the CO2 of a standard module, -30%% CO2): this certificate certifies this product's footprint, compares nothing and certifies no reduction (%q)",
			field, field, text)
	case match(compareRe, nil), rivalLeftOut(t), bareCompare(t), !party && match(rankRe, nil), // session 51: rivalRe; session 52: bareCompare
		isProductText(field) && match(unanchoredRe, nil), // session 56
		!party && (rivalVerb(t) || scoreboard(folded) || ownScoreboard(folded, isProductText(field)) || wholeTimes(text) || nameComparison55b(text)): // session 54; 55: ownScoreboard; 55b
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 不得写明与其他产品的比较（低于行业平均、同类最低、行业领先）：本证书只认证这一产品的碳足迹，不作比较。%s may not compare the product with others (lower than the industry average, lowest in class, industry-leading): this certificate certifies this product's footprint and compares nothing (%q)",
			field, field, text)
	case !party && isProductText(field) && match(endorseRe, nil), !party && !isProductText(field) && match(endorseRe, reasonEndorseHonestRe):
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 不得写明政府部门、协会或机构的推荐、认定或入选目录：证书印在认证数值下方，读者会当作认证的说明。%s may not state a recommendation, designation or listing of the product by a public body, an association or an authority: printed under the certified figure it reads as the certification's word (%q)",
			field, field, text)
	case party && match(partyCertRe, partyCertBodyRe): // red team 85
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 是公司名称或地址，不得写明认证、认可、推荐或认定（已认证、TÜV认证、国家认证示范工厂、certified）：公司名称不是对本产品作声明的地方，证书把它印在认证数值下方，读者会当作产品获得的认证；认证机构的名称（某某认证中心）除外。%s may not state a certification, accreditation, endorsement or designation (certified, TÜV certified, approved by): it is a company's name or address, which is not the place for a claim about this product, and printed under the certified figure it reads as a certification the product holds; a certification body's own name (a certification centre) is a name (%q)",
			field, field, text)
	case !party && !isProductText(field) && match(otherCertRe, reasonCertHonestRe): // red team 85
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 不得写明产品的其他认证、核查或注册（已通过IEC 61215认证、TÜV certified）：不适用的理由说明该阶段为何不适用，产品的其他认证不是理由，印在证书上会被当作认证的说明。%s may not state another certification, verification or registration of the product (certified to IEC 61215, TÜV certified): a reason says why a stage does not apply, another certification is none, and printed on the certificate it reads as the certification's word (%q)",
			field, field, text)
	case !party && (match(markRe, nil) || bareMark(folded, letters)): // red team 85; session 51: a bare mark
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 不得写明其他认证或标志（CE、UL、TÜV、能源之星、绿色产品、中国环境标志、能效标识）：印在认证数值下方，读者会当作产品在本证书之外获得的标志；本证书只认证碳足迹。能效等级（一级能效）可以写明。%s may not name another scheme's mark or label (CE marked, UL listed, TÜV, Energy Star, 绿色产品, 中国环境标志, the energy label): printed under the certified figure it reads as a mark the product holds beside this certificate, which certifies a footprint only; the energy class (一级能效) may be stated (%q)",
			field, field, text)
	case !party && isProductText(field) && match(otherCertRe, otherCertHonestRe):
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 不得写明产品的其他认证、核查或注册（已认证、CQC认证、Carbon Trust、EPD）：本证书只认证碳足迹，证书上的\"认证\"只由本证书说明。%s may not state another certification, verification or registration of the product (certified, certified by CQC, Carbon Trust, EPD registered): this certificate certifies a footprint, and on it only the certificate states what is certified (%q)",
			field, field, text)
	}
	return nil
}

// bareMark reports whether folded text, or its letters as statusLetters
// joins them ("C.E."), holds a mark's letters standing as a mark
// (bareMarkRe), the honest phrases left out (bareMarkHonestRe), or a
// mark joined to a rating (markRatingRe). The
// compact form is not read: it drops the spaces and brackets that set a
// token apart.
func bareMark(folded, letters string) bool {
	for _, f := range [...]string{folded, letters} {
		if markRatingRe.MatchString(f) || markRun(f) && matchLeftOut([]string{f}, bareMarkRe, bareMarkHonestRe) {
			return true
		}
	}
	return false
}

// markRun reports whether s holds a run of letters and digits, after none,
// that is one of bareMarkRe's marks: ce, ul, ukca, ccc, fcc, rohs, and cul,
// culus, ulus (cULus written whole; written apart, "c-UL-us" holds the run
// ul). Every match of bareMarkRe holds one, and the words that hold the
// letters ("module", "cells") do not: bareMarkRe's needs (ce, ul) are in
// most product names, and the regular expression took a tenth of
// CheckPrintable's time (session 51).
func markRun(s string) bool {
	alnum := func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
	for i := 0; i < len(s); {
		if !alnum(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && alnum(s[j]) {
			j++
		}
		switch s[i:j] {
		case "ce", "ul", "ukca", "ccc", "fcc", "rohs", "cul", "culus", "ulus":
			return true
		}
		i = j
	}
	return false
}

// rivalLeftOut reports whether rivalRe matches one of t's forms as
// written and again with rivalHonestRe's and gradeHonestRe's phrases left
// out (textForms.leftOut). A form holding a breakdown is read left out
// whatever it matches as written: the breakdown's words may stand between
// a carbon word and a comparison, further apart than rivalRe reads
// ("碳足迹一半以上来自硅料，低于隆基"; session 56, cl56b).
func rivalLeftOut(t *textForms) bool {
	for i, f := range t.forms {
		if (rivalRe.MatchString(f) || breakdownRe.MatchString(f)) && rivalRe.MatchString(t.leftOut(i)) {
			return true
		}
	}
	return false
}

// matchLeftOut reports whether re matches one of forms as written and
// again with gradeHonestRe's and honest's phrases left out: only a text
// re matches is blanked, since most texts hold no claim (session 51: the
// check runs at every application and issue, BenchmarkCheckPrintable).
func matchLeftOut(forms []string, re, honest *pattern) bool {
	for _, f := range forms {
		if re.MatchString(f) && re.MatchString(honest.ReplaceAllString(gradeHonestRe.ReplaceAllString(f, " "), " ")) {
			return true
		}
	}
	return false
}

// matchOut reports whether re matches one of forms as written and again
// with honest's phrases left out (session 56: ratioRe, a breakdown of the
// product's own footprint left out).
func matchOut(forms []string, re, honest *pattern) bool {
	for _, f := range forms {
		if re.MatchString(f) && re.MatchString(honest.ReplaceAllString(f, " ")) {
			return true
		}
	}
	return false
}

// isProductText reports whether field is a product's name or model.
func isProductText(field string) bool {
	return field == "product.name" || field == "product.name_zh" || field == "product.model"
}

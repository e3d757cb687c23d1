package certification

// Red team 85: what red team 84 left open. A party's name or address is
// not the place for a claim about this product: the certificate prints
// the manufacturer and the site under the certified figure, and "国家认证
// 低碳示范工厂有限公司", "Demo Solar Co. (TÜV certified)" read as the product
// certified. A certification body's own name holds the words as the name
// of its business (认证中心, 认证有限公司, "Certification Centre"), which a
// party may be called; "certified" is never a business. A not-applicable
// reason says why a stage does not apply; another certification of the
// product is no reason. A ratio to other products or a reduction with no
// baseline ("仅为同类产品的70%", "-30% CO2") compares as a comparative word
// does, and another scheme's mark written out ("CE marked", "Energy Star",
// "中国环境标志", "能效标识") reads as a mark the product holds beside this
// certificate. The energy label's grade as a product states it ("一级能效",
// "能效等级：1级") stays a product's property.
var (
	// partyCertRe, in a company's name or address: the product or the
	// party certified, accredited, endorsed or designated, in any words but
	// a certification body's name (partyCertBodyRe, left out first).
	partyCertRe = mustPattern(`(^|[^a-z])(certified|accredited|endorsed)($|[^a-z])` +
		`|(approved|endorsed|recommended|registered|audited|validated|awarded|designated|listed|labell?ed|certified|accredited|backed)[\s-]*by($|[^a-z])` +
		`|government[\s-]*(recommended|endorsed|approved|backed|designated)` +
		`|认证|认可|核证|获证|(局|厅|部|委|政府|委员会|协会|学会|联盟|官方)[\s:：]*(推荐|认定|指定|监制|背书)|推荐(产品|品牌|单位|企业|供应商)|(国家|省|市)级?[^，。,;；]{0,6}(认定|命名|授予|指定)|示范(工厂|企业)|(国家|省|市)级(绿色|低碳|零碳|示范)`)
	// partyCertBodyRe is a certification or accreditation body's name in a
	// party's text: 认证 or 认可 as its business ("中国质量认证中心",
	// "成都低碳认证科技有限公司", "国家认证认可监督管理委员会").
	partyCertBodyRe = mustPattern(`(认证|认可)+(中心|机构|集团|有限|股份|公司|服务|技术|科技|检测|检验|咨询|研究|院|所|协会|联盟|事务所|管理|评价|委员会|监督)`)
	// reasonCertHonestRe, besides otherCertHonestRe, in a not-applicable
	// reason: another party certified (a recycler, a carrier), which says
	// who does the work of a stage, not what the product holds, and green
	// electricity certificates (绿证).
	reasonCertHonestRe = mustPattern(otherCertHonestRe.String() +
		`|certified[\s-]*(e-?waste[\s-]*)?(recycl[a-z]*|waste|disposal|installers?|suppliers?|contractors?|collectors?|treatment|facilit(y|ies)|haul[a-z]*|carriers?)` +
		`|有资质|持证|认证的?(回收|处理|拆解|运输)(商|企业|机构|厂|公司)` +
		// green electricity certificates, which a reason may name as the electricity's evidence
		`|(绿色电力|绿电|可再生能源|green[\s-]*(electricity|power|energy)|renewable[\s-]*energy|energy[\s-]*attribute)[\s-]*(证书|certificates?)|绿证` +
		// reviewer 50: who does a stage's work as a customer or a grid operator asks ("as approved by the grid operator")
		`|` + reasonEndorseHonestRe.String() +
		// session 51: a supplier's certificate, the evidence of an input a reason may point to ("供应商证书编号见附件",
		// "see the supplier's certificate on file"; PRODUCT.md: a certificate built on a supplier's names it), written
		// with no word between, so that "本产品与供应商均已认证" still reads as the product certified
		`|(供应商|供方|上游供应商|原料供应商|原材料供应商)(提供)?的?(产品)?(碳足迹)?(认证)?证书` +
		`|(suppliers?|vendors?|upstream)('s|’s|s')?[\s-]*(product[\s-]*)?(carbon[\s-]*footprint[\s-]*|pcf[\s-]*)?(证书|certificates?)`)
	// ratioRe, in any text: the product's footprint or emissions as a
	// ratio of other products' ("仅为同类产品的70%", "half the CO2 of a
	// standard module") or reduced by a share against no baseline named
	// ("减碳30%", "二氧化碳减少三成", "-30% CO2", "30% less CO2").
	ratioRe = mustPattern(hanRatioBaseline + `[^。；，,]{0,12}的\s*(` + hanShare + `|一半|半数|[0-9.]+\s*倍)` +
		`|(减碳|降碳|减排|碳减排|节碳)[^。；]{0,4}(` + hanShare + `|一半)` +
		// session 52: halved, against no baseline named ("碳足迹减半", "CO2 emissions halved"), as red
		// team 85 reads "30% less CO2"; review 52: of an emission word, not 碳 or carbon of a material
		// ("碳化硅器件 损耗减半", "碳钢支架 重量减半", "carbon fibre frame cut in half" were refused), and
		// the other words of it ("减半碳排放", "碳排放腰斩", "碳足迹仅为一半", "halved CO2", "half the CO2",
		// "CO2 reduced by half", "CO2 halbiert", "CO2 réduit de moitié" were accepted)
		`|(` + hanEmission + `)[^。；]{0,6}(减半|腰斩|砍半)|碳(减半|腰斩|砍半)|(减半|腰斩|砍半)(了)?(` + hanEmission + `)` +
		`|(` + hanEmission + `)量?(仅为|只有|仅|只|为|是)(原来|以往|之前|过去|上一代)?的?一半` +
		`|(` + enEmission + `)[^.;]{0,12}(halved|halbiert|cut[\s-]*in[\s-]*half|(reduced|down|cut|lowered|decreased|dropped|falls?|fallen|fell)[\s-]*by[\s-]*(a[\s-]*|one[\s-]*)?half|reduite?s?[\s-]*de[\s-]*moitie)` +
		`|(halved|halving|half[\s-]*(the|its|of[\s-]*(the|its)))[\s-]*(co2|carbon|emissions?|ghg|footprint|pcf)|carbon[\s-]*(halved|cut[\s-]*in[\s-]*half)` +
		// reviewer 50: not 少于, less than ("排放量少于1%的过程不计", a cut-off criterion)
		`|(碳|二氧化碳|co2|排放|温室气体)[^。；]{0,6}(减少|降低|下降|减|降|少)了?([^于。；][^。；]{0,3})?(` + hanShare + `|一半)` +
		`|(^|[^a-z0-9])[-−–—]\s*[0-9]+([.,][0-9]+)?\s*%[^.;]{0,6}(co2|carbon|emissions?|ghg|footprint|pcf)` +
		`|(co2|carbon|emissions?|ghg|footprint|pcf)[^.;0-9]{0,8}[-−–—]\s*[0-9]+([.,][0-9]+)?\s*%` +
		`|[0-9]+([.,][0-9]+)?\s*%\s*(less|lower|fewer|reduced|reduction|smaller|cut|saving|savings|down)[^.;]{0,6}(co2|carbon|emissions?|ghg|footprint|pcf)` +
		`|(half|a[\s-]*third|a[\s-]*quarter|two[\s-]*thirds|one[\s-]*(half|third|quarter)|[0-9]+([.,][0-9]+)?\s*%|[0-9]+\s*(x|times))\s*(of\s*|that\s*of\s*)?(the\s*)?` +
		`((co2|carbon|emissions?|ghg|footprint)[^.;]{0,12})?of\s*(a|an|the)?\s*(standard|typical|conventional|ordinary|regular|average|normal|comparable|similar|other|competing|usual)`)
	// markRe, in a product's names and model and a not-applicable reason:
	// another scheme's mark or label by name.
	markRe = mustPattern(`(^|[^a-z])ce[\s-]*(marked|marking|mark|conformity|compliant|certified)($|[^a-z])` +
		`|(^|[^a-z])ul[\s-]*(listed|recogni[sz]ed|mark|certified|approved)($|[^a-z])|energy[\s-]*star|(^|[^a-z])tu(e)?v($|[^a-z0-9])` +
		`|(^|[^a-z])(rohs|reach|weee|fcc|ccc|iec[\s-]*[0-9]+|iso[\s-]*[0-9]+|en[\s-]*[0-9]+|ul[\s-]*[0-9]+)[\s-]*(compliant|compliance|conform[a-z]*|marked|approved|listed|certified|registered)` +
		`|(^|[^a-z])epeat($|[^a-z])|tco[\s-]*certified|eco[\s-]*label|blue[\s-]*angel|nordic[\s-]*swan|cradle[\s-]*to[\s-]*cradle` +
		`|(^|[^a-z])type[\s-]*(i|ii|iii|1|2|3)[\s-]*(environmental|eco|declaration|label)` +
		`|绿色(设计)?产品|环境标志|环保标志|十环|能效标识|能源效率标识|能效标签|节能产品|节水产品|能源之星|环保产品认证|领跑者|蓝天使|生态标签`)
	// bareMarkRe, where markRe reads: a mark's letters standing as a mark,
	// a token of their own (session 51: "Demo Module 400W CE", "… UL",
	// "CE/UL", "CE·UL", "(CE)", "示例组件 CCC"), which print as the CE,
	// UL, cUL/cULus, UKCA, CCC, FCC or RoHS mark beside the certified
	// figure as "CE marked" does. A token starts after anything but a
	// letter or a digit, and ends before anything but a letter or a digit,
	// or before a hyphen, an underscore or a point that joins no letter or
	// digit to it: "CE-2024", "TN-CE-550", "ST-CE300", "UL3000" and
	// "ULTRA", "ACE", "CELL", "PULSE" are a model's codes and words, while
	// a mark joined to the end of a code ("400W-CE", "DEMO-M10-54-UL")
	// ends the name as a mark does (session 52: session 51 read it as the
	// code's suffix, and accepted it).
	bareMarkRe = mustPattern(`(^|[^a-z0-9])(` + markLetters + `)($|[^a-z0-9._-]|[._-]+($|[^a-z0-9]))`)
	// bareMarkHonestRe are the phrases left out before bareMarkRe reads a
	// text: UL followed by a number is a UL standard ("UL 94 V-0" housing,
	// "IEC/UL 61730"), which names a test as "IEC 61215" does (a standard
	// certified or listed is markRe's), unless a unit follows the number
	// (markRatingRe); Windows CE an operating system an industrial display
	// runs ("Windows CE 6.0"), and a CE edition an edition's name ("Demo
	// Laptop CE Edition", "CE版"); and an FCC ID, the identifier of an
	// equipment authorization that 47 CFR 2.925 has the device itself
	// carry ("FCC ID: 2ABCD-1234": a grantee code of 3 or 5 characters,
	// then a product code, which is read on: "FCC ID 2ABCD-CE" ends in a
	// mark), which names the product as its model does and, unlike the
	// FCC logo, marks nothing (session 52).
	bareMarkHonestRe = mustPattern(`(^|[^a-z0-9])ul[\s-]*[0-9]|windows[\s-]*ce($|[^a-z0-9])|(^|[^a-z0-9])ce[\s-]*(edition|版)` +
		`|(^|[^a-z0-9])fcc[\s-]*id[\s:#.-]*[a-z0-9]{3,5}`)
	// markRatingRe, where bareMarkRe reads, is a mark's letters before or
	// after a rating, a number and its unit, joined to it by nothing, a
	// space or a hyphen, underscore or point ("CE-400W", "CE400W", "400W-CE-M10",
	// "UL 1500V", "1500V_UL"): no standard or code is written so, and the mark
	// reads beside the product's rating. Session 52 read UL only (ulRatingRe:
	// "UL 1500V", "UL1500V"); session 53 reads every mark of bareMarkRe, either
	// side of the rating, where "CE-400W" had been read as a code ("CE-2024",
	// "UL3000" and "TN-CE-550" are codes: no unit). A UL 94 class after the
	// unit ("UL 94 V-0") is no rating, and UL with a number after a rating
	// names a standard ("1500V UL 1703").
	markRatingRe = mustPattern(`(^|[^a-z0-9])(` + markLetters + `)[\s._-]*` + rating + `($|[^a-z0-9-]|-[a-z])` +
		`|(^|[^a-z0-9])` + rating + `[\s._-]*(` + markLetters + `)($|[^a-z0-9\s]|\s+($|[^0-9\s]))`)
)

// The marks of bareMarkRe and markRatingRe, and a rating.
const (
	markLetters = `ce|ul|c[\s-]?ul([\s-]?us)?|ul[\s-]?us|ukca|ccc|fcc|rohs`
	rating      = `[0-9]+([.,][0-9]+)?\s*(k|m)?(v|volts?|vdc|vac|w|wp|watts?|a|amps?|ah|wh|hz)`
)

// The parts of ratioRe: what a Chinese ratio measures against (hanBaseline,
// and other products named so), and a share of it.
const (
	// hanEmission and enEmission are the words of a product's emissions, not 碳 or carbon alone (of
	// carbon steel, silicon carbide, carbon fibre): what ratioRe reads as halved (review 52).
	hanEmission      = `碳排放|碳足迹|碳强度|碳排|二氧化碳|co2|排放|温室气体`
	enEmission       = `co2|carbon[\s-]*(footprint|emissions?|dioxide|intensity|output)|emissions?|ghg|footprint|pcf`
	hanRatioBaseline = `(行业|同行|同类|平均|均值|基准|常规|传统|市场|同级|普通|一般|标准|竞品|其他)`
	// session 56: 成 after a financial numeral (伍成), and a percentage in Chinese digits (五〇%)
	hanShare = `[0-9.]+\s*[%‰‱]|[0-9.]+\s*成|[一二三四五六七八九十两半壹贰叁肆伍陆柒捌玖拾]+成|[一二三四五六七八九十百]+分之[一二三四五六七八九十]+|[0-9.]+\s*分之\s*[0-9.]+|[〇零一二三四五六七八九]+\s*[%‰‱]`
)

package certification_test

// claimGroups are the claims check's cases, a group a round, by topic:
// texts CheckPrintable refuses naming their field, and neighbours it
// accepts (TestCheckPrintable_Claims).
var claimGroups = []claimGroup{
	// A carbon figure, an emission unit, another certificate's number
	// or carbon neutrality, in other words than the patterns first read (red
	// teams 18, 39, 43, session 34, reviewer 51).

	// Ensure the claim patterns read red team 18's claims as words rather than
	// as its 23 spellings: neighbours of each (another numeral, another
	// look-alike, another claim of a footprint of zero or less) are refused
	// naming the field.
	{"CheckPrintable_ClaimsInOtherWordsNeighbours", "a carbon figure or neutrality beside the certified 150 kgCO2e", []claimCase{
		{"product.name", "Demo module GHG: seventy five kg"},                        // number words without a hyphen
		{"product.name_zh", "示例组件 温室气体排放量约捌拾千克"},                                    // financial numeral, 约
		{"product.name", "Demo module, greenhouse gases of 0.075 t"},                // tonnes, "of"
		{"product.name_zh", "示例组件 碳排七十五"},                                           // a numeral after the word, no unit
		{"product.name_zh", "示例组件 碳足迹：一百零五"},                                        // 零 inside a numeral
		{"product.name", "Demo module 75 ｋｇ carbon dioxide"},                        // full-width unit
		{"product.name", "Demo module 75 kgC02e"},                                   // zero for O in the unit
		{"product.name", "Demo module, 75 ㎏ of CO₂"},                                // ㎏ and CO₂
		{"product.name", "Demo module, carb0n-neutral"},                             // zero for O inside a word
		{"product.name", "Demo module, emissions of twelve kilograms"},              // emissions and number words
		{"product.name_zh", "示例组件 排放仅12千克"},                                         // 排放 and a mass
		{"product.model", "C02-75KG"},                                               // CO2 with a zero in a model
		{"product.name", "Net-negative Demo PV module"},                             // net negative
		{"product.name", "CO2-free Demo PV module"},                                 // free
		{"product.name", "Zero-emission Demo PV module"},                            // zero emission (零排放 was refused)
		{"product.name", "Emission-free Demo PV module"},                            // free
		{"product.name", "Demo PV module, carbon offsetting included"},              // offset
		{"product.name", "Demo PV module, CO2 compensated"},                         // compensated
		{"product.name_zh", "碳补偿示例组件"},                                              // 碳补偿
		{"product.name_zh", "示例组件（已抵消碳排放）"},                                         // 抵消 before 碳排放
		{"product.name_zh", "负排放示例组件"},                                              // 负排放
		{"not_applicable[0].reason", "运输由供应商负责，已全额碳抵消"},                             // a reason
		{"not_applicable[0].reason", "inbound transport: GHG emissions under 2 kg"}, // a reason
	}, nil},
	// Red team 18: claims the applicant's text still carries past the claim
	// patterns of red teams 15 and 17. The demo module is certified at the
	// honest 150 kgCO2e per module; its product name (printed on the
	// certificate, the label and the public verification page, right beside
	// the certified figure) states 75 kg in words the patterns do not know: a
	// greenhouse-gas figure (温室气体, GHG, greenhouse gas) rather than a
	// carbon one, the abbreviations 碳排 and PCF, a figure in Chinese or
	// English numerals (七十五千克, 柒拾伍, seventy-five kilograms), the unit
	// sign ㎏ (U+338F), "carbon dioxide" written out, CO₂ with a zero for
	// the O (C0₂); and claims stronger than
	// neutrality (carbon-negative, 负碳, climate-positive, carbon-free, 无碳,
	// "100 % carbon offset", 碳抵消). Each is accepted today (CheckPrintable
	// returns nil) and would print beside the certified 150. A correct
	// service refuses each at application with 400 invalid naming the field,
	// as it refuses "carbon footprint 75 kg per module" and 碳中和.
	{"Redteam18_ClaimsInOtherWords", "a carbon figure beside the certified 150 kgCO2e", []claimCase{
		{"product.name_zh", "示例组件 温室气体排放75千克/块"},
		{"product.name", "Demo module, GHG emissions 75 kg per module"},
		{"product.name", "Demo module, greenhouse gas 75 kg per module"},
		{"product.name", "Demo module PCF 75 kg/pc"},
		{"product.name_zh", "示例组件 碳排仅75千克/块"},
		{"product.name_zh", "示例组件 碳足迹仅七十五千克每块"},
		{"product.name_zh", "示例组件 碳足迹：柒拾伍千克"},
		{"product.name", "Demo module carbon footprint seventy-five kilograms"},
		{"product.name", "Demo module 75㎏ CO2"},
		{"product.name", "Demo module 75 kilograms carbon dioxide"},
		{"product.name", "Demo module, emissions: 75 kg/module"},
		{"product.name", "Demo module C0₂ 75 kg"},
		{"product.name", "Demo module, C0₂-neutral"},
		{"product.name_zh", "示例组件 二氧化碳 七十五 千克"},
		{"product.model", "PCF75KG"},
		{"product.name_zh", "负碳示例光伏组件"},
		{"product.name", "Carbon-negative Demo PV module"},
		{"product.name", "Climate-positive Demo PV module"},
		{"product.name", "Carbon-free Demo PV module"},
		{"product.name_zh", "无碳示例组件"},
		{"product.name", "Demo module 100% carbon offset"},
		{"product.name_zh", "示例组件 碳抵消100%"},
		{"not_applicable[0].reason", "本厂温室气体排放仅75千克/块，无入厂运输"},
	}, nil},
	// Red team 39: a claim written in traditional characters, which NFKC
	// leaves as they are and the certificate font prints: the model
	// "碳足跡75千克" (跡 for 迹) was accepted, and the label printed "型号
	// Model 碳足跡75千克" under the certified 150 kgCO2e; so were 溫室氣體,
	// 淨零, 負碳, 無碳, 碳抵銷, 碳補償, the numerals 陸 and 貳, 炭 for 碳, and
	// CO2e broken by a Unicode hyphen. A correct service refuses each at
	// application naming the field, as it refuses the simplified forms, and
	// still accepts the honest names in traditional characters.
	{"Redteam39_ClaimsInTraditionalCharacters", "a carbon figure or neutrality beside the certified 150 kgCO2e", []claimCase{
		{"product.model", "碳足跡75千克"},
		{"product.name_zh", "示例组件 碳足跡75千克/块"},
		{"product.name_zh", "示例组件 碳足跡七十五"},
		{"product.name_zh", "示例组件 溫室氣體75千克"},
		{"product.name_zh", "淨零示例组件"},
		{"product.name_zh", "負碳示例组件"},
		{"product.name_zh", "無碳示例组件"},
		{"product.name_zh", "示例组件 碳抵銷100%"},
		{"product.name_zh", "示例组件 碳補償"},
		{"product.name_zh", "示例组件 碳足迹柒拾陸"},
		{"product.name_zh", "示例组件 炭足迹75千克"},
		{"product.name", "Demo module 75 kg CO‐2e"},
		{"not_applicable[0].reason", "本厂溫室氣體排放僅75千克/块，无入厂运输"},
	}, []claimCase{
		{"product.name_zh", "無碳複寫紙 80g"},
		{"product.name_zh", "活性炭 25千克"},
		{"product.manufacturer", "成都無碳科技有限公司"},
		{"product.name_zh", "單晶矽光伏組件 二代"},
	}},
	// Red team 39: another certificate's number written with 〇 (U+3007, the
	// ideographic zero, which the font prints as a circle) or in Chinese
	// digits in a product name, the manufacturer or the site: "示例组件
	// CDPCF-2〇26-〇〇〇〇〇1" was accepted (the model refuses 〇 anywhere), and
	// the certificate printed it under its own number. A correct service reads
	// the Chinese digits as digits for the number patterns, as it reads a
	// letter O beside digits (red team 26), and refuses it naming the field.
	{"Redteam39_CertificateNumberInChineseDigits", "another certificate's number", []claimCase{
		{"product.name_zh", "示例组件 CDPCF-2〇26-〇〇〇〇〇1"},
		{"product.name_zh", "示例组件 CDPCF-二〇二六-〇〇〇〇〇一"},
		{"product.manufacturer", "CDPCF-2〇26-〇〇〇〇〇1 Ltd"},
		{"product.site", "Chengdu, CDPCF-2〇26-〇〇〇〇〇1"},
		{"not_applicable[0].reason", "见 CDPCF-2〇26-〇〇〇〇〇1"},
	}, []claimCase{
		{"product.name_zh", "一体化 二合一 三代"},
		{"product.manufacturer", "成都一二三科技有限公司"},
	}},
	// Red team 39: a carbon figure in units and words the patterns did not
	// read: kgs, kilogrammes, pounds (lbs), ISO 14067's abbreviation CFP, and
	// 碳当量 (carbon equivalent). Each was accepted and printed under the
	// certified figure; so were the footprint's other names (碳足印, 碳脚印,
	// 隐含碳, embodied carbon, 温室效应气体) and carbon intensity (碳强度). A
	// correct service refuses each naming the field, and still accepts a CFP2
	// optical module and a carbon-fibre frame by their mass.
	{"Redteam39_ClaimsInOtherUnitsAndWords", "a carbon figure beside the certified 150 kgCO2e", []claimCase{
		{"product.name", "Demo module 75 kgs CO2"},
		{"product.name", "Demo module, 75 kilogrammes of carbon dioxide"},
		{"product.name", "Demo module 165 lbs CO2"},
		{"product.name", "Demo module 165 pounds of CO2"},
		{"product.name", "Demo module CFP 75 kg/pc"},
		{"product.name_zh", "示例组件 碳当量75千克/块"},
		{"product.model", "CFP-75KGS"},
		{"product.name_zh", "示例组件 碳足印75千克/块"},
		{"product.name_zh", "示例组件 碳脚印75千克/块"},
		{"product.name_zh", "示例组件 碳强度75千克/块"},
		{"product.name_zh", "示例组件 隐含碳75千克"},
		{"product.name_zh", "示例组件 温室效应气体75千克"},
		{"product.name", "Demo module carbon intensity 75 kg"},
		{"product.name", "Demo module, embodied carbon 75 kg"},
	}, []claimCase{
		{"product.name", "CFP2 100G optical transceiver module 0.2 kg"},
		{"product.name", "Carbon fibre PV mounting frame 1.2 kg"},
		{"product.name", "PV module 580 W, 28.5 kgs, 2278 x 1134 mm"},
	}},
	// Session 34, after red team 39: four claims its report left passing. A
	// figure beside "GWP" (global warming potential, 全球变暖潜势), a figure
	// right after "carbon" or 碳 with nothing but punctuation or a link word
	// between ("carbon: 75 kg", "碳：75千克"), a number right after PCF or CFP
	// without a unit ("PCF 75"), and megagrams of CO2 ("75 Mg CO2": a tonne
	// each). A correct service refuses each naming the field, and still
	// accepts carbon steel, carbon fibre and a GWP100 method named in a reason.
	{"Session34_ClaimsLeftByRedteam39", "a carbon figure beside the certified 150 kgCO2e", []claimCase{
		{"product.name", "Demo module GWP 75 kg"},
		{"product.name_zh", "示例组件 全球变暖潜势75千克"},
		{"product.name", "Demo module, carbon: 75 kg"},
		{"product.name", "Demo module carbon only 75 kg per piece"},
		{"product.name_zh", "示例组件 碳：75千克"},
		{"product.name_zh", "示例组件 碳仅75千克"},
		{"product.name", "Demo module PCF 75"},
		{"product.model", "CFP: 75"},
		{"product.name", "Demo module 0.075 Mg CO2"},
	}, []claimCase{
		{"product.name", "Carbon steel frame 12 kg"},
		{"product.name_zh", "碳钢边框 12千克"},
		{"product.name_zh", "碳纤维支架 1.2千克"},
		{"product.name", "Magnesium alloy frame 5 mg coating"},
		{"product.model", "PCF-2000"},
		// (an optical "CFP 100G" module is refused: CFP and "100 g" read
		// as a figure; "100GbE" or "100 Gb/s" is no mass)
		{"product.name", "CFP 100GbE LR4 optical module"},
		{"product.name", "Activated carbon filter 25 kg"},
		{"product.name_zh", "活性炭滤芯 5千克"},
		{"not_applicable[0].reason", "characterised with IPCC AR6 GWP100 factors; no use stage for a module sold to installers"},
	}},
	// Red team 43: another certificate's number in financial numerals, as a
	// cheque writes them ("示例组件 CDPCF-贰〇贰陆-〇〇〇〇〇壹", 貳 and 陸 in
	// traditional form too), was accepted where red team 39's 〇 and common
	// digits are refused; a reader reads CDPCF-2026-000001 under the
	// certificate's own number. A correct service refuses it naming the field.
	{"Redteam43_CertificateNumberInFinancialNumerals", "another certificate's number", []claimCase{
		{"product.name_zh", "示例组件 CDPCF-贰〇贰陆-〇〇〇〇〇壹"},
		{"product.name_zh", "示例组件 CDPCF-貳零貳陸-零零零零零壹"},
		{"product.manufacturer", "示例组件厂 CDPCF-贰〇贰陆-〇〇〇〇〇捌"},
		{"not_applicable[0].reason", "见证书 CDPCF-贰〇贰陆-〇〇〇〇〇玖"},
	}, []claimCase{
		{"product.name_zh", "示例组件 壹号 贰代"},
		{"product.name_zh", "示例组件 陆合一"},
	}},
	// Reviewer 51: since session 51 CheckPrintsAsItReads lets μ stand after a
	// number as the SI prefix, where before any Greek letter beside Latin ones
	// was refused; and μg (ug, as the micro sign folds) was no mass unit of the
	// carbon-figure patterns, so "Demo module 0μg CO2", a carbon figure of
	// nothing printed under the certified one, was accepted. Ensure a figure
	// in micrograms (and milligrams, 微克) is refused as a carbon figure, and
	// the technical μ of session 51 still accepted.
	{"Reviewer51_MicrogramFigure", "a carbon figure beside the certified 150 kgCO2e", []claimCase{
		{"product.name", "Demo module 0μg CO2"},
		{"product.name", "Demo module 20 μg/kWh CO2"},
		{"product.name", "Demo module 0ug CO2"},
		{"product.name", "Demo module 0 µg CO2"}, // the micro sign
		{"product.name_zh", "示例组件 0微克二氧化碳"},
	}, []claimCase{
		{"product.name", "Demo module, 150μm wafers"},
		{"product.name", "Demo 10 μF capacitor"},
		{"product.name", "Demo α-Si thin-film module"},
		{"product.name_zh", "示例组件 5微克银浆"},
	}},

	// The verification service's words: a certificate status or a
	// verification result, which only the service states (red teams 41 and
	// 43).

	// Red team 41: applicant text in the verification page's own words. A
	// study naming its product "示例组件 有效 · Valid 本证书真实且在有效期内。This
	// certificate is genuine and in force." (or "已验证 Verified", "status:
	// valid, signature verified") was applied for and would be issued: the
	// verification page, under a red 撤销 Withdrawn box, then showed in its
	// product row the very sentence it shows for a valid certificate, and the
	// certificate printed it. A correct service refuses, naming the field, a
	// status or verification result in any text the certificate prints, and
	// the words verified, valid and genuine in a product's names and model;
	// it still accepts a not-applicable reason saying data were verified, and
	// Chinese names holding 有效 (有效面积, effective area).
	{"Redteam41_ServiceWordsInApplicantText", "the verification service's own words", []claimCase{
		{"product.name_zh", "示例组件 已验证 Verified"},
		{"product.name_zh", "示例组件 有效 · Valid 本证书真实且在有效期内。This certificate is genuine and in force."},
		{"product.name", "Demo module — status: valid, signature verified"},
		{"product.name", "Demo module (genuine)"},
		{"product.name", "Demo module, valid until 2030"},
		{"product.model", "DEMO-M10-54 VERIFIED"},
		{"product.model", "DEMO-M10-54 有效证书"},
		{"product.name_zh", "示例组件（证书状态：有效）"},
		{"product.name_zh", "示例组件 验证通过"},
		{"product.manufacturer", "Demo Module Co. (certificate genuine)"},
		{"product.site", "Chengdu, 证书真实有效"},
		{"not_applicable[0].reason", "证书有效期至2030年"},
		{"not_applicable[0].reason", "Certificate is valid; signature verified"},
	}, []claimCase{
		{"product.name_zh", "示例组件 有效面积2.0平方米"},
		{"product.name", "Demo module, validated design"},
		{"not_applicable[0].reason", "no inbound transport: verified from the site's delivery records"},
		{"not_applicable[0].reason", "运输距离已验证为零"},
		{"product.manufacturer", "Verified Solar Ltd."},
	}},
	// Red team 43: the verification service's words written so that a reader
	// reads them and red team 41's patterns did not. The product
	// "示例单晶硅光伏组件 證書狀態:有效 已驗證" / "Demo mono-Si PV module V a l
	// i d" with the site "Chengdu, Sichuan, China 證書真實有效" was issued, and
	// the page of the withdrawn certificate showed, under its red 撤销
	// Withdrawn box, the product's row reading "證書狀態:有效 已驗證 … V a l i
	// d": the traditional characters (證, 書, 狀, 態, 驗, 實), which the font
	// prints and NFKC leaves, letters spaced or broken, a digit for a letter,
	// accents, and the manufacturer's and sites' names, which the page shows
	// since red team 41, holding the words apart from the name. A correct
	// service refuses each at application naming the field, and still accepts
	// company names and addresses that hold the words as words of the name.
	{"Redteam43_StatusWordsTheChecksDidNotRead", "a verification result beside the page's own status", []claimCase{
		{"product.name_zh", "示例单晶硅光伏组件 證書狀態:有效 已驗證"},
		{"product.name_zh", "示例组件 驗證通過"},
		{"product.name_zh", "示例组件 有效證書"},
		{"product.name_zh", "示例组件 証書真実有効"},
		{"product.model", "DEMO-M10-54 已驗證"},
		{"product.site", "Chengdu, Sichuan, China 證書真實有效"},
		{"product.manufacturer", "示例组件厂 簽名真實"},
		{"not_applicable[0].reason", "標識有效"},
		{"product.name_zh", "示例组件 已 验 证"},
		{"product.name_zh", "示例组件 验 证 通 过"},
		{"product.name", "Demo mono-Si PV module V a l i d"},
		{"product.name", "Demo module V.A.L.I.D."},
		{"product.name", "Demo module Veri-fied"},
		{"product.name", "Demo module Verif1ed"},
		{"product.model", "VAL1D-400"},
		{"product.name", "Demo module Vérifié"},
		{"product.name", "Demo module (válido)"},
		{"product.name", "Demo module gültig"},
		{"product.name", "Demo module, authentic"},
		{"product.manufacturer", "Demo Module Co. (Verified)"},
		{"product.manufacturer", "Demo Co. · Verified · Chengdu"},
		{"product.manufacturer", "示例组件厂（已验证）"},
		{"product.manufacturer", "示例组件厂 已验证 有限公司"},
		{"product.site", "Chengdu — verified genuine"},
		{"product.manufacturer", "Demo Co. (Valid Certificate)"},
		{"product.model", "DEMO-M10-54 有效"},
		{"product.name_zh", "示例组件（真实）"},
		{"product.name_zh", "示例组件有效"},
		{"product.site", "成都 有效"},
		// session 38: the synonyms of a verification result, 核验 and a shop's 正品/真品
		{"product.name_zh", "示例组件 核验通过"},
		{"product.name_zh", "示例组件 已核驗"},
		{"product.model", "DEMO-M10-54 正品"},
		{"product.manufacturer", "示例组件厂（正品）"},
		{"product.name_zh", "示例组件（真品）"},
		{"not_applicable[0].reason", "证书核验通过"},
		// session 39: a status in force or a check passed, in other words
		{"product.name", "Demo module, Status: Active"},
		{"product.name", "Demo module (certificate in effect)"},
		{"product.model", "DEMO-M10-54 label approved"},
		{"product.name_zh", "示例组件 证书已生效"},
		{"product.name_zh", "示例组件 认证状态：通过"},
		{"product.manufacturer", "示例组件厂（状态正常）"},
		{"product.name_zh", "示例组件 证书合格"},
	}, []claimCase{
		{"product.manufacturer", "Verified Solar Ltd."},
		{"product.manufacturer", "Verified Solar Co., Ltd."},
		{"product.manufacturer", "Genuine-Solar Co."},
		{"product.manufacturer", "Genuine (Chengdu) Co., Ltd."},
		{"product.manufacturer", "Valid Tech (Chengdu) Co., Ltd."},
		{"product.manufacturer", "已验证科技有限公司"},
		{"product.site", "No. 1 Valid Road, Chengdu"},
		{"product.site", "Authentic Park, Chengdu"},
		{"product.name_zh", "示例组件 有效面积2.0平方米 書架"},
		{"product.name_zh", "示例组件 有效功率550瓦 真实感涂层"},
		{"product.manufacturer", "有效科技有限公司"},
		{"product.name", "Demo module A B C, validated design"},
		{"not_applicable[0].reason", "no inbound transport: verified from the site's delivery records"},
		{"not_applicable[0].reason", "運輸距離已驗證為零"},
		{"not_applicable[0].reason", "运输距离已核验为零"},
		{"product.manufacturer", "正品科技有限公司"},
		{"product.name", "Demo module, active cooling"},
		{"product.name_zh", "示例组件 正常工作温度45℃"},
		{"not_applicable[0].reason", "no inbound transport: the site's status was checked in 2025"},
	}},

	// Claims written in characters that print as the letters and digits
	// of a claim (red teams 45, 84, 85, session 51, session 52).

	// Red team 45: Latin letters that print as the digits and letters of a
	// claim. Ø, which the certificate font prints as a slashed zero, and Ð,
	// printed as a D, have no decomposition, so NFKC leaves them and no pattern
	// read them: "示例组件 CDPCF-2Ø26-ØØØØØ1" (another certificate's number), the
	// product "Demo module VALIÐ" and "Demo module 75 kg CØ2e" were accepted
	// and printed under the certificate's own number and figure; so were
	// accented letters outside the status words ("CDPCF-2Ö26-ÖÖÖÖÖ1", "kg
	// CÖ2e"), a capital I for an l or an l for an I ("VaIid", "VALlD"),
	// which the font prints alike, and a number or a figure in Suzhou
	// numerals ("CDPCF-〢〇〢〦-〇〇〇〇〇〡", 〡 a stroke read as 1; "碳足迹〧〥千克"). A correct service reads them as o, d and
	// either letter, accents dropped, and refuses each naming the field;
	// company names and addresses in Danish or Icelandic still pass.
	{"Redteam45_LatinLettersPrintedAsDigitsAndLetters", "another certificate's number, a verification result or a carbon figure", []claimCase{
		{"product.name_zh", "示例组件 CDPCF-2Ø26-ØØØØØ1"},
		{"product.name", "Demo module, see CDPCF-2Ø26-ØØØØØ1"},
		{"product.manufacturer", "Demo Module Co. CDPCF-2Ø26-ØØØØØ1"},
		{"product.site", "Chengdu, CDPCF-2Ø26-ØØØØØ1"},
		{"not_applicable[0].reason", "见 CDPCF-2Ö26-ÖÖÖÖÖ1"},
		{"product.name", "Demo module VALIÐ"},
		{"product.manufacturer", "Demo Module Co. (VERIFIEÐ)"},
		{"product.site", "Chengdu — VALIÐ"},
		{"product.name_zh", "示例组件 CDPCF-〢〇〢〦-〇〇〇〇〇〡"},
		{"product.name_zh", "示例组件 碳足迹〧〥千克"},
		{"product.name", "Demo module 75 kg CØ2e"},
		{"product.name", "Demo module 75 kg CÖ₂e"},
		{"product.name", "Demo module carbØn neutral"},
		// Accented letters outside Latin-1 and Extended-A/B, which NFKC
		// composes (ọ U+1ECD, ạ U+1EA1).
		{"product.name", "Demo module 75 kg CỌ2e"},
		{"product.name", "Demo module Vạlid"},
		// A capital I prints as a lower-case l, and | beside them.
		{"product.name", "Demo module VaIid"},
		{"product.name", "DEMO MODULE VALlD"},
		{"product.name", "Demo module VERlFlED"},
		{"product.name", "Demo module VAL|D"},
		{"product.model", "DEMO-M10-54 VaIid"},
		{"product.model", "DEMO-M10-54 VALlD"},
		{"product.manufacturer", "Demo Co. (VaIid Certificate)"},
		{"product.site", "Chengdu — VERlFlED"},
		{"not_applicable[0].reason", "证书 certificate VALlD"},
	}, []claimCase{
		{"product.name", "Vaillant heat pump, Valley series"},
		{"product.manufacturer", "VaIley Solar Ltd."},
		{"product.manufacturer", "Ørsted Solar ApS"},
		{"product.site", "Søndergade 12, Ødense, Denmark"},
		{"product.manufacturer", "Ðakovo Solar d.o.o."},
		{"product.name", "Demo module, cable Ø 4 mm², 1.2 m"},
	}},
	// Red team 84: carbon neutrality written so that a reader still reads it
	// and the neutrality patterns did not: a capital I for the l of neutral,
	// which the certificate font prints as a lower-case l (red team 45's
	// reading of the status words, not applied to neutrality); a claim spelled
	// letter by letter where no boundary is left in the compact form
	// ("n e t z e r o"); and Latin small capitals, which NFKC leaves as they
	// are ("ᴄᴀʀʙᴏɴ ɴᴇᴜᴛʀᴀʟ", "75 ᴋɢ ᴄᴏ2ᴇ"). Each was accepted; ensure each is
	// refused naming its field, and a company's name may still hold the words.
	{"Redteam84_NeutralityInLookAlikeLetters", "carbon neutrality or a carbon figure beside the certified 150 kgCO2e", []claimCase{
		{"product.name", "Demo Module CARBON-NEUTRAI"},
		{"product.name", "Demo Module carbon-neutraI"},
		{"product.name", "Demo Module CLIMATE NEUTRAI"},
		{"product.name", "Demo Module n e t z e r o"},
		{"product.name", "Demo Module N.E.T. Z.E.R.O"},
		{"product.name", "Demo Module ᴄᴀʀʙᴏɴ ɴᴇᴜᴛʀᴀʟ"},
		{"product.name", "Demo Module ɴᴇᴛ ᴢᴇʀᴏ"},
		{"product.name", "Demo Module 75 ᴋɢ ᴄᴏ2ᴇ"},
		{"product.name", "Demo Module ᴄᴇʀᴛɪꜰɪᴇᴅ"},
	}, []claimCase{
		{"product.manufacturer", "Net Zero Solar Co."},
		{"product.name", "Demo Module, negative electrode"},
		{"product.name", "Demo Module 54 cells"},
	}},
	// Red team 85: brackets and marks inside the words ("cert[i]fied",
	// "认(证)", "碳（中）和", "c.e.r.t.i.f.i.e.d") and look-alike letters that
	// NFKC leaves and no other check reads (the IPA ɑ, the dotless ı, and
	// Cyrillic letters in a text with no Latin letter, which
	// access.CheckPrintsAsItReads does not refuse: "示例组件 75 Т СО2Е").
	{"Redteam85_BracketsAndLookAlikesInsideWords", "a claim with its words broken or in look-alike letters", []claimCase{
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
	}},
	// Session 51: a Greek letter of an established technical name beside Latin
	// letters was refused as a look-alike ("Demo α-Si thin-film module").
	// Ensure the names access.CheckPrintsAsItReads lists print as they read,
	// and a Greek look-alike in a word is still refused.
	{"Session51_TechnicalGreekInNames", "a Greek look-alike beside Latin letters", []claimCase{
		{"product.name", "Demo cαrbon module"},
		{"product.name", "Dεmo Module"},
		{"product.name", "Demo α-Silicon module"},
	}, []claimCase{
		{"product.name", "Demo α-Si thin-film module"},
		{"product.name", "Demo α-Si/μc-Si tandem module"},
		{"product.name_zh", "示例非晶硅α-Si薄膜组件"},
		{"product.name", "Demo module, 150μm wafers"},
		{"product.name", "Demo sensor 10kΩ NTC"},
	}},
	// Session 51: look-alikes the certificate font prints. Full-width letters,
	// mathematical alphanumerics and combining marks are folded (NFKC, marks
	// dropped: the mathematical letters and the marks are not in the font
	// either, and the renderer refuses them at application); the signs of
	// Latin-1 and € that read as letters and that NFKC leaves were read by no
	// pattern: ¢, ¥ (UTS #39 confusables), €, µ, ¡. Ensure each is refused.
	{"Session51_LookAlikeSigns", "a claim in look-alike letters", []claimCase{
		{"product.name", "Demo Module ｃａｒｂｏｎ ｎｅｕｔｒａｌ"},
		{"product.name", "Demo Module 𝐂𝐚𝐫𝐛𝐨𝐧 𝐍𝐞𝐮𝐭𝐫𝐚𝐥"},
		{"product.name", "Demo Module c̲arbon neutral"},
		{"product.name", "Demo Module c̲a̲r̲b̲o̲n̲ n̲e̲u̲t̲r̲a̲l̲"},
		{"product.name", "Demo Module 𝐂𝐄 marked"},
		{"product.name", "Demo Module ¢arbon neutral"},
		{"product.name", "Demo Module 75 kg ¢O2e"},
		{"product.name", "Demo Module carbon neµtral"},
		{"product.name", "Demo Module cert¡f¡ed"},
		{"product.name", "Demo Module C€ marked"},
		{"product.name", "Demo Module C€"},
		{"product.name", "Demo laptop ENERG¥ STAR"},
	}, []claimCase{
		{"product.name", "Demo Module €199"},
		{"product.name_zh", "示例组件 ¥1999"},
		{"product.name", "Demo module, 150µm wafers"},
		{"product.name", "Demo monitor, 2×HDMI"},
		{"product.name", "Demo Module ｘ２"},
	}},
	// Session 52: hanzi the certificate font draws as Latin letters and
	// digits, past red team 74's strokes and boxes: 乙 (a Z, or a 2 beside a
	// digit or after CO), 匸 (匚 with a stroke over it, a C), 丁 (a T) and
	// 冂 (an n). Each claim was accepted. Ensure each is refused naming its
	// field, and that the characters among Chinese ones (乙醇, 丁苯橡胶, 甲乙)
	// stay Chinese.
	{"Session52_HanziReadAsLetters", "a claim in hanzi that print as letters", []claimCase{
		{"product.name", "Demo Module NET 乙ERO"},
		{"product.name", "Demo Module 乙ERO CARBON"},
		{"product.name", "Demo Module 75 kg CO乙e"},
		{"product.name", "Demo Module 匸E"},
		{"product.name", "Demo Module 匸ARBON NEUTRAL"},
		{"product.name", "Demo Module 丁UV"},
		{"product.name", "Demo Module 冂ET ZERO"},
		{"product.name_zh", "示例组件 CDPCF-乙0乙6-000001"},
		{"product.name_zh", "示例组件 CDPCF-2026-00000乙"},
		{"product.model", "DEMO-M10 匸E"},
		{"product.manufacturer", "Demo Solar Co. CDPCF-乙0乙6-000001"},
	}, []claimCase{
		{"product.name_zh", "乙醇汽油 E10"},
		{"product.name_zh", "丁苯橡胶 SBR 1502"},
		{"product.name_zh", "示例组件 甲乙类 A2"},
		{"product.manufacturer", "丁氏光伏 (Ding Solar) Co."},
		{"product.name_zh", "示例组件 冂形边框"},
	}},

	// A grade of the footprint or another label of the carbon label
	// family (session 48, reviewer 48).

	// A grade of the footprint or another label of the carbon label family in
	// the product's names: "示例组件 碳足迹A级" and "Demo module Low Carbon
	// Label" were accepted (session 48), and the certificate and label would
	// print them under the certified figure as if the certification had graded
	// the product or awarded it a low-carbon label; the national scheme plans
	// grading (分级) and names low-carbon and carbon-reduction labels as other
	// certifications of its family (shared/reference/standards.md §2.1). Ensure
	// each is refused naming its field, and that the energy label's grade, a
	// low-carbon steel, graded cells and materials, and a company name holding
	// the words are accepted.
	{"Claims_GradesAndOtherCarbonLabels", "a grade or another carbon label beside the certified figure", []claimCase{
		{"product.name_zh", "示例组件 碳足迹A级"},
		{"product.name_zh", "示例组件 碳足迹一级"},
		{"product.name_zh", "示例组件 碳标识一级"},
		{"product.name_zh", "示例组件 碳足迹等级：优"},
		{"product.name_zh", "示例组件 A级碳足迹"},
		{"product.name_zh", "示例组件 低碳认证"},
		{"product.name_zh", "示例组件（低碳产品认证）"},
		{"product.name_zh", "示例组件 减碳标识"},
		{"product.name_zh", "示例组件 碳足跡A級"},
		{"product.name_zh", "示例组件 低碳認證"},
		{"product.name_zh", "示例组件 減碳標籤"},
		{"product.name", "Demo module low-carbon certified"},
		{"product.name", "Demo module certified low carbon"},
		{"product.name", "Demo module Low Carbon Label"},
		{"product.name", "Demo module carbon label grade A"},
		{"product.name", "Demo module carbon footprint grade A+"},
		{"product.name", "Demo module CFP grade 1"},
		{"product.name", "Demo module Grade A carbon footprint"},
		{"product.name", "Demo module carbon reduction label"},
		{"product.model", "LC-LABEL low carbon label"},
		{"not_applicable[0].reason", "本产品碳足迹一级，无入厂运输"},
		// reviewer 48: punctuation between the words and the grade, the national label's own
		// name, other grades, other names of the footprint, a grade after 低碳, traditional and
		// Japanese forms, and a grade in a company's name or address
		{"product.name_zh", "示例组件 碳足迹：A级"},
		{"product.name_zh", "示例组件 碳足迹为A级"},
		{"product.name_zh", "示例组件 碳足迹（A级）"},
		{"product.name", "Demo module carbon label (grade A)"},
		{"product.name", "Demo module carbon label = grade A"},
		{"product.name", "Demo module carbon, label grade A"},
		{"product.name_zh", "示例组件 碳足迹标识一级"},
		{"product.name_zh", "示例组件 碳足迹标签A级"},
		{"product.name_zh", "示例组件 碳足迹 A+级"},
		{"product.name_zh", "示例组件 碳足迹Ａ＋级"},
		{"product.name_zh", "示例组件 碳足迹AAA级"},
		{"product.name_zh", "示例组件 碳足迹Ⅰ级"},
		{"product.name_zh", "示例组件 碳足迹壹级"},
		{"product.name_zh", "示例组件 碳足迹甲级"},
		{"product.name_zh", "示例组件 碳足迹一等"},
		{"product.name_zh", "示例组件 碳足迹优等"},
		{"product.name_zh", "示例组件 碳足迹 A档"},
		{"product.name_zh", "示例组件 碳足迹五星"},
		{"product.name_zh", "示例组件 碳足迹 级别A"},
		{"product.name", "Demo module carbon-footprint rating AAA"},
		{"product.name", "Demo module A-rated carbon footprint"},
		{"product.name", "Demo module carbon footprint: A-rated"},
		{"product.name", "Demo module carbon label grade I"},
		{"product.name", "Demo module carbon label grade 6"},
		{"product.name", "Demo module carbon label Gold"},
		{"product.name", "Demo module A-grade carbon footprint"},
		{"product.name", "Demo module low carbon cert."},
		{"product.name", "Demo module carbon reduced label"},
		{"product.name_zh", "示例组件 碳排A级"},
		{"product.name_zh", "示例组件 温室气体A级"},
		{"product.name_zh", "示例组件 碳足印A级"},
		{"product.name_zh", "示例组件 碳效A级"},
		{"product.name_zh", "示例组件 低碳一级"},
		{"product.name_zh", "示例组件 低碳A级产品"},
		{"product.name_zh", "示例组件 低碳等级A"},
		{"product.name_zh", "示例组件 低碳產品認證"},
		{"product.name_zh", "示例组件 低碳産品認証"},
		{"product.name_zh", "示例组件 低碳產品標誌"},
		{"product.name_zh", "示例组件 減碳標誌"},
		{"product.manufacturer", "示例光伏有限公司（碳足迹A级）"},
		{"product.manufacturer", "Demo Solar Co., Ltd. - Carbon Footprint Grade A"},
		{"product.site", "示例工厂 碳足迹一级"},
	}, []claimCase{
		{"product.name_zh", "示例组件 一级能效"},
		// reviewer 48: honest names the first patterns refused
		{"product.name", "Lenovo ThinkPad X1 Carbon Grade A refurbished laptop"},
		{"product.name", "ThinkPad X1 Carbon - Grade B"},
		{"product.name", "Refurbished ThinkPad X1 Carbon: Grade A"},
		{"product.model", "X1 Carbon Grade A"},
		{"product.name_zh", "示例组件 A级低碳钢板"},
		{"product.name_zh", "示例组件 一级低碳钢丝"},
		{"product.name_zh", "光伏支架 Q235 A级低碳钢"},
		{"product.name_zh", "3级低碳铝合金边框组件"},
		{"product.name_zh", "示例组件 5级低碳钢"},
		{"product.name", "Demo module, ASTM A36 Grade A low carbon steel plate"},
		{"product.name", "Demo module, Class 4 low carbon steel bolts"},
		{"product.name", "Demo module, Grade 2 low carbon steel wire mounting kit"},
		{"product.name", "Grade A low carbon aluminium frame module"},
		{"product.name", "Monitor, CO2 class 1 indoor sensor built in"},
		{"product.name", "CO2 Class 1 laser engraver"},
		{"product.name", "PV module with low-carbon certified aluminium (ASI)"},
		{"product.name", "Bifacial module, low carbon certified polysilicon"},
		{"product.name", "Monocrystalline PV module, Class A, 410 W"},
		{"product.name", "Monitor 27\" energy class A"},
		{"product.name_zh", "27英寸显示器 能效等级1级"},
		{"product.name_zh", "示例显示器 低碳 一级能效"},
		{"product.name_zh", "低碳钢边框光伏组件"},
		{"product.name", "Carbon fiber frame class A"},
		{"product.name", "CO2 laser tube class 4"},
		{"product.name_zh", "示例组件 低碳钢框 A级电池片"},
		{"product.name_zh", "活性炭一级品"},
		{"product.name", "Demo module, Grade A cells, Grade B carbon steel frame"},
		{"product.name", "Demo module Tier 1 cells, Class II insulation"},
		{"product.manufacturer", "成都低碳认证科技有限公司"},
	}},

	// Another certification, endorsement or scheme's mark of the
	// product (red teams 84, 85, reviewer 50, session 51, session 52).

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
	{"Redteam84_OtherCertificationsEndorsementsComparisons", "another certification, an endorsement or a comparison under the certified figure", []claimCase{
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
	}},
	// Red team 85: what red team 84 left open, written by a flatterer. A
	// company's name or address and a not-applicable reason stating a
	// certification or a designation of the product ("国家认证低碳示范工厂有限公司",
	// "Certified Carbon Neutral Manufacturing Co.", "组件已通过IEC 61215认证"):
	// a party's name is not the place for a claim about this product, and a
	// reason explains why a stage does not apply, not what certified it.
	// Ensure each is refused naming its field; a certification body's own
	// name ("中国质量认证中心", "Bureau Veritas Certification") and an honest
	// reason are accepted.
	{"Redteam85_CertificationInPartiesAndReasons", "a certification or designation of the product in a party's name or a reason", []claimCase{
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
	}},
	// Red team 85: the marks of other schemes printed as text in a product's
	// names, model or a reason, which a reader takes for marks the product
	// holds beside this certificate: "CE marked", "UL listed", "Energy Star",
	// "TÜV", "绿色产品", "中国环境标志", "能效标识一级", "节能产品". The energy
	// label's grade as a product states it ("一级能效") stays accepted, and so
	// do models that hold the letters ("CE-2024", "UL3000").
	{"Redteam85_OtherSchemesMarksAsText", "another scheme's mark", []claimCase{
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
	}},
	// Session 51: another scheme's mark written as its bare letters, a token
	// of its own after a name, between separators or in brackets ("Demo
	// Module 400W CE", "CE/UL", "CE·UL", "(CE)"), prints beside the certified
	// figure as "CE marked" does, which red team 85 refused. Ensure each is
	// refused naming its field, in full-width letters and spelled out too;
	// and that a model holding the letters ("CE-2024", "ST-CE300", "UL3000"),
	// words holding them ("ACE", "CELL", "ULTRA", "PULSE"), a UL standard's
	// number ("UL 94 V-0"), Windows CE and Chinese text stay accepted.
	// Red team 85 had accepted "Demo Module, CE" as a model's letters; it is
	// the bare mark at the end, and is refused here.
	{"Session51_BareMarks", "another scheme's mark by its bare letters", []claimCase{
		{"product.name", "Demo Module 400W CE"},
		{"product.name", "Demo Module 400W UL"},
		{"product.name", "Demo Module CE/UL"},
		{"product.name", "Demo Module CE·UL"},
		{"product.name", "Demo Module (CE)"},
		{"product.name", "Demo Module [UL]"},
		{"product.name", "Demo Module, CE"},
		{"product.name", "Demo Module CE UL 400W"},
		{"product.name", "Demo Module - CE"},
		{"product.name", "Demo Module C.E."},
		{"product.name", "Demo Module CE 0123"}, // the CE mark with its notified body's number
		{"product.name", "Demo Module cULus"},
		{"product.name", "Demo Module c-UL-us"},
		{"product.name", "Demo Module (UKCA)"},
		{"product.name", "Demo cable, RoHS"},
		{"product.name", "Demo Module UL®"},
		{"product.name", "Demo Module ＣＥ"},   // full-width
		{"product.name", "Demo Module （ＵＬ）"}, // full-width brackets
		{"product.name_zh", "示例组件 CE"},
		{"product.name_zh", "示例组件CE"},
		{"product.name_zh", "示例组件 CCC"},
		{"product.model", "DEMO-M10-54 CE"},
		{"product.model", "DEMO-M10-54 (UL)"},
		{"not_applicable[0].reason", "无使用阶段能耗（CE）"},
		{"product.name", "Demo Module UL 1703 listed"}, // a UL standard listed, as "IEC 61215 certified" is
	}, []claimCase{
		{"product.model", "CE-2024"},
		{"product.model", "ST-CE300"},
		{"product.model", "UL3000"},
		{"product.model", "TUV100"},
		{"product.model", "LR5-54HTH-430M"},
		{"product.name", "Demo ACE module"},
		{"product.name", "Demo CELL module"},
		{"product.name", "Demo ULTRA module"},
		{"product.name", "Demo PULSE charger"},
		// "Demo Module 400W-CE", accepted here as a code's suffix, is a mark joined to a code: Session52_MarksJoinedToACode refuses it
		{"product.name", "Ce-doped glass module"},
		{"product.name", "Demo charger, UL 94 V-0 housing"},
		{"product.name", "Demo module to IEC/UL 61730"},
		{"product.name", "Demo HMI panel, Windows CE 6.0"},
		{"product.name", "Demo USB Type C E-Marker cable"},
		{"product.name", "Demo Module (54 cells) [M10]"},
		{"product.name_zh", "示例单晶硅光伏组件"},
		{"product.name_zh", "隆基Hi-MO 6 单晶硅光伏组件"},
		{"product.name_zh", "示例组件【双玻】"},
		{"product.name_zh", "示例笔记本电脑 一级能效"},
	}},
	// Session 51: a not-applicable reason pointing to a supplier's
	// certificate was refused as another certification ("供应商证书编号见附件",
	// "see the supplier's 证书 on file"): it is the evidence of an input, as a
	// certificate built on a supplier's names it (PRODUCT.md). Ensure it is
	// accepted, and that a certification of the product beside it, or a
	// certificate that is not a supplier's, is still refused (red team 85).
	{"Session51_SupplierCertificateInReason", "another certification of the product in a reason", []claimCase{
		{"not_applicable[0].reason", "本产品与供应商均已认证"},
		{"not_applicable[0].reason", "供应商证书齐全，产品已通过TÜV认证"},
		{"not_applicable[0].reason", "see the supplier's certificate; the product is TÜV certified"},
		{"not_applicable[0].reason", "产品证书见附件"},
		{"not_applicable[0].reason", "the product's certificate is on file"},
		{"not_applicable[0].reason", "组件已通过IEC 61215认证，无需使用阶段维护"},
	}, []claimCase{
		{"not_applicable[0].reason", "供应商证书编号见附件"},
		{"not_applicable[0].reason", "see the supplier's 证书 on file"},
		{"not_applicable[0].reason", "see the supplier's certificate on file"},
		{"not_applicable[0].reason", "无入厂运输，见供应商提供的碳足迹证书"},
		{"not_applicable[0].reason", "Supplier certificates on file; no transport to the factory"},
	}},
	// Reviewer 50: red team 84's endorsement pattern read, in a not-applicable
	// reason, who does a stage's work as the customer or the grid operator
	// asks ("as recommended by the customer", "客户指定供应商"), and a recycler
	// a public body designates ("市生态环境局指定的单位回收"), as an
	// endorsement of the product. Ensure these reasons are accepted, as red
	// team 85 accepted a certified recycler, and an endorsement of the product
	// in a reason, or in a product's names, is still refused.
	{"Reviewer50_EndorsementWordsInReasons", "an endorsement of the product", []claimCase{
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
	}},
	// Session 52: what session 51 left open. A mark joined to the end of a
	// code by a hyphen, an underscore or a point ("400W-CE"), which session
	// 51 read as the code's suffix, ends the name as a bare mark does; UL
	// before a number and a unit ("UL 1500V") is the mark before a rating,
	// not a UL standard, which bareMarkHonestRe took it for. Ensure each is
	// refused naming its field, for each mark bareMarkRe reads; and that a
	// mark's letters leading or inside a code ("CE-2024", "TN-CE-550"), a
	// UL standard beside a rating ("UL 1703 1500V"), a UL 94 rating and a
	// code's suffix that is no mark stay accepted.
	{"Session52_MarksJoinedToACode", "another scheme's mark joined to a code or before a rating", []claimCase{
		{"product.name", "Demo Module 400W-CE"},
		{"product.name", "Demo Module 400W-UL"},
		{"product.name", "Demo Module 400W-CCC"},
		{"product.name", "Demo Module 400W-FCC"},
		{"product.name", "Demo Module 400W-RoHS"},
		{"product.name", "Demo Module 400W-UKCA"},
		{"product.name", "Demo Module 400W-cULus"},
		{"product.name", "Demo Module 400W_CE"},
		{"product.name", "Demo Module 400W.CE"},
		{"product.name", "Demo Module 400W－ＣＥ"}, // full-width
		{"product.name", "Demo Module 400W‐CE"}, // U+2010 hyphen
		{"product.name", "Demo Module 400W‑CE"}, // U+2011 non-breaking hyphen
		{"product.name", "Demo Module 400W-ce"},
		{"product.name", "Demo Module 400W~CE"},
		{"product.name", "Demo Module 400W CE-"},
		{"product.name", "Demo Module 1500V-UL"},
		{"product.model", "DEMO-M10-54-CE"},
		{"product.model", "DEMO-M10-54-UL"},
		{"product.name_zh", "示例组件 400W-CCC"},
		{"not_applicable[0].reason", "无使用阶段能耗，型号DEMO-M10-CE"},
		{"product.name", "Demo Module UL 1500V"},
		{"product.name", "Demo Module UL 1500 V DC"},
		{"product.name", "Demo Module UL-1500V"},
		{"product.name", "Demo Module UL1500V"},
		{"product.name", "Demo Module ＵＬ　１５００Ｖ"},
		{"product.name", "Demo charger UL 10A"},
		{"product.name", "Demo Module UL 400 W"},
		{"product.name", "Demo Module UL 1500 VDC"},
		{"product.name", "Demo Module UL 1,500 V"},
		{"product.name", "Demo Module UL 1500 volts"},
		{"product.name", "Demo Module UL: 1500V"},
	}, []claimCase{
		{"product.model", "CE-2024"},
		{"product.model", "TN-CE-550"},
		{"product.model", "ST-CE300"},
		{"product.model", "UL-4500"},
		{"product.model", "UL3000"},
		{"product.model", "LR5-54HTH-430M"},
		{"product.model", "DEMO-M10-54-ACE"},
		{"product.name", "Demo Module 400W-CELL"},
		{"product.name", "Demo charger, UL 94 V-0 housing"},
		{"product.name", "Demo charger, UL 94 5VA housing"},
		{"product.name", "Demo module to IEC/UL 61730, 1500 V"},
		{"product.name", "Demo module UL 1703 1500V"},
		{"product.name", "Demo Module 1500V UL 1703"},
	}},
	// Session 52: three texts session 51 refused as a bare mark, decided.
	// An FCC ID is the identifier of an equipment authorization, which 47
	// CFR 2.925 has the device itself carry: it names the product, as its
	// model does, and marks nothing (the FCC logo does), so "FCC ID" before
	// a grantee code is accepted, and a mark after it still read. A CE
	// edition ("CE Edition", "CE版") is an edition's name, as Windows CE is
	// an operating system's. A bare CE between the words of a name ("Demo CE
	// Module") still reads as the mark on a certified label, and stays
	// refused.
	{"Session52_FCCIDAndEditions", "another scheme's mark by its bare letters", []claimCase{
		{"product.name", "Demo CE Module"},
		{"product.name", "Demo Module UL Edition 400W UL"},
		{"product.name", "Demo laptop FCC ID"},
		{"product.name", "Demo laptop FCC"},
		{"product.name", "Demo laptop FCC ID 2ABCD-CE"},
		{"product.name", "Demo laptop FCC ID 2ABCD-1234 (CE)"},
		{"product.name", "Demo laptop CE Edition, CE"},
	}, []claimCase{
		{"product.name", "Demo laptop FCC ID 2ABCD-1234"},
		{"product.name", "Demo laptop FCC ID: 2ABCD-1234"},
		{"product.name", "Demo router, FCC ID: BCG-E2816A"},
		{"product.model", "FCC ID 2ABCD-1234"},
		{"product.name_zh", "示例笔记本电脑 FCC ID：2ABCD-1234"},
		{"product.name", "Demo Laptop CE Edition"},
		{"product.name", "Demo Module ＣＥ Edition"},
		{"product.name_zh", "示例笔记本电脑 CE版"},
		{"product.name", "Demo HMI panel, Windows CE 6.0"},
	}},

	// Comparisons of the product with others, by a comparative word, a
	// ratio or a reduction (red team 85, reviewers 50 and 51, session 51,
	// session 52).

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
	// its field, in Chinese and English, by a comparative (低于, 更环保,
	// better, "5x lower"), a share, percentage points, "vs." and a
	// percentage in words; and that comparisons naming a property (before
	// or after the comparison) or a measurement ("less than 1.2 kg") stay
	// accepted.
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
		// the same in other words: 低于, 少于, 对比, percentage points, 约, 了, greener, better, times
		{"product.name_zh", "示例组件 比LONGi低"},
		{"product.name_zh", "示例组件 较之隆基低两成"},
		{"product.name_zh", "示例组件 对比隆基下降20%"},
		{"product.name_zh", "示例组件 低于隆基20%"},
		{"product.name_zh", "示例组件 少于晶科20%"},
		{"product.name_zh", "示例组件 比隆基低二十个百分点"},
		{"product.name_zh", "示例组件 比隆基低约20%"},
		{"product.name_zh", "示例组件 比隆基足足低了20%"},
		{"product.name_zh", "示例组件 比隆基节省20%"},
		{"product.name_zh", "示例组件 比隆基环保20%"},
		{"product.name_zh", "示例组件 比隆基更环保"},
		{"product.name_zh", "示例组件 比隆基更绿色"},
		{"product.name_zh", "示例组件 比隆基好20%"},
		{"product.name_zh", "示例组件 低于国标要求20%"},
		{"product.name", "Demo Module, 20% better than LONGi"},
		{"product.name", "Demo Module, 5x lower than LONGi"},
		{"product.name", "Demo Module, two times lower than Jinko"},
		{"product.name", "Demo Module, lower than 隆基"},
		{"product.name", "Demo Module (lower than LONGi)"},
		{"product.name", "Demo Module, only 70% of LONGi's"},
		{"product.name", "Demo Module, only half of LONGi's"},
		{"product.name_zh", "示例组件 比比亚迪低20%"},
		{"product.name_zh", "示例组件 碳足迹比比亚迪低"},
		{"product.name_zh", "比亚迪示例组件 比隆基低20%"},
		{"product.name_zh", "示例组件 优于隆基20%"},
		{"product.name_zh", "示例组件 胜过隆基20%"},
		{"product.name", "Demo Module, 20% below LONGi"},
		{"product.name", "Demo Module, 20% under Jinko"},
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
		{"product.name_zh", "示例组件 首年衰减低于2%，线性衰减低于0.4%"},
		{"product.name_zh", "示例组件 只有上代的一半重量"},
		{"product.name_zh", "示例组件 效率比上代高0.5个百分点"},
		{"product.name_zh", "示例显示器 比上代省电20%"},
		{"product.name_zh", "示例组件 少于60片电池"},
		{"product.name_zh", "示例组件 重量低于25千克"},
		{"product.name_zh", "示例组件 比上代更轻更薄"},
		{"product.name", "Demo laptop, lower than 15 mm"},
		{"product.name", "Demo laptop, less than 1.2 kg"},
		{"product.name", "Demo router (less than 5 W)"},
		{"product.name", "Demo router (less than five watts)"},
		{"product.name", "Demo charger, under 1% of rated power in standby"},
		{"product.name", "Demo module, half of the cells bifacial"},
		{"product.name", "Demo module, 30% of cells from recycled silicon"},
		{"product.name", "Demo laptop, 2x faster than Gen 11"},
		{"product.name", "Demo laptop, 2x better battery than Gen 11"},
		{"not_applicable[0].reason", "The product is passive; lower than any threshold"},
		// 比 beginning a name or a word: BYD (比亚迪), BAK (比克), Belgium (比利时)
		{"product.manufacturer", "比亚迪股份有限公司"},
		{"product.name_zh", "比亚迪刀片电池 自放电少"},
		{"product.name_zh", "比亚迪电池 故障少"},
		{"product.name_zh", "比亚迪光伏组件 热斑少"},
		{"product.name_zh", "比亚迪电池 低碳"},
		{"product.name_zh", "比亚迪储能柜 噪音低"},
		{"product.name_zh", "比亚迪 电池 低于20%电量自动休眠"},
		{"product.name_zh", "比克电池 内阻低"},
		{"product.name_zh", "比利时进口低铁玻璃组件"},
		{"product.name_zh", "示例组件 比较低"},
		{"product.name_zh", "示例组件 比隆基自放电少20%"},
		// the product itself, a number in words, a property further on
		{"not_applicable[0].reason", "Installation: less than the module's rated power is drawn, by the inverter"},
		{"product.name", "Demo charger, fewer than one failure in 10,000 h"},
		{"product.name", "Demo module, less than the product's 0.5 m² per piece"},
		{"product.name_zh", "示例笔记本 含再生铝超过30%"},
		{"product.name_zh", "示例组件 回收率超过95%"},
		{"product.name_zh", "示例组件 功率优于上代5%"},
		{"product.name", "Demo module, voltage 5% below nominal"},
		{"product.name", "Demo laptop, 1/2 the weight of Gen 11"},
		{"product.name", "Demo module, 1/3 cut cells"},
		{"product.name", "Demo module, 2/3 of cells from recycled silicon"},
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
		{"product.name", "Demo Module, carbon footprint less than half of LONGi's"},
		{"product.name", "Demo Module, footprint 1/2 of LONGi's"},
		{"product.name_zh", "示例组件 碳足迹减半（对比隆基）"},
		{"product.name_zh", "示例组件 较隆基碳排放减半"},
		{"product.name_zh", "示例组件 碳排放减半"},
		{"not_applicable[0].reason", "运输排放仅为隆基的一半"},
	}, []claimCase{
		{"not_applicable[0].reason", "运输排放为总排放的0.5%，按截断规则不计"},
		{"not_applicable[0].reason", "运输排放仅占总量的0.3%"},
		{"not_applicable[0].reason", "运输排放不足总排放的1%"},
		{"not_applicable[0].reason", "Transport emissions are 0.5% of the total"},
		{"not_applicable[0].reason", "Transport emissions: 0.5 % of the product's total, below the cut-off"},
		{"not_applicable[0].reason", "Transport emissions are less than 1% of the total"},
		{"product.name", "Demo module, bifaciality 80% of front side"},
		{"not_applicable[0].reason", "运输排放低于阈值的10%"},
		{"not_applicable[0].reason", "Transport emissions, less than 1% of total, are left out"},
		// refused until session 52: rivalRe read "emissions are less than" before half, as it reads a rival
		{"not_applicable[0].reason", "Use-stage emissions are less than half of the cut-off"},
		{"not_applicable[0].reason", "Use-stage emissions are less than half the threshold"},
	}},

	// Session 53 (claims4): what session 52 left accepted. A share of another
	// or a ratio to it with no comparative word ("80% of LONGi", "隆基的80%",
	// "LONGi x0.8"), a signed share beside a name ("LONGi +20%"), and an
	// emission word beside a share or a multiplier ("CO2 x0.5", "碳足迹 0.5倍"),
	// with the flatterer's variants (full-width, no space, words, Chinese
	// and English mixed). Ensure each is refused naming its field, and that
	// a share naming the property it is of, a tolerance, a count of ports
	// and a stage's share of the product's own total stay accepted.
	{"Session53_SharesAndRatiosWithoutAComparative", "a comparison with another product or a ratio of emissions", []claimCase{
		{"product.name", "Demo Module, 80% of LONGi"},
		{"product.name", "Demo Module, 80 % of LONGi's"},
		{"product.name", "Demo Module, ８０％ of LONGi"},
		{"product.name", "Demo Module, eighty percent of Jinko"},
		{"product.name", "Demo Module, half of LONGi"},
		{"product.name", "Demo Module, 1/2 of LONGi Hi-MO 6"},
		{"product.name", "Demo Module, LONGi +20%"},
		{"product.name", "Demo Module, LONGi+20%"},
		{"product.name", "Demo Module, LONGi ＋２０％"},
		{"product.name", "Demo Module (LONGi: -20%)"},
		{"product.name", "Demo Module, LONGi −20 %"},
		{"product.name", "Demo Module, LONGi x0.8"},
		{"product.name", "Demo Module, LONGi × 0.8"},
		{"product.name", "Demo Module, 0.8x LONGi"},
		{"product.name", "Demo Module, 0.8 times LONGi"},
		{"product.name", "Demo Module, LONGi x1/2"},
		{"product.name_zh", "示例组件 隆基的80%"},
		{"product.name_zh", "示例组件 隆基的８０％"},
		{"product.name_zh", "示例组件 仅隆基的八成"},
		{"product.name_zh", "示例组件 相当于隆基的0.8倍"},
		{"product.name_zh", "示例组件 隆基的零点八倍"},
		{"product.name_zh", "示例组件 LONGi的80%"},
		{"product.name_zh", "示例组件 隆基 +20%"},
		{"product.name_zh", "示例组件 隆基×0.8"},
		{"product.name", "Demo Module CO2 x0.5"},
		{"product.name", "Demo Module CO2 ×0.5"},
		{"product.name", "Demo Module, 0.5x CO2"},
		{"product.name", "Demo Module, CO₂ x 0.5"},
		{"product.name", "Demo Module, emissions x0.5"},
		{"product.name", "Demo Module, footprint 0.5 times"},
		{"product.name", "Demo Module, CO2 50%"},
		{"product.name_zh", "示例组件 二氧化碳 x0.5"},
		{"product.name_zh", "示例组件 碳排放×0.5"},
		{"product.name_zh", "示例组件 碳足迹 0.5倍"},
		{"product.name_zh", "示例组件 碳足迹五成"},
		{"product.name_zh", "示例组件 碳排放仅占隆基的一半"},
	}, []claimCase{
		{"product.name", "Demo laptop, x86 processor"},
		{"product.name", "Demo laptop x86-64"},
		{"product.name", "Demo laptop, 2x USB-C, 1x HDMI"},
		{"product.name", "Demo laptop, USB-C ×2"},
		{"product.name", "LONGi Hi-MO 6 LR5-54HTH-430M"},
		{"product.name_zh", "隆基Hi-MO 6 单晶硅光伏组件"},
		{"product.manufacturer", "隆基绿能科技股份有限公司"},
		{"product.name", "Demo module, 80% of initial power after 25 years"},
		{"product.name", "Demo module, power 80% of initial after 25 years"},
		{"product.name_zh", "示例组件 25年后功率不低于初始的80%"},
		{"product.name_zh", "示例组件 首年功率保持初始的98%"},
		{"product.name_zh", "示例组件 额定功率的80%"},
		{"product.name", "Demo module, power tolerance 0/+5%"},
		{"product.name", "Demo module, 0~+3% power tolerance"},
		{"product.name_zh", "示例组件 正公差0~+3%"},
		{"product.name_zh", "示例组件 功率温度系数 -0.35%/℃"},
		{"product.name", "Demo module, Pmax temperature coefficient -0.34%/K"},
		{"product.name", "Demo laptop, battery +20%"},
		{"product.name_zh", "示例笔记本 续航+20%"},
		{"product.name", "Demo camera 0.5x ultra-wide lens"},
		{"product.name", "Demo laptop 1.5x brightness"},
		{"product.name", "Demo laptop, 2.5x faster than Gen 11"},
		{"product.name", "Demo CO2 laser cutter 2.5x faster"},
		{"product.name", "Demo CO2 sensor, accuracy ±3%"},
		{"product.name_zh", "二氧化碳传感器 精度±3%"},
		{"product.name", "Demo CO2 laser tube 100 W"},
		{"product.name_zh", "示例笔记本 再生铝占铝材的30%"},
		{"product.name", "PA66+30% GF housing"},
		{"product.name", "Demo module, half of the cells bifacial"},
		{"not_applicable[0].reason", "运输排放为总排放的0.5%，按截断规则不计"},
		{"not_applicable[0].reason", "运输排放可忽略（<1%）"},
		{"not_applicable[0].reason", "Transport emissions are 0.5% of the product's emissions"},
		{"not_applicable[0].reason", "Transport emissions: 0.3 % of the footprint, below the cut-off"},
		{"not_applicable[0].reason", "取舍项占产品排放的 4.7 %，低于截断限值 5 %"},
		{"not_applicable[0].reason", "运输排放低于阈值的10%"},
	}},
	// Session 53: a property word in the product's name let a comparison
	// through (session 52 read a property anywhere within a few characters
	// of it). Ensure the property counts only where it is what is compared:
	// the subject right before the comparison, within it, or after it in
	// the same clause (session 52's accepted cases stay accepted).
	{"Session53_PropertyOfTheNameIsNotTheComparisons", "a comparison with another product", []claimCase{
		{"product.name_zh", "低功耗组件 比隆基低20%"},
		{"product.name_zh", "低功耗组件比隆基低20%"},
		{"product.name_zh", "示例组件 比隆基低20%（低功耗）"},
		{"product.name_zh", "示例组件 比隆基低20%，低功耗"},
		{"product.name", "Low-power module, 20% lower than LONGi"},
		{"product.name", "Demo Module (low power) 20% lower than LONGi"},
		{"product.name", "Demo Module 20% lower than LONGi, low power"},
	}, nil},
	// Session 53: a mark's letters joined to a rating, either side, by a
	// hyphen, an underscore, a point or nothing ("CE-400W", "400W-C-E",
	// "400W-CE-M10"): session 52 read them as a code. A code of a mark's
	// letters and digits with no unit stays a code, and UL with a number
	// after a rating a standard.
	{"Session53_MarksJoinedToARating", "another scheme's mark beside a rating", []claimCase{
		{"product.name", "Demo Module CE-400W"},
		{"product.name", "Demo Module CE400W"},
		{"product.name", "Demo Module CE_400W"},
		{"product.name", "Demo Module CE-400W-M10"},
		{"product.name", "Demo Module ＣＥ－４００Ｗ"},
		{"product.name", "Demo Module 400W-C-E"},
		{"product.name", "Demo Module 400W-C.E."},
		{"product.name", "Demo Module 400W-CE-M10"},
		{"product.name", "Demo Module 400WCE"},
		{"product.name", "Demo Module C-E-400W"},
		{"product.name", "Demo Module FCC-400W"},
		{"product.name", "Demo Module RoHS-1500V"},
		{"product.name", "Demo Module UKCA-400Wp"},
		{"product.name", "Demo Module CCC 10A"},
		{"product.model", "CE-400W"},
		{"product.model", "DEMO-M10-400W-CE-X"},
		{"product.name", "Demo Module C彐"},
	}, []claimCase{
		{"product.name", "Demo Module, 400W module"},
		{"product.name", "Demo Module 400 W module"},
		{"product.name", "Demo Module 400W-M10"},
		{"product.name", "Demo charger, UL 94 V-0 housing"},
		{"product.name", "Demo Module 1500V UL 1703"},
		{"product.model", "CE-2024"},
		{"product.model", "UL-4500"},
		{"product.model", "TN-CE-550"},
	}},
	// Session 53: hanzi the font prints as Latin letters or digits, past
	// session 52's 乙 匸 丁 冂: 彐 (E), 几 (N), 卩 (P), 乛 (7); and CO2 read from
	// look-alikes before a figure ("匸O2 100kg"), which only the loosest
	// reading had read, and it is not run on text read from look-alikes.
	// Among Chinese characters they stay Chinese.
	{"Session53_HanziReadAsLetters", "a claim in hanzi that print as letters", []claimCase{
		{"product.name", "Demo Module C 彐"},
		{"product.name", "Demo Module NET Z彐RO"},
		{"product.name", "Demo Module 几ET ZERO"},
		{"product.name", "Demo Module CARBO几 NEUTRAL"},
		{"product.name", "Demo Module 卩CF 75 kg"},
		{"product.name", "Demo Module 卩CF: 75kg"},
		{"product.name", "Demo Module 乛5 kg CO2"},
		{"product.name", "Demo Module CDPCF-2026-00000乛"},
		{"product.name", "Demo Module 匸O2 100kg"},
		{"product.name", "Demo Module 匸O2: 100 kg"},
		{"product.name", "Demo Module 匸O₂ 100kg"},
		{"product.name", "Demo Module 匸O2 one hundred kg"},
		{"product.name_zh", "示例组件 匸O2 100千克"},
	}, []claimCase{
		{"product.name_zh", "示例茶几 A款"},
		{"product.name_zh", "示例组件 茶几 2代"},
	}},

	// Honest texts as manufacturers write them (reviewer 50).

	// Ensure honest product text stays accepted by the wider claim patterns:
	// power (W, Wp, kWh), models of digits and letters, numerals in names
	// (一体化, 二合一, 二代), a company named Carbon or 零碳/无碳 (a party may
	// hold those words), a CO2 laser or sensor with its power or range, and
	// names that hold a claim's words in another sense: a battery's carbon
	// negative electrode, carbonless copy paper (无碳复写纸), noise cancelling
	// (噪声抵消), offset printing, low-emission paint sold by the kilogram.
	{"CheckPrintable_HonestTextAccepted", "", nil, []claimCase{
		{"product.name", "Monocrystalline PV module 单晶硅光伏组件 DEMO-M10-54"},
		{"product.name", "TOPCon bifacial 580 W"},
		{"product.name", "TOPCon bifacial module 580 Wp, 2.6 kWh per day"},
		{"product.name", "PV module 580 W, 28.5 kg, 2278 x 1134 mm"},
		{"product.model", "LR5-72HTH-580M"},
		{"product.model", "TSM-NEG19RC.20"},
		{"product.model", "GEC02-5KW"},
		{"product.model", "DC02-E10"},
		{"product.name_zh", "一体化 二合一"},
		{"product.name_zh", "低碳足迹光伏组件 二代"},
		{"product.name_zh", "碳足迹管理一体机"},
		{"product.name_zh", "碳排放一体化监测站"},
		{"product.name", "Carbon footprint one-stop kit"},
		{"product.name", "Carbon Technologies Ltd. PV module"},
		{"product.manufacturer", "Carbon Technologies Ltd."},
		{"product.manufacturer", "Carbon Negative Technologies Ltd."},
		{"product.manufacturer", "成都无碳科技有限公司"},
		{"product.manufacturer", "负碳科技（成都）有限公司"},
		{"product.name", "CO2 laser tube 100 W"},
		{"product.name_zh", "二氧化碳激光管 100W"},
		{"product.name", "NDIR CO2 sensor 0-5000 ppm"},
		{"product.name", "GHG Protocol Scope 3 calculator"},
		{"product.name", "Carbon negative electrode material 10 kg"},
		{"product.name_zh", "无碳复写纸 80g"},
		{"product.name_zh", "无碳 复写纸"},
		{"product.name_zh", "主动噪声抵消耳机"},
		{"product.name", "Offset printing plate 0.3 mm"},
		{"product.name", "Low-emission wall paint 20 kg"},
		{"product.name", "Low carbon footprint tent"},
		{"not_applicable[0].reason", "包装按千克计入碳足迹，本阶段无运输"},
		{"not_applicable[0].reason", "组件在本厂生产，无入厂运输 (made on site: no inbound transport)"},
	}},
	// Reviewer 50: honest product and company texts, as manufacturers of PV
	// modules and electronics in Sichuan and elsewhere write them, after red
	// team 85's patterns. Ensure each is accepted: a false refusal turns an
	// honest applicant away with a message about a claim it did not make.
	{"Reviewer50_HonestTexts", "", nil, []claimCase{
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
	}},

	// Review 52: session 52's "halved" read 碳 or carbon of a material
	// (silicon carbide, carbon steel, carbon fibre) as emissions, and only
	// the emission word before 减半 or halved. Ensure the other words of a
	// halved footprint are refused and the materials' names accepted.
	{"Review52_Halved", "a comparison of carbon with another product", []claimCase{
		{"product.name_zh", "示例组件 减半碳排放"},
		{"product.name_zh", "示例组件 碳足迹仅为一半"},
		{"product.name_zh", "示例组件 碳排放腰斩"},
		{"product.name_zh", "示例组件 碳排放砍半"},
		{"product.name_zh", "示例组件 碳减半"},
		{"product.name", "Demo module, halved CO2 emissions"},
		{"product.name", "Demo module, half the CO2"},
		{"product.name", "Demo module, CO2 reduced by half"},
		{"product.name", "Demo module, CO2 down by half"},
		{"product.name", "Demo module, emissions cut by half"},
		{"product.name", "Demo module, half the carbon of LONGi modules"},
		{"product.name", "Demo module, CO2 halbiert"},
		{"product.name", "Demo module, CO2 réduit de moitié"},
		{"product.name", "Demo module, carbon halved"},
		{"not_applicable[0].reason", "Transport emissions were halved by rail"},
	}, []claimCase{
		{"product.name_zh", "示例组件 碳化硅器件 损耗减半"},
		{"product.name_zh", "示例组件 碳钢支架 重量减半"},
		{"product.name_zh", "示例组件 碳纤维边框 重量减半"},
		{"product.name", "Demo module, carbon fibre frame cut in half"},
		{"product.name", "Demo module, carbon steel frame halved in weight"},
		{"product.name", "Demo module, half-cut cells"},
	}},

	// Reviewer 53: session 53's signed share ("LONGi -20%") refused a PV
	// module's temperature coefficient and its power tolerance, which module
	// names and models carry, as comparisons with another product. Ensure a
	// rate per degree and a tolerance's upper bound are accepted, and a
	// signed share of another still refused beside a rate per year or a
	// bound of minus.
	{"Reviewer53_SignedRateOrBound", "a comparison with another product", []claimCase{
		{"product.name", "Demo module, LONGi -20%"},
		{"product.name", "Demo module LONGi -20%/yr"},
		{"product.name", "Demo module -20%/yr vs LONGi"},
		{"product.name_zh", "示例组件 隆基 -20%/年"},
		{"product.name", "Demo module LONGi 0/-20%"},
		{"product.name", "Demo module CO2 -30%/yr"},
	}, []claimCase{
		{"product.name", "Demo module -0.29%/°C"},
		{"product.name", "Demo module Pmax -0.29%/°C"},
		{"product.name", "Demo module temp. coeff. -0.29%/°C"},
		{"product.name", "Demo module, -0.29%/K"},
		{"product.name_zh", "示例组件 -0.29%/℃"},
		{"product.name", "Demo module 0/+3%"},
		{"product.name", "Demo module (0/+3%)"},
		{"product.name", "Demo module 0~+3%"},
		{"product.name_zh", "示例组件 0~+3%"},
		{"product.name", "Demo module -0.4%/year degradation"},
	}},

	// Reviewer 53: session 53's ratio read a multiplier after a space only,
	// and the signed share a hyphen, a minus or a dash, not the hyphen NFKC
	// folds the non-breaking one to ("CO2×0.5", the font's × read as x
	// against the 2; "LONGi‑20%"); and it read a size in metres as a ratio
	// ("2.382 x 1.134 m"); nor "pct" or "minus" as a share's unit and sign.
	// Ensure the first are refused and sizes accepted.
	{"Reviewer53_JoinedTimesAndSizes", "a ratio of emissions or a comparison with another product", []claimCase{
		{"product.name", "Demo module CO2×0.5"},
		{"product.name", "Demo module LONGi×0.8"},
		{"product.name", "Demo module LONGix0.8"},
		{"product.name", "Demo module LONGi‐20%"},
		{"product.name", "Demo module LONGi ‑20%"},
		{"product.name", "Demo module CO2 x 0.5"},
		{"product.name", "Demo module LONGi 1 x 0.8"},
		{"product.name", "Demo module LONGi -20 pct"},
		{"product.name", "Demo module LONGi minus 20%"},
		{"product.name", "Demo module CO2 50 pct"},
	}, []claimCase{
		{"product.name", "Demo module 2.382 x 1.134 m"},
		{"product.name", "Demo module 1.1 x 2.2 m, 30 mm frame"},
		{"product.name", "Demo module 2.382x1.134m"},
		{"product.name", "Demo module 2382 x 1134 x 30 mm"},
		{"product.name", "Laptop 31.2 x 22.1 x 1.5 cm"},
		{"product.name", "Laptop PCIe4.0x4 SSD"},
		{"product.name", "Demo module, operating temperature minus 40 °C"},
	}},

	// Session 54: a comparison with no comparative word and no share, which
	// sessions 52 and 53 left accepted: a table of scores ("LONGi: 100, Demo:
	// 80", "隆基：100，本产品：80", "LONGi 100 vs Demo 80") and a comparative verb
	// with its object ("超越隆基", "beats LONGi", "better than LONGi"). Ensure
	// they are refused, and that a datasheet's labelled counts and parameters
	// ("cells: 144, busbars: 16", "Pmax: 550, Voc: 49.6", "A4: 0, C2: 0"), a
	// verb's bound, standard or preposition ("超过25年", "优于IEC标准",
	// "outperforms in low light"), the product's own earlier generation
	// (session 51: "better than Gen 11"), a brand ("Beats Solo 4") and a
	// company's name (超越科技股份有限公司) stay accepted.
	{"Session54_ScoresAndComparativeVerbs", "a comparison with another product", []claimCase{
		{"product.name", "Demo module LONGi: 100, Demo: 80"},
		{"product.name", "Demo module LONGi:100,Demo:80"},
		{"product.name", "Demo module LONGi=100, Demo=80"},
		{"product.name", "Demo module LONGi = 100 / Demo = 80"},
		{"product.name", "Demo module LONGi: 100; Demo: 80"},
		{"product.name", "Demo module LONGi 100 vs Demo 80"},
		{"product.name", "Demo module LONGi (100) vs Demo (80)"},
		{"product.name", "Demo module LONGi: 100 | Demo: 80"},
		{"product.name", "Demo module LONGi：１００，Demo：８０"},
		{"product.name", "Demo module Jinko: 100, LONGi: 90, Demo: 80"},
		{"product.name", "Demo module Rival: 100, Ours: 80"},
		{"product.name", "Demo module LONGi: 1.0, Demo: 0.8"},
		{"product.name", "Demo module LONGi: one hundred, Demo: eighty"},
		{"product.name_zh", "示例组件 隆基：100，本产品：80"},
		{"product.name_zh", "示例组件 隆基=100，示例=80"},
		{"product.name_zh", "示例组件 隆基：一百，本品：八十"},
		{"not_applicable[0].reason", "LONGi: 100, Demo: 80"},
		{"product.name_zh", "示例组件 超越隆基"},
		{"product.name_zh", "示例组件超越隆基"},
		{"product.name_zh", "示例组件 胜过隆基"},
		{"product.name_zh", "示例组件 胜于晶科"},
		{"product.name_zh", "示例组件 击败隆基"},
		{"product.name_zh", "示例组件 碾压隆基"},
		{"product.name_zh", "示例组件 完胜隆基"},
		{"product.name_zh", "示例组件 吊打隆基"},
		{"product.name_zh", "示例组件 秒杀隆基"},
		{"product.name_zh", "示例组件 优于隆基"},
		{"product.name_zh", "示例组件 强于隆基"},
		{"product.name_zh", "示例组件 好于隆基"},
		{"product.name_zh", "示例组件 赶超隆基"},
		{"product.name_zh", "示例组件 超越LONGi"},
		{"product.name_zh", "示例组件 超 越 隆 基"},
		{"product.name", "Demo module beats LONGi"},
		{"product.name", "Demo module, beats LONGi Hi-MO 6"},
		{"product.name", "Demo module beating LONGi"},
		{"product.name", "Demo module outperforms LONGi"},
		{"product.name", "Demo module outdoes Jinko"},
		{"product.name", "Demo module outshines LONGi"},
		{"product.name", "Demo module surpasses LONGi"},
		{"product.name", "Demo module outclasses LONGi"},
		{"product.name", "Demo module trumps LONGi"},
		{"product.name", "Demo module undercuts LONGi"},
		{"product.name", "Demo module better than LONGi"},
		{"product.name", "Demo module greener than LONGi"},
		{"product.name", "Demo module, ahead of LONGi"},
		{"product.name", "Demo module BEATS LONGI"},
		{"product.name", "Demo module b e a t s LONGi"},
		{"product.name", "Demo module ｂｅａｔｓ LONGi"},
		{"product.name", "Demo module beats 隆基"},
		{"product.name_zh", "示例组件 beats LONGi"},
	}, []claimCase{
		{"product.name", "Demo module, cells: 144, busbars: 16"},
		{"product.name", "Demo module Pmax: 550, Voc: 49.6"},
		{"product.name", "Demo module Voc 49.6, Isc 14.0"},
		{"product.name", "Demo switch, ports: 24, SFP: 4"},
		{"product.name", "Demo laptop, cores: 8, threads: 16"},
		{"product.name", "Demo module IP: 68, IK: 10"},
		{"product.name", "Demo board, layers: 8"},
		{"product.name_zh", "示例组件 电池片：144，主栅：16"},
		{"product.name_zh", "示例组件 型号：2024，批次：15"},
		{"product.name", "Demo laptop Gen: 12, Rev: 3"},
		{"product.name", "Demo module, Model: 2024, Batch: 15"},
		{"product.name", "Demo monitor, size: 27, refresh: 144"},
		{"product.name", "Demo monitor, 27 in, 144 Hz"},
		{"not_applicable[0].reason", "A4: 0 km, C2: 0 km"},
		{"not_applicable[0].reason", "A4: 0, C2: 0"},
		{"product.name", "Demo inverter, MPPT: 2, strings: 4"},
		{"product.name", "Demo module 2278 x 1134 x 30 mm, 28.5 kg"},
		{"product.name_zh", "示例组件 超越上一代"},
		{"product.name", "Demo module, beats Gen 11"},
		{"product.name", "Beats Solo 4 headphones"},
		{"product.name", "Beats Studio Buds"},
		{"product.manufacturer", "Beats Electronics LLC"},
		{"product.name", "Demo headphones, Beats-compatible case"},
		{"product.name", "Demo module, exceeds IEC 61215 requirements"},
		{"product.name", "Demo module, surpasses IEC 61215 test sequences"},
		{"product.name", "Demo module outperforms in low light"},
		{"product.name", "Demo module outperforms at high temperature"},
		{"product.name", "Demo module, power output beats Gen 11"},
		{"product.name_zh", "示例组件 超越系列"},
		{"product.name_zh", "超越系列单晶硅光伏组件"},
		{"product.manufacturer", "超越科技股份有限公司"},
		{"product.manufacturer", "领先光伏科技有限公司"},
		{"product.name_zh", "示例组件 功率超越上一代"},
		{"product.name_zh", "示例组件 效率领先"},
		{"product.name_zh", "示例组件 转换效率优于23%"},
		{"product.name_zh", "示例组件 性能优于上一代"},
		{"product.name_zh", "示例组件 抗PID性能优于IEC标准"},
		{"product.name_zh", "示例组件 符合并优于IEC 61215"},
		{"product.name_zh", "示例笔记本 续航超过20小时"},
		{"product.name_zh", "示例组件 超过25年质保"},
		{"product.name_zh", "示例手机 超越者"},
		{"product.name_zh", "示例组件 胜利路厂区"},
		{"product.site", "四川省成都市超越路8号"},
		{"product.name", "Demo router, Beyond series"},
	}},
	// Session 54: a share or a multiplier beside another's name in the forms
	// session 53 did not read: against or of an owner with no "of" ("50% vs
	// Jinko", "carbon 50% Jinko's"), a whole-number multiplier ("LONGi x2", "2x
	// LONGi", "隆基×2", "隆基两倍"), a share multiplied ("LONGi x 80%"), a share
	// joined to a name ("80%LONGi") and a share in per mille ("LONGi -20‰").
	// Ensure they are refused, and that counts of ports and parts, a zoom,
	// lanes and MIMO, model names with a capital X, a tolerance in per mille
	// and compositions joined to their share ("30%GF", "100%PET", "95%RH",
	// "99%sRGB") stay accepted.
	{"Session54_SharesAndMultipliersBesideAName", "a comparison with another product or a ratio of emissions", []claimCase{
		{"product.name", "Demo module carbon 50% of Jinko's"},
		{"product.name", "Demo module, carbon 50% Jinko's"},
		{"product.name", "Demo module, carbon 50% vs Jinko"},
		{"product.name", "Demo module, 50% vs Jinko"},
		{"product.name", "Demo module, 50% Jinko's"},
		{"product.name", "Demo module, carbon: half of Jinko's"},
		{"product.name", "Demo module, carbon is 50% of Jinko's"},
		{"product.name", "Demo module, carbon at half of LONGi"},
		{"product.name", "Demo module carbon x0.5 vs Jinko"},
		{"product.name", "Demo module, carbon 50 pct of Jinko's"},
		{"product.name", "Demo module LONGi x2"},
		{"product.name", "Demo module LONGi ×2"},
		{"product.name", "Demo module LONGi x 2"},
		{"product.name", "Demo module LONGi*2"},
		{"product.name", "Demo module 2x LONGi"},
		{"product.name", "Demo module 2 times LONGi"},
		{"product.name", "Demo module, LONGi x3"},
		{"product.name_zh", "示例组件 隆基x2"},
		{"product.name_zh", "示例组件 隆基×2"},
		{"product.name_zh", "示例组件 隆基2倍"},
		{"product.name_zh", "示例组件 隆基的2倍"},
		{"product.name_zh", "示例组件 隆基两倍"},
		{"product.name_zh", "示例组件 为隆基两倍"},
		{"product.name_zh", "示例组件 是隆基的两倍"},
		{"product.name", "Demo module LONGi x 80%"},
		{"product.name", "Demo module LONGi x80%"},
		{"product.name", "Demo module LONGi × 80%"},
		{"product.name", "Demo module LONGi*80%"},
		{"product.name", "Demo module 80% x LONGi"},
		{"product.name", "Demo module LONGi x 80 pct"},
		{"product.name", "Demo module LONGi x 800‰"},
		{"product.name_zh", "示例组件 隆基×80%"},
		{"product.name_zh", "示例组件 隆基 乘 80%"},
		{"product.name", "Demo module CO2 x 80%"},
		{"product.name", "Demo module 80%LONGi"},
		{"product.name", "Demo module ８０％ＬＯＮＧｉ"},
		{"product.name", "Demo module 80‰LONGi"},
		{"product.name", "Demo module 80%Jinko"},
		{"product.name", "Demo module 80%-LONGi"},
		{"product.name", "Demo module LONGi -20‰"},
		{"product.name", "Demo module LONGi −200‰"},
		{"product.name", "Demo module LONGi -20 ‰"},
		{"product.name", "Demo module LONGi +20‰"},
		{"product.name", "Demo module LONGi -2000‱"},
		{"product.name", "Demo module LONGi -20 per mille"},
		{"product.name", "Demo module LONGi -20 permille"},
		{"product.name", "Demo module LONGi －２０‰"},
		{"product.name", "Demo module 800‰ of LONGi"},
		{"product.name_zh", "示例组件 隆基的800‰"},
		{"product.name_zh", "示例组件 隆基 -20‰"},
		{"product.name", "Demo module CO2 -20‰"},
		{"product.name", "Demo module CO2 500‰"},
		{"product.name", "Demo module -20‰ CO2"},
		{"product.name", "Demo module LONGi -20 pct"},
		{"product.name", "Demo module LONGi -20pct."},
		{"product.name", "Demo module LONGi -20 percent"},
		{"product.name", "Demo module LONGi -20 per cent"},
		{"product.name", "Demo module LONGi ﹣20﹪"},
		{"product.name", "Demo module LONGi - 20 %"},
		{"product.name", "Demo module LONGi -20 %."},
	}, []claimCase{
		{"product.name", "Demo laptop, 2x USB-C, 1x HDMI"},
		{"product.name", "Demo laptop, USB-C ×2"},
		{"product.name", "Demo laptop, HDMI x2"},
		{"product.name", "Demo laptop, Thunderbolt 4 x2"},
		{"product.name", "Demo laptop, Thunderbolt 4 ×2, USB-A ×1"},
		{"product.name", "Demo laptop PCIe 4.0 x4 SSD"},
		{"product.name", "Demo laptop PCIe x16 slot"},
		{"product.name", "Demo router Wi-Fi 6 2x2 MIMO"},
		{"product.name", "Demo router 4x4 MIMO"},
		{"product.name", "Demo camera 10x optical zoom"},
		{"product.name", "Demo phone 3x telephoto"},
		{"product.name", "Demo phone, 2x zoom"},
		{"product.name", "Demo kit, module x2, inverter x1"},
		{"product.name", "Demo solar kit, 400W panel x4"},
		{"product.name", "Demo charger, C-port x3"},
		{"product.name", "Demo hub, USB-A x3, RJ45 x1"},
		{"product.name", "Demo module bracket x4"},
		{"product.name", "Demo laptop, 16GB x2 DDR5"},
		{"product.name", "Demo laptop, 2x 16GB DDR5"},
		{"product.name", "Demo server, 2x Xeon"},
		{"product.name", "Demo module 2x 72 half cells"},
		{"product.name", "Demo laptop, M.2 x2"},
		{"product.name", "Demo laptop x86"},
		{"product.name_zh", "示例笔记本 USB-C×2"},
		{"product.name_zh", "示例相机 10倍光学变焦"},
		{"product.name_zh", "示例套装 组件×2 逆变器×1"},
		{"product.name_zh", "示例服务器 双路至强 内存16GB×8"},
		{"product.name", "Demo phone, 2x speakers"},
		{"product.name", "Demo earbuds, 2x mics"},
		{"product.name", "Demo monitor, DP x2, HDMI x2"},
		{"product.name", "Demo drone, 4x rotors"},
		{"product.name", "PA66+30%GF housing"},
		{"product.name", "Demo monitor, 5%–95% RH"},
		{"product.name", "Demo sensor, 5%-95%RH"},
		{"product.name", "Demo sensor 0-100%RH"},
		{"product.name", "Demo bag 100%PET"},
		{"product.name", "Demo bag, 100% PET"},
		{"product.name", "Demo cable 100%copper"},
		{"product.name", "Demo case, 80%PC 20%ABS"},
		{"product.name", "Demo frame, 30%GF PA6"},
		{"product.name", "Demo housing 80% recycled aluminium"},
		{"product.name", "Demo module, 100% EL tested"},
		{"product.name", "Demo battery, 80% capacity after 3000 cycles"},
		{"product.name", "Demo module 100%EL inspection"},
		{"product.name_zh", "示例外壳 30%玻纤增强"},
		{"product.name_zh", "示例面料 100%纯棉"},
		{"product.name_zh", "示例加湿器 湿度95%RH"},
		{"product.name", "Demo phone 100%sRGB"},
		{"product.name", "Demo monitor 99% sRGB, 95% DCI-P3"},
		{"product.name", "Demo monitor 99%sRGB"},
		{"product.name", "Demo lamp, 50% brightness mode"},
		{"product.name", "Demo charger 0-80% in 30 min"},
		{"product.name", "Demo battery 20%-80% SoC"},
		{"product.name", "Demo module, 21.5% efficiency"},
		{"product.name", "Demo module 21.5%"},
		{"product.name_zh", "示例组件 效率22.5%"},
		{"product.name", "Demo laptop, 100% DCI-P3"},
		{"product.name", "Demo monitor, 100%DCI-P3"},
		{"product.name", "Demo module -0.29‰/°C"},
		{"product.name", "Demo module, power tolerance 0/+5‰"},
		{"product.name", "Demo resistor 1‰ tolerance"},
		{"product.name", "Demo resistor ±1‰"},
		{"product.name", "Demo resistor ±0.1%"},
		{"product.name", "Demo resistor 50 ppm/°C"},
		{"product.name_zh", "示例电阻 精度±1‰"},
		{"product.name", "Demo module salt mist 5‰"},
	}},
	// Session 54: datasheet text that sessions 52 and 53 refused as a
	// comparison or a ratio of emissions: a material code and its filler's
	// or comonomer's share ("EVA-28%", "PP+30%"), CO2 beside an instrument's
	// accuracy ("PM2.5/CO2 air monitor 3%", "二氧化碳传感器 3%"), a module's
	// degradation warranty ("1% first-year, -0.4%/yr"), a range of shares
	// ("5%–95% RH") and a tolerance of two signed bounds ("+80%/-20%"). Ensure
	// they and their neighbours (PV module, inverter, battery, display and
	// component datasheets) are accepted, and a name with a sign and a share
	// ("LONGi-28%", "PP -30%"), CO2 with a share in a clause of its own, and a
	// yearly rate with no first year ("LONGi -20%/yr") still refused.
	{"Session54_DatasheetShares", "a comparison with another product or a ratio of emissions", []claimCase{
		{"product.name", "Demo module LONGi-28%"},
		{"product.name", "Demo module LONGi+30%"},
		{"product.name", "Demo module JA-28%"},
		{"product.name", "Demo module PP -30%"},
		{"product.name", "Demo module EVA -28%"},
		{"product.name", "Demo module Jinko +30%"},
		{"product.name", "Demo module CO2 3%"},
		{"product.name", "Demo module CO2 50%"},
		{"product.name", "Demo module CO2 sensor 3%, CO2 50%"},
		{"product.name", "Demo module, CO2 -30%"},
		{"product.name", "Demo CO2 sensor, CO2 -30%"},
		{"product.name_zh", "示例组件 二氧化碳 50%"},
		{"product.name_zh", "示例组件 碳排放 50%"},
		{"product.name", "Demo module emissions 50%"},
		{"product.name", "Demo module CO2 monitor x0.5"},
		{"product.name", "Demo module LONGi -20%/yr"},
		{"product.name", "Demo module 1% first-year, LONGi -20%/yr"},
		{"product.name", "Demo module CO2 -30%/yr"},
		{"product.name_zh", "示例组件 隆基 -20%/年"},
		{"product.name", "Demo module -20%/yr vs LONGi"},
		{"product.name", "Demo module LONGi 0/-20%"},
	}, []claimCase{
		{"product.name", "Demo module EVA-28%"},
		{"product.name", "Demo module PP+30%"},
		{"product.name", "Demo module EVA 28%"},
		{"product.name", "Demo housing PP-30%"},
		{"product.name", "Demo housing PA66-30%"},
		{"product.name", "Demo housing PA6+30%"},
		{"product.name", "Demo housing PBT+30%GF"},
		{"product.name", "Demo housing PC+10%GF"},
		{"product.name", "Demo housing PC/ABS"},
		{"product.name", "Demo housing PA66-GF30"},
		{"product.name", "Demo housing PP-T20"},
		{"product.name", "Demo housing PP+20%talc"},
		{"product.name", "Demo housing PP + 20% talc"},
		{"product.name", "Demo housing PP-TD20"},
		{"product.name", "Demo cable PVC-90°C"},
		{"product.name", "Demo encapsulant EVA-33%"},
		{"product.name", "Demo encapsulant POE+EVA"},
		{"product.name", "Demo film PET-12%"},
		{"product.name_zh", "示例外壳 PA66+30%"},
		{"product.name_zh", "示例外壳 PA66+30%玻纤"},
		{"product.name_zh", "示例封装 EVA-28%"},
		{"product.name", "Demo housing PC+ABS"},
		{"product.name", "Demo housing ABS+PC-FR"},
		{"product.name", "Demo housing PPS-40%"},
		{"product.name", "PM2.5/CO2 air monitor 3%"},
		{"product.name_zh", "二氧化碳传感器 3%"},
		{"product.name", "CO2 sensor 3%"},
		{"product.name", "Demo CO2 sensor, 3%"},
		{"product.name", "CO2 monitor 5%"},
		{"product.name", "NDIR CO2 sensor 50 ppm + 3%"},
		{"product.name", "CO2 meter 3% accuracy"},
		{"product.name", "CO2 detector, 3% FS"},
		{"product.name", "CO2 transmitter 0-5000ppm 3%"},
		{"product.name", "CO2 analyser 1%"},
		{"product.name", "CO2 laser 30%"},
		{"product.name", "Air quality monitor PM2.5 CO2 TVOC 3%"},
		{"product.name_zh", "二氧化碳浓度传感器 3%"},
		{"product.name_zh", "二氧化碳检测仪 ±50ppm+3%"},
		{"product.name_zh", "二氧化碳变送器 3%FS"},
		{"product.name_zh", "CO2传感器 3%"},
		{"product.name_zh", "空气质量检测仪 PM2.5/CO2 3%"},
		{"product.name", "CO2 incubator 5%"},
		{"product.name", "CO2 regulator 30%"},
		{"product.name", "Demo module 1% first-year, -0.4%/yr"},
		{"product.name", "Demo module 1% first year, -0.4%/year"},
		{"product.name", "Demo module 1st year 1%, then -0.4%/yr"},
		{"product.name", "Demo module -1% first year, -0.4%/yr thereafter"},
		{"product.name", "Demo module -0.4%/yr after year 1"},
		{"product.name", "Demo module 2% first-year, -0.55%/yr linear"},
		{"product.name", "Demo module first-year -1%, annual -0.4%"},
		{"product.name", "Demo module 1% 1st year, -0.4%/a"},
		{"product.name_zh", "示例组件 首年-1%，此后每年-0.4%"},
		{"product.name_zh", "示例组件 首年1%，逐年-0.4%/年"},
		{"product.name_zh", "示例组件 首年衰减1%，之后每年0.4%"},
		{"product.name", "Demo module, 30-year linear warranty, 87.4% at year 30"},
		{"product.name", "Demo module 1% first-year, 0.4%/yr"},
		{"product.name", "Demo module -0.4%/yr degradation"},
		{"product.name", "Demo module 550 W, 21.3% efficiency, 0~+5 W"},
		{"product.name", "Demo module, Pmax -0.34%/°C, Voc -0.25%/°C, Isc +0.045%/°C"},
		{"product.name", "Demo module Isc +0.048%/°C"},
		{"product.name", "Demo module temperature coefficient of Pmax: -0.29%/°C"},
		{"product.name", "Demo module, bifaciality 80±5%"},
		{"product.name", "Demo module bifaciality 80%±5%"},
		{"product.name_zh", "示例组件 双面率80±5%"},
		{"product.name", "Demo module, power tolerance 0~+3%"},
		{"product.name", "Demo module 0/+5W"},
		{"product.name", "Demo module 0~+5W"},
		{"product.name", "Demo module IP68 junction box"},
		{"product.name", "Demo inverter IP66, 5%–95% RH"},
		{"product.name", "Demo inverter 0-100% RH non-condensing"},
		{"product.name", "Demo inverter, efficiency 98.6%"},
		{"product.name", "Demo inverter max. efficiency 98.6%, Euro 98.2%"},
		{"product.name", "Demo inverter, THD <3%"},
		{"product.name", "Demo inverter, power factor 0.8 lagging to 0.8 leading"},
		{"product.name", "Demo inverter, DC/AC ratio 1.5"},
		{"product.name", "Demo inverter, DC/AC ratio 150%"},
		{"product.name", "Demo battery, DoD 90%"},
		{"product.name", "Demo battery, 90% DoD, 6000 cycles"},
		{"product.name", "Demo battery, 6000 cycles @ 80% DoD"},
		{"product.name", "Demo battery, SOH 80%"},
		{"product.name", "Demo battery, 70% SOH after 10 years"},
		{"product.name", "Demo battery, self-discharge <3%/month"},
		{"product.name", "Demo battery, self-discharge 3%/month"},
		{"product.name", "Demo battery -20~60 °C"},
		{"product.name", "Demo display, 1000:1 contrast"},
		{"product.name", "Demo display 3000:1"},
		{"product.name", "Demo display, 72% NTSC"},
		{"product.name", "Demo display, 72%NTSC"},
		{"product.name", "Demo monitor 27\" 144Hz 1ms"},
		{"product.name", "Demo display, brightness uniformity 90%"},
		{"product.name", "Demo phone, screen-to-body ratio 93%"},
		{"product.name", "Demo phone, 93% screen-to-body"},
		{"product.name", "Demo resistor 10kΩ ±1%"},
		{"product.name", "Demo capacitor 10µF ±20%"},
		{"product.name", "Demo capacitor 10uF -20%+80%"},
		{"product.name", "Demo capacitor 10uF +80/-20%"},
		{"product.name", "Demo capacitor 100nF, Z5U, +80%/-20%"},
		{"product.name", "Demo resistor 0.1%, 25ppm"},
		{"product.name", "Demo PSU 80 Plus Gold"},
		{"product.name", "Demo PSU, 90% efficiency at 50% load"},
		{"product.name", "Demo PSU 12V ±5%"},
		{"product.name", "Demo PSU 12 V +5%/-3%"},
		{"product.name", "Demo motor, 3000 rpm ±10%"},
		{"product.name", "Demo charger 5V/3A 9V/2A"},
		{"product.name", "Demo mouse, 1600 DPI"},
		{"product.name", "Demo monitor, 27\", 16:9"},
		{"product.name", "Demo glass, 91.5% transmittance"},
		{"product.name", "Demo glass, transmittance ≥91.5%"},
		{"product.name", "Demo glass 3.2 mm AR coated, 94%"},
		{"product.name", "Demo cell, 24.5% efficiency"},
		{"product.name", "Demo wafer 182 mm, resistivity 0.3-2.1 Ω·cm"},
		{"product.name", "Demo solder, Sn96.5Ag3Cu0.5"},
		{"product.name", "Demo solder, SAC305"},
		{"product.name", "Demo alloy 6063-T5"},
		{"product.name", "Demo aluminium frame, Al 99.7%"},
		{"product.name", "Demo paste, Ag 80%"},
		{"product.name", "Demo housing PC/ABS V-0"},
		{"product.name", "Demo housing, 30% PCR plastic"},
		{"product.name", "Demo pouch, 50% recycled PET"},
		{"product.name", "Demo housing, PC+30%PCR"},
		{"product.name", "Demo housing PA66-GF30 black"},
		{"product.name", "Demo housing PA66 GF30"},
		{"product.name", "Demo housing PA6-GF15"},
		{"product.name", "Demo housing, fill ratio 30%"},
		{"product.name", "Demo foam, 95% open cells"},
		{"product.name", "Demo cable, 0.6/1 kV"},
		{"product.name", "Demo fan, 40% PWM"},
		{"product.name", "Demo module 2382×1134×30 mm"},
		{"product.name", "Demo laptop, 16:10, 2.8K, 120Hz"},
		{"product.name", "Demo router AX3000 2x2"},
		{"product.name", "Demo SSD, 7000 MB/s, 1x PCIe 4.0 x4"},
		{"product.name_zh", "示例逆变器 最大效率98.6%"},
		{"product.name_zh", "示例逆变器 湿度0~100%"},
		{"product.name_zh", "示例电池 放电深度90%"},
		{"product.name_zh", "示例组件 透光率≥91.5%"},
		{"product.name_zh", "示例电阻 10kΩ ±1%"},
		{"product.name_zh", "示例显示器 色域100% sRGB"},
		{"product.name_zh", "示例外壳 PC/ABS 阻燃V-0"},
		{"product.name_zh", "示例组件 功率公差0~+5W"},
		{"product.name_zh", "示例电池 循环6000次@80%DoD"},
	}},
	// Session 55: what session 54 left open of the comparisons with another product, and the other ways
	// found to write one (claims_ratios.go): a multiplier in words, an owner's half, "as green as", a
	// division, a decimal multiplier joined to a name, ⨉ and ٪, a share in words after a sign, half of
	// a name in Chinese, a name less a share, a fraction after 的, and a table of scores with no colon
	// whose entries are another's and the product's own. A share beside a name with nothing between
	// ("LONGi 80%", "隆基80%") stays accepted: the check has no list of other companies' names.
	{"Session55_ComparisonsLeftOpen", "a comparison with another product", []claimCase{
		{"product.name", "Demo module twice LONGi"},
		{"product.name", "Demo module thrice LONGi"},
		{"product.name", "Demo module TWICE Jinko"},
		{"product.name", "Demo module twice as green as LONGi"},
		{"product.name", "Demo module as green as LONGi"},
		{"product.name", "Demo module 2x as clean as Jinko"},
		{"product.name", "Demo module half Jinko's"},
		{"product.name", "Demo module LONGi's half"},
		{"product.name", "Demo module LONGi ⨉ 2"},
		{"product.name", "Demo module LONGi⨉2"},
		{"product.name", "Demo module LONGi ÷ 2"},
		{"product.name", "Demo module LONGi÷2"},
		{"product.name_zh", "示例组件 隆基÷2"},
		{"product.name", "Demo module 0.8×LONGi"},
		{"product.name", "Demo module 0.8 × LONGi"},
		{"product.name", "Demo module LONGi -20٪"},
		{"product.name", "Demo module LONGi minus twenty percent"},
		{"product.name", "Demo module LONGi - twenty percent"},
		{"product.name_zh", "示例组件 隆基一半"},
		{"product.name_zh", "示例组件 只有隆基一半"},
		{"product.name_zh", "示例组件 仅隆基一半"},
		{"product.name_zh", "示例组件 隆基一半的碳"},
		{"product.name_zh", "示例组件 隆基二分之一"},
		{"product.name_zh", "示例组件 隆基的½"},
		{"product.name_zh", "示例组件 隆基的1/2"},
		{"product.name_zh", "示例组件 隆基减20%"},
		{"product.name_zh", "示例组件 隆基少20%"},
		{"product.name_zh", "示例组件 隆基低两成"},
		{"product.name_zh", "示例组件 隆基水平减二成"},
		{"product.name", "Demo module LONGi 100 Demo 80"},
		{"product.name", "Demo module LONGi 100, Demo 80"},
		{"product.name", "Demo module LONGi 100; Demo 80"},
		{"product.name", "Demo module LONGi 100 / Demo 80"},
		{"product.name", "Demo module LONGi 100 | Demo 80"},
		{"product.name", "Demo module LONGi100 Demo80"},
		{"product.name", "Demo module LONGi 1.0, Demo 0.8"},
		{"product.name", "Demo module LONGi 100%, Demo 80%"},
		{"product.name", "Demo module Jinko 100, LONGi 90, Demo 80"},
		{"product.name", "Demo module LONGi one hundred, Demo eighty"},
		{"product.name", "Demo module Rival 100, ours 80"},
		{"product.name_zh", "示例组件 隆基 100 本产品 80"},
		{"product.name_zh", "示例组件 隆基100，本品80"},
		{"product.name_zh", "示例组件 隆基:100 示例:80"},
		{"not_applicable[0].reason", "LONGi 100, ours 80"},
		{"product.name", "Demo module LONGi ⅹ2"},
		{"product.name", "Demo module 2-fold LONGi"},
		{"product.name", "Demo module 2 fold LONGi"},
		{"product.name_zh", "示例组件 隆基一半都不到"},
		{"product.name_zh", "示例组件 相当于隆基八成"},
		{"product.name_zh", "示例组件 只及隆基80%"},
		{"product.name", "Demo module LONGi 100 > Demo 80"},
		{"product.name", "Demo module LONGi 100 → Demo 80"},
	}, []claimCase{
		{"product.name", "Demo filter, replace twice yearly"},
		{"product.name", "Demo router, the request sent twice was answered once"},
		{"product.name", "Demo pump, twice the flow"},
		{"product.name", "Demo charger, twice as fast as USB 2.0"},
		{"product.name", "Demo module's half-cut cells"},
		{"product.name", "Demo calculator, +−×÷ keys"},
		{"product.name", "Demo camera 1.5× zoom"},
		{"product.name", "Demo camera 1.5×zoom"},
		{"product.name", "Demo module 21.5%"},
		{"product.name_zh", "示例组件 功耗低20%"},
		{"product.name_zh", "示例组件 比上代功耗低20%"},
		{"product.name_zh", "示例组件 首年衰减2%"},
		{"product.name_zh", "示例电池 内阻降低20%"},
		{"product.name_zh", "示例电池 自放电低3%"},
		{"product.name_zh", "示例组件 减少20%包装"},
		{"product.name_zh", "示例组件 铝材一半为再生铝"},
		{"product.name_zh", "示例组件 铝材一半回收"},
		{"product.name_zh", "示例储能 5千瓦时 2.5千瓦"},
		{"product.name_zh", "示例组件 型号 2024 批次 15"},
		{"product.name_zh", "一体化 二合一 三代"},
		{"product.name", "Demo module, RTX 4060, GTX 1650"},
		{"product.name", "Demo laptop i7 13700, RTX 4060"},
		{"product.name", "Demo laptop, Windows 11, Office 2021"},
		{"product.name", "Demo laptop, Demo 14, Gen 3"},
		{"product.name", "Demo module Hi-MO 6, Tiger Neo 2"},
		{"product.name", "Demo monitor, 27 in, 144 Hz"},
		{"product.name", "Demo laptop 16 GB, 512 GB"},
		{"product.name", "Demo module cells 144, busbars 16"},
		{"product.name", "Demo module Voc 49.6, Isc 14.0"},
		{"product.name", "Laptop 31.2 x 22.1 x 1.5 cm"},
		{"product.name", "Demo 2 in 1 portable monitor"},
		{"product.name", "Demo 5, coverage 12.50"},
		{"product.name", "Demo 5, Demo 3 compatible"},
		{"product.name", "Demo module, from 0 to 100"},
		{"product.name", "Demo cables, confirmed one by one"},
		{"product.name", "Demo paper, 2-fold leaflet"},
		{"product.name_zh", "示例组件 功率相当于上代的120%"},
		{"product.name_zh", "示例面料 棉80% 涤纶20%"},
	}},
	// Reviewer 55b: cl55's comparisons written with a quotation mark or a
	// bracket before the name, a score table set apart by a middle dot, an
	// ampersand, a plus, a tilde or a dash, and half of a name before an
	// exclamation or a question mark, were accepted; and "us" read as the
	// product's own label refused a shoe's or a plug's US size beside
	// another country's, which main accepted.
	{"Reviewer55b_ComparisonsAndSizes", "a comparison with another company's product", []claimCase{
		{"product.name", "Demo module twice (LONGi)"},
		{"product.name", "Demo module twice “LONGi”"},
		{"product.name", "Demo module twice 'LONGi'"},
		{"product.name", "Demo module LONGi 100 · Demo 80"},
		{"product.name", "Demo module LONGi 100 & Demo 80"},
		{"product.name", "Demo module LONGi 100 + Demo 80"},
		{"product.name", "Demo module LONGi 100 ~ Demo 80"},
		{"product.name", "Demo module LONGi 100 - Demo 80"},
		{"product.name", "Demo module LONGi 100 – Demo 80"},
		{"product.name", "Demo module LONGi 100 — Demo 80"},
		{"product.name_zh", "示例组件隆基一半！"},
		{"product.name_zh", "示例组件 隆基一半?"},
	}, []claimCase{
		{"product.name", "Running shoe, size US 10 EU 44"},
		{"product.name", "Running shoe US 10, EU 44, UK 9"},
		{"product.name", "Travel adapter US 2 EU 3 UK 1"},
		{"product.name", "Demo charger 2× USB-C, 100W"},
		{"product.name", "Demo module, dual-glass bifacial 2× glass, half-cut 144 cells"},
		{"product.name", "Demo laptop, twice the battery life of Gen 11"},
		{"product.name", "Demo charger 100W 80% efficiency"},
		{"product.name_zh", "隆基绿能 Hi-MO 9 组件"},
		{"product.name", "Jinko Tiger Neo 3.0"},
		{"product.name", "Demo cable 2 - 3 m"},
		{"product.name", "Demo 5 - Demo 3 compatible"},
		{"product.name", "Demo laptop twice (per day) charged"},
	}},
	// Session 55b: comparisons that session 55 and its reviewer left
	// accepted: a multiplier in words before a name ("two times LONGi",
	// "twice the LONGi") or twice after one ending the clause ("LONGi
	// twice"), an equal of another's greenness ("as climate-friendly as",
	// 和隆基一样绿色, 媲美隆基的低碳), more or less than half in Chinese
	// (隆基一半多, 隆基一半以内), ½ joined to a hanzi, a table of scores set
	// apart by a full stop or with a unit ("pts"), and a name less a share.
	// Their honest look-alikes stay accepted, a title's words and a verb
	// before twice among them.
	{"Session55b_ComparisonsLeftOpen", "a comparison with another company's product", []claimCase{
		{"product.name", "Demo module two times LONGi"},
		{"product.name", "Demo module three times Jinko"},
		{"product.name", "Demo module twice the LONGi"},
		{"product.name", "Demo module LONGi twice"},
		{"product.name", "Demo module BYD twice, 2024"},
		{"product.name", "Demo module as climate-friendly as LONGi"},
		{"product.name", "as climate-friendly as LONGi"},
		{"product.name", "Demo module as environmentally friendly as Jinko"},
		{"product.name_zh", "示例组件 和隆基一样绿色"},
		{"product.name_zh", "示例组件 与隆基同等低碳"},
		{"product.name_zh", "示例组件 媲美隆基的低碳"},
		{"product.name_zh", "示例组件 隆基一半多"},
		{"product.name_zh", "示例组件 隆基一半以内"},
		{"product.name_zh", "示例组件 隆基½"},
		{"product.name", "Demo module LONGi 100. Demo 80"},
		{"product.name", "Demo module LONGi 100 pts, Demo 80 pts"},
		{"product.name_zh", "示例组件 隆基100分，本品80分"},
		{"product.name", "Demo module LONGi less 20%"},
		{"product.name", "LONGi less 20 percent"},
	}, []claimCase{
		{"product.name", "Demo charger two times faster charging"},
		{"product.name", "Demo laptop twice the battery life of Gen 11"},
		{"product.name", "Jinko Tiger Neo twice bifacial"},
		{"product.name", "Demo module as low as 0.4%/yr degradation"},
		{"product.name_zh", "示例充电线 媲美原装"},
		{"product.name_zh", "示例手机 比肩旗舰"},
		{"product.name_zh", "示例耳机 媲美原装的音质"},
		{"product.name_zh", "示例 与上代同等功率"},
		{"product.name", "Demo module half-cut"},
		{"product.name", "Demo pipe 1½-inch"},
		{"product.name_zh", "示例球阀 1/2"},
		{"product.name", "Demo 100 pts warranty"},
		{"product.name", "Demo v2. Gen 3"},
		{"product.name", "Demo tape Measure Twice, Cut Once"},
		{"product.name", "Measure twice, cut once"},
		{"product.name", "Demo cleaner Rinse twice"},
		{"product.name", "Demo game Twice The Fun"},
		{"product.name", "Demo blender Two Times The Power"},
		{"product.name", "Demo hub two times USB-C"},
		{"product.name", "Demo lamp Price less 20%"},
		{"product.name_zh", "示例 铝材一半多为再生铝"},
	}},
	// Session 56: a share or a ratio beside a mixed-case name ("LONGi 80%",
	// claims_names.go), half of another in the classical form (一半于隆基),
	// 减半 after 比, a discount's words, financial numerals and Chinese
	// digits in a share (八折, 伍成, 五〇%), an arrow for a sign, an emoji
	// between a share and its object, a fraction in words, "cleaner vs",
	// "as low as LONGi", zero carbon written otherwise (carbon zero, 0碳,
	// 归零), and the lowest or a lower carbon footprint with no baseline
	// (claims_vague.go).
	{"Session56_ClaimsCheck", "a comparison or a claim of carbon neutrality", []claimCase{
		{"product.name", "Demo module LONGi 80%"},
		{"product.name", "Demo module LONGi ８０％"},
		{"product.name", "Demo module LONGi 80 percent"},
		{"product.name", "Demo module LONGi ½"},
		{"product.name", "Demo module ½ LONGi"},
		{"product.name", "Demo module LONGi 0.8"},
		{"product.name", "Demo module 80% JinkoSolar"},
		{"product.name", "Demo module, JinkoSolar 80%"},
		{"product.name_zh", "示例组件 LONGi 80%"},
		{"product.name_zh", "示例组件 一半于隆基"},
		{"product.name_zh", "示例组件 碳足迹半于隆基"},
		{"product.name_zh", "示例组件 比隆基減半"},
		{"product.name_zh", "示例组件 较隆基砍半"},
		{"product.name_zh", "示例组件 碳排放仅为同类产品八折"},
		{"product.name_zh", "示例组件 碳足迹打八折"},
		{"product.name_zh", "示例组件 碳足迹为隆基八折"},
		{"product.name_zh", "示例组件 减排伍成"},
		{"product.name_zh", "示例组件 较隆基减少伍成"},
		{"product.name_zh", "示例组件 较隆基减少五〇%"},
		{"product.name", "Demo module 30%↓ vs LONGi"},
		{"product.name", "Demo module LONGi ↓30%"},
		{"product.name", "Demo module 80% 🌍 of LONGi"},
		{"product.name", "Demo module four fifths of LONGi"},
		{"product.name", "Demo module cleaner vs LONGi"},
		{"product.name", "Demo module as low as LONGi"},
		{"product.name", "Demo module, as little carbon as half a LONGi"},
		{"product.name", "Demo module carbon zero"},
		{"product.name", "Demo module no carbon footprint"},
		{"product.name", "Demo module 0 CO2"},
		{"product.name_zh", "示例组件 0碳"},
		{"product.name_zh", "示例组件 ０碳"},
		{"product.name_zh", "示例组件 〇碳"},
		{"product.name_zh", "示例组件 碳排放归零"},
		{"product.name_zh", "示例组件 碳足迹清零"},
		{"product.name", "Demo module, lowest carbon footprint"},
		{"product.name", "Demo module, the lowest-carbon module"},
		{"product.name", "Demo module, world's lowest carbon module"},
		{"product.name_zh", "示例组件 全球最低碳组件"},
		{"product.name_zh", "示例组件 碳足迹全球最低"},
		{"product.name_zh", "示例组件 最低碳"},
		{"product.name_zh", "示例组件 碳足迹更低"},
		{"product.name", "Demo module, lower carbon footprint"},
		{"product.name", "Demo module, reduced carbon footprint"},
		{"product.name", "Demo module lower carbon alternative to LONGi"},
		{"product.name", "Demo module, the low-carbon alternative to LONGi"},
		{"product.name_zh", "示例组件 替代隆基的低碳之选"},
	}, []claimCase{
		{"product.name", "Demo module 21.5%"},
		{"product.name", "Demo module TOPCon 25%"},
		{"product.name", "Demo module TOPCon 25% efficiency"},
		{"product.name", "Demo module PERC 21%"},
		{"product.name", "Demo module Jinko 80%"},
		{"product.name", "LONGi Hi-MO 9 22.8%"},
		{"product.name", "Demo module, DemoModule 21.5%"}, // the manufacturer's name, Demo Module Co.
		{"product.name", "Demo battery SoH 80%"},
		{"product.name", "Demo battery 80% DoD"},
		{"product.name", "Demo battery 5000mAh 80%"},
		{"product.name", "Demo monitor sRGB 100%"},
		{"product.name", "Demo module LiFePO4 100%"},
		{"product.name", "Demo charger GaN 65W 92%"},
		{"product.name", "Demo mono-Si PV module 0,43 kWp"},
		{"product.name", "Demo shirt Cotton 80% Polyester 20%"},
		{"product.name", "Demo phone case for iPhone 15"},
		{"product.name", "Demo DICOM viewer, zero-footprint client"},
		{"product.name", "Demo NAS, smaller footprint"},
		{"product.name", "Demo NAS, smallest footprint of any 4-bay"},
		{"product.name", "Demo air purifier, lower CO2 indoors"},
		{"product.name", "Demo CO2 monitor, lowest reading 400 ppm"},
		{"product.name_zh", "示例食品 0糖0脂0碳水"},
		{"product.name_zh", "示例饮料 0碳酸"},
		{"product.name_zh", "示例手机 三折叠"},
		{"product.name_zh", "示例衬衫 八折"},
		{"product.name", "Demo module, as low as 0.4%/yr degradation"},
		{"product.name", "Demo pump, standby as low as 5 W"},
		{"product.name", "Demo module As Low As Possible"},
		{"product.name", "Demo module, made in Chengdu 🌱"},
		{"product.name", "Demo charger 2✕USB-C"},
		{"product.name", "Demo thermometer ☀ 40°C"},
		{"product.name_zh", "示例组件 功耗减半"},
		{"product.name_zh", "示例组件 比上代功耗减半"},
		{"product.name_zh", "示例组件 价格比上代减半"},
		{"product.name_zh", "示例器件 更低碳化硅损耗"},
		{"product.name_zh", "示例器件 最低碳化硅成本"},
		{"product.name", "Demo module, low-carbon aluminium frame"},
		{"product.name", "Demo module, low carbon footprint"},
		{"product.name_zh", "示例组件 低碳"},
		{"product.name_zh", "示例组件 多半于夏季安装"},
		{"product.name", "Demo module, one fifth lighter frame"},
		{"not_applicable[0].reason", "运输排放量最小，可忽略"},
		{"not_applicable[0].reason", "transport emissions are the smallest stage, below the 1% cut-off"},
	}},
	// Session 56: a breakdown of the product's own footprint, a share of it
	// and where it comes from (claims_breakdown.go), was refused as a ratio
	// to something ("示例组件 碳足迹一半以上来自硅料"); it compares nothing.
	// The comparisons that hold the same words are still refused, a
	// breakdown beside them too.
	{"Session56_Breakdowns", "a comparison with other products", []claimCase{
		{"product.name_zh", "示例组件 一半于隆基"},
		{"product.name_zh", "示例组件 比行业平均低一半"},
		{"product.name_zh", "示例组件 碳足迹只有隆基一半"},
		{"product.name_zh", "示例组件 碳足迹仅为隆基的一半"},
		{"product.name_zh", "示例组件 碳足迹是隆基的一半，一半以上来自硅料"},
		{"product.name_zh", "示例组件 碳足迹一半以上来自硅料，比隆基低20%"},
		{"product.name_zh", "示例组件 碳足迹一半以上来自硅料，仅为隆基一半"},
		{"product.name_zh", "示例组件 碳足迹一半于隆基来自硅料"},
		{"product.name_zh", "示例组件 碳足迹约为隆基一半来自硅料"},
		{"product.name_zh", "示例组件 比隆基低 一半以上的碳足迹来自硅料"},
		{"product.name_zh", "示例组件 碳足迹一半以上来自硅料，碳足迹减半"},
		{"product.name", "Demo module, half the footprint of LONGi"},
		{"product.name", "Demo module, half the footprint of LONGi comes from the cells"},
		{"product.name", "Demo module, half of LONGi's footprint"},
		{"product.name", "Demo module, half of its footprint comes from the cells, half of LONGi's"},
		{"product.name", "Demo module, more than half of its footprint comes from being half of LONGi's"},
		{"product.name", "Demo module, 50% lower than LONGi, more than half of its footprint comes from the cells"},
		{"product.name", "Demo module, half of the footprint of a standard module"},
	}, []claimCase{
		{"product.name_zh", "示例组件 碳足迹一半以上来自硅料"},
		{"product.name_zh", "示例组件 碳足迹的一半以上来自硅料"},
		{"product.name_zh", "示例组件 碳足迹中一半以上来自硅料"},
		{"product.name_zh", "示例组件 碳足迹约60%来自硅料"},
		{"product.name_zh", "示例组件 碳足迹约六成来自硅料"},
		{"product.name_zh", "示例组件 碳排放一半以上来源于硅料生产"},
		{"product.name_zh", "示例组件 碳足迹超过一半来自电池片"},
		{"product.name_zh", "示例组件 一半以上的碳足迹来自硅料"},
		{"product.name_zh", "示例组件 六成碳足迹来自硅料"},
		{"product.name_zh", "示例组件 硅料占碳足迹的一半以上"},
		{"product.name_zh", "示例组件 硅料贡献了碳足迹的一半以上"},
		{"product.name_zh", "示例组件 碳足迹60%以上来自电池片和玻璃"},
		{"product.name", "Demo module, more than half of its footprint comes from the cells"},
		{"product.name", "Demo module, half of its footprint comes from the cells"},
		{"product.name", "Demo module, the cells account for more than half of its footprint"},
		{"product.name", "Demo module, half of its emissions are from the cells"},
		{"product.name", "Demo module, over 60% of its carbon footprint comes from polysilicon"},
		{"not_applicable[0].reason", "碳足迹一半以上来自硅料，运输排放不到1%"},
	}},
}

package certification_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// checkPrintableText returns CheckPrintable on the demo module study with
// text in field (a product text, or not_applicable[0].reason).
func checkPrintableText(t *testing.T, field, text string) error {
	t.Helper()
	st := mustDemoStudy(t)
	p := &st.Product
	// The claim cases name other products than the demo module ("CO2
	// laser tube 100 W", "PD快充头 C口20W"): a study of theirs states no
	// rated power, or theirs. Red team 76's check of a power against the
	// rated power has its own test (TestRedteam76_NamesStateAnotherPower).
	p.RatedPowerWp = 0
	st.NotApplicable = append(st.NotApplicable, footprint.StageNotApplicable{Stage: "A3", Reason: "made on site"})
	*map[string]*string{"product.name": &p.Name, "product.name_zh": &p.NameZH, "product.manufacturer": &p.Manufacturer, "product.site": &p.Site,
		"product.model": &p.Model, "not_applicable[0].reason": &st.NotApplicable[0].Reason}[field] = text
	return certification.CheckPrintable(st)
}

// checkPrintableSerials returns CheckPrintable on the demo module study
// with its green-power instrument numbered serial to last.
func checkPrintableSerials(t *testing.T, serial, last string) error {
	t.Helper()
	st := mustDemoStudy(t)
	in := st.Electricity[0].Instruments[0]
	in.Serial, in.SerialLast = serial, last
	return certification.CheckPrintable(st)
}

// Ensure the claim patterns read red team 18's claims as words rather than
// as its 23 spellings: neighbours of each (another numeral, another
// look-alike, another claim of a footprint of zero or less) are refused
// naming the field.
func TestCheckPrintable_ClaimsInOtherWordsNeighbours(t *testing.T) {
	checkClaimCases(t, "a carbon figure or neutrality beside the certified 150 kgCO2e", []claimCase{
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
	}, nil)
}

// Ensure honest product text stays accepted by the wider claim patterns:
// power (W, Wp, kWh), models of digits and letters, numerals in names
// (一体化, 二合一, 二代), a company named Carbon or 零碳/无碳 (a party may
// hold those words), a CO2 laser or sensor with its power or range, and
// names that hold a claim's words in another sense: a battery's carbon
// negative electrode, carbonless copy paper (无碳复写纸), noise cancelling
// (噪声抵消), offset printing, low-emission paint sold by the kilogram.
func TestCheckPrintable_HonestTextAccepted(t *testing.T) {
	checkClaimCases(t, "", nil, []claimCase{
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
	})
}

// Ensure the claim check of instrument serials names the field that makes
// the claim (serial_last, when only it does), reads a serial as the
// register does ("CDPCF-2O26" with a letter O is CDPCF-2026), and lets
// serials through that have the form of another body's certificate
// number, which is the form of a serial.
func TestCheckPrintable_InstrumentSerials(t *testing.T) {
	for _, tt := range []struct{ serial, last, field string }{
		{"GEC-DEMO-2025-000001", "CARBON-FREE-2025-001000", "serial_last"},
		{"CDPCF-2O26-000001", "", "serial"},
		{"CDPCF2026000001", "", "serial"},
		{"GEC-ZERO-CARBON-2025-000001", "", "serial"},
		{"GEC-CARB0N-NEUTRAL-000001", "", "serial"},
		{"GEC-75KGCO2E-000001", "", "serial"},
		{"GEC-DEMO-2025-000001", "", ""},
		{"GEC-2025-000001", "GEC-2025-001000", ""},
		{"GPT/2025/SC-00042", "", ""},
		{"LVZHENG-2025-12345678", "", ""},
	} {
		err := checkPrintableSerials(t, tt.serial, tt.last)
		switch want := "electricity[0].instruments[0]." + tt.field; {
		case tt.field == "" && err != nil:
			t.Errorf("serials %q to %q: %v, want accepted", tt.serial, tt.last, err)
		case tt.field != "" && (footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != want):
			t.Errorf("serials %q to %q: %v, want EINVALID naming %s", tt.serial, tt.last, err, want)
		}
	}
}

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
func TestRedteam18_ClaimsInOtherWords(t *testing.T) {
	checkClaimCases(t, "a carbon figure beside the certified 150 kgCO2e", []claimCase{
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
	}, nil)
}

// Red team 18: the serials of green-power instruments are applicant text
// the certificate prints (electricity.instruments[i]: kind, first – last
// serial, MWh), and no claim check reads them. The demo batch renamed
// CARBON-NEUTRAL-2025-000001 to CARBON-NEUTRAL-2025-001000, or numbered
// as this service's certificates (CDPCF-2026-000001 to
// CDPCF-2026-001000), is accepted (a serial holds letters, digits and
// -_./:#), and the certificate prints "carbon neutral" or another
// certificate's number beside its figure. A correct service refuses it at
// application naming the serial, as it refuses the same words in a model.
func TestRedteam18_ClaimsInInstrumentSerials(t *testing.T) {
	for _, prefix := range []string{"CARBON-NEUTRAL-2025-", "NET-ZERO-2025-", "CDPCF-2026-"} {
		err := checkPrintableSerials(t, prefix+"000001", prefix+"001000")
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "electricity[0].instruments[0].serial" {
			t.Errorf("instrument batch %s000001 to %s001000: %v; want 400 invalid naming electricity[0].instruments[0].serial", prefix, prefix, err)
		}
	}
}

// claimCase is applicant text in a field of the demo module study.
type claimCase struct{ field, text string }

// checkClaimCases requires CheckPrintable to refuse each of refused with
// EINVALID naming its field (printed, it would read as what the
// certification states: what), and to accept each of accepted.
func checkClaimCases(t *testing.T, what string, refused, accepted []claimCase) {
	t.Helper()
	for _, tt := range refused {
		err := checkPrintableText(t, tt.field, tt.text)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s %q: accepted (%v), printed on the certificate as %s; want 400 invalid naming %s", tt.field, tt.text, err, what, tt.field)
		}
	}
	for _, tt := range accepted {
		if err := checkPrintableText(t, tt.field, tt.text); err != nil {
			t.Errorf("%s %q: %v, want accepted", tt.field, tt.text, err)
		}
	}
}

// Red team 39: a claim written in traditional characters, which NFKC
// leaves as they are and the certificate font prints: the model
// "碳足跡75千克" (跡 for 迹) was accepted, and the label printed "型号
// Model 碳足跡75千克" under the certified 150 kgCO2e; so were 溫室氣體,
// 淨零, 負碳, 無碳, 碳抵銷, 碳補償, the numerals 陸 and 貳, 炭 for 碳, and
// CO2e broken by a Unicode hyphen. A correct service refuses each at
// application naming the field, as it refuses the simplified forms, and
// still accepts the honest names in traditional characters.
func TestRedteam39_ClaimsInTraditionalCharacters(t *testing.T) {
	checkClaimCases(t, "a carbon figure or neutrality beside the certified 150 kgCO2e", []claimCase{
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
	})
}

// Red team 39: another certificate's number written with 〇 (U+3007, the
// ideographic zero, which the font prints as a circle) or in Chinese
// digits in a product name, the manufacturer or the site: "示例组件
// CDPCF-2〇26-〇〇〇〇〇1" was accepted (the model refuses 〇 anywhere), and
// the certificate printed it under its own number. A correct service reads
// the Chinese digits as digits for the number patterns, as it reads a
// letter O beside digits (red team 26), and refuses it naming the field.
func TestRedteam39_CertificateNumberInChineseDigits(t *testing.T) {
	checkClaimCases(t, "another certificate's number", []claimCase{
		{"product.name_zh", "示例组件 CDPCF-2〇26-〇〇〇〇〇1"},
		{"product.name_zh", "示例组件 CDPCF-二〇二六-〇〇〇〇〇一"},
		{"product.manufacturer", "CDPCF-2〇26-〇〇〇〇〇1 Ltd"},
		{"product.site", "Chengdu, CDPCF-2〇26-〇〇〇〇〇1"},
		{"not_applicable[0].reason", "见 CDPCF-2〇26-〇〇〇〇〇1"},
	}, []claimCase{
		{"product.name_zh", "一体化 二合一 三代"},
		{"product.manufacturer", "成都一二三科技有限公司"},
	})
}

// Red team 39: a carbon figure in units and words the patterns did not
// read: kgs, kilogrammes, pounds (lbs), ISO 14067's abbreviation CFP, and
// 碳当量 (carbon equivalent). Each was accepted and printed under the
// certified figure; so were the footprint's other names (碳足印, 碳脚印,
// 隐含碳, embodied carbon, 温室效应气体) and carbon intensity (碳强度). A
// correct service refuses each naming the field, and still accepts a CFP2
// optical module and a carbon-fibre frame by their mass.
func TestRedteam39_ClaimsInOtherUnitsAndWords(t *testing.T) {
	checkClaimCases(t, "a carbon figure beside the certified 150 kgCO2e", []claimCase{
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
	})
}

// Session 34, after red team 39: four claims its report left passing. A
// figure beside "GWP" (global warming potential, 全球变暖潜势), a figure
// right after "carbon" or 碳 with nothing but punctuation or a link word
// between ("carbon: 75 kg", "碳：75千克"), a number right after PCF or CFP
// without a unit ("PCF 75"), and megagrams of CO2 ("75 Mg CO2": a tonne
// each). A correct service refuses each naming the field, and still
// accepts carbon steel, carbon fibre and a GWP100 method named in a reason.
func TestSession34_ClaimsLeftByRedteam39(t *testing.T) {
	checkClaimCases(t, "a carbon figure beside the certified 150 kgCO2e", []claimCase{
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
	})
}

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
func TestRedteam41_ServiceWordsInApplicantText(t *testing.T) {
	checkClaimCases(t, "the verification service's own words", []claimCase{
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
	})
}

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
func TestRedteam43_StatusWordsTheChecksDidNotRead(t *testing.T) {
	checkClaimCases(t, "a verification result beside the page's own status", []claimCase{
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
	})
}

// Red team 43: another certificate's number in financial numerals, as a
// cheque writes them ("示例组件 CDPCF-贰〇贰陆-〇〇〇〇〇壹", 貳 and 陸 in
// traditional form too), was accepted where red team 39's 〇 and common
// digits are refused; a reader reads CDPCF-2026-000001 under the
// certificate's own number. A correct service refuses it naming the field.
func TestRedteam43_CertificateNumberInFinancialNumerals(t *testing.T) {
	checkClaimCases(t, "another certificate's number", []claimCase{
		{"product.name_zh", "示例组件 CDPCF-贰〇贰陆-〇〇〇〇〇壹"},
		{"product.name_zh", "示例组件 CDPCF-貳零貳陸-零零零零零壹"},
		{"product.manufacturer", "示例组件厂 CDPCF-贰〇贰陆-〇〇〇〇〇捌"},
		{"not_applicable[0].reason", "见证书 CDPCF-贰〇贰陆-〇〇〇〇〇玖"},
	}, []claimCase{
		{"product.name_zh", "示例组件 壹号 贰代"},
		{"product.name_zh", "示例组件 陆合一"},
	})
}

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
func TestRedteam45_LatinLettersPrintedAsDigitsAndLetters(t *testing.T) {
	checkClaimCases(t, "another certificate's number, a verification result or a carbon figure", []claimCase{
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
	})
}

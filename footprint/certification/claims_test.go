package certification_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
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

// claimGroup is a round's claim cases: texts that CheckPrintable refuses
// naming their field, as printed they would read as what (refused), and
// neighbours it accepts (accepted).
type claimGroup struct {
	name, what        string
	refused, accepted []claimCase
}

// Ensure each round's claims are refused naming their field, and their
// honest neighbours accepted: the groups of claims_*_test.go, one subtest
// a round (the test that round wrote, by its name).
func TestCheckPrintable_Claims(t *testing.T) {
	for _, g := range slices.Concat(figureClaims, statusClaims, lookAlikeClaims, markClaims, rivalClaims, gradeClaims, honestClaims) {
		t.Run(g.name, func(t *testing.T) { checkClaimCases(t, g.what, g.refused, g.accepted) })
	}
}

// Ensure the refusals name the field and explain why, Chinese first
// ("中文。English"): a case of each kind, as red teams 84, 85 and session
// 51 wrote them.
func TestCheckPrintable_ClaimRefusalsAreBilingual(t *testing.T) {
	for _, c := range []claimCase{
		// red team 84
		{"product.name", "Demo Module Carbon Trust certified"},
		{"product.name_zh", "示例组件 成都市生态环境局推荐"},
		{"product.name_zh", "示例组件 比行业平均低30%"},
		// red team 85
		{"product.manufacturer", "国家认证低碳示范工厂有限公司"},
		{"not_applicable[0].reason", "组件已通过IEC 61215认证，无需使用阶段维护"},
		{"product.name_zh", "示例组件 碳排仅为同类产品的70%"},
		{"product.name", "Demo Module -30% CO2"},
		{"product.name", "Demo Module CE marked"},
		{"product.name_zh", "示例组件 中国环境标志"},
		// session 51
		{"product.name", "Demo Module 400W CE"},
		{"product.model", "DEMO-M10-54 (UL)"},
		{"product.name", "Demo Module, lower carbon than LONGi Hi-MO"},
		{"product.name_zh", "示例组件 比隆基组件碳足迹低20%"},
		{"product.name", "Demo Module C€"},
		// session 52
		{"product.name", "Demo Module 400W-CE"},
		{"product.name", "Demo Module UL 1500V"},
		{"product.name_zh", "示例组件 比隆基组件低20%"},
		{"product.name", "Demo Module, carbon footprint less than 50% of LONGi"},
		{"product.name", "Demo Module NET 乙ERO"},
	} {
		err := checkPrintableText(t, c.field, c.text)
		zh, en, ok := strings.Cut(footprint.ErrorMessage(err), "。")
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != c.field || !ok || !strings.Contains(zh, c.field) || !strings.Contains(en, c.field+" may not") {
			t.Errorf("%s %q: %v; want a refusal naming %s, Chinese first (\"中文。English\")", c.field, c.text, err, c.field)
		}
	}
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

// Ensure the demo studies, the PV module and the laptop, are accepted by
// the claims check as they are seeded, with session 51's patterns.
func TestSession51_DemoStudiesAccepted(t *testing.T) {
	for _, name := range []string{"pv-module", "laptop"} {
		st := seedtest.Stored(t, name, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
		if err := certification.CheckPrintable(st); err != nil {
			t.Errorf("demo %s: %v, want accepted", name, err)
		}
	}
}

// figureClaims are a carbon figure, an emission unit, another
// certificate's number or carbon neutrality in other words than the
// patterns first read (red teams 18, 39, 43, session 34, reviewer 51).
var figureClaims = []claimGroup{
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
}

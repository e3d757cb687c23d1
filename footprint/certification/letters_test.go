package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// The tests of this file ensure the claim patterns read characters as the
// letters the certificate prints them as: strokes, bars and boxes beside a
// Latin letter or digit (red team 74, reviewer 46).

// Red team 74: characters the certificate font draws as a stroke, a bar or
// a box, which a reader takes for the letter or digit beside which they
// stand, and which no claim pattern read: the product "Demo mono-Si PV
// module VAL丨D" (丨 U+4E28, a vertical stroke) and the model "DEMO-M10-54
// VAL¦D" (¦ U+00A6, a broken bar) were applied for and issued
// (CDPCF-2026-000003 and -000004 on pcf serve); the certificate printed
// "Demo mono-Si PV module VAL丨D" in the product row and the label "型号规格
// Model DEMO-M10-54 VAL¦D" under the figure (pdftoppm -r 600), which read
// as VALID, red team 45's "VAL|D" with another bar. "75 kg C口2e" (口, a
// box read as O) and "VERIF丨ED", "VAL‖D", "VAL亅D", "VAL工D" passed too. A
// correct service reads them as the letters they print as, beside a Latin
// letter or digit, and refuses each naming the field, in both languages;
// Chinese text that holds the same characters among Chinese ones passes.
func TestRedteam74_StrokesAndBarsPrintedAsLetters(t *testing.T) {
	checkClaimCases(t, "a verification result or a carbon figure", []claimCase{
		{"product.name", "Demo mono-Si PV module VAL丨D"},
		{"product.name", "Demo mono-Si PV module VERIF丨ED"},
		{"product.name", "Demo mono-Si PV module VAL¦D"},
		{"product.name", "Demo mono-Si PV module VAL‖D"},
		{"product.name", "Demo mono-Si PV module VAL亅D"},
		{"product.name_zh", "示例组件 VAL工D"},
		{"product.model", "DEMO-M10-54 VAL¦D"},
		{"product.model", "DEMO-M10-54 VAL‖D"},
		{"product.name", "Demo mono-Si PV module 75 kg C口2e"},
		{"product.name", "Demo mono-Si PV module 75 kg C囗2e"},
		{"product.manufacturer", "Demo Module Co. (VERIF丨ED)"},
		{"product.site", "Chengdu — VAL丨D"},
		{"not_applicable[0].reason", "证书 certificate VAL丨D"},
	}, []claimCase{
		{"product.name_zh", "示例组件 USB口 工业级 丨 十字接口"},
		{"product.name", "Demo module, Type-C口 x2"},
		{"product.name_zh", "一次性KN95口罩"},
		{"product.name_zh", "煤制聚丙烯(HDDMTO工艺) 锦纶66工业纤维"},
		{"product.name_zh", "粗钢-CSE工艺 USB3.0接口"},
		{"product.site", "Chengdu, 工业园区 ¦ Building 2"},
		{"product.model", "DEMO-M10-54"},
	})
	err := checkPrintableText(t, "product.name", "Demo mono-Si PV module VAL丨D")
	msg := footprint.ErrorMessage(err)
	zh, en, ok := strings.Cut(msg, "。")
	if !ok || !strings.Contains(zh, "丨") || !strings.Contains(zh, "读作") || !strings.Contains(en, "reads as") || strings.Contains(en, "。") {
		t.Errorf("message %q: want Chinese, then one 。, then English, naming 丨 and how it reads", msg)
	}
}

// Reviewer 46, on red team 74's reading of bars and boxes as letters. Its
// re-check of the text so read took every claim pattern, the loosest too (a
// carbon word anywhere beside a mass figure anywhere), so "C口", the
// everyday name of a USB-C port, read as CO beside "2T" (2 TB) or "20W"
// and honest product names were refused; and it looked at the raw text
// only, so full-width letters, spaces around the box and 〇 (which the font
// draws as a ring) passed. A correct service reads "C口2e" as CO2e in any
// of those spellings and lets the port's name stand.
func TestRev46_BarsAndBoxesReadAsLetters(t *testing.T) {
	checkClaimCases(t, "a verification result or a carbon figure", []claimCase{
		{"product.name", "Demo mono-Si PV module ＶＡＬ丨Ｄ"},
		{"product.name", "Demo mono-Si PV module 75 kg Ｃ口２ｅ"},
		{"product.name", "Demo mono-Si PV module 75 kg C 口 2e"},
		{"product.name", "Demo mono-Si PV module 75 kg C〇2e"},
		{"product.model", "DEMO-M10-54 VAL 丨 D"},
		{"product.name", "Demo module V A L 丨 D"},
		{"product.name", "Demo module V A L | D"},
		{"product.name", "Demo module V.A.L.丨.D"},
	}, []claimCase{
		{"product.name", "Demo module, type A | B"},
		{"product.name_zh", "示例组件 A-工-B 型"},
		{"product.name_zh", "移动固态硬盘 Type-C口 2T"},
		{"product.name_zh", "5G随身WiFi C口20W"},
		{"product.name_zh", "PD快充头 C口20W 净重45g"},
		{"product.name_zh", "双Type-C口2A快充 重量120g"},
		{"product.name_zh", "一次性KN95口罩"},
	})
}

package certification_test

import "testing"

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

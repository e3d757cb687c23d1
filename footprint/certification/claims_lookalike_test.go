package certification_test

// lookAlikeClaims are claims written in characters that print as the
// letters and digits of a claim (red teams 45, 84, 85, session 51,
// session 52).
var lookAlikeClaims = []claimGroup{
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
}

package certification_test

// statusClaims are applicant text in the verification service's words
// (red teams 41 and 43): a certificate status or a verification result,
// which only the service states.
var statusClaims = []claimGroup{
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
}

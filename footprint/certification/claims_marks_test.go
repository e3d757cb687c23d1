package certification_test

// markClaims are another certification, endorsement or scheme's mark of
// the product (red teams 84, 85, reviewer 50, session 51, session 52).
var markClaims = []claimGroup{
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
}

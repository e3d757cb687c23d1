package labels

import "github.com/chengdu-pcf/pcf/footprint/certification"

// The renderer's own text, in Chinese and English.
var (
	tCertTitle    = bilingual{"产品碳足迹证书", "Product Carbon Footprint Certificate"}
	tLabelTitle   = bilingual{"产品碳足迹", "Product carbon footprint"}
	tScanToVerify = bilingual{"扫码验证", "Scan to verify"}
	tContinued    = bilingual{"续", "continued"}
	tPage         = bilingual{"页", "Page"}

	tNumber     = bilingual{"证书编号", "Certificate No."}
	tID         = bilingual{"证书标识", "Certificate ID"}
	tRevision   = bilingual{"版本", "Revision"}
	tSupersedes = bilingual{"替代证书", "Supersedes"}
	tStatus     = bilingual{"状态", "Status"}
	tStatusNote = bilingual{"下载时状态，实时状态请扫码", "at download; scan for the live status"}
	tAtDownload = bilingual{"下载时", "at download"}

	tSecHolder  = bilingual{"1  委托人与产品", "Holder and product"}
	tSecResult  = bilingual{"2  碳足迹结果", "Carbon footprint"}
	tSecMethod  = bilingual{"3  核算方法与数据质量", "Method and data quality"}
	tSecCertify = bilingual{"4  认证", "Certification"}

	tHolder       = bilingual{"委托人", "Holder"}
	tManufacturer = bilingual{"生产者", "Manufacturer"}
	tSameAsHolder = bilingual{"同委托人", "same as the holder"}
	tSites        = bilingual{"生产场所", "Production site"}
	tProduct      = bilingual{"产品名称", "Product"}
	tModel        = bilingual{"型号规格", "Model"}
	tCodes        = bilingual{"产品编码", "Product codes"}

	tFootprint  = bilingual{"碳足迹", "Carbon footprint"}
	tBoundary   = bilingual{"系统边界", "System boundary"}
	tOtherUnits = bilingual{"其他单位", "Other units"}
	tFossilBio  = bilingual{"化石 / 生物源 / 包装", "Fossil / biogenic / packaging"}
	tFossil     = bilingual{"化石", "fossil"}
	tBiogenic   = bilingual{"生物源", "biogenic"}
	tNotKnown   = bilingual{"未知", "not known"}
	// tCredits heads a format-7 certificate's recycling credits, and
	// tReportedApart says they are not in the total (layout 6).
	tCredits       = bilingual{"回收抵扣", "Recycling credits"}
	tReportedApart = bilingual{"单独报告，未计入总量", "reported separately, not included in the total"}
	tPackaging     = bilingual{"包装", "packaging"}
	tIncluded      = bilingual{"已计入", "included"}
	tNotIncluded   = bilingual{"未计入", "not included"}
	tNoOffsets     = bilingual{"结果未扣减任何碳抵消。", "No carbon offsets are netted."}
	tStage         = bilingual{"阶段", "Stage"}
	tShare         = bilingual{"占比", "Share"}
	tChart         = bilingual{"各阶段分布", "By stage"}
	tTotal         = bilingual{"合计", "Total"}

	tRule         = bilingual{"核算规则", "Accounting rule"}
	tVersion      = bilingual{"版本", "version"}
	tImplements   = bilingual{"依据标准", "implements"}
	tDeclaredUnit = bilingual{"声明单位", "Declared unit"}
	tPeriod       = bilingual{"数据期间", "Reference period"}
	tFactorSet    = bilingual{"因子集", "Factor set"}
	tEngine       = bilingual{"计算方法", "Engine"}
	tElectricity  = bilingual{"电力核算", "Electricity"}
	tGridFactors  = bilingual{"电网因子", "grid factors"}
	tInstruments  = bilingual{"绿电凭证", "Green-power instruments"}
	// tInstrumentsWhole follows the instruments; %s is the declared unit
	// ("块组件", "per module").
	tInstrumentsWhole = bilingual{"生产者在数据期间购买的总量，并非每%s", "the manufacturer's total purchase for the reference period, not %s"}
	tNone             = bilingual{"无", "none"}
	tQuality          = bilingual{"数据质量", "Data quality"}
	tDQRNote          = bilingual{"PEF：1 最优", "best – 5"}
	tNotRated         = bilingual{"未评级", "not rated"}
	// dqrLevels name the PEF data-quality levels (footprint.DQRLevel;
	// Commission Recommendation (EU) 2021/2279, reference/standards.md §5.1).
	dqrLevels = func() map[string]bilingual {
		m := map[string]bilingual{}
		for en, zh := range certification.DQRLevelsZH() {
			m[en] = bilingual{zh, en}
		}
		return m
	}()
	// tDQRCovers says what share of the total a DQR covers (format 5).
	tDQRCovers = func() bilingual { zh, en := certification.DQRCoverageText(100); return bilingual{zh, en} }()
	tPrimary   = bilingual{"初级数据占比", "Primary-data share"}
	// tUseScenario heads the use scenario a format-6 certificate signs,
	// and tUseScenarioText is its value: the scenario's own text
	// (Certificate.PrintedUseScenario) for sample figures, of a declared
	// unit of 10 pieces without per-piece words (layout 5 names whose the
	// energy is, in words of its own then), so that the font check covers
	// every character it prints.
	tUseScenario = bilingual{"使用阶段情景", "Use scenario"}
	// tUseStageGridFactor names the use stage's grid factor under the
	// electricity of a certificate with a use scenario (layout 6).
	tUseStageGridFactor = bilingual{"使用阶段电网因子", "use-stage grid factor"}
	tUseScenarioText    = func() bilingual {
		c := certification.Certificate{UseScenario: &certification.CertificateUseScenario{AnnualKWh: 1, LifetimeYears: 2, Country: "CN", Factor: "F"},
			DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece"}}
		zh, en := c.PrintedUseScenario()
		return bilingual{zh, en}
	}()
	tStudyID         = bilingual{"研究标识", "Study ID"}
	tDigest          = bilingual{"结果摘要", "Result digest (SHA-256)"}
	tStudyDigest     = bilingual{"研究摘要", "Study digest (SHA-256)"}
	tSetDigest       = bilingual{"因子集摘要", "Factor-set digest"}
	tSuppliersDigest = bilingual{"供应商摘要", "Suppliers digest"}

	tUncertainty   = bilingual{"不确定性范围", "Uncertainty range"}
	tNotComputed   = bilingual{"未计算", "not computed"}
	tMedian        = bilingual{"中位数", "median"}
	tMonteCarlo    = bilingual{"蒙特卡洛", "Monte Carlo"}
	tRuns          = bilingual{"次", "runs"}
	tCutOff        = bilingual{"取舍（截断）", "Cut-off"}
	tCutOffShort   = bilingual{"取舍", "cut-off"}
	tNoCutOff      = bilingual{"无取舍项", "nothing cut off"}
	tLimit         = bilingual{"限值", "limit"}
	tItems         = bilingual{"项", "items"}
	tNotApplicable = bilingual{"不适用阶段", "Stages not applicable"}
	tRange         = bilingual{"区间", "range"}

	tFactors      = bilingual{"主要排放因子", "Main emission factors"}
	tFactor       = bilingual{"因子", "Factor"}
	tSet          = bilingual{"因子集", "Set"}
	tGrade        = bilingual{"等级", "Grade"}
	tSource       = bilingual{"来源", "Source"}
	tGridFactor   = bilingual{"电网", "grid"}
	tFactorsCover = bilingual{"所列因子合计占碳足迹", "The factors listed make up"}
	tFactorsRule  = bilingual{"按贡献由大到小列出，直至合计达 80 %（最多 8 个），另列全部电网因子。",
		"of the footprint: the largest contributors until they make up 80 % (at most 8), and every grid factor."}
	// tFactorsRuleUse replaces tFactorsRule on a certificate with a use
	// scenario (layout 6): the signed list names every grid factor of
	// production; the use stage's is named in the use scenario, and tagged
	// tUseStageGrid in the table where listed.
	tFactorsRuleUse = bilingual{"按贡献由大到小列出，直至合计达 80 %（最多 8 个），另列生产用电的全部电网因子；使用阶段的电网因子见使用阶段情景。",
		"of the footprint: the largest contributors until they make up 80 % (at most 8), and every grid factor of production electricity; the use stage's grid factor is named in the use scenario."}
	// tUseStageGrid tags the use stage's grid factor in the factor table
	// (layout 6).
	tUseStageGrid = bilingual{"使用阶段电网", "use-stage grid"}
	tGradeLegend  = bilingual{"数据质量等级：A 官方原件；B 官方，经交叉核对；B-UK 英国官方数据；C CPCD 核心数据库；D CPCD 文献数据或单一二手来源；E 推算值。",
		"Quality grade: A primary official source; B official, cross-checked; B-UK UK official dataset; C CPCD core database; D CPCD literature or single secondary source; E derived estimate."}

	tIssued     = bilingual{"发证日期", "Issued"}
	tValidUntil = bilingual{"有效期至", "Valid until"}

	tCertifier    = bilingual{"认证机构", "Certification body"}
	tApproval     = bilingual{"批准号", "Approval No."}
	tSignatory    = bilingual{"授权签字人", "Authorised signatory"}
	tSignHere     = bilingual{"签字", "Signature"}
	tDate         = bilingual{"日期", "Date"}
	tSeal         = bilingual{"认证机构印章", "Seal of the certification body"}
	tDigitalSig   = bilingual{"数字签名", "Digital signature"}
	tKeyID        = bilingual{"密钥指纹", "Key fingerprint"}
	tSigValue     = bilingual{"签名值", "Signature"}
	tVerifyOnline = bilingual{"在线验证", "Verify online"}
	tVerifyOff    = bilingual{"离线验证", "Verify offline"}
	tEmbedded     = bilingual{"签名内容已嵌入本文件", "the signed content is embedded in this file"}

	tMark       = bilingual{"认证机构标志", "Certification body mark"}
	tVerifyHost = bilingual{"验证", "Verify:"} // over the host the QR code leads to (layout 9)
	tLabelCert  = bilingual{"认证机构", "Certified by"}
)

// fixedText returns every string the renderer prints of its own, so that
// NewRenderer can check the font covers it.
func fixedText() []string {
	var out []string
	add := func(bs ...bilingual) {
		for _, b := range bs {
			out = append(out, b.zh, b.en)
		}
	}
	add(tCertTitle, tLabelTitle, tScanToVerify, tContinued, tPage, tNumber, tID, tRevision, tSupersedes,
		tStatus, tStatusNote, tAtDownload, tSecHolder, tSecResult, tSecMethod, tSecCertify, tHolder,
		tManufacturer, tSameAsHolder, tSites, tProduct, tModel, tCodes, tFootprint, tBoundary, tOtherUnits, tFossilBio,
		tFossil, tBiogenic, tNotKnown, tPackaging, tIncluded, tNotIncluded, tNoOffsets, tStage, tShare,
		tChart, tTotal, tRule, tVersion, tImplements, tDeclaredUnit, tPeriod, tFactorSet, tEngine,
		tElectricity, tGridFactors, tInstruments, tInstrumentsWhole, noElectricityV2, tNone, tQuality, tDQRNote, tNotRated, tDQRCovers, tPrimary, tUseScenario, tUseScenarioText, tStudyID,
		tDigest, tIssued, tValidUntil, tCertifier, tApproval, tSignatory, tSignHere, tDate, tSeal,
		tDigitalSig, tKeyID, tSigValue, tVerifyOnline, tVerifyOff, tEmbedded, tMark, tLabelCert, tVerifyHost,
		tStudyDigest, tSetDigest, tSuppliersDigest, tUncertainty, tNotComputed, tMedian, tMonteCarlo, tRuns, tCutOff,
		tNoCutOff, tCutOffShort, tLimit, tItems, tNotApplicable, tRange,
		tFactors, tFactor, tSet, tGrade, tSource, tGridFactor, tFactorsCover, tFactorsRule, tGradeLegend,
		tFactorsRuleUse, tUseStageGrid, tUseStageGridFactor, noElectricityInProduction, tCredits, tReportedApart)
	for _, m := range []map[string]bilingual{approachNames, cutOffBases} {
		for _, b := range m {
			add(b)
		}
	}
	for _, b := range boundaryNames {
		add(b)
	}
	for _, b := range boundaryNotes {
		add(b)
	}
	for _, b := range statusNames {
		add(b)
	}
	for _, b := range instrumentNames {
		add(b)
	}
	out = append(out, "0123456789.,:;-–—/()（）·%+= kgCO2e²³ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_…，；：[]")
	return out
}

// Visible key fields: each is printed as a label string immediately
// followed by its value string, so that VerifyPDF can read the value back
// from the page and compare it with the signed content.
const (
	fieldNumber  = "number"
	fieldID      = "id"
	fieldTotal   = "kg_co2e"
	fieldIssued  = "issued_at"
	fieldExpires = "expires_at"
	fieldKeyID   = "key_id"

	// Printed values that are not certificate fields: the status at
	// download and the verification URL (render parameters), and the
	// signature.
	fieldStatus    = "status"
	fieldVerifyURL = "verify_url"

	// fieldVerifyHost is the host of the verification URL, printed under
	// the QR code (layout 9).
	fieldVerifyHost = "verify_host"
)

// visibleLabels maps each label string that precedes a key field's value to
// the field.
var visibleLabels = map[string]string{
	tNumber.String():     fieldNumber,
	tID.String():         fieldID,
	tFootprint.String():  fieldTotal,
	tLabelTitle.String(): fieldTotal,
	tIssued.String():     fieldIssued,
	tValidUntil.String(): fieldExpires,
	tKeyID.String():      fieldKeyID,
}

// visibleNames names the key fields in reports.
var visibleNames = map[string]string{
	fieldNumber:  "certificate number",
	fieldID:      "certificate ID",
	fieldTotal:   "carbon footprint",
	fieldIssued:  "issue date",
	fieldExpires: "expiry date",
	fieldKeyID:   "key fingerprint",
}

// visibleNamesZH names the key fields in reports in Chinese.
var visibleNamesZH = map[string]string{
	fieldNumber:  "证书编号",
	fieldID:      "证书标识",
	fieldTotal:   "碳足迹",
	fieldIssued:  "签发日期",
	fieldExpires: "有效期截止日期",
	fieldKeyID:   "密钥指纹",
}

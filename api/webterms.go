package api

import (
	"fmt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// termText words, in both languages, the codes the pages would otherwise
// show as the API spells them (in English): a boundary, a transport mode,
// a waste treatment, an electricity approach, an organisation's role. The
// Chinese of the boundaries and approaches is the certificate's
// (labels/format.go).
var termText = map[string]bilingual{
	string(footprint.BoundaryCradleToGate):  {"摇篮到大门", "cradle-to-gate"},
	string(footprint.BoundaryCradleToGrave): {"摇篮到坟墓", "cradle-to-grave"},
	string(footprint.BoundaryGateToGate):    {"大门到大门", "gate-to-gate"},
	string(footprint.BoundaryGateToGrave):   {"大门到坟墓", "gate-to-grave"},
	string(footprint.BoundaryCombustion):    {"仅燃烧直接排放", "combustion (direct emissions only)"},
	string(footprint.BoundaryLifeCycle):     {"生命周期", "life cycle"},
	string(footprint.BoundaryEndOfLife):     {"废弃处理过程", "end-of-life treatment"},
	string(footprint.BoundaryUnspecified):   {"未说明", "unspecified"},

	footprint.ModeRoad:           {"公路", "road"},
	footprint.ModeRail:           {"铁路", "rail"},
	footprint.ModeSea:            {"海运", "sea"},
	footprint.ModeInlandWaterway: {"内河航运", "inland waterway"},
	footprint.ModeAir:            {"航空", "air"},

	footprint.TreatmentLandfill:     {"填埋", "landfill"},
	footprint.TreatmentIncineration: {"焚烧", "incineration"},
	footprint.TreatmentRecycling:    {"回收利用", "recycling"},

	footprint.ElectricityGrid:       {"电网电力生命周期因子", "grid life-cycle factors"},
	footprint.ElectricityGreenPower: {"绿色电力(凭证覆盖全部用电)", "green power (instruments cover all electricity)"},
	footprint.ElectricityMixed:      {"电网电力与绿色电力", "grid and green power"},
	footprint.ElectricityNone:       {"无外购电力", "no purchased electricity"},

	string(footprint.InstrumentGreenCertificate):  {"绿证", "GEC"},
	string(footprint.InstrumentGreenPowerTrading): {"绿电交易", "green power trading"},

	string(access.RoleManufacturer): {"制造商", "manufacturer"},
	string(access.RoleCertifier):    {"认证机构", "certifier"},
	string(access.RoleRegulator):    {"市场监管部门", "regulator"},
	string(access.RoleAdmin):        {"平台运营方", "admin"},
	string(access.RoleCurator):      {"因子管理员", "curator"},
	string(access.RolePartner):      {"数据交换伙伴", "partner"},
}

// dqrLevelZH names the PEF data-quality levels as the certificate does.
var dqrLevelZH = certification.DQRLevelsZH()

// term is a code in both languages ("摇篮到大门 cradle-to-gate"), or the
// code itself when it has no words here; a data-quality level ("very good")
// in the certificate's words. A template passes it a string or a string
// type (footprint.Boundary).
func term(code any) string {
	s := fmt.Sprint(code)
	if t, ok := termText[s]; ok {
		return t.ZH + " " + t.EN
	}
	if zh, ok := dqrLevelZH[s]; ok {
		return zh + " " + s
	}
	return s
}

// statusTerm is a certificate status in both languages (statusWords), for
// a template that holds it as a certification.CertificateStatus.
func statusTerm(status any) string { return statusWords(fmt.Sprint(status)) }

// auditActionZH names each audit action in Chinese; the page shows its code
// (footprint/access) beside it, in English.
var auditActionZH = map[string]string{
	access.AuditStudyCreate:             "创建研究",
	access.AuditApplicationCreate:       "提交认证申请",
	access.AuditApplicationReject:       "驳回申请",
	access.AuditCertificateIssue:        "签发证书",
	access.AuditCertificateSuspend:      "暂停证书",
	access.AuditCertificateReinstate:    "恢复证书",
	access.AuditCertificateWithdraw:     "撤销证书",
	access.AuditCertificateReissue:      "换发证书(替代旧证书)",
	access.AuditCertificateFlag:         "证书标记待复核",
	access.AuditCertificateReview:       "复核后保留证书",
	access.AuditFactorSetCreate:         "创建因子集草稿",
	access.AuditFactorSetPublish:        "发布因子集",
	access.AuditFactorSetImport:         "导入因子",
	footprint.AuditFactorSetClassify:    "电力因子分类",
	factorlib.AuditFactorSetAcknowledge: "审核合理性提示",
	access.AuditOrganizationCreate:      "创建机构",
	access.AuditOrganizationApproval:    "记录认证机构批准号",
	access.AuditOrganizationRegister:    "变更认证机构登记(授权签字人、批准范围)",
	access.AuditKeyCreate:               "创建 API 密钥",
	access.AuditKeyRevoke:               "吊销 API 密钥",
	access.AuditKeyConfirm:              "恢复后确认 API 密钥",
	access.AuditKeyEndorse:              "本机构密钥确认新密钥",
	access.AuditKeyCompromise:           "API 密钥报告泄露",
	access.AuditSigningKeyRotate:        "轮换签名密钥",
	access.AuditSigningKeyCompromise:    "签名密钥泄露",
	access.AuditPACTFootprintUpload:     "上传 PACT 足迹",
	access.AuditDatabaseMigrate:         "数据库迁移",
	access.AuditDatabaseBackup:          "数据库备份",
	// The PACT exchange (api/pact*.go): a regulator reads these too.
	pact.AuditCPCDeclare:       "声明 PACT 的 CPC 产品代码",
	pact.AuditShare:            "共享 PACT 足迹详情",
	pact.AuditShareRevoke:      "停止共享 PACT 足迹详情",
	pact.AuditAnswerQueued:     "PACT 应答待发送",
	pact.AuditAnswerDelivered:  "PACT 应答已送达",
	pact.AuditAnswerGivenUp:    "PACT 应答放弃重发",
	pact.AuditEndpointSave:     "登记供应商 PACT 主机",
	pact.AuditFootprintFetch:   "获取供应商 PACT 足迹",
	pact.AuditFootprintRecheck: "复查供应商 PACT 足迹",
}

// actionZH is an audit action's Chinese name, "" for an action it does not
// know (the page then shows the code alone).
func actionZH(action string) string { return auditActionZH[action] }

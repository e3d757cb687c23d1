package api

import (
	"fmt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// termText words, in both languages, the codes the pages would otherwise
// show as the API spells them (in English): a boundary, a transport mode,
// a waste treatment, an electricity approach, a data-quality level, an
// organisation's role. The
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

	string(access.RoleManufacturer): {"制造商", "manufacturer"},
	string(access.RoleCertifier):    {"认证机构", "certifier"},
	string(access.RoleRegulator):    {"市场监管部门", "regulator"},
	string(access.RoleAdmin):        {"平台运营方", "admin"},
	string(access.RoleCurator):      {"因子管理员", "curator"},
	string(access.RolePartner):      {"数据交换伙伴", "partner"},

	"excellent": {"优", "excellent"},
	"very good": {"很好", "very good"},
	"good":      {"良好", "good"},
	"fair":      {"一般", "fair"},
	"poor":      {"差", "poor"},
}

// term is a code in both languages ("摇篮到大门 cradle-to-gate"), or the
// code itself when it has no words here.
// A template passes it a string or a string type (footprint.Boundary).
func term(code any) string {
	s := fmt.Sprint(code)
	if t, ok := termText[s]; ok {
		return t.ZH + " " + t.EN
	}
	return s
}

// statusTerm is a certificate status in both languages (statusWords), for
// a template that holds it as a certification.CertificateStatus.
func statusTerm(status any) string { return statusWords(fmt.Sprint(status)) }

package usestage

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// EnergySource names the measurement a use profile's annual energy is taken from
// (product.use.energy_source, red team 56b): its Kind, one of SourceKinds,
// and its Reference, the record's, registration's or report's number or
// address, which the certifier reads the figure in.
type EnergySource struct {
	Kind      string `json:"kind"`
	Reference string `json:"reference"`
}

// The kinds of measurement of a product's annual energy a study may name.
// ENERGY STAR's typical energy consumption (TEC) is the figure TCO
// Certified's footprint takes the use stage from (reference/standards.md
// §3.2, "TEC × country grid factor", and its sector preset "TEC or annual
// kWh × years"); an EU energy label states a display's on-mode energy; a
// test report is a laboratory's measurement of the product's power in use
// and in standby. Each is a document outside the study that a certifier
// can read the figure in, as a green certificate's serial or a supplier's
// certificate; an estimate (hours a day at a power) is not one.
const (
	SourceEnergyStarTEC = "energy-star-tec"
	SourceEULabel       = "eu-energy-label"
	SourceTestReport    = "test-report"
)

// SourcePath is the study's path Unsourced warns at.
const SourcePath = "product.use.energy_source"

// Field is a warning of the result at a path of the study (Field), in
// English and in Chinese.
type Field struct{ Field, EN, ZH string }

// SourceKinds lists the accepted kinds of Source, in the order messages
// name them.
var SourceKinds = []string{SourceEnergyStarTEC, SourceEULabel, SourceTestReport}

// Unsourced returns a warning when a use stage (kg kgCO2e per declared
// unit, of total) rests on an annual energy that names no measurement:
// src nil, of a kind not in SourceKinds, or without a reference. The annual
// energy and the lifetime are the manufacturer's word, reference/ gives no
// floor of either (red teams 8, 42, 44, 82, 56), and no rule states a
// default use scenario to compare them with: the demo laptop at 20 kWh a
// year instead of 41.464 was certified 27.7 % lower with no word. A
// measurement named in the study is what a certifier checks the figure
// against, as it checks an instrument against its certificate; without
// one the certifier is told that the figure is the study's estimate. It
// returns the zero Field when src names a measurement; its Field is
// SourcePath otherwise.
func Unsourced(src *EnergySource, kg, total float64, rule string, annualKWh, years float64) Field {
	var whyEN, whyZH string
	switch {
	case src == nil:
		whyEN, whyZH = "names no measurement of the annual energy (energy_source)", "未说明年耗电量的测量依据(energy_source)"
	case !slices.Contains(SourceKinds, src.Kind):
		whyEN = fmt.Sprintf("names energy_source kind %q, which is no measurement this service knows", src.Kind)
		whyZH = fmt.Sprintf("的 energy_source 类型 %q 不是本服务认可的测量依据", src.Kind)
	case strings.TrimSpace(src.Reference) == "":
		whyEN = fmt.Sprintf("names a measurement of kind %s without its reference (energy_source.reference)", src.Kind)
		whyZH = fmt.Sprintf("说明了 %s 类测量,但未给出其编号或出处(energy_source.reference)", src.Kind)
	default:
		return Field{}
	}
	f, g := fmtSig, fmtG
	pct := 0.0
	if total > 0 {
		pct = kg / total * 100
	}
	kinds := strings.Join(SourceKinds, ", ")
	watts := annualKWh * 1000 / HoursPerYear
	return Field{
		Field: SourcePath,
		EN: fmt.Sprintf("the use stage is %s kgCO2e per declared unit, %s %% of the total, from %s kWh a year (%s W on average over the %d hours of a year) over %s years, and product.use %s: the annual energy is the study's estimate, and rule %s states no default use scenario to hold it to. Name the measurement the annual energy is taken from (product.use.energy_source: kind %s, and the record's, label's or report's reference), for the certifier to check the figure against it, and check the lifetime against the product's service life",
			f(kg), f(pct), g(annualKWh), f(watts), HoursPerYear, g(years), whyEN, rule, kinds),
		ZH: fmt.Sprintf("使用阶段每声明单位为 %s kgCO2e,占总量的 %s %%,按每年 %s kWh(一年 %d 小时的平均功率 %s W)、共 %s 年计算,而 product.use %s:年耗电量是研究的估算,规则 %s 也没有可对照的默认使用情景。请说明年耗电量所依据的测量(product.use.energy_source:类型 %s,及其记录、标识或报告的编号),供认证机构据以核实该数值,并对照产品的使用寿命核实寿命年数",
			f(kg), f(pct), g(annualKWh), HoursPerYear, f(watts), g(years), whyZH, rule, kinds),
	}
}

// Name is the name of the use stage's line of the result: the annual
// energy, the lifetime, the pieces of the declared unit when not one, and
// the country of use when the study names one.
func Name(annualKWh, years, pieces float64, country string) string {
	g := fmtG
	name := "use: " + g(annualKWh) + " kWh/year × " + g(years) + " years"
	if pieces != 1 {
		name += " × " + g(numfmt.RoundSig(pieces, 6)) + " pieces"
	}
	if country != "" {
		name += " in " + country
	}
	return name
}

// fmtG writes x in full, as the study states it.
func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

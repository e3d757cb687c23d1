package labels

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// FormatKgCO2e formats a footprint for print (footprint.FormatKgCO2e, the
// one rounding rule of every document and page).
func FormatKgCO2e(x float64) string { return footprint.FormatKgCO2e(x) }

// formatPct formats a percentage with one decimal: "64.5 %".
func formatPct(x float64) string {
	return strconv.FormatFloat(x, 'f', 1, 64) + " %"
}

// formatSharePct formats a share as every document prints it
// (footprint.FormatSharePct): "4.57 %", "0.82 %", "12.3 %".
func formatSharePct(x float64) string { return footprint.FormatSharePct(x) }

// formatNum formats a plain number as briefly as it round-trips.
func formatNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// groupThousands groups the integer digits of a formatted number in
// threes: "1000" → "1,000", "12500.5" → "12,500.5".
func groupThousands(s string) string {
	i := strings.IndexAny(s, ".e")
	if i < 0 {
		i = len(s)
	}
	start := 0
	if strings.HasPrefix(s, "-") {
		start = 1
	}
	var b strings.Builder
	b.WriteString(s[:start])
	for j := start; j < i; j++ {
		if j > start && (i-j)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[j])
	}
	return b.String() + s[i:]
}

const dateLayout = "2006-01-02"

// FormatDate formats an instant as the documents print it: its date in
// China Standard Time (a certificate issued in Chengdu at 07:30 on 2 March
// is dated 2026-03-02, although it is still 1 March in UTC).
func FormatDate(t time.Time) string { return t.In(certification.ChinaTime).Format(dateLayout) }

// bilingual is a Chinese and an English rendering of one term.
type bilingual struct{ zh, en string }

func (b bilingual) String() string { return joinNonEmpty(" ", b.zh, b.en) }

var boundaryNames = map[footprint.Boundary]bilingual{
	footprint.BoundaryCradleToGate:  {"摇篮到大门", "Cradle-to-gate"},
	footprint.BoundaryCradleToGrave: {"摇篮到坟墓", "Cradle-to-grave"},
}

var boundaryNotes = map[footprint.Boundary]bilingual{
	footprint.BoundaryCradleToGate:  {"部分碳足迹", "partial CFP"},
	footprint.BoundaryCradleToGrave: {"完整碳足迹", "full CFP"},
}

var statusNames = map[certification.CertificateStatus]bilingual{
	certification.CertificateValid:      {"有效", "valid"},
	certification.CertificateSuspended:  {"暂停", "suspended"},
	certification.CertificateWithdrawn:  {"撤销", "withdrawn"},
	certification.CertificateSuperseded: {"已被替代", "superseded"},
	certification.CertificateExpired:    {"已过期", "expired"},
}

var approachNames = map[string]bilingual{
	footprint.ElectricityGrid:       {"电网电力生命周期因子", "grid life-cycle factors"},
	footprint.ElectricityGreenPower: {"绿色电力（凭证覆盖全部用电）", "green power (instruments cover all electricity)"},
	footprint.ElectricityMixed:      {"电网电力与绿色电力", "grid and green power"},
	footprint.ElectricityNone:       {"无外购电力", "no purchased electricity"},
}

// noElectricityV2 is how layout 2 named ElectricityNone: "no electricity",
// on certificates whose use stage may be mostly grid electricity.
var noElectricityV2 = bilingual{"无外购电力", "no electricity"}

// noElectricityInProduction is how layout 6 names ElectricityNone: the
// approach is production's, and a use stage may be mostly grid electricity
// (the demo laptop's, 53.5 % of its total).
var noElectricityInProduction = bilingual{"生产中无外购电力", "no purchased electricity in production"}

var cutOffBases = map[string]bilingual{
	certification.CutOffEmissions: {"排放（筛选估算）", "of emissions (screening estimate)"},
	certification.CutOffMass:      {"产品质量", "of product mass"},
}

var instrumentNames = map[footprint.InstrumentKind]bilingual{
	footprint.InstrumentGreenCertificate:  {"绿证", "GEC"},
	footprint.InstrumentGreenPowerTrading: {"绿电交易", "green power trading"},
}

func lookup[K comparable](m map[K]bilingual, k K) bilingual {
	if b, ok := m[k]; ok {
		return b
	}
	return bilingual{"", fmt.Sprint(k)}
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// names returns a bilingual name as printed: Chinese, then English.
func names(zh, en string) string { return joinNonEmpty(" ", zh, en) }

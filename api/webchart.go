package api

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Geometry of the stage chart, in SVG user units; the picture scales to
// its container (width 100%, viewBox), so one drawing serves a phone and a
// desktop.
const (
	chartWidth    = 360
	chartValueW   = 100 // figures, right of the bars
	chartRowH     = 46  // a stage: its name above, its bar below
	chartBarH     = 18
	chartPadTop   = 8
	chartFontSize = 12
)

// stageChartSVG draws a result's stage totals as a horizontal bar chart,
// on the server, as SVG: one row per stage with its bilingual name above a
// bar proportional to its kgCO2e and the figure with its share. Every text is
// escaped here (the result carries names from the rule, but the function
// does not rely on that); nothing in it runs script, and it is styled by
// presentation attributes only, which a Content-Security-Policy without
// 'unsafe-inline' styles allows. A stage below zero (never expected:
// credits are reported apart) draws no bar but still shows its figure.
// With no stages it returns "".
func stageChartSVG(stages []footprint.StageTotal) template.HTML {
	if len(stages) == 0 {
		return ""
	}
	max := 0.0
	for _, st := range stages {
		if st.KgCO2e > max {
			max = st.KgCO2e
		}
	}
	barSpan := float64(chartWidth - chartValueW)
	h := chartPadTop*2 + chartRowH*len(stages)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="stage-chart" role="img" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif" font-size="%d">`, chartWidth, h, chartFontSize)
	b.WriteString(`<title>各阶段碳足迹 Footprint by life-cycle stage (kgCO2e)</title>`)
	for i, st := range stages {
		y := chartPadTop + i*chartRowH
		mid := y + 16 + chartBarH/2 + 4 // centre of the bar
		w := 0.0
		if max > 0 && st.KgCO2e > 0 && !math.IsInf(st.KgCO2e, 0) {
			w = barSpan * st.KgCO2e / max
			if w < 1 {
				w = 1 // a small but positive stage stays visible
			}
		}
		name := strings.TrimSpace(st.NameZH + " " + st.NameEN)
		if name == "" {
			name = st.Code
		}
		fmt.Fprintf(&b, `<g class="stage" data-stage="%s">`, html.EscapeString(st.Code))
		fmt.Fprintf(&b, `<text x="0" y="%d" fill="#1f2d3d">%s</text>`, y+14, html.EscapeString(name))
		fmt.Fprintf(&b, `<rect x="0" y="%d" width="%s" height="%d" rx="2" fill="#2e7d5b"/>`, mid-chartBarH/2, strconv.FormatFloat(math.Round(w*10)/10, 'f', -1, 64), chartBarH)
		fmt.Fprintf(&b, `<text x="%d" y="%d" dominant-baseline="middle" fill="#1f2d3d">%s (%s %%)</text>`,
			int(math.Round(w))+6, mid, html.EscapeString(footprint.FormatKgCO2e(st.KgCO2e)), html.EscapeString(strconv.FormatFloat(footprint.RoundSig(st.SharePct, 3), 'f', -1, 64)))
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // built above from escaped text only
}

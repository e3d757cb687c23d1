package api

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Geometry of the stage chart, in SVG user units; the picture scales to
// its container (width 100%, viewBox), so one drawing serves a phone and a
// desktop. Its text scales with it: 16 units are about 14.4 px at a phone's
// 390 px (the chart is some 324 px wide there) and 16 px, as the page's
// text, at the widest the page lets it be (work.css: 22.5rem, 360 px).
const (
	chartWidth    = 360
	chartValueW   = 140 // figures, right of the bars: "1,234 (100 %)" at 16 units
	chartBarH     = 20
	chartLineH    = 20 // a line of a stage's name
	chartRowGap   = 10 // below a stage's bar
	chartPadTop   = 8
	chartFontSize = 16
)

// chartTextWidth estimates the width of s drawn at chartFontSize: a wide
// (CJK) character one em, any other 0.62 em, more than a sans-serif's
// average, so that an estimate that fits does fit.
func chartTextWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || r >= 0x2e80 && r <= 0xa4cf || r >= 0xff00 && r <= 0xff60 {
			w += chartFontSize
		} else {
			w += 0.62 * chartFontSize
		}
	}
	return w
}

// chartNameLines sets a stage's name on the lines the chart draws above
// its bar: Chinese and English on one line when they fit the chart's
// width, else each on its own, and a part still too wide broken between
// words (between characters when a word alone is too wide), so that no
// name is cut at the picture's edge.
func chartNameLines(zh, en string) []string {
	if one := strings.TrimSpace(zh + " " + en); chartTextWidth(one) <= chartWidth {
		return []string{one}
	}
	var lines []string
	for _, part := range []string{zh, en} {
		line := ""
		for _, word := range strings.Fields(part) {
			for chartTextWidth(word) > chartWidth { // a word alone too wide
				rs := []rune(word)
				n := len(rs)
				for n > 1 && chartTextWidth(string(rs[:n])) > chartWidth {
					n--
				}
				if line != "" {
					lines, line = append(lines, line), ""
				}
				lines, word = append(lines, string(rs[:n])), string(rs[n:])
			}
			switch {
			case line == "":
				line = word
			case chartTextWidth(line+" "+word) <= chartWidth:
				line += " " + word
			default:
				lines, line = append(lines, line), word
			}
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

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
	names := make([][]string, len(stages))
	h := chartPadTop * 2
	for i, st := range stages {
		if names[i] = chartNameLines(st.NameZH, st.NameEN); len(names[i]) == 0 {
			names[i] = []string{st.Code}
		}
		h += chartLineH*len(names[i]) + chartBarH + chartRowGap
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="stage-chart" role="img" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif" font-size="%d">`, chartWidth, h, chartFontSize)
	b.WriteString(`<title>各阶段碳足迹 Footprint by life-cycle stage (kgCO2e)</title>`)
	y := chartPadTop
	for i, st := range stages {
		w := 0.0
		if max > 0 && st.KgCO2e > 0 && !math.IsInf(st.KgCO2e, 0) {
			w = barSpan * st.KgCO2e / max
			if w < 1 {
				w = 1 // a small but positive stage stays visible
			}
		}
		fmt.Fprintf(&b, `<g class="stage" data-stage="%s">`, html.EscapeString(st.Code))
		for _, line := range names[i] {
			fmt.Fprintf(&b, `<text x="0" y="%d" fill="#1f2d3d">%s</text>`, y+chartLineH-5, html.EscapeString(line))
			y += chartLineH
		}
		mid := y + 2 + chartBarH/2 // centre of the bar
		fmt.Fprintf(&b, `<rect x="0" y="%d" width="%s" height="%d" rx="2" fill="#2e7d5b"/>`, mid-chartBarH/2, strconv.FormatFloat(math.Round(w*10)/10, 'f', -1, 64), chartBarH)
		fmt.Fprintf(&b, `<text x="%d" y="%d" dominant-baseline="middle" fill="#1f2d3d">%s (%s %%)</text>`,
			int(math.Round(w))+6, mid, html.EscapeString(footprint.FormatKgCO2e(st.KgCO2e)), html.EscapeString(strconv.FormatFloat(footprint.RoundSig(st.SharePct, 3), 'f', -1, 64)))
		b.WriteString(`</g>`)
		y += chartBarH + chartRowGap
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // built above from escaped text only
}

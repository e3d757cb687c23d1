package api

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the stage chart is well-formed SVG with one bar per stage, bars
// proportional to the totals, the figures as the label prints them, and
// every text escaped.
func TestStageChartSVG(t *testing.T) {
	stages := []footprint.StageTotal{
		{Code: "A1", NameZH: "原材料", NameEN: "raw materials", KgCO2e: 200, SharePct: 80},
		{Code: "A2", NameZH: "运输", NameEN: "transport <script>alert(1)</script>", KgCO2e: 50, SharePct: 20},
		{Code: "A3", NameZH: "生产", NameEN: "production", KgCO2e: 0, SharePct: 0},
	}
	got := string(stageChartSVG(stages))
	if strings.Contains(got, "<script>") {
		t.Fatalf("unescaped text in %s", got)
	}
	if !strings.Contains(got, "&lt;script&gt;") {
		t.Fatalf("the escaped name is missing: %s", got)
	}
	var doc struct {
		XMLName xml.Name
		Title   string `xml:"title"`
		Groups  []struct {
			Stage string   `xml:"data-stage,attr"`
			Texts []string `xml:"text"`
			Rect  struct {
				Width float64 `xml:"width,attr"`
			} `xml:"rect"`
		} `xml:"g"`
	}
	if err := xml.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, got)
	}
	if doc.XMLName.Local != "svg" || len(doc.Groups) != 3 {
		t.Fatalf("root %q with %d groups, want svg with 3", doc.XMLName.Local, len(doc.Groups))
	}
	a1, a2, a3 := doc.Groups[0], doc.Groups[1], doc.Groups[2]
	if a1.Stage != "A1" || a1.Rect.Width != chartWidth-chartValueW {
		t.Errorf("largest stage %+v: want the full bar span %d", a1, chartWidth-chartValueW)
	}
	if a2.Rect.Width != a1.Rect.Width/4 {
		t.Errorf("bar of 50 is %v wide, want a quarter of %v", a2.Rect.Width, a1.Rect.Width)
	}
	if a3.Rect.Width != 0 {
		t.Errorf("a zero stage draws a bar %v wide", a3.Rect.Width)
	}
	if a1.Texts[0] != "原材料 raw materials" || a1.Texts[1] != "200 (80 %)" {
		t.Errorf("A1 texts %q", a1.Texts)
	}
	if fig := a2.Texts[len(a2.Texts)-1]; fig != "50.0 (20 %)" {
		t.Errorf("A2 figure %q, want the label's rounding 50.0", fig)
	}
	// A name too wide for the chart is set on lines that fit, every word
	// kept: Chinese, then English broken between words.
	long := chartNameLines("能源供应(原材料阶段)", "energy supply (raw-material stage) of the crystalline silicon cells")
	if len(long) < 3 || long[0] != "能源供应(原材料阶段)" || strings.Join(long[1:], " ") != "energy supply (raw-material stage) of the crystalline silicon cells" {
		t.Errorf("long name set as %q", long)
	}
	for _, l := range append(long, chartNameLines("", strings.Repeat("x", 80))...) {
		if chartTextWidth(l) > chartWidth {
			t.Errorf("line %q is %.0f units wide, more than the chart's %d", l, chartTextWidth(l), chartWidth)
		}
	}
	if stageChartSVG(nil) != "" {
		t.Error("no stages should draw nothing")
	}
}

package api_test

import (
	"testing"
)

// Ensure the stage chart on a study's page is legible on a phone and at a
// desktop width: its text is drawn at 14 px or more (it was 11 px at
// 390 px: the SVG scales its 12-unit text to the width of the screen), and
// no stage name or figure runs past the picture's edge, where it would be
// cut.
func TestWebBrowser_StageChartLegible(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		id := st.submit(t, "GEC-CHART-"+b.vp.Name)
		b.open("/work/studies/" + id)
		b.signIn(st.tokens[asMaker], "svg.stage-chart")
		got := evalIn[struct {
			PX    float64  `json:"px"`
			Texts int      `json:"texts"`
			Cut   []string `json:"cut"`
		}](b, `(() => {
			const svg = document.querySelector("svg.stage-chart"), vb = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / vb.width;
			const out = {px: Infinity, texts: 0, cut: []};
			for (const t of svg.querySelectorAll("text")) {
				out.texts++;
				out.px = Math.min(out.px, parseFloat(getComputedStyle(t).fontSize) * scale);
				const r = t.getBBox();
				if (r.x < -0.5 || r.x + r.width > vb.width + 0.5) out.cut.push(t.textContent + " spans " + Math.round(r.x) + "…" + Math.round(r.x + r.width) + " of " + vb.width);
			}
			return out;
		})()`)
		if got.Texts < 4 {
			t.Fatalf("%s: stage chart with %d texts", b.vp.Name, got.Texts)
		}
		if got.PX < 14 {
			t.Errorf("%s: the stage chart's text is drawn at %.1f px, want 14 px or more", b.vp.Name, got.PX)
		}
		for _, c := range got.Cut {
			t.Errorf("%s: stage chart text cut at the edge: %s", b.vp.Name, c)
		}
		b.checkPage("work-study-chart")
	})
}

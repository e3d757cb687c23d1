package api_test

import (
	"regexp"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the workbench's list of studies shows each study's footprint, to
// its holder and to a regulator: the column was headed kgCO2e and empty on
// every row (the list reads studies without their results).
func TestWebStudies_ListShowsFootprint(t *testing.T) {
	st := newSeededStack(t)
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-UX-LIST")})
	want := footprint.FormatKgCO2e(*MustData[studyData](t, rec, 201).KgCO2e)
	cell := regexp.MustCompile(`<td class="num" data-label="碳足迹 kgCO2e"><div>([^<]*)</div></td>`)
	for _, as := range []string{asMaker, asReg} {
		body := st.signedIn(t, as).get("/work/studies").Body.String()
		m := cell.FindAllStringSubmatch(body, -1)
		if len(m) != 1 || m[0][1] != want {
			t.Errorf("%s: footprint cells %q, want one of %q", as, m, want)
		}
	}
}

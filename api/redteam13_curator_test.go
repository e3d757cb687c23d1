package api_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure one curator alone cannot lower factors in a newer set and so
// both certify on the lowered values and make the older set's studies
// uncertifiable (red team 13). Set 2026.2, based on the seed set, lowers
// PV-CELL-MONO182 (per piece: never checked against peers) and the grid
// factor ELEC-CN-NAT-CF-2024 (a group of two: too small to check) tenfold.
// Before the fix the set was published with no flag: the honest demo study
// on 2026.1 was refused at application ("corrected in published set
// 2026.2") and the same study pinned to 2026.2 was issued at 77.63 kgCO2e
// instead of 158.27. Now each changed factor carries a change flag: the set
// is published (the change is its author's act), a study may not use the
// changed factors until a second curator reviews the flags, and until then
// the change corrects nothing. Once reviewed, it corrects as before.
func TestRedteam13_OneCuratorsChangeWaitsForASecondCurator(t *testing.T) {
	st := newSeededStack(t)
	export := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=csv", as: asAdmin})
	if export.Code != 200 {
		t.Fatalf("export: %d", export.Code)
	}
	lines := strings.Split(strings.TrimRight(export.Body.String(), "\n"), "\n")
	var rogue bytes.Buffer
	rogue.WriteString(lines[0] + "\n")
	for _, l := range lines[1:] {
		switch {
		case strings.HasPrefix(l, "PV-CELL-MONO182,"):
			rogue.WriteString(strings.Replace(l, ",1.59,kgCO2e/piece,", ",0.159,kgCO2e/piece,", 1) + "\n")
		case strings.HasPrefix(l, "ELEC-CN-NAT-CF-2024,"):
			rogue.WriteString(strings.Replace(l, ",0.5777,kgCO2e/kWh,", ",0.0577,kgCO2e/kWh,", 1) + "\n")
		}
	}
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.2","based_on":"2026.1"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asAdmin, contentType: "text/csv", body: rogue.Bytes()},
		request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asAdmin},
	)
	type changeFlag struct {
		Code          string `json:"code"`
		Kind          string `json:"kind"`
		Explanation   string `json:"explanation"`
		ExplanationZH string `json:"explanation_zh"`
		Change        *struct {
			BaseSet   string  `json:"base_set"`
			BaseValue float64 `json:"base_value"`
		} `json:"change"`
	}
	flags := MustData[[]changeFlag](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2/flags", as: asAdmin}), 200)
	want := map[string]string{
		"ELEC-CN-NAT-CF-2024": "changed from 0.5777 kgCO2e/kWh in set 2026.1 to 0.0577 kgCO2e/kWh in set 2026.2 (−90 %)",
		"PV-CELL-MONO182":     "changed from 1.59 kgCO2e/piece in set 2026.1 to 0.159 kgCO2e/piece in set 2026.2 (−90 %)",
	}
	if len(flags) != len(want) {
		t.Fatalf("flags of 2026.2: %+v, want one change flag for each of %v", flags, want)
	}
	for _, fl := range flags {
		if fl.Kind != "changed" || !strings.Contains(fl.Explanation, want[fl.Code]) || !strings.Contains(fl.ExplanationZH, "2026.1") ||
			fl.Change == nil || fl.Change.BaseSet != "2026.1" {
			t.Errorf("flag %+v: want kind changed saying %q, in Chinese too", fl, want[fl.Code])
		}
	}

	// While the change is unreviewed: the honest study on 2026.1 is
	// applied for and issued; the study pinned to 2026.2 is not stored.
	honest := st.apply(t, st.submit(t, demoSerial))
	MustData[issueData](t, st.do(t, st.issueReq(t, honest, "")), 201)
	// The study pinned to 2026.2 gives its two screened lines the
	// screening factor: on the lowered values their share would exceed the
	// cut-off, and the engine would refuse before the flags are checked.
	screened := regexp.MustCompile(`"exempt": \{[^}]*\}`)
	pinned := func(serial string) []byte {
		doc := mustDoc(t, screened.ReplaceAll(pvStudy(t, serial), []byte(`"factor": "MAT-PLASTIC-AVG-DESNZ"`)))
		doc["factor_set"] = "2026.2"
		return seedtest.MustMarshal(t, doc)
	}
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pinned("GEC-RT13-A")}), 400, "invalid")
	if !strings.HasSuffix(e.Error.Field, ".factor") || !strings.Contains(e.Error.Message, "changed from") {
		t.Fatalf("study on the unreviewed change: %+v", e.Error)
	}

	// The author may not review the change; a second curator does.
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/flags/acknowledge", as: asAdmin, contentType: "application/json",
		body: []byte(`{"codes":["ELEC-CN-NAT-CF-2024","PV-CELL-MONO182"],"note":"my own change"}`)}), 403, "forbidden")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: []byte(`{"codes":["ELEC-CN-NAT-CF-2024","PV-CELL-MONO182"],"note":"checked against the 2026 grid report and the cell supplier's EPD"}`)}), 200)

	// Reviewed, the change corrects 2026.1: a new application on the old
	// values is refused, and a study on 2026.2 is stored.
	id := st.submit(t, "GEC-RT13-B")
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)}), 400, "invalid")
	if e.Error.Field != "factor_set" || !strings.Contains(e.Error.Message, "corrected in published set 2026.2") {
		t.Fatalf("application on a reviewed correction: %+v", e.Error)
	}
	MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pinned("GEC-RT13-C")}), 201)
}

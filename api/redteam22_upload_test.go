package api_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/xuri/excelize/v2"
)

// Red-team 22, end to end: the demo PV module uploaded as an Excel BOM
// whose only visible sheet ("材料清单") holds its real bill of materials,
// plus a hidden sheet named "BOM" listing 48 solar cells instead of 54.
// Anyone who opens the workbook sees the real BOM (54 cells); the service
// reads the hidden sheet (readBOMXLSX prefers a sheet named BOM, visible or
// not) and certifies 140.6 kgCO2e instead of the JSON study's 150.1
// (−6.3 %), no warning. 48 passes the engine's checks (at least 45 cells
// give the rated 433.6 Wp; at 45 the cut-off share passes 5 %); a hidden
// sheet that also trims the exempt lines goes further.
// rt22Cells is the hidden sheet's count of solar cells.
const rt22Cells = 48

func TestRT22_HiddenBOMSheetCertifiesLessThanShown(t *testing.T) {
	st := newSeededStack(t)
	asJSON := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-R22-0")}), 201)

	doc := mustDoc(t, pvStudy(t, "GEC-R22-1"))
	rows := bomRowsFromStudy(t, doc)
	delete(doc, "bom")
	header, _ := json.Marshal(doc)

	// The hidden copy: the solar cells, the line that carries most of the
	// module's footprint, at rt22Cells instead of 54.
	hidden := make([][]string, len(rows))
	for i, r := range rows {
		hidden[i] = append([]string(nil), r...)
		if i > 0 && r[4] == "PV-CELL-MONO182" {
			hidden[i][2] = strconv.Itoa(rt22Cells)
		}
	}
	shown := footprinttest.BOMSheet(rows)
	shown.Name = "材料清单"
	b, err := api.Workbook(shown, footprinttest.BOMSheet(hidden))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetVisible("BOM", false); err != nil {
		t.Fatal(err)
	}
	f.SetActiveSheet(0)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	f.Close()

	body, ct := multipartBody(t, map[string][2]string{"bom": {"bom.xlsx", out.String()}}, map[string]string{"study": string(header)})
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: ct, body: body})
	if rec.Code >= 400 && rec.Code < 500 {
		t.Logf("refused: %s", rec.Body)
		return // refused: what a correct service does
	}
	got := MustData[studyData](t, rec, 201)
	if *got.KgCO2e != *asJSON.KgCO2e {
		t.Errorf("certified %.1f kgCO2e from the hidden sheet \"BOM\"; the visible sheet is the JSON study's BOM, %.1f kgCO2e", *got.KgCO2e, *asJSON.KgCO2e)
	}
}

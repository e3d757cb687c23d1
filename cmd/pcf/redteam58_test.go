package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure pcf verify --study refuses a study file that it reads as the
// certified study and every other reader reads as another (red team 58).
// The holder hands a buyer a GET /v1/studies/{id} answer holding two:
// {"data":{"study":FAKE},"DATA":{"study":REAL}}. encoding/json matched
// "DATA" to the envelope's "data" and kept the last, so pcf verify
// recomputed the certified study and said RESULT CONFIRMED (exit 0),
// "matches the signed study digest (the document as stored, byte for
// byte)"; jq, a browser, Python and the buyer read FAKE, a study with
// another production site and title. The same with "Study" beside "study",
// and with "data" given twice (the first is what a person reads).
func TestRedteam58_StudyFileReadTwoWays(t *testing.T) {
	dir, cert, keys, factors, answer := demoStudyToVerify(t)
	fake := editStudy(t, answer, func(s map[string]any) {
		s["title"] = "Demo module made with hydro power only"
		s["product"].(map[string]any)["site"] = "Lhasa, Tibet (off-grid hydro)"
	})
	var real, forged struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(answer, &real); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(fake, &forged); err != nil {
		t.Fatal(err)
	}
	realData, _ := json.Marshal(real.Data)
	fakeData, _ := json.Marshal(forged.Data)
	args := func(name, doc string) []string {
		return []string{cert, "--key", keys, "--study", writeFile(t, dir, name, []byte(doc)), "--factors", factors}
	}
	expectVerify(t, "the answer as received", 0, args("study.json", string(answer)), "RESULT CONFIRMED 结果已复核")
	for _, tc := range []struct{ name, doc, field string }{
		{"DATA beside data", `{"data":` + string(fakeData) + `,"DATA":` + string(realData) + `}`, "DATA"},
		{"Study beside study", `{"data":{"study":` + string(forged.Data["study"]) + `,"Study":` + string(real.Data["study"]) + `}}`, "data.Study"},
		{"data given twice", `{"data":` + string(fakeData) + `,"data":` + string(realData) + `}`, "data"},
	} {
		// What a reader other than encoding/json reads: the fake study.
		if !strings.Contains(tc.doc, "Lhasa, Tibet") {
			t.Fatalf("%s: no fake study in the file", tc.name)
		}
		expectVerify(t, tc.name, 1, args(strings.ReplaceAll(tc.name, " ", "-")+".json", tc.doc),
			"GENUINE 真实", "RESULT NOT CONFIRMED 结果未复核", "at "+tc.field+":", "read one way by one program and another way by the next")
	}
}

// Ensure pcf verify --suppliers refuses a supplier list read one way by
// encoding/json and another by every other reader (red team 58):
// {"format":…,"suppliers":[FAKE],"Suppliers":[REAL]}, or an entry whose
// "kg_co2e" is followed by "KG_CO2E". pcf verify read REAL, matched the
// signed suppliers digest and said RESULT CONFIRMED; the buyer reading the
// list read another supplier figure.
func TestRedteam58_SupplierListReadTwoWays(t *testing.T) {
	m := MustRunMain(t)
	sc := mustIssueOnSupplier(t, m)
	suppliers, list := mustSupplierList(t, m, sc.issued)
	dir := t.TempDir()
	args := recomputeArgs(t, sc.base, sc.issued, sc.maker, dir)
	expectVerify(t, "the list as disclosed", 0, append(args[1:], "--suppliers", writeFile(t, dir, "suppliers.json", list)), "RESULT CONFIRMED")

	entry := func(b []byte) string { // the list's one entry
		var w struct {
			Suppliers []json.RawMessage `json:"suppliers"`
		}
		if err := json.Unmarshal(b, &w); err != nil || len(w.Suppliers) != 1 {
			t.Fatalf("list %s: %v", b, err)
		}
		return string(w.Suppliers[0])
	}
	real := entry(list)
	half := suppliers[0]
	half.KgCO2e /= 2
	forged, err := certification.MarshalSuppliers([]certification.CertificateSupplier{half})
	if err != nil {
		t.Fatal(err)
	}
	fake := entry(forged)
	format := `"format":"pcf-certificate-suppliers/1"`
	kg := `"kg_co2e":` + strconv.FormatFloat(suppliers[0].KgCO2e, 'g', -1, 64)
	if !strings.Contains(real, kg) {
		t.Fatalf("entry %s lacks %s", real, kg)
	}
	for _, tc := range []struct{ name, doc, field string }{
		{"Suppliers beside suppliers", `{` + format + `,"suppliers":[` + fake + `],"Suppliers":[` + real + `]}`, "Suppliers"},
		{"KG_CO2E beside kg_co2e", `{` + format + `,"suppliers":[` + strings.Replace(real, kg, `"kg_co2e":`+strconv.FormatFloat(half.KgCO2e, 'g', -1, 64)+`,"KG_CO2E"`+kg[len(`"kg_co2e"`):], 1) + `]}`, "suppliers[0].KG_CO2E"},
	} {
		expectVerify(t, tc.name, 1, append(args[1:], "--suppliers", writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".json", []byte(tc.doc))),
			"RESULT NOT CONFIRMED", tc.field, "read one way by one program and another way by the next")
	}
}

// Ensure pcf verify --pact refuses a supplier's PACT footprint whose figure
// is followed by the same member in another case (red team 58):
// pact.ParseSupplier reads "pcfExcludingBiogenicUptake" (4.2) and passes
// "PcfExcludingBiogenicUptake" (0.42) by, as jq does; encoding/json, and a
// buyer's program built on it, read 0.42. pcf verify said RESULT CONFIRMED.
func TestRedteam58_PACTFootprintReadTwoWays(t *testing.T) {
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierPACTDoc(id, "4.2")
	args, dir := issueWithPACTJunctionBox(t, id, doc, "Module with a junction box from a PACT supplier", "GEC-DEMO-2025-000003")
	expectVerify(t, "the footprint as disclosed", 0, append(args[1:], "--pact", writeFile(t, dir, "jb.json", doc)), "RESULT CONFIRMED")
	two := strings.Replace(string(doc), `"pcfExcludingBiogenicUptake":"4.2",`, `"pcfExcludingBiogenicUptake":"4.2","PcfExcludingBiogenicUptake":"0.42",`, 1)
	if two == string(doc) {
		t.Fatal("no figure in the document")
	}
	expectVerify(t, "PcfExcludingBiogenicUptake beside pcfExcludingBiogenicUptake", 1, append(args[1:], "--pact", writeFile(t, dir, "two.json", []byte(two))),
		"RESULT NOT CONFIRMED", "pcf.PcfExcludingBiogenicUptake", "read one way by one program and another way by the next")
}

// Ensure pcf verify --study checks the members of a GET /v1/studies/{id}
// answer that restate its study and result, not the study alone (red team
// 58). The answer gives the product, title, total and result digest above
// the study: the holder edited them ("product":{"site":"Lhasa, Tibet
// (off-grid hydro)"}, "kg_co2e": 75) and left data.study as stored; pcf
// verify said the study "matches the signed study digest (the document as
// stored, byte for byte)" and RESULT CONFIRMED, and a buyer reading the
// file from the top read the edited summary.
func TestRedteam58_StudyAnswerSummaryEdited(t *testing.T) {
	dir, cert, keys, factors, answer := demoStudyToVerify(t)
	edit := func(name string, change func(data map[string]any)) string {
		var env map[string]map[string]any
		dec := json.NewDecoder(strings.NewReader(string(answer)))
		dec.UseNumber()
		if err := dec.Decode(&env); err != nil {
			t.Fatal(err)
		}
		change(env["data"])
		b, err := json.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		return writeFile(t, dir, name, b)
	}
	args := func(study string) []string {
		return []string{cert, "--key", keys, "--study", study, "--factors", factors}
	}
	expectVerify(t, "the answer re-encoded", 0, args(edit("same.json", func(map[string]any) {})), "RESULT CONFIRMED")
	for _, tc := range []struct {
		name, field string
		change      func(data map[string]any)
	}{
		{"site", "data.product", func(d map[string]any) { d["product"].(map[string]any)["site"] = "Lhasa, Tibet (off-grid hydro)" }},
		{"total", "data.kg_co2e", func(d map[string]any) { d["kg_co2e"] = 75 }},
		{"title", "data.title", func(d map[string]any) { d["title"] = "Made with hydro power only" }},
		{"digest", "data.result_digest", func(d map[string]any) { d["result_digest"] = strings.Repeat("0", 64) }},
		{"note", "data.note", func(d map[string]any) { d["note"] = "100 % green power, verified" }},
	} {
		expectVerify(t, tc.name, 1, args(edit(tc.name+".json", tc.change)), "RESULT NOT CONFIRMED", tc.field)
	}
}

// demoStudyToVerify issues the demo certificate and downloads into dir
// what pcf verify --study takes offline: the certificate PDF, the keys,
// the factor set as CSV, and the study as its holder receives it
// (GET /v1/studies/{id}), returned.
func demoStudyToVerify(t *testing.T) (dir, cert, keys, factors string, answer []byte) {
	t.Helper()
	_, base, id, maker := mustServeDemoCertificate(t)
	dir = t.TempDir()
	cert, _, keys = downloadAll(t, base, id, maker, dir)
	_, set := call(t, "GET", base+"/v1/factor-sets/2026.1/export?format=csv", "", "")
	return dir, cert, keys, writeFile(t, dir, "factors.csv", set), studyOfCertificate(t, base, id, maker)
}

package api_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
)

// reviewWarningsWith returns the review warnings at path whose messages
// (message_zh and message, as the certifier reads them) hold every one of
// words.
func reviewWarningsWith(v appReview, path string, words ...string) []reviewWarning {
	var out []reviewWarning
	for _, w := range v.Review.Warnings {
		if w.Path != path {
			continue
		}
		ok := true
		for _, word := range words {
			ok = ok && strings.Contains(w.MessageZH+"\n"+w.Message, word)
		}
		if ok {
			out = append(out, w)
		}
	}
	return out
}

// mustDo makes each request in turn, failing on any answer but a 2xx.
func (st *stack) mustDo(t *testing.T, reqs ...request) {
	t.Helper()
	for _, req := range reqs {
		if rec := st.do(t, req); rec.Code/100 != 2 {
			t.Fatalf("%s %s: %d %s", req.method, req.target, rec.Code, rec.Body)
		}
	}
}

// Ensure the review names each factor of the study that a published set
// newer than the study's pinned set revised: set 2026.2, based on the
// study's 2026.1, deprecates PV-GLASS-FLOAT (a status notCorrected does
// not refuse), and 2026.4, an independent source, gives PV-AL-PROFILE
// another value (a set notCorrected does not compare). The application is
// accepted; before the fix the review said nothing of either and the
// certifier issued on the 2026.1 values.
func TestServer_ReviewFactorRevisedByNewerSet(t *testing.T) {
	st := newSeededStack(t)
	id := st.submit(t, demoSerial)
	deprecated := seedFactorRows(t, func(r []string, col map[string]int) bool {
		r[col["status"]] = "deprecated"
		return r[col["code"]] == "PV-GLASS-FLOAT"
	})
	corrected := seedFactorRows(t, func(r []string, col map[string]int) bool {
		r[col["value"]] = "9.25"
		return r[col["code"]] == "PV-AL-PROFILE"
	})
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.2","based_on":"2026.1","description":"glass deprecated"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asAdmin, contentType: "text/csv", body: deprecated},
		request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asAdmin},
	)
	// 2026.4 is published after the seed set (published on the wall
	// clock), as sets are: the stack's clock moves on to then.
	st.clock.t.Store(time.Now().Add(time.Hour).UnixNano())
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.4","description":"another source"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.4/import", as: asAdmin, contentType: "text/csv", body: corrected},
		request{method: "POST", target: "/v1/factor-sets/2026.4/publish", as: asAdmin},
	)
	v := st.review(t, st.apply(t, id))
	// The glass, deprecated by 2026.2 (based on 2026.1), is named at its
	// line (TestSession35_FactorDeprecatedInANewerSet), not again here.
	for _, want := range []struct{ path, code, set, what string }{
		{"bom[0].children[0]", "PV-GLASS-FLOAT", "2026.2", "deprecated"},
		{"factor_set", "PV-AL-PROFILE", "2026.4", "9.25"},
	} {
		if len(reviewWarningsWith(v, want.path, want.code, want.set, want.what)) != 1 {
			t.Fatalf("no review warning at %s naming %s revised in %s (%s): %+v", want.path, want.code, want.set, want.what, v.Review.Warnings)
		}
	}
	if got := reviewWarningsWith(v, "factor_set"); len(got) != 1 {
		t.Fatalf("review warnings on factors: %+v, want PV-AL-PROFILE's only", got)
	}
}

// Ensure the review says when the study names another registered
// organisation as the product's manufacturer or production site: a study
// of Other Maker Ltd. naming Demo Module Co. (in another case and width)
// as the manufacturer, and its Chinese name 示例组件厂 as the site (also in
// traditional characters). The holder naming itself is no warning.
func TestServer_ReviewNamesAnotherOrganisation(t *testing.T) {
	st := newSeededStack(t)
	naming := func(serial, manufacturer, site string) appReview {
		doc := mustDoc(t, pvStudy(t, serial))
		product := doc["product"].(map[string]any)
		product["manufacturer"], product["site"] = manufacturer, site
		_, app := st.applyAsOther(t, seedtest.MustMarshal(t, doc))
		return st.review(t, app)
	}
	v := naming("GEC-NAMED-1", "DEMO ＭＯＤＵＬＥ co", "示例组件厂")
	for _, path := range []string{"product.manufacturer", "product.site"} {
		if len(reviewWarningsWith(v, path, orgMaker, orgMaker2)) != 1 {
			t.Fatalf("no review warning that %s names %s: %+v", path, orgMaker, v.Review.Warnings)
		}
	}
	// Compatibility forms (a mathematical bold 𝐃) and punctuation hide no
	// one (look-alike letters of another alphabet are refused outright:
	// certification.CheckPrintable).
	if v := naming("GEC-NAMED-3", "𝐃emo-Module Co", "Chengdu"); len(reviewWarningsWith(v, "product.manufacturer", orgMaker)) != 1 {
		t.Fatalf("no review warning that the manufacturer names %s: %+v", orgMaker, v.Review.Warnings)
	}
	// Letters and digits that print alike, beside another name in
	// brackets, hide no one either (red team 12: "Dem0 Modu1e Co.
	// (示例组件厂)" was issued with an empty review).
	if v := naming("GEC-NAMED-4", "Dem0 Modu1e Co. (Rival Panels)", "Chengdu"); len(reviewWarningsWith(v, "product.manufacturer", orgMaker)) != 1 {
		t.Fatalf("no review warning that the manufacturer names %s: %+v", orgMaker, v.Review.Warnings)
	}
	// Nor traditional characters: 示例組件廠 is 示例组件厂 to a reader of
	// either script (red team 39).
	if v := naming("GEC-NAMED-5", "Rival Panels", "示例組件廠"); len(reviewWarningsWith(v, "product.site", orgMaker)) != 1 {
		t.Fatalf("no review warning that the site names %s: %+v", orgMaker, v.Review.Warnings)
	}
	if v := naming("GEC-NAMED-2", orgMaker2, "Chengdu"); len(reviewWarningsWith(v, "product.manufacturer"))+len(reviewWarningsWith(v, "product.site")) != 0 {
		t.Fatalf("the holder naming itself: %+v", v.Review.Warnings)
	}
}

// Ensure the review tells the certifier when an issue would bind a GTIN to
// the holder for the first time: the first application claiming GTIN
// 06901234567892 carries the note (the holder's GS1 membership to check);
// once a certificate of the holder carries the GTIN, the holder's next
// study of it does not.
func TestServer_ReviewGTINFirstClaim(t *testing.T) {
	st := newSeededStack(t)
	const gtin = "06901234567892"
	withGTIN := func(serial string) string {
		doc := mustDoc(t, pvStudy(t, serial))
		doc["product"].(map[string]any)["gtin"] = gtin
		return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
			body: seedtest.MustMarshal(t, doc)}), 201).ID
	}
	app := st.apply(t, withGTIN("GEC-GTIN-1"))
	if got := reviewWarningsWith(st.review(t, app), "product.gtin", gtin, orgMaker, "GS1"); len(got) != 1 {
		t.Fatalf("first claim of GTIN %s: no review note: %+v", gtin, st.review(t, app).Review.Warnings)
	}
	MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	if got := reviewWarningsWith(st.review(t, st.apply(t, withGTIN("GEC-GTIN-2"))), "product.gtin"); len(got) != 0 {
		t.Fatalf("GTIN %s already on the holder's certificate: %+v", gtin, got)
	}
}

// Ensure the review names a rejection of the holder's other study of the
// same product model, as the model lineage folds models: the demo study
// (DEMO-M10-54) is rejected; a new study of the model written
// "demo m1O 54" is applied for to another certifier, whose review names
// the rejection, its certifier and reasons. Another holder's study of the
// model shows none of it.
func TestServer_ReviewRejectedSameModel(t *testing.T) {
	st := newSeededStack(t)
	const reason = "cell supplier not evidenced"
	v := st.reviewAfterRejection(t, reason, "GEC-RJ-2", "demo m1O 54")
	if len(reviewWarningsWith(v, "product.model", reason, orgCertifier)) != 1 {
		t.Fatalf("the holder's study of model DEMO-M10-54 rejected by %s: review of its study of \"demo m1O 54\" without it: %+v", orgCertifier, v.Review.Warnings)
	}
	_, other := st.applyAsOther(t, setModel(pvStudy(t, "GEC-RJ-3"), "DEMO-M10-54"))
	if got := reviewWarningsWith(st.review(t, other), "product.model", reason); len(got) != 0 {
		t.Fatalf("another holder's study of the model: %+v", got)
	}
}

// Ensure the review tells the certifier what a successor changes against
// the certificate it supersedes (red team 10: the demo module re-studied
// at half its figure superseded its honest certificate with an empty
// review): a figure 10 % or more below (another declared unit and rule:
// TestSuccessorWarnings). The first certificate here is of the demo study with thirty times its
// module-line electricity; its successor is the demo study itself.
func TestServer_ReviewSuccessorFigure(t *testing.T) {
	st := newSeededStack(t)
	first := st.postPV(t, "GEC-SUCC-1", demoModel("GEC-SUCC-1"), 30, nil).ID
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first), "")), 201)
	v := st.review(t, st.applySuperseding(t, st.postPV(t, "GEC-SUCC-2", demoModel("GEC-SUCC-1"), 1, nil).ID, old.CertificateID))
	if got := reviewWarningsWith(v, "supersedes", "% below", old.Number, footprint.FormatKgCO2e(old.KgCO2e)); len(got) != 1 {
		t.Fatalf("successor below the certificate it supersedes (%s kgCO2e): no review warning: %+v", footprint.FormatKgCO2e(old.KgCO2e), v.Review.Warnings)
	}
}

// Ensure the review names the holder's valid certificate of another model
// with the same rule and product code when the study's figure is 10 % or
// more below it (red team 11: the demo module at 258.7 kgCO2e re-studied
// as model "RT11-A2" at 150.1 was reviewed with no word of it, and both
// certificates stayed valid).
func TestServer_ReviewNewModelBelowTheHoldersCertificate(t *testing.T) {
	st := newSeededStack(t)
	submit := func(serial string, electricity float64) string {
		return st.submitPV(t, serial, electricity, nil) // each serial its own model
	}
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, submit("GEC-PEER-1", 30)), "")), 201)
	v := st.review(t, st.apply(t, submit("GEC-PEER-2", 1)))
	if got := reviewWarningsWith(v, "product.model", old.Number, "under a new model"); len(got) != 1 {
		t.Fatalf("a new model %s below the holder's certificate %s: no review warning: %+v", "GEC-PEER-2", old.Number, v.Review.Warnings)
	}
	if got := reviewWarningsWith(st.review(t, st.apply(t, submit("GEC-PEER-3", 30))), "product.model", old.Number); len(got) != 0 {
		t.Fatalf("a new model at the same figure: %+v", got)
	}
}

// reviewAfterRejection rejects the demo study's application, with
// reason, then posts the demo study of serial as product model model,
// applies for its certification to orgCert2 and returns orgCert2's review
// of it.
func (st *stack) reviewAfterRejection(t *testing.T, reason, serial, model string) appReview {
	t.Helper()
	st.mustDo(t, request{method: "POST", target: "/v1/applications/" + st.apply(t, st.submit(t, demoSerial)) + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["` + reason + `"]}`)})
	renamed := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: setModel(pvStudy(t, serial), model)}), 201)
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + renamed.ID + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	return MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert2}), 200)
}

// submitPV posts the demo PV study of serial (its own model), its module
// line's electricity times electricity and then edited by edit (nil: not
// edited), as orgMaker, and returns its ID.
func (st *stack) submitPV(t *testing.T, serial string, electricity float64, edit func(doc map[string]any)) string {
	t.Helper()
	return st.postPV(t, serial, "", electricity, edit).ID
}

// postPV posts, as orgMaker, the demo PV study of serial as product model
// model ("": the serial's own), its module line's electricity times
// electricity and then edited by edit (nil: not edited).
func (st *stack) postPV(t *testing.T, serial, model string, electricity float64, edit func(doc map[string]any)) studyData {
	t.Helper()
	b := pvStudy(t, serial)
	if model != "" {
		b = setModel(b, model)
	}
	doc := mustDoc(t, b)
	line := doc["electricity"].([]any)[0].(map[string]any)
	line["quantity"] = line["quantity"].(float64) * electricity
	if edit != nil {
		edit(doc)
	}
	return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201)
}

// electricityFor returns, for the demo PV study, whose figure is linear in
// its module line's electricity (a + b×m), the multiple m of that line's
// electricity that gives the figure kg, from the study at m = 30 (first)
// and at m = 1 (plain).
func electricityFor(first, plain studyData) func(kg float64) float64 {
	b := (*first.KgCO2e - *plain.KgCO2e) / 29
	a := *plain.KgCO2e - b
	return func(kg float64) float64 { return (kg - a) / b }
}

// pvLineage is a run of demo PV studies of one product model, serials
// prefix0, prefix1, …, posted as orgMaker: first at 30 times the module
// line's electricity, then any figure (at).
type pvLineage struct {
	st            *stack
	prefix, model string
	first         studyData
	electricity   func(kg float64) float64 // electricityFor
}

// newPVLineage posts the lineage's first study (serial prefix0) and, to
// read the figure's line, prefix<plain> at the plain electricity.
func (st *stack) newPVLineage(t *testing.T, prefix string, plain int) *pvLineage {
	t.Helper()
	l := &pvLineage{st: st, prefix: prefix, model: demoModel(prefix)}
	l.first = l.submit(t, 0, 30)
	l.electricity = electricityFor(l.first, l.submit(t, plain, 1))
	return l
}

// submit posts study prefix<i> of the model, its module line's
// electricity times electricity.
func (l *pvLineage) submit(t *testing.T, i int, electricity float64) studyData {
	t.Helper()
	return l.st.postPV(t, fmt.Sprintf("%s%d", l.prefix, i), l.model, electricity, nil)
}

// at posts study prefix<i> of the model at the figure kg.
func (l *pvLineage) at(t *testing.T, i int, kg float64) studyData {
	t.Helper()
	return l.submit(t, i, l.electricity(kg))
}

// Ensure the review names the holder's valid certificate of another model
// when the study's figure is 10 % or more below it in a unit both state,
// though the declared units differ (red team 13): the holder's
// certificate of the demo module per piece (258.7 kgCO2e, about 597
// kgCO2e per kWp) and a new model of the same module declared per kWp (the
// same BOM scaled to 1 kWp, its electricity a thirtieth: about 346
// kgCO2e per kWp, 42 % less) got no product.model warning: figureDrop
// returned "not comparable" for another declared unit, although both
// results carry per-kWp and per-piece figures.
func TestServer_ReviewNewModelPerKWpBelowTheHoldersCertificate(t *testing.T) {
	st := newSeededStack(t)
	perKWp := func(doc map[string]any) {
		k := 1000 / doc["product"].(map[string]any)["rated_power_wp"].(float64)
		doc["declared_unit"] = map[string]any{"amount": 1, "unit": "kWp"}
		doc["reference_output"] = doc["reference_output"].(float64) / k
		for _, l := range doc["bom"].([]any) {
			l.(map[string]any)["quantity"] = l.(map[string]any)["quantity"].(float64) * k
		}
		line := doc["electricity"].([]any)[0].(map[string]any)
		line["quantity"] = line["quantity"].(float64) * k
		for _, l := range doc["transport"].([]any) {
			m := l.(map[string]any)["mass"].(map[string]any)
			m["value"] = m["value"].(float64) * k
		}
	}
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT13-1", 30, nil)), "")), 201)
	// Control: the same new model per piece is warned.
	if got := reviewWarningsWith(st.review(t, st.apply(t, st.submitPV(t, "GEC-RT13-2", 1, nil))), "product.model", old.Number, "under a new model"); len(got) != 1 {
		t.Fatalf("control per piece: no warning")
	}
	v := st.review(t, st.apply(t, st.submitPV(t, "GEC-RT13-3", 1, perKWp)))
	if got := reviewWarningsWith(v, "product.model", old.Number); len(got) != 1 {
		t.Errorf("a new model of the same module per kWp, 42 %% below the holder's certificate %s (%.1f kgCO2e per piece): no review warning: %+v", old.Number, old.KgCO2e, v.Review.Warnings)
	}
}

// Ensure the review's records of the holder's other certificates take
// the same module under another code of its rule (red team 13): under
// pv-module's other code (HS 854140, its HS 2017 subheading) or an 8-digit
// tariff line (HS 85414300), the same module was neither a peer of the
// holder's valid certificate (HS 854143, 258.7 kgCO2e) nor told of the
// holder's withdrawn one: holderCertificates matched product codes
// exactly, and a withdrawal for cause was shed by a new model name and a
// new code, with the figure halved.
func TestServer_ReviewHolderRecordsUnderAnotherCodeOfTheRule(t *testing.T) {
	st := newSeededStack(t)
	code := func(code string) func(doc map[string]any) {
		return func(doc map[string]any) { doc["product"].(map[string]any)["product_codes"] = []any{code} }
	}
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT13-4", 30, code("HS:854143"))), "")), 201)
	if got := reviewWarningsWith(st.review(t, st.apply(t, st.submitPV(t, "GEC-RT13-5", 1, code("HS:854143")))), "product.model", old.Number); len(got) != 1 {
		t.Fatalf("control HS:854143: no peer warning")
	}
	apps := map[string]string{}
	for i, c := range []string{"HS:854140", "HS:85414300"} {
		apps[c] = st.apply(t, st.submitPV(t, "GEC-RT13-X"+string(rune('A'+i)), 1, code(c)))
		if got := reviewWarningsWith(st.review(t, apps[c]), "product.model", old.Number); len(got) != 1 {
			t.Errorf("a new model under %s below the holder's valid certificate %s (HS:854143, %.1f kgCO2e): no peer warning", c, old.Number, old.KgCO2e)
		}
	}
	st.setStatus(t, old.CertificateID, "withdraw", "falsified data")
	for c, app := range apps {
		if got := reviewWarningsWith(st.review(t, app), "product", old.Number, "withdrawn"); len(got) != 1 {
			t.Errorf("a new model under %s after the holder's certificate %s (HS:854143) was withdrawn for cause: no warning of the withdrawal", c, old.Number)
		}
	}
}

// Ensure the review names the holder's rejected application of the same
// product under another model name (red team 13): rejectedApplications
// found a rejection by the study or the holder's product model only, so
// the rejected demo study stored again as model DEMO-M10-54 PLUS and taken
// to another certifier was reviewed without a word of the rejection (red
// team 9 closed this for the same study, and for withdrawn certificates by
// product code and rule).
func TestServer_ReviewRejectionOfARenamedModel(t *testing.T) {
	st := newSeededStack(t)
	const reason = "cells figure not supported by evidence"
	v := st.reviewAfterRejection(t, reason, "GEC-RT13-REN", "DEMO-M10-54 PLUS")
	for _, w := range v.Review.Warnings {
		if strings.Contains(w.Message, reason) {
			return
		}
	}
	t.Errorf("the rejected study renamed to model DEMO-M10-54 PLUS and taken to %s: review without a word of the rejection: %+v", orgCert2, v.Review.Warnings)
}

// Ensure a withdrawn certificate is not shed by renaming the model. The
// demo module's certificate is withdrawn (its figure unsupported); the same
// study with the model "DEMO-M10-54 PRO" (same holder, product name, codes,
// site, period, mass, power, area and figure) is applied for naming
// nothing, and certified at the same 150.1 kgCO2e as a first certificate:
// the review says nothing of the withdrawal (only the exemption warning the
// demo study always carries).
func TestRedteam9_WithdrawnShedByRenamingTheModel(t *testing.T) {
	st := newSeededStack(t)
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, demoSerial)), "")), 201)
	st.setStatus(t, issued.CertificateID, "withdraw", "figure not supported by evidence")
	renamed := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: setModel(pvStudy(t, "GEC-RT9-RENAMED"), "DEMO-M10-54 PRO")}), 201)
	rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + renamed.ID + `","certifier":"` + orgCertifier + `"}`)})
	if rec.Code != 201 {
		return // refused: the withdrawal is not shed
	}
	v := st.review(t, MustData[appData](t, rec, 201).ID)
	for _, w := range v.Review.Warnings {
		if strings.Contains(w.Message, issued.Number) {
			return
		}
	}
	t.Fatalf("the withdrawn %s's study under model DEMO-M10-54 PRO: applied for, review without a word of the withdrawal: %+v", issued.Number, v.Review.Warnings)
}

// Ensure a study one certifier rejected is not taken, unseen, to another.
// The demo study's application is rejected by its certifier ("cells
// figure not supported by evidence"); the manufacturer applies for the
// same study to another certifier, whose review shows nothing of the
// rejection (only the exemption warning the demo study always carries),
// and that certifier issues it at 150.1 kgCO2e.
func TestRedteam9_RejectedStudyTakenToAnotherCertifier(t *testing.T) {
	st := newSeededStack(t)
	id := st.submit(t, demoSerial)
	const reason = "cells figure not supported by evidence"
	if rec := st.do(t, request{method: "POST", target: "/v1/applications/" + st.apply(t, id) + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["` + reason + `"]}`)}); rec.Code != 200 {
		t.Fatalf("reject: %d %s", rec.Code, rec.Body)
	}
	rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCert2 + `"}`)})
	if rec.Code != 201 {
		return // refused: the rejection stands
	}
	app := MustData[appData](t, rec, 201).ID
	v := MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert2}), 200)
	for _, w := range v.Review.Warnings {
		if strings.Contains(w.Message, reason) || strings.Contains(strings.ToLower(w.Message), "reject") {
			return
		}
	}
	t.Fatalf("a study rejected by %s (%q) applied for to %s: review without a word of it: %+v", orgCertifier, reason, orgCert2, v.Review.Warnings)
}

// Ensure the review names the fall of a study's figure against the
// holder's suspended or withdrawn certificate of the same product under
// another model, as it does against a valid one (red team 38, left open
// in session 29): the holder's module certified at 258.7 kgCO2e and
// suspended because its figure was questioned, or withdrawn, then the
// same module as a new model at 150.1. Before, the review named the
// stopped certificate and its reason but not that the new figure is 42 %
// below it: the peers' comparison took valid certificates only.
func TestRedteam38_NewModelBelowTheHoldersStoppedCertificate(t *testing.T) {
	for _, action := range []string{"suspend", "withdraw"} {
		t.Run(action, func(t *testing.T) {
			st := newSeededStack(t)
			old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT38-S1", 30, nil)), "")), 201)
			st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + old.CertificateID + "/" + action, as: asCert, contentType: "application/json",
				body: []byte(`{"reasons":["figure questioned"]}`)})
			v := st.review(t, st.apply(t, st.submitPV(t, "GEC-RT38-S2", 1, nil)))
			if got := reviewWarningsWith(v, "product.model", old.Number, footprint.FormatKgCO2e(old.KgCO2e), "% less"); len(got) != 1 {
				t.Fatalf("a new model below the holder's %s certificate %s (%s kgCO2e): %+v", action, old.Number, footprint.FormatKgCO2e(old.KgCO2e), v.Review.Warnings)
			}
			if got := reviewWarningsWith(st.review(t, st.apply(t, st.submitPV(t, "GEC-RT38-S3", 30, nil))), "product.model", old.Number, "% less"); len(got) != 0 {
				t.Fatalf("a new model at the same figure: %+v", got)
			}
		})
	}
}

// Ensure a lineage lowered in steps is named against its highest figure
// however long it is (red team 38): the demo module certified at 258.7
// kgCO2e, then superseded eleven times, each study 1 % below the one
// before. Before, the review read ten certificates back: the eleventh
// successor, 10.5 % below the first, was compared with the second (9.6 %)
// and reviewed without a word, and each later step shed one more.
func TestRedteam38_LineageLoweredBeyondTenCertificates(t *testing.T) {
	st := newSeededStack(t)
	lineage := st.newPVLineage(t, "GEC-RT38-L", 100)
	first := lineage.first
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first.ID), "")), 201)
	top := cert
	for i := 1; i <= 11; i++ {
		next := lineage.at(t, i, *first.KgCO2e*math.Pow(0.99, float64(i)))
		app := st.applySuperseding(t, next.ID, cert.CertificateID)
		v := st.review(t, app)
		warned := reviewWarningsWith(v, "supersedes", "% below", top.Number)
		if fall := 1 - *next.KgCO2e / *first.KgCO2e; fall >= 0.1 {
			if len(warned) != 1 {
				t.Fatalf("step %d, %.1f %% below the lineage's first certificate %s: no review warning: %+v", i, 100*fall, top.Number, v.Review.Warnings)
			}
			return
		} else if len(warned) != 0 {
			t.Fatalf("step %d, %.1f %% below: %+v", i, 100*fall, warned)
		}
		cert = MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	}
	t.Fatal("no step 10 % below the first")
}

// Ensure the review names the holder's other pending application of the
// same product model, made to another certification body (red team 38):
// the demo study applied for to one certifier, the same product stored
// again as model "demo m1O 54" and applied for to a second. Before,
// neither review said so: the holder took the product to two bodies at
// once, and the first to issue certified the model while the other was
// still asking for the cells' evidence (a rejection after the issue
// changes nothing).
func TestRedteam38_SameModelPendingWithAnotherCertifier(t *testing.T) {
	st := newSeededStack(t)
	first := st.apply(t, st.submit(t, demoSerial))
	renamed := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: setModel(pvStudy(t, "GEC-RT38-P"), "demo m1O 54")}), 201)
	second := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + renamed.ID + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	v := MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + second, as: asCert2}), 200)
	if got := reviewWarningsWith(v, "product.model", first, orgCertifier, "pending"); len(got) != 1 {
		t.Fatalf("review of %s: the holder's pending application %s of the model to %s not named: %+v", second, first, orgCertifier, v.Review.Warnings)
	}
	if got := reviewWarningsWith(st.review(t, first), "product.model", second, orgCert2, "pending"); len(got) != 1 {
		t.Fatalf("review of %s: the holder's pending application %s of the model to %s not named: %+v", first, second, orgCert2, got)
	}
	// Once decided it is named as decided, or not at all.
	st.mustDo(t, request{method: "POST", target: "/v1/applications/" + first + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["cells not evidenced"]}`)})
	v = MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + second, as: asCert2}), 200)
	if got := reviewWarningsWith(v, "product.model", first, "pending"); len(got) != 0 {
		t.Fatalf("a rejected application named as pending: %+v", got)
	}
}

// Ensure a new model is compared with the lineages of the holder's other
// models, not only their current certificates (red team 38, closed in
// session 33): model A certified, superseded 9 % lower (under the
// successor's limit), then model B 9 % below that, 17 % below A's first
// figure. Before, B's review named nothing; the issue transaction's state
// now covers the peer too.
func TestRedteam38_NewModelBelowAPeersLineage(t *testing.T) {
	st := newSeededStack(t)
	submit := func(serial, model string, electricity float64) studyData {
		return st.postPV(t, serial, model, electricity, nil)
	}
	first, plain := submit("GEC-RT38-A0", demoModel("GEC-RT38-A"), 30), submit("GEC-RT38-X", demoModel("GEC-RT38-X"), 1)
	m := electricityFor(first, plain)
	at := func(fall float64) float64 { return m(*first.KgCO2e * (1 - fall)) }
	certA := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first.ID), "")), 201)
	lowered := submit("GEC-RT38-A1", demoModel("GEC-RT38-A"), at(0.09))
	app := st.applySuperseding(t, lowered.ID, certA.CertificateID)
	if got := reviewWarningsWith(st.review(t, app), "supersedes", "% below"); len(got) != 0 {
		t.Fatalf("9 %% below: %+v", got)
	}
	certA2 := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	modelB := submit("GEC-RT38-B0", demoModel("GEC-RT38-B"), at(1-0.91*0.91))
	appB := st.apply(t, modelB.ID)
	v := st.review(t, appB)
	if got := reviewWarningsWith(v, "product.model", certA.Number, certA2.Number, "17.2 % less"); len(got) != 1 {
		t.Fatalf("model B 17 %% below model A's first certificate %s (current %s): not named: %+v", certA.Number, certA2.Number, v.Review.Warnings)
	}
	// The review read is the one the issue transaction finds.
	MustData[issueData](t, st.do(t, st.issueReq(t, appB, "")), 201)
}

// Ensure the review names, at the first line using it and with a code, a
// factor of the study that a published set based on the study's pinned
// set deprecates while the pinned set has it active (session 35): set
// 2026.2, based on 2026.1, deprecates PV-GLASS-FLOAT, the glass of line
// bom[0].children[0] of the demo module. A deprecation is not refused as a
// correction is (it may be for another reason than a wrong value), but
// the certifier reads it. An independent set deprecating PV-AL-PROFILE, and a study
// with no newer set, carry no such warning.
func TestSession35_FactorDeprecatedInANewerSet(t *testing.T) {
	st := newSeededStack(t)
	app := st.apply(t, st.submit(t, demoSerial))
	deprecatedLater := func(v appReview) []reviewWarning {
		var out []reviewWarning
		for _, w := range v.Review.Warnings {
			if w.Code == "factor_deprecated_later" {
				out = append(out, w)
			}
		}
		return out
	}
	if got := deprecatedLater(st.review(t, app)); len(got) != 0 {
		t.Fatalf("no newer set: review warns of a deprecated factor: %+v", got)
	}
	deprecate := func(code string) []byte {
		return seedFactorRows(t, func(r []string, col map[string]int) bool {
			r[col["status"]] = "deprecated"
			return r[col["code"]] == code
		})
	}
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.2","based_on":"2026.1","description":"glass deprecated"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asAdmin, contentType: "text/csv", body: deprecate("PV-GLASS-FLOAT")},
		request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asAdmin},
	)
	published := st.clock.Now().UTC().Format(time.DateOnly)
	// Named once, at its line: not again as a factor revised by 2026.2.
	var glass []reviewWarning
	for _, w := range st.review(t, app).Review.Warnings {
		if strings.Contains(w.Message, "PV-GLASS-FLOAT") {
			glass = append(glass, w)
		}
	}
	if len(glass) != 1 || glass[0].Code != "factor_deprecated_later" {
		t.Errorf("warnings naming PV-GLASS-FLOAT deprecated in 2026.2: %+v, want the line's only", glass)
	}
	st.clock.t.Store(time.Now().Add(time.Hour).UnixNano())
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.4","description":"another source"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.4/import", as: asAdmin, contentType: "text/csv", body: deprecate("PV-AL-PROFILE")},
		request{method: "POST", target: "/v1/factor-sets/2026.4/publish", as: asAdmin},
	)
	got := deprecatedLater(st.review(t, app))
	if len(got) != 1 {
		t.Fatalf("review warnings of factors deprecated later: %+v, want PV-GLASS-FLOAT's only", got)
	}
	w := got[0]
	if w.Path != "bom[0].children[0]" {
		t.Errorf("path %q, want the first line using PV-GLASS-FLOAT, bom[0].children[0]", w.Path)
	}
	for _, word := range []string{"PV-GLASS-FLOAT", "2026.1", "2026.2", published, "deprecated"} {
		if !strings.Contains(w.Message, word) {
			t.Errorf("message does not name %q: %s", word, w.Message)
		}
	}
	for _, word := range []string{"PV-GLASS-FLOAT", "2026.1", "2026.2", published, "弃用"} {
		if !strings.Contains(w.MessageZH, word) {
			t.Errorf("message_zh does not name %q: %s", word, w.MessageZH)
		}
	}
}

// Ensure the review tells the certifier when the study applied for has the
// data of the holder's certificate withdrawn for cause (red team: the
// withdrawn study stored again under another model and applied for again
// was reviewed with the withdrawal listed as another record of the
// product, never as the same inventory): the demo module's certificate is
// withdrawn; the same study under a new model name is warned as the same
// data as the withdrawn certificate, naming it and the reason, and the
// review's digest read before the withdrawal no longer issues it (409,
// nothing written). The same study with one BOM quantity changed is not
// the same data.
func TestServer_ReviewSameDataAsAWithdrawnCertificate(t *testing.T) {
	st := newSeededStack(t)
	const reason = "falsified cell purchase records"
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-SAME-1", 1, nil)), "")), 201)
	app := st.apply(t, st.submitPV(t, "GEC-SAME-2", 1, nil)) // its own model, the same lines
	changed := st.apply(t, st.submitPV(t, "GEC-SAME-3", 1, func(doc map[string]any) {
		line := doc["bom"].([]any)[1].(map[string]any)
		line["quantity"] = line["quantity"].(float64) + 1
	}))
	// One transport distance nudged (80 → 80.0001 km): the same printed
	// figure, which escaped a comparison to 1e-9 (red team).
	nudged := st.apply(t, st.submitPV(t, "GEC-SAME-4", 1, func(doc map[string]any) {
		distance := doc["transport"].([]any)[2].(map[string]any)["distance"].(map[string]any)
		distance["value"] = distance["value"].(float64) + 0.0001
	}))
	// The front glass +5 %: one source changed, the total by less.
	glass := st.apply(t, st.submitPV(t, "GEC-SAME-5", 1, func(doc map[string]any) {
		line := doc["bom"].([]any)[0].(map[string]any)["children"].([]any)[0].(map[string]any)
		line["quantity"] = line["quantity"].(float64) * 1.05
	}))
	if got := reviewWarningsWith(st.review(t, app), "study_id", "same data"); len(got) != 0 {
		t.Fatalf("the holder's certificate %s is valid: %+v", old.Number, got)
	}
	read := st.issueReq(t, app, "")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + old.CertificateID + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["` + reason + `"]}`)})

	v := st.review(t, app)
	if got := reviewWarningsWith(v, "study_id", "same data as withdrawn certificate "+old.Number, reason, "撤销"); len(got) != 1 {
		t.Fatalf("the withdrawn certificate's data under a new model: no review warning naming %s: %+v", old.Number, v.Review.Warnings)
	}
	before := st.certs.auditCount()
	if e := MustError(t, st.do(t, read), 409, "conflict"); e.Error.Field != "review_digest" {
		t.Fatalf("issue on the review read before the withdrawal: %+v", e)
	}
	if got := st.certs.auditCount(); got != before {
		t.Fatalf("audit events %d → %d after a refused issue", before, got)
	}
	if a := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200); a.Status != "pending" {
		t.Fatalf("application %s after a refused issue", a.Status)
	}
	for name, id := range map[string]string{"one BOM quantity changed": changed, "its front glass +5 %": glass} {
		if got := reviewWarningsWith(st.review(t, id), "study_id", "same data"); len(got) != 0 {
			t.Fatalf("a study with %s: %+v", name, got)
		}
	}
	if got := reviewWarningsWith(st.review(t, nudged), "study_id", "same data as withdrawn certificate "+old.Number, "or within 1 % of it", reason); len(got) != 1 {
		t.Fatalf("the withdrawn certificate's data with one distance 0.0001 km longer: no review warning naming %s", old.Number)
	}
}

// Ensure the review tells the certifier when the study applied for has the
// data of the holder's rejected application on another study: the demo
// study is rejected, stored again as model DEMO-M10-54 PLUS and taken to
// another certifier.
func TestServer_ReviewSameDataAsARejectedApplication(t *testing.T) {
	st := newSeededStack(t)
	const reason = "cells figure not supported by evidence"
	v := st.reviewAfterRejection(t, reason, "GEC-SAME-REJ", "DEMO-M10-54 PLUS")
	if got := reviewWarningsWith(v, "study_id", "same data as rejected application", reason, "拒绝"); len(got) != 1 {
		t.Fatalf("the rejected study's data under a new model: no review warning: %+v", v.Review.Warnings)
	}
}

// Ensure the same data are told under another product too: the demo
// laptop (HS 847130) is certified and withdrawn; the same study as model
// NB13-X under HS 847141, another product under the electronics rule of
// chapters, is none of the holder's records of the product, so the
// withdrawal changed nothing in its review but this warning: the digest
// read before it no longer issues.
func TestServer_ReviewSameDataUnderAnotherProduct(t *testing.T) {
	st := newSeededStack(t)
	submit := func(model, code string) string { return st.submitLaptop(t, model, code) }
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, submit("DEMO-NB13", "HS:847130")), "")), 201)
	app := st.apply(t, submit("NB13-X", "HS:847141"))
	read := st.issueReq(t, app, "")
	st.setStatus(t, old.CertificateID, "withdraw", "falsified meter readings")
	if v := st.review(t, app); len(reviewWarningsWith(v, "study_id", "same data as withdrawn certificate "+old.Number, "falsified meter readings")) != 1 {
		t.Fatalf("the withdrawn laptop's data under HS 847141: no review warning naming %s: %+v", old.Number, v.Review.Warnings)
	}
	if e := MustError(t, st.do(t, read), 409, "conflict"); e.Error.Field != "review_digest" {
		t.Fatalf("issue on the review read before the withdrawal: %+v", e)
	}
}

// Ensure the review names a withdrawn certificate of another holder whose
// data the study has (red team 18): the demo module certified for Demo
// Module Co. and withdrawn for falsified data, then its study stored by
// Other Maker Ltd. (a company registered anew by the same people) under
// another model and green-certificate batch and applied for: the review
// compared the holder's own certificates only and said nothing. A study of
// other data by the other holder gets no such warning.
func TestServer_ReviewSameDataAsAnotherHoldersWithdrawnCertificate(t *testing.T) {
	st := newSeededStack(t)
	const reason = "falsified cell purchase records"
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-XH-1", 1, nil)), "")), 201)
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + old.CertificateID + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["` + reason + `"]}`)})

	_, app := st.applyAsOther(t, pvStudy(t, "GEC-XH-2"))
	v := st.review(t, app)
	if got := reviewWarningsWith(v, "study_id", "same data as withdrawn certificate "+old.Number, "another holder, "+orgMaker, reason, "另一持证方"); len(got) != 1 {
		t.Fatalf("another holder's withdrawn certificate's data: no review warning naming %s: %+v", old.Number, v.Review.Warnings)
	}
	doc := mustDoc(t, pvStudy(t, "GEC-XH-3"))
	line := doc["bom"].([]any)[0].(map[string]any)["children"].([]any)[0].(map[string]any)
	line["quantity"] = line["quantity"].(float64) * 1.05 // the front glass +5 %: other data
	_, other := st.applyAsOther(t, seedtest.MustMarshal(t, doc))
	if got := reviewWarningsWith(st.review(t, other), "study_id", "same data"); len(got) != 0 {
		t.Fatalf("other data of the other holder: %+v", got)
	}
}

// Ensure the review names a rejected application of another applicant, or
// of the holder under an unrelated product code, whose data the study has
// (red team 18): the demo module's application rejected, then its data
// applied for by Other Maker Ltd. under another model; and the demo
// laptop (HS 847130) rejected, then applied for again by its holder as
// HS 847141, which the review's rejections by product did not reach under
// a rule of chapters. Another applicant's rejection is named by ID and
// certifier, never its holder or reasons (a rejection is not public).
func TestServer_ReviewSameDataAsARejectionElsewhere(t *testing.T) {
	st := newSeededStack(t)
	const reason = "cells figure not supported by evidence"
	reject := func(app string) {
		st.mustDo(t, request{method: "POST", target: "/v1/applications/" + app + "/reject", as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["` + reason + `"]}`)})
	}
	rejected := st.apply(t, st.submitPV(t, "GEC-RJ-1", 1, nil))
	reject(rejected)
	_, app := st.applyAsOther(t, pvStudy(t, "GEC-RJ-2"))
	v := st.review(t, app)
	if got := reviewWarningsWith(v, "study_id", "same data as rejected application "+rejected+" of another applicant", "rejected by "+orgCertifier, "另一申请方"); len(got) != 1 {
		t.Fatalf("another applicant's rejected data: no review warning naming %s: %+v", rejected, v.Review.Warnings)
	}
	if got := reviewWarningsWith(v, "study_id", reason); len(got) != 0 {
		t.Fatalf("another applicant's rejection reasons shown: %+v", got)
	}

	submit := func(model, code string) string { return st.submitLaptop(t, model, code) }
	laptop := st.apply(t, submit("DEMO-NB13", "HS:847130"))
	reject(laptop)
	again := st.apply(t, submit("NB13-X", "HS:847141"))
	if got := reviewWarningsWith(st.review(t, again), "study_id", "same data as rejected application "+laptop+" (study", "of the holder", reason); len(got) != 1 {
		t.Fatalf("the holder's rejected laptop under another code: no review warning naming %s", laptop)
	}
}

// submitLaptop posts the demo laptop study as model under product code
// code, as orgMaker, and returns its ID.
func (st *stack) submitLaptop(t *testing.T, model, code string) string {
	t.Helper()
	doc := seedtest.StudyDoc(t, "laptop")
	product := doc["product"].(map[string]any)
	product["model"], product["product_codes"] = model, []any{code}
	return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201).ID
}

// rt54EditedLineage is the store with the lineage entry of one
// certificate (from) edited: it holds another certificate's content (to)
// under from's ID and number, as an entry of certificate_lineage_peaks
// edited in the file would, its record untouched.
type rt54EditedLineage struct {
	realCerts
	from, to *certification.Certificate
}

func (e *rt54EditedLineage) FindReviewRecords(ctx context.Context, a *certification.Application, st *footprint.Study) (*certification.ReviewRecords, error) {
	r, err := e.realCerts.FindReviewRecords(ctx, a, st)
	if err != nil {
		return nil, err
	}
	for id, l := range r.Lineages {
		l = slices.Clone(l)
		for i, c := range l {
			if c.ID == e.from.ID {
				edited := *e.to
				edited.ID, edited.Number = c.ID, c.Number
				l[i] = &edited
			}
		}
		r.Lineages[id] = l
	}
	return r, nil
}

// Ensure the review compares a successor with the figures its lineage
// signed, not with the store's lineage entries unchecked (red team 54):
// the store keeps, apart from the records, the certificates before a
// certificate that a review compares a study with (its lineage peaks), as
// content without a signature. The demo module certified at A, superseded
// by B 5 % below, and a third study of the model 14 % below A (9.5 %
// below B) was named against A; with A's entry edited to B's figures (its
// record, which verifies, untouched), the review said nothing of the drop.
func TestRedteam54_EditedLineageEntryHidesADrop(t *testing.T) {
	st := newSeededStack(t)
	lineage := st.newPVLineage(t, "GEC-RT54-L", 9)
	first := lineage.first
	at := func(i int, share float64) studyData { return lineage.at(t, i, *first.KgCO2e*share) }
	certA := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first.ID), "")), 201)
	sB, sC := at(1, 0.95), at(2, 0.86)
	certB := st.supersede(t, sB.ID, certA.CertificateID, "")
	app := st.applySuperseding(t, sC.ID, certB.CertificateID)
	if v := st.review(t, app); len(reviewWarningsWith(v, "supersedes", "% below", certA.Number)) != 1 || len(reviewWarningsWith(v, "supersedes", "lineage entry")) != 0 {
		t.Fatalf("control: review warnings %+v, want the drop below %s named, and no lineage entry", v.Review.Warnings, certA.Number)
	}
	find := func(id string) *certification.Certificate {
		rec, err := st.certs.FindCertificateByID(context.Background(), uuid.MustParse(id))
		if err != nil {
			t.Fatal(err)
		}
		return rec.Certificate()
	}
	st.srv.CertificationService = &rt54EditedLineage{realCerts: st.certs, from: find(certA.CertificateID), to: find(certB.CertificateID)}
	v := st.review(t, app)
	if len(reviewWarningsWith(v, "supersedes", "% below", certA.Number)) != 1 {
		t.Errorf("A's lineage entry edited to B's figures: review warnings %+v, want the drop below %s's signed figure still named", v.Review.Warnings, certA.Number)
	}
	if len(reviewWarningsWith(v, "supersedes", certA.Number, "lineage entry", "not its signed record", "系列条目", "签名记录")) != 1 {
		t.Errorf("review warnings %+v, want one naming %s's lineage entry as not its signed record, in both languages", v.Review.Warnings, certA.Number)
	}
}

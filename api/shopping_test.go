package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// shopGTIN is a GTIN-14 with a valid check digit.
const shopGTIN = "06901234567892"

// shopApply stores, as the manufacturer as (asMaker or asOther), the demo
// PV study of serial with its model set to model and then edited by edit
// (nil: not edited), applies for it to certifier, and returns the
// application's ID.
func (st *stack) shopApply(t *testing.T, as, serial, model, certifier string, edit func(product map[string]any)) string {
	t.Helper()
	doc := mustDoc(t, setModel(pvStudy(t, serial), model))
	if edit != nil {
		edit(doc["product"].(map[string]any))
	}
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: as, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201).ID
	return MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: as, contentType: "application/json",
		body: []byte(`{"study_id":"` + id + `","certifier":"` + certifier + `"}`)}), 201).ID
}

// reviewAs reads application app as the certifier as.
func (st *stack) reviewAs(t *testing.T, as, app string) appReview {
	t.Helper()
	return MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: as}), 200)
}

// shoppedWarnings returns the review's pending_same_product warnings at
// path ("": any) whose message holds every one of words.
func shoppedWarnings(v appReview, path string, words ...string) []reviewWarning {
	var out []reviewWarning
	for _, w := range v.Review.Warnings {
		ok := w.Code == "pending_same_product" && (path == "" || w.Path == path)
		for _, word := range words {
			ok = ok && strings.Contains(w.Message, word)
		}
		if ok {
			out = append(out, w)
		}
	}
	return out
}

// heavier returns an edit of a study's product that states its mass 3 %
// higher (the bill of materials still weighs over 90 % of it), so that the
// product's specification is not the demo module's.
func heavier(product map[string]any) {
	product["mass_kg"] = product["mass_kg"].(float64) * 1.03
}

// Ensure the review names the holder's pending application of the same
// product at another certification body under another model name (session
// 34, certifier shopping): the demo module applied for as "JM-550" to one
// body and as "JM550 Pro" to another (its mass restated, so that only the
// model number ties them), or as "KX-900" with the demo module's
// specification. Before, the review named pending applications of the
// very model only (as ModelKey compares it): the holder took one product
// to two bodies at once with two figures and kept the lower.
func TestCertifierShopping_RenamedModelAtAnotherBody(t *testing.T) {
	st := newSeededStack(t)
	first := st.shopApply(t, asMaker, "GEC-SHOP-1", "JM-550", orgCertifier, nil)
	pro := st.shopApply(t, asMaker, "GEC-SHOP-2", "JM550 Pro", orgCert2, heavier)
	v := st.reviewAs(t, asCert2, pro)
	// With the figure the holder may keep the lower of.
	figure := footprint.FormatKgCO2e(*st.reviewAs(t, asCert, first).Study.KgCO2e) + " kgCO2e for 1 piece"
	if got := shoppedWarnings(v, "product.model", first, orgCertifier, `"JM-550"`, "model number", figure); len(got) != 1 {
		t.Fatalf("review of %s (JM550 Pro): the holder's pending application %s of JM-550 at %s not named: %+v", pro, first, orgCertifier, v.Review.Warnings)
	}
	if got := shoppedWarnings(st.reviewAs(t, asCert, first), "product.model", pro, orgCert2, `"JM550 Pro"`); len(got) != 1 {
		t.Fatalf("review of %s (JM-550): the holder's pending application %s of JM550 Pro at %s not named: %+v", first, pro, orgCert2, got)
	}
	renamed := st.shopApply(t, asMaker, "GEC-SHOP-3", "KX-900", orgCert2, nil)
	if got := shoppedWarnings(st.reviewAs(t, asCert2, renamed), "product", first, orgCertifier, "specification"); len(got) != 1 {
		t.Fatalf("review of %s (KX-900, the demo module's specification): %s at %s not named: %+v", renamed, first, orgCertifier, got)
	}
	// An application at the same body is in its own queue: not named.
	if got := shoppedWarnings(st.reviewAs(t, asCert2, renamed), "", pro); len(got) != 0 {
		t.Fatalf("an application at the same body named: %+v", got)
	}
	// Once decided, it is no longer named as pending.
	st.mustDo(t, request{method: "POST", target: "/v1/applications/" + first + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["cells not evidenced"]}`)})
	for _, app := range []string{pro, renamed} {
		if got := shoppedWarnings(st.reviewAs(t, asCert2, app), "", first); len(got) != 0 {
			t.Fatalf("a rejected application named as pending: %+v", got)
		}
	}
}

// Ensure the review names a pending application at another body of the
// study's GTIN under another model and specification, and another
// holder's of its GTIN or of its very model (session 34): a company of the
// same group applying for the product at once. Another applicant's
// application is named by ID and body only.
func TestCertifierShopping_SameGTINOrModelByAnotherCompany(t *testing.T) {
	st := newSeededStack(t)
	gtin := func(p map[string]any) { p["gtin"] = shopGTIN }
	first := st.shopApply(t, asMaker, "GEC-SHOP-G1", "JM-550", orgCertifier, gtin)
	same := st.shopApply(t, asMaker, "GEC-SHOP-G2", "ZX-7", orgCert2, func(p map[string]any) { gtin(p); heavier(p) })
	if got := shoppedWarnings(st.reviewAs(t, asCert2, same), "product.gtin", first, orgCertifier, "GTIN"); len(got) != 1 {
		t.Fatalf("the holder's pending application %s of GTIN %s at %s not named: %+v", first, shopGTIN, orgCertifier, st.reviewAs(t, asCert2, same).Review.Warnings)
	}
	model := st.shopApply(t, asOther, "GEC-SHOP-G3", "jm 55O", orgCert2, heavier)
	v := st.reviewAs(t, asCert2, model)
	got := shoppedWarnings(v, "product.model", first, orgCertifier, "another applicant")
	if len(got) != 1 {
		t.Fatalf("another holder's pending application %s of model JM-550 at %s not named: %+v", first, orgCertifier, v.Review.Warnings)
	}
	if strings.Contains(got[0].Message, orgMaker) {
		t.Fatalf("another applicant's name in the review: %s", got[0].Message)
	}
	other := st.shopApply(t, asOther, "GEC-SHOP-G4", "QQ-1", orgCert2, func(p map[string]any) { gtin(p); heavier(p) })
	if got := shoppedWarnings(st.reviewAs(t, asCert2, other), "product.gtin", first, orgCertifier, "another applicant"); len(got) != 1 {
		t.Fatalf("another holder's pending application %s of GTIN %s not named: %+v", first, shopGTIN, got)
	}
	// At the holder's own body too: the company of its group is no more
	// visible there.
	at := st.shopApply(t, asOther, "GEC-SHOP-G6", "QQ-2", orgCertifier, func(p map[string]any) { gtin(p); heavier(p) })
	if got := shoppedWarnings(st.reviewAs(t, asCert, at), "product.gtin", first, orgCertifier, "another applicant"); len(got) != 1 {
		t.Fatalf("another holder's pending application %s of GTIN %s at the same body not named: %+v", first, shopGTIN, got)
	}
	// Another holder's product of the holder's model number with other
	// words after it, or of its specification, is not the same product.
	for _, app := range []string{st.shopApply(t, asOther, "GEC-SHOP-G5", "JM550 Pro", orgCert2, nil)} {
		if got := shoppedWarnings(st.reviewAs(t, asCert2, app), "", first); len(got) != 0 {
			t.Fatalf("another holder's other model named: %+v", got)
		}
	}
}

// Ensure the review names the holder's withdrawn certificate of the study's
// GTIN, or of its model number with other words after it, under another
// product code (session 34): the demo laptop certified as "DEMO-NB13"
// (HS 847130) and withdrawn because its figure was questioned, then
// applied for again as HS 847141 under another model name with its GTIN,
// or as "DEMO-NB13 Pro" without one. Before, the review compared the
// holder's stopped certificates by product code and model only, and a
// computer rule's codes (chapters 84 and 85) tie no two headings: the
// review said nothing.
func TestCertifierShopping_StoppedCertificateUnderAnotherCodeAndModel(t *testing.T) {
	st := newSeededStack(t)
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitLaptopGTIN(t, "DEMO-NB13", shopGTIN, 1)), "")), 201)
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + old.CertificateID + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["figure questioned"]}`)})
	st.eachRenamedLaptop(t, func(t *testing.T, v appReview) {
		if got := reviewWarningsWith(v, "product", old.Number, "withdrawn", "figure questioned"); len(got) != 1 {
			t.Fatalf("the holder's withdrawn certificate %s of the product not named: %+v", old.Number, v.Review.Warnings)
		}
	})
}

// eachRenamedLaptop applies, in a subtest each, for the demo laptop at
// half its use-stage energy to orgCert2 as HS 847141 under model "NX-1"
// with the GTIN shopGTIN, and as "DEMO-NB13 Pro" without a GTIN, and calls
// check with the review.
func (st *stack) eachRenamedLaptop(t *testing.T, check func(t *testing.T, v appReview)) {
	for _, tt := range []struct{ name, model, gtin string }{
		{"GTIN", "NX-1", shopGTIN},
		{"model number", "DEMO-NB13 Pro", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
				body: []byte(`{"study_id":"` + st.submitLaptopGTIN(t, tt.model, tt.gtin, 0.5) + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
			check(t, st.reviewAs(t, asCert2, app))
		})
	}
}

// submitLaptopGTIN stores the demo laptop study as orgMaker with model, GTIN
// gtin ("": none) and its use stage's energy times electricity, under HS
// 847141 for any model but the demo's (HS 847130), and returns its ID.
func (st *stack) submitLaptopGTIN(t *testing.T, model, gtin string, electricity float64) string {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "laptop"))
	p := doc["product"].(map[string]any)
	p["model"], p["gtin"] = model, gtin
	if gtin == "" {
		delete(p, "gtin")
	}
	if model != "DEMO-NB13" {
		p["product_codes"] = []any{"HS:847141"}
	}
	if use, ok := p["use"].(map[string]any); ok {
		use["annual_kwh"] = use["annual_kwh"].(float64) * electricity
	}
	return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201).ID
}

// Ensure the review names the holder's rejected application of the study's
// GTIN, or of its model number with other words after it, under another
// product code (session 34): the demo laptop rejected as "DEMO-NB13" (HS
// 847130), then applied for to another body as HS 847141 under another
// model name with its GTIN, or as "DEMO-NB13 Pro" without one. Before, a
// rejection was named by its study's product code and model only.
func TestCertifierShopping_RejectionUnderAnotherCodeAndModel(t *testing.T) {
	st := newSeededStack(t)
	rejected := st.apply(t, st.submitLaptopGTIN(t, "DEMO-NB13", shopGTIN, 1))
	st.mustDo(t, request{method: "POST", target: "/v1/applications/" + rejected + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["use stage not evidenced"]}`)})
	st.eachRenamedLaptop(t, func(t *testing.T, v appReview) {
		if got := reviewWarningsWith(v, "product.model", rejected, "use stage not evidenced"); len(got) != 1 {
			t.Fatalf("the holder's rejected application %s of the product not named: %+v", rejected, v.Review.Warnings)
		}
	})
}

package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 54 (session 42): the flatterer, through the API.

// rt54Quality is a stored study's data quality, as its certificate prints
// it.
type rt54Quality struct {
	DataQuality struct {
		PrimarySharePct float64 `json:"primary_data_share_pct"`
		DQR             float64 `json:"dqr"`
		DQRCoveragePct  float64 `json:"dqr_coverage_pct"`
	} `json:"data_quality"`
}

// rt54Post stores study document doc as orgMaker and applies for its
// certification; it returns the stored study and the certifier's review.
func (st *stack) rt54Post(t *testing.T, doc map[string]any) (studyData, rt54Quality, appReview) {
	t.Helper()
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
	var q rt54Quality
	if err := json.Unmarshal(sd.Result, &q); err != nil {
		t.Fatal(err)
	}
	return sd, q, st.review(t, st.apply(t, sd.ID))
}

// Ensure a line flagged primary data, on a factor of the set, whose own dq
// scores rate it better than its factor is named in the review with both
// ratings, as a line not flagged is (red team 6). The engine skipped the
// rating check for a primary line: the demo module with its cells (on
// PV-CELL-MONO182, rated DQR 2) and its electricity (ELEC-CN-NAT-CF-2024,
// 1.5) flagged primary with invented scores of 1 printed DQR 1.90 instead
// of 2.48 and a primary-data share of 59.0 % instead of 0, and the review
// said only that their primary share rests on set factors, nothing of the
// DQR. A warning, not a refusal, as for the primary flag itself (red teams
// 20 and 53): metered activity data may deserve good scores, and the
// certifier judges the evidence of a specific factor behind them.
func TestRedteam54_PrimaryFlagLiftsTheDQR(t *testing.T) {
	st := newSeededStack(t)
	_, plain, v := st.rt54Post(t, mustDoc(t, pvStudy(t, "GEC-RT54-D0")))
	if len(reviewWarningsWith(v, "bom[1]", "DQR")) != 0 || len(reviewWarningsWith(v, "electricity[0].factor", "DQR")) != 0 {
		t.Fatalf("control: warnings %+v on lines rated as their factors", v.Review.Warnings)
	}
	doc := mustDoc(t, pvStudy(t, "GEC-RT54-D1"))
	for _, l := range []map[string]any{doc["bom"].([]any)[1].(map[string]any), doc["electricity"].([]any)[0].(map[string]any)} {
		l["primary"], l["dq"] = true, map[string]any{"ter": 1, "gr": 1, "tir": 1, "p": 1}
	}
	_, q, v := st.rt54Post(t, doc)
	if !(q.DataQuality.DQR < plain.DataQuality.DQR) || !(q.DataQuality.PrimarySharePct > plain.DataQuality.PrimarySharePct) {
		t.Fatalf("flagged primary, rated 1: DQR %v, primary share %v; want them better than %v and %v (the flag is the lever this test is about)",
			q.DataQuality.DQR, q.DataQuality.PrimarySharePct, plain.DataQuality.DQR, plain.DataQuality.PrimarySharePct)
	}
	for _, tt := range []struct{ path, factor, rating string }{
		{"bom[1]", "PV-CELL-MONO182", "the 2 of"},
		{"electricity[0].factor", "ELEC-CN-NAT-CF-2024", "the 1.5 of"},
	} {
		if len(reviewWarningsWith(v, tt.path, "flagged primary", "DQR 1,", tt.rating, tt.factor, "标为初级数据", "评为 DQR 1")) != 1 {
			t.Errorf("review warnings %+v: want one at %s naming its DQR 1 against %s's rating (%s), flagged primary, in both languages", v.Review.Warnings, tt.path, tt.factor, tt.rating)
		}
	}
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
	model := demoModel("GEC-RT54-L")
	submit := func(i int, electricity float64) studyData {
		doc := mustDoc(t, setModel(pvStudy(t, fmt.Sprintf("GEC-RT54-L%d", i)), model))
		line := doc["electricity"].([]any)[0].(map[string]any)
		line["quantity"] = line["quantity"].(float64) * electricity
		return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
			body: seedtest.MustMarshal(t, doc)}), 201)
	}
	// The figure is linear in the module line's electricity: a + b×m.
	first, plain := submit(0, 30), submit(9, 1)
	b := (*first.KgCO2e - *plain.KgCO2e) / 29
	a := *plain.KgCO2e - b
	at := func(i int, share float64) studyData { return submit(i, (*first.KgCO2e*share-a)/b) }
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

// Ensure a supplier footprint per item taken as a fraction of an item per
// piece of product is named in the review (red team 54): a certificate
// signs no mass, so a line's mass_kg is the study's word. Another maker's
// module study with a supplied part on the demo module's certificate
// (150.1 kgCO2e per piece), counted as 0.1 piece with mass_kg 2 (the line
// weighing 0.2 kg), was stored at 165.1 kgCO2e instead of 300.2 with no
// word of the line (without mass_kg, only that the line has no mass).
func TestRedteam54_SupplierCountedAsAFractionOfAnItem(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	review := func(serial string, line map[string]any) appReview {
		_, app := st.applyAsOther(t, withBOMLines(t, pvStudy(t, serial), line))
		return st.review(t, app)
	}
	whole := review("GEC-RT54-F0", map[string]any{"name": "supplied part", "quantity": 1, "unit": "piece", "stage": "A1", "supplier": fx.number, "mass_kg": 0.2})
	if w := reviewWarningsWith(whole, "bom[2].supplier", "fewer than one"); len(w) != 0 {
		t.Fatalf("control: one whole item warned: %+v", w)
	}
	for _, tt := range []struct {
		serial, path string
		line         map[string]any
	}{
		{"GEC-RT54-F1", "bom[2].supplier", map[string]any{"name": "supplied part", "quantity": 0.1, "unit": "piece", "stage": "A1", "supplier": fx.number, "mass_kg": 2}},
		{"GEC-RT54-F2", "bom[2].children[0].supplier", map[string]any{"name": "box", "quantity": 1, "unit": "piece", "stage": "A1",
			"children": []any{map[string]any{"name": "supplied part", "quantity": 0.1, "unit": "piece", "supplier": fx.number, "mass_kg": 2}}}},
	} {
		v := review(tt.serial, tt.line)
		if len(reviewWarningsWith(v, tt.path, fx.number, "0.1 of", "fewer than one", "不足一件")) != 1 {
			t.Errorf("%s: review warnings %+v, want one at %s naming %s counted as 0.1 of an item a piece, in both languages", tt.serial, v.Review.Warnings, tt.path, fx.number)
		}
	}
}

// Ensure an exempted line without a screening estimate is named in the
// review (red team 54): without one the cut-off share is judged by mass,
// and a part light in mass and heavy in emissions passes the 5 % limit
// with its effect on the emissions unassessed. The demo laptop with its
// exempted lines counted (drives on ELEC-PSU, the rest on average
// plastics) and 16 cm² of memory dies (ELEC-IC-DIE-MEM, 2.2 kgCO2e/cm²)
// was stored at 220.6 kgCO2e; the same dies exempted as 0.02 kg, "small
// part", with no screening factor, at 185.4 (−16 %), 1.06 % of its mass
// cut off, with no word of the line.
func TestRedteam54_UnscreenedCutOffOfAHeavyPart(t *testing.T) {
	st := newSeededStack(t)
	laptop := func(model string, chips map[string]any) map[string]any {
		doc := seedtest.StudyDoc(t, "laptop")
		doc["product"].(map[string]any)["model"] = model
		bom := doc["bom"].([]any)
		bom[4] = map[string]any{"name": "Drives", "quantity": 0.221, "unit": "kg", "stage": "production", "factor": "ELEC-PSU"}
		bom[5] = map[string]any{"name": "Keyboard and trackpad", "quantity": 0.146, "unit": "kg", "stage": "raw-materials", "factor": "MAT-PLASTIC-AVG-DESNZ"}
		bom[6] = map[string]any{"name": "Other materials", "quantity": 0.185, "unit": "kg", "stage": "raw-materials", "factor": "MAT-PLASTIC-AVG-DESNZ"}
		doc["bom"] = append(bom, chips)
		return doc
	}
	counted, _, v := st.rt54Post(t, laptop("DEMO-NB13 RT54-C", map[string]any{"name": "Memory chips", "quantity": 16, "unit": "cm²", "mass_kg": 0.00125, "stage": "production", "factor": "ELEC-IC-DIE-MEM"}))
	if len(reviewWarningsWith(v, "bom[7]", "screening")) != 0 {
		t.Fatalf("control: warnings %+v on a counted line", v.Review.Warnings)
	}
	// The demo laptop, its exempted lines all screened: none.
	if _, _, v := st.rt54Post(t, seedtest.StudyDoc(t, "laptop")); len(reviewWarningsWith(v, "bom[4]", "no screening estimate")) != 0 {
		t.Fatalf("control: warnings %+v on screened exempted lines", v.Review.Warnings)
	}
	cut, _, v := st.rt54Post(t, laptop("DEMO-NB13 RT54-X", map[string]any{"name": "Memory chips", "quantity": 0.02, "unit": "kg", "stage": "production", "exempt": map[string]any{"reason": "small part"}}))
	if !(*cut.KgCO2e < *counted.KgCO2e) {
		t.Fatalf("exempted: %v kgCO2e, counted %v: want less (the lever this test is about)", *cut.KgCO2e, *counted.KgCO2e)
	}
	if len(reviewWarningsWith(v, "bom[7]", "Memory chips", "no screening estimate", "by mass", "ISO 14067", "没有筛选估算")) != 1 {
		t.Errorf("review warnings %+v, want one at bom[7] naming the unscreened exempted line and ISO 14067's cut-off criteria, in both languages", v.Review.Warnings)
	}
}

package factordb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a study stored before product.site_region existed, with a
// provincial grid mix (CPCD's Yunnan 碳足迹 factor, CN-YN) on its site's
// electricity, is still read, and is refused at application naming
// product.site_region: nothing machine-readable says the site is in
// Yunnan, so the figure may be another province's grid (red team 51).
func TestRedteam51_StoredProvincialGridWithoutSiteRegion(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	s.mustLoadCPCD(t)
	s.MustCreateOrgs(t)
	st := cpcdStudy(t, "CN-YN", "CPCD-17100H1562020A")
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	stored, err := s.studies.FindStudyByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(stored.Document, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc["product"].(map[string]any), "site_region")
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.SetStudyDocument(s.db, st.ID, b); err != nil {
		t.Fatal(err)
	}
	old, err := s.studies.FindStudyByID(ctx, st.ID)
	if err != nil || old.Product.SiteRegion != "" || old.Electricity[0].Geography != "CN-YN" || !bytes.Equal(old.Document, b) {
		t.Fatalf("the study stored before is not read as stored: %v", err)
	}
	if err := s.refusedToCertify(t, st.ID, "a Yunnan grid mix on a site nothing places"); footprint.ErrorField(err) != "product.site_region" || !strings.Contains(err.Error(), "stored before the rule") {
		t.Fatalf("refused %v; want product.site_region, saying it was stored before the rule", err)
	}
}

// Ensure a study whose stored DQR or DQR coverage is not what today's
// engine gives is refused at application naming result, bilingual: a study
// stored while a supplier certificate's DQR rated the buyer's whole line,
// whatever share of its own figure it covered, stored a coverage raised by
// the supplier's part, which the certificate would print (red team 51).
func TestRedteam51_StoredDQRCoverageIsTodays(t *testing.T) {
	for _, field := range []string{"dqr_coverage_pct", "dqr"} {
		t.Run(field, func(t *testing.T) {
			_, s := mustStart(t)
			st := s.MustCreateStudy(t, orgMaker, "GEC-RT51-"+field)
			if err := factordb.EditStoredDataQuality(s.db, st.ID, field, func(v float64) float64 { return v * 0.9 }); err != nil {
				t.Fatal(err)
			}
			if err := s.refusedToCertify(t, st.ID, "a stored "+field+" of 0.9 × today's"); footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "DQR") || !strings.Contains(err.Error(), "数据质量") {
				t.Fatalf("refused, but not naming result and the DQR, bilingual: %v", err)
			}
		})
	}
}

// Ensure a study whose stored uncertainty range is not what today's engine
// gives is refused at application naming result: the certificate prints
// the stored range, and a range stored before a rule widened it (red team
// 33: a supplier certificate's ±100 % counted at ±10 %) would be printed
// narrower than the data allow.
func TestRedteam51_StoredRangeIsTodays(t *testing.T) {
	_, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-RT51-RANGE")
	if err := factordb.EditStoredResult(s.db, st.ID, func(r map[string]any) {
		u := r["uncertainty"].(map[string]any)
		med := u["median_kgco2e"].(float64)
		u["low_kgco2e"], u["high_kgco2e"] = med*0.95, med*1.05
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.refusedToCertify(t, st.ID, fmt.Sprintf("a stored range of ±5 %% (today %.2f–%.2f)", st.Result.Uncertainty.LowKgCO2e, st.Result.Uncertainty.HighKgCO2e)); footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "range") || !strings.Contains(err.Error(), "区间") {
		t.Fatalf("refused, but not naming result and the range, bilingual: %v", err)
	}
}

// refusedToCertify applies for study studyID of orgMaker with orgCertifier
// and issues it, and returns the refusal; a certificate issued fails the
// test with what it prints.
func (s *services) refusedToCertify(t *testing.T, studyID, what string) error {
	t.Helper()
	app := &certification.Application{StudyID: studyID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(t.Context(), app); err != nil {
		return err
	}
	rec, err := s.certs.IssueCertificate(t.Context(), app.ID, issueReq)
	if err == nil {
		c := rec.Certificate()
		t.Fatalf("%s: certificate %s issued at %.3f kgCO2e, DQR %.3f over %.2f %% of it, range %+v", what, c.Number, c.KgCO2e, c.DQR, c.DQRCoveragePct, c.Uncertainty)
	}
	return err
}

// Ensure a study whose stored result differs from today's in a figure the
// certificate prints beside its total (packaging included, the cut-off's
// share, the electricity approach and grid factors) is refused at
// application naming result: the certificate prints the stored result's,
// which a rule added since (red team 24: "packaging included" by a token
// line) may have changed.
func TestRedteam51_StoredPrintedFiguresAreTodays(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r map[string]any)
	}{
		{"packaging_included", func(r map[string]any) {
			rs := r["reported_separately"].(map[string]any)
			rs["packaging_included"] = !rs["packaging_included"].(bool)
		}},
		{"cut_off", func(r map[string]any) {
			co := r["cut_off"].(map[string]any)
			co["exempted_pct"], co["exempted_mass_pct"] = co["exempted_pct"].(float64)/2, co["exempted_mass_pct"].(float64)/2
		}},
		{"electricity.approach", func(r map[string]any) { r["electricity"].(map[string]any)["approach"] = footprint.ElectricityGrid }},
		{"electricity.grid_factors", func(r map[string]any) {
			r["electricity"].(map[string]any)["grid_factors"] = []any{}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, s := mustStart(t)
			st := s.MustCreateStudy(t, orgMaker, "GEC-RT51-P-"+strings.ReplaceAll(tc.name, ".", "-"))
			if err := factordb.EditStoredResult(s.db, st.ID, tc.edit); err != nil {
				t.Fatal(err)
			}
			if err := s.refusedToCertify(t, st.ID, "a stored "+tc.name+" not today's"); footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), tc.name) {
				t.Fatalf("refused, but not naming result and %s: %v", tc.name, err)
			}
		})
	}
}

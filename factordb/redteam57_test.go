package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 57: a study whose stored recycling credits (reported apart from
// the total, signed by format 7 and printed "回收抵扣 Recycling credits")
// differ from what today's engine gives is refused at application naming
// result, as the other figures a certificate prints beside its total are
// (red team 51): on the base the demo laptop's −4.3365 kgCO2e stored as
// ten times that was issued with the stored credits, and the total alone
// was compared.
func TestRedteam57_StoredCreditsAreTodays(t *testing.T) {
	_, s := mustStart(t)
	st := seedtest.Study(t, "laptop")
	st.Owner, st.Product.Manufacturer = orgMaker, orgMaker
	if _, err := s.studies.CreateStudy(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if st.Result.CreditsKgCO2e >= 0 {
		t.Fatalf("the laptop study has no recycling credits (%g): not the fixture this test needs", st.Result.CreditsKgCO2e)
	}
	if err := factordb.EditStoredResult(s.db, st.ID, func(r map[string]any) {
		rs := r["reported_separately"].(map[string]any)
		rs["credits_kgco2e"] = rs["credits_kgco2e"].(float64) * 10
	}); err != nil {
		t.Fatal(err)
	}
	err := s.refusedToCertify(t, st.ID, "stored credits ten times today's")
	if footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "credits_kg_co2e") {
		t.Fatalf("refused, but not naming result and credits_kg_co2e: %v", err)
	}
}

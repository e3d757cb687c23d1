package factordb_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a study stored with another primary-data share than today's
// engine gives is not certified with it. A supplier certificate of this
// service counted as primary data in full, whatever primary-data share it
// signs, until red team 50: the demo laptop on a board maker's certificate
// of 0 % primary data was stored with a share of 36.9 % instead of 0 %. The
// application and the issue compared the total, stage and per-unit figures
// only, so such a study was certified with its stored share, printed on the
// certificate and passed on in its PACT export, and its signed supplier
// list, which now carries the supplier's share, would recompute to
// another result. Here the demo study's stored share is raised, as an
// older engine stored it: the application is refused naming result, until
// the study is stored again.
func TestRedteam50_StoredPrimaryShareIsTodays(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-RT50-1")
	if err := factordb.SetStoredPrimaryShare(s.db, st.ID, st.Result.PrimaryDataSharePct+36.9); err != nil {
		t.Fatal(err)
	}
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	err := s.certs.CreateApplication(ctx, app)
	if err == nil {
		rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		if err == nil {
			t.Fatalf("a stored primary-data share of %.1f %% (today %.1f %%) applied for and issued as %s, printing %.1f %%", st.Result.PrimaryDataSharePct+36.9, st.Result.PrimaryDataSharePct, rec.Certificate().Number, rec.Certificate().PrimaryDataSharePct)
		}
	}
	if footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "primary-data share") || !strings.Contains(err.Error(), "初级数据占比") {
		t.Fatalf("refused, but not naming result and the primary-data share, bilingual: %v", err)
	}
}

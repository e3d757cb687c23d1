package factordb_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a certificate issued on a supplier PACT footprint whose stored
// document today's checks refuse (here the CCU credit approach, stored
// before red team 69's check) is flagged as one whose supplier footprint
// changed: its supplier_footprint_change names the line and the credit in
// Chinese and English, the flagged queue lists it until its certifier
// reviews it, whether the footprint was uploaded or fetched. Before, it
// stayed valid and unflagged: the periodic re-read passed a refused
// document over, and an upload has no host to ask.
func TestPACT3_CertificateOnRefusedFootprintFlagged(t *testing.T) {
	for i, tt := range []struct {
		name          string
		source, owner string
	}{
		{"uploaded", "", ""},
		{"fetched", "https://pact.example/3/footprints/", "maker"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, s := mustStart(t)
			a := asOrg(orgMaker)
			id := "6e1d7b8f-2e3a-4b5c-8d9e-0f1a2b3c4e7" + string(rune('0'+i))
			var err error
			if tt.source == "" {
				_, _, err = s.certs.SaveSupplierFootprint(a, pactDocV3(id, "0.5"), "")
			} else {
				_, _, err = s.certs.SaveFetchedFootprint(a, pactDocV3(id, "0.5"), tt.source+id, tt.owner)
			}
			if err != nil {
				t.Fatal(err)
			}
			st, line := pactStudy(t, orgMaker, "GEC-PACT3-"+tt.name, id)
			if _, err := s.studies.CreateStudy(a, st); err != nil {
				t.Fatal(err)
			}
			rec := s.mustIssueStudy(t, st.ID, orgMaker)
			certID := rec.Certificate().ID
			flagged := true
			queued := func() bool {
				t.Helper()
				recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Flagged: &flagged})
				if err != nil {
					t.Fatal(err)
				}
				return slices.ContainsFunc(recs, func(r *certification.CertificateRecord) bool { return r.Certificate().ID == certID })
			}
			if field, msg, err := s.certs.FindPACTChange(ctx, st.ID); err != nil || field != "" || msg != "" || queued() {
				t.Fatalf("before: change %q %q, %v, queued %v; want none", field, msg, err, queued())
			}

			if err := factordb.ReplaceStoredPACTDocument(s.db, orgMaker, uuid.MustParse(id), 0, pactDocV3Credit(id, "0.5")); err != nil {
				t.Fatal(err)
			}
			field, msg, err := s.certs.FindPACTChange(ctx, st.ID)
			if err != nil || field != line || !strings.Contains(msg, "pact:"+id) || !strings.Contains(msg, `ccuCalculationApproach "Credit"`) ||
				!strings.Contains(msg, "CCU 抵扣法") || !strings.Contains(msg, "不能据此申请或签发证书") || !strings.Contains(msg, "no certificate is applied for or issued on it") {
				t.Errorf("change: %q %q, %v; want %s named, the credit approach in Chinese and English", field, msg, err, line)
			}
			if pending, err := s.certs.PACTChangePending(ctx, certID); err != nil || !pending {
				t.Errorf("pending: %v, %v; want true", pending, err)
			}
			if !queued() {
				t.Errorf("the flagged queue does not list certificate %s", rec.Certificate().Number)
			}
			got, err := s.certs.FindCertificateByID(ctx, certID)
			if err != nil || got.Status != certification.CertificateValid {
				t.Errorf("status: %+v, %v; want valid (its status is kept)", got, err)
			}

			// A review before the service refused the credit (the test
			// clock reads 2026-01-01) did not read it: still queued.
			if _, err := s.certs.ReviewCertificate(ctx, certID, "reviewed before the CCU check"); err != nil {
				t.Fatal(err)
			}
			if pending, err := s.certs.PACTChangePending(ctx, certID); err != nil || !pending || !queued() {
				t.Errorf("after a review before 2026-12-06: pending %v, %v, queued %v; want both", pending, err, queued())
			}
			// Its certifier's review since clears it from the queue; the
			// record still says so.
			s.db.Now = func() time.Time { return time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) }
			if _, err := s.certs.ReviewCertificate(ctx, certID, "the supplier's figure nets a CCU credit: reviewed"); err != nil {
				t.Fatal(err)
			}
			if pending, err := s.certs.PACTChangePending(ctx, certID); err != nil || pending || queued() {
				t.Errorf("after the review: pending %v, %v, queued %v; want neither", pending, err, queued())
			}
			if _, msg, err := s.certs.FindPACTChange(ctx, st.ID); err != nil || !strings.Contains(msg, "CCU") {
				t.Errorf("after the review: change %q, %v; want it still named", msg, err)
			}
		})
	}
}

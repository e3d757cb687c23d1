package factordb_test

import (
	"fmt"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure the review of an application superseding a lineage's current
// certificate reads the lineage's peaks (certification.LineagePeaks of
// every certificate before it), kept with the certificate at each issue
// (session 35); that a file written before them gets them at Open, the
// same entries and the same review state; and that a review of a file
// whose entries are missing reads them from the lineage.
func TestFindReviewRecords_LineagePeaks(t *testing.T) {
	ctx, s := mustStart(t)
	cur := s.MustIssue(t, demoSerial)
	lineage := []*certification.Certificate{cur.Certificate()}
	for range 4 {
		cur = s.MustSupersede(t, cur)
		lineage = append([]*certification.Certificate{cur.Certificate()}, lineage...)
	}
	if n, err := factordb.LineagePeakEntries(s.db); err != nil || n != 4 {
		t.Fatalf("lineage peak entries %d (%v), want one for each of the 4 successors", n, err)
	}
	c := cur.Certificate()
	st, err := s.studies.FindStudyByID(ctx, c.StudyID)
	if err != nil {
		t.Fatal(err)
	}
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: c.ID}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	review := func() *certification.ReviewRecords {
		t.Helper()
		r, err := s.certs.FindReviewRecords(ctx, app, st)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	before := review()
	got, want := certNumbers(before.Lineages[c.ID.String()]), certNumbers(certification.LineagePeaks(lineage[1:]))
	if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("lineage of %s read %v, want its peaks %v", c.Number, got, want)
	}
	mustRun(t, s.db, factordb.CheckCertificateIndexes)

	mustRun(t, s.db, factordb.DropLineagePeaks)
	if r := review(); fmt.Sprint(certNumbers(r.Lineages[c.ID.String()])) != fmt.Sprint(want) || r.State != before.State {
		t.Fatalf("without the entries: lineage %v, state %s; want %v, %s", certNumbers(r.Lineages[c.ID.String()]), r.State, want, before.State)
	}
	mustRun(t, s.db, factordb.Init)
	if n, err := factordb.LineagePeakEntries(s.db); err != nil || n != 4 {
		t.Fatalf("after Open: lineage peak entries %d (%v), want 4", n, err)
	}
	mustRun(t, s.db, factordb.CheckCertificateIndexes)
	if r := review(); fmt.Sprint(certNumbers(r.Lineages[c.ID.String()])) != fmt.Sprint(want) || r.State != before.State {
		t.Fatalf("after Open: lineage %v, state %s; want %v, %s", certNumbers(r.Lineages[c.ID.String()]), r.State, want, before.State)
	}
}

func certNumbers(cs []*certification.Certificate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Number
	}
	return out
}

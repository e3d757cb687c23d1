package factordb_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// BenchmarkFindReviewRecords_EarlierWalk measures the review's records of
// an application of the demo module with its green certificates,
// superseding a certificate of a study claiming none, whose lineage's
// certificate with them is n certificates back: 1 (the walk reads it and
// decodes its study) and 65 (it reads certification.EarlierStudyWalk
// records and stops, rv56): what a per-day output stored with the lineage
// would save (rv56's evaluation).
func BenchmarkFindReviewRecords_EarlierWalk(b *testing.B) {
	for _, n := range []int{1, certification.EarlierStudyWalk + 1} {
		b.Run(map[int]string{1: "back1", certification.EarlierStudyWalk + 1: "back65"}[n], func(b *testing.B) {
			_, s := mustStart(b)
			a := s.MustIssue(b, "GEC-RV56-A").Certificate()
			plain := s.MustCreateStudy(b, orgMaker, "GEC-RV56-B", model(a.Product.Model), func(st *footprint.Study) {
				for _, l := range st.Electricity {
					l.Instruments = nil
				}
			})
			last := s.mustIssueApp(b, &certification.Application{StudyID: plain.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: a.ID})
			for range n - 1 {
				last = s.MustSupersede(b, last)
			}
			c := s.MustCreateStudy(b, orgMaker, "GEC-RV56-C", model(a.Product.Model))
			app, err := s.apply(b.Context(), orgMaker, c.ID, last.Certificate().ID)
			if err != nil {
				b.Fatal(err)
			}
			want := map[bool]string{true: "found", false: certification.EarlierWalkLimit}[n == 1]
			for b.Loop() {
				r := s.mustReviewRecords(b, app, c)
				got := "found"
				if r.EarlierWalk != nil {
					got = r.EarlierWalk.Why
				} else if r.EarlierCertificate == nil {
					got = "none"
				}
				if got != want {
					b.Fatalf("walk %s, want %s", got, want)
				}
			}
		})
	}
}

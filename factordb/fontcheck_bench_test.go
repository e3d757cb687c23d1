package factordb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
)

// BenchmarkCreateApplicationFonts is BenchmarkCreateApplication with the
// font check the service runs (labels.Renderer.CheckStudy, as cmd/pcf
// sets it).
func BenchmarkCreateApplicationFonts(b *testing.B) {
	r, err := labels.NewRenderer()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range scaleSizes() {
		b.Run(fmt.Sprintf("applications=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s := MustOpenWithOrgs(b)
			s.certs.CheckStudy = r.CheckStudy
			st := s.MustCreateStudy(b, orgMaker, "PCF-BENCH-001")
			if err := factordb.LoadDecidedApplications(s.db, n, orgMaker, orgCertifier); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
				if err := s.certs.CreateApplication(ctx, app); err != nil {
					b.Fatal(err)
				}
				if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"benchmark"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheckStudyFonts is the font check alone
// (labels.Renderer.CheckStudy) on the benchmark's stored study: what an
// application held the writer lock for before it ran in the read
// transaction.
func BenchmarkCheckStudyFonts(b *testing.B) {
	r, err := labels.NewRenderer()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s := MustOpenWithOrgs(b)
	st, err := s.studies.FindStudyByID(ctx, s.MustCreateStudy(b, orgMaker, "PCF-BENCH-001").ID)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.CheckStudy(ctx, st); err != nil {
			b.Fatal(err)
		}
	}
}

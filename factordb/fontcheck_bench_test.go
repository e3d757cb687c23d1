package factordb_test

import (
	"context"
	"testing"

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
	benchCreateApplication(b, r.CheckStudy)
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

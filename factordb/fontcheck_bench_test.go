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

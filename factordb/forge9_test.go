package factordb_test

import (
	"context"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Red team 9: the product name is printed on the signed certificate and
// the public verification page under the certificate's own number and
// figure. A name that states a carbon figure ("15 kgCO2e per module", a
// tenth of the certified 150) or another certificate's number reads there
// as a claim the certification made. Both were applied for and issued.
func TestForge9_ProductNameStatesFigureOrNumber(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name, field string
		change      func(p *footprint.Product)
	}{
		{"figure in English name", "product.name_en", func(p *footprint.Product) { p.Name = "Demo PV module, carbon footprint 15 kgCO2e per module" }},
		{"figure in Chinese name", "product.name_zh", func(p *footprint.Product) { p.NameZH = "产品碳足迹 15 kgCO2e/块组件" }},
		{"another certificate's number", "product.name_en", func(p *footprint.Product) { p.Name = "Demo PV module CDPCF-2026-000001" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := MustOpenServices(t)
			s.MustCreateOrgs(t)
			s.db.Now = func() time.Time { return time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC) }
			st := s.MustCreateStudy(t, orgMaker, demoSerial, func(st *footprint.Study) { tt.change(&st.Product) })
			err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("applied: %v, want EINVALID naming %s", err, tt.field)
			}
		})
	}
}

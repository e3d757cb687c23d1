package factordb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure what a certificate cannot print is refused when a study is
// applied for, not when the certifier issues. A product name of 201
// characters, a product name with a line break, a GTIN of 7 digits or a
// site of 301 characters was stored and applied for, reviewed, and
// refused only at issue ("text is longer than 200 characters"): the
// application checks the certificate's limits on what the study gives it.
func TestRedteam5_CertificateLimitsAtApplication(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name, field string
		change      func(p *footprint.Product)
	}{
		{"long name", "product.name_en", func(p *footprint.Product) { p.Name = strings.Repeat("n", 201) }},
		{"line break", "product.name_zh", func(p *footprint.Product) { p.NameZH = "示例\n组件" }},
		{"gtin", "product.gtin", func(p *footprint.Product) { p.GTIN = "1234567" }},
		{"long site", "product.site", func(p *footprint.Product) { p.Site = strings.Repeat("s", 301) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := MustOpenServices(t)
			s.MustCreateOrgs(t)
			s.db.Now = func() time.Time { return time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC) }
			st := demoStudy(t, orgMaker, demoSerial)
			tt.change(&st.Product)
			if _, err := s.studies.CreateStudy(ctx, st); err != nil {
				t.Fatal(err)
			}
			err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("applied: %v, want EINVALID naming %s", err, tt.field)
			}
		})
	}
}

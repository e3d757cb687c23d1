package factordb_test

import (
	"context"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
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

// Red team 9: a certifier without an approval number on record gives, at
// its first issue, the approval number of another certification body
// (orgCertifier's CNCA-R-2026-999). The certificate was signed printing
// it, and it was recorded on the certifier as its own: two bodies then
// sign under one CNCA approval number, which names one body.
func TestForge9_ApprovalNumberOfAnotherCertifier(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	const shady = "Shady Verification Ltd"
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: shady, Role: access.RoleCertifier, NameZH: "示例认证中心"}); err != nil {
		t.Fatal(err)
	}
	app := &certification.Application{Manufacturer: orgMaker, Certifier: shady,
		StudyID: s.MustCreateStudy(t, orgMaker, "GEC-FORGE9-AP1", func(st *footprint.Study) { st.Product.Model += " F9" }).ID}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{ApprovalNumber: "CNCA-R-2026-999"})
	if err == nil {
		t.Fatalf("issued %s by %s printing approval number %q, orgCertifier's", rec.Certificate().Number, shady, rec.Certificate().Certifier.ApprovalNumber)
	}
	if footprint.ErrorField(err) != "approval_number" {
		t.Fatalf("refused for %v, want approval_number named", err)
	}
}

// Red team 9: organisations are told apart by their name byte for byte,
// so a certifier (or manufacturer) can be registered under a name that
// prints as another's ("Demo  Certification Centre", two spaces: the PDF
// and the HTML page show one), and under its approval number. A certificate
// of the look-alike printed "Demo Certification Centre, Approval No.
// CNCA-R-2026-999", as the genuine certifier's do.
func TestForge9_LookAlikeOrganization(t *testing.T) {
	ctx := context.Background()
	for _, o := range []access.Organization{
		{Name: "Demo  Certification Centre", Role: access.RoleCertifier},                                  // name printed as orgCertifier's
		{Name: "Other Certification Body", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-999"}, // orgCertifier's approval number
		{Name: "Other Certification Body", Role: access.RoleCertifier, NameZH: "示例认证中心"},                  // orgCertifier's Chinese name
	} {
		s := MustOpenWithOrgs(t)
		if err := s.auth.CreateOrganization(ctx, &o); footprint.ErrorCode(err) != footprint.ECONFLICT {
			t.Errorf("organisation %+v: %v, want ECONFLICT (another organisation prints as it)", o, err)
		}
	}
}

package certification_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// supplierStudy is the demo module with its first BOM line from supplier
// sup, and the result that used its footprint.
func supplierStudy(t *testing.T, sup certification.CertificateSupplier) *footprint.Study {
	t.Helper()
	s := mustDemoStudy(t)
	st := *s
	st.BOM = append([]*footprint.BOMLine(nil), s.BOM...)
	line := *st.BOM[0]
	line.Supplier = sup.Ref
	st.BOM[0] = &line
	res := *s.Result
	res.Suppliers = []*footprint.SupplierUse{{ID: sup.Ref, KgCO2e: sup.KgCO2e, Unit: sup.Unit}}
	st.Result = &res
	return &st
}

// Ensure a certificate issued on a supplier certificate is of format 9 and
// signs, in its supplier list, the supplier certificate's product codes
// (session 53: the Monte Carlo moves the supplier's footprint with the
// families of its HS codes, and a verifier recomputing the range reads them
// from the list): NewCertificateSupplier records them, even none; the list
// encodes them as "product_codes" and reads them back; the footprint a
// verifier calculates with carries them; an entry that signs none is
// refused at the issue, a PACT entry with codes and a code that does not
// parse in the list are refused; a certificate of format 9 encodes and
// decodes with its tag, and with a self-rated share of 0.
func TestSession53_SupplierListSignsProductCodes(t *testing.T) {
	up := newTestCertificate(t)
	rec := certification.NewCertificateSupplier(up.Number, up)
	if !slices.Equal(rec.ProductCodes, up.Product.Codes) || len(up.Product.Codes) == 0 {
		t.Fatalf("recorded codes %v, the certificate's %v", rec.ProductCodes, up.Product.Codes)
	}
	none := *up
	none.Product.Codes = nil
	if got := certification.NewCertificateSupplier(up.Number, &none).ProductCodes; got == nil || len(got) != 0 {
		t.Fatalf("a certificate of no code: recorded %#v, want an empty list (signed: none)", got)
	}

	sup := newTestSupplier()
	b := mustSuppliersJSON(t, []certification.CertificateSupplier{sup})
	if !bytes.Contains(b, []byte(`"product_codes":["HS:280461"]`)) {
		t.Errorf("the list does not sign the product codes: %s", b)
	}
	sf, err := sup.Footprint()
	if err != nil || !slices.Equal(sf.ProductCodes, sup.ProductCodes) {
		t.Fatalf("footprint codes %v, %v; want %v", sf.ProductCodes, err, sup.ProductCodes)
	}
	empty := sup
	empty.ProductCodes = []footprint.ProductCode{}
	if b := mustSuppliersJSON(t, []certification.CertificateSupplier{empty}); !bytes.Contains(b, []byte(`"product_codes":[]`)) {
		t.Errorf("a certificate of no code: the list does not sign none: %s", b)
	}
	old := sup
	old.ProductCodes = nil
	if b := mustSuppliersJSON(t, []certification.CertificateSupplier{old}); bytes.Contains(b, []byte(`product_codes`)) {
		t.Errorf("a list entry of before format 9 encodes product codes: %s", b)
	}
	for name, edit := range map[string]func([]byte) []byte{
		"code that does not parse": func(b []byte) []byte { return bytes.Replace(b, []byte(`"HS:280461"`), []byte(`"HS:28x"`), 1) },
		"code not as written":      func(b []byte) []byte { return bytes.Replace(b, []byte(`"HS:280461"`), []byte(`"hs:280461"`), 1) },
	} {
		if _, err := certification.ParseSuppliers(edit(b)); footprint.ErrorCode(err) != footprint.EINVALID || !strings.Contains(footprint.ErrorField(err), "product_codes") {
			t.Errorf("%s: err %v (field %q), want EINVALID on product_codes", name, err, footprint.ErrorField(err))
		}
	}

	in := mustSupplierCertificate(t, supplierStudy(t, sup), sup)
	c := mustNewCertificate(t, in)
	if c.Format != 9 || c.DQRSelfRatedPct != 0 {
		t.Fatalf("format %d, self-rated %v %%; want 9, 0", c.Format, c.DQRSelfRatedPct)
	}
	enc := mustCanonical(t, c)
	if !bytes.Contains(enc, []byte(`"format":"pcf-certificate/9"`)) || !bytes.Contains(enc, []byte(`"dqr_self_rated_pct":0`)) {
		t.Errorf("encoding lacks the format-9 tag or the self-rated share: %s", enc)
	}
	if back, err := certification.UnmarshalCanonicalCertificate(enc); err != nil || back.Format != 9 {
		t.Errorf("decoded: %v, format %v", err, back)
	}
	checkSuppliersRefused(t, in, []inputEdit{
		{"NoCodes", func(in *certification.CertificateInput) { in.Suppliers = []certification.CertificateSupplier{old} }},
	})
	pactCodes := certification.CertificateSupplier{Ref: footprint.PACTSupplierPrefix + sup.ID.String(), ID: sup.ID, SpecVersion: "3.0.0",
		Supplier: sup.Supplier, Product: sup.Product, Unit: sup.Unit, KgCO2e: sup.KgCO2e, ProductCodes: sup.ProductCodes}
	if err := certification.ValidateSuppliers([]certification.CertificateSupplier{pactCodes}); footprint.ErrorField(err) != "suppliers[0].product_codes" {
		t.Errorf("a PACT entry with product codes: %v, want refused on its product_codes", err)
	}
}

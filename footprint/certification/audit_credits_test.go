package certification_test

import (
	"bytes"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Audit (session 55): the demo laptop's result reports a recycling credit
// of −4.3365 kgCO2e apart from its total, and the certificate signed
// nothing of it: the credit, which the result reports separately and never
// nets, appeared in the study result only. Ensure NewCertificate issues
// format 7 signing the result's credits as they are (the total unchanged,
// not netted), and 0 for a study without any.
func TestAudit_NewCertificateSignsRecyclingCredits(t *testing.T) {
	for _, study := range []string{"laptop", "pv-module"} {
		t.Run(study, func(t *testing.T) {
			s := seedtest.Stored(t, study, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
			r := s.Result
			c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
			if c.Format != 7 || c.CreditsKgCO2e != r.CreditsKgCO2e || c.KgCO2e != r.KgCO2e {
				t.Fatalf("format %d, credits %v, total %v; want 7, %v, %v", c.Format, c.CreditsKgCO2e, c.KgCO2e, r.CreditsKgCO2e, r.KgCO2e)
			}
			t.Logf("%s: credits %v kgCO2e, total %v", study, c.CreditsKgCO2e, c.KgCO2e)
			if study == "laptop" && !(c.CreditsKgCO2e < 0) {
				t.Errorf("the demo laptop's certificate signs credits of %v, want its result's, below 0", c.CreditsKgCO2e)
			}
			b := mustCanonical(t, c)
			if !bytes.Contains(b, []byte(`"credits_kg_co2e":`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/7"`)) {
				t.Errorf("format 7 encoding:\n%s", b)
			}
			checkRoundTrip(t, b, c)
		})
	}
}

// Ensure format 7 is format 6 with the key "credits_kg_co2e" after
// "certifier", always present (0 when there are none), and that the strict
// decoder refuses it in format 6, its absence in format 7, and Validate
// refuses credits above 0 or in an earlier format.
func TestCertificate_MarshalCanonical_Format7(t *testing.T) {
	c := newTestCertificateV6(t)
	c.Format, c.CreditsKgCO2e = 7, -4.3365
	b := mustCanonical(t, c)
	const key = `,"credits_kg_co2e":-4.3365`
	if !bytes.Contains(b, []byte(`}`+key+`,"cut_off"`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/7"`)) {
		t.Fatalf("format 7 encoding:\n%s", b)
	}
	checkRoundTrip(t, b, c)
	checkFormatAdds(t, b, 7, key, 6, mustCanonical(t, newTestCertificateV6(t)))
	zero := newTestCertificateV6(t)
	zero.Format = 7
	if zb := mustCanonical(t, zero); !bytes.Contains(zb, []byte(`"credits_kg_co2e":0,`)) {
		t.Errorf("format 7 without credits:\n%s", zb)
	}
	checkDecodeRefuses(t, map[string][]byte{
		"format 6 with credits":    bytes.Replace(b, []byte("pcf-certificate/7"), []byte("pcf-certificate/6"), 1),
		"format 7 without credits": bytes.Replace(b, []byte(key), nil, 1),
		"credits null":             bytes.Replace(b, []byte(key), []byte(`,"credits_kg_co2e":null`), 1),
		"credits above 0":          bytes.Replace(b, []byte(key), []byte(`,"credits_kg_co2e":4.3365`), 1),
	})
	for name, edit := range map[string]func(*certification.Certificate){
		"positive": func(c *certification.Certificate) { c.CreditsKgCO2e = 1 },
		"format 6": func(c *certification.Certificate) { c.Format = 6 },
	} {
		t.Run(name, func(t *testing.T) {
			bad := newTestCertificateV6(t)
			bad.Format, bad.CreditsKgCO2e = 7, -4.3365
			edit(bad)
			checkInvalid(t, bad.Validate(), "credits_kg_co2e", "")
		})
	}
}

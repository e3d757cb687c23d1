package certification_test

import (
	"bytes"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// testVerifyBase is the issuing service's address the format-4 test
// certificate signs.
const testVerifyBase = "https://pcf.example.cn"

// newTestCertificateV4 is newTestCertificateV3 in format 4, signing
// testVerifyBase.
func newTestCertificateV4(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificateV3(tb)
	c.Format, c.VerifyBase = 4, testVerifyBase
	return c
}

// Ensure format 4 is format 3 with the key "verify_base" (the last key),
// reads back to the same bytes, and gives the QR code's address under the
// signed base whatever base the caller has; and that the strict decoder
// refuses the key in format 3 and its absence in format 4.
func TestCertificate_MarshalCanonical_Format4(t *testing.T) {
	c := newTestCertificateV4(t)
	b := mustCanonical(t, c)
	if !bytes.HasSuffix(b, []byte(`,"verify_base":"`+testVerifyBase+`"}`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/4"`)) {
		t.Fatalf("format 4 encoding:\n%s", b)
	}
	checkRoundTrip(t, b, c)
	v3 := mustCanonical(t, newTestCertificateV3(t))
	as3 := bytes.Replace(bytes.Replace(b, []byte(`,"verify_base":"`+testVerifyBase+`"`), nil, 1), []byte("pcf-certificate/4"), []byte("pcf-certificate/3"), 1)
	if !bytes.Equal(as3, v3) {
		t.Errorf("format 4 is not format 3 plus verify_base:\n%s\n%s", as3, v3)
	}
	if u, err := c.VerifyURL("https://elsewhere.example"); err != nil || u != testVerifyBase+certification.CertificateVerifyPath(c.ID) {
		t.Errorf("VerifyURL = %q, %v; want the signed base's", u, err)
	}
	if u, _ := newTestCertificateV3(t).VerifyURL("https://pcf.example.org"); u != "https://pcf.example.org"+certification.CertificateVerifyPath(c.ID) {
		t.Errorf("format 3 VerifyURL = %q, want the caller's base", u)
	}
	for name, edit := range map[string][]byte{
		"format 3 with verify_base": bytes.Replace(b, []byte("pcf-certificate/4"), []byte("pcf-certificate/3"), 1),
		"format 4 without it":       bytes.Replace(b, []byte(`,"verify_base":"`+testVerifyBase+`"`), nil, 1),
	} {
		if _, err := certification.UnmarshalCanonicalCertificate(edit); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
}

// Ensure Validate holds a format-4 certificate's base to what a QR code
// may lead to, and refuses a base in earlier formats, whose encodings
// would drop it.
func TestCertificate_ValidateFormat4(t *testing.T) {
	checkValidateRefuses(t, newTestCertificateV4, []certEdit{
		{"ErrNoBase", func(c *certification.Certificate) { c.VerifyBase = "" }, "verify_base"},
		{"ErrTrailingSlash", func(c *certification.Certificate) { c.VerifyBase += "/" }, "verify_base"},
		{"ErrQuery", func(c *certification.Certificate) { c.VerifyBase += "?x=1" }, "verify_base"},
		{"ErrUserInfo", func(c *certification.Certificate) { c.VerifyBase = "https://pcf.example.cn@evil.example" }, "verify_base"},
		{"ErrLookAlikeHost", func(c *certification.Certificate) { c.VerifyBase = "https://pcf.exаmple.cn" }, "verify_base"}, // Cyrillic а
		{"ErrDotSegment", func(c *certification.Certificate) { c.VerifyBase += "/a/.." }, "verify_base"},
		{"ErrNotHTTP", func(c *certification.Certificate) { c.VerifyBase = "ftp://pcf.example.cn" }, "verify_base"},
		{"ErrFormat3WithBase", func(c *certification.Certificate) { c.Format = 3 }, "verify_base"},
	})
	c := newTestCertificateV4(t)
	c.VerifyBase = "https://gov.example.cn/pcf" // behind a proxy, under a path
	if err := c.Validate(); err != nil {
		t.Errorf("a base with a path prefix: %v", err)
	}
}

// Ensure the signature covers the signed address: a format-4 certificate
// whose verify_base is changed in the signed bytes does not verify.
func TestVerifyCertificate_Format4(t *testing.T) {
	mustSignEdited(t, newTestCertificateV4(t), [][2]string{
		{`"verify_base":"https://pcf.example.cn"`, `"verify_base":"https://pcf.example.co"`},
		{`"pcf-certificate/4"`, `"pcf-certificate/3"`},
	})
}

// Ensure NewCertificate signs the base when the issue gives the service's
// base URL, and none without one (format 6 either way, which signs the
// base when there is one: TestCertificate_MarshalCanonical_Format5).
func TestNewCertificate_Format4(t *testing.T) {
	s := mustDemoStudy(t)
	in := testInput(s, "CDPCF-2026-000009")
	c, err := certification.NewCertificate(in)
	if err != nil || c.Format != 7 || c.VerifyBase != "" {
		t.Fatalf("without a base: format %d, base %q, %v", c.Format, c.VerifyBase, err)
	}
	in.VerifyBase = testVerifyBase
	if c, err = certification.NewCertificate(in); err != nil || c.Format != 7 || c.VerifyBase != testVerifyBase {
		t.Fatalf("with a base: %+v, %v", c, err)
	}
	in.VerifyBase = "https://pcf.example.cn@evil.example"
	_, err = certification.NewCertificate(in)
	checkInvalid(t, err, "verify_base", "")
}

// Ensure DiffCertificates names verify_base whenever the two bases
// differ, also on a certificate of a format whose encoding has none (a
// value built in memory, which Validate refuses): the shown and signed
// certificates of VerifyCertificate are compared field by field with it.
func TestDiffCertificates_VerifyBase(t *testing.T) {
	v3, other := newTestCertificateV3(t), newTestCertificateV3(t)
	other.VerifyBase = "https://evil.example"
	if got := certification.DiffCertificates(v3, other); len(got) != 1 || got[0] != "verify_base" {
		t.Errorf("format 3, another base: diff %v, want [verify_base]", got)
	}
	v4, moved := newTestCertificateV4(t), newTestCertificateV4(t)
	moved.VerifyBase = "https://pcf.example.org"
	if got := certification.DiffCertificates(v4, moved); len(got) != 1 || got[0] != "verify_base" {
		t.Errorf("format 4, another base: diff %v, want [verify_base]", got)
	}
}

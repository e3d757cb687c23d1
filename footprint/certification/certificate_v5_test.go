package certification_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// newTestCertificateV5 is newTestCertificateV4 in format 5, its DQR (2.1)
// covering 12.5 % of the total.
func newTestCertificateV5(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificateV4(tb)
	c.Format, c.DQRCoveragePct = 5, 12.5
	return c
}

// Ensure format 5 is format 4 with the key "dqr_coverage_pct" after "dqr"
// (and format 3 with it when the service signs no address: "verify_base"
// is then absent), reads back to the same bytes, and that the strict
// decoder refuses the key in format 4, its absence in format 5, and an
// empty "verify_base" (which would re-encode without it).
func TestCertificate_MarshalCanonical_Format5(t *testing.T) {
	c := newTestCertificateV5(t)
	b := mustCanonical(t, c)
	if !bytes.Contains(b, []byte(`"dqr":2.1,"dqr_coverage_pct":12.5,"electricity"`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/5"`)) {
		t.Fatalf("format 5 encoding:\n%s", b)
	}
	checkRoundTrip(t, b, c)
	as4 := bytes.Replace(bytes.Replace(b, []byte(`,"dqr_coverage_pct":12.5`), nil, 1), []byte("pcf-certificate/5"), []byte("pcf-certificate/4"), 1)
	if v4 := mustCanonical(t, newTestCertificateV4(t)); !bytes.Equal(as4, v4) {
		t.Errorf("format 5 is not format 4 plus dqr_coverage_pct:\n%s\n%s", as4, v4)
	}

	local := newTestCertificateV5(t)
	local.VerifyBase = ""
	lb := mustCanonical(t, local)
	checkRoundTrip(t, lb, local)
	as3 := bytes.Replace(bytes.Replace(lb, []byte(`,"dqr_coverage_pct":12.5`), nil, 1), []byte("pcf-certificate/5"), []byte("pcf-certificate/3"), 1)
	if v3 := mustCanonical(t, newTestCertificateV3(t)); !bytes.Equal(as3, v3) {
		t.Errorf("format 5 without an address is not format 3 plus dqr_coverage_pct:\n%s\n%s", as3, v3)
	}

	for name, edit := range map[string][]byte{
		"format 4 with dqr_coverage_pct": bytes.Replace(b, []byte("pcf-certificate/5"), []byte("pcf-certificate/4"), 1),
		"format 5 without it":            bytes.Replace(b, []byte(`,"dqr_coverage_pct":12.5`), nil, 1),
		"format 5 with verify_base \"\"": append(bytes.TrimSuffix(lb, []byte("}")), `,"verify_base":""}`...),
		"format 5, coverage 12.50":       bytes.Replace(b, []byte(`"dqr_coverage_pct":12.5`), []byte(`"dqr_coverage_pct":12.50`), 1),
	} {
		if _, err := certification.UnmarshalCanonicalCertificate(edit); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
}

// Ensure Validate holds a format-5 certificate's coverage to a share of
// the total that goes with its DQR, and refuses a coverage in an earlier
// format, whose encoding would drop it.
func TestCertificate_ValidateFormat5(t *testing.T) {
	checkValidateRefuses(t, newTestCertificateV5, []certEdit{
		{"ErrOver100", func(c *certification.Certificate) { c.DQRCoveragePct = 100.5 }, "dqr_coverage_pct"},
		{"ErrNegative", func(c *certification.Certificate) { c.DQRCoveragePct = -1 }, "dqr_coverage_pct"},
		{"ErrNaN", func(c *certification.Certificate) { c.DQRCoveragePct = math.NaN() }, "dqr_coverage_pct"},
		{"ErrRatedCoveringNothing", func(c *certification.Certificate) { c.DQRCoveragePct = 0 }, "dqr_coverage_pct"},
		{"ErrCoverageWithoutDQR", func(c *certification.Certificate) { c.DQR = 0 }, "dqr_coverage_pct"},
		{"ErrFormat4WithCoverage", func(c *certification.Certificate) { c.Format = 4 }, "dqr_coverage_pct"},
		{"ErrBadBase", func(c *certification.Certificate) { c.VerifyBase = "ftp://pcf.example.cn" }, "verify_base"},
	})
	c := newTestCertificateV5(t)
	c.DQR, c.DQRCoveragePct = 0, 0 // not rated
	if err := c.Validate(); err != nil {
		t.Errorf("not rated: %v", err)
	}
}

// Ensure the signature covers the coverage: a format-5 certificate whose
// dqr_coverage_pct is changed in the signed bytes, or which is relabelled
// format 4, does not verify.
func TestVerifyCertificate_Format5(t *testing.T) {
	mustSignEdited(t, newTestCertificateV5(t), [][2]string{
		{`"dqr_coverage_pct":12.5`, `"dqr_coverage_pct":95`},
		{`"pcf-certificate/5"`, `"pcf-certificate/4"`},
	})
}

// Ensure NewCertificate signs the share of the total the result's DQR
// covers (red team 8: a DQR over one small well-rated line printed as
// the footprint's), at most 100 where the engine's sums leave a rounding
// error above it (the demo module: 100.00000000000003).
func TestNewCertificate_Format5DQRCoverage(t *testing.T) {
	s := mustDemoStudy(t)
	if s.Result.DQR == 0 || s.Result.DQRCoveragePct < 100 {
		t.Fatalf("the demo result: DQR %v over %v %%", s.Result.DQR, s.Result.DQRCoveragePct)
	}
	c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
	if c.Format != 7 || c.DQRCoveragePct != 100 {
		t.Errorf("demo: format %d, coverage %v, want 7 and 100", c.Format, c.DQRCoveragePct)
	}
	s.Result.DQR, s.Result.DQRLevel, s.Result.DQRCoveragePct = 1.2, "excellent", 4.5
	c = mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
	if c.DQRCoveragePct != 4.5 || !bytes.Contains(mustCanonical(t, c), []byte(`"dqr":1.2,"dqr_coverage_pct":4.5,`)) {
		t.Errorf("one small line rated: coverage %v, want 4.5 signed", c.DQRCoveragePct)
	}
}

// Ensure DiffCertificates names dqr_coverage_pct whenever the two
// coverages differ, also on a certificate of a format whose encoding has
// none (a value built in memory, which Validate refuses).
func TestDiffCertificates_DQRCoverage(t *testing.T) {
	v4, other := newTestCertificateV4(t), newTestCertificateV4(t)
	other.DQRCoveragePct = 90
	if got := certification.DiffCertificates(v4, other); len(got) != 1 || got[0] != "dqr_coverage_pct" {
		t.Errorf("format 4, a coverage set: diff %v, want [dqr_coverage_pct]", got)
	}
	v5, moved := newTestCertificateV5(t), newTestCertificateV5(t)
	moved.DQRCoveragePct = 95
	if got := certification.DiffCertificates(v5, moved); len(got) != 1 || got[0] != "dqr_coverage_pct" {
		t.Errorf("format 5, another coverage: diff %v, want [dqr_coverage_pct]", got)
	}
}

// The level names a caller reads are a copy: a program changing them (a
// plug-in wording "良好 good" as "优秀") cannot change what every document
// and the verification page print for the signed DQR.
func TestDQRLevelsZH_ACopy(t *testing.T) {
	levels := certification.DQRLevelsZH()
	if levels["good"] != "良好" || len(levels) != 5 {
		t.Fatalf("levels = %v", levels)
	}
	levels["good"] = "优秀"
	c := &certification.Certificate{Format: 4, DQR: 2.04}
	if got := c.PrintedDQR(); got != "DQR 2.04 良好 good" {
		t.Errorf("PrintedDQR after a caller changed its copy = %q", got)
	}
}

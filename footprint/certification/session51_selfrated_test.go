package certification_test

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a certificate says how much of its DQR rests on the study's own
// scores (session 51). The demo module with every line rated 1/1/1/1
// prints DQR 1.00 "excellent" over the whole total, on nothing but its own
// word: its certificate is of format 8, signs the share the result gives
// (all of it), and prints it beside the DQR in both languages. The laptop
// so rated rests in part on the factor set (its use stage takes no dq), and
// says that part; an honest study, rated by its factors only, is of format
// 7 and prints as before.
func TestSession51_CertificateSignsSelfRatedShare(t *testing.T) {
	for _, study := range []string{"pv-module", "laptop"} {
		t.Run(study, func(t *testing.T) {
			s := seedtest.Stored(t, study, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine)
			r := s.Result
			if !(r.DQR > 0 && r.DQRSelfRatedPct > 0 && r.DQRSelfRatedPct <= 100) {
				t.Fatalf("result: DQR %v, self-rated %v %%, want a DQR with a share from 0 to 100 %% rated by the study", r.DQR, r.DQRSelfRatedPct)
			}
			c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000051"))
			if c.Format != 8 || c.DQRSelfRatedPct != r.DQRSelfRatedPct || c.DQR != r.DQR {
				t.Fatalf("format %d, DQR %v, self-rated %v %%; want 8, %v, %v %%", c.Format, c.DQR, c.DQRSelfRatedPct, r.DQR, r.DQRSelfRatedPct)
			}
			zh, en := certification.DQRSelfRatedText(r.DQRSelfRatedPct)
			printed := c.PrintedDQR()
			if !strings.Contains(printed, zh+" / "+en) || strings.Index(printed, zh) < strings.Index(printed, "DQR ") {
				t.Errorf("printed DQR %q does not say, after the DQR, %q / %q", printed, zh, en)
			}
			t.Logf("%s: %s", study, printed)
			b, err := c.MarshalCanonical()
			if err != nil {
				t.Fatal(err)
			}
			if want := `"dqr_self_rated_pct":` + strconv.FormatFloat(r.DQRSelfRatedPct, 'g', -1, 64); !bytes.Contains(b, []byte(want)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/8"`)) {
				t.Errorf("canonical encoding lacks %s or the format-8 tag: %s", want, b)
			}
			back, err := certification.UnmarshalCanonicalCertificate(b)
			if err != nil || back.DQRSelfRatedPct != c.DQRSelfRatedPct || back.Format != 8 {
				t.Errorf("decoded: %v, %+v", err, back)
			}

			honest := seedtest.Stored(t, study, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
			hc := mustNewCertificate(t, testInput(honest, "CDPCF-2026-000052"))
			if hc.Format != 7 || hc.DQRSelfRatedPct != 0 || honest.Result.DQRSelfRatedPct != 0 || strings.Contains(hc.PrintedDQR(), "自评") {
				t.Errorf("honest %s: format %d, self-rated %v %% (result %v %%), printed %q; want 7, 0, nothing said", study, hc.Format, hc.DQRSelfRatedPct, honest.Result.DQRSelfRatedPct, hc.PrintedDQR())
			}
		})
	}
}

// Ensure the demo module rated by its own scores on all its lines rests
// its whole DQR on them, and the laptop exactly on all but its use stage,
// which no dq rates: the share is the rated weight of the lines the study
// scored over the DQR's, computed here from the result's own leaves.
func TestSession51_SelfRatedShareIsTheScoredLinesWeight(t *testing.T) {
	pv := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine).Result
	if pv.DQRSelfRatedPct != 100 || footprint.DQRLevel(pv.DQR) != "excellent" {
		t.Errorf("demo module rated 1/1/1/1: DQR %v (%s), self-rated %v %%, want excellent on 100 %% self-rated", pv.DQR, footprint.DQRLevel(pv.DQR), pv.DQRSelfRatedPct)
	}
	lt := seedtest.Stored(t, "laptop", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine).Result
	i := slices.IndexFunc(lt.Lines, func(c *footprint.Contribution) bool { return c.Kind == footprint.ContribUse })
	if i < 0 || !(lt.Lines[i].DQR > 0) {
		t.Fatalf("the laptop has no rated use stage: %+v", lt.Lines)
	}
	// Every rated line but the use stage is the study's: the use stage's
	// share of the rated weight is what is not.
	want := 100 - lt.Lines[i].SharePct/lt.DQRCoveragePct*100
	if d := lt.DQRSelfRatedPct - want; d > 1e-6 || d < -1e-6 {
		t.Errorf("laptop: self-rated %v %%, want %v %% (all but the use stage's %v %% of the total, of %v %% rated)", lt.DQRSelfRatedPct, want, lt.Lines[i].SharePct, lt.DQRCoveragePct)
	}
	t.Logf("demo module DQR %.4g, self-rated %v %%; laptop DQR %.4g, self-rated %.4g %%", pv.DQR, pv.DQRSelfRatedPct, lt.DQR, lt.DQRSelfRatedPct)
}

// Ensure a format-8 signature covers the self-rated share: a certificate
// whose share was lowered (to pass its DQR off as the set's) does not
// verify, and DiffCertificates names the field.
func TestSession51_SelfRatedShareIsSigned(t *testing.T) {
	s := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine)
	c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000053"))
	was := `"dqr_self_rated_pct":` + strconv.FormatFloat(c.DQRSelfRatedPct, 'g', -1, 64)
	mustSignEdited(t, c, [][2]string{{was, `"dqr_self_rated_pct":0.5`}})
	other := *c
	other.DQRSelfRatedPct = 0.5
	if got := certification.DiffCertificates(c, &other); !slices.Equal(got, []string{"dqr_self_rated_pct"}) {
		t.Errorf("DiffCertificates = %v, want [dqr_self_rated_pct]", got)
	}
}

// Ensure Validate keeps the self-rated share where its format has it:
// from 0 to 100 %, of a DQR, in format 8 only, and always in format 8.
func TestSession51_ValidateSelfRatedShare(t *testing.T) {
	newCert := func(tb testing.TB) *certification.Certificate {
		s := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine)
		return mustNewCertificate(tb, testInput(s, "CDPCF-2026-000054"))
	}
	checkValidateRefuses(t, newCert, []certEdit{
		{"ErrAbove100", func(c *certification.Certificate) { c.DQRSelfRatedPct = 100.5 }, "dqr_self_rated_pct"},
		{"ErrNegative", func(c *certification.Certificate) { c.DQRSelfRatedPct = -1 }, "dqr_self_rated_pct"},
		{"ErrFormat7", func(c *certification.Certificate) { c.Format = 7 }, "dqr_self_rated_pct"},
		{"ErrFormat8WithNone", func(c *certification.Certificate) { c.DQRSelfRatedPct = 0 }, "dqr_self_rated_pct"},
		{"ErrWithoutDQR", func(c *certification.Certificate) { c.DQR, c.DQRCoveragePct = 0, 0 }, "dqr_self_rated_pct"},
	})
}

// Ensure the printed share never reads smaller than signed, nor all of the
// DQR when part of it is the set's.
func TestSession51_FormatDQRSelfRatedPct(t *testing.T) {
	for _, tt := range []struct {
		pct  float64
		want string
	}{
		{100, "100 %"}, {45.61, "45.7 %"}, {99.97, "99.97 %"}, {99.9999, "99.9999 %"}, {0.01234, "0.0124 %"}, {12.3, "12.3 %"}, {0, "0 %"},
	} {
		if got := certification.FormatDQRSelfRatedPct(tt.pct); got != tt.want {
			t.Errorf("FormatDQRSelfRatedPct(%v) = %q, want %q", tt.pct, got, tt.want)
		}
	}
}

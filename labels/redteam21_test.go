package labels

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Red team 21 (forger): documents the verifier judges by when their
// layout was written, found wrong both ways. These tests fail while the
// attack works; they assert what a correct verifier does.

// redteam21Signed signs c, issued at issued, with a key created an hour
// before, and returns it with the keys that verify it.
func redteam21Signed(t *testing.T, c *certification.Certificate, issued time.Time) (*certification.SignedCertificate, []certification.PublicKey) {
	t.Helper()
	c.Supersedes, c.SupersedesNumber, c.Revision = [16]byte{}, "", 1
	c.IssuedAt = issued.UTC()
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 2)
	key := footprinttest.Key(t, "red team 21", c.IssuedAt.Add(-time.Hour))
	return footprinttest.Sign(t, c, key), []certification.PublicKey{key.PublicKey()}
}

// Red team 21, a false alarm on every genuine document of a day's issues:
// layout 4 (commit f0ff865, "document layout 4 prints the DQR to two
// decimals …") reached the repository on 2026-12-04 at 17:38 UTC, which is
// 01:38 on 2026-12-05 in China, but layoutV4Since refuses a layout-3
// document of any certificate issued from 2026-12-05 00:00 China time
// (16:00 UTC) on. A service running the code of the day before the
// release (every deployment, since none can run a release before it
// exists, and any deployment upgraded later still) issued certificates
// from 16:00 UTC on and served their documents in layout 3, the only one it
// had; pcf verify and VerifyPDF now call each of those downloads "not
// genuine" ("the document is in layout pcf-document/3, which was replaced
// on 2026-12-04, before the certificate was issued"). A competitor who
// holds such a PDF shows a buyer that the certificate "fails
// verification". The same holds for every deployment upgraded to layout 4
// after the fixed date: the gate is a calendar instant in the verifier, not
// something the certificate signs. A correct verifier accepts the
// document the issuing service wrote (the gate must follow something
// signed, such as the certificate's format or engine version, or at least
// come after the release). Fix in labels/render.go (layoutReplaced).
func TestRedteam21_Layout3DocumentIssuedBeforeLayout4WasReleased(t *testing.T) {
	r := mustTestRenderer(t)
	// Issued at 17:00 UTC, 38 minutes before layout 4 existed anywhere.
	sc, keys := redteam21Signed(t, demoLikeCertificate(), time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC))
	url := "https://pcf.example.cn" + certification.CertificateVerifyPath(sc.Certificate.ID)
	for _, kind := range []string{kindCertificate, kindLabel} {
		p := docParams{layout: layoutV3, kind: kind, verifyURL: url}
		if kind == kindCertificate {
			p.status = certification.CertificateValid
		}
		// What the service, then in layout 3, served for the download.
		issued, _, err := r.renderDocument(context.Background(), sc, p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.VerifyPDF(issued, keys); err != nil {
			t.Errorf("the %s the service issued at 17:00 UTC on 2026-12-04 (layout 3, before layout 4 was released) is refused: %v", kind, err)
		}
	}
}

// Red team 21: a document in a layout the service never wrote for a
// certificate of its format verifies as genuine. Certificate format 4
// (verify_base, commit 4cbaefe, 2026-12-03 11:06 UTC) came after layout 3
// (commit a1a854a, 08:02 UTC the same day): no format-4 certificate was
// ever served in layout 2. But layout 2 is accepted for any certificate
// issued before 2026-12-04 00:00 China time (16:00 UTC on 12-03), so a
// format-4 certificate issued at 12:00 UTC can be rendered again by anyone
// in layout 2, and VerifyPDF and pcf verify call it genuine. Layout 2 lacks
// what layout 3 added against misreading: the note under the green-power
// instruments that their MWh are the whole purchase, not one module's
// ("绿证 GEC-DEMO-2025-000001 1000 MWh" on a certificate of one module
// reads as a module made on 1,000 MWh of green power), and the label's
// bilingual certifier caption. A correct verifier refuses a layout older
// than the certificate's format (format 4: layout 3 or later). Fix in
// labels/render.go (the layout gate, by format as well as by date).
func TestRedteam21_Layout2DocumentOfAFormat4Certificate(t *testing.T) {
	r := mustTestRenderer(t)
	c := demoLikeCertificateV2()
	c.Format, c.EngineVersion, c.VerifyBase = 4, "footprint/2", "https://pcf.example.cn"
	c.Factors = []certification.CertificateFactor{
		{Code: "CPCD-46410X0212023C", NameZH: "PERC 太阳电池", Set: c.FactorSet, KgCO2e: 144, SharePct: 96, Grade: "C", Source: "CPCD 46410X0212023C"},
		{Code: "ELEC-CN-NAT-CF-2024", NameZH: "全国电力平均碳足迹因子（2024）", NameEN: "China national grid electricity, life cycle (2024)", Set: c.FactorSet,
			Grid: true, KgCO2e: 2.76, SharePct: 1.84, Grade: "A", Source: "MEE 2024"},
	}
	sc, keys := redteam21Signed(t, c, time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC))
	url, err := sc.Certificate.VerifyURL("")
	if err != nil {
		t.Fatal(err)
	}
	p := docParams{layout: layoutV3, kind: kindCertificate, status: certification.CertificateValid, verifyURL: url}
	issued, d3, err := r.renderDocument(context.Background(), sc, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.VerifyPDF(issued, keys); err != nil {
		t.Fatalf("the layout-3 document the service issued: %v", err)
	}
	if !redteam21Draws(d3, "total purchase for the reference period") {
		t.Fatal("test premise: layout 3 prints the note on the instruments' MWh")
	}
	for _, kind := range []string{kindCertificate, kindLabel} {
		p := docParams{layout: layoutV2, kind: kind, verifyURL: url}
		if kind == kindCertificate {
			p.status = certification.CertificateValid
		}
		forged, d2, err := r.renderDocument(context.Background(), sc, p)
		if err != nil {
			t.Fatal(err)
		}
		if kind == kindCertificate && redteam21Draws(d2, "total purchase for the reference period") {
			t.Fatal("test premise: layout 2 prints no note on the instruments' MWh")
		}
		if _, err := r.VerifyPDF(forged, keys); err == nil {
			t.Errorf("a layout-2 %s of a format-4 certificate (a document the service never wrote for it) verifies as genuine", kind)
		}
	}
}

// redteam21Draws reports whether drawing d shows a text containing s.
func redteam21Draws(d *drawing, s string) bool {
	for _, page := range d.pages {
		for _, o := range page {
			if o.kind == opText && strings.Contains(o.s, s) {
				return true
			}
		}
	}
	return false
}

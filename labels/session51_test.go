package labels_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
)

// selfRated returns the demo study name with every line that takes dq
// scores rated 1/1/1/1, stored and certified (format 8 when the DQR rests
// on those scores, footprinttest.CertificateInput), signed by the test key,
// with its verification address signed when base is not "".
func selfRated(t *testing.T, name, base string, rate bool) fixture {
	t.Helper()
	mutate := footprinttest.RateEveryLine
	if !rate {
		mutate = nil
	}
	s := seedtest.Stored(t, name, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", mutate)
	in := footprinttest.CertificateInput(s, uuid.MustParse("2b9d7c1e-5f4a-4e3b-9c8d-1a2b3c4d5e6f"), "CDPCF-2026-000051", time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC), "ab")
	in.VerifyBase = base
	return signedFixture(t, footprinttest.NewCertificate(t, in))
}

// oneLine is a document's text, as pdftotext extracts it, its words
// joined by single spaces.
func oneLine(t *testing.T, pdf []byte) string {
	return strings.Join(strings.Fields(pdftotextLayout(t, pdf)), " ")
}

// Ensure the certificate of a study rated by its own scores says so
// beside the DQR, in Chinese and in English (session 51): the demo module
// with every line rated dq 1/1/1/1 prints DQR 1.00 "excellent", and now
// that all of it is self-rated; the laptop so rated, the share its own
// scores carry; a study rated by its factors only, nothing more than
// before. Each document verifies. The label prints no DQR, so nothing of
// it.
func TestSession51_DocumentsPrintSelfRatedShare(t *testing.T) {
	for _, tc := range []struct {
		study string
		rate  bool
	}{{"pv-module", true}, {"laptop", true}, {"pv-module", false}} {
		t.Run(tc.study+map[bool]string{true: "/self-rated", false: "/honest"}[tc.rate], func(t *testing.T) {
			f := selfRated(t, tc.study, "https://pcf.example.cn", tc.rate)
			c := f.sc.Certificate
			cert, label := renderCert(t, f.sc), renderLabel(t, f.sc)
			checkGenuine(t, f, cert, label)
			// Compared without spaces: pdftotext puts one where a line
			// breaks between two Chinese characters.
			text := strings.Join(strings.Fields(pdftotextLayout(t, cert)), "")
			zh, en := certification.DQRSelfRatedText(c.DQRSelfRatedPct)
			zh, en = strings.Join(strings.Fields(zh), ""), strings.Join(strings.Fields(en), "")
			if !tc.rate {
				if c.Format != 7 || strings.Contains(text, "自评") || strings.Contains(text, "self-rated") {
					t.Errorf("format %d; an honest certificate prints a self-rated share: %s", c.Format, text)
				}
				return
			}
			dqr := "DQR" + certification.FormatDQR(c.DQR)
			if c.Format != 8 || !strings.Contains(text, dqr) || !strings.Contains(text, zh) || !strings.Contains(text, en) ||
				strings.Index(text, zh) < strings.Index(text, dqr) {
				t.Errorf("format %d; the certificate does not print %q and, after %q, %q / %q:\n%s", c.Format, dqr, dqr, zh, en, text)
			}
			if l := oneLine(t, label); strings.Contains(l, "DQR") || strings.Contains(l, "自评") {
				t.Errorf("the label prints a DQR: %s", l)
			}
			t.Logf("%s: %s", tc.study, c.PrintedDQR())
		})
	}
}

// Ensure the label and the certificate print the host their QR code leads
// to, under it, scheme-less (session 51), and that a verifier refuses one
// whose printed host was changed, whose QR code was swapped for one to
// another host, or that a forger rendered whole for a look-alike host of a
// certificate that signs its address.
func TestSession51_PrintedHost(t *testing.T) {
	ctx := context.Background()
	r := mustRenderer(t)
	f := selfRated(t, "pv-module", "https://pcf.example.cn", true)
	genuineURL, err := f.sc.Certificate.VerifyURL("")
	if err != nil {
		t.Fatal(err)
	}
	lookAlike := "https://pcf-example.cn" + certification.CertificateVerifyPath(f.sc.Certificate.ID)
	for _, tc := range []struct {
		name   string
		render func(url string) ([]byte, error)
	}{
		{"label", func(u string) ([]byte, error) { return r.RenderLabelPDF(ctx, f.sc, u) }},
		{"certificate", func(u string) ([]byte, error) {
			return r.RenderCertificatePDF(ctx, f.sc, certification.CertificateValid, u)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := tc.render(genuineURL)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(pdf, []byte("(pcf-document/9 ")) {
				t.Fatal("not of layout pcf-document/9")
			}
			if text := pdftotextLayout(t, pdf); !strings.Contains(text, "pcf.example.cn\n") && !strings.Contains(text, "pcf.example.cn ") {
				t.Errorf("the %s does not print the host pcf.example.cn on its own:\n%s", tc.name, text)
			}
			if rep, err := r.VerifyPDF(pdf, f.keys()); err != nil || !rep.OK() || len(rep.Differences) != 0 {
				t.Fatalf("genuine %s: %v %+v", tc.name, err, rep)
			}

			refused := func(what string, forged []byte, want string) {
				t.Helper()
				_, err := r.VerifyPDF(forged, f.keys())
				if err == nil || !slices.Contains(fieldsOf(err), "verify_url") || !strings.Contains(err.Error(), want) {
					t.Errorf("%s: %v, want refused naming verify_url and %q", what, err, want)
				}
			}
			// The printed host changed, the QR code and the document
			// information left as issued.
			printed := contentWith(func(*genuine) []byte { return pdf }, "(pcf.example.cn) Tj", replaceText("pcf.example.cn", "pcf-example.cn"))(t, nil)
			refused("printed host changed", printed, "prints the host pcf-example.cn under the QR code, which leads to pcf.example.cn")

			// The QR code swapped for one to the look-alike host.
			other, err := tc.render(lookAlike)
			if err != nil {
				t.Fatal(err)
			}
			num, mine := imageStream(t, pdf)
			_, theirs := imageStream(t, other)
			o := objectText(t, pdf, num)
			swapped := bytes.Replace(pdf, []byte(o), bytes.Replace([]byte(o), mine, theirs, 1), 1)
			refused("QR code swapped", swapped, "QR code")

			// The whole document rendered for the look-alike host (QR code,
			// printed host and document information agree): the
			// certificate signs its address.
			refused("rendered for a look-alike host", other, "where the certificate signs its verification page at pcf.example.cn")
		})
	}
}

// Ensure a host too long to print whole under the label's QR code in
// legible type is refused at rendering, never cut; and that a label of a
// certificate that does not sign its address (a service in local mode)
// prints the host it was rendered for, so that a reader sees where it
// leads even where no signature can say it is wrong.
func TestSession51_HostWholeOrRefused(t *testing.T) {
	ctx := context.Background()
	r := mustRenderer(t)
	f := selfRated(t, "pv-module", "", true)
	id := f.sc.Certificate.ID
	long := "https://" + strings.Repeat("verification-service.", 6) + "example.cn" + certification.CertificateVerifyPath(id)
	if _, err := r.RenderLabelPDF(ctx, f.sc, long); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "verify_url" {
		t.Errorf("label for a %d-character host: %v, want EINVALID naming verify_url", len(long)-len("https://")-len(certification.CertificateVerifyPath(id)), err)
	}
	lookAlike := "https://pcf-example.cn" + certification.CertificateVerifyPath(id)
	label, err := r.RenderLabelPDF(ctx, f.sc, lookAlike)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.VerifyPDF(label, f.keys())
	if err != nil || rep.Document.VerifyURL != lookAlike {
		t.Fatalf("unsigned address: %v, QR code to %q", err, rep.Document.VerifyURL)
	}
	if text := pdftotextLayout(t, label); !strings.Contains(text, "pcf-example.cn") {
		t.Errorf("the label does not print the host it leads to, pcf-example.cn:\n%s", text)
	}
	// Two lines of a long host that still fits are printed whole.
	mid := "https://pcf-verification.chengdu-carbon.example.cn" + certification.CertificateVerifyPath(id)
	label, err = r.RenderLabelPDF(ctx, f.sc, mid)
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdftotextLayout(t, label)), ""); !strings.Contains(text, "pcf-verification.chengdu-carbon.example.cn") {
		t.Errorf("the label does not print the host whole:\n%s", pdftotextLayout(t, label))
	}
	if _, err := r.VerifyPDF(label, f.keys()); err != nil {
		t.Errorf("label for %s: %v", mid, err)
	}
}

// Ensure documents rendered in layout pcf-document/8 (testdata/document8,
// as downloaded until layout pcf-document/9) still verify byte for byte,
// and that a format-8 certificate has no document of an earlier layout,
// which would not print its self-rated share.
func TestVerifyPDF_Layout8AsIssued(t *testing.T) {
	checkLayoutAsIssued(t, "document8", "pcf-document/8", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf",
		"certificate.pdf", "label.pdf")
	if labels.DocumentFormat != "pcf-document/9" {
		t.Errorf("DocumentFormat %s, want pcf-document/9", labels.DocumentFormat)
	}
}

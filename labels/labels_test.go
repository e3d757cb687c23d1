package labels_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
	"github.com/jung-kurt/gofpdf"
)

var update = flag.Bool("update", false, "update golden files")

var issued = time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)

// newCertificate returns a certificate of a fictitious PV module
// (footprinttest.Certificate) whose per-m² figure is labelled per m² of
// module area. Its figures are test data, not results of any real study.
func newCertificate() *certification.Certificate {
	c := footprinttest.Certificate()
	c.PerUnit[1].LabelZH, c.PerUnit[1].LabelEN = "每平方米组件面积", "per m² module area"
	return c
}

var renderer = sync.OnceValues(labels.NewRenderer)

func mustRenderer(tb testing.TB) *labels.Renderer {
	tb.Helper()
	r, err := renderer()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func verifyURL(c *certification.Certificate) string {
	u, _ := certification.CertificateVerifyURL("https://pcf.example.cn", c.ID)
	return u
}

// fixture is a signed test certificate and its key.
type fixture struct {
	key *certification.SigningKey
	sc  *certification.SignedCertificate
}

func newFixture(tb testing.TB) fixture { return signedFixture(tb, newCertificate()) }

// signedFixture is c signed by the test key.
func signedFixture(tb testing.TB, c *certification.Certificate) fixture {
	key := footprinttest.Key(tb, "test key 1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return fixture{key: key, sc: footprinttest.Sign(tb, c, key)}
}

func (f fixture) keys() []certification.PublicKey {
	return []certification.PublicKey{f.key.PublicKey()}
}

// checkGenuine requires the certificate and the label of f, as rendered,
// to verify with no difference.
func checkGenuine(t *testing.T, f fixture, cert, label []byte) {
	t.Helper()
	for name, doc := range map[string][]byte{"certificate": cert, "label": label} {
		if rep, err := labels.VerifyPDF(doc, f.keys()); err != nil || !rep.OK() || len(rep.Differences) != 0 {
			t.Errorf("genuine %s: %v %+v", name, err, rep)
		}
	}
}

// mustRender renders a document of sc with a Renderer of the embedded fonts
// and the certificate's verification URL.
func mustRender(tb testing.TB, sc *certification.SignedCertificate, render func(r *labels.Renderer, ctx context.Context, sc *certification.SignedCertificate, url string) ([]byte, error)) []byte {
	tb.Helper()
	b, err := render(mustRenderer(tb), context.Background(), sc, verifyURL(sc.Certificate))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func renderCert(tb testing.TB, sc *certification.SignedCertificate) []byte {
	tb.Helper()
	return mustRender(tb, sc, func(r *labels.Renderer, ctx context.Context, sc *certification.SignedCertificate, url string) ([]byte, error) {
		return r.RenderCertificatePDF(ctx, sc, certification.CertificateValid, url)
	})
}

func renderLabel(tb testing.TB, sc *certification.SignedCertificate) []byte {
	tb.Helper()
	return mustRender(tb, sc, (*labels.Renderer).RenderLabelPDF)
}

func renderLabelPNG(tb testing.TB, sc *certification.SignedCertificate) []byte {
	tb.Helper()
	return mustRender(tb, sc, (*labels.Renderer).RenderLabelPNG)
}

// golden compares got with testdata/name byte for byte, or rewrites the file
// with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./labels -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		out := filepath.Join(t.TempDir(), name)
		os.WriteFile(out, got, 0o644)
		t.Fatalf("%s differs from the golden file (%d bytes, want %d); got written to %s; review and run with -update if intended",
			name, len(got), len(want), out)
	}
}

// Ensure every embedded font file parses in gofpdf and in the renderer, and
// ships with its licences.
func TestEmbeddedFonts(t *testing.T) {
	fonts, err := filepath.Glob("fonts/*.ttf")
	if err != nil || len(fonts) == 0 {
		t.Fatalf("no fonts found: %v", err)
	}
	for _, path := range fonts {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ttf, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			pdf := gofpdf.New("P", "mm", "A4", "")
			pdf.AddUTF8FontFromBytes("f", "", ttf)
			pdf.SetFont("f", "", 10) // gofpdf parses silently; SetFont fails if parsing did
			if err := pdf.Error(); err != nil {
				t.Fatalf("gofpdf: %v", err)
			}
			if _, err := labels.NewRendererWithFont(ttf); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, lic := range []string{"fonts/LICENSE-DejaVu.txt", "fonts/LICENSE-Droid.txt", "fonts/README.md", "fonts/build.sh"} {
		if fi, err := os.Stat(lic); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", lic, err)
		}
	}
}

// Ensure a font gofpdf cannot use is refused with an error, not accepted
// and later printed as nothing.
func TestNewRendererWithFont_ErrNotTrueType(t *testing.T) {
	if _, err := labels.NewRendererWithFont([]byte("OTTO not really a font")); err == nil {
		t.Fatal("want an error for a non-TrueType font")
	}
}

// Ensure the same certificate renders to the same bytes, with one renderer
// or another.
func TestRender_Deterministic(t *testing.T) {
	f := newFixture(t)
	r2, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		render func(r *labels.Renderer) ([]byte, error)
	}{
		{"certificate.pdf", func(r *labels.Renderer) ([]byte, error) {
			return r.RenderCertificatePDF(ctx, f.sc, certification.CertificateValid, verifyURL(f.sc.Certificate))
		}},
		{"label.pdf", func(r *labels.Renderer) ([]byte, error) {
			return r.RenderLabelPDF(ctx, f.sc, verifyURL(f.sc.Certificate))
		}},
		{"label.png", func(r *labels.Renderer) ([]byte, error) {
			return r.RenderLabelPNG(ctx, f.sc, verifyURL(f.sc.Certificate))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.render(mustRenderer(t))
			if err != nil {
				t.Fatal(err)
			}
			b, err := tt.render(r2)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("two renders differ (%d and %d bytes)", len(a), len(b))
			}
		})
	}
}

// Ensure renders match the golden files byte for byte (run with -update
// after an intended change, and review the new files), and the format-1
// goldens are unchanged by format 2: format 2 added to the renderer changes
// nothing for a format-1 certificate.
func TestRender_Golden(t *testing.T) {
	for _, tt := range []struct {
		name, suffix string
		fixture      func(testing.TB) fixture
	}{
		{"Format1", "", newFixture},
		{"Format2", "-v2", newFixtureV2},
		{"Format3", "-v3", newFixtureV3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.fixture(t)
			golden(t, "certificate"+tt.suffix+".golden.pdf", renderCert(t, f.sc))
			golden(t, "label"+tt.suffix+".golden.pdf", renderLabel(t, f.sc))
			golden(t, "label"+tt.suffix+".golden.png", renderLabelPNG(t, f.sc))
		})
	}
}

// Ensure concurrent renders with one Renderer give the same bytes as a
// sequential one (run with -race).
func TestRenderer_Concurrent(t *testing.T) {
	f := newFixture(t)
	want := renderCert(t, f.sc)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := mustRenderer(t).RenderCertificatePDF(context.Background(), f.sc, certification.CertificateValid, verifyURL(f.sc.Certificate))
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("concurrent render differs")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := lookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(bin, "-enc", "UTF-8", in, "-")
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return out
}

// Ensure the text of the certificate and of the label, as pdftotext
// extracts it, holds the Chinese and English strings and the numbers.
func TestRender_Text(t *testing.T) {
	f := newFixture(t)
	c := f.sc.Certificate
	common := []string{
		"512", "kgCO2e/块", "per module", "摇篮到大门", "Cradle-to-gate", c.Number, "EX-550M", "示例认证中心", "Example Certification Centre",
	}
	for _, tt := range []struct {
		name string
		pdf  []byte
		want []string
	}{
		{"certificate", renderCert(t, f.sc), append([]string{
			"产品碳足迹证书", "Product Carbon Footprint Certificate", c.ID.String(),
			"成都示例光伏科技有限公司", "Chengdu Example PV Technology Co., Ltd.", "双流组件工厂", "单晶硅光伏组件", "Monocrystalline silicon PV module",
			"HS:854143", "原材料获取", "Raw material acquisition", "441", "21.5", "50.0", "86.0 %", "931 kgCO2e/千瓦峰值 per kWp", "198 kgCO2e/平方米组件面积 per m² module area",
			"化石 fossil 500 kgCO2e", "生物源 biogenic 未知 not known", "GB/T 24067-2024", "ISO 14067:2018", "2026.1",
			"GEC-2025-0001", "120 MWh", "DQR 2.1", "64.5 %", "2026-03-02", "2028-03-02", "有效 valid", "CNCA-R-2026-000",
			"结果未扣减任何碳抵消", "No carbon offsets are netted", "ELEC-CN-NAT-CF-2024", f.key.ID, c.ResultDigest,
			verifyURL(c), "认证机构印章",
		}, common...)},
		{"label", renderLabel(t, f.sc), append([]string{
			"产品碳足迹", "Product carbon footprint", "证书编号", "Certificate No.", "认证机构标志", "Certification body mark",
		}, common...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := pdftotext(t, tt.pdf)
			flat := strings.Join(strings.Fields(text), " ")
			for _, s := range tt.want {
				if !strings.Contains(text, s) && !strings.Contains(flat, strings.Join(strings.Fields(s), " ")) {
					t.Errorf("%s text lacks %q", tt.name, s)
				}
			}
			if t.Failed() {
				t.Logf("text:\n%s", text)
			}
		})
	}
}

// Ensure figures are printed with the documented rounding rule.
func TestFormatKgCO2e(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{
		{512, "512"}, {512.4, "512"}, {1234.5, "1235"}, {440.5, "441"}, {21.55, "21.6"}, {21.54, "21.5"}, {50, "50.0"},
		{2.154, "2.15"}, {0.04567, "0.0457"}, {0, "0"}, {-12.34, "-12.3"}, {930.909, "931"},
		// Values that round up across a power of ten keep three figures.
		{99.95, "100"}, {9.996, "10.0"}, {0.0009996, "0.00100"}, {-99.96, "-100"},
	} {
		if got := labels.FormatKgCO2e(tt.in); got != tt.want {
			t.Errorf("FormatKgCO2e(%v)=%q, want %q", tt.in, got, tt.want)
		}
	}
}

// Ensure a certificate with text outside the font is refused, naming the
// field and the characters, rather than printed with empty boxes.
func TestCheckCertificate_MissingGlyphs(t *testing.T) {
	r := mustRenderer(t)
	for _, tt := range []struct {
		name  string
		edit  func(c *certification.Certificate)
		field string
		runes string
	}{
		{"ExtensionB", func(c *certification.Certificate) { c.Product.NameZH = "𠀀光伏组件" }, "product.name_zh", "U+20000"},
		{"ExtensionA", func(c *certification.Certificate) { c.Holder.NameZH = "成都㐀科技有限公司" }, "holder.name_zh", "U+3400"},
		{"Emoji", func(c *certification.Certificate) { c.Sites[0].NameEN = "Plant ☀" }, "sites[0].name_en", "U+2600"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newCertificate()
			tt.edit(c)
			err := r.CheckCertificate(context.Background(), c)
			if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
				t.Fatalf("code=%q (%v), want %q", got, err, want)
			}
			if got := footprint.ErrorField(err); got != tt.field {
				t.Fatalf("field=%q, want %q", got, tt.field)
			}
			if !strings.Contains(err.Error(), tt.runes) {
				t.Fatalf("err=%q does not name %s", err, tt.runes)
			}
			// Rendering refuses it the same way.
			sc := footprinttest.Sign(t, c, newFixture(t).key)
			_, err = r.RenderCertificatePDF(context.Background(), sc, certification.CertificateValid, verifyURL(c))
			if got := footprint.ErrorField(err); got != tt.field {
				t.Fatalf("render: field=%q (%v), want %q", got, err, tt.field)
			}
		})
	}
	if err := r.CheckCertificate(context.Background(), newCertificate()); err != nil {
		t.Fatalf("valid certificate: %v", err)
	}
}

// Ensure bad arguments are EINVALID, never a half-rendered document.
func TestRender_ErrInvalid(t *testing.T) {
	r := mustRenderer(t)
	f := newFixture(t)
	ctx := context.Background()
	url := verifyURL(f.sc.Certificate)
	altered := *f.sc
	c := *f.sc.Certificate
	c.Number = "CDPCF-2026-999999"
	altered.Certificate = &c
	unsigned := *f.sc
	unsigned.Signature = nil
	for _, tt := range []struct {
		name   string
		render func() ([]byte, error)
		field  string
	}{
		{"OtherCertificateURL", func() ([]byte, error) {
			return r.RenderLabelPDF(ctx, f.sc, "https://pcf.example.cn/v1/certificates/"+uuid.NewString()+"/verify")
		}, "verify_url"},
		{"NotHTTP", func() ([]byte, error) {
			return r.RenderLabelPNG(ctx, f.sc, "javascript:alert(1)//v1/certificates/"+f.sc.Certificate.ID.String()+"/verify")
		}, "verify_url"},
		{"UnknownStatus", func() ([]byte, error) { return r.RenderCertificatePDF(ctx, f.sc, "revoked", url) }, "status"},
		{"FieldsDifferFromContent", func() ([]byte, error) {
			return r.RenderCertificatePDF(ctx, &altered, certification.CertificateValid, url)
		}, ""},
		{"Unsigned", func() ([]byte, error) { return r.RenderLabelPDF(ctx, &unsigned, url) }, ""},
		{"Nil", func() ([]byte, error) { return r.RenderLabelPDF(ctx, nil, url) }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.render()
			if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
				t.Fatalf("code=%q (%v), want %q", got, err, want)
			}
			if got := footprint.ErrorField(err); got != tt.field {
				t.Fatalf("field=%q (%v), want %q", got, err, tt.field)
			}
			if b != nil {
				t.Fatal("bytes returned with an error")
			}
		})
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.RenderLabelPDF(cctx, f.sc, url); err != context.Canceled {
		t.Fatalf("cancelled: err=%v, want context.Canceled", err)
	}
}

// Ensure a certificate too long for one page flows onto a second one and
// still verifies.
func TestRenderCertificatePDF_TwoPages(t *testing.T) {
	c := newCertificate()
	c.Stages = nil
	for i := range 24 {
		c.Stages = append(c.Stages, certification.CertificateStage{
			Code: fmt.Sprintf("S%02d", i+1), NameZH: "阶段" + strconv.Itoa(i+1), NameEN: "Stage " + strconv.Itoa(i+1), KgCO2e: float64(i + 1),
		})
	}
	c.KgCO2e = 300 // 1 + … + 24
	for i := range 4 {
		c.Sites = append(c.Sites, certification.CertificateParty{NameZH: "分厂" + strconv.Itoa(i), NameEN: "Branch plant " + strconv.Itoa(i), Address: "四川省成都市示例路" + strconv.Itoa(i) + "号"})
	}
	f := newFixture(t)
	sc := footprinttest.Sign(t, c, f.key)
	pdf := renderCert(t, sc)
	text := pdftotext(t, pdf)
	for _, s := range []string{"S24", "Stage 24", "Page 2/2", "续 continued", "Branch plant 3", "pcf verify"} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q", s)
		}
	}
	if _, err := labels.VerifyPDF(pdf, f.keys()); err != nil {
		t.Fatal(err)
	}
}

// Ensure the signed certificate embedded in a PDF reads back exactly.
func TestExtractSignedCertificate(t *testing.T) {
	f := newFixture(t)
	for name, pdf := range map[string][]byte{"certificate": renderCert(t, f.sc), "label": renderLabel(t, f.sc)} {
		t.Run(name, func(t *testing.T) {
			got, err := labels.ExtractSignedCertificate(pdf)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Content, f.sc.Content) || !bytes.Equal(got.Signature, f.sc.Signature) || got.KeyID != f.sc.KeyID {
				t.Fatal("extracted signed certificate differs from the one rendered")
			}
			if diff := certification.DiffCertificates(got.Certificate, f.sc.Certificate); diff != nil {
				t.Fatalf("fields differ: %v", diff)
			}
		})
	}
	t.Run("ErrNotPDF", func(t *testing.T) {
		if _, err := labels.ExtractSignedCertificate([]byte("hello")); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Fatalf("err=%v, want EINVALID", err)
		}
	})
	t.Run("ErrNoAttachment", func(t *testing.T) {
		pdf := renderCert(t, f.sc)
		pdf = bytes.ReplaceAll(pdf, utf16BE(labels.AttachmentName), utf16BE(strings.Replace(labels.AttachmentName, "pcf", "xyz", 1)))
		_, err := labels.ExtractSignedCertificate(pdf)
		if err == nil || !strings.Contains(err.Error(), "no embedded signed certificate") {
			t.Fatalf("err=%v", err)
		}
	})
}

// Ensure VerifyPDF accepts genuine PDFs and says exactly what is wrong with
// tampered ones.
func TestVerifyPDF(t *testing.T) {
	f := newFixture(t)
	cert, label := renderCert(t, f.sc), renderLabel(t, f.sc)

	t.Run("OK", func(t *testing.T) {
		for name, pdf := range map[string][]byte{"certificate": cert, "label": label} {
			rep, err := labels.VerifyPDF(pdf, f.keys())
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !rep.OK() || len(rep.Fields) < 2 {
				t.Fatalf("%s: report %+v", name, rep)
			}
		}
		rep, _ := labels.VerifyPDF(cert, f.keys())
		if got, want := len(rep.Fields), 6; got != want {
			t.Fatalf("certificate shows %d key fields, want %d", got, want)
		}
	})

	t.Run("ErrFlippedByte", func(t *testing.T) {
		// Ensure one flipped byte in the embedded (compressed) content is
		// reported as an altered attachment.
		i := bytes.Index(cert, []byte("/Type /EmbeddedFile"))
		s := i + bytes.Index(cert[i:], []byte("stream\n")) + len("stream\n")
		bad := bytes.Clone(cert)
		bad[s+40] ^= 0x01
		_, err := labels.VerifyPDF(bad, f.keys())
		if got := footprint.ErrorCode(err); got != footprint.EINVALID {
			t.Fatalf("code=%q (%v)", got, err)
		}
		if !strings.Contains(err.Error(), "embedded certificate") {
			t.Fatalf("err=%q, want it to name the embedded certificate", err)
		}
	})

	t.Run("ErrAlteredContent", func(t *testing.T) {
		// Ensure content re-embedded with a changed field (and a fixed-up
		// checksum) fails the signature, and the page fields that no longer
		// match are named.
		bad := rewriteStreams(t, cert, func(plain []byte) []byte {
			if !bytes.Contains(plain, []byte(`"format":"pcf-signed-certificate/1"`)) {
				return nil
			}
			return bytes.Replace(plain, []byte(`"number":"CDPCF-2026-000123"`), []byte(`"number":"CDPCF-2026-000124"`), 1)
		})
		rep, err := labels.VerifyPDF(bad, f.keys())
		assertVerifyError(t, err, certification.VerifyBadSignature, "signature does not match content (content altered or wrong key)")
		assertVerifyError(t, err, certification.VerifyBadSignature, "certificate number on page (CDPCF-2026-000123) differs from signed content (CDPCF-2026-000124)")
		if rep == nil || rep.Signature == nil {
			t.Fatal("want a report with the signature failure")
		}
	})

	t.Run("ErrEditedPage", func(t *testing.T) {
		// Ensure a page whose printed number and footprint were edited is
		// reported field by field while the signature still verifies.
		bad := rewriteStreams(t, cert, func(plain []byte) []byte {
			if !bytes.Contains(plain, []byte(" Tj")) {
				return nil
			}
			// ASCII is encoded as itself (font 0 of writePDF).
			out := bytes.ReplaceAll(plain, []byte("(CDPCF-2026-000123)"), []byte("(CDPCF-2026-000999)"))
			return bytes.ReplaceAll(out, []byte("(512)"), []byte("(412)"))
		})
		rep, err := labels.VerifyPDF(bad, f.keys())
		assertVerifyError(t, err, certification.VerifyFieldMismatch, "certificate number on page (CDPCF-2026-000999) differs from signed content (CDPCF-2026-000123)")
		assertVerifyError(t, err, certification.VerifyFieldMismatch, "carbon footprint on page (412) differs from signed content (512)")
		if rep.Signature != nil {
			t.Fatalf("signature: %v, want valid", rep.Signature)
		}
		var ve *certification.VerifyError
		if errorAs(err, &ve); strings.Join(ve.Fields, ",") != "number,kg_co2e" {
			t.Fatalf("fields=%v, want [number kg_co2e]", ve.Fields)
		}
	})

	t.Run("ErrFieldRemoved", func(t *testing.T) {
		// Ensure a key field taken off the label is reported as missing.
		bad := rewriteStreams(t, label, func(plain []byte) []byte {
			if !bytes.Contains(plain, []byte(" Tj")) {
				return nil
			}
			return bytes.ReplaceAll(plain, []byte(" Certificate No.)"), []byte(" No.)"))
		})
		_, err := labels.VerifyPDF(bad, f.keys())
		assertVerifyError(t, err, certification.VerifyFieldMismatch, "certificate number is not shown on the page")
	})

	t.Run("ErrWrongKey", func(t *testing.T) {
		other := footprinttest.Key(t, "another key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		_, err := labels.VerifyPDF(label, []certification.PublicKey{other.PublicKey()})
		assertVerifyError(t, err, certification.VerifyUnknownKey, f.key.ID)
	})

	t.Run("RotatedKey", func(t *testing.T) {
		// Ensure a PDF signed with a key that has since been retired still
		// verifies with the published key set, read back from its JWKS.
		retired := f.key.PublicKey()
		retired.Retired = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		newer := footprinttest.Key(t, "test key 2", retired.Retired)
		jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{retired, newer.PublicKey()})
		if err != nil {
			t.Fatal(err)
		}
		keys := footprinttest.PublicKeys(t, jwks)
		if _, err := labels.VerifyPDF(cert, keys); err != nil {
			t.Fatalf("old certificate: %v", err)
		}
		c := newCertificate()
		c.ID = uuid.MustParse("0b8f6c2e-4d1a-4f3b-9c5e-7a6b5c4d3e2f")
		c.Number = "CDPCF-2026-000200"
		c.IssuedAt = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
		c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
		if _, err := labels.VerifyPDF(renderLabel(t, footprinttest.Sign(t, c, newer)), keys); err != nil {
			t.Fatalf("new certificate: %v", err)
		}
		// The retired key signing after its retirement is refused.
		_, err = labels.VerifyPDF(renderLabel(t, footprinttest.Sign(t, c, f.key)), keys)
		assertVerifyError(t, err, certification.VerifyKeyRetired, "retired")
	})
}

func assertVerifyError(t *testing.T, err error, reason, msg string) {
	t.Helper()
	var ve *certification.VerifyError
	if !errorAs(err, &ve) {
		t.Fatalf("err=%v (%T), want a *certification.VerifyError", err, err)
	}
	if ve.Reason != reason {
		t.Fatalf("reason=%q (%v), want %q", ve.Reason, err, reason)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Fatalf("err=%q, want it to contain %q", err, msg)
	}
	if got := footprint.ErrorCode(err); got != footprint.EINVALID {
		t.Fatalf("code=%q, want %q", got, footprint.EINVALID)
	}
}

func utf16BE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

var lengthRe = regexp.MustCompile(`/Length (\d+)`)

// rewriteStreams edits the streams of a gofpdf PDF as a tamperer with a
// text editor and zlib would: edit returns the new plain content of a
// stream, or nil to leave it. Lengths are fixed up, and so are the MD5
// checksum and size of an embedded file.
func rewriteStreams(t *testing.T, pdf []byte, edit func(plain []byte) []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	pos, changed := 0, 0
	for {
		i := bytes.Index(pdf[pos:], []byte("stream\n"))
		if i < 0 {
			break
		}
		i += pos
		hdr := bytes.LastIndex(pdf[:i], []byte(" 0 obj"))
		dict := string(pdf[hdr:i])
		m := lengthRe.FindStringSubmatch(dict)
		if m == nil || strings.HasSuffix(string(pdf[:i]), "end") {
			out.Write(pdf[pos : i+7])
			pos = i + 7
			continue
		}
		n, _ := strconv.Atoi(m[1])
		start := i + len("stream\n")
		data := pdf[start : start+n]
		flate := strings.Contains(dict, "/FlateDecode")
		plain := data
		if flate {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if plain, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if np := edit(plain); np != nil {
			changed++
			nd := np
			if flate {
				var buf bytes.Buffer
				zw := zlib.NewWriter(&buf)
				zw.Write(np)
				zw.Close()
				nd = buf.Bytes()
			}
			dict = strings.Replace(dict, m[0], "/Length "+strconv.Itoa(len(nd)), 1)
			if strings.Contains(dict, "/CheckSum") {
				sum := md5.Sum(np)
				dict = regexp.MustCompile(`/CheckSum <[0-9a-f]+>`).ReplaceAllString(dict, "/CheckSum <"+hex.EncodeToString(sum[:])+">")
				dict = regexp.MustCompile(`/Size \d+`).ReplaceAllString(dict, "/Size "+strconv.Itoa(len(np)))
			}
			out.Write(pdf[pos:hdr])
			out.WriteString(dict)
			out.WriteString("stream\n")
			out.Write(nd)
		} else {
			out.Write(pdf[pos : start+n])
		}
		pos = start + n
	}
	out.Write(pdf[pos:])
	if changed == 0 {
		t.Fatal("rewriteStreams: nothing edited")
	}
	return out.Bytes()
}

func BenchmarkRenderCertificate(b *testing.B) {
	f := newFixture(b)
	r := mustRenderer(b)
	ctx, url := context.Background(), verifyURL(f.sc.Certificate)
	footprinttest.Bench(b, func() error {
		_, err := r.RenderCertificatePDF(ctx, f.sc, certification.CertificateValid, url)
		return err
	})
}

func BenchmarkRenderLabel(b *testing.B) {
	f := newFixture(b)
	r := mustRenderer(b)
	ctx, url := context.Background(), verifyURL(f.sc.Certificate)
	b.Run("format=pdf", func(b *testing.B) {
		footprinttest.Bench(b, func() error {
			_, err := r.RenderLabelPDF(ctx, f.sc, url)
			return err
		})
	})
	b.Run("format=png", func(b *testing.B) {
		footprinttest.Bench(b, func() error {
			_, err := r.RenderLabelPNG(ctx, f.sc, url)
			return err
		})
	})
}

func BenchmarkVerifyPDF(b *testing.B) {
	f := newFixture(b)
	pdf := renderCert(b, f.sc)
	keys := f.keys()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := labels.VerifyPDF(pdf, keys); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewRenderer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := labels.NewRenderer(); err != nil {
			b.Fatal(err)
		}
	}
}

func lookPath(name string) (string, error) { return exec.LookPath(name) }

func run(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	if ee, ok := err.(*exec.ExitError); ok {
		return "", fmt.Errorf("%w: %s", err, ee.Stderr)
	}
	return string(out), err
}

func errorAs(err error, target any) bool { return errors.As(err, target) }

// Ensure the certificate and the label as poppler draws them (pdftoppm -r
// 50) match the golden images: a missing glyph (an empty box), a lost
// character or a layout shift changes far more pixels than the tolerance,
// which only absorbs anti-aliasing differences between poppler versions.
func TestRender_Raster(t *testing.T) {
	bin, err := lookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm not installed (apt-get install poppler-utils)")
	}
	f, f2, f3 := newFixture(t), newFixtureV2(t), newFixtureV3(t)
	for _, tt := range []struct {
		name string
		pdf  []byte
	}{
		{"certificate", renderCert(t, f.sc)},
		{"label", renderLabel(t, f.sc)},
		{"certificate-v2", renderCert(t, f2.sc)},
		{"label-v2", renderLabel(t, f2.sc)},
		{"certificate-v3", renderCert(t, f3.sc)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out")
			if err := os.WriteFile(in, tt.pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := run(bin, "-r", "50", "-png", "-singlefile", in, out); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(out + ".png")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".golden.50dpi.png")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./labels -update to create it)", err)
			}
			frac, err := pixelDiff(got, want)
			if err != nil {
				t.Fatal(err)
			}
			if frac > 0.002 {
				keep := filepath.Join(t.TempDir(), tt.name+".png")
				os.WriteFile(keep, got, 0o644)
				t.Fatalf("%.3f %% of pixels differ from %s (tolerance 0.2 %%); render kept at %s", frac*100, path, keep)
			}
		})
	}
}

// pixelDiff returns the fraction of pixels of two PNG images whose colour
// differs by more than 64 (of 255) in some channel.
func pixelDiff(a, b []byte) (float64, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 0, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 1, fmt.Errorf("image size %v, want %v", ia.Bounds(), ib.Bounds())
	}
	diff, total := 0, 0
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			total++
			r1, g1, b1, _ := ia.At(x, y).RGBA()
			r2, g2, b2, _ := ib.At(x, y).RGBA()
			if absDiff(r1, r2) > 64<<8 || absDiff(g1, g2) > 64<<8 || absDiff(b1, b2) > 64<<8 {
				diff++
			}
		}
	}
	return float64(diff) / float64(total), nil
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// Ensure the QR codes decode to the verification URL and nothing else
// (needs zbarimg from zbar-tools, and pdftoppm for the PDFs).
func TestRender_QRCode(t *testing.T) {
	zbar, err := lookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not installed (apt-get install zbar-tools)")
	}
	f := newFixture(t)
	want := verifyURL(f.sc.Certificate)
	dir := t.TempDir()
	images := map[string]string{"label.png": filepath.Join(dir, "label.png")}
	if err := os.WriteFile(images["label.png"], renderLabelPNG(t, f.sc), 0o644); err != nil {
		t.Fatal(err)
	}
	if pdftoppm, err := lookPath("pdftoppm"); err == nil {
		for name, pdf := range map[string][]byte{"certificate.pdf": renderCert(t, f.sc), "label.pdf": renderLabel(t, f.sc)} {
			in := filepath.Join(dir, name)
			if err := os.WriteFile(in, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := run(pdftoppm, "-r", "200", "-png", "-singlefile", in, in); err != nil {
				t.Fatal(err)
			}
			images[name] = in + ".png"
		}
	}
	for name, img := range images {
		out, err := run(zbar, "-q", "--raw", img)
		if err != nil {
			t.Fatalf("%s: zbarimg: %v", name, err)
		}
		if got := strings.TrimSpace(out); got != want {
			t.Errorf("%s: QR code says %q, want %q", name, got, want)
		}
	}
}

// Ensure a certificate at every validation limit (longest texts, most
// sites, stages and instruments) renders, as a certificate and a label,
// and verifies.
func TestRender_Limits(t *testing.T) {
	c := newCertificate()
	long := func(unit string, n int) string { return strings.TrimSpace(strings.Repeat(unit, n/len([]rune(unit)))) }
	c.Holder = certification.CertificateParty{NameZH: long("成都光伏", 200), NameEN: long("Example ", 200), Address: long("四川省成都市示例路", 297)}
	c.Manufacturer = certification.CertificateParty{NameZH: long("制造", 200), NameEN: long("Maker ", 200), Address: long("Road 1, ", 296)}
	c.Sites = nil
	for i := range certification.MaxCertificateSites {
		c.Sites = append(c.Sites, certification.CertificateParty{NameZH: "工厂" + strconv.Itoa(i), NameEN: long("Plant ", 198), Address: long("地址", 300)})
	}
	c.Product.NameEN, c.Product.Model = long("Module ", 196), long("M-", 200)
	c.Certifier.NameZH, c.Certifier.NameEN = long("认证", 200), long("Certifier ", 200)
	c.Stages, c.KgCO2e = nil, 0
	for i := range certification.MaxCertificateStages {
		c.Stages = append(c.Stages, certification.CertificateStage{Code: fmt.Sprintf("S%02d", i), NameZH: long("阶段", 200), NameEN: long("Stage ", 198), KgCO2e: float64(i) - 5})
		c.KgCO2e += float64(i) - 5
	}
	c.Electricity.Instruments = nil
	for i := range certification.MaxCertificateInstruments {
		c.Electricity.Instruments = append(c.Electricity.Instruments, certification.CertificateInstrument{Kind: footprint.InstrumentGreenPowerTrading, Serial: fmt.Sprintf("GPT-2025-%04d", i), MWh: 1.5})
	}
	f := newFixture(t)
	sc := footprinttest.Sign(t, c, f.key)
	for name, pdf := range map[string][]byte{"certificate": renderCert(t, sc), "label": renderLabel(t, sc)} {
		if _, err := labels.VerifyPDF(pdf, f.keys()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	png := renderLabelPNG(t, sc)
	if dir := os.Getenv("LABELS_DUMP"); dir != "" { // inspect: LABELS_DUMP=/tmp/x go test -run Limits
		os.WriteFile(filepath.Join(dir, "limits.pdf"), renderCert(t, sc), 0o644)
		os.WriteFile(filepath.Join(dir, "limits-label.png"), png, 0o644)
		os.WriteFile(filepath.Join(dir, "limits-label.pdf"), renderLabel(t, sc), 0o644)
	}
}

// FuzzVerifyPDF checks that reading untrusted PDFs never panics and never
// accepts what it cannot read.
func FuzzVerifyPDF(f *testing.F) {
	for _, name := range []string{"certificate.golden.pdf", "label.golden.pdf"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Filespec /UF (x) /EF << /F 1 0 R >> >> endobj"))
	key := footprinttest.Key(f, "test key 1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		rep, err := labels.VerifyPDF(pdf, []certification.PublicKey{key.PublicKey()})
		if err == nil && (rep == nil || !rep.OK()) {
			t.Fatal("no error but no clean report")
		}
		if err != nil && footprint.ErrorCode(err) != footprint.EINVALID {
			t.Fatalf("code=%q (%v), want %q", footprint.ErrorCode(err), err, footprint.EINVALID)
		}
	})
}

// BenchmarkGofpdfUTF8 measures gofpdf's own UTF-8 font path, which the
// renderer does not use (see writePDF): a 60 × 40 mm page with one line of
// text and the signed-certificate attachment, with a one-glyph subset of the
// embedded font ("font=one-glyph": the floor of that path, whatever the
// font) and with the whole 3 MB font ("font=full": the naive render).
func BenchmarkGofpdfUTF8(b *testing.B) {
	ttf, err := os.ReadFile("fonts/PCFSans-Regular.ttf")
	if err != nil {
		b.Fatal(err)
	}
	env := footprinttest.Envelope(b, newFixture(b).sc)
	for _, tt := range []struct {
		name string
		font []byte
		text string
	}{
		{"font=one-glyph", gofpdf.UTF8CutFont(ttf, "A"), "A"},
		{"font=full", ttf, "512 kgCO2e/块 摇篮到大门"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			footprinttest.Bench(b, func() error {
				pdf := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: 60, Ht: 40}})
				pdf.SetCompression(false)
				pdf.SetCatalogSort(true)
				pdf.SetCreationDate(issued)
				pdf.AddUTF8FontFromBytes("f", "", tt.font)
				pdf.SetAttachments([]gofpdf.Attachment{{Content: env, Filename: labels.AttachmentName}})
				pdf.AddPage()
				pdf.SetFont("f", "", 10)
				pdf.Text(5, 5, tt.text)
				var buf bytes.Buffer
				return pdf.Output(&buf)
			})
		})
	}
}

// Ensure label.png records its resolution (a pHYs chunk of 300 dpi, in
// pixels per metre, before the image data), so that it prints at 60 × 40
// mm by default.
func TestRenderLabelPNG_PHYs(t *testing.T) {
	b := renderLabelPNG(t, newFixture(t).sc)
	img, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var ppmX, ppmY uint32
	unit := byte(0xff)
	sawIDAT := false
	for p := 8; p+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[p:]))
		typ := string(b[p+4 : p+8])
		data := b[p+8 : p+8+n]
		switch typ {
		case "pHYs":
			if sawIDAT {
				t.Fatal("pHYs after IDAT")
			}
			ppmX, ppmY, unit = binary.BigEndian.Uint32(data), binary.BigEndian.Uint32(data[4:]), data[8]
			if crc32.ChecksumIEEE(b[p+4:p+8+n]) != binary.BigEndian.Uint32(b[p+8+n:]) {
				t.Fatal("pHYs CRC is wrong")
			}
		case "IDAT":
			sawIDAT = true
		}
		p += 12 + n
	}
	if ppmX != 11811 || ppmY != 11811 || unit != 1 {
		t.Fatalf("pHYs %d × %d per unit %d, want 11811 × 11811 per metre (300 dpi)", ppmX, ppmY, unit)
	}
	w, h := float64(img.Width)/float64(ppmX)*1000, float64(img.Height)/float64(ppmY)*1000
	if math.Abs(w-60) > 0.2 || math.Abs(h-40) > 0.2 {
		t.Fatalf("prints at %.2f × %.2f mm, want 60 × 40", w, h)
	}
}

// Ensure a suspended certificate and a label extract with both their
// Chinese and their English text (no empty boxes, nothing lost).
func TestRender_TextBilingual(t *testing.T) {
	f := newFixture(t)
	susp, err := mustRenderer(t).RenderCertificatePDF(context.Background(), f.sc, certification.CertificateSuspended, verifyURL(f.sc.Certificate))
	if err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		pdf  []byte
		want []string
	}{
		"suspended": {susp, []string{"暂停 suspended", "下载时状态，实时状态请扫码 at download; scan for the live status", "状态 Status 暂停 suspended（下载时 at download）",
			"依据标准 implements：GB/T 24067-2024；ISO 14067:2018", "批准号 Approval No. CNCA-R-2026-000", "A1 原材料获取 Raw material acquisition"}},
		"label": {renderLabel(t, f.sc), []string{"产品碳足迹 Product carbon footprint", "摇篮到大门 Cradle-to-gate", "认证机构 Certified by 示例认证中心 Example Certification Centre"}},
	} {
		text := pdftotext(t, tt.pdf)
		for _, s := range tt.want {
			if !strings.Contains(text, s) {
				t.Errorf("%s: text lacks %q", name, s)
			}
		}
		if strings.ContainsRune(text, '\uFFFD') {
			t.Errorf("%s: text has replacement characters", name)
		}
	}
}

// Ensure a certificate prints a batch of green certificates as its first
// and last serial, and still verifies.
func TestRenderCertificatePDF_GreenCertificateRange(t *testing.T) {
	c := newCertificate()
	c.Electricity.Instruments[0].SerialLast = "GEC-2025-0120" // GEC-2025-0001 to -0120: 120 MWh
	f := signedFixture(t, c)
	pdf := renderCert(t, f.sc)
	if text := pdftotext(t, pdf); !strings.Contains(text, "GEC-2025-0001 – GEC-2025-0120") {
		t.Errorf("text lacks the range GEC-2025-0001 – GEC-2025-0120:\n%s", text)
	}
	if _, err := labels.VerifyPDF(pdf, f.keys()); err != nil {
		t.Fatal(err)
	}
}

// Ensure a QR code whose URL only ends in the certificate's verify path,
// but leads elsewhere, is neither rendered nor verified as genuine. The
// renderer checked only the URL's suffix, so a forger could render a
// genuine certificate A (exactly, byte for byte, with the public renderer)
// whose QR code leads to another genuine certificate B's page on the real
// host: the query and the fragment are ignored by the verify page (it
// ignores unknown parameters for WeChat), so a phone scanning A's label
// sees B, valid, for another product. pcf verify --server accepted it too
// (same origin). A user-info prefix ("https://pcf.example.cn@evil.example")
// shows the real host to a reader and leads elsewhere.
func TestRedteam_VerifyURLMustBeTheVerifyPath(t *testing.T) {

	fx := newFixture(t)
	g := genuineDocs(t)
	r := mustRenderer(t)
	a := fx.sc.Certificate
	pathA := certification.CertificateVerifyPath(a.ID)
	pathB := certification.CertificateVerifyPath(g.otherSC.Certificate.ID)
	for name, u := range map[string]string{
		"query":        "https://pcf.example.cn" + pathB + "?from=" + pathA,
		"query-bare":   "https://pcf.example.cn" + pathB + "?" + pathA,
		"fragment":     "https://pcf.example.cn" + pathB + "#" + pathA,
		"userinfo":     "https://pcf.example.cn@evil.example" + pathA,
		"backslash":    "https://evil.example\\@pcf.example.cn" + pathA,
		"dot-segments": "https://pcf.example.cn" + pathB + "/../../../.." + pathA,
		"encoded":      "https://pcf.example.cn/v1/certificates/" + g.otherSC.Certificate.ID.String() + "%2Fverify%3F" + pathA,
		"no-host":      "https://" + pathA,
		"confusable":   "https://pcf.exаmple.cn" + pathA, // Cyrillic а
	} {
		t.Run(name, func(t *testing.T) {
			for kind, render := range map[string]func() ([]byte, error){
				"certificate": func() ([]byte, error) {
					return r.RenderCertificatePDF(context.Background(), fx.sc, certification.CertificateValid, u)
				},
				"label": func() ([]byte, error) { return r.RenderLabelPDF(context.Background(), fx.sc, u) },
			} {
				pdf, err := render()
				if err == nil {
					if _, verr := r.VerifyPDF(pdf, fx.keys()); verr == nil {
						t.Errorf("%s with QR code %q verifies as genuine", kind, u)
					} else if !strings.Contains(verr.Error(), "verify") {
						t.Errorf("%s: error does not name the verification URL: %v", kind, verr)
					}
				}
			}
		})
	}
}

// Ensure a certificate is not issued with a product model the label would
// cut short. The label fits the model line by shrinking it and then
// cutting it with "…", so what a buyer reads is a prefix of the signed
// model: on the running service a certificate for model "DEMO-M10-54" +
// 40 spaces + "(lab sample, not for sale)" printed "型号规格 Model
// DEMO-M10-54 (lab sa…"; with more spaces the qualifier disappears and
// the label reads as the production model's. CheckCertificate (run at
// issue) must refuse it, naming product.model; rendering stays as it is,
// so documents already issued still verify.
func TestRedteam_LabelDoesNotCutTheModel(t *testing.T) {
	r := mustRenderer(t)
	c := newCertificate()
	c.Product.Model = "EX-550M" + strings.Repeat(" ", 60) + "(lab sample, not for sale)"
	err := r.CheckCertificate(context.Background(), c)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.model" {
		t.Fatalf("model cut on the label accepted at issue: %v", err)
	}
	ok := newCertificate()
	ok.Product.Model = "EX-550M-144HC-BIFACIAL"
	if err := r.CheckCertificate(context.Background(), ok); err != nil {
		t.Fatalf("a model that fits refused: %v", err)
	}
	// A certificate issued before the check still renders and verifies.
	fx := newFixture(t)
	sc := footprinttest.Sign(t, c, fx.key)
	pdf := renderLabel(t, sc)
	if _, err := r.VerifyPDF(pdf, fx.keys()); err != nil {
		t.Fatalf("label of a long-model certificate: %v", err)
	}
}

// rt70BodyCertificate is the test certificate as issued by a certification
// body whose long names end in its branch, with its approval number: two
// such bodies differ only in their last words.
func rt70BodyCertificate(branchZH, branchEN, approval string) *certification.Certificate {
	c := newCertificate()
	c.Certifier.NameZH = "成都市示例产品碳足迹与绿色低碳认证服务中心有限公司四川自由贸易试验区成都高新技术产业开发区天府新区" + branchZH + "分公司"
	c.Certifier.NameEN = "Chengdu Example Product Carbon Footprint Certification Service Centre Co., Ltd., " + branchEN + " Branch"
	c.Certifier.ApprovalNumber = approval
	return c
}

// rt70Bodies are two bodies whose names differ after the point where the
// label of layout 6 cut them.
var rt70Bodies = []struct{ file, zh, en, approval string }{
	{"label-body-pidu.pdf", "郫都", "Pidu", "CNCA-R-2026-101"},
	{"label-body-wuhou.pdf", "武侯", "Wuhou", "CNCA-R-2026-102"},
}

// TestDumpLayout_Rt70Bodies writes the labels of rt70Bodies to the
// directory LABELS_DUMP_LAYOUT names, as the renderer of the commit writes
// them: how testdata/document6's label-body-*.pdf were written, at the
// commit before layout 7.
func TestDumpLayout_Rt70Bodies(t *testing.T) {
	dir := os.Getenv("LABELS_DUMP_LAYOUT")
	if dir == "" {
		t.Skip("LABELS_DUMP_LAYOUT not set")
	}
	for _, b := range rt70Bodies {
		f := signedFixture(t, rt70BodyCertificate(b.zh, b.en, b.approval))
		if err := os.WriteFile(filepath.Join(dir, b.file), renderLabel(t, f.sc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// noSpace is s without white space: the text of a label as pdftotext
// reads it, whatever its line breaks.
func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// Red team 58 left it: the label cut a long certification body's name
// with "…" on one line (fitText), so that two bodies whose names differ
// only after the cut printed alike: testdata/document6's labels of
// rt70Bodies, layout 6, both read "认证机构 Certified by 成都市示例…天府…".
// Ensure the label of layout 7 prints each body's names whole, with its
// approval number, so that the two labels' certification bodies read
// apart; that both verify; and that the labels of layout 6 still verify
// byte for byte.
func TestRedteam70_LabelTellsTwoBodiesApart(t *testing.T) {
	var texts []string
	for _, b := range rt70Bodies {
		c := rt70BodyCertificate(b.zh, b.en, b.approval)
		f := signedFixture(t, c)
		label := renderLabel(t, f.sc)
		if rep, err := labels.VerifyPDF(label, f.keys()); err != nil || !rep.OK() || len(rep.Differences) != 0 {
			t.Errorf("label of %s: %v %+v", b.en, err, rep)
		}
		text := noSpace(pdftotext(t, label))
		for _, want := range []string{c.Certifier.NameZH, c.Certifier.NameEN, "批准号ApprovalNo." + c.Certifier.ApprovalNumber} {
			if !strings.Contains(text, noSpace(want)) {
				t.Errorf("label of the %s branch lacks %q:\n%s", b.en, want, text)
			}
		}
		if strings.Contains(text, "…") {
			t.Errorf("label of the %s branch cuts something short:\n%s", b.en, text)
		}
		if dir := os.Getenv("LABELS_DUMP"); dir != "" { // inspect: pdftoppm -r 150 -png
			os.WriteFile(filepath.Join(dir, "rt70-"+b.file), label, 0o644)
		}
		texts = append(texts, text[strings.Index(text, "认证机构Certifiedby"):])
	}
	if texts[0] == texts[1] {
		t.Errorf("two bodies print alike on their labels: %s", texts[0])
	}
	checkLayoutAsIssued(t, "document6", "pcf-document/6", "label-body-pidu.pdf", "label-body-wuhou.pdf")
}

// Ensure documents rendered in layout pcf-document/6 (testdata/document6,
// as downloaded until layout pcf-document/7) still verify byte for byte,
// among them the labels of rt70Bodies, whose certification body layout 7
// prints otherwise, and that the documents rendered now are of layout
// pcf-document/7 or later (pcf-document/9 since session 51).
func TestVerifyPDF_Layout6AsIssued(t *testing.T) {
	checkLayoutAsIssued(t, "document6", "pcf-document/6", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf",
		"certificate.pdf", "label.pdf", "certificate-use10.pdf", "label-use10.pdf", "certificate-audit6.pdf", "label-audit6.pdf",
		"label-body-pidu.pdf", "label-body-wuhou.pdf")
	if now := renderLabel(t, newFixture(t).sc); !bytes.Contains(now, []byte("(pcf-document/9 label ")) {
		t.Error("a label rendered now is not of layout pcf-document/9")
	}
}

// Ensure a certification body's names that the label could print only in
// part, even on four lines of its least type, are refused at issue naming
// certifier.name_zh (certifier.name_en for a body without a Chinese name),
// in Chinese and English; that the longest names that fit pass; and that
// a certificate issued before the check still renders and verifies, its
// approval number whole after the cut names.
func TestRedteam70_LabelCertifierTooLongRefusedAtIssue(t *testing.T) {
	r := mustRenderer(t)
	ctx := context.Background()
	long := newCertificate()
	long.Certifier.NameZH, long.Certifier.NameEN = strings.Repeat("认证", 100), strings.TrimSpace(strings.Repeat("Certifier ", 12))
	err := r.CheckCertificate(ctx, long)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "certifier.name_zh" ||
		!strings.Contains(err.Error(), "认证机构的名称过长") || !strings.Contains(err.Error(), "too long for the label") {
		t.Fatalf("body's names cut on the label accepted at issue: %v", err)
	}
	en := newCertificate()
	en.Certifier.NameZH, en.Certifier.NameEN = "", strings.TrimSpace(strings.Repeat("Certification ", 40))
	if err := r.CheckCertificate(ctx, en); footprint.ErrorField(err) != "certifier.name_en" {
		t.Errorf("English name only, cut on the label: %v, want certifier.name_en", err)
	}
	for _, b := range rt70Bodies {
		if err := r.CheckCertificate(ctx, rt70BodyCertificate(b.zh, b.en, b.approval)); err != nil {
			t.Errorf("the %s branch's names, which fit, refused: %v", b.en, err)
		}
	}
	// The most that fits: one Han character more is refused.
	fits := newCertificate()
	for fits.Certifier.NameZH = "认"; ; fits.Certifier.NameZH += "证" {
		if err := r.CheckCertificate(ctx, fits); err != nil {
			fits.Certifier.NameZH = strings.TrimSuffix(fits.Certifier.NameZH, "证")
			break
		}
	}
	if n := len([]rune(fits.Certifier.NameZH)); n < 100 {
		t.Errorf("only %d Han characters of a Chinese name fit the label beside %q", n, fits.Certifier.NameEN)
	}
	for name, c := range map[string]*certification.Certificate{"longest that fits": fits, "cut": long} {
		fx := signedFixture(t, c)
		label := renderLabel(t, fx.sc)
		if _, err := r.VerifyPDF(label, fx.keys()); err != nil {
			t.Errorf("label of the %s names: %v", name, err)
		}
		text := noSpace(pdftotext(t, label))
		if !strings.Contains(text, "批准号ApprovalNo."+c.Certifier.ApprovalNumber+"）") {
			t.Errorf("label of the %s names lacks the approval number whole:\n%s", name, text)
		}
		if cut := strings.Contains(text, "…"); cut != (name == "cut") || name != "cut" && !strings.Contains(text, noSpace(c.Certifier.NameZH+c.Certifier.NameEN)) {
			t.Errorf("label of the %s names (cut %v):\n%s", name, cut, text)
		}
		if got := strings.Count(pdftotext(t, label), "□"); got != 0 {
			t.Errorf("label of the %s names prints %d empty boxes", name, got)
		}
		if dir := os.Getenv("LABELS_DUMP"); dir != "" { // inspect: pdftoppm -r 150 -png
			os.WriteFile(filepath.Join(dir, "rt70-label-"+strings.ReplaceAll(name, " ", "-")+".pdf"), label, 0o644)
		}
	}
}

// Ensure a certification body whose names the label could not print whole
// is refused where the operator registers it (CheckCertifier), naming the
// registration's field, and that the names the issue accepts pass there
// too: the same measure at both ends.
func TestCheckCertifier_SameMeasureAsTheIssue(t *testing.T) {
	r := mustRenderer(t)
	ctx := context.Background()
	for _, tt := range []struct {
		zh, en, approval, field string
	}{
		{strings.Repeat("认证", 100), strings.TrimSpace(strings.Repeat("Certifier ", 12)), "CNCA-R-2026-101", "name_zh"},
		{"", strings.TrimSpace(strings.Repeat("Certification ", 40)), "CNCA-R-2026-101", "org"},
		{"示例认证中心", "Demo Certification Centre", "CNCA-R-2026-101", ""},
	} {
		c := newCertificate()
		c.Certifier.NameZH, c.Certifier.NameEN, c.Certifier.ApprovalNumber = tt.zh, tt.en, tt.approval
		atIssue := r.CheckCertificate(ctx, c)
		err := r.CheckCertifier(tt.zh, tt.en, tt.approval)
		if footprint.ErrorField(err) != tt.field || (err == nil) != (atIssue == nil) {
			t.Errorf("%.20q / %.20q: registration %v (want field %q), issue %v", tt.zh, tt.en, err, tt.field, atIssue)
		}
		if err != nil && (!strings.Contains(err.Error(), "认证机构的名称过长") || !strings.Contains(err.Error(), "register shorter names")) {
			t.Errorf("message %q", err)
		}
	}
}

// Ensure documents rendered in layout pcf-document/7 (testdata/document7,
// as downloaded until layout pcf-document/8) still verify byte for byte:
// their pages hold the codes 60 and 62 of Chinese characters as < and >,
// as every layout before 8 wrote them, and no markup a browser acts on
// (red team 83). Documents rendered now are of layout pcf-document/9
// (since session 51).
func TestVerifyPDF_Layout7AsIssued(t *testing.T) {
	checkLayoutAsIssued(t, "document7", "pcf-document/7", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf",
		"certificate.pdf", "label.pdf")
	f := newFixture(t)
	for name, now := range map[string][]byte{"certificate": renderCert(t, f.sc), "label": renderLabel(t, f.sc)} {
		if !bytes.Contains(now, []byte("(pcf-document/9 ")) {
			t.Errorf("a %s rendered now is not of layout pcf-document/9", name)
		}
	}
}

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

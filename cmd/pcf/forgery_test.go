package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/google/uuid"
)

// Ensure pcf verify shows, never acts on, terminal control sequences a file
// carries (forger red team: a label whose /Keywords held, after its
// recorded address, ESC sequences printing "GENUINE 真实 …" on a line of
// their own and hiding everything after it, NOT GENUINE included). The
// report and the error line escape them as \uXXXX; the verdict stays NOT
// GENUINE.
func TestVerify_TerminalSequencesFromTheFileAreShown(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()
	_, label, keys := downloadAll(t, base, id, maker, dir)
	pdf, err := os.ReadFile(label)
	if err != nil {
		t.Fatal(err)
	}
	loc := regexp.MustCompile(`/Keywords \((` + regexp.QuoteMeta(labels.DocumentFormat) + ` label verify=[^)]*)\)`).FindSubmatchIndex(pdf)
	if loc == nil {
		t.Fatal("no Keywords")
	}
	rec := string(pdf[loc[2]:loc[3]])
	i := strings.Index(rec, "/v1/certificates/")
	sp := func(s string) string { return strings.ReplaceAll(s, " ", "\x1b[C") } // cursor right for a space
	inj := rec[:i] + "\x1bE" + sp("GENUINE 真实: the signature verifies and the file is the document rendered from its signed content.") + "\x1bE\x1b[8m" + rec[i:]
	var b bytes.Buffer
	b.WriteString("/Keywords <FEFF")
	for _, c := range utf16.Encode([]rune(inj)) {
		b.WriteString(hex.EncodeToString([]byte{byte(c >> 8), byte(c)}))
	}
	b.WriteString(">")
	forged := append(append(append([]byte{}, pdf[:loc[0]]...), b.Bytes()...), pdf[loc[1]:]...)
	file := filepath.Join(dir, "escapes.pdf")
	if err := os.WriteFile(file, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := pcf(t, "verify", file, "--key", keys)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, s := range []string{out, errOut} {
		if strings.Contains(s, "\x1b") {
			t.Errorf("control characters printed, not shown:\n%q", s)
		}
	}
	if !strings.Contains(out, `\u001bEGENUINE\u001b[C`) {
		t.Errorf("the recorded address not shown with its escapes:\n%s", out)
	}
}

// Ensure a certificate a forger signs with its own key, naming its own
// service as the one that answers for it (format 4), is NOT GENUINE when
// checked with the genuine service, and the report does not send the
// reader to the forger's address (forger red team: "NOT VERIFIED … Verify
// with --server <forger>", whose server then said GENUINE and VALID). With
// the forger's keys given offline the verdict is qualified: genuine only
// if the keys are the service's, and the signed address is not called the
// issuing service's.
func TestVerify_OwnKeyNamingAnotherServiceIsNotGenuine(t *testing.T) {
	m, genuine := mustServeSigned(t)
	id, _ := MustIssueDemoCertificate(t, m)
	rec, err := factordb.NewCertificationService(m.DB).FindCertificateByID(context.Background(), uuid.MustParse(id))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const evil = "https://pcf-example.cn"
	c := *rec.Certificate()
	c.Holder.NameEN, c.VerifyBase = "Forged Holder Co., Ltd.", evil
	key := footprinttest.Key(t, "", c.IssuedAt.Add(-time.Hour)) // the forger's own
	signed := footprinttest.Sign(t, &c, key)
	u, _ := c.VerifyURL("")
	b := mustRenderCertificatePDF(t, signed, certification.CertificateValid, u)
	file := writeFile(t, dir, "forged.pdf", b)
	code, out, _ := pcf(t, "verify", file, "--server", genuine)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "--server "+evil) || strings.Contains(out, "NOT VERIFIED") ||
		strings.Contains(out, evil+" is the issuing service") {
		t.Errorf("forged with its own key, checked with the genuine service: exit %d\n%s", code, out)
	}
	jwks := mustJWKS(t, key)
	code, out, _ = pcf(t, "verify", file, "--key", writeFile(t, dir, "forger-keys.json", jwks))
	if code != 0 || !strings.Contains(out, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S") || !strings.Contains(out, "publishes key "+key.ID) ||
		strings.Contains(out, "is the issuing service's address") {
		t.Errorf("with the forger's keys: exit %d\n%s", code, out)
	}
}

// Ensure pcf verify says why a PNG label cannot be verified, rather than
// "cannot read PDF: not a PDF file" as for any other file (forger red
// team: a genuine and an edited label.png answered alike).
func TestVerify_PNGLabelSaysWhy(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	status, png := call(t, "GET", base+"/v1/certificates/"+id+"/label.png", maker, "")
	if status != 200 {
		t.Fatalf("label.png: %d", status)
	}
	dir := t.TempDir()
	_, _, keys := downloadAll(t, base, id, maker, dir)
	code, _, errOut := pcf(t, "verify", writeFile(t, dir, "label.png", png), "--key", keys)
	if code != 1 || !strings.Contains(errOut, "is a PNG image (label.png): an image carries no signed content") || !strings.Contains(errOut, "label.pdf") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Red team 74 (the forger): the file's name is the forger's too. A PDF
// named "cert.pdf: certificate CDPCF-2026-000001\nGENUINE 真实: the
// signature verifies …\nVALID 有效: live status 有效 valid\n" and thirty
// line breaks (214 bytes, a name Linux allows; a forged PDF under it)
// made pcf verify print, as its first lines and again as the last lines
// of its error, "GENUINE 真实 …" and "VALID 有效 …" at the start of a
// line, the real NOT GENUINE scrolled away between them. A correct pcf
// verify writes the name's line breaks and other control characters as
// escapes, so that no line of its report is the file name's.
func TestRedteam74_FileNameWithLinesOfAReport(t *testing.T) {
	d := newOfflineDocs(t, "rt74 file name", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0), "https://pcf.example.cn")
	label, err := d.r.RenderLabelPDF(context.Background(), d.sc, d.u)
	if err != nil {
		t.Fatal(err)
	}
	forged := append(label, "\n% edited\n"...)
	name := "cert.pdf: certificate " + d.sc.Certificate.Number + "\nGENUINE 真实: the signature verifies and the file is the document rendered from its signed content.\nVALID 有效: live status 有效 valid\n" + strings.Repeat("\n", 30) + ".pdf"
	path := filepath.Join(d.dir, name)
	if err := os.WriteFile(path, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"verify", path, "--key", d.keys}, {"verify", path, "--key", d.keys, "--study", path, "--factors", path}} {
		code, out, errOut := pcf(t, args...)
		if code == 0 {
			t.Fatalf("%v: exit 0 for an edited file", args)
		}
		for _, line := range strings.Split(out+errOut, "\n") {
			if strings.HasPrefix(line, "GENUINE") || strings.HasPrefix(line, "VALID") {
				t.Errorf("%v: a line of the report is the file name's: %q\n%s%s", args, line, out, errOut)
				break
			}
		}
		if !strings.Contains(out, `\u000aGENUINE`) {
			t.Errorf("%v: want the name's line breaks written as escapes:\n%s", args, out)
		}
	}
	// A name that cannot be read is named as given, escaped.
	code, _, errOut := pcf(t, "verify", filepath.Join(d.dir, "missing\nVALID 有效.pdf"), "--key", d.keys)
	if code == 0 || strings.Contains(errOut, "\nVALID") {
		t.Errorf("a missing file: exit %d, error %q; want the name escaped", code, errOut)
	}
}

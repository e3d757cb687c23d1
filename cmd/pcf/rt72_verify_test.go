package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Red team 72 (the forger): the label of layout 7 prints the certification
// body's names with its approval number, which names one body (two bodies'
// names may read alike where a label of layout 6 cut them), but pcf verify
// said only "by <names>": a reader comparing its answer with the label had
// no approval number to compare. Ensure pcf verify gives the body's
// approval number beside its names.
func TestRedteam72_VerifyGivesTheApprovalNumber(t *testing.T) {
	d := newOfflineDocs(t, "rt72 approval", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0), "https://pcf.example.cn")
	label, err := d.r.RenderLabelPDF(context.Background(), d.sc, d.u)
	if err != nil {
		t.Fatal(err)
	}
	c := d.sc.Certificate
	code, out, errOut := pcf(t, "verify", writeFile(t, d.dir, "label.pdf", label), "--key", d.keys)
	want := "by " + c.Certifier.NameZH + " " + c.Certifier.NameEN + " (批准号 approval No. " + c.Certifier.ApprovalNumber + ")"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("exit %d; want 0 and %q:\n%s%s", code, want, out, errOut)
	}
}

package asked_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/asked"
)

type line struct {
	path string
	kg   float64
}

func id(q asked.Req) asked.Req    { return q }
func of(l line) (string, float64) { return l.path, l.kg }
func fields(ws []asked.Warning) (f []string) {
	for _, w := range ws {
		if w.EN == "" || w.ZH == "" {
			f = append(f, "unilingual "+w.Field)
		}
		f = append(f, w.Field)
	}
	return f
}

// TestRedteam87_Token: an input asked for whose lines give less than the
// cut-off ÷ divisor of the total is warned, quoting the request; a required
// input, an input without lines (Missing's), one above the bound, and the
// lines of another input are not read.
func TestRedteam87_Token(t *testing.T) {
	reqs := []asked.Req{{Input: "electricity", EN: "no site energy", ZH: "无现场能耗"}, {Input: "transport"}}
	for _, tt := range []struct {
		name  string
		lines []line
		want  string
	}{
		{"a token line", []line{{"bom[0]", 100}, {"electricity[0]", 0.001}}, "electricity"},
		{"two token lines", []line{{"bom[0]", 100}, {"electricity[0]", 0.001}, {"electricity[1]", 0.001}}, "electricity"},
		{"above the bound", []line{{"bom[0]", 100}, {"electricity[0]", 0.006}}, ""},
		{"no line", []line{{"bom[0]", 100}}, ""},
		{"a required input's token line", []line{{"bom[0]", 100}, {"transport[0]", 0.0001}, {"electricity[0]", 1}}, ""},
		{"another input's lines", []line{{"bom[0]", 100}, {"electricityx[0]", 0.0001}}, ""},
	} {
		total := 0.0
		for _, l := range tt.lines {
			total += l.kg
		}
		ws := asked.Token(reqs, id, tt.lines, of, total, 5, 1000)
		if got := strings.Join(fields(ws), ","); got != tt.want {
			t.Errorf("%s: warned at %q, want %q", tt.name, got, tt.want)
		}
		if tt.want != "" && (!strings.Contains(ws[0].EN, "(no site energy)") || !strings.Contains(ws[0].ZH, "(无现场能耗)")) {
			t.Errorf("%s: %+v does not quote the request", tt.name, ws[0])
		}
	}
	if ws := asked.Missing(reqs, id, func(in string) bool { return in != "electricity" }); strings.Join(fields(ws), ",") != "electricity" {
		t.Errorf("Missing: %+v, want the electricity request", ws)
	}
}

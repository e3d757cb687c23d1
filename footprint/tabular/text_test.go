package tabular_test

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/internal/errzh"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// gbk encodes s as Chinese-locale Excel saves a CSV file (code page 936).
func gbk(tb testing.TB, s string) string {
	tb.Helper()
	out, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// problemLines returns the lines of a table error, failing if err is not
// one.
func problemLines(tb testing.TB, err error) []string {
	tb.Helper()
	var errs *tabular.Errors
	if !errors.As(err, &errs) {
		tb.Fatalf("err=%v (%T), want *tabular.Errors", err, err)
	}
	return strings.Split(footprinttest.English(tb, errs.Error()), "\n")
}

func TestReadBOMCSV_GBK(t *testing.T) {
	// Ensure a BOM saved by Chinese-locale Excel as "CSV (逗号分隔)", which
	// is GBK, reads with its Chinese text intact, not as U+FFFD.
	in := "description,quantity,unit,section\n硅片 单晶,1.2,kg,\n电力（四川电网）,3,kWh,electricity\n"
	bom, err := tabular.ReadBOMCSV(strings.NewReader(gbk(t, in)), "bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := bom.Sections["bom"][0].(map[string]any)["name"], "硅片 单晶"; got != want {
		t.Errorf("bom[0].name = %q, want %q", got, want)
	}
	if got, want := bom.Sections["electricity"][0].(map[string]any)["name"], "电力（四川电网）"; got != want {
		t.Errorf("electricity[0].name = %q, want %q", got, want)
	}
}

func TestReadFactorsCSV_GBK(t *testing.T) {
	// Ensure a factor file in GBK reads with its Chinese names intact, also
	// when the first non-ASCII byte comes after thousands of ASCII rows
	// (the encoding is decided there, not on the first bytes), and that a
	// GB18030 byte-order mark is dropped.
	var rows []map[string]string
	for i := range 2000 {
		rows = append(rows, with(goodRow("A-"+strconv.Itoa(i)), "name_zh", "plain ascii name"))
	}
	rows = append(rows, with(goodRow("ZH-1"), "name_zh", "四川省电力平均二氧化碳排放因子"), with(goodRow("ZH-2"), "name_zh", "单晶硅片（€ 符号）"))
	plain := csvFile(t, rows...)
	for name, in := range map[string]string{
		"gbk":         gbk(t, plain),
		"gb18030+bom": "\x84\x31\x95\x33" + gbk(t, plain),
		"utf-8":       plain,
		"utf-8+bom":   "\ufeff" + plain,
	} {
		t.Run(name, func(t *testing.T) {
			got, err := tabular.ReadFactorsCSV(strings.NewReader(in), "factors.csv")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(rows) {
				t.Fatalf("%d factors, want %d", len(got), len(rows))
			}
			for i, want := range []string{"四川省电力平均二氧化碳排放因子", "单晶硅片（€ 符号）"} {
				if f := got[len(got)-2+i]; f.NameZH != want {
					t.Errorf("%s name_zh = %q, want %q", f.Code, f.NameZH, want)
				}
			}
		})
	}
}

func TestReadCSV_UTF16Refused(t *testing.T) {
	// Ensure a UTF-16 file (Excel's "Unicode text") is refused with a
	// message naming the encoding, not read as garbage.
	in := "\xff\xfec\x00o\x00d\x00e\x00"
	_, err := tabular.ReadFactorsCSV(strings.NewReader(in), "f.csv")
	if lines := problemLines(t, err); !strings.Contains(lines[0], "f.csv:1: ") || !strings.Contains(lines[0], "UTF-16") {
		t.Fatalf("error %q, want it to name UTF-16 at f.csv:1", lines[0])
	}
	_, err = tabular.ReadBOMCSV(strings.NewReader(in), "bom.csv")
	if lines := problemLines(t, err); !strings.Contains(lines[0], "UTF-16") {
		t.Fatalf("error %q, want it to name UTF-16", lines[0])
	}
}

func TestReadCSV_InvalidUTF8Refused(t *testing.T) {
	// Ensure bytes that are text in no supported encoding are refused with
	// their line and column, never silently replaced: a UTF-8 file with a
	// stray Latin-1 byte, and a UTF-8 file with GBK pasted in further down.
	t.Run("factors", func(t *testing.T) {
		in := csvFile(t, goodRow("A"), with(goodRow("B"), "notes", "caf\xe9 au lait"))
		_, err := tabular.ReadFactorsCSV(strings.NewReader(in), "f.csv")
		want := `f.csv:3: notes: invalid UTF-8 (byte 0xE9 at character 4)`
		if lines := problemLines(t, err); len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
			t.Fatalf("errors %q, want one starting %q", lines, want)
		}
	})
	t.Run("factors/mixed", func(t *testing.T) {
		in := csvFile(t, goodRow("A"), with(goodRow("B"), "name_zh", gbk(t, "硅片")))
		_, err := tabular.ReadFactorsCSV(strings.NewReader(in), "f.csv")
		want := `f.csv:3: name_zh: invalid UTF-8`
		if lines := problemLines(t, err); len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
			t.Fatalf("errors %q, want one starting %q", lines, want)
		}
	})
	t.Run("bom", func(t *testing.T) {
		in := "description,quantity,unit\n硅片,1,kg\nframe \xff,2,kg\n"
		_, err := tabular.ReadBOMCSV(strings.NewReader(in), "bom.csv")
		want := `bom.csv:3: description: invalid UTF-8 (byte 0xFF at character 7)`
		if lines := problemLines(t, err); len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
			t.Fatalf("errors %q, want one starting %q", lines, want)
		}
	})
	t.Run("bom/gbk", func(t *testing.T) {
		// 0x81 0x20 is a GBK lead byte without its trail byte.
		in := gbk(t, "description,quantity,unit\n硅片,1,kg\n") + "x\x81 y,2,kg\n"
		_, err := tabular.ReadBOMCSV(strings.NewReader(in), "bom.csv")
		want := `bom.csv:3: description: bytes that are not GB18030 (GBK) text at character 2`
		if lines := problemLines(t, err); len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
			t.Fatalf("errors %q, want one starting %q", lines, want)
		}
	})
}

func TestReadCSV_NumberSyntax(t *testing.T) {
	// Ensure only plain decimal numbers are read: strconv.ParseFloat takes
	// "1_000" as 1000 and "0x1p4" as 16, which no person means in a table.
	for _, tt := range []struct{ cell, want string }{
		{"1_000", `bom.csv:2: quantity: "1_000" is not a number: write digits without '_' separators`},
		{"1,000", `bom.csv:2: quantity: "1,000" is not a number: write digits without thousands separators`},
		{"0x1p4", `bom.csv:2: quantity: "0x1p4" is not a number`},
		{"--1", `bom.csv:2: quantity: "--1" is not a number`},
		{"1e", `bom.csv:2: quantity: "1e" is not a number`},
		{"Infinity", `bom.csv:2: quantity: "Infinity" is not a number`},
	} {
		_, err := tabular.ReadBOMCSV(strings.NewReader("description,quantity,unit\nx,\""+tt.cell+"\",kg\n"), "bom.csv")
		if lines := problemLines(t, err); len(lines) != 1 || !strings.HasPrefix(lines[0], tt.want) {
			t.Errorf("%s: errors %q, want one starting %q", tt.cell, lines, tt.want)
		}
	}
	for _, ok := range []string{"1000", "-1.5", "+2", ".5", "5.", "1e-3", "1.5E+3"} {
		if _, err := tabular.ReadBOMCSV(strings.NewReader("description,quantity,unit\nx,"+ok+",kg\n"), "bom.csv"); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	in := csvFile(t, with(goodRow("A"), "value", "1_000"), with(goodRow("B"), "uncertainty_pct", "0x1p4"))
	_, err := tabular.ReadFactorsCSV(strings.NewReader(in), "f.csv")
	want := []string{
		`f.csv:2: value: invalid number "1_000": write digits without '_' separators`,
		`f.csv:3: uncertainty_pct: invalid number "0x1p4"`,
	}
	if lines := problemLines(t, err); strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if _, err := tabular.StudyHeader(map[string][]string{"reference_output": {"1_000"}}, nil); footprint.ErrorField(err) != "reference_output" {
		t.Errorf("reference_output 1_000: err=%v", err)
	}
}

// Ensure the refusals of a file's text, its CSV syntax and its numbers say
// it in Chinese in their Chinese half, not in the English of the CSV
// reader or of a hint: no two English words in a row there, but in the
// value quoted.
func TestReadCSV_ChineseHalfInChinese(t *testing.T) {
	bomErr := func(in string) error { _, err := tabular.ReadBOMCSV(strings.NewReader(in), "bom.csv"); return err }
	factorErr := func(in string) error { _, err := tabular.ReadFactorsCSV(strings.NewReader(in), "f.csv"); return err }
	for name, err := range map[string]error{
		"Underscore":    bomErr("description,quantity,unit\nx,1_000,kg\n"),
		"Thousands":     bomErr("description,quantity,unit\nx,\"1,000\",kg\n"),
		"FactorNumber":  factorErr(csvFile(t, with(goodRow("A"), "value", "1_000"), with(goodRow("B"), "uncertainty_pct", "1,5"))),
		"MissingQuote":  bomErr("quantity,unit\n1,\"kg\n"),
		"BareQuote":     bomErr("quantity,unit\n1,k\"g\n"),
		"UTF16":         bomErr("\xff\xfec\x00o\x00d\x00e\x00"),
		"InvalidUTF8":   bomErr("description,quantity,unit\nframe \xff,2,kg\n"),
		"InvalidGBK":    bomErr(gbk(t, "description,quantity,unit\n硅片,1,kg\n") + "x\x81 y,2,kg\n"),
		"HeaderNotUTF8": factorErr("code\xff,value\n"),
	} {
		var errs *tabular.Errors
		if !errors.As(err, &errs) {
			t.Fatalf("%s: err=%v (%T), want *tabular.Errors", name, err, err)
		}
		for _, line := range strings.Split(errs.Error(), "\n") {
			zh, _, ok := errzh.Split(line)
			if rest := quoted.ReplaceAllString(zh, `""`); !ok || englishWords.MatchString(rest) {
				t.Errorf("%s: the Chinese half of %q is not in Chinese: %q", name, line, zh)
			}
		}
	}
}

var (
	quoted       = regexp.MustCompile(`"[^"]*"`)
	englishWords = regexp.MustCompile(`[a-z]{2,} [a-z]{2,}`)
)

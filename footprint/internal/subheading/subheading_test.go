package subheading

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// code is a product code as footprint.ProductCode holds it.
type code struct{ Scheme, Code string }

func (c code) String() string { return c.Scheme + ":" + c.Code }

func parse(s string) (code, error) {
	scheme, digits, ok := strings.Cut(s, ":")
	if !ok {
		return code{}, errors.New("no scheme")
	}
	return code{scheme, digits}, nil
}

// cs parses codes ("HS:854140").
func cs(ss ...string) []code {
	out := make([]code, len(ss))
	for i, s := range ss {
		out[i], _ = parse(s)
	}
	return out
}

func TestSame(t *testing.T) {
	pv := []string{"HS:854143", "HS:854140"}
	for _, c := range []struct {
		name            string
		rule            []string
		product, factor []code
		want            bool
	}{
		{"HS 2017 module, HS 2022 module factor", pv, cs("HS:854140"), cs("HS:854143"), true},
		{"tariff line of a module, HS 2022 module factor", pv, cs("HS:85414000"), cs("HS:854143"), true},
		{"module, a cell factor (HS 854142)", pv, cs("HS:854140"), cs("HS:854142"), false},
		{"module, a factor of CPC only", pv, cs("HS:854140"), cs("CPC:46410"), false},
		{"a rule of chapters: laptop and phone", []string{"HS:84", "HS:85"}, cs("HS:847130"), cs("HS:851714"), false},
		{"display: its one subheading", []string{"HS:8524", "HS:8528", "HS:901380"}, cs("HS:901380"), cs("HS:901380"), true},
		{"display: a monitor beside a panel factor", []string{"HS:8524", "HS:8528", "HS:901380"}, cs("HS:852852"), cs("HS:852411"), false},
	} {
		if got := Same(c.rule, c.product, c.factor); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCodes(t *testing.T) {
	pv := []string{"HS:854143", "HS:854140"}
	if got := Codes(pv, cs("HS:854140"), parse); !slices.Equal(got, cs("HS:854143", "HS:854140")) {
		t.Errorf("HS 2017 module: %q", got)
	}
	if got := Codes([]string{"HS:84", "HS:85"}, cs("HS:847130"), parse); got != nil {
		t.Errorf("a rule of chapters: %q, want none", got)
	}
	if got := Codes(pv, cs("HS:854142"), parse); got != nil {
		t.Errorf("a cell under a module rule: %q, want none", got)
	}
}

package subheading

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

type code string

func (c code) String() string { return string(c) }

func parse(s string) (code, error) {
	if !strings.Contains(s, ":") {
		return "", errors.New("no scheme")
	}
	return code(s), nil
}

func TestSame(t *testing.T) {
	pv := []string{"HS:854143", "HS:854140"}
	for _, c := range []struct {
		name            string
		rule            []string
		product, factor []code
		want            bool
	}{
		{"HS 2017 module, HS 2022 module factor", pv, []code{"HS:854140"}, []code{"HS:854143"}, true},
		{"tariff line of a module, HS 2022 module factor", pv, []code{"HS:85414000"}, []code{"HS:854143"}, true},
		{"module, a cell factor (HS 854142)", pv, []code{"HS:854140"}, []code{"HS:854142"}, false},
		{"module, a factor of CPC only", pv, []code{"HS:854140"}, []code{"CPC:46410"}, false},
		{"a rule of chapters: laptop and phone", []string{"HS:84", "HS:85"}, []code{"HS:847130"}, []code{"HS:851714"}, false},
		{"display: its one subheading", []string{"HS:8524", "HS:8528", "HS:901380"}, []code{"HS:901380"}, []code{"HS:901380"}, true},
		{"display: a monitor beside a panel factor", []string{"HS:8524", "HS:8528", "HS:901380"}, []code{"HS:852852"}, []code{"HS:852411"}, false},
	} {
		if got := Same(c.rule, c.product, c.factor); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCodes(t *testing.T) {
	pv := []string{"HS:854143", "HS:854140"}
	if got := Codes(pv, []code{"HS:854140"}, parse); !slices.Equal(got, []code{"HS:854143", "HS:854140"}) {
		t.Errorf("HS 2017 module: %q", got)
	}
	if got := Codes([]string{"HS:84", "HS:85"}, []code{"HS:847130"}, parse); got != nil {
		t.Errorf("a rule of chapters: %q, want none", got)
	}
	if got := Codes(pv, []code{"HS:854142"}, parse); got != nil {
		t.Errorf("a cell under a module rule: %q, want none", got)
	}
}

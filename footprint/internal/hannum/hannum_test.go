package hannum

import "testing"

func TestDigits(t *testing.T) {
	// Ensure the numbers both callers read, a diagonal (area: Figure) and
	// a power (certification: InText), read as each read them before they
	// shared Digits (session 55), and the runs they read apart, apart: a
	// figure's every run is a number, a text's only an unmistakable one.
	for _, tc := range []struct {
		in             string
		figure, inText string
	}{
		// area's diagonals (TestRead: 二十七英寸, 二十三点八英寸, 十五点六寸)
		{"二十七", "27", "27"},
		{"二十三点八", "23.8", "23.8"},
		{"十五点六", "15.6", "15.6"},
		{"一百零五", "105", "105"},
		{"27", "27", "27"},
		{"23.8", "23.8", "23.8"},
		// certification's powers (TestRedteam78_HanWords)
		{"五百五十", "550", "550"},
		{"伍佰伍拾", "550", "550"},
		{"零点五五", "0.55", "0.55"},
		{"十二", "12", "12"},
		{"十", "10", "10"},
		{"一万零五", "10005", "10005"},
		{"两百", "200", "200"},
		{"五千", "5000", "5000"},
		// apart: digits in a row, a unit alone, a unit multiplying nothing
		{"二七", "27", "二七"},
		{"五五〇", "550", "五五〇"},
		{"两", "2", "两"},
		{"百", "100", "百"},
		{"百二十", "120", "百二十"},
		{"万", "10000", "万"},
		{"千", "1000", "千"},
		{"五百五十千", "1550", "550千"},
		{"零点五五千", "0.55千", "0.55千"},
		{"一点两", "1.2", "1.两"},
		// no number
		{"", "", ""},
		{"二十x", "二十x", "二十x"},
	} {
		if got := Digits(tc.in, Figure); got != tc.figure {
			t.Errorf("Digits(%q, Figure) = %q, want %q", tc.in, got, tc.figure)
		}
		if got := Digits(tc.in, InText); got != tc.inText {
			t.Errorf("Digits(%q, InText) = %q, want %q", tc.in, got, tc.inText)
		}
	}
}

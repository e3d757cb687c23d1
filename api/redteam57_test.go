package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// Red team 57: an issue's authorised signatory that the certificate must
// not print is refused, 400 naming signatory, in Chinese and English, and
// nothing is issued: a direction override (U+202E) or a zero-width
// character in the name, a name followed by a gap and another field's
// words ("有效期至 2099-12-31" under the signature reads as a validity), a
// no-break or ideographic space, a control character (refused before, but
// naming certifier.signatory, in the certificate's check), a name too long.
// On the base the first five were issued (201) and signed as given.
func TestRedteam57_SignatoryRefusedWhenNotAName(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	for _, name := range []string{
		"Wang\u202eLi", "Wang\u200bLi", "Wang\ufeffLi", "Wang Li  有效期至 2099-12-31", "Wang Li 有效期至 2099-12-31",
		"Wang\u00a0Li", "王\u3000丽", "Wang\tLi", "Wang\nLi", strings.Repeat("王", 101),
	} {
		b, _ := json.Marshal(map[string]string{"signatory": name})
		e := MustError(t, st.do(t, st.issueReq(t, fx.app, string(b))), 400, "invalid")
		if e.Error.Field != "signatory" || !strings.Contains(e.Error.Message, "授权签字人") || !strings.Contains(e.Error.Message, "signatory ") {
			t.Errorf("%q: %+v, want signatory named, in Chinese and English", name, e.Error)
		}
		if a := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200); a.Status != "pending" {
			t.Fatalf("%q: application %s after a refused issue", name, a.Status)
		}
	}
	// A name of 100 characters, and one of two words, are a signatory.
	long := strings.Repeat("王", 100)
	if utf8.RuneCountInString(long) != 100 {
		t.Fatal("bad fixture")
	}
	b, _ := json.Marshal(map[string]string{"signatory": " Wang Li "})
	MustData[issueData](t, st.do(t, st.issueReq(t, fx.app, string(b))), 201)
	st2 := newSeededStack(t)
	fx2 := st2.seedFixture(t, "")
	b, _ = json.Marshal(map[string]string{"signatory": long})
	MustData[issueData](t, st2.do(t, st2.issueReq(t, fx2.app, string(b))), 201)
}

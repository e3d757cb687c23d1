package api

import (
	"strings"
	"testing"
)

// Ensure the stages a format-2 certificate declares not applicable are
// shown with their reasons. (Through the API they cannot be produced yet:
// the stored result does not keep Result.NotApplicable.)
func TestVerifyPage_NotApplicable(t *testing.T) {
	var buf strings.Builder
	p := verifyPage{Found: true, V: verifyJSON{NotApplicable: []notApplicableJSON{
		{Code: "A3", NameZH: "运输", NameEN: "transport (inbound and in-plant)", Reason: "every input is made on this site"},
	}}}
	// The page's content (what main holds in the layout), from the site's
	// "verify" page (api/web/templates/verify.html).
	if err := pageTemplates["verify"].Lookup("verify-content").Execute(&buf, p); err != nil {
		t.Fatal(err)
	}
	if want := "<li>A3 运输 transport (inbound and in-plant): every input is made on this site</li>"; !strings.Contains(buf.String(), want) {
		t.Fatalf("page lacks %q", want)
	}
	if !strings.Contains(buf.String(), "不适用阶段<br>Stages not applicable") {
		t.Fatal("page lacks the heading of the stages not applicable")
	}
}

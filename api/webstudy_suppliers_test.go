package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure the manufacturer's study page warns of a supplier certificate
// whose record fails the service's signature check, as the certifier's
// review does (red team 53): the application and the issue refuse such a
// study, and the page said nothing, so its manufacturer learnt of it from
// a refusal only.
func TestWebStudy_SupplierFailingItsSignature(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: buyerStudy(t, "GEC-WEB-SIG", fx.number)}), 201).ID
	u := st.signedIn(t, asMaker)
	if page := u.get("/work/studies/" + id).Body.String(); strings.Contains(page, `id="supplier-warnings"`) {
		t.Fatalf("control: the study page warns of its valid supplier certificate %s", fx.number)
	}
	st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, "webstudy other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	page := u.get("/work/studies/" + id).Body.String()
	_, section, ok := strings.Cut(page, `id="supplier-warnings"`)
	section, _, _ = strings.Cut(section, "</section>")
	for _, w := range []string{fx.number, "bom[", "签名未通过验证", "digital signature check", "不会以其签发证书", "no certificate is issued on it"} {
		if !ok || !strings.Contains(section, w) {
			t.Errorf("the study page's supplier warnings lack %q: %q", w, section)
		}
	}
}

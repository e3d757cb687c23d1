package api_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
)

// Red team 83: markup in a product's text, through the service. The
// manufacturer names its model "DEMO<svg/onload=location='//ev.il'>" and
// puts before its Chinese name the characters whose UTF-16 is
// "N<img src=x onerror=…>" (丼業朠獲挽砠潮敲牯爽…); the service accepts
// both at application and issue (red team 41 decided that markup in a
// product's text is escaped by the pages). Until layout 8 its certificate
// and label PDFs held both as they are, the first in the page, the second
// in the document information, so that the genuine files were also web
// pages running the applicant's script (labels' TestRedteam83_*). The
// documents the service gives now hold neither, and verify.
func TestRedteam83_DocumentsOfAProductWithMarkupInItsText(t *testing.T) {
	st := newRenderingStack(t)
	const model = "DEMO<svg/onload=location='//ev.il'>"
	const zh = "丼業朠獲挽砠潮敲牯爽瑯灛恣潮獯汥恝孠汯杠嵠景牧怠" // UTF-16: "N<img src=x onerror=top[`console`][`log`]`forg` "
	study := setModel(pvStudy(t, "GEC-RT83-1"), model)
	study = bytes.Replace(study, []byte(`"name_zh": "`), []byte(`"name_zh": "`+zh), 1)
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: study}), 201).ID
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201)

	keys, err := certification.ParsePublicKeysJWKS(st.do(t, request{method: "GET", target: "/v1/keys"}).Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{"certificate.pdf", "label.pdf"} {
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + issued.CertificateID + "/" + doc, as: asMaker})
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", doc, rec.Code, rec.Body)
		}
		pdf := rec.Body.Bytes()
		for _, markup := range []string{"<svg/onload=", "<img src=x onerror="} {
			if bytes.Contains(pdf, []byte(markup)) {
				t.Errorf("the service's %s holds %q: a browser opening it as a web page runs the applicant's script", doc, markup)
			}
		}
		if !bytes.Contains(pdf, []byte("("+labels.DocumentFormat+" ")) {
			t.Errorf("the service's %s is not of layout %s", doc, labels.DocumentFormat)
		}
		rep, err := labels.VerifyPDF(pdf, keys)
		if err != nil || !rep.OK() {
			t.Errorf("the service's %s does not verify: %v", doc, err)
		}
		if !strings.Contains(rep.Signed.Certificate.Product.Model, "<svg/onload=") {
			t.Errorf("the %s does not sign the model as applied for: %q", doc, rep.Signed.Certificate.Product.Model)
		}
	}
}

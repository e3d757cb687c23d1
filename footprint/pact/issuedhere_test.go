package pact_test

import (
	"slices"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure IssuedHereMarks finds what this service writes into its
// certificates' footprints wherever an edited copy may keep it: certificate
// numbers in any string or key (any case), UUIDs but the document's own id
// (a verification URL, precedingPfIds), and company and product
// identifiers in the form companyURN and ProductURN write, under any host,
// escaped or not; in a {"data": …} envelope too. They are candidates (which
// name this service only its store knows); a product identifier without
// an organisation and a model is none, nor is anything in a document that
// is not an object.
func TestIssuedHereMarks(t *testing.T) {
	const id = "0b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := `{"data":{"id":"` + id + `","comment":"Certificate CDPCF-2026-000001. Verify at https://pcf.example.cn/v1/certificates/9B0A0000-0000-4000-8000-000000000001/verify.",
 "precedingPfIds":["9b0a0000-0000-4000-8000-000000000002"],
 "companyIds":["urn:pact:supplier.example:company-id:1","URN:PACT:pcf.example.cn:Company-ID:Demo%20Module%20Co."],
 "productIds":["urn:gtin:06901234567892","urn:pact:other.example:product-id:Demo Module Co.:MOD-A","urn:pact:supplier.example:product-id:JB-1"],
 "extensions":[{"dataSchema":"https://supplier.example/x.json","data":{"certificate":"cdpcf-2026-000002","CDPCF-2026-000003":1}}]}}`
	got := pact.IssuedHereMarks([]byte(doc))
	want := []pact.Mark{
		{Field: "pact_footprint.comment", Kind: pact.MarkNumber, Value: "CDPCF-2026-000001"},
		{Field: "pact_footprint.comment", Kind: pact.MarkCertificateID, Value: "9b0a0000-0000-4000-8000-000000000001"},
		{Field: "pact_footprint.companyIds[0]", Kind: pact.MarkOrganisation, Value: "1"}, // a candidate: the store knows no holder "1"
		{Field: "pact_footprint.companyIds[1]", Kind: pact.MarkOrganisation, Value: "Demo Module Co."},
		{Field: "pact_footprint.extensions[0].data.CDPCF-2026-000003", Kind: pact.MarkNumber, Value: "CDPCF-2026-000003"},
		{Field: "pact_footprint.extensions[0].data.certificate", Kind: pact.MarkNumber, Value: "CDPCF-2026-000002"},
		{Field: "pact_footprint.precedingPfIds[0]", Kind: pact.MarkCertificateID, Value: "9b0a0000-0000-4000-8000-000000000002"},
		{Field: "pact_footprint.productIds[1]", Kind: pact.MarkProduct, Value: "Demo Module Co.", Model: "MOD-A"},
	}
	for i := range got {
		got[i].Text = ""
	}
	if !slices.Equal(got, want) {
		t.Errorf("marks\n got %+v\nwant %+v", got, want)
	}
	for _, doc := range []string{`[1]`, `"x"`, `{`, `{"id":"` + id + `","companyIds":["urn:pact:x:product-id:nomodel"]}`} {
		if m := pact.IssuedHereMarks([]byte(doc)); len(m) != 0 {
			t.Errorf("%s: marks %+v, want none", doc, m)
		}
	}
}

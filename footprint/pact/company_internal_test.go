package pact

import "testing"

// Ensure a footprint's company is read as ParseSupplier reads the
// document (names exactly, bare or in a GetFootprint envelope), and that
// two companies are one when they share an identifier, or, when either
// states none, a name; what states neither is not told apart (red team
// 30: another company's document stored as a footprint's update or
// replacement).
func TestCompany_Same(t *testing.T) {
	a := CompanyOf([]byte(`{"data":{"companyName":" Supplier AG ","companyIds":["urn:pact:supplier.example:company-id:1"," "]}}`))
	if a.Name != "Supplier AG" || len(a.IDs) != 1 {
		t.Fatalf("read %+v", a)
	}
	if c := CompanyOf([]byte(`{"CompanyName":"X","companyIds":["urn:x"],"CompanyIds":["urn:y"]}`)); c.Name != "" || len(c.IDs) != 1 || c.IDs[0] != "urn:x" {
		t.Errorf("names read otherwise than exactly: %+v", c)
	}
	if c := CompanyOf([]byte(`not json`)); c.Name != "" || c.IDs != nil {
		t.Errorf("unreadable: %+v", c)
	}
	for _, tt := range []struct {
		b    Company
		same bool
	}{
		{Company{Name: "Other Ltd", IDs: []string{"URN:PACT:SUPPLIER.EXAMPLE:COMPANY-ID:1", "urn:other"}}, true}, // an identifier in common, whatever the name
		{Company{Name: "Supplier AG", IDs: []string{"urn:pact:other.example:company-id:7"}}, false},              // identifiers decide
		{Company{Name: "supplier ag"}, true},
		{Company{Name: "Other Ltd"}, false},
		{Company{}, true},
	} {
		if got := a.Same(tt.b); got != tt.same || tt.b.Same(a) != tt.same {
			t.Errorf("%v and %v: same %v, want %v", a, tt.b, got, tt.same)
		}
	}
}

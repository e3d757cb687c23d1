package factordb_test

import (
	"context"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure an application stored before applications recorded their product
// is read with its study's product, figure and declared unit, the same an
// application made now records: GET /v1/applications/{id} reads it here.
func TestFindApplicationByID_OlderRecordHasItsProduct(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := s.MustApply(t, "GEC-OLD-1")
	if a.Product == (certification.ApplicationProduct{}) {
		t.Fatal("a new application records no product")
	}
	if err := factordb.PutApplicationWithoutProduct(s.db, a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.certs.FindApplicationByID(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Product != a.Product {
		t.Errorf("older application read with product %+v, want its study's %+v", got.Product, a.Product)
	}
}

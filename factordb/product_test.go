package factordb_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// newProduct returns a product of owner with the given model and codes.
func newProduct(tb testing.TB, owner, model string, codes ...string) *footprint.ProductRecord {
	tb.Helper()
	return &footprint.ProductRecord{Owner: owner, Product: footprint.Product{
		Name: "Module " + model, Model: model, ProductCodes: footprinttest.ProductCodes(tb, codes...),
	}}
}

func TestProductService_CreateProduct(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure a product is stored with every field and read back.
		svc := factordb.NewProductService(MustOpenDB(t))
		p := &footprint.ProductRecord{Owner: "Demo Module Co.", Product: footprint.Product{
			Name: "Demo module", NameZH: "示例组件", Model: "DEMO-M10-54", Manufacturer: "Demo Module Co.",
			Site: "Chengdu", ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "854143"}, {Scheme: "CNPC", Code: "3825"}},
			GTIN: "06901234567892", MassKg: 25.857, RatedPowerWp: 433.6, AreaM2: 1.952748, CellTechnology: "mono-Si",
			ActiveAreaM2: 1.5, Use: &footprint.UseProfile{AnnualKWh: 10, LifetimeYears: 5, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024", Stage: "B6", Notes: "n"},
		}}
		if err := svc.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		if _, ok := uuidOf(p.ID); !ok || p.CreatedAt.IsZero() {
			t.Fatalf("ID=%q CreatedAt=%v", p.ID, p.CreatedAt)
		}
		got, err := svc.FindProductByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Fatalf("read back %+v, want %+v", got, p)
		}
	})

	t.Run("TrimsText", func(t *testing.T) {
		// Ensure text is stored without surrounding space, so that a model
		// with a stray space is the same model.
		svc := factordb.NewProductService(MustOpenDB(t))
		p := &footprint.ProductRecord{Owner: "A", Product: footprint.Product{Name: " Demo module ", Model: " M1\t", Site: " Chengdu "}}
		if err := svc.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := svc.FindProductByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Demo module" || got.Model != "M1" || got.Site != "Chengdu" {
			t.Fatalf("stored %+v", got.Product)
		}
		assertCode(t, svc.CreateProduct(ctx, newProduct(t, "A", "M1")), footprint.ECONFLICT)
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure an invalid product is EINVALID and a second product of
		// one owner with the same model ECONFLICT; another owner may use
		// the model.
		svc := factordb.NewProductService(MustOpenDB(t))
		assertCode(t, svc.CreateProduct(ctx, newProduct(t, "A", "")), footprint.EINVALID)
		assertCode(t, svc.CreateProduct(ctx, newProduct(t, "", "M1")), footprint.EINVALID)
		assertCode(t, svc.CreateProduct(ctx, nil), footprint.EINVALID)
		bad := newProduct(t, "A", "M1")
		bad.Product.MassKg = -1
		assertCode(t, svc.CreateProduct(ctx, bad), footprint.EINVALID)

		if err := svc.CreateProduct(ctx, newProduct(t, "A", "M1")); err != nil {
			t.Fatal(err)
		}
		dup := newProduct(t, "A", "M1")
		assertCode(t, svc.CreateProduct(ctx, dup), footprint.ECONFLICT)
		if dup.ID != "" {
			t.Fatal("refused product got an ID")
		}
		if err := svc.CreateProduct(ctx, newProduct(t, "B", "M1")); err != nil {
			t.Fatal(err)
		}
		_, total, err := svc.FindProducts(ctx, footprint.ProductFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 {
			t.Fatalf("%d products stored, want 2", total)
		}
	})
}

func TestProductService_FindProductByID(t *testing.T) {
	// Ensure an unknown or malformed ID is ENOTFOUND.
	svc := factordb.NewProductService(MustOpenDB(t))
	for _, id := range []string{uuid.NewString(), "x", ""} {
		_, err := svc.FindProductByID(context.Background(), id)
		assertCode(t, err, footprint.ENOTFOUND)
	}
}

func TestProductService_FindProducts(t *testing.T) {
	ctx := context.Background()
	svc := factordb.NewProductService(MustOpenDB(t))
	var ids []string
	for _, p := range []*footprint.ProductRecord{
		newProduct(t, "A", "M1", "HS:854143"),
		newProduct(t, "B", "M1", "HS:847130"),
		newProduct(t, "A", "M2", "HS:854142", "CNPC:3825"),
		newProduct(t, "AB", "M3"),
	} {
		if err := svc.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	for _, tt := range []struct {
		name   string
		filter footprint.ProductFilter
		want   []string
		total  int
	}{
		{"All", footprint.ProductFilter{}, ids, 4},
		{"Owner", footprint.ProductFilter{Owner: ptr("A")}, []string{ids[0], ids[2]}, 2},
		{"CodePrefix", footprint.ProductFilter{ProductCode: ptr("8541")}, []string{ids[0], ids[2]}, 2},
		{"CodeFull", footprint.ProductFilter{ProductCode: ptr("854142")}, []string{ids[2]}, 1},
		{"CodeScheme", footprint.ProductFilter{ProductCode: ptr("CNPC:38")}, []string{ids[2]}, 1},
		{"CodeOtherScheme", footprint.ProductFilter{ProductCode: ptr("CPC:8541")}, nil, 0},
		{"CodeOwner", footprint.ProductFilter{Owner: ptr("B"), ProductCode: ptr("8541")}, nil, 0},
		{"Page", footprint.ProductFilter{Offset: 1, Limit: 2}, ids[1:3], 4},
		{"PastEnd", footprint.ProductFilter{Offset: 10}, nil, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure the filter selects the matching products in
			// creation order, with the total before paging.
			got, total, err := svc.FindProducts(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for _, p := range got {
				gotIDs = append(gotIDs, p.ID)
			}
			if !slices.Equal(gotIDs, tt.want) || total != tt.total {
				t.Fatalf("got %v (total %d), want %v (total %d)", gotIDs, total, tt.want, tt.total)
			}
		})
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		// Ensure a negative offset or limit is EINVALID.
		_, _, err := svc.FindProducts(ctx, footprint.ProductFilter{Offset: -1})
		assertCode(t, err, footprint.EINVALID)
		_, _, err = svc.FindProducts(ctx, footprint.ProductFilter{Limit: -1})
		assertCode(t, err, footprint.EINVALID)
	})
}

// FindProducts of one owner reads the owner's models and answers exactly
// what reading every product answers, with code filters and pages.
func TestProductService_FindProductsByOwner(t *testing.T) {
	ctx := context.Background()
	svc := factordb.NewProductService(MustOpenDB(t))
	for i, owner := range []string{"A", "AB", "A", "B", "A", "AB", "A"} {
		codes := []string{"HS:854143"}
		if i%2 == 1 {
			codes = []string{"HS:850440", "CPC:4621"}
		}
		if err := svc.CreateProduct(ctx, newProduct(t, owner, fmt.Sprintf("M%d", i), codes...)); err != nil {
			t.Fatal(err)
		}
	}
	str := func(v string) *string { return &v }
	for _, f := range []footprint.ProductFilter{
		{Owner: str("A")},
		{Owner: str("AB")},
		{Owner: str("A"), ProductCode: str("8541")},
		{Owner: str("AB"), ProductCode: str("HS:850440"), ProductCodeExact: true},
		{Owner: str("A"), Offset: 1, Limit: 2},
		{Owner: str("Nobody")},
		{},
	} {
		got, gotTotal, err := svc.FindProducts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want, wantTotal, err := svc.FindProductsScan(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if gotTotal != wantTotal || !reflect.DeepEqual(got, want) {
			t.Fatalf("filter %+v: %d products (total %d), scan %d (total %d)", f, len(got), gotTotal, len(want), wantTotal)
		}
	}
	if _, total, _ := svc.FindProducts(ctx, footprint.ProductFilter{Owner: str("A")}); total != 4 {
		t.Fatalf("owner A: %d products, want 4", total)
	}
}

package factordb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Buckets of the product registry (see doc.go).
var (
	productsBucket      = []byte("products")       // UUID (16 bytes) → productRecord
	productModelsBucket = []byte("product_models") // owner key + model → product UUID
)

// ProductService implements footprint.ProductService on a DB.
type ProductService struct {
	db *DB
}

var _ footprint.ProductService = (*ProductService)(nil)

// NewProductService returns a ProductService storing products in db.
func NewProductService(db *DB) *ProductService {
	return &ProductService{db: db}
}

// productRecord is the stored form of a footprint.ProductRecord.
type productRecord struct {
	V         int           `json:"v"`
	ID        string        `json:"id"`
	Owner     string        `json:"owner"`
	CreatedAt time.Time     `json:"created_at"`
	Product   productFields `json:"product"`
}

// productFields is the stored form of a footprint.Product.
type productFields struct {
	Name           string      `json:"name,omitempty"`
	NameZH         string      `json:"name_zh,omitempty"`
	Model          string      `json:"model,omitempty"`
	Manufacturer   string      `json:"manufacturer,omitempty"`
	Site           string      `json:"site,omitempty"`
	ProductCodes   []string    `json:"product_codes,omitempty"` // "HS:854143"
	GTIN           string      `json:"gtin,omitempty"`
	MassKg         float64     `json:"mass_kg,omitempty"`
	RatedPowerWp   float64     `json:"rated_power_wp,omitempty"`
	AreaM2         float64     `json:"area_m2,omitempty"`
	CellTechnology string      `json:"cell_technology,omitempty"`
	ActiveAreaM2   float64     `json:"active_area_m2,omitempty"`
	Use            *useProfile `json:"use,omitempty"`
}

// useProfile is the stored form of a footprint.UseProfile.
type useProfile struct {
	AnnualKWh     float64 `json:"annual_kwh"`
	LifetimeYears float64 `json:"lifetime_years"`
	Country       string  `json:"country,omitempty"`
	Factor        string  `json:"factor,omitempty"`
	Stage         string  `json:"stage,omitempty"`
	Notes         string  `json:"notes,omitempty"`
}

func newProductFields(p *footprint.Product) productFields {
	f := productFields{
		Name: p.Name, NameZH: p.NameZH, Model: p.Model, Manufacturer: p.Manufacturer, Site: p.Site,
		GTIN: p.GTIN, MassKg: p.MassKg, RatedPowerWp: p.RatedPowerWp, AreaM2: p.AreaM2,
		CellTechnology: p.CellTechnology, ActiveAreaM2: p.ActiveAreaM2,
	}
	for _, pc := range p.ProductCodes {
		f.ProductCodes = append(f.ProductCodes, pc.String())
	}
	if u := p.Use; u != nil {
		f.Use = &useProfile{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears, Country: u.Country, Factor: u.Factor, Stage: u.Stage, Notes: u.Notes}
	}
	return f
}

func (f *productFields) domain() (footprint.Product, error) {
	p := footprint.Product{
		Name: f.Name, NameZH: f.NameZH, Model: f.Model, Manufacturer: f.Manufacturer, Site: f.Site,
		GTIN: f.GTIN, MassKg: f.MassKg, RatedPowerWp: f.RatedPowerWp, AreaM2: f.AreaM2,
		CellTechnology: f.CellTechnology, ActiveAreaM2: f.ActiveAreaM2,
	}
	for _, s := range f.ProductCodes {
		pc, err := footprint.ParseProductCode(s)
		if err != nil {
			return p, fmt.Errorf("product code %q: %w", s, errCorrupt)
		}
		p.ProductCodes = append(p.ProductCodes, pc)
	}
	if u := f.Use; u != nil {
		p.Use = &footprint.UseProfile{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears, Country: u.Country, Factor: u.Factor, Stage: u.Stage, Notes: u.Notes}
	}
	return p, nil
}

func (r *productRecord) domain() (*footprint.ProductRecord, error) {
	p, err := r.Product.domain()
	if err != nil {
		return nil, fmt.Errorf("product %s: %w", r.ID, err)
	}
	return &footprint.ProductRecord{ID: r.ID, Owner: r.Owner, CreatedAt: r.CreatedAt, Product: p}, nil
}

// productModelKey is the uniqueness key of a model within an owner's
// products.
func productModelKey(owner, model string) []byte {
	return append(ownerPrefix(owner), model...)
}

// CreateProduct validates and stores a product, setting p.ID (a new random
// UUID) and p.CreatedAt. Returns EINVALID for an invalid product or a
// missing owner, and ECONFLICT if the owner already registered a product
// with the same model.
func (s *ProductService) CreateProduct(ctx context.Context, p *footprint.ProductRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p == nil {
		return footprint.Errorf(footprint.EINVALID, "product required")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if strings.TrimSpace(p.Owner) == "" {
		return footprint.FieldErrorf(footprint.EINVALID, "owner", "owner is required")
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return fmt.Errorf("factordb: new product id: %w", err)
	}
	rec := &productRecord{V: recordV1, ID: id.String(), Owner: p.Owner, CreatedAt: s.db.now(), Product: newProductFields(&p.Product)}
	model := strings.TrimSpace(p.Product.Model)
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		models := tx.Bucket(productModelsBucket)
		mk := productModelKey(rec.Owner, model)
		if models.Get(mk) != nil {
			return footprint.FieldErrorf(footprint.ECONFLICT, "model", "model %q is already registered", model)
		}
		if err := models.Put(mk, id[:]); err != nil {
			return fmt.Errorf("put product model: %w", err)
		}
		return putJSON(tx.Bucket(productsBucket), id[:], rec)
	})
	if err != nil {
		return internal("create product", err)
	}
	p.ID, p.CreatedAt = rec.ID, rec.CreatedAt
	return nil
}

// FindProductByID returns ENOTFOUND if no product has that ID.
func (s *ProductService) FindProductByID(ctx context.Context, id string) (*footprint.ProductRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	notFound := footprint.Errorf(footprint.ENOTFOUND, "product %q not found", id)
	key, ok := uuidKey(id)
	if !ok {
		return nil, notFound
	}
	var rec productRecord
	var found bool
	err := s.db.db.View(func(tx *bolt.Tx) error {
		var err error
		found, err = getJSON(tx.Bucket(productsBucket), key, &rec)
		return err
	})
	if err != nil {
		return nil, internal("find product", err)
	}
	if !found {
		return nil, notFound
	}
	p, err := rec.domain()
	return p, internal("find product", err)
}

// FindProducts returns the matching products, ordered by creation time then
// ID, and the total number matching, ignoring Offset and Limit. A
// ProductCode filter is a prefix of the code part of any product code
// ("8541" finds HS:854143), or of the whole code when it names a scheme
// ("HS:8541"). Returns EINVALID for a negative offset or limit.
func (s *ProductService) FindProducts(ctx context.Context, filter footprint.ProductFilter) ([]*footprint.ProductRecord, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	limit, err := offsetLimit(filter.Offset, filter.Limit)
	if err != nil {
		return nil, 0, err
	}
	var recs []*productRecord
	err = s.db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(productsBucket).ForEach(func(k, v []byte) error {
			var rec productRecord
			if err := decodeJSON(v, &rec); err != nil {
				return fmt.Errorf("product %x: %w", k, err)
			}
			if filter.Owner != nil && rec.Owner != *filter.Owner {
				return nil
			}
			if filter.ProductCode != nil && !slices.ContainsFunc(rec.Product.ProductCodes, func(pc string) bool {
				return codeHasPrefix(pc, *filter.ProductCode)
			}) {
				return nil
			}
			recs = append(recs, &rec)
			return nil
		})
	})
	if err != nil {
		return nil, 0, internal("find products", err)
	}
	slices.SortFunc(recs, func(a, b *productRecord) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	total := len(recs)
	recs = recs[min(filter.Offset, total):]
	recs = recs[:min(limit, len(recs))]
	out := make([]*footprint.ProductRecord, len(recs))
	for i, rec := range recs {
		if out[i], err = rec.domain(); err != nil {
			return nil, 0, internal("find products", err)
		}
	}
	return out, total, nil
}

// codeHasPrefix reports whether product code pc ("HS:854143") matches a
// prefix query: digits match the code part ("8541"), a query with a scheme
// matches the whole code ("HS:8541", scheme case-insensitive).
func codeHasPrefix(pc, prefix string) bool {
	scheme, code, _ := strings.Cut(pc, ":")
	if qs, qc, ok := strings.Cut(prefix, ":"); ok {
		return strings.EqualFold(scheme, strings.TrimSpace(qs)) && strings.HasPrefix(code, strings.TrimSpace(qc))
	}
	return strings.HasPrefix(code, prefix)
}

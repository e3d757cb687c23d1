package factordb

import (
	"bytes"
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
	db   *DB
	scan bool // tests only: FindProducts reads every product, not an owner's models
}

var _ footprint.ProductService = (*ProductService)(nil)

// NewProductService returns a ProductService storing products in db.
func NewProductService(db *DB) *ProductService {
	return &ProductService{db: db}
}

// productRecord is the stored form of a footprint.ProductRecord. Unlike
// the API's flat form, the stored layout (schema 1) nests the product under
// "product", so this record keeps its own shape around the shared
// footprint.Product.
type productRecord struct {
	V         int               `json:"v"`
	ID        string            `json:"id"`
	Owner     string            `json:"owner"`
	CreatedAt time.Time         `json:"created_at"`
	Product   footprint.Product `json:"product"`
}

func (r *productRecord) domain() *footprint.ProductRecord {
	return &footprint.ProductRecord{ID: r.ID, Owner: r.Owner, CreatedAt: r.CreatedAt, Product: r.Product}
}

// productModelKey is the uniqueness key of a model within an owner's
// products.
func productModelKey(owner, model string) []byte {
	return append(ownerPrefix(owner), model...)
}

// CreateProduct trims the product's text, validates it and stores it,
// setting p.ID (a new random UUID) and p.CreatedAt. Returns EINVALID for an invalid product or a
// missing owner, and ECONFLICT if the owner already registered a product
// with the same model.
func (s *ProductService) CreateProduct(ctx context.Context, p *footprint.ProductRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p == nil {
		return footprint.Errorf(footprint.EINVALID, "product required")
	}
	p.Product.TrimSpace()
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
	rec := &productRecord{V: recordV1, ID: id.String(), Owner: p.Owner, CreatedAt: s.db.now(), Product: p.Product}
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
	key, ok := uuidKey(id)
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "product %q not found", id)
	}
	var rec productRecord
	err := s.db.db.View(func(tx *bolt.Tx) error {
		return findJSON(tx.Bucket(productsBucket), key, &rec, "product %q not found", id)
	})
	if err != nil {
		return nil, internal("find product", err)
	}
	return rec.domain(), nil
}

// FindProducts returns the matching products, ordered by creation time then
// ID, and the total number matching, ignoring Offset and Limit. ProductCode
// and ProductCodeExact are a footprint.ProductCodeQuery. Returns EINVALID for
// a negative offset or limit or a malformed product code.
func (s *ProductService) FindProducts(ctx context.Context, filter footprint.ProductFilter) ([]*footprint.ProductRecord, int, error) {
	limit, pcq, err := listQuery(ctx, filter.Offset, filter.Limit, filter.ProductCode, filter.ProductCodeExact)
	if err != nil {
		return nil, 0, err
	}
	var recs []*productRecord
	err = s.db.db.View(func(tx *bolt.Tx) error {
		filter.Owner = registeredName(tx, filter.Owner) // red team 61
		products := tx.Bucket(productsBucket)
		visit := func(k, v []byte) error {
			var rec productRecord
			if err := decodeJSON(v, &rec); err != nil {
				return fmt.Errorf("product %x: %w", k, err)
			}
			if filter.Owner != nil && rec.Owner != *filter.Owner {
				return nil
			}
			if !pcq.MatchAny(rec.Product.ProductCodes) {
				return nil
			}
			recs = append(recs, &rec)
			return nil
		}
		if filter.Owner != nil && !s.scan {
			// An owner's products, through its models (one each).
			prefix := ownerPrefix(*filter.Owner)
			c := tx.Bucket(productModelsBucket).Cursor()
			for k, id := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, id = c.Next() {
				if err := visitIndexed(products, "product", id, visit); err != nil {
					return err
				}
			}
			return nil
		}
		return products.ForEach(visit)
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
		out[i] = rec.domain()
	}
	return out, total, nil
}

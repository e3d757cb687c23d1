package footprint

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ProductRecord is a product a manufacturer registered (PRODUCT.md: a
// manufacturer "registers products"). Studies describe their product
// themselves (Study.Product); a registered product lets a manufacturer
// submit a bill of materials without repeating the product description
// (the API copies Product into the study), and lets a regulator see what a
// company has registered.
type ProductRecord struct {
	ID        string // random UUID, set by ProductService.CreateProduct
	Owner     string // organisation that registered it
	CreatedAt time.Time

	Product Product
}

// Validate returns EINVALID, naming the field, for a product without a name
// or model, or with a malformed product code or negative size.
func (p *ProductRecord) Validate() error {
	pr := p.Product
	switch {
	case strings.TrimSpace(pr.Name) == "" && strings.TrimSpace(pr.NameZH) == "":
		return FieldErrorf(EINVALID, "name", "a Chinese or English product name is required")
	case strings.TrimSpace(pr.Model) == "":
		return FieldErrorf(EINVALID, "model", "model is required")
	case len(pr.ProductCodes) > MaxCertificateCodes:
		return FieldErrorf(EINVALID, "product_codes", "at most %d product codes", MaxCertificateCodes)
	}
	for i, pc := range pr.ProductCodes {
		if _, err := ParseProductCode(pc.String()); err != nil {
			return FieldErrorf(EINVALID, fmt.Sprintf("product_codes[%d]", i), "%s", ErrorMessage(err))
		}
	}
	for _, v := range []struct {
		field string
		x     float64
	}{{"mass_kg", pr.MassKg}, {"rated_power_wp", pr.RatedPowerWp}, {"area_m2", pr.AreaM2}, {"active_area_m2", pr.ActiveAreaM2}} {
		if v.x < 0 || isNaNOrInf(v.x) {
			return FieldErrorf(EINVALID, v.field, "%s must be a non-negative number", v.field)
		}
	}
	return nil
}

// ProductFilter selects registered products. Nil fields do not filter.
// Results are ordered by creation time, then ID.
type ProductFilter struct {
	Owner       *string
	ProductCode *string // prefix of the code part of any product code ("8541" finds HS:854143)

	Offset int
	Limit  int // 0 = DefaultLimit; capped at MaxLimit
}

// ProductService stores the products manufacturers register.
type ProductService interface {
	// CreateProduct validates and stores a product, setting p.ID (a new
	// random UUID) and p.CreatedAt. Returns EINVALID for an invalid
	// product and ECONFLICT if the owner already registered a product with
	// the same model.
	CreateProduct(ctx context.Context, p *ProductRecord) error

	// FindProductByID returns ENOTFOUND if no product has that ID.
	FindProductByID(ctx context.Context, id string) (*ProductRecord, error)

	// FindProducts returns the matching products and the total number
	// matching, ignoring Offset and Limit. Returns EINVALID for a negative
	// offset or limit.
	FindProducts(ctx context.Context, filter ProductFilter) ([]*ProductRecord, int, error)
}

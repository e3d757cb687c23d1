package footprint

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/internal/modelchars"
	"github.com/chengdu-pcf/pcf/footprint/internal/site"
	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
)

// ProductRecord is a product a manufacturer registered: the API copies its Product into a study
// submitted without one, and a regulator sees what a company registered. Its JSON form is what the
// API returns (the product's fields next to id, owner and created_at); a client binds a Product,
// never a ProductRecord, whose ID, Owner and CreatedAt are the service's to set.
type ProductRecord struct {
	ID        string    `json:"id"`    // random UUID, set by ProductService.CreateProduct
	Owner     string    `json:"owner"` // organisation that registered it
	CreatedAt time.Time `json:"created_at"`

	Product
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
	case site.Region(pr.SiteRegion) != "": // as a study's product.site_region (red team 51)
		return FieldErrorf(EINVALID, "site_region", "%s", site.Region(pr.SiteRegion))
	}
	for i, pc := range pr.ProductCodes {
		if _, err := ParseProductCode(pc.String()); err != nil {
			return FieldErrorf(EINVALID, at("product_codes", i), "%s", ErrorMessage(err))
		}
	}
	if err := CheckModelCharacters("model", pr.Model); err != nil {
		return err
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

// TrimSpace removes leading and trailing space from the product's text
// fields.
func (p *Product) TrimSpace() {
	for _, s := range []*string{&p.Name, &p.NameZH, &p.Model, &p.Manufacturer, &p.Site, &p.SiteRegion, &p.GTIN, &p.CellTechnology} {
		*s = strings.TrimSpace(*s)
	}
}

// MarshalText writes the code as "SCHEME:code", its form in every
// document.
func (p ProductCode) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText parses "SCHEME:code" (ParseProductCode). It returns
// EINVALID naming the field product_codes.
func (p *ProductCode) UnmarshalText(b []byte) error {
	pc, err := ParseProductCode(string(b))
	if err != nil {
		return FieldErrorf(EINVALID, "product_codes", "%s", ErrorMessage(err))
	}
	*p = pc
	return nil
}

// ProductCodes is a list of product codes: in JSON an array of "SCHEME:code" strings, an element
// that is no string or does not parse EINVALID naming its place, product_codes[i].
type ProductCodes []ProductCode

// UnmarshalJSON reads an array of "SCHEME:code" strings.
func (pcs *ProductCodes) UnmarshalJSON(b []byte) error {
	var ss []string
	if err := json.Unmarshal(b, &ss); err != nil {
		return FieldErrorf(EINVALID, "product_codes"+jsonerr.Element(err, b, &ss), "want an array of product code strings such as \"HS:854143\"")
	}
	var out ProductCodes // null and [] are no codes
	for i, s := range ss {
		pc, err := ParseProductCode(s)
		if err != nil {
			return FieldErrorf(EINVALID, at("product_codes", i), "%s", ErrorMessage(err))
		}
		out = append(out, pc)
	}
	*pcs = out
	return nil
}

// ProductFilter selects registered products. Nil fields do not filter.
// Results are ordered by creation time, then ID.
type ProductFilter struct {
	Owner            *string
	ProductCode      *string // [SCHEME:]digits, a ProductCodeQuery: a prefix of any product code ("8541" finds HS:854143)
	ProductCodeExact bool    // match ProductCode exactly instead of as a prefix

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

// MaxCertificateCodes is the most product codes a product, and the most
// product codes or grid factors a certificate, carries: what fits the
// printed certificate.
const MaxCertificateCodes = 20

// CheckModelCharacters returns EINVALID, naming field, for a
// product model with a letter or a digit that is neither ASCII nor a
// Chinese character: a full-width "５４" or "Ｍ", a superscript digit, a
// letter of another script: the certificate prints "DEMO-M10-５４" as
// DEMO-M10-54, while the model lineage (one current certificate per holder
// and model) took it for another model. certification.NewCertificate and
// ProductRecord.Validate run it (certificates already issued still verify).
//
// Chinese characters are letters of their own, but a few single strokes
// and shapes read as Latin letters, digits or dashes beside Latin text (一
// as a dash, 丨 as 1 or l, 口 as O, 工 as I, 十 as +): one standing next to
// an ASCII character (a letter, a digit, punctuation or a space) is
// refused; inside Chinese text ("一体机 A1", "十代 i7", "工业平板") it is
// a character like any other. 〇 (U+3007, a number, not a letter) is
// refused anywhere: the lineage drops it.
//
// A model must hold a letter or a digit: one of punctuation only ("—·—")
// has no lineage at all, so each of its certificates stood alone.
func CheckModelCharacters(field, model string) error {
	switch r, none := modelchars.Odd(model); {
	case none:
		return FieldErrorf(EINVALID, field, "model %q holds no letter or digit: a model is named by its letters and digits", model)
	case r != 0:
		return FieldErrorf(EINVALID, field,
			"model %q holds %q (%U), which reads as another letter, digit or dash: write the model's Latin letters, digits and dashes in ASCII, so that a reader and the model lineage see the same model", model, r, r)
	}
	return nil
}

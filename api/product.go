package api

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/labstack/echo/v4"
)

// maxProductModel is the longest product model a certificate prints
// (certification.Certificate's check of product.model).
const maxProductModel = 200

// handleProductCreate registers a product of the caller's organisation.
func (s *Server) handleProductCreate(c echo.Context) error {
	if err := need(s.ProductService != nil, "the product registry"); err != nil {
		return err
	}
	// A Product has no field the caller must not set; the record's ID,
	// owner and time are the service's.
	var prod footprint.Product
	if err := bindJSON(c, &prod); err != nil {
		return err
	}
	// The registry indexes products by model, and a model of 32 KB or more
	// does not fit the store's key: it answered 500 (red team 35). A
	// certificate prints a model of at most maxProductModel characters, so
	// the registry holds no longer one either.
	if n := utf8.RuneCountInString(strings.TrimSpace(prod.Model)); n > maxProductModel {
		return footprint.FieldErrorf(footprint.EINVALID, "model", "model is %d characters long; a certificate prints at most %d", n, maxProductModel)
	}
	rec := &footprint.ProductRecord{Owner: principal(c).Org, Product: prod}
	if err := s.ProductService.CreateProduct(c.Request().Context(), rec); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataResponse{Data: rec})
}

type offsetMeta struct {
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
	Count  int `json:"count"`
}

// bindOwnedPage binds the owner, offset and limit query parameters of a
// list of owned records (products, studies) after the parameters already
// given to b, and checks the page. It returns the owner to filter by: the
// caller's own organisation for a manufacturer, whatever the query says;
// otherwise the owner asked for, or nil for everyone's.
func bindOwnedPage(c echo.Context, b *echo.ValueBinder, offset, limit *int) (*string, error) {
	var owner string
	if err := b.String("owner", &owner).Int("offset", offset).Int("limit", limit).BindError(); err != nil {
		return nil, bindQueryError(err)
	}
	if *offset < 0 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "offset", "offset 不得为负数。offset must not be negative")
	}
	if err := checkLimit(*limit, footprint.MaxLimit); err != nil {
		return nil, err
	}
	if *limit == 0 {
		*limit = footprint.DefaultLimit // what the store applies, and meta.limit says
	}
	if p := principal(c); p.Role == access.RoleManufacturer {
		return &p.Org, nil
	}
	if owner == "" {
		return nil, nil
	}
	return &owner, nil
}

// handleProductIndex lists the caller's products (a regulator: everyone's,
// optionally of one owner).
func (s *Server) handleProductIndex(c echo.Context) error {
	if err := need(s.ProductService != nil, "the product registry"); err != nil {
		return err
	}
	var offset, limit int
	owner, err := bindOwnedPage(c, echo.QueryParamsBinder(c), &offset, &limit)
	if err != nil {
		return err
	}
	f := footprint.ProductFilter{Owner: owner, Offset: offset, Limit: limit}
	if f.ProductCode, f.ProductCodeExact, err = bindProductCode(c); err != nil {
		return err
	}
	prods, total, err := s.ProductService.FindProducts(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: nonNil(prods), Meta: offsetMeta{Total: total, Offset: offset, Limit: limit, Count: len(prods)}})
}

// handleProductView returns one product: the owner's or, for a regulator,
// anyone's. Another manufacturer's product is not found.
func (s *Server) handleProductView(c echo.Context) error {
	if err := need(s.ProductService != nil, "the product registry"); err != nil {
		return err
	}
	p, err := s.findProduct(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: p})
}

// findProduct reads a product the caller may see; ENOTFOUND otherwise.
func (s *Server) findProduct(c echo.Context, id string) (*footprint.ProductRecord, error) {
	return findOwned(c, "product %q not found", id, s.ProductService.FindProductByID, func(p *footprint.ProductRecord) string { return p.Owner })
}

// canSeeOwned reports whether the caller may read a record owned by owner:
// its owner, or a regulator.
func canSeeOwned(p *access.Principal, owner string) bool {
	return p != nil && (p.Role == access.RoleRegulator || (p.Role == access.RoleManufacturer && p.Org == owner))
}

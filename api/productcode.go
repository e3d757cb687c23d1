package api

import (
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
)

// productCodeParams are the query parameters of a product-code filter,
// the same on every list (docs/api.md "Product-code queries").
var productCodeParams = []string{"product_code", "product_code_match"}

// bindProductCode reads product_code and product_code_match, checks them
// as footprint.ProductCodeQuery does, and returns them as a filter's
// ProductCode and ProductCodeExact fields (nil: no filter). Returns
// EINVALID naming the parameter.
func bindProductCode(c echo.Context) (code *string, exact bool, err error) {
	q, err := footprint.ParseProductCodeQuery(c.QueryParam("product_code"), c.QueryParam("product_code_match"))
	if err != nil || q == nil {
		return nil, false, err
	}
	s := q.String()
	return &s, q.Exact, nil
}

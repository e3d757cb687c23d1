package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
)

func (s *Server) registerProductRoutes() {
	s.route(http.MethodPost, "/v1/products", s.handleProductCreate)
	s.route(http.MethodGet, "/v1/products", s.handleProductIndex)
	s.route(http.MethodGet, "/v1/products/:id", s.handleProductView)
}

// productJSON is the wire form of a product description, in registered
// products and in study summaries. Field names follow the study format
// (docs/study-format.md).
type productJSON struct {
	Name           string   `json:"name,omitempty"`
	NameZH         string   `json:"name_zh,omitempty"`
	Model          string   `json:"model,omitempty"`
	Manufacturer   string   `json:"manufacturer,omitempty"`
	Site           string   `json:"site,omitempty"`
	ProductCodes   []string `json:"product_codes,omitempty"`
	GTIN           string   `json:"gtin,omitempty"`
	MassKg         float64  `json:"mass_kg,omitempty"`
	RatedPowerWp   float64  `json:"rated_power_wp,omitempty"`
	AreaM2         float64  `json:"area_m2,omitempty"`
	CellTechnology string   `json:"cell_technology,omitempty"`
	ActiveAreaM2   float64  `json:"active_area_m2,omitempty"`
	Use            *useJSON `json:"use,omitempty"`
}

type useJSON struct {
	AnnualKWh     float64 `json:"annual_kwh"`
	LifetimeYears float64 `json:"lifetime_years"`
	Country       string  `json:"country,omitempty"`
	Factor        string  `json:"factor"`
	Stage         string  `json:"stage,omitempty"`
	Notes         string  `json:"notes,omitempty"`
}

func newProductJSON(p footprint.Product) productJSON {
	out := productJSON{
		Name: p.Name, NameZH: p.NameZH, Model: p.Model, Manufacturer: p.Manufacturer, Site: p.Site,
		GTIN: p.GTIN, MassKg: p.MassKg, RatedPowerWp: p.RatedPowerWp, AreaM2: p.AreaM2,
		CellTechnology: p.CellTechnology, ActiveAreaM2: p.ActiveAreaM2,
	}
	for _, pc := range p.ProductCodes {
		out.ProductCodes = append(out.ProductCodes, pc.String())
	}
	if u := p.Use; u != nil {
		out.Use = &useJSON{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears, Country: u.Country, Factor: u.Factor, Stage: u.Stage, Notes: u.Notes}
	}
	return out
}

// toDomain maps the wire form, parsing product codes; field names in errors
// are prefixed with prefix ("" or "product.").
func (p *productJSON) toDomain(prefix string) (footprint.Product, error) {
	out := footprint.Product{
		Name: strings.TrimSpace(p.Name), NameZH: strings.TrimSpace(p.NameZH), Model: strings.TrimSpace(p.Model),
		Manufacturer: strings.TrimSpace(p.Manufacturer), Site: strings.TrimSpace(p.Site), GTIN: strings.TrimSpace(p.GTIN),
		MassKg: p.MassKg, RatedPowerWp: p.RatedPowerWp, AreaM2: p.AreaM2,
		CellTechnology: strings.TrimSpace(p.CellTechnology), ActiveAreaM2: p.ActiveAreaM2,
	}
	for i, s := range p.ProductCodes {
		pc, err := footprint.ParseProductCode(s)
		if err != nil {
			return out, footprint.FieldErrorf(footprint.EINVALID, prefix+"product_codes["+itoa(i)+"]", "%s", footprint.ErrorMessage(err))
		}
		out.ProductCodes = append(out.ProductCodes, pc)
	}
	if u := p.Use; u != nil {
		out.Use = &footprint.UseProfile{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears, Country: u.Country, Factor: u.Factor, Stage: u.Stage, Notes: u.Notes}
	}
	return out, nil
}

type productRecordJSON struct {
	ID        string    `json:"id"`
	Owner     string    `json:"owner"`
	CreatedAt time.Time `json:"created_at"`
	productJSON
}

func newProductRecordJSON(p *footprint.ProductRecord) productRecordJSON {
	return productRecordJSON{ID: p.ID, Owner: p.Owner, CreatedAt: p.CreatedAt.UTC(), productJSON: newProductJSON(p.Product)}
}

// handleProductCreate registers a product of the caller's organisation.
func (s *Server) handleProductCreate(c echo.Context) error {
	if err := need(s.ProductService != nil, "the product registry"); err != nil {
		return err
	}
	var req productJSON
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	prod, err := req.toDomain("")
	if err != nil {
		return err
	}
	rec := &footprint.ProductRecord{Owner: principal(c).Org, Product: prod}
	if err := rec.Validate(); err != nil {
		return err
	}
	if err := s.ProductService.CreateProduct(c.Request().Context(), rec); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataResponse{Data: newProductRecordJSON(rec)})
}

type offsetMeta struct {
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
	Count  int `json:"count"`
}

// bindOffsetPage reads offset and limit query parameters.
func bindOffsetPage(b *echo.ValueBinder, offset, limit *int) {
	b.Int("offset", offset).Int("limit", limit)
}

func checkOffsetPage(offset, limit int) error {
	switch {
	case offset < 0:
		return footprint.FieldErrorf(footprint.EINVALID, "offset", "offset must not be negative")
	case limit < 0 || limit > footprint.MaxLimit:
		return footprint.FieldErrorf(footprint.EINVALID, "limit", "limit must be between 1 and %d", footprint.MaxLimit)
	}
	return nil
}

// handleProductIndex lists the caller's products (a regulator: everyone's,
// optionally of one owner).
func (s *Server) handleProductIndex(c echo.Context) error {
	if err := need(s.ProductService != nil, "the product registry"); err != nil {
		return err
	}
	var owner, code string
	var offset, limit int
	b := echo.QueryParamsBinder(c).String("owner", &owner).String("product_code", &code)
	bindOffsetPage(b, &offset, &limit)
	if err := b.BindError(); err != nil {
		return bindQueryError(err)
	}
	if err := checkOffsetPage(offset, limit); err != nil {
		return err
	}
	f := footprint.ProductFilter{Offset: offset, Limit: limit}
	if p := principal(c); p.Role == footprint.RoleManufacturer {
		f.Owner = &p.Org
	} else if owner != "" {
		f.Owner = &owner
	}
	if code != "" {
		digits, err := productCodeQuery(code)
		if err != nil {
			return err
		}
		f.ProductCode = &digits
	}
	prods, total, err := s.ProductService.FindProducts(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]productRecordJSON, len(prods))
	for i, p := range prods {
		out[i] = newProductRecordJSON(p)
	}
	return c.JSON(http.StatusOK, dataResponse{Data: out, Meta: offsetMeta{Total: total, Offset: offset, Limit: limit, Count: len(out)}})
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
	return c.JSON(http.StatusOK, dataResponse{Data: newProductRecordJSON(p)})
}

// findProduct reads a product the caller may see; ENOTFOUND otherwise.
func (s *Server) findProduct(c echo.Context, id string) (*footprint.ProductRecord, error) {
	if _, err := parseID("id", id); err != nil {
		return nil, err
	}
	p, err := s.ProductService.FindProductByID(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !canSeeOwned(principal(c), p.Owner) {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "product %q not found", id)
	}
	return p, nil
}

// canSeeOwned reports whether the caller may read a record owned by owner:
// its owner, or a regulator.
func canSeeOwned(p *footprint.Principal, owner string) bool {
	return p != nil && (p.Role == footprint.RoleRegulator || (p.Role == footprint.RoleManufacturer && p.Org == owner))
}

// productCodeQuery turns "HS:8541", "8541" or "85.41" into the digits
// filters take.
func productCodeQuery(s string) (string, error) {
	code := strings.ReplaceAll(strings.TrimSpace(s), ".", "")
	if _, rest, ok := strings.Cut(code, ":"); ok {
		code = rest
	}
	if code == "" || strings.Trim(code, "0123456789") != "" {
		return "", footprint.FieldErrorf(footprint.EINVALID, "product_code", "product code %q: digits only", s)
	}
	return code, nil
}

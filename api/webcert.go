package api

// The public certificate registry: search by number, product code and
// holder with a status filter, and each certificate's verification page.
// Both show public facts only (docs/api.md, "Public facts"): what a label
// prints, as the national certification registry does. The list names
// certificates by number, never by ID, and both pages spend the client's
// public-lookup budget, as the verification endpoints do.

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/labstack/echo/v4"
)

// certificateRow is the public facts of one certificate in the registry.
type certificateRow struct {
	Number                   string
	Link                     string // its verification page
	Status                   string
	StatusZH, StatusEN       string
	StatusClass              string
	ProductZH, ProductEN     string
	Model                    string
	Codes                    []string
	HolderZH, HolderEN       string
	Certifier                string
	Printed                  printedFootprint
	IssuedAt, ExpiresAtShown string
	Withheld                 bool // the record fails the signature check: nothing but its number and status shown
	// Void is set for a certificate that is not valid, or valid on record
	// but worded in red (verifyPage.Void): the row says beside the figure
	// that it may not be claimed, as the certificate's page does (red
	// team 92: a withdrawn row gave its figure as a valid one's).
	Void bool
}

// certificatesPage is the data of the registry page.
type certificatesPage struct {
	Number, ProductCode, Holder string // the search, as given
	Statuses                    []option
	Rows                        []certificateRow
	Searched                    bool
	Next, First                 string
}

// looksLikeProductCode tells a product code typed into the one search box
// ("8541", "HS:854143") from a holder's name.
var looksLikeProductCode = regexp.MustCompile(`^([A-Za-z]{2,4}:)?[0-9][0-9.]*$`)

func (s *Server) handleCertificatesPage(c echo.Context) error {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return err
	}
	number := strings.ToUpper(footprint.FoldWidth(strings.TrimSpace(c.QueryParam("number")))) // as the home page's box takes it: cdpcf-… or CDPCF－… was refused
	productCode := strings.TrimSpace(c.QueryParam("product_code"))
	holder := strings.TrimSpace(c.QueryParam("holder"))
	status := c.QueryParam("status")
	cursor := c.QueryParam("cursor")
	// The home page's one box: a number, a product code or a holder.
	if q := strings.TrimSpace(c.QueryParam("q")); q != "" {
		switch {
		case strings.HasPrefix(strings.ToUpper(footprint.FoldWidth(q)), "CDPCF-"): // CDPCF－2026－000001 typed in full width was a holder's name
			number = strings.ToUpper(footprint.FoldWidth(q))
		case looksLikeProductCode.MatchString(footprint.FoldWidth(q)): // red team 61: ８５４１ was a holder's name
			productCode = footprint.FoldWidth(q)
		default:
			holder = q
		}
	}
	if number != "" {
		n, err := certification.ParseCertificateNumber(number)
		if err != nil {
			return err
		}
		// The detail page of a certificate is its verification page.
		return c.Redirect(http.StatusSeeOther, "/certificates/"+url.PathEscape(n))
	}
	f := certification.CertificateFilter{Cursor: cursor, Limit: PageSize, Now: s.Now()}
	if productCode != "" {
		q, err := footprint.ParseProductCodeQuery(productCode, "")
		if err != nil {
			return err
		}
		code := q.String()
		f.ProductCode = &code
	}
	if holder != "" {
		f.Company = &holder
	}
	var err error
	if f.Status, err = certificateStatusFilter(status); err != nil {
		return err
	}
	recs, fails, next, err := s.findCheckedCertificates(c.Request().Context(), f)
	if err != nil {
		return err
	}
	p := certificatesPage{ProductCode: productCode, Holder: holder, Searched: productCode != "" || holder != "" || status != ""}
	for _, st := range certification.CertificateStatuses {
		t := statusText[string(st)]
		p.Statuses = append(p.Statuses, option{Value: string(st), ZH: t.ZH, EN: t.EN, Selected: status == string(st)})
	}
	for i, rec := range recs {
		if fails[i] != nil {
			p.Rows = append(p.Rows, withheldCertificateRow(rec))
			continue
		}
		row, err := s.newCertificateRow(c.Request().Context(), rec)
		if err != nil {
			return err
		}
		p.Rows = append(p.Rows, row)
	}
	q := url.Values{}
	for k, v := range map[string]string{"product_code": productCode, "holder": holder, "status": status} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if next != "" {
		nq := cloneValues(q)
		nq.Set("cursor", next)
		p.Next = "/certificates?" + nq.Encode()
	}
	if cursor != "" {
		p.First = "/certificates?" + q.Encode()
	}
	return s.renderPage(c, http.StatusOK, "certificates", p)
}

// newCertificateRow takes the public facts of a certificate, with its
// live status worded with its public alerts, its keys' included (red team
// 48: the registry called plainly valid a certificate its verification
// marks issuing_key_unvouched).
func (s *Server) newCertificateRow(ctx context.Context, rec *certification.CertificateRecord) (certificateRow, error) {
	cert := rec.Certificate()
	st := string(cert.StatusAt(rec.Status, s.Now()))
	keyAlerts, err := s.unvouchedKeyAlerts(ctx, rec)
	if err != nil {
		return certificateRow{}, err
	}
	t := statusWording(st, append(publicAlerts(rec.SupplierFlags), keyAlerts...))
	row := certificateRow{
		Number: cert.Number, Link: "/certificates/" + url.PathEscape(cert.Number),
		Status: st, StatusZH: t.ZH, StatusEN: t.EN, StatusClass: t.Class,
		ProductZH: cert.Product.NameZH, ProductEN: cert.Product.NameEN, Model: cert.Product.Model,
		HolderZH: cert.Holder.NameZH, HolderEN: cert.Holder.NameEN,
		Certifier: cmp.Or(cert.Certifier.NameZH, cert.Certifier.NameEN),
		Printed: printedFootprint{
			KgCO2e: footprint.FormatKgCO2e(cert.KgCO2e), UnitZH: unitPerZH(cert.DeclaredUnit), UnitEN: unitPerEN(cert.DeclaredUnit),
		},
		IssuedAt: cert.IssuedAt.In(certification.ChinaTime).Format("2006-01-02"), ExpiresAtShown: cert.ExpiresAt.In(certification.ChinaTime).Format("2006-01-02"),
		Void: st != string(certification.CertificateValid) || t.Class == "bad",
	}
	if row.HolderEN == row.HolderZH {
		row.HolderEN = ""
	}
	for _, pc := range cert.Product.Codes {
		row.Codes = append(row.Codes, pc.String())
	}
	return row, nil
}

// withheldCertificateRow lists a certificate whose record fails the
// signature check (edited in the database, or its key lost) by its number
// and that failure only: the registry repeats none of its unverified
// claims, and its page (the verification page) says not to rely on it.
func withheldCertificateRow(rec *certification.CertificateRecord) certificateRow {
	n := rec.Certificate().Number
	t := statusText[StatusSignatureInvalid]
	return certificateRow{Number: n, Link: "/certificates/" + url.PathEscape(n), Withheld: true,
		Status: StatusSignatureInvalid, StatusZH: t.ZH, StatusEN: t.EN, StatusClass: t.Class}
}

// handleCertificatePage is a certificate's page in the registry: its
// verification page, reached by the number a label prints.
func (s *Server) handleCertificatePage(c echo.Context) error {
	if err := need(s.CertificationService != nil, "certificates"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	number, err := certification.ParseCertificateNumber(c.Param("number"))
	if err != nil {
		return s.verifyErrorPage(c, err)
	}
	rec, err := s.CertificationService.FindCertificateByNumber(ctx, number)
	if err != nil {
		return s.verifyErrorPage(c, err)
	}
	out, err := s.newVerifyJSON(ctx, rec)
	if err != nil {
		return err
	}
	return s.renderVerifyPage(c, http.StatusOK, verifyPage{Found: true, V: out})
}

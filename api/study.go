package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/studylist"
	"github.com/labstack/echo/v4"
)

// MIMEXLSX is the media type of an Excel workbook.
const MIMEXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// studyJSON is the wire form of a stored study: a summary, and on a single
// read the study document itself (docs/study-format.md) and its result
// (the canonical result document, with the contribution tree and every
// factor's provenance: the calculation trace).
type studyJSON struct {
	ID              string            `json:"id,omitempty"` // left out of a preview: nothing was stored
	Owner           string            `json:"owner"`
	CreatedAt       time.Time         `json:"created_at,omitzero"` // likewise
	Title           string            `json:"title,omitempty"`
	Rule            string            `json:"rule"`
	Boundary        string            `json:"boundary"`
	DeclaredUnit    string            `json:"declared_unit"`
	ReferencePeriod string            `json:"reference_period,omitempty"`
	FactorSet       string            `json:"factor_set"`
	Product         footprint.Product `json:"product"`
	KgCO2e          *float64          `json:"kg_co2e,omitempty"`
	ResultDigest    string            `json:"result_digest,omitempty"`
	Study           json.RawMessage   `json:"study,omitempty"`
	Result          json.RawMessage   `json:"result,omitempty"`
	// SupplierWarnings are the service's warnings on the study's supplier
	// certificates as they stand now, which the issue would refuse
	// (flagged, restored, an unvouched key): given with a stored study,
	// stored or read, not part of its result (supplierWarner). A preview
	// has them among its result's warnings.
	SupplierWarnings []footprint.Warning `json:"supplier_warnings,omitempty"`
}

// supplierWarner gives the warnings of studyJSON.SupplierWarnings
// (factordb's StudyService has it).
type supplierWarner interface {
	SupplierWarnings(ctx context.Context, st *footprint.Study) ([]footprint.Warning, error)
}

// withSupplierWarnings adds the supplier warnings of stored study st, if
// the study service gives them.
func (s *Server) withSupplierWarnings(ctx context.Context, out *studyJSON, st *footprint.Study) error {
	sw, ok := s.StudyService.(supplierWarner)
	if !ok {
		return nil
	}
	var err error
	out.SupplierWarnings, err = sw.SupplierWarnings(ctx, st)
	return err
}

func newStudyJSON(st *footprint.Study) studyJSON {
	out := studyJSON{
		ID: st.ID, Owner: st.Owner, CreatedAt: st.CreatedAt.UTC(), Title: st.Title, Rule: st.Rule,
		Boundary: string(st.Boundary), DeclaredUnit: st.DeclaredUnit.String(), FactorSet: st.FactorSet,
		Product: st.Product,
	}
	if !st.ReferencePeriod.IsZero() {
		out.ReferencePeriod = st.ReferencePeriod.String()
	}
	return out
}

// withResult adds the result (and its total and digest) to a study. A
// stored result keeps its canonical bytes (Result.Canonicalize,
// ParseCanonicalResult) and is sent as it is; a calculated one is encoded
// here, once.
func (out *studyJSON) withResult(r *footprint.Result) error {
	if r == nil {
		return nil
	}
	b, err := r.CanonicalJSON()
	if err != nil {
		return err
	}
	// Result.Digest is the SHA-256 of these bytes; hash the bytes at hand.
	sum := sha256.Sum256(b)
	kg := r.KgCO2e
	out.KgCO2e, out.ResultDigest, out.Result = &kg, hex.EncodeToString(sum[:]), b
	return nil
}

// writeStudyJSON sends {"data": study} with the study document and the
// result written as they are (stored or just encoded): both are valid JSON,
// and letting encoding/json re-validate and compact them (json.RawMessage)
// costs as much as encoding them. The parts go to the response one after
// the other, with their total length, rather than copied into one buffer.
func writeStudyJSON(c echo.Context, status int, out studyJSON) error {
	doc, result := out.Study, out.Result
	out.Study, out.Result = nil, nil
	head, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode study: %w", err)
	}
	parts := [][]byte{[]byte(`{"data":`), head[:len(head)-1]} // head without its closing brace
	if len(doc) > 0 {
		parts = append(parts, []byte(`,"study":`), doc)
	}
	if len(result) > 0 {
		parts = append(parts, []byte(`,"result":`), result)
	}
	parts = append(parts, []byte("}}"))
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	res.Header().Set(echo.HeaderContentLength, strconv.Itoa(n))
	res.WriteHeader(status)
	for _, p := range parts {
		if _, err := res.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// withStudy adds the study document: as stored, or encoded for a study
// that was not read from the store.
func (out *studyJSON) withStudy(st *footprint.Study) error {
	if st.Document != nil {
		out.Study = st.Document
		return nil
	}
	b, err := footprint.MarshalStudyJSON(st)
	if err != nil {
		return fmt.Errorf("encode study %s: %w", st.ID, err)
	}
	out.Study = b
	return nil
}

// handleStudyCreate calculates and stores a study of the caller's
// organisation. The body is a study document (application/json), or a
// multipart/form-data upload of a BOM file (part "bom", CSV or .xlsx, see
// tabular.BOMColumns) with the rest of the study as a JSON part "study" or
// as form fields (tabular.StudyFields). It answers 201 with the result.
func (s *Server) handleStudyCreate(c echo.Context) error {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return err
	}
	req := c.Request()
	study, up, err := s.readStudy(c)
	if err != nil {
		return err
	}
	res, err := s.StudyService.CreateStudy(req.Context(), study)
	if err != nil {
		return up.locate(asInputError(err))
	}
	out := newStudyJSON(study)
	if err := out.withResult(res); err != nil {
		return err
	}
	if err := s.withSupplierWarnings(req.Context(), &out, study); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/studies/"+study.ID)
	return writeStudyJSON(c, http.StatusCreated, out)
}

// readStudy reads the study of a request: a study document
// (application/json) or a multipart BOM upload. The caller's organisation
// owns it, whatever the document says; identity and result are the
// service's to set.
func (s *Server) readStudy(c echo.Context) (*footprint.Study, *bomUpload, error) {
	req := c.Request()
	var study *footprint.Study
	var up *bomUpload
	var err error
	switch {
	case isMediaType(req, echo.MIMEApplicationJSON):
		study, err = footprint.ParseStudyJSON(req.Body)
	case isMediaType(req, echo.MIMEMultipartForm):
		study, up, err = s.studyFromUpload(c)
	default:
		return nil, nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, "内容类型须为 application/json（研究文档）或 multipart/form-data（上传 BOM）。content type must be application/json (a study document) or multipart/form-data (a BOM upload)")
	}
	if err != nil {
		return nil, nil, up.locate(err)
	}
	if err := s.limitSupplierLookups(c, study); err != nil { // certificate.go
		return nil, nil, err
	}
	study.ID, study.Owner, study.CreatedAt, study.Result, study.Document = "", principal(c).Org, time.Time{}, nil, nil
	return study, up, nil
}

// handleCalculationCreate computes a study and answers with its result
// without storing anything: a manufacturer previews a study before
// submitting it, a certifier or regulator re-runs one. Same input forms
// and checks as POST /v1/studies; green-power serials are checked within
// the study only, since nothing is claimed.
func (s *Server) handleCalculationCreate(c echo.Context) error {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return err
	}
	study, up, err := s.readStudy(c)
	if err != nil {
		return err
	}
	// A draft set previews for admins only: for anyone else it does not
	// exist (docs/integrity.md "Factor sets").
	if err := s.visibleSet(c, study.FactorSet); err != nil {
		return asInputError(footprint.FieldErrorf(footprint.ENOTFOUND, "factor_set", "%s", footprint.ErrorMessage(err)))
	}
	res, err := s.StudyService.CalculateStudy(c.Request().Context(), study)
	if err != nil {
		return up.locate(asInputError(err))
	}
	// The result as a stored study keeps it (numbers rounded as its
	// canonical encoding writes them), so that the preview's summary and
	// result are the stored study's, byte for byte, but for the id and
	// created_at a preview does not have (docs/api.md).
	res.Canonicalize()
	out := newStudyJSON(study)
	if err := out.withResult(res); err != nil {
		return err
	}
	return writeStudyJSON(c, http.StatusOK, out)
}

// asInputError turns ENOTFOUND for something a request body names (a
// factor, set or supplier footprint) into EINVALID: the body is wrong, the
// route is not missing.
func asInputError(err error) error {
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return footprint.FieldErrorf(footprint.EINVALID, footprint.ErrorField(err), "%s", footprint.ErrorMessage(err))
	}
	return err
}

// handleStudyIndex lists studies: a manufacturer's own, or (regulator)
// everyone's, filtered by owner, rule, product code and factor set.
func (s *Server) handleStudyIndex(c echo.Context) error {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return err
	}
	var rule, set string
	var offset, limit int
	owner, err := bindOwnedPage(c, echo.QueryParamsBinder(c).String("rule", &rule).
		String("factor_set", &set), &offset, &limit)
	if err != nil {
		return err
	}
	f := footprint.StudyFilter{Owner: owner, Offset: offset, Limit: limit}
	if f.Rule, err = ruleFilter(rule); err != nil {
		return err
	}
	if set != "" {
		f.FactorSet = &set
	}
	if f.ProductCode, f.ProductCodeExact, err = bindProductCode(c); err != nil {
		return err
	}
	rows, total, err := s.findStudyRows(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]studyJSON, len(rows))
	for i, r := range rows {
		out[i] = newStudyJSON(r.Study)
		out[i].KgCO2e, out[i].ResultDigest = r.KgCO2e, r.ResultDigest
	}
	return c.JSON(http.StatusOK, dataResponse{Data: out, Meta: offsetMeta{Total: total, Offset: offset, Limit: limit, Count: len(out)}})
}

// findStudyRows lists the studies f selects with their headline figures,
// read with them (studylist.Lister) when the study service can; else
// the studies alone, without figures.
func (s *Server) findStudyRows(ctx context.Context, f footprint.StudyFilter) ([]studylist.Row, int, error) {
	if l, ok := s.StudyService.(studylist.Lister); ok {
		return l.FindStudyRows(ctx, f)
	}
	studies, total, err := s.StudyService.FindStudies(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]studylist.Row, len(studies))
	for i, st := range studies {
		rows[i].Study = st
	}
	return rows, total, nil
}

// findStudy reads a study the caller may see: its owner's, or any for a
// regulator. Another manufacturer's study is "not found", so a guessed ID
// is never confirmed.
func (s *Server) findStudy(c echo.Context, id string) (*footprint.Study, error) {
	return findOwned(c, "study %q not found", id, s.StudyService.FindStudyByID, func(st *footprint.Study) string { return st.Owner })
}

// pathStudy is the study of the path's id, if the caller may see it.
func (s *Server) pathStudy(c echo.Context) (*footprint.Study, error) {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return nil, err
	}
	return s.findStudy(c, c.Param("id"))
}

func (s *Server) handleStudyView(c echo.Context) error {
	st, err := s.pathStudy(c)
	if err != nil {
		return err
	}
	out := newStudyJSON(st)
	if err := out.withStudy(st); err != nil {
		return err
	}
	if err := out.withResult(st.Result); err != nil {
		return err
	}
	if err := s.withSupplierWarnings(c.Request().Context(), &out, st); err != nil {
		return err
	}
	return writeStudyJSON(c, http.StatusOK, out)
}

// studyResult reads the result of a study the caller may see.
func (s *Server) studyResult(c echo.Context) (*footprint.Study, error) {
	st, err := s.pathStudy(c)
	if err != nil {
		return nil, err
	}
	if st.Result == nil {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "study %q has no result", st.ID)
	}
	return st, nil
}

package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"
)

func (s *Server) registerStudyRoutes() {
	s.route(http.MethodPost, "/v1/studies", s.handleStudyCreate)
	s.route(http.MethodPost, "/v1/calculations", s.handleCalculationCreate)
	s.route(http.MethodGet, "/v1/studies", s.handleStudyIndex)
	s.route(http.MethodGet, "/v1/studies/:id", s.handleStudyView)
	s.route(http.MethodGet, "/v1/studies/:id/result.csv", s.handleStudyResultCSV)
	s.route(http.MethodGet, "/v1/studies/:id/result.xlsx", s.handleStudyResultXLSX)
}

// MIMEXLSX is the media type of an Excel workbook.
const MIMEXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// studyJSON is the wire form of a stored study: a summary, and on a single
// read the study document itself (docs/study-format.md) and its result
// (the canonical result document, with the contribution tree and every
// factor's provenance: the calculation trace).
type studyJSON struct {
	ID              string            `json:"id"`
	Owner           string            `json:"owner"`
	CreatedAt       time.Time         `json:"created_at"`
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

// withResult adds the result (and its total and digest) to a study.
func (out *studyJSON) withResult(r *footprint.Result) error {
	if r == nil {
		return nil
	}
	b, err := r.CanonicalJSON()
	if err != nil {
		return err
	}
	// Result.Digest is the SHA-256 of these bytes; hash them once here
	// rather than encode the result twice.
	sum := sha256.Sum256(b)
	kg := r.KgCO2e
	out.KgCO2e, out.ResultDigest, out.Result = &kg, hex.EncodeToString(sum[:]), b
	return nil
}

// writeStudyJSON sends {"data": study} with the study document and the
// result spliced in as they are: both are already valid JSON, and letting
// encoding/json re-validate and compact a large result (json.RawMessage)
// costs as much as encoding it.
func writeStudyJSON(c echo.Context, status int, out studyJSON) error {
	doc, result := out.Study, out.Result
	out.Study, out.Result = nil, nil
	head, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode study: %w", err)
	}
	buf := make([]byte, 0, len(head)+len(doc)+len(result)+32)
	buf = append(buf, `{"data":`...)
	buf = append(buf, head[:len(head)-1]...) // without its closing brace
	if len(doc) > 0 {
		var compact bytes.Buffer
		if err := json.Compact(&compact, doc); err != nil {
			return fmt.Errorf("compact study: %w", err)
		}
		buf = append(buf, `,"study":`...)
		buf = append(buf, compact.Bytes()...)
	}
	if len(result) > 0 {
		buf = append(buf, `,"result":`...)
		buf = append(buf, result...)
	}
	buf = append(buf, "}}"...)
	return c.JSONBlob(status, buf)
}

// withStudy adds the study document.
func (out *studyJSON) withStudy(st *footprint.Study) error {
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
// BOMColumns) with the rest of the study as a JSON part "study" or as form
// fields (studyFormFields). It answers 201 with the result.
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
		return nil, nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, "content type must be application/json (a study document) or multipart/form-data (a BOM upload)")
	}
	if err != nil {
		return nil, nil, up.locate(err)
	}
	study.ID, study.Owner, study.CreatedAt, study.Result = "", principal(c).Org, time.Time{}, nil
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
	res, err := s.StudyService.CalculateStudy(c.Request().Context(), study)
	if err != nil {
		return up.locate(asInputError(err))
	}
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

// studyFormFields are the form fields of a BOM upload that give the study
// header when there is no "study" part. product.product_codes is a
// comma-separated list; declared_unit is "1 piece" (or "piece");
// reference_period is "2025-01-01/2025-12-31"; product_id copies a
// registered product.
var studyFormFields = []string{
	"title", "goal", "rule", "boundary", "declared_unit", "reference_period", "factor_set",
	"reference_output", "notes", "product_id",
	"product.name", "product.name_zh", "product.model", "product.manufacturer", "product.site",
	"product.product_codes", "product.gtin", "product.mass_kg", "product.rated_power_wp",
	"product.area_m2", "product.cell_technology", "product.active_area_m2",
}

// studyFromUpload builds a study from a multipart BOM upload: the header
// (a "study" part or form fields) as a study document, the BOM file's lines
// added to it, and the whole read by footprint.ParseStudyJSON, so an upload
// and a JSON study are checked by the same code.
func (s *Server) studyFromUpload(c echo.Context) (*footprint.Study, *bomUpload, error) {
	form, err := parseMultipart(c)
	if err != nil {
		return nil, nil, err
	}
	for name := range form.File {
		if name != "bom" && name != "study" {
			return nil, nil, footprint.FieldErrorf(footprint.EINVALID, name, "unknown part %q (want bom, study or the study form fields)", name)
		}
	}
	for name := range form.Value {
		if name != "study" && !slices.Contains(studyFormFields, name) {
			return nil, nil, footprint.FieldErrorf(footprint.EINVALID, name, "unknown form field %q (want %s)", name, strings.Join(studyFormFields, ", "))
		}
	}
	boms := form.File["bom"]
	if len(boms) != 1 {
		return nil, nil, footprint.FieldErrorf(footprint.EINVALID, "bom", "want exactly one BOM file in the part \"bom\" (.csv or .xlsx)")
	}
	data, err := readFormFile(boms[0])
	if err != nil {
		return nil, nil, err
	}
	up, err := readBOM(boms[0].Filename, boms[0].Header.Get(echo.HeaderContentType), data)
	if err != nil {
		return nil, nil, err
	}

	var header []byte
	switch {
	case len(form.File["study"]) > 0 || len(form.Value["study"]) > 0:
		if len(form.File["study"])+len(form.Value["study"]) > 1 {
			return nil, up, footprint.FieldErrorf(footprint.EINVALID, "study", "give one study part")
		}
		for name := range form.Value {
			if name != "study" {
				return nil, up, footprint.FieldErrorf(footprint.EINVALID, name, "give the study header either as the study part or as form fields, not both")
			}
		}
		if fs := form.File["study"]; len(fs) == 1 {
			if header, err = readFormFile(fs[0]); err != nil {
				return nil, up, err
			}
		} else {
			header = []byte(form.Value["study"][0])
		}
	default:
		if header, err = s.studyHeaderFromForm(c, form.Value); err != nil {
			return nil, up, err
		}
	}

	var doc map[string]json.RawMessage
	if err := decodeJSON(bytes.NewReader(header), &doc); err != nil {
		// Let the study parser say where the header is malformed.
		if _, perr := footprint.ParseStudyJSON(bytes.NewReader(header)); perr != nil {
			return nil, up, perr
		}
		return nil, up, footprint.FieldErrorf(footprint.EINVALID, "study", "the study part is not a JSON object")
	}
	for _, section := range bomSections {
		lines, ok := up.sections[section]
		if !ok {
			continue
		}
		if raw, given := doc[section]; given && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) && !bytes.Equal(bytes.TrimSpace(raw), []byte("[]")) {
			return nil, up, footprint.FieldErrorf(footprint.EINVALID, section, "%s lines are given both in the study part and in the BOM file", section)
		}
		b, err := json.Marshal(lines)
		if err != nil {
			return nil, up, fmt.Errorf("encode bom lines: %w", err)
		}
		doc[section] = b
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, up, fmt.Errorf("encode study: %w", err)
	}
	study, err := footprint.ParseStudyJSON(bytes.NewReader(b))
	return study, up, err
}

// readBOM reads a BOM file as .xlsx (a ZIP container) or as CSV.
func readBOM(filename, contentType string, data []byte) (*bomUpload, error) {
	name := fileName(filename, "bom")
	ext := strings.ToLower(filepath.Ext(name))
	mt := strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || ext == ".xlsx" || mt == MIMEXLSX:
		return readBOMXLSX(name, data)
	case ext == ".csv" || ext == ".txt" || ext == "" || mt == "text/csv" || mt == "text/plain":
		return readBOMCSV(name, data)
	}
	return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, "the BOM file must be CSV (.csv) or Excel (.xlsx)")
}

// studyHeaderFromForm builds the study document (without lines) from form
// fields.
func (s *Server) studyHeaderFromForm(c echo.Context, v map[string][]string) ([]byte, error) {
	doc := map[string]any{"format": footprint.StudyFormat}
	product := map[string]any{}
	for name, vals := range v {
		if len(vals) != 1 {
			return nil, footprint.FieldErrorf(footprint.EINVALID, name, "form field given %d times", len(vals))
		}
		val := strings.TrimSpace(vals[0])
		if val == "" {
			continue
		}
		number := func() (float64, error) {
			x, err := parseFinite(val)
			if err != nil {
				return 0, footprint.FieldErrorf(footprint.EINVALID, name, "%q is not a number", val)
			}
			return x, nil
		}
		switch name {
		case "title", "goal", "rule", "boundary", "factor_set", "notes":
			doc[name] = val
		case "reference_output":
			x, err := number()
			if err != nil {
				return nil, err
			}
			doc[name] = x
		case "declared_unit":
			amount, unit := 1.0, val
			if a, u, ok := strings.Cut(val, " "); ok {
				x, err := parseFinite(a)
				if err != nil {
					return nil, footprint.FieldErrorf(footprint.EINVALID, name, "want e.g. \"1 piece\", got %q", val)
				}
				amount, unit = x, strings.TrimSpace(u)
			}
			doc[name] = map[string]any{"amount": amount, "unit": unit}
		case "reference_period":
			start, end, ok := strings.Cut(val, "/")
			if !ok {
				return nil, footprint.FieldErrorf(footprint.EINVALID, name, "want START/END dates, e.g. 2025-01-01/2025-12-31, got %q", val)
			}
			doc[name] = map[string]any{"start": strings.TrimSpace(start), "end": strings.TrimSpace(end)}
		case "product_id":
			if err := need(s.ProductService != nil, "the product registry"); err != nil {
				return nil, err
			}
			p, err := s.findProduct(c, val)
			if err != nil {
				return nil, err
			}
			if principal(c).Org != p.Owner {
				return nil, footprint.Errorf(footprint.ENOTFOUND, "product %q not found", val)
			}
			b, err := json.Marshal(p.Product)
			if err != nil {
				return nil, fmt.Errorf("encode product: %w", err)
			}
			doc["product"] = json.RawMessage(b)
		default:
			key := strings.TrimPrefix(name, "product.")
			switch key {
			case "product_codes":
				var codes []string
				for _, s := range strings.Split(val, ",") {
					if s = strings.TrimSpace(s); s != "" {
						codes = append(codes, s)
					}
				}
				product[key] = codes
			case "mass_kg", "rated_power_wp", "area_m2", "active_area_m2":
				x, err := number()
				if err != nil {
					return nil, err
				}
				product[key] = x
			default:
				product[key] = val
			}
		}
	}
	if len(product) > 0 {
		if _, ok := doc["product"]; ok {
			return nil, footprint.FieldErrorf(footprint.EINVALID, "product_id", "give either product_id or product.* fields, not both")
		}
		doc["product"] = product
	}
	return json.Marshal(doc)
}

// handleStudyIndex lists studies: a manufacturer's own, or (regulator)
// everyone's, filtered by owner, rule, product code and factor set.
func (s *Server) handleStudyIndex(c echo.Context) error {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return err
	}
	var rule, code, set string
	var offset, limit int
	owner, err := bindOwnedPage(c, echo.QueryParamsBinder(c).String("rule", &rule).
		String("product_code", &code).String("factor_set", &set), &offset, &limit)
	if err != nil {
		return err
	}
	f := footprint.StudyFilter{Owner: owner, Offset: offset, Limit: limit}
	if rule != "" {
		f.Rule = &rule
	}
	if set != "" {
		f.FactorSet = &set
	}
	if code != "" {
		pc, err := footprint.ParseProductCode(code)
		if err != nil {
			return footprint.FieldErrorf(footprint.EINVALID, "product_code", "%s", footprint.ErrorMessage(err))
		}
		str := pc.String()
		f.ProductCode = &str
	}
	studies, total, err := s.StudyService.FindStudies(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]studyJSON, len(studies))
	for i, st := range studies {
		out[i] = newStudyJSON(st)
	}
	return c.JSON(http.StatusOK, dataResponse{Data: out, Meta: offsetMeta{Total: total, Offset: offset, Limit: limit, Count: len(out)}})
}

// findStudy reads a study the caller may see: its owner's, or any for a
// regulator. Another manufacturer's study is "not found", so a guessed ID
// is never confirmed.
func (s *Server) findStudy(c echo.Context, id string) (*footprint.Study, error) {
	if _, err := parseID("id", id); err != nil {
		return nil, err
	}
	st, err := s.StudyService.FindStudyByID(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !canSeeOwned(principal(c), st.Owner) {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "study %q not found", id)
	}
	return st, nil
}

func (s *Server) handleStudyView(c echo.Context) error {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return err
	}
	st, err := s.findStudy(c, c.Param("id"))
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
	return writeStudyJSON(c, http.StatusOK, out)
}

// studyResult reads the result of a study the caller may see.
func (s *Server) studyResult(c echo.Context) (*footprint.Study, error) {
	if err := need(s.StudyService != nil, "studies"); err != nil {
		return nil, err
	}
	st, err := s.findStudy(c, c.Param("id"))
	if err != nil {
		return nil, err
	}
	if st.Result == nil {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "study %q has no result", st.ID)
	}
	return st, nil
}

// handleStudyResultCSV sends the result breakdown, one row per
// contribution (footprint.WriteResultCSV).
func (s *Server) handleStudyResultCSV(c echo.Context) error {
	st, err := s.studyResult(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := footprint.WriteResultCSV(&buf, st.Result); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="study-`+st.ID+`-result.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// handleStudyResultXLSX sends the result as an Excel workbook: a summary,
// the stages, the lines (the rows of result.csv, numbers as numbers) and
// the factors used with their sources.
func (s *Server) handleStudyResultXLSX(c echo.Context) error {
	st, err := s.studyResult(c)
	if err != nil {
		return err
	}
	b, err := resultWorkbook(st)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="study-`+st.ID+`-result.xlsx"`)
	return c.Blob(http.StatusOK, MIMEXLSX, b)
}

// resultWorkbook writes the result of a study as .xlsx bytes. The Lines
// sheet is made from footprint.WriteResultCSV, so the CSV and the workbook
// cannot disagree.
func resultWorkbook(st *footprint.Study) ([]byte, error) {
	r := st.Result
	var csvBuf bytes.Buffer
	if err := footprint.WriteResultCSV(&csvBuf, r); err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(&csvBuf).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reread result csv: %w", err)
	}
	digest, err := r.Digest()
	if err != nil {
		return nil, err
	}

	f := excelize.NewFile()
	defer f.Close()
	var werr error
	put := func(sheet string, row int, vals []any) {
		if werr != nil {
			return
		}
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err == nil {
			err = f.SetSheetRow(sheet, cell, &vals)
		}
		werr = err
	}
	newSheet := func(name string) {
		if werr == nil {
			_, werr = f.NewSheet(name)
		}
	}

	if werr = f.SetSheetName("Sheet1", "Summary"); werr != nil {
		return nil, fmt.Errorf("write workbook: %w", werr)
	}
	summary := [][]any{
		{"study_id", st.ID},
		{"product", r.ProductName},
		{"model", r.ProductModel},
		{"rule", r.Rule + " v" + r.RuleVersion},
		{"boundary", string(r.Boundary)},
		{"declared_unit", r.DeclaredUnit.String()},
		{"reference_period", r.ReferencePeriod.String()},
		{"factor_set", r.FactorSet},
		{"engine_version", r.EngineVersion},
		{"kgco2e_per_declared_unit", r.KgCO2e},
	}
	for _, u := range r.PerUnit {
		summary = append(summary, []any{"kgco2e " + u.LabelEN, u.KgCO2e})
	}
	summary = append(summary,
		[]any{"uncertainty_low_kgco2e", r.Uncertainty.LowKgCO2e},
		[]any{"uncertainty_high_kgco2e", r.Uncertainty.HighKgCO2e},
		[]any{"credits_kgco2e (reported apart)", r.CreditsKgCO2e},
		[]any{"electricity_approach", r.Electricity.Approach},
		[]any{"primary_data_share_pct", r.PrimaryDataSharePct},
		[]any{"dqr", r.DQR},
		[]any{"result_digest", digest},
	)
	for i, row := range summary {
		put("Summary", i+1, row)
	}

	newSheet("Stages")
	put("Stages", 1, []any{"stage", "name_zh", "name_en", "kgco2e", "share_pct"})
	for i, st := range r.Stages {
		put("Stages", i+2, []any{st.Code, st.NameZH, st.NameEN, st.KgCO2e, st.SharePct})
	}

	newSheet("Lines")
	numeric := map[int]bool{}
	for i, name := range footprint.CSVColumns {
		switch name {
		case "quantity", "factor_value", "kgco2e", "share_pct":
			numeric[i] = true
		}
	}
	for i, rec := range rows {
		vals := make([]any, len(rec))
		for j, v := range rec {
			vals[j] = v
			if i > 0 && numeric[j] && v != "" {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					vals[j] = x
				}
			}
		}
		put("Lines", i+1, vals)
	}

	newSheet("Factors")
	put("Factors", 1, []any{"code", "set", "name_en", "name_zh", "value", "unit", "geography", "year", "publisher", "document", "locator", "grade", "kgco2e"})
	for i, fu := range r.Factors {
		put("Factors", i+2, []any{fu.Code, fu.Set, fu.NameEN, fu.NameZH, fu.Value, fu.Unit, fu.Geography, fu.Year,
			fu.Source.Publisher, fu.Source.Document, fu.Source.Locator, fu.Grade, fu.KgCO2e})
	}
	if werr != nil {
		return nil, fmt.Errorf("write workbook: %w", werr)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return out.Bytes(), nil
}

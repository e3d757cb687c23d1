package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/labstack/echo/v4"
)

// importRoute imports a factor CSV file into a draft set. It is the one
// route with a body limit of its own (ImportBodyLimit) and a time limit of
// its own (ImportTimeout): a factor file of 100,000 rows is about 60 MB.
const importRoute = "/v1/factor-sets/:version/import"

// importBodyLimit is the import route's own body limit.
func importBodyLimit(*Server) echo.MiddlewareFunc { return bodyLimit(ImportBodyLimit) }

const (
	// ImportBodyLimit caps the body of a factor-set import: about 430,000
	// rows of the seed set's width. Every other route takes BodyLimit.
	ImportBodyLimit = 256 << 20
	// ImportTimeout bounds an import request, its upload included, in
	// place of RequestTimeout and the server's read and write timeouts.
	ImportTimeout = 30 * time.Minute
)

// MIMENDJSON is newline-delimited JSON: the progress stream of an import.
const MIMENDJSON = "application/x-ndjson"

// factorStreamImporter is the streaming import of factordb.FactorService:
// factors are read from the upload and written in batches as they arrive,
// so an import of any size holds one batch in memory. A FactorService
// without it (the HTTP client) imports the file read whole.
type factorStreamImporter interface {
	ImportFactorsFrom(ctx context.Context, set string, next func() (*footprint.Factor, error), progress func(phase string, n int)) (*footprint.ImportSummary, error)
}

type importSummaryJSON struct {
	Set      string `json:"set"`
	Added    int    `json:"added"`
	Replaced int    `json:"replaced"`
	Total    int    `json:"total"`

	// Flags are the plausibility flags of the set after the import, for
	// the curator to review: the set is not published while one is not
	// acknowledged. Absent when the store does not check.
	Flags []FactorFlagJSON `json:"flags,omitempty" doc:"Plausibility flags of the set after the import (every factor far outside its peers), each with the peers it was compared to; publishing is refused while one is not acknowledged"`
}

// FactorFlagJSON is the wire form of a plausibility flag
// (factorlib.FactorFlag), shared by the API and the CLI's JSON output.
type FactorFlagJSON struct {
	Code            string                   `json:"code"`
	Value           float64                  `json:"value"`
	Unit            string                   `json:"unit"`
	Category        string                   `json:"category"`
	Group           string                   `json:"group" doc:"The peer group: category, class (electricity role, transport mode, treatment) and unit compared in"`
	GroupUnit       string                   `json:"group_unit" doc:"The unit median, low and high are in"`
	PeerCount       int                      `json:"peer_count"`
	Median          float64                  `json:"median"`
	Low             float64                  `json:"low"`
	High            float64                  `json:"high"`
	Decades         float64                  `json:"decades" doc:"log10(value in group_unit) - log10(median): 3 is a thousand times the median"`
	Spread          float64                  `json:"spread" doc:"1.4826 x the median absolute deviation of the group's log10 values (decades)"`
	RobustZ         *float64                 `json:"robust_z,omitempty" doc:"abs(decades) / spread; absent when the spread is 0"`
	Peers           []factorFlagPeerJSON     `json:"peers" doc:"The peers closest to the median (at most 10)"`
	Explanation     string                   `json:"explanation"`
	ExplanationZH   string                   `json:"explanation_zh" doc:"The explanation in Chinese"`
	Kind            string                   `json:"kind" doc:"outlier: far outside its peers (the group statistic is filled); changed: the value, unit or superseded marking differs from the base set's; added: new to a set based on another, and not comparable with peers (change fills both)"`
	Change          *factorlib.FactorChange  `json:"change,omitempty" doc:"What the set, based on another, changed of the factor: present for changed and added flags, and for an outlier that is also changed. set: the set that made the change; base_set: the set it is based on; added: new to the set; base_value, base_unit, base_status, base_superseded_by: the factor in the base set (absent when added); status, superseded_by: in the set; unchecked: why an added factor was not compared with peers (count: per count unit; class: no electricity role, transport mode or treatment; sign: zero or negative; peers: a group too small to check), peers: how many peers its group has"`
	Acknowledgement *flagAcknowledgementJSON `json:"acknowledgement,omitempty"`
	Digest          string                   `json:"digest,omitempty" doc:"SHA-256 (hex) of the flag as shown: the set, code, kind, value, unit and change. A review sends it back (digests of POST .../flags/acknowledge) and is refused (409 conflict, field digests[i]) once the flag changed: a review covers only what its reviewer was shown"`
}

type factorFlagPeerJSON struct {
	Code  string  `json:"code"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

type flagAcknowledgementJSON struct {
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	Note     string    `json:"note"`
	Reviewed bool      `json:"reviewed" doc:"A curator reviewed the flag; false: acknowledged by the loader of an embedded set only, and the factor is not certifiable until a curator reviews it"`
}

// NewFactorFlagJSON maps a flag to its wire form.
func NewFactorFlagJSON(fl *factorlib.FactorFlag) FactorFlagJSON {
	out := FactorFlagJSON{
		Code: fl.Code, Value: fl.Value, Unit: fl.Unit, Category: string(fl.Category), Group: fl.Group, GroupUnit: fl.GroupUnit,
		PeerCount: fl.PeerCount, Median: fl.Median, Low: fl.Low, High: fl.High, Decades: fl.Decades, Spread: fl.Spread,
		Peers: make([]factorFlagPeerJSON, len(fl.Peers)), Explanation: fl.Explanation, ExplanationZH: fl.ExplanationZH,
		Kind: string(fl.FlagKind()), Change: fl.Change, Digest: fl.Digest,
	}
	if fl.Spread > 0 {
		z := fl.RobustZ()
		out.RobustZ = &z
	}
	for i, p := range fl.Peers {
		out.Peers[i] = factorFlagPeerJSON{Code: p.Code, Value: p.Value, Unit: p.Unit}
	}
	if a := fl.Acknowledgement; a != nil {
		out.Acknowledgement = &flagAcknowledgementJSON{By: a.By, At: a.At.UTC(), Note: a.Note, Reviewed: a.Reviewed}
	}
	return out
}

// NewFactorFlagsJSON maps flags to their wire form.
func NewFactorFlagsJSON(flags []*factorlib.FactorFlag) []FactorFlagJSON {
	return mapList(flags, NewFactorFlagJSON)
}

// factorFlagsMeta is the meta of a flags answer.
type factorFlagsMeta struct {
	Set            string `json:"set"`
	Count          int    `json:"count"`
	Unacknowledged int    `json:"unacknowledged" doc:"Flags without an acknowledgement: the set is published only when this is 0"`
	Unreviewed     int    `json:"unreviewed" doc:"Flags no curator reviewed (unacknowledged, or acknowledged by the loader only): their factors are not certifiable"`
	// SetReview is the set's review as a whole (factorlib.SetReview);
	// absent when the store has none.
	SetReview *setReviewJSON `json:"set_review,omitempty" doc:"The review of the set as a whole: a set based on no other that a curator created, imported into or classified (or a copy of one still waiting) is not reviewed as a set until a curator who is not one of its authors reviews it (POST .../flags/acknowledge with set true and a note); until then none of its factors is certifiable. Absent when the store has no set-level review"`
}

// setReviewJSON is the wire form of factorlib.SetReview.
type setReviewJSON struct {
	Required bool                     `json:"required" doc:"The set needs a review as a set: based on no other and filled by a curator, or copied from such a set while it waited; false for the embedded seed set, a CPCD snapshot, a set the database file's holder loaded and a set based on another (its change flags cover it)"`
	Reviewed bool                     `json:"reviewed" doc:"A curator other than the set's authors reviewed it as a set (always false when not required)"`
	Pending  bool                     `json:"pending" doc:"Required and not reviewed: every factor of the set is for previews only"`
	Why      string                   `json:"why,omitempty" doc:"What requires the review, e.g. API key k1 created factor set 2026.SC"`
	Review   *flagAcknowledgementJSON `json:"review,omitempty" doc:"The review: who, when and the note"`
	Digest   string                   `json:"digest,omitempty" doc:"SHA-256 (hex) of the set's factors as they are now (present when required): a review as a set sends it back (set_digest of POST .../flags/acknowledge) and is refused (409 conflict, field set_digest) once a factor was imported or classified since"`
}

// newSetReviewJSON maps r to its wire form; nil for nil.
func newSetReviewJSON(r *factorlib.SetReview) *setReviewJSON {
	if r == nil {
		return nil
	}
	out := &setReviewJSON{Required: r.Required, Pending: r.Pending(), Why: r.Why, Digest: r.Digest}
	if a := r.Review; a != nil {
		out.Reviewed = a.Reviewed
		out.Review = &flagAcknowledgementJSON{By: a.By, At: a.At.UTC(), Note: a.Note, Reviewed: a.Reviewed}
	}
	return out
}

// setReview returns the review as a set of version, or nil when the store
// has no set-level review.
func (s *Server) setReview(ctx context.Context, version string) (*factorlib.SetReview, error) {
	rs, ok := s.FactorService.(factorlib.SetReviewService)
	if !ok {
		return nil, nil
	}
	return rs.FindSetReview(ctx, version)
}

// FactorFlagsMeta is the meta of an answer with the flags of set version and
// its review as a set.
func FactorFlagsMeta(version string, flags []*factorlib.FactorFlag, review *factorlib.SetReview) factorFlagsMeta {
	return factorFlagsMeta{
		Set: version, Count: len(flags), Unacknowledged: len(factorlib.Unacknowledged(flags)), Unreviewed: len(factorlib.Unreviewed(flags)),
		SetReview: newSetReviewJSON(review),
	}
}

// flagService returns the store's plausibility flags, or ENOTIMPLEMENTED.
func (s *Server) flagService() (factorlib.FactorFlagService, error) {
	fs, ok := s.FactorService.(factorlib.FactorFlagService)
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTIMPLEMENTED, "this factor store has no plausibility checks")
	}
	return fs, nil
}

// storedFlags returns the plausibility flags of set; checked is false, and
// flags nil, for a store without checks.
func (s *Server) storedFlags(ctx context.Context, set string) (flags []*factorlib.FactorFlag, checked bool, err error) {
	fs, ok := s.FactorService.(factorlib.FactorFlagService)
	if !ok {
		return nil, false, nil
	}
	flags, err = fs.FindFactorFlags(ctx, set)
	return flags, err == nil, err
}

// handleFactorSetFlags lists the plausibility flags of a set with their
// acknowledgements: what a curator reviews before publishing.
func (s *Server) handleFactorSetFlags(c echo.Context) error {
	version := c.Param("version")
	if !footprint.ValidSetVersion(version) {
		return footprint.FieldErrorf(footprint.EINVALID, "version", "invalid factor-set version %q", version)
	}
	if err := s.visibleSet(c, version); err != nil {
		return err
	}
	fs, err := s.flagService()
	if err != nil {
		return err
	}
	flags, err := fs.FindFactorFlags(c.Request().Context(), version)
	if err != nil {
		return err
	}
	review, err := s.setReview(c.Request().Context(), version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: NewFactorFlagsJSON(flags), Meta: FactorFlagsMeta(version, flags, review)})
}

// flagAcknowledgeRequest is the body of POST
// /v1/factor-sets/{version}/flags/acknowledge.
type flagAcknowledgeRequest struct {
	Codes []string `json:"codes" doc:"The flagged factors whose values stand (may be empty with set true)"`
	// Digests are the digests of the flags of Codes as the reviewer was
	// shown them (red team 32), one for each code, in order.
	Digests []string `json:"digests" doc:"For each of codes, in order, the digest of its flag as GET .../flags showed it (data[].digest): what the reviewer saw. Required with codes (400, field digests); a flag that changed since (an author imported or classified) is refused with 409 conflict naming digests[i], and nothing is reviewed"`
	Note    string   `json:"note" doc:"Why they stand, e.g. checked against the source"`
	// Set asks for the review of the set as a whole (factorlib.SetReview).
	Set bool `json:"set,omitempty" doc:"Review the set as a whole too: a set based on no other that a curator filled waits for it (meta.set_review of GET .../flags), and none of its factors is certifiable until then. Refused (400, field set) for a set that needs none, and (403, field reviewer) for one of its authors, a key such an author's key created or the key that created it (four eyes); with codes, their flags are reviewed in the same transaction"`
	// SetDigest is the digest of the set's factors the reviewer read
	// (setReviewJSON.Digest), with Set.
	SetDigest string `json:"set_digest,omitempty" doc:"With set true, required: meta.set_review.digest of GET .../flags as the reviewer read it; refused (409 conflict, field set_digest) when the set's factors changed since, nothing reviewed"`
}

// seen returns the flags of req as its reviewer was shown them, or
// EINVALID naming digests when they are not one for each code (a client
// from before red team 32 sends codes only: refused, not taken as a
// review of whatever the factors now hold).
func (req *flagAcknowledgeRequest) seen() ([]factorlib.SeenFlag, error) {
	if len(req.Digests) != len(req.Codes) {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "digests", "give, for each of codes, the digest of its flag as GET /v1/factor-sets/{version}/flags showed it (data[].digest): %d codes, %d digests; a review covers only the values its reviewer was shown", len(req.Codes), len(req.Digests))
	}
	out := make([]factorlib.SeenFlag, len(req.Codes))
	for i, code := range req.Codes {
		if !footprint.ValidFactorCode(code) {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("codes[%d]", i), "invalid factor code %q", truncate(code, 64))
		}
		// An empty digest goes on to the store, which names what is
		// missing: the code's flag (codes[i]) or its digest (digests[i]).
		if d := req.Digests[i]; d != "" && !validDigest(d) {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("digests[%d]", i), "the digest of the flag of %s is 64 hexadecimal digits (data[].digest of GET /v1/factor-sets/{version}/flags), not %q", code, truncate(req.Digests[i], 80))
		}
		out[i] = factorlib.SeenFlag{Code: code, Digest: req.Digests[i]}
	}
	if req.SetDigest != "" && !validDigest(req.SetDigest) {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "set_digest", "the digest of the set is 64 hexadecimal digits (meta.set_review.digest of GET /v1/factor-sets/{version}/flags), not %q", truncate(req.SetDigest, 80))
	}
	return out, nil
}

// handleFactorSetAcknowledge records that the curator reviewed the flags of
// the named factors and keeps their values, in a draft or a published set
// (a review changes no value); the answer is every flag of the set.
func (s *Server) handleFactorSetAcknowledge(c echo.Context) error {
	version := c.Param("version")
	if !footprint.ValidSetVersion(version) {
		return footprint.FieldErrorf(footprint.EINVALID, "version", "invalid factor-set version %q", version)
	}
	var req flagAcknowledgeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	flags, review, err := s.reviewFlags(ctx, version, &req)
	if err == nil && !req.Set {
		review, err = s.setReview(ctx, version)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: NewFactorFlagsJSON(flags), Meta: FactorFlagsMeta(version, flags, review)})
}

// reviewFlags records the curator's review req of the flags of set
// version (FactorFlagService.AcknowledgeFactorFlags) or, with req.Set, of
// the set as a whole and the flags with it
// (factorlib.SetReviewService.ReviewFactorSet): the one path of POST
// /v1/factor-sets/{version}/flags/acknowledge and of the workbench's
// review form. It returns every flag of the set after the review, and the
// set's review when req.Set.
func (s *Server) reviewFlags(ctx context.Context, version string, req *flagAcknowledgeRequest) ([]*factorlib.FactorFlag, *factorlib.SetReview, error) {
	seen, err := req.seen()
	if err != nil {
		return nil, nil, err
	}
	fs, err := s.flagService()
	if err != nil {
		return nil, nil, err
	}
	if !req.Set {
		flags, err := fs.AcknowledgeFactorFlags(ctx, version, seen, req.Note)
		return flags, nil, err
	}
	rs, ok := s.FactorService.(factorlib.SetReviewService)
	if !ok {
		return nil, nil, footprint.FieldErrorf(footprint.ENOTIMPLEMENTED, "set", "this factor store has no review of a set as a whole")
	}
	review, flags, err := rs.ReviewFactorSet(ctx, version, req.SetDigest, seen, req.Note)
	return flags, review, err
}

// importFlags returns the wire form of the flags of set after an import,
// or nil when the store does not check.
func (s *Server) importFlags(ctx context.Context, set string) ([]FactorFlagJSON, error) {
	flags, checked, err := s.storedFlags(ctx, set)
	if err != nil || !checked {
		return nil, err
	}
	return NewFactorFlagsJSON(flags), nil
}

// importProgressJSON is one progress line of an import: the phase ("read":
// rows read and checked; "copy": factors of the set copied to the staging
// area; "write": factors written; "commit": the import made visible) and
// how many are done.
type importProgressJSON struct {
	Phase string `json:"phase"`
	Count int    `json:"count"`
}

// importLineJSON is a line of the NDJSON answer of an import: progress,
// then, last, either data (the summary) or error.
type importLineJSON struct {
	Progress *importProgressJSON `json:"progress,omitempty"`
	Data     *importSummaryJSON  `json:"data,omitempty"`
	Error    *errorBody          `json:"error,omitempty"`
}

// handleFactorSetImport adds factors from a CSV file (the
// tabular.FactorColumns format) to a draft set: the body is the CSV itself
// (text/csv) or a multipart form with the file in a part named "file". The
// file is read and written in batches as it arrives, and is all or
// nothing: on any problem nothing is imported and the error lists every bad
// line.
//
// A client that sends "Accept: application/x-ndjson" gets the answer as a
// stream while the upload is still being read: one JSON line per step of
// progress ({"progress":{"phase":"read","count":5000}}), then a last line
// with the summary ({"data":{…}}) or the error ({"error":{…}}, as in an
// error answer). The status, 200, is sent before the outcome is known;
// errors found before the stream starts (authentication, an unknown or
// published set, a body over ImportBodyLimit declared up front) keep their
// status.
func (s *Server) handleFactorSetImport(c echo.Context) error {
	version := c.Param("version")
	if !footprint.ValidSetVersion(version) {
		return footprint.FieldErrorf(footprint.EINVALID, "version", "invalid factor-set version %q", version)
	}
	// This route's own deadlines replace the server-wide ones, which are
	// sized for BodyLimit. Not every ResponseWriter has deadlines.
	rc := http.NewResponseController(c.Response())
	_ = rc.SetReadDeadline(time.Now().Add(ImportTimeout))
	_ = rc.SetWriteDeadline(time.Now().Add(ImportTimeout))
	ctx, cancel := context.WithTimeout(c.Request().Context(), ImportTimeout)
	defer cancel()

	file, err := openUpload(c, "file", "factors.csv", "text/csv")
	if err != nil {
		return err
	}
	fs, ok := s.FactorService.(factorStreamImporter)
	if !ok {
		factors, err := tabular.ReadFactorsCSV(file, file.Name)
		if err == nil {
			err = file.End()
		}
		if err != nil {
			return err
		}
		sum, err := s.FactorService.ImportFactors(ctx, version, factors)
		if err != nil {
			return err
		}
		out := newImportSummaryJSON(sum)
		if out.Flags, err = s.importFlags(ctx, version); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, dataResponse{Data: out})
	}
	// Refuse an unknown or published set before reading the upload.
	if set, err := s.FactorService.FindFactorSetByVersion(ctx, version); err != nil {
		return err
	} else if set.Status == footprint.SetPublished {
		return footprint.Errorf(footprint.ECONFLICT, "factor set %s is published and immutable", version)
	}

	var stream *progressStream
	if acceptsNDJSON(c.Request()) {
		stream = s.startProgressStream(c)
	}
	if stream != nil {
		// After the outcome line, whatever happened: see closeBody.
		defer stream.closeBody()
	}
	fr := tabular.NewFactorReader(file, file.Name, tabular.WithProgress(func(rows int) { stream.send("read", rows) }))
	next := func() (*footprint.Factor, error) {
		f, err := fr.Next()
		if err == io.EOF {
			if end := file.End(); end != nil {
				return nil, end
			}
		}
		return f, err
	}
	sum, err := fs.ImportFactorsFrom(ctx, version, next, stream.send)
	var out *importSummaryJSON
	if err == nil {
		out = newImportSummaryJSON(sum)
		out.Flags, err = s.importFlags(ctx, version)
	}
	if stream != nil {
		return stream.finish(out, err)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: out})
}

func newImportSummaryJSON(sum *footprint.ImportSummary) *importSummaryJSON {
	return &importSummaryJSON{Set: sum.Set, Added: sum.Added, Replaced: sum.Replaced, Total: sum.Total}
}

// acceptsNDJSON reports whether the client asked for the progress stream.
func acceptsNDJSON(req *http.Request) bool {
	for _, a := range strings.Split(req.Header.Get(echo.HeaderAccept), ",") {
		if mt, _, _ := strings.Cut(strings.TrimSpace(a), ";"); strings.EqualFold(strings.TrimSpace(mt), MIMENDJSON) {
			return true
		}
	}
	return false
}

// progressStream is the NDJSON answer of an import in progress.
type progressStream struct {
	s   *Server
	c   echo.Context
	rc  *http.ResponseController
	enc *json.Encoder
	err error // the first write error: the client has gone
}

// startProgress sends the status and headers of the progress stream and
// lets the handler go on reading the request body while it writes
// (HTTP/1.1 full duplex). It returns nil, and the answer is an ordinary
// one, when the connection cannot do that.
func (s *Server) startProgressStream(c echo.Context) *progressStream {
	rc := http.NewResponseController(c.Response())
	if err := rc.EnableFullDuplex(); err != nil {
		return nil
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, MIMENDJSON)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	p := &progressStream{s: s, c: c, rc: rc, enc: json.NewEncoder(c.Response())}
	p.err = rc.Flush()
	return p
}

// closeBody reads the rest of the request body and closes it before the
// handler returns, after the outcome line: every read of the body of a
// full-duplex request must be over by then (golang/go#68560).
//
// In full duplex, net/http does not consume the body before the answer.
// An import that has its outcome before the end of the body (a bad
// header, a row the file cannot be read past, a body over the limit, or a
// multipart file whose body's last chunk comes in a later read than its
// closing boundary, as api.Client's streamed upload may send it) left the
// rest to net/http, which reads it once the handler has returned and after
// it has stopped the connection's background read. Reaching the end of the
// body starts that background read again, and it was still running when
// net/http read the next request on the connection: it panicked "invalid
// concurrent Body.Read call", dropping the connection or, when the next
// request came with the end of the body, failing that request with a 500.
//
// The rest is read here (finishBody): at most bodyDrainBytes, within
// BodyDrainTimeout, not the route's read deadline (ImportTimeout), so a
// client trickling the tail does not hold the handler. A body that does not
// reach its end then (too large, malformed chunked encoding, trickled)
// closes the connection (closeConnection): net/http kept it when the rest
// could not be read, and read the next request from the middle of the
// body. The body is closed after, within the same deadline.
func (p *progressStream) closeBody() {
	if !p.s.finishBody(p.c) {
		closeConnection(p.c)
	}
	_ = p.c.Request().Body.Close()
}

// send writes one progress line; on a nil stream it does nothing.
func (p *progressStream) send(phase string, n int) {
	if p == nil || p.err != nil {
		return
	}
	p.write(importLineJSON{Progress: &importProgressJSON{Phase: phase, Count: n}})
}

func (p *progressStream) write(line importLineJSON) {
	if p.err = p.enc.Encode(line); p.err == nil {
		p.err = p.rc.Flush()
	}
}

// finish writes the last line: the summary, or the error as the error
// handler would have answered it (an internal error logged, and reported
// as "internal error").
func (p *progressStream) finish(sum *importSummaryJSON, err error) error {
	if err == nil {
		p.write(importLineJSON{Data: sum})
		return nil
	}
	status, body := p.s.errorStatus(err)
	if status >= 500 {
		p.s.Logger.Error("request failed",
			slog.String("request_id", p.c.Response().Header().Get(echo.HeaderXRequestID)),
			slog.String("method", p.c.Request().Method),
			slog.String("path", p.c.Request().URL.Path),
			slog.Any("err", err))
	}
	p.c.Set(errorCodeKey, body.Code)
	p.write(importLineJSON{Error: &body})
	return nil
}

// flagDigestRe is the form of a flag's and a set's digest (SHA-256, hex).
var flagDigestRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// validDigest reports whether d has the form of a flag's or a set's
// digest (FactorFlagJSON.Digest, setReviewJSON.Digest).
func validDigest(d string) bool { return flagDigestRe.MatchString(d) }

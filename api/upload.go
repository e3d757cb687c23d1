package api

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
)

// multipartMemory is how much of a multipart body is held in memory; the
// body limit is lower, so uploads never spill to temporary files.
const multipartMemory = 16 << 20

// parseMultipart parses a multipart/form-data body, turning a body over the
// limit into 413 and a malformed body into 400 naming the file part the
// form wants (one of parts; see multipartError).
func parseMultipart(c echo.Context, parts ...string) (*multipart.Form, error) {
	req := c.Request()
	if err := req.ParseMultipartForm(multipartMemory); err != nil {
		return nil, multipartError(err, parts...)
	}
	return req.MultipartForm, nil
}

// multipartError is the error of a multipart body that cannot be read:
// empty, cut off before its closing boundary, or not delimited by the
// boundary its Content-Type names. Go's multipart reader says no more
// than "NextPart: EOF", so the answer is a 400 naming the file part the
// form wants (parts, the first as the field); a body over the limit stays
// the 413.
func multipartError(err error, parts ...string) error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	return footprint.FieldErrorf(footprint.EINVALID, parts[0], "the multipart body is empty, cut off or not delimited by the boundary of its Content-Type: want the file in the part %q", strings.Join(parts, `" or "`))
}

// readFormFile reads the file of a multipart part whole.
func readFormFile(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "cannot read part %q", fh.Filename)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return nil, he
		}
		return nil, footprint.Errorf(footprint.EINVALID, "cannot read part %q", fh.Filename)
	}
	return b, nil
}

// fileName returns the base name of an uploaded file, for error positions.
func fileName(name, def string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == "" {
		return def
	}
	return name
}

// limitSize is a size limit as an error message gives it, before its
// exact number of bytes: "8 MB" of 8388608.
func limitSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// errTooLarge is the 413 of a request body over limit, naming the limit.
func errTooLarge(limit int64) error {
	return echo.NewHTTPError(http.StatusRequestEntityTooLarge, say("request body too large: the limit is %s (%d bytes)", limitSize(limit), limit))
}

// bodyLimit caps the request body of one route at limit bytes, in place of
// the server-wide BodyLimit (which skips the route): a larger declared
// Content-Length is refused before anything is read, and a body that grows
// past the limit fails its next read, both as 413 naming the limit.
func bodyLimit(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > limit {
				return errTooLarge(limit)
			}
			req.Body = &limitedBody{ReadCloser: req.Body, left: limit, limit: limit}
			return next(c)
		}
	}
}

// limitedBody is a request body that fails past its limit.
type limitedBody struct {
	io.ReadCloser
	left, limit int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		n, err := b.ReadCloser.Read(one[:])
		if n > 0 {
			return 0, errTooLarge(b.limit)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// streamedFile is the one file of a request, read as it arrives rather than
// held whole: the body itself when its content type is one of mediaTypes,
// or the part named field of a multipart/form-data body. Read errors that
// are the client's (an upload cut off) come back as EINVALID, a body over
// the route's limit as 413. Close checks that no second file part follows.
type streamedFile struct {
	io.Reader
	Name  string
	field string
	mr    *multipart.Reader
}

// openUpload opens the file of a request for streaming (see streamedFile);
// defaultName names a file sent as the whole body, in errors.
func openUpload(c echo.Context, field, defaultName string, mediaTypes ...string) (*streamedFile, error) {
	req := c.Request()
	if isMediaType(req, echo.MIMEMultipartForm) {
		mr, err := req.MultipartReader()
		if err != nil {
			return nil, multipartError(err, field)
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return nil, footprint.FieldErrorf(footprint.EINVALID, field, "want exactly one file in the multipart part %q", field)
			} else if err != nil {
				return nil, multipartError(err, field)
			}
			if part.FormName() != field {
				return nil, footprint.FieldErrorf(footprint.EINVALID, part.FormName(), "unknown part %q (want %s)", part.FormName(), field)
			}
			return &streamedFile{Reader: clientReader{part, field}, Name: fileName(part.FileName(), defaultName), field: field, mr: mr}, nil
		}
	}
	for _, mt := range mediaTypes {
		if isMediaType(req, mt) {
			return &streamedFile{Reader: clientReader{req.Body, ""}, Name: defaultName}, nil
		}
	}
	return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, say("content type must be %s", strings.Join(append(mediaTypes, echo.MIMEMultipartForm), " or ")))
}

// End reports, once the file has been read to its end, whether the request
// holds anything it should not: a second file part.
func (f *streamedFile) End() error {
	if f.mr == nil {
		return nil
	}
	part, err := f.mr.NextPart()
	if err == io.EOF {
		return nil
	} else if err != nil {
		return multipartError(err, f.field)
	}
	return footprint.FieldErrorf(footprint.EINVALID, part.FormName(), "unexpected part %q after the file (want exactly one file in the part %q)", part.FormName(), f.field)
}

// clientReader reads an upload, the whole body or the multipart part
// field; an error reading it (other than the end, or a body over the
// limit) is the client's, so EINVALID.
type clientReader struct {
	r     io.Reader
	field string
}

func (r clientReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	switch {
	case err == nil || err == io.EOF:
	case r.field != "":
		err = multipartError(err, r.field)
	default:
		err = uploadError(err)
	}
	return n, err
}

// uploadError maps an error reading an upload: a body over the limit stays
// the 413, anything else (a connection cut, a malformed multipart body) is
// EINVALID.
func uploadError(err error) error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	return footprint.Errorf(footprint.EINVALID, "reading the upload failed: %s", strings.TrimPrefix(err.Error(), "multipart: "))
}

package api

import (
	"errors"
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
// limit into 413 and a malformed body into 400.
func parseMultipart(c echo.Context) (*multipart.Form, error) {
	req := c.Request()
	if err := req.ParseMultipartForm(multipartMemory); err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return nil, he
		}
		return nil, footprint.Errorf(footprint.EINVALID, "malformed multipart body: %s", strings.TrimPrefix(err.Error(), "multipart: "))
	}
	return req.MultipartForm, nil
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

// uploadedFile returns the one file of a request: the whole body when its
// content type is one of mediaTypes, or the part named field of a
// multipart/form-data body. name is the file name to quote in errors.
func uploadedFile(c echo.Context, field, defaultName string, mediaTypes ...string) (name string, body []byte, err error) {
	req := c.Request()
	if isMediaType(req, echo.MIMEMultipartForm) {
		form, err := parseMultipart(c)
		if err != nil {
			return "", nil, err
		}
		files := form.File[field]
		if len(files) != 1 {
			return "", nil, footprint.FieldErrorf(footprint.EINVALID, field, "want exactly one file in the multipart part %q", field)
		}
		b, err := readFormFile(files[0])
		if err != nil {
			return "", nil, err
		}
		return fileName(files[0].Filename, defaultName), b, nil
	}
	for _, mt := range mediaTypes {
		if isMediaType(req, mt) {
			b, err := io.ReadAll(req.Body)
			if err != nil {
				var he *echo.HTTPError
				if errors.As(err, &he) {
					return "", nil, he
				}
				return "", nil, footprint.Errorf(footprint.EINVALID, "cannot read the request body")
			}
			return defaultName, b, nil
		}
	}
	return "", nil, echo.NewHTTPError(http.StatusUnsupportedMediaType,
		"content type must be "+strings.Join(append(mediaTypes, echo.MIMEMultipartForm), " or "))
}

// fileName returns the base name of an uploaded file, for error positions.
func fileName(name, def string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == "" {
		return def
	}
	return name
}

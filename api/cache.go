package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
)

// ImmutableMaxAge is how long any cache may keep a read pinned to a
// published factor set. A published set never changes (PRODUCT.md,
// principle 2), so the answer is marked immutable for a year, the longest
// freshness caches commonly honour.
const ImmutableMaxAge = 365 * 24 * time.Hour

var (
	cacheImmutable = "public, max-age=" + strconv.Itoa(int(ImmutableMaxAge.Seconds())) + ", immutable"
	// cacheRevalidate lets a cache keep an answer that may change (the
	// latest set, a draft) but ask the server, with its ETag, before using it.
	cacheRevalidate = "no-cache"
)

// sendCacheable sends body with a validator and caching rules: an ETag
// derived from the bytes, 304 Not Modified when the client's If-None-Match
// holds it, and Cache-Control immutable when the answer is pinned to a
// published factor set (revalidate otherwise). The ETag is weak because the
// gzip middleware may change the encoding of the same bytes.
func sendCacheable(c echo.Context, contentType string, body []byte, immutable bool) error {
	sum := sha256.Sum256(body)
	etag := `W/"` + hex.EncodeToString(sum[:16]) + `"`
	h := c.Response().Header()
	h.Set("ETag", etag)
	if immutable {
		h.Set(echo.HeaderCacheControl, cacheImmutable)
	} else {
		h.Set(echo.HeaderCacheControl, cacheRevalidate)
	}
	if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, contentType, body)
}

// sendCacheableJSON is sendCacheable for a JSON answer, encoded as c.JSON
// encodes it.
func sendCacheableJSON(c echo.Context, v any, immutable bool) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	return sendCacheable(c, echo.MIMEApplicationJSON, buf.Bytes(), immutable)
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110 §13.1.2):
// "*" or any listed tag equal to etag once the W/ prefixes are ignored.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// isPublished reports whether the factor set version is published. A
// published set stays published, so the answer is remembered; any error
// (an unknown set) is "no", which only makes an answer uncacheable.
func (s *Server) isPublished(ctx context.Context, version string) bool {
	if version == "" {
		return false
	}
	if _, ok := s.published.Load(version); ok {
		return true
	}
	fs, err := s.FactorService.FindFactorSetByVersion(ctx, version)
	if err != nil || fs.Status != footprint.SetPublished {
		return false
	}
	s.published.Store(version, true)
	return true
}

package api

import (
	"bytes"
	"embed"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
)

//go:embed templates/verify.html
var templateFS embed.FS

var verifyTemplate = template.Must(template.New("verify.html").Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.UTC().Format("2006-01-02") },
	"num": func(x float64) string {
		return strconv.FormatFloat(footprint.RoundSig(x, 4), 'f', -1, 64)
	},
}).ParseFS(templateFS, "templates/verify.html"))

// statusText holds the bilingual wording and colour of each status a person
// can see on the verification page.
var statusText = map[string]struct{ ZH, EN, Class, Note string }{
	"valid":      {"有效", "Valid", "ok", "本证书真实且在有效期内。This certificate is genuine and in force."},
	"suspended":  {"暂停", "Suspended", "warn", "证书已被认证机构暂停,暂不可用于声明。The certification body has suspended this certificate; it may not be used for claims meanwhile."},
	"withdrawn":  {"撤销", "Withdrawn", "bad", "证书已被撤销,不得使用。This certificate has been withdrawn and must not be used."},
	"expired":    {"过期", "Expired", "bad", "证书已超过有效期。This certificate has passed its expiry date."},
	"superseded": {"已被替代", "Superseded", "info", "证书已被新证书替代,请查看替代证书。This certificate has been replaced; see the new certificate."},
}

var boundaryText = map[string]string{
	"cradle-to-gate":  "摇篮到大门 / cradle-to-gate",
	"cradle-to-grave": "摇篮到坟墓 / cradle-to-grave",
}

type verifyPage struct {
	Found       bool
	Status      string
	StatusZH    string
	StatusEN    string
	StatusClass string
	StatusNote  string
	Boundary    string
	Checked     time.Time
	V           verifyJSON
	ErrorZH     string
	ErrorEN     string
}

// wantsHTML reports whether the client is a browser (a person who scanned
// the QR code) rather than a program: the same URL serves both.
func wantsHTML(c echo.Context) bool {
	if f := c.QueryParam("format"); f != "" {
		return f == "html"
	}
	accept := c.Request().Header.Get(echo.HeaderAccept)
	return strings.Contains(accept, "text/html")
}

// renderVerifyPage writes the bilingual verification page. It shows the
// same facts as the JSON answer, never more.
func (s *Server) renderVerifyPage(c echo.Context, status int, p verifyPage) error {
	p.Checked = s.Now().UTC()
	if p.Found {
		st := statusText[p.V.Status]
		p.Status, p.StatusZH, p.StatusEN, p.StatusClass, p.StatusNote = p.V.Status, st.ZH, st.EN, st.Class, st.Note
		if !p.V.SignatureValid && p.V.SignatureError != "" {
			p.StatusClass = "bad"
		}
		p.Boundary = boundaryText[p.V.Boundary]
		if p.Boundary == "" {
			p.Boundary = p.V.Boundary
		}
	}
	var buf bytes.Buffer
	if err := verifyTemplate.Execute(&buf, p); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	return c.HTMLBlob(status, buf.Bytes())
}

// verifyErrorPage renders a failed lookup as a page for a person; the JSON
// error handler would show a browser raw JSON.
func (s *Server) verifyErrorPage(c echo.Context, err error) error {
	code := footprint.ErrorCode(err)
	status, ok := codes[code]
	if !ok || status >= 500 {
		return err // internal: the error handler logs it and answers generically
	}
	p := verifyPage{ErrorZH: "查询失败。", ErrorEN: "The certificate could not be checked."}
	switch code {
	case footprint.ENOTFOUND:
		p.ErrorZH, p.ErrorEN = "未找到该证书:此标识可能是伪造的。", "No certificate has this ID: the label may not be genuine."
	case footprint.EINVALID:
		p.ErrorZH, p.ErrorEN = "证书编号格式无效。", "This is not a valid certificate ID."
	}
	return s.renderVerifyPage(c, status, p)
}

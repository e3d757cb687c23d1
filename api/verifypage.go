package api

import (
	"cmp"
	"errors"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint"
	twolang "github.com/chengdu-pcf/pcf/footprint/bilingual"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/labstack/echo/v4"
)

// statusText holds the bilingual wording and colour of each status a person
// can see on the verification page.
var statusText = map[string]struct{ ZH, EN, Class, Note string }{
	"valid":     {"有效", "Valid", "ok", "本证书真实且在有效期内。This certificate is genuine and in force."},
	"suspended": {"暂停", "Suspended", "warn", "证书已被认证机构暂停,暂不可用于声明。The certification body has suspended this certificate; it may not be used for claims meanwhile."},
	"withdrawn": {"撤销", "Withdrawn", "bad", "证书已被撤销,不得使用。This certificate has been withdrawn and must not be used."},
	// Expired and superseded say "no longer valid" as pcf verify does (NOT
	// VALID): a label printed before stays on products (red team 41).
	"expired":    {"过期", "Expired", "bad", "证书已超过有效期,不再有效,不得再用于声明。This certificate has passed its expiry date and is no longer valid: it may not be used for claims."},
	"superseded": {"已被替代", "Superseded", "bad", "本证书已被新证书替代,不再有效:其数值不得再用于声明,请查看替代证书。This certificate has been replaced and is no longer valid: its figure may not be claimed any more; see the new certificate."},
	// The record fails the server's own check (edited in the database, or
	// its key is lost): whatever its recorded status, nothing calls it
	// genuine.
	StatusSignatureInvalid: {"签名未通过验证", "Signature not verified", "bad",
		"本证书记录未通过数字签名验证,不得采信,请联系认证机构。The certificate on record fails the digital signature check: do not rely on it; contact the certification body."},
}

// flaggedText words a valid certificate flagged upstream: a supplier
// certificate it relies on changed status and its certifier has not
// reviewed it yet. It is shown wherever the status is, so that nobody
// reads such a certificate as plainly valid.
var flaggedText = struct{ ZH, EN, Class, Note string }{"有效(供应链待复核)", "Valid (flagged upstream)", "warn",
	"证书在记录上有效,但其所依据的供应商证书状态已变更,认证机构尚未复核。The certificate is valid on record, but a supplier certificate it relies on changed status and the certification body has not yet reviewed it."}

// predecessorText words a valid certificate whose predecessor its
// certifier withdrew after it was superseded (supplierAlert).
var predecessorText = struct{ ZH, EN, Class, Note string }{"有效(前证书已撤销,待复核)", "Valid (an earlier certificate of its lineage was withdrawn)", "warn",
	"证书在记录上有效,但其沿革中的前证书已被其认证机构撤销,本证书的认证机构尚未复核。The certificate is valid on record, but an earlier certificate of its lineage was withdrawn by its certification body, and this certificate's certification body has not yet reviewed it."}

// restoredText words a valid certificate whose status is as of a restored
// copy of the service's records (supplierAlert, restored).
var restoredText = struct{ ZH, EN, Class, Note string }{"有效(数据已从备份恢复,状态待确认)", "Valid as of a restored copy (status not confirmed since)", "warn",
	"本服务的数据已从备份副本恢复,副本之后的暂停、撤销或替代可能已丢失;本证书的认证机构尚未确认其状态。The service's records were restored from a copy: a suspension, withdrawal or replacement after the copy was taken may be lost, and this certificate's certification body has not yet confirmed its status."}

// unvouchedText words a valid certificate issued with an API key no former
// key of its certification body vouched for (supplierAlert,
// issuing_key_unvouched).
var unvouchedText = struct{ ZH, EN, Class, Note string }{"有效(签发密钥未经机构担保)", "Valid on record (issuing key not vouched for)", "warn",
	"签发本证书的密钥未经该认证机构担保:本证书可能并非由该机构签发(见下方)。The key this certificate was issued with was not vouched for by the certification body: the body may not have issued it (below)."}

// unvouchedStatusText words a status whose latest change (a
// reinstatement, review, suspension or withdrawal) was made with an API key no
// former key of the certification body vouched for (supplierAlert,
// status_key_unvouched; red team 48): the body may not have set it.
var unvouchedStatusText = map[string]struct{ ZH, EN, Class, Note string }{
	"valid": {"有效(恢复或复核密钥未经机构担保)", "Valid on record (reinstated or reviewed with a key not vouched for)", "warn",
		"最近一次恢复或复核本证书所用的密钥未经该认证机构担保:该操作可能并非该机构所为(见下方)。The key this certificate was last reinstated or reviewed with was not vouched for by the certification body: the body may not have done it (below)."},
	"suspended": {"暂停(暂停密钥未经机构担保)", "Suspended (with a key not vouched for)", "warn",
		"证书已被暂停,但暂停所用的密钥未经该认证机构担保:该暂停可能并非该机构所为(见下方);暂停期间不得用于声明。The certificate is suspended, but with a key the certification body has not vouched for: the body may not have suspended it (below); it may not be used for claims meanwhile."},
	"superseded": {"已被替代(替代证书的签发密钥未经机构担保)", "Superseded (by a certificate issued with a key not vouched for)", "warn",
		"本证书已被新证书替代,但替代证书的签发密钥未经该认证机构担保:该替代可能并非该机构所为(见下方);在机构确认前请勿依赖任一证书。This certificate was replaced, but the replacement was issued with a key the certification body has not vouched for: the body may not have replaced it (below); rely on neither until the body confirms."},
	"withdrawn": {"撤销(撤销密钥未经机构担保)", "Withdrawn (with a key not vouched for)", "bad",
		"证书已被撤销,但撤销所用的密钥未经该认证机构担保:该撤销可能并非该机构所为(见下方);在机构确认前不得使用。The certificate is withdrawn, but with a key the certification body has not vouched for: the body may not have withdrawn it (below); it must not be used until the body confirms."},
}

// compromisedText words a valid certificate issued with an API key at or
// after the time it was reported compromised as of (supplierAlert,
// issuing_key_compromised).
var compromisedText = struct{ ZH, EN, Class, Note string }{"有效(签发密钥已报告泄露)", "Valid on record (issued with a key reported compromised)", "bad",
	"签发本证书所用的 API 密钥在签发前已被报告泄露:本证书可能并非由该认证机构签发,在机构换发或撤销前请勿依赖(见下方)。The API key this certificate was issued with had been reported compromised by then: the certification body may not have issued it; do not rely on it until the body reissues or withdraws it (below)."}

// compromisedStatusText words a status whose latest change was made with an
// API key after the time it was reported compromised as of (supplierAlert,
// status_key_compromised): the key's thief may have set it.
var compromisedStatusText = map[string]struct{ ZH, EN, Class, Note string }{
	"valid": {"有效(恢复或复核密钥已报告泄露)", "Valid on record (reinstated or reviewed with a key reported compromised)", "bad",
		"最近一次恢复或复核本证书所用的 API 密钥当时已被报告泄露:该操作可能并非该认证机构所为,在机构确认前请勿依赖(见下方)。The API key this certificate was last reinstated or reviewed with had been reported compromised by then: the certification body may not have done it; do not rely on it until the body confirms (below)."},
	"suspended": {"暂停(暂停密钥已报告泄露)", "Suspended (with a key reported compromised)", "warn",
		"证书已被暂停,但所用的 API 密钥当时已被报告泄露:该暂停可能并非该认证机构所为(见下方);暂停期间不得用于声明。The certificate is suspended, but with an API key reported compromised by then: the certification body may not have suspended it (below); it may not be used for claims meanwhile."},
	"superseded": {"已被替代(替代证书的签发密钥已报告泄露)", "Superseded (by a certificate issued with a key reported compromised)", "bad",
		"本证书已被新证书替代,但替代证书所用的 API 密钥当时已被报告泄露:该替代可能并非该认证机构所为(见下方);在机构确认前请勿依赖任一证书。This certificate was replaced, but the replacement was issued with an API key reported compromised by then: the certification body may not have replaced it (below); rely on neither until the body confirms."},
	"withdrawn": {"撤销(撤销密钥已报告泄露)", "Withdrawn (with a key reported compromised)", "bad",
		"证书已被撤销,但所用的 API 密钥当时已被报告泄露:该撤销可能并非该认证机构所为(见下方);在机构确认前不得使用。The certificate is withdrawn, but with an API key reported compromised by then: the certification body may not have withdrawn it (below); it must not be used until the body confirms."},
}

// statusWording is the bilingual wording and colour of a live status, the
// alerts of a valid certificate included.
func statusWording(status string, alerts []supplierAlert) struct{ ZH, EN, Class, Note string } {
	if t, ok := compromisedStatusText[status]; ok && slices.ContainsFunc(alerts, func(a supplierAlert) bool { return a.Code == alertCompromisedStatusKey }) {
		return t
	}
	if t, ok := unvouchedStatusText[status]; ok && slices.ContainsFunc(alerts, func(a supplierAlert) bool { return a.Code == alertUnvouchedStatusKey }) {
		return t
	}
	switch {
	case len(alerts) == 0 || status != string(certification.CertificateValid):
		return statusText[status]
	case slices.ContainsFunc(alerts, func(a supplierAlert) bool { return a.Code == alertCompromisedKey }):
		return compromisedText
	case slices.ContainsFunc(alerts, func(a supplierAlert) bool { return a.Code == alertUnvouchedKey }):
		return unvouchedText
	case slices.ContainsFunc(alerts, func(a supplierAlert) bool { return a.Code == alertRestored }):
		return restoredText
	case slices.ContainsFunc(alerts, func(a supplierAlert) bool { return a.Code == alertPredecessor }):
		return predecessorText
	}
	return flaggedText
}

// sinceText introduces the date of a status change, per status.
var sinceText = map[string]struct{ ZH, EN string }{
	"suspended":  {"暂停日期", "Suspended on"},
	"withdrawn":  {"撤销日期", "Withdrawn on"},
	"superseded": {"替代日期", "Replaced on"},
	"expired":    {"到期日期", "Expired on"},
}

// cutOffBases words the basis of a cut-off share as the certificate does.
var cutOffBases = map[string]string{
	certification.CutOffEmissions: "排放（筛选估算） of emissions (screening estimate)",
	certification.CutOffMass:      "产品质量 of product mass",
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
	SinceZH     string
	SinceEN     string
	Boundary    string
	Checked     time.Time
	V           verifyJSON
	ErrorZH     string
	ErrorEN     string
	Server      string // this service's base URL, for the offline check's command
	// SiteHost is the host of this service's base URL as configured,
	// never the request's Host: a page copied to, or passed through, a
	// look-alike host says the genuine host, which the reader's address
	// bar then does not show (rf56). Without the base URL's path, as the
	// label prints it under its QR code (reviewer 56b). "" without one.
	SiteHost string
	// ApprovalNumber is the certification body's approval number as the
	// certificate signs it, read from the signed envelope: the label of
	// layout 7 prints it beside the body's names (what tells two bodies
	// apart), so the page gives it for the reader to compare; "" when the
	// envelope cannot be read.
	ApprovalNumber string
	// NumberAgainZH and NumberAgainEN say that the certificate's number
	// was given out after a restore that may have lost another certificate
	// of the same number (numberAgainText); "" otherwise.
	NumberAgainZH, NumberAgainEN string
	// Key holds the product's names, the model and the holder's names as
	// the first table shows them (keyTextsOf); the page gives each cut
	// one in full further down.
	Key keyTexts
	// Void is set for a certificate that is not valid (any status but
	// valid, a failed signature, a status worded in red): the page says so
	// beside the figure too.
	Void bool
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
	p.Checked, p.Server, p.SiteHost = s.Now(), s.BaseURL, siteHost(s.BaseURL)
	p.setStatus()
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store") // the live status
	return s.renderPage(c, status, "verify", p)
}

// siteHost returns the host of base, a service's base URL, as the
// label prints it under its QR code and a browser's address bar shows it
// before the first "/": in lower case, with the port if any, without the
// path (a service behind a proxy's path prefix printed "host/pcf", which
// its own label does not: reviewer 56b); "" if base is not an http(s) URL.
func siteHost(base string) string {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Host)
}

// setStatus fills in the status box and the boundary of a page that found
// its certificate.
func (p *verifyPage) setStatus() {
	if !p.Found {
		return
	}
	recorded := cmp.Or(p.V.RecordedStatus, p.V.Status)
	st := statusWording(recorded, p.V.SupplierAlerts)
	p.Status, p.StatusZH, p.StatusEN, p.StatusClass, p.StatusNote = p.V.Status, st.ZH, st.EN, st.Class, st.Note
	p.SinceZH, p.SinceEN = sinceText[recorded].ZH, sinceText[recorded].EN
	if !p.V.SignatureValid {
		st := statusText[StatusSignatureInvalid]
		p.StatusZH, p.StatusEN, p.StatusClass, p.StatusNote = st.ZH, st.EN, st.Class, st.Note
		// The date below is the record's, which fails the check: said
		// so, lest "Suspended on" read as a status the service vouches for.
		if p.SinceZH != "" {
			p.SinceZH, p.SinceEN = p.SinceZH+"(记录所载,不可依赖)", p.SinceEN+" (as recorded, not to be relied on)"
		}
	}
	// A certificate valid on record that its status box words in red (it
	// was issued, or last set valid, with an API key reported compromised:
	// its body may not have done it) is not valid either, as pcf verify
	// --server says (NOT VALID): its figure gets the same line (red team
	// 63: a thief's certificate showed its figure plainly).
	p.Void = p.V.Status != string(certification.CertificateValid) || st.Class == "bad"
	if sc, err := certification.ParseSignedCertificate(p.V.Signed); err == nil {
		p.ApprovalNumber = sc.Certificate.Certifier.ApprovalNumber
	}
	p.NumberAgainZH, p.NumberAgainEN = numberAgainText(p.V.NumberGivenAgain)
	p.Key = keyTextsOf(&p.V)
	p.Boundary = boundaryText[p.V.Boundary]
	if p.Boundary == "" {
		p.Boundary = p.V.Boundary
	}
}

// verifyErrorPage renders a failed lookup as a page for a person; the JSON
// error handler would show a browser raw JSON.
func (s *Server) verifyErrorPage(c echo.Context, err error) error {
	code := footprint.ErrorCode(err)
	status, ok := codes[code]
	if !ok || status >= 500 {
		return err // internal: the error handler logs it and answers generically
	}
	byNumber := c.Param("number") != ""
	p := verifyPage{ErrorZH: "查询失败。", ErrorEN: "The certificate could not be checked."}
	switch {
	case code == footprint.ENOTFOUND && byNumber:
		p.ErrorZH, p.ErrorEN = "未找到该编号的证书:此标识可能是伪造的。", "No certificate has this number: the label may not be genuine."
	case code == footprint.ENOTFOUND:
		p.ErrorZH, p.ErrorEN = "未找到该证书:此标识可能是伪造的。", "No certificate has this ID: the label may not be genuine."
	case code == footprint.EINVALID && byNumber:
		p.ErrorZH, p.ErrorEN = "证书编号格式无效:请输入标识上印制的完整编号。", "This is not a certificate number: enter the whole number as printed on the label."
	case code == footprint.EINVALID:
		// A QR code leads here with an ID: one that is not one leads to no
		// certificate, and the label that printed it may not be genuine.
		p.ErrorZH, p.ErrorEN = "证书 ID 格式无效:此链接不指向任何证书,此标识可能是伪造的。", "This is not a valid certificate ID: the link leads to no certificate, and the label may not be genuine."
	case certification.FailsRecordCheck(err):
		// The record holds another certificate's signed content (red team
		// 52): nothing of it is shown, and it is not to be relied on.
		p.ErrorZH, p.ErrorEN = "签名未通过验证:本证书的记录未通过本服务的核验,请勿依赖此标识。", "Signature not verified: this certificate's record fails the service's check; do not rely on this label."
	}
	if lost := (*restoredNotFound)(nil); errors.As(err, &lost) {
		// Not found on records restored from a copy: a certificate issued
		// after the copy may be one the restore lost (red team 52).
		p.ErrorZH, p.ErrorEN = restoredPageText(lost.end, byNumber, lost.earlier...)
	}
	return s.renderVerifyPage(c, status, p)
}

// keyTexts are the texts of the first table of the verification page a
// holder or an applicant chose, as it shows them (keyTextsOf).
type keyTexts struct {
	ProductZH, ProductEN, Model, HolderZH, HolderEN keyText
}

// keyText is a text of the first table: Text, cut where Cut says so (the
// page then puts a "…" after it, a link to the row with the text in full,
// whose id is Full).
type keyText struct {
	Text, Full string
	Cut        bool
}

// CutProduct, CutModel and CutHolder report whether the product's names,
// the model or the holder's names are cut: the page gives those in full
// below the alerts.
func (k keyTexts) CutProduct() bool { return k.ProductZH.Cut || k.ProductEN.Cut }
func (k keyTexts) CutModel() bool   { return k.Model.Cut }
func (k keyTexts) CutHolder() bool  { return k.HolderZH.Cut || k.HolderEN.Cut }

// The first table's room for the texts a holder or an applicant chose, so
// that all of its rows and the line asking to compare them stay on the
// first screen of a 390 × 844 phone, and of a 1280 × 900 desktop, whatever
// their lengths (red team 92's open item): a product's names of 200
// characters in each language (accepted at issue), or a holder's of 200
// and 128 (the register's limits), pushed the end of validity, the
// product's names and that line below it. The room is the demo module's
// page's, which fits with a line to spare: its model on two lines, its
// holder on one and its product's names on two each; a model on three
// takes one of the names' lines.
const (
	// keyLineEm is a line of the value column on the phone in ems of its
	// text: 242 px at 15.2 px is 15.9 (a desktop's, 28); half an em less
	// for the fonts' differences.
	keyLineEm = 15.4
	// keyModelLineEm is a line of the model, in ems of the model: it is
	// set at 1.15rem in a .95rem cell (site.css), 1.21 times as large.
	// Reckoned as 1.15 times as large, and its W at an em, a model of 24
	// W, which the label prints whole, took 3 lines where the estimate
	// gave 2, and the names their 5, which pushed the line asking to
	// compare to 860 px of a phone's 844 (reviewer 54).
	keyModelLineEm = keyLineEm * 0.95 / 1.15
	// keyNamesLines are the lines of the holder's and the product's
	// names together, the model on two.
	keyNamesLines = 5
	// keyModelLines are the model's: a model the label prints whole
	// (labels' checkLabelModel: at most 24 Chinese characters, 24 W,
	// 41 characters of "EX-550M-…" or 88 i) takes three at most, and is
	// not cut.
	keyModelLines = 3
)

// keyTextsOf returns the first table's texts of v: the model cut to
// keyModelLines; the names whole when they take keyNamesLines or fewer
// (one fewer under a model on three lines), else the holder's names cut to two lines
// (its Chinese and English run on: each to a line, or one whole and the
// other to what it leaves), and the product's names to the lines left,
// the Chinese first and each at least one. Each cut ends where its room does, with a visible "…"
// (footprint/bilingual.Clip at that byte).
func keyTextsOf(v *verifyJSON) keyTexts {
	holderZH, holderEN := v.HolderNames.NameZH, v.HolderNames.NameEN
	if holderZH == holderEN { // said once, as partyJSON.Names
		holderEN = ""
	}
	holder := func(zh, en string) string { return strings.TrimSpace(zh + " " + en) }
	pz, pe := textLines(v.ProductNameZH, keyLineEm), textLines(v.ProductNameEN, keyLineEm)
	hl := textLines(holder(holderZH, holderEN), keyLineEm)
	k := keyTexts{HolderZH: keyText{Text: holderZH}, HolderEN: keyText{Text: holderEN}}
	k.Model = cutToLines(v.Model, "model-full", keyModelLines, keyModelLineEm)
	names := keyNamesLines - max(0, min(textLines(v.Model, keyModelLineEm), keyModelLines)-2)
	if hl+pz+pe > names {
		if hl > 2 {
			hl = 2
			inLines := func(n int) func(string) bool {
				return func(s string) bool { return textLines(s, keyLineEm) <= n }
			}
			switch {
			case textLines(holderZH, keyLineEm) <= 1:
				k.HolderEN = cutTo(holderEN, "holder-full", func(s string) bool { return inLines(2)(holder(holderZH, s)) })
			case textLines(holderEN, keyLineEm) <= 1:
				k.HolderZH = cutTo(holderZH, "holder-full", func(s string) bool { return inLines(2)(holder(s, holderEN)) })
			default:
				k.HolderZH = cutTo(holderZH, "holder-full", inLines(1))
				k.HolderEN = cutTo(holderEN, "holder-full", func(s string) bool { return inLines(2)(holder(k.HolderZH.Text+"…", s)) })
			}
		}
		left := names - hl
		switch {
		case pe == 0:
			pz = min(pz, left)
		case pz == 0:
			pe = min(pe, left)
		default:
			pz = min(pz, left-1)
			pe = min(pe, left-pz)
		}
	}
	k.ProductZH = cutToLines(v.ProductNameZH, "product-full", pz, keyLineEm)
	k.ProductEN = cutToLines(v.ProductNameEN, "product-full", pe, keyLineEm)
	return k
}

// cutToLines is s whole when it takes n lines of line ems or fewer, else
// s cut to n such lines (cutTo).
func cutToLines(s, full string, n int, line float64) keyText {
	return cutTo(s, full, func(s string) bool { return textLines(s, line) <= n })
}

// cutTo returns s whole when fits(s), else its longest prefix that fits
// with the "…" after it, cut at a character (footprint/bilingual.Clip,
// whose "…" the page makes a link to the row full, which gives s whole).
func cutTo(s, full string, fits func(string) bool) keyText {
	if fits(s) {
		return keyText{Text: s}
	}
	starts := []int{}
	for i := range s {
		starts = append(starts, i)
	}
	// The prefixes that fit with the "…" are the shorter ones.
	n := sort.Search(len(starts), func(j int) bool { return !fits(strings.TrimRight(s[:starts[j]], " ") + "…") }) - 1
	cut := 0
	if n > 0 {
		cut = len(strings.TrimRight(s[:starts[n]], " "))
	}
	return keyText{Text: strings.TrimSuffix(twolang.Clip(s, cut), "…"), Full: full, Cut: true}
}

// textLines is the lines s takes in a column of line ems, broken as a
// browser breaks it: at a space, or beside a Chinese character (each
// non-ASCII character is reckoned so); a word wider than a line opens a
// line of its own and breaks anywhere (the page's overflow-wrap:
// anywhere). None for "".
func textLines(s string, line float64) int {
	if s == "" {
		return 0
	}
	lines, w, word := 1, 0.0, 0.0 // w: the line before the word being read; word: its width
	var glyphs []float64          // the word's characters' widths
	place := func() {
		switch {
		case word == 0:
		case w+word <= line:
			w += word
		case word <= line:
			lines, w = lines+1, word
		default: // broken at the last character that fits, not at a fraction of one (reviewer 54)
			if w > 0 {
				lines, w = lines+1, 0
			}
			for _, g := range glyphs {
				if w > 0 && w+g > line {
					lines, w = lines+1, 0
				}
				w += g
			}
		}
		word, glyphs = 0, glyphs[:0]
	}
	for _, r := range s {
		switch u := runeEm(r); {
		case r == ' ':
			place()
			w += u // a space at a line's end hangs past it
		case r >= utf8.RuneSelf:
			place()
			word, glyphs = u, append(glyphs, u)
			place()
		default:
			word, glyphs = word+u, append(glyphs, u)
		}
	}
	place()
	return lines
}

// runeEm is the width of r in ems, about as the page's sans fonts draw
// it: a Chinese character or any other wide one an em; an emoji 1.3 (Noto
// Color Emoji draws 12 of them in the phone's 242 px line of 15.2 px text,
// 1.22 to 1.33 em each: a product named in 200 emoji at an em each took a
// names line more than the estimate and pushed the line asking to compare
// below a phone's first screen, reviewer 54); a combining mark, a
// variation selector or a joiner none (drawn on the character before);
// M, W, @ and % 1.15 (the bold W is 1.10: 14 of the names', 11 of the
// model's drew a phone's line, where an em each gave 15 and 13); m and w
// an em; other capitals three quarters; the narrowest Latin
// letters and punctuation a third; any other ASCII character 0.62. What
// the first screen holds is measured in Chromium
// (TestRedteam92_FirstScreenSaysWhichProduct).
func runeEm(r rune) float64 {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me) || r == '\u200d' || r >= 0xfe00 && r <= 0xfe0f:
		return 0
	case r >= 0x1f000 && r <= 0x1faff || r >= 0x2600 && r <= 0x27bf:
		return 1.3
	case r >= utf8.RuneSelf:
		return 1
	case strings.ContainsRune("MW@%", r):
		return 1.15
	case strings.ContainsRune("mw", r):
		return 1
	case r >= 'A' && r <= 'Z':
		return 0.75
	case strings.ContainsRune(" .,:;'|!()[]{}iljftI1", r):
		return 0.35
	}
	return 0.62
}

// nearVerifyPage is the verification page of an address that is a near
// miss of a verification page's path (nearVerifyPath): no certificate's
// page, and a label whose QR code leads there may not be genuine.
var nearVerifyPage = verifyPage{
	ErrorZH: "此地址不是证书验证页(正品标识的二维码打开的地址以 /verify 结尾,其后没有其他字符):此标识可能是伪造的。",
	ErrorEN: "This address is no certificate's verification page (a genuine label's QR code opens an address ending in /verify, with nothing after it): the label may not be genuine.",
}

// nearVerifyPath reports whether c, a request no route matched, is a
// person's browser (wantsHTML) asking, with GET or HEAD, for a near miss
// of the paths of the verification page: /v1/certificates/{id}/verify or
// /v1/certificates/by-number/{number}/verify with a trailing slash or
// more segments after verify, or with segments before /v1/ (a QR code's
// address with a path prefix on the service's host), any case of those,
// or /verify/…. Such an
// address answered a browser with the JSON 404 of the programs' API
// ({"error":{"code":"not_found",…}}; /v1/ is the API, wantsErrorPage) or
// the site's plain "not found" page, neither saying what a label's reader
// needs to know: that the address is no certificate's page, and that the
// label may not be genuine (red team 92's open item). The registry's page
// /certificates/{number} with a slash or more after it needs nothing
// here: its route takes the rest as the number and answers its page,
// "证书编号格式无效".
func nearVerifyPath(c echo.Context) bool {
	if m := c.Request().Method; (m != "GET" && m != "HEAD") || !wantsHTML(c) {
		return false
	}
	seg := strings.Split(strings.Trim(strings.ToLower(c.Request().URL.Path), "/"), "/")
	if seg[0] == "verify" {
		return true
	}
	for i := 1; i+1 < len(seg); i++ { // /v1/certificates/…/verify…, also under a prefix (rf55: /pcf/v1/…)
		if seg[i-1] == "v1" && seg[i] == "certificates" {
			return slices.Contains(seg[i+1:], "verify")
		}
	}
	return false
}

// unitPerZH is the Chinese unit of a result as the label prints it:
// "kgCO2e/块", or "kgCO2e/10 块" when the declared unit is not one.
func unitPerZH(du certification.CertificateDeclaredUnit) string { return du.PerZH() }

// unitPerEN is the English reading the label prints: "per module", "per
// 10 modules".
func unitPerEN(du certification.CertificateDeclaredUnit) string { return du.PerENPlural() }

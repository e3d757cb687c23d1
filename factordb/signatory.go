package factordb

import (
	"unicode"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint"
)

// maxSignatory is the longest authorised signatory's name an issue takes,
// as the certificate's own check allows (certifier.signatory).
const maxSignatory = 100

// checkSignatory refuses an issue request's authorised signatory that a
// certificate must not print in its signature block, naming signatory, in
// Chinese and English: a name with a control or format character (a
// direction override such as U+202E reorders what the page shows, a
// zero-width space hides in it), with a digit, or with runs of white space
// or any but the plain space between its words (a name followed by a gap
// and "有效期至 2099-12-31" reads as another field of the certificate),
// or longer than maxSignatory characters. s is trimmed; certificates
// issued before keep their signatory and verify as before.
func checkSignatory(s string) error {
	bad := func(zh, en string) error {
		return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)%s:证书签署栏只印签字人的姓名。signatory %s: the certificate's signature block prints the signatory's name only", zh, en)
	}
	if !utf8.ValidString(s) {
		return bad("不是有效的 UTF-8", "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxSignatory {
		return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)超过 %[1]d 个字符。signatory is longer than %[1]d characters", maxSignatory)
	}
	prevSpace := false
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)含控制或格式字符 %[1]U(如方向控制符、零宽字符):证书签署栏只印签字人的姓名。signatory contains control or format character %[1]U (a direction control, a zero-width character): the certificate's signature block prints the signatory's name only", r)
		case unicode.IsNumber(r):
			return bad("含数字", "contains a digit")
		case unicode.IsSpace(r) && r != ' ':
			return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)含空白字符 %[1]U:姓名各部分之间只用一个普通空格。signatory contains white space %[1]U: the parts of a name are separated by one plain space", r)
		case r == ' ' && prevSpace:
			return bad("含连续空格", "contains a run of spaces")
		}
		prevSpace = r == ' '
	}
	return nil
}

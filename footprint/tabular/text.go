package tabular

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// The text encodings a CSV file is read in. Spreadsheet tools save CSV in
// the "ANSI" code page of the computer unless told otherwise: on a
// Chinese-locale Windows that is GBK (code page 936), of which GB18030 is
// the superset, so Excel's default "CSV (逗号分隔)" is GBK. Its "CSV UTF-8"
// writes UTF-8 with a byte-order mark.
const (
	encUTF8    = "UTF-8"
	encGB18030 = "GB18030"
)

// sniffSize is how many bytes, from the first non-ASCII byte on, decide
// between UTF-8 and GB18030: a few hundred characters of Chinese text in
// GBK are all but never valid UTF-8 (a GBK pair is valid UTF-8 only by
// rare accident), while UTF-8 is always valid UTF-8.
const sniffSize = 4096

// textReader decodes a CSV file to UTF-8. It drops a UTF-8 byte-order mark,
// refuses UTF-16 and UTF-32 (Excel's "Unicode text") with an error naming
// the encoding, and otherwise passes ASCII through until the first
// non-ASCII byte, where it decides from the next few kilobytes: UTF-8 is
// read as it is, GB18030 (GBK) is decoded to UTF-8. A
// GB18030 byte-order mark chooses GB18030 at once. The bytes it cannot
// decode are left for check to report with their line and column.
type textReader struct {
	br      *bufio.Reader
	r       io.Reader // the decoded text, once the encoding is known
	enc     string    // "" until decided
	started bool
}

func newTextReader(r io.Reader) *textReader {
	return &textReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// encodingError is a file in an encoding this package does not read.
type encodingError struct{ msg string }

func (e *encodingError) Error() string { return e.msg }

func (t *textReader) Read(p []byte) (int, error) {
	if t.r != nil {
		return t.r.Read(p)
	}
	if !t.started {
		t.started = true
		head, _ := t.br.Peek(4)
		switch {
		case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
			t.br.Discard(3)
			t.decide(encUTF8)
			return t.r.Read(p)
		case bytes.Equal(head, []byte("\x84\x31\x95\x33")):
			t.br.Discard(4)
			t.decide(encGB18030)
			return t.r.Read(p)
		case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")),
			bytes.Equal(head, []byte("\x00\x00\xfe\xff")):
			return 0, &encodingError{`文件为 UTF-16 或 UTF-32 文本（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8 (逗号分隔)”或“CSV (逗号分隔)”。the file is UTF-16 or UTF-32 text (Excel's "Unicode text"): save it as "CSV UTF-8 (逗号分隔)" or plain "CSV (逗号分隔)"`}
		}
	}
	// Pass ASCII through: it reads the same in both encodings.
	buf, err := t.br.Peek(max(t.br.Buffered(), 1))
	if len(buf) == 0 {
		return 0, err
	}
	n := 0
	for n < len(buf) && n < len(p) && buf[n] < utf8.RuneSelf {
		n++
	}
	if n > 0 {
		copy(p, buf[:n])
		t.br.Discard(n)
		return n, nil
	}
	if len(p) == 0 {
		return 0, nil
	}
	window, err := t.br.Peek(sniffSize)
	atEOF := err != nil // EOF, or an error Read will return again
	switch {
	case mostlyUTF8(window, atEOF):
		t.decide(encUTF8)
	case mostlyGB18030(window, atEOF):
		t.decide(encGB18030)
	default:
		// Neither: read it as UTF-8, and check reports the first bad byte.
		t.decide(encUTF8)
	}
	return t.r.Read(p)
}

func (t *textReader) decide(enc string) {
	t.enc = enc
	if enc == encGB18030 {
		t.r = transform.NewReader(t.br, simplifiedchinese.GB18030.NewDecoder())
	} else {
		t.r = t.br
	}
}

// mostlyUTF8 reports whether b reads as UTF-8 text at least as well as
// not: it has at least as many multi-byte UTF-8 characters as bytes that
// are not UTF-8. UTF-8 is strict enough that GBK text has few characters
// that happen to be UTF-8, while a UTF-8 file with a stray byte is still
// UTF-8 (and check reports the byte). A character cut at the end of b,
// when more follows, does not count.
func mostlyUTF8(b []byte, atEOF bool) bool {
	good, bad := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size <= 1:
			if !atEOF && !utf8.FullRune(b) {
				return good >= bad
			}
			bad++
		case size > 1:
			good++
		}
		b = b[size:]
	}
	return good >= bad
}

// mostlyGB18030 reports whether b reads as GB18030 text better than as
// anything else: more of its non-ASCII characters decode from GB18030 than
// fail to (a GBK file with one bad byte is still GBK, and check reports the
// byte; a Latin-1 "é" before a space or comma is no GB18030 character).
// A character cut at the end of b, when more follows, does not count.
func mostlyGB18030(b []byte, atEOF bool) bool {
	dst := make([]byte, 4*len(b)+4)
	n, _, err := simplifiedchinese.GB18030.NewDecoder().Transform(dst, b, atEOF)
	if err != nil && err != transform.ErrShortSrc {
		return false
	}
	good, bad := 0, 0
	for _, r := range string(dst[:n]) {
		switch {
		case r == utf8.RuneError:
			bad++
		case r >= utf8.RuneSelf:
			good++
		}
	}
	return good > bad
}

// check returns what is wrong with the text of a cell, "" if nothing: a
// byte that is not UTF-8 (the file read as UTF-8), or a byte sequence that
// is not GB18030 (the file decoded from GB18030, where the decoder turned
// it into U+FFFD). Nothing is ever silently replaced.
func (t *textReader) check(s string) string {
	if t.enc == encGB18030 {
		if i := strings.IndexRune(s, utf8.RuneError); i >= 0 {
			return fmt.Sprintf("第 %[1]d 个字符处的字节不是 GB18030 (GBK) 文本：请将文件另存为“CSV UTF-8 (逗号分隔)”。bytes that are not GB18030 (GBK) text at character %[1]d: save the file as \"CSV UTF-8 (逗号分隔)\"", utf8.RuneCountInString(s[:i])+1)
		}
		return ""
	}
	return checkUTF8(s)
}

// checkUTF8 names the first byte of s that is not UTF-8, "" if none.
func checkUTF8(s string) string {
	if utf8.ValidString(s) {
		return ""
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return fmt.Sprintf("无效的 UTF-8（第 %[2]d 个字符处的字节 0x%02[1]X）：请将文件另存为“CSV UTF-8 (逗号分隔)”。invalid UTF-8 (byte 0x%02[1]X at character %[2]d): save the file as \"CSV UTF-8 (逗号分隔)\"", s[i], utf8.RuneCountInString(s[:i])+1)
			}
		}
	}
	return "无效的 UTF-8。invalid UTF-8"
}

// columnLabel names column i (0-based) of a table for an error: its header
// name when it has a usable one, else "column N".
func columnLabel(header []string, i int) string {
	if i < len(header) {
		if h := headerName(header[i]); h != "" && checkUTF8(h) == "" && !strings.ContainsAny(h, ":\n\r") {
			return h
		}
	}
	return "column " + strconv.Itoa(i+1)
}

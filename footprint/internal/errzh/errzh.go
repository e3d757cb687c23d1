// Package errzh gives the service's error messages their Chinese.
//
// Every refusal a person reads (an API error, a form on the workbench, the
// CLI) says it in Chinese and in English, one message with the Chinese
// first: "须填写 signatory。signatory is required". Most of the service's
// errors are written in English with footprint.Errorf and FieldErrorf;
// their Chinese is in the zh_*.tsv tables here, one line an error, keyed by the English
// format string as it stands in the code. Sprintf, which those two
// functions call, looks the format up and writes both. The English half
// is byte for byte what fmt.Sprintf(format, args...) wrote before, so that
// clients and tests that read the English read what they read before.
//
// An argument that is itself a bilingual message (an error wrapped in
// another's words: "factor %s: %s" of a code and a unit's refusal) gives
// its Chinese to the Chinese half and its English to the English half.
//
// errzh_test.go checks that every English format of the tree has its
// Chinese here, and that each Chinese format uses the same arguments.
package errzh

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// tsv holds the tables: the service's packages in zh_*.tsv.
//
//go:embed *.tsv
var tsv embed.FS

// Sep is what stands between the Chinese and the English of a message.
const Sep = "。"

// table maps each English format to its Chinese (each line of the
// tables: the English, a tab, the Chinese; lines starting with # and blank
// lines are passed over).
var table = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 700)
	names, _ := fs.Glob(tsv, "*.tsv")
	for _, name := range names {
		b, _ := tsv.ReadFile(name)
		for line := range strings.Lines(string(b)) {
			line = strings.TrimSuffix(line, "\n")
			if en, zh, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
				m[en] = zh
			}
		}
	}
	return m
})

// Sprintf formats an error message: fmt.Sprintf(format, args...) when
// format has no Chinese here or has Chinese already, else the Chinese
// format of the table with the arguments' Chinese, Sep, and the English
// with the arguments' English. An argument written with %s or %v that is
// a bilingual message (Split) is a message of its own; one quoted (%q), a
// name or a value as a person gave it, is written as it is in both.
func Sprintf(format string, args ...any) string {
	zh, ok := table()[format]
	if !ok {
		return fmt.Sprintf(format, args...)
	}
	zhArgs, enArgs, copied := args, args, false
	for i, verb := range Verbs(format) {
		if i >= len(args) || verb != 's' && verb != 'v' {
			continue
		}
		var s string
		switch a := args[i].(type) {
		case string:
			s = a
		case error:
			s = fmt.Sprint(a) // as fmt writes it: a nil of a pointer type is "<nil>", not a panic
		default:
			continue
		}
		if z, e, ok := Split(s); ok {
			if !copied { // only when an argument is bilingual
				zhArgs, enArgs, copied = slices.Clone(args), slices.Clone(args), true
			}
			zhArgs[i], enArgs[i] = z, e
		}
	}
	return fmt.Sprintf(zh, zhArgs...) + Sep + fmt.Sprintf(format, enArgs...)
}

// verbs matches a format's verbs: %, argument index, flags, width,
// precision, verb.
var verbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*(\d+|\*)?(\.(\d+|\*)?)?[a-zA-Z%]`)

// Verbs returns the verb of each argument of format, by the argument's
// index (0 where none is written; the last verb of an argument written
// twice).
func Verbs(format string) []byte {
	var out []byte
	next := 0
	for _, m := range verbs.FindAllStringSubmatch(format, -1) {
		if m[0] == "%%" {
			continue
		}
		i := next
		if m[1] != "" {
			n, _ := strconv.Atoi(strings.Trim(m[1], "[]"))
			i = n - 1
		}
		if i < 0 || i > 64 {
			continue
		}
		next = i + 1
		for len(out) <= i {
			out = append(out, 0)
		}
		out[i] = m[0][len(m[0])-1]
	}
	return out
}

// Split splits a bilingual message into its Chinese and its English: s
// starts with Chinese (after the field paths and ": " an error's Error
// puts before it, "bom.csv:2: quantity: 值…") and Sep follows. The field
// paths are kept on both halves.
func Split(s string) (zh, en string, ok bool) {
	prefix := 0
	for {
		rest := s[prefix:]
		if r, _ := utf8.DecodeRuneInString(rest); isHan(r) {
			break
		}
		i := strings.Index(rest, ": ")
		if i <= 0 || strings.ContainsFunc(rest[:i], unicode.IsSpace) || HasHan(rest[:i]) {
			return "", "", false
		}
		prefix += i + 2
	}
	zh, en, ok = strings.Cut(s[prefix:], Sep)
	if !ok || en == "" {
		return "", "", false
	}
	return s[:prefix] + zh, s[:prefix] + en, true
}

// English returns the English of each line of s (Split), and whether every
// line was bilingual.
func English(s string) (string, bool) {
	lines := strings.Split(s, "\n")
	all := true
	for i, l := range lines {
		if _, en, ok := Split(l); ok {
			lines[i] = en
		} else {
			all = false
		}
	}
	return strings.Join(lines, "\n"), all
}

// HasHan reports whether s has a Chinese character.
func HasHan(s string) bool { return strings.ContainsFunc(s, isHan) }

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

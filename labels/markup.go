package labels

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
)

// markupInFile returns the first markup in a page's content or in the
// document information of f (pdf is its bytes) that a browser opening the
// file as a web page would act on, and the page it is on (1-based; 0 for
// the document information); "" if none. Both are written uncompressed, so
// their bytes are the file's: the strings of a page of a layout before 8
// hold their text's codes as they are, and the document information's
// subject is the product's names in UTF-16, so that a product's model
// "<svg/onload=…>", or Chinese characters whose codes or UTF-16 bytes
// spell it, ran in the browser of whoever opened the genuine PDF as a
// page (named .html, or served as text/html) while `pcf verify` called the
// same file genuine (red team 83). Layout 8 escapes < and > in every
// string of its pages (appendEscaped) and writes only characters below
// U+0100 into the subject and author (latinWords), so it holds none.
//
// The markup looked for is what the HTML tokenizer (WHATWG HTML §13.2.5)
// reads as a comment, as the start tag of an element of HTML, SVG or
// MathML, or as a tag of any name with an attribute that runs script,
// styles the page or loads or opens an address: what makes a page of the
// file's bytes show or do something other than the certificate. A start
// tag of another name is an unknown element, shown as text, as the rest
// of the file is; chance bytes of a genuine page (a code 60, "<", of a
// Chinese character, before another character's code) read as one.
func markupInFile(pdf []byte, f *pdfFile) (int, string) {
	if info, ok := f.trailer["Info"].(pdfRef); ok {
		if off, ok := f.offsets[info.num]; ok && off >= 0 && off < len(pdf) {
			obj := pdf[off:]
			if end := bytes.Index(obj, []byte("endobj")); end >= 0 {
				obj = obj[:end]
			}
			if tag := activeMarkup(obj); tag != "" {
				return 0, tag
			}
		}
	}
	for i, p := range f.pages() {
		content, err := f.pageContent(p)
		if err != nil {
			continue // the comparison names it
		}
		if tag := activeMarkup(content); tag != "" {
			return i + 1, tag
		}
	}
	// The rest of the file (the font programs, the compressed streams) is
	// not read: it holds the applicant's text only as glyphs and sorted
	// tables of code points, in which no way to spell markup is known (red
	// team 83), and its bytes are otherwise as good as random, in which the tags above stand by chance
	// ("<h1 " and the like): about one file of 550 of 100 kB of random
	// bytes held one (TestMarkupInFile_BinaryIsNotRead), so that a genuine
	// document would fail now and then.
	return 0, ""
}

// activeMarkup returns the first markup in b a browser acts on (see
// markupInFile), quoted from b as it stands, or "".
func activeMarkup(b []byte) string {
	tag, _ := readMarkup(b)
	return tag
}

// readMarkup is activeMarkup, also returning how many bytes it read,
// counting the bytes of each tag it read again from its <.
func readMarkup(b []byte) (string, int) {
	read := 0
	for i := 0; i < len(b); i++ {
		read++
		if b[i] != '<' || i+1 >= len(b) {
			continue
		}
		switch c := b[i+1]; {
		case bytes.HasPrefix(b[i+1:], []byte("!--")):
			return quoteMarkup(b[i:]), read
		case isASCIILetter(c):
			end, active := readStartTag(b, i+1)
			read += end - i
			if active {
				return quoteMarkup(b[i:end]), read
			}
			// As the tokenizer, read on after the tag: a < inside it
			// is its attributes' text, and reading each again from there
			// made a file of "<a " repeated take time in its square.
			i = end - 1
		}
	}
	return "", read
}

// readStartTag reads the start tag whose name begins at b[i] as the HTML
// tokenizer does (tag name, then attributes, each a name and an optional
// value, unquoted or in quotes, until >), and returns where it ends (after
// its >, or at the end of b) and whether a browser acts on it: an element name of htmlElements, or an
// attribute of activeAttributes or an event handler (on…) given a value.
func readStartTag(b []byte, i int) (int, bool) {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	start := i
	for i < len(b) && !space(b[i]) && b[i] != '/' && b[i] != '>' {
		i++
	}
	active := slices.Contains(htmlElements, string(bytes.ToLower(b[start:i])))
	for i < len(b) {
		for i < len(b) && (space(b[i]) || b[i] == '/') {
			i++
		}
		if i >= len(b) || b[i] == '>' {
			return min(i+1, len(b)), active
		}
		nameStart := i
		i++ // a name may begin with =
		for i < len(b) && !space(b[i]) && b[i] != '/' && b[i] != '>' && b[i] != '=' {
			i++
		}
		name := string(bytes.ToLower(b[nameStart:i]))
		for i < len(b) && space(b[i]) {
			i++
		}
		if i >= len(b) || b[i] != '=' {
			continue
		}
		active = active || activeAttribute(name)
		i++
		for i < len(b) && space(b[i]) {
			i++
		}
		if i < len(b) && (b[i] == '"' || b[i] == '\'') {
			q := b[i]
			i++
			for i < len(b) && b[i] != q {
				i++
			}
			i++
			continue
		}
		for i < len(b) && !space(b[i]) && b[i] != '>' {
			i++
		}
	}
	return len(b), active
}

// activeAttribute reports whether an attribute of this name, given a
// value, runs script (an event handler, on followed by letters), styles
// the page, or loads or opens an address. Every event handler of HTML has
// three letters or more after on (oncut, onload).
func activeAttribute(name string) bool {
	if len(name) > 4 && name[:2] == "on" && !slices.ContainsFunc([]byte(name[2:]), func(c byte) bool { return !isASCIILetter(c) }) {
		return true
	}
	return slices.Contains(activeAttributes, name)
}

var activeAttributes = []string{
	"style", "src", "srcset", "srcdoc", "href", "xlink:href", "action", "formaction", "data", "codebase",
	"background", "poster", "http-equiv", "popover", "popovertarget",
}

// htmlElements are the element names on which an HTML parser (outside
// <svg> and <math>, which are here) runs script, loads or opens an address,
// styles the page, takes input, draws a box or large type over the text
// around it, or reads what follows otherwise (WHATWG HTML §4 and its
// obsolete elements), lower case. Elements that only set their text
// otherwise (<b>, <i>, <p>, <em>, <li>, …) show it as the rest of the
// file is shown, and a genuine page holds them by chance: the code 60
// ("<") of a Chinese character before the code of an "i" and a space
// ("<i ") is on the pages of testdata/document6.
var htmlElements = []string{
	"applet", "audio", "base", "basefont", "bgsound", "big", "blink", "body", "button", "canvas", "center",
	"details", "dialog", "embed", "fieldset", "font", "form", "frame", "frameset",
	"h1", "h2", "h3", "h4", "h5", "h6", "head", "html", "iframe", "image", "img", "input", "isindex", "keygen",
	"link", "listing", "marquee", "math", "meta", "meter", "noembed", "noframes", "noscript", "object",
	"picture", "plaintext", "portal", "progress", "script", "select", "source", "style", "svg",
	"table", "template", "textarea", "title", "track", "video", "xmp",
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// quoteMarkup quotes markup found in the file, its bytes as they stand
// (the codes of a page's fonts, not always text), cut before the first
// byte that is not printable ASCII (the binary a tag runs on into) and at
// 80.
func quoteMarkup(b []byte) string {
	n := len(b)
	if i := slices.IndexFunc(b, func(c byte) bool { return c < ' ' || c > '~' }); i >= 0 {
		n = i
	}
	if n > 80 {
		n = 80
	}
	if n < len(b) {
		return strconv.Quote(string(b[:n])) + "…"
	}
	return strconv.Quote(string(b))
}

// markupDifference is the difference of a document whose page content or
// document information a browser reads as markup (markupInFile).
func markupDifference(page int, tag string, layout int) Difference {
	where, whereZH := "its content", "其内容"
	if page == 0 {
		where, whereZH = "the document information", "文档信息"
	}
	return Difference{Page: page,
		Message: fmt.Sprintf("%s holds %s as it is, which a browser opening the file as a web page (named .html, or served as text/html) reads as HTML markup and acts on: the page it shows, or the address it opens, is not the certificate's. The document is in layout %s%d; %s writes no such markup: download it again",
			where, tag, documentFormatPrefix, layout, DocumentFormat),
		ZH: fmt.Sprintf("%s原样写有 %s：以网页方式打开本文件（文件名改为 .html，或以 text/html 提供）时，浏览器会将其当作 HTML 标记执行，所显示的页面或打开的地址并非证书所载；文件采用版式 %s%d，%s 不会写入这样的标记，请重新下载",
			whereZH, tag, documentFormatPrefix, layout, DocumentFormat)}
}

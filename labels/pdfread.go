package labels

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	msg "github.com/chengdu-pcf/pcf/footprint/bilingual"
)

// A small PDF reader, enough to read back what writePDF writes (and what a
// tamperer who edits such a file with ordinary tools leaves): indirect
// objects in a classic (non-object-stream) body, FlateDecode streams, the
// page tree and the text-showing operators of page content. It reads objects
// front to back; a later definition of an object number replaces an earlier
// one, as an incremental update does. Offsets in the xref table are not
// trusted (an edited file often has stale ones), so none are needed.

// Limits against hostile input.
const (
	maxInflated = 16 << 20 // bytes of one decoded stream
	// maxInflatedFile bounds the bytes a file's streams decode to in all,
	// however often they are decoded: a document of the service decodes
	// to less than a megabyte, and 76 kB of deflated page content listed
	// 2,000 times as a page took all memory (red team 74).
	maxInflatedFile = 2 * maxInflated
	maxDepth        = 64 // nesting of arrays and dictionaries
	// maxReread bounds, as a multiple of the file's size, the bytes
	// read again: by objects that cannot be read, each read from its
	// header up to where it fails (to the end of the file for a string
	// that never closes), and by trailer dictionaries, which may lie
	// inside each other. A file of 180 kB of "1 0 obj (" took 11 s and
	// allocated 8 GB, each header's string read to the end (FuzzParsePDF).
	// A document of the service reads nothing again.
	maxReread = 2
)

type (
	pdfName    string
	pdfString  []byte
	pdfKeyword string
	pdfRef     struct{ num, gen int }
	pdfDict    map[pdfName]any
)

type pdfObject struct {
	value  any
	stream []byte // raw (still encoded) stream data, nil if none
	objStm int    // the object stream it was read from, 0 if the body
}

type pdfFile struct {
	objects map[int]*pdfObject

	// What the file's structure says about its history, for reports.
	defs       map[int]int         // times each object number is defined in the body
	offsets    map[int]int         // offset of each object's last definition (-1: in an object stream)
	trailer    pdfDict             // the newest section's trailer as readXrefChain reads it, else the last trailer (or cross-reference stream) dictionary
	xrefs      int                 // cross-reference sections (tables and streams)
	objStreams int                 // compressed object streams (PDF 1.5), which this renderer never writes
	inflated   int                 // bytes decoded by streamData so far (maxInflatedFile)
	defAt      map[int]int         // the object number of each definition read, by its offset
	objAt      map[int]*pdfObject  // each definition read, by its offset
	xrefAt     map[int]xrefEntry   // where the cross-reference sections put each object in use, as a viewer reads them
	xrefTables []int               // where each classic table's entries start (after its "xref" line)
	xrefObjs   map[int]*pdfObject  // each cross-reference stream read, by the offset of its header
	streamDefs map[int]map[int]any // the objects each object stream defines, by its number
	// movedToStream are the objects defined in the body, or in another
	// object stream, that the cross-reference sections put in an object
	// stream instead; movedFrom, the object stream each was first read
	// from (0: the body).
	movedToStream []int
	movedFrom     map[int]int
	// atEarlier are the objects the cross-reference sections put at a
	// definition in the body that a later one in the file replaces.
	atEarlier []int
	reread    int // bytes read again (maxReread)
	// lastHeader is the offset of the last header ("6 0 obj") of each
	// object number in the file, inside stream data too (objectHeaders).
	lastHeader map[int]int
	// xrefBudget is how many more entries the cross-reference streams may
	// give: every object a section puts somewhere needs a byte of the
	// file at least, so no more are read than the file has bytes
	// (reviewer 47: a stream of 47 KB named 16 million, 3.4 GB read).
	xrefBudget int
}

// readError is an error of the PDF reader, in Chinese and in English:
// its Error is "中文。English", so a footprint message quoting it gives
// each half its own language (errzh.Split), and halves gives a report its
// two lines. The Chinese names the problem; the English has the details.
type readError struct {
	zh, en string
	err    error // what it wraps, if anything
}

func (e *readError) Error() string { return e.zh + "。" + e.en }
func (e *readError) Unwrap() error { return e.err }

// readErrorf returns a readError: zh as it is, the English formatted (a
// %w in it wraps its error).
func readErrorf(zh, format string, args ...any) error {
	// Both halves quote the file (names, values): their controls escaped,
	// so that a name holding newlines prints no line of its own, such as
	// a "GENUINE" under the error (reviewer 48).
	en := fmt.Errorf(format, args...)
	return &readError{zh: EscapeControls(zh, ""), en: EscapeControls(en.Error(), ""), err: errors.Unwrap(en)}
}

// halves returns the Chinese and the English of an error of the reader:
// those of a readError or of a message in both ("中文。English"), else a
// Chinese naming the problem generally and the error's English.
func halves(err error) (zh, en string) {
	if re, ok := err.(*readError); ok {
		return re.zh, re.en
	}
	if zh, en, ok := splitZH(err.Error()); ok {
		return zh, en
	}
	return "PDF 文件无法读取", err.Error()
}

// splitZH splits a message in both languages, "中文。English", at the "。"
// msg.Halves (footprint/bilingual) finds (not the first: quoted text may hold one;
// reviewer 48), the "。" left out.
func splitZH(s string) (zh, en string, ok bool) {
	if r, _ := utf8.DecodeRuneInString(s); !unicode.Is(unicode.Han, r) {
		return "", "", false
	}
	if zh, en, ok = msg.Halves(s); !ok {
		return strings.Cut(s, "。")
	}
	return strings.TrimSuffix(zh, "。"), en, true
}

// errReread is parsePDF's error for a file whose objects are read again
// more than maxReread times its size.
var errReread = errors.New("文件中无法读取或相互嵌套的对象过多，无法在限定时间内读取。the file's objects cannot be read, or lie inside each other, too often to be read in bounded time")

// readAgain counts n bytes read again, and fails once they exceed
// maxReread times the file's size (plus a few kilobytes for a small file).
func (f *pdfFile) readAgain(n, size int) error {
	f.reread += n
	if f.reread > maxReread*size+4096 {
		return errReread
	}
	return nil
}

var objHeaderRe = regexp.MustCompile(`(\d+)[ \t\r\n\f\x00]+(\d+)[ \t\r\n\f\x00]+obj\b`)

// parsePDF reads the indirect objects of a PDF.
func parsePDF(b []byte) (*pdfFile, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("%PDF-")) {
		return nil, readErrorf("不是 PDF 文件", "not a PDF file")
	}
	f := &pdfFile{objects: map[int]*pdfObject{}, defs: map[int]int{}, offsets: map[int]int{}, defAt: map[int]int{}, objAt: map[int]*pdfObject{}, xrefAt: map[int]xrefEntry{}, xrefObjs: map[int]*pdfObject{}, streamDefs: map[int]map[int]any{}}
	if err := f.readTrailers(b); err != nil {
		return nil, err
	}
	pos := 0
	lx := &lexer{b: b} // one lexer: it remembers where no hex string closes
	for {
		loc := objHeaderRe.FindSubmatchIndex(b[pos:])
		if loc == nil {
			break
		}
		num, _ := strconv.Atoi(string(b[pos+loc[2] : pos+loc[3]]))
		lx.p = pos + loc[1]
		v, err := lx.value(0)
		if err != nil {
			// Not an object after all (or a damaged one): move on,
			// counting what was read in vain (the next header may lie
			// inside it).
			if err := f.readAgain(lx.p-(pos+loc[1]), len(b)); err != nil {
				return nil, err
			}
			pos += loc[1]
			continue
		}
		obj := &pdfObject{value: v}
		lx.skipSpace()
		if d, ok := v.(pdfDict); ok && bytes.HasPrefix(b[lx.p:], []byte("stream")) {
			start := lx.p + len("stream")
			if bytes.HasPrefix(b[start:], []byte("\r\n")) {
				start += 2
			} else if start < len(b) && (b[start] == '\n' || b[start] == '\r') {
				start++
			}
			end := -1
			// Compared as a number first: a /Length beyond an int (1e19)
			// converts to a negative one, and slicing there panicked
			// (FuzzDiffDocuments).
			if n, ok := d["Length"].(float64); ok && n >= 0 && n <= float64(len(b)-start) {
				tail := bytes.TrimLeft(b[start+int(n):], " \t\r\n")
				if bytes.HasPrefix(tail, []byte("endstream")) {
					end = start + int(n)
				}
			}
			if end < 0 { // length missing, indirect or wrong: find the keyword
				i := bytes.Index(b[start:], []byte("endstream"))
				if i < 0 {
					return nil, readErrorf(fmt.Sprintf("对象 %d 的数据流没有结束标记 endstream", num), "object %d: stream without endstream", num)
				}
				end = start + i
				for end > start && (b[end-1] == '\n' || b[end-1] == '\r') {
					end--
				}
			}
			obj.stream = b[start:end]
			lx.p = end + bytes.Index(b[end:], []byte("endstream")) + len("endstream")
		}
		f.objects[num] = obj
		f.defs[num]++
		f.offsets[num] = pos + loc[0]
		f.defAt[pos+loc[0]] = num
		f.objAt[pos+loc[0]] = obj
		if d, ok := v.(pdfDict); ok {
			switch d["Type"] {
			case pdfName("XRef"):
				f.xrefs++
				f.trailer = d
				f.xrefObjs[pos+loc[0]] = obj
			case pdfName("ObjStm"):
				f.objStreams++
			}
		}
		pos = lx.p
	}
	if len(f.objects) == 0 {
		return nil, readErrorf("PDF 文件中没有对象", "no objects in PDF")
	}
	f.readObjectStreams()
	f.readXrefs(b)
	f.useObjectStreams()
	return f, nil
}

// useObjectStreams reads an object defined in the body and again in an
// object stream, or in two object streams, as the cross-reference sections
// put it, as a viewer does: in the object stream they name (red team 76: a
// page redefined in an update's object stream, which viewers drew and this
// reader never compared; reviewer 47: one redefined in an update's object
// stream after an earlier one, which kept the earlier definition).
func (f *pdfFile) useObjectStreams() {
	f.movedFrom = map[int]int{}
	for num, e := range f.xrefAt {
		v, ok := f.streamDefs[e.objStm][num]
		o := f.objects[num]
		if e.objStm == 0 || !ok || o == nil || o.objStm == e.objStm {
			continue
		}
		f.objects[num] = &pdfObject{value: v, objStm: e.objStm}
		f.defs[num]++
		f.offsets[num] = -1
		f.movedToStream = append(f.movedToStream, num)
		f.movedFrom[num] = o.objStm
	}
	slices.Sort(f.movedToStream)
}

// readTrailers counts the classic cross-reference tables, records where
// each starts (readXrefs reads them), and keeps the last trailer dictionary. A value
// that cannot be read, or that begins inside the last one read, counts as
// read again: a trailer keyword may lie inside another trailer's value, in
// strings nested in each other.
func (f *pdfFile) readTrailers(b []byte) error {
	for _, end := range xrefLines(b) {
		f.xrefs++
		f.xrefTables = append(f.xrefTables, end)
	}
	lx := &lexer{b: b}
	read := 0 // where the last trailer's value ends
	for _, end := range trailerWords(b) {
		lx.p = end
		v, err := lx.value(0)
		if d, ok := v.(pdfDict); ok && err == nil {
			f.trailer = d
		}
		if err != nil || end < read {
			if err := f.readAgain(lx.p-end, len(b)); err != nil {
				return err
			}
		}
		read = max(read, lx.p)
	}
	return nil
}

// xrefLines returns where each line "xref" (PDF 32000-1 §7.5.4) ends,
// trailing blanks but not the end of line included: the matches of
// (?m)^xref[ \t\r]*$, found without a regular expression, which read a
// certificate's 200 kB at 10 ns a byte (three quarters of reading it).
func xrefLines(b []byte) []int {
	return wordEnds(b, "xref", func(start, end int) (int, bool) {
		if start > 0 && b[start-1] != '\n' {
			return 0, false
		}
		for end < len(b) && (b[end] == ' ' || b[end] == '\t' || b[end] == '\r') {
			end++
		}
		return end, end == len(b) || b[end] == '\n'
	})
}

// trailerWords returns where each word "trailer" ends: the matches of
// \btrailer\b (see xrefLines).
func trailerWords(b []byte) []int {
	return wordEnds(b, "trailer", func(start, end int) (int, bool) {
		return end, (start == 0 || !isWordByte(b[start-1])) && (end == len(b) || !isWordByte(b[end]))
	})
}

// wordEnds returns where each occurrence of word in b that match accepts
// ends, as match says, given where the occurrence starts and ends; the
// search goes on from the end of a match, else from the byte after the
// occurrence's start.
func wordEnds(b []byte, word string, match func(start, end int) (int, bool)) []int {
	var out []int
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(word))
		if j < 0 {
			return out
		}
		start := i + j
		i = start + 1
		if end, ok := match(start, start+len(word)); ok {
			out = append(out, end)
			i = end
		}
	}
}

// isWordByte reports whether c is a word character of \b (ASCII).
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// xrefEntry is where a cross-reference section puts an object in use:
// its offset (-1 inside an object stream, and which), and whether a
// cross-reference stream (PDF 1.5) gave it rather than a classic table.
type xrefEntry struct {
	off    int
	stream bool
	objStm int // the object stream holding it (a cross-reference stream's type 2 entry), else 0
	// rebuilt: no section gave it; the sections cannot be followed, and
	// it is the last header of the object in the file (rebuildFromHeaders).
	rebuilt bool
}

// maxXrefSections bounds the sections a chain of /Prev is followed along.
const maxXrefSections = 1024

// readXrefs reads where the cross-reference sections put each object in
// use (xrefAt), as a viewer finds objects. Offsets are not used to read
// objects (an edited file often has stale ones); they tell where a viewer
// reads another definition than this reader (red team 74: one hidden
// inside another object's stream data). A viewer starts at the section
// the last startxref names and follows /XRefStm and /Prev, the first entry
// of an object winning, and reads no "xref" line or stream it is not led
// to: a decoy table inside a later stream's data, which the last table of
// the file in file order was, reset the report's offsets (red team 76).
// Cross-reference streams are read as tables are (red team 76: they were
// only counted). Where that chain cannot be followed, a viewer rebuilds
// its table; then every section of the file is read in file order, a later
// entry replacing an earlier one, as an incremental update's does.
func (f *pdfFile) readXrefs(b []byte) {
	f.lastHeader = objectHeaders(b)
	if f.xrefBudget = len(b); f.readXrefChain(b) {
		f.useXrefOffsets(b)
		return
	}
	clear(f.xrefAt)
	f.xrefBudget = len(b)
	sections := make([]int, 0, len(f.xrefTables)+len(f.xrefObjs))
	sections = append(sections, f.xrefTables...)
	for off := range f.xrefObjs {
		sections = append(sections, off)
	}
	slices.Sort(sections)
	set := func(num int, e xrefEntry, inUse bool) {
		if inUse && f.defines(num) {
			f.xrefAt[num] = e
		}
	}
	for _, at := range sections {
		if o := f.xrefObjs[at]; o != nil {
			f.readXrefStream(f.defAt[at], o, set)
		} else {
			readXrefTable(b[at:], set)
		}
	}
	f.rebuildFromHeaders(b)
}

// useXrefOffsets reads an object defined more than once in the body at
// the definition the cross-reference sections put it at, as a viewer
// does, not at the last one in the file (reviewer 47: an update defining
// the page forged, then again genuine, its table pointing at the forged
// one, which viewers drew and this reader never compared).
func (f *pdfFile) useXrefOffsets(b []byte) {
	for num, e := range f.xrefAt {
		if e.objStm != 0 || e.off < 0 || e.off >= len(b) {
			continue
		}
		p := e.off
		for p < len(b) && isPDFSpace(b[p]) {
			p++
		}
		o := f.objAt[p]
		if o == nil || f.defAt[p] != num || f.offsets[num] == p {
			continue
		}
		f.objects[num] = o
		f.offsets[num] = p
		f.atEarlier = append(f.atEarlier, num)
	}
	slices.Sort(f.atEarlier)
}

// rebuildFromHeaders puts each object, where the sections cannot be
// followed, at its last header in the file when this reader did not read
// that one: a viewer rebuilding its table so reads headers inside stream
// data too, the last of a number winning (red team 76: with startxref
// broken, pdftoppm drew an object 6 hidden in a stream, which the decoy
// table of the file order had put back).
func (f *pdfFile) rebuildFromHeaders(b []byte) {
	for num, off := range f.lastHeader {
		if f.defAt[off] != num {
			f.xrefAt[num] = xrefEntry{off: off, rebuilt: true}
		}
	}
}

// readXrefChain follows the sections from the last startxref, as a
// viewer does, and reports whether it could: each offset must lead to a
// table and its trailer or to a cross-reference stream this reader read.
func (f *pdfFile) readXrefChain(b []byte) bool {
	i := bytes.LastIndex(b, []byte("startxref"))
	if i < 0 {
		return false
	}
	at, ok := offsetIn(mustValue(&lexer{b: b, p: i + len("startxref")}), len(b))
	seen := map[int]bool{}
	visited := map[int]bool{}
	var newest pdfDict
	// section reads one section's entries: those of a newer section,
	// read first, win.
	section := func(num int, e xrefEntry, inUse bool) {
		if seen[num] || !f.defines(num) {
			return
		}
		seen[num] = true
		if inUse {
			f.xrefAt[num] = e
		}
	}
	// stream reads the cross-reference stream at off once: read again,
	// its entries are all seen, and 1,023 tables of 129 kB naming one
	// stream by /XRefStm decoded it until the file's streams could decode
	// no more, the certificate's neither.
	streamRead := map[int]bool{}
	stream := func(off int, o *pdfObject) {
		if !streamRead[off] {
			streamRead[off] = true
			f.readXrefStream(f.defAt[off], o, section)
		}
	}
	for n := 0; ok; n++ {
		if n == maxXrefSections || visited[at] {
			return false
		}
		visited[at] = true
		p := at
		for p < len(b) && isPDFSpace(b[p]) {
			p++
		}
		var next pdfDict
		if o := f.xrefObjs[p]; o != nil {
			stream(p, o)
			next, _ = o.value.(pdfDict)
		} else if bytes.HasPrefix(b[p:], []byte("xref")) {
			end := readXrefTable(b[p+len("xref"):], section) + p + len("xref")
			lx := &lexer{b: b, p: end}
			lx.skipSpace()
			if !bytes.HasPrefix(b[lx.p:], []byte("trailer")) {
				return false
			}
			lx.p += len("trailer")
			next, _ = mustValue(lx).(pdfDict)
			if next == nil {
				return false
			}
			// A hybrid file's table names a stream whose entries come
			// after the table's, before the previous section's
			// (PDF 32000-1 §7.5.8.4).
			if next["XRefStm"] != nil {
				stm, ok := offsetIn(next["XRefStm"], len(b))
				for stm < len(b) && isPDFSpace(b[stm]) {
					stm++
				}
				o := f.xrefObjs[stm]
				if !ok || o == nil {
					return false
				}
				stream(stm, o)
			}
		} else {
			return false
		}
		if n == 0 {
			// The trailer a viewer reads is the newest section's, not
			// the last "trailer" of the file, which may lie inside a
			// stream's data.
			newest = next
		}
		if next["Prev"] == nil {
			f.trailer = newest
			return true
		}
		at, ok = offsetIn(next["Prev"], len(b))
	}
	return false
}

// defines reports whether the file has an object num where a viewer may
// find one: a header in the file, inside stream data too, or an object
// stream's entry. A cross-reference entry for another number leads a
// viewer to no object, and is not kept: a file of a few megabytes gave as
// many entries, each kept twice and looked for at its offset, and one of
// 4.2 MB took pcf verify 19 s and 680 MB (reviewer 47's bound, one entry a
// byte of the file, was not enough).
func (f *pdfFile) defines(num int) bool {
	_, ok := f.lastHeader[num]
	return ok || f.objects[num] != nil
}

// objectHeaders returns the offset of the last header of each object
// number in b: the matches of objHeaderRe, found without a regular
// expression (see xrefLines), each "obj" looked back from.
func objectHeaders(b []byte) map[int]int {
	out := map[int]int{}
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	isBlank := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0 }
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("obj"))
		if j < 0 {
			return out
		}
		k := i + j
		i = k + 1
		if k+3 < len(b) && isWordByte(b[k+3]) {
			continue
		}
		// Back over blanks, the generation, blanks and the number.
		p := k
		for _, digits := range []bool{false, true, false, true} {
			q := p
			for q > 0 && (digits && isDigit(b[q-1]) || !digits && isBlank(b[q-1])) {
				q--
			}
			if q == p {
				p = -1
				break
			}
			p = q
		}
		if p < 0 {
			continue
		}
		end := p
		for isDigit(b[end]) {
			end++
		}
		if num, err := strconv.Atoi(string(b[p:end])); err == nil {
			out[num] = p
		}
		i = k + 3
	}
}

// offsetIn reads v as a byte offset into a file of size bytes.
func offsetIn(v any, size int) (int, bool) {
	n, ok := v.(float64)
	if !ok || n < 0 || n >= float64(size) || n != float64(int(n)) {
		return 0, false
	}
	return int(n), true
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

var (
	// xrefSubRe is a subsection's header of a classic cross-reference
	// table, xrefEntryRe one entry (PDF 32000-1 §7.5.4).
	xrefSubRe   = regexp.MustCompile(`^[ \t\r\n]*(\d{1,9}) (\d{1,9})[ \t]*\r?\n`)
	xrefEntryRe = regexp.MustCompile(`^(\d{10}) (\d{5}) ([nf])[ \t\r\n]{1,2}`)
)

// readXrefTable reads the entries of the classic table b starts with (after
// its "xref" line), giving each to set, and returns where the table ends.
func readXrefTable(b []byte, set func(num int, e xrefEntry, inUse bool)) int {
	for p := 0; ; {
		m := xrefSubRe.FindSubmatch(b[p:])
		if m == nil {
			return p
		}
		p += len(m[0])
		first, _ := strconv.Atoi(string(m[1]))
		count, _ := strconv.Atoi(string(m[2]))
		for i := 0; i < count; i++ {
			e := xrefEntryRe.FindSubmatch(b[p:])
			if e == nil {
				return p
			}
			p += len(e[0])
			off, _ := strconv.Atoi(string(e[1]))
			set(first+i, xrefEntry{off: off}, string(e[3]) == "n")
		}
	}
}

// readXrefStream reads the entries of a cross-reference stream (PDF
// 32000-1 §7.5.8), giving each to set: an object in an object stream
// (type 2) is in use at offset -1, in that stream.
func (f *pdfFile) readXrefStream(num int, o *pdfObject, set func(num int, e xrefEntry, inUse bool)) {
	d, _ := o.value.(pdfDict)
	data, err := f.decodeStream(num, o)
	if err != nil {
		return
	}
	w, _ := f.resolve(d["W"]).([]any)
	if len(w) != 3 {
		return
	}
	var widths [3]int
	size := 0
	for i, v := range w {
		n, ok := f.resolve(v).(float64)
		if !ok || n < 0 || n > 8 || n != float64(int(n)) {
			return
		}
		widths[i] = int(n)
		size += int(n)
	}
	if size == 0 {
		return
	}
	index, _ := f.resolve(d["Index"]).([]any)
	if index == nil {
		index = []any{0.0, f.resolve(d["Size"])}
	}
	field := func(b []byte, def int) int {
		if len(b) == 0 {
			return def
		}
		v := 0
		for _, c := range b {
			v = v<<8 | int(c)
		}
		return v
	}
	for i := 0; i+1 < len(index) && len(data) >= size; i += 2 {
		first, ok1 := f.resolve(index[i]).(float64)
		count, ok2 := f.resolve(index[i+1]).(float64)
		if !ok1 || !ok2 || first < 0 || count < 0 || first > 1e9 {
			return
		}
		for j := 0; float64(j) < count && len(data) >= size; j++ {
			if f.xrefBudget--; f.xrefBudget < 0 {
				return
			}
			e := data[:size]
			data = data[size:]
			typ := field(e[:widths[0]], 1)
			second := field(e[widths[0]:widths[0]+widths[1]], 0)
			switch typ {
			case 0:
				set(int(first)+j, xrefEntry{}, false)
			case 1:
				set(int(first)+j, xrefEntry{off: second, stream: true}, true)
			case 2:
				set(int(first)+j, xrefEntry{off: -1, stream: true, objStm: second}, true)
			}
		}
	}
}

// hiddenDefinitions returns the objects the cross-reference sections put
// where this reader read no definition of them, but where b holds one:
// inside another object's data (a stream's, which it skips), so that a
// viewer, which follows the table, reads another object than this reader.
// Stale offsets that hold no definition of the object are not returned.
func (f *pdfFile) hiddenDefinitions(b []byte) []int {
	var out []int
	for num, e := range f.xrefAt {
		off := e.off
		if off < 0 || off >= len(b) || f.defAt[off] == num {
			continue
		}
		// A viewer skips white space before the header: an offset a byte
		// early, at the line break before "6 0 obj", hid the object from
		// this check (reviewer 46).
		m := objHeaderRe.FindSubmatchIndex(b[off:min(len(b), off+40)])
		if m == nil || len(bytes.TrimLeft(b[off:off+m[0]], " \t\r\n\f\x00")) != 0 || f.defAt[off+m[0]] == num ||
			string(b[off+m[2]:off+m[3]]) != strconv.Itoa(num) {
			continue
		}
		out = append(out, num)
	}
	slices.Sort(out)
	return out
}

func mustValue(lx *lexer) any {
	v, err := lx.value(0)
	if err != nil {
		return nil
	}
	return v
}

// readObjectStreams adds the objects of compressed object streams (PDF
// 32000-1 §7.5.7), as a file re-saved by another program has them. An
// object defined in the body as well keeps that definition, and one
// defined in two object streams the lower-numbered stream's, unless the
// cross-reference streams put it in another object stream
// (useObjectStreams).
func (f *pdfFile) readObjectStreams() {
	for _, num := range f.sortedNums() {
		o := f.objects[num]
		d, _ := o.value.(pdfDict)
		if d["Type"] != pdfName("ObjStm") || o.stream == nil {
			continue
		}
		data, _, err := f.streamData(pdfRef{num, 0})
		if err != nil {
			continue
		}
		n, _ := f.resolve(d["N"]).(float64)
		first, _ := f.resolve(d["First"]).(float64)
		if n <= 0 || n > 1e5 || !(first >= 0 && first <= float64(len(data))) { // numbers beyond an int: as /Length above
			continue
		}
		// Each object is read within its span, up to the next one's
		// offset: the offsets increase (PDF 32000-1 §7.5.7), and entries
		// that all point at one array were read as that many arrays (red
		// team 74). The first entry out of order ends the stream.
		lx := &lexer{b: data[:int(first)]}
		var nums, offs []int
		for i := 0; i < int(n); i++ {
			onum, ok1 := mustValue(lx).(float64)
			off, ok2 := mustValue(lx).(float64)
			if !ok1 || !ok2 || !(off >= 0 && off < float64(len(data)-int(first))) || len(offs) > 0 && int(off) <= offs[len(offs)-1] {
				break
			}
			nums, offs = append(nums, int(onum)), append(offs, int(off))
		}
		for i, onum := range nums {
			end := len(data)
			if i+1 < len(offs) {
				end = int(first) + offs[i+1]
			}
			v := mustValue(&lexer{b: data[:end], p: int(first) + offs[i]})
			if v == nil {
				continue
			}
			if f.streamDefs[num] == nil {
				f.streamDefs[num] = map[int]any{}
			}
			f.streamDefs[num][onum] = v
			if _, defined := f.objects[onum]; defined {
				continue
			}
			f.objects[onum] = &pdfObject{value: v, objStm: num}
			f.defs[onum]++
			f.offsets[onum] = -1
		}
	}
}

// resolve follows a reference.
func (f *pdfFile) resolve(v any) any {
	for i := 0; i < 8; i++ {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		o := f.objects[r.num]
		if o == nil {
			return nil
		}
		v = o.value
	}
	return nil
}

func (f *pdfFile) dict(v any) pdfDict {
	d, _ := f.resolve(v).(pdfDict)
	return d
}

// streamData returns the decoded data of the stream object v refers to.
func (f *pdfFile) streamData(v any) ([]byte, pdfDict, error) {
	r, ok := v.(pdfRef)
	if !ok {
		return nil, nil, readErrorf("数据流不是间接对象", "stream is not an indirect object")
	}
	o := f.objects[r.num]
	if o == nil || o.stream == nil {
		return nil, nil, readErrorf(fmt.Sprintf("对象 %d 不是数据流", r.num), "object %d is not a stream", r.num)
	}
	data, err := f.decodeStream(r.num, o)
	d, _ := o.value.(pdfDict)
	return data, d, err
}

// decodeStream returns the decoded data of stream object num, o.
func (f *pdfFile) decodeStream(num int, o *pdfObject) ([]byte, error) {
	d, _ := o.value.(pdfDict)
	data := o.stream
	filters := []any{f.resolve(d["Filter"])}
	if a, ok := filters[0].([]any); ok {
		filters = a
	}
	for _, fl := range filters {
		switch fl {
		case nil:
		case pdfName("FlateDecode"):
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, readErrorf(fmt.Sprintf("对象 %d 的数据流无法解压", num), "object %d: inflate: %w", num, err)
			}
			limit := min(maxInflated, maxInflatedFile-f.inflated)
			out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
			if err != nil || len(out) > maxInflated {
				// What was decoded counts, though it is not used: a
				// stream decoding to more than maxInflated, or damaged
				// after it, was decoded for nothing each time it was
				// read (FuzzParsePDF: 22 MB for reviewer 47's file
				// with a byte changed).
				f.inflated = min(maxInflatedFile, f.inflated+len(out))
			}
			if err != nil {
				return nil, readErrorf(fmt.Sprintf("对象 %d 的数据流无法解压", num), "object %d: inflate: %w", num, err)
			}
			if len(out) > maxInflated {
				return nil, readErrorf(fmt.Sprintf("对象 %d 的数据流解压后超过 %d 字节", num, maxInflated), "object %d: stream larger than %d bytes", num, maxInflated)
			}
			data = out
		default:
			return nil, readErrorf(fmt.Sprintf("对象 %d 的数据流使用了不支持的过滤器 %q", num, fmt.Sprint(fl)), "object %d: unsupported filter %q", num, fmt.Sprint(fl))
		}
		if len(data) > maxInflatedFile-f.inflated {
			break
		}
	}
	if len(data) > maxInflatedFile-f.inflated {
		f.inflated = maxInflatedFile
		return nil, readErrorf(fmt.Sprintf("对象 %d：文件的数据流解压后共超过 %d 字节", num, maxInflatedFile), "object %d: the file's streams decode to more than %d bytes in all", num, maxInflatedFile)
	}
	f.inflated += len(data)
	return data, nil
}

// pages returns the page dictionaries in document order.
func (f *pdfFile) pages() []pdfDict {
	// The page tree the catalog names, as a viewer reads it; without a
	// readable trailer, the first root of a page tree found.
	root := f.dict(f.dict(f.trailer["Root"])["Pages"])
	if root == nil {
		for _, num := range f.sortedNums() {
			d, _ := f.objects[num].value.(pdfDict)
			if d["Type"] == pdfName("Pages") && d["Parent"] == nil {
				root = d
				break
			}
		}
	}
	// Each node of the tree is walked once: a node listed twice, or
	// listing itself, would otherwise be walked along every path to it,
	// 2^64 times at 64 levels (red team 74: a node listing itself twice
	// took all memory).
	var out []pdfDict
	walked := map[uintptr]bool{}
	var walk func(d pdfDict, depth int)
	walk = func(d pdfDict, depth int) {
		id := reflect.ValueOf(d).Pointer()
		if depth > maxDepth || walked[id] {
			return
		}
		walked[id] = true
		kids, _ := f.resolve(d["Kids"]).([]any)
		for _, k := range kids {
			kd := f.dict(k)
			switch kd["Type"] {
			case pdfName("Pages"):
				walk(kd, depth+1)
			case pdfName("Page"):
				out = append(out, kd)
			}
		}
	}
	if root != nil {
		walk(root, 0)
	}
	return out
}

// labelMaxWidthPt is wider than any label (60 mm is 170 pt) and narrower
// than A4 (595 pt).
const labelMaxWidthPt = 300

// pageWidth returns the width of a page in points from its MediaBox, which a
// page may inherit from its parents; 0 if none is found.
func (f *pdfFile) pageWidth(p pdfDict) float64 {
	for depth := 0; p != nil && depth <= maxDepth; depth++ {
		if box, ok := f.resolve(p["MediaBox"]).([]any); ok && len(box) == 4 {
			x0, _ := f.resolve(box[0]).(float64)
			x1, _ := f.resolve(box[2]).(float64)
			return x1 - x0
		}
		p = f.dict(p["Parent"])
	}
	return 0
}

func (f *pdfFile) sortedNums() []int {
	// Not by insertion, as for the few dozen objects of a document of
	// the service: 40,000 objects took 4 s (TestReviewer47_ManyObjectsSorted).
	return slices.Sorted(maps.Keys(f.objects))
}

// pageStrings returns the strings the text operators (Tj, TJ, ', ") of
// each page show, in content order. The runs of one marked-content
// sequence tagged markedText come back as one string (writePDF draws a
// string that needs several fonts that way).
func (f *pdfFile) pageStrings() ([][]string, error) {
	var out [][]string
	// The decoders of each font resource dictionary and of each font are
	// made once: a page listed 20,000 times whose resources name 5,000
	// fonts made 10^8 decoders, 124 GB, from a file of 184 kB
	// (TestFuzzFound_PagesSharingManyFonts).
	byFonts := map[uintptr]map[pdfName]*textDecoder{}
	byFont := map[uintptr]*textDecoder{}
	for i, p := range f.pages() {
		data, err := f.pageContent(p)
		if err != nil {
			zh, en := halves(err)
			return nil, &readError{zh: fmt.Sprintf("第 %d 页：%s", i+1, zh), en: fmt.Sprintf("page %d: %s", i+1, en), err: err}
		}
		fd := f.dict(f.dict(p["Resources"])["Font"])
		id := reflect.ValueOf(fd).Pointer()
		fonts, ok := byFonts[id]
		if !ok {
			fonts = map[pdfName]*textDecoder{}
			for name, ref := range fd {
				font := f.dict(ref)
				fid := reflect.ValueOf(font).Pointer()
				if byFont[fid] == nil {
					byFont[fid] = f.textDecoder(font)
				}
				fonts[name] = byFont[fid]
			}
			byFonts[id] = fonts
		}
		out = append(out, showStrings(data, fonts))
	}
	return out, nil
}

// textDecoder turns the bytes of a shown string into text for one font.
type textDecoder struct {
	utf16  bool      // a Type0 font with Identity-H and Unicode CIDs, as gofpdf's UTF-8 fonts
	byCode [256]rune // simple fonts
}

func (d *textDecoder) decode(b []byte) string {
	if d == nil || d.utf16 {
		return decodeText(b)
	}
	r := make([]rune, 0, len(b))
	for _, c := range b {
		if x := d.byCode[c]; x != 0 {
			r = append(r, x)
		} else {
			r = append(r, '\uFFFD')
		}
	}
	return string(r)
}

// textDecoder reads a font's encoding: its base encoding (ASCII and
// Latin-1 positions; writePDF uses only ASCII from WinAnsiEncoding) and the
// glyph names of its /Differences, "uniXXXX" or "uXXXX[XX]" as the Adobe
// Glyph List specification reads them, or a few standard names.
func (f *pdfFile) textDecoder(font pdfDict) *textDecoder {
	d := &textDecoder{}
	if font["Subtype"] == pdfName("Type0") {
		d.utf16 = true
		return d
	}
	for c := 32; c < 256; c++ {
		if c < 127 || c >= 160 {
			d.byCode[c] = rune(c)
		}
	}
	enc := f.dict(font["Encoding"])
	diffs, _ := f.resolve(enc["Differences"]).([]any)
	code := -1
	for _, v := range diffs {
		switch v := v.(type) {
		case float64:
			code = int(v)
		case pdfName:
			if code >= 0 && code < 256 {
				d.byCode[code] = glyphNameRune(string(v))
			}
			code++
		}
	}
	return d
}

var standardGlyphs = map[string]rune{"space": ' ', "hyphen": '-', "period": '.', "comma": ',', "slash": '/', "colon": ':'}

// glyphNameRune maps a glyph name to its character, U+FFFD if unknown.
func glyphNameRune(name string) rune {
	hex := ""
	switch {
	case strings.HasPrefix(name, "uni") && len(name) == 7:
		hex = name[3:]
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		hex = name[1:]
	}
	if hex != "" {
		if v, err := strconv.ParseUint(hex, 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return rune(v)
		}
	}
	if r, ok := standardGlyphs[name]; ok {
		return r
	}
	if len(name) == 1 {
		return rune(name[0])
	}
	return '\uFFFD'
}

// showStrings tokenises a content stream and returns the shown strings.
func showStrings(content []byte, fonts map[pdfName]*textDecoder) []string {
	lx := &lexer{b: content}
	var operands []any
	var out []string
	var font *textDecoder
	var group *strings.Builder // inside /PCFText BMC … EMC
	depth := 0                 // marked-content nesting
	groupDepth := 0
	show := func(s string) {
		if group != nil {
			group.WriteString(s)
		} else {
			out = append(out, s)
		}
	}
	for {
		lx.skipSpace()
		if lx.p >= len(lx.b) {
			break
		}
		v, err := lx.value(0)
		if err != nil {
			break
		}
		kw, ok := v.(pdfKeyword)
		if !ok {
			operands = append(operands, v)
			continue
		}
		n := len(operands)
		switch kw {
		case "Tf":
			if n >= 2 {
				if name, ok := operands[n-2].(pdfName); ok {
					font = fonts[name]
				}
			}
		case "Tj", "'", "\"":
			if n > 0 {
				if s, ok := operands[n-1].(pdfString); ok {
					show(font.decode(s))
				}
			}
		case "TJ":
			if n > 0 {
				if a, ok := operands[n-1].([]any); ok {
					var b []byte
					for _, e := range a {
						if s, ok := e.(pdfString); ok {
							b = append(b, s...)
						}
					}
					show(font.decode(b))
				}
			}
		case "BMC", "BDC":
			depth++
			if n > 0 && operands[0] == pdfName(markedText) && group == nil {
				group, groupDepth = &strings.Builder{}, depth
			}
		case "EMC":
			if group != nil && depth == groupDepth {
				out = append(out, group.String())
				group = nil
			}
			depth--
		case "BI": // inline image: writePDF makes none; stop rather than misread binary data
			return out
		}
		operands = operands[:0]
	}
	if group != nil {
		out = append(out, group.String())
	}
	return out
}

// decodeText decodes a string shown with a UTF-8 font of gofpdf: UTF-16BE
// (Identity-H with Unicode CIDs); bytes as Latin-1 if the length is odd.
func decodeText(b []byte) string {
	if len(b)%2 == 0 {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// decodeTextString decodes a PDF text string (a UTF-16BE string with a
// byte-order mark, or PDFDocEncoding read as Latin-1).
func decodeTextString(b []byte) string {
	if bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return decodeText(b[2:])
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// lexer reads PDF objects and content-stream tokens.
type lexer struct {
	b []byte
	p int
	// noGT is 1 + the offset from which no '>' follows, 0 if not known:
	// a hex string opened there never closes. Each '<' of "< < < …"
	// looked for its '>' to the end of the content again (FuzzContentStream).
	noGT int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'
}

func (l *lexer) skipSpace() {
	for l.p < len(l.b) {
		c := l.b[l.p]
		if isSpace(c) {
			l.p++
		} else if c == '%' {
			for l.p < len(l.b) && l.b[l.p] != '\n' && l.b[l.p] != '\r' {
				l.p++
			}
		} else {
			return
		}
	}
}

func (l *lexer) regular() string {
	start := l.p
	for l.p < len(l.b) && !isSpace(l.b[l.p]) && !isDelim(l.b[l.p]) {
		l.p++
	}
	return string(l.b[start:l.p])
}

var errSyntax = errors.New("pdf syntax error")

// value reads one object: a dictionary, array, name, string, number,
// reference, or a keyword (true, false, null, or a content operator).
func (l *lexer) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errSyntax
	}
	l.skipSpace()
	if l.p >= len(l.b) {
		return nil, io.ErrUnexpectedEOF
	}
	switch c := l.b[l.p]; {
	case c == '<' && l.p+1 < len(l.b) && l.b[l.p+1] == '<':
		l.p += 2
		d := pdfDict{}
		for {
			l.skipSpace()
			if l.p+1 < len(l.b) && l.b[l.p] == '>' && l.b[l.p+1] == '>' {
				l.p += 2
				return d, nil
			}
			k, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			name, ok := k.(pdfName)
			if !ok {
				return nil, errSyntax
			}
			v, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			d[name] = v
		}
	case c == '<':
		if l.noGT > 0 && l.p >= l.noGT-1 {
			return nil, errSyntax
		}
		end := bytes.IndexByte(l.b[l.p:], '>')
		if end < 0 {
			l.noGT = l.p + 1
			return nil, errSyntax
		}
		var hex []byte
		for _, h := range l.b[l.p+1 : l.p+end] {
			if !isSpace(h) {
				hex = append(hex, h)
			}
		}
		l.p += end + 1
		if len(hex)%2 == 1 {
			hex = append(hex, '0')
		}
		s := make(pdfString, len(hex)/2)
		for i := range s {
			v, err := strconv.ParseUint(string(hex[2*i:2*i+2]), 16, 8)
			if err != nil {
				return nil, errSyntax
			}
			s[i] = byte(v)
		}
		return s, nil
	case c == '[':
		l.p++
		var a []any
		for {
			l.skipSpace()
			if l.p < len(l.b) && l.b[l.p] == ']' {
				l.p++
				return a, nil
			}
			v, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == '(':
		return l.literal()
	case c == '/':
		l.p++
		raw := l.regular()
		var name []byte
		for i := 0; i < len(raw); i++ {
			if raw[i] == '#' && i+2 < len(raw) {
				if v, err := strconv.ParseUint(raw[i+1:i+3], 16, 8); err == nil {
					name = append(name, byte(v))
					i += 2
					continue
				}
			}
			name = append(name, raw[i])
		}
		return pdfName(name), nil
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		tok := l.regular()
		n, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			return pdfKeyword(tok), nil
		}
		// An integer followed by an integer and R is a reference.
		if save := l.p; isInt(tok) {
			l.skipSpace()
			gen := l.regular()
			l.skipSpace()
			if isInt(gen) && l.p < len(l.b) && l.b[l.p] == 'R' && (l.p+1 == len(l.b) || isSpace(l.b[l.p+1]) || isDelim(l.b[l.p+1])) {
				l.p++
				num, _ := strconv.Atoi(tok)
				g, _ := strconv.Atoi(gen)
				return pdfRef{num, g}, nil
			}
			l.p = save
		}
		return n, nil
	case c == ')' || c == '>' || c == ']' || c == '{' || c == '}':
		l.p++
		return nil, errSyntax
	default:
		kw := l.regular()
		switch kw {
		case "":
			l.p++
			return nil, errSyntax
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return pdfKeyword(kw), nil
	}
}

func isInt(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// literal reads a (string) with its escapes and balanced parentheses.
func (l *lexer) literal() (pdfString, error) {
	l.p++ // (
	var s pdfString
	depth := 1
	for l.p < len(l.b) {
		c := l.b[l.p]
		l.p++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return s, nil
			}
		case '\r': // an end of line in a string is a newline
			if l.p < len(l.b) && l.b[l.p] == '\n' {
				l.p++
			}
			c = '\n'
		case '\\':
			if l.p >= len(l.b) {
				return nil, errSyntax
			}
			e := l.b[l.p]
			l.p++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n': // line continuation
				if e == '\r' && l.p < len(l.b) && l.b[l.p] == '\n' {
					l.p++
				}
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.p < len(l.b) && l.b[l.p] >= '0' && l.b[l.p] <= '7'; k++ {
						v = v*8 + int(l.b[l.p]-'0')
						l.p++
					}
					c = byte(v)
				} else {
					c = e // \( \) \\ and unknown escapes
				}
			}
		}
		s = append(s, c)
	}
	return nil, errSyntax
}

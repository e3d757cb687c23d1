package labels

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Difference is one way in which a PDF differs from the document rendered
// again from its signed content.
type Difference struct {
	Page    int      // 1-based page number; 0 for the file as a whole
	Fields  []string // canonical names of the certificate fields concerned; empty if none or not known
	Message string

	// ZH says the difference in Chinese: what differs, with the figures
	// and the text it quotes; some details (PDF keys, colours, values)
	// are in Message only.
	ZH string
}

// String returns the difference as a report line: "page 1: …".
func (d Difference) String() string {
	if d.Page > 0 {
		return fmt.Sprintf("page %d: %s", d.Page, d.Message)
	}
	return d.Message
}

// Chinese returns the difference as a report line in Chinese: "第 1 页：…".
func (d Difference) Chinese() string {
	zh := cmp.Or(d.ZH, "文件与依签名内容重新生成的文件不同")
	if d.Page > 0 {
		return fmt.Sprintf("第 %d 页：%s", d.Page, zh)
	}
	return zh
}

// maxDifferences bounds a report (a file re-saved by another program can
// differ everywhere).
const maxDifferences = 40

// differ explains how a PDF (act) differs from the document rendered again
// from its signed content (exp). VerifyPDF has already found that the bytes
// differ; the differ says where and how, in terms of what a reader sees:
// the file's structure, its document information, its catalogue, each
// page's boxes, annotations, fonts, images and marks. If it finds nothing
// more specific it names the first differing byte, so a report is never
// empty.
type differ struct {
	exp, act   *pdfFile
	expB, actB []byte
	draw       *drawing  // the expected document's drawing: which field each mark shows
	params     docParams // how exp was rendered
	keywordsOK bool      // the file's Keywords gave params (else they are reported already)
	out        []Difference
	dropped    int
	seen       map[[2]int]bool
	qrNames    map[string]bool // resource names of the issued document's images: its QR code
	viewCache  map[int][2]*pageView
}

func diffDocuments(expB, actB []byte, exp, act *pdfFile, d *drawing, p docParams, keywordsOK bool) []Difference {
	df := &differ{exp: exp, act: act, expB: expB, actB: actB, draw: d, params: p, keywordsOK: keywordsOK, seen: map[[2]int]bool{}, qrNames: map[string]bool{}, viewCache: map[int][2]*pageView{}}
	for _, pg := range exp.pages() {
		for name, ref := range exp.dict(exp.pageResources(pg)["XObject"]) {
			if exp.dict(ref)["Subtype"] == pdfName("Image") {
				df.qrNames[string(name)] = true
			}
		}
	}
	df.structure()
	df.metadata()
	df.catalog()
	df.pages()
	df.unused()
	if len(df.out) == 0 {
		df.fallback()
	}
	if df.dropped > 0 {
		df.out = append(df.out, Difference{Message: fmt.Sprintf("and %d more differences", df.dropped), ZH: fmt.Sprintf("另有 %d 处不同", df.dropped)})
	}
	return df.out
}

// full reports whether the report holds maxDifferences: add only counts
// the rest.
func (df *differ) full() bool { return len(df.out) >= maxDifferences }

// maxMessage bounds the bytes of one difference's message: a message
// quotes text of the file (a document information entry, an annotation's
// contents, a string drawn), and one string of 4 MB named by 40 entries of
// the document information made a report of 40 quotes of it, 29 MB, in
// 20 s (TestFuzzFound_OneLongStringQuotedOften).
const maxMessage = 2000

// add records a difference: zh in Chinese, and the English of format and
// args.
func (df *differ) add(page int, fields, zh, format string, args ...any) {
	d := Difference{Page: page, Fields: strings.Fields(fields), Message: clipText(fmt.Sprintf(format, args...)), ZH: clipText(zh)}
	for _, o := range df.out {
		if o.Page == d.Page && o.Message == d.Message {
			return
		}
	}
	if df.full() {
		df.dropped++
		return
	}
	df.out = append(df.out, d)
}

// structure reports what the file's layout says about its history.
func (df *differ) structure() {
	act, actB, expB := df.act, df.actB, df.expB
	appended := len(actB) > len(expB) && bytes.HasPrefix(actB, expB)
	if appended && !bytes.Contains(actB[len(expB):], []byte("startxref")) && !objHeaderRe.Match(actB[len(expB):]) {
		tail := len(bytes.TrimSpace(actB[len(expB):]))
		df.add(0, "", fmt.Sprintf("文件结束标记（%%%%EOF）之后还有 %d 字节的数据", tail), "%d bytes of data follow the end of the file (%%%%EOF)", tail)
	} else if appended {
		var redef, added []int
		for num, off := range act.offsets {
			// An object read from an object stream (offset -1) is the
			// update's when its object stream is: a program writing PDF
			// 1.5 defines the objects it adds there only.
			if o := act.objects[num]; off < 0 && o != nil && o.objStm != 0 {
				off = act.offsets[o.objStm]
			}
			if off >= len(expB) {
				if _, ok := df.exp.objects[num]; ok {
					redef = append(redef, num)
				} else {
					added = append(added, num)
				}
			}
		}
		slices.Sort(redef)
		slices.Sort(added)
		var parts, zh []string
		if len(redef) > 0 {
			parts = append(parts, "redefines "+df.objectList(act, redef))
			zh = append(zh, "重新定义了"+df.objectListZH(act, redef))
		}
		if len(added) > 0 {
			parts = append(parts, "adds "+df.objectList(act, added))
			zh = append(zh, "添加了"+df.objectListZH(act, added))
		}
		what, whatZH := "", ""
		if len(parts) > 0 {
			what, whatZH = "; it "+strings.Join(parts, " and "), "；它"+strings.Join(zh, "，并")
		}
		df.add(0, "", fmt.Sprintf("签发的文件结束之后追加了 %d 字节的增量更新%s", len(actB)-len(expB), whatZH),
			"an incremental update of %d bytes was appended after the end of the issued document%s", len(actB)-len(expB), what)
	} else if act.xrefs > 1 {
		df.add(0, "", fmt.Sprintf("文件有 %d 个交叉引用段，而签发的文件只有一个：文件在签发后被更新过，或被其他程序重新保存过（线性化保存会写两个）", act.xrefs),
			"the file has %d cross-reference sections where the issued document has one: it was updated after it was issued, or re-saved by another program (a linearized re-save writes two)", act.xrefs)
	}
	var dups []int
	for num, n := range act.defs {
		if n > 1 && act.xrefs <= 1 { // an incremental update redefines objects by design: reported above
			dups = append(dups, num)
		}
	}
	slices.Sort(dups)
	for i, num := range dups {
		if i == 5 {
			break
		}
		df.add(0, "", fmt.Sprintf("对象 %d 被定义了 %d 次：阅读器与本验证程序读取的未必是同一个定义", num, act.defs[num]),
			"object %d is defined %d times: viewers and this verifier need not read the same one", num, act.defs[num])
	}
	for i, num := range act.hiddenDefinitions(actB) {
		if i == 5 {
			break
		}
		// Red team 74: an object 6 inside another object's stream data,
		// which viewers drew as the page and this verifier never read;
		// red team 76: pointed at by a cross-reference stream.
		kind, kindZH := "table", "表"
		if e := act.xrefAt[num]; e.rebuilt {
			df.add(0, "", fmt.Sprintf("无法从文件的 startxref 找到其交叉引用段，阅读器会按对象头重建：文件中对象 %d 的最后一个对象头（第 %d 字节）位于另一对象的数据之内，本验证程序未在该处读取对象，而阅读器读取的正是对象 %d 的这一定义（此处未比较）", num, e.off, num),
				"the file's cross-reference sections cannot be followed from its startxref, so viewers rebuild them from the objects' headers: the last header of object %d in the file, at byte %d, lies inside another object's data, where this verifier read no object, and viewers read that definition of object %d (not compared here)",
				num, e.off, num)
			continue
		} else if e.stream {
			kind, kindZH = "stream", "流"
		}
		df.add(0, "", fmt.Sprintf("交叉引用%[1]s将对象 %[2]d 指向第 %[3]d 字节，本验证程序未在该处读取对象：那里是对象 %[2]d 的另一个定义，位于另一对象的数据之内，而按交叉引用%[1]s读取的阅读器读取的是它（此处未比较）", kindZH, num, act.xrefAt[num].off),
			"the cross-reference %s puts object %d at byte %d, where this verifier read no object: another definition of object %d lies there, inside another object's data, and viewers, which follow the %s, read that one (not compared here)",
			kind, num, act.xrefAt[num].off, num, kind)
	}
	for i, num := range act.atEarlier {
		if i == 5 {
			break
		}
		kind, kindZH := "table", "表"
		if act.xrefAt[num].stream {
			kind, kindZH = "stream", "流"
		}
		df.add(0, "", fmt.Sprintf("交叉引用%s将对象 %d 指向其第 %d 字节处的定义，而文件在其后再次定义了它：阅读器读取的是前一个定义，而不是最后一个（此处已比较）", kindZH, num, act.offsets[num]),
			"the cross-reference %s puts object %d at its definition at byte %d, and the file defines it again after: viewers read that definition, not the last one (compared here)",
			kind, num, act.offsets[num])
	}
	for i, num := range act.movedToStream {
		if i == 5 {
			break
		}
		// Red team 76: a page redefined in an update's object stream;
		// reviewer 47: after an earlier object stream.
		other, otherZH := "the file's body", "文件主体"
		if from := act.movedFrom[num]; from != 0 {
			other, otherZH = fmt.Sprintf("object stream %d", from), fmt.Sprintf("对象流 %d", from)
		}
		df.add(0, "", fmt.Sprintf("交叉引用流将对象 %d 指向对象流 %d，该对象流再次定义了它：阅读器读取的是这一定义，而不是%s中的定义（此处已比较）", num, act.xrefAt[num].objStm, otherZH),
			"the cross-reference stream puts object %d in object stream %d, which defines it again: viewers read that definition, not the one in %s (compared here)",
			num, act.xrefAt[num].objStm, other)
	}
	if act.objStreams > 0 {
		df.add(0, "", "文件将其对象存放在压缩的对象流中，而签发服务从不这样写：文件被其他程序重新保存过", "the file keeps its objects in compressed object streams, which the issuing service never writes: it was re-saved by another program")
	}
	if act.trailer["Encrypt"] != nil {
		df.add(0, "", "文件已加密；签发的文件未加密", "the file is encrypted; the issued document is not")
	}
	if eh, ah := firstLine(expB), firstLine(actB); eh != ah {
		df.add(0, "", fmt.Sprintf("文件头为 %q，而不是 %q", ah, eh), "the file's header is %q instead of %q", ah, eh)
	}
	if i := bytes.LastIndex(actB, []byte("%%EOF")); i >= 0 && !appended {
		if tail := bytes.TrimSpace(actB[i+5:]); len(tail) > 0 {
			df.add(0, "", fmt.Sprintf("文件结束标记（%%%%EOF）之后还有 %d 字节的数据", len(tail)), "%d bytes of data follow the end of the file (%%%%EOF)", len(tail))
		}
	}
}

func firstLine(b []byte) string {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 && i < 32 {
		return string(b[:i])
	}
	return string(b[:min(len(b), 8)])
}

// objectList names objects with what they are: "objects 6 (page content)
// and 15 (a font)".
func (df *differ) objectList(f *pdfFile, nums []int) string {
	parts := atMost(nums, 8, "%d more", func(n int) string { return fmt.Sprintf("%d (%s)", n, df.objectKind(f, n)) })
	word := "object "
	if len(nums) > 1 {
		word = "objects "
	}
	return word + strings.Join(parts, ", ")
}

// objectListZH is objectList in Chinese: "对象 6（页面内容）、15（字体）".
func (df *differ) objectListZH(f *pdfFile, nums []int) string {
	parts := atMost(nums, 8, "另外 %d 个", func(n int) string { return fmt.Sprintf("%d（%s）", n, kindsZH[df.objectKind(f, n)]) })
	return "对象 " + strings.Join(parts, "、")
}

// kindsZH is each kind objectKind says in Chinese.
var kindsZH = map[string]string{
	"a page": "页面", "the page tree": "页面树", "the document catalogue": "文档目录",
	"a font": "字体", "a font descriptor": "字体描述符", "an annotation": "注释",
	"a graphics state": "图形状态", "an attachment": "附件", "attached file data": "附件数据",
	"a cross-reference stream": "交叉引用流", "an object stream": "对象流",
	"an image": "图像", "a form XObject": "表单 XObject", "the document information": "文档信息",
	"page content": "页面内容", "a stream": "数据流", "an array": "数组", "a dictionary": "字典", "missing": "不存在",
}

// typeKinds says what an object of a /Type is; subtypeKinds, of an
// XObject /Subtype.
var (
	typeKinds = map[pdfName]string{
		"Page": "a page", "Pages": "the page tree", "Catalog": "the document catalogue",
		"Font": "a font", "FontDescriptor": "a font descriptor", "Annot": "an annotation",
		"ExtGState": "a graphics state", "Filespec": "an attachment", "EmbeddedFile": "attached file data",
		"XRef": "a cross-reference stream", "ObjStm": "an object stream",
	}
	subtypeKinds = map[pdfName]string{"Image": "an image", "Form": "a form XObject"}
)

// objectKind says what an object is.
func (df *differ) objectKind(f *pdfFile, num int) string {
	o := f.objects[num]
	if o == nil {
		return "missing"
	}
	d, _ := o.value.(pdfDict)
	t, _ := d["Type"].(pdfName)
	st, _ := d["Subtype"].(pdfName)
	switch {
	case typeKinds[t] != "":
		return typeKinds[t]
	case d["BaseFont"] != nil:
		return "a font"
	case subtypeKinds[st] != "":
		return subtypeKinds[st]
	case d["Rect"] != nil && st != "":
		return "an annotation"
	case d["Producer"] != nil || d["Title"] != nil || d["CreationDate"] != nil:
		return "the document information"
	}
	for _, p := range f.pages() {
		if r, ok := p["Contents"].(pdfRef); ok && r.num == num {
			return "page content"
		}
		if a, ok := f.resolve(p["Contents"]).([]any); ok {
			for _, c := range a {
				if r, ok := c.(pdfRef); ok && r.num == num {
					return "page content"
				}
			}
		}
	}
	if o.stream != nil {
		return "a stream"
	}
	if _, ok := o.value.([]any); ok {
		return "an array"
	}
	return "a dictionary"
}

// trailerDicts calls each for every key of the dictionaries that the
// trailers of both files name at key; where the actual file has none, it
// reports missing (in Chinese, missingZH) instead.
func (df *differ) trailerDicts(key pdfName, missingZH, missing string, each func(k pdfName, e, a pdfDict)) {
	e, a := df.exp.dict(df.exp.trailer[key]), df.act.dict(df.act.trailer[key])
	if a == nil {
		df.add(0, "", missingZH, "%s", missing)
		return
	}
	for _, k := range unionKeys(e, a) {
		each(k, e, a)
	}
}

// metadata compares the document information dictionaries.
func (df *differ) metadata() {
	df.trailerDicts("Info", "文档信息（标题、作者、日期和生成参数）被删除", "the document information (title, author, dates and render parameters) was removed", func(k pdfName, ei, ai pdfDict) {
		ev, eok := ei[k]
		av, aok := ai[k]
		es, as := df.exp.textValue(ev), df.act.textValue(av)
		if es == as && eok && aok {
			return
		}
		es, as = clipText(es), clipText(as)
		switch {
		case k == "Keywords":
			if df.keywordsOK {
				df.add(0, "", fmt.Sprintf("文档信息中的生成参数（Keywords）为 %q，而不是 %q", as, es), "the document information's render parameters (Keywords) read %q instead of %q", as, es)
			}
		case !aok:
			df.add(0, "", fmt.Sprintf("文档信息 /%s 被删除（原为 %q）", k, es), "document information /%s was removed (it was %q)", k, es)
		case !eok:
			df.add(0, "", fmt.Sprintf("添加了文档信息 /%s：%q", k, as), "document information /%s was added: %q", k, as)
		default:
			df.add(0, "", fmt.Sprintf("文档信息 /%s 为 %q，而不是 %q", k, as, es), "document information /%s is %q instead of %q", k, as, es)
		}
	})
}

// clipText cuts s to maxMessage bytes, at a character, saying how many
// more it had.
func clipText(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes more)", s[:cut], len(s)-cut)
}

// textValue renders a value of the document information as text.
func (f *pdfFile) textValue(v any) string {
	switch v := f.resolve(v).(type) {
	case pdfString:
		return decodeTextString(v)
	case nil:
		return ""
	default:
		return describeValue(f, v)
	}
}

// catalog compares the document catalogues, apart from the page tree.
func (df *differ) catalog() {
	df.trailerDicts("Root", "文件没有可读取的文档目录", "the file has no readable document catalogue", func(k pdfName, ec, ac pdfDict) {
		switch k {
		case "Pages":
			return
		case "Names":
			df.names(df.exp.dict(ec[k]), df.act.dict(ac[k]))
			return
		}
		_, eok := ec[k]
		_, aok := ac[k]
		if !eok && aok {
			df.add(0, "", fmt.Sprintf("文档目录添加了 /%s%s", k, catalogNotesZH[k]), "the document catalogue gained /%s%s", k, catalogNotes[k])
			return
		}
		df.cmp("/"+string(k), ec[k], ac[k], 0, func(path, what, whatZH string) {
			df.add(0, "", "文档目录的 "+path+whatZH, "the document catalogue's %s %s", path, what)
		})
	})
}

var catalogNotes = map[pdfName]string{
	"OpenAction":   ": an action runs when the file is opened",
	"AA":           ": actions run on document events",
	"AcroForm":     ": interactive form fields, which viewers draw over the pages",
	"Metadata":     ": an XMP metadata stream",
	"Outlines":     ": bookmarks",
	"OCProperties": ": optional content, which viewers may show or hide",
}

var catalogNotesZH = map[pdfName]string{
	"OpenAction":   "：打开文件时会执行一个动作",
	"AA":           "：文档事件发生时会执行动作",
	"AcroForm":     "：交互式表单域，阅读器会将其绘制在页面之上",
	"Metadata":     "：一个 XMP 元数据流",
	"Outlines":     "：书签",
	"OCProperties": "：可选内容，阅读器可能显示或隐藏它",
}

// names compares the catalogues' name dictionaries; the embedded files
// (attachments) by their file names.
func (df *differ) names(en, an pdfDict) {
	for _, k := range unionKeys(en, an) {
		if k != "EmbeddedFiles" {
			df.cmp("/Names/"+string(k), en[k], an[k], 0, func(path, what, whatZH string) {
				df.add(0, "", "文档目录的 "+path+whatZH, "the document catalogue's %s %s", path, what)
			})
			continue
		}
		ea, aa := df.exp.attachments(en[k]), df.act.attachments(an[k])
		for _, name := range unionKeys(ea, aa) {
			e, a := ea[name], aa[name]
			switch {
			case a == nil:
				df.add(0, "", fmt.Sprintf("附件 %q 被删除", name), "the attachment %q was removed", name)
			case e == nil:
				df.add(0, "", fmt.Sprintf("添加了附件 %q", name), "an attachment %q was added", name)
			default:
				df.cmp("", e, a, 0, func(path, what, whatZH string) {
					df.add(0, "", fmt.Sprintf("附件 %q：%s", name, strings.TrimSpace(path+whatZH)), "the attachment %q%s: %s", name, path, what)
				})
			}
		}
	}
}

// attachments returns the file specifications of an EmbeddedFiles name
// tree by file name.
func (f *pdfFile) attachments(tree any) map[string]any {
	out := map[string]any{}
	// Each node is walked once: a node listing itself 8 times was walked
	// 8^9 times (TestFuzzFound_NameTreeListingItself).
	walked := map[uintptr]bool{}
	var walk func(n any, depth int)
	walk = func(n any, depth int) {
		d := f.dict(n)
		if d == nil || depth > 8 || walked[reflect.ValueOf(d).Pointer()] {
			return
		}
		walked[reflect.ValueOf(d).Pointer()] = true
		if a, ok := f.resolve(d["Names"]).([]any); ok {
			for i := 1; i < len(a); i += 2 {
				spec := f.dict(a[i])
				name := ""
				for _, k := range []pdfName{"UF", "F"} {
					if s, ok := f.resolve(spec[k]).(pdfString); ok && len(s) > 0 {
						name = decodeTextString(s)
						break
					}
				}
				if name == "" {
					name = f.textValue(a[i-1])
				}
				if _, dup := out[name]; dup {
					name += fmt.Sprintf(" (%d)", i/2+1)
				}
				out[name] = a[i]
			}
		}
		if kids, ok := f.resolve(d["Kids"]).([]any); ok {
			for _, k := range kids {
				walk(k, depth+1)
			}
		}
	}
	walk(tree, 0)
	return out
}

// pages compares the documents page by page.
func (df *differ) pages() {
	ep, ap := df.exp.pages(), df.act.pages()
	if len(ap) != len(ep) {
		df.add(0, "", fmt.Sprintf("文件有 %d 页；依签名内容重新生成的文件有 %d 页", len(ap), len(ep)), "pages: %d in the document, %d rendered from its signed content", len(ap), len(ep))
	}
	for i := range min(len(ep), len(ap)) {
		df.page(i+1, ep[i], ap[i])
	}
	for i := len(ep); i < len(ap); i++ {
		var texts []string
		v, _ := df.act.pageMarks(ap[i])
		if v == nil {
			v = &pageView{}
		}
		for _, m := range v.marks {
			if m.kind == markText && len(texts) < 6 {
				texts = append(texts, strconv.Quote(m.text))
			}
		}
		shows := strings.Join(texts, ", ")
		df.add(i+1, "", "此页为添加的页面（"+cmp.Or(shows, "没有文字")+"）", "this page was added (it shows %s)", orNothing(shows))
	}
}

func orNothing(s string) string {
	if s == "" {
		return "no text"
	}
	return s
}

var pageBoxes = []pdfName{"MediaBox", "CropBox", "BleedBox", "TrimBox", "ArtBox"}

// page compares one page.
func (df *differ) page(n int, ep, ap pdfDict) {
	exp, act := df.exp, df.act
	evis, avis := exp.pageBox(ep), act.pageBox(ap)
	hides, hidesZH := "", ""
	if !avis.empty() && evis.intersect(avis).area() < evis.area()*0.999 {
		hides, hidesZH = " (it hides part of the page)", "（它隐藏了页面的一部分）"
	}
	for _, k := range pageBoxes {
		ev, av := ep[k], ap[k]
		if k == "MediaBox" || k == "CropBox" {
			ev, av = exp.inherited(ep, k), act.inherited(ap, k)
		}
		eb, eok := exp.rect(ev)
		ab, aok := act.rect(av)
		switch {
		case !eok && !aok:
		case eok && !aok:
			df.add(n, "", fmt.Sprintf("页面的 /%s %s 被删除", k, eb), "its /%s %s was removed", k, eb)
		case !eok:
			df.add(n, "", fmt.Sprintf("添加了 /%s %s%s", k, ab, hidesZH), "a /%s %s was added%s", k, ab, hides)
		case eb.String() != ab.String():
			df.add(n, "", fmt.Sprintf("页面的 /%s 为 %s，而不是 %s%s", k, ab, eb, hidesZH), "its /%s is %s instead of %s%s", k, ab, eb, hides)
		}
	}
	handled := []pdfName{"Type", "Parent", "Contents", "Resources", "Annots", "MediaBox", "CropBox", "BleedBox", "TrimBox", "ArtBox"}
	for _, k := range unionKeys(ep, ap) {
		if slices.Contains(handled, k) {
			continue
		}
		df.cmp("/"+string(k), ep[k], ap[k], 0, func(path, what, whatZH string) { df.add(n, "", "页面的 "+path+whatZH, "its %s %s", path, what) })
	}
	df.annotations(n, ep, ap)
	df.resources(n, ep, ap)
	df.marks(n, ep, ap)
}

// annotations reports annotations, which viewers draw over the page (the
// issued documents have none).
func (df *differ) annotations(n int, ep, ap pdfDict) {
	ea, _ := df.exp.resolve(ep["Annots"]).([]any)
	aa, _ := df.act.resolve(ap["Annots"]).([]any)
	if len(aa) == 0 && len(ea) == 0 {
		return
	}
	if len(ea) > 0 {
		df.cmp("/Annots", ep["Annots"], ap["Annots"], 0, func(path, what, whatZH string) { df.add(n, "", "页面的 "+path+whatZH, "its %s %s", path, what) })
		return
	}
	pb := df.exp.pageBox(ep)
	for i, a := range aa {
		if i == 10 {
			df.add(n, "", fmt.Sprintf("另有 %d 个注释", len(aa)-i), "and %d more annotations", len(aa)-i)
			break
		}
		d := df.act.dict(a)
		st, _ := d["Subtype"].(pdfName)
		where, whereZH := "", ""
		if r, ok := df.act.rect(d["Rect"]); ok {
			where, whereZH = " "+spanMM(r, pb), spanMMZH(r, pb)
		}
		var shows []string
		if s, ok := df.act.resolve(d["Contents"]).(pdfString); ok && len(s) > 0 {
			shows = append(shows, strconv.Quote(decodeTextString(s)))
		}
		ap := df.act.dict(d["AP"])
		if nref := ap["N"]; nref != nil {
			if data, _, err := df.act.streamData(nref); err == nil {
				in := &interp{f: df.act}
				in.run(data, df.act.dict(df.act.dict(nref)["Resources"]), "", initialState(), 1)
				for _, m := range in.marks {
					if m.kind == markText && len(shows) < 4 {
						shows = append(shows, strconv.Quote(m.text))
					}
				}
			}
		}
		what, whatZH := "", ""
		if len(shows) > 0 {
			what, whatZH = "; it shows "+strings.Join(shows, ", "), "；它显示 "+strings.Join(shows, "、")
		}
		df.add(n, "", fmt.Sprintf("%s添加了一个注释（/%s）：阅读器会将其绘制在页面之上%s", whereZH, st, whatZH), "an annotation (/%s) was added%s: viewers draw it over the page%s", st, where, what)
	}
}

// resources compares the page resources: fonts and images in detail, the
// rest generically. Fonts and images of the same name are compared; the
// others are paired in the order the page first uses them (a document
// rendered with other text has other font subsets, named differently).
func (df *differ) resources(n int, ep, ap pdfDict) {
	er, ar := df.exp.pageResources(ep), df.act.pageResources(ap)
	ev, av := df.views(n, ep, ap)
	if av == nil {
		av = &pageView{}
	}
	for _, cat := range unionKeys(er, ar) {
		switch cat {
		case "Font", "XObject":
			ed, ad := df.exp.dict(er[cat]), df.act.dict(ar[cat])
			eorder, aorder := ev.fonts, av.fonts
			if cat == "XObject" {
				eorder, aorder = ev.xobjects, av.xobjects
			}
			for _, p := range pairNames(ed, ad, eorder, aorder) {
				if cat == "Font" {
					df.font(n, p, ed[p[0]], ad[p[1]])
				} else {
					df.xobject(n, p, ed[p[0]], ad[p[1]])
				}
			}
		default:
			df.cmp("/"+string(cat), er[cat], ar[cat], 0, func(path, what, whatZH string) {
				df.add(n, "", "页面资源 "+path+whatZH, "its resources %s %s", path, what)
			})
		}
	}
}

// pairNames pairs the names of two resource dictionaries: equal names,
// then the rest in order of use; a missing side is "".
func pairNames(e, a pdfDict, eorder, aorder []pdfName) [][2]pdfName {
	var out [][2]pdfName
	var le, la []pdfName
	for _, k := range unionKeys(e, a) {
		_, eok := e[k]
		_, aok := a[k]
		switch {
		case eok && aok:
			out = append(out, [2]pdfName{k, k})
		case eok:
			le = append(le, k)
		default:
			la = append(la, k)
		}
	}
	// rank returns where each name first comes in order (len(order) if
	// it does not), found in a map made once: the order was searched at
	// each comparison, and 20,000 fonts in the resources, 50,000 in the
	// order of use, took 10 s (TestFuzzFound_ManyResourceNames).
	rank := func(order []pdfName) func(pdfName) int {
		at := make(map[pdfName]int, len(order))
		for i, o := range order {
			if _, ok := at[o]; !ok {
				at[o] = i
			}
		}
		return func(k pdfName) int {
			if i, ok := at[k]; ok {
				return i
			}
			return len(order)
		}
	}
	er, ar := rank(eorder), rank(aorder)
	slices.SortStableFunc(le, func(x, y pdfName) int { return er(x) - er(y) })
	slices.SortStableFunc(la, func(x, y pdfName) int { return ar(x) - ar(y) })
	for i := 0; i < max(len(le), len(la)); i++ {
		var p [2]pdfName
		if i < len(le) {
			p[0] = le[i]
		}
		if i < len(la) {
			p[1] = la[i]
		}
		out = append(out, p)
	}
	return out
}

func shortName(name pdfName) string {
	if len(name) > 10 {
		return "/" + string(name[:9]) + "…"
	}
	return "/" + string(name)
}

// font compares one font resource of the issued page (e, named p[0]) with
// one of the file (a, named p[1]).
func (df *differ) font(n int, p [2]pdfName, e, a any) {
	label := func(f *pdfFile, name pdfName, v any) string {
		if b, ok := f.dict(v)["BaseFont"].(pdfName); ok {
			return fmt.Sprintf("font %s (%s)", shortName(name), b)
		}
		return "font " + shortName(name)
	}
	labelZH := func(f *pdfFile, name pdfName, v any) string {
		return "字体 " + strings.TrimPrefix(label(f, name, v), "font ")
	}
	switch {
	case e == nil:
		df.add(n, "", "添加了"+labelZH(df.act, p[1], a), "a %s was added", label(df.act, p[1], a))
		return
	case a == nil:
		df.add(n, "", labelZH(df.exp, p[0], e)+" 被删除", "%s was removed", label(df.exp, p[0], e))
		return
	}
	// A subset of other characters (the page's text is not the signed
	// content's): one line says so; the text differences say the rest.
	if er, ar := df.exp.fontRunes(e), df.act.fontRunes(a); er != ar && !bytes.Equal(df.exp.fontProgram(e), df.act.fontProgram(a)) {
		df.add(n, "", labelZH(df.act, p[1], a)+" 所含的字符与依签名内容重新生成的文件所需的不同", "%s holds other characters than the document rendered from the signed content needs", label(df.act, p[1], a))
		return
	}
	var msgs, zh []string
	df.cmp("", e, a, 0, func(path, what, whatZH string) {
		var m, z string
		switch {
		case strings.Contains(path, "FontFile"):
			m = "its embedded font program differs: its glyphs need not be the characters the text encodes"
			z = "其嵌入的字体程序不同：其字形未必是文字所编码的字符"
		case strings.Contains(path, "ToUnicode"):
			m = "its ToUnicode map differs or was added: text copied or extracted from the page would not read as the glyphs drawn"
			z = "其 ToUnicode 映射不同或为添加的：从页面复制或提取的文字与所绘字形不符"
		case strings.Contains(path, "Widths") || strings.Contains(path, "FirstChar") || strings.Contains(path, "LastChar") || strings.Contains(path, "MissingWidth"):
			m = "its glyph widths differ (" + strings.TrimPrefix(path, "/") + " " + what + ")"
			z = "其字形宽度不同（" + strings.TrimPrefix(path, "/") + whatZH + "）"
		case strings.Contains(path, "Encoding"):
			m = "its encoding differs, so codes draw other glyphs (" + strings.TrimPrefix(path, "/") + " " + what + ")"
			z = "其编码不同，字符码会绘出其他字形（" + strings.TrimPrefix(path, "/") + whatZH + "）"
		default:
			m = strings.TrimPrefix(path, "/") + " " + what
			z = strings.TrimPrefix(path, "/") + whatZH
		}
		if !slices.Contains(msgs, m) {
			msgs, zh = append(msgs, m), append(zh, z)
		}
	})
	for i, m := range msgs {
		df.add(n, "", labelZH(df.act, p[1], a)+"："+zh[i], "%s: %s", label(df.act, p[1], a), m)
	}
}

// fontProgram returns the embedded font file of a font, decoded; nil if
// none.
func (f *pdfFile) fontProgram(font any) []byte {
	fd := f.dict(f.dict(font)["FontDescriptor"])
	for _, k := range []pdfName{"FontFile2", "FontFile", "FontFile3"} {
		if ref, ok := fd[k]; ok {
			b, _, _ := f.streamData(ref)
			return b
		}
	}
	return nil
}

// fontRunes returns the characters a simple font has glyphs for (the codes
// its encoding maps and its widths cover), as a string.
func (f *pdfFile) fontRunes(font any) string {
	fd := f.dict(font)
	d := f.textDecoder(fd)
	if d.utf16 {
		return ""
	}
	fi := f.fontInfo(fd)
	var b strings.Builder
	for code, r := range d.byCode {
		if r != 0 && fi.width(code) != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xobject compares one XObject resource of the issued page (e, named
// p[0]) with one of the file (a, named p[1]): the QR code image above all.
func (df *differ) xobject(n int, p [2]pdfName, e, a any) {
	name := p[1]
	if name == "" {
		name = p[0]
	}
	kind := func(f *pdfFile, v any) string {
		if st, _ := f.dict(v)["Subtype"].(pdfName); st == "Image" {
			return "image"
		}
		return "form XObject"
	}
	kindZH := func(f *pdfFile, v any) string {
		return map[string]string{"image": "图像", "form XObject": "表单 XObject"}[kind(f, v)]
	}
	qr := e != nil && kind(df.exp, e) == "image" // the one image of an issued document is its QR code
	switch {
	case e == nil:
		df.add(n, "", fmt.Sprintf("添加了%s %s", kindZH(df.act, a), shortName(name)), "%s %s was added", article(kind(df.act, a)), shortName(name))
		return
	case a == nil:
		if qr {
			df.add(n, fieldVerifyURL, "二维码图像被删除", "the QR code image was removed")
		} else {
			df.add(n, "", fmt.Sprintf("%s %s 被删除", kindZH(df.exp, e), shortName(name)), "the %s %s was removed", kind(df.exp, e), shortName(name))
		}
		return
	}
	var details, detailsZH []string
	df.cmp("", e, a, 0, func(path, what, whatZH string) {
		details, detailsZH = append(details, strings.TrimPrefix(path+" "+what, " ")), append(detailsZH, path+whatZH)
	})
	if len(details) == 0 {
		return
	}
	if qr && !df.keywordsOK {
		df.add(n, fieldVerifyURL, "无法核对二维码：文件没有记录有效的验证网址", "the QR code cannot be checked: the document does not record a valid verification URL")
		return
	}
	if qr {
		df.add(n, fieldVerifyURL, fmt.Sprintf("二维码图像与为 %s 生成的不同：扫码不会打开本证书的验证页面", df.params.verifyURL),
			"the QR code image differs from the one rendered for %s: a scan would not lead to this certificate's verification page",
			df.params.verifyURL)
		return
	}
	df.add(n, "", fmt.Sprintf("%s %s 不同（%s）", kindZH(df.exp, e), shortName(name), detailsZH[0]), "the %s %s differs (%s)", kind(df.exp, e), shortName(name), details[0])
}

// unused reports objects of the file that nothing in it refers to (left
// over from an edit: a viewer never shows them, but they are not part of the
// issued document).
func (df *differ) unused() {
	er, ar := df.exp.reachable(), df.act.reachable()
	var extra []int
	for _, num := range df.act.sortedNums() {
		if ar[num] || er[num] {
			continue
		}
		if d, _ := df.act.objects[num].value.(pdfDict); d["Type"] == pdfName("XRef") || d["Type"] == pdfName("ObjStm") {
			continue
		}
		extra = append(extra, num)
	}
	if len(extra) > 0 {
		df.add(0, "", df.objectListZH(df.act, extra)+"未被文件使用（编辑后的残留）", "%s not used by the document (left over from an edit)", df.objectList(df.act, extra)+map[bool]string{true: " is", false: " are"}[len(extra) == 1])
	}
}

// reachable returns the objects reachable from the trailer.
func (f *pdfFile) reachable() map[int]bool {
	seen := map[int]bool{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 200 {
			return
		}
		switch v := v.(type) {
		case pdfRef:
			if seen[v.num] {
				return
			}
			seen[v.num] = true
			if o := f.objects[v.num]; o != nil {
				walk(o.value, depth+1)
			}
		case pdfDict:
			for _, x := range v {
				walk(x, depth+1)
			}
		case []any:
			for _, x := range v {
				walk(x, depth+1)
			}
		}
	}
	walk(f.trailer, 0)
	return seen
}

// fallback names the first differing byte, when nothing more specific was
// found.
func (df *differ) fallback() {
	a, e := df.actB, df.expB
	i := 0
	for i < len(a) && i < len(e) && a[i] == e[i] {
		i++
	}
	obj, at := -1, -1
	for num, off := range df.act.offsets {
		if off >= 0 && off <= i && off > at {
			obj, at = num, off
		}
	}
	where, whereZH := "", ""
	if obj >= 0 {
		where = fmt.Sprintf(", in object %d (%s)", obj, df.objectKind(df.act, obj))
		whereZH = fmt.Sprintf("（位于对象 %d，%s）", obj, kindsZH[df.objectKind(df.act, obj)])
	}
	df.add(0, "", fmt.Sprintf("文件自第 %d 字节%s起与依签名内容重新生成的文件不同，虽然其页面显示的内容没有不同：它不是签发的文件", i, whereZH),
		"the file differs from the document rendered from its signed content from byte %d on%s, though not in anything its pages show: it is not the issued file", i, where)
}

// cmp compares a value of the expected document with one of the file and
// calls rep with a path and a description for each difference, in English
// and in Chinese (whatZH starts with a space, to follow a path). Stream
// data is compared decoded; back links (/Parent, /P) are not followed.
func (df *differ) cmp(path string, e, a any, depth int, rep func(path, what, whatZH string)) {
	if depth > 16 {
		return
	}
	if er, ok := e.(pdfRef); ok {
		if ar, ok := a.(pdfRef); ok {
			k := [2]int{er.num, ar.num}
			if df.seen[k] {
				return
			}
			df.seen[k] = true
		}
	}
	eo, ao := df.exp.object(e), df.act.object(a)
	es, as := eo != nil && eo.stream != nil, ao != nil && ao.stream != nil
	ev, av := df.exp.resolve(e), df.act.resolve(a)
	switch {
	case ev == nil && av == nil:
		return
	case ev == nil:
		rep(path, "was added ("+describeValue(df.act, a)+")", " 被添加（"+valueZH(describeValue(df.act, a))+"）")
		return
	case av == nil:
		rep(path, "was removed", " 被删除")
		return
	}
	// instead says the file's value a is not the issued one's e.
	instead := func(a, e string) (string, string) {
		return fmt.Sprintf("is %s instead of %s", a, e), fmt.Sprintf(" 为 %s，而不是 %s", valueZH(a), valueZH(e))
	}
	if es || as {
		if es != as {
			en, zh := instead(describeValue(df.act, a), describeValue(df.exp, e))
			rep(path, en, zh)
			return
		}
		ed, _, err1 := df.exp.streamData(e)
		ad, _, err2 := df.act.streamData(a)
		switch {
		case err2 != nil:
			zh, en := halves(err2)
			rep(path, "cannot be decoded ("+en+")", " 无法解码（"+zh+"）")
		case err1 == nil && !bytes.Equal(ed, ad):
			rep(path, fmt.Sprintf("has other stream data (%d bytes instead of %d)", len(ad), len(ed)), fmt.Sprintf(" 的数据流不同（%d 字节，而不是 %d 字节）", len(ad), len(ed)))
		}
		strip := func(d pdfDict) pdfDict {
			out := pdfDict{}
			for k, v := range d {
				if k != "Length" && k != "Filter" && k != "DecodeParms" {
					out[k] = v
				}
			}
			return out
		}
		ev, av = strip(eo.value.(pdfDict)), strip(ao.value.(pdfDict))
	}
	switch ev := ev.(type) {
	case pdfDict:
		ad, ok := av.(pdfDict)
		if !ok {
			en, zh := instead(describeValue(df.act, av), describeValue(df.exp, ev))
			rep(path, en, zh)
			return
		}
		for _, k := range unionKeys(ev, ad) {
			if k == "Parent" || k == "P" {
				continue
			}
			p := path + "/" + string(k)
			ek, eok := ev[k]
			ak, aok := ad[k]
			switch {
			case !aok:
				rep(p, "was removed", " 被删除")
			case !eok:
				rep(p, "was added ("+describeValue(df.act, ak)+")", " 被添加（"+valueZH(describeValue(df.act, ak))+"）")
			default:
				df.cmp(p, ek, ak, depth+1, rep)
			}
		}
	case []any:
		aa, ok := av.([]any)
		if !ok {
			en, zh := instead(describeValue(df.act, av), describeValue(df.exp, ev))
			rep(path, en, zh)
			return
		}
		if len(aa) != len(ev) {
			rep(path, fmt.Sprintf("has %d entries instead of %d", len(aa), len(ev)), fmt.Sprintf(" 有 %d 项，而不是 %d 项", len(aa), len(ev)))
		}
		for i := range min(len(aa), len(ev)) {
			df.cmp(fmt.Sprintf("%s[%d]", path, i), ev[i], aa[i], depth+1, rep)
		}
	default:
		if !scalarEqual(ev, av) {
			en, zh := instead(describeValue(df.act, av), describeValue(df.exp, ev))
			rep(path, en, zh)
		}
	}
}

func (f *pdfFile) object(v any) *pdfObject {
	if r, ok := v.(pdfRef); ok {
		return f.objects[r.num]
	}
	return nil
}

func scalarEqual(a, b any) bool {
	switch a := a.(type) {
	case pdfString:
		bs, ok := b.(pdfString)
		return ok && bytes.Equal(a, bs)
	case float64:
		bf, ok := b.(float64)
		return ok && math.Abs(a-bf) < 1e-9
	case pdfDict, []any:
		return false
	}
	return a == b
}

// describeValue describes a value briefly for a report.
func describeValue(f *pdfFile, v any) string {
	switch v := f.resolve(v).(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return fmtNum(v)
	case pdfName:
		return "/" + string(v)
	case pdfKeyword:
		return string(v)
	case pdfString:
		s := decodeTextString(v)
		if r := []rune(s); len(r) > 60 {
			s = string(r[:60]) + "…"
		}
		return strconv.Quote(s)
	case []any:
		if len(v) <= 6 {
			var parts []string
			for _, x := range v {
				switch f.resolve(x).(type) {
				case pdfDict, []any:
					return fmt.Sprintf("an array of %d entries", len(v))
				}
				parts = append(parts, describeValue(f, x))
			}
			return "[" + strings.Join(parts, " ") + "]"
		}
		return fmt.Sprintf("an array of %d entries", len(v))
	case pdfDict:
		if t, ok := v["Type"].(pdfName); ok {
			return "a /" + string(t) + " dictionary"
		}
		if st, ok := v["Subtype"].(pdfName); ok {
			return "a /" + string(st) + " dictionary"
		}
		return "a dictionary"
	}
	return "a value"
}

// valueZH says in Chinese what describeValue says in English of a
// dictionary or an array; a name, a number or a string stands as it is.
func valueZH(s string) string {
	switch {
	case s == "a dictionary":
		return "字典"
	case s == "a value":
		return "值"
	case strings.HasPrefix(s, "a /") && strings.HasSuffix(s, " dictionary"):
		return strings.TrimSuffix(strings.TrimPrefix(s, "a "), " dictionary") + " 字典"
	case strings.HasPrefix(s, "an array of ") && strings.HasSuffix(s, " entries"):
		return "含 " + strings.TrimSuffix(strings.TrimPrefix(s, "an array of "), " entries") + " 项的数组"
	}
	return s
}

// unionKeys returns the keys of a and of b, sorted, each once.
func unionKeys[K ~string, V any](a, b map[K]V) []K {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// spanMM describes a box on a page in millimetres from the page's top left
// corner.
func spanMM(b, page box) string {
	k := 72 / 25.4
	return fmt.Sprintf("at x %.1f–%.1f mm, y %.1f–%.1f mm", (b.x0-page.x0)/k, (b.x1-page.x0)/k, (page.y1-b.y1)/k, (page.y1-b.y0)/k)
}

// spanMMZH is spanMM in Chinese.
func spanMMZH(b, page box) string {
	k := 72 / 25.4
	return fmt.Sprintf("在 x %.1f–%.1f mm、y %.1f–%.1f mm 处", (b.x0-page.x0)/k, (b.x1-page.x0)/k, (page.y1-b.y1)/k, (page.y1-b.y0)/k)
}

// pointMM describes a point on a page in millimetres from the top left.
func pointMM(x, y float64, page box) string {
	k := 72 / 25.4
	return fmt.Sprintf("x %.1f mm, y %.1f mm", (x-page.x0)/k, (page.y1-y)/k)
}

func article(s string) string {
	if strings.IndexByte("aeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

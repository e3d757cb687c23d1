package errzh

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// site is an English error format written in the tree.
type site struct {
	pos    string
	format string
}

// literalFormats returns the formats of the tree's calls to footprint's
// Errorf and FieldErrorf, and of functions that pass their format to them
// (filterErr, GreenClaim.conflict, …), that a person reads: literal
// formats of any code but EINTERNAL (whose message nobody is shown).
func literalFormats(t *testing.T) []site {
	t.Helper()
	sites, _ := scanTree(t)
	return sites
}

// scanTree returns literalFormats, and where a function hands its
// parameter format to fmt (fmt.Sprintf(format, …)) inside an argument of
// footprint's Errorf or FieldErrorf, or of a function of literalFormats:
// a message a person reads that no table translates and no check sees
// (readAsShown's refuse wrote "cannot be read" in both halves).
func scanTree(t *testing.T) (sites []site, bypass []string) {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		dir string
		f   *ast.File
	}
	fset := token.NewFileSet()
	var files []file
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, file{filepath.Dir(path), f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// callee names the function a call calls: footprint's Errorf or
	// FieldErrorf (by its name in package footprint, else as footprint.X),
	// else a function (called by its name) or a method (called on a
	// value) of the same directory.
	callee := func(dir string, call *ast.CallExpr) string {
		switch fn := call.Fun.(type) {
		case *ast.Ident:
			if filepath.Base(dir) == "footprint" && (fn.Name == "Errorf" || fn.Name == "FieldErrorf") {
				return "footprint." + fn.Name
			}
			return dir + ".func." + fn.Name
		case *ast.SelectorExpr:
			if x, ok := fn.X.(*ast.Ident); ok && x.Name == "footprint" {
				return "footprint." + fn.Sel.Name
			}
			return dir + ".method." + fn.Sel.Name
		}
		return ""
	}
	// formatAt is the index of the format argument of each function that
	// takes one: footprint's two, then each function, method or function
	// literal given a name (fail := func(format string, …)) whose parameter
	// "format" it hands on to one of them, until there are no more.
	formatAt := map[string]int{"footprint.Errorf": 1, "footprint.FieldErrorf": 2}
	// wrap is what a function of formatAt joins before and after the
	// format it is given when it hands it on (refuse := func(format
	// string, …) of "four eyes: "+format+", so …"): the format a person
	// reads is the literal given to it, wrapped.
	wrap := map[string][2]string{}
	type function struct {
		key  string
		typ  *ast.FuncType
		body *ast.BlockStmt
	}
	var funcs []function
	for _, fl := range files {
		ast.Inspect(fl.f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				kind := ".func."
				if n.Recv != nil {
					kind = ".method."
				}
				if n.Body != nil {
					funcs = append(funcs, function{fl.dir + kind + n.Name.Name, n.Type, n.Body})
				}
			case *ast.AssignStmt:
				for i, rhs := range n.Rhs {
					if lit, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
						if id, ok := n.Lhs[i].(*ast.Ident); ok {
							funcs = append(funcs, function{fl.dir + ".func." + id.Name, lit.Type, lit.Body})
						}
					}
				}
			}
			return true
		})
	}
	dirOf := func(key string) string { return key[:strings.LastIndex(key[:strings.LastIndex(key, ".")], ".")] }
	for found := true; found; {
		found = false
		for _, f := range funcs {
			if _, ok := formatAt[f.key]; ok {
				continue
			}
			at, i := -1, 0
			for _, p := range f.typ.Params.List {
				for _, n := range p.Names {
					if n.Name == "format" {
						at = i
					}
					i++
				}
			}
			if at < 0 {
				continue
			}
			ast.Inspect(f.body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					name := callee(dirOf(f.key), call)
					if k, ok := formatAt[name]; ok && k < len(call.Args) {
						if before, after, ok := around(t, call.Args[k]); ok {
							formatAt[f.key], found = at, true
							wrap[f.key] = [2]string{wrap[name][0] + before, after + wrap[name][1]}
						}
					}
				}
				return true
			})
		}
	}
	for _, f := range funcs {
		if !slices.ContainsFunc(f.typ.Params.List, func(p *ast.Field) bool {
			return slices.ContainsFunc(p.Names, func(n *ast.Ident) bool { return n.Name == "format" })
		}) {
			continue
		}
		ast.Inspect(f.body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			k, ok := formatAt[callee(dirOf(f.key), call)]
			if !ok {
				return true
			}
			for _, arg := range call.Args[min(k+1, len(call.Args)):] {
				ast.Inspect(arg, func(n ast.Node) bool {
					c, ok := n.(*ast.CallExpr)
					if !ok || len(c.Args) == 0 {
						return true
					}
					if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
						pkg, _ := sel.X.(*ast.Ident)
						format, _ := c.Args[0].(*ast.Ident)
						if pkg != nil && format != nil && pkg.Name == "fmt" && format.Name == "format" {
							pos := fset.Position(c.Pos())
							rel, _ := filepath.Rel(root, pos.Filename)
							bypass = append(bypass, fmt.Sprintf("%s:%d\t%s", rel, pos.Line, f.key[strings.LastIndex(f.key, ".")+1:]))
						}
					}
					return true
				})
			}
			return true
		})
	}
	for _, fl := range files {
		ast.Inspect(fl.f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := callee(fl.dir, call)
			k, ok := formatAt[name]
			if !ok || k >= len(call.Args) {
				return true
			}
			if strings.HasPrefix(name, "footprint.") && isInternal(call.Args[0]) {
				return true
			}
			format, ok := literal(t, call.Args[k])
			if !ok {
				return true
			}
			format = wrap[name][0] + format + wrap[name][1]
			pos := fset.Position(call.Pos())
			rel, _ := filepath.Rel(root, pos.Filename)
			sites = append(sites, site{fmt.Sprintf("%s:%d", rel, pos.Line), format})
			return true
		})
	}
	return sites, bypass
}

// operands returns the operands of e, a sum ("a" + format + "b"), in
// order; e alone if it is none.
func operands(e ast.Expr) []ast.Expr {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return operands(e.X)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return append(operands(e.X), operands(e.Y)...)
		}
	}
	return []ast.Expr{e}
}

// literal returns the string e is when it is a string literal or a sum of
// them.
func literal(t *testing.T, e ast.Expr) (string, bool) {
	return join(t, operands(e))
}

// join returns the string ops are when each is a string literal.
func join(t *testing.T, ops []ast.Expr) (string, bool) {
	var b strings.Builder
	for _, o := range ops {
		lit, ok := o.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(s)
	}
	return b.String(), true
}

// around returns the string literals e joins before and after the
// parameter format when e is format, or a sum of it, once, and string
// literals.
func around(t *testing.T, e ast.Expr) (before, after string, ok bool) {
	ops := operands(e)
	at := slices.IndexFunc(ops, func(o ast.Expr) bool {
		id, ok := o.(*ast.Ident)
		return ok && id.Name == "format"
	})
	if at < 0 {
		return "", "", false
	}
	before, ok1 := join(t, ops[:at])
	after, ok2 := join(t, ops[at+1:])
	return before, after, ok1 && ok2
}

// Ensure no function formats the format it is given with fmt into a
// message a person reads: its formats would have no Chinese, and the
// check of every format would not see them; hand it to footprint's
// Errorf (or api's say), whose tables translate it.
func TestNoFormatBypassesTheTables(t *testing.T) {
	if _, bypass := scanTree(t); len(bypass) > 0 {
		t.Errorf("%d functions format their format with fmt into an error message, which no table translates:\n%s", len(bypass), strings.Join(bypass, "\n"))
	}
}

// errorFormats returns the literal formats of literalFormats that are in
// English with words in them: those the zh_*.tsv tables translate.
func errorFormats(t *testing.T) []site {
	t.Helper()
	var sites []site
	for _, s := range literalFormats(t) {
		if !HasHan(s.format) && strings.ContainsFunc(verbs.ReplaceAllString(s.format, ""), isLetter) {
			sites = append(sites, s)
		}
	}
	if len(sites) < 500 { // the scan found what it looks for
		t.Fatalf("found %d error formats, fewer than the tree has", len(sites))
	}
	return sites
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// isInternal reports whether a code argument is EINTERNAL.
func isInternal(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "EINTERNAL"
	case *ast.SelectorExpr:
		return e.Sel.Name == "EINTERNAL"
	}
	return false
}

// sample returns arguments for format's verbs, each of the kind its verb
// wants and each told apart in what Sprintf writes.
func sample(format string) []any {
	var args []any
	for i, verb := range Verbs(format) {
		switch verb {
		case 'd', 'x', 'X', 'o', 'b':
			args = append(args, 7001+i)
		case 'c', 'U':
			args = append(args, rune('Ａ'+i))
		case 'f', 'g', 'e', 'G', 'E':
			args = append(args, 0.25+float64(i))
		case 't':
			args = append(args, true)
		default:
			args = append(args, fmt.Sprintf("‹%d›", i+1))
		}
	}
	return args
}

// Ensure every English error format a person may read has its Chinese in
// the zh_*.tsv tables, and that the zh_*.tsv tables holds no format the tree no longer writes.
func TestEveryErrorFormatHasItsChinese(t *testing.T) {
	sites := errorFormats(t)
	written := map[string]bool{}
	var missing []string
	for _, s := range sites {
		written[s.format] = true
		if _, ok := table()[s.format]; !ok {
			missing = append(missing, fmt.Sprintf("%s\t%s", s.pos, s.format))
		}
	}
	slices.Sort(missing)
	missing = slices.Compact(missing)
	if len(missing) > 0 {
		t.Errorf("%d error formats have no Chinese in the zh_*.tsv tables:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	for en := range table() {
		if !written[en] {
			t.Errorf("the zh_*.tsv tables have %q, which no error of the tree writes: remove it", en)
		}
	}
}

// Ensure each Chinese format of the zh_*.tsv tables is Chinese, holds no Sep (which
// ends the Chinese half), gives no formatting error and writes every
// argument its English writes; and each line of the zh_*.tsv tables is one English
// format, a tab and one Chinese format, each English once.
func TestTableFormats(t *testing.T) {
	seen := map[string]string{}
	names, err := fs.Glob(tsv, "*.tsv")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	for _, name := range names {
		b, err := tsv.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		checkTable(t, name, string(b), seen)
	}
}

func checkTable(t *testing.T, name, text string, seen map[string]string) {
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Count(line, "\t") != 1 {
			t.Errorf("%s:%d: want the English, one tab, the Chinese: %q", name, n+1, line)
			continue
		}
		en, zh, _ := strings.Cut(line, "\t")
		if first, ok := seen[en]; ok {
			t.Errorf("%s:%d: %q is at %s already", name, n+1, en, first)
		}
		seen[en] = fmt.Sprintf("%s:%d", name, n+1)
		args := sample(en)
		gotEN, gotZH := fmt.Sprintf(en, args...), fmt.Sprintf(zh, args...)
		switch {
		case !HasHan(zh):
			t.Errorf("%s:%d: the Chinese of %q has no Chinese: %q", name, n+1, en, zh)
		case strings.Contains(zh, Sep):
			t.Errorf("%s:%d: the Chinese of %q holds %q, which separates the halves: %q", name, n+1, en, Sep, zh)
		case strings.Contains(gotZH, "%!") || strings.Contains(gotEN, "%!"):
			t.Errorf("%s:%d: formatting %q and its Chinese with %v: %q, %q", name, n+1, en, args, gotEN, gotZH)
		}
		for _, a := range args {
			if s := fmt.Sprint(a); a != nil && strings.Contains(gotEN, s) && !strings.Contains(gotZH, s) {
				t.Errorf("%s:%d: the Chinese of %q does not write argument %v: %q", name, n+1, en, a, gotZH)
			}
		}
	}
}

// Ensure Sprintf writes the Chinese, Sep and the English of a format in
// the table, the English exactly as fmt.Sprintf writes it; a bilingual
// argument gives each half its own language (an error's field path kept
// on both); a format not in the table, or in Chinese already, is
// fmt.Sprintf's.
func TestSprintf(t *testing.T) {
	old, saved := table(), maps.Clone(table())
	t.Cleanup(func() { clear(old); maps.Copy(old, saved) })
	clear(old)
	old["unknown factor code %q"] = "未知的因子代码 %q"
	old["factor %s: %s"] = "因子 %s：%s"
	inner := errors.New("bom[0].unit: 未知单位 \"kq\"。unknown unit \"kq\"")
	for _, tt := range []struct {
		format string
		args   []any
		want   string
	}{
		{"unknown factor code %q", []any{"X-1"}, `未知的因子代码 "X-1"。unknown factor code "X-1"`},
		{"factor %s: %s", []any{"X-1", "须为正数。must be positive"}, "因子 X-1：须为正数。factor X-1: must be positive"},
		{"factor %s: %s", []any{"X-1", inner}, `因子 X-1：bom[0].unit: 未知单位 "kq"。factor X-1: bom[0].unit: unknown unit "kq"`},
		{"factor %s: %s", []any{"光伏组件", "plain English"}, "因子 光伏组件：plain English。factor 光伏组件: plain English"},
		{"unknown factor code %q", []any{"组件。A"}, `未知的因子代码 "组件。A"。unknown factor code "组件。A"`}, // quoted: as given
		{"not in the table %d", []any{3}, "not in the table 3"},
		{"须填写 %[1]s。%[1]s is required", []any{"name"}, "须填写 name。name is required"},
		{"factor %s: %s", []any{"X-1", errors.New("bom.csv:2: quantity: 值 \"abc\" 不是数字。\"abc\" is not a number")}, `因子 X-1：bom.csv:2: quantity: 值 "abc" 不是数字。factor X-1: bom.csv:2: quantity: "abc" is not a number`},
		{"factor %s: %s", []any{"X-1", "a b: 值。value"}, "因子 X-1：a b: 值。value。factor X-1: a b: 值。value"}, // a prefix with a space is not a field path
		{"factor %s: %s", []any{"X-1", error((*pointerError)(nil))}, "因子 X-1：<nil>。factor X-1: <nil>"},  // a nil error of a pointer type: as fmt writes it, no panic
	} {
		if got := Sprintf(tt.format, tt.args...); got != tt.want {
			t.Errorf("Sprintf(%q, %v) = %q, want %q", tt.format, tt.args, got, tt.want)
		}
	}
}

// pointerError is an error of a pointer type, whose nil Error panics.
type pointerError struct{ msg string }

func (e *pointerError) Error() string { return e.msg }

// mixedExceptions are literal formats with Chinese in them that do not
// say it first, each with its reason.
var mixedExceptions = map[string]string{}

// Ensure every literal error format that has Chinese in it says it first,
// "中文。English", and not in English with Chinese in parentheses: the
// Chinese starts the format, after at most one name of a field or of a
// thing of the service ("limit 须在…", "GTIN %s 的…", "%s: 须…"), and a
// Sep ends it before the English.
func TestChineseComesFirst(t *testing.T) {
	var mixed []string
	for _, s := range literalFormats(t) {
		if !HasHan(s.format) || mixedExceptions[s.format] != "" {
			continue
		}
		if !chineseFirst(s.format) {
			mixed = append(mixed, fmt.Sprintf("%s\t%s", s.pos, s.format))
		}
	}
	slices.Sort(mixed)
	if len(mixed) > 0 {
		t.Errorf("%d error formats do not say it in Chinese first (want \"中文。English\"):\n%s", len(mixed), strings.Join(mixed, "\n"))
	}
}

// chineseFirst reports whether format, which has Chinese, starts with it
// (after at most one English word) and has a Sep after its first Chinese.
func chineseFirst(format string) bool {
	han := strings.IndexFunc(format, isHan)
	before := verbs.ReplaceAllString(format[:han], "")
	return len(latinWord.FindAllString(before, 2)) <= 1 && strings.Contains(format[han:], Sep)
}

// latinWord matches an English word or a name (review_digest, precedingPfIds).
var latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_]*`)

func TestChineseFirst(t *testing.T) {
	for format, want := range map[string]bool{
		"须填写 %[1]s。%[1]s is required":                              true,
		"%s: 须为正数。%s: must be positive":                            true,
		"limit 须在 1 到 %[1]d 之间。limit must be …":                    true,
		"GTIN %[1]s 的校验位错误。GTIN %[1]s has …":                       true,
		"%[1]s %[2]q 须为%[3]s。%[1]s %[2]q must be …":                true,
		"product code %q: want 2 to 12 digits (产品代码应为 2 至 12 位数字)": false,
		"want prefix or exact, got %q (匹配方式应为 prefix 或 exact)":     false,
		"须填写 signatory":                false, // no English
		"signatory is required (须填写。)": false,
	} {
		if got := chineseFirst(format); got != want {
			t.Errorf("chineseFirst(%q) = %v, want %v", format, got, want)
		}
	}
}

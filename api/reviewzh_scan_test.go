package api_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// formatLiterals are the string literals of a message expression: its
// literals and fmt.Sprintf formats, and those of the variables it names
// (vars: what each variable of the function was assigned).
func formatLiterals(e ast.Expr, vars map[string][]ast.Expr) []string {
	switch x := e.(type) {
	case *ast.BasicLit:
		if s, err := strconv.Unquote(x.Value); err == nil {
			return []string{s}
		}
	case *ast.BinaryExpr:
		return append(formatLiterals(x.X, vars), formatLiterals(x.Y, vars)...)
	case *ast.ParenExpr:
		return formatLiterals(x.X, vars)
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(x.Args) > 0 {
			return formatLiterals(x.Args[0], vars)
		}
	case *ast.Ident:
		var out []string
		for _, v := range vars[x.Name] {
			out = append(out, formatLiterals(v, nil)...)
		}
		return out
	}
	return nil
}

func TestReviewWarnings_SourceGivesChineseApart(t *testing.T) {
	// Ensure every review warning the api package builds gives its English
	// in Message, with no Chinese text in its literals or format, and its
	// Chinese in MessageZH, apart (the review's own warnings once said
	// both, Chinese first, in Message): a complement to the scenarios,
	// which check each warning they produce (appReview.checkWire).
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	sites := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			vars := map[string][]ast.Expr{} // zh := …; zh += …
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
					for i, l := range as.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							vars[id.Name] = append(vars[id.Name], as.Rhs[i])
						}
					}
				}
				lit, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "reviewWarning" {
					return true
				}
				sites++
				pos := fset.Position(lit.Pos())
				fields := map[string]ast.Expr{}
				for _, el := range lit.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok {
							fields[k.Name] = kv.Value
						}
					}
				}
				en, zh := fields["Message"], fields["MessageZH"]
				if en == nil || zh == nil {
					t.Errorf("%s: review warning without Message and MessageZH both", pos)
					return true
				}
				for _, s := range formatLiterals(en, vars) {
					if hasHan(s) {
						t.Errorf("%s: Message has Chinese text %.40q…: its Chinese goes in MessageZH", pos, s)
					}
				}
				if _, engine := zh.(*ast.SelectorExpr); engine { // a result's warning (w.MessageZH): the footprint package checks them
					return true
				}
				zhs := formatLiterals(zh, vars)
				if !slices.ContainsFunc(zhs, hasHan) {
					t.Errorf("%s: MessageZH has no Chinese text", pos)
				}
				return true
			})
		}
	}
	if sites < 30 {
		t.Errorf("found %d review warnings built, want at least the 30 the review built when they were split", sites)
	}
}

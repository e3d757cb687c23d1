package main

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure every line of the recomputation pcf verify --study prints (its
// checks, the problems under RESULT NOT CONFIRMED, the differences from the
// certified result) has its Chinese: each literal format given to a
// recomputation's check or problem, or to bilingualf, in this package is
// written in both languages ("中文。English") or has its Chinese in
// recomputeZH (a check's format without its 11-character label, whose
// Chinese is in checkLabels). Before session 48 they were English only.
func TestRecomputation_EveryFormatInChinese(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	for _, fn := range footprinttest.PackageFuncDecls(t, fset) {
		ast.Inspect(fn.Body, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			kind := ""
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				if fn.Name == "bilingualf" {
					kind = "problem"
				}
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "rc" && (fn.Sel.Name == "check" || fn.Sel.Name == "problem") {
					kind = fn.Sel.Name
				}
			}
			if kind == "" {
				return true
			}
			format, ok := literal(call.Args[0])
			if arg, isSlice := call.Args[0].(*ast.SliceExpr); !ok && (isSlice && isIdent(arg.X, "format") || isIdent(call.Args[0], "format")) {
				return true // check and problem passing theirs on
			}
			if !ok {
				t.Errorf("%s: %s with a format that is not a literal", fset.Position(call.Pos()), kind)
				return true
			}
			n++
			if kind == "check" {
				label := strings.TrimSpace(format[:min(11, len(format))])
				if _, ok := checkLabels[label]; !ok || len(format) < 11 {
					t.Errorf("%s: check %q: its label %q has no Chinese in checkLabels", fset.Position(call.Pos()), format, label)
				}
				format = format[min(11, len(format)):]
			}
			if _, ok := recomputeZH[format]; !ok {
				if _, _, ok := cutBilingual(format); !ok {
					t.Errorf("%s: %s %q has no Chinese in recomputeZH", fset.Position(call.Pos()), kind, format)
				}
			}
			return true
		})
	}
	if n < 50 {
		t.Errorf("found %d formats; want the recomputation's (more than 50)", n)
	}
}

// literal returns the value of a string literal or of a sum of them.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(e.Value)
		return s, err == nil && e.Kind == token.STRING
	case *ast.BinaryExpr:
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2 && e.Op == token.ADD
	}
	return "", false
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

package footprinttest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// FuncDecls parses the Go file at path into fset and returns its functions
// and methods that have a body, for tests that read a package's own source
// (the Chinese beside every warning it writes), failing tb if the file does
// not parse.
func FuncDecls(tb testing.TB, fset *token.FileSet, path string) []*ast.FuncDecl {
	tb.Helper()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var fns []*ast.FuncDecl
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Body != nil {
			fns = append(fns, fn)
		}
	}
	return fns
}

package footprinttest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
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

// PackageFuncDecls is FuncDecls over every non-test Go file of the test's
// own package directory (the working directory of `go test`).
func PackageFuncDecls(tb testing.TB, fset *token.FileSet) []*ast.FuncDecl {
	tb.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		tb.Fatal(err)
	}
	var fns []*ast.FuncDecl
	for _, name := range files {
		if !strings.HasSuffix(name, "_test.go") {
			fns = append(fns, FuncDecls(tb, fset, name)...)
		}
	}
	return fns
}

package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Ensure every audit action the services record (an Audit… string
// constant "noun.verb" of the domain packages, footprint and below) has a
// Chinese name on the audit page and is a choice of its filter: the PACT
// exchange's nine actions (pact-share.grant, pact-answer.give-up, …)
// showed to a regulator as bare English codes, and could not be chosen.
func TestAuditActions_NamedAndFilterable(t *testing.T) {
	action := regexp.MustCompile(`^[a-z-]+\.[a-z-]+$`)
	var found []string
	err := filepath.WalkDir("../footprint", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "Audit") || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					if v, err := strconv.Unquote(lit.Value); err == nil && action.MatchString(v) {
						found = append(found, v)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 30 {
		t.Fatalf("found %d audit actions in ../footprint, want the 30 or more it declares: %v", len(found), found)
	}
	for _, a := range found {
		if actionZH(a) == "" {
			t.Errorf("audit action %s has no Chinese name (auditActionZH)", a)
		}
		if !slices.Contains(auditActions, a) {
			t.Errorf("audit action %s is not a choice of the audit page's filter (auditActions)", a)
		}
	}
}

package footprint_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// hasHan reports whether s holds a Chinese (Han) character.
func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// checkWarningsZH fails tb for each warning of res without a Chinese
// message.
func checkWarningsZH(tb testing.TB, res *footprint.Result) {
	tb.Helper()
	for _, w := range res.Warnings {
		if !hasHan(w.MessageZH) {
			tb.Errorf("warning at %s has no Chinese message (message_zh %q): %s", w.Path, w.MessageZH, w.Message)
		}
	}
}

// literals returns the string literals of e: itself, the parts of a
// concatenation, or the format of a fmt.Sprintf call.
func literals(e ast.Expr) []string {
	switch x := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(x.Value)
		if err != nil {
			return nil
		}
		return []string{s}
	case *ast.BinaryExpr:
		return append(literals(x.X), literals(x.Y)...)
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(x.Args) > 0 {
			return literals(x.Args[0])
		}
	}
	return nil
}

func TestEngine_WarnCallsGiveChinese(t *testing.T) {
	// Ensure every warning the engine writes has a Chinese message beside
	// its English one: each e.warn call's third argument is a literal or a
	// fmt.Sprintf format with Chinese in it (or a variable zh made so in
	// the same function, or the rule's warn_zh, which
	// TestRules_WarnZH checks), and its English argument starts in English
	// (the two are not swapped).
	fset := token.NewFileSet()
	calls := 0
	for _, name := range []string{"engine.go", "bounds.go"} {
		for _, fn := range footprinttest.FuncDecls(t, fset, name) {
			zhVars := map[string]bool{} // variables zh := fmt.Sprintf("中文…")
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok {
					for i, l := range as.Lhs {
						if id, ok := l.(*ast.Ident); ok && i < len(as.Rhs) && slices.ContainsFunc(literals(as.Rhs[i]), hasHan) {
							zhVars[id.Name] = true
						}
					}
				}
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "warn" {
					return true
				}
				calls++
				pos := fset.Position(call.Pos())
				if len(call.Args) != 3 {
					t.Errorf("%s: warn takes path, English and Chinese, got %d arguments", pos, len(call.Args))
					return true
				}
				en, zh := call.Args[1], call.Args[2]
				switch x := zh.(type) {
				case *ast.Ident:
					if !zhVars[x.Name] {
						t.Errorf("%s: Chinese argument %s is not made of Chinese text in %s", pos, x.Name, fn.Name.Name)
					}
				case *ast.SelectorExpr:
					if x.Sel.Name != "WarnZH" && x.Sel.Name != "ZH" { // a rule's warn_zh, or a site.Finding's (TestCheck_Bilingual in footprint/internal/site)
						t.Errorf("%s: Chinese argument %s is not the rule's warn_zh", pos, x.Sel.Name)
					}
				default:
					if !slices.ContainsFunc(literals(zh), hasHan) {
						t.Errorf("%s: the Chinese argument has no Chinese text", pos)
					}
				}
				ruleWarn := false // the rule's warn, beside its warn_zh
				if x, ok := en.(*ast.SelectorExpr); ok {
					ruleWarn = x.Sel.Name == "Warn" || x.Sel.Name == "EN"
				}
				if lits := literals(en); len(lits) == 0 && !isZHConcat(en, zhVars) && !ruleWarn || len(lits) > 0 && hasHan(lits[0]) {
					t.Errorf("%s: the English argument does not start in English", pos)
				}
				return true
			})
		}
	}
	if calls < 43 {
		t.Errorf("found %d warn calls, want at least the 43 the engine had when warnings became bilingual", calls)
	}
}

// isZHConcat reports whether e is zh + fmt.Sprintf(English…): a message
// that was bilingual before Warning had MessageZH, kept byte for byte.
func isZHConcat(e ast.Expr, zhVars map[string]bool) bool {
	b, ok := e.(*ast.BinaryExpr)
	if !ok {
		return false
	}
	id, ok := b.X.(*ast.Ident)
	lits := literals(b.Y)
	return ok && zhVars[id.Name] && len(lits) > 0 && !hasHan(lits[0])
}

func TestRules_WarnZH(t *testing.T) {
	// Ensure every rule's warning of an input asked for (requires[].warn)
	// has its Chinese, and a rule giving one without the other is refused.
	paths, err := filepath.Glob("rules/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("rules: %v (%d files)", err, len(paths))
	}
	warns := 0
	for _, p := range paths {
		b := footprinttest.ReadFile(t, p)
		r, err := footprint.ParseRuleJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for i, req := range r.Requires {
			if req.Warn == "" {
				continue
			}
			warns++
			if !hasHan(req.WarnZH) {
				t.Errorf("%s requires[%d] (%s): warn_zh %q has no Chinese", p, i, req.Input, req.WarnZH)
			}
			// The same rule without the Chinese is refused, naming the field.
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			delete(doc["requires"].([]any)[i].(map[string]any), "warn_zh")
			nb, _ := json.Marshal(doc)
			_, err := footprint.ParseRuleJSON(bytes.NewReader(nb))
			if got, want := footprint.ErrorField(err), fmt.Sprintf("requires[%d].warn_zh", i); got != want {
				t.Errorf("%s without warn_zh: field %q (%v), want %q", p, got, err, want)
			}
		}
	}
	if warns == 0 {
		t.Fatal("no rule has a warning: nothing was checked")
	}
}

func TestCalculate_DemoWarningsHaveChinese(t *testing.T) {
	// Ensure the warnings of the demo studies, and of the tests' studies
	// calculated through MustCalculate, carry Chinese (checkWarningsZH).
	factors := MustLoadFactors(t)
	n := 0
	for _, name := range []string{"pv-module", "laptop"} {
		res := MustCalculate(t, MustParseStudyFile(t, "../seed/studies/"+name+".json"), factors, nil)
		n += len(res.Warnings)
	}
	if n == 0 {
		t.Fatal("the demo studies gave no warnings: nothing was checked")
	}
}

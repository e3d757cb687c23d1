package footprint_test

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// importRules is STYLE.md §2.1: for each top-level package, the module
// packages and third-party import paths (by prefix) it may import. Standard
// library imports are always allowed. Test files are not checked: external
// test packages may cross the table.
var importRules = map[string][]string{
	"footprint": {"github.com/google/uuid", "github.com/go-json-experiment/json"},                                                                 // json/v2: study and result documents (issue 8)
	"factordb":  {"footprint", "go.etcd.io/bbolt", "github.com/google/uuid", "golang.org/x/text/unicode/norm", "github.com/longbridgeapp/opencc"}, // norm: NFKD of organisation names; opencc: their traditional characters read as simplified (orgindex.go)
	"labels":    {"footprint", "github.com/jung-kurt/gofpdf", "github.com/boombuler/barcode", "golang.org/x/image"},
	"api":       {"footprint", "github.com/labstack/echo/v4", "github.com/google/uuid", "golang.org/x/time", "github.com/xuri/excelize/v2", "github.com/prometheus/client_golang"}, // excelize: BOM upload and result download (issue 4); prometheus: /metrics (issue 13)
	"seed":      {"footprint"},
	"cmd":       {"*"},
}

// subpackageRules adds, for one subpackage, imports its top-level package's
// rule does not allow.
var subpackageRules = map[string][]string{
	"footprint/tabular":       {"golang.org/x/text"},                                         // GB18030 (GBK) CSV, what Chinese-locale Excel saves (issue 13)
	"footprint/certification": {"golang.org/x/text/unicode/norm"},                            // NFKC of the applicant's printed text before the claim patterns (red team 18: ㎏, C0₂)
	"footprint/pact/pacttest": {"github.com/santhosh-tekuri/jsonschema", "sigs.k8s.io/yaml"}, // test support: the official PACT schemas for footprint/pact's and api's tests
}

// Ensure no package imports what the layering table forbids: adapters never
// import each other, footprint depends on no adapter, echo stays in api and
// gofpdf in labels.
func TestImportBoundaries(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-json=ImportPath,Imports,Standard", "github.com/chengdu-pcf/pcf/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const module = "github.com/chengdu-pcf/pcf/"
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(p.ImportPath, module)
		top, _, _ := strings.Cut(rel, "/")
		allowed, ok := importRules[top]
		if !ok {
			t.Errorf("package %s is not in the layering table", p.ImportPath)
			continue
		}
		allowed = slices.Concat(allowed, subpackageRules[rel])
		checked++
		for _, imp := range p.Imports {
			if !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
				continue // standard library
			}
			if !importAllowed(imp, module, top, allowed) {
				t.Errorf("%s imports %s, which STYLE.md §2.1 forbids", p.ImportPath, imp)
			}
		}
	}
	if checked < 3 {
		t.Fatalf("checked %d packages, want the whole module", checked)
	}
}

func importAllowed(imp, module, top string, allowed []string) bool {
	if strings.HasPrefix(imp, module) {
		impTop, _, _ := strings.Cut(strings.TrimPrefix(imp, module), "/")
		if impTop == top {
			return true // a package's own subpackages
		}
		imp = impTop
	}
	for _, a := range allowed {
		if a == "*" || imp == a || strings.HasPrefix(imp, a+"/") {
			return true
		}
	}
	return false
}

package api_test

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// appProduct is the product of an application as GET /v1/applications
// answers it.
type appProduct struct {
	ID      string `json:"id"`
	Product *struct {
		NameZH       string  `json:"name_zh"`
		Name         string  `json:"name"`
		Model        string  `json:"model"`
		KgCO2e       float64 `json:"kg_co2e"`
		DeclaredUnit struct {
			Amount  float64 `json:"amount"`
			Unit    string  `json:"unit"`
			LabelZH string  `json:"label_zh"`
			LabelEN string  `json:"label_en"`
		} `json:"declared_unit"`
	} `json:"product"`
}

// Ensure the applications lists name each application's product: the
// manufacturer's list, the certifier's queue and the regulator's list show
// the product's Chinese and English names, its model and the study's
// headline figure with its declared unit, under bilingual headings, and
// GET /v1/applications answers them too. (An application stored before
// applications recorded them is read with its study's by the store:
// factordb's TestFindApplications_OlderRecordHasItsProduct.)
func TestWorkApplications_NameTheProduct(t *testing.T) {
	st := newSeededStack(t)
	study := MustData[studyData](t, st.do(t, request{method: "GET", target: "/v1/studies/" + st.submit(t, "GEC-APPPROD"), as: asMaker}), 200)
	app := st.apply(t, study.ID)
	if study.KgCO2e == nil {
		t.Fatal("study without a result")
	}
	figure := footprint.FormatKgCO2e(*study.KgCO2e)
	model := demoModel("GEC-APPPROD")
	want := []string{"产品", "Product", "示例单晶硅光伏组件", "Demo mono-Si PV module", html.EscapeString(model), figure, "kgCO2e/块组件", "per module"}

	check := func(t *testing.T) {
		for _, as := range []string{asMaker, asCert, asReg} {
			rec := st.signedIn(t, as).get("/work/applications?status=pending")
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: status %d", as, rec.Code)
			}
			body := rec.Body.String()
			if !strings.Contains(body, app[:8]) {
				t.Fatalf("%s: application %s not listed", as, app)
			}
			for _, w := range want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: the applications list does not show %q: a certifier cannot tell the rows apart but by date", as, w)
				}
			}
		}
		apps := MustData[[]appProduct](t, st.do(t, request{method: "GET", target: "/v1/applications", as: asCert}), 200)
		if len(apps) != 1 || apps[0].Product == nil {
			b, _ := json.Marshal(apps)
			t.Fatalf("GET /v1/applications: %s, want the application with its product", b)
		}
		p := apps[0].Product
		if p.Model != model || !strings.HasPrefix(p.NameZH, "示例单晶硅光伏组件") || !strings.HasPrefix(p.Name, "Demo mono-Si PV module") ||
			footprint.FormatKgCO2e(p.KgCO2e) != figure || p.DeclaredUnit.Amount != 1 || p.DeclaredUnit.Unit == "" || p.DeclaredUnit.LabelZH != "块组件" {
			t.Errorf("GET /v1/applications product %+v, want model %s, the study's names, %s per one module (块组件)", *p, model, figure)
		}
	}
	check(t)
}

// Ensure, in Chromium at desktop and phone widths, that the certifier's
// queue and the regulator's list show each application's product (model
// and figure) in its row, and that the page fits the screen.
func TestWebBrowser_ApplicationsNameTheProduct(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		var models []string
		for _, serial := range []string{"GEC-APPPROD-A", "GEC-APPPROD-B"} {
			st.apply(t, st.submit(t, serial))
			models = append(models, demoModel(serial))
		}
		rows := func() {
			t.Helper()
			cells := evalIn[[]string](b, `[...document.querySelectorAll("#applications tbody td.product")].map(td => td.innerText)`)
			figures := evalIn[[]string](b, `[...document.querySelectorAll("#applications tbody td.num")].map(td => td.innerText)`)
			if len(cells) != 2 || len(figures) != 2 {
				t.Fatalf("%s: product cells %q, figures %q, want two rows", b.vp.Name, cells, figures)
			}
			for i, m := range models {
				if !strings.Contains(cells[i], "示例单晶硅光伏组件") || !strings.Contains(cells[i], "Demo mono-Si PV module") || !strings.Contains(cells[i], m) {
					t.Errorf("%s: row %d product %q, want the module's names and model %s", b.vp.Name, i, cells[i], m)
				}
				if !strings.Contains(figures[i], "kgCO2e/块组件") || !strings.Contains(figures[i], "per module") {
					t.Errorf("%s: row %d figure %q, want it per module", b.vp.Name, i, figures[i])
				}
			}
		}
		b.signIn(st.tokens[asCert], "#applications")
		rows()
		b.checkPage("work-queue-products")
		b.signOut()
		b.open("/work/applications")
		b.signIn(st.tokens[asReg], "#applications")
		rows()
		b.checkPage("work-applications-regulator")
	})
}

// Ensure the list of applications leaves out the column that names the
// reader itself (a certifier's queue its own name on every row, a
// manufacturer's list its own): the regulator, who reads every
// organisation's, keeps both.
func TestWebApplications_NoColumnOfTheReader(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	for _, tt := range []struct {
		as         string
		maker, crt bool
	}{{asMaker, false, true}, {asCert, true, false}, {asReg, true, true}} {
		body := st.signedIn(t, tt.as).get("/work/applications?status=").Body.String()
		if !strings.Contains(body, `data-label="申请 Application"`) {
			t.Fatalf("%s: no applications listed", tt.as)
		}
		for _, col := range []struct {
			label string
			want  bool
		}{{`data-label="制造商 Manufacturer"`, tt.maker}, {`data-label="认证机构 Certifier"`, tt.crt}} {
			if got := strings.Contains(body, col.label); got != col.want {
				t.Errorf("%s: column %s shown %v, want %v", tt.as, col.label, got, col.want)
			}
		}
	}
}

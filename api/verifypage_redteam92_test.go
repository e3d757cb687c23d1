package api_test

import (
	"strings"
	"testing"
)

// keyRows are the captions (their Chinese) of the rows of the
// verification page that tell a reader which product a certificate is
// of, and whether its figure holds: what a person holding a product with
// a label compares with the product and the label.
var keyRows = []string{"证书编号", "碳足迹", "型号规格", "委托人", "有效期至", "产品名称"}

// firstScreenRows returns, for each caption of keyRows, the row's text
// when the row ends within the first screen of the page as it opens, or
// "below the first screen (y=…)" when it does not, and "missing" when the
// page has no such row.
func (b *browser) firstScreenRows() map[string]string {
	b.t.Helper()
	got := evalIn[map[string]string](b, `(() => { const out = {};
		for (const tr of document.querySelectorAll(".verify tr")) {
			const th = tr.querySelector("th"); if (!th) continue;
			const key = th.innerText.split("\n")[0].trim(), r = tr.getBoundingClientRect();
			if (key in out) continue;
			out[key] = r.bottom <= innerHeight ? tr.innerText.replace(/\s+/g, " ") : "below the first screen (y=" + Math.round(r.top) + " of " + innerHeight + ")";
		}
		return out })()`)
	for _, k := range keyRows {
		if _, ok := got[k]; !ok {
			got[k] = "missing"
		}
	}
	return got
}

// Ensure the verification page a phone opens from a label's QR code shows,
// on its first screen at 390 px and at 1280 px, what tells the product the
// certificate is of from another: the product's name, its model and the
// holder, beside the number, the figure with its declared unit and the
// end of validity, and a line asking the reader to compare them with the
// product (red team 92). A genuine label (or its QR code) copied onto
// another product, another model or another company's product opened the
// genuine page: "有效 · Valid", the number and the figure the label
// prints; the product's name, model and holder were rows 14 to 17, 2,958
// to 3,383 px down at 390 px (1,945 to 2,224 at 1280 px), below the
// stages, the factors and the electricity.
func TestRedteam92_FirstScreenSaysWhichProduct(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	// A valid certificate flagged upstream, whose page holds an alert too.
	flagged := st.issueBuyer(t, asOther, "GEC-RT92-B", fx.number)
	plain := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT92-V")), "")), 201)
	laptop := st.issueSeedStudy(t, "laptop")
	// The applicant's own certificate, of a product named at the length
	// a certificate admits (200 characters in each language), to push
	// the rows after the name off the screen.
	long := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT92-L", 1, func(doc map[string]any) {
		p := doc["product"].(map[string]any)
		p["name_zh"] = string([]rune(strings.Repeat("单晶硅光伏组件双面双玻半片", 20))[:200])
		p["name"] = strings.Repeat("Monocrystalline silicon photovoltaic module ", 5)[:200]
	})), "")), 201)
	st.setStatus(t, fx.cert, "suspend", "surveillance audit overdue")
	inBrowsers(t, st, "/", func(t *testing.T, b *browser) {
		// A valid certificate's page shows every key row and the line
		// asking to compare them with the product on its first screen
		// (compare: false where a valid status's alert leaves no room for
		// the line: the rows are there); one whose product's names take
		// 400 characters, every row but those names; a suspended one's,
		// where the status box says not to use it, the number and the
		// figure (said void).
		for _, c := range []struct {
			name, path string
			rows       []string
			compare    bool
		}{
			{"valid", "/v1/certificates/" + plain.CertificateID + "/verify", keyRows, true},
			{"valid-by-number", "/certificates/" + plain.Number, keyRows, true},
			{"laptop", "/v1/certificates/" + laptop.CertificateID + "/verify", keyRows, true},
			{"flagged", "/v1/certificates/" + flagged.CertificateID + "/verify", keyRows, false},
			{"long-name", "/v1/certificates/" + long.CertificateID + "/verify", keyRows[:5], false},
			{"suspended", "/v1/certificates/" + fx.cert + "/verify", keyRows[:2], false},
		} {
			b.open(c.path)
			rows := b.firstScreenRows()
			for _, k := range c.rows {
				if v := rows[k]; strings.HasPrefix(v, "below") || v == "missing" {
					t.Errorf("%s %s: row %s %s", b.vp.Name, c.name, k, v)
				}
			}
			if c.compare && !evalIn[bool](b, `(() => { const e = document.querySelector("#compare"); return !!e && e.getBoundingClientRect().bottom <= innerHeight })()`) {
				t.Errorf("%s %s: the line asking to compare the product is not on the first screen", b.vp.Name, c.name)
			}
			b.mustContain("请将上列名称、型号和委托人与所持产品核对", "Compare the name, model and holder above with the product in your hands")
			b.checkPage("redteam92-" + c.name)
		}
	})
}

// Ensure the verification page's title, which a chat app's link preview
// and WeChat's in-app browser show in place of the page, says the status
// and the number first (red team 92): a link to a withdrawn certificate's
// genuine page, sent in a chat, previewed as "产品碳足迹证书验证
// Certificate verification · 成都市产品碳足迹公共服务平台" under the genuine
// host, the same as a valid one's, and a failed lookup's the same again.
func TestRedteam92_TitleSaysTheStatus(t *testing.T) {
	st, fx, valid := withdrawnAndValid(t, "GEC-RT92-T")
	title := func(path string) string {
		t.Helper()
		return strings.TrimPrefix(cut(t, getHTML(t, st.srv, path).Body.String(), "<title>", "</title>"), "<title>")
	}
	for _, tt := range []struct{ path, want string }{
		{"/v1/certificates/" + fx.cert + "/verify", "撤销 Withdrawn · " + fx.number + " · 产品碳足迹证书验证"},
		{"/certificates/" + fx.number, "撤销 Withdrawn · " + fx.number + " · 产品碳足迹证书验证"},
		{"/v1/certificates/" + valid.CertificateID + "/verify", "有效 Valid · " + valid.Number + " · 产品碳足迹证书验证"},
		{"/certificates/CDPCF-2026-999999", "未找到该编号的证书:此标识可能是伪造的。No certificate has this number: the label may not be genuine. · 产品碳足迹证书验证"},
		{"/v1/certificates/00000000-0000-4000-8000-000000000000/verify", "未找到该证书:此标识可能是伪造的。No certificate has this ID: the label may not be genuine. · 产品碳足迹证书验证"},
	} {
		if got := title(tt.path); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: title %q, want it to begin %q", tt.path, got, tt.want)
		}
	}
}

// Ensure the registry says beside the figure of a certificate that is not
// valid that the figure may not be claimed, as its verification page does
// (red team 92): a withdrawn or superseded certificate's row gave its
// figure, "2026-03-02 至 to 2028-03-02" and its holder as a valid one's
// row does, its status in a badge at the row's other end on a desktop.
func TestRedteam92_RegistrySaysAVoidFigure(t *testing.T) {
	st, fx, valid := withdrawnAndValid(t, "GEC-RT92-R")
	body := getHTML(t, st.srv, "/certificates").Body.String()
	row := func(number string) string { t.Helper(); return cut(t, body, ">"+number+"</a>", "</tr>") }
	const void = `证书无效,此数值不得用于声明`
	if r := row(fx.number); !strings.Contains(r, void) || !strings.Contains(r, "Not valid: this figure may not be claimed") {
		t.Errorf("withdrawn row lacks the void line: %s", r)
	}
	if r := row(valid.Number); strings.Contains(r, void) {
		t.Errorf("valid row says its figure is void: %s", r)
	}
}

// Ensure the registry, opened from a link, says on its first screen that
// a list of certificates verifies no label (red team 92): a forger's label
// printed a QR code to the genuine registry's search for the holder it
// imitates, "/certificates?holder=示例组件厂&status=valid", which opened
// on the genuine host a list of that holder's certificates each marked
// "有效 Valid", none of them the product's; a genuine label's QR code opens
// one certificate's page.
func TestRedteam92_RegistryIsNoVerification(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	inBrowsers(t, st, "/certificates?holder=%E7%A4%BA%E4%BE%8B%E7%BB%84%E4%BB%B6%E5%8E%82&status=valid", func(t *testing.T, b *browser) {
		b.mustContain("有效 Valid", "示例组件厂")
		got := evalIn[string](b, `(() => { const e = document.querySelector("#not-a-verification");
			return !e ? "missing" : e.getBoundingClientRect().bottom <= innerHeight ? e.innerText.replace(/\s+/g, " ") : "below the first screen" })()`)
		for _, want := range []string{"此列表不验证任何标识", "正品标识的二维码只打开一张证书的验证页", "This list verifies no label", "a genuine label's QR code opens the verification page of one certificate"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: the registry's note: %q, want it on the first screen with %q", b.vp.Name, got, want)
			}
		}
		b.checkPage("redteam92-registry-search")
	})
}

// Ensure the end of validity, now among the first rows of the page, says
// of a certificate that is not valid that it is not valid now (red team
// 92): "有效期至 Valid until 2028-03-02" of a withdrawn certificate read as a
// verdict beside the figure.
func TestRedteam92_ValidUntilOfAVoidCertificate(t *testing.T) {
	st, fx, valid := withdrawnAndValid(t, "GEC-RT92-U")
	cell := func(id string) string {
		t.Helper()
		return cut(t, verifyPageOf(t, st.srv, id), `<td id="expires">`, "</td>")
	}
	if got := cell(fx.cert); !strings.Contains(got, "现已无效") || !strings.Contains(got, "Not valid now") {
		t.Errorf("withdrawn: %s", got)
	}
	if got := cell(valid.CertificateID); strings.Contains(got, "无效") {
		t.Errorf("valid: %s", got)
	}
}

// withdrawnAndValid is a seeded stack with the fixture's certificate
// withdrawn and another of the demo study, of serial, issued valid.
func withdrawnAndValid(t *testing.T, serial string) (*stack, fixture, issueData) {
	t.Helper()
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	valid := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, serial)), "")), 201)
	st.setStatus(t, fx.cert, "withdraw", "falsified electricity data")
	return st, fx, valid
}

// cut returns the part of page from the first open up to the next close
// (without it), failing the test when page holds no open.
func cut(t *testing.T, page, open, close string) string {
	t.Helper()
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatalf("page lacks %q", open)
	}
	j := strings.Index(page[i:], close)
	if j < 0 {
		t.Fatalf("page lacks %q after %q", close, open)
	}
	return page[i : i+j]
}

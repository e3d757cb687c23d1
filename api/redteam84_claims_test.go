package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red team 84: the demo module study with a product text stating another
// certification ("Demo Module Carbon Trust certified", "示例组件 已认证"), an
// endorsement ("示例组件 成都市生态环境局推荐"), a comparison ("示例组件
// 比行业平均低30%") was stored and applied for (201), and the certificate would print the text
// under the certified figure. Ensure the service refuses each with 400
// invalid naming the field, Chinese first, when the study is stored or at
// the latest when it is applied for, and that the demo study is still
// applied for.
func TestRedteam84_OtherCertificationsEndorsementsComparisonsRefused(t *testing.T) {
	st := newSeededStack(t)
	for i, tc := range []struct{ field, key, text string }{
		{"product.name", "name", "Demo Module Carbon Trust certified"},
		{"product.name_zh", "name_zh", "示例组件 已认证"},
		{"product.name_zh", "name_zh", "示例组件 成都市生态环境局推荐"},
		{"product.name_zh", "name_zh", "示例组件 比行业平均低30%"},
		{"product.name", "name", "Demo Module 30 % lower than industry average"},
		{"", "", ""}, // the demo study itself: applied for
	} {
		t.Run(tc.field+"/"+tc.text, func(t *testing.T) {
			serial := "GEC-RT84-" + string(rune('A'+i))
			doc := mustDoc(t, pvStudy(t, serial))
			if tc.key != "" {
				doc["product"].(map[string]any)[tc.key] = tc.text
			}
			body, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body})
			if rec.Code == 201 {
				id := MustData[studyData](t, rec, 201).ID
				rec = st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
					body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)})
			}
			if tc.field == "" {
				MustData[appData](t, rec, 201)
				return
			}
			if rec.Code != 400 {
				t.Fatalf("%s %q: stored and applied for (%d), printed under the certified figure; want 400 invalid naming %s", tc.field, tc.text, rec.Code, tc.field)
			}
			e := MustError(t, rec, 400, "invalid")
			zh, en, _ := strings.Cut(e.Error.Message, "。")
			if e.Error.Field != tc.field || !strings.Contains(zh, tc.field+" 不得") || !strings.Contains(en, tc.field+" may not") {
				t.Errorf("%s %q: field %q, message %q; want the field named, Chinese first", tc.field, tc.text, e.Error.Field, e.Error.Message)
			}
		})
	}
}

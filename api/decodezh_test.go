package api_test

import (
	"strings"
	"testing"
)

// Ensure a body that does not decode is refused in Chinese and in English,
// one message with the Chinese first as the service's bilingual errors
// are, the Chinese naming the member at fault (field) and what it wants:
// a number for a string, a string for a number, an array for an object, a
// member the route does not take, a member given twice, JSON cut short,
// null, data after the object; in a request body and in a study document
// (POST /v1/studies, the study reader). The English stays what it was.
func TestDecodeErrors_InChineseAndEnglish(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	products, reject, studies := "/v1/products", "/v1/applications/"+fx.app+"/reject", "/v1/studies"
	for _, tt := range []struct {
		name, target, as, body string
		field                  string
		zh, en                 string
	}{
		{"NumberForString", products, asMaker, `{"name":5}`, "name", "字段 name 须为字符串,收到的是数字", "want a string, got number"},
		{"NumberInArray", reject, asCert, `{"reasons":["ok",7]}`, "reasons[1]", "字段 reasons[1] 须为字符串,收到的是数字", "want a string, got number"},
		{"StringForNumber", products, asMaker, `{"name":"A","mass_kg":"1.5"}`, "mass_kg", "字段 mass_kg 须为数字,收到的是字符串", "want a number, got string"},
		{"ArrayForObject", products, asMaker, `[{"name":"A"}]`, "", "JSON 格式错误:须为对象,收到的是数组", "want an object, got array"},
		{"ObjectForArray", reject, asCert, `{"reasons":{"a":"b"}}`, "reasons", "字段 reasons 须为数组,收到的是对象", "want an array, got object"},
		{"UnknownField", products, asMaker, `{"name":"A","colour":"red"}`, "colour", "未知字段 \"colour\"", "unknown field \"colour\""},
		{"CaseOfAName", products, asMaker, `{"NAME":"A"}`, "NAME", "未知字段 \"NAME\"(字段名区分大小写)", "unknown field \"NAME\" (member names are case-sensitive)"},
		{"GivenTwice", products, asMaker, `{"name":"A","name":"B"}`, "name", "字段 \"name\" 出现了两次", "member \"name\" is given twice"},
		{"CutShort", products, asMaker, `{"name":"A"`, "", "JSON 格式错误:请求体不完整", "the body ends early"},
		{"Syntax", products, asMaker, `{"name":"A",}`, "", "JSON 格式错误(第 13 字节处)", "malformed JSON at offset 13"},
		{"Null", products, asMaker, `null`, "", "请求体须为 JSON 对象,不能是 null", "must be a JSON object, not null"},
		{"AfterTheObject", products, asMaker, `{"name":"A"} {}`, "", "JSON 格式错误:对象结束后还有数据", "data after the end of the object"},
		// A study document, read by the study reader (jsondoc).
		{"StudyNumberForString", studies, asMaker, `{"format":"pcf-study/1","rule":5}`, "rule", "字段 rule 须为字符串,收到的是 JSON 数字", "want a string, got JSON number (line 1, column 32)"},
		{"StudyStringForNumber", studies, asMaker, `{"format":"pcf-study/1","reference_output":"5"}`, "reference_output", "字段 reference_output 须为数字,收到的是 JSON 字符串", "want a number, got JSON string"},
		{"StudyArrayForObject", studies, asMaker, `{"format":"pcf-study/1","product":[]}`, "product", "字段 product 须为 JSON 对象,收到的是 JSON 数组", "want a JSON object, got JSON array"},
		{"StudyUnknownField", studies, asMaker, `{"format":"pcf-study/1","colour":"x"}`, "colour", "未知字段 colour(第 1 行第 25 列附近)", "unknown field (near line 1, column 25)"},
		{"StudyCutShort", studies, asMaker, "{\"format\":\"pcf-study/1\",\n\"rule\":", "line 2, column 8", "文档在第 2 行第 8 列提前结束", "document ends early"},
		{"StudyNull", studies, asMaker, `null`, "", "研究文档须为 JSON 对象,不能是 null", "study document must be a JSON object, not null"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := MustError(t, st.do(t, request{method: "POST", target: tt.target, as: tt.as, contentType: "application/json", body: []byte(tt.body)}), 400, "invalid")
			zh, en, ok := strings.Cut(e.Error.Message, "。")
			if e.Error.Field != tt.field || !ok || !strings.Contains(zh, tt.zh) || !strings.Contains(en, tt.en) {
				t.Errorf("%s: field %q, message %q; want field %q, Chinese with %q, then English with %q", tt.body, e.Error.Field, e.Error.Message, tt.field, tt.zh, tt.en)
			}
		})
	}
}

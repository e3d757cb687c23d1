package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// Ensure every refusal of a query parameter says why in Chinese and
// English, naming the parameter, as the body's errors do: an unknown,
// repeated or empty parameter, a limit of 0 or out of range, a negative
// offset, a value of the wrong type and a year of 0 were worded in
// English only.
func TestQueryErrors_InChineseAndEnglish(t *testing.T) {
	st := newSeededStack(t)
	for _, tt := range []struct {
		target, field, zh, en string
	}{
		{"/v1/certificates?colour=red", "colour", "未知的查询参数", `unknown query parameter "colour"`},
		{"/v1/certificates?status=valid&status=withdrawn", "status", "给出了 2 次", `query parameter "status" is given 2 times`},
		{"/v1/certificates?status=", "status", "没有值", `query parameter "status" has no value`},
		{"/v1/certificates?limit=0", "limit", "至少为 1", "limit must be at least 1"},
		{"/v1/certificates?limit=1001", "limit", "须在 1 到 1000 之间", "limit must be between 1 and 1000"},
		{"/v1/products?offset=-1", "offset", "不得为负数", "offset must not be negative"},
		{"/v1/products?limit=two", "limit", "的值 \"two\" 无效", `invalid value "two"`},
		{"/v1/factors?year=0", "year", "须为年份", "year must be a year"},
	} {
		e := MustError(t, st.do(t, request{method: "GET", target: tt.target, as: asReg}), http.StatusBadRequest, "invalid")
		if e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.zh) || !strings.Contains(e.Error.Message, tt.en) ||
			strings.Index(e.Error.Message, tt.zh) > strings.Index(e.Error.Message, tt.en) {
			t.Errorf("%s: field %q, message %q; want field %q, %q then %q", tt.target, e.Error.Field, e.Error.Message, tt.field, tt.zh, tt.en)
		}
	}
}

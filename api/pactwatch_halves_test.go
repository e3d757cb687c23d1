package api_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// Ensure a certificate flagged because its supplier's host now serves a
// later version the store refuses says the store's refusal in each
// language in its half: the refusal, bilingual itself, was appended whole
// to both the Chinese and the English of the host's answer, so the
// English of the alert carried Chinese and the Chinese English.
func TestPACTRecheck_RefusedLaterVersionInEachLanguage(t *testing.T) {
	const id = "77f2e8c9-3f4a-4c5d-9e0f-0a8b7c6d5e4f"
	original := supplierDocV2(id, 1, "4.2")
	// A later version of a reference period that has not ended (the
	// stack's clock reads 2026-03-02): the store refuses it.
	later := bytes.Replace(supplierDocV2(id, 2, "2.1"), []byte(`"referencePeriodEnd":"2025-01-01T00:00:00Z"`), []byte(`"referencePeriodEnd":"2026-06-01T00:00:00Z"`), 1)
	host, ts := newWatchedHost(t, id, original)
	st := newSeededStack(t)
	st.fetchFrom(t, ts, "frames", id)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-LEFT-WATCH", "pact:"+id)), "")), 201).CertificateID
	host.serving.Store(&later)
	if res, err := st.srv.RecheckPACTHosts(context.Background()); err != nil || res.Errors != 0 {
		t.Fatalf("RecheckPACTHosts: %+v, %v", res, err)
	}
	type row struct {
		ID     string `json:"id"`
		Change *struct {
			Message string `json:"message"`
		} `json:"supplier_footprint_change"`
	}
	rows := MustData[[]row](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&flagged=true", as: asReg}), 200)
	i := slices.IndexFunc(rows, func(r row) bool { return r.ID == cert })
	if i < 0 || rows[i].Change == nil {
		t.Fatalf("the certificate is not flagged: %+v", rows)
	}
	msg := rows[i].Change.Message
	zh, en, ok := strings.Cut(msg, "。The supplier footprint ")
	if !ok {
		t.Fatalf("message %q, want its Chinese, then its English", msg)
	}
	if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(en, "reference period 2024-01-01/2026-05-31 has not ended") {
		t.Errorf("English %q, want the store's refusal in English, and no Chinese", en)
	}
	if !strings.Contains(zh, "该足迹的数据期间 2024-01-01/2026-05-31 尚未结束") || strings.Contains(zh, "has not ended") {
		t.Errorf("Chinese %q, want the store's refusal in Chinese, and no English", zh)
	}
}

package api_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

// Ensure a genuine certificate stays verifiable when the record of its
// successor holds another certificate's signed content (the store's 409
// on signature, red team 52's forger): its verify answer was the 409 of
// the neighbour's record, so a person scanning a sound certificate's label
// was told not to rely on it. It answers for itself, its signature
// checked, superseded_by the ID it records, and no number for the
// successor, whose record does not hold its own content; the failure is
// logged, naming both.
func TestSwap_VerifyAnswerOfACertificateWhoseSuccessorIsSwapped(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	next := reissueElsewhere(t, st, fx)
	st.refuseCertificates(next.CertificateID)
	var log bytes.Buffer
	was := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	t.Cleanup(func() { slog.SetDefault(was) })

	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"})
	if rec.Code != 200 {
		t.Fatalf("verify %s, its successor %s's record swapped: %d %s, want 200: the certificate's own record is sound", fx.number, next.Number, rec.Code, rec.Body)
	}
	v := MustData[struct {
		verifyData
		SupersededByNumber string `json:"superseded_by_number"`
	}](t, rec, 200)
	if !v.SignatureValid || v.Status != "superseded" || v.SupersededBy != next.CertificateID || v.SupersededByNumber != "" {
		t.Errorf("verify %s: %+v, want its own answer, superseded by %s with no number", fx.number, v, next.CertificateID)
	}
	if !strings.Contains(log.String(), fx.cert) || !strings.Contains(log.String(), next.CertificateID) {
		t.Errorf("log %q: want the neighbour's failure logged naming both", log.String())
	}
}

// Ensure a preview (POST /v1/calculations) on a supplier certificate that
// is valid but that the issue would refuse says so at the supplier's line,
// English in message and Chinese in message_zh (session 41): flagged, its
// predecessor withdrawn for cause (red team 26's move), or issued with an
// API key no former key of its body vouched for (red team 49's). The
// preview computed on its figure with no word, and the manufacturer
// learned of it only when the issue was refused (409 suppliers).
func TestSwap_PreviewWarnsOfAHeldSupplier(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	flagged := reissueElsewhere(t, st, fx)
	rt26Withdraw(t, st, fx.cert)
	unvouched := rt49IssueUnvouched(t, st, "GEC-SWAP-UV")
	for _, c := range []struct {
		what, number string
		en, zh       string
	}{
		{"flagged, its predecessor withdrawn", flagged.Number, "earlier in its lineage, was withdrawn", "被撤销"},
		{"issued with an unvouched key", unvouched.Number, "which no former key of its certification body has vouched for", "未经机构担保"},
	} {
		rec := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: buyerStudy(t, "GEC-SWAP-B", c.number)})
		res := MustData[struct {
			Result struct {
				Warnings []struct {
					Path      string `json:"path"`
					Message   string `json:"message"`
					MessageZH string `json:"message_zh"`
				} `json:"warnings"`
			} `json:"result"`
		}](t, rec, 200)
		n := 0
		for _, w := range res.Result.Warnings {
			if !strings.Contains(w.Message, "supplier certificate "+c.number) {
				continue
			}
			n++
			if !strings.HasSuffix(w.Path, ".supplier") || !strings.Contains(w.Message, c.en) || !strings.Contains(w.MessageZH, c.zh) || !strings.Contains(w.MessageZH, c.number) ||
				strings.ContainsFunc(w.Message, func(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }) {
				t.Errorf("%s: warning %+v, want at the supplier line, English in message (%q), Chinese in message_zh (%q)", c.what, w, c.en, c.zh)
			}
		}
		if n != 1 {
			t.Errorf("preview on supplier certificate %s (%s): %d warnings naming it, want 1: %+v", c.number, c.what, n, res.Result.Warnings)
		}
	}
}

// Ensure storing a study on a supplier certificate the issue would refuse
// (here flagged: its predecessor withdrawn) answers with the warning at
// the supplier's line, and so does reading the study, outside the stored
// result (supplier_warnings): the result is recalculated byte for byte
// and its digest is signed, and the flag can be lifted by a review
// tomorrow; the study's owner learns before applying, not at the issue.
func TestSwap_StoredStudyWarnsOfAHeldSupplier(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	flagged := reissueElsewhere(t, st, fx)
	rt26Withdraw(t, st, fx.cert)
	type answer struct {
		ID               string          `json:"id"`
		Result           json.RawMessage `json:"result"`
		SupplierWarnings []struct {
			Path      string `json:"path"`
			Message   string `json:"message"`
			MessageZH string `json:"message_zh"`
		} `json:"supplier_warnings"`
	}
	check := func(what string, a answer) {
		t.Helper()
		if n := len(a.SupplierWarnings); n != 1 || !strings.Contains(a.SupplierWarnings[0].Message, "supplier certificate "+flagged.Number+" is flagged") ||
			!strings.Contains(a.SupplierWarnings[0].MessageZH, "已被标记") || a.SupplierWarnings[0].Path != "bom[2].supplier" {
			t.Errorf("%s: supplier warnings %+v, want one, bilingual, at bom[2].supplier naming %s", what, a.SupplierWarnings, flagged.Number)
		}
		if strings.Contains(string(a.Result), "is flagged") {
			t.Errorf("%s: the stored result carries the warning", what)
		}
	}
	created := MustData[answer](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: buyerStudy(t, "GEC-SWAP-S", flagged.Number)}), 201)
	check("stored", created)
	check("read", MustData[answer](t, st.do(t, request{method: "GET", target: "/v1/studies/" + created.ID, as: asMaker}), 200))
	// The workbench's study page shows them above the application form.
	page := st.signedIn(t, asMaker).get("/work/studies/" + created.ID).Body.String()
	if i, j := strings.Index(page, `id="supplier-warnings"`), strings.Index(page, `id="apply"`); i < 0 || j < i ||
		!strings.Contains(page[i:j], flagged.Number) || !strings.Contains(page[i:j], "已被标记") {
		t.Errorf("study page: no supplier warning naming %s, in both languages, above the application form", flagged.Number)
	}
}

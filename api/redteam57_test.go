package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// Red team 57: an issue's authorised signatory that the certificate must
// not print is refused, 400 naming signatory, in Chinese and English, and
// nothing is issued: a direction override (U+202E) or a zero-width
// character in the name, a name followed by a gap and another field's
// words ("有效期至 2099-12-31" under the signature reads as a validity), a
// no-break or ideographic space, a control character (refused before, but
// naming certifier.signatory, in the certificate's check), a name too long.
// On the base the first five were issued (201) and signed as given.
func TestRedteam57_SignatoryRefusedWhenNotAName(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	for _, name := range []string{
		"Wang\u202eLi", "Wang\u200bLi", "Wang\ufeffLi", "Wang Li  有效期至 2099-12-31", "Wang Li 有效期至 2099-12-31",
		"Wang\u00a0Li", "王\u3000丽", "Wang\tLi", "Wang\nLi", strings.Repeat("王", 101),
	} {
		b, _ := json.Marshal(map[string]string{"signatory": name})
		e := MustError(t, st.do(t, st.issueReq(t, fx.app, string(b))), 400, "invalid")
		if e.Error.Field != "signatory" || !strings.Contains(e.Error.Message, "授权签字人") || !strings.Contains(e.Error.Message, "signatory ") {
			t.Errorf("%q: %+v, want signatory named, in Chinese and English", name, e.Error)
		}
		if a := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200); a.Status != "pending" {
			t.Fatalf("%q: application %s after a refused issue", name, a.Status)
		}
	}
	// A name of 100 characters, and one of two words, are a signatory.
	long := strings.Repeat("王", 100)
	if utf8.RuneCountInString(long) != 100 {
		t.Fatal("bad fixture")
	}
	b, _ := json.Marshal(map[string]string{"signatory": " Wang Li "})
	MustData[issueData](t, st.do(t, st.issueReq(t, fx.app, string(b))), 201)
	st2 := newSeededStack(t)
	fx2 := st2.seedFixture(t, "")
	b, _ = json.Marshal(map[string]string{"signatory": long})
	MustData[issueData](t, st2.do(t, st2.issueReq(t, fx2.app, string(b))), 201)
}

// Red team 57: a supplier's PACT host flip-flopping between the periodic
// re-reads, serving another document under the footprint's id and version
// at one pass and the stored one at the next, does not clear the flag of
// the certificates resting on it: a data owner that changed a footprint
// under a fixed version, or withdrew it, for a while is the certifier's to
// judge. On the base the second pass removed the record and the
// certificate left the flagged queue unreviewed. The review clears it; a
// change after the review flags it again.
func TestRedteam57_PACTHostFlipFlopKeepsTheFlag(t *testing.T) {
	const id = "57d0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	original := supplierDocV2(id, 1, "4.2")
	changed := supplierDocV2(id, 1, "2.1")
	host, ts := newWatchedHost(t, id, original)
	st := newSeededStack(t)
	st.registerSupplier(t, ts, "frames", ts.URL)
	MustData[any](t, st.fetchPACT(t, asMaker, "frames", id), 201)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT57-FLIP", "pact:"+id)), "")), 201).CertificateID
	flagged := func() bool {
		rows := MustData[[]struct {
			ID string `json:"id"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&flagged=true", as: asReg}), 200)
		for _, r := range rows {
			if r.ID == cert {
				return true
			}
		}
		return false
	}
	pass := func(doc *[]byte) {
		t.Helper()
		host.serving.Store(doc)
		if res, err := st.srv.RecheckPACTHosts(context.Background()); err != nil || res.Asked != 1 || res.Errors != 0 {
			t.Fatalf("RecheckPACTHosts: %+v %v", res, err)
		}
	}
	pass(&changed)
	if !flagged() {
		t.Fatal("the host serving another document: the certificate is not flagged")
	}
	pass(&original)
	if !flagged() {
		t.Fatal("the host serving the stored document again cleared the flag without the certifier's review")
	}
	pass(&changed)
	pass(&original)
	if !flagged() {
		t.Fatal("a second flip-flop cleared the flag")
	}
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + cert + "/review", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["supplier's host served another document for a while; the issued figure stands"]}`)}); rec.Code != http.StatusOK {
		t.Fatalf("the certifier's review: %d %.300s", rec.Code, rec.Body)
	}
	if pass(&original); flagged() {
		t.Fatal("flagged after the certifier's review, the host serving the stored document")
	}
	if pass(&changed); !flagged() {
		t.Fatal("the host changing the footprint again after the review: not flagged")
	}
}

package api_test

import (
	"strings"
	"testing"
	"time"
)

// Ensure a certificate is issued only on the review the certifier read
// (red team 13: the issue took {"signatory":…} alone, and a certificate was
// issued at 75.7 kgCO2e whose review, fetched afterwards, held three
// warnings). An issue without the review's digest is refused naming
// review_digest, one after the review changed is a conflict, and neither
// writes anything; an issue naming the current review succeeds and the
// audit trail records which review it was. The signed-in page's form
// carries the digest.
func TestServer_IssueNamesTheReviewRead(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications/" + fx.app + "/issue", as: asCert,
		contentType: "application/json", body: []byte(`{"signatory":"Zhang San"}`)}), 400, "invalid")
	if e.Error.Field != "review_digest" {
		t.Fatalf("issue without the review's digest: %+v", e)
	}
	digestOf := func() string {
		return MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200).Review.Digest
	}
	read := st.issueReq(t, fx.app, `{"signatory":"Zhang San"}`)
	digest := digestOf()
	if len(digest) != 32 {
		t.Fatalf("review digest %q", digest)
	}
	page := st.signedIn(t, asCert).get("/work/applications/" + fx.app)
	mustWorkPage(t, page, 200, `name="review_digest" value="`+digest+`"`)

	// The review changes: three years on, the study's reference period
	// is older than a certificate's validity (a new warning).
	now := st.srv.Now
	st.srv.Now = func() time.Time { return now().AddDate(3, 0, 0) }
	if digestOf() == digest {
		t.Fatal("the review's digest did not change with its warnings")
	}
	e = MustError(t, st.do(t, read), 409, "conflict")
	if e.Error.Field != "review_digest" || !strings.Contains(e.Error.Message, "read the review again") || strings.Contains(e.Error.Message, digestOf()) {
		t.Fatalf("issue on a changed review: %+v (the answer must not give the current digest)", e)
	}
	st.srv.Now = now
	if got := st.certs.auditCount(); got != before {
		t.Fatalf("audit events %d → %d after refused issues", before, got)
	}
	if a := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200); a.Status != "pending" {
		t.Fatalf("application %s after refused issues", a.Status)
	}

	issued := MustData[issueData](t, st.do(t, read), 201)
	events := MustData[[]struct {
		Action string `json:"action"`
		Detail string `json:"detail"`
	}](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=certificate/" + issued.CertificateID, as: asReg}), 200)
	if len(events) != 1 || !strings.Contains(events[0].Detail, "after review "+digest) {
		t.Fatalf("audit of the issue: %+v", events)
	}
	// Another application of the same study's kind reads alike, but its
	// digest is its own (user check: a review read for one application
	// issued another); a value not of a digest's form is bad input.
	other := st.apply(t, st.submit(t, "GEC-DIGEST-OTHER"))
	if MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + other, as: asCert}), 200).Review.Digest == digest {
		t.Fatal("two applications share a review digest")
	}
	for _, tt := range []struct {
		digest string
		status int
	}{{digest, 409}, {"zz", 400}} {
		rec := st.do(t, request{method: "POST", target: "/v1/applications/" + other + "/issue", as: asCert, contentType: "application/json",
			body: []byte(`{"review_digest":"` + tt.digest + `"}`)})
		if e := MustError(t, rec, tt.status, map[int]string{400: "invalid", 409: "conflict"}[tt.status]); e.Error.Field != "review_digest" {
			t.Errorf("%q: %+v", tt.digest, e)
		}
	}
}

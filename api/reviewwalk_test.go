// Tests of what the certifier's review says when its walk back over the
// lineage, for an earlier study to compare the study's output with, stops
// without one (rv56).

package api_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// rv56Certs is the store, giving the review's records with the walk's stop
// changed by edit (nil: as the store read it).
type rv56Certs struct {
	realCerts
	edit func(r *certification.ReviewRecords)
}

func (c *rv56Certs) FindReviewRecords(ctx context.Context, a *certification.Application, st *footprint.Study) (*certification.ReviewRecords, error) {
	r, err := c.realCerts.FindReviewRecords(ctx, a, st)
	if err == nil && c.edit != nil {
		c.edit(r)
	}
	return r, err
}

// rv56LongLineage certifies red team 91's module of model for 2025 at
// 500,000 modules with its green certificates (A), supersedes it with the
// same 2025 study claiming no instruments at 154,250 modules (B), and has
// that study certified again n−1 times, each superseding the last: A and
// the last certificate, n certificates after A.
func (st *stack) rv56LongLineage(t *testing.T, model string, n int) (certA, last issueData) {
	t.Helper()
	a, _ := rt77Store(t, st, rt91Module(t, model, 500000))
	certA = MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, a), "")), 201)
	plain := rt91Module(t, model, 154250)
	delete(plain["electricity"].([]any)[0].(map[string]any), "instruments")
	b, _ := rt77Store(t, st, plain)
	last = certA
	for range n {
		last = st.supersede(t, b, last.CertificateID, "")
	}
	return certA, last
}

// Ensure the review names a walk back over the lineage that stopped at
// certification.EarlierStudyWalk certificates without finding the study to
// compare the study's output with: the demo module certified for 2025 at
// 500,000 modules with its green certificates (A), then 65 certificates of
// the same 2025 study claiming none at 154,250 modules, then the study
// with the instruments again at 154,250 (C): reviewer 55's lineage, one
// certificate longer than the walk. C's review said nothing of the output
// nor of the walk: it read 64 certificates and stopped without a word. Now
// it warns at supersedes, code earlier_study_walk_stopped, in both
// languages, saying how far it read and why it stopped. With 64
// certificates between them, A is found and the output compared, as
// reviewer 55's test has it with one.
func TestReview_EarlierWalkStoppedAtTheLimitNamed(t *testing.T) {
	st := newSeededStack(t)
	certA, last := st.rv56LongLineage(t, "DEMO-M10-RV56", certification.EarlierStudyWalk+1)
	c, res := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV56", 154250))
	app := st.applySuperseding(t, c, last.CertificateID)
	v := st.review(t, app)
	if ws := reviewWarningsWith(v, "reference_output", certA.Number); len(ws) != 0 {
		t.Fatalf("the premise: the walk does not reach %s; warnings %+v", certA.Number, ws)
	}
	read := strconv.Itoa(certification.EarlierStudyWalk)
	ws := reviewWarningsWith(v, "supersedes", last.Number, "it read "+read+" certificates before", "reads at most "+read, "读取了 "+read+" 份证书", "至多读取 "+read+" 份证书")
	if len(ws) != 1 || ws[0].Code != "earlier_study_walk_stopped" {
		t.Errorf("C (2025, 154,250 modules, with the instruments, %s kgCO2e) superseding the 65th certificate without them after A (2025, 500,000, with them): warnings %+v, want one at supersedes, code earlier_study_walk_stopped, saying the walk read %s certificates and stopped at the limit, in both languages",
			footprint.FormatKgCO2e(res.KgCO2e), v.Review.Warnings, read)
	}
}

// Ensure the review's digest covers the walk's stop: a certifier who read
// the review before it named the stop (a store whose walk stopped without
// a word, as before rv56) is refused the issue with that digest, 409
// naming review_digest, and issues with the digest of the review naming
// it. Reviewer 55's lineage with the certificate before B moved out of
// this store's reach: the walk reads B's record and stops, the certificate
// it supersedes not stored.
func TestReview_EarlierWalkStopInTheDigest(t *testing.T) {
	st := newSeededStack(t)
	_, certB := st.rev55SupersededWithoutInstruments(t, "DEMO-M10-RV56D", 154250)
	c, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV56D", 154250))
	app := st.applySuperseding(t, c, certB.CertificateID)
	certs := &rv56Certs{realCerts: st.certs}
	st.srv.CertificationService = certs
	// The store found A, and compared: a stop is made of B's record, as a
	// store without A would read it.
	certs.edit = func(r *certification.ReviewRecords) {
		if r.EarlierCertificate == nil {
			t.Fatal("the premise: the walk finds A")
		}
		r.EarlierWalk = &certification.EarlierWalkStop{Why: certification.EarlierWalkNotStored, Read: 0, Last: r.Superseded.Certificate(), Next: r.EarlierCertificate.ID}
		r.EarlierCertificate, r.EarlierStudy = nil, nil
	}
	v := st.review(t, app)
	ws := reviewWarningsWith(v, "supersedes", "not in this service's store", "不在本服务的存储中", certB.Number)
	if len(ws) != 1 || ws[0].Code != "earlier_study_walk_stopped" {
		t.Fatalf("the walk stopped, the certificate before B not stored: warnings %+v, want one at supersedes, code earlier_study_walk_stopped", v.Review.Warnings)
	}
	// The same review as a store without the stop's word gives it.
	certs.edit = func(r *certification.ReviewRecords) {
		r.EarlierWalk, r.EarlierCertificate, r.EarlierStudy = nil, nil, nil
	}
	silent := MustData[struct {
		Review struct{ Digest string } `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200).Review.Digest
	certs.edit = func(r *certification.ReviewRecords) {
		r.EarlierWalk = &certification.EarlierWalkStop{Why: certification.EarlierWalkNotStored, Read: 0, Last: r.Superseded.Certificate(), Next: r.EarlierCertificate.ID}
		r.EarlierCertificate, r.EarlierStudy = nil, nil
	}
	rec := st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert, contentType: "application/json",
		body: []byte(`{"signatory":"Zhang San","review_digest":"` + silent + `"}`)})
	if rec.Code != 409 || !strings.Contains(rec.Body.String(), "review_digest") {
		t.Errorf("issue with the digest of the review saying nothing of the walk's stop: %d %s, want 409 naming review_digest", rec.Code, rec.Body)
	}
	MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
}

// Ensure the review says, in both languages, why the walk stopped at a
// cycle (a lineage leading back into itself, which only an edited or
// forged record holds) and at a certificate whose study it could not
// read, as the store reports them (factordb's TestWalkEarlier and
// TestFindReviewRecords_EarlierWalkLeavesTheStore): reviewer 55's lineage,
// the stop made of B's record and A's.
func TestReview_EarlierWalkStopWords(t *testing.T) {
	st := newSeededStack(t)
	certA, certB := st.rev55SupersededWithoutInstruments(t, "DEMO-M10-RV56W", 154250)
	c, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV56W", 154250))
	app := st.applySuperseding(t, c, certB.CertificateID)
	certs := &rv56Certs{realCerts: st.certs}
	st.srv.CertificationService = certs
	for _, tc := range []struct {
		name  string
		stop  func(r *certification.ReviewRecords) *certification.EarlierWalkStop
		words []string
	}{
		{"cycle", func(r *certification.ReviewRecords) *certification.EarlierWalkStop {
			return &certification.EarlierWalkStop{Why: certification.EarlierWalkCycle, Read: 1, Last: r.EarlierCertificate, Next: r.Superseded.Certificate().ID}
		}, []string{"read 1 certificate before", "leads back into itself", certA.Number, "首尾相接", "读取了 1 份证书"}},
		{"study changed", func(r *certification.ReviewRecords) *certification.EarlierWalkStop {
			return &certification.EarlierWalkStop{Why: certification.EarlierWalkStudyUnread, Read: 1, Last: r.EarlierCertificate, StudyUnread: certification.SupersededStudyChanged}
		}, []string{"is the one to compare with", "stored other than the certificate signed it", certA.Number, "应与之比较的是证书 " + certA.Number, "与该证书签名时不同"}},
	} {
		certs.edit = func(r *certification.ReviewRecords) {
			r.EarlierWalk = tc.stop(r)
			r.EarlierCertificate, r.EarlierStudy = nil, nil
		}
		v := st.review(t, app)
		if ws := reviewWarningsWith(v, "supersedes", tc.words...); len(ws) != 1 || ws[0].Code != "earlier_study_walk_stopped" {
			t.Errorf("%s: warnings %+v, want one at supersedes, code earlier_study_walk_stopped, holding %q", tc.name, v.Review.Warnings, tc.words)
		}
	}
}

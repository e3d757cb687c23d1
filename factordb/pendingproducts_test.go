package factordb_test

import (
	"context"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// mustApplyTo stores a pending application of study st's owner, addressed
// to certifier.
func (s *services) mustApplyTo(tb testing.TB, st *footprint.Study, certifier string) *certification.Application {
	tb.Helper()
	app := &certification.Application{StudyID: st.ID, Manufacturer: st.Owner, Certifier: certifier}
	if err := s.certs.CreateApplication(context.Background(), app); err != nil {
		tb.Fatal(err)
	}
	return app
}

// mustRefuseIssueOnState fails unless an issue of pending application app
// on a review of state state (ReviewRecords.State) is refused ECONFLICT
// naming review_digest, the application still pending; it returns the
// issue request it made.
func (s *services) mustRefuseIssueOnState(tb testing.TB, app *certification.Application, state string) certification.IssueRequest {
	tb.Helper()
	req := issueReq
	req.ReviewState = state
	_, err := s.certs.IssueCertificate(context.Background(), app.ID, req)
	assertCode(tb, err, footprint.ECONFLICT)
	if footprint.ErrorField(err) != "review_digest" {
		tb.Fatalf("issue on records changed since the review: %v", err)
	}
	if a := mustFindApplication(tb, s, app.ID); a.Status != certification.ApplicationPending {
		tb.Fatalf("application %s after a refused issue", a.Status)
	}
	return req
}

// Ensure the review's records name the holder's pending application at
// another certification body of the same product under another model
// name (session 34), count it in the review's state, so that the issue
// transaction refuses an issue on a review read before it was made, and
// find it again in a database written before the index (built at Open).
func TestFindReviewRecords_ShoppedAtAnotherBody(t *testing.T) {
	ctx, s := mustStart(t)
	const otherBody = "Other Certification Centre"
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: otherBody, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-997"}); err != nil {
		t.Fatal(err)
	}
	model := func(m string) func(*footprint.Study) { return func(st *footprint.Study) { st.Product.Model = m } }
	st := s.MustCreateStudy(t, orgMaker, "GEC-SHOP-A", model("JM-550"))
	app := s.mustApplyTo(t, st, orgCertifier)
	read, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Shopped) != 0 {
		t.Fatalf("shopped before any other application: %+v", read.Shopped)
	}
	other := s.mustApplyTo(t, s.MustCreateStudy(t, orgMaker, "GEC-SHOP-B", model("JM550 Pro")), otherBody)
	now, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(now.Shopped) != 1 || now.Shopped[0].Application.ID != other.ID || now.Shopped[0].Model != "JM550 Pro" {
		t.Fatalf("shopped: %+v, want application %s of JM550 Pro", now.Shopped, other.ID)
	}
	// The demo module's specification ties them as well as the model
	// number.
	if got, want := now.Shopped[0].By, []string{certification.PendingByModel, certification.PendingBySpecification}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("by %v, want %v", got, want)
	}
	if now.State == read.State {
		t.Fatal("review state unchanged by a pending application of the same product at another body")
	}
	req := s.mustRefuseIssueOnState(t, app, read.State)

	mustRun(t, s.db, factordb.DropApplicationFilterIndex)
	mustRun(t, s.db, factordb.Init)
	again, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Shopped) != 1 || again.State != now.State {
		t.Fatalf("after the index is built at Open: %+v, state %s (was %s)", again.Shopped, again.State, now.State)
	}
	// A file of session 34 holds its entries without the specification
	// the review now reads from them (session 35): Open writes it.
	mustRun(t, s.db, factordb.BlankPendingProducts)
	if _, err := s.certs.FindReviewRecords(ctx, app, st); err == nil {
		t.Fatal("review on entries without their study's specification: no error")
	}
	mustRun(t, s.db, factordb.Init)
	if again, err = s.certs.FindReviewRecords(ctx, app, st); err != nil || len(again.Shopped) != 1 || again.State != now.State {
		t.Fatalf("after the entries are written again at Open: %+v, state %s (was %s), %v", again.Shopped, again.State, now.State, err)
	}
	mustRun(t, s.db, factordb.CheckApplicationFilterIndex)
	// Issued, the other application is no longer pending: its entries go
	// with it. Its certificate, valid at the other body, is named in their
	// place (red team 67: the review named nothing once the other body
	// issued, and this one issued beside it).
	req.ReviewState = ""
	issued, err := s.certs.IssueCertificate(ctx, other.ID, req)
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.CheckApplicationFilterIndex)
	after, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil || len(after.Shopped) != 1 || after.Shopped[0].Application.Status != certification.ApplicationIssued ||
		after.Shopped[0].Application.CertificateID != issued.Certificate().ID || after.Shopped[0].Model != "JM550 Pro" {
		t.Fatalf("after the other's issue: %+v (%v), want its certificate %s named", after, err, issued.Certificate().Number)
	}
	if after.State == now.State {
		t.Fatal("review state unchanged by the product certified at another body")
	}
}

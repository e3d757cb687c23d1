package factordb_test

import (
	"context"
	"slices"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a supersession tells a host that received the old footprint (a
// delivered Fulfilled answer) of the successor in the same Published
// event: it names the old footprint, Deprecated now, and the new one, whose
// precedingPfIds names the old; a host that received neither is told
// nothing. A later change of the successor (its suspension) reaches the
// host too. Before, the event named the old footprint only.
func TestPACTPublish3_SupersessionNamesTheSuccessor(t *testing.T) {
	ctx, s := mustStart(t)
	rec := s.MustIssue(t, "GEC-PP3-1")
	a := rec.Certificate().ID
	other := s.MustIssue(t, "GEC-PP3-2").Certificate().ID
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, a)
	s.mustDeliverFulfilled(t, "https://h2.test", 2, "Buyer GmbH", true, a)
	s.mustDeliverFulfilled(t, "https://h3.test", 3, "Other AG", false, other)

	b := s.MustSupersede(t, rec).Certificate().ID
	got := s.duePublished(t)
	if len(got) != 2 || got["https://h3.test"] != nil {
		t.Fatalf("Published events to %v, want h1 and h2", got)
	}
	for _, h := range []string{"https://h1.test", "https://h2.test"} {
		if !slices.Equal(got[h].PfIDs, sortedIDs(a, b)) {
			t.Fatalf("to %s: names %v, want %v (the superseded footprint and its successor)", h, got[h].PfIDs, sortedIDs(a, b))
		}
	}
	s.finishPublished(t)

	s.mustSetStatus(t, ctx, b, certification.CertificateSuspended, "review")
	got = s.duePublished(t)
	if len(got) != 2 || got["https://h3.test"] != nil || !slices.Equal(got["https://h1.test"].PfIDs, sortedIDs(b)) || !slices.Equal(got["https://h2.test"].PfIDs, sortedIDs(b)) {
		t.Fatalf("after the successor's suspension: Published events %v, want h1 and h2 naming %s", got, b)
	}
}

// Ensure a successor issued with a recovery key its body has not vouched
// for is not named at the supersession (the PACT API withholds it: its
// issuing key is the reissue's, whose audit event is written after the
// event is queued), and is named once the body vouches for the key.
func TestPACTPublish3_WithheldSuccessorNamedWhenServed(t *testing.T) {
	ctx, s := mustStart(t)
	rec := s.MustIssue(t, "GEC-PP3-3")
	a := rec.Certificate().ID
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, a)
	formerToken, recovery, p := s.mustRecoveryKey(t, ctx)

	app := &certification.Application{StudyID: rec.Certificate().StudyID, Manufacturer: rec.Manufacturer, Certifier: rec.Certifier, Supersedes: a}
	if err := s.certs.CreateApplication(context.Background(), app); err != nil {
		t.Fatal(err)
	}
	next, err := s.certs.IssueCertificate(access.NewContextWithPrincipal(ctx, p), app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	b := next.Certificate().ID
	s.wantPublishedToH1(t, "at the supersession", a)
	s.finishPublished(t)

	if _, err := s.auth.VouchAPIKey(access.NewContextWithPrincipal(ctx, p), recovery.ID, formerToken); err != nil {
		t.Fatal(err)
	}
	s.wantPublishedToH1(t, "after the vouch", b)
}

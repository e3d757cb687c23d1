package factordb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// mustDeliverFulfilled stores a Fulfilled answer to target in PACT
// version carrying the footprints ids, each stated Active, and marks it
// delivered, as the API's worker does once the host took it.
func (s *services) mustDeliverFulfilled(tb testing.TB, target string, version int, requester string, bound bool, ids ...uuid.UUID) {
	tb.Helper()
	ctx := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: requester, Role: access.RolePartner})
	type pf struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	var pfs []pf
	for _, id := range ids {
		pfs = append(pfs, pf{id.String(), "Active"})
	}
	ansID := uuid.NewString()
	ev, err := json.Marshal(map[string]any{"type": pact.EventType(version, pact.KindFulfilled), "specversion": "1.0", "id": ansID,
		"source": "//pcf.test/3/events", "time": "2026-03-02T10:00:00Z", "data": map[string]any{"requestEventId": "req-" + ansID, "pfs": pfs}})
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Now()
	a := &pact.OutboxAnswer{ID: ansID, RequestID: "req-" + ansID, Requester: requester, Bound: bound, Version: version, Target: target,
		Type: pact.EventType(version, pact.KindFulfilled), Event: ev, Footprints: len(ids), CreatedAt: now, Deadline: now.Add(time.Hour), NextAt: now, State: pact.AnswerPending}
	if err := s.certs.QueueAnswer(ctx, a); err != nil {
		tb.Fatal(err)
	}
	a.Attempts, a.State, a.CompletedAt = 1, pact.AnswerDelivered, now
	if err := s.certs.UpdateAnswer(ctx, a); err != nil {
		tb.Fatal(err)
	}
}

// mustDeliverToH1 is mustDeliverFulfilled of the footprints ids to the
// host most tests watch (wantPublishedToH1): https://h1.test, in PACT 3,
// for Buyer GmbH.
func (s *services) mustDeliverToH1(tb testing.TB, ids ...uuid.UUID) {
	tb.Helper()
	s.mustDeliverFulfilled(tb, "https://h1.test", 3, "Buyer GmbH", false, ids...)
}

// mustIssueDeliveredToH1 issues a certificate of a new study (MustIssue)
// whose footprint https://h1.test received (mustDeliverToH1).
func (s *services) mustIssueDeliveredToH1(tb testing.TB, serial string) *certification.CertificateRecord {
	tb.Helper()
	rec := s.MustIssue(tb, serial)
	s.mustDeliverToH1(tb, rec.Certificate().ID)
	return rec
}

// duePublished returns the pending Published events by host.
func (s *services) duePublished(tb testing.TB) map[string]*pact.OutboxAnswer {
	tb.Helper()
	due, _, err := s.certs.DueAnswers(context.Background(), time.Now().Add(24*time.Hour), 1000)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]*pact.OutboxAnswer{}
	for _, a := range due {
		if pact.EventKind(a.Version, a.Type) != pact.KindPublished {
			continue
		}
		if out[a.Target] != nil {
			tb.Fatalf("two Published events to %s: %v and %v", a.Target, out[a.Target].PfIDs, a.PfIDs)
		}
		out[a.Target] = a
	}
	return out
}

// finishPublished marks every pending Published event delivered.
func (s *services) finishPublished(tb testing.TB) {
	tb.Helper()
	for _, a := range s.duePublished(tb) {
		a.Attempts, a.State, a.CompletedAt = 1, pact.AnswerDelivered, time.Now()
		if err := s.certs.UpdateAnswer(context.Background(), a); err != nil {
			tb.Fatal(err)
		}
	}
}

func sortedIDs(ids ...uuid.UUID) []string {
	var out []string
	for _, id := range ids {
		out = append(out, id.String())
	}
	slices.Sort(out)
	return out
}

// Ensure a withdrawal tells, in its own transaction, each host that
// received the withdrawn certificate's footprint in a delivered Fulfilled
// answer: one Published event per host and version, naming every
// footprint of that host the withdrawal changed (the withdrawn one,
// Deprecated now, and one issued on it, withheld now that it is flagged);
// a host bound to an organisation is told as that organisation's host; a
// host that received other footprints only is told nothing.
func TestPACTPublish_WithdrawalTellsTheHostsThatReceivedIt(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-PP-1").Certificate()
	buyer := s.MustIssueBuyer(t, "GEC-PP-2", sup.Number).Certificate()
	other := s.MustIssue(t, "GEC-PP-3").Certificate()
	s.mustDeliverToH1(t, sup.ID, buyer.ID, other.ID)
	s.mustDeliverFulfilled(t, "https://h2.test", 2, "Buyer GmbH", true, sup.ID)
	s.mustDeliverFulfilled(t, "https://h3.test", 3, "Other AG", false, other.ID)
	if got := s.duePublished(t); len(got) != 0 {
		t.Fatalf("Published events before any change: %v", got)
	}

	s.mustSetStatus(t, ctx, sup.ID, certification.CertificateWithdrawn, "data falsified")
	got := s.duePublished(t)
	if len(got) != 2 || got["https://h3.test"] != nil {
		t.Fatalf("Published events to %v, want h1 and h2", got)
	}
	h1, h2 := got["https://h1.test"], got["https://h2.test"]
	if h1.Type != pact.EventPublishedV3 || h1.Version != 3 || h1.Requester != "" || h1.Bound || !slices.Equal(h1.PfIDs, sortedIDs(sup.ID, buyer.ID)) || len(h1.Event) != 0 {
		t.Fatalf("to h1: %+v", h1)
	}
	if h2.Type != pact.EventPublishedV2 || h2.Version != 2 || h2.Requester != "Buyer GmbH" || !h2.Bound || !slices.Equal(h2.PfIDs, sortedIDs(sup.ID)) {
		t.Fatalf("to h2: %+v", h2)
	}

	// Delivered, it is kept naming its footprints, and audited so.
	s.finishPublished(t)
	a, err := s.certs.FindAnswer(ctx, h1.ID)
	if err != nil || a.State != pact.AnswerDelivered || !slices.Equal(a.PfIDs, h1.PfIDs) {
		t.Fatalf("delivered Published event %+v, %v", a, err)
	}
	evs, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Subject: ptr("pact-answer/" + h1.ID)})
	if err != nil || len(evs) != 1 || evs[0].Action != pact.AuditAnswerDelivered || !strings.Contains(evs[0].Detail, sup.ID.String()) || !strings.Contains(evs[0].Detail, "https://h1.test") {
		t.Fatalf("audit of the Published event %+v, %v", evs, err)
	}
}

// Ensure every change of the status a partner reads of a footprint it
// received is told, and no other: suspension (withheld), reinstatement
// (Active again), supersession (Deprecated, the event naming the
// successor too: the host learns of it); the withdrawal of the superseded
// certificate leaves its footprint as it was (a Deprecated footprint never
// changes) and tells nothing of it, only of the successor, withheld now
// that it is flagged (its predecessor withdrawn).
func TestPACTPublish_SuspensionReinstatementSupersession(t *testing.T) {
	ctx, s := mustStart(t)
	rec := s.mustIssueDeliveredToH1(t, "GEC-PP-4")
	id := rec.Certificate().ID
	want := []uuid.UUID{id}
	step := func(what string, change func()) {
		t.Helper()
		change()
		s.wantPublishedToH1(t, "at the "+what, want...)
		s.finishPublished(t)
	}
	step("suspension", func() { s.mustSetStatus(t, ctx, id, certification.CertificateSuspended, "review") })
	step("reinstatement", func() { s.mustSetStatus(t, ctx, id, certification.CertificateValid, "review passed") })
	var next uuid.UUID
	step("supersession", func() {
		next = s.MustSupersede(t, rec).Certificate().ID
		want = []uuid.UUID{id, next}
	})
	step("withdrawal of the superseded certificate", func() {
		s.mustSetStatus(t, ctx, id, certification.CertificateWithdrawn, "late finding")
		want = []uuid.UUID{next}
	})
	if next == uuid.Nil {
		t.Fatal("no successor")
	}
}

// Ensure the Published event commits or fails with the status change: a
// withdrawal whose transaction fails (the audit trail's head unreadable,
// after the event was queued) leaves the certificate valid and nothing
// queued; the withdrawal made again queues the one event.
func TestPACTPublish_RollsBackWithTheStatusChange(t *testing.T) {
	ctx, s := mustStart(t)
	id := s.mustIssueDeliveredToH1(t, "GEC-PP-5").Certificate().ID
	var head []byte
	if err := factordb.Write(s.db, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit_head"))
		head = slices.Clone(b.Get([]byte("head")))
		return b.Put([]byte("head"), []byte("spoilt"))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.SetCertificateStatus(ctx, id, certification.CertificateWithdrawn, "fraud"); err == nil {
		t.Fatal("withdrawn with the audit head spoilt")
	}
	if err := factordb.Write(s.db, func(tx *bolt.Tx) error { return tx.Bucket([]byte("audit_head")).Put([]byte("head"), head) }); err != nil {
		t.Fatal(err)
	}
	if got := mustFindCertificate(t, s, id); got.Status != certification.CertificateValid {
		t.Fatalf("status %s after the failed withdrawal", got.Status)
	}
	if got := s.duePublished(t); len(got) != 0 {
		t.Fatalf("Published events after the failed withdrawal: %v", got)
	}
	s.mustSetStatus(t, ctx, id, certification.CertificateWithdrawn, "fraud")
	s.wantPublishedToH1(t, "after the withdrawal", id)
}

// Ensure a footprint whose status changed while the answer carrying it was
// on its way (the change found no receipt to tell) is told as soon as the
// answer is recorded delivered: the host got it Active, it is Deprecated.
func TestPACTPublish_ChangedWhileTheAnswerWasSent(t *testing.T) {
	ctx, s := mustStart(t)
	id := s.MustIssue(t, "GEC-PP-6").Certificate().ID
	kept := s.MustIssue(t, "GEC-PP-7").Certificate().ID
	s.mustSetStatus(t, ctx, id, certification.CertificateWithdrawn, "fraud") // before the answer is recorded delivered
	s.mustDeliverFulfilled(t, "https://h1.test", 2, "Buyer GmbH", false, id, kept)
	got := s.duePublished(t)
	if len(got) != 1 || got["https://h1.test"] == nil || got["https://h1.test"].Type != pact.EventPublishedV2 || !slices.Equal(got["https://h1.test"].PfIDs, sortedIDs(id)) {
		t.Fatalf("Published events %v, want one to h1 naming the withdrawn footprint only", got)
	}
}

// From pactpublish2_test.go (Published events, round 2): key alerts,
// vouches, reinstatements and restores tell the hosts (F3a, F3b).

// pendingPublished returns every pending Published event, by host.
func (s *services) pendingPublished(tb testing.TB) map[string][]*pact.OutboxAnswer {
	tb.Helper()
	due, _, err := s.certs.DueAnswers(context.Background(), time.Now().Add(24*time.Hour), 100000)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][]*pact.OutboxAnswer{}
	for _, a := range due {
		if pact.EventKind(a.Version, a.Type) == pact.KindPublished {
			out[a.Target] = append(out[a.Target], a)
		}
	}
	return out
}

// wantPublishedToH1 fails unless the pending Published events are one, to
// https://h1.test, naming the footprints ids; what says when.
func (s *services) wantPublishedToH1(tb testing.TB, what string, ids ...uuid.UUID) {
	tb.Helper()
	got := s.pendingPublished(tb)
	if len(got) != 1 || len(got["https://h1.test"]) != 1 || !slices.Equal(got["https://h1.test"][0].PfIDs, sortedIDs(ids...)) {
		tb.Fatalf("Published events %s %v, want one to h1 naming %v", what, got, ids)
	}
}

// issueWith issues a certificate of a new study of orgMaker with the API
// key whose principal is p.
func (s *services) issueWith(tb testing.TB, p *access.Principal, serial string) uuid.UUID {
	tb.Helper()
	ctx := context.Background()
	st := s.MustCreateStudy(tb, orgMaker, serial)
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		tb.Fatal(err)
	}
	rec, err := s.certs.IssueCertificate(access.NewContextWithPrincipal(ctx, p), app.ID, issueReq)
	if err != nil {
		tb.Fatal(err)
	}
	return rec.Certificate().ID
}

// mustCertifierKey makes an API key of orgCertifier and returns it and
// its principal.
func (s *services) mustCertifierKey(tb testing.TB, ctx context.Context) (*access.APIKey, *access.Principal) {
	tb.Helper()
	token, key := MustCreateKey(tb, s.auth, orgCertifier, access.RoleCertifier)
	p, err := s.auth.Authenticate(ctx, token)
	if err != nil {
		tb.Fatal(err)
	}
	return key, p
}

// mustRecoveryKey revokes orgCertifier's key and makes a recovery key,
// which no former key vouched for yet: it returns the former key's token
// (which vouches for it), the key and its principal.
func (s *services) mustRecoveryKey(tb testing.TB, ctx context.Context) (string, *access.APIKey, *access.Principal) {
	tb.Helper()
	formerToken, former := MustCreateKey(tb, s.auth, orgCertifier, access.RoleCertifier)
	if err := s.auth.RevokeAPIKey(ctx, former.ID); err != nil {
		tb.Fatal(err)
	}
	token, recovery := MustCreateKey(tb, s.auth, orgCertifier, access.RoleCertifier)
	p, err := s.auth.Authenticate(ctx, token)
	if err != nil || !recovery.Unvouched {
		tb.Fatalf("recovery key %+v, %v: want it unvouched", recovery, err)
	}
	return formerToken, recovery, p
}

// Ensure an API key reported compromised tells the hosts that received the
// footprints of the certificates it issued since the time it is reported
// compromised as of, which the PACT API withholds from then on (key
// alerts: pact.Served), in the transaction that records it; a footprint
// issued with another key is named to nobody. Before, the served status
// changed with no event (F3a).
func TestPACTPublish2_CompromisedKeyTellsTheHosts(t *testing.T) {
	ctx, s := mustStart(t)
	stolen, p := s.mustCertifierKey(t, ctx)
	a := s.issueWith(t, p, "GEC-PP2-1")
	other := s.MustIssue(t, "GEC-PP2-2").Certificate().ID
	s.mustDeliverToH1(t, a, other)
	if got := s.pendingPublished(t); len(got) != 0 {
		t.Fatalf("Published events before the report: %v", got)
	}
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, fixedNow.Add(-72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	s.wantPublishedToH1(t, "after the report", a)
	if issued, _, err := s.auth.CertificateKeys(ctx, a.String()); err != nil || issued == nil || !issued.CompromisedUse {
		t.Fatalf("issuing key %+v, %v: want its compromised use marked", issued, err)
	}
}

// Ensure an API key reported compromised reads the restore mark once in
// its transaction, however many footprints it tells hosts of
// (notePACTKeys): before, once for each footprint a host received.
func TestPACTPublish2_CompromisedKeyReadsTheRestoreOnce(t *testing.T) {
	ctx, s := mustStart(t)
	stolen, p := s.mustCertifierKey(t, ctx)
	a := s.issueWith(t, p, "GEC-PV-7")
	b := s.issueWith(t, p, "GEC-PV-8")
	c := s.issueWith(t, p, "GEC-PV-9")
	s.mustDeliverToH1(t, a, b, c)
	reads := factordb.CountMarkReads(t)
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, fixedNow.Add(-72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := reads.Load(); n != 1 {
		t.Fatalf("restore mark read %d times in the report's transaction, want once", n)
	}
	s.wantPublishedToH1(t, "after the report", a, b, c)
}

// Ensure a body vouching for its recovery key tells the hosts that
// received a footprint the key issued: withheld while the key was not
// vouched for (the answer stating it Active, which the store corrects at
// once), Active again after (F3a).
func TestPACTPublish2_VouchTellsTheHosts(t *testing.T) {
	ctx, s := mustStart(t)
	formerToken, recovery, p := s.mustRecoveryKey(t, ctx)
	a := s.issueWith(t, p, "GEC-PP2-3")
	s.mustDeliverFulfilled(t, "https://h1.test", 2, "Buyer GmbH", false, a)
	s.finishPublished(t)
	if _, err := s.auth.VouchAPIKey(access.NewContextWithPrincipal(ctx, p), recovery.ID, formerToken); err != nil {
		t.Fatal(err)
	}
	s.wantPublishedToH1(t, "after the vouch", a)
}

// Ensure a reinstatement made with a recovery key its body has not vouched
// for tells nothing: the footprint stays withheld (its latest status key
// is unvouched, the key of the decision being recorded), and the host,
// told it was withheld at the suspension, is told it is served once the
// body vouches for the key. Before, the reinstatement told it served
// (Active) and the vouch told nothing (F3a).
func TestPACTPublish2_ReinstatedWithAnUnvouchedKey(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.mustIssueDeliveredToH1(t, "GEC-PP2-9").Certificate().ID
	s.mustSetStatus(t, ctx, a, certification.CertificateSuspended, "review")
	s.finishPublished(t)
	formerToken, recovery, p := s.mustRecoveryKey(t, ctx)
	as := access.NewContextWithPrincipal(ctx, p)
	s.mustSetStatus(t, as, a, certification.CertificateValid, "review passed")
	if got := s.pendingPublished(t); len(got) != 0 {
		t.Fatalf("Published events after the reinstatement with an unvouched key: %v, want none (still withheld)", got)
	}
	if _, err := s.auth.VouchAPIKey(as, recovery.ID, formerToken); err != nil {
		t.Fatal(err)
	}
	s.wantPublishedToH1(t, "after the vouch", a)
}

// Ensure a restore tells the hosts the copy knows of: at its first start,
// every footprint that may have changed since the copy (here withheld
// now, its status the copy's) is named to every host that received
// footprints before the copy, including one the host received only after
// it (B, to h1: its receipt is lost); a withdrawn one, final, is named to
// nobody. Its certifier's confirmation (ReviewCertificate, one by one, and
// ConfirmRestored) serves them again, and tells the hosts again. Before,
// the served status changed both times with no event (F3a, F3b).
func TestPACTPublish2_RestoreTellsTheHosts(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	a, b := s.MustIssue(t, "GEC-PP2-4").Certificate().ID, s.MustIssue(t, "GEC-PP2-5").Certificate().ID
	gone := s.MustIssue(t, "GEC-PP2-6").Certificate().ID
	s.mustDeliverToH1(t, a, gone)
	s.mustSetStatus(t, ctx, gone, certification.CertificateWithdrawn, "falsified")
	s.finishPublished(t)
	buf := s.mustCopy(t, ctx, "key-pp2")
	s.mustDeliverToH1(t, b) // lost with the restore

	r := restoreAt(t, buf.Bytes(), fixedNow.Add(30*24*time.Hour))
	r.wantPublishedToH1(t, "at the restored copy's start", a, b)
	r.finishPublished(t)

	if _, err := r.certs.ReviewCertificate(ctx, a, "status confirmed after the restore"); err != nil {
		t.Fatal(err)
	}
	r.wantPublishedToH1(t, "after the review", a)
	r.finishPublished(t)
	if n, err := r.certs.ConfirmRestored(ctx, orgCertifier, "decisions after the copy re-applied"); err != nil || n != 1 {
		t.Fatalf("confirmed %d, %v; want 1", n, err)
	}
	r.wantPublishedToH1(t, "after ConfirmRestored", b)
}

// txID returns the id the next write transaction of db gets.
func txID(tb testing.TB, db *factordb.DB) int {
	tb.Helper()
	var id int
	if err := factordb.Write(db, func(tx *bolt.Tx) error { id = tx.ID(); return nil }); err != nil {
		tb.Fatal(err)
	}
	return id + 1
}

// Ensure a change after a restore is not put in a Published event the
// copy held pending, whose id its host may have been sent (the source
// delivered it after the copy): the restored file's transaction ids start
// again (BackupWithoutSeeds copies key by key), and an event was found by
// the id of the transaction that queued it (F3c). The change here runs in
// the transaction whose id queued the copy's event.
func TestPACTPublish2_RestoredTransactionIDsMergeNothing(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	a, b := s.MustIssue(t, "GEC-PP2-7").Certificate().ID, s.MustIssue(t, "GEC-PP2-8").Certificate().ID
	s.mustDeliverToH1(t, a, b)
	at := txID(t, s.db)
	s.mustSetStatus(t, ctx, a, certification.CertificateWithdrawn, "falsified") // queued in transaction at, pending in the copy
	old := s.pendingPublished(t)["https://h1.test"]
	if len(old) != 1 || !slices.Equal(old[0].PfIDs, sortedIDs(a)) {
		t.Fatalf("pending before the copy: %v", old)
	}
	buf := s.mustCopy(t, ctx, "key-pp2")

	r := restoreAt(t, buf.Bytes(), fixedNow.Add(30*24*time.Hour))
	next := txID(t, r.db)
	for next < at {
		next = txID(t, r.db)
	}
	if next != at {
		t.Fatalf("the restored file's next transaction is %d, past %d", next, at)
	}
	if _, err := r.certs.SetCertificateStatus(ctx, b, certification.CertificateSuspended, "review"); err != nil {
		t.Fatal(err)
	}
	e, err := r.certs.FindAnswer(ctx, old[0].ID)
	if err != nil || !slices.Equal(e.PfIDs, sortedIDs(a)) {
		t.Fatalf("the copy's pending event now %+v, %v: want it naming %s only", e, err, a)
	}
}

// putFlaggedCopies writes n certificate records, copies of rec's with new
// ids, each flagged upstream (so withheld), as raw records: the setup of
// BenchmarkPACTPublish2_QueueToOneHost, which needs no n issues.
func putFlaggedCopies(tb testing.TB, db *factordb.DB, of uuid.UUID, n int) []uuid.UUID {
	tb.Helper()
	ids := make([]uuid.UUID, n)
	err := factordb.Write(db, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("certificates"))
		var rec map[string]any
		if err := json.Unmarshal(b.Get(of[:]), &rec); err != nil {
			return err
		}
		rec["supplier_flags"] = []certification.SupplierFlag{{Certificate: uuid.New(), Number: "CDPCF-2026-999999", Status: certification.CertificateWithdrawn, At: fixedNow}}
		for i := range ids {
			ids[i] = uuid.New()
			rec["id"], rec["number"] = ids[i].String(), fmt.Sprintf("CDPCF-2026-%06d", 500000+i)
			v, err := json.Marshal(rec)
			if err != nil {
				return err
			}
			if err := b.Put(bytes.Clone(ids[i][:]), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { // before the services' check at close, which they would fail
		err := factordb.Write(db, func(tx *bolt.Tx) error {
			for _, id := range ids {
				if err := tx.Bucket([]byte("certificates")).Delete(id[:]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Error(err)
		}
	})
	return ids
}

// BenchmarkPACTPublish2_QueueToOneHost: one transaction queuing n
// footprints to one host, each in the Published event it queues there: a
// delivered Fulfilled answer stating n footprints Active that are withheld
// (flagged upstream), which putReceipts tells at once. Each footprint was
// read and rewritten in the event's record, quadratic (n=8000: 13 s with
// the write lock held); one key per footprint now (F3d).
func BenchmarkPACTPublish2_QueueToOneHost(b *testing.B) {
	for _, n := range []int{1000, 8000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			_, s := mustStart(b)
			ids := putFlaggedCopies(b, s.db, s.MustIssue(b, "GEC-PP2-B").Certificate().ID, n)
			for b.Loop() {
				s.mustDeliverToH1(b, ids...)
			}
			b.StopTimer()
			got := s.pendingPublished(b)["https://h1.test"]
			if len(got) == 0 || len(got[0].PfIDs) != n {
				b.Fatalf("Published events to h1: %v; want each naming %d footprints", got, n)
			}
		})
	}
}

// From pactpublish3_test.go (Published events, round 3): a supersession
// names the successor.

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
	s.mustDeliverToH1(t, a)
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
	rec := s.mustIssueDeliveredToH1(t, "GEC-PP3-3")
	a := rec.Certificate().ID
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

package factordb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

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
	token, stolen := MustCreateKey(t, s.auth, orgCertifier, access.RoleCertifier)
	p, err := s.auth.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	a := s.issueWith(t, p, "GEC-PP2-1")
	other := s.MustIssue(t, "GEC-PP2-2").Certificate().ID
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, a, other)
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
	a := s.MustIssue(t, "GEC-PP2-9").Certificate().ID
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, a)
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
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, a, gone)
	s.mustSetStatus(t, ctx, gone, certification.CertificateWithdrawn, "falsified")
	s.finishPublished(t)
	buf := s.mustCopy(t, ctx, "key-pp2")
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, b) // lost with the restore

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
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, a, b)
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
				s.mustDeliverFulfilled(b, "https://h1.test", 3, "Buyer GmbH", false, ids...)
			}
			b.StopTimer()
			got := s.pendingPublished(b)["https://h1.test"]
			if len(got) == 0 || len(got[0].PfIDs) != n {
				b.Fatalf("Published events to h1: %v; want each naming %d footprints", got, n)
			}
		})
	}
}

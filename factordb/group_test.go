package factordb_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// queueWrites starts the calls one after the other while the writer lock
// is held, each once the one before is queued, so that the first leads a
// group of its own (waiting for the lock) and the others queue in order
// for the next group; then it releases the lock and waits for all.
func queueWrites(tb testing.TB, db *factordb.DB, calls []func()) {
	tb.Helper()
	release, err := factordb.HoldWrites(db)
	if err != nil {
		tb.Fatal(err)
	}
	waitFor := func(what string, ok func(leading bool, queued int) bool) {
		tb.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			if ok(factordb.WriteQueue(db)) {
				return
			}
			if time.Now().After(deadline) {
				release()
				tb.Fatalf("writes never queued: %s", what)
			}
		}
	}
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Go(call)
		if i == 0 {
			waitFor("leader", func(leading bool, queued int) bool { return leading && queued == 0 })
		} else {
			waitFor(fmt.Sprintf("call %d", i), func(_ bool, queued int) bool { return queued == i })
		}
	}
	release()
	wg.Wait()
}

// issueQueued issues the certificate of each of apps, concurrently and
// queued behind one another by queueWrites, and returns each issue's
// record and error, and the value it panicked with (nil if it did not).
func (s *services) issueQueued(tb testing.TB, ctx context.Context, apps []*certification.Application) (recs []*certification.CertificateRecord, errs []error, panicked []any) {
	tb.Helper()
	recs = make([]*certification.CertificateRecord, len(apps))
	errs = make([]error, len(apps))
	panicked = make([]any, len(apps))
	var calls []func()
	for i := range apps {
		calls = append(calls, func() {
			defer func() { panicked[i] = recover() }()
			recs[i], errs[i] = s.certs.IssueCertificate(ctx, apps[i].ID, issueReq)
		})
	}
	queueWrites(tb, s.db, calls)
	return recs, errs, panicked
}

// Concurrent issues share commits, and every issue still commits or fails
// alone: issues the renderer's check refuses (first in their group, or
// after others) or that panic write nothing (no certificate, no number, the
// application still pending, no audit event), the others get consecutive
// numbers that are never allocated twice, and their signatures verify.
func TestCertificationService_IssueCertificate_Grouped(t *testing.T) {
	ctx, s := mustStart(t)
	const n = 12
	apps := s.MustApplyN(t, "GEC-G-%02d", n)
	// Refused: 0 (alone in the first group), 1 (first of the second
	// group), 5 and 9 (after issues of the same group); 7 panics.
	refused := map[string]bool{apps[0].StudyID: true, apps[1].StudyID: true, apps[5].StudyID: true, apps[9].StudyID: true}
	panics := apps[7].StudyID
	s.certs.CheckCertificate = func(_ context.Context, c *certification.Certificate) error {
		switch {
		case refused[c.StudyID]:
			return footprint.Errorf(footprint.EINVALID, "refused by the test")
		case c.StudyID == panics:
			panic("test panic")
		}
		return nil
	}
	mustActiveKey(t, s.keys) // its creation is an event of its own
	events := s.auditCount(t)
	commits0, calls0 := factordb.WriteGroupStats(s.db)

	recs, errs, panicked := s.issueQueued(t, ctx, apps)

	keys, err := s.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, a := range apps {
		app := mustFindApplication(t, s, a.ID)
		switch {
		case refused[a.StudyID]:
			if footprint.ErrorCode(errs[i]) != footprint.EINVALID || footprint.ErrorMessage(errs[i]) != "refused by the test" {
				t.Errorf("issue %d: %v, want EINVALID from the check", i, errs[i])
			}
		case a.StudyID == panics:
			if panicked[i] != "test panic" {
				t.Errorf("issue %d: panic %v, error %v, want the panic", i, panicked[i], errs[i])
			}
		default:
			if errs[i] != nil || panicked[i] != nil {
				t.Fatalf("issue %d: %v, panic %v", i, errs[i], panicked[i])
			}
			if err := certification.VerifyCertificate(recs[i].Signed, keys); err != nil {
				t.Errorf("issue %d: %v", i, err)
			}
			if app.Status != certification.ApplicationIssued || app.CertificateID != recs[i].Certificate().ID {
				t.Errorf("issue %d: application %s, certificate %s", i, app.Status, app.CertificateID)
			}
			got = append(got, recs[i].Certificate().Number)
			continue
		}
		if app.Status != certification.ApplicationPending {
			t.Errorf("refused issue %d: application %s, want pending", i, app.Status)
		}
	}
	slices.Sort(got)
	want := firstNumbers(n - 5)
	if !slices.Equal(got, want) {
		t.Fatalf("numbers %v, want %v", got, want)
	}
	stored, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(stored); !slices.Equal(got, want) {
		t.Fatalf("stored numbers %v, want %v", got, want)
	}
	if got := s.auditCount(t); got != events+len(want) {
		t.Fatalf("%d audit events, want %d", got, events+len(want))
	}
	s.assertPendingIndex(t)
	mustRun(t, s.db, factordb.CheckCertificateIndexes)
	// The seven issues of the second group committed together.
	commits, grouped := factordb.WriteGroupStats(s.db)
	if commits-commits0 != 1 || grouped-calls0 != n-5 {
		t.Fatalf("%d commits of %d issues, want 1 of %d", commits-commits0, grouped-calls0, n-5)
	}

	// The refused ones issue once the check lets them.
	s.certs.CheckCertificate = nil
	for i, a := range apps {
		if refused[a.StudyID] || a.StudyID == panics {
			rec, err := s.certs.IssueCertificate(ctx, a.ID, issueReq)
			if err != nil {
				t.Fatalf("issue %d again: %v", i, err)
			}
			if got, want := rec.Certificate().Number, fmt.Sprintf("CDPCF-2026-%06d", len(want)+1); got != want {
				t.Fatalf("issue %d again: number %s, want %s", i, got, want)
			}
			want = append(want, rec.Certificate().Number)
		}
	}
}

// Concurrent study submissions share commits, and a submission refused
// in a group (its green-power instrument claimed by a study applied for)
// stores nothing, while the others are stored. A claim binds once its study
// is applied for (claims.go), so the claim that refuses them is made
// before the group: studies stored together claim only provisionally.
func TestStudyService_CreateStudy_Grouped(t *testing.T) {
	ctx, s := mustStart(t)
	holder := s.MustCreateStudy(t, orgMaker2, "GEC-S-X")
	s.mustApplyFor(t, holder)
	serials := []string{"GEC-S-A", "GEC-S-B", "GEC-S-X", "GEC-S-C", "gec-s-x", "GEC-S-D"}
	studies := make([]*footprint.Study, len(serials))
	errs := make([]error, len(serials))
	var calls []func()
	for i, serial := range serials {
		studies[i] = demoStudy(t, orgMaker, serial)
		calls = append(calls, func() { _, errs[i] = s.studies.CreateStudy(ctx, studies[i]) })
	}
	mustActiveKey(t, s.keys) // its creation is an event of its own
	events := s.auditCount(t)
	commits0, calls0 := factordb.WriteGroupStats(s.db)
	queueWrites(t, s.db, calls)

	conflict := map[int]bool{2: true, 4: true} // X claimed by the study applied for
	for i, err := range errs {
		if conflict[i] {
			if footprint.ErrorCode(err) != footprint.ECONFLICT {
				t.Errorf("study %d (%s): %v, want ECONFLICT", i, serials[i], err)
			}
			if studies[i].ID != "" {
				t.Errorf("study %d: ID %q set on a refused study", i, studies[i].ID)
			}
			continue
		}
		if err != nil {
			t.Fatalf("study %d: %v", i, err)
		}
		if _, err := s.studies.FindStudyByID(ctx, studies[i].ID); err != nil {
			t.Fatalf("study %d: %v", i, err)
		}
	}
	_, total, err := s.studies.FindStudies(ctx, footprint.StudyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 5 {
		t.Fatalf("%d studies stored, want 5 (4 and the one applied for)", total)
	}
	for i, serial := range []string{"GEC-S-A", "GEC-S-B"} {
		claims, err := s.studies.FindGreenClaims(ctx, serial+"-000001") // demoStudy's batch
		if err != nil {
			t.Fatal(err)
		}
		if len(claims) != 1 || claims[0].StudyID != studies[i].ID {
			t.Fatalf("claims of %s: %+v, want study %d's only", serial, claims, i)
		}
	}
	if got := s.auditCount(t); got != events+4 {
		t.Fatalf("%d audit events, want %d", got, events+4)
	}
	// Study 0 alone, then studies 1, 3 and 5 in one commit.
	commits, grouped := factordb.WriteGroupStats(s.db)
	if commits-commits0 != 2 || grouped-calls0 != 4 {
		t.Fatalf("%d commits of %d studies, want 2 of 4", commits-commits0, grouped-calls0)
	}
}

// A call that fails before writing (factordb.BeforeWrites) is only taken
// out of its group: nothing is rolled back and no call runs twice; it gets
// its own error, the others commit together. A call failing after writing
// still rolls the group back: the calls before it run again, it runs again
// alone.
func TestDB_WriteGroup_FailedBeforeWrites(t *testing.T) {
	db := MustOpenDB(t)
	errClean, errDirty := errors.New("refused before writing"), errors.New("refused after writing")
	bucket := []byte("group_test")
	type outcome int
	const (
		succeed outcome = iota
		failClean
		failDirty
	)
	round := func(outcomes []outcome) (runs []int, errs []error) {
		t.Helper()
		runs, errs = make([]int, len(outcomes)), make([]error, len(outcomes))
		var mu sync.Mutex
		var calls []func()
		for i, o := range outcomes {
			key := fmt.Appendf(nil, "%p-%d", &runs, i)
			calls = append(calls, func() {
				errs[i] = factordb.Write(db, func(tx *bolt.Tx) error {
					mu.Lock()
					runs[i]++
					mu.Unlock()
					if o == failClean {
						return factordb.BeforeWrites(errClean)
					}
					b, err := tx.CreateBucketIfNotExists(bucket)
					if err != nil {
						return err
					}
					if err := b.Put(key, []byte{byte(i)}); err != nil {
						return err
					}
					if o == failDirty {
						return errDirty
					}
					return nil
				})
			})
		}
		queueWrites(t, db, calls)
		// What is stored is what succeeded, and nothing of the refused.
		if err := factordb.Read(db, func(tx *bolt.Tx) error {
			b := tx.Bucket(bucket)
			for i, o := range outcomes {
				if got := b != nil && b.Get(fmt.Appendf(nil, "%p-%d", &runs, i)) != nil; got != (o == succeed) {
					t.Errorf("call %d (%d): stored %v", i, o, got)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for i, o := range outcomes {
			want := map[outcome]error{succeed: nil, failClean: errClean, failDirty: errDirty}[o]
			if errs[i] != want {
				t.Errorf("call %d: error %v, want %v", i, errs[i], want)
			}
		}
		return runs, errs
	}

	// The first call leads a group alone; the other nine share one commit
	// with four of them refused before writing: one run each.
	commits0, calls0 := factordb.WriteGroupStats(db)
	runs, _ := round([]outcome{succeed, succeed, failClean, succeed, failClean, failClean, succeed, succeed, failClean, succeed})
	if !slices.Equal(runs, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}) {
		t.Errorf("runs %v, want one each", runs)
	}
	if commits, calls := factordb.WriteGroupStats(db); commits-commits0 != 2 || calls-calls0 != 6 {
		t.Errorf("%d commits of %d calls, want 2 of 6", commits-commits0, calls-calls0)
	}

	// Refused after writing (call 3): rolled back, the calls before it run
	// again, it runs again alone; a call refused before writing ahead of
	// it (2) runs again with the group and still fails alone.
	runs, _ = round([]outcome{succeed, succeed, failClean, failDirty, succeed})
	if !slices.Equal(runs, []int{1, 2, 2, 2, 1}) {
		t.Errorf("runs %v, want [1 2 2 2 1]", runs)
	}

	// Every call of a group refused before writing: nothing to commit.
	commits0, _ = factordb.WriteGroupStats(db)
	runs, _ = round([]outcome{succeed, failClean, failClean})
	if !slices.Equal(runs, []int{1, 1, 1}) {
		t.Errorf("runs %v, want one each", runs)
	}
	if commits, _ := factordb.WriteGroupStats(db); commits-commits0 != 1 {
		t.Errorf("%d commits, want 1 (the leader's)", commits-commits0)
	}
}

// An issue the renderer's check refuses has written nothing yet (its
// number is taken only after the check and the signature), so it costs
// the issues grouped with it nothing: each is checked and signed once, and
// the others commit together under consecutive numbers.
func TestCertificationService_IssueCertificate_GroupedRefusalsRunOnce(t *testing.T) {
	ctx, s := mustStart(t)
	const n = 10
	apps := s.MustApplyN(t, "GEC-R-%02d", n)
	// 0 leads alone; of the second group, 2, 4, 5 and 8 are refused.
	refused := map[string]bool{apps[2].StudyID: true, apps[4].StudyID: true, apps[5].StudyID: true, apps[8].StudyID: true}
	var mu sync.Mutex
	checks := map[string]int{}
	s.certs.CheckCertificate = func(_ context.Context, c *certification.Certificate) error {
		mu.Lock()
		checks[c.StudyID]++
		mu.Unlock()
		if refused[c.StudyID] {
			return footprint.Errorf(footprint.EINVALID, "refused by the test")
		}
		return nil
	}
	commits0, calls0 := factordb.WriteGroupStats(s.db)
	recs, errs, panicked := s.issueQueued(t, ctx, apps)

	var got []string
	for i, a := range apps {
		if c := checks[a.StudyID]; c != 1 {
			t.Errorf("issue %d checked %d times, want once", i, c)
		}
		if refused[a.StudyID] {
			if footprint.ErrorMessage(errs[i]) != "refused by the test" {
				t.Errorf("issue %d: %v, want the refusal", i, errs[i])
			}
			continue
		}
		if errs[i] != nil || panicked[i] != nil {
			t.Fatalf("issue %d: %v, panic %v", i, errs[i], panicked[i])
		}
		got = append(got, recs[i].Certificate().Number)
	}
	slices.Sort(got)
	want := firstNumbers(n - len(refused))
	if !slices.Equal(got, want) {
		t.Fatalf("numbers %v, want %v", got, want)
	}
	// 0 alone, then the five others of the second group in one commit.
	if commits, grouped := factordb.WriteGroupStats(s.db); commits-commits0 != 2 || int(grouped-calls0) != n-len(refused) {
		t.Fatalf("%d commits of %d issues, want 2 of %d", commits-commits0, grouped-calls0, n-len(refused))
	}
	s.assertPendingIndex(t)
}

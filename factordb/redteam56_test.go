package factordb_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a clock set back (red team 56, the operator) makes the service
// refuse what would not verify: an issue dated before its signing key's
// creation, and a rotation that retires the active key before what it
// signed. Before, with the clock set back after a rotation, a certificate
// was issued, numbered and stored valid that never verified
// (key_not_created); and a rotation with the clock set back retired the
// active key before a certificate it had signed, so that a genuine
// certificate no longer verified (key_retired).
func TestRedteam56_ClockSetBackRefused(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 10))
	a := s.MustIssue(t, "RT56-CLOCK-A")
	verifies := func(what string, rec *certification.CertificateRecord) {
		t.Helper()
		keys, err := s.keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := certification.VerifyCertificate(rec.Signed, keys); err != nil {
			t.Errorf("%s does not verify: %v", what, err)
		}
	}
	refused := func(what, zh string, err error) {
		t.Helper()
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || !strings.Contains(msg, zh) || !strings.Contains(msg, "set the clock right") {
			t.Errorf("%s with the clock set back: %v, want ECONFLICT naming the clock", what, err)
		}
	}

	// The clock set back by nine days: a rotation would retire the key
	// before the certificate it signed.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 1))
	_, err := s.keys.RotateSigningKey(ctx)
	refused("a rotation", "系统时钟早于审计记录", err)
	verifies("the certificate issued before the refused rotation", a)

	// A rotation with the clock right, then the clock set back again: an
	// issue would be dated before the new key's creation.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 11))
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	verifies("the certificate issued before the rotation", a)
	app := s.MustApply(t, "RT56-CLOCK-B")
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 2))
	before, err := s.db.Commits()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
	refused("an issue", "系统时钟早于当前签名密钥", err)
	if after, err := s.db.Commits(); err != nil || after != before {
		t.Errorf("the refused issue wrote: commits %d → %d, %v", before, after, err)
	}

	// With the clock right again, the same issue is made and verifies.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 12))
	b, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	verifies("the certificate issued with the clock right", b)
}

// Ensure one application gives at most one certificate when its issue is
// asked for at once by several callers (red team 56, concurrency): the
// application is read pending and marked issued in one write transaction.
// Held on the base; the test pins it.
func TestRedteam56_ConcurrentIssuesOneCertificate(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	app := s.MustApply(t, "RT56-RACE")
	const n = 8
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	issued := 0
	for err := range errs {
		switch {
		case err == nil:
			issued++
		case footprint.ErrorCode(err) != footprint.ECONFLICT:
			t.Errorf("a concurrent issue: %v, want ECONFLICT", err)
		}
	}
	certs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if issued != 1 || len(certs) != 1 {
		t.Errorf("%d issues succeeded, %d certificates stored; want one of each", issued, len(certs))
	}
}

// Ensure an issue racing the withdrawal of the certificate it supersedes
// never leaves a plainly valid certificate resting on a withdrawn one:
// either the withdrawal comes first and the issue is refused (the study
// has a withdrawn certificate), or the issue comes first and the
// withdrawal of the now superseded certificate flags its successor. Each
// order is run in turn, then both at once. Held on the base; the test pins
// it.
func TestRedteam56_IssueRacingWithdrawal(t *testing.T) {
	for i, order := range []string{"withdraw first", "issue first", "at once", "at once", "at once", "at once"} {
		ctx, s := mustStart(t)
		mustActiveKey(t, s.keys)
		old := s.MustIssue(t, fmt.Sprintf("RT56-RW-%d", i))
		app, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, old.Certificate().ID)
		if err != nil {
			t.Fatal(err)
		}
		var issued *certification.CertificateRecord
		var issueErr, withdrawErr error
		issue := func() { issued, issueErr = s.certs.IssueCertificate(ctx, app.ID, issueReq) }
		withdraw := func() {
			_, withdrawErr = s.certs.SetCertificateStatus(ctx, old.Certificate().ID, certification.CertificateWithdrawn, "race")
		}
		switch order {
		case "withdraw first":
			withdraw()
			issue()
		case "issue first":
			issue()
			withdraw()
		default:
			var wg sync.WaitGroup
			wg.Go(issue)
			wg.Go(withdraw)
			wg.Wait()
		}
		if withdrawErr != nil {
			t.Fatalf("%s: withdrawal: %v", order, withdrawErr)
		}
		if issueErr != nil {
			if footprint.ErrorCode(issueErr) != footprint.ECONFLICT || order == "issue first" {
				t.Errorf("%s: issue: %v", order, issueErr)
			}
			continue
		}
		if order == "withdraw first" {
			t.Errorf("%s: a certificate was issued superseding a withdrawn one", order)
		}
		got, err := s.certs.FindCertificateByID(ctx, issued.Certificate().ID)
		if err != nil {
			t.Fatal(err)
		}
		flagged := slices.ContainsFunc(got.SupplierFlags, func(f certification.SupplierFlag) bool {
			return f.Predecessor && f.Certificate == old.Certificate().ID
		})
		if got.Status == certification.CertificateValid && !flagged {
			t.Errorf("%s: the successor of a withdrawn certificate is valid without a flag: %+v", order, got.SupplierFlags)
		}
	}
}

// Ensure two audit events put in each other's place are named by Check
// (pcf audit verify --db), whether moved as they are or moved with their
// places in the chain (seq, prev, digest) written anew: the next event's
// link then breaks (red team 56, the operator editing the bbolt file).
// Held on the base; TestDB_CheckAuditChain tries edits and removals, not a
// reordering.
func TestRedteam56_AuditEventsReorderedNamed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		if err := factordb.NewCertificationService(db).RecordAuditEvent(t.Context(), access.AuditCertificateWithdraw, "certificate/c", fmt.Sprintf("event %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type stored struct {
		V int `json:"v"`
		access.AuditEvent
	}
	// swap puts the stored events 3 and 4 in each other's place; relink
	// (if set) rewrites what it moves there.
	swap := func(relink func(moved *stored, prev string, seq uint64)) func(path string) {
		return func(path string) {
			var v3, v4, v2 []byte
			factordbtest.EditAuditRecord(t, path, 2, func(v []byte) []byte { v2 = v; return v })
			factordbtest.EditAuditRecord(t, path, 3, func(v []byte) []byte { v3 = v; return v })
			factordbtest.EditAuditRecord(t, path, 4, func(v []byte) []byte { v4 = v; return v })
			if relink != nil {
				var e2, e3, e4 stored
				for _, d := range []struct {
					b []byte
					e *stored
				}{{v2, &e2}, {v3, &e3}, {v4, &e4}} {
					if err := json.Unmarshal(d.b, d.e); err != nil {
						t.Fatal(err)
					}
				}
				relink(&e4, e2.Digest, 3)
				relink(&e3, e4.Digest, 4)
				v4, v3 = mustJSON(t, &e4), mustJSON(t, &e3)
			}
			factordbtest.EditAuditRecord(t, path, 3, func([]byte) []byte { return v4 })
			factordbtest.EditAuditRecord(t, path, 4, func([]byte) []byte { return v3 })
		}
	}
	t.Run("Moved", func(t *testing.T) {
		mustCheckCopy(t, file, swap(nil), nil, "event 3")
	})
	t.Run("MovedAndRelinked", func(t *testing.T) {
		mustCheckCopy(t, file, swap(func(e *stored, prev string, seq uint64) {
			e.Seq, e.Prev = seq, prev
			e.Digest = e.ChainDigest()
		}), nil, "event 5")
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Ensure two applications superseding one certificate, issued at once,
// give one successor: the other is refused naming supersedes, since the
// certificate is no longer its model's current one (red team 56,
// concurrency). Held on the base; the test pins it.
func TestRedteam56_TwoSupersessionsAtOnce(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	old := s.MustIssue(t, "RT56-SUP")
	same, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, old.Certificate().ID)
	if err != nil {
		t.Fatal(err)
	}
	st := s.MustCreateStudy(t, orgMaker, "RT56-SUP-2", func(st *footprint.Study) { st.Product.Model = old.Certificate().Product.Model })
	other, err := s.apply(ctx, orgMaker, st.ID, old.Certificate().ID)
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, app := range []*certification.Application{same, other} {
		wg.Go(func() { _, errs[i] = s.certs.IssueCertificate(ctx, app.ID, issueReq) })
	}
	wg.Wait()
	issued := 0
	for _, err := range errs {
		switch {
		case err == nil:
			issued++
		case footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes":
			t.Errorf("the other issue: %v, want ECONFLICT naming supersedes", err)
		}
	}
	got, err := s.certs.FindCertificateByID(ctx, old.Certificate().ID)
	if err != nil {
		t.Fatal(err)
	}
	if issued != 1 || got.Status != certification.CertificateSuperseded {
		t.Errorf("%d issues succeeded (%v), the old certificate %s; want one, superseded", issued, errs, got.Status)
	}
}

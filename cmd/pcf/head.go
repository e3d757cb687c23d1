package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// headPath is where pcf serve records, beside the database, the head of
// its audit trail ("N:DIGEST", as pcf audit verify --head takes it).
func headPath(dbPath string) string { return dbPath + ".head" }

// headInterval is how often a running server records its head (a
// variable for the tests).
var headInterval = time.Minute

// parseHead parses a head written N:DIGEST: an event number from 1 and
// its 64 lowercase hex digits.
func parseHead(s string) (access.AuditHead, bool) {
	n, digest, _ := strings.Cut(s, ":")
	count, err := strconv.ParseUint(n, 10, 64)
	if _, herr := hex.DecodeString(digest); err != nil || herr != nil || count == 0 || len(digest) != len(access.AuditGenesis) || digest != strings.ToLower(digest) {
		return access.AuditHead{}, false
	}
	return access.AuditHead{Count: count, Digest: digest}, true
}

// checkRecordedHead compares the database with the head its server
// recorded beside it at its last run (headPath), before the start reads
// the file as a restored copy or not. A file whose trail ends before that
// head was put in place of the one the server left: a plain cp of an older
// file or a disk snapshot, which carries no copy record, so that keys
// revoked and certificates withdrawn after it would be good again (red
// team 36). It is marked as a copy (factordb.MarkOlderCopy) and restored
// as one. A file whose trail has another event at that place was
// rewritten: the start is refused. No record (a first start, a file moved
// without it): nothing is compared; an unreadable one (a crash while it was
// renamed into place) is warned of on w and not compared either, since
// removing it would do as much. A database this start created (fresh) is
// not compared: a head beside it was recorded for a file no longer there
// (the operator began again with a new file), whose events a new trail
// cannot extend, and it is replaced at the start.
func checkRecordedHead(ctx context.Context, db *factordb.DB, dbPath string, fresh bool, w io.Writer) error {
	path := headPath(dbPath)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err == nil && fresh {
		fmt.Fprintf(w, "note: %s was recorded for a database no longer at %s; this start created a new database, whose head replaces it\n", path, dbPath)
		return nil
	} else if err != nil {
		return fmt.Errorf("read the recorded audit head: %w", err)
	}
	recorded, ok := parseHead(strings.TrimSpace(string(b)))
	if !ok {
		fmt.Fprintf(w, "WARNING 警告: %s does not hold an audit head N:DIGEST: the file is not compared with the head of the last run\n", path)
		return nil
	}
	have, holds, err := db.AuditHeadHolds(recorded)
	switch {
	case err != nil:
		return err
	case holds:
		return nil
	case have.Count >= recorded.Count:
		return fmt.Errorf("审计链与上次运行记录的不一致,拒绝启动。the audit trail of %s does not extend the head %d:%s recorded in %s at the last run: "+
			"event %d has another digest, so the trail was rewritten (check it with 'pcf audit verify --db %s --head %d:%s'); "+
			"remove %s only if you know why", dbPath, recorded.Count, recorded.Digest, path, recorded.Count, dbPath, recorded.Count, recorded.Digest, path)
	}
	return db.MarkOlderCopy(ctx, recorded, path)
}

// headRecorder records a running server's audit head beside its database
// (headPath) at start, every headInterval and at Close, so that the next
// start knows a file put in place of this one (checkRecordedHead).
type headRecorder struct {
	db     *factordb.DB
	certs  *factordb.CertificationService
	dbPath string
	stop   chan struct{}
	wg     sync.WaitGroup
}

// startHeadRecorder records the head now and starts recording it every
// headInterval; it returns the head recorded.
func startHeadRecorder(db *factordb.DB, dbPath string, log *slog.Logger) (*headRecorder, access.AuditHead, error) {
	r := &headRecorder{db: db, certs: factordb.NewCertificationService(db), dbPath: dbPath, stop: make(chan struct{})}
	h, err := r.record()
	if err != nil {
		return nil, h, err
	}
	r.wg.Go(func() {
		t := time.NewTicker(headInterval)
		defer t.Stop()
		failing := false
		for {
			select {
			case <-r.stop:
				return
			case <-t.C:
				// Tried again at the next tick and at Close; said once
				// when it fails (a full disk, a read-only directory: the
				// head a restore is judged by grows stale unseen, red team
				// 66) and once when it works again.
				_, err := r.record()
				switch {
				case err != nil && !failing:
					log.Error("record the audit head", slog.String("path", headPath(r.dbPath)), slog.Any("err", err))
				case err == nil && failing:
					log.Info("audit head recorded again", slog.String("path", headPath(r.dbPath)))
				}
				failing = err != nil
			}
		}
	})
	return r, h, nil
}

// record writes the database's audit head to headPath.
func (r *headRecorder) record() (access.AuditHead, error) {
	h, err := r.certs.FindAuditHead(context.Background())
	if err != nil || h.Count == 0 {
		return h, err
	}
	return h, writeFileAtomic(headPath(r.dbPath), fmt.Appendf(nil, "%d:%s\n", h.Count, h.Digest))
}

// Close stops the recording and records the head a last time.
func (r *headRecorder) Close() error {
	close(r.stop)
	r.wg.Wait()
	_, err := r.record()
	return err
}

// warnClock warns when the clock reads before what the database holds: its
// last restore's recorded time (a clock set forward at the restore, or
// back after it: an API key or certificate confirmed now would be
// confirmed before the restore and not count, so confirmations are refused
// until the clock passes it), or its last audit event.
func warnClock(ctx context.Context, db *factordb.DB, certs *factordb.CertificationService, now time.Time, w io.Writer) error {
	at, err := db.RestoredAt()
	if err != nil {
		return err
	}
	if now.Before(at) {
		fmt.Fprintf(w, "WARNING 警告: the clock reads %s, before the time this database's restore is recorded at (%s): "+
			"confirmations of API keys and certificates are refused until the clock passes it; if the clock was set forward at the restore, restore the copy again with the clock right\n",
			now.UTC().Format(time.RFC3339), at.UTC().Format(time.RFC3339))
	}
	last, _, err := certs.FindAuditEvents(ctx, access.AuditFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(last) == 1 && now.Before(last[0].At) {
		fmt.Fprintf(w, "WARNING 警告: the clock reads %s, before the last audit event (event %d, %s at %s): "+
			"set the clock right; what is recorded now is dated before what is recorded already\n",
			now.UTC().Format(time.RFC3339), last[0].Seq, last[0].Action, last[0].At.UTC().Format(time.RFC3339))
	}
	return nil
}

package factordb_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

func TestOpen(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// Ensure a new file is created with its parent directory and reopens.
		path := filepath.Join(t.TempDir(), "sub", "dir", "pcf.db")
		db, err := factordb.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := db.Path, path; got != want {
			t.Fatalf("Path=%q, want %q", got, want)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = MustOpenDBAt(t, path)
		if _, err := factordb.NewFactorService(db).FindFactorSets(context.Background()); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ErrNewerSchema", func(t *testing.T) {
		// Ensure a file with a newer schema is refused and left unchanged.
		path := mustCreateFile(t)
		setSchema(t, path, factordb.SchemaVersion+1)
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}

		db, err := factordb.Open(path)
		if err == nil {
			db.Close()
			t.Fatal("Open succeeded on a newer schema")
		}
		if !errors.Is(err, factordb.ErrSchemaNewer) {
			t.Fatalf("err=%v, want ErrSchemaNewer", err)
		}
		after, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Fatal("file changed by a refused Open")
		}
	})

	t.Run("CurrentSchema", func(t *testing.T) {
		// Ensure Open writes the current schema version.
		path := mustCreateFile(t)
		if got, want := readSchema(t, path), uint32(factordb.SchemaVersion); got != want {
			t.Fatalf("schema=%d, want %d", got, want)
		}
	})

	t.Run("RefusedByProgramsBeforeTheChain", func(t *testing.T) {
		// Ensure a file with the audit chain, new or chained at Open,
		// has a schema version that programs from before the chain
		// (schema 5, up to d6dff2c) refuse: above 5 and without the
		// marker of a move to study_files, under which they take 6. They
		// would otherwise write events without seq, prev and digest into
		// it, and Check would report a break there.
		const beforeTheChain = 5
		created := mustCreateFile(t)
		chained := mustCreateFile(t)
		setSchema(t, chained, beforeTheChain) // as the session-34 program wrote it
		db, err := factordb.Open(chained)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		for name, path := range map[string]string{"new file": created, "file chained at Open": chained} {
			if got := readSchema(t, path); got <= beforeTheChain || readMeta(t, path, "migrate:study_files_from") != nil {
				t.Errorf("%s: schema %d, move marker %x: a program before the chain opens it", name, got, readMeta(t, path, "migrate:study_files_from"))
			}
		}
	})

	t.Run("ErrNotBolt", func(t *testing.T) {
		// Ensure a file that is not a database is an error, not a panic.
		path := filepath.Join(t.TempDir(), "db")
		if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
			t.Fatal(err)
		}
		if db, err := factordb.Open(path); err == nil {
			db.Close()
			t.Fatal("Open succeeded on a non-database file")
		}
	})
}

// setSchema overwrites the schema version of a closed database file.
func setSchema(tb testing.TB, path string, v uint32) {
	tb.Helper()
	factordbtest.EditFile(tb, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, v))
	})
}

// readSchema reads the schema version of a closed database file.
func readSchema(tb testing.TB, path string) uint32 {
	tb.Helper()
	return binary.BigEndian.Uint32(readMeta(tb, path, "schema"))
}

// readMeta reads key in the meta bucket of a closed database file (nil
// if absent).
func readMeta(tb testing.TB, path, key string) []byte {
	tb.Helper()
	var v []byte
	factordbtest.ViewFile(tb, path, func(tx *bolt.Tx) error {
		v = bytes.Clone(tx.Bucket([]byte("meta")).Get([]byte(key)))
		return nil
	})
	return v
}

func TestDB_Backup(t *testing.T) {
	ctx := context.Background()

	t.Run("Writer", func(t *testing.T) {
		// Ensure a hot backup written to a writer opens as a database with the
		// same sets and factors, while the source stays usable.
		db := MustOpenDB(t)
		svc := factordb.NewFactorService(db)
		MustCreateFactorSet(t, svc, "2026.1", "")
		MustImportFactors(t, svc, "2026.1", newFactor("TEST-0001"), newFactor("TEST-0002"))
		MustPublishFactorSet(t, svc, "2026.1")

		var buf bytes.Buffer
		n, err := db.Backup(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := n, int64(buf.Len()); got != want {
			t.Fatalf("n=%d, want %d", got, want)
		}
		size, err := db.Size()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := n, size; got != want {
			t.Fatalf("n=%d, want Size()=%d", got, want)
		}

		// The source keeps working after the backup.
		MustCreateFactorSet(t, svc, "2026.2", "2026.1")

		path := filepath.Join(t.TempDir(), "restored.db")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		restored := factordb.NewFactorService(MustOpenDBAt(t, path))
		assertSameSet(t, svc, restored, "2026.1")
		if _, err := restored.FindFactorSetByVersion(ctx, "2026.2"); footprint.ErrorCode(err) != footprint.ENOTFOUND {
			t.Fatalf("set created after the backup: err=%v, want ENOTFOUND", err)
		}
		f, err := restored.FindFactorByCode(ctx, "", "TEST-0002")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f, newFactor("TEST-0002"); !equalFactor(got, want) {
			t.Fatalf("factor=%+v, want %+v", got, want)
		}
	})

	t.Run("File", func(t *testing.T) {
		// Ensure BackupToFile writes a restorable file atomically, replacing
		// an older backup and leaving no temporary file.
		db := MustOpenDB(t)
		svc := factordb.NewFactorService(db)
		MustCreateFactorSet(t, svc, "2026.1", "")
		MustImportFactors(t, svc, "2026.1", newFactor("TEST-0001"))
		MustPublishFactorSet(t, svc, "2026.1")

		dir := t.TempDir()
		path := filepath.Join(dir, "backup.db")
		if err := os.WriteFile(path, []byte("old backup"), 0o600); err != nil {
			t.Fatal(err)
		}
		n, err := db.BackupToFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fi.Size(), n; got != want {
			t.Fatalf("size=%d, want %d", got, want)
		}
		if entries, err := os.ReadDir(dir); err != nil {
			t.Fatal(err)
		} else if got, want := len(entries), 1; got != want {
			t.Fatalf("files in backup dir=%d, want %d", got, want)
		}
		restored := factordb.NewFactorService(MustOpenDBAt(t, path))
		assertSameSet(t, svc, restored, "2026.1")
	})

	t.Run("ErrDirectory", func(t *testing.T) {
		// Ensure a backup to a missing directory fails and creates nothing.
		db := MustOpenDB(t)
		path := filepath.Join(t.TempDir(), "missing", "backup.db")
		if _, err := db.BackupToFile(path); err == nil {
			t.Fatal("BackupToFile succeeded into a missing directory")
		}
	})
}

// assertSameSet fails unless set version has the same record and factors in
// both services.
func assertSameSet(tb testing.TB, a, b *factordb.FactorService, version string) {
	tb.Helper()
	read := func(svc *factordb.FactorService) (*footprint.FactorSet, []*footprint.Factor) {
		ctx := context.Background()
		set, err := svc.FindFactorSetByVersion(ctx, version)
		if err != nil {
			tb.Fatal(err)
		}
		factors, err := svc.ExportFactorSet(ctx, version)
		if err != nil {
			tb.Fatal(err)
		}
		return set, factors
	}
	sa, fa := read(a)
	sb, fb := read(b)
	if !equalSet(sa, sb) {
		tb.Fatalf("set=%+v, want %+v", sb, sa)
	}
	if got, want := len(fb), len(fa); got != want {
		tb.Fatalf("factors=%d, want %d", got, want)
	}
	for i := range fa {
		if !equalFactor(fb[i], fa[i]) {
			tb.Fatalf("factor[%d]=%+v, want %+v", i, fb[i], fa[i])
		}
	}
}

// migrationEvents returns the audit events of the migrations applied to
// the file of certs.
func migrationEvents(tb testing.TB, certs *factordb.CertificationService) []*access.AuditEvent {
	tb.Helper()
	action := factordb.AuditDatabaseMigrate
	evs, _, err := certs.FindAuditEvents(context.Background(), access.AuditFilter{Action: &action, Limit: 100})
	if err != nil {
		tb.Fatal(err)
	}
	return evs
}

// Ensure the schema-4 migration, which joins the product-model lineages
// that today's ModelKey reads as one, says in the audit trail which
// lineages it joined and which certificate heads them now; and that it,
// like every migration, runs and is recorded once: opening the file again
// records nothing and changes nothing.
func TestOpen_MigrationAudited(t *testing.T) {
	s := MustOpenWithOrgs(t)
	if evs := migrationEvents(t, s.certs); len(evs) != 0 {
		t.Fatalf("a new file has nothing to migrate: %+v", evs)
	}
	st := s.MustCreateStudy(t, orgMaker, "GEC-MG-1", func(st *footprint.Study) { st.Product.Model = "DEMO-M1O-54" })
	old := s.mustIssueStudy(t, st.ID, orgMaker).Certificate()
	// The index as schema 2 keyed it: the model's own letters.
	if err := factordb.PutModelIndex(s.db, 2, nil); err != nil {
		t.Fatal(err)
	}
	if err := factordb.PutModelIndexEntry(s.db, "DEMOM1O54\x00"+orgMaker, old.ID); err != nil {
		t.Fatal(err)
	}
	// A second lineage of the same model, begun beside the first while
	// the old key hid it.
	again := s.MustCreateStudy(t, orgMaker, "GEC-MG-2", func(st *footprint.Study) { st.Product.Model = "DEMO-M10-54" })
	second := s.mustIssueStudy(t, again.ID, orgMaker).Certificate()

	mustRun(t, s.db, factordb.Init)
	evs := migrationEvents(t, s.certs)
	var schema4 *access.AuditEvent
	for _, ev := range evs {
		if ev.Subject == "database/schema-4" {
			schema4 = ev
		}
		if ev.Actor != "system" {
			t.Errorf("migration %s by %q", ev.Subject, ev.Actor)
		}
	}
	if schema4 == nil {
		t.Fatalf("no audit event of the schema-4 migration: %+v", evs)
	}
	for _, want := range []string{"joined", old.Number, second.Number, `"DEMO-M1O-54"`, `"DEMO-M10-54"`, "current certificate " + second.Number} {
		if !strings.Contains(schema4.Detail, want) {
			t.Errorf("detail %q does not say %q", schema4.Detail, want)
		}
	}
	for round := range 2 {
		mustRun(t, s.db, factordb.Init)
		if got := migrationEvents(t, s.certs); len(got) != len(evs) {
			t.Fatalf("open %d: %d migration events, want the %d of the first: %+v", round, len(got), len(evs), got)
		}
	}
}

// Ensure opening a file written by an earlier version (schema 1) records
// every migration it applies, once: the schema steps and each index built
// since, and nothing at the next opens.
func TestOpen_OldFileMigrationsRecordedOnce(t *testing.T) {
	db := MustOpenTestdataDB(t, "format1.db.gz")
	certs := factordb.NewCertificationService(db)
	evs := migrationEvents(t, certs)
	subjects := map[string]bool{}
	for _, ev := range evs {
		subjects[ev.Subject] = true
	}
	for _, want := range []string{"database/schema-2", "database/schema-4", "database/schema", "database/index:audit_events", "database/keys:retired_seeds_destroyed", "database/migration:audit-chain"} {
		if !subjects[want] {
			t.Errorf("no migration event %s in %v", want, subjects)
		}
	}
	// The events of the file, unchained, are chained in their order, and
	// the event saying so follows them (Check, at cleanup, walks the chain).
	for _, ev := range evs {
		if ev.Subject == "database/migration:audit-chain" && !strings.Contains(ev.Detail, fmt.Sprintf("audit chain started: the %d events before this one were chained now", ev.Seq-1)) {
			t.Errorf("chain migration event %d: %q", ev.Seq, ev.Detail)
		}
	}
	for round := range 2 {
		mustRun(t, db, factordb.Init)
		if got := migrationEvents(t, certs); len(got) != len(evs) {
			t.Fatalf("open %d: %d migration events, want %d", round, len(got), len(evs))
		}
	}
}

// hardKillEnv names, in the environment of the child process of
// TestDB_HardKill, the database it writes to.
const hardKillEnv = "PCF_TEST_HARD_KILL_DB"

// A certificate acknowledged is durable: a process issuing certificates
// from several goroutines (grouped commits) is killed (SIGKILL) 100 times
// in the middle of its writes; after each kill the database opens, passes
// bbolt's consistency check, and holds every certificate whose issue had
// returned, under its number, with a signature that verifies, and no number
// twice.
func TestDB_HardKill(t *testing.T) {
	if path := os.Getenv(hardKillEnv); path != "" {
		hardKillChild(t, path)
		return
	}
	kills := 100
	if testing.Short() {
		kills = 10
	}
	path := filepath.Join(t.TempDir(), "pcf.db")
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustLoadSeed(t, factordb.NewFactorService(db))
	(&services{auth: factordb.NewAuthService(db)}).MustCreateOrgs(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	acked := map[uuid.UUID]string{} // every certificate acknowledged so far
	for kill := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDB_HardKill$", "-test.count=1")
		cmd.Env = append(os.Environ(), hardKillEnv+"="+path)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		// Kill after a few acknowledgements, while the other goroutines'
		// writes are under way.
		wait, killed := 1+rand.IntN(6), false
		timeout := time.After(time.Minute)
		for n := 0; ; {
			var line string
			var ok bool
			select {
			case line, ok = <-lines:
			case <-timeout:
				_ = cmd.Process.Kill()
				t.Fatalf("kill %d: no acknowledgement within a minute", kill)
			}
			if !ok {
				break
			}
			var ref, number string
			if _, err := fmt.Sscanf(line, "ACK %s %s", &ref, &number); err != nil {
				continue // the test framework's own output
			}
			id, err := uuid.Parse(ref)
			if err != nil {
				t.Fatalf("kill %d: %q: %v", kill, line, err)
			}
			acked[id] = number
			if n++; n == wait && !killed {
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
		if err := cmd.Wait(); err == nil || !killed {
			t.Fatalf("kill %d: child ended by itself (%v)", kill, err)
		}
		checkAcknowledged(t, path, acked)
	}
	t.Logf("%d kills, %d certificates acknowledged and found", kills, len(acked))
}

// checkAcknowledged opens the database at path and checks it holds every
// acknowledged certificate, verifiable, and no number twice.
func checkAcknowledged(tb testing.TB, path string, acked map[uuid.UUID]string) {
	tb.Helper()
	ctx := context.Background()
	db, err := factordb.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		tb.Fatal(err)
	}
	certs := factordb.NewCertificationService(db)
	keys, err := factordb.NewKeyService(db).PublicKeys(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for id, number := range acked {
		rec, err := certs.FindCertificateByID(ctx, id)
		if err != nil {
			tb.Fatalf("acknowledged certificate %s (%s): %v", id, number, err)
		}
		if got := rec.Certificate().Number; got != number {
			tb.Fatalf("certificate %s: number %s, acknowledged as %s", id, got, number)
		}
		if err := certification.VerifyCertificate(rec.Signed, keys); err != nil {
			tb.Fatalf("certificate %s: %v", id, err)
		}
	}
	seen := map[string]bool{}
	for f := (certification.CertificateFilter{Limit: footprint.MaxLimit}); ; {
		page, next, err := certs.FindCertificates(ctx, f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, rec := range page {
			if n := rec.Certificate().Number; seen[n] {
				tb.Fatalf("number %s twice", n)
			} else {
				seen[n] = true
			}
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if len(seen) < len(acked) {
		tb.Fatalf("%d certificates stored, %d acknowledged", len(seen), len(acked))
	}
}

// hardKillChild issues certificates of new studies in the database at path
// from four goroutines until it is killed, writing "ACK <id> <number>" on
// standard output once each issue has returned.
func hardKillChild(t *testing.T, path string) {
	ctx := context.Background()
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s := &services{db: db, factors: factordb.NewFactorService(db), certs: factordb.NewCertificationService(db)}
	s.studies = factordb.NewStudyService(db, s.factors, s.certs)
	var mu sync.Mutex
	var wg sync.WaitGroup
	// The serials' prefix tells this child from every earlier one: a PID
	// alone is reused on a busy machine (kill 99 once took an earlier
	// child's PID, whose serials the register already held).
	run := fmt.Sprintf("%d-%X", os.Getpid(), time.Now().UnixNano())
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				st := demoStudy(t, orgMaker, fmt.Sprintf("GEC-KILL-%s-%d-%d", run, g, i))
				if _, err := s.studies.CreateStudy(ctx, st); err != nil {
					panic(err)
				}
				app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
				if err := s.certs.CreateApplication(ctx, app); err != nil {
					panic(err)
				}
				rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
				if err != nil {
					panic(err)
				}
				c := rec.Certificate()
				line := fmt.Sprintf("ACK %s %s\n", c.ID, c.Number)
				mu.Lock()
				_, err = os.Stdout.WriteString(line) // one write: whole lines only
				mu.Unlock()
				if err != nil {
					panic(err)
				}
				if strings.HasSuffix(c.Number, "-099999") {
					panic("too many certificates")
				}
			}
		})
	}
	wg.Wait()
}

// TestDB_Commits: every committed write advances Commits and a read does
// not, so two equal readings mean nothing was written between them (the
// rule-4 sweep's check that a refused request changed nothing).
func TestDB_Commits(t *testing.T) {
	s := MustOpenServices(t)
	ctx := context.Background()
	before, err := s.db.Commits()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.factors.FindFactorSets(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.db.Commits(); n != before {
		t.Errorf("a read advanced Commits: %d → %d", before, n)
	}
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.db.Commits(); n <= before {
		t.Errorf("a write left Commits at %d (before %d)", n, before)
	}
}

// Ensure a roll-back to a program of schema 7 cannot hide what it wrote
// (red team 60). This session's indexes, application_order and
// api_keys_compromised, were built at Open and marked done with the
// schema left at 7, so this morning's pcf (ec1eade) opened the file and
// wrote without them: rolled forward again, the laptop's application it
// took was in no list (the certifier's pending queue empty, GET
// /v1/applications/{id} pending), the one it issued in no list of issued
// ones, and the certificate issued with a key it marked compromised not in
// the flagged list; `pcf audit verify --db` said everything agreed. The
// file is now of schema 8, which a program of schema 7 refuses, and Open
// builds both indexes again for a file of schema 7.
func TestRedteam60_SchemaSevenWritesListedAfterRollForward(t *testing.T) {
	ctx, s := mustStart(t)
	app := s.MustApply(t, "PCF-RT60-1")
	_, stolen := MustCreateKey(t, s.auth, orgCertifier, access.RoleCertifier)
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, fixedNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A recovery key (red team 61's index): made once its body's only key
	// was revoked.
	_, gone := MustCreateKey(t, s.auth, "Recovery Certification Body", access.RoleCertifier)
	if err := s.auth.RevokeAPIKey(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, recovery := MustCreateKey(t, s.auth, "Recovery Certification Body", access.RoleCertifier); !recovery.Recovery {
		t.Fatalf("%+v: want a recovery key", recovery)
	}
	mustRun(t, s.db, factordb.WrittenBySchema7)
	mustRun(t, s.db, factordb.Init)
	if v, err := factordb.StoredSchema(s.db); err != nil || v <= 7 {
		t.Errorf("schema %d (%v) after Open: a program of schema 7 opens the file and writes applications, decisions and compromise reports outside application_order and api_keys_compromised", v, err)
	}
	if err := factordb.CheckApplicationFilterIndex(s.db); err != nil {
		t.Error(err)
	}
	if err := factordb.CheckCompromisedKeyIndex(s.db); err != nil {
		t.Error(err)
	}
	if err := factordb.CheckRecoveryKeyIndex(s.db); err != nil {
		t.Error(err)
	}
	pending := certification.ApplicationPending
	got, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{Certifier: new(orgCertifier), Status: &pending})
	if err != nil || !slices.ContainsFunc(got, func(a *certification.Application) bool { return a.ID == app.ID }) {
		t.Errorf("the certifier's pending queue: %d applications (%v), want the one a program of schema 7 stored", len(got), err)
	}
}

// Ensure a database file put in place readable by others is its owner's
// only once opened (red team 60): a backup downloaded with curl -o
// (GET /v1/admin/backup, umask 022: mode 0644) and moved into place was
// served as it was, and the restored copy stored its new signing key's
// private seed in it, readable by every local user.
func TestRedteam60_FileReadableByOthersMadeTheOwners(t *testing.T) {
	path := mustCreateFile(t)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db := MustOpenDBAt(t, path)
	fi, err := os.Stat(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after Open, want 0600: the file holds the signing key's seed", fi.Mode().Perm())
	}
}

// Ensure the keys made with a stolen admin key after the time it is
// reported compromised as of are compromised too, as of their making, and
// so on down the chain (red team 60): the thief minted a manufacturer's
// key with the operator's stolen admin key, and once the admin key was
// reported, the minted key stayed usable (the cascade followed only a
// body's confirmations). A key the admin key made before that time is
// its holder's and stays usable.
func TestRedteam60_KeysMadeWithAStolenAdminKeyAreCompromised(t *testing.T) {
	ctx, s := mustStart(t)
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 1))
	_, stolen := MustCreateKey(t, s.auth, "Operator", access.RoleAdmin)
	mint := func(with *access.APIKey, org string) (string, *access.APIKey) {
		t.Helper()
		as := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: with.ID})
		token, k, err := s.auth.CreateAPIKey(as, org)
		if err != nil {
			t.Fatal(err)
		}
		return token, k
	}
	before, _ := mint(stolen, orgMaker) // day 1: the operator's
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 5))
	minted, _ := mint(stolen, orgMaker) // day 5: the thief's
	mintedAdmin, adminKey := mint(stolen, "Operator")
	byMinted, _ := mint(adminKey, orgRegulator) // made with the thief's own admin key
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 6))
	if _, err := s.auth.MarkAPIKeyCompromised(ctx, stolen.ID, fixedNow.AddDate(0, 0, 3)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, token string
		compromised bool
	}{{"made before the time reported", before, false}, {"minted after it", minted, true}, {"an admin key minted after it", mintedAdmin, true}, {"made with that key", byMinted, true}} {
		if _, err := s.auth.Authenticate(ctx, tc.token); (err != nil) != tc.compromised {
			t.Errorf("key %s: Authenticate: %v; want refused: %v", tc.name, err, tc.compromised)
		}
	}
	if err := factordb.CheckCompromisedKeyIndex(s.db); err != nil {
		t.Error(err)
	}
	if err := s.db.Check(); err != nil {
		t.Error(err)
	}
}

// Ensure a file with a damaged page (a copy torn by a write: red team 66
// caught 5 of 15 cp runs beside a writing server so) is refused with an
// error that says the file is damaged, not a panic and a stack trace.
// Here the root page of the newest meta is overwritten.
func TestOpen_DamagedFileRefused(t *testing.T) {
	path := mustCreateFile(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize, metaAt = 4096, 16 // bbolt: two meta pages, the meta after a 16-byte page header
	meta := func(i int) (root, txid uint64) {
		m := b[i*pageSize+metaAt:]
		return binary.LittleEndian.Uint64(m[16:]), binary.LittleEndian.Uint64(m[48:])
	}
	root, txid := meta(0)
	if r1, t1 := meta(1); t1 > txid {
		root = r1
	}
	if binary.LittleEndian.Uint32(b[metaAt:]) != 0xed0cdaed || int(root+1)*pageSize > len(b) {
		t.Fatalf("test premise: not a bbolt file of 4 KiB pages (root page %d)", root)
	}
	copy(b[int(root)*pageSize:], bytes.Repeat([]byte{0xff}, pageSize))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var got error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("Open of a damaged file panicked: %v", r)
			}
		}()
		_, got = factordb.Open(path)
	}()
	if got == nil || !strings.Contains(got.Error(), "数据库文件已损坏") || !strings.Contains(got.Error(), "the database file is damaged") {
		t.Fatalf("Open of a damaged file: %v, want it said damaged, in both languages", got)
	}
}

// Ensure AuditHeadHolds finds each event of the trail by its place in the
// chain in a file written before the chain (its events chained at open, in
// their stored order: migration:audit-chain): a head the service recorded
// at any event holds, one of another digest does not (review 52).
func TestDB_AuditHeadHoldsEveryEvent(t *testing.T) {
	for _, name := range []string{"format1.db.gz", "prechain.db.gz"} {
		t.Run(name, func(t *testing.T) {
			db := MustOpenTestdataDB(t, name)
			certs := factordb.NewCertificationService(db)
			evs, _, err := certs.FindAuditEvents(context.Background(), access.AuditFilter{Limit: footprint.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			head, err := certs.FindAuditHead(context.Background())
			if err != nil || head.Count != uint64(len(evs)) {
				t.Fatalf("head %+v (%v), %d events", head, err, len(evs))
			}
			for _, ev := range evs {
				got, holds, err := db.AuditHeadHolds(access.AuditHead{Count: ev.Seq, Digest: ev.Digest})
				if err != nil || !holds || got != head {
					t.Errorf("head at event %d (%s): holds %v, head %+v (%v), want holds, %+v", ev.Seq, ev.Subject, holds, got, err, head)
				}
				if _, holds, err := db.AuditHeadHolds(access.AuditHead{Count: ev.Seq, Digest: ev.Prev}); err != nil || holds {
					t.Errorf("head at event %d with the digest before it: holds %v (%v), want not", ev.Seq, holds, err)
				}
			}
		})
	}
}

// Ensure AuditHeadHolds finds an event stored under a key other than its
// place in the chain (a trail chained after the fact in its stored order,
// migration:audit-chain): a head the service recorded at any event of the
// trail holds, one of another digest does not. Without auditEventAt's walk
// of the trail, every head of such a file was "not held" (review 52: the
// walk was covered by no test).
func TestDB_AuditHeadHoldsEventsStoredApart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(path, mustAuditTrailFile(t), 0o600); err != nil {
		t.Fatal(err)
	}
	factordbtest.EditFile(t, path, func(tx *bolt.Tx) error { // events 1 to 5 under keys 101 to 105, in their order
		b := tx.Bucket([]byte("audit_events"))
		for seq := uint64(5); seq >= 1; seq-- {
			k := binary.BigEndian.AppendUint64(nil, seq)
			v := bytes.Clone(b.Get(k))
			if v == nil {
				return fmt.Errorf("no audit event %d", seq)
			}
			if err := b.Put(binary.BigEndian.AppendUint64(nil, seq+100), v); err != nil {
				return err
			}
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		idx := tx.Bucket([]byte("audit_index")) // its keys end in the event's key
		var keys [][]byte
		if err := idx.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil }); err != nil {
			return err
		}
		for _, k := range keys {
			at := len(k) - 8
			moved := binary.BigEndian.AppendUint64(bytes.Clone(k[:at]), binary.BigEndian.Uint64(k[at:])+100)
			if err := idx.Delete(k); err != nil {
				return err
			}
			if err := idx.Put(moved, nil); err != nil {
				return err
			}
		}
		return nil
	})
	factordbtest.ViewFile(t, path, func(tx *bolt.Tx) error { // the trail is stored apart, or the test tests nothing
		b := tx.Bucket([]byte("audit_events"))
		if b.Get(binary.BigEndian.AppendUint64(nil, 1)) != nil || b.Get(binary.BigEndian.AppendUint64(nil, 101)) == nil {
			return fmt.Errorf("audit event 1 not moved to key 101")
		}
		return nil
	})
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatalf("check of the trail stored apart: %v", err)
	}
	evs, _, err := factordb.NewCertificationService(db).FindAuditEvents(t.Context(), access.AuditFilter{Limit: footprint.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.Subject != "certificate/c" {
			continue
		}
		n++
		if _, holds, err := db.AuditHeadHolds(access.AuditHead{Count: ev.Seq, Digest: ev.Digest}); err != nil || !holds {
			t.Errorf("head at event %d (%s): holds %v (%v), want holds", ev.Seq, ev.Detail, holds, err)
		}
		if _, holds, err := db.AuditHeadHolds(access.AuditHead{Count: ev.Seq, Digest: ev.Prev}); err != nil || holds {
			t.Errorf("head at event %d with the digest before it: holds %v (%v), want not", ev.Seq, holds, err)
		}
	}
	if n != 5 {
		t.Fatalf("%d events of certificate/c, want 5", n)
	}
}

package factordb_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

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
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				st := demoStudy(t, orgMaker, fmt.Sprintf("GEC-KILL-%d-%d-%d", os.Getpid(), g, i))
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

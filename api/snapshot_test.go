package api_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/seed"
)

// The sweeps and the role matrix open some hundreds of stacks that each
// start from the same seeded fixture (newSeededStack, then seedFixture):
// building one was most of their time. fixtureStack builds it once per
// test binary, keeps the database file, and gives each caller a stack on
// a copy of it: the same store, clock and keys as a stack built anew, on
// a server of its own.

// stackSnapshot is a stack's database file and what the stack kept beside
// it.
type stackSnapshot struct {
	file   []byte
	clock  int64
	tokens map[string]string
	fx     fixture
}

var fixtureSnapshot struct {
	once sync.Once
	snap *stackSnapshot // nil if the build failed
}

// fixtureStack is newSeededStack with the fake certificate renderer and
// seedFixture(tb, draftSet) done, on a copy of a database built once. Its
// tokens are those of every other fixtureStack: a test that needs the
// keys of two stacks to differ builds its stacks anew.
func fixtureStack(tb testing.TB, draftSet string) (*stack, fixture) {
	tb.Helper()
	fixtureSnapshot.once.Do(func() {
		st := newSeededStack(tb)
		st.srv.CertificateRenderer = fakeRenderer{}
		fx := st.seedFixture(tb, "")
		snap := &stackSnapshot{clock: st.clock.t.Load(), tokens: st.tokens, fx: fx}
		if err := st.db.Close(); err != nil {
			tb.Fatal(err)
		}
		b, err := os.ReadFile(st.db.Path)
		if err != nil {
			tb.Fatal(err)
		}
		snap.file = b
		fixtureSnapshot.snap = snap
	})
	snap := fixtureSnapshot.snap
	if snap == nil {
		tb.Fatal("the fixture stack's snapshot failed to build (in an earlier test)")
	}
	db := openCopy(tb, snap.file)
	tb.Cleanup(func() { db.Close() })
	st := &stack{clock: newTestClock(time.Unix(0, snap.clock)), tokens: map[string]string{}}
	for k, v := range snap.tokens {
		st.tokens[k] = v
	}
	st.wire(db, true)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := snap.fx
	if draftSet != "" {
		st.addDraft(tb, draftSet)
		fx.draftSet = draftSet
	}
	return st, fx
}

// openCopy opens a copy of the database file b, without fsync (noSync).
func openCopy(tb testing.TB, b []byte) *factordb.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	db, err := factordb.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	noSync(tb, db)
	return db
}

// seededFile is a database file with the seed set loaded (seed.Load) and
// nothing else, built once: newStack copies it rather than load the seed
// set into each new database. The set's timestamps are those of the
// build, read from the clock as a load's are (the stacks set their test
// clock after the load).
var seededFile = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "pcf-api-seeded-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "db")
	db, err := factordb.Open(path)
	if err != nil {
		return nil, err
	}
	factors, err := seed.Factors()
	if err == nil {
		_, err = seed.Load(context.Background(), factordb.NewFactorService(db), seed.SetVersion, factors)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return os.ReadFile(path)
})

package factordb_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
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
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, v))
	}); err != nil {
		tb.Fatal(err)
	}
}

// readSchema reads the schema version of a closed database file.
func readSchema(tb testing.TB, path string) uint32 {
	tb.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer bdb.Close()
	var v uint32
	if err := bdb.View(func(tx *bolt.Tx) error {
		v = binary.BigEndian.Uint32(tx.Bucket([]byte("meta")).Get([]byte("schema")))
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
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
	ctx := context.Background()
	sa, err := a.FindFactorSetByVersion(ctx, version)
	if err != nil {
		tb.Fatal(err)
	}
	sb, err := b.FindFactorSetByVersion(ctx, version)
	if err != nil {
		tb.Fatal(err)
	}
	if !equalSet(sa, sb) {
		tb.Fatalf("set=%+v, want %+v", sb, sa)
	}
	fa, err := a.ExportFactorSet(ctx, version)
	if err != nil {
		tb.Fatal(err)
	}
	fb, err := b.ExportFactorSet(ctx, version)
	if err != nil {
		tb.Fatal(err)
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

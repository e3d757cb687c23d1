package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
)

// runBackup is "pcf backup -o FILE": a hot backup of the database file, or,
// while pcf serve holds it, of the server's database through its admin
// endpoint, which leaves out the private signing keys (README, "Backup").
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup")
	d := addDBFlags(fs)
	out := fs.String("o", "", "backup file to write")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(pos) > 0 {
		return usageError("backup: want -o FILE")
	}
	// A copy renamed over the database replaces the file a running
	// server holds: it goes on writing into the old one, unlinked, and
	// what it records after the copy is gone at its next start (red
	// team 66). On the file, the database would become a copy of itself.
	if sameFile(*out, d.path) {
		return usageError(fmt.Sprintf("backup: -o %[1]s 是数据库文件本身(%[2]s):备份须写到别处。-o %[1]s is the database itself (%[2]s): write the backup elsewhere", *out, d.path))
	}
	// The copy is written beside FILE: a directory that is not there is
	// said so before a download, in the terms the operator gave.
	if dir := filepath.Dir(*out); dir != "" {
		if fi, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("backup: -o %[1]s:目录 %[2]s 不存在。-o %[1]s: directory %[2]s does not exist", *out, dir)
		} else if err != nil || !fi.IsDir() { // a file where a directory of the path should be (ENOTDIR)
			return fmt.Errorf("backup: -o %[1]s:%[2]s 不是目录。-o %[1]s: %[2]s is not a directory", *out, dir)
		}
	}
	svc, err := connect(ctx, d, dbExisting, true, stderr)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer svc.Close()
	if svc.Client != nil {
		return backupRemote(ctx, svc.Client.URL, svc.Client.Token, *out, stdout)
	}
	// Marked as a copy: once restored, it retires its signing key at the
	// time of the copy and signs with a new one (factordb.FullBackupToFile).
	n, err := svc.DB.FullBackupToFile(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes, a full copy with the private signing keys: keep it as protected as the database; a restored copy signs with a new key, its key retired at the time of the copy)\n", *out, n)
	return nil
}

// backupRemote downloads a hot backup from a running server's admin
// endpoint, checks that it opens as a database, and only then renames it
// into place.
func backupRemote(ctx context.Context, server, token, out string, stdout io.Writer) error {
	c := api.NewClient(server)
	c.Token = token
	// A new file of its own, mode 0600, never whatever is already at a
	// fixed name: a link planted there by another local user had the
	// copy written into the file it led to (red team 66).
	f, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	n, err := c.Backup(ctx, f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// Never trust a copy unopened: bbolt maps the file, and a truncated
		// one can crash the reader.
		err = checkBackup(ctx, tmp)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes, from %s; without private signing keys or PACT client secrets: a restored copy verifies the certificates it holds and signs with a new key, its key retired at the time of the copy, so certificates issued after the copy no longer verify; PACT endpoints need their secrets again)\n", out, n, server)
	return nil
}

// checkBackup opens a backup copy as a database and reads its factor sets,
// so that a truncated download is never taken for a backup.
func checkBackup(ctx context.Context, path string) error {
	db, err := factordb.Open(path)
	if err != nil {
		return fmt.Errorf("the copy does not open as a database: %w", err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		return fmt.Errorf("the copy is inconsistent: %w", err)
	}
	_, err = factordb.NewFactorService(db).FindFactorSets(ctx)
	return err
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// How a command reaches the database. bbolt lets one process hold the file,
// so while pcf serve runs the other commands ask it over HTTP (api.Client)
// instead of opening the file. pcf serve records its address next to the
// database (DB.addr) once it listens, and removes the file when it stops
// cleanly; a file left by a server that was killed is recognised because
// nothing answers at its address, and the database then opens.

// addrPath is the file pcf serve records its address in.
func addrPath(dbPath string) string { return dbPath + ".addr" }

// writeAddr records the address a server listens on as a base URL that a
// client on this machine can use (an unspecified listen address becomes
// loopback), and returns the URL. It writes a temporary file and renames
// it, so a reader never sees half an address.
func writeAddr(dbPath string, addr net.Addr) (string, error) {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "", fmt.Errorf("record address: %w", err)
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	url := "http://" + net.JoinHostPort(host, port)
	if err := writeFileAtomic(addrPath(dbPath), []byte(url+"\n")); err != nil {
		return "", fmt.Errorf("record address: %w", err)
	}
	return url, nil
}

// removeAddr removes the address file if it still holds url.
func removeAddr(dbPath, url string) error {
	if readAddr(dbPath) != url {
		return nil
	}
	if err := os.Remove(addrPath(dbPath)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove address file: %w", err)
	}
	return nil
}

// readAddr returns the server URL recorded next to the database, "" if
// there is none.
func readAddr(dbPath string) string {
	b, err := os.ReadFile(addrPath(dbPath))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// probeTimeout bounds the health check of a recorded address: a stale
// address must not hang a command.
const probeTimeout = 2 * time.Second

// answers reports whether a pcf server answers at url.
func answers(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	_, err := api.NewClient(url).Health(ctx)
	return err
}

// dbFlags are the flags that say where a command finds the database.
type dbFlags struct {
	path   string
	server string
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	d := &dbFlags{}
	fs.StringVar(&d.path, "db", defaultDBPath(), "database file ($PCF_DB)")
	fs.StringVar(&d.server, "server", "", "base URL of a running pcf serve to ask instead of the file (default: the address pcf serve recorded in DB.addr)")
	return d
}

// openMode says what a command needs of the database file.
type openMode int

const (
	dbSeeded   openMode = iota // create it and load the seed set if needed (read commands)
	dbCreate                   // create it if needed
	dbExisting                 // it must exist
)

// services are the footprint services a command uses: on the database file,
// or on the server that holds it.
type services struct {
	Factors footprint.FactorService
	DB      *factordb.DB // the file, opened by this process
	Client  *api.Client  // the server, when one holds the file
}

// Close closes the database file if this process opened it.
func (s *services) Close() error {
	if s.DB != nil {
		return s.DB.Close()
	}
	return nil
}

// connectAdmin parses the args of a command that changes an existing
// database and takes n positional arguments (want is the usage error
// otherwise), and connects to the database as admin (connect).
func connectAdmin(ctx context.Context, fs *flag.FlagSet, d *dbFlags, args []string, n int, want string, stderr io.Writer) (*services, []string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if len(pos) != n {
		return nil, nil, usageError(want)
	}
	svc, err := connect(ctx, d, dbExisting, true, stderr)
	return svc, pos, err
}

// connect opens the services of a command:
//  1. with --server, that server;
//  2. else the server recorded in DB.addr, if it answers;
//  3. else the database file; a DB.addr whose server did not answer is
//     then stale (this process holds the file) and is removed;
//  4. if another process holds the file, the server recorded by then (a
//     server that was starting), or $PCF_SERVER; else an error that says
//     what to do.
//
// admin says the command changes data: a server is then sent the admin
// token ($PCF_ADMIN_TOKEN or DB.admin-token).
func connect(ctx context.Context, d *dbFlags, mode openMode, admin bool, stderr io.Writer) (*services, error) {
	remote := func(url, note string) (*services, error) {
		if note != "" {
			fmt.Fprintln(stderr, note)
		}
		c := api.NewClient(url)
		if admin {
			if c.Token = adminToken(d.path); c.Token == "" {
				return nil, fmt.Errorf("no admin token for %s: set PCF_ADMIN_TOKEN (pcf serve wrote the first one to %s)", url, adminTokenPath(d.path))
			}
		}
		return &services{Factors: api.NewFactorService(c), Client: c}, nil
	}
	if d.server != "" {
		return remote(d.server, "")
	}
	recorded := readAddr(d.path)
	var probeErr error
	probed := false
	// Only a process that holds the file can be the server that wrote
	// its address: once a killed server is gone, anyone on this machine
	// may listen there and would be sent the admin token (red team 66).
	if recorded != "" && heldByAnother(d.path) {
		probed = true
		if probeErr = answers(ctx, recorded); probeErr == nil {
			return remote(recorded, fmt.Sprintf("database %s is in use by pcf serve at %s; asking it", d.path, recorded))
		}
	}

	if mode == dbExisting {
		if _, err := os.Stat(d.path); err != nil {
			return nil, fmt.Errorf("database %s: %w (run 'pcf serve' once to create it)", d.path, err)
		}
	}
	var db *factordb.DB
	var err error
	if mode == dbSeeded {
		db, _, err = openSeeded(ctx, d.path)
	} else {
		db, err = openDB(d.path)
	}
	switch {
	case err == nil:
		if recorded != "" {
			// This process holds the file, so no server does.
			if err := removeAddr(d.path, recorded); err == nil {
				fmt.Fprintf(stderr, "removed %s: nothing answers at %s (a server that stopped without cleaning up)\n", addrPath(d.path), recorded)
			}
		}
		return &services{Factors: factordb.NewFactorService(db), DB: db}, nil
	case !errors.Is(err, errDBInUse):
		return nil, err
	}
	// The open found the file held: the recorded address may be asked
	// now if it was not above (a server started meanwhile, or a system
	// where heldByAnother cannot tell).
	if now := readAddr(d.path); now != "" && (now != recorded || !probed) {
		err := answers(ctx, now)
		if err == nil {
			return remote(now, fmt.Sprintf("database %s is in use by pcf serve at %s; asking it", d.path, now))
		}
		if now == recorded {
			probeErr = err
		}
	}
	if env := os.Getenv("PCF_SERVER"); env != "" {
		return remote(env, fmt.Sprintf("database %s is in use by another process; asking the server at %s ($PCF_SERVER)", d.path, env))
	}
	if recorded != "" {
		return nil, fmt.Errorf("database %s is in use by another process, and the server recorded in %s does not answer at %s (%v); give --server URL of the server that holds it",
			d.path, addrPath(d.path), recorded, probeErr)
	}
	return nil, fmt.Errorf("database %s is in use by another process that recorded no address (%s); stop it, or give --server URL of the server that holds it",
		d.path, addrPath(d.path))
}

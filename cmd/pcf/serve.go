package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed"
	berrors "go.etcd.io/bbolt/errors"
)

// Config is the configuration of pcf serve.
type Config struct {
	Addr    string // listen address
	DBPath  string // bbolt file; created and seeded on first run
	BaseURL string // public base URL for QR codes and verification links; "" = from each request
}

// Main is the pcf serve program: it opens the database, seeds it, and runs
// the HTTP server until Close.
type Main struct {
	Config Config

	DB     *factordb.DB
	Server *api.Server

	Logger *slog.Logger
	Stdout io.Writer

	addrURL string // the address recorded next to the database, removed on Close
}

// NewMain returns a Main with default configuration.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{
		Config: Config{Addr: DefaultAddr, DBPath: defaultDBPath(), BaseURL: os.Getenv("PCF_BASE_URL")},
		Logger: slog.New(slog.NewTextHandler(stderr, nil)),
		Stdout: stdout,
	}
}

func defaultDBPath() string {
	if p := os.Getenv("PCF_DB"); p != "" {
		return p
	}
	return DefaultDBPath
}

// ParseFlags reads the serve flags.
func (m *Main) ParseFlags(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("pcf serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&m.Config.Addr, "addr", m.Config.Addr, "listen address")
	fs.StringVar(&m.Config.DBPath, "db", m.Config.DBPath, "database file")
	fs.StringVar(&m.Config.BaseURL, "base-url", m.Config.BaseURL, "public base URL the QR codes lead to, e.g. https://pcf.example.cn ($PCF_BASE_URL)")
	if err := fs.Parse(args); err != nil {
		return flagError(fs, err)
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("serve: unexpected argument %q", fs.Arg(0)))
	}
	return nil
}

// Run opens and seeds the database and starts the server in the background.
func (m *Main) Run(ctx context.Context) error {
	db, created, err := openSeeded(ctx, m.Config.DBPath)
	if err != nil {
		return err
	}
	m.DB = db
	if created != "" {
		fmt.Fprintln(m.Stdout, created)
	}

	renderer, err := labels.NewRenderer()
	if err != nil {
		return fmt.Errorf("load label fonts: %w", err)
	}
	factors := factordb.NewFactorService(db)
	auth := factordb.NewAuthService(db)
	certs := factordb.NewCertificationService(db)
	certs.CheckCertificate = renderer.CheckCertificate // an issued certificate can always be printed
	keys := factordb.NewKeyService(db)
	if _, err := keys.ActiveSigningKey(ctx); err != nil { // created on first run
		return fmt.Errorf("signing key: %w", err)
	}
	msg, err := bootstrapAdmin(ctx, auth, m.Config.DBPath)
	if err != nil {
		return err
	}
	if msg != "" {
		fmt.Fprintln(m.Stdout, msg)
	}

	m.Server = api.NewServer()
	m.Server.Logger = m.Logger
	m.Server.Version = version
	m.Server.BaseURL = m.Config.BaseURL
	m.Server.FactorService = factors
	m.Server.AuthService = auth
	m.Server.ProductService = factordb.NewProductService(db)
	m.Server.StudyService = factordb.NewStudyService(db, factors, certs)
	m.Server.CertificationService = certs
	m.Server.KeyService = keys
	m.Server.Backup = db
	m.Server.CertificateRenderer = renderer
	if err := m.Server.Open(m.Config.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	// The other pcf commands find the server here (connect.go).
	if m.addrURL, err = writeAddr(m.Config.DBPath, m.Server.Addr()); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "pcf %s serving http://%s (database %s)\n", version, m.Server.Addr(), m.Config.DBPath)
	return nil
}

// Close shuts the server down gracefully, letting in-flight requests finish
// (for up to 15 s), then closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.addrURL != "" {
		if err := removeAddr(m.Config.DBPath, m.addrURL); err != nil {
			errs = append(errs, err)
		}
	}
	if m.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := m.Server.Close(ctx); err != nil {
			errs = append(errs, fmt.Errorf("shut down server: %w", err))
		}
	}
	if m.DB != nil {
		if err := m.DB.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	m := NewMain(stdout, stderr)
	if err := m.ParseFlags(ctx, args); err != nil {
		return err
	}
	if err := m.Run(ctx); err != nil {
		_ = m.Close()
		return err
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down")
	return m.Close()
}

// openSeeded opens the database at path, creating it if needed, and makes sure
// the embedded Chengdu seed set is loaded (idempotent). It returns a message
// for the terminal when it created or seeded something.
func openSeeded(ctx context.Context, path string) (*factordb.DB, string, error) {
	_, statErr := os.Stat(path)
	fresh := errors.Is(statErr, os.ErrNotExist)
	db, err := openDB(path)
	if err != nil {
		return nil, "", err
	}
	factors, err := seed.Factors()
	if err != nil {
		_ = db.Close()
		return nil, "", fmt.Errorf("read embedded seed set: %w", err)
	}
	loaded, err := seed.Load(ctx, factordb.NewFactorService(db), seed.SetVersion, factors)
	if err != nil {
		_ = db.Close()
		return nil, "", fmt.Errorf("seed %s: %w", path, err)
	}
	msg := ""
	switch {
	case fresh:
		msg = fmt.Sprintf("created %s and seeded factor set %s (%d factors)", path, seed.SetVersion, len(factors))
	case loaded:
		msg = fmt.Sprintf("seeded factor set %s (%d factors) into %s", seed.SetVersion, len(factors), path)
	}
	return db, msg, nil
}

// openDB opens the database, turning the lock timeout into advice: bbolt lets
// one process hold the file, usually a running pcf serve.
func openDB(path string) (*factordb.DB, error) {
	db, err := factordb.Open(path)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("database %s: %w", path, errDBInUse)
	}
	return db, err
}

// errDBInUse reports that another process holds the database file.
var errDBInUse = errors.New("in use by another process (is 'pcf serve' running? read commands take --server URL)")

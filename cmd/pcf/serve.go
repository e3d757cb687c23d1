package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// Config is the configuration of pcf serve.
type Config struct {
	Addr    string // listen address
	DBPath  string // bbolt file; must exist unless Init (or a first run, see Run)
	Init    bool   // create and seed the database if it does not exist
	BaseURL string // public base URL for QR codes and verification links; "" = local mode on loopback, else none

	// HTTPS (required by the PACT API, which plain HTTP never serves):
	// a certificate pair, or a self-signed one kept next to the database
	// for local use, served on TLSAddr beside the plain listener.
	TLSAddr       string
	TLSCert       string
	TLSKey        string
	TLSSelfSigned bool
	PACTConfig    string // JSON file: the allow-list of hosts asynchronous PACT answers go to
	// PACTRecheckInterval is how often the fetched PACT footprints valid
	// certificates rest on are asked for again at their hosts
	// (api.Server.StartPACTRecheck); 0 never.
	PACTRecheckInterval time.Duration

	LogFormat      string       // "text" or "json"
	TrustedProxies []*net.IPNet // reverse proxies whose X-Forwarded-For is believed

	// HTTP connection limits (api.Server).
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
}

// DefaultPACTRecheckInterval is how often pcf serve asks the suppliers'
// PACT hosts again for the fetched footprints valid certificates rest on.
const DefaultPACTRecheckInterval = 24 * time.Hour

// Main is the pcf serve program: it opens the database, seeds it, and runs
// the HTTP server until Close.
type Main struct {
	Config Config

	DB     *factordb.DB
	Server *api.Server

	Logger *slog.Logger
	Stdout io.Writer

	addrURL string        // the address recorded next to the database, removed on Close
	heads   *headRecorder // records the audit head next to the database
	Stderr  io.Writer

	tlsLn     net.Listener // the HTTPS listener, when TLS is configured
	tlsServer *http.Server
}

// NewMain returns a Main with default configuration.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{
		Config: Config{
			Addr: DefaultAddr, DBPath: defaultDBPath(), BaseURL: os.Getenv("PCF_BASE_URL"), LogFormat: "text",
			ReadHeaderTimeout: api.DefaultReadHeaderTimeout, ReadTimeout: api.DefaultReadTimeout,
			WriteTimeout: api.DefaultWriteTimeout, IdleTimeout: api.DefaultIdleTimeout,
			MaxHeaderBytes: api.DefaultMaxHeaderBytes, PACTRecheckInterval: DefaultPACTRecheckInterval,
		},
		Logger: slog.New(slog.NewTextHandler(stderr, nil)),
		Stdout: stdout,
		Stderr: stderr,
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
	c := &m.Config
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	fs.StringVar(&c.DBPath, "db", c.DBPath, "database file")
	fs.BoolVar(&c.Init, "init", c.Init, "create and seed the database if it does not exist")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public base URL the QR codes and verification links lead to, e.g. https://pcf.example.cn ($PCF_BASE_URL); unset on a loopback --addr: local mode")
	fs.StringVar(&c.TLSCert, "tls-cert", c.TLSCert, "TLS certificate (PEM) to serve HTTPS with, on --tls-addr; the PACT API is served over HTTPS only")
	fs.StringVar(&c.TLSKey, "tls-key", c.TLSKey, "TLS private key (PEM) of --tls-cert")
	fs.BoolVar(&c.TLSSelfSigned, "tls-self-signed", c.TLSSelfSigned, "serve HTTPS with a self-signed certificate for localhost, created next to the database (local use only)")
	fs.StringVar(&c.TLSAddr, "tls-addr", c.TLSAddr, "HTTPS listen address (default "+DefaultTLSAddr+" when TLS is configured)")
	fs.StringVar(&c.PACTConfig, "pact-config", c.PACTConfig, "PACT configuration (JSON): the hosts asynchronous answers may go to, with their credentials, and the suppliers' PACT hosts manufacturers may fetch from")
	fs.DurationVar(&c.PACTRecheckInterval, "pact-recheck-interval", c.PACTRecheckInterval, "how often the suppliers' PACT footprints fetched for valid certificates are asked for again at their hosts; a change, a withdrawal or "+strconv.Itoa(api.PACTRecheckFailures)+" passes without an answer flag the certificates (0: never)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
	proxies := os.Getenv("PCF_TRUSTED_PROXIES")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed ($PCF_TRUSTED_PROXIES)")
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", c.ReadHeaderTimeout, "time a client may take to send its request headers")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", c.ReadTimeout, "time a client may take to send a whole request, body included")
	fs.DurationVar(&c.WriteTimeout, "write-timeout", c.WriteTimeout, "time to handle and send a response (not the backup download)")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", c.IdleTimeout, "time a keep-alive connection may wait for its next request")
	fs.IntVar(&c.MaxHeaderBytes, "max-header-bytes", c.MaxHeaderBytes, "largest request line and headers, in bytes")
	if err := fs.Parse(args); err != nil {
		return flagError(fs, err)
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("serve: unexpected argument %q", fs.Arg(0)))
	}
	nets, err := parseTrustedProxies(proxies)
	if err != nil {
		return usageError("serve: --trusted-proxies: " + err.Error())
	}
	c.TrustedProxies = nets
	switch {
	case c.PACTRecheckInterval < 0:
		return usageError("serve: --pact-recheck-interval must not be negative (0: never)")
	case (c.TLSCert == "") != (c.TLSKey == ""):
		return usageError("serve: --tls-cert and --tls-key go together")
	case c.TLSSelfSigned && c.TLSCert != "":
		return usageError("serve: --tls-self-signed or --tls-cert, not both")
	case c.TLSAddr != "" && c.TLSCert == "" && !c.TLSSelfSigned:
		return usageError("serve: --tls-addr needs --tls-cert and --tls-key, or --tls-self-signed")
	case c.TLSAddr == "" && (c.TLSCert != "" || c.TLSSelfSigned):
		c.TLSAddr = DefaultTLSAddr
	}
	switch c.LogFormat {
	case "text":
		m.Logger = slog.New(slog.NewTextHandler(m.Stderr, nil))
	case "json":
		m.Logger = slog.New(slog.NewJSONHandler(m.Stderr, nil))
	default:
		return usageError(fmt.Sprintf("serve: --log-format: want text or json, got %q", c.LogFormat))
	}
	for name, d := range map[string]time.Duration{"read-header-timeout": c.ReadHeaderTimeout, "read-timeout": c.ReadTimeout, "write-timeout": c.WriteTimeout, "idle-timeout": c.IdleTimeout} {
		if d < 0 {
			return usageError(fmt.Sprintf("serve: --%s must not be negative", name))
		}
	}
	if c.MaxHeaderBytes < 0 {
		return usageError("serve: --max-header-bytes must not be negative")
	}
	if c.BaseURL != "" {
		base, err := checkBaseURL(c.BaseURL)
		if err != nil {
			return usageError("serve: --base-url (or $PCF_BASE_URL): " + err.Error())
		}
		c.BaseURL = base
	}
	return nil
}

// checkBaseURL checks a public base URL ("https://pcf.example.cn", or with
// a path prefix behind a proxy) and returns it without a trailing slash.
func checkBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "#") {
		return "", fmt.Errorf("%q is not an absolute http(s) URL without query: want e.g. https://pcf.example.cn", s)
	}
	base := strings.TrimRight(s, "/")
	// Every QR code and verification link starts with it: what the labels
	// would refuse to print (a host of look-alike characters, escapes, dot
	// segments) is refused now, not at the first download.
	path := certification.CertificateVerifyPath(uuid.Nil)
	if certification.CheckVerifyURL(base+path, path) != nil {
		return "", fmt.Errorf("%q: a verification link must read as what it is: an ASCII host (write an internationalised name in its xn-- form), and a path without escapes or dot segments", s)
	}
	return base, nil
}

// publicBase decides the base URL of QR codes and verification links, never
// from a request (issue 10 item 4): the configured one; or, when none is
// set and the server listens on loopback only, the local address (local
// mode, for trying the service on one machine); or none, and the server
// issues and prints no certificates. The line it returns is printed at
// start.
func publicBase(configured string, addr net.Addr) (base, line string) {
	if configured != "" {
		line = "public base URL " + configured + " (QR codes and verification links lead there)"
		if strings.HasPrefix(configured, "http://") {
			line += "\nWARNING: the public base URL is plain http; labels should lead to an https:// address"
		}
		return configured, line
	}
	if ta, ok := addr.(*net.TCPAddr); ok && ta.IP.IsLoopback() {
		base = "http://" + addr.String()
		return base, "WARNING: local mode: no --base-url (or $PCF_BASE_URL) is set and the server listens on loopback only, " +
			"so QR codes and verification links lead to " + base + ", which only this machine can open. " +
			"Certificates issued now do not sign this address (format 6 without verify_base). Set --base-url to the public https:// address before issuing and printing labels for use."
	}
	return "", "WARNING: no public base URL: certificates are neither issued nor printed (501 not_implemented) " +
		"until pcf serve runs with --base-url https://… (or $PCF_BASE_URL)"
}

// parseTrustedProxies reads a comma-separated list of addresses and CIDR
// ranges ("10.0.0.0/8, 192.0.2.7"); an address stands for itself alone.
func parseTrustedProxies(list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			ip := net.ParseIP(item)
			if ip == nil {
				return nil, fmt.Errorf("%q is neither an IP address nor a CIDR range", item)
			}
			bits := 8 * net.IPv6len
			if ip4 := ip.To4(); ip4 != nil {
				ip, bits = ip4, 8*net.IPv4len
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR range", item)
		}
		out = append(out, n)
	}
	return out, nil
}

// Run binds the port, opens (and, when allowed, creates and seeds) the
// database and starts the server in the background. It binds first, so that
// a serve that cannot listen leaves no database or admin token behind.
func (m *Main) Run(ctx context.Context) (err error) {
	path, err := filepath.Abs(m.Config.DBPath)
	if err != nil {
		return fmt.Errorf("database path %s: %w", m.Config.DBPath, err)
	}
	if err := m.checkDatabase(path); err != nil {
		return err
	}
	if w := dirWritableWarning(filepath.Dir(path)); w != "" {
		fmt.Fprintln(m.Stdout, w)
	}
	var pactCfg api.PACTConfig
	if m.Config.PACTConfig != "" {
		if pactCfg, err = loadPACTConfig(m.Config.PACTConfig); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	defer func() {
		if m.Server == nil || m.Server.Addr() == nil {
			ln.Close()
		}
	}()
	var tlsLn net.Listener
	if m.Config.TLSAddr != "" {
		if tlsLn, err = net.Listen("tcp", m.Config.TLSAddr); err != nil {
			return fmt.Errorf("listen on %s: %w", m.Config.TLSAddr, err)
		}
		defer func() {
			if m.tlsLn == nil {
				tlsLn.Close()
			}
		}()
	}

	_, statErr := os.Stat(path)
	db, created, err := openSeeded(ctx, path)
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
	auth.CheckText = renderer.CheckText           // an organisation's names can always be printed
	auth.CheckCertifier = renderer.CheckCertifier // and a body's whole on the label
	certs := factordb.NewCertificationService(db)
	certs.CheckCertificate = renderer.CheckCertificate // an issued certificate can always be printed
	certs.CheckStudy = renderer.CheckStudy             // and a manufacturer learns what it cannot print when applying
	keys := factordb.NewKeyService(db)
	if _, err := db.RestoredFrom(); err != nil {
		return restoreRecordError(path, err)
	}
	// Before the restore is read: an older file put in place of the one
	// the last run left is restored as a copy (head.go).
	if err := checkRecordedHead(ctx, db, m.Config.DBPath, errors.Is(statErr, os.ErrNotExist), m.Stdout); err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	restored, err := db.RestoredCopy()
	if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	k, err := keys.ActiveSigningKey(ctx) // created on first run; a restored copy's replaced
	if err != nil {
		return fmt.Errorf("signing key: %w", err)
	}
	if restored != "" {
		// The operator's log says it, beside the audit trail: whatever the
		// service did after the copy is lost, and offline verifiers need
		// the new key.
		fmt.Fprintf(m.Stdout, "WARNING: this database is restored from %s: nothing recorded after it is in it (certificates issued, decisions, keys revoked);\n"+
			"  the copied signing key is retired at the time of the copy and new certificates are signed with key %s: publish the new /v1/keys to offline verifiers;\n"+
			"  every API key the copy holds, the admin's too, is refused (restored_key) until an admin confirms it, and access tokens issued before are void:\n"+
			"  list them with 'pcf keys restored', revoke those revoked after the copy, confirm the others with 'pcf keys confirm ID…' or '--all --reason TEXT'\n"+
			"  (on the database file, with pcf serve stopped, while the admin's own key is unconfirmed);\n"+
			"  PACT shares made before the restore are not in force until their holders share again, and signing keys reported compromised after the copy must be reported again\n", restored, k.ID)
		if err := warnRestoredRegisters(ctx, auth, m.Stdout); err != nil {
			return fmt.Errorf("database %s: %w", path, err)
		}
	} else if waiting, err := auth.RestoredAPIKeys(ctx); err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	} else if len(waiting) > 0 { // a later start: they still wait
		fmt.Fprintf(m.Stdout, "WARNING: %d API keys brought back by the last restore are refused until an admin confirms them (pcf keys restored)\n", len(waiting))
	}
	if err := warnClock(ctx, db, certs, time.Now(), m.Stdout); err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	msg, err := bootstrapAdmin(ctx, auth, path)
	if err != nil {
		return err
	}
	if msg != "" {
		fmt.Fprintln(m.Stdout, msg)
	}
	heads, head, err := startHeadRecorder(db, m.Config.DBPath, m.Logger)
	if err != nil {
		return fmt.Errorf("record the audit head: %w", err)
	}
	m.heads = heads
	if head.Count > 0 {
		fmt.Fprintf(m.Stdout, "audit head %d:%s, recorded in %s (a start on a file whose trail does not reach it restores it as a copy); note it elsewhere too, for pcf audit verify --head\n",
			head.Count, head.Digest, headPath(path))
	}

	m.Server = api.NewServer()
	m.Server.Logger = m.Logger
	m.Server.Version = version
	base, baseLine := publicBase(m.Config.BaseURL, ln.Addr())
	m.Server.BaseURL, m.Server.LocalMode = base, m.Config.BaseURL == "" && base != ""
	m.Server.FactorService = factors
	m.Server.AuthService = auth
	m.Server.ProductService = factordb.NewProductService(db)
	m.Server.StudyService = factordb.NewStudyService(db, factors, certs)
	m.Server.CertificationService = certs
	m.Server.KeyService = keys
	m.Server.Backup = db
	m.Server.Restore = db
	m.Server.Database = db
	m.Server.CertificateRenderer = renderer
	m.Server.SetTrustedProxies(m.Config.TrustedProxies)
	m.Server.ReadHeaderTimeout = m.Config.ReadHeaderTimeout
	m.Server.ReadTimeout = m.Config.ReadTimeout
	m.Server.WriteTimeout = m.Config.WriteTimeout
	m.Server.IdleTimeout = m.Config.IdleTimeout
	m.Server.MaxHeaderBytes = m.Config.MaxHeaderBytes
	m.Server.PACT = pactCfg
	m.Server.PACTSuppliers = certs
	certFile, keyFile := m.Config.TLSCert, m.Config.TLSKey
	if m.Config.TLSSelfSigned {
		var msg string
		if certFile, keyFile, msg, err = selfSignedPair(path, time.Now()); err != nil {
			return err
		}
		if msg != "" {
			fmt.Fprintln(m.Stdout, msg)
		}
	}
	m.Server.StartPACTOutbox() // answers queued before a restart are delivered
	m.Server.StartPACTRecheck(m.Config.PACTRecheckInterval)
	if err := m.Server.OpenListener(ln); err != nil {
		return fmt.Errorf("serve on %s: %w", m.Config.Addr, err)
	}
	if tlsLn != nil {
		if err := m.serveTLS(tlsLn, certFile, keyFile); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "pcf %s serving https://%s (the PACT API is served over HTTPS only)\n", version, tlsLn.Addr())
	}
	// The other pcf commands find the server here (connect.go).
	if m.addrURL, err = writeAddr(m.Config.DBPath, m.Server.Addr()); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "pcf %s serving http://%s (database %s)\n", version, m.Server.Addr(), path)
	fmt.Fprintln(m.Stdout, baseLine)
	// A warning only: a certificate record that does not read is pcf
	// audit's to name, not a reason to stop serving every other one.
	if m.Config.BaseURL != "" {
		if err := warnMovedBase(ctx, certs, m.Config.BaseURL, time.Now(), m.Stdout); err != nil {
			m.Logger.Error("warn of certificates signing another verify base", "database", path, "err", err)
		}
	}
	return nil
}

// warnMovedBase writes a warning, in Chinese and English, for each verify
// base other than base that issued certificates sign (the service moved:
// a pilot domain given up, http given up for https, a new host name),
// with how many certificates sign it and how many of them are still valid
// or suspended at now. A certificate's documents are rendered with the address it
// signs, whatever the service's base now is, so its label, printed now as
// before, sends a scanner to the old address, whoever holds it (red team
// 63); the operator keeps that address, or redirects it here, or has the
// bodies reissue. A certificate that signs no base (issued in local mode
// or before bases were signed) is rendered under base and is not counted.
func warnMovedBase(ctx context.Context, certs certification.CertificationService, base string, now time.Time, w io.Writer) error {
	type moved struct{ all, live int }
	byBase := map[string]*moved{}
	var order []string
	for rec, err := range certification.AllCertificates(ctx, certs, certification.CertificateFilter{Limit: footprint.MaxLimit}) {
		if err != nil {
			return fmt.Errorf("read certificates for their verify base: %w", err)
		}
		signed := rec.Signed.Certificate.VerifyBase
		if signed == "" || sameService(base, signed) {
			continue
		}
		n := byBase[signed]
		if n == nil {
			n = &moved{}
			byBase[signed] = n
			order = append(order, signed)
		}
		n.all++
		if st := rec.Signed.Certificate.StatusAt(rec.Status, now); st == certification.CertificateValid || st == certification.CertificateSuspended {
			n.live++
		}
	}
	for _, old := range order {
		n := byBase[old]
		fmt.Fprintf(w, "WARNING 警告: %[1]d 张已签发的证书(其中 %[2]d 张有效或暂停)签署的验证地址是 %[3]s,而不是 --base-url %[4]s:"+
			"这些证书的标签无论何时打印,二维码都把扫码的人带到 %[3]s,不论那时谁持有这个地址;请保留该地址(或将其重定向到本服务),或请认证机构重新签发。"+
			"%[1]d certificates issued (%[2]d of them valid or suspended) sign the verify base %[3]s, not --base-url %[4]s: "+
			"their labels, printed now as before, send scanners to %[3]s, whoever holds that address; keep it (or redirect it here), or have the certification bodies reissue them\n",
			n.all, n.live, old, base)
	}
	return nil
}

// checkDatabase makes creating a database explicit: a missing file is an
// error naming the path and --init, so that a mistyped --db never quietly
// serves a fresh, empty database. The one exception is a first run: the
// default path in an empty directory.
func (m *Main) checkDatabase(path string) error {
	_, err := os.Stat(path)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("database %s: %w", path, err)
	case m.Config.Init:
		return nil
	case m.Config.DBPath == DefaultDBPath && dirIsEmpty(filepath.Dir(path)):
		return nil
	}
	return fmt.Errorf("database %s does not exist; to create it, run 'pcf serve --init --db %s' (or pass --db the path of an existing database)", path, m.Config.DBPath)
}

// dirWritableWarning returns the start's warning of the database's
// directory dir when others may write in it, else "": the database, the
// audit head recorded beside it (head.go) and the address file the pcf
// commands ask (connect.go), removed at every clean stop, can then be put
// there by any local user, the last so that the next command sends them
// the admin token (red team 66). A warning, not a refusal: a directory
// its operators share by group is a choice.
func dirWritableWarning(dir string) string {
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm()&0o022 == 0 {
		return ""
	}
	return fmt.Sprintf("WARNING 警告: 数据库所在目录 %[1]s 的权限为 %[2]v,其他用户可写:他们可替换数据库或审计链头记录,或写入地址文件以截获管理员令牌;请执行 chmod go-w %[1]s。"+
		"the database's directory %[1]s has mode %[2]v, writable by others: they can put their own file in place of the database or of its recorded audit head, or write the address file pcf commands ask, which then send them the admin token; chmod go-w %[1]s",
		dir, fi.Mode().Perm())
}

// dirIsEmpty reports whether dir holds nothing but, perhaps, the running
// pcf binary itself.
func dirIsEmpty(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	self, _ := os.Executable()
	for _, e := range entries {
		if self != "" && sameFile(filepath.Join(dir, e.Name()), self) {
			continue
		}
		return false
	}
	return true
}

func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
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
		if m.tlsServer != nil {
			if err := m.tlsServer.Shutdown(ctx); err != nil {
				errs = append(errs, fmt.Errorf("shut down HTTPS server: %w", err))
			}
		}
		if err := m.Server.Close(ctx); err != nil {
			errs = append(errs, fmt.Errorf("shut down server: %w", err))
		}
	}
	if h := m.heads; h != nil {
		m.heads = nil // Close may be called again
		if err := h.Close(); err != nil {
			errs = append(errs, fmt.Errorf("record the audit head: %w", err))
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
	if pct, ok := serveGCPercent(os.Getenv); ok {
		debug.SetGCPercent(pct)
	}
	if err := m.Run(ctx); err != nil {
		_ = m.Close()
		return err
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down")
	return m.Close()
}

// ServeGCPercent is the collector's target that pcf serve runs with when
// $GOGC is not set: 400 rather than Go's 100. A request's garbage is mostly
// short-lived buffers (request and result documents, PDFs on the wire), and
// the live heap is small, so the collector ran often for little: at 100 it
// took about a fifth of the CPU of a durable study submission. At 400 the
// heap may grow to five times the live heap between collections
// (docs/BENCHMARKS.md, "The collector's target"). $GOGC, when set, wins, and
// $GOMEMLIMIT bounds the heap as usual.
const ServeGCPercent = 400

// serveGCPercent says which collector target pcf serve sets: ServeGCPercent
// unless the operator set $GOGC, in which case the runtime already applied
// theirs and ok is false.
func serveGCPercent(getenv func(string) string) (pct int, ok bool) {
	if getenv("GOGC") != "" {
		return 0, false
	}
	return ServeGCPercent, true
}

// openSeeded opens the database at path, creating it if needed, and makes sure
// the embedded Chengdu seed set is loaded (idempotent). A database it
// creates also gets the CPCD library set (seed/cpcd), published before the
// Chengdu set so that the Chengdu set stays the latest; a database that
// already holds the CPCD set is checked against the embedded snapshot as
// the Chengdu set is. An older database without it is left as it is: `pcf
// factors load-cpcd` adds it. It returns a message for the terminal when it
// created or seeded something.
func openSeeded(ctx context.Context, path string) (*factordb.DB, string, error) {
	_, statErr := os.Stat(path)
	fresh := errors.Is(statErr, os.ErrNotExist)
	db, err := openDB(path)
	if err != nil {
		return nil, "", err
	}
	svc := factordb.NewFactorService(db)
	var msgs []string
	withCPCD := fresh
	if !fresh {
		_, err := svc.FindFactorSetByVersion(ctx, cpcd.SetVersion)
		withCPCD = err == nil
	}
	if withCPCD {
		n, loaded, err := loadCPCD(ctx, svc)
		if err != nil {
			_ = db.Close()
			return nil, "", fmt.Errorf("seed %s: %w", path, err)
		}
		if loaded {
			msgs = append(msgs, fmt.Sprintf("seeded factor set %s (%d CPCD factors)", cpcd.SetVersion, n))
		}
	}
	factors, err := seed.Factors()
	if err != nil {
		_ = db.Close()
		return nil, "", fmt.Errorf("read embedded seed set: %w", err)
	}
	loaded, err := seed.Load(ctx, svc, seed.SetVersion, factors)
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
	if len(msgs) > 0 { // the file first: "created PATH and seeded …; seeded … CPCD"
		if msg != "" {
			msgs = append([]string{msg}, msgs...)
		}
		msg = strings.Join(msgs, "; ")
	}
	return db, msg, nil
}

// loadCPCD converts the embedded CPCD snapshot and loads it as its own
// published set (seed.LoadSet: idempotent, ECONFLICT if a published set of
// that version differs). A published set whose digest is that of the
// snapshot's factors holds exactly them, so a restart skips reading the
// 4,274 factors back to compare them. It returns the number of factors.
func loadCPCD(ctx context.Context, svc footprint.FactorService) (int, bool, error) {
	im, err := cpcd.Factors()
	if err != nil {
		return 0, false, fmt.Errorf("read embedded CPCD snapshot: %w", err)
	}
	if set, err := svc.FindFactorSetByVersion(ctx, cpcd.SetVersion); err == nil && set.Status == footprint.SetPublished {
		if digest, err := factordb.FactorSetDigest(im.Factors); err == nil && digest == set.Digest {
			return len(im.Factors), false, nil
		}
	}
	loaded, err := seed.LoadSet(ctx, svc, cpcd.SetVersion, cpcd.SetDescription, im.Factors)
	return len(im.Factors), loaded, err
}

// openDB opens the database, turning the lock timeout into advice: bbolt lets
// one process hold the file, usually a running pcf serve.
//
// An empty file is refused: bbolt makes a new database of a file of 0
// bytes, so a copy that failed (a full disk) or a file truncated by a
// shell redirection was served as a new, seeded database, every
// certificate gone and their numbers given again, a new admin token
// written over the old one and a new audit head over the one recorded
// (red team 66). A new database is made where no file is.
func openDB(path string) (*factordb.DB, error) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		return nil, fmt.Errorf("数据库文件 %[1]s 为空(0 字节),不是数据库:可能是一次失败的复制或被截断的文件。请从备份恢复;若要新建数据库,先删除此文件再运行 pcf serve --init。"+
			"database %[1]s is empty (0 bytes), not a database: a copy that failed, or a file cut short? Restore it from a backup; to begin a new database instead, remove the file and run 'pcf serve --init'", path)
	}
	db, err := factordb.Open(path)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("database %s: %w", path, errDBInUse)
	}
	return db, err
}

// errDBInUse reports that another process holds the database file.
var errDBInUse = errors.New("in use by another process (is 'pcf serve' running? read commands take --server URL)")

// restoreRecordError is pcf serve's refusal of the database at path whose
// record of its last restore does not read (err): a newer version's record
// after a downgrade, a damaged or edited file. Served, every reader of the
// record failed as an internal error (the public verification of a
// certificate it does not hold answered 500: red team 52), and a copy
// started on it would write its own over it, losing the earlier restore's
// lost window (factordb endCopy); refused at the start, the operator, who
// can act on it, is told which record and why.
func restoreRecordError(path string, err error) error {
	return fmt.Errorf("数据库 %[1]s 的恢复记录（meta \"restored\"）无法读取，pcf serve 不启动：它决定恢复带回的哪些 API 密钥、访问令牌与证书状态尚待确认，以及公开验证对不在记录中的证书如何答复。"+
		"若由较新版本的 pcf 写入，请使用该版本；若文件损坏，请从备份恢复。"+
		"database %[1]s: the record of its last restore (meta \"restored\") does not read: %[2]w; pcf serve does not start without it, since it decides which API keys, access tokens and certificate statuses the restore brought back unconfirmed "+
		"and what the public verification answers for a certificate the records lack. If a newer version of pcf wrote it, run that version; if the file is damaged, restore it from a backup", path, err)
}

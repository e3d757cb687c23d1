// Command pcf runs the Chengdu product carbon-footprint factor database and
// labelling service, and its command-line tools.
//
//	pcf serve   [--addr 127.0.0.1:8080] [--db ./pcf.db] [--init] …
//	pcf factors list|show|search|sets|import|export|flags|acknowledge|publish|cpcd|load-cpcd …
//	pcf calc    STUDY.json | BOM.csv …
//	pcf backup  [--db ./pcf.db] -o FILE
//	pcf audit verify [--head N:DIGEST]
//
// Run "pcf help" for the full usage and "pcf CMD --help" for one command.
// The commands other than serve open the database file, or, while pcf serve
// holds it, talk to that server over HTTP (connect.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/chengdu-pcf/pcf/labels"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// DefaultDBPath is the database file used when neither --db nor PCF_DB is set.
const DefaultDBPath = "./pcf.db"

// DefaultAddr is the listen address of pcf serve.
const DefaultAddr = "127.0.0.1:8080"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one pcf command and returns the process exit code: 0 on
// success (and for --help), 2 for a usage error, 1 for any other error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdin, stdout, stderr)
	var help *helpRequest
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		printHelp(stdout, args[0], help.fs)
		return 0
	case errors.As(err, &ue) && strings.HasSuffix(string(ue), flag.ErrHelp.Error()):
		// A command that turns its flag errors into a usageError itself
		// (verify): its usage, without the flag list.
		printHelp(stdout, args[0], nil)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "pcf:", printable(err.Error()))
		fmt.Fprintf(stderr, "run '%s --help' for usage\n", strings.TrimSpace("pcf "+commandName(args)))
		return 2
	default:
		fmt.Fprintln(stderr, "pcf:", printable(err.Error()))
		return 1
	}
}

// printable escapes, in text that may come from a file or a server, what a
// terminal acts on rather than shows (labels.EscapeControls), keeping
// newline and tab.
func printable(s string) string { return labels.EscapeControls(s, "\n\t") }

// printableWriter writes through printable: for a command's report of a
// file (pcf verify).
type printableWriter struct{ w io.Writer }

func (p printableWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, printable(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

// commandName is the command args run, or "" if they name none.
func commandName(args []string) string {
	if len(args) > 0 && commandUsage(args[0]) != "" {
		return args[0]
	}
	return ""
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return usageError("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "factors":
		return runFactors(ctx, rest, stdin, stdout, stderr)
	case "keys":
		return runKeys(ctx, rest, stdout, stderr)
	case "orgs":
		return runOrgs(ctx, rest, stdout, stderr)
	case "verify":
		return runVerify(ctx, rest, stdout)
	case "calc":
		return runCalc(ctx, rest, stdin, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "audit":
		return runAudit(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fs := newFlagSet("version")
		if err := fs.Parse(rest); err != nil {
			return flagError(fs, err)
		} else if fs.NArg() > 0 {
			return usageError(fmt.Sprintf("version: unexpected argument %q", fs.Arg(0)))
		}
		fmt.Fprintln(stdout, "pcf", version)
		return nil
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && !isHelp(rest) {
			if u := commandUsage(rest[0]); u != "" {
				fmt.Fprint(stdout, u)
				return nil
			}
			return usageError(fmt.Sprintf("help: unknown command %q", rest[0]))
		}
		fmt.Fprint(stdout, usage())
		return nil
	default:
		return usageError(fmt.Sprintf("unknown command %q", cmd))
	}
}

// usageError is a mistake in the command line.
type usageError string

func (e usageError) Error() string { return string(e) }

// helpRequest is the answer to -h or --help: the command's usage and the
// flags of fs go to standard output, and pcf exits 0.
type helpRequest struct{ fs *flag.FlagSet }

func (h *helpRequest) Error() string { return flag.ErrHelp.Error() }
func (h *helpRequest) Unwrap() error { return flag.ErrHelp }

// newFlagSet returns a flag set whose errors and help the caller reports
// (flagError), not the flag package.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("pcf "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// flagError turns an error of parsing fs into a help request or a usage
// error naming the command.
func flagError(fs *flag.FlagSet, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return &helpRequest{fs: fs}
	}
	return usageError(strings.TrimPrefix(fs.Name(), "pcf ") + ": " + err.Error())
}

// parseArgs parses fs from args, where flags may follow positional
// arguments ("pcf factors show CODE --json"), and returns the positional
// arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := interspersed(fs, args)
	if err != nil {
		return nil, flagError(fs, err)
	}
	return pos, nil
}

// interspersed parses flags that may follow positional arguments.
func interspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// isHelp reports whether args ask for help ("pcf factors --help").
func isHelp(args []string) bool {
	return len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help")
}

// onlySubcommand checks the arguments of a command that has one
// subcommand, sub ("pcf audit verify"): a help request where they ask for
// help, a usage error saying want where they do not start with sub.
func onlySubcommand(args []string, sub, want string) error {
	if isHelp(args) {
		return &helpRequest{}
	}
	if len(args) == 0 || args[0] != sub {
		return usageError(want)
	}
	return nil
}

// printHelp writes the usage of command cmd and, if fs is not nil, its flags.
func printHelp(w io.Writer, cmd string, fs *flag.FlagSet) {
	if u := commandUsage(cmd); u != "" {
		fmt.Fprint(w, "Usage:\n", u)
	}
	if fs == nil {
		return
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintf(w, "\nFlags of %s:\n", fs.Name())
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// commands lists each command's usage, in the order 'pcf help' shows them.
var commands = []struct{ name, usage string }{
	{"serve", `  pcf serve [--addr 127.0.0.1:8080] [--db ./pcf.db] [--init] [--base-url https://…]
            [--log-format text|json] [--trusted-proxies CIDR,…]
            [--read-header-timeout 10s] [--read-timeout 1m] [--write-timeout 2m]
            [--idle-timeout 2m] [--max-header-bytes 65536]
            [--tls-cert FILE --tls-key FILE | --tls-self-signed]
            [--tls-addr 127.0.0.1:8443] [--pact-config FILE]
            [--pact-recheck-interval 24h]
        start the HTTP service (stop it with Ctrl-C or SIGTERM: in-flight
        requests finish). A missing database is created and seeded only with
        --init, or on a first run with the default path in an empty directory.
        It records its address next to the database (pcf.db.addr) for the
        other commands
`},
	{"factors", `  pcf factors list   [--set V] [--product-code 8541] [--exact] [--category C]
                     [--geography G] [--year Y] [--status S] [--q TEXT]
                     [--limit N] [--cursor C] [--json]
  pcf factors search TEXT [same flags as list]
  pcf factors show   CODE [--set V] [--json]
  pcf factors sets   [--json]
  pcf factors export [--set V] [--format csv|json] [-o FILE]
  pcf factors import FILE.csv --set V [--based-on V0] [--description D]
                     [--publish [--acknowledge-flags NOTE (on the database file)]]
  pcf factors flags --set V [--json]
        the plausibility flags of a set: factors far outside their peers
  pcf factors acknowledge --set V --note WHY (CODE… | --all) [--whole-set]
                          [--seen FILE] [--json]
        keep flagged values; a set is published only when every flag is;
        through a server, FILE is what pcf factors flags --json wrote when
        you read the flags: the review covers that, nothing changed since
  pcf factors publish V [--acknowledge-flags NOTE (on the database file)]
  pcf factors cpcd [FILE.csv] [--report FILE|-] [-o FILE]
        convert a CPCD catalog (default: the embedded snapshot): the import
        report of every row, and the importable factors as factor CSV
  pcf factors load-cpcd
        publish the embedded CPCD snapshot as set CPCD-2026.03 (pcf serve
        does so on a database it creates; docs/cpcd.md)
`},
	{"calc", `  pcf calc STUDY.json [--format table|json|csv] [-o FILE]
  pcf calc BOM.csv|BOM.xlsx (--study HEADER.json | --field NAME=VALUE …) [--format …] [-o FILE]
        compute a study against the factor set it pins and print the result;
        a BOM table takes the API's upload columns (docs/api.md) and the study
        header as a document without lines or as the API's form fields
        (--field rule=pv-module --field declared_unit="1 kWp" …)
`},
	{"keys", `  pcf keys create --org NAME --role manufacturer|certifier|regulator|admin|partner|curator
                  [--name-zh Z] [--address A] [--approval-number N]
                  [--signatory NAME …] [--scope RULE,…]
        make an API key (while pcf serve runs, through its admin endpoint);
        a new certifier's signatories and scope are its register
  pcf keys restored
  pcf keys confirm ID… | --all --reason TEXT
        after a restore of the database from a copy, list the API keys it
        brought back (refused until an admin confirms them: a revocation
        after the copy is lost) and confirm them; on the database file when
        the admin's own key is one of them (stop pcf serve first)
  pcf keys compromised ID --since TIME
        report API key ID stolen or leaked as of TIME (RFC 3339, not in the
        future) and revoke it: every certificate it issued, reinstated,
        reviewed or withdrew since is marked on public verification, and a
        valid one is flagged until its body reissues or withdraws it
`},
	{"orgs", `  pcf orgs register --org NAME --signatory NAME … --scope RULE,…
        replace a certification body's register of authorised signatories
        and its approval scope (staff changed, approval extended or
        narrowed): both are required and replace the lists on record ('' for
        none: not checked); audited as organization.register
`},
	{"verify", `  pcf verify FILE.pdf --key KEYS.json | --server URL
             [--study STUDY.json [--factors SET.csv] [--suppliers LIST.json]
              [--pact FOOTPRINT.json …]]
        check a certificate or label PDF offline against the published keys
        (GET /v1/keys); with --study, recompute its result from the holder's
        study (and supplier list) and the published factor set (the exported
        CSV, or the server's) and confirm it bit for bit; --pact, once for
        each supplier's PACT footprint the study names as pact:<id>;
        remembers which service answered for each certification body
        ($PCF_KNOWN_SERVICES, default <config dir>/pcf/known-services.json,
        "off" for none) and calls no certificate of that body genuine that
        another address answers for; follows no redirect to another server
        (only within the address given, or from http to https on its host)
`},
	{"backup", `  pcf backup -o FILE
        hot backup of the database (bbolt tx.WriteTo); while pcf serve runs,
        through its admin endpoint with the admin token
`},
	{"audit", `  pcf audit verify [--head N:DIGEST]
        read the whole audit trail (through a server, with a regulator's or
        an admin's API key in $PCF_TOKEN, else the admin token), recompute the digest of every
        event and check the chain; with --head, a head recorded earlier
        (GET /v1/audit/head, or this command's last line), check that the
        trail still extends it. Exits 1 naming the first event that fails
`},
	{"version", `  pcf version | pcf --version
`},
}

// commandUsage returns the usage of command cmd, "" for an unknown one.
func commandUsage(cmd string) string {
	for _, c := range commands {
		if c.name == cmd {
			return c.usage
		}
	}
	return ""
}

// usage is the text of 'pcf help'.
func usage() string {
	var b strings.Builder
	b.WriteString(`pcf: Chengdu product carbon-footprint factor database and labelling service
成都市产品碳足迹因子数据库与标识服务

Usage:
`)
	for i, c := range commands {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(c.usage)
	}
	b.WriteString(`
factors, calc, keys, orgs, backup and audit take --db PATH (default ./pcf.db,
or $PCF_DB) and --server URL. A running 'pcf serve' holds the database file
and records its address in PATH.addr; these commands then ask it over HTTP,
without --server. factors import, publish, acknowledge and load-cpcd, keys,
orgs and backup send it the admin token from $PCF_ADMIN_TOKEN or
PATH.admin-token (a curator's key in $PCF_ADMIN_TOKEN for the factor sets);
factors flags sends it if there is one (a draft set's flags need it).
Run 'pcf CMD --help' for the flags of a command.
`)
	return b.String()
}

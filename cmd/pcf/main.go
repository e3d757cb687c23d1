// Command pcf runs the Chengdu product carbon-footprint factor database and
// labelling service, and its command-line tools.
//
//	pcf serve   [--addr 127.0.0.1:8080] [--db ./pcf.db] [--init] …
//	pcf factors list|show|search|sets|import|export|publish …
//	pcf backup  [--db ./pcf.db] -o FILE
//
// Run "pcf help" for the full usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
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
// success, 2 for a usage error, 1 for any other error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdin, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, "pcf:", err)
		fmt.Fprintln(stderr, "run 'pcf help' for usage")
		return 2
	default:
		fmt.Fprintln(stderr, "pcf:", err)
		return 1
	}
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
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
	case "verify":
		return runVerify(ctx, rest, stdout)
	case "calc":
		return runCalc(ctx, rest, stdin, stdout)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "pcf", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return usageError(fmt.Sprintf("unknown command %q", cmd))
	}
}

// usageError is a mistake in the command line.
type usageError string

func (e usageError) Error() string { return string(e) }

const usage = `pcf: Chengdu product carbon-footprint factor database and labelling service
成都市产品碳足迹因子数据库与标识服务

Usage:
  pcf serve [--addr 127.0.0.1:8080] [--db ./pcf.db] [--init] [--base-url https://…]
            [--log-format text|json] [--trusted-proxies CIDR,…]
            [--read-header-timeout 10s] [--read-timeout 1m] [--write-timeout 2m]
            [--idle-timeout 2m] [--max-header-bytes 65536]
        start the HTTP service (stop it with Ctrl-C or SIGTERM: in-flight
        requests finish). A missing database is created and seeded only with
        --init, or on a first run with the default path in an empty directory

  pcf factors list   [--set V] [--product-code 8541] [--exact] [--category C]
                     [--geography G] [--year Y] [--status S] [--q TEXT]
                     [--limit N] [--cursor C] [--json] [--server URL]
  pcf factors search TEXT [same flags as list]
  pcf factors show   CODE [--set V] [--json] [--server URL]
  pcf factors sets   [--json] [--server URL]
  pcf factors export [--set V] [--format csv|json] [-o FILE] [--server URL]
  pcf factors import FILE.csv --set V [--based-on V0] [--description D] [--publish]
  pcf factors publish V

  pcf calc STUDY.json [--format table|json|csv] [-o FILE]
        compute a study against the factor set it pins (seed/studies/*.json)

  pcf keys create --org NAME --role manufacturer|certifier|regulator|admin
                  [--name-zh Z] [--address A] [--approval-number N] [--server URL]
        make an API key (works while pcf serve runs, through its admin endpoint)

  pcf verify FILE.pdf --key KEYS.json | --server URL
        check a certificate or label PDF offline against the published keys (GET /v1/keys)

  pcf backup -o FILE [--server URL]
        hot backup of the database (bbolt tx.WriteTo); while pcf serve runs,
        through its admin endpoint with the admin token
  pcf version

Every command takes --db PATH (default ./pcf.db, or $PCF_DB).
A running 'pcf serve' holds the database file; read commands then take
--server http://127.0.0.1:8080 to ask the running server instead.
`

package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// runFactorsCPCD runs "pcf factors cpcd [FILE.csv] [--report FILE] [-o FILE]":
// it converts a CPCD catalog (the embedded snapshot by default) and writes
// the import report and, with -o, the factors in the factor CSV format that
// `pcf factors import` reads. It touches no database.
func runFactorsCPCD(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("factors cpcd")
	report := fs.String("report", "", "write the import report (one row per catalog row) to FILE; - for standard output")
	out := fs.String("o", "", "write the importable factors as factor CSV to FILE")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("factors cpcd: want at most one FILE.csv (default: the embedded snapshot)")
	}
	var im *cpcd.Import
	if len(pos) == 1 {
		f, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		im, err = cpcd.Convert(f, pos[0])
		if err != nil {
			return err
		}
	} else if im, err = cpcd.Factors(); err != nil {
		return err
	}
	write := func(path string, fn func(io.Writer) error) error {
		if path == "-" {
			return fn(stdout)
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if *report != "" {
		if err := write(*report, func(w io.Writer) error { return cpcd.WriteReportCSV(w, im.Report) }); err != nil {
			return err
		}
	}
	if *out != "" {
		if err := write(*out, func(w io.Writer) error { return tabular.WriteFactorsCSV(w, im.Factors) }); err != nil {
			return err
		}
	}
	imported, merged, refused := im.Counts()
	summary := stdout
	if *report == "-" || *out == "-" {
		summary = stderr
	}
	fmt.Fprintf(summary, "%d rows: %d imported, %d merged as duplicates, %d refused (see --report)\n", len(im.Report), imported, merged, refused)
	return nil
}

// runFactorsLoadCPCD runs "pcf factors load-cpcd": it publishes the
// embedded CPCD snapshot as set cpcd.SetVersion in the database (or through
// the server that holds it), as `pcf serve` does on a database it creates.
// It is idempotent. On a database that already has published sets the CPCD
// set, published last, becomes the latest set (the default of factor
// queries without --set).
func runFactorsLoadCPCD(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("factors load-cpcd")
	d := addDBFlags(fs)
	svc, _, err := connectAdmin(ctx, fs, d, args, 0, "factors load-cpcd: takes no arguments", stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	n, loaded, err := loadCPCD(ctx, svc.Factors)
	if err != nil {
		return err
	}
	if loaded {
		fmt.Fprintf(stdout, "published factor set %s (%d CPCD factors)\n", cpcd.SetVersion, n)
	} else {
		fmt.Fprintf(stdout, "factor set %s is already published with these %d factors\n", cpcd.SetVersion, n)
	}
	return nil
}

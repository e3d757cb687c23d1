package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed"
)

// runCalc is "pcf calc STUDY.json [--format table|json|csv]": it computes a
// study against the factor set it pins and prints the result. It stores
// nothing (submitting a study for certification is POST /v1/studies).
func runCalc(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("pcf calc", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", defaultDBPath(), "database file")
	format := fs.String("format", "table", "output: table, json or csv")
	out := fs.String("o", "", "write to this file instead of standard output")
	pos, err := interspersed(fs, args)
	if err != nil {
		return usageError("calc: " + err.Error())
	}
	if len(pos) != 1 {
		return usageError("calc: want one STUDY.json argument (- for standard input)")
	}
	switch *format {
	case "table", "json", "csv":
	default:
		return usageError(fmt.Sprintf("calc: --format must be table, json or csv, not %q", *format))
	}

	var r io.Reader = stdin
	name := "standard input"
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		r, name = f, pos[0]
	}
	study, err := footprint.ParseStudyJSON(r)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if ids := study.SupplierIDs(); len(ids) > 0 {
		return fmt.Errorf("%s: the study references supplier certificates (%s); calculate it through the API (POST /v1/studies), which resolves them", name, strings.Join(ids, ", "))
	}

	factors, err := studyFactors(ctx, *dbPath, study)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	res, err := footprint.Calculate(study, factors, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}

	w := stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "json":
		b, err := res.CanonicalJSON()
		if err != nil {
			return err
		}
		if _, err := w.Write(append(b, '\n')); err != nil {
			return err
		}
	case "csv":
		if err := tabular.WriteResultCSV(w, res); err != nil {
			return err
		}
	default:
		if err := tabular.WriteResultTable(w, res); err != nil {
			return err
		}
	}
	if f != nil {
		return f.Close()
	}
	return nil
}

// studyFactors reads the factor snapshot a study needs from the database, in
// one transaction. While a running server holds the database, a study pinned
// to the embedded seed set is computed from the copy compiled into the binary
// (the same published, immutable set).
func studyFactors(ctx context.Context, dbPath string, study *footprint.Study) (map[string]*footprint.Factor, error) {
	db, _, err := openSeeded(ctx, dbPath)
	if err == nil {
		defer db.Close()
		return factordb.NewFactorService(db).FindFactorsByCodes(ctx, study.FactorSet, study.FactorCodes())
	}
	if !errors.Is(err, errDBInUse) || study.FactorSet != seed.SetVersion {
		return nil, err
	}
	all, err := seed.Factors()
	if err != nil {
		return nil, err
	}
	m := make(map[string]*footprint.Factor, len(all))
	for _, f := range all {
		f.Set = seed.SetVersion
		m[f.Code] = f
	}
	return m, nil
}

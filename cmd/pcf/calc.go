package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// runCalc is "pcf calc STUDY.json | BOM.csv [--format table|json|csv]": it
// computes a study against the factor set it pins and prints the result.
// The study is a study document, or a BOM table as the API takes it (CSV
// or .xlsx, tabular.BOMColumns) with the study header given by --study or
// --field. It stores nothing (submitting a study for certification is POST
// /v1/studies).
func runCalc(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("calc")
	d := addDBFlags(fs)
	format := fs.String("format", "table", "output: table, json or csv")
	out := fs.String("o", "", "write to this file instead of standard output")
	header := fs.String("study", "", "with a BOM table: the study header, a study document without the table's lines")
	fields := fieldFlags{}
	fs.Var(fields, "field", "with a BOM table: a study header field NAME=VALUE, one of the API's upload form fields\n("+strings.Join(tabular.StudyFields, ", ")+"); repeat it")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("calc: want one STUDY.json or BOM.csv argument (- for a study on standard input)")
	}
	switch *format {
	case "table", "json", "csv":
	default:
		return usageError(fmt.Sprintf("calc: --format must be table, json or csv, not %q", *format))
	}

	name, data := "standard input", []byte(nil)
	if pos[0] == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		name = pos[0]
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return err
	}
	study, bom, err := readCalcStudy(name, data, *header, fields)
	if err != nil {
		return err
	}
	// An error about the study names its file: a study document by path, a
	// BOM table by file line (bom.Locate).
	studyError := func(err error) error {
		if bom != nil {
			return bom.Locate(err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if ids := study.SupplierIDs(); len(ids) > 0 {
		return fmt.Errorf("%s: the study references supplier certificates (%s); calculate it through the API (POST /v1/calculations), which resolves them", name, strings.Join(ids, ", "))
	}

	svc, err := connectCreating(ctx, d, dbSeeded, stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	// The whole set, as the local file and the server both export it: the engine compares the study's figure with
	// the set's factors of its product too (studyFactors).
	all, err := svc.Factors.ExportFactorSet(ctx, study.FactorSet)
	if err != nil {
		return studyError(err)
	}
	res, err := footprint.Calculate(study, studyFactors(all, study, nil), nil)
	if err != nil {
		return studyError(err)
	}
	// A preview may use a factor whose plausibility flag no curator
	// reviewed, and says so (docs/integrity.md "Plausibility flags").
	if checker, ok := svc.Factors.(factorlib.FactorFlagService); ok {
		flags, err := checker.FindFactorFlags(ctx, study.FactorSet)
		if err != nil {
			return studyError(err)
		}
		byCode := make(map[string]*factorlib.FactorFlag, len(flags))
		for _, fl := range flags {
			byCode[fl.Code] = fl
		}
		factorlib.AddFlagWarnings(res, byCode)
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
		var opts []tabular.WriteOption
		if f != nil {
			opts = append(opts, tabular.WithByteOrderMark()) // a file people open in Excel
		}
		if err := tabular.WriteResultCSV(w, res, opts...); err != nil {
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

// readCalcStudy reads the study of pcf calc: a study document (JSON), or a
// BOM table (CSV or .xlsx, read as the API reads an upload) with its header
// from the file headerPath or from fields, as the API takes a "study" part
// or form fields.
func readCalcStudy(name string, data []byte, headerPath string, fields fieldFlags) (*footprint.Study, *tabular.BOM, error) {
	isJSON := strings.EqualFold(filepath.Ext(name), ".json") ||
		bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n"), []byte("{"))
	if isJSON {
		if headerPath != "" || len(fields) > 0 {
			return nil, nil, usageError("calc: --study and --field go with a BOM table, not a study document")
		}
		study, err := footprint.ParseStudyJSON(bytes.NewReader(data))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		return study, nil, nil
	}

	var header []byte
	var err error
	switch {
	case headerPath != "" && len(fields) > 0:
		return nil, nil, usageError("calc: give the study header either with --study or with --field, not both")
	case headerPath != "":
		if header, err = os.ReadFile(headerPath); err != nil {
			return nil, nil, err
		}
	case len(fields) > 0:
		if header, err = tabular.StudyHeader(fields, nil); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, usageError("calc: a BOM table needs the study header: --study HEADER.json, or --field NAME=VALUE for rule, boundary, declared_unit, factor_set, product.name, …")
	}
	bom, err := api.ReadBOM(filepath.Base(name), data)
	if err != nil {
		return nil, nil, err
	}
	study, err := bom.Study(header)
	if err != nil {
		if headerPath != "" && footprint.ErrorCode(err) == footprint.EINVALID && !strings.HasPrefix(footprint.ErrorField(err), bom.Name+":") {
			return nil, nil, fmt.Errorf("%s: %w", headerPath, err)
		}
		return nil, nil, err
	}
	return study, bom, nil
}

// fieldFlags collects repeated --field NAME=VALUE flags, as the form fields
// of an API upload.
type fieldFlags map[string][]string

func (f fieldFlags) String() string { return "" }

func (f fieldFlags) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("want NAME=VALUE, got %q", s)
	}
	name = strings.TrimSpace(name)
	f[name] = append(f[name], val)
	return nil
}

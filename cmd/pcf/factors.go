package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// runFactors runs "pcf factors SUB …". Read commands go through the HTTP API:
// to a running server with --server, otherwise to an in-process server on the
// database file, so both paths share one implementation and one output.
func runFactors(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("factors: want list, search, show, sets, export, import or publish")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "list", "search", "show", "sets", "export":
		return runFactorsRead(ctx, sub, args, stdout)
	case "import":
		return runFactorsImport(ctx, args, stdout, stderr)
	case "publish":
		return runFactorsPublish(ctx, args, stdout)
	default:
		return usageError(fmt.Sprintf("factors: unknown subcommand %q", sub))
	}
}

// interspersed parses flags that may follow positional arguments
// ("pcf factors show CODE --json").
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

func runFactorsRead(ctx context.Context, sub string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pcf factors "+sub, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		dbPath   = fs.String("db", defaultDBPath(), "database file")
		server   = fs.String("server", "", "base URL of a running pcf serve")
		set      = fs.String("set", "", "factor set version (default: latest published)")
		asJSON   = fs.Bool("json", false, "print JSON")
		pc       = fs.String("product-code", "", "product code (HS) or prefix")
		exact    = fs.Bool("exact", false, "match --product-code exactly")
		category = fs.String("category", "", "category")
		geo      = fs.String("geography", "", "geography, e.g. CN, CN-SC")
		year     = fs.Int("year", 0, "reference year")
		status   = fs.String("status", "", "active, deprecated or superseded")
		q        = fs.String("q", "", "text in the Chinese or English name")
		limit    = fs.Int("limit", 0, "page size")
		cursor   = fs.String("cursor", "", "cursor from a previous page")
		format   = fs.String("format", "csv", "export format: csv or json")
		out      = fs.String("o", "", "export to this file instead of standard output")
	)
	pos, err := interspersed(fs, args)
	if err != nil {
		return usageError(fmt.Sprintf("factors %s: %v", sub, err))
	}

	c, closeFn, err := newFactorClient(ctx, *server, *dbPath)
	if err != nil {
		return err
	}
	defer closeFn()

	switch sub {
	case "list", "search":
		v := url.Values{}
		if sub == "search" {
			if len(pos) != 1 {
				return usageError("factors search: want one TEXT argument")
			}
			*q = pos[0]
		} else if len(pos) > 0 {
			return usageError(fmt.Sprintf("factors list: unexpected argument %q", pos[0]))
		}
		for k, s := range map[string]string{"set": *set, "product_code": *pc, "category": *category, "geography": *geo, "status": *status, "q": *q, "cursor": *cursor} {
			if s != "" {
				v.Set(k, s)
			}
		}
		if *exact {
			v.Set("product_code_match", "exact")
		}
		if *year != 0 {
			v.Set("year", strconv.Itoa(*year))
		}
		if *limit != 0 {
			v.Set("limit", strconv.Itoa(*limit))
		}
		var resp struct {
			Data []api.FactorJSON `json:"data"`
			Meta struct {
				Set        string `json:"set"`
				NextCursor string `json:"next_cursor"`
			} `json:"meta"`
		}
		raw, err := c.get(ctx, "/v1/factors?"+v.Encode(), &resp)
		if err != nil {
			return err
		}
		if *asJSON {
			_, err = stdout.Write(raw)
			return err
		}
		printFactorTable(stdout, resp.Data)
		fmt.Fprintf(stdout, "\n%d factors from set %s", len(resp.Data), resp.Meta.Set)
		if resp.Meta.NextCursor != "" {
			fmt.Fprintf(stdout, "; more with --cursor %s", resp.Meta.NextCursor)
		}
		fmt.Fprintln(stdout)
		return nil

	case "show":
		if len(pos) != 1 {
			return usageError("factors show: want one CODE argument")
		}
		v := url.Values{}
		if *set != "" {
			v.Set("set", *set)
		}
		var resp struct {
			Data api.FactorJSON `json:"data"`
		}
		raw, err := c.get(ctx, "/v1/factors/"+url.PathEscape(pos[0])+"?"+v.Encode(), &resp)
		if err != nil {
			return err
		}
		if *asJSON {
			_, err = stdout.Write(raw)
			return err
		}
		printFactor(stdout, resp.Data)
		return nil

	case "sets":
		var resp struct {
			Data []struct {
				Version     string `json:"version"`
				Status      string `json:"status"`
				FactorCount int    `json:"factor_count"`
				PublishedAt string `json:"published_at"`
				BasedOn     string `json:"based_on"`
				Description string `json:"description"`
			} `json:"data"`
		}
		raw, err := c.get(ctx, "/v1/factor-sets", &resp)
		if err != nil {
			return err
		}
		if *asJSON {
			_, err = stdout.Write(raw)
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tSTATUS\tFACTORS\tPUBLISHED\tBASED ON\tDESCRIPTION")
		for _, s := range resp.Data {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", s.Version, s.Status, s.FactorCount, s.PublishedAt, s.BasedOn, s.Description)
		}
		return tw.Flush()

	case "export":
		if *format != "csv" && *format != "json" {
			return usageError("factors export: --format must be csv or json")
		}
		version := *set
		if version == "" {
			var resp struct {
				Meta struct {
					Set string `json:"set"`
				} `json:"meta"`
			}
			if _, err := c.get(ctx, "/v1/factors?limit=1", &resp); err != nil {
				return err
			}
			version = resp.Meta.Set
		}
		raw, err := c.get(ctx, "/v1/factor-sets/"+url.PathEscape(version)+"/export?format="+*format, nil)
		if err != nil {
			return err
		}
		if *out == "" {
			_, err = stdout.Write(raw)
			return err
		}
		return writeFileAtomic(*out, raw)
	}
	return nil
}

func printFactorTable(w io.Writer, factors []api.FactorJSON) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tVALUE\tUNIT\tGEO\tYEAR\tGRADE\tSTATUS\tNAME")
	for _, f := range factors {
		name := f.NameEN
		if f.NameZH != "" {
			name = f.NameZH + " / " + f.NameEN
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", f.Code, strconv.FormatFloat(f.Value, 'g', -1, 64), f.Unit, f.Geography, f.Year, f.Quality.Grade, f.Status, name)
	}
	tw.Flush()
}

func printFactor(w io.Writer, f api.FactorJSON) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	row("code", f.Code)
	row("set", f.Set)
	row("name (zh)", f.NameZH)
	row("name (en)", f.NameEN)
	row("value", strconv.FormatFloat(f.Value, 'g', -1, 64)+" "+f.Unit)
	row("GHG basis", f.GHGBasis)
	row("category", f.Category)
	row("boundary", f.Boundary)
	row("geography", f.Geography)
	row("year", strconv.Itoa(f.Year))
	row("product codes", strings.Join(f.ProductCodes, ", "))
	row("source", strings.Join(nonEmpty(f.Source.Publisher, f.Source.Document, f.Source.Date), ", "))
	row("locator", f.Source.Locator)
	row("licence", f.Licence)
	if f.Quality.Grade != "" || f.Quality.DQR != 0 {
		row("data quality", fmt.Sprintf("grade %s, PEF TeR %d GR %d TiR %d P %d (DQR %.2f)", f.Quality.Grade, f.Quality.TeR, f.Quality.GR, f.Quality.TiR, f.Quality.P, f.Quality.DQR))
	}
	row("status", f.Status)
	row("superseded by", f.SupersededBy)
	row("notes", f.Notes)
	tw.Flush()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// factorClient talks to the HTTP API, remote or in-process.
type factorClient struct {
	base string
	hc   *http.Client
}

// newFactorClient returns a client for --server, or for an in-process server
// over the database file (created and seeded if it does not exist yet).
func newFactorClient(ctx context.Context, server, dbPath string) (*factorClient, func(), error) {
	if server != "" {
		return &factorClient{base: strings.TrimRight(server, "/"), hc: http.DefaultClient}, func() {}, nil
	}
	db, _, err := openSeeded(ctx, dbPath)
	if err != nil {
		return nil, nil, err
	}
	srv := api.NewServer()
	srv.FactorService = factordb.NewFactorService(db)
	hc := &http.Client{Transport: handlerTransport{srv}}
	return &factorClient{base: "http://pcf.local", hc: hc}, func() { db.Close() }, nil
}

// handlerTransport serves requests with an in-process http.Handler.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// get fetches path and, if v is non-nil, decodes the JSON body into it. It
// returns the raw body. A JSON error body becomes an error with its code.
func (c *factorClient) get(ctx context.Context, path string, v any) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	if resp.StatusCode >= 400 {
		var e struct {
			Error struct{ Code, Message, Field string } `json:"error"`
		}
		if json.Unmarshal(raw, &e) == nil && e.Error.Code != "" {
			return nil, &footprint.Error{Code: e.Error.Code, Field: e.Error.Field, Message: e.Error.Message}
		}
		return nil, fmt.Errorf("%s: HTTP %d", path, resp.StatusCode)
	}
	if v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			return nil, fmt.Errorf("decode response: %w", err)
		}
	}
	return raw, nil
}

func runFactorsImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pcf factors import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", defaultDBPath(), "database file")
	set := fs.String("set", "", "factor set version to import into (created as a draft if absent)")
	basedOn := fs.String("based-on", "", "when creating the set, start from a copy of this set")
	desc := fs.String("description", "", "description of a new set")
	doPublish := fs.Bool("publish", false, "publish the set after the import")
	pos, err := interspersed(fs, args)
	if err != nil {
		return usageError("factors import: " + err.Error())
	}
	if len(pos) != 1 || *set == "" {
		return usageError("factors import: want FILE.csv and --set VERSION")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	// Progress on the terminal for large files; parsing validates every row
	// before anything is written.
	progress := tabular.WithProgress(func(rows int) {
		if rows%5000 == 0 {
			fmt.Fprintf(stderr, "\rread %d rows…", rows)
		}
	})
	factors, err := tabular.ReadFactorsCSV(f, pos[0], progress)
	if len(factors) >= 5000 || err != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}

	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := factordb.NewFactorService(db)
	if _, err := svc.FindFactorSetByVersion(ctx, *set); footprint.ErrorCode(err) == footprint.ENOTFOUND {
		if err := svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: *set, BasedOn: *basedOn, Description: *desc}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created draft factor set %s\n", *set)
	} else if err != nil {
		return err
	}
	sum, err := svc.ImportFactors(ctx, *set, factors)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d factors into %s (%d added, %d replaced; %d in set)\n", len(factors), sum.Set, sum.Added, sum.Replaced, sum.Total)
	if *doPublish {
		return publish(ctx, svc, *set, stdout)
	}
	return nil
}

func runFactorsPublish(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pcf factors publish", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", defaultDBPath(), "database file")
	pos, err := interspersed(fs, args)
	if err != nil {
		return usageError("factors publish: " + err.Error())
	}
	if len(pos) != 1 {
		return usageError("factors publish: want one VERSION argument")
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return publish(ctx, factordb.NewFactorService(db), pos[0], stdout)
}

func publish(ctx context.Context, svc footprint.FactorService, version string, stdout io.Writer) error {
	fs, err := svc.PublishFactorSet(ctx, version)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published factor set %s: %d factors, digest %s\n", fs.Version, fs.FactorCount, fs.Digest)
	return nil
}

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pcf backup", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", defaultDBPath(), "database file")
	out := fs.String("o", "", "backup file to write")
	server := fs.String("server", "", "back up the database of this running pcf serve (default: the file; if it is in use, $PCF_SERVER or http://"+DefaultAddr+")")
	if _, err := interspersed(fs, args); err != nil {
		return usageError("backup: " + err.Error())
	}
	if *out == "" {
		return usageError("backup: want -o FILE")
	}
	if *server == "" {
		if _, err := os.Stat(*dbPath); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		db, err := openDB(*dbPath)
		if err == nil {
			defer db.Close()
			n, err := db.BackupToFile(*out)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, n)
			return nil
		}
		if !errors.Is(err, errDBInUse) {
			return err
		}
		*server = cmp.Or(os.Getenv("PCF_SERVER"), "http://"+DefaultAddr)
		fmt.Fprintf(stderr, "database %s is in use; asking the running server at %s\n", *dbPath, *server)
	}
	return backupRemote(ctx, *server, adminToken(*dbPath), *out, stdout)
}

// backupRemote downloads a hot backup from a running server's admin
// endpoint, checks that it opens as a database, and only then renames it
// into place.
func backupRemote(ctx context.Context, server, token, out string, stdout io.Writer) error {
	if token == "" {
		return errors.New("backup: no admin token: set PCF_ADMIN_TOKEN (pcf serve wrote the first one to <db>.admin-token)")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(server, "/")+"/v1/admin/backup", nil)
	if err != nil {
		return fmt.Errorf("backup: server URL %q: %w", server, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup: ask %s: %w", server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("backup: %s answered %s", server, resp.Status)
	}
	tmp := out + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, resp.Body)
	if err == nil && (resp.ContentLength <= 0 || n != resp.ContentLength) {
		// Never open a short copy: bbolt maps the file and a truncated
		// one can crash the reader.
		err = fmt.Errorf("the download is incomplete (%d of %d bytes)", n, resp.ContentLength)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
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
	fmt.Fprintf(stdout, "wrote %s (%d bytes, from %s)\n", out, n, server)
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

// writeFileAtomic writes data to path through a temporary file and a rename,
// so a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}

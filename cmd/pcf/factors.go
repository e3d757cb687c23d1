package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// runFactors runs "pcf factors SUB …" on a footprint.FactorService: the
// database file, or the server that holds it (connect), with one output
// either way.
func runFactors(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if isHelp(args) {
		return &helpRequest{}
	}
	if len(args) == 0 {
		return usageError("factors: want list, search, show, sets, export, import, flags, acknowledge, publish, cpcd or load-cpcd")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "list", "search", "show", "sets", "export":
		return runFactorsRead(ctx, sub, args, stdout, stderr)
	case "import":
		return runFactorsImport(ctx, args, stdout, stderr)
	case "flags", "acknowledge":
		return runFactorsFlags(ctx, sub, args, stdout, stderr)
	case "publish":
		return runFactorsPublish(ctx, args, stdout, stderr)
	case "cpcd":
		return runFactorsCPCD(args, stdout, stderr)
	case "load-cpcd":
		return runFactorsLoadCPCD(ctx, args, stdout, stderr)
	default:
		return usageError(fmt.Sprintf("factors: unknown subcommand %q", sub))
	}
}

// connectCreating is connect for the commands that create a database file
// that does not exist (dbSeeded: the reads and pcf calc; dbCreate: pcf
// factors import, as admin). They say so on stderr, naming the file: a
// mistyped --db would otherwise read, or import into, a new database
// without a word.
func connectCreating(ctx context.Context, d *dbFlags, mode openMode, stderr io.Writer) (*services, error) {
	_, statErr := os.Stat(d.path)
	svc, err := connect(ctx, d, mode, mode == dbCreate, stderr)
	if err == nil && svc.DB != nil && errors.Is(statErr, os.ErrNotExist) {
		what := "created it"
		if mode == dbSeeded {
			what = "created it with the seed factor sets"
		}
		fmt.Fprintf(stderr, "database %s did not exist: %s (check --db or $PCF_DB if you meant another)\n", d.path, what)
	}
	return svc, err
}

func runFactorsRead(ctx context.Context, sub string, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("factors " + sub)
	d := addDBFlags(fs)
	set := new(string) // every set's: pcf factors sets takes no --set
	if sub != "sets" {
		fs.StringVar(set, "set", "", "factor set version (default: latest published)")
	}
	var (
		asJSON   *bool
		filter   func() (footprint.FactorFilter, error)
		format   *string
		out      *string
		wantArgs = 0
	)
	switch sub {
	case "list", "search":
		asJSON = fs.Bool("json", false, "print the API's JSON")
		filter = factorFilterFlags(fs)
		if sub == "search" {
			wantArgs = 1
		}
	case "show":
		asJSON = fs.Bool("json", false, "print the API's JSON")
		wantArgs = 1
	case "sets":
		asJSON = fs.Bool("json", false, "print the API's JSON")
	case "export":
		format = fs.String("format", "csv", "csv or json")
		out = fs.String("o", "", "write to this file instead of standard output")
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != wantArgs {
		what := map[string]string{"search": "one TEXT argument", "show": "one CODE argument"}[sub]
		if what == "" {
			return usageError(fmt.Sprintf("factors %s: unexpected argument %q", sub, pos[0]))
		}
		return usageError("factors " + sub + ": want " + what)
	}
	if format != nil && *format != "csv" && *format != "json" {
		return usageError("factors export: --format must be csv or json")
	}

	svc, err := connectCreating(ctx, d, dbSeeded, stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	factors := svc.Factors

	switch sub {
	case "list", "search":
		f, err := filter()
		if err != nil {
			return err
		}
		f.Set = *set
		if sub == "search" {
			f.Text = &pos[0]
		}
		if searcher, ok := factors.(factorlib.FactorSearcher); ok && f.Text != nil && strings.TrimSpace(*f.Text) != "" {
			return printSearch(ctx, searcher, f, *asJSON, stdout)
		}
		page, err := factors.FindFactors(ctx, f)
		if err != nil {
			return err
		}
		list := make([]api.FactorJSON, len(page.Factors))
		for i, f := range page.Factors {
			list[i] = api.NewFactorJSON(f)
		}
		if *asJSON {
			meta := map[string]any{"set": page.Set, "count": len(list)}
			if page.NextCursor != "" {
				meta["next_cursor"] = page.NextCursor
			}
			return writeJSON(stdout, map[string]any{"data": list, "meta": meta})
		}
		printFactorTable(stdout, list)
		fmt.Fprintf(stdout, "\n%d factors from set %s", len(list), page.Set)
		if page.NextCursor != "" {
			fmt.Fprintf(stdout, "; more with --cursor %s", page.NextCursor)
		}
		fmt.Fprintln(stdout)
		return nil

	case "show":
		if !footprint.ValidFactorCode(pos[0]) {
			return footprint.FieldErrorf(footprint.EINVALID, "code", "invalid factor code %q", pos[0])
		}
		f, err := factors.FindFactorByCode(ctx, *set, pos[0])
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(stdout, map[string]any{"data": api.NewFactorJSON(f)})
		}
		printFactor(stdout, api.NewFactorJSON(f))
		return nil

	case "sets":
		sets, err := factors.FindFactorSets(ctx)
		if err != nil {
			return err
		}
		list := make([]api.FactorSetJSON, len(sets))
		for i, s := range sets {
			list[i] = api.NewFactorSetJSON(s)
		}
		if *asJSON {
			return writeJSON(stdout, map[string]any{"data": list})
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tSTATUS\tFACTORS\tPUBLISHED\tBASED ON\tDESCRIPTION")
		for _, s := range list {
			published := ""
			if s.PublishedAt != nil {
				published = s.PublishedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", s.Version, s.Status, s.FactorCount, published, s.BasedOn, s.Description)
		}
		return tw.Flush()

	default: // export
		version := *set
		if version == "" {
			page, err := factors.FindFactors(ctx, footprint.FactorFilter{Limit: 1})
			if err != nil {
				return err
			}
			version = page.Set
		}
		list, err := factors.ExportFactorSet(ctx, version)
		if err != nil {
			return err
		}
		var b strings.Builder
		if *format == "json" {
			data := make([]api.FactorJSON, len(list))
			for i, f := range list {
				data[i] = api.NewFactorJSON(f)
			}
			err = writeJSON(&b, map[string]any{"data": data, "meta": map[string]any{"set": version, "count": len(data)}})
		} else if *out != "" {
			// A file is for people too: a byte-order mark, so that Excel
			// shows its Chinese text.
			err = tabular.WriteFactorsCSV(&b, list, tabular.WithByteOrderMark())
		} else {
			err = tabular.WriteFactorsCSV(&b, list)
		}
		if err != nil {
			return err
		}
		if *out == "" {
			_, err = io.WriteString(stdout, b.String())
			return err
		}
		return writeFileAtomic(*out, []byte(b.String()))
	}
}

// printSearch runs a text search (list --q, search TEXT) and prints the
// factors most relevant first, with the total and the counts per category.
func printSearch(ctx context.Context, searcher factorlib.FactorSearcher, f footprint.FactorFilter, asJSON bool, stdout io.Writer) error {
	res, err := searcher.SearchFactors(ctx, f)
	if err != nil {
		return err
	}
	list := make([]api.FactorJSON, len(res.Hits))
	for i, h := range res.Hits {
		list[i] = api.NewFactorJSON(h.Factor)
	}
	cats := make(map[string]int, len(res.Categories))
	var parts []string
	for _, c := range footprint.Categories {
		if n := res.Categories[c]; n > 0 {
			cats[string(c)] = n
			parts = append(parts, fmt.Sprintf("%s %d", c, n))
		}
	}
	if asJSON {
		meta := map[string]any{"set": res.Set, "count": len(list), "total": res.Total, "facets": map[string]any{"category": cats}}
		if res.NextCursor != "" {
			meta["next_cursor"] = res.NextCursor
		}
		return writeJSON(stdout, map[string]any{"data": list, "meta": meta})
	}
	printFactorTable(stdout, list)
	fmt.Fprintf(stdout, "\n%d of %d factors matching %q from set %s, most relevant first", len(list), res.Total, *f.Text, res.Set)
	if len(parts) > 0 {
		fmt.Fprintf(stdout, "; by category: %s", strings.Join(parts, ", "))
	}
	if res.NextCursor != "" {
		fmt.Fprintf(stdout, "; more with --cursor %s", res.NextCursor)
	}
	fmt.Fprintln(stdout)
	return nil
}

// runFactorsFlags runs "pcf factors flags" (the plausibility flags of a
// set, for its curator) and "pcf factors acknowledge CODE… --note N" (keep
// flagged values, so that the set can be published).
func runFactorsFlags(ctx context.Context, sub string, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("factors " + sub)
	d := addDBFlags(fs)
	set := fs.String("set", "", "factor set version")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	var note *string
	var all, wholeSet *bool
	var seenFile *string
	if sub == "acknowledge" {
		note = fs.String("note", "", "why the flagged values stand (required)")
		all = fs.Bool("all", false, "review every flag of the set no curator has reviewed yet (unacknowledged, or acknowledged by the loader only)")
		wholeSet = fs.Bool("whole-set", false, "review the set as a whole too: a set based on no other that a curator filled waits for it before any of its factors is certifiable (CODE… optional)")
		seenFile = fs.String("seen", "", "the flags as you read them: the file pcf factors flags --json wrote; the review covers those flags (and that state of the set) and is refused if an author changed them since (required through a server)")
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *set == "" {
		return usageError("factors " + sub + ": want --set VERSION")
	}
	if sub == "flags" && len(pos) != 0 {
		return usageError(fmt.Sprintf("factors flags: unexpected argument %q", pos[0]))
	}
	if sub == "acknowledge" && (len(pos) > 0 && *all || len(pos) == 0 && !*all && !*wholeSet) {
		return usageError("factors acknowledge: want CODE…, --all or --whole-set, and --note")
	}
	// A published set's flags are public (GET /v1/factor-sets/{v}/flags):
	// reading them needs no admin token, and sends one if there is one
	// (a draft set's are its curators'). Acknowledging needs it.
	svc, err := connect(ctx, d, dbExisting, sub == "acknowledge", stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	if svc.Client != nil && svc.Client.Token == "" {
		svc.Client.Token = adminToken(d.path)
	}
	checker, ok := svc.Factors.(factorlib.FactorFlagService)
	if !ok {
		return fmt.Errorf("factors %s: %T has no plausibility checks", sub, svc.Factors)
	}
	reviewer, _ := svc.Factors.(factorlib.SetReviewService)
	var flags []*factorlib.FactorFlag
	var review *factorlib.SetReview
	if sub == "flags" {
		flags, err = checker.FindFactorFlags(ctx, *set)
		if err == nil && reviewer != nil {
			review, err = reviewer.FindSetReview(ctx, *set)
		}
	} else {
		// A review covers what its reviewer was shown (red team 32), and
		// through a server that is what the reviewer read and kept
		// (--seen: pcf factors flags --json), not what the command reads
		// as it runs (red team 37: an author's import between the
		// reviewer's reading and the command was reviewed under a note
		// about the value read). On the database file, which this
		// process holds, the flags are read now: its holder is outside
		// four eyes.
		if *wholeSet && reviewer == nil {
			return fmt.Errorf("factors acknowledge --whole-set: %T has no review of a set as a whole", svc.Factors)
		}
		var current []*factorlib.FactorFlag
		var shown *factorlib.SetReview
		if current, shown, err = reviewedState(ctx, svc, checker, reviewer, *set, *seenFile, *wholeSet); err != nil {
			return err
		}
		codes := pos
		if *all {
			for _, fl := range factorlib.Unreviewed(current) {
				codes = append(codes, fl.Code)
			}
			if len(codes) == 0 && !*wholeSet {
				fmt.Fprintf(stdout, "factor set %s has no plausibility flags left to review\n", *set)
				return nil
			}
		}
		out := stdout
		if *asJSON {
			out = stderr // stdout is the answer's JSON
		}
		seen := factorlib.Seen(current, codes)
		if !*wholeSet {
			shown = nil // a set's digest in a --seen file is not reviewed without --whole-set
		}
		printSeen(out, *set, current, codes, shown)
		if *wholeSet {
			review, flags, err = reviewer.ReviewFactorSet(ctx, *set, shown.Digest, seen, *note)
		} else {
			flags, err = checker.AcknowledgeFactorFlags(ctx, *set, seen, *note)
		}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, map[string]any{"data": api.NewFactorFlagsJSON(flags), "meta": api.FactorFlagsMeta(*set, flags, review)})
	}
	printFlags(stdout, *set, flags)
	printSetReview(stdout, review)
	return nil
}

// reviewedState returns the flags of set, and with wholeSet its review as
// a set, that a review covers: as its reviewer read them and kept them in
// seenFile (ReadFactorFlags), or, on the database file without one, as
// they are now. Through a server a review without seenFile is refused
// (red team 37).
func reviewedState(ctx context.Context, svc *services, checker factorlib.FactorFlagService, reviewer factorlib.SetReviewService, set, seenFile string, wholeSet bool) ([]*factorlib.FactorFlag, *factorlib.SetReview, error) {
	var flags []*factorlib.FactorFlag
	var shown *factorlib.SetReview
	var err error
	switch {
	case seenFile != "":
		var in *os.File
		if in, err = os.Open(seenFile); err != nil {
			return nil, nil, err
		}
		defer in.Close()
		var read string
		if read, flags, shown, err = api.ReadFactorFlags(in); err != nil {
			return nil, nil, fmt.Errorf("factors acknowledge --seen %s: not what pcf factors flags --json writes: %w", seenFile, err)
		}
		if read != set {
			return nil, nil, usageError(fmt.Sprintf("factors acknowledge: --seen %s holds the flags of set %q, not of %s", seenFile, read, set))
		}
		// The review sends each flag's digest, and printSeen shows the
		// flag's value: a file edited under its digests (a value an
		// author made look honest, the digest of the value now there)
		// would be reviewed as other than it is printed (session 33).
		listed := make(map[string]bool, len(flags))
		for _, fl := range flags {
			if listed[fl.Code] { // one reader reads the first, the review would send the last
				return nil, nil, usageError(fmt.Sprintf("factors acknowledge: --seen %s lists the flag of %s twice: pcf factors flags --json lists each once; read the flags again and review that file", seenFile, fl.Code))
			}
			listed[fl.Code] = true
			if fl.Digest != "" && fl.Digest != factorlib.FlagDigest(set, &fl.PlausibilityFlag) {
				return nil, nil, usageError(fmt.Sprintf("factors acknowledge: --seen %s: the flag of %s (%s %s) is not what its digest covers: the file was edited after pcf factors flags --json wrote it; read the flags again and review that file", seenFile, fl.Code, strconv.FormatFloat(fl.Value, 'g', -1, 64), fl.Unit))
			}
		}
		if wholeSet && (shown == nil || shown.Digest == "") {
			return nil, nil, usageError(fmt.Sprintf("factors acknowledge --whole-set: --seen %s has no digest of set %s (meta.set_review.digest): read the set with pcf factors flags --set %s --json while it waits for its review", seenFile, set, set))
		}
		return flags, shown, nil
	case svc.Client != nil:
		return nil, nil, usageError(fmt.Sprintf("factors acknowledge through a server: say what you reviewed with --seen FILE, the file pcf factors flags --set %s --json wrote when you read the flags; a review covers only what its reviewer read, and is refused if an author changed it since", set))
	}
	if flags, err = checker.FindFactorFlags(ctx, set); err != nil || !wholeSet {
		return flags, nil, err
	}
	if shown, err = reviewer.FindSetReview(ctx, set); err == nil && shown == nil {
		err = fmt.Errorf("factors acknowledge --whole-set: %s has no review of a set as a whole", set)
	}
	return flags, shown, err
}

// printSeen prints what a review of the flags of codes in set (and, with
// whole non-nil, of the set as a whole) covers: each flag's value and unit
// as read from flags, and the set's digest. The store refuses the review
// if any of it changed before it is recorded.
func printSeen(w io.Writer, set string, flags []*factorlib.FactorFlag, codes []string, whole *factorlib.SetReview) {
	byCode := make(map[string]*factorlib.FactorFlag, len(flags))
	for _, fl := range flags {
		byCode[fl.Code] = fl
	}
	if len(codes) > 0 {
		fmt.Fprintf(w, "reviewing %d plausibility flags of set %s as read (the review is refused if one changed since):\n", len(codes), set)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, code := range codes {
			if fl := byCode[code]; fl != nil {
				fmt.Fprintf(tw, "  %s\t%s %s\t%s\n", code, strconv.FormatFloat(fl.Value, 'g', -1, 64), fl.Unit, fl.FlagKind())
			} else {
				fmt.Fprintf(tw, "  %s\t(no plausibility flag)\t\n", code)
			}
		}
		tw.Flush()
	}
	if whole != nil {
		fmt.Fprintf(w, "reviewing factor set %s as a whole as read, digest %s (the review is refused if a factor was imported or classified since)\n", set, whole.Digest)
	}
}

// printSetReview prints whether set review's set waits for its review as
// a set (factorlib.SetReview); nothing for a set that needs none.
func printSetReview(w io.Writer, r *factorlib.SetReview) {
	switch {
	case r == nil || !r.Required:
	case r.Pending():
		fmt.Fprintf(w, "\nfactor set %s is based on no other set and no second curator has reviewed it as a set (%s): none of its factors is certifiable until a curator who is not one of its authors reads it (pcf factors flags --set %s --json > FILE) and runs pcf factors acknowledge --set %s --whole-set --seen FILE --note WHY\n", r.Set, r.Why, r.Set, r.Set)
	default:
		fmt.Fprintf(w, "\nfactor set %s was reviewed as a set by %s on %s: %s\n", r.Set, r.Review.By, r.Review.At.UTC().Format(time.DateOnly), r.Review.Note)
	}
}

// printFlags prints plausibility flags for people: each flagged factor,
// how far from its peers, which peers, and whether it is acknowledged.
func printFlags(w io.Writer, set string, flags []*factorlib.FactorFlag) {
	open := factorlib.Unacknowledged(flags)
	if len(flags) == 0 {
		fmt.Fprintf(w, "factor set %s: no plausibility flags\n", set)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tVALUE\tUNIT\tx MEDIAN\tMEDIAN\tPEERS\tACKNOWLEDGED")
	for _, fl := range flags {
		ack := "no"
		if a := fl.Acknowledgement; a != nil {
			kind := "reviewed by a curator"
			if !a.Reviewed {
				kind = "NOT REVIEWED (loader)"
			}
			ack = fmt.Sprintf("%s: %s, %s: %s", kind, a.By, a.At.Format(time.DateOnly), a.Note)
		}
		if !fl.IsOutlier() { // a change flag: no peers' statistic
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t-\t-\t%s\n", fl.Code, strconv.FormatFloat(fl.Value, 'g', -1, 64), fl.Unit, fl.FlagKind(), ack)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.3g\t%.3g %s\t%d\t%s\n", fl.Code, strconv.FormatFloat(fl.Value, 'g', -1, 64), fl.Unit,
			math.Pow(10, fl.Decades), fl.Median, fl.GroupUnit, fl.PeerCount, ack)
	}
	tw.Flush()
	for _, fl := range flags {
		if !fl.IsOutlier() {
			fmt.Fprintf(w, "\n%s\n", fl.Explanation)
			continue
		}
		var peers []string
		for _, p := range fl.Peers {
			peers = append(peers, fmt.Sprintf("%s %s %s", p.Code, strconv.FormatFloat(p.Value, 'g', -1, 64), p.Unit))
		}
		fmt.Fprintf(w, "\n%s\n  compared to: %s\n", fl.Explanation, strings.Join(peers, "; "))
	}
	fmt.Fprintf(w, "\n%d plausibility flags in set %s, %d not acknowledged", len(flags), set, len(open))
	if len(open) > 0 {
		fmt.Fprintf(w, ": correct the values and import them again, or acknowledge those that stand with pcf factors acknowledge --set %s --seen FILE --note WHY CODE… (FILE: what pcf factors flags --json wrote when you read them), before publishing", set)
	}
	changes := 0
	for _, fl := range factorlib.Unreviewed(flags) {
		if !fl.IsOutlier() && fl.Acknowledgement == nil {
			changes++
		}
	}
	if changes > 0 {
		fmt.Fprintf(w, "\n%d changes from the base set not reviewed: their factors are not certifiable, nor do they correct the base set, until a curator who is not an author of the set reviews them (pcf factors acknowledge --set %s --seen FILE --note WHY CODE…)", changes, set)
	}
	if unreviewed := factorlib.Unreviewed(flags); len(unreviewed) > len(open)+changes {
		fmt.Fprintf(w, "\n%d acknowledged by the loader only, not reviewed by a curator: their factors are not certifiable until a curator reviews them (pcf factors acknowledge --set %s --seen FILE --note WHY CODE…)", len(unreviewed)-len(open)-changes, set)
	}
	fmt.Fprintln(w)
}

// factorFilterFlags defines the filter flags of list and search; the
// function it returns reads them into a filter.
func factorFilterFlags(fs *flag.FlagSet) func() (footprint.FactorFilter, error) {
	var (
		pc       = fs.String("product-code", "", "product code (HS) or prefix, e.g. 8541 or HS:854143")
		exact    = fs.Bool("exact", false, "match --product-code exactly")
		category = fs.String("category", "", "category")
		geo      = fs.String("geography", "", "geography, e.g. CN, CN-SC")
		year     = fs.Int("year", 0, "reference year")
		status   = fs.String("status", "", "active, deprecated or superseded")
		q        = fs.String("q", "", "search names (Chinese or English, with synonyms) and codes; most relevant first")
		limit    = fs.Int("limit", 0, fmt.Sprintf("page size (default %d, at most %d)", footprint.DefaultLimit, footprint.MaxLimit))
		cursor   = fs.String("cursor", "", "cursor from a previous page")
	)
	return func() (footprint.FactorFilter, error) {
		f := footprint.FactorFilter{Cursor: *cursor, Limit: *limit, ProductCodeExact: *exact}
		if *limit < 0 || *limit > footprint.MaxLimit {
			return f, footprint.FieldErrorf(footprint.EINVALID, "limit", "limit must be between 1 and %d", footprint.MaxLimit)
		}
		f.ProductCode, f.Category, f.Geography = given[string](*pc), given[footprint.Category](*category), given[string](*geo)
		f.Status, f.Text = given[footprint.Status](*status), given[string](*q)
		if *year != 0 {
			f.Year = year
		}
		return f, f.Validate()
	}
}

// given returns nil for a text flag that was not given (empty), else a
// pointer to its value as T: the optional fields of a filter.
func given[T ~string](s string) *T {
	if s == "" {
		return nil
	}
	v := T(s)
	return &v
}

// writeJSON writes v as one line of JSON.
func writeJSON(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
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

func runFactorsImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("factors import")
	d := addDBFlags(fs)
	set := fs.String("set", "", "factor set version to import into (created as a draft if absent)")
	basedOn := fs.String("based-on", "", "when creating the set, start from a copy of this set")
	desc := fs.String("description", "", "description of a new set")
	doPublish := fs.Bool("publish", false, "publish the set after the import")
	ackNote := fs.String("acknowledge-flags", "", "with --publish, on the database file: acknowledge every plausibility flag of the set with this note (why the values stand) before publishing; through a server, review them with pcf factors acknowledge --seen")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *set == "" {
		return usageError("factors import: want FILE.csv and --set VERSION")
	}
	path := pos[0]
	// The file is read as it is imported, in batches (on the database
	// file, or streamed to the server that holds it), with progress on
	// stderr through every phase: a large import never holds the file.
	p := newImportProgress(stderr)
	defer p.done()

	svc, err := connectCreating(ctx, d, dbCreate, stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := blindReview(svc, *ackNote); err != nil {
		return err
	}
	if _, err := svc.Factors.FindFactorSetByVersion(ctx, *set); footprint.ErrorCode(err) == footprint.ENOTFOUND {
		// A bad file must not leave an empty set behind: check it before
		// creating the set (it is read again to import it).
		if err := checkFactorFile(path, p); err != nil {
			return err
		}
		if err := svc.Factors.CreateFactorSet(ctx, &footprint.FactorSet{Version: *set, BasedOn: *basedOn, Description: *desc}); err != nil {
			return err
		}
		p.println(stdout, fmt.Sprintf("created draft factor set %s", *set))
	} else if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var sum *footprint.ImportSummary
	switch fs := svc.Factors.(type) {
	case *factordb.FactorService:
		fr := tabular.NewFactorReader(f, path, tabular.WithProgress(func(n int) { p.update("read", n) }))
		sum, err = fs.ImportFactorsFrom(ctx, *set, fr.Next, p.update)
	case *api.FactorService:
		sum, err = fs.ImportFactorsCSV(ctx, *set, f, filepath.Base(path), p.update)
	default:
		return fmt.Errorf("factors import: no streaming import on %T", fs)
	}
	if err != nil {
		return err
	}
	p.println(stdout, fmt.Sprintf("imported %d factors into %s (%d added, %d replaced; %d in set)", sum.Added+sum.Replaced, sum.Set, sum.Added, sum.Replaced, sum.Total))
	// Every import is checked: show the curator what to review.
	if checker, ok := svc.Factors.(factorlib.FactorFlagService); ok {
		flags, err := checker.FindFactorFlags(ctx, *set)
		if err != nil {
			return err
		}
		if len(flags) > 0 {
			fmt.Fprintln(stdout)
			printFlags(stdout, *set, flags)
		}
	}
	if *ackNote != "" && !*doPublish {
		return usageError("factors import: --acknowledge-flags goes with --publish (or use pcf factors acknowledge)")
	}
	if *doPublish {
		if err := acknowledgeAll(ctx, svc.Factors, *set, *ackNote, stdout); err != nil {
			return err
		}
		return publish(ctx, svc.Factors, *set, stdout)
	}
	return nil
}

// checkFactorFile reads the factor file at path through without keeping
// its factors, and returns its problems.
func checkFactorFile(path string, p *importProgress) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fr := tabular.NewFactorReader(f, path, tabular.WithProgress(func(n int) { p.update("check", n) }))
	for {
		if _, err := fr.Next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// importProgress shows the progress of an import: rows read ("check",
// then "read"), factors of the set copied, factors written. On a terminal
// it is one line, rewritten at most every progressInterval; written to a
// file or a pipe (a log, CI), where a carriage return does not rewrite
// anything, it is a line of its own at most every logInterval.
type importProgress struct {
	w       io.Writer
	tty     bool
	counts  map[string]int
	order   []string
	last    time.Time
	pending bool // a terminal line is shown and not yet ended
	drawn   bool // the counts as they are now are written
}

const (
	progressInterval = 200 * time.Millisecond
	logInterval      = 5 * time.Second
)

// progressLabels names the phases of an import for people.
var progressLabels = map[string]string{
	"check":  "checked %d rows",
	"read":   "read %d rows",
	"copy":   "copied %d factors of the set",
	"write":  "wrote %d factors",
	"commit": "committed %d factors",
}

func newImportProgress(w io.Writer) *importProgress {
	p := &importProgress{w: w, counts: map[string]int{}}
	if f, ok := w.(*os.File); ok {
		fi, err := f.Stat()
		p.tty = err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
	return p
}

// update records that phase has done n and redraws the line, unless it was
// drawn less than progressInterval ago.
func (p *importProgress) update(phase string, n int) {
	if _, ok := p.counts[phase]; !ok {
		p.order = append(p.order, phase)
	}
	p.counts[phase] = n
	p.drawn = false
	interval := logInterval
	if p.tty {
		interval = progressInterval
	}
	if now := time.Now(); now.Sub(p.last) >= interval || phase == "commit" {
		p.last = now
		p.draw()
	}
}

func (p *importProgress) draw() {
	parts := make([]string, 0, len(p.order))
	for _, ph := range p.order {
		label, ok := progressLabels[ph]
		if !ok {
			label = ph + " %d"
		}
		parts = append(parts, fmt.Sprintf(label, p.counts[ph]))
	}
	p.drawn = true
	if !p.tty {
		fmt.Fprintf(p.w, "%s…\n", strings.Join(parts, ", "))
		return
	}
	fmt.Fprintf(p.w, "\r%s…", strings.Join(parts, ", "))
	p.pending = true
}

// done ends the progress line, drawing the last counts.
func (p *importProgress) done() {
	if len(p.order) > 0 && !p.drawn {
		p.draw()
	}
	if p.pending {
		fmt.Fprintln(p.w)
		p.pending = false
	}
}

// println ends the progress line and writes msg to w.
func (p *importProgress) println(w io.Writer, msg string) {
	p.done()
	p.order, p.counts = nil, map[string]int{}
	fmt.Fprintln(w, msg)
}

func runFactorsPublish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("factors publish")
	d := addDBFlags(fs)
	ackNote := fs.String("acknowledge-flags", "", "on the database file: acknowledge every plausibility flag of the set with this note (why the values stand) before publishing; through a server, review them with pcf factors acknowledge --seen")
	svc, pos, err := connectAdmin(ctx, fs, d, args, 1, "factors publish: want one VERSION argument", stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := blindReview(svc, *ackNote); err != nil {
		return err
	}
	if err := acknowledgeAll(ctx, svc.Factors, pos[0], *ackNote, stdout); err != nil {
		return err
	}
	return publish(ctx, svc.Factors, pos[0], stdout)
}

// blindReview refuses --acknowledge-flags (note) through a server: there
// it is a curator's review, of flags the command reads as it runs and
// nobody was shown before (red team 37). A curator reviews what they
// read with pcf factors acknowledge --seen; on the database file its
// holder, outside four eyes, acknowledges as before.
func blindReview(svc *services, note string) error {
	if svc.Client == nil || strings.TrimSpace(note) == "" {
		return nil
	}
	return usageError("--acknowledge-flags through a server would review flags nobody was shown: read them (pcf factors flags --set V --json > FILE), check them, review them with pcf factors acknowledge --set V --seen FILE --note WHY (CODE… | --all), then publish")
}

// acknowledgeAll acknowledges, with note, every plausibility flag of set
// not yet acknowledged: the explicit step "--acknowledge-flags NOTE" of
// import --publish and publish. An empty note does nothing, and publishing
// then refuses a set with open flags, naming them.
func acknowledgeAll(ctx context.Context, svc footprint.FactorService, set, note string, stdout io.Writer) error {
	checker, ok := svc.(factorlib.FactorFlagService)
	if strings.TrimSpace(note) == "" || !ok {
		return nil
	}
	flags, err := checker.FindFactorFlags(ctx, set)
	if err != nil {
		return err
	}
	var codes []string
	for _, fl := range factorlib.Unacknowledged(flags) {
		codes = append(codes, fl.Code)
	}
	if len(codes) == 0 {
		return nil
	}
	printSeen(stdout, set, flags, codes, nil)
	if _, err := checker.AcknowledgeFactorFlags(ctx, set, factorlib.Seen(flags, codes), note); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "acknowledged %d plausibility flags of %s: %s\n", len(codes), set, note)
	return nil
}

func publish(ctx context.Context, svc footprint.FactorService, version string, stdout io.Writer) error {
	fs, err := svc.PublishFactorSet(ctx, version)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published factor set %s: %d factors, digest %s\n", fs.Version, fs.FactorCount, fs.Digest)
	return nil
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

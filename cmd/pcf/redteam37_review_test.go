package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed"
)

// redteam37Set starts a server with two curators' keys, and a draft set
// based on basedOn ("": none) in which the first (Alice) imports the seed
// set's factors at other values; it returns the server's address, Bob's
// key, Alice's service and her import of code at a value.
func redteam37Set(t *testing.T, set, basedOn string) (base, bob string, alice *api.FactorService, importValue func(code string, v float64)) {
	t.Helper()
	m := MustRunMain(t)
	base = "http://" + m.Server.Addr().String()
	t.Setenv("PCF_SERVER", "")
	author, second := curatorKey(t, m, "Curation Office A"), curatorKey(t, m, "Curation Office B")
	ctx := context.Background()
	alice = api.NewFactorService(&api.Client{URL: base, Token: author})
	if err := alice.CreateFactorSet(ctx, &footprint.FactorSet{Version: set, BasedOn: basedOn}); err != nil {
		t.Fatal(err)
	}
	importValue = func(code string, v float64) {
		t.Helper()
		f, err := alice.FindFactorByCode(ctx, seed.SetVersion, code)
		if err != nil {
			t.Fatal(err)
		}
		f.Value, f.Set = v, set
		var b bytes.Buffer
		if err := tabular.WriteFactorsCSV(&b, []*footprint.Factor{f}); err != nil {
			t.Fatal(err)
		}
		if _, err := alice.ImportFactorsCSV(ctx, set, &b, "factors.csv", nil); err != nil {
			t.Fatal(err)
		}
	}
	return base, second, alice, importValue
}

// flagOf returns the flag of code in set as the server now has it.
func flagOf(t *testing.T, svc *api.FactorService, set, code string) *factorlib.FactorFlag {
	t.Helper()
	flags, err := svc.FindFactorFlags(context.Background(), set)
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range flags {
		if fl.Code == code {
			return fl
		}
	}
	t.Fatalf("no flag of %s in %s", code, set)
	return nil
}

// Attack (red team 37): red team 32 made a review carry the digest of
// what its reviewer was shown, but "pcf factors acknowledge" reads the
// flags itself at the moment it runs and sends back their digests: it
// pins the millisecond between its own reading and its submission, not
// the reviewer's reading. Bob reads Alice's draft with "pcf factors
// flags" (PV-CELL-MONO182 at 1.55), checks the supplier's EPD, Alice
// imports 0.795 meanwhile, and Bob runs "pcf factors acknowledge … CODE":
// 0.795 was recorded as reviewed under Bob's note about 1.55. The same
// for --all and --whole-set.
//
// Safe: through a server, the command reviews what its reviewer read,
// the flags (and set) kept by "pcf factors flags --json" in a file
// (--seen FILE), and a review without it is refused before anything is
// sent; with the file, a flag changed since is refused (409), nothing
// recorded.
func TestRedteam37_CLIReviewCoversWhatTheReviewerRead(t *testing.T) {
	const set, code = "2026.R37", "PV-CELL-MONO182"
	base, bob, alice, importValue := redteam37Set(t, set, seed.SetVersion)
	importValue(code, 1.55)
	t.Setenv("PCF_ADMIN_TOKEN", bob)
	seenPath := readFlags(t, set, base)
	if read, err := os.ReadFile(seenPath); err != nil || !strings.Contains(string(read), `"value":1.55`) {
		t.Fatalf("Bob reads the flags: %q %v", read, err)
	}
	importValue(code, 0.795) // while Bob checks the EPD

	// As documented until now: codes and a note, nothing of what was read.
	rc, out, errOut := pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--note", "1.55: the supplier's 2025 EPD, checked", code)
	if fl := flagOf(t, alice, set, code); fl.Reviewed() {
		t.Fatalf("a review of what the command read at submission, not of what Bob read: %s at %g reviewed (%d %q %q)", code, fl.Value, rc, out, errOut)
	}
	if rc == 0 || !strings.Contains(errOut, "--seen") {
		t.Errorf("a review through a server without what its reviewer read: %d %q %q", rc, out, errOut)
	}
	rc, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--seen", seenPath, "--note", "1.55: the supplier's 2025 EPD, checked", code)
	if rc == 0 || !strings.Contains(errOut, "changed since you read it") || !strings.Contains(out, "1.55") {
		t.Errorf("review of a flag changed after Bob read it: %d %q %q", rc, out, errOut)
	}
	if fl := flagOf(t, alice, set, code); fl.Reviewed() {
		t.Fatalf("%s at %g reviewed though Bob read 1.55", code, fl.Value)
	}
	// Read again, the value now there is what Bob reviews.
	seenPath = readFlags(t, set, base)
	rc, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--seen", seenPath, "--note", "0.795: checked against the supplier's EPD", "--all")
	if fl := flagOf(t, alice, set, code); rc != 0 || !fl.Reviewed() || fl.Value != 0.795 || !strings.Contains(out, "0.795") {
		t.Fatalf("review of the flag as read: %d %q %q", rc, out, errOut)
	}
}

// Attack (red team 37): "pcf factors publish V --acknowledge-flags NOTE"
// through a server acknowledges, as a curator's review, every open flag
// the command reads as it runs: flags its user was never shown. Bob,
// who is not an author, publishes Alice's draft that way, having looked
// at it before she imported the plastics at a thousand times their value:
// the outlier is recorded as reviewed by Bob, and the set is published.
//
// Safe: through a server, --acknowledge-flags is refused before anything
// is sent (a curator reviews what was read, with pcf factors acknowledge
// --seen); on the database file its holder, outside four eyes, keeps it.
func TestRedteam37_PublishAcknowledgeFlagsThroughAServerIsNoReview(t *testing.T) {
	const set, code = "2026.R37P", "MAT-PLASTIC-AVG-DESNZ"
	base, bob, alice, importValue := redteam37Set(t, set, seed.SetVersion)
	importValue(code, 3000)
	if fl := flagOf(t, alice, set, code); !fl.IsOutlier() {
		t.Fatalf("setup: %s at 3000 is not an outlier: %+v", code, fl.PlausibilityFlag)
	}
	t.Setenv("PCF_ADMIN_TOKEN", bob)
	rc, out, errOut := pcf(t, "factors", "publish", set, "--server", base, "--acknowledge-flags", "checked last week")
	if fl := flagOf(t, alice, set, code); fl.Acknowledgement != nil {
		t.Fatalf("the outlier %s at %g acknowledged by a command that showed it to nobody first: %+v (%d %q %q)", code, fl.Value, fl.Acknowledgement, rc, out, errOut)
	}
	if rc == 0 || !strings.Contains(errOut, "--seen") {
		t.Errorf("publish --acknowledge-flags through a server: %d %q %q", rc, out, errOut)
	}
	fs, err := alice.FindFactorSetByVersion(context.Background(), set)
	if err != nil {
		t.Fatal(err)
	}
	if fs.Status != footprint.SetDraft {
		t.Errorf("set %s published: %s", set, fs.Status)
	}
}

// readFlags runs "pcf factors flags --set set --server server --json" as
// a reviewer reads the flags, and returns the file it wrote them to: what
// "pcf factors acknowledge --seen" reviews.
func readFlags(t *testing.T, set, server string) string {
	t.Helper()
	rc, read, errOut := pcf(t, "factors", "flags", "--set", set, "--server", server, "--json")
	if rc != 0 {
		t.Fatalf("factors flags --set %s: %d %q", set, rc, errOut)
	}
	path := filepath.Join(t.TempDir(), "flags.json")
	if err := os.WriteFile(path, []byte(read), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Attack (red team 37): the review of a set as a whole through "pcf
// factors acknowledge --whole-set" read the set's digest as the command
// ran. Bob reads Alice's set based on no other, Alice then imports the
// cells at half their value, and Bob's review as a set covered her import.
//
// Safe: the review covers the state Bob read (--seen), and is refused
// (409, set_digest) when the set changed since; without it, through a
// server, it is refused before anything is sent.
func TestRedteam37_CLIWholeSetReviewCoversWhatTheReviewerRead(t *testing.T) {
	const set, code = "2026.R37S", "PV-CELL-MONO182"
	base, bob, alice, importValue := redteam37Set(t, set, "")
	ctx := context.Background()
	importValue(code, 1.59)
	t.Setenv("PCF_ADMIN_TOKEN", bob)
	seenPath := readFlags(t, set, base)
	importValue(code, 0.795) // while Bob checks the set against its sources
	pending := func() bool {
		t.Helper()
		r, err := alice.FindSetReview(ctx, set)
		if err != nil {
			t.Fatal(err)
		}
		return r.Pending()
	}
	rc, out, errOut := pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--whole-set", "--note", "1.59: checked against the seed's sources")
	if !pending() {
		t.Fatalf("set %s reviewed as a set with %s at 0.795, which Bob never read (%d %q %q)", set, code, rc, out, errOut)
	}
	if rc == 0 || !strings.Contains(errOut, "--seen") {
		t.Errorf("a review as a set through a server without what its reviewer read: %d %q %q", rc, out, errOut)
	}
	rc, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--whole-set", "--seen", seenPath, "--note", "1.59: checked against the seed's sources")
	if rc == 0 || !strings.Contains(errOut, "changed since you read it") || !pending() {
		t.Errorf("review as a set of a set changed after Bob read it: %d %q %q", rc, out, errOut)
	}
}

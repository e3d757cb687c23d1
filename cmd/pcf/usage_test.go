package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// flagLine is a flag as pcf CMD --help lists it ("  -name type").
var flagLine = regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)

// synopsis returns the lines of usage that describe "pcf <cmd>": from its
// line to the next line that starts another command.
func synopsis(usage, cmd string) string {
	var b strings.Builder
	in := false
	for _, line := range strings.SplitAfter(usage, "\n") {
		if strings.HasPrefix(line, "  pcf ") {
			rest := strings.TrimPrefix(line, "  ")
			in = rest == cmd+"\n" || strings.HasPrefix(rest, cmd+" ")
		}
		if in {
			b.WriteString(line)
		}
	}
	return b.String()
}

// Ensure every command and subcommand answers -h and --help with its usage
// on standard output and exit 0, and lists its flags.
func TestHelp_EveryCommand(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		flags []string // flags the help must list
	}{
		{[]string{"serve"}, []string{"-addr", "-db", "-base-url"}},
		{[]string{"factors"}, nil},
		{[]string{"factors", "list"}, []string{"-db", "-server", "-product-code", "-json"}},
		{[]string{"factors", "search"}, []string{"-db", "-server", "-q"}},
		{[]string{"factors", "show"}, []string{"-db", "-server", "-set", "-json"}},
		{[]string{"factors", "sets"}, []string{"-db", "-server", "-json"}},
		{[]string{"factors", "export"}, []string{"-db", "-server", "-format", "-o"}},
		{[]string{"factors", "import"}, []string{"-db", "-server", "-set", "-based-on", "-publish"}},
		{[]string{"factors", "publish"}, []string{"-db", "-server"}},
		{[]string{"factors", "cpcd"}, []string{"-report", "-o"}},
		{[]string{"factors", "load-cpcd"}, []string{"-db", "-server"}},
		{[]string{"factors", "flags"}, []string{"-db", "-server", "-set"}},
		{[]string{"factors", "acknowledge"}, []string{"-db", "-server", "-set", "-note", "-all", "-whole-set", "-seen"}},
		{[]string{"calc"}, []string{"-db", "-server", "-format", "-study", "-field"}},
		{[]string{"keys"}, nil},
		{[]string{"keys", "create"}, []string{"-db", "-server", "-org", "-role"}},
		{[]string{"verify"}, []string{"--key", "--server"}},
		{[]string{"backup"}, []string{"-db", "-server", "-o"}},
		{[]string{"audit"}, nil},
		{[]string{"audit", "verify"}, []string{"-db", "-server", "-head"}},
		{[]string{"version"}, nil},
	} {
		for _, help := range []string{"--help", "-h"} {
			args := append(append([]string{}, tt.args...), help)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, out, errOut := pcf(t, args...)
				if code != 0 || errOut != "" {
					t.Fatalf("exit %d, stderr %q", code, errOut)
				}
				if !strings.HasPrefix(out, "Usage:\n  pcf "+tt.args[0]) {
					t.Fatalf("stdout does not start with the usage:\n%s", out)
				}
				for _, f := range tt.flags {
					if !strings.Contains(out, f+" ") && !strings.Contains(out, f+"\n") {
						t.Errorf("help lacks %s:\n%s", f, out)
					}
				}
			})
		}
	}
	// The table above covers every command of 'pcf help'.
	for _, c := range commands {
		code, out, _ := pcf(t, c.name, "--help")
		if code != 0 || !strings.Contains(out, c.usage) {
			t.Errorf("pcf %s --help: exit %d", c.name, code)
		}
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"help", "calc"}, {"help", "--help"}, {"help", "-h"}} {
		if code, out, _ := pcf(t, args...); code != 0 || !strings.Contains(out, "pcf calc") {
			t.Errorf("pcf %v: exit %d %q", args, code, out)
		}
	}
	// A wrong flag is still a usage error.
	if code, _, errOut := pcf(t, "calc", "--frobnicate"); code != 2 || !strings.Contains(errOut, "pcf calc --help") {
		t.Errorf("bad flag: exit %d %q", code, errOut)
	}
}

// Ensure the usage of every command names each flag the command takes, on
// the command's own lines of 'pcf help' (a flag that only --help's list
// shows is one an operator reading the usage never learns of), and takes
// no flag its usage does not name. --db and --server, which every command
// but serve and factors cpcd takes, are the usage's closing paragraph,
// which must name each command that takes them (verify takes a --server of
// its own, on its usage line).
func TestHelp_UsageNamesEveryFlag(t *testing.T) {
	footer := usage()[strings.LastIndex(usage(), "\n\n")+2:]
	for _, args := range [][]string{
		{"serve"},
		{"factors", "list"}, {"factors", "search"}, {"factors", "show"}, {"factors", "sets"},
		{"factors", "export"}, {"factors", "import"}, {"factors", "publish"}, {"factors", "flags"},
		{"factors", "acknowledge"}, {"factors", "cpcd"}, {"factors", "load-cpcd"},
		{"calc"},
		{"keys", "create"}, {"keys", "restored"}, {"keys", "confirm"}, {"keys", "compromised"},
		{"orgs", "register"},
		{"backup"},
		{"audit", "verify"},
		{"verify"},
	} {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			code, out, errOut := pcf(t, append(append([]string{}, args...), "--help")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			_, flags, ok := strings.Cut(out, "\nFlags of pcf "+name+":\n")
			if !ok {
				t.Fatalf("--help lists no flags:\n%s", out)
			}
			syn := synopsis(commandUsage(args[0]), "pcf "+name)
			if name == "factors search" { // "TEXT [same flags as list]"
				syn += synopsis(commandUsage(args[0]), "pcf factors list")
			}
			if syn == "" {
				t.Fatalf("the usage of %s has no line for it", args[0])
			}
			for _, m := range flagLine.FindAllStringSubmatch(flags, -1) {
				f := m[1]
				if (f == "db" || f == "server") && name != "serve" && name != "verify" { // verify's --server is its own: no --db
					if !strings.Contains(footer, args[0]) {
						t.Errorf("-%s: the closing paragraph does not name %s among the commands that take --db and --server:\n%s", f, args[0], footer)
					}
					continue
				}
				if !regexp.MustCompile(`(^|[\s\[(|])--?` + regexp.QuoteMeta(f) + `([\s\]=)|]|$)`).MatchString(syn) {
					t.Errorf("the usage does not name -%s:\n%s", f, syn)
				}
			}
		})
	}
}

// Ensure a flag one command of a shared flag set does not use is not
// offered to it: pcf keys restored takes no --all or --reason (those are
// pcf keys confirm's), pcf factors sets no --set; each is refused naming
// the flag, not taken for an argument.
func TestHelp_NoFlagsACommandIgnores(t *testing.T) {
	for _, tt := range []struct {
		args []string
		flag string
	}{
		{[]string{"keys", "restored"}, "-all"},
		{[]string{"keys", "restored"}, "-reason"},
		{[]string{"factors", "sets"}, "-set"},
	} {
		name := strings.Join(tt.args, " ")
		code, out, _ := pcf(t, append(append([]string{}, tt.args...), "--help")...)
		if code != 0 || strings.Contains(out, "\n  "+tt.flag+" ") || strings.Contains(out, "\n  "+tt.flag+"\n") {
			t.Errorf("pcf %s --help (exit %d) lists %s:\n%s", name, code, tt.flag, out)
		}
		args := append(append([]string{}, tt.args...), "-"+tt.flag, "x", "--db", tempPath(t, "none.db"))
		code, _, errOut := pcf(t, args...)
		if code != 2 || !strings.Contains(errOut, "flag provided but not defined: "+tt.flag) {
			t.Errorf("pcf %s -%s: exit %d, %q", name, tt.flag, code, errOut)
		}
	}
	// pcf keys confirm keeps them.
	if code, out, _ := pcf(t, "keys", "confirm", "--help"); code != 0 || !strings.Contains(out, "\n  -all\n") || !strings.Contains(out, "\n  -reason ") {
		t.Errorf("pcf keys confirm --help: exit %d\n%s", code, out)
	}
}

// Ensure pcf backup -o into a directory that does not exist says so, naming
// the directory and -o, before it opens the database or asks a server
// (not "open DIR/FILE.tmp-123: no such file or directory", a file the
// operator never named), and leaves nothing behind.
func TestBackup_MissingDirectory(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")
	missing := filepath.Join(dir, "no-such-dir")
	out := filepath.Join(missing, "copy.db")
	code, stdout, errOut := pcf(t, "backup", "--db", db, "-o", out)
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	for _, want := range []string{"-o " + out, missing, "does not exist", "不存在"} { // both languages (reviewer 46)
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %q", want, errOut)
		}
	}
	if strings.Contains(errOut, ".tmp-") {
		t.Errorf("stderr names a temporary file: %q", errOut)
	}
	// Before the database: a missing one is not the error reported.
	if strings.Contains(errOut, "pcf serve") {
		t.Errorf("stderr is about the database, not -o: %q", errOut)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("%s: %v", missing, err)
	}
	// A file where the directory should be is named too.
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = pcf(t, "backup", "--db", db, "-o", filepath.Join(notDir, "copy.db"))
	if code != 1 || !strings.Contains(errOut, notDir+" is not a directory") {
		t.Errorf("-o under a file: exit %d, %q", code, errOut)
	}
	// A file further up the path (ENOTDIR, not "does not exist"), too.
	deeper := filepath.Join(notDir, "sub")
	code, _, errOut = pcf(t, "backup", "--db", db, "-o", filepath.Join(deeper, "copy.db"))
	if code != 1 || !strings.Contains(errOut, deeper+" is not a directory") || !strings.Contains(errOut, "不是目录") {
		t.Errorf("-o under a file's path: exit %d, %q", code, errOut)
	}
}

// Ensure a command that creates a database file that does not exist says
// so, naming it: a mistyped --db read the seed sets of a new database, or
// imported into one, without a word. An existing file gets no such note.
func TestCLI_SaysItCreatedTheDatabase(t *testing.T) {
	t.Setenv("PCF_SERVER", "")
	t.Setenv("PCF_ADMIN_TOKEN", "")
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "set.csv")
	if code, _, errOut := pcf(t, "factors", "export", "--db", filepath.Join(dir, "source.db"), "-o", csvPath); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	study := seedtest.StudyPath(t, "pv-module")
	for _, tt := range []struct {
		name string
		args []string
		note string
	}{
		{"show", []string{"factors", "show", "PV-AL-PROFILE"}, "created it with the seed factor sets"},
		{"calc", []string{"calc", study, "--format", "json"}, "created it with the seed factor sets"},
		{"import", []string{"factors", "import", csvPath, "--set", "2099.1"}, "created it ("},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "typo.db")
			args := append(append([]string{}, tt.args...), "--db", db)
			code, _, errOut := pcf(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if want := "database " + db + " did not exist: " + tt.note; !strings.Contains(errOut, want) || !strings.Contains(errOut, "check --db") {
				t.Errorf("stderr lacks %q: %q", want, errOut)
			}
			if tt.name == "import" {
				args = []string{"factors", "show", "PV-AL-PROFILE", "--db", db}
			}
			if code, _, errOut := pcf(t, args...); code != 0 || strings.Contains(errOut, "did not exist") {
				t.Errorf("again: exit %d, %q", code, errOut)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "source.db")); err != nil {
		t.Fatal(err)
	}
}

// Ensure pcf factors flags reads a published set's flags through a server
// without the admin token, as GET /v1/factor-sets/{v}/flags answers anyone:
// a regulator or a buyer checking the CPCD set's flags was told "no admin
// token". Acknowledging still needs one.
func TestFactorsFlags_PublicThroughServer(t *testing.T) {
	m := MustRunMain(t)
	url := "http://" + m.Server.Addr().String()
	t.Setenv("PCF_SERVER", "")
	t.Setenv("PCF_ADMIN_TOKEN", "")
	elsewhere := tempPath(t, "pcf.db") // no admin token beside it
	code, out, errOut := pcf(t, "factors", "flags", "--set", "CPCD-2026.03", "--server", url, "--db", elsewhere)
	if code != 0 || !strings.Contains(out, "CPCD-") || strings.Contains(errOut, "no admin token") {
		t.Fatalf("flags without a token: exit %d, stdout %.200q, stderr %q", code, out, errOut)
	}
	code, _, errOut = pcf(t, "factors", "acknowledge", "--set", "CPCD-2026.03", "--all", "--note", "n", "--server", url, "--db", elsewhere)
	if code != 1 || !strings.Contains(errOut, "no admin token") {
		t.Fatalf("acknowledge without a token: exit %d, %q", code, errOut)
	}
}

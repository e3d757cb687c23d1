// Internal tests of the web pages: the session store, the sign-in's next
// page, the factor-set diff, the API prefixes and the stage chart.

package api

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// sessionT0 is when each session-store test begins.
var sessionT0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// testSession is a session of org created at created and last seen at
// seen, ending SessionAbsoluteTTL after created.
func testSession(org string, created, seen time.Time) *webSession {
	return &webSession{token: "t", csrf: "c", org: org, created: created, lastSeen: seen, expiresAt: created.Add(SessionAbsoluteTTL)}
}

// Ensure a session ends after SessionIdleTTL without use, and after
// SessionAbsoluteTTL however much it is used; that an ended session is
// forgotten; and that the store keys sessions by a hash, not the ID.
func TestSessionStore_Expiry(t *testing.T) {
	t0, st := sessionT0, newSessionStore()
	newSess := func() *webSession { return testSession("", t0, t0) }

	idle := st.create(newSess(), t0)
	if st.get(idle, t0.Add(SessionIdleTTL-time.Second)) == nil {
		t.Fatal("session ended before its idle time")
	}
	if st.get(idle, t0.Add(2*SessionIdleTTL-2*time.Second)) == nil {
		t.Fatal("use did not extend the idle time")
	}
	if st.get(idle, t0.Add(3*SessionIdleTTL)) != nil {
		t.Fatal("idle session still live")
	}
	if st.len() != 0 {
		t.Fatalf("%d sessions kept, want the ended one forgotten", st.len())
	}

	busy := st.create(newSess(), t0)
	var at time.Time
	for at = t0; at.Before(t0.Add(SessionAbsoluteTTL)); at = at.Add(SessionIdleTTL / 2) {
		if st.get(busy, at) == nil {
			t.Fatalf("busy session ended at %v, before its absolute end", at.Sub(t0))
		}
	}
	if st.get(busy, t0.Add(SessionAbsoluteTTL)) != nil {
		t.Fatal("session outlived its absolute lifetime")
	}

	id := st.create(newSess(), t0)
	if len(id) < 43 {
		t.Fatalf("session ID %q: want 256 random bits", id)
	}
	for k := range st.sessions {
		if string(k[:]) == id {
			t.Fatal("the store is keyed by the ID itself")
		}
	}
	if other := st.create(newSess(), t0); other == id {
		t.Fatal("two sessions got the same ID")
	}
	st.remove(id)
	if st.get(id, t0) != nil {
		t.Fatal("removed session still live")
	}
}

// Ensure the store holds at most MaxSessions, dropping the one nearest its
// end to make room.
func TestSessionStore_Bound(t *testing.T) {
	t0, st := sessionT0, newSessionStore()
	first := st.create(testSession("", t0, t0), t0)
	for i := 1; i < MaxSessions; i++ {
		st.create(testSession("", t0, t0.Add(time.Minute)), t0)
	}
	if st.len() != MaxSessions {
		t.Fatalf("%d sessions, want %d", st.len(), MaxSessions)
	}
	last := st.create(testSession("", t0, t0.Add(time.Minute)), t0)
	if st.len() != MaxSessions {
		t.Fatalf("%d sessions, want the bound %d", st.len(), MaxSessions)
	}
	if st.get(first, t0) != nil || st.get(last, t0) == nil {
		t.Fatal("want the session nearest its end dropped, the new one kept")
	}
}

// Ensure the page after sign-in is a workbench path of this site, never
// another origin nor, by dot segments, another part of the site.
func TestSafeNext(t *testing.T) {
	checkMapping(t, "safeNext", safeNext, map[string]string{
		"":                           "/work",
		"/work/studies":              "/work/studies",
		"/work/certificates/x?y=1":   "/work/certificates/x",
		"//evil.example/work":        "/work",
		"https://evil.example/work":  "/work",
		"/work/../v1/admin/backup":   "/work",
		"/work/../../evil":           "/work",
		"/workshop":                  "/work",
		"/\\\\evil.example":          "/work",
		"/work\\r\\nSet-Cookie: x=1": "/work",
		"work/studies":               "/work",
		"/work/\r\nSet-Cookie: x=1":  "/work",
	})
}

// Ensure one organisation's sign-ins cannot end another organisation's
// sessions. Before, the store made room at MaxSessions by ending the
// session closest to its end, whoever it belonged to: anyone with an API
// key (a partner's, which has no workbench at all) signing in MaxSessions
// times signed every curator, certifier and regulator out. Now an
// organisation holds at most MaxSessionsPerOrg sessions, and its own
// session closest to its end makes room for its next one.
func TestRedteam4_SignInsOfOneOrgKeepOthersSessions(t *testing.T) {
	t0, st := sessionT0, newSessionStore()
	sess := func(org string, at time.Time) *webSession { return testSession(org, at, at) }
	victim := st.create(sess("Certifier Ltd.", t0), t0)
	at := t0.Add(time.Minute)
	var last string
	for range MaxSessions + 10 {
		last = st.create(sess("Buyer GmbH", at), at)
	}
	if st.get(victim, at) == nil {
		t.Fatal("another organisation's sign-ins ended the certifier's session")
	}
	if st.get(last, at) == nil {
		t.Fatal("the newest sign-in has no session")
	}
	if n := st.len(); n > MaxSessionsPerOrg+1 {
		t.Fatalf("%d sessions stored, want at most %d for the signing-in organisation and the certifier's", n, MaxSessionsPerOrg+1)
	}
}

// Ensure signing in looks at the signer's organisation's sessions and at
// the sessions nearest their end, not at the whole store: with the store
// full (MaxSessions, 100 organisations at their cap) a sign-in examines at
// most MaxSessionsPerOrg sessions and a few heap entries, and still makes
// room as before: the organisation's own session nearest its end at its
// cap, the store's nearest at the store's bound, the ended ones first.
func TestSessionStore_SignInDoesNotScan(t *testing.T) {
	t0, st := sessionT0, newSessionStore()
	sess := func(org string, seen time.Time) *webSession { return testSession(org, t0, seen) }
	ids := map[string][]string{}
	orgs := MaxSessions / MaxSessionsPerOrg
	for i := range MaxSessionsPerOrg {
		for o := range orgs {
			org := fmt.Sprintf("org-%d", o)
			seen := t0.Add(time.Duration(i+1) * time.Second)
			if o == 7 && i == 50 {
				seen = t0 // the store's session nearest its end
			}
			ids[org] = append(ids[org], st.create(sess(org, seen), t0))
		}
	}
	if st.len() != MaxSessions {
		t.Fatalf("%d sessions, want %d", st.len(), MaxSessions)
	}
	// Use moves an end: org-3's first session is no longer its nearest.
	if st.get(ids["org-3"][0], t0.Add(time.Minute)) == nil {
		t.Fatal("session ended early")
	}

	const slack = 4 // heap entries looked at besides the organisation's sessions
	now := t0.Add(2 * time.Minute)
	st.examined = 0
	st.create(sess("org-3", now), now)
	if st.examined > MaxSessionsPerOrg+slack {
		t.Fatalf("a sign-in at the organisation's cap examined %d sessions of %d", st.examined, st.len())
	}
	if st.get(ids["org-3"][1], now) != nil || st.get(ids["org-3"][0], now) == nil {
		t.Fatal("want org-3's session nearest its end (the second, the first was used) to make room")
	}

	st.examined = 0
	st.create(sess("newcomer", now), now)
	if st.examined > slack {
		t.Fatalf("a sign-in at the store's bound examined %d sessions of %d", st.examined, st.len())
	}
	if st.get(ids["org-7"][50], now) != nil || st.len() != MaxSessions {
		t.Fatalf("want the store's session nearest its end to make room (%d sessions)", st.len())
	}

	// Ended sessions go first, from the top of the heap.
	later := t0.Add(SessionIdleTTL + 30*time.Second) // ends every session last seen in the first 30 s
	ended := 0
	for _, s := range st.sessions {
		if !later.Before(s.end()) {
			ended++
		}
	}
	before := st.len()
	st.examined = 0
	st.create(sess("newcomer", later), later)
	if want := before - ended + 1; st.len() != want || ended < 29*orgs {
		t.Fatalf("%d sessions after %d ended ones were pruned, want %d", st.len(), ended, want)
	}
	if st.examined > ended+slack {
		t.Fatalf("pruning examined %d entries for %d ended sessions", st.examined, ended)
	}

	// Signing out leaves heap entries behind; they do not pile up.
	for _, org := range []string{"org-1", "org-2", "org-4"} {
		for _, id := range ids[org] {
			st.remove(id)
		}
		for range MaxSessionsPerOrg {
			st.remove(st.create(sess(org, later), later))
		}
	}
	if len(st.ends) > 2*st.len()+64 {
		t.Fatalf("%d heap entries for %d sessions", len(st.ends), st.len())
	}
}

// Ensure the diff of two exports finds the added, removed and changed
// factors by code, with the relative change of a value in the same unit.
// The values are test numbers, not factors.
func TestDiffFactorSets(t *testing.T) {
	unit, other := footprinttest.FactorUnit(t, "kgCO2e/kg"), footprinttest.FactorUnit(t, "kgCO2e/t")
	f := func(code string, v float64, u footprint.FactorUnit) *footprint.Factor {
		return &footprint.Factor{Code: code, Value: v, Unit: u, Status: footprint.StatusActive, Category: footprint.CategoryMaterial, Year: 2024}
	}
	a := []*footprint.Factor{f("A", 1, unit), f("B", 2, unit), f("C", 4, unit), f("E", 5, unit)}
	b := []*footprint.Factor{f("B", 2, unit), f("C", 5, unit), f("D", 1, unit), f("E", 5000, other)}
	d := diffFactorSets("1", "2", a, b)
	codes := func(rows []factorRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Code)
		}
		return out
	}
	if got := codes(d.Added); !slices.Equal(got, []string{"D"}) {
		t.Errorf("added %v", got)
	}
	if got := codes(d.Removed); !slices.Equal(got, []string{"A"}) {
		t.Errorf("removed %v", got)
	}
	if d.Same != 1 || len(d.Changed) != 2 {
		t.Fatalf("same %d, changed %d", d.Same, len(d.Changed))
	}
	if c := d.Changed[0]; c.New.Code != "C" || c.Pct != "+25 %" || !c.Up || !strings.Contains(c.Changes[0], "4 kgCO2e/kg → 5 kgCO2e/kg") {
		t.Errorf("C: %+v", c)
	}
	if c := d.Changed[1]; c.New.Code != "E" || c.Pct != "" || !c.ValueDiff {
		t.Errorf("E (unit changed): %+v", c)
	}
}

// Ensure every API route lies under apiPrefixes, so that its errors stay
// JSON for a browser, and no page route does.
func TestAPIPrefixesCoverRoutes(t *testing.T) {
	s := NewServer()
	under := func(path string) bool {
		for _, p := range apiPrefixes {
			if strings.HasPrefix(path, p) || path == strings.TrimSuffix(p, "/") {
				return true
			}
		}
		return false
	}
	for _, r := range s.Routes() {
		if _, path, _ := strings.Cut(r, " "); !under(path) {
			t.Errorf("API route %s is outside apiPrefixes", r)
		}
	}
	for _, r := range s.PageRoutes() {
		if _, path, _ := strings.Cut(r, " "); under(path) {
			t.Errorf("page route %s is under an API prefix", r)
		}
	}
}

// Ensure the stage chart is well-formed SVG with one bar per stage, bars
// proportional to the totals, the figures as the label prints them, and
// every text escaped.
func TestStageChartSVG(t *testing.T) {
	stages := []footprint.StageTotal{
		{Code: "A1", NameZH: "原材料", NameEN: "raw materials", KgCO2e: 200, SharePct: 80},
		{Code: "A2", NameZH: "运输", NameEN: "transport <script>alert(1)</script>", KgCO2e: 50, SharePct: 20},
		{Code: "A3", NameZH: "生产", NameEN: "production", KgCO2e: 0, SharePct: 0},
	}
	got := string(stageChartSVG(stages))
	if strings.Contains(got, "<script>") {
		t.Fatalf("unescaped text in %s", got)
	}
	if !strings.Contains(got, "&lt;script&gt;") {
		t.Fatalf("the escaped name is missing: %s", got)
	}
	var doc struct {
		XMLName xml.Name
		Title   string `xml:"title"`
		Groups  []struct {
			Stage string   `xml:"data-stage,attr"`
			Texts []string `xml:"text"`
			Rect  struct {
				Width float64 `xml:"width,attr"`
			} `xml:"rect"`
		} `xml:"g"`
	}
	if err := xml.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, got)
	}
	if doc.XMLName.Local != "svg" || len(doc.Groups) != 3 {
		t.Fatalf("root %q with %d groups, want svg with 3", doc.XMLName.Local, len(doc.Groups))
	}
	a1, a2, a3 := doc.Groups[0], doc.Groups[1], doc.Groups[2]
	if a1.Stage != "A1" || a1.Rect.Width != chartWidth-chartValueW {
		t.Errorf("largest stage %+v: want the full bar span %d", a1, chartWidth-chartValueW)
	}
	if a2.Rect.Width != a1.Rect.Width/4 {
		t.Errorf("bar of 50 is %v wide, want a quarter of %v", a2.Rect.Width, a1.Rect.Width)
	}
	if a3.Rect.Width != 0 {
		t.Errorf("a zero stage draws a bar %v wide", a3.Rect.Width)
	}
	if a1.Texts[0] != "原材料 raw materials" || a1.Texts[1] != "200 (80 %)" {
		t.Errorf("A1 texts %q", a1.Texts)
	}
	if fig := a2.Texts[len(a2.Texts)-1]; fig != "50.0 (20 %)" {
		t.Errorf("A2 figure %q, want the label's rounding 50.0", fig)
	}
	// A name too wide for the chart is set on lines that fit, every word
	// kept: Chinese, then English broken between words.
	long := chartNameLines("能源供应(原材料阶段)", "energy supply (raw-material stage) of the crystalline silicon cells")
	if len(long) < 3 || long[0] != "能源供应(原材料阶段)" || strings.Join(long[1:], " ") != "energy supply (raw-material stage) of the crystalline silicon cells" {
		t.Errorf("long name set as %q", long)
	}
	for _, l := range append(long, chartNameLines("", strings.Repeat("x", 80))...) {
		if chartTextWidth(l) > chartWidth {
			t.Errorf("line %q is %.0f units wide, more than the chart's %d", l, chartTextWidth(l), chartWidth)
		}
	}
	if stageChartSVG(nil) != "" {
		t.Error("no stages should draw nothing")
	}
}

// Ensure every English part of a page template is marked as English
// (lang="en"), so that a screen reader reads it with an English voice,
// not the page's Chinese one (WCAG 3.1.2; rt65: 403 English spans, none
// marked): an element of class "en" whose own text has no Chinese, and no
// action that writes Chinese (a …ZH field, term, status), carries the
// attribute. One that mixes the languages stays unmarked.
func TestTemplates_EnglishMarkedAsEnglish(t *testing.T) {
	open := regexp.MustCompile(`<(span|p) class="en( mono)?"( lang="en")?>`)
	action := regexp.MustCompile(`\{\{.*?\}\}`)
	writesChinese := regexp.MustCompile(`\{\{[^}]*(ZH|term|status|actionZH|\.Per\b|cutOffBasis)[^}]*\}\}`)
	files, _ := filepath.Glob("web/*/*.html")
	docs, _ := filepath.Glob("templates/*.html")
	files = append(files, docs...)
	if len(files) < 20 {
		t.Fatalf("%d templates found", len(files))
	}
	marked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, m := range open.FindAllStringSubmatchIndex(s, -1) {
			tag := s[m[2]:m[3]]
			tags := regexp.MustCompile(`<` + tag + `\b|</` + tag + `>`)
			depth, end := 1, m[1]
			for depth > 0 {
				n := tags.FindStringIndex(s[end:])
				if n == nil {
					t.Fatalf("%s: <%s> at byte %d is not closed", f, tag, m[0])
				}
				if s[end+n[0]+1] == '/' {
					depth--
				} else {
					depth++
				}
				end += n[1]
			}
			inner := s[m[1] : end-len("</"+tag+">")]
			chinese := func(r rune) bool { return isHan(r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef }
			english := !strings.ContainsFunc(action.ReplaceAllString(inner, ""), chinese) && !writesChinese.MatchString(inner)
			switch hasLang := m[6] >= 0; {
			case english && !hasLang:
				t.Errorf("%s: English %q is not marked lang=\"en\"", f, inner)
			case !english && hasLang:
				t.Errorf("%s: %q is marked English but holds Chinese", f, inner)
			case hasLang:
				marked++
			}
		}
	}
	if marked < 300 {
		t.Errorf("%d English parts marked, want the pages' 300 or more", marked)
	}
}

// Ensure every audit action the services record (an Audit… string
// constant "noun.verb" of the domain packages, footprint and below) has a
// Chinese name on the audit page and is a choice of its filter: the PACT
// exchange's nine actions (pact-share.grant, pact-answer.give-up, …)
// showed to a regulator as bare English codes, and could not be chosen.
func TestAuditActions_NamedAndFilterable(t *testing.T) {
	action := regexp.MustCompile(`^[a-z-]+\.[a-z-]+$`)
	var found []string
	err := filepath.WalkDir("../footprint", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "Audit") || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					if v, err := strconv.Unquote(lit.Value); err == nil && action.MatchString(v) {
						found = append(found, v)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 30 {
		t.Fatalf("found %d audit actions in ../footprint, want the 30 or more it declares: %v", len(found), found)
	}
	for _, a := range found {
		if actionZH(a) == "" {
			t.Errorf("audit action %s has no Chinese name (auditActionZH)", a)
		}
		if !slices.Contains(auditActions, a) {
			t.Errorf("audit action %s is not a choice of the audit page's filter (auditActions)", a)
		}
	}
}

// len returns the number of stored sessions (tests).
func (st *sessionStore) len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.sessions)
}

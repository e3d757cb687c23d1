package api_test

// Shared helpers of the browser tests of the pages: a headless Chromium
// driven with chromedp, one tab per viewport, that records every console
// message, uncaught exception and browser-log entry (a CSP violation, a
// failed request) so a test can fail on any.

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var shotsDir = flag.String("shots", "", "write full-page PNG screenshots of the pages the browser tests open into `DIR`")

// viewport is a browser window size the pages are tested at.
type viewport struct {
	Name          string
	Width, Height int64
	Mobile        bool
}

// viewports are the widths every page is tested at: a desktop and a phone.
var viewports = []viewport{
	{Name: "desktop", Width: 1280, Height: 900},
	{Name: "phone", Width: 390, Height: 844, Mobile: true},
}

// browser is one headless Chromium tab at one viewport.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string // the server's URL
	vp   viewport

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

// newBrowser opens a tab at the viewport, against the server at base, in
// a browser context of its own (cookies, storage and cache as a new
// browser's) of the test binary's one Chromium (sharedChromium; chromium()
// fails under CI when it is missing, skips otherwise). The tab and its
// context end with the test.
func newBrowser(t *testing.T, base string, vp viewport) *browser {
	t.Helper()
	bin := chromium(t)
	emulate := []chromedp.EmulateViewportOption{}
	if vp.Mobile {
		emulate = append(emulate, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	// Chromium now and then fails to start on a loaded machine (CI saw
	// it twice in one session); a start is tried three times, nothing
	// after it is. A browser that fails to give a tab is started again.
	var ctx context.Context
	for try := 1; ; try++ {
		parent, err := sharedChromium.get(bin)
		if err == nil {
			c, cancelCtx := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
			err = chromedp.Do(c, chromedp.EmulateViewport(vp.Width, vp.Height, emulate...))
			if err == nil {
				ctx = c
				t.Cleanup(cancelCtx)
				break
			}
			cancelCtx()
			sharedChromium.stop()
		}
		if try == 3 {
			t.Fatalf("start chromium (%d tries): %v", try, err)
		}
		t.Logf("start chromium, try %d: %v", try, err)
	}
	b := &browser{t: t, ctx: ctx, base: base, vp: vp}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	return b
}

// sharedChromium is the one headless Chromium of the test binary, started
// by the first browser test and stopped by TestMain: starting one per tab
// was most of the browser tests' time. Each tab has a browser context of
// its own.
var sharedChromium chromiumProcess

type chromiumProcess struct {
	mu     sync.Mutex
	ctx    context.Context // the browser's first tab; nil when not running
	cancel func()
	dir    string // its user data directory
}

// get returns the browser's first tab, starting the browser if it is not
// running.
func (p *chromiumProcess) get(bin string) (context.Context, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ctx != nil && p.ctx.Err() == nil {
		return p.ctx, nil
	}
	p.stopLocked()
	dir, err := os.MkdirTemp("", "pcf-api-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(dir),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	p.ctx, p.dir = ctx, dir
	p.cancel = func() { cancelCtx(); cancelAlloc() }
	if err := chromedp.Do(ctx); err != nil {
		p.stopLocked()
		return nil, err
	}
	return ctx, nil
}

// stop stops the browser, if it runs.
func (p *chromiumProcess) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
}

func (p *chromiumProcess) stopLocked() {
	if p.cancel != nil {
		p.cancel()
	}
	if p.dir != "" {
		os.RemoveAll(p.dir)
	}
	p.ctx, p.cancel, p.dir = nil, nil, ""
}

// TestMain stops the shared Chromium once the tests have run.
func TestMain(m *testing.M) {
	code := m.Run()
	sharedChromium.stop()
	os.Exit(code)
}

// startWebServer serves st over HTTP for a browser.
func startWebServer(t *testing.T, st *stack) string {
	t.Helper()
	ts := httptest.NewServer(st.srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// inBrowsers serves st and runs fn at each viewport in a subtest of its
// own, in a new tab that shows path.
func inBrowsers(t *testing.T, st *stack, path string, fn func(t *testing.T, b *browser)) {
	t.Helper()
	base := startWebServer(t, st)
	for _, vp := range viewports {
		t.Run(vp.Name, func(t *testing.T) {
			b := newBrowser(t, base, vp)
			b.open(path)
			fn(t, b)
		})
	}
}

// inFreshBrowsers runs fn at each viewport in a subtest of its own, on a
// new seeded stack served over HTTP, in a new tab. The stack's BaseURL is
// that server: verification links lead to it, and over plain HTTP the
// session cookie is not Secure (so the browser keeps it).
func inFreshBrowsers(t *testing.T, fn func(t *testing.T, st *stack, b *browser)) {
	t.Helper()
	for _, vp := range viewports {
		t.Run(vp.Name, func(t *testing.T) {
			st := newSeededStack(t)
			st.srv.BaseURL = startWebServer(t, st)
			fn(t, st, newBrowser(t, st.srv.BaseURL, vp))
		})
	}
}

// do runs actions in the tab, failing the test on an error.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", b.vp.Name, err)
	}
}

// open navigates to path (relative to the server) and waits for the load.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// eval evaluates a JavaScript expression in the page.
func evalIn[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("%s: evaluate %s: %v", b.vp.Name, expr, err)
	}
	return v
}

// text returns the visible text of the first element matching the CSS
// selector.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	for try := 0; ; try++ {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		// A navigation that replaces the document between finding the
		// node and reading it loses the node (CI under load, once):
		// read the new page's.
		if err != nil && strings.Contains(err.Error(), "No node with given id") && try < 5 {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		if err != nil {
			b.t.Fatalf("%s: text of %s: %v", b.vp.Name, sel, err)
		}
		return s
	}
}

// location returns the URL of the page, without the server's base.
func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	return strings.TrimPrefix(loc, b.base)
}

// waitLocation waits until the page's URL (without the server's base)
// contains want and the document has loaded: after a click that submits
// a form, an element of the old page would otherwise still be found.
func (b *browser) waitLocation(want string) {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		// The page being waited for may replace the document while it is
		// read ("Inspected target navigated or closed", CI once): read
		// again, until the deadline.
		loc, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.pathname + location.search + " " + document.readyState`))
		if err != nil && !strings.Contains(err.Error(), "navigated or closed") {
			b.t.Fatalf("%s: location: %v", b.vp.Name, err)
		}
		if path, state, _ := strings.Cut(loc, " "); err == nil && strings.Contains(path, want) && state == "complete" {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: still at %s, waiting for %q", b.vp.Name, loc, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitUntil waits until the JavaScript condition cond is true, reading it
// again when the page replaces the document while it is read (a form's
// answer arriving: "Inspected target navigated or closed", CI under load).
func (b *browser) waitUntil(cond, what string) {
	b.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](cond))
		if err != nil && !strings.Contains(err.Error(), "navigated or closed") {
			b.t.Fatalf("%s: evaluate %s: %v", b.vp.Name, cond, err)
		}
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: %s never came", b.vp.Name, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mustContain fails unless the page's body text holds every string.
func (b *browser) mustContain(want ...string) {
	b.t.Helper()
	body := b.text("body")
	for _, w := range want {
		if !strings.Contains(body, w) {
			b.t.Errorf("%s %s: page text lacks %q", b.vp.Name, b.location(), w)
		}
	}
}

// checkLayout fails if the page is wider than the viewport (a table or a
// long word overflowing on a phone) or shows an element wider than it.
func (b *browser) checkLayout() {
	b.t.Helper()
	over := evalIn[[]string](b, `(() => {
		const w = document.documentElement.clientWidth, out = [];
		if (document.documentElement.scrollWidth > w) out.push("page scrolls sideways: " + document.documentElement.scrollWidth + " > " + w);
		for (const el of document.querySelectorAll("body *")) {
			if (el.closest(".scroll")) continue; // a table that scrolls in its own box
			const r = el.getBoundingClientRect();
			if (r.width > 0 && (r.right > w + 1 || r.left < -1)) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + el.className : "") + " spans " + Math.round(r.left) + "…" + Math.round(r.right));
			if (out.length > 5) break;
		}
		// A result table's row shown as a card (a phone): each cell's
		// label (its ::before, from data-label) must fit the label column,
		// not run into the value beside it. A pseudo-element has no box to
		// measure: a block laid out as it is, in that column, stands in.
		for (const td of document.querySelectorAll("table.list td[data-label]")) {
			const cs = getComputedStyle(td), before = getComputedStyle(td, "::before");
			if (cs.display !== "grid" || before.content === "none") continue;
			const col = parseFloat(cs.gridTemplateColumns), probe = document.createElement("div");
			probe.textContent = td.dataset.label;
			Object.assign(probe.style, {position: "absolute", visibility: "hidden", width: col + "px", font: before.font, whiteSpace: before.whiteSpace, overflowWrap: before.overflowWrap, wordBreak: before.wordBreak});
			document.body.appendChild(probe);
			const spill = probe.scrollWidth - probe.clientWidth;
			probe.remove();
			if (spill > 1) out.push("label " + JSON.stringify(td.dataset.label) + " runs " + spill + " px into its value");
			if (out.length > 5) break;
		}
		return out;
	})()`)
	for _, o := range over {
		b.t.Errorf("%s %s: %s", b.vp.Name, b.location(), o)
	}
}

// noConsoleErrors fails on any console error or warning, uncaught
// exception or browser-log entry of level warning or error seen so far.
func (b *browser) noConsoleErrors() {
	b.t.Helper()
	// Log entries arrive asynchronously; give them a moment.
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
			b.t.Errorf("%s: console %s", b.vp.Name, m)
		}
	}
	b.console = nil
}

// dropConsole forgets the console messages seen so far that contain
// text: a page a test opens on purpose with an error status logs its own
// status as a failed load.
func (b *browser) dropConsole(text string) {
	b.t.Helper()
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.console = slices.DeleteFunc(b.console, func(m chromedp.ConsoleMessage) bool { return strings.Contains(m.Text, text) })
}

// shot writes a full-page PNG screenshot as DIR/<name>-<viewport>.png
// when -shots DIR is given.
func (b *browser) shot(name string) {
	b.t.Helper()
	if *shotsDir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(*shotsDir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(*shotsDir, fmt.Sprintf("%s-%s.png", name, b.vp.Name))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// checkPage is what every page visit ends with: no console errors, no
// sideways overflow, Chinese drawn in a font that has it, text in a
// colour that stands out from its background, and a screenshot when
// asked for.
func (b *browser) checkPage(name string) {
	b.t.Helper()
	b.noConsoleErrors()
	b.checkLayout()
	b.checkChinese()
	b.checkContrast()
	b.shot(name)
}

// checkChinese fails when the page's font draws Chinese as it draws two
// unassigned code points (U+0378, U+0379): as empty boxes, because no font
// the page lists or the machine has covers Chinese.
func (b *browser) checkChinese() {
	b.t.Helper()
	if evalIn[bool](b, `(() => {
		const font = getComputedStyle(document.body).font, draw = s => {
			const c = document.createElement("canvas"); c.width = 80; c.height = 40;
			const x = c.getContext("2d"); x.font = font; x.fillText(s, 2, 30); return c.toDataURL();
		};
		return draw("中文") === draw("\u0378\u0379");
	})()`) {
		b.t.Errorf("%s %s: Chinese text is drawn as empty boxes (no Chinese font: install fonts-noto-cjk)", b.vp.Name, b.location())
	}
}

package api_test

// checkContrast fails when text on the page is drawn in a colour too close
// to its background to read: below WCAG 2.x's 4.5:1 for body text, 3:1 for
// large text (24 px, or 18.66 px bold). The suspended status box of the
// verification page (white on amber, 4.24:1), the page footer and the
// verification page's "checked at" line (grey on the page's grey, 4.08:1),
// and the English word of the open page's tab in the site's menu (3.8:1)
// were all below it: a phone read in daylight is where a label's QR code
// leads.
func (b *browser) checkContrast() {
	b.t.Helper()
	low := evalIn[[]string](b, `(() => {
		const parse = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
		const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
		// The background a text is drawn on: the nearest box that paints
		// one (nearly opaque); white when none does.
		const bgOf = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
		const out = [], seen = new Set();
		for (const el of document.querySelectorAll("body *")) {
			if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue; // draws no text of its own
			if (el.closest("svg,select")) continue; // drawn by the chart's own rules, or the system's list
			const cs = getComputedStyle(el);
			if (cs.visibility === "hidden" || !el.getClientRects().length) continue;
			const fg = parse(cs.color), bg = bgOf(el);
			if (!fg) continue;
			const a = lum(fg), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
			const px = parseFloat(cs.fontSize), need = px >= 24 || (+cs.fontWeight >= 700 && px >= 18.66) ? 3 : 4.5;
			const key = cs.color + " on " + JSON.stringify(bg) + " " + px;
			if (ratio >= need || seen.has(key)) continue;
			seen.add(key);
			out.push(ratio.toFixed(2) + ":1 < " + need + ":1, " + el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " " + cs.color + " on rgb(" + bg.r + ", " + bg.g + ", " + bg.b + ") at " + px + " px: " + JSON.stringify(el.textContent.trim().slice(0, 40)));
		}
		return out;
	})()`)
	for _, l := range low {
		b.t.Errorf("%s %s: text too faint to read: %s", b.vp.Name, b.location(), l)
	}
}

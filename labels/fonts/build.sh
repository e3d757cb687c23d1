#!/bin/sh
# build.sh rebuilds PCFSans-Regular.ttf, the font embedded in package labels,
# from Debian's font packages. Run it from this directory after
#
#	apt-get install -y fonts-droid-fallback fonts-dejavu-core python3-fonttools
#
# The output is byte-for-byte reproducible (fontTools 4.38.0, Debian 12):
# SOURCE_DATE_EPOCH pins the head.modified stamp that fontTools would
# otherwise set to the current time.
#
# It is built in two steps. The first builds the font as it was until
# session 53 (BASE_SHA256), whose subsets every document issued until then
# embeds. The second appends the Greek letters of technical names after
# its last glyph and changes nothing else of it, so that a verifier
# rendering an issued document again gets the same bytes (README.md).
set -eu

PY=/usr/bin/python3 # Debian's python3, which has python3-fonttools
DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
DROID=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
export SOURCE_DATE_EPOCH=1735689600 # 2025-01-01T00:00:00Z

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Latin (from DejaVu Sans): ASCII, Latin-1, general punctuation, super- and
# subscripts (CO₂, m²), arrows, ≤ ≥ − and the euro and numero signs.
LATIN='U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030,U+2032-2033,U+2070-209F,U+20AC,U+2116,U+2122,U+2190-2193,U+2212,U+2264-2265'
# CJK (from Droid Sans Fallback): CJK symbols and punctuation, the whole CJK
# Unified Ideographs block as GBK covers it (U+4E00-9FA5, 20,902 hanzi, a
# superset of GB 2312), and the full-width forms.
CJK='U+3000-303F,U+4E00-9FA5,U+FF01-FF5E,U+FFE5'

# No hinting (PDF viewers and the PNG rasteriser do not use it), no layout
# tables (the renderer shapes nothing), no vertical metrics.
common='--no-hinting --layout-features= --drop-tables+=GSUB,GPOS,GDEF,BASE,JSTF,MATH,FFTM,DSIG,kern,vhea,vmtx,hdmx,VDMX,LTSH --name-IDs=* --notdef-outline --recalc-bounds'

"$PY" -m fontTools.subset "$DEJAVU" --unicodes="$LATIN" $common --output-file="$tmp/latin.ttf"
"$PY" -m fontTools.subset "$DROID" --unicodes="$CJK" $common --output-file="$tmp/cjk256.ttf"
# Droid is drawn on a 256-unit em; scale it to DejaVu's 2048 (an exact
# factor of 8) because fontTools.merge needs one units-per-em. Latin comes
# first, so DejaVu's metrics and its .notdef win.
"$PY" -m fontTools.ttLib.scaleUpem "$tmp/cjk256.ttf" 2048 --output-file="$tmp/cjk.ttf"
"$PY" -m fontTools.merge --output-file="$tmp/merged.ttf" "$tmp/latin.ttf" "$tmp/cjk.ttf"

# Rename: the Bitstream Vera licence lets a modified font be distributed only
# under a name without "Bitstream" or "Vera"; a new name also keeps this
# subset from being mistaken for either original.
"$PY" - "$tmp/merged.ttf" "$tmp/base.ttf" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
src, dst = sys.argv[1:]
f = TTFont(src)
name = f["name"]
for rec in list(name.names):
    new = {
        1: "PCF Sans", 16: "PCF Sans", 2: "Regular", 17: "Regular",
        3: "PCF Sans Regular (subset of DejaVu Sans and Droid Sans Fallback)",
        4: "PCF Sans Regular", 6: "PCFSans-Regular",
    }.get(rec.nameID)
    if new is not None:
        name.setName(new, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
f.save(dst)
PYEOF

# The base font must be the one every document issued before session 53
# embeds subsets of: another (other fontTools, other Debian fonts) would
# give issued documents other bytes, and they would stop verifying.
BASE_SHA256=6f32f72e648a84a675c456f321a21de063cd849867242f3c0b036fc026a9387d
if ! echo "$BASE_SHA256  $tmp/base.ttf" | sha256sum -c --status; then
	echo "build.sh: the base font is not the one issued documents embed (SHA-256 $BASE_SHA256); use fontTools 4.38.0 and Debian 12's font packages" >&2
	exit 1
fi

# Greek letters of technical names (from DejaVu Sans), which the claims
# check lets stand beside Latin letters (access.technicalGreek): α (α-Si),
# μ (the SI prefix micro, μc-Si) and Ω (the ohm), and the ohm sign U+2126,
# which NFKC writes as Ω; since session 54 Δ (ΔE, a colour difference) and
# φ (cos φ, a power factor). No other Greek letter: the capitals Α Β Ε Η Ι Κ
# Μ Ν Ο Ρ Τ Χ print as Latin ones, and every letter the font prints is one
# the claims check must read (docs/integrity.md, "Look-alikes"). Glyphs
# are appended in the list's order: add characters at its end only.
GREEK='U+03A9,U+03B1,U+03BC,U+2126,U+0394,U+03C6'
"$PY" - "$tmp/base.ttf" "$DEJAVU" "$GREEK" PCFSans-Regular.ttf <<'PYEOF'
import copy, sys
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import ttProgram

base_path, src_path, greek, dst = sys.argv[1:]
cps = [int(u[2:], 16) for u in greek.split(",")]  # appended in this order

# recalcBBoxes and recalcTimestamp off: head, hhea and maxp keep the base
# font's bytes (checked below), but for the counts.
f = TTFont(base_path, recalcBBoxes=False, recalcTimestamp=False)
src = TTFont(src_path)
order = list(f.getGlyphOrder())
glyf, hmtx, head, hhea, maxp = f["glyf"], f["hmtx"], f["head"], f["hhea"], f["maxp"]
fcmap, scmap = f.getBestCmap(), src.getBestCmap()

def drawn(name):
    """The simple DejaVu glyph that glyph name draws: itself, or the one
    glyph a composite places unscaled at the origin with its advance (μ is
    DejaVu's micro sign, the ohm sign its Ω)."""
    g = src["glyf"][name]
    if not g.isComposite():
        return name
    c = g.components
    if len(c) == 1 and (c[0].x, c[0].y) == (0, 0) and not hasattr(c[0], "transform") and src["hmtx"][name] == src["hmtx"][c[0].glyphName]:
        return drawn(c[0].glyphName)
    return None  # drawn of several glyphs, or moved

def outline(font, name):
    g = font["glyf"][name]
    assert not g.isComposite(), name
    return (list(g.coordinates), list(g.endPtsOfContours), [fl & 1 for fl in g.flags], font["hmtx"][name])

added = {}  # DejaVu glyph -> glyph of the font drawing it
for cp in cps:
    assert cp not in fcmap, "U+%04X is in the base font" % cp
    s = drawn(scmap[cp])
    assert s is not None, "U+%04X: a composite glyph in DejaVu Sans" % cp
    name = added.get(s)
    if name is None:  # a glyph the base font has already (the micro sign's for μ)?
        name = next((fcmap[o] for o, n in sorted(scmap.items()) if o in fcmap and drawn(n) == s), None)
        if name is not None:
            assert outline(f, name) == outline(src, s), "U+%04X: the base font draws %s otherwise" % (cp, s)
    if name is None:  # append a copy, unhinted like the rest (--no-hinting)
        g = copy.deepcopy(src["glyf"][s])
        g.program = ttProgram.Program()
        g.program.fromBytecode(b"")
        g.recalcBounds(src["glyf"])
        adv, lsb = src["hmtx"][s]
        assert lsb == g.xMin, s
        # Inside the base font's bounds and maxima, so that head, hhea and
        # maxp stay right as they are.
        assert head.xMin <= g.xMin and head.yMin <= g.yMin and g.xMax <= head.xMax and g.yMax <= head.yMax, s
        assert adv <= hhea.advanceWidthMax and lsb >= hhea.minLeftSideBearing, s
        assert adv - g.xMax >= hhea.minRightSideBearing and g.xMax <= hhea.xMaxExtent, s
        assert len(g.coordinates) <= maxp.maxPoints and g.numberOfContours <= maxp.maxContours, s
        name = "uni%04X" % cp
        assert name not in order, name
        glyf.glyphs[name] = g
        hmtx[name] = (adv, lsb)
        order.append(name)
        added[s] = name
    for t in f["cmap"].tables:
        if t.isUnicode():
            t.cmap[cp] = name
glyf.glyphOrder = order
f.setGlyphOrder(order)
f.save(dst)

# Check: every glyph, metric and table of the base font is as it was; only
# glyphs after the last are new, and the new code points map to them.
a, b = TTFont(base_path), TTFont(dst)
raw = lambda font, tag: font.reader[tag]
assert sorted(a.reader.keys()) == sorted(b.reader.keys())
counts = {"head": (8, 12), "hhea": (34, 36), "maxp": (4, 6)}  # checkSumAdjustment, numberOfHMetrics, numGlyphs
for tag in a.reader.keys():
    x, y = raw(a, tag), raw(b, tag)
    if tag in counts:
        i, j = counts[tag]
        assert x[:i] + x[j:] == y[:i] + y[j:], tag
    elif tag in ("glyf", "loca"):
        assert y.startswith(x), tag  # appended (long loca: the old end is the first new offset)
    elif tag not in ("hmtx", "cmap"):
        assert x == y, tag
n = len(a.getGlyphOrder())
assert b.getGlyphOrder()[:n] == a.getGlyphOrder()
assert all(a["hmtx"][g] == b["hmtx"][g] for g in a.getGlyphOrder())
ca, cb = a.getBestCmap(), b.getBestCmap()
assert all(cb[cp] == ca[cp] for cp in ca) and sorted(set(cb) - set(ca)) == sorted(cps)
print("appended %d glyphs after glyph %d; mapped %s" % (len(b.getGlyphOrder()) - n, n - 1,
      ", ".join("U+%04X→%d" % (cp, b.getGlyphID(cb[cp])) for cp in cps)))
PYEOF
ls -l PCFSans-Regular.ttf
sha256sum PCFSans-Regular.ttf

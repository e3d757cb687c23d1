#!/bin/sh
# build.sh rebuilds PCFSans-Regular.ttf, the font embedded in package labels,
# from Debian's font packages. Run it from this directory after
#
#	apt-get install -y fonts-droid-fallback fonts-dejavu-core python3-fonttools
#
# The output is byte-for-byte reproducible (fontTools 4.38.0, Debian 12):
# SOURCE_DATE_EPOCH pins the head.modified stamp that fontTools would
# otherwise set to the current time.
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
"$PY" - "$tmp/merged.ttf" PCFSans-Regular.ttf <<'PYEOF'
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
ls -l PCFSans-Regular.ttf
sha256sum PCFSans-Regular.ttf

#!/bin/sh
# Regenerates TrustmapSans-Regular.ttf from Debian's fonts-nanum NanumGothic.ttf.
#
# Usage: assets/fonts/subset.sh [SOURCE.ttf]   (run from the repository root)
# Needs fonttools (pip install fonttools); the committed file was made with fonttools 4.68.
# The output is byte-reproducible for the same source and fonttools version (no timestamps are rewritten).
set -eu

src="${1:-/usr/share/fonts/truetype/nanum/NanumGothic.ttf}"
out="assets/fonts/TrustmapSans-Regular.ttf"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT

# Printable ASCII, Latin-1, Latin Extended-A/B, general punctuation, currency, letterlike symbols, arrows,
# mathematical operators, geometric shapes, Hangul Jamo, CJK symbols and punctuation, Hangul compatibility Jamo
# and all 11,172 Hangul syllables (only what NanumGothic actually covers ends up in the file).
unicodes="U+0020-007E,U+00A0-00FF,U+0100-024F,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF"
unicodes="$unicodes,U+25A0-25FF,U+1100-11FF,U+3000-303F,U+3130-318F,U+AC00-D7A3"

# Hinting is dropped (the renderers here anti-alias and do not run TrueType instructions); the 'kern' table and
# horizontal metrics are kept.
pyftsubset "$src" \
  --unicodes="$unicodes" \
  --layout-features='*' \
  --no-hinting \
  --name-IDs='*' --name-languages='*' \
  --output-file="$tmp"

python3 - "$tmp" "$out" <<'PY'
"""Renames the subset (the OFL reserves the Nanum names for the original) and gives it a Latin ellipsis."""
import sys
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

src, out = sys.argv[1], sys.argv[2]
font = TTFont(src, recalcTimestamp=False)

family, style = "Trustmap Sans", "Regular"
version = font["name"].getDebugName(5).split(";")[0]  # e.g. "Version 3.021"
names = {
    1: family,
    2: style,
    3: f"{version.replace('Version ', '')};TRUSTMAP;TrustmapSans-Regular",
    4: f"{family} {style}",
    5: f"{version}; subset of NanumGothic for trustmap",
    6: "TrustmapSans-Regular",
    10: "A subset of NanumGothic (Latin and Hangul), renamed as the SIL Open Font License requires.",
    13: "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
    14: "https://openfontlicense.org",
}
name = font["name"]
# Drop every record that names the font (any platform, any language, including the Korean ones), then write
# the new names for Windows (English) and Mac (Roman).
name.names = [r for r in name.names if r.nameID not in set(names) | {16, 17, 18, 21, 22}]
for name_id, text in names.items():
    name.setName(text, name_id, 3, 1, 0x409)
    name.setName(text, name_id, 1, 0, 0)

# NanumGothic's U+2026 is a full-width, vertically centred Korean ellipsis; labels truncated with "..." read
# better with three full stops on the baseline.
glyf, hmtx, cmap = font["glyf"], font["hmtx"], font.getBestCmap()
period, ellipsis = cmap[0x2E], cmap[0x2026]
advance, _ = hmtx[period]
glyph = Glyph()
glyph.numberOfContours = -1
glyph.components = []
for i in range(3):
    component = GlyphComponent()
    component.glyphName, component.x, component.y, component.flags = period, i * advance, 0, 0x4
    glyph.components.append(component)
glyf[ellipsis] = glyph
glyph.recalcBounds(glyf)
hmtx[ellipsis] = (3 * advance, glyph.xMin)

font.save(out)
PY

ls -l "$out"

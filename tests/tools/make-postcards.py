#!/usr/bin/env python3
"""make-postcards.py: draw the demo site's images as SVG and rasterise them to PNG.

Usage:  python3 tests/tools/make-postcards.py [--only postcards|covers|stories] [ROOT]

ROOT is the repository (default: two folders up from this script).  Needs only the
Python 3 standard library and two Debian packages:
    librsvg2-bin       rsvg-convert, SVG -> PNG
    fonts-dejavu-core  DejaVu Sans, which covers Vietnamese and Latin H'Mông
and pngquant (keeps each PNG under ~80 KB).  As root, missing packages are installed.

What it writes (all committed, so a site build never needs this script):
  content/postcards/<slug>/card.svg + card.png           one per index.md, vi
  content/postcards/<slug>/card.<lang>.svg + .png        one per index.<lang>.md
        The slogan is read from each file's front matter `slogan:`; add a postcard
        folder with its index.md and run the script again.
  content/conventions/cover.svg + cover.png              EPUB cover, 1200x1800
  content/emagazine/udhr-75/cover.png, hero.png, part-N.png
  themes/portal/static/img/og-default.png                default share image, 1200x630
  content/stories/<slug>/*.svg                           demo illustrations (SVG only)

OpenGraph and EPUB readers need PNG or JPEG, which is why cards and covers are
rasterised; story illustrations stay SVG.  Every drawing here is original artwork made
of simple shapes; none is downloaded.
"""
import glob
import os
import re
import shutil
import struct
import subprocess
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_BOLD = os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")
FONT_REG = os.path.join(FONT_DIR, "DejaVuSans.ttf")
FAMILY = "DejaVu Sans"
MAX_PNG = 80 * 1024

RED, RED_DARK, GOLD, GOLD_PALE, CREAM, INK = "#9e1b1f", "#7a1417", "#f2c14e", "#fbe9a6", "#faf6ee", "#1f2328"

LABELS = {   # the small line above the slogan, per language
    "vi": ("KỶ NIỆM 75 NĂM NGÀY NHÂN QUYỀN THẾ GIỚI", "Cổng thông tin Quyền con người"),
    "en": ("75TH ANNIVERSARY OF HUMAN RIGHTS DAY", "Human Rights Information Portal"),
    "hmn": ("75 XYOO HNUB TIB NEEG TXOJ CAI", "Tib Neeg Txoj Cai"),
}
UDHR_DATES = "10/12/1948 – 10/12/2023"
SITE_HOST = "quyenconnguoi.example.gov.vn"


# ---- tools ---------------------------------------------------------------------------
def need_tools():
    missing = []
    if not shutil.which("rsvg-convert"):
        missing.append("librsvg2-bin")
    if not os.path.exists(FONT_BOLD):
        missing.append("fonts-dejavu-core")
    if not shutil.which("pngquant"):
        missing.append("pngquant")
    if not missing:
        return
    if os.geteuid() == 0:
        print("make-postcards: installing", " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing,
                       check=True, env=env)
    else:
        sys.exit("make-postcards: missing Debian packages; run: sudo apt-get install " + " ".join(missing))


class Font:
    """Advance widths from a TrueType file (cmap format 4 + hmtx), for line wrapping."""

    def __init__(self, path):
        data = open(path, "rb").read()
        n = struct.unpack(">H", data[4:6])[0]
        tables = {}
        for i in range(n):
            tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
            tables[tag.decode()] = (off, ln)
        head = tables["head"][0]
        self.upem = struct.unpack(">H", data[head + 18: head + 20])[0]
        hhea = tables["hhea"][0]
        n_hmetrics = struct.unpack(">H", data[hhea + 34: hhea + 36])[0]
        hmtx = tables["hmtx"][0]
        self.adv = [struct.unpack(">H", data[hmtx + 4 * i: hmtx + 4 * i + 2])[0] for i in range(n_hmetrics)]
        self.cmap = {}
        cm = tables["cmap"][0]
        nsub = struct.unpack(">H", data[cm + 2: cm + 4])[0]
        for i in range(nsub):
            pid, eid, off = struct.unpack(">HHI", data[cm + 4 + 8 * i: cm + 12 + 8 * i])
            sub = cm + off
            if struct.unpack(">H", data[sub: sub + 2])[0] == 4 and pid in (0, 3):
                self._format4(data, sub)
                break

    def _format4(self, data, sub):
        segx2 = struct.unpack(">H", data[sub + 6: sub + 8])[0]
        seg = segx2 // 2
        ends = struct.unpack(">%dH" % seg, data[sub + 14: sub + 14 + segx2])
        starts = struct.unpack(">%dH" % seg, data[sub + 16 + segx2: sub + 16 + 2 * segx2])
        deltas = struct.unpack(">%dh" % seg, data[sub + 16 + 2 * segx2: sub + 16 + 3 * segx2])
        ro_base = sub + 16 + 3 * segx2
        ranges = struct.unpack(">%dH" % seg, data[ro_base: ro_base + segx2])
        for i in range(seg):
            for c in range(starts[i], ends[i] + 1):
                if c == 0xFFFF:
                    continue
                if ranges[i] == 0:
                    g = (c + deltas[i]) & 0xFFFF
                else:
                    a = ro_base + 2 * i + ranges[i] + 2 * (c - starts[i])
                    g = struct.unpack(">H", data[a: a + 2])[0]
                    g = (g + deltas[i]) & 0xFFFF if g else 0
                self.cmap[c] = g

    def width(self, text, size):
        total = 0
        for ch in text:
            g = self.cmap.get(ord(ch), 0)
            total += self.adv[min(g, len(self.adv) - 1)]
        return total * size / self.upem


def wrap(font, text, size, max_w):
    words, lines, cur = text.split(), [], ""
    for w in words:
        trial = (cur + " " + w).strip()
        if cur and font.width(trial, size) > max_w:
            lines.append(cur)
            cur = w
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


def fit(font, text, max_w, max_lines, sizes):
    for s in sizes:
        lines = wrap(font, text, s, max_w)
        if len(lines) <= max_lines and all(font.width(l, s) <= max_w for l in lines):
            return s, lines
    s = sizes[-1]
    return s, wrap(font, text, s, max_w)


def rasterise(svg_path, png_path, width):
    subprocess.run(["rsvg-convert", "-w", str(width), "-o", png_path, svg_path], check=True)
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality=70-95", "--strip",
                        "--output", png_path, png_path], check=False)
    size = os.path.getsize(png_path)
    flag = "" if size <= MAX_PNG else "  (over 80 KB: simplify the drawing)"
    print("  %-62s %6.1f KB%s" % (os.path.relpath(png_path), size / 1024, flag))


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def text_el(x, y, s, size, fill, weight="bold", anchor="start", extra=""):
    return ('<text x="%g" y="%g" font-family="%s" font-size="%g" font-weight="%s" fill="%s" '
            'text-anchor="%s"%s>%s</text>' % (x, y, FAMILY, size, weight, fill, anchor, extra, escape(s)))


def emblem(x, y, r):
    """The theme's emblem (themes/portal/static/img/emblem.svg), placed at centre x,y, radius r."""
    k = r / 31.0
    return ('<g transform="translate(%g %g) scale(%g) translate(-32 -32)">'
            '<circle cx="32" cy="32" r="31" fill="#f2c14e"/><circle cx="32" cy="32" r="27.5" fill="#9e1b1f"/>'
            '<path d="M12 36 A20 20 0 0 1 52 36" fill="none" stroke="#f2c14e" stroke-width="3" stroke-linecap="round"/>'
            '<path d="M32 14 C32 10 35 7.5 39 7.5 C39 11.5 36 14 32 14 Z" fill="#f2c14e"/>'
            '<path d="M32 14 C32 11 29.5 9 26.5 9 C26.5 12 29 14 32 14 Z" fill="#fbe9a6"/>'
            '<line x1="32" y1="14" x2="32" y2="19" stroke="#f2c14e" stroke-width="2"/>'
            '<circle cx="32" cy="29" r="4.6" fill="#fff"/><path d="M23.5 46 C23.5 39 27 35.5 32 35.5 C37 35.5 40.5 39 40.5 46 Z" fill="#fff"/>'
            '<circle cx="21" cy="34" r="3.6" fill="#fbe9a6"/><path d="M14.5 47 C14.5 41.5 17.3 39 21 39 C24.7 39 27.5 41.5 27.5 47 Z" fill="#fbe9a6"/>'
            '<circle cx="43" cy="34" r="3.6" fill="#fbe9a6"/><path d="M36.5 47 C36.5 41.5 39.3 39 43 39 C46.7 39 49.5 41.5 49.5 47 Z" fill="#fbe9a6"/>'
            '<rect x="13" y="47" width="38" height="2.6" rx="1.3" fill="#f2c14e"/></g>' % (x, y, k))


def mark75(cx, cy, r):
    """The UDHR-75 mark: a gold seal with 75 and the two dates."""
    return ('<g><circle cx="%g" cy="%g" r="%g" fill="%s"/><circle cx="%g" cy="%g" r="%g" fill="none" stroke="%s" stroke-width="3"/>'
            '%s%s</g>' % (cx, cy, r, GOLD, cx, cy, r - 9, RED_DARK,
                          text_el(cx, cy + r * 0.22, "75", r * 0.78, RED_DARK, anchor="middle"),
                          text_el(cx, cy + r * 0.55, "UDHR", r * 0.2, RED_DARK, anchor="middle")))


# ---- postcards ------------------------------------------------------------------------
def front_matter_value(path, key):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return None
    for line in m.group(1).splitlines():
        if line.startswith(key + ":"):
            v = line[len(key) + 1:].strip()
            if v.startswith('"') and v.endswith('"'):
                v = v[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            return v
    return None


def postcard_svg(bold, reg, slogan, lang):
    W, H = 1200, 630
    kicker, site = LABELS.get(lang, LABELS["vi"])
    size, lines = fit(bold, slogan, 960, 4, [68, 64, 60, 56, 52, 48, 44, 40])
    lh = size * 1.32
    block = lh * len(lines)
    top = 150 + (330 - block) / 2 + size * 0.95
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">' % (W, H, W, H),
        '<title>%s</title>' % escape(slogan),
        '<rect width="%d" height="%d" fill="%s"/>' % (W, H, RED),
        '<path d="M760 0 L1200 0 L1200 630 L480 630 Z" fill="%s" opacity="0.55"/>' % RED_DARK,
        '<rect width="%d" height="14" fill="%s"/>' % (W, GOLD),
        emblem(96, 92, 44),
        text_el(158, 84, kicker, 24, GOLD_PALE),
        text_el(158, 116, UDHR_DATES, 22, "#ffffff", weight="normal"),
    ]
    for i, line in enumerate(lines):
        parts.append(text_el(60, top + i * lh, line, size, "#ffffff"))
    parts += [
        '<rect x="0" y="530" width="%d" height="100" fill="%s"/>' % (W, GOLD),
        text_el(60, 592, UDHR_DATES, 30, INK),
        text_el(1040, 592, SITE_HOST, 20, INK, weight="normal", anchor="end"),
        mark75(1110, 480, 70),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def make_postcards(root, bold, reg):
    print("postcards:")
    for md in sorted(glob.glob(os.path.join(root, "content/postcards/*/index*.md"))):
        d, name = os.path.split(md)
        m = re.match(r"index(?:\.([a-z-]+))?\.md$", name)
        lang = m.group(1) or "vi"
        slogan = front_matter_value(md, "slogan")
        if not slogan:
            print("  %s: no slogan, skipped" % os.path.relpath(md))
            continue
        base = "card" if lang == "vi" else "card." + lang
        svg = os.path.join(d, base + ".svg")
        write(svg, postcard_svg(bold, reg, slogan, lang))
        rasterise(svg, os.path.join(d, base + ".png"), 1200)


# ---- covers, heroes, share image -------------------------------------------------------
def book_cover_svg(bold, title, subtitle, footer, motif):
    W, H = 1200, 1800
    size, lines = fit(bold, title, 1000, 5, [96, 88, 80, 72, 64])
    lh = size * 1.3
    p = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">' % (W, H, W, H),
         '<title>%s</title>' % escape(title),
         '<rect width="%d" height="%d" fill="%s"/>' % (W, H, RED),
         '<rect x="0" y="0" width="%d" height="28" fill="%s"/>' % (W, GOLD),
         emblem(600, 250, 120)]
    y = 560
    for i, l in enumerate(lines):
        p.append(text_el(600, y + i * lh, l, size, "#ffffff", anchor="middle"))
    y += len(lines) * lh + 30
    ssize, slines = fit(bold, subtitle, 1040, 3, [46, 42, 38])
    for i, l in enumerate(slines):
        p.append(text_el(600, y + i * ssize * 1.35, l, ssize, GOLD_PALE, weight="normal", anchor="middle"))
    p.append(motif)
    p.append('<rect x="0" y="1620" width="%d" height="180" fill="%s"/>' % (W, GOLD))
    p.append(text_el(600, 1725, footer, 40, INK, anchor="middle"))
    p.append("</svg>")
    return "\n".join(p) + "\n"


def seven_pillars():
    g = ['<g fill="none" stroke="#fbe9a6" stroke-width="6">',
         '<path d="M260 1330 L600 1190 L940 1330 Z"/>', '<rect x="250" y="1540" width="700" height="26" fill="#fbe9a6"/>']
    for i in range(7):
        x = 300 + i * 100
        g.append('<rect x="%d" y="1350" width="44" height="180" rx="6"/>' % x)
    g.append("</g>")
    return "".join(g)


def open_book():
    return ('<g fill="none" stroke="#fbe9a6" stroke-width="6">'
            '<path d="M600 1300 C520 1260 400 1250 300 1270 L300 1530 C400 1510 520 1520 600 1560 Z"/>'
            '<path d="M600 1300 C680 1260 800 1250 900 1270 L900 1530 C800 1510 680 1520 600 1560 Z"/>'
            '<path d="M360 1330 L540 1350 M360 1380 L540 1400 M360 1430 L540 1450 M660 1350 L840 1330 M660 1400 L840 1380 M660 1450 L840 1430"/>'
            '</g>' + mark75(980, 1240, 90))


def hero_svg(title_lines, motif, bg=RED):
    W, H = 1600, 900
    p = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">' % (W, H, W, H),
         '<title>%s</title>' % escape(" ".join(title_lines)),
         '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="%s"/>'
         '<stop offset="1" stop-color="%s"/></linearGradient></defs>' % (bg, RED_DARK),
         '<rect width="%d" height="%d" fill="url(#g)"/>' % (W, H), motif, "</svg>"]
    return "\n".join(p) + "\n"


def motif_declaration():
    lines = "".join('<rect x="%d" y="%d" width="%d" height="10" rx="5" fill="#e7d9b8"/>' % (640, 250 + i * 34, 300 - (i % 3) * 60)
                    for i in range(12))
    return ('<rect x="560" y="140" width="480" height="640" rx="18" fill="%s"/>' % CREAM +
            '<rect x="600" y="180" width="400" height="40" rx="8" fill="%s"/>' % RED + lines +
            '<circle cx="1040" cy="740" r="110" fill="%s"/>' % GOLD +
            text_el(1040, 775, "1948", 72, RED_DARK, anchor="middle") +
            '<g fill="none" stroke="%s" stroke-width="8" opacity="0.9">' % GOLD_PALE +
            '<circle cx="300" cy="450" r="170"/><ellipse cx="300" cy="450" rx="70" ry="170"/>'
            '<path d="M130 450 H470 M150 370 H450 M150 530 H450"/></g>')


def motif_conventions():
    g = ['<g>']
    colors = [GOLD, GOLD_PALE, "#ffffff", GOLD, GOLD_PALE, "#ffffff", GOLD]
    for i, c in enumerate(colors):
        x = 330 + i * 140
        h = 380 + (i % 3) * 40
        g.append('<rect x="%d" y="%d" width="100" height="%d" rx="10" fill="%s"/>' % (x, 720 - h, h, c))
        g.append('<rect x="%d" y="%d" width="60" height="12" rx="6" fill="%s"/>' % (x + 20, 760 - h, RED_DARK))
    g.append('<rect x="280" y="720" width="1040" height="30" rx="8" fill="%s"/>' % CREAM)
    g.append("</g>")
    return "".join(g)


def motif_council():
    g = ['<g>']
    for row in range(4):
        r = 220 + row * 90
        n = 9 + row * 3
        for i in range(n):
            import math
            a = math.pi * (i + 0.5) / n
            x = 800 - r * math.cos(a)
            y = 760 - r * math.sin(a)
            g.append('<circle cx="%.1f" cy="%.1f" r="22" fill="%s"/>' % (x, y, GOLD if (i + row) % 4 else "#ffffff"))
    g.append('<rect x="700" y="700" width="200" height="80" rx="12" fill="%s"/>' % CREAM)
    g.append(emblem(800, 600, 60))
    g.append("</g>")
    return "".join(g)


def motif_provinces():
    houses = []
    for i, (x, c) in enumerate([(260, GOLD), (520, CREAM), (780, GOLD_PALE), (1040, CREAM), (1300, GOLD)]):
        houses.append('<path d="M%d 640 L%d 560 L%d 640 Z" fill="%s"/>' % (x - 90, x, x + 90, RED_DARK))
        houses.append('<rect x="%d" y="640" width="150" height="110" fill="%s"/>' % (x - 75, c))
        houses.append('<rect x="%d" y="690" width="36" height="60" fill="%s"/>' % (x - 18, RED))
        houses.append('<rect x="%d" y="%d" width="170" height="80" rx="30" fill="#ffffff"/>' % (x - 85, 380 + (i % 2) * 50))
        houses.append('<path d="M%d %d l20 30 l10 -30 Z" fill="#ffffff"/>' % (x - 20, 458 + (i % 2) * 50))
        houses.append('<rect x="%d" y="%d" width="110" height="12" rx="6" fill="%s"/>' % (x - 55, 410 + (i % 2) * 50, RED))
    return ('<path d="M0 760 C300 700 600 800 900 740 C1200 690 1400 760 1600 730 L1600 900 L0 900 Z" fill="%s"/>' % "#6b1013" +
            "".join(houses))


def make_covers(root, bold, reg):
    print("covers and heroes:")
    conv = os.path.join(root, "content/conventions")
    write(os.path.join(conv, "cover.svg"),
          book_cover_svg(bold, "Các công ước quốc tế cơ bản về quyền con người",
                         "Bảy công ước mà Việt Nam là thành viên", "Cổng thông tin Quyền con người", seven_pillars()))
    rasterise(os.path.join(conv, "cover.svg"), os.path.join(conv, "cover.png"), 1200)
    write(os.path.join(conv, "cover.en.svg"),
          book_cover_svg(bold, "The core international human-rights conventions",
                         "The seven conventions Viet Nam is party to", "Human Rights Information Portal", seven_pillars()))
    rasterise(os.path.join(conv, "cover.en.svg"), os.path.join(conv, "cover.en.png"), 1200)

    em = os.path.join(root, "content/emagazine/udhr-75")
    os.makedirs(em, exist_ok=True)
    write(os.path.join(em, "cover.svg"),
          book_cover_svg(bold, "75 năm Tuyên ngôn Quốc tế Nhân quyền", "E-magazine bốn kỳ · " + UDHR_DATES,
                         "Cổng thông tin Quyền con người", open_book()))
    rasterise(os.path.join(em, "cover.svg"), os.path.join(em, "cover.png"), 1200)
    write(os.path.join(em, "cover.en.svg"),
          book_cover_svg(bold, "75 years of the Universal Declaration of Human Rights",
                         "An e-magazine in four parts · " + UDHR_DATES, "Human Rights Information Portal", open_book()))
    rasterise(os.path.join(em, "cover.en.svg"), os.path.join(em, "cover.en.png"), 1200)

    heroes = [("hero", motif_declaration()), ("part-1", motif_declaration()), ("part-2", motif_conventions()),
              ("part-3", motif_council()), ("part-4", motif_provinces())]
    for name, motif in heroes:
        svg = os.path.join(em, name + ".svg")
        write(svg, hero_svg([name], motif))
        rasterise(svg, os.path.join(em, name + ".png"), 1200)

    img = os.path.join(root, "themes/portal/static/img")
    og = postcard_svg(bold, reg, "Cổng thông tin Quyền con người · Human Rights Information Portal", "vi")
    write(os.path.join(img, "og-default.svg"), og)
    rasterise(os.path.join(img, "og-default.svg"), os.path.join(img, "og-default.png"), 1200)


# ---- story illustrations (SVG only) ------------------------------------------------------
def scene(title, *layers, sky=("#cfe6f3", "#f6efe0")):
    W, H = 1200, 750
    return "\n".join([
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img">' % (W, H, W, H),
        "<title>%s</title>" % escape(title),
        '<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="%s"/>'
        '<stop offset="1" stop-color="%s"/></linearGradient></defs>' % sky,
        '<rect width="%d" height="%d" fill="url(#sky)"/>' % (W, H)] + list(layers) + ["</svg>"]) + "\n"


def sun(x=980, y=140, r=60, c="#f2c14e"):
    return '<circle cx="%d" cy="%d" r="%d" fill="%s"/>' % (x, y, r, c)


def mountains(c1="#7fa37a", c2="#5d8a5a", c3="#3f6b44"):
    return ('<path d="M0 420 L180 250 L330 380 L520 200 L720 390 L900 240 L1200 420 L1200 750 L0 750 Z" fill="%s"/>' % c1 +
            '<path d="M0 500 L240 340 L420 470 L640 330 L860 480 L1040 360 L1200 470 L1200 750 L0 750 Z" fill="%s"/>' % c2 +
            '<path d="M0 600 C300 540 600 620 900 570 C1050 545 1150 560 1200 570 L1200 750 L0 750 Z" fill="%s"/>' % c3)


def terraces():
    return "".join('<path d="M0 %d C300 %d 700 %d 1200 %d" fill="none" stroke="#c9b458" stroke-width="10" opacity="0.8"/>'
                   % (610 + i * 30, 590 + i * 30, 630 + i * 30, 600 + i * 30) for i in range(5))


def earth_house(x, y, s=1.0, wall="#c98f5a", roof="#5b4636"):
    return ('<g transform="translate(%g %g) scale(%g)">'
            '<rect x="-80" y="-70" width="160" height="90" fill="%s"/>'
            '<path d="M-100 -70 L0 -130 L100 -70 Z" fill="%s"/>'
            '<rect x="-20" y="-30" width="40" height="50" fill="#3b2a20"/>'
            '<rect x="-65" y="-45" width="28" height="22" fill="#f6e7c8"/><rect x="37" y="-45" width="28" height="22" fill="#f6e7c8"/>'
            '</g>' % (x, y, s, wall, roof))


def person(x, y, s=1.0, body="#9e1b1f", skin="#8a5a3c", bag=None):
    b = '<rect x="-14" y="-8" width="28" height="34" rx="6" fill="%s"/>' % bag if bag else ""
    return ('<g transform="translate(%g %g) scale(%g)"><circle cx="0" cy="-58" r="16" fill="%s"/>'
            '<path d="M-22 0 C-22 -30 -12 -40 0 -40 C12 -40 22 -30 22 0 Z" fill="%s"/>%s'
            '<rect x="-16" y="0" width="12" height="34" fill="#3b3b3b"/><rect x="4" y="0" width="12" height="34" fill="#3b3b3b"/></g>'
            % (x, y, s, skin, body, b))


def flowers(y=700, n=14, x0=40, dx=85):
    return "".join('<circle cx="%d" cy="%d" r="12" fill="%s"/><rect x="%d" y="%d" width="4" height="26" fill="#3f6b44"/>'
                   % (x0 + i * dx, y - 26, ["#e85d75", "#f2c14e", "#ffffff", "#c86bb0"][i % 4], x0 + i * dx - 2, y - 14)
                   for i in range(n))


def school(x, y):
    return ('<g transform="translate(%d %d)"><rect x="-200" y="-120" width="400" height="150" fill="#f6efe0"/>'
            '<path d="M-230 -120 L0 -200 L230 -120 Z" fill="#b8322a"/>'
            '%s<rect x="-25" y="-50" width="50" height="80" fill="#6b4a2f"/>'
            '<line x1="0" y1="-200" x2="0" y2="-260" stroke="#555" stroke-width="5"/><path d="M0 -260 L50 -245 L0 -230 Z" fill="#da251d"/>'
            '</g>' % (x, y, "".join('<rect x="%d" y="-95" width="50" height="40" fill="#9cc9e0"/>' % xx for xx in (-170, -100, 50, 120))))


def clinic(x, y):
    return ('<g transform="translate(%d %d)"><rect x="-170" y="-130" width="340" height="160" fill="#ffffff"/>'
            '<path d="M-190 -130 L0 -190 L190 -130 Z" fill="#4a7f9e"/>'
            '<rect x="-30" y="-180" width="60" height="60" rx="6" fill="#ffffff"/>'
            '<rect x="-8" y="-172" width="16" height="44" fill="#1e8a4a"/><rect x="-22" y="-158" width="44" height="16" fill="#1e8a4a"/>'
            '<rect x="-25" y="-50" width="50" height="80" fill="#4a7f9e"/>'
            '<rect x="-140" y="-100" width="60" height="45" fill="#cfe6f3"/><rect x="80" y="-100" width="60" height="45" fill="#cfe6f3"/></g>' % (x, y))


def guol(x, y):
    return ('<g transform="translate(%d %d)"><path d="M-120 0 L0 -260 L120 0 Z" fill="#6b4a2f"/>'
            '<rect x="-90" y="0" width="180" height="70" fill="#a0784f"/>'
            '<line x1="-100" y1="70" x2="-100" y2="120" stroke="#5b4636" stroke-width="10"/>'
            '<line x1="100" y1="70" x2="100" y2="120" stroke="#5b4636" stroke-width="10"/></g>' % (x, y))


def pagoda(x, y):
    return ('<g transform="translate(%d %d)"><rect x="-90" y="-80" width="180" height="100" fill="#f2d7a0"/>'
            '<path d="M-140 -80 Q0 -130 140 -80 L110 -110 Q0 -150 -110 -110 Z" fill="#b8322a"/>'
            '<path d="M-100 -140 Q0 -180 100 -140 L80 -165 Q0 -195 -80 -165 Z" fill="#b8322a"/>'
            '<rect x="-20" y="-40" width="40" height="60" fill="#7a1417"/></g>' % (x, y))


def church(x, y):
    return ('<g transform="translate(%d %d)"><rect x="-70" y="-120" width="140" height="140" fill="#f6efe0"/>'
            '<path d="M-85 -120 L0 -190 L85 -120 Z" fill="#5b6f8a"/><rect x="-25" y="-260" width="50" height="80" fill="#f6efe0"/>'
            '<path d="M-35 -260 L0 -320 L35 -260 Z" fill="#5b6f8a"/>'
            '<rect x="-3" y="-355" width="6" height="40" fill="#5b6f8a"/><rect x="-14" y="-343" width="28" height="6" fill="#5b6f8a"/>'
            '<path d="M-20 20 L-20 -30 Q0 -55 20 -30 L20 20 Z" fill="#6b4a2f"/></g>' % (x, y))


def boat(x, y, c="#2f6f9e"):
    return ('<g transform="translate(%d %d)"><path d="M-80 0 L80 0 L60 30 L-60 30 Z" fill="%s"/>'
            '<line x1="0" y1="0" x2="0" y2="-90" stroke="#5b4636" stroke-width="5"/><path d="M4 -85 L60 -20 L4 -20 Z" fill="#f6efe0"/></g>' % (x, y, c))


def longhouse(x, y):
    return ('<g transform="translate(%d %d)"><rect x="-300" y="-90" width="600" height="110" fill="#a0784f"/>'
            '<path d="M-340 -90 Q0 -230 340 -90 Z" fill="#6b4a2f"/>'
            '%s<rect x="-340" y="20" width="680" height="14" fill="#5b4636"/></g>'
            % (x, y, "".join('<line x1="%d" y1="34" x2="%d" y2="90" stroke="#5b4636" stroke-width="10"/>' % (xx, xx) for xx in (-300, -150, 0, 150, 300))))


def gongs(x, y):
    g = ['<g transform="translate(%d %d)"><rect x="-200" y="-12" width="400" height="12" fill="#5b4636"/>' % (x, y)]
    for i, r in enumerate((48, 42, 36, 30, 26)):
        cx = -160 + i * 80
        g.append('<line x1="%d" y1="0" x2="%d" y2="20" stroke="#5b4636" stroke-width="3"/>' % (cx, cx))
        g.append('<circle cx="%d" cy="%d" r="%d" fill="#d9a441" stroke="#8a6420" stroke-width="4"/>' % (cx, 20 + r, r))
        g.append('<circle cx="%d" cy="%d" r="%d" fill="#b8862d"/>' % (cx, 20 + r, r // 3))
    g.append("</g>")
    return "".join(g)


def fire(x, y):
    return ('<g transform="translate(%d %d)"><path d="M-40 0 Q-30 -60 0 -90 Q10 -50 30 -60 Q50 -20 40 0 Z" fill="#f28c28"/>'
            '<path d="M-20 0 Q-10 -40 5 -55 Q20 -25 20 0 Z" fill="#f2c14e"/>'
            '<rect x="-60" y="0" width="120" height="12" rx="6" fill="#5b4636"/></g>' % (x, y))


def stilt_house(x, y):
    return ('<g transform="translate(%d %d)"><rect x="-260" y="-170" width="520" height="130" fill="#b58a5e"/>'
            '<path d="M-300 -170 L-200 -270 L200 -270 L300 -170 Z" fill="#5b4636"/>'
            '<rect x="-280" y="-40" width="560" height="16" fill="#6b4a2f"/>'
            '%s</g>' % (x, y, "".join('<rect x="%d" y="-24" width="14" height="90" fill="#6b4a2f"/>' % xx for xx in (-270, -140, -7, 126, 256))))


def ginseng(x, y, s=1.0):
    leaves = "".join('<ellipse cx="0" cy="-40" rx="14" ry="40" fill="#3f8a4a" transform="rotate(%d)"/>' % a for a in (-70, -35, 0, 35, 70))
    return ('<g transform="translate(%g %g) scale(%g)"><line x1="0" y1="0" x2="0" y2="-90" stroke="#3f6b44" stroke-width="5"/>'
            '<g transform="translate(0 -90)">%s</g><g transform="translate(0 -160)">%s</g></g>'
            % (x, y, s, leaves, "".join('<circle cx="%d" cy="%d" r="8" fill="#d62828"/>' % (dx, dy)
                                       for dx, dy in ((0, 0), (-10, 8), (10, 8), (-5, -10), (6, -10), (0, 16)))))


def tree(x, y, s=1.0, c="#2f5d3a"):
    return ('<g transform="translate(%g %g) scale(%g)"><rect x="-10" y="-40" width="20" height="120" fill="#5b4636"/>'
            '<circle cx="0" cy="-90" r="80" fill="%s"/><circle cx="-60" cy="-50" r="55" fill="%s"/><circle cx="60" cy="-50" r="55" fill="%s"/></g>'
            % (x, y, s, c, c, c))


def wheelchair_person(x, y):
    return ('<g transform="translate(%d %d)"><circle cx="0" cy="30" r="46" fill="none" stroke="#333" stroke-width="8"/>'
            '<circle cx="0" cy="30" r="6" fill="#333"/><path d="M-20 -10 L30 -10 L30 -70" fill="none" stroke="#333" stroke-width="8"/>'
            '<circle cx="0" cy="-110" r="18" fill="#8a5a3c"/><path d="M-22 -10 C-22 -60 -10 -88 0 -88 C14 -88 24 -62 22 -10 Z" fill="#2f6f9e"/>'
            '<path d="M20 -10 L60 -10 L60 30" fill="none" stroke="#3b3b3b" stroke-width="14"/></g>' % (x, y))


def sewing_table(x, y):
    return ('<g transform="translate(%d %d)"><rect x="-150" y="-10" width="300" height="16" fill="#8a6420"/>'
            '<rect x="-140" y="6" width="12" height="90" fill="#6b4a2f"/><rect x="128" y="6" width="12" height="90" fill="#6b4a2f"/>'
            '<path d="M-90 -10 L-90 -70 L40 -70 L40 -50 L-60 -50 L-60 -10 Z" fill="#e0e0e0" stroke="#555" stroke-width="3"/>'
            '<rect x="60" y="-70" width="90" height="60" rx="4" fill="#333"/><rect x="68" y="-63" width="74" height="44" fill="#9cc9e0"/></g>' % (x, y))


def sign_house(x, y, label):
    return ('<g transform="translate(%d %d)"><rect x="-170" y="-150" width="340" height="180" fill="#f6efe0"/>'
            '<path d="M-200 -150 L0 -250 L200 -150 Z" fill="#b8322a"/>'
            '<rect x="-30" y="-60" width="60" height="90" fill="#6b4a2f"/>'
            '<rect x="-130" y="-130" width="260" height="50" rx="6" fill="#1e6f5c"/>%s</g>'
            % (x, y, text_el(0, -96, label, 26, "#ffffff", anchor="middle")))


def coffee_rows():
    return "".join('<circle cx="%d" cy="%d" r="26" fill="#2f5d3a"/>' % (60 + i * 90, 640 + (i % 2) * 20) for i in range(14))


def sea():
    return ('<path d="M0 560 L1200 560 L1200 750 L0 750 Z" fill="#4a90b8"/>'
            + "".join('<path d="M%d %d q30 -14 60 0" fill="none" stroke="#cfe6f3" stroke-width="4"/>' % (80 + i * 160, 600 + (i % 3) * 40)
                      for i in range(7)))


def story_scenes():
    ground = '<rect x="0" y="620" width="1200" height="130" fill="%s"/>'
    return {
        "sin-suoi-ho-du-lich-cong-dong": {
            "cover.svg": scene("Bản vùng cao", sun(), mountains(), terraces(), earth_house(330, 600, 1.1),
                               earth_house(620, 560, 0.9), earth_house(880, 610, 1.2), flowers(735)),
            "homestay.svg": scene("Homestay", sun(1000, 120), ground % "#7fa37a", earth_house(600, 560, 2.2),
                                  '<rect x="400" y="560" width="400" height="14" fill="#6b4a2f"/>',
                                  '<circle cx="470" cy="380" r="18" fill="#d62828"/><circle cx="730" cy="380" r="18" fill="#d62828"/>',
                                  flowers(735)),
        },
        "muong-te-bua-com-ban-tru": {
            "cover.svg": scene("Trường bán trú", sun(180, 130), mountains("#8fb38a", "#6a9767", "#4d7d52"),
                               school(600, 560), '<path d="M560 750 L600 600 L640 600 L700 750 Z" fill="#d8c9a3"/>',
                               person(520, 690, 0.9, "#2f6f9e", bag="#f2c14e"), person(690, 700, 0.9, "#d62828", bag="#2f6f9e"),
                               person(760, 715, 0.8, "#1e6f5c", bag="#f2c14e")),
        },
        "nam-tra-my-sam-ngoc-linh": {
            "cover.svg": scene("Rừng sâm", mountains("#6a8f6a", "#4c7a50", "#2f5d3a"), tree(200, 520, 1.2), tree(1000, 520, 1.3),
                               tree(600, 470, 1.0, "#3f6b44"), ground % "#3b2f25",
                               *[ginseng(150 + i * 120, 690, 0.8) for i in range(8)], sky=("#d9e8e2", "#eef2ea")),
            "sam.svg": scene("Cây sâm", ground % "#3b2f25", ginseng(600, 690, 2.6), tree(150, 560, 0.9), tree(1060, 560, 0.9),
                             sky=("#d9e8e2", "#eef2ea")),
        },
        "tay-giang-tram-y-te-vung-bien": {
            "cover.svg": scene("Trạm y tế", mountains("#8fb38a", "#6a9767", "#4d7d52"), ground % "#8fb38a",
                               clinic(430, 640), guol(880, 560), person(660, 700, 0.9, "#c2185b"), person(720, 705, 0.6, "#f2c14e")),
        },
        "long-dien-ton-giao-dong-hanh": {
            "cover.svg": scene("Thị trấn ven biển", sun(1050, 120), '<path d="M0 380 L200 250 L380 380 Z" fill="#6a9767"/>',
                               pagoda(190, 400), '<rect x="0" y="400" width="1200" height="160" fill="#e8d9b5"/>',
                               church(640, 520), earth_house(900, 540, 0.9, "#f6efe0", "#b8322a"),
                               earth_house(380, 545, 0.8, "#f6efe0", "#4a7f9e"), sea(), boat(300, 640), boat(800, 680, "#b8322a")),
        },
        "ba-ria-hoc-nghe-nguoi-khuyet-tat": {
            "cover.svg": scene("Lớp học nghề", '<rect x="0" y="0" width="1200" height="560" fill="#f6efe0"/>',
                               '<rect x="0" y="560" width="1200" height="190" fill="#d8c9a3"/>',
                               '<rect x="120" y="90" width="420" height="240" rx="8" fill="#1e6f5c"/>',
                               '<rect x="700" y="90" width="360" height="240" fill="#cfe6f3" stroke="#a0784f" stroke-width="12"/>',
                               sewing_table(420, 560), wheelchair_person(560, 640), sewing_table(880, 560),
                               person(960, 650, 1.0, "#c2185b")),
        },
        "buon-don-khong-gian-cong-chieng": {
            "cover.svg": scene("Cồng chiêng", longhouse(600, 420), ground % "#7a5a3a", gongs(600, 470), fire(600, 690),
                               *[person(180 + i * 120 + (300 if i > 2 else 0), 700, 0.9, ["#b8322a", "#1f2328", "#b8322a"][i % 3]) for i in range(6)],
                               sky=("#2b2d4f", "#7a4a62")),
        },
        "cu-mgar-mua-giang-sinh-o-buon": {
            "cover.svg": scene("Giáng sinh ở buôn", '<circle cx="1000" cy="120" r="50" fill="#f6efe0"/>',
                               coffee_rows(), ground % "#5b7d4a", church(600, 600),
                               '<path d="M600 160 l12 30 l32 2 l-25 20 l9 31 l-28 -18 l-28 18 l9 -31 l-25 -20 l32 -2 Z" fill="#f2c14e"/>',
                               longhouse(230, 580).replace("translate(230 580)", "translate(230 580) scale(0.45)"),
                               sky=("#1f2a4a", "#5a5f8a")),
        },
        "van-lang-phap-luat-song-ngu": {
            "cover.svg": scene("Buổi họp thôn", mountains("#8fb38a", "#6a9767", "#4d7d52"), stilt_house(600, 470),
                               ground % "#c9b28a", person(600, 640, 1.1, "#2f6f9e"),
                               '<rect x="626" y="570" width="8" height="40" fill="#333"/><circle cx="630" cy="566" r="9" fill="#333"/>',
                               *[person(180 + i * 110, 720, 0.75, ["#1f2328", "#2f4f8a", "#1f2328"][i % 3]) for i in range(3)],
                               *[person(790 + i * 110, 720, 0.75, ["#2f4f8a", "#1f2328", "#2f4f8a"][i % 3]) for i in range(3)]),
        },
        "van-lang-dia-chi-tin-cay": {
            "cover.svg": scene("Địa chỉ tin cậy", mountains("#9dbf98", "#7aa275", "#5b8a5a"), ground % "#a8c49a",
                               sign_house(600, 600, "Địa chỉ tin cậy"), person(470, 700, 1.0, "#c2185b"), person(420, 710, 0.6, "#f2c14e"),
                               person(760, 700, 1.0, "#1e6f5c"), flowers(740, 5, 900, 60)),
        },
    }


def make_stories(root):
    print("story illustrations (SVG):")
    for slug, files in story_scenes().items():
        d = os.path.join(root, "content/stories", slug)
        if not os.path.isdir(d):
            continue
        for name, svg in files.items():
            write(os.path.join(d, name), svg)
            print("  %s" % os.path.relpath(os.path.join(d, name)))


def main():
    args = sys.argv[1:]
    only = None
    if args[:1] == ["--only"]:
        only, args = args[1], args[2:]
    root = os.path.abspath(args[0] if args else os.path.join(HERE, "..", ".."))
    os.chdir(root)
    need_tools()
    bold, reg = Font(FONT_BOLD), Font(FONT_REG)
    if only in (None, "postcards"):
        make_postcards(root, bold, reg)
    if only in (None, "covers"):
        make_covers(root, bold, reg)
    if only in (None, "stories"):
        make_stories(root)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate Mend's app icons into static/icons/.

Pillow is NOT a runtime dependency of Mend; it is only needed to (re)generate
the committed PNG/ICO files. Run it from the repository root in a throwaway
virtualenv:

    python3 -m venv /tmp/iv && /tmp/iv/bin/pip install pillow
    /tmp/iv/bin/python scripts/make_icons.py

The output is deterministic for a given Pillow version, so re-running it
should only change files when this script changes.

The mark: a teal (#0f766e) background with a white line that runs flat, gives
one soft heartbeat, then curves gently upward: a calm pulse that is mending /
getting better. No text, so no fonts are needed.

Files written (all referenced from the web manifest / base template):

    icon-192.png            192x192  purpose "any"      rounded, transparent corners
    icon-512.png            512x512  purpose "any"      rounded, transparent corners
    icon-maskable-192.png   192x192  purpose "maskable" full bleed, mark in 80% safe zone
    icon-maskable-512.png   512x512  purpose "maskable" full bleed, mark in 80% safe zone
    apple-touch-icon.png    180x180  full bleed, opaque RGB (iOS rounds it itself)
    favicon-32.png          32x32    rounded, simplified bolder mark
    favicon.ico             16, 32, 48 (each size drawn natively)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "icons"

TEAL = (15, 118, 110)  # #0f766e (Tailwind teal-700); also the manifest theme colour
WHITE = (255, 255, 255)
SS = 4  # supersampling factor for anti-aliasing


# --------------------------------------------------------------------------
# Geometry of the mark, in a unit box (x right, y down), origin top-left.
# --------------------------------------------------------------------------


def _cubic(p0, p1, p2, p3, n):
    pts = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        pts.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return pts


def _line(p0, p1, n):
    return [(p0[0] + (p1[0] - p0[0]) * i / n, p0[1] + (p1[1] - p0[1]) * i / n) for i in range(n + 1)]


def mark_path(simple: bool):
    """Points along the centre line of the mark (unit box)."""
    if simple:
        # Favicons: the full heartbeat blip turns to mush at 16-48 px, so use
        # a wider, softer crest and trough before the upward curve.
        pts = _line((0.0, 0.62), (0.12, 0.62), 20)
        pts += _cubic((0.12, 0.62), (0.22, 0.62), (0.22, 0.30), (0.34, 0.30), 60)
        pts += _cubic((0.34, 0.30), (0.46, 0.30), (0.44, 0.88), (0.58, 0.88), 60)
        pts += _cubic((0.58, 0.88), (0.72, 0.88), (0.86, 0.36), (1.00, 0.14), 80)
        return pts
    pts = _line((0.0, 0.70), (0.16, 0.70), 30)
    # one soft, rounded heartbeat: a gentle crest and a shallow trough
    pts += _cubic((0.16, 0.70), (0.22, 0.70), (0.23, 0.40), (0.30, 0.40), 60)
    pts += _cubic((0.30, 0.40), (0.37, 0.40), (0.38, 0.86), (0.46, 0.86), 60)
    # then a long, calm curve upward
    pts += _cubic((0.46, 0.86), (0.62, 0.86), (0.80, 0.34), (1.00, 0.14), 120)
    return pts


def draw_mark(draw: ImageDraw.ImageDraw, box, *, simple: bool, stroke: float, fill=WHITE):
    """Draw the white mark into box=(x0, y0, w, h) with a round-capped stroke.

    stroke is the line's half-width in pixels of the supersampled canvas.
    Returns the stamped centre points (used for the safe-zone check).
    """
    x0, y0, w, h = box
    pts = mark_path(simple)
    pts = [(x0 + x * w, y0 + y * h) for x, y in pts]
    # Stamp discs along the (densely sampled) path: gives round caps/joins.
    dense = [pts[0]]
    for p in pts[1:]:
        q = dense[-1]
        d = math.dist(p, q)
        steps = max(1, int(d / (stroke * 0.25)))
        for i in range(1, steps + 1):
            dense.append((q[0] + (p[0] - q[0]) * i / steps, q[1] + (p[1] - q[1]) * i / steps))
    for cx, cy in dense:
        draw.ellipse((cx - stroke, cy - stroke, cx + stroke, cy + stroke), fill=fill)
    return dense


# --------------------------------------------------------------------------
# Icon variants
# --------------------------------------------------------------------------


def render(size: int, *, kind: str) -> Image.Image:
    """kind: 'any' (rounded, transparent outside), 'maskable'/'apple' (full bleed),
    'favicon' (rounded, simplified and bolder)."""
    S = size * SS
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    if kind in ("any", "favicon"):
        radius = round(S * 0.22)
        d.rounded_rectangle((0, 0, S - 1, S - 1), radius=radius, fill=TEAL + (255,))
    else:
        d.rectangle((0, 0, S, S), fill=TEAL + (255,))

    if kind == "favicon":
        # big and bold, with the simplified line, so it survives 16 px
        mw, mh = 0.70, 0.52
        simple = True
        stroke = S * (0.085 if size <= 16 else 0.068)  # radius
    elif kind == "maskable":
        # whole mark (incl. stroke) must sit in the central circle of
        # radius 0.4*S (the maskable safe zone); asserted below
        mw, mh = 0.54, 0.36
        simple = False
        stroke = S * 0.036
    else:  # any / apple
        mw, mh = 0.66, 0.44
        simple = False
        stroke = S * 0.042

    # centre the mark's visual bounding box in the icon
    box = [(S - mw * S) / 2, (S - mh * S) / 2, mw * S, mh * S]
    probe = Image.new("L", (S, S), 0)
    draw_mark(ImageDraw.Draw(probe), box, simple=simple, stroke=stroke, fill=255)
    bx0, by0, bx1, by1 = probe.getbbox()
    box[0] += (S - (bx1 + bx0)) / 2
    box[1] += (S - (by1 + by0)) / 2
    dense = draw_mark(d, box, simple=simple, stroke=stroke)

    if kind == "maskable":
        c = S / 2
        far = max(math.dist((x, y), (c, c)) for x, y in dense) + stroke
        assert far <= 0.40 * S, f"maskable mark leaves safe zone: {far / S:.3f} > 0.40"

    img = img.resize((size, size), Image.LANCZOS)
    if kind in ("maskable", "apple"):
        img = img.convert("RGB")  # full bleed: no alpha channel needed
    return img


def quantize(img: Image.Image) -> Image.Image:
    """Reduce to a small palette (keeps alpha): the icon only has two colours
    plus anti-aliasing ramps, so 128 colours is visually lossless."""
    if img.mode == "RGBA":
        q = img.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        # Octree averages alpha within a cluster, which can leave the solid
        # background at alpha 254; snap near-opaque/near-clear entries.
        pal = q.getpalette("RGBA")
        for i in range(3, len(pal), 4):
            pal[i] = 255 if pal[i] >= 248 else 0 if pal[i] <= 7 else pal[i]
        q.putpalette(pal, "RGBA")
        return q
    return img.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def save_png(img: Image.Image, name: str, *, palette: bool = True) -> None:
    path = OUT / name
    out = quantize(img) if palette else img
    out.save(path, format="PNG", optimize=True)
    print(f"{path.relative_to(ROOT)}  {img.size[0]}x{img.size[1]}  {path.stat().st_size} bytes")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)

    save_png(render(192, kind="any"), "icon-192.png")
    save_png(render(512, kind="any"), "icon-512.png")
    save_png(render(192, kind="maskable"), "icon-maskable-192.png")
    save_png(render(512, kind="maskable"), "icon-maskable-512.png")
    # apple-touch-icon: keep truecolour RGB, no alpha (iOS shows alpha as black)
    save_png(render(180, kind="apple"), "apple-touch-icon.png", palette=False)
    save_png(render(32, kind="favicon"), "favicon-32.png", palette=False)

    ico_imgs = [render(s, kind="favicon") for s in (48, 32, 16)]
    ico_path = OUT / "favicon.ico"
    ico_imgs[0].save(ico_path, format="ICO", sizes=[(48, 48), (32, 32), (16, 16)], append_images=ico_imgs[1:])
    with Image.open(ico_path) as ico:
        got = sorted(ico.info.get("sizes", set()))
    print(f"{ico_path.relative_to(ROOT)}  sizes={got}  {ico_path.stat().st_size} bytes")
    assert got == [(16, 16), (32, 32), (48, 48)], got
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Turn the browser tests' check-in screenshot into the manifest's screenshot.

tests/e2e/test_screens.py takes tests/e2e/artifacts/manifest-screenshot.png
(the real /checkin/ page, 390x844 at 2x). This reduces it to 64 colours and
writes static/img/screenshot-checkin.png (about 40 KB instead of 125 KB).

Pillow is not a dependency of Mend; use a throwaway virtualenv, as for
scripts/make_icons.py:

    python3 -m venv /tmp/iv && /tmp/iv/bin/pip install pillow
    .venv/bin/python -m pytest tests/e2e/test_screens.py -k manifest_screenshot
    /tmp/iv/bin/python scripts/compress_screenshot.py
"""

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "e2e" / "artifacts" / "manifest-screenshot.png"
TARGET = ROOT / "static" / "img" / "screenshot-checkin.png"

image = Image.open(SOURCE).convert("RGB")
image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(TARGET, optimize=True)
print(f"{TARGET.relative_to(ROOT)}: {image.size[0]}x{image.size[1]}, {TARGET.stat().st_size // 1024} KB")

"""Vendored front-end files are exactly the ones static/vendor/README.md lists,
with the checksums it gives: nothing unlisted is served, nothing listed is
missing or changed without its entry."""

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"


def test_every_vendored_file_is_listed_with_its_checksum():
    readme = (VENDOR / "README.md").read_text()
    listed = {name: digest for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M)}
    present = {str(p.relative_to(VENDOR)) for p in VENDOR.rglob("*") if p.is_file() and p.name != "README.md"}
    assert set(listed) == present
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_the_built_bootstrap_keeps_its_licence_line():
    head = (VENDOR / "bootstrap-5.3.9" / "bootstrap.mend.min.css").read_text(encoding="utf-8-sig")[:200]
    assert "Bootstrap  v5.3.9" in head and "Licensed under MIT" in head

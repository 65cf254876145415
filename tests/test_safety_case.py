"""docs/safety-case.md ties each control to the tests that prove it: every
test it names must exist, so that a renamed or deleted test fails here."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "docs" / "safety-case.md"
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def functions_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_test_the_safety_case_names_exists():
    named = NAMED.findall(CASE.read_text())
    assert len(named) >= 30, "the hazard log names too few tests"
    missing = [
        f"{path}::{name}" for path, name in named if not (ROOT / path).exists() or name not in functions_in(ROOT / path)
    ]
    assert missing == []


def test_every_hazard_has_a_cause_an_effect_controls_and_tests():
    text = CASE.read_text()
    hazards = re.split(r"^### ", text, flags=re.M)[1:]
    assert len(hazards) >= 8
    for hazard in hazards:
        title = hazard.splitlines()[0]
        for part in ("**Cause**", "**Effect**", "**Controls**", "**Tests**", "**Residual**"):
            assert part in hazard, f"{title}: no {part}"
        assert NAMED.search(hazard), f"{title}: names no test"

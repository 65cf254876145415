"""The layers and areas of docs/architecture.md, read from the code's own
imports: no import runs from a lower layer to a higher one, nor from an area
(a folder of checkin/) to one above it, so that the areas form no circle; no
module imports another area's views; the pure modules import no Django; and
no two modules import each other, however indirectly."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKIN = ROOT / "checkin"

# Layer 0: plain Python over plain data: all of checkin/domain/, and these.
PURE_ELSEWHERE = {
    "checkin.core.charts",
    "checkin.core.dates",
    "checkin.insights.detecting",
    "checkin.insights.detectors",
    "checkin.insights.patterns",
    "checkin.insights.safety_detectors",
    "checkin.insights.sentences",
    "checkin.insights.stats",
    "checkin.insights.totals",
    "checkin.insights.totals_sql",
    "checkin.insights.trends",
    "checkin.questionnaires.progress",
    "checkin.questionnaires.schedule",
    "checkin.reminders.calendar",
    "checkin.reminders.keys",
    "checkin.reminders.schedule",
    "checkin.safety.home",
    "checkin.safety.phone_numbers",
    "checkin.safety.signals",
    "checkin.safety.wording",
}
PURE_LAYER, MODELS, SHARED, FEATURES, TOP = range(5)
LAYER_NAMES = ("pure", "models", "shared", "features", "views and wiring")
# Every area (folder of checkin/), lowest first: a module may import its own
# area and the ones before it. access.py stands with core/; urls.py, admin.py
# and apps.py, which gather every area, stand above them all.
AREA_ORDER = (
    "domain",
    "models",
    "core",
    "safety",
    "questionnaires",
    "medicines",
    "reminders",
    "insights",
    "guidance",
    "daily",
    "pwa",
    "sharing",
    "interop",
    "accounts",
    "web",
    "templatetags",
    "management",
    "wiring",
)
VIEW_MODULES = {"views", "api", "urls", "admin"}


def modules() -> dict[str, Path]:
    found = {}
    for path in CHECKIN.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def resolve(name: str) -> str | None:
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name if name in MODULES else None


def imports(name: str) -> set[str]:
    """The checkin modules ``name`` imports, anywhere in its body."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            found |= {resolve(alias.name) for alias in node.names if alias.name.startswith("checkin")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("checkin"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else resolve(node.module))
    return found - {None, name, "checkin"}


GRAPH = {name: imports(name) for name in MODULES}
PURE = PURE_ELSEWHERE | {name for name in MODULES if name.startswith("checkin.domain.")}


def area(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 else ""


def place(name: str) -> int:
    """The module's area's place in AREA_ORDER."""
    first = name.split(".")[1]
    if first == "access":
        first = "core"
    return AREA_ORDER.index(first if first in AREA_ORDER else "wiring")


def is_views(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last in VIEW_MODULES or last.endswith("_views")


def layer(name: str) -> int:
    if name in PURE:
        return PURE_LAYER
    if name.startswith("checkin.models"):
        return MODELS
    if name.startswith("checkin.core") or name == "checkin.access":
        return SHARED
    if is_views(name) or area(name) in ("templatetags", "management", "") or name.count(".") == 1:
        return TOP
    return FEATURES


def test_every_module_has_a_layer_and_every_area_a_place():
    assert len(MODULES) > 80
    folders = {name.split(".")[1] for name, path in MODULES.items() if path.parent != CHECKIN}
    assert folders <= set(AREA_ORDER), folders - set(AREA_ORDER)
    assert PURE_ELSEWHERE <= set(MODULES), PURE_ELSEWHERE - set(MODULES)


def test_no_import_runs_from_a_lower_layer_to_a_higher_one():
    upward = [
        f"{a} ({LAYER_NAMES[layer(a)]}) -> {b} ({LAYER_NAMES[layer(b)]})"
        for a, targets in GRAPH.items()
        for b in targets
        if layer(b) > layer(a)
    ]
    assert upward == []


def test_an_area_uses_only_itself_and_the_areas_below_it():
    upward = [
        f"{a} ({AREA_ORDER[place(a)]}) -> {b} ({AREA_ORDER[place(b)]})"
        for a, targets in GRAPH.items()
        for b in targets
        if place(b) > place(a)
    ]
    assert upward == []


def test_no_module_imports_another_areas_views():
    # Only the project's own URL list and admin site gather every area's.
    wiring = {"checkin.urls", "checkin.admin"}
    wrong = [
        f"{a} -> {b}"
        for a, targets in GRAPH.items()
        for b in targets
        if is_views(b) and area(a) != area(b) and a not in wiring
    ]
    assert wrong == []


def test_the_pure_modules_import_no_django():
    wrong = []
    for name in PURE:
        for node in ast.walk(ast.parse(MODULES[name].read_text())):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [module or ""]
            wrong += [f"{name} imports {n}" for n in names if n.split(".")[0] == "django"]
    assert wrong == []


def test_no_two_modules_import_each_other_however_indirectly():
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                on_stack.discard(member)
                group.append(member)
            on_stack.discard(node)
            if group:
                cycles.append(sorted([node, *group]))

    for node in GRAPH:
        if node not in index:
            visit(node)
    assert cycles == []

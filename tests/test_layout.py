"""The code's layout stays findable: areas rather than more modules at the
top of checkin/, and files small enough to read in one sitting."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKIN = ROOT / "checkin"

# Django's own files and the one gate for patient data; everything else lives in an area.
TOP_MODULES = {"__init__.py", "access.py", "admin.py", "apps.py", "urls.py"}
MAX_MODULE_LINES = 400
MAX_SCRIPT_LINES = 150


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_checkin_holds_only_areas_besides_djangos_own_modules_and_the_access_gate():
    assert {p.name for p in CHECKIN.glob("*.py")} == TOP_MODULES


def test_no_python_module_is_over_400_lines():
    modules = [p for p in CHECKIN.rglob("*.py") if "migrations" not in p.parts]
    assert len(modules) > 50
    assert [(str(p.relative_to(ROOT)), lines(p)) for p in modules if lines(p) > MAX_MODULE_LINES] == []


def test_no_script_of_mends_own_is_over_150_lines():
    # The service worker is a template (checkin/pwa/views.py fills in its config), and a script all the same.
    scripts = [*(ROOT / "static" / "js").rglob("*.js"), ROOT / "templates" / "pwa" / "serviceworker.js"]
    assert len(scripts) > 15
    assert [(str(p.relative_to(ROOT)), lines(p)) for p in scripts if lines(p) > MAX_SCRIPT_LINES] == []

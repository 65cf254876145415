"""Work done once when the app server starts rather than on first requests."""

from pathlib import Path

from django.template import TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs


def compile_templates() -> int:
    """Load every template the Django engine can find into its cached loader;
    returns how many. A template that does not compile on its own (none
    should) is left for its first request to report."""
    count = 0
    for engine in engines.all():
        django_engine = getattr(engine, "engine", None)
        if django_engine is None:
            continue
        directories = [*django_engine.dirs, *(get_app_template_dirs("templates") if django_engine.app_dirs else ())]
        for directory in map(Path, directories):
            for path in directory.rglob("*"):
                if path.is_file() and path.suffix in {".html", ".txt", ".json", ".js", ".xml"}:
                    try:
                        django_engine.get_template(path.relative_to(directory).as_posix())
                        count += 1
                    except (TemplateSyntaxError, UnicodeDecodeError):
                        pass
    return count

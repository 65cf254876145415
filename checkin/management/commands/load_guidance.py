"""Load the shipped guidance: sources, pages, the default pattern rules, crisis lines and questionnaire schedules.

Idempotent: a second run changes nothing. Admin work is kept: a page an
admin has saved, and any source or rule that already exists, is left alone
unless --force is given, which resets them to the shipped content.
"""

import datetime
import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor

from checkin.insights.patterns import REGISTRY
from checkin.insights.rules import DEFAULT_RULES
from checkin.models import CrisisLine, GuidancePage, PatternRule, QuestionnaireSchedule, Source
from checkin.questionnaires.schedule import DEFAULT_SCHEDULES
from checkin.safety import lines as crisis

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
PAGE_FIELDS = ("slug", "title", "summary", "topic", "order", "sources")
SOURCE_FIELDS = ("title", "publisher", "url", "published", "trust")


def parse_page(path: Path) -> dict:
    """Read one guidance file: front matter of ``key: value`` lines between two
    ``---`` lines (python-markdown's meta extension reads it), then Markdown.

    ``order`` is a whole number and ``sources`` a JSON list of source keys.
    Raises CommandError naming the file and what is wrong.
    """
    text = path.read_text(encoding="utf-8")
    head, end, body = text.removeprefix("---\n").partition("\n---\n")
    if not text.startswith("---\n") or not end:
        raise CommandError(f"{path.name}: must start with front matter between two '---' lines")
    reader = Markdown()
    left = [line for line in MetaPreprocessor(reader).run(head.split("\n")) if line.strip()]
    if left:
        raise CommandError(f"{path.name}: front matter line {left[0]!r} is not 'key: value'")
    meta = {key: " ".join(values) for key, values in reader.Meta.items()}
    missing = [name for name in PAGE_FIELDS if not meta.get(name)]
    if missing:
        raise CommandError(f"{path.name}: front matter needs {', '.join(missing)}")
    if meta["slug"] != path.stem:
        raise CommandError(f"{path.name}: slug {meta['slug']!r} must match the file name")
    try:
        meta["order"] = int(meta["order"])
        meta["sources"] = json.loads(meta["sources"])
    except ValueError as error:
        raise CommandError(f'{path.name}: order must be a whole number and sources a list like ["001"] ({error})')
    if not meta["sources"] or not all(isinstance(key, str) for key in meta["sources"]):
        raise CommandError(f"{path.name}: sources must list at least one source key")
    meta["body"] = body.strip() + "\n"
    return meta


def read_sources(path: Path) -> list[dict]:
    """The shipped sources, dates parsed."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        row["published"] = datetime.date.fromisoformat(row["published"]) if row.get("published") else None
    return rows


class Tally(Counter):
    """Counts what a run did, by (kind, outcome), for the summary lines."""

    def add(self, kind: str, outcome: str):
        self[kind, outcome] += 1

    def lines(self):
        for kind in dict.fromkeys(kind for kind, _ in self):
            yield f"{kind}: " + ", ".join(f"{n} {outcome}" for (k, outcome), n in self.items() if k == kind)


def _differs(obj, values: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


class Command(BaseCommand):
    help = "Load the shipped guidance pages, their sources and the default pattern rules (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite pages, sources and rules an admin has changed with the shipped content.",
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        tally = Tally()
        sources = self._load_sources(force, tally)
        pages = self._load_pages(sources, force, tally)
        self._load_rules(pages, force, tally)
        self._load_lines(force, tally)
        self._load_schedules(force, tally)
        for line in tally.lines():
            self.stdout.write(line)
        if not force and tally["pages", "kept (edited by an admin)"]:
            self.stdout.write("Run with --force to replace admin edits with the shipped pages.")

    def _load_sources(self, force: bool, tally: Tally) -> dict[str, Source]:
        by_key = {source.key: source for source in Source.objects.all()}
        for row in read_sources(CONTENT_DIR / "sources.json"):
            values = {name: row.get(name) or "" for name in SOURCE_FIELDS}
            values["published"] = row["published"]
            source = by_key.get(row["key"])
            if source is None:
                by_key[row["key"]] = Source.objects.create(key=row["key"], **values)
                tally.add("sources", "created")
            elif force and _differs(source, values):
                for name, value in values.items():
                    setattr(source, name, value)
                source.save()
                tally.add("sources", "updated")
            else:
                tally.add("sources", "unchanged")
        return by_key

    def _load_pages(self, sources: dict[str, Source], force: bool, tally: Tally) -> dict[str, GuidancePage]:
        existing = {page.slug: page for page in GuidancePage.objects.prefetch_related("sources")}
        for path in sorted((CONTENT_DIR / "guidance").glob("*.md")):
            meta = parse_page(path)
            unknown = [key for key in meta["sources"] if key not in sources]
            if unknown:
                raise CommandError(f"{path.name}: unknown source key(s) {', '.join(unknown)}")
            cited = [sources[key] for key in meta["sources"]]
            values = {name: meta[name] for name in ("title", "summary", "topic", "order", "body")}
            page = existing.get(meta["slug"])
            if page is None:
                page = GuidancePage.objects.create(slug=meta["slug"], **values)
                page.sources.set(cited)
                existing[page.slug] = page
                tally.add("pages", "created")
                continue
            if page.edited_by_admin and not force:
                tally.add("pages", "kept (edited by an admin)")
                continue
            same_sources = {s.key for s in page.sources.all()} == set(meta["sources"])
            if not _differs(page, values) and same_sources and not page.edited_by_admin:
                tally.add("pages", "unchanged")
                continue
            for name, value in values.items():
                setattr(page, name, value)
            page.edited_by_admin = False
            page.save()
            page.sources.set(cited)
            tally.add("pages", "updated")
        return existing

    def _load_rules(self, pages: dict[str, GuidancePage], force: bool, tally: Tally):
        missing = sorted(set(REGISTRY) - set(DEFAULT_RULES))
        if missing:
            raise CommandError(f"no default rule for detector(s): {', '.join(missing)}")
        rules = {rule.detector: rule for rule in PatternRule.objects.prefetch_related("guidance")}
        for detector, default in DEFAULT_RULES.items():
            unknown = [slug for slug in default["guidance"] if slug not in pages]
            if unknown:
                raise CommandError(f"rule {detector}: no guidance page {', '.join(unknown)}")
            linked = [pages[slug] for slug in default["guidance"]]
            values = {
                "enabled": True,
                "params": {},
                "title": default["title"],
                # The warning-signs rule has none: its card speaks the triage's words.
                "message": default.get("message", ""),
                "severity": default["severity"],
            }
            rule = rules.get(detector)
            if rule is None:
                rule = PatternRule.objects.create(detector=detector, **values)
                rule.guidance.set(linked)
                tally.add("rules", "created")
                continue
            same_pages = {p.slug for p in rule.guidance.all()} == set(default["guidance"])
            if force and (_differs(rule, values) or not same_pages):
                for name, value in values.items():
                    setattr(rule, name, value)
                rule.save()
                rule.guidance.set(linked)
                tally.add("rules", "updated")
            else:
                tally.add("rules", "unchanged")

    def _load_lines(self, force: bool, tally: Tally):
        """The shipped crisis lines: missing ones are created; admins' edits kept unless forced."""
        existing = {(line.region, line.name): line for line in CrisisLine.objects.all()}
        for row in crisis.shipped():
            values = {
                field: row.get(field, CrisisLine._meta.get_field(field).get_default())
                for field in crisis.FIELDS
                if field not in ("region", "name")
            }
            line = existing.get((row["region"], row["name"]))
            if line is None:
                CrisisLine.objects.create(region=row["region"], name=row["name"], **values)
                tally.add("crisis lines", "created")
            elif force and _differs(line, values):
                for name, value in values.items():
                    setattr(line, name, value)
                line.full_clean()
                line.save()
                tally.add("crisis lines", "updated")
            else:
                tally.add("crisis lines", "unchanged")

    def _load_schedules(self, force: bool, tally: Tally):
        """The default questionnaire schedules, as rows admins can edit; edits kept unless forced."""
        for instrument, every_days in DEFAULT_SCHEDULES.items():
            row, created = QuestionnaireSchedule.objects.get_or_create(
                instrument=instrument, defaults={"every_days": every_days}
            )
            if created:
                tally.add("questionnaire schedules", "created")
            elif force and (row.every_days, row.enabled) != (every_days, True):
                row.every_days, row.enabled = every_days, True
                row.save()
                tally.add("questionnaire schedules", "updated")
            else:
                tally.add("questionnaire schedules", "unchanged")

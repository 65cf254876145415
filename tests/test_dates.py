"""Dates are written one way: the pure functions of checkin/core/dates.py
write exactly what Django writes with the named formats, and every template
names a format rather than spelling one out."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import dateformat, timezone

from checkin.core import dates

ROOT = Path(__file__).resolve().parent.parent
DAYS = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(0, 400, 7)]


@pytest.mark.parametrize(
    ("function", "name"),
    [(dates.short_date, "short"), (dates.medium_date, "medium"), (dates.day_name, "day"), (dates.long_date, "long")],
)
def test_the_plain_python_forms_match_their_named_formats(function, name):
    for day in DAYS:
        assert function(day) == dateformat.format(day, dates.FORMATS[name])


def test_the_when_filter_writes_a_named_format_in_the_viewers_zone():
    moment = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.timezone.utc)
    with timezone.override("Asia/Tokyo"):  # as PatientTimeZoneMiddleware does for the viewer
        written = Template('{{ moment|when:"day_time" }}').render(Context({"moment": moment}))
        full = Template('{{ day|when:"full_time" }}').render(Context({"day": moment}))
    assert written == "Tuesday 8 December, 08:30" and full == "8 December 2026 at 08:30"


def test_no_template_spells_out_a_date_format_for_people():
    spelled = []
    for path in (ROOT / "templates").rglob("*.html"):
        for found in re.findall(r"\|date:['\"]([^'\"]*)['\"]", path.read_text()):
            if found != "Y-m-d":  # the machine form, for addresses and datetime attributes
                spelled.append(f"{path.relative_to(ROOT)}: {found}")
    assert spelled == []


def test_the_scripts_take_month_and_weekday_names_from_the_page():
    for script in ("static/js/trends.js", "static/js/pwa/app.js"):
        text = (ROOT / script).read_text()
        assert '"Jan"' not in text and "toLocaleDateString" not in text, script

"""Streaming CSV and JSON downloads of check-ins, in constant memory.

Rows are read from the database a chunk at a time (checkin/core/streaming.py) and
written out as they come, so ten years of check-ins never sit in memory.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

from checkin.core.streaming import in_chunks
from checkin.domain import answers
from checkin.domain.instruments import MOST_ITEMS
from checkin.questionnaires.responses import as_data as response_data
from checkin.safety import wording

# Oldest first, in an order that tells any two rows apart (read a chunk at a time).
CHECKIN_ORDER = ("date", "pk")
RESPONSE_ORDER = ("date", "instrument", "pk")
# The spreadsheet downloads: one table per file (?table=), so that any
# spreadsheet or pandas.read_csv reads it first time, with the same columns
# whatever the settings (a note not shared is an empty column, not a
# missing one). Each header names its scale or unit.
TABLES = ("checkins", "questionnaires", "signals")
CHECKIN_HEADERS = {
    "date": "date",
    "pain": "pain (0-10, 10 = worst)",
    "mood": "mood (0-10, 10 = best)",
    "sleep_hours": "sleep (hours)",
    "sleep_quality": "sleep quality (1-5, 5 = best)",
    "exercise_minutes": "activity (minutes)",
    "exercise_kind": "kind of activity",
    "symptoms": "warning signs (separated by ;)",
    "self_harm": "thoughts of self-harm (PHQ-9 item 9, 0-3: not at all, several days, more than half, nearly every day)",
    "note": "note (empty unless shared)",
}
RESPONSE_HEADERS = {
    "instrument": "questionnaire",
    "version": "version",
    "date": "date",
    "score": "score",
    "high": "highest possible score",
    "band": "band",
    **{f"item{n}": f"item {n}" for n in range(1, MOST_ITEMS + 1)},
    "scale": "item answers",
    "difficulty": "how difficult (0-3, not scored)",
}
# What an item's number means, by questionnaire.
ITEM_SCALES = {
    True: "0-10 (PEG)",  # the PEG's items: instrument.mean
    False: "0-3: not at all, several days, more than half the days, nearly every day",
}
# The safety signals' table (checkin/safety/wording.py: record).
SIGNAL_COLUMNS = ("signal", "level", "words", "days", "first", "last", "detail")
# So that Excel reads the file as UTF-8 (accents in a name or a note).
BOM = "\ufeff"
# Spreadsheets run a cell starting with one of these as a formula; a note
# such as "=HYPERLINK(...)" must stay text (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would otherwise run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


def _checkin_rows(checkins, include_notes: bool):
    yield list(CHECKIN_HEADERS.values())
    for checkin in in_chunks(checkins, CHECKIN_ORDER):
        record = answers.as_data(checkin, include_note=include_notes)
        record["symptoms"] = ";".join(record["symptoms"])
        record["note"] = spreadsheet_safe(record.get("note", ""))
        yield ["" if record[column] is None else record[column] for column in CHECKIN_HEADERS]


def _response_rows(responses):
    yield list(RESPONSE_HEADERS.values())
    for response in in_chunks(responses, RESPONSE_ORDER) if responses is not None else ():
        record = response_data(response)
        spec = response.spec
        record.update(high=spec.high, scale=ITEM_SCALES[spec.mean])
        yield ["" if record.get(column) is None else record.get(column, "") for column in RESPONSE_HEADERS]


def _signal_rows(signals):
    yield list(SIGNAL_COLUMNS)
    for signal in signals:
        record = wording.as_data(signal)
        yield [record[column] for column in SIGNAL_COLUMNS]


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Health data: never kept by a browser, proxy or service worker cache.
    response["Cache-Control"] = "no-store, private"
    return response


def table_asked(request) -> str:
    """The table a spreadsheet download asks for (?table=), the check-ins by default."""
    table = request.GET.get("table", "")
    return table if table in TABLES else TABLES[0]


def csv_response(table: str, stem: str, checkins, include_notes: bool, responses=None, signals=()):
    """Stream one table as CSV, oldest first: the check-ins (the note only when
    included), the questionnaire responses item by item, or the safety
    signals (checkin/safety/signals.py). ``stem`` names the file."""
    if table == "questionnaires":
        rows = _response_rows(responses)
    elif table == "signals":
        rows = _signal_rows(signals)
    else:
        rows = _checkin_rows(checkins, include_notes)
    return _attachment(
        StreamingHttpResponse(_lines(rows), content_type="text/csv; charset=utf-8"), f"{stem}-{table}.csv"
    )


def _lines(rows):
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow(row)


def _json_chunks(head: dict, checkins, tail: dict):
    # Hand-assembled so the check-ins can stream: {head..., "checkins": [...], tail...}
    dumps = DjangoJSONEncoder(ensure_ascii=False).encode
    yield dumps(head)[:-1] + (", " if head else "") + '"checkins": ['
    for n, checkin in enumerate(in_chunks(checkins, CHECKIN_ORDER)):
        yield ("," if n else "") + "\n  " + dumps(answers.as_data(checkin))
    yield "\n]"
    for key, value in tail.items():
        yield f", {json.dumps(key)}: {dumps(value)}"
    yield "}\n"


def json_response(head: dict, checkins, tail: dict, filename: str) -> StreamingHttpResponse:
    """Stream one JSON object: ``head``'s keys, then "checkins" (oldest first), then ``tail``'s keys."""
    chunks = _json_chunks(head, checkins, tail)
    return _attachment(StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8"), filename)

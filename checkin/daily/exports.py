"""Streaming CSV and JSON downloads of check-ins, in constant memory.

Rows are read from the database in chunks (``QuerySet.iterator``) and
written out as they come, so ten years of check-ins never sit in memory.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

from checkin.domain import answers
from checkin.domain.instruments import MOST_ITEMS
from checkin.questionnaires.responses import as_data as response_data
from checkin.safety import wording

CHUNK = 500
# The record's keys (checkin/domain/answers.py), the note last and only when shared.
CSV_COLUMNS = ("date", *(field for field in answers.ANSWER_FIELDS if field != "note"))
# The questionnaires' table: the record's keys, every item any instrument has.
RESPONSE_COLUMNS = (
    "instrument",
    "version",
    "date",
    "score",
    "band",
    *(f"item{n}" for n in range(1, MOST_ITEMS + 1)),
    "difficulty",
)
# The safety signals' table (checkin/safety/wording.py: record).
SIGNAL_COLUMNS = ("signal", "level", "words", "days", "first", "last", "detail")
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


def _csv_lines(checkins, include_notes: bool, responses, signals):
    writer = csv.writer(_Echo())
    columns = CSV_COLUMNS + (("note",) if include_notes else ())
    yield writer.writerow(columns)
    for checkin in checkins.iterator(chunk_size=CHUNK):
        record = answers.as_data(checkin, include_note=include_notes)
        record["symptoms"] = ";".join(record["symptoms"])
        if include_notes:
            record["note"] = spreadsheet_safe(record["note"])
        yield writer.writerow([record[column] for column in columns])
    # Questionnaires, if any, as a second table after a blank line: its own
    # header, one row per response, item by item.
    for n, response in enumerate(responses.iterator(chunk_size=CHUNK) if responses is not None else ()):
        if n == 0:
            yield writer.writerow([])
            yield writer.writerow(RESPONSE_COLUMNS)
        record = response_data(response)
        yield writer.writerow([record.get(column, "") for column in RESPONSE_COLUMNS])
    # The safety signals of the same days, if any, as a last table.
    if signals:
        yield writer.writerow([])
        yield writer.writerow(SIGNAL_COLUMNS)
        for signal in signals:
            record = wording.as_data(signal)
            yield writer.writerow([record[column] for column in SIGNAL_COLUMNS])


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Health data: never kept by a browser, proxy or service worker cache.
    response["Cache-Control"] = "no-store, private"
    return response


def csv_response(checkins, filename: str, include_notes: bool, responses=None, signals=()) -> StreamingHttpResponse:
    """Stream the check-ins (oldest first) as CSV, the note column only when
    included; then, when given, the questionnaire responses as a second table
    and the safety signals (checkin/safety/signals.py) as a third."""
    if responses is not None:
        responses = responses.order_by("date", "instrument")
    lines = _csv_lines(checkins.order_by("date"), include_notes, responses, signals)
    return _attachment(StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8"), filename)


def _json_chunks(head: dict, checkins, tail: dict):
    # Hand-assembled so the check-ins can stream: {head..., "checkins": [...], tail...}
    dumps = DjangoJSONEncoder(ensure_ascii=False).encode
    yield dumps(head)[:-1] + (", " if head else "") + '"checkins": ['
    for n, checkin in enumerate(checkins.iterator(chunk_size=CHUNK)):
        yield ("," if n else "") + "\n  " + dumps(answers.as_data(checkin))
    yield "\n]"
    for key, value in tail.items():
        yield f", {json.dumps(key)}: {dumps(value)}"
    yield "}\n"


def json_response(head: dict, checkins, tail: dict, filename: str) -> StreamingHttpResponse:
    """Stream one JSON object: ``head``'s keys, then "checkins" (oldest first), then ``tail``'s keys."""
    chunks = _json_chunks(head, checkins.order_by("date"), tail)
    return _attachment(StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8"), filename)

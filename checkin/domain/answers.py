"""A check-in's answers, defined once.

``ANSWER_FIELDS`` names them (the model's, the form's, the API's and the
exports' field names are these); ``RANGES`` says what each number may be.
The database's check constraints, the form's fields and every error message
that names a range are built from this table, so a range is never typed
twice. The offline queue in the browser reads the names from the form
itself. Pure data: no Django.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    """The whole numbers (or half hours) one answer may be."""

    field: str
    word: str  # how messages name it: "Sleep: hours must be from 0 to 24."
    low: int
    high: int
    constraint: str  # the database check's name (stored in migrations: never rename)

    @property
    def span(self) -> str:
        return f"from {self.low} to {self.high}"


RANGES = {
    r.field: r
    for r in (
        Range("pain", "Pain", 0, 10, "checkin_pain_0_10"),
        Range("mood", "Mood", 0, 10, "checkin_mood_0_10"),
        Range("sleep_hours", "Sleep", 0, 24, "checkin_sleep_0_24"),
        Range("sleep_quality", "Sleep quality", 1, 5, "checkin_sleep_quality_1_5"),
        Range("exercise_minutes", "Activity", 0, 1440, "checkin_exercise_0_1440"),
        # PHQ-9 item 9 asked on its own (checkin/safety/signals.py: should_ask), 0-3.
        Range("self_harm", "Thoughts of self-harm", 0, 3, "checkin_self_harm_0_3"),
    )
}

# Every answer, in the order forms, records and exports list them.
ANSWER_FIELDS = (
    "pain",
    "mood",
    "sleep_hours",
    "sleep_quality",
    "exercise_minutes",
    "exercise_kind",
    "symptoms",
    "note",
    "self_harm",
)
# What a bad-day check-in leaves out (pain and mood only): all given, or none.
REST_FIELDS = ("sleep_hours", "sleep_quality", "exercise_minutes", "exercise_kind")
# What "Same as yesterday" copies: the numbers and the kind of activity, not
# warning signs or the note, which belong to their own day.
COPYABLE_FIELDS = ANSWER_FIELDS[:6]


def as_data(checkin, include_note: bool = True) -> dict:
    """One check-in as plain JSON-friendly data: what the API answers and the
    exports write, the same for both."""
    values = {
        "date": checkin.date.isoformat(),
        **{field: getattr(checkin, field) for field in ANSWER_FIELDS if field != "note" or include_note},
    }
    if values["sleep_hours"] is not None:  # None on a bad-day check-in
        values["sleep_hours"] = float(values["sleep_hours"])
    values["symptoms"] = list(values["symptoms"])
    return values

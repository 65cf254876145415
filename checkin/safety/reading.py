"""Reading safety signals from the database, for one patient or a page of them.

The callers pass querysets already limited to what the viewer may see
(``checkin/access.py``); this module only turns their rows into
``signals.Signal`` lists, in a fixed number of queries.
"""

import datetime
from collections import defaultdict

from checkin.models import SignalReview
from checkin.safety import signals
from checkin.safety.signals import Measure

# A run of very low mood needs the check-ins just before a range.
RUN_CONTEXT_DAYS = 14


def _measure(instrument, date, score, answers, self_harm) -> Measure:
    item9 = answers.get("item9") if instrument == "phq9" and isinstance(answers, dict) else None
    return Measure(instrument, date, None if score is None else float(score), item9, self_harm)


def measures_of(rows) -> list[Measure]:
    """Questionnaire responses already read (model rows) as ``Measure``s: no query."""
    return [_measure(r.instrument, r.date, r.score, r.answers, r.self_harm) for r in rows]


def measures_by_patient(responses) -> dict[int, list[Measure]]:
    """The questionnaires of ``responses`` as ``Measure``s, by patient id: one query."""
    found = defaultdict(list)
    for patient_id, *row in responses.order_by("date").values_list(
        "patient_id", "instrument", "date", "score", "answers", "self_harm"
    ):
        found[patient_id].append(_measure(*row))
    return found


def read(checkins, responses, start: datetime.date | None, end: datetime.date) -> list[signals.Signal]:
    """One patient's signals from ``start`` (None: from the first) to ``end``: two queries."""
    found = read_many(checkins, responses, start, end)
    return next(iter(found.values()), [])


def read_many(checkins, responses, start, end) -> dict[int, list[signals.Signal]]:
    """Signals by patient id for every patient in ``checkins`` and ``responses``: two queries."""
    window = {"date__lte": end}
    if start is not None:
        window["date__gte"] = start - datetime.timedelta(days=RUN_CONTEXT_DAYS)
    return collect_many(
        checkins.filter(**window).days_by_patient(), measures_by_patient(responses.filter(**window)), start, end
    )


def collect_many(days: dict, measures: dict, start, end) -> dict[int, list[signals.Signal]]:
    """``signals.collect`` for each patient of ``days`` and ``measures`` (by patient id), already read."""
    return {pid: signals.collect(days.get(pid, []), measures.get(pid, []), start, end) for pid in {*days, *measures}}


def own_measures(responses, today: datetime.date) -> list[Measure]:
    """One patient's questionnaires of the last ``ASK_WITHIN_DAYS``, as home reads them: one query."""
    since = today - datetime.timedelta(days=signals.ASK_WITHIN_DAYS)
    return next(iter(measures_by_patient(responses.filter(date__gte=since, date__lte=today)).values()), [])


def ask_self_harm(checkins, responses, today: datetime.date) -> bool:
    """Whether today's check-in asks the direct question (signals.should_ask),
    from one patient's check-ins and questionnaires: two queries."""
    since = today - datetime.timedelta(days=signals.ASK_WITHIN_DAYS)
    days = checkins.filter(date__gte=since, date__lt=today).days()
    measures = measures_by_patient(responses.filter(date__gte=since, date__lte=today))
    return signals.should_ask(days, next(iter(measures.values()), []), today)


def latest_reviews(patient_ids) -> dict[int, SignalReview]:
    """Each patient's latest review (the furthest day seen through): one query."""
    latest = {}
    for review in (
        SignalReview.objects.filter(patient_id__in=list(patient_ids))
        .select_related("clinician")
        .order_by("seen_through", "seen_at")
    ):
        latest[review.patient_id] = review  # oldest first: the latest stays
    return latest


def recent_window(today: datetime.date) -> datetime.date:
    """The first day whose signals can still be unseen on ``today``."""
    return today - datetime.timedelta(days=signals.KEEP_DAYS - 1)

"""Reading and storing a patient's questionnaire responses (the Django side of the area)."""

import datetime

from checkin import access
from checkin.domain.instruments import INSTRUMENTS
from checkin.models import GuidancePage, QuestionnaireResponse, QuestionnaireSchedule
from checkin.questionnaires import progress, schedule


def schedules() -> dict[str, int]:
    """The enabled schedules, in the instruments' order: {slug: every_days}.
    An admin's row wins; an instrument without one keeps its default."""
    rows = {
        slug: (every, enabled)
        for slug, every, enabled in QuestionnaireSchedule.objects.values_list("instrument", "every_days", "enabled")
    }
    every = {slug: (days, True) for slug, days in schedule.DEFAULT_SCHEDULES.items()} | rows
    return {slug: every[slug][0] for slug in INSTRUMENTS if slug in every and every[slug][1]}


def due_today(patient, today: datetime.date) -> list[tuple]:
    """The instruments due for ``patient`` today, those a clinician asked for
    first: [(instrument, the open request or None), ...] (three queries,
    whatever their history)."""
    every = schedules()
    asked = {request.instrument: request for request in access.own_requests(patient)}
    since = min(
        [today - datetime.timedelta(days=schedule.window_days(every))]
        + [request.asked_on - datetime.timedelta(days=request.every_days or 1) for request in asked.values()]
    )
    recent = list(access.own_responses(patient).filter(date__gt=since).values_list("instrument", "date", "score"))
    wanted = [(r.instrument, r.asked_on, r.every_days) for r in asked.values()]
    slugs = schedule.asked_due(wanted, recent, today)
    slugs += [slug for slug in schedule.due(every, recent, today) if slug not in slugs]
    return [(INSTRUMENTS[slug], asked.get(slug)) for slug in slugs]


def save(patient, instrument, day: datetime.date, values: dict) -> QuestionnaireResponse:
    """Stores the day's response to ``instrument``, replacing an earlier one of the same day."""
    response, _created = QuestionnaireResponse.objects.update_or_create(
        patient=patient, instrument=instrument.slug, date=day, defaults=values
    )
    return response


def as_data(response) -> dict:
    """One response as plain data: what the API answers and the exports write."""
    return {
        "instrument": response.instrument,
        "version": response.version,
        "date": response.date.isoformat(),
        **response.answers,
        **({"difficulty": response.difficulty} if response.spec.difficulty else {}),
        "score": float(response.score) if response.spec.mean else int(response.score),
        "band": response.band,
    }


def with_pages(findings) -> list[tuple]:
    """Each score finding with its published guidance pages (one query for all)."""
    slugs = {slug for finding in findings for slug in finding.pages}
    pages = {p.slug: p for p in GuidancePage.objects.published().filter(slug__in=slugs)} if slugs else {}
    return [(finding, [pages[slug] for slug in finding.pages if slug in pages]) for finding in findings]


def scores_context(rows, start: datetime.date, end: datetime.date, series: dict | None = None) -> dict:
    """The scores part of the trends page, the clinician's page and the report.

    ``rows`` are one patient's responses (access-checked by the caller), read
    in one query up to ``end``: the change since the first response needs the
    first. Each instrument answered in ``start``..``end`` gets a chart; the PEG
    chart carries the daily pain's rolling average from the trends ``series``.
    """
    answered = list(rows.filter(date__lte=end).only("instrument", "date", "score", "band", "self_harm", "answers"))
    progresses = progress.progress(answered)
    pain = []
    if series and "pain_avg" in series:
        pain = [
            (datetime.date.fromisoformat(day), value)
            for day, value in zip(series["dates"], series["pain_avg"])
            if value is not None
        ]
    charts = [
        (p, progress.chart(p, start, end, pain if p.instrument.slug == "peg" else ()))
        for p in progresses
        if any(start <= r.date <= end for r in p.responses)
    ]
    return {
        "progress": progresses,
        "charts": charts,
        "findings": with_pages(progress.findings(progresses)),
        "answered": answered,  # for the safety signals, read once
    }

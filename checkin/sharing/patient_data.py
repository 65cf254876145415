"""One patient read through an opened share: the cards, safety signals and
questionnaire scores the clinician's page, the report and the downloads show."""

import datetime

from django.db.models import Max

from checkin import access
from checkin.insights.cards import SAME_AS_INSIGHT, cards_for, lookback_days
from checkin.insights.rules import load_rules
from checkin.questionnaires import responses
from checkin.safety import reading, signals
from checkin.sharing.patient_list import for_clinician


def cards_context(checkins, end: datetime.date, trends: dict) -> dict:
    """The patient's cards as of ``end``, and how many days up to it they cover;
    a finding the page's insights already state is left to the insight."""
    rules = load_rules()
    days = lookback_days(rules)
    rows = checkins.between(end - datetime.timedelta(days=days - 1), end)
    stated = {insight["kind"] for insight in trends["insights"]}
    # Safety cards are left to the safety signals, which stay until seen.
    cards = [
        card
        for card in cards_for(rows, end, rules)
        if not card.is_safety and SAME_AS_INSIGHT.get(card.detector) not in stated
    ]
    return {"cards": for_clinician(cards), "pattern_days": days}


def signals_between(clinician, share, start, end) -> list:
    """The patient's safety signals from ``start`` to ``end``, read through the opened share."""
    return reading.read(access.shared_checkins(clinician, share), access.shared_responses(clinician, share), start, end)


def signal_context(clinician, share, today) -> dict:
    """The last ``KEEP_DAYS`` of safety signals, which of them no clinician has
    marked seen, and the latest review."""
    found = signals_between(clinician, share, reading.recent_window(today), today)
    review = reading.latest_reviews([share.patient_id]).get(share.patient_id)
    return {
        "signals": found,
        "unseen": signals.unseen(found, review and review.seen_through, today),
        "review": review,
        "keep_days": signals.KEEP_DAYS,
    }


def scores_context(clinician, share, trends) -> dict:
    return responses.scores_context(
        access.shared_responses(clinician, share), trends["range_start"], trends["end"], trends["series"]
    )


def requests_context(clinician, share) -> list:
    """The questionnaires asked of the patient through ``share``, newest first,
    each with the day it was last answered (``answered_on``, or None)."""
    asked = list(access.shared_requests(clinician, share)[:20])
    if asked:
        last = dict(
            access.shared_responses(clinician, share)
            .filter(instrument__in={a.instrument for a in asked})
            .values_list("instrument")
            .annotate(last=Max("date"))
        )
        for a in asked:
            answered = last.get(a.instrument)
            # Only an answer since it was asked answers the request.
            a.answered_on = answered if answered and answered >= a.asked_on else None
    return asked

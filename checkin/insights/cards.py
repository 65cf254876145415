"""What Mend noticed: pattern findings turned into cards linked to guidance.

``cards_for(rows, today)`` is the one entry point, shared by the patient's home
page and the clinician's read-only view of a patient. It takes check-ins
(model rows or plain ``days.Day`` objects) that the caller has already
fetched through ``checkin/access.py``, runs the detectors in
``checkin/insights/patterns.py`` with the admin-edited ``PatternRule`` settings, and
returns cards, urgent first.

Safety is not configurable away: the detectors in ``SAFETY_DETECTORS`` always
run, their cards are always urgent and always link "Get help now" (/help/),
even if an admin disabled their rule, unlinked its pages or deleted it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.urls import reverse

from checkin.domain.days import Day
from checkin.insights.patterns import (
    REGISTRY,
    SAFETY_DETECTORS,
    Finding,
    detect,
    validate_params,
)
from checkin.insights.rules import DEFAULT_RULES, load_rules
from checkin.models import PatternRule, Severity
from checkin.models.guidance import SEEK_HELP_SLUG

logger = logging.getLogger(__name__)

# Detectors that say what a trends insight of this kind already says: a page
# showing the insights (the clinician's) shows those findings once, as insights.
# One number per idea: the insight covers the page's whole range.
SAME_AS_INSIGHT = {
    "pain_mood_linked": "pain_mood",
    "short_sleep_pain": "short_sleep_pain",
    "exercise_helps": "exercise",
}

SEVERITY_RANK = {Severity.URGENT: 0, Severity.ATTENTION: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Card:
    """One thing Mend noticed, ready to show.

    ``evidence`` is the finding's plain-words summary ("pain 7 or more on 4
    days running (18–21 Nov)"); ``pages`` are published guidance pages with
    ``title``, ``summary`` and ``get_absolute_url()``. Safety cards also
    carry ``help_url`` and ``help_title``: the "seek help now" page, or the
    built-in help page if that guidance page is gone.
    """

    detector: str
    title: str
    message: str
    severity: str
    evidence: str
    finding: Finding
    pages: tuple = ()
    is_safety: bool = False
    help_url: str = ""
    help_title: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_WORDS.get(self.severity, SEVERITY_WORDS[Severity.INFO])


# What the patient reads next to each card: plain words, not a triage level.
SEVERITY_WORDS = {
    Severity.URGENT: "Needs attention today",
    Severity.ATTENTION: "Worth a look",
    Severity.INFO: "Good to know",
}


class Cards(list):
    """The cards, urgent first, plus the two groups templates show apart."""

    @property
    def safety(self) -> list[Card]:
        """Red-flag and very-low-mood cards: shown at the top, with crisis resources."""
        return [card for card in self if card.is_safety]

    @property
    def urgent(self) -> list[Card]:
        """Other cards a rule marks urgent: in full, before "Last 7 days"."""
        return [card for card in self if not card.is_safety and card.severity == Severity.URGENT]

    @property
    def patterns(self) -> list[Card]:
        """Every other card, for "What Mend noticed" (one line each)."""
        return [card for card in self if not card.is_safety and card.severity != Severity.URGENT]


def _as_days(rows: Iterable) -> list[Day]:
    return [row if isinstance(row, Day) else row.as_day() for row in rows]


def _usable_params(rule: PatternRule) -> dict | None:
    """The rule's settings, or None (the detector's defaults) if they are unusable.

    The admin validates settings, but a row edited elsewhere must not take
    the home page down: log it and fall back to the defaults.
    """
    try:
        validate_params(rule.detector, rule.params)
    except ValueError as error:
        logger.warning("Pattern rule %s has unusable settings (%s); using defaults", rule.detector, error)
        return None
    return rule.params


def _enabled(rules: dict[str, PatternRule]) -> list[str]:
    """The detectors the rules switch on (the safety ones run whatever this says)."""
    return [key for key, rule in rules.items() if rule.enabled and key in REGISTRY]


def lookback_days(rules: dict[str, PatternRule]) -> int:
    """How many days up to "today" ``cards_for()`` needs to be given for ``rules``
    (from ``load_rules()``): the widest window among the detectors that run,
    as admins have set it. Every detector looks only at its window.

    Reading exactly this many days keeps a widened window true to its words
    ("in the last 60 days"), and the clinician's list, which runs only the
    urgent rules, from reading a month per patient for three-day windows.
    """
    return max(window_of(key, rules) for key in {*_enabled(rules), *SAFETY_DETECTORS})


def window_of(key: str, rules: dict[str, PatternRule]) -> int:
    """How many days up to "today" detector ``key`` looks at, as its rule sets it."""
    rule = rules.get(key)
    # Unusable settings run as the defaults, as in cards_for().
    return validate_params(key, rule and _usable_params(rule))["window"]


def cards_for(rows: Iterable, today: date, rules: dict[str, PatternRule] | None = None) -> Cards:
    """Cards for what the detectors find in ``rows`` up to ``today``, urgent first.

    ``rows`` are CheckIn rows or ``days.Day`` objects, already limited to
    what the viewer may see; pass at least the last ``lookback_days(rules)``
    days. No request is involved. Queries: none when there are no rows,
    otherwise at most three, whatever the history size; with ``rules`` from
    ``load_rules()``, at most one.
    """
    days = _as_days(rows)
    if not days:
        return Cards()
    rules = load_rules() if rules is None else rules
    enabled = _enabled(rules)
    # A disabled safety rule still runs, so its (widen-only) settings still apply.
    tuned = set(enabled) | {key for key in SAFETY_DETECTORS if key in rules}
    params = {key: p for key in tuned if (p := _usable_params(rules[key])) is not None}
    findings = detect(days, today, params_by_key=params, keys=enabled)

    cards = [_card(finding, rules.get(finding.detector)) for finding in findings]
    if any(card.is_safety for card in cards):
        cards = _with_help_page(cards)
    order = {key: n for n, key in enumerate(REGISTRY)}
    # Safety first, then by severity; registry order breaks ties.
    cards.sort(key=lambda c: (not c.is_safety, SEVERITY_RANK.get(c.severity, len(SEVERITY_RANK)), order[c.detector]))
    return Cards(cards)


def _card(finding: Finding, rule: PatternRule | None) -> Card:
    is_safety = finding.detector in SAFETY_DETECTORS
    default = DEFAULT_RULES.get(finding.detector, {})
    title = rule.title if rule else default.get("title", REGISTRY[finding.detector].label)
    message = rule.message if rule else default.get("message", "")
    severity = Severity.URGENT if is_safety else (rule.severity if rule else Severity.INFO)
    pages = tuple(rule.published_pages) if rule else ()
    return Card(
        detector=finding.detector,
        title=title,
        message=message,
        severity=severity,
        evidence=finding.summary,
        finding=finding,
        pages=pages,
        is_safety=is_safety,
    )


def _with_help_page(cards: list[Card]) -> list[Card]:
    """Point every safety card at "Get help now" (/help/, the built-in page no
    admin can edit away, which also carries the "seek help now" guidance)."""
    help_url = reverse("help")
    result = []
    for card in cards:
        if card.is_safety:
            pages = tuple(page for page in card.pages if page.slug != SEEK_HELP_SLUG)
            card = replace(card, pages=pages, help_url=help_url, help_title="Get help now")
        result.append(card)
    return result

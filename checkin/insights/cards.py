"""What Mend noticed: pattern findings turned into cards linked to guidance.

``noticed(rows, today)`` is the one entry point, shared by the patient's home
page and the clinician's read-only view of a patient. It takes check-ins
(model rows or plain ``days.Day`` objects) that the caller has already
fetched through ``checkin/access.py``, runs the detectors in
``checkin/insights/patterns.py`` with the admin-edited ``PatternRule`` settings, and
returns cards, urgent first.

Safety is not configurable away: the detectors in ``SAFETY_DETECTORS`` always
run, their cards are always urgent and always link the "seek help now" page,
even if an admin disabled their rule, unlinked its pages or deleted it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse

from checkin.insights.days import Day
from checkin.insights.patterns import (
    REGISTRY,
    SAFETY_DETECTORS,
    Finding,
    detect,
    validate_params,
)
from checkin.models import GuidancePage, PatternRule, Severity

logger = logging.getLogger(__name__)

# The page every safety card links to, first, whatever the rules say.
SEEK_HELP_SLUG = "seek-help-now"

SEVERITY_RANK = {Severity.URGENT: 0, Severity.ATTENTION: 1, Severity.INFO: 2}

# The rules load_guidance creates: one per detector, enabled, each linked to
# the guidance that fits it. Admins tune and reword them in /admin/; the
# safety rules' wording here is also the fallback if their rows are missing.
DEFAULT_RULES = {
    "red_flag": {
        "title": "Please get these symptoms checked today",
        "message": (
            "You noted symptoms that, alongside back pain, need a clinician's advice soon. "
            "Please contact your doctor today. If they came on suddenly or are severe, "
            "call your emergency number or go to an emergency department."
        ),
        "severity": Severity.URGENT,
        "guidance": ["seek-help-now"],
    },
    "very_low_mood": {
        "title": "You have had a very low day",
        "message": (
            "Thank you for being honest about how you feel. You do not have to carry this alone: "
            "please talk to someone today. If you are thinking about harming yourself, "
            "call a crisis line or your emergency number now."
        ),
        "severity": Severity.URGENT,
        "guidance": ["seek-help-now", "staying-connected"],
    },
    "high_pain_streak": {
        "title": "Several high-pain days in a row",
        "message": (
            "A run of bad pain days is hard going. Gentle movement, relaxation and your physio's "
            "exercises may help; if the pain is severe or keeps getting worse, contact your clinician."
        ),
        "severity": Severity.ATTENTION,
        "guidance": ["physical-therapy", "mindfulness-relaxation"],
    },
    "low_mood_run": {
        "title": "Your mood has been low most days",
        "message": (
            "Low mood on most days for a couple of weeks is worth talking about with your clinician. "
            "Talking therapies and staying in touch with people may help."
        ),
        "severity": Severity.ATTENTION,
        "guidance": ["cbt-and-counselling", "staying-connected", "pain-mood-cycle"],
    },
    "pain_mood_linked": {
        "title": "Your pain and mood seem to move together",
        "message": (
            "On days with more pain, your mood has tended to be lower. This is common, and it means "
            "looking after one may help the other."
        ),
        "severity": Severity.INFO,
        "guidance": ["pain-mood-cycle", "brain-pain-mood"],
    },
    "short_sleep_pain": {
        "title": "More pain after short nights",
        "message": (
            "Your pain has tended to be higher after short nights. Calmer evenings and less stress "
            "before bed may help you sleep."
        ),
        "severity": Severity.INFO,
        "guidance": ["sleep-and-stress"],
    },
    "inactivity": {
        "title": "A quiet week for moving",
        "message": (
            "You have not logged any activity lately. Even a short, gentle walk counts; "
            "check with your clinician about what is safe for you."
        ),
        "severity": Severity.INFO,
        "guidance": ["staying-active"],
    },
    "exercise_helps": {
        "title": "Less pain on days you are active",
        "message": "Your pain has tended to be lower on days you moved. That is worth keeping up, at a pace that suits you.",
        "severity": Severity.INFO,
        "guidance": ["staying-active"],
    },
    "pain_rising": {
        "title": "Your pain has been creeping up",
        "message": (
            "Your pain has been slowly rising over the last few weeks. It is worth raising with your "
            "clinician before it builds further."
        ),
        "severity": Severity.ATTENTION,
        "guidance": ["physical-therapy", "medication-questions"],
    },
    "improving": {
        "title": "Things are looking up",
        "message": "Your recent days have been better than the ones before. Well done for keeping going.",
        "severity": Severity.INFO,
        "guidance": ["pain-mood-cycle", "staying-active"],
    },
}


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
    def patterns(self) -> list[Card]:
        """Every other card, for "What Mend noticed"."""
        return [card for card in self if not card.is_safety]


def _as_days(rows: Iterable) -> list[Day]:
    return [row if isinstance(row, Day) else row.as_day() for row in rows]


def load_rules() -> dict[str, PatternRule]:
    """Every rule with its published guidance pages, for ``noticed(..., rules=)``
    and ``lookback_days(rules)``: read once for a request that needs both, or
    cards for many patients (the clinician's list). Two queries, or none while
    this process's copy is fresh (see _RulesCache)."""
    ttl = settings.MEND_RULES_CACHE_SECONDS
    now = time.monotonic()
    if ttl and _rules_cache.rules is not None and now - _rules_cache.loaded_at < ttl:
        return _rules_cache.rules
    pages = GuidancePage.objects.published().only("slug", "title", "summary", "order").order_by("order", "title")
    rules = PatternRule.objects.prefetch_related(Prefetch("guidance", queryset=pages, to_attr="published_pages"))
    loaded = {rule.detector: rule for rule in rules}
    if ttl:
        _rules_cache.rules, _rules_cache.loaded_at = loaded, now
    return loaded


class _RulesCache:
    """Rules change only when an admin edits them, yet every home page reads
    them: each process keeps one copy for MEND_RULES_CACHE_SECONDS (in the
    load benchmark: two of the home page's five queries and a fifth of its
    time). An edit shows at once in the process that saved it (the signals
    below) and in the others within that many seconds."""

    rules: dict[str, PatternRule] | None = None
    loaded_at: float = 0.0


_rules_cache = _RulesCache()


def _forget_rules(**kwargs):
    _rules_cache.rules = None


for _model in (PatternRule, GuidancePage):
    post_save.connect(_forget_rules, sender=_model, dispatch_uid=f"guidance-rules-{_model.__name__}-save")
    post_delete.connect(_forget_rules, sender=_model, dispatch_uid=f"guidance-rules-{_model.__name__}-delete")
m2m_changed.connect(_forget_rules, sender=PatternRule.guidance.through, dispatch_uid="guidance-rules-links")


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
    """How many days up to "today" ``noticed()`` needs to be given for ``rules``
    (from ``load_rules()``): the widest window among the detectors that run,
    as admins have set it. Every detector looks only at its window.

    Reading exactly this many days keeps a widened window true to its words
    ("in the last 60 days"), and the clinician's list, which runs only the
    urgent rules, from reading a month per patient for three-day windows.
    """
    windows = []
    for key in {*_enabled(rules), *SAFETY_DETECTORS}:
        rule = rules.get(key)
        # Unusable settings run as the defaults, as in noticed().
        windows.append(validate_params(key, rule and _usable_params(rule))["window"])
    return max(windows)


def noticed(rows: Iterable, today: date, rules: dict[str, PatternRule] | None = None) -> Cards:
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
    """Put the "seek help now" page first on every safety card (one query at most).

    If that page was unpublished or deleted, safety cards point at the
    built-in help page instead, which no admin can edit away.
    """
    help_page = next(
        (page for card in cards for page in card.pages if page.slug == SEEK_HELP_SLUG),
        None,
    ) or GuidancePage.objects.published().only("slug", "title", "summary").filter(slug=SEEK_HELP_SLUG).first()
    help_url = help_page.get_absolute_url() if help_page else reverse("help")
    help_title = help_page.title if help_page else "Get help now"
    result = []
    for card in cards:
        if card.is_safety:
            others = tuple(page for page in card.pages if page.slug != SEEK_HELP_SLUG)
            pages = ((help_page,) if help_page else ()) + others
            card = replace(card, pages=pages, help_url=help_url, help_title=help_title)
        result.append(card)
    return result

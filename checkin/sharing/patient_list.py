"""The clinician's list of patients: who comes first, and what each row shows.

A row reads the page's patients only: their recent days (7-day means, urgent
cards), their questionnaires and reviews (unseen safety signals), in a fixed
number of queries whatever the page.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from checkin import access
from checkin.insights.cards import cards_for, lookback_days
from checkin.insights.patterns import REGISTRY
from checkin.insights.stats import mean
from checkin.models import PatientSummary, Severity, Share
from checkin.safety import reading, signals
from checkin.sharing import summaries

MEAN_DAYS = 7
# "Not checked in for a week or more": the list's filter.
QUIET_DAYS = 7
# The list's orders (?sort=): what each is called, first the default.
ORDERS = {
    "attention": "Needs attention first",
    "quiet": "Longest without a check-in first",
    "recent": "Latest check-in first",
    "pain": "Highest pain first (7 days)",
    "mood": "Lowest mood first (7 days)",
    "phq9": "Highest latest PHQ-9 first",
    "peg": "Highest latest PEG first",
    "name": "Name",
}
DEFAULT_ORDER = "attention"
# The list's column headings, each a link to its orders: (order, words, what the order does).
COLUMNS = tuple(
    tuple((key, words, ORDERS[key]) for key, words in column)
    for column in (
        (("name", "Patient"),),
        (("recent", "Last check-in"),),
        (("pain", "Pain (7 days)"),),
        (("mood", "Mood (7 days)"),),
        (("phq9", "PHQ-9"), ("peg", "PEG")),
        (("attention", "Needs attention"),),
    )
)


@dataclass(frozen=True)
class SharedFinding:
    """A card from guidance.cards_for() in a clinician's words."""

    detector: str
    label: str
    severity: str
    severity_label: str
    evidence: str
    pages: tuple


def for_clinician(cards) -> list[SharedFinding]:
    """The patient's cards, titled with the detector's neutral label rather than the
    words written to the patient ("You have had a very low day")."""
    return [
        SharedFinding(
            detector=card.detector,
            label=REGISTRY[card.detector].label,
            severity=card.severity,
            severity_label=Severity(card.severity).label,
            evidence=card.evidence,
            pages=card.pages,
        )
        for card in cards
    ]


@dataclass
class PatientRow:
    share: Share
    last_checkin: datetime.date | None
    phq9_band: str | None = None  # the latest PHQ-9's
    phq9_score: int | None = None
    peg_score: int | None = None
    mean_pain: float | None = None
    mean_mood: float | None = None
    signals: list = field(default_factory=list)  # unseen safety signals, most serious first
    urgent: list = field(default_factory=list)  # cards of rules an admin made urgent
    today: datetime.date | None = None  # the patient's

    @property
    def patient(self):
        return self.share.patient

    @property
    def quiet(self) -> bool:
        """No check-in for QUIET_DAYS or more (or none at all)."""
        return self.last_checkin is None or (self.today - self.last_checkin).days >= QUIET_DAYS


def ranked_shares(clinician, query: str = "", order: str = DEFAULT_ORDER, quiet: bool = False):
    """The clinician's active shares in ``order`` (ORDERS): by default unseen
    safety signals first (the most serious first), then urgent cards, then by
    last check-in. Filtered by name or email when ``query`` is given, and to
    those without a check-in for QUIET_DAYS or more when ``quiet``.

    Sorting reads each patient's stored summary (checkin/sharing/summaries.py),
    never their days, so it costs nearly the same for 50 patients or 5,000;
    only the 7-day pain and mood orders read each patient's last week.
    """
    shares = access.shares_with(clinician)
    # A summary's last days are in the patient's calendar: compared with
    # the day before the server's, so no time zone ends them early.
    still_on = timezone.now().date() - datetime.timedelta(days=1)
    signal_on = Q(patient__summary__signal_last__gte=reading.recent_window(still_on))
    shares = shares.select_related("patient__summary").annotate(
        rank=Case(
            *(
                When(signal_on & Q(patient__summary__signal_level=level), then=n)
                for n, level in enumerate(signals.LEVELS)
            ),
            When(patient__summary__urgent_until__gte=still_on, then=len(signals.LEVELS)),
            default=len(signals.LEVELS) + 1,
        )
    )
    if order in ("pain", "mood"):
        # Only this order reads days: each patient's last week, on the server's calendar.
        since = timezone.now().date() - datetime.timedelta(days=MEAN_DAYS - 1)
        shares = access.with_recent_mean(clinician, shares, order, since)
    latest = F("patient__summary__last_checkin")
    by_name = (Lower("patient__name"), "patient__email")
    shares = shares.order_by(
        *{
            "quiet": (latest.asc(nulls_first=True), *by_name),
            "recent": (latest.desc(nulls_last=True), *by_name),
            "pain": (F("recent_mean").desc(nulls_last=True), *by_name),
            "mood": (F("recent_mean").asc(nulls_last=True), *by_name),
            "phq9": (F("patient__summary__phq9_score").desc(nulls_last=True), *by_name),
            "peg": (F("patient__summary__peg_score").desc(nulls_last=True), *by_name),
            "name": by_name,
        }.get(order, ("rank", latest.desc(nulls_last=True), *by_name))
    )
    if quiet:
        # Counted on the server's calendar, which is within a day of each patient's.
        since = timezone.now().date() - datetime.timedelta(days=QUIET_DAYS - 1)
        shares = shares.filter(
            Q(patient__summary__isnull=True)
            | Q(patient__summary__last_checkin__isnull=True)
            | Q(patient__summary__last_checkin__lt=since)
        )
    if query:
        # A clinic number matches however it is spaced: "943 476 5919" or "9434765919".
        number = Replace("clinic_number", Value(" "), Value(""))
        shares = shares.alias(number=number).filter(
            Q(patient__name__icontains=query)
            | Q(patient__email__icontains=query)
            | Q(number__icontains=query.replace(" ", ""))
        )
    return shares


def rows(clinician, shares: list[Share]) -> list[PatientRow]:
    """The page's patients with their 7-day means, urgent cards and unseen
    safety signals: one read of their last days, and, for the patients whose
    summary says they have an unseen signal, one of their last 30 days and
    questionnaires (so a page of patients without one reads a week)."""
    if not shares:
        return []
    rules = summaries.pattern_rules()
    today = max(s.patient.today() for s in shares)
    earliest = min(s.patient.today() for s in shares)
    week_from = earliest - datetime.timedelta(days=max(MEAN_DAYS, lookback_days(rules)))
    days = access.checkins_of_shares(clinician, shares).filter(date__gte=week_from).days_by_patient()
    flagged = [share for share in shares if _has_unseen_signal(share, reading.recent_window(earliest))]
    found, reviews = {}, {}
    if flagged:
        window = reading.recent_window(earliest)
        read_from = window - datetime.timedelta(days=reading.RUN_CONTEXT_DAYS)
        their_days = access.checkins_of_shares(clinician, flagged).filter(date__gte=read_from).days_by_patient()
        answered = access.responses_of_shares(clinician, flagged).filter(date__gte=read_from, date__lte=today)
        found = reading.collect_many(their_days, reading.measures_by_patient(answered), window, today)
        reviews = reading.latest_reviews(share.patient_id for share in flagged)
    return [
        _row(share, days[share.patient_id], found.get(share.patient_id, []), reviews.get(share.patient_id), rules)
        for share in shares
    ]


def _has_unseen_signal(share: Share, kept_from: datetime.date) -> bool:
    summary = getattr(share.patient, "summary", None)
    return bool(summary and summary.signal_level and summary.signal_last and summary.signal_last >= kept_from)


def _row(share: Share, days: list, found: list, review, rules: dict) -> PatientRow:
    today = share.patient.today()
    days = [d for d in days if d.date <= today]
    week = [d for d in days if today - datetime.timedelta(days=MEAN_DAYS) < d.date]
    # None yet for a patient with no check-in or questionnaire at all.
    summary = getattr(share.patient, "summary", None) or PatientSummary()
    return PatientRow(
        share=share,
        last_checkin=summary.last_checkin,
        phq9_band=summary.phq9_band,
        phq9_score=summary.phq9_score,
        peg_score=summary.peg_score,
        mean_pain=mean(d.pain for d in week),
        mean_mood=mean(d.mood for d in week),
        signals=signals.unseen(found, review and review.seen_through, today),
        urgent=for_clinician(card for card in cards_for(days, today, rules) if card.severity == Severity.URGENT),
        today=today,
    )

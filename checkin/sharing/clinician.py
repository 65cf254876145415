"""The clinician's side: redeem an invitation, list sharing patients, read one patient.

Every page 404s for anyone who is not a clinician (checkin/access.py), and
every page showing one patient's data opens the share through
``access.open_share``, which writes the patient's access-log row.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, Q, When
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkin import access
from checkin.core.dates import medium_date
from checkin.core.ratelimit import REDEEM_PER_ADDRESS, REDEEM_PER_CLINICIAN, client_ip
from checkin.guidance.rules import load_rules
from checkin.insights.cards import SAME_AS_INSIGHT, lookback_days, noticed
from checkin.insights.patterns import REGISTRY
from checkin.insights.sentences import CLINICIAN
from checkin.insights.stats import mean
from checkin.insights.views import trends_context
from checkin.models import PatientSummary, Severity, Share, SignalReview
from checkin.questionnaires import responses
from checkin.safety import reading, signals
from checkin.sharing import summaries
from checkin.sharing.forms import RedeemForm

PATIENTS_PAGE_SIZE = 25
MEAN_DAYS = 7
RECENT_NOTES = 30
WRONG_CODE = (
    "Invitation code: this code does not work. It may be mistyped, already used, cancelled "
    "or more than 7 days old. Please ask the patient for a new one."
)
TOO_MANY_TRIES = "Too many codes that did not work. Please wait 15 minutes and try again."


# --- redeeming an invitation ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def redeem(request):
    clinician = request.user
    access.require_clinician(clinician)
    address = client_ip(request)  # the real client's address, also behind a proxy
    if request.method == "POST":
        form = RedeemForm(request.POST)
        limits = ((REDEEM_PER_CLINICIAN, clinician.pk), (REDEEM_PER_ADDRESS, address))
        if any(limit.is_over(value) for limit, value in limits):
            return render(
                request, "sharing/clinician/redeem.html", {"form": form, "blocked": TOO_MANY_TRIES}, status=429
            )
        if form.is_valid():
            # Counted before the code is tried, so simultaneous tries cannot
            # all slip in under the limit; a code that works is then forgiven.
            allowed = [limit.hit(value) for limit, value in limits]
            if not all(allowed):
                return render(
                    request, "sharing/clinician/redeem.html", {"form": form, "blocked": TOO_MANY_TRIES}, status=429
                )
            share = Share.objects.redeem(form.cleaned_data["code"], clinician)
            if share is not None:
                for limit, value in limits:
                    limit.forgive(value)
                messages.success(request, f"{share.patient.get_full_name()} now shares their Mend data with you.")
                return redirect("clinician_patient", share_id=share.pk)
            form.add_error("code", WRONG_CODE)
        return render(request, "sharing/clinician/redeem.html", {"form": form}, status=400)
    # The invitation link carries the code after "#" (never sent here): static/js/invite-code.js fills it in.
    form = RedeemForm()
    return render(request, "sharing/clinician/redeem.html", {"form": form})


# --- the list of patients ---------------------------------------------------


@dataclass(frozen=True)
class SharedFinding:
    """A card from guidance.noticed() in a clinician's words."""

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
    mean_pain: float | None = None
    mean_mood: float | None = None
    signals: list = field(default_factory=list)  # unseen safety signals, most serious first
    urgent: list = field(default_factory=list)  # cards of rules an admin made urgent
    today: datetime.date | None = None  # the patient's

    @property
    def patient(self):
        return self.share.patient


@login_required
@require_GET
def patient_list(request):
    """Every sharing patient, unseen safety signals first, then urgent cards,
    then by last check-in; searchable; in the same number of queries for 50
    patients or 5,000.

    Sorting reads each patient's stored summary (checkin/sharing/summaries.py),
    never their days; only the page's patients have their days read, in one
    query, for their means, signals and urgent cards.
    """
    clinician = request.user
    query = request.GET.get("q", "").strip()[:100]
    shares = access.shares_with(clinician)
    # A summary's last days are in the patient's calendar: compared with
    # the day before the server's, so no time zone ends them early.
    still_on = timezone.now().date() - datetime.timedelta(days=1)
    kept_from = reading.recent_window(still_on)
    signal_on = Q(patient__summary__signal_last__gte=kept_from)
    shares = (
        shares.select_related("patient__summary")
        .annotate(
            rank=Case(
                *(
                    When(signal_on & Q(patient__summary__signal_level=level), then=n)
                    for n, level in enumerate(signals.LEVELS)
                ),
                When(patient__summary__urgent_until__gte=still_on, then=len(signals.LEVELS)),
                default=len(signals.LEVELS) + 1,
            )
        )
        .order_by(
            "rank", F("patient__summary__last_checkin").desc(nulls_last=True), Lower("patient__name"), "patient__email"
        )
    )
    if query:
        shares = shares.filter(Q(patient__name__icontains=query) | Q(patient__email__icontains=query))
    page = Paginator(shares, PATIENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _rows(clinician, list(page.object_list))
    access.note_list_view(clinician, [row.share for row in page.object_list])
    context = {"page": page, "count": page.paginator.count, "query": query}
    return render(request, "sharing/clinician/patients.html", context)


def _rows(clinician, shares: list[Share]) -> list[PatientRow]:
    """The page's patients with their 7-day means, unseen signals and urgent
    cards, from one read of their recent days and one of their questionnaires."""
    if not shares:
        return []
    rules = summaries.pattern_rules()
    today = max(s.patient.today() for s in shares)
    earliest = min(s.patient.today() for s in shares)
    since = min(
        earliest - datetime.timedelta(days=max(MEAN_DAYS, lookback_days(rules))), reading.recent_window(earliest)
    )
    checkins = access.checkins_of_shares(clinician, shares)
    days = checkins.filter(date__gte=since).days_by_patient()
    found = reading.read_many(checkins, access.responses_of_shares(clinician, shares), since, today)
    reviews = reading.latest_reviews(share.patient_id for share in shares)
    return [
        _summary(share, days[share.patient_id], found.get(share.patient_id, []), reviews.get(share.patient_id), rules)
        for share in shares
    ]


def _summary(share: Share, days: list, found: list, review, rules: dict) -> PatientRow:
    today = share.patient.today()
    days = [d for d in days if d.date <= today]
    week = [d for d in days if today - datetime.timedelta(days=MEAN_DAYS) < d.date]
    # None yet for a patient with no check-in or questionnaire at all.
    summary = getattr(share.patient, "summary", None) or PatientSummary()
    return PatientRow(
        share=share,
        last_checkin=summary.last_checkin,
        phq9_band=summary.phq9_band,
        mean_pain=mean(d.pain for d in week),
        mean_mood=mean(d.mood for d in week),
        signals=signals.unseen(found, review and review.seen_through, today),
        urgent=for_clinician(card for card in noticed(days, today, rules) if card.severity == Severity.URGENT),
        today=today,
    )


# --- one patient --------------------------------------------------------------


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
        for card in noticed(rows, end, rules)
        if not card.is_safety and SAME_AS_INSIGHT.get(card.detector) not in stated
    ]
    return {"cards": for_clinician(cards), "pattern_days": days}


def signals_between(clinician, share, start, end) -> list:
    """The patient's safety signals from ``start`` to ``end``, read through the opened share."""
    return reading.read(access.shared_checkins(clinician, share), access.shared_responses(clinician, share), start, end)


@login_required
@require_GET
def patient_page(request, share_id):
    clinician = request.user
    share = access.open_share(clinician, share_id, what="looked at your trends and patterns")
    patient = share.patient
    today = patient.today()
    checkins = access.shared_checkins(clinician, share)
    trends = trends_context(
        checkins, access.shared_stored_totals(clinician, share), today, request.GET.get("days"), CLINICIAN
    )
    context = {
        "share": share,
        "patient": patient,
        "trends": trends,
        "scores": scores_context(clinician, share, trends),
        **cards_context(checkins, today, trends),
        **_signal_context(clinician, share, today),
        "notes": (
            list(checkins.exclude(note="").filter(date__lte=today).only("date", "note")[:RECENT_NOTES])
            if share.include_notes
            else None
        ),
        "today": today,
    }
    return render(request, "sharing/clinician/patient.html", context)


def _signal_context(clinician, share, today) -> dict:
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


@login_required
@require_POST
def signals_seen(request, share_id):
    """A clinician marks the patient's safety signals seen, up to the last day
    one was reported: they leave the top of every sharing clinician's list
    until one is reported on a later day. The patient reads it in their
    access log."""
    clinician = request.user
    seen = []

    def what(share):
        today = share.patient.today()
        seen.extend(signals_between(clinician, share, reading.recent_window(today), today))
        last = max((s.last for s in seen), default=None)
        return "saw your safety signals" + (f" of {medium_date(last)}" if last else "")

    share = access.open_share(clinician, share_id, what=what)
    if seen:
        SignalReview.objects.create(patient=share.patient, clinician=clinician, seen_through=max(s.last for s in seen))
    messages.success(request, f"Marked as seen. {share.patient.get_short_name()} can see that you did.")
    return redirect("clinician_patient", share_id=share.pk)


def scores_context(clinician, share, trends) -> dict:
    return responses.scores_context(
        access.shared_responses(clinician, share), trends["range_start"], trends["end"], trends["series"]
    )


@login_required
@require_GET
def safety_plan(request, share_id):
    """The patient's safety plan, only through a share that includes it (logged like every view)."""
    clinician = request.user
    share = access.open_share(clinician, share_id, what="read your safety plan", include_safety_plan=True)
    plan = access.shared_safety_plan(clinician, share)
    return render(request, "safety/shared_plan.html", {"share": share, "patient": share.patient, "plan": plan})

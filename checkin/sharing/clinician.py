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
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from checkin import access
from checkin.daily import exports
from checkin.guidance.rules import load_rules
from checkin.insights import charts
from checkin.insights.cards import SAME_AS_INSIGHT, lookback_days, noticed
from checkin.insights.patterns import REGISTRY
from checkin.insights.sentences import CLINICIAN
from checkin.insights.stats import mean
from checkin.insights.views import RANGES, trends_context
from checkin.models import PatientSummary, Severity, Share
from checkin.questionnaires import responses
from checkin.sharing import summaries
from checkin.sharing.forms import RedeemForm, ReportRangeForm
from checkin.web.dates import medium_date
from checkin.web.ratelimit import REDEEM_PER_ADDRESS, REDEEM_PER_CLINICIAN, client_ip

PATIENTS_PAGE_SIZE = 25
MEAN_DAYS = 7
RECENT_NOTES = 30
REPORT_NOTES = 5  # what fits beside the charts on one printed page, each shortened
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
            return render(request, "sharing/clinician/redeem.html", {"form": form, "blocked": TOO_MANY_TRIES}, status=429)
        if form.is_valid():
            # Counted before the code is tried, so simultaneous tries cannot
            # all slip in under the limit; a code that works is then forgiven.
            allowed = [limit.hit(value) for limit, value in limits]
            if not all(allowed):
                return render(request, "sharing/clinician/redeem.html", {"form": form, "blocked": TOO_MANY_TRIES}, status=429)
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
    self_harm: bool = False  # the latest PHQ-9's item 9 above "Not at all": urgent, first
    mean_pain: float | None = None
    mean_mood: float | None = None
    urgent: list = field(default_factory=list)

    @property
    def patient(self):
        return self.share.patient


@login_required
@require_GET
def patient_list(request):
    """Every sharing patient, urgent first, then by last check-in; searchable; in
    the same number of queries for 50 patients or 5,000.

    Sorting reads each patient's stored summary (checkin/sharing/summaries.py),
    never their days; only the page's patients have their days read, in one
    query, for their means and their urgent cards.
    """
    clinician = request.user
    query = request.GET.get("q", "").strip()[:100]
    shares = access.shares_with(clinician)
    # A summary's last urgent day is in the patient's calendar: compared with
    # the day before the server's, so no time zone ends it early.
    still_on = timezone.now().date() - datetime.timedelta(days=1)
    shares = shares.select_related("patient__summary").annotate(
        rank=Case(
            When(patient__summary__self_harm=True, then=0),
            When(patient__summary__urgent_until__gte=still_on, then=1),
            default=2,
        )
    ).order_by(
        "rank", F("patient__summary__last_checkin").desc(nulls_last=True), Lower("patient__name"), "patient__email"
    )
    if query:
        shares = shares.filter(Q(patient__name__icontains=query) | Q(patient__email__icontains=query))
    page = Paginator(shares, PATIENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _rows(clinician, list(page.object_list))
    access.note_list_view(clinician, [row.share for row in page.object_list])
    context = {"page": page, "count": page.paginator.count, "query": query}
    return render(request, "sharing/clinician/patients.html", context)


def _rows(clinician, shares: list[Share]) -> list[PatientRow]:
    """The page's patients with their 7-day means and urgent cards, from one read of their recent days."""
    if not shares:
        return []
    rules = summaries.urgent_rules()
    earliest = min(s.patient.today() for s in shares) - datetime.timedelta(days=max(MEAN_DAYS, lookback_days(rules)))
    days = access.checkins_of_shares(clinician, shares).filter(date__gte=earliest).days_by_patient()
    return [_summary(share, days[share.patient_id], rules) for share in shares]


def _summary(share: Share, days: list, rules: dict) -> PatientRow:
    today = share.patient.today()
    days = [d for d in days if d.date <= today]
    week = [d for d in days if today - datetime.timedelta(days=MEAN_DAYS) < d.date]
    # None yet for a patient with no check-in or questionnaire at all.
    summary = getattr(share.patient, "summary", None) or PatientSummary()
    return PatientRow(
        share=share,
        last_checkin=summary.last_checkin,
        phq9_band=summary.phq9_band,
        self_harm=summary.self_harm,
        mean_pain=mean(d.pain for d in week),
        mean_mood=mean(d.mood for d in week),
        urgent=for_clinician(card for card in noticed(days, today, rules) if card.severity == Severity.URGENT),
    )


# --- one patient --------------------------------------------------------------


def _cards(checkins, end: datetime.date, trends: dict) -> dict:
    """The patient's cards as of ``end``, and how many days up to it they cover;
    a finding the page's insights already state is left to the insight."""
    rules = load_rules()
    days = lookback_days(rules)
    rows = checkins.between(end - datetime.timedelta(days=days - 1), end)
    stated = {insight["kind"] for insight in trends["insights"]}
    cards = [card for card in noticed(rows, end, rules) if SAME_AS_INSIGHT.get(card.detector) not in stated]
    return {"cards": for_clinician(cards), "pattern_days": days}


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
        "scores": _scores(clinician, share, trends),
        **_cards(checkins, today, trends),
        "notes": (
            list(checkins.exclude(note="").filter(date__lte=today).only("date", "note")[:RECENT_NOTES])
            if share.include_notes
            else None
        ),
        "today": today,
    }
    return render(request, "sharing/clinician/patient.html", context)


def _scores(clinician, share, trends) -> dict:
    return responses.scores_context(
        access.shared_responses(clinician, share), trends["range_start"], trends["end"], trends["series"]
    )


# The report's lengths are the trends page's own ranges (one page fits 90
# days of weekly rows); the spreadsheet may take any of them.
REPORT_LENGTHS = {key: RANGES[key][0] for key in ("7", "30", "90")}
CSV_LENGTHS = {key: label for key, (label, _days) in RANGES.items()}


def open_with_range(request, share_id, lengths: dict, describe) -> tuple[Share, ReportRangeForm]:
    """Open the clinician's share, logging the view, and read the range asked for.

    The log's words depend on the range, and the range on the patient's
    calendar, so the form is built once ``access.open_share`` has the share;
    ``describe(form)`` gives the words."""
    forms = []

    def what(share):
        forms.append(ReportRangeForm(request.GET, today=share.patient.today(), lengths=lengths))
        return describe(forms[0])

    share = access.open_share(request.user, share_id, what=what)
    return share, forms[0]


def range_bounds(form) -> tuple[datetime.date | None, datetime.date]:
    """A valid range form's first day (None for "all") and last day."""
    days, end = form.cleaned_data["days"], form.cleaned_data["end"]
    count = RANGES[days][1]
    return (None if count is None else end - datetime.timedelta(days=count - 1)), end


def range_words(days: str, end: datetime.date) -> str:
    """"the 30 days up to 3 Mar 2026", as the patient reads it in their log."""
    count = RANGES[days][1]
    first = "everything" if count is None else f"the {count} days"
    return f"{first} up to {medium_date(end)}"


@login_required
@require_GET
def report(request, share_id):
    clinician = request.user

    def describe(form):
        return "opened a printable report of " + range_words(*form.range_or_default())

    share, form = open_with_range(request, share_id, REPORT_LENGTHS, describe)
    patient = share.patient
    days, end = form.range_or_default()
    checkins = access.shared_checkins(clinician, share)
    # The same builder as the patient's own trends page, ending on the chosen day.
    trends = trends_context(
        checkins.filter(date__lte=end), access.shared_stored_totals(clinician, share), end, days, CLINICIAN
    )
    context = {
        "share": share,
        "patient": patient,
        "form": form,
        "generated_at": timezone.now(),
        "trends": trends,
        **_cards(checkins, end, trends),
        "csv_query": f"days={days}&end={end.isoformat()}",
        "scores": _scores(clinician, share, trends),
        # Drawn on the server: on paper, charts exactly as wide as their column, with no script to wait for.
        "svg_charts": charts.report_charts(trends["series"]),
    }
    if share.include_notes:
        # The newest notes of the range, each shortened: the page must stay one sheet; the CSV has them all.
        notes = checkins.between(trends["start"], end).exclude(note="").order_by("-date")
        context["notes"] = list(notes.only("date", "note")[:REPORT_NOTES])
        context["more_notes"] = max(notes.count() - REPORT_NOTES, 0)
    context["red_flags"] = list(
        checkins.between(trends["start"], end).exclude(symptoms=[]).only("date", "symptoms")
    )
    return render(request, "sharing/clinician/report.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def report_csv(request, share_id):
    download = open_download(request, share_id, "a spreadsheet (CSV)")
    if download.errors:
        context = {"share": download.share, "errors": [e for errors in download.errors.values() for e in errors]}
        return render(request, "sharing/clinician/csv_error.html", context, status=400)
    return exports.csv_response(download.checkins, download.filename("csv"), include_notes=download.share.include_notes,
                                responses=download.responses)


@dataclass
class Download:
    """A clinician's download of a range (CSV, FHIR): the share, opened and
    logged, and the range's check-ins and responses, or the range's errors."""

    share: Share
    days: str = ""
    end: datetime.date | None = None
    checkins: object = None
    responses: object = None
    errors: dict = field(default_factory=dict)  # {field: [messages]}

    def filename(self, extension: str) -> str:
        name = slugify(self.share.patient.get_short_name())
        return f"mend-{name}-{self.days}-days-to-{self.end:%Y-%m-%d}.{extension}"


def open_download(request, share_id, noun: str) -> Download:
    """Opens the share for a download of ``noun`` ("a spreadsheet (CSV)"), logging it in the patient's words."""
    clinician = request.user

    def describe(form):
        if not form.is_valid():
            return f"asked for {noun} with dates that were not valid; nothing was sent"
        return f"downloaded {noun} of " + range_words(form.cleaned_data["days"], form.cleaned_data["end"])

    share, form = open_with_range(request, share_id, CSV_LENGTHS, describe)
    if not form.is_valid():
        return Download(share, errors={name: list(messages) for name, messages in form.errors.items()})
    start, end = range_bounds(form)
    checkins = access.shared_checkins(clinician, share).filter(date__lte=end)
    responses = access.shared_responses(clinician, share).filter(date__lte=end)
    if start is not None:
        checkins, responses = checkins.filter(date__gte=start), responses.filter(date__gte=start)
    return Download(share, form.cleaned_data["days"], end, checkins, responses)


@login_required
@require_GET
def safety_plan(request, share_id):
    """The patient's safety plan, only through a share that includes it (logged like every view)."""
    clinician = request.user
    share = access.open_share(clinician, share_id, what="read your safety plan", include_safety_plan=True)
    plan = access.shared_safety_plan(clinician, share)
    return render(request, "safety/shared_plan.html", {"share": share, "patient": share.patient, "plan": plan})
